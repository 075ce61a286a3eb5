/* Functions shared across the kernel, by the file that defines them. */
#ifndef DEFS_H
#define DEFS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "mmu.h"

struct inode;
struct pagebatch;
struct proc;
struct spinlock;
struct vmm_blk_seg;
struct vmm_boot_info;

/* clock.c */
extern uint64_t ticks;
extern struct spinlock tickslock;
void clock_init(const struct vmm_boot_info *bi);
void clock_tick(void);
void clock_wake_at(uint64_t t);
uint64_t uptime_ns(void);

/* counters.c */
void counters_init(const struct vmm_boot_info *bi);
long sys_counters(void);

/* console.c */
void console_use_uart(void);
int console_is_uart(void);
void console_write(const char *s, size_t n);
long console_write_user(uint64_t va, size_t n);

/* console_in.c: the console's input side */
extern int console_in_polled;
void console_in_init(const struct vmm_boot_info *bi);
void console_in_intr(void);
int console_in_is_terminal(void);
void console_in_set_foreground(int pgid);
long console_read(uint64_t uva, size_t n);

/* copy.c: bulk copying and zeroing; see there for when work is queued */
enum copy_path { COPY_AUTO, COPY_CPU, COPY_ENGINE };
void copy_init(const struct vmm_boot_info *bi, enum copy_path path);
int copy_engine_on(void);
void pcopy(uint64_t dst, uint64_t src, size_t n);
void pzero(uint64_t dst, size_t n);
void pflush(void);

/* exec.c: 0, or why not */
#define EXEC_NOENT (-1) /* no such file */
#define EXEC_BAD   (-2) /* not an executable, bad arguments, or no memory */
int exec(const char *path, uint64_t argv, int user);

/* init.c */
void init_start(char *cmdline);

/* kalloc.c */
void kinit(uint64_t start, uint64_t end, int dirty);
void *kalloc(void);

/* kprintf.c */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vkprintln(const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* lapic.c */
void lapic_init(void);
void lapic_eoi(void);
uint64_t lapic_calibrate(void);

/* log.c */
void log_tick(void);

/* mark.c */
long sys_mark(void);

/* poweroff.c */
void poweroff_use_debugexit(void);
void poweroff(uint32_t status) __attribute__((noreturn));
long sys_poweroff(void);

/* proc.c */
int proc_start_init(void (*start)(void));
void cwd_init(void);
void cwd_set(struct inode *ip);
int fork(void);
void exit(int status) __attribute__((noreturn));
int wait(uint64_t status);
int kill(int pid);
long growproc(long delta);

/* procgroup.c */
void kill_group(int pgid);
long sys_setpgid(void);
long sys_tcsetpgrp(void);
long sys_procs(void);

/* sched.c */
void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);
void sleep(void *chan, struct spinlock *lk);
void wakeup(void *chan);

/* syscall.c */
long syscall(uint64_t num);
uint64_t argraw(int n);

/* sysfile.c, syspath.c, sysproc.c */
long sys_write(void);
long sys_read(void);
long sys_close(void);
long sys_dup(void);
long sys_pipe(void);
long sys_fstat(void);
long sys_fsync(void);
long sys_lseek(void);
long sys_open(void);
long sys_exec(void);
long sys_link(void);
long sys_unlink(void);
long sys_mkdir(void);
long sys_chdir(void);
long sys_mknod(void);
long sys_fork(void);
long sys_exit(void);
long sys_wait(void);
long sys_kill(void);
long sys_getpid(void);
long sys_sbrk(void);
long sys_sleep(void);
long sys_uptime(void);
long sys_uptime_ns(void);

/* usercopy.c */
int copyin(void *dst, uint64_t src, size_t n);
int copyout(uint64_t dst, const void *src, size_t n);
long copyinstr(char *dst, uint64_t src, size_t max);
/* The same through physical addresses and the copy engine (queued: pflush
 * before the CPU reads the destination): n bytes from physical pa to the
 * user's uva, which must be writable, or from uva to pa; 0 or -1. */
int copyout_phys(uint64_t uva, uint64_t pa, size_t n);
int copyin_phys(uint64_t pa, uint64_t uva, size_t n);

/* vm.c: user address spaces; perm is a set of UVM_* */
#define UVM_WRITE 1
#define UVM_EXEC  2
pagetable_t uvm_create(void);
int uvm_alloc(pagetable_t pt, uint64_t va, uint64_t end, int perm);
void uvm_dealloc(pagetable_t pt, uint64_t newsz, uint64_t oldsz);
void uvm_free(pagetable_t pt, uint64_t sz, struct pagebatch *freed);
pagetable_t uvm_clone(pagetable_t from, uint64_t sz);
void uvm_load(pagetable_t pt, uint64_t va, const char *src, size_t n);
void *uvm_kaddr(pagetable_t pt, uint64_t va);
uint64_t uvm_pa(pagetable_t pt, uint64_t va, int write);
uint32_t uvm_extents(pagetable_t pt, uint64_t va, uint64_t len, int write, struct vmm_blk_seg *seg,
                     uint32_t max);
void uvm_switch(struct proc *p);
void uvm_flush(pagetable_t pt);
void kvm_switch(void);

/* arch/<arch>/seg.c */
void arch_init(void);
void tss_set_kstack(uint64_t top);

/* arch/<arch>/string.S */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* arch/<arch>/usercopy.S */
long copy_user(void *dst, const void *src, size_t n);
long copy_user_str(char *dst, const char *src, size_t max);

#endif
