/* Attacks on the block device: requests with no, too many or garbage
 * segments, segments of bad lengths or outside RAM, too long in all, sectors
 * past the end or overflowing, unknown operations, flushes and INFO with
 * segments, garbage; mixed with good reads and writes inside the partition.
 * The guest keeps the first 8 bytes of every sector it wrote (a shadow) and
 * checks that good reads return them. */
#include "hostile.h"

#define HEADER      sizeof(struct vmm_blk_req)
#define SEG         sizeof(struct vmm_blk_seg)
#define SECTOR      VMM_BLK_SECTOR
#define MAX_SECTORS (32u << 10) /* partitions up to 16 MiB */
#define CHECKED     64          /* sectors of a request whose data is checked */

static union {
	struct vmm_blk_req r;
	uint8_t bytes[HEADER + VMM_BLK_MAX_SEGS * SEG];
} req;

static uint64_t sectors;             /* the partition's size */
static uint64_t shadow[MAX_SECTORS]; /* first 8 bytes of each sector on disk */
static uint8_t unknown[MAX_SECTORS]; /* shadow does not hold them */
static uint64_t stamp[CHECKED];      /* the first sectors of the write being sent */

int block_init(void)
{
	req.r = (struct vmm_blk_req){.op = VMM_BLK_OP_INFO};
	struct request r = {D_BLOCK, ZONE_DESC, req.bytes, HEADER, HEADER, 20, 0};
	if (send(&r) != VMM_STATUS_OK)
		return -1;
	/* The test hands over a partition of zeros: shadow holds them already. */
	memcpy(&sectors, (uint8_t *)phys(ZONE_DESC) + 8, sizeof(sectors));
	tally.valid[D_BLOCK]++;
	return sectors && sectors <= MAX_SECTORS ? 0 : -1;
}

/* The statuses the request at gpa may fail with (0: it must succeed);
 * *count receives the sectors it moves. Every check that applies counts:
 * the ABI does not say which one a request failing several reports. */
static uint32_t predict(uint32_t gpa, uint64_t *count)
{
	const struct vmm_blk_req *r = &req.r;
	*count = 0;
	if (r->op == VMM_BLK_OP_FLUSH || r->op == VMM_BLK_OP_INFO)
		return r->nseg ? ST(VMM_STATUS_EINVAL) : 0;
	if (r->op != VMM_BLK_OP_READ && r->op != VMM_BLK_OP_WRITE)
		return ST(VMM_STATUS_EINVAL);
	uint64_t n = r->nseg, total = 0;
	uint32_t e = in_ram((uint64_t)gpa + HEADER, n * SEG) ? 0 : ST(VMM_STATUS_EFAULT);
	if (n == 0 || n > VMM_BLK_MAX_SEGS) /* too many: what the segments say is moot */
		return e | ST(VMM_STATUS_EINVAL);
	if (e)
		return e;
	for (uint64_t i = 0; i < n; i++) {
		const struct vmm_blk_seg *s = &r->seg[i];
		if (s->len == 0 || s->len % SECTOR || s->len > VMM_BLK_MAX_BYTES)
			e |= ST(VMM_STATUS_EINVAL);
		total += s->len;
		if (total > VMM_BLK_MAX_BYTES)
			e |= ST(VMM_STATUS_EINVAL);
		if (!in_ram(s->addr, s->len))
			e |= ST(VMM_STATUS_EFAULT);
	}
	if (r->sector > sectors || (!e && total / SECTOR > sectors - r->sector))
		e |= ST(VMM_STATUS_EINVAL);
	*count = total / SECTOR;
	return e;
}

/* Where the good segments of span bytes lie: for a read, anywhere the
 * guest may write (the descriptor itself included); for a write, the write
 * zone, or anywhere in RAM. */
static uint64_t segment_base(uint32_t gpa, uint64_t span, int write)
{
	uint64_t r = below(10);
	if (r < 2 && writable(gpa, span))
		return gpa;
	if (write && r < 5)
		return below(ram_size - span);
	if (!write && r < 4 && span < VMM_RESERVED_END)
		return below(VMM_RESERVED_END - span);
	return (write ? ZONE_WRITE : ZONE_READ) + below(6 * MIB - span);
}

/* A good read or write of up to 16 sectors (now and then up to 4 MiB) in
 * nseg segments with small gaps between them; its sectors. The first
 * sectors a write takes from the write zone get fresh random contents. */
static uint64_t build_rw(uint32_t gpa, uint32_t op)
{
	uint32_t nseg = chance(2) ? VMM_BLK_MAX_SEGS : 1 + (uint32_t)below(4);
	uint64_t max = VMM_BLK_MAX_BYTES / SECTOR, left = chance(1) ? max : 1 + below(16);
	if (left < nseg)
		left = nseg;
	if (left > sectors)
		left = sectors;
	uint64_t count = left;
	/* Often the run ends at the very last sector. */
	req.r =
	    (struct vmm_blk_req){.op = op,
	                         .nseg = nseg,
	                         .sector = chance(30) ? sectors - left : below(sectors - left + 1)};
	uint64_t gaps = 64 * 3 * nseg,
	         addr = segment_base(gpa, left * SECTOR + gaps, op == VMM_BLK_OP_WRITE);
	int stamp_it = op == VMM_BLK_OP_WRITE && addr >= ZONE_WRITE && addr < ZONE_COPY;
	for (uint32_t i = 0, stamped = 0; i < nseg; i++) {
		uint64_t n = i == nseg - 1 ? left : 1 + below(left - (nseg - 1 - i));
		req.r.seg[i] = (struct vmm_blk_seg){.addr = addr, .len = (uint32_t)(n * SECTOR)};
		for (uint64_t k = 0; stamp_it && k < n && stamped < CHECKED; k++, stamped++) {
			uint64_t v = rnd();
			__builtin_memcpy(phys(addr + k * SECTOR), &v,
			                 sizeof(v)); /* maybe unaligned */
		}
		addr += n * SECTOR + 64 * below(4);
		left -= n;
	}
	return count;
}

/* A first sector for a run of count sectors that does not fit. */
static uint64_t bad_sector(uint64_t count)
{
	switch (below(6)) {
	case 0:
	case 1:
		return sectors - count + 1 + below(4); /* ends 1 to 4 sectors past the end */
	case 2:
		return sectors + below(1ull << 40);
	case 3:
		return ~0ull - below(16);
	case 4:
		return (1ull << 55) + below(1 << 20); /* times 512 wraps past 2^64 */
	default:
		return ~0ull / SECTOR + 1 + below(1 << 20);
	}
}

/* Spoils a good read or write of count sectors in one way (or not, 40%
 * of the time). */
static void spoil(uint64_t count)
{
	struct vmm_blk_seg *s = &req.r.seg[below(req.r.nseg)];
	uint64_t r = below(100);
	if (r < 40)
		return;
	if (r < 50) {
		uint32_t lens[] = {0, s->len + 1 + (uint32_t)below(SECTOR - 1),
		                   (uint32_t)VMM_BLK_MAX_BYTES + SECTOR * (1 + (uint32_t)below(16)),
		                   (uint32_t)rnd()};
		s->len = lens[below(4)];
	} else if (r < 60)
		s->addr = bad_range(s->len, s->addr);
	else if (r < 65 && req.r.nseg > 1)
		req.r.seg[0].len = (uint32_t)VMM_BLK_MAX_BYTES; /* too much in all */
	else if (r < 80)
		req.r.sector = bad_sector(count);
	else if (r < 90)
		req.r.nseg = chance(30)   ? 0
		             : chance(50) ? 0xffffffffu
		                          : 257 + (uint32_t)below(1 << 20);
	else
		req.r.op = chance(50) ? 0 : chance(50) ? 5 + (uint32_t)below(100) : (uint32_t)rnd();
}

static void build(uint32_t gpa)
{
	uint64_t r = below(100);
	if (r < 80) {
		uint64_t count = build_rw(gpa, chance(50) ? VMM_BLK_OP_READ : VMM_BLK_OP_WRITE);
		spoil(count);
	} else if (r < 90) {
		/* few flushes: each is an fdatasync on the host */
		req.r = (struct vmm_blk_req){.op = chance(5) ? VMM_BLK_OP_FLUSH : VMM_BLK_OP_INFO,
		                             .nseg = chance(50) ? 0 : (uint32_t)rnd()};
	} else {
		for (size_t i = 0; i < HEADER + 4 * SEG; i++)
			req.bytes[i] = (uint8_t)rnd();
		req.r.op = (uint32_t)below(6);
		req.r.nseg = chance(80) ? (uint32_t)below(5) : req.r.nseg;
	}
}

/* Walks the sectors of the request, segment by segment. */
struct walk {
	uint32_t seg;
	uint64_t off;
};

/* The guest-physical address of the next sector of the request. */
static uint64_t next_sector(struct walk *w)
{
	while (w->off >= req.r.seg[w->seg].len)
		w->seg++, w->off = 0;
	w->off += SECTOR;
	return req.r.seg[w->seg].addr + w->off - SECTOR;
}

/* The first 8 bytes of the sector at a (__builtin_memcpy: one load, where
 * a may be unaligned). */
static uint64_t head_of(uint64_t a)
{
	uint64_t v;
	__builtin_memcpy(&v, phys(a), sizeof(v));
	return v;
}

/* A good read got what the guest last wrote, where it knows it; the
 * sectors under the status the monitor stored afterwards are skipped. */
static void check_read(uint32_t gpa, uint64_t count)
{
	struct walk w = {0, 0};
	for (uint64_t i = 0; i < count && i < CHECKED; i++) {
		uint64_t a = next_sector(&w);
		if (!unknown[req.r.sector + i] && !touches(a, 8, (uint64_t)gpa + 20, 4) &&
		    head_of(a) != shadow[req.r.sector + i])
			wrong("block read returned other data", (uint32_t)i);
	}
}

/* A good write: the shadow takes its first sectors; the rest are not
 * known any more. */
static void record_write(uint64_t count)
{
	for (uint64_t i = 0; i < count; i++) {
		unknown[req.r.sector + i] = i >= CHECKED;
		shadow[req.r.sector + i] = i < CHECKED ? stamp[i] : 0;
	}
}

/* Whether a good request would read into this kernel. */
static int reads_into_kernel(void)
{
	for (uint64_t i = 0; req.r.op == VMM_BLK_OP_READ && i < req.r.nseg; i++)
		if (!writable(req.r.seg[i].addr, req.r.seg[i].len))
			return 1;
	return 0;
}

static void check_info(uint32_t gpa)
{
	struct vmm_blk_req got;
	memcpy(&got, phys(gpa), sizeof(got));
	if (got.sector != sectors || got.flags != 0)
		wrong("block INFO", got.flags);
}

void attack_block(void)
{
	uint32_t gpa = place(HEADER, HEADER + VMM_BLK_MAX_SEGS * SEG);
	build(gpa);
	uint64_t count, bytes = HEADER + SEG * (req.r.nseg <= VMM_BLK_MAX_SEGS ? req.r.nseg : 4);
	uint32_t allowed = predict(gpa, &count);
	if (!allowed && reads_into_kernel()) {
		req.r.seg[0].len = 0; /* garbage that happens to be good: spoil it */
		allowed = ST(VMM_STATUS_EINVAL);
	}
	struct request r = {D_BLOCK, gpa, req.bytes, bytes, HEADER, 20, allowed};
	store(&r);
	/* What a good write sends: read after the descriptor is in place, which
	 * it may overlap, and before the monitor stores its status. */
	struct walk w = {0, 0};
	for (uint64_t i = 0; !allowed && req.r.op == VMM_BLK_OP_WRITE && i < count && i < CHECKED;
	     i++)
		stamp[i] = head_of(next_sector(&w));
	if (!allowed)
		tally.valid[D_BLOCK]++;
	uint32_t status = submit(&r);
	if (allowed || status != VMM_STATUS_OK)
		return;
	if (req.r.op == VMM_BLK_OP_READ)
		check_read(gpa, count);
	else if (req.r.op == VMM_BLK_OP_WRITE)
		record_write(count);
	else if (req.r.op == VMM_BLK_OP_INFO)
		check_info(gpa);
}
