#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

#include "frame.h"

int write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int box_send(int fd, uint32_t type, const void *payload, uint32_t len)
{
	struct box_frame f = {type, len};
	struct iovec iov[2] = {{&f, sizeof(f)}, {(void *)payload, len}};
	size_t left = sizeof(f) + len;

	/* One writev for header and payload: a frame is one TCP segment when
	 * it fits, which matters for the many small frames of a run. */
	while (left > 0) {
		ssize_t n = writev(fd, iov, 2);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		left -= (size_t)n;
		for (int i = 0; i < 2 && n > 0; i++) {
			size_t k = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
			iov[i].iov_base = (char *)iov[i].iov_base + k;
			iov[i].iov_len -= k;
			n -= (ssize_t)k;
		}
	}
	return 0;
}

int box_recv(int fd, struct box_frame *f, void *buf)
{
	if (read_full(fd, f, sizeof(*f)) < 0 || f->len > BOX_FRAME_MAX)
		return -1;
	return read_full(fd, buf, f->len);
}
