/*
 * Copies to and from user memory. The caller (usercopy.c) has checked that
 * the user range lies inside the process; a page there may still be
 * missing (the guard page, a hole between segments) or read-only, and then
 * the fault resumes at the exception table's fixup, which returns -1.
 * Kernel mode may touch user pages: CR4.SMAP is off, and CR0.WP makes a
 * write to a read-only page fault as it would in user mode.
 */
#include "extable.h"

	.text

/* long copy_user(void *dst, const void *src, size_t n): 0, or -1 on a fault.
 * rep movsq moves 8 bytes per step; on kvm_pvm each step is emulated, so
 * bytes one at a time would cost 8 times as much. */
	.globl	copy_user
copy_user:
	mov	%rdx, %rcx
	shr	$3, %rcx
1:	rep movsq
	mov	%edx, %ecx
	and	$7, %ecx
2:	rep movsb
	xor	%eax, %eax
	ret
3:	mov	$-1, %rax
	ret
	EXTABLE(1b, 3b)
	EXTABLE(2b, 3b)

/* long copy_user_str(char *dst, const char *src, size_t max): copy a string
 * and its NUL, at most max bytes in all; its length, or -1 on a fault or
 * with no NUL within max bytes. */
	.globl	copy_user_str
copy_user_str:
	xor	%eax, %eax
1:	cmp	%rdx, %rax
	jae	3f
2:	movzbl	(%rsi,%rax), %ecx
	mov	%cl, (%rdi,%rax)
	test	%cl, %cl
	jz	4f
	inc	%rax
	jmp	1b
3:	mov	$-1, %rax
4:	ret
	EXTABLE(2b, 3b)

	.section .note.GNU-stack, "", @progbits
