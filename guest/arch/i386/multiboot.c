/*
 * From the Multiboot entry (entry.S) to main: find the boot-information
 * block. The monitor passes it as a Multiboot module (vmm_abi.h); another
 * loader (qemu-system-i386 -kernel) does not, and the kernel then writes a
 * block of its own at VMM_BOOT_INFO from the Multiboot information, with no
 * monitor devices in it (so main uses a PC's, pc.h).
 */
#include "defs.h"
#include "memlayout.h"
#include "multiboot.h"
#include "pc.h"
#include "vmm_abi.h"

void main(struct vmm_boot_info *bi) __attribute__((noreturn)); /* main.c */

extern char kernel_end[]; /* kernel.ld */

/* Whether the monitor started us: its block is module 0. */
static int from_monitor(const struct multiboot_info *mbi)
{
	const struct multiboot_module *m = p2v(mbi->mods_addr);

	return (mbi->flags & MULTIBOOT_INFO_MODS) && mbi->mods_count > 0 &&
	       m->mod_start == VMM_BOOT_INFO &&
	       __builtin_memcmp(p2v(m->string), VMM_BOOT_INFO_MODULE,
	                        sizeof VMM_BOOT_INFO_MODULE) == 0;
}

/* The end of the usable RAM that holds the kernel: the memory map's
 * available region around the kernel's load address, else 1 MiB plus
 * mem_upper. */
static uint64_t ram_end(const struct multiboot_info *mbi)
{
	uint64_t load = v2p(kernel_end) - 1;

	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		for (uint32_t off = 0; off < mbi->mmap_length;) {
			const struct multiboot_mmap_entry *e = p2v(mbi->mmap_addr + off);

			if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr <= load &&
			    load - e->addr < e->len)
				return e->addr + e->len;
			off += e->size + sizeof e->size;
		}
	}
	return (uint64_t)(1024 + mbi->mem_upper) << 10;
}

/* The command line without its first word, the kernel's name (a loader
 * passes "kernel-path args..."). */
static const char *cmdline(const struct multiboot_info *mbi)
{
	const char *s = p2v(mbi->cmdline);

	if (!(mbi->flags & MULTIBOOT_INFO_CMDLINE))
		return "";
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

/* Write the block at VMM_BOOT_INFO for a kernel another loader started, and
 * set up the machine as the monitor would have. The block is built aside
 * first: the loader's information may lie anywhere, that page included.
 * Free RAM starts after the kernel; the loader's data is dead once copied.
 * A command line too long for the block is a triple fault: there is no
 * console yet. */
static void from_multiboot(const struct multiboot_info *mbi)
{
	static struct vmm_boot_info b;
	struct vmm_boot_info *bi = p2v(VMM_BOOT_INFO);

	b.magic = VMM_BOOT_MAGIC;
	b.version = VMM_BOOT_VERSION;
	b.ncpus = 1; /* the others are not started by a Multiboot loader */
	b.ram_size = ram_end(mbi);
	b.free_start = v2p(kernel_end);
	if (pc_boot_cmdline(&b, cmdline(mbi)) < 0)
		__builtin_trap();
	*bi = b;
	pc_boot_machine(bi);
}

void __attribute__((noreturn)) multiboot_main(uint32_t magic, uint32_t mbi_pa)
{
	const struct multiboot_info *mbi = p2v(mbi_pa);
	struct vmm_boot_info *bi = p2v(VMM_BOOT_INFO);

	if (magic != MULTIBOOT_LOADER_MAGIC)
		__builtin_trap(); /* no IDT yet: a triple fault, which a monitor reports */
	if (!from_monitor(mbi))
		from_multiboot(mbi);
	if (bi->ram_size > PHYS_TOP)
		bi->ram_size = PHYS_TOP; /* the direct map reaches no further */
	main(bi);
}
