/*
 * fpu: the x87, MMX and SSE registers (and MXCSR) are each process's own.
 * Two processes that switch, by sleeping or by the timer's preemption,
 * each keep theirs; fork's child starts with its parent's; exec starts a
 * program with the initial ones (FNINIT's control word 0x37F, MXCSR
 * 0x1F80, every register empty and zero). The registers are loaded, kept
 * across the system calls and stored by fpu_hold, in assembly, where no
 * compiled code can touch them in between; every such process is a child,
 * so usertests itself keeps its own.
 */
#include "usertests.h"

/* FXSAVE's image (Intel SDM vol. 1, 10.5.1), in what the 32- and 64-bit
 * formats share. */
struct fxsave {
	uint16_t fcw, fsw;
	uint8_t ftw, reserved;
	uint16_t fop;
	uint8_t ip_dp[16]; /* the last x87 instruction's and operand's addresses */
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][16];   /* ST0-ST7, 10 bytes each */
	uint8_t xmm[16][16]; /* XMM0-XMM15; NXMM of them stored */
	uint8_t unused[96];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct fxsave) == 512, "FXSAVE stores 512 bytes");

#define ROUNDS        5 /* sleeps of a tick, each a switch to the other process */
#define PREEMPT_TICKS 4 /* how long the two processes run side by side */
#define SPIN_CALLS    16

char fpu_at_start[512] __attribute__((aligned(16)));

/* Static, not on the one-page stack; each child has its own copy. */
static struct fxsave want, got;

/* Registers made from seed: precision 53 bits and the seed's rounding in
 * the x87 control word (never FNINIT's 0x37F); in MXCSR flush-to-zero, the
 * seed's rounding and the precision flag (never 0x1F80); every x87
 * register in use; and every register's bytes a pattern. Every exception
 * stays masked. */
static void fpu_image(struct fxsave *f, unsigned seed)
{
	memset(f, 0, sizeof *f);
	f->fcw = 0x27f | (seed & 3) << 10;
	f->mxcsr = 0x9fa0 | (seed & 3) << 13;
	f->ftw = 0xff;
	for (int i = 0; i < 8; i++)
		pat_fill((char *)f->st[i], seed, 16 * i, 10);
	pat_fill((char *)f->xmm, seed, 128, 16 * NXMM);
}

/* Which register of got differs from want's, or 0. */
static const char *fpu_diff(const struct fxsave *w, const struct fxsave *g)
{
	if (g->fcw != w->fcw)
		return "the x87 control word";
	if (g->fsw != w->fsw || g->ftw != w->ftw)
		return "the x87 status or tag word";
	if (g->mxcsr != w->mxcsr)
		return "MXCSR";
	for (int i = 0; i < 8; i++) {
		if (memcmp(g->st[i], w->st[i], 10) != 0)
			return "an x87 register";
	}
	if (memcmp(g->xmm, w->xmm, 16 * NXMM) != 0)
		return "an xmm register";
	return 0;
}

/* In a child: fail, saying what differs and when, unless got is want. */
static void expect_want(const char *when)
{
	const char *r = fpu_diff(&want, &got);

	if (r)
		child_fail("%s: %s differs (fcw 0x%x, mxcsr 0x%x; expected 0x%x, 0x%x)", when, r,
		           got.fcw, got.mxcsr, want.fcw, want.mxcsr);
}

/* Runs fn(1) and fn(2) in two children side by side; both must pass. */
static const char *two_children(void (*fn)(unsigned seed))
{
	for (unsigned seed = 1; seed <= 2; seed++) {
		int pid = tfork();

		if (pid < 0)
			return "fork failed";
		if (pid == 0) {
			fn(seed);
			exit(0);
		}
	}
	return expect_all_exit(2);
}

/* Sleeps keep the registers: the other child runs meanwhile. */
static void hold_across_sleeps(unsigned seed)
{
	static const struct fpu_call sleeps[ROUNDS] = {
	    [0 ... ROUNDS - 1] = {SYS_sleep, 1, 0},
	};

	fpu_image(&want, seed);
	fpu_hold(&want, &got, sleeps, ROUNDS);
	expect_want("after sleeps");
}

const char *t_fpu_switch(void)
{
	return two_children(hold_across_sleeps);
}

/* The timer's preemption keeps them: the two children take turns, the
 * timer interrupting each in user mode, between system calls that do not
 * sleep. */
static void hold_while_preempted(unsigned seed)
{
	static const struct fpu_call calls[SPIN_CALLS] = {
	    [0 ... SPIN_CALLS - 1] = {SYS_getpid, 0, 0},
	};
	long end = uptime() + PREEMPT_TICKS;

	fpu_image(&want, seed);
	while (uptime() < end) {
		fpu_hold(&want, &got, calls, SPIN_CALLS);
		expect_want("while preempted");
	}
}

const char *t_fpu_preempt(void)
{
	return two_children(hold_while_preempted);
}

/* Fork's child starts with the registers its parent had at the fork; both
 * keep them through sleeps that switch between the two. */
static void fork_copies(void)
{
	static const struct fpu_call calls[] = {
	    {SYS_fork, 0, 0}, {SYS_sleep, 1, 0}, {SYS_sleep, 1, 0}, {SYS_sleep, 1, 0}};
	int me = getpid(), st;

	fpu_image(&want, 3);
	fpu_hold(&want, &got, calls, sizeof calls / sizeof calls[0]);
	if (getpid() != me) {
		expect_want("in fork's child");
		exit(0);
	}
	if (wait(&st) < 0) /* first: no orphan when the parent fails */
		child_fail("fork's child is gone");
	expect_want("in the parent after fork");
	if (st != 0)
		child_fail("fork's child failed");
}

const char *t_fpu_fork(void)
{
	return in_child(fork_copies);
}

/* Exec starts the program with the initial registers, whatever the caller
 * had: this program again, in its helper mode, checks what it started
 * with. */
static void exec_resets(void)
{
	static char *argv[] = {"usertests", FPUMODE, 0};
	struct fpu_call call = {SYS_exec, (long)SELF, (long)argv};

	fpu_image(&want, 4);
	fpu_hold(&want, &got, &call, 1);
	child_fail("exec of %s failed", SELF);
}

const char *t_fpu_exec(void)
{
	const char *r = in_child(exec_resets);

	return r ? failf("a program exec started: %s", r) : 0;
}

/* usertests --fpu-initial: 0 if this program started with the initial
 * registers (fpu_at_start), else 1 and why. */
int fpu_initial_helper(void)
{
	const char *r;

	memset(&want, 0, sizeof want);
	want.fcw = 0x37f;
	want.mxcsr = 0x1f80;
	memcpy(&got, fpu_at_start, sizeof got);
	if (!(r = fpu_diff(&want, &got)))
		return 0;
	printf("usertests %s: %s is not the initial one (fcw 0x%x, mxcsr 0x%x)\n", FPUMODE, r,
	       got.fcw, got.mxcsr);
	return 1;
}
