/*
 * The monitor's host counters (VMM_PORT_COUNTERS) for user programs
 * (SYS_counters): the exits, port accesses and emulated kernel
 * instructions of the run so far and the host's clock, so a benchmark can
 * report its own cost per operation. Another hypervisor has no such
 * device: the call then fails, and benchmarks print n/a.
 */
#include "defs.h"
#include "memlayout.h"
#include "spinlock.h"
#include "x86.h"

static int present;
/* The OUT carries 32 bits, so the snapshot lies in the kernel image, below
 * 4 GiB; the lock gives each caller the whole snapshot it asked for. */
static struct vmm_counters snap;
static struct spinlock lock = SPINLOCK_INIT("counters");

void counters_init(const struct vmm_boot_info *bi)
{
	present = (bi->devices & VMM_DEV_COUNTERS) != 0;
}

/* counters(struct vmm_counters *buf): 0, or -1 without the device or when
 * the monitor could not read KVM's statistics. */
long sys_counters(void)
{
	uint64_t buf = argraw(0);
	long r;

	if (!present)
		return -1;
	acquire(&lock);
	snap.status = VMM_STATUS_EINVAL; /* what is left if the monitor ignored the request */
	outl(VMM_PORT_COUNTERS, (uint32_t)v2p(&snap));
	r = snap.status == VMM_STATUS_OK ? copyout(buf, &snap, sizeof snap) : -1;
	release(&lock);
	return r;
}
