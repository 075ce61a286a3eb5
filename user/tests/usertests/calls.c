/* The process calls, each on its normal path and its error paths: fork,
 * exit, wait, getpid, kill, sleep, uptime, uptime_ns, sbrk, setpgid,
 * tcsetpgrp, procs, mark, counters, poweroff; and call numbers that name
 * no call. */
#include "usertests.h"

/* A number that names no call returns -1, whatever its high bits. */
const char *t_badcall(void)
{
	return no_such_calls();
}

/* ---- fork, exit, wait, getpid ---- */

static const int statuses[] = {0, 1, 255, 256, -7, INT_MAX, INT_MIN};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* The child's getpid is what fork returned, its parent the caller. */
static const char *check_identity(void)
{
	const struct procinfo *pi;
	int me = getpid(), pid = tfork();

	if (pid == 0)
		exit(getpid() == me ? 1 : 0);
	if (pid <= 0 || pid == me)
		return failf("fork returned %d to parent %d", pid, me);
	sleep(1);
	if (!(pi = proc_of(pid)) || pi->ppid != me)
		return failf("procs does not list child %d with parent %d", pid, me);
	return expect_exit(pid, 0);
}

const char *t_fork_wait(void)
{
	char *odd;
	const char *r;
	int pid;

	if ((r = expect_statuses(statuses, NSTATUS)) || (r = check_identity()))
		return r;
	if ((pid = tfork()) == 0)
		exit(3);
	if (wait(0) != pid)
		return "wait(0) did not return the child";
	/* a status pointer that is not 4-byte aligned is still a good one */
	if (!(odd = scratch(PGSIZE)))
		return "sbrk failed";
	if ((pid = tfork()) == 0)
		exit(0x1234567);
	if (wait((int *)(odd + 1)) != pid || memcmp(odd + 1, &(int){0x1234567}, 4) != 0)
		return "wait with a misaligned status pointer failed";
	return getpid() > 0 && getpid() == getpid() ? 0 : "getpid is not positive and stable";
}

/* ---- kill ---- */

static void kill_myself(void)
{
	kill(getpid());
	for (;;) /* the kill takes effect on the way back to user mode */
		;
}

const char *t_kill(void)
{
	static const int nobody[] = {0, -1, INT_MIN, INT_MAX};
	const char *r;
	int pid;

	if ((r = kill_and_reap(spawn(spin_forever))) || (r = kill_and_reap(spawn(sleep_forever))))
		return r;
	if ((r = expect_exit(spawn(kill_myself), KILLED)))
		return failf("a process killing itself: %s", r);
	pid = spawn(sleep_forever);
	if ((r = kill_and_reap(pid)))
		return r;
	if (kill(pid) != -1)
		return failf("kill of reaped child %d did not fail", pid);
	for (unsigned i = 0; i < sizeof(nobody) / sizeof(nobody[0]); i++) {
		if (kill(nobody[i]) != -1)
			return failf("kill(%d) did not fail", nobody[i]);
	}
	/* Init, maybe this very process, ignores kill: before, the machine
	 * powered off here with status 255. */
	if (kill(1) != -1)
		return "kill(1) did not fail: init can be killed";
	return 0;
}

/* ---- sleep, uptime ---- */

static void sleep_long(void)
{
	if (sleep(LONG_MAX) != -1)
		child_fail("sleep(LONG_MAX) returned");
}

const char *t_sleep(void)
{
	static const long nothing[] = {0, -1, LONG_MIN};
	long t0 = uptime(), t1;
	const char *r;
	int pid;

	for (unsigned i = 0; i < sizeof(nothing) / sizeof(nothing[0]); i++) {
		if (sleep(nothing[i]) != 0)
			return failf("sleep(%ld) did not return 0", nothing[i]);
	}
	if (t0 < 0 || sleep(3) != 0)
		return "uptime or sleep(3) failed";
	if ((t1 = uptime()) - t0 < 3)
		return failf("uptime went from %ld to %ld across sleep(3)", t0, t1);
	pid = spawn(sleep_long);
	sleep(1);
	if ((r = kill_and_reap(pid)))
		return failf("a sleeper killed: %s", r);
	return uptime() >= t1 ? 0 : "uptime went backwards";
}

/* uptime_ns never goes back, and sleep(10) takes at least 9 whole ticks
 * of it (the first may end at once); junk in the argument registers
 * changes nothing. Differences are taken modulo the word: on i386 the
 * call returns the low 32 bits. */
const char *t_uptime_ns(void)
{
	unsigned long t0 = (unsigned long)uptime_ns(), t1, t2, t3;

	if (sleep(10) != 0)
		return "sleep failed";
	t1 = (unsigned long)uptime_ns();
	t2 = (unsigned long)uarch_syscall3(SYS_uptime_ns, -1, (long)opaque(KERNEL_TEXT), LONG_MIN);
	t3 = (unsigned long)uptime_ns();
	if (t1 - t0 < 9 * (1000000000ul / SYS_TICK_HZ))
		return failf("uptime_ns went from %lu to %lu across sleep(10)", t0, t1);
	return (long)(t2 - t1) >= 0 && (long)(t3 - t2) >= 0 ? 0 : "uptime_ns went backwards";
}

/* ---- sbrk ---- */

/* Deltas no break can take: they wrap around, pass the end of user
 * memory, or go below the heap; or ask for more memory than the machine
 * has (FAR_UNMAPPED, 256 GiB on x86-64, or up to the end of user memory).
 * Each must fail without moving the break, and soon: a kernel that walked
 * the range page by page took minutes. */
static void impossible_deltas(void)
{
	char *b = sbrk(0);
	const long deltas[] = {LONG_MAX,
	                       LONG_MIN,
	                       (long)FAR_UNMAPPED,
	                       (long)(USER_END - PGROUNDUP(b) - PGSIZE),
	                       -(long)b - 4096,
	                       LONG_MIN / 2,
	                       -(long)b};

	sbrk_refuses(deltas, sizeof(deltas) / sizeof(deltas[0]));
}

static void grow_and_shrink(void)
{
	char *b = sbrk(0), *p;
	long sizes[] = {1, 4095, 4097, 3 * 4096 + 5, 1 << 20};

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if ((p = sbrk(sizes[i])) != b || sbrk(0) != b + sizes[i])
			child_fail("sbrk(%ld) returned %p at break %p", sizes[i], p, b);
		for (long j = 0; j < sizes[i]; j++) {
			if (p[j] != 0)
				child_fail("byte %ld of new memory is %d", j, p[j]);
			p[j] = 'x';
		}
		if (sbrk(-sizes[i]) != b + sizes[i] || sbrk(0) != b)
			child_fail("sbrk(-%ld) did not give the memory back", sizes[i]);
	}
	impossible_deltas();
}

/* The break moves up and down by any amount; new memory is zero (also
 * where it was used and given back); impossible deltas fail. */
const char *t_sbrk(void)
{
	return in_child(grow_and_shrink);
}

/* ---- Process groups and the console ---- */

static int pgid_of(int pid)
{
	const struct procinfo *pi = proc_of(pid);

	return pi ? pi->pgid : -1;
}

static void new_group(void)
{
	if (setpgid(0, 0) != 0 || pgid_of(getpid()) != getpid())
		child_fail("setpgid(0, 0) did not make a group of the caller");
	if (setpgid(getpid(), 12345) != 0 || pgid_of(getpid()) != 12345)
		child_fail("setpgid(own pid, 12345) failed");
}

/* setpgid of a grandchild fails: a process sets only its own group and
 * its children's. */
static const char *grandchild_refused(void)
{
	int fds[2], c, g = -1;
	const char *r = 0;

	if (pipe(fds) < 0)
		return "pipe failed";
	if ((c = tfork()) == 0) {
		if ((g = fork()) == 0)
			sleep_forever();
		write(fds[1], &g, sizeof(g));
		sleep_forever();
	}
	close(fds[1]);
	if (c < 0 || read(fds[0], &g, sizeof(g)) != sizeof(g) || g <= 0)
		r = "cannot start a grandchild";
	else if (setpgid(g, 0) != -1)
		r = "setpgid of a grandchild succeeded";
	close(fds[0]);
	if (g > 0)
		kill(g);
	if (c > 0)
		kill(c);
	return r;
}

static const char *setpgid_errors(int zombie)
{
	int mine = pgid_of(getpid());

	if (setpgid(zombie, 0) != -1)
		return "setpgid of a zombie child succeeded";
	if (setpgid(-1, 0) != -1 || setpgid(0, -1) != -1 || setpgid(INT_MAX, 0) != -1 ||
	    setpgid(INT_MIN, 0) != -1)
		return "setpgid with a bad pid or pgid succeeded";
	if (getpid() != 1 && setpgid(1, 0) != -1)
		return "setpgid of a process that is not a child succeeded";
	return pgid_of(getpid()) == mine ? 0 : "a failed setpgid changed the caller's group";
}

/* setpgid moves the caller or a child to a group (a new one for pgid 0);
 * anyone else, zombies and bad numbers fail. */
const char *t_setpgid(void)
{
	int c = spawn(sleep_forever), z, mine = pgid_of(getpid());
	const char *r;

	if (c < 0 || setpgid(c, 0) != 0 || pgid_of(c) != c)
		return "setpgid(child, 0) did not make a new group";
	if (setpgid(c, mine) != 0 || pgid_of(c) != mine)
		return "setpgid(child, caller's group) failed";
	if ((r = kill_and_reap(c)) || (r = in_child(new_group)))
		return r;
	if ((z = tfork()) == 0)
		exit(0);
	if (!await_state(z, PS_ZOMBIE))
		return "the child never became a zombie";
	r = setpgid_errors(z);
	wait(0);
	return r ? r : grandchild_refused();
}

/* tcsetpgrp names the group Ctrl-C on the console kills: it takes a
 * console descriptor (the first process's or one opened from
 * /dev/console) and a group, 0 for none; anything else fails. */
const char *t_tcsetpgrp(void)
{
	int mine = pgid_of(getpid()), fds[2], file, dir, cons, closed = lowest_free_fd();
	const int bad[] = {-1, INT_MIN, 64, 1000, INT_MAX, closed};
	const char *r = 0;

	if (tcsetpgrp(STDOUT, 0) != 0 || tcsetpgrp(STDOUT, mine) != 0)
		return "tcsetpgrp on the console failed";
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (tcsetpgrp(bad[i], mine) != -1)
			return failf("tcsetpgrp on bad descriptor %d succeeded", bad[i]);
	}
	if (tcsetpgrp(STDOUT, -1) != -1)
		return "tcsetpgrp to group -1 succeeded";
	if (pipe(fds) < 0 || (file = open("f", O_CREATE | O_RDWR)) < 0)
		return "pipe or open failed";
	dir = open(".", O_RDONLY);
	cons = open("/dev/console", O_WRONLY);
	if (tcsetpgrp(fds[0], mine) != -1 || tcsetpgrp(fds[1], mine) != -1 ||
	    tcsetpgrp(file, mine) != -1 || tcsetpgrp(dir, mine) != -1)
		r = "tcsetpgrp on a pipe, a file or a directory succeeded";
	else if (cons < 0 || tcsetpgrp(cons, mine) != 0)
		r = "tcsetpgrp on /dev/console opened by name failed";
	close(fds[0]);
	close(fds[1]);
	close(file);
	close(dir);
	close(cons);
	return r;
}

/* ---- procs ---- */

static const char *check_self(const struct procinfo *pi)
{
	if (!pi)
		return "procs does not list the caller";
	if (pi->state != PS_RUNNING)
		return failf("the caller's state is %d, not running", pi->state);
	if (strncmp(pi->name, "usertests", sizeof(pi->name)) != 0)
		return "the caller's name is not usertests";
	if (pi->sz != (unsigned long)sbrk(0))
		return failf("procs says %lu bytes, the break is %p", (unsigned long)pi->sz,
		             sbrk(0));
	return 0;
}

static const char *check_children(int sleeper, int zombie)
{
	const struct procinfo *s = proc_of(sleeper), *z = proc_of(zombie);

	if (!s || s->state != PS_SLEEPING || s->ppid != getpid())
		return "procs does not list the sleeping child as sleeping, with its parent";
	if (!z || z->state != PS_ZOMBIE)
		return "procs does not list the exited child as a zombie";
	return 0;
}

/* procs lists every process with its state, parent, size and name, as
 * many as asked for: no more, and none into a bad buffer. */
const char *t_procs(void)
{
	struct procinfo *buf = (struct procinfo *)scratch(3 * sizeof(*buf));
	int sleeper = spawn(sleep_forever), zombie = tfork(), n;
	const char *r;

	if (zombie == 0)
		exit(0);
	if (!buf || sleeper < 0 || zombie < 0 || !await_state(zombie, PS_ZOMBIE) ||
	    !await_state(sleeper, PS_SLEEPING))
		return "cannot start the children";
	if ((r = check_self(proc_of(getpid()))) || (r = check_children(sleeper, zombie)))
		return r;
	memset(buf, 0x5a, 3 * sizeof(*buf));
	if ((n = procs(buf, 1)) != 1 || ((char *)(buf + 1))[0] != 0x5a)
		return failf("procs(buf, 1) returned %d or wrote past one entry", n);
	if (procs(buf, 0) != 0 || procs(buf, -1) != 0 || procs(0, 0) != 0)
		return "procs with max 0 or -1 did not return 0";
	if (procs(opaque(KERNEL_TEXT), MAXPROCS) != -1 || procs(opaque(16), 2) != -1)
		return "procs into a kernel address or page 0 succeeded";
	if ((r = expect_exit(zombie, 0)))
		return r;
	return kill_and_reap(sleeper);
}

/* ---- mark ---- */

/* mark opens and closes --stats regions, nested; a label must be a string
 * in the caller's memory of at most 31 bytes. Without --stats each mark is
 * one cheap exit to the monitor, which must survive any sequence. */
const char *t_mark(void)
{
	static const char longest[] = "a-label-of-thirty-one-bytes-xyz";
	static const char too_long[] = "a-label-of-thirty-two-bytes-wxyz";
	char *end = align_break();

	if (mark("usertests") != 0 || mark(0) != 0)
		return "mark of a label, then 0, failed";
	for (int i = 0; i < 20; i++) {
		if (mark(longest) != 0)
			return failf("mark %d deep failed", i + 1);
	}
	for (int i = 0; i < 25; i++) {
		if (mark(0) != 0)
			return "closing the marks failed";
	}
	if (mark(too_long) != -1 || mark(opaque(KERNEL_TEXT)) != -1 ||
	    mark(opaque(NONCANONICAL)) != -1 || mark(opaque(1)) != -1)
		return "mark of a label too long or at a bad address succeeded";
	if (sbrk(PGSIZE) != end)
		return "sbrk failed";
	memset(end + PGSIZE - 4, 'x', 4); /* no NUL before unmapped memory */
	return mark(end + PGSIZE - 4) == -1 ? 0 : "mark of an unterminated label succeeded";
}

/* ---- counters ---- */

/* Without the monitor's counters device (under another hypervisor) the
 * call fails for every buffer, as syscall.h says. */
static const char *no_counters(struct vmm_counters *good)
{
	if (counters(good) != -1 || counters((struct vmm_counters *)((char *)good + 3)) != -1)
		return "counters failed, then succeeded";
	return 0;
}

/* The monitor's counters: each read is one more exit to the monitor, and
 * they and the host's clock only grow; a misaligned buffer is a good one;
 * a buffer the caller does not own or that runs into unmapped memory
 * fails and is left as it was. */
const char *t_counters(void)
{
	struct vmm_counters *a = (struct vmm_counters *)scratch(2 * PGSIZE), b;
	char *end = (char *)a + 2 * PGSIZE, *odd = (char *)a + PGSIZE + 3;

	if (!a)
		return "sbrk failed";
	if (counters(a) != 0)
		return no_counters(a);
	if (counters(&b) != 0)
		return "a second counters failed";
	if (b.exits < a->exits + 1 || b.io_exits < a->io_exits + 1 || b.host_ns < a->host_ns ||
	    b.insn_emulation < a->insn_emulation)
		return "the counters did not grow between two reads";
	if (counters((struct vmm_counters *)odd) != 0 ||
	    ((struct vmm_counters *)odd)->exits < b.exits + 1)
		return "counters into a misaligned buffer failed";
	memset(end - 16, 0x33, 16);
	if (counters((struct vmm_counters *)(end - 16)) != -1 ||
	    counters(opaque(KERNEL_TEXT)) != -1 || counters(0) != -1 ||
	    counters(opaque(NONCANONICAL)) != -1)
		return "counters into a bad buffer succeeded";
	for (int i = 1; i <= 16; i++) {
		if ((unsigned char)end[-i] != 0x33)
			return "a failed counters wrote below the end of memory";
	}
	return 0;
}

/* ---- poweroff: run alone by tests/usertests.sh ---- */

#define POWEROFF_FILE "/tmp/usertests.poweroff"

/* poweroff commits what was written (no fsync here) and stops the machine
 * with the low 8 bits of the status: 0x12d gives 45. It never returns. */
const char *t_poweroff(void)
{
	const char *r = make_file(POWEROFF_FILE, "written before poweroff\n", 24);

	if (r)
		return r;
	poweroff(0x12d);
	return "poweroff returned";
}
