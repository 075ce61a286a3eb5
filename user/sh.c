/*
 * sh: the shell.
 *
 *   sh               reads commands from standard input; when that is the
 *                    console, interactively: a "$ " prompt before each
 *                    line, and job control (sh/run.c)
 *   sh SCRIPT        runs the commands in the file SCRIPT
 *   sh -c COMMANDS   runs COMMANDS
 *   -S STATUS        starts with $? = STATUS: init passes the status of
 *                    the shell before, so `exit 3` and then the end of the
 *                    input still ends with 3
 *
 * The language: commands with arguments and quotes, pipelines (|), the
 * redirections < > >> and N>&M with an optional descriptor N, lists with
 * ; && || and & (background), # comments, $? and the built-ins cd and
 * exit; a command name without '/' is looked up in /bin (sh/lex.c,
 * sh/parse.c, sh/run.c, sh/builtin.c).
 *
 * The exit status is the last command's; 2 after a syntax error. At the
 * end of its standard input the shell adds SH_EXIT_EOF (user.h), which
 * tells init that the console's input has ended; another shell would see
 * only the low 8 bits, as $?.
 */
#include "sh/sh.h"

#define SYNOPSIS "sh [-S STATUS] [-c COMMANDS | SCRIPT]"

struct shell sh = {.script_fd = -1};

static struct reader input;
static char *line;
static size_t cap;

static void run_line(const char *text)
{
	struct token *tokens = lex(text);
	struct job *jobs;

	if (!tokens || parse(tokens, &jobs) < 0)
		sh.status = 2;
	else
		run_jobs(jobs);
	arena_free();
}

/* Runs the lines of fd until its end; the exit status. Standard input is
 * read a byte at a time: the commands run share it and must find the rest
 * of it there. */
static int run_input(int fd)
{
	long n;

	reader_init(&input, fd, fd == STDIN);
	for (;;) {
		if (sh.interactive)
			write(STDERR, "$ ", 2);
		if ((n = reader_line(&input, &line, &cap)) <= 0)
			break;
		run_line(line);
	}
	if (n < 0)
		fprintf(STDERR, "sh: read error\n");
	return fd == STDIN ? SH_EXIT_EOF | sh.status : sh.status;
}

/* A shell reading a person's typing (the console, with the monitor's input
 * a terminal) prompts and takes its own process group, the console's
 * foreground one while no job runs. Input piped into ./vmm is a script. */
static void setup_console(void)
{
	struct stat st;

	if (fstat(STDIN, &st) < 0 || st.type != FS_T_DEV || !(st.flags & ST_TTY))
		return;
	sh.interactive = sh.jobctl = 1;
	setpgid(0, 0);
	sh.pgid = getpid();
	tcsetpgrp(STDIN, sh.pgid);
}

/* Opens the script, moved above the descriptors redirections use. */
static int open_script(const char *path)
{
	int fd = open(path, O_RDONLY), high;

	if (fd < 0) {
		fprintf(STDERR, "sh: %s: cannot open\n", path);
		exit(127);
	}
	if ((high = dupmin(fd, 10)) >= 0) {
		close(fd);
		fd = high;
	}
	return sh.script_fd = fd;
}

int main(int argc, char **argv)
{
	const char *commands = 0;
	int c;

	while ((c = getopt(argc, argv, "c:S:")) != -1) {
		if (c == 'c')
			commands = optarg;
		else if (c == 'S' && isdigit(optarg[0]))
			sh.status = atoi(optarg) & 0xff;
		else
			usage(SYNOPSIS);
	}
	if (argc - optind > (commands ? 0 : 1))
		usage(SYNOPSIS);
	if (commands) {
		run_line(commands);
		return sh.status;
	}
	if (optind < argc)
		return run_input(open_script(argv[optind]));
	setup_console();
	return run_input(STDIN);
}
