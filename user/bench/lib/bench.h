/*
 * What the benchmarks share (bench.c), beside the user library: timing a
 * loop and counting its cost with the monitor's host counters.
 */
#ifndef BENCH_H
#define BENCH_H

#include "user.h"

/* A benchmark's loop runs between bench_start and bench_stop (or
 * bench_report, which also prints), and prints one line:
 *   BENCH name=NAME ops=N ns_per_op=T kinsn_per_op=I exits_per_op=E vmm_exits_per_op=V[EXTRA]
 * T: nanoseconds; I: kernel instructions KVM emulated (every kernel
 * instruction on kvm_pvm); E: exits, those the host kernel handles itself
 * included; V: exits that reached the monitor; each per operation with one
 * decimal, or n/a without the monitor's counters (another hypervisor). */
enum bench_measure { BENCH_NS, BENCH_INSN, BENCH_EXITS, BENCH_VMM_EXITS, BENCH_MEASURES };
struct bench {
	int have_counters;
	struct vmm_counters start;
	uint64_t overhead[BENCH_MEASURES]; /* what one counters read costs */
	uint64_t start_ns;                 /* uptime_ns() when there are no counters */
};
struct bench_result {
	long ops;
	unsigned known; /* bit m: total[m] was measured */
	uint64_t total[BENCH_MEASURES];
};
void bench_start(struct bench *b);
void bench_stop(struct bench *b, long ops, struct bench_result *r);
/* r less base, scaled to r's number of operations. */
void bench_subtract(struct bench_result *r, const struct bench_result *base);
int bench_print(const char *name, const struct bench_result *r, const char *extra);
int bench_report(struct bench *b, const char *name, long ops); /* stop and print */
/* The count N of "PROG N", a benchmark's one argument; with anything but
 * a positive N, prints "usage: SYNOPSIS" and exits with status 2. */
int bench_count(int argc, char **argv, const char *synopsis);

#endif
