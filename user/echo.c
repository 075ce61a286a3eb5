/*
 * echo [-n] [word...]: the words, separated by spaces, and a newline unless
 * -n. Any other word starting with '-' is printed, as POSIX echo does.
 * The line goes out in one write when it fits the buffer, so lines of
 * different processes do not interleave.
 */
#include "user.h"

static char buf[1024];
static size_t len;

static void put(const char *s, size_t n)
{
	while (n > 0) {
		size_t k = n < sizeof(buf) - len ? n : sizeof(buf) - len;

		memcpy(buf + len, s, k);
		len += k;
		s += k;
		n -= k;
		if (len == sizeof(buf)) {
			if (write(STDOUT, buf, len) != (long)len)
				exit(1);
			len = 0;
		}
	}
}

int main(int argc, char **argv)
{
	int newline = 1, i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++) {
		put(argv[i], strlen(argv[i]));
		if (i + 1 < argc)
			put(" ", 1);
	}
	if (newline)
		put("\n", 1);
	return len > 0 && write(STDOUT, buf, len) != (long)len;
}
