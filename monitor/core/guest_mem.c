/* Guest RAM. MAP_NORESERVE because most of a guest's RAM is never touched;
 * 2 MiB alignment plus MADV_HUGEPAGE so the host can back it with huge pages,
 * which makes the guest's first touch of its 2 MiB-mapped RAM cheap. */
#include "core/guest_mem.h"

#include <stdint.h>
#include <sys/mman.h>

#include "core/util.h"

#define HUGE_2M (2ull << 20)

int guest_mem_map(struct guest_mem *m, uint64_t size)
{
	size_t len = size + HUGE_2M;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return fail_errno("cannot map %llu MiB of guest RAM",
		                  (unsigned long long)(size >> 20));
	uintptr_t aligned = ((uintptr_t)p + HUGE_2M - 1) & ~(uintptr_t)(HUGE_2M - 1);
	/* Best effort: without THP the guest still runs, only slower to touch. */
	madvise((void *)aligned, size, MADV_HUGEPAGE);
	m->map = p;
	m->map_len = len;
	m->host = (uint8_t *)aligned;
	m->size = size;
	return 0;
}

void guest_mem_unmap(struct guest_mem *m)
{
	if (m->map)
		munmap(m->map, m->map_len);
	m->map = NULL;
	m->host = NULL;
	m->size = 0;
}
