/*
 * Reading input line by line. A reader gathers a file's bytes in a buffer,
 * so a program makes one read system call per buffer, not per byte. An
 * unbuffered reader reads one byte per call instead and so never takes
 * bytes past the end of the line it returns: a shell reading commands from
 * a descriptor it shares with the commands it runs must leave the rest of
 * the input to them.
 */
#include "user.h"

void reader_init(struct reader *r, int fd, int unbuffered)
{
	r->fd = fd;
	r->unbuffered = unbuffered;
	r->pos = r->len = 0;
}

/* The next byte, or -1 at the end of the input or on a read error (then
 * r->error is set). */
static int next_byte(struct reader *r)
{
	if (r->pos == r->len) {
		long n = read(r->fd, r->buf, r->unbuffered ? 1 : (long)sizeof(r->buf));

		r->error = n < 0;
		if (n <= 0)
			return -1;
		r->pos = 0;
		r->len = n;
	}
	return (unsigned char)r->buf[r->pos++];
}

/* Makes room for at least need bytes in *line; 0 when memory runs out. */
static int room(char **line, size_t *cap, size_t need)
{
	char *p;
	size_t n = *cap ? *cap : 128;

	if (need <= *cap)
		return 1;
	while (n < need)
		n *= 2;
	if (!(p = realloc(*line, n)))
		return 0;
	*line = p;
	*cap = n;
	return 1;
}

long reader_line(struct reader *r, char **line, size_t *cap)
{
	size_t n = 0;
	int c;

	r->error = 0;
	do {
		if ((c = next_byte(r)) < 0)
			break;
		if (!room(line, cap, n + 2))
			return -1;
		(*line)[n++] = c;
	} while (c != '\n');
	if (r->error)
		return -1;
	if (n > 0 || room(line, cap, 1))
		(*line)[n] = 0;
	return n;
}
