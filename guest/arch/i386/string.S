/*
 * memcpy and memset, which the compiler may also call on its own (struct
 * copies): four bytes per step, then the rest. And memcmp, which the
 * compiler calls for a __builtin_memcmp it does not inline (on x86-64 it
 * inlines them all).
 */
	.text

/* void *memcpy(void *dst, const void *src, size_t n); no overlap */
	.globl	memcpy
memcpy:
	push	%esi
	push	%edi
	mov	12(%esp), %edi
	mov	16(%esp), %esi
	mov	20(%esp), %ecx
	mov	%edi, %eax
	mov	%ecx, %edx
	shr	$2, %ecx
	rep movsl
	mov	%edx, %ecx
	and	$3, %ecx
	rep movsb
	pop	%edi
	pop	%esi
	ret

/* void *memset(void *dst, int c, size_t n) */
	.globl	memset
memset:
	push	%edi
	mov	8(%esp), %edi
	movzbl	12(%esp), %eax
	imul	$0x01010101, %eax, %eax	/* c in every byte */
	mov	16(%esp), %ecx
	mov	%ecx, %edx
	shr	$2, %ecx
	rep stosl
	mov	%edx, %ecx
	and	$3, %ecx
	rep stosb
	mov	8(%esp), %eax
	pop	%edi
	ret

/* int memcmp(const void *a, const void *b, size_t n) */
	.globl	memcmp
memcmp:
	push	%esi
	push	%edi
	mov	12(%esp), %esi
	mov	16(%esp), %edi
	mov	20(%esp), %ecx
	xor	%eax, %eax		/* ZF set: equal, should n be 0 */
	repe cmpsb
	je	1f
	movzbl	-1(%esi), %eax
	movzbl	-1(%edi), %ecx
	sub	%ecx, %eax
1:	pop	%edi
	pop	%esi
	ret

	.section .note.GNU-stack, "", @progbits
