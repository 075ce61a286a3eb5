/* VM creation. The split irqchip gives the guest a LAPIC in the host kernel
 * (timer and interrupts without exits) at a fraction of the full irqchip's
 * set-up cost; the monitor emulates no PIC, IOAPIC or PIT. */
#include "core/kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
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

/* What the host's KVM supports, fetched once; each vCPU gets a copy with
 * its own APIC ID. */
static struct kvm_cpuid2 *supported_cpuid;

static int get_supported_cpuid(struct vm *vm)
{
	size_t sz = sizeof(struct kvm_cpuid2) + CPUID_MAX_ENTRIES * sizeof(struct kvm_cpuid_entry2);
	supported_cpuid = calloc(1, sz);
	if (!supported_cpuid)
		return fail("out of memory");
	supported_cpuid->nent = CPUID_MAX_ENTRIES;
	if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, supported_cpuid) < 0)
		return fail_errno("KVM_GET_SUPPORTED_CPUID");
	return 0;
}

/* KVM reports no APIC ID in CPUID: the initial APIC ID (leaf 1), the
 * x2APIC ID (leaves 0xB and 0x1F, every subleaf) and AMD's extended APIC
 * ID (0x8000001E) are the vCPU's own. */
static void set_apic_id(struct kvm_cpuid2 *cpuid, unsigned id)
{
	for (uint32_t i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];
		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffffu) | id << 24;
		else if (e->function == 0xb || e->function == 0x1f)
			e->edx = id;
		else if (e->function == 0x8000001eu)
			e->eax = id;
	}
}

/* The guest sees what the host's KVM supports, so it can find x2APIC, NX
 * and the rest through CPUID. */
int kvm_vcpu_init(struct vcpu *c)
{
	size_t sz =
	    sizeof(struct kvm_cpuid2) + supported_cpuid->nent * sizeof(struct kvm_cpuid_entry2);
	struct kvm_cpuid2 *cpuid = malloc(sz);
	if (!cpuid)
		return fail("out of memory");
	memcpy(cpuid, supported_cpuid, sz);
	set_apic_id(cpuid, c->id);
	int r = ioctl(c->fd, KVM_SET_CPUID2, cpuid);
	free(cpuid);
	if (r < 0)
		return fail_errno("KVM_SET_CPUID2 (vCPU %u)", c->id);
	return 0;
}

/* vCPU i has KVM id (and local APIC ID) i. */
static int create_vcpu(struct vm *vm, unsigned id)
{
	struct vcpu *c = &vm->cpu[id];
	*c = (struct vcpu){.vm = vm, .id = id, .fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id)};
	if (c->fd < 0)
		return fail_errno("KVM_CREATE_VCPU (vCPU %u)", id);
	vm->ncpus = id + 1; /* kvm_close closes it from here on */
	c->run = mmap(NULL, (size_t)vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (c->run == MAP_FAILED) {
		c->run = NULL;
		return fail_errno("cannot map the kvm_run of vCPU %u", id);
	}
	return 0;
}

static int create_vcpus(struct vm *vm, unsigned ncpus)
{
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size < (int)sizeof(struct kvm_run))
		return fail_errno("KVM_GET_VCPU_MMAP_SIZE");
	if (get_supported_cpuid(vm) < 0)
		return -1;
	for (unsigned i = 0; i < ncpus; i++)
		if (create_vcpu(vm, i) < 0)
			return -1;
	return kvm_vcpu_init(&vm->cpu[0]); /* the caller runs CPU 0 */
}

unsigned kvm_max_vcpus(struct vm *vm)
{
	int n = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
	if (n <= 0)
		n = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
	return n > 0 ? (unsigned)n : 1;
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

int kvm_create_vm(struct vm *vm, uint64_t ram_size, unsigned ncpus)
{
	if (create_vm_fd(vm) < 0)
		return fail_errno("KVM_CREATE_VM");
	unsigned max = kvm_max_vcpus(vm);
	if (ncpus > max)
		return fail("--cpus %u: this host's KVM runs at most %u vCPUs", ncpus, max);
	if (enable_split_irqchip(vm) < 0 || set_memory(vm, ram_size) < 0)
		return -1;
	return create_vcpus(vm, ncpus);
}

int kvm_get_sregs(struct vcpu *c, struct kvm_sregs *sregs)
{
	if (ioctl(c->fd, KVM_GET_SREGS, sregs) < 0)
		return fail_errno("KVM_GET_SREGS");
	return 0;
}

int kvm_set_state(struct vcpu *c, const struct kvm_regs *regs, const struct kvm_sregs *sregs)
{
	if (ioctl(c->fd, KVM_SET_SREGS, sregs) < 0)
		return fail_errno("KVM_SET_SREGS (entry state refused)");
	if (ioctl(c->fd, KVM_SET_REGS, regs) < 0)
		return fail_errno("KVM_SET_REGS");
	return 0;
}

uint64_t kvm_tsc_khz(struct vm *vm)
{
	int khz = ioctl(vm->cpu[0].fd, KVM_GET_TSC_KHZ, 0);
	return khz > 0 ? (uint64_t)khz : 0;
}

void kvm_close(struct vm *vm)
{
	for (unsigned i = 0; i < vm->ncpus; i++) {
		if (vm->cpu[i].run)
			munmap(vm->cpu[i].run, (size_t)vm->run_size);
		close(vm->cpu[i].fd);
	}
	vm->ncpus = 0;
	free(supported_cpuid);
	supported_cpuid = NULL;
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	guest_mem_unmap(&vm->mem);
}
