/* A guest that spends its time in one function, hot_loop, for the
 * profiler test: about 200,000 emulated instructions. */
#include "macros.inc"

	.text
	.globl _start
_start:
	mov $20, %r12d
	lea boot_stack_top(%rip), %rsp
1:	call hot_loop
	dec %r12d
	jnz 1b
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
