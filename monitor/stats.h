/* --stats: what the run cost, printed on stderr when the guest powers off. */
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include "kvm_stats.h"

struct vm;

struct run_stats {
	struct kvm_stats_set vcpu, vm;
	uint64_t start_ns;
};

/* Opens KVM's counters and takes the starting snapshot. */
int stats_begin(struct run_stats *st, struct vm *vm);
/* Takes the final snapshot and prints every table. */
void stats_report(struct run_stats *st, const struct vm *vm);
void stats_close(struct run_stats *st);

#endif
