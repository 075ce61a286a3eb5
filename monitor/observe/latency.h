/* A count of events with their total time and a log2 histogram of their
 * durations, for percentiles without keeping every sample. */
#ifndef VMM_LATENCY_H
#define VMM_LATENCY_H

#include <stdint.h>

#define LATENCY_BUCKETS 48 /* bucket b holds durations in [2^(b-1), 2^b) ns */

struct latency {
	uint64_t count;
	uint64_t total_ns;
	uint64_t bucket[LATENCY_BUCKETS];
};

void latency_add(struct latency *l, uint64_t ns);
/* The duration below which a fraction p (0..1) of the events fall, as the
 * geometric middle of its bucket; 0 when there are no events. */
uint64_t latency_percentile(const struct latency *l, double p);

#endif
