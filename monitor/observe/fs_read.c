#include "observe/fs_read.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diskfmt.h"

/* The file system being read: its superblock, checked, and the files'
 * block map (disk/format/bmap.c). */
struct fs_reader {
	int fd;
	uint64_t offset;
	struct fs_super sb;
	struct fs_bmap map;
};

static int read_at(const struct fs_reader *f, uint64_t block, void *buf)
{
	off_t at = (off_t)(f->offset + block * FS_BLOCK_SIZE);
	return pread(f->fd, buf, FS_BLOCK_SIZE, at) == FS_BLOCK_SIZE ? 0 : -1;
}

/* The map's reads, of blocks it has checked are in the data region. */
static int read_for_map(void *ctx, uint32_t b, void *buf, struct fmt_err *err)
{
	return read_at(ctx, b, buf) < 0 ? fmt_fail(err, "cannot read block %u", b) : 0;
}

/* The profiler's note names the reason in a few words, not the fields. */
static const char *check_super(struct fs_reader *f, uint64_t size)
{
	uint8_t block[FS_BLOCK_SIZE];
	struct fmt_err err = {0};
	if (size < 2 * FS_BLOCK_SIZE || read_at(f, FS_SUPER_BLOCK, block) < 0)
		return "cannot read the superblock";
	memcpy(&f->sb, block, sizeof(f->sb));
	if (fs_super_check(&f->sb, size, &err))
		return f->sb.magic != FS_MAGIC || f->sb.version != FS_VERSION
		           ? "no file system"
		           : "a damaged superblock";
	fs_bmap_init(&f->map, &f->sb, read_for_map, f);
	return NULL;
}

static const char *read_dinode(struct fs_reader *f, uint32_t inum, struct fs_dinode *di,
                               uint16_t type)
{
	uint8_t block[FS_BLOCK_SIZE];
	if (inum == 0 || inum >= f->sb.ninodes)
		return "no such inode";
	/* The checked superblock puts every inode inside the file system. */
	if (read_at(f, f->sb.inodestart + inum / FS_INODES_PER_BLOCK, block) < 0)
		return "cannot read the inode";
	memcpy(di, block + (inum % FS_INODES_PER_BLOCK) * FS_INODE_SIZE, sizeof(*di));
	if (di->type != type)
		return type == FS_T_FILE ? "not a regular file" : "not a directory";
	if (di->size > FS_READ_MAX)
		return "too large";
	return NULL;
}

/* The file's contents into buf, which holds whole blocks. */
static const char *read_contents(struct fs_reader *f, const struct fs_dinode *di, uint8_t *buf)
{
	struct fmt_err err = {0};
	for (uint64_t i = 0; i < fs_size_blocks(di->size); i++) {
		uint32_t b;
		uint8_t *at = buf + i * FS_BLOCK_SIZE;
		if (fs_bmap(&f->map, di, i, &b, &err) < 0 || (b > 0 && read_at(f, b, at) < 0))
			return "a bad block number";
		if (b == 0)
			memset(at, 0, FS_BLOCK_SIZE);
	}
	return NULL;
}

static int read_typed(int fd, uint64_t offset, uint64_t size, uint32_t inum, uint16_t type,
                      uint8_t **out, size_t *len, const char **why)
{
	struct fs_reader *f = calloc(1, sizeof(*f));
	struct fs_dinode di;
	uint8_t *buf = NULL;
	*why = "out of memory";
	if (f) {
		f->fd = fd;
		f->offset = offset;
		if (!(*why = check_super(f, size)) && !(*why = read_dinode(f, inum, &di, type))) {
			uint64_t whole = fs_size_blocks(di.size) * FS_BLOCK_SIZE;
			buf = malloc(whole ? whole : 1);
			*why = buf ? read_contents(f, &di, buf) : "out of memory";
		}
	}
	free(f);
	if (*why) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = (size_t)di.size;
	return 0;
}

int fs_read_inode(int fd, uint64_t offset, uint64_t size, uint32_t inum, uint8_t **out, size_t *len,
                  const char **why)
{
	return read_typed(fd, offset, size, inum, FS_T_FILE, out, len, why);
}

/* The entry called name (n bytes) in the directory inode dir: its inode
 * number, or 0. */
static uint32_t lookup(int fd, uint64_t offset, uint64_t size, uint32_t dir, const char *name,
                       size_t n, const char **why)
{
	uint8_t *buf;
	size_t len;
	uint32_t inum = 0;
	if (read_typed(fd, offset, size, dir, FS_T_DIR, &buf, &len, why) < 0)
		return 0;
	for (size_t at = 0; at + sizeof(struct fs_dirent) <= len && !inum;
	     at += sizeof(struct fs_dirent)) {
		struct fs_dirent de;
		memcpy(&de, buf + at, sizeof(de));
		if (de.inum && n <= FS_NAME_MAX && !strncmp(de.name, name, n) &&
		    (n == FS_NAME_MAX || de.name[n] == 0))
			inum = de.inum;
	}
	free(buf);
	if (!inum)
		*why = "no such file";
	return inum;
}

int fs_read_path(int fd, uint64_t offset, uint64_t size, const char *path, uint8_t **out,
                 size_t *len, const char **why)
{
	uint32_t inum = FS_ROOT_INO;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n && !(inum = lookup(fd, offset, size, inum, p, n, why)))
			return -1;
		p += n + (p[n] == '/');
	}
	return fs_read_inode(fd, offset, size, inum, out, len, why);
}
