/* The MBR partition table of a guest.img (include/disk_image.h): read by
 * the monitor and fsck, written by mkimage. A table read is checked before
 * any of it is used: entries past the table, inside the file, none
 * overlapping another. */
#include <string.h>

#include "diskfmt.h"

bool mbr_signed(const uint8_t sector[IMAGE_SECTOR])
{
	return sector[IMAGE_MBR_SIG_OFF] == 0x55 && sector[IMAGE_MBR_SIG_OFF + 1] == 0xAA;
}

/* Entry n (1-4, as fdisk numbers them) of an image of file_size bytes.
 * The fields are 32-bit, so their byte counts cannot overflow 64 bits. */
static int check_entry(const struct mbr_entry *e, int n, uint64_t file_size, struct fmt_err *err)
{
	uint64_t end = ((uint64_t)e->lba_first + e->sectors) * IMAGE_SECTOR;
	if (e->status != 0x00 && e->status != 0x80)
		return fmt_fail(err, "partition %d: bad status byte 0x%02x", n, e->status);
	if (e->type == IMAGE_TYPE_GPT)
		return fmt_fail(err, "GPT disks are not supported; use an MBR partition table");
	if (e->lba_first == 0)
		return fmt_fail(err, "partition %d overlaps the partition table", n);
	if (end > file_size)
		return fmt_fail(err,
		                "partition %d ends past the end of the image (%llu > %llu bytes)",
		                n, (unsigned long long)end, (unsigned long long)file_size);
	return 0;
}

static bool overlap(const struct partition *a, const struct partition *b)
{
	return a->size && b->size && a->offset < b->offset + b->size &&
	       b->offset < a->offset + a->size;
}

int mbr_parse(const uint8_t sector[IMAGE_SECTOR], uint64_t file_size, struct partition part[4],
              struct fmt_err *err)
{
	if (!mbr_signed(sector))
		return fmt_fail(err, "no MBR signature");
	for (int i = 0; i < 4; i++) {
		struct mbr_entry e;
		memcpy(&e, sector + IMAGE_MBR_ENTRIES + i * sizeof(e), sizeof(e));
		part[i] = (struct partition){0};
		if (e.type == 0 || e.sectors == 0)
			continue;
		if (check_entry(&e, i + 1, file_size, err) < 0)
			return -1;
		part[i] = (struct partition){.offset = (uint64_t)e.lba_first * IMAGE_SECTOR,
		                             .size = (uint64_t)e.sectors * IMAGE_SECTOR,
		                             .type = e.type};
	}
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			if (overlap(&part[i], &part[j]))
				return fmt_fail(err, "partitions %d and %d overlap", i + 1, j + 1);
	return 0;
}

void mbr_init(uint8_t sector[IMAGE_SECTOR], uint32_t disk_id)
{
	memset(sector, 0, IMAGE_SECTOR);
	memcpy(sector + 0x1B8, &disk_id, sizeof(disk_id));
	sector[IMAGE_MBR_SIG_OFF] = 0x55;
	sector[IMAGE_MBR_SIG_OFF + 1] = 0xAA;
}

int mbr_put(uint8_t sector[IMAGE_SECTOR], int n, uint8_t type, uint64_t lba, uint64_t sectors,
            struct fmt_err *err)
{
	if (n < 0 || n > 3)
		return fmt_fail(err, "no partition entry %d", n + 1);
	if (lba > UINT32_MAX || sectors > UINT32_MAX)
		return fmt_fail(err,
		                "partition %d (%llu sectors from sector %llu) does not fit an MBR",
		                n + 1, (unsigned long long)sectors, (unsigned long long)lba);
	struct mbr_entry e = {.status = 0x00, .type = type};
	/* CHS 1023/254/63: "use LBA", as fdisk writes for a large disk. */
	memset(e.chs_first, 0xff, sizeof(e.chs_first));
	memset(e.chs_last, 0xff, sizeof(e.chs_last));
	e.chs_first[0] = e.chs_last[0] = 0xfe;
	e.lba_first = (uint32_t)lba;
	e.sectors = (uint32_t)sectors;
	memcpy(sector + IMAGE_MBR_ENTRIES + n * sizeof(e), &e, sizeof(e));
	return 0;
}
