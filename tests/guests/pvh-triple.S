/* A kernel QEMU can start (a PVH note, as guest/arch/x86_64/pvh_entry.S
 * has) that faults at its first instruction with no IDT: a triple fault,
 * which scripts/qemu must report as a crash. */
#include "vmm_abi.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .pvhnote, "a", @note
	.p2align 2
	.long	4
	.long	8
	.long	XEN_ELFNOTE_PHYS32_ENTRY
	.asciz	"Xen"
	.quad	pvh_start - VMM_KERNEL_BASE

	.text
	.code32
pvh_start:
	lidt	idt_none - VMM_KERNEL_BASE
	ud2

	.p2align 3
idt_none:
	.short	0
	.long	0

	.code64
	.globl	_start
_start:
	ud2
