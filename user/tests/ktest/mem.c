/* Tests of memory and limits: sbrk up, down and to exhaustion; the process table. */
#include "ktest.h"

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
	char *b = sbrk(0);
	const long deltas[] = {LONG_MAX, LONG_MIN, (long)USER_END, -(long)b - (long)PGSIZE};

	sbrk_refuses(deltas, sizeof(deltas) / sizeof(deltas[0]));
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
const char *t_sbrk(void)
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
const char *t_sbrk_exhaust(void)
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

static const char *fill_twice(int *pids)
{
	int first = fill_procs(pids), second;
	const char *r;

	if ((r = kill_all(pids, first)))
		return r;
	if (first == 0)
		return "fork failed with no children";
	if (first == MAXFILL)
		return failf("fork did not fail after %d children", first);
	second = fill_procs(pids);
	if ((r = kill_all(pids, second)))
		return r;
	if (first != second)
		return failf("%d children fit, after reaping them %d", first, second);
	return 0;
}

/* Fork fails when the process table (or memory) is full; killing and
 * reaping the children frees every slot; then fork works again. */
const char *t_proctable(void)
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
