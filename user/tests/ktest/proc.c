/* Tests of processes: fork, exit, wait, getpid, copies, kill, orphans, the timer. */
#include "ktest.h"

/* Distinct statuses, including ones that do not fit in 8 bits. */
static const int statuses[] = {0, 1, 42, 256, -7, 0x7fffffff};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Several children with distinct statuses; wait returns each once, then -1;
 * wait(0) does not want the status. */
const char *t_forkwait(void)
{
	const char *r;
	int pid, got;

	if ((r = expect_statuses(statuses, NSTATUS)))
		return r;
	if ((pid = tfork()) == 0)
		exit(3);
	if (pid < 0)
		return "fork failed";
	if ((got = wait(0)) != pid)
		return failf("wait(0) returned %d, expected child %d", got, pid);
	return 0;
}

/* getpid differs in parent and child; the child's is what fork returned. */
const char *t_getpid(void)
{
	int me = getpid(), pid;
	const char *r;

	if (me <= 0)
		return failf("getpid returned %d", me);
	if ((pid = tfork()) == 0)
		exit(getpid());
	if (pid == me)
		return "fork returned the parent's pid";
	if ((r = expect_exit(pid, pid)))
		return r;
	if (getpid() != me)
		return "the parent's getpid changed";
	return 0;
}

/* volatile: fork is a call the compiler would otherwise assume cannot change
 * variables whose address it never passed on. */
static volatile int data_var = 1234;
static volatile int bss_var;

static int sees(volatile int *local, volatile char *heap, int a, int b, char c)
{
	return data_var == a && bss_var == b && *local == a + b && heap[0] == c &&
	       heap[PGSIZE - 1] == c;
}

static void scribble(volatile int *local, volatile char *heap)
{
	data_var = bss_var = *local = 0;
	heap[0] = heap[PGSIZE - 1] = 0;
	if (!sees(local, heap, 0, 0, 0))
		child_fail("the child's writes did not stick");
}

/* The child gets a copy of the parent's data, bss, stack and heap: it sees
 * the parent's values, and its writes do not reach the parent. */
const char *t_forkcopy(void)
{
	volatile int local = 1234 + 4321;
	volatile char *heap = sbrk(PGSIZE);
	const char *r;
	int pid;

	if (heap == (char *)-1)
		return "sbrk failed";
	bss_var = 4321;
	heap[0] = heap[PGSIZE - 1] = 'h';
	if ((pid = tfork()) == 0) {
		if (!sees(&local, heap, 1234, 4321, 'h'))
			child_fail("the child does not see the parent's memory");
		scribble(&local, heap);
		exit(0);
	}
	r = expect_exit(pid, 0);
	if (!r && !sees(&local, heap, 1234, 4321, 'h'))
		r = "the child's writes reached the parent";
	sbrk(-PGSIZE);
	return r;
}

/* ---- kill ---- */

/* A spinning child dies with the killed status; kill of a pid that does not
 * exist fails, also when a new child may have taken the reaped one's slot. */
const char *t_kill(void)
{
	static const int nobody[] = {0, -1, 0x7fffffff};
	int pid = spawn(spin_forever), next;
	const char *r;

	if ((r = kill_and_reap(pid)))
		return r;
	next = spawn(sleep_forever);
	if (kill(pid) != -1)
		return failf("kill of reaped child %d did not fail", pid);
	for (unsigned i = 0; i < sizeof(nobody) / sizeof(nobody[0]); i++) {
		if (kill(nobody[i]) != -1)
			return failf("kill(%d) did not fail", nobody[i]);
	}
	return kill_and_reap(next);
}

/* kill wakes a sleeping child instead of waiting out its sleep. */
const char *t_kill_sleeping(void)
{
	int pid = spawn(sleep_forever);
	long t0 = uptime();
	const char *r;

	sleep(2); /* time for the child to fall asleep */
	if ((r = kill_and_reap(pid)))
		return r;
	if (uptime() - t0 >= WAKE_TICKS)
		return failf("the sleeping child took %ld ticks to die", uptime() - t0);
	return 0;
}

static void kill_self(void)
{
	kill(getpid());
}

/* A process that kills itself dies on its way back to user mode. */
const char *t_kill_self(void)
{
	return expect_exit(spawn(kill_self), KILLED);
}

static void wait_for_sleeper(void)
{
	int g = fork();

	if (g < 0)
		child_fail("fork failed");
	if (g == 0) {
		sleep(30);
		exit(ORPHAN_STATUS);
	}
	wait(0);
}

/* kill interrupts a child blocked in wait (for a grandchild that sleeps
 * 30 ticks); init then reaps the orphaned grandchild. */
const char *t_kill_waiting(void)
{
	int pid = spawn(wait_for_sleeper), st, g;
	const char *r;
	long t0;

	sleep(2); /* time for the child to block in wait */
	t0 = uptime();
	if ((r = kill_and_reap(pid)))
		return r;
	if (uptime() - t0 > 20)
		return failf("the waiting child took %ld ticks to die", uptime() - t0);
	if ((g = wait(&st)) < 0)
		return "the orphaned grandchild was not reaped by init";
	if (st != ORPHAN_STATUS)
		return failf("the grandchild %d exited with %d, wait says %d", g, ORPHAN_STATUS,
		             st);
	return 0;
}

/* ---- Orphans ---- */

static int orphan_first; /* whether the grandchild exits before its parent */

/* Forks a grandchild and exits with its pid as the status; the grandchild
 * exits with ORPHAN_STATUS, before the child or after it. */
static void leave_orphan(void)
{
	int g = fork();

	if (g < 0)
		child_fail("fork failed");
	if (g == 0) {
		if (!orphan_first)
			sleep(5);
		exit(ORPHAN_STATUS);
	}
	if (orphan_first)
		sleep(5);
	exit(g);
}

/* Reaps the child and its orphan, in whichever order wait returns them. */
static const char *reap_orphan(int pid)
{
	int got, st, cst = 0, gpid = -1, gst = 0;

	if (pid < 0)
		return "fork failed";
	for (int i = 0; i < 2; i++) {
		if ((got = wait(&st)) < 0)
			return failf("wait returned -1 after %d of child and orphan", i);
		if (got == pid) {
			cst = st;
		} else {
			gpid = got;
			gst = st;
		}
	}
	if (cst == CHILD_FAILED)
		return "the child failed (see above)";
	if (gpid != cst)
		return failf("reaped %d, but the orphan was %d", gpid, cst);
	if (gst != ORPHAN_STATUS)
		return failf("the orphan exited with %d, wait says %d", ORPHAN_STATUS, gst);
	return 0;
}

/* A child exits leaving a grandchild; init (this process) reaps it through
 * wait. Both orders: the grandchild is already a zombie when its parent
 * exits, or still running and exits later. */
const char *t_orphan(void)
{
	const char *r;

	if (getpid() != 1)
		return failf("ktest is pid %d, not 1: orphans go to init", getpid());
	for (orphan_first = 1; orphan_first >= 0; orphan_first--) {
		if ((r = reap_orphan(spawn(leave_orphan))))
			return failf("%s (grandchild exits %s)", r,
			             orphan_first ? "first" : "last");
	}
	return 0;
}

/* Forks a grandchild that forks a great-grandchild and exits 2 ticks later,
 * leaving it an orphaned zombie; reaps the grandchild, naps, and exits with
 * the great-grandchild's pid as the status. */
static void orphan_zombie(void)
{
	int g = fork(), h, st;

	if (g < 0)
		child_fail("fork failed");
	if (g == 0) {
		if ((h = fork()) < 0)
			child_fail("fork failed");
		if (h == 0)
			exit(ORPHAN_STATUS);
		sleep(2);
		exit(h);
	}
	if (wait(&st) != g)
		child_fail("wait did not return the grandchild");
	sleep(ORPHAN_NAP);
	exit(st);
}

/* A zombie that becomes init's child while init sleeps in wait for a child
 * that is still running: the kernel must wake init for it (xv6's wakeup in
 * reparent), or init reaps it only when that child exits. */
const char *t_orphan_zombie(void)
{
	int pid = spawn(orphan_zombie), h, st;
	long t0 = uptime();

	if (pid < 0)
		return "fork failed";
	if ((h = wait(&st)) < 0 || h == pid)
		return failf("wait returned %d, not the orphan, first", h);
	if (uptime() - t0 >= ORPHAN_NAP)
		return failf("init reaped the orphan after %ld ticks: not woken for it",
		             uptime() - t0);
	if (st != ORPHAN_STATUS)
		return failf("the orphan exited with %d, wait says %d", ORPHAN_STATUS, st);
	return expect_exit(pid, h);
}

/* ---- The timer ---- */

/* This process's sleep(2) returns only if the timer preempts the children
 * spinning in user mode. */
const char *t_preempt(void)
{
	int a = spawn(spin_forever), b = spawn(spin_forever);
	long t0 = uptime();
	const char *r;

	if (a < 0 || b < 0)
		return "fork failed";
	if (sleep(2) != 0)
		return "sleep failed";
	if (uptime() - t0 < 2)
		return failf("uptime advanced %ld ticks across sleep(2)", uptime() - t0);
	if ((r = kill_and_reap(a)) || (r = kill_and_reap(b)))
		return r;
	return 0;
}

/* uptime advances by at least the ticks slept. */
const char *t_uptime(void)
{
	long t0 = uptime(), t1;

	if (t0 < 0)
		return "uptime failed";
	if (sleep(5) != 0)
		return "sleep(5) failed";
	t1 = uptime();
	if (t1 - t0 < 5)
		return failf("uptime went from %ld to %ld across sleep(5)", t0, t1);
	return 0;
}
