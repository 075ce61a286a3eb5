/*
 * The GDB remote serial protocol's framing and commands, without any I/O:
 * bytes from the debugger go into a framer one at a time, a complete
 * packet comes out checked, and gdb_parse turns its payload into a struct
 * gdb_cmd whose numbers are all range-checked. The debugger is as
 * untrusted as the guest: a malformed packet is one bad command (the stub
 * answers E01), never a crash. tests/fuzz/gdb_packet.c fuzzes all of it.
 */
#ifndef VMM_GDB_PACKET_H
#define VMM_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest payload taken or sent; qSupported advertises it. */
#define GDB_PACKET_MAX 4096
/* The largest m/M/X length: a reply of hex digits must fit a packet. */
#define GDB_MEM_MAX ((GDB_PACKET_MAX - 8) / 2)

enum gdb_event {
	GDB_EV_NONE,      /* byte taken, nothing complete yet */
	GDB_EV_PACKET,    /* a packet with a good checksum: f->buf, f->len */
	GDB_EV_BAD,       /* a packet with a bad checksum or too long: answer '-' */
	GDB_EV_INTERRUPT, /* 0x03 outside a packet: stop the guest */
	GDB_EV_ACK,       /* '+' */
	GDB_EV_NACK,      /* '-': resend (the stub does not; gdb copes) */
};

struct gdb_framer {
	int state;
	uint8_t sum, got;
	bool overflow;
	size_t len;
	char buf[GDB_PACKET_MAX + 1]; /* NUL-terminated for convenience */
};

void gdb_framer_init(struct gdb_framer *f);
enum gdb_event gdb_framer_feed(struct gdb_framer *f, uint8_t c);

enum gdb_cmd_kind {
	GDB_CMD_UNKNOWN,     /* answered with an empty packet: "not supported" */
	GDB_CMD_BAD,         /* malformed: answered E01 */
	GDB_CMD_STOP_REASON, /* ? */
	GDB_CMD_READ_REGS,   /* g */
	GDB_CMD_WRITE_REGS,  /* G hex */
	GDB_CMD_READ_REG,    /* p n */
	GDB_CMD_WRITE_REG,   /* P n=hex */
	GDB_CMD_READ_MEM,    /* m addr,len */
	GDB_CMD_WRITE_MEM,   /* M addr,len:hex (data hex) or X addr,len:bin */
	GDB_CMD_CONTINUE,    /* c [addr] */
	GDB_CMD_STEP,        /* s [addr] */
	GDB_CMD_INSERT_BP,   /* Z type,addr,kind */
	GDB_CMD_REMOVE_BP,   /* z type,addr,kind */
	GDB_CMD_DETACH,      /* D, D;pid */
	GDB_CMD_KILL,        /* k, vKill;pid */
	GDB_CMD_SET_THREAD,  /* Hg id, Hc id */
	GDB_CMD_THREAD_ALIVE,
	GDB_CMD_SUPPORTED, /* qSupported[:features] */
	GDB_CMD_XFER_FEATURES,
	GDB_CMD_CURRENT_THREAD, /* qC */
	GDB_CMD_ATTACHED,       /* qAttached */
	GDB_CMD_THREADS_FIRST,  /* qfThreadInfo */
	GDB_CMD_THREADS_NEXT,   /* qsThreadInfo */
	GDB_CMD_NO_ACK,         /* QStartNoAckMode */
	GDB_CMD_MONITOR,        /* qRcmd,hex: data holds the decoded command */
};

struct gdb_cmd {
	enum gdb_cmd_kind kind;
	uint64_t addr;
	uint64_t len;     /* m/M/X length; qXfer length; Z kind */
	uint64_t offset;  /* qXfer offset */
	unsigned reg;     /* p/P register number */
	unsigned bp_type; /* Z/z type 0..4 */
	bool has_addr;    /* c/s with a resume address */
	int64_t thread;   /* H/T: -1 all, 0 any, else the thread (vCPU index + 1) */
	char op;          /* H's g or c */
	bool binary;      /* X: data is escaped binary, else hex */
	const char *data; /* into the packet: G/P/M hex, X binary, qXfer annex */
	size_t data_len;
	char text[256]; /* qRcmd's command, decoded and NUL-terminated */
};

/* Parses the payload p[0..len) of a packet. Never fails: malformed input
 * gives GDB_CMD_BAD. */
void gdb_parse(const char *p, size_t len, struct gdb_cmd *c);

/* Hex digits to bytes: exactly n bytes from 2n digits; -1 otherwise. */
int gdb_hex_decode(const char *hex, size_t hex_len, uint8_t *out, size_t n);
/* Bytes to hex digits (2n of them, then a NUL). */
void gdb_hex_encode(const uint8_t *in, size_t n, char *out);
/* X's binary data ('}' escapes the next byte xor 0x20) into exactly n
 * bytes; -1 otherwise. */
int gdb_unescape(const char *in, size_t in_len, uint8_t *out, size_t n);

/* Frames payload as $payload#ck into out (escaping $ # } *). Returns the
 * length, or 0 when it does not fit cap. */
size_t gdb_frame(const char *payload, size_t len, char *out, size_t cap);

#endif
