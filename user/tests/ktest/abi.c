/* Tests of the system-call ABI: bad call numbers, preserved registers. */
#include "ktest.h"

/* Invalid call numbers return -1 (a kernel that indexes its table with a
 * negative or huge number crashes or jumps astray). */
const char *t_syscall(void)
{
	return no_such_calls();
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
