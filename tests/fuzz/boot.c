/* Fuzz target: the boot-information builder (monitor/core/boot.c): page tables,
 * GDT, boot information and registers for any RAM size the options allow
 * (16 MiB to 16 GiB in 2 MiB steps), any boot parameters and any command
 * line (the rest of the input, NUL-terminated here).
 *
 * Checked: a command line of VMM_CMDLINE_MAX bytes or more is refused and
 * nothing is written; otherwise the boot information holds exactly the
 * parameters and the command line, the registers follow the protocol, and
 * the page tables, walked as the MMU would, map the direct map over all of
 * RAM and the kernel map over its first 2 GiB, and nothing past RAM or at
 * low (identity) addresses, for fixed addresses and the header's probes. */
#include <stdlib.h>
#include <string.h>

#include "core/boot.h"
#include "fuzz.h"
#include "vmm_abi.h"

#define MIB2     (2ull << 20)
#define GIB2     (2ull << 30)
#define UNMAPPED (~0ull)

static struct guest_mem mem;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&mem, VMM_RAM_MAX);
	return 0;
}

/* Translates va through the guest's tables as the MMU would. */
static uint64_t walk(const struct guest_mem *m, uint64_t cr3, uint64_t va)
{
	uint64_t table = cr3;
	for (int level = 3; level >= 0; level--) {
		const uint64_t *t = gpa_ptr(m, table, 4096);
		FUZZ_CHECK(t != NULL);
		uint64_t e = t[(va >> (12 + 9 * level)) & 511];
		if (!(e & 1))
			return UNMAPPED;
		if (level == 1 && (e & 0x80))
			return (e & 0x000fffffffe00000ull) | (va & 0x1fffff);
		table = e & 0x000ffffffffff000ull;
	}
	return table | (va & 0xfff);
}

/* The mappings of physical address p. */
static void check_address(const struct guest_mem *m, uint64_t cr3, uint64_t p)
{
	uint64_t ram = m->size;
	FUZZ_CHECK(walk(m, cr3, VMM_DIRECT_BASE + p) == (p < ram ? p : UNMAPPED));
	if (p < GIB2)
		FUZZ_CHECK(walk(m, cr3, VMM_KERNEL_BASE + p) == (p < ram ? p : UNMAPPED));
	FUZZ_CHECK(walk(m, cr3, p) == UNMAPPED);
}

static void check_tables(const struct guest_mem *m, uint64_t cr3, const uint64_t probe[4])
{
	const uint64_t fixed[] = {0, VMM_KERNEL_LOAD, m->size - 1, m->size, GIB2 - 1, GIB2};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_address(m, cr3, fixed[i]);
	for (int i = 0; i < 4; i++)
		check_address(m, cr3, probe[i] % (m->size + GIB2));
}

static void check_info(const struct guest_mem *m, const struct boot_params *bp)
{
	const struct vmm_boot_info *bi = gpa_ptr(m, VMM_BOOT_INFO, sizeof(*bi));
	FUZZ_CHECK(bi->magic == VMM_BOOT_MAGIC && bi->version == VMM_BOOT_VERSION);
	FUZZ_CHECK(bi->ram_size == m->size && bi->free_start == bp->free_start);
	FUZZ_CHECK(bi->devices == bp->devices && bi->flags == bp->flags &&
	           bi->tsc_khz == bp->tsc_khz);
	FUZZ_CHECK(bi->cmdline_len == strlen(bp->cmdline) && strcmp(bi->cmdline, bp->cmdline) == 0);
}

static void check_registers(const struct boot_params *bp, const struct kvm_regs *regs,
                            const struct kvm_sregs *sregs)
{
	FUZZ_CHECK(regs->rip == bp->entry && regs->rdi == VMM_BOOT_INFO && regs->rsp == 0 &&
	           regs->rflags == 2);
	FUZZ_CHECK(sregs->cr3 == VMM_BOOT_PML4 && sregs->cs.l == 1 &&
	           sregs->cs.selector == VMM_SEL_CODE64 && sregs->ds.selector == VMM_SEL_DATA);
	FUZZ_CHECK(sregs->gdt.base == VMM_DIRECT_BASE + VMM_BOOT_GDT && sregs->idt.limit == 0);
}

static int all_zero(const uint8_t *p, size_t n)
{
	return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_boot_header h;
	fuzz_take(&in, &h, sizeof(h));
	char *cmdline = malloc(in.size + 1);
	FUZZ_CHECK(cmdline != NULL);
	memcpy(cmdline, in.data, in.size);
	cmdline[in.size] = '\0';
	struct guest_mem m = mem;
	m.size = VMM_RAM_MIN + h.ram_pages % ((VMM_RAM_MAX - VMM_RAM_MIN) / MIB2 + 1) * MIB2;
	memset(m.host, 0, VMM_RESERVED_END);
	struct boot_params bp = {.entry = h.entry,
	                         .free_start = h.free_start,
	                         .devices = h.devices,
	                         .flags = h.flags,
	                         .tsc_khz = h.tsc_khz,
	                         .cmdline = cmdline};
	struct kvm_regs regs;
	struct kvm_sregs sregs = {0};
	if (strlen(cmdline) >= VMM_CMDLINE_MAX) {
		FUZZ_CHECK(boot_setup(&m, &bp, &regs, &sregs) < 0);
		FUZZ_CHECK(all_zero(m.host, VMM_RESERVED_END));
	} else {
		FUZZ_CHECK(boot_setup(&m, &bp, &regs, &sregs) == 0);
		check_info(&m, &bp);
		check_registers(&bp, &regs, &sregs);
		uint64_t probe[4];
		memcpy(probe, h.probe, sizeof(probe)); /* aligned */
		check_tables(&m, sregs.cr3, probe);
	}
	free(cmdline);
	return 0;
}
