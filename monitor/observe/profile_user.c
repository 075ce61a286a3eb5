#include "observe/profile_user.h"

#include <stdlib.h>
#include <string.h>

#include "core/image.h"
#include "disk_image.h"
#include "observe/fs_read.h"
#include "core/guest_mem.h"
#include "core/util.h"

bool prog_current(const struct guest_mem *m, unsigned cpu, struct vmm_prog *out)
{
	const void *word = gpa_ptr(m, VMM_PROG_CURRENT + 8ull * cpu, sizeof(uint64_t));
	uint64_t va;
	if (!word)
		return false;
	memcpy(&va, word, sizeof(va));
	const void *rec =
	    va >= VMM_KERNEL_BASE ? gpa_ptr(m, va - VMM_KERNEL_BASE, sizeof(*out)) : NULL;
	if (!rec)
		return false;
	memcpy(out, rec, sizeof(*out));
	const char *end = memchr(out->name, 0, sizeof(out->name));
	if (!end || end == out->name || out->inum == 0)
		return false;
	symbols_clean_name(out->name);
	return true;
}

/* The table entry of the program id, added when new; NULL when full. */
static struct user_prog *find_prog(struct user_profile *u, const struct vmm_prog *id)
{
	for (size_t i = 0; i < u->nprog; i++)
		if (u->prog[i].id.inum == id->inum && !strcmp(u->prog[i].id.name, id->name))
			return &u->prog[i];
	if (u->nprog == PROFILE_PROGS)
		return NULL;
	struct user_prog *p = &u->prog[u->nprog++];
	*p = (struct user_prog){.id = *id};
	return p;
}

void user_profile_sample(struct user_profile *u, const struct guest_mem *m, unsigned cpu,
                         uint64_t rip)
{
	struct vmm_prog id;
	struct user_prog *p = prog_current(m, cpu, &id) ? find_prog(u, &id) : NULL;
	if (p && p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 256;
		uint64_t *grown = realloc(p->rip, cap * sizeof(*grown));
		if (grown) {
			p->rip = grown;
			p->cap = cap;
		}
	}
	if (p && p->n < p->cap)
		p->rip[p->n++] = rip;
	else
		u->unknown++;
}

int hits_add(struct hit_list *l, const char *prog, const char *func, uint64_t count)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct profile_hit *grown = realloc(l->hit, cap * sizeof(*grown));
		if (!grown)
			return fail("out of memory for the profile");
		l->hit = grown;
		l->cap = cap;
	}
	l->hit[l->n++] = (struct profile_hit){.prog = prog, .func = func, .count = count};
	return 0;
}

/* The program's symbols, from its executable on the guest's disk; a
 * program without them is named on notes, and its samples stay unnamed. */
static void load_symbols(struct user_prog *p, const struct image *img, FILE *notes)
{
	const char *why = "the image has no file system";
	uint8_t *elf;
	size_t len;
	if (image_has_fs(img) &&
	    fs_read_inode(img->fd, img->part[IMAGE_PART_FS].offset, img->part[IMAGE_PART_FS].size,
	                  p->id.inum, &elf, &len, &why) == 0) {
		int r = symbols_load(&p->sym, elf, len);
		free(elf);
		if (r == 0 && p->sym.count)
			return;
		why = r < 0 ? "out of memory" : "no function symbols";
	}
	fprintf(notes, "  (no symbols for %s, inode %u: %s)\n", p->id.name, p->id.inum, why);
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* One hit per function of p sampled: sorted, a function's addresses are
 * consecutive. Addresses outside every function make one hit. */
static int add_hits(struct user_prog *p, struct hit_list *hits)
{
	uint64_t unknown = 0;
	qsort(p->rip, p->n, sizeof(*p->rip), by_value);
	for (size_t i = 0, j; i < p->n; i = j) {
		const struct symbol *s = symbols_find(&p->sym, p->rip[i]);
		for (j = i + 1; j < p->n && symbols_find(&p->sym, p->rip[j]) == s; j++)
			;
		if (!s)
			unknown += j - i;
		else if (hits_add(hits, p->id.name, s->name, j - i) < 0)
			return -1;
	}
	return unknown ? hits_add(hits, p->id.name, "[unknown]", unknown) : 0;
}

int user_profile_resolve(struct user_profile *u, const struct image *img, struct hit_list *hits,
                         FILE *notes)
{
	for (size_t i = 0; i < u->nprog; i++) {
		load_symbols(&u->prog[i], img, notes);
		if (add_hits(&u->prog[i], hits) < 0)
			return -1;
	}
	return u->unknown ? hits_add(hits, NULL, "[unknown program]", u->unknown) : 0;
}

void user_profile_free(struct user_profile *u)
{
	for (size_t i = 0; i < u->nprog; i++) {
		free(u->prog[i].rip);
		symbols_free(&u->prog[i].sym);
	}
	u->nprog = 0;
}
