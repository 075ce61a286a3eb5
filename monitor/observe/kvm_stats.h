/* KVM's binary statistics (KVM_GET_STATS_FD): per-VM and per-vCPU counters
 * read without debugfs, e.g. insn_emulation, which on kvm_pvm counts every
 * emulated guest kernel instruction. */
#ifndef VMM_KVM_STATS_H
#define VMM_KVM_STATS_H

#include <stdint.h>
#include <stdio.h>

struct kvm_stats_set {
	int fd;
	int count;         /* number of statistics */
	char (*names)[64]; /* name of each */
	uint32_t *flags;   /* KVM_STATS_TYPE_* | unit | base of each */
	uint32_t *offset;  /* index of each one's first value in data */
	uint16_t *size;    /* number of values of each */
	uint64_t ndata;    /* values in one snapshot */
	uint64_t data_offset_bytes;
	uint64_t *start; /* snapshot taken by kvm_stats_begin */
	uint64_t *now;   /* snapshot taken by kvm_stats_end */
};

/* Opens the statistics of a VM or vCPU fd. Returns 0 or -1 (printed). */
int kvm_stats_open(struct kvm_stats_set *s, int kvm_object_fd);
int kvm_stats_begin(struct kvm_stats_set *s);
int kvm_stats_end(struct kvm_stats_set *s);

/* Reads the current values (s->ndata of them) into into. */
int kvm_stats_read(const struct kvm_stats_set *s, uint64_t *into);
/* Whether statistic i only ever grows (so deltas of it make sense). */
int kvm_stats_is_cumulative(const struct kvm_stats_set *s, int i);

/* The index in a snapshot of the named single-valued statistic; -1 if
 * absent. */
int kvm_stats_find(const struct kvm_stats_set *s, const char *name);

/* The change of a cumulative counter between begin and end; -1 if absent. */
int64_t kvm_stats_delta(const struct kvm_stats_set *s, const char *name);

/* Prints every counter: deltas for cumulative ones, values for the rest. */
void kvm_stats_print(const struct kvm_stats_set *s, const char *title, FILE *f);
void kvm_stats_close(struct kvm_stats_set *s);

#endif
