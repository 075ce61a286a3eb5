/* The x86-64 boot protocol of include/vmm_abi.h: page tables, GDT and the
 * boot-information block written into guest RAM, and the vCPU's registers. */
#ifndef VMM_BOOT_H
#define VMM_BOOT_H

#include <linux/kvm.h>
#include <stdint.h>

#include "guest_mem.h"

struct boot_params {
	uint64_t entry;      /* kernel entry, virtual */
	uint64_t free_start; /* first free physical byte after the kernel */
	uint64_t devices;    /* VMM_DEV_* */
	uint64_t flags;      /* VMM_BOOT_F_* */
	uint64_t tsc_khz;
	const char *cmdline; /* shorter than VMM_CMDLINE_MAX */
};

/* Writes the boot structures into m and sets regs and the fields of sregs
 * the protocol defines (sregs should hold the vCPU's reset state). */
int boot_setup(struct guest_mem *m, const struct boot_params *bp, struct kvm_regs *regs,
               struct kvm_sregs *sregs);

#endif
