/* The sandbox: each case forks a child that installs the real filter and
 * then makes calls; the parent checks how the child ended and what it wrote
 * on stderr (a pipe). */
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "core/sandbox.h"

static struct sandbox_fds fds = {
    .vm_fd = -1, .vcpu_fd_min = -1, .vcpu_fd_max = -1, .tty_fd = -1, .gdb_fd = -1};

static void say(const char *s)
{
	ssize_t n = write(STDERR_FILENO, s, strlen(s));
	(void)n;
}

static void before_exit(void)
{
	say("before_exit\n");
}

/* Runs setup, then body under the sandbox, in a child; its stderr into out, its wait
 * status returned. */
static int in_sandbox(void (*setup)(void), void (*body)(void), char *out, size_t cap)
{
	int p[2], status = -1;
	memset(out, 0, cap);
	fflush(NULL);
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], STDERR_FILENO);
		close(p[0]);
		if (setup)
			setup();
		if (sandbox_enter(&fds, before_exit) < 0)
			_exit(99);
		body();
		_exit(0);
	}
	close(p[1]);
	size_t len = 0;
	ssize_t n;
	while (len < cap - 1 && (n = read(p[0], out + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	close(p[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static bool exited(int status, int code)
{
	return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static void forbidden_getppid(void)
{
	say("allowed\n");
	syscall(SYS_getppid);
	say("not stopped\n");
}

/* ioctl passes only on the vCPU's descriptor with a KVM request. */
static void ioctl_requests(void)
{
	if (ioctl(fds.vcpu_fd_min, KVM_RUN, 0) < 0) /* /dev/null: ENOTTY, but allowed */
		say("KVM_RUN passed\n");
	ioctl(fds.vcpu_fd_min, KVM_CREATE_VCPU, 0);
	say("not stopped\n");
}

static void ioctl_other_fd(void)
{
	ioctl(STDIN_FILENO, KVM_RUN, 0);
}

static void mmap_exec(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		say("data mapped\n");
	mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void signal_other_process(void)
{
	syscall(SYS_tgkill, 1, 1, 0);
}

/* An x32 call: the same architecture field, another ABI. */
static void x32_call(void)
{
	syscall(0x40000000 | SYS_getpid);
}

static void open_file(void)
{
	open("/etc/passwd", O_RDONLY);
}

static int ready_pipe[2], go_pipe[2];
static pthread_t worker;

static void *forbidden_in_thread(void *unused)
{
	char c;
	(void)unused;
	if (write(ready_pipe[1], "", 1) == 1 && read(go_pipe[0], &c, 1) == 1)
		syscall(SYS_getppid);
	return NULL;
}

/* Before the filter: a thread, up and waiting. */
static void start_thread(void)
{
	char c;
	if (pipe(ready_pipe) < 0 || pipe(go_pipe) < 0 ||
	    pthread_create(&worker, NULL, forbidden_in_thread, NULL) != 0 ||
	    read(ready_pipe[0], &c, 1) != 1)
		_exit(98);
}

/* The thread gets the filter too (TSYNC). */
static void thread_call(void)
{
	if (write(go_pipe[1], "", 1) == 1)
		pthread_join(worker, NULL);
	say("not stopped\n");
}

/* --gdb: accept4 only on the stub's socket, and its debug ioctls only on
 * the vCPU; without --gdb (gdb_fd -1) neither. */
static void gdb_calls(void)
{
	struct kvm_guest_debug dbg = {0};
	accept4(fds.gdb_fd, NULL, NULL, SOCK_NONBLOCK); /* not a socket: ENOTSOCK, allowed */
	ioctl(fds.vcpu_fd_min, KVM_SET_GUEST_DEBUG, &dbg);
	say("gdb calls passed\n");
	accept4(fds.gdb_fd + 1, NULL, NULL, SOCK_NONBLOCK);
}

/* Several vCPUs: the vCPU requests on every descriptor of the range, and
 * KVM_SET_REGS (a CPU started) only then; nothing past the range. */
static void aps_calls(void)
{
	struct kvm_regs regs = {0};
	ioctl(fds.vcpu_fd_max, KVM_RUN, 0);
	ioctl(fds.vcpu_fd_max, KVM_SET_REGS, &regs);
	ioctl(fds.vcpu_fd_min, KVM_SET_REGS, &regs);
	say("vCPU range passed\n");
	ioctl(fds.vcpu_fd_max + 1, KVM_RUN, 0);
}

static void set_regs_one_cpu(void)
{
	struct kvm_regs regs = {0};
	ioctl(fds.vcpu_fd_min, KVM_SET_REGS, &regs);
}

static void gdb_debug_without_gdb(void)
{
	struct kvm_guest_debug dbg = {0};
	ioctl(fds.vcpu_fd_min, KVM_SET_GUEST_DEBUG, &dbg);
}

void test_sandbox(void)
{
	char out[512];
	int null = open("/dev/null", O_RDWR);
	CHECK(null >= 0);
	fds.vcpu_fd_min = fds.vcpu_fd_max = null;

	CHECK(exited(in_sandbox(NULL, forbidden_getppid, out, sizeof(out)), 1));
	CHECK(!strcmp(out, "allowed\nvmm: sandbox: forbidden system call getppid (110)\n"
	                   "before_exit\n"));

	CHECK(exited(in_sandbox(NULL, ioctl_requests, out, sizeof(out)), 1));
	CHECK(!strcmp(out, "KVM_RUN passed\nvmm: sandbox: forbidden system call ioctl (16)\n"
	                   "before_exit\n"));
	CHECK(exited(in_sandbox(NULL, ioctl_other_fd, out, sizeof(out)), 1));
	CHECK(strstr(out, "forbidden system call ioctl (16)\n"));

	CHECK(exited(in_sandbox(NULL, mmap_exec, out, sizeof(out)), 1));
	CHECK(strstr(out, "data mapped\nvmm: sandbox: forbidden system call mmap (9)\n"));

	CHECK(exited(in_sandbox(NULL, signal_other_process, out, sizeof(out)), 1));
	CHECK(strstr(out, "forbidden system call tgkill (234)\n"));
	CHECK(exited(in_sandbox(NULL, x32_call, out, sizeof(out)), 1));
	CHECK(strstr(out, "forbidden system call of another ABI (1073741863)\n"));
	CHECK(exited(in_sandbox(NULL, open_file, out, sizeof(out)), 1));
	CHECK(strstr(out, "forbidden system call openat (257)\n"));

	CHECK(exited(in_sandbox(start_thread, thread_call, out, sizeof(out)), 1));
	CHECK(!strcmp(out, "vmm: sandbox: forbidden system call getppid (110)\nbefore_exit\n"));

	CHECK(exited(in_sandbox(NULL, gdb_debug_without_gdb, out, sizeof(out)), 1));
	CHECK(strstr(out, "forbidden system call ioctl (16)\n"));
	fds.gdb_fd = null;
	CHECK(exited(in_sandbox(NULL, gdb_calls, out, sizeof(out)), 1));
	CHECK(strstr(out, "gdb calls passed\nvmm: sandbox: forbidden system call accept4 (288)\n"));
	fds.gdb_fd = -1;

	CHECK(exited(in_sandbox(NULL, set_regs_one_cpu, out, sizeof(out)), 1));
	CHECK(strstr(out, "forbidden system call ioctl (16)\n"));
	int null2 = open("/dev/null", O_RDWR);
	CHECK(null2 == null + 1); /* the lowest free descriptor */
	fds.vcpu_fd_max = null2;
	fds.aps = true;
	CHECK(exited(in_sandbox(NULL, aps_calls, out, sizeof(out)), 1));
	CHECK(strstr(out, "vCPU range passed\nvmm: sandbox: forbidden system call ioctl (16)\n"));
	fds.aps = false;
	fds.vcpu_fd_max = null;
	close(null2);
	close(null);
}
