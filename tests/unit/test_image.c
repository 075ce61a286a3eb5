/* Opening an image (monitor/core/image.c): a bare kernel ELF, or a disk
 * whose table (checked by disk/format/mbr.c, tested in test_diskfmt.c)
 * has a kernel in partition 1. Files of 4 sectors: the table, partition 1,
 * partition 2. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/image.h"

static uint8_t file[4 * IMAGE_SECTOR];

/* The table: partitions 1 and 2 as given (type 0: absent). */
static void make_disk(uint8_t type1, uint8_t type2)
{
	struct fmt_err err = {0};
	memset(file, 0, sizeof(file));
	mbr_init(file, 1);
	memcpy(file + IMAGE_SECTOR,
	       "\x7f"
	       "ELF kernel",
	       10);
	if (type1)
		mbr_put(file, IMAGE_PART_KERNEL, type1, 1, 1, &err);
	if (type2)
		mbr_put(file, IMAGE_PART_FS, type2, 2, 2, &err);
	CHECK(err.count == 0);
}

/* image_open of the first len bytes of file: its result, img left open
 * on success for the caller to look at and close. */
static int open_file(struct image *img, size_t len)
{
	char path[] = "/tmp/vmm-image-XXXXXX";
	int fd = mkstemp(path), r = -1;
	*img = (struct image){.fd = -1};
	if (fd >= 0 && write(fd, file, len) == (ssize_t)len)
		r = image_open(img, path, true);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	if (r < 0)
		image_close(img);
	return r;
}

void test_image(void)
{
	struct image img;
	make_disk(IMAGE_TYPE_KERNEL, IMAGE_TYPE_FS);
	CHECK(open_file(&img, sizeof(file)) == 0);
	CHECK(img.is_disk && image_has_fs(&img) && img.part[IMAGE_PART_FS].offset == 1024);
	CHECK(img.kernel_size == IMAGE_SECTOR && !memcmp(img.kernel, file + IMAGE_SECTOR, 10));
	image_close(&img);

	make_disk(IMAGE_TYPE_KERNEL, 0);
	CHECK(open_file(&img, sizeof(file)) == 0 && !image_has_fs(&img));
	image_close(&img);
	CHECK(open_file(&img, IMAGE_SECTOR + 100) < 0); /* partition 1 past the end */

	make_disk(0, IMAGE_TYPE_FS);
	CHECK(open_file(&img, sizeof(file)) < 0); /* no kernel partition */
	make_disk(IMAGE_TYPE_FS, 0);
	CHECK(open_file(&img, sizeof(file)) < 0); /* partition 1 not a kernel */
	make_disk(IMAGE_TYPE_KERNEL, IMAGE_TYPE_FS);
	file[IMAGE_MBR_SIG_OFF] = 0;
	CHECK(open_file(&img, sizeof(file)) < 0); /* not a disk, not an ELF */

	memcpy(file,
	       "\x7f"
	       "ELF",
	       4); /* a bare kernel: the whole file */
	CHECK(open_file(&img, 300) == 0);
	CHECK(!img.is_disk && !image_has_fs(&img) && img.kernel_size == 300);
	image_close(&img);
}
