/* The test programs' data patterns and directory walks (testlib.h). */
#include <stdint.h>

#include "testlib.h"

#define NAMEBUF (FS_NAME_MAX + 1)

/* ---- Patterns ---- */

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

/* Unlinks the entry if it can; stops with its name at the first one it
 * cannot unlink (a directory that is not empty). */
static long remove_or_pick(const struct fs_dirent *d, void *pick)
{
	char name[NAMEBUF];

	entry_name(d, name);
	if (is_dot(name) || unlink(name) == 0)
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
