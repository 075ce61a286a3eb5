/* Helpers shared by the tests (beyond testlib.h). */
#include "fstest.h"

char *buf1, *buf2;
int quick;

unsigned ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? 0 : st.ino;
}

const char *close_and_unlink(int fd, const char *path, const char *r)
{
	close(fd);
	if (r)
		return r;
	return unlink(path) < 0 ? "unlink failed" : 0;
}
