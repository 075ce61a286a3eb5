/*
 * fstest: the file system's tests, from user space.
 *
 *   fstest              runs every test but the manual ones
 *   fstest -q           the same without the slow ones (the 64 MiB file),
 *                       and with fewer files in wide and many
 *   fstest -q TEST...   the named tests, wide and many made smaller
 *   fstest TEST...      runs the named tests (manual ones included)
 *   fstest --argcheck   the exec tests' helpers: check their own argv,
 *   fstest --fdcheck    or descriptor 3 and the current directory
 *
 * Prints "ok - NAME" or "FAIL - NAME: why" for each test and then
 * "fstest: N passed, N failed"; exits 0 when all pass. Each test runs in a
 * fresh directory, TDIR, its current directory, which is removed after it.
 * A test returns 0 when it passes, or why it failed; work that may kill
 * the process doing it runs in a child. Run it with -m 256M: the big-file
 * and pipe tests keep 2 MiB of buffers.
 */
#include "fstest/fstest.h"

static const struct test tests[] = {
    {"create", t_create, 0},
    {"overwrite", t_overwrite, 0},
    {"trunc", t_trunc, 0},
    {"append", t_append, 0},
    {"lseek", t_lseek, 0},
    {"hole", t_hole, 0},
    {"unlink-open", t_unlink_open, 0},
    {"links", t_links, 0},
    {"dup", t_dup, 0},
    {"fork-fd", t_fork_fd, 0},
    {"fsync", t_fsync, 0},
    {"kill-write", t_kill_write, 0},
    {"dirs", t_dirs, 0},
    {"dots", t_dots, 0},
    {"link-dir", t_link_dir, 0},
    {"rmdir", t_rmdir, 0},
    {"deep", t_deep, 0},
    {"wide", t_wide, 0},
    {"many", t_many, 0},
    {"pipe-big", t_pipe_big, 0},
    {"pipe-closed", t_pipe_closed, 0},
    {"pipe-eof", t_pipe_eof, 0},
    {"pipe-kill", t_pipe_kill, 0},
    {"exec-args", t_exec_args, 0},
    {"exec-limits", t_exec_limits, 0},
    {"exec-bad", t_exec_bad, 0},
    {"exec-fds", t_exec_fds, 0},
    {"longname", t_longname, 0},
    {"maxfile", t_maxfile, 0},
    {"trunc-open", t_trunc_open, 0},
    {"rmdir-cwd", t_rmdir_cwd, 0},
    {"append-race", t_append_race, 0},
    {"create-race", t_create_race, 0},
    {"file-table", t_file_table, 0},
    {"nofile", t_nofile, 0},
    {"rdonly-fd", t_rdonly_fd, 0},
    {"wronly-fd", t_wronly_fd, 0},
    {"badfd", t_badfd, 0},
    {"fd-limit", t_fd_limit, 0},
    {"badptr", t_badptr, 0},
    {"fstat", t_fstat, 0},
    {"bigfile", t_bigfile, T_SLOW},
    /* last: a kernel that panics when its inode table fills ends the run
     * here, after every other test has reported */
    {"inode-table", t_inode_table, 0},
    {"readonly", t_readonly, T_MANUAL | T_NODIR},
    {"diskfull", t_diskfull, T_MANUAL},
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

/* Each test but the T_NODIR ones in a fresh TDIR, removed after it. */
static const char *before(const struct test *t)
{
	return t->flags & T_NODIR ? 0 : enter_fresh_dir(TDIR);
}

static const char *after(const struct test *t, const char *r)
{
	return t->flags & T_NODIR ? r : remove_dir_after(TDIR, r);
}

static const struct suite suite = {"fstest: ", tests, NTESTS, before, after};

int main(int argc, char **argv)
{
	test_prog = "fstest";
	if (argc > 1 && strcmp(argv[1], ARGCHECK) == 0)
		return argcheck(argc, argv);
	if (argc > 1 && strcmp(argv[1], FDCHECK) == 0)
		return fdcheck();
	quick = argc > 1 && strcmp(argv[1], "-q") == 0;
	buf1 = sbrk(2 * BIGBUF);
	if (buf1 == (char *)-1) {
		printf("fstest: sbrk of %d bytes failed (run with -m 256M)\n", 2 * BIGBUF);
		return 1;
	}
	buf2 = buf1 + BIGBUF;
	test_iobuf = buf1;
	test_iobuf_size = BIGBUF;
	return run_suite(&suite, quick, argc - 1 - quick, argv + 1 + quick);
}
