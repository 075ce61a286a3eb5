/* The sandbox (sandbox.c): once the guest is set up, a seccomp filter lets
 * the monitor make only the system calls its run loop needs. */
#ifndef VMM_SANDBOX_H
#define VMM_SANDBOX_H

#include <stdbool.h>

/* The descriptors the filter's ioctl rules name. */
struct sandbox_fds {
	int vm_fd; /* KVM_SIGNAL_MSI (console input interrupts) */
	/* KVM_RUN, KVM_GET_REGS on the vCPUs: every descriptor from min to
	 * max. The vCPUs are created one after another, but the range may hold
	 * other descriptors (a gap filled); those requests are vCPU ioctls, which
	 * any other file refuses. */
	int vcpu_fd_min, vcpu_fd_max;
	bool aps;   /* more than one vCPU: KVM_SET_REGS starts the others */
	int tty_fd; /* the console's terminal (raw mode on and off), or -1 */
	/* --gdb: the stub's listening socket (accept4), which also allows the
	 * vCPU's debug ioctls; or -1 */
	int gdb_fd;
};

/* Installs the filter on every thread of the process. A forbidden call
 * then prints "vmm: sandbox: forbidden system call NAME (NR)", calls
 * before_exit (async-signal-safe; may be NULL) and exits with status 1.
 * Returns 0, or -1 (printed) when the host cannot install it. */
int sandbox_enter(const struct sandbox_fds *fds, void (*before_exit)(void));

#endif
