/*
 * void getpid_with_regs(unsigned long *v) (uarch.h): for ktest's check that
 * a system call preserves every register but rax.
 */
#include "syscall.h"

	.text
	.globl getpid_with_regs
	.type getpid_with_regs, @function
getpid_with_regs:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi
	mov %rdi, %rax
	mov 0(%rax), %rbx
	mov 8(%rax), %rcx
	mov 16(%rax), %rdx
	mov 24(%rax), %rsi
	mov 32(%rax), %rdi
	mov 40(%rax), %rbp
	mov 48(%rax), %r8
	mov 56(%rax), %r9
	mov 64(%rax), %r10
	mov 72(%rax), %r11
	mov 80(%rax), %r12
	mov 88(%rax), %r13
	mov 96(%rax), %r14
	mov 104(%rax), %r15
	mov $SYS_getpid, %eax
	int $SYSCALL_VECTOR
	xchg %rax, (%rsp) /* v back, the result on the stack */
	mov %rbx, 0(%rax)
	mov %rcx, 8(%rax)
	mov %rdx, 16(%rax)
	mov %rsi, 24(%rax)
	mov %rdi, 32(%rax)
	mov %rbp, 40(%rax)
	mov %r8, 48(%rax)
	mov %r9, 56(%rax)
	mov %r10, 64(%rax)
	mov %r11, 72(%rax)
	mov %r12, 80(%rax)
	mov %r13, 88(%rax)
	mov %r14, 96(%rax)
	mov %r15, 104(%rax)
	popq 112(%rax)
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
	.size getpid_with_regs, . - getpid_with_regs

/*
 * long fpu_hold(const void *in, void *out, const struct fpu_call *calls,
 *               long n) (uarch.h). A system call preserves every register
 * but rax, so r9-r11 carry the loop across the calls.
 */
	.text
	.globl fpu_hold
	.type fpu_hold, @function
fpu_hold:
	test %rdi, %rdi
	jz 1f
	fxrstor64 (%rdi)
1:	mov %rsi, %r10 /* out */
	mov %rdx, %r11 /* the next call */
	mov %rcx, %r9 /* calls left */
	xor %eax, %eax
	test %r9, %r9
	jle 3f
2:	mov 0(%r11), %rax
	mov 8(%r11), %rdi
	mov 16(%r11), %rsi
	int $SYSCALL_VECTOR
	add $24, %r11
	dec %r9
	jnz 2b
3:	fxsave64 (%r10)
	ret
	.size fpu_hold, . - fpu_hold

	.section .note.GNU-stack, "", @progbits
