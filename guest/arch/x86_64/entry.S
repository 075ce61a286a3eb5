/*
 * The kernel's first instructions. Per the boot protocol (vmm_abi.h) the
 * monitor enters _start in long mode at CPL0 with interrupts off,
 * RDI = physical address of struct vmm_boot_info and RSP = 0.
 */
#include "vmm_abi.h"

#define BOOTSTACK_SIZE 16384

	.text
	.globl	_start
_start:
	lea	bootstack_top(%rip), %rsp
	/* main(struct vmm_boot_info *bi): the block through the direct map */
	movabs	$VMM_DIRECT_BASE, %rax
	add	%rax, %rdi
	call	main	/* does not return; call keeps the ABI's stack alignment */

	.bss
	.balign	16
	.globl	bootstack_top
bootstack:
	.space	BOOTSTACK_SIZE
bootstack_top:

	.section .note.GNU-stack, "", @progbits
