/* The host-counter device: the guest hands over the physical address of a
 * struct vmm_counters and the monitor fills it with what the run has cost
 * so far (exits by kind, port I/O by device, the kernel instructions KVM
 * emulated) and the host's clock. Two snapshots around some work give its
 * exact cost, so a guest benchmark reports its own cost per operation
 * without --stats. The counts are kept whether or not anyone asks: the run
 * loop counts exits by reason, the bus counts accesses per device, and KVM
 * keeps its statistics; a request only reads them. Exits and KVM's counts
 * are those of the vCPU that asks (each read on its own thread, from its
 * own statistics file); port I/O is every vCPU's. */
#include <linux/kvm.h>
#include <string.h>

#include "vmm_abi.h"
#include "devices/devices.h"
#include "core/kick.h"
#include "observe/kvm_stats.h"
#include "core/util.h"
#include "core/vm.h"

struct counters {
	unsigned ncpus;                         /* statistics open: kvm[0..ncpus-1] */
	struct kvm_stats_set kvm[VMM_CPUS_MAX]; /* each vCPU's; none when there is no vCPU */
	int insn_at, exits_at; /* places of insn_emulation and exits in a snapshot, or -1 */
};

static struct counters the_counters;

/* The vCPU that asks; CPU 0 in the unit tests, which run no vCPU. */
static const struct vcpu *asking(const struct vm *vm)
{
	const struct vcpu *c = vcpu_self();
	return c ? c : &vm->cpu[0];
}

static uint64_t kvm_value(const struct kvm_stats_set *k, int at)
{
	return at < 0 ? VMM_COUNTER_NONE : k->now[at];
}

/* KVM's statistics into snap (one pread of the vCPU's); returns a
 * VMM_STATUS_*. Without a vCPU there are none, which is no error. */
static uint32_t fill_kvm(struct counters *c, unsigned cpu, struct vmm_counters *snap)
{
	snap->insn_emulation = snap->kvm_exits = VMM_COUNTER_NONE;
	if (cpu >= c->ncpus)
		return VMM_STATUS_OK;
	struct kvm_stats_set *k = &c->kvm[cpu];
	if (kvm_stats_end(k) < 0)
		return VMM_STATUS_EIO;
	snap->insn_emulation = kvm_value(k, c->insn_at);
	snap->kvm_exits = kvm_value(k, c->exits_at);
	return VMM_STATUS_OK;
}

/* The monitor's own counts: exits by reason, port accesses by device. */
static void fill_monitor(const struct vm *vm, struct vmm_counters *snap)
{
	const struct vcpu *c = asking(vm);
	for (int r = 0; r < VM_EXIT_KINDS; r++)
		snap->exits += c->exits[r];
	snap->io_exits = c->exits[KVM_EXIT_IO];
	snap->mmio_exits = c->exits[KVM_EXIT_MMIO];
	for (int i = 0; i < VMM_COUNTERS_PORTS; i++) {
		uint8_t slot = vm->io.slot[VMM_PORT_CONSOLE + i];
		const struct io_handler *h = slot ? &vm->io.handlers[slot - 1] : NULL;
		snap->port_io[i] = h ? h->ins + h->outs : 0;
	}
	snap->unclaimed_io = vm->io.unknown_ins + vm->io.unknown_outs;
}

/* The snapshot is built in host memory and copied out in one piece, so the
 * guest never sees a half-filled one. A refused request (a wrong size, an
 * address misaligned or not wholly in RAM) writes nothing. */
static bool counters_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	(void)port;
	if (size != 4 || gpa % 8 != 0)
		return false;
	void *slot = gpa_ptr(&vm->mem, gpa, sizeof(struct vmm_counters));
	if (!slot)
		return false;
	struct vmm_counters snap = {.host_ns = now_ns()};
	snap.status = fill_kvm(dev, asking(vm)->id, &snap);
	fill_monitor(vm, &snap);
	memcpy(slot, &snap, sizeof(snap));
	return snap.status == VMM_STATUS_OK;
}

static const struct io_ops counters_ops = {.name = "counters", .out = counters_out};

static int counters_setup(struct vm *vm)
{
	struct counters *c = &the_counters;
	c->insn_at = c->exits_at = -1;
	for (unsigned i = 0; i < vm->ncpus; i++) {
		c->ncpus = i + 1; /* torn down from here on */
		if (kvm_stats_open(&c->kvm[i], vm->cpu[i].fd) < 0)
			return -1;
	}
	/* Every vCPU's statistics have the same layout. */
	if (vm->ncpus > 0) {
		c->insn_at = kvm_stats_find(&c->kvm[0], "insn_emulation");
		c->exits_at = kvm_stats_find(&c->kvm[0], "exits");
	}
	return io_register(&vm->io, VMM_PORT_COUNTERS, 1, &counters_ops, c);
}

static void counters_teardown(struct vm *vm)
{
	(void)vm;
	for (unsigned i = 0; i < the_counters.ncpus; i++)
		kvm_stats_close(&the_counters.kvm[i]);
	the_counters.ncpus = 0;
}

const struct part counters_part = {
    .name = "counters",
    .abi_bit = VMM_DEV_COUNTERS,
    .setup = counters_setup,
    .teardown = counters_teardown,
};
