/* The test programs' shared helpers (testlib.h): the runner, its
 * scratch directories, failures, refusals, memory. */
#include <limits.h>

#include "testlib.h"

const char *test_prog = "test";
const char *test_name;
char why[200];
int test_times;

/* ---- The runner ---- */

/* Runs t; 1 if it passed. */
static int run_one(const struct suite *s, const struct test *t)
{
	const char *r = 0;
	long t0 = uptime();
	char took[32] = "";

	test_name = t->name;
	nkids = 0;
	if (s->before)
		r = s->before(t);
	if (!r)
		r = t->run();
	if (r)
		test_clean_up();
	if (s->after)
		r = s->after(t, r);
	if (test_times)
		snprintf(took, sizeof(took), " (%ld.%02ld s)", (uptime() - t0) / SYS_TICK_HZ,
		         (uptime() - t0) % SYS_TICK_HZ);
	if (!r) {
		printf("ok - %s%s\n", t->name, took);
		return 1;
	}
	printf("FAIL - %s: %s%s\n", t->name, r, took);
	return 0;
}

/* Runs the test called name; 1 if it passed. */
static int run_named(const struct suite *s, const char *name)
{
	for (unsigned i = 0; i < s->ntests; i++) {
		if (strcmp(s->tests[i].name, name) == 0)
			return run_one(s, &s->tests[i]);
	}
	printf("FAIL - %s: no such test\n", name);
	return 0;
}

int run_suite(const struct suite *s, int quick, int n, char **names)
{
	int count[2] = {0, 0}; /* failed, passed */
	int leave_out = T_MANUAL | (quick ? T_SLOW : 0);

	if (n == 0) {
		for (unsigned i = 0; i < s->ntests; i++) {
			if (!(s->tests[i].flags & leave_out))
				count[run_one(s, &s->tests[i])]++;
		}
	}
	for (int i = 0; i < n; i++)
		count[run_named(s, names[i])]++;
	printf("%s%d passed, %d failed\n", s->summary, count[1], count[0]);
	return count[0] != 0;
}

const char *enter_fresh_dir(const char *path)
{
	chdir("/");
	rmtree(path); /* left by an earlier run that failed */
	if (mkdir(path) < 0 || chdir(path) < 0)
		return failf("cannot make %s", path);
	return 0;
}

const char *remove_dir_after(const char *path, const char *r)
{
	chdir("/");
	if (rmtree(path) < 0 && !r)
		r = failf("cannot remove %s afterwards", path);
	return r;
}

/* ---- Failures ---- */

const char *failf(const char *fmt, ...)
{
	char buf[sizeof(why)]; /* the arguments may include why itself */
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strcpy(why, buf);
}

void child_fail(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("%s: %s: child %d: %s\n", test_prog, test_name, getpid(), msg);
	exit(CHILD_FAILED);
}

/* ---- Refusals ---- */

static void bad_numbers(void)
{
	static const long nrs[] = {0, SYS_NCALLS, 255, -1, (long)0x80000000u, LONG_MIN};
	long r;

	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		if ((r = uarch_syscall3(nrs[i], 0, 0, 0)) != -1)
			child_fail("system call %ld returned %ld", nrs[i], r);
	}
}

const char *no_such_calls(void)
{
	return in_child(bad_numbers);
}

const char *bad_fd_refused(int fd)
{
	struct stat st;
	char b[8];

	if (read(fd, b, sizeof(b)) != -1 || write(fd, "x", 1) != -1 || fstat(fd, &st) != -1 ||
	    dup(fd) != -1 || lseek(fd, 0, SEEK_SET) != -1 || fsync(fd) != -1 ||
	    tcsetpgrp(fd, 0) != -1 || close(fd) != -1)
		return failf("a call on bad descriptor %d did not return -1", fd);
	return 0;
}

/* ---- Memory ---- */

static volatile char *probe_addr;

static void probe(void)
{
	(void)*probe_addr;
}

int unmapped(unsigned long addr)
{
	probe_addr = (volatile char *)addr;
	return expect_exit(spawn(probe), KILLED) == 0;
}

char *align_break(void)
{
	char *b = sbrk(0);

	sbrk((long)(PGROUNDUP(b) - (unsigned long)b));
	return sbrk(0);
}

void sbrk_refuses(const long *deltas, unsigned n)
{
	char *b = sbrk(0), *p;

	for (unsigned i = 0; i < n; i++) {
		if ((p = sbrk(deltas[i])) != (char *)-1)
			child_fail("sbrk(%ld) returned %p", deltas[i], p);
		if (sbrk(0) != b)
			child_fail("a failed sbrk(%ld) moved the break", deltas[i]);
	}
}
