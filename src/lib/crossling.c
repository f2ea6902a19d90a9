/*
 * crossling.c -- cross-lingual search through the glossary.
 *
 * The bundled corpus has no Russian text, yet Russian is the working
 * language of most users: "трансфер технологий" reaches «технологиялар
 * трансферті» (001_ca4ee8680d8a9508.txt) and «трансфер технологије»
 * (003_4bae52936f32cd92.txt) only through the concept both belong to.
 *
 * Expansion: the glossary terms found in the query (the matcher: multi-word,
 * inflected, any script) add one FTS5 query per language, the OR of that
 * language's terms for each concept, ANDed over the query's concepts.  Each
 * is normalised by its own best score and weighted below the user's words,
 * so the best passage of every language reaches the top of the list.
 *
 * Alignment: every result lists the glossary terms it holds with their
 * translations, and the passages of the other languages that share its
 * concepts, scored by the concepts' rarity (idf) and the closeness of the
 * shared terms.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define W_EXPAND 0.8        /* equivalents when the query is all glossary terms */
#define W_EXPAND_PARTIAL 0.5 /* ... when the query has other words too */
#define MAX_CONCEPTS 8
#define LOOK 12 /* aligned candidates rescored per hit */
#define CONCEPT_CAP 400     /* passages read per concept when aligning */

static const char *const langs[] = {"kk", "ru", "sr"};

/* ------------------------------------------------------------ helpers */

static int concept_slug(ct_index *idx, ct_arena *ar, sqlite3_int64 id, const char **out)
{
	sqlite3_stmt *st = NULL;
	int src = ct_index_prepare(idx, "SELECT slug FROM concept WHERE id = ?1", &st);
	*out = NULL;
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading the glossary");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = ct_arena_strndup(ar, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	ct_index_release(idx, st);
	return *out ? CT_OK : CT_ENOMEM;
}

/* The kk/ru/sr terms of a concept, by language then preference. */
static int concept_terms(ct_index *idx, ct_arena *ar, sqlite3_int64 id, const char *skip_lang,
                         ct_term **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	ct_term *a = NULL;
	size_t k = 0, cap = 0;
	int src = ct_index_prepare(idx, "SELECT lang, term, status, type, pos, note FROM term WHERE concept = ?1 "
	                             "AND lang IN ('kk','ru','sr') AND (?2 IS NULL OR lang <> ?2) "
	                             "ORDER BY CASE lang WHEN 'kk' THEN 0 WHEN 'ru' THEN 1 ELSE 2 END,"
	                             " CASE status WHEN 'preferred' THEN 0 WHEN 'admitted' THEN 1 ELSE 2 END, seq", &st);
	*out = NULL;
	*n = 0;
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading the glossary");
	sqlite3_bind_int64(st, 1, id);
	if (skip_lang)
		sqlite3_bind_text(st, 2, skip_lang, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (k == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			ct_term *b = ct_arena_alloc(ar, ncap * sizeof(*b));
			if (!b) {
				ct_index_release(idx, st);
				return CT_ENOMEM;
			}
			if (k)
				memcpy(b, a, k * sizeof(*b));
			a = b;
			cap = ncap;
		}
		const char *f[6];
		for (int c = 0; c < 6; c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);
			f[c] = v ? ct_arena_strndup(ar, v, strlen(v)) : NULL;
		}
		a[k].lang = f[0];
		a[k].term = f[1];
		a[k].status = f[2] ? f[2] : "preferred";
		a[k].type = f[3] ? f[3] : "full";
		a[k].pos = f[4];
		a[k].note = f[5];
		if (!a[k].lang || !a[k].term) {
			ct_index_release(idx, st);
			return CT_ENOMEM;
		}
		k++;
	}
	ct_index_release(idx, st);
	*out = a;
	*n = k;
	return CT_OK;
}

/* Appends the FTS5 phrase for a term, all forms of its words. */
static void put_phrase(ct_buf *b, const char *t)
{
	ct_buf_puts(b, "\"");
	for (const char *p = t; *p; p++)
		ct_buf_put(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	ct_buf_puts(b, "\"");
}

/* Splits a term into its words (bytes of word characters). */
static size_t term_words(const char *t, const char **w, size_t *wn, size_t max)
{
	size_t k = 0;
	const char *p = t;
	while (*p && k < max) {
		while (*p == ' ' || *p == '-' || *p == ',' || *p == '(' || *p == ')' || *p == '/' || *p == '"')
			p++;
		if (!*p)
			break;
		const char *s = p;
		while (*p && *p != ' ' && *p != '-' && *p != ',' && *p != '(' && *p != ')' && *p != '/' && *p != '"')
			p++;
		w[k] = s;
		wn[k] = (size_t)(p - s);
		k++;
	}
	return k;
}

/*
 * The word of a term that the fewest passages hold (under any of its
 * forms), among its words of four letters or more that the index has at
 * all; -1 when none.  Counting each word's passages would read every
 * doclist whole, and a term's common word («технологиялық»: 38,000
 * passages at 100 MB) took milliseconds.  Stepping through the words'
 * matches side by side stops when the rarest runs out, and picks the same
 * word: the first of the rarest.
 */
#define MAX_TERM_WORDS 16

static int rarest_word(ct_index *idx, const char *const *w, const size_t *wn, size_t nw)
{
	sqlite3_stmt *st[MAX_TERM_WORDS] = {NULL};
	ct_buf e[MAX_TERM_WORDS];
	size_t nlive = 0;
	int best = -1;

	memset(e, 0, sizeof(e));
	for (size_t i = 0; i < nw && i < MAX_TERM_WORDS; i++) {
		if (wn[i] < 4)
			continue; /* short words (и, у, мен) say little */
		ct_buf_puts(&e[i], "\"");
		ct_buf_put(&e[i], w[i], wn[i]);
		ct_buf_puts(&e[i], "\"");
		if (e[i].oom || ct_index_prepare(idx, "SELECT 1 FROM fts WHERE fts MATCH ?1", &st[i]) != SQLITE_OK) {
			ct_index_release(idx, st[i]);
			st[i] = NULL;
			continue;
		}
		sqlite3_bind_text(st[i], 1, e[i].p, -1, SQLITE_STATIC);
		nlive++;
	}
	/* in round r every word still running has r passages behind it */
	for (long round = 0; nlive > 0 && best < 0; round++) {
		for (size_t i = 0; i < nw && i < MAX_TERM_WORDS && best < 0; i++) {
			int src = st[i] ? sqlite3_step(st[i]) : SQLITE_ROW;
			if (src == SQLITE_ROW)
				continue;
			/* done, or failed: a word that cannot be counted is
			 * passed over, as one the index does not have */
			ct_index_release(idx, st[i]);
			st[i] = NULL;
			nlive--;
			if (src == SQLITE_DONE && round > 0)
				best = (int)i;
		}
	}
	for (size_t i = 0; i < MAX_TERM_WORDS; i++) {
		ct_index_release(idx, st[i]);
		ct_buf_free(&e[i]);
	}
	return best;
}

/* Appends one term of an expansion at a back-off level: 0 the phrase,
 * 1 the phrase or its words within four words of each other, 2 its
 * rarest word found in the index.  *here counts what was appended. */
static int put_term_expr(ct_index *idx, ct_buf *b, const char *t, int level, size_t *here)
{
	const char *w[MAX_TERM_WORDS];
	size_t wn[MAX_TERM_WORDS];
	size_t nw = term_words(t, w, wn, MAX_TERM_WORDS);
	if (nw == 0)
		return CT_OK;
	if (level == 0 || nw == 1) {
		if (level > 0)
			return CT_OK; /* a one-word term has nothing to back off to */
		if ((*here)++)
			ct_buf_puts(b, " OR ");
		put_phrase(b, t);
		return CT_OK;
	}
	if (level == 1) {
		if ((*here)++)
			ct_buf_puts(b, " OR ");
		ct_buf_puts(b, "NEAR(");
		for (size_t i = 0; i < nw; i++) {
			ct_buf_puts(b, i ? " \"" : "\"");
			ct_buf_put(b, w[i], wn[i]);
			ct_buf_puts(b, "\"");
		}
		ct_buf_printf(b, ", %zu)", nw + 3);
		return CT_OK;
	}
	int bi = rarest_word(idx, w, wn, nw);
	if (bi < 0)
		return CT_OK;
	if ((*here)++)
		ct_buf_puts(b, " OR ");
	ct_buf_puts(b, "\"");
	ct_buf_put(b, w[bi], wn[bi]);
	ct_buf_puts(b, "\"");
	return CT_OK;
}

/* Passages that hold a concept: found once per search, shared by hits. */
typedef struct cpass {
	sqlite3_int64 concept;
	sqlite3_int64 *ids;
	char (*lang)[4];
	size_t n;
	double idf;
} cpass;

/* Concepts' passages, kept on the index handle until the index or the
 * glossary changes: a batch of searches reads each concept once. */
typedef struct cpass_cache {
	cpass *cp;
	size_t ncp, capcp;
	long npassages; /* passages in the index, -1 until counted */
	int langs;      /* CT_LANGBIT()s of the languages the corpus has, -1 until read */
} cpass_cache;

static void cpass_cache_free(void *p)
{
	cpass_cache *c = p;
	if (!c)
		return;
	for (size_t i = 0; i < c->ncp; i++) {
		free(c->cp[i].ids);
		free(c->cp[i].lang);
	}
	free(c->cp);
	free(c);
}

/* The handle's cache of what the corpus holds. */
static cpass_cache *cache_get(ct_index *idx)
{
	cpass_cache *c = ct_index_aux(idx, CT_AUX_CONCEPT_PASSAGES);
	if (!c && (c = calloc(1, sizeof(*c))) != NULL) {
		c->npassages = -1;
		c->langs = -1;
		ct_index_set_aux(idx, CT_AUX_CONCEPT_PASSAGES, c, cpass_cache_free);
	}
	return c;
}

/* Whether the corpus has a passage in lang (1 when it cannot tell). */
static int lang_present(ct_index *idx, const char *lang)
{
	cpass_cache *c = cache_get(idx);
	if (!c)
		return 1;
	if (c->langs < 0) {
		sqlite3_stmt *st = NULL;
		c->langs = 0;
		if (ct_index_prepare(idx, "SELECT DISTINCT lang FROM doc_lang WHERE n > 0", &st) == SQLITE_OK) {
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *l = (const char *)sqlite3_column_text(st, 0);
				if (l)
					c->langs |= (int)CT_LANGBIT(ct_lang_from_code(l, strlen(l)));
			}
			ct_index_release(idx, st);
		} else {
			c->langs = ~0; /* an index without the table: every language */
		}
	}
	return (c->langs & (int)CT_LANGBIT(ct_lang_from_code(lang, strlen(lang)))) != 0;
}

/* ---------------------------------------------------------- expansion */

int ct_crossling_expand(ct_index *idx, ct_results *r, ct_pool *pool, const ct_query *q,
                        const ct_search_opts *o, size_t cap)
{
	ct_matcher *m = NULL;
	ct_analyzer *an = NULL;
	ct_tspan *spans = NULL;
	size_t nspans = 0;
	ct_buf text = {0};
	int rc;
	sqlite3_int64 concepts[MAX_CONCEPTS];
	size_t nconcepts = 0, uncovered = 0;
	size_t limit = o && o->limit ? o->limit : 10;

	if ((rc = ct_index_matcher(idx, &m)) != CT_OK || (rc = ct_index_analyzer(idx, &an)) != CT_OK)
		return rc;
	/* the words the user looks for, without operators */
	for (size_t i = 0; i < ct_query_positive_count(q); i++) {
		size_t n;
		const char *p = ct_query_positive(q, i, &n);
		if (i)
			ct_buf_puts(&text, " | ");
		ct_buf_put(&text, p, n);
	}
	if (text.oom) {
		rc = CT_ENOMEM;
		goto done;
	}
	if (text.n == 0)
		goto done;
	rc = ct_matcher_find(m, an, text.p, text.n, &spans, &nspans);
	if (rc != CT_OK)
		goto done;
	for (size_t i = 0; i < nspans && nconcepts < MAX_CONCEPTS; i++) {
		int seen = 0;
		for (size_t j = 0; j < nconcepts; j++)
			seen |= concepts[j] == spans[i].concept_id;
		if (!seen)
			concepts[nconcepts++] = spans[i].concept_id;
	}
	if (nconcepts == 0)
		goto done;
	/* a query made only of glossary terms gets its equivalents at full
	 * weight; other words in it (a place, a year) lower their weight */
	for (size_t i = 0; i < text.n; i++) {
		int in = 0;
		for (size_t k = 0; k < nspans && !in; k++)
			in = i >= spans[k].start && i < spans[k].end;
		unsigned char ch = (unsigned char)text.p[i];
		if (!in && (ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')))
			uncovered++;
	}
	double weight = uncovered == 0 ? W_EXPAND : W_EXPAND_PARTIAL;

	/* the expansions, listed once per (concept, language, term) */
	ct_term *all[MAX_CONCEPTS];
	size_t nall[MAX_CONCEPTS];
	const char *slugs[MAX_CONCEPTS];
	size_t nexp = 0;
	for (size_t c = 0; c < nconcepts; c++) {
		rc = concept_terms(idx, &r->arena, concepts[c], NULL, &all[c], &nall[c]);
		if (rc == CT_OK)
			rc = concept_slug(idx, &r->arena, concepts[c], &slugs[c]);
		if (rc != CT_OK)
			goto done;
		nexp += nall[c];
	}
	r->exp = ct_arena_alloc(&r->arena, (nexp + 1) * sizeof(*r->exp));
	if (!r->exp) {
		rc = CT_ENOMEM;
		goto done;
	}
	for (size_t c = 0; c < nconcepts; c++)
		for (size_t k = 0; k < nall[c]; k++) {
			ct_expansion *e = &r->exp[r->nexp++];
			e->concept = slugs[c];
			e->lang = all[c][k].lang;
			e->term = all[c][k].term;
		}

	/* one query per language: AND over concepts of (OR over its terms);
	 * where a language has no passage with the terms as phrases, back
	 * off to the words near each other, then to each term's rarest word
	 * («венчурлық негізде қаржыландыру» for «венчурлық қаржыландыру») */
	/* a language the user's own words already fill a page of needs no
	 * equivalents: they would re-rank what the user found at the cost of
	 * another pass over the index */
	size_t per_lang[3] = {0, 0, 0};
	sqlite3_stmt *ls = NULL;
	if (ct_index_prepare(idx,
	                     ct_index_passage_kind_lang(idx)
	                             ? "SELECT lang FROM passage INDEXED BY passage_kind_lang WHERE id = ?1"
	                             : "SELECT lang FROM passage WHERE id = ?1",
	                     &ls) == SQLITE_OK) {
		for (size_t i = 0; i < pool->n; i++) {
			if (!pool->a[i].from_user)
				continue;
			sqlite3_reset(ls);
			sqlite3_bind_int64(ls, 1, pool->a[i].id);
			if (sqlite3_step(ls) != SQLITE_ROW)
				continue;
			const char *lg = (const char *)sqlite3_column_text(ls, 0);
			for (size_t l = 0; lg && l < 3; l++)
				per_lang[l] += strcmp(lg, langs[l]) == 0;
		}
		ct_index_release(idx, ls);
	}
	/* each expression once: the back-off of two languages can come down
	 * to the same word, and an equivalent counts at its best weight */
	char *ran[9] = {NULL};
	double ran_w[9];
	size_t ran_rows[9], nran = 0;
	for (size_t l = 0; l < 3; l++) {
		static const double level_w[3] = {1.0, 0.8, 0.5};
		if (per_lang[l] >= limit)
			continue;
		/* a language the corpus has no passage in has nothing to find */
		if (!lang_present(idx, langs[l]))
			continue;
		for (int level = 0; level < 3; level++) {
			ct_buf expr = {0};
			int ok = 1;
			size_t nphrases = 0;
			for (size_t c = 0; c < nconcepts && ok; c++) {
				size_t here = 0;
				if (c)
					ct_buf_puts(&expr, " AND ");
				ct_buf_puts(&expr, "(");
				for (size_t k = 0; k < nall[c]; k++) {
					if (strcmp(all[c][k].lang, langs[l]) != 0)
						continue;
					rc = put_term_expr(idx, &expr, all[c][k].term, level, &here);
					if (rc != CT_OK) {
						ct_buf_free(&expr);
						goto done;
					}
				}
				ct_buf_puts(&expr, ")");
				ok = here > 0;
				nphrases += here;
			}
			pool->last_rows = 0;
			double w = weight * level_w[level];
			size_t seen = nran;
			for (size_t i = 0; ok && !expr.oom && i < nran && seen == nran; i++)
				if (strcmp(ran[i], expr.p) == 0)
					seen = i;
			if (ok && !expr.oom && seen < nran && ran_w[seen] >= w) {
				pool->last_rows = ran_rows[seen]; /* run before */
			} else if (ok && !expr.oom) {
				/* one concept's terms as phrases, or their rarest
				 * words: an OR of phrases, whose idfs count */
				unsigned fl = nconcepts == 1 && level != 1 && nphrases > 1 ? CT_POOL_OR : 0;
				rc = ct_pool_run(idx, pool, expr.p, w, cap, fl, NULL);
				if (rc == CT_OK && seen == nran && nran < sizeof(ran) / sizeof(ran[0])) {
					ran[nran] = ct_strndup(expr.p, expr.n);
					ran_w[nran] = w;
					ran_rows[nran] = pool->last_rows;
					nran += ran[nran] != NULL;
				}
			}
			ct_buf_free(&expr);
			if (rc != CT_OK)
				break;
			if (pool->last_rows > 0 || !ok)
				break;
		}
		if (rc != CT_OK)
			break;
	}
	for (size_t i = 0; i < nran; i++)
		free(ran[i]);
done:
	free(spans);
	ct_buf_free(&text);
	return rc;
}

/* ---------------------------------------------------------- alignment */

typedef struct aligner {
	ct_index *idx;
	ct_results *r;
	ct_matcher *m;
	ct_analyzer *an;
	cpass_cache *cache;
	long npassages;
	sqlite3_int64 *colors; /* concept ids in colour order */
	size_t ncolors;
	/* the terms of passages aligned so far in this search: the hits of a
	 * search share concepts, so they share candidates (~110 candidates
	 * for ~35 distinct passages in a search at 100 MB) */
	struct passage_terms *seen;
	size_t nseen, capseen;
	/* a glossary term's concept, language and translations, read once
	 * per search: the hits share their terms */
	struct term_info *terms;
	size_t nterms, capterms;
} aligner;

typedef struct term_info {
	sqlite3_int64 term_id, concept_id;
	const char *concept; /* slug */
	const char *lang;
	const ct_term *translations;
	size_t ntranslations;
} term_info;

typedef struct passage_terms {
	sqlite3_int64 id;
	const ct_span *spans; /* in the results' arena */
	const int *colors;
	size_t n;
	sqlite3_int64 *concepts;
} passage_terms;

static int color_of(aligner *al, sqlite3_int64 concept)
{
	for (size_t i = 0; i < al->ncolors; i++)
		if (al->colors[i] == concept)
			return (int)i;
	sqlite3_int64 *c = realloc(al->colors, (al->ncolors + 1) * sizeof(*c));
	if (!c)
		return 0;
	al->colors = c;
	c[al->ncolors] = concept;
	return (int)al->ncolors++;
}

static int passages_of(aligner *al, sqlite3_int64 concept, cpass **out)
{
	cpass_cache *cc = al->cache;
	for (size_t i = 0; i < cc->ncp; i++)
		if (cc->cp[i].concept == concept) {
			*out = &cc->cp[i];
			return CT_OK;
		}
	if (cc->ncp == cc->capcp) {
		size_t cap = cc->capcp ? cc->capcp * 2 : 32;
		cpass *a = realloc(cc->cp, cap * sizeof(*a));
		if (!a)
			return CT_ENOMEM;
		cc->cp = a;
		cc->capcp = cap;
	}
	cpass *c = &cc->cp[cc->ncp++];
	memset(c, 0, sizeof(*c));
	c->concept = concept;
	ct_arena tmp = {0};
	ct_term *t = NULL;
	size_t nt = 0;
	int rc = concept_terms(al->idx, &tmp, concept, NULL, &t, &nt);
	ct_buf expr = {0}, one = {0};
	/* the passages only: a one-word term read as the OR of its forms */
	for (size_t k = 0; rc == CT_OK && k < nt; k++) {
		if (k)
			ct_buf_puts(&expr, " OR ");
		one.n = 0;
		put_phrase(&one, t[k].term);
		int spelt = one.oom ? CT_ENOMEM : ct_fts5_spell(al->an, one.p, one.n, &expr);
		if (spelt < 0)
			rc = spelt;
		else if (spelt == 0)
			ct_buf_put(&expr, one.p, one.n);
	}
	ct_buf_free(&one);
	if (rc == CT_OK && expr.n > 0 && !expr.oom) {
		sqlite3_stmt *st = NULL;
		int src = ct_index_prepare(al->idx,
		                           ct_index_passage_kind_lang(al->idx)
		                                   ? "SELECT f.rowid, p.lang FROM fts f JOIN passage p INDEXED BY passage_kind_lang"
		                                     " ON p.id = f.rowid WHERE fts MATCH ?1 AND p.kind = 0 LIMIT ?2"
		                                   : "SELECT f.rowid, p.lang FROM fts f JOIN passage p ON p.id = f.rowid "
		                                     "WHERE fts MATCH ?1 AND p.kind = 0 LIMIT ?2",
		                           &st);
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(al->idx, src, "aligning passages");
		} else {
			sqlite3_bind_text(st, 1, expr.p, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 2, CONCEPT_CAP);
			c->ids = malloc(CONCEPT_CAP * sizeof(*c->ids));
			c->lang = malloc(CONCEPT_CAP * sizeof(*c->lang));
			if (!c->ids || !c->lang)
				rc = CT_ENOMEM;
			while (rc == CT_OK && sqlite3_step(st) == SQLITE_ROW && c->n < CONCEPT_CAP) {
				c->ids[c->n] = sqlite3_column_int64(st, 0);
				snprintf(c->lang[c->n], sizeof(c->lang[0]), "%s",
				         sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
				c->n++;
			}
			ct_index_release(al->idx, st);
		}
	}
	ct_buf_free(&expr);
	ct_arena_free(&tmp);
	/* rarity over the whole index: a concept in few passages says more */
	c->idf = log(1.0 + (double)al->npassages / (1.0 + (double)c->n));
	*out = c;
	return rc;
}

typedef struct acand {
	sqlite3_int64 id;
	char lang[4];
	double score;
} acand;

static int cmp_acand(const void *a, const void *b)
{
	const acand *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The glossary terms of passage `id`: spans, colours and concepts, found
 * once per search and owned by the aligner (spans and colours by the
 * results). */
static int text_terms(aligner *al, sqlite3_int64 id, const char *text, size_t n, const passage_terms **out)
{
	for (size_t i = 0; i < al->nseen; i++)
		if (al->seen[i].id == id) {
			*out = &al->seen[i];
			return CT_OK;
		}
	void *arr = al->seen;
	if (ct_grow(&arr, &al->capseen, al->nseen, sizeof(passage_terms)) != CT_OK)
		return CT_ENOMEM;
	al->seen = arr;
	ct_tspan *ts = NULL;
	size_t nts = 0;
	int rc = ct_matcher_find(al->m, al->an, text, n, &ts, &nts);
	if (rc != CT_OK)
		return rc;
	ct_span *sp = ct_arena_alloc(&al->r->arena, (nts + 1) * sizeof(*sp));
	int *co = ct_arena_alloc(&al->r->arena, (nts + 1) * sizeof(*co));
	sqlite3_int64 *cc = malloc((nts + 1) * sizeof(*cc));
	if (!sp || !co || !cc) {
		free(ts);
		free(cc);
		return CT_ENOMEM;
	}
	for (size_t i = 0; i < nts; i++) {
		sp[i].start = ts[i].start;
		sp[i].end = ts[i].end;
		co[i] = color_of(al, ts[i].concept_id);
		cc[i] = ts[i].concept_id;
	}
	free(ts);
	passage_terms *p = &al->seen[al->nseen++];
	p->id = id;
	p->spans = sp;
	p->colors = co;
	p->n = nts;
	p->concepts = cc;
	*out = p;
	return CT_OK;
}

static int term_info_get(aligner *al, sqlite3_int64 term_id, sqlite3_int64 concept_id, const term_info **out)
{
	for (size_t i = 0; i < al->nterms; i++)
		if (al->terms[i].term_id == term_id) {
			*out = &al->terms[i];
			return CT_OK;
		}
	void *arr = al->terms;
	if (ct_grow(&arr, &al->capterms, al->nterms, sizeof(term_info)) != CT_OK)
		return CT_ENOMEM;
	al->terms = arr;
	term_info *t = &al->terms[al->nterms];
	memset(t, 0, sizeof(*t));
	t->term_id = term_id;
	t->concept_id = concept_id;
	int rc = concept_slug(al->idx, &al->r->arena, concept_id, &t->concept);
	if (rc != CT_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	if (ct_index_prepare(al->idx, "SELECT lang FROM term WHERE id = ?1", &st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, term_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			t->lang = ct_arena_strndup(&al->r->arena, (const char *)sqlite3_column_text(st, 0),
			                           (size_t)sqlite3_column_bytes(st, 0));
		ct_index_release(al->idx, st);
	}
	ct_term *tr = NULL;
	rc = concept_terms(al->idx, &al->r->arena, concept_id, t->lang, &tr, &t->ntranslations);
	if (rc != CT_OK)
		return rc;
	t->translations = tr;
	al->nterms++;
	*out = t;
	return CT_OK;
}

/* Candidates by passage id: an open-addressing table of indexes into the
 * candidates, for the few thousand passages a hit's concepts bring. */
typedef struct cand_set {
	size_t *slot; /* index + 1, 0 when empty */
	size_t mask;
} cand_set;

static size_t cand_hash(sqlite3_int64 id)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull;
	return (size_t)(x ^ (x >> 29));
}

static int align_hit(aligner *al, ct_hit *h, const ct_search_opts *o)
{
	ct_tspan *ts = NULL;
	size_t nts = 0;
	int rc = ct_matcher_find(al->m, al->an, h->text, h->text_n, &ts, &nts);
	acand *cands = NULL;
	size_t ncand = 0;
	cand_set set = {NULL, 0};
	size_t *concs = NULL;
	size_t maxal = o && o->max_aligned ? o->max_aligned : 3;
	if (rc != CT_OK || nts == 0)
		goto done;

	ct_hit_term *terms = ct_arena_alloc(&al->r->arena, nts * sizeof(*terms));
	if (!terms) {
		rc = CT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < nts; i++) {
		ct_hit_term *t = &terms[i];
		memset(t, 0, sizeof(*t));
		t->start = ts[i].start;
		t->end = ts[i].end;
		t->deprecated = ts[i].deprecated;
		t->form = ct_arena_strndup(&al->r->arena, h->text + t->start, t->end - t->start);
		t->color = color_of(al, ts[i].concept_id);
		const term_info *ti = NULL;
		rc = term_info_get(al, ts[i].term_id, ts[i].concept_id, &ti);
		if (rc != CT_OK)
			goto done;
		t->concept = ti->concept;
		t->lang = ti->lang;
		t->translations = ti->translations;
		t->ntranslations = ti->ntranslations;
	}
	h->terms = terms;
	h->nterms = nts;

	/* candidates: passages of other languages sharing a concept; each
	 * distinct concept's passages read once (indexes into the handle's
	 * cache, which grows while they are read) */
	size_t most = 0, nconc = 0;
	concs = malloc(nts * sizeof(*concs));
	if (!concs) {
		rc = CT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < nts; i++) {
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			dup |= ts[j].concept_id == ts[i].concept_id;
		if (dup)
			continue;
		cpass *c = NULL;
		rc = passages_of(al, ts[i].concept_id, &c);
		if (rc != CT_OK)
			goto done;
		concs[nconc++] = (size_t)(c - al->cache->cp);
		most += c->n;
	}
	set.mask = 15;
	while (set.mask + 1 < 2 * most)
		set.mask = set.mask * 2 + 1;
	set.slot = calloc(set.mask + 1, sizeof(*set.slot));
	cands = malloc((most + 1) * sizeof(*cands));
	if (!set.slot || !cands) {
		rc = CT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < nconc; i++) {
		const cpass *c = &al->cache->cp[concs[i]];
		for (size_t k = 0; k < c->n; k++) {
			if (strcmp(c->lang[k], h->lang) == 0 || c->ids[k] == h->passage_id)
				continue;
			size_t b = cand_hash(c->ids[k]) & set.mask;
			while (set.slot[b] && cands[set.slot[b] - 1].id != c->ids[k])
				b = (b + 1) & set.mask;
			if (!set.slot[b]) {
				cands[ncand].id = c->ids[k];
				memcpy(cands[ncand].lang, c->lang[k], sizeof(cands[0].lang));
				cands[ncand].score = 0;
				set.slot[b] = ++ncand;
			}
			cands[set.slot[b] - 1].score += c->idf;
		}
	}
	if (ncand == 0)
		goto done;
	/* rescore the best few by closeness of their terms, keep `maxal`,
	 * at most two per language so that every language is represented;
	 * the best few are moved to the front in order, the rest (often
	 * thousands) are not sorted */
	size_t look = ncand < LOOK ? ncand : LOOK;
	for (size_t i = 0; i < ncand; i++) {
		size_t at = i < look ? i : look;
		if (at == look && cmp_acand(&cands[i], &cands[look - 1]) >= 0)
			continue;
		acand x = cands[i];
		if (at == look)
			at = look - 1; /* the worst of the front is dropped */
		while (at > 0 && cmp_acand(&x, &cands[at - 1]) < 0) {
			cands[at] = cands[at - 1];
			at--;
		}
		cands[at] = x;
	}
	ct_aligned *al_out = ct_arena_alloc(&al->r->arena, maxal * sizeof(*al_out));
	if (!al_out) {
		rc = CT_ENOMEM;
		goto done;
	}
	sqlite3_stmt *st = NULL;
	int src = ct_index_prepare(al->idx, "SELECT p.text, d.path, p.line FROM passage p JOIN doc d ON d.id = p.doc WHERE p.id = ?1", &st);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(al->idx, src, "aligning passages");
		goto done;
	}
	typedef struct scored {
		ct_aligned a;
		double s;
	} scored;
	scored *sc = calloc(look, sizeof(*sc));
	size_t nsc = 0;
	for (size_t i = 0; sc && i < look; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cands[i].id);
		if (sqlite3_step(st) != SQLITE_ROW)
			continue;
		ct_aligned *a = &sc[nsc].a;
		size_t tn = (size_t)sqlite3_column_bytes(st, 0);
		/* a passage repeated word for word elsewhere is aligned once */
		int seen = 0;
		for (size_t k = 0; k < nsc && !seen; k++)
			seen = strlen(sc[k].a.text) == tn && memcmp(sc[k].a.text, sqlite3_column_text(st, 0), tn) == 0;
		if (seen)
			continue;
		a->text = ct_arena_strndup(&al->r->arena, (const char *)sqlite3_column_text(st, 0), tn);
		a->doc = ct_arena_strndup(&al->r->arena, (const char *)sqlite3_column_text(st, 1),
		                          (size_t)sqlite3_column_bytes(st, 1));
		a->line = (long)sqlite3_column_int64(st, 2);
		a->lang = ct_arena_strndup(&al->r->arena, cands[i].lang, strlen(cands[i].lang));
		if (!a->text || !a->doc || !a->lang)
			break;
		const passage_terms *pt = NULL;
		if (text_terms(al, cands[i].id, a->text, tn, &pt) != CT_OK)
			break;
		a->terms = pt->spans;
		a->colors = pt->colors;
		a->nterms = pt->n;
		const sqlite3_int64 *cc = pt->concepts;
		/* closeness: the shared terms within a short stretch of text */
		size_t lo = tn, hi = 0, shared = 0;
		for (size_t k = 0; k < a->nterms && cc; k++) {
			int in = 0;
			for (size_t j = 0; j < nts; j++)
				in |= ts[j].concept_id == cc[k];
			if (in) {
				shared++;
				if (a->terms[k].start < lo)
					lo = a->terms[k].start;
				if (a->terms[k].end > hi)
					hi = a->terms[k].end;
			}
		}
		double close = shared > 1 && hi > lo ? 1.0 / (1.0 + (double)(hi - lo) / 200.0) : 0.0;
		sc[nsc].s = cands[i].score + 0.5 * close;
		a->score = sc[nsc].s;
		nsc++;
	}
	ct_index_release(al->idx, st);
	/* best first */
	for (size_t i = 1; i < nsc; i++) {
		scored t = sc[i];
		size_t j = i;
		while (j > 0 && sc[j - 1].s < t.s) {
			sc[j] = sc[j - 1];
			j--;
		}
		sc[j] = t;
	}
	size_t nout = 0;
	for (size_t i = 0; i < nsc && nout < maxal; i++) {
		size_t same = 0;
		for (size_t j = 0; j < nout; j++)
			same += strcmp(al_out[j].lang, sc[i].a.lang) == 0;
		if (same >= 2 && nsc > maxal)
			continue;
		al_out[nout++] = sc[i].a;
	}
	free(sc);
	h->aligned = al_out;
	h->naligned = nout;
done:
	free(concs);
	free(set.slot);
	free(cands);
	free(ts);
	return rc;
}

int ct_crossling_align(ct_index *idx, ct_results *r, const ct_search_opts *o)
{
	aligner al;
	int rc;
	memset(&al, 0, sizeof(al));
	al.idx = idx;
	al.r = r;
	if (r->nhits == 0)
		return CT_OK;
	if ((rc = ct_index_matcher(idx, &al.m)) != CT_OK || (rc = ct_index_analyzer(idx, &al.an)) != CT_OK)
		return rc;
	if (!(al.cache = cache_get(idx)))
		return CT_ENOMEM;
	/* once per handle: the indexer's count of each document's passages by
	 * language (a count(*) of the passages scans an index of all of them,
	 * 10 ms at 100 MB); an index without those counts is counted */
	if (al.cache->npassages < 0) {
		sqlite3_stmt *st = NULL;
		al.cache->npassages = 0;
		if (ct_index_prepare(idx, "SELECT (SELECT sum(n) FROM doc_lang), "
		                          "EXISTS(SELECT 1 FROM passage) AND NOT EXISTS(SELECT 1 FROM doc_lang)", &st) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW) {
			al.cache->npassages = (long)sqlite3_column_int64(st, 0);
			if (sqlite3_column_int(st, 1)) {
				ct_index_release(idx, st);
				st = NULL;
				if (ct_index_prepare(idx, "SELECT count(*) FROM passage", &st) == SQLITE_OK &&
				    sqlite3_step(st) == SQLITE_ROW)
					al.cache->npassages = (long)sqlite3_column_int64(st, 0);
			}
		}
		ct_index_release(idx, st);
	}
	al.npassages = al.cache->npassages;
	for (size_t i = 0; i < r->nhits && rc == CT_OK; i++) {
		rc = align_hit(&al, &r->hits[i], o);
		if (rc == CT_OK)
			rc = ct_parallel_translations(idx, r, &r->hits[i]);
	}
	free(al.colors);
	for (size_t i = 0; i < al.nseen; i++)
		free(al.seen[i].concepts);
	free(al.seen);
	free(al.terms);
	return rc;
}
