/* One run inside the box: the program on pipes or a pseudo-terminal, its
 * input, output, signals and exit status relayed over the client's
 * connection (include/box_proto.h). */
#ifndef BOX_SESSION_H
#define BOX_SESSION_H

#include "box_proto.h"

/* Runs argv (argv[0] is the program's path) with envp in r->cwd and relays
 * it over conn until it ends; then exits. A dropped connection or SIGTERM
 * kills the run's process group first, and the session exits only once the
 * run is reaped: nothing of it is left when the server sees the session
 * gone. Called in a child of the server, with SIGCHLD and SIGTERM blocked. */
_Noreturn void session_run(int conn, const struct box_run *r, char **argv, char **envp);

#endif
