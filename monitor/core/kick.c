#include "core/kick.h"

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

#include "core/part.h"
#include "core/util.h"

/* The signal threads kick each other with (the console's reader, a vCPU
 * that ends the run). */
#define KICK_SIGNAL SIGUSR2

/* The thread's own vCPU: read by the signal handler, which is
 * async-signal-safe for the executable's own thread-local variables. */
static _Thread_local struct vcpu *self;
static struct vm *_Atomic kick_vm; /* NULL once the run is over */
/* The part bit each caught signal stands for. */
static unsigned signal_parts[NSIG];

static void poke(struct vcpu *c, unsigned parts)
{
	if (parts)
		atomic_fetch_or(&c->kick_parts, parts);
	c->run->immediate_exit = 1;
}

/* The vCPU a request goes to: the caller's own, else CPU 0. */
static struct vcpu *target(struct vm *vm)
{
	return self ? self : &vm->cpu[0];
}

/* A kick from another thread (the bit already set), or a signal a part
 * registered: both only need the vCPU out of KVM_RUN. A part's signal that
 * lands on a thread with no vCPU is passed on to CPU 0. */
static void on_signal(int sig)
{
	struct vm *vm = atomic_load(&kick_vm);
	if (!vm)
		return;
	unsigned parts = sig > 0 && sig < NSIG ? signal_parts[sig] : 0;
	struct vcpu *c = target(vm);
	poke(c, parts);
	if (!self && parts && atomic_load(&c->has_thread))
		pthread_kill(c->thread, KICK_SIGNAL);
}

static int catch_signal(int sig)
{
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		return fail_errno("cannot catch signal %d", sig);
	return 0;
}

void kick_attach(struct vcpu *c)
{
	c->thread = pthread_self();
	atomic_store(&c->has_thread, true);
	self = c;
}

struct vcpu *vcpu_self(void)
{
	return self;
}

int kick_setup(struct vm *vm)
{
	kick_attach(&vm->cpu[0]);
	atomic_store(&kick_vm, vm);
	return catch_signal(KICK_SIGNAL);
}

int kick_on_signal(int sig, const struct part *p)
{
	if (sig <= 0 || sig >= NSIG || sig == KICK_SIGNAL)
		return fail("internal error: signal %d cannot kick", sig);
	signal_parts[sig] = 1u << part_index(p);
	return catch_signal(sig);
}

void kick_vcpu(struct vcpu *c, const struct part *p)
{
	if (!atomic_load(&kick_vm))
		return;
	poke(c, 1u << part_index(p));
	if (c != self && atomic_load(&c->has_thread))
		pthread_kill(c->thread, KICK_SIGNAL);
}

void kick_request(const struct part *p)
{
	struct vm *vm = atomic_load(&kick_vm);
	if (vm)
		kick_vcpu(target(vm), p);
}

void kick_others(struct vm *vm)
{
	if (!atomic_load(&kick_vm))
		return;
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct vcpu *c = &vm->cpu[i];
		if (c == self || !atomic_load(&c->has_thread))
			continue;
		poke(c, 0);
		pthread_kill(c->thread, KICK_SIGNAL);
	}
}

void kick_stop(void)
{
	atomic_store(&kick_vm, NULL);
}

/* immediate_exit is cleared before the requests are taken: a request that
 * comes in between sets it again, and the next KVM_RUN returns at once. */
void kick_dispatch(struct vcpu *c)
{
	c->run->immediate_exit = 0;
	unsigned asked = atomic_exchange(&c->kick_parts, 0);
	const struct part *const *all = parts_all();
	for (unsigned i = 0; i < parts_count(); i++)
		if ((asked & (1u << i)) && all[i]->kicked)
			all[i]->kicked(c->vm);
}
