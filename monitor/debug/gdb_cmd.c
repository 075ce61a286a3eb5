/* The stub's commands, run on the vCPU thread while the vCPU is stopped
 * (gdb_stub.h): registers through KVM_GET/SET_REGS and SREGS, memory by
 * the guest's virtual addresses (guest_walk.c), breakpoints as int3 bytes
 * in guest memory, hardware breakpoints and watchpoints in the debug
 * registers KVM_SET_GUEST_DEBUG loads. Every failure is an E reply. */
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>

#include "core/vm.h"
#include "debug/gdb_regs.h"
#include "debug/gdb_stub.h"
#include "debug/guest_walk.h"

#define INT3 0xcc
/* out %al,(%dx): one byte, like int3, and its exit always reaches the
 * monitor (the breakpoint where an int3 would not be ours: exit_traps);
 * the exit is taken back before the guest sees it (gdb.c). */
#define OUT_DX 0xee
/* DR6: which of DR0..3 matched. */
#define DR6_HIT_MASK 0xfull

static char out[GDB_PACKET_MAX + 1];

static int get_state(struct gdb_vcpu *v, struct kvm_regs *r, struct kvm_sregs *s)
{
	if (gdb_vcpu_ioctl(v, KVM_GET_REGS, r) < 0 || gdb_vcpu_ioctl(v, KVM_GET_SREGS, s) < 0)
		return -1;
	return 0;
}

static int get_paging(struct gdb_vcpu *v, struct guest_paging *pg)
{
	struct kvm_sregs s;
	if (gdb_vcpu_ioctl(v, KVM_GET_SREGS, &s) < 0)
		return -1;
	*pg = (struct guest_paging){.cr0 = s.cr0, .cr3 = s.cr3, .cr4 = s.cr4, .efer = s.efer};
	return 0;
}

static void error_reply(void)
{
	gdb_reply_str("E01");
}

/* ---- Registers ---- */

static void read_regs(struct gdb_vcpu *v, const struct gdb_cmd *c)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	size_t n = 0;
	if (get_state(v, &r, &s) == 0)
		n = c->kind == GDB_CMD_READ_REGS
		        ? gdb_regs_read_all(v->i386, &r, &s, out, sizeof(out))
		        : gdb_reg_read(v->i386, c->reg, &r, &s, out, sizeof(out));
	if (n)
		gdb_reply(out, n);
	else
		error_reply();
}

/* Only what changed goes back: SET_SREGS also reloads the MMU. */
static void write_regs(struct gdb_vcpu *v, const struct gdb_cmd *c)
{
	struct kvm_regs r, r0;
	struct kvm_sregs s, s0;
	int bad;
	if (get_state(v, &r, &s) < 0) {
		error_reply();
		return;
	}
	r0 = r;
	s0 = s;
	bad = c->kind == GDB_CMD_WRITE_REGS
	          ? gdb_regs_write_all(v->i386, c->data, c->data_len, &r, &s)
	          : gdb_reg_write(v->i386, c->reg, c->data, c->data_len, &r, &s);
	if (!bad && memcmp(&r, &r0, sizeof(r)) && gdb_vcpu_ioctl(v, KVM_SET_REGS, &r) < 0)
		bad = -1;
	if (!bad && memcmp(&s, &s0, sizeof(s)) && gdb_vcpu_ioctl(v, KVM_SET_SREGS, &s) < 0)
		bad = -1;
	gdb_reply_str(bad ? "E01" : "OK");
}

/* ---- Memory ---- */

/* gdb sees the bytes its breakpoints replaced, not the int3s. */
static void hide_breakpoints(const struct gdb_debug *d, uint64_t va, uint8_t *buf, size_t n)
{
	for (unsigned i = 0; i < GDB_SW_BREAKPOINTS; i++)
		if (d->sw[i].used && d->sw[i].va - va < n)
			buf[d->sw[i].va - va] = d->sw[i].saved;
}

static void read_mem(struct gdb_vcpu *v, const struct gdb_debug *d, const struct gdb_cmd *c)
{
	static uint8_t buf[GDB_MEM_MAX];
	struct guest_paging pg;
	if (get_paging(v, &pg) < 0) {
		error_reply();
		return;
	}
	size_t n = guest_access_virt(&v->vm->mem, &pg, c->addr, buf, c->len, false);
	if (n == 0 && c->len) {
		error_reply();
		return;
	}
	hide_breakpoints(d, c->addr, buf, n);
	gdb_hex_encode(buf, n, out);
	gdb_reply(out, 2 * n);
}

static void write_mem(struct gdb_vcpu *v, const struct gdb_cmd *c)
{
	static uint8_t buf[GDB_MEM_MAX];
	struct guest_paging pg;
	int bad = c->binary ? gdb_unescape(c->data, c->data_len, buf, c->len)
	                    : gdb_hex_decode(c->data, c->data_len, buf, c->len);
	if (bad || get_paging(v, &pg) < 0 ||
	    guest_access_virt(&v->vm->mem, &pg, c->addr, buf, c->len, true) != c->len)
		error_reply();
	else
		gdb_reply_str("OK");
}

/* ---- Breakpoints and watchpoints ---- */

static int insert_sw(struct gdb_vcpu *v, struct gdb_debug *d, uint64_t va)
{
	struct guest_paging pg;
	struct guest_walk w;
	struct gdb_sw_bp *free_slot = NULL;
	for (unsigned i = 0; i < GDB_SW_BREAKPOINTS; i++) {
		if (d->sw[i].used && d->sw[i].va == va)
			return 0; /* already there */
		if (!d->sw[i].used && !free_slot)
			free_slot = &d->sw[i];
	}
	if (!free_slot || get_paging(v, &pg) < 0 || guest_walk(&v->vm->mem, &pg, va, &w) < 0 ||
	    (d->exit_traps && w.user))
		return -1;
	uint8_t *p = gpa_ptr(&v->vm->mem, w.gpa, 1);
	if (!p)
		return -1;
	*free_slot = (struct gdb_sw_bp){.used = true, .va = va, .gpa = w.gpa, .saved = *p};
	*p = d->exit_traps ? OUT_DX : INT3;
	return 0;
}

static void restore_sw(struct gdb_vcpu *v, struct gdb_sw_bp *b)
{
	uint8_t *p = gpa_ptr(&v->vm->mem, b->gpa, 1);
	if (p && (*p == INT3 || *p == OUT_DX)) /* the guest may have reused the page since */
		*p = b->saved;
	b->used = false;
}

static int remove_sw(struct gdb_vcpu *v, struct gdb_debug *d, uint64_t va)
{
	for (unsigned i = 0; i < GDB_SW_BREAKPOINTS; i++)
		if (d->sw[i].used && d->sw[i].va == va) {
			restore_sw(v, &d->sw[i]);
			return 0;
		}
	return -1;
}

/* An OUT in user mode is a #GP, not an exit: with exit_traps a user address
 * (a user page, or one not mapped now, as a program's before its exec)
 * takes no OUT byte. */
static bool user_address(struct gdb_vcpu *v, uint64_t va)
{
	struct guest_paging pg;
	struct guest_walk w;
	if (get_paging(v, &pg) < 0)
		return false;
	return guest_walk(&v->vm->mem, &pg, va, &w) < 0 || w.user;
}

/* The debug registers watch 1, 2, 4 or 8 aligned bytes; execution
 * breakpoints (Z1, and Z0 where int3 cannot be used) take length 1 (gdb's
 * kind is the instruction's size). */
static int insert_hw(struct gdb_vcpu *v, struct gdb_debug *d, const struct gdb_cmd *c)
{
	uint64_t len = c->bp_type <= 1 ? 1 : c->len;
	if (c->bp_type == 3)
		return 1;                     /* x86 cannot watch reads alone: unsupported */
	if (d->exit_traps && c->bp_type == 1) /* a user address: for monitor step-to */
		len = 1;
	else if (d->exit_traps) { /* no debug registers: a read-only page */
		struct guest_paging pg;
		return get_paging(v, &pg) < 0
		           ? -1
		           : gdb_watch_insert(v, d, &pg, c->bp_type, c->addr, c->len);
	}
	if ((len != 1 && len != 2 && len != 4 && len != 8) || (c->addr & (len - 1)))
		return -1;
	for (unsigned i = 0; i < GDB_HW_SLOTS; i++)
		if (!d->hw[i].used) {
			d->hw[i] = (struct gdb_hw_bp){true, c->bp_type, c->addr, len};
			return 0;
		}
	return -1;
}

static int remove_hw(struct gdb_vcpu *v, struct gdb_debug *d, const struct gdb_cmd *c)
{
	if (d->exit_traps && c->bp_type != 1)
		return gdb_watch_remove(v, d, c->bp_type, c->addr);
	for (unsigned i = 0; i < GDB_HW_SLOTS; i++)
		if (d->hw[i].used && d->hw[i].type == c->bp_type && d->hw[i].addr == c->addr) {
			d->hw[i].used = false;
			return 0;
		}
	return -1;
}

static void breakpoint(struct gdb_vcpu *v, struct gdb_debug *d, const struct gdb_cmd *c)
{
	int r;
	if (c->bp_type == 0 || (c->bp_type == 1 && d->exit_traps && !user_address(v, c->addr)))
		r = c->kind == GDB_CMD_INSERT_BP ? insert_sw(v, d, c->addr)
		                                 : remove_sw(v, d, c->addr);
	else
		r = c->kind == GDB_CMD_INSERT_BP ? insert_hw(v, d, c) : remove_hw(v, d, c);
	gdb_reply_str(r > 0 ? "" : r < 0 ? "E01" : "OK");
}

void gdb_clear_debug(struct gdb_vcpu *v, struct gdb_debug *d)
{
	for (unsigned i = 0; i < GDB_SW_BREAKPOINTS; i++)
		if (d->sw[i].used)
			restore_sw(v, &d->sw[i]);
	memset(d->hw, 0, sizeof(d->hw));
	if (d->watch.used)
		gdb_watch_remove(v, d, d->watch.type, d->watch.va);
	v->stepping = false;
}

/* DR7: local enable at bit 2i; R/W at 16+4i (00 execute, 01 write, 11
 * read or write); LEN at 18+4i (00 one byte, 01 two, 11 four, 10 eight). */
static uint64_t dr7_bits(const struct gdb_hw_bp *b, unsigned i)
{
	static const unsigned rw[] = {[0] = 0, [1] = 0, [2] = 1, [4] = 3};
	unsigned len = b->len == 1 ? 0 : b->len == 2 ? 1 : b->len == 8 ? 2 : 3;
	return (1ull << (2 * i)) | (uint64_t)rw[b->type] << (16 + 4 * i) |
	       (uint64_t)(b->type <= 1 ? 0 : len) << (18 + 4 * i);
}

int gdb_apply_debug(struct gdb_vcpu *v, const struct gdb_debug *d, bool attached)
{
	struct kvm_guest_debug g;
	memset(&g, 0, sizeof(g));
	if (attached) {
		g.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
		for (unsigned i = 0; i < GDB_HW_SLOTS && !d->exit_traps; i++)
			if (d->hw[i].used) {
				g.control |= KVM_GUESTDBG_USE_HW_BP;
				g.arch.debugreg[i] = d->hw[i].addr;
				g.arch.debugreg[7] |= dr7_bits(&d->hw[i], i);
			}
		if (v->stepping)
			g.control |=
			    KVM_GUESTDBG_SINGLESTEP | (d->block_irq ? KVM_GUESTDBG_BLOCKIRQ : 0);
	}
	return gdb_vcpu_ioctl(v, KVM_SET_GUEST_DEBUG, &g);
}

/* ---- Stops ---- */

bool gdb_sw_at(const struct gdb_debug *d, uint64_t va)
{
	for (unsigned i = 0; i < GDB_SW_BREAKPOINTS; i++)
		if (d->sw[i].used && d->sw[i].va == va)
			return true;
	return false;
}

/* An int3 of ours reports the breakpoint's own address (KVM leaves RIP on
 * the int3 when it intercepts #BP; should a host leave it after, it is
 * moved back), so gdb needs no adjusting (swbreak). */
static void note_int3(struct gdb_vcpu *v, const struct gdb_debug *d, uint64_t pc)
{
	struct kvm_regs r;
	if (!gdb_sw_at(d, pc) && gdb_sw_at(d, pc - 1) && gdb_vcpu_ioctl(v, KVM_GET_REGS, &r) == 0) {
		r.rip--;
		gdb_vcpu_ioctl(v, KVM_SET_REGS, &r);
	}
	snprintf(v->stop_detail, sizeof(v->stop_detail), "swbreak:;");
}

void gdb_note_debug_exit(struct gdb_vcpu *v, struct gdb_debug *d)
{
	const struct kvm_debug_exit_arch *a = &v->cpu->run->debug.arch;
	v->stop = GDB_STOP_TRAP;
	v->stop_detail[0] = 0;
	if (a->exception == 3) {
		note_int3(v, d, a->pc);
	} else if (a->dr6 & DR6_HIT_MASK) {
		for (unsigned i = 0; i < GDB_HW_SLOTS; i++) {
			const struct gdb_hw_bp *b = &d->hw[i];
			if (!(a->dr6 & (1ull << i)) || !b->used)
				continue;
			if (b->type <= 1)
				snprintf(v->stop_detail, sizeof(v->stop_detail),
				         b->type ? "hwbreak:;" : "swbreak:;");
			else
				snprintf(v->stop_detail, sizeof(v->stop_detail), "%s:%llx;",
				         b->type == 2 ? "watch" : "awatch",
				         (unsigned long long)b->addr);
			break;
		}
	}
	v->stepping = false;
}

/* During a step-to, after each step: 1 when RIP reached an execution
 * breakpoint (the stop says hwbreak), 0 to step on. */
int gdb_step_to_done(struct gdb_vcpu *v, const struct gdb_debug *d)
{
	struct kvm_regs r;
	if (gdb_vcpu_ioctl(v, KVM_GET_REGS, &r) < 0 || --v->step_budget == 0)
		return 1;
	for (unsigned i = 0; i < GDB_HW_SLOTS; i++)
		if (d->hw[i].used && d->hw[i].type == 1 && d->hw[i].addr == r.rip) {
			snprintf(v->stop_detail, sizeof(v->stop_detail), "hwbreak:;");
			return 1;
		}
	return 0;
}

void gdb_send_stop(struct gdb_vcpu *v)
{
	char t[80];
	int sig = v->stop == GDB_STOP_INTR ? 2 : 5;
	int n = snprintf(t, sizeof(t), "T%02xthread:%x;%s", sig, v->id, v->stop_detail);
	gdb_reply(t, (size_t)n);
}

/* ---- Queries ---- */

/* qXfer:features:read:target.xml:offset,length: 'm' and a piece, or 'l'
 * and the last piece. */
static void xfer_features(struct gdb_vcpu *v, const struct gdb_cmd *c)
{
	size_t len;
	const char *xml = gdb_target_xml(v->i386, &len);
	if (c->data_len != 10 || memcmp(c->data, "target.xml", 10)) {
		gdb_reply_str("E00");
		return;
	}
	if (c->offset > len) {
		error_reply();
		return;
	}
	size_t n = len - c->offset, max = GDB_PACKET_MAX / 2 - 1;
	if (n > c->len)
		n = c->len;
	if (n > max)
		n = max;
	out[0] = c->offset + n < len ? 'm' : 'l';
	memcpy(out + 1, xml + c->offset, n);
	gdb_reply(out, n + 1);
}

/* Console output of "monitor": O packets of hex text, then OK. */
static void monitor_print(const char *text)
{
	size_t len = strlen(text);
	for (size_t at = 0; at < len;) {
		size_t n = len - at < 1000 ? len - at : 1000;
		out[0] = 'O';
		gdb_hex_encode((const uint8_t *)text + at, n, out + 1);
		gdb_reply(out, 1 + 2 * n);
		at += n;
	}
}

/* monitor walk ADDR [CR3]: the page-table walk of ADDR in the current
 * address space, or in the one whose top table is at CR3. */
static void monitor(struct gdb_vcpu *v, const struct gdb_debug *d, const struct gdb_cmd *c)
{
	static char text[1024];
	unsigned long long va, cr3;
	char word[16];
	struct guest_paging pg;
	struct guest_walk w;
	int n = sscanf(c->text, "%15s %llx %llx", word, &va, &cr3);
	if (n == 1 && !strcmp(word, "step-to")) {
		v->step_to = true;
		gdb_reply_str("OK");
		return;
	}
	if (n == 1 && !strcmp(word, "info")) {
		monitor_print(d->exit_traps ? "breakpoints: out (no #BP intercept here)\n"
		                              "watchpoints: a read-only page\n"
		                            : "breakpoints: int3\nwatchpoints: debug registers\n");
		gdb_reply_str("OK");
		return;
	}
	if (n < 2 || strcmp(word, "walk") || get_paging(v, &pg) < 0) {
		monitor_print(
		    "vmm monitor commands:\n"
		    "  walk ADDR [CR3]  the page-table walk of ADDR (hex)\n"
		    "  info             how breakpoints and watchpoints are made\n"
		    "  step-to          the next continue steps until a hardware breakpoint\n");
		gdb_reply_str(n >= 1 && !strcmp(word, "help") ? "OK" : "E01");
		return;
	}
	if (n == 3)
		pg.cr3 = cr3;
	guest_walk(&v->vm->mem, &pg, va, &w);
	guest_walk_describe(&pg, va, &w, text, sizeof(text));
	monitor_print(text);
	gdb_reply_str("OK");
}

static void thread_reply(const struct gdb_cmd *c)
{
	bool known = gdb_thread(c->thread, c->kind == GDB_CMD_SET_THREAD);
	gdb_reply_str(known ? "OK" : "E01");
}

static void reply_fmt(const char *fmt, unsigned x)
{
	int n = snprintf(out, sizeof(out), fmt, x);
	gdb_reply(out, (size_t)n);
}

static enum gdb_next resume(struct gdb_vcpu *v, const struct gdb_cmd *c)
{
	if (c->has_addr) {
		struct kvm_regs r;
		if (gdb_vcpu_ioctl(v, KVM_GET_REGS, &r) < 0) {
			error_reply();
			return GDB_STAY;
		}
		r.rip = c->addr;
		gdb_vcpu_ioctl(v, KVM_SET_REGS, &r);
	}
	v->stepping = c->kind == GDB_CMD_STEP;
	if (v->step_to && c->kind == GDB_CMD_CONTINUE) {
		v->stepping = true;
		v->step_budget = GDB_STEP_TO_MAX;
	}
	v->step_to = false;
	return GDB_RESUME;
}

static enum gdb_next query(struct gdb_vcpu *v, const struct gdb_debug *d, const struct gdb_cmd *c)
{
	switch (c->kind) {
	case GDB_CMD_SUPPORTED:
		reply_fmt("PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+",
		          GDB_PACKET_MAX);
		break;
	case GDB_CMD_XFER_FEATURES:
		xfer_features(v, c);
		break;
	case GDB_CMD_CURRENT_THREAD:
		reply_fmt("QC%x", v->id);
		break;
	case GDB_CMD_ATTACHED:
		gdb_reply_str("1"); /* gdb quits by detaching: the guest goes on */
		break;
	case GDB_CMD_THREADS_FIRST:
		gdb_threads(out, sizeof(out));
		gdb_reply_str(out);
		break;
	case GDB_CMD_THREADS_NEXT:
		gdb_reply_str("l");
		break;
	case GDB_CMD_MONITOR:
		monitor(v, d, c);
		break;
	default:
		gdb_reply_str("");
		break;
	}
	return GDB_STAY;
}

enum gdb_next gdb_command(struct gdb_vcpu *v, struct gdb_debug *d, const struct gdb_cmd *c)
{
	switch (c->kind) {
	case GDB_CMD_BAD:
		error_reply();
		return GDB_STAY;
	case GDB_CMD_STOP_REASON:
		gdb_send_stop(v);
		return GDB_STAY;
	case GDB_CMD_READ_REGS:
	case GDB_CMD_READ_REG:
		read_regs(v, c);
		return GDB_STAY;
	case GDB_CMD_WRITE_REGS:
	case GDB_CMD_WRITE_REG:
		write_regs(v, c);
		return GDB_STAY;
	case GDB_CMD_READ_MEM:
		read_mem(v, d, c);
		return GDB_STAY;
	case GDB_CMD_WRITE_MEM:
		write_mem(v, c);
		return GDB_STAY;
	case GDB_CMD_INSERT_BP:
	case GDB_CMD_REMOVE_BP:
		breakpoint(v, d, c);
		return GDB_STAY;
	case GDB_CMD_CONTINUE:
	case GDB_CMD_STEP:
		return resume(v, c);
	case GDB_CMD_DETACH:
		gdb_reply_str("OK");
		return GDB_DETACH;
	case GDB_CMD_KILL:
		gdb_reply_str("OK");
		return GDB_KILL;
	case GDB_CMD_SET_THREAD:
	case GDB_CMD_THREAD_ALIVE:
		thread_reply(c);
		return GDB_STAY;
	case GDB_CMD_NO_ACK:
		gdb_reply_str("OK");
		return GDB_STAY;
	default:
		return query(v, d, c);
	}
}
