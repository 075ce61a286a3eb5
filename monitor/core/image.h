/* Opening what the user named: a disk image with an MBR partition table
 * (kernel in partition 1) or a bare kernel ELF. */
#ifndef VMM_IMAGE_H
#define VMM_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#define IMAGE_KERNEL_MAX (64u << 20) /* largest kernel we read */

struct partition {
	uint64_t offset; /* bytes from the start of the file */
	uint64_t size;   /* bytes; 0 = absent */
	uint8_t type;
};

struct image {
	int fd;
	uint64_t file_size;
	int is_disk;              /* 1: MBR image, 0: bare ELF */
	bool readonly;            /* --readonly: opened for reading only */
	struct partition part[4]; /* for a bare ELF, part[0] is the whole file */
	uint8_t *kernel;          /* the kernel partition's bytes (malloc) */
	uint64_t kernel_size;
};

/* Parses and validates the partition table in sector 0 of the file path of
 * file_size bytes. Returns 0, or -1 after printing why. */
int mbr_parse(const char *path, const uint8_t sector[512], uint64_t file_size,
              struct partition part[4]);

/* Opens path, finds the kernel and reads it. A disk with a file system in
 * partition 2 is opened for writing too (unless readonly) and locked, so
 * that no second monitor uses it at the same time (a read-only user shares
 * the lock with other read-only users). Returns 0 or -1 (printed). */
int image_open(struct image *img, const char *path, bool readonly);

/* Whether the image has a file-system partition (partition 2, our type). */
bool image_has_fs(const struct image *img);
void image_close(struct image *img);

#endif
