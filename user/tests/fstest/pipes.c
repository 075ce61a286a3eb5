/* Tests of pipes: megabytes between two processes, end of file, a write
 * with no reader. A process that the kernel should wake but does not is
 * caught by a watchdog child, so a lost wakeup fails the test instead of
 * hanging the suite. */
#include "fstest.h"

#define PIPE_BYTES (8ul << 20)
#define PIPE_SEED  9
#define WATCHDOG   77  /* the watchdog's exit status */
#define DOG_TICKS  300 /* 3 s */
#define SETTLE     10  /* ticks for a child to block before the parent acts */
#define FILL_LIMIT (1ul << 20)

/* Chunk sizes from 1 byte to 64 KiB, so that writes and reads rarely line
 * up with each other or with the pipe's buffer. */
static unsigned long next_chunk(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return ((*x >> 33) % (64 * 1024)) + 1;
}

static void pipe_writer(int fd)
{
	uint64_t x = 1;
	unsigned long off, n;
	long w;

	for (off = 0; off < PIPE_BYTES; off += n) {
		n = next_chunk(&x);
		if (n > PIPE_BYTES - off)
			n = PIPE_BYTES - off;
		pat_fill(buf1, PIPE_SEED, off, n);
		if ((w = write(fd, buf1, (long)n)) != (long)n)
			child_fail("write of %lu bytes at %lu returned %ld", n, off, w);
	}
	close(fd);
	exit(0);
}

/* Reads to end of file, checking every byte's place in the pattern. */
static const char *pipe_reader(int fd)
{
	uint64_t x = 2;
	unsigned long off = 0;
	long n, bad;

	while ((n = read(fd, buf2, (long)next_chunk(&x))) > 0) {
		if (off + (unsigned long)n > PIPE_BYTES)
			return "more bytes came out than went in";
		if ((bad = pat_diff(buf2, PIPE_SEED, off, (unsigned long)n)) >= 0)
			return failf("wrong byte at offset %lu of the stream",
			             off + (unsigned long)bad);
		off += (unsigned long)n;
	}
	if (n < 0)
		return failf("read failed after %lu bytes", off);
	if (off != PIPE_BYTES)
		return failf("end of file after %lu bytes, expected %lu", off, PIPE_BYTES);
	return 0;
}

/* 8 MiB from a child to its parent through a pipe, in odd-sized pieces,
 * every byte checked against a position-dependent pattern (a checksum that
 * also says where the stream went wrong). */
const char *t_pipe_big(void)
{
	int fds[2], pid;
	const char *r;

	if (pipe(fds) < 0)
		return "pipe failed";
	if ((pid = tfork()) == 0) {
		close(fds[0]);
		pipe_writer(fds[1]);
	}
	close(fds[1]);
	r = pid < 0 ? "fork failed" : pipe_reader(fds[0]);
	close(fds[0]);
	if (r)
		return r;
	return expect_exit(pid, 0);
}

static int watchdog(void)
{
	int pid = tfork();

	if (pid == 0) {
		sleep(DOG_TICKS);
		exit(WATCHDOG);
	}
	return pid;
}

/* Reaps whichever of pid and the watchdog dog ends first, its status in
 * *st, and kills and reaps the other; the first one's pid. */
static int first_of(int pid, int dog, int *st)
{
	int first = wait(st);

	kill(first == pid ? dog : pid);
	wait(0);
	return first;
}

/* Waits for pid, which must exit with status 0 before the watchdog dog
 * fires. */
static const char *before_watchdog(int pid, int dog, const char *what)
{
	int st, first = first_of(pid, dog, &st);

	if (first == dog)
		return failf("%s: still blocked %d ticks later", what, DOG_TICKS);
	if (first != pid)
		return failf("wait returned %d", first);
	if (st == CHILD_FAILED)
		return "the child failed (see above)";
	return st == 0 ? 0 : failf("the child exited with %d", st);
}

/* Starts a child that runs block on end end of the pipe fds, which only
 * it holds (the parent keeps the other end): a closing of that other end
 * must wake it. Gives it SETTLE ticks to block; its pid, or -1. */
static int start_blocked(int fds[2], int end, void (*block)(int))
{
	int pid = tfork();

	if (pid == 0) {
		close(fds[1 - end]);
		block(fds[end]);
	}
	close(fds[end]);
	sleep(SETTLE);
	return pid;
}

static void fill_until_refused(int fd)
{
	unsigned long total = 0;
	long w;

	memset(buf1, 'p', PGSIZE);
	while ((w = write(fd, buf1, PGSIZE)) > 0) {
		if ((total += (unsigned long)w) > FILL_LIMIT)
			child_fail("wrote %lu bytes into a pipe nobody reads", total);
	}
	if (w == 0)
		child_fail("write returned 0, not -1, once the reader was gone");
	exit(0);
}

/* A write to a pipe whose read end is closed fails with -1: at once when
 * it is already closed, and for a writer blocked on a full pipe when the
 * last reader closes. */
const char *t_pipe_closed(void)
{
	int fds[2], pid, dog = watchdog();

	if (dog < 0 || pipe(fds) < 0)
		return "fork or pipe failed";
	pid = start_blocked(fds, 1, fill_until_refused);
	close(fds[0]); /* the last reader: the blocked writer must wake */
	if (pid < 0)
		return "fork failed";
	if (pipe(fds) < 0)
		return "second pipe failed";
	close(fds[0]);
	if (write(fds[1], "x", 1) != -1) {
		close(fds[1]);
		return "a write with the read end closed did not return -1";
	}
	close(fds[1]);
	return before_watchdog(pid, dog, "a writer on a full pipe after its reader closed");
}

static void read_to_eof(int fd)
{
	char b[16];
	long n = read(fd, b, sizeof(b));

	if (n != 0)
		child_fail("read returned %ld, expected 0 (end of file)", n);
	exit(0);
}

/* A reader gets the buffered bytes and then 0 once the write end is
 * closed; a reader blocked on an empty pipe wakes with 0 when the last
 * writer closes. */
const char *t_pipe_eof(void)
{
	int fds[2], pid, dog;
	char b[16];

	if (pipe(fds) < 0)
		return "pipe failed";
	if (write(fds[1], "hello", 5) != 5 || close(fds[1]) < 0)
		return "write or close failed";
	if (read(fds[0], b, sizeof(b)) != 5 || memcmp(b, "hello", 5) != 0 ||
	    read(fds[0], b, sizeof(b)) != 0)
		return "the reader did not get the 5 bytes and then end of file";
	close(fds[0]);
	if ((dog = watchdog()) < 0 || pipe(fds) < 0)
		return "fork or pipe failed";
	pid = start_blocked(fds, 0, read_to_eof);
	close(fds[1]); /* the last writer: the blocked reader must wake */
	if (pid < 0)
		return "fork failed";
	return before_watchdog(pid, dog, "a reader on an empty pipe after its writer closed");
}

static void block_reading(int fd)
{
	char b;

	read(fd, &b, 1);
	exit(0); /* only if the read returned: the kill did not stop it */
}

static void block_writing(int fd)
{
	memset(buf1, 'k', PGSIZE);
	for (;;) {
		if (write(fd, buf1, PGSIZE) < 0)
			exit(0);
	}
}

/* Kills a child blocked on the pipe: it must die (not return from the
 * call), before the watchdog fires. */
static const char *kill_blocked(void (*block)(int), int end, const char *what)
{
	int fds[2], pid, dog, st, first;

	if ((dog = watchdog()) < 0 || pipe(fds) < 0)
		return "fork or pipe failed";
	if ((pid = tfork()) == 0)
		block(fds[end]);
	sleep(SETTLE);
	if (pid < 0 || kill(pid) < 0)
		return "fork or kill failed";
	first = first_of(pid, dog, &st);
	close(fds[0]);
	close(fds[1]);
	if (first != pid)
		return failf("%s: still there %d ticks after kill", what, DOG_TICKS);
	return st == KILLED ? 0 : failf("%s: exited with %d after kill", what, st);
}

/* kill reaches a process asleep in a pipe read or write. */
const char *t_pipe_kill(void)
{
	const char *r = kill_blocked(block_reading, 0, "a reader of an empty pipe");

	return r ? r : kill_blocked(block_writing, 1, "a writer to a full pipe");
}
