/*
 * crashwork: a workload for crash-safety tests (tests/crash.sh), and the
 * check of what survived.
 *
 *   crashwork SEED N          runs N operations on files /tmp/cw/fK
 *   crashwork SEED N nosync   the same without fsync: what it prints is then
 *                             no promise, until a clean power-off
 *   crashwork verify SEED M   after a crash: checks the disk holds what the
 *                             first M operations of SEED committed
 *   crashwork prefixes        after a crash of a nosync run: checks each file
 *                             holds a prefix of its pattern
 *   crashwork orphan          unlinks a file it keeps open, then waits to be
 *                             killed (see orphan() below)
 *
 * Each operation, chosen by a pseudo-random sequence from SEED, is one of:
 * create file K (the next number) of a random size, from a few bytes to a
 * few hundred KiB; rewrite an older file with O_TRUNC to a new size;
 * rewrite part of an older file in place, perhaps growing it; delete an
 * older file. The contents of fK are always a prefix of one pattern that
 * depends only on K (testlib.h's pattern K), so every state a file passes
 * through while being written is a prefix of it.
 *
 * After an operation the workload calls fsync and only then prints one
 * line: "done K SIZE" (fK is complete with SIZE bytes) or "deleted K". A
 * printed line is a promise that the operation is on disk. For a delete it
 * calls fsync on a descriptor of the directory: our kernel's fsync commits
 * the whole log, every write made before it by anyone, so it covers the
 * unlink too (as fsync of the directory would on Linux).
 *
 * The sequence of operations depends only on SEED, so verify replays it
 * instead of being told each file's state: the host passes only the number
 * of lines it saw (the kernel command line is 2 KiB; a list of K:SIZE
 * pairs would outgrow it on a fast host). Console output is unbuffered, so
 * the lines the host has are exactly the operations that completed, plus
 * at most one that was under way (operation M), which may have left its
 * file absent, partial or complete, but never with bytes that are not the
 * pattern's. verify checks: each file the first M operations left is there
 * with exactly its size and contents; nothing else is in /tmp/cw but the
 * file of operation M, and that one is a prefix of its pattern (complete or
 * absent if it was a delete); and the recovered file system takes a new
 * file. It prints "crashwork: verify ok ..." and exits 0, or says what is
 * wrong and exits 1.
 */
#include "tests/lib/testlib.h"

#define DIR      "/tmp/cw"
#define MAXLIVE  48          /* files alive at once: bounds the disk space used */
#define CHUNK    (64 << 10)  /* bytes per write */
#define MAXSIZE  (3ul << 17) /* 384 KiB */
#define NAMESIZE 24

enum kind { CREATE, REWRITE, PATCH, DELETE };

struct file {
	int k;
	unsigned long size;
};

struct state {
	uint64_t rng; /* 64 bits on both architectures: the same sequence */
	int next_k;
	int nlive;
	struct file live[MAXLIVE];
};

struct op {
	enum kind kind;
	int slot; /* index in live[] of the file (CREATE: where it goes) */
	int k;
	unsigned long off;  /* first byte written */
	unsigned long size; /* the file's size after the operation */
	unsigned long end;  /* end of the bytes written */
};

static char chunk[CHUNK];
static int nosync; /* crashwork SEED N nosync: no fsync calls */

static uint64_t rnd(struct state *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 7;
	s->rng ^= s->rng << 17;
	return s->rng;
}

static void init_state(struct state *s, unsigned long seed)
{
	memset(s, 0, sizeof(*s));
	s->rng = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
}

/* Up to MAXSIZE bytes, about as many small files as large: the limit is
 * MAXSIZE halved 0 to 17 times. */
static unsigned long random_size(struct state *s)
{
	int shift = (int)(rnd(s) % 18);

	return 1 + rnd(s) % (MAXSIZE >> shift);
}

static const char *path_of(int k)
{
	static char path[NAMESIZE];

	snprintf(path, sizeof(path), DIR "/f%d", k);
	return path;
}

/* ---- The sequence of operations, the same for the workload and verify ---- */

static void next_op(struct state *s, struct op *op)
{
	unsigned long r = rnd(s) % 100;

	memset(op, 0, sizeof(*op));
	if (s->nlive == 0 || (s->nlive < MAXLIVE && r < 55)) {
		op->kind = CREATE;
		op->slot = s->nlive;
		op->k = s->next_k;
		op->size = op->end = random_size(s);
		return;
	}
	op->slot = (int)(rnd(s) % (unsigned long)s->nlive);
	op->k = s->live[op->slot].k;
	if (s->nlive == MAXLIVE || r >= 85) {
		op->kind = DELETE;
	} else if (r < 70) {
		op->kind = REWRITE;
		op->size = op->end = random_size(s);
	} else {
		unsigned long old = s->live[op->slot].size;

		op->kind = PATCH;
		op->off = rnd(s) % (old + 1);
		op->end = op->off + 1 + rnd(s) % CHUNK;
		op->size = op->end > old ? op->end : old;
	}
}

/* The state once op is done. */
static void apply(struct state *s, const struct op *op)
{
	switch (op->kind) {
	case CREATE:
		s->live[s->nlive].k = op->k;
		s->live[s->nlive++].size = op->size;
		s->next_k++;
		break;
	case REWRITE:
	case PATCH:
		s->live[op->slot].size = op->size;
		break;
	case DELETE:
		s->live[op->slot] = s->live[--s->nlive];
		break;
	}
}

/* ---- The workload ---- */

/* The pattern byte by byte, not with pat_fill: at this pace an operation
 * takes long enough that the host's kill stops the guest within one
 * operation of the last line it saw. Eight times faster, through the KVM
 * box (which ends the run only once it notices its client is gone), the
 * guest finished two or more operations past that line, whose lines the
 * host never got, and verify, which allows one, failed (tests/crash.sh). */
static void fill_chunk(int k, unsigned long off, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		chunk[i] = (char)pat((unsigned long)k, off + i);
}

static int write_range(int fd, int k, unsigned long off, unsigned long end)
{
	unsigned long n;

	if (lseek(fd, (long)off, SEEK_SET) != (long)off)
		return -1;
	for (; off < end; off += n) {
		n = end - off < CHUNK ? end - off : CHUNK;
		fill_chunk(k, off, n);
		if (write(fd, chunk, (long)n) != (long)n)
			return -1;
	}
	return 0;
}

/* Does op and waits until it is on disk; 0, or -1 with the reason printed. */
static int do_op(const struct op *op, int dirfd)
{
	int flags = op->kind == PATCH ? O_RDWR : O_CREATE | O_WRONLY | O_TRUNC, fd;
	const char *path = path_of(op->k);

	if (op->kind == DELETE) {
		if (unlink(path) < 0 || (!nosync && fsync(dirfd) < 0))
			return fprintf(2, "crashwork: unlink or fsync of %s failed\n", path), -1;
		return 0;
	}
	if ((fd = open(path, flags)) < 0)
		return fprintf(2, "crashwork: cannot open %s\n", path), -1;
	if (write_range(fd, op->k, op->off, op->end) < 0 || (!nosync && fsync(fd) < 0)) {
		close(fd);
		return fprintf(2, "crashwork: write or fsync of %s failed\n", path), -1;
	}
	close(fd);
	return 0;
}

static int workload(unsigned long seed, long n)
{
	struct state s;
	struct op op;
	int dirfd;

	init_state(&s, seed);
	mkdir(DIR); /* fails if it is there already: fine */
	if ((dirfd = open(DIR, O_RDONLY)) < 0)
		return fprintf(2, "crashwork: cannot open %s\n", DIR), 1;
	for (long i = 0; i < n; i++) {
		next_op(&s, &op);
		if (do_op(&op, dirfd) < 0)
			return 1;
		apply(&s, &op);
		if (op.kind == DELETE)
			printf("deleted %d\n", op.k);
		else
			printf("done %d %lu\n", op.k, op.size);
	}
	printf("crashwork: %ld operations\n", n);
	return 0;
}

/* ---- verify: each check returns 0, or why the disk is wrong ---- */

/* Reads the open file fK to its end: 0 if all of it is its pattern. */
static const char *check_bytes(int fd, int k, unsigned long size)
{
	unsigned long off = 0;
	long n, bad;

	while ((n = read(fd, chunk, CHUNK)) > 0) {
		if ((bad = pat_diff(chunk, (unsigned long)k, off, (unsigned long)n)) >= 0)
			return failf("f%d: wrong byte at offset %lu", k, off + (unsigned long)bad);
		off += (unsigned long)n;
	}
	if (n < 0 || off != size)
		return failf("f%d: read %lu bytes of %lu", k, off, size);
	return 0;
}

#define ABSENT (-1)
#define WRONG  (-2)

/* Checks that fK holds a prefix of its pattern, of at most max bytes (and
 * exactly max when exact): its size, ABSENT, or WRONG with why set. */
static long check_k(int k, unsigned long max, int exact)
{
	struct stat st;
	int fd = open(path_of(k), O_RDONLY);
	const char *r;

	if (fd < 0)
		return ABSENT;
	if (fstat(fd, &st) < 0)
		r = failf("f%d: fstat failed", k);
	else if (st.size > max || (exact && st.size != max))
		r = failf("f%d: size %lu, expected %s%lu", k, (unsigned long)st.size,
		          exact ? "" : "at most ", max);
	else
		r = check_bytes(fd, k, st.size);
	close(fd);
	return r ? WRONG : (long)st.size;
}

/* Each file the committed operations left, complete. */
static const char *check_live(const struct state *s, const struct op *flux)
{
	for (int i = 0; i < s->nlive; i++) {
		const struct file *f = &s->live[i];
		long r;

		if (f->k == flux->k)
			continue;
		if ((r = check_k(f->k, f->size, 1)) == WRONG)
			return why;
		if (r == ABSENT)
			return failf("f%d (committed, %lu bytes) is missing", f->k, f->size);
	}
	return 0;
}

/* The file of the operation under way at the crash: a prefix of its
 * pattern, or absent if it was being created; a delete is atomic: absent
 * or complete. Prints its state. */
static const char *check_flux(const struct state *s, const struct op *op)
{
	unsigned long old = op->kind == CREATE ? 0 : s->live[op->slot].size;
	unsigned long max = op->size > old ? op->size : old;
	long r = check_k(op->k, op->kind == DELETE ? old : max, op->kind == DELETE);

	if (r == WRONG)
		return why;
	if (r == ABSENT && (op->kind == REWRITE || op->kind == PATCH))
		return failf("f%d (committed, being rewritten) is missing", op->k);
	printf("crashwork: operation under way: f%d %s\n", op->k,
	       r == ABSENT                    ? "absent"
	       : (unsigned long)r == op->size ? "complete"
	       : (unsigned long)r == old      ? "as before"
	                                      : "partial (a prefix)");
	return 0;
}

/* Whether fK may be on the disk: committed or under way. */
static int known(const struct state *s, const struct op *flux, int k)
{
	if (k == flux->k)
		return 1;
	for (int i = 0; i < s->nlive; i++) {
		if (s->live[i].k == k)
			return 1;
	}
	return 0;
}

/* K of a name of the workload's, fK; -1 for any other name. */
static int k_of(const char *name)
{
	int k = atoi(name + 1);

	return name[0] == 'f' && strcmp(name, path_of(k) + sizeof(DIR)) == 0 ? k : -1;
}

/* A walk of DIR: fn for each name but "." and "..", until one says why
 * the disk is wrong. */
struct walk {
	const char *(*fn)(const char *name, void *arg);
	void *arg;
	const char *r;
};

static long walk_entry(const struct fs_dirent *d, void *walk)
{
	struct walk *w = walk;
	char name[FS_NAME_MAX + 1];

	entry_name(d, name);
	if (is_dot(name))
		return 0;
	w->r = w->fn(name, w->arg);
	return w->r != 0;
}

static const char *each_name(const char *(*fn)(const char *name, void *arg), void *arg)
{
	struct walk w = {fn, arg, 0};
	int fd = open(DIR, O_RDONLY);
	long n;

	if (fd < 0)
		return failf("%s is missing", DIR);
	n = for_each_entry(fd, walk_entry, &w);
	close(fd);
	return n < 0 ? failf("reading %s failed", DIR) : w.r;
}

/* What may be on the disk: the committed files and the one under way. */
struct expected {
	const struct state *s;
	const struct op *flux;
};

static const char *name_expected(const char *name, void *expected)
{
	const struct expected *e = expected;
	int k = k_of(name);

	if (k < 0 || !known(e->s, e->flux, k))
		return failf("%s/%s should not be there", DIR, name);
	return 0;
}

/* Every name in DIR is a committed file or the one under way. */
static const char *check_names(const struct state *s, const struct op *flux)
{
	struct expected e = {s, flux};

	if (s->nlive == 0 && !file_exists(DIR))
		return 0;
	return each_name(name_expected, &e);
}

/* The recovered file system takes a new file, and gives it back. */
static const char *check_writable(void)
{
	const char *path = DIR "/post";
	long r = -1;
	int fd;

	mkdir(DIR); /* absent if the crash came before the first commit */
	fd = open(path, O_CREATE | O_RDWR | O_TRUNC);

	if (fd >= 0) {
		pat_fill(chunk, 1, 0, 10000);
		if (write(fd, chunk, 10000) == 10000 && fsync(fd) == 0 &&
		    lseek(fd, 0, SEEK_SET) == 0)
			r = read(fd, chunk, CHUNK);
		close(fd);
	}
	if (r != 10000 || pat_diff(chunk, 1, 0, 10000) >= 0 || unlink(path) < 0)
		return failf("writing %s after recovery failed", path);
	return 0;
}

#define PREFIX_MAX (1ul << 20) /* more than any file of the workload */

/* A file of DIR after a crash of a run without fsync, which promised
 * nothing: a file of the workload, holding a prefix of its pattern. */
static const char *prefix_of_pattern(const char *name, void *files)
{
	int k = k_of(name);

	if (k < 0)
		return failf("%s/%s is not a file of the workload", DIR, name);
	++*(int *)files;
	return check_k(k, PREFIX_MAX, 0) == WRONG ? why : 0;
}

static int prefixes(void)
{
	int files = 0;
	const char *r = file_exists(DIR) ? each_name(prefix_of_pattern, &files) : 0;

	if (r || (r = check_writable())) {
		printf("crashwork: prefixes FAIL: %s\n", r);
		return 1;
	}
	printf("crashwork: prefixes ok: %d files\n", files);
	return 0;
}

static int verify(unsigned long seed, long m)
{
	struct state s;
	struct op op;
	const char *r;

	init_state(&s, seed);
	for (long i = 0; i < m; i++) {
		next_op(&s, &op);
		apply(&s, &op);
	}
	next_op(&s, &op); /* operation m: perhaps under way at the crash */
	if ((r = check_live(&s, &op)) || (r = check_flux(&s, &op)) || (r = check_names(&s, &op)) ||
	    (r = check_writable())) {
		printf("crashwork: verify FAIL after %ld operations: %s\n", m, r);
		return 1;
	}
	printf("crashwork: verify ok: %ld operations, %d files intact\n", m, s.nlive);
	return 0;
}

/* ---- orphan: a file unlinked while open, at the crash ---- */

#define ORPHAN "/tmp/orphan"

/* Writes ORPHAN, unlinks it while it is open, commits that, says so and
 * waits to be killed. The inode then has no links but is in use: the
 * kernel must free it at the next mount (or never leave it so on disk). */
static int orphan(void)
{
	int fd = open(ORPHAN, O_CREATE | O_RDWR | O_TRUNC);

	pat_fill(chunk, 1, 0, CHUNK);
	if (fd < 0 || write(fd, chunk, CHUNK) != CHUNK || fsync(fd) < 0 || unlink(ORPHAN) < 0 ||
	    fsync(fd) < 0)
		return fprintf(2, "crashwork: making %s failed\n", ORPHAN), 1;
	printf("orphaned\n");
	for (;;)
		sleep(100);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "orphan") == 0)
		return orphan();
	if (argc == 2 && strcmp(argv[1], "prefixes") == 0)
		return prefixes();
	if (argc == 4 && strcmp(argv[1], "verify") == 0 && atoi(argv[3]) >= 0)
		return verify((unsigned long)atoi(argv[2]), atoi(argv[3]));
	if ((argc == 3 || (argc == 4 && strcmp(argv[3], "nosync") == 0)) && atoi(argv[2]) >= 0) {
		nosync = argc == 4;
		return workload((unsigned long)atoi(argv[1]), atoi(argv[2]));
	}
	fprintf(2, "usage: crashwork SEED N [nosync] | verify SEED M | prefixes | orphan\n");
	return 2;
}
