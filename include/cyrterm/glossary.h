/*
 * cyrterm/glossary.h -- the Kazakh-Russian-Serbian terminology: concepts,
 * their terms, interchange with translators' tools, and term lookup.
 *
 * The glossary lives in the index (tables concept, concept_field, term,
 * term_key).  The bundled glossary (dict/ *.gloss) is loaded into the default
 * index automatically; other glossaries come in through
 * ct_glossary_import() (TBX v2/v3, TSV, CSV, .gloss).
 */
#ifndef CYRTERM_GLOSSARY_H
#define CYRTERM_GLOSSARY_H

#include <stddef.h>
#include <stdio.h>

#include "cyrterm/index.h"
#include "cyrterm/stem.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ct_gformat {
	CT_GFORMAT_AUTO = 0, /* from the file name and content */
	CT_GFORMAT_GLOSS = 1, /* cyrterm's own text format (dict/ *.gloss) */
	CT_GFORMAT_TBX = 2,   /* import: TBX v2 (martif) or v3; export: TBX-Basic v3 */
	CT_GFORMAT_TSV = 3,
	CT_GFORMAT_CSV = 4
} ct_gformat;

/* Parses "tbx", "tsv", "csv", "gloss" (CT_GFORMAT_AUTO if unknown). */
ct_gformat ct_gformat_from_name(const char *name);

typedef struct ct_import_stats {
	size_t concepts, terms, replaced;
} ct_import_stats;

/*
 * Imports a glossary file into the index, in one transaction: concepts
 * with an id the index already has are replaced, the rest added.  XML is
 * parsed with network access, external entities and DTD loading off and a
 * size limit (CT_GLOSSARY_MAX_BYTES).  On failure the index is unchanged and
 * ct_index_errmsg() names the file, line and what is wrong.
 * Returns CT_OK, CT_ESYNTAX, CT_EFORMAT, CT_ETOOBIG, CT_EUTF8, CT_EIO, CT_EDB...
 */
#define CT_GLOSSARY_MAX_BYTES (64u << 20)
int ct_glossary_import(ct_index *idx, const char *path, ct_gformat fmt, ct_import_stats *stats);

/* Writes the whole glossary of the index to f.  Export, import into an
 * empty index and export again give the same bytes. */
int ct_glossary_export(ct_index *idx, ct_gformat fmt, FILE *f);

/*
 * Checks the glossary of the index: duplicate terms, terms in the wrong
 * script or language (Kazakh letters in a Russian term), missing languages,
 * empty terms, concepts without a preferred term.  Calls fn once per
 * problem with a one-line message naming the concept (and the source file
 * and line when known).  Returns the number of problems (>= 0) or a negative
 * status.
 */
typedef void (*ct_problem_fn)(void *ctx, const char *msg);
int ct_glossary_check(ct_index *idx, ct_problem_fn fn, void *ctx);

/* ------------------------------------------------------------ lookup */

typedef enum ct_match_kind {
	CT_MATCH_EXACT = 0,      /* the term as written */
	CT_MATCH_NORMALIZED = 1, /* after case, ё, script repair, Kazakh folding */
	CT_MATCH_STEM = 2,       /* inflected: stems agree */
	CT_MATCH_TRANSLIT = 3,   /* Serbian Latin, Kazakh Latin, Russian BGN-style */
	CT_MATCH_FUZZY = 4       /* edit distance <= 2 on the normalised form */
} ct_match_kind;

/* "exact", "normalized", "stem", "translit", "fuzzy". */
const char *ct_match_kind_name(ct_match_kind k);

typedef struct ct_term {
	const char *term;
	const char *lang;   /* "kk", "ru", "sr", "en" */
	const char *status; /* "preferred", "admitted", "deprecated" */
	const char *type;   /* "full", "abbrev", "variant" */
	const char *pos;
	const char *note;   /* or NULL */
} ct_term;

typedef struct ct_kwic {
	const char *doc;
	long line;
	const char *lang;
	const char *left, *match, *right;
} ct_kwic;

typedef struct ct_entry {
	const char *concept; /* the concept id */
	ct_match_kind match;
	double score;
	const char *matched_term; /* the glossary term that matched */
	const char *gloss_en;
	const char *definition;   /* or NULL */
	const char *domain;       /* or NULL */
	const char *note;         /* or NULL */
	const ct_term *terms;     /* all languages, preferred first within each */
	size_t nterms;
	long count_kk, count_ru, count_sr; /* attestations in the corpus */
	const ct_kwic *kwic;
	size_t nkwic;
} ct_entry;

typedef struct ct_lookup_opts {
	unsigned lang_mask; /* languages of the terms to match (0: all) */
	size_t limit;       /* entries (0: 10) */
	size_t kwic_limit;  /* KWIC lines per entry (0: 5) */
	int no_fuzzy;
} ct_lookup_opts;

typedef struct ct_lookup ct_lookup;

/*
 * Finds the concepts whose terms match query, best first (exact before
 * normalised before stem before translit before fuzzy).  Everything the
 * result points to is owned by it.  CT_ESYNTAX for an empty query,
 * CT_EUTF8 for invalid UTF-8 (message on idx).
 */
int ct_term_lookup(ct_lookup **out, ct_index *idx, const char *query, size_t n,
                   const ct_lookup_opts *opts);
size_t ct_lookup_count(const ct_lookup *r);
const ct_entry *ct_lookup_get(const ct_lookup *r, size_t i);
void ct_lookup_free(ct_lookup *r);

/* -------------------------------------------------------- candidates */

typedef struct ct_candidate {
	const char *phrase; /* as it most often appears */
	const char *lang;
	double cvalue;
	long freq;
} ct_candidate;

typedef void (*ct_candidate_fn)(void *ctx, const ct_candidate *c);

/*
 * Multi-word term candidates from the indexed corpus that the glossary
 * lacks, ranked by C-value (Frantzi, Ananiadou & Mima 2000), best first.
 */
int ct_glossary_suggest(ct_index *idx, unsigned lang_mask, size_t limit, ct_candidate_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
