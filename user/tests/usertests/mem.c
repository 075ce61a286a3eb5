/*
 * Memory running out and coming back: one process growing its heap until
 * sbrk fails, several processes holding all memory between them. With
 * memory gone, the calls that need some (sbrk, fork, pipe, exec) fail
 * with -1 and the rest of the system goes on; once it is given back, as
 * much is free as before.
 */
#include "usertests.h"

#define HOG_SEED 0x4d454d

long grow_heap(long max)
{
	long pages = 0, chunk = 16l << 20;

	align_break();
	for (; chunk >= (long)PGSIZE; chunk /= 2) {
		while (pages + chunk / (long)PGSIZE <= max && sbrk(chunk) != (char *)-1)
			pages += chunk / (long)PGSIZE;
	}
	return pages;
}

/* Marks the last word of each of the n pages below the break with its
 * address and a seed: two pages sharing a frame, or a page another
 * process can write, would show. (The last word, because a kernel may
 * keep a free list's link in the first.) */
static void mark_pages(long n, unsigned long seed)
{
	char *end = sbrk(0);

	for (long i = 1; i <= n; i++) {
		unsigned long *w = (unsigned long *)(end - (i - 1) * (long)PGSIZE) - 1;

		if (*w != 0)
			child_fail("new heap page %ld is not zero", i);
		*w = (unsigned long)w ^ seed;
	}
}

static void check_marks(long n, unsigned long seed)
{
	char *end = sbrk(0);

	for (long i = 1; i <= n; i++) {
		unsigned long *w = (unsigned long *)(end - (i - 1) * (long)PGSIZE) - 1;

		if (*w != ((unsigned long)w ^ seed))
			child_fail("heap page %ld lost its mark", i);
	}
}

/* Once sbrk fails: it goes on failing without moving the break, and fork
 * (which needs a copy of all this memory) fails. Pipes until one fails; if
 * that was for memory (a descriptor is still free), no call that needs
 * memory works: pipe, exec. The pipes are given back, and calls that need
 * none work throughout. (Free data pages may outlast sbrk: page tables
 * come from a pool of their own, kalloc.c.) */
static void starved(void)
{
	static char *argv[] = {"usertests", ARGMODE, "99", 0}; /* the helper fails */
	static int held[64];
	char *brk = sbrk(0);
	int p[2], pid, n = 0, d;

	if (sbrk(1) != (char *)-1 || sbrk(PGSIZE) != (char *)-1 || sbrk(0) != brk)
		child_fail("sbrk succeeded once it had failed");
	if ((pid = fork()) == 0)
		exit(0);
	if (pid >= 0)
		child_fail("fork of a process as big as memory succeeded");
	while (n + 2 <= 64 && pipe(held + n) == 0)
		n += 2;
	if ((d = dup(STDERR)) >= 0) {
		close(d);
		if (pipe(p) != -1 || exec(SELF, argv) != -1)
			child_fail("pipe or exec succeeded with no memory left");
	}
	for (int i = 0; i < n; i++)
		close(held[i]);
	if (getpid() <= 0 || uptime() < 0 || write(STDOUT, "", 0) != 0)
		child_fail("calls that need no memory failed");
}

/* One process: grow until sbrk fails, use every page, find the calls that
 * need memory failing, give it all back; twice, getting as much; exits
 * with the pages it got. */
static void exhaust_twice(void)
{
	long first = grow_heap(LONG_MAX), second;

	mark_pages(first, HOG_SEED);
	starved();
	check_marks(first, HOG_SEED);
	sbrk(-first * (long)PGSIZE);
	second = grow_heap(LONG_MAX);
	mark_pages(second, HOG_SEED + 1);
	if (first != second)
		child_fail("the heap reached %ld pages, after giving them back %ld", first, second);
	exit((int)first);
}

/* sbrk fails once memory is gone, and memory given back (with sbrk, and
 * by exit) comes back whole: the next process, of the same shape, gets as
 * much. (Pages that became page tables stay tables, but a process of the
 * same shape needs the same tables: see util.c.) */
const char *t_sbrk_exhaust(void)
{
	int pid = tfork(), st;

	if (pid == 0)
		exhaust_twice();
	if (pid < 0 || wait(&st) != pid)
		return "fork or wait failed";
	if (st == CHILD_FAILED || st <= 0)
		return st == CHILD_FAILED ? "the child failed (see above)"
		                          : "the child got no memory";
	return same_memory(st, free_pages(), "a process that used all memory, then the next");
}

/* ---- Many processes holding memory ---- */

static int told[2], release[2];

/* Takes up to max pages (all there are for the last hog), marks them,
 * says how many, waits to be released and checks them. */
static void hog(int i, long max, int last)
{
	long n = grow_heap(max);
	char b;

	close(told[0]);
	close(release[1]);
	mark_pages(n, HOG_SEED + (unsigned long)i);
	if (last)
		starved();
	if (write(told[1], &n, sizeof(n)) != sizeof(n))
		child_fail("cannot report");
	close(told[1]);
	read(release[0], &b, 1); /* the end of the file once the parent closes */
	check_marks(n, HOG_SEED + (unsigned long)i);
	exit(0);
}

/* Starts nhogs hogs, each taking a share of the free memory and the last
 * all the rest; releases them once all are full. */
static const char *hogs_round(int nhogs)
{
	long free = free_pages(), n, total = 0;
	const char *r = 0;
	int pid;

	if (free <= 0 || pipe(release) < 0)
		return "measuring the memory or pipe failed";
	/* a pipe per hog: its end of file says the hog died before telling */
	for (int i = 0; i < nhogs && !r; i++) {
		if (pipe(told) < 0)
			return "pipe failed";
		if ((pid = tfork()) == 0)
			hog(i, i == nhogs - 1 ? LONG_MAX : free / (nhogs + 1), i == nhogs - 1);
		close(told[1]);
		if (pid < 0 || read(told[0], &n, sizeof(n)) != sizeof(n))
			r = failf("hog %d failed", i);
		close(told[0]);
		total += n;
	}
	close(release[0]);
	close(release[1]);
	if ((r = r ? r : reap_all(-1)))
		return r;
	/* the hogs' own copies of this program take some of the free memory */
	if (total < free / 2)
		return failf("the hogs got %ld pages of %ld free", total, free);
	return 0;
}

/* Processes that hold all memory between them keep their pages to
 * themselves; calls that need memory fail meanwhile; their exit gives it
 * all back. Twice: the free memory after each is the same. */
const char *t_mem_hogs(void)
{
	int nhogs = SIZE(3, 8);
	long before, after;
	const char *r;

	if ((r = hogs_round(nhogs)))
		return r;
	before = free_pages();
	if ((r = hogs_round(nhogs)))
		return r;
	after = free_pages();
	return same_memory(before, after, "processes holding all memory");
}
