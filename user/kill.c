/*
 * kill PID...: kills each process. The kernel has no signals: the process
 * ends with status -1 (SYS_KILLED_STATUS) once it next leaves the kernel.
 */
#include "user.h"

/* Whether s is a pid: digits, few enough to fit an int. */
static int is_pid(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		if (!isdigit(s[i]))
			return 0;
	}
	return n > 0 && n < 10;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (getopt(argc, argv, "") != -1 || optind == argc)
		usage("kill PID...");
	for (int i = optind; i < argc; i++) {
		if (!is_pid(argv[i]))
			usage("kill PID...");
	}
	for (int i = optind; i < argc; i++) {
		int pid = atoi(argv[i]);
		if (kill(pid) < 0) {
			fprintf(STDERR, "kill: %s: %s\n", argv[i],
			        pid == 1 ? "init cannot be killed" : "no such process");
			status = 1;
		}
	}
	return status;
}
