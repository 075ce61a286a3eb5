/*
 * The CPU-bound benchmark's work, the same source in the guest (cpubench)
 * and on the host (scripts/native-bench.c): a sieve of Eratosthenes over n
 * bytes the caller already has, returning the number of primes below n.
 * General registers only on both sides, as every user program is built,
 * so the host's compiler does not vectorize what the guest's cannot.
 */
#ifndef SIEVE_H
#define SIEVE_H

#define SIEVE_BYTES  (1l << 20)
#define SIEVE_PRIMES 82025 /* primes below 2^20 */

__attribute__((target("general-regs-only"))) static long sieve(unsigned char *composite, long n)
{
	long count = 0;

	memset(composite, 0, n);
	for (long i = 2; i < n; i++) {
		if (composite[i])
			continue;
		count++;
		if (i > n / i)
			continue; /* i * i >= n, and would overflow a 32-bit long */
		for (long j = i * i; j < n; j += i)
			composite[j] = 1;
	}
	return count;
}

#endif
