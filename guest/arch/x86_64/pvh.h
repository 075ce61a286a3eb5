/*
 * The PVH boot ABI (Xen's "HVM direct boot", which QEMU's -kernel follows
 * for an ELF kernel carrying the note below): the loader enters the
 * physical address in the XEN_ELFNOTE_PHYS32_ENTRY note in 32-bit protected
 * mode, paging off, with EBX = the physical address of struct
 * hvm_start_info. Layouts from Xen's public/arch-x86/hvm/start_info.h.
 */
#ifndef PVH_H
#define PVH_H

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC          0x336ec578 /* "xEn3" */
#define HVM_MEMMAP_RAM           1          /* E820 type: usable RAM */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct hvm_start_info {
	uint32_t magic;
	uint32_t version; /* 1 and later have the memory map */
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr; /* NUL-terminated, or 0 */
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr; /* memmap_entries struct hvm_memmap_entry */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* HVM_MEMMAP_RAM, or reserved kinds */
	uint32_t reserved;
};

void pvh_main(uint32_t start_info_pa) __attribute__((noreturn));
#endif

#endif
