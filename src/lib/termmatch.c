/*
 * termmatch.c -- finding glossary terms in running text.
 *
 * Search aligns terms in result passages and expands queries with it, and
 * term lookup verifies corpus attestations with it, so it runs over many
 * passages per request.  Everything is therefore loaded once into memory:
 * every distinct word form of the glossary (norm, fold and stem key of each
 * term word) is interned into one hash table and replaced by a small
 * integer, and each term is reachable from the forms of its first word.
 * Matching a text is then one analysis (ct_analyze, the same one the index
 * uses) plus a hash probe per form of each word -- no SQL per word.
 *
 * A text word matches a term word when any of the word's forms equals the
 * term word's exact form, its Kazakh-folded form or its stem key: so
 * «инновациялық қызметті» (accusative, 001_ca4ee8680d8a9508.txt) matches the
 * term «инновациялық қызмет» through the stem key #кызмет, and
 * «иновациялык кызметтин» typed without Kazakh letters matches through the
 * folded forms.
 *
 * A matcher never changes after ct_matcher_new(): several threads may call
 * ct_matcher_find() on it at once, each with its own analyzer.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

#define NO_FORM UINT32_MAX
/* Forms kept per text word: exact, folded, Latin, and the stems, each
 * under up to three language tags. */
#define WORD_FORMS 12

/* How well a text word matched a term word; lower is better. */
enum { Q_EXACT = 0, Q_FOLD = 1, Q_STEM = 2 };

typedef struct mterm {
	sqlite3_int64 id, concept;
	uint32_t first; /* index of its first word in ct_matcher.words */
	uint16_t nwords;
	uint8_t deprecated;
	uint8_t upper;  /* an abbreviation: capitals the text must have */
} mterm;

/* The norm, fold and key form ids of one term word. */
typedef struct mword {
	uint32_t form[3];
} mword;

struct ct_matcher {
	/* interned forms: bytes in `text`, slots hashed on ct_hash_mem */
	ct_buf text;
	uint32_t *form_off, *form_len;
	size_t nforms, forms_cap;
	uint32_t *slot; /* form id + 1, 0 when empty */
	size_t slot_mask;

	mterm *terms;
	size_t nterms, terms_cap;
	mword *words;
	size_t nwords, words_cap;

	/* terms by the forms of their first word (compressed rows) */
	uint32_t *post_start; /* nforms + 1 */
	uint32_t *post;
};

/* ---------------------------------------------------------- interning */

static uint32_t lookup_form(const ct_matcher *m, const char *s, size_t n)
{
	if (!m->slot || n == 0)
		return NO_FORM;
	size_t i = (size_t)ct_hash_mem(s, n) & m->slot_mask;
	for (;;) {
		uint32_t v = m->slot[i];
		if (v == 0)
			return NO_FORM;
		uint32_t id = v - 1;
		if (m->form_len[id] == n && memcmp(m->text.p + m->form_off[id], s, n) == 0)
			return id;
		i = (i + 1) & m->slot_mask;
	}
}

static int rehash(ct_matcher *m, size_t cap)
{
	uint32_t *slot = calloc(cap, sizeof(*slot));
	if (!slot)
		return CT_ENOMEM;
	for (size_t id = 0; id < m->nforms; id++) {
		size_t i = (size_t)ct_hash_mem(m->text.p + m->form_off[id], m->form_len[id]) & (cap - 1);
		while (slot[i])
			i = (i + 1) & (cap - 1);
		slot[i] = (uint32_t)id + 1;
	}
	free(m->slot);
	m->slot = slot;
	m->slot_mask = cap - 1;
	return CT_OK;
}

/* The id of form s[0..n), added when new. */
static int intern(ct_matcher *m, const char *s, size_t n, uint32_t *out)
{
	int rc;
	*out = lookup_form(m, s, n);
	if (*out != NO_FORM || n == 0)
		return CT_OK;
	if (m->nforms >= UINT32_MAX - 1 || m->text.n + n >= UINT32_MAX)
		return CT_ETOOBIG;
	/* keep the table at most half full */
	if ((m->nforms + 1) * 2 > m->slot_mask + 1 || !m->slot) {
		size_t cap = m->slot ? (m->slot_mask + 1) * 2 : 1024;
		rc = rehash(m, cap);
		if (rc != CT_OK)
			return rc;
	}
	if (m->nforms == m->forms_cap) {
		size_t cap = m->forms_cap ? m->forms_cap * 2 : 1024;
		uint32_t *off = realloc(m->form_off, cap * sizeof(*off));
		if (!off)
			return CT_ENOMEM;
		m->form_off = off;
		uint32_t *len = realloc(m->form_len, cap * sizeof(*len));
		if (!len)
			return CT_ENOMEM;
		m->form_len = len;
		m->forms_cap = cap;
	}
	uint32_t id = (uint32_t)m->nforms;
	m->form_off[id] = (uint32_t)m->text.n;
	m->form_len[id] = (uint32_t)n;
	rc = ct_buf_put(&m->text, s, n);
	if (rc != CT_OK)
		return rc;
	m->nforms++;
	size_t i = (size_t)ct_hash_mem(s, n) & m->slot_mask;
	while (m->slot[i])
		i = (i + 1) & m->slot_mask;
	m->slot[i] = id + 1;
	*out = id;
	return CT_OK;
}

/* ------------------------------------------------------------- loading */

/* The k-th space-separated word of s (NULL, 0 when there is none). */
static const char *nth_word(const char *s, size_t k, size_t *n)
{
	*n = 0;
	if (!s)
		return NULL;
	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return NULL;
		const char *e = strchr(s, ' ');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (k == 0) {
			*n = len;
			return s;
		}
		k--;
		s += len;
	}
}

static size_t count_words(const char *s)
{
	size_t k = 0, n;
	while (nth_word(s, k, &n))
		k++;
	return k;
}

/*
 * Stem keys are interned with their language in front («kk#меншик»): a
 * stem says what a word is only under the rules of its language.  Without
 * the tag the Russian abbreviation ИС (key #ис) matched the Kazakh «іске»
 * (stem іс, folded ис) all over corpus 000_.
 */
static int intern_stem(ct_matcher *m, ct_lang lang, const char *s, size_t n, ct_buf *scratch,
                       uint32_t *out)
{
	scratch->n = 0;
	ct_buf_puts(scratch, ct_lang_code(lang));
	ct_buf_put(scratch, s, n);
	if (scratch->oom)
		return CT_ENOMEM;
	return intern(m, scratch->p, scratch->n, out);
}

static size_t count_upper(const char *s, size_t n)
{
	size_t i = 0, k = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = ct_utf8_next(s + i, n - i, &cp);
		if (len < 0) {
			i++;
			continue;
		}
		k += utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
		i += (size_t)len;
	}
	return k;
}

static int add_term(ct_matcher *m, sqlite3_int64 id, sqlite3_int64 concept, const char *lang_code,
                    const char *status, const char *type, const char *term, const char *norm,
                    const char *fold, const char *keys, ct_buf *scratch)
{
	size_t nw = count_words(norm);
	ct_lang lang = lang_code ? ct_lang_from_code(lang_code, strlen(lang_code)) : CT_LANG_UND;
	/* An abbreviation is only itself, in capitals: the Russian «ИС»
	 * (интеллектуальная собственность) is not the Kazakh «іс» "deed"
	 * of «іс жүзіне асыру», whose folded form is ис. */
	int abbrev = type && strcmp(type, "abbrev") == 0;
	size_t upper = abbrev && term ? count_upper(term, strlen(term)) : 0;
	int rc;
	if (nw == 0)
		return CT_OK;
	if (nw > UINT16_MAX)
		return CT_ETOOBIG;
	if (m->nterms == m->terms_cap) {
		size_t cap = m->terms_cap ? m->terms_cap * 2 : 256;
		mterm *t = realloc(m->terms, cap * sizeof(*t));
		if (!t)
			return CT_ENOMEM;
		m->terms = t;
		m->terms_cap = cap;
	}
	while (m->nwords + nw > m->words_cap) {
		size_t cap = m->words_cap ? m->words_cap * 2 : 512;
		mword *w = realloc(m->words, cap * sizeof(*w));
		if (!w)
			return CT_ENOMEM;
		m->words = w;
		m->words_cap = cap;
	}
	mterm *t = &m->terms[m->nterms];
	t->id = id;
	t->concept = concept;
	t->nwords = (uint16_t)nw;
	t->first = (uint32_t)m->nwords;
	t->deprecated = status && strcmp(status, "deprecated") == 0;
	t->upper = (uint8_t)(upper > UINT8_MAX ? UINT8_MAX : upper);
	for (size_t j = 0; j < nw; j++) {
		const char *col[3] = {norm, fold, keys};
		mword *w = &m->words[m->nwords + j];
		for (int c = 0; c < 3; c++) {
			size_t n;
			const char *s = nth_word(col[c], j, &n);
			w->form[c] = NO_FORM;
			if (!s || (abbrev && c > 0))
				continue;
			if (c == 2 && s[0] == CT_STEM_MARK)
				rc = intern_stem(m, lang, s, n, scratch, &w->form[c]);
			else
				rc = intern(m, s, n, &w->form[c]);
			if (rc != CT_OK)
				return rc;
		}
	}
	m->nwords += nw;
	m->nterms++;
	return CT_OK;
}

/* Builds the rows of terms per first-word form: a term is listed under
 * each distinct form of its first word. */
static int build_postings(ct_matcher *m)
{
	size_t total = 0;
	m->post_start = calloc(m->nforms + 2, sizeof(*m->post_start));
	if (!m->post_start)
		return CT_ENOMEM;
	for (size_t t = 0; t < m->nterms; t++) {
		const uint32_t *f = m->words[m->terms[t].first].form;
		for (int c = 0; c < 3; c++) {
			if (f[c] == NO_FORM || (c > 0 && f[c] == f[0]) || (c > 1 && f[c] == f[1]))
				continue;
			m->post_start[f[c] + 2]++;
			total++;
		}
	}
	if (total >= UINT32_MAX)
		return CT_ETOOBIG;
	for (size_t i = 2; i < m->nforms + 2; i++)
		m->post_start[i] += m->post_start[i - 1];
	m->post = malloc((total ? total : 1) * sizeof(*m->post));
	if (!m->post)
		return CT_ENOMEM;
	/* post_start[id + 1] is the fill cursor of row id; afterwards it is
	 * the end of row id, i.e. post_start[id + 1] as wanted */
	for (size_t t = 0; t < m->nterms; t++) {
		const uint32_t *f = m->words[m->terms[t].first].form;
		for (int c = 0; c < 3; c++) {
			if (f[c] == NO_FORM || (c > 0 && f[c] == f[0]) || (c > 1 && f[c] == f[1]))
				continue;
			m->post[m->post_start[f[c] + 1]++] = (uint32_t)t;
		}
	}
	return CT_OK;
}

int ct_matcher_new(ct_matcher **out, ct_index *idx)
{
	sqlite3_stmt *st = NULL;
	ct_matcher *m = NULL;
	ct_buf scratch = {0};
	int rc = CT_OK, src;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return CT_ENOMEM;
	src = sqlite3_prepare_v2(ct_index_db(idx),
	                         "SELECT id, concept, lang, status, type, term, norm, fold, keys FROM term ORDER BY id",
	                         -1, &st, NULL);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "reading the glossary terms");
		goto done;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		rc = add_term(m, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		              (const char *)sqlite3_column_text(st, 2),
		              (const char *)sqlite3_column_text(st, 3),
		              (const char *)sqlite3_column_text(st, 4),
		              (const char *)sqlite3_column_text(st, 5),
		              (const char *)sqlite3_column_text(st, 6),
		              (const char *)sqlite3_column_text(st, 7),
		              (const char *)sqlite3_column_text(st, 8), &scratch);
		if (rc != CT_OK)
			goto done;
	}
	if (src != SQLITE_DONE) {
		rc = ct_index_dberr(idx, src, "reading the glossary terms");
		goto done;
	}
	rc = build_postings(m);
	if (rc != CT_OK)
		goto done;
	*out = m;
	m = NULL;
done:
	if (rc == CT_ENOMEM)
		ct_index_fail(idx, rc, "out of memory while loading the glossary terms");
	sqlite3_finalize(st);
	ct_buf_free(&scratch);
	ct_matcher_free(m);
	return rc;
}

void ct_matcher_free(ct_matcher *m)
{
	if (!m)
		return;
	ct_buf_free(&m->text);
	free(m->form_off);
	free(m->form_len);
	free(m->slot);
	free(m->terms);
	free(m->words);
	free(m->post_start);
	free(m->post);
	free(m);
}

/* ------------------------------------------------------------ matching */

typedef struct tword {
	size_t start, end;
	uint32_t form[WORD_FORMS];
	uint8_t kind[WORD_FORMS]; /* ct_form_kind of each form */
	int nform;
	unsigned stemmed;         /* CT_LANGBIT()s whose stem was seen */
} tword;

typedef struct find_ctx {
	const ct_matcher *m;
	/* the text's language as the analyzer decides it: when it cannot
	 * tell, every stemmer ran and a stem form equal in two languages
	 * came out once, under the first language's tag */
	int any_lang;
	tword *w;
	size_t n, cap;
	int oom;
} find_ctx;

static void add_form(find_ctx *c, tword *w, ct_form_kind kind, const char *s, size_t n)
{
	uint32_t id = lookup_form(c->m, s, n);
	for (int i = 0; i < w->nform; i++)
		if (w->form[i] == id)
			return;
	if (id != NO_FORM && w->nform < WORD_FORMS) {
		w->kind[w->nform] = (uint8_t)kind;
		w->form[w->nform++] = id;
	}
}

/* Looks a stem up under its language's tag (every tag when the language
 * is unknown). */
static int add_stem(find_ctx *c, tword *w, ct_lang lang, const char *s, size_t n)
{
	char tagged[4 + CT_MAX_WORD * 4 + 16];
	if (n + 2 >= sizeof(tagged))
		return 0; /* longer than any analysed word */
	for (int l = CT_LANG_KK; l <= CT_LANG_SR; l++) {
		if (!c->any_lang && l != (int)lang)
			continue;
		memcpy(tagged, ct_lang_code((ct_lang)l), 2);
		memcpy(tagged + 2, s, n);
		add_form(c, w, CT_FORM_STEM, tagged, n + 2);
	}
	return 0;
}

static int on_form(void *ctx, int first, ct_form_kind kind, ct_lang lang,
                   const char *form, size_t n, size_t start, size_t end)
{
	find_ctx *c = ctx;
	if (first) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 64;
			tword *w = realloc(c->w, cap * sizeof(*w));
			if (!w) {
				c->oom = 1;
				return CT_ENOMEM;
			}
			c->w = w;
			c->cap = cap;
		}
		tword *w = &c->w[c->n++];
		w->start = start;
		w->end = end;
		w->nform = 0;
		w->stemmed = 0;
	}
	if (c->n == 0)
		return 0;
	tword *w = &c->w[c->n - 1];
	if (kind == CT_FORM_STEM) {
		/* Only a language's first stem: the Kazakh analyzer adds a
		 * derivational one (#инновация for «инновациялық») for search
		 * recall, but «инновациялық» "innovative" is no use of the term
		 * инновация.  glossary.c keys terms by the first stem too. */
		if (w->stemmed & CT_LANGBIT(lang))
			return 0;
		w->stemmed |= CT_LANGBIT(lang);
		return add_stem(c, w, lang, form, n);
	}
	add_form(c, w, kind, form, n);
	return 0;
}

/*
 * How text word w matches term word tw: Q_EXACT, Q_FOLD, Q_STEM or -1.
 * The term's exact form is compared with the word's exact form only, its
 * folded form with the word's exact or folded form (a word typed without
 * Kazakh letters has no folded form of its own: «кызмет»), its stem with
 * the word's stems (tagged with the language, so they meet nothing else).
 */
static int word_quality(const tword *w, const mword *tw)
{
	int best = -1;
	for (int i = 0; i < w->nform; i++) {
		for (int c = 0; c < 3; c++) {
			if (w->form[i] != tw->form[c] || (best >= 0 && c >= best))
				continue;
			if (c == Q_EXACT && w->kind[i] != CT_FORM_EXACT)
				continue;
			if (c == Q_FOLD && w->kind[i] != CT_FORM_EXACT && w->kind[i] != CT_FORM_FOLDED)
				continue;
			best = c;
		}
	}
	return best;
}

/* A term found at a word; carries its own ordering keys so that qsort
 * needs no global. */
typedef struct cand {
	uint32_t word, nwords, term;
	int quality;
	int deprecated;
	sqlite3_int64 id;
} cand;

/* Longest first, then leftmost, then the closest match (exact before
 * folded before stem), then preferred before deprecated, then lowest id:
 * in «инновациялық қызметті дамыту» the two-word term инновациялық қызмет
 * wins over the one-word қызмет inside it. */
static int cmp_cand(const void *pa, const void *pb)
{
	const cand *a = pa, *b = pb;
	if (a->nwords != b->nwords)
		return a->nwords > b->nwords ? -1 : 1;
	if (a->word != b->word)
		return a->word < b->word ? -1 : 1;
	if (a->quality != b->quality)
		return a->quality < b->quality ? -1 : 1;
	if (a->deprecated != b->deprecated)
		return a->deprecated < b->deprecated ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

static int cmp_span(const void *pa, const void *pb)
{
	const ct_tspan *a = pa, *b = pb;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Every term that starts at some word of the text, unordered: the
 * analysis of the text in fc, the candidates in *out. */
static int candidates(const ct_matcher *m, const char *text, find_ctx *fc, cand **out, size_t *nout)
{
	cand *cands = NULL;
	size_t ncand = 0, cap = 0;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < fc->n; i++) {
		const tword *w = &fc->w[i];
		for (int f = 0; f < w->nform; f++) {
			uint32_t id = w->form[f];
			for (uint32_t p = m->post_start[id]; p < m->post_start[id + 1]; p++) {
				const mterm *t = &m->terms[m->post[p]];
				if (t->nwords > fc->n - i)
					continue;
				int q = 0;
				for (uint32_t j = 0; j < t->nwords && q >= 0; j++) {
					int qj = word_quality(&fc->w[i + j], &m->words[t->first + j]);
					q = qj < 0 ? -1 : (qj > q ? qj : q);
				}
				if (q < 0)
					continue;
				if (t->upper > 0) {
					size_t s0 = w->start, s1 = fc->w[i + t->nwords - 1].end;
					if (count_upper(text + s0, s1 - s0) < t->upper)
						continue;
				}
				if (ncand == cap) {
					size_t ncap = cap ? cap * 2 : 32;
					cand *c = realloc(cands, ncap * sizeof(*c));
					if (!c) {
						free(cands);
						return CT_ENOMEM;
					}
					cands = c;
					cap = ncap;
				}
				cand *c = &cands[ncand++];
				c->word = (uint32_t)i;
				c->nwords = t->nwords;
				c->term = m->post[p];
				c->quality = q;
				c->deprecated = t->deprecated;
				c->id = t->id;
			}
		}
	}
	*out = cands;
	*nout = ncand;
	return CT_OK;
}

static int collect(ct_matcher *m, ct_analyzer *a, const char *text, size_t n, find_ctx *fc, cand **out,
                   size_t *nout)
{
	int rc;
	*out = NULL;
	*nout = 0;
	fc->any_lang = ct_detect_lang(text, n) == CT_LANG_UND;
	rc = ct_analyze(a, text, n, CT_TOK_DOCUMENT, 0, on_form, fc);
	if (fc->oom)
		rc = CT_ENOMEM;
	if (rc != CT_OK)
		return rc;
	return candidates(m, text, fc, out, nout);
}

static void span_of(const ct_matcher *m, const find_ctx *fc, const cand *c, ct_tspan *s)
{
	const mterm *t = &m->terms[c->term];
	s->start = fc->w[c->word].start;
	s->end = fc->w[c->word + c->nwords - 1].end;
	s->term_id = t->id;
	s->concept_id = t->concept;
	s->deprecated = t->deprecated;
}

int ct_matcher_find(ct_matcher *m, ct_analyzer *a, const char *text, size_t n,
                    ct_tspan **out, size_t *nout)
{
	find_ctx fc;
	cand *cands = NULL;
	size_t ncand = 0, nspan = 0;
	unsigned char *taken = NULL;
	ct_tspan *spans = NULL;
	int rc = CT_OK;

	*out = NULL;
	*nout = 0;
	memset(&fc, 0, sizeof(fc));
	fc.m = m;
	if (m->nterms == 0 || n == 0)
		return CT_OK;
	rc = collect(m, a, text, n, &fc, &cands, &ncand);
	if (rc != CT_OK)
		goto done;
	if (ncand == 0)
		goto done;
	qsort(cands, ncand, sizeof(*cands), cmp_cand);
	taken = calloc(fc.n, 1);
	spans = malloc(ncand * sizeof(*spans));
	if (!taken || !spans) {
		rc = CT_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < ncand; k++) {
		const cand *c = &cands[k];
		int free_run = 1;
		for (uint32_t j = 0; j < c->nwords && free_run; j++)
			free_run = !taken[c->word + j];
		if (!free_run)
			continue;
		memset(taken + c->word, 1, c->nwords);
		span_of(m, &fc, c, &spans[nspan++]);
	}
	qsort(spans, nspan, sizeof(*spans), cmp_span);
	*out = spans;
	*nout = nspan;
	spans = NULL;
done:
	free(spans);
	free(taken);
	free(cands);
	free(fc.w);
	return rc;
}

/* Leftmost first, then longest, then the closest match. */
static int cmp_cand_pos(const void *pa, const void *pb)
{
	const cand *a = pa, *b = pb;
	if (a->word != b->word)
		return a->word < b->word ? -1 : 1;
	if (a->nwords != b->nwords)
		return a->nwords > b->nwords ? -1 : 1;
	if (a->quality != b->quality)
		return a->quality < b->quality ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Every concept once, from candidates in any order. */
static int each_concept(const ct_matcher *m, const find_ctx *fc, cand *cands, size_t ncand, ct_tspan **out,
                        size_t *nout)
{
	size_t nspan = 0;
	ct_tspan *spans = NULL;
	if (ncand == 0)
		return CT_OK;
	qsort(cands, ncand, sizeof(*cands), cmp_cand_pos);
	spans = malloc(ncand * sizeof(*spans));
	if (!spans)
		return CT_ENOMEM;
	for (size_t k = 0; k < ncand; k++) {
		sqlite3_int64 concept = m->terms[cands[k].term].concept;
		int seen = 0;
		for (size_t j = 0; j < nspan && !seen; j++)
			seen = spans[j].concept_id == concept;
		if (!seen)
			span_of(m, fc, &cands[k], &spans[nspan++]);
	}
	*out = spans;
	*nout = nspan;
	return CT_OK;
}

int ct_matcher_find_each(ct_matcher *m, ct_analyzer *a, const char *text, size_t n,
                         ct_tspan **out, size_t *nout)
{
	find_ctx fc;
	cand *cands = NULL;
	size_t ncand = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	memset(&fc, 0, sizeof(fc));
	fc.m = m;
	if (m->nterms == 0 || n == 0)
		return CT_OK;
	rc = collect(m, a, text, n, &fc, &cands, &ncand);
	if (rc == CT_OK)
		rc = each_concept(m, &fc, cands, ncand, out, nout);
	free(cands);
	free(fc.w);
	return rc;
}

/* ------------------------------------------- matching beside another use */

struct ct_match_run {
	find_ctx fc;
};

int ct_match_run_new(ct_match_run **out, const ct_matcher *m)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return CT_ENOMEM;
	(*out)->fc.m = m;
	return CT_OK;
}

void ct_match_run_free(ct_match_run *r)
{
	if (!r)
		return;
	free(r->fc.w);
	free(r);
}

void ct_match_run_start(ct_match_run *r, ct_lang detected)
{
	r->fc.n = 0;
	r->fc.oom = 0;
	r->fc.any_lang = detected == CT_LANG_UND;
}

int ct_match_run_form(ct_match_run *r, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                      size_t start, size_t end)
{
	return on_form(&r->fc, first, kind, lang, form, n, start, end);
}

int ct_match_run_each(ct_match_run *r, const char *text, ct_tspan **out, size_t *nout)
{
	cand *cands = NULL;
	size_t ncand = 0;
	int rc;
	*out = NULL;
	*nout = 0;
	if (r->fc.oom)
		return CT_ENOMEM;
	if (r->fc.m->nterms == 0)
		return CT_OK;
	rc = candidates(r->fc.m, text, &r->fc, &cands, &ncand);
	if (rc == CT_OK)
		rc = each_concept(r->fc.m, &r->fc, cands, ncand, out, nout);
	free(cands);
	return rc;
}

int ct_matcher_empty(const ct_matcher *m)
{
	return !m || m->nterms == 0;
}
