/* The command line: ./vmm [options] IMAGE [-- COMMAND [ARG...]] */
#ifndef VMM_ARGS_H
#define VMM_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm_abi.h"

#define VMM_VERSION "0.1.0"

struct options {
	const char *image;
	uint64_t ram_size;
	bool strict;
	bool readonly; /* --readonly: the guest's disk writes fail */
	bool stats;
	const char *trace_path;        /* --trace FILE */
	uint64_t trace_max;            /* --trace-max N, 0 = no limit */
	unsigned profile_hz;           /* --profile[=HZ], 0 = off */
	const char *profile_out;       /* --profile-out FILE */
	bool no_sandbox;               /* --no-sandbox: no seccomp filter */
	bool fail_writes;              /* --fail-writes-after N given */
	uint64_t fail_writes_after;    /* N: the writes that reach the disk */
	char cmdline[VMM_CMDLINE_MAX]; /* the words after "--", for the guest */
};

enum args_result {
	ARGS_RUN = 0,
	ARGS_HELP,
	ARGS_VERSION,
	ARGS_USAGE_ERROR, /* printed; exit 2 */
	ARGS_BAD_VALUE,   /* printed; a valid option with an impossible value: exit 1 */
};

enum args_result args_parse(int argc, char **argv, struct options *o);

/* Parses SIZE for -m: a number with an optional K, M, G or T suffix (a plain
 * number means MiB, as in QEMU). Returns 0, or -1 if malformed. */
int parse_size(const char *s, uint64_t *bytes);

void args_usage(void);

#endif
