/*
 * Built-in commands (cd, exit), redirections, and running a command in
 * the shell itself: a built-in alone in its pipeline must change the
 * shell, not a child; so must a line of only redirections ("> file"
 * creates the file). Its redirections then last only while it runs: the
 * descriptors they replace are kept at SAVE_FD and above meanwhile, where
 * no redirection reaches (their descriptors are single digits).
 */
#include "sh.h"

#define SAVE_FD 10

/* cd [DIR]: to DIR, or to the root. */
static int cd(char **argv)
{
	const char *dir = argv[1] ? argv[1] : "/";

	if (argv[1] && argv[2]) {
		fprintf(STDERR, "usage: cd [DIR]\n");
		return 2;
	}
	if (chdir(dir) < 0) {
		fprintf(STDERR, "sh: cd: %s: cannot change directory\n", dir);
		return 1;
	}
	return 0;
}

/* exit [N]: ends the shell with status N, or $?. */
static int exit_cmd(char **argv)
{
	char *end;
	long n = sh.status;

	if (argv[1])
		n = strtol(argv[1], &end, 10);
	if (argv[1] && (end == argv[1] || *end || argv[2])) {
		fprintf(STDERR, "usage: exit [N]\n");
		return 2;
	}
	exit(n & 0xff);
}

static const struct {
	const char *name;
	builtin_fn *run;
} builtins[] = {
    {"cd", cd},
    {"exit", exit_cmd},
};

builtin_fn *builtin(const char *name)
{
	for (unsigned i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (strcmp(name, builtins[i].name) == 0)
			return builtins[i].run;
	}
	return 0;
}

/* ---- Redirections ---- */

static const int open_flags[] = {
    [R_IN] = O_RDONLY,
    [R_OUT] = O_WRONLY | O_CREATE | O_TRUNC,
    [R_APPEND] = O_WRONLY | O_CREATE | O_APPEND,
};

int move_fd(int from, int to)
{
	int r;

	if (from == to)
		return 0;
	r = dup2(from, to);
	close(from);
	return r < 0 ? -1 : 0;
}

static int redirect(const struct redir *r)
{
	char *word = expand(r->word), *end;
	int fd;

	if (r->type == R_DUP) {
		fd = strtol(word, &end, 10);
		if (!isdigit(*word) || *end || dup2(fd, r->fd) < 0) {
			fprintf(STDERR, "sh: %s: bad file descriptor\n", word);
			return -1;
		}
		return 0;
	}
	if ((fd = open(word, open_flags[r->type])) < 0) {
		fprintf(STDERR, "sh: %s: cannot open\n", word);
		return -1;
	}
	if (move_fd(fd, r->fd) < 0) {
		fprintf(STDERR, "sh: %d: cannot redirect\n", r->fd);
		return -1;
	}
	return 0;
}

int apply_redirs(const struct redir *r)
{
	for (; r; r = r->next) {
		if (redirect(r) < 0)
			return -1;
	}
	return 0;
}

/* ---- In the shell ---- */

struct saved {
	int fd;   /* a descriptor a redirection replaces */
	int copy; /* what it was before, at SAVE_FD or above; -1: it was closed */
};

int run_here(const struct cmd *c)
{
	char **argv = expand_argv(c);
	struct saved *saved;
	int n = 0, status;

	for (const struct redir *r = c->redirs; r; r = r->next)
		n++;
	saved = arena_alloc((n + 1) * sizeof(*saved));
	n = 0;
	for (const struct redir *r = c->redirs; r; r = r->next, n++) {
		saved[n].fd = r->fd;
		saved[n].copy = dupmin(r->fd, SAVE_FD);
	}
	if (apply_redirs(c->redirs) < 0)
		status = 1;
	else
		status = argv[0] ? builtin(argv[0])(argv) : 0;
	/* Last first: two redirections of one descriptor saved it twice. */
	while (n-- > 0) {
		if (saved[n].copy < 0)
			close(saved[n].fd);
		else
			move_fd(saved[n].copy, saved[n].fd);
	}
	return status;
}
