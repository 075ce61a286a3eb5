/*
 * The monitor's parts: the devices the guest talks to and the observers of
 * the run. Each part is one struct part, listed once in core/parts.c. A
 * part owns its command-line options, its set-up and teardown, and the
 * hooks it wants called during the run; the core (main.c, run.c) only
 * walks the parts, so adding a device or an observer touches no core file
 * but that list.
 *
 * Life of a run: options parsed (each part's take) -> prepare (before the
 * VM exists: catch signals) -> setup (the VM and vCPU exist: claim ports,
 * open files, start threads) -> the run loop (kicked, on_exit, on_mark,
 * on_debug_exit) ->
 * finish (after the run: final reports and files) -> teardown (always, in
 * reverse order, also after a failed set-up).
 */
#ifndef VMM_PART_H
#define VMM_PART_H

#include <stdint.h>
#include <stdio.h>

struct vm;
struct vcpu;

/* What an option handler returns (and args_parse): see core/args.h. */
enum args_result {
	ARGS_RUN = 0,
	ARGS_HELP,
	ARGS_VERSION,
	ARGS_USAGE_ERROR, /* printed; exit 2 */
	ARGS_BAD_VALUE,   /* printed; a valid option with an impossible value: exit 1 */
};

enum part_option_kind {
	OPTION_FLAG,     /* --name */
	OPTION_VALUE,    /* --name VALUE or --name=VALUE */
	OPTION_OPTIONAL, /* --name or --name=VALUE */
};

struct part_option {
	const char *name; /* "--trace" */
	enum part_option_kind kind;
	const char *needs; /* for OPTION_VALUE: what is missing, "a FILE" */
	const char *help;  /* the lines of --help, each indented and ending in \n */
	/* Stores the option in the part's own state. value is NULL for a flag
	 * or an optional value not given. Failures are printed. */
	enum args_result (*take)(const char *value);
};

/* When an exit happened, and on which vCPU, for the parts that time exits
 * (on_exit). */
struct exit_times {
	struct vcpu *cpu;    /* the vCPU that exited (its thread calls on_exit) */
	uint64_t entered_ns; /* KVM_RUN called */
	uint64_t exited_ns;  /* KVM_RUN returned */
	uint64_t handled_ns; /* the monitor done with the exit */
};

/* setup's answer when the part has nothing to do in this run (no disk, an
 * observer not asked for): it is not advertised and none of its hooks run. */
#define PART_ABSENT 1

struct part {
	const char *name;
	uint64_t abi_bit;                  /* devices: the VMM_DEV_* bit advertised to the guest */
	const struct part_option *options; /* ends with a {0} entry; or NULL */
	/* Every hook may be NULL. */
	int (*prepare)(void);          /* 0, or -1 printed */
	int (*setup)(struct vm *vm);   /* 0, PART_ABSENT, or -1 printed */
	void (*kicked)(struct vm *vm); /* the vCPU left KVM_RUN at this part's kick */
	/* A CPU after the first, started by the kernel, on its own thread
	 * before its first KVM_RUN. */
	void (*cpu_started)(struct vm *vm);
	/* KVM_EXIT_DEBUG (a breakpoint, a step): 1 when the part took it. Only
	 * a part that turned on KVM_SET_GUEST_DEBUG gets such exits; and with
	 * vm->debug_traps set, every port I/O and MMIO exit first. */
	int (*on_debug_exit)(struct vm *vm);
	void (*on_exit)(struct vm *vm, const struct exit_times *t); /* after each exit */
	/* The guest opened the region label (NULL: closed the innermost). */
	void (*on_mark)(struct vm *vm, const char *label);
	void (*report)(const struct vm *vm, FILE *f); /* its lines of the --stats report */
	int (*finish)(struct vm *vm);                 /* 0, or -1 printed */
	void (*teardown)(struct vm *vm);
};

/* Every part, in the order their hooks run; parts_count() of them. */
const struct part *const *parts_all(void);
unsigned parts_count(void);

/* The option called name (e.g. "--stats"), and its part; NULL if none. */
const struct part_option *parts_find_option(const char *name);
/* Prints every part's options for --help. */
void parts_usage(FILE *f);

/* Calls every part's prepare. */
int parts_prepare(void);
/* Sets up every part; *present receives the abi bits of those present.
 * Returns 0, or -1 (printed). */
int parts_setup(struct vm *vm, uint64_t *present);
/* Whether any present part times exits: the run loop reads the clock only
 * then. */
int parts_time_exits(void);
void parts_on_exit(struct vm *vm, const struct exit_times *t);
void parts_on_mark(struct vm *vm, const char *label);
void parts_cpu_started(struct vm *vm);
/* Hands a KVM_EXIT_DEBUG to the present part that takes it; 0 if none. */
int parts_on_debug_exit(struct vm *vm);
/* Every present part's report, in order. */
void parts_report(const struct vm *vm, FILE *f);
/* Every present part's finish; -1 if any failed. */
int parts_finish(struct vm *vm);
/* Tears down every part set up, in reverse order. */
void parts_teardown(struct vm *vm);
/* The part's index in parts_all(), for kick_request. */
unsigned part_index(const struct part *p);

#endif
