/* fsck: checks the file system of a guest.img (partition 2) or of a bare
 * file system image, in the format of include/fs_format.h.
 * Usage: fsck [-r|--replay] IMAGE
 *
 * Lists every problem, one line each on stdout, then exits 1 with a count
 * on stderr; exits 0 with a one-line summary when the file system is
 * clean, 2 on a usage error, 1 with one line on stderr when the image
 * cannot be read. A committed transaction in the log is not a problem: the
 * kernel replays it at mount, so fsck checks the file system as the replay
 * would leave it (a note says so); -r replays it into the image first.
 *
 * Only metadata is read: the inode table, the free map, directories and
 * indirect blocks, so a large sparse image is quick to check. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsck.h"

#define USAGE "usage: fsck [-r|--replay] IMAGE"

void problem(struct fsck *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("fsck: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	f->problems++;
}

__attribute__((format(printf, 1, 2))) static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("fsck: note: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fflush(stdout);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void read_at(const struct fsck *f, void *buf, size_t len, uint64_t off)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = pread(f->fd, p, len, (off_t)off);
		if (n <= 0)
			fatal("fsck: %s: read error at byte %llu: %s", f->path,
			      (unsigned long long)off, n < 0 ? strerror(errno) : "unexpected end");
		p += n, len -= (size_t)n, off += (uint64_t)n;
	}
}

static void write_at(const struct fsck *f, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = pwrite(f->fd, p, len, (off_t)off);
		if (n <= 0)
			fatal("fsck: %s: write error at byte %llu: %s", f->path,
			      (unsigned long long)off, n < 0 ? strerror(errno) : "no space");
		p += n, len -= (size_t)n, off += (uint64_t)n;
	}
}

static uint64_t block_off(const struct fsck *f, uint32_t b)
{
	return f->base + (uint64_t)b * FS_BLOCK_SIZE;
}

void read_block(struct fsck *f, uint32_t b, void *buf)
{
	/* The last copy of a block logged twice is the one replay leaves. */
	uint64_t off = block_off(f, b);
	for (uint32_t i = f->overlay ? f->log.n : 0; i-- > 0;) {
		if (f->log.block[i] == b) {
			off = block_off(f, f->sb.logstart + 1 + i);
			break;
		}
	}
	read_at(f, buf, FS_BLOCK_SIZE, off);
}

const char *iname(const struct fsck *f, uint32_t inum)
{
	static char bufs[2][1024];
	static int which;
	char *buf = bufs[which ^= 1];
	int n = snprintf(buf, sizeof(bufs[0]), "inode %u", inum);
	if (!f->parent || !f->parent[inum])
		return buf;
	/* The path, built backwards from inum up to the root. */
	char path[900];
	size_t at = sizeof(path) - 1;
	path[at] = '\0';
	if (inum == FS_ROOT_INO)
		path[--at] = '/';
	for (uint32_t i = inum; i != FS_ROOT_INO; i = f->parent[i]) {
		size_t len = strlen(f->name[i]);
		if (len + 4 > at) {
			at -= 3;
			memcpy(path + at, "...", 3);
			break;
		}
		at -= len;
		memcpy(path + at, f->name[i], len);
		path[--at] = '/';
	}
	snprintf(buf + n, sizeof(bufs[0]) - (size_t)n, " (%s)", path + at);
	return buf;
}

/* A bare file system has its superblock at block 1; anything else with an
 * MBR signature is a disk whose partition 2 is the file system. A bare
 * image with a damaged superblock is still checked, to report it. */
static void find_fs(struct fsck *f, uint64_t bytes)
{
	uint8_t head[FS_BLOCK_SIZE + sizeof(struct fs_super)];
	if (bytes < sizeof(head))
		fatal("fsck: %s: too small for a file system (%llu bytes)", f->path,
		      (unsigned long long)bytes);
	read_at(f, head, sizeof(head), 0);
	uint32_t magic;
	memcpy(&magic, head + FS_BLOCK_SIZE, sizeof(magic));
	f->base = 0;
	f->limit = bytes;
	if (magic == FS_MAGIC || !mbr_signed(head))
		return;
	struct partition part[4];
	struct fmt_err err = {0};
	if (mbr_parse(head, bytes, part, &err) < 0)
		fatal("fsck: %s: %s", f->path, err.msg);
	if (part[IMAGE_PART_FS].type != IMAGE_TYPE_FS)
		fatal("fsck: %s: partition 2 is not a file system (type 0x%02x, want 0x%02x)",
		      f->path, part[IMAGE_PART_FS].type, IMAGE_TYPE_FS);
	f->base = part[IMAGE_PART_FS].offset;
	f->limit = part[IMAGE_PART_FS].size;
	if (f->limit < 2 * FS_BLOCK_SIZE)
		fatal("fsck: %s: partition 2 is too small for a file system", f->path);
}

/* -r writes, so it needs the image to itself; a check reads, and may
 * share it only with readers (a vmm --readonly). */
static void open_image(struct fsck *f, int replay)
{
	f->fd = open(f->path, replay ? O_RDWR : O_RDONLY);
	if (f->fd < 0)
		fatal("fsck: %s: %s", f->path, strerror(errno));
	struct stat st;
	if (fstat(f->fd, &st) < 0)
		fatal("fsck: %s: %s", f->path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		fatal("fsck: %s: is a directory", f->path);
	if (flock(f->fd, (replay ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0)
		fatal("fsck: %s: %s", f->path,
		      errno == EWOULDBLOCK ? "in use by a running vmm" : strerror(errno));
	off_t end = lseek(f->fd, 0, SEEK_END);
	if (end < 0)
		fatal("fsck: %s: %s", f->path, strerror(errno));
	find_fs(f, (uint64_t)end);
}

static void report_problem(void *f, const char *line)
{
	problem(f, "%s", line);
}

/* 0 when the superblock can be trusted to find the rest. */
static int check_super(struct fsck *f)
{
	struct fmt_err err = {.report = report_problem, .ctx = f};
	read_at(f, &f->sb, sizeof(f->sb), block_off(f, FS_SUPER_BLOCK));
	return fs_super_check(&f->sb, f->limit, &err) ? -1 : 0;
}

/* Copies the logged blocks home, then empties the log, as the kernel's
 * recovery does: each step on disk before the next. */
static void replay(struct fsck *f)
{
	uint8_t buf[FS_BLOCK_SIZE];
	for (uint32_t i = 0; i < f->log.n; i++) {
		read_at(f, buf, sizeof(buf), block_off(f, f->sb.logstart + 1 + i));
		write_at(f, buf, sizeof(buf), block_off(f, f->log.block[i]));
	}
	if (fsync(f->fd) < 0)
		fatal("fsck: %s: fsync: %s", f->path, strerror(errno));
	f->log.n = 0;
	f->log.checksum = fs_log_checksum(&f->log);
	write_at(f, &f->log, sizeof(f->log), block_off(f, f->sb.logstart));
	if (fsync(f->fd) < 0)
		fatal("fsck: %s: fsync: %s", f->path, strerror(errno));
}

/* A committed transaction must fit the log and write only blocks from the
 * inode table on: the kernel never logs the superblock or the log. */
static int log_replayable(struct fsck *f)
{
	const struct fs_log_header *h = &f->log;
	int ok = 1;
	if (h->n > f->sb.nlog - 1) {
		problem(f, "log: a committed transaction of %u blocks, but the log holds %u", h->n,
		        f->sb.nlog - 1);
		ok = 0;
	}
	for (uint32_t i = 0; i < h->n; i++) {
		if (h->block[i] < f->sb.inodestart || h->block[i] >= f->sb.size) {
			problem(f, "log: entry %u names block %u, outside blocks [%u, %u)", i,
			        h->block[i], f->sb.inodestart, f->sb.size);
			ok = 0;
		}
	}
	return ok;
}

static void check_log(struct fsck *f, int want_replay)
{
	struct fs_log_header *h = &f->log;
	read_at(f, h, sizeof(*h), block_off(f, f->sb.logstart));
	if (h->n == 0)
		return;
	if (h->n > FS_LOG_MAX || h->checksum != fs_log_checksum(h)) {
		note("log header (n %u) fails its checksum: not committed, nothing to replay",
		     h->n);
		return;
	}
	if (!log_replayable(f))
		return;
	if (want_replay) {
		uint32_t n = h->n;
		replay(f);
		note("replayed a committed transaction of %u blocks from the log", n);
	} else {
		f->overlay = 1;
		note("log holds a committed transaction of %u blocks (replayable); "
		     "checked as replay would leave it",
		     h->n);
	}
}

/* The block map's reads: read_block stops fsck on an error. */
static int read_for_map(void *f, uint32_t b, void *buf, struct fmt_err *err)
{
	(void)err;
	read_block(f, b, buf);
	return 0;
}

/* Reads nblocks blocks from block first into a new buffer. */
static void *load(struct fsck *f, uint32_t first, uint64_t nblocks)
{
	uint8_t *p = malloc(nblocks * FS_BLOCK_SIZE);
	if (!p)
		fatal("fsck: out of memory");
	for (uint64_t i = 0; i < nblocks; i++)
		read_block(f, first + (uint32_t)i, p + i * FS_BLOCK_SIZE);
	return p;
}

static void check_fs(struct fsck *f, int want_replay)
{
	if (check_super(f) < 0)
		return;
	check_log(f, want_replay);
	fs_bmap_init(&f->bmap, &f->sb, read_for_map, f);
	f->inodes = load(f, f->sb.inodestart, fs_inode_blocks(f->sb.ninodes));
	f->map = load(f, f->sb.bmapstart, fs_map_blocks(f->sb.size));
	f->owner = calloc(f->sb.nblocks + 1, sizeof(*f->owner));
	if (!f->owner)
		fatal("fsck: out of memory");
	check_tree(f);
	check_inodes(f);
	check_links(f);
	check_map(f);
}

__attribute__((noreturn, format(printf, 1, 2))) static void usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fsck: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, " (" USAGE ")\n");
	va_end(ap);
	exit(2);
}

int main(int argc, char **argv)
{
	struct fsck f = {.fd = -1};
	int want_replay = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--replay") == 0)
			want_replay = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			usage("unknown option '%s'", argv[i]);
		else if (f.path)
			usage("unexpected argument '%s'", argv[i]);
		else
			f.path = argv[i];
	}
	if (!f.path)
		usage("no IMAGE");
	open_image(&f, want_replay);
	check_fs(&f, want_replay);
	if (f.problems) {
		fflush(stdout);
		fprintf(stderr, "fsck: %s: %lu problem%s\n", f.path, f.problems,
		        f.problems == 1 ? "" : "s");
		return 1;
	}
	printf("fsck: clean: %u inodes, %u blocks used of %u\n", f.inodes_used, f.blocks_used,
	       f.sb.size);
	return 0;
}
