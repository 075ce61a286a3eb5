/* The gdb stub's pure parts: the packet framer and parser, the register
 * packets and target descriptions, and the guest page walk on tables made
 * here for each paging mode. */
#include <string.h>

#include "check.h"
#include "core/guest_mem.h"
#include "debug/gdb_packet.h"
#include "debug/gdb_regs.h"
#include "debug/guest_walk.h"

static enum gdb_event feed(struct gdb_framer *f, const char *s, size_t n)
{
	enum gdb_event last = GDB_EV_NONE;
	gdb_framer_init(f);
	for (size_t i = 0; i < n; i++) {
		enum gdb_event e = gdb_framer_feed(f, (uint8_t)s[i]);
		if (e != GDB_EV_NONE)
			last = e;
	}
	return last;
}

static void test_framer(void)
{
	static struct gdb_framer f;
	static char big[GDB_PACKET_MAX + 16];
	CHECK(feed(&f, "$g#67", 5) == GDB_EV_PACKET && f.len == 1 && !strcmp(f.buf, "g"));
	CHECK(feed(&f, "$g#68", 5) == GDB_EV_BAD);
	CHECK(feed(&f, "$g#6z", 5) == GDB_EV_BAD);
	CHECK(feed(&f, "\x03", 1) == GDB_EV_INTERRUPT);
	CHECK(feed(&f, "+", 1) == GDB_EV_ACK && feed(&f, "-", 1) == GDB_EV_NACK);
	CHECK(feed(&f, "noise$?#3f", 10) == GDB_EV_PACKET && !strcmp(f.buf, "?"));
	CHECK(feed(&f, "$m1$g#67", 8) == GDB_EV_PACKET && !strcmp(f.buf, "g")); /* restarted */
	memset(big, 'm', sizeof(big));
	big[0] = '$';
	memcpy(big + sizeof(big) - 3, "#00", 3);
	CHECK(feed(&f, big, sizeof(big)) == GDB_EV_BAD && f.overflow);

	char out[64];
	size_t n = gdb_frame("a$b#c}d*", 8, out, sizeof(out));
	CHECK(n == 16 && !memcmp(out,
	                         "$a}\x04"
	                         "b}\x03"
	                         "c}]d}\x0a#",
	                         14));
	CHECK(feed(&f, out, n) == GDB_EV_PACKET);
	CHECK(gdb_frame("abc", 3, out, 6) == 0); /* does not fit */
}

static struct gdb_cmd parse(const char *s)
{
	struct gdb_cmd c;
	gdb_parse(s, strlen(s), &c);
	return c;
}

static void test_parse(void)
{
	struct gdb_cmd c = parse("mffffffff80100000,40");
	CHECK(c.kind == GDB_CMD_READ_MEM && c.addr == 0xffffffff80100000ull && c.len == 0x40);
	CHECK(parse("m1,").kind == GDB_CMD_BAD && parse("m,1").kind == GDB_CMD_BAD);
	CHECK(parse("m11112222333344445,1").kind == GDB_CMD_BAD); /* 17 digits */
	CHECK(parse("m0,100000").kind == GDB_CMD_BAD);            /* past GDB_MEM_MAX */
	c = parse("M1000,2:abcd");
	CHECK(c.kind == GDB_CMD_WRITE_MEM && !c.binary && c.data_len == 4);
	uint8_t b[4];
	CHECK(gdb_hex_decode(c.data, c.data_len, b, 2) == 0 && b[0] == 0xab && b[1] == 0xcd);
	CHECK(gdb_hex_decode("abc", 3, b, 2) < 0 && gdb_hex_decode("zz", 2, b, 1) < 0);
	c = parse("X10,3:a}]b");
	CHECK(c.kind == GDB_CMD_WRITE_MEM && c.binary);
	CHECK(gdb_unescape(c.data, c.data_len, b, 3) == 0 && b[1] == '}' && b[2] == 'b');
	CHECK(gdb_unescape("a}", 2, b, 1) < 0 && gdb_unescape("ab", 2, b, 1) < 0);
	c = parse("Z1,11c0,1");
	CHECK(c.kind == GDB_CMD_INSERT_BP && c.bp_type == 1 && c.addr == 0x11c0 && c.len == 1);
	CHECK(parse("z2,10,8").kind == GDB_CMD_REMOVE_BP && parse("Z5,1,1").kind == GDB_CMD_BAD);
	c = parse("P10=0011");
	CHECK(c.kind == GDB_CMD_WRITE_REG && c.reg == 16 && c.data_len == 4);
	CHECK(parse("p1ff").kind == GDB_CMD_BAD && parse("P1").kind == GDB_CMD_BAD);
	c = parse("cffffffff80100000");
	CHECK(c.kind == GDB_CMD_CONTINUE && c.has_addr && parse("s").kind == GDB_CMD_STEP);
	c = parse("Hg-1");
	CHECK(c.kind == GDB_CMD_SET_THREAD && c.op == 'g' && c.thread == -1);
	CHECK(parse("Hq1").kind == GDB_CMD_BAD && parse("T1").kind == GDB_CMD_THREAD_ALIVE);
	CHECK(parse("qSupported:swbreak+").kind == GDB_CMD_SUPPORTED);
	CHECK(parse("qSupportedX").kind == GDB_CMD_UNKNOWN &&
	      parse("vCont?").kind == GDB_CMD_UNKNOWN);
	c = parse("qXfer:features:read:target.xml:7fd,ffb");
	CHECK(c.kind == GDB_CMD_XFER_FEATURES && c.offset == 0x7fd && c.len == 0xffb &&
	      c.data_len == 10 && !memcmp(c.data, "target.xml", 10));
	c = parse("qRcmd,77616c6b2031");
	CHECK(c.kind == GDB_CMD_MONITOR && !strcmp(c.text, "walk 1"));
	CHECK(parse("qRcmd,770077").kind == GDB_CMD_BAD); /* a NUL inside */
	CHECK(parse("D").kind == GDB_CMD_DETACH && parse("vKill;1").kind == GDB_CMD_KILL);
	CHECK(parse("").kind == GDB_CMD_UNKNOWN && parse("?x").kind == GDB_CMD_BAD);
}

static void test_regs(void)
{
	struct kvm_regs r = {.rax = 0x1122334455667788ull, .rip = 0xffffffff80100000ull};
	struct kvm_sregs s = {.cr3 = 0x3000, .cs = {.selector = 8}};
	char out[GDB_PACKET_MAX];
	size_t n = gdb_regs_read_all(false, &r, &s, out, sizeof(out));
	/* 16 x 8 + rip 8 + eflags 4 + 6 segments x 4 + x87 (8 x 10 + 8 x 4)
	 * + fs_base, gs_base + 6 control registers x 8 bytes. */
	CHECK(n == 2 * (128 + 8 + 4 + 24 + 112 + 16 + 48));
	CHECK(!memcmp(out, "8877665544332211", 16));
	CHECK(gdb_reg_read(false, 16, &r, &s, out, sizeof(out)) == 16 &&
	      !strcmp(out, "00001080ffffffff"));
	CHECK(gdb_reg_read(false, 24, &r, &s, out, sizeof(out)) == 20 && out[0] == 'x'); /* st0 */
	CHECK(gdb_reg_write(false, 16, "0010108000000000", 16, &r, &s) == 0 && r.rip == 0x80101000);
	CHECK(gdb_reg_write(false, 24, "00000000000000000000", 20, &r, &s) < 0);
	CHECK(gdb_reg_write(false, 16, "00", 2, &r, &s) < 0 &&
	      gdb_reg_write(false, 200, "", 0, &r, &s) < 0);
	/* i386: eax is 32 bits and zero-extends; eip is register 8. */
	CHECK(gdb_reg_write(true, 0, "78563412", 8, &r, &s) == 0 && r.rax == 0x12345678);
	CHECK(gdb_reg_pc(true) == 8 && gdb_reg_read(true, 8, &r, &s, out, sizeof(out)) == 8);
	n = gdb_regs_read_all(true, &r, &s, out, sizeof(out));
	struct kvm_regs r2 = {0};
	struct kvm_sregs s2 = s;
	CHECK(gdb_regs_write_all(true, out, n, &r2, &s2) == 0 && r2.rax == 0x12345678);
	CHECK(gdb_regs_write_all(true, out, n - 1, &r2, &s2) < 0);

	size_t len;
	const char *x64 = gdb_target_xml(false, &len), *x32 = gdb_target_xml(true, &len);
	CHECK(strstr(x64, "<architecture>i386:x86-64</architecture>") &&
	      strstr(x64, "name=\"cr3\""));
	CHECK(strstr(x32, "<architecture>i386</architecture>") && strstr(x32, "name=\"eip\"") &&
	      !strstr(x32, "fs_base"));
}

/* ---- Page walks on tables written here ---- */

static struct guest_mem mem;

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(gpa_ptr(&mem, gpa, 8), &v, 8);
}

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(gpa_ptr(&mem, gpa, 4), &v, 4);
}

static void test_walk_long(void)
{
	struct guest_paging pg = {.cr0 = 1u << 31, .cr3 = 0x10000, .cr4 = 1 << 5, .efer = 1 << 10};
	struct guest_walk w;
	/* 0x1000 -> 0x50000 (4 KiB, user, read-only); 0xffff800000200000 -> 2 MiB page at 0x200000.
	 */
	put64(0x10000, 0x11000 | 7);
	put64(0x11000, 0x12000 | 7);
	put64(0x12000, 0x13000 | 7);
	put64(0x13000 + 8, 0x50000 | 5);
	put64(0x10000 + 256 * 8, 0x14000 | 3);
	put64(0x14000, 0x15000 | 3);
	put64(0x15000 + 8, 0x200000 | 0x83);
	CHECK(guest_walk(&mem, &pg, 0x1234, &w) == 0 && w.gpa == 0x50234 && w.levels == 4 &&
	      w.page_size == 4096 && w.user && !w.writable);
	CHECK(guest_walk(&mem, &pg, 0xffff800000212345ull, &w) == 0 && w.gpa == 0x212345 &&
	      w.page_size == 2u << 20 && w.levels == 3 && !w.user);
	CHECK(guest_walk(&mem, &pg, 0x2000, &w) < 0 && !strcmp(w.why, "not present"));
	CHECK(guest_walk(&mem, &pg, 0x0000800000000000ull, &w) < 0); /* not canonical */
	put64(0x13000 + 16, 0x7fffffff000ull | 1);                   /* past RAM */
	uint8_t b[8];
	CHECK(guest_access_virt(&mem, &pg, 0x2000, b, 4, false) == 0);
	put64(0x13000 + 16, 0x51000 | 7);
	memcpy(gpa_ptr(&mem, 0x50ffe, 4), "abcd", 4);
	memcpy(gpa_ptr(&mem, 0x51000, 2), "ef", 2);
	CHECK(guest_access_virt(&mem, &pg, 0x1ffe, b, 4, false) == 4 && !memcmp(b, "abef", 4));
	put64(0x11000 + 8, 0x7ff0000000ull | 7); /* a table outside RAM */
	CHECK(guest_walk(&mem, &pg, 0x40001000ull, &w) < 0 &&
	      !strcmp(w.why, "page table outside RAM"));
	char text[512];
	guest_walk(&mem, &pg, 0x1234, &w);
	guest_walk_describe(&pg, 0x1234, &w, text, sizeof(text));
	CHECK(strstr(text, "PML4 at 0x10000") && strstr(text, "-> physical 0x50234 (4 KiB page"));
}

static void test_walk_i386(void)
{
	struct guest_paging pg = {.cr0 = 1u << 31, .cr3 = 0x20000, .cr4 = 1 << 4};
	struct guest_walk w;
	put32(0x20000 + 0x200 * 4, 0x00000000 | 0x83); /* 0x80000000: 4 MiB at 0 */
	put32(0x20000, 0x21000 | 7);                   /* 0: a table */
	put32(0x21000 + 4, 0x60000 | 7);               /* 0x1000 -> 0x60000 */
	CHECK(guest_walk(&mem, &pg, 0x80123456u, &w) == 0 && w.gpa == 0x123456 &&
	      w.page_size == 4u << 20 && w.levels == 1);
	CHECK(guest_walk(&mem, &pg, 0x1010, &w) == 0 && w.gpa == 0x60010 && w.levels == 2 &&
	      w.user);
	CHECK(guest_walk(&mem, &pg, 0x100000000ull, &w) < 0); /* past 32 bits */
	pg.cr4 = 0; /* without PSE, PS is ignored: the entry names a table (at 0, empty) */
	CHECK(guest_walk(&mem, &pg, 0x80000000u, &w) < 0 && w.levels == 2);
	pg.cr0 = 0; /* paging off: physical */
	CHECK(guest_walk(&mem, &pg, 0x123, &w) == 0 && w.gpa == 0x123 && w.page_size == 0);
	/* PAE: 4 top entries at cr3, then 9-bit levels, 2 MiB pages. */
	pg = (struct guest_paging){.cr0 = 1u << 31, .cr3 = 0x30000, .cr4 = 1 << 5};
	put64(0x30000 + 3 * 8, 0x31000 | 1);
	put64(0x31000, 0x400000 | 0x83);
	CHECK(guest_walk(&mem, &pg, 0xc0012345u, &w) == 0 && w.gpa == 0x412345 && w.levels == 2);
}

void test_gdb(void)
{
	test_framer();
	test_parse();
	test_regs();
	if (guest_mem_map(&mem, 16 << 20) < 0) {
		CHECK(!"guest RAM");
		return;
	}
	test_walk_long();
	test_walk_i386();
	guest_mem_unmap(&mem);
}
