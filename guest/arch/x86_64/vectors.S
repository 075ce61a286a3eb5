/*
 * Trap entry: the common path alltraps, one stub per vector, and the IDT.
 *
 * Each stub sits in its own 16-byte slot, so stub i is at vectors + 16*i and
 * the IDT is complete at link time (kernel.ld computes the address fields):
 * no boot-time loop over 256 gates, at ~1 us per emulated instruction.
 *
 * System calls come in two ways (syscall.h): as vector T_SYSCALL, a gate
 * user mode may use, on hardware KVM; and as #UD at the `int` instruction on
 * kvm_pvm, which udtrap turns into the same trap frame. Either way the path
 * is these stubs, alltraps, trap() and trapret: every instruction on it is
 * emulated on kvm_pvm, so it stays short.
 */
#include "mmu.h"
#include "trap.h"
#include "extable.h"

/* The attribute bits of a gate's low quadword: interrupt gate (IF cleared
 * on entry), present, DPL 0, kernel code selector. */
#define GATE_INTR   ((SEG_KCODE << 16) | (0x8E << 40))
#define GATE_IST(n) ((n) << 32)
#define GATE_DPL(n) ((n) << 45)

	.text

/* Build a struct trapframe (regs.h) and hand it to trap() (trap.c). */
alltraps:
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%rbp
	push	%rbx
	push	%rax
	push	%r9
	push	%r8
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	cld			/* the C ABI wants DF clear; the trapped code may have set it */
	mov	%rsp, %rdi
	call	trap
/* Return to the code a trap frame describes; also where a new process
 * starts its way to user mode (context.h). */
	.globl	trapret
trapret:
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%r8
	pop	%r9
	pop	%rax
	pop	%rbx
	pop	%rbp
	pop	%r10
	pop	%r11
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	add	$16, %rsp	/* vector and error code */
	iretq

/*
 * #UD. From user mode at the two bytes cd 40 (`int $0x40`) it is a system
 * call on kvm_pvm: resume after the instruction, as the int would, with the
 * frame of vector T_SYSCALL. The load of those bytes may fault (RIP at the
 * last byte of the user's memory); the exception table then sends it here
 * as an ordinary #UD.
 */
udtrap:
	testb	$3, 8(%rsp)		/* CS: from user mode? */
	jz	2f
	push	%rax
	mov	8(%rsp), %rax		/* the user's RIP */
1:	cmpw	$0x40cd, (%rax)
	jne	3f
	add	$2, %rax
	mov	%rax, 8(%rsp)
	pop	%rax
	pushq	$0
	pushq	$T_SYSCALL
	jmp	alltraps
3:	pop	%rax
2:	pushq	$0
	pushq	$T_UD
	jmp	alltraps
	EXTABLE(1b, 3b)

/* The stubs. The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29
 * and 30; the other stubs push a 0, so every trap frame has one layout. */
	.balign	4096
	.globl	vectors
vectors:
	.set	i, 0
	.rept	NVECTORS
	.balign	16
	.if i == T_UD
	jmp	udtrap
	.else
	.if !(i == 8 || (i >= 10 && i <= 14) || i == 17 || i == 21 || i == 29 || i == 30)
	pushq	$0
	.endif
	pushq	$i
	jmp	alltraps
	.endif
	.set	i, i + 1
	.endr
	.balign	16
	.globl	vectors_end
vectors_end:

/* The IDT: one interrupt gate per stub. Double faults switch to their own
 * stack (IST), since a broken kernel stack is their usual cause; the
 * system-call gate is open to user mode. */
	.section .rodata
	.balign	16
	.globl	idt
idt:
	.set	i, 0
	.rept	NVECTORS
	.if i == 8
	.quad	idt_offset_lo + (i << 4) + GATE_INTR + GATE_IST(IST_DF)
	.elseif i == T_SYSCALL
	.quad	idt_offset_lo + (i << 4) + GATE_INTR + GATE_DPL(DPL_USER)
	.else
	.quad	idt_offset_lo + (i << 4) + GATE_INTR
	.endif
	.quad	idt_offset_hi
	.set	i, i + 1
	.endr

	.section .note.GNU-stack, "", @progbits
