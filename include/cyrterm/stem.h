/*
 * cyrterm/stem.h -- stemming for Kazakh (our own), Russian and Serbian
 * (Snowball libstemmer).
 *
 * Input is a word already passed through ct_normalize_word() (lower case,
 * repaired script).  Stems are written into caller-owned buffers.
 */
#ifndef CYRTERM_STEM_H
#define CYRTERM_STEM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ct_lang {
	CT_LANG_UND = 0,
	CT_LANG_KK = 1,
	CT_LANG_RU = 2,
	CT_LANG_SR = 3,
	CT_LANG_EN = 4
} ct_lang;

/* "kk", "ru", "sr", "en", "und". */
const char *ct_lang_code(ct_lang lang);
/* Parses a code as above (case-insensitive); CT_LANG_UND if unknown. */
ct_lang ct_lang_from_code(const char *code, size_t n);

/*
 * Kazakh stem of a normalised word, with or without Kazakh-specific letters
 * ("қызметтің" and "кызметтин" both give a stem; the caller folds it with
 * ct_fold_kazakh() before comparing).  Strips, from the end inward,
 * predicative/personal endings, case, possessive and plural suffixes; the
 * derivational -лық/-лік family only when `derivational` is non-zero.
 * Restores stem-final consonant alternations (кітабы -> кітап).
 * Returns the bytes needed; the stem is the word itself when nothing applies.
 * Thread-safe, no allocation.
 */
size_t ct_stem_kk(const char *word, size_t n, int derivational, char *out, size_t cap);

/* A Snowball stemmer for Russian or Serbian.  Not thread-safe: use one per
 * thread. */
typedef struct ct_stemmer ct_stemmer;

/* Creates a stemmer for CT_LANG_RU or CT_LANG_SR (CT_EINVAL otherwise).
 * On failure *out is NULL. */
int ct_stemmer_new(ct_stemmer **out, ct_lang lang);
void ct_stemmer_free(ct_stemmer *st);

/*
 * Stems a normalised word.  The returned pointer is owned by the stemmer and
 * valid until the next call on it; *out_n receives its length.  Serbian stems
 * come out in Latin script whatever the script of the input.
 * Returns NULL on allocation failure.
 */
const char *ct_stemmer_stem(ct_stemmer *st, const char *word, size_t n, size_t *out_n);

#ifdef __cplusplus
}
#endif
#endif
