/*
 * The PVH boot, in C (after pvh_entry.S): build from QEMU's hvm_start_info what
 * the monitor builds on the host for its long-mode entry (vmm_abi.h), then
 * join _start as the monitor would enter it. Only QEMU comes here; the
 * ./vmm path does not run a line of this.
 *
 *   - RAM: the usable region of the memory map that holds the kernel,
 *     from physical 0, rounded down to 2 MiB as the monitor's RAM is;
 *   - the command line (QEMU's -append), after the loader's own words: a
 *     leading "input=tty" says that the console's input is a person at a
 *     terminal (VMM_BOOT_F_INPUT_TTY), which only scripts/qemu knows;
 *   - devices 0: none of the monitor's, so the kernel probes a PC's (pc.h);
 *   - VMM_BOOT_F_RAM_DIRTY: SeaBIOS ran first, and left bits in free RAM;
 *   - the TSC frequency, measured against the PIT (lapic.c);
 *   - the boot page tables and GDT of boot_tables.h, plus the local APIC's
 *     registers in the direct map, for xAPIC mode (QEMU's TCG has no
 *     x2APIC).
 */
#include "boot_tables.h"
#include "defs.h"
#include "memlayout.h"
#include "pc.h"
#include "pvh.h"
#include "x86.h"

extern char kernel_end[]; /* kernel.ld */
extern char _start[];     /* entry.S */

/* No console yet to panic on: say why on the UART and stop QEMU. */
static void __attribute__((noreturn)) fail(const char *why)
{
	if (uart_probe() == 0) {
		size_t n = 0;

		while (why[n])
			n++;
		uart_write("pvh: ", 5);
		uart_write(why, n);
		uart_write("\n", 1);
		uart_drain();
	}
	debugexit_poweroff(VMM_POWEROFF_PANIC | 1);
}

/* pvh_entry.S maps the first GiB only: the start information must lie there. */
static const void *low(uint64_t pa, uint64_t len)
{
	if (pa >= BOOT_GIB || len > BOOT_GIB - pa)
		fail("start information above 1 GiB");
	return p2v(pa);
}

static uint64_t ram_size(const struct hvm_start_info *si)
{
	const struct hvm_memmap_entry *e;

	if (si->version < 1 || si->memmap_entries == 0)
		fail("no memory map");
	e = low(si->memmap_paddr, si->memmap_entries * sizeof *e);
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		uint64_t end = e[i].addr + e[i].size;

		end &= ~(BOOT_MIB2 - 1);
		if (e[i].type == HVM_MEMMAP_RAM && e[i].addr <= VMM_KERNEL_LOAD &&
		    end > v2p(kernel_end))
			return end < VMM_RAM_MAX ? end : VMM_RAM_MAX;
	}
	fail("no usable RAM holds the kernel and more");
}

/* Copy the command line into bi, and the flags it implies (pcboot.c). */
static void command_line(const struct hvm_start_info *si, struct vmm_boot_info *bi)
{
	const char *s = "";

	if (si->cmdline_paddr)
		s = low(si->cmdline_paddr, VMM_CMDLINE_MAX);
	if (pc_boot_cmdline(bi, s) < 0)
		fail("command line too long");
}

static uint64_t *table_page(void *ctx, uint64_t pa)
{
	(void)ctx;
	return p2v(pa);
}

/* Map the local APIC's 2 MiB at its physical address in the direct map,
 * uncached; end is the first free page after the boot tables. */
static void map_lapic(uint64_t ram, uint64_t end)
{
	uint64_t *direct = p2v(BOOT_PDPT_DIRECT);
	uint64_t slot = LAPIC_PHYS >> 30;
	uint64_t *pd;

	if (ram > LAPIC_PHYS)
		fail("RAM reaches the local APIC");
	if (!direct[slot])
		direct[slot] = end | BOOT_PTE_P | BOOT_PTE_W | BOOT_PTE_A;
	pd = p2v(direct[slot] & ~(uint64_t)0xFFF);
	pd[(LAPIC_PHYS >> 21) & 511] = (LAPIC_PHYS & ~(BOOT_MIB2 - 1)) | BOOT_PTE_P | BOOT_PTE_W |
	                               BOOT_PTE_PWT | BOOT_PTE_PCD | BOOT_PTE_A | BOOT_PTE_D |
	                               BOOT_PTE_PS;
}

/* The boot protocol's tables and GDT, and switch to them. */
static void build_tables(uint64_t ram)
{
	uint64_t end = boot_tables_end(ram);
	static const struct dtr gdtr = {BOOT_GDT_ENTRIES * 8 - 1, VMM_DIRECT_BASE + VMM_BOOT_GDT};

	if (end + PGSIZE > VMM_RESERVED_END)
		fail("RAM too large for the boot page tables");
	memset(p2v(VMM_BOOT_INFO), 0, end + PGSIZE - VMM_BOOT_INFO);
	boot_tables_build(table_page, 0, ram);
	map_lapic(ram, end);
	boot_gdt_build(p2v(VMM_BOOT_GDT));
	lcr3(VMM_BOOT_PML4);
	lgdt(&gdtr);
}

void pvh_main(uint32_t start_info_pa)
{
	/* The start information may lie where the boot structures go (QEMU
	 * puts it below 1 MiB): all of it is read into this copy first. */
	static struct vmm_boot_info boot = {
	    .magic = VMM_BOOT_MAGIC, .version = VMM_BOOT_VERSION, .ncpus = 1};
	const struct hvm_start_info *si = low(start_info_pa, sizeof *si);
	struct vmm_boot_info *bi = p2v(VMM_BOOT_INFO);

	if (si->magic != HVM_START_MAGIC)
		fail("bad hvm_start_info magic");
	boot.ram_size = ram_size(si);
	boot.free_start = v2p(kernel_end);
	command_line(si, &boot);
	build_tables(boot.ram_size);
	*bi = boot;
	pc_boot_machine(bi);
	__asm__ volatile("mov %0, %%rdi; jmp *%1" : : "r"(VMM_BOOT_INFO), "r"(_start) : "rdi");
	__builtin_unreachable();
}
