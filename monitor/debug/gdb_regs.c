/* gdb's view of the registers (gdb_regs.h): one table per architecture,
 * from which the target description and the packets' layouts are made.
 * The core feature's names and order are the ones gdb's manual lists for
 * org.gnu.gdb.i386.core ("i386 Features"). */
#include "debug/gdb_regs.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "debug/gdb_packet.h"

/* Where a register's value lives. */
enum src {
	SRC_NONE,  /* unavailable: the x87 state is not read */
	SRC_REGS,  /* a __u64 of struct kvm_regs */
	SRC_SEL,   /* a struct kvm_segment of kvm_sregs: its selector */
	SRC_BASE,  /* ... its base */
	SRC_SREGS, /* a __u64 of struct kvm_sregs */
};

enum feature { F_CORE, F_SEGMENTS, F_SYS, F_COUNT };

static const char *const feature_names[F_COUNT] = {
    "org.gnu.gdb.i386.core", "org.gnu.gdb.i386.segments",
    "org.vmm.x86.sys", /* ours: the control registers */
};

struct reg {
	const char *name;
	unsigned bits;
	const char *type;
	enum feature feature;
	enum src src;
	size_t off;
};

#define GPR(n, bits, type, field)                                                                  \
	{                                                                                          \
		n, bits, type, F_CORE, SRC_REGS, offsetof(struct kvm_regs, field)                  \
	}
#define SEL(n, field)                                                                              \
	{                                                                                          \
		n, 32, "int32", F_CORE, SRC_SEL, offsetof(struct kvm_sregs, field)                 \
	}
#define X87(n, bits, type)                                                                         \
	{                                                                                          \
		n, bits, type, F_CORE, SRC_NONE, 0                                                 \
	}
#define BASE(n, field)                                                                             \
	{                                                                                          \
		n, 64, "int64", F_SEGMENTS, SRC_BASE, offsetof(struct kvm_sregs, field)            \
	}
#define SYS(n, bits, field)                                                                        \
	{                                                                                          \
		n, bits, "uint64", F_SYS, SRC_SREGS, offsetof(struct kvm_sregs, field)             \
	}
#define SEGS                                                                                       \
	SEL("cs", cs), SEL("ss", ss), SEL("ds", ds), SEL("es", es), SEL("fs", fs), SEL("gs", gs)
#define X87S                                                                                       \
	X87("st0", 80, "i387_ext"), X87("st1", 80, "i387_ext"), X87("st2", 80, "i387_ext"),        \
	    X87("st3", 80, "i387_ext"), X87("st4", 80, "i387_ext"), X87("st5", 80, "i387_ext"),    \
	    X87("st6", 80, "i387_ext"), X87("st7", 80, "i387_ext"), X87("fctrl", 32, "int"),       \
	    X87("fstat", 32, "int"), X87("ftag", 32, "int"), X87("fiseg", 32, "int"),              \
	    X87("fioff", 32, "int"), X87("foseg", 32, "int"), X87("fooff", 32, "int"),             \
	    X87("fop", 32, "int")

static const struct reg regs64[] = {
    GPR("rax", 64, "int64", rax),
    GPR("rbx", 64, "int64", rbx),
    GPR("rcx", 64, "int64", rcx),
    GPR("rdx", 64, "int64", rdx),
    GPR("rsi", 64, "int64", rsi),
    GPR("rdi", 64, "int64", rdi),
    GPR("rbp", 64, "data_ptr", rbp),
    GPR("rsp", 64, "data_ptr", rsp),
    GPR("r8", 64, "int64", r8),
    GPR("r9", 64, "int64", r9),
    GPR("r10", 64, "int64", r10),
    GPR("r11", 64, "int64", r11),
    GPR("r12", 64, "int64", r12),
    GPR("r13", 64, "int64", r13),
    GPR("r14", 64, "int64", r14),
    GPR("r15", 64, "int64", r15),
    GPR("rip", 64, "code_ptr", rip),
    GPR("eflags", 32, "int32", rflags),
    SEGS,
    X87S,
    BASE("fs_base", fs),
    BASE("gs_base", gs),
    SYS("cr0", 64, cr0),
    SYS("cr2", 64, cr2),
    SYS("cr3", 64, cr3),
    SYS("cr4", 64, cr4),
    SYS("cr8", 64, cr8),
    SYS("efer", 64, efer),
};

static const struct reg regs32[] = {
    GPR("eax", 32, "int32", rax),
    GPR("ecx", 32, "int32", rcx),
    GPR("edx", 32, "int32", rdx),
    GPR("ebx", 32, "int32", rbx),
    GPR("esp", 32, "data_ptr", rsp),
    GPR("ebp", 32, "data_ptr", rbp),
    GPR("esi", 32, "int32", rsi),
    GPR("edi", 32, "int32", rdi),
    GPR("eip", 32, "code_ptr", rip),
    GPR("eflags", 32, "int32", rflags),
    SEGS,
    X87S,
    SYS("cr0", 32, cr0),
    SYS("cr2", 32, cr2),
    SYS("cr3", 32, cr3),
    SYS("cr4", 32, cr4),
    SYS("efer", 64, efer),
};

#define N64 (sizeof(regs64) / sizeof(regs64[0]))
#define N32 (sizeof(regs32) / sizeof(regs32[0]))

static const struct reg *table(bool i386, unsigned *n)
{
	*n = i386 ? N32 : N64;
	return i386 ? regs32 : regs64;
}

unsigned gdb_reg_pc(bool i386)
{
	return i386 ? 8 : 16;
}

/* The register's storage in r or s; NULL when unavailable. */
static void *reg_place(const struct reg *d, struct kvm_regs *r, struct kvm_sregs *s)
{
	switch (d->src) {
	case SRC_REGS:
		return (uint8_t *)r + d->off;
	case SRC_SEL:
		return &((struct kvm_segment *)((uint8_t *)s + d->off))->selector;
	case SRC_BASE:
		return &((struct kvm_segment *)((uint8_t *)s + d->off))->base;
	case SRC_SREGS:
		return (uint8_t *)s + d->off;
	default:
		return NULL;
	}
}

static uint64_t reg_value(const struct reg *d, const struct kvm_regs *r, const struct kvm_sregs *s)
{
	void *p = reg_place(d, (struct kvm_regs *)r, (struct kvm_sregs *)s);
	if (d->src == SRC_SEL)
		return *(uint16_t *)p;
	return *(uint64_t *)p;
}

/* One register's hex (little-endian, as the target stores it). */
static size_t encode(const struct reg *d, const struct kvm_regs *r, const struct kvm_sregs *s,
                     char *out, size_t cap)
{
	size_t bytes = d->bits / 8;
	if (cap < 2 * bytes + 1)
		return 0;
	if (d->src == SRC_NONE) {
		memset(out, 'x', 2 * bytes);
		out[2 * bytes] = 0;
		return 2 * bytes;
	}
	uint64_t v = reg_value(d, r, s);
	uint8_t b[8];
	for (unsigned i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	gdb_hex_encode(b, bytes, out);
	return 2 * bytes;
}

/* Stores a value; a 32-bit general register is zero-extended, a selector
 * keeps its cached descriptor (only the selector changes). */
static void store(const struct reg *d, uint64_t v, struct kvm_regs *r, struct kvm_sregs *s)
{
	void *p = reg_place(d, r, s);
	if (d->src == SRC_SEL)
		*(uint16_t *)p = (uint16_t)v;
	else
		*(uint64_t *)p = v;
}

/* Decodes one register's hex at hex; 1 when it is "xx" (leave it). */
static int decode(const struct reg *d, const char *hex, uint64_t *v)
{
	size_t bytes = d->bits / 8;
	uint8_t b[10];
	if (hex[0] == 'x')
		return 1;
	if (gdb_hex_decode(hex, 2 * bytes, b, bytes) < 0)
		return -1;
	*v = 0;
	for (size_t i = 0; i < bytes && i < 8; i++)
		*v |= (uint64_t)b[i] << (8 * i);
	return 0;
}

size_t gdb_regs_read_all(bool i386, const struct kvm_regs *r, const struct kvm_sregs *s, char *out,
                         size_t cap)
{
	unsigned n;
	const struct reg *t = table(i386, &n);
	size_t len = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t k = encode(&t[i], r, s, out + len, cap - len);
		if (!k)
			return 0;
		len += k;
	}
	return len;
}

int gdb_regs_write_all(bool i386, const char *hex, size_t len, struct kvm_regs *r,
                       struct kvm_sregs *s)
{
	unsigned n;
	const struct reg *t = table(i386, &n);
	struct kvm_regs nr = *r;
	struct kvm_sregs ns = *s;
	size_t at = 0;
	for (unsigned i = 0; i < n && at < len; i++) {
		size_t digits = t[i].bits / 4;
		uint64_t v;
		if (len - at < digits)
			return -1;
		int k = decode(&t[i], hex + at, &v);
		if (k < 0)
			return -1;
		if (k == 0 && t[i].src != SRC_NONE)
			store(&t[i], v, &nr, &ns);
		at += digits;
	}
	if (at != len)
		return -1;
	*r = nr;
	*s = ns;
	return 0;
}

size_t gdb_reg_read(bool i386, unsigned n, const struct kvm_regs *r, const struct kvm_sregs *s,
                    char *out, size_t cap)
{
	unsigned count;
	const struct reg *t = table(i386, &count);
	return n < count ? encode(&t[n], r, s, out, cap) : 0;
}

int gdb_reg_write(bool i386, unsigned n, const char *hex, size_t len, struct kvm_regs *r,
                  struct kvm_sregs *s)
{
	unsigned count;
	const struct reg *t = table(i386, &count);
	uint64_t v;
	if (n >= count || t[n].src == SRC_NONE || len != t[n].bits / 4 || decode(&t[n], hex, &v))
		return -1;
	store(&t[n], v, r, s);
	return 0;
}

/* ---- The target description ---- */

static char xml[2][8192];
static size_t xml_len[2];

static size_t build_xml(bool i386, char *out, size_t cap)
{
	unsigned n;
	const struct reg *t = table(i386, &n);
	size_t len = (size_t)snprintf(out, cap,
	                              "<?xml version=\"1.0\"?>\n"
	                              "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
	                              "<target version=\"1.0\">\n<architecture>%s</architecture>\n",
	                              i386 ? "i386" : "i386:x86-64");
	for (int f = 0; f < F_COUNT; f++) {
		bool any = false;
		for (unsigned i = 0; i < n; i++) {
			if (t[i].feature != (enum feature)f)
				continue;
			if (!any)
				len +=
				    (size_t)snprintf(out + len, cap - len,
				                     "<feature name=\"%s\">\n", feature_names[f]);
			any = true;
			len += (size_t)snprintf(out + len, cap - len,
			                        "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\"/>\n",
			                        t[i].name, t[i].bits, t[i].type);
		}
		if (any)
			len += (size_t)snprintf(out + len, cap - len, "</feature>\n");
	}
	len += (size_t)snprintf(out + len, cap - len, "</target>\n");
	return len;
}

const char *gdb_target_xml(bool i386, size_t *len)
{
	if (!xml_len[i386])
		xml_len[i386] = build_xml(i386, xml[i386], sizeof(xml[i386]));
	*len = xml_len[i386];
	return xml[i386];
}
