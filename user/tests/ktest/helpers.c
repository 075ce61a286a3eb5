/* Helpers shared by the tests (beyond testlib.h): what children do. */
#include "ktest.h"

void spin(void)
{
	for (;;)
		;
}

void sleep_forever(void)
{
	for (;;)
		sleep(NAP);
}
