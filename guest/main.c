/*
 * The kernel's C entry: check the boot-information block, greet, power off.
 * Boot cost is measured in emulated kernel instructions (~1 us each on
 * kvm_pvm), so this path does only what it must.
 *
 * Self-tests for the integration tests, selected by words of the command
 * line (the monitor's arguments after "--"):
 *   panic-test  panic("requested by command line"): the panic path.
 *   fault-test  read unmapped virtual address 0x1000 (there is no identity
 *               map): a #PF whose trap panic dumps the registers and CR2.
 */
#include "defs.h"
#include "vmm_abi.h"

/* Whether the n-byte word w is the string lit (a literal). */
#define WORD_IS(w, n, lit) ((n) == sizeof(lit) - 1 && __builtin_memcmp(w, lit, n) == 0)

static void selftests(const char *s)
{
	while (*s) {
		const char *w = s;

		while ((unsigned char)*s > ' ') /* to the word's end: a space or the NUL */
			s++;
		if (WORD_IS(w, s - w, "panic-test"))
			panic("requested by command line");
		if (WORD_IS(w, s - w, "fault-test"))
			(void)*(volatile char *)0x1000;
		if (*s)
			s++;
	}
}

void __attribute__((noreturn)) main(const struct vmm_boot_info *bi)
{
	arch_init(); /* first: a fault from here on is a trap panic, not a triple fault */
	if (bi->magic != VMM_BOOT_MAGIC || bi->version != VMM_BOOT_VERSION)
		panic("bad boot info: magic 0x%x version %u", bi->magic, bi->version);
	if (bi->cmdline_len >= VMM_CMDLINE_MAX || bi->cmdline[bi->cmdline_len] != 0)
		panic("bad boot info: cmdline_len %u", bi->cmdline_len);
	kprintf("xv6-64: %lu MiB RAM, cmdline \"%s\", kernel instructions %s\n",
	        (unsigned long)(bi->ram_size >> 20), bi->cmdline,
	        (bi->flags & VMM_BOOT_F_EMULATED) ? "emulated" : "native");
	selftests(bi->cmdline);
	poweroff(0);
}
