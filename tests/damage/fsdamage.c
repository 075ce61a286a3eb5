/* fsdamage: damages the file system of an image, in place, in one way that
 * SEED picks, and says how in one line on stdout. For tests/corrupt.sh.
 * Usage: fsdamage [-k KIND] SEED IMAGE
 * (-k: damage of that kind only; fsdamage set ...: one value by hand, see
 * set.c.)
 *
 * The image must hold a sound file system (a fresh one, or one a clean
 * boot left). The damage is one of the kinds in the table at the end: a
 * field of the superblock; an inode's type, link count, size or block
 * pointer, or the whole inode or inode block as random bytes; an entry of
 * an indirect block; a directory entry's inode number or name; a bit of
 * the free map; random bytes over a whole metadata block; or the log: a
 * committed transaction naming a block outside the area it may write, one
 * longer than the log, or one that replays another kind of damage at
 * mount. Every kind is damage that fsck must name: a value the format
 * forbids, or one that contradicts another (a block owned twice, a link
 * count that is not the entries', a block in use marked free). A quarter
 * of the images whose log is not damaged get a log header that says
 * orphans may exist, so that the kernel's mount looks for them.
 *
 * The same SEED and image give the same damage. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "damage.h"

#define FS_MAX_BYTES (FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
#define MAX_LOGGED   4

struct ctx {
	struct img *im;
	uint64_t rng;
	char what[400];
	/* Set: stores go to the log, as a committed transaction that the
	 * mount replays, instead of home. */
	int to_log;
	uint32_t nlogged, logged[MAX_LOGGED];
};

static uint64_t rnd(struct ctx *c) /* splitmix64 */
{
	uint64_t z = (c->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t pick(struct ctx *c, uint64_t n)
{
	return n ? (uint32_t)(rnd(c) % n) : 0;
}

__attribute__((format(printf, 2, 3))) static void say(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	size_t len = strlen(c->what);
	va_start(ap, fmt);
	vsnprintf(c->what + len, sizeof(c->what) - len, fmt, ap);
	va_end(ap);
}

static void store(struct ctx *c, uint32_t b, const void *buf)
{
	const struct fs_super *sb = &c->im->sb;
	if (!c->to_log) {
		write_blk(c->im, b, buf);
		return;
	}
	if (c->nlogged == MAX_LOGGED || c->nlogged + 1 >= sb->nlog)
		die("the log is too small");
	write_blk(c->im, sb->logstart + 1 + c->nlogged, buf);
	c->logged[c->nlogged++] = b;
}

static void random_bytes(struct ctx *c, void *buf, size_t n)
{
	uint8_t *p = buf;
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd(c);
}

/* A log header with n entries and a good checksum: committed when n > 0.
 * no_orphans: it says that the file system holds no orphans. */
static void put_header(struct ctx *c, uint32_t n, const uint32_t *blocks, int no_orphans)
{
	struct fs_log_header h = {.n = n, .seq = 1 + pick(c, 1u << 30)};
	for (uint32_t i = 0; i < n; i++)
		h.block[i] = blocks[i];
	h.checksum = fs_log_checksum(&h);
	if (no_orphans && n + 2 <= FS_LOG_MAX) {
		h.block[n] = FS_LOG_NO_ORPHANS;
		h.block[n + 1] = h.seq ^ FS_LOG_NO_ORPHANS;
	}
	write_blk(c->im, c->im->sb.logstart, &h);
}

/* ---- Choosing ---- */

static uint32_t any_inode(struct ctx *c)
{
	return c->im->used[pick(c, c->im->nused)];
}

/* A block a file points at, in one of the roles in mask (1 << role); 0 if
 * none has it. */
static const struct owned *any_block(struct ctx *c, unsigned mask)
{
	const struct img *im = c->im;
	uint32_t n = 0, k;
	for (uint32_t i = 0; i < im->nblocks; i++)
		n += (mask >> im->blocks[i].role) & 1;
	if (n == 0)
		return 0;
	k = pick(c, n);
	for (uint32_t i = 0;; i++)
		if (((mask >> im->blocks[i].role) & 1) && k-- == 0)
			return &im->blocks[i];
}

/* A data block no file points at and the free map marks free. */
static uint32_t free_block(struct ctx *c)
{
	const struct img *im = c->im;
	for (int tries = 0; tries < 10000; tries++) {
		uint32_t b = im->sb.datastart + pick(c, im->sb.nblocks);
		if (!im->owner_of[b] && !map_bit(im, b))
			return b;
	}
	die("no free block");
}

/* A wrong value for a block pointer that holds old, said. */
static uint32_t bad_pointer(struct ctx *c, uint32_t old)
{
	const struct fs_super *sb = &c->im->sb;
	static const char *const why[] = {"past the end", "metadata", "a block in use",
	                                  "a free block", "a hole"};
	uint32_t b, k;
	do {
		switch ((k = pick(c, 5))) {
		case 0:
			b = sb->size + pick(c, UINT32_MAX - sb->size);
			break;
		case 1:
			b = 1 + pick(c, sb->datastart - 1);
			break;
		case 2:
			b = c->im->blocks[pick(c, c->im->nblocks)].blk;
			break;
		case 3:
			b = free_block(c);
			break;
		default:
			b = 0;
			break;
		}
	} while (b == old);
	say(c, "%u -> %u (%s)", old, b, why[k]);
	return b;
}

/* ---- Inodes ---- */

/* Loads inode inum's block into blk; its inode there. */
static struct fs_dinode *load_inode(struct ctx *c, uint32_t inum, uint8_t *blk)
{
	read_blk(c->im, c->im->sb.inodestart + inum / FS_INODES_PER_BLOCK, blk);
	return (struct fs_dinode *)blk + inum % FS_INODES_PER_BLOCK;
}

static void store_inode(struct ctx *c, uint32_t inum, const uint8_t *blk)
{
	store(c, c->im->sb.inodestart + inum / FS_INODES_PER_BLOCK, blk);
}

static int inode_type(struct ctx *c)
{
	uint8_t blk[FS_BLOCK_SIZE];
	uint32_t inum = any_inode(c);
	struct fs_dinode *d = load_inode(c, inum, blk);
	uint16_t t;
	do
		t = pick(c, 2) ? (uint16_t)pick(c, 4) : (uint16_t)(4 + pick(c, 65532));
	while (t == d->type);
	say(c, "inode %u type %u -> %u", inum, d->type, t);
	d->type = t;
	store_inode(c, inum, blk);
	return 0;
}

static int inode_nlink(struct ctx *c)
{
	uint8_t blk[FS_BLOCK_SIZE];
	uint32_t inum = any_inode(c);
	struct fs_dinode *d = load_inode(c, inum, blk);
	uint16_t n;
	do {
		uint32_t k = pick(c, 4);
		n = k == 0 ? 0 : k == 1 ? d->nlink - 1 : k == 2 ? d->nlink + 1 : (uint16_t)rnd(c);
	} while (n == d->nlink);
	say(c, "inode %u nlink %u -> %u", inum, d->nlink, n);
	d->nlink = n;
	store_inode(c, inum, blk);
	return 0;
}

/* A size past the largest file; one that leaves the last block past the
 * end; for a directory, one that is no whole number of entries, or one
 * whose blocks past the old end are holes (a directory has none). */
static int inode_size(struct ctx *c)
{
	uint8_t blk[FS_BLOCK_SIZE];
	uint32_t inum = any_inode(c);
	struct fs_dinode *d = load_inode(c, inum, blk);
	int64_t last = last_block(c->im, d);
	uint64_t s, end = (d->size + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE * FS_BLOCK_SIZE;
	switch (pick(c, 4)) {
	case 0:
		s = FS_MAX_BYTES + 1 + (rnd(c) >> 2);
		break;
	case 1:
		if (last < 0)
			return -1;
		s = pick(c, (uint64_t)last * FS_BLOCK_SIZE);
		break;
	case 2:
		if (d->type != FS_T_DIR)
			return -1;
		s = d->size + 1 + pick(c, sizeof(struct fs_dirent) - 1);
		break;
	default:
		if (d->type != FS_T_DIR)
			return -1;
		s = end + FS_BLOCK_SIZE * (1 + (uint64_t)pick(c, 4));
		break;
	}
	say(c, "inode %u size %llu -> %llu", inum, (unsigned long long)d->size,
	    (unsigned long long)s);
	d->size = s;
	store_inode(c, inum, blk);
	return 0;
}

/* One of the inode's pointers, direct or to an indirect block. */
static int inode_addr(struct ctx *c)
{
	uint8_t blk[FS_BLOCK_SIZE];
	uint32_t inum = any_inode(c), i;
	struct fs_dinode *d = load_inode(c, inum, blk);
	i = pick(c, FS_NDIRECT + 2);
	for (uint32_t k = 0; k < FS_NDIRECT + 2 && !d->addrs[i] && pick(c, 4); k++)
		i = pick(c, FS_NDIRECT + 2); /* mostly pointers that are not holes */
	say(c, "inode %u addrs[%u] ", inum, i);
	d->addrs[i] = bad_pointer(c, d->addrs[i]);
	store_inode(c, inum, blk);
	return 0;
}

static int inode_garbage(struct ctx *c)
{
	uint8_t blk[FS_BLOCK_SIZE];
	uint32_t inum = any_inode(c);
	random_bytes(c, load_inode(c, inum, blk), FS_INODE_SIZE);
	say(c, "inode %u: random bytes", inum);
	store_inode(c, inum, blk);
	return 0;
}

static int inode_block_garbage(struct ctx *c)
{
	uint8_t blk[FS_BLOCK_SIZE];
	uint32_t inum = any_inode(c);
	random_bytes(c, blk, sizeof(blk));
	say(c, "inode block %u (inode %u's): random bytes",
	    c->im->sb.inodestart + inum / FS_INODES_PER_BLOCK, inum);
	store_inode(c, inum, blk);
	return 0;
}

/* ---- Indirect blocks ---- */

static int ind_entry(struct ctx *c)
{
	const struct owned *o = any_block(c, 1 << R_IND | 1 << R_DIND);
	uint32_t ent[FS_NINDIRECT], i;
	if (!o)
		return -1;
	read_blk(c->im, o->blk, ent);
	i = pick(c, FS_NINDIRECT);
	for (int k = 0; k < 64 && !ent[i] && pick(c, 2); k++)
		i = pick(c, FS_NINDIRECT);
	say(c, "%s block %u (inode %u) entry %u ",
	    o->role == R_IND ? "indirect" : "double-indirect", o->blk, o->inum, i);
	ent[i] = bad_pointer(c, ent[i]);
	store(c, o->blk, ent);
	return 0;
}

/* ---- Directories ---- */

/* Directory block o's entries, in ents; how many are in use in *n (0 if
 * none) and a random one of them in *i. */
static struct fs_dirent *dir_entry(struct ctx *c, const struct owned *o, struct fs_dirent *ents,
                                   uint32_t *i)
{
	uint32_t n = 0, k;
	const uint32_t per = FS_BLOCK_SIZE / sizeof(*ents);
	read_blk(c->im, o->blk, ents);
	for (uint32_t j = 0; j < per; j++)
		n += ents[j].inum != 0;
	if (n == 0)
		return 0;
	k = pick(c, n);
	for (*i = 0;; ++*i)
		if (ents[*i].inum && k-- == 0)
			return &ents[*i];
}

static int dir_inum(struct ctx *c)
{
	struct fs_dirent ents[FS_BLOCK_SIZE / sizeof(struct fs_dirent)], *e;
	const struct owned *o = any_block(c, 1 << R_DIR);
	const struct fs_super *sb = &c->im->sb;
	uint32_t i, v, k;
	if (!o || !(e = dir_entry(c, o, ents, &i)))
		return -1;
	do {
		if ((k = pick(c, 4)) == 0)
			v = sb->ninodes + pick(c, UINT32_MAX - sb->ninodes);
		else if (k == 1)
			v = c->im->max_inum + 1 + pick(c, sb->ninodes - c->im->max_inum - 1);
		else if (k == 2)
			v = any_inode(c);
		else
			v = 0;
	} while (v == e->inum);
	say(c, "directory %u block %u entry %u inode %u -> %u", o->inum, o->blk, i, e->inum, v);
	e->inum = v;
	store(c, o->blk, ents);
	return 0;
}

/* A '/' in the name, bytes after its NUL, an empty name, or the name of
 * another entry of the block. */
static int dir_name(struct ctx *c)
{
	struct fs_dirent ents[FS_BLOCK_SIZE / sizeof(struct fs_dirent)], *e, old;
	const struct owned *o = any_block(c, 1 << R_DIR);
	static const char *const why[] = {"a '/'", "bytes after its NUL", "empty",
	                                  "another entry's"};
	uint32_t i, j, len, k;
	if (!o || !(e = dir_entry(c, o, ents, &i)))
		return -1;
	old = *e;
	len = (uint32_t)strnlen(e->name, FS_NAME_MAX);
	switch ((k = pick(c, 4))) {
	case 0:
		e->name[pick(c, len ? len : 1)] = '/';
		break;
	case 1:
		if (len + 1 >= FS_NAME_MAX)
			return -1;
		e->name[len + 1 + pick(c, FS_NAME_MAX - len - 1)] = (char)(1 + pick(c, 255));
		break;
	case 2:
		e->name[0] = 0;
		break;
	default:
		j = pick(c, FS_BLOCK_SIZE / sizeof(*e));
		memcpy(e->name, ents[j].name, FS_NAME_MAX);
		break;
	}
	if (memcmp(&old, e, sizeof(old)) == 0)
		return -1;
	say(c, "directory %u block %u entry %u: name \"%.*s\" -> \"%.*s\" (%s)", o->inum, o->blk, i,
	    (int)len, old.name, (int)strnlen(e->name, FS_NAME_MAX), e->name, why[k]);
	store(c, o->blk, ents);
	return 0;
}

/* ---- The free map ---- */

static int map_flip(struct ctx *c)
{
	const struct fs_super *sb = &c->im->sb;
	uint8_t map[FS_BLOCK_SIZE];
	uint32_t b, k = pick(c, 4);
	if (k == 0)
		b = any_block(c, ~0u)->blk; /* in use: marked free */
	else if (k == 1)
		b = free_block(c); /* free: marked in use */
	else if (k == 2)
		b = pick(c, sb->datastart); /* metadata: marked free */
	else if (sb->size % FS_BITS_PER_BLOCK)
		b = sb->size + pick(c, FS_BITS_PER_BLOCK - sb->size % FS_BITS_PER_BLOCK);
	else
		return -1;
	read_blk(c->im, sb->bmapstart + b / FS_BITS_PER_BLOCK, map);
	map[b % FS_BITS_PER_BLOCK / 8] ^= (uint8_t)(1 << (b % 8));
	say(c, "block %u's bit %d -> %d", b, map_bit(c->im, b), !map_bit(c->im, b));
	store(c, sb->bmapstart + b / FS_BITS_PER_BLOCK, map);
	return 0;
}

/* ---- Whole blocks ---- */

static int block_garbage(struct ctx *c)
{
	const struct fs_super *sb = &c->im->sb;
	uint8_t blk[FS_BLOCK_SIZE];
	const struct owned *o;
	uint32_t b, k = pick(c, 4);
	const char *what;
	if (k == 0 && (o = any_block(c, 1 << R_DIR))) {
		b = o->blk, what = "a directory block";
	} else if (k == 1 && (o = any_block(c, 1 << R_IND | 1 << R_DIND))) {
		b = o->blk, what = "an indirect block";
	} else if (k == 2) {
		b = sb->bmapstart + pick(c, fs_map_blocks(sb->size)), what = "a free map block";
	} else {
		return -1;
	}
	random_bytes(c, blk, sizeof(blk));
	say(c, "block %u (%s): random bytes", b, what);
	store(c, b, blk);
	return 0;
}

/* ---- The superblock ---- */

/* A field set to a value that breaks the layout, or names fewer inodes
 * than are in use. Never on the log: the kernel writes only the blocks
 * from the inodes on. */
static int super_field(struct ctx *c)
{
	static const char *const names[] = {"magic",     "version",  "size",     "nblocks",
	                                    "ninodes",   "nlog",     "logstart", "inodestart",
	                                    "bmapstart", "datastart"};
	uint8_t blk[FS_BLOCK_SIZE];
	uint32_t *f = (uint32_t *)blk, k = pick(c, 10), old, d = 1 + pick(c, 8);
	if (c->to_log)
		return -1;
	read_blk(c->im, FS_SUPER_BLOCK, blk);
	old = f[k];
	if (k == 0)
		f[k] ^= 1u << pick(c, 32);
	else if (k == 4 && pick(c, 2))
		f[k] = pick(c, c->im->max_inum + 1); /* fewer inodes than in use */
	else if (k == 4)
		f[k] += FS_INODES_PER_BLOCK * d; /* the inodes over the free map */
	else if (k == 5)
		f[k] = pick(c, 2) ? pick(c, 2) : old + d; /* too small, or over the inodes */
	else if (k == 6)
		f[k] = pick(c, 2) ? pick(c, 2) : old + d; /* over the superblock or the inodes */
	else if (k == 1 || k == 2 || k == 3 || pick(c, 2))
		f[k] = old + d;
	else
		f[k] = old - d;
	say(c, "superblock %s %u -> %u", names[k], old, f[k]);
	write_blk(c->im, FS_SUPER_BLOCK, blk);
	return 0;
}

static int super_garbage(struct ctx *c)
{
	uint8_t blk[FS_BLOCK_SIZE];
	if (c->to_log)
		return -1;
	random_bytes(c, blk, sizeof(blk));
	say(c, "superblock: random bytes");
	write_blk(c->im, FS_SUPER_BLOCK, blk);
	return 0;
}

/* ---- The log ---- */

/* A committed transaction with an entry outside the inodes..end. */
static int log_outside(struct ctx *c)
{
	const struct fs_super *sb = &c->im->sb;
	uint32_t n = 1 + pick(c, MAX_LOGGED), bad = pick(c, n), blocks[MAX_LOGGED];
	for (uint32_t i = 0; i < n; i++)
		blocks[i] = sb->inodestart + pick(c, sb->size - sb->inodestart);
	blocks[bad] = pick(c, 2) ? pick(c, sb->inodestart) : sb->size + pick(c, 1u << 20);
	say(c, "log: a committed transaction of %u blocks, entry %u block %u", n, bad, blocks[bad]);
	put_header(c, n, blocks, pick(c, 2));
	return 0;
}

/* A committed transaction longer than the log. */
static int log_count(struct ctx *c)
{
	const struct fs_super *sb = &c->im->sb;
	uint32_t n = sb->nlog + pick(c, FS_LOG_MAX - sb->nlog + 1), blocks[FS_LOG_MAX];
	for (uint32_t i = 0; i < n; i++)
		blocks[i] = sb->inodestart + pick(c, sb->size - sb->inodestart);
	say(c, "log: a committed transaction of %u blocks in a log of %u", n, sb->nlog - 1);
	put_header(c, n, blocks, pick(c, 2));
	return 0;
}

/* ---- The table ---- */

struct kind {
	const char *name;
	int (*fn)(struct ctx *c);
	int block; /* changes one block below the log: can be replayed */
};

static int log_replay(struct ctx *c);

static const struct kind kinds[] = {
    {"inode-type", inode_type, 1},
    {"inode-nlink", inode_nlink, 1},
    {"inode-size", inode_size, 1},
    {"inode-addr", inode_addr, 1},
    {"inode-addr", inode_addr, 1},
    {"inode-random", inode_garbage, 1},
    {"inode-block-random", inode_block_garbage, 1},
    {"indirect-entry", ind_entry, 1},
    {"indirect-entry", ind_entry, 1},
    {"dir-inum", dir_inum, 1},
    {"dir-inum", dir_inum, 1},
    {"dir-name", dir_name, 1},
    {"free-map", map_flip, 1},
    {"block-random", block_garbage, 1},
    {"super-field", super_field, 0},
    {"super-random", super_garbage, 0},
    {"log-outside", log_outside, 0},
    {"log-count", log_count, 0},
    {"log-replay", log_replay, 0},
    {"log-replay", log_replay, 0},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* A committed transaction whose replay at mount brings one of the kinds
 * of damage that change a block below the log. */
static int log_replay(struct ctx *c)
{
	const struct kind *k;
	do
		k = &kinds[pick(c, NKINDS)];
	while (!k->block);
	c->to_log = 1;
	say(c, "%s, in the log: ", k->name);
	if (k->fn(c) < 0)
		return -1;
	put_header(c, c->nlogged, c->logged, pick(c, 2));
	return 0;
}

int main(int argc, char **argv)
{
	struct img im = {0};
	struct ctx c = {.im = &im};
	const struct kind *k;
	const char *want = 0;
	char *end;

	if (argc > 1 && strcmp(argv[1], "set") == 0)
		return set_main(argc, argv);
	if (argc == 5 && strcmp(argv[1], "-k") == 0)
		want = argv[2], argv += 2, argc -= 2;
	if (argc != 3)
		die("usage: fsdamage [-k KIND] SEED IMAGE | fsdamage set PATH FIELD VALUE IMAGE");
	c.rng = strtoull(argv[1], &end, 0);
	if (*end || !*argv[1])
		die("bad SEED '%s'", argv[1]);
	scan_image(&im, argv[2], 1);
	for (int tries = 0;; tries++) {
		k = &kinds[pick(&c, NKINDS)];
		if (want && strcmp(k->name, want) != 0) {
			if (tries > 10000)
				die("no kind %s", want);
			continue;
		}
		c.what[0] = 0;
		c.to_log = 0;
		c.nlogged = 0;
		snprintf(c.what, sizeof(c.what), "%s: ", k->name);
		if (k->fn(&c) == 0)
			break;
	}
	if (k->block && pick(&c, 4) == 0) {
		put_header(&c, 0, 0, 0);
		say(&c, "; the log says orphans may exist");
	}
	printf("fsdamage: %s\n", c.what);
	return 0;
}
