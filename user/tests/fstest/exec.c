/* Tests of exec from the disk: argument lists at and past the limits of
 * syscall.h, checked by this program itself run again in a helper mode;
 * malformed executables, which must make exec return -1 to a caller that
 * then carries on. */
#include "fstest.h"
#include "tests/lib/elf.h"

/* ---- Argument lists ----
 * argv[0] "fstest", argv[1] ARGCHECK, argv[2] "N:L:T:F", then N - 3
 * generated strings: each L bytes but the last, T bytes. F = 1 marks a
 * list exec must refuse: the helper exits EXEC_WRONGLY if it runs. */

static char strbuf[2 * ARG_MAX];
static char *argvbuf[MAXARG + 2];
static char param[48];

static char arg_char(int i, int j)
{
	return (char)('a' + (i * 7 + j) % 26);
}

/* Bytes of the list's strings, each counted with its NUL. */
static long list_bytes(int n)
{
	long total = 0;

	for (int i = 0; i < n; i++)
		total += (long)strlen(argvbuf[i]) + 1;
	return total;
}

static void build_args(int n, int len, int last, int refuse)
{
	char *p = strbuf;

	snprintf(param, sizeof(param), "%d:%d:%d:%d", n, len, last, refuse);
	argvbuf[0] = "fstest";
	argvbuf[1] = ARGCHECK;
	argvbuf[2] = param;
	for (int i = 3; i < n; i++) {
		int l = i == n - 1 ? last : len;

		for (int j = 0; j < l; j++)
			p[j] = arg_char(i, j);
		p[l] = 0;
		argvbuf[i] = p;
		p += l + 1;
	}
	argvbuf[n] = 0;
}

/* n strings whose bytes with NULs add up to exactly total: the last string
 * takes what the others leave (param's length depends on it, so twice). */
static void build_total(int n, int len, long total, int refuse)
{
	int last = 1;

	for (int pass = 0; pass < 3; pass++) {
		build_args(n, len, last, refuse);
		last += (int)(total - list_bytes(n));
	}
	build_args(n, len, last, refuse);
}

/* Runs SELF with argvbuf in a child; the child's exit status, or why not. */
static const char *run_list(int want)
{
	int pid = tfork();

	if (pid == 0) {
		exec(SELF, argvbuf);
		exit(want == EXEC_WRONGLY ? 0 : 98); /* 98: exec failed */
	}
	return expect_exit(pid, want == EXEC_WRONGLY ? 0 : want);
}

static const char *accepts(const char *what)
{
	const char *r = run_list(0);

	return r ? failf("%s (%ld bytes): %s", what, list_bytes(atoi(param)), r) : 0;
}

static const char *refuses(const char *what)
{
	const char *r = run_list(EXEC_WRONGLY);

	return r ? failf("%s: exec did not return -1 (%s)", what, r) : 0;
}

/* The largest lists syscall.h allows reach the new program intact. */
const char *t_exec_args(void)
{
	const char *r;

	build_args(MAXARG, 8, 8, 0);
	if ((r = accepts("MAXARG short arguments")))
		return r;
	build_total(20, 3000, ARG_MAX, 0);
	if ((r = accepts("20 arguments of ARG_MAX bytes")))
		return r;
	build_total(MAXARG, 240, ARG_MAX, 0);
	if ((r = accepts("MAXARG arguments of ARG_MAX bytes")))
		return r;
	build_total(4, 0, ARG_MAX, 0);
	return accepts("one argument of almost ARG_MAX bytes");
}

/* Past the limits, or with bad pointers, exec returns -1. */
const char *t_exec_limits(void)
{
	static char *bad_elem[] = {"fstest", 0, 0};
	const char *r;
	int pid;

	build_args(MAXARG + 1, 1, 1, 1);
	if ((r = refuses("MAXARG + 1 arguments")))
		return r;
	/* ARG_MAX + 1 bytes even without the NULs */
	build_total(20, 3000, ARG_MAX + 1 + 20, 1);
	if ((r = refuses("ARG_MAX + 1 bytes in 20 arguments")))
		return r;
	build_total(4, 0, ARG_MAX + 1 + 4, 1);
	if ((r = refuses("one argument of ARG_MAX bytes")))
		return r;
	bad_elem[1] = opaque(KERNEL_ADDR);
	if ((pid = tfork()) == 0) {
		if (exec(SELF, opaque(KERNEL_ADDR)) != -1 || exec(SELF, bad_elem) != -1 ||
		    exec(opaque(KERNEL_ADDR), bad_elem) != -1 || exec(SELF, opaque(0x10)) != -1)
			exit(1);
		exit(0);
	}
	return expect_exit(pid, 0) ? "exec with a bad path or argv pointer did not return -1" : 0;
}

static int parse_param(const char *s, int v[4])
{
	for (int i = 0; i < 4; i++) {
		v[i] = atoi(s);
		if (i < 3 && !(s = strchr(s, ':')))
			return -1;
		s++;
	}
	return 0;
}

/* The helper: checks the list build_args made; 0 if intact. */
int argcheck(int argc, char **argv)
{
	int v[4]; /* N, L, T, F */

	if (argc < 3 || parse_param(argv[2], v) < 0)
		return fprintf(2, "fstest %s: bad parameters\n", ARGCHECK), 1;
	if (v[3])
		return EXEC_WRONGLY;
	if (argc != v[0] || argv[argc] != 0)
		return printf("fstest %s: argc %d, expected %d\n", ARGCHECK, argc, v[0]), 1;
	if (strcmp(argv[0], "fstest") != 0)
		return printf("fstest %s: argv[0] is wrong\n", ARGCHECK), 1;
	for (int i = 3; i < argc; i++) {
		int l = i == argc - 1 ? v[2] : v[1];

		for (int j = 0; j < l; j++) {
			if (argv[i][j] != arg_char(i, j))
				return printf("fstest %s: argv[%d][%d] is wrong\n", ARGCHECK, i, j),
				       1;
		}
		if (argv[i][l] != 0)
			return printf("fstest %s: argv[%d] is too long\n", ARGCHECK, i), 1;
	}
	return 0;
}

/* ---- Malformed executables ---- */

/* A few of elf.h's cases (usertests runs them all), the good one first. */
static const enum elf_case exec_cases[] = {
    E_GOOD,        E_EMPTY,         E_MAGIC,  E_CLASS,           E_AARCH64,    E_OFFSET_PAST,
    E_SHORT_PHDRS, E_ENTRY_OUTSIDE, E_KERNEL, E_MEMSZ_LT_FILESZ, E_HUGE_PHNUM, E_WRAPS,
};

/* After exec returned -1 the caller still works: its memory, files and
 * system calls. */
static void carry_on(void)
{
	int fd = open("carry", O_CREATE | O_RDWR);

	if (fd < 0 || write(fd, "ok", 2) != 2 || close(fd) < 0 || unlink("carry") < 0 ||
	    getpid() <= 0)
		child_fail("the process is damaged after a failed exec");
	exit(0);
}

/* Execs path in a child; a refused exec exits 0 there. */
static const char *exec_in_child(const char *path, int want, const char *what)
{
	static char *argv[] = {"bad", 0};
	int pid = tfork();
	const char *r;

	if (pid == 0) {
		if (exec(path, argv) == -1)
			carry_on();
		exit(97); /* exec returned something other than -1 */
	}
	r = expect_exit(pid, want);
	return r ? failf("exec of %s: %s", what, r) : 0;
}

static const char *try_elf(enum elf_case c)
{
	const char *r = write_elf("bad", c);

	return r ? r : exec_in_child("bad", c == E_GOOD ? ELF_GOOD_STATUS : 0, elf_case_names[c]);
}

/* Malformed executables written to disk at run time: exec returns -1 and
 * the caller carries on. The valid one first shows the generator makes
 * programs the kernel runs, so the refusals are about the flaws. */
const char *t_exec_bad(void)
{
	const char *r;

	for (unsigned i = 0; i < sizeof(exec_cases) / sizeof(exec_cases[0]); i++) {
		if ((r = try_elf(exec_cases[i])))
			return r;
	}
	if (mkdir("dir") < 0)
		return "mkdir failed";
	if ((r = exec_in_child("dir", 0, "a directory")) || (r = exec_in_child("/", 0, "/")) ||
	    (r = exec_in_child("missing", 0, "a missing file")))
		return r;
	if (unlink("dir") < 0 || unlink("bad") < 0)
		return "cleanup failed";
	return 0;
}

/* ---- Descriptors and the current directory across exec ---- */

#define KEPT_TEXT "kept across exec"

/* The helper: descriptor 3 is the file the caller opened, and the current
 * directory is the one it chose. */
int fdcheck(void)
{
	char b[32];
	long n = read(3, b, sizeof(b));

	if (n != (long)strlen(KEPT_TEXT) || memcmp(b, KEPT_TEXT, (size_t)n) != 0)
		return printf("fstest %s: descriptor 3 does not read the caller's file\n", FDCHECK),
		       1;
	if (!file_exists("here"))
		return printf("fstest %s: the current directory is not the caller's\n", FDCHECK), 1;
	return 0;
}

static void exec_with_fd(void)
{
	static char *argv[] = {"fstest", FDCHECK, 0};
	int fd = open("kept", O_RDONLY);

	if (fd != 3)
		child_fail("open gave descriptor %d, not 3", fd);
	if (chdir("sub") < 0)
		child_fail("chdir(sub) failed");
	exec(SELF, argv);
	child_fail("exec failed");
}

/* exec keeps the open descriptors and the current directory. */
const char *t_exec_fds(void)
{
	int fd = open("kept", O_CREATE | O_WRONLY), pid;
	const char *r;

	if (fd < 0 || write(fd, KEPT_TEXT, (long)strlen(KEPT_TEXT)) != (long)strlen(KEPT_TEXT))
		return "cannot write kept";
	close(fd);
	if (mkdir("sub") < 0 || (fd = open("sub/here", O_CREATE | O_WRONLY)) < 0)
		return "cannot make sub/here";
	close(fd);
	if ((pid = tfork()) == 0)
		exec_with_fd();
	if ((r = expect_exit(pid, 0)))
		return r;
	if (unlink("sub/here") < 0 || unlink("sub") < 0 || unlink("kept") < 0)
		return "cleanup failed";
	return 0;
}
