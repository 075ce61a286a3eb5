/* --stats: what the run cost, printed on stderr when the guest powers off:
 * exits by reason and by device with handling times, the time split, and
 * KVM's own counters. */
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include "observe/kvm_stats.h"

struct vm;

#include "observe/regions.h"

struct run_stats {
	struct kvm_stats_set vcpu, vm;
	struct regions regions;
};

/* Catches SIGUSR1 (a request for the tables so far) from now on. */
int stats_catch_sigusr1(void);

/* Opens KVM's counters and takes the starting snapshot. */
int stats_begin(struct run_stats *st, struct vm *vm);
/* Takes the final snapshot and prints every table (vm->obs must be set). */
void stats_report(struct run_stats *st, const struct vm *vm);
/* Prints the tables so far if SIGUSR1 arrived; called after every KVM_RUN. */
void stats_poll(struct vm *vm);
void stats_close(struct run_stats *st);

#endif
