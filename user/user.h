/*
 * The user library: system calls, formatted output and string functions.
 * Every user program includes this; there is no other C library.
 */
#ifndef USER_H
#define USER_H

#include <stdarg.h>
#include <stddef.h>
#include "fs_format.h"
#include "syscall.h"

#define STDIN  0
#define STDOUT 1 /* the console */
#define STDERR 2

/* System calls (lib/syscalls.S); include/syscall.h has the ABI. Each
 * returns -1 on failure. */
int fork(void);
void exit(int status) __attribute__((noreturn));
int wait(int *status);
int kill(int pid);
int getpid(void);
char *sbrk(long delta); /* (char *)-1 on failure */
int sleep(long ticks);
long uptime(void);
long write(int fd, const void *buf, long n);
int exec(const char *path, char *const argv[]);
int open(const char *path, int flags);
int close(int fd);
long read(int fd, void *buf, long n);
int dup(int fd);
int pipe(int fds[2]);
int fstat(int fd, struct stat *st);
int link(const char *old, const char *new);
int unlink(const char *path);
int mkdir(const char *path);
int chdir(const char *path);
int mknod(const char *path, int major, int minor);
int fsync(int fd);
long lseek(int fd, long off, int whence);
int setpgid(int pid, int pgid);
int tcsetpgrp(int fd, int pgid);
int procs(struct procinfo *buf, int max);
void poweroff(int status) __attribute__((noreturn));
int mark(const char *label); /* a --stats region: mark("name") ... mark(0) */

/* lib/printf.c: %d %u %x %ld %lu %lx %p %s %c %%, a width, the flags 0 and -.
 * printf and fprintf make one write system call per call. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* lib/string.c */
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);
char *strchr(const char *s, int c);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int atoi(const char *s);

#endif
