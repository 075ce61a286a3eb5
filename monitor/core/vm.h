/* The state of one virtual machine that the core owns and every part may
 * read: its KVM descriptors, vCPUs, RAM, port bus and exit counts. A part's
 * own state lives in its file. */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "vmm_abi.h"

#include "core/guest_mem.h"
#include "core/io.h"

/* Exit status when the guest crashes (kernel panic, triple fault, KVM error). */
#define VMM_EXIT_CRASH 3
#define VMM_EXIT_ERROR 1
/* Exit status after a simulated power cut (--fail-writes-after). */
#define VMM_EXIT_POWER_CUT 4

struct image;
struct kernel;
struct kvm_run;

/* Exit reasons counted one by one (KVM_EXIT_* below this); the last slot
 * counts every larger reason. */
#define VM_EXIT_KINDS 64

/* One vCPU. Only the thread that runs it (CPU 0: the main thread; the
 * others: their own, core/cpus.c) makes its ioctls and touches its exit
 * counts; other threads only kick it (core/kick.c). */
struct vcpu {
	struct vm *vm;
	unsigned id; /* KVM's vcpu id, and the local APIC ID */
	int fd;
	struct kvm_run *run;
	pthread_t thread; /* valid once has_thread is set */
	atomic_bool has_thread;
	atomic_bool running;           /* in its run loop (a CPU not started yet is not) */
	atomic_uint kick_parts;        /* parts that asked for this vCPU (core/kick.h) */
	uint64_t exits[VM_EXIT_KINDS]; /* exits of this vCPU that reached the monitor, by reason */
};

struct vm {
	int kvm_fd;
	int vm_fd;
	unsigned ncpus; /* vCPUs created: cpu[0..ncpus-1] */
	struct vcpu cpu[VMM_CPUS_MAX];
	int run_size;
	bool emulated; /* kvm_pvm: every guest kernel instruction is emulated */
	struct guest_mem mem;
	struct io_bus io;
	const struct image *image;   /* what the user named (core/image.h), or NULL */
	const struct kernel *kernel; /* the kernel loaded from it, or NULL */
	bool strict;                 /* unknown ports and MMIO are fatal */
	atomic_bool stop;            /* set by a device or exit handler to end the run */
	/* An OUT may be a debugger's breakpoint and an MMIO write its watched
	 * page (--gdb where int3 and the debug registers cannot be used): those
	 * exits go to the parts' on_debug_exit first. */
	bool debug_traps;
	int exit_code; /* the monitor's exit status once stop is set */
	atomic_uint_least64_t mmio_unknown;
};

/* Ends the run: the monitor exits with code. Any vCPU may call it; the
 * first call decides the status (a panic on one CPU is not overwritten by a
 * power-off racing on another). The run loop then brings every vCPU out. */
static inline void vm_stop(struct vm *vm, int code)
{
	bool was = false;
	if (atomic_compare_exchange_strong(&vm->stop, &was, true))
		vm->exit_code = code;
}

#endif
