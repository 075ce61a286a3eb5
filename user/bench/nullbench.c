/*
 * nullbench N: N null system calls (getpid). Prints one BENCH line,
 * name=null_syscall (bench/lib/bench.c).
 */
#include "bench/lib/bench.h"

int main(int argc, char **argv)
{
	int n = bench_count(argc, argv, "nullbench N");
	struct bench b;

	bench_start(&b);
	for (int i = 0; i < n; i++)
		getpid();
	bench_report(&b, "null_syscall", n);
	return 0;
}
