/* Entering the kernel in long mode directly: kvm_pvm cannot run the guest's
 * own switch to long mode, and building these tables on the host costs the
 * guest no emulated instructions at all. An i386 kernel is entered the
 * Multiboot way instead (boot_i386.c). */
#include "core/boot.h"

#include <string.h>

#include "boot_tables.h"
#include "vmm_abi.h"
#include "core/util.h"

static uint64_t *table(void *m, uint64_t gpa)
{
	return gpa_ptr(m, gpa, 4096);
}

static int build_page_tables(struct guest_mem *m)
{
	if (boot_tables_end(m->size) > VMM_PROG_CURRENT) /* the guest's page (vmm_abi.h) */
		return fail("RAM too large for the boot page tables");
	boot_tables_build(table, m, m->size);
	return 0;
}

static void build_gdt(struct guest_mem *m)
{
	boot_gdt_build(gpa_ptr(m, VMM_BOOT_GDT, BOOT_GDT_ENTRIES * 8));
}

void boot_info_write(struct guest_mem *m, const struct boot_params *bp)
{
	struct vmm_boot_info *bi = gpa_ptr(m, VMM_BOOT_INFO, sizeof(*bi));
	bi->magic = VMM_BOOT_MAGIC;
	bi->version = VMM_BOOT_VERSION;
	bi->ram_size = m->size;
	bi->free_start = bp->free_start;
	bi->devices = bp->devices;
	bi->flags = bp->flags;
	bi->tsc_khz = bp->tsc_khz;
	bi->ncpus = bp->ncpus;
	bi->cmdline_len = (uint32_t)strlen(bp->cmdline);
	memcpy(bi->cmdline, bp->cmdline, bi->cmdline_len + 1);
}

struct kvm_segment boot_flat_segment(uint16_t selector, uint8_t type, int code64)
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

/* The state every CPU enters the kernel in: long mode, the boot page
 * tables and GDT, flat segments. */
static void set_sregs(struct kvm_sregs *sregs)
{
	struct kvm_segment data = boot_flat_segment(VMM_SEL_DATA, 3, 0);
	struct kvm_segment none = {.unusable = 1};
	sregs->cs = boot_flat_segment(VMM_SEL_CODE64, 11, 1);
	sregs->ds = sregs->es = sregs->ss = data;
	sregs->fs = sregs->gs = none;
	sregs->gdt.base = VMM_DIRECT_BASE + VMM_BOOT_GDT;
	sregs->gdt.limit = BOOT_GDT_ENTRIES * 8 - 1;
	sregs->idt.base = 0;
	sregs->idt.limit = 0;
	sregs->cr0 = BOOT_CR0;
	sregs->cr3 = VMM_BOOT_PML4;
	sregs->cr4 = BOOT_CR4;
	sregs->efer = BOOT_EFER_LME | BOOT_EFER_LMA | BOOT_EFER_NXE;
}

void boot_cpu_sregs(bool i386, struct kvm_sregs *sregs)
{
	if (i386)
		boot_sregs_i386(sregs);
	else
		set_sregs(sregs);
}

/* RDI/EDI carries the argument in both architectures (vmm_abi.h). */
struct kvm_regs boot_ap_regs(const struct vmm_cpu_start *start)
{
	return (struct kvm_regs){
	    .rip = start->entry, .rsp = start->stack, .rdi = start->arg, .rflags = 0x2};
}

int boot_setup(struct guest_mem *m, const struct boot_params *bp, struct kvm_regs *regs,
               struct kvm_sregs *sregs)
{
	if (strlen(bp->cmdline) >= VMM_CMDLINE_MAX)
		return fail("command line longer than %d bytes", VMM_CMDLINE_MAX - 1);
	if (bp->i386)
		return boot_setup_i386(m, bp, regs, sregs);
	if (build_page_tables(m) < 0)
		return -1;
	build_gdt(m);
	boot_info_write(m, bp);
	set_sregs(sregs);
	*regs = (struct kvm_regs){.rip = bp->entry, .rdi = VMM_BOOT_INFO, .rflags = 0x2};
	return 0;
}
