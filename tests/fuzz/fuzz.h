/* What the fuzz targets share: the layout of their inputs (also written by
 * the seed generator, seeds.c), guest RAM with guard pages around it, a
 * temporary disk file, and the check that turns a broken promise into a
 * finding.
 *
 * A device target's input is a struct fuzz_header (the port accesses the
 * guest makes, mostly OUTs of a descriptor's address) followed by the first
 * bytes of guest RAM, where the descriptors and buffers lie; the rest of RAM
 * is zero. The parsers' inputs are a small header and the file's bytes. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/guest_mem.h"

/* Guest RAM of the device targets: small, so that the addresses the fuzzer
 * makes up often land in it, that an input can fill it to its end (where
 * descriptors straddle the edge), and cheap to reset for every input; it
 * still holds the largest descriptor (256 block segments, 4 KiB). */
#define FUZZ_RAM (8u << 10)

#define FUZZ_MAX_ACCESSES 8

/* What one access does. */
#define FUZZ_OUT   0 /* OUT of value to port */
#define FUZZ_IN    1 /* IN from port */
#define FUZZ_INPUT 2 /* value % 4096 bytes arrive on the monitor's standard input */

/* flags */
#define FUZZ_F_READONLY 1 /* the block device's disk is --readonly */
#define FUZZ_F_STRICT   2 /* --strict: unknown ports stop the guest */

struct fuzz_access {
	uint8_t what;   /* FUZZ_OUT, FUZZ_IN, FUZZ_INPUT (others: modulo 3) */
	uint8_t size;   /* 1, 2 or 4 bytes (anything else means 4) */
	uint16_t port;  /* the I/O-bus target only; a device's own target uses its port */
	uint32_t value; /* OUT: the value, mostly a guest-physical address */
} __attribute__((packed));

struct fuzz_header {
	uint8_t flags; /* FUZZ_F_* */
	uint8_t count; /* accesses used (modulo FUZZ_MAX_ACCESSES + 1) */
	struct fuzz_access access[FUZZ_MAX_ACCESSES];
} __attribute__((packed));

/* The image target: mbr_parse sees the file's first sector with this size
 * (any size, as for a huge sparse image); image_open sees the file itself. */
struct fuzz_image_header {
	uint64_t file_size;
	uint8_t readonly;
} __attribute__((packed));

/* The fs_read target: a file system of blocks % FUZZ_FS_MAX_BLOCKS blocks
 * (the input's bytes from block 1 on), whose inode inum is read; k names
 * two more file blocks to look up in the inode inum % ninodes. */
#define FUZZ_FS_MAX_BLOCKS 4096u
struct fuzz_fs_header {
	uint32_t blocks;
	uint32_t inum;
	uint64_t k[2];
} __attribute__((packed));

/* The ELF target: the kernel is parsed for a guest of this much RAM (and
 * loaded when that is at most FUZZ_ELF_RAM). */
#define FUZZ_ELF_RAM (8u << 20)
struct fuzz_elf_header {
	uint64_t ram_size;
} __attribute__((packed));

/* The boot target: RAM of VMM_RAM_MIN + ram_pages 4 KiB pages (modulo the
 * allowed range), the boot parameters, then the command line's bytes. */
struct fuzz_boot_header {
	uint32_t ram_pages;
	uint64_t entry, free_start, devices, flags, tsc_khz;
	uint64_t probe[4]; /* physical addresses whose mappings are checked */
} __attribute__((packed));

/* The fuzz input, consumed from the front. */
struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

/* Copies the next n bytes of the input into dst; bytes past its end are 0. */
void fuzz_take(struct fuzz_input *in, void *dst, size_t n);

/* Maps size bytes of guest RAM (monitor/core/guest_mem.c) with no access to the
 * pages just below and above it, so an overrun is a crash, not a quiet read
 * of the mapping's slack. Exits on failure. */
void fuzz_map_ram(struct guest_mem *m, uint64_t size);

/* Zeroes RAM and copies what is left of the input to its start. */
void fuzz_fill_ram(struct guest_mem *m, const struct fuzz_input *in);

/* A temporary file of size bytes (memfd: it vanishes with the process). */
int fuzz_temp_file(const char *name, uint64_t size);

/* The access size an input byte stands for: 1, 2 or 4. */
unsigned fuzz_access_size(uint8_t size);

/* The number of accesses the header asks for. */
unsigned fuzz_access_count(const struct fuzz_header *h);

/* A broken promise of the code under test: print it and abort, which
 * libFuzzer reports as a crash and saves the input. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__FILE__, __LINE__, #cond);                                      \
	} while (0)
struct vm;
/* A device that takes a descriptor's address by OUT (copy, cpu-start): RAM
 * from the input and model a copy of it, then each access of the header an
 * OUT of its value to port; after a 32-bit one, model_out(gpa) makes model
 * what the ABI says RAM now holds. RAM must equal model after every access. */
void fuzz_descriptor_outs(struct vm *vm, uint16_t port, const uint8_t *data, size_t size,
                          uint8_t *model, void (*model_out)(uint64_t gpa));

void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* libFuzzer's entry points, defined by each target. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
