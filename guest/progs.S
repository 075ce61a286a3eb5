/*
 * The user programs the kernel carries, as a table of struct prog
 * (init.c): name, start and end of the ELF file. guest.mk generates
 * progs.inc, one `PROG name, path` line per program user/user.mk builds.
 */
	.macro	PROG name, path
	.section .rodata.progfiles, "a"
	.balign	16
1:	.incbin	"\path"
2:
	.section .rodata.prognames, "a"
3:	.asciz	"\name"
	.section .rodata.progs, "a"
	.dc.a	3b, 1b, 2b
	.endm

	.section .rodata.progs, "a"
	.balign	8
	.globl	progs
progs:
#include "progs.inc"
	.section .rodata.progs, "a"
	.globl	progs_end
progs_end:

	.section .note.GNU-stack, "", @progbits
