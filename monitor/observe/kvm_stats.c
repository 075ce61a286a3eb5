/* Reading KVM_GET_STATS_FD: a header, then descriptors (each followed by
 * its name), then the data block of u64 values; one pread takes a snapshot. */
#include "observe/kvm_stats.h"

#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/util.h"

static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n = pread(fd, buf, len, (off_t)off);
	return n == (ssize_t)len ? 0 : -1;
}

static int read_descriptors(struct kvm_stats_set *s, const struct kvm_stats_header *h)
{
	size_t dsz = sizeof(struct kvm_stats_desc) + h->name_size;
	uint8_t *raw = malloc(dsz * h->num_desc);
	s->names = calloc(h->num_desc, sizeof(*s->names));
	s->flags = calloc(h->num_desc, sizeof(*s->flags));
	s->offset = calloc(h->num_desc, sizeof(*s->offset));
	s->size = calloc(h->num_desc, sizeof(*s->size));
	if (!raw || !s->names || !s->flags || !s->offset || !s->size) {
		free(raw);
		return fail("out of memory for KVM statistics");
	}
	if (read_at(s->fd, raw, dsz * h->num_desc, h->desc_offset) < 0) {
		free(raw);
		return fail("cannot read KVM statistics descriptors");
	}
	for (uint32_t i = 0; i < h->num_desc; i++) {
		const struct kvm_stats_desc *d = (const void *)(raw + i * dsz);
		snprintf(s->names[i], sizeof(s->names[i]), "%.*s", (int)h->name_size, d->name);
		s->flags[i] = d->flags;
		s->offset[i] = d->offset / 8;
		s->size[i] = d->size;
		if (d->offset / 8 + d->size > s->ndata)
			s->ndata = d->offset / 8 + d->size;
	}
	free(raw);
	s->count = (int)h->num_desc;
	return 0;
}

int kvm_stats_open(struct kvm_stats_set *s, int kvm_object_fd)
{
	*s = (struct kvm_stats_set){.fd = ioctl(kvm_object_fd, KVM_GET_STATS_FD, NULL)};
	if (s->fd < 0)
		return fail_errno("KVM_GET_STATS_FD");
	struct kvm_stats_header h;
	if (read_at(s->fd, &h, sizeof(h), 0) < 0)
		return fail("cannot read the KVM statistics header");
	s->data_offset_bytes = h.data_offset;
	if (read_descriptors(s, &h) < 0)
		return -1;
	s->start = calloc(s->ndata, sizeof(uint64_t));
	s->now = calloc(s->ndata, sizeof(uint64_t));
	if (!s->start || !s->now)
		return fail("out of memory for KVM statistics");
	return 0;
}

int kvm_stats_read(const struct kvm_stats_set *s, uint64_t *into)
{
	if (read_at(s->fd, into, s->ndata * sizeof(uint64_t), s->data_offset_bytes) < 0)
		return fail("cannot read KVM statistics");
	return 0;
}

int kvm_stats_begin(struct kvm_stats_set *s)
{
	return kvm_stats_read(s, s->start);
}

int kvm_stats_end(struct kvm_stats_set *s)
{
	return kvm_stats_read(s, s->now);
}

int kvm_stats_is_cumulative(const struct kvm_stats_set *s, int i)
{
	return (s->flags[i] & KVM_STATS_TYPE_MASK) == KVM_STATS_TYPE_CUMULATIVE;
}

int kvm_stats_find(const struct kvm_stats_set *s, const char *name)
{
	for (int i = 0; i < s->count; i++)
		if (s->size[i] == 1 && strcmp(s->names[i], name) == 0)
			return (int)s->offset[i];
	return -1;
}

int64_t kvm_stats_delta(const struct kvm_stats_set *s, const char *name)
{
	for (int i = 0; i < s->count; i++)
		if (strcmp(s->names[i], name) == 0)
			return (int64_t)(s->now[s->offset[i]] - s->start[s->offset[i]]);
	return -1;
}

void kvm_stats_print(const struct kvm_stats_set *s, const char *title, FILE *f)
{
	fprintf(f, "%s\n", title);
	for (int i = 0; i < s->count; i++) {
		uint32_t type = s->flags[i] & KVM_STATS_TYPE_MASK;
		if (s->size[i] != 1)
			continue; /* histograms: left to --stats's own tables */
		uint64_t v = s->now[s->offset[i]];
		if (kvm_stats_is_cumulative(s, i))
			v -= s->start[s->offset[i]];
		fprintf(f, "  %-32s %14llu%s\n", s->names[i], (unsigned long long)v,
		        type == KVM_STATS_TYPE_PEAK ? "  (peak)" : "");
	}
}

void kvm_stats_close(struct kvm_stats_set *s)
{
	if (s->fd > 0)
		close(s->fd);
	free(s->names);
	free(s->flags);
	free(s->offset);
	free(s->size);
	free(s->start);
	free(s->now);
	*s = (struct kvm_stats_set){.fd = -1};
}
