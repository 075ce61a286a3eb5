/*
 * memcpy and memset, which the compiler may also call on its own (struct
 * copies). rep movsq/stosq move 8 bytes per step: on kvm_pvm each step is an
 * emulated instruction, so the byte forms would cost 8 times as much.
 */
	.text

/* void *memcpy(void *dst, const void *src, size_t n); no overlap */
	.globl	memcpy
memcpy:
	mov	%rdi, %rax
	mov	%rdx, %rcx
	shr	$3, %rcx
	rep movsq
	mov	%edx, %ecx
	and	$7, %ecx
	rep movsb
	ret

/* void *memset(void *dst, int c, size_t n) */
	.globl	memset
memset:
	mov	%rdi, %r8
	movzbl	%sil, %eax
	movabs	$0x0101010101010101, %rcx
	imul	%rcx, %rax		/* c in every byte */
	mov	%rdx, %rcx
	shr	$3, %rcx
	rep stosq
	mov	%edx, %ecx
	and	$7, %ecx
	rep stosb
	mov	%r8, %rax
	ret

	.section .note.GNU-stack, "", @progbits
