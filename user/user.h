/*
 * The user library: system calls, formatted output, strings, memory
 * allocation, options, line input, paths and error exits.
 * Every user program includes this; there is no other C library.
 */
#ifndef USER_H
#define USER_H

#include <stdarg.h>
#include <stddef.h>
#include "fs_format.h"
#include "syscall.h"
#include "vmm_abi.h"

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
int mark(const char *label);          /* a --stats region: mark("name") ... mark(0) */
int counters(struct vmm_counters *c); /* the monitor's counters; -1 under another hypervisor */
long uptime_ns(void);                 /* nanoseconds since boot */

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

/* lib/str.c */
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
char *strcat(char *dst, const char *src);
char *strdup(const char *s); /* in memory from malloc; 0 when there is none */
void *memchr(const void *s, int c, size_t n);
int isdigit(int c);
int isspace(int c);
int isalpha(int c);
long strtol(const char *s, char **end, int base);

/* lib/malloc.c: a first-fit free list over sbrk; freed blocks merge with
 * their free neighbours. */
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

/* lib/getopt.c: POSIX getopt, except that it prints nothing: an unknown
 * option or a missing argument returns '?' (the letter is in optopt). */
extern char *optarg;
extern int optind, optopt;
int getopt(int argc, char *const argv[], const char *opts);

/* lib/fd.c */
int stat(const char *path, struct stat *st); /* open + fstat + close */
int dupmin(int fd, int min);                 /* a duplicate of fd numbered >= min */
int dup2(int old, int new);                  /* as POSIX's, built from dup */

/* lib/lineio.c: line input through a buffer. Keep a reader out of the
 * stack (static or malloc): the user stack is one page. */
struct reader {
	int fd;
	int unbuffered; /* read a byte at a time: never past the line */
	int error;      /* the last reader_line failed reading */
	long pos, len;  /* buf[pos, len) is read but not yet returned */
	char buf[512];
};
void reader_init(struct reader *r, int fd, int unbuffered);
/* The next line, its '\n' included if it has one, NUL-terminated in *line
 * (a malloc buffer of *cap bytes, grown as needed; start with 0 and 0).
 * Its length; 0 at the end of the input; -1 on a read error or when memory
 * runs out. */
long reader_line(struct reader *r, char **line, size_t *cap);

/* lib/path.c; the strings returned come from malloc, 0 when there is none. */
char *path_join(const char *dir, const char *name); /* "dir/name" */
const char *path_base(const char *path);            /* after the last '/' */
char *path_into(const char *src, const char *dst);  /* dst/base(src) if dst is a directory */
/* The main of cp and mv, "PROG SRC DST | PROG SRC... DIR": op on each SRC
 * and its destination; the statuses or'ed. */
int each_into_last(int argc, char **argv, const char *prog, const char *synopsis,
                   int (*op)(const char *src, const char *dst));
/* A directory entry's name as a C string (one of FS_NAME_MAX bytes has no
 * NUL); whether a name is "." or "..". */
void entry_name(const struct fs_dirent *de, char name[FS_NAME_MAX + 1]);
int is_dot(const char *name);

/* lib/util.c. Exit statuses: 2 for a usage error, 1 for any other. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void usage(const char *synopsis) __attribute__((noreturn)); /* "usage: SYNOPSIS" */
/* exec with a name without '/' looked up in /bin, the only PATH. */
int execvp(const char *name, char *const argv[]);
/* After execvp failed: prints "who: name: not found" (or "cannot execute"
 * when the file exists) and returns the status a shell gives: 127 (126). */
int exec_failed(const char *who, const char *name);

/* The shell's exit status tells init whether to start a new one: the
 * shell adds SH_EXIT_EOF when it ends because its standard input, the
 * console, has ended, and init then powers the machine off with the low 8
 * bits; without it, the shell ended with `exit N` (or was killed) and init
 * starts another. */
#define SH_EXIT_EOF 0x100

#endif
