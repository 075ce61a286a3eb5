/*
 * Watchpoints where the debug registers do not work: under QEMU's TCG (the
 * KVM box), where they never fire in the nested guest, and on kvm_pvm,
 * where KVM emulates the kernel's instructions (gdb_stub.h). The page
 * holding the watched bytes becomes a read-only memory slot of its own
 * (KVM_MEM_READONLY): reads go on at full speed, and every write to the
 * page exits to the monitor as an MMIO write. The stub applies the write
 * to RAM itself, and stops the guest after it when it touched the watched
 * bytes. Everything else on the page (the kernel's other variables) costs
 * an exit per write while the watchpoint is set, and nothing after.
 *
 * One watched page at a time. RAM is slot 0 (core/kvm.c); while a page is
 * watched it is split into slots 0 (below), 1 (the page, read-only) and
 * 2 (above). KVM cannot resize a slot, so slot 0 is deleted and made again.
 */
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/util.h"
#include "core/vm.h"
#include "debug/gdb_stub.h"
#include "debug/guest_walk.h"

#define PAGE 4096ull

static int set_slot(struct vm *vm, uint32_t slot, uint64_t gpa, uint64_t size, uint32_t flags)
{
	struct kvm_userspace_memory_region r = {
	    .slot = slot,
	    .flags = flags,
	    .guest_phys_addr = gpa,
	    .memory_size = size,
	    .userspace_addr = (uintptr_t)vm->mem.host + gpa,
	};
	return ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r);
}

/* RAM as one slot again, or split around page (~0: not split). */
static int lay_out(struct vm *vm, uint64_t page)
{
	uint64_t size = vm->mem.size;
	set_slot(vm, 1, 0, 0, 0); /* deleting a slot that is not there is fine */
	set_slot(vm, 2, 0, 0, 0);
	if (set_slot(vm, 0, 0, 0, 0) < 0)
		return -1;
	if (page == ~0ull)
		return set_slot(vm, 0, 0, size, 0);
	if ((page > 0 && set_slot(vm, 0, 0, page, 0) < 0) ||
	    set_slot(vm, 1, page, PAGE, KVM_MEM_READONLY) < 0 ||
	    (page + PAGE < size && set_slot(vm, 2, page + PAGE, size - page - PAGE, 0) < 0))
		return -1;
	return 0;
}

int gdb_watch_insert(struct gdb_vcpu *v, struct gdb_debug *d, const struct guest_paging *pg,
                     unsigned type, uint64_t va, uint64_t len)
{
	struct guest_walk w;
	if (d->watch.used || len == 0 || len > 8 || (va & (PAGE - 1)) + len > PAGE ||
	    guest_walk(&v->vm->mem, pg, va, &w) < 0 || !gpa_ptr(&v->vm->mem, w.gpa, len))
		return -1;
	if (lay_out(v->vm, w.gpa & ~(PAGE - 1)) < 0) {
		fail_errno("gdb: cannot make the watched page read-only");
		lay_out(v->vm, ~0ull);
		return -1;
	}
	d->watch =
	    (struct gdb_watch){.used = true, .type = type, .va = va, .gpa = w.gpa, .len = len};
	return 0;
}

int gdb_watch_remove(struct gdb_vcpu *v, struct gdb_debug *d, unsigned type, uint64_t va)
{
	if (!d->watch.used || d->watch.type != type || d->watch.va != va)
		return -1;
	d->watch.used = false;
	if (lay_out(v->vm, ~0ull) < 0)
		return fail_errno("gdb: cannot give the watched page back");
	return 0;
}

/* An MMIO write to the watched page: done here, as RAM would have taken
 * it. Returns 1 when it touched the watched bytes (the stub then stops
 * once KVM has completed the instruction), 0 when it was another write on
 * the page, -1 when the exit is not ours. */
int gdb_watch_mmio(struct gdb_vcpu *v, const struct gdb_debug *d)
{
	const struct kvm_run *run = v->cpu->run;
	uint64_t at = run->mmio.phys_addr, len = run->mmio.len;
	const struct gdb_watch *w = &d->watch;
	if (!w->used || !run->mmio.is_write || len > 8 ||
	    (at & ~(PAGE - 1)) != (w->gpa & ~(PAGE - 1)))
		return -1;
	uint8_t *p = gpa_ptr(&v->vm->mem, at, len);
	if (!p)
		return -1;
	memcpy(p, run->mmio.data, len);
	return at < w->gpa + w->len && w->gpa < at + len;
}
