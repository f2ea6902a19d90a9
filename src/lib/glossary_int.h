/*
 * glossary_int.h -- what glossary.c offers glossary_io.c: the in-memory
 * glossary that every input format is read into before it is written to
 * the index, so that .gloss, TBX, TSV and CSV share one validation and one
 * writer.
 *
 * (Private like internal.h, and kept apart from it because only the
 * glossary files need these types.)
 */
#ifndef CT_GLOSSARY_INT_H
#define CT_GLOSSARY_INT_H

#include "cyrterm/glossary.h"
#include "internal.h"

/* One term of a concept.  Strings live in the glossary's arena. */
typedef struct ct_gterm {
	ct_lang lang;       /* kk, ru, sr or en */
	const char *term;   /* trimmed, whitespace collapsed, never empty */
	const char *pos;    /* NULL when the source does not say */
	const char *type;   /* "full", "abbrev", "variant" */
	const char *status; /* "preferred", "admitted", "deprecated" */
	const char *note;   /* NULL, or notes separated by '\n' */
	long line;
} ct_gterm;

/* A sentence quoted from the corpus as evidence for a concept. */
typedef struct ct_gctx {
	ct_lang lang;
	const char *doc;  /* corpus file relative to the data folder, or NULL */
	long doc_line;    /* 0 when unknown */
	const char *text;
	long line;        /* where the quote was read */
} ct_gctx;

typedef struct ct_gconcept {
	const char *slug;
	const char *gloss_en; /* the first English term, or NULL */
	const char *def, *domain;
	const char *note;     /* NULL, or notes separated by '\n' */
	const char *source;   /* file it was read from, as stored in concept.source */
	long line;
	ct_gterm *terms;      /* in the order read; seq counts within a language */
	size_t nterms, capterms;
	ct_gctx *ctxs;
	size_t nctxs, capctxs;
} ct_gconcept;

typedef struct ct_gblock ct_gblock;
typedef struct ct_slug_map ct_slug_map;

typedef struct ct_gloss {
	ct_gconcept *concepts;
	size_t nconcepts, capconcepts;
	ct_gblock *arena;     /* private to glossary.c */
	ct_slug_map *slugs;   /* private to glossary.c */
	int oom;
} ct_gloss;

/* An empty glossary: ct_gloss g = {0}; release with ct_gloss_free(). */
void ct_gloss_free(ct_gloss *g);
/* A NUL-terminated copy of s[0..n) in g's arena; NULL when out of memory. */
char *ct_gloss_strdup(ct_gloss *g, const char *s, size_t n);
/* Appends a concept (without slug: see ct_gloss_set_slug()), a term, a
 * quote; NULL when out of memory.  A concept pointer is valid until the
 * next ct_gloss_add_concept() on g; `source` and `term` are kept, not
 * copied (put them in the arena). */
ct_gconcept *ct_gloss_add_concept(ct_gloss *g, const char *source, long line);
ct_gterm *ct_gloss_add_term(ct_gloss *g, ct_gconcept *c, ct_lang lang, const char *term, long line);
ct_gctx *ct_gloss_add_ctx(ct_gloss *g, ct_gconcept *c, ct_lang lang, long line);

/*
 * Cleans one value read from a file: whitespace runs become one space, the
 * ends are trimmed; with multiline, '\n' separates items (notes) that are
 * cleaned one by one and empty ones dropped.  *out is in g's arena ("" when
 * nothing is left).  CT_ESYNTAX for a control character (*bad set to it).
 */
int ct_gloss_clean(ct_gloss *g, const char *s, size_t n, int multiline, const char **out, int *bad);
/* Appends item to a '\n'-separated list (*list NULL or in g's arena). */
int ct_gloss_append(ct_gloss *g, const char **list, const char *item);

/* Canonical values: "full"/"abbrev"/"variant", "preferred"/"admitted"/
 * "deprecated"; NULL when s is not one of them. */
const char *ct_gloss_type_name(const char *s, size_t n);
const char *ct_gloss_status_name(const char *s, size_t n);

/* Sets idx's message to "SOURCE:LINE: what" (just "SOURCE: what" when
 * line is 0); returns status. */
int ct_gloss_fail(ct_index *idx, int status, const char *source, long line, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* Gives c the id slug[0..n), refusing one that g already has:
 * "SOURCE:LINE: concept 'x' is defined twice (first at SOURCE:LINE)". */
int ct_gloss_set_slug(ct_index *idx, ct_gloss *g, ct_gconcept *c, const char *slug, size_t n);

/* Does s look like a usable concept id (no whitespace or control
 * characters, at most 200 bytes)? */
int ct_gloss_slug_ok(const char *s);

/*
 * Parses cyrterm's .gloss format (dict/README.md) from text[0..n) into g,
 * naming `source` in messages and in each concept.  Errors go to idx as
 * "SOURCE:LINE: what is wrong" (CT_ESYNTAX, CT_EUTF8, CT_ENOMEM).
 */
int ct_gloss_parse(ct_index *idx, ct_gloss *g, const char *source, const char *text, size_t n);

/* Fills what every format leaves to the store: type full and status
 * preferred where not given, gloss_en from the first English term, and a
 * slug for concepts without an id (from the English gloss, "cloud
 * computing" -> "cloud_computing", else "concept_N"; unique within g).
 * Refuses a concept without terms (message on idx). */
int ct_gloss_finish(ct_index *idx, ct_gloss *g);

/* What ct_gloss_store() does with a concept whose slug the index has. */
typedef enum ct_gstore_mode {
	CT_GSTORE_REPLACE = 0, /* replace it */
	CT_GSTORE_KEEP = 1     /* keep it, skip the new one */
} ct_gstore_mode;

/* Writes g's concepts, inside the caller's transaction. */
int ct_gloss_store(ct_index *idx, const ct_gloss *g, ct_gstore_mode mode, ct_import_stats *stats);

/* BEGIN IMMEDIATE, or a savepoint when the caller already has a
 * transaction; ct_gloss_tx_end() commits (ok) or rolls back. */
int ct_gloss_tx_begin(ct_index *idx, int *nested);
int ct_gloss_tx_end(ct_index *idx, int nested, int ok);

#endif
