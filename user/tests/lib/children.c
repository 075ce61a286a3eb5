/* The test programs' children (testlib.h): starting them, reaping them,
 * killing them. */
#include "testlib.h"

int kids[MAXKIDS];
int nkids;

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

/* Reaps n children, or all there are when n is negative: 0 if each but
 * ignore exited with status 0, else why not (the first one that did not;
 * fewer than n children). */
static const char *reap(int n, int ignore)
{
	const char *r = 0;
	int st, pid;

	for (int i = 0; n < 0 || i < n; i++) {
		if ((pid = wait(&st)) < 0)
			return n < 0 ? r : failf("wait failed with %d children left", n - i);
		if (r || pid == ignore || st == 0)
			continue;
		r = st == CHILD_FAILED ? "a child failed (see above)"
		                       : failf("child %d exited with %d", pid, st);
	}
	return r;
}

const char *expect_all_exit(int n)
{
	return reap(n, -1);
}

const char *reap_all(int ignore)
{
	return reap(-1, ignore);
}

/* Reaps the n children in pids: each once, with its own status. */
static const char *reap_statuses(const int *pids, const int *statuses, unsigned n)
{
	char seen[MAXKIDS] = {0};
	unsigned i;
	int pid, st;

	for (unsigned left = n; left > 0; left--) {
		if ((pid = wait(&st)) < 0)
			return failf("wait returned -1 with %u children left", left);
		for (i = 0; i < n && (pids[i] != pid || seen[i]); i++)
			;
		if (i == n)
			return failf("wait returned %d, not an unreaped child", pid);
		seen[i] = 1;
		if (st != statuses[i])
			return failf("child %d exited with %d, wait says %d", pid, statuses[i], st);
	}
	return wait(&st) == -1 ? 0 : "wait returned a child after all were reaped";
}

const char *expect_statuses(const int *statuses, unsigned n)
{
	static int pids[MAXKIDS]; /* off the stack, which is one page */

	if (n > MAXKIDS)
		return "too many children to check";
	for (unsigned i = 0; i < n; i++) {
		if ((pids[i] = tfork()) == 0)
			exit(statuses[i]);
		if (pids[i] < 0)
			return "fork failed";
	}
	return reap_statuses(pids, statuses, n);
}

void test_clean_up(void)
{
	for (int i = 0; i < nkids; i++)
		kill(kids[i]);
	reap_all(-1);
}

int spawn(void (*fn)(void))
{
	int pid = tfork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	return pid;
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

const char *kill_all(const int *pids, int n)
{
	int bad = 0, st;

	for (int i = 0; i < n; i++)
		bad += kill(pids[i]) != 0;
	for (int i = 0; i < n; i++) {
		if (wait(&st) < 0)
			return failf("only %d of %d children to reap", i, n);
		bad += st != KILLED;
	}
	return bad ? failf("%d of %d kills failed", bad, n) : 0;
}

/* fork, not tfork: far more children than kids[] holds, and the test
 * kills them all itself. */
int fill_procs(int *pids)
{
	int n;

	for (n = 0; n < MAXFILL; n++) {
		if ((pids[n] = fork()) < 0)
			break;
		if (pids[n] == 0)
			sleep_forever();
	}
	return n;
}

void spin_forever(void)
{
	for (;;)
		;
}

/* Long naps: a kill must wake the sleeper, and one that does not shows as
 * a delay of seconds. */
void sleep_forever(void)
{
	for (;;)
		sleep(1000);
}
