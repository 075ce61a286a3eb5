/* The hostile guest's helpers: the seeded generator, guest-physical memory
 * as the ABI defines it, where to put a descriptor, counted port I/O, and
 * output through the console device. */
#include "hostile.h"

struct tally tally;
uint64_t ram_size;
uint64_t iteration;

static uint64_t state;

void rnd_seed(uint64_t seed)
{
	state = seed ? seed : 0x9e3779b97f4a7c15ull; /* xorshift must not start at 0 */
}

/* xorshift64*: cheap in emulated instructions, good enough to choose cases. */
uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dull;
}

/* A number in [0, n): the high half of a 128-bit product, no division. */
uint64_t below(uint64_t n)
{
	return (uint64_t)(((unsigned __int128)rnd() * n) >> 64);
}

int chance(unsigned percent)
{
	return below(100) < percent;
}

void *phys(uint64_t pa)
{
	return (void *)(VMM_DIRECT_BASE + pa);
}

/* Wholly inside guest RAM: what the ABI asks of every range. */
int in_ram(uint64_t pa, uint64_t len)
{
	return len <= ram_size && pa <= ram_size - len;
}

/* Whether [a, a+alen) and [b, b+blen), both in RAM, share a byte. */
int touches(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* In RAM and outside this kernel: a request may write there. */
int writable(uint64_t pa, uint64_t len)
{
	return in_ram(pa, len) &&
	       !touches(pa, len, VMM_RESERVED_END, PROTECT_END - VMM_RESERVED_END);
}

/* Stores the bytes of a descriptor that fall in RAM; the rest (past the
 * end of RAM) has nowhere to go. Never over this kernel. */
void put_phys(uint64_t pa, const void *src, size_t n)
{
	if (!in_ram(pa, 1))
		return;
	if (n > ram_size - pa)
		n = ram_size - pa;
	if (writable(pa, n))
		memcpy(phys(pa), src, n);
}

/* The monitor's boot structures: the boot information, the GDT, the page
 * tables it built; the guest no longer uses them. */
static uint64_t low_spot(uint64_t total)
{
	static const uint64_t spots[] = {0,
	                                 VMM_BOOT_INFO,
	                                 VMM_BOOT_GDT,
	                                 VMM_BOOT_PML4,
	                                 VMM_BOOT_PML4 + 0x1000,
	                                 VMM_BOOT_PML4 + 0x3000};
	if (chance(60))
		return spots[below(sizeof(spots) / sizeof(spots[0]))] + 8 * below(8);
	return below(VMM_RESERVED_END - total);
}

/* Where a descriptor of fixed header bytes and total bytes goes: mostly
 * in scratch or over the monitor's boot structures, else with its header
 * or its array straddling the end of RAM, outside RAM, or anywhere (the
 * value is what the 32-bit OUT carries). Never over this kernel: the
 * monitor stores a status into it. */
uint32_t place(uint64_t fixed, uint64_t total)
{
	uint64_t r = below(100), gpa;
	if (r < 45)
		gpa = ZONE_DESC + below(4 * MIB - total) / 8 * 8 + (chance(10) ? below(8) : 0);
	else if (r < 65)
		gpa = low_spot(total);
	else if (r < 75 || (r < 85 && total == fixed))
		gpa = ram_size - 1 - below(fixed - 1);
	else if (r < 85)
		gpa = ram_size - fixed - below(total - fixed);
	else if (r < 95)
		gpa = chance(50) ? ram_size + below(4 * GIB - ram_size) : 0xffffffffu - below(64);
	else
		gpa = (uint32_t)rnd();
	if (in_ram(gpa, 1) && !writable(gpa, total < ram_size - gpa ? total : ram_size - gpa))
		gpa = ZONE_DESC;
	return (uint32_t)gpa;
}

/* An address at which len (> 0) bytes are not wholly in RAM: past the end,
 * straddling it, wrapping past 2^64, or ok_addr (a good address) moved up
 * by 4 GiB or 2^63, which a monitor that truncated addresses would take. */
uint64_t bad_range(uint64_t len, uint64_t ok_addr)
{
	switch (below(6)) {
	case 0:
		return ram_size + below(1ull << 40);
	case 1:
		return ram_size - below(len < ram_size ? len : ram_size);
	case 2:
		return (uint64_t)0 - 1 - below(len);
	case 3:
		return ok_addr + 4 * GIB;
	case 4:
		return ok_addr + (1ull << 63);
	default:
		return rnd() | 1ull << 63;
	}
}

/* ---- Counted port I/O ---- */

uint32_t port_in(enum dev d, uint16_t port, unsigned size)
{
	uint32_t v = 0;
	if (size == 1)
		__asm__ volatile("inb %1, %b0" : "=a"(v) : "Nd"(port) : "memory");
	else if (size == 2)
		__asm__ volatile("inw %1, %w0" : "=a"(v) : "Nd"(port) : "memory");
	else
		__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	if (d == D_COUNT)
		tally.unclaimed_in++;
	else
		tally.tried[d]++;
	return v;
}

void port_out(enum dev d, uint16_t port, unsigned size, uint32_t v)
{
	/* "memory": the descriptor must be in RAM before the exit. */
	if (size == 1)
		__asm__ volatile("outb %b0, %1" : : "a"(v), "Nd"(port) : "memory");
	else if (size == 2)
		__asm__ volatile("outw %w0, %1" : : "a"(v), "Nd"(port) : "memory");
	else
		__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
	if (d == D_COUNT)
		tally.unclaimed_out++;
	else
		tally.tried[d]++;
}

void refused(enum dev d)
{
	tally.errors[d]++;
}

/* The status the monitor stored must be one the ABI allows; one other than
 * OK (or EOF, which is news, not a failure) is a refusal. */
void check_status(enum dev d, uint32_t status, uint32_t allowed)
{
	if (status >= 32 || !(allowed & ST(status)))
		wrong("status not allowed", status);
	if (status != VMM_STATUS_OK && status != VMM_STATUS_EOF)
		refused(d);
}

void store(const struct request *r)
{
	static const uint32_t impossible = 0xffffffff;
	put_phys(r->gpa, r->desc, r->size);
	put_phys(r->gpa + r->status_off, &impossible, sizeof(impossible));
}

/* Sends the stored request; the status the monitor stored, or 0xffffffff
 * when the descriptor's fixed part is not in RAM. */
uint32_t submit(const struct request *r)
{
	uint32_t status = 0xffffffff;
	port_out(r->dev, PORT_OF(r->dev), 4, r->gpa);
	if (!in_ram(r->gpa, r->fixed)) {
		refused(r->dev); /* nowhere to store a status */
		return status;
	}
	__builtin_memcpy(&status, (uint8_t *)phys(r->gpa) + r->status_off, sizeof(status));
	check_status(r->dev, status, r->allowed ? r->allowed : ST(VMM_STATUS_OK));
	return status;
}

uint32_t send(const struct request *r)
{
	store(r);
	return submit(r);
}

/* ---- Output ---- */

void print(const char *s)
{
	static struct vmm_buf b;
	uint32_t n = 0;
	while (s[n])
		n++;
	b = (struct vmm_buf){.addr = (uint64_t)s - VMM_KERNEL_BASE, .len = n};
	__asm__ volatile("outl %0, %1"
	                 :
	                 : "a"((uint32_t)((uint64_t)&b - VMM_KERNEL_BASE)), "Nd"(VMM_PORT_CONSOLE)
	                 : "memory");
}

void print_u64(uint64_t v)
{
	char buf[21];
	int i = sizeof(buf) - 1;
	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	print(buf + i);
}

/* Reports the first few answers the ABI does not allow, counts them all. */
void wrong(const char *what, uint32_t status)
{
	if (tally.wrong++ >= 10)
		return;
	print("\nhostile: wrong answer at input ");
	print_u64(iteration);
	print(": ");
	print(what);
	print(", status ");
	print_u64(status);
	print("\n");
}

/* GCC may emit calls to these for structure copies. Each kernel
 * instruction is emulated on kvm_pvm, where rep movsq moves 8 bytes per
 * step and a byte loop 1. */
void *memset(void *d, int c, size_t n)
{
	uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

__attribute__((noinline)) void *memcpy(void *d, const void *s, size_t n)
{
	void *to = d;
	size_t words = n / 8, bytes = n % 8;
	__asm__ volatile("rep movsq" : "+D"(to), "+S"(s), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(to), "+S"(s), "+c"(bytes) : : "memory");
	return d;
}
