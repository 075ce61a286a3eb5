/*
 * What the utilities, the shell and init share: error exits and running a
 * program by name.
 */
#include "user.h"

void die(const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(msg) - 2)
		n = sizeof(msg) - 2;
	msg[n] = '\n';
	write(STDERR, msg, n + 1);
	exit(1);
}

void usage(const char *synopsis)
{
	fprintf(STDERR, "usage: %s\n", synopsis);
	exit(2);
}

/* The one directory a name without '/' is looked up in. */
#define PATH     "/bin/"
#define PATH_LEN (sizeof(PATH) - 1)

int execvp(const char *name, char *const argv[])
{
	char path[PATH_LEN + FS_NAME_MAX + 1];
	size_t n = strlen(name);

	if (strchr(name, '/'))
		return exec(name, argv);
	if (n == 0 || n > FS_NAME_MAX)
		return -1;
	memcpy(path, PATH, PATH_LEN);
	memcpy(path + PATH_LEN, name, n + 1);
	return exec(path, argv);
}

int exec_failed(const char *who, const char *name)
{
	char path[PATH_LEN + FS_NAME_MAX + 1];
	struct stat st;
	int found;

	if (strchr(name, '/'))
		found = stat(name, &st) == 0;
	else
		found = snprintf(path, sizeof(path), PATH "%s", name) < (int)sizeof(path) &&
		        stat(path, &st) == 0;
	fprintf(STDERR, "%s: %s: %s\n", who, name, found ? "cannot execute" : "not found");
	return found ? 126 : 127;
}
