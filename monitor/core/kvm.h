/* Talking to /dev/kvm: the VM, its memory and its one vCPU. */
#ifndef VMM_KVM_H
#define VMM_KVM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

struct vm;

/* Whether the host's KVM is kvm_pvm: every guest kernel instruction
 * emulated, long-mode paging only (no 32-bit guests). */
bool kvm_is_pvm(void);

/* Opens /dev/kvm and checks the API version and every capability the
 * monitor needs. Returns 0, or -1 naming what is missing. */
int kvm_open(struct vm *vm);

/* Creates the VM with the in-kernel LAPIC (split irqchip), maps ram_size
 * bytes of guest RAM at physical 0 and creates vCPU 0. */
int kvm_create_vm(struct vm *vm, uint64_t ram_size);

int kvm_get_sregs(struct vm *vm, struct kvm_sregs *sregs);
int kvm_set_state(struct vm *vm, const struct kvm_regs *regs, const struct kvm_sregs *sregs);

/* The guest TSC frequency in kHz, or 0 when KVM cannot tell. */
uint64_t kvm_tsc_khz(struct vm *vm);

void kvm_close(struct vm *vm);

#endif
