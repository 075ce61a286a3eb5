/* Talking to /dev/kvm: the VM, its memory and its vCPUs. */
#ifndef VMM_KVM_H
#define VMM_KVM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vcpu;

/* Whether the host's KVM is kvm_pvm: every guest kernel instruction
 * emulated, long-mode paging only (no 32-bit guests). */
bool kvm_is_pvm(void);

/* Opens /dev/kvm and checks the API version and every capability the
 * monitor needs. Returns 0, or -1 naming what is missing. */
int kvm_open(struct vm *vm);

/* Creates the VM with the in-kernel LAPIC (split irqchip), maps ram_size
 * bytes of guest RAM at physical 0 and creates vCPUs 0..ncpus-1 (refused
 * beyond what the host's KVM allows); sets CPU 0's CPUID, so the caller is
 * CPU 0's thread. */
int kvm_create_vm(struct vm *vm, uint64_t ram_size, unsigned ncpus);

/* How many vCPUs this host's KVM allows in one VM. */
unsigned kvm_max_vcpus(struct vm *vm);

/* Sets c's CPUID (what KVM supports, with c's APIC ID); from the thread
 * that will run c. Returns 0, or -1 (printed). */
int kvm_vcpu_init(struct vcpu *c);

int kvm_get_sregs(struct vcpu *c, struct kvm_sregs *sregs);
int kvm_set_state(struct vcpu *c, const struct kvm_regs *regs, const struct kvm_sregs *sregs);

/* The guest TSC frequency in kHz, or 0 when KVM cannot tell. */
uint64_t kvm_tsc_khz(struct vm *vm);

void kvm_close(struct vm *vm);

#endif
