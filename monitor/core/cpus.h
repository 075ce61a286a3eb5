/* The CPUs after the first (vmm_abi.h, "Several CPUs"): each has a thread
 * of its own, created at set-up, that waits until the kernel starts it
 * through the CPU-start device, then runs it like CPU 0. */
#ifndef VMM_CPUS_H
#define VMM_CPUS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm_abi.h"

struct vm;

/* Starts a thread for each of CPUs 1..ncpus-1, which sets its vCPU's CPUID
 * and boot state (i386: the Multiboot state) and waits. Returns 0 once all
 * are waiting, or -1 (printed). */
int cpus_setup(struct vm *vm, bool i386);

/* Runs CPU 0 on the calling thread; when the run ends, wakes and joins the
 * other threads. Returns the monitor's exit status. */
int cpus_run(struct vm *vm);

/* Hands CPU req->cpu its start (entry, stack, argument) once; returns the
 * VMM_STATUS_* for the guest: VMM_STATUS_EINVAL for a CPU out of range,
 * already started, or without a waiting thread. Any vCPU's thread. */
uint32_t cpus_start(struct vm *vm, const struct vmm_cpu_start *req);

/* Ends and joins every thread cpus_setup started (after a failed set-up
 * too); safe to call twice. */
void cpus_join(struct vm *vm);

#endif
