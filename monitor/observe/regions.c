/* Regions. A mark costs the guest one exit; opening or closing a region
 * costs the monitor one read of KVM's statistics (a pread). The counts of a
 * region include the exit of the mark that closes it. */
#include "observe/regions.h"

#include <stdlib.h>
#include <string.h>

#include "observe/kvm_stats.h"
#include "core/util.h"

int regions_init(struct regions *r, const struct kvm_stats_set *kvm)
{
	*r = (struct regions){.kvm = kvm};
	r->scratch = calloc(kvm->ndata, sizeof(uint64_t));
	if (!r->scratch)
		return fail("out of memory for regions");
	for (int i = 0; i < VMM_MARK_DEPTH; i++) {
		r->open[i].start_kvm = calloc(kvm->ndata, sizeof(uint64_t));
		if (!r->open[i].start_kvm)
			return fail("out of memory for regions");
	}
	return 0;
}

static int find_or_add(struct regions *r, const char *label)
{
	for (int i = 0; i < r->count; i++)
		if (strcmp(r->region[i].label, label) == 0)
			return i;
	if (r->count == REGIONS_MAX)
		return -1;
	struct region *g = &r->region[r->count];
	g->kvm = calloc(r->kvm->ndata, sizeof(uint64_t));
	if (!g->kvm)
		return -1;
	snprintf(g->label, sizeof(g->label), "%s", label);
	return r->count++;
}

void regions_begin(struct regions *r, const char *label, uint64_t exits)
{
	int index = r->depth < VMM_MARK_DEPTH ? find_or_add(r, label) : -1;
	if (index < 0) {
		r->dropped++;
		return;
	}
	struct open_region *o = &r->open[r->depth++];
	o->index = index;
	o->start_exits = exits;
	kvm_stats_read(r->kvm, o->start_kvm);
	o->start_ns = now_ns();
}

void regions_end(struct regions *r, uint64_t exits)
{
	if (r->depth == 0) {
		r->dropped++;
		return;
	}
	uint64_t end_ns = now_ns();
	struct open_region *o = &r->open[--r->depth];
	struct region *g = &r->region[o->index];
	kvm_stats_read(r->kvm, r->scratch);
	for (uint64_t i = 0; i < r->kvm->ndata; i++)
		g->kvm[i] += r->scratch[i] - o->start_kvm[i];
	g->entries++;
	g->ns += end_ns - o->start_ns;
	g->monitor_exits += exits - o->start_exits;
}

static void report_one(const struct regions *r, const struct region *g, FILE *f)
{
	double n = (double)g->entries;
	fprintf(f, "region \"%s\": entered %llu times\n", g->label, (unsigned long long)g->entries);
	fprintf(f, "  %-32s %14s %14s\n", "", "total", "per entry");
	fprintf(f, "  %-32s %14.3f %14.3f\n", "time (us)", (double)g->ns / 1e3,
	        (double)g->ns / 1e3 / n);
	fprintf(f, "  %-32s %14llu %14.1f\n", "exits reaching the monitor",
	        (unsigned long long)g->monitor_exits, (double)g->monitor_exits / n);
	const struct kvm_stats_set *s = r->kvm;
	for (int i = 0; i < s->count; i++) {
		uint64_t v = g->kvm[s->offset[i]];
		if (s->size[i] != 1 || !kvm_stats_is_cumulative(s, i) || v == 0)
			continue;
		fprintf(f, "  %-32s %14llu %14.1f\n", s->names[i], (unsigned long long)v,
		        (double)v / n);
	}
}

void regions_report(const struct regions *r, FILE *f)
{
	for (int i = 0; i < r->count; i++)
		if (r->region[i].entries)
			report_one(r, &r->region[i], f);
	if (r->depth || r->dropped)
		fprintf(f,
		        "regions: %d left open, %llu marks ignored (too deep, too many labels or "
		        "an end with none open)\n",
		        r->depth, (unsigned long long)r->dropped);
}

void regions_free(struct regions *r)
{
	free(r->scratch);
	for (int i = 0; i < VMM_MARK_DEPTH; i++)
		free(r->open[i].start_kvm);
	for (int i = 0; i < r->count; i++)
		free(r->region[i].kvm);
	*r = (struct regions){0};
}
