/*
 * The hostile guest's first instructions: the monitor enters _start in long
 * mode at CPL0 with interrupts off, RDI = physical address of the boot
 * information and RSP = 0 (include/vmm_abi.h). The stack lies in .bss.
 */
#include "vmm_abi.h"

#define STACK_SIZE 16384

	.text
	.globl	_start
_start:
	lea	stack_top(%rip), %rsp
	movabs	$VMM_DIRECT_BASE, %rax
	add	%rax, %rdi
	call	hostile_main	/* does not return */

	.bss
	.balign	16
stack:
	.space	STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", @progbits
