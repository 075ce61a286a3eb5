/* The vCPU run loop: KVM_RUN until the guest powers off or crashes. */
#ifndef VMM_RUN_H
#define VMM_RUN_H

struct vm;

/* Runs the guest; returns the monitor's exit status. */
int run_guest(struct vm *vm);

#endif
