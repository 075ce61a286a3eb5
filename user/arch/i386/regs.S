/*
 * void getpid_with_regs(unsigned long *v) (uarch.h): for ktest's check that
 * a system call preserves every register but eax.
 */
#include "syscall.h"

	.text
	.globl getpid_with_regs
	.type getpid_with_regs, @function
getpid_with_regs:
	push %ebx
	push %esi
	push %edi
	push %ebp
	mov 20(%esp), %eax
	push %eax
	mov 0(%eax), %ebx
	mov 4(%eax), %ecx
	mov 8(%eax), %edx
	mov 12(%eax), %esi
	mov 16(%eax), %edi
	mov 20(%eax), %ebp
	mov $SYS_getpid, %eax
	int $SYSCALL_VECTOR
	xchg %eax, (%esp) /* v back, the result on the stack */
	mov %ebx, 0(%eax)
	mov %ecx, 4(%eax)
	mov %edx, 8(%eax)
	mov %esi, 12(%eax)
	mov %edi, 16(%eax)
	mov %ebp, 20(%eax)
	popl 24(%eax)
	pop %ebp
	pop %edi
	pop %esi
	pop %ebx
	ret
	.size getpid_with_regs, . - getpid_with_regs

/*
 * long fpu_hold(const void *in, void *out, const struct fpu_call *calls,
 *               long n) (uarch.h). A system call preserves every register
 * but eax, so esi, edi and ebp carry the loop across the calls.
 */
	.text
	.globl fpu_hold
	.type fpu_hold, @function
fpu_hold:
	push %ebx
	push %esi
	push %edi
	push %ebp
	mov 20(%esp), %eax /* in */
	test %eax, %eax
	jz 1f
	fxrstor (%eax)
1:	mov 24(%esp), %edi /* out */
	mov 28(%esp), %esi /* the next call */
	mov 32(%esp), %ebp /* calls left */
	xor %eax, %eax
	test %ebp, %ebp
	jle 3f
2:	mov 0(%esi), %eax
	mov 4(%esi), %ebx
	mov 8(%esi), %ecx
	int $SYSCALL_VECTOR
	add $12, %esi
	dec %ebp
	jnz 2b
3:	fxsave (%edi)
	pop %ebp
	pop %edi
	pop %esi
	pop %ebx
	ret
	.size fpu_hold, . - fpu_hold

	.section .note.GNU-stack, "", @progbits
