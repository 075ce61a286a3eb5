/*
 * --gdb[=[HOST:]PORT], --gdb-wait: a GDB stub (docs/gdb.md).
 *
 * Threads. A connection thread, started at set-up (the sandbox forbids
 * creating threads later), owns the socket's reading side: it accepts,
 * frames packets and acknowledges them, and hands each complete packet to
 * the vCPU thread. While the guest runs, a Ctrl-C byte (0x03) or a new
 * connection makes it ask kick_request for the vCPU's attention. Why a
 * thread rather than polling the socket from the vCPU thread: the vCPU
 * sits in KVM_RUN for as long as the guest keeps it busy, and only a kick
 * brings it out; polling would need a timer kicking it anyway.
 *
 * The vCPU thread runs the commands (KVM's vCPU ioctls, guest memory)
 * while it is stopped: in on_debug_exit (a breakpoint, a step, a
 * watchpoint) and in kicked. A kick lands between any two exits, and the
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
#include <fcntl.h>
#include <linux/kvm.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/kernel_elf.h"
#include "core/kick.h"
#include "core/util.h"
#include "core/vm.h"
#include "debug/gdb_stub.h"

/* Why the vCPU is asked to stop (bits of conn.wanted). */
enum { WANT_INTERRUPT = 1, WANT_CONNECT = 2, WANT_GONE = 4, WANT_START = 8 };

/* The connection: one per stub, whatever the number of vCPUs. */
static struct {
	bool enabled, wait;
	struct sockaddr_in addr;
	int listen_fd, fd, stop_pipe[2];
	pthread_t thread;
	bool thread_started, thread_running;
	pthread_mutex_t lock; /* guards what follows, and writes to fd */
	pthread_cond_t cond;
	bool connected, quit;
	bool running;       /* the guest runs: 0x03 kicks */
	bool awaiting_stop; /* gdb resumed the guest: its next stop is reported */
	bool have_packet;   /* packet holds one for the vCPU thread */
	size_t packet_len;
	char packet[GDB_PACKET_MAX + 1];
	atomic_bool no_ack;
	atomic_uint wanted;
	struct gdb_framer framer; /* the connection thread's alone */
} conn = {.listen_fd = -1,
          .fd = -1,
          .stop_pipe = {-1, -1},
          .lock = PTHREAD_MUTEX_INITIALIZER,
          .cond = PTHREAD_COND_INITIALIZER};

static struct gdb_debug debug;
static struct gdb_vcpu vcpus[1];
static bool settling;   /* the first kicked call came: the next one stops */
static uint64_t io_hit; /* the TCG breakpoint whose OUT is being completed */
static bool watch_hit;  /* the TCG watchpoint's write is being completed */

int gdb_listen_fd(void)
{
	return conn.listen_fd;
}

/* ---- Options ---- */

static enum args_result bad_address(const char *v)
{
	fail("bad --gdb address '%s' ([HOST:]PORT, HOST an IPv4 address or localhost)", v);
	return ARGS_USAGE_ERROR;
}

static enum args_result take_gdb(const char *v)
{
	conn.enabled = true;
	conn.addr = (struct sockaddr_in){.sin_family = AF_INET,
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
		if (strcmp(host, "localhost") && inet_pton(AF_INET, host, &conn.addr.sin_addr) != 1)
			return bad_address(v);
	}
	char *end;
	errno = 0;
	unsigned long p = strtoul(port, &end, 10);
	if (*port < '0' || *port > '9' || *end || errno || p > 65535)
		return bad_address(v);
	conn.addr.sin_port = htons((uint16_t)p);
	return ARGS_RUN;
}

static enum args_result take_gdb_wait(const char *v)
{
	(void)v;
	if (!conn.enabled)
		take_gdb(NULL);
	conn.wait = true;
	return ARGS_RUN;
}

/* ---- Writing to the debugger ---- */

static void send_all(const char *p, size_t n)
{
	while (n > 0 && conn.fd >= 0) {
		ssize_t w = write(conn.fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the connection thread sees the end too */
		p += w;
		n -= (size_t)w;
	}
}

void gdb_reply(const char *payload, size_t len)
{
	static char framed[2 * GDB_PACKET_MAX + 8];
	size_t n = gdb_frame(payload, len, framed, sizeof(framed));
	pthread_mutex_lock(&conn.lock);
	if (n && conn.connected)
		send_all(framed, n);
	pthread_mutex_unlock(&conn.lock);
}

void gdb_reply_str(const char *payload)
{
	gdb_reply(payload, strlen(payload));
}

/* ---- The connection thread ---- */

static void ask_stop(unsigned why)
{
	atomic_fetch_or(&conn.wanted, why);
	kick_request(&gdb_part);
}

/* Waits until fd can be read: 1, or 0 when the stub is told to stop. */
static int wait_readable(int fd)
{
	for (;;) {
		struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
		                      {.fd = conn.stop_pipe[0], .events = POLLIN}};
		int r = poll(p, 2, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || p[1].revents)
			return 0;
		if (p[0].revents)
			return 1;
	}
}

static void send_byte(char c)
{
	pthread_mutex_lock(&conn.lock);
	send_all(&c, 1);
	pthread_mutex_unlock(&conn.lock);
}

/* Gives the vCPU thread the packet just framed; waits while it still has
 * the last one. false: the stub is stopping. */
static bool hand_over(void)
{
	pthread_mutex_lock(&conn.lock);
	while (conn.have_packet && !conn.quit)
		pthread_cond_wait(&conn.cond, &conn.lock);
	bool ok = !conn.quit;
	if (ok) {
		memcpy(conn.packet, conn.framer.buf, conn.framer.len + 1);
		conn.packet_len = conn.framer.len;
		conn.have_packet = true;
		pthread_cond_broadcast(&conn.cond);
	}
	pthread_mutex_unlock(&conn.lock);
	return ok;
}

static bool take_byte(uint8_t c)
{
	bool running;
	switch (gdb_framer_feed(&conn.framer, c)) {
	case GDB_EV_PACKET:
		if (!atomic_load(&conn.no_ack))
			send_byte('+');
		return hand_over();
	case GDB_EV_BAD:
		send_byte('-'); /* gdb sends it again */
		return true;
	case GDB_EV_INTERRUPT:
		pthread_mutex_lock(&conn.lock);
		running = conn.running;
		pthread_mutex_unlock(&conn.lock);
		if (running)
			ask_stop(WANT_INTERRUPT);
		return true;
	default:
		return true;
	}
}

static void serve(int fd)
{
	static uint8_t buf[4096];
	while (wait_readable(fd)) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (ssize_t i = 0; i < n; i++)
			if (!take_byte(buf[i]))
				return;
	}
}

/* The debugger went away: the vCPU takes its breakpoints out. */
static void disconnect(void)
{
	pthread_mutex_lock(&conn.lock);
	close(conn.fd);
	conn.fd = -1;
	conn.connected = conn.have_packet = false;
	bool running = conn.running;
	pthread_cond_broadcast(&conn.cond);
	pthread_mutex_unlock(&conn.lock);
	if (running)
		ask_stop(WANT_GONE);
}

static void *connection_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&conn.lock);
	conn.thread_running = true; /* its start-up calls are made: see start_thread */
	pthread_cond_broadcast(&conn.cond);
	pthread_mutex_unlock(&conn.lock);
	while (wait_readable(conn.listen_fd)) {
		int fd = accept4(conn.listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue; /* EINTR, ECONNABORTED: wait for the next */
		gdb_framer_init(&conn.framer);
		atomic_store(&conn.no_ack, false);
		/* Wanted before it shows as connected: a vCPU already stopped
		 * (--gdb-wait) serves it and clears the wish. */
		atomic_fetch_or(&conn.wanted, WANT_CONNECT);
		pthread_mutex_lock(&conn.lock);
		conn.fd = fd;
		conn.connected = true;
		conn.awaiting_stop = false; /* it asks with '?' */
		pthread_cond_broadcast(&conn.cond);
		pthread_mutex_unlock(&conn.lock);
		kick_request(&gdb_part);
		serve(fd);
		disconnect();
	}
	return NULL;
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
	if (gdb_apply_debug(v, &debug, next == GDB_RESUME) < 0)
		fail_errno("gdb: KVM_SET_GUEST_DEBUG");
	pthread_mutex_lock(&conn.lock);
	conn.running = true;
	conn.awaiting_stop = next == GDB_RESUME;
	pthread_mutex_unlock(&conn.lock);
}

/* Serves the debugger until it resumes the guest, detaches or kills it.
 * A debugger that resumed the guest hears why it stopped; one that just
 * connected asks. need: wait for a debugger to connect (--gdb-wait). */
static void stop_loop(struct gdb_vcpu *v, bool need)
{
	static char packet[GDB_PACKET_MAX + 1];
	static struct gdb_cmd cmd;
	enum gdb_next next = GDB_STAY;
	v->step_budget = 0;
	pthread_mutex_lock(&conn.lock);
	conn.running = false;
	while (need && !conn.connected && !conn.quit)
		pthread_cond_wait(&conn.cond, &conn.lock);
	/* Stopped now: a connection or Ctrl-C that asked for it is served. */
	atomic_fetch_and(&conn.wanted, ~(unsigned)(WANT_CONNECT | WANT_INTERRUPT));
	bool tell = conn.awaiting_stop && conn.connected;
	conn.awaiting_stop = false;
	if (tell) {
		pthread_mutex_unlock(&conn.lock);
		gdb_send_stop(v);
		pthread_mutex_lock(&conn.lock);
	}
	while (next == GDB_STAY) {
		while (!conn.have_packet && conn.connected)
			pthread_cond_wait(&conn.cond, &conn.lock);
		if (!conn.connected) {
			next = GDB_DETACH; /* gone, or never came: the guest goes on */
			break;
		}
		size_t len = conn.packet_len;
		memcpy(packet, conn.packet, len + 1);
		conn.have_packet = false;
		pthread_cond_broadcast(&conn.cond);
		pthread_mutex_unlock(&conn.lock);
		gdb_parse(packet, len, &cmd);
		if (cmd.kind == GDB_CMD_NO_ACK)
			atomic_store(&conn.no_ack, true); /* before the OK: gdb's next packet */
		next = gdb_command(v, &debug, &cmd);
		pthread_mutex_lock(&conn.lock);
	}
	pthread_mutex_unlock(&conn.lock);
	leave_stop(v, next);
}

static void trap_stop(struct gdb_vcpu *v);

static void gdb_kicked(struct vm *vm)
{
	(void)vm;
	if (io_hit || watch_hit) {
		trap_stop(&vcpus[0]); /* the OUT or the write is complete */
		return;
	}
	if (!settling) {
		settling = true; /* let the exit in hand complete first */
		kick_request(&gdb_part);
		return;
	}
	settling = false;
	unsigned why = atomic_exchange(&conn.wanted, 0);
	struct gdb_vcpu *v = &vcpus[0];
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
	const struct kvm_run *run = v->vm->run;
	struct kvm_regs r;
	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1 || run->io.count != 1 ||
	    ioctl(v->fd, KVM_GET_REGS, &r) < 0)
		return 0;
	if (gdb_sw_at(&debug, r.rip))
		io_hit = r.rip;
	else if (gdb_sw_at(&debug, r.rip - 1)) /* should KVM have moved RIP already */
		io_hit = r.rip - 1;
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
		watch_hit = true;
		kick_request(&gdb_part);
	}
	return 1;
}

static void trap_stop(struct gdb_vcpu *v)
{
	struct kvm_regs r;
	if (io_hit && ioctl(v->fd, KVM_GET_REGS, &r) == 0) {
		r.rip = io_hit;
		ioctl(v->fd, KVM_SET_REGS, &r);
	}
	v->stop = GDB_STOP_TRAP;
	if (io_hit)
		snprintf(v->stop_detail, sizeof(v->stop_detail), "swbreak:;");
	else
		snprintf(v->stop_detail, sizeof(v->stop_detail), "%s:%llx;",
		         debug.watch.type == 2 ? "watch" : "awatch",
		         (unsigned long long)debug.watch.va);
	io_hit = 0;
	watch_hit = settling = false;
	v->stepping = false;
	stop_loop(v, false);
}

static int gdb_debug_exit(struct vm *vm)
{
	struct gdb_vcpu *v = &vcpus[0];
	if (vm->run->exit_reason == KVM_EXIT_IO)
		return io_breakpoint(v);
	if (vm->run->exit_reason == KVM_EXIT_MMIO)
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

/* ---- Set-up and the end ---- */

static int listen_socket(void)
{
	int one = 1;
	socklen_t len = sizeof(conn.addr);
	conn.listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (conn.listen_fd < 0)
		return fail_errno("gdb: socket");
	/* TCP_NODELAY is inherited by the accepted socket: each reply goes out
	 * at once, not held back behind the last one's acknowledgement. */
	setsockopt(conn.listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(conn.listen_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bind(conn.listen_fd, (struct sockaddr *)&conn.addr, sizeof(conn.addr)) < 0 ||
	    listen(conn.listen_fd, 1) < 0 ||
	    getsockname(conn.listen_fd, (struct sockaddr *)&conn.addr, &len) < 0)
		return fail_errno("gdb: cannot listen on %s:%u", inet_ntoa(conn.addr.sin_addr),
		                  ntohs(conn.addr.sin_port));
	/* The one line that says where (the port, when 0 picked one). */
	fprintf(stderr, "vmm: gdb: listening on %s:%u%s\n", inet_ntoa(conn.addr.sin_addr),
	        ntohs(conn.addr.sin_port), conn.wait ? ", the guest waits for it" : "");
	return 0;
}

/* The thread starts with the asynchronous signals blocked: the profiler's
 * SIGPROF and the kicks belong to the vCPU thread. The sandbox's SIGSYS
 * stays open: the kernel would make a blocked one kill without a word. */
static int start_thread(void)
{
	sigset_t all, old;
	sigfillset(&all);
	for (int sig = 1; sig < 32; sig++)
		if (sig == SIGSYS || sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
		    sig == SIGILL || sig == SIGABRT || sig == SIGTRAP)
			sigdelset(&all, sig);
	if (pipe2(conn.stop_pipe, O_CLOEXEC) < 0)
		return fail_errno("gdb: pipe");
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int r = pthread_create(&conn.thread, NULL, connection_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r) {
		errno = r;
		return fail_errno("gdb: cannot start its thread");
	}
	conn.thread_started = true;
	/* A new thread makes system calls of its own as it starts (glibc's
	 * rseq and robust-list registration): they must be made before the
	 * sandbox's filter exists. */
	pthread_mutex_lock(&conn.lock);
	while (!conn.thread_running)
		pthread_cond_wait(&conn.cond, &conn.lock);
	pthread_mutex_unlock(&conn.lock);
	return 0;
}

/* QEMU's TCG emulates INT3 as a software interrupt, which the nested SVM
 * it emulates checks against the INTn intercept, never the #BP intercept
 * KVM sets for KVM_GUESTDBG_USE_SW_BP: an int3 of ours would reach the
 * guest. Debug-register breakpoints raise #DB, which is intercepted. The
 * emulator names itself in CPUID's hypervisor leaf. */
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
	if (!conn.enabled)
		return PART_ABSENT;
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG) <= 0)
		return fail(
		    "gdb: this host's KVM cannot debug guests (no KVM_CAP_SET_GUEST_DEBUG)");
	int flags = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG2);
	debug.block_irq = flags > 0 && (flags & KVM_GUESTDBG_BLOCKIRQ);
	debug.tcg = under_tcg() || getenv("VMM_GDB_TCG");
	vm->debug_traps = debug.tcg;
	if (debug.tcg && ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM) <= 0)
		return fail("gdb: this host's KVM has no read-only memory (KVM_CAP_READONLY_MEM)");
	vcpus[0] = (struct gdb_vcpu){
	    .vm = vm, .fd = vm->vcpu_fd, .id = 1, .i386 = vm->kernel && vm->kernel->i386};
	if (listen_socket() < 0 || start_thread() < 0)
		return -1;
	if (conn.wait) {
		atomic_fetch_or(&conn.wanted, WANT_START);
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
	pthread_mutex_lock(&conn.lock);
	conn.quit = true;
	pthread_cond_broadcast(&conn.cond);
	pthread_mutex_unlock(&conn.lock);
	if (conn.stop_pipe[1] >= 0 && write(conn.stop_pipe[1], "q", 1) < 0)
		fail_errno("gdb: cannot stop its thread");
	if (conn.thread_started)
		pthread_join(conn.thread, NULL);
	conn.thread_started = false;
	if (conn.fd >= 0)
		close(conn.fd);
	if (conn.listen_fd >= 0)
		close(conn.listen_fd);
	for (int i = 0; i < 2; i++)
		if (conn.stop_pipe[i] >= 0)
			close(conn.stop_pipe[i]);
	conn.fd = conn.listen_fd = conn.stop_pipe[0] = conn.stop_pipe[1] = -1;
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
    .on_debug_exit = gdb_debug_exit,
    .finish = gdb_finish,
    .teardown = gdb_teardown,
};
