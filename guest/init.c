/*
 * The first process (pid 1): /bin/init from the file system, with the
 * command line's words (after the kernel's options) as its arguments. init
 * (user/init.c) runs the shell, or the command the words name. The process
 * starts with descriptors 0, 1 and 2 on the console and the root as its
 * current directory. The machine powers off when it exits (proc.c), or at
 * once if it cannot start: status 127 when there is no /bin/init (or no
 * file system), as a shell says, 126 if it cannot run.
 */
#include "defs.h"
#include "file.h"
#include "fs.h"
#include "param.h"
#include "proc.h"

#define INIT "/bin/init"

/* "init" and the command line's words; one word too many makes exec
 * refuse. */
static char *words[MAXARG + 2] = {"init"};

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

/* Give p the console as descriptors 0, 1 and 2, made here, so that they
 * work without /dev/console. */
static void give_console(struct proc *p)
{
	struct file *f = console_file();

	if (!f)
		panic("init: no file for the console");
	p->ofile[0] = p->ofile[1] = p->ofile[2] = f;
	filedupn(&p->ofile[1], 2);
	p->nfd = 3;
}

/* The first process's first steps in the kernel, in its own context (the
 * file system may sleep): set up the process and exec the program, or
 * power off. main has mounted the file system, if there is one. */
static void init_run(void)
{
	struct proc *p = myproc();
	int r = EXEC_NOENT;

	if (fs_mounted()) {
		give_console(p);
		cwd_init();
		r = exec(INIT, (uintptr_t)words, 0);
	}
	if (r == EXEC_NOENT) {
		kprintf("init: %s: not found\n", INIT);
		poweroff(127);
	}
	if (r != 0) {
		kprintf("init: %s: cannot execute\n", INIT);
		poweroff(126);
	}
}

/* Start the first process with the words of cmdline, split in place, and
 * kept. */
void init_start(char *cmdline)
{
	split(cmdline, words + 1, MAXARG);
	if (proc_start_init(init_run) < 0) {
		kprintf("init: %s: cannot execute\n", INIT);
		poweroff(126);
	}
}
