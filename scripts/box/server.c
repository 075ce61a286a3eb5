/* vmm-boxd: the KVM box's server. Runs inside the box (scripts/box/init
 * starts it, chrooted into the host's / shared over 9p) and serves the
 * clients' requests (include/box_proto.h): one connection at a time is
 * authenticated and read here; each run then goes to a child of its own
 * (session.c), so runs go on side by side.
 *
 *   vmm-boxd PORT SECRET-FILE
 *
 * It keeps every run id it has seen end, or been told to settle before it
 * started: a client killed with SIGKILL cannot say its run is over, so the
 * next client names it (BOX_SETTLE) and its run is killed and reaped, or
 * refused if its request comes in later, before anything goes on. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frame.h"
#include "session.h"

/* The most words and environment entries a run may have. */
#define MAX_WORDS 4096

struct live {
	uint64_t id;
	pid_t pid; /* its session */
};

static char secret[BOX_SECRET_LEN];
static struct live *lives;
static size_t nlives, cap_lives;
static uint64_t *ended; /* ids that ended or were settled before they began */
static size_t nended, cap_ended;
static char frame[BOX_FRAME_MAX + 1];
static int listen_fd, signal_fd;

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 64;
	p = realloc(p, *cap * size);
	if (!p) {
		fprintf(stderr, "vmm-boxd: out of memory\n");
		exit(1);
	}
	return p;
}

static int has_ended(uint64_t id)
{
	for (size_t i = 0; i < nended; i++)
		if (ended[i] == id)
			return 1;
	return 0;
}

static void mark_ended(uint64_t id)
{
	if (has_ended(id))
		return;
	ended = grow(ended, &cap_ended, nended, sizeof(*ended));
	ended[nended++] = id;
}

static struct live *find_live(uint64_t id)
{
	for (size_t i = 0; i < nlives; i++)
		if (lives[i].id == id)
			return &lives[i];
	return NULL;
}

/* A session ended (it has reaped its run). */
static void session_gone(pid_t pid)
{
	for (size_t i = 0; i < nlives; i++) {
		if (lives[i].pid == pid) {
			mark_ended(lives[i].id);
			lives[i] = lives[--nlives];
			return;
		}
	}
}

static void reap_sessions(void)
{
	pid_t pid;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		session_gone(pid);
}

/* BOX_SETTLE: every named run is over when this returns. */
static void settle(const uint64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct live *l = find_live(ids[i]);
		if (!l) {
			mark_ended(ids[i]);
			continue;
		}
		pid_t pid = l->pid;
		kill(pid, SIGTERM); /* the session kills its run and waits for it */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		session_gone(pid);
	}
}

/* Says why, then reads what the client still sends until it hangs up (at
 * most two seconds): closing with its frames unread would reset the
 * connection, and the reset can discard our answer before it is read. */
static void refuse(int fd, const char *why)
{
	char sink[4096];
	struct pollfd p = {.fd = fd, .events = POLLIN};

	box_send(fd, BOX_ERROR, why, (uint32_t)strlen(why));
	shutdown(fd, SHUT_WR);
	while (poll(&p, 1, 2000) > 0 && read(fd, sink, sizeof(sink)) > 0)
		;
}

/* Copies the frame's payload as a string into a list of at most MAX_WORDS. */
static int add_word(char **list, size_t *n, uint32_t len)
{
	if (*n >= MAX_WORDS || memchr(frame, 0, len))
		return -1;
	frame[len] = 0;
	list[*n] = strdup(frame);
	return list[(*n)++] ? 0 : -1;
}

static void start_run(int fd, const struct box_run *r, char **argv, char **envp)
{
	pid_t pid;

	if (has_ended(r->id) || find_live(r->id)) {
		refuse(fd, "vmm-box: this run was settled before it started (its client died)");
		return;
	}
	pid = fork();
	if (pid < 0) {
		refuse(fd, "vmm-boxd: cannot fork");
		return;
	}
	if (pid == 0) {
		struct timeval none = {0, 0};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof(none));
		close(listen_fd);
		close(signal_fd);
		session_run(fd, r, argv, envp);
	}
	lives = grow(lives, &cap_lives, nlives, sizeof(*lives));
	lives[nlives++] = (struct live){r->id, pid};
}

/* One connection: the secret, then requests until a ping or a run. */
static void serve(int fd)
{
	struct box_frame f;
	char *argv[MAX_WORDS + 1], *envp[MAX_WORDS + 1];
	size_t argc = 0, envc = 0;
	struct box_run run;

	if (box_recv(fd, &f, frame) < 0 || f.type != BOX_AUTH || f.len != BOX_SECRET_LEN ||
	    memcmp(frame, secret, BOX_SECRET_LEN) != 0) {
		refuse(fd, "vmm-box: the box refused the secret (another box's state folder?)");
		return;
	}
	while (box_recv(fd, &f, frame) == 0) {
		if (f.type == BOX_PING) {
			box_send(fd, BOX_OK, NULL, 0);
			break;
		} else if (f.type == BOX_SETTLE && f.len % sizeof(uint64_t) == 0) {
			settle((const uint64_t *)(void *)frame, f.len / sizeof(uint64_t));
		} else if (f.type == BOX_ARG && add_word(argv, &argc, f.len) == 0) {
			continue;
		} else if (f.type == BOX_ENV && add_word(envp, &envc, f.len) == 0) {
			continue;
		} else if (f.type == BOX_RUN && f.len == sizeof(run) && argc > 0) {
			memcpy(&run, frame, sizeof(run));
			run.cwd[sizeof(run.cwd) - 1] = 0;
			argv[argc] = envp[envc] = NULL;
			start_run(fd, &run, argv, envp);
			break;
		} else {
			refuse(fd, "vmm-boxd: a request out of order");
			break;
		}
	}
	while (argc > 0)
		free(argv[--argc]);
	while (envc > 0)
		free(envp[--envc]);
}

static int listen_on(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 64) < 0) {
		perror("vmm-boxd: listen");
		exit(1);
	}
	return fd;
}

static void read_secret(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f || fread(secret, 1, sizeof(secret), f) != sizeof(secret)) {
		fprintf(stderr, "vmm-boxd: cannot read the secret from %s\n", path);
		exit(1);
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	sigset_t set;

	if (argc != 3) {
		fprintf(stderr, "usage: vmm-boxd PORT SECRET-FILE\n");
		return 2;
	}
	read_secret(argv[2]);
	listen_fd = listen_on(atoi(argv[1]));
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigdelset(&set, SIGTERM);
	signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		struct pollfd p[2] = {{listen_fd, POLLIN, 0}, {signal_fd, POLLIN, 0}};
		if (poll(p, 2, -1) < 0)
			continue;
		if (p[1].revents) {
			struct signalfd_siginfo si;
			if (read(signal_fd, &si, sizeof(si)) > 0)
				reap_sessions();
		}
		if (p[0].revents) {
			/* A client that stalls mid-request holds the server 2 s at most. */
			struct timeval t = {2, 0};
			int one = 1, fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof(t));
			serve(fd);
			close(fd);
		}
	}
}
