/*
 * Executables made at run time, good and bad (exec.c runs them). The
 * good one is a few instructions that exit with the byte at an address
 * (in its data, in its zero-filled part, ...), so the exit status shows
 * the kernel loaded what the file says; each bad one differs from it in
 * one flaw.
 */
#include <stdint.h>
#include "usertests.h"

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define NPH      3
#define TEXT     0x10000ul /* the text segment: the headers and the code */
#define DATA     0x20000ul /* the data segment: 8 bytes of file, 3 pages */
#define DATA_MEM 0x3000ul
#define PT_LOAD  1
#define PT_NOTE  4
#define PF_X     1
#define PF_W     2
#define PF_R     4

/* movabs $addr, %rax; movzbl (%rax), %edi; mov $SYS_exit, %eax;
 * int $0x40; jmp . */
struct code {
	uint8_t movabs[2];
	uint64_t addr;
	uint8_t rest[12];
} __attribute__((packed));

/* The file: headers, code, data (after a few bytes of padding). */
struct image {
	struct ehdr eh;
	struct phdr ph[NPH];
	struct code code;
	uint64_t data;
};

#define CODE_OFF __builtin_offsetof(struct image, code)
#define DATA_OFF __builtin_offsetof(struct image, data)

static void good(struct image *im)
{
	static const struct code code = {
	    {0x48, 0xb8},
	    DATA,
	    {0x0f, 0xb6, 0x38, 0xb8, SYS_exit, 0, 0, 0, 0xcd, SYSCALL_VECTOR, 0xeb, 0xfe}};

	memset(im, 0, sizeof(*im));
	memcpy(im->eh.ident, "\177ELF\2\1\1", 7); /* 64-bit, little-endian, version 1 */
	im->eh.type = 2;                          /* ET_EXEC */
	im->eh.machine = 62;                      /* EM_X86_64 */
	im->eh.version = 1;
	im->eh.entry = TEXT + CODE_OFF;
	im->eh.phoff = sizeof(struct ehdr);
	im->eh.ehsize = sizeof(struct ehdr);
	im->eh.phentsize = sizeof(struct phdr);
	im->eh.phnum = NPH;
	im->ph[0] = (struct phdr){PT_LOAD, PF_R | PF_X, 0, TEXT, TEXT, DATA_OFF, DATA_OFF, PGSIZE};
	im->ph[1] = (struct phdr){PT_LOAD, PF_R | PF_W, DATA_OFF, DATA, DATA, 8, DATA_MEM, PGSIZE};
	im->ph[2] = (struct phdr){PT_NOTE, PF_R, 0, 0, 0, 0, 0, 4};
	im->code = code;
	im->data = ELF_GOOD_STATUS;
}

/* The good variants and the flaws of the file and its header, applied to
 * a good image; the file's length. */
static unsigned long flaw_file(struct image *im, int c)
{
	struct phdr *t = &im->ph[0], *d = &im->ph[1], *x = &im->ph[2];
	unsigned long len = sizeof(*im);

	switch (c) {
	/* good, exit status 0: the byte is zero-filled memory */
	case E_BSS_PAGE:
		im->code.addr = DATA + 100;
		break;
	case E_BSS_NEXT:
		im->code.addr = DATA + DATA_MEM - 1;
		break;
	/* good, ELF_GOOD_STATUS */
	case E_SHARED_PAGE:
		d->vaddr = TEXT + DATA_OFF + 8;
		im->code.addr = d->vaddr;
		break;
	case E_NOTES:
		*x = (struct phdr){0x6474e551, PF_R | PF_W, 0, KERNEL_TEXT, 0, 0, 64, 16};
		break;
	case E_EMPTY_LOAD:
		*x = (struct phdr){PT_LOAD, PF_R, 0, KERNEL_TEXT, 0, 0, 0, PGSIZE};
		break;
	/* bad files */
	case E_EMPTY:
		len = 0;
		break;
	case E_SHORT_HEADER:
		len = 32;
		break;
	case E_SHORT_PHDRS:
		len = sizeof(struct ehdr) + 20;
		break;
	case E_SHORT_SEGMENT:
		len = CODE_OFF + 4;
		break;
	case E_MAGIC:
		im->eh.ident[1] = 'F';
		break;
	case E_CLASS32:
		im->eh.ident[4] = 1;
		break;
	case E_BIG_ENDIAN:
		im->eh.ident[5] = 2;
		break;
	case E_I386:
		im->eh.machine = 3;
		break;
	case E_AARCH64:
		im->eh.machine = 183;
		break;
	case E_DYN:
		im->eh.type = 3;
		break;
	case E_REL:
		im->eh.type = 1;
		break;
	case E_PHENTSIZE:
		im->eh.phentsize = 32;
		break;
	case E_PHOFF_PAST:
		im->eh.phoff = 1 << 20;
		break;
	case E_PHOFF_ODD:
		im->eh.phoff = 65;
		break;
	case E_NO_PHDRS:
		im->eh.phnum = 0;
		break;
	case E_NO_LOAD:
		t->type = d->type = PT_NOTE;
		break;
	case E_HUGE_PHNUM:
		im->eh.phnum = 0xffff;
		break;
	}
	return len;
}

/* The flaws of the segments and the entry point. */
static void flaw_segments(struct image *im, int c)
{
	struct phdr *t = &im->ph[0], *d = &im->ph[1], *x = &im->ph[2];

	switch (c) {
	/* bad segments */
	case E_KERNEL:
		t->vaddr = KERNEL_TEXT;
		im->eh.entry = KERNEL_TEXT + CODE_OFF;
		break;
	case E_DIRECT_MAP:
		d->vaddr = DIRECT_MAP + 0x200000;
		break;
	case E_NONCANONICAL:
		d->vaddr = FIRST_NONCANO;
		break;
	case E_LOWER_TOP:
		d->vaddr = LOWER_TOP;
		break;
	case E_PAGE0:
		t->vaddr = 0;
		im->eh.entry = CODE_OFF;
		break;
	case E_MEMSZ_LT_FILESZ:
		d->memsz = 4;
		break;
	case E_HUGE_1T:
		d->memsz = 1ul << 40;
		break;
	case E_HUGE_LAST:
		d->memsz = 1ul << 38;
		break; /* 256 GiB: more than any RAM here */
	case E_WRAPS:
		d->memsz = -DATA;
		break;
	case E_OFFSET_WRAPS:
		d->offset = -PGSIZE;
		d->filesz = 2 * PGSIZE;
		break;
	case E_OFFSET_PAST:
		d->offset = 1 << 20;
		break;
	case E_OVERLAP:
		d->vaddr = TEXT + 0x80;
		break;
	case E_INSIDE:
		*x = *t;
		x->vaddr = TEXT + 16;
		x->memsz = x->filesz = 32;
		break;
	/* bad entry points */
	case E_ENTRY_OUTSIDE:
		im->eh.entry = 0x900000;
		break;
	case E_ENTRY_DATA:
		im->eh.entry = DATA;
		break;
	case E_ENTRY_KERNEL:
		im->eh.entry = KERNEL_TEXT;
		break;
	}
}

const char *write_elf(const char *path, int c)
{
	static struct image im;
	unsigned long len;

	good(&im);
	len = flaw_file(&im, c);
	flaw_segments(&im, c);
	return make_file(path, (const char *)&im, (long)len);
}

/* 4 KiB of bytes that are no executable at all. */
const char *write_garbage(const char *path)
{
	static char junk[PGSIZE];

	pat_fill(junk, 3, 0, sizeof(junk));
	return make_file(path, junk, sizeof(junk));
}
