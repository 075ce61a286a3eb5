/*
 * Descriptor tables running out: a process's (open, dup and pipe until
 * they fail, then close and open again), and the system's table of open
 * files, filled by several processes at once.
 */
#include "usertests.h"

static int *held;

static void close_held(int n)
{
	for (int i = 0; i < n; i++)
		close(held[i]);
}

/* Takes descriptors with take() until it fails, into held; how many. */
static int take_all(int (*take)(void))
{
	int n = 0, fd;

	while (n < MAXFD && (fd = take()) >= 0)
		held[n++] = fd;
	return n;
}

static int take_open(void)
{
	return open(".", O_RDONLY);
}

static int take_dup(void)
{
	return dup(STDERR);
}

/* Two at a time, as pipes. */
static int take_pipe(void)
{
	static int p[2], second;

	if (second) {
		second = 0;
		return p[1];
	}
	if (pipe(p) < 0)
		return -1;
	second = 1;
	return p[0];
}

/* With the table full: every call that needs a descriptor fails; a closed
 * one in the middle is the next one given. */
static const char *when_full(int n)
{
	int p[2], fd, k = n / 2;

	if (open(".", O_RDONLY) != -1 || dup(0) != -1 || pipe(p) != -1)
		return "open, dup or pipe succeeded in a full table";
	close(held[k]);
	if ((fd = open(".", O_RDONLY)) != held[k])
		return failf("open gave %d, not the freed %d", fd, held[k]);
	/* one free: a pipe needs two, and fails without taking the one */
	close(held[k]);
	if (pipe(p) != -1 || (fd = dup(0)) != held[k])
		return "a pipe with one free descriptor succeeded, or took it";
	return 0;
}

/* A child of a process with a full table gets all of it. */
static const char *fork_full(int base, int n)
{
	int pid = tfork();
	struct stat st;

	if (pid == 0) {
		for (int fd = 0; fd < base + n; fd++) {
			if (fstat(fd, &st) != 0)
				child_fail("descriptor %d is not open in the child", fd);
		}
		exit(0);
	}
	return expect_exit(pid, 0);
}

/* open, dup and pipe each fill the table up to the same size; a full
 * table refuses them all, hands out a freed descriptor next (the lowest),
 * and empties again on close. */
const char *t_fd_table(void)
{
	int base = lowest_free_fd(), n, m, pn;
	const char *r;

	if (!(held = (int *)scratch(MAXFD * sizeof(int))))
		return "sbrk failed";
	n = take_all(take_open);
	for (int i = 0; i < n; i++) {
		if (held[i] != base + i)
			return failf("open gave %d, not the lowest free %d", held[i], base + i);
	}
	if (n == 0 || n == MAXFD)
		return failf("open gave %d descriptors", n);
	r = when_full(n);
	if (!r)
		r = fork_full(base, n);
	close_held(n);
	if (r || (r = lowest_free_fd() != base ? "closing all did not free them" : 0))
		return r;
	m = take_all(take_dup);
	close_held(m);
	pn = take_all(take_pipe);
	close_held(pn);
	if (m != n || pn != (n & ~1))
		return failf("open gave %d descriptors, dup %d, pipe %d", n, m, pn);
	return lowest_free_fd() == base ? 0 : "closing all did not free them";
}

/* ---- The system's file table ---- */

#define HOLDERS 9 /* each holding up to 64 descriptors: more than 512 files */

static int release[2], told[HOLDERS];

/* Makes two pipes, then opens files until that fails (files cost no
 * memory, pipes do); says how many files it holds and whether a
 * descriptor was still free (the system's table was full: a pipe fails
 * too), and waits to be released, keeping tell open: its file counts. */
static void holder(int tell)
{
	int p[2], report[2] = {0, 0};
	char b;

	close(release[1]);
	for (int i = 0; i < 2 && pipe(p) == 0; i++)
		report[0] += 2;
	while (open(".", O_RDONLY) >= 0)
		report[0]++;
	if (pipe(p) == 0)
		child_fail("a pipe succeeded where open failed");
	if ((report[1] = dup(STDERR)) >= 0)
		close(report[1]);
	if (write(tell, report, sizeof(report)) != sizeof(report))
		child_fail("cannot report");
	read(release[0], &b, 1);
	exit(0);
}

/* Starts the holders; the files they hold in all. One must have stopped
 * with a descriptor free: the system's table filled first. While they
 * hold them, this process (with free descriptors) cannot open a file. */
static const char *hold(int *total)
{
	int t[2], report[2], pid, fd, table_full = 0;

	*total = 0;
	for (int i = 0; i < HOLDERS; i++) {
		if (pipe(t) < 0 || (pid = tfork()) < 0)
			return "pipe or fork failed";
		if (pid == 0) {
			close(t[0]);
			holder(t[1]);
		}
		close(t[1]);
		told[i] = t[0];
		if (read(t[0], report, sizeof(report)) != sizeof(report))
			return failf("holder %d failed", i);
		*total += report[0];
		table_full |= report[1] >= 0;
	}
	if (!table_full)
		return "every holder stopped at its own table: the system's never filled";
	if ((fd = open(".", O_RDONLY)) >= 0) {
		close(fd);
		return "open succeeded with the file table full";
	}
	return 0;
}

static const char *hold_round(int *total)
{
	const char *r;

	for (int i = 0; i < HOLDERS; i++)
		told[i] = -1;
	if (pipe(release) < 0)
		return "pipe failed";
	r = hold(total);
	close(release[0]);
	close(release[1]);
	for (int i = 0; i < HOLDERS; i++)
		close(told[i]);
	return r ? r : reap_all(-1);
}

/* Processes that open files until they fail fill the system's table
 * before their own; every call that needs an open file then fails, in
 * any process; once they exit, as many fit again. */
const char *t_file_table(void)
{
	int first, second;
	const char *r;

	if ((r = hold_round(&first)) || (r = hold_round(&second)))
		return r;
	if (first != second)
		return failf("the holders had %d files, then %d", first, second);
	return 0;
}
