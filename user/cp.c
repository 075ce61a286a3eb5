/*
 * cp SRC DST, cp SRC... DIR: copies each file SRC to the file DST, or into
 * the directory DIR under its own name. A DST that exists is overwritten;
 * directories are not copied.
 */
#include "user.h"

static char buf[8192];

/* Copies the bytes of fd in to fd out; 0, or -1 if reading or writing
 * failed. */
static int copy(int in, int out)
{
	long n;

	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n)
			return -1;
	}
	return n < 0 ? -1 : 0;
}

/* Refuses what cannot be copied to dst: a directory, or src onto itself
 * (truncating dst would empty src first). */
static int check(const char *src, const struct stat *s, const char *dst)
{
	struct stat d;

	if (s->type == FS_T_DIR) {
		fprintf(STDERR, "cp: %s: is a directory\n", src);
		return -1;
	}
	if (stat(dst, &d) == 0 && d.dev == s->dev && d.ino == s->ino) {
		fprintf(STDERR, "cp: %s and %s are the same file\n", src, dst);
		return -1;
	}
	return 0;
}

/* Copies the file open as in, named src, to the path dst; 0 or -1. */
static int copy_to(int in, const char *src, const char *dst)
{
	int out = open(dst, O_WRONLY | O_CREATE | O_TRUNC), r;

	if (out < 0) {
		fprintf(STDERR, "cp: %s: cannot create\n", dst);
		return -1;
	}
	if ((r = copy(in, out)) < 0)
		fprintf(STDERR, "cp: cannot copy %s to %s\n", src, dst);
	close(out);
	return r;
}

/* Copies the file src to the path dst; 0, or 1 after an error. */
static int cp(const char *src, const char *dst)
{
	struct stat s;
	int in = open(src, O_RDONLY), r = -1;

	if (in < 0 || fstat(in, &s) < 0)
		fprintf(STDERR, "cp: %s: cannot open\n", src);
	else if (check(src, &s, dst) == 0)
		r = copy_to(in, src, dst);
	if (in >= 0)
		close(in);
	return r < 0;
}

int main(int argc, char **argv)
{
	return each_into_last(argc, argv, "cp", "cp SRC DST | cp SRC... DIR", cp);
}
