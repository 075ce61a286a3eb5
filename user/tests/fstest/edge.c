/* Tests of edges and races: names at and past FS_NAME_MAX, offsets at and
 * past the largest file, truncation under an open descriptor, a removed
 * current directory, appends and creates from several processes at once.
 * Each runs in a fresh TDIR, the current directory. */
#include "fstest.h"

/* The kernel's largest file: the block map's, or LONG_MAX where lseek's
 * long offset ends first (i386). */
#define MAX_FILE_BYTES                                                                             \
	((unsigned long long)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE < LONG_MAX                         \
	     ? (unsigned long long)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE                              \
	     : LONG_MAX)

static const char *make_name(char c, int len)
{
	static char name[128];

	memset(name, c, (size_t)len);
	name[len] = 0;
	return name;
}

struct count_arg {
	const char *name;
	int len; /* compare this many bytes, and the entry must end there */
	int count;
};

static long count_entry(const struct fs_dirent *d, void *arg)
{
	struct count_arg *c = arg;

	if (memcmp(d->name, c->name, (size_t)c->len) == 0 &&
	    (c->len == FS_NAME_MAX || d->name[c->len] == 0))
		c->count++;
	return 0;
}

/* How many entries of the current directory are named name (its first
 * len bytes), or -1. */
static int count_named(const char *name, int len)
{
	struct count_arg c = {name, len, 0};
	int fd = open(".", O_RDONLY);
	long r;

	if (fd < 0)
		return -1;
	r = for_each_entry(fd, count_entry, &c);
	close(fd);
	return r < 0 ? -1 : c.count;
}

/* A name of exactly FS_NAME_MAX bytes is stored without a NUL and found
 * again; a longer one is refused, or else its own name still reaches it
 * and removes it. */
const char *t_longname(void)
{
	const char *name = make_name('n', FS_NAME_MAX);
	int fd;

	if ((fd = open(name, O_CREATE | O_RDWR)) < 0)
		return "creating a name of FS_NAME_MAX bytes failed";
	close(fd);
	if (!file_exists(name) || count_named(name, FS_NAME_MAX) != 1)
		return "the FS_NAME_MAX-byte name is not listed once or not found";
	if (unlink(name) < 0 || count_named(name, FS_NAME_MAX) != 0)
		return "unlink of the FS_NAME_MAX-byte name failed";
	name = make_name('m', FS_NAME_MAX + 20);
	if ((fd = open(name, O_CREATE | O_RDWR)) < 0)
		return 0; /* refused: fine */
	close(fd);
	if (!file_exists(name))
		return "a name longer than FS_NAME_MAX was created but cannot be opened";
	if (unlink(name) < 0 || count_named(name, FS_NAME_MAX) != 0)
		return "a name longer than FS_NAME_MAX cannot be removed by that name";
	return 0;
}

/* Writes to offsets near, at and far past the largest file the block map
 * can hold: a write that would not fit fails or is cut short at the
 * limit, never wraps around to the start of the file. */
static const char *max_steps(int fd)
{
	static const long far[] = {(long)MAX_FILE_BYTES,
	                           (long)(MAX_FILE_BYTES + (LONG_MAX - MAX_FILE_BYTES) / 2),
	                           LONG_MAX - 4};
	struct stat st;
	char b[20];
	long w;

	memset(b, 'z', sizeof(b));
	if (lseek(fd, (long)MAX_FILE_BYTES - 10, SEEK_SET) != (long)MAX_FILE_BYTES - 10)
		return "lseek to the last 10 bytes of the largest file failed";
	if ((w = write(fd, b, 20)) != -1 && w != 10)
		return failf("a 20-byte write over the limit returned %ld, not -1 or 10", w);
	for (unsigned i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		if (lseek(fd, far[i], SEEK_SET) == far[i] && write(fd, b, 10) != -1)
			return failf("a write at offset %ld succeeded", far[i]);
	}
	if (fstat(fd, &st) < 0 || st.size > MAX_FILE_BYTES)
		return "the file grew past the largest size";
	if (lseek(fd, 0, SEEK_SET) != 0 || read(fd, b, sizeof(b)) != 5 ||
	    memcmp(b, "start", 5) != 0)
		return "the start of the file changed (a wrapped offset?)";
	return 0;
}

const char *t_maxfile(void)
{
	const char *r;
	int fd;

	if ((fd = open("f", O_CREATE | O_RDWR)) < 0 || write(fd, "start", 5) != 5)
		return "cannot create f";
	r = max_steps(fd);
	return close_and_unlink(fd, "f", r);
}

/* The file is n zero bytes and then text. */
static const char *check_file_zeros_then(const char *path, long n, const char *text)
{
	long len = (long)strlen(text), got;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return failf("cannot open %s", path);
	got = read(fd, buf2, n + len + 1);
	close(fd);
	if (got != n + len)
		return failf("%s holds %ld bytes, expected %ld", path, got, n + len);
	for (long i = 0; i < n; i++) {
		if (buf2[i] != 0)
			return failf("byte %ld of %s is %d, not 0 (old data?)", i, path, buf2[i]);
	}
	return memcmp(buf2 + n, text, (size_t)len) ? failf("%s: the text is wrong", path) : 0;
}

/* A descriptor past the end after another one truncated the file reads
 * nothing, and its next write leaves zeros, not the old data, before it. */
const char *t_trunc_open(void)
{
	const char *r = 0;
	char b[16];
	int fd, fd2;

	if ((r = put_pattern("f", 1, 10000)))
		return r;
	if ((fd = open("f", O_RDWR)) < 0 || lseek(fd, 5000, SEEK_SET) != 5000)
		return "cannot open f";
	if ((fd2 = open("f", O_WRONLY | O_TRUNC)) < 0)
		r = "open(O_TRUNC) failed";
	close(fd2);
	if (!r && read(fd, b, sizeof(b)) != 0)
		r = "a read past the new end returned data";
	if (!r && write(fd, "0123456789", 10) != 10)
		r = "write after the truncation failed";
	close(fd);
	if (r || (r = check_file_zeros_then("f", 5000, "0123456789")))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

/* A directory removed while it is the current directory takes no new
 * entries (they would be lost with it). */
const char *t_rmdir_cwd(void)
{
	int fd;

	if (mkdir("d") < 0 || chdir("d") < 0)
		return "cannot make d";
	if (unlink(TDIR "/d") < 0) {
		chdir(TDIR);
		return unlink("d") < 0 ? "unlink of d failed" : 0; /* refused: fine */
	}
	fd = open("f", O_CREATE | O_RDWR);
	if (fd >= 0) {
		close(fd);
		chdir(TDIR);
		return "created a file in a removed directory";
	}
	if (mkdir("x") == 0) {
		chdir(TDIR);
		return "created a directory in a removed directory";
	}
	if (chdir(TDIR) < 0 || file_exists("d"))
		return "d is still there";
	return 0;
}

#define APPENDERS 3
#define RECORDS   150
#define RECSIZE   100

static void appender(int c)
{
	char rec[RECSIZE];
	int fd = open("f", O_WRONLY | O_APPEND);

	if (fd < 0)
		child_fail("cannot open f");
	for (int i = 0; i < RECORDS; i++) {
		memset(rec, 'a' + c, sizeof(rec));
		snprintf(rec, sizeof(rec), "%d %d", c, i);
		if (write(fd, rec, sizeof(rec)) != sizeof(rec))
			child_fail("write of record %d failed", i);
	}
	close(fd);
	exit(0);
}

/* Each record whole, from one writer, and each writer's in order. */
static const char *check_records(void)
{
	int next[APPENDERS] = {0}, fd = open("f", O_RDONLY), c, i;
	const char *r = 0;
	char *rec = buf2;
	long n = fd < 0 ? -1 : read(fd, buf2, BIGBUF);

	close(fd);
	if (n != APPENDERS * RECORDS * RECSIZE)
		return failf("the file holds %ld bytes, expected %d", n,
		             APPENDERS * RECORDS * RECSIZE);
	for (; !r && rec < buf2 + n; rec += RECSIZE) {
		c = rec[RECSIZE - 1] - 'a';
		if (c < 0 || c >= APPENDERS || atoi(rec) != c || !strchr(rec, ' '))
			r = failf("record at %ld is mixed or damaged", (long)(rec - buf2));
		else if ((i = atoi(strchr(rec, ' ') + 1)) != next[c]++)
			r = failf("writer %d's record %d came where %d was due", c, i, next[c] - 1);
	}
	return r;
}

/* Several processes appending records at once: none lost, none
 * overwritten, none torn. */
const char *t_append_race(void)
{
	const char *r;
	int fd;

	if ((fd = open("f", O_CREATE | O_WRONLY)) < 0)
		return "cannot create f";
	close(fd);
	for (int c = 0; c < APPENDERS; c++) {
		if (tfork() == 0)
			appender(c);
	}
	if ((r = expect_all_exit(APPENDERS)) || (r = check_records()))
		return r;
	return unlink("f") < 0 ? "unlink failed" : 0;
}

#define CREATORS 3
#define ROUNDS   30

static void creator(int c)
{
	char mine[8];
	int fd;

	snprintf(mine, sizeof(mine), "c%d", c);
	for (int i = 0; i < ROUNDS; i++) {
		if ((fd = open("x", O_CREATE | O_RDWR)) < 0)
			child_fail("open(x, O_CREATE) failed in round %d", i);
		close(fd);
		if ((fd = open(mine, O_CREATE | O_RDWR)) < 0 || write(fd, "y", 1) != 1)
			child_fail("creating %s failed in round %d", mine, i);
		close(fd);
		unlink("x"); /* may lose to another process: fine */
		mkdir("dx");
		unlink("dx");
		if (unlink(mine) < 0)
			child_fail("unlink of %s failed in round %d", mine, i);
	}
	exit(0);
}

/* Processes creating and removing the same names at once: every create
 * succeeds, and no name is ever listed twice. */
const char *t_create_race(void)
{
	const char *r;

	for (int c = 0; c < CREATORS; c++) {
		if (tfork() == 0)
			creator(c);
	}
	if ((r = expect_all_exit(CREATORS)))
		return r;
	if (count_named("x", 1) > 1 || count_named("dx", 2) > 1)
		return "a name is listed twice";
	unlink("x");
	unlink("dx");
	return count_named("x", 1) || count_named("dx", 2) ? "x or dx cannot be removed" : 0;
}
