/* CPUs 1..ncpus-1. The monitor builds their boot state itself, so there is
 * no INIT/SIPI and no real-mode trampoline: each CPU's thread sets its
 * CPUID and segment registers at set-up (vCPU ioctls come from the thread
 * that runs the vCPU), marks it runnable, and waits on a condition variable.
 * A start request hands it entry, stack and argument under the lock; the
 * thread sets its general registers and enters the run loop. When the run
 * ends, the vCPU that ended it kicks the running ones out of KVM_RUN
 * (core/kick.c) and the waiting ones are woken here. */
#include "core/cpus.h"

#include <errno.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/boot.h"
#include "core/kick.h"
#include "core/kvm.h"
#include "core/part.h"
#include "core/run.h"
#include "core/util.h"
#include "core/vm.h"

enum ap_state { AP_NONE, AP_WAITING, AP_FAILED, AP_STARTING };

struct ap {
	struct vcpu *c;
	enum ap_state state;  /* under lock */
	struct kvm_regs regs; /* AP_STARTING: what the kernel asked for */
	pthread_t thread;
	bool joinable;
};

static struct ap aps[VMM_CPUS_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static bool boot_i386;

/* The vCPU's boot segments, and runnable: KVM keeps a vCPU other than 0
 * waiting for INIT/SIPI otherwise. */
static int prepare(struct vcpu *c)
{
	struct kvm_sregs sregs;
	struct kvm_mp_state mp = {.mp_state = KVM_MP_STATE_RUNNABLE};
	if (kvm_vcpu_init(c) < 0 || kvm_get_sregs(c, &sregs) < 0)
		return -1;
	boot_cpu_sregs(boot_i386, &sregs);
	if (ioctl(c->fd, KVM_SET_SREGS, &sregs) < 0)
		return fail_errno("KVM_SET_SREGS (vCPU %u)", c->id);
	if (ioctl(c->fd, KVM_SET_MP_STATE, &mp) < 0)
		return fail_errno("KVM_SET_MP_STATE (vCPU %u)", c->id);
	return 0;
}

static void set_state(struct ap *a, enum ap_state s)
{
	pthread_mutex_lock(&lock);
	a->state = s;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

/* Waits for the start or the end of the run; true to start. */
static bool wait_start(struct ap *a)
{
	pthread_mutex_lock(&lock);
	while (a->state == AP_WAITING && !a->c->vm->stop)
		pthread_cond_wait(&changed, &lock);
	bool go = a->state == AP_STARTING && !a->c->vm->stop;
	pthread_mutex_unlock(&lock);
	return go;
}

/* A waiting CPU's thread blocks every signal but the sandbox's: a signal
 * sent to the whole process (SIGUSR1, SIGPROF) then goes to a thread that
 * runs a vCPU, instead of kicking one that is not running. A kick sent to
 * this very thread waits, harmless, until the CPU runs. */
static void block_signals(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	sigdelset(&all, SIGSYS);
	pthread_sigmask(SIG_BLOCK, &all, old);
}

static void *ap_main(void *arg)
{
	struct ap *a = arg;
	struct vcpu *c = a->c;
	sigset_t old;
	block_signals(&old);
	kick_attach(c);
	if (prepare(c) < 0) {
		set_state(a, AP_FAILED);
		return NULL;
	}
	set_state(a, AP_WAITING);
	if (!wait_start(a))
		return NULL;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ioctl(c->fd, KVM_SET_REGS, &a->regs) < 0) {
		fail_errno("KVM_SET_REGS (starting vCPU %u)", c->id);
		vm_stop(c->vm, VMM_EXIT_CRASH);
		kick_others(c->vm);
		return NULL;
	}
	parts_cpu_started(c->vm);
	run_vcpu(c);
	return NULL;
}

static int start_thread(struct vm *vm, unsigned id)
{
	struct ap *a = &aps[id];
	*a = (struct ap){.c = &vm->cpu[id], .state = AP_NONE};
	int err = pthread_create(&a->thread, NULL, ap_main, a);
	if (err) {
		errno = err;
		return fail_errno("cannot start the thread of vCPU %u", id);
	}
	a->joinable = true;
	return 0;
}

int cpus_setup(struct vm *vm, bool i386)
{
	boot_i386 = i386;
	for (unsigned id = 1; id < vm->ncpus; id++)
		if (start_thread(vm, id) < 0)
			return -1;
	int r = 0;
	pthread_mutex_lock(&lock);
	for (unsigned id = 1; id < vm->ncpus; id++) {
		while (aps[id].state == AP_NONE)
			pthread_cond_wait(&changed, &lock);
		if (aps[id].state == AP_FAILED)
			r = -1;
	}
	pthread_mutex_unlock(&lock);
	return r;
}

uint32_t cpus_start(struct vm *vm, const struct vmm_cpu_start *req)
{
	if (req->cpu == 0 || req->cpu >= vm->ncpus)
		return VMM_STATUS_EINVAL;
	struct ap *a = &aps[req->cpu];
	uint32_t status = VMM_STATUS_EINVAL;
	pthread_mutex_lock(&lock);
	if (a->state == AP_WAITING) {
		a->regs = boot_ap_regs(req);
		a->state = AP_STARTING;
		pthread_cond_broadcast(&changed);
		status = VMM_STATUS_OK;
	}
	pthread_mutex_unlock(&lock);
	return status;
}

/* stop is set before the broadcast, under the lock: no waiter misses it. */
void cpus_join(struct vm *vm)
{
	pthread_mutex_lock(&lock);
	vm_stop(vm, VMM_EXIT_ERROR); /* keeps the status of a run that ended */
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	kick_others(vm);
	for (unsigned id = 1; id < VMM_CPUS_MAX; id++) {
		if (aps[id].joinable)
			pthread_join(aps[id].thread, NULL);
		aps[id].joinable = false;
	}
}

int cpus_run(struct vm *vm)
{
	run_vcpu(&vm->cpu[0]);
	cpus_join(vm);
	return vm->exit_code;
}
