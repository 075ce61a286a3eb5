#include "core/kick.h"

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

#include "core/part.h"
#include "core/util.h"
#include "core/vm.h"

/* The signal another thread kicks with (the console's reader). */
#define KICK_SIGNAL SIGUSR2

atomic_uint kick_pending_parts;

static struct kvm_run *_Atomic kick_run;
static pthread_t vcpu_thread;
static bool have_vcpu_thread;
/* The part bit each caught signal stands for. */
static unsigned signal_parts[NSIG];

/* Either a kick_request from another thread (its bit already set) or a
 * signal a part registered: both only need the vCPU out of KVM_RUN. */
static void on_signal(int sig)
{
	if (sig > 0 && sig < NSIG && signal_parts[sig])
		atomic_fetch_or(&kick_pending_parts, signal_parts[sig]);
	struct kvm_run *run = atomic_load(&kick_run);
	if (run)
		run->immediate_exit = 1;
}

static int catch_signal(int sig)
{
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		return fail_errno("cannot catch signal %d", sig);
	return 0;
}

int kick_setup(struct vm *vm)
{
	vcpu_thread = pthread_self();
	have_vcpu_thread = true;
	atomic_store(&kick_run, vm->run);
	return catch_signal(KICK_SIGNAL);
}

int kick_on_signal(int sig, const struct part *p)
{
	if (sig <= 0 || sig >= NSIG || sig == KICK_SIGNAL)
		return fail("internal error: signal %d cannot kick", sig);
	signal_parts[sig] = 1u << part_index(p);
	return catch_signal(sig);
}

void kick_request(const struct part *p)
{
	atomic_fetch_or(&kick_pending_parts, 1u << part_index(p));
	struct kvm_run *run = atomic_load(&kick_run);
	if (run)
		run->immediate_exit = 1;
	if (have_vcpu_thread && !pthread_equal(pthread_self(), vcpu_thread))
		pthread_kill(vcpu_thread, KICK_SIGNAL);
}

void kick_stop(void)
{
	atomic_store(&kick_run, NULL);
}

/* immediate_exit is cleared before the requests are taken: a request that
 * comes in between sets it again, and the next KVM_RUN returns at once. */
void kick_dispatch(struct vm *vm)
{
	vm->run->immediate_exit = 0;
	unsigned asked = atomic_exchange(&kick_pending_parts, 0);
	const struct part *const *all = parts_all();
	for (unsigned i = 0; i < parts_count(); i++)
		if ((asked & (1u << i)) && all[i]->kicked)
			all[i]->kicked(vm);
}
