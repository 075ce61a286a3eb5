/*
 * Option parsing, as POSIX getopt: opts lists the option letters, a letter
 * followed by ':' takes an argument ("-n 5" or "-n5"). Options may be
 * grouped ("-lw"); the first operand, a lone "-", or "--" (which is
 * skipped) ends them. Unlike POSIX's, this getopt prints nothing: for an
 * unknown option or a missing argument it returns '?' with the letter in
 * optopt, and the program prints its one-line usage.
 */
#include "user.h"

char *optarg;
int optind = 1, optopt;

static int nextchar; /* where in argv[optind] the next grouped letter is */

/* Option optopt of the word arg takes an argument: the rest of arg, or else
 * the next word; '?' if there is none. */
static int argument(int argc, char *const argv[], const char *arg)
{
	const char *rest = arg + nextchar;

	optind++;
	nextchar = 0;
	if (*rest)
		optarg = (char *)rest;
	else if (optind < argc)
		optarg = argv[optind++];
	else
		return '?';
	return optopt;
}

int getopt(int argc, char *const argv[], const char *opts)
{
	const char *arg, *spec;

	if (nextchar == 0) {
		if (optind >= argc || argv[optind][0] != '-' || argv[optind][1] == 0)
			return -1;
		if (strcmp(argv[optind], "--") == 0) {
			optind++;
			return -1;
		}
		nextchar = 1;
	}
	arg = argv[optind];
	optopt = arg[nextchar++];
	spec = optopt == ':' ? 0 : strchr(opts, optopt);
	if (spec && spec[1] == ':')
		return argument(argc, argv, arg);
	if (arg[nextchar] == 0) {
		optind++;
		nextchar = 0;
	}
	return spec ? optopt : '?';
}
