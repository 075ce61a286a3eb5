/*
 * System calls that take path names: open, link, unlink, mkdir, mknod,
 * chdir and exec.
 *
 * A path argument is copied into the process's path buffers (PATH_MAX
 * bytes with its NUL), not onto the one-page kernel stack. Each call that
 * changes the disk runs in one log operation and fails with -1 on a
 * read-only disk (begin_op refuses). The calls that only look (opening
 * for reading, chdir) take a log operation when they can, as path lookups
 * and iput need (fs.h), and go on without one on a read-only disk, where
 * nothing can be unlinked, so no iput writes.
 */
#include "defs.h"
#include "file.h"
#include "fs.h"
#include "proc.h"

/* Copy path argument n into buf (PATH_MAX bytes): 0, or -1 for a bad
 * address or a path too long. */
static int argpath(int n, char *buf)
{
	return copyinstr(buf, argraw(n), PATH_MAX) < 0 ? -1 : 0;
}

static int is_dot(const char *name)
{
	return namecmp(name, ".") == 0 || namecmp(name, "..") == 0;
}

/* The directory holding path's last element, locked, with the element's
 * name to name; 0 if there is none, it is not a directory, or it has been
 * removed (a current directory can be): an entry made there would be lost
 * with it. */
static struct inode *lock_parent(const char *path, char *name)
{
	struct inode *dp = nameiparent(path, name);

	if (!dp)
		return 0;
	if (ilock(dp) < 0) {
		iput(dp);
		return 0;
	}
	if (dp->type != FS_T_DIR || dp->nlink == 0) {
		iunlockput(dp);
		return 0;
	}
	return dp;
}

/* Make the new inode ip (locked, type FS_T_*) the entry name of directory
 * dp (locked): a directory gets "." and "..", and its link from ".." to
 * dp. 0, or -1 (ip then has no links). */
static int link_new(struct inode *dp, const char *name, struct inode *ip)
{
	int dir = ip->type == FS_T_DIR;

	if (dir && (dp->nlink == UINT16_MAX || dirlink(ip, ".", ip->inum) < 0 ||
	            dirlink(ip, "..", dp->inum) < 0))
		return -1;
	if (dirlink(dp, name, ip->inum) < 0)
		return -1;
	ip->nlink = dir ? 2 : 1; /* its entry in dp, and its own "." */
	iupdate(ip);
	if (dir) {
		dp->nlink++;
		iupdate(dp);
	}
	return 0;
}

/*
 * The inode path names, locked, made as type (FS_T_*) if it does not
 * exist. An existing file or device is fine when type is FS_T_FILE (open
 * with O_CREATE); anything else existing is an error. 0 on an error. In a
 * log operation.
 */
static struct inode *create(const char *path, uint16_t type, uint16_t major, uint16_t minor)
{
	char name[FS_NAME_MAX + 1];
	struct inode *dp, *ip;

	if (!(dp = lock_parent(path, name)))
		return 0;
	if ((ip = dirlookup(dp, name, 0))) {
		iunlockput(dp);
		if (ilock(ip) < 0) {
			iput(ip);
			return 0;
		}
		if (type == FS_T_FILE && (ip->type == FS_T_FILE || ip->type == FS_T_DEV))
			return ip;
		iunlockput(ip);
		return 0;
	}
	/* A new inode is valid from ialloc on: its ilock reads nothing. */
	if (!(ip = ialloc(type)) || ilock(ip) < 0) {
		if (ip)
			iput(ip);
		iunlockput(dp);
		return 0;
	}
	ip->major = major;
	ip->minor = minor;
	if (link_new(dp, name, ip) < 0) {
		ip->nlink = 0; /* iput frees it */
		iupdate(ip);
		iunlockput(ip);
		ip = 0;
	}
	iunlockput(dp);
	return ip;
}

/* Open the locked inode ip with flags O_*: a descriptor, or -1. */
static int open_inode(struct inode *ip, int flags)
{
	int mode = flags & 3, fd;
	struct file *f;

	if ((ip->type == FS_T_DIR && mode != O_RDONLY) ||
	    (ip->type == FS_T_DEV && ip->major != FS_DEV_CONSOLE) || !(f = filealloc()))
		return -1;
	if ((fd = fdalloc(f)) < 0) {
		fileclose(f);
		return -1;
	}
	f->type = ip->type == FS_T_DEV ? FD_DEVICE : FD_INODE;
	f->major = ip->major;
	f->ip = ip;
	f->readable = mode != O_WRONLY;
	f->writable = mode != O_RDONLY;
	f->append = (flags & O_APPEND) != 0;
	if ((flags & O_TRUNC) && ip->type == FS_T_FILE)
		itrunc(ip);
	return fd;
}

/* open(path, flags): a descriptor. O_CREATE and O_TRUNC need a writable
 * disk; reading does not. */
long sys_open(void)
{
	char *path = myproc()->path[0];
	int flags = (int)argraw(1), fd = -1, logged;
	struct inode *ip;

	if (argpath(0, path) < 0 || (flags & 3) == 3)
		return -1;
	logged = begin_op() == 0;
	if (!logged && (flags & (O_CREATE | O_TRUNC)))
		return -1;
	if (flags & O_CREATE)
		ip = create(path, FS_T_FILE, 0, 0);
	else if ((ip = namei(path)) && ilock(ip) < 0) {
		iput(ip);
		ip = 0;
	}
	if (ip) {
		if ((fd = open_inode(ip, flags)) < 0)
			iunlockput(ip);
		else
			iunlock(ip);
	}
	if (logged)
		end_op();
	return fd;
}

/* mkdir(path) */
long sys_mkdir(void)
{
	char *path = myproc()->path[0];
	struct inode *ip;

	if (argpath(0, path) < 0 || begin_op() < 0)
		return -1;
	if ((ip = create(path, FS_T_DIR, 0, 0)))
		iunlockput(ip);
	end_op();
	return ip ? 0 : -1;
}

/* mknod(path, major, minor): a device file. */
long sys_mknod(void)
{
	char *path = myproc()->path[0];
	int major = (int)argraw(1), minor = (int)argraw(2);
	struct inode *ip;

	if (major < 0 || major > UINT16_MAX || minor < 0 || minor > UINT16_MAX ||
	    argpath(0, path) < 0 || begin_op() < 0)
		return -1;
	if ((ip = create(path, FS_T_DEV, major, minor)))
		iunlockput(ip);
	end_op();
	return ip ? 0 : -1;
}

/* link(old, new): a new name for a file that is not a directory. The link
 * count goes up first and comes down again if the new name fails. */
long sys_link(void)
{
	char name[FS_NAME_MAX + 1], *old = myproc()->path[0], *new = myproc()->path[1];
	struct inode *ip, *dp;

	if (argpath(0, old) < 0 || argpath(1, new) < 0 || begin_op() < 0)
		return -1;
	if (!(ip = namei(old))) {
		end_op();
		return -1;
	}
	if (ilock(ip) < 0) {
		iput(ip);
		end_op();
		return -1;
	}
	if (ip->type == FS_T_DIR || ip->nlink == UINT16_MAX) {
		iunlockput(ip);
		end_op();
		return -1;
	}
	ip->nlink++;
	iupdate(ip);
	iunlock(ip);
	if ((dp = lock_parent(new, name))) {
		if (dirlink(dp, name, ip->inum) == 0) {
			iunlockput(dp);
			iput(ip);
			end_op();
			return 0;
		}
		iunlockput(dp);
	}
	if (ilock(ip) == 0) { /* it cannot fail: ip stayed valid since the first */
		ip->nlink--;
		iupdate(ip);
		iunlock(ip);
	}
	iput(ip);
	end_op();
	return -1;
}

/* Remove the entry at offset off of directory dp (locked) for ip (locked);
 * a directory, which must be empty, loses its "." and dp its "..". 0, or
 * -1. */
static int remove_entry(struct inode *dp, uint64_t off, struct inode *ip)
{
	struct fs_dirent de = {0};
	int dir = ip->type == FS_T_DIR;

	if ((dir && !dir_is_empty(ip)) ||
	    writei(dp, 0, (uintptr_t)&de, off, sizeof de) != sizeof de)
		return -1;
	if (dir) {
		dp->nlink--;
		iupdate(dp);
		ip->nlink--;
	}
	ip->nlink--;
	iupdate(ip);
	return 0;
}

/* unlink(path): not "." or "..", nor a directory with entries. An open
 * file keeps its contents until its last close: iput frees them. */
long sys_unlink(void)
{
	char name[FS_NAME_MAX + 1], *path = myproc()->path[0];
	struct inode *dp, *ip;
	uint64_t off;
	int r = -1;

	if (argpath(0, path) < 0 || begin_op() < 0)
		return -1;
	if ((dp = lock_parent(path, name))) {
		if (!is_dot(name) && (ip = dirlookup(dp, name, &off))) {
			if (ilock(ip) == 0) {
				r = remove_entry(dp, off, ip);
				iunlock(ip);
			}
			iput(ip);
		}
		iunlockput(dp);
	}
	end_op();
	return r;
}

/* chdir(path) */
long sys_chdir(void)
{
	struct proc *p = myproc();
	struct inode *ip;
	int r = -1, logged;

	if (argpath(0, p->path[0]) < 0)
		return -1;
	logged = begin_op() == 0;
	if ((ip = namei(p->path[0]))) {
		if (ilock(ip) < 0) {
			iput(ip);
		} else if (ip->type == FS_T_DIR) {
			iunlock(ip);
			cwd_set(ip);
			r = 0;
		} else {
			iunlockput(ip);
		}
	}
	if (logged)
		end_op();
	return r;
}

/* exec(path, argv): no return, but -1 if the program cannot run. */
long sys_exec(void)
{
	char *path = myproc()->path[0];

	if (argpath(0, path) < 0)
		return -1;
	return exec(path, argraw(1), 1) < 0 ? -1 : 0;
}
