/* Tests of what must fail and keep failing cleanly: missing files, the
 * wrong access mode, bad descriptors, a full descriptor table, bad
 * pointers; fstat of each kind of file; a read-only disk. */
#include "fstest.h"

/* Opening a missing file without O_CREATE fails and creates nothing. */
const char *t_nofile(void)
{
	if (open("missing", O_RDONLY) >= 0 || open("missing", O_RDWR) >= 0 ||
	    open("missing", O_WRONLY | O_TRUNC) >= 0)
		return "open of a missing file without O_CREATE succeeded";
	if (file_exists("missing"))
		return "a failed open created the file";
	if (open("nodir/f", O_CREATE | O_RDWR) >= 0 || open("/nodir/f", O_RDONLY) >= 0)
		return "open under a missing directory succeeded";
	return 0;
}

/* A read-only descriptor refuses writes and the file stays as it was. */
const char *t_rdonly_fd(void)
{
	const char *r;
	int fd;

	if ((r = put_pattern("f", 1, 100)))
		return r;
	if ((fd = open("f", O_RDONLY)) < 0)
		return "cannot open f";
	pat_fill(buf1, 2, 0, 100);
	if (write(fd, buf1, 100) != -1 || write(fd, buf1, 0) > 0) {
		close(fd);
		return "write to a read-only descriptor did not return -1";
	}
	close(fd);
	if ((r = check_pattern("f", 1, 100)))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

/* A write-only descriptor refuses reads; O_RDWR does both. */
const char *t_wronly_fd(void)
{
	const char *r;
	char b[16];
	int fd;

	if ((r = put_pattern("f", 1, 100)))
		return r;
	if ((fd = open("f", O_WRONLY)) < 0)
		return "cannot open f O_WRONLY";
	if (read(fd, b, sizeof(b)) != -1) {
		close(fd);
		return "read from a write-only descriptor did not return -1";
	}
	close(fd);
	if ((fd = open("f", O_RDWR)) < 0)
		return "cannot open f O_RDWR";
	if (read(fd, b, 10) != 10 || write(fd, "x", 1) != 1 || lseek(fd, 10, SEEK_SET) != 10 ||
	    read(fd, b, 1) != 1 || b[0] != 'x')
		r = "read and write through an O_RDWR descriptor failed";
	return close_and_unlink(fd, "f", r);
}

/* Descriptors out of range, never opened, and closed all fail. */
const char *t_badfd(void)
{
	static const int bad[] = {-1, 64, 1000, 63, 0x7fffffff, -0x7fffffff - 1};
	const char *r;
	int fd;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if ((r = bad_fd_refused(bad[i])))
			return r;
	}
	if ((fd = open("f", O_CREATE | O_RDWR)) < 0 || close(fd) < 0)
		return "cannot create f";
	if ((r = bad_fd_refused(fd)))
		return failf("closed: %s", r);
	return unlink("f") < 0 ? "unlink failed" : 0;
}

static int opened[80];

static void close_all(int n)
{
	for (int i = 0; i < n; i++)
		close(opened[i]);
}

/* Fills the descriptor table: the call that finds it full fails; a pipe
 * needing two slots when one is free fails without taking that one; all
 * closed, descriptors work again. */
const char *t_fd_limit(void)
{
	int n = 0, fds[2], fd;

	while (n < 80 && (fd = dup(1)) >= 0)
		opened[n++] = fd;
	if (n == 80 || n < 8) {
		close_all(n);
		return failf("dup gave %d descriptors before failing", n);
	}
	if (open(".", O_RDONLY) >= 0 || opened[n - 1] >= 64) {
		close_all(n);
		return "open in a full table succeeded, or a descriptor is >= 64";
	}
	close(opened[--n]);
	if (pipe(fds) != -1) {
		close_all(n);
		return "pipe with one free descriptor succeeded";
	}
	if ((fd = dup(1)) < 0) {
		close_all(n);
		return "the failed pipe took the last free descriptor";
	}
	close(fd);
	close_all(n);
	if (pipe(fds) < 0)
		return "pipe failed after the table emptied";
	close(fds[0]);
	close(fds[1]);
	return 0;
}

/* ---- Bad pointers: each call fails with -1 and the process lives on. ---- */

static const unsigned long bad_addrs[] = {0, KERNEL_ADDR, NONCANONICAL, FAR_UNMAPPED, -4096ul};
#define NBAD (sizeof(bad_addrs) / sizeof(bad_addrs[0]))

static void bad_buffers(int fd)
{
	for (unsigned i = 0; i < NBAD; i++) {
		void *p = opaque(bad_addrs[i]);

		if (lseek(fd, 0, SEEK_SET) != 0) /* a read at the end would not touch p */
			child_fail("lseek failed");
		if (read(fd, p, 10) != -1 || write(fd, p, 10) != -1 || write(1, p, 10) != -1)
			child_fail("read or write with buffer %lx did not return -1", bad_addrs[i]);
		if (fstat(fd, p) != -1 || pipe(p) != -1)
			child_fail("fstat or pipe into %lx did not return -1", bad_addrs[i]);
	}
}

static void bad_paths(void)
{
	for (unsigned i = 0; i < NBAD; i++) {
		char *p = opaque(bad_addrs[i]);

		if (open(p, O_RDONLY) != -1 || open(p, O_CREATE | O_RDWR) != -1 || mkdir(p) != -1 ||
		    chdir(p) != -1 || unlink(p) != -1 || link(p, "x") != -1 || link("f", p) != -1 ||
		    mknod(p, 1, 1) != -1)
			child_fail("a call with path pointer %lx did not return -1", bad_addrs[i]);
	}
}

/* Text pages are read-only to the process: the kernel must not write them
 * for it either. */
static void readonly_memory(int fd)
{
	char *text = (char *)(unsigned long)readonly_memory, saved[16];
	struct stat *st = (struct stat *)(unsigned long)bad_buffers;

	memcpy(saved, text, sizeof(saved));
	if (lseek(fd, 0, SEEK_SET) != 0 || read(fd, text, sizeof(saved)) != -1)
		child_fail("read into the program's text did not return -1");
	if (fstat(fd, st) != -1 || pipe((int *)text) != -1)
		child_fail("fstat or pipe into the program's text did not return -1");
	if (memcmp(saved, text, sizeof(saved)) != 0)
		child_fail("the kernel wrote into the program's text");
}

/* A buffer or a path that runs off the end of the heap. */
static void past_the_break(int fd)
{
	char *end = sbrk(0);
	long n;

	/* the break up to a page boundary: memory past it is unmapped */
	sbrk((long)(((unsigned long)end + PGSIZE - 1) & ~(PGSIZE - 1)) - (long)end);
	end = sbrk(0);

	memset(end - 16, 'a', 16); /* a path with no NUL before unmapped memory */
	if (open(end - 16, O_RDONLY) != -1 || open(end - 16, O_CREATE | O_RDWR) != -1)
		child_fail("a path running into unmapped memory did not fail");
	if (lseek(fd, 0, SEEK_SET) != 0)
		child_fail("lseek failed");
	if ((n = read(fd, end - 5, 10)) != -1 && n != 5)
		child_fail("read across the break returned %ld, not -1 or 5", n);
	if (read(fd, buf1, -1) != -1 || write(fd, buf1, -1) != -1)
		child_fail("a negative count did not fail");
}

static void bad_pointers(void)
{
	int fd = open("f", O_CREATE | O_RDWR);

	if (fd < 0 || write(fd, "0123456789abcdefghij", 20) != 20)
		child_fail("cannot create f");
	bad_buffers(fd);
	bad_paths();
	readonly_memory(fd);
	past_the_break(fd);
	close(fd);
	if ((fd = open("f", O_RDONLY)) != 3 || close(fd) < 0 || unlink("f") < 0)
		child_fail("after the bad calls: descriptor %d, not 3, or unlink failed", fd);
	exit(0);
}

/* Kernel addresses, unmapped and read-only memory, non-canonical and NULL
 * pointers as buffers, paths and results: -1 each time, no crash, no
 * descriptor leaked. */
const char *t_badptr(void)
{
	int pid = tfork();

	if (pid == 0)
		bad_pointers();
	return expect_exit(pid, 0);
}

static const char *stat_of(int fd, const char *what, int type, struct stat *st)
{
	if (fstat(fd, st) < 0)
		return failf("fstat of %s failed", what);
	if (st->type != type)
		return failf("fstat of %s: type %d, expected %d", what, st->type, type);
	return 0;
}

/* fstat tells a file, a directory, the console and a pipe apart. */
const char *t_fstat(void)
{
	struct stat st;
	const char *r;
	int fd, fds[2];

	if ((r = put_pattern("f", 1, 5000)) || (fd = open("f", O_RDONLY)) < 0)
		return r ? r : "cannot open f";
	r = stat_of(fd, "a file", FS_T_FILE, &st);
	close(fd);
	if (r)
		return r;
	if (st.size != 5000 || st.nlink != 1 || st.dev != 1 || st.ino == 0)
		return failf("file: size %lu nlink %u dev %u ino %u", (unsigned long)st.size,
		             st.nlink, st.dev, st.ino);
	if ((fd = open("/", O_RDONLY)) < 0)
		return "cannot open /";
	r = stat_of(fd, "/", FS_T_DIR, &st);
	close(fd);
	if (r || st.ino != FS_ROOT_INO || st.size % sizeof(struct fs_dirent) != 0)
		return r ? r : "/ is not inode 1 or its size is not a whole number of entries";
	if ((r = stat_of(1, "the console (fd 1)", FS_T_DEV, &st)))
		return r;
	if (pipe(fds) < 0)
		return "pipe failed";
	r = stat_of(fds[0], "a pipe", 0, &st);
	close(fds[0]);
	close(fds[1]);
	if (r)
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

/* ---- fstest readonly: run with ./vmm --readonly ---- */

static char head_before[512], head_after[512];

static const char *read_head(char *dst, unsigned long *size)
{
	struct stat st;
	int fd = open(SELF, O_RDONLY);
	long n;

	if (fd < 0)
		return "cannot open " SELF " for reading";
	n = read(fd, dst, 512);
	if (fstat(fd, &st) < 0)
		n = -1;
	close(fd);
	*size = st.size;
	return n == 512 && memcmp(dst, "\177ELF", 4) == 0 ? 0 : "reading " SELF " failed";
}

/* Whatever opening for writing gives, no byte changes. */
static const char *refuse_writes(void)
{
	int fd;

	if ((fd = open("/tmp/ro-new", O_CREATE | O_RDWR)) >= 0)
		return "open(O_CREATE) of a new file succeeded";
	if (mkdir("/tmp/ro-dir") == 0 || unlink(SELF) == 0 || link(SELF, "/tmp/ro-link") == 0)
		return "mkdir, unlink or link succeeded";
	if ((fd = open(SELF, O_WRONLY)) >= 0) {
		long w = write(fd, "XXXX", 4);

		close(fd);
		if (w != -1)
			return "write to a file returned something other than -1";
	}
	if ((fd = open(SELF, O_RDWR | O_TRUNC)) >= 0)
		close(fd);
	return 0;
}

/* On a read-only disk (./vmm --readonly) reads work and every change is
 * refused with -1. */
const char *t_readonly(void)
{
	unsigned long before, after;
	const char *r;

	if ((r = read_head(head_before, &before)) || (r = refuse_writes()))
		return r;
	if ((r = read_head(head_after, &after)))
		return failf("after the refused writes: %s", r);
	if (after != before || memcmp(head_before, head_after, sizeof(head_before)) != 0)
		return "a refused write changed " SELF;
	return 0;
}
