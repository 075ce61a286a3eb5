/* The state of one virtual machine that the core owns and every part may
 * read: its KVM descriptors, RAM, port bus and exit counts. A part's own
 * state lives in its file. */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <stdbool.h>
#include <stdint.h>

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

struct vm {
	int kvm_fd;
	int vm_fd;
	int vcpu_fd;
	struct kvm_run *run;
	int run_size;
	bool emulated; /* kvm_pvm: every guest kernel instruction is emulated */
	struct guest_mem mem;
	struct io_bus io;
	const struct image *image;   /* what the user named (core/image.h), or NULL */
	const struct kernel *kernel; /* the kernel loaded from it, or NULL */
	bool strict;                 /* unknown ports and MMIO are fatal */
	bool stop;                   /* set by a device or exit handler to end the run */
	/* An OUT may be a debugger's breakpoint and an MMIO write its watched
	 * page (--gdb where int3 and the debug registers cannot be used): those
	 * exits go to the parts' on_debug_exit first. */
	bool debug_traps;
	int exit_code; /* the monitor's exit status once stop is set */
	uint64_t mmio_unknown;
	uint64_t exits[VM_EXIT_KINDS]; /* exits that reached the monitor, by reason */
};

/* Ends the run: the monitor exits with code. */
static inline void vm_stop(struct vm *vm, int code)
{
	vm->stop = true;
	vm->exit_code = code;
}

#endif
