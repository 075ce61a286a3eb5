/* Hands the console hostile descriptors. The monitor must survive each and
 * report the right status. Powers off with 0 when every status is right,
 * else with the number (1-3) of the first wrong one. */
#include "macros.inc"

	.text
	.globl _start
_start:
	console outside            /* buffer past the end of RAM */
	cmpl $VMM_STATUS_EFAULT, outside + 12(%rip)
	jne 1f
	console huge               /* longer than VMM_CONSOLE_MAX */
	cmpl $VMM_STATUS_EINVAL, huge + 12(%rip)
	jne 2f
	console wrapping           /* address + length wraps around 2^64 */
	cmpl $VMM_STATUS_EFAULT, wrapping + 12(%rip)
	jne 3f
	mov $0xfffffff0, %eax      /* descriptor itself outside RAM: ignored */
	mov $VMM_PORT_CONSOLE, %dx
	out %eax, %dx
	xor %eax, %eax
	poweroff_eax
1:	mov $1, %eax
	poweroff_eax
2:	mov $2, %eax
	poweroff_eax
3:	mov $3, %eax
	poweroff_eax

	.data
outside:  .quad 0x7ffffff0000
	  .long 16, 0xffffffff
huge:	  .quad 0x200000
	  .long 0x7fffffff, 0xffffffff
wrapping: .quad 0xfffffffffffffff0
	  .long 0x20, 0xffffffff
