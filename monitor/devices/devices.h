/* The monitor's devices: one file each, each a part (core/part.h) that
 * claims its ports on the I/O bus at set-up. core/parts.c lists them. */
#ifndef VMM_DEVICES_H
#define VMM_DEVICES_H

#include "core/part.h"

extern const struct part console_part;
extern const struct part poweroff_part;
extern const struct part copy_part;
extern const struct part mark_part;
extern const struct part block_part;
extern const struct part console_in_part;
extern const struct part counters_part;
extern const struct part cpu_start_part;

/* Where console output goes (stdout unless changed; the unit tests use a pipe). */
void console_set_output(int fd);

#endif
