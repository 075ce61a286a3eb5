/*
 * Pipes under stress: large transfers in odd-sized pieces, many writers
 * and readers on one pipe, chains of processes passing a stream on, and
 * the ends closing: end of file only once every writer is gone, a failed
 * write once every reader is. A wakeup the kernel loses shows as a child
 * that an alarm outlives, not as a hang.
 */
#include "usertests.h"

#define CHUNK_MAX (64 << 10)

static char *wbuf, *rbuf; /* CHUNK_MAX each, from scratch() */

static const char *buffers(void)
{
	wbuf = scratch(CHUNK_MAX);
	rbuf = scratch(CHUNK_MAX);
	return wbuf && rbuf ? 0 : "sbrk failed";
}

/* Piece sizes from 1 byte to max, so that writes and reads rarely line up
 * with each other or with the pipe's ring. */
static long piece(uint64_t *x, long max)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return (long)((*x >> 33) % (uint64_t)max) + 1;
}

/* Writes total bytes of pattern seed to fd in odd pieces. */
static void send_stream(int fd, unsigned long seed, long total)
{
	uint64_t x = seed;
	long n, w;

	for (long off = 0; off < total; off += n) {
		n = piece(&x, CHUNK_MAX);
		n = n < total - off ? n : total - off;
		pat_fill(wbuf, seed, (unsigned long)off, (unsigned long)n);
		if ((w = write(fd, wbuf, n)) != n)
			child_fail("write of %ld bytes at %ld returned %ld", n, off, w);
	}
}

/* Reads fd to its end, checking the stream is pattern seed, total bytes. */
static const char *receive_stream(int fd, unsigned long seed, long total)
{
	uint64_t x = seed + 1;
	long off = 0, n, bad;

	while ((n = read(fd, rbuf, piece(&x, CHUNK_MAX))) > 0) {
		if (off + n > total)
			return "more bytes came out than went in";
		if ((bad = pat_diff(rbuf, seed, (unsigned long)off, (unsigned long)n)) >= 0)
			return failf("wrong byte at offset %ld of the stream", off + bad);
		off += n;
	}
	if (n < 0)
		return failf("read failed after %ld bytes", off);
	return off == total ? 0 : failf("end of file after %ld bytes of %ld", off, total);
}

/* Megabytes from a child to its parent in odd pieces, every byte checked
 * against a pattern that says where the stream went wrong. */
const char *t_pipe_big(void)
{
	long total = SIZE(4l << 20, 64l << 20);
	int p[2], pid;
	const char *r;

	if ((r = buffers()) || pipe(p) < 0)
		return r ? r : "pipe failed";
	if ((pid = tfork()) == 0) {
		close(p[0]);
		send_stream(p[1], 21, total);
		exit(0);
	}
	close(p[1]);
	r = pid < 0 ? "fork failed" : receive_stream(p[0], 21, total);
	close(p[0]);
	return r ? r : expect_exit(pid, 0);
}

/* ---- Many writers and readers ----
 * Writer w's k-th byte is w * PERIOD + k % PERIOD: its bytes keep their
 * order in the stream, whatever the others do, and every byte says whose
 * it is. */

#define WRITERS 8
#define PERIOD  16

static void writer(int fd, int w, long len)
{
	uint64_t x = (unsigned long)w + 1;
	long n;

	for (long k = 0; k < len; k += n) {
		n = piece(&x, 8192);
		n = n < len - k ? n : len - k;
		for (long i = 0; i < n; i++)
			wbuf[i] = (char)(w * PERIOD + (k + i) % PERIOD);
		if (write(fd, wbuf, n) != n)
			child_fail("writer %d: write failed", w);
	}
	exit(0);
}

/* A reader counts the bytes of each value, and with order checks that
 * each writer's bytes come in their order; it writes the counts to out. */
static void reader(int fd, int out, int order)
{
	static long count[256];
	uint64_t x = (unsigned long)out;
	unsigned char next[WRITERS] = {0};
	long n;

	while ((n = read(fd, rbuf, piece(&x, 8192))) > 0) {
		for (long i = 0; i < n; i++) {
			unsigned char c = (unsigned char)rbuf[i];

			count[c]++;
			if (order && (c >= WRITERS * PERIOD || c % PERIOD != next[c / PERIOD]))
				child_fail("byte %d out of order", c);
			if (order)
				next[c / PERIOD] = (unsigned char)((c + 1) % PERIOD);
		}
	}
	if (n < 0 || write(out, count, sizeof(count)) != sizeof(count))
		child_fail("read or report failed");
	exit(0);
}

/* Adds up the readers' counts (each from its own pipe): every writer's
 * bytes, each value len / PERIOD times. */
static const char *tally(int *outs, int nreaders, long len)
{
	static long count[256], sum[256];

	memset(sum, 0, sizeof(sum));
	for (int i = 0; i < nreaders; i++) {
		if (read(outs[i], count, sizeof(count)) != sizeof(count))
			return failf("reader %d did not report", i);
		for (int c = 0; c < 256; c++)
			sum[c] += count[c];
	}
	for (int c = 0; c < 256; c++) {
		long want = c < WRITERS * PERIOD ? len / PERIOD : 0;

		if (sum[c] != want)
			return failf("byte %d came out %ld times, not %ld", c, sum[c], want);
	}
	return 0;
}

static const char *many(int nreaders, long len)
{
	int p[2], outs[8], o[2], pid;
	const char *r;

	if (pipe(p) < 0)
		return "pipe failed";
	for (int i = 0; i < nreaders; i++) {
		if (pipe(o) < 0 || (pid = tfork()) < 0)
			return "pipe or fork failed";
		if (pid == 0) {
			close(p[1]);
			close(o[0]);
			reader(p[0], o[1], nreaders == 1);
		}
		close(o[1]);
		outs[i] = o[0];
	}
	for (int w = 0; w < WRITERS; w++) {
		if ((pid = tfork()) < 0)
			return "fork failed";
		if (pid == 0)
			writer(p[1], w, len);
	}
	close(p[0]);
	close(p[1]);
	r = tally(outs, nreaders, len);
	for (int i = 0; i < nreaders; i++)
		close(outs[i]);
	return r ? r : reap_all(-1);
}

/* Eight writers and one or four readers on one pipe: each writer's bytes
 * keep their order, and every byte comes out once. */
const char *t_pipe_many(void)
{
	long len = SIZE(64l << 10, 1l << 20);
	const char *r = buffers();

	if (r || (r = many(1, len)))
		return r;
	return many(4, len);
}

/* ---- A chain of processes, each passing the stream on ---- */

static void relay(int in, int out, unsigned long seed)
{
	uint64_t x = seed;
	long n;

	while ((n = read(in, rbuf, piece(&x, CHUNK_MAX))) > 0) {
		if (write(out, rbuf, n) != n)
			child_fail("relay: write failed");
	}
	exit(n == 0 ? 0 : 1);
}

/* A stream through a pipeline of processes, as the shell makes one: it
 * comes out of the last whole and in order. */
const char *t_pipe_chain(void)
{
	int stages = SIZE(4, 16), in[2], out[2], first, pid;
	long total = SIZE(1l << 20, 8l << 20);
	const char *r;

	if ((r = buffers()) || pipe(in) < 0)
		return r ? r : "pipe failed";
	first = in[1];
	for (int i = 0; i < stages; i++) {
		if (pipe(out) < 0 || (pid = tfork()) < 0)
			return "pipe or fork failed";
		if (pid == 0) {
			close(first);
			close(out[0]);
			relay(in[0], out[1], (unsigned long)i);
		}
		close(in[0]);
		close(out[1]);
		in[0] = out[0];
	}
	if ((pid = tfork()) == 0) {
		close(in[0]);
		send_stream(first, 33, total);
		exit(0);
	}
	close(first);
	r = receive_stream(in[0], 33, total);
	close(in[0]);
	return r ? r : reap_all(-1);
}

/* ---- The ends closing ---- */

#define SETTLE 5 /* ticks for a child to block before the parent acts */

/* Fills the pipe until a write is refused, then says so. */
static void fill_until_refused(int fd)
{
	long w, total = 0;

	memset(wbuf, 'p', PGSIZE);
	while ((w = write(fd, wbuf, PGSIZE)) > 0) {
		if ((total += w) > 4l << 20)
			child_fail("wrote 4 MiB into a pipe nobody reads");
	}
	write(alarm_fd[1], w == -1 ? "w" : "0", 1);
	exit(0);
}

static void read_to_end(int fd)
{
	char b[8];

	write(alarm_fd[1], read(fd, b, sizeof(b)) == 0 ? "r" : "?", 1);
	exit(0);
}

/* A child blocked on the pipe (fn on end `end`) wakes once the other end
 * closes and reports want; the alarm fires if it never does. */
static const char *wakes(void (*fn)(int), int end, char want, const char *what)
{
	int alarm = alarm_start(300), p[2], pid;
	char c;

	if (alarm < 0 || pipe(p) < 0)
		return "fork or pipe failed";
	if ((pid = tfork()) == 0) {
		close(p[!end]);
		fn(p[end]);
	}
	close(p[end]);
	sleep(SETTLE);
	close(p[!end]); /* the last of the other end */
	c = alarm_wait();
	alarm_stop(alarm);
	if (c != want)
		return failf("%s: %s", what, c == '!' ? "still blocked 3 s later" : "wrong result");
	return reap_all(alarm);
}

/* A child holding a write end writes after the parent closed its own: the
 * reader gets those bytes first, end of file only when the child exits. */
static const char *last_writer(void)
{
	int p[2], pid;
	char b[8];

	if (pipe(p) < 0 || (pid = tfork()) < 0)
		return "pipe or fork failed";
	if (pid == 0) {
		close(p[0]);
		sleep(SETTLE);
		write(p[1], "late", 4);
		exit(0);
	}
	close(p[1]);
	if (read(p[0], b, sizeof(b)) != 4 || memcmp(b, "late", 4) != 0 ||
	    read(p[0], b, sizeof(b)) != 0) {
		close(p[0]);
		return "end of file came before the last writer's bytes";
	}
	close(p[0]);
	return expect_exit(pid, 0);
}

static const char *ends_simple(void)
{
	int p[2], d, pid;
	char b[8];

	if (pipe(p) < 0 || write(p[1], "abc", 3) != 3 || close(p[1]) != 0 ||
	    read(p[0], b, 8) != 3 || read(p[0], b, 8) != 0 || close(p[0]) != 0)
		return "bytes written before the write end closed were lost";
	if (pipe(p) < 0 || (d = dup(p[0])) < 0 || close(p[0]) != 0 || write(p[1], "x", 1) != 1 ||
	    close(d) != 0 || write(p[1], "x", 1) != -1 || close(p[1]) != 0)
		return "a write failed with a reader left, or worked with none";
	if (pipe(p) < 0 || (pid = tfork()) < 0)
		return "pipe or fork failed";
	if (pid == 0)
		exit(0); /* its copy of the read end goes with it */
	close(p[0]);
	if (expect_exit(pid, 0) || write(p[1], "x", 1) != -1)
		return "a write worked after the last reader exited";
	close(p[1]);
	return 0;
}

/* End of file comes after the bytes, once every write end is closed
 * (including copies in other processes); a write fails once every read
 * end is; readers and writers blocked on the pipe wake when that
 * happens. */
const char *t_pipe_ends(void)
{
	const char *r = buffers();

	if (r || (r = ends_simple()) || (r = last_writer()))
		return r;
	if ((r = wakes(fill_until_refused, 1, 'w', "a writer on a full pipe, its reader gone")))
		return r;
	return wakes(read_to_end, 0, 'r', "a reader on an empty pipe, its writer gone");
}
