/*
 * conbench N: N writes of one byte to the console (standard output), then
 * a newline. Prints one BENCH line, name=console_write (bench/lib/bench.c).
 * The writes are also a region, "conbench" (--stats, scripts/icount): its
 * counts divided by N are one write's. The monitor's console takes a whole
 * write in one exit (guest/console.c), whatever its length.
 */
#include "bench/lib/bench.h"

int main(int argc, char **argv)
{
	int n = bench_count(argc, argv, "conbench N");
	struct bench_result r;
	struct bench b;

	mark("conbench");
	bench_start(&b);
	for (int i = 0; i < n; i++) {
		if (write(1, ".", 1) != 1) {
			fprintf(2, "conbench: write %d failed\n", i);
			return 1;
		}
	}
	bench_stop(&b, n, &r);
	mark(0);
	printf("\n");
	bench_print("console_write", &r, 0);
	return 0;
}
