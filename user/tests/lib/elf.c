/*
 * Executables made at run time, good and bad (elf.h; the exec tests of
 * usertests and fstest run them). The good one is a few instructions that
 * exit with the byte at an address (in its data, in its zero-filled
 * part, ...), so the exit status shows the kernel loaded what the file
 * says; each bad one differs from it in one flaw.
 */
#include "elf.h"
#include "elf_format.h"
#include "testlib.h"

#define NPH      3
#define TEXT     0x10000ul /* the text segment: the headers and the code */
#define DATA     0x20000ul /* the data segment: 8 bytes of file, 3 pages */
#define DATA_MEM 0x3000ul

const char *const elf_case_names[E_NCASES] = {
    [E_GOOD] = "a good executable",
    [E_BSS_PAGE] = "zeros after the data in its page",
    [E_BSS_NEXT] = "zeros in the data segment's last page",
    [E_SHARED_PAGE] = "two segments sharing a page",
    [E_NOTES] = "a program header that is not PT_LOAD",
    [E_EMPTY_LOAD] = "an empty PT_LOAD at a kernel address",
    [E_EMPTY] = "an empty file",
    [E_SHORT_HEADER] = "a truncated ELF header",
    [E_SHORT_PHDRS] = "truncated program headers",
    [E_SHORT_SEGMENT] = "a segment past the end of the file",
    [E_MAGIC] = "bad magic",
    [E_CLASS] = "the other ELF class (32 or 64 bits)",
    [E_BIG_ENDIAN] = "big-endian",
    [E_X86_OTHER] = "the other x86 (i386 or x86-64)",
    [E_AARCH64] = "machine aarch64",
    [E_DYN] = "ET_DYN",
    [E_REL] = "ET_REL",
    [E_PHENTSIZE] = "a wrong program header size",
    [E_PHOFF_PAST] = "program headers past the end",
    [E_PHOFF_ODD] = "misaligned program headers",
    [E_NO_PHDRS] = "no program headers",
    [E_NO_LOAD] = "no PT_LOAD segment",
    [E_HUGE_PHNUM] = "65535 program headers",
    [E_KERNEL] = "a segment in the kernel image",
    [E_DIRECT_MAP] = "a segment in the direct map",
    [E_NONCANONICAL] = "a segment at a non-canonical address (i386: the top page)",
    [E_LOWER_TOP] = "a segment across the end of user memory",
    [E_PAGE0] = "a segment in page 0",
    [E_MEMSZ_LT_FILESZ] = "memsz < filesz",
    [E_PAST_USER] = "memsz past the end of user memory",
    [E_HUGE_LAST] = "memsz inside user memory, more than RAM",
    [E_WRAPS] = "a segment wrapping around",
    [E_OFFSET_WRAPS] = "a file offset wrapping around",
    [E_OFFSET_PAST] = "a file offset past the end",
    [E_OVERLAP] = "overlapping segments",
    [E_INSIDE] = "a segment inside another",
    [E_ENTRY_OUTSIDE] = "an entry point outside every segment",
    [E_ENTRY_DATA] = "an entry point in a segment that is not executable",
    [E_ENTRY_KERNEL] = "an entry point in the kernel",
};

/* The machine code: exits with the byte at an address (uarch.h). */
static const unsigned char code[] = UELF_BYTE_EXIT_CODE(SYS_exit, SYSCALL_VECTOR);

/* The file: headers, code, data (after a few bytes of padding). The
 * headers are this machine's ELF class (elf_format.h). */
struct image {
	struct elfhdr eh;
	struct proghdr ph[NPH];
	unsigned char code[sizeof(code)];
	uint64_t data;
};

#define CODE_OFF __builtin_offsetof(struct image, code)
#define DATA_OFF __builtin_offsetof(struct image, data)

/* The address whose byte the code exits with. */
static void exit_with_byte_at(struct image *im, unsigned long addr)
{
	memcpy(im->code + UELF_BYTE_EXIT_ADDR, &addr, sizeof(addr));
}

static struct proghdr segment(int type, int flags, unsigned long off, unsigned long va,
                              unsigned long filesz, unsigned long memsz)
{
	return (struct proghdr){.type = type,
	                        .flags = flags,
	                        .offset = off,
	                        .vaddr = va,
	                        .paddr = va,
	                        .filesz = filesz,
	                        .memsz = memsz,
	                        .align = PGSIZE};
}

static void good(struct image *im)
{
	memset(im, 0, sizeof(*im));
	im->eh.magic = ELF_MAGIC;
	im->eh.class = ELF_CLASS;
	im->eh.data = ELF_DATA_LSB;
	im->eh.ident_version = ELF_VERSION;
	im->eh.type = ET_EXEC;
	im->eh.machine = ELF_MACHINE;
	im->eh.version = ELF_VERSION;
	im->eh.entry = TEXT + CODE_OFF;
	im->eh.phoff = sizeof(struct elfhdr);
	im->eh.ehsize = sizeof(struct elfhdr);
	im->eh.phentsize = sizeof(struct proghdr);
	im->eh.phnum = NPH;
	im->ph[0] = segment(PT_LOAD, PF_R | PF_X, 0, TEXT, DATA_OFF, DATA_OFF);
	im->ph[1] = segment(PT_LOAD, PF_R | PF_W, DATA_OFF, DATA, 8, DATA_MEM);
	im->ph[2] = segment(PT_NOTE, PF_R, 0, 0, 0, 0);
	memcpy(im->code, code, sizeof(code));
	exit_with_byte_at(im, DATA);
	im->data = ELF_GOOD_STATUS;
}

/* The good variants and the flaws of the file and its header, applied to
 * a good image; the file's length. */
static unsigned long flaw_file(struct image *im, int c)
{
	struct proghdr *t = &im->ph[0], *d = &im->ph[1], *x = &im->ph[2];
	unsigned long len = sizeof(*im);

	switch (c) {
	/* good, exit status 0: the byte is zero-filled memory */
	case E_BSS_PAGE:
		exit_with_byte_at(im, DATA + 100);
		break;
	case E_BSS_NEXT:
		exit_with_byte_at(im, DATA + DATA_MEM - 1);
		break;
	/* good, ELF_GOOD_STATUS */
	case E_SHARED_PAGE:
		d->vaddr = d->paddr = TEXT + DATA_OFF + 8;
		exit_with_byte_at(im, d->vaddr);
		break;
	case E_NOTES:
		*x = segment(0x6474e551, PF_R | PF_W, 0, KERNEL_TEXT, 0, 64); /* PT_GNU_STACK */
		break;
	case E_EMPTY_LOAD:
		*x = segment(PT_LOAD, PF_R, 0, KERNEL_TEXT, 0, 0);
		break;
	/* bad files */
	case E_EMPTY:
		len = 0;
		break;
	case E_SHORT_HEADER:
		len = 32;
		break;
	case E_SHORT_PHDRS:
		len = sizeof(struct elfhdr) + 20;
		break;
	case E_SHORT_SEGMENT:
		len = CODE_OFF + 4;
		break;
	case E_MAGIC:
		im->eh.magic = 0x464C467F; /* "\x7FFLF" */
		break;
	case E_CLASS:
		im->eh.class = ELF_OTHER_CLASS;
		break;
	case E_BIG_ENDIAN:
		im->eh.data = 2; /* big-endian */
		break;
	case E_X86_OTHER:
		im->eh.machine = ELF_OTHER_MACHINE;
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
		im->eh.phentsize = sizeof(struct proghdr) + 8;
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
	struct proghdr *t = &im->ph[0], *d = &im->ph[1], *x = &im->ph[2];

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
		d->vaddr = NONCANONICAL;
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
	case E_PAST_USER:
		d->memsz = USER_END;
		break;
	case E_HUGE_LAST:
		d->memsz = FAR_UNMAPPED; /* inside user memory, more than any RAM here */
		break;
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

const char *write_garbage(const char *path)
{
	static char junk[PGSIZE];

	pat_fill(junk, 3, 0, sizeof(junk));
	return make_file(path, junk, sizeof(junk));
}
