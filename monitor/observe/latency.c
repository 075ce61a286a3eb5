#include "observe/latency.h"

void latency_add(struct latency *l, uint64_t ns)
{
	unsigned b = ns ? 64 - (unsigned)__builtin_clzll(ns) : 0;
	if (b >= LATENCY_BUCKETS)
		b = LATENCY_BUCKETS - 1;
	l->count++;
	l->total_ns += ns;
	l->bucket[b]++;
}

uint64_t latency_percentile(const struct latency *l, double p)
{
	if (l->count == 0)
		return 0;
	uint64_t want = (uint64_t)(p * (double)l->count);
	if (want >= l->count)
		want = l->count - 1;
	uint64_t seen = 0;
	unsigned b = 0;
	for (; b < LATENCY_BUCKETS - 1; b++) {
		seen += l->bucket[b];
		if (seen > want)
			break;
	}
	if (b == 0)
		return 0;
	/* [2^(b-1), 2^b): report its geometric middle, 2^(b-0.5). */
	return (uint64_t)((double)(1ull << (b - 1)) * 1.41421356);
}
