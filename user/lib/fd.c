/*
 * File-descriptor helpers built from the system calls: the kernel has no
 * stat by name and no dup2, and dup only gives the lowest free descriptor.
 */
#include "user.h"

int stat(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY), r;

	if (fd < 0)
		return -1;
	r = fstat(fd, st);
	close(fd);
	return r;
}

/* A duplicate of fd at min or above: dup until one lands there, holding on
 * to the lower free descriptors it gives meanwhile, then letting them go.
 * -1 if fd is not open or the descriptors run out. */
int dupmin(int fd, int min)
{
	int held[16], n = 0, d;

	while ((d = dup(fd)) >= 0 && d < min) {
		if (n == (int)(sizeof(held) / sizeof(held[0]))) {
			close(d);
			d = -1;
			break;
		}
		held[n++] = d;
	}
	while (n > 0)
		close(held[--n]);
	return d;
}

/* Makes new a duplicate of old, closing what new was, as POSIX dup2. */
int dup2(int old, int new)
{
	struct stat st;
	int d;

	if (old == new)
		return fstat(old, &st) < 0 ? -1 : new;
	if (fstat(old, &st) < 0)
		return -1;
	close(new);
	/* new is free now, so it is the lowest free descriptor at or above
	 * itself: dupmin lands exactly there. */
	d = dupmin(old, new);
	if (d != new &&d >= 0) {
		close(d);
		d = -1;
	}
	return d;
}
