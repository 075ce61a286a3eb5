/*
 * spin N: N million rounds of a small hash in user mode, for the profiler's
 * test: ./vmm --profile guest.img -- spin 300 must name spin:spin_hot, its
 * only hot function. Prints the hash, so the work cannot be left out.
 */
#include "user.h"

/* noinline: the samples must land in a function of this name. */
static unsigned long __attribute__((noinline)) spin_hot(long rounds)
{
	unsigned long x = 1;

	for (long i = 0; i < rounds; i++)
		x = x * 6364136223846793005ul + (unsigned long)i;
	return x;
}

int main(int argc, char **argv)
{
	int n = argc == 2 ? atoi(argv[1]) : -1;

	if (n < 0) {
		fprintf(2, "usage: spin N\n");
		return 2;
	}
	printf("spin: %lx\n", spin_hot(n * 1000000l));
	return 0;
}
