/* Tests of the system-call ABI: bad call numbers, preserved registers. */
#include "ktest.h"

static long raw_syscall(long nr)
{
	long r;

	__asm__ volatile("int %1" : "=a"(r) : "i"(SYSCALL_VECTOR), "a"(nr) : "memory");
	return r;
}

static void bad_numbers(void)
{
	static const long nrs[] = {0, SYS_NCALLS, 255, -1, (long)0x80000000u, LONG_MIN};
	long r;

	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		if ((r = raw_syscall(nrs[i])) != -1)
			child_fail("system call %ld returned %ld", nrs[i], r);
	}
}

/* Invalid call numbers return -1 (a kernel that indexes its table with a
 * negative or huge number crashes or jumps astray). */
const char *t_syscall(void)
{
	return in_child(bad_numbers);
}

static const char *const regnames[] = SYSCALL_SAVED_REGS;
#define NREGS NSYSCALL_SAVED_REGS

static unsigned long reg_pattern(unsigned i)
{
	return (unsigned long)(0xfedcba9876543210ull + i * 0x0101010101010101ull);
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

/* A system call preserves every register but the result's (rax, eax), as
 * syscall.h promises. */
const char *t_regs(void)
{
	return in_child(check_regs);
}
