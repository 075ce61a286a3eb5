/*
 * pipebench N: N round trips of one byte between two processes: the
 * parent writes to the child through one pipe, the child answers through
 * another. Prints one BENCH line, name=pipe_rtt (bench/lib/bench.c).
 * The round trips are also a region, "pipebench" (--stats, scripts/icount):
 * each is two switches between the processes, so its counts divided by N
 * are one round trip's (both processes' work and two switches), plus the
 * loop's share of the marks and counter reads around it.
 */
#include "bench/lib/bench.h"

/* The child: echo n bytes from in to out. */
static void echo_back(int in, int out, int n)
{
	char c;

	for (int i = 0; i < n; i++) {
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			exit(1);
	}
	exit(0);
}

int main(int argc, char **argv)
{
	int n = bench_count(argc, argv, "pipebench N"), there[2], back[2], pid, status;
	char c = 'x';
	struct bench_result r;
	struct bench b;

	if (pipe(there) < 0 || pipe(back) < 0 || (pid = fork()) < 0) {
		fprintf(2, "pipebench: cannot set up the pipes and the child\n");
		return 1;
	}
	if (pid == 0)
		echo_back(there[0], back[1], n);
	mark("pipebench");
	bench_start(&b);
	for (int i = 0; i < n; i++) {
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1) {
			fprintf(2, "pipebench: round trip %d failed\n", i);
			return 1;
		}
	}
	bench_stop(&b, n, &r);
	mark(0);
	bench_print("pipe_rtt", &r, 0);
	if (wait(&status) != pid || status != 0) {
		fprintf(2, "pipebench: the child failed\n");
		return 1;
	}
	return 0;
}
