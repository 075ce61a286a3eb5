/*
 * Marks a user program puts in its own code for the instruction counter
 * (the plugin, scripts/icount): regions of a program that runs on a kernel
 * other than ours, such as build/native-bench on Linux (scripts/icount
 * --linux), where there is no sys_mark.
 *
 * A mark is one NOP: `nopl DISP32(%rax)`, bytes 0F 1F 80 and a 32-bit
 * displacement whose high 16 bits are ICOUNT_MARK_MAGIC and whose low 16
 * are the mark's id. Id N (1 to ICOUNT_MARK_MAX) opens region N; id 0
 * closes the innermost open region. The plugin finds marks when it
 * translates user code and reads the id from the instruction's own bytes,
 * so it needs no guest register or memory.
 *
 * Why a NOP, and not a system call or a port write the plugin would watch:
 * it costs the kernel nothing (no system call, no exit, no kernel
 * instruction in or out of the region), it needs no privilege (a user
 * port write needs ioperm), and the program runs the same without the
 * counter, natively included: the CPU does nothing with it.
 */
#ifndef ICOUNT_MARK_H
#define ICOUNT_MARK_H

#define ICOUNT_MARK_MAGIC 0x1C0Au
#define ICOUNT_MARK_MAX   255
#define ICOUNT_MARK_BYTES 7

/* ICOUNT_MARK(id), id a constant: the mark, in place. */
#define ICOUNT_MARK(id)                                                                            \
	__asm__ volatile(                                                                          \
	    ".byte 0x0f, 0x1f, 0x80\n\t.long %c0" ::"i"((ICOUNT_MARK_MAGIC << 16) | (id))          \
	    : "memory")

#endif
