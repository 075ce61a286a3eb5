/* Exactly five console writes, then power-off: a guest whose exits are
 * known, for checking --stats and --trace counts. */
#include "macros.inc"

	.text
	.globl _start
_start:
	mov $5, %ebx
1:	console desc
	dec %ebx
	jnz 1b
	xor %eax, %eax
	poweroff_eax

	.data
msg:	.ascii "line\n"
msg_end:
desc:	.quad msg - VMM_KERNEL_BASE
	.long msg_end - msg
	.long 0
