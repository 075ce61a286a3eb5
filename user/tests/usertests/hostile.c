/*
 * Hostile pointers: into the kernel, unmapped, non-canonical, read-only,
 * misaligned or straddling the end of user memory (lengths, descriptors
 * and paths are in lengths.c). Each call fails with -1 (or, where a
 * buffer runs past good memory, does only the part before it), the kernel
 * survives, and the caller carries on. The work runs in children: a
 * kernel that writes where it should not kills or corrupts the child, not
 * usertests.
 */
#include "usertests.h"

#define IN  1 /* the kernel may not read there */
#define OUT 2 /* nor write there */

struct bad {
	const char *what;
	unsigned long addr;
	int how;
};

static struct bad bads[16];
static int nbad;

static void add_bad(const char *what, unsigned long addr, int how)
{
	bads[nbad++] = (struct bad){what, addr, how};
}

/* The first unmapped page below the stack (exec leaves a guard page
 * there), or 0 if there is none within 4 pages: a hole inside the
 * process, where a copy passes the range check and faults part way. */
static unsigned long guard_page(void)
{
	volatile char here;
	unsigned long page = (unsigned long)&here & ~(PGSIZE - 1);

	for (int i = 1; i <= 4; i++) {
		if (unmapped(page - i * PGSIZE))
			return page - i * PGSIZE;
	}
	return 0;
}

static void collect_bad(void)
{
	unsigned long guard = guard_page();

	nbad = 0;
	add_bad("NULL", 0, IN | OUT);
	add_bad("page 0", PGSIZE - 8, IN | OUT);
	add_bad("the kernel image", KERNEL_TEXT, IN | OUT);
	add_bad("the kernel's text", KERNEL_TEXT + 0x100000, IN | OUT);
	add_bad("the direct map", DIRECT_MAP, IN | OUT);
	add_bad("RAM in the direct map", DIRECT_MAP + 0x200000, IN | OUT);
	add_bad("a non-canonical address", NONCANONICAL, IN | OUT);
	add_bad("the first address past user memory", USER_END, IN | OUT);
	add_bad("the last page of user memory", LOWER_TOP, IN | OUT);
	add_bad("the last page of the address space", -PGSIZE, IN | OUT);
	add_bad("the page past the break", (unsigned long)align_break(), IN | OUT);
	add_bad("the program's text", (unsigned long)collect_bad, OUT);
	if (guard)
		add_bad("the stack's guard page", guard, IN | OUT);
}

/* What the children work on: f holds 20 bytes, the pipe 5 ("hello"), and
 * zombie is an exited child not yet reaped. */
static struct {
	int f, p[2], zombie;
} ctx;

static void setup(void)
{
	if ((ctx.f = open("f", O_CREATE | O_RDWR)) < 0 ||
	    write(ctx.f, "0123456789abcdefghij", 20) != 20 || pipe(ctx.p) < 0 ||
	    write(ctx.p[1], "hello", 5) != 5)
		child_fail("cannot set up the file and the pipe");
	if ((ctx.zombie = fork()) == 0)
		exit(7);
	if (ctx.zombie < 0 || !await_state(ctx.zombie, PS_ZOMBIE))
		child_fail("cannot make a zombie");
}

/* Nothing the failed calls did shows: the file, the pipe, the zombie. */
static void check_intact(void)
{
	struct stat st;
	char b[8];
	int s;

	if (fstat(ctx.f, &st) < 0 || st.size != 20)
		child_fail("the file changed size");
	if (read(ctx.p[0], b, sizeof(b)) != 5 || memcmp(b, "hello", 5) != 0)
		child_fail("the pipe's 5 bytes are gone");
	if (wait(&s) != ctx.zombie || s != 7)
		child_fail("the zombie was reaped by a failed wait, or lost its status");
}

static void refuse_outputs(const struct bad *b)
{
	void *p = opaque(b->addr);
	int fd = lowest_free_fd();

	if (lseek(ctx.f, 0, SEEK_SET) != 0 || read(ctx.f, p, 16) != -1 ||
	    read(ctx.p[0], p, 4) != -1)
		child_fail("read into %s did not return -1", b->what);
	if (lseek(ctx.f, 0, SEEK_CUR) != 0)
		child_fail("a failed read into %s moved the offset", b->what);
	if (pipe(p) != -1 || lowest_free_fd() != fd)
		child_fail("pipe into %s succeeded or kept a descriptor", b->what);
	if (fstat(ctx.f, p) != -1 || procs(p, 4) != -1 || counters(p) != -1)
		child_fail("fstat, procs or counters into %s did not return -1", b->what);
	if (b->addr != 0 && wait(p) != -1) /* wait(0) wants no status */
		child_fail("wait into %s did not return -1", b->what);
}

static void bad_outputs(void)
{
	static char text[64];
	const char *code = (const char *)(unsigned long)bad_outputs;

	collect_bad();
	setup();
	memcpy(text, code, sizeof(text));
	for (int i = 0; i < nbad; i++) {
		if (bads[i].how & OUT)
			refuse_outputs(&bads[i]);
	}
	if (memcmp(text, code, sizeof(text)) != 0)
		child_fail("the kernel wrote into the program's text");
	check_intact();
}

/* The calls that write results into the caller's memory (read, pipe,
 * fstat, wait, procs, counters) refuse every address the caller does not
 * own or may not write, and change nothing. */
const char *t_bad_out(void)
{
	return in_child(bad_outputs);
}

/* Every call that takes a path, with path p. */
static int any_path_works(const char *p)
{
	char *argv[] = {"usertests", 0};

	return open(p, O_RDONLY) != -1 || open(p, O_CREATE | O_RDWR) != -1 || mkdir(p) != -1 ||
	       chdir(p) != -1 || unlink(p) != -1 || link(p, "x") != -1 || link("f", p) != -1 ||
	       mknod(p, 1, 0) != -1 || exec(p, argv) != -1;
}

static void refuse_inputs(const struct bad *b)
{
	char *p = opaque(b->addr), *argv[] = {"usertests", p, 0};

	if (write(ctx.f, p, 16) != -1 || write(ctx.p[1], p, 16) != -1 || write(STDOUT, p, 16) != -1)
		child_fail("write from %s did not return -1", b->what);
	if (any_path_works(p))
		child_fail("a call with a path at %s did not return -1", b->what);
	if (exec(SELF, (char **)p) != -1 || (p && exec(SELF, argv) != -1))
		child_fail("exec with an argument list or argument at %s succeeded", b->what);
	if (p && mark(p) != -1) /* mark(0) closes a region */
		child_fail("mark of a label at %s succeeded", b->what);
}

static void bad_inputs(void)
{
	collect_bad();
	setup();
	for (int i = 0; i < nbad; i++) {
		if (bads[i].how & IN)
			refuse_inputs(&bads[i]);
	}
	if (file_exists("x"))
		child_fail("a failed call made a file");
	check_intact();
}

/* The calls that read the caller's memory (write, every path, exec's
 * argument lists, mark) refuse every address the caller does not own. */
const char *t_bad_in(void)
{
	return in_child(bad_inputs);
}

/* ---- Buffers that run off the end of user memory ---- */

static void straddle_outputs(char *edge)
{
	long n;

	memset(edge - 64, 0x77, 64);
	if (lseek(ctx.f, 0, SEEK_SET) != 0)
		child_fail("lseek failed");
	if ((n = read(ctx.f, edge - 8, 16)) != -1 && (n != 8 || memcmp(edge - 8, "01234567", 8)))
		child_fail("read across the end of memory returned %ld", n);
	memset(edge - 64, 0x77, 64);
	if (fstat(ctx.f, (struct stat *)(edge - 8)) != -1 || pipe((int *)(edge - 4)) != -1 ||
	    wait((int *)(edge - 2)) != -1 || procs((struct procinfo *)(edge - 8), 4) != -1)
		child_fail("fstat, pipe, wait or procs across the end of memory succeeded");
	for (int i = 0; i < 64; i++) {
		if ((unsigned char)edge[i - 64] != 0x77)
			child_fail("a failed call wrote below the end of memory");
	}
}

static void straddle_inputs(char *edge)
{
	char *argv[] = {"usertests", 0, 0};
	long n;

	memcpy(edge - 8, "ABCDEFGH", 8);
	if ((n = write(ctx.p[1], edge - 8, 16)) != -1 && n != 8)
		child_fail("write across the end of memory returned %ld", n);
	if (n == 8 &&
	    (read(ctx.p[0], edge - 64, 13) != 13 || memcmp(edge - 64, "helloABCDEFGH", 13) != 0 ||
	     write(ctx.p[1], "hello", 5) != 5))
		child_fail("the 8 bytes before the end did not reach the pipe");
	memset(edge - 16, 'a', 16); /* a string with no NUL before unmapped memory */
	if (any_path_works(edge - 16) || mark(edge - 16) != -1)
		child_fail("a path running into unmapped memory did not fail");
	argv[1] = edge - 16;
	if (exec(SELF, argv) != -1)
		child_fail("exec of an argument running into unmapped memory succeeded");
	*(char **)(edge - 8) = "usertests"; /* an argument list with no NULL */
	if (exec(SELF, (char **)(edge - 8)) != -1)
		child_fail("exec of an argument list running into unmapped memory succeeded");
	memcpy(edge - 2, "p", 2); /* the NUL is the last byte: a good path */
	if (mkdir(edge - 2) != 0 || unlink(edge - 2) != 0)
		child_fail("a path ending just before unmapped memory did not work");
}

/* A buffer from the last bytes below the stack's guard page into it:
 * inside the process's size, so only the copy's fault stops it. */
static void into_guard(unsigned long guard)
{
	char *p = (char *)guard - 8;
	long n;

	if (lseek(ctx.f, 0, SEEK_SET) != 0)
		child_fail("lseek failed");
	if ((n = read(ctx.f, p, 16)) != -1 && n != 8)
		child_fail("read into the guard page returned %ld", n);
	if ((n = write(ctx.p[1], p, 16)) != -1 && n != 8)
		child_fail("write from the guard page returned %ld", n);
	if (n == 8 && read(ctx.p[0], (char *)guard - 64, 13) != 13)
		child_fail("the pipe lost its bytes");
	if (n == 8 && write(ctx.p[1], "hello", 5) != 5)
		child_fail("write failed");
	if (fstat(ctx.f, (struct stat *)p) != -1 || pipe((int *)((char *)guard - 4)) != -1)
		child_fail("fstat or pipe into the guard page succeeded");
}

static void straddle(void)
{
	unsigned long guard = guard_page();
	char *edge = align_break();

	if (sbrk(PGSIZE) != edge)
		child_fail("sbrk failed");
	edge += PGSIZE;
	setup();
	straddle_outputs(edge);
	straddle_inputs(edge);
	if (guard)
		into_guard(guard);
	check_intact();
}

/* Buffers, strings and argument lists that start in the caller's memory
 * and run on into unmapped memory, past the break or into the stack's
 * guard page: the call fails, or moves only the bytes before it. */
const char *t_straddle(void)
{
	return in_child(straddle);
}

/* ---- Misaligned pointers are good pointers ---- */

static const char *misaligned_results(char *p)
{
	struct stat st;
	int pid, n;

	if (pipe((int *)(p + 1)) != 0)
		return "pipe into a misaligned array failed";
	close(((int *)(p + 1))[0]);
	close(((int *)(p + 1))[1]);
	if (fstat(STDOUT, (struct stat *)(p + 3)) != 0 || fstat(STDOUT, &st) != 0 ||
	    memcmp(p + 3, &st, sizeof(st)) != 0)
		return "fstat into a misaligned struct failed";
	if ((pid = tfork()) == 0)
		exit(-5);
	if (wait((int *)(p + 5)) != pid || memcmp(p + 5, &(int){-5}, 4) != 0)
		return "wait into a misaligned status failed";
	if ((n = procs((struct procinfo *)(p + 7), 2)) < 1)
		return "procs into a misaligned array failed";
	return 0;
}

/* A misaligned argument list of misaligned strings reaches the program. */
static const char *misaligned_exec(char *p)
{
	static const char strings[] = "usertests\0" ARGMODE "\0"
	                              "3";
	char **argv = (char **)(p + 2049);
	char *s = p + 3001;
	int pid;

	memcpy(s, strings, sizeof(strings));
	argv[0] = s;
	argv[1] = s + 10;
	argv[2] = s + 17;
	argv[3] = 0;
	/* --args N: the helper checks it got N arguments */
	if ((pid = tfork()) == 0) {
		exec(SELF, argv);
		exit(99);
	}
	return expect_exit(pid, 0);
}

/* Pointers that are not aligned to their type work like any other. */
const char *t_misaligned(void)
{
	char *p = scratch(2 * PGSIZE);
	const char *r;
	int fd;

	if (!p)
		return "sbrk failed";
	if ((r = misaligned_results(p)) || (r = misaligned_exec(p)))
		return r;
	/* a buffer across a page boundary, at odd addresses */
	memcpy(p + PGSIZE - 3, "across", 6);
	if ((fd = open("f", O_CREATE | O_RDWR)) < 0 || write(fd, p + PGSIZE - 3, 6) != 6 ||
	    lseek(fd, 0, SEEK_SET) != 0 || read(fd, p + 2 * PGSIZE - 7, 6) != 6 ||
	    memcmp(p + 2 * PGSIZE - 7, "across", 6) != 0)
		r = "a misaligned buffer across pages did not work";
	close(fd);
	return r;
}
