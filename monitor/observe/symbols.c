#include "observe/symbols.h"

#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static int by_addr(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* A function, or an untyped label in code (assembly entry points such as
 * alltraps or memcpy, which have no size either). */
static bool is_code(Elf *e, const GElf_Sym *sym)
{
	if (GELF_ST_TYPE(sym->st_info) == STT_FUNC)
		return true;
	if (GELF_ST_TYPE(sym->st_info) != STT_NOTYPE || sym->st_shndx == SHN_UNDEF ||
	    sym->st_shndx >= SHN_LORESERVE)
		return false;
	GElf_Shdr sh;
	Elf_Scn *scn = elf_getscn(e, sym->st_shndx);
	return scn && gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_EXECINSTR);
}

static int add_symbols(struct symbols *s, Elf *e, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t entsize = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
	/* Counted from the data libelf holds, not from the header's claims: a
	 * user program's ELF comes from the guest's disk. */
	size_t n = data && entsize ? data->d_size / entsize : 0;
	if (n == 0)
		return 0;
	struct symbol *grown = realloc(s->sym, (s->count + n) * sizeof(*grown));
	if (!grown)
		return fail("out of memory for symbols");
	s->sym = grown;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym) || !is_code(e, &sym))
			continue;
		const char *name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (!name || !*name || !(s->sym[s->count].name = strdup(name)))
			continue;
		symbols_clean_name(s->sym[s->count].name);
		s->sym[s->count].addr = sym.st_value;
		s->sym[s->count].size = sym.st_size;
		s->count++;
	}
	return 0;
}

int symbols_load(struct symbols *s, uint8_t *buf, size_t len)
{
	*s = (struct symbols){0};
	Elf *e = elf_memory((char *)buf, len);
	if (!e)
		return 0;
	int r = 0;
	for (Elf_Scn *scn = elf_nextscn(e, NULL); scn && r == 0; scn = elf_nextscn(e, scn)) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
			r = add_symbols(s, e, scn, &sh);
	}
	elf_end(e);
	if (s->count) /* sym is NULL when there are none, which qsort must not get */
		qsort(s->sym, s->count, sizeof(*s->sym), by_addr);
	return r;
}

const struct symbol *symbols_find(const struct symbols *s, uint64_t addr)
{
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->sym[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct symbol *f = &s->sym[lo - 1];
	/* Assembly labels often have no size: take the nearest one below. */
	return f->size == 0 || addr - f->addr < f->size ? f : NULL;
}

void symbols_clean_name(char *name)
{
	for (; *name; name++)
		if (*name <= ' ' || *name > '~' || *name == ';')
			*name = '?';
}

void symbols_free(struct symbols *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->sym[i].name);
	free(s->sym);
	*s = (struct symbols){0};
}
