/*
 * parallel.c -- parallel documents: NAME.kk.txt, NAME.ru.txt, NAME.sr.txt
 * are translations of one another, cut into one sentence per passage and
 * aligned sentence to sentence.
 *
 * The aligner is Gale & Church's (1993) length model: sentences that are
 * translations have proportional lengths, with a normally distributed
 * error, and most beads are 1-1.  As in hunalign, anchors sharpen it: a
 * pair of sentences that share numbers or glossary concepts costs less
 * than the lengths alone say, which keeps the alignment on track where a
 * translator split or merged sentences.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* -log of the prior of each bead kind: 1-1, 1-0 / 0-1, 2-1 / 1-2, 2-2 */
#define P11 0.1165
#define P10 5.31
#define P21 2.41
#define P22 4.51
#define VARIANCE 6.8
#define ANCHOR_WEIGHT 2.5
#define MAX_SENTENCES 3000 /* the DP table is MAX^2 cells */

int ct_parallel_is_name(const char *stored)
{
	size_t n = strlen(stored);
	if (n < 8 || strcmp(stored + n - 4, ".txt") != 0 || stored[n - 7] != '.')
		return 0;
	ct_lang l = ct_lang_from_code(stored + n - 6, 2);
	return l == CT_LANG_KK || l == CT_LANG_RU || l == CT_LANG_SR;
}

int ct_parallel_note_doc(ct_index *idx, sqlite3_int64 doc_id, const char *stored)
{
	sqlite3_stmt *st = NULL;
	size_t n = strlen(stored);
	int src = sqlite3_prepare_v2(ct_index_db(idx), "INSERT OR REPLACE INTO parallel(doc, grp, lang) VALUES(?1, ?2, ?3)",
	                             -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, doc_id);
		sqlite3_bind_text(st, 2, stored, (int)(n - 7), SQLITE_STATIC);
		sqlite3_bind_text(st, 3, stored + n - 6, 2, SQLITE_STATIC);
		src = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(ct_index_db(idx));
	}
	sqlite3_finalize(st);
	return src == SQLITE_OK ? CT_OK : ct_index_dberr(idx, src, "recording a parallel document");
}

/* ---------------------------------------------------------- sentences */

typedef struct sent {
	sqlite3_int64 id;
	double len;        /* characters */
	uint64_t *anchors; /* hashes of numbers and concept ids */
	size_t nanchors;
} sent;

typedef struct side {
	sent *s;
	size_t n;
} side;

static void side_free(side *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->s[i].anchors);
	free(d->s);
	d->s = NULL;
	d->n = 0;
}

static int add_anchor(sent *s, uint64_t h)
{
	for (size_t i = 0; i < s->nanchors; i++)
		if (s->anchors[i] == h)
			return CT_OK;
	uint64_t *a = realloc(s->anchors, (s->nanchors + 1) * sizeof(*a));
	if (!a)
		return CT_ENOMEM;
	a[s->nanchors++] = h;
	s->anchors = a;
	return CT_OK;
}

/* Anchors of a sentence: its numbers («2030», «1997») and the glossary
 * concepts it names, whatever the language. */
static int anchors_of(ct_index *idx, sent *s, const char *text, size_t n)
{
	int rc = CT_OK;
	for (size_t i = 0; i < n && rc == CT_OK;) {
		if (text[i] >= '0' && text[i] <= '9') {
			size_t j = i;
			while (j < n && text[j] >= '0' && text[j] <= '9')
				j++;
			if (j - i >= 1)
				rc = add_anchor(s, ct_hash64(text + i, j - i));
			i = j;
		} else {
			i++;
		}
	}
	ct_matcher *m = NULL;
	ct_analyzer *an = NULL;
	if (rc == CT_OK && ct_index_matcher(idx, &m) == CT_OK && ct_index_analyzer(idx, &an) == CT_OK) {
		ct_tspan *ts = NULL;
		size_t nts = 0;
		if (ct_matcher_find(m, an, text, n, &ts, &nts) == CT_OK) {
			for (size_t k = 0; k < nts && rc == CT_OK; k++) {
				uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)ts[k].concept_id;
				rc = add_anchor(s, h);
			}
		}
		free(ts);
	}
	return rc;
}

static int load_side(ct_index *idx, sqlite3_int64 doc, side *d)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = CT_OK;
	int src = sqlite3_prepare_v2(ct_index_db(idx), "SELECT id, text FROM passage WHERE doc = ?1 ORDER BY start",
	                             -1, &st, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading a parallel document");
	sqlite3_bind_int64(st, 1, doc);
	while (rc == CT_OK && sqlite3_step(st) == SQLITE_ROW && d->n < MAX_SENTENCES) {
		if (d->n == cap) {
			cap = cap ? cap * 2 : 64;
			sent *a = realloc(d->s, cap * sizeof(*a));
			if (!a) {
				rc = CT_ENOMEM;
				break;
			}
			d->s = a;
		}
		sent *s = &d->s[d->n++];
		memset(s, 0, sizeof(*s));
		s->id = sqlite3_column_int64(st, 0);
		const char *t = (const char *)sqlite3_column_text(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		for (size_t i = 0; i < n; i++)
			s->len += ((unsigned char)t[i] & 0xC0) != 0x80;
		rc = anchors_of(idx, s, t, n);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---------------------------------------------------------- Gale-Church */

/* 2 * (1 - Phi(|z|)), the two-sided tail of the standard normal. */
static double two_tail(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

static double length_cost(double l1, double l2, double ratio)
{
	if (l1 <= 0 && l2 <= 0)
		return 0;
	double mean = (l1 + l2 / ratio) / 2.0;
	double z = (ratio * l1 - l2) / sqrt(VARIANCE * (mean > 1 ? mean : 1));
	double p = two_tail(z);
	return -log(p > 1e-12 ? p : 1e-12);
}

/* Share of anchors in common between two runs of sentences (Jaccard). */
static double anchor_share(const side *a, size_t i, size_t ni, const side *b, size_t j, size_t nj)
{
	size_t na = 0, nb = 0, common = 0;
	for (size_t x = i; x < i + ni; x++)
		na += a->s[x].nanchors;
	for (size_t y = j; y < j + nj; y++)
		nb += b->s[y].nanchors;
	if (na == 0 || nb == 0)
		return 0;
	for (size_t x = i; x < i + ni; x++)
		for (size_t k = 0; k < a->s[x].nanchors; k++) {
			int hit = 0;
			for (size_t y = j; y < j + nj && !hit; y++)
				for (size_t m = 0; m < b->s[y].nanchors && !hit; m++)
					hit = a->s[x].anchors[k] == b->s[y].anchors[m];
			common += (size_t)hit;
		}
	double uni = (double)(na + nb - common);
	return uni > 0 ? (double)common / uni : 0;
}

static double bead_cost(const side *a, size_t i, size_t ni, const side *b, size_t j, size_t nj, double ratio)
{
	double l1 = 0, l2 = 0, prior;
	for (size_t x = i; x < i + ni; x++)
		l1 += a->s[x].len;
	for (size_t y = j; y < j + nj; y++)
		l2 += b->s[y].len;
	if (ni == 1 && nj == 1)
		prior = P11;
	else if (ni == 0 || nj == 0)
		prior = P10;
	else if (ni == 2 && nj == 2)
		prior = P22;
	else
		prior = P21;
	double c = prior + length_cost(l1, l2, ratio);
	if (ni && nj)
		c -= ANCHOR_WEIGHT * anchor_share(a, i, ni, b, j, nj);
	return c;
}

/* Aligns b to a and writes the beads as sentence pairs into palign. */
static int align_pair(ct_index *idx, const side *a, const side *b)
{
	size_t n = a->n, m = b->n;
	double ta = 0, tb = 0;
	int rc = CT_OK;
	if (n == 0 || m == 0)
		return CT_OK;
	for (size_t i = 0; i < n; i++)
		ta += a->s[i].len;
	for (size_t j = 0; j < m; j++)
		tb += b->s[j].len;
	double ratio = ta > 0 ? tb / ta : 1.0;
	double *cost = malloc((n + 1) * (m + 1) * sizeof(*cost));
	unsigned char *back = malloc((n + 1) * (m + 1));
	if (!cost || !back) {
		rc = CT_ENOMEM;
		goto done;
	}
	static const int di[6] = {1, 1, 0, 2, 1, 2}, dj[6] = {1, 0, 1, 1, 2, 2};
#define AT(i, j) ((i) * (m + 1) + (j))
	for (size_t i = 0; i <= n; i++)
		for (size_t j = 0; j <= m; j++) {
			if (i == 0 && j == 0) {
				cost[0] = 0;
				continue;
			}
			double best = INFINITY;
			int arg = 0;
			for (int k = 0; k < 6; k++) {
				if ((size_t)di[k] > i || (size_t)dj[k] > j)
					continue;
				double c = cost[AT(i - di[k], j - dj[k])];
				if (!isfinite(c))
					continue;
				c += bead_cost(a, i - di[k], (size_t)di[k], b, j - dj[k], (size_t)dj[k], ratio);
				if (c < best) {
					best = c;
					arg = k;
				}
			}
			cost[AT(i, j)] = best;
			back[AT(i, j)] = (unsigned char)arg;
		}
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(ct_index_db(idx), "INSERT OR REPLACE INTO palign(a, b, score) VALUES(?1, ?2, ?3)", -1,
	                             &st, NULL);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "aligning parallel documents");
		goto done;
	}
	for (size_t i = n, j = m; (i > 0 || j > 0) && rc == CT_OK;) {
		int k = back[AT(i, j)];
		size_t ni = (size_t)di[k], nj = (size_t)dj[k];
		double c = cost[AT(i, j)] - cost[AT(i - ni, j - nj)];
		/* a bead's score: the probability its cost stands for, in (0, 1] */
		double score = exp(-(c > 0 ? c : 0));
		for (size_t x = i - ni; x < i; x++)
			for (size_t y = j - nj; y < j; y++) {
				sqlite3_reset(st);
				sqlite3_bind_int64(st, 1, a->s[x].id);
				sqlite3_bind_int64(st, 2, b->s[y].id);
				sqlite3_bind_double(st, 3, score);
				src = sqlite3_step(st);
				if (src != SQLITE_DONE)
					rc = ct_index_dberr(idx, src, "aligning parallel documents");
			}
		i -= ni;
		j -= nj;
	}
	sqlite3_finalize(st);
#undef AT
done:
	free(cost);
	free(back);
	return rc;
}

int ct_parallel_align_all(ct_index *idx)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_stmt *groups = NULL, *docs = NULL;
	int rc = CT_OK;
	int src = sqlite3_exec(db,
	                       "DELETE FROM parallel WHERE doc NOT IN (SELECT id FROM doc);"
	                       "DELETE FROM palign WHERE a IN (SELECT p.id FROM passage p JOIN parallel g ON g.doc = p.doc)"
	                       " OR b IN (SELECT p.id FROM passage p JOIN parallel g ON g.doc = p.doc);",
	                       NULL, NULL, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "aligning parallel documents");
	src = sqlite3_prepare_v2(db, "SELECT grp FROM parallel GROUP BY grp HAVING count(*) > 1", -1, &groups, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db,
		                         "SELECT doc FROM parallel WHERE grp = ?1 "
		                         "ORDER BY CASE lang WHEN 'kk' THEN 0 WHEN 'ru' THEN 1 ELSE 2 END",
		                         -1, &docs, NULL);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "aligning parallel documents");
		goto done;
	}
	while (rc == CT_OK && sqlite3_step(groups) == SQLITE_ROW) {
		side pivot = {0};
		int first = 1;
		sqlite3_reset(docs);
		sqlite3_bind_text(docs, 1, (const char *)sqlite3_column_text(groups, 0), -1, SQLITE_TRANSIENT);
		while (rc == CT_OK && sqlite3_step(docs) == SQLITE_ROW) {
			sqlite3_int64 doc = sqlite3_column_int64(docs, 0);
			if (first) {
				rc = load_side(idx, doc, &pivot);
				first = 0;
				continue;
			}
			side other = {0};
			rc = load_side(idx, doc, &other);
			if (rc == CT_OK)
				rc = align_pair(idx, &pivot, &other);
			side_free(&other);
		}
		side_free(&pivot);
	}
done:
	sqlite3_finalize(groups);
	sqlite3_finalize(docs);
	return rc;
}

/*
 * A hit's translations: the sentences aligned to it, and, through the
 * pivot document, those of the third language (ru <-> sr via kk).
 */
int ct_parallel_translations(ct_index *idx, ct_results *r, ct_hit *h)
{
	sqlite3_stmt *st = NULL;
	/* most passages have no parallel: two index seeks say so, where the
	 * query below builds its temporary tables first (0.1 ms a hit) */
	int src = ct_index_prepare(idx, "SELECT 1 WHERE EXISTS (SELECT 1 FROM palign WHERE a = ?1)"
	                                " OR EXISTS (SELECT 1 FROM palign WHERE b = ?1)", &st);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading translations");
	sqlite3_bind_int64(st, 1, h->passage_id);
	src = sqlite3_step(st);
	ct_index_release(idx, st);
	st = NULL;
	if (src == SQLITE_DONE)
		return CT_OK;
	if (src != SQLITE_ROW)
		return ct_index_dberr(idx, src, "reading translations");
	/* once a hit: prepared once per handle */
	src = ct_index_prepare(
		idx,
		"WITH direct(id, score) AS ("
		"  SELECT b, score FROM palign WHERE a = ?1 UNION ALL SELECT a, score FROM palign WHERE b = ?1),"
		" via(id, score) AS ("
		"  SELECT p.b, d.score * p.score FROM direct d JOIN palign p ON p.a = d.id WHERE p.b <> ?1"
		"  UNION ALL SELECT p.a, d.score * p.score FROM direct d JOIN palign p ON p.b = d.id WHERE p.a <> ?1),"
		" alls(id, score) AS (SELECT id, score FROM direct UNION ALL SELECT id, score FROM via)"
		" SELECT p.lang, group_concat(p.text, ' '), max(a.score) FROM alls a JOIN passage p ON p.id = a.id"
		" WHERE p.lang <> (SELECT lang FROM passage WHERE id = ?1)"
		" GROUP BY p.lang ORDER BY CASE p.lang WHEN 'kk' THEN 0 WHEN 'ru' THEN 1 ELSE 2 END",
		&st);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading translations");
	sqlite3_bind_int64(st, 1, h->passage_id);
	size_t n = 0;
	ct_translation *a = ct_arena_alloc(&r->arena, 4 * sizeof(*a));
	if (!a) {
		ct_index_release(idx, st);
		return CT_ENOMEM;
	}
	while (n < 4 && sqlite3_step(st) == SQLITE_ROW) {
		a[n].lang = ct_arena_strndup(&r->arena, (const char *)sqlite3_column_text(st, 0),
		                             (size_t)sqlite3_column_bytes(st, 0));
		a[n].text = ct_arena_strndup(&r->arena, (const char *)sqlite3_column_text(st, 1),
		                             (size_t)sqlite3_column_bytes(st, 1));
		a[n].score = sqlite3_column_double(st, 2);
		if (!a[n].lang || !a[n].text)
			break;
		n++;
	}
	ct_index_release(idx, st);
	h->translations = a;
	h->ntranslations = n;
	return CT_OK;
}
