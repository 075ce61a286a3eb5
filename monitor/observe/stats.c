/*
 * --stats: what the run cost, printed on stderr when the guest powers off
 * and whenever SIGUSR1 arrives: the time split, exits by reason and by
 * device with their handling times, device errors, every other part's
 * lines (the disk's, the trace's), KVM's own counters (change over the
 * run) and the guest-marked regions. With several vCPUs, also each one's
 * exits and time, and KVM's counters of each.
 *
 * Every vCPU's thread adds its exits, and the report may be printed on any
 * of them (SIGUSR1): one lock keeps the tables whole.
 */
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "core/io.h"
#include "core/kick.h"
#include "core/run.h"
#include "core/util.h"
#include "core/vm.h"
#include "observe/kvm_stats.h"
#include "observe/latency.h"
#include "observe/observers.h"
#include "observe/regions.h"

#define REASONS 64

/* One vCPU's share. */
struct cpu_stats {
	uint64_t run_ns, handle_ns, exits;
	struct kvm_stats_set kvm; /* KVM's counters of this vCPU */
};

static struct stats {
	bool on;
	pthread_mutex_t lock; /* everything below */
	unsigned ncpus;
	uint64_t start_ns;  /* when the guest first ran */
	uint64_t run_ns;    /* inside KVM_RUN, every vCPU: guest running or halted */
	uint64_t handle_ns; /* handling exits in the monitor */
	uint64_t exits;     /* exits that reached the monitor */
	struct latency by_reason[REASONS];
	struct latency by_device[IO_MAX_HANDLERS + 1]; /* [0]: unclaimed ports */
	struct cpu_stats cpu[VMM_CPUS_MAX];
	struct kvm_stats_set vm;
	struct regions regions;
} st = {.lock = PTHREAD_MUTEX_INITIALIZER, .vm = {.fd = -1}};

static enum args_result take_stats(const char *value)
{
	(void)value;
	st.on = true;
	return ARGS_RUN;
}

/* SIGUSR1 asks for the tables so far; caught from the start, so an early
 * one does not kill the monitor. */
static int stats_prepare(void)
{
	return st.on ? kick_on_signal(SIGUSR1, &stats_part) : 0;
}

static int stats_setup(struct vm *vm)
{
	if (!st.on)
		return PART_ABSENT;
	for (unsigned i = 0; i < vm->ncpus; i++) {
		st.ncpus = i + 1; /* torn down from here on */
		if (kvm_stats_open(&st.cpu[i].kvm, vm->cpu[i].fd) < 0 ||
		    kvm_stats_begin(&st.cpu[i].kvm) < 0)
			return -1;
	}
	if (kvm_stats_open(&st.vm, vm->vm_fd) < 0 || kvm_stats_begin(&st.vm) < 0)
		return -1;
	/* Regions read CPU 0's counters: the kernel marks them from there. */
	return regions_init(&st.regions, &st.cpu[0].kvm);
}

static void stats_on_exit(struct vm *vm, const struct exit_times *t)
{
	const struct kvm_run *r = t->cpu->run;
	struct cpu_stats *c = &st.cpu[t->cpu->id];
	uint64_t ns = t->handled_ns - t->exited_ns;
	pthread_mutex_lock(&st.lock);
	if (!st.start_ns)
		st.start_ns = t->entered_ns;
	st.run_ns += t->exited_ns - t->entered_ns;
	st.handle_ns += ns;
	st.exits++;
	c->run_ns += t->exited_ns - t->entered_ns;
	c->handle_ns += ns;
	c->exits++;
	if (r->exit_reason < REASONS)
		latency_add(&st.by_reason[r->exit_reason], ns);
	if (r->exit_reason == KVM_EXIT_IO)
		latency_add(&st.by_device[vm->io.slot[r->io.port]], ns);
	pthread_mutex_unlock(&st.lock);
}

static void stats_on_mark(struct vm *vm, const char *label)
{
	(void)vm;
	pthread_mutex_lock(&st.lock);
	if (label)
		regions_begin(&st.regions, label, st.exits);
	else
		regions_end(&st.regions, st.exits);
	pthread_mutex_unlock(&st.lock);
}

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static void latency_row(FILE *f, const char *label, const struct latency *l)
{
	fprintf(f, "  %-22s %10llu %12.3f %9llu %9llu %9llu\n", label, (unsigned long long)l->count,
	        ms(l->total_ns), (unsigned long long)(l->total_ns / l->count),
	        (unsigned long long)latency_percentile(l, 0.5),
	        (unsigned long long)latency_percentile(l, 0.99));
}

static void report_time(FILE *f)
{
	uint64_t total = st.start_ns ? now_ns() - st.start_ns : 0;
	/* Each vCPU's halted time within its own time in KVM_RUN (a vCPU
	 * whose KVM_RUN has not returned yet counts none). */
	uint64_t idle = 0;
	for (unsigned i = 0; i < st.ncpus; i++) {
		int64_t d = kvm_stats_delta(&st.cpu[i].kvm, "halt_wait_ns");
		if (d > 0 && (uint64_t)d < st.cpu[i].run_ns)
			idle += (uint64_t)d;
	}
	fprintf(f, "time since the guest started: %.3f ms\n", ms(total));
	fprintf(f, "  guest running            %10.3f ms\n", ms(st.run_ns - idle));
	fprintf(f, "  guest halted (idle)      %10.3f ms\n", ms(idle));
	fprintf(f, "  monitor handling exits   %10.3f ms\n", ms(st.handle_ns));
}

static void report_exits(const struct vm *vm, FILE *f)
{
	fprintf(
	    f, "exits reaching the monitor     count     total ms   mean ns    p50 ns    p99 ns\n");
	for (uint32_t r = 0; r < REASONS; r++)
		if (st.by_reason[r].count)
			latency_row(f, exit_reason_name(r), &st.by_reason[r]);
	fprintf(f, "port I/O by device\n");
	char label[64];
	for (int i = 0; i < vm->io.nhandlers; i++) {
		const struct io_handler *h = &vm->io.handlers[i];
		if (!st.by_device[i + 1].count)
			continue;
		snprintf(label, sizeof(label), "0x%04x %s", h->first, h->ops->name);
		latency_row(f, label, &st.by_device[i + 1]);
	}
	if (st.by_device[0].count)
		latency_row(f, "unclaimed ports", &st.by_device[0]);
	fprintf(f,
	        "  unclaimed port reads %llu, writes %llu (last port 0x%x); unmapped MMIO %llu\n",
	        (unsigned long long)vm->io.unknown_ins, (unsigned long long)vm->io.unknown_outs,
	        vm->io.last_unknown_port, (unsigned long long)vm->mmio_unknown);
}

/* Every device, even with none: a guest that behaves shows all zeros. */
static void report_device_errors(const struct io_bus *bus, FILE *f)
{
	fprintf(f, "device errors (requests refused: wrong size or direction, bad value or "
	           "descriptor; or failed)\n");
	for (int i = 0; i < bus->nhandlers; i++)
		fprintf(f, "  %-22s %10llu\n", bus->handlers[i].ops->name,
		        (unsigned long long)bus->handlers[i].errors);
}

/* With several vCPUs: the times above are sums over them; each one's. */
static void report_cpus(FILE *f)
{
	if (st.ncpus < 2)
		return;
	fprintf(f, "exits by vCPU                  count   in KVM_RUN ms   handling ms\n");
	for (unsigned i = 0; i < st.ncpus; i++)
		fprintf(f, "  vCPU %-17u %10llu %15.3f %13.3f\n", i,
		        (unsigned long long)st.cpu[i].exits, ms(st.cpu[i].run_ns),
		        ms(st.cpu[i].handle_ns));
	fprintf(f, "  %-22s %10llu %15.3f %13.3f\n", "total", (unsigned long long)st.exits,
	        ms(st.run_ns), ms(st.handle_ns));
}

static void stats_report(const struct vm *vm, FILE *f)
{
	report_time(f);
	report_exits(vm, f);
	report_cpus(f);
	report_device_errors(&vm->io, f);
}

static void print_kvm_counters(FILE *f)
{
	char title[64];
	for (unsigned i = 0; i < st.ncpus; i++) {
		kvm_stats_end(&st.cpu[i].kvm);
		if (st.ncpus == 1)
			snprintf(title, sizeof(title), "KVM vCPU counters (change over the run)");
		else
			snprintf(title, sizeof(title), "KVM vCPU %u counters (change over the run)",
			         i);
		kvm_stats_print(&st.cpu[i].kvm, title, f);
	}
}

/* The whole report: the time and exits (this part's report hook), every
 * other part's lines (the disk's, the trace's), then KVM's counters and
 * the regions, which are long. */
static void print_report(struct vm *vm)
{
	FILE *f = stderr;
	pthread_mutex_lock(&st.lock);
	kvm_stats_end(&st.vm);
	fprintf(f, "== vmm stats ==\n");
	parts_report(vm, f);
	print_kvm_counters(f);
	kvm_stats_print(&st.vm, "KVM VM counters (change over the run)", f);
	regions_report(&st.regions, f);
	pthread_mutex_unlock(&st.lock);
}

static int stats_finish(struct vm *vm)
{
	print_report(vm);
	return 0;
}

static void stats_teardown(struct vm *vm)
{
	(void)vm;
	regions_free(&st.regions);
	for (unsigned i = 0; i < st.ncpus; i++)
		kvm_stats_close(&st.cpu[i].kvm);
	st.ncpus = 0;
	kvm_stats_close(&st.vm);
}

static const struct part_option stats_options[] = {
    {.name = "--stats",
     .kind = OPTION_FLAG,
     .help = "      --stats        print exit, timing and KVM counters on stderr at power-off\n",
     .take = take_stats},
    {0},
};

const struct part stats_part = {
    .name = "stats",
    .options = stats_options,
    .prepare = stats_prepare,
    .setup = stats_setup,
    .kicked = print_report,
    .on_exit = stats_on_exit,
    .on_mark = stats_on_mark,
    .report = stats_report,
    .finish = stats_finish,
    .teardown = stats_teardown,
};
