/* Loaded with LD_PRELOAD into ./vmm by tests/sandbox.sh: the monitor's
 * fdatasync (a block device flush) becomes fsync, a call the sandbox does not
 * allow, so the test sees the real monitor stopped by its real filter. */
#include <sys/syscall.h>
#include <unistd.h>

int fdatasync(int fd)
{
	return (int)syscall(SYS_fsync, fd);
}
