/* A guest that spends its time in one function, hot_loop, for the
 * profiler test: calls it until 2^30 TSC cycles have passed (about 0.4 s
 * at 2.5 GHz), so the profiler's samples land there on any KVM, emulated
 * (kvm_pvm: a call is ~5,000 emulated instructions) or native. */
#include "macros.inc"

	.text
	.globl _start
_start:
	lea boot_stack_top(%rip), %rsp
	rdtsc
	shl $32, %rdx
	or %rax, %rdx
	mov %rdx, %r12		/* the start */
1:	call hot_loop
	rdtsc
	shl $32, %rdx
	or %rax, %rdx
	sub %r12, %rdx
	cmp $(1 << 30), %rdx
	jb 1b
	xor %eax, %eax
	poweroff_eax

	.globl hot_loop
	.type hot_loop, @function
hot_loop:
	mov $5000, %ecx
2:	dec %ecx
	jnz 2b
	ret
	.size hot_loop, . - hot_loop

	.bss
	.balign 16
	.space 4096
boot_stack_top:
