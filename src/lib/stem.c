/*
 * stem.c -- language codes and the Snowball (libstemmer) stemmers for
 * Russian and Serbian.  The Kazakh stemmer is our own, in stem_kk.c.
 *
 * Serbian needs no transliteration here: Snowball's serbian algorithm
 * starts by mapping Cyrillic to Latin (its cyr_to_lat routine), so
 * «иновацијама», «иновације» and «inovacija» all come out as "inovacij";
 * tests/test_stem.c checks that this stays so.
 */
#include "cyrterm/stem.h"
#include "cyrterm/error.h"

#include <limits.h>
#include <stdlib.h>

#include <libstemmer.h>

struct ct_stemmer {
	struct sb_stemmer *pSb; /* owned */
	ct_lang lang;
};

const char *ct_lang_code(ct_lang lang)
{
	switch (lang) {
	case CT_LANG_UND: return "und";
	case CT_LANG_KK: return "kk";
	case CT_LANG_RU: return "ru";
	case CT_LANG_SR: return "sr";
	case CT_LANG_EN: return "en";
	}
	/* A value outside the enum (a cast integer). */
	return "und";
}

/* ASCII-only case-insensitive comparison of code[0..n) with a lower-case
 * NUL-terminated name: locale-independent, unlike strncasecmp(). */
static int stem_code_equal(const char *code, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = code[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (name[i] == '\0' || c != name[i])
			return 0;
	}
	return name[n] == '\0';
}

ct_lang ct_lang_from_code(const char *code, size_t n)
{
	static const ct_lang langs[] = {
		CT_LANG_KK, CT_LANG_RU, CT_LANG_SR, CT_LANG_EN, CT_LANG_UND
	};
	size_t i;

	if (code == NULL)
		return CT_LANG_UND;
	for (i = 0; i < sizeof langs / sizeof langs[0]; i++)
		if (stem_code_equal(code, n, ct_lang_code(langs[i])))
			return langs[i];
	return CT_LANG_UND;
}

int ct_stemmer_new(ct_stemmer **out, ct_lang lang)
{
	ct_stemmer *st = NULL;
	const char *algorithm;
	int rc = CT_EINVAL;

	if (out == NULL)
		goto done;
	*out = NULL;
	if (lang == CT_LANG_RU)
		algorithm = "russian";
	else if (lang == CT_LANG_SR)
		algorithm = "serbian";
	else
		goto done;

	rc = CT_ENOMEM;
	st = calloc(1, sizeof *st);
	if (st == NULL)
		goto done;
	st->lang = lang;
	/* The algorithm and encoding are known to libstemmer, so NULL here
	 * can only mean a failed allocation. */
	st->pSb = sb_stemmer_new(algorithm, "UTF_8");
	if (st->pSb == NULL)
		goto done;
	*out = st;
	st = NULL;
	rc = CT_OK;
done:
	ct_stemmer_free(st);
	return rc;
}

void ct_stemmer_free(ct_stemmer *st)
{
	if (st == NULL)
		return;
	if (st->pSb != NULL)
		sb_stemmer_delete(st->pSb);
	free(st);
}

const char *ct_stemmer_stem(ct_stemmer *st, const char *word, size_t n, size_t *out_n)
{
	const sb_symbol *z = NULL;
	int len;

	if (out_n != NULL)
		*out_n = 0;
	if (st == NULL || (word == NULL && n > 0))
		goto done;
	/* libstemmer counts in int; no word comes near that, so a longer one
	 * is refused like a failed allocation rather than truncated. */
	if (n > (size_t)INT_MAX)
		goto done;
	z = sb_stemmer_stem(st->pSb, (const sb_symbol *)(word != NULL ? word : ""), (int)n);
	if (z == NULL)
		goto done;
	len = sb_stemmer_length(st->pSb);
	if (out_n != NULL)
		*out_n = len > 0 ? (size_t)len : 0;
done:
	return (const char *)z;
}
