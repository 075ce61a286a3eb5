/*
 * wc [-lwc] [FILE...]: counts lines, words (runs of non-blanks) and bytes
 * of each FILE, or of standard input. Prints the counts asked for (all
 * three by default) in the order lines, words, bytes, separated by a
 * space, then the file's name if there is one; and a "total" line for
 * more than one file.
 */
#include "user.h"

enum { LINES, WORDS, BYTES, NCOUNTS };

static char buf[8192];
static int show[NCOUNTS];

static void print(const unsigned long c[NCOUNTS], const char *name)
{
	char out[NCOUNTS * 21];
	int n = 0;

	for (int i = 0; i < NCOUNTS; i++) {
		if (show[i])
			n += snprintf(out + n, sizeof(out) - n, "%s%lu", n ? " " : "", c[i]);
	}
	if (name)
		printf("%s %s\n", out, name);
	else
		printf("%s\n", out);
}

/* Adds fd's counts to c; 0, or -1 if reading failed. */
static int count(int fd, unsigned long c[NCOUNTS])
{
	int in_word = 0;
	long n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c[BYTES] += n;
		for (long i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c[LINES]++;
			if (isspace(buf[i]))
				in_word = 0;
			else if (!in_word) {
				in_word = 1;
				c[WORDS]++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

/* Counts the file name (standard input for 0) and adds to total. */
static int wc(const char *name, unsigned long total[NCOUNTS])
{
	unsigned long c[NCOUNTS] = {0};
	int fd = name ? open(name, O_RDONLY) : STDIN, r;

	if (fd < 0) {
		fprintf(STDERR, "wc: %s: cannot open\n", name);
		return 1;
	}
	r = count(fd, c);
	if (name)
		close(fd);
	if (r < 0) {
		fprintf(STDERR, "wc: %s: read error\n", name ? name : "standard input");
		return 1;
	}
	print(c, name);
	for (int i = 0; i < NCOUNTS; i++)
		total[i] += c[i];
	return 0;
}

static void options(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "lwc")) != -1) {
		if (c == 'l')
			show[LINES] = 1;
		else if (c == 'w')
			show[WORDS] = 1;
		else if (c == 'c')
			show[BYTES] = 1;
		else
			usage("wc [-lwc] [FILE...]");
	}
	if (!show[LINES] && !show[WORDS] && !show[BYTES])
		show[LINES] = show[WORDS] = show[BYTES] = 1;
}

int main(int argc, char **argv)
{
	unsigned long total[NCOUNTS] = {0};
	int status = 0;

	options(argc, argv);
	if (optind == argc)
		return wc(0, total);
	for (int i = optind; i < argc; i++)
		status |= wc(argv[i], total);
	if (argc - optind > 1)
		print(total, "total");
	return status;
}
