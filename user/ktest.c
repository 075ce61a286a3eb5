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
    {"syscall", t_syscall},
    {"regs", t_regs},
    {"forkwait", t_forkwait},
    {"getpid", t_getpid},
    {"forkcopy", t_forkcopy},
    {"kill", t_kill},
    {"kill-sleeping", t_kill_sleeping},
    {"kill-self", t_kill_self},
    {"kill-waiting", t_kill_waiting},
    {"orphan", t_orphan},
    {"orphan-zombie", t_orphan_zombie},
    {"preempt", t_preempt},
    {"uptime", t_uptime},
    {"fault", t_fault},
    {"badwrite", t_badwrite},
    {"badwait", t_badwait},
    {"sbrk", t_sbrk},
    {"sbrk-exhaust", t_sbrk_exhaust},
    {"proctable", t_proctable},
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static int run(const struct test *t)
{
	const char *r;

	test_name = t->name;
	nkids = 0;
	if (!(r = t->run())) {
		printf("ok - %s\n", t->name);
		return 1;
	}
	printf("FAIL - %s: %s\n", t->name, r);
	test_clean_up();
	return 0;
}

/* Runs the named test; returns 1 if it passed. */
static int run_named(const char *name)
{
	for (unsigned i = 0; i < NTESTS; i++) {
		if (strcmp(tests[i].name, name) == 0)
			return run(&tests[i]);
	}
	printf("FAIL - %s: no such test\n", name);
	return 0;
}

static int run_tests(int n, char **names)
{
	int count[2] = {0, 0}; /* failed, passed */

	if (n == 0) {
		for (unsigned i = 0; i < NTESTS; i++)
			count[run(&tests[i])]++;
	}
	for (int i = 0; i < n; i++)
		count[run_named(names[i])]++;
	printf("ktest: %d passed, %d failed\n", count[1], count[0]);
	return count[0] != 0;
}

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
	return run_tests(argc > 1 ? argc - 1 : 0, argv + 1);
}
