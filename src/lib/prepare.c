/*
 * prepare.c -- files read, decoded, cut into passages and analysed by
 * worker threads, ahead of the single thread that writes the index.
 *
 * Analysis (normalising and stemming every word under all its forms) is
 * most of the cost of indexing, and SQLite has one writer.  So the writer
 * hands batches of files to two workers; each worker produces the passages
 * of a file and, for each passage, the exact stream of forms the FTS5
 * tokenizer would produce.  When the writer inserts the passage, the
 * tokenizer replays that stream (ct_fts5_replay()) instead of analysing the
 * text again.  While the writer stores one batch, the workers prepare the
 * next, so both cores are busy.
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
	ct_buf *out;
	ct_match_run *run; /* the glossary matcher, fed the same forms */
} worker_ctx;

/* The concepts the glossary matcher finds in passage k: a failure here
 * does not stop indexing, it only leaves the writer to find them. */
static void attest_passage(worker_ctx *w, size_t k, const char *text)
{
	ct_prepared *p = w->p;
	ct_tspan *sp = NULL;
	size_t nsp = 0;
	if (p->att_rc != CT_OK)
		return;
	p->att_rc = ct_match_run_each(w->run, text, &sp, &nsp);
	if (p->att_rc == CT_OK && p->natt + nsp > p->capatt) {
		size_t cap = p->capatt ? p->capatt * 2 : 64;
		while (cap < p->natt + nsp)
			cap *= 2;
		ct_pspan *a = realloc(p->att, cap * sizeof(*a));
		if (a) {
			p->att = a;
			p->capatt = cap;
		} else {
			p->att_rc = CT_ENOMEM;
		}
	}
	for (size_t i = 0; i < nsp && p->att_rc == CT_OK; i++) {
		ct_pspan *s = &p->att[p->natt++];
		s->pass = k;
		s->start = sp[i].start;
		s->end = sp[i].end;
		s->concept = sp[i].concept_id;
	}
	free(sp);
}

/* Serialised form: first flag, start, end, length, then the bytes. */
static int put_form(void *ctx, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n, size_t start,
                    size_t end)
{
	worker_ctx *w = ctx;
	unsigned char h[11];
	uint32_t s = (uint32_t)start, e = (uint32_t)end;
	uint16_t len = (uint16_t)(n > 0xFFFF ? 0xFFFF : n);
	h[0] = (unsigned char)(first != 0);
	memcpy(h + 1, &s, 4);
	memcpy(h + 5, &e, 4);
	memcpy(h + 9, &len, 2);
	if (ct_buf_put(w->out, h, sizeof(h)) != CT_OK || ct_buf_put(w->out, form, len) != CT_OK)
		return CT_ENOMEM;
	if (w->run && ct_match_run_form(w->run, first, kind, lang, form, n, start, end) != 0)
		w->p->att_rc = CT_ENOMEM; /* the writer finds them instead */
	return 0;
}

static int collect_passage(void *ctx, const ct_passage *ps)
{
	worker_ctx *w = ctx;
	ct_prepared *p = w->p;
	if (p->npass == p->cappass) {
		size_t cap = p->cappass ? p->cappass * 2 : 64;
		ct_passage *a = realloc(p->pass, cap * sizeof(*a));
		size_t *o = realloc(p->tok_off, (cap + 1) * sizeof(*o));
		if (a)
			p->pass = a;
		if (o)
			p->tok_off = o;
		if (!a || !o)
			return CT_ENOMEM;
		p->cappass = cap;
	}
	p->pass[p->npass] = *ps;
	p->tok_off[p->npass] = w->out->n;
	/* offsets relative to the passage, as the tokenizer sees its text */
	/* the languages the tokenizer would take from the same letters
	 * (ct_analyze with no mask), detected once by the segmenter */
	unsigned mask = ps->detected == CT_LANG_UND ? CT_LANGS_ALL : CT_LANGBIT(ps->detected);
	if (w->run)
		ct_match_run_start(w->run, ps->detected);
	int rc = ct_analyze(w->an, p->dec.text + ps->start, ps->end - ps->start, CT_TOK_DOCUMENT, mask, put_form, w);
	if (rc != CT_OK)
		return rc;
	if (w->run)
		attest_passage(w, p->npass, p->dec.text + ps->start);
	p->npass++;
	p->tok_off[p->npass] = w->out->n;
	return 0;
}

void ct_prepare_file(ct_prepared *p, ct_analyzer *an, const ct_decode_opts *dopts, ct_matcher *m)
{
	if (p->tmx && p->size > (sqlite3_int64)CT_TMX_MAX_BYTES) {
		p->read_rc = CT_ETOOBIG; /* refused before a byte is read */
		return;
	}
	p->read_rc = ct_read_file(p->path, &p->buf, &p->n);
	if (p->read_rc != CT_OK)
		return;
	snprintf(p->hash, sizeof(p->hash), "%016llx", (unsigned long long)ct_hash64(p->buf, p->n));
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
	worker_ctx w = {p, an, &p->tokens, NULL};
	if (m && !ct_matcher_empty(m) && ct_match_run_new(&w.run, m) != CT_OK)
		p->att_rc = CT_ENOMEM;
	int rc = ct_segment_n(p->dec.text, p->dec.n, p->lang, p->sentences, collect_passage, &w);
	ct_match_run_free(w.run);
	if (rc == CT_OK && !p->tokens.oom) {
		p->analysed = 1;
	} else {
		/* fall back to the writer's own analysis */
		free(p->pass);
		free(p->tok_off);
		free(p->att);
		ct_buf_free(&p->tokens);
		p->pass = NULL;
		p->tok_off = NULL;
		p->att = NULL;
		p->npass = p->cappass = p->natt = p->capatt = 0;
	}
}

void ct_prepared_free(ct_prepared *p)
{
	free(p->buf);
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
		ct_prepare_file(&b->items[i], t->an, b->dopts, b->matcher);
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
