/* Reads and writes an unclaimed port: the read must give all ones.
 * Powers off with 0 if it did, 1 if not. */
#include "macros.inc"

	.text
	.globl _start
_start:
	mov $0x1234, %dx
	in %dx, %eax
	mov %eax, %ebx
	mov $0x77, %al
	out %al, %dx
	xor %eax, %eax
	cmp $0xffffffff, %ebx
	setne %al
	poweroff_eax
