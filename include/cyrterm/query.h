/*
 * cyrterm/query.h -- the search query language.
 *
 *   инновациялық қызмет      words are ANDed
 *   "технолошки парк"        a phrase
 *   грант OR субсидия        either
 *   лизинг -қаржы            without
 *   инновац*                 a prefix
 *   (а OR б) в               grouping
 *   =қызмет                  the exact form only (no folding or stems)
 *
 * Each word is matched under all its forms (exact, without Kazakh letters,
 * other script, stems); exact forms score higher.
 */
#ifndef CYRTERM_QUERY_H
#define CYRTERM_QUERY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CT_QUERY_MAX_BYTES 4096
#define CT_QUERY_MAX_DEPTH 32
#define CT_QUERY_MAX_TERMS 64

typedef struct ct_query ct_query;

/*
 * Parses a query (UTF-8).  On failure *out is NULL and err receives one
 * line naming the 1-based character position: "position 7: unterminated
 * phrase".  Returns CT_OK, CT_ESYNTAX, CT_EUTF8, CT_ETOOBIG, CT_ENOMEM.
 */
int ct_query_parse(ct_query **out, const char *q, size_t n, char *err, size_t errcap);

void ct_query_free(ct_query *q);

/* The FTS5 MATCH expression for the "cyrterm" tokenizer; owned by q. */
const char *ct_query_fts(const ct_query *q);

/* The words and phrases the query looks for (not the excluded ones), in
 * query order, as typed; owned by q. */
size_t ct_query_positive_count(const ct_query *q);
const char *ct_query_positive(const ct_query *q, size_t i, size_t *n);

/* How positive i was written: a prefix (иннов*, "технолошки пар"*) or
 * exact (=word). */
#define CT_QUERY_PREFIX 1u
#define CT_QUERY_EXACT 2u
unsigned ct_query_positive_flags(const ct_query *q, size_t i);

#ifdef __cplusplus
}
#endif
#endif
