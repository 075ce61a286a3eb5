/*
 * The kernel's C entry: check the boot-information block, greet, set up,
 * and start the first process. Boot cost is measured in emulated kernel
 * instructions (~1 us each on kvm_pvm), so this path does only what it
 * must: nothing here walks RAM or a table.
 *
 * The command line (the monitor's arguments after "--") starts with kernel
 * options, words the kernel knows; the other words are the arguments of
 * the first process, /bin/init (init.c), which runs them as a command, or
 * the shell when there are none. Without a disk and a command, the kernel
 * powers off after the greeting. Options:
 *   copy=cpu     copy and zero pages with the CPU (copy.c)
 *   copy=engine  with the monitor's copy engine (else: the engine where
 *                kernel instructions are emulated)
 *   panic-test   panic("requested by command line"): the panic path.
 *   fault-test   read unmapped virtual address 0x1000 (there is no identity
 *                map): a #PF whose trap panic dumps the registers and CR2.
 */
#include "defs.h"
#include "fs.h"
#include "pc.h"
#include "vmm_abi.h"

/* Whether the n-byte word w is the string lit (a literal). */
#define WORD_IS(w, n, lit) ((n) == sizeof(lit) - 1 && __builtin_memcmp(w, lit, n) == 0)

/* Act on the options at the start of s; return the rest. */
static char *options(char *s, enum copy_path *copy)
{
	for (;;) {
		char *w;
		size_t n;

		while (*s == ' ')
			s++;
		for (w = s; (unsigned char)*s > ' ';) /* to the word's end: a space or the NUL */
			s++;
		n = s - w;
		if (WORD_IS(w, n, "panic-test"))
			panic("requested by command line");
		else if (WORD_IS(w, n, "fault-test"))
			(void)*(volatile char *)0x1000;
		else if (WORD_IS(w, n, "copy=cpu"))
			*copy = COPY_CPU;
		else if (WORD_IS(w, n, "copy=engine"))
			*copy = COPY_ENGINE;
		else
			return w;
	}
}

void __attribute__((noreturn)) main(struct vmm_boot_info *bi)
{
	enum copy_path copy = COPY_AUTO;
	char *init;

	arch_init(); /* first: a fault from here on is a trap panic, not a triple fault */
	if (bi->magic != VMM_BOOT_MAGIC || bi->version != VMM_BOOT_VERSION)
		panic("bad boot info: magic 0x%x version %u", bi->magic, bi->version);
	if (bi->cmdline_len >= VMM_CMDLINE_MAX || bi->cmdline[bi->cmdline_len] != 0)
		panic("bad boot info: cmdline_len %u", bi->cmdline_len);
	if (!on_monitor(bi)) { /* QEMU: a PC's devices in place of the monitor's */
		console_use_uart();
		poweroff_use_debugexit();
	}
	kprintf("xv6-%u: %lu MiB RAM, cmdline \"%s\", kernel instructions %s\n",
	        (unsigned)sizeof(void *) * 8, (unsigned long)(bi->ram_size >> 20), bi->cmdline,
	        (bi->flags & VMM_BOOT_F_EMULATED) ? "emulated" : "native");
	init = options(bi->cmdline, &copy);
	/* Nothing to run: no command, and no disk to find init on (a PC's disk,
	 * under QEMU, is known only once probed). */
	if (!*init && !(bi->devices & VMM_DEV_BLOCK) && on_monitor(bi))
		poweroff(0);
	kinit(bi->free_start, bi->ram_size, (bi->flags & VMM_BOOT_F_RAM_DIRTY) != 0);
	copy_init(bi, copy);
	clock_init(bi);
	counters_init(bi);
	fs_init();
	console_in_init(bi);
	lapic_init();
	init_start(init);
	scheduler();
}
