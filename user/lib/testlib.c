/* The test programs' shared helpers (testlib.h). */
#include "testlib.h"

const char *test_prog = "test";
const char *test_name;
char why[200];
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
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("%s: %s: child %d: %s\n", test_prog, test_name, getpid(), msg);
	exit(CHILD_FAILED);
}

int tfork(void)
{
	int pid = fork();

	if (pid > 0 && nkids < MAXKIDS)
		kids[nkids++] = pid;
	return pid;
}

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

void test_clean_up(void)
{
	for (int i = 0; i < nkids; i++)
		kill(kids[i]);
	while (wait(0) >= 0)
		;
}
