/* Exit observation: handling-time histograms by exit reason and by device,
 * and the --trace file. */
#include "observe/observe.h"

#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/vm.h"

#define TRACE_BUFFER (1 << 20)

static const char *const reason_names[] = {
    [KVM_EXIT_UNKNOWN] = "UNKNOWN",
    [KVM_EXIT_IO] = "IO",
    [KVM_EXIT_MMIO] = "MMIO",
    [KVM_EXIT_HLT] = "HLT",
    [KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
    [KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
    [KVM_EXIT_INTR] = "INTR",
    [KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
    [KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
};

const char *exit_reason_name(uint32_t reason)
{
	if (reason < sizeof(reason_names) / sizeof(reason_names[0]) && reason_names[reason])
		return reason_names[reason];
	return "OTHER";
}

int observe_open(struct observer *o, const char *trace_path, uint64_t trace_max)
{
	*o = (struct observer){.trace_max = trace_max};
	if (trace_path) {
		o->trace = fopen(trace_path, "w");
		if (!o->trace)
			return fail_errno("--trace %s", trace_path);
		/* A buffer of our own: stdio then never allocates one (or calls
		 * fstat to size it) at the first record, under the sandbox. */
		o->trace_buffer = malloc(TRACE_BUFFER);
		if (!o->trace_buffer)
			return fail("out of memory for the --trace buffer");
		setvbuf(o->trace, o->trace_buffer, _IOFBF, TRACE_BUFFER);
		fprintf(o->trace, "t_ns,vcpu,reason,port_or_addr,size,dir,value,handle_ns\n");
	}
	o->start_ns = now_ns();
	return 0;
}

static void trace_record(struct observer *o, struct kvm_run *r, uint64_t t, uint64_t ns)
{
	if (o->trace_max && o->trace_written >= o->trace_max) {
		o->trace_dropped++;
		return;
	}
	o->trace_written++;
	if (r->exit_reason == KVM_EXIT_IO) {
		uint32_t v = 0;
		memcpy(&v, (uint8_t *)r + r->io.data_offset, r->io.size <= 4 ? r->io.size : 4);
		fprintf(o->trace, "%llu,0,IO,0x%x,%u,%s,0x%x,%llu\n", (unsigned long long)t,
		        r->io.port, r->io.size, r->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
		        v, (unsigned long long)ns);
	} else if (r->exit_reason == KVM_EXIT_MMIO) {
		uint64_t v = 0;
		memcpy(&v, r->mmio.data, r->mmio.len <= 8 ? r->mmio.len : 8);
		fprintf(o->trace, "%llu,0,MMIO,0x%llx,%u,%s,0x%llx,%llu\n", (unsigned long long)t,
		        (unsigned long long)r->mmio.phys_addr, r->mmio.len,
		        r->mmio.is_write ? "out" : "in", (unsigned long long)v,
		        (unsigned long long)ns);
	} else {
		fprintf(o->trace, "%llu,0,%s,,,,,%llu\n", (unsigned long long)t,
		        exit_reason_name(r->exit_reason), (unsigned long long)ns);
	}
}

void observe_exit(struct observer *o, struct vm *vm, uint64_t exit_ns, uint64_t handled_ns)
{
	struct kvm_run *r = vm->run;
	uint64_t ns = handled_ns - exit_ns;
	o->handle_ns += ns;
	o->exits++;
	if (r->exit_reason < OBSERVE_REASONS)
		latency_add(&o->by_reason[r->exit_reason], ns);
	if (r->exit_reason == KVM_EXIT_IO)
		latency_add(&o->by_device[vm->io.slot[r->io.port]], ns);
	if (o->trace)
		trace_record(o, r, exit_ns - o->start_ns, ns);
}

int observe_close(struct observer *o)
{
	int r = 0;
	if (o->trace && fclose(o->trace) != 0)
		r = fail_errno("--trace: write error");
	o->trace = NULL;
	free(o->trace_buffer);
	o->trace_buffer = NULL;
	return r;
}
