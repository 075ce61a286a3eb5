/* The guest's page-table walk (guest_walk.h): the paging modes of the
 * Intel SDM vol. 3 chapter 4, read-only, with every table read through
 * gpa_ptr. Accessed and dirty bits are left alone: looking must not change
 * what the guest sees. */
#include "debug/guest_walk.h"

#include <stdio.h>
#include <string.h>

#define CR0_PG   (1ull << 31)
#define CR4_PSE  (1ull << 4)
#define CR4_PAE  (1ull << 5)
#define EFER_LMA (1ull << 10)

#define PTE_P  1ull
#define PTE_W  2ull
#define PTE_U  4ull
#define PTE_PS 0x80ull
/* Bits 51:12 of a 64-bit entry: the next table or the page. */
#define ADDR_MASK 0x000ffffffffff000ull

/* One paging mode: levels, bits per index, entry size, the lowest bit of
 * the top index, and at which levels a PS bit makes a large page. */
struct mode {
	const char *name;
	unsigned levels, index_bits, entry_size, top_shift;
	bool large_ok[WALK_MAX_LEVELS];
};

static const struct mode long_mode = {"4-level", 4, 9, 8, 39, {false, true, true, false}};
static const struct mode pae_mode = {"PAE", 3, 9, 8, 30, {false, true, false, false}};
static const struct mode legacy_mode = {"2-level", 2, 10, 4, 22, {true, false, false, false}};

static const struct mode *paging_mode(const struct guest_paging *pg)
{
	if (!(pg->cr0 & CR0_PG))
		return NULL;
	if (pg->efer & EFER_LMA)
		return &long_mode;
	if (pg->cr4 & CR4_PAE)
		return &pae_mode;
	return &legacy_mode;
}

static int read_entry(const struct guest_mem *m, const struct mode *md, uint64_t table,
                      unsigned index, uint64_t *e)
{
	const void *p = gpa_ptr(m, table + (uint64_t)index * md->entry_size, md->entry_size);
	uint32_t e32;
	if (!p)
		return -1;
	if (md->entry_size == 4) {
		memcpy(&e32, p, 4);
		*e = e32;
	} else {
		memcpy(e, p, 8);
	}
	return 0;
}

/* The first table: CR3 holds its address (PAE: 32-byte aligned, 4 entries). */
static uint64_t root_table(const struct mode *md, const struct guest_paging *pg)
{
	if (md == &pae_mode)
		return pg->cr3 & 0xffffffe0ull;
	if (md == &legacy_mode)
		return pg->cr3 & 0xfffff000ull;
	return pg->cr3 & ADDR_MASK;
}

static int fail(struct guest_walk *w, const char *why)
{
	w->why = why;
	return -1;
}

/* A large page at level i maps the low shift bits of va; i386's 4 MiB
 * page keeps address bits 39:32 in its entry's bits 20:13 (PSE-36). */
static uint64_t large_page_base(const struct mode *md, uint64_t e, unsigned shift)
{
	if (md == &legacy_mode)
		return (e & 0xffc00000ull) | ((e >> 13) & 0xffull) << 32;
	return e & ADDR_MASK & ~((1ull << shift) - 1);
}

static bool canonical(uint64_t va)
{
	uint64_t top = va >> 47;
	return top == 0 || top == 0x1ffff;
}

int guest_walk(const struct guest_mem *m, const struct guest_paging *pg, uint64_t va,
               struct guest_walk *w)
{
	memset(w, 0, sizeof(*w));
	const struct mode *md = paging_mode(pg);
	w->writable = w->user = true;
	if (!md) {
		w->gpa = va & 0xffffffffull;
		return 0;
	}
	if (md == &long_mode ? !canonical(va) : va >> 32)
		return fail(w, "not a canonical address");
	uint64_t table = root_table(md, pg);
	unsigned shift = md->top_shift;
	for (unsigned i = 0; i < md->levels; i++) {
		unsigned bits = (md == &pae_mode && i == 0) ? 2 : md->index_bits;
		unsigned index = (unsigned)(va >> shift) & ((1u << bits) - 1);
		uint64_t e;
		w->step[i] = (struct walk_step){.table = table, .index = index};
		w->levels = i + 1;
		if (read_entry(m, md, table, index, &e) < 0)
			return fail(w, "page table outside RAM");
		w->step[i].entry = e;
		if (!(e & PTE_P))
			return fail(w, "not present");
		/* PAE's top entries carry no W or U bits. */
		if (!(md == &pae_mode && i == 0)) {
			w->writable &= (e & PTE_W) != 0;
			w->user &= (e & PTE_U) != 0;
		}
		bool large =
		    md->large_ok[i] && (e & PTE_PS) && (md != &legacy_mode || (pg->cr4 & CR4_PSE));
		if (large || i + 1 == md->levels) {
			uint64_t base =
			    large ? large_page_base(md, e, shift)
			          : (md->entry_size == 4 ? e & 0xfffff000ull : e & ADDR_MASK);
			w->page_size = 1ull << shift;
			w->gpa = base | (va & (w->page_size - 1));
			return 0;
		}
		table = md->entry_size == 4 ? e & 0xfffff000ull : e & ADDR_MASK;
		shift -= md->index_bits;
	}
	return fail(w, "internal error"); /* not reached: the last level returns */
}

size_t guest_access_virt(const struct guest_mem *m, const struct guest_paging *pg, uint64_t va,
                         void *buf, size_t len, bool write)
{
	size_t done = 0;
	while (done < len) {
		struct guest_walk w;
		uint64_t at = va + done;
		if (guest_walk(m, pg, at, &w) < 0)
			break;
		/* Up to the end of the 4 KiB page: large pages too, to stay simple. */
		size_t n = 4096 - (size_t)(at & 4095);
		if (n > len - done)
			n = len - done;
		uint8_t *p = gpa_ptr(m, w.gpa, n);
		if (!p)
			break;
		if (write)
			memcpy(p, (const uint8_t *)buf + done, n);
		else
			memcpy((uint8_t *)buf + done, p, n);
		done += n;
	}
	return done;
}

static const char *const level_names[2][WALK_MAX_LEVELS] = {
    {"PML4", "PDPT", "PD", "PT"},
    {"PD", "PT", "", ""},
};

void guest_walk_describe(const struct guest_paging *pg, uint64_t va, const struct guest_walk *w,
                         char *out, size_t cap)
{
	const struct mode *md = paging_mode(pg);
	size_t n = 0;
	int r = snprintf(out, cap, "va 0x%llx, cr3 0x%llx, %s paging\n", (unsigned long long)va,
	                 (unsigned long long)pg->cr3, md ? md->name : "no");
	for (unsigned i = 0; r >= 0 && (size_t)r < cap - n && i < w->levels; i++) {
		n += (size_t)r;
		const char *name = md == &legacy_mode ? level_names[1][i]
		                   : md == &pae_mode  ? (i == 0 ? "PDPT" : level_names[0][i + 1])
		                                      : level_names[0][i];
		const struct walk_step *s = &w->step[i];
		r = snprintf(out + n, cap - n, "  %-4s at 0x%llx [%3u] = 0x%016llx\n", name,
		             (unsigned long long)s->table, s->index, (unsigned long long)s->entry);
	}
	if (r < 0 || (size_t)r >= cap - n)
		return;
	n += (size_t)r;
	if (w->why)
		snprintf(out + n, cap - n, "  -> %s\n", w->why);
	else if (!w->page_size)
		snprintf(out + n, cap - n, "  -> physical 0x%llx (paging off)\n",
		         (unsigned long long)w->gpa);
	else
		snprintf(out + n, cap - n, "  -> physical 0x%llx (%llu KiB page%s%s)\n",
		         (unsigned long long)w->gpa, (unsigned long long)(w->page_size >> 10),
		         w->writable ? ", writable" : ", read-only", w->user ? ", user" : "");
}
