/*
 * nullbench N: N null system calls (getpid). Prints one BENCH line,
 * name=null_syscall (lib/bench.c). The calls are also a region,
 * "nullbench" (--stats, scripts/icount): its counts divided by N are one
 * call's, plus the loop's share of the counter reads around it.
 */
#include "user.h"

int main(int argc, char **argv)
{
	int n = argc == 2 ? atoi(argv[1]) : -1;
	struct bench_result r;
	struct bench b;

	if (n <= 0) {
		fprintf(2, "usage: nullbench N\n");
		return 2;
	}
	mark("nullbench");
	bench_start(&b);
	for (int i = 0; i < n; i++)
		getpid();
	bench_stop(&b, n, &r);
	mark(0);
	bench_print("null_syscall", &r, 0);
	return 0;
}
