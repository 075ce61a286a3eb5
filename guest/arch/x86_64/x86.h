/* Wrappers for x86 instructions C cannot express. */
#ifndef X86_H
#define X86_H

#include <stdint.h>

static inline void outl(uint16_t port, uint32_t v)
{
	/* "memory": a descriptor the port reads must be stored before the exit. */
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void halt(void)
{
	__asm__ volatile("hlt");
}

static inline uint64_t rcr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

/* lgdt/lidt operand: limit, then the table's linear address. */
struct dtr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static inline void lgdt(const struct dtr *d)
{
	__asm__ volatile("lgdt %0" : : "m"(*d));
}

static inline void lidt(const struct dtr *d)
{
	__asm__ volatile("lidt %0" : : "m"(*d));
}

static inline void ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel));
}

#endif
