/*
 * The shell's parts: a line is cut into tokens (lex.c), the tokens parsed
 * into jobs of pipelines of commands (parse.c), and the jobs run (run.c,
 * with redirections and built-in commands in builtin.c). Everything made
 * for one line lives in the line's arena, freed when the line is done.
 *
 * Words keep their quotes until a command runs: expand() removes them and
 * replaces $? then, so that "false; echo $?" sees false's status.
 */
#ifndef SH_H
#define SH_H

#include "user.h"

enum token_type {
	T_WORD,
	T_PIPE,  /* | */
	T_OR,    /* || */
	T_AND,   /* && */
	T_AMP,   /* & */
	T_SEMI,  /* ; or a newline */
	T_REDIR, /* < > >> <& >&, with an optional descriptor before them */
	T_END,
};

enum redir_type {
	R_IN,     /* < file */
	R_OUT,    /* > file */
	R_APPEND, /* >> file */
	R_DUP,    /* <&N or >&N */
};

struct token {
	enum token_type type;
	enum redir_type redir; /* T_REDIR */
	int fd;                /* T_REDIR: the descriptor redirected */
	const char *text;      /* T_WORD: the raw word, quotes still in; else the operator */
	int len;
};

struct redir {
	enum redir_type type;
	int fd;
	const struct token *word; /* the file, or the descriptor for R_DUP */
	struct redir *next;
};

/* A simple command: words and redirections; next is the command its
 * output is piped to. */
struct cmd {
	int argc;
	const struct token **argv;
	struct redir *redirs;
	struct cmd *next;
};

/* A pipeline, and how it follows the one before it in its and-or list: op
 * is T_AND, T_OR, or T_END for the first. */
struct pipeline {
	struct cmd *cmds;
	int ncmds;
	enum token_type op;
	struct pipeline *next;
};

/* An and-or list, run in the background when bg; next is the list after
 * the ';' or '&'. */
struct job {
	struct pipeline *first;
	int bg;
	struct job *next;
};

/* The shell's state. */
struct shell {
	int status;      /* $?: the last command's exit status, 0 to 255 */
	int interactive; /* reading commands from the console */
	int jobctl;      /* each foreground pipeline gets the console (interactive) */
	int pgid;        /* the shell's own process group */
	int script_fd;   /* the script being read, or -1: children close it */
};

extern struct shell sh;

/* parse.c */
void *arena_alloc(size_t n); /* memory until arena_free; exits when there is none */
void arena_free(void);
int parse(const struct token *tokens, struct job **list); /* 0, or -1 after an error */

/* lex.c */
struct token *lex(const char *line); /* ends with T_END; 0 after an error */
char *expand(const struct token *word);
char **expand_argv(const struct cmd *c);

/* builtin.c */
typedef int builtin_fn(char **argv);
builtin_fn *builtin(const char *name);   /* 0 if name is not a built-in */
int move_fd(int from, int to);           /* dup2 and close from; 0 or -1 */
int apply_redirs(const struct redir *r); /* 0, or -1 after saying why */
int run_here(const struct cmd *c);       /* a built-in or no command, in the shell */

/* run.c */
void run_jobs(const struct job *j); /* sets sh.status */

#endif
