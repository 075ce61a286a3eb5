/* The GDB remote protocol's framing and command parser (gdb_packet.h).
 * Written from the protocol's documentation ("Overview", "Packets",
 * "General Query Packets" in gdb's manual). Every parse reads within
 * [p, end) and checks each number's size. */
#include "debug/gdb_packet.h"

#include <string.h>

enum { F_IDLE, F_DATA, F_SUM1, F_SUM2 };

void gdb_framer_init(struct gdb_framer *f)
{
	f->state = F_IDLE;
	f->len = 0;
	f->sum = f->got = 0;
	f->overflow = false;
	f->buf[0] = 0;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static enum gdb_event framer_idle(struct gdb_framer *f, uint8_t c)
{
	switch (c) {
	case '$':
		f->state = F_DATA;
		f->len = 0;
		f->sum = 0;
		f->overflow = false;
		return GDB_EV_NONE;
	case 0x03:
		return GDB_EV_INTERRUPT;
	case '+':
		return GDB_EV_ACK;
	case '-':
		return GDB_EV_NACK;
	default:
		return GDB_EV_NONE; /* noise between packets is ignored */
	}
}

/* A packet's checksum is the sum of its payload's bytes modulo 256, in
 * two hex digits after '#'. A packet longer than the buffer is read to its
 * end and refused, so the stream stays in step. */
enum gdb_event gdb_framer_feed(struct gdb_framer *f, uint8_t c)
{
	int v;
	switch (f->state) {
	case F_IDLE:
		return framer_idle(f, c);
	case F_DATA:
		if (c == '#') {
			f->state = F_SUM1;
		} else if (c == '$') { /* a new packet before the end: start again */
			f->len = 0;
			f->sum = 0;
			f->overflow = false;
		} else if (f->len < GDB_PACKET_MAX) {
			f->buf[f->len++] = (char)c;
			f->sum = (uint8_t)(f->sum + c);
		} else {
			f->overflow = true;
		}
		return GDB_EV_NONE;
	case F_SUM1:
		v = hex_value(c);
		f->got = (uint8_t)((v < 0 ? 0 : v) << 4);
		f->overflow |= v < 0;
		f->state = F_SUM2;
		return GDB_EV_NONE;
	default:
		v = hex_value(c);
		f->got = (uint8_t)(f->got | (v < 0 ? 0 : v));
		f->state = F_IDLE;
		f->buf[f->len] = 0;
		if (v < 0 || f->overflow || f->got != f->sum)
			return GDB_EV_BAD;
		return GDB_EV_PACKET;
	}
}

/* ---- Numbers and data ---- */

/* One hex number of 1 to 16 digits at *p. */
static bool take_hex(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int n = 0;
	for (; s < end && hex_value(*s) >= 0; s++, n++) {
		if (n == 16)
			return false;
		x = x << 4 | (uint64_t)hex_value(*s);
	}
	if (n == 0)
		return false;
	*p = s;
	*v = x;
	return true;
}

static bool take_char(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return false;
	(*p)++;
	return true;
}

/* A thread id: -1 (all), or a hex number. */
static bool take_thread(const char **p, const char *end, int64_t *t)
{
	uint64_t v;
	if (take_char(p, end, '-')) {
		if (!take_char(p, end, '1'))
			return false;
		*t = -1;
		return true;
	}
	if (!take_hex(p, end, &v) || v > INT32_MAX)
		return false;
	*t = (int64_t)v;
	return true;
}

int gdb_hex_decode(const char *hex, size_t hex_len, uint8_t *out, size_t n)
{
	if (hex_len != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = 0;
}

int gdb_unescape(const char *in, size_t in_len, uint8_t *out, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < in_len; i++) {
		uint8_t c = (uint8_t)in[i];
		if (c == '}') {
			if (++i == in_len)
				return -1;
			c = (uint8_t)(in[i] ^ 0x20);
		}
		if (o == n)
			return -1;
		out[o++] = c;
	}
	return o == n ? 0 : -1;
}

static bool needs_escape(char c)
{
	return c == '$' || c == '#' || c == '}' || c == '*';
}

size_t gdb_frame(const char *payload, size_t len, char *out, size_t cap)
{
	static const char digits[] = "0123456789abcdef";
	size_t o = 0;
	uint8_t sum = 0;
	if (cap < 4)
		return 0;
	out[o++] = '$';
	for (size_t i = 0; i < len; i++) {
		char c = payload[i];
		if (needs_escape(c)) {
			if (o + 1 >= cap)
				return 0;
			out[o++] = '}';
			sum = (uint8_t)(sum + '}');
			c ^= 0x20;
		}
		if (o >= cap)
			return 0;
		out[o++] = c;
		sum = (uint8_t)(sum + (uint8_t)c);
	}
	if (o + 3 > cap)
		return 0;
	out[o++] = '#';
	out[o++] = digits[sum >> 4];
	out[o++] = digits[sum & 15];
	return o;
}

/* ---- Commands ---- */

static bool starts(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && !memcmp(p, word, n);
}

static enum gdb_cmd_kind bad(void)
{
	return GDB_CMD_BAD;
}

/* m addr,len */
static enum gdb_cmd_kind parse_read_mem(const char *p, const char *end, struct gdb_cmd *c)
{
	if (!take_hex(&p, end, &c->addr) || !take_char(&p, end, ',') ||
	    !take_hex(&p, end, &c->len) || p != end || c->len > GDB_MEM_MAX)
		return bad();
	return GDB_CMD_READ_MEM;
}

/* M addr,len:hex and X addr,len:binary */
static enum gdb_cmd_kind parse_write_mem(const char *p, const char *end, struct gdb_cmd *c)
{
	if (!take_hex(&p, end, &c->addr) || !take_char(&p, end, ',') ||
	    !take_hex(&p, end, &c->len) || !take_char(&p, end, ':') || c->len > GDB_MEM_MAX)
		return bad();
	c->data = p;
	c->data_len = (size_t)(end - p);
	return GDB_CMD_WRITE_MEM;
}

/* p n and P n=hex */
static enum gdb_cmd_kind parse_reg(const char *p, const char *end, struct gdb_cmd *c, bool write)
{
	uint64_t n;
	if (!take_hex(&p, end, &n) || n > 255)
		return bad();
	c->reg = (unsigned)n;
	if (!write)
		return p == end ? GDB_CMD_READ_REG : bad();
	if (!take_char(&p, end, '='))
		return bad();
	c->data = p;
	c->data_len = (size_t)(end - p);
	return GDB_CMD_WRITE_REG;
}

/* Z type,addr,kind (a trailing ;cond_list is not offered: refused) */
static enum gdb_cmd_kind parse_bp(const char *p, const char *end, struct gdb_cmd *c, bool insert)
{
	uint64_t type;
	if (!take_hex(&p, end, &type) || type > 4 || !take_char(&p, end, ',') ||
	    !take_hex(&p, end, &c->addr) || !take_char(&p, end, ',') ||
	    !take_hex(&p, end, &c->len) || p != end)
		return bad();
	c->bp_type = (unsigned)type;
	return insert ? GDB_CMD_INSERT_BP : GDB_CMD_REMOVE_BP;
}

/* c [addr], s [addr] */
static enum gdb_cmd_kind parse_resume(const char *p, const char *end, struct gdb_cmd *c,
                                      enum gdb_cmd_kind kind)
{
	if (p == end)
		return kind;
	if (!take_hex(&p, end, &c->addr) || p != end)
		return bad();
	c->has_addr = true;
	return kind;
}

/* Hg id, Hc id */
static enum gdb_cmd_kind parse_set_thread(const char *p, const char *end, struct gdb_cmd *c)
{
	if (p == end || (*p != 'g' && *p != 'c'))
		return bad();
	c->op = *p++;
	if (!take_thread(&p, end, &c->thread) || p != end)
		return bad();
	return GDB_CMD_SET_THREAD;
}

/* qXfer:features:read:ANNEX:offset,length */
static enum gdb_cmd_kind parse_xfer(const char *p, const char *end, struct gdb_cmd *c)
{
	const char *annex = p;
	while (p < end && *p != ':')
		p++;
	c->data = annex;
	c->data_len = (size_t)(p - annex);
	if (!take_char(&p, end, ':') || !take_hex(&p, end, &c->offset) ||
	    !take_char(&p, end, ',') || !take_hex(&p, end, &c->len) || p != end)
		return bad();
	return GDB_CMD_XFER_FEATURES;
}

/* qRcmd,hex: the command line of gdb's "monitor". */
static enum gdb_cmd_kind parse_monitor(const char *p, const char *end, struct gdb_cmd *c)
{
	size_t n = (size_t)(end - p) / 2;
	if (n >= sizeof(c->text) || gdb_hex_decode(p, (size_t)(end - p), (uint8_t *)c->text, n))
		return bad();
	c->text[n] = 0;
	if (strlen(c->text) != n)
		return bad(); /* a NUL inside */
	return GDB_CMD_MONITOR;
}

/* The q, Q and v packets the stub knows; any other is "unsupported". */
static enum gdb_cmd_kind parse_query(const char *p, const char *end, struct gdb_cmd *c)
{
	static const struct {
		const char *word;
		enum gdb_cmd_kind kind;
	} exact[] = {
	    {"qC", GDB_CMD_CURRENT_THREAD},          {"qAttached", GDB_CMD_ATTACHED},
	    {"qfThreadInfo", GDB_CMD_THREADS_FIRST}, {"qsThreadInfo", GDB_CMD_THREADS_NEXT},
	    {"QStartNoAckMode", GDB_CMD_NO_ACK},
	};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if ((size_t)(end - p) == strlen(exact[i].word) && starts(p, end, exact[i].word))
			return exact[i].kind;
	if (starts(p, end, "qAttached:"))
		return GDB_CMD_ATTACHED;
	if (starts(p, end, "qSupported") && (end - p == 10 || p[10] == ':'))
		return GDB_CMD_SUPPORTED;
	if (starts(p, end, "qXfer:features:read:"))
		return parse_xfer(p + 20, end, c);
	if (starts(p, end, "qRcmd,"))
		return parse_monitor(p + 6, end, c);
	if (starts(p, end, "vKill"))
		return GDB_CMD_KILL;
	return GDB_CMD_UNKNOWN;
}

static enum gdb_cmd_kind parse_kind(const char *p, const char *end, struct gdb_cmd *c)
{
	if (p == end)
		return GDB_CMD_UNKNOWN;
	const char *q = p + 1;
	switch (*p) {
	case '?':
		return q == end ? GDB_CMD_STOP_REASON : bad();
	case 'g':
		return q == end ? GDB_CMD_READ_REGS : bad();
	case 'G':
		c->data = q;
		c->data_len = (size_t)(end - q);
		return GDB_CMD_WRITE_REGS;
	case 'p':
	case 'P':
		return parse_reg(q, end, c, *p == 'P');
	case 'm':
		return parse_read_mem(q, end, c);
	case 'M':
	case 'X':
		c->binary = *p == 'X';
		return parse_write_mem(q, end, c);
	case 'c':
		return parse_resume(q, end, c, GDB_CMD_CONTINUE);
	case 's':
		return parse_resume(q, end, c, GDB_CMD_STEP);
	case 'Z':
	case 'z':
		return parse_bp(q, end, c, *p == 'Z');
	case 'D':
		return GDB_CMD_DETACH; /* D or D;pid: there is one process */
	case 'k':
		return GDB_CMD_KILL;
	case 'H':
		return parse_set_thread(q, end, c);
	case 'T':
		return take_thread(&q, end, &c->thread) && q == end ? GDB_CMD_THREAD_ALIVE : bad();
	case 'q':
	case 'Q':
	case 'v':
		return parse_query(p, end, c);
	default:
		return GDB_CMD_UNKNOWN;
	}
}

void gdb_parse(const char *p, size_t len, struct gdb_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = parse_kind(p, p + len, c);
}
