/*
 * The file system, as the rest of the kernel sees it: the log (log.c), the
 * inode layer with directories and path names (fs.c and its neighbours),
 * and the moves between file blocks and memory. The on-disk format is
 * include/fs_format.h; the block device and buffer cache below this are
 * block.c and bio.c (buf.h).
 *
 * Locking, as in xv6: an inode's reference (ref, taken by iget/idup,
 * dropped by iput) keeps it in the table; its sleep lock (ilock) guards
 * the fields read from disk and its contents. Every call that may write
 * the disk (ialloc, iupdate, itrunc, writei, dirlink, and iput of the last
 * link) runs inside a log operation: begin_op() ... end_op().
 *
 * A damaged disk: every value read from it is checked where it enters
 * (fsimpl.h). A call that meets a bad one fails (ilock, readi, writei and
 * the lookups return their error), the kernel says so in one line, and
 * from then on the file system is read-only (fs.c: fs_error).
 */
#ifndef FS_H
#define FS_H

#include <limits.h>
#include <stdint.h>
#include "fs_format.h"
#include "sleeplock.h"
#include "syscall.h"

/* An inode in memory: the on-disk fields are valid once ilock has read
 * them (valid = 1). */
struct inode {
	uint32_t inum;
	int ref; /* references from the kernel (open files, cwd, callers) */
	struct sleeplock lock;
	int valid;
	uint16_t type; /* copy of the disk inode: FS_T_* */
	uint16_t major, minor;
	uint16_t nlink;
	uint64_t size;
	uint32_t addrs[FS_NDIRECT + 2];
};

/* Set up the disk and mount the file system (replaying the log if it holds
 * a committed transaction). 0, or -1 with the reason printed when there is
 * no block device or no valid file system; the kernel then runs without
 * one and every path lookup fails. */
int fs_init(void);
int fs_mounted(void);
int fs_readonly(void); /* changes are refused: --readonly, or damage found */

/* The log (log.c). begin_op waits for room in the log for one operation
 * of up to LOG_OP_BLOCKS block writes; -1 if the disk is read-only, or
 * damage was found (fs_readonly).
 * end_op ends it; the transaction commits later (group commit), or at
 * once in log_sync. */
#define LOG_OP_BLOCKS 64
int begin_op(void);
void end_op(void);
/* Commit everything written so far and wait until it is on stable
 * storage: 0, or -1 on a device error. For fsync and power-off. */
int log_sync(void);

/* Bytes one writei may write inside one log operation, counting the
 * indirect, bitmap and inode blocks it may also dirty: a larger write is
 * split into operations of this size (file.c). */
#define FS_OP_WRITE_MAX ((LOG_OP_BLOCKS - 8) / 2 * FS_BLOCK_SIZE)

/* Inodes (fs.c) */
struct inode *ialloc(uint16_t type); /* a new inode, referenced, unlocked; 0 if none */
struct inode *idup(struct inode *ip);
/* Lock ip, reading it from disk the first time: 0, or -1 if the disk
 * inode is damaged (said, and ip is then not locked). */
int ilock(struct inode *ip) __attribute__((warn_unused_result));
void iunlock(struct inode *ip);
void iput(struct inode *ip); /* frees the inode and its blocks at the last reference
                                   to an inode with no links */
void iunlockput(struct inode *ip);
void iupdate(struct inode *ip); /* write the in-memory fields to disk */
void itrunc(struct inode *ip);  /* to size 0, its blocks freed */
void stati(struct inode *ip, struct stat *st);

/* The largest file: what the block map holds, and no further than lseek's
 * long offsets reach (2 GiB - 1 on i386). */
#define FILE_MAX_BYTES                                                                             \
	((uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE < (uint64_t)LONG_MAX                         \
	     ? (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE                                        \
	     : (uint64_t)LONG_MAX)

/* Contents (locked inode). dst or src is a user virtual address of the
 * current process when user is 1, else a kernel address. The bytes moved,
 * or -1 on a bad user address or damage met before any moved. readi stops
 * at the end of the file; writei grows it, up to FILE_MAX_BYTES. */
long readi(struct inode *ip, int user, uint64_t dst, uint64_t off, uint64_t n);
long writei(struct inode *ip, int user, uint64_t src, uint64_t off, uint64_t n);

/* Directories and path names */
int namecmp(const char *a, const char *b); /* compare as FS_NAME_MAX-byte names */
struct inode *dirlookup(struct inode *dp, const char *name, uint64_t *poff);
int dirlink(struct inode *dp, const char *name, uint32_t inum); /* 0, or -1 if present */
int dir_is_empty(struct inode *dp);                             /* only "." and ".." */
/* The inode a path names, referenced and unlocked, or 0. Relative paths
 * start at the current process's cwd. */
struct inode *namei(const char *path);
/* The directory holding the path's last element, whose name goes to name
 * (FS_NAME_MAX + 1 bytes), or 0. */
struct inode *nameiparent(const char *path, char *name);

#endif
