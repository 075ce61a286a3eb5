/*
 * Path names: joining a directory and a name, the last component, and the
 * target of "cp/mv/ln SRC DST" when DST may be a directory.
 */
#include "user.h"

char *path_join(const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	int slash = d > 0 && dir[d - 1] != '/';
	char *p = malloc(d + slash + n + 1);

	if (!p)
		return 0;
	memcpy(p, dir, d);
	p[d] = '/';
	memcpy(p + d + slash, name, n + 1);
	return p;
}

const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *path_into(const char *src, const char *dst)
{
	struct stat st;

	if (stat(dst, &st) == 0 && st.type == FS_T_DIR)
		return path_join(dst, path_base(src));
	return strdup(dst);
}
