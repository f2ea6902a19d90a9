/*
 * search.c -- from a query to ranked, de-duplicated passages.
 *
 * Several FTS5 queries feed one candidate pool: the user's own query and
 * (see crossling.c) the glossary equivalents of the terms in the query.
 * Each query's scores (ct_rank(), fts5tok.c: BM25 without the length
 * factor, raised where the user's words stand together) are divided by its
 * best score before they are weighted and summed, so that a Serbian
 * passage found through an equivalent and a Kazakh passage found through
 * the user's words stand on one scale.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cyrterm/query.h"
#include "cyrterm/search.h"
#include "internal.h"

/* Weights of the candidate sources. */
#define W_USER 1.0
#define W_TOC 0.25 /* a table-of-contents passage keeps a quarter */
#define W_EXACT 0.3 /* all matched words spelt as typed */

int ct_pool_add(ct_pool *pool, sqlite3_int64 id, double score, int from_user)
{
	for (size_t i = 0; i < pool->n; i++) {
		if (pool->a[i].id == id) {
			/* the user's words add up; equivalents count once, the
			 * best of them (ru and kk share «инновация») */
			if (from_user)
				pool->a[i].score += score;
			else if (score > pool->a[i].expanded)
				pool->a[i].expanded = score;
			pool->a[i].from_user |= from_user;
			return CT_OK;
		}
	}
	if (pool->n == pool->cap) {
		size_t cap = pool->cap ? pool->cap * 2 : 128;
		ct_cand *a = realloc(pool->a, cap * sizeof(*a));
		if (!a)
			return CT_ENOMEM;
		pool->a = a;
		pool->cap = cap;
	}
	ct_cand *c = &pool->a[pool->n];
	memset(c, 0, sizeof(*c));
	c->id = id;
	if (from_user)
		c->score = score;
	else
		c->expanded = score;
	c->from_user = from_user;
	pool->n++;
	return CT_OK;
}

/*
 * The forms of the user's words as the FTS5 query tokenizer makes them, to
 * find in a passage the words the query matched.  Asking FTS5 for them
 * (ct_offsets() on "MATCH ... AND rowid = ?") costs a seek in every
 * doclist of the query per passage, milliseconds at 100 MB; the passage's
 * own analysis costs microseconds.  Every word of the query is marked
 * where it stands, also outside the phrase that matched.
 */
typedef struct qforms {
	ct_buf text;       /* the forms, NUL-separated */
	size_t *off;
	unsigned char *prefix;
	size_t n, cap;
	int oom, building_prefix;
} qforms;

static int on_qform(void *ctx, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                    size_t start, size_t end)
{
	qforms *q = ctx;
	CT_UNUSED(first);
	CT_UNUSED(kind);
	CT_UNUSED(lang);
	CT_UNUSED(start);
	CT_UNUSED(end);
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 16;
		size_t *o = realloc(q->off, cap * sizeof(*o));
		if (o)
			q->off = o;
		unsigned char *p = realloc(q->prefix, cap);
		if (p)
			q->prefix = p;
		if (!o || !p) {
			q->oom = 1;
			return CT_ENOMEM;
		}
		q->cap = cap;
	}
	q->off[q->n] = q->text.n;
	q->prefix[q->n] = (unsigned char)q->building_prefix;
	ct_buf_put(&q->text, form, n);
	ct_buf_put(&q->text, "", 1);
	if (q->text.oom) {
		q->oom = 1;
		return CT_ENOMEM;
	}
	q->n++;
	return 0;
}

static void qforms_free(qforms *q)
{
	ct_buf_free(&q->text);
	free(q->off);
	free(q->prefix);
	memset(q, 0, sizeof(*q));
}

/* The forms of the query's words; with CT_TOK_EXACT_ONLY in `extra`,
 * their exact forms only, and a prefix as a word. */
static int qforms_build(qforms *q, ct_analyzer *an, const ct_query *query, unsigned extra)
{
	memset(q, 0, sizeof(*q));
	for (size_t i = 0; i < ct_query_positive_count(query); i++) {
		size_t n;
		const char *w = ct_query_positive(query, i, &n);
		unsigned fl = ct_query_positive_flags(query, i);
		unsigned f = CT_TOK_QUERY | extra;
		if ((fl & CT_QUERY_PREFIX) && !extra)
			f |= CT_TOK_PREFIX;
		if (fl & CT_QUERY_EXACT)
			f |= CT_TOK_EXACT_ONLY;
		q->building_prefix = (fl & CT_QUERY_PREFIX) && !extra;
		int rc = ct_analyze(an, w, n, f, 0, on_qform, q);
		if (q->oom)
			return CT_ENOMEM;
		if (rc != CT_OK)
			return rc;
	}
	return CT_OK;
}

static const char *qforms_get(const qforms *q, size_t i, size_t *n)
{
	*n = (i + 1 < q->n ? q->off[i + 1] : q->text.n) - q->off[i] - 1;
	return q->text.p + q->off[i];
}

static int qforms_has(const qforms *q, const char *form, size_t n)
{
	for (size_t i = 0; i < q->n; i++) {
		size_t fn;
		const char *f = qforms_get(q, i, &fn);
		if (fn == n && memcmp(f, form, n) == 0)
			return 1;
		/* a prefix meets the written forms, not the stems */
		if (q->prefix[i] && fn < n && form[0] != CT_STEM_MARK && memcmp(f, form, fn) == 0)
			return 1;
	}
	return 0;
}

typedef struct mark_ctx {
	const qforms *q;
	const char *text;
	size_t word_start, word_end;
	int word_hit;
	long open_start, open_end; /* the range being extended, -1 if none */
	ct_buf out;
} mark_ctx;

/* Words that stand next to each other (a phrase) make one range. */
static void mark_word_end(mark_ctx *c)
{
	if (!c->word_hit)
		return;
	int adjacent = c->open_start >= 0;
	for (size_t i = (size_t)(c->open_end > 0 ? c->open_end : 0); adjacent && i < c->word_start; i++)
		adjacent = c->text[i] == ' ' || c->text[i] == '\t';
	if (!adjacent) {
		if (c->open_start >= 0)
			ct_buf_printf(&c->out, "%s%ld %ld", c->out.n ? " " : "", c->open_start, c->open_end);
		c->open_start = (long)c->word_start;
	}
	c->open_end = (long)c->word_end;
	c->word_hit = 0;
}

static int on_doc_form(void *ctx, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                       size_t start, size_t end)
{
	mark_ctx *c = ctx;
	CT_UNUSED(kind);
	CT_UNUSED(lang);
	if (first) {
		mark_word_end(c);
		c->word_start = start;
		c->word_end = end;
	}
	if (!c->word_hit && qforms_has(c->q, form, n))
		c->word_hit = 1;
	return 0;
}

/* "start end start end ...": the ranges of the passage's words the query
 * matched, or NULL when none (or out of memory). */
static char *match_offsets(ct_analyzer *an, const qforms *q, const char *text, size_t n)
{
	mark_ctx c;
	memset(&c, 0, sizeof(c));
	c.q = q;
	c.text = text;
	c.open_start = c.open_end = -1;
	if (ct_analyze(an, text, n, CT_TOK_DOCUMENT, 0, on_doc_form, &c) != CT_OK) {
		ct_buf_free(&c.out);
		return NULL;
	}
	mark_word_end(&c);
	if (c.open_start >= 0)
		ct_buf_printf(&c.out, "%s%ld %ld", c.out.n ? " " : "", c.open_start, c.open_end);
	if (c.out.oom || !c.out.p) {
		ct_buf_free(&c.out);
		return NULL;
	}
	return c.out.p;
}

/* The byte ranges the user's query matched in one passage, worked out
 * only for the passages that are shown or reranked. */
static const char *cand_offsets(ct_analyzer *an, const qforms *q, ct_cand *c, const char *text, size_t n)
{
	if (!c->offsets && c->from_user && q && an)
		c->offsets = match_offsets(an, q, text, n);
	return c->offsets;
}

void ct_pool_free(ct_pool *pool)
{
	for (size_t i = 0; i < pool->n; i++)
		free(pool->a[i].offsets);
	free(pool->a);
	memset(pool, 0, sizeof(*pool));
}

/* A scored match, kept in a min-heap of the best `cap`. */
typedef struct scored {
	sqlite3_int64 id;
	double s;
} scored;

/* a is worse than b: a lower score, or the same score and a later row */
static int worse(const scored *a, const scored *b)
{
	return a->s < b->s || (a->s == b->s && a->id > b->id);
}

static void sift_down(scored *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (r < n && worse(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		scored t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void sift_up(scored *h, size_t i)
{
	while (i > 0 && worse(&h[i], &h[(i - 1) / 2])) {
		scored t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static int cmp_scored(const void *pa, const void *pb)
{
	const scored *a = pa, *b = pb;
	return worse(b, a) ? -1 : worse(a, b) ? 1 : 0;
}

/* The best `cap` scored rows in the heap h[0..*n). */
static void heap_offer(scored *h, size_t *n, size_t cap, scored x)
{
	if (*n < cap) {
		h[*n] = x;
		sift_up(h, (*n)++);
	} else if (worse(&h[0], &x)) {
		h[0] = x;
		sift_down(h, *n, 0);
	}
}

/*
 * Rows of an OR of phrases with their ct_rank_tf() blobs, scored once every
 * phrase's passages are counted.  Rows of one class (the same tfs and
 * pairs) score alike, and ties go to the lower row, which comes first: only
 * the first `cap` rows of each class can make the best `cap`, and only those
 * are kept (a few thousand of the 380,000 rows «инновация» has at 1 GB).
 */
typedef struct tf_rows {
	int nphrase, width;      /* width: ints a row, the pairs then the tfs */
	sqlite3_int64 tbl_rows;  /* of the table */
	sqlite3_int64 hits[64];  /* passages that hold each phrase */
	size_t cap;              /* rows kept per class */
	/* classes: an open-addressing table of their first row's tfs */
	int *cls;                /* width ints a slot */
	size_t *cls_n;           /* rows kept; 0: empty slot */
	size_t ncls, mask;
	/* the rows kept, in the order read */
	sqlite3_int64 *id;
	int *tf;                 /* width ints a row */
	size_t n, id_cap, tf_cap;
} tf_rows;

static void tf_rows_free(tf_rows *t)
{
	free(t->cls);
	free(t->cls_n);
	free(t->id);
	free(t->tf);
}

static int tf_rows_grow_classes(tf_rows *t)
{
	size_t nslot = t->mask ? (t->mask + 1) * 2 : 64;
	int *cls = malloc(nslot * (size_t)t->width * sizeof(*cls));
	size_t *cn = calloc(nslot, sizeof(*cn));
	if (!cls || !cn) {
		free(cls);
		free(cn);
		return CT_ENOMEM;
	}
	for (size_t i = 0; t->mask && i <= t->mask; i++) {
		if (!t->cls_n[i])
			continue;
		const int *v = t->cls + i * (size_t)t->width;
		size_t j = (size_t)ct_hash_mem(v, (size_t)t->width * sizeof(int)) & (nslot - 1);
		while (cn[j])
			j = (j + 1) & (nslot - 1);
		memcpy(cls + j * (size_t)t->width, v, (size_t)t->width * sizeof(int));
		cn[j] = t->cls_n[i];
	}
	free(t->cls);
	free(t->cls_n);
	t->cls = cls;
	t->cls_n = cn;
	t->mask = nslot - 1;
	return CT_OK;
}

static int tf_rows_add(tf_rows *t, sqlite3_int64 id, const unsigned char *blob, int bytes)
{
	int np = blob && bytes >= 12 ? (bytes - 12) / 4 : -1;
	if (np < 0 || np > 64 || (t->width && np + 1 != t->width))
		return CT_EDB; /* ct_rank_tf() reads at most 64 phrases */
	if (!t->width) {
		t->nphrase = np;
		t->width = np + 1;
		memcpy(&t->tbl_rows, blob, 8);
	}
	int v[65];
	memcpy(v, blob + 8, (size_t)t->width * sizeof(int));
	for (int i = 0; i < np; i++)
		t->hits[i] += v[1 + i] > 0;
	if ((t->ncls + 1) * 2 > (t->mask ? t->mask + 1 : 0) && tf_rows_grow_classes(t) != CT_OK)
		return CT_ENOMEM;
	size_t w = (size_t)t->width * sizeof(int);
	size_t j = (size_t)ct_hash_mem(v, w) & t->mask;
	while (t->cls_n[j] && memcmp(t->cls + j * (size_t)t->width, v, w) != 0)
		j = (j + 1) & t->mask;
	if (!t->cls_n[j]) {
		memcpy(t->cls + j * (size_t)t->width, v, w);
		t->ncls++;
	} else if (t->cls_n[j] >= t->cap) {
		return CT_OK; /* behind `cap` rows that score the same */
	}
	t->cls_n[j]++;
	void *ids = t->id, *tfs = t->tf;
	int rc = ct_grow(&ids, &t->id_cap, t->n, sizeof(*t->id));
	t->id = ids;
	if (rc == CT_OK)
		rc = ct_grow(&tfs, &t->tf_cap, t->n, w);
	t->tf = tfs;
	if (rc != CT_OK)
		return rc;
	t->id[t->n] = id;
	memcpy(t->tf + t->n * (size_t)t->width, v, w);
	t->n++;
	return CT_OK;
}

/* ct_rank() of every row kept, with the idfs counted from all the rows. */
static void tf_rows_score(const tf_rows *t, scored *h, size_t *n, size_t cap)
{
	int np = t->nphrase;
	double idf[64];
	for (int i = 0; i < np; i++)
		idf[i] = np > 1 ? ct_rank_idf(t->tbl_rows, t->hits[i]) : 1.0;
	for (size_t r = 0; r < t->n; r++) {
		const int *v = t->tf + r * (size_t)t->width;
		scored x = {t->id[r], ct_rank_score(idf, v + 1, np, v[0])};
		heap_offer(h, n, cap, x);
	}
}

/*
 * The phrases of an expression made by query.c or crossling.c, in the
 * order FTS5 numbers them: each quoted string, with the "*" of a prefix,
 * into out, NUL-separated.  Returns how many, -1 on a string left open.
 */
static int expr_phrases(const char *expr, ct_buf *out)
{
	int n = 0;
	for (const char *p = expr; *p; p++) {
		if (*p != '"')
			continue;
		const char *a = p++;
		while (*p && !(*p == '"' && p[1] != '"'))
			p += *p == '"' ? 2 : 1;
		if (!*p)
			return -1;
		ct_buf_put(out, a, (size_t)(p - a) + 1);
		if (p[1] == '*')
			ct_buf_put(out, "*", 1);
		ct_buf_put(out, "", 1);
		n++;
	}
	return out->oom ? -1 : n;
}

/*
 * ct_rank()'s idfs for rows read with ct_rank_tf(): each phrase's
 * passages counted by a query of its own, a one-word phrase as the OR of
 * its forms (ct_fts5_spell()).  ct_rank() counts them with xQueryPhrase(),
 * which calls back for every passage and has FTS5 merge the forms'
 * positions in each.  ph: the expression's np phrases (expr_phrases()).
 * CT_EINVAL when they are not the ones FTS5 read.
 */
static int count_phrases(ct_index *idx, const ct_buf *ph, int np, tf_rows *tr)
{
	ct_buf spelt = {0};
	ct_analyzer *an = NULL;
	sqlite3_stmt *st = NULL;
	int rc = CT_OK, src = SQLITE_DONE, i = 0;

	if (np != tr->nphrase) {
		rc = CT_EINVAL;
		goto done;
	}
	if ((rc = ct_index_analyzer(idx, &an)) != CT_OK)
		goto done;
	if ((src = ct_index_prepare(idx, "SELECT count(*) FROM fts WHERE fts MATCH ?1", &st)) != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "preparing the search");
		goto done;
	}
	for (const char *p = ph->p; rc == CT_OK && p < ph->p + ph->n; p += strlen(p) + 1, i++) {
		spelt.n = 0;
		int w = ct_fts5_spell(an, p, strlen(p), &spelt);
		if (w < 0) {
			rc = w;
			break;
		}
		ct_buf_put(&spelt, w ? "" : p, w ? 1 : strlen(p) + 1);
		if (spelt.oom) {
			rc = CT_ENOMEM;
			break;
		}
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, spelt.p, -1, SQLITE_STATIC);
		if ((src = sqlite3_step(st)) == SQLITE_ROW)
			tr->hits[i] = sqlite3_column_int64(st, 0);
		else
			rc = ct_index_dberr(idx, src, "searching");
	}
done:
	ct_index_release(idx, st);
	ct_buf_free(&spelt);
	return rc;
}

/*
 * An expression that is one word (a query's only word, an equivalent of
 * one word, in parentheses or not) as the OR of its forms, for
 * ct_rank_word(), into out; out stays empty for anything else.
 */
static int spell_word(ct_index *idx, const char *expr, const char *phrase, ct_buf *out)
{
	ct_analyzer *an = NULL;
	const char *at = strstr(expr, phrase);
	size_t pn = strlen(phrase);
	if (!at)
		return 0;
	for (const char *p = expr; *p; p++)
		if ((p < at || p >= at + pn) && *p != '(' && *p != ')' && *p != ' ')
			return 0; /* NEAR(), or other operators */
	int rc = ct_index_analyzer(idx, &an);
	if (rc == CT_OK)
		rc = ct_fts5_spell(an, phrase, pn, out);
	if (rc <= 0)
		out->n = 0;
	return rc < 0 ? rc : 0;
}

/*
 * One pass over the matches of expr: the best `cap` by ct_rank() go into the
 * pool, and *total (when asked) counts them all.  FTS5's ORDER BY rank
 * would sort every match and a count(*) would read them all again; a heap
 * of `cap` does both in the one pass.
 *
 * An expression of several phrases is read with ct_rank_tf(): the rows'
 * tfs are kept and scored once all are read.  Over an OR of phrases
 * (CT_POOL_OR) every passage holding a phrase is a row, so the rows count
 * each phrase's passages for its idf; under an AND or a NOT a query per
 * phrase counts them (count_phrases()).  One phrase has no idf, and
 * ct_rank() scores it for less; one word, as the OR of its forms,
 * ct_rank_word() for less still.  ct_rank() also takes more than 64
 * phrases, and CT_POOL_RANK asks for it.
 */
int ct_pool_run(ct_index *idx, ct_pool *pool, const char *expr, double weight, size_t cap,
                unsigned flags, size_t *total)
{
	sqlite3_stmt *st = NULL;
	scored *h = NULL;
	tf_rows tr;
	ct_buf word = {0}, ph = {0};
	size_t n = 0, rows = 0;
	int rc = CT_OK, src, tfs = (flags & CT_POOL_OR) != 0, np = -1;

	if (cap == 0)
		cap = 1;
	if (!(flags & (CT_POOL_OR | CT_POOL_RANK))) {
		np = expr_phrases(expr, &ph);
		tfs = np > 1 && np <= 64;
		if (np == 1 && (rc = spell_word(idx, expr, ph.p, &word)) < 0) {
			ct_buf_free(&word);
			ct_buf_free(&ph);
			return rc;
		}
		rc = CT_OK;
	}

	h = malloc(cap * sizeof(*h));
	if (!h) {
		ct_buf_free(&word);
		ct_buf_free(&ph);
		return CT_ENOMEM;
	}
again:
	memset(&tr, 0, sizeof(tr));
	tr.cap = cap;
	n = rows = 0;
	src = ct_index_prepare(idx,
	                       tfs      ? "SELECT rowid, ct_rank_tf(fts) FROM fts WHERE fts MATCH ?1"
	                       : word.n ? "SELECT rowid, ct_rank_word(fts) FROM fts WHERE fts MATCH ?1"
	                                : "SELECT rowid, ct_rank(fts) FROM fts WHERE fts MATCH ?1",
	                       &st);
	if (src != SQLITE_OK) {
		free(h);
		ct_buf_free(&word);
		ct_buf_free(&ph);
		return ct_index_dberr(idx, src, "preparing the search");
	}
	sqlite3_bind_text(st, 1, word.n ? word.p : expr, -1, SQLITE_STATIC);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		if (tfs) {
			rc = tf_rows_add(&tr, sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
			                 sqlite3_column_bytes(st, 1));
			if (rc != CT_OK)
				break;
		} else {
			scored x = {sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1)};
			heap_offer(h, &n, cap, x);
		}
	}
	ct_index_release(idx, st);
	if (rc == CT_OK && src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "searching");
	else if (rc == CT_EDB)
		rc = ct_index_fail(idx, CT_EDB, "searching: unexpected ranking data");
	/* under an AND or a NOT the rows do not count each phrase's passages */
	if (rc == CT_OK && tfs && tr.nphrase > 1 && !(flags & CT_POOL_OR)) {
		rc = count_phrases(idx, &ph, np, &tr);
		if (rc == CT_EINVAL) {
			/* phrases this code does not see as FTS5 does */
			tf_rows_free(&tr);
			tfs = 0;
			rc = CT_OK;
			goto again;
		}
	}
	if (rc == CT_OK && tfs)
		tf_rows_score(&tr, h, &n, cap);
	tf_rows_free(&tr);
	ct_buf_free(&word);
	ct_buf_free(&ph);
	if (rc != CT_OK) {
		free(h);
		return rc;
	}
	qsort(h, n, sizeof(*h), cmp_scored);
	double best = n > 0 && h[0].s > 0 ? h[0].s : 1;
	for (size_t i = 0; i < n && rc == CT_OK; i++)
		rc = ct_pool_add(pool, h[i].id, weight * h[i].s / best, (flags & CT_POOL_USER) != 0);
	pool->last_rows = n;
	if (total)
		*total = rows;
	free(h);
	return rc;
}

/* ---------------------------------------------------------- results */

typedef struct row {
	ct_cand *c;
	long line;
	size_t start, end;
	char lang[8];
	int kind;
	sqlite3_int64 hash;
	double final;
} row;

static int cmp_row(const void *a, const void *b)
{
	const row *x = a, *y = b;
	if (x->final != y->final)
		return x->final > y->final ? -1 : 1;
	return x->c->id < y->c->id ? -1 : x->c->id > y->c->id;
}

static int parse_offsets(ct_arena *ar, const char *s, size_t text_n, ct_span **out, size_t *n)
{
	size_t cnt = 0, k = 0;
	*out = NULL;
	*n = 0;
	if (!s || !*s)
		return CT_OK;
	for (const char *p = s; *p; p++)
		if (*p == ' ')
			cnt++;
	cnt = cnt / 2 + 1;
	ct_span *a = ct_arena_alloc(ar, cnt * sizeof(*a));
	if (!a)
		return CT_ENOMEM;
	const char *p = s;
	while (*p && k < cnt) {
		char *e;
		long x = strtol(p, &e, 10);
		if (e == p)
			break;
		p = e;
		long y = strtol(p, &e, 10);
		if (e == p)
			break;
		p = e;
		if (x >= 0 && y > x && (size_t)y <= text_n) {
			a[k].start = (size_t)x;
			a[k].end = (size_t)y;
			k++;
		}
	}
	/* sort and merge: offsets from several queries may overlap */
	for (size_t i = 1; i < k; i++) {
		ct_span t = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1].start > t.start) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = t;
	}
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && a[i].start <= a[m - 1].end) {
			if (a[i].end > a[m - 1].end)
				a[m - 1].end = a[i].end;
		} else {
			a[m++] = a[i];
		}
	}
	*out = a;
	*n = m;
	return CT_OK;
}

static int fill_also(ct_index *idx, ct_results *r, ct_hit *h, sqlite3_int64 hash, sqlite3_int64 id)
{
	sqlite3_stmt *st = NULL;
	int src = ct_index_prepare(idx, "SELECT d.path, p.line FROM passage p JOIN doc d ON d.id = p.doc "
	                             "WHERE p.hash = ?1 AND p.id <> ?2 ORDER BY d.path, p.line LIMIT 50", &st);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "listing identical passages");
	sqlite3_bind_int64(st, 1, hash);
	sqlite3_bind_int64(st, 2, id);
	size_t n = 0, cap = 0;
	ct_location *a = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			ct_location *b = ct_arena_alloc(&r->arena, cap * sizeof(*b));
			if (!b)
				break;
			if (n)
				memcpy(b, a, n * sizeof(*b));
			a = b;
		}
		a[n].doc = ct_arena_strndup(&r->arena, (const char *)sqlite3_column_text(st, 0),
		                            (size_t)sqlite3_column_bytes(st, 0));
		a[n].line = (long)sqlite3_column_int64(st, 1);
		n++;
	}
	ct_index_release(idx, st);
	h->also = a;
	h->nalso = n;
	return CT_OK;
}

static int results_build(ct_index *idx, ct_results *r, ct_pool *pool, const ct_search_opts *o,
                         const qforms *typed, const qforms *qf);

/*
 * Share of the matched words of a passage that are spelt as the user typed
 * them.  FTS5 finds «Кызмет» and «Қызмет» alike for either spelling (the
 * folded form of one is the exact form of the other); this puts the
 * passage spelt like the query first.
 */
static double exact_share(ct_analyzer *an, const qforms *typed, const char *text, size_t n, const char *offsets)
{
	size_t exact = 0, total = 0;
	const char *p = offsets;
	while (p && *p) {
		char *e;
		long a = strtol(p, &e, 10);
		if (e == p)
			break;
		p = e;
		long b = strtol(p, &e, 10);
		if (e == p)
			break;
		p = e;
		if (a < 0 || b <= a || (size_t)b > n)
			continue;
		qforms span;
		memset(&span, 0, sizeof(span));
		if (ct_analyze(an, text + a, (size_t)(b - a), CT_TOK_QUERY | CT_TOK_EXACT_ONLY, 0, on_qform, &span) ==
		    CT_OK) {
			for (size_t k = 0; k < span.n; k++) {
				size_t fn;
				const char *f = qforms_get(&span, k, &fn);
				exact += qforms_has(typed, f, fn);
			}
			total += span.n;
		}
		qforms_free(&span);
	}
	return total ? (double)exact / (double)total : 0;
}

/*
 * Turns the pool into hits: reads each candidate's passage, applies the
 * language filter, the bonus for words spelt as typed and the
 * table-of-contents penalty, sorts, merges
 * passages that stand word for word elsewhere (001_ca4ee8680d8a9508.txt
 * repeats a 22-line block) and keeps `limit`.
 */
static int results_build(ct_index *idx, ct_results *r, ct_pool *pool, const ct_search_opts *o,
                         const qforms *typed, const qforms *qf)
{
	sqlite3_stmt *st = NULL;
	row *rows = NULL;
	size_t nrows = 0, limit = o && o->limit ? o->limit : 10;
	unsigned mask = o ? o->lang_mask : 0;
	int rc = CT_OK;

	if (pool->n == 0)
		return CT_OK;
	rows = calloc(pool->n, sizeof(*rows));
	if (!rows)
		return CT_ENOMEM;
	ct_analyzer *an = NULL;
	if ((rc = ct_index_analyzer(idx, &an)) != CT_OK)
		goto done;
	int src = ct_index_prepare(idx, "SELECT line, start, end, lang, kind, hash FROM passage WHERE id = ?1", &st);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "reading passages");
		goto done;
	}
	for (size_t i = 0; i < pool->n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, pool->a[i].id);
		if (sqlite3_step(st) != SQLITE_ROW)
			continue;
		row *w = &rows[nrows];
		w->c = &pool->a[i];
		w->line = (long)sqlite3_column_int64(st, 0);
		w->start = (size_t)sqlite3_column_int64(st, 1);
		w->end = (size_t)sqlite3_column_int64(st, 2);
		const char *l = (const char *)sqlite3_column_text(st, 3);
		snprintf(w->lang, sizeof(w->lang), "%s", l ? l : "und");
		w->kind = sqlite3_column_int(st, 4);
		w->hash = sqlite3_column_int64(st, 5);
		if (mask && !(mask & CT_LANGBIT(ct_lang_from_code(w->lang, strlen(w->lang)))))
			continue;
		w->final = (w->c->score + w->c->expanded) * (w->kind == 1 ? W_TOC : 1.0);
		nrows++;
	}
	ct_index_release(idx, st);
	st = NULL;
	qsort(rows, nrows, sizeof(*rows), cmp_row);
	/* the spelling bonus can only reorder passages of close scores: it is
	 * worked out for the head of the list, not for every match */
	if (typed && typed->n) {
		size_t head = limit * 3 + 20 < nrows ? limit * 3 + 20 : nrows;
		src = ct_index_prepare(idx, "SELECT text FROM passage WHERE id = ?1", &st);
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "reading passages");
			goto done;
		}
		for (size_t i = 0; i < head; i++) {
			if (!rows[i].c->from_user)
				continue;
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, rows[i].c->id);
			if (sqlite3_step(st) != SQLITE_ROW)
				continue;
			const char *text = (const char *)sqlite3_column_text(st, 0);
			size_t tn = (size_t)sqlite3_column_bytes(st, 0);
			if (!cand_offsets(an, qf, rows[i].c, text, tn))
				continue;
			rows[i].final += W_EXACT * (rows[i].kind == 1 ? W_TOC : 1.0) *
			                 exact_share(an, typed, text, tn, rows[i].c->offsets);
		}
		ct_index_release(idx, st);
		st = NULL;
		qsort(rows, head, sizeof(*rows), cmp_row);
	}

	r->hits = ct_arena_alloc(&r->arena, (limit < nrows ? limit : nrows) * sizeof(ct_hit) + 1);
	if (!r->hits) {
		rc = CT_ENOMEM;
		goto done;
	}
	src = ct_index_prepare(idx, "SELECT p.text, d.path FROM passage p JOIN doc d ON d.id = p.doc WHERE p.id = ?1", &st);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "reading passages");
		goto done;
	}
	for (size_t i = 0; i < nrows && r->nhits < limit; i++) {
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = rows[j].hash == rows[i].hash;
		if (dup)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, rows[i].c->id);
		if (sqlite3_step(st) != SQLITE_ROW)
			continue;
		ct_hit *h = &r->hits[r->nhits];
		memset(h, 0, sizeof(*h));
		h->rank = (int)r->nhits + 1;
		h->score = rows[i].final;
		h->line = rows[i].line;
		h->start = rows[i].start;
		h->end = rows[i].end;
		h->toc = rows[i].kind == 1;
		h->text_n = (size_t)sqlite3_column_bytes(st, 0);
		h->text = ct_arena_strndup(&r->arena, (const char *)sqlite3_column_text(st, 0), h->text_n);
		h->doc = ct_arena_strndup(&r->arena, (const char *)sqlite3_column_text(st, 1),
		                          (size_t)sqlite3_column_bytes(st, 1));
		h->lang = ct_arena_strndup(&r->arena, rows[i].lang, strlen(rows[i].lang));
		h->passage_id = rows[i].c->id;
		if (!h->text || !h->doc || !h->lang) {
			rc = CT_ENOMEM;
			goto done;
		}
		ct_span *sp;
		size_t nsp;
		rc = parse_offsets(&r->arena, cand_offsets(an, qf, rows[i].c, h->text, h->text_n), h->text_n, &sp, &nsp);
		if (rc != CT_OK)
			goto done;
		h->highlights = sp;
		h->nhighlights = nsp;
		rc = fill_also(idx, r, h, rows[i].hash, rows[i].c->id);
		if (rc != CT_OK)
			goto done;
		r->nhits++;
	}
done:
	ct_index_release(idx, st);
	free(rows);
	return rc;
}

static int search(ct_results **out, ct_index *idx, const char *query, size_t n, const ct_search_opts *opts)
{
	ct_query *q = NULL;
	ct_results *r = NULL;
	ct_pool pool = {0};
	char err[256];
	qforms qf, typed;
	int rc;
	size_t limit = opts && opts->limit ? opts->limit : 10;
	size_t cap = limit * 20 < 200 ? 200 : limit * 20;

	*out = NULL;
	memset(&qf, 0, sizeof(qf));
	memset(&typed, 0, sizeof(typed));
	if ((rc = ct_index_check_fresh(idx)) != CT_OK)
		return rc;
	rc = ct_query_parse(&q, query, n, err, sizeof(err));
	if (rc != CT_OK) {
		if (rc == CT_ENOMEM)
			return rc;
		return ct_index_fail(idx, rc, "bad query: %s", err);
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = CT_ENOMEM;
		goto done;
	}
	rc = ct_pool_run(idx, &pool, ct_query_fts(q), W_USER, cap, CT_POOL_USER, &r->total);
	if (rc != CT_OK)
		goto done;
	if (!(opts && opts->no_expand)) {
		rc = ct_crossling_expand(idx, r, &pool, q, opts, cap);
		if (rc != CT_OK)
			goto done;
	}
	/* the user's words exactly as typed (no folding, no stems), and every
	 * form the query matches them by */
	ct_analyzer *an = NULL;
	if ((rc = ct_index_analyzer(idx, &an)) != CT_OK || (rc = qforms_build(&qf, an, q, 0)) != CT_OK ||
	    (rc = qforms_build(&typed, an, q, CT_TOK_EXACT_ONLY)) != CT_OK ||
	    (rc = results_build(idx, r, &pool, opts, &typed, &qf)) != CT_OK)
		goto done;
	if (!(opts && opts->no_align))
		rc = ct_crossling_align(idx, r, opts);
done:
	qforms_free(&qf);
	qforms_free(&typed);
	ct_pool_free(&pool);
	ct_query_free(q);
	if (rc != CT_OK) {
		ct_results_free(r);
		return rc;
	}
	*out = r;
	return CT_OK;
}

int ct_search(ct_results **out, ct_index *idx, const char *query, size_t n, const ct_search_opts *opts)
{
	int began = ct_index_read_begin(idx);
	int rc = search(out, idx, query, n, opts);
	ct_index_read_end(idx, began);
	return rc;
}

size_t ct_results_total(const ct_results *r)
{
	return r->total;
}

size_t ct_results_count(const ct_results *r)
{
	return r->nhits;
}

const ct_hit *ct_results_get(const ct_results *r, size_t i)
{
	return i < r->nhits ? &r->hits[i] : NULL;
}

size_t ct_results_expanded_count(const ct_results *r)
{
	return r->nexp;
}

const ct_expansion *ct_results_expanded(const ct_results *r, size_t i)
{
	return i < r->nexp ? &r->exp[i] : NULL;
}

void ct_results_free(ct_results *r)
{
	if (!r)
		return;
	ct_arena_free(&r->arena);
	free(r);
}
