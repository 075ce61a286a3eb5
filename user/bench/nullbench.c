/*
 * nullbench N: N null system calls (getpid). Prints one BENCH line,
 * name=null_syscall (bench/lib/bench.c). The calls are also a region,
 * "nullbench" (--stats, scripts/icount): its counts divided by N are one
 * call's, plus the loop's share of the counter reads around it.
 */
#include "bench/lib/bench.h"

int main(int argc, char **argv)
{
	int n = bench_count(argc, argv, "nullbench N");
	struct bench_result r;
	struct bench b;

	mark("nullbench");
	bench_start(&b);
	for (int i = 0; i < n; i++)
		getpid();
	bench_stop(&b, n, &r);
	mark(0);
	bench_print("null_syscall", &r, 0);
	return 0;
}
