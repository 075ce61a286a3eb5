/*
 * i386 segmentation and paging: the kernel's GDT selectors (seg.c),
 * descriptor encodings and page-table entries. Included by assembly too, so
 * the C-only parts are fenced.
 */
#ifndef MMU_H
#define MMU_H

/* Selectors, in the same slots as on x86-64. */
#define SEG_KCODE 0x08
#define SEG_KDATA 0x10
#define SEG_UDATA 0x18
#define SEG_UCODE 0x20
#define SEG_TSS   0x28

#define DPL_USER 3

#define NVECTORS 256 /* IDT gates, all present (seg.c) */

#define PGSIZE  4096
#define PGSHIFT 12

/* Page-table entry bits. */
#define PTE_P   0x001 /* present */
#define PTE_W   0x002 /* writable */
#define PTE_U   0x004 /* user */
#define PTE_PWT 0x008 /* write-through */
#define PTE_PCD 0x010 /* cache disabled */
#define PTE_A   0x020 /* accessed */
#define PTE_D   0x040 /* dirty */
#define PTE_PS  0x080 /* in a page directory: a 4 MiB page (CR4.PSE) */
#define PTE_NX  0     /* classic paging has no no-execute bit */

#define PDE_SHIFT 22 /* a page-directory entry maps 4 MiB */

/*
 * Two-level paging. Level 1 is the page directory, level 0 the page table;
 * each table is one page of 1024 entries, and an entry at level l covers
 * 1 << PX_SHIFT(l) bytes.
 */
#define PT_LEVELS       2
#define PT_ENTRIES      1024
#define PX_SHIFT(level) (PGSHIFT + 10 * (level))
#define PX(level, va)   (((va) >> PX_SHIFT(level)) & (PT_ENTRIES - 1))

#define CR0_PE         0x00000001
#define CR0_MP         0x00000002 /* WAIT obeys TS: SDM vol. 3, 9.2.1, with an x87 */
#define CR0_EM         0x00000004 /* x87 and SSE instructions fault (#NM, #UD) */
#define CR0_TS         0x00000008 /* x87 and SSE instructions fault (#NM) */
#define CR0_NE         0x00000020 /* x87 errors are #MF, not the PC's IRQ 13 */
#define CR0_WP         0x00010000
#define CR0_PG         0x80000000
#define CR4_PSE        0x00000010
#define CR4_OSFXSR     0x00000200 /* SSE, and FXSAVE/FXRSTOR keep the SSE registers */
#define CR4_OSXMMEXCPT 0x00000400 /* an unmasked SSE exception is #XM, not #UD */

#ifndef __ASSEMBLER__
#include <stdint.h>

#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(uint64_t)(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(uint64_t)(PGSIZE - 1))

#define PTE_ADDR(e)  ((e) & ~0xFFFu)
#define PTE_FLAGS(e) ((e)&0xFFFu)

typedef uint32_t pte_t;
typedef pte_t *pagetable_t; /* a page directory, through the direct map */

/* A segment descriptor: base, limit (in units of the granularity), access
 * byte and flags nibble. */
#define SEGDESC(base, limit, access, flags)                                                        \
	(((uint64_t)(base)&0xFFFFFF) << 16 | ((uint64_t)(base) >> 24) << 56 |                      \
	 ((uint64_t)(limit)&0xFFFF) | ((uint64_t)(limit) >> 16 & 0xF) << 48 |                      \
	 (uint64_t)(access) << 40 | (uint64_t)(flags) << 52)

/* Flat 4 GiB segments, 32-bit, page granular; the accessed bit is preset so
 * the CPU never writes the descriptor back. Code: present, readable. Data:
 * present, writable. */
#define SEG_CODE32(dpl) SEGDESC(0, 0xFFFFF, 0x9B | (dpl) << 5, 0xC)
#define SEG_DATA32(dpl) SEGDESC(0, 0xFFFFF, 0x93 | (dpl) << 5, 0xC)
/* A present, available 32-bit TSS. */
#define SEG_TSS32(base, limit) SEGDESC(base, limit, 0x89, 0)

/* An interrupt gate (IF cleared on entry) to offset in the kernel's code. */
#define GATE_INTR32(offset, dpl)                                                                   \
	(((uint64_t)(offset)&0xFFFF) | (uint64_t)SEG_KCODE << 16 |                                 \
	 (uint64_t)(0x8E | (dpl) << 5) << 40 | ((uint64_t)(offset) >> 16) << 48)

/* The 32-bit task state segment: only the stack for traps from user mode
 * is used (no hardware task switching, no I/O bitmap). */
struct tss {
	uint32_t link;
	uint32_t esp0; /* stack for traps from user mode */
	uint32_t ss0;
	uint32_t unused[22];
	uint16_t trap;
	uint16_t iomap_base; /* beyond the limit: no I/O permission bitmap */
};

_Static_assert(sizeof(struct tss) == 104, "32-bit TSS is 104 bytes");
#endif

#endif
