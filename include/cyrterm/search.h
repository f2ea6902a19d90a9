/*
 * cyrterm/search.h -- ranked passages for a query, from every language.
 *
 * A query finds passages through the forms of its words (query.h), and,
 * through the glossary, through the equivalents of the terms it contains in
 * the other languages ("трансфер технологий" -> «технологиялар трансферті»,
 * «трансфер технологије»).  Each result lists the glossary terms it holds
 * with their translations and the passages of the other languages that speak
 * of the same concepts.
 */
#ifndef CYRTERM_SEARCH_H
#define CYRTERM_SEARCH_H

#include <stddef.h>

#include "cyrterm/glossary.h"
#include "cyrterm/index.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_span {
	size_t start, end; /* bytes */
} ct_span;

/* Another place where the same passage stands word for word. */
typedef struct ct_location {
	const char *doc;
	long line;
} ct_location;

/* A glossary term found in a result passage. */
typedef struct ct_hit_term {
	size_t start, end;   /* bytes inside the passage text */
	const char *concept; /* concept id */
	const char *form;    /* as written in the passage */
	const char *lang;    /* language of the matched glossary term */
	int deprecated;      /* the glossary marks this term deprecated */
	const ct_term *translations; /* terms of the other languages, preferred first */
	size_t ntranslations;
	int color;           /* same number for the same concept across a result and its aligned passages */
} ct_hit_term;

/* A passage of another language about the same concepts. */
typedef struct ct_aligned {
	const char *lang, *doc, *text;
	long line;
	double score;
	const ct_span *terms; /* glossary terms in text (same colours as the result's) */
	const int *colors;
	size_t nterms;
} ct_aligned;

/* The translation of a passage from a parallel document or TMX. */
typedef struct ct_translation {
	const char *lang, *text;
	double score;
} ct_translation;

typedef struct ct_hit {
	int rank;          /* 1-based */
	long long passage_id; /* the passage's id in the index */
	double score;      /* higher is better; comparable across languages */
	const char *doc;   /* document path as stored */
	long line;         /* 1-based */
	size_t start, end; /* byte range of the passage in its document */
	const char *lang;  /* "kk", "ru", "sr", "und" */
	const char *text;  /* the passage, original text */
	size_t text_n;
	int toc;           /* a table-of-contents passage */
	const ct_span *highlights; /* matched words, bytes inside text */
	size_t nhighlights;
	const ct_location *also;   /* identical passages elsewhere */
	size_t nalso;
	const ct_hit_term *terms;
	size_t nterms;
	const ct_aligned *aligned;
	size_t naligned;
	const ct_translation *translations;
	size_t ntranslations;
} ct_hit;

/* A glossary equivalent added to the query. */
typedef struct ct_expansion {
	const char *concept, *lang, *term;
} ct_expansion;

typedef struct ct_search_opts {
	unsigned lang_mask; /* languages of the results (CT_LANGBIT bits; 0: all) */
	size_t limit;       /* results (0: 10) */
	int no_expand;      /* do not add glossary equivalents */
	int no_align;       /* skip term and passage alignment (faster) */
	size_t max_aligned; /* aligned passages per result (0: 3) */
} ct_search_opts;

typedef struct ct_results ct_results;

/*
 * Runs a query.  On failure *out is NULL and ct_index_errmsg(idx) holds one
 * line ("position 7: unterminated phrase ...").  Everything the results
 * point to is owned by them.
 * Returns CT_OK (possibly with no results), CT_ESYNTAX, CT_EUTF8,
 * CT_ETOOBIG, CT_EDB, CT_ENOMEM.
 */
int ct_search(ct_results **out, ct_index *idx, const char *query, size_t n, const ct_search_opts *opts);

/* Passages matched before the limit and before identical ones were merged. */
size_t ct_results_total(const ct_results *r);
size_t ct_results_count(const ct_results *r);
const ct_hit *ct_results_get(const ct_results *r, size_t i);
size_t ct_results_expanded_count(const ct_results *r);
const ct_expansion *ct_results_expanded(const ct_results *r, size_t i);
void ct_results_free(ct_results *r);

#ifdef __cplusplus
}
#endif
#endif
