#include "observe/profile.h"

#include <linux/kvm.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include "core/util.h"
#include "core/vm.h"

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
                  uint64_t kernel_start, const char *folded)
{
	*p = (struct profile){.folded = folded, .disk = &vm->disk, .kernel_start = kernel_start};
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
	if (regs.rip < p->kernel_start) {
		p->user++;
		user_profile_sample(&p->users, &vm->mem, regs.rip);
		return;
	}
	const struct symbol *s = symbols_find(&p->kernel, regs.rip);
	if (s)
		p->hits[s - p->kernel.sym]++;
	else
		p->unknown++;
}

/* One hit per kernel function sampled, and one for the rest. */
static int kernel_hits(const struct profile *p, struct hit_list *l)
{
	for (size_t i = 0; i < p->kernel.count; i++)
		if (p->hits[i] && hits_add(l, NULL, p->kernel.sym[i].name, p->hits[i]) < 0)
			return -1;
	return p->unknown ? hits_add(l, NULL, "[unknown]", p->unknown) : 0;
}

static int by_count(const void *a, const void *b)
{
	const struct profile_hit *x = a, *y = b;
	return x->count > y->count ? -1 : x->count < y->count;
}

/* The TOP functions with the most samples, as program:function for user
 * mode. */
static void print_top(FILE *f, const char *title, struct hit_list *l, uint64_t samples)
{
	if (l->n) /* an empty list has no array: qsort must not see NULL */
		qsort(l->hit, l->n, sizeof(*l->hit), by_count);
	fprintf(f, "top %s:\n", title);
	for (size_t i = 0; i < l->n && i < TOP; i++) {
		const struct profile_hit *h = &l->hit[i];
		fprintf(f, "  %6.2f%%  %s%s%s\n", 100.0 * (double)h->count / (double)samples,
		        h->prog ? h->prog : "", h->prog ? ":" : "", h->func);
	}
}

/* Folded stacks, one line per function: kernel;FUNCTION N and
 * user;PROGRAM;FUNCTION N (flamegraph.pl, inferno, speedscope read them). */
static void fold(FILE *out, const char *root, const struct hit_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct profile_hit *h = &l->hit[i];
		fprintf(out, "%s;%s%s%s %llu\n", root, h->prog ? h->prog : "", h->prog ? ";" : "",
		        h->func, (unsigned long long)h->count);
	}
}

/* The file was opened at the start: the sandbox opens nothing. */
static int write_folded(FILE *out, const char *path, const struct hit_list *kernel,
                        const struct hit_list *user)
{
	fold(out, "kernel", kernel);
	fold(out, "user", user);
	if (fclose(out) != 0)
		return fail_errno("--profile-out %s", path);
	return 0;
}

int profile_finish(struct profile *p, FILE *f)
{
	set_timer(0);
	kicked_run = NULL;
	uint64_t n = p->samples ? p->samples : 1;
	struct hit_list kernel = {0}, user = {0};
	fprintf(f, "== vmm profile: %llu samples ==\n", (unsigned long long)p->samples);
	fprintf(f, "  %6.2f%%  kernel mode\n", 100.0 * (double)(p->samples - p->user) / (double)n);
	fprintf(f, "  %6.2f%%  user mode\n", 100.0 * (double)p->user / (double)n);
	int r = kernel_hits(p, &kernel);
	if (r == 0)
		r = user_profile_resolve(&p->users, p->disk, &user, f);
	if (r == 0) {
		print_top(f, "kernel functions", &kernel, n);
		print_top(f, "user functions (program:function)", &user, n);
		if (p->folded_file)
			r = write_folded(p->folded_file, p->folded, &kernel, &user);
	}
	free(kernel.hit);
	free(user.hit);
	free(p->hits);
	user_profile_free(&p->users);
	symbols_free(&p->kernel);
	return r;
}
