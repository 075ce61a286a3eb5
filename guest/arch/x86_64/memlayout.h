/*
 * Virtual memory (x86-64). The kernel: all RAM at VMM_DIRECT_BASE (the
 * direct map) and the first 2 GiB of RAM at VMM_KERNEL_BASE, where the
 * kernel image is linked, as the monitor maps them (vmm_abi.h); the kernel
 * keeps the monitor's boot tables as its own page table. A process: its
 * memory [0, sz) from virtual address 0, below USERTOP, and the kernel's
 * two PML4 slots above.
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#include <stdint.h>
#include "vmm_abi.h"

#define KERNEL_PML4 VMM_BOOT_PML4 /* physical address of the kernel's page table */

/* The local APIC's registers in xAPIC mode (a PC's default base), in the
 * direct map when the PVH boot maps them (pvh.c); the monitor's RAM never
 * reaches them, and under it the APIC is used in x2APIC mode. */
#define LAPIC_PHYS VMM_U64(0xFEE00000)

/* User memory lies below USERTOP: PML4 slot 0, 512 GiB. */
#define USERTOP VMM_U64(0x8000000000)

/* The physical address of a kernel virtual address (image or direct map). */
static inline uint64_t v2p(const void *va)
{
	uint64_t a = (uint64_t)va;

	return a >= VMM_KERNEL_BASE ? a - VMM_KERNEL_BASE : a - VMM_DIRECT_BASE;
}

/* The physical address of a direct-map address: for paths where every
 * address is one (pages and page tables), without v2p's test. */
static inline uint64_t direct_v2p(const void *va)
{
	return (uint64_t)va - VMM_DIRECT_BASE;
}

/* The direct-map address of physical address pa. */
static inline void *p2v(uint64_t pa)
{
	return (void *)(pa + VMM_DIRECT_BASE);
}

#endif
