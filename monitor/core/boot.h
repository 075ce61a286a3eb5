/* The boot protocols of include/vmm_abi.h: for x86-64, page tables, GDT and
 * the boot-information block written into guest RAM, and the vCPU's
 * registers; for i386, the Multiboot state and information. */
#ifndef VMM_BOOT_H
#define VMM_BOOT_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/guest_mem.h"
#include "vmm_abi.h"

struct boot_params {
	bool i386;           /* an ELF32 kernel: the Multiboot entry */
	uint64_t entry;      /* kernel entry, virtual; physical for i386 */
	uint64_t free_start; /* first free physical byte after the kernel */
	uint64_t devices;    /* VMM_DEV_* */
	uint64_t flags;      /* VMM_BOOT_F_* */
	uint64_t tsc_khz;
	uint32_t ncpus;      /* vCPUs, 1..VMM_CPUS_MAX */
	const char *cmdline; /* shorter than VMM_CMDLINE_MAX */
};

/* Writes the boot structures into m and sets regs and the fields of sregs
 * the protocol defines (sregs should hold the vCPU's reset state). */
int boot_setup(struct guest_mem *m, const struct boot_params *bp, struct kvm_regs *regs,
               struct kvm_sregs *sregs);

/* The segment and control registers every CPU enters the kernel with, in
 * the boot structures boot_setup wrote (sregs should hold the reset state). */
void boot_cpu_sregs(bool i386, struct kvm_sregs *sregs);

/* The general registers another CPU starts with (vmm_abi.h, "Several CPUs"). */
struct kvm_regs boot_ap_regs(const struct vmm_cpu_start *start);

/* The parts the two protocols share (boot.c), and the i386 one
 * (boot_i386.c), which boot_setup calls. */
void boot_info_write(struct guest_mem *m, const struct boot_params *bp);
struct kvm_segment boot_flat_segment(uint16_t selector, uint8_t type, int code64);
void boot_sregs_i386(struct kvm_sregs *sregs);
int boot_setup_i386(struct guest_mem *m, const struct boot_params *bp, struct kvm_regs *regs,
                    struct kvm_sregs *sregs);

#endif
