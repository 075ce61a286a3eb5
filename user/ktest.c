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
#include "user.h"

#define PGSIZE        4096ul
#define PGROUNDUP(a)  (((unsigned long)(a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define KERNEL_ADDR   0xffffffff80100000ul /* the kernel's text: mapped, supervisor only */
#define USER_END      0x800000000000ul     /* end of the lower half: no user memory beyond */
#define NONCANONICAL  0x8000000000000000ul /* a #GP, not a #PF, when dereferenced */
#define KILLED        SYS_KILLED_STATUS
#define CHILD_FAILED  (-2)
#define MAXKIDS       64
#define SBRK_BYTES    (3 * PGSIZE + 100) /* a few pages and part of one */
#define NAP           200 /* ticks: a kill that fails to wake a sleeper shows as a delay */
#define ORPHAN_STATUS 77
#define ORPHAN_NAP    30 /* ticks */

struct test {
	const char *name;
	const char *(*run)(void);
};

static const char *test_name; /* the running test, for a child's message */
static char why[160];         /* a failure reason built by failf */

/* The running test's children, killed and reaped if it fails so that the
 * next test's wait calls do not see them. */
static int kids[MAXKIDS];
static int nkids;

/* ---- Helpers ---- */

static const char *failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *failf(const char *fmt, ...)
{
	char buf[sizeof(why)]; /* the arguments may include why itself */
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strcpy(why, buf);
}

static void child_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void child_fail(const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("ktest: %s: child %d: %s\n", test_name, getpid(), msg);
	exit(CHILD_FAILED);
}

static int tfork(void)
{
	int pid = fork();

	if (pid > 0 && nkids < MAXKIDS)
		kids[nkids++] = pid;
	return pid;
}

/* Starts a child that runs fn and then exits with status 0; returns its pid,
 * or -1 when fork fails. */
static int spawn(void (*fn)(void))
{
	int pid = tfork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	return pid;
}

/* Reaps one child; returns why it was not pid exiting with status want. */
static const char *expect_exit(int pid, int want)
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

static const char *in_child(void (*fn)(void))
{
	return expect_exit(spawn(fn), 0);
}

static const char *kill_and_reap(int pid)
{
	if (pid < 0)
		return "fork failed";
	if (kill(pid) != 0)
		return failf("kill(%d) failed", pid);
	return expect_exit(pid, KILLED);
}

static void spin(void)
{
	for (;;)
		;
}

static void sleep_forever(void)
{
	for (;;)
		sleep(NAP);
}

static volatile char *probe_addr;

static void probe(void)
{
	(void)*probe_addr;
}

/* Whether reading addr kills a process. */
static int unmapped(unsigned long addr)
{
	probe_addr = (volatile char *)addr;
	return expect_exit(spawn(probe), KILLED) == 0;
}

/* Moves the break up to a page boundary and returns it. */
static char *align_break(void)
{
	char *b = sbrk(0);

	sbrk(PGROUNDUP(b) - (unsigned long)b);
	return sbrk(0);
}

/* ---- The system-call ABI ---- */

static long raw_syscall(long nr)
{
	long r;

	__asm__ volatile("int %1" : "=a"(r) : "i"(SYSCALL_VECTOR), "a"(nr) : "memory");
	return r;
}

static void bad_numbers(void)
{
	static const long nrs[] = {0, SYS_NCALLS, 255, -1, 0x80000000l, -0x7fffffffffffffffl - 1};
	long r;

	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		if ((r = raw_syscall(nrs[i])) != -1)
			child_fail("system call %ld returned %ld", nrs[i], r);
	}
}

/* Invalid call numbers return -1 (a kernel that indexes its table with a
 * negative or huge number crashes or jumps astray). */
static const char *t_syscall(void)
{
	return in_child(bad_numbers);
}

static const char *const regnames[] = {"rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
                                       "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
#define NREGS (sizeof(regnames) / sizeof(regnames[0]))

/* Loads v[0..13] into the registers named in regnames, makes a getpid system
 * call, stores the registers back into v[0..13] and the result into v[14]. */
static void getpid_with_regs(unsigned long *v)
{
	__asm__ volatile("sub $128, %%rsp\n\t" /* step over the red zone */
	                 "push %%rbp\n\t"
	                 "push %%rax\n\t"
	                 "mov 0(%%rax), %%rbx\n\t"
	                 "mov 8(%%rax), %%rcx\n\t"
	                 "mov 16(%%rax), %%rdx\n\t"
	                 "mov 24(%%rax), %%rsi\n\t"
	                 "mov 32(%%rax), %%rdi\n\t"
	                 "mov 40(%%rax), %%rbp\n\t"
	                 "mov 48(%%rax), %%r8\n\t"
	                 "mov 56(%%rax), %%r9\n\t"
	                 "mov 64(%%rax), %%r10\n\t"
	                 "mov 72(%%rax), %%r11\n\t"
	                 "mov 80(%%rax), %%r12\n\t"
	                 "mov 88(%%rax), %%r13\n\t"
	                 "mov 96(%%rax), %%r14\n\t"
	                 "mov 104(%%rax), %%r15\n\t"
	                 "mov %[nr], %%eax\n\t"
	                 "int %[vec]\n\t"
	                 "xchg %%rax, (%%rsp)\n\t" /* v back, the result on the stack */
	                 "mov %%rbx, 0(%%rax)\n\t"
	                 "mov %%rcx, 8(%%rax)\n\t"
	                 "mov %%rdx, 16(%%rax)\n\t"
	                 "mov %%rsi, 24(%%rax)\n\t"
	                 "mov %%rdi, 32(%%rax)\n\t"
	                 "mov %%rbp, 40(%%rax)\n\t"
	                 "mov %%r8, 48(%%rax)\n\t"
	                 "mov %%r9, 56(%%rax)\n\t"
	                 "mov %%r10, 64(%%rax)\n\t"
	                 "mov %%r11, 72(%%rax)\n\t"
	                 "mov %%r12, 80(%%rax)\n\t"
	                 "mov %%r13, 88(%%rax)\n\t"
	                 "mov %%r14, 96(%%rax)\n\t"
	                 "mov %%r15, 104(%%rax)\n\t"
	                 "popq 112(%%rax)\n\t"
	                 "pop %%rbp\n\t"
	                 "add $128, %%rsp"
	                 : "+a"(v)
	                 : [nr] "i"(SYS_getpid), [vec] "i"(SYSCALL_VECTOR)
	                 : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
	                   "r13", "r14", "r15", "memory", "cc");
}

static unsigned long reg_pattern(unsigned i)
{
	return 0xfedcba9876543210ul + i * 0x0101010101010101ul;
}

static void check_regs(void)
{
	unsigned long v[NREGS + 1];

	for (unsigned i = 0; i < NREGS; i++)
		v[i] = reg_pattern(i);
	getpid_with_regs(v);
	for (unsigned i = 0; i < NREGS; i++) {
		if (v[i] != reg_pattern(i))
			child_fail("%s is %lx after a system call, was %lx", regnames[i], v[i],
			           reg_pattern(i));
	}
	if ((long)v[NREGS] != getpid())
		child_fail("getpid returned %ld, then %d", (long)v[NREGS], getpid());
}

/* A system call preserves every register but rax, as syscall.h promises. */
static const char *t_regs(void)
{
	return in_child(check_regs);
}

/* ---- Processes ---- */

/* Distinct statuses, including ones that do not fit in 8 bits. */
static const int statuses[] = {0, 1, 42, 256, -7, 0x7fffffff};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Reaps NSTATUS children: each of pids once, with its own status. */
static const char *reap_statuses(const int *pids)
{
	int seen[NSTATUS] = {0}, pid, st;
	unsigned i;

	for (unsigned n = 0; n < NSTATUS; n++) {
		if ((pid = wait(&st)) < 0)
			return failf("wait returned %d with %d children left", pid,
			             (int)(NSTATUS - n));
		for (i = 0; i < NSTATUS && (pids[i] != pid || seen[i]); i++)
			;
		if (i == NSTATUS)
			return failf("wait returned %d: not an unreaped child", pid);
		seen[i] = 1;
		if (st != statuses[i])
			return failf("child %d exited with %d, wait says %d", pid, statuses[i], st);
	}
	return 0;
}

/* Several children with distinct statuses; wait returns each once, then -1;
 * wait(0) does not want the status. */
static const char *t_forkwait(void)
{
	int pids[NSTATUS], pid, got;
	const char *r;

	for (unsigned i = 0; i < NSTATUS; i++) {
		if ((pids[i] = tfork()) == 0)
			exit(statuses[i]);
		if (pids[i] < 0)
			return "fork failed";
	}
	if ((r = reap_statuses(pids)))
		return r;
	if ((pid = wait(0)) != -1)
		return failf("wait returned %d with no children", pid);
	if ((pid = tfork()) == 0)
		exit(3);
	if (pid < 0)
		return "fork failed";
	if ((got = wait(0)) != pid)
		return failf("wait(0) returned %d, expected child %d", got, pid);
	return 0;
}

/* getpid differs in parent and child; the child's is what fork returned. */
static const char *t_getpid(void)
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
static const char *t_forkcopy(void)
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
static const char *t_kill(void)
{
	static const int nobody[] = {0, -1, 0x7fffffff};
	int pid = spawn(spin), next;
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
static const char *t_kill_sleeping(void)
{
	int pid = spawn(sleep_forever);
	long t0 = uptime();
	const char *r;

	sleep(2); /* time for the child to fall asleep */
	if ((r = kill_and_reap(pid)))
		return r;
	if (uptime() - t0 >= NAP)
		return failf("the sleeping child took %ld ticks to die", uptime() - t0);
	return 0;
}

static void kill_self(void)
{
	kill(getpid());
}

/* A process that kills itself dies on its way back to user mode. */
static const char *t_kill_self(void)
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
static const char *t_kill_waiting(void)
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
static const char *t_orphan(void)
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
static const char *t_orphan_zombie(void)
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
static const char *t_preempt(void)
{
	int a = spawn(spin), b = spawn(spin);
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
static const char *t_uptime(void)
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

/* ---- Faults ---- */

/* addr as a pointer the compiler knows nothing about: it would turn a
 * dereference of a constant NULL into ud2, a different fault. */
static volatile long *opaque(unsigned long addr)
{
	__asm__("" : "+r"(addr));
	return (volatile long *)addr;
}

static void null_read(void)
{
	(void)*opaque(0);
}

static void null_write(void)
{
	*opaque(0) = 1;
}

static void text_write(void)
{
	*(volatile char *)(unsigned long)text_write = 0;
}

static void kernel_read(void)
{
	(void)*opaque(KERNEL_ADDR);
}

static void kernel_jump(void)
{
	((void (*)(void))KERNEL_ADDR)();
}

static void noncanonical_read(void)
{
	(void)*opaque(NONCANONICAL);
}

/* On kvm_pvm a user `int` arrives as #UD, like ud2: the kernel must tell a
 * system call (cd 40) from anything else. */
static void bad_opcode(void)
{
	__asm__ volatile("ud2");
}

static void other_vector(void)
{
	__asm__ volatile("int $0x41");
}

static void breakpoint(void)
{
	__asm__ volatile("int3");
}

static void privileged(void)
{
	__asm__ volatile("hlt");
}

/* Succeeds if the kernel left IOPL at 3 for user mode. */
static void interrupts_off(void)
{
	__asm__ volatile("cli");
}

static void port_io(void)
{
	__asm__ volatile("outb %%al, $0x80" : : "a"(0));
}

/* In assembly: the compiler turns 1 / x into a comparison, without a div. */
static void divide_by_zero(void)
{
	unsigned lo = 1, hi = 0;

	__asm__ volatile("divl %2" : "+a"(lo), "+d"(hi) : "c"(0u));
}

static volatile int never; /* hides from the compiler that recurse never returns */

/* Recurses until the stack runs into something unmapped or read-only. */
static int recurse(volatile char *caller)
{
	volatile char frame[256];

	if (never)
		return 0;
	frame[0] = caller[0] + 1;
	return recurse(frame) + frame[0]; /* not a tail call: each frame stays */
}

static void stack_overflow(void)
{
	volatile char start = 0;

	recurse(&start);
}

static const struct fault {
	const char *name;
	void (*fn)(void);
} faults[] = {
    {"NULL read", null_read},
    {"NULL write", null_write},
    {"write to text", text_write},
    {"kernel read", kernel_read},
    {"jump to the kernel", kernel_jump},
    {"non-canonical read", noncanonical_read},
    {"ud2", bad_opcode},
    {"int $0x41", other_vector},
    {"int3", breakpoint},
    {"hlt", privileged},
    {"cli", interrupts_off},
    {"out", port_io},
    {"divide by zero", divide_by_zero},
    {"stack overflow", stack_overflow},
};

/* Each faulting child is killed (the kernel prints a line for it), and the
 * rest of the system goes on. */
static const char *t_fault(void)
{
	const char *r;

	for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		if ((r = expect_exit(spawn(faults[i].fn), KILLED)))
			return failf("%s: %s", faults[i].name, r);
	}
	return 0;
}

/* ---- Bad pointers ---- */

/* The break after one more mapped page: the page at the result is unmapped,
 * the one below it mapped and filled with '#'. */
static char *heap_edge(void)
{
	char *page = align_break();

	if (sbrk(PGSIZE) != page)
		child_fail("sbrk failed");
	memset(page, '#', PGSIZE);
	return page + PGSIZE;
}

/* The page below the stack's if it is unmapped (xv6's guard page), else 0:
 * a hole inside the process's memory, where a copy passes the range check
 * and faults part way. */
static unsigned long stack_guard(void)
{
	volatile char here;
	unsigned long guard = ((unsigned long)&here & ~(PGSIZE - 1)) - PGSIZE;

	return unmapped(guard) ? guard : 0;
}

struct range {
	const char *what;
	unsigned long addr;
	long len;
};

static void check_writes(const struct range *bad, unsigned n)
{
	long r;

	for (unsigned i = 0; i < n; i++) {
		if ((r = write(STDOUT, (const void *)bad[i].addr, bad[i].len)) != -1)
			child_fail("write of %s returned %ld", bad[i].what, r);
	}
}

static void bad_writes(void)
{
	unsigned long edge = (unsigned long)heap_edge(), guard = stack_guard();
	const struct range bad[] = {
	    {"a kernel address", KERNEL_ADDR, 16},
	    {"NULL", 0, 16},
	    {"an unmapped page", edge, 16},
	    {"a range into an unmapped page", edge - 8, 16},
	    {"a range wrapping around to 0x1000", -PGSIZE, 2 * PGSIZE},
	    {"a negative length", edge - PGSIZE, -1},
	    {"a length past the end of user memory", edge - PGSIZE, USER_END},
	    {"the last page of user memory and beyond", USER_END - PGSIZE, 2 * PGSIZE},
	};
	const struct range holes[] = {
	    {"a range into the stack's guard page", guard - 8, 16},
	    {"a long range across the guard page", guard - PGSIZE, 3 * PGSIZE},
	};

	check_writes(bad, sizeof(bad) / sizeof(bad[0]));
	if (guard)
		check_writes(holes, sizeof(holes) / sizeof(holes[0]));
}

/* write() with bad buffers returns -1 and the process goes on. */
static const char *t_badwrite(void)
{
	return in_child(bad_writes);
}

/* wait() with bad status pointers returns -1 each time without reaping the
 * child (as xv6 does: the failed copyout comes before the child is freed);
 * a good pointer then reaps it with its status. */
static void bad_waits(void)
{
	unsigned long edge = (unsigned long)heap_edge(), guard = stack_guard();
	volatile int *text = (volatile int *)(unsigned long)bad_waits;
	const int text_word = *text;
	const unsigned long bad[] = {
	    KERNEL_ADDR,  edge,      edge - 2, (unsigned long)text,
	    NONCANONICAL, guard - 2, guard, /* the last two only where there is a guard page */
	};
	unsigned nbad = sizeof(bad) / sizeof(bad[0]) - (guard ? 0 : 2);
	int pid = fork(), got, st;

	if (pid < 0)
		child_fail("fork failed");
	if (pid == 0)
		exit(7);
	for (unsigned i = 0; i < nbad; i++) {
		if ((got = wait((int *)bad[i])) != -1)
			child_fail("wait(%p) returned %d", (void *)bad[i], got);
	}
	if (*text != text_word)
		child_fail("wait wrote a status into read-only text");
	if ((got = wait(&st)) != pid || st != 7)
		child_fail(
		    "after the failed waits, wait returned %d status %d, expected %d status 7", got,
		    st, pid);
	if ((got = wait(&st)) != -1)
		child_fail("wait returned %d with no children", got);
}

static const char *t_badwait(void)
{
	return in_child(bad_waits);
}

/* ---- Memory ---- */

static void check_bytes(volatile char *p, long n, int zero, const char *what)
{
	for (long i = 0; i < n; i++) {
		if (p[i] != (zero ? 0 : (char)(i * 7 + 1)))
			child_fail("%s: byte %ld reads %d", what, i, p[i]);
	}
}

static void grow(char *base, long n)
{
	char *p = sbrk(n);

	if (p != base)
		child_fail("sbrk(%ld) returned %p, the break was %p", n, p, base);
	if (sbrk(0) != base + n)
		child_fail("sbrk(%ld) moved the break from %p to %p", n, base, sbrk(0));
}

static void shrink(char *base, long n)
{
	char *p = sbrk(-n);

	if (p != base + n || sbrk(0) != base)
		child_fail("sbrk(-%ld) returned %p and left the break at %p, expected %p", n, p,
		           sbrk(0), base);
}

/* Deltas no break can take: the result would wrap around, lie beyond user
 * memory, or below address 0. */
static void bad_deltas(void)
{
	char *b = sbrk(0), *p;
	const long deltas[] = {0x7fffffffffffffffl, -0x7fffffffffffffffl - 1, (long)USER_END,
	                       -(long)b - (long)PGSIZE};

	for (unsigned i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
		if ((p = sbrk(deltas[i])) != (char *)-1)
			child_fail("sbrk(%ld) returned %p", deltas[i], p);
		if (sbrk(0) != b)
			child_fail("a failed sbrk(%ld) moved the break", deltas[i]);
	}
}

static void sbrk_up_down(void)
{
	char *base = align_break();
	volatile char *p = base;

	grow(base, SBRK_BYTES);
	for (unsigned long i = 0; i < SBRK_BYTES; i++)
		p[i] = i * 7 + 1;
	check_bytes(p, SBRK_BYTES, 0, "new memory");
	shrink(base, SBRK_BYTES);
	if (!unmapped((unsigned long)base))
		child_fail("memory given back by sbrk is still there");
	grow(base, SBRK_BYTES);
	check_bytes(p, SBRK_BYTES, 1, "regrown memory");
	shrink(base, SBRK_BYTES);
	bad_deltas();
}

/* sbrk grows and shrinks the heap: new memory is usable, memory given back
 * is unmapped, and memory that comes back is zero. In a child, so this
 * process's memory is unaffected. */
static const char *t_sbrk(void)
{
	return in_child(sbrk_up_down);
}

/* Checks that each page from base to end is zero at both ends, then marks
 * its last word with its address and checks every mark: two pages sharing a
 * frame would show. (The last word, because a kernel may keep a free list's
 * link in the first and clear just that on allocation.) */
static void mark_pages(char *base, char *end)
{
	volatile long *w;

	for (char *p = base; p < end; p += PGSIZE) {
		w = (volatile long *)(p + PGSIZE) - 1;
		if (*(volatile long *)p != 0 || *w != 0)
			child_fail("new heap page %p is not zero", (void *)p);
		*w = (long)p;
	}
	for (char *p = base; p < end; p += PGSIZE) {
		w = (volatile long *)(p + PGSIZE) - 1;
		if (*w != (long)p)
			child_fail("heap page %p lost its mark", (void *)p);
	}
}

/* Grows the heap until sbrk fails, in chunks that halve at each failure (a
 * few hundred calls rather than one per page), uses every page and gives
 * them all back. Returns the number of pages obtained. */
static long exhaust(void)
{
	char *base = align_break(), *end = base;

	for (long chunk = 1 << 20; chunk >= (long)PGSIZE;) {
		if (sbrk(chunk) == (char *)-1)
			chunk /= 2;
		else
			end += chunk;
	}
	if (sbrk(0) != end)
		child_fail("failed sbrk calls moved the break");
	mark_pages(base, end);
	shrink(base, end - base);
	return (end - base) / PGSIZE;
}

static void exhaust_twice(void)
{
	long first = exhaust(), second = exhaust();

	if (first != second)
		child_fail("the heap reached %ld pages, after giving them back %ld", first, second);
	exit(first);
}

static void exhaust_once(void)
{
	exit(exhaust());
}

/*
 * Memory is fully reclaimed. The count that must be equal is the number of
 * heap pages a process can obtain, in a fixed state of the rest of the
 * system: the free pages then are those data pages plus the page-table pages
 * that map them (whether the kernel frees those on shrinking or keeps them
 * for the next growth), so the count repeats exactly unless a page leaks.
 * Compared twice: in one process after sbrk gave everything back, and in
 * the next child after the first was reaped (exit and wait give back the
 * process's pages, page tables and kernel stack).
 */
static const char *t_sbrk_exhaust(void)
{
	int a = tfork(), b, sa, sb;

	if (a == 0)
		exhaust_twice();
	if (a < 0 || wait(&sa) != a)
		return "fork or wait failed";
	if ((b = tfork()) == 0)
		exhaust_once();
	if (b < 0 || wait(&sb) != b)
		return "fork or wait failed";
	if (sa == CHILD_FAILED || sb == CHILD_FAILED)
		return "a child failed (see above)";
	if (sa <= 0 || sb <= 0)
		return failf("children got %d and %d heap pages", sa, sb);
	if (sa != sb)
		return failf("a child got %d heap pages, the next child %d", sa, sb);
	return 0;
}

/* ---- The process table ---- */

#define MAXFILL 1024 /* more children than any process table holds */

/* Forks sleeping children into pids until fork fails; returns how many. */
static int fill(int *pids)
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

static const char *kill_all(const int *pids, int n)
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

static const char *fill_twice(int *pids)
{
	int first = fill(pids), second;
	const char *r;

	if ((r = kill_all(pids, first)))
		return r;
	if (first == 0)
		return "fork failed with no children";
	if (first == MAXFILL)
		return failf("fork did not fail after %d children", first);
	second = fill(pids);
	if ((r = kill_all(pids, second)))
		return r;
	if (first != second)
		return failf("%d children fit, after reaping them %d", first, second);
	return 0;
}

/* Fork fails when the process table (or memory) is full; killing and
 * reaping the children frees every slot; then fork works again. */
static const char *t_proctable(void)
{
	int *pids = (int *)sbrk(MAXFILL * sizeof(int));
	const char *r;
	int pid;

	if (pids == (int *)-1)
		return "sbrk failed";
	r = fill_twice(pids);
	sbrk(-MAXFILL * (long)sizeof(int));
	if (r)
		return r;
	if ((pid = tfork()) == 0)
		exit(0);
	return expect_exit(pid, 0);
}

/* ---- Running ---- */

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

/* After a failed test: kill what it left running and reap everything. */
static void clean_up(void)
{
	for (int i = 0; i < nkids; i++)
		kill(kids[i]);
	while (wait(0) >= 0)
		;
}

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
	clean_up();
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
	if (argc > 1 && strncmp(argv[1], "bench-", 6) == 0)
		return bench(argc - 1, argv + 1);
	return run_tests(argc > 1 ? argc - 1 : 0, argv + 1);
}
