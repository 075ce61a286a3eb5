/*
 * The first process (pid 1): the embedded user program (progs.S) that the
 * command line's first word names, with the words as its arguments. The
 * machine powers off when it exits (proc.c), or at once if it cannot start:
 * status 127 for an unknown name, as a shell says, 126 if it cannot run.
 */
#include "defs.h"
#include "param.h"
#include "proc.h"

/* progs.S: one entry per program, the ELF file in [start, end). */
struct prog {
	const char *name;
	const char *start, *end;
};

extern const struct prog progs[], progs_end[];

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static const struct prog *find_prog(const char *name)
{
	for (const struct prog *p = progs; p < progs_end; p++) {
		if (streq(p->name, name))
			return p;
	}
	return 0;
}

/*
 * Split s into words in place, into argv and a null; at most max words, and
 * the words beyond are dropped. The monitor quotes a word with blanks or
 * quotes as a shell would ('a b', and '\'' for a quote inside), so this
 * undoes single quotes and backslashes. The words only shrink, so each is
 * written over the text it came from.
 */
static void split(char *s, char *argv[], int max)
{
	char *out = s;
	int n = 0;

	for (; n < max; *out++ = 0) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		argv[n++] = out;
		while (*s && *s != ' ') {
			if (*s == '\'') {
				for (s++; *s && *s != '\'';)
					*out++ = *s++;
				s += *s != 0;
			} else if (*s == '\\' && s[1]) {
				*out++ = s[1];
				s += 2;
			} else {
				*out++ = *s++;
			}
		}
		s += *s != 0;
	}
	argv[n] = 0;
}

/* Start the first process from cmdline, which is not empty; split in
 * place. */
void init_start(char *cmdline)
{
	char *argv[MAXARG + 2]; /* one word too many makes exec refuse */
	const struct prog *prog;
	struct proc *p;

	split(cmdline, argv, MAXARG + 1);
	if (!(prog = find_prog(argv[0]))) {
		kprintf("init: %s: not found\n", argv[0]);
		poweroff(127);
	}
	if (!(p = allocproc()) || exec(p, prog->start, prog->end - prog->start, argv) < 0) {
		kprintf("init: %s: cannot execute\n", argv[0]);
		poweroff(126);
	}
	proc_start_init(p);
}
