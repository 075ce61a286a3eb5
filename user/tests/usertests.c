/*
 * usertests: the kernel's own self-test suite, from user space.
 *
 *   usertests            runs every test but the manual one (poweroff)
 *   usertests -q         the same, each test smaller: fewer rounds, files,
 *                        bytes and processes (seconds, for make test)
 *   usertests [-q] TEST...  the named tests (the manual one included)
 *   usertests -t ...     each test's time (in seconds) on its line too
 *   usertests --args N T  exec tests' helper: exits 0 if it got N
 *                        arguments of T bytes in all
 *   usertests --fpu-initial  fpu-exec's helper: exits 0 if it started with
 *                        the initial x87/SSE registers
 *
 * Prints "ok - NAME" or "FAIL - NAME: why" for each test, then
 * "N passed, N failed"; exits 0 only when all passed. Each test runs in a
 * fresh directory, UT_DIR, removed after it; its heap memory is given
 * back; and after it, as many processes and descriptors must exist as
 * before (a test that leaks one fails). A test returns 0 when it passes,
 * or why it failed; work that may kill or corrupt the process doing it
 * runs in a child. Orphans go to init, or to usertests when it is init
 * (./vmm guest.img -- usertests), which then reaps them.
 */
#include "usertests/usertests.h"

static const struct test tests[] = {
    /* every system call, normal and error paths */
    {"badcall", t_badcall, 0},
    {"fork-wait", t_fork_wait, 0},
    {"kill", t_kill, 0},
    {"sleep", t_sleep, 0},
    {"uptime-ns", t_uptime_ns, 0},
    {"sbrk", t_sbrk, 0},
    {"setpgid", t_setpgid, 0},
    {"tcsetpgrp", t_tcsetpgrp, 0},
    {"procs", t_procs, 0},
    {"mark", t_mark, 0},
    {"counters", t_counters, 0},
    {"open", t_open, 0},
    {"readwrite", t_readwrite, 0},
    {"dup-close", t_dup_close, 0},
    {"pipe", t_pipe, 0},
    {"fstat", t_fstat, 0},
    {"link-unlink", t_link_unlink, 0},
    {"mkdir-chdir", t_mkdir_chdir, 0},
    {"mknod", t_mknod, 0},
    {"fsync", t_fsync, 0},
    {"lseek", t_lseek, 0},
    /* hostile arguments */
    {"bad-out", t_bad_out, 0},
    {"bad-in", t_bad_in, 0},
    {"straddle", t_straddle, 0},
    {"misaligned", t_misaligned, 0},
    {"lengths", t_lengths, 0},
    {"bad-fds", t_bad_fds, 0},
    {"bad-paths", t_bad_paths, 0},
    {"fail-leaks", t_fail_leaks, 0},
    /* exec */
    {"exec-good", t_exec_good, 0},
    {"exec-bad", t_exec_bad, 0},
    {"exec-args", t_exec_args, 0},
    /* the x87/SSE registers */
    {"fpu-switch", t_fpu_switch, 0},
    {"fpu-preempt", t_fpu_preempt, 0},
    {"fpu-fork", t_fpu_fork, 0},
    {"fpu-exec", t_fpu_exec, 0},
    /* tables and memory running out */
    {"fd-table", t_fd_table, 0},
    {"file-table", t_file_table, 0},
    {"proc-table", t_proc_table, 0},
    {"exit-files", t_exit_files, 0},
    {"orphans", t_orphans, 0},
    {"fork-bomb", t_fork_bomb, 0},
    {"sbrk-exhaust", t_sbrk_exhaust, 0},
    {"mem-hogs", t_mem_hogs, 0},
    {"mem-fs", t_mem_fs, 0},
    {"mem-paths", t_mem_paths, 0},
    /* stress */
    {"pipe-ends", t_pipe_ends, 0},
    {"pipe-big", t_pipe_big, 0},
    {"pipe-many", t_pipe_many, 0},
    {"pipe-chain", t_pipe_chain, 0},
    {"fs-concurrent", t_fs_concurrent, 0},
    {"fs-samename", t_fs_samename, 0},
    /* powers the machine off: tests/usertests.sh checks the status */
    {"poweroff", t_poweroff, T_MANUAL | T_NODIR},
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

/* What a test must leave as it found it. */
static struct {
	int nprocs, fd;
	char *brk;
} before_test;

static const char *before(const struct test *t)
{
	before_test.nprocs = nprocs();
	before_test.fd = lowest_free_fd();
	before_test.brk = sbrk(0);
	return t->flags & T_NODIR ? 0 : enter_fresh_dir(UT_DIR);
}

/* After a failed test: close what it left open, so the next starts clean. */
static void close_leftovers(void)
{
	for (int fd = before_test.fd; fd < MAXFD; fd++)
		close(fd);
}

static const char *after(const struct test *t, const char *r)
{
	const char *left;
	int fd = lowest_free_fd();

	if (!(t->flags & T_NODIR))
		r = remove_dir_after(UT_DIR, r);
	sbrk(before_test.brk - (char *)sbrk(0));
	if (fd != before_test.fd && !r)
		r = failf("descriptor %d was free before the test, %d after", before_test.fd, fd);
	if (r)
		close_leftovers();
	left = settle_procs(before_test.nprocs, "processes left behind");
	return r ? r : left;
}

static const struct suite suite = {"", tests, NTESTS, before, after};

int main(int argc, char **argv)
{
	int c;

	fpu_hold(0, fpu_at_start, 0, 0); /* first: before any code may use them */
	test_prog = "usertests";
	if (argc > 1 && strcmp(argv[1], ARGMODE) == 0)
		return args_helper(argc, argv);
	if (argc > 1 && strcmp(argv[1], FPUMODE) == 0)
		return fpu_initial_helper();
	while ((c = getopt(argc, argv, "qt")) != -1) {
		if (c == 'q')
			quick = 1;
		else if (c == 't')
			test_times = 1;
		else
			usage("usertests [-q] [-t] [TEST...]");
	}
	return run_suite(&suite, quick, argc - optind, argv + optind);
}
