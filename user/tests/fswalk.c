/*
 * fswalk: walks a file tree and reads every file, for the damaged-disk test
 * (tests/corrupt.sh), which boots it on images damaged on purpose.
 *
 *   fswalk make DIR     builds the tree the test damages: small files, a
 *                       wide directory, a deep one, a file with a single-
 *                       indirect block, a sparse one whose last block is
 *                       under the double-indirect block, and a file with
 *                       two links
 *   fswalk [-w] PATH... walks each PATH breadth-first: every directory is
 *                       read through, every entry looked up, every file
 *                       read to its end; then, with -w, writes a new file
 *                       and removes everything it walked (the paths that
 *                       free blocks and inodes)
 *
 * On a damaged disk each failing call is one line, "fswalk: PATH: what
 * failed" (the first MAX_SHOWN of them), and the walk goes on. The last
 * line counts what was done:
 *   fswalk: D directories, F files, B bytes, E errors
 * and, with -w, "fswalk: removed N of M". The status is 0 when nothing
 * failed, else 1: on a damaged disk both are fine, what matters is that
 * fswalk ends (the kernel neither panics nor hangs).
 *
 * A damaged tree may have loops (an entry naming a directory above it) or
 * names with '/': a directory is read once (by inode number), the walk
 * stops at MAX_PATHS paths, and a file or directory is read at most
 * READ_MAX bytes, so the walk always ends.
 */
#include "tests/lib/testlib.h"

#define MAX_PATHS 2000
#define MAX_SHOWN 20
#define READ_MAX  (8ul << 20)
#define CHUNK     (64 << 10)

struct node {
	char *path;
	int dir;
};

static struct node nodes[MAX_PATHS];
static int nnodes;
static unsigned seen[MAX_PATHS]; /* inode numbers of the directories read */
static int nseen;
static char buf[CHUNK];
static unsigned long ndirs, nfiles, nbytes, nerrors;

static void error(const char *path, const char *what)
{
	if (nerrors++ < MAX_SHOWN)
		printf("fswalk: %s: %s\n", path, what);
}

/* Queues path (a directory if dir) to be walked; it stays ours. */
static void add(char *path, int dir)
{
	if (nnodes == MAX_PATHS) {
		error(path, "too many paths: not walked");
		free(path);
		return;
	}
	nodes[nnodes].path = path;
	nodes[nnodes++].dir = dir;
}

/* Reads the open fd to its end, at most READ_MAX bytes: 0, or -1. */
static int read_all(int fd, unsigned long *got)
{
	long n;

	for (*got = 0; *got < READ_MAX; *got += n) {
		if ((n = read(fd, buf, CHUNK)) <= 0)
			return n;
	}
	return 0;
}

static void read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	unsigned long got;

	if (fd < 0) {
		error(path, "cannot open");
		return;
	}
	nfiles++;
	if (read_all(fd, &got) < 0)
		error(path, "read error");
	nbytes += got;
	close(fd);
}

/* Looks up entry name of directory dir and queues it. */
static void visit_entry(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct stat st;
	int i;

	if (!path)
		die("fswalk: out of memory");
	if (stat(path, &st) < 0) {
		error(path, "cannot stat");
		free(path);
		return;
	}
	if (st.type == FS_T_DIR) {
		for (i = 0; i < nseen && seen[i] != st.ino; i++)
			;
		if (i < nseen || nseen == MAX_PATHS) {
			free(path);
			return;
		}
		seen[nseen++] = st.ino;
	} else if (st.type != FS_T_FILE) {
		free(path); /* a device: the console would wait for input */
		return;
	}
	add(path, st.type == FS_T_DIR);
}

/* Reads directory path through, in chunks, and visits its entries. */
static void read_dir(const char *path)
{
	const struct fs_dirent *de;
	char name[FS_NAME_MAX + 1];
	int fd = open(path, O_RDONLY);
	unsigned long total = 0;
	long n = 0, i;

	if (fd < 0) {
		error(path, "cannot open");
		return;
	}
	ndirs++;
	while (total < READ_MAX && (n = read(fd, buf, CHUNK)) > 0) {
		total += n;
		/* visit_entry only looks up and queues: buf stays as read. */
		for (i = 0; i + (long)sizeof(*de) <= n; i += sizeof(*de)) {
			de = (const struct fs_dirent *)(buf + i);
			if (de->inum == 0)
				continue;
			entry_name(de, name);
			if (name[0] && !is_dot(name))
				visit_entry(path, name);
		}
	}
	if (n < 0)
		error(path, "read error");
	nbytes += total;
	close(fd);
}

/* With -w: a new file, then everything walked removed, files first and
 * directories deepest first (the reverse of the walk). */
static void write_and_remove(void)
{
	int removed = 0, i;

	if (put_pattern("/fswalk.new", 1, 3 * CHUNK + 100) || unlink("/fswalk.new") < 0)
		error("/fswalk.new", "cannot write and remove");
	for (i = nnodes - 1; i >= 0; i--)
		removed += nodes[i].dir ? 0 : unlink(nodes[i].path) == 0;
	for (i = nnodes - 1; i >= 0; i--)
		removed += nodes[i].dir ? unlink(nodes[i].path) == 0 : 0;
	printf("fswalk: removed %d of %d\n", removed, nnodes);
}

static int walk(int argc, char **argv, int write)
{
	struct stat st;
	char *p;

	for (int i = 0; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			error(argv[i], "cannot stat");
			continue;
		}
		if (!(p = strdup(argv[i])))
			die("fswalk: out of memory");
		if (st.type == FS_T_DIR && nseen < MAX_PATHS)
			seen[nseen++] = st.ino;
		add(p, st.type == FS_T_DIR);
	}
	/* nodes[] grows as directories are read: a breadth-first walk. */
	for (int i = 0; i < nnodes; i++) {
		if (nodes[i].dir)
			read_dir(nodes[i].path);
		else
			read_file(nodes[i].path);
	}
	printf("fswalk: %lu directories, %lu files, %lu bytes, %lu errors\n", ndirs, nfiles, nbytes,
	       nerrors);
	if (write)
		write_and_remove();
	return nerrors ? 1 : 0;
}

/* ---- fswalk make ---- */

static void must(const char *r)
{
	if (r)
		die("fswalk: make: %s", r);
}

static char *at(const char *dir, const char *name)
{
	char *p = path_join(dir, name);

	if (!p)
		die("fswalk: out of memory");
	return p;
}

static void make_dir(const char *path)
{
	if (mkdir(path) < 0)
		die("fswalk: make: cannot create %s", path);
}

/* A file with blocks at offsets 0, 100 KiB and 5 MiB and holes between:
 * holes in the inode, in the single-indirect and in the double-indirect
 * blocks. */
static void make_sparse(const char *path)
{
	static const long offs[] = {0, 100 << 10, 5 << 20};
	int fd = open(path, O_CREATE | O_WRONLY);

	if (fd < 0)
		die("fswalk: make: cannot create %s", path);
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		pat_fill(buf, 100 + i, 0, 4096);
		if (lseek(fd, offs[i], SEEK_SET) != offs[i] || write(fd, buf, 4096) != 4096)
			die("fswalk: make: cannot write %s", path);
	}
	close(fd);
}

static int make(const char *root)
{
	char name[FS_NAME_MAX + 1], *d, *p;

	make_dir(root);
	d = at(root, "small");
	make_dir(d);
	for (int i = 0; i < 24; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		must(put_pattern(p = at(d, name), i, (unsigned long)i * 523));
		free(p);
	}
	free(d);
	d = at(root, "wide");
	make_dir(d);
	for (int i = 0; i < 150; i++) {
		snprintf(name, sizeof(name), "entry-with-a-longer-name-%d", i);
		must(make_file(p = at(d, name), name, i % 3 ? 0 : 10));
		free(p);
	}
	free(d);
	d = at(root, "deep");
	make_dir(d);
	for (int i = 0; i < 6; i++) {
		p = at(d, "sub");
		free(d);
		make_dir(d = p);
	}
	must(put_pattern(p = at(d, "bottom"), 50, 5000));
	free(p);
	free(d);
	must(put_pattern(p = at(root, "ind"), 60, 300 << 10));
	free(p);
	make_sparse(p = at(root, "sparse"));
	free(p);
	must(put_pattern(p = at(root, "linked"), 62, 9000));
	d = at(root, "link2");
	if (link(p, d) < 0)
		die("fswalk: make: cannot link %s", d);
	free(p);
	free(d);
	printf("fswalk: made %s\n", root);
	return 0;
}

int main(int argc, char **argv)
{
	int write = 0, c;

	test_prog = "fswalk";
	if (argc == 3 && strcmp(argv[1], "make") == 0)
		return make(argv[2]);
	while ((c = getopt(argc, argv, "w")) != -1) {
		if (c != 'w')
			usage("fswalk make DIR | fswalk [-w] PATH...");
		write = 1;
	}
	if (optind == argc)
		usage("fswalk make DIR | fswalk [-w] PATH...");
	return walk(argc - optind, argv + optind, write);
}
