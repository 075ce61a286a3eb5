/*
 * forkbench N: N cycles of fork, exit in the child, wait in the parent;
 * prints one BENCH line, name=fork (bench/lib/bench.c). The process is 20 KiB:
 * two pages of code, a page of data (ballast, which fork must copy) and
 * two of stack (arguments, then the stack proper), so the cycle measures
 * the kernel's cost for a process of that size (scripts/bench-kernel).
 * The cycles are also a --stats region, "forkbench": its counts divided by
 * N are one cycle's (the two marks and the counter reads around the loop
 * cost a run seven exits).
 */
#include "bench/lib/bench.h"

char ballast[4096] = {1}; /* global: kept even though nothing reads it */

int main(int argc, char **argv)
{
	int n = bench_count(argc, argv, "forkbench N");
	struct bench_result r;
	struct bench b;

	ballast[sizeof(ballast) - 1] = 1;
	mark("forkbench");
	bench_start(&b);
	for (int i = 0; i < n; i++) {
		int pid = fork();

		if (pid < 0) {
			fprintf(2, "forkbench: fork failed\n");
			return 1;
		}
		if (pid == 0)
			exit(0);
		if (wait(0) != pid) {
			fprintf(2, "forkbench: wait failed\n");
			return 1;
		}
	}
	bench_stop(&b, n, &r);
	mark(0);
	bench_print("fork", &r, 0);
	return 0;
}
