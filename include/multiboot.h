/*
 * The parts of the Multiboot specification (version 0.6.96) that the monitor
 * and the i386 kernel use: the header a kernel carries, the machine state a
 * loader enters it in (EAX = MULTIBOOT_LOADER_MAGIC, EBX = the physical
 * address of struct multiboot_info, protected mode, paging off, flat
 * segments), and the information it passes. The monitor is such a loader
 * for ELF32 kernels, and so is `qemu-system-i386 -kernel`.
 */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H

/* The header: three 32-bit words (magic, flags, checksum, summing to 0),
 * 4-byte aligned within the first MULTIBOOT_SEARCH bytes of the file. */
#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
#define MULTIBOOT_SEARCH       8192
#define MULTIBOOT_PAGE_ALIGN   0x00000001 /* modules on 4 KiB boundaries */
#define MULTIBOOT_MEMORY_INFO  0x00000002 /* mem_lower, mem_upper and the map, please */
#define MULTIBOOT_VIDEO_MODE   0x00000004 /* a graphics mode: the monitor has none */
#define MULTIBOOT_AOUT_KLUDGE  0x00010000 /* load addresses in the header, not the ELF's */

/* EAX at the kernel's entry. */
#define MULTIBOOT_LOADER_MAGIC 0x2BADB002

/* multiboot_info.flags: which fields are valid. */
#define MULTIBOOT_INFO_MEMORY      0x00000001
#define MULTIBOOT_INFO_CMDLINE     0x00000004
#define MULTIBOOT_INFO_MODS        0x00000008
#define MULTIBOOT_INFO_MEM_MAP     0x00000040
#define MULTIBOOT_INFO_LOADER_NAME 0x00000200

#define MULTIBOOT_MEMORY_AVAILABLE 1 /* multiboot_mmap_entry.type of usable RAM */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper; /* KiB from 0 and from 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline; /* physical address of a NUL-terminated string */
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr; /* bytes, physical address */
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
};

/* A module: bytes [mod_start, mod_end) and a string naming it. */
struct multiboot_module {
	uint32_t mod_start, mod_end;
	uint32_t string;
	uint32_t reserved;
};

/* A memory-map entry; size counts the bytes after itself (20), and the next
 * entry starts size + 4 bytes further on. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

_Static_assert(sizeof(struct multiboot_info) == 72, "Multiboot information");
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "Multiboot memory map entry");
#endif

#endif
