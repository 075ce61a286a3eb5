/*
 * fsbench: file throughput, for scripts/bench-fs.
 *
 *   fsbench write PATH MIB   writes MIB MiB to PATH in 1 MiB writes, then fsync
 *   fsbench read PATH        reads PATH in 1 MiB reads (the first read of this boot)
 *   fsbench read2 PATH       reads PATH twice: cold, then warm (what the guest cached)
 *   fsbench none             nothing: the baseline run (boot, exec, exit)
 *
 * Each phase prints one line:
 *   BENCH name=NAME ops=N bytes=B ticks=T ns_per_op=X mb_per_s=Y
 * where ops counts the 1 MiB calls and T is the phase's length in ticks of
 * uptime() (SYS_TICK_HZ, 10 ms: coarse, but a phase of 64 MiB lasts seconds
 * here). ns_per_op and mb_per_s come from T; the host also has the exact
 * kernel instruction and exit counts of the whole run (./vmm --stats).
 * Integer arithmetic only: user programs have no floating point.
 */
#include "user.h"

#define MIB         (1l << 20)
#define NS_PER_TICK (1000000000l / SYS_TICK_HZ)

static char *buf;

static void report(const char *name, long ops, long bytes, long ticks)
{
	char rate[24];

	if (ticks > 0) {
		long tenths = bytes * SYS_TICK_HZ * 10 / ticks / 1000000; /* MB/s, one decimal */

		snprintf(rate, sizeof(rate), "%ld.%ld", tenths / 10, tenths % 10);
	} else
		strcpy(rate, "NA"); /* under one tick */
	printf("BENCH name=%s ops=%ld bytes=%ld ticks=%ld ns_per_op=%ld mb_per_s=%s\n", name, ops,
	       bytes, ticks, ops ? ticks * NS_PER_TICK / ops : 0, rate);
}

static int bench_write(const char *path, long mib)
{
	char name[32];
	long t0, ops = 0;
	int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);

	if (fd < 0)
		return fprintf(2, "fsbench: cannot create %s\n", path), 1;
	for (long i = 0; i < MIB; i++)
		buf[i] = (char)(i * 7 + i / 4096); /* not zeros: nothing may skip it */
	t0 = uptime();
	for (; ops < mib; ops++) {
		if (write(fd, buf, MIB) != MIB)
			return fprintf(2, "fsbench: write %ld of %s failed\n", ops, path), 1;
	}
	if (fsync(fd) < 0)
		return fprintf(2, "fsbench: fsync of %s failed\n", path), 1;
	close(fd);
	snprintf(name, sizeof(name), "fs_write_%ldm", mib);
	report(name, ops, ops * MIB, uptime() - t0);
	return 0;
}

static int bench_read(const char *path, const char *name)
{
	long t0 = uptime(), ops = 0, bytes = 0, n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return fprintf(2, "fsbench: cannot open %s\n", path), 1;
	while ((n = read(fd, buf, MIB)) > 0) {
		bytes += n;
		ops++;
	}
	close(fd);
	if (n < 0)
		return fprintf(2, "fsbench: read of %s failed after %ld bytes\n", path, bytes), 1;
	report(name, ops, bytes, uptime() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "none") == 0) {
		printf("BENCH name=none ops=0\n");
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
