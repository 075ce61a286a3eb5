/* Attacks on every port: the wrong size or direction, and on the console,
 * console-input, power-off and mark devices, on unclaimed ports and on an
 * address nothing backs. Each predicts from the ABI what the monitor must
 * answer and checks it. */
#include "hostile.h"

static const char text[] = "hostile: a valid console write\n";

static uint32_t all_ones(unsigned size)
{
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

/* String I/O: one exit per element (out) or a batch (in); each element is
 * one access the device refuses. */
static void rep_io(enum dev d, uint16_t port, unsigned size, int out)
{
	static uint32_t buf[8];
	uint64_t n = 1 + below(8), left = n;
	void *p = buf;
	memset(buf, 0, sizeof(buf));
	if (out && size == 1)
		__asm__ volatile("rep outsb" : "+S"(p), "+c"(left) : "d"(port) : "memory");
	else if (out)
		__asm__ volatile("rep outsw" : "+S"(p), "+c"(left) : "d"(port) : "memory");
	else if (size == 1)
		__asm__ volatile("rep insb" : "+D"(p), "+c"(left) : "d"(port) : "memory");
	else if (size == 2)
		__asm__ volatile("rep insw" : "+D"(p), "+c"(left) : "d"(port) : "memory");
	else
		__asm__ volatile("rep insl" : "+D"(p), "+c"(left) : "d"(port) : "memory");
	for (uint64_t i = 0; !out && i < n * size; i++)
		if (((uint8_t *)buf)[i] != 0xff)
			wrong("string read of a device port not all ones", 0);
	tally.tried[d] += n;
	tally.errors[d] += n;
}

/* What every device port refuses: reads, 8- and 16-bit writes (of values
 * that would be good as 32-bit ones, too), string I/O. */
void attack_misuse(enum dev d, uint16_t port)
{
	unsigned size = 1u << below(3);
	switch (below(4)) {
	case 0:
		if ((port_in(d, port, size) & all_ones(size)) != all_ones(size))
			wrong("read of a device port not all ones", 0);
		break;
	case 1:
		port_out(d, port, 1 + (unsigned)below(2), chance(50) ? (uint32_t)rnd() : ZONE_DESC);
		break;
	case 2:
		rep_io(d, port, size, 0);
		return;
	default:
		rep_io(d, port, 1 + (unsigned)below(2), 1);
		return;
	}
	refused(d);
}

/* A buffer descriptor's address and length: good, too long, not in RAM,
 * or garbage. */
static void buffer(struct vmm_buf *b, uint64_t good, uint32_t good_len)
{
	uint64_t r = below(10);
	b->addr = good;
	b->len = good_len;
	if (r < 3)
		return;
	if (r < 4)
		b->len = VMM_CONSOLE_MAX + 1 + (uint32_t)below(0xffffffffu - VMM_CONSOLE_MAX);
	else if (r < 7)
		b->addr = bad_range(b->len ? b->len : 1, good);
	else if (r < 8)
		b->len = 0, b->addr = ram_size + below(16);
	else
		b->addr = rnd(), b->len = chance(50) ? (uint32_t)rnd() : (uint32_t)below(64);
}

void attack_console(void)
{
	struct vmm_buf b;
	buffer(&b, (uint64_t)text - VMM_KERNEL_BASE, (uint32_t)below(sizeof(text)));
	uint32_t allowed = (b.len > VMM_CONSOLE_MAX ? ST(VMM_STATUS_EINVAL) : 0) |
	                   (!in_ram(b.addr, b.len) ? ST(VMM_STATUS_EFAULT) : 0);
	if (!allowed)
		tally.valid[D_CONSOLE]++;
	struct request r = {D_CONSOLE, place(sizeof(b), sizeof(b)), &b, sizeof(b), sizeof(b), 12,
	                    allowed};
	send(&r);
}

/* Console input lands in the buffer: a good one is anywhere writable,
 * the descriptor itself included. */
void attack_console_in(void)
{
	struct vmm_buf b;
	uint32_t gpa = place(sizeof(b), sizeof(b)), len = (uint32_t)below(4096);
	uint64_t good = chance(30) && writable(gpa, len) ? gpa : ZONE_READ + below(MIB);
	buffer(&b, good, len);
	if (in_ram(b.addr, b.len) && !writable(b.addr, b.len))
		b.addr = ZONE_READ; /* input would land on this kernel */
	int ok = in_ram(b.addr, b.len);
	if (ok)
		tally.valid[D_CONSOLE_IN]++;
	uint32_t allowed = ok ? ST(VMM_STATUS_OK) | ST(VMM_STATUS_EOF) : ST(VMM_STATUS_EFAULT);
	struct request r = {D_CONSOLE_IN, gpa, &b, sizeof(b), sizeof(b), 12, allowed};
	/* A status of OK or EOF was stored, so the descriptor is in RAM. */
	uint32_t status = send(&r), got = 0;
	if (status == VMM_STATUS_OK || status == VMM_STATUS_EOF)
		__builtin_memcpy(&got, (uint8_t *)phys(gpa) + 8, sizeof(got));
	if (got > b.len)
		wrong("console input longer than the buffer", got);
}

/* Only a 32-bit value of a status and the panic bit powers off: each of
 * these has another bit set. */
void attack_poweroff(void)
{
	port_out(D_POWEROFF, VMM_PORT_POWEROFF, 4, (uint32_t)rnd() | 1u << (9 + below(23)));
	refused(D_POWEROFF);
}

/* Whether the mark device must take the label at gpa (vmm_abi.h). */
static int label_ok(uint32_t gpa)
{
	if (gpa == 0)
		return 1; /* closes a region */
	for (uint64_t n = 0; n < VMM_MARK_LABEL_MAX && in_ram(gpa + n, 1); n++) {
		uint8_t c = *(uint8_t *)phys(gpa + n);
		if (c == 0)
			return n > 0;
		if (c < 0x20 || c > 0x7e)
			return 0;
	}
	return 0;
}

/* Labels: good ones, the longest, too long (no NUL in the first
 * VMM_MARK_LABEL_MAX bytes), empty, with a control or non-ASCII byte,
 * garbage, straddling the end of RAM or outside it (place), and 0 (a
 * close). */
void attack_mark(void)
{
	static const char *const names[] = {"hostile", "h-1", "h-2", "h-3"};
	char label[VMM_MARK_LABEL_MAX + 8];
	uint32_t gpa = place(1, sizeof(label));
	uint64_t r = below(10), n = 0;
	memset(label, 0, sizeof(label));
	if (r < 3)
		for (const char *s = names[below(4)]; s[n]; n++)
			label[n] = s[n];
	else
		for (n = below(sizeof(label)); n > 0; n--)
			label[n - 1] = (char)(0x20 + below(0x5f));
	if (r == 3)
		label[below(VMM_MARK_LABEL_MAX / 2)] =
		    (char)(chance(50) ? 1 + below(0x1f) : 0x7f + below(0x81));
	else if (r == 4)
		for (n = 0; n < sizeof(label); n++)
			label[n] = (char)rnd();
	else if (r == 5)
		gpa = 0;
	put_phys(gpa, label, sizeof(label));
	int ok = label_ok(gpa);
	port_out(D_MARK, VMM_PORT_MARK, 4, gpa);
	if (ok)
		tally.valid[D_MARK]++;
	else
		refused(D_MARK);
}

/* A port no device claims: reads give all ones, writes vanish. */
void attack_unclaimed(void)
{
	uint16_t port;
	do
		port = (uint16_t)rnd();
	while (port >= VMM_PORT_CONSOLE && port <= VMM_PORT_COUNTERS);
	unsigned size = 1u << below(3);
	if (chance(50))
		port_out(D_COUNT, port, size, (uint32_t)rnd());
	else if ((port_in(D_COUNT, port, size) & all_ones(size)) != all_ones(size))
		wrong("read of an unclaimed port not all ones", port);
}

/* Loads and stores of 1 to 8 bytes, aligned or not, at a guest-physical
 * page nothing backs (mapped by main.c): reads give all ones. KVM hands the
 * monitor one exit per 4 KiB page an access touches. */
void attack_mmio(void)
{
	uint64_t va = VMM_DIRECT_BASE + MMIO_HOLE + below(2 * MIB - 8), v = 0, ones = ~0ull;
	unsigned size = 1u << below(4);
	int write = chance(50);
	if (size == 1 && write)
		*(volatile uint8_t *)va = (uint8_t)rnd();
	else if (size == 1)
		v = *(volatile uint8_t *)va, ones = 0xff;
	else if (size == 2 && write)
		*(volatile uint16_t *)va = (uint16_t)rnd();
	else if (size == 2)
		v = *(volatile uint16_t *)va, ones = 0xffff;
	else if (size == 4 && write)
		*(volatile uint32_t *)va = (uint32_t)rnd();
	else if (size == 4)
		v = *(volatile uint32_t *)va, ones = 0xffffffff;
	else if (write)
		*(volatile uint64_t *)va = rnd();
	else
		v = *(volatile uint64_t *)va;
	if (!write && v != ones)
		wrong("read of an unbacked address not all ones", size);
	tally.mmio += 1 + ((va & 4095) + size > 4096);
}
