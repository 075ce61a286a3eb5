/* The host-counter device on a fake VM (no vCPU, so KVM's statistics read
 * VMM_COUNTER_NONE): exact counts of exits and port accesses, and every
 * kind of bad request refused (the bus counts it) with guest RAM left byte
 * for byte as it was. */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "devices/devices.h"
#include "core/vm.h"
#include "vmm_abi.h"
#include "../guests/counters.h"

/* The assembly test guest's offsets are the struct's. */
_Static_assert(offsetof(struct vmm_counters, status) == CTR_STATUS, "status");
_Static_assert(offsetof(struct vmm_counters, host_ns) == CTR_HOST_NS, "host_ns");
_Static_assert(offsetof(struct vmm_counters, insn_emulation) == CTR_INSN, "insn");
_Static_assert(offsetof(struct vmm_counters, kvm_exits) == CTR_KVM_EXITS, "kvm_exits");
_Static_assert(offsetof(struct vmm_counters, exits) == CTR_EXITS, "exits");
_Static_assert(offsetof(struct vmm_counters, io_exits) == CTR_IO_EXITS, "io_exits");
_Static_assert(offsetof(struct vmm_counters, mmio_exits) == CTR_MMIO_EXITS, "mmio_exits");
_Static_assert(offsetof(struct vmm_counters, port_io) == CTR_PORT_IO, "port_io");
_Static_assert(offsetof(struct vmm_counters, unclaimed_io) == CTR_UNCLAIMED, "unclaimed");
_Static_assert(sizeof(struct vmm_counters) == CTR_SIZE, "size");

#define RAM  (1u << 20)
#define SNAP 0x1000u
#define DESC 0x2000u

static struct vm vm;

static void out(uint16_t port, unsigned size, uint32_t value)
{
	io_dispatch(&vm, port, true, size, (uint8_t *)&value);
}

/* A snapshot taken at gpa SNAP, copied out of guest RAM. */
static struct vmm_counters snapshot(void)
{
	struct vmm_counters c;
	memset(vm.mem.host + SNAP, 0xee, sizeof(c));
	out(VMM_PORT_COUNTERS, 4, SNAP);
	memcpy(&c, vm.mem.host + SNAP, sizeof(c));
	return c;
}

static uint64_t port_io(const struct vmm_counters *c, uint16_t port)
{
	return c->port_io[port - VMM_PORT_CONSOLE];
}

static void test_counts(void)
{
	vm.cpu[0].exits[KVM_EXIT_IO] = 7;
	vm.cpu[0].exits[KVM_EXIT_MMIO] = 2;
	vm.cpu[0].exits[KVM_EXIT_INTR] = 1;
	vm.cpu[0].exits[VM_EXIT_KINDS - 1] = 1;
	struct vmm_counters a = snapshot();
	CHECK(a.status == VMM_STATUS_OK && a.host_ns > 0);
	CHECK(a.insn_emulation == VMM_COUNTER_NONE && a.kvm_exits == VMM_COUNTER_NONE);
	CHECK(a.exits == 11 && a.io_exits == 7 && a.mmio_exits == 2);
	CHECK(port_io(&a, VMM_PORT_COUNTERS) == 1 && port_io(&a, VMM_PORT_CONSOLE) == 0);
	struct vmm_buf empty = {.addr = DESC, .len = 0};
	memcpy(vm.mem.host + DESC, &empty, sizeof(empty));
	for (int i = 0; i < 3; i++)
		out(VMM_PORT_CONSOLE, 4, DESC);
	out(0x1234, 1, 0); /* unclaimed */
	vm.cpu[0].exits[KVM_EXIT_IO] += 5;
	struct vmm_counters b = snapshot();
	CHECK(port_io(&b, VMM_PORT_CONSOLE) - port_io(&a, VMM_PORT_CONSOLE) == 3);
	CHECK(port_io(&b, VMM_PORT_COUNTERS) - port_io(&a, VMM_PORT_COUNTERS) == 1);
	CHECK(b.unclaimed_io - a.unclaimed_io == 1);
	CHECK(b.exits - a.exits == 5 && b.io_exits - a.io_exits == 5);
	CHECK(b.host_ns >= a.host_ns);
	CHECK(port_io(&b, VMM_PORT_CONSOLE + VMM_COUNTERS_PORTS - 1) == 0); /* no device there */
}

/* The bus's count of requests the counters refused. */
static uint64_t refused(void)
{
	return vm.io.handlers[vm.io.slot[VMM_PORT_COUNTERS] - 1].errors;
}

/* A bad request is refused (counted) and writes nothing anywhere in guest
 * RAM. */
static void expect_ignored(uint32_t gpa, unsigned size)
{
	uint8_t *before = malloc(RAM);
	uint64_t errors = refused();
	memcpy(before, vm.mem.host, RAM);
	out(VMM_PORT_COUNTERS, size, gpa);
	CHECK(memcmp(before, vm.mem.host, RAM) == 0);
	CHECK(refused() == errors + 1);
	free(before);
}

static void test_bad(void)
{
	memset(vm.mem.host, 0x5a, RAM);
	expect_ignored(SNAP + 4, 4);                              /* misaligned */
	expect_ignored(RAM - sizeof(struct vmm_counters) + 8, 4); /* straddles the end */
	expect_ignored(RAM, 4);                                   /* just past RAM */
	expect_ignored(0xfffffff8u, 4);                           /* far outside */
	expect_ignored(SNAP, 2);                                  /* not a 32-bit OUT */
	expect_ignored(SNAP, 1);
	uint64_t errors = refused();
	out(VMM_PORT_COUNTERS, 4, RAM - sizeof(struct vmm_counters)); /* the last fit */
	CHECK(vm.mem.host[RAM - sizeof(struct vmm_counters)] == VMM_STATUS_OK);
	CHECK(refused() == errors);
	CHECK(!vm.stop);
}

void test_counters(void)
{
	vm = (struct vm){.ncpus = 0};
	vm.mem = (struct guest_mem){.host = calloc(1, RAM), .size = RAM};
	int null = open("/dev/null", O_WRONLY);
	console_set_output(null);
	CHECK(vm.mem.host && console_part.setup(&vm) == 0 && counters_part.setup(&vm) == 0);
	test_counts();
	test_bad();
	console_set_output(STDOUT_FILENO);
	close(null);
	free(vm.mem.host);
}
