/*
 * The parts of the boot information a kernel started by another loader
 * (QEMU) makes for itself that do not depend on the entry: the PVH entry on
 * x86-64 (arch/x86_64/pvh.c) and the Multiboot entry on i386
 * (arch/i386/multiboot.c) both use them.
 */
#include "defs.h"
#include "pc.h"
#include "x86.h"

#define PIC1_DATA 0x21
#define PIC2_DATA 0xA1

/* Set by scripts/qemu when a person types at the console. */
#define INPUT_TTY_WORD "input=tty "

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

/* The flags such a loader implies (SeaBIOS ran first and left bits in free
 * RAM), and the command line s (the loader's own words already skipped)
 * into b: a leading "input=tty" says that the console's input is a person
 * at a terminal. 0, or -1 if s is longer than the block holds. */
int pc_boot_cmdline(struct vmm_boot_info *b, const char *s)
{
	uint32_t n = 0;

	b->flags |= VMM_BOOT_F_RAM_DIRTY;
	if (starts_with(s, INPUT_TTY_WORD)) {
		b->flags |= VMM_BOOT_F_INPUT_TTY;
		s += sizeof INPUT_TTY_WORD - 1;
	}
	for (; s[n]; n++) {
		if (n == VMM_CMDLINE_MAX - 1)
			return -1;
		b->cmdline[n] = s[n];
	}
	b->cmdline[n] = 0;
	b->cmdline_len = n;
	return 0;
}

/* The machine, once the block is in place: the legacy PICs masked (the
 * local APIC is used), and the TSC's rate measured, which the monitor
 * would have given. */
void pc_boot_machine(struct vmm_boot_info *bi)
{
	outb(PIC1_DATA, 0xFF);
	outb(PIC2_DATA, 0xFF);
	bi->tsc_khz = lapic_calibrate();
}
