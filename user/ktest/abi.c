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
	static const long nrs[] = {0, SYS_NCALLS, 255, -1, 0x80000000l, -0x7fffffffffffffffl - 1};
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
const char *t_regs(void)
{
	return in_child(check_regs);
}
