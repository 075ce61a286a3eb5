/* Functions shared across the kernel, by the file that defines them. */
#ifndef DEFS_H
#define DEFS_H

#include <stddef.h>
#include <stdint.h>

/* console.c */
void console_write(const char *s, size_t n);

/* kprintf.c */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* power.c */
void poweroff(uint32_t status) __attribute__((noreturn));

/* arch/<arch>/seg.c */
void arch_init(void);

#endif
