/*
 * init: the first process.
 *
 *   init            runs the shell on the console, and a new one each time
 *                   it ends, until the console's input ends.
 *   init CMD ARGS   becomes CMD (looked up in /bin like the shell does),
 *                   so the machine powers off with its exit status when
 *                   it exits: 127 if there is no such command. An exec,
 *                   not a fork: `./vmm guest.img -- true` costs one
 *                   process, not two.
 *
 * How init learns that the console's input has ended: the shell exits
 * with SH_EXIT_EOF (user.h) added to its status when read() of its
 * standard input returns 0, and with just N for `exit N`. At SH_EXIT_EOF
 * init powers off with the low 8 bits, so `./vmm guest.img </dev/null`
 * ends by itself; otherwise it starts another shell, passing it the last
 * status as its initial $? (sh -S), so that "exit 3" followed by the end
 * of the input still powers off with 3.
 *
 * Processes whose parent exited become init's children; init reaps them
 * while it waits for the shell or CMD.
 */
#include "user.h"

#define CONSOLE "/dev/console"

/* Makes descriptors 0, 1 and 2 the console where they are not open. In
 * ascending order, the lowest free descriptor is always the one to fill.
 * Creates the device file if the file system lacks it. */
static void open_console(void)
{
	struct stat st;

	for (int fd = 0; fd < 3; fd++) {
		if (fstat(fd, &st) == 0)
			continue;
		if (open(CONSOLE, O_RDWR) == fd)
			continue;
		mkdir("/dev");
		mknod(CONSOLE, FS_DEV_CONSOLE, 0);
		if (open(CONSOLE, O_RDWR) != fd)
			poweroff(1); /* nowhere to say why */
	}
}

/* Starts argv[0] in its own process group, the console's foreground one
 * (so Ctrl-C reaches it and not init). A child that cannot exec exits
 * with fail_flag ORed into exec_failed's status. Returns the pid. */
static int start(char *const argv[], int fail_flag)
{
	int pid = fork();

	if (pid < 0) {
		fprintf(STDERR, "init: fork failed\n");
		poweroff(1);
	}
	if (pid > 0)
		return pid;
	setpgid(0, 0);
	tcsetpgrp(STDIN, getpid());
	execvp(argv[0], argv);
	exit(fail_flag | exec_failed("init", argv[0]));
}

/* Waits for pid, reaping any orphan that ends meanwhile; its status. */
static int wait_for(int pid)
{
	int status, w;

	while ((w = wait(&status)) != pid) {
		if (w < 0) {
			fprintf(STDERR, "init: lost process %d\n", pid);
			poweroff(1);
		}
	}
	return status;
}

/* The shell, over and over. A shell that cannot start reports SH_EXIT_EOF
 * too: nothing would ever read the console, so init powers off. */
__attribute__((noreturn)) static void shells(void)
{
	char last[12] = "0";
	char *argv[] = {"sh", "-S", last, 0};
	int status;

	for (;;) {
		status = wait_for(start(argv, SH_EXIT_EOF));
		if (status >= 0 && (status & SH_EXIT_EOF))
			poweroff(status & 0xff);
		snprintf(last, sizeof(last), "%d", status & 0xff);
	}
}

int main(int argc, char **argv)
{
	open_console();
	if (argc > 1) {
		tcsetpgrp(STDIN, getpid()); /* Ctrl-C ends the command */
		execvp(argv[1], argv + 1);
		poweroff(exec_failed("init", argv[1]));
	}
	shells();
}
