/*
 * exec: executables made at run time (tests/lib/elf.c), good ones that
 * must run and bad ones that must be refused with -1 to a caller that then
 * carries on as it was; argument lists at and past the limits of syscall.h, checked
 * by this program itself in its helper mode (usertests --args N TOTAL).
 */
#include "tests/lib/elf.h"
#include "usertests.h"

#define REFUSED   100 /* a child whose exec returned -1, and that carried on */
#define NOT_MINUS 99  /* a child whose exec returned something else */

static void nothing(void)
{
}

/* After exec returned -1: the caller's memory, descriptors, current
 * directory, name and size are as they were, and it can fork. */
static void carry_on(const char *heap, int keep)
{
	const struct procinfo *pi;
	char b[4];

	if (pat_diff(heap, 11, 0, PGSIZE) >= 0)
		child_fail("the heap changed");
	if (lseek(keep, 0, SEEK_SET) != 0 || read(keep, b, 4) != 4 || memcmp(b, "keep", 4) != 0)
		child_fail("the open descriptor no longer reads its file");
	if (!file_exists("keep"))
		child_fail("the current directory changed");
	if (!(pi = proc_of(getpid())) || strncmp(pi->name, "usertests", sizeof(pi->name)) != 0 ||
	    pi->sz != (unsigned long)sbrk(0))
		child_fail("the process's name or size changed");
	if (expect_exit(spawn(nothing), 0))
		child_fail("fork failed after the failed exec");
	exit(REFUSED);
}

/* Runs exec(path, argv) in a child, which must exit with want: REFUSED if
 * the exec must fail. */
static const char *run_exec(const char *path, char **argv, int want, const char *what)
{
	const char *r;
	char *heap;
	int pid = tfork(), keep;

	if (pid == 0) {
		heap = scratch(PGSIZE);
		keep = open("keep", O_RDONLY);
		if (!heap || keep < 0)
			child_fail("cannot set up");
		pat_fill(heap, 11, 0, PGSIZE);
		if (exec(path, argv) == -1)
			carry_on(heap, keep);
		exit(NOT_MINUS);
	}
	if (!(r = expect_exit(pid, want)))
		return 0;
	return failf("exec of %s: %s%s", what, r, want == REFUSED ? " (refused is 100)" : "");
}

static char *plain_argv[] = {"prog", 0};

/* Good executables run, with their data loaded and the rest of their
 * memory zero; so does this program. */
const char *t_exec_good(void)
{
	static char *self[] = {"usertests", ARGMODE, "3", 0};
	const char *r;

	if ((r = make_file("keep", "keep", 4)))
		return r;
	for (int c = E_GOOD; c < E_NGOOD; c++) {
		int want = c == E_BSS_PAGE || c == E_BSS_NEXT ? 0 : ELF_GOOD_STATUS;

		if ((r = write_elf("prog", c)) ||
		    (r = run_exec("prog", plain_argv, want, elf_case_names[c])))
			return r;
	}
	return run_exec(SELF, self, 0, SELF);
}

/* Files that are not executables for this machine, or whose segments or
 * entry point do not fit user memory: exec returns -1, and the caller
 * carries on as it was. */
const char *t_exec_bad(void)
{
	const char *r;

	if ((r = make_file("keep", "keep", 4)))
		return r;
	for (int c = E_NGOOD; c < E_NCASES; c++) {
		if ((r = write_elf("bad", c)) ||
		    (r = run_exec("bad", plain_argv, REFUSED, elf_case_names[c])))
			return r;
	}
	if ((r = write_garbage("bad")) || (r = run_exec("bad", plain_argv, REFUSED, "garbage")))
		return r;
	if (mkdir("dir") != 0 || mknod("cons", FS_DEV_CONSOLE, 0) != 0)
		return "mkdir or mknod failed";
	if ((r = run_exec("dir", plain_argv, REFUSED, "a directory")) ||
	    (r = run_exec("/", plain_argv, REFUSED, "/")) ||
	    (r = run_exec("cons", plain_argv, REFUSED, "a device file")) ||
	    (r = run_exec("missing", plain_argv, REFUSED, "a missing file")))
		return r;
	return run_exec(SELF, 0, REFUSED, "a NULL argument list");
}

/* ---- Argument lists ----
 * "usertests" "--args" "NNN" "TTTTTT" and then fillers: N strings in all,
 * T bytes with their NULs. The first four take FIXED bytes. */

#define FIXED (10 + 7 + 4 + 7)

static char **argvbuf;
static char *strbuf, counts[2][8];

/* The list of n strings of total bytes. */
static void build(int n, long total)
{
	long rest = total - FIXED, each = rest / (n - 4);
	char *p = strbuf;

	snprintf(counts[0], sizeof(counts[0]), "%03d", n);
	snprintf(counts[1], sizeof(counts[1]), "%06ld", total);
	argvbuf[0] = "usertests";
	argvbuf[1] = ARGMODE;
	argvbuf[2] = counts[0];
	argvbuf[3] = counts[1];
	for (int i = 4; i < n; i++) {
		long len = (i == n - 1 ? rest - each * (n - 5) : each) - 1;

		memset(p, 'a' + i % 26, (size_t)len);
		p[len] = 0;
		argvbuf[i] = p;
		p += len + 1;
	}
	argvbuf[n] = 0;
}

static const char *accepts(int n, long total)
{
	build(n, total);
	return run_exec(SELF, argvbuf, 0, failf("%d arguments of %ld bytes", n, total));
}

static const char *refuses(int n, long total)
{
	build(n, total);
	return run_exec(SELF, argvbuf, REFUSED, failf("%d arguments of %ld bytes", n, total));
}

/* MAXARG arguments and ARG_MAX bytes reach the program intact, however
 * they are split; one more argument or byte is refused. (Quick: two
 * splits of each.) */
const char *t_exec_args(void)
{
	const char *r;

	argvbuf = (char **)scratch((MAXARG + 2) * sizeof(char *));
	strbuf = scratch(ARG_MAX + 2 * PGSIZE);
	if (!argvbuf || !strbuf || (r = make_file("keep", "keep", 4)))
		return "sbrk or creating keep failed";
	if ((r = accepts(MAXARG, FIXED + MAXARG - 4)) || (r = accepts(20, ARG_MAX)) ||
	    (r = refuses(MAXARG + 1, FIXED + MAXARG + 1 - 4)) || (r = refuses(20, ARG_MAX + 1)))
		return r;
	if (quick)
		return 0;
	if ((r = accepts(MAXARG, ARG_MAX)) || (r = accepts(5, ARG_MAX)) ||
	    (r = refuses(5, ARG_MAX + 1)) || (r = refuses(5, ARG_MAX + PGSIZE)))
		return r;
	return 0;
}

/* usertests --args N T: exits 0 if it got N arguments of T bytes in all
 * (each with its NUL), each filler made of its own letter. */
int args_helper(int argc, char **argv)
{
	long total = 0, want_total = argc > 3 ? strtol(argv[3], 0, 10) : -1;

	if (argc < 3 || argc != atoi(argv[2]) || argv[argc] != 0)
		return printf("usertests %s: %d arguments, expected %s\n", ARGMODE, argc,
		              argc > 2 ? argv[2] : "?"),
		       1;
	for (int i = 0; i < argc; i++) {
		total += (long)strlen(argv[i]) + 1;
		for (int j = 0; i >= 4 && argv[i][j]; j++) {
			if (argv[i][j] != 'a' + i % 26)
				return printf("usertests %s: argument %d is wrong\n", ARGMODE, i),
				       1;
		}
	}
	if (want_total >= 0 && total != want_total)
		return printf("usertests %s: %ld bytes, expected %ld\n", ARGMODE, total,
		              want_total),
		       1;
	return 0;
}
