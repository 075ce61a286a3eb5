/* Fuzz target: the gdb stub's packet framing and command parser
 * (monitor/debug/gdb_packet.c) and the register packets (gdb_regs.c). The
 * input is the byte stream a debugger sends: it goes through the framer a
 * byte at a time, and every complete packet is parsed and its data
 * decoded as the stub would.
 *
 * Checked: a packet never exceeds GDB_PACKET_MAX; a parsed command's data
 * lies inside its packet and its lengths within the stub's limits; hex and
 * escaped data decode into exactly the length the command names, or are
 * refused; register writes leave the registers alone when refused; a
 * packet framed by the stub comes out of a framer whole with its checksum
 * good. */
#include <string.h>

#include "debug/gdb_packet.h"
#include "debug/gdb_regs.h"
#include "fuzz.h"

static struct gdb_framer framer, echo;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* The data a command names lies in the packet. */
static void check_bounds(const struct gdb_cmd *c, const char *p, size_t len)
{
	if (c->data) {
		FUZZ_CHECK(c->data >= p && c->data <= p + len);
		FUZZ_CHECK(c->data_len <= (size_t)(p + len - c->data));
	}
	FUZZ_CHECK(memchr(c->text, 0, sizeof(c->text)) != NULL);
	if (c->kind == GDB_CMD_READ_MEM || c->kind == GDB_CMD_WRITE_MEM)
		FUZZ_CHECK(c->len <= GDB_MEM_MAX);
	if (c->kind == GDB_CMD_INSERT_BP || c->kind == GDB_CMD_REMOVE_BP)
		FUZZ_CHECK(c->bp_type <= 4);
}

static void check_write_mem(const struct gdb_cmd *c)
{
	static uint8_t buf[GDB_MEM_MAX];
	int r = c->binary ? gdb_unescape(c->data, c->data_len, buf, c->len)
	                  : gdb_hex_decode(c->data, c->data_len, buf, c->len);
	if (!c->binary)
		FUZZ_CHECK(r < 0 || c->data_len == 2 * c->len);
}

/* A refused register write changes nothing. */
static void check_regs(const struct gdb_cmd *c)
{
	static char out[GDB_PACKET_MAX];
	for (int i386 = 0; i386 < 2; i386++) {
		struct kvm_regs r, r0;
		struct kvm_sregs s, s0;
		memset(&r, 0x5a, sizeof(r));
		memset(&s, 0xa5, sizeof(s));
		r0 = r;
		s0 = s;
		int bad = c->kind == GDB_CMD_WRITE_REGS
		              ? gdb_regs_write_all(i386, c->data, c->data_len, &r, &s)
		              : gdb_reg_write(i386, c->reg, c->data, c->data_len, &r, &s);
		if (bad)
			FUZZ_CHECK(!memcmp(&r, &r0, sizeof(r)) && !memcmp(&s, &s0, sizeof(s)));
		FUZZ_CHECK(gdb_regs_read_all(i386, &r, &s, out, sizeof(out)) > 0);
		gdb_reg_read(i386, c->reg, &r, &s, out, sizeof(out));
	}
}

/* What the stub frames, a framer takes back whole. */
static void check_frame(const char *p, size_t len)
{
	static char framed[2 * GDB_PACKET_MAX + 8];
	size_t n = gdb_frame(p, len, framed, sizeof(framed));
	FUZZ_CHECK(n >= len + 4 && n <= 2 * len + 4);
	gdb_framer_init(&echo);
	enum gdb_event ev = GDB_EV_NONE;
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(ev == GDB_EV_NONE);
		ev = gdb_framer_feed(&echo, (uint8_t)framed[i]);
	}
	FUZZ_CHECK(ev == GDB_EV_PACKET || (ev == GDB_EV_BAD && echo.overflow));
}

static void check_packet(const char *p, size_t len)
{
	static struct gdb_cmd c;
	FUZZ_CHECK(len <= GDB_PACKET_MAX && p[len] == 0);
	gdb_parse(p, len, &c);
	check_bounds(&c, p, len);
	if (c.kind == GDB_CMD_WRITE_MEM)
		check_write_mem(&c);
	if (c.kind == GDB_CMD_WRITE_REGS || c.kind == GDB_CMD_WRITE_REG)
		check_regs(&c);
	check_frame(p, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gdb_framer_init(&framer);
	for (size_t i = 0; i < size; i++)
		if (gdb_framer_feed(&framer, data[i]) == GDB_EV_PACKET)
			check_packet(framer.buf, framer.len);
	return 0;
}
