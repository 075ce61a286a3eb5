/* Guest-marked regions: every KVM counter and every exit reaching the
 * monitor, summed per label over the times the guest entered the region. */
#ifndef VMM_REGIONS_H
#define VMM_REGIONS_H

#include <stdint.h>
#include <stdio.h>

#include "vmm_abi.h"

#define REGIONS_MAX 32

struct kvm_stats_set;

struct region {
	char label[VMM_MARK_LABEL_MAX];
	uint64_t entries;
	uint64_t ns;
	uint64_t monitor_exits;
	uint64_t *kvm; /* summed deltas, one per KVM statistic value */
};

struct open_region {
	int index; /* into regions[] */
	uint64_t start_ns;
	uint64_t start_exits;
	uint64_t *start_kvm;
};

struct regions {
	const struct kvm_stats_set *kvm; /* the vCPU's statistics */
	uint64_t *scratch;               /* a snapshot being taken */
	struct region region[REGIONS_MAX];
	int count;
	struct open_region open[VMM_MARK_DEPTH];
	int depth;
	uint64_t dropped; /* marks past the limits, or unbalanced ends */
};

int regions_init(struct regions *r, const struct kvm_stats_set *kvm);
/* exits: the number of exits that reached the monitor so far. */
void regions_begin(struct regions *r, const char *label, uint64_t exits);
void regions_end(struct regions *r, uint64_t exits);
void regions_report(const struct regions *r, FILE *f);
void regions_free(struct regions *r);

#endif
