/*
 * cat [FILE...]: copies each FILE, or standard input when there is none
 * (or for "-"), to standard output. A file that cannot be read is reported
 * and skipped; the exit status is then 1.
 */
#include "user.h"

static char buf[8192];

/* Copies fd to standard output; 0, or -1 when reading fails (a failed
 * write ends the program: nothing more could be shown). */
static int copy(int fd)
{
	long n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (write(STDOUT, buf, n) != n)
			die("cat: write error");
	}
	return n < 0 ? -1 : 0;
}

static int cat(const char *name)
{
	int fd = strcmp(name, "-") == 0 ? STDIN : open(name, O_RDONLY);
	int r;

	if (fd < 0) {
		fprintf(STDERR, "cat: %s: cannot open\n", name);
		return 1;
	}
	r = copy(fd);
	if (fd != STDIN)
		close(fd);
	if (r < 0)
		fprintf(STDERR, "cat: %s: read error\n", name);
	return r < 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (getopt(argc, argv, "") != -1)
		usage("cat [FILE...]");
	if (optind == argc)
		return cat("-");
	for (int i = optind; i < argc; i++)
		status |= cat(argv[i]);
	return status;
}
