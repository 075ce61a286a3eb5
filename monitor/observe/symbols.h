/* Function symbols of an ELF image, for naming sampled addresses. */
#ifndef VMM_SYMBOLS_H
#define VMM_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct symbol {
	uint64_t addr, size;
	char *name;
};

struct symbols {
	struct symbol *sym; /* sorted by address */
	size_t count;
};

/* Reads the function symbols and untyped code labels of the ELF in buf,
 * names cleaned. An image without a symbol table gives an empty set.
 * Returns 0, or -1 (printed) when out of memory. */
int symbols_load(struct symbols *s, uint8_t *buf, size_t len);
/* The function containing addr, or NULL. */
const struct symbol *symbols_find(const struct symbols *s, uint64_t addr);
void symbols_free(struct symbols *s);
/* Replaces each byte a report line or a folded stack cannot carry (blanks,
 * ';', control and non-ASCII bytes) with '?': names come from files the
 * guest may have written. */
void symbols_clean_name(char *name);

#endif
