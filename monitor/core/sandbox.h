/* The sandbox (sandbox.c): once the guest is set up, a seccomp filter lets
 * the monitor make only the system calls its run loop needs. */
#ifndef VMM_SANDBOX_H
#define VMM_SANDBOX_H

/* The descriptors the filter's ioctl rules name. */
struct sandbox_fds {
	int vm_fd;   /* KVM_SIGNAL_MSI (console input interrupts) */
	int vcpu_fd; /* KVM_RUN, KVM_GET_REGS */
	int tty_fd;  /* the console's terminal (raw mode on and off), or -1 */
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
