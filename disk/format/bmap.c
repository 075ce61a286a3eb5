/* Files' block maps: which block of the file system holds each block of a
 * file (direct, single- and double-indirect, as fs_format.h says). fsck
 * and the monitor's reader look blocks up here; mkfs asks how many
 * indirect blocks a file takes. The kernel's own map (guest/bmap.c) also
 * allocates, through its buffer cache: see diskfmt.h. */
#include "diskfmt.h"

void fs_bmap_init(struct fs_bmap *m, const struct fs_super *sb, fs_read_fn *read, void *ctx)
{
	*m = (struct fs_bmap){.sb = sb, .read = read, .ctx = ctx};
}

static int outside(const struct fs_bmap *m, uint32_t b, struct fmt_err *err)
{
	return fmt_fail(err, "block pointer %u outside the data region [%u, %u)", b,
	                m->sb->datastart, m->sb->size);
}

/* Entry idx of indirect block b into *out: 0 when b is a hole. Level 0
 * holds blocks whose entries are data blocks, level 1 a double-indirect
 * block, whose entries are single-indirect blocks. */
static int entry(struct fs_bmap *m, int level, uint32_t b, uint64_t idx, uint32_t *out,
                 struct fmt_err *err)
{
	*out = 0;
	if (b == 0)
		return 0;
	if (!fs_in_data(m->sb, b))
		return outside(m, b, err);
	if (m->cached[level] != b) {
		m->cached[level] = 0; /* a failed read leaves nothing cached */
		if (m->read(m->ctx, b, m->ind[level], err) < 0)
			return -1;
		m->cached[level] = b;
	}
	*out = m->ind[level][idx];
	return 0;
}

int fs_bmap(struct fs_bmap *m, const struct fs_dinode *di, uint64_t k, uint32_t *b,
            struct fmt_err *err)
{
	uint64_t i = k;
	uint32_t mid;
	*b = 0;
	if (i < FS_NDIRECT) {
		*b = di->addrs[i];
	} else if ((i -= FS_NDIRECT) < FS_NINDIRECT) {
		if (entry(m, 0, di->addrs[FS_NDIRECT], i, b, err) < 0)
			return -1;
	} else if ((i -= FS_NINDIRECT) < (uint64_t)FS_NINDIRECT * FS_NINDIRECT) {
		if (entry(m, 1, di->addrs[FS_NDIRECT + 1], i / FS_NINDIRECT, &mid, err) < 0 ||
		    entry(m, 0, mid, i % FS_NINDIRECT, b, err) < 0)
			return -1;
	} else {
		return fmt_fail(err, "file block %llu past the largest file (%llu blocks)",
		                (unsigned long long)k, (unsigned long long)FS_MAX_FILE_BLOCKS);
	}
	if (*b != 0 && !fs_in_data(m->sb, *b)) {
		int r = outside(m, *b, err);
		*b = 0;
		return r;
	}
	return 0;
}

uint64_t fs_bmap_index_blocks(uint64_t nblocks)
{
	if (nblocks <= FS_NDIRECT)
		return 0;
	nblocks -= FS_NDIRECT;
	if (nblocks <= FS_NINDIRECT)
		return 1;
	nblocks -= FS_NINDIRECT;
	return 2 + fs_div_up(nblocks, FS_NINDIRECT);
}
