/* Entering the kernel in long mode directly: kvm_pvm cannot run the guest's
 * own switch to long mode, and building these tables on the host costs the
 * guest no emulated instructions at all. */
#include "boot.h"

#include <string.h>

#include "vmm_abi.h"
#include "util.h"

#define PTE_P  (1ull << 0)
#define PTE_W  (1ull << 1)
#define PTE_A  (1ull << 5)
#define PTE_D  (1ull << 6)
#define PTE_PS (1ull << 7)

#define GIB  (1ull << 30)
#define MIB2 (2ull << 20)

#define CR0_PE         (1ull << 0)
#define CR0_MP         (1ull << 1)
#define CR0_ET         (1ull << 4)
#define CR0_NE         (1ull << 5)
#define CR0_WP         (1ull << 16)
#define CR0_PG         (1ull << 31)
#define CR4_PAE        (1ull << 5)
#define CR4_OSFXSR     (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define EFER_LME       (1ull << 8)
#define EFER_LMA       (1ull << 10)
#define EFER_NXE       (1ull << 11)

/* Physical pages of the boot tables: PML4, the direct map's PDPT, the
 * kernel map's PDPT, then one page directory per GiB of RAM. */
#define PDPT_DIRECT (VMM_BOOT_PML4 + 0x1000)
#define PDPT_KERNEL (VMM_BOOT_PML4 + 0x2000)
#define PD_FIRST    (VMM_BOOT_PML4 + 0x3000)

static uint64_t *table(struct guest_mem *m, uint64_t gpa)
{
	return gpa_ptr(m, gpa, 4096);
}

static int build_page_tables(struct guest_mem *m)
{
	uint64_t npd = (m->size + GIB - 1) / GIB;
	if (PD_FIRST + npd * 4096 > VMM_PROG_CURRENT) /* the guest's page (vmm_abi.h) */
		return fail("RAM too large for the boot page tables");
	uint64_t *pml4 = table(m, VMM_BOOT_PML4);
	uint64_t *direct = table(m, PDPT_DIRECT);
	uint64_t *kernel = table(m, PDPT_KERNEL);
	pml4[(VMM_DIRECT_BASE >> 39) & 511] = PDPT_DIRECT | PTE_P | PTE_W | PTE_A;
	pml4[(VMM_KERNEL_BASE >> 39) & 511] = PDPT_KERNEL | PTE_P | PTE_W | PTE_A;
	for (uint64_t i = 0; i < npd; i++) {
		uint64_t pd_gpa = PD_FIRST + i * 4096;
		uint64_t *pd = table(m, pd_gpa);
		for (uint64_t j = 0; j < 512 && i * GIB + j * MIB2 < m->size; j++)
			pd[j] = (i * GIB + j * MIB2) | PTE_P | PTE_W | PTE_A | PTE_D | PTE_PS;
		direct[i] = pd_gpa | PTE_P | PTE_W | PTE_A;
		/* The top 2 GiB (PDPT slots 510, 511) show the first 2 GiB of RAM. */
		if (i < 2)
			kernel[((VMM_KERNEL_BASE >> 30) & 511) + i] =
			    pd_gpa | PTE_P | PTE_W | PTE_A;
	}
	return 0;
}

static void build_gdt(struct guest_mem *m)
{
	uint64_t *gdt = gpa_ptr(m, VMM_BOOT_GDT, 3 * 8);
	gdt[0] = 0;
	gdt[VMM_SEL_CODE64 / 8] = 0x00af9a000000ffffull; /* present, DPL0, code, L=1 */
	gdt[VMM_SEL_DATA / 8] = 0x00cf92000000ffffull;   /* present, DPL0, data, 4 GiB */
}

static void build_boot_info(struct guest_mem *m, const struct boot_params *bp)
{
	struct vmm_boot_info *bi = gpa_ptr(m, VMM_BOOT_INFO, sizeof(*bi));
	bi->magic = VMM_BOOT_MAGIC;
	bi->version = VMM_BOOT_VERSION;
	bi->ram_size = m->size;
	bi->free_start = bp->free_start;
	bi->devices = bp->devices;
	bi->flags = bp->flags;
	bi->tsc_khz = bp->tsc_khz;
	bi->cmdline_len = (uint32_t)strlen(bp->cmdline);
	memcpy(bi->cmdline, bp->cmdline, bi->cmdline_len + 1);
}

static struct kvm_segment flat_segment(uint16_t selector, uint8_t type, int code64)
{
	return (struct kvm_segment){
	    .base = 0,
	    .limit = 0xffffffff,
	    .selector = selector,
	    .type = type,
	    .present = 1,
	    .dpl = 0,
	    .db = code64 ? 0 : 1,
	    .s = 1,
	    .l = code64 ? 1 : 0,
	    .g = 1,
	};
}

static void set_registers(const struct boot_params *bp, struct kvm_regs *regs,
                          struct kvm_sregs *sregs)
{
	struct kvm_segment data = flat_segment(VMM_SEL_DATA, 3, 0);
	struct kvm_segment none = {.unusable = 1};
	sregs->cs = flat_segment(VMM_SEL_CODE64, 11, 1);
	sregs->ds = sregs->es = sregs->ss = data;
	sregs->fs = sregs->gs = none;
	sregs->gdt.base = VMM_DIRECT_BASE + VMM_BOOT_GDT;
	sregs->gdt.limit = 3 * 8 - 1;
	sregs->idt.base = 0;
	sregs->idt.limit = 0;
	sregs->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sregs->cr3 = VMM_BOOT_PML4;
	sregs->cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	sregs->efer = EFER_LME | EFER_LMA | EFER_NXE;
	*regs = (struct kvm_regs){.rip = bp->entry, .rdi = VMM_BOOT_INFO, .rflags = 0x2};
}

int boot_setup(struct guest_mem *m, const struct boot_params *bp, struct kvm_regs *regs,
               struct kvm_sregs *sregs)
{
	if (strlen(bp->cmdline) >= VMM_CMDLINE_MAX)
		return fail("command line longer than %d bytes", VMM_CMDLINE_MAX - 1);
	if (build_page_tables(m) < 0)
		return -1;
	build_gdt(m);
	build_boot_info(m, bp);
	set_registers(bp, regs, sregs);
	return 0;
}
