/* Helpers shared by the tests (beyond testlib.h): children, probes. */
#include "ktest.h"

/* Starts a child that runs fn and then exits with status 0; returns its pid,
 * or -1 when fork fails. */
int spawn(void (*fn)(void))
{
	int pid = tfork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	return pid;
}

const char *in_child(void (*fn)(void))
{
	return expect_exit(spawn(fn), 0);
}

const char *kill_and_reap(int pid)
{
	if (pid < 0)
		return "fork failed";
	if (kill(pid) != 0)
		return failf("kill(%d) failed", pid);
	return expect_exit(pid, KILLED);
}

void spin(void)
{
	for (;;)
		;
}

void sleep_forever(void)
{
	for (;;)
		sleep(NAP);
}

volatile char *probe_addr;

void probe(void)
{
	(void)*probe_addr;
}

/* Whether reading addr kills a process. */
int unmapped(unsigned long addr)
{
	probe_addr = (volatile char *)addr;
	return expect_exit(spawn(probe), KILLED) == 0;
}

/* Moves the break up to a page boundary and returns it. */
char *align_break(void)
{
	char *b = sbrk(0);

	sbrk(PGROUNDUP(b) - (unsigned long)b);
	return sbrk(0);
}
