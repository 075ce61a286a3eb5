/* Helpers shared by the tests (beyond testlib.h): whole files. */
#include "fstest.h"

char *buf1, *buf2;
int quick;

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
