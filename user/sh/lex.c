/*
 * Tokens and words. lex() cuts a line into words and operators; a word
 * runs until an unquoted blank or operator character, and may hold
 * 'single quotes' (everything literal), "double quotes" (where \" \\ and
 * \$ are escapes and $? is replaced) and backslash escapes outside quotes.
 * An unquoted '#' at the start of a word begins a comment. A digit right
 * before '<' or '>' is the descriptor to redirect ("2>file", "2>&1").
 * expand() interprets a word's quotes when its command runs.
 */
#include "sh.h"

static int is_meta(char c)
{
	return c == 0 || strchr(" \t\n;&|<>", c);
}

/* The end of the word starting at s, or 0 if a quote is not closed. */
static const char *scan_word(const char *s)
{
	while (!is_meta(*s)) {
		if (*s == '\'') {
			if (!(s = strchr(s + 1, '\'')))
				return 0;
			s++;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1])
					s++;
			}
			if (!*s)
				return 0;
			s++;
		} else {
			s += *s == '\\' && s[1] ? 2 : 1;
		}
	}
	return s;
}

/* A redirection operator at s, with the descriptor fd (-1: the default);
 * the operator's length. */
static int redir_op(const char *s, int fd, struct token *t)
{
	int out = *s == '>', len = 1;

	t->type = T_REDIR;
	if (out && s[1] == '>') {
		t->redir = R_APPEND;
		len = 2;
	} else if (s[1] == '&') {
		t->redir = R_DUP;
		len = 2;
	} else {
		t->redir = out ? R_OUT : R_IN;
	}
	t->fd = fd >= 0 ? fd : out;
	return len;
}

/* The operator at s (not a redirection) as t; its length. */
static int control_op(const char *s, struct token *t)
{
	int twice = s[1] == s[0];

	switch (*s) {
	case '|':
		t->type = twice ? T_OR : T_PIPE;
		return 1 + twice;
	case '&':
		t->type = twice ? T_AND : T_AMP;
		return 1 + twice;
	default: /* ';' or '\n' */
		t->type = T_SEMI;
		return 1;
	}
}

/* The token at s as t; its length, or 0 after an error. */
static int token(const char *s, struct token *t)
{
	const char *end;

	t->text = s;
	if (isdigit(s[0]) && (s[1] == '<' || s[1] == '>'))
		t->len = 1 + redir_op(s + 1, s[0] - '0', t);
	else if (*s == '<' || *s == '>')
		t->len = redir_op(s, -1, t);
	else if (strchr(";&|\n", *s))
		t->len = control_op(s, t);
	else if ((end = scan_word(s))) {
		t->type = T_WORD;
		t->len = end - s;
	} else {
		fprintf(STDERR, "sh: unterminated quote\n");
		return 0;
	}
	return t->len;
}

struct token *lex(const char *line)
{
	/* At most one token per byte, and the T_END. */
	struct token *tokens = arena_alloc((strlen(line) + 1) * sizeof(*tokens));
	int n = 0, len;

	for (const char *s = line;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#') {
			while (*s && *s != '\n')
				s++;
		}
		if (!*s)
			break;
		if (!(len = token(s, &tokens[n++])))
			return 0;
		s += len;
	}
	tokens[n].type = T_END;
	tokens[n].text = "end of line";
	tokens[n].len = strlen(tokens[n].text);
	return tokens;
}

/* Appends the decimal status to out; the new end. */
static char *put_status(char *out)
{
	return out + snprintf(out, 4, "%d", sh.status);
}

char *expand(const struct token *word)
{
	/* "$?" (2 bytes) becomes at most 3: twice the length is enough. */
	char *out = arena_alloc(2 * word->len + 1), *o = out;
	const char *s = word->text, *end = s + word->len;
	char quote = 0, c;

	while (s < end) {
		c = *s++;
		if (quote == '\'' && c != '\'')
			*o++ = c;
		else if (c == '\'' && quote != '"')
			quote = quote ? 0 : '\'';
		else if (c == '"')
			quote = quote ? 0 : '"';
		else if (c == '\\' && s < end && (!quote || strchr("\"\\$", *s)))
			*o++ = *s++;
		else if (c == '$' && s < end && *s == '?') {
			o = put_status(o);
			s++;
		} else
			*o++ = c;
	}
	*o = 0;
	return out;
}

char **expand_argv(const struct cmd *c)
{
	char **argv = arena_alloc((c->argc + 1) * sizeof(*argv));

	for (int i = 0; i < c->argc; i++)
		argv[i] = expand(c->argv[i]);
	argv[c->argc] = 0;
	return argv;
}
