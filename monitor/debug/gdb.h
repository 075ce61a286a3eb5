/* --gdb: the GDB remote serial protocol on KVM's debug interface (gdb.c,
 * docs/gdb.md). A part: core/parts.c lists it. */
#ifndef VMM_GDB_H
#define VMM_GDB_H

#include "core/part.h"

extern const struct part gdb_part;

/* The listening socket the sandbox lets the stub accept on, or -1 without
 * --gdb. */
int gdb_listen_fd(void);

#endif
