/* Helpers for the tiny assembly test guests. They run with the monitor's
 * boot state (include/vmm_abi.h) and never set up a stack or an IDT. */
#include "vmm_abi.h"

/* rax = physical address of symbol sym */
.macro phys sym
	lea \sym(%rip), %rax
	movabs $VMM_KERNEL_BASE, %rcx
	sub %rcx, %rax
.endm

/* Writes the console descriptor at symbol desc. */
.macro console desc
	phys \desc
	mov $VMM_PORT_CONSOLE, %dx
	out %eax, %dx
.endm

/* Powers off with the status in eax. */
.macro poweroff_eax
	mov $VMM_PORT_POWEROFF, %dx
	out %eax, %dx
1:	hlt
	jmp 1b
.endm
