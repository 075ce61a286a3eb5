/*
 * The boot page tables, boot GDT and control registers of the x86-64 boot
 * protocol (vmm_abi.h). The monitor builds them on the host
 * (monitor/core/boot.c); when another loader starts the kernel (QEMU, through
 * the PVH entry in guest/arch/x86_64/pvh_entry.S and pvh.c) the kernel builds
 * them itself. One definition, so both build the very same tables.
 */
#ifndef BOOT_TABLES_H
#define BOOT_TABLES_H

#include "vmm_abi.h"

/* Page-table entry bits of the boot tables. */
#define BOOT_PTE_P   VMM_U64(0x001)
#define BOOT_PTE_W   VMM_U64(0x002)
#define BOOT_PTE_PWT VMM_U64(0x008)
#define BOOT_PTE_PCD VMM_U64(0x010)
#define BOOT_PTE_A   VMM_U64(0x020)
#define BOOT_PTE_D   VMM_U64(0x040)
#define BOOT_PTE_PS  VMM_U64(0x080)

/* Physical pages of the tables: the PML4, the direct map's PDPT, the kernel
 * map's PDPT, then one page directory per GiB of RAM. */
#define BOOT_PDPT_DIRECT (VMM_BOOT_PML4 + 0x1000)
#define BOOT_PDPT_KERNEL (VMM_BOOT_PML4 + 0x2000)
#define BOOT_PD_FIRST    (VMM_BOOT_PML4 + 0x3000)

/* The boot GDT: null, VMM_SEL_CODE64, VMM_SEL_DATA. */
#define BOOT_GDT_ENTRIES 3
#define BOOT_GDT_CODE64  VMM_U64(0x00af9a000000ffff) /* present, DPL0, code, L=1 */
#define BOOT_GDT_DATA    VMM_U64(0x00cf92000000ffff) /* present, DPL0, data, 4 GiB */

/* Control registers at the kernel's first instruction. */
#ifdef __ASSEMBLER__
#define BOOT_BIT(n) (1 << (n))
#else
#define BOOT_BIT(n) (1u << (n))
#endif
#define BOOT_CR0_PE         BOOT_BIT(0)
#define BOOT_CR0_MP         BOOT_BIT(1)
#define BOOT_CR0_ET         BOOT_BIT(4)
#define BOOT_CR0_NE         BOOT_BIT(5)
#define BOOT_CR0_WP         BOOT_BIT(16)
#define BOOT_CR0_PG         BOOT_BIT(31)
#define BOOT_CR4_PAE        BOOT_BIT(5)
#define BOOT_CR4_OSFXSR     BOOT_BIT(9)
#define BOOT_CR4_OSXMMEXCPT BOOT_BIT(10)
#define BOOT_EFER_LME       BOOT_BIT(8)
#define BOOT_EFER_LMA       BOOT_BIT(10) /* set by the CPU when paging turns on with LME */
#define BOOT_EFER_NXE       BOOT_BIT(11)
#define BOOT_MSR_EFER       0xC0000080

#define BOOT_CR0 (BOOT_CR0_PE | BOOT_CR0_MP | BOOT_CR0_ET | BOOT_CR0_NE | BOOT_CR0_WP | BOOT_CR0_PG)
#define BOOT_CR4 (BOOT_CR4_PAE | BOOT_CR4_OSFXSR | BOOT_CR4_OSXMMEXCPT)

#define BOOT_GIB  (VMM_U64(1) << 30)
#define BOOT_MIB2 (VMM_U64(2) << 20)

#ifndef __ASSEMBLER__
/* The first physical byte past the tables for ram_size bytes of RAM. */
static inline uint64_t boot_tables_end(uint64_t ram_size)
{
	return BOOT_PD_FIRST + (ram_size + BOOT_GIB - 1) / BOOT_GIB * 4096;
}

/*
 * Fill the tables for ram_size bytes of RAM (boot_tables_end(ram_size) must
 * not pass VMM_RESERVED_END). page(ctx, pa) returns the 4 KiB table page at
 * physical address pa, already zero. 2 MiB pages map VMM_DIRECT_BASE + p to
 * p for all RAM and VMM_KERNEL_BASE + p to p for the first 2 GiB; accessed
 * and dirty are preset, so the CPU never writes the tables back.
 */
static inline void boot_tables_build(uint64_t *(*page)(void *ctx, uint64_t pa), void *ctx,
                                     uint64_t ram_size)
{
	const uint64_t table = BOOT_PTE_P | BOOT_PTE_W | BOOT_PTE_A;
	uint64_t npd = (ram_size + BOOT_GIB - 1) / BOOT_GIB;
	uint64_t *pml4 = page(ctx, VMM_BOOT_PML4);
	uint64_t *direct = page(ctx, BOOT_PDPT_DIRECT);
	uint64_t *kernel = page(ctx, BOOT_PDPT_KERNEL);

	pml4[(VMM_DIRECT_BASE >> 39) & 511] = BOOT_PDPT_DIRECT | table;
	pml4[(VMM_KERNEL_BASE >> 39) & 511] = BOOT_PDPT_KERNEL | table;
	for (uint64_t i = 0; i < npd; i++) {
		uint64_t pd_pa = BOOT_PD_FIRST + i * 4096;
		uint64_t *pd = page(ctx, pd_pa);

		for (uint64_t j = 0; j < 512 && i * BOOT_GIB + j * BOOT_MIB2 < ram_size; j++)
			pd[j] = (i * BOOT_GIB + j * BOOT_MIB2) | table | BOOT_PTE_D | BOOT_PTE_PS;
		direct[i] = pd_pa | table;
		/* The top 2 GiB (PDPT slots 510, 511) show the first 2 GiB of RAM. */
		if (i < 2)
			kernel[((VMM_KERNEL_BASE >> 30) & 511) + i] = pd_pa | table;
	}
}

static inline void boot_gdt_build(uint64_t *gdt)
{
	gdt[0] = 0;
	gdt[VMM_SEL_CODE64 / 8] = BOOT_GDT_CODE64;
	gdt[VMM_SEL_DATA / 8] = BOOT_GDT_DATA;
}
#endif

#endif
