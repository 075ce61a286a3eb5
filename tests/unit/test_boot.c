/* The boot structures: walk the page tables as the MMU would and check the
 * protocol's mappings, GDT, boot information and registers. */
#include <stdlib.h>
#include <string.h>

#include "core/boot.h"
#include "check.h"
#include "multiboot.h"
#include "vmm_abi.h"

/* Translates va through the guest's tables; returns ~0 when unmapped. */
static uint64_t walk(struct guest_mem *m, uint64_t cr3, uint64_t va)
{
	uint64_t table = cr3;
	for (int level = 3; level >= 0; level--) {
		uint64_t *t = gpa_ptr(m, table, 4096);
		if (!t)
			return ~0ull;
		uint64_t e = t[(va >> (12 + 9 * level)) & 511];
		if (!(e & 1))
			return ~0ull;
		if (level == 1 && (e & 0x80))
			return (e & 0x000fffffffe00000ull) | (va & 0x1fffff);
		table = e & 0x000ffffffffff000ull;
	}
	return table | (va & 0xfff);
}

static void check_ram(uint64_t ram)
{
	struct guest_mem m = {.host = calloc(1, ram), .size = ram};
	struct boot_params bp = {.entry = VMM_KERNEL_BASE + 0x100000,
	                         .free_start = 0x200000,
	                         .devices = VMM_DEV_CONSOLE,
	                         .flags = VMM_BOOT_F_EMULATED,
	                         .tsc_khz = 1234,
	                         .cmdline = "echo hi"};
	struct kvm_regs regs;
	struct kvm_sregs sregs = {0};
	CHECK(m.host && boot_setup(&m, &bp, &regs, &sregs) == 0);
	CHECK(walk(&m, sregs.cr3, VMM_DIRECT_BASE) == 0);
	CHECK(walk(&m, sregs.cr3, VMM_DIRECT_BASE + ram - 1) == ram - 1);
	CHECK(walk(&m, sregs.cr3, VMM_DIRECT_BASE + ram) == ~0ull);
	CHECK(walk(&m, sregs.cr3, VMM_KERNEL_BASE + 0x123456) == 0x123456);
	CHECK(walk(&m, sregs.cr3, 0) == ~0ull); /* no identity map */
	CHECK(walk(&m, sregs.cr3, 0x100000) == ~0ull);
	struct vmm_boot_info *bi = gpa_ptr(&m, VMM_BOOT_INFO, sizeof(*bi));
	CHECK(bi->magic == VMM_BOOT_MAGIC && bi->version == VMM_BOOT_VERSION);
	CHECK(bi->ram_size == ram && bi->free_start == 0x200000 && bi->tsc_khz == 1234);
	CHECK(bi->devices == VMM_DEV_CONSOLE && bi->flags == VMM_BOOT_F_EMULATED);
	CHECK(bi->cmdline_len == 7 && !strcmp(bi->cmdline, "echo hi"));
	uint64_t *gdt = gpa_ptr(&m, VMM_BOOT_GDT, 24);
	CHECK(gdt[0] == 0 && (gdt[1] >> 53 & 1) == 1); /* code: L bit */
	CHECK(regs.rip == bp.entry && regs.rdi == VMM_BOOT_INFO && regs.rflags == 2);
	CHECK(sregs.cs.l == 1 && sregs.cs.selector == VMM_SEL_CODE64 &&
	      sregs.ss.selector == VMM_SEL_DATA);
	CHECK((sregs.efer & 0x500) == 0x500 && (sregs.cr0 & 0x80000001) == 0x80000001);
	CHECK(sregs.gdt.base == VMM_DIRECT_BASE + VMM_BOOT_GDT && sregs.idt.limit == 0);
	free(m.host);
}

/* The i386 entry: the Multiboot state, and information that leads to the
 * same boot-information block. */
static void check_i386(uint64_t ram)
{
	struct guest_mem m = {.host = calloc(1, ram), .size = ram};
	struct boot_params bp = {.i386 = true,
	                         .entry = 0x10abcd,
	                         .free_start = 0x200000,
	                         .devices = VMM_DEV_CONSOLE,
	                         .cmdline = "echo hi"};
	struct kvm_regs regs;
	struct kvm_sregs sregs = {0};
	CHECK(m.host && boot_setup(&m, &bp, &regs, &sregs) == 0);
	CHECK(regs.rip == 0x10abcd && regs.rax == MULTIBOOT_LOADER_MAGIC &&
	      regs.rbx == VMM_BOOT_MBI && regs.rflags == 2);
	CHECK(sregs.cr0 == 0x11 && sregs.cr4 == 0 && sregs.efer == 0); /* PE|ET, no paging */
	CHECK(sregs.cs.db == 1 && sregs.cs.l == 0 && sregs.cs.limit == 0xffffffff &&
	      sregs.cs.base == 0 && sregs.cs.selector == VMM_SEL_CODE32);
	CHECK(sregs.fs.selector == VMM_SEL_DATA && !sregs.fs.unusable && sregs.ss.db == 1);
	uint64_t *gdt = gpa_ptr(&m, VMM_BOOT_GDT, 24);
	CHECK(sregs.gdt.base == VMM_BOOT_GDT && (gdt[1] >> 53 & 3) == 2); /* code: D, not L */
	const struct multiboot_info *mbi = gpa_ptr(&m, VMM_BOOT_MBI, sizeof(*mbi));
	const uint32_t want = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MODS |
	                      MULTIBOOT_INFO_MEM_MAP;
	CHECK((mbi->flags & want) == want);
	CHECK(mbi->mem_upper == (ram >> 10) - 1024 && mbi->mods_count == 1);
	const char *cmdline = gpa_ptr(&m, mbi->cmdline, 16);
	CHECK(cmdline && !strcmp(cmdline, "kernel echo hi"));
	const struct multiboot_module *mod = gpa_ptr(&m, mbi->mods_addr, sizeof(*mod));
	const char *name = gpa_ptr(&m, mod->string, sizeof(VMM_BOOT_INFO_MODULE));
	CHECK(mod->mod_start == VMM_BOOT_INFO && name && !strcmp(name, VMM_BOOT_INFO_MODULE));
	const struct multiboot_mmap_entry *mm = gpa_ptr(&m, mbi->mmap_addr, mbi->mmap_length);
	CHECK(mbi->mmap_length == 2 * sizeof(*mm) && mm[1].addr == VMM_RESERVED_END &&
	      mm[1].len == ram - VMM_RESERVED_END && mm[1].type == MULTIBOOT_MEMORY_AVAILABLE &&
	      mm[0].type != MULTIBOOT_MEMORY_AVAILABLE);
	struct vmm_boot_info *bi = gpa_ptr(&m, VMM_BOOT_INFO, sizeof(*bi));
	CHECK(bi->magic == VMM_BOOT_MAGIC && bi->ram_size == ram && bi->free_start == 0x200000);
	CHECK(bi->devices == VMM_DEV_CONSOLE && !strcmp(bi->cmdline, "echo hi"));
	free(m.host);
}

void test_boot(void)
{
	check_ram(16ull << 20);
	check_ram(128ull << 20);
	check_ram(3ull << 30); /* spans several page directories and both kernel-map GiBs */
	check_i386(16ull << 20);
	check_i386(128ull << 20);
	struct guest_mem m = {.host = calloc(1, 16 << 20), .size = 16 << 20};
	char longline[VMM_CMDLINE_MAX + 1];
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	struct boot_params bp = {.cmdline = longline};
	struct kvm_regs regs;
	struct kvm_sregs sregs = {0};
	CHECK(boot_setup(&m, &bp, &regs, &sregs) < 0);
	free(m.host);
}
