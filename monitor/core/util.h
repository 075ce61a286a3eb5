/* Error reporting shared by the monitor's parts: every failure is one line
 * on stderr, "vmm: <what went wrong>", and the caller returns -1. */
#ifndef VMM_UTIL_H
#define VMM_UTIL_H

#include <stdint.h>

/* Prints "vmm: <message>" and returns -1. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, with ": <strerror(errno)>" appended. */
int fail_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Monotonic time in nanoseconds. */
uint64_t now_ns(void);

#endif
