/* VM creation. The split irqchip gives the guest a LAPIC in the host kernel
 * (timer and interrupts without exits) at a fraction of the full irqchip's
 * set-up cost; the monitor emulates no PIC, IOAPIC or PIT. */
#include "core/kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/util.h"
#include "core/vm.h"

#define CPUID_MAX_ENTRIES 256
#define IOAPIC_ROUTES     24

static const struct {
	int cap;
	const char *name;
} required_caps[] = {
    {KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
    {KVM_CAP_SPLIT_IRQCHIP, "KVM_CAP_SPLIT_IRQCHIP"},
    {KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID"},
    {KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT"},
};

bool kvm_is_pvm(void)
{
	return access("/sys/module/kvm_pvm", F_OK) == 0;
}

int kvm_open(struct vm *vm)
{
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		if (errno == ENOENT)
			return fail(
			    "/dev/kvm does not exist: this host has no KVM (load kvm_intel "
			    "or kvm_amd, or run through the KVM box: scripts/kvmbox run ARGS)");
		return fail_errno("cannot open /dev/kvm");
	}
	int version = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION)
		return fail("KVM API version %d, need %d", version, KVM_API_VERSION);
	for (unsigned i = 0; i < sizeof(required_caps) / sizeof(required_caps[0]); i++)
		if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, required_caps[i].cap) <= 0)
			return fail("KVM lacks a capability the monitor needs: %s",
			            required_caps[i].name);
	vm->emulated = kvm_is_pvm();
	return 0;
}

static int enable_split_irqchip(struct vm *vm)
{
	struct kvm_enable_cap cap = {.cap = KVM_CAP_SPLIT_IRQCHIP, .args = {IOAPIC_ROUTES}};
	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) < 0)
		return fail_errno("KVM_ENABLE_CAP(KVM_CAP_SPLIT_IRQCHIP)");
	return 0;
}

static int set_memory(struct vm *vm, uint64_t ram_size)
{
	if (guest_mem_map(&vm->mem, ram_size) < 0)
		return -1;
	struct kvm_userspace_memory_region region = {
	    .slot = 0,
	    .guest_phys_addr = 0,
	    .memory_size = ram_size,
	    .userspace_addr = (uintptr_t)vm->mem.host,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail_errno("KVM_SET_USER_MEMORY_REGION (%llu MiB)",
		                  (unsigned long long)(ram_size >> 20));
	return 0;
}

/* The guest sees what the host's KVM supports, so it can find x2APIC, NX
 * and the rest through CPUID. */
static int set_cpuid(struct vm *vm)
{
	size_t sz = sizeof(struct kvm_cpuid2) + CPUID_MAX_ENTRIES * sizeof(struct kvm_cpuid_entry2);
	struct kvm_cpuid2 *cpuid = calloc(1, sz);
	if (!cpuid)
		return fail("out of memory");
	cpuid->nent = CPUID_MAX_ENTRIES;
	int r = ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid);
	if (r < 0)
		fail_errno("KVM_GET_SUPPORTED_CPUID");
	else if ((r = ioctl(vm->vcpu_fd, KVM_SET_CPUID2, cpuid)) < 0)
		fail_errno("KVM_SET_CPUID2");
	free(cpuid);
	return r < 0 ? -1 : 0;
}

static int create_vcpu(struct vm *vm)
{
	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0)
		return fail_errno("KVM_CREATE_VCPU");
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size < (int)sizeof(struct kvm_run))
		return fail_errno("KVM_GET_VCPU_MMAP_SIZE");
	vm->run =
	    mmap(NULL, (size_t)vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		vm->run = NULL;
		return fail_errno("cannot map the vCPU's kvm_run");
	}
	return set_cpuid(vm);
}

/* KVM_CREATE_VM registers an MMU notifier, which takes a lock on every
 * mapping of the process and gives up with EINTR when a signal is pending;
 * a slow host (the KVM box, under ASan's large mappings) and a caught
 * SIGUSR1 (--stats) make that likely. Signals wait until it is done: a
 * SIGINT or SIGTERM then acts a moment later. */
static int create_vm_fd(struct vm *vm)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	int err = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return vm->vm_fd;
}

int kvm_create_vm(struct vm *vm, uint64_t ram_size)
{
	if (create_vm_fd(vm) < 0)
		return fail_errno("KVM_CREATE_VM");
	if (enable_split_irqchip(vm) < 0 || set_memory(vm, ram_size) < 0)
		return -1;
	return create_vcpu(vm);
}

int kvm_get_sregs(struct vm *vm, struct kvm_sregs *sregs)
{
	if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, sregs) < 0)
		return fail_errno("KVM_GET_SREGS");
	return 0;
}

int kvm_set_state(struct vm *vm, const struct kvm_regs *regs, const struct kvm_sregs *sregs)
{
	if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, sregs) < 0)
		return fail_errno("KVM_SET_SREGS (entry state refused)");
	if (ioctl(vm->vcpu_fd, KVM_SET_REGS, regs) < 0)
		return fail_errno("KVM_SET_REGS");
	return 0;
}

uint64_t kvm_tsc_khz(struct vm *vm)
{
	int khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
	return khz > 0 ? (uint64_t)khz : 0;
}

void kvm_close(struct vm *vm)
{
	if (vm->run)
		munmap(vm->run, (size_t)vm->run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	guest_mem_unmap(&vm->mem);
}
