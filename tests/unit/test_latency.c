/* The latency histogram and its percentiles. */
#include "check.h"
#include "observe/latency.h"

void test_latency(void)
{
	struct latency l = {0};
	CHECK(latency_percentile(&l, 0.5) == 0);
	for (int i = 0; i < 99; i++)
		latency_add(&l, 1000); /* bucket [512, 1024) */
	latency_add(&l, 1000000);      /* bucket [524288, 1048576) */
	CHECK(l.count == 100 && l.total_ns == 99 * 1000 + 1000000);
	uint64_t p50 = latency_percentile(&l, 0.5), p99 = latency_percentile(&l, 0.995);
	CHECK(p50 >= 512 && p50 < 1024);
	CHECK(p99 >= 524288 && p99 < 1048576);
	latency_add(&l, 0);
	latency_add(&l, ~0ull); /* clamps into the last bucket */
	CHECK(l.count == 102);
}
