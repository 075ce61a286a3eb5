/* The vCPU run loop: KVM_RUN until the guest powers off or crashes, with
 * the parts' hooks (core/part.h) around each exit. */
#ifndef VMM_RUN_H
#define VMM_RUN_H

#include <stdint.h>

struct vm;

/* The name of a KVM_EXIT_* reason, e.g. "IO". */
const char *exit_reason_name(uint32_t reason);

/* Runs the guest; returns the monitor's exit status. */
int run_guest(struct vm *vm);

#endif
