/*
 * The exception table: kernel instructions that may fault on purpose, each
 * with the address to resume at instead of panicking. They touch user memory
 * (usercopy.S); checking every page in advance would cost a page-table walk
 * per page on every copy, while a fault costs only when a user passes a bad
 * pointer. trap.c consults the table.
 */
#ifndef EXTABLE_H
#define EXTABLE_H

#ifdef __ASSEMBLER__
/* An entry: a fault at the instruction at insn resumes at fixup. */
#define EXTABLE(insn, fixup)                                                                       \
	.pushsection extable, "a";                                                                 \
	.balign 4;                                                                                 \
	.long insn, fixup;                                                                         \
	.popsection
#else
#include <stdint.h>

struct extable {
	uint32_t insn, fixup;
};

extern const struct extable extable_start[], extable_end[]; /* kernel.ld */
#endif

#endif
