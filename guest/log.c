/*
 * The write-ahead log (format: fs_format.h). Every change to the disk is
 * made inside an operation, begin_op() .. end_op(), whose blocks become
 * part of the running transaction: log_write marks a buffer as logged,
 * which keeps it in the cache, and a buffer logged once is not logged
 * again. Operations are grouped: a transaction takes in operation after
 * operation and commits once no operation runs and
 *   - log_sync asks for it (fsync, power-off), or
 *   - begin_op finds no room for another operation of LOG_OP_BLOCKS (in
 *     the log, or in the buffer cache: see more_room), or
 *   - its first block was logged LOG_COMMIT_TICKS ago (end_op, log_tick).
 *
 * A commit, crash-safe at any instant (the host may die between any two
 * requests):
 *   1. the logged blocks go to the log area, a request per BLOCK_MAX_SEGS;
 *      FLUSH;
 *   2. the header with n, seq and the checksum; FLUSH: the commit point;
 *   3. the blocks go home, one request per run of consecutive block
 *      numbers; FLUSH;
 *   4. the header with n = 0, whose FLUSH waits for the next commit (or
 *      log_sync): it must be on disk before step 1 overwrites the log area,
 *      or a crash could replay the old header over new contents.
 * Recovery at mount replays a header with n > 0 whose checksum and block
 * numbers are sound, and writes one with n = 0. A header whose checksum
 * matches but whose count or block numbers are not sound is damage: it is
 * not replayed, and the file system is read-only (fs_error).
 *
 * A header also says, when it can, that the file system it leaves holds no
 * orphans (inodes in use with no links: files unlinked while open, which
 * the last iput frees): two words after its n entries, outside the
 * checksum, bound to its seq. Mount looks for orphans only when the header
 * does not say so (inode.c): after a crash while a file was unlinked but
 * open. mkfs's header (n = 0, seq = 0) holds none either.
 *
 * A commit runs with log.committing set and no operation running, so no
 * logged buffer changes under it; it never sleeps, so the timer and the
 * idle loop can run it (log_tick).
 */
#include "block.h"
#include "buf.h"
#include "defs.h"
#include "fs.h"
#include "fsimpl.h"
#include "kalloc.h"
#include "memlayout.h"
#include "spinlock.h"

#define LOG_COMMIT_TICKS SYS_TICK_HZ /* commit a transaction within ~1 s */

static struct {
	struct spinlock lock;
	uint32_t start;   /* the header's block */
	uint32_t cap;     /* blocks a transaction may hold */
	uint32_t room;    /* ... and half the buffers the cache surely has, at most */
	int outstanding;  /* operations running */
	int committing;   /* a commit is under way */
	int want;         /* someone waits for a commit: do it when no operation runs */
	int clear_dirty;  /* the n = 0 header is written but not flushed */
	uint32_t n;       /* blocks in the running transaction */
	uint32_t seq;     /* of the last header written */
	uint64_t commits; /* done since mount */
	uint64_t since;   /* ticks when the transaction's first block was logged */
} log = {.lock = SPINLOCK_INIT("log")};

static struct buf *logged[FS_LOG_MAX]; /* the transaction's buffers, in order */

/* The header's page: the disk reads and writes it like a buffer's. */
static struct fs_log_header header __attribute__((aligned(PGSIZE)));

/* Write the header with n entries; no_orphans: the file system it leaves
 * holds no orphans. */
static void write_header(uint32_t n, int no_orphans)
{
	header.n = n;
	if (++log.seq == 0)
		log.seq = 1; /* seq 0 is mkfs's */
	header.seq = log.seq;
	header.checksum = fs_log_checksum(&header);
	if (n + 2 <= FS_LOG_MAX) {
		header.block[n] = no_orphans ? FS_LOG_NO_ORPHANS : 0;
		header.block[n + 1] = header.seq ^ FS_LOG_NO_ORPHANS;
	}
	block_rw(VMM_BLK_OP_WRITE, log.start, v2p(&header), 1);
}

/* Whether the header read says its file system holds no orphans. */
static int says_no_orphans(void)
{
	uint32_t n = header.n;

	if (n == 0 && header.seq == 0)
		return 1;
	return n + 2 <= FS_LOG_MAX && header.block[n] == FS_LOG_NO_ORPHANS &&
	       header.block[n + 1] == (header.seq ^ FS_LOG_NO_ORPHANS);
}

/* Steps 1-4 above, for the n blocks in logged. */
static void commit(void)
{
	uint32_t n = log.n, i, j, k;

	if (log.clear_dirty)
		block_flush();
	for (i = 0; i < n; i += k) {
		k = n - i < BLOCK_MAX_SEGS ? n - i : BLOCK_MAX_SEGS;
		bwrite_run(log.start + 1 + i, &logged[i], k);
	}
	block_flush();
	for (i = 0; i < n; i++)
		header.block[i] = logged[i]->blockno;
	write_header(n, inode_orphans() == 0);
	block_flush();
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && j - i < BLOCK_MAX_SEGS &&
		                logged[j]->blockno == logged[j - 1]->blockno + 1;
		     j++)
			;
		bwrite_run(logged[i]->blockno, &logged[i], j - i);
	}
	block_flush();
	write_header(0, inode_orphans() == 0);
	log.clear_dirty = 1;
	bunpin_logged(logged, n);
	log.n = 0;
	log.commits++;
}

/* Commit the running transaction, which is not empty, while no operation
 * runs. log.lock held; released during the commit. */
static void commit_locked(void)
{
	log.committing = 1;
	release(&log.lock);
	commit();
	acquire(&log.lock);
	log.committing = 0;
	log.want = 0;
	wakeup(&log);
}

/* Whether the committed header's n blocks are ones a transaction can
 * hold: the log's, and from the inodes to the end (the kernel never logs
 * the superblock or the log); the first that is not is said. */
static int header_ok(uint32_t n)
{
	if (n > sb.nlog - 1) {
		fs_error("log: a committed transaction of %u blocks, but the log holds %u: "
		         "not replayed",
		         n, sb.nlog - 1);
		return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (header.block[i] < sb.inodestart || header.block[i] >= sb.size) {
			fs_error("log: entry %u of a committed transaction names block %u, outside "
			         "[%u, %u): not replayed",
			         i, header.block[i], sb.inodestart, sb.size);
			return 0;
		}
	}
	return 1;
}

/*
 * Set up the log of the file system sb describes, and replay a committed
 * transaction if the header holds one: 0, or -1 with the reason printed;
 * *orphans says whether the file system may hold orphans. Nothing else
 * runs yet. The replay reads the log into pages of its own and writes
 * them home: the cache holds none of these blocks.
 */
int log_init(int *orphans)
{
	uint32_t n, i, j, k, chunk, npages;
	struct pagebatch tmp;
	struct vmm_blk_seg *seg;
	uint64_t *pa;

	log.start = sb.logstart;
	log.cap = sb.nlog - 1;
	if (log.cap > FS_LOG_MAX)
		log.cap = FS_LOG_MAX;
	if (log.cap > bcache_max() / 2)
		log.cap = bcache_max() / 2;
	if (log.cap < LOG_OP_BLOCKS) {
		kprintf("fs: the log holds %u blocks, fewer than one operation's %u\n", log.cap,
		        LOG_OP_BLOCKS);
		return -1;
	}
	/* at least LOG_OP_BLOCKS: the cache's reserve is twice that (bio.c) */
	log.room = bcache_reserve(0) / 2;
	if (log.room > log.cap)
		log.room = log.cap;
	block_rw(VMM_BLK_OP_READ, log.start, v2p(&header), 1);
	log.seq = header.seq;
	n = header.n;
	*orphans =
	    n > FS_LOG_MAX || header.checksum != fs_log_checksum(&header) || !says_no_orphans();
	/* A header with n past FS_LOG_MAX is not valid (fs_format.h): torn. */
	if (n == 0 || n > FS_LOG_MAX || header.checksum != fs_log_checksum(&header) ||
	    !header_ok(n))
		return 0;
	if (block_readonly()) {
		kprintf("fs: the log holds a committed transaction, and the disk is read-only\n");
		return -1;
	}
	/* The log's blocks a chunk at a time into pages of the replay's own
	 * (their addresses in one more), then home, a request per run of
	 * consecutive block numbers. A block logged twice (the kernel never
	 * does) goes home in log order: its last contents win. */
	npages = n < BLOCK_MAX_SEGS ? n : BLOCK_MAX_SEGS;
	if (kalloc_batch(&tmp, npages + 1, 0, 0) < 0)
		panic("log: no memory to replay the log");
	pa = batch_take(&tmp.pages);
	for (j = 0; j < npages; j++)
		pa[j] = direct_v2p(batch_take(&tmp.pages));
	for (i = 0; i < n; i += chunk) {
		chunk = n - i < npages ? n - i : npages;
		seg = block_begin();
		for (j = 0; j < chunk; j++) {
			seg[j].addr = pa[j];
			seg[j].len = FS_BLOCK_SIZE;
		}
		block_submit(VMM_BLK_OP_READ, log.start + 1 + i, chunk);
		for (j = 0; j < chunk; j += k) {
			seg = block_begin();
			for (k = 0;
			     j + k < chunk &&
			     (k == 0 || header.block[i + j + k] == header.block[i + j + k - 1] + 1);
			     k++) {
				seg[k].addr = pa[j + k];
				seg[k].len = FS_BLOCK_SIZE;
			}
			block_submit(VMM_BLK_OP_WRITE, header.block[i + j], k);
		}
	}
	for (j = 0; j < npages; j++)
		batch_put(&tmp.pages, p2v(pa[j]));
	batch_put(&tmp.pages, pa);
	kfree_batch(&tmp);
	block_flush();
	write_header(0, !*orphans);
	block_flush();
	return 0;
}

/*
 * Whether the transaction has room for the blocks of the operations
 * running and one more, need, now that log.room is too small: log.lock
 * held. The transaction holds no more than half the buffers the cache
 * surely has; the other half is for the blocks operations read and lock,
 * so that a step of the file system always finds a buffer, however much
 * memory processes took. So the cache grows first, if memory allows; if
 * not, the transaction commits sooner. Never sleeps.
 */
static int more_room(uint32_t need)
{
	if (need > log.cap)
		return 0;
	log.room = bcache_reserve(2 * need) / 2;
	if (log.room > log.cap)
		log.room = log.cap;
	return need <= log.room;
}

/* Start an operation: wait until no commit runs and the transaction has
 * room for LOG_OP_BLOCKS more blocks. 0, or -1 on a read-only disk or
 * once damage was found (fs_error). */
int begin_op(void)
{
	uint32_t need;

	if (!fs_writable())
		return -1;
	acquire(&log.lock);
	for (;;) {
		need = log.n + (log.outstanding + 1) * LOG_OP_BLOCKS;
		if (log.committing) {
			sleep(&log, &log.lock);
		} else if (need > log.room && !more_room(need)) {
			if (log.outstanding == 0) {
				commit_locked();
			} else {
				log.want = 1;
				sleep(&log, &log.lock);
			}
		} else {
			break;
		}
	}
	log.outstanding++;
	release(&log.lock);
	return 0;
}

/* End an operation. Its blocks commit with the transaction. */
void end_op(void)
{
	acquire(&log.lock);
	if (log.outstanding < 1)
		panic("end_op: no operation");
	if (--log.outstanding == 0 && log.n > 0 &&
	    (log.want || ticks - log.since >= LOG_COMMIT_TICKS))
		commit_locked();
	else if (log.want)
		wakeup(&log); /* its reservation is free: begin_op looks again */
	release(&log.lock);
}

/* Add b to the transaction; log.lock held. */
static void add(struct buf *b)
{
	if (log.n >= log.cap)
		panic("log_write: a transaction of more than %u blocks", log.cap);
	if (log.n == 0)
		log.since = ticks;
	b->logged = 1;
	logged[log.n++] = b;
}

/* b, locked or pinned by the caller and changed inside an operation, is
 * part of the running transaction. */
void log_write(struct buf *b)
{
	/* Only commit clears logged, and it cannot run during an operation. */
	if (b->logged)
		return;
	acquire(&log.lock);
	if (log.outstanding < 1)
		panic("log_write: outside an operation");
	add(b);
	release(&log.lock);
}

/* log_write for n buffers. */
void log_write_run(struct buf *const *bufs, uint32_t n)
{
	acquire(&log.lock);
	if (log.outstanding < 1)
		panic("log_write: outside an operation");
	for (uint32_t i = 0; i < n; i++)
		if (!bufs[i]->logged)
			add(bufs[i]);
	release(&log.lock);
}

/* Commit everything written so far and wait until it is on stable
 * storage; 0. Outside an operation. */
int log_sync(void)
{
	uint64_t target;

	if (!fs_mounted() || block_readonly())
		return 0;
	acquire(&log.lock);
	/* The transaction being committed or built holds every operation
	 * that has ended. */
	target = log.commits + (log.committing || log.n > 0);
	while (log.commits < target) {
		if (!log.committing && log.outstanding == 0) {
			commit_locked();
		} else {
			log.want = 1;
			sleep(&log, &log.lock);
		}
	}
	if (log.clear_dirty && !log.committing) {
		block_flush();
		log.clear_dirty = 0;
	}
	release(&log.lock);
	return 0;
}

/* From the timer and the idle loop: commit a transaction that has waited
 * LOG_COMMIT_TICKS if no operation runs. Never sleeps. */
void log_tick(void)
{
	/* A racy first look, so that an idle log costs a few instructions. */
	if (log.n == 0 || log.outstanding || log.committing || ticks - log.since < LOG_COMMIT_TICKS)
		return;
	acquire(&log.lock);
	if (log.n > 0 && !log.outstanding && !log.committing &&
	    ticks - log.since >= LOG_COMMIT_TICKS)
		commit_locked();
	release(&log.lock);
}
