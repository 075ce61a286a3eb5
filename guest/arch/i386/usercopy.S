/*
 * Copies to and from user memory (i386). The caller (usercopy.c) has
 * checked that the user range lies inside the process; a page there may
 * still be missing (the guard page, a hole between segments) or read-only,
 * and then the fault resumes at the exception table's fixup, which returns
 * -1. CR0.WP makes a kernel write to a read-only page fault as it would in
 * user mode.
 */
#include "extable.h"

	.text

/* long copy_user(void *dst, const void *src, size_t n): 0, or -1 on a fault. */
	.globl	copy_user
copy_user:
	push	%esi
	push	%edi
	mov	12(%esp), %edi
	mov	16(%esp), %esi
	mov	20(%esp), %ecx
	mov	%ecx, %edx
	shr	$2, %ecx
1:	rep movsl
	mov	%edx, %ecx
	and	$3, %ecx
2:	rep movsb
	xor	%eax, %eax
	jmp	4f
3:	mov	$-1, %eax
4:	pop	%edi
	pop	%esi
	ret
	EXTABLE(1b, 3b)
	EXTABLE(2b, 3b)

/* long copy_user_str(char *dst, const char *src, size_t max): copy a string
 * and its NUL, at most max bytes in all; its length, or -1 on a fault or
 * with no NUL within max bytes. */
	.globl	copy_user_str
copy_user_str:
	push	%esi
	push	%edi
	mov	12(%esp), %edi
	mov	16(%esp), %esi
	mov	20(%esp), %edx
	xor	%eax, %eax
1:	cmp	%edx, %eax
	jae	3f
2:	movzbl	(%esi,%eax), %ecx
	mov	%cl, (%edi,%eax)
	test	%cl, %cl
	jz	4f
	inc	%eax
	jmp	1b
3:	mov	$-1, %eax
4:	pop	%edi
	pop	%esi
	ret
	EXTABLE(2b, 3b)

	.section .note.GNU-stack, "", @progbits
