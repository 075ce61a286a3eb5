/* The ELF format of user programs on this architecture: ELF64, x86-64. */
#ifndef ELF_H
#define ELF_H

#include <stdint.h>

#define ELF_MAGIC   0x464C457F /* "\x7FELF", little-endian */
#define ELF_CLASS   2          /* ELFCLASS64 */
#define ELF_DATA    1          /* ELFDATA2LSB */
#define ELF_MACHINE 62         /* EM_X86_64 */
#define ET_EXEC     2
#define PT_LOAD     1
#define PF_X        1
#define PF_W        2

struct elfhdr {
	uint32_t magic;
	uint8_t class, data, version, osabi;
	uint8_t pad[8];
	uint16_t type, machine;
	uint32_t version2;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

_Static_assert(sizeof(struct elfhdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct proghdr) == 56, "ELF64 program header");

#endif
