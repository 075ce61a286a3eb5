/* The state of one virtual machine, shared by the run loop and the devices. */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/block.h"
#include "core/guest_mem.h"
#include "core/io.h"

/* Exit status when the guest crashes (kernel panic, triple fault, KVM error). */
#define VMM_EXIT_CRASH 3
#define VMM_EXIT_ERROR 1
/* Exit status after a simulated power cut (--fail-writes-after). */
#define VMM_EXIT_POWER_CUT 4

struct kvm_run;
struct observer;
struct profile;
struct run_stats;

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
	struct block_disk disk; /* partition 2 of the image; fd -1 when there is none */
	bool strict;            /* unknown ports and MMIO are fatal */
	bool stop;              /* set by a device or exit handler to end the run */
	int exit_code;          /* the monitor's exit status once stop is set */
	uint64_t mmio_unknown;
	uint64_t exits[VM_EXIT_KINDS]; /* exits that reached the monitor, by reason */
	struct observer *obs;          /* --stats/--trace recording, or NULL */
	struct profile *prof;          /* --profile sampling, or NULL */
	struct run_stats *stats;       /* --stats counters, or NULL */
};

/* Ends the run: the monitor exits with code. */
static inline void vm_stop(struct vm *vm, int code)
{
	vm->stop = true;
	vm->exit_code = code;
}

#endif
