/* i386 kernel ELF validation: ELF32 files with a Multiboot header, built in
 * memory. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/kernel_elf.h"
#include "multiboot.h"
#include "vmm_abi.h"

#define RAM       (64ull << 20)
#define KERNBASE  0x80000000u /* where an i386 kernel links itself: the monitor ignores it */
#define ENTRY_OFF 16          /* the entry's offset in code[] */

struct image {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[2];
	uint32_t mb[3]; /* the Multiboot header */
	uint8_t code[64];
};

/* A valid kernel: one R-X segment at 1 MiB holding the header and the
 * entry (a physical address), one RW .bss; virtual addresses at KERNBASE. */
static void make_valid(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS32;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_386;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = VMM_KERNEL_LOAD + ENTRY_OFF;
	im->eh.e_phoff = offsetof(struct image, ph);
	im->eh.e_ehsize = sizeof(Elf32_Ehdr);
	im->eh.e_phentsize = sizeof(Elf32_Phdr);
	im->eh.e_phnum = 2;
	im->ph[0] = (Elf32_Phdr){.p_type = PT_LOAD,
	                         .p_flags = PF_R | PF_X,
	                         .p_offset = offsetof(struct image, mb),
	                         .p_vaddr = KERNBASE + VMM_KERNEL_LOAD,
	                         .p_paddr = VMM_KERNEL_LOAD,
	                         .p_filesz = sizeof(im->mb) + sizeof(im->code),
	                         .p_memsz = sizeof(im->mb) + sizeof(im->code),
	                         .p_align = 4096};
	im->ph[1] = (Elf32_Phdr){.p_type = PT_LOAD,
	                         .p_flags = PF_R | PF_W,
	                         .p_vaddr = KERNBASE + 0x200000,
	                         .p_paddr = 0x200000,
	                         .p_memsz = 0x3000,
	                         .p_align = 4096};
	im->mb[0] = MULTIBOOT_HEADER_MAGIC;
	im->mb[1] = MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO;
	im->mb[2] = -(im->mb[0] + im->mb[1]);
	memset(im->code, 0x90, sizeof(im->code));
}

static int parse(struct image *im)
{
	struct kernel k;
	return kernel_parse("t", (uint8_t *)im, sizeof(*im), RAM, &k);
}

static void test_valid(void)
{
	struct image im;
	struct kernel k;
	make_valid(&im);
	CHECK(kernel_parse("t", (uint8_t *)&im, sizeof(im), RAM, &k) == 0);
	CHECK(k.i386 && k.nseg == 2 && k.entry == VMM_KERNEL_LOAD + ENTRY_OFF);
	CHECK(k.end == 0x203000 && k.vstart == KERNBASE + VMM_KERNEL_LOAD);
	struct guest_mem m = {.host = calloc(1, RAM), .size = RAM};
	CHECK(m.host && kernel_load(&k, &m) == 0);
	CHECK(m.host && memcmp(m.host + VMM_KERNEL_LOAD, im.mb, sizeof(im.mb)) == 0);
	free(m.host);
}

/* A header with these flags, its checksum right. */
static void set_flags(struct image *im, uint32_t flags)
{
	im->mb[1] = flags;
	im->mb[2] = -(im->mb[0] + im->mb[1]);
}

static void test_invalid(void)
{
	struct image im;
	make_valid(&im);
	im.eh.e_machine = EM_X86_64;
	CHECK(parse(&im) < 0); /* ELF32 for another machine */
	make_valid(&im);
	im.mb[0] = 0;
	CHECK(parse(&im) < 0); /* no Multiboot header */
	make_valid(&im);
	im.mb[2]++;
	CHECK(parse(&im) < 0); /* a bad checksum */
	make_valid(&im);
	set_flags(&im, MULTIBOOT_MEMORY_INFO | MULTIBOOT_VIDEO_MODE);
	CHECK(parse(&im) < 0); /* a video mode the monitor has not */
	make_valid(&im);
	set_flags(&im, MULTIBOOT_AOUT_KLUDGE);
	CHECK(parse(&im) < 0); /* load addresses in the header */
	make_valid(&im);
	set_flags(&im, 0);
	CHECK(parse(&im) == 0); /* asking for nothing is fine */
	make_valid(&im);
	im.eh.e_entry = KERNBASE + VMM_KERNEL_LOAD + ENTRY_OFF; /* virtual, not physical */
	CHECK(parse(&im) < 0);
	make_valid(&im);
	im.ph[1].p_paddr = 0x1000; /* over the monitor's area */
	CHECK(parse(&im) < 0);
	make_valid(&im);
	im.ph[1].p_paddr = RAM - 0x1000; /* past the end of RAM */
	CHECK(parse(&im) < 0);
}

void test_kernel_elf32(void)
{
	test_valid();
	test_invalid();
}
