/* fsget: copies one file out of a guest image's file system to stdout.
 * Usage: fsget IMAGE PATH   (for example: fsget guest.img /bin/ls > ls)
 *
 * For gdb (scripts/vmm-gdb.py loads a user program's symbols from the
 * very executable the guest runs). It takes no lock: the monitor may be
 * running on the image, and a file the guest is writing may read torn.
 * Errors are one line on stderr, exit status 1; usage, 2. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk_image.h"
#include "diskfmt.h"
#include "observe/fs_read.h"

static int fail(const char *what, const char *why)
{
	fprintf(stderr, "fsget: %s: %s\n", what, why);
	return 1;
}

/* The file system's partition: partition 2 of an MBR image, or the whole
 * file when it is a bare file system. */
static int find_fs(int fd, uint64_t size, uint64_t *offset, uint64_t *len, const char **why)
{
	uint8_t sector[IMAGE_SECTOR];
	struct partition part[4];
	struct fmt_err err = {0};
	*offset = 0;
	*len = size;
	if (pread(fd, sector, sizeof(sector), 0) != (ssize_t)sizeof(sector) || !mbr_signed(sector))
		return 0;
	if (mbr_parse(sector, size, part, &err) < 0) {
		*why = "a bad partition table";
		return -1;
	}
	if (!part[IMAGE_PART_FS].size) {
		*why = "no file system partition";
		return -1;
	}
	*offset = part[IMAGE_PART_FS].offset;
	*len = part[IMAGE_PART_FS].size;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: fsget IMAGE PATH\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		return fail(argv[1], strerror(errno));
	uint64_t offset, len;
	const char *why = NULL;
	uint8_t *buf;
	size_t n;
	if (find_fs(fd, (uint64_t)st.st_size, &offset, &len, &why) < 0)
		return fail(argv[1], why);
	if (fs_read_path(fd, offset, len, argv[2], &buf, &n, &why) < 0)
		return fail(argv[2], why);
	if (fwrite(buf, 1, n, stdout) != n || fflush(stdout))
		return fail("stdout", strerror(errno));
	free(buf);
	return 0;
}
