/* --profile[=HZ]: a sampling profiler of the guest. A CPU-time timer
 * (SIGPROF) kicks the vCPU out of KVM_RUN (the signal, and immediate_exit
 * for a signal that lands between two runs); the run loop then reads RIP.
 * Kernel addresses are named from the kernel ELF's symbols at once; user
 * addresses are kept per program and named at the end (profile_user.h). */
#ifndef VMM_PROFILE_H
#define VMM_PROFILE_H

#include <stdint.h>
#include <stdio.h>

#include "observe/profile_user.h"
#include "observe/symbols.h"

#define PROFILE_HZ_DEFAULT 1000
#define PROFILE_HZ_MAX     100000

struct vm;

struct profile {
	struct symbols kernel;
	uint64_t *hits;   /* per kernel symbol */
	uint64_t unknown; /* kernel addresses outside every symbol */
	uint64_t user;    /* user-mode addresses */
	uint64_t samples;
	uint64_t kernel_start; /* RIPs below it are user mode (x86-64 and i386 alike) */
	struct user_profile users;
	const struct block_disk *disk; /* where the user programs' files are */
	const char *folded;            /* where to write folded stacks, or NULL */
	FILE *folded_file;             /* opened at the start: the sandbox opens nothing */
};

/* Loads the kernel's symbols from its ELF, opens the folded file and starts
 * the timer. The kernel's code starts at kernel_start, every user program's
 * lies below. */
int profile_start(struct profile *p, struct vm *vm, unsigned hz, uint8_t *kernel, size_t len,
                  uint64_t kernel_start, const char *folded);
/* Takes a sample if the timer fired; called after every KVM_RUN. */
void profile_poll(struct profile *p, struct vm *vm);
/* Stops the timer, names the user programs' functions, prints the top
 * kernel and user functions and writes the folded file. */
int profile_finish(struct profile *p, FILE *f);

#endif
