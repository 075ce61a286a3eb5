/* The user-mode side of --profile. A sample that finds the vCPU in user mode
 * asks the kernel's record (vmm_abi.h, VMM_PROG_CURRENT) which program runs
 * and keeps the address under that program. Once the guest has stopped, each
 * program's executable is read from the guest's disk by its inode number
 * (fs_read.c), so the symbols are those of the very file that ran, and each
 * address is named. */
#ifndef VMM_PROFILE_USER_H
#define VMM_PROFILE_USER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "observe/symbols.h"
#include "vmm_abi.h"

#define PROFILE_PROGS 64 /* programs told apart; samples of more count as unknown */

struct image;
struct guest_mem;

/* Samples that landed in one function (prog NULL: the kernel's). */
struct profile_hit {
	const char *prog, *func;
	uint64_t count;
};

struct hit_list {
	struct profile_hit *hit;
	size_t n, cap;
};

struct user_prog {
	struct vmm_prog id; /* inode and name, as the kernel published them */
	uint64_t *rip;      /* every sampled address, named at the end */
	size_t n, cap;
	struct symbols sym;
};

struct user_profile {
	struct user_prog prog[PROFILE_PROGS];
	size_t nprog;
	uint64_t unknown; /* no valid record, a full table, or out of memory */
};

/* Copies the record of the program CPU cpu runs (the CPU's word at
 * VMM_PROG_CURRENT) out of guest memory into *out; false
 * when the guest published none or a malformed one. A name's bytes that a
 * report or a folded file could not carry become '?'. */
bool prog_current(const struct guest_mem *m, unsigned cpu, struct vmm_prog *out);

/* Keeps one user-mode sample of CPU cpu at rip. */
void user_profile_sample(struct user_profile *u, const struct guest_mem *m, unsigned cpu,
                         uint64_t rip);

/* Loads each program's symbols from the image's file system (if it has
 * one) and adds one hit per function sampled to hits. Programs without
 * symbols are named on notes. Returns 0, or -1 (printed) when out of memory. */
int user_profile_resolve(struct user_profile *u, const struct image *img, struct hit_list *hits,
                         FILE *notes);
void user_profile_free(struct user_profile *u);

/* Appends a hit; 0, or -1 (printed) when out of memory. */
int hits_add(struct hit_list *l, const char *prog, const char *func, uint64_t count);

#endif
