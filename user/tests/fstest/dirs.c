/* Tests of directories: mkdir, chdir and relative paths, "." and "..",
 * refusals (links to directories, removing non-empty ones), deep and wide
 * trees, many files. Each runs in a fresh TDIR, the current directory. */
#include "fstest.h"

static int type_of(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY), r;

	if (fd < 0)
		return -1;
	r = fstat(fd, &st) < 0 ? -1 : st.type;
	close(fd);
	return r;
}

static const char *put_text(const char *path, const char *s)
{
	int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
	long n = (long)strlen(s);

	if (fd < 0)
		return failf("cannot create %s", path);
	if (write(fd, s, n) != n) {
		close(fd);
		return failf("write to %s failed", path);
	}
	close(fd);
	return 0;
}

static int has_text(const char *path, const char *s)
{
	char b[64];
	int fd = open(path, O_RDONLY);
	long n, len = (long)strlen(s);

	if (fd < 0)
		return 0;
	n = read(fd, b, sizeof(b));
	close(fd);
	return n == len && memcmp(b, s, (size_t)len) == 0;
}

/* The paths that must reach d/f from TDIR and from inside d. */
static const char *walk_paths(void)
{
	static const char *const from_top[] = {"d/f",
	                                       "./d/f",
	                                       "d/./f",
	                                       "d/../d/f",
	                                       "./d/.././d/f",
	                                       TDIR "/d/f",
	                                       "/tmp/../tmp/fstest/d/f"};
	static const char *const from_d[] = {"f", "./f", "../d/f", TDIR "/d/f", "../../fstest/d/f"};

	for (unsigned i = 0; i < sizeof(from_top) / sizeof(from_top[0]); i++) {
		if (!has_text(from_top[i], "hi"))
			return failf("from %s, %s does not reach d/f", TDIR, from_top[i]);
	}
	if (chdir("d") < 0)
		return "chdir(d) failed";
	for (unsigned i = 0; i < sizeof(from_d) / sizeof(from_d[0]); i++) {
		if (!has_text(from_d[i], "hi")) {
			chdir("..");
			return failf("from d, %s does not reach d/f", from_d[i]);
		}
	}
	if (put_text("g", "made in d") || chdir("..") < 0 || !has_text("d/g", "made in d"))
		return "a file created by a relative name inside d is not d/g";
	return 0;
}

/* What mkdir, chdir and open refuse around directories. */
static const char *dir_refusals(void)
{
	if (mkdir("d") == 0)
		return "mkdir of an existing name succeeded";
	if (mkdir("nodir/x") == 0 || mkdir("d/f/x") == 0)
		return "mkdir under a missing directory or a file succeeded";
	if (chdir("d/f") == 0 || chdir("missing") == 0)
		return "chdir to a file or a missing name succeeded";
	if (open("d", O_WRONLY) >= 0 || open("d", O_RDWR) >= 0)
		return "a directory opened for writing";
	if (open("d", O_CREATE | O_RDWR) >= 0)
		return "open(O_CREATE | O_RDWR) of a directory succeeded";
	if (open("d/f/x", O_CREATE | O_RDWR) >= 0)
		return "a file created under a file";
	if (mkdir("") == 0 || open("", O_CREATE | O_RDWR) >= 0)
		return "an empty name was created";
	if (type_of("d") != FS_T_DIR)
		return "d opened read-only is not a directory";
	return 0;
}

const char *t_dirs(void)
{
	const char *r;

	if (mkdir("d") < 0)
		return "mkdir(d) failed";
	if ((r = put_text("d/f", "hi")) || (r = walk_paths()) || (r = dir_refusals()))
		return r;
	if (unlink("d/f") < 0 || unlink("d/g") < 0 || unlink("d") < 0)
		return "cleaning up d failed";
	return 0;
}

struct find {
	const char *name;
	unsigned inum;
	int count;
	int used; /* all used entries */
};

static long find_entry(const struct fs_dirent *d, void *arg)
{
	struct find *f = arg;

	f->used++;
	if (strncmp(d->name, f->name, FS_NAME_MAX) == 0) {
		f->inum = d->inum;
		f->count++;
	}
	return 0;
}

/* Looks name up by reading the directory's records; f->count says how
 * often it is there. */
static const char *scan_for(const char *dir, const char *name, struct find *f)
{
	int fd = open(dir, O_RDONLY);
	long r;

	f->name = name;
	f->inum = 0;
	f->count = f->used = 0;
	if (fd < 0)
		return failf("cannot open directory %s", dir);
	r = for_each_entry(fd, find_entry, f);
	close(fd);
	return r < 0 ? failf("reading directory %s failed or returned a partial record", dir) : 0;
}

/* The "." and ".." records of dir name it and its parent, once each. */
static const char *dots_of(const char *dir, unsigned self, unsigned parent, int want_used)
{
	struct find f;
	const char *r;

	if ((r = scan_for(dir, ".", &f)))
		return r;
	if (f.count != 1 || f.inum != self)
		return failf("%s: %d \".\" entries, inum %u, expected one, %u", dir, f.count,
		             f.inum, self);
	if (want_used >= 0 && f.used != want_used)
		return failf("%s has %d entries, expected %d", dir, f.used, want_used);
	if ((r = scan_for(dir, "..", &f)))
		return r;
	if (f.count != 1 || f.inum != parent)
		return failf("%s: %d \"..\" entries, inum %u, expected one, %u", dir, f.count,
		             f.inum, parent);
	return 0;
}

/* "." and ".." are records in every directory; "/.." is "/"; the names
 * cannot be made or removed. */
const char *t_dots(void)
{
	unsigned top = ino_of("."), d;
	const char *r;

	if (mkdir("d") < 0 || (d = ino_of("d")) == 0 || top == 0)
		return "mkdir(d) failed";
	if ((r = dots_of("d", d, top, 2)) || (r = dots_of("/", FS_ROOT_INO, FS_ROOT_INO, -1)))
		return r;
	if (ino_of("d/.") != d || ino_of("d/..") != top || ino_of("/..") != FS_ROOT_INO ||
	    ino_of("/") != FS_ROOT_INO)
		return "a path through . or .. reaches the wrong inode";
	if (chdir("/") < 0 || chdir("..") < 0 || ino_of(".") != FS_ROOT_INO || chdir(TDIR) < 0)
		return "chdir(..) from / does not stay at /";
	if (mkdir(".") == 0 || mkdir("d/..") == 0 || open(".", O_CREATE | O_RDWR) >= 0)
		return "created . or ..";
	if (unlink("d/.") == 0 || unlink("d/..") == 0 || unlink(".") == 0)
		return "unlinked . or ..";
	return unlink("d") < 0 ? "unlink(d) failed" : 0;
}

/* No hard links to directories (they would make cycles); the count of the
 * directory does not change. */
const char *t_link_dir(void)
{
	struct stat before, after;
	int fd;

	if (mkdir("d") < 0 || (fd = open("d", O_RDONLY)) < 0 || fstat(fd, &before) < 0)
		return "mkdir(d) failed";
	if (link("d", "d2") == 0 || link(".", "x") == 0 || link("/", "y") == 0 ||
	    link("..", "z") == 0)
		return "link to a directory succeeded";
	if (file_exists("d2") || file_exists("x") || file_exists("y"))
		return "a refused link left a name";
	if (fstat(fd, &after) < 0 || after.nlink != before.nlink)
		return "a refused link changed the directory's nlink";
	close(fd);
	return unlink("d") < 0 ? "unlink(d) failed" : 0;
}

/* unlink removes a directory only when it holds nothing but . and .. */
const char *t_rmdir(void)
{
	const char *r;

	if (mkdir("d") < 0 || mkdir("d/e") < 0 || (r = put_text("d/f", "x")))
		return "cannot make d, d/e, d/f";
	if (unlink("d") == 0 || !has_text("d/f", "x") || type_of("d/e") != FS_T_DIR)
		return "unlink of a non-empty directory succeeded or lost its entries";
	if (unlink("d/f") < 0 || unlink("d") == 0)
		return "unlink of a directory holding only a directory succeeded";
	if (unlink("d/e") < 0 || unlink("d") < 0)
		return "unlink of an empty directory failed";
	if (file_exists("d") || chdir("d") == 0)
		return "d is still there";
	if ((r = put_text("d", "a file now")) || !has_text("d", "a file now"))
		return "cannot reuse the name d for a file";
	return unlink("d") < 0 ? "unlink(d) failed" : 0;
}

#define DEEP 64

/* "d/d/.../d" with n components, in a static buffer. */
static const char *deep_path(int n, const char *leaf)
{
	static char path[2 * DEEP + NAMEBUF];
	char *p = path;

	for (int i = 0; i < n; i++) {
		memcpy(p, i ? "/d" : "d", i ? 2 : 1);
		p += i ? 2 : 1;
	}
	if (leaf) {
		*p++ = '/';
		strcpy(p, leaf);
	} else
		*p = 0;
	return path;
}

/* Climbs n levels with chdir(".."); whether it arrived at inode want. */
static int climb(int n, unsigned want)
{
	for (int i = 0; i < n; i++) {
		if (chdir("..") < 0)
			return 0;
	}
	return ino_of(".") == want;
}

/* A chain of DEEP directories: built one chdir at a time, climbed back
 * with "..", reached with one long relative path, removed from the bottom. */
const char *t_deep(void)
{
	unsigned top = ino_of(".");
	const char *r;

	for (int i = 0; i < DEEP; i++) {
		if (mkdir("d") < 0 || chdir("d") < 0)
			return failf("mkdir or chdir at depth %d failed", i + 1);
	}
	if ((r = put_text("f", "bottom")))
		return r;
	if (!climb(DEEP, top))
		return "climbing back with .. did not reach the top";
	if (!has_text(deep_path(DEEP, "f"), "bottom"))
		return failf("open of the %d-byte path to the bottom failed",
		             (int)strlen(deep_path(DEEP, "f")));
	if (unlink(deep_path(DEEP, "f")) < 0)
		return "unlink of the bottom file failed";
	for (int n = DEEP; n > 0; n--) {
		if (unlink(deep_path(n, 0)) < 0)
			return failf("unlink of the directory at depth %d failed", n);
	}
	return 0;
}

#define WIDE       500
#define WIDE_QUICK 200 /* still 4 blocks of entries */

static unsigned char seen[WIDE]; /* per name: how often the directory listed it */
static int nwide;                /* names made: WIDE, or WIDE_QUICK with -q */
static int odd_names;            /* names not made by the test */

static long count_name(const struct fs_dirent *d, void *arg)
{
	int k;

	(void)arg;
	if (strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0)
		return 0;
	k = atoi(d->name + 1);
	if (d->name[0] != 'e' || strlen(d->name) != 4 || k < 0 || k >= nwide)
		odd_names++;
	else
		seen[k]++;
	return 0;
}

/* Lists the current directory: each name e000..e499 must be there once
 * when kept(k), else not at all, and no other name but . and .. */
static const char *list_wide(int (*kept)(int))
{
	int fd = open(".", O_RDONLY);
	long r;

	if (fd < 0)
		return "cannot open .";
	memset(seen, 0, sizeof(seen));
	odd_names = 0;
	r = for_each_entry(fd, count_name, 0);
	close(fd);
	if (r < 0)
		return "reading the directory failed or returned a partial record";
	if (odd_names)
		return failf("%d unexpected names in the directory", odd_names);
	for (int k = 0; k < nwide; k++) {
		if (seen[k] != (kept(k) ? 1 : 0))
			return failf("e%03d listed %d times, expected %d", k, seen[k],
			             kept(k) ? 1 : 0);
	}
	return 0;
}

static int all(int k)
{
	(void)k;
	return 1;
}

static int odd(int k)
{
	return k & 1;
}

static int none(int k)
{
	(void)k;
	return 0;
}

static const char *wide_name(int k)
{
	static char name[8];

	snprintf(name, sizeof(name), "e%03d", k);
	return name;
}

/* WIDE files (WIDE_QUICK with -q) in one directory, listed through read()
 * of its records; half removed, the rest still listed; the slots refilled;
 * all removed. */
static const char *wide_steps(void)
{
	const char *r;
	int fd;

	for (int k = 0; k < nwide; k++) {
		if ((fd = open(wide_name(k), O_CREATE | O_WRONLY)) < 0)
			return failf("creating file %d failed", k);
		close(fd);
	}
	if ((r = list_wide(all)))
		return r;
	for (int k = 0; k < nwide; k += 2) {
		if (unlink(wide_name(k)) < 0)
			return failf("unlink of e%03d failed", k);
	}
	if ((r = list_wide(odd)))
		return r;
	for (int k = 0; k < nwide; k += 2) {
		if ((fd = open(wide_name(k), O_CREATE | O_WRONLY)) < 0)
			return failf("re-creating file %d failed", k);
		close(fd);
	}
	if ((r = list_wide(all)))
		return r;
	for (int k = 0; k < nwide; k++) {
		if (unlink(wide_name(k)) < 0)
			return failf("unlink of e%03d failed", k);
	}
	return list_wide(none);
}

const char *t_wide(void)
{
	const char *r;

	nwide = quick ? WIDE_QUICK : WIDE;
	if (mkdir("w") < 0 || chdir("w") < 0)
		return "cannot make w";
	r = wide_steps();
	chdir(TDIR);
	if (r)
		return r;
	return unlink("w") < 0 ? "unlink(w) of the emptied directory failed" : 0;
}

#define MANY_DIRS       10
#define MANY_DIRS_QUICK 2
#define MANY_FILES      100 /* per directory */

static const char *many_name(int i)
{
	static char name[16];

	snprintf(name, sizeof(name), "m%d/f%02d", i / MANY_FILES, i % MANY_FILES);
	return name;
}

static unsigned long many_size(int i)
{
	return (unsigned long)(i * 37 % 700) + 1;
}

/* MANY_DIRS * MANY_FILES small files of different sizes and contents
 * (MANY_DIRS_QUICK * MANY_FILES with -q): all created, then all verified,
 * then all deleted. */
const char *t_many(void)
{
	int ndirs = quick ? MANY_DIRS_QUICK : MANY_DIRS, n = ndirs * MANY_FILES;
	char dir[8];
	const char *r;

	for (int d = 0; d < ndirs; d++) {
		snprintf(dir, sizeof(dir), "m%d", d);
		if (mkdir(dir) < 0)
			return failf("mkdir(%s) failed", dir);
	}
	for (int i = 0; i < n; i++) {
		if ((r = put_pattern(many_name(i), 1000 + (unsigned long)i, many_size(i))))
			return failf("file %d: %s", i, r);
	}
	for (int i = 0; i < n; i++) {
		if ((r = check_pattern(many_name(i), 1000 + (unsigned long)i, many_size(i))))
			return failf("file %d: %s", i, r);
	}
	for (int i = 0; i < n; i++) {
		if (unlink(many_name(i)) < 0)
			return failf("unlink of %s failed", many_name(i));
	}
	for (int d = 0; d < ndirs; d++) {
		snprintf(dir, sizeof(dir), "m%d", d);
		if (unlink(dir) < 0)
			return failf("unlink of the emptied %s failed", dir);
	}
	return 0;
}
