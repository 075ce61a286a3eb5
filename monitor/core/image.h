/* Opening what the user named: a disk image with an MBR partition table
 * (kernel in partition 1) or a bare kernel ELF. */
#ifndef VMM_IMAGE_H
#define VMM_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "diskfmt.h"

#define IMAGE_KERNEL_MAX (64u << 20) /* largest kernel we read */

struct image {
	int fd;
	uint64_t file_size;
	int is_disk;              /* 1: MBR image, 0: bare ELF */
	bool readonly;            /* --readonly: opened for reading only */
	struct partition part[4]; /* for a bare ELF, part[0] is the whole file */
	uint8_t *kernel;          /* the kernel partition's bytes (malloc) */
	uint64_t kernel_size;
};

/* Opens path, finds the kernel and reads it. A disk with a file system in
 * partition 2 is opened for writing too (unless readonly) and locked, so
 * that no second monitor uses it at the same time (a read-only user shares
 * the lock with other read-only users). Returns 0 or -1 (printed). */
int image_open(struct image *img, const char *path, bool readonly);

/* Whether the image has a file-system partition (partition 2, our type). */
bool image_has_fs(const struct image *img);
void image_close(struct image *img);

#endif
