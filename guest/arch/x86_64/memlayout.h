/*
 * Kernel virtual memory (x86-64), as the monitor maps it (vmm_abi.h):
 * all RAM at VMM_DIRECT_BASE (the direct map), and the first 2 GiB of RAM at
 * VMM_KERNEL_BASE, where the kernel image is linked.
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#include <stdint.h>
#include "vmm_abi.h"

/* The physical address of a kernel virtual address (image or direct map). */
static inline uint64_t v2p(const void *va)
{
	uint64_t a = (uint64_t)va;

	return a >= VMM_KERNEL_BASE ? a - VMM_KERNEL_BASE : a - VMM_DIRECT_BASE;
}

#endif
