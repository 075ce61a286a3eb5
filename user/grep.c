/*
 * grep [-vcn] PATTERN [FILE...]: prints the lines of each FILE (or of
 * standard input) that match PATTERN; -v the lines that do not, -c only
 * how many lines were selected, -n each line's number before it. With more
 * than one FILE, each output line starts with the file's name and ':'.
 * Exits 0 when a line was selected, 1 when none was, 2 on an error.
 *
 * PATTERN is a small regular expression: "c" matches the character c,
 * "\c" the character c even if it is special, "." any character, "x*"
 * zero or more of the atom x before it, "^" at the start the start of the
 * line and "$" at the end its end. A pattern with none of these is a fixed
 * string.
 */
#include "user.h"

static int invert, count_only, number;
static struct reader rd;
static char *line;
static size_t cap;

/* ---- Matching ---- */

static int atom_len(const char *re)
{
	return re[0] == '\\' && re[1] ? 2 : 1;
}

/* Whether the atom at re matches c, which is not the end of the text. */
static int atom_match(const char *re, char c)
{
	if (c == 0)
		return 0;
	if (re[0] == '\\' && re[1])
		return c == re[1];
	return re[0] == '.' || re[0] == c;
}

static int match_here(const char *re, const char *text);

/* Matches zero or more of atom, then rest, at text; the shortest run that
 * lets rest match is enough, since only whether the line matches counts. */
static int match_star(const char *atom, const char *rest, const char *text)
{
	do {
		if (match_here(rest, text))
			return 1;
	} while (atom_match(atom, *text++));
	return 0;
}

/* Whether re matches at the start of text. */
static int match_here(const char *re, const char *text)
{
	for (;;) {
		int n;

		if (re[0] == 0)
			return 1;
		n = atom_len(re);
		if (re[n] == '*')
			return match_star(re, re + n + 1, text);
		if (re[0] == '$' && re[1] == 0)
			return *text == 0;
		if (!atom_match(re, *text))
			return 0;
		re += n;
		text++;
	}
}

/* Whether re matches anywhere in text. */
static int match(const char *re, const char *text)
{
	if (re[0] == '^')
		return match_here(re + 1, text);
	do {
		if (match_here(re, text))
			return 1;
	} while (*text++);
	return 0;
}

/* ---- Searching ---- */

/* Prints the selected line after its prefixes: one write for a short line. */
static void print(const char *name, long lineno)
{
	char num[24] = "";

	if (number)
		snprintf(num, sizeof(num), "%ld:", lineno);
	printf("%s%s%s%s\n", name ? name : "", name ? ":" : "", num, line);
}

/* Searches fd; name, if not 0, prefixes each output line. The number of
 * lines selected, or -1 if reading failed. */
static long search(const char *re, int fd, const char *name)
{
	long n, lineno = 0, selected = 0;

	reader_init(&rd, fd, 0);
	while ((n = reader_line(&rd, &line, &cap)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[n - 1] = 0;
		if (match(re, line) == invert)
			continue;
		selected++;
		if (count_only)
			continue;
		print(name, lineno);
	}
	if (n < 0)
		return -1;
	if (count_only && name)
		printf("%s:%ld\n", name, selected);
	else if (count_only)
		printf("%ld\n", selected);
	return selected;
}

/* Searches the file path ("-" for standard input); the lines selected, or
 * -1 after an error. */
static long grep_file(const char *re, const char *path, int many)
{
	int fd = strcmp(path, "-") == 0 ? STDIN : open(path, O_RDONLY);
	long n;

	if (fd < 0) {
		fprintf(STDERR, "grep: %s: cannot open\n", path);
		return -1;
	}
	n = search(re, fd, many ? path : 0);
	if (fd != STDIN)
		close(fd);
	if (n < 0)
		fprintf(STDERR, "grep: %s: read error\n", path);
	return n;
}

static void options(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "vcn")) != -1) {
		if (c == 'v')
			invert = 1;
		else if (c == 'c')
			count_only = 1;
		else if (c == 'n')
			number = 1;
		else
			usage("grep [-vcn] PATTERN [FILE...]");
	}
	if (optind == argc)
		usage("grep [-vcn] PATTERN [FILE...]");
}

int main(int argc, char **argv)
{
	const char *re;
	int error = 0, found = 0, many;
	long n;

	options(argc, argv);
	re = argv[optind++];
	many = argc - optind > 1;
	if (optind == argc) {
		n = grep_file(re, "-", 0);
		return n < 0 ? 2 : n == 0;
	}
	for (; optind < argc; optind++) {
		n = grep_file(re, argv[optind], many);
		error |= n < 0;
		found |= n > 0;
	}
	return error ? 2 : !found;
}
