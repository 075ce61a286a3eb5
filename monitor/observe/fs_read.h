/* A small read-only reader of the guest's file system (include/fs_format.h),
 * so that the profiler can read a program's symbols from the disk it ran
 * from. The guest writes that disk: every number read from it is checked
 * (the superblock and the block map by disk/format/, the host library). */
#ifndef VMM_FS_READ_H
#define VMM_FS_READ_H

#include <stddef.h>
#include <stdint.h>

#define FS_READ_MAX (64u << 20) /* largest file read */

/* Reads the regular file with inode number inum from the file system of
 * size bytes at offset in the file fd, into a new buffer (*out, *len; free
 * it). Returns 0, or -1 with *why set to a reason (nothing printed). */
int fs_read_inode(int fd, uint64_t offset, uint64_t size, uint32_t inum, uint8_t **out, size_t *len,
                  const char **why);

/* The same for the regular file at path ("/bin/ls"), found from the root
 * directory. */
int fs_read_path(int fd, uint64_t offset, uint64_t size, const char *path, uint8_t **out,
                 size_t *len, const char **why);

#endif
