/* Drives the copy engine: fills a page, copies it, checks the result
 * through the direct map. Powers off with 0 when both took effect and the
 * monitor reported success, else 1. */
#include "macros.inc"

#define PAGE_A 0x400000
#define PAGE_B 0x401000

	.text
	.globl _start
_start:
	phys batch
	mov $VMM_PORT_COPY, %dx
	out %eax, %dx
	cmpl $VMM_STATUS_OK, batch + 4(%rip)
	jne 1f
	cmpl $2, batch + 8(%rip)
	jne 1f
	movabs $VMM_DIRECT_BASE + PAGE_B + 4095, %rax
	cmpb $0xc3, (%rax)
	jne 1f
	xor %eax, %eax
	poweroff_eax
1:	mov $1, %eax
	poweroff_eax

	.data
	.balign 8
batch:	.long 2, 0xffffffff, 0xffffffff, 0
	.long VMM_COPY_OP_FILL, 0
	.quad PAGE_A, 0xc3, 4096
	.long VMM_COPY_OP_COPY, 0
	.quad PAGE_B, PAGE_A, 4096
