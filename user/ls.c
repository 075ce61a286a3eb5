/*
 * ls [PATH...]: for a directory, one line per entry; for anything else,
 * one line for it. A line is, as xv6's ls prints it:
 *
 *   NAME TYPE INODE SIZE
 *
 * with TYPE 1 for a directory, 2 for a file, 3 for a device (fs_format.h).
 * With no PATH, lists ".".
 */
#include "user.h"

static void line(const char *name, const struct stat *st)
{
	printf("%-14s %d %4u %8lu\n", name, st->type, st->ino, (unsigned long)st->size);
}

/* Lists the directory open as fd, named path; 0, or 1 after an error. */
static int list_dir(int fd, const char *path)
{
	static struct fs_dirent de;
	static char name[FS_NAME_MAX + 1];
	struct stat st;
	int status = 0;
	long n;
	char *p;

	while ((n = read(fd, &de, sizeof(de))) == sizeof(de)) {
		if (de.inum == 0)
			continue;
		entry_name(&de, name);
		if (!(p = path_join(path, name)))
			die("ls: out of memory");
		if (stat(p, &st) < 0) {
			fprintf(STDERR, "ls: %s: cannot stat\n", p);
			status = 1;
		} else {
			line(name, &st);
		}
		free(p);
	}
	if (n != 0) {
		fprintf(STDERR, "ls: %s: read error\n", path);
		status = 1;
	}
	return status;
}

static int ls(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY), status;

	if (fd < 0) {
		fprintf(STDERR, "ls: %s: cannot open\n", path);
		return 1;
	}
	if (fstat(fd, &st) < 0) {
		fprintf(STDERR, "ls: %s: cannot stat\n", path);
		status = 1;
	} else if (st.type == FS_T_DIR) {
		status = list_dir(fd, path);
	} else {
		line(path, &st);
		status = 0;
	}
	close(fd);
	return status;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (getopt(argc, argv, "") != -1)
		usage("ls [PATH...]");
	if (optind == argc)
		return ls(".");
	for (int i = optind; i < argc; i++)
		status |= ls(argv[i]);
	return status;
}
