/* fsck: the directory tree, walked breadth-first from the root, and the
 * link counts.
 *
 * Every directory needs exactly one "." naming itself and one ".." naming
 * the directory it was reached from (the root's names the root). A
 * directory is reached through one entry only; a file may have several.
 * A directory has no holes: the kernel never leaves one.
 * An inode's nlink must equal the entries naming it: for a directory, its
 * entry in the parent, its "." and its subdirectories' "..". */
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

#define DIRENTS_PER_BLOCK (FS_BLOCK_SIZE / sizeof(struct fs_dirent))

/* What one directory's scan collects. */
struct scan {
	uint32_t dir;
	int dots, dotdots;
	char (*names)[FS_NAME_MAX + 1]; /* every used entry's name, for duplicates */
	size_t nnames, cap;
	uint32_t *queue; /* directories still to scan */
	size_t *tail;
};

/* A copy of name fit for a one-line message. */
static char *printable(const char *name)
{
	char *p = strdup(name);
	if (!p)
		fatal("fsck: out of memory");
	for (char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return p;
}

static void add_name(struct scan *s, const char *name)
{
	if (s->nnames == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->names = realloc(s->names, s->cap * sizeof(*s->names));
		if (!s->names)
			fatal("fsck: out of memory");
	}
	memcpy(s->names[s->nnames++], name, FS_NAME_MAX + 1);
}

/* A name is its bytes up to the first NUL (or all FS_NAME_MAX of them);
 * the rest must be NUL, so no name hides bytes after its end. shown is
 * name, printable. */
static void check_name(struct fsck *f, const struct scan *s, const struct fs_dirent *e,
                       const char *name, const char *shown)
{
	size_t len = strlen(name);
	if (len == 0)
		problem(f, "%s: the entry for inode %u has an empty name", iname(f, s->dir),
		        e->inum);
	for (size_t i = len; i < FS_NAME_MAX; i++) {
		if (e->name[i]) {
			problem(f, "%s: entry \"%s\" has bytes after its terminating NUL",
			        iname(f, s->dir), shown);
			break;
		}
	}
	if (strchr(name, '/'))
		problem(f, "%s: entry \"%s\" has a '/' in its name", iname(f, s->dir), shown);
}

/* The first entry naming inum (not "." or ".."): the tree reaches it. */
static void reach(struct fsck *f, struct scan *s, const char *shown, uint32_t inum)
{
	if (f->parent[inum]) {
		if (f->inodes[inum].type == FS_T_DIR)
			problem(f, "%s: entry \"%s\" links directory %s a second time",
			        iname(f, s->dir), shown, iname(f, inum));
		return;
	}
	f->parent[inum] = s->dir;
	f->name[inum] = printable(shown);
	if (f->inodes[inum].type == FS_T_DIR)
		s->queue[(*s->tail)++] = inum;
}

static void check_entry(struct fsck *f, struct scan *s, const struct fs_dirent *e)
{
	char name[FS_NAME_MAX + 1] = {0};
	memcpy(name, e->name, FS_NAME_MAX);
	char *shown = printable(name);
	check_name(f, s, e, name, shown);
	if (e->inum >= f->sb.ninodes) {
		problem(f, "%s: entry \"%s\" names inode %u, past the last (%u)", iname(f, s->dir),
		        shown, e->inum, f->sb.ninodes - 1);
		free(shown);
		return;
	}
	f->refs[e->inum]++;
	add_name(s, name);
	if (f->inodes[e->inum].type == FS_T_FREE) {
		problem(f, "%s: entry \"%s\" names free inode %u", iname(f, s->dir), shown,
		        e->inum);
	} else if (strcmp(name, ".") == 0) {
		s->dots++;
		if (e->inum != s->dir)
			problem(f, "%s: \".\" names inode %u, not itself", iname(f, s->dir),
			        e->inum);
	} else if (strcmp(name, "..") == 0) {
		s->dotdots++;
		if (e->inum != f->parent[s->dir])
			problem(f, "%s: \"..\" names inode %u, not its parent %u", iname(f, s->dir),
			        e->inum, f->parent[s->dir]);
	} else {
		reach(f, s, shown, e->inum);
	}
	free(shown);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Names compare as the kernel's namecmp does: up to the first NUL. */
static void check_duplicates(struct fsck *f, struct scan *s)
{
	qsort(s->names, s->nnames, sizeof(*s->names), compare_names);
	for (size_t i = 1; i < s->nnames; i++) {
		if (strcmp(s->names[i], s->names[i - 1]) != 0)
			continue;
		if (i >= 2 && strcmp(s->names[i], s->names[i - 2]) == 0)
			continue; /* reported at its second copy */
		char *shown = printable(s->names[i]);
		problem(f, "%s: name \"%s\" appears more than once", iname(f, s->dir), shown);
		free(shown);
	}
}

static void check_dir(struct fsck *f, struct scan *s)
{
	const struct fs_dinode *di = &f->inodes[s->dir];
	uint64_t nents = di->size / sizeof(struct fs_dirent);
	/* A size past the largest file (check_inodes reports it) must not
	 * make the scan run on for ever. */
	uint64_t nblocks = fs_size_blocks(di->size);
	if (nblocks > FS_MAX_FILE_BLOCKS)
		nblocks = FS_MAX_FILE_BLOCKS;
	struct fs_dirent ents[DIRENTS_PER_BLOCK];
	for (uint64_t k = 0; k < nblocks; k++) {
		uint32_t b = file_block(f, di, k);
		/* A directory grows an entry at a time, each block allocated as
		 * the entries reach it: it has no holes. A hole ends the scan
		 * (a pointer outside the data region, which check_inodes
		 * names, is skipped). */
		if (b == 0 && fs_bmap(&f->bmap, di, k, &b, &(struct fmt_err){0}) < 0)
			continue;
		if (b == 0) {
			problem(f, "%s: a hole at block %llu: a directory has none",
			        iname(f, s->dir), (unsigned long long)k);
			break;
		}
		read_block(f, b, ents);
		for (uint64_t i = 0; i < DIRENTS_PER_BLOCK && k * DIRENTS_PER_BLOCK + i < nents;
		     i++)
			if (ents[i].inum != 0)
				check_entry(f, s, &ents[i]);
	}
	if (s->dots != 1)
		problem(f, "%s: %d \".\" entries, want 1", iname(f, s->dir), s->dots);
	if (s->dotdots != 1)
		problem(f, "%s: %d \"..\" entries, want 1", iname(f, s->dir), s->dotdots);
	check_duplicates(f, s);
}

static void *table(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p)
		fatal("fsck: out of memory");
	return p;
}

void check_tree(struct fsck *f)
{
	f->refs = table(f->sb.ninodes, sizeof(*f->refs));
	f->parent = table(f->sb.ninodes, sizeof(*f->parent));
	f->name = table(f->sb.ninodes, sizeof(*f->name));
	const struct fs_dinode *root = &f->inodes[FS_ROOT_INO];
	if (root->type != FS_T_DIR) {
		problem(f, "the root, inode %u, is not a directory (type %u)", FS_ROOT_INO,
		        root->type);
		return;
	}
	uint32_t *queue = table(f->sb.ninodes, sizeof(*queue));
	size_t head = 0, tail = 0;
	f->parent[FS_ROOT_INO] = FS_ROOT_INO;
	f->name[FS_ROOT_INO] = printable("");
	queue[tail++] = FS_ROOT_INO;
	while (head < tail) {
		struct scan s = {.dir = queue[head++], .queue = queue, .tail = &tail};
		check_dir(f, &s);
		free(s.names);
	}
	free(queue);
}

/* Run after check_tree: an inode in use that the tree did not reach is
 * leaked (nlink 0: unlinked while open, then a crash) or cut off. */
void check_links(struct fsck *f)
{
	for (uint32_t inum = 1; inum < f->sb.ninodes; inum++) {
		const struct fs_dinode *di = &f->inodes[inum];
		if (di->type == FS_T_FREE)
			continue;
		if (!f->parent[inum] && di->nlink == 0)
			problem(f, "%s: in use with no links: an orphan (a leaked inode)",
			        iname(f, inum));
		else if (!f->parent[inum])
			problem(f, "%s: in use with nlink %u but not reachable from the root",
			        iname(f, inum), di->nlink);
		else if (di->nlink != f->refs[inum])
			problem(f, "%s: nlink %u, but %u directory entries name it", iname(f, inum),
			        di->nlink, f->refs[inum]);
	}
}
