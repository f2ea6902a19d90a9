/*
 * suggest.c -- multi-word term candidates the glossary lacks, from the
 * indexed corpus, ranked by C-value (Frantzi, Ananiadou & Mima 2000).
 *
 * A candidate is a run of 2 to 4 words of one passage, not crossing
 * punctuation, with no stopword at either end («мен инновациялық» is not a
 * term, «мала и средња предузећа» may be).  Occurrences are grouped by the
 * words' stem keys, so «технологиялар трансферті» and «технологиялар
 * трансфертін» count as one candidate.  C-value favours long, frequent
 * candidates and discounts a candidate by how often it only occurs inside
 * longer ones:
 *
 *   C(a) = log2|a| * f(a)                              a not nested
 *   C(a) = log2|a| * (f(a) - 1/|T(a)| * sum f(b), b in T(a))   otherwise
 *
 * where T(a) are the longer candidates containing a (both seen at least
 * MIN_FREQ times).  Candidates that are already glossary terms (the
 * matcher finds a term exactly on one of their occurrences) are left out;
 * a passage repeated in the corpus counts once.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cyrterm/glossary.h"
#include "internal.h"

#define MIN_WORDS 2
#define MAX_WORDS 4
#define MIN_FREQ 2

/* ------------------------------------------------------------ stopwords */

/* Function words, normalised (lower case, ё as е).  Kazakh ones are
 * compared folded, so text typed without Kazakh letters («ушин») is
 * covered; Serbian ones by their Latin skeleton, so both scripts are. */
static const char *const stop_kk[] = {
	"мен", "және", "бен", "пен", "да", "де", "та", "те", "ма", "ме", "ба", "бе", "па", "пе",
	"бұл", "осы", "сол", "ол", "олар", "оның", "оны", "оған", "онда", "үшін", "арқылы",
	"немесе", "не", "әрі", "ал", "бірақ", "тек", "ғана", "қана", "деп", "сияқты", "туралы",
	"бойынша", "кейін", "дейін", "шейін", "қарай", "ретінде", "жөнінде", "жоқ", "бар", "емес",
	"болып", "болады", "болса", "болған", "болу", "табылады", "тиіс", "керек", "өз", "өзі",
	"барлық", "көп", "көптеген", "сондай", "сонымен", "қатар", "яғни", "әр", "әрбір", "ең",
	"басқа", "біз", "біздің", "мұнда", "соң", "соның", "ішінде", "бір", "екі",
};
static const char *const stop_ru[] = {
	"и", "в", "во", "не", "на", "с", "со", "по", "к", "ко", "о", "об", "от", "до", "из", "у",
	"за", "для", "что", "как", "а", "но", "или", "это", "этот", "эти", "эта", "то", "же", "ли",
	"бы", "при", "без", "над", "под", "его", "ее", "их", "который", "которые", "которых",
	"которая", "которое", "также", "так", "все", "всех", "был", "была", "были", "быть",
	"является", "являются", "между", "через", "более", "может", "только",
};
static const char *const stop_sr[] = {
	"и", "у", "за", "на", "је", "се", "од", "до", "са", "из", "о", "по", "као", "да", "не",
	"а", "али", "или", "што", "који", "која", "које", "којих", "којим", "коју", "су", "би",
	"ће", "то", "тај", "та", "ово", "овај", "тако", "већ", "према", "кроз", "између", "при",
	"без", "над", "под", "након", "због", "бити", "био", "била", "било", "били", "биће", "сам",
	"смо", "сте", "их", "га", "му", "им", "ове", "ова", "овим", "том", "тим", "све", "свих",
	"више", "још", "ка", "ко", "путем", "такође", "код", "уз",
};

typedef struct stopset {
	char **a;
	size_t n;
} stopset;

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

/* The form a word is compared in: folded for Kazakh, the skeleton for
 * Serbian, as is for Russian.  NULL when out of memory. */
static char *stop_form(ct_lang lang, const char *w, size_t n)
{
	char *o = NULL;
	size_t k;
	if (lang == CT_LANG_KK) {
		o = malloc(n + 1);
		if (o)
			ct_fold_kazakh(w, n, o, n + 1);
	} else if (lang == CT_LANG_SR) {
		k = ct_latin_skeleton(w, n, NULL, 0);
		if (k == 0)
			return ct_strndup(w, n);
		o = malloc(k + 1);
		if (o)
			ct_latin_skeleton(w, n, o, k + 1);
	} else {
		o = ct_strndup(w, n);
	}
	return o;
}

static int stopset_init(stopset *s, ct_lang lang, const char *const *words, size_t n)
{
	s->a = calloc(n, sizeof(*s->a));
	s->n = 0;
	if (!s->a)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!(s->a[s->n] = stop_form(lang, words[i], strlen(words[i]))))
			return CT_ENOMEM;
		s->n++;
	}
	qsort(s->a, s->n, sizeof(*s->a), cmp_str);
	return CT_OK;
}

static void stopset_free(stopset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->a[i]);
	free(s->a);
}

/* ----------------------------------------------------------- candidates */

typedef struct surface {
	struct surface *next;
	char *text;
	long count;
} surface;

typedef struct group {
	char *key;        /* lang, '\t', the words' keys space-joined */
	int nwords;
	long freq;
	int known;        /* an occurrence is a glossary term */
	double nest_sum;  /* frequencies of the longer candidates containing it */
	long nest_count;
	double cvalue;
	surface *surfaces;
	const char *best; /* the most frequent surface */
} group;

typedef struct gmap {
	group **slot;
	size_t mask, n;
	group **all;
	size_t nall, capall;
} gmap;

static group *gmap_get(const gmap *m, const char *key, size_t n)
{
	if (!m->slot)
		return NULL;
	size_t i = (size_t)ct_hash64(key, n) & m->mask;
	for (group *g; (g = m->slot[i]) != NULL; i = (i + 1) & m->mask)
		if (strncmp(g->key, key, n) == 0 && g->key[n] == '\0')
			return g;
	return NULL;
}

static int gmap_grow(gmap *m)
{
	size_t cap = m->slot ? (m->mask + 1) * 2 : 4096;
	group **slot = calloc(cap, sizeof(*slot));
	if (!slot)
		return CT_ENOMEM;
	for (size_t k = 0; k < m->nall; k++) {
		size_t i = (size_t)ct_hash64(m->all[k]->key, strlen(m->all[k]->key)) & (cap - 1);
		while (slot[i])
			i = (i + 1) & (cap - 1);
		slot[i] = m->all[k];
	}
	free(m->slot);
	m->slot = slot;
	m->mask = cap - 1;
	return CT_OK;
}

/* The group of key, created when new; NULL when out of memory. */
static group *gmap_add(gmap *m, const char *key, size_t n, int nwords)
{
	group *g = gmap_get(m, key, n);
	if (g)
		return g;
	if ((!m->slot || (m->nall + 1) * 2 > m->mask + 1) && gmap_grow(m) != CT_OK)
		return NULL;
	if (m->nall == m->capall) {
		size_t cap = m->capall ? m->capall * 2 : 4096;
		group **all = realloc(m->all, cap * sizeof(*all));
		if (!all)
			return NULL;
		m->all = all;
		m->capall = cap;
	}
	g = calloc(1, sizeof(*g));
	if (!g || !(g->key = ct_strndup(key, n))) {
		free(g);
		return NULL;
	}
	g->nwords = nwords;
	size_t i = (size_t)ct_hash64(key, n) & m->mask;
	while (m->slot[i])
		i = (i + 1) & m->mask;
	m->slot[i] = g;
	m->all[m->nall++] = g;
	return g;
}

static void gmap_free(gmap *m)
{
	for (size_t k = 0; k < m->nall; k++) {
		group *g = m->all[k];
		for (surface *s = g->surfaces, *next; s; s = next) {
			next = s->next;
			free(s->text);
			free(s);
		}
		free(g->key);
		free(g);
	}
	free(m->all);
	free(m->slot);
}

static int add_surface(group *g, const char *s, size_t n)
{
	for (surface *p = g->surfaces; p; p = p->next)
		if (strncmp(p->text, s, n) == 0 && p->text[n] == '\0') {
			p->count++;
			return CT_OK;
		}
	surface *p = calloc(1, sizeof(*p));
	if (!p || !(p->text = ct_strndup(s, n))) {
		free(p);
		return CT_ENOMEM;
	}
	p->count = 1;
	p->next = g->surfaces;
	g->surfaces = p;
	return CT_OK;
}

/* ----------------------------------------------------------- passages */

typedef struct pword {
	size_t start, end;
	size_t exact, nexact; /* in the passage's scratch buffer */
	size_t key, nkey;
	int have_key;
	int stop, letters;
} pword;

typedef struct passage_ctx {
	ct_lang lang;
	pword *w;
	size_t n, cap;
	ct_buf buf;
	int oom;
} passage_ctx;

static int on_form(void *ctx, int first, ct_form_kind kind, ct_lang lang,
                   const char *form, size_t n, size_t start, size_t end)
{
	passage_ctx *c = ctx;
	if (first) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 128;
			pword *w = realloc(c->w, cap * sizeof(*w));
			if (!w) {
				c->oom = 1;
				return CT_ENOMEM;
			}
			c->w = w;
			c->cap = cap;
		}
		pword *w = &c->w[c->n++];
		memset(w, 0, sizeof(*w));
		w->start = start;
		w->end = end;
		w->exact = c->buf.n;
		w->nexact = n;
		w->key = c->buf.n;
		w->nkey = n;
		return ct_buf_put(&c->buf, form, n) == CT_OK ? 0 : (c->oom = 1, CT_ENOMEM);
	}
	pword *w = &c->w[c->n - 1];
	/* the stem of the passage's language; for a passage of unknown
	 * language, the first stem the analyzer gives */
	if (kind == CT_FORM_STEM && !w->have_key && (lang == c->lang || c->lang == CT_LANG_UND)) {
		w->key = c->buf.n;
		w->nkey = n;
		w->have_key = 1;
		return ct_buf_put(&c->buf, form, n) == CT_OK ? 0 : (c->oom = 1, CT_ENOMEM);
	}
	return 0;
}

/* May a candidate run on from word a to word b?  Only over spaces and a
 * hyphen («ғылыми-техникалық»), never over other punctuation. */
static int joined(const char *text, const pword *a, const pword *b)
{
	int hyphens = 0;
	for (size_t i = a->end; i < b->start; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '-')
			hyphens++;
		else if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
			return 0;
	}
	return hyphens <= 1;
}

/* Hashes of the passages already read (open addressing, 0 = empty). */
typedef struct hashset {
	sqlite3_int64 *a;
	size_t mask, n;
} hashset;

/* Adds h; returns 1 if it was new, 0 if seen, CT_ENOMEM. */
static int hashset_add(hashset *s, sqlite3_int64 h)
{
	if (h == 0)
		h = 1;
	if (!s->a || (s->n + 1) * 2 > s->mask + 1) {
		size_t cap = s->a ? (s->mask + 1) * 2 : 1024;
		sqlite3_int64 *a = calloc(cap, sizeof(*a));
		if (!a)
			return CT_ENOMEM;
		for (size_t i = 0; s->a && i <= s->mask; i++) {
			if (!s->a[i])
				continue;
			size_t j = (size_t)s->a[i] & (cap - 1);
			while (a[j])
				j = (j + 1) & (cap - 1);
			a[j] = s->a[i];
		}
		free(s->a);
		s->a = a;
		s->mask = cap - 1;
	}
	size_t j = (size_t)h & s->mask;
	while (s->a[j]) {
		if (s->a[j] == h)
			return 0;
		j = (j + 1) & s->mask;
	}
	s->a[j] = h;
	s->n++;
	return 1;
}

/* Are words a and b one hyphenated compound («ғылыми-техникалық»)? */
static int compound(const char *text, const pword *a, const pword *b)
{
	return b->start == a->end + 1 && text[a->end] == '-';
}

typedef struct suggester {
	ct_index *idx;
	ct_analyzer *an;
	ct_matcher *m;
	gmap map;
	hashset seen;
	stopset stop[CT_LANG_SR + 1];
	ct_buf key, surf;
} suggester;

/* 1 if w is a function word of lang, 0 if not, -1 when out of memory. */
static int is_stop(suggester *s, ct_lang lang, const char *w, size_t n)
{
	stopset *set = lang >= CT_LANG_KK && lang <= CT_LANG_SR ? &s->stop[lang] : NULL;
	if (!set) {
		/* unknown language: a function word of any of the three */
		for (int l = CT_LANG_KK; l <= CT_LANG_SR; l++) {
			int hit = is_stop(s, (ct_lang)l, w, n);
			if (hit != 0)
				return hit;
		}
		return 0;
	}
	char *f = stop_form(lang, w, n);
	if (!f)
		return -1;
	int hit = bsearch(&f, set->a, set->n, sizeof(*set->a), cmp_str) != NULL;
	free(f);
	return hit;
}

/* Surface text of words a..b: as written, whitespace runs as one space. */
static int surface_of(ct_buf *out, const char *text, const pword *a, const pword *b)
{
	out->n = 0;
	for (size_t i = a->start; i < b->end; i++) {
		char ch = text[i];
		if (ch == '\t' || ch == '\n' || ch == '\r')
			ch = ' ';
		if (ch == ' ' && out->n > 0 && out->p[out->n - 1] == ' ')
			continue;
		ct_buf_put(out, &ch, 1);
	}
	return out->oom ? CT_ENOMEM : CT_OK;
}

static int scan_passage(suggester *s, ct_lang lang, const char *text, size_t n)
{
	passage_ctx c;
	ct_tspan *spans = NULL;
	size_t nspans = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	c.lang = lang;
	rc = ct_analyze(s->an, text, n, CT_TOK_DOCUMENT,
	                lang >= CT_LANG_KK && lang <= CT_LANG_SR ? CT_LANGBIT(lang) : 0, on_form, &c);
	if (c.oom)
		rc = CT_ENOMEM;
	if (rc != CT_OK)
		goto done;
	for (size_t i = 0; i < c.n; i++) {
		pword *w = &c.w[i];
		const char *e = c.buf.p + w->exact;
		w->letters = ct_word_script(e, w->nexact) != CT_SCRIPT_OTHER && w->nexact > 1;
		w->stop = w->letters ? is_stop(s, lang, e, w->nexact) : 0;
		if (w->stop < 0) {
			rc = CT_ENOMEM;
			goto done;
		}
	}
	if (s->m) {
		rc = ct_matcher_find(s->m, s->an, text, n, &spans, &nspans);
		if (rc != CT_OK)
			goto done;
	}
	for (size_t i = 0; i < c.n; i++) {
		if (!c.w[i].letters || c.w[i].stop)
			continue;
		/* never start or end inside a compound: «техникалық прогресс»
		 * out of «ғылыми-техникалық прогресс» is no candidate */
		if (i > 0 && compound(text, &c.w[i - 1], &c.w[i]))
			continue;
		for (size_t k = 1; k < MAX_WORDS && i + k < c.n; k++) {
			const pword *last = &c.w[i + k];
			if (!last->letters || !joined(text, &c.w[i + k - 1], last))
				break;
			if (k + 1 < MIN_WORDS || last->stop)
				continue;
			if (i + k + 1 < c.n && compound(text, last, &c.w[i + k + 1]))
				continue;
			s->key.n = 0;
			ct_buf_puts(&s->key, ct_lang_code(lang));
			ct_buf_puts(&s->key, "\t");
			for (size_t j = i; j <= i + k; j++) {
				if (j > i)
					ct_buf_puts(&s->key, " ");
				ct_buf_put(&s->key, c.buf.p + c.w[j].key, c.w[j].nkey);
			}
			if (s->key.oom || surface_of(&s->surf, text, &c.w[i], last) != CT_OK) {
				rc = CT_ENOMEM;
				goto done;
			}
			group *g = gmap_add(&s->map, s->key.p, s->key.n, (int)k + 1);
			if (!g || add_surface(g, s->surf.p, s->surf.n) != CT_OK) {
				rc = CT_ENOMEM;
				goto done;
			}
			g->freq++;
			for (size_t t = 0; t < nspans && !g->known; t++)
				g->known = spans[t].start == c.w[i].start && spans[t].end == last->end;
		}
	}
done:
	free(spans);
	free(c.w);
	ct_buf_free(&c.buf);
	return rc;
}

/* ------------------------------------------------------------ ranking */

/* Adds each candidate's frequency to the candidates nested in it. */
static int nest(suggester *s)
{
	for (size_t k = 0; k < s->map.nall; k++) {
		group *b = s->map.all[k];
		if (b->freq < MIN_FREQ || b->nwords <= MIN_WORDS)
			continue;
		const char *tab = strchr(b->key, '\t');
		size_t lang_len = (size_t)(tab - b->key) + 1;
		/* word starts within the key */
		const char *wstart[MAX_WORDS + 1];
		int nw = 0;
		for (const char *p = tab + 1; *p && nw < MAX_WORDS;) {
			wstart[nw++] = p;
			const char *sp = strchr(p, ' ');
			if (!sp)
				break;
			p = sp + 1;
		}
		wstart[nw] = b->key + strlen(b->key) + 1;
		for (int len = MIN_WORDS; len < nw; len++) {
			for (int from = 0; from + len <= nw; from++) {
				s->key.n = 0;
				ct_buf_put(&s->key, b->key, lang_len);
				ct_buf_put(&s->key, wstart[from], (size_t)(wstart[from + len] - wstart[from]) - 1);
				if (s->key.oom)
					return CT_ENOMEM;
				group *a = gmap_get(&s->map, s->key.p, s->key.n);
				if (a && a->freq >= MIN_FREQ) {
					a->nest_sum += (double)b->freq;
					a->nest_count++;
				}
			}
		}
	}
	return CT_OK;
}

static int cmp_group(const void *pa, const void *pb)
{
	const group *a = *(group *const *)pa, *b = *(group *const *)pb;
	if (a->cvalue != b->cvalue)
		return a->cvalue > b->cvalue ? -1 : 1;
	if (a->freq != b->freq)
		return a->freq > b->freq ? -1 : 1;
	return strcmp(a->best, b->best);
}

/* The most frequent surface; on a tie the one that sorts last, which puts
 * lower case after a capital that only marks a sentence start
 * («технологиялар трансферті» over «Технологиялар трансферті»). */
static const char *best_surface(const group *g)
{
	const surface *best = NULL;
	for (const surface *p = g->surfaces; p; p = p->next)
		if (!best || p->count > best->count || (p->count == best->count && strcmp(p->text, best->text) > 0))
			best = p;
	return best ? best->text : "";
}

int ct_glossary_suggest(ct_index *idx, unsigned lang_mask, size_t limit, ct_candidate_fn fn, void *ctx)
{
	static const struct { const char *const *w; size_t n; } lists[CT_LANG_SR + 1] = {
		{NULL, 0},
		{stop_kk, sizeof(stop_kk) / sizeof(stop_kk[0])},
		{stop_ru, sizeof(stop_ru) / sizeof(stop_ru[0])},
		{stop_sr, sizeof(stop_sr) / sizeof(stop_sr[0])},
	};
	suggester s;
	sqlite3_stmt *st = NULL;
	group **ranked = NULL;
	size_t nranked = 0;
	int rc = CT_OK, src;

	if (!idx || !fn)
		return CT_EINVAL;
	memset(&s, 0, sizeof(s));
	s.idx = idx;
	for (int l = CT_LANG_KK; l <= CT_LANG_SR; l++) {
		rc = stopset_init(&s.stop[l], (ct_lang)l, lists[l].w, lists[l].n);
		if (rc != CT_OK)
			goto done;
	}
	rc = ct_index_analyzer(idx, &s.an);
	if (rc != CT_OK)
		goto done;
	rc = ct_index_matcher(idx, &s.m);
	if (rc != CT_OK)
		goto done;

	src = ct_index_prepare(idx, "SELECT lang, text, hash FROM passage WHERE kind = 0 ORDER BY id", &st);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "reading the passages");
		goto done;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *lc = (const char *)sqlite3_column_text(st, 0);
		ct_lang lang = lc ? ct_lang_from_code(lc, strlen(lc)) : CT_LANG_UND;
		if (lang_mask && (lang == CT_LANG_UND || !(lang_mask & CT_LANGBIT(lang))))
			continue;
		const char *text = (const char *)sqlite3_column_text(st, 1);
		if (!text)
			continue;
		/* A block repeated in a document counts once: corpus 001_ has
		 * its chapters twice, and every 4-gram of them would otherwise
		 * look like a term. */
		rc = hashset_add(&s.seen, sqlite3_column_int64(st, 2));
		if (rc < 0)
			goto done;
		if (rc == 0) {
			rc = CT_OK;
			continue;
		}
		rc = CT_OK;
		rc = scan_passage(&s, lang, text, (size_t)sqlite3_column_bytes(st, 1));
		if (rc != CT_OK)
			goto done;
	}
	if (src != SQLITE_DONE) {
		rc = ct_index_dberr(idx, src, "reading the passages");
		goto done;
	}
	rc = nest(&s);
	if (rc != CT_OK)
		goto done;

	ranked = malloc((s.map.nall ? s.map.nall : 1) * sizeof(*ranked));
	if (!ranked) {
		rc = CT_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < s.map.nall; k++) {
		group *g = s.map.all[k];
		if (g->freq < MIN_FREQ || g->known)
			continue;
		double f = (double)g->freq;
		if (g->nest_count > 0)
			f -= g->nest_sum / (double)g->nest_count;
		g->cvalue = log2((double)g->nwords) * f;
		if (g->cvalue <= 0)
			continue;
		g->best = best_surface(g);
		ranked[nranked++] = g;
	}
	qsort(ranked, nranked, sizeof(*ranked), cmp_group);
	for (size_t k = 0; k < nranked && (limit == 0 || k < limit); k++) {
		const group *g = ranked[k];
		char lang[8];
		size_t ln = (size_t)(strchr(g->key, '\t') - g->key);
		if (ln >= sizeof(lang))
			ln = sizeof(lang) - 1;
		memcpy(lang, g->key, ln);
		lang[ln] = '\0';
		ct_candidate c = {g->best, lang, g->cvalue, g->freq};
		fn(ctx, &c);
	}
done:
	if (rc == CT_ENOMEM)
		ct_index_fail(idx, rc, "out of memory while collecting term candidates");
	ct_index_release(idx, st);
	free(ranked);
	gmap_free(&s.map);
	free(s.seen.a);
	for (int l = CT_LANG_KK; l <= CT_LANG_SR; l++)
		stopset_free(&s.stop[l]);
	ct_buf_free(&s.key);
	ct_buf_free(&s.surf);
	return rc;
}
