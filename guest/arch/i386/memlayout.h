/*
 * Virtual memory (i386). The kernel: physical memory from 0 at KERNBASE (the
 * direct map, 4 MiB pages), where the kernel image is linked too; the
 * kernel's page directory is kernel_pgdir (entry.S), built at assembly
 * time. A process: its memory [0, sz) from virtual address 0, below
 * USERTOP, and the kernel's entries above, copied from kernel_pgdir.
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#include "mmu.h"
#include "vmm_abi.h"

#define KERNBASE 0x80000000          /* in C, an unsigned int: no suffix, so assembly can use it */
#define USERTOP  VMM_U64(0x80000000) /* user memory: the low 2 GiB */
/* The RAM the direct map reaches: up to virtual 0xF0000000, leaving the top
 * 256 MiB of the address space free. The kernel uses no RAM above. */
#define PHYS_TOP 0x70000000

/* The local APIC's registers in xAPIC mode (a PC's default base), for QEMU's
 * TCG, which has no x2APIC: mapped at their physical address by the kernel's
 * page directory (entry.S), uncached. The monitor uses x2APIC mode. */
#define LAPIC_PHYS 0xFEE00000
#define LAPIC_VA   LAPIC_PHYS

#ifndef __ASSEMBLER__
#include <stdint.h>

extern pte_t kernel_pgdir[PT_ENTRIES]; /* entry.S */

/* The physical address of a kernel virtual address. */
static inline uint64_t v2p(const void *va)
{
	return (uintptr_t)va - KERNBASE;
}

/* The same for a direct-map address: on i386 every kernel address is one. */
static inline uint64_t direct_v2p(const void *va)
{
	return (uintptr_t)va - KERNBASE;
}

/* The direct-map address of physical address pa. */
static inline void *p2v(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + KERNBASE);
}

/* The kernel-image address of physical pa: the direct map's, on i386. */
#define KIMAGE(pa) ((void *)(KERNBASE + (pa)))

/* A kernel object's address as vmm_abi.h's records give it:
 * VMM_KERNEL_BASE + physical, whatever the architecture. */
static inline uint64_t abi_kimage_addr(const void *va)
{
	return VMM_KERNEL_BASE + v2p(va);
}

/* The physical address of the kernel's page directory, for kvm_switch. */
#define KERNEL_ROOT v2p(kernel_pgdir)

/* The kernel's part of a new address space: the page-directory entries
 * from KERNBASE up, which point at no table of their own (4 MiB pages), so
 * copying them shares the kernel's mappings. */
static inline void kernel_map_share(pte_t *root)
{
	__builtin_memcpy(root + PX(1, KERNBASE), kernel_pgdir + PX(1, KERNBASE),
	                 (PT_ENTRIES - PX(1, KERNBASE)) * sizeof(pte_t));
}

/* Undo kernel_map_share before root goes back to the pool of zeroed
 * tables. */
static inline void kernel_map_unshare(pte_t *root)
{
	__builtin_memset(root + PX(1, KERNBASE), 0, (PT_ENTRIES - PX(1, KERNBASE)) * sizeof(pte_t));
}
#endif

#endif
