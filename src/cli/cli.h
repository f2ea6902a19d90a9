/*
 * cli.h -- what the command-line tool's files offer one another.  The CLI
 * uses only the public API (include/cyrterm/).
 */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <stdio.h>

#include "cyrterm/cyrterm.h"

/* Exit statuses, documented in README. */
#define EXIT_FOUND 0
#define EXIT_NONE 1
#define EXIT_USAGE 2
#define EXIT_RUNTIME 3
#define EXIT_PARTIAL 4

int cmd_search(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_term(int argc, char **argv);
int cmd_glossary(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_info(int argc, char **argv);

/* common.c */
extern const char *cli_prog;
/* Prints "cyrterm: MESSAGE" to stderr. */
void cli_error(const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 1, 2)))
#endif
	;
/* Exit status for a library status. */
int cli_exit_for(int status);
/* Opens --db PATH (read-only unless create, which also makes it when
 * missing) or the default index. */
int cli_open_index(ct_index **out, const char *db, int create);
/* Prints a notice from an update to stderr. */
void cli_notice(void *ctx, ct_notice_level lv, const char *msg);
/* Parses "kk,sr" into a language mask; 0 and a message on error. */
int cli_parse_langs(const char *s, unsigned *mask);
/* Parses a positive count. */
int cli_parse_count(const char *s, const char *opt, size_t *out);
/* Joins argv[i..argc) with spaces (malloc'd). */
char *cli_join(int argc, char **argv, int from);
/* Should output use colour?  (a terminal, and NO_COLOR unset) */
int cli_color(FILE *f);

/* The arguments search and term share: [--db PATH] [--lang L] [--limit N]
 * [--json|--tsv] [--] QUERY... */
typedef struct cli_query_args {
	const char *db;
	unsigned lang_mask;
	size_t limit;
	int json, tsv;
	char *query; /* the remaining arguments joined; malloc'd */
} cli_query_args;
/* A command's own options: returns 1 when argv[*i] was one (it may
 * consume a value by advancing *i), 0 when unknown, -1 after an error. */
typedef int (*cli_option_fn)(void *ctx, int argc, char **argv, int *i);
/* Parses; 0 on success, else the exit status (a message was printed). */
int cli_parse_query_args(int argc, char **argv, const char *cmd, cli_query_args *out, cli_option_fn extra,
                         void *ctx);
/* Opens the index of a query command; 0 or the exit status. */
int cli_open_for_query(ct_index **idx, const char *db);

/* out_json.c */
void json_str(FILE *f, const char *s, size_t n);
void json_cstr(FILE *f, const char *s); /* NULL prints null */
void out_search_json(FILE *f, const char *query, const ct_results *r);
void out_lookup_json(FILE *f, const char *query, const ct_lookup *r);
/* The members after "query" (no braces), for batch records. */
void out_search_json_body(FILE *f, const ct_results *r);
void out_lookup_json_body(FILE *f, const ct_lookup *r);

/* out_text.c */
void out_search_text(FILE *f, const ct_results *r, int color);
void out_lookup_text(FILE *f, const ct_lookup *r, int color);

/* out_tsv.c */
void tsv_field(FILE *f, const char *s, size_t n);
void out_search_tsv(FILE *f, const ct_results *r);
void out_lookup_tsv(FILE *f, const ct_lookup *r);

#endif
