/*
 * bigtrue: exits 0, as true does, from an executable of over 1 MiB: its
 * initialized data, which exec must read from the disk and load. For
 * timing the spawn of a large program (execbench N /bin/bigtrue spawn_1m).
 * Marks at its start, middle and end check the load: it exits 1 if one
 * is missing.
 */
#include "user.h"

#define PAYLOAD (1 << 20)

char payload[PAYLOAD] = {[0] = 1, [PAYLOAD / 2 + 5] = 2, [PAYLOAD - 1] = 3};

int main(void)
{
	return !(payload[0] == 1 && payload[PAYLOAD / 2 + 5] == 2 && payload[PAYLOAD - 1] == 3);
}
