/*
 * The gdb stub's connection (gdb_stub.h): one per stub, whatever the number
 * of vCPUs. A thread, started at set-up (the sandbox forbids creating
 * threads later), owns the socket's reading side: it accepts, frames
 * packets and acknowledges them, and hands each complete packet to the
 * stopped vCPU's thread, which runs it and writes the reply. While the
 * guest runs, a Ctrl-C byte (0x03) or a new connection makes it ask
 * kick_request for the vCPU's attention.
 *
 * Why a thread rather than polling the socket from the vCPU thread: the
 * vCPU sits in KVM_RUN for as long as the guest keeps it busy, and only a
 * kick brings it out; polling would need a timer kicking it anyway.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/kick.h"
#include "core/util.h"
#include "debug/gdb.h"
#include "debug/gdb_stub.h"

/* The connection: one per stub, whatever the number of vCPUs. */
static struct {
	struct sockaddr_in addr;
	bool wait;
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

int gdb_listen_fd(void)
{
	return conn.listen_fd;
}

void gdb_conn_want(unsigned why)
{
	atomic_fetch_or(&conn.wanted, why);
}

unsigned gdb_conn_take_wants(void)
{
	return atomic_exchange(&conn.wanted, 0);
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

/* ---- The vCPU's side ---- */

bool gdb_conn_stopped(bool need)
{
	pthread_mutex_lock(&conn.lock);
	conn.running = false;
	while (need && !conn.connected && !conn.quit)
		pthread_cond_wait(&conn.cond, &conn.lock);
	/* Stopped now: a connection or Ctrl-C that asked for it is served. */
	atomic_fetch_and(&conn.wanted, ~(unsigned)(WANT_CONNECT | WANT_INTERRUPT));
	bool tell = conn.awaiting_stop && conn.connected;
	conn.awaiting_stop = false;
	pthread_mutex_unlock(&conn.lock);
	return tell;
}

int gdb_conn_next(char *packet, size_t *len)
{
	pthread_mutex_lock(&conn.lock);
	while (!conn.have_packet && conn.connected)
		pthread_cond_wait(&conn.cond, &conn.lock);
	int r = conn.connected ? 0 : -1;
	if (r == 0) {
		*len = conn.packet_len;
		memcpy(packet, conn.packet, *len + 1);
		conn.have_packet = false;
		pthread_cond_broadcast(&conn.cond);
	}
	pthread_mutex_unlock(&conn.lock);
	return r;
}

void gdb_conn_no_ack(void)
{
	atomic_store(&conn.no_ack, true);
}

void gdb_conn_resumed(bool awaiting_stop)
{
	pthread_mutex_lock(&conn.lock);
	conn.running = true;
	conn.awaiting_stop = awaiting_stop;
	pthread_mutex_unlock(&conn.lock);
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

int gdb_conn_open(const struct sockaddr_in *addr, bool wait)
{
	conn.addr = *addr;
	conn.wait = wait;
	return listen_socket() < 0 || start_thread() < 0 ? -1 : 0;
}

void gdb_conn_close(void)
{
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
