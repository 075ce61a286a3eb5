/* The guest's side of the mark device (VMM_PORT_MARK): the system call
 * that opens and closes the monitor's --stats regions. */
#include "defs.h"
#include "memlayout.h"
#include "vmm_abi.h"
#include "x86.h"

/* mark(label or 0): opens or closes a --stats region. The label is copied
 * into the kernel image, below 4 GiB, where the monitor reads it during the
 * OUT. */
long sys_mark(void)
{
	static char label[VMM_MARK_LABEL_MAX];
	uint64_t ulabel = argraw(0);

	if (!ulabel) {
		outl(VMM_PORT_MARK, 0);
		return 0;
	}
	if (copyinstr(label, ulabel, sizeof label) < 0)
		return -1;
	outl(VMM_PORT_MARK, (uint32_t)v2p(label));
	return 0;
}
