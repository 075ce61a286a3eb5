/* The disk format library (disk/format/): the partition table, the
 * superblock and the block map, on disks built in memory. Each refusal is
 * checked by its message, so that a check that passes for the wrong
 * reason fails here. */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "diskfmt.h"

/* Whether err holds exactly one problem, whose line contains want. */
static int said(const struct fmt_err *err, const char *want)
{
	return err->count == 1 && strstr(err->msg, want) != NULL;
}

/* mbr_parse of a table holding partitions 1 and 2 as given, in 8 MiB. */
static int parse2(uint32_t lba1, uint32_t n1, uint32_t lba2, uint32_t n2, struct fmt_err *err)
{
	uint8_t mbr[IMAGE_SECTOR];
	struct partition p[4];
	mbr_init(mbr, 0);
	CHECK(mbr_put(mbr, 0, IMAGE_TYPE_KERNEL, lba1, n1, err) == 0);
	CHECK(mbr_put(mbr, 1, IMAGE_TYPE_FS, lba2, n2, err) == 0);
	return mbr_parse(mbr, 8ull << 20, p, err);
}

static void test_mbr_refusals(void)
{
	struct fmt_err err = {0};
	CHECK(parse2(2048, 20000, 0, 0, &err) < 0 && said(&err, "partition 1 ends past the end"));
	err = (struct fmt_err){0};
	CHECK(parse2(2048, 100, 0xffffffff, 0xffffffff, &err) < 0 && /* no overflow */
	      said(&err, "partition 2 ends past the end of the image (4398046510080 >"));
	err = (struct fmt_err){0};
	CHECK(parse2(2048, 4000, 4000, 100, &err) < 0 && said(&err, "partitions 1 and 2 overlap"));
	err = (struct fmt_err){0};
	CHECK(parse2(0, 100, 0, 0, &err) < 0 && said(&err, "partition 1 overlaps the partition"));

	uint8_t mbr[IMAGE_SECTOR];
	struct partition p[4];
	mbr_init(mbr, 0);
	err = (struct fmt_err){0};
	CHECK(mbr_put(mbr, 2, IMAGE_TYPE_GPT, 1, 100, &err) == 0);
	CHECK(mbr_parse(mbr, 1 << 20, p, &err) < 0 && said(&err, "GPT disks are not supported"));
	mbr_init(mbr, 0);
	err = (struct fmt_err){0};
	CHECK(mbr_put(mbr, 3, IMAGE_TYPE_KERNEL, 1, 100, &err) == 0);
	mbr[IMAGE_MBR_ENTRIES + 3 * 16] = 0x12; /* status neither 0 nor 0x80 */
	CHECK(mbr_parse(mbr, 1 << 20, p, &err) < 0 && said(&err, "partition 4: bad status byte"));
	mbr[IMAGE_MBR_SIG_OFF + 1] = 0;
	err = (struct fmt_err){0};
	CHECK(!mbr_signed(mbr) && mbr_parse(mbr, 1 << 20, p, &err) < 0 &&
	      said(&err, "no MBR signature"));
}

static void test_mbr(void)
{
	uint8_t mbr[IMAGE_SECTOR];
	struct partition p[4];
	struct fmt_err err = {0};
	mbr_init(mbr, 0x12345678);
	CHECK(mbr_signed(mbr) && mbr_parse(mbr, 0, p, &err) == 0 && p[0].size == 0);
	CHECK(mbr_put(mbr, 0, IMAGE_TYPE_KERNEL, 2048, 1000, &err) == 0);
	CHECK(mbr_put(mbr, 1, IMAGE_TYPE_FS, 4096, 8192, &err) == 0);
	CHECK(mbr_parse(mbr, 8ull << 20, p, &err) == 0 && err.count == 0);
	CHECK(p[0].offset == 2048 * 512ull && p[0].size == 1000 * 512ull &&
	      p[0].type == IMAGE_TYPE_KERNEL);
	CHECK(p[1].offset == 4096 * 512ull && p[1].type == IMAGE_TYPE_FS && p[2].size == 0);
	CHECK(mbr[0x1B8] == 0x78 && mbr[IMAGE_MBR_ENTRIES + 4] == IMAGE_TYPE_KERNEL);

	/* What an MBR cannot hold is refused, the table left as it was. */
	uint8_t before[IMAGE_SECTOR];
	memcpy(before, mbr, sizeof(mbr));
	CHECK(mbr_put(mbr, 4, IMAGE_TYPE_FS, 1, 1, &err) < 0 && said(&err, "no partition entry 5"));
	CHECK(mbr_put(mbr, 2, IMAGE_TYPE_FS, 1ull << 32, 1, &err) < 0 && err.count == 2);
	CHECK(mbr_put(mbr, 2, IMAGE_TYPE_FS, 1, 1ull << 32, &err) < 0 && err.count == 3);
	CHECK(strstr(err.msg, "entry 5") && memcmp(before, mbr, sizeof(mbr)) == 0);
	err = (struct fmt_err){0};
	CHECK(mbr_put(mbr, 1, IMAGE_TYPE_FS, 1, 1ull << 32, &err) < 0 &&
	      said(&err, "partition 2 (4294967296 sectors from sector 1) does not fit an MBR"));
	test_mbr_refusals();
}

/* A report that counts the lines it is given. */
static void count_line(void *ctx, const char *line)
{
	(void)line;
	++*(int *)ctx;
}

/* fs_super_check of sb with one field changed: whether the first problem
 * reported names want (one bad field may put others out of order). */
static int super_refuses(const struct fs_super *good, size_t field, uint32_t value,
                         const char *want)
{
	struct fs_super sb = *good;
	struct fmt_err err = {0};
	memcpy((uint8_t *)&sb + field, &value, sizeof(value));
	return fs_super_check(&sb, 64 * FS_BLOCK_SIZE, &err) >= 1 && strstr(err.msg, want);
}

#define FIELD(f) offsetof(struct fs_super, f)

static void test_super(void)
{
	struct fs_super sb;
	struct fmt_err err = {0};
	/* 64 blocks: log 2-3, inodes 4-5, map 6, data from 7. */
	CHECK(fs_super_layout(&sb, 64, 64, 2) == 0);
	CHECK(sb.logstart == 2 && sb.inodestart == 4 && sb.bmapstart == 6 && sb.datastart == 7);
	CHECK(sb.nblocks == 57 && fs_super_check(&sb, 64 * FS_BLOCK_SIZE, &err) == 0);
	CHECK(fs_super_layout(&sb, 1 << 28, 1 << 24, FS_LOG_MAX + 1) == 0);
	CHECK(fs_super_check(&sb, (uint64_t)sb.size * FS_BLOCK_SIZE, &err) == 0 && !err.count);
	CHECK(fs_super_layout(&sb, 8, 64, 2) == 0 && sb.nblocks == 1);
	CHECK(fs_super_layout(&sb, 7, 64, 2) < 0 && sb.datastart == 7); /* no data block */

	struct fs_super good;
	fs_super_layout(&good, 64, 64, 2);
	CHECK(super_refuses(&good, FIELD(magic), 0, "bad superblock magic 0x00000000"));
	CHECK(super_refuses(&good, FIELD(version), 2, "version 2, want 1"));
	CHECK(super_refuses(&good, FIELD(ninodes), 1, "1 inodes, too few for a root"));
	CHECK(super_refuses(&good, FIELD(nlog), FS_LOG_MAX + 2, "nlog 1023, want 2 to 1022"));
	CHECK(super_refuses(&good, FIELD(logstart), 1, "log at block 1, over the superblock"));
	CHECK(super_refuses(&good, FIELD(inodestart), 3, "inodes at block 3, inside the log"));
	CHECK(super_refuses(&good, FIELD(bmapstart), 5, "free map at block 5, inside the inodes"));
	CHECK(super_refuses(&good, FIELD(datastart), 6, "data at block 6, inside the free map"));
	CHECK(super_refuses(&good, FIELD(nblocks), 58, "nblocks 58, but size 64 - datastart 7"));
	/* No sum of fields wraps around to look in order. */
	CHECK(super_refuses(&good, FIELD(nlog), 0xffffffff, "nlog 4294967295"));
	CHECK(
	    super_refuses(&good, FIELD(logstart), 0xffffffff, "inodes at block 4, inside the log"));
	CHECK(
	    super_refuses(&good, FIELD(bmapstart), 0xffffffff, "data at block 7, inside the free"));

	/* Too large for its bytes; every problem reported, the first kept. */
	int lines = 0;
	err = (struct fmt_err){.report = count_line, .ctx = &lines};
	sb = good;
	sb.size = 65;
	sb.nlog = 0;
	CHECK(fs_super_check(&sb, 64 * FS_BLOCK_SIZE, &err) == 3 && lines == 3);
	CHECK(strstr(err.msg, "size 65 blocks, but the image holds only 64") != NULL);
	CHECK(fs_super_check(&good, 0, &err) == 1 && lines == 4); /* bytes 0 */
	sb.magic = 1;                                             /* the count is this call's */
	CHECK(fs_super_check(&sb, 64 * FS_BLOCK_SIZE, &err) == 1 && lines == 5 && err.count == 5);
}

/* A file system in memory for the block map: 64 blocks, data from 7. */
static uint32_t disk[64][FS_NINDIRECT];
static int reads;
static uint32_t failing; /* the block whose read fails */

static int read_mem(void *ctx, uint32_t b, void *buf, struct fmt_err *err)
{
	(void)ctx;
	CHECK(b < 64);
	reads++;
	if (b == failing) {
		memset(buf, 0xff, FS_BLOCK_SIZE); /* a failed read may leave anything */
		return fmt_fail(err, "cannot read block %u", b);
	}
	memcpy(buf, disk[b % 64], FS_BLOCK_SIZE);
	return 0;
}

/* fs_bmap of block k: the block, or -1 when refused (err then holds one
 * more problem). */
static int64_t lookup(struct fs_bmap *m, const struct fs_dinode *di, uint64_t k)
{
	struct fmt_err err = {0};
	uint32_t b = 99;
	if (fs_bmap(m, di, k, &b, &err) < 0) {
		CHECK(b == 0 && err.count == 1);
		return -1;
	}
	CHECK(err.count == 0);
	return b;
}

/* Direct blocks 10 and a hole; single-indirect 20 holding 21, 63 and 64
 * (outside); double-indirect 30 holding 31 (which holds 32 at 3), 5
 * (metadata) and a hole. */
static void make_file(struct fs_dinode *di)
{
	memset(disk, 0, sizeof(disk));
	*di = (struct fs_dinode){.type = FS_T_FILE, .addrs = {10}};
	di->addrs[FS_NDIRECT] = 20;
	disk[20][0] = 21, disk[20][5] = 63, disk[20][6] = 64;
	di->addrs[FS_NDIRECT + 1] = 30;
	disk[30][0] = 31, disk[30][1] = 5;
	disk[31][3] = 32;
}

static void test_bmap_refusals(struct fs_bmap *m, struct fs_dinode *di)
{
	const uint64_t dbl = FS_NDIRECT + FS_NINDIRECT;
	CHECK(lookup(m, di, FS_NDIRECT + 6) == -1);     /* an entry outside */
	CHECK(lookup(m, di, dbl + FS_NINDIRECT) == -1); /* a single-indirect in metadata */
	CHECK(lookup(m, di, FS_MAX_FILE_BLOCKS) == -1); /* past the largest file */
	di->addrs[1] = 64;
	CHECK(lookup(m, di, 1) == -1); /* a direct pointer outside */
	di->addrs[FS_NDIRECT] = 6;
	CHECK(lookup(m, di, FS_NDIRECT) == -1); /* the indirect block in the free map */
	di->addrs[FS_NDIRECT + 1] = 0xffffffff;
	CHECK(lookup(m, di, dbl) == -1);

	struct fmt_err err = {0};
	uint32_t b;
	CHECK(fs_bmap(m, di, FS_MAX_FILE_BLOCKS, &b, &err) < 0 &&
	      said(&err, "file block 1049612 past the largest file"));
	err = (struct fmt_err){0};
	CHECK(fs_bmap(m, di, FS_NDIRECT, &b, &err) < 0 &&
	      said(&err, "block pointer 6 outside the data region [7, 64)"));
	di->addrs[FS_NDIRECT] = 20;
	di->addrs[FS_NDIRECT + 1] = 30;
	CHECK(lookup(m, di, dbl + 3) == 32); /* 31 kept at level 0 */
	failing = 20;
	reads = 0;
	err = (struct fmt_err){0};
	CHECK(fs_bmap(m, di, FS_NDIRECT, &b, &err) < 0 && said(&err, "cannot read block 20"));
	failing = 0;
	CHECK(lookup(m, di, dbl + 3) == 32 && reads == 2); /* the failed read kept nothing */
}

static void test_bmap(void)
{
	struct fs_super sb;
	struct fs_dinode di;
	struct fs_bmap m;
	fs_super_layout(&sb, 64, 64, 2);
	make_file(&di);
	fs_bmap_init(&m, &sb, read_mem, NULL);
	const uint64_t dbl = FS_NDIRECT + FS_NINDIRECT;
	reads = 0;
	CHECK(lookup(&m, &di, 0) == 10 && lookup(&m, &di, 1) == 0 && reads == 0);
	CHECK(lookup(&m, &di, FS_NDIRECT) == 21 && lookup(&m, &di, FS_NDIRECT + 5) == 63);
	CHECK(lookup(&m, &di, FS_NDIRECT + 1) == 0 && reads == 1); /* 20, read once */
	CHECK(lookup(&m, &di, dbl + 3) == 32 && lookup(&m, &di, dbl + 2) == 0 && reads == 3);
	CHECK(lookup(&m, &di, dbl + 2 * FS_NINDIRECT) == 0); /* a hole in 30 */
	CHECK(lookup(&m, &di, dbl + 4) == 0 && reads == 3);  /* 30 and 31 kept */
	test_bmap_refusals(&m, &di);

	CHECK(fs_bmap_index_blocks(0) == 0 && fs_bmap_index_blocks(FS_NDIRECT) == 0);
	CHECK(fs_bmap_index_blocks(FS_NDIRECT + 1) == 1 && fs_bmap_index_blocks(dbl) == 1);
	CHECK(fs_bmap_index_blocks(dbl + 1) == 3);
	CHECK(fs_bmap_index_blocks(FS_MAX_FILE_BLOCKS) == 2 + FS_NINDIRECT);
}

void test_diskfmt(void)
{
	test_mbr();
	test_super();
	test_bmap();
}
