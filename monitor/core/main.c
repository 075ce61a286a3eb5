/* ./vmm: boot a guest kernel in a KVM virtual machine and serve its devices.
 * Order: everything about the input is checked before /dev/kvm is touched,
 * so bad input fails fast and the same way on every host. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/args.h"
#include "core/boot.h"
#include "core/cpus.h"
#include "debug/gdb.h"
#include "devices/console_in.h"
#include "disk_image.h"
#include "core/image.h"
#include "core/kernel_elf.h"
#include "core/kick.h"
#include "core/kvm.h"
#include "core/part.h"
#include "core/run.h"
#include "core/sandbox.h"
#include "core/util.h"
#include "core/vm.h"

/* The vm is large (the port table); static keeps it off the stack. */
static struct vm the_vm = {.kvm_fd = -1, .vm_fd = -1};

/* The VM, its vCPUs and RAM, the kernel in it, every part set up (devices
 * on the bus, observers ready), the boot information, CPU 0's registers,
 * and the other CPUs waiting on their threads. */
static int setup_guest(struct vm *vm, const struct options *o, const struct kernel *k)
{
	if (kvm_open(vm) < 0 || kvm_create_vm(vm, o->ram_size, o->ncpus) < 0)
		return -1;
	if (kernel_load(k, &vm->mem) < 0)
		return -1;
	struct boot_params bp = {.i386 = k->i386,
	                         .entry = k->entry,
	                         .free_start = k->end,
	                         .flags = (vm->emulated ? VMM_BOOT_F_EMULATED : 0) |
	                                  (isatty(STDIN_FILENO) ? VMM_BOOT_F_INPUT_TTY : 0),
	                         .tsc_khz = kvm_tsc_khz(vm),
	                         .ncpus = o->ncpus,
	                         .cmdline = o->cmdline};
	if (kick_setup(vm) < 0 || parts_setup(vm, &bp.devices) < 0)
		return -1;
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	if (kvm_get_sregs(&vm->cpu[0], &sregs) < 0 ||
	    boot_setup(&vm->mem, &bp, &regs, &sregs) < 0 ||
	    kvm_set_state(&vm->cpu[0], &regs, &sregs) < 0)
		return -1;
	return cpus_setup(vm, k->i386);
}

/* Everything the run needs is open and mapped: from here on the monitor
 * only runs the guest, and the sandbox forbids the rest (--no-sandbox
 * leaves it allowed, for debugging). */
static int run_sandboxed(struct vm *vm, const struct options *o)
{
	struct sandbox_fds fds = {.vm_fd = vm->vm_fd,
	                          .vcpu_fd_min = vm->cpu[0].fd,
	                          .vcpu_fd_max = vm->cpu[0].fd,
	                          .aps = vm->ncpus > 1,
	                          .tty_fd = console_in_tty(),
	                          .gdb_fd = gdb_listen_fd()};
	for (unsigned i = 1; i < vm->ncpus; i++) {
		if (vm->cpu[i].fd < fds.vcpu_fd_min)
			fds.vcpu_fd_min = vm->cpu[i].fd;
		if (vm->cpu[i].fd > fds.vcpu_fd_max)
			fds.vcpu_fd_max = vm->cpu[i].fd;
	}
	if (!o->no_sandbox && sandbox_enter(&fds, console_in_restore_tty) < 0)
		return VMM_EXIT_ERROR;
	return cpus_run(vm);
}

/* A kernel this host's KVM cannot run is refused before it starts, with
 * what to boot instead. */
static int check_host(const struct options *o, const struct kernel *k)
{
	if (k->i386 && kvm_is_pvm())
		return fail("%s: an i386 kernel, and this host's KVM (kvm_pvm) cannot run 32-bit "
		            "paging guests; boot the x86-64 image here (guest.img), this one on "
		            "hardware KVM",
		            o->image);
	return 0;
}

static int run_vm(const struct options *o)
{
	struct vm *vm = &the_vm;
	vm->strict = o->strict;
	struct image img;
	struct kernel k;
	int code = VMM_EXIT_ERROR;
	if (image_open(&img, o->image, o->readonly) == 0 &&
	    kernel_parse(o->image, img.kernel, img.kernel_size, o->ram_size, &k) == 0 &&
	    check_host(o, &k) == 0) {
		vm->image = &img;
		vm->kernel = &k;
		if (setup_guest(vm, o, &k) == 0) {
			code = run_sandboxed(vm, o);
			kick_stop();
			if (parts_finish(vm) < 0 && code == 0)
				code = VMM_EXIT_ERROR;
		}
	}
	cpus_join(vm); /* the run joined them; a failed set-up has not */
	parts_teardown(vm);
	image_close(&img);
	kvm_close(vm);
	return code;
}

int main(int argc, char **argv)
{
	/* A closed stdout must not kill the monitor: the console reports EIO. */
	signal(SIGPIPE, SIG_IGN);
	struct options o;
	switch (args_parse(argc, argv, &o)) {
	case ARGS_HELP:
		args_usage();
		return 0;
	case ARGS_VERSION:
		printf("vmm %s\n", VMM_VERSION);
		return 0;
	case ARGS_USAGE_ERROR:
		return 2;
	case ARGS_BAD_VALUE:
		return VMM_EXIT_ERROR;
	case ARGS_RUN:
		break;
	}
	if (parts_prepare() < 0)
		return VMM_EXIT_ERROR;
	return run_vm(&o);
}
