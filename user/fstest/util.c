/* Helpers shared by the tests (beyond testlib.h): children, data
 * patterns, whole files, directory walks. */
#include "fstest.h"

char *buf1, *buf2;
int quick;

const char *expect_all_exit(int n)
{
	const char *r = 0;
	int st, pid;

	for (int i = 0; i < n; i++) {
		if ((pid = wait(&st)) < 0)
			return failf("wait failed with %d children left", n - i);
		if (!r && st == CHILD_FAILED)
			r = "a child failed (see above)";
		else if (!r && st != 0)
			r = failf("child %d exited with %d", pid, st);
	}
	return r;
}

/* ---- Patterns: every 8-byte word of a pattern is a hash of the seed and
 * the word's index, so a byte out of place (a block written to the wrong
 * offset, a stale or zeroed block) shows wherever it lands. */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x7fb5d329728ea185ull;
	x ^= x >> 27;
	x *= 0x81dadef4bc2dd44dull;
	return x ^ (x >> 33);
}

static uint64_t pat_word(unsigned long seed, unsigned long index)
{
	return mix(seed * 0x9e3779b97f4a7c15ull + index);
}

unsigned char pat(unsigned long seed, unsigned long off)
{
	return (unsigned char)(pat_word(seed, off >> 3) >> ((off & 7) * 8));
}

void pat_fill(char *dst, unsigned long seed, unsigned long off, unsigned long n)
{
	unsigned long i = 0;
	uint64_t w;

	for (; i < n && ((off + i) & 7); i++)
		dst[i] = (char)pat(seed, off + i);
	for (; i + 8 <= n; i += 8) {
		w = pat_word(seed, (off + i) >> 3);
		memcpy(dst + i, &w, 8);
	}
	for (; i < n; i++)
		dst[i] = (char)pat(seed, off + i);
}

long pat_diff(const char *src, unsigned long seed, unsigned long off, unsigned long n)
{
	unsigned long i = 0;
	uint64_t w;

	for (; i < n && ((off + i) & 7); i++) {
		if ((unsigned char)src[i] != pat(seed, off + i))
			return (long)i;
	}
	for (; i + 8 <= n; i += 8) {
		w = pat_word(seed, (off + i) >> 3);
		if (memcmp(src + i, &w, 8) != 0)
			break; /* the byte loop below finds which */
	}
	for (; i < n; i++) {
		if ((unsigned char)src[i] != pat(seed, off + i))
			return (long)i;
	}
	return -1;
}

/* ---- Whole files ---- */

const char *write_file(const char *path, unsigned long seed, unsigned long size)
{
	int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
	unsigned long off, n;
	long w;

	if (fd < 0)
		return failf("cannot create %s", path);
	for (off = 0; off < size; off += n) {
		n = size - off < BIGBUF ? size - off : BIGBUF;
		pat_fill(buf1, seed, off, n);
		if ((w = write(fd, buf1, (long)n)) != (long)n) {
			close(fd);
			return failf("write of %lu bytes at %lu to %s returned %ld", n, off, path,
			             w);
		}
	}
	close(fd);
	return 0;
}

const char *check_size(int fd, unsigned long want)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return "fstat failed";
	if (st.size != want)
		return failf("size is %lu, expected %lu", (unsigned long)st.size, want);
	return 0;
}

/* Reads the open file to its end, checking the pattern from offset 0. */
static const char *check_contents(int fd, const char *path, unsigned long seed, unsigned long size)
{
	unsigned long off = 0;
	long n, bad;

	while ((n = read(fd, buf1, BIGBUF)) > 0) {
		if (off + (unsigned long)n > size)
			return failf("%s: read past its size %lu", path, size);
		if ((bad = pat_diff(buf1, seed, off, (unsigned long)n)) >= 0)
			return failf("%s: wrong byte at offset %lu", path,
			             off + (unsigned long)bad);
		off += (unsigned long)n;
	}
	if (n < 0)
		return failf("%s: read at offset %lu failed", path, off);
	if (off != size)
		return failf("%s: read %lu bytes, expected %lu", path, off, size);
	return 0;
}

const char *check_file(const char *path, unsigned long seed, unsigned long size)
{
	int fd = open(path, O_RDONLY);
	const char *r;

	if (fd < 0)
		return failf("cannot open %s", path);
	if (!(r = check_size(fd, size)))
		r = check_contents(fd, path, seed, size);
	close(fd);
	return r;
}

int file_exists(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* ---- Directories ---- */

static struct fs_dirent dirbuf[FS_BLOCK_SIZE / sizeof(struct fs_dirent)];

long for_each_entry(int fd, long (*fn)(const struct fs_dirent *, void *), void *arg)
{
	long n, r;

	while ((n = read(fd, dirbuf, sizeof(dirbuf))) > 0) {
		if (n % sizeof(struct fs_dirent) != 0)
			return -1; /* a partial record: the caller reports it */
		for (unsigned long i = 0; i < n / sizeof(struct fs_dirent); i++) {
			if (dirbuf[i].inum != 0 && (r = fn(&dirbuf[i], arg)) != 0)
				return r;
		}
	}
	return n < 0 ? -1 : 0;
}

/* An entry's name as a C string (a name of FS_NAME_MAX bytes has no NUL). */
static void entry_name(const struct fs_dirent *d, char *name)
{
	memcpy(name, d->name, FS_NAME_MAX);
	name[FS_NAME_MAX] = 0;
}

/* Unlinks the entry if it can; stops with its name at the first one it
 * cannot unlink (a directory that is not empty). */
static long remove_or_pick(const struct fs_dirent *d, void *pick)
{
	char name[NAMEBUF];

	entry_name(d, name);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || unlink(name) == 0)
		return 0;
	strcpy(pick, name);
	return 1;
}

#define RM_MAXDEPTH 128
static char rm_stack[RM_MAXDEPTH][NAMEBUF]; /* the directories we are in, outermost first */

/* Empties the current directory and everything under it without recursion
 * (the stack is one page): descend into a directory that is not empty,
 * climb back out when one is. Ends in the directory it started in. */
static int empty_cwd(void)
{
	char pick[NAMEBUF];
	int depth = 0, fd;
	long r;

	for (;;) {
		if ((fd = open(".", O_RDONLY)) < 0)
			return -1;
		r = for_each_entry(fd, remove_or_pick, pick);
		close(fd);
		if (r < 0)
			return -1;
		if (r == 1) {
			if (depth == RM_MAXDEPTH || chdir(pick) < 0)
				return -1;
			strcpy(rm_stack[depth++], pick);
			continue;
		}
		if (depth == 0)
			return 0;
		if (chdir("..") < 0 || unlink(rm_stack[--depth]) < 0)
			return -1;
	}
}

int rmtree(const char *path)
{
	int r;

	if (unlink(path) == 0)
		return 0;
	if (chdir(path) < 0)
		return -1; /* absent, or a file we cannot unlink */
	r = empty_cwd();
	chdir("/");
	return r < 0 ? -1 : unlink(path);
}
