/*
 * The ELF format of executables, shared by the kernel's exec (guest/exec.c),
 * which reads them, and the tests that write them by hand
 * (user/tests/lib/elf.c). Both classes are here: ELF32,
 * which i386 runs, and ELF64, which x86-64 runs; elfhdr and proghdr are the
 * class of the architecture being compiled for. Only what these users need
 * is named. All integers are little-endian.
 */
#ifndef ELF_FORMAT_H
#define ELF_FORMAT_H

#include <stdint.h>

#define ELF_MAGIC    0x464C457F /* "\x7FELF" as a little-endian word */
#define ELF_CLASS32  1
#define ELF_CLASS64  2
#define ELF_DATA_LSB 1 /* little-endian */
#define ELF_VERSION  1 /* the only version, of the header and of the file */
#define ET_EXEC      2
#define EM_386       3
#define EM_X86_64    62
#define PT_LOAD      1
#define PT_NOTE      4
#define PF_X         1
#define PF_W         2
#define PF_R         4

/*
 * The file header. Its first 16 bytes (e_ident) are the same in both
 * classes: the magic number, then the bytes that tell the class, the byte
 * order and the header's version.
 */
struct elf32_hdr {
	uint32_t magic;
	uint8_t class, data, ident_version, osabi;
	uint8_t pad[8];
	uint16_t type, machine;
	uint32_t version;
	uint32_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_hdr {
	uint32_t magic;
	uint8_t class, data, ident_version, osabi;
	uint8_t pad[8];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

/* A program header: one segment. ELF64 moves flags up, next to type, so
 * the 64-bit fields are aligned. */
struct elf32_phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

_Static_assert(sizeof(struct elf32_hdr) == 52, "ELF32 header");
_Static_assert(sizeof(struct elf32_phdr) == 32, "ELF32 program header");
_Static_assert(sizeof(struct elf64_hdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header");

/* This architecture's executables, and the other one's, which its exec
 * refuses. */
#if defined(__x86_64__)
#define elfhdr            elf64_hdr
#define proghdr           elf64_phdr
#define ELF_CLASS         ELF_CLASS64
#define ELF_MACHINE       EM_X86_64
#define ELF_OTHER_CLASS   ELF_CLASS32
#define ELF_OTHER_MACHINE EM_386
#elif defined(__i386__)
#define elfhdr            elf32_hdr
#define proghdr           elf32_phdr
#define ELF_CLASS         ELF_CLASS32
#define ELF_MACHINE       EM_386
#define ELF_OTHER_CLASS   ELF_CLASS64
#define ELF_OTHER_MACHINE EM_X86_64
#else
#error "elf_format.h: an architecture this project does not build for"
#endif

#endif
