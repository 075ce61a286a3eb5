/*
 * nullbench N: N null system calls (getpid). Prints one BENCH line,
 * name=null_syscall (bench/lib/bench.c).
 */
#include "bench/lib/bench.h"

int main(int argc, char **argv)
{
	int n = argc == 2 ? atoi(argv[1]) : -1;
	struct bench b;

	if (n <= 0) {
		fprintf(2, "usage: nullbench N\n");
		return 2;
	}
	bench_start(&b);
	for (int i = 0; i < n; i++)
		getpid();
	bench_report(&b, "null_syscall", n);
	return 0;
}
