/* Helpers shared by the fuzz targets (see fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/io.h"
#include "core/vm.h"

void fuzz_take(struct fuzz_input *in, void *dst, size_t n)
{
	size_t have = n < in->size ? n : in->size;
	memcpy(dst, in->data, have);
	memset((uint8_t *)dst + have, 0, n - have);
	in->data += have;
	in->size -= have;
}

void fuzz_map_ram(struct guest_mem *m, uint64_t size)
{
	if (size % 4096 || guest_mem_map(m, size) < 0)
		exit(1);
	/* guest_mem_map maps 2 MiB more than asked, to align the start. */
	uint8_t *map = m->map, *end = m->host + size;
	if ((m->host > map && mprotect(map, (size_t)(m->host - map), PROT_NONE) < 0) ||
	    mprotect(end, (size_t)(map + m->map_len - end), PROT_NONE) < 0) {
		perror("fuzz: mprotect");
		exit(1);
	}
}

void fuzz_fill_ram(struct guest_mem *m, const struct fuzz_input *in)
{
	size_t n = in->size < m->size ? in->size : (size_t)m->size;
	memcpy(m->host, in->data, n);
	memset(m->host + n, 0, m->size - n);
}

int fuzz_temp_file(const char *name, uint64_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
		perror("fuzz: memfd");
		exit(1);
	}
	return fd;
}

unsigned fuzz_access_size(uint8_t size)
{
	return size == 1 || size == 2 ? size : 4;
}

unsigned fuzz_access_count(const struct fuzz_header *h)
{
	return h->count % (FUZZ_MAX_ACCESSES + 1);
}

void fuzz_descriptor_outs(struct vm *vm, uint16_t port, const uint8_t *data, size_t size,
                          uint8_t *model, void (*model_out)(uint64_t gpa))
{
	struct fuzz_input in = {data, size};
	struct fuzz_header h;
	fuzz_take(&in, &h, sizeof(h));
	fuzz_fill_ram(&vm->mem, &in);
	memcpy(model, vm->mem.host, FUZZ_RAM);
	for (unsigned i = 0; i < fuzz_access_count(&h); i++) {
		unsigned access_size = fuzz_access_size(h.access[i].size);
		uint32_t gpa = h.access[i].value;
		io_dispatch(vm, port, true, access_size, (uint8_t *)&gpa);
		if (access_size == 4)
			model_out(gpa);
		FUZZ_CHECK(memcmp(vm->mem.host, model, FUZZ_RAM) == 0);
	}
}

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "fuzz: %s:%d: check failed: %s\n", file, line, what);
	abort();
}
