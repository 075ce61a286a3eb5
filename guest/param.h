/* Kernel limits. */
#ifndef PARAM_H
#define PARAM_H

#include "mmu.h"

#define NPROC      64 /* process slots; a power of two, see proc.c's pids */
#define NCPU       1  /* CPUs the kernel runs on */
#define NSLEEPQ    64 /* wait-channel hash buckets; a power of two */
#define KSTACKSIZE PGSIZE
#define USTACKSIZE PGSIZE /* the user stack, above its guard page */
#define NOFILE     64     /* open files per process */
#define NFILE      512    /* open files in the system */
#define NINODE     256    /* inodes in memory */

#endif
