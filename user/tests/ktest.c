/*
 * ktest: the kernel's tests, run as the first process (pid 1).
 *
 *   ktest [TEST...]     runs the named tests, or all of them, printing
 *                       "ok - NAME" or "FAIL - NAME: why" for each and then
 *                       "ktest: N passed, N failed"; exits 0 when all pass.
 *   ktest bench-null N  N getpid calls       } each prints
 *   ktest bench-fork N  N fork+exit+wait     } "BENCH name=NAME ops=N";
 *   ktest bench-none    nothing (a baseline) } the host counts the kernel's
 *                                              instructions (vmm --stats).
 *
 * A test returns 0 when it passes, or why it failed. Work that may kill or
 * corrupt the process doing it runs in a child; a child that finds a fault
 * prints why (only its exit status reaches the parent) and exits with
 * CHILD_FAILED.
 */
#include "ktest/ktest.h"

static const struct test tests[] = {
    {"syscall", t_syscall, 0},
    {"regs", t_regs, 0},
    {"forkwait", t_forkwait, 0},
    {"getpid", t_getpid, 0},
    {"forkcopy", t_forkcopy, 0},
    {"kill", t_kill, 0},
    {"kill-sleeping", t_kill_sleeping, 0},
    {"kill-self", t_kill_self, 0},
    {"kill-waiting", t_kill_waiting, 0},
    {"orphan", t_orphan, 0},
    {"orphan-zombie", t_orphan_zombie, 0},
    {"preempt", t_preempt, 0},
    {"uptime", t_uptime, 0},
    {"fault", t_fault, 0},
    {"badwrite", t_badwrite, 0},
    {"badwait", t_badwait, 0},
    {"sbrk", t_sbrk, 0},
    {"sbrk-exhaust", t_sbrk_exhaust, 0},
    {"proctable", t_proctable, 0},
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static const struct suite suite = {"ktest: ", tests, NTESTS, 0, 0};

/* ---- Benchmarks ---- */

static int bench_null(int n)
{
	for (int i = 0; i < n; i++)
		getpid();
	return 0;
}

static int bench_fork(int n)
{
	int pid;

	for (int i = 0; i < n; i++) {
		if ((pid = fork()) == 0)
			exit(0);
		if (pid < 0 || wait(0) != pid)
			return -1;
	}
	return 0;
}

/* argv[0] is "bench-NAME", argv[1] the count where the benchmark takes one. */
static int bench(int argc, char **argv)
{
	const char *name = argv[0] + sizeof("bench-") - 1;
	int n = argc == 2 ? atoi(argv[1]) : 0, r;

	if (strcmp(name, "none") == 0 && argc == 1)
		r = 0;
	else if (strcmp(name, "null") == 0 && n > 0)
		r = bench_null(n);
	else if (strcmp(name, "fork") == 0 && n > 0)
		r = bench_fork(n);
	else {
		printf("usage: ktest bench-null N | bench-fork N | bench-none\n");
		return 2;
	}
	if (r < 0) {
		printf("ktest: bench-%s failed\n", name);
		return 1;
	}
	printf("BENCH name=%s ops=%d\n", name, n);
	return 0;
}

int main(int argc, char **argv)
{
	test_prog = "ktest";
	if (argc > 1 && strncmp(argv[1], "bench-", 6) == 0)
		return bench(argc - 1, argv + 1);
	return run_suite(&suite, 0, argc - 1, argv + 1);
}
