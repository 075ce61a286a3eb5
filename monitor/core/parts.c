/* The list of the monitor's parts, and the walks over it that the core
 * makes (core/part.h). The only file that names every part. */
#include <stdbool.h>
#include <string.h>

#include "core/part.h"
#include "debug/gdb.h"
#include "devices/devices.h"
#include "observe/observers.h"

/* Observers first: their on_exit and kicked hooks run before a device's,
 * and the --stats report starts with the run's time and exits. */
static const struct part *const all_parts[] = {
    &stats_part, &trace_part, &profile_part,    &console_part,  &poweroff_part,  &copy_part,
    &mark_part,  &block_part, &console_in_part, &counters_part, &cpu_start_part, &gdb_part,
};

#define NPARTS (sizeof(all_parts) / sizeof(all_parts[0]))

_Static_assert(NPARTS <= 32, "kick_request keeps one bit per part");

/* The parts whose setup succeeded, and those present (not PART_ABSENT). */
static bool set_up[NPARTS], present[NPARTS];
static bool timing;

const struct part *const *parts_all(void)
{
	return all_parts;
}

unsigned parts_count(void)
{
	return NPARTS;
}

unsigned part_index(const struct part *p)
{
	for (unsigned i = 0; i < NPARTS; i++)
		if (all_parts[i] == p)
			return i;
	return 0;
}

const struct part_option *parts_find_option(const char *name)
{
	for (unsigned i = 0; i < NPARTS; i++)
		for (const struct part_option *o = all_parts[i]->options; o && o->name; o++)
			if (!strcmp(o->name, name))
				return o;
	return NULL;
}

void parts_usage(FILE *f)
{
	for (unsigned i = 0; i < NPARTS; i++)
		for (const struct part_option *o = all_parts[i]->options; o && o->name; o++)
			fputs(o->help, f);
}

int parts_prepare(void)
{
	for (unsigned i = 0; i < NPARTS; i++)
		if (all_parts[i]->prepare && all_parts[i]->prepare() < 0)
			return -1;
	return 0;
}

int parts_setup(struct vm *vm, uint64_t *bits)
{
	*bits = 0;
	for (unsigned i = 0; i < NPARTS; i++) {
		const struct part *p = all_parts[i];
		int r = p->setup ? p->setup(vm) : 0;
		set_up[i] = true; /* a failed set-up may have half-done: tear it down */
		if (r < 0)
			return -1;
		present[i] = r != PART_ABSENT;
		if (present[i]) {
			*bits |= p->abi_bit;
			timing |= p->on_exit != NULL;
		}
	}
	return 0;
}

int parts_time_exits(void)
{
	return timing;
}

void parts_on_exit(struct vm *vm, const struct exit_times *t)
{
	for (unsigned i = 0; i < NPARTS; i++)
		if (present[i] && all_parts[i]->on_exit)
			all_parts[i]->on_exit(vm, t);
}

void parts_on_mark(struct vm *vm, const char *label)
{
	for (unsigned i = 0; i < NPARTS; i++)
		if (present[i] && all_parts[i]->on_mark)
			all_parts[i]->on_mark(vm, label);
}

void parts_cpu_started(struct vm *vm)
{
	for (unsigned i = 0; i < NPARTS; i++)
		if (present[i] && all_parts[i]->cpu_started)
			all_parts[i]->cpu_started(vm);
}

int parts_on_debug_exit(struct vm *vm)
{
	for (unsigned i = 0; i < NPARTS; i++)
		if (present[i] && all_parts[i]->on_debug_exit && all_parts[i]->on_debug_exit(vm))
			return 1;
	return 0;
}

void parts_report(const struct vm *vm, FILE *f)
{
	for (unsigned i = 0; i < NPARTS; i++)
		if (present[i] && all_parts[i]->report)
			all_parts[i]->report(vm, f);
}

int parts_finish(struct vm *vm)
{
	int r = 0;
	for (unsigned i = 0; i < NPARTS; i++)
		if (present[i] && all_parts[i]->finish && all_parts[i]->finish(vm) < 0)
			r = -1;
	return r;
}

void parts_teardown(struct vm *vm)
{
	for (unsigned i = NPARTS; i-- > 0;) {
		if (set_up[i] && all_parts[i]->teardown)
			all_parts[i]->teardown(vm);
		set_up[i] = present[i] = false;
	}
	timing = false;
}
