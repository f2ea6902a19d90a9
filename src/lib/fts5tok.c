/*
 * fts5tok.c -- the "cyrterm" FTS5 tokenizer and the ct_offsets() auxiliary
 * function.
 *
 * Index time: every word goes in under its colocated forms (tokenize.h), so
 * the text is stored once and found by any of them.
 *
 * Query time, the string FTS5 hands over decides the forms:
 *   "word"    every form the word could have (exact, folded, Latin, stems)
 *   "=word"   the exact form only (the search ranks exact matches higher by
 *             OR-ing both: ("w" OR "=w"))
 *   "#stem"   that stem form, verbatim
 *   "\x01form" that form, verbatim (CT_VERBATIM_MARK: ct_fts5_spell())
 * Prefix queries match exact, folded and Latin forms, never stems.
 *
 * Built into the library, and built again with CT_SQLITE_EXTENSION as the
 * loadable extension (ext.c), where every sqlite3_* call goes through the
 * host's routine table.
 */
#ifdef CT_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#else
#include <sqlite3.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef FTS5_TOKENIZE_QUERY
#error "SQLite FTS5 headers are required"
#endif

typedef struct ct_fts5_tok {
	ct_analyzer *an;
	unsigned lang_mask;
} ct_fts5_tok;

typedef struct tok_call {
	void *pCtx;
	int (*xToken)(void *, int, const char *, int, int, int);
} tok_call;

static int tok_create(void *pUnused, const char **azArg, int nArg, Fts5Tokenizer **ppOut)
{
	ct_fts5_tok *t;
	CT_UNUSED(pUnused);
	*ppOut = NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	/* optional argument: "lang kk" (or ru, sr) fixes the stemmer */
	for (int i = 0; i + 1 < nArg; i += 2) {
		if (strcmp(azArg[i], "lang") == 0) {
			ct_lang l = ct_lang_from_code(azArg[i + 1], strlen(azArg[i + 1]));
			if (l == CT_LANG_UND) {
				free(t);
				return SQLITE_ERROR;
			}
			t->lang_mask = CT_LANGBIT(l);
		} else {
			free(t);
			return SQLITE_ERROR;
		}
	}
	if (ct_analyzer_new(&t->an) != CT_OK) {
		free(t);
		return SQLITE_NOMEM;
	}
	*ppOut = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
	ct_fts5_tok *t = (ct_fts5_tok *)p;
	if (!t)
		return;
	ct_analyzer_free(t->an);
	free(t);
}

static int on_form(void *ctx, int first, ct_form_kind kind, ct_lang lang,
                   const char *form, size_t n, size_t start, size_t end)
{
	tok_call *c = ctx;
	CT_UNUSED(kind);
	CT_UNUSED(lang);
	return c->xToken(c->pCtx, first ? 0 : FTS5_TOKEN_COLOCATED, form, (int)n,
	                 (int)start, (int)end);
}

/* A stream of forms made ahead by a worker thread (prepare.c), for the
 * passage the writer is inserting on this thread. */
static _Thread_local struct {
	const char *text, *forms;
	size_t n, nforms;
} replay;

void ct_fts5_replay(const char *text, size_t n, const char *forms, size_t nforms)
{
	replay.text = text;
	replay.n = n;
	replay.forms = forms;
	replay.nforms = nforms;
}

static int replay_forms(void *pCtx, int (*xToken)(void *, int, const char *, int, int, int))
{
	ct_forms_in in;
	ct_form_rec f;
	int more;
	ct_forms_in_begin(&in, replay.forms, replay.nforms, replay.text, replay.n);
	while ((more = ct_forms_next(&in, &f)) > 0) {
		int rc = xToken(pCtx, f.first ? 0 : FTS5_TOKEN_COLOCATED, f.form, (int)f.n, (int)f.start, (int)f.end);
		if (rc != SQLITE_OK)
			return rc;
	}
	return more < 0 ? SQLITE_INTERNAL : SQLITE_OK;
}

static int tok_tokenize(Fts5Tokenizer *p, void *pCtx, int flags, const char *pText, int nText,
                        int (*xToken)(void *, int, const char *, int, int, int))
{
	ct_fts5_tok *t = (ct_fts5_tok *)p;
	tok_call c = {pCtx, xToken};
	unsigned f = CT_TOK_DOCUMENT;
	size_t skip = 0;
	int rc;

	if (nText <= 0)
		return SQLITE_OK;
	if ((flags & FTS5_TOKENIZE_DOCUMENT) && replay.forms && !t->lang_mask && replay.n == (size_t)nText &&
	    memcmp(replay.text, pText, replay.n) == 0)
		return replay_forms(pCtx, xToken);
	if (flags & FTS5_TOKENIZE_AUX)
		f = CT_TOK_BOUNDS_ONLY; /* ct_offsets() needs word boundaries only */
	if (flags & FTS5_TOKENIZE_QUERY) {
		f = CT_TOK_QUERY;
		if (flags & FTS5_TOKENIZE_PREFIX)
			f |= CT_TOK_PREFIX;
		if (pText[0] == CT_STEM_MARK)
			return nText > 1 ? xToken(pCtx, 0, pText, nText, 0, nText) : SQLITE_OK;
		if (pText[0] == CT_VERBATIM_MARK)
			return nText > 1 ? xToken(pCtx, 0, pText + 1, nText - 1, 0, nText - 1) : SQLITE_OK;
		if (pText[0] == CT_EXACT_MARK) {
			f |= CT_TOK_EXACT_ONLY;
			skip = 1;
		}
	}
	rc = ct_analyze(t->an, pText + skip, (size_t)nText - skip, f,
	                (flags & FTS5_TOKENIZE_QUERY) ? 0 : t->lang_mask, on_form, &c);
	if (rc == CT_ENOMEM)
		return SQLITE_NOMEM;
	return rc;
}

/* ------------------------------------------------------------ spelling */

typedef struct spell_ctx {
	ct_buf forms; /* NUL-separated */
	int nforms, nwords;
} spell_ctx;

static int on_spell_form(void *ctx, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                         size_t start, size_t end)
{
	spell_ctx *c = ctx;
	CT_UNUSED(kind);
	CT_UNUSED(lang);
	CT_UNUSED(start);
	CT_UNUSED(end);
	c->nwords += first;
	c->nforms++;
	ct_buf_put(&c->forms, form, n);
	ct_buf_put(&c->forms, "", 1);
	return c->forms.oom ? CT_ENOMEM : 0;
}

/*
 * A one-word FTS5 string ("кызмет", "=кызмет", "иннов"*) as the OR of the
 * forms the tokenizer gives it, each verbatim: ("\x01кызмет" OR "#кызмет").
 * FTS5 finds the same passages either way, but a synonym set makes it
 * merge the position lists of all the forms in every passage it visits,
 * while an OR of single tokens only steps through their rowids: counting
 * the 30,378 passages of «кызмет» at 100 MB took 5.2 ms as a synonym set
 * and 1.7 ms as an OR.  For a caller that needs the passages only, not
 * the words' positions.  Returns the number of forms written to out (2 or
 * more), 0 when the string is no such word (a phrase, one form only, a
 * stem), CT_ENOMEM.
 */
int ct_fts5_spell(ct_analyzer *an, const char *s, size_t n, ct_buf *out)
{
	spell_ctx c;
	ct_buf body = {0};
	int prefix = 0, rc;
	unsigned f = CT_TOK_QUERY;

	if (n >= 3 && s[n - 1] == '*') {
		prefix = 1;
		n--;
	}
	if (n < 3 || s[0] != '"' || s[n - 1] != '"')
		return 0;
	for (size_t i = 1; i + 1 < n; i++) {
		ct_buf_put(&body, s + i, 1);
		i += s[i] == '"'; /* a doubled quote */
	}
	if (body.oom) {
		ct_buf_free(&body);
		return CT_ENOMEM;
	}
	if (body.n == 0 || body.p[0] == CT_STEM_MARK || body.p[0] == CT_VERBATIM_MARK) {
		ct_buf_free(&body);
		return 0;
	}
	if (prefix)
		f |= CT_TOK_PREFIX;
	size_t skip = body.p[0] == CT_EXACT_MARK;
	if (skip)
		f |= CT_TOK_EXACT_ONLY;
	memset(&c, 0, sizeof(c));
	rc = ct_analyze(an, body.p + skip, body.n - skip, f, 0, on_spell_form, &c);
	ct_buf_free(&body);
	if (rc == CT_OK && c.nwords == 1 && c.nforms > 1) {
		const char *p = c.forms.p;
		ct_buf_puts(out, "(");
		for (int i = 0; i < c.nforms; i++, p += strlen(p) + 1) {
			ct_buf_puts(out, i ? " OR \"" : "\"");
			if (p[0] != CT_STEM_MARK)
				ct_buf_put(out, CT_VERBATIM_STR, 1);
			for (const char *q = p; *q; q++)
				ct_buf_put(out, *q == '"' ? "\"\"" : q, *q == '"' ? 2 : 1);
			ct_buf_puts(out, prefix ? "\"*" : "\"");
		}
		ct_buf_puts(out, ")");
		rc = out->oom ? CT_ENOMEM : c.nforms;
	} else if (rc == CT_OK) {
		rc = 0;
	}
	ct_buf_free(&c.forms);
	return rc;
}

/* ------------------------------------------------------------ ct_offsets */

typedef struct offs_ctx {
	const unsigned char *mark; /* per token position: 1 start of a match, 2 inside */
	int nmark;
	int pos;
	ct_buf out;
	int open_end; /* end offset of the match being extended, -1 if none */
	int open_start;
	int remaining; /* tokens of the current match still to include */
	int *len_at;   /* match length starting at each position */
} offs_ctx;

static void offs_flush(offs_ctx *c)
{
	if (c->open_start >= 0) {
		ct_buf_printf(&c->out, "%s%d %d", c->out.n ? " " : "", c->open_start, c->open_end);
		c->open_start = -1;
	}
}

static int offs_token(void *pCtx, int tflags, const char *pToken, int nToken, int iStart, int iEnd)
{
	offs_ctx *c = pCtx;
	CT_UNUSED(pToken);
	CT_UNUSED(nToken);
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	int pos = c->pos++;
	if (pos >= c->nmark)
		return SQLITE_OK;
	int len = c->len_at[pos];
	if (len > 0) {
		/* a new match; overlapping or adjacent matches are merged */
		if (c->open_start < 0 || c->remaining <= 0)
			offs_flush(c);
		if (c->open_start < 0)
			c->open_start = iStart;
		if (len > c->remaining)
			c->remaining = len;
	}
	if (c->remaining > 0) {
		c->open_end = iEnd;
		c->remaining--;
	}
	return SQLITE_OK;
}

/*
 * ct_offsets(fts): the byte ranges of every matched phrase in the text,
 * as "start end start end ...", with a phrase's range running from its first
 * word to its last («Самрук-Казина» as one range).
 */
static void offsets_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nVal, sqlite3_value **apVal)
{
	offs_ctx c;
	int nInst = 0, rc;
	const char *z = NULL;
	int nz = 0, ntok = 0;
	CT_UNUSED(nVal);
	CT_UNUSED(apVal);
	memset(&c, 0, sizeof(c));
	c.open_start = -1;

	rc = api->xInstCount(fts, &nInst);
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, 0, &ntok);
	if (rc == SQLITE_OK)
		rc = api->xColumnText(fts, 0, &z, &nz);
	if (rc != SQLITE_OK)
		goto done;
	c.nmark = ntok;
	c.len_at = calloc((size_t)ntok + 1, sizeof(int));
	if (!c.len_at) {
		rc = SQLITE_NOMEM;
		goto done;
	}
	for (int i = 0; i < nInst; i++) {
		int iPhrase, iCol, iOff;
		rc = api->xInst(fts, i, &iPhrase, &iCol, &iOff);
		if (rc != SQLITE_OK)
			goto done;
		int sz = api->xPhraseSize(fts, iPhrase);
		if (iCol == 0 && iOff >= 0 && iOff < ntok && sz > c.len_at[iOff])
			c.len_at[iOff] = sz;
	}
	rc = api->xTokenize(fts, z, nz, &c, offs_token);
	if (rc != SQLITE_OK)
		goto done;
	offs_flush(&c);
	if (c.out.oom) {
		rc = SQLITE_NOMEM;
		goto done;
	}
	sqlite3_result_text(ctx, c.out.p ? c.out.p : "", (int)c.out.n, SQLITE_TRANSIENT);
done:
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	free(c.len_at);
	ct_buf_free(&c.out);
}

/*
 * ct_rank(fts): BM25 without the passage-length factor (b = 0, k1 = 1.2),
 * larger is better.  FTS5's bm25() reads each match's length from the
 * %_docsize table, one table lookup per match: at 100 MB five times the
 * cost of finding the matches.  Passages are one or two sentences of at
 * most 2,000 bytes, so their lengths differ far less than documents' do
 * and the factor orders little.  The idf of each phrase is worked out
 * once per query, and not at all for a query of one phrase (the scores
 * are divided by the best one anyway).
 */
#define RANK_K1 1.2
#define RANK_NEAR 0.5

typedef struct rank_data {
	int nphrase;
	int *tf; /* scratch, after idf[] */
	double idf[];
} rank_data;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	CT_UNUSED(api);
	CT_UNUSED(fts);
	(*(sqlite3_int64 *)ctx)++;
	return SQLITE_OK;
}

/* The idf of a phrase that `hits` of the table's `rows` passages hold. */
double ct_rank_idf(sqlite3_int64 rows, sqlite3_int64 hits)
{
	double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
	return idf > 1e-6 ? idf : 1e-6;
}

/* A row's score from its phrases' tf and `pairs`, the user's words found
 * side by side in their order. */
double ct_rank_score(const double *idf, const int *tf, int nphrase, int pairs)
{
	double score = 0;
	for (int i = 0; i < nphrase; i++)
		score += idf[i] * tf[i] * (RANK_K1 + 1) / (tf[i] + RANK_K1);
	/* the user's words standing together, in their order («трансфер
	 * технологий»), raise the score by up to RANK_NEAR: the same pass
	 * does what a second query for the phrase did */
	if (nphrase > 1) {
		double near = (double)pairs / (nphrase - 1);
		score *= 1.0 + RANK_NEAR * (near > 1 ? 1 : near);
	}
	return score;
}

static int cmp_pos(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

/*
 * The current row's tf of every group of phrases and the groups' adjacent
 * pairs.  A group is one phrase of the query as written: one phrase, or a
 * word spelt out as its forms (ct_fts5_spell()), groups[g] phrases in a
 * row, whose positions are counted once (NULL: a phrase a group).
 *
 * The pairs -- an instance of group g followed by one of group g + 1 --
 * come from the positions read for the tfs, and only where both groups
 * are in the row: xInst() would make FTS5 build every row's list of
 * instances, and a row rarely holds two neighbouring groups of an OR of
 * glossary equivalents.
 */
#define ROW_POS 256 /* positions kept on the stack; more go to the heap */

static int group_tf(const Fts5ExtensionApi *api, Fts5Context *fts, const int *groups, int ngroups, int *tf,
                    int *pairs)
{
	sqlite3_int64 stack[ROW_POS], *pos = stack;
	int npos = 0, cap = ROW_POS, start_stack[65], size_stack[64], phrase = 0, rc = SQLITE_OK;
	int *start = ngroups < 65 ? start_stack : malloc(((size_t)ngroups + 1) * sizeof(*start));
	int *size = ngroups <= 64 ? size_stack : malloc((size_t)ngroups * sizeof(*size));
	*pairs = 0;
	if (!start || !size) {
		rc = SQLITE_NOMEM;
		goto done;
	}
	for (int g = 0; g < ngroups; g++) {
		int k = groups ? groups[g] : 1, runs = 0;
		start[g] = npos;
		size[g] = k == 1 ? api->xPhraseSize(fts, phrase) : 1;
		for (int j = 0; j < k; j++, phrase++) {
			Fts5PhraseIter it;
			int col = 0, off = 0, before = npos;
			if (api->xPhraseFirst(fts, phrase, &it, &col, &off) != SQLITE_OK)
				continue; /* a phrase FTS5 could not read counts nothing */
			for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
				if (npos == cap) {
					sqlite3_int64 *b = pos == stack ? malloc(2 * (size_t)cap * sizeof(*b))
					                                : realloc(pos, 2 * (size_t)cap * sizeof(*b));
					if (!b) {
						rc = SQLITE_NOMEM;
						goto done;
					}
					if (pos == stack)
						memcpy(b, stack, sizeof(stack));
					pos = b;
					cap *= 2;
				}
				pos[npos++] = ((sqlite3_int64)col << 32) | (unsigned)off;
			}
			runs += npos > before;
		}
		/* one phrase's positions come in order; a word's forms share
		 * positions («кызмет» and «#кызмет») */
		if (runs > 1) {
			int m = start[g], cnt = npos - start[g];
			sqlite3_int64 *a = pos + start[g];
			if (cnt > 16) {
				qsort(a, (size_t)cnt, sizeof(*a), cmp_pos);
			} else {
				/* a passage holds a word a few times: qsort()'s calls cost
				 * more than the sorting (4% of a search of «кызмет») */
				for (int i = 1; i < cnt; i++) {
					sqlite3_int64 v = a[i];
					int j = i;
					for (; j > 0 && a[j - 1] > v; j--)
						a[j] = a[j - 1];
					a[j] = v;
				}
			}
			for (int i = start[g]; i < npos; i++)
				if (i == start[g] || pos[i] != pos[m - 1])
					pos[m++] = pos[i];
			npos = m;
		}
		tf[g] = npos - start[g];
	}
	start[ngroups] = npos;
	for (int g = 0; g + 1 < ngroups; g++) {
		if (tf[g] <= 0 || tf[g + 1] <= 0)
			continue;
		int b = start[g + 1];
		for (int a = start[g]; a < start[g + 1]; a++) {
			sqlite3_int64 next = pos[a] + size[g];
			while (b < start[g + 2] && pos[b] < next)
				b++;
			*pairs += b < start[g + 2] && pos[b] == next;
		}
	}
done:
	if (pos != stack)
		free(pos);
	if (start != start_stack)
		free(start);
	if (size != size_stack)
		free(size);
	return rc;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal,
                    sqlite3_value **apVal)
{
	rank_data *d = api->xGetAuxdata(fts, 0);
	int rc = SQLITE_OK, pairs = 0;
	CT_UNUSED(nVal);
	CT_UNUSED(apVal);

	if (!d) {
		int n = api->xPhraseCount(fts);
		sqlite3_int64 rows = 0;
		if (n < 1)
			n = 1;
		d = calloc(1, sizeof(*d) + (size_t)n * (sizeof(double) + sizeof(int)));
		if (!d) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		d->nphrase = api->xPhraseCount(fts);
		d->tf = (int *)(d->idf + n);
		if (d->nphrase > 1)
			rc = api->xRowCount(fts, &rows);
		for (int i = 0; i < d->nphrase && rc == SQLITE_OK; i++) {
			sqlite3_int64 hits = 0;
			d->idf[i] = 1.0;
			if (d->nphrase > 1 && (rc = api->xQueryPhrase(fts, i, &hits, count_row)) == SQLITE_OK)
				d->idf[i] = ct_rank_idf(rows, hits);
		}
		if (rc != SQLITE_OK || (rc = api->xSetAuxdata(fts, d, free)) != SQLITE_OK) {
			if (rc != SQLITE_OK)
				free(d);
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	if ((rc = group_tf(api, fts, NULL, d->nphrase, d->tf, &pairs)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_double(ctx, ct_rank_score(d->idf, d->tf, d->nphrase, pairs));
}

/*
 * ct_rank_tf(fts): what ct_rank() scores a row by, for a caller that works
 * out the idfs itself: a blob of the table's row count (int64), the pairs
 * (int32) and each phrase's tf (int32).  Over an OR of phrases every
 * passage that holds a phrase is a row of the query, so the rows' tfs count
 * each phrase's passages, which ct_rank() reads in a second pass over each
 * phrase (xQueryPhrase).
 */
static void rank_tf_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal,
                       sqlite3_value **apVal)
{
	int n = api->xPhraseCount(fts), pairs = 0, rc;
	sqlite3_int64 *rows = api->xGetAuxdata(fts, 0);
	unsigned char buf[12 + 4 * 64];
	int tf[64];
	CT_UNUSED(nVal);
	CT_UNUSED(apVal);

	if (n < 0 || n > 64) {
		sqlite3_result_error(ctx, "ct_rank_tf: too many phrases", -1);
		return;
	}
	/* once a query: xRowCount() reads the table's totals on every call */
	if (!rows) {
		if (!(rows = malloc(sizeof(*rows)))) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		if ((rc = api->xRowCount(fts, rows)) != SQLITE_OK || (rc = api->xSetAuxdata(fts, rows, free)) != SQLITE_OK) {
			if (rc != SQLITE_OK)
				free(rows);
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	if ((rc = group_tf(api, fts, NULL, n, tf, &pairs)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	memcpy(buf, rows, 8);
	memcpy(buf + 8, &pairs, 4);
	memcpy(buf + 12, tf, (size_t)n * 4);
	sqlite3_result_blob(ctx, buf, 12 + 4 * n, SQLITE_TRANSIENT);
}

/*
 * ct_rank_word(fts): ct_rank() of a one-word query whose forms are the
 * expression's phrases, ORed (ct_fts5_spell()): the word's tf is the
 * number of positions that any of its forms holds, which is what FTS5
 * counts for the synonym set, and a single word has no idf.  The OR lets
 * FTS5 step through each form's rowids without merging their positions in
 * every passage; only the score needs them, here.
 */
static void rank_word_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal,
                         sqlite3_value **apVal)
{
	int forms = api->xPhraseCount(fts), tf = 0, pairs = 0, rc;
	double one = 1.0;
	CT_UNUSED(nVal);
	CT_UNUSED(apVal);
	if ((rc = group_tf(api, fts, &forms, 1, &tf, &pairs)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_double(ctx, ct_rank_score(&one, &tf, 1, 0));
}

static fts5_api *get_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int ct_fts5_register(sqlite3 *db)
{
	static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	fts5_api *api = get_fts5_api(db);
	if (!api)
		return SQLITE_ERROR;
	int rc = api->xCreateTokenizer(api, "cyrterm", NULL, &tok, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ct_offsets", NULL, offsets_fn, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ct_rank", NULL, rank_fn, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ct_rank_tf", NULL, rank_tf_fn, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ct_rank_word", NULL, rank_word_fn, NULL);
	return rc;
}
