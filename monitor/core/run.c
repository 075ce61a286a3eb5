/* The run loop dispatches each exit through a table indexed by its
 * KVM_EXIT_* reason (kvmtool uses a switch; a table keeps each handler a
 * small named function); port I/O goes on to the device bus. */
#include "core/run.h"

#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/kick.h"
#include "core/part.h"
#include "core/util.h"
#include "core/vm.h"

typedef void (*exit_fn)(struct vcpu *c);

static const char *const reason_names[] = {
    [KVM_EXIT_UNKNOWN] = "UNKNOWN",
    [KVM_EXIT_IO] = "IO",
    [KVM_EXIT_MMIO] = "MMIO",
    [KVM_EXIT_HLT] = "HLT",
    [KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
    [KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
    [KVM_EXIT_INTR] = "INTR",
    [KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
    [KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
    [KVM_EXIT_DEBUG] = "DEBUG",
};

const char *exit_reason_name(uint32_t reason)
{
	if (reason < sizeof(reason_names) / sizeof(reason_names[0]) && reason_names[reason])
		return reason_names[reason];
	return "OTHER";
}

static uint64_t guest_rip(struct vcpu *c)
{
	struct kvm_regs regs;
	if (ioctl(c->fd, KVM_GET_REGS, &regs) < 0)
		return 0;
	return regs.rip;
}

static void exit_io(struct vcpu *c)
{
	struct vm *vm = c->vm;
	struct kvm_run *r = c->run;
	uint8_t *data = (uint8_t *)r + r->io.data_offset;
	bool out = r->io.direction == KVM_EXIT_IO_OUT;
	if (vm->debug_traps && parts_on_debug_exit(vm))
		return;
	for (uint32_t i = 0; i < r->io.count && !vm->stop; i++)
		io_dispatch(vm, r->io.port, out, r->io.size, data + (size_t)i * r->io.size);
}

/* No device is memory-mapped: MMIO is an access to a hole, which reads as
 * all ones like an unclaimed port. */
static void exit_mmio(struct vcpu *c)
{
	struct vm *vm = c->vm;
	struct kvm_run *r = c->run;
	if (vm->debug_traps && parts_on_debug_exit(vm))
		return;
	vm->mmio_unknown++;
	if (!r->mmio.is_write)
		memset(r->mmio.data, 0xff, sizeof(r->mmio.data));
	if (vm->strict) {
		fail("guest %s unmapped address 0x%llx (--strict)",
		     r->mmio.is_write ? "wrote to" : "read from",
		     (unsigned long long)r->mmio.phys_addr);
		vm_stop(vm, VMM_EXIT_CRASH);
	}
}

static void exit_shutdown(struct vcpu *c)
{
	fail("guest triple fault (shutdown) at RIP 0x%llx", (unsigned long long)guest_rip(c));
	vm_stop(c->vm, VMM_EXIT_CRASH);
}

static void exit_hlt(struct vcpu *c)
{
	fail("guest halted with no way to wake it at RIP 0x%llx", (unsigned long long)guest_rip(c));
	vm_stop(c->vm, VMM_EXIT_CRASH);
}

static void exit_fail_entry(struct vcpu *c)
{
	fail("KVM could not enter the guest (hardware reason 0x%llx)",
	     (unsigned long long)c->run->fail_entry.hardware_entry_failure_reason);
	vm_stop(c->vm, VMM_EXIT_CRASH);
}

static void exit_internal_error(struct vcpu *c)
{
	fail("KVM internal error (suberror %u) at RIP 0x%llx", c->run->internal.suberror,
	     (unsigned long long)guest_rip(c));
	vm_stop(c->vm, VMM_EXIT_CRASH);
}

static void exit_system_event(struct vcpu *c)
{
	fail("guest requested a system event (type %u)", c->run->system_event.type);
	vm_stop(c->vm, VMM_EXIT_CRASH);
}

/* A breakpoint, a single step or a watchpoint: the part that turned guest
 * debugging on (--gdb) takes it; with none, it cannot happen. */
static void exit_debug(struct vcpu *c)
{
	struct vm *vm = c->vm;
	if (parts_on_debug_exit(vm))
		return;
	fail("unexpected debug exit at RIP 0x%llx", (unsigned long long)guest_rip(c));
	vm_stop(vm, VMM_EXIT_CRASH);
}

static void exit_intr(struct vcpu *c)
{
	(void)c; /* a signal interrupted KVM_RUN; the loop goes on */
}

static const exit_fn exit_handlers[] = {
    [KVM_EXIT_IO] = exit_io,
    [KVM_EXIT_MMIO] = exit_mmio,
    [KVM_EXIT_HLT] = exit_hlt,
    [KVM_EXIT_SHUTDOWN] = exit_shutdown,
    [KVM_EXIT_FAIL_ENTRY] = exit_fail_entry,
    [KVM_EXIT_INTERNAL_ERROR] = exit_internal_error,
    [KVM_EXIT_SYSTEM_EVENT] = exit_system_event,
    [KVM_EXIT_INTR] = exit_intr,
    [KVM_EXIT_DEBUG] = exit_debug,
};

/* Handles the exit described by c->run. */
static void handle_exit(struct vcpu *c)
{
	uint32_t reason = c->run->exit_reason;
	exit_fn fn = NULL;
	c->exits[reason < VM_EXIT_KINDS ? reason : VM_EXIT_KINDS - 1]++;
	if (reason < sizeof(exit_handlers) / sizeof(exit_handlers[0]))
		fn = exit_handlers[reason];
	if (fn) {
		fn(c);
		return;
	}
	fail("unhandled KVM exit reason %u at RIP 0x%llx", reason,
	     (unsigned long long)guest_rip(c));
	vm_stop(c->vm, VMM_EXIT_CRASH);
}

/* When a part times exits (--stats, --trace), the time inside KVM_RUN is
 * the guest's and the time from its return to the next call the
 * monitor's; otherwise the clock is not read at all. A return with EINTR
 * also takes the requests: it may be the kick itself, and taking none
 * still clears immediate_exit for the next call. Whichever vCPU ends the
 * run brings the others out of KVM_RUN. */
void run_vcpu(struct vcpu *c)
{
	struct vm *vm = c->vm;
	bool timed = parts_time_exits();
	struct exit_times t = {.cpu = c};
	atomic_store(&c->running, true);
	while (!vm->stop) {
		if (timed)
			t.entered_ns = now_ns();
		int r = ioctl(c->fd, KVM_RUN, 0);
		int err = errno; /* a kicked hook may make calls of its own */
		if (kick_pending(c) || (r < 0 && err == EINTR)) {
			kick_dispatch(c);
			if (vm->stop)
				break;
		}
		if (r < 0) {
			if (err == EINTR || err == EAGAIN)
				continue;
			errno = err;
			fail_errno("KVM_RUN");
			vm_stop(vm, VMM_EXIT_CRASH); /* the parts' finish sees the status */
			break;
		}
		if (!timed) {
			handle_exit(c);
			continue;
		}
		t.exited_ns = now_ns();
		handle_exit(c);
		t.handled_ns = now_ns();
		parts_on_exit(vm, &t);
	}
	atomic_store(&c->running, false);
	kick_others(vm);
}
