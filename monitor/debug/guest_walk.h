/*
 * The guest's virtual addresses, translated the way its MMU would: through
 * the guest's own page tables, read from guest RAM with gpa_ptr. Long mode
 * (4 levels), i386's 2 levels with 4 MiB pages (PSE), PAE's 3 levels, and
 * paging off. The debugger names kernel and user addresses; the guest
 * writes the tables, so every entry is checked like any guest pointer.
 */
#ifndef VMM_GUEST_WALK_H
#define VMM_GUEST_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/guest_mem.h"

/* The registers that decide the translation (from KVM_GET_SREGS). */
struct guest_paging {
	uint64_t cr0, cr3, cr4, efer;
};

#define WALK_MAX_LEVELS 4

struct walk_step {
	uint64_t table; /* guest-physical address of the table */
	unsigned index; /* entry within it */
	uint64_t entry; /* its value (0 when the table is outside RAM) */
};

struct guest_walk {
	unsigned levels; /* steps taken, up to WALK_MAX_LEVELS */
	struct walk_step step[WALK_MAX_LEVELS];
	uint64_t gpa;       /* the translation, when it succeeded */
	uint64_t page_size; /* 4 KiB, 2 MiB, 4 MiB or 1 GiB; 0 with paging off */
	bool writable, user;
	const char *why; /* NULL on success, else why it failed */
};

/* Translates va. Returns 0, or -1 with w->why set. */
int guest_walk(const struct guest_mem *m, const struct guest_paging *pg, uint64_t va,
               struct guest_walk *w);

/* Copies len bytes at virtual va into buf (or buf into guest memory when
 * write), page by page. Returns the bytes done: fewer than len when an
 * address is unmapped or outside RAM. Writes ignore the W bit: a debugger
 * plants breakpoints in read-only text. */
size_t guest_access_virt(const struct guest_mem *m, const struct guest_paging *pg, uint64_t va,
                         void *buf, size_t len, bool write);

/* Prints the walk of va as lines of text into out (at most cap bytes, NUL
 * terminated), for gdb's "monitor walk". */
void guest_walk_describe(const struct guest_paging *pg, uint64_t va, const struct guest_walk *w,
                         char *out, size_t cap);

#endif
