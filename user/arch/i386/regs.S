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

	.section .note.GNU-stack, "", @progbits
