/* Tests of faults and bad pointers: each fault kills only its process; each bad
 * pointer gives -1. */
#include "ktest.h"

/* A word at addr, hidden from the compiler (testlib.h's opaque). */
static volatile long *word_at(unsigned long addr)
{
	return opaque(addr);
}

static void null_read(void)
{
	(void)*word_at(0);
}

static void null_write(void)
{
	*word_at(0) = 1;
}

static void text_write(void)
{
	*(volatile char *)(unsigned long)text_write = 0;
}

static void kernel_read(void)
{
	(void)*word_at(KERNEL_ADDR);
}

static void kernel_jump(void)
{
	((void (*)(void))KERNEL_ADDR)();
}

static void noncanonical_read(void)
{
	(void)*word_at(NONCANONICAL);
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
const char *t_fault(void)
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
const char *t_badwrite(void)
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

const char *t_badwait(void)
{
	return in_child(bad_waits);
}
