/*
 * --profile[=HZ]: a sampling profiler of the guest. A CPU-time timer
 * (SIGPROF) kicks the vCPU out of KVM_RUN (core/kick.h); the kicked hook
 * then reads RIP. The signal lands on the thread that used the CPU time,
 * so every vCPU is sampled as much as it runs; a lock keeps the tables
 * whole. Kernel addresses are named from the kernel ELF's symbols
 * at once; user addresses are kept per program and named at the end
 * (profile_user.h). --profile-out FILE also writes folded stacks.
 */
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include "core/image.h"
#include "core/kernel_elf.h"
#include "core/kick.h"
#include "core/util.h"
#include "core/vm.h"
#include "observe/observers.h"
#include "observe/profile_user.h"
#include "observe/symbols.h"

#define TOP                15
#define PROFILE_HZ_DEFAULT 1000
#define PROFILE_HZ_MAX     100000

static struct profile {
	unsigned hz;        /* samples a second of CPU time; 0 = off */
	const char *folded; /* --profile-out: where to write folded stacks, or NULL */
	FILE *folded_file;  /* opened at set-up: the sandbox opens nothing */
	struct symbols kernel;
	uint64_t *hits;   /* per kernel symbol */
	uint64_t unknown; /* kernel addresses outside every symbol */
	uint64_t user;    /* user-mode addresses */
	uint64_t samples;
	uint64_t kernel_start; /* RIPs below it are user mode (x86-64 and i386 alike) */
	struct user_profile users;
	const struct image *image; /* the user programs' files are on its disk */
} prof;

static enum args_result take_profile(const char *hz)
{
	char *end = NULL;
	unsigned long v = hz ? strtoul(hz, &end, 10) : PROFILE_HZ_DEFAULT;
	if (hz && (*hz < '0' || *hz > '9' || *end || v == 0 || v > PROFILE_HZ_MAX)) {
		fail("bad --profile rate '%s' (1..%d samples a second)", hz, PROFILE_HZ_MAX);
		return ARGS_USAGE_ERROR;
	}
	prof.hz = (unsigned)v;
	return ARGS_RUN;
}

static enum args_result take_profile_out(const char *path)
{
	prof.folded = path;
	return ARGS_RUN;
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

/* Loads the kernel's symbols, opens the folded file and starts the timer.
 * The kernel's code starts at its lowest address; every user program's
 * lies below. */
static int profile_setup(struct vm *vm)
{
	struct profile *p = &prof;
	if (!p->hz)
		return PART_ABSENT;
	p->image = vm->image;
	p->kernel_start = vm->kernel->vstart;
	if (symbols_load(&p->kernel, vm->image->kernel, vm->image->kernel_size) < 0)
		return -1;
	p->hits = calloc(p->kernel.count + 1, sizeof(*p->hits));
	if (!p->hits)
		return fail("out of memory for the profile");
	if (p->folded && !(p->folded_file = fopen(p->folded, "w")))
		return fail_errno("--profile-out %s", p->folded);
	/* A buffer of our own: stdio then never sizes one with fstat, which the
	 * sandbox forbids, at the first write. */
	static char folded_buffer[BUFSIZ];
	if (p->folded_file)
		setvbuf(p->folded_file, folded_buffer, _IOFBF, sizeof(folded_buffer));
	if (kick_on_signal(SIGPROF, &profile_part) < 0 || set_timer(p->hz) < 0)
		return fail_errno("cannot start the profiling timer");
	return 0;
}

static pthread_mutex_t profile_lock = PTHREAD_MUTEX_INITIALIZER;

static void count_sample(struct profile *p, struct vm *vm, unsigned cpu, uint64_t rip)
{
	p->samples++;
	if (rip < p->kernel_start) {
		p->user++;
		user_profile_sample(&p->users, &vm->mem, cpu, rip);
		return;
	}
	const struct symbol *s = symbols_find(&p->kernel, rip);
	if (s)
		p->hits[s - p->kernel.sym]++;
	else
		p->unknown++;
}

/* On the sampled vCPU's own thread (the kicked hook). */
static void profile_sample(struct vm *vm)
{
	const struct vcpu *c = vcpu_self();
	struct kvm_regs regs;
	if (ioctl(c->fd, KVM_GET_REGS, &regs) < 0)
		return;
	pthread_mutex_lock(&profile_lock);
	count_sample(&prof, vm, c->id, regs.rip);
	pthread_mutex_unlock(&profile_lock);
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

/* Stops the timer, names the user programs' functions, prints the top
 * kernel and user functions and writes the folded file. */
static int profile_finish(struct vm *vm)
{
	(void)vm;
	struct profile *p = &prof;
	FILE *f = stderr;
	set_timer(0);
	uint64_t n = p->samples ? p->samples : 1;
	struct hit_list kernel = {0}, user = {0};
	fprintf(f, "== vmm profile: %llu samples ==\n", (unsigned long long)p->samples);
	fprintf(f, "  %6.2f%%  kernel mode\n", 100.0 * (double)(p->samples - p->user) / (double)n);
	fprintf(f, "  %6.2f%%  user mode\n", 100.0 * (double)p->user / (double)n);
	int r = kernel_hits(p, &kernel);
	if (r == 0)
		r = user_profile_resolve(&p->users, p->image, &user, f);
	if (r == 0) {
		print_top(f, "kernel functions", &kernel, n);
		print_top(f, "user functions (program:function)", &user, n);
		if (p->folded_file)
			r = write_folded(p->folded_file, p->folded, &kernel, &user);
		p->folded_file = NULL;
	}
	free(kernel.hit);
	free(user.hit);
	return r;
}

static void profile_teardown(struct vm *vm)
{
	(void)vm;
	struct profile *p = &prof;
	set_timer(0);
	if (p->folded_file)
		fclose(p->folded_file);
	p->folded_file = NULL;
	free(p->hits);
	p->hits = NULL;
	user_profile_free(&p->users);
	symbols_free(&p->kernel);
	p->samples = p->user = p->unknown = 0;
}

static const struct part_option profile_options[] = {
    {.name = "--profile",
     .kind = OPTION_OPTIONAL,
     .help = "      --profile[=HZ] sample the guest's RIP HZ times a second of CPU time\n"
             "                     (default 1000); print the top kernel and user functions\n",
     .take = take_profile},
    {.name = "--profile-out",
     .kind = OPTION_VALUE,
     .needs = "a FILE",
     .help = "      --profile-out FILE  also write the samples as folded stacks\n",
     .take = take_profile_out},
    {0},
};

const struct part profile_part = {
    .name = "profile",
    .options = profile_options,
    .setup = profile_setup,
    .kicked = profile_sample,
    .finish = profile_finish,
    .teardown = profile_teardown,
};
