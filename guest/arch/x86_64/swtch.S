/*
 * void swtch(struct context **old, struct context *new)
 *
 * Save the callee-saved registers on the current stack, store the stack
 * pointer (now a struct context, regs.h) in *old, and resume the thread
 * whose context is new. The C ABI makes the caller save everything else.
 */
	.text
	.globl	swtch
swtch:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

	.section .note.GNU-stack, "", @progbits
