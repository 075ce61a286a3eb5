/* A minimal test harness: CHECK counts and reports; main prints the total
 * as "unit: N passed, N failed". Expected errors from the code under test
 * go to stderr, which tests/run sends to a log. */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdint.h>
#include <stdio.h>

extern int checks_passed, checks_failed;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond)                                                                          \
			checks_passed++;                                                           \
		else {                                                                             \
			checks_failed++;                                                           \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                     \
		}                                                                                  \
	} while (0)

struct vm;
/* Sets up every device part (those with an ABI bit) as the monitor does;
 * *present receives their bits. Returns 0, or -1. */
int setup_devices(struct vm *vm, uint64_t *present);

void test_args(void);
void test_diskfmt(void);
void test_image(void);
void test_kernel_elf(void);
void test_kernel_elf32(void);
void test_boot(void);
void test_io(void);
void test_copy(void);
void test_block(void);
void test_console_in(void);
void test_refusals(void);
void test_latency(void);
void test_counters(void);
void test_profile_user(void);
void test_sandbox(void);
void test_gdb(void);

#endif
