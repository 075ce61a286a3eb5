/*
 * Every path that allocates, with memory gone (issue 16): the buffer cache
 * (file writes, reads, directories, fsync), pages and page tables (sbrk,
 * fork), pipes, exec. A hog holds all memory but k pages, for k = 0, 1,
 * 2, ...; at each k a small prober calls each path, which must succeed or
 * fail with -1 and leave nothing behind: never panic, hang or leak, so
 * that the hog's exit gives back as much memory as there was. The file
 * system must always succeed: the buffer cache keeps what one transaction
 * needs whatever user programs took (guest/bio.c).
 */
#include "usertests.h"

#define FS_BYTES     (64 * 1024) /* the write that panicked the kernel */
#define MAX_LEVELS   2048        /* pages the hog gives back, at most */
#define FORKED       7           /* the status of a child that only forked */
#define EXEC_REFUSED 8           /* a child's exec returned -1 */

/* ---- The file system with no memory free ---- */

/* Creates, writes, reads back, fsyncs and removes a file of size bytes of
 * the pattern seed, and a directory: every call must work. */
static void use_files(unsigned long seed, unsigned long size)
{
	const char *r;
	int fd;

	if ((r = put_pattern("starved", seed, size)) || (r = check_pattern("starved", seed, size)))
		child_fail("%s", r);
	if ((fd = open("starved", O_RDWR)) < 0 || write(fd, "x", 1) != 1 || fsync(fd) != 0)
		child_fail("open, write or fsync of a file failed");
	close(fd);
	if (unlink("starved") != 0 || mkdir("dir") != 0 || unlink("dir") != 0)
		child_fail("unlink or mkdir failed");
}

/* Takes all memory, then uses the file system: as the issue found it,
 * files made by one write of 64 KiB each, from the heap; then everything,
 * and a file larger than the buffer cache's share of RAM (an eighth). */
static void fs_starved(void)
{
	char *heap, name[] = "one0";
	long w;
	int fd;

	if (grow_heap(LONG_MAX) < FS_BYTES / (long)PGSIZE || sbrk(PGSIZE) != (char *)-1)
		child_fail("the heap did not take all memory");
	heap = (char *)sbrk(0) - FS_BYTES;
	for (int i = 0; i < 4; i++, name[3]++) {
		pat_fill(heap, (unsigned long)i, 0, FS_BYTES);
		if ((fd = open(name, O_CREATE | O_RDWR)) < 0)
			child_fail("cannot create %s", name);
		if ((w = write(fd, heap, FS_BYTES)) != FS_BYTES)
			child_fail("write of 64 KiB to %s returned %ld", name, w);
		close(fd);
	}
	name[3] = '0';
	for (int i = 0; i < 4; i++, name[3]++) {
		if (check_pattern(name, (unsigned long)i, FS_BYTES) || unlink(name) != 0)
			child_fail("%s did not read back, or would not go", name);
	}
	use_files(1, FS_BYTES);
	use_files(2, SIZE(8ul, 32ul) << 20);
}

/* Found by a hostile program: once a process had taken all memory, a
 * 64 KiB write panicked the kernel ("bget: no free buffer"). The buffer
 * cache, unable to grow, was too small for the transaction the log had
 * let in. tests/usertests.sh also runs this test alone on a fresh boot,
 * where the cache is still small. The cache may not grow while memory is
 * short, so as much is free after as before. */
const char *t_mem_fs(void)
{
	long before = free_pages();
	const char *r = in_child(fs_starved);

	return r ? r : same_memory(before, free_pages(), "files written with memory gone");
}

/* ---- Each path, with 0, 1, 2, ... pages free ---- */

static int to_prober[2], to_hog[2];

/* Takes all memory; then, each time the prober says '+', gives back a
 * page, and says 'r' when it has. Exits at anything else or at the end of
 * the file. */
static void hog(void)
{
	long pages = grow_heap(LONG_MAX);
	char c = '+';

	close(to_prober[0]);
	close(to_hog[1]);
	for (; c == '+'; pages--) {
		if (pages <= 0)
			child_fail("the hog has no page left to give back");
		if (write(to_prober[1], "r", 1) != 1)
			child_fail("the hog cannot tell the prober");
		if (read(to_hog[0], &c, 1) != 1)
			break;
		if (c == '+')
			sbrk(-(long)PGSIZE);
	}
	exit(0);
}

/* A page of heap, used and given back: whether sbrk gave it. */
static int try_sbrk(void)
{
	char *p = sbrk(PGSIZE);

	if (p == (char *)-1)
		return 0;
	p[0] = p[PGSIZE - 1] = 1;
	if (sbrk(-(long)PGSIZE) != p + PGSIZE || sbrk(0) != p)
		child_fail("sbrk did not give back the page it gave");
	return 1;
}

/* A pipe that carries a byte, then closed: whether pipe made one. */
static int try_pipe(void)
{
	char c = 'p';
	int p[2];

	if (pipe(p) != 0)
		return 0;
	if (write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1 || c != 'p')
		child_fail("a new pipe does not carry a byte");
	close(p[0]);
	close(p[1]);
	return 1;
}

/* A child that exits at once or, with run, execs /bin/true: whether the
 * fork (and the exec) worked. A failed exec must return -1 to the child,
 * which then exits as it chooses. */
static int try_fork(int run)
{
	static char *argv[] = {"true", 0};
	int pid = fork(), st;

	if (pid < 0)
		return 0;
	if (pid == 0) {
		if (run && exec("/bin/true", argv) == -1)
			exit(EXEC_REFUSED);
		exit(run ? EXEC_REFUSED + 1 : FORKED);
	}
	if (wait(&st) != pid)
		child_fail("wait did not return the child");
	if (st == (run ? 0 : FORKED))
		return 1;
	if (run && st == EXEC_REFUSED)
		return 0;
	child_fail("a child that %s exited with %d", run ? "execs true" : "only forks", st);
}

/* At k = 0, 1, 2, ... pages free: every path, until all of them work (the
 * file system, which works at every k, at every eighth k when quick). */
static void prober(void)
{
	char c;
	int all;

	close(to_prober[1]);
	close(to_hog[0]);
	for (int k = 0; k < MAX_LEVELS; k++) {
		if (read(to_prober[0], &c, 1) != 1)
			child_fail("the hog died");
		if (k % SIZE(8, 1) == 0)
			use_files((unsigned long)k, FS_BYTES);
		/* & rather than &&: every path runs at every k */
		all = try_sbrk() & try_pipe() & try_fork(0) & try_fork(1);
		if (all)
			exit(0); /* closes to_hog: the hog exits */
		if (write(to_hog[1], "+", 1) != 1)
			child_fail("the prober cannot tell the hog");
	}
	child_fail("with %d pages given back, a path still failed", MAX_LEVELS);
}

/* The prober and the hog, both to the end. */
static const char *staircase(void)
{
	int prober_pid, hog_pid = -1;

	if (pipe(to_prober) != 0)
		return "pipe failed";
	if (pipe(to_hog) != 0) {
		close(to_prober[0]);
		close(to_prober[1]);
		return "pipe failed";
	}
	if ((prober_pid = tfork()) == 0)
		prober();
	if (prober_pid > 0 && (hog_pid = tfork()) == 0)
		hog();
	close(to_prober[0]);
	close(to_prober[1]);
	close(to_hog[0]);
	close(to_hog[1]);
	if (prober_pid < 0 || hog_pid < 0)
		return "fork failed";
	return reap_all(-1);
}

/* Every path that allocates, at every amount of free memory from none up;
 * twice, with as much memory free after the second as before it (the
 * first may grow the buffer cache for good). */
const char *t_mem_paths(void)
{
	long before, after;
	const char *r;

	if ((r = staircase()))
		return r;
	before = free_pages();
	if ((r = staircase()))
		return r;
	after = free_pages();
	return same_memory(before, after, "every path run with memory gone");
}
