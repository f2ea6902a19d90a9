/*
 * cyrterm/tokenize.h -- cutting text into words and the forms each word is
 * indexed under.
 *
 * A word of the original text is indexed under several colocated forms, all
 * at the same position so that phrases still match:
 *
 *   CT_FORM_EXACT   the normalised word ("Қазiргi" -> "қазіргі");
 *   CT_FORM_FOLDED  the same without Kazakh letters ("казирги"), so that text
 *                   and queries typed without them meet;
 *   CT_FORM_LATIN   the ASCII Latin skeleton of Serbian words ("технологије"
 *                   -> "tehnologije"), so that both scripts meet;
 *   CT_FORM_STEM    "#" followed by a stem (Kazakh, Russian or Serbian).
 *
 * Forms of different kinds that are equal are emitted once.  Every form
 * carries the byte offsets of its word in the caller's original text.
 */
#ifndef CYRTERM_TOKENIZE_H
#define CYRTERM_TOKENIZE_H

#include <stddef.h>
#include "cyrterm/stem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest word, in code points, that is analysed whole; the first
 * CT_MAX_WORD code points of a longer word are indexed. */
#define CT_MAX_WORD 100

/* Prefix of stem forms in the index and in FTS5 query strings. */
#define CT_STEM_MARK '#'
/* A query string that starts with this is matched on exact forms only. */
#define CT_EXACT_MARK '='

typedef enum ct_form_kind {
	CT_FORM_EXACT = 0,
	CT_FORM_FOLDED = 1,
	CT_FORM_LATIN = 2,
	CT_FORM_STEM = 3
} ct_form_kind;

/* Flags of ct_analyze(). */
#define CT_TOK_DOCUMENT   0u /* index a passage: all forms */
#define CT_TOK_QUERY      1u /* analyse query text: language is guessed per word */
#define CT_TOK_PREFIX     2u /* with QUERY: a prefix query, no stems */
#define CT_TOK_EXACT_ONLY 4u /* exact forms only */
#define CT_TOK_NO_STEMS   8u /* no stem forms */
#define CT_TOK_BOUNDS_ONLY 16u /* one form per word, the word as written:
                                 for callers that need positions and offsets */

/* Bit masks of languages, for lang_mask arguments. */
#define CT_LANGBIT(l) (1u << (unsigned)(l))
#define CT_LANGS_ALL (CT_LANGBIT(CT_LANG_KK) | CT_LANGBIT(CT_LANG_RU) | CT_LANGBIT(CT_LANG_SR))

/*
 * Receives one form.  `first` is non-zero for the first form of a word (the
 * exact one) and zero for the colocated forms that follow it.  `lang` is the
 * language of a stem form (CT_LANG_UND for the other kinds).  `form` is valid
 * only during the call.  A non-zero return stops the analysis and is
 * returned by ct_analyze().
 */
typedef int (*ct_form_fn)(void *ctx, int first, ct_form_kind kind, ct_lang lang,
                          const char *form, size_t n, size_t start, size_t end);

/* An analyzer holds the Snowball stemmers and scratch space.  One per thread. */
typedef struct ct_analyzer ct_analyzer;

int ct_analyzer_new(ct_analyzer **out);
void ct_analyzer_free(ct_analyzer *a);

/*
 * Cuts text[0..n) into words and calls fn for every form of every word.
 * lang_mask selects the stemmers (CT_LANGBIT(...) bits); 0 lets the
 * analyzer decide: for a document, from the language of the whole text
 * (ct_detect_lang()); for a query, per word, every language the word could
 * belong to.  Bytes that are not valid UTF-8 separate words (validate
 * input at the boundary with ct_utf8_validate()).
 * Returns CT_OK, CT_ENOMEM, or fn's non-zero return.
 */
int ct_analyze(ct_analyzer *a, const char *text, size_t n, unsigned flags,
               unsigned lang_mask, ct_form_fn fn, void *ctx);

/*
 * Language of a text from its letters: Kazakh letters (and Latin i inside
 * Cyrillic words) mean kk, ј љ њ ћ ђ џ and č ć š ž đ mean sr, ы э ъ щ ё
 * without those mean ru; CT_LANG_UND when the text does not tell.
 */
ct_lang ct_detect_lang(const char *text, size_t n);

/* The languages a single query word could belong to (a CT_LANGBIT mask). */
unsigned ct_word_langs(const char *word, size_t n);

#ifdef __cplusplus
}
#endif
#endif
