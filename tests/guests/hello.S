/* Prints one line through the console and powers off with status 42. */
#include "macros.inc"

	.text
	.globl _start
_start:
	console desc
	mov $42, %eax
	poweroff_eax

	.data
msg:	.ascii "hello from the test guest\n"
msg_end:
desc:	.quad msg - VMM_KERNEL_BASE
	.long msg_end - msg
	.long 0xffffffff
