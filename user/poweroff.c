/*
 * poweroff [STATUS]: powers the machine off at once; ./vmm exits with
 * STATUS (0 to 255, default 0).
 */
#include "user.h"

int main(int argc, char **argv)
{
	char *end;
	long status = 0;

	if (argc > 2)
		usage("poweroff [STATUS]");
	if (argc == 2) {
		status = strtol(argv[1], &end, 10);
		if (end == argv[1] || *end || status < 0 || status > 255)
			usage("poweroff [STATUS]");
	}
	poweroff(status);
}
