/* Kernel ELF loading. Every number in the file is untrusted: offsets and
 * sizes are checked for overflow before they are added. */
#include "core/kernel_elf.h"

#include <gelf.h>
#include <libelf.h>
#include <string.h>

#include "multiboot.h"
#include "vmm_abi.h"
#include "core/util.h"

#define PAGE 4096ull

/* The Multiboot header flags the monitor honours: it aligns no modules but
 * its own (already page aligned) and always passes the memory map. */
#define MB_FLAGS_OK (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

/* An ELF64 x86-64 kernel, or an ELF32 i386 one (k->i386). */
static int check_header(const char *path, Elf *e, struct kernel *k)
{
	if (elf_kind(e) != ELF_K_ELF)
		return fail("%s: not an ELF file", path);
	int cls = gelf_getclass(e);
	if (cls != ELFCLASS32 && cls != ELFCLASS64)
		return fail("%s: unknown ELF class", path);
	k->i386 = cls == ELFCLASS32;
	GElf_Ehdr eh;
	if (!gelf_getehdr(e, &eh))
		return fail("%s: bad ELF header: %s", path, elf_errmsg(-1));
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail("%s: big-endian ELF", path);
	if (k->i386 && eh.e_machine != EM_386)
		return fail("%s: ELF32 for machine %u, not i386", path, eh.e_machine);
	if (!k->i386 && eh.e_machine != EM_X86_64)
		return fail("%s: ELF for machine %u, not x86-64", path, eh.e_machine);
	if (eh.e_type != ET_EXEC)
		return fail("%s: ELF is not an executable (type %u)", path, eh.e_type);
	return 0;
}

/* An i386 kernel is entered by the Multiboot protocol: it must carry the
 * header, and ask for nothing the monitor does not do. */
static int check_multiboot(const char *path, const uint8_t *buf, uint64_t len)
{
	uint64_t end = len < MULTIBOOT_SEARCH ? len : MULTIBOOT_SEARCH;
	for (uint64_t off = 0; off + 12 <= end; off += 4) {
		uint32_t h[3];
		memcpy(h, buf + off, sizeof(h));
		if (h[0] != MULTIBOOT_HEADER_MAGIC || h[0] + h[1] + h[2] != 0)
			continue;
		if (h[1] & ~MB_FLAGS_OK)
			return fail(
			    "%s: the Multiboot header asks for what the monitor does not do "
			    "(flags 0x%x; it honours 0x%x)",
			    path, h[1], MB_FLAGS_OK);
		return 0;
	}
	return fail("%s: ELF32 kernel without a Multiboot header in its first %d bytes", path,
	            MULTIBOOT_SEARCH);
}

/* Where a segment goes. An x86-64 kernel's virtual address must be its
 * physical one in the monitor's kernel map; an i386 kernel runs with paging
 * off at first, and maps itself. */
static int check_segment(const char *path, const GElf_Phdr *ph, uint64_t len, uint64_t ram_size,
                         bool i386)
{
	if (ph->p_filesz > ph->p_memsz)
		return fail("%s: segment file size exceeds its memory size", path);
	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
		return fail("%s: segment lies past the end of the file (truncated?)", path);
	if (ph->p_paddr < VMM_RESERVED_END)
		return fail("%s: segment at 0x%llx overlaps the monitor's boot area below 0x%llx",
		            path, (unsigned long long)ph->p_paddr,
		            (unsigned long long)VMM_RESERVED_END);
	if (ph->p_memsz > ram_size || ph->p_paddr > ram_size - ph->p_memsz)
		return fail("%s: segment at 0x%llx+0x%llx does not fit in %llu MiB of RAM", path,
		            (unsigned long long)ph->p_paddr, (unsigned long long)ph->p_memsz,
		            (unsigned long long)(ram_size >> 20));
	if (!i386 && ph->p_vaddr != ph->p_paddr + VMM_KERNEL_BASE)
		return fail("%s: segment virtual address 0x%llx is not physical 0x%llx + 0x%llx",
		            path, (unsigned long long)ph->p_vaddr, (unsigned long long)ph->p_paddr,
		            (unsigned long long)VMM_KERNEL_BASE);
	return 0;
}

static int check_layout(const char *path, const struct kernel *k, uint64_t entry_ok)
{
	if (k->nseg == 0)
		return fail("%s: no loadable segment", path);
	for (int i = 0; i < k->nseg; i++)
		for (int j = i + 1; j < k->nseg; j++)
			if (k->seg[i].paddr < k->seg[j].paddr + k->seg[j].memsz &&
			    k->seg[j].paddr < k->seg[i].paddr + k->seg[i].memsz)
				return fail("%s: segments %d and %d overlap", path, i, j);
	if (!entry_ok)
		return fail("%s: entry point 0x%llx is not in an executable segment", path,
		            (unsigned long long)k->entry);
	return 0;
}

static int collect_segments(const char *path, Elf *e, const uint8_t *buf, uint64_t len,
                            uint64_t ram_size, struct kernel *k)
{
	size_t n;
	if (elf_getphdrnum(e, &n) != 0)
		return fail("%s: bad program headers: %s", path, elf_errmsg(-1));
	int entry_ok = 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph))
			return fail("%s: bad program header %zu: %s", path, i, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (check_segment(path, &ph, len, ram_size, k->i386) < 0)
			return -1;
		if (k->nseg == KERNEL_MAX_SEGS)
			return fail("%s: more than %d loadable segments", path, KERNEL_MAX_SEGS);
		/* The entry is virtual on x86-64, physical (paging off) on i386. */
		uint64_t base = k->i386 ? ph.p_paddr : ph.p_vaddr;
		if ((ph.p_flags & PF_X) && k->entry >= base && k->entry - base < ph.p_memsz)
			entry_ok = 1;
		if (k->nseg == 0 || ph.p_vaddr < k->vstart)
			k->vstart = ph.p_vaddr;
		uint64_t end = (ph.p_paddr + ph.p_memsz + PAGE - 1) & ~(PAGE - 1);
		if (end > k->end)
			k->end = end;
		k->seg[k->nseg++] = (struct kernel_seg){.paddr = ph.p_paddr,
		                                        .filesz = ph.p_filesz,
		                                        .memsz = ph.p_memsz,
		                                        .data = buf + ph.p_offset};
	}
	return check_layout(path, k, entry_ok);
}

int kernel_parse(const char *path, uint8_t *buf, uint64_t len, uint64_t ram_size, struct kernel *k)
{
	*k = (struct kernel){0};
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail("libelf is out of date");
	Elf *e = elf_memory((char *)buf, len);
	if (!e)
		return fail("%s: cannot read ELF: %s", path, elf_errmsg(-1));
	int r = check_header(path, e, k);
	if (r == 0 && k->i386)
		r = check_multiboot(path, buf, len);
	if (r == 0) {
		GElf_Ehdr eh;
		gelf_getehdr(e, &eh);
		k->entry = eh.e_entry;
		r = collect_segments(path, e, buf, len, ram_size, k);
	}
	elf_end(e);
	return r;
}

int kernel_load(const struct kernel *k, struct guest_mem *m)
{
	for (int i = 0; i < k->nseg; i++) {
		const struct kernel_seg *s = &k->seg[i];
		uint8_t *dst = gpa_ptr(m, s->paddr, s->memsz);
		if (!dst)
			return fail("kernel segment at 0x%llx outside guest RAM",
			            (unsigned long long)s->paddr);
		memcpy(dst, s->data, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
	return 0;
}
