/*
 * Trap entry: the common path alltraps, one stub per vector, and the IDT.
 *
 * Each stub sits in its own 16-byte slot, so stub i is at vectors + 16*i and
 * the IDT is complete at link time (kernel.ld computes the address fields):
 * no boot-time loop over 256 gates, at ~1 us per emulated instruction.
 */
#include "mmu.h"

/* The attribute bits of a gate's low quadword: interrupt gate (IF cleared
 * on entry), present, DPL 0, kernel code selector. */
#define GATE_INTR   ((SEG_KCODE << 16) | (0x8E << 40))
#define GATE_IST(n) ((n) << 32)

	.text

/* Build a struct trapframe (trap.h) and hand it to trap(). */
alltraps:
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rbp
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rbx
	push	%rax
	cld			/* the C ABI wants DF clear; the trapped code may have set it */
	mov	%rsp, %rdi
	call	trap
	pop	%rax
	pop	%rbx
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
	pop	%rbp
	pop	%r8
	pop	%r9
	pop	%r10
	pop	%r11
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	add	$16, %rsp	/* vector and error code */
	iretq

/* The stubs. The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29
 * and 30; the other stubs push a 0, so every trap frame has one layout. */
	.balign	4096
	.globl	vectors
vectors:
	.set	i, 0
	.rept	NVECTORS
	.balign	16
	.if !(i == 8 || (i >= 10 && i <= 14) || i == 17 || i == 21 || i == 29 || i == 30)
	pushq	$0
	.endif
	pushq	$i
	jmp	alltraps
	.set	i, i + 1
	.endr
	.balign	16
	.globl	vectors_end
vectors_end:

/* The IDT: one interrupt gate per stub. Double faults switch to their own
 * stack (IST), since a broken kernel stack is their usual cause. */
	.section .rodata
	.balign	16
	.globl	idt
idt:
	.set	i, 0
	.rept	NVECTORS
	.if i == 8
	.quad	idt_offset_lo + (i << 4) + GATE_INTR + GATE_IST(IST_DF)
	.else
	.quad	idt_offset_lo + (i << 4) + GATE_INTR
	.endif
	.quad	idt_offset_hi
	.set	i, i + 1
	.endr

	.section .note.GNU-stack, "", @progbits
