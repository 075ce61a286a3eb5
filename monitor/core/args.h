/* The command line: ./vmm [options] IMAGE [-- COMMAND [ARG...]] */
#ifndef VMM_ARGS_H
#define VMM_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/part.h"
#include "vmm_abi.h"

#define VMM_VERSION "0.1.0"

/* The core's options. The parts' (--stats, --trace, --profile,
 * --fail-writes-after...) are theirs: args_parse hands each to the part
 * that declares it (core/part.h). */
struct options {
	const char *image;
	uint64_t ram_size;
	unsigned ncpus; /* --cpus: 1..VMM_CPUS_MAX (the host's KVM may allow fewer) */
	bool strict;
	bool readonly;                 /* --readonly: the guest's disk writes fail */
	bool no_sandbox;               /* --no-sandbox: no seccomp filter */
	char cmdline[VMM_CMDLINE_MAX]; /* the words after "--", for the guest */
};

enum args_result args_parse(int argc, char **argv, struct options *o);

/* Parses SIZE for -m: a number with an optional K, M, G or T suffix (a plain
 * number means MiB, as in QEMU). Returns 0, or -1 if malformed. */
int parse_size(const char *s, uint64_t *bytes);

void args_usage(void);

#endif
