/* Wrappers for x86 instructions C cannot express, in forms that assemble
 * for both architectures (x86-64 and i386): register-sized values are
 * unsigned long, 64-bit ones go through EDX:EAX explicitly, and pushf
 * takes the mode's operand size. */
#ifndef X86_H
#define X86_H

#include <stdint.h>

#define FL_IF 0x200 /* (R/E)FLAGS: interrupts enabled */

static inline void outl(uint16_t port, uint32_t v)
{
	/* "memory": a descriptor the port reads must be stored before the exit. */
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

/* n 16-bit words from port to dst, and from src to port: an ATA sector. */
static inline void insw(uint16_t port, void *dst, unsigned long n)
{
	__asm__ volatile("rep insw" : "+D"(dst), "+c"(n) : "d"(port) : "memory");
}

static inline void outsw(uint16_t port, const void *src, unsigned long n)
{
	__asm__ volatile("rep outsw" : "+S"(src), "+c"(n) : "d"(port) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | (uint64_t)hi << 32;
}

static inline void halt(void)
{
	__asm__ volatile("hlt");
}

static inline unsigned long rcr2(void)
{
	unsigned long v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void lcr3(unsigned long pa)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(pa) : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | (uint64_t)hi << 32;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* ECX of CPUID leaf 1: the feature bits the kernel asks about. */
static inline uint32_t cpuid1_ecx(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return c;
}

static inline int intr_enabled(void)
{
	unsigned long f;

	__asm__ volatile("pushf; pop %0" : "=r"(f));
	return (f & FL_IF) != 0;
}

static inline void intr_off(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void intr_on(void)
{
	__asm__ volatile("sti" : : : "memory");
}

/*
 * Wait for an interrupt with interrupts enabled only while halted. sti holds
 * interrupts off for one more instruction, so one arriving between the two
 * wakes the hlt rather than being lost; and kvm_pvm does not deliver a
 * pending interrupt inside a short sti..cli window at all, only at a hlt.
 */
static inline void intr_wait(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause");
}

/* lgdt/lidt operand: limit, then the table's linear address. */
struct dtr {
	uint16_t limit;
	unsigned long base;
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
