/*
 * What every benchmark shares: it times its own loop and counts the loop's
 * cost with the monitor's host counters (counters(), SYS_counters), then
 * prints one line (bench.h has the format). The counters' host clock times
 * the loop when they are there; else the kernel's uptime_ns.
 *
 * A counters read costs kernel instructions and exits of its own, and the
 * loop's figures include one read's worth (the end of the first, the start
 * of the second). bench_start measures that cost, as the least difference
 * between two back-to-back reads in a few tries (a tick may land in one),
 * and bench_stop takes it off, so the figures are the loop's alone.
 */
#include "bench.h"

#define CALIBRATION_TRIES 3

static uint64_t known(uint64_t v)
{
	return v == VMM_COUNTER_NONE ? 0 : v;
}

/* b's figures minus a's, in the order of enum bench_measure. */
static void difference(const struct vmm_counters *b, const struct vmm_counters *a,
                       uint64_t out[BENCH_MEASURES])
{
	out[BENCH_NS] = b->host_ns - a->host_ns;
	out[BENCH_INSN] = known(b->insn_emulation) - known(a->insn_emulation);
	out[BENCH_EXITS] = known(b->kvm_exits) - known(a->kvm_exits);
	out[BENCH_VMM_EXITS] = b->exits - a->exits;
}

void bench_start(struct bench *b)
{
	struct vmm_counters first;
	uint64_t d[BENCH_MEASURES];

	b->have_counters = counters(&b->start) == 0;
	for (int m = 0; m < BENCH_MEASURES; m++)
		b->overhead[m] = ~0ull;
	for (int i = 0; b->have_counters && i < CALIBRATION_TRIES; i++) {
		first = b->start;
		if (counters(&b->start) < 0) {
			b->have_counters = 0;
			break;
		}
		difference(&b->start, &first, d);
		for (int m = 0; m < BENCH_MEASURES; m++)
			b->overhead[m] = d[m] < b->overhead[m] ? d[m] : b->overhead[m];
	}
	b->start_ns = b->have_counters ? 0 : uptime_ns();
}

void bench_stop(struct bench *b, long ops, struct bench_result *r)
{
	struct vmm_counters end;
	uint64_t d[BENCH_MEASURES];

	*r = (struct bench_result){.ops = ops, .known = 1 << BENCH_NS};
	if (!b->have_counters || counters(&end) < 0) {
		r->total[BENCH_NS] = uptime_ns() - b->start_ns;
		return;
	}
	difference(&end, &b->start, d);
	for (int m = 0; m < BENCH_MEASURES; m++)
		r->total[m] = d[m] > b->overhead[m] ? d[m] - b->overhead[m] : 0;
	r->known |= 1 << BENCH_VMM_EXITS;
	if (end.insn_emulation != VMM_COUNTER_NONE)
		r->known |= 1 << BENCH_INSN;
	if (end.kvm_exits != VMM_COUNTER_NONE)
		r->known |= 1 << BENCH_EXITS;
}

void bench_subtract(struct bench_result *r, const struct bench_result *base)
{
	for (int m = 0; m < BENCH_MEASURES; m++) {
		uint64_t b = base->total[m] * r->ops / base->ops;

		r->total[m] = r->total[m] > b ? r->total[m] - b : 0;
	}
	r->known &= base->known;
}

/* Measure m per operation with one decimal, or n/a, into buf. */
static const char *per_op(char *buf, size_t size, const struct bench_result *r, int m)
{
	uint64_t tenths;

	if (!(r->known & 1 << m) || r->ops <= 0)
		return "n/a";
	tenths = r->total[m] * 10 / r->ops;
	snprintf(buf, size, "%lu.%lu", (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
	return buf;
}

int bench_print(const char *name, const struct bench_result *r, const char *extra)
{
	char v[BENCH_MEASURES][24];

	return printf("BENCH name=%s ops=%ld ns_per_op=%s kinsn_per_op=%s exits_per_op=%s "
	              "vmm_exits_per_op=%s%s\n",
	              name, r->ops, per_op(v[0], sizeof v[0], r, BENCH_NS),
	              per_op(v[1], sizeof v[1], r, BENCH_INSN),
	              per_op(v[2], sizeof v[2], r, BENCH_EXITS),
	              per_op(v[3], sizeof v[3], r, BENCH_VMM_EXITS), extra ? extra : "");
}

int bench_report(struct bench *b, const char *name, long ops)
{
	struct bench_result r;

	bench_stop(b, ops, &r);
	return bench_print(name, &r, 0);
}

/* Not usage() of the user library: its file would bring the exec helpers
 * into every benchmark, and forkbench's size is part of what it measures
 * (forkbench.c). */
int bench_count(int argc, char **argv, const char *synopsis)
{
	int n = argc == 2 ? atoi(argv[1]) : -1;

	if (n <= 0) {
		fprintf(2, "usage: %s\n", synopsis);
		exit(2);
	}
	return n;
}
