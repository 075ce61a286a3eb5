/*
 * Directories and path names. A directory is a file of struct fs_dirent,
 * read here with the CPU straight from its buffers (writei pflushes, so
 * no copy is pending for them) and written through writei.
 *
 * A directory grows an entry at a time (dirlink), so it has no holes; a
 * hole, or an entry that names an inode past the last, is damage (said),
 * and the lookup that meets it fails.
 */
#include "buf.h"
#include "defs.h"
#include "fs.h"
#include "fsimpl.h"
#include "proc.h"

#define DIRENT_SIZE sizeof(struct fs_dirent)
#define SCAN_BAD    UINT32_MAX /* scan met damage */

/* Compare two names of at most FS_NAME_MAX bytes, NUL-terminated when
 * shorter. */
int namecmp(const char *a, const char *b)
{
	for (int i = 0; i < FS_NAME_MAX; i++) {
		if (a[i] != b[i])
			return (unsigned char)a[i] - (unsigned char)b[i];
		if (!a[i])
			break;
	}
	return 0;
}

/*
 * A name to look for, as words, so that an entry costs a word or two of
 * compares rather than a byte loop: an entry's name matches when its first
 * len bytes are these and the byte after them, if any, is NUL. A name of
 * more than KEY_BYTES falls back to namecmp: its last word could reach
 * past the end of a block's last entry.
 */
#define KEY_WORDS 7
#define KEY_BYTES (KEY_WORDS * 8)

struct key {
	const char *name;
	uint64_t w[KEY_WORDS];
	uint64_t first; /* mask of w[0]'s bytes that count */
	uint32_t len;
};

static uint64_t load64(const char *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static void make_key(struct key *k, const char *name)
{
	uint32_t len;

	for (len = 0; len < FS_NAME_MAX && name[len]; len++)
		;
	*k = (struct key){.name = name, .len = len};
	__builtin_memcpy(k->w, name, len < KEY_BYTES ? len : KEY_BYTES);
	k->first = len >= 8 ? ~0ull : (1ull << (8 * len)) - 1;
}

/* Whether entry name e is k's name; w[0] matched already. */
static int matches(const struct key *k, const char *e)
{
	uint32_t i;

	if (k->len > KEY_BYTES)
		return namecmp(k->name, e) == 0;
	for (i = 8; i + 8 <= k->len; i += 8)
		if (load64(e + i) != k->w[i / 8])
			return 0;
	if (i < k->len && ((load64(e + i) ^ k->w[i / 8]) & ((1ull << (8 * (k->len - i))) - 1)))
		return 0;
	return k->len == FS_NAME_MAX || e[k->len] == 0;
}

/*
 * Look through directory dp (locked) from offset from on for name, or with
 * name 0 for any entry in use: its inode number, its offset in *poff. 0 if
 * there is none; *pfree (if not 0) then gets the first free entry's offset,
 * or dp->size. SCAN_BAD if the directory is damaged on the way, or the
 * entry found names an inode past the last (said).
 */
static uint32_t scan(struct inode *dp, const char *name, uint64_t from, uint64_t *poff,
                     uint64_t *pfree)
{
	uint64_t off, free = dp->size;
	struct key k;

	if (name)
		make_key(&k, name);
	for (off = from; off < dp->size; off = (off | (BSIZE - 1)) + 1) {
		uint32_t bn = bmap(dp, off >> BSHIFT, 0, 0);
		uint64_t end = (off | (BSIZE - 1)) + 1;
		const struct fs_dirent *de;
		struct buf *b;

		if (bn == BMAP_BAD)
			return SCAN_BAD;
		if (!bn) {
			fs_error("inode %u: a hole at block %llu of a directory", dp->inum,
			         (unsigned long long)(off >> BSHIFT));
			return SCAN_BAD;
		}
		if (end > dp->size)
			end = dp->size;
		b = bread(bn);
		de = (const struct fs_dirent *)(b->data + (off & (BSIZE - 1)));
		for (; off + DIRENT_SIZE <= end; off += DIRENT_SIZE, de++) {
			if (!de->inum) {
				if (free == dp->size)
					free = off;
			} else if (!name || (!((load64(de->name) ^ k.w[0]) & k.first) &&
			                     matches(&k, de->name))) {
				uint32_t inum = de->inum;

				brelse(b);
				*poff = off;
				if (inum < sb.ninodes)
					return inum;
				fs_error(
				    "inode %u: the entry at byte %llu names inode %u, past the "
				    "last (%u)",
				    dp->inum, (unsigned long long)off, inum, sb.ninodes - 1);
				return SCAN_BAD;
			}
		}
		brelse(b);
		off = end - 1;
	}
	if (pfree)
		*pfree = free;
	return 0;
}

/* Whether entry name of directory dp may name inum, when one of them is
 * dp itself or name starts with '.': "." names dp, and no other entry
 * does but the root's ".."; else a lookup would stay in place, and unlink
 * would lock dp twice. Apart from dirlookup, which namex inlines. */
static int __attribute__((noinline)) self_ok(struct inode *dp, const char *name, uint32_t inum)
{
	int self =
	    name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2] && dp->inum == FS_ROOT_INO));

	if (self == (inum == dp->inum))
		return 1;
	fs_error("inode %u: the entry \"%s\" names inode %u", dp->inum, name, inum);
	return 0;
}

/* dirlookup, inlined in namex, where a call would cost a path lookup some
 * 20 instructions per element. */
static inline __attribute__((always_inline)) struct inode *lookup(struct inode *dp,
                                                                  const char *name, uint64_t *poff)
{
	uint64_t off;
	uint32_t inum;

	if (dp->type != FS_T_DIR)
		panic("dirlookup: not a directory");
	if (!(inum = scan(dp, name, 0, &off, 0)) || inum == SCAN_BAD)
		return 0;
	if ((inum == dp->inum || name[0] == '.') && !self_ok(dp, name, inum))
		return 0;
	if (poff)
		*poff = off;
	return iget(inum);
}

/* The inode name names in directory dp (locked), referenced, with the
 * entry's offset in *poff; or 0 (also when the inode table is full, or on
 * damage: see self_ok too). */
struct inode *dirlookup(struct inode *dp, const char *name, uint64_t *poff)
{
	return lookup(dp, name, poff);
}

/* Add the entry name -> inum to directory dp (locked), in the first free
 * entry or at the end: 0, or -1 if name is there, the disk is full or the
 * directory damaged. Inside an operation. */
int dirlink(struct inode *dp, const char *name, uint32_t inum)
{
	struct fs_dirent de = {.inum = inum};
	uint64_t off, free;
	int i;

	if (scan(dp, name, 0, &off, &free))
		return -1;
	for (i = 0; i < FS_NAME_MAX && name[i]; i++)
		de.name[i] = name[i];
	return writei(dp, 0, (uintptr_t)&de, free, DIRENT_SIZE) == DIRENT_SIZE ? 0 : -1;
}

/* Whether directory dp (locked) holds no entry but "." and "..", its
 * first two (not when it is damaged). */
int dir_is_empty(struct inode *dp)
{
	uint64_t off;

	return scan(dp, 0, 2 * DIRENT_SIZE, &off, 0) == 0;
}

/* Copy the next element of *path to name (FS_NAME_MAX + 1 bytes) and move
 * *path past it and the slashes after it: 1, or 0 if there is none, or -1
 * if it is longer than FS_NAME_MAX. */
static int next_elem(const char **path, char *name)
{
	const char *p = *path, *s;
	long len;

	while (*p == '/')
		p++;
	if (!*p)
		return 0;
	for (s = p; *p && *p != '/'; p++)
		;
	if ((len = p - s) > FS_NAME_MAX)
		return -1;
	__builtin_memcpy(name, s, len);
	name[len] = 0;
	while (*p == '/')
		p++;
	*path = p;
	return 1;
}

/* namei, or with parent nameiparent. */
static struct inode *namex(const char *path, int parent, char *name)
{
	struct proc *p = myproc();
	struct inode *ip, *next;
	int r;

	if (!fs_mounted() || !*path)
		return 0;
	if (*path != '/' && p && p->cwd)
		ip = idup(p->cwd);
	else if (!(ip = iget(FS_ROOT_INO)))
		return 0;
	while ((r = next_elem(&path, name)) > 0) {
		if (ilock(ip) < 0) {
			iput(ip);
			return 0;
		}
		if (ip->type != FS_T_DIR) {
			iunlockput(ip);
			return 0;
		}
		if (parent && !*path) {
			iunlock(ip);
			return ip;
		}
		next = lookup(ip, name, 0);
		iunlockput(ip);
		if (!next)
			return 0;
		ip = next;
	}
	if (r < 0 || parent) {
		iput(ip);
		return 0;
	}
	return ip;
}

struct inode *namei(const char *path)
{
	char name[FS_NAME_MAX + 1];

	return namex(path, 0, name);
}

struct inode *nameiparent(const char *path, char *name)
{
	return namex(path, 1, name);
}
