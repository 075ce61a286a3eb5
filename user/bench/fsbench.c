/*
 * fsbench: file throughput, for scripts/bench-fs and scripts/bench-compare.
 *
 *   fsbench write PATH MIB   writes MIB MiB to PATH in 1 MiB writes, then fsync
 *   fsbench read PATH        reads PATH in 1 MiB reads (the first read of this boot)
 *   fsbench read2 PATH       reads PATH twice: cold, then warm (what the guest cached)
 *   fsbench none             nothing: the baseline run (boot, exec, exit)
 *
 * Each phase prints one BENCH line (bench/lib/bench.c), an operation being a
 * 1 MiB call (the fsync counts in the write's time), with more fields:
 *   bytes=B ticks=T mb_per_s=Y
 * T is the phase's length in ticks of uptime() (SYS_TICK_HZ); Y comes
 * from the phase's time in ns, the figure scripts/bench-fs shows as the
 * guest's MB/s.
 * Each phase is also a region (--stats, scripts/icount): fs_write,
 * fs_read_cold, fs_read_warm.
 */
#include "bench/lib/bench.h"

#define MIB (1l << 20)

static char *buf;

/* The phase timed by b, in its region, ends: its BENCH line. */
static void report(struct bench *b, const char *name, long ops, long bytes, long ticks)
{
	struct bench_result r;
	char extra[96], rate[24] = "n/a";

	bench_stop(b, ops, &r);
	mark(0);
	if (r.total[BENCH_NS] >= 1000) {
		long tenths = bytes * 10 / (long)(r.total[BENCH_NS] / 1000); /* MB/s, one decimal */

		snprintf(rate, sizeof(rate), "%ld.%ld", tenths / 10, tenths % 10);
	}
	snprintf(extra, sizeof extra, " bytes=%ld ticks=%ld mb_per_s=%s", bytes, ticks, rate);
	bench_print(name, &r, extra);
}

static int bench_write(const char *path, long mib)
{
	char name[32];
	long t0, ops = 0;
	struct bench b;
	int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);

	if (fd < 0)
		return fprintf(2, "fsbench: cannot create %s\n", path), 1;
	for (long i = 0; i < MIB; i++)
		buf[i] = (char)(i * 7 + i / 4096); /* not zeros: nothing may skip it */
	mark("fs_write");
	bench_start(&b);
	t0 = uptime();
	for (; ops < mib; ops++) {
		if (write(fd, buf, MIB) != MIB)
			return fprintf(2, "fsbench: write %ld of %s failed\n", ops, path), 1;
	}
	if (fsync(fd) < 0)
		return fprintf(2, "fsbench: fsync of %s failed\n", path), 1;
	close(fd);
	snprintf(name, sizeof(name), "fs_write_%ldm", mib);
	report(&b, name, ops, ops * MIB, uptime() - t0);
	return 0;
}

static int bench_read(const char *path, const char *name)
{
	long t0, ops = 0, bytes = 0, n;
	int fd = open(path, O_RDONLY);
	struct bench b;

	if (fd < 0)
		return fprintf(2, "fsbench: cannot open %s\n", path), 1;
	mark(name);
	bench_start(&b);
	t0 = uptime();
	while ((n = read(fd, buf, MIB)) > 0) {
		bytes += n;
		ops++;
	}
	close(fd);
	if (n < 0)
		return fprintf(2, "fsbench: read of %s failed after %ld bytes\n", path, bytes), 1;
	report(&b, name, ops, bytes, uptime() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	struct bench b;

	if (argc == 2 && strcmp(argv[1], "none") == 0) {
		bench_start(&b);
		bench_report(&b, "none", 0);
		return 0;
	}
	if ((buf = sbrk(MIB)) == (char *)-1) {
		fprintf(2, "fsbench: sbrk of 1 MiB failed\n");
		return 1;
	}
	if (argc == 4 && strcmp(argv[1], "write") == 0 && atoi(argv[3]) > 0)
		return bench_write(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "read") == 0)
		return bench_read(argv[2], "fs_read_cold");
	if (argc == 3 && strcmp(argv[1], "read2") == 0)
		return bench_read(argv[2], "fs_read_cold") || bench_read(argv[2], "fs_read_warm");
	fprintf(2, "usage: fsbench write PATH MIB | read PATH | read2 PATH | none\n");
	return 2;
}
