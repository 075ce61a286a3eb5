/*
 * Console input: the monitor's standard input reaches the guest through
 * VMM_PORT_CONSOLE_IN (see vmm_abi.h). A thread reads stdin into a ring and,
 * when the guest has found the ring empty, raises an interrupt (an MSI to
 * the in-kernel local APIC) so the guest never polls. The vCPU thread takes
 * bytes out during the guest's OUT.
 *
 * The thread is created at set-up, before the sandbox (sandbox.c) forbids
 * creating threads, but it waits: nothing reads stdin or changes the
 * terminal before the guest's first read, so a run that never reads input
 * (./vmm guest.img -- true) leaves both alone. A terminal is then switched
 * to raw mode, with output post-processing kept so "\n" still starts a line,
 * and restored on every way out. On a terminal, Ctrl-A is the escape key, as
 * in QEMU: Ctrl-A x quits, Ctrl-A h prints help, Ctrl-A Ctrl-A sends a
 * Ctrl-A. At the end a byte on a pipe wakes the thread from its wait for
 * input, and it returns (no pthread_cancel, which would load the unwinder
 * under the sandbox).
 */
#include "devices/console_in.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "devices/devices.h"
#include "core/kick.h"
#include "core/util.h"
#include "core/vm.h"
#include "vmm_abi.h"

#define RING   (64 * 1024)
#define CTRL_A 0x01

struct console_in {
	int fd;
	int vm_fd;
	int stop_pipe[2]; /* a byte here ends the reader's wait for input */
	pthread_t reader;
	pthread_mutex_t lock;
	pthread_cond_t space; /* the reader waits here while the ring is full */
	pthread_cond_t go;    /* and here until the guest's first read; and the
	                         vCPU thread until the reader is ready */
	uint8_t ring[RING];
	size_t head, count;
	bool ready, started, running, stopping, eof, armed, escape, tty;
	uint64_t bytes, interrupts;
};

static struct console_in in = {
    .fd = STDIN_FILENO,
    .vm_fd = -1,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .space = PTHREAD_COND_INITIALIZER,
    .go = PTHREAD_COND_INITIALIZER,
    .stop_pipe = {-1, -1},
};

static struct termios saved_tty;
static volatile sig_atomic_t tty_raw;

void console_in_set_input(int fd)
{
	in.fd = fd;
}

static void restore_tty(void)
{
	if (tty_raw)
		tcsetattr(in.fd, TCSAFLUSH, &saved_tty);
	tty_raw = 0;
}

/* A fatal signal: put the terminal back, then die of it. The handler was
 * reset as it ran (SA_RESETHAND) and the signal is blocked until it
 * returns, so the raised one then takes the default action. */
static void on_fatal_signal(int sig)
{
	restore_tty();
	raise(sig);
}

/* At set-up: the terminal's settings, and every way out restoring them. */
static void prepare_tty(void)
{
	static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	if (tcgetattr(in.fd, &saved_tty) < 0) {
		in.tty = false;
		return;
	}
	struct sigaction sa = {.sa_handler = on_fatal_signal, .sa_flags = SA_RESETHAND};
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	atexit(restore_tty);
}

/* At the guest's first read. */
static void make_raw(void)
{
	struct termios t = saved_tty;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag = (t.c_cflag & ~(tcflag_t)(CSIZE | PARENB)) | CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(in.fd, TCSAFLUSH, &t) == 0)
		tty_raw = 1;
}

/* With the lock held: wake the guest if it waits for input. */
static void notify(void)
{
	if (!in.armed || (in.count == 0 && !in.eof))
		return;
	in.armed = false;
	in.interrupts++;
	struct kvm_msi msi = {.address_lo = 0xfee00000, .data = VMM_VEC_CONSOLE_IN};
	if (in.vm_fd >= 0)
		ioctl(in.vm_fd, KVM_SIGNAL_MSI, &msi);
}

/* With the lock held: one byte into the ring, waiting for room (unless
 * the monitor is stopping). */
static void put(uint8_t c)
{
	while (in.count == RING) {
		if (in.stopping)
			return;
		notify();
		pthread_cond_wait(&in.space, &in.lock);
	}
	in.ring[(in.head + in.count) % RING] = c;
	in.count++;
}

static void print_help(void)
{
	static const char help[] = "\r\nC-a h    print this help\r\n"
	                           "C-a x    quit the monitor\r\n"
	                           "C-a C-a  send C-a\r\n";
	if (write(STDERR_FILENO, help, sizeof(help) - 1) < 0)
		return;
}

/* Ctrl-A x: the vCPU thread ends the run when the kick brings it out. */
static void request_quit(void)
{
	kick_request(&console_in_part);
}

/* With the lock held: one byte typed on a terminal, escapes handled. */
static void typed(uint8_t c)
{
	if (!in.escape) {
		if (c == CTRL_A)
			in.escape = true;
		else
			put(c);
		return;
	}
	in.escape = false;
	if (c == 'x')
		request_quit();
	else if (c == 'h')
		print_help();
	else if (c == CTRL_A)
		put(c);
}

#define STOPPED (-2)

/* Waits for input or the stop byte; read's result, or STOPPED. */
static ssize_t wait_and_read(uint8_t *buf, size_t len)
{
	struct pollfd p[2] = {{.fd = in.fd, .events = POLLIN},
	                      {.fd = in.stop_pipe[0], .events = POLLIN}};
	for (;;) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return -1;
		if (p[1].revents)
			return STOPPED;
		if (!p[0].revents)
			continue;
		ssize_t n = read(in.fd, buf, len);
		if (n >= 0 || (errno != EINTR && errno != EAGAIN))
			return n;
	}
}

/* Says the thread is up, then waits until the guest's first read, or the
 * end; true to go on reading. */
static bool wait_for_start(void)
{
	pthread_mutex_lock(&in.lock);
	in.ready = true;
	pthread_cond_broadcast(&in.go);
	while (!in.started && !in.stopping)
		pthread_cond_wait(&in.go, &in.lock);
	bool go = !in.stopping;
	pthread_mutex_unlock(&in.lock);
	return go;
}

void console_in_received(const uint8_t *buf, ssize_t n)
{
	pthread_mutex_lock(&in.lock);
	if (n <= 0)
		in.eof = true;
	for (ssize_t i = 0; i < n && !in.stopping; i++) {
		if (in.tty)
			typed(buf[i]);
		else
			put(buf[i]);
	}
	notify();
	pthread_mutex_unlock(&in.lock);
}

static void *reader(void *unused)
{
	(void)unused;
	uint8_t buf[4096];
	if (!wait_for_start())
		return NULL;
	for (;;) {
		ssize_t n = wait_and_read(buf, sizeof(buf));
		if (n == STOPPED)
			return NULL;
		console_in_received(buf, n);
		if (n <= 0)
			return NULL;
	}
}

/* With the lock held (two vCPUs may read first at once): the guest's first
 * read; the terminal goes raw and the reader starts. */
static void start(void)
{
	if (in.tty)
		make_raw();
	in.started = true;
	pthread_cond_signal(&in.go);
}

/* At set-up: the reader thread, waiting for the guest's first read. Its
 * start (rseq, signal mask) is over before this returns, so before the
 * sandbox, which forbids those calls. */
static int create_reader(void)
{
	if (pipe2(in.stop_pipe, O_CLOEXEC) < 0)
		return fail_errno("console input: pipe");
	sigset_t mask, old;
	sigfillset(&mask);
	/* Signals (the profiler's, SIGUSR1, SIGUSR2) are for the vCPU thread;
	 * SIGSYS is the sandbox's report, which a blocked signal would lose. */
	sigdelset(&mask, SIGSYS);
	pthread_sigmask(SIG_SETMASK, &mask, &old);
	int err = pthread_create(&in.reader, NULL, reader, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		errno = err;
		return fail_errno("cannot start the console input thread");
	}
	in.running = true;
	pthread_mutex_lock(&in.lock);
	while (!in.ready)
		pthread_cond_wait(&in.go, &in.lock);
	pthread_mutex_unlock(&in.lock);
	return 0;
}

/* Moves up to max waiting bytes to dst; *len receives their number. With
 * none waiting, arms the interrupt (or reports the end of input). */
static uint32_t take_input(uint8_t *dst, uint32_t max, uint32_t *len)
{
	uint32_t status = VMM_STATUS_OK, n = 0;
	pthread_mutex_lock(&in.lock);
	if (!in.started)
		start();
	for (; n < max && in.count > 0; n++, in.count--) {
		dst[n] = in.ring[in.head];
		in.head = (in.head + 1) % RING;
	}
	if (n == 0 && max > 0) {
		if (in.eof)
			status = VMM_STATUS_EOF;
		else
			in.armed = true;
	}
	in.bytes += n;
	pthread_cond_signal(&in.space);
	pthread_mutex_unlock(&in.lock);
	*len = n;
	return status;
}

static bool console_in_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	(void)dev;
	(void)port;
	/* Bytes: the descriptor may be misaligned (see block_request). */
	uint8_t *slot = gpa_ptr(&vm->mem, gpa, sizeof(struct vmm_buf));
	if (size != 4 || !slot)
		return false; /* nowhere to store a status */
	/* Copy the descriptor once: the guest cannot change it under us. */
	struct vmm_buf req;
	memcpy(&req, slot, sizeof(req));
	uint8_t *dst = gpa_ptr(&vm->mem, req.addr, req.len);
	uint32_t status = VMM_STATUS_EFAULT, len = 0;
	if (dst)
		status = take_input(dst, req.len, &len);
	memcpy(slot + offsetof(struct vmm_buf, len), &len, sizeof(len));
	memcpy(slot + offsetof(struct vmm_buf, status), &status, sizeof(status));
	return status == VMM_STATUS_OK || status == VMM_STATUS_EOF;
}

static void console_in_kicked(struct vm *vm)
{
	restore_tty();
	fprintf(stderr, "vmm: quit (Ctrl-A x)\n");
	vm_stop(vm, 0);
}

void console_in_stop(void)
{
	if (in.running) {
		pthread_mutex_lock(&in.lock);
		in.stopping = true;
		in.vm_fd = -1; /* the VM is about to go */
		pthread_cond_broadcast(&in.go);
		pthread_cond_broadcast(&in.space);
		pthread_mutex_unlock(&in.lock);
		if (write(in.stop_pipe[1], "", 1) == 1)
			pthread_join(in.reader, NULL);
		in.running = false;
	}
	for (int i = 0; i < 2; i++)
		if (in.stop_pipe[i] >= 0)
			close(in.stop_pipe[i]);
	in.stop_pipe[0] = in.stop_pipe[1] = -1;
	restore_tty();
}

void console_in_restore_tty(void)
{
	restore_tty();
}

int console_in_tty(void)
{
	return in.tty ? in.fd : -1;
}

static const struct io_ops console_in_ops = {.name = "console-in", .out = console_in_out};

static int console_in_setup(struct vm *vm)
{
	in.vm_fd = vm->vm_fd;
	in.tty = isatty(in.fd);
	if (in.tty)
		prepare_tty();
	if (create_reader() < 0)
		return -1;
	return io_register(&vm->io, VMM_PORT_CONSOLE_IN, 1, &console_in_ops, &in);
}

static void console_in_teardown(struct vm *vm)
{
	(void)vm;
	console_in_stop();
}

const struct part console_in_part = {
    .name = "console-in",
    .abi_bit = VMM_DEV_CONSOLE_IN,
    .setup = console_in_setup,
    .kicked = console_in_kicked,
    .teardown = console_in_teardown,
};
