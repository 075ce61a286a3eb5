/* The guest kernel, an ELF64 x86-64 or an ELF32 i386 (Multiboot)
 * executable: validated with libelf, then copied into guest RAM. */
#ifndef VMM_KERNEL_ELF_H
#define VMM_KERNEL_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include "core/guest_mem.h"

#define KERNEL_MAX_SEGS 16

struct kernel_seg {
	uint64_t paddr, filesz, memsz;
	const uint8_t *data; /* filesz bytes inside the parsed buffer */
};

struct kernel {
	bool i386;       /* ELF32: entered by the Multiboot protocol (boot.h) */
	uint64_t entry;  /* virtual; physical for i386 */
	uint64_t vstart; /* the lowest virtual address of a segment: code below is user code */
	uint64_t end;    /* physical end of the highest segment, page aligned */
	int nseg;
	struct kernel_seg seg[KERNEL_MAX_SEGS];
};

/* Validates the ELF in buf[0, len) for a guest of ram_size bytes: ELF64
 * x86-64 or ELF32 i386 with a Multiboot header asking only for what the
 * monitor does, executable, every PT_LOAD inside RAM above the monitor's
 * area (and for x86-64 mapped at VMM_KERNEL_BASE + paddr), segments
 * disjoint, entry in an executable segment. Returns 0, or -1 after printing
 * why. */
int kernel_parse(const char *path, uint8_t *buf, uint64_t len, uint64_t ram_size, struct kernel *k);

/* Copies the segments into guest RAM (zeroing their .bss parts). */
int kernel_load(const struct kernel *k, struct guest_mem *m);

#endif
