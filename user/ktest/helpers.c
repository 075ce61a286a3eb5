/* Helpers shared by the tests: failing with a reason, children, probes. */
#include "ktest.h"

const char *test_name;
char why[160];
int kids[MAXKIDS];
int nkids;

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
	char msg[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("ktest: %s: child %d: %s\n", test_name, getpid(), msg);
	exit(CHILD_FAILED);
}

int tfork(void)
{
	int pid = fork();

	if (pid > 0 && nkids < MAXKIDS)
		kids[nkids++] = pid;
	return pid;
}

/* Starts a child that runs fn and then exits with status 0; returns its pid,
 * or -1 when fork fails. */
int spawn(void (*fn)(void))
{
	int pid = tfork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	return pid;
}

/* Reaps one child; returns why it was not pid exiting with status want. */
const char *expect_exit(int pid, int want)
{
	int st, got;

	if (pid < 0)
		return "fork failed";
	got = wait(&st);
	if (got != pid)
		return failf("wait returned %d, expected child %d", got, pid);
	if (st == want)
		return 0;
	if (st == CHILD_FAILED)
		return "the child failed (see above)";
	if (st == KILLED)
		return failf("child %d was killed", pid);
	return failf("child %d exited with %d, expected %d", pid, st, want);
}

const char *in_child(void (*fn)(void))
{
	return expect_exit(spawn(fn), 0);
}

const char *kill_and_reap(int pid)
{
	if (pid < 0)
		return "fork failed";
	if (kill(pid) != 0)
		return failf("kill(%d) failed", pid);
	return expect_exit(pid, KILLED);
}

void spin(void)
{
	for (;;)
		;
}

void sleep_forever(void)
{
	for (;;)
		sleep(NAP);
}

volatile char *probe_addr;

void probe(void)
{
	(void)*probe_addr;
}

/* Whether reading addr kills a process. */
int unmapped(unsigned long addr)
{
	probe_addr = (volatile char *)addr;
	return expect_exit(spawn(probe), KILLED) == 0;
}

/* Moves the break up to a page boundary and returns it. */
char *align_break(void)
{
	char *b = sbrk(0);

	sbrk(PGROUNDUP(b) - (unsigned long)b);
	return sbrk(0);
}
