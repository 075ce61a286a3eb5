/* System calls about files: for now the console as fd 1 and 2. */
#include "defs.h"

long sys_write(void)
{
	int fd = (int)argraw(0);
	uint64_t buf = argraw(1);
	long n = (long)argraw(2);

	if ((fd != 1 && fd != 2) || n < 0)
		return -1;
	return console_write_user(buf, n);
}
