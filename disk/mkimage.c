/* mkimage: writes guest.img, an MBR-partitioned disk whose partition 1 holds
 * the kernel ELF and partition 2 (when given) the file system image.
 * Usage: mkimage -o OUT KERNEL [FSIMAGE]
 * Partitions start on 1 MiB boundaries, as fdisk places them. The image is
 * written to OUT.tmp and renamed, so OUT is never half-written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diskfmt.h"

static int die(const char *fmt, const char *arg)
{
	fprintf(stderr, "mkimage: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static long file_size(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		die("cannot read %s", path);
	return (long)st.st_size;
}

static int all_zero(const char *buf, size_t n)
{
	return n == 0 || (buf[0] == 0 && memcmp(buf, buf + 1, n - 1) == 0);
}

/* Copies the file at path into out at byte offset off. Runs of zeros are
 * skipped, not written, so a sparse file system image stays sparse. */
static void copy_into(FILE *out, const char *path, uint64_t off)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		die("cannot open %s", path);
	if (fseek(out, (long)off, SEEK_SET) < 0)
		die("cannot seek in the output for %s", path);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (all_zero(buf, n) ? fseek(out, (long)n, SEEK_CUR) < 0
		                     : fwrite(buf, 1, n, out) != n)
			die("write error copying %s", path);
	}
	if (ferror(in))
		die("read error on %s", path);
	fclose(in);
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 5 || strcmp(argv[1], "-o") != 0) {
		fprintf(stderr, "usage: mkimage -o OUT KERNEL [FSIMAGE]\n");
		return 2;
	}
	const char *out_path = argv[2], *kernel = argv[3], *fs = argc == 5 ? argv[4] : NULL;
	uint64_t k_lba = IMAGE_ALIGN_SECTORS;
	uint64_t k_sectors = align_up((uint64_t)file_size(kernel), IMAGE_SECTOR) / IMAGE_SECTOR;
	uint64_t fs_lba = align_up(k_lba + k_sectors, IMAGE_ALIGN_SECTORS);
	uint64_t fs_sectors =
	    fs ? align_up((uint64_t)file_size(fs), IMAGE_SECTOR) / IMAGE_SECTOR : 0;
	uint64_t end = (fs ? fs_lba + fs_sectors : k_lba + k_sectors) * IMAGE_SECTOR;

	uint8_t mbr[IMAGE_SECTOR];
	struct fmt_err err = {0};
	mbr_init(mbr, 0x76366d6d); /* "mm6v": any fixed disk id */
	if (mbr_put(mbr, IMAGE_PART_KERNEL, IMAGE_TYPE_KERNEL, k_lba, k_sectors, &err) < 0 ||
	    (fs && mbr_put(mbr, IMAGE_PART_FS, IMAGE_TYPE_FS, fs_lba, fs_sectors, &err) < 0))
		die("%s", err.msg);

	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", out_path);
	FILE *out = fopen(tmp, "wb");
	if (!out)
		die("cannot create %s", tmp);
	if (fwrite(mbr, 1, sizeof(mbr), out) != sizeof(mbr))
		die("write error on %s", tmp);
	copy_into(out, kernel, k_lba * IMAGE_SECTOR);
	if (fs)
		copy_into(out, fs, fs_lba * IMAGE_SECTOR);
	/* Extend to the last sector so every partition lies inside the file. */
	if (fflush(out) != 0 || ftruncate(fileno(out), (off_t)end) != 0)
		die("cannot extend %s", tmp);
	if (fclose(out) != 0 || rename(tmp, out_path) != 0)
		die("cannot write %s", out_path);
	return 0;
}
