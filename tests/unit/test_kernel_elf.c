/* Kernel ELF validation, on ELF files built in memory. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/kernel_elf.h"
#include "vmm_abi.h"

#define RAM (64ull << 20)

struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	uint8_t code[64];
};

/* A valid kernel: one R-X segment at 1 MiB holding the entry, one RW .bss. */
static void make_valid(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = VMM_KERNEL_BASE + VMM_KERNEL_LOAD;
	im->eh.e_phoff = offsetof(struct image, ph);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 2;
	im->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
	                         .p_flags = PF_R | PF_X,
	                         .p_offset = offsetof(struct image, code),
	                         .p_vaddr = VMM_KERNEL_BASE + VMM_KERNEL_LOAD,
	                         .p_paddr = VMM_KERNEL_LOAD,
	                         .p_filesz = sizeof(im->code),
	                         .p_memsz = sizeof(im->code),
	                         .p_align = 4096};
	im->ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
	                         .p_flags = PF_R | PF_W,
	                         .p_vaddr = VMM_KERNEL_BASE + 0x200000,
	                         .p_paddr = 0x200000,
	                         .p_memsz = 0x3000,
	                         .p_align = 4096};
	memset(im->code, 0x90, sizeof(im->code));
}

static int parse(struct image *im, uint64_t len)
{
	struct kernel k;
	return kernel_parse("t", (uint8_t *)im, len, RAM, &k);
}

static void test_valid(void)
{
	struct image im;
	struct kernel k;
	make_valid(&im);
	CHECK(kernel_parse("t", (uint8_t *)&im, sizeof(im), RAM, &k) == 0);
	CHECK(k.nseg == 2 && k.entry == VMM_KERNEL_BASE + VMM_KERNEL_LOAD);
	CHECK(k.end == 0x203000 && k.vstart == VMM_KERNEL_BASE + VMM_KERNEL_LOAD);
	struct guest_mem m = {.host = calloc(1, RAM), .size = RAM};
	memset(m.host + 0x200000, 0xaa, 0x3000);
	CHECK(m.host && kernel_load(&k, &m) == 0);
	CHECK(m.host[VMM_KERNEL_LOAD] == 0x90 && m.host[0x200000] == 0 && m.host[0x202fff] == 0);
	free(m.host);
}

static void test_invalid(void)
{
	struct image im;
	make_valid(&im);
	CHECK(parse(&im, 10) < 0);                               /* truncated header */
	CHECK(parse(&im, offsetof(struct image, code) + 8) < 0); /* truncated segment */
	make_valid(&im);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32; /* ELF64 contents under an ELF32 header */
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.eh.e_machine = EM_AARCH64;
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.eh.e_type = ET_DYN;
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.eh.e_entry += 0x100000; /* in no segment */
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.eh.e_entry = VMM_KERNEL_BASE + 0x200000; /* in a segment that is not executable */
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.ph[1].p_paddr = 0x1000, im.ph[1].p_vaddr = VMM_KERNEL_BASE + 0x1000; /* monitor area */
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.ph[1].p_paddr = RAM - 0x1000, im.ph[1].p_vaddr = VMM_KERNEL_BASE + RAM - 0x1000;
	CHECK(parse(&im, sizeof(im)) < 0); /* past the end of RAM */
	make_valid(&im);
	im.ph[1].p_memsz = UINT64_MAX - 0x1000; /* wraps */
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.ph[1].p_vaddr = 0x200000; /* not at VMM_KERNEL_BASE + paddr */
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.ph[1].p_paddr = VMM_KERNEL_LOAD + 0x20,
	im.ph[1].p_vaddr = VMM_KERNEL_BASE + VMM_KERNEL_LOAD + 0x20;
	CHECK(parse(&im, sizeof(im)) < 0); /* overlapping segments */
	make_valid(&im);
	im.ph[0].p_filesz = im.ph[0].p_memsz + 1;
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.ph[0].p_offset = UINT64_MAX - 8; /* offset wraps */
	CHECK(parse(&im, sizeof(im)) < 0);
	make_valid(&im);
	im.ph[0].p_type = im.ph[1].p_type = PT_NOTE;
	CHECK(parse(&im, sizeof(im)) < 0); /* nothing to load */
	uint8_t junk[256];
	memset(junk, 0x5a, sizeof(junk));
	struct kernel k;
	CHECK(kernel_parse("t", junk, sizeof(junk), RAM, &k) < 0);
}

void test_kernel_elf(void)
{
	test_valid();
	test_invalid();
}
