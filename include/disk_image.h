/*
 * The layout of guest.img, shared by the disk tools (disk/) that write it and
 * the monitor (monitor/) that reads it: a classic MBR partition table in sector 0
 * (so fdisk -l reads it), partition 1 holding the kernel ELF, partition 2
 * (from the storage issue on) the file system.
 */
#ifndef DISK_IMAGE_H
#define DISK_IMAGE_H

#include <stdint.h>

#define IMAGE_SECTOR        512u
#define IMAGE_MBR_ENTRIES   0x1BE /* byte offset of the 4 partition entries */
#define IMAGE_MBR_SIG_OFF   510   /* bytes 0x55 0xAA */
#define IMAGE_ALIGN_SECTORS 2048u /* partitions start on 1 MiB boundaries */

#define IMAGE_PART_KERNEL 0 /* index of partition 1 */
#define IMAGE_PART_FS     1 /* index of partition 2 */

#define IMAGE_TYPE_KERNEL 0xDA /* "Non-FS data" */
#define IMAGE_TYPE_FS     0x7F /* reserved for local use: our file system */
#define IMAGE_TYPE_GPT    0xEE /* protective MBR of a GPT disk */

/* One 16-byte MBR partition entry (CHS fields unused: LBA only). */
struct mbr_entry {
	uint8_t status; /* 0x80 bootable, 0x00 not */
	uint8_t chs_first[3];
	uint8_t type;
	uint8_t chs_last[3];
	uint32_t lba_first;
	uint32_t sectors;
} __attribute__((packed));

#endif
