#include "observe/stats.h"

#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>

#include "observe/observe.h"
#include "core/util.h"
#include "core/vm.h"

static volatile sig_atomic_t report_due;

static void on_sigusr1(int sig)
{
	(void)sig;
	report_due = 1;
}

/* SIGUSR1 interrupts KVM_RUN; the run loop then calls stats_poll. */
int stats_catch_sigusr1(void)
{
	struct sigaction sa = {.sa_handler = on_sigusr1, .sa_flags = SA_RESTART};
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		return fail_errno("cannot catch SIGUSR1");
	return 0;
}

void stats_poll(struct vm *vm)
{
	if (!report_due)
		return;
	report_due = 0;
	stats_report(vm->stats, vm);
}

int stats_begin(struct run_stats *st, struct vm *vm)
{
	vm->stats = st;
	if (kvm_stats_open(&st->vcpu, vm->vcpu_fd) < 0 || kvm_stats_open(&st->vm, vm->vm_fd) < 0)
		return -1;
	if (regions_init(&st->regions, &st->vcpu) < 0)
		return -1;
	if (vm->obs)
		vm->obs->regions = &st->regions;
	if (kvm_stats_begin(&st->vcpu) < 0 || kvm_stats_begin(&st->vm) < 0)
		return -1;
	return 0;
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

static void report_time(const struct observer *o, const struct run_stats *st, FILE *f)
{
	uint64_t total = now_ns() - o->start_ns;
	int64_t halted = kvm_stats_delta(&st->vcpu, "halt_wait_ns");
	uint64_t idle = halted > 0 && (uint64_t)halted < o->run_ns ? (uint64_t)halted : 0;
	fprintf(f, "time since the guest started: %.3f ms\n", ms(total));
	fprintf(f, "  guest running            %10.3f ms\n", ms(o->run_ns - idle));
	fprintf(f, "  guest halted (idle)      %10.3f ms\n", ms(idle));
	fprintf(f, "  monitor handling exits   %10.3f ms\n", ms(o->handle_ns));
}

static void report_exits(const struct vm *vm, FILE *f)
{
	const struct observer *o = vm->obs;
	fprintf(
	    f, "exits reaching the monitor     count     total ms   mean ns    p50 ns    p99 ns\n");
	for (uint32_t r = 0; r < OBSERVE_REASONS; r++)
		if (o->by_reason[r].count)
			latency_row(f, exit_reason_name(r), &o->by_reason[r]);
	fprintf(f, "port I/O by device\n");
	char label[64];
	for (int i = 0; i < vm->io.nhandlers; i++) {
		const struct io_handler *h = &vm->io.handlers[i];
		if (!o->by_device[i + 1].count)
			continue;
		snprintf(label, sizeof(label), "0x%04x %s", h->first, h->ops->name);
		latency_row(f, label, &o->by_device[i + 1]);
	}
	if (o->by_device[0].count)
		latency_row(f, "unclaimed ports", &o->by_device[0]);
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

static void report_disk(const struct block_disk *d, FILE *f)
{
	if (d->fd < 0)
		return;
	fprintf(f, "block device: %llu reads (%.1f MiB), %llu writes (%.1f MiB), %llu flushes\n",
	        (unsigned long long)d->reads, (double)d->bytes_read / (1 << 20),
	        (unsigned long long)d->writes, (double)d->bytes_written / (1 << 20),
	        (unsigned long long)d->flushes);
}

void stats_report(struct run_stats *st, const struct vm *vm)
{
	kvm_stats_end(&st->vcpu);
	kvm_stats_end(&st->vm);
	FILE *f = stderr;
	fprintf(f, "== vmm stats ==\n");
	report_time(vm->obs, st, f);
	report_exits(vm, f);
	report_device_errors(&vm->io, f);
	report_disk(&vm->disk, f);
	kvm_stats_print(&st->vcpu, "KVM vCPU counters (change over the run)", f);
	kvm_stats_print(&st->vm, "KVM VM counters (change over the run)", f);
	regions_report(&st->regions, f);
	if (vm->obs->trace_dropped)
		fprintf(f, "trace: %llu records written, %llu left out (--trace-max)\n",
		        (unsigned long long)vm->obs->trace_written,
		        (unsigned long long)vm->obs->trace_dropped);
}

void stats_close(struct run_stats *st)
{
	regions_free(&st->regions);
	kvm_stats_close(&st->vcpu);
	kvm_stats_close(&st->vm);
}
