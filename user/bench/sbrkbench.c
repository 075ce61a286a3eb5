/*
 * sbrkbench N: N cycles of growing the heap by 16 MiB with sbrk, writing
 * a byte to each of its pages, and shrinking it back. Prints one BENCH
 * line, name=sbrk_16m (bench/lib/bench.c).
 */
#include "bench/lib/bench.h"

#define GROW (16l << 20)
#define PAGE 4096

int main(int argc, char **argv)
{
	int n = bench_count(argc, argv, "sbrkbench N");
	struct bench b;

	bench_start(&b);
	for (int i = 0; i < n; i++) {
		char *p = sbrk(GROW);

		if (p == (char *)-1) {
			fprintf(2, "sbrkbench: sbrk of 16 MiB failed\n");
			return 1;
		}
		for (long off = 0; off < GROW; off += PAGE)
			p[off] = 1;
		if (sbrk(-GROW) == (char *)-1) {
			fprintf(2, "sbrkbench: shrinking failed\n");
			return 1;
		}
	}
	bench_report(&b, "sbrk_16m", n);
	return 0;
}
