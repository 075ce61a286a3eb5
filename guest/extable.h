/*
 * The exception table: kernel instructions that may fault on purpose, each
 * with the address to resume at instead of panicking. They touch user memory
 * (usercopy.S; on x86-64 also the #UD decoding in vectors.S); checking every
 * page in advance would cost a page-table walk per page on every copy, while
 * a fault costs only when a user passes a bad pointer. trap.c consults the
 * table.
 */
#ifndef EXTABLE_H
#define EXTABLE_H

#ifdef __ASSEMBLER__
/* An entry: a fault at the instruction at insn resumes at fixup. .dc.a is
 * an address of the target's size, as the C side's unsigned long. */
#define EXTABLE(insn, fixup)                                                                       \
	.pushsection extable, "a";                                                                 \
	.balign __SIZEOF_POINTER__;                                                                \
	.dc.a insn, fixup;                                                                         \
	.popsection
#else
struct extable {
	unsigned long insn, fixup;
};

extern const struct extable extable_start[], extable_end[]; /* kernel.ld */
#endif

#endif
