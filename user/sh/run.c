/*
 * Running jobs. Each command of a pipeline is a child process, its output
 * piped to the next one's input; the pipeline's status is its last
 * command's. With job control (an interactive shell), the children of a
 * pipeline form one process group, which is the console's foreground group
 * until they have all exited, so Ctrl-C kills them and not the shell; then
 * the shell takes the console back. If the kernel refuses setpgid or
 * tcsetpgrp, everything runs the same without that.
 *
 * A background job runs in a grandchild: the shell's child forks it and
 * exits at once, so the job becomes init's child, and init reaps it when it
 * ends. The shell has no wait that does not block, so it could not reap
 * the job itself without stopping until it ends.
 */
#include "sh.h"

/* The status of a process as wait reports it, made 0 to 255 as $? is: a
 * killed process's -1 becomes 255. */
static int exit_status(int status)
{
	return status & 0xff;
}

/* Puts the child pid into the pipeline's process group, *pgid, the
 * child's own group if this is the first child. The child does the same,
 * so whichever runs first, the group is set before the child execs. */
static void join_group(int pid, int *pgid)
{
	if (!sh.jobctl)
		return;
	setpgid(pid, *pgid);
	if (*pgid == 0)
		*pgid = pid;
}

/* The child for command c: in, if not -1, is its input; out, if not 0,
 * the pipe its output goes into. */
static void child(const struct cmd *c, int in, int *out, int pgid)
{
	char **argv;
	builtin_fn *b;

	if (sh.jobctl) {
		setpgid(0, pgid);
		tcsetpgrp(STDIN, pgid ? pgid : getpid());
	}
	if (sh.script_fd >= 0)
		close(sh.script_fd);
	if (in >= 0)
		move_fd(in, STDIN);
	if (out) {
		close(out[0]);
		move_fd(out[1], STDOUT);
	}
	argv = expand_argv(c);
	if (apply_redirs(c->redirs) < 0)
		exit(1);
	if (!argv[0])
		exit(0);
	if ((b = builtin(argv[0])))
		exit(b(argv));
	execvp(argv[0], argv);
	exit(exec_failed("sh", argv[0]));
}

/* Waits for the n children in pids; the last one's status. */
static int wait_all(const int *pids, int n)
{
	int left = n, status = 0, st, pid;

	while (left > 0 && (pid = wait(&st)) >= 0) {
		for (int i = 0; i < n; i++) {
			if (pids[i] != pid)
				continue;
			left--;
			if (i == n - 1)
				status = exit_status(st);
		}
	}
	return status;
}

/* Starts the pipeline's children; their pids go into pids, their group
 * into *pgid. How many started; all of them unless fork or pipe failed. */
static int start(const struct pipeline *p, int *pids, int *pgid)
{
	int n = 0, in = -1, fds[2], pid;

	for (const struct cmd *c = p->cmds; c; c = c->next) {
		if (c->next && pipe(fds) < 0) {
			fprintf(STDERR, "sh: cannot make a pipe\n");
			break;
		}
		if ((pid = fork()) == 0)
			child(c, in, c->next ? fds : 0, *pgid);
		if (in >= 0)
			close(in);
		in = -1;
		if (c->next) {
			close(fds[1]);
			in = fds[0];
		}
		if (pid < 0) {
			fprintf(STDERR, "sh: cannot fork\n");
			break;
		}
		join_group(pid, pgid);
		pids[n++] = pid;
	}
	if (in >= 0)
		close(in);
	return n;
}

static int run_pipeline(const struct pipeline *p)
{
	const struct cmd *c = p->cmds;
	int *pids, n, pgid = 0, status;

	if (p->ncmds == 1 && (c->argc == 0 || builtin(expand(c->argv[0]))))
		return run_here(c);
	pids = arena_alloc(p->ncmds * sizeof(*pids));
	n = start(p, pids, &pgid);
	if (sh.jobctl && pgid)
		tcsetpgrp(STDIN, pgid);
	status = wait_all(pids, n);
	if (sh.jobctl)
		tcsetpgrp(STDIN, sh.pgid);
	return n == p->ncmds ? status : 1;
}

/* Runs the and-or list starting at p; its status. A pipeline after && runs
 * when the status so far is 0, after || when it is not. */
static int run_andor(const struct pipeline *p)
{
	int status = sh.status = run_pipeline(p);

	/* $? is each pipeline's status as soon as it ends: "false || echo $?"
	 * prints 1. */
	for (p = p->next; p; p = p->next) {
		if ((p->op == T_AND) == (status == 0))
			status = sh.status = run_pipeline(p);
	}
	return status;
}

/* Starts the and-or list p in the background (see the top). */
static void run_bg(const struct pipeline *p)
{
	int pid = fork(), job, st;

	if (pid == 0) {
		if ((job = fork()) == 0) {
			if (sh.jobctl)
				setpgid(0, 0); /* out of the console's foreground group */
			sh.jobctl = sh.interactive = 0;
			exit(run_andor(p));
		}
		if (job > 0 && sh.interactive)
			fprintf(STDERR, "[%d]\n", job);
		exit(job < 0);
	}
	if (pid < 0 || wait(&st) != pid || st != 0)
		fprintf(STDERR, "sh: cannot start a background job\n");
}

void run_jobs(const struct job *j)
{
	for (; j; j = j->next) {
		if (j->bg) {
			run_bg(j->first);
			sh.status = 0;
		} else {
			sh.status = run_andor(j->first);
		}
	}
}
