#include "stats.h"

#include <linux/kvm.h>
#include <stdio.h>

#include "util.h"
#include "vm.h"

static const char *const exit_names[] = {
    [KVM_EXIT_IO] = "IO",
    [KVM_EXIT_MMIO] = "MMIO",
    [KVM_EXIT_HLT] = "HLT",
    [KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
    [KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
    [KVM_EXIT_INTR] = "INTR",
    [KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
    [KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
};

int stats_begin(struct run_stats *st, struct vm *vm)
{
	st->start_ns = now_ns();
	if (kvm_stats_open(&st->vcpu, vm->vcpu_fd) < 0 || kvm_stats_open(&st->vm, vm->vm_fd) < 0)
		return -1;
	if (kvm_stats_begin(&st->vcpu) < 0 || kvm_stats_begin(&st->vm) < 0)
		return -1;
	return 0;
}

static void report_exits(const struct vm *vm, FILE *f)
{
	fprintf(f, "exits reaching the monitor\n");
	for (unsigned r = 0; r < sizeof(vm->exits) / sizeof(vm->exits[0]); r++) {
		if (!vm->exits[r])
			continue;
		const char *name = r < sizeof(exit_names) / sizeof(exit_names[0]) && exit_names[r]
		                       ? exit_names[r]
		                       : "other";
		fprintf(f, "  %-16s (%2u) %14llu\n", name, r, (unsigned long long)vm->exits[r]);
	}
}

static void report_ports(const struct vm *vm, FILE *f)
{
	const struct io_bus *bus = &vm->io;
	fprintf(f, "port I/O by device          ins           outs\n");
	for (int i = 0; i < bus->nhandlers; i++) {
		const struct io_handler *h = &bus->handlers[i];
		fprintf(f, "  0x%04x %-12s %14llu %14llu\n", h->first, h->ops->name,
		        (unsigned long long)h->ins, (unsigned long long)h->outs);
	}
	fprintf(f, "  unknown ports       %14llu %14llu\n", (unsigned long long)bus->unknown_ins,
	        (unsigned long long)bus->unknown_outs);
	fprintf(f, "  unknown MMIO        %14llu\n", (unsigned long long)vm->mmio_unknown);
}

void stats_report(struct run_stats *st, const struct vm *vm)
{
	uint64_t elapsed = now_ns() - st->start_ns;
	kvm_stats_end(&st->vcpu);
	kvm_stats_end(&st->vm);
	FILE *f = stderr;
	fprintf(f, "== vmm stats: guest ran %.3f ms ==\n", (double)elapsed / 1e6);
	report_exits(vm, f);
	report_ports(vm, f);
	kvm_stats_print(&st->vcpu, "KVM vCPU counters (change over the run)", f);
	kvm_stats_print(&st->vm, "KVM VM counters (change over the run)", f);
}

void stats_close(struct run_stats *st)
{
	kvm_stats_close(&st->vcpu);
	kvm_stats_close(&st->vm);
}
