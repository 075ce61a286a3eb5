/*
 * mkdir [-p] DIR...: creates each directory. With -p, also the missing
 * directories on the way to it, and a directory that exists already is
 * no error.
 */
#include "user.h"

static int parents;

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.type == FS_T_DIR;
}

/* Creates path, a string it may change and restore; 0 or -1. */
static int make(char *path)
{
	if (!parents)
		return mkdir(path);
	/* Each prefix ending before a '/' (not the root's own '/'). */
	for (char *p = path + 1; *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = 0;
		if (!is_dir(path) && mkdir(path) < 0) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return is_dir(path) || mkdir(path) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int status = 0, c;

	while ((c = getopt(argc, argv, "p")) != -1) {
		if (c != 'p')
			usage("mkdir [-p] DIR...");
		parents = 1;
	}
	if (optind == argc)
		usage("mkdir [-p] DIR...");
	for (int i = optind; i < argc; i++) {
		if (make(argv[i]) < 0) {
			fprintf(STDERR, "mkdir: %s: cannot create\n", argv[i]);
			status = 1;
		}
	}
	return status;
}
