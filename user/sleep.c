/*
 * sleep SECONDS: sleeps that long. SECONDS may have a fraction down to the
 * clock's tick, hundredths ("0.25"); a finer fraction is cut off.
 */
#include "user.h"

/* SECONDS in ticks, or -1 if it is not a number. */
static long ticks(const char *s)
{
	char *end;
	long sec = strtol(s, &end, 10), t, scale = SYS_TICK_HZ;

	if (!isdigit(*s) || sec > 1000000000)
		return -1;
	t = sec * SYS_TICK_HZ;
	if (*end == '.') {
		for (end++; isdigit(*end); end++) {
			scale /= 10;
			t += (*end - '0') * scale;
		}
	}
	return *end ? -1 : t;
}

int main(int argc, char **argv)
{
	long t = argc == 2 ? ticks(argv[1]) : -1;

	if (t < 0)
		usage("sleep SECONDS");
	if (sleep(t) < 0)
		die("sleep: interrupted");
	return 0;
}
