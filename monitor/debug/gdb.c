/*
 * --gdb[=[HOST:]PORT], --gdb-wait: a GDB stub (docs/gdb.md). The part:
 * its options, and the stops of the vCPUs. The connection and its thread
 * are gdb_conn.c, the commands gdb_cmd.c, all-stop over several vCPUs
 * gdb_world.c; each vCPU is a gdb thread (id: vCPU index + 1).
 *
 * The thread of the vCPU that stopped runs the commands (KVM's vCPU
 * ioctls, guest memory) while the others are parked: in on_debug_exit (a
 * breakpoint, a step, a watchpoint) and in kicked. A kick lands between any two exits, and the
 * exit KVM_RUN returned with may still be half done (an IN waiting for its
 * value): so the first kicked call asks for one more kick, the run loop
 * finishes that exit, and the next KVM_RUN, with immediate_exit set,
 * completes it and returns at once (KVM's API documentation: "Userspace
 * can re-enter the guest with ... immediate_exit set to complete pending
 * operations"). The second kicked call stops with the guest's state whole.
 */
#include "debug/gdb.h"

#include <arpa/inet.h>
#include <cpuid.h>
#include <errno.h>
#include <linux/kvm.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/kernel_elf.h"
#include "core/kick.h"
#include "core/util.h"
#include "core/vm.h"
#include "debug/gdb_stub.h"

/* The options. */
static struct {
	bool enabled, wait;
	struct sockaddr_in addr;
} opt;

static struct gdb_debug debug;
static struct gdb_vcpu vcpus[VMM_CPUS_MAX];
static unsigned nvcpus;
/* The vCPU gdb's commands are about (Hg, Hc), while the guest is stopped. */
static struct gdb_vcpu *selected;
/* Whether the debug state applies: gdb resumed the guest (not detached). */
static atomic_bool attached;

/* The calling thread's vCPU. */
static struct gdb_vcpu *self(void)
{
	return &vcpus[vcpu_self()->id];
}

/* ---- Options ---- */

static enum args_result bad_address(const char *v)
{
	fail("bad --gdb address '%s' ([HOST:]PORT, HOST an IPv4 address or localhost)", v);
	return ARGS_USAGE_ERROR;
}

static enum args_result take_gdb(const char *v)
{
	opt.enabled = true;
	opt.addr = (struct sockaddr_in){.sin_family = AF_INET,
	                                .sin_port = htons(1234),
	                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (!v)
		return ARGS_RUN;
	const char *colon = strrchr(v, ':'), *port = colon ? colon + 1 : v;
	char host[64];
	if (colon) {
		size_t n = (size_t)(colon - v);
		if (n == 0 || n >= sizeof(host))
			return bad_address(v);
		memcpy(host, v, n);
		host[n] = 0;
		if (strcmp(host, "localhost") && inet_pton(AF_INET, host, &opt.addr.sin_addr) != 1)
			return bad_address(v);
	}
	char *end;
	errno = 0;
	unsigned long p = strtoul(port, &end, 10);
	if (*port < '0' || *port > '9' || *end || errno || p > 65535)
		return bad_address(v);
	opt.addr.sin_port = htons((uint16_t)p);
	return ARGS_RUN;
}

static enum args_result take_gdb_wait(const char *v)
{
	(void)v;
	if (!opt.enabled)
		take_gdb(NULL);
	opt.wait = true;
	return ARGS_RUN;
}

/* ---- The stopped vCPU ---- */

/* After the commands: the guest resumes with the debug state applied, or
 * without any (detached), or the run ends (killed). */
static void leave_stop(struct gdb_vcpu *v, enum gdb_next next)
{
	if (next == GDB_KILL) {
		fail("gdb: the debugger killed the guest");
		vm_stop(v->vm, VMM_EXIT_ERROR);
		return;
	}
	if (next == GDB_DETACH)
		gdb_clear_debug(v, &debug);
	atomic_store(&attached, next == GDB_RESUME);
	if (gdb_apply_debug(v, &debug, next == GDB_RESUME) < 0)
		fail_errno("gdb: KVM_SET_GUEST_DEBUG");
	gdb_conn_resumed(next == GDB_RESUME);
	gdb_world_resume(); /* each parked vCPU applies the debug state itself */
}

/* Serves the debugger until it resumes the guest, detaches or kills it.
 * A debugger that resumed the guest hears why it stopped; one that just
 * connected asks. need: wait for a debugger to connect (--gdb-wait). The
 * other vCPUs stop first; should one of them be serving already, this one
 * waits with them instead (its stop is not reported). */
static void stop_loop(struct gdb_vcpu *v, bool need)
{
	static char packet[GDB_PACKET_MAX + 1];
	static struct gdb_cmd cmd;
	enum gdb_next next = GDB_STAY;
	size_t len;
	if (!gdb_world_stop(v)) {
		gdb_world_park(v);
		return;
	}
	selected = v;
	v->step_budget = 0;
	if (gdb_conn_stopped(need))
		gdb_send_stop(v);
	while (next == GDB_STAY) {
		if (gdb_conn_next(packet, &len) < 0) {
			next = GDB_DETACH; /* gone, or never came: the guest goes on */
			break;
		}
		gdb_parse(packet, len, &cmd);
		if (cmd.kind == GDB_CMD_NO_ACK)
			gdb_conn_no_ack(); /* before the OK: gdb's next packet is not acked */
		next = gdb_command(selected, &debug, &cmd);
	}
	leave_stop(v, next);
}

static void trap_stop(struct gdb_vcpu *v);

/* A vCPU another one stopped: parked until the guest resumes, then with
 * the debug state gdb left. */
static bool park(struct gdb_vcpu *v)
{
	if (!gdb_world_park(v))
		return false;
	if (gdb_apply_debug(v, &debug, atomic_load(&attached)) < 0)
		fail_errno("gdb: KVM_SET_GUEST_DEBUG (vCPU %u)", v->cpu->id);
	return true;
}

static void gdb_kicked(struct vm *vm)
{
	(void)vm;
	struct gdb_vcpu *v = self();
	if (v->io_hit || v->watch_hit) {
		trap_stop(v); /* the OUT or the write is complete */
		return;
	}
	if (!v->settling) {
		v->settling = true; /* let the exit in hand complete first */
		kick_request(&gdb_part);
		return;
	}
	v->settling = false;
	if (park(v))
		return;
	unsigned why = gdb_conn_take_wants();
	if (why & (WANT_INTERRUPT | WANT_CONNECT | WANT_START)) {
		v->stop = why & WANT_INTERRUPT ? GDB_STOP_INTR : GDB_STOP_TRAP;
		v->stop_detail[0] = 0;
		stop_loop(v, (why & WANT_START) != 0);
	} else if (why & WANT_GONE) {
		leave_stop(v, GDB_DETACH);
	}
}

/* An OUT exit at one of our TCG breakpoints: KVM completes the OUT at the
 * next KVM_RUN (moving RIP past it), so that run is made with
 * immediate_exit (a kick), and then RIP is put back on the breakpoint. */
static int io_breakpoint(struct gdb_vcpu *v)
{
	const struct kvm_run *run = v->cpu->run;
	struct kvm_regs r;
	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1 || run->io.count != 1 ||
	    ioctl(v->cpu->fd, KVM_GET_REGS, &r) < 0)
		return 0;
	if (gdb_sw_at(&debug, r.rip))
		v->io_hit = r.rip;
	else if (gdb_sw_at(&debug, r.rip - 1)) /* should KVM have moved RIP already */
		v->io_hit = r.rip - 1;
	else
		return 0;
	kick_request(&gdb_part);
	return 1;
}

/* The write is done (the instruction completed): gdb sees the new value. */
static int watch_write(struct gdb_vcpu *v)
{
	int r = gdb_watch_mmio(v, &debug);
	if (r < 0)
		return 0;
	if (r > 0) {
		v->watch_hit = true;
		kick_request(&gdb_part);
	}
	return 1;
}

static void trap_stop(struct gdb_vcpu *v)
{
	struct kvm_regs r;
	if (v->io_hit && ioctl(v->cpu->fd, KVM_GET_REGS, &r) == 0) {
		r.rip = v->io_hit;
		ioctl(v->cpu->fd, KVM_SET_REGS, &r);
	}
	v->stop = GDB_STOP_TRAP;
	if (v->io_hit)
		snprintf(v->stop_detail, sizeof(v->stop_detail), "swbreak:;");
	else
		snprintf(v->stop_detail, sizeof(v->stop_detail), "%s:%llx;",
		         debug.watch.type == 2 ? "watch" : "awatch",
		         (unsigned long long)debug.watch.va);
	v->io_hit = 0;
	v->watch_hit = v->settling = false;
	v->stepping = false;
	stop_loop(v, false);
}

static int gdb_debug_exit(struct vm *vm)
{
	(void)vm;
	struct gdb_vcpu *v = self();
	if (v->cpu->run->exit_reason == KVM_EXIT_IO)
		return io_breakpoint(v);
	if (v->cpu->run->exit_reason == KVM_EXIT_MMIO)
		return watch_write(v);
	gdb_note_debug_exit(v, &debug);
	if (v->step_budget && !v->stop_detail[0] && !gdb_step_to_done(v, &debug)) {
		v->stepping = true; /* on to the next instruction, without gdb */
		if (gdb_apply_debug(v, &debug, true) == 0)
			return 1;
	}
	v->step_budget = 0;
	stop_loop(v, false);
	return 1;
}

/* ---- Threads ---- */

/* A vCPU gdb can be told about: running (a CPU not started yet is none). */
static bool known_vcpu(int64_t thread)
{
	return thread >= 1 && thread <= (int64_t)nvcpus &&
	       atomic_load(&vcpus[thread - 1].cpu->running);
}

void gdb_threads(char *out, size_t cap)
{
	size_t n = 0;
	for (unsigned i = 0; i < nvcpus && n + 12 < cap; i++)
		if (known_vcpu(i + 1))
			n += (size_t)snprintf(out + n, cap - n, "%s%x", n ? "," : "m", i + 1);
	if (n == 0)
		snprintf(out, cap, "l");
}

bool gdb_thread(int64_t thread, bool select)
{
	if (thread == -1 || thread == 0)
		return true;
	if (!known_vcpu(thread))
		return false;
	if (select)
		selected = &vcpus[thread - 1];
	return true;
}

/* A CPU the kernel started: its breakpoints are gdb's too. */
static void gdb_cpu_started(struct vm *vm)
{
	(void)vm;
	struct gdb_vcpu *v = self();
	if (atomic_load(&attached) && gdb_apply_debug(v, &debug, true) < 0)
		fail_errno("gdb: KVM_SET_GUEST_DEBUG (vCPU %u)", v->cpu->id);
}

/* ---- Set-up and the end ---- */

/* QEMU's TCG emulates INT3 as a software interrupt, which the nested SVM
 * it emulates checks against the INTn intercept, never the #BP intercept
 * KVM sets for KVM_GUESTDBG_USE_SW_BP: an int3 of ours would reach the
 * guest. And the debug registers KVM loads for the nested guest never fire
 * there (seen with QEMU 7.2); single steps do. The emulator names itself
 * in CPUID's hypervisor leaf. */
static bool under_tcg(void)
{
	unsigned a, b, c, d;
	char id[13];
	__cpuid(1, a, b, c, d);
	if (!(c & (1u << 31)))
		return false; /* no hypervisor */
	__cpuid(0x40000000, a, b, c, d);
	memcpy(id, &b, 4);
	memcpy(id + 4, &c, 4);
	memcpy(id + 8, &d, 4);
	id[12] = 0;
	return !strcmp(id, "TCGTCGTCGTCG");
}

static int gdb_setup(struct vm *vm)
{
	if (!opt.enabled)
		return PART_ABSENT;
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG) <= 0)
		return fail(
		    "gdb: this host's KVM cannot debug guests (no KVM_CAP_SET_GUEST_DEBUG)");
	int flags = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG2);
	debug.block_irq = flags > 0 && (flags & KVM_GUESTDBG_BLOCKIRQ);
	debug.exit_traps = under_tcg() || vm->emulated || getenv("VMM_GDB_EXIT_TRAPS");
	vm->debug_traps = debug.exit_traps;
	if (debug.exit_traps && ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) <= 0)
		return fail(
		    "gdb: this host's KVM has no read-only memory (KVM_CAP_READONLY_MEM), which "
		    "watchpoints need here");
	nvcpus = vm->ncpus;
	for (unsigned i = 0; i < nvcpus; i++)
		vcpus[i] = (struct gdb_vcpu){.vm = vm,
		                             .cpu = &vm->cpu[i],
		                             .id = i + 1,
		                             .i386 = vm->kernel && vm->kernel->i386};
	if (gdb_conn_open(&opt.addr, opt.wait) < 0)
		return -1;
	if (opt.wait) {
		gdb_conn_want(WANT_START);
		kick_request(&gdb_part); /* before the first instruction */
	}
	return 0;
}

/* The guest powered off while gdb watched: it hears the exit status. */
static int gdb_finish(struct vm *vm)
{
	char w[8];
	snprintf(w, sizeof(w), "W%02x", vm->exit_code & 0xff);
	gdb_reply_str(w);
	return 0;
}

static void gdb_teardown(struct vm *vm)
{
	(void)vm;
	gdb_conn_close();
}

static const struct part_option gdb_options[] = {
    {.name = "--gdb",
     .kind = OPTION_OPTIONAL,
     .help = "      --gdb[=[HOST:]PORT] serve gdb's remote protocol (default 127.0.0.1:1234;\n"
             "                     port 0 picks a free one); see docs/gdb.md\n",
     .take = take_gdb},
    {.name = "--gdb-wait",
     .kind = OPTION_FLAG,
     .help = "      --gdb-wait     with --gdb: stop before the first instruction until gdb\n"
             "                     attaches and continues\n",
     .take = take_gdb_wait},
    {0},
};

const struct part gdb_part = {
    .name = "gdb",
    .options = gdb_options,
    .setup = gdb_setup,
    .kicked = gdb_kicked,
    .cpu_started = gdb_cpu_started,
    .on_debug_exit = gdb_debug_exit,
    .finish = gdb_finish,
    .teardown = gdb_teardown,
};
