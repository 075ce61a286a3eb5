/* The observers of a run: parts (core/part.h) that watch the guest without
 * the guest knowing. Each is off unless its option asks for it: absent, it
 * adds nothing to the run loop. core/parts.c lists them. */
#ifndef VMM_OBSERVERS_H
#define VMM_OBSERVERS_H

#include "core/part.h"

/* --stats: exits by reason and device with handling times, the time split,
 * KVM's counters and guest-marked regions, at power-off and on SIGUSR1. */
extern const struct part stats_part;
/* --trace FILE, --trace-max N: one CSV record per exit. */
extern const struct part trace_part;
/* --profile[=HZ], --profile-out FILE: a sampling profiler of the guest. */
extern const struct part profile_part;

#endif
