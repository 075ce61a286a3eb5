#include "profile.h"

#include <linux/kvm.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include "util.h"
#include "vm.h"

#define TOP 15

static volatile sig_atomic_t sample_due;
static struct kvm_run *volatile kicked_run;

/* kicked_run is NULL once the profile is finished: a late signal then
 * touches nothing (the handler stays, as the sandbox forbids changing it). */
static void on_sigprof(int sig)
{
	(void)sig;
	struct kvm_run *run = kicked_run;
	sample_due = 1;
	if (run)
		run->immediate_exit = 1;
}

static int set_timer(unsigned hz)
{
	struct itimerval it = {0};
	if (hz) {
		it.it_interval.tv_usec = (suseconds_t)(1000000 / hz);
		it.it_value = it.it_interval;
	}
	return setitimer(ITIMER_PROF, &it, NULL);
}

int profile_start(struct profile *p, struct vm *vm, unsigned hz, uint8_t *kernel, size_t len,
                  const char *folded)
{
	*p = (struct profile){.folded = folded};
	if (symbols_load(&p->kernel, kernel, len) < 0)
		return -1;
	p->hits = calloc(p->kernel.count + 1, sizeof(*p->hits));
	if (!p->hits)
		return fail("out of memory for the profile");
	if (folded && !(p->folded_file = fopen(folded, "w")))
		return fail_errno("--profile-out %s", folded);
	/* A buffer of our own: stdio then never sizes one with fstat, which the
	 * sandbox forbids, at the first write. */
	static char folded_buffer[BUFSIZ];
	if (p->folded_file)
		setvbuf(p->folded_file, folded_buffer, _IOFBF, sizeof(folded_buffer));
	kicked_run = vm->run;
	struct sigaction sa = {.sa_handler = on_sigprof, .sa_flags = SA_RESTART};
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPROF, &sa, NULL) < 0 || set_timer(hz) < 0)
		return fail_errno("cannot start the profiling timer");
	return 0;
}

void profile_poll(struct profile *p, struct vm *vm)
{
	if (!sample_due)
		return;
	sample_due = 0;
	vm->run->immediate_exit = 0;
	struct kvm_regs regs;
	if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &regs) < 0)
		return;
	p->samples++;
	if (regs.rip < 0x800000000000ull) {
		p->user++;
		return;
	}
	const struct symbol *s = symbols_find(&p->kernel, regs.rip);
	if (s)
		p->hits[s - p->kernel.sym]++;
	else
		p->unknown++;
}

static int write_folded(const struct profile *p)
{
	FILE *f = p->folded_file;
	for (size_t i = 0; i < p->kernel.count; i++)
		if (p->hits[i])
			fprintf(f, "kernel;%s %llu\n", p->kernel.sym[i].name,
			        (unsigned long long)p->hits[i]);
	if (p->unknown)
		fprintf(f, "kernel;[unknown] %llu\n", (unsigned long long)p->unknown);
	if (p->user)
		fprintf(f, "user %llu\n", (unsigned long long)p->user);
	if (fclose(f) != 0)
		return fail_errno("--profile-out %s", p->folded);
	return 0;
}

/* Index of the symbol with the most hits not yet printed, or -1. */
static long next_top(const struct profile *p, const uint8_t *done)
{
	long best = -1;
	for (size_t i = 0; i < p->kernel.count; i++)
		if (!done[i] && p->hits[i] && (best < 0 || p->hits[i] > p->hits[best]))
			best = (long)i;
	return best;
}

int profile_finish(struct profile *p, FILE *f)
{
	set_timer(0);
	kicked_run = NULL;
	double n = p->samples ? (double)p->samples : 1.0;
	fprintf(f, "== vmm profile: %llu samples ==\n", (unsigned long long)p->samples);
	fprintf(f, "  %6.2f%%  user mode\n", 100.0 * (double)p->user / n);
	fprintf(f, "  %6.2f%%  kernel, outside any function\n", 100.0 * (double)p->unknown / n);
	uint8_t *done = calloc(p->kernel.count + 1, 1);
	for (int shown = 0; done && shown < TOP; shown++) {
		long i = next_top(p, done);
		if (i < 0)
			break;
		done[i] = 1;
		fprintf(f, "  %6.2f%%  %s\n", 100.0 * (double)p->hits[i] / n,
		        p->kernel.sym[i].name);
	}
	free(done);
	int r = p->folded ? write_folded(p) : 0;
	free(p->hits);
	symbols_free(&p->kernel);
	return r;
}
