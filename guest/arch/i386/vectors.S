/*
 * Trap entry (i386): the common path alltraps and one stub per vector,
 * each in its own 16-byte slot, so stub i is at vectors + 16*i (seg.c
 * points gate i there). A system call is `int $0x40` from user mode,
 * arriving as vector T_SYSCALL through a gate user mode may use.
 */
#include "mmu.h"

	.text

/* Build a struct trapframe (regs.h) and hand it to trap() (trap.c). The
 * trapped code's data segments are saved, and the kernel's loaded: user
 * mode may have left anything in DS and ES (a null selector, say). */
alltraps:
	push	%gs
	push	%fs
	push	%es
	push	%ds
	push	%eax
	push	%ebp
	push	%edi
	push	%esi
	push	%edx
	push	%ecx
	push	%ebx
	mov	$SEG_KDATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	cld			/* the C ABI wants DF clear; the trapped code may have set it */
	push	%esp
	call	trap
	add	$4, %esp
/* Return to the code a trap frame describes; also where a new process
 * starts its way to user mode (context.h). */
	.globl	trapret
trapret:
	pop	%ebx
	pop	%ecx
	pop	%edx
	pop	%esi
	pop	%edi
	pop	%ebp
	pop	%eax
	pop	%ds
	pop	%es
	pop	%fs
	pop	%gs
	add	$8, %esp	/* vector and error code */
	iret

/* The stubs. The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29
 * and 30; the other stubs push a 0, so every trap frame has one layout. */
	.balign	16
	.globl	vectors
vectors:
	.set	i, 0
	.rept	NVECTORS
	.balign	16
	.if !(i == 8 || (i >= 10 && i <= 14) || i == 17 || i == 21 || i == 29 || i == 30)
	pushl	$0
	.endif
	pushl	$i
	jmp	alltraps
	.set	i, i + 1
	.endr
	.balign	16
	.globl	vectors_end
vectors_end:

	.section .note.GNU-stack, "", @progbits
