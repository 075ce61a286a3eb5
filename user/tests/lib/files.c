/* The test programs' whole files (testlib.h): made from bytes or from a
 * pattern, and checked. */
#include "testlib.h"

static char default_iobuf[16384];

char *test_iobuf = default_iobuf;
unsigned long test_iobuf_size = sizeof(default_iobuf);

const char *make_file(const char *path, const char *data, long n)
{
	int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
	long w;

	if (fd < 0)
		return failf("cannot create %s", path);
	w = write(fd, data, n);
	close(fd);
	return w == n ? 0 : failf("write of %ld bytes to %s returned %ld", n, path, w);
}

const char *put_pattern(const char *path, unsigned long seed, unsigned long size)
{
	int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
	unsigned long off, n;
	long w;

	if (fd < 0)
		return failf("cannot create %s", path);
	for (off = 0; off < size; off += n) {
		n = size - off < test_iobuf_size ? size - off : test_iobuf_size;
		pat_fill(test_iobuf, seed, off, n);
		if ((w = write(fd, test_iobuf, (long)n)) != (long)n) {
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

	while ((n = read(fd, test_iobuf, (long)test_iobuf_size)) > 0) {
		if (off + (unsigned long)n > size)
			return failf("%s: read past its size %lu", path, size);
		if ((bad = pat_diff(test_iobuf, seed, off, (unsigned long)n)) >= 0)
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

const char *check_pattern(const char *path, unsigned long seed, unsigned long size)
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
