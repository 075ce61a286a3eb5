/*
 * The sandbox. The guest is untrusted and drives the monitor's devices, so a
 * bug there could hand the guest the monitor's powers. Once everything is
 * opened, mapped and loaded, the monitor only runs the guest, and a seccomp
 * filter (classic BPF, written here with the kernel's uapi headers) allows
 * just the system calls that needs, with their arguments checked where that
 * is cheap: ioctl only on the vCPU, the VM and the terminal with the request
 * numbers the run loop uses; no memory mapped executable; signals only to
 * this process. The list, and why each call is there, is in rules() below
 * and in README.md.
 *
 * Any other call is not made: the kernel raises SIGSYS (SECCOMP_RET_TRAP),
 * whose handler names the call on stderr, gives the terminal back and exits
 * with status 1. A call from another ABI (i386's int $0x80, x32) is stopped
 * the same way, so the numbers checked are always x86-64's.
 */
#include "core/sandbox.h"

#include <asm/ioctls.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/util.h"
#include "core/vm.h"

#ifndef __x86_64__
#error "the sandbox's filter is written for x86-64 system call numbers"
#endif

#define X32_SYSCALL_BIT 0x40000000u

/* A build with AddressSanitizer (gcc says so; clang answers __has_feature),
 * whose run time makes calls of its own. */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

#ifdef ASAN_BUILD
/* LeakSanitizer's check stops the world with ptrace from a cloned thread:
 * far more than the filter allows. It runs here instead, before the filter;
 * that also cancels the one at exit. */
void __lsan_do_leak_check(void);
#endif

/* The names of the x86-64 system calls, indexed by number: generated at
 * build time from <asm/unistd_64.h>. */
static const char *const syscall_names[] = {
#include "syscall_names.inc"
};

/* One test on an argument: equal to value, none of value's bits set, or
 * from value to hi. Either way the argument's high 32 bits must be zero. */
enum { ARG_EQ = 1, ARG_NONE_OF, ARG_IN };

struct arg_test {
	uint8_t op; /* 0: no test */
	uint8_t arg;
	uint32_t value, hi;
};

/* An allowed call: the number and up to two tests that must all hold. */
struct rule {
	int nr;
	struct arg_test test[2];
};

#define ALLOW(name)         ((struct rule){.nr = __NR_##name})
#define ALLOW_IF(name, ...) ((struct rule){.nr = __NR_##name, .test = {__VA_ARGS__}})
#define EQ(a, v)            ((struct arg_test){ARG_EQ, (a), (uint32_t)(v), 0})
#define NONE_OF(a, v)       ((struct arg_test){ARG_NONE_OF, (a), (uint32_t)(v), 0})
#define IN(a, lo, hi)       ((struct arg_test){ARG_IN, (a), (uint32_t)(lo), (uint32_t)(hi)})
#define VCPU_FD(fds)        IN(0, (fds)->vcpu_fd_min, (fds)->vcpu_fd_max)
#define MAX_RULES           40

/* The calls the run loop makes, the busiest first (the filter tries the
 * rules in order on every call). Returns how many. */
static int rules(struct rule *r, const struct sandbox_fds *fds)
{
	int n = 0;
	/* Running the guest; the registers for exit reports and --profile. */
	r[n++] = ALLOW_IF(ioctl, VCPU_FD(fds), EQ(1, KVM_RUN));
	/* The block device: one preadv/pwritev per request, fdatasync per flush. */
	r[n++] = ALLOW(preadv);
	r[n++] = ALLOW(pwritev);
	/* Console output, messages on stderr, the --trace file. */
	r[n++] = ALLOW(write);
	r[n++] = ALLOW_IF(ioctl, VCPU_FD(fds), EQ(1, KVM_GET_REGS));
	/* A CPU that the kernel starts takes its entry, stack and argument;
	 * --gdb sets registers too. */
	if (fds->aps || fds->gdb_fd >= 0)
		r[n++] = ALLOW_IF(ioctl, VCPU_FD(fds), EQ(1, KVM_SET_REGS));
	/* The console input thread: waits on stdin and its stop pipe, reads,
	 * interrupts the guest, shares the input ring under a lock. */
	r[n++] = ALLOW(poll);
	r[n++] = ALLOW(read);
	r[n++] = ALLOW_IF(ioctl, EQ(0, fds->vm_fd), EQ(1, KVM_SIGNAL_MSI));
	r[n++] = ALLOW(futex);
	r[n++] = ALLOW(fdatasync);
	/* --stats and regions read KVM's statistics files. */
	r[n++] = ALLOW(pread64);
	/* Timing, where the vDSO falls back to the system call. */
	r[n++] = ALLOW(clock_gettime);
	/* Handlers of SIGPROF (--profile), SIGUSR1 (stats), SIGUSR2 (Ctrl-A x)
	 * return; Ctrl-A x signals the vCPU thread, a fatal signal is raised
	 * again once the terminal is restored (glibc's pthread_kill and raise
	 * block signals around tgkill). */
	r[n++] = ALLOW(rt_sigreturn);
	r[n++] = ALLOW(rt_sigprocmask);
	r[n++] = ALLOW(getpid);
	r[n++] = ALLOW(gettid);
	r[n++] = ALLOW_IF(tgkill, EQ(0, getpid()));
	/* --profile stops its timer at power-off. */
	r[n++] = ALLOW_IF(setitimer, EQ(0, ITIMER_PROF));
	/* A terminal goes raw at the guest's first read and back at the end
	 * (glibc's tcsetattr reads the settings around setting them). */
	if (fds->tty_fd >= 0) {
		r[n++] = ALLOW_IF(ioctl, EQ(0, fds->tty_fd), EQ(1, TCSETSF));
		r[n++] = ALLOW_IF(ioctl, EQ(0, fds->tty_fd), EQ(1, TCGETS));
	}
	/* malloc and free (regions, reports), never executable memory; a thread
	 * that ends gives its stack back with madvise. */
	r[n++] = ALLOW_IF(mmap, NONE_OF(2, PROT_EXEC));
	r[n++] = ALLOW(munmap);
	r[n++] = ALLOW(brk);
	r[n++] = ALLOW(madvise);
	/* --gdb: the stub accepts the debugger on its socket (reads, writes
	 * and polls are allowed above), and while the guest is stopped it sets
	 * registers, reads the segment and control registers, and loads the
	 * breakpoints and the single step. */
	if (fds->gdb_fd >= 0) {
		r[n++] = ALLOW_IF(accept4, EQ(0, fds->gdb_fd));
		r[n++] = ALLOW_IF(ioctl, VCPU_FD(fds), EQ(1, KVM_GET_SREGS));
		r[n++] = ALLOW_IF(ioctl, VCPU_FD(fds), EQ(1, KVM_SET_SREGS));
		r[n++] = ALLOW_IF(ioctl, VCPU_FD(fds), EQ(1, KVM_SET_GUEST_DEBUG));
		/* Under QEMU's TCG a watched page is a read-only slot of RAM. */
		r[n++] = ALLOW_IF(ioctl, EQ(0, fds->vm_fd), EQ(1, KVM_SET_USER_MEMORY_REGION));
	}
	/* The way out: files closed (the image's lock goes with it), the input
	 * thread ends, the process exits. */
	r[n++] = ALLOW(close);
	r[n++] = ALLOW(exit);
	r[n++] = ALLOW(exit_group);
#ifdef ASAN_BUILD
	/* ASan's run time: a thread that ends frees its signal stack. */
	r[n++] = ALLOW(sigaltstack);
#endif
	return n;
}

/* ---- The rules as a BPF program ---- */

#define MAX_INSNS (8 + MAX_RULES * 13)

struct program {
	struct sock_filter insn[MAX_INSNS];
	unsigned short n;
};

static void emit(struct program *p, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	p->insn[p->n++] = (struct sock_filter){code, jt, jf, k};
}

#define LD_FIELD(p, field)                                                                         \
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field), 0, 0)

/* Offsets of an argument's low and high halves (little-endian). */
static uint32_t arg_lo(int a)
{
	return offsetof(struct seccomp_data, args) + 8u * (unsigned)a;
}

/* Emits one rule: loads the number, tries each test, allows. A failed
 * test jumps to the next rule at index next. */
static void emit_rule(struct program *p, const struct rule *r, unsigned next)
{
	LD_FIELD(p, nr);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)r->nr, 0, (uint8_t)(next - p->n - 1));
	for (int i = 0; i < 2 && r->test[i].op; i++) {
		const struct arg_test *t = &r->test[i];
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_lo(t->arg), 0, 0);
		if (t->op == ARG_IN) {
			emit(p, BPF_JMP | BPF_JGE | BPF_K, t->value, 0, (uint8_t)(next - p->n - 1));
			emit(p, BPF_JMP | BPF_JGT | BPF_K, t->hi, (uint8_t)(next - p->n - 1), 0);
		} else if (t->op == ARG_EQ)
			emit(p, BPF_JMP | BPF_JEQ | BPF_K, t->value, 0, (uint8_t)(next - p->n - 1));
		else
			emit(p, BPF_JMP | BPF_JSET | BPF_K, t->value, (uint8_t)(next - p->n - 1),
			     0);
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_lo(t->arg) + 4, 0, 0);
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, (uint8_t)(next - p->n - 1));
	}
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
}

static unsigned rule_length(const struct rule *r)
{
	unsigned n = 3;
	for (int i = 0; i < 2 && r->test[i].op; i++)
		n += r->test[i].op == ARG_IN ? 5 : 4;
	return n;
}

/* Another ABI is stopped before any number is looked at; then the rules;
 * then everything else traps. */
static void build(struct program *p, const struct rule *r, int nrules)
{
	p->n = 0;
	LD_FIELD(p, arch);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_TRAP, 0, 0);
	LD_FIELD(p, nr);
	emit(p, BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1);
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_TRAP, 0, 0);
	for (int i = 0; i < nrules; i++)
		emit_rule(p, &r[i], p->n + rule_length(&r[i]));
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_TRAP, 0, 0);
}

/* ---- A forbidden call ---- */

static void (*exit_hook)(void);

static void append(char *buf, size_t *len, size_t cap, const char *s)
{
	while (*s && *len < cap)
		buf[(*len)++] = *s++;
}

static void append_number(char *buf, size_t *len, size_t cap, unsigned long v)
{
	char digits[24];
	int n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0 && *len < cap)
		buf[(*len)++] = digits[--n];
}

/* Async-signal-safe: the message is built by hand and written at once. */
static void on_sigsys(int sig, siginfo_t *si, void *context)
{
	(void)sig;
	(void)context;
	char msg[160];
	size_t len = 0, cap = sizeof(msg) - 1;
	unsigned nr = (unsigned)si->si_syscall;
	bool native = si->si_arch == AUDIT_ARCH_X86_64 && !(nr & X32_SYSCALL_BIT);
	const char *name = NULL;
	if (native && nr < sizeof(syscall_names) / sizeof(syscall_names[0]))
		name = syscall_names[nr];
	append(msg, &len, cap, "vmm: sandbox: forbidden system call ");
	append(msg, &len, cap, name ? name : native ? "unknown" : "of another ABI");
	append(msg, &len, cap, " (");
	append_number(msg, &len, cap, nr);
	append(msg, &len, cap, ")\n");
	ssize_t written = write(STDERR_FILENO, msg, len);
	(void)written; /* with stderr gone, the exit status still tells */
	if (exit_hook)
		exit_hook();
	/* The system call itself: a sanitizer's _exit would run its checks,
	 * which make calls of their own. */
	syscall(SYS_exit_group, VMM_EXIT_ERROR);
}

int sandbox_enter(const struct sandbox_fds *fds, void (*before_exit)(void))
{
	static struct rule r[MAX_RULES];
	static struct program p;
	build(&p, r, rules(r, fds));
	struct sock_fprog prog = {.len = p.n, .filter = p.insn};
	exit_hook = before_exit;
#ifdef ASAN_BUILD
	__lsan_do_leak_check();
#endif
	struct sigaction sa = {.sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO};
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return fail_errno("sandbox: cannot catch SIGSYS");
	/* Required to install a filter without CAP_SYS_ADMIN; harmless with it. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail_errno("sandbox: PR_SET_NO_NEW_PRIVS (--no-sandbox runs without it)");
	/* TSYNC: the console input thread, started already, gets it too. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0)
		return fail_errno("sandbox: cannot install the seccomp filter (--no-sandbox runs "
		                  "without it)");
	return 0;
}
