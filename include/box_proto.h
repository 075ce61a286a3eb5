/* The KVM box's wire protocol: between build/vmm-box (the client, on the
 * host) and build/vmm-boxd (the server, inside the box), over one TCP
 * connection that QEMU forwards from 127.0.0.1 to the port scripts/kvmbox
 * gives the server. Both ends are x86-64 Linux built from this tree, so
 * fields travel in host byte order.
 *
 * Every message is a frame: a struct box_frame header, then len bytes.
 * A connection starts with BOX_AUTH (the secret from the box's state
 * folder, readable only by its owner), then requests:
 *   BOX_SETTLE (u64 ids)        the runs of those ids (their clients died)
 *                               are killed and reaped before the next
 *                               frame is read; an id not yet seen is
 *                               refused when its BOX_RUN comes later
 *   BOX_PING                    -> BOX_OK, and the connection ends
 *   BOX_ARG... BOX_ENV... BOX_RUN -> a run: BOX_STDOUT, BOX_STDERR and
 *                               BOX_MORE frames, then BOX_EXIT
 * During a run the client sends BOX_STDIN (a chunk, only after a BOX_MORE;
 * an empty one is the end of input), BOX_SIGNAL and BOX_WINSIZE. A run
 * whose connection drops is killed at once (SIGKILL to its process group).
 */
#ifndef BOX_PROTO_H
#define BOX_PROTO_H

#include <stdint.h>

/* The secret: 32 random bytes, written as 64 hex digits. */
#define BOX_SECRET_LEN 64
/* The largest frame payload, and the largest stdin chunk in flight. */
#define BOX_FRAME_MAX (64 * 1024)

enum box_type {
	/* client -> server */
	BOX_AUTH = 1, /* the secret */
	BOX_PING,     /* empty */
	BOX_SETTLE,   /* u64 run ids of clients that died */
	BOX_ARG,      /* one word of the command; the first is the program's path */
	BOX_ENV,      /* one NAME=VALUE of its environment */
	BOX_RUN,      /* struct box_run: start it */
	BOX_STDIN,    /* input bytes; empty: end of input */
	BOX_SIGNAL,   /* u32: deliver this signal to the run */
	BOX_WINSIZE,  /* struct winsize: the caller's terminal changed size */
	/* server -> client */
	BOX_OK,     /* empty */
	BOX_ERROR,  /* a one-line reason */
	BOX_STDOUT, /* output bytes */
	BOX_STDERR, /* error output bytes */
	BOX_MORE,   /* empty: the run's input is drained, send the next chunk */
	BOX_EXIT,   /* struct box_exit: the run ended */
};

struct box_frame {
	uint32_t type; /* enum box_type */
	uint32_t len;  /* payload bytes that follow, at most BOX_FRAME_MAX */
};

/* BOX_RUN's payload. tty has bit N set when the caller's descriptor N is a
 * terminal: the run then gets a pseudo-terminal there, set up with termios
 * and winsize (struct termios and struct winsize, as bytes). */
struct box_run {
	uint64_t id; /* the client's run id (its file in the state folder's runs/) */
	uint32_t tty;
	uint32_t pad;
	char cwd[4096];
	uint8_t termios[60];
	uint8_t winsize[8];
};

enum { BOX_EXITED = 0, BOX_KILLED = 1 };

struct box_exit {
	uint32_t how; /* BOX_EXITED (value: the status) or BOX_KILLED (value: the signal) */
	uint32_t value;
};

#endif
