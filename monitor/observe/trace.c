/* --trace FILE: every exit that reaches the monitor, one CSV record each,
 * with when it left the guest and how long the monitor took over it.
 * --trace-max N keeps the first N. The vcpu column says whose exit it was;
 * each vCPU's thread writes its own records, under a lock that keeps the
 * count and the records in order. */
#include <linux/kvm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/run.h"
#include "core/util.h"
#include "core/vm.h"
#include "observe/observers.h"

#define TRACE_BUFFER (1 << 20)

static struct trace {
	const char *path;
	uint64_t max; /* records to write at most (0: no limit) */
	FILE *f;
	char *buffer;
	uint64_t start_ns; /* when the guest first ran */
	uint64_t written, dropped;
} tr;

static enum args_result take_trace(const char *value)
{
	tr.path = value;
	return ARGS_RUN;
}

static enum args_result take_trace_max(const char *value)
{
	char *end;
	tr.max = strtoull(value, &end, 10);
	if (*value < '0' || *value > '9' || *end) {
		fail("bad --trace-max '%s' (a number of records)", value);
		return ARGS_USAGE_ERROR;
	}
	return ARGS_RUN;
}

/* The file is opened now: the sandbox opens nothing during the run. */
static int trace_setup(struct vm *vm)
{
	(void)vm;
	if (!tr.path)
		return PART_ABSENT;
	tr.f = fopen(tr.path, "w");
	if (!tr.f)
		return fail_errno("--trace %s", tr.path);
	/* A buffer of our own: stdio then never allocates one (or calls fstat
	 * to size it) at the first record, under the sandbox. */
	tr.buffer = malloc(TRACE_BUFFER);
	if (!tr.buffer)
		return fail("out of memory for the --trace buffer");
	setvbuf(tr.f, tr.buffer, _IOFBF, TRACE_BUFFER);
	fprintf(tr.f, "t_ns,vcpu,reason,port_or_addr,size,dir,value,handle_ns\n");
	return 0;
}

static void record(const struct vcpu *c, uint64_t t, uint64_t ns)
{
	const struct kvm_run *r = c->run;
	if (r->exit_reason == KVM_EXIT_IO) {
		uint32_t v = 0;
		memcpy(&v, (const uint8_t *)r + r->io.data_offset,
		       r->io.size <= 4 ? r->io.size : 4);
		fprintf(tr.f, "%llu,%u,IO,0x%x,%u,%s,0x%x,%llu\n", (unsigned long long)t, c->id,
		        r->io.port, r->io.size, r->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
		        v, (unsigned long long)ns);
	} else if (r->exit_reason == KVM_EXIT_MMIO) {
		uint64_t v = 0;
		memcpy(&v, r->mmio.data, r->mmio.len <= 8 ? r->mmio.len : 8);
		fprintf(tr.f, "%llu,%u,MMIO,0x%llx,%u,%s,0x%llx,%llu\n", (unsigned long long)t,
		        c->id, (unsigned long long)r->mmio.phys_addr, r->mmio.len,
		        r->mmio.is_write ? "out" : "in", (unsigned long long)v,
		        (unsigned long long)ns);
	} else {
		fprintf(tr.f, "%llu,%u,%s,,,,,%llu\n", (unsigned long long)t, c->id,
		        exit_reason_name(r->exit_reason), (unsigned long long)ns);
	}
}

static void trace_on_exit(struct vm *vm, const struct exit_times *t)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	(void)vm;
	pthread_mutex_lock(&lock);
	if (!tr.start_ns)
		tr.start_ns = t->entered_ns;
	if (tr.max && tr.written >= tr.max) {
		tr.dropped++;
	} else {
		/* Another vCPU's first record may have set the start after this
		 * exit: such an exit is at time 0. */
		uint64_t at = t->exited_ns > tr.start_ns ? t->exited_ns - tr.start_ns : 0;
		tr.written++;
		record(t->cpu, at, t->handled_ns - t->exited_ns);
	}
	pthread_mutex_unlock(&lock);
}

static void trace_report(const struct vm *vm, FILE *f)
{
	(void)vm;
	if (tr.dropped)
		fprintf(f, "trace: %llu records written, %llu left out (--trace-max)\n",
		        (unsigned long long)tr.written, (unsigned long long)tr.dropped);
}

static int trace_finish(struct vm *vm)
{
	(void)vm;
	int r = 0;
	if (tr.f && fclose(tr.f) != 0)
		r = fail_errno("--trace: write error");
	tr.f = NULL;
	return r;
}

static void trace_teardown(struct vm *vm)
{
	trace_finish(vm);
	free(tr.buffer);
	tr.buffer = NULL;
	tr.start_ns = tr.written = tr.dropped = 0;
}

static const struct part_option trace_options[] = {
    {.name = "--trace",
     .kind = OPTION_VALUE,
     .needs = "a value",
     .help = "      --trace FILE   write every exit that reaches the monitor to FILE (CSV)\n",
     .take = take_trace},
    {.name = "--trace-max",
     .kind = OPTION_VALUE,
     .needs = "a value",
     .help = "      --trace-max N  write at most N trace records\n",
     .take = take_trace_max},
    {0},
};

const struct part trace_part = {
    .name = "trace",
    .options = trace_options,
    .setup = trace_setup,
    .on_exit = trace_on_exit,
    .report = trace_report,
    .finish = trace_finish,
    .teardown = trace_teardown,
};
