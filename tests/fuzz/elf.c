/* Fuzz target: the kernel ELF loader (monitor/core/kernel_elf.c) and, on the
 * same bytes, the symbol reader of --profile (monitor/observe/symbols.c), both of
 * which take the image's ELF as it comes. The kernel is parsed for a guest
 * of the header's RAM size (up to VMM_RAM_MAX, as the options allow) and,
 * when that is at most FUZZ_ELF_RAM, loaded into guest RAM of that size.
 *
 * Checked when the parser accepts: the entry lies in a segment; every
 * segment lies in RAM above the monitor's boot area and inside the file,
 * file size at most memory size, and no two overlap; the free area starts
 * page-aligned past every segment; loading copies each segment's file bytes
 * and zeroes the rest. Symbols come out sorted, and each is found by its
 * own address. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/kernel_elf.h"
#include "observe/symbols.h"
#include "vmm_abi.h"

static struct guest_mem mem;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&mem, FUZZ_ELF_RAM);
	return 0;
}

static void check_kernel(const struct kernel *k, const uint8_t *buf, uint64_t len,
                         uint64_t ram_size)
{
	int entry_in = 0;
	FUZZ_CHECK(k->nseg > 0 && k->nseg <= KERNEL_MAX_SEGS && k->end % 4096 == 0);
	for (int i = 0; i < k->nseg; i++) {
		const struct kernel_seg *s = &k->seg[i];
		FUZZ_CHECK(s->paddr >= VMM_RESERVED_END && s->memsz <= ram_size &&
		           s->paddr <= ram_size - s->memsz && s->filesz <= s->memsz);
		FUZZ_CHECK(s->data >= buf && s->filesz <= len &&
		           s->data - buf <= (long)(len - s->filesz));
		FUZZ_CHECK(k->end >= s->paddr + s->memsz);
		entry_in |= k->entry - VMM_KERNEL_BASE - s->paddr < s->memsz;
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(k->seg[j].paddr + k->seg[j].memsz <= s->paddr ||
			           s->paddr + s->memsz <= k->seg[j].paddr);
	}
	FUZZ_CHECK(entry_in);
}

static int all_zero(const uint8_t *p, uint64_t n)
{
	static const uint8_t zero[4096];
	for (uint64_t at = 0; at < n; at += sizeof(zero)) {
		uint64_t step = n - at < sizeof(zero) ? n - at : sizeof(zero);
		if (memcmp(p + at, zero, step))
			return 0;
	}
	return 1;
}

static void check_load(const struct kernel *k, uint64_t ram_size)
{
	struct guest_mem m = mem;
	m.size = ram_size;
	FUZZ_CHECK(kernel_load(k, &m) == 0);
	for (int i = 0; i < k->nseg; i++) {
		const struct kernel_seg *s = &k->seg[i];
		const uint8_t *at = m.host + s->paddr;
		FUZZ_CHECK(memcmp(at, s->data, s->filesz) == 0);
		FUZZ_CHECK(all_zero(at + s->filesz, s->memsz - s->filesz));
	}
}

static void check_symbols(uint8_t *buf, size_t len)
{
	struct symbols s;
	if (symbols_load(&s, buf, len) < 0)
		return;
	for (size_t i = 0; i < s.count; i++) {
		FUZZ_CHECK(i == 0 || s.sym[i - 1].addr <= s.sym[i].addr);
		const struct symbol *f = symbols_find(&s, s.sym[i].addr);
		FUZZ_CHECK(f && f->addr == s.sym[i].addr);
	}
	symbols_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_elf_header h;
	fuzz_take(&in, &h, sizeof(h));
	/* A private copy: libelf may write to its buffer, and ASan then
	 * knows the exact end of the file. */
	uint8_t *buf = malloc(in.size ? in.size : 1);
	FUZZ_CHECK(buf != NULL);
	memcpy(buf, in.data, in.size);
	uint64_t ram_size = h.ram_size % (VMM_RAM_MAX + 1);
	struct kernel k;
	if (kernel_parse("fuzz", buf, in.size, ram_size, &k) == 0) {
		check_kernel(&k, buf, in.size, ram_size);
		if (ram_size <= FUZZ_ELF_RAM)
			check_load(&k, ram_size);
	}
	check_symbols(buf, in.size);
	free(buf);
	return 0;
}
