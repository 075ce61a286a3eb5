/* The vCPU run loop: KVM_RUN until the guest powers off or crashes, with
 * the parts' hooks (core/part.h) around each exit. */
#ifndef VMM_RUN_H
#define VMM_RUN_H

#include <stdint.h>

struct vcpu;

/* The name of a KVM_EXIT_* reason, e.g. "IO". */
const char *exit_reason_name(uint32_t reason);

/* Runs vCPU c on the calling thread until the run ends (vm->stop), then
 * brings the other vCPUs out of KVM_RUN. */
void run_vcpu(struct vcpu *c);

#endif
