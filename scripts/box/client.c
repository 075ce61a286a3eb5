/* vmm-box: ./vmm through the KVM box, for a host without /dev/kvm. Takes
 * ./vmm's arguments and runs it inside the box (scripts/kvmbox start) with
 * the same arguments, folder and environment; standard input, output and
 * error stay apart, the exit status (or the death by a signal) comes back,
 * a terminal on the caller's side gets a pseudo-terminal on the box's side
 * (raw here, the window size followed), and SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT, SIGUSR1 and SIGUSR2 go on to the run.
 *
 *   vmm-box [VMM-ARGS...]     the run; VMM_BOX_VMM names another program
 *                             than the tree's ./vmm (an absolute path)
 *   vmm-box --box-ping        exit 0 when the box answers
 *   vmm-box --box-settle      return once no run of a killed client is left
 *
 * VMM_BOX_DIR is the box's state folder (default: build/box beside this
 * program). Every run holds a locked file in its runs/ folder for as long as
 * it lives; a file whose lock is free belongs to a client that was killed,
 * and the next client has the box kill and reap that run first (see
 * server.c). So after a SIGKILLed client, the next run or `--box-settle`
 * starts only once nothing of the old run can still write. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "frame.h"

extern char **environ;

/* The exit status of the client's own failures (the box is down, the
 * connection broke): a monitor error, as ./vmm's. */
#define CLIENT_FAILED 1

/* Shorter than a path may be, so that names made from them fit in one. */
static char state[PATH_MAX / 2];
static char exe_dir[PATH_MAX / 4]; /* where this program lives: build/ */
static char run_path[PATH_MAX];    /* our file in runs/, removed at the end */
static struct termios saved_tty;
static int tty_raw;
static int term_fd = -1; /* the caller's first descriptor on a terminal */
static int signal_pipe[2];
static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

static void restore(void)
{
	if (tty_raw)
		tcsetattr(0, TCSAFLUSH, &saved_tty);
	tty_raw = 0;
	if (run_path[0])
		unlink(run_path);
	run_path[0] = 0;
}

static _Noreturn void die(const char *fmt, const char *arg)
{
	restore();
	fprintf(stderr, "vmm-box: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(CLIENT_FAILED);
}

/* The state folder: VMM_BOX_DIR, or box/ beside this program. */
static void find_state(void)
{
	const char *env = getenv("VMM_BOX_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		die("cannot find my own path: %s", strerror(errno));
	exe[n] = 0;
	snprintf(exe_dir, sizeof(exe_dir), "%s", dirname(exe));
	if (env && *env)
		snprintf(state, sizeof(state), "%s", env);
	else
		snprintf(state, sizeof(state), "%s/box", exe_dir);
}

/* Reads the small file NAME of the state folder into buf. */
static int read_state(const char *name, char *buf, size_t size)
{
	char path[PATH_MAX + 32];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", state, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	memset(buf, 0, size);
	ok = read(fd, buf, size - 1) > 0;
	close(fd);
	return ok ? 0 : -1;
}

/* Connects and proves we know the secret; ping: only to ask whether the box
 * is up. */
static int connect_box(int ping)
{
	char port[16], secret[BOX_SECRET_LEN + 2];
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int one = 1, fd;

	if (read_state("port", port, sizeof(port)) < 0)
		die("the KVM box is not running (start it: scripts/kvmbox start; state in %s)",
		    state);
	if (read_state("secret", secret, sizeof(secret)) < 0 || strlen(secret) < BOX_SECRET_LEN)
		die("cannot read the box's secret in %s", state);
	a.sin_port = htons((uint16_t)atoi(port));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("the KVM box does not answer (%s): scripts/kvmbox start", strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (ping) {
		/* A box that is not (yet) serving must not hold a ping. */
		struct timeval t = {2, 0};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof(t));
	}
	if (box_send(fd, BOX_AUTH, secret, BOX_SECRET_LEN) < 0)
		die("the KVM box closed the connection%s", "");
	return fd;
}

/* Waits for BOX_OK. */
static int await_ok(int fd)
{
	static char buf[BOX_FRAME_MAX + 1];
	struct box_frame f;

	if (box_recv(fd, &f, buf) < 0)
		die("the KVM box closed the connection%s", "");
	if (f.type == BOX_ERROR) {
		buf[f.len] = 0;
		die("%s", buf);
	}
	return f.type == BOX_OK ? 0 : -1;
}

/* Names every run whose client died (its file's lock is free) to the box,
 * which kills and reaps them before it reads our next frame; then their
 * files go. wait: end with a ping, and return once the box has answered. */
static void settle(int fd, int wait)
{
	char dir[PATH_MAX + 8], path[PATH_MAX + 300];
	uint64_t ids[BOX_FRAME_MAX / sizeof(uint64_t)];
	int fds[BOX_FRAME_MAX / sizeof(uint64_t)];
	size_t n = 0;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/runs", state);
	d = opendir(dir);
	while (d && (e = readdir(d)) && n < sizeof(ids) / sizeof(ids[0])) {
		unsigned long long id;
		char end;
		if (sscanf(e->d_name, "%16llx.ru%c", &id, &end) != 2 || end != 'n')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (strcmp(path, run_path) == 0)
			continue;
		int lf = open(path, O_RDONLY | O_CLOEXEC);
		if (lf < 0)
			continue;
		if (flock(lf, LOCK_EX | LOCK_NB) < 0) {
			close(lf); /* its client lives */
			continue;
		}
		ids[n] = id;
		fds[n++] = lf;
	}
	if (d)
		closedir(d);
	if (n > 0 && box_send(fd, BOX_SETTLE, ids, (uint32_t)(n * sizeof(ids[0]))) < 0)
		die("the KVM box closed the connection%s", "");
	if (wait && (box_send(fd, BOX_PING, NULL, 0) < 0 || await_ok(fd) < 0))
		die("the KVM box did not settle the runs of killed clients%s", "");
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%016llx.run", dir, (unsigned long long)ids[i]);
		unlink(path);
		close(fds[i]);
	}
}

/* Our run's file, locked for as long as we live: made under another name
 * and renamed once locked, so that nobody ever sees it unlocked. */
static uint64_t register_run(void)
{
	char tmp[PATH_MAX + 64];
	uint64_t id;
	int fd;

	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		die("getrandom: %s", strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s/runs/.new.%d", state, (int)getpid());
	snprintf(run_path, sizeof(run_path), "%s/runs/%016llx.run", state, (unsigned long long)id);
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) < 0 || rename(tmp, run_path) < 0)
		die("cannot register the run in %s/runs", state);
	return id; /* fd stays open: the lock lives as long as we do */
}

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	if (write(signal_pipe[1], &c, 1) < 0) {
		/* the pipe is full: that signal is lost, as one pending would be */
	}
	errno = saved;
}

static void catch_signals(void)
{
	struct sigaction sa = {.sa_handler = on_signal};

	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		die("pipe: %s", strerror(errno));
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaction(forwarded[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The program the box runs: VMM_BOX_VMM, or the tree's ./vmm. */
static void program(char *path, size_t size)
{
	const char *env = getenv("VMM_BOX_VMM");

	if (env && *env)
		snprintf(path, size, "%s", env);
	else
		snprintf(path, size, "%s/../vmm", exe_dir);
	if (path[0] != '/')
		die("VMM_BOX_VMM=%s: give an absolute path", path);
}

/* A send failed: the box hung up, usually after saying why (a refused
 * secret), which is the line to show. */
static void send_failed(int fd)
{
	static char buf[BOX_FRAME_MAX + 1];
	struct box_frame f;

	if (box_recv(fd, &f, buf) == 0 && f.type == BOX_ERROR) {
		buf[f.len] = 0;
		die("%s", buf);
	}
	die("the KVM box closed the connection%s", "");
}

/* Everything the run needs, then BOX_RUN. */
static void send_request(int fd, uint64_t id, int argc, char **argv)
{
	struct box_run r = {.id = id};
	char prog[PATH_MAX];
	program(prog, sizeof(prog));
	if (box_send(fd, BOX_ARG, prog, (uint32_t)strlen(prog)) < 0)
		send_failed(fd);
	for (int i = 1; i < argc; i++) {
		if (strlen(argv[i]) > BOX_FRAME_MAX)
			die("an argument is too long for the box (%.40s...)", argv[i]);
		if (box_send(fd, BOX_ARG, argv[i], strlen(argv[i])) < 0)
			send_failed(fd);
	}
	for (char **e = environ; *e; e++)
		if (strlen(*e) <= BOX_FRAME_MAX)
			box_send(fd, BOX_ENV, *e, (uint32_t)strlen(*e));
	if (!getcwd(r.cwd, sizeof(r.cwd)))
		die("getcwd: %s", strerror(errno));
	for (int i = 2; i >= 0; i--) {
		if (isatty(i)) {
			r.tty |= 1u << i;
			term_fd = i;
		}
	}
	if (term_fd >= 0) {
		tcgetattr(term_fd, (struct termios *)(void *)r.termios);
		ioctl(term_fd, TIOCGWINSZ, r.winsize);
	}
	if (box_send(fd, BOX_RUN, &r, sizeof(r)) < 0)
		send_failed(fd);
}

/* Our terminal passes every key on: the box's side interprets them. */
static void make_raw(void)
{
	struct termios t;

	if (!isatty(0) || tcgetattr(0, &saved_tty) < 0)
		return;
	t = saved_tty;
	cfmakeraw(&t);
	tty_raw = tcsetattr(0, TCSANOW, &t) == 0;
}

static _Noreturn void finish(const struct box_exit *e)
{
	sigset_t set;

	restore();
	if (e->how != BOX_KILLED)
		exit((int)(e->value & 0xff));
	/* Die the way the run did, so our caller sees the same. */
	signal((int)e->value, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, (int)e->value);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise((int)e->value);
	exit(128 + (int)e->value);
}

/* A signal that arrived here, passed on. */
static void forward_signal(int fd)
{
	unsigned char c;

	while (read(signal_pipe[0], &c, 1) == 1) {
		if (c == SIGWINCH) {
			struct winsize ws;
			if (ioctl(term_fd, TIOCGWINSZ, &ws) == 0)
				box_send(fd, BOX_WINSIZE, &ws, sizeof(ws));
		} else {
			uint32_t sig = c;
			box_send(fd, BOX_SIGNAL, &sig, sizeof(sig));
		}
	}
}

/* One frame from the box; returns when the run goes on. */
static void box_frame(int fd, int *more)
{
	static char buf[BOX_FRAME_MAX + 1];
	struct box_frame f;
	struct box_exit e;

	if (box_recv(fd, &f, buf) < 0)
		die("the KVM box closed the connection during the run%s", "");
	switch (f.type) {
	case BOX_STDOUT:
	case BOX_STDERR:
		/* A closed output is the caller's business: drop what it missed. */
		write_full(f.type == BOX_STDOUT ? 1 : 2, buf, f.len);
		break;
	case BOX_MORE:
		*more = 1;
		break;
	case BOX_EXIT:
		if (f.len != sizeof(e))
			die("a bad exit report from the box%s", "");
		memcpy(&e, buf, sizeof(e));
		finish(&e);
	case BOX_ERROR:
		buf[f.len] = 0;
		restore();
		fprintf(stderr, "%s\n", buf);
		exit(CLIENT_FAILED);
	default:
		die("an unknown frame from the box%s", "");
	}
}

static _Noreturn void relay(int fd)
{
	static char buf[BOX_FRAME_MAX];
	int more = 0, in_open = 1;

	for (;;) {
		struct pollfd p[3] = {
		    {fd, POLLIN, 0},
		    {signal_pipe[0], POLLIN, 0},
		    {more && in_open ? 0 : -1, POLLIN, 0},
		};
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		if (p[1].revents)
			forward_signal(fd);
		if (p[0].revents)
			box_frame(fd, &more);
		if (p[2].revents) {
			ssize_t n = read(0, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				n = 0;
				in_open = 0;
			}
			more = 0;
			box_send(fd, BOX_STDIN, buf, (uint32_t)n);
		}
	}
}

int main(int argc, char **argv)
{
	int fd;

	find_state();
	if (argc == 2 && strcmp(argv[1], "--box-ping") == 0) {
		fd = connect_box(1);
		return box_send(fd, BOX_PING, NULL, 0) < 0 || await_ok(fd) < 0;
	}
	if (argc == 2 && strcmp(argv[1], "--box-settle") == 0) {
		fd = connect_box(0);
		settle(fd, 1);
		return 0;
	}
	catch_signals();
	fd = connect_box(0);
	uint64_t id = register_run();
	settle(fd, 0);
	send_request(fd, id, argc, argv);
	make_raw();
	relay(fd);
}
