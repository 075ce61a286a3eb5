/*
 * Path names: joining a directory and a name, the last component, the
 * target of "cp/mv/ln SRC DST" when DST may be a directory, and the names
 * in a directory's entries.
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

int each_into_last(int argc, char **argv, const char *prog, const char *synopsis,
                   int (*op)(const char *src, const char *dst))
{
	const char *last = argv[argc - 1];
	struct stat st;
	int status = 0;
	char *dst;

	if (getopt(argc, argv, "") != -1 || argc - optind < 2)
		usage(synopsis);
	if (argc - optind > 2 && (stat(last, &st) < 0 || st.type != FS_T_DIR))
		die("%s: %s: not a directory", prog, last);
	for (int i = optind; i < argc - 1; i++) {
		if (!(dst = path_into(argv[i], last)))
			die("%s: out of memory", prog);
		status |= op(argv[i], dst);
		free(dst);
	}
	return status;
}

void entry_name(const struct fs_dirent *de, char name[FS_NAME_MAX + 1])
{
	memcpy(name, de->name, FS_NAME_MAX);
	name[FS_NAME_MAX] = 0;
}

int is_dot(const char *name)
{
	return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}
