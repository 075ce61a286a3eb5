/*
 * cpubench N: N sieves of Eratosthenes over 1 MiB (sieve.h), user code
 * alone: no system call, no page fault (a first, untimed sieve touches the
 * memory). Prints one BENCH line, name=cpu_sieve (bench/lib/bench.c).
 * User code runs natively under KVM, kvm_pvm included, and is translated
 * under QEMU TCG.
 */
#include "bench/lib/bench.h"
#include "sieve.h"

static unsigned char composite[SIEVE_BYTES];

int main(int argc, char **argv)
{
	int n = bench_count(argc, argv, "cpubench N");
	struct bench b;

	sieve(composite, SIEVE_BYTES);
	bench_start(&b);
	for (int i = 0; i < n; i++) {
		if (sieve(composite, SIEVE_BYTES) != SIEVE_PRIMES) {
			fprintf(2, "cpubench: the sieve miscounted\n");
			return 1;
		}
	}
	bench_report(&b, "cpu_sieve", n);
	return 0;
}
