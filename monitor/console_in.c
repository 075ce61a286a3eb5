/*
 * Console input: the monitor's standard input reaches the guest through
 * VMM_PORT_CONSOLE_IN (see vmm_abi.h). A thread reads stdin into a ring and,
 * when the guest has found the ring empty, raises an interrupt (an MSI to
 * the in-kernel local APIC) so the guest never polls. The vCPU thread takes
 * bytes out during the guest's OUT.
 *
 * Everything starts at the guest's first read, so a run that never reads
 * input (./vmm guest.img -- true) neither starts a thread nor touches the
 * terminal. A terminal is switched to raw mode, with output post-processing
 * kept so "\n" still starts a line, and restored on every way out. On a
 * terminal, Ctrl-A is the escape key, as in QEMU: Ctrl-A x quits, Ctrl-A h
 * prints help, Ctrl-A Ctrl-A sends a Ctrl-A.
 */
#include "console_in.h"

#include <errno.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "devices.h"
#include "util.h"
#include "vm.h"
#include "vmm_abi.h"

#define RING   (64 * 1024)
#define CTRL_A 0x01

struct console_in {
	int fd;
	int vm_fd;
	pthread_t vcpu_thread, reader;
	pthread_mutex_t lock;
	pthread_cond_t space; /* the reader waits here while the ring is full */
	uint8_t ring[RING];
	size_t head, count;
	bool started, running, eof, armed, escape, tty;
	volatile sig_atomic_t quit;
	uint64_t bytes, interrupts;
};

static struct console_in in = {
    .fd = STDIN_FILENO,
    .vm_fd = -1,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .space = PTHREAD_COND_INITIALIZER,
};

static struct termios saved_tty;
static volatile sig_atomic_t tty_raw;
static struct kvm_run *volatile kick_run;

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

/* A fatal signal while raw: put the terminal back, then die of it. */
static void on_fatal_signal(int sig)
{
	restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void make_raw(void)
{
	static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	if (tcgetattr(in.fd, &saved_tty) < 0)
		return;
	struct termios t = saved_tty;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag = (t.c_cflag & ~(tcflag_t)(CSIZE | PARENB)) | CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], on_fatal_signal);
	atexit(restore_tty);
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

/* With the lock held: one byte into the ring, waiting for room. */
static void put(uint8_t c)
{
	while (in.count == RING) {
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

/* Ctrl-A x: the vCPU thread ends the run at its next exit; the signal
 * makes that exit happen now. */
static void request_quit(void)
{
	in.quit = 1;
	pthread_kill(in.vcpu_thread, SIGUSR2);
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

static void unlock(void *unused)
{
	(void)unused;
	pthread_mutex_unlock(&in.lock);
}

void console_in_received(const uint8_t *buf, ssize_t n)
{
	pthread_mutex_lock(&in.lock);
	pthread_cleanup_push(unlock, NULL);
	if (n <= 0)
		in.eof = true;
	for (ssize_t i = 0; i < n; i++) {
		if (in.tty)
			typed(buf[i]);
		else
			put(buf[i]);
	}
	notify();
	pthread_cleanup_pop(1);
}

static void *reader(void *unused)
{
	(void)unused;
	uint8_t buf[4096];
	for (;;) {
		ssize_t n = read(in.fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		console_in_received(buf, n);
		if (n <= 0)
			return NULL;
	}
}

static void on_kick(int sig)
{
	(void)sig;
	if (kick_run)
		kick_run->immediate_exit = 1;
}

/* Starts the reader at the guest's first read; false if it cannot. */
static bool start(void)
{
	in.started = true;
	in.tty = isatty(in.fd);
	if (in.tty)
		make_raw();
	sigset_t all, old;
	sigfillset(&all);
	/* Signals (the profiler's, SIGUSR1, SIGUSR2) are for the vCPU thread. */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int err = pthread_create(&in.reader, NULL, reader, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		fprintf(stderr, "vmm: cannot start the console input thread: %s\n", strerror(err));
		in.eof = true;
		return false;
	}
	in.running = true;
	return true;
}

static void console_in_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	(void)dev;
	(void)port;
	/* Bytes: the descriptor may be misaligned (see block_request). */
	uint8_t *slot = gpa_ptr(&vm->mem, gpa, sizeof(struct vmm_buf));
	if (size != 4 || !slot)
		return;
	struct vmm_buf req;
	memcpy(&req, slot, sizeof(req));
	uint8_t *dst = gpa_ptr(&vm->mem, req.addr, req.len);
	uint32_t status = VMM_STATUS_OK, len = 0;
	if (!in.started)
		start();
	pthread_mutex_lock(&in.lock);
	if (!dst)
		status = VMM_STATUS_EFAULT;
	for (; dst && len < req.len && in.count > 0; len++, in.count--) {
		dst[len] = in.ring[in.head];
		in.head = (in.head + 1) % RING;
	}
	if (status == VMM_STATUS_OK && len == 0 && req.len > 0) {
		if (in.eof)
			status = VMM_STATUS_EOF;
		else
			in.armed = true;
	}
	in.bytes += len;
	pthread_cond_signal(&in.space);
	pthread_mutex_unlock(&in.lock);
	memcpy(slot + offsetof(struct vmm_buf, len), &len, sizeof(len));
	memcpy(slot + offsetof(struct vmm_buf, status), &status, sizeof(status));
}

bool console_in_poll(struct vm *vm)
{
	if (!in.quit)
		return false;
	in.quit = 0;
	vm->run->immediate_exit = 0;
	restore_tty();
	fprintf(stderr, "vmm: quit (Ctrl-A x)\n");
	vm_stop(vm, 0);
	return true;
}

void console_in_stop(void)
{
	if (in.running) {
		in.running = false;
		pthread_cancel(in.reader);
		pthread_join(in.reader, NULL);
	}
	restore_tty();
}

static const struct io_ops console_in_ops = {.name = "console-in", .out = console_in_out};

static int console_in_init(struct vm *vm)
{
	in.vm_fd = vm->vm_fd;
	in.vcpu_thread = pthread_self();
	kick_run = vm->run;
	struct sigaction sa = {.sa_handler = on_kick};
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR2, &sa, NULL) < 0)
		return fail_errno("cannot catch SIGUSR2");
	return io_register(&vm->io, VMM_PORT_CONSOLE_IN, 1, &console_in_ops, &in);
}

const struct device console_in_device = {
    .name = "console-in",
    .abi_bit = VMM_DEV_CONSOLE_IN,
    .init = console_in_init,
};
