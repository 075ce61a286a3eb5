/* Guest RAM: one anonymous mapping, and the one function that turns a
 * guest-physical address range into a host pointer. */
#ifndef VMM_GUEST_MEM_H
#define VMM_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

struct guest_mem {
	uint8_t *host; /* host address of guest-physical 0 */
	uint64_t size; /* bytes of RAM */
	void *map;     /* the mapping as returned by mmap (host may be aligned up) */
	size_t map_len;
};

/* Maps size bytes of zeroed RAM backed by transparent huge pages where the
 * host allows. Returns 0, or -1 after printing why. */
int guest_mem_map(struct guest_mem *m, uint64_t size);
void guest_mem_unmap(struct guest_mem *m);

/* Host pointer for guest-physical [gpa, gpa+len), or NULL when any byte of it
 * lies outside guest RAM. Every access to guest memory goes through here. */
static inline void *gpa_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
	if (len > m->size || gpa > m->size - len)
		return NULL;
	return m->host + gpa;
}

#endif
