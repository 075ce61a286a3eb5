/* Runs about a second of emulated instructions between two console
 * writes, so a test can signal the monitor while the guest runs. */
#include "macros.inc"

	.text
	.globl _start
_start:
	console desc
	mov $600000, %ecx
1:	dec %ecx
	jnz 1b
	console desc
	xor %eax, %eax
	poweroff_eax

	.data
msg:	.ascii "tick\n"
msg_end:
desc:	.quad msg - VMM_KERNEL_BASE
	.long msg_end - msg
	.long 0
