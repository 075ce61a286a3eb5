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
 *
 * exec's PROGRAM defaults to native-true beside this program. The cold read
 * drops the file's pages from the page cache first (POSIX_FADV_DONTNEED).
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

#define MIB (1l << 20)

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

/* n cycles of fork, exec of prog in the child (an exit at once if prog is
 * NULL) and wait; their time in ns. */
static double cycles(long n, char *prog)
{
	char *args[] = {prog, NULL};
	double t0 = now_ns();
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
	return now_ns() - t0;
}

static void bench_exec(long n, char *prog, const char *name)
{
	char only[64];
	double fork_only = cycles(n, NULL), whole = cycles(n, prog);
	report(name, n, whole, "");
	snprintf(only, sizeof only, "%s_only", name);
	report(only, n, whole > fork_only ? whole - fork_only : 0, "");
}

static void bench_cpu(long n)
{
	static unsigned char composite[SIEVE_BYTES];
	sieve(composite, SIEVE_BYTES);
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (sieve(composite, SIEVE_BYTES) != SIEVE_PRIMES)
			die("the sieve miscounted");
	report("cpu_sieve", n, now_ns() - t0, "");
}

static void bench_sbrk(long n)
{
	const long grow = 16 * MIB;
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		char *p = sbrk(grow);
		if (p == (char *)-1)
			die("sbrk of 16 MiB failed");
		for (long off = 0; off < grow; off += 4096)
			p[off] = 1;
		if (sbrk(-grow) == (char *)-1)
			die("shrinking failed");
	}
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
	for (long i = 0; i < n; i++)
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			die("a round trip failed");
	report("pipe_rtt", n, now_ns() - t0, "");
	waitpid(pid, NULL, 0);
}

static void bench_null(long n)
{
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	report("null_syscall", n, now_ns() - t0, "");
}

static void fs_report(const char *name, long ops, long bytes, double ns)
{
	char extra[96];
	snprintf(extra, sizeof extra, " bytes=%ld mb_per_s=%.1f", bytes, bytes / ns * 1e3);
	report(name, ops, ns, extra);
}

static void fs_read(const char *path, char *buf, const char *name)
{
	long ops = 0, bytes = 0, got;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		die("cannot open the file");
	double t0 = now_ns();
	while ((got = read(fd, buf, MIB)) > 0) {
		bytes += got;
		ops++;
	}
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
	for (long i = 0; i < mib; i++)
		if (write(fd, buf, MIB) != MIB)
			die("write failed");
	if (fsync(fd) < 0)
		die("fsync failed");
	double ns = now_ns() - t0;
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	snprintf(name, sizeof name, "fs_write_%ldm", mib);
	fs_report(name, mib, mib * MIB, ns);
	fs_read(path, buf, "fs_read_cold");
	fs_read(path, buf, "fs_read_warm");
	free(buf);
}

static void usage(void)
{
	fprintf(stderr, "usage: native-bench fork|exec|cpu|sbrk|pipe|null N | exec N PROGRAM NAME"
	                " | fs PATH MIB\n");
	exit(2);
}

/* native-true beside this program. */
static char *default_true(const char *argv0)
{
	static char path[4096];
	const char *slash = strrchr(argv0, '/');
	int dir = slash ? (int)(slash - argv0 + 1) : 0;
	snprintf(path, sizeof path, "%.*snative-true", dir, argv0);
	return path;
}

int main(int argc, char **argv)
{
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
		report("fork", n, cycles(n, NULL), "");
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
