/*
 * forkbench N: N cycles of fork, exit in the child, wait in the parent.
 * The process is 20 KiB: a page of code, two pages of data (ballast, which
 * fork must copy) and two of stack (arguments, then the stack proper), so
 * the cycle measures the kernel's cost for a process of that size. Prints
 * "BENCH name=fork ops=N"; the host counts the kernel's instructions with
 * ./vmm --stats. The cycles are a --stats region, "forkbench": its counts
 * divided by N are one cycle's (the two marks cost a run two exits).
 */
#include "user.h"

char ballast[2 * 4096] = {1}; /* global: kept even though nothing reads it */

int main(int argc, char **argv)
{
	int n = argc == 2 ? atoi(argv[1]) : -1;

	if (n < 0) {
		fprintf(2, "usage: forkbench N\n");
		return 2;
	}
	ballast[sizeof(ballast) - 1] = 1;
	mark("forkbench");
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
	mark(0);
	printf("BENCH name=fork ops=%d\n", n);
	return 0;
}
