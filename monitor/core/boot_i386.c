/* The i386 boot protocol of include/vmm_abi.h: the Multiboot machine state
 * (protected mode, paging off, flat segments, EAX and EBX) and the
 * Multiboot information, so that the kernel the monitor boots also boots
 * under any Multiboot loader. The boot-information block is the same as on
 * x86-64; here it travels as a Multiboot module. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/boot.h"
#include "multiboot.h"
#include "vmm_abi.h"

#define CR0_PE (1ull << 0)
#define CR0_ET (1ull << 4)

#define GDT_CODE32 0x00cf9a000000ffffull /* present, DPL0, code, 32-bit, 4 GiB */
#define GDT_DATA   0x00cf92000000ffffull /* present, DPL0, data, 4 GiB */

#define MB_MEM_RESERVED 2 /* a memory-map type that is not available RAM */

/* The Multiboot information and everything it points at, in the page at
 * VMM_BOOT_MBI. */
struct mb_page {
	struct multiboot_info info;
	struct multiboot_module module;
	struct multiboot_mmap_entry mmap[2];
	char loader_name[sizeof "vmm"];
	char module_name[sizeof VMM_BOOT_INFO_MODULE];
	/* By Multiboot custom the first word names the kernel. */
	char cmdline[sizeof "kernel " + VMM_CMDLINE_MAX];
};

_Static_assert(sizeof(struct mb_page) <= 4096, "the Multiboot information fits its page");

/* The guest-physical address of a field of the page. */
#define MB_AT(field) ((uint32_t)(VMM_BOOT_MBI + offsetof(struct mb_page, field)))

static void build_multiboot_info(struct guest_mem *m, const struct boot_params *bp)
{
	struct mb_page *pg = gpa_ptr(m, VMM_BOOT_MBI, sizeof(*pg));
	pg->mmap[0] = (struct multiboot_mmap_entry){
	    .size = 20, .addr = 0, .len = VMM_RESERVED_END, .type = MB_MEM_RESERVED};
	pg->mmap[1] = (struct multiboot_mmap_entry){.size = 20,
	                                            .addr = VMM_RESERVED_END,
	                                            .len = m->size - VMM_RESERVED_END,
	                                            .type = MULTIBOOT_MEMORY_AVAILABLE};
	pg->module = (struct multiboot_module){
	    .mod_start = VMM_BOOT_INFO,
	    .mod_end = VMM_BOOT_INFO + sizeof(struct vmm_boot_info),
	    .string = MB_AT(module_name),
	};
	memcpy(pg->loader_name, "vmm", sizeof(pg->loader_name));
	memcpy(pg->module_name, VMM_BOOT_INFO_MODULE, sizeof(pg->module_name));
	snprintf(pg->cmdline, sizeof(pg->cmdline), "kernel %s", bp->cmdline);
	pg->info = (struct multiboot_info){
	    .flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MODS |
	             MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_LOADER_NAME,
	    .mem_lower = 640,
	    .mem_upper = (uint32_t)((m->size - VMM_RESERVED_END) >> 10),
	    .cmdline = MB_AT(cmdline),
	    .mods_count = 1,
	    .mods_addr = MB_AT(module),
	    .mmap_length = sizeof(pg->mmap),
	    .mmap_addr = MB_AT(mmap),
	    .boot_loader_name = MB_AT(loader_name),
	};
}

static void build_gdt(struct guest_mem *m)
{
	uint64_t *gdt = gpa_ptr(m, VMM_BOOT_GDT, 3 * 8);
	gdt[0] = 0;
	gdt[VMM_SEL_CODE32 / 8] = GDT_CODE32;
	gdt[VMM_SEL_DATA / 8] = GDT_DATA;
}

/* The Multiboot machine state, which every CPU enters in. */
void boot_sregs_i386(struct kvm_sregs *sregs)
{
	struct kvm_segment data = boot_flat_segment(VMM_SEL_DATA, 3, 0);
	sregs->cs = boot_flat_segment(VMM_SEL_CODE32, 11, 0);
	sregs->ds = sregs->es = sregs->fs = sregs->gs = sregs->ss = data;
	sregs->gdt.base = VMM_BOOT_GDT; /* paging is off: linear is physical */
	sregs->gdt.limit = 3 * 8 - 1;
	sregs->idt.base = 0;
	sregs->idt.limit = 0;
	sregs->cr0 = CR0_PE | CR0_ET;
	sregs->cr3 = 0;
	sregs->cr4 = 0;
	sregs->efer = 0;
}

static void set_registers(const struct boot_params *bp, struct kvm_regs *regs,
                          struct kvm_sregs *sregs)
{
	boot_sregs_i386(sregs);
	*regs = (struct kvm_regs){
	    .rip = bp->entry, .rax = MULTIBOOT_LOADER_MAGIC, .rbx = VMM_BOOT_MBI, .rflags = 0x2};
}

int boot_setup_i386(struct guest_mem *m, const struct boot_params *bp, struct kvm_regs *regs,
                    struct kvm_sregs *sregs)
{
	build_gdt(m);
	boot_info_write(m, bp);
	build_multiboot_info(m, bp);
	set_registers(bp, regs, sregs);
	return 0;
}
