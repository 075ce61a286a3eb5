/*
 * mv SRC DST, mv SRC... DIR: renames each file SRC to DST, or into the
 * directory DIR, as a new link and the old one's removal. A file DST that
 * exists is replaced (removed first: the kernel has no rename, and link
 * will not replace a name). Directories are refused: their ".." would
 * still name the old parent.
 */
#include "user.h"

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

/* Moves src to the path dst; 0, or 1 after an error. */
static int move(const char *src, const char *dst)
{
	struct stat s, d;

	if (stat(src, &s) < 0) {
		fprintf(STDERR, "mv: %s: cannot open\n", src);
		return 1;
	}
	if (s.type == FS_T_DIR) {
		fprintf(STDERR, "mv: %s: is a directory\n", src);
		return 1;
	}
	if (stat(dst, &d) == 0) {
		if (same_file(&s, &d))
			return 0;
		if (d.type == FS_T_DIR || unlink(dst) < 0) {
			fprintf(STDERR, "mv: %s: cannot replace\n", dst);
			return 1;
		}
	}
	if (link(src, dst) < 0 || unlink(src) < 0) {
		fprintf(STDERR, "mv: cannot move %s to %s\n", src, dst);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	return each_into_last(argc, argv, "mv", "mv SRC DST | mv SRC... DIR", move);
}
