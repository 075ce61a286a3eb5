/*
 * The file system as a whole: mounting (the superblock, its checks, the
 * log's recovery), damage found on the disk (fs_error), and the free map.
 *
 * Blocks are allocated next-fit: the search starts where the last
 * allocation ended, so a file written sequentially gets consecutive
 * blocks, which its reads then fetch in few requests (bio.c). The map is
 * scanned 64 bits at a time.
 */
#include "block.h"
#include "buf.h"
#include "defs.h"
#include "fs.h"
#include "fsimpl.h"

struct fs_super sb;
static int mounted;
static int damaged;         /* fs_error has run: no more changes */
static int writable;        /* fs_writable: mounted, on a writable disk, no damage */
static uint32_t alloc_hint; /* where the search for a free block starts */

/*
 * A value read from the disk is impossible (see fsimpl.h): say so in one
 * line, "fs: " and the message, which names the inode or block. The call
 * that read it fails.
 *
 * The first damage found also makes the file system read-only until the
 * next boot: no log operation starts any more (begin_op fails, as on a
 * --readonly disk), while reads go on. Why: changes on a damaged disk
 * spread the damage. A block map that is wrong frees or overwrites blocks
 * of other files, a free map that is wrong hands one block to two files,
 * and the kernel cannot tell how far the damage reaches without reading
 * the whole disk, which is fsck's job. The operations under way when it is
 * found finish and commit: what they wrote is whole and the kernel's own.
 */
void fs_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vkprintln("fs: ", fmt, ap);
	va_end(ap);
	if (!damaged && !block_readonly())
		kprintf("fs: the disk is damaged: the file system is read-only until the next "
		        "boot (fsck names the damage)\n");
	damaged = 1;
	writable = 0;
}

/* Whether changes may start: a file system, on a writable disk, with no
 * damage found. A flag, since begin_op asks at every operation. */
int fs_writable(void)
{
	return writable;
}

/* What is wrong with sb on a disk of disk blocks, or 0. */
static const char *check_super(uint64_t disk)
{
	uint64_t inodeblocks =
	    ((uint64_t)sb.ninodes + FS_INODES_PER_BLOCK - 1) / FS_INODES_PER_BLOCK;
	uint64_t mapblocks = ((uint64_t)sb.size + FS_BITS_PER_BLOCK - 1) / FS_BITS_PER_BLOCK;

	if (sb.magic != FS_MAGIC)
		return "bad magic number";
	if (sb.version != FS_VERSION)
		return "unknown version";
	if (sb.size > disk)
		return "larger than the disk";
	if (sb.logstart <= FS_SUPER_BLOCK || sb.nlog < 2 || sb.nlog - 1 > FS_LOG_MAX ||
	    (uint64_t)sb.logstart + sb.nlog > sb.inodestart)
		return "bad log area";
	if (sb.ninodes <= FS_ROOT_INO || sb.inodestart + inodeblocks > sb.bmapstart)
		return "bad inode area";
	if (sb.bmapstart + mapblocks > sb.datastart)
		return "bad free map";
	if (sb.datastart >= sb.size || sb.nblocks != sb.size - sb.datastart)
		return "bad data area";
	return 0;
}

/* The root inode's type, read from the disk (no process exists to lock
 * it). */
static uint16_t root_type(void)
{
	struct buf *b = bread(sb.inodestart + FS_ROOT_INO / FS_INODES_PER_BLOCK);
	uint16_t type = ((struct fs_dinode *)b->data)[FS_ROOT_INO % FS_INODES_PER_BLOCK].type;

	brelse(b);
	return type;
}

/* Mount the file system on the block device; see fs.h. */
int fs_init(void)
{
	const char *why;
	struct buf *b;
	int orphans;

	if (block_init() < 0) {
		kprintf("fs: no block device\n");
		return -1;
	}
	if (block_size() <= FS_SUPER_BLOCK) {
		kprintf("fs: the disk is too small for a file system\n");
		return -1;
	}
	binit();
	b = bread(FS_SUPER_BLOCK);
	sb = *(struct fs_super *)b->data;
	brelse(b);
	if ((why = check_super(block_size()))) {
		kprintf("fs: bad superblock: %s\n", why);
		return -1;
	}
	if (log_init(&orphans) < 0)
		return -1;
	if (root_type() != FS_T_DIR) {
		kprintf("fs: the root inode is not a directory\n");
		return -1;
	}
	alloc_hint = sb.datastart;
	mounted = 1;
	writable = !damaged && !block_readonly();
	if (orphans && fs_writable())
		ifree_orphans();
	return 0;
}

int fs_mounted(void)
{
	return mounted;
}

int fs_readonly(void)
{
	return !fs_writable();
}

/*
 * The free-map block balloc looked at last, pinned in the cache so that
 * allocating a block costs no bread. balloc runs without sleeping from
 * map_words() on, so no one else changes the block meanwhile (one CPU).
 */
static struct {
	uint32_t blockno;
	struct buf *b;
} map;

static uint64_t *map_words(uint32_t blockno)
{
	struct buf *b;

	if (map.blockno != blockno || !map.b) {
		b = bread_pinned(blockno);
		if (map.b)
			bunpin(map.b);
		map.blockno = blockno;
		map.b = b;
	}
	return (uint64_t *)map.b->data;
}

/* Find a free block in [from, to), mark it in use; 0 if there is none. */
static uint32_t scan(uint32_t from, uint32_t to)
{
	while (from < to) {
		uint32_t base = from & ~(uint32_t)(FS_BITS_PER_BLOCK - 1);
		uint32_t end = to - base > FS_BITS_PER_BLOCK ? base + FS_BITS_PER_BLOCK : to;
		uint32_t i = (from - base) / 64, last = (end - base - 1) / 64;
		uint64_t *w = map_words(sb.bmapstart + base / FS_BITS_PER_BLOCK);
		uint64_t free = ~w[i] & (~0ull << (from & 63));

		for (;;) {
			if (free) {
				uint32_t bn = base + i * 64 + __builtin_ctzll(free);

				if (bn >= end)
					break;
				w[i] |= 1ull << (bn & 63);
				log_write(map.b);
				return bn;
			}
			if (++i > last)
				break;
			free = ~w[i];
		}
		from = end;
	}
	return 0;
}

/* Up to want free blocks in a row, now marked in use: the first, and how
 * many in *got; 0 if the disk is full. Inside an operation. */
uint32_t balloc_run(uint32_t want, uint32_t *got)
{
	uint32_t bn, n, bit, k;
	uint64_t *w, free;

	if (!(bn = scan(alloc_hint, sb.size)) && !(bn = scan(sb.datastart, alloc_hint)))
		return 0;
	/* scan left map at bn's map block: take the free blocks after it, a
	 * word at a time. */
	for (n = 1; n < want && bn + n < sb.size; n += k) {
		bit = (bn + n) & (FS_BITS_PER_BLOCK - 1);
		if (bit == 0)
			break;
		w = (uint64_t *)map.b->data + bit / 64;
		free = ~*w >> (bit & 63); /* bit 0: block bn + n */
		k = free == ~0ull ? 64 : __builtin_ctzll(~free);
		k = k < 64 - (bit & 63) ? k : 64 - (bit & 63);
		k = k < want - n ? k : want - n;
		k = k < sb.size - bn - n ? k : sb.size - bn - n;
		if (k == 0)
			break;
		*w |= (k == 64 ? ~0ull : (1ull << k) - 1) << (bit & 63);
	}
	alloc_hint = bn + n < sb.size ? bn + n : sb.datastart;
	*got = n;
	return bn;
}

/* A free block, now marked in use, or 0 if the disk is full. Inside an
 * operation. */
uint32_t balloc(void)
{
	uint32_t got;

	return balloc_run(1, &got);
}

/* Mark the n blocks from start on free. Inside an operation. A block
 * already free (two files held it, or the map is wrong) stays free, and is
 * damage. */
void bfree_run(uint32_t start, uint32_t n)
{
	int told = 0;

	if (start < sb.datastart || start >= sb.size || n > sb.size - start) {
		fs_error("blocks %u..%u freed, outside the data area [%u, %u)", start,
		         start + n - 1, sb.datastart, sb.size);
		return;
	}
	while (n > 0) {
		uint32_t bit = start & (FS_BITS_PER_BLOCK - 1);
		uint32_t k = FS_BITS_PER_BLOCK - bit < n ? FS_BITS_PER_BLOCK - bit : n;
		uint32_t end = bit + k;
		struct buf *b = bread(sb.bmapstart + start / FS_BITS_PER_BLOCK);
		uint64_t *w = (uint64_t *)b->data;

		while (bit < end) {
			uint32_t lo = bit & 63, cnt = 64 - lo < end - bit ? 64 - lo : end - bit;
			uint64_t mask = (cnt == 64 ? ~0ull : (1ull << cnt) - 1) << lo;

			if ((w[bit / 64] & mask) != mask && !told++)
				fs_error("block %u freed, but the free map has it free already",
				         start - (start & (FS_BITS_PER_BLOCK - 1)) + bit +
				             __builtin_ctzll(~w[bit / 64] & mask) - lo);
			w[bit / 64] &= ~mask;
			bit += cnt;
		}
		log_write(b);
		brelse(b);
		start += k;
		n -= k;
	}
}
