/*
 * The hostile guest's boot and main loop. It takes what it needs from the
 * boot information, moves off the monitor's GDT and page tables (which
 * then become targets like any other memory), finds the block device, then
 * runs the rounds: each picks a device (or an unclaimed port, or an
 * unbacked address) and one attack on it. The command line sets the seed
 * and the number of rounds: "seed=N rounds=N".
 */
#include "hostile.h"

#define PTE_P    1ull
#define PTE_W    2ull
#define PTE_PS   (1ull << 7)
#define KPHYS(p) ((uint64_t)(p)-VMM_KERNEL_BASE)

#define MAX_GIB 2 /* RAM this guest maps */

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt_direct[512] __attribute__((aligned(4096)));
static uint64_t pdpt_kernel[512] __attribute__((aligned(4096)));
static uint64_t pd[MAX_GIB][512] __attribute__((aligned(4096)));
static uint64_t pd_hole[512] __attribute__((aligned(4096)));

static const uint64_t gdt[3] = {0, 0x00af9a000000ffffull, 0x00cf92000000ffffull};

static void poweroff(uint32_t status)
{
	__asm__ volatile("outl %0, %1" : : "a"(status), "Nd"(VMM_PORT_POWEROFF));
	for (;;)
		__asm__ volatile("hlt");
}

static void fail(const char *why)
{
	print("hostile: ");
	print(why);
	print("\n");
	poweroff(1);
}

/* The boot layout of vmm_abi.h, in tables of this kernel's own: the
 * direct map of RAM, the kernel map, and one 2 MiB page at MMIO_HOLE,
 * which no RAM backs. */
static void own_page_tables(void)
{
	for (uint64_t g = 0; g * GIB < ram_size; g++) {
		for (uint64_t j = 0; j < 512 && g * GIB + j * 2 * MIB < ram_size; j++)
			pd[g][j] = (g * GIB + j * 2 * MIB) | PTE_P | PTE_W | PTE_PS;
		pdpt_direct[g] = KPHYS(pd[g]) | PTE_P | PTE_W;
		pdpt_kernel[510 + g] = KPHYS(pd[g]) | PTE_P | PTE_W;
	}
	pd_hole[0] = MMIO_HOLE | PTE_P | PTE_W | PTE_PS;
	pdpt_direct[MMIO_HOLE / GIB] = KPHYS(pd_hole) | PTE_P | PTE_W;
	pml4[(VMM_DIRECT_BASE >> 39) & 511] = KPHYS(pdpt_direct) | PTE_P | PTE_W;
	pml4[(VMM_KERNEL_BASE >> 39) & 511] = KPHYS(pdpt_kernel) | PTE_P | PTE_W;
	__asm__ volatile("mov %0, %%cr3" : : "r"(KPHYS(pml4)) : "memory");
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = {sizeof(gdt) - 1, (uint64_t)gdt};
	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
}

/* The number after "name=" in the command line, or def. */
static uint64_t option(const char *cmdline, const char *name, uint64_t def)
{
	for (const char *p = cmdline; *p; p++) {
		if (p != cmdline && p[-1] != ' ')
			continue;
		size_t i = 0;
		while (name[i] && p[i] == name[i])
			i++;
		if (name[i] || p[i] != '=')
			continue;
		uint64_t v = 0;
		for (p += i + 1; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (uint64_t)(*p - '0');
		return v;
	}
	return def;
}

static void play_round(void)
{
	uint64_t r = below(100);
	if (r < 8) {
		enum dev d = (enum dev)below(D_COUNT);
		attack_misuse(d, PORT_OF(d));
	} else if (r < 16)
		attack_console();
	else if (r < 24)
		attack_console_in();
	else if (r < 28)
		attack_poweroff();
	else if (r < 38)
		attack_mark();
	else if (r < 58)
		attack_copy();
	else if (r < 82)
		attack_block();
	else if (r < 88)
		attack_unclaimed();
	else if (r < 92)
		attack_counters();
	else
		attack_mmio();
}

static const char *const names[D_COUNT] = {"console", "poweroff",   "copy",    "mark",
                                           "block",   "console-in", "counters"};

static void print_row(const char *what, const uint64_t *v)
{
	print("hostile: ");
	print(what);
	for (int d = 0; d < D_COUNT; d++) {
		print(d ? ", " : " ");
		print(names[d]);
		print(" ");
		print_u64(v[d]);
	}
	print("\n");
}

static void summary(uint64_t seed, uint64_t rounds)
{
	uint64_t inputs = tally.unclaimed_in + tally.unclaimed_out + tally.mmio;
	for (int d = 0; d < D_COUNT; d++)
		inputs += tally.tried[d];
	print("\nhostile: seed ");
	print_u64(seed);
	print(", ");
	print_u64(rounds);
	print(" rounds, ");
	print_u64(inputs);
	print(" inputs tried\n");
	print_row("inputs", tally.tried);
	print_row("valid", tally.valid);
	print_row("refused", tally.errors);
	print("hostile: unclaimed port reads ");
	print_u64(tally.unclaimed_in);
	print(", writes ");
	print_u64(tally.unclaimed_out);
	print("; unbacked addresses ");
	print_u64(tally.mmio);
	print("\nhostile: wrong answers ");
	print_u64(tally.wrong);
	print("\n");
}

void hostile_main(const struct vmm_boot_info *bi)
{
	static char cmdline[VMM_CMDLINE_MAX];
	const uint64_t all = VMM_DEV_CONSOLE | VMM_DEV_POWEROFF | VMM_DEV_COPY | VMM_DEV_MARK |
	                     VMM_DEV_BLOCK | VMM_DEV_CONSOLE_IN | VMM_DEV_COUNTERS;
	ram_size = bi->ram_size;
	memcpy(cmdline, bi->cmdline, sizeof(cmdline) - 1);
	if (bi->magic != VMM_BOOT_MAGIC || (bi->devices & all) != all)
		fail("needs every device: boot it from an image with a data partition");
	if (bi->free_start > PROTECT_END || ram_size < ZONE_END || ram_size > MAX_GIB * GIB)
		fail("needs 24 MiB to 2 GiB of RAM and a kernel below 4 MiB");
	own_page_tables();
	if (block_init() < 0)
		fail("block INFO failed, or the partition is over 16 MiB");
	uint64_t seed = option(cmdline, "seed", 1), rounds = option(cmdline, "rounds", 1000);
	rnd_seed(seed);
	for (iteration = 0; iteration < rounds; iteration++)
		play_round();
	summary(seed, rounds);
	poweroff(tally.wrong ? 1 : 0);
}
