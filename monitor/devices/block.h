/* The block device's backing store: partition 2 of the disk image, which the
 * guest reaches as sectors 0 .. size/512 through VMM_PORT_BLOCK. */
#ifndef VMM_BLOCK_H
#define VMM_BLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct guest_mem;

struct block_disk {
	int fd;          /* the image, or -1: no block device */
	uint64_t offset; /* the partition's first byte in the file */
	uint64_t size;   /* its bytes, a multiple of VMM_BLK_SECTOR */
	bool readonly;   /* --readonly: every write fails */
	/* --fail-writes-after N: a simulated power cut. The first N write
	 * requests reach the disk; the next one does not, nor anything after:
	 * the device sets power_cut and the run stops at that exit. */
	bool cut_armed;
	uint64_t cut_after;
	bool power_cut;
	uint64_t reads, writes, flushes, infos, bytes_read, bytes_written;
};

/* Serves the request whose descriptor is at guest-physical gpa: checks it
 * whole, moves the data, returns the VMM_STATUS_* it stored (or would have
 * stored, when the descriptor itself lies outside RAM). */
uint32_t block_request(struct block_disk *d, struct guest_mem *m, uint64_t gpa);

#endif
