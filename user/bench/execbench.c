/*
 * execbench N [PROGRAM NAME]: N cycles of fork, exec of PROGRAM in the
 * child (default /bin/true, a one-page program), its exit, and wait in the
 * parent. Prints two BENCH lines (bench/lib/bench.c): NAME (default exec), the
 * whole cycle, and NAME_only, the cycle less a fork, exit and wait of this
 * same process, timed first: what the exec itself costs (and the exit of
 * the new program rather than of the copy). scripts/bench-compare also
 * spawns /bin/bigtrue with it, a program of 1 MiB that exec must read and
 * load (name spawn_1m).
 * The two loops are also regions (--stats, scripts/icount): NAME_fork,
 * the cycles without exec, and NAME, the cycles with it; their counts
 * divided by N are one cycle's.
 */
#include "bench/lib/bench.h"

/* n cycles of fork, exec of prog in the child (or an exit at once when
 * prog is 0), and wait: 0, or -1 after saying why. */
static int cycles(int n, char *prog)
{
	char *args[] = {prog, 0};
	int status;

	for (int i = 0; i < n; i++) {
		int pid = fork();

		if (pid < 0) {
			fprintf(2, "execbench: fork failed\n");
			return -1;
		}
		if (pid == 0 && !prog)
			exit(0);
		if (pid == 0) {
			exec(prog, args);
			fprintf(2, "execbench: cannot exec %s\n", prog);
			exit(127);
		}
		if (wait(&status) != pid || status != 0) {
			fprintf(2, "execbench: %s did not exit 0\n", prog ? prog : "a child");
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc >= 2 ? atoi(argv[1]) : -1;
	char *prog = argc == 4 ? argv[2] : "/bin/true";
	const char *name = argc == 4 ? argv[3] : "exec";
	struct bench_result fork_only, whole;
	struct bench b;
	char only[64], fork_label[32];

	if (n <= 0 || (argc != 2 && argc != 4)) {
		fprintf(2, "usage: execbench N [PROGRAM NAME]\n");
		return 2;
	}
	snprintf(fork_label, sizeof fork_label, "%s_fork", name);
	mark(fork_label);
	bench_start(&b);
	if (cycles(n, 0) < 0)
		return 1;
	bench_stop(&b, n, &fork_only);
	mark(0);
	mark(name);
	bench_start(&b);
	if (cycles(n, prog) < 0)
		return 1;
	bench_stop(&b, n, &whole);
	mark(0);
	bench_print(name, &whole, 0);
	bench_subtract(&whole, &fork_only);
	snprintf(only, sizeof only, "%s_only", name);
	bench_print(only, &whole, 0);
	return 0;
}
