/* The profiler's user side: the running-program record the guest publishes
 * is taken only when sound, and the file-system reader returns a file's
 * exact bytes (direct, indirect, double-indirect blocks and holes) and
 * refuses damaged superblocks, inodes and block numbers. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diskfmt.h"
#include "observe/fs_read.h"
#include "core/guest_mem.h"
#include "observe/profile_user.h"

#define RAM      (2u << 20)
#define REC      0x2000u /* where the test puts a struct vmm_prog */
#define PART_OFF 4096u   /* the file system starts one block into the file */
#define NBLOCKS  40u

static void publish(struct guest_mem *m, uint64_t va)
{
	memcpy(m->host + VMM_PROG_CURRENT, &va, sizeof(va));
}

static void test_prog_current(void)
{
	struct guest_mem m = {.host = calloc(1, RAM), .size = RAM};
	struct vmm_prog rec = {.inum = 7, .name = "a b;c"}, got;
	memcpy(m.host + REC, &rec, sizeof(rec));
	CHECK(!prog_current(&m, 0, &got)); /* nothing published yet */
	publish(&m, VMM_KERNEL_BASE + REC);
	CHECK(prog_current(&m, 0, &got) && got.inum == 7 && !strcmp(got.name, "a?b?c"));
	publish(&m, VMM_DIRECT_BASE + REC); /* not a kernel-image address */
	CHECK(!prog_current(&m, 0, &got));
	publish(&m, VMM_KERNEL_BASE + RAM - 8); /* runs past the end of RAM */
	CHECK(!prog_current(&m, 0, &got));
	publish(&m, ~0ull);
	CHECK(!prog_current(&m, 0, &got));
	publish(&m, VMM_KERNEL_BASE + REC);
	memset(m.host + REC + 8, 'x', VMM_PROG_NAME_MAX); /* no NUL */
	CHECK(!prog_current(&m, 0, &got));
	memset(m.host + REC + 8, 0, VMM_PROG_NAME_MAX); /* empty name */
	CHECK(!prog_current(&m, 0, &got));
	rec = (struct vmm_prog){.inum = 0, .name = "x"};
	memcpy(m.host + REC, &rec, sizeof(rec));
	CHECK(!prog_current(&m, 0, &got));
	struct guest_mem small = {.host = m.host, .size = VMM_PROG_CURRENT};
	CHECK(!prog_current(&small, 0, &got)); /* RAM ends before the word */
	/* CPU 1's word is the next one. */
	rec = (struct vmm_prog){.inum = 9, .name = "one"};
	memcpy(m.host + REC, &rec, sizeof(rec));
	uint64_t va = VMM_KERNEL_BASE + REC;
	memcpy(m.host + VMM_PROG_CURRENT + 8, &va, sizeof(va));
	publish(&m, 0);
	CHECK(!prog_current(&m, 0, &got));
	CHECK(prog_current(&m, 1, &got) && got.inum == 9 && !strcmp(got.name, "one"));
	CHECK(!prog_current(&m, VMM_CPUS_MAX, &got) || VMM_PROG_CURRENT + 8 * VMM_CPUS_MAX < RAM);
	free(m.host);
}

static uint8_t *image; /* the whole test file: a block of padding, then the fs */

static void *block(uint32_t b)
{
	return image + PART_OFF + (size_t)b * FS_BLOCK_SIZE;
}

/* Inode 0 is in block 4, where mkfs puts the table of this file system. */
static struct fs_dinode *inode(uint32_t inum)
{
	return (struct fs_dinode *)((uint8_t *)block(4) + inum * FS_INODE_SIZE);
}

/* The file system, as mkfs lays it out: the log in blocks 2-3, 64 inodes
 * in blocks 4-5, the free map in 6, data from 7 (the files from 10). */
static void build_fs(void)
{
	image = calloc(1, PART_OFF + NBLOCKS * FS_BLOCK_SIZE);
	CHECK(fs_super_layout(block(1), NBLOCKS, 64, 2) == 0 &&
	      ((struct fs_super *)block(1))->inodestart == 4);
	for (uint32_t b = 10; b < NBLOCKS; b++)
		memset(block(b), (int)b, FS_BLOCK_SIZE);
	/* 2: blocks 10, a hole, 11, and 100 bytes of block 12 through the
	 * single-indirect block 13. */
	struct fs_dinode *f = inode(2);
	*f = (struct fs_dinode){.type = FS_T_FILE, .nlink = 1, .size = 13 * FS_BLOCK_SIZE + 100};
	f->addrs[0] = 10;
	f->addrs[2] = 11;
	f->addrs[FS_NDIRECT] = 13;
	memset(block(13), 0, FS_BLOCK_SIZE);
	((uint32_t *)block(13))[0] = 12;
	/* 3: all holes but its last block, 14, behind double-indirect 15 -> 16. */
	f = inode(3);
	*f = (struct fs_dinode){.type = FS_T_FILE, .nlink = 1};
	f->size = (uint64_t)(FS_NDIRECT + FS_NINDIRECT + 1) * FS_BLOCK_SIZE + 10;
	f->addrs[FS_NDIRECT + 1] = 15;
	memset(block(15), 0, FS_BLOCK_SIZE);
	memset(block(16), 0, FS_BLOCK_SIZE);
	((uint32_t *)block(15))[0] = 16;
	((uint32_t *)block(16))[1] = 14;
	*inode(4) = (struct fs_dinode){.type = FS_T_DIR, .nlink = 2, .size = FS_BLOCK_SIZE};
	*inode(5) = (struct fs_dinode){.type = FS_T_FILE, .nlink = 1, .size = 10};
	inode(5)->addrs[0] = NBLOCKS; /* past the end */
	*inode(6) = (struct fs_dinode){.type = FS_T_FILE, .nlink = 1, .size = FS_READ_MAX + 1ull};
}

static int fd_of_image(void)
{
	char path[] = "/tmp/vmm-fsread-XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0) {
		unlink(path);
		if (write(fd, image, PART_OFF + NBLOCKS * FS_BLOCK_SIZE) < 0) {
			close(fd);
			fd = -1;
		}
	}
	return fd;
}

static int read_inode(int fd, uint32_t inum, uint8_t **out, size_t *len, const char **why)
{
	return fs_read_inode(fd, PART_OFF, NBLOCKS * FS_BLOCK_SIZE, inum, out, len, why);
}

static int all(const uint8_t *p, int v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void test_good_files(int fd)
{
	uint8_t *buf;
	size_t len;
	const char *why;
	CHECK(read_inode(fd, 2, &buf, &len, &why) == 0 && len == 13 * FS_BLOCK_SIZE + 100);
	if (len == 13 * FS_BLOCK_SIZE + 100) {
		CHECK(all(buf, 10, FS_BLOCK_SIZE) && all(buf + FS_BLOCK_SIZE, 0, FS_BLOCK_SIZE));
		CHECK(all(buf + 2 * FS_BLOCK_SIZE, 11, FS_BLOCK_SIZE));
		CHECK(all(buf + 12 * FS_BLOCK_SIZE, 12, 100));
		free(buf);
	}
	uint64_t last = (uint64_t)(FS_NDIRECT + FS_NINDIRECT + 1) * FS_BLOCK_SIZE;
	CHECK(read_inode(fd, 3, &buf, &len, &why) == 0 && len == last + 10);
	if (len == last + 10) {
		CHECK(all(buf, 0, last) && all(buf + last, 14, 10));
		free(buf);
	}
}

static void test_reader_refusals(int fd)
{
	uint8_t *buf;
	size_t len;
	const char *why = NULL;
	CHECK(read_inode(fd, 0, &buf, &len, &why) < 0 && !strcmp(why, "no such inode"));
	CHECK(read_inode(fd, 64, &buf, &len, &why) < 0 && !strcmp(why, "no such inode"));
	CHECK(read_inode(fd, 4, &buf, &len, &why) < 0 && !strcmp(why, "not a regular file"));
	CHECK(read_inode(fd, 5, &buf, &len, &why) < 0 && !strcmp(why, "a bad block number"));
	CHECK(read_inode(fd, 6, &buf, &len, &why) < 0 && !strcmp(why, "too large"));
	CHECK(fs_read_inode(fd, PART_OFF, 8 * FS_BLOCK_SIZE, 2, &buf, &len, &why) < 0 &&
	      !strcmp(why, "a damaged superblock")); /* bigger than its partition */
	CHECK(fs_read_inode(fd, 0, NBLOCKS * FS_BLOCK_SIZE, 2, &buf, &len, &why) < 0 &&
	      !strcmp(why, "no file system"));
	CHECK(fs_read_inode(-1, PART_OFF, NBLOCKS * FS_BLOCK_SIZE, 2, &buf, &len, &why) < 0);
}

void test_profile_user(void)
{
	char name[] = "ok\x01 \xff;";
	symbols_clean_name(name);
	CHECK(!strcmp(name, "ok????"));
	test_prog_current();
	build_fs();
	int fd = fd_of_image();
	CHECK(fd >= 0);
	if (fd >= 0) {
		test_good_files(fd);
		test_reader_refusals(fd);
		close(fd);
	}
	free(image);
}
