/* Fuzz target: opening an image (monitor/core/image.c) and the partition
 * table parser it uses (disk/format/mbr.c). mbr_parse reads the input's
 * first sector as the table of an image of the header's size (any size, as
 * a huge sparse file could have); then the input is written to a temporary
 * file and image_open opens it, as ./vmm does: bare ELF or MBR disk, lock,
 * kernel partition read into memory.
 *
 * Checked when either accepts: every partition lies past the table and
 * inside the file, and none overlaps another; a refusal says why in one
 * line; image_open's kernel is exactly partition 1's bytes (present, of
 * the kernel type), or the whole file for a bare ELF. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "diskfmt.h"
#include "fuzz.h"
#include "core/image.h"

static int fd;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fd = fuzz_temp_file("fuzz-image", 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

static void check_table(const struct partition *p, uint64_t file_size)
{
	for (int i = 0; i < 4; i++) {
		if (p[i].size == 0)
			continue;
		FUZZ_CHECK(p[i].offset >= IMAGE_SECTOR && p[i].offset <= file_size &&
		           p[i].size <= file_size - p[i].offset);
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(p[j].size == 0 || p[j].offset + p[j].size <= p[i].offset ||
			           p[i].offset + p[i].size <= p[j].offset);
	}
}

static void check_open(const uint8_t *file, size_t size, int readonly)
{
	struct image img;
	FUZZ_CHECK(ftruncate(fd, 0) == 0);
	FUZZ_CHECK(size == 0 || pwrite(fd, file, size, 0) == (ssize_t)size);
	if (image_open(&img, path, readonly) == 0) {
		const struct partition *k = &img.part[IMAGE_PART_KERNEL];
		FUZZ_CHECK(img.file_size == size);
		if (img.is_disk) {
			check_table(img.part, size);
			FUZZ_CHECK(k->size > 0 && k->type == IMAGE_TYPE_KERNEL);
		} else {
			FUZZ_CHECK(k->offset == 0 && k->size == size && !image_has_fs(&img));
		}
		FUZZ_CHECK(img.kernel_size == k->size &&
		           memcmp(img.kernel, file + k->offset, k->size) == 0);
	}
	image_close(&img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_image_header h;
	fuzz_take(&in, &h, sizeof(h));
	const uint8_t *file = in.data;
	size_t file_size = in.size;
	uint8_t sector[IMAGE_SECTOR];
	struct partition part[4];
	struct fmt_err err = {0};
	fuzz_take(&in, sector, sizeof(sector));
	if (mbr_parse(sector, h.file_size, part, &err) == 0)
		check_table(part, h.file_size);
	else
		FUZZ_CHECK(err.count == 1 && err.msg[0] != '\0' && !strchr(err.msg, '\n'));
	check_open(file, file_size, h.readonly & 1);
	return 0;
}
