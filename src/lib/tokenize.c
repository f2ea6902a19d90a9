/*
 * tokenize.c -- words and their indexed forms.
 *
 * One analysis serves the FTS5 tokenizer (index and query), `cyrterm
 * analyze` and the glossary matcher, so that all of them agree on what a
 * word is and under which forms it can be found.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

/*
 * The forms of a word depend only on the word, the flags and the
 * languages, and words repeat (Zipf): a direct-mapped cache of recent words
 * saves the stemmers most of their work, at indexing and when the glossary
 * matcher reads result passages.
 */
#define CACHE_SLOTS 16384
#define CACHE_KEY 48
#define CACHE_FORMS 8
#define CACHE_BYTES 160

typedef struct cache_ent {
	uint64_t hash;
	unsigned flags, langs;
	uint8_t keylen, nforms;
	uint8_t kind[CACHE_FORMS], lang[CACHE_FORMS];
	uint16_t off[CACHE_FORMS], len[CACHE_FORMS];
	char key[CACHE_KEY];
	char data[CACHE_BYTES];
} cache_ent;

struct ct_analyzer {
	ct_stemmer *ru;
	ct_stemmer *sr;
	cache_ent *cache; /* CACHE_SLOTS entries, or NULL */
};

int ct_analyzer_new(ct_analyzer **out)
{
	int rc;
	ct_analyzer *a = calloc(1, sizeof(*a));
	*out = NULL;
	if (!a)
		return CT_ENOMEM;
	rc = ct_stemmer_new(&a->ru, CT_LANG_RU);
	if (rc != CT_OK)
		goto done;
	rc = ct_stemmer_new(&a->sr, CT_LANG_SR);
	if (rc != CT_OK)
		goto done;
	a->cache = calloc(CACHE_SLOTS, sizeof(*a->cache)); /* optional: NULL only slows */
	*out = a;
	a = NULL;
done:
	ct_analyzer_free(a);
	return rc;
}

void ct_analyzer_free(ct_analyzer *a)
{
	if (!a)
		return;
	ct_stemmer_free(a->ru);
	ct_stemmer_free(a->sr);
	free(a->cache);
	free(a);
}

int ct_is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	case UTF8PROC_CATEGORY_CF:
		/* soft hyphen and zero-width characters live inside words:
		 * «инно\u00ADвация» is one word */
		return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------- language */

typedef struct lang_counts {
	unsigned kk, sr, ru, cyr, lat;
} lang_counts;

/* Lower case without a call for the letters of running text: ASCII and
 * the basic Russian alphabet; utf8proc for the rest. */
static inline int32_t fast_lower(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	if (cp >= 0x0430 && cp <= 0x045F)
		return cp;
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 0x20;
	if (cp >= 0x0400 && cp <= 0x040F)
		return cp + 0x50;
	return utf8proc_tolower(cp);
}

/* What one letter adds to the counts, and whether it is Cyrillic. */
#define LC_CYR 1u
#define LC_KK 2u
#define LC_SR 4u
#define LC_RU 8u
#define LC_LAT 16u

#define LC_I 32u /* lowers to Latin i (İ) */

static unsigned letter_class(int32_t cp)
{
	int32_t lc = fast_lower(cp);
	unsigned k = lc == 'i' ? LC_I : 0;
	if (ct_is_cyrillic(lc)) {
		k |= LC_CYR;
		if (ct_is_kazakh_letter(lc))
			k |= LC_KK;
		switch (lc) {
		case 0x0458: case 0x0459: case 0x045A: case 0x045B: case 0x0452: case 0x045F:
			k |= LC_SR;
			break;
		case 0x044B: case 0x044D: case 0x044A: case 0x0449: case 0x0451:
			k |= LC_RU;
			break;
		}
	} else if (ct_is_latin(lc)) {
		k |= LC_LAT;
		switch (lc) {
		case 0x010D: case 0x0107: case 0x0161: case 0x017E: case 0x0111:
			k |= LC_SR;
			break;
		}
	}
	return k;
}

/* letter_class() of U+0000..U+07FF, every character of one or two bytes:
 * Cyrillic and the Latin letters of Serbian.  Language detection reads
 * every passage, and it was 5% of the instructions of indexing. */
static uint8_t cls2[0x800];
static pthread_once_t cls2_once = PTHREAD_ONCE_INIT;

static void cls2_init(void)
{
	for (int32_t cp = 0; cp < 0x800; cp++)
		cls2[cp] = (uint8_t)letter_class(cp);
}

static void count_letters(const char *s, size_t n, lang_counts *out)
{
	/* (counts in locals: stores through out could alias the text) */
	unsigned kk = 0, sr = 0, ru = 0, cyr = 0, lat = 0;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	int prev_cyr = 0;
	pthread_once(&cls2_once, cls2_init);
	while (p < end) {
		unsigned k;
		unsigned char b0 = *p;
		if (b0 < 0x80) {
			p++;
			if ((b0 | 0x20) >= 'a' && (b0 | 0x20) <= 'z') {
				lat++;
				/* Latin i after a Cyrillic letter: Kazakh і typed on
				 * a Latin layout («негiздерi») */
				kk += (b0 | 0x20) == 'i' && prev_cyr;
			}
			prev_cyr = 0; /* digits, spaces, punctuation too */
			continue;
		}
		if (b0 >= 0xC2 && b0 <= 0xDF && p + 1 < end && (p[1] & 0xC0) == 0x80) {
			k = cls2[((b0 & 0x1Fu) << 6) | (p[1] & 0x3Fu)];
			p += 2;
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t len = ct_utf8_next((const char *)p, (size_t)(end - p), &cp);
			if (len < 0) {
				p++;
				continue;
			}
			p += len;
			k = letter_class(cp);
		}
		kk += (k & LC_I) && prev_cyr; /* İ after a Cyrillic letter */
		cyr += (k & LC_CYR) != 0;
		kk += (k & LC_KK) != 0;
		sr += (k & LC_SR) != 0;
		ru += (k & LC_RU) != 0;
		lat += (k & LC_LAT) != 0;
		prev_cyr = (k & LC_CYR) != 0;
	}
	out->kk = kk;
	out->sr = sr;
	out->ru = ru;
	out->cyr = cyr;
	out->lat = lat;
}

ct_lang ct_detect_lang(const char *text, size_t n)
{
	lang_counts c;
	count_letters(text, n, &c);
	if (c.kk == 0 && c.sr == 0) {
		if (c.ru > 0 && c.cyr > c.lat)
			return CT_LANG_RU;
		return CT_LANG_UND;
	}
	/* a Serbian text quoting one Kazakh name (теһнологију) stays Serbian */
	if (c.sr >= c.kk)
		return CT_LANG_SR;
	return CT_LANG_KK;
}

unsigned ct_word_langs(const char *word, size_t n)
{
	lang_counts c;
	count_letters(word, n, &c);
	if (c.kk > 0 && c.sr == 0)
		return CT_LANGBIT(CT_LANG_KK);
	if (c.sr > 0 && c.kk == 0)
		return CT_LANGBIT(CT_LANG_SR);
	if (c.cyr == 0 && c.lat > 0)
		return CT_LANGBIT(CT_LANG_SR); /* Latin: Serbian Latin */
	if (c.ru > 0)
		return CT_LANGBIT(CT_LANG_RU) | CT_LANGBIT(CT_LANG_KK);
	return CT_LANGS_ALL;
}

/* ---------------------------------------------------------------- forms */

#define FORM_CAP (CT_MAX_WORD * 4 + 16)
#define MAX_FORMS 8

typedef struct emitter {
	ct_form_fn fn;
	void *ctx;
	size_t start, end;
	int nforms;
	char seen[MAX_FORMS][FORM_CAP];
	size_t seen_n[MAX_FORMS];
	uint8_t seen_kind[MAX_FORMS], seen_lang[MAX_FORMS];
} emitter;

/* Emits a form unless the word already has it. */
static int emit(emitter *e, ct_form_kind kind, ct_lang lang, const char *p, size_t n)
{
	if (n == 0 || n >= FORM_CAP)
		return 0;
	for (int i = 0; i < e->nforms; i++)
		if (e->seen_n[i] == n && memcmp(e->seen[i], p, n) == 0)
			return 0;
	if (e->nforms < MAX_FORMS) {
		memcpy(e->seen[e->nforms], p, n);
		e->seen_n[e->nforms] = n;
		e->seen_kind[e->nforms] = (uint8_t)kind;
		e->seen_lang[e->nforms] = (uint8_t)lang;
	}
	int first = e->nforms == 0;
	e->nforms++;
	return e->fn(e->ctx, first, kind, lang, p, n, e->start, e->end);
}

static int emit_stem(emitter *e, ct_lang lang, const char *stem, size_t n)
{
	char buf[FORM_CAP];
	if (n == 0 || n + 2 > sizeof(buf))
		return 0;
	buf[0] = CT_STEM_MARK;
	memcpy(buf + 1, stem, n);
	return emit(e, CT_FORM_STEM, lang, buf, n + 1);
}

/* Emits a word's forms from the cache; -1 when it is not there. */
static int cached_forms(ct_analyzer *a, emitter *e, const char *w, size_t wn, unsigned flags, unsigned langs,
                        uint64_t h)
{
	cache_ent *c = &a->cache[h % CACHE_SLOTS];
	if (c->hash != h || c->keylen != wn || c->flags != flags || c->langs != langs || memcmp(c->key, w, wn) != 0)
		return -1;
	for (int i = 0; i < c->nforms; i++) {
		int rc = e->fn(e->ctx, i == 0, (ct_form_kind)c->kind[i], (ct_lang)c->lang[i], c->data + c->off[i],
		               c->len[i], e->start, e->end);
		if (rc)
			return rc;
	}
	return 0;
}

static void cache_store(ct_analyzer *a, const emitter *e, const char *w, size_t wn, unsigned flags,
                        unsigned langs, uint64_t h)
{
	cache_ent *c = &a->cache[h % CACHE_SLOTS];
	size_t used = 0;
	if (e->nforms > CACHE_FORMS || e->nforms > MAX_FORMS)
		return;
	for (int i = 0; i < e->nforms; i++)
		used += e->seen_n[i];
	if (used > CACHE_BYTES)
		return;
	c->hash = h;
	c->flags = flags;
	c->langs = langs;
	c->keylen = (uint8_t)wn;
	memcpy(c->key, w, wn);
	c->nforms = (uint8_t)e->nforms;
	used = 0;
	for (int i = 0; i < e->nforms; i++) {
		c->kind[i] = e->seen_kind[i];
		c->lang[i] = e->seen_lang[i];
		c->off[i] = (uint16_t)used;
		c->len[i] = (uint16_t)e->seen_n[i];
		memcpy(c->data + used, e->seen[i], e->seen_n[i]);
		used += e->seen_n[i];
	}
}

static int compute_forms(ct_analyzer *a, emitter *e, const char *w, size_t wn,
                         unsigned flags, unsigned langs);

static int word_forms(ct_analyzer *a, emitter *e, const char *w, size_t wn, unsigned flags, unsigned langs)
{
	if (!a->cache || wn > CACHE_KEY)
		return compute_forms(a, e, w, wn, flags, langs);
	uint64_t h = ct_hash_mem(w, wn) ^ ((uint64_t)flags << 40) ^ ((uint64_t)langs << 48);
	int rc = cached_forms(a, e, w, wn, flags, langs, h);
	if (rc >= 0)
		return rc;
	rc = compute_forms(a, e, w, wn, flags, langs);
	if (rc == 0)
		cache_store(a, e, w, wn, flags, langs, h);
	return rc;
}

static int compute_forms(ct_analyzer *a, emitter *e, const char *w, size_t wn,
                         unsigned flags, unsigned langs)
{
	char norm[FORM_CAP], fold[FORM_CAP], lat[FORM_CAP], st[FORM_CAP];
	int rc;
	size_t nn = ct_normalize_word(w, wn, norm, sizeof(norm));
	if (nn == 0 || nn >= sizeof(norm))
		return 0;
	rc = emit(e, CT_FORM_EXACT, CT_LANG_UND, norm, nn);
	if (rc || (flags & CT_TOK_EXACT_ONLY))
		return rc;

	ct_script script = ct_word_script(norm, nn);
	if (flags & CT_TOK_QUERY)
		langs = ct_word_langs(norm, nn);

	if (script == CT_SCRIPT_CYRILLIC) {
		size_t fn = ct_fold_kazakh(norm, nn, fold, sizeof(fold));
		rc = emit(e, CT_FORM_FOLDED, CT_LANG_UND, fold, fn);
		if (rc)
			return rc;
	}
	if (script == CT_SCRIPT_LATIN || (langs & CT_LANGBIT(CT_LANG_SR))) {
		size_t ln = ct_latin_skeleton(norm, nn, lat, sizeof(lat));
		if (ln > 0 && ln < sizeof(lat)) {
			rc = emit(e, CT_FORM_LATIN, CT_LANG_UND, lat, ln);
			if (rc)
				return rc;
		}
	}
	if ((flags & (CT_TOK_NO_STEMS | CT_TOK_PREFIX)) || script == CT_SCRIPT_OTHER)
		return 0;

	if ((langs & CT_LANGBIT(CT_LANG_KK)) && script == CT_SCRIPT_CYRILLIC) {
		/* inflectional stem, then the stem without the derivational
		 * -лық/-лік too, so that «инновациялар» finds «инновациялық» */
		for (int deriv = 0; deriv <= 1; deriv++) {
			size_t sn = ct_stem_kk(norm, nn, deriv, st, sizeof(st));
			if (sn > 0 && sn < sizeof(st)) {
				size_t fn = ct_fold_kazakh(st, sn, fold, sizeof(fold));
				rc = emit_stem(e, CT_LANG_KK, fold, fn);
				if (rc)
					return rc;
			}
		}
	}
	if ((langs & CT_LANGBIT(CT_LANG_RU)) && script == CT_SCRIPT_CYRILLIC) {
		size_t sn = 0;
		const char *s = ct_stemmer_stem(a->ru, norm, nn, &sn);
		if (!s)
			return CT_ENOMEM;
		rc = emit_stem(e, CT_LANG_RU, s, sn);
		if (rc)
			return rc;
	}
	if (langs & CT_LANGBIT(CT_LANG_SR)) {
		size_t sn = 0;
		const char *s = ct_stemmer_stem(a->sr, norm, nn, &sn);
		if (!s)
			return CT_ENOMEM;
		size_t ln = ct_latin_skeleton(s, sn, lat, sizeof(lat));
		if (ln > 0 && ln < sizeof(lat)) {
			/* Snowball keeps the plural infix -ov-/-ev- of short masculine
			 * nouns: «грантови» -> grantov but «грант» -> grant,
			 * «паркови» -> parkov.  The stem without it comes first (the
			 * glossary matcher uses a language's first stem). */
			char whole[FORM_CAP];
			if (ln >= 6 && (memcmp(lat + ln - 2, "ov", 2) == 0 || memcmp(lat + ln - 2, "ev", 2) == 0) &&
			    ct_latin_skeleton(norm, nn, whole, sizeof(whole)) > ln) {
				rc = emit_stem(e, CT_LANG_SR, lat, ln - 2);
				if (rc)
					return rc;
			}
			rc = emit_stem(e, CT_LANG_SR, lat, ln);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int ct_analyze(ct_analyzer *a, const char *text, size_t n, unsigned flags,
               unsigned lang_mask, ct_form_fn fn, void *ctx)
{
	emitter *e;
	size_t i = 0;
	int rc = CT_OK;

	if (!(flags & (CT_TOK_QUERY | CT_TOK_BOUNDS_ONLY)) && lang_mask == 0) {
		ct_lang l = ct_detect_lang(text, n);
		lang_mask = l == CT_LANG_UND ? CT_LANGS_ALL : CT_LANGBIT(l);
	}
	e = malloc(sizeof(*e));
	if (!e)
		return CT_ENOMEM;
	e->fn = fn;
	e->ctx = ctx;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(text + i, n - i, &cp);
		if (len < 0) {
			i++; /* an invalid byte separates words */
			continue;
		}
		if (!ct_is_word_cp(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_CF) {
			i += (size_t)len;
			continue;
		}
		size_t start = i;
		while (i < n) {
			len = ct_utf8_next(text + i, n - i, &cp);
			if (len < 0 || !ct_is_word_cp(cp))
				break;
			i += (size_t)len;
		}
		e->start = start;
		e->end = i;
		e->nforms = 0;
		if (flags & CT_TOK_BOUNDS_ONLY)
			rc = fn(ctx, 1, CT_FORM_EXACT, CT_LANG_UND, text + start, i - start, start, i);
		else
			rc = word_forms(a, e, text + start, i - start, flags, lang_mask);
		if (rc)
			break;
	}
	free(e);
	return rc;
}
