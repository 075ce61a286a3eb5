/*
 * The kernel's first instructions (i386). A Multiboot loader (the monitor,
 * or qemu-system-i386 -kernel) enters _start, a physical address, in 32-bit
 * protected mode with paging off, interrupts off, EAX = the Multiboot magic
 * and EBX = the physical address of the Multiboot information; ESP is
 * undefined. This turns paging on with kernel_pgdir and continues at the
 * kernel's linked (virtual) addresses in multiboot_main (multiboot.c).
 */
#include "memlayout.h"
#include "multiboot.h"

#define MB_FLAGS       (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)
#define BOOTSTACK_SIZE 16384
#define DIRECT_PDES    (PHYS_TOP >> PDE_SHIFT) /* 4 MiB pages of the direct map */
#define PDE_KERNEL     (PTE_P | PTE_W | PTE_PS | PTE_A | PTE_D)
#define PDE_DEVICE     (PDE_KERNEL | PTE_PWT | PTE_PCD)
#define LAPIC_PDE      (LAPIC_PHYS >> PDE_SHIFT)

/* The Multiboot header: the linker script puts it first in the image. */
	.section .multiboot, "a"
	.balign	4
	.long	MULTIBOOT_HEADER_MAGIC, MB_FLAGS, -(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)

	.text
	.globl	_start
	_start = entry - KERNBASE	/* the ELF entry point: physical */
entry:
	/* 4 MiB pages; SSE for user mode, its registers kept per process
	 * (FXSAVE), its exceptions as #XM: what the x86-64 boot protocol
	 * gives that kernel. */
	mov	%cr4, %ecx
	or	$(CR4_PSE | CR4_OSFXSR | CR4_OSXMMEXCPT), %ecx
	mov	%ecx, %cr4
	mov	$(kernel_pgdir - KERNBASE), %ecx
	mov	%ecx, %cr3
	/* x87 and SSE run without traps (EM, TS clear), x87 errors as #MF */
	mov	%cr0, %ecx
	and	$~(CR0_EM | CR0_TS), %ecx
	or	$(CR0_PG | CR0_WP | CR0_MP | CR0_NE), %ecx
	mov	%ecx, %cr0
	mov	$high, %ecx		/* to the linked addresses */
	jmp	*%ecx
high:
	/* The identity map of the first 4 MiB was only for the jump: gone, a
	 * NULL dereference faults. */
	movl	$0, kernel_pgdir
	mov	$(kernel_pgdir - KERNBASE), %ecx
	mov	%ecx, %cr3
	mov	$bootstack_top, %esp
	push	%ebx
	push	%eax
	call	multiboot_main		/* does not return */

/*
 * The kernel's page directory, complete at assembly time: virtual KERNBASE
 * + p maps physical p for p below PHYS_TOP, in 4 MiB pages (accessed and
 * dirty preset, so the CPU never writes them back), and the 4 MiB holding
 * the local APIC's registers map themselves, uncached; during boot, entry 0
 * maps the first 4 MiB at virtual 0 too. Processes copy the upper half.
 */
	.data
	.balign	PGSIZE
	.globl	kernel_pgdir
kernel_pgdir:
	.long	PDE_KERNEL
	.fill	(KERNBASE >> PDE_SHIFT) - 1, 4, 0
	.set	pde, 0
	.rept	DIRECT_PDES
	.long	(pde << PDE_SHIFT) | PDE_KERNEL
	.set	pde, pde + 1
	.endr
	.fill	LAPIC_PDE - (KERNBASE >> PDE_SHIFT) - DIRECT_PDES, 4, 0
	.long	(LAPIC_PDE << PDE_SHIFT) | PDE_DEVICE
	.fill	PT_ENTRIES - LAPIC_PDE - 1, 4, 0

	.bss
	.balign	16
	.globl	bootstack_top
bootstack:
	.space	BOOTSTACK_SIZE
bootstack_top:

	.section .note.GNU-stack, "", @progbits
