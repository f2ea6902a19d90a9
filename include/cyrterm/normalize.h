/*
 * cyrterm/normalize.h -- text normalisation for Kazakh, Russian and Serbian.
 *
 * The same functions run at index time and at query time, so that a word
 * typed by a user and the same word in a corpus meet whatever defects either
 * of them has: case, NFKC compatibility forms, soft hyphens and zero-width
 * characters, stress marks, ё, Latin look-alike letters inside Cyrillic words
 * (Latin "i" for Kazakh "і" in «Қазiргi»), legacy-font substitutes (ѕ for ү),
 * missing Kazakh letters (кызмет for қызмет) and the two Serbian scripts.
 *
 * All text is UTF-8 as (pointer, byte length).  Output buffers are owned by
 * the caller; functions return the number of bytes the full result needs, so
 * a caller whose buffer was too small can retry (as snprintf does).  The
 * result is NUL-terminated whenever cap > 0.
 */
#ifndef CYRTERM_NORMALIZE_H
#define CYRTERM_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the normalisation rules; stored in every index so that an index
 * built with other rules is rebuilt rather than silently mismatched. */
#define CT_NORMALIZER_VERSION 5

/* The Unicode version of the character tables in use (utf8proc's). */
const char *ct_unicode_version(void);

/*
 * Checks that s[0..n) is well-formed UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF).  Returns CT_OK, or CT_EUTF8 with *bad_offset
 * (if not NULL) set to the byte offset of the first invalid sequence.
 */
int ct_utf8_validate(const char *s, size_t n, size_t *bad_offset);

/*
 * Copies s[0..n) to out, replacing every invalid sequence by U+FFFD.
 * Returns the bytes needed (at most 3*n).  *nrepl, if not NULL, receives the
 * number of replacements.
 */
size_t ct_utf8_repair(const char *s, size_t n, char *out, size_t cap, size_t *nrepl);

/*
 * Normalises one word (a token as cut by the tokenizer): NFKC, case folding,
 * removal of soft hyphens, zero-width characters and combining stress marks,
 * ё -> е, and repair of mixed-script words.  Pure Latin words stay Latin.
 * Returns the bytes needed for the result.
 */
size_t ct_normalize_word(const char *s, size_t n, char *out, size_t cap);

/*
 * Folds a normalised word to its "no Kazakh letters" form: ә ғ қ ң ө ұ ү һ і
 * become а г к н о у у х и.  Returns the bytes needed (never more than n).
 */
size_t ct_fold_kazakh(const char *s, size_t n, char *out, size_t cap);

/*
 * The ASCII Latin skeleton of a normalised word, so that Serbian Cyrillic,
 * Serbian Latin and diacritic-less Latin meet: "научни", "naučni" and
 * "naucni" all give "naucni"; љ -> lj, њ -> nj, џ/dž -> dz, ђ/đ -> dj.
 * Returns the bytes needed; 0 if the word has a letter outside the
 * Cyrillic and Latin scripts (the word then has no skeleton).
 */
size_t ct_latin_skeleton(const char *s, size_t n, char *out, size_t cap);

/* Script of a normalised word. */
typedef enum ct_script {
	CT_SCRIPT_OTHER = 0, /* digits, other scripts */
	CT_SCRIPT_CYRILLIC = 1,
	CT_SCRIPT_LATIN = 2
} ct_script;

ct_script ct_word_script(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
