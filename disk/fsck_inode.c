/* fsck: the inodes, their block pointers, block ownership and the free map.
 *
 * A file's size implies its blocks: pointers to file blocks at or past
 * ceil(size / FS_BLOCK_SIZE), and indirect blocks covering only such file
 * blocks, are problems (the kernel never leaves them: truncation frees
 * them). Holes, pointers that are 0 below that, are fine. A pointer
 * outside the data region is not followed, and its block not owned. */
#include <stdio.h>
#include <string.h>

#include "fsck.h"

uint32_t file_block(struct fsck *f, const struct fs_dinode *di, uint64_t k)
{
	struct fmt_err quiet = {0}; /* check_inodes reports the bad pointers */
	uint32_t b;
	return fs_bmap(&f->bmap, di, k, &b, &quiet) < 0 ? 0 : b;
}

/* Records inum as block b's owner; a second owner is a problem. */
static void claim(struct fsck *f, uint32_t inum, uint32_t b)
{
	uint32_t *owner = &f->owner[b - f->sb.datastart];
	if (*owner)
		problem(f, "block %u owned twice: by %s and by %s", b, iname(f, *owner),
		        iname(f, inum));
	else
		*owner = inum;
}

struct walk {
	struct fsck *f;
	uint32_t inum;
	uint64_t nblocks;  /* implied by the size */
	int past_reported; /* one line per inode for pointers past its size */
};

/* Checks and claims block b, pointed at for file blocks from first on
 * (level 0: a data block; 1: a single-indirect block; 2: a double-indirect
 * one), and every block under it. */
static void walk(struct walk *w, uint32_t b, int level, uint64_t first)
{
	struct fsck *f = w->f;
	if (b == 0)
		return;
	if (first >= w->nblocks && !w->past_reported) {
		problem(f, "%s: block pointer %u past the end of its %llu bytes", iname(f, w->inum),
		        b, (unsigned long long)f->inodes[w->inum].size);
		w->past_reported = 1;
	}
	if (!fs_in_data(&f->sb, b)) {
		problem(f, "%s: block pointer %u outside the data region [%u, %u)",
		        iname(f, w->inum), b, f->sb.datastart, f->sb.size);
		return;
	}
	claim(f, w->inum, b);
	if (level == 0)
		return;
	uint32_t ind[FS_NINDIRECT];
	read_block(f, b, ind);
	uint64_t span = level == 2 ? FS_NINDIRECT : 1;
	for (uint32_t j = 0; j < FS_NINDIRECT; j++)
		walk(w, ind[j], level - 1, first + j * span);
}

/* The fields besides the block pointers: 0 when the type is unknown, and
 * the inode's blocks are then not followed. */
static int check_fields(struct fsck *f, uint32_t inum, const struct fs_dinode *di)
{
	if (di->type != FS_T_DIR && di->type != FS_T_FILE && di->type != FS_T_DEV) {
		problem(f, "%s: bad type %u", iname(f, inum), di->type);
		return 0;
	}
	if (di->type == FS_T_DEV && di->major != FS_DEV_CONSOLE)
		problem(f, "%s: device with unknown major %u", iname(f, inum), di->major);
	if (di->type != FS_T_DEV && (di->major || di->minor))
		problem(f, "%s: major %u, minor %u, but not a device", iname(f, inum), di->major,
		        di->minor);
	if (di->type == FS_T_DIR && di->size % sizeof(struct fs_dirent) != 0)
		problem(f, "%s: directory size %llu is not a whole number of entries",
		        iname(f, inum), (unsigned long long)di->size);
	if (di->size > FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
		problem(f, "%s: size %llu larger than the largest file", iname(f, inum),
		        (unsigned long long)di->size);
	for (size_t i = 0; i < sizeof(di->reserved); i++) {
		if (di->reserved[i]) {
			problem(f, "%s: reserved bytes are not zero", iname(f, inum));
			break;
		}
	}
	return 1;
}

void check_inodes(struct fsck *f)
{
	if (f->inodes[0].type != FS_T_FREE)
		problem(f, "inode 0 is in use (type %u): it never should be", f->inodes[0].type);
	for (uint32_t inum = 1; inum < f->sb.ninodes; inum++) {
		const struct fs_dinode *di = &f->inodes[inum];
		if (di->type == FS_T_FREE)
			continue;
		f->inodes_used++;
		if (!check_fields(f, inum, di))
			continue;
		struct walk w = {f, inum, fs_size_blocks(di->size), 0};
		for (int i = 0; i < FS_NDIRECT; i++)
			walk(&w, di->addrs[i], 0, (uint64_t)i);
		walk(&w, di->addrs[FS_NDIRECT], 1, FS_NDIRECT);
		walk(&w, di->addrs[FS_NDIRECT + 1], 2, FS_NDIRECT + FS_NINDIRECT);
	}
}

enum map_state { MAP_OK, MAP_META_FREE, MAP_FREE_USED, MAP_USED_UNOWNED, MAP_PAST_END };

static const char *const map_what[] = {
    [MAP_META_FREE] = "in the metadata region but marked free",
    [MAP_FREE_USED] = "marked free but in use",
    [MAP_USED_UNOWNED] = "marked in use but owned by no inode",
    [MAP_PAST_END] = "marked in use but past the end of the file system",
};

static int map_bit(const struct fsck *f, uint64_t b)
{
	return f->map[b / 8] >> (b % 8) & 1;
}

static enum map_state map_state(const struct fsck *f, uint64_t b)
{
	int used = map_bit(f, b);
	if (b >= f->sb.size)
		return used ? MAP_PAST_END : MAP_OK;
	if (b < f->sb.datastart)
		return used ? MAP_OK : MAP_META_FREE;
	if (f->owner[b - f->sb.datastart])
		return used ? MAP_OK : MAP_FREE_USED;
	return used ? MAP_USED_UNOWNED : MAP_OK;
}

/* One line for a run of blocks in the same wrong state. */
static void report_run(struct fsck *f, enum map_state s, uint64_t first, uint64_t last)
{
	char owner[200] = "";
	if (s == MAP_FREE_USED)
		snprintf(owner, sizeof(owner), "%s by %s", first == last ? "" : ", the first",
		         iname(f, f->owner[first - f->sb.datastart]));
	if (first == last)
		problem(f, "free map: block %llu %s%s", (unsigned long long)first, map_what[s],
		        owner);
	else
		problem(f, "free map: blocks %llu-%llu %s%s", (unsigned long long)first,
		        (unsigned long long)last, map_what[s], owner);
}

/* The map must mark exactly the metadata and the owned blocks; the bits
 * past the end of the file system, in its last block, must be clear. */
void check_map(struct fsck *f)
{
	uint64_t end =
	    ((uint64_t)f->sb.size + FS_BITS_PER_BLOCK - 1) / FS_BITS_PER_BLOCK * FS_BITS_PER_BLOCK;
	for (uint64_t b = 0; b < f->sb.size; b++)
		f->blocks_used += (uint32_t)map_bit(f, b);
	for (uint64_t b = 0; b < end;) {
		enum map_state s = map_state(f, b);
		uint64_t first = b;
		while (++b < end && map_state(f, b) == s)
			;
		if (s != MAP_OK)
			report_run(f, s, first, b - 1);
	}
}
