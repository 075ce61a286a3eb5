/*
 * fstest's shared parts: the test table's shape, limits, and the helpers
 * every group of tests uses (util.c). Each group of tests lives in its own
 * file in user/tests/fstest/; fstest.c runs them.
 *
 * The user stack is one page: tests keep big buffers in static storage or
 * get them from sbrk, never on the stack, and nothing recurses deeply.
 */
#ifndef FSTEST_H
#define FSTEST_H

#include <limits.h>

#include "tests/lib/testlib.h"

#define TDIR         "/tmp/fstest" /* each test runs in this fresh directory */
#define SELF         "/bin/fstest" /* exec tests run this program again */
#define ARGCHECK     "--argcheck"  /* argv[1] of the exec helper modes */
#define FDCHECK      "--fdcheck"
#define EXEC_WRONGLY 99 /* the helper's status when exec should have failed */
#define NAMEBUF      (FS_NAME_MAX + 1)
#define BIGBUF       (1 << 20) /* bytes of each of the two sbrk buffers */

/* A test's own flag (testlib.h has the others) */
#define T_NODIR T_OWN /* no scratch directory (the disk may be read-only) */

/* BIGBUF bytes each, from sbrk; buf1 is test_iobuf too, which put_pattern
 * and check_pattern overwrite. */
extern char *buf1, *buf2;
extern int quick; /* fstest -q: smaller wide and many tests */

/* The inode number of path, or 0 if it cannot be opened. */
unsigned ino_of(const char *path);
/* The end of a test of the file path open as fd: closes fd and, if the
 * test has passed (r is 0), unlinks path; r, or why the unlink failed. */
const char *close_and_unlink(int fd, const char *path, const char *r);

/* The tests: each returns 0 when it passes, or why it failed. */
const char *t_create(void);
const char *t_overwrite(void);
const char *t_trunc(void);
const char *t_append(void);
const char *t_lseek(void);
const char *t_hole(void);
const char *t_unlink_open(void);
const char *t_links(void);
const char *t_dup(void);
const char *t_fork_fd(void);
const char *t_fsync(void);
const char *t_bigfile(void);
const char *t_kill_write(void);

const char *t_dirs(void);
const char *t_dots(void);
const char *t_link_dir(void);
const char *t_rmdir(void);
const char *t_deep(void);
const char *t_wide(void);
const char *t_many(void);

const char *t_pipe_big(void);
const char *t_pipe_closed(void);
const char *t_pipe_eof(void);
const char *t_pipe_kill(void);

const char *t_exec_args(void);
const char *t_exec_limits(void);
const char *t_exec_bad(void);
const char *t_exec_fds(void);
int argcheck(int argc, char **argv); /* the exec helper modes */
int fdcheck(void);

const char *t_longname(void);
const char *t_maxfile(void);
const char *t_trunc_open(void);
const char *t_rmdir_cwd(void);
const char *t_append_race(void);
const char *t_create_race(void);

const char *t_file_table(void);
const char *t_inode_table(void);
const char *t_diskfull(void);

const char *t_nofile(void);
const char *t_rdonly_fd(void);
const char *t_wronly_fd(void);
const char *t_badfd(void);
const char *t_fd_limit(void);
const char *t_badptr(void);
const char *t_fstat(void);
const char *t_readonly(void);

#endif
