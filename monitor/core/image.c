/* Disk images and bare kernels. The partition table is checked before any
 * of it is used (disk/format/mbr.c): entries inside the file, past the
 * table, not overlapping; partition 1 must hold a kernel. */
#include "core/image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

static const uint8_t elf_magic[4] = {0x7f, 'E', 'L', 'F'};

static int read_exact(const char *path, int fd, void *buf, uint64_t len, uint64_t off)
{
	uint8_t *p = buf;
	while (len > 0) {
		ssize_t n = pread(fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail_errno("%s: read error", path);
		if (n == 0)
			return fail("%s: unexpected end of file", path);
		p += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* Decides between a bare ELF and an MBR disk from the first sector. */
static int find_kernel(struct image *img, const char *path)
{
	uint8_t sector[IMAGE_SECTOR] = {0};
	uint64_t head = img->file_size < sizeof(sector) ? img->file_size : sizeof(sector);
	if (read_exact(path, img->fd, sector, head, 0) < 0)
		return -1;
	if (head >= 4 && memcmp(sector, elf_magic, 4) == 0) {
		img->is_disk = 0;
		img->part[0] = (struct partition){.offset = 0, .size = img->file_size};
		return 0;
	}
	if (head < sizeof(sector) || !mbr_signed(sector))
		return fail("%s: not a kernel ELF or a disk image", path);
	img->is_disk = 1;
	struct fmt_err err = {0};
	if (mbr_parse(sector, img->file_size, img->part, &err) < 0)
		return fail("%s: %s", path, err.msg);
	if (img->part[IMAGE_PART_KERNEL].size == 0)
		return fail("%s: partition 1 (the kernel) is missing", path);
	if (img->part[IMAGE_PART_KERNEL].type != IMAGE_TYPE_KERNEL)
		return fail("%s: partition 1 has type 0x%02x, not a kernel (0x%02x)", path,
		            img->part[IMAGE_PART_KERNEL].type, IMAGE_TYPE_KERNEL);
	return 0;
}

/* A regular file, or a block device holding the same bytes (a disk given to
 * the machine the monitor runs in: scripts/hwkvm hands images to ./vmm that
 * way), whose size only the device knows. */
static int open_image_file(struct image *img, const char *path)
{
	img->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (img->fd < 0)
		return fail_errno("%s", path);
	struct stat st;
	if (fstat(img->fd, &st) < 0)
		return fail_errno("%s", path);
	if (S_ISDIR(st.st_mode))
		return fail("%s: is a directory", path);
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(img->fd, BLKGETSIZE64, &img->file_size) < 0)
			return fail_errno("%s: cannot read the device's size", path);
	} else if (S_ISREG(st.st_mode)) {
		img->file_size = (uint64_t)st.st_size;
	} else {
		return fail("%s: not a regular file or a block device", path);
	}
	if (img->file_size == 0)
		return fail("%s: empty file", path);
	return 0;
}

bool image_has_fs(const struct image *img)
{
	return img->is_disk && img->part[IMAGE_PART_FS].size > 0 &&
	       img->part[IMAGE_PART_FS].type == IMAGE_TYPE_FS;
}

/* Reopens the image for writing, making sure it is still the same file. */
static int reopen_rw(struct image *img, const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
		return fail("%s: %s (--readonly boots it without writing)", path, strerror(errno));
	if (fd < 0)
		return fail_errno("%s", path);
	struct stat a, b;
	if (fstat(img->fd, &a) < 0 || fstat(fd, &b) < 0 || a.st_dev != b.st_dev ||
	    a.st_ino != b.st_ino) {
		close(fd);
		return fail("%s: changed while being opened", path);
	}
	close(img->fd);
	img->fd = fd;
	return 0;
}

/* One monitor writes a disk at a time: the guest's file system in it is
 * not meant to be shared. */
static int lock_disk(struct image *img, const char *path, bool readonly)
{
	if (flock(img->fd, (readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK)
		return fail("%s: in use by another vmm%s", path,
		            readonly ? "" : " (--readonly can share it with other readers)");
	return fail_errno("%s: cannot lock", path);
}

int image_open(struct image *img, const char *path, bool readonly)
{
	*img = (struct image){.fd = -1, .readonly = readonly};
	if (open_image_file(img, path) < 0 || find_kernel(img, path) < 0)
		return -1;
	if (image_has_fs(img) &&
	    ((!readonly && reopen_rw(img, path) < 0) || lock_disk(img, path, readonly) < 0))
		return -1;
	const struct partition *k = &img->part[IMAGE_PART_KERNEL];
	if (k->size > IMAGE_KERNEL_MAX)
		return fail("%s: kernel partition larger than %u MiB", path,
		            IMAGE_KERNEL_MAX >> 20);
	img->kernel = malloc(k->size);
	if (!img->kernel)
		return fail("out of memory reading the kernel");
	img->kernel_size = k->size;
	return read_exact(path, img->fd, img->kernel, k->size, k->offset);
}

void image_close(struct image *img)
{
	free(img->kernel);
	img->kernel = NULL;
	if (img->fd >= 0)
		close(img->fd);
	img->fd = -1;
}
