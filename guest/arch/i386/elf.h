/* The ELF format of user programs on this architecture: ELF32, i386. */
#ifndef ELF_H
#define ELF_H

#include <stdint.h>

#define ELF_MAGIC   0x464C457F /* "\x7FELF", little-endian */
#define ELF_CLASS   1          /* ELFCLASS32 */
#define ELF_DATA    1          /* ELFDATA2LSB */
#define ELF_MACHINE 3          /* EM_386 */
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
	uint32_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

_Static_assert(sizeof(struct elfhdr) == 52, "ELF32 header");
_Static_assert(sizeof(struct proghdr) == 32, "ELF32 program header");

#endif
