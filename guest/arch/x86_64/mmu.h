/*
 * x86-64 segmentation and paging: the kernel's GDT selectors (seg.c),
 * descriptor encodings and page-table entries. Included by assembly too, so
 * the C-only parts are fenced.
 */
#ifndef MMU_H
#define MMU_H

/*
 * Selectors. Kernel code and data keep the monitor's boot selectors
 * (VMM_SEL_CODE64, VMM_SEL_DATA), so loading this GDT needs no segment
 * reload. User data precedes user code, the order SYSRET expects.
 */
#define SEG_KCODE 0x08
#define SEG_KDATA 0x10
#define SEG_UDATA 0x18
#define SEG_UCODE 0x20
#define SEG_TSS   0x28 /* a 64-bit TSS descriptor takes two slots */

#define DPL_USER 3

#define NVECTORS 256 /* IDT gates, all present (vectors.S) */
#define IST_DF   1   /* TSS IST slot for double faults */

#define PGSIZE  4096
#define PGSHIFT 12

#ifndef __ASSEMBLER__
#include <stdint.h>

#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(uint64_t)(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(uint64_t)(PGSIZE - 1))

/*
 * 4-level paging. Level 3 is the PML4, level 0 the page table; each table
 * is one page of 512 entries, and an entry at level l covers
 * 1 << PX_SHIFT(l) bytes.
 */
#define PT_LEVELS       4
#define PT_ENTRIES      512
#define PX_SHIFT(level) (PGSHIFT + 9 * (level))
#define PX(level, va)   (((va) >> PX_SHIFT(level)) & (PT_ENTRIES - 1))

#define PTE_P        0x001ull     /* present */
#define PTE_W        0x002ull     /* writable */
#define PTE_U        0x004ull     /* user */
#define PTE_A        0x020ull     /* accessed */
#define PTE_D        0x040ull     /* dirty */
#define PTE_NX       (1ull << 63) /* no execute (EFER.NXE is on at boot) */
#define PTE_ADDR(e)  ((e)&0x000FFFFFFFFFF000ull)
#define PTE_FLAGS(e) ((e) & ~0x000FFFFFFFFFF000ull)

typedef uint64_t pte_t;
typedef pte_t *pagetable_t; /* a PML4, through the direct map */

/*
 * A flat segment descriptor: base 0, limit 4 GiB, with the given access byte
 * and flags nibble. The accessed bit is preset so the CPU never writes the
 * descriptor back when loading it.
 */
#define SEGDESC(access, flags)                                                                     \
	(((uint64_t)(flags) << 52) | (0xFull << 48) | ((uint64_t)(access) << 40) | 0xFFFF)

/* Present, code, readable, accessed; granularity 4 KiB, long mode. */
#define SEG_CODE64(dpl) SEGDESC(0x9B | (dpl) << 5, 0xA)
/* Present, data, writable, accessed; granularity 4 KiB, 32-bit. */
#define SEG_DATA(dpl) SEGDESC(0x93 | (dpl) << 5, 0xC)
/* Low quadword of a present, available 64-bit TSS, without its base. */
#define SEG_TSS64(limit) ((0x89ull << 40) | (limit))

/* The 64-bit task state segment: the stacks the CPU switches to on traps. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3]; /* rsp[0]: stack for traps from user mode */
	uint64_t reserved1;
	uint64_t ist[7]; /* ist[n - 1]: stack for gates with IST n */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base; /* beyond the limit: no I/O permission bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");
#endif

#endif
