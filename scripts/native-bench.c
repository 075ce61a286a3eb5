/*
 * native-bench: the guest's benchmarks (user/bench/forkbench.c and the
 * others) as host Linux programs, the native reference of
 * scripts/bench-compare. Each prints the guest programs' BENCH lines; the
 * counts only the hypervisor knows (kernel instructions, exits) read n/a.
 *
 *   native-bench fork N                   fork, exit, wait (forkbench)
 *   native-bench exec N [PROGRAM NAME]    fork, exec, exit, wait (execbench)
 *   native-bench cpu N                    sieves over 1 MiB (cpubench)
 *   native-bench sbrk N                   grow 16 MiB, touch, shrink (sbrkbench)
 *   native-bench pipe N                   one-byte round trips (pipebench)
 *   native-bench null N                   getpid (nullbench)
 *   native-bench fs PATH MIB              write + fsync, cold and warm reads (fsbench)
 *   native-bench marks                    the regions' ids and names
 *
 * exec's PROGRAM defaults to native-true beside this program. The cold read
 * drops the file's pages from the page cache first (POSIX_FADV_DONTNEED).
 *
 * Each loop is also a region of the instruction counter (scripts/icount
 * --linux counts Linux's instructions in them): a mark, a NOP that the
 * counter's plugin recognizes (icount-plugin/mark.h), opens it and
 * another closes it. The marks cost nothing here or on any kernel.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../user/bench/sieve.h"
#include "icount-plugin/mark.h"

#define MIB (1l << 20)

/* The regions (ICOUNT_MARK ids), named as the BENCH lines. */
enum region {
	R_FORK = 1,
	R_EXEC_FORK,
	R_EXEC,
	R_CPU,
	R_SBRK,
	R_PIPE,
	R_NULL,
	R_FS_WRITE,
	R_FS_READ_COLD,
	R_FS_READ_WARM,
	R_COUNT
};
static const char *const region_names[R_COUNT] = {
    [R_FORK] = "fork",
    [R_EXEC_FORK] = "exec_fork",
    [R_EXEC] = "exec",
    [R_CPU] = "cpu_sieve",
    [R_SBRK] = "sbrk_16m",
    [R_PIPE] = "pipe_rtt",
    [R_NULL] = "null_syscall",
    [R_FS_WRITE] = "fs_write",
    [R_FS_READ_COLD] = "fs_read_cold",
    [R_FS_READ_WARM] = "fs_read_warm",
};

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void report(const char *name, long ops, double ns, const char *extra)
{
	printf("BENCH name=%s ops=%ld ns_per_op=%.1f kinsn_per_op=n/a exits_per_op=n/a "
	       "vmm_exits_per_op=n/a%s\n",
	       name, ops, ns / ops, extra);
}

static void die(const char *what)
{
	fprintf(stderr, "native-bench: %s\n", what);
	exit(1);
}

/* Opens region r: a mark's id is part of its instruction, so one mark per
 * region. */
static void region_open(enum region r)
{
	switch (r) {
	case R_FORK:
		ICOUNT_MARK(R_FORK);
		break;
	case R_EXEC_FORK:
		ICOUNT_MARK(R_EXEC_FORK);
		break;
	case R_EXEC:
		ICOUNT_MARK(R_EXEC);
		break;
	case R_CPU:
		ICOUNT_MARK(R_CPU);
		break;
	case R_SBRK:
		ICOUNT_MARK(R_SBRK);
		break;
	case R_PIPE:
		ICOUNT_MARK(R_PIPE);
		break;
	case R_NULL:
		ICOUNT_MARK(R_NULL);
		break;
	case R_FS_WRITE:
		ICOUNT_MARK(R_FS_WRITE);
		break;
	case R_FS_READ_COLD:
		ICOUNT_MARK(R_FS_READ_COLD);
		break;
	case R_FS_READ_WARM:
		ICOUNT_MARK(R_FS_READ_WARM);
		break;
	case R_COUNT:
		break;
	}
}

static void region_close(void)
{
	ICOUNT_MARK(0);
}

/* n cycles of fork, exec of prog in the child (an exit at once if prog is
 * NULL) and wait, as region r; their time in ns. */
static double cycles(long n, char *prog, enum region r)
{
	char *args[] = {prog, NULL};
	double t0 = now_ns();
	region_open(r);
	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();
		if (pid < 0)
			die("fork failed");
		if (pid == 0 && !prog)
			_exit(0);
		if (pid == 0) {
			execv(prog, args);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
			die("a child did not exit 0");
	}
	region_close();
	return now_ns() - t0;
}

static void bench_exec(long n, char *prog, const char *name)
{
	char only[64];
	double fork_only = cycles(n, NULL, R_EXEC_FORK), whole = cycles(n, prog, R_EXEC);
	report(name, n, whole, "");
	snprintf(only, sizeof only, "%s_only", name);
	report(only, n, whole > fork_only ? whole - fork_only : 0, "");
}

static void bench_cpu(long n)
{
	static unsigned char composite[SIEVE_BYTES];
	sieve(composite, SIEVE_BYTES);
	double t0 = now_ns();
	region_open(R_CPU);
	for (long i = 0; i < n; i++)
		if (sieve(composite, SIEVE_BYTES) != SIEVE_PRIMES)
			die("the sieve miscounted");
	region_close();
	report("cpu_sieve", n, now_ns() - t0, "");
}

static void bench_sbrk(long n)
{
	const long grow = 16 * MIB;
	double t0 = now_ns();
	region_open(R_SBRK);
	for (long i = 0; i < n; i++) {
		char *p = sbrk(grow);
		if (p == (char *)-1)
			die("sbrk of 16 MiB failed");
		for (long off = 0; off < grow; off += 4096)
			p[off] = 1;
		if (sbrk(-grow) == (char *)-1)
			die("shrinking failed");
	}
	region_close();
	report("sbrk_16m", n, now_ns() - t0, "");
}

static void bench_pipe(long n)
{
	int there[2], back[2];
	char c = 'x';
	if (pipe(there) < 0 || pipe(back) < 0)
		die("pipe failed");
	pid_t pid = fork();
	if (pid < 0)
		die("fork failed");
	if (pid == 0) {
		for (long i = 0; i < n; i++)
			if (read(there[0], &c, 1) != 1 || write(back[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	double t0 = now_ns();
	region_open(R_PIPE);
	for (long i = 0; i < n; i++)
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			die("a round trip failed");
	region_close();
	report("pipe_rtt", n, now_ns() - t0, "");
	waitpid(pid, NULL, 0);
}

static void bench_null(long n)
{
	double t0 = now_ns();
	region_open(R_NULL);
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	region_close();
	report("null_syscall", n, now_ns() - t0, "");
}

static void fs_report(const char *name, long ops, long bytes, double ns)
{
	char extra[96];
	snprintf(extra, sizeof extra, " bytes=%ld mb_per_s=%.1f", bytes, bytes / ns * 1e3);
	report(name, ops, ns, extra);
}

static void fs_read(const char *path, char *buf, const char *name, enum region r)
{
	long ops = 0, bytes = 0, got;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		die("cannot open the file");
	double t0 = now_ns();
	region_open(r);
	while ((got = read(fd, buf, MIB)) > 0) {
		bytes += got;
		ops++;
	}
	region_close();
	double ns = now_ns() - t0;
	close(fd);
	if (got < 0)
		die("read failed");
	fs_report(name, ops, bytes, ns);
}

static void bench_fs(const char *path, long mib)
{
	char *buf = malloc(MIB), name[32];
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (!buf || fd < 0)
		die("cannot create the file");
	for (long i = 0; i < MIB; i++)
		buf[i] = (char)(i * 7 + i / 4096);
	double t0 = now_ns();
	region_open(R_FS_WRITE);
	for (long i = 0; i < mib; i++)
		if (write(fd, buf, MIB) != MIB)
			die("write failed");
	if (fsync(fd) < 0)
		die("fsync failed");
	region_close();
	double ns = now_ns() - t0;
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	snprintf(name, sizeof name, "fs_write_%ldm", mib);
	fs_report(name, mib, mib * MIB, ns);
	fs_read(path, buf, "fs_read_cold", R_FS_READ_COLD);
	fs_read(path, buf, "fs_read_warm", R_FS_READ_WARM);
	free(buf);
}

static void usage(void)
{
	fprintf(stderr, "usage: native-bench fork|exec|cpu|sbrk|pipe|null N | exec N PROGRAM NAME"
	                " | fs PATH MIB | marks\n");
	exit(2);
}

/* native-true beside this program: in the folder of /proc/self/exe, or
 * of argv[0] without /proc. */
static char *default_true(const char *argv0)
{
	static char path[4096];
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	const char *me = argv0, *slash;

	if (n > 0) {
		self[n] = '\0';
		me = self;
	}
	slash = strrchr(me, '/');
	snprintf(path, sizeof path, "%.*snative-true", slash ? (int)(slash - me + 1) : 0, me);
	return path;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "marks") == 0) {
		for (int r = 1; r < R_COUNT; r++)
			printf("%d %s\n", r, region_names[r]);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "fs") == 0 && atol(argv[3]) > 0) {
		bench_fs(argv[2], atol(argv[3]));
		return 0;
	}
	long n = argc >= 3 ? atol(argv[2]) : 0;
	if (n <= 0)
		usage();
	if (strcmp(argv[1], "exec") == 0 && (argc == 3 || argc == 5))
		bench_exec(n, argc == 5 ? argv[3] : default_true(argv[0]),
		           argc == 5 ? argv[4] : "exec");
	else if (argc != 3)
		usage();
	else if (strcmp(argv[1], "fork") == 0)
		report("fork", n, cycles(n, NULL, R_FORK), "");
	else if (strcmp(argv[1], "cpu") == 0)
		bench_cpu(n);
	else if (strcmp(argv[1], "sbrk") == 0)
		bench_sbrk(n);
	else if (strcmp(argv[1], "pipe") == 0)
		bench_pipe(n);
	else if (strcmp(argv[1], "null") == 0)
		bench_null(n);
	else
		usage();
	return 0;
}
