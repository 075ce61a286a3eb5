/* Marks two regions: "three" around 3 console writes, entered twice, and
 * "none" around nothing; then an unbalanced end, which must be ignored.
 * --stats must attribute 2 entries and 6 console exits (+2 closing marks)
 * to "three". */
#include "macros.inc"

.macro mark sym
	phys \sym
	mov $VMM_PORT_MARK, %dx
	out %eax, %dx
.endm

.macro endmark
	xor %eax, %eax
	mov $VMM_PORT_MARK, %dx
	out %eax, %dx
.endm

	.text
	.globl _start
_start:
	mov $2, %r12d
2:	mark three
	mov $3, %ebx
1:	console desc
	dec %ebx
	jnz 1b
	endmark
	dec %r12d
	jnz 2b
	mark none
	endmark
	endmark
	xor %eax, %eax
	poweroff_eax

	.data
three:	.asciz "three"
none:	.asciz "none"
msg:	.ascii "x\n"
msg_end:
desc:	.quad msg - VMM_KERNEL_BASE
	.long msg_end - msg
	.long 0
