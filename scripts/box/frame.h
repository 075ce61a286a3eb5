/* Frames of the box protocol (include/box_proto.h) on a stream socket:
 * whole frames in, whole frames out. Shared by the client and the server. */
#ifndef BOX_FRAME_H
#define BOX_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "box_proto.h"

/* Writes all len bytes (retrying short writes and EINTR): 0, or -1. */
int write_full(int fd, const void *buf, size_t len);
/* Reads exactly len bytes: 0, or -1 on an error or an early end. */
int read_full(int fd, void *buf, size_t len);

/* Sends one frame: 0, or -1. */
int box_send(int fd, uint32_t type, const void *payload, uint32_t len);
/* Receives one frame into *f and buf (BOX_FRAME_MAX bytes): 0, or -1 on an
 * error, the end of the stream or a payload too long. */
int box_recv(int fd, struct box_frame *f, void *buf);

#endif
