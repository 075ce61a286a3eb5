/*
 * The file system under concurrent use: several processes creating,
 * writing, rewriting and unlinking files in one directory at once, then
 * every file checked; processes racing to create, link and remove the
 * same few names, then the directory checked for consistency.
 */
#include "usertests.h"

#define WORKERS     SIZE(3, 6)
#define SHARED      4    /* names every worker rewrites */
#define SHARED_SIZE 6000 /* written in one write: one log operation */

static unsigned long seed_of(int w, int j, int round)
{
	return (unsigned long)(w << 20 | j << 4 | round);
}

/* Sizes from empty to several blocks, some not a whole number of them. */
static unsigned long size_of_file(int w, int j, int round)
{
	static const unsigned long sizes[] = {0, 1, 100, 4096, 4097, 9000, 20000, 70000};

	return sizes[(w + j * 3 + round) % 8];
}

static void name(char *buf, int w, int j)
{
	snprintf(buf, 16, "w%d.%d", w, j);
}

/* Worker w: files w.0 .. w.n-1, written; every third rewritten with new
 * contents and size; the odd ones unlinked; and each shared file
 * rewritten whole, with the worker's own pattern, between the steps. */
static void worker(int w, int n)
{
	static char buf[SHARED_SIZE];
	char nm[16];
	const char *r;

	pat_fill(buf, 1000 + (unsigned long)w, 0, SHARED_SIZE);
	for (int j = 0; j < n; j++) {
		name(nm, w, j);
		if ((r = put_pattern(nm, seed_of(w, j, 0), size_of_file(w, j, 0))))
			child_fail("%s", r);
		snprintf(nm, sizeof(nm), "s%d", j % SHARED);
		if ((r = make_file(nm, buf, SHARED_SIZE)))
			child_fail("%s", r);
	}
	for (int j = 0; j < n; j++) {
		name(nm, w, j);
		if (j % 3 == 0 && (r = put_pattern(nm, seed_of(w, j, 1), size_of_file(w, j, 1))))
			child_fail("%s", r);
		if (j % 2 == 1 && unlink(nm) != 0)
			child_fail("unlink of %s failed", nm);
	}
	exit(0);
}

/* A shared file holds one worker's whole contents: the last to write. */
static const char *check_shared(int k, int workers)
{
	static char buf[SHARED_SIZE + 1];
	char nm[16];
	int fd;
	long n;

	snprintf(nm, sizeof(nm), "s%d", k);
	if ((fd = open(nm, O_RDONLY)) < 0)
		return failf("%s is missing", nm);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != SHARED_SIZE)
		return failf("%s holds %ld bytes, not %d", nm, n, SHARED_SIZE);
	for (int w = 0; w < workers; w++) {
		if (pat_diff(buf, 1000 + (unsigned long)w, 0, SHARED_SIZE) < 0)
			return 0;
	}
	return failf("%s does not hold any one worker's contents", nm);
}

/* Counts the entries of "." other than "." and "..". */
static long count_entry(const struct fs_dirent *d, void *count)
{
	char nm[FS_NAME_MAX + 1];

	entry_name(d, nm);
	if (!is_dot(nm))
		++*(int *)count;
	return 0;
}

static int entries(void)
{
	int fd = open(".", O_RDONLY), n = 0;

	if (fd < 0 || for_each_entry(fd, count_entry, &n) < 0)
		n = -1;
	close(fd);
	return n;
}

static const char *check_workers(int workers, int n)
{
	char nm[16];
	const char *r;
	int want = SHARED;

	for (int w = 0; w < workers; w++) {
		for (int j = 0; j < n; j++) {
			name(nm, w, j);
			if (j % 2 == 1) {
				if (file_exists(nm))
					return failf("%s was unlinked but is there", nm);
				continue;
			}
			want++;
			if ((r = check_pattern(nm, seed_of(w, j, j % 3 == 0),
			                       size_of_file(w, j, j % 3 == 0))))
				return r;
		}
	}
	for (int k = 0; k < SHARED; k++) {
		if ((r = check_shared(k, workers)))
			return r;
	}
	return entries() == want ? 0
	                         : failf("the directory has %d entries, not %d", entries(), want);
}

/* Workers create, write, rewrite and unlink files in one directory at
 * once, and rewrite shared ones: afterwards each file holds exactly what
 * its last writer wrote, and the directory exactly the names left. */
const char *t_fs_concurrent(void)
{
	int workers = WORKERS, n = SIZE(12, 40), pid;
	const char *r;

	for (int w = 0; w < workers; w++) {
		if ((pid = tfork()) < 0)
			return "fork failed";
		if (pid == 0)
			worker(w, n);
	}
	if ((r = reap_all(-1)))
		return r;
	return check_workers(workers, n);
}

/* ---- Races on the same names ---- */

#define NAMES 6

/* Worker w: rounds of random operations on names n0..n5 and the
 * directories d0..d5: create and write, unlink, link, mkdir. Any may fail
 * (the name is taken or gone); none may break the file system. Every
 * mkdir that succeeds writes its name's number to made. */
static void racer(int w, int rounds, int made)
{
	uint64_t x = (uint64_t)w * 7919 + 1;
	char a[8], b[8];
	int fd;

	for (int i = 0; i < rounds; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		snprintf(a, sizeof(a), "n%d", (int)((x >> 33) % NAMES));
		snprintf(b, sizeof(b), "n%d", (int)((x >> 40) % NAMES));
		switch ((x >> 50) % 4) {
		case 0:
			if ((fd = open(a, O_CREATE | O_RDWR)) >= 0) {
				write(fd, &w, sizeof(w));
				close(fd);
			}
			break;
		case 1:
			unlink(a);
			break;
		case 2:
			link(a, b);
			break;
		case 3:
			a[0] = 'd';
			if (mkdir(a) == 0)
				write(made, a, 2);
			break;
		}
	}
	exit(0);
}

/* Each name left is a file whose link count is the number of names it
 * has here; each directory is empty, and was made by exactly one mkdir
 * (made[i] of them). */
static const char *check_names(const int *made)
{
	struct stat st[NAMES], s;
	char nm[8];
	int links;

	for (int i = 0; i < NAMES; i++) {
		snprintf(nm, sizeof(nm), "n%d", i);
		st[i].ino = stat(nm, &st[i]) == 0 ? st[i].ino : 0;
	}
	for (int i = 0; i < NAMES; i++) {
		links = 0;
		for (int j = 0; j < NAMES; j++)
			links += st[i].ino && st[j].ino == st[i].ino;
		if (st[i].ino && (st[i].type != FS_T_FILE || st[i].nlink != links))
			return failf("n%d: type %d, %d links, %d names", i, st[i].type, st[i].nlink,
			             links);
		snprintf(nm, sizeof(nm), "d%d", i);
		if (made[i] != (stat(nm, &s) == 0))
			return failf("d%d: %d mkdir calls succeeded", i, made[i]);
		if (made[i] && (s.type != FS_T_DIR || s.nlink != 2 || unlink(nm) != 0))
			return failf("d%d is not an empty directory", i);
	}
	return 0;
}

/* Racers create, unlink, link and mkdir the same few names at once: what
 * is left is consistent (link counts match names), each mkdir that
 * succeeded made a directory no other mkdir also made. */
const char *t_fs_samename(void)
{
	int rounds = SIZE(100, 500), made[2], count[NAMES] = {0}, pid;
	char d[2];
	const char *r;

	if (pipe(made) < 0)
		return "pipe failed";
	for (int w = 0; w < WORKERS; w++) {
		if ((pid = tfork()) < 0)
			return "fork failed";
		if (pid == 0) {
			close(made[0]);
			racer(w, rounds, made[1]);
		}
	}
	close(made[1]);
	while (read(made[0], d, 2) == 2)
		count[d[1] - '0']++;
	close(made[0]);
	return (r = reap_all(-1)) ? r : check_names(count);
}
