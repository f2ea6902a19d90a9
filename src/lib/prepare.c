/*
 * prepare.c -- files read, decoded, cut into passages and analysed by
 * worker threads, ahead of the single thread that writes the index.
 *
 * Analysis (normalising and stemming every word under all its forms) is
 * most of the cost of indexing, and SQLite has one writer.  So the writer
 * hands batches of files to two workers; each worker produces the passages
 * of a file and, for each passage, the exact stream of forms the FTS5
 * tokenizer would produce (formstream.c).  When the writer inserts the
 * passage, the tokenizer replays that stream (ct_fts5_replay()) instead of
 * analysing the text again.  While the writer stores one batch, the
 * workers prepare the next, so both cores are busy.
 *
 * The glossary's terms are matched in the same streams once a file is
 * analysed.  The writer loads the glossary while the workers analyse the
 * first batch, and hands them its matcher through a gate (ct_prep_gate):
 * loaded first, it kept a core idle for 40 ms of the 0.7 s a 10 MB
 * corpus takes.
 *
 * Memory stays bounded: a batch holds a few files of at most
 * CT_PREPARE_MAX_FILE bytes; larger files are read here but segmented and
 * analysed by the writer as it goes, as before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct worker_ctx {
	ct_prepared *p;
	ct_analyzer *an;
	ct_forms_out out;
} worker_ctx;

static int put_form(void *ctx, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n, size_t start,
                    size_t end)
{
	worker_ctx *w = ctx;
	return ct_forms_put(&w->out, first, kind, lang, form, n, start, end);
}

static int collect_passage(void *ctx, const ct_passage *ps)
{
	worker_ctx *w = ctx;
	ct_prepared *p = w->p;
	if (p->npass == p->cappass) {
		size_t cap = p->cappass ? p->cappass * 2 : 64;
		ct_passage *a = realloc(p->pass, cap * sizeof(*a));
		size_t *o = realloc(p->tok_off, (cap + 1) * sizeof(*o));
		sqlite3_int64 *h = realloc(p->phash, cap * sizeof(*h));
		if (a)
			p->pass = a;
		if (o)
			p->tok_off = o;
		if (h)
			p->phash = h;
		if (!a || !o || !h)
			return CT_ENOMEM;
		p->cappass = cap;
	}
	p->pass[p->npass] = *ps;
	p->tok_off[p->npass] = p->tokens.n;
	p->phash[p->npass] = ct_passage_hash(p->dec.text + ps->start, ps->end - ps->start);
	/* offsets relative to the passage, as the tokenizer sees its text;
	 * the languages the tokenizer would take from the same letters
	 * (ct_analyze with no mask), detected once by the segmenter */
	unsigned mask = ps->detected == CT_LANG_UND ? CT_LANGS_ALL : CT_LANGBIT(ps->detected);
	ct_forms_out_begin(&w->out, &p->tokens, p->dec.text + ps->start, ps->end - ps->start);
	int rc = ct_analyze(w->an, p->dec.text + ps->start, ps->end - ps->start, CT_TOK_DOCUMENT, mask, put_form, w);
	if (rc != CT_OK)
		return rc;
	p->npass++;
	p->tok_off[p->npass] = p->tokens.n;
	return 0;
}

/* Adds the concepts found in passage k to p->att. */
static int add_spans(ct_prepared *p, size_t k, const ct_tspan *sp, size_t nsp)
{
	if (p->natt + nsp > p->capatt) {
		size_t cap = p->capatt ? p->capatt * 2 : 64;
		while (cap < p->natt + nsp)
			cap *= 2;
		ct_pspan *a = realloc(p->att, cap * sizeof(*a));
		if (!a)
			return CT_ENOMEM;
		p->att = a;
		p->capatt = cap;
	}
	for (size_t i = 0; i < nsp; i++) {
		ct_pspan *s = &p->att[p->natt++];
		s->pass = k;
		s->start = sp[i].start;
		s->end = sp[i].end;
		s->concept = sp[i].concept_id;
	}
	return CT_OK;
}

/*
 * The glossary's concepts in every passage of an analysed file, read from
 * the forms already made.  A failure here does not stop indexing: p->att_rc
 * says why, and the writer finds them itself.
 */
static void attest_file(ct_prepared *p, ct_matcher *m)
{
	ct_match_run *run = NULL;
	if (ct_matcher_empty(m))
		return;
	if ((p->att_rc = ct_match_run_new(&run, m)) != CT_OK)
		return;
	for (size_t k = 0; k < p->npass && p->att_rc == CT_OK; k++) {
		const ct_passage *ps = &p->pass[k];
		const char *text = p->dec.text + ps->start;
		ct_forms_in in;
		ct_form_rec f;
		int more;
		ct_match_run_start(run, ps->detected);
		ct_forms_in_begin(&in, p->tokens.p + p->tok_off[k], p->tok_off[k + 1] - p->tok_off[k], text,
		                  ps->end - ps->start);
		while ((more = ct_forms_next(&in, &f)) > 0)
			if (ct_match_run_form(run, f.first, f.kind, f.lang, f.form, f.n, f.start, f.end) != 0)
				break;
		ct_tspan *sp = NULL;
		size_t nsp = 0;
		p->att_rc = more < 0 ? CT_EINVAL : ct_match_run_each(run, text, &sp, &nsp);
		if (p->att_rc == CT_OK)
			p->att_rc = add_spans(p, k, sp, nsp);
		free(sp);
	}
	ct_match_run_free(run);
}

/* ------------------------------------------------------ the matcher */

void ct_prep_gate_init(ct_prep_gate *g)
{
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	g->open = 0;
	g->m = NULL;
}

void ct_prep_gate_open(ct_prep_gate *g, ct_matcher *m)
{
	pthread_mutex_lock(&g->mu);
	if (!g->open) {
		g->m = m;
		g->open = 1;
		pthread_cond_broadcast(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
}

void ct_prep_gate_destroy(ct_prep_gate *g)
{
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
}

static ct_matcher *gate_wait(ct_prep_gate *g)
{
	pthread_mutex_lock(&g->mu);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->mu);
	ct_matcher *m = g->m;
	pthread_mutex_unlock(&g->mu);
	return m;
}

/* ------------------------------------------------------- the buffers */

void ct_prep_pool_init(ct_prep_pool *pl)
{
	memset(pl, 0, sizeof(*pl));
	pthread_mutex_init(&pl->mu, NULL);
}

void ct_prep_pool_destroy(ct_prep_pool *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		ct_buf_free(&pl->spare[i]);
	pthread_mutex_destroy(&pl->mu);
}

/* An empty buffer, with the memory of one given back if there is one. */
static void pool_take(ct_prep_pool *pl, ct_buf *b)
{
	memset(b, 0, sizeof(*b));
	if (!pl)
		return;
	pthread_mutex_lock(&pl->mu);
	if (pl->n > 0)
		*b = pl->spare[--pl->n];
	pthread_mutex_unlock(&pl->mu);
	b->n = 0;
	b->oom = 0;
}

static void pool_give(ct_prep_pool *pl, ct_buf *b)
{
	if (b->p && b->cap <= CT_POOL_MAX_BUF) {
		pthread_mutex_lock(&pl->mu);
		if (pl->n < CT_POOL_BUFS) {
			pl->spare[pl->n++] = *b;
			memset(b, 0, sizeof(*b));
		}
		pthread_mutex_unlock(&pl->mu);
	}
	ct_buf_free(b);
}

void ct_prepare_file(ct_prepared *p, ct_analyzer *an, const ct_decode_opts *dopts, ct_prep_gate *gate,
                     ct_prep_pool *pool)
{
	if (p->tmx && p->size > (sqlite3_int64)CT_TMX_MAX_BYTES) {
		p->read_rc = CT_ETOOBIG; /* refused before a byte is read */
		return;
	}
	pool_take(pool, &p->bytes);
	p->read_rc = ct_read_file_buf(p->path, &p->bytes);
	if (p->read_rc != CT_OK)
		return;
	p->buf = p->bytes.p;
	p->n = p->bytes.n;
	/* (an index whose documents were hashed with FNV-1a reads each of
	 * them once more) */
	snprintf(p->hash, sizeof(p->hash), "%016llx", (unsigned long long)ct_hash_mem(p->buf, p->n));
	if (p->old_hash && strcmp(p->old_hash, p->hash) == 0) {
		p->unchanged = 1;
		return;
	}
	if (p->tmx)
		return;
	p->decode_rc = ct_decode(p->path, p->buf, p->n, dopts, &p->dec);
	if (p->decode_rc != CT_OK)
		return;
	p->lang = p->lang_hint ? ct_lang_from_code(p->lang_hint, strlen(p->lang_hint))
	                       : ct_detect_lang(p->dec.text, p->dec.n > 65536 ? 65536 : p->dec.n);
	if (!an || p->dec.n > CT_PREPARE_MAX_FILE)
		return; /* the writer segments it as it goes */
	worker_ctx w;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.an = an;
	pool_take(pool, &p->tokens);
	int rc = ct_segment_n(p->dec.text, p->dec.n, p->lang, p->sentences, collect_passage, &w);
	if (rc == CT_OK && !p->tokens.oom) {
		p->analysed = 1;
		/* the glossary may still be loading while the first files are
		 * analysed: it is needed from here on */
		attest_file(p, gate ? gate_wait(gate) : NULL);
	} else {
		/* fall back to the writer's own analysis */
		free(p->pass);
		free(p->tok_off);
		free(p->phash);
		ct_buf_free(&p->tokens);
		p->pass = NULL;
		p->tok_off = NULL;
		p->phash = NULL;
		p->npass = p->cappass = 0;
	}
}

void ct_prepared_recycle(ct_prepared *p, ct_prep_pool *pl)
{
	pool_give(pl, &p->bytes);
	pool_give(pl, &p->tokens);
	ct_prepared_free(p);
}

void ct_prepared_free(ct_prepared *p)
{
	ct_buf_free(&p->bytes);
	free(p->phash);
	ct_decoded_free(&p->dec);
	free(p->pass);
	free(p->tok_off);
	free(p->att);
	ct_buf_free(&p->tokens);
	free(p->old_hash_copy);
	memset(p, 0, sizeof(*p));
}

/* ---------------------------------------------------------- batches */

static void *worker(void *arg)
{
	ct_prep_thread_arg *t = arg;
	ct_prep_batch *b = t->b;
	for (;;) {
		size_t i = atomic_fetch_add(&b->next, 1);
		if (i >= b->n)
			break;
		ct_prepare_file(&b->items[i], t->an, b->dopts, b->gate, b->pool);
	}
	return NULL;
}

int ct_prep_batch_start(ct_prep_batch *b, ct_analyzer **an, int nthreads)
{
	atomic_store(&b->next, 0);
	b->nthreads = 0;
	for (int i = 0; i < nthreads && i < CT_PREPARE_THREADS; i++) {
		b->args[i].b = b;
		b->args[i].an = an[i];
		if (pthread_create(&b->threads[i], NULL, worker, &b->args[i]) != 0)
			break;
		b->nthreads++;
	}
	if (b->nthreads == 0) {
		/* no thread could be started: prepare here, one by one */
		ct_prep_thread_arg t = {b, an[0]};
		worker(&t);
	}
	return CT_OK;
}

void ct_prep_batch_wait(ct_prep_batch *b)
{
	for (int i = 0; i < b->nthreads; i++)
		pthread_join(b->threads[i], NULL);
	b->nthreads = 0;
}
