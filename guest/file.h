/*
 * Open files: what a file descriptor names. A struct file is shared by the
 * descriptors that dup and fork make from one open (ref counts them) and
 * holds what they share: the access mode and the offset. It refers to a
 * pipe, an inode (a file or directory), or a device, which may have an
 * inode (a device file) or not (the console the kernel gives the first
 * process).
 */
#ifndef FILE_H
#define FILE_H

#include <stdint.h>

struct inode;
struct pipe;
struct stat;

enum filetype { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE };

struct file {
	enum filetype type;
	int ref; /* descriptors naming it; changed atomically */
	char readable, writable, append;
	uint16_t major;    /* FD_DEVICE: which device (FS_DEV_*) */
	struct pipe *pipe; /* FD_PIPE */
	struct inode *ip;  /* FD_INODE, and FD_DEVICE when opened from a device file */
	uint64_t off;      /* FD_INODE: the next read or write, guarded by ip's lock */
	struct file *next; /* on the table's free list */
};

/* file.c */
struct file *filealloc(void);
struct file *filedup(struct file *f);
void filedupn(struct file *const *f, int n);
void fileclose(struct file *f);
void fileclosen(struct file **f, int n);
long fileread(struct file *f, uint64_t addr, long n);
long filewrite(struct file *f, uint64_t addr, long n);
int filestat(struct file *f, uint64_t addr);
long fileseek(struct file *f, long off, int whence);
struct file *console_file(void);
void iput_op(struct inode *ip);

/* sysfile.c */
int fdalloc(struct file *f);

/* pipe.c */
int pipealloc(struct file **rf, struct file **wf);
void pipeclose(struct pipe *pi, int writable);
long piperead(struct pipe *pi, uint64_t addr, long n);
long pipewrite(struct pipe *pi, uint64_t addr, long n);

#endif
