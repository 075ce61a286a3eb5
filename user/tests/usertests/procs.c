/*
 * The process table: filled and emptied; fork bombs contained; orphans
 * reaped; exit giving back every descriptor. Memory is compared as
 * free_pages() sees it after a first round of the same work, which grows
 * the kernel's pool of page-table pages to what the work needs (pages
 * that become tables stay tables: not a leak).
 */
#include "usertests.h"

static int *pids;

static void nothing(void)
{
}

#define SPARE 1024 /* pages: 4 MiB, several page tables' worth */

/* With the table full and memory to spare (what was free before the
 * fill, less what the n children took), sbrk still gets some: the
 * children's page tables must not have used up the last pages that can
 * become tables while data pages are free. */
static const char *memory_left(long before, int n)
{
	long child = (long)(PGROUNDUP(sbrk(0)) / PGSIZE) + 8, left = before - n * child;

	if (left < 2 * SPARE)
		return 0;
	if (sbrk(SPARE * (long)PGSIZE) == (char *)-1)
		return failf("the table full, %ld pages free, sbrk of %d pages failed", left,
		             SPARE);
	sbrk(-SPARE * (long)PGSIZE);
	return 0;
}

/* Fills the table: how many fit, and the table then. */
static const char *fill_once(int *n, int *full)
{
	long before = free_pages();
	const char *r, *m;
	int again;

	*n = fill_procs(pids);
	*full = nprocs();
	again = fork();
	if (again == 0)
		exit(0);
	m = memory_left(before, *n);
	r = kill_all(pids, *n);
	if (again > 0)
		return "fork succeeded in a full table";
	if (*n == MAXFILL || *n == 0)
		return failf("fork failed after %d children", *n);
	return r ? r : m;
}

/* fork fails once the process table is full, and procs then lists it
 * full, with memory to spare; killed and reaped, the children give back
 * every slot: as many fit again, and fork works. */
const char *t_proc_table(void)
{
	int base = nprocs(), n1, n2, full1, full2;
	const char *r;

	if (!(pids = (int *)scratch(MAXFILL * sizeof(int))))
		return "sbrk failed";
	if ((r = fill_once(&n1, &full1)) || (r = settle_procs(base, "after the first fill")) ||
	    (r = fill_once(&n2, &full2)))
		return r;
	if (full1 != base + n1 || full2 != full1)
		return failf("procs listed %d and %d processes with %d + %d and %d + %d", full1,
		             full2, base, n1, base, n2);
	if (n1 != n2)
		return failf("%d children fit, then %d", n1, n2);
	return expect_exit(spawn(nothing), 0);
}

/* ---- Fork bombs ---- */

/* Every process forks and forks again, forever; each tells alarm_fd
 * once that fork failed. Its own group, so the test finds them all. */
static void bomb(void)
{
	int told = 0;

	setpgid(0, 0);
	close(alarm_fd[0]);
	for (;;) {
		if (fork() < 0) {
			if (!told)
				told = write(alarm_fd[1], "f", 1) == 1;
			sleep(1);
		}
	}
}

/* Kills every live process of group pgid; how many there were. */
static int kill_group(int pgid)
{
	int n = nprocs(), live = 0;

	for (int i = 0; i < n; i++) {
		if (ptab[i].pgid == pgid && ptab[i].state != PS_ZOMBIE) {
			kill(ptab[i].pid);
			live++;
		}
	}
	return live;
}

#define BOMB_ROUNDS 1000

static const char *bomb_round(void)
{
	int base = nprocs(), alarm = alarm_start(1000), root, rounds = 0;
	char c;

	if (alarm < 0 || (root = tfork()) < 0)
		return "cannot start the bomb";
	if (root == 0)
		bomb();
	setpgid(root, root);
	c = alarm_wait();
	while (kill_group(root) > 0 && rounds++ < BOMB_ROUNDS)
		sleep(1);
	alarm_stop(alarm);
	reap_all(-1); /* the root and the alarm (all of the bomb if this is init): killed */
	if (c != 'f')
		return "fork never failed: the bomb did not fill the table";
	if (rounds > BOMB_ROUNDS)
		return failf("the bomb still ran after %d rounds of kills", BOMB_ROUNDS);
	return settle_procs(base, "the bomb's processes were not all reaped");
}

/* Processes that fork without end fill the table and go on trying; kill
 * finds them all (procs lists them), every one is reaped, and fork works
 * again. The whole suite, twice: the free memory after each is the same. */
const char *t_fork_bomb(void)
{
	long before = 0, after = 0;
	const char *r;

	if ((r = bomb_round()))
		return r;
	if (!quick &&
	    ((before = free_pages()) < 0 || (r = bomb_round()) || (after = free_pages()) < 0))
		return r ? r : "measuring the free memory failed";
	if ((r = expect_exit(spawn(nothing), 0)))
		return failf("after the bomb: %s", r);
	return same_memory(before, after, "a fork bomb");
}

/* ---- Orphans ---- */

/* A chain: each process forks the next and exits at once; the last one
 * sleeps a little, so that it is an orphan running when it exits. */
static void chain(int depth)
{
	for (; depth > 0; depth--) {
		if (fork() != 0)
			exit(0);
	}
	sleep(3);
	exit(0);
}

/* A fan: a process forks n children that exit after 0 to 3 ticks, some
 * before their parent and some after, and exits. */
static void fan(int n)
{
	for (int i = 0; i < n; i++) {
		if (fork() == 0) {
			sleep(i % 4);
			exit(i);
		}
	}
	sleep(1);
	exit(0);
}

/* Processes whose parents exited, as zombies or still running, go to
 * init, which reaps them (usertests does that when it is init). */
const char *t_orphans(void)
{
	int base = nprocs(), a, b;

	if ((a = tfork()) == 0)
		chain(SIZE(10, 40));
	if ((b = tfork()) == 0)
		fan(SIZE(10, 40));
	if (a < 0 || b < 0)
		return "fork failed";
	return settle_procs(base, "orphans were not reaped");
}

/* ---- exit gives back descriptors ---- */

/* Fills the descriptor table with pipes (one full of bytes) and files,
 * and exits without closing any; the status is how many it opened. */
static void hoard(void)
{
	int p[2], n = 0;

	while (pipe(p) == 0) {
		n += 2;
		write(p[1], "bytes", 5);
	}
	while (open(".", O_RDONLY) >= 0)
		n++;
	exit(n);
}

static const char *hoarders(int rounds, int *first)
{
	int pid, st;

	for (int i = 0; i < rounds; i++) {
		if ((pid = tfork()) == 0)
			hoard();
		if (pid < 0 || wait(&st) != pid || st <= 0)
			return "a hoarding child failed";
		if (*first < 0)
			*first = st;
		if (st != *first)
			return failf("a child opened %d descriptors, an earlier one %d", st,
			             *first);
	}
	return 0;
}

/* Children that exit with their tables full of pipes and files give all
 * of it back: each next one opens as many (the system's file table would
 * fill otherwise); and (not in a quick run) the free memory is the same. */
const char *t_exit_files(void)
{
	int first = -1;
	long before = 0, after = 0;
	const char *r;

	if ((r = hoarders(1, &first)))
		return r;
	if (!quick)
		before = free_pages();
	if ((r = hoarders(SIZE(10, 40), &first)))
		return r;
	if (!quick)
		after = free_pages();
	return same_memory(before, after, "children exiting with full tables");
}
