/* Helpers shared by usertests' tests (beyond testlib.h): scratch memory,
 * the process table, free memory, alarms. */
#include "usertests.h"

int quick;

char *scratch(unsigned long n)
{
	char *p = align_break();

	return sbrk((long)PGROUNDUP(n)) == p ? p : 0;
}

/* ---- The process table ---- */

#define SETTLE_TICKS 300 /* 3 s: how long a process may take to end */

struct procinfo ptab[MAXPROCS];

int nprocs(void)
{
	return procs(ptab, MAXPROCS);
}

const struct procinfo *proc_of(int pid)
{
	int n = nprocs();

	for (int i = 0; i < n; i++) {
		if (ptab[i].pid == pid)
			return &ptab[i];
	}
	return 0;
}

int await_state(int pid, int state)
{
	const struct procinfo *pi;

	for (long t0 = uptime(); uptime() - t0 < SETTLE_TICKS; sleep(1)) {
		if ((pi = proc_of(pid)) && pi->state == state)
			return 1;
	}
	return 0;
}

/* Reaps one zombie child of ours if procs lists one; whether it did. */
static int reap_zombie(int n)
{
	for (int i = 0; i < n; i++) {
		if (ptab[i].ppid == getpid() && ptab[i].state == PS_ZOMBIE) {
			wait(0);
			return 1;
		}
	}
	return 0;
}

const char *settle_procs(int want, const char *what)
{
	long t0 = uptime();
	int n;

	for (;;) {
		if ((n = nprocs()) < 0)
			return "procs failed";
		if (n <= want)
			return 0;
		if (reap_zombie(n))
			continue;
		if (uptime() - t0 > SETTLE_TICKS)
			return failf("%s: %d processes, %d before, %d ticks later", what, n, want,
			             SETTLE_TICKS);
		sleep(1);
	}
}

/* ---- Free memory ---- */

/* Grows the heap until sbrk fails, in chunks that halve at each failure (a
 * few dozen calls, not one per page); exits with the pages it got. */
static void exhaust(void)
{
	char *base = align_break();
	long pages = 0;

	for (long chunk = 16l << 20; chunk >= (long)PGSIZE;) {
		if (sbrk(chunk) == (char *)-1)
			chunk /= 2;
		else
			pages += chunk / (long)PGSIZE;
	}
	if (sbrk(0) != base + pages * (long)PGSIZE)
		child_fail("failed sbrk calls moved the break");
	exit((int)pages);
}

long free_pages(void)
{
	int pid = fork(), st;

	if (pid == 0)
		exhaust();
	if (pid < 0 || wait(&st) != pid || st <= 0)
		return -1;
	return st;
}

const char *same_memory(long before, long after, const char *what)
{
	if (before < 0 || after < 0)
		return "measuring the free memory failed";
	if (before == after)
		return 0;
	return failf("%s: %ld pages free before, %ld after", what, before, after);
}

int lowest_free_fd(void)
{
	int fd = dup(2);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* ---- Alarms ---- */

int alarm_fd[2] = {-1, -1};

int alarm_start(long ticks)
{
	int pid;

	if (pipe(alarm_fd) < 0)
		return -1;
	if ((pid = tfork()) == 0) {
		close(alarm_fd[0]);
		sleep(ticks);
		write(alarm_fd[1], "!", 1);
		exit(0);
	}
	return pid;
}

char alarm_wait(void)
{
	char c;

	return read(alarm_fd[0], &c, 1) == 1 ? c : '!';
}

void alarm_stop(int pid)
{
	if (pid > 0)
		kill(pid);
	close(alarm_fd[0]);
	close(alarm_fd[1]);
	alarm_fd[0] = alarm_fd[1] = -1;
}
