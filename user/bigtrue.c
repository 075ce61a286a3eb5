/*
 * bigtrue: exits 0, as true does, from an executable of over 1 MiB: its
 * initialized data, which exec must read from the disk and load. For
 * timing the spawn of a large program (execbench N /bin/bigtrue spawn_1m).
 */
#include "user.h"

char payload[1 << 20] = {1};

int main(void)
{
	return payload[0] != 1;
}
