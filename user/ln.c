/*
 * ln OLD NEW: makes NEW a hard link to the file OLD; when NEW is a
 * directory, the link is NEW/(OLD's last component).
 */
#include "user.h"

int main(int argc, char **argv)
{
	char *new;

	if (getopt(argc, argv, "") != -1 || argc - optind != 2)
		usage("ln OLD NEW");
	if (!(new = path_into(argv[optind], argv[optind + 1])))
		die("ln: out of memory");
	if (link(argv[optind], new) < 0)
		die("ln: cannot make %s a link to %s", new, argv[optind]);
	return 0;
}
