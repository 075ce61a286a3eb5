/* fsdamage set PATH FIELD VALUE IMAGE: one value of PATH's metadata set by
 * hand, for the tests of tests/corrupt.sh that damage a chosen place.
 * FIELD is one of:
 *   type, nlink, size, addr[N]  the inode's field (N: 0 to 13)
 *   ind[N], dind[N]             entry N of its single-indirect block, or of
 *                               its double-indirect block
 *   entry                       the inode number in the entry that names
 *                               PATH in its directory
 *   free[N]                     the free map bit of the block addrs[N]
 *                               (VALUE 0: marked free)
 * It says what it changed in one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "damage.h"

#define DIRENTS (FS_BLOCK_SIZE / sizeof(struct fs_dirent))

/* Where an entry lies: its directory's block and index. */
struct where {
	uint32_t blk, idx;
};

static int read_for_map(void *im, uint32_t b, void *buf, struct fmt_err *err)
{
	(void)err;
	read_blk(im, b, buf);
	return 0;
}

/* The entry named name in directory inode dir: its inode number, and where
 * it lies in *w; 0 if none. */
static uint32_t lookup(struct img *im, uint32_t dir, const char *name, struct where *w)
{
	const struct fs_dinode *di = &im->ino[dir];
	struct fs_dirent ents[DIRENTS];
	struct fmt_err err = {0};
	struct fs_bmap m;
	uint32_t b;

	fs_bmap_init(&m, &im->sb, read_for_map, im);
	for (uint64_t k = 0; k < fs_size_blocks(di->size); k++) {
		if (fs_bmap(&m, di, k, &b, &err) < 0 || b == 0)
			continue;
		read_blk(im, b, ents);
		for (uint32_t i = 0; i < DIRENTS; i++) {
			if (ents[i].inum && strncmp(ents[i].name, name, FS_NAME_MAX) == 0) {
				*w = (struct where){b, i};
				return ents[i].inum;
			}
		}
	}
	return 0;
}

/* PATH's inode number, and where its entry lies. */
static uint32_t resolve(struct img *im, const char *path, struct where *w)
{
	char buf[4096], *name, *save;
	uint32_t inum = FS_ROOT_INO;

	snprintf(buf, sizeof(buf), "%s", path);
	for (name = strtok_r(buf, "/", &save); name; name = strtok_r(0, "/", &save))
		if (!(inum = lookup(im, inum, name, w)))
			die("%s: no %s", path, name);
	if (inum == FS_ROOT_INO)
		die("%s: the root has no entry", path);
	return inum;
}

/* Entry n of index block blk set to v; the old value. */
static uint32_t set_index(struct img *im, uint32_t blk, uint32_t n, uint32_t v)
{
	uint32_t ent[FS_NINDIRECT], old;

	if (blk == 0 || n >= FS_NINDIRECT)
		die("no such index entry");
	read_blk(im, blk, ent);
	old = ent[n];
	ent[n] = v;
	write_blk(im, blk, ent);
	return old;
}

static uint64_t set_free_bit(struct img *im, uint32_t b, uint64_t v)
{
	uint8_t map[FS_BLOCK_SIZE];
	uint32_t mb = im->sb.bmapstart + b / FS_BITS_PER_BLOCK, byte = b % FS_BITS_PER_BLOCK / 8;
	uint64_t old;

	read_blk(im, mb, map);
	old = map[byte] >> (b % 8) & 1;
	map[byte] = (uint8_t)((map[byte] & ~(1u << (b % 8))) | (v ? 1u << (b % 8) : 0));
	write_blk(im, mb, map);
	return old;
}

int set_main(int argc, char **argv)
{
	struct img im = {0};
	struct where w = {0, 0};
	uint8_t blk[FS_BLOCK_SIZE];
	struct fs_dinode *d;
	uint64_t v, old;
	uint32_t inum, ib, n = 0;
	const char *field;
	char *end;

	if (argc != 6)
		die("usage: fsdamage set PATH FIELD VALUE IMAGE");
	scan_image(&im, argv[5], 0);
	inum = resolve(&im, argv[2], &w);
	field = argv[3];
	v = strtoull(argv[4], &end, 0);
	if (*end)
		die("bad VALUE '%s'", argv[4]);
	ib = im.sb.inodestart + inum / FS_INODES_PER_BLOCK;
	read_blk(&im, ib, blk);
	d = (struct fs_dinode *)blk + inum % FS_INODES_PER_BLOCK;
	if (sscanf(field, "%*[a-z][%u]", &n) == 1 && n >= FS_NDIRECT + 2 && field[0] != 'i' &&
	    field[0] != 'd')
		die("bad FIELD '%s'", field); /* addr[N] and free[N] */
	if (strcmp(field, "type") == 0) {
		old = d->type, d->type = (uint16_t)v;
	} else if (strcmp(field, "nlink") == 0) {
		old = d->nlink, d->nlink = (uint16_t)v;
	} else if (strcmp(field, "size") == 0) {
		old = d->size, d->size = v;
	} else if (strncmp(field, "addr[", 5) == 0) {
		old = d->addrs[n], d->addrs[n] = (uint32_t)v;
	} else if (strncmp(field, "ind[", 4) == 0) {
		old = set_index(&im, d->addrs[FS_NDIRECT], n, (uint32_t)v);
	} else if (strncmp(field, "dind[", 5) == 0) {
		old = set_index(&im, d->addrs[FS_NDIRECT + 1], n, (uint32_t)v);
	} else if (strcmp(field, "entry") == 0) {
		old = set_index(&im, w.blk, w.idx * (sizeof(struct fs_dirent) / 4), (uint32_t)v);
	} else if (strncmp(field, "free[", 5) == 0) {
		old = set_free_bit(&im, d->addrs[n], v);
	} else {
		die("bad FIELD '%s'", field);
	}
	write_blk(&im, ib, blk);
	printf("fsdamage: %s (inode %u): %s %llu -> %llu\n", argv[2], inum, field,
	       (unsigned long long)old, (unsigned long long)v);
	return 0;
}
