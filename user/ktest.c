#include "user.h"
int main(int argc, char **argv)
{
	printf("hi %d %s\n", argc, argv[0]);
	return 0;
}
