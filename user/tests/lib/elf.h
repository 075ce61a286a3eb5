/*
 * Executables made at run time, good and bad, for the exec tests (elf.c):
 * the good ones exit with ELF_GOOD_STATUS, or 0 for the E_BSS ones, which
 * check that memory past the file's bytes is zero; exec must refuse the
 * others, each of which differs from the good one in one flaw.
 */
#ifndef ELF_H
#define ELF_H

#define ELF_GOOD_STATUS 42
enum elf_case {
	E_GOOD,
	E_BSS_PAGE,
	E_BSS_NEXT,
	E_SHARED_PAGE,
	E_NOTES,
	E_EMPTY_LOAD,
	E_NGOOD, /* the bad ones from here */
	E_EMPTY = E_NGOOD,
	E_SHORT_HEADER,
	E_SHORT_PHDRS,
	E_SHORT_SEGMENT,
	E_MAGIC,
	E_CLASS,
	E_BIG_ENDIAN,
	E_X86_OTHER,
	E_AARCH64,
	E_DYN,
	E_REL,
	E_PHENTSIZE,
	E_PHOFF_PAST,
	E_PHOFF_ODD,
	E_NO_PHDRS,
	E_NO_LOAD,
	E_HUGE_PHNUM,
	E_KERNEL,
	E_DIRECT_MAP,
	E_NONCANONICAL,
	E_LOWER_TOP,
	E_PAGE0,
	E_MEMSZ_LT_FILESZ,
	E_PAST_USER,
	E_HUGE_LAST,
	E_WRAPS,
	E_OFFSET_WRAPS,
	E_OFFSET_PAST,
	E_OVERLAP,
	E_INSIDE,
	E_ENTRY_OUTSIDE,
	E_ENTRY_DATA,
	E_ENTRY_KERNEL,
	E_NCASES
};
/* What each case is, for messages. */
extern const char *const elf_case_names[E_NCASES];

/* Writes the executable of case c (enum elf_case) to path; 0, or why not. */
const char *write_elf(const char *path, int c);
/* 4 KiB of bytes that are no executable at all. */
const char *write_garbage(const char *path);

#endif
