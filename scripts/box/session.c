#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "frame.h"
#include "session.h"

_Static_assert(sizeof(struct termios) == sizeof(((struct box_run *)0)->termios), "termios");
_Static_assert(sizeof(struct winsize) == sizeof(((struct box_run *)0)->winsize), "winsize");

/* The run's side of things, as the relay loop sees it. */
struct session {
	int conn;
	pid_t pid;
	int sigfd;    /* SIGCHLD, SIGTERM */
	int in;       /* where its input goes: a pipe, or the pty master; -1 once closed */
	int out, err; /* where its output comes from; -1 once at its end */
	int pty;      /* the pty master, or -1 */
	int slave;    /* our own hold on the slave while the run lives, or -1 */
	char *frame;  /* the frame being received */
	char *inbuf;  /* input received and not yet written */
	size_t inlen, inoff;
	int more_asked; /* a BOX_MORE is out and no chunk has answered it */
};

static _Noreturn void fail(int conn, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "vmm-boxd: %s: %s", what, strerror(errno));
	box_send(conn, BOX_ERROR, msg, (uint32_t)strlen(msg));
	_exit(1);
}

/* A pseudo-terminal for the descriptors the caller has on a terminal, in
 * the caller's modes and size; the slave's path goes to slave, and *held
 * is the slave kept open here: without it the master reads EIO (and polls
 * HUP) until the run has opened its side. */
static int open_pty(const struct box_run *r, char *slave, size_t size, int *held)
{
	struct termios t;
	struct winsize ws;
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 || ptsname_r(m, slave, size) != 0)
		return -1;
	memcpy(&t, r->termios, sizeof(t));
	memcpy(&ws, r->winsize, sizeof(ws));
	int s = open(slave, O_RDWR | O_NOCTTY);
	if (s < 0)
		return -1;
	tcsetattr(s, TCSANOW, &t);
	*held = s;
	ioctl(m, TIOCSWINSZ, &ws);
	return m;
}

/* In the child: its descriptors 0-2, a session of its own (the pty as its
 * controlling terminal), the caller's folder, then the program. */
static _Noreturn void exec_run(const struct box_run *r, const char *slave, int fds[3], char **argv,
                               char **envp)
{
	sigset_t none;

	setsid();
	if (r->tty) {
		int s = open(slave, O_RDWR); /* becomes the controlling terminal */
		for (int i = 0; i < 3; i++)
			if (r->tty & (1u << i))
				fds[i] = s;
	}
	for (int i = 0; i < 3; i++)
		if (dup2(fds[i], i) < 0)
			_exit(127);
	closefrom(3);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (chdir(r->cwd) < 0) {
		dprintf(2, "vmm-box: %s: %s\n", r->cwd, strerror(errno));
		_exit(1);
	}
	execve(argv[0], argv, envp);
	dprintf(2, "vmm-box: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Starts the run: pipes where the caller has no terminal. */
static void start(struct session *s, const struct box_run *r, char **argv, char **envp)
{
	char slave[64] = "";
	int p[3][2], child[3];

	s->pty = r->tty ? open_pty(r, slave, sizeof(slave), &s->slave) : -1;
	if (r->tty && s->pty < 0)
		fail(s->conn, "cannot open a pseudo-terminal");
	for (int i = 0; i < 3; i++) {
		if (r->tty & (1u << i)) {
			p[i][0] = p[i][1] = -1;
			continue;
		}
		if (pipe2(p[i], O_CLOEXEC) < 0)
			fail(s->conn, "pipe");
		child[i] = p[i][i == 0 ? 0 : 1];
	}
	s->pid = fork();
	if (s->pid < 0)
		fail(s->conn, "fork");
	if (s->pid == 0)
		exec_run(r, slave, child, argv, envp);
	s->in = (r->tty & 1) ? s->pty : p[0][1];
	s->out = (r->tty & 2) ? s->pty : p[1][0];
	s->err = (r->tty & 4) ? -1 : p[2][0]; /* on the pty, stderr arrives with stdout */
	for (int i = 0; i < 3; i++)
		if (!(r->tty & (1u << i)))
			close(p[i][i == 0 ? 0 : 1]);
	if (s->in >= 0)
		fcntl(s->in, F_SETFL, O_NONBLOCK);
}

/* Kills the whole run and waits for it: after this nothing of it writes. */
static _Noreturn void kill_run(struct session *s)
{
	kill(-s->pid, SIGKILL);
	kill(s->pid, SIGKILL);
	while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
		;
	_exit(0);
}

/* Moves what fd has to the client as a frame of type t: 0, or -1 at its
 * end (a pty master reads EIO once its slave is closed everywhere). */
static int relay_output(struct session *s, int fd, uint32_t t)
{
	static char buf[BOX_FRAME_MAX];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	if (box_send(s->conn, t, buf, (uint32_t)n) < 0)
		kill_run(s);
	return 0;
}

/* Writes what it can of the buffered input; asks for more once all is in. */
static void feed_input(struct session *s)
{
	if (s->inoff < s->inlen && s->in >= 0) {
		ssize_t n = write(s->in, s->inbuf + s->inoff, s->inlen - s->inoff);
		if (n > 0)
			s->inoff += (size_t)n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			s->inoff = s->inlen; /* it stopped reading: drop the rest */
	}
	if (s->inoff == s->inlen && !s->more_asked && s->in >= 0) {
		s->more_asked = 1;
		if (box_send(s->conn, BOX_MORE, NULL, 0) < 0)
			kill_run(s);
	}
}

/* One frame from the client. */
static void client_frame(struct session *s)
{
	struct box_frame f;
	uint32_t sig;
	struct winsize ws;

	if (box_recv(s->conn, &f, s->frame) < 0)
		kill_run(s);
	switch (f.type) {
	case BOX_STDIN:
		if (!s->more_asked)
			kill_run(s); /* a chunk nobody asked for: not our client */
		memcpy(s->inbuf, s->frame, f.len);
		s->more_asked = 0;
		s->inoff = 0;
		s->inlen = f.len;
		if (f.len == 0 && s->in >= 0 && s->in != s->pty) {
			close(s->in); /* the end of input */
			s->in = -1;
		}
		break;
	case BOX_SIGNAL:
		if (f.len == sizeof(sig)) {
			memcpy(&sig, s->frame, sizeof(sig));
			if (sig > 0 && sig < NSIG)
				kill(s->pid, (int)sig);
		}
		break;
	case BOX_WINSIZE:
		if (f.len == sizeof(ws) && s->pty >= 0) {
			memcpy(&ws, s->frame, sizeof(ws));
			ioctl(s->pty, TIOCSWINSZ, &ws);
		}
		break;
	default:
		kill_run(s);
	}
}

/* The run has ended: the rest of its output, then its status. */
static _Noreturn void finish(struct session *s, int status)
{
	struct box_exit e;
	int fds[2] = {s->out, s->err};
	uint32_t types[2] = {BOX_STDOUT, BOX_STDERR};

	for (int i = 0; i < 2; i++) {
		if (fds[i] < 0)
			continue;
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
		while (relay_output(s, fds[i], types[i]) == 0) {
			struct pollfd p = {fds[i], POLLIN, 0};
			if (poll(&p, 1, 0) <= 0)
				break;
		}
	}
	if (WIFSIGNALED(status))
		e = (struct box_exit){BOX_KILLED, (uint32_t)WTERMSIG(status)};
	else
		e = (struct box_exit){BOX_EXITED, (uint32_t)WEXITSTATUS(status)};
	box_send(s->conn, BOX_EXIT, &e, sizeof(e));
	_exit(0);
}

/* SIGCHLD or SIGTERM (the server settling a dead client's runs). */
static void signal_arrived(struct session *s)
{
	struct signalfd_siginfo si;
	int status;

	if (read(s->sigfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGTERM)
		kill_run(s);
	if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
		if (s->slave >= 0)
			close(s->slave); /* the master now reads what is left, then EIO */
		finish(s, status);
	}
}

_Noreturn void session_run(int conn, const struct box_run *r, char **argv, char **envp)
{
	struct session s = {.conn = conn, .in = -1, .out = -1, .err = -1, .pty = -1, .slave = -1};
	sigset_t set;

	s.frame = malloc(BOX_FRAME_MAX);
	s.inbuf = malloc(BOX_FRAME_MAX);
	if (!s.frame || !s.inbuf)
		fail(conn, "out of memory");
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	s.sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	signal(SIGPIPE, SIG_IGN);
	/* A SIGUSR1 forwarded before the monitor has set its handler (it
	 * prints --stats) would kill it: until then it is ignored, from before
	 * the fork, since a signal can come before the child has run at all.
	 * Started here, a run starts later after its client than a local one. */
	signal(SIGUSR1, SIG_IGN);
	start(&s, r, argv, envp);
	for (;;) {
		int want_in = s.inoff < s.inlen && s.in >= 0;
		struct pollfd p[5] = {
		    {s.sigfd, POLLIN, 0}, {conn, POLLIN, 0},  {want_in ? s.in : -1, POLLOUT, 0},
		    {s.out, POLLIN, 0},   {s.err, POLLIN, 0},
		};
		feed_input(&s);
		if (poll(p, 5, -1) < 0) {
			if (errno == EINTR)
				continue;
			kill_run(&s);
		}
		if (p[0].revents)
			signal_arrived(&s);
		if (p[1].revents)
			client_frame(&s);
		if (p[3].revents && relay_output(&s, s.out, BOX_STDOUT) < 0)
			s.out = -1; /* closed: the rest comes when the run ends */
		if (p[4].revents && relay_output(&s, s.err, BOX_STDERR) < 0)
			s.err = -1;
	}
}
