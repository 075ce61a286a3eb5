/* Tests of file contents: create, overwrite, truncate, append, seek, holes,
 * unlinking an open file, links, shared offsets, fsync, a big file. Each
 * runs in a fresh TDIR, the current directory. */
#include "fstest.h"

/* Reads exactly n bytes at off into dst; why not, or 0. */
static const char *read_at(int fd, unsigned long off, char *dst, unsigned long n)
{
	long r;

	if (lseek(fd, (long)off, SEEK_SET) != (long)off)
		return failf("lseek to %lu failed", off);
	if ((r = read(fd, dst, (long)n)) != (long)n)
		return failf("read of %lu bytes at %lu returned %ld", n, off, r);
	return 0;
}

/* Writes exactly n bytes of pattern seed (at its offset off) at off. */
static const char *write_at(int fd, unsigned long seed, unsigned long off, unsigned long n)
{
	long r;

	if (lseek(fd, (long)off, SEEK_SET) != (long)off)
		return failf("lseek to %lu failed", off);
	pat_fill(buf1, seed, off, n);
	if ((r = write(fd, buf1, (long)n)) != (long)n)
		return failf("write of %lu bytes at %lu returned %ld", n, off, r);
	return 0;
}

/* Checks [off, off + n) of the open file against pattern seed. */
static const char *expect_pat(int fd, unsigned long seed, unsigned long off, unsigned long n)
{
	const char *r;
	long bad;

	if ((r = read_at(fd, off, buf2, n)))
		return r;
	if ((bad = pat_diff(buf2, seed, off, n)) >= 0)
		return failf("wrong byte at offset %lu", off + (unsigned long)bad);
	return 0;
}

static const char *expect_zeros(int fd, unsigned long off, unsigned long n)
{
	const char *r;

	if ((r = read_at(fd, off, buf2, n)))
		return r;
	for (unsigned long i = 0; i < n; i++) {
		if (buf2[i] != 0)
			return failf("byte at %lu of a hole is %d, not 0", off + i, buf2[i]);
	}
	return 0;
}

/* Checks the whole file's text. */
static const char *expect_text(const char *path, const char *want)
{
	int fd = open(path, O_RDONLY);
	long n, len = (long)strlen(want);

	if (fd < 0)
		return failf("cannot open %s", path);
	n = read(fd, buf2, len + 1);
	close(fd);
	if (n != len || memcmp(buf2, want, (size_t)len) != 0)
		return failf("%s holds %ld bytes, not \"%s\"", path, n, want);
	return 0;
}

static int write_str(int fd, const char *s)
{
	return write(fd, s, (long)strlen(s)) == (long)strlen(s) ? 0 : -1;
}

/* A new file starts empty; what is written reads back, small and across
 * blocks; O_CREATE of an existing file keeps its contents. */
const char *t_create(void)
{
	int fd = open("f", O_CREATE | O_RDWR);
	const char *r;
	char b[8];

	if (fd < 0)
		return "open(O_CREATE) of a new file failed";
	if ((r = check_size(fd, 0)) || read(fd, b, sizeof(b)) != 0) {
		close(fd);
		return r ? r : "a new file is not empty";
	}
	if (write(fd, "hello", 5) != 5) {
		close(fd);
		return "write of 5 bytes failed";
	}
	close(fd);
	if ((r = expect_text("f", "hello")))
		return r;
	if ((r = put_pattern("g", 1, 3 * FS_BLOCK_SIZE + 123)) ||
	    (r = check_pattern("g", 1, 3 * FS_BLOCK_SIZE + 123)))
		return r;
	if ((fd = open("g", O_CREATE | O_RDWR)) < 0)
		return "open(O_CREATE) of an existing file failed";
	close(fd);
	if ((r = check_pattern("g", 1, 3 * FS_BLOCK_SIZE + 123)))
		return failf("after O_CREATE of an existing file: %s", r);
	if (unlink("f") < 0 || unlink("g") < 0)
		return "unlink failed";
	return 0;
}

/* Writing in the middle replaces just those bytes, across a block boundary,
 * and keeps the size. */
const char *t_overwrite(void)
{
	const unsigned long size = 3 * FS_BLOCK_SIZE + 500, off = FS_BLOCK_SIZE - 100, n = 300;
	const char *r;
	int fd;

	if ((r = put_pattern("f", 1, size)))
		return r;
	if ((fd = open("f", O_RDWR)) < 0)
		return "cannot open f O_RDWR";
	if (!(r = write_at(fd, 2, off, n)) && !(r = check_size(fd, size)) &&
	    !(r = expect_pat(fd, 1, 0, off)) && !(r = expect_pat(fd, 2, off, n)))
		r = expect_pat(fd, 1, off + n, size - off - n);
	return close_and_unlink(fd, "f", r);
}

/* O_TRUNC empties the file at open, and the freed blocks do not come back:
 * a later write past the new end leaves zeros, not old data, before it. */
const char *t_trunc(void)
{
	const char *r;
	int fd;

	if ((r = put_pattern("f", 1, 5 * FS_BLOCK_SIZE)))
		return r;
	if ((fd = open("f", O_WRONLY | O_TRUNC)) < 0)
		return "open(O_TRUNC) failed";
	r = check_size(fd, 0);
	close(fd);
	if (r)
		return failf("just after O_TRUNC: %s", r);
	if ((r = check_pattern("f", 1, 0)))
		return r;
	if ((fd = open("f", O_RDWR)) < 0)
		return "cannot reopen f";
	if (!(r = write_at(fd, 3, 2 * FS_BLOCK_SIZE + 10, 20)) &&
	    !(r = check_size(fd, 2 * FS_BLOCK_SIZE + 30)))
		r = expect_zeros(fd, 0, 2 * FS_BLOCK_SIZE + 10);
	close(fd);
	if (r)
		return r;
	if ((r = put_pattern("f", 4, 100)) || (r = check_pattern("f", 4, 100)))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

/* With O_APPEND every write goes to the end, wherever the offset was, and
 * two such descriptors interleave without overwriting each other. */
const char *t_append(void)
{
	int fd, fd2;
	const char *r = 0;

	if ((fd = open("f", O_CREATE | O_WRONLY)) < 0 || write_str(fd, "abc") < 0)
		return "cannot create f";
	close(fd);
	if ((fd = open("f", O_WRONLY | O_APPEND)) < 0 || (fd2 = open("f", O_RDWR | O_APPEND)) < 0)
		return "open(O_APPEND) failed";
	if (lseek(fd, 0, SEEK_SET) != 0 || write_str(fd, "def") < 0 || write_str(fd2, "gh") < 0 ||
	    write_str(fd, "i") < 0 || lseek(fd2, 1, SEEK_SET) != 1 || write_str(fd2, "jk") < 0)
		r = "a seek or write failed";
	close(fd);
	close(fd2);
	if (r || (r = expect_text("f", "abcdefghijk")))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

/* Each whence, the offsets lseek returns, and the refusals: a negative
 * result or an unknown whence fails and leaves the offset alone. */
static const char *seek_steps(int fd, unsigned long size)
{
	static const struct {
		long off;
		int whence;
		long want;
	} steps[] = {
	    {0, SEEK_CUR, 0},
	    {100, SEEK_SET, 100},
	    {-10, SEEK_CUR, 90},
	    {0, SEEK_END, 10000},
	    {-1, SEEK_END, 9999},
	    {-1, SEEK_SET, -1},
	    {-20000, SEEK_END, -1},
	    {-10000, SEEK_CUR, -1},
	    {5, 42, -1},
	    {5, -1, -1},
	    {0, SEEK_CUR, 9999},
	};
	long got;
	char b;

	(void)size;
	for (unsigned i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if ((got = lseek(fd, steps[i].off, steps[i].whence)) != steps[i].want)
			return failf("step %u: lseek(%ld, %d) returned %ld, expected %ld", i,
			             steps[i].off, steps[i].whence, got, steps[i].want);
	}
	if (read(fd, &b, 1) != 1 || (unsigned char)b != pat(1, 9999))
		return "the byte read at 9999 after the seeks is wrong";
	if (read(fd, &b, 1) != 0)
		return "read at the end did not return 0";
	return 0;
}

const char *t_lseek(void)
{
	const char *r;
	int fd;

	if ((r = put_pattern("f", 1, 10000)))
		return r;
	if ((fd = open("f", O_RDONLY)) < 0)
		return "cannot open f";
	if (!(r = seek_steps(fd, 10000)) && !(r = expect_pat(fd, 1, 4090, 20)))
		r = lseek(fd, 20000, SEEK_SET) != 20000 || read(fd, buf2, 10) != 0
		        ? "read past the end did not return 0"
		        : 0;
	return close_and_unlink(fd, "f", r);
}

/* Seeking past the end changes nothing until a write, which leaves a hole
 * that reads as zeros: inside one block, across blocks, and far out in the
 * double-indirect range. */
const char *t_hole(void)
{
	const unsigned long far = (10ul << 20) + 7;
	const char *r;
	int fd;

	if ((r = put_pattern("f", 1, 100)))
		return r;
	if ((fd = open("f", O_RDWR)) < 0)
		return "cannot open f";
	if (lseek(fd, 3 * FS_BLOCK_SIZE + 5, SEEK_SET) != 3 * FS_BLOCK_SIZE + 5)
		r = "lseek past the end failed";
	else if (!(r = check_size(fd, 100)) && !(r = write_at(fd, 2, 3 * FS_BLOCK_SIZE + 5, 10)) &&
	         !(r = check_size(fd, 3 * FS_BLOCK_SIZE + 15)) &&
	         !(r = expect_pat(fd, 1, 0, 100)) &&
	         !(r = expect_zeros(fd, 100, 3 * FS_BLOCK_SIZE + 5 - 100)) &&
	         !(r = expect_pat(fd, 2, 3 * FS_BLOCK_SIZE + 5, 10)) &&
	         !(r = write_at(fd, 3, far, 1)) && !(r = check_size(fd, far + 1)) &&
	         !(r = expect_zeros(fd, 5ul << 20, FS_BLOCK_SIZE)) &&
	         !(r = expect_zeros(fd, far - 5000, 5000)))
		r = expect_pat(fd, 3, far, 1);
	return close_and_unlink(fd, "f", r);
}

/* An unlinked file lives on while open: its name is gone, its link count is
 * 0, and its data still reads (and writes) through the descriptor. */
const char *t_unlink_open(void)
{
	struct stat st;
	const char *r;
	int fd;

	if ((r = put_pattern("f", 1, 2 * FS_BLOCK_SIZE + 1)))
		return r;
	if ((fd = open("f", O_RDWR)) < 0)
		return "cannot open f";
	if (unlink("f") < 0)
		r = "unlink of an open file failed";
	else if (file_exists("f"))
		r = "the name is still there after unlink";
	else if (fstat(fd, &st) < 0 || st.nlink != 0)
		r = "fstat of the unlinked file does not say nlink 0";
	else if (!(r = expect_pat(fd, 1, 0, 2 * FS_BLOCK_SIZE + 1)) &&
	         !(r = write_at(fd, 2, 2 * FS_BLOCK_SIZE + 1, 100)))
		r = expect_pat(fd, 2, 2 * FS_BLOCK_SIZE + 1, 100);
	close(fd);
	if (r)
		return r;
	if ((fd = open("f", O_CREATE | O_RDWR)) < 0)
		return "cannot create f again";
	r = check_size(fd, 0);
	close(fd);
	if (r)
		return failf("a new f: %s", r);
	return unlink("f") < 0 ? "unlink failed" : 0;
}

static int nlink_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -1 : st.nlink;
}

/* Two names for one inode: link counts up and down, writes through one name
 * seen through the other, and the refusals. */
static const char *link_steps(void)
{
	int fd;

	if (link("a", "b") < 0)
		return "link(a, b) failed";
	if (nlink_of("a") != 2 || nlink_of("b") != 2)
		return failf("nlink is %d and %d, expected 2", nlink_of("a"), nlink_of("b"));
	if (ino_of("a") != ino_of("b") || ino_of("a") == 0)
		return "a and b are different inodes";
	if ((fd = open("b", O_WRONLY)) < 0 || write(fd, "XY", 2) != 2)
		return "write through b failed";
	close(fd);
	if (expect_text("a", "XYllo"))
		return "a write through b is not seen through a";
	if (link("a", "b") == 0 || link("missing", "c") == 0 || link("a", "nodir/c") == 0)
		return "a link to an existing name, from a missing file or into a missing "
		       "directory succeeded";
	if (unlink("a") < 0 || file_exists("a") || nlink_of("b") != 1)
		return "after unlink(a): a still there or b's nlink is not 1";
	if (expect_text("b", "XYllo"))
		return "b's contents changed when a went";
	if (unlink("b") < 0 || unlink("b") == 0 || file_exists("b"))
		return "unlink(b) failed, or a second unlink(b) succeeded";
	return 0;
}

const char *t_links(void)
{
	int fd;

	if ((fd = open("a", O_CREATE | O_WRONLY)) < 0 || write_str(fd, "hello") < 0)
		return "cannot create a";
	close(fd);
	return link_steps();
}

/* dup gives the lowest free descriptor, sharing the file and its offset. */
const char *t_dup(void)
{
	int fd, fd2, fd3;
	const char *r = 0;

	if ((fd = open("f", O_CREATE | O_WRONLY)) < 0)
		return "cannot create f";
	if ((fd2 = dup(fd)) < 0)
		return "dup failed";
	if (write_str(fd, "ab") < 0 || write_str(fd2, "cd") < 0)
		r = "write failed";
	else if (close(fd) < 0 || write_str(fd2, "e") < 0)
		r = "a dup'd descriptor stopped working when the original closed";
	else if ((fd3 = dup(fd2)) != fd)
		r = failf("dup returned %d, not the lowest free descriptor %d", fd3, fd);
	close(fd);
	close(fd2);
	if (r || (r = expect_text("f", "abcde")))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

static int shared_fd;

/* A forked child shares its parent's open files and their offsets. */
const char *t_fork_fd(void)
{
	const char *r;
	int pid;

	if ((shared_fd = open("f", O_CREATE | O_WRONLY)) < 0)
		return "cannot create f";
	if ((pid = tfork()) == 0) {
		if (write_str(shared_fd, "child ") < 0)
			child_fail("write to the inherited descriptor failed");
		close(shared_fd);
		exit(0);
	}
	r = expect_exit(pid, 0);
	if (!r && write_str(shared_fd, "parent") < 0)
		r = "the parent's write after the child's close failed";
	close(shared_fd);
	if (r || (r = expect_text("f", "child parent")))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

/* fsync returns 0 on a written file, a read-only descriptor and a
 * directory (crashwork relies on that), -1 on bad descriptors. */
const char *t_fsync(void)
{
	int fd, rd, dir;
	const char *r = 0;

	if ((fd = open("f", O_CREATE | O_WRONLY)) < 0 || write_str(fd, "data") < 0)
		return "cannot create f";
	if ((rd = open("f", O_RDONLY)) < 0 || (dir = open(".", O_RDONLY)) < 0)
		return "cannot open f or .";
	if (fsync(fd) != 0)
		r = "fsync of a written file failed";
	else if (fsync(rd) != 0)
		r = "fsync of a read-only descriptor failed";
	else if (fsync(dir) != 0)
		r = "fsync of a directory failed";
	else if (fsync(-1) != -1 || fsync(63) != -1 || fsync(1000) != -1)
		r = "fsync of a bad descriptor did not fail";
	close(fd);
	close(rd);
	close(dir);
	if (r)
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

#define BIG_MIB 64

/* Spot checks at odd offsets and sizes that straddle blocks. */
static const char *big_spots(int fd, unsigned long size)
{
	unsigned long x = 12345, off;
	const char *r;

	for (int i = 0; i < 64; i++) {
		x = x * 6364136223846793005ul + 1442695040888963407ul;
		off = (x >> 16) % (size - 9000);
		if ((r = expect_pat(fd, 7, off, 9000)))
			return r;
	}
	return 0;
}

/* A 64 MiB file (far into the double-indirect blocks) written in 1 MiB
 * writes and read back whole and at odd spots. */
const char *t_bigfile(void)
{
	const unsigned long size = (unsigned long)BIG_MIB << 20;
	const char *r;
	int fd;

	if ((r = put_pattern("big", 7, size)) || (r = check_pattern("big", 7, size)))
		return r;
	if ((fd = open("big", O_RDONLY)) < 0)
		return "cannot reopen big";
	r = big_spots(fd, size);
	close(fd);
	if (r)
		return r;
	return unlink("big") < 0 ? "unlink failed" : 0;
}

#define KILL_WRITE_BYTES (8ul << 20)
#define KILL_WRITE_CHUNK (256ul << 10)

static int started[2]; /* the writer tells the parent it is under way */

static void write_big(void)
{
	int fd = open("f", O_CREATE | O_WRONLY | O_TRUNC);

	for (unsigned long off = 0; off < KILL_WRITE_BYTES; off += KILL_WRITE_CHUNK) {
		pat_fill(buf1, 11, off, KILL_WRITE_CHUNK);
		if (write(fd, buf1, KILL_WRITE_CHUNK) != KILL_WRITE_CHUNK)
			exit(1);
		if (off == 0)
			write(started[1], "s", 1);
	}
	exit(0);
}

/* A process killed while it writes a big file: the file holds a prefix of
 * what it wrote, and the file system stays consistent (fsck after the
 * suite). */
const char *t_kill_write(void)
{
	struct stat st;
	const char *r;
	int pid, status, fd;
	char b;

	if (pipe(started) < 0)
		return "pipe failed";
	if ((pid = tfork()) == 0)
		write_big();
	if (pid < 0 || read(started[0], &b, 1) != 1)
		return "the writer did not start";
	close(started[0]);
	close(started[1]);
	kill(pid);
	if (wait(&status) != pid || status != KILLED)
		return failf("the writer exited with %d, not killed (it had %lu bytes to write)",
		             status, KILL_WRITE_BYTES);
	if ((fd = open("f", O_RDONLY)) < 0 || fstat(fd, &st) < 0)
		return "cannot open f";
	close(fd);
	if (st.size > KILL_WRITE_BYTES)
		return "f is longer than what was written";
	if ((r = check_pattern("f", 11, st.size)))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}
