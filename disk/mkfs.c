/* mkfs: writes a fresh file system image in the format of include/fs_format.h.
 * Usage: mkfs -o OUT [-s SIZE_MIB] [-i NINODES] [-l LOGBLOCKS] FILE...
 *
 * The tree: / with bin (every FILE, named by its basename), dev (console)
 * and tmp (empty). Inode numbers are fixed, so tests can poke at them:
 * 1 /, 2 /bin, 3 /dev, 4 /tmp, 5 /dev/console, then the files in the order
 * given. Each file's data blocks are one contiguous run (its indirect blocks
 * follow it), so a sequential read of a file is a sequential read of the disk.
 *
 * The image is SIZE MiB but sparse: it is extended with ftruncate and only
 * the blocks in use are written. It is written to OUT.tmp and renamed, so
 * OUT is never half-written. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diskfmt.h"

enum { BIN_INO = FS_ROOT_INO + 1, DEV_INO, TMP_INO, CONSOLE_INO, FIRST_FILE_INO };

#define USAGE          "usage: mkfs -o OUT [-s SIZE_MIB] [-i NINODES] [-l LOGBLOCKS] FILE..."
#define BLOCKS_PER_MIB ((1u << 20) / FS_BLOCK_SIZE)
#define MAX_SIZE_MIB   (1u << 20) /* 1 TiB: an MBR partition holds at most 2 TiB */
#define MAX_INODES     (1u << 24)

static char tmp_path[4096]; /* removed when mkfs fails after creating it */

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "mkfs: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	if (tmp_path[0])
		unlink(tmp_path);
	exit(1);
}

__attribute__((noreturn, format(printf, 1, 2))) static void usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "mkfs: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (" USAGE ")\n");
	exit(2);
}

struct input {
	const char *path;
	const char *name; /* its basename: the name in /bin */
	uint64_t bytes;
};

struct options {
	const char *out;
	uint32_t size_mib, ninodes, nlogdata;
	struct input *files;
	int nfiles;
};

/* A decimal option value in [min, max]: garbage is a usage error, a value
 * out of range a plain one. */
static uint32_t parse_num(const char *arg, const char *what, uint32_t min, uint32_t max)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0')
		usage("bad %s '%s'", what, arg);
	if (errno == ERANGE || v < min || v > max)
		die("%s %s out of range (%u to %u)", what, arg, min, max);
	return (uint32_t)v;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	*o = (struct options){.size_mib = 512, .ninodes = 8192, .nlogdata = 1020};
	int c;
	opterr = 0;
	while ((c = getopt(argc, argv, ":o:s:i:l:")) != -1) {
		if (c == 'o')
			o->out = optarg;
		else if (c == 's')
			o->size_mib = parse_num(optarg, "SIZE_MIB", 1, MAX_SIZE_MIB);
		else if (c == 'i')
			o->ninodes = parse_num(optarg, "NINODES", FIRST_FILE_INO, MAX_INODES);
		else if (c == 'l')
			o->nlogdata = parse_num(optarg, "LOGBLOCKS", 1, FS_LOG_MAX);
		else if (c == ':')
			usage("-%c needs a value", optopt);
		else
			usage("unknown option -%c", optopt);
	}
	if (!o->out)
		usage("no -o OUT");
	o->nfiles = argc - optind;
	o->files = calloc((size_t)o->nfiles + 1, sizeof(*o->files)); /* + 1: never calloc(0) */
	if (!o->files)
		die("out of memory");
	for (int i = 0; i < o->nfiles; i++)
		o->files[i].path = argv[optind + i];
}

/* Stats and names every input, refusing what /bin could not hold. */
static void check_inputs(struct input *in, int n)
{
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (stat(in[i].path, &st) < 0)
			die("%s: %s", in[i].path, strerror(errno));
		if (!S_ISREG(st.st_mode))
			die("%s: not a regular file", in[i].path);
		const char *slash = strrchr(in[i].path, '/');
		in[i].name = slash ? slash + 1 : in[i].path;
		in[i].bytes = (uint64_t)st.st_size;
		if (strlen(in[i].name) > FS_NAME_MAX)
			die("%s: name longer than %d bytes", in[i].path, FS_NAME_MAX);
		if (in[i].bytes > FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
			die("%s: larger than the largest file (%llu blocks)", in[i].path,
			    (unsigned long long)FS_MAX_FILE_BLOCKS);
		for (int j = 0; j < i; j++)
			if (strcmp(in[i].name, in[j].name) == 0)
				die("%s and %s: duplicate name %s in /bin", in[j].path, in[i].path,
				    in[i].name);
	}
}

/* A file's data blocks and the indirect blocks that map them. */
static uint64_t file_blocks(uint64_t bytes)
{
	uint64_t nb = fs_size_blocks(bytes);
	return nb + fs_bmap_index_blocks(nb);
}

static struct fs_super layout(const struct options *o)
{
	struct fs_super sb;
	if (fs_super_layout(&sb, o->size_mib * BLOCKS_PER_MIB, o->ninodes, o->nlogdata + 1) < 0)
		die("a %u MiB image is too small for its own metadata (%u blocks)", o->size_mib,
		    sb.datastart);
	return sb;
}

/* Refuses, before anything is written, a tree that does not fit. */
static void check_fits(const struct options *o, const struct fs_super *sb)
{
	uint64_t bin_bytes = (2 + (uint64_t)o->nfiles) * sizeof(struct fs_dirent);
	uint64_t need = 3 + file_blocks(bin_bytes); /* /, /dev and /tmp: a block each */
	for (int i = 0; i < o->nfiles; i++)
		need += file_blocks(o->files[i].bytes);
	if (need > sb->nblocks)
		die("image too small: the files need %llu data blocks, a %u MiB image has %u",
		    (unsigned long long)need, o->size_mib, sb->nblocks);
	if ((uint64_t)FIRST_FILE_INO + o->nfiles > sb->ninodes)
		die("too few inodes: %d files need %llu (inode 0 included), the image has %u",
		    o->nfiles, (unsigned long long)FIRST_FILE_INO + o->nfiles, sb->ninodes);
}

struct mkfs {
	int fd;
	struct fs_super sb;
	struct fs_dinode *inodes; /* the whole table, written at the end */
	uint8_t *map;             /* the free map */
	uint32_t next;            /* the next unallocated data block */
};

static void write_at(struct mkfs *m, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = pwrite(m->fd, p, len, (off_t)off);
		if (n <= 0)
			die("%s: write error: %s", tmp_path, n < 0 ? strerror(errno) : "no space");
		p += n, len -= (size_t)n, off += (uint64_t)n;
	}
}

static void write_block(struct mkfs *m, uint32_t b, const void *buf)
{
	write_at(m, buf, FS_BLOCK_SIZE, (uint64_t)b * FS_BLOCK_SIZE);
}

static void mark_used(struct mkfs *m, uint32_t b)
{
	m->map[b / 8] |= (uint8_t)(1u << (b % 8));
}

/* n blocks in a row; check_fits made sure they exist. */
static uint32_t alloc_run(struct mkfs *m, uint64_t n)
{
	uint32_t first = m->next;
	for (uint64_t i = 0; i < n; i++)
		mark_used(m, m->next++);
	return first;
}

/* An indirect block naming up to FS_NINDIRECT blocks from first on. */
static uint32_t write_indirect(struct mkfs *m, uint32_t first, uint64_t n)
{
	uint32_t ptr[FS_NINDIRECT] = {0};
	for (uint32_t k = 0; k < n && k < FS_NINDIRECT; k++)
		ptr[k] = first + k;
	uint32_t b = alloc_run(m, 1);
	write_block(m, b, ptr);
	return b;
}

/* Points di at the nb data blocks from first on, allocating and writing
 * the indirect blocks that takes. */
static void map_blocks(struct mkfs *m, struct fs_dinode *di, uint32_t first, uint64_t nb)
{
	uint64_t i = 0;
	for (; i < nb && i < FS_NDIRECT; i++)
		di->addrs[i] = first + (uint32_t)i;
	if (i < nb) {
		di->addrs[FS_NDIRECT] = write_indirect(m, first + (uint32_t)i, nb - i);
		i += FS_NINDIRECT;
	}
	if (i < nb) {
		uint32_t outer[FS_NINDIRECT] = {0};
		for (int j = 0; i < nb; j++, i += FS_NINDIRECT)
			outer[j] = write_indirect(m, first + (uint32_t)i, nb - i);
		di->addrs[FS_NDIRECT + 1] = alloc_run(m, 1);
		write_block(m, di->addrs[FS_NDIRECT + 1], outer);
	}
}

static struct fs_dinode *make_inode(struct mkfs *m, uint32_t inum, uint16_t type, uint16_t nlink)
{
	struct fs_dinode *di = &m->inodes[inum];
	di->type = type;
	di->nlink = nlink;
	return di;
}

static int all_zero(const char *buf, size_t n)
{
	return n == 0 || (buf[0] == 0 && memcmp(buf, buf + 1, n - 1) == 0);
}

/* Gives inode inum the contents of the file at in->path. Zeros are not
 * written: the image was extended with zeros, so they stay holes in it. */
static void copy_file(struct mkfs *m, uint32_t inum, const struct input *in)
{
	struct fs_dinode *di = make_inode(m, inum, FS_T_FILE, 1);
	uint64_t nb = fs_size_blocks(in->bytes);
	uint32_t first = alloc_run(m, nb);
	map_blocks(m, di, first, nb);
	di->size = in->bytes;

	int fd = open(in->path, O_RDONLY);
	if (fd < 0)
		die("%s: %s", in->path, strerror(errno));
	static char buf[64 * FS_BLOCK_SIZE];
	uint64_t done = 0;
	ssize_t n;
	while (done < in->bytes && (n = read(fd, buf, sizeof(buf))) > 0) {
		if ((uint64_t)n > in->bytes - done)
			break;
		if (!all_zero(buf, (size_t)n))
			write_at(m, buf, (size_t)n, (uint64_t)first * FS_BLOCK_SIZE + done);
		done += (uint64_t)n;
	}
	if (done != in->bytes)
		die("%s: changed size while being read", in->path);
	close(fd);
}

struct dir {
	struct fs_dirent *ents;
	uint32_t n;
};

static void dir_add(struct dir *d, const char *name, uint32_t inum)
{
	struct fs_dirent *e = &d->ents[d->n++];
	memset(e, 0, sizeof(*e)); /* a name shorter than FS_NAME_MAX is NUL-padded */
	e->inum = inum;
	memcpy(e->name, name, strlen(name));
}

/* Writes directory inum (entries d) as a file of contiguous blocks. */
static void write_dir(struct mkfs *m, uint32_t inum, uint16_t nlink, const struct dir *d)
{
	struct fs_dinode *di = make_inode(m, inum, FS_T_DIR, nlink);
	di->size = (uint64_t)d->n * sizeof(struct fs_dirent);
	uint64_t nb = fs_size_blocks(di->size);
	uint32_t first = alloc_run(m, nb);
	map_blocks(m, di, first, nb);
	write_at(m, d->ents, di->size, (uint64_t)first * FS_BLOCK_SIZE);
}

/* The tree: a directory's nlink counts its entry in the parent, its own
 * "." and each subdirectory's "..". */
static void build_tree(struct mkfs *m, const struct options *o)
{
	struct dir d = {.ents = calloc((size_t)o->nfiles + 5, sizeof(struct fs_dirent))};
	if (!d.ents)
		die("out of memory");
	dir_add(&d, ".", FS_ROOT_INO);
	dir_add(&d, "..", FS_ROOT_INO);
	dir_add(&d, "bin", BIN_INO);
	dir_add(&d, "dev", DEV_INO);
	dir_add(&d, "tmp", TMP_INO);
	write_dir(m, FS_ROOT_INO, 2 + 3, &d);

	d.n = 0;
	dir_add(&d, ".", BIN_INO);
	dir_add(&d, "..", FS_ROOT_INO);
	for (int i = 0; i < o->nfiles; i++) {
		dir_add(&d, o->files[i].name, FIRST_FILE_INO + (uint32_t)i);
		copy_file(m, FIRST_FILE_INO + (uint32_t)i, &o->files[i]);
	}
	write_dir(m, BIN_INO, 2, &d);

	d.n = 0;
	dir_add(&d, ".", DEV_INO);
	dir_add(&d, "..", FS_ROOT_INO);
	dir_add(&d, "console", CONSOLE_INO);
	write_dir(m, DEV_INO, 2, &d);
	make_inode(m, CONSOLE_INO, FS_T_DEV, 1)->major = FS_DEV_CONSOLE;

	d.n = 0;
	dir_add(&d, ".", TMP_INO);
	dir_add(&d, "..", FS_ROOT_INO);
	write_dir(m, TMP_INO, 2, &d);
	free(d.ents);
}

/* Writes the metadata: superblock, an empty log, the inode blocks up to
 * the last inode in use, and the free map. */
static void write_metadata(struct mkfs *m, uint32_t last_inum)
{
	static uint8_t block[FS_BLOCK_SIZE];
	memcpy(block, &m->sb, sizeof(m->sb));
	write_block(m, FS_SUPER_BLOCK, block);

	struct fs_log_header h = {.n = 0};
	h.checksum = fs_log_checksum(&h);
	write_block(m, m->sb.logstart, &h);

	uint64_t inode_bytes = fs_inode_blocks(last_inum + 1) * FS_BLOCK_SIZE;
	write_at(m, m->inodes, inode_bytes, (uint64_t)m->sb.inodestart * FS_BLOCK_SIZE);

	for (uint32_t b = 0; b < m->sb.datastart; b++)
		mark_used(m, b);
	uint64_t map_bytes = fs_map_blocks(m->sb.size) * FS_BLOCK_SIZE;
	write_at(m, m->map, map_bytes, (uint64_t)m->sb.bmapstart * FS_BLOCK_SIZE);
}

int main(int argc, char **argv)
{
	struct options o;
	parse_args(argc, argv, &o);
	check_inputs(o.files, o.nfiles);
	struct mkfs m = {.sb = layout(&o)};
	check_fits(&o, &m.sb);

	/* Whole blocks of inodes and map, so each is written as it sits on disk. */
	m.inodes = calloc(fs_inode_blocks(m.sb.ninodes), FS_BLOCK_SIZE);
	m.map = calloc(fs_map_blocks(m.sb.size), FS_BLOCK_SIZE);
	if (!m.inodes || !m.map)
		die("out of memory");
	m.next = m.sb.datastart;

	snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", o.out);
	m.fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (m.fd < 0) {
		int e = errno;
		tmp_path[0] = '\0'; /* not ours to remove */
		die("cannot create %s.tmp: %s", o.out, strerror(e));
	}
	if (ftruncate(m.fd, (off_t)m.sb.size * FS_BLOCK_SIZE) < 0)
		die("cannot extend %s: %s", tmp_path, strerror(errno));
	build_tree(&m, &o);
	write_metadata(&m, FIRST_FILE_INO + (uint32_t)o.nfiles - 1);
	if (close(m.fd) < 0 || rename(tmp_path, o.out) < 0)
		die("cannot write %s: %s", o.out, strerror(errno));
	return 0;
}
