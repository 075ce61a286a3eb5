/*
 * The parser, by recursive descent over the tokens of one line:
 *
 *   list     = [job ((';' | '&') job)* [';' | '&']]
 *   job      = pipeline (('&&' | '||') pipeline)*
 *   pipeline = command ('|' command)*
 *   command  = (WORD | REDIR WORD)+
 *
 * Also the arena that holds a line's tokens, tree and expanded words.
 */
#include "sh.h"

/* ---- The arena: a list of malloc blocks, all freed at once ---- */

struct block {
	struct block *next;
	_Alignas(16) char data[];
};

static struct block *blocks;

void *arena_alloc(size_t n)
{
	struct block *b = malloc(sizeof(*b) + n);

	if (!b) {
		fprintf(STDERR, "sh: out of memory\n");
		exit(2);
	}
	b->next = blocks;
	blocks = b;
	memset(b->data, 0, n);
	return b->data;
}

void arena_free(void)
{
	struct block *b;

	while ((b = blocks)) {
		blocks = b->next;
		free(b);
	}
}

/* ---- The parser ---- */

static const struct token *tok; /* the next token */

static int syntax_error(void)
{
	char *text = arena_alloc(tok->len + 1);

	memcpy(text, tok->text, tok->len);
	fprintf(STDERR, "sh: syntax error near '%s'\n", text[0] == '\n' ? "newline" : text);
	return -1;
}

/* A command's words and redirections, into c, whose argv has room for
 * them all; 0 or -1. */
static int words(struct cmd *c)
{
	struct redir **rp = &c->redirs, *r;

	for (; tok->type == T_WORD || tok->type == T_REDIR; tok++) {
		if (tok->type == T_WORD) {
			c->argv[c->argc++] = tok;
			continue;
		}
		r = arena_alloc(sizeof(*r));
		r->type = tok->redir;
		r->fd = tok->fd;
		if ((++tok)->type != T_WORD)
			return syntax_error();
		r->word = tok;
		*rp = r;
		rp = &r->next;
	}
	return 0;
}

static struct cmd *command(void)
{
	struct cmd *c = arena_alloc(sizeof(*c));
	int n = 0;

	for (const struct token *t = tok; t->type == T_WORD || t->type == T_REDIR; t++)
		n++;
	if (n == 0) {
		syntax_error();
		return 0;
	}
	c->argv = arena_alloc((n + 1) * sizeof(*c->argv));
	return words(c) < 0 ? 0 : c;
}

static struct pipeline *pipeline(enum token_type op)
{
	struct pipeline *p = arena_alloc(sizeof(*p));
	struct cmd **cp = &p->cmds;

	p->op = op;
	for (;;) {
		if (!(*cp = command()))
			return 0;
		p->ncmds++;
		cp = &(*cp)->next;
		if (tok->type != T_PIPE)
			return p;
		tok++;
	}
}

/* An and-or list; what follows it is a ';', '&' or the end. */
static struct job *job(void)
{
	struct job *j = arena_alloc(sizeof(*j));
	struct pipeline **pp = &j->first;
	enum token_type op = T_END;

	for (;;) {
		if (!(*pp = pipeline(op)))
			return 0;
		pp = &(*pp)->next;
		if (tok->type != T_AND && tok->type != T_OR)
			return j;
		op = tok++->type;
	}
}

int parse(const struct token *tokens, struct job **list)
{
	struct job **jp = list;

	*list = 0;
	tok = tokens;
	while (tok->type != T_END) {
		if (tok->type == T_SEMI && tok->text[0] == '\n') {
			tok++; /* an empty line, or one ending after ';' or '&' */
			continue;
		}
		if (!(*jp = job()))
			return -1;
		if (tok->type != T_END)
			(*jp)->bg = tok++->type == T_AMP;
		jp = &(*jp)->next;
	}
	return 0;
}
