/* Attacks on the host counters: a snapshot is written only at an 8-byte
 * aligned address with all of its bytes in RAM; any other address is
 * refused with nothing written. A snapshot's counts only grow. */
#include "hostile.h"

#define SNAP sizeof(struct vmm_counters)

void attack_counters(void)
{
	static struct vmm_counters last;
	struct vmm_counters c;
	/* Room for a misaligned snapshot where place found an aligned one. */
	uint32_t gpa = place(SNAP + 8, SNAP + 8) + (chance(20) ? 1 + (uint32_t)below(7) : 0);
	int ok = gpa % 8 == 0 && in_ram(gpa, SNAP);
	memset(&c, 0xee, SNAP);
	put_phys(gpa, &c, SNAP);
	port_out(D_COUNTERS, VMM_PORT_COUNTERS, 4, gpa);
	if (!ok) {
		refused(D_COUNTERS);
		for (uint64_t i = 0; i < SNAP && writable(gpa + i, 1); i++)
			if (*(uint8_t *)phys(gpa + i) != 0xee)
				wrong("a refused counters request wrote to RAM", (uint32_t)i);
		return;
	}
	tally.valid[D_COUNTERS]++;
	memcpy(&c, phys(gpa), SNAP);
	if (c.status != VMM_STATUS_OK)
		wrong("counters status", c.status);
	if (c.host_ns < last.host_ns || c.exits <= last.exits ||
	    c.port_io[D_COUNTERS] <= last.port_io[D_COUNTERS])
		wrong("host counters went backwards", 0);
	last = c;
}
