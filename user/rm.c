/*
 * rm [-rf] PATH...: removes each file. A directory only with -r, which
 * removes everything in it first. -f: a PATH that does not exist is no
 * error.
 */
#include "user.h"

static int recursive, force;
/* One for every level of -r: each level is done with them before it goes
 * down to the next (the stack is one page). */
static struct fs_dirent de;
static char name[FS_NAME_MAX + 1];

static int rm_path(const char *path);

/* Removes everything in the directory path; 0, or 1 after an error. */
static int empty(const char *path)
{
	char *child;
	int fd = open(path, O_RDONLY), status = 0;

	if (fd < 0) {
		fprintf(STDERR, "rm: %s: cannot open\n", path);
		return 1;
	}
	while (read(fd, &de, sizeof(de)) == sizeof(de)) {
		entry_name(&de, name);
		if (de.inum == 0 || is_dot(name))
			continue;
		if (!(child = path_join(path, name)))
			die("rm: out of memory");
		status |= rm_path(child);
		free(child);
	}
	close(fd);
	return status;
}

static int rm_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		if (force)
			return 0;
		fprintf(STDERR, "rm: %s: no such file\n", path);
		return 1;
	}
	if (st.type == FS_T_DIR && !recursive) {
		fprintf(STDERR, "rm: %s: is a directory\n", path);
		return 1;
	}
	if (st.type == FS_T_DIR && empty(path))
		return 1;
	if (unlink(path) < 0) {
		fprintf(STDERR, "rm: %s: cannot remove\n", path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0, c;

	while ((c = getopt(argc, argv, "rf")) != -1) {
		if (c == 'r')
			recursive = 1;
		else if (c == 'f')
			force = 1;
		else
			usage("rm [-rf] PATH...");
	}
	if (optind == argc)
		usage("rm [-rf] PATH...");
	for (int i = optind; i < argc; i++) {
		if (is_dot(path_base(argv[i]))) {
			fprintf(STDERR, "rm: %s: refusing to remove . or ..\n", argv[i]);
			status = 1;
			continue;
		}
		status |= rm_path(argv[i]);
	}
	return status;
}
