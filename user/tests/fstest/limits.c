/* Tests of the kernel's tables running out: open files across the system,
 * inodes in memory. A full table must make the call fail with -1, never
 * panic, and must empty again when the holders exit. Each runs in a fresh
 * TDIR, the current directory. */
#include "fstest.h"

#define HOLDERS     9   /* 9 * 64 descriptors: more than a table of 512 files */
#define INODE_FILES 300 /* more than a table of 256 inodes */

static int ready[2], release[2]; /* holders say they are full; the parent lets them go */

/* Takes what take() gives until it fails, says so, waits to be released,
 * and exits with the count (at most NOFILE). */
static void hold(int (*take)(int), int arg)
{
	int n = 0;
	char b;

	close(ready[0]);
	close(release[1]);
	while (n < 100 && take(arg + n) >= 0)
		n++;
	if (write(ready[1], "r", 1) != 1)
		child_fail("cannot tell the parent");
	read(release[0], &b, 1); /* end of file when the parent closes its end */
	exit(n);
}

/* Starts HOLDERS children that each hold what take() gives, waits until
 * all are full, lets them go, and adds up their counts. */
static const char *hold_all(int (*take)(int), int step, int *total)
{
	int st, pid;
	char b;

	*total = 0;
	if (pipe(ready) < 0 || pipe(release) < 0)
		return "pipe failed";
	for (int i = 0; i < HOLDERS; i++) {
		if ((pid = tfork()) == 0)
			hold(take, i * step);
		if (pid < 0)
			return "fork failed";
	}
	close(ready[1]);
	close(release[0]);
	for (int i = 0; i < HOLDERS; i++) {
		if (read(ready[0], &b, 1) != 1)
			return "a holder died before it was full";
	}
	close(ready[0]);
	close(release[1]);
	for (int i = 0; i < HOLDERS; i++) {
		if ((pid = wait(&st)) < 0 || st < 0)
			return failf("holder %d exited with %d", pid, st);
		*total += st;
	}
	return 0;
}

/* A new open file each time (dup would share one). */
static int take_open(int unused)
{
	(void)unused;
	return open(".", O_RDONLY);
}

/* More open files than the system's file table holds: open fails in some
 * process before its own descriptor table is full, and all is well
 * afterwards. */
const char *t_file_table(void)
{
	const char *r;
	int total, fd;

	if ((r = hold_all(take_open, 0, &total)))
		return r;
	/* each holder had 3 console descriptors and 2 pipe ends besides */
	if (total >= HOLDERS * (64 - 5))
		return failf("the holders got %d descriptors: no system-wide limit was reached",
		             total);
	if ((fd = open(".", O_RDONLY)) < 0)
		return "open failed after the holders exited";
	close(fd);
	return 0;
}

static const char *inode_name(int i)
{
	static char name[8];

	snprintf(name, sizeof(name), "i%03d", i);
	return name;
}

static int take_inode(int i)
{
	return i < INODE_FILES ? open(inode_name(i), O_RDONLY) : -1;
}

/* More distinct files open at once than the kernel keeps inodes in memory:
 * open fails with -1 (no panic), and every file opens again afterwards. */
const char *t_inode_table(void)
{
	const char *r;
	int total, fd;

	for (int i = 0; i < INODE_FILES; i++) {
		if ((fd = open(inode_name(i), O_CREATE | O_WRONLY)) < 0)
			return failf("creating file %d failed", i);
		close(fd);
	}
	/* holder h opens files h * 40 .. : together they reach for all 300 */
	if ((r = hold_all(take_inode, INODE_FILES / HOLDERS + 7, &total)))
		return r;
	for (int i = 0; i < INODE_FILES; i++) {
		if ((fd = open(inode_name(i), O_RDONLY)) < 0)
			return failf("file %d does not open after the holders exited", i);
		close(fd);
		if (unlink(inode_name(i)) < 0)
			return failf("unlink of file %d failed", i);
	}
	return 0;
}

#define FULL_CAP   100000 /* files or 64 KiB writes: more than a small disk holds */
#define FULL_CHUNK (64 << 10)

/* Creates empty files until that fails; how many, or -1 if it never did. */
static int fill_inodes(void)
{
	char name[16];
	int n, fd;

	for (n = 0; n < FULL_CAP; n++) {
		snprintf(name, sizeof(name), "n%d", n);
		if ((fd = open(name, O_CREATE | O_WRONLY)) < 0)
			return n;
		close(fd);
	}
	return -1;
}

static const char *remove_inodes(int n)
{
	char name[16];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		if (unlink(name) < 0)
			return failf("unlink of %s failed", name);
	}
	return 0;
}

/* Writes "big" until the disk is full: the bytes written, or -1. */
static long fill_blocks(void)
{
	int fd = open("big", O_CREATE | O_WRONLY | O_TRUNC);
	long total = 0, w = FULL_CHUNK;

	if (fd < 0)
		return -1;
	for (int i = 0; i < FULL_CAP && w == FULL_CHUNK; i++) {
		pat_fill(buf1, 5, (unsigned long)total, FULL_CHUNK);
		if ((w = write(fd, buf1, FULL_CHUNK)) > 0)
			total += w;
	}
	close(fd);
	return w == FULL_CHUNK ? -1 : total;
}

/* On a small disk (tests/fs.sh makes one): creating files until the inodes
 * run out, and writing until the blocks run out, fails with -1 or a short
 * count, without a panic; what was written reads back; removing it gives
 * the room back. */
const char *t_diskfull(void)
{
	const char *r;
	long bytes, again;
	int n;

	if ((n = fill_inodes()) < 0)
		return "creating files never failed";
	if ((r = remove_inodes(n)))
		return r;
	if (fill_inodes() != n || (r = remove_inodes(n)))
		return r ? r : "a second round of files did not fit as many";
	if ((bytes = fill_blocks()) < 0)
		return "writing never failed";
	if ((r = check_pattern("big", 5, (unsigned long)bytes)))
		return failf("after a full disk: %s", r);
	if (unlink("big") < 0)
		return "unlink of big failed";
	if ((again = fill_blocks()) != bytes)
		return failf("%ld bytes fitted, then %ld after removing them", bytes, again);
	printf("fstest: diskfull: %d files, %ld bytes\n", n, bytes);
	return unlink("big") < 0 ? "unlink of big failed" : 0;
}
