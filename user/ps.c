/*
 * ps: one line per process, from the kernel's process table:
 *
 *   PID PPID STATE SIZE NAME
 *
 * SIZE is the process's user memory in KiB.
 */
#include "user.h"

#define MAXPROCS 256 /* more than the kernel's table holds */

static struct procinfo table[MAXPROCS];

static const char *state(int s)
{
	switch (s) {
	case PS_SLEEPING:
		return "sleep";
	case PS_RUNNABLE:
		return "runble";
	case PS_RUNNING:
		return "run";
	case PS_ZOMBIE:
		return "zombie";
	}
	return "?";
}

int main(int argc, char **argv)
{
	char name[sizeof(table[0].name) + 1];
	int n;

	if (getopt(argc, argv, "") != -1 || optind != argc)
		usage("ps");
	if ((n = procs(table, MAXPROCS)) < 0)
		die("ps: cannot read the process table");
	printf("%5s %5s %-6s %7s %s\n", "PID", "PPID", "STATE", "SIZE", "NAME");
	for (int i = 0; i < n; i++) {
		memcpy(name, table[i].name, sizeof(table[i].name));
		name[sizeof(table[i].name)] = 0;
		printf("%5d %5d %-6s %6luK %s\n", table[i].pid, table[i].ppid,
		       state(table[i].state), (unsigned long)(table[i].sz / 1024), name);
	}
	return 0;
}
