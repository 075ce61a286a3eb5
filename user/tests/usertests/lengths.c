/*
 * More hostile arguments: lengths that are negative, huge or wrap around
 * the address space; descriptors out of range or not open; paths too long
 * or empty. And failing calls repeated: a call that fails must give back
 * everything it took, or the hundredth failure shows it.
 */
#include "tests/lib/elf.h"
#include "usertests.h"

static const long negative[] = {-1, -4096, LONG_MIN};
static const long huge[] = {LONG_MAX, LONG_MAX / 2 + 1, (long)FAR_UNMAPPED};
#define N(a) (sizeof(a) / sizeof(a[0]))

struct lctx {
	int f, p[2];
	char *buf, *edge; /* a page of heap, and the unmapped page after it */
};

static void negative_lengths(struct lctx *c)
{
	for (unsigned i = 0; i < N(negative); i++) {
		long n = negative[i];

		if (read(c->f, c->buf, n) != -1 || write(c->f, c->buf, n) != -1 ||
		    read(c->p[0], c->buf, n) != -1 || write(c->p[1], c->buf, n) != -1 ||
		    write(STDOUT, c->buf, n) != -1)
			child_fail("a read or write of %ld bytes did not return -1", n);
	}
}

/* A huge length from a good buffer: the call moves what lies in good
 * memory, or fails; never more. */
static void huge_lengths(struct lctx *c, long n)
{
	long r = 0;

	memset(c->buf, 0x55, PGSIZE);
	if (lseek(c->f, 0, SEEK_SET) != 0 || ((r = read(c->f, c->buf, n)) != -1 && r != 20) ||
	    (unsigned char)c->buf[20] != 0x55)
		child_fail("read of %ld bytes from a 20-byte file returned %ld, or wrote past 20",
		           n, r);
	if ((r = write(c->p[1], "0123456789", 10)) != 10 ||
	    ((r = read(c->p[0], c->buf, n)) != -1 && r != 10))
		child_fail("read of %ld bytes from a pipe holding 10 returned %ld", n, r);
	if ((r = write(c->p[1], c->edge - 100, n)) != -1 && r != 100)
		child_fail("write of %ld bytes from 100 before the end returned %ld", n, r);
	if (r == 100 && read(c->p[0], c->buf, 200) != 100)
		child_fail("the pipe does not hold the 100 bytes written");
	memset(c->edge - 16, ' ', 15); /* what the console may show: a blank line */
	c->edge[-1] = '\n';
	if ((r = write(STDOUT, c->edge - 16, n)) != -1 && r != 16)
		child_fail("write of %ld bytes to the console returned %ld", n, r);
	if (lseek(c->f, 0, SEEK_END) != 20 ||
	    ((r = write(c->f, c->edge - 100, n)) != -1 && r != 100))
		child_fail("write of %ld bytes to a file from 100 before the end returned %ld", n,
		           r);
	if (lseek(c->f, 0, SEEK_SET) != 0 ||
	    uarch_syscall3(SYS_read, c->f, -PGSIZE, 2 * PGSIZE) != -1)
		child_fail("a read into a range that wraps around succeeded");
}

/* f, holding the 20 bytes it starts with. */
static void reset_file(struct lctx *c)
{
	close(c->f);
	if ((c->f = open("f", O_CREATE | O_RDWR | O_TRUNC)) < 0 ||
	    write(c->f, "0123456789abcdefghij", 20) != 20)
		child_fail("cannot write f");
}

static void lengths(void)
{
	struct lctx c = {.f = -1};
	struct stat st;

	c.buf = align_break();
	if (sbrk(PGSIZE) != c.buf || pipe(c.p) < 0)
		child_fail("sbrk or pipe failed");
	c.edge = c.buf + PGSIZE;
	reset_file(&c);
	negative_lengths(&c);
	if (fstat(c.f, &st) < 0 || st.size != 20 || lseek(c.f, 0, SEEK_CUR) != 20)
		child_fail("a failed write changed the file or its offset");
	for (unsigned i = 0; i < N(huge); i++) {
		huge_lengths(&c, huge[i]);
		reset_file(&c);
	}
	if (uarch_syscall3(SYS_write, c.f, -PGSIZE, 2 * PGSIZE) != -1 ||
	    uarch_syscall3(SYS_write, c.p[1], -PGSIZE, 2 * PGSIZE) != -1)
		child_fail("a write from a range that wraps around succeeded");
}

/* Negative lengths fail; huge ones move at most the bytes that are there
 * (or in good memory), or fail; ranges that wrap around the address space
 * fail. */
const char *t_lengths(void)
{
	return in_child(lengths);
}

/* ---- Descriptors ---- */

/* Descriptors that are negative, past the table, never opened or closed:
 * every call that takes one fails. */
const char *t_bad_fds(void)
{
	static const int bad[] = {-1, -2, INT_MIN, 64, 65, 1000, INT_MAX};
	int fd = lowest_free_fd(), far = fd + 20;
	const char *r;

	for (unsigned i = 0; i < N(bad); i++) {
		if ((r = bad_fd_refused(bad[i])))
			return r;
	}
	if ((r = bad_fd_refused(fd)) || (r = bad_fd_refused(far)))
		return r;
	if ((fd = open(".", O_RDONLY)) < 0 || close(fd) != 0)
		return "cannot open .";
	return bad_fd_refused(fd) ? failf("closed: %s", why) : 0;
}

/* ---- Paths ---- */

#define LONGPATH (64 << 10)

/* "./" n times and then "f". */
static char *dots(char *p, int n)
{
	for (int i = 0; i < n; i++)
		memcpy(p + 2 * i, "./", 2);
	memcpy(p + 2 * n, "f", 2);
	return p;
}

static int path_calls_fail(const char *p)
{
	char *argv[] = {"x", 0};

	return open(p, O_RDONLY) == -1 && open(p, O_CREATE | O_RDWR) == -1 && mkdir(p) == -1 &&
	       chdir(p) == -1 && unlink(p) == -1 && link("f", p) == -1 && link(p, "g") == -1 &&
	       mknod(p, 1, 0) == -1 && exec(p, argv) == -1;
}

/* Paths far too long, empty, or with a name too long fail in every call
 * that takes one; a long path of short names works; a name may hold any
 * byte but '/' and NUL. */
const char *t_bad_paths(void)
{
	static const char odd[] = {'\n', (char)0xff, (char)0x80, ' ', '*', 0};
	char *p = scratch(LONGPATH + 8);
	int fd;

	if (!p || make_file("f", "x", 1))
		return "sbrk or creating f failed";
	memset(p, 'a', LONGPATH);
	p[LONGPATH] = 0;
	if (!path_calls_fail(p) || !path_calls_fail(dots(p, LONGPATH / 2 - 2)))
		return "a call with a path of 64 KiB succeeded";
	if (!path_calls_fail(""))
		return "a call with the empty path succeeded";
	memset(p, 'n', 61);
	p[61] = 0;
	if (!path_calls_fail(p))
		return "a call with a name of 61 bytes succeeded";
	if ((fd = open(dots(p, 400), O_RDONLY)) < 0)
		return "a path of 801 bytes (400 \"./\") did not open";
	close(fd);
	if (make_file(odd, "x", 1) || !file_exists(odd) || unlink(odd) != 0)
		return "a name with a newline and bytes over 0x7f does not work";
	return 0;
}

/* ---- Failures that must give back what they took ---- */

static char *bad_args[] = {"usertests", 0, 0};

/* Failing calls, n times each: pipe (it takes a pipe, two files and two
 * descriptors before its copy-out fails) npipes times, enough to fill the
 * file table if one leaked; exec (argument pages, or part of an image),
 * open, mkdir and link n times. */
static const char *fail_many(int npipes, int n)
{
	bad_args[1] = opaque(KERNEL_TEXT);
	for (int i = 0; i < npipes; i++) {
		if (pipe(opaque(KERNEL_TEXT)) != -1)
			return "pipe into the kernel succeeded";
	}
	for (int i = 0; i < n; i++) {
		if (exec(SELF, bad_args) != -1 || exec("huge", bad_args + 2) != -1 ||
		    exec(".", bad_args + 2) != -1 || open("missing", O_RDONLY) != -1 ||
		    open(opaque(KERNEL_TEXT), O_RDONLY) != -1 || mkdir(".") != -1 ||
		    link("missing", "x") != -1)
			return failf("a call that must fail succeeded (round %d)", i);
	}
	return 0;
}

/* Hundreds of failed calls leave the free memory, the descriptors and the
 * file table as they were. */
const char *t_fail_leaks(void)
{
	int fd = lowest_free_fd(), p[2];
	long before, after;
	const char *r;

	if ((r = write_elf("huge", E_HUGE_LAST)) || (r = fail_many(1, 1)))
		return r;
	before = free_pages();
	if ((r = fail_many(300, SIZE(20, 300))))
		return r;
	after = free_pages();
	if (lowest_free_fd() != fd)
		return "failed calls left descriptors open";
	if (pipe(p) != 0)
		return "pipe fails after the failed calls";
	close(p[0]);
	close(p[1]);
	return same_memory(before, after, "failed calls");
}
