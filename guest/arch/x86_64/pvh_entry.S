/*
 * The PVH entry: how QEMU's -kernel starts this kernel. QEMU reads the
 * entry's physical address from the ELF note below and jumps there in
 * 32-bit protected mode with paging off and EBX = the physical address of
 * a struct hvm_start_info (pvh.h). ./vmm never comes here: it enters
 * _start (entry.S) in long mode, which is also all kvm_pvm can run.
 *
 * This code builds temporary page tables in the .bss that map the first
 * GiB of RAM three times: at 0 (for the next few instructions, run at
 * physical addresses), at VMM_DIRECT_BASE and at VMM_KERNEL_BASE; turns on
 * long mode with the boot protocol's control-register values
 * (boot_tables.h); and calls pvh_main (pvh.c) at its kernel address, which
 * builds the boot protocol's state and joins _start.
 */
#include "boot_tables.h"
#include "pvh.h"

/* The physical address of a kernel-image symbol. */
#define PHYS(sym) ((sym) - VMM_KERNEL_BASE)

#define PTE_TABLE (BOOT_PTE_P | BOOT_PTE_W | BOOT_PTE_A)
#define PTE_2MIB  (PTE_TABLE | BOOT_PTE_D | BOOT_PTE_PS)

	/* Name "Xen", type XEN_ELFNOTE_PHYS32_ENTRY, the address in 8 bytes
	 * (older QEMUs read 8, newer ones 4: the high half is 0). */
	.section .note.pvh, "a"
	.p2align 2
	.long	4
	.long	8
	.long	XEN_ELFNOTE_PHYS32_ENTRY
	.asciz	"Xen"
	.quad	PHYS(pvh_start)

	.text
	.code32
	.globl	pvh_start
pvh_start:
	cli
	cld
	mov	%ebx, %esi			/* hvm_start_info, kept for pvh_main */
	lgdt	PHYS(pvh_gdtr)
	mov	$VMM_SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs

	/* One page directory of 2 MiB pages for the first GiB. */
	mov	$PHYS(pvh_pd), %edi
	mov	$PTE_2MIB, %eax
	mov	$512, %ecx
1:	mov	%eax, (%edi)
	add	$BOOT_MIB2, %eax
	add	$8, %edi
	loop	1b
	/* One PDPT: slot 0 (the first GiB, at 0 and in the direct map) and the
	 * kernel map's slot 510; PML4 slots 0, 256 (direct) and 511 (kernel). */
	mov	$PHYS(pvh_pd) + PTE_TABLE, %eax
	mov	%eax, PHYS(pvh_pdpt)
	mov	%eax, PHYS(pvh_pdpt) + ((VMM_KERNEL_BASE >> 30) & 511) * 8
	mov	$PHYS(pvh_pdpt) + PTE_TABLE, %eax
	mov	%eax, PHYS(pvh_pml4)
	mov	%eax, PHYS(pvh_pml4) + ((VMM_DIRECT_BASE >> 39) & 511) * 8
	mov	%eax, PHYS(pvh_pml4) + ((VMM_KERNEL_BASE >> 39) & 511) * 8

	/* Long mode: PAE, the tables, EFER.LME (and NXE), then paging. */
	mov	$BOOT_CR4, %eax
	mov	%eax, %cr4
	mov	$PHYS(pvh_pml4), %eax
	mov	%eax, %cr3
	mov	$BOOT_MSR_EFER, %ecx
	rdmsr
	or	$(BOOT_EFER_LME | BOOT_EFER_NXE), %eax
	wrmsr
	mov	$BOOT_CR0, %eax
	mov	%eax, %cr0
	ljmp	$VMM_SEL_CODE64, $PHYS(pvh_long)

	.code64
pvh_long:
	movabs	$bootstack_top, %rsp
	mov	%esi, %edi
	movabs	$pvh_main, %rax
	call	*%rax				/* does not return */

	.section .rodata
	.p2align 3
pvh_gdt:
	.quad	0, BOOT_GDT_CODE64, BOOT_GDT_DATA
pvh_gdtr:
	.short	BOOT_GDT_ENTRIES * 8 - 1
	.long	PHYS(pvh_gdt)

	.bss
	.p2align 12
pvh_pml4:
	.space	4096
pvh_pdpt:
	.space	4096
pvh_pd:
	.space	4096

	.section .note.GNU-stack, "", @progbits
