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
	mov	4(%esp), %eax
	mov	8(%esp), %edx
	push	%ebp
	push	%ebx
	push	%esi
	push	%edi
	mov	%esp, (%eax)
	mov	%edx, %esp
	pop	%edi
	pop	%esi
	pop	%ebx
	pop	%ebp
	ret

	.section .note.GNU-stack, "", @progbits
