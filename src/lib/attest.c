/*
 * attest.c -- where each glossary concept is used in the corpus, found
 * while the corpus is indexed.
 *
 * A term lookup reports how many passages of each language use the
 * concept and quotes the first few.  Finding that at lookup time means
 * matching every passage FTS5 returns for the concept's terms: hundreds of
 * milliseconds for a common term in a large corpus, far too slow for a
 * batch of thousands of terms.  Indexing analyses every passage anyway, so
 * the glossary matcher runs there (in the worker threads, on the same
 * analysis) and the result is kept per concept and document:
 *
 *     attest(concept, doc, lang, n, lines)
 *
 * n is the number of passages of that language in that document where a
 * term of the concept stands; lines holds the first CT_ATTEST_KEEP of them
 * as "passage start end line" groups separated by ';'.  Their sum over the
 * documents, with the first CT_ATTEST_KEEP passages in corpus order
 * ("doc passage start end line" groups), is kept per concept and language
 * in attest_sum, made again at the end of every update that changed
 * anything: a lookup reads a row per language, and reads the documents'
 * rows only when it wants more lines than were kept.
 *
 * The rows hold for one glossary: meta 'attest_glossary' is the
 * fingerprint of the term table they were found with.  When the glossary
 * changes (a new dict/, an import), lookups go back to matching at lookup
 * time until the next update finds the attestations again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *const ct_attest_schema_sql =
	"CREATE TABLE IF NOT EXISTS attest("
	"  concept INTEGER NOT NULL, doc INTEGER NOT NULL, lang TEXT NOT NULL,"
	"  n INTEGER NOT NULL, lines TEXT NOT NULL,"
	"  PRIMARY KEY(concept, doc, lang)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS attest_doc ON attest(doc);"
	"CREATE TABLE IF NOT EXISTS attest_sum("
	"  concept INTEGER NOT NULL, lang TEXT NOT NULL, n INTEGER NOT NULL, lines TEXT NOT NULL,"
	"  PRIMARY KEY(concept, lang)) WITHOUT ROWID;";

/* -------------------------------------------------------- fingerprint */

int ct_attest_fingerprint(ct_index *idx, char out[CT_FINGERPRINT_LEN])
{
	sqlite3_stmt *st = NULL;
	uint64_t h = 1469598103934665603ULL;
	int src;

	src = sqlite3_prepare_v2(ct_index_db(idx),
	                         "SELECT id, concept, term, status, norm, fold, keys FROM term ORDER BY id", -1, &st,
	                         NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading the glossary");
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < 7; c++) {
			const void *p = sqlite3_column_blob(st, c);
			size_t n = (size_t)sqlite3_column_bytes(st, c);
			uint64_t v = p ? ct_hash64(p, n) : 0x9E3779B97F4A7C15ULL;
			h = (h ^ v) * 1099511628211ULL;
			h ^= h >> 29;
		}
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return ct_index_dberr(idx, src, "reading the glossary");
	snprintf(out, CT_FINGERPRINT_LEN, "%016llx", (unsigned long long)h);
	return CT_OK;
}

static void int_free(void *p)
{
	free(p);
}

int ct_attest_fresh(ct_index *idx)
{
	int *fresh = ct_index_aux(idx, CT_AUX_ATTEST_FRESH);
	char fp[CT_FINGERPRINT_LEN];
	sqlite3_stmt *st = NULL;
	int rc;

	if (fresh)
		return *fresh;
	rc = ct_attest_fingerprint(idx, fp);
	if (rc != CT_OK)
		return rc;
	if (!(fresh = malloc(sizeof(*fresh))))
		return CT_ENOMEM;
	*fresh = 0;
	/* an index made before attestations were kept has no table: stale */
	if (sqlite3_prepare_v2(ct_index_db(idx), "SELECT value FROM meta WHERE key = 'attest_glossary'", -1, &st,
	                       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		*fresh = v && strcmp(v, fp) == 0;
	}
	sqlite3_finalize(st);
	ct_index_set_aux(idx, CT_AUX_ATTEST_FRESH, fresh, int_free);
	return *fresh;
}

/* ---------------------------------------------------- one document */

void ct_attest_doc_reset(ct_attest_doc *d, sqlite3_int64 doc)
{
	d->doc = doc;
	for (size_t i = 0; i < d->n; i++)
		d->a[i].lines.n = 0;
	d->n = 0;
	if (d->slot)
		memset(d->slot, 0, (d->slot_mask + 1) * sizeof(*d->slot));
}

void ct_attest_doc_free(ct_attest_doc *d)
{
	for (size_t i = 0; i < d->cap; i++)
		ct_buf_free(&d->a[i].lines);
	free(d->a);
	free(d->slot);
	memset(d, 0, sizeof(*d));
}

static size_t acc_hash(sqlite3_int64 concept, ct_lang lang)
{
	return (size_t)((((uint64_t)concept << 3) ^ (uint64_t)lang) * 0x9E3779B97F4A7C15ULL >> 32);
}

/* The tally of (concept, lang), by open addressing on d->slot (entry
 * index + 1; at most half full). */
static size_t *acc_slot(ct_attest_doc *d, sqlite3_int64 concept, ct_lang lang)
{
	size_t i = acc_hash(concept, lang) & d->slot_mask;
	while (d->slot[i] && !(d->a[d->slot[i] - 1].concept == concept && d->a[d->slot[i] - 1].lang == lang))
		i = (i + 1) & d->slot_mask;
	return &d->slot[i];
}

int ct_attest_doc_add(ct_attest_doc *d, sqlite3_int64 concept, ct_lang lang, sqlite3_int64 passage,
                      size_t start, size_t end, long line)
{
	ct_attest_acc *e = NULL;
	if ((d->n + 1) * 2 > d->slot_mask + 1 || !d->slot) {
		size_t cap = d->slot ? (d->slot_mask + 1) * 2 : 64;
		size_t *slot = calloc(cap, sizeof(*slot));
		if (!slot)
			return CT_ENOMEM;
		free(d->slot);
		d->slot = slot;
		d->slot_mask = cap - 1;
		for (size_t i = 0; i < d->n; i++)
			*acc_slot(d, d->a[i].concept, d->a[i].lang) = i + 1;
	}
	size_t *slot = acc_slot(d, concept, lang);
	if (*slot)
		e = &d->a[*slot - 1];
	if (!e) {
		if (d->n == d->cap) {
			size_t cap = d->cap ? d->cap * 2 : 32;
			ct_attest_acc *a = realloc(d->a, cap * sizeof(*a));
			if (!a)
				return CT_ENOMEM;
			memset(a + d->cap, 0, (cap - d->cap) * sizeof(*a));
			d->a = a;
			d->cap = cap;
		}
		e = &d->a[d->n++];
		*slot = d->n;
		e->concept = concept;
		e->lang = lang;
		e->count = 0;
		e->lines.n = 0;
	}
	if (e->count++ < CT_ATTEST_KEEP) {
		ct_buf_printf(&e->lines, "%s%lld %zu %zu %ld", e->count > 1 ? ";" : "", (long long)passage, start, end,
		              line);
		if (e->lines.oom)
			return CT_ENOMEM;
	}
	return CT_OK;
}

int ct_attest_doc_store(ct_index *idx, ct_attest_doc *d)
{
	sqlite3_stmt *st = NULL;
	int src = ct_index_prepare(idx, "INSERT OR REPLACE INTO attest(concept, doc, lang, n, lines) VALUES(?,?,?,?,?)",
	                           &st);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "recording attestations");
	for (size_t i = 0; i < d->n && src == SQLITE_OK; i++) {
		const ct_attest_acc *e = &d->a[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, e->concept);
		sqlite3_bind_int64(st, 2, d->doc);
		sqlite3_bind_text(st, 3, ct_lang_code(e->lang), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, e->count);
		sqlite3_bind_text(st, 5, e->lines.p ? e->lines.p : "", (int)e->lines.n, SQLITE_STATIC);
		src = sqlite3_step(st);
		src = src == SQLITE_DONE ? SQLITE_OK : src;
	}
	ct_index_release(idx, st);
	ct_attest_doc_reset(d, d->doc);
	return src == SQLITE_OK ? CT_OK : ct_index_dberr(idx, src, "recording attestations");
}

long ct_attest_line(const char *text, size_t start, long first_line)
{
	long line = first_line;
	const char *p = text, *end = text + start;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/* Matches one passage and adds what it finds. */
int ct_attest_passage(ct_attest_doc *d, ct_matcher *m, ct_analyzer *a, sqlite3_int64 passage, ct_lang lang,
                      const char *text, size_t n, long line)
{
	ct_tspan *sp = NULL;
	size_t nsp = 0;
	int rc = ct_matcher_find_each(m, a, text, n, &sp, &nsp);
	for (size_t i = 0; i < nsp && rc == CT_OK; i++)
		rc = ct_attest_doc_add(d, sp[i].concept_id, lang, passage, sp[i].start, sp[i].end,
		                       ct_attest_line(text, sp[i].start, line));
	free(sp);
	return rc;
}

/* Finds the attestations of documents from their stored passages: the
 * documents the statement `docs` returns (one id column). */
static int attest_stored(ct_index *idx, ct_matcher *m, sqlite3_stmt *docs)
{
	sqlite3_stmt *st = NULL;
	ct_analyzer *a = NULL;
	ct_attest_doc d = {0};
	int rc = CT_OK, src;

	src = sqlite3_prepare_v2(ct_index_db(idx), "SELECT id, lang, line, text FROM passage WHERE doc = ?1 ORDER BY id",
	                         -1, &st, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading passages");
	while (rc == CT_OK && (src = sqlite3_step(docs)) == SQLITE_ROW) {
		sqlite3_int64 doc = sqlite3_column_int64(docs, 0);
		if (!a && (rc = ct_index_analyzer(idx, &a)) != CT_OK)
			break;
		ct_attest_doc_reset(&d, doc);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, doc);
		while (rc == CT_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
			const char *l = (const char *)sqlite3_column_text(st, 1);
			ct_lang lang = l ? ct_lang_from_code(l, strlen(l)) : CT_LANG_UND;
			rc = ct_attest_passage(&d, m, a, sqlite3_column_int64(st, 0), lang,
			                       (const char *)sqlite3_column_text(st, 3), (size_t)sqlite3_column_bytes(st, 3),
			                       (long)sqlite3_column_int64(st, 2));
		}
		if (rc == CT_OK && src != SQLITE_DONE)
			rc = ct_index_dberr(idx, src, "reading passages");
		if (rc == CT_OK)
			rc = ct_attest_doc_store(idx, &d);
	}
	if (rc == CT_OK && src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "reading documents");
	sqlite3_finalize(st);
	ct_attest_doc_free(&d);
	return rc;
}

int ct_attest_stored_doc(ct_index *idx, ct_matcher *m, sqlite3_int64 doc)
{
	sqlite3_stmt *st = NULL;
	int rc, src = sqlite3_prepare_v2(ct_index_db(idx), "SELECT ?1", -1, &st, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading documents");
	sqlite3_bind_int64(st, 1, doc);
	rc = attest_stored(idx, m, st);
	sqlite3_finalize(st);
	return rc;
}

int ct_attest_stored_rest(ct_index *idx, ct_matcher *m)
{
	sqlite3_stmt *st = NULL;
	int rc, src = sqlite3_prepare_v2(ct_index_db(idx),
	                                 "SELECT id FROM doc WHERE id NOT IN (SELECT id FROM temp.attested) ORDER BY id",
	                                 -1, &st, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading documents");
	rc = attest_stored(idx, m, st);
	sqlite3_finalize(st);
	return rc;
}

/* ------------------------------------------------------------ reading */

/* The documents in path order, kept on the handle: a lookup sorts a
 * concept's rows by it instead of joining and sorting them in SQL. */
typedef struct doc_ent {
	sqlite3_int64 id;
	size_t rank;
	const char *path;
} doc_ent;

typedef struct doc_order {
	doc_ent *a; /* by id */
	size_t n;
	ct_arena arena;
} doc_order;

static void doc_order_free(void *p)
{
	doc_order *o = p;
	if (!o)
		return;
	free(o->a);
	ct_arena_free(&o->arena);
	free(o);
}

static int cmp_doc_id(const void *pa, const void *pb)
{
	const doc_ent *a = pa, *b = pb;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int doc_order_get(ct_index *idx, doc_order **out)
{
	doc_order *o = ct_index_aux(idx, CT_AUX_DOC_ORDER);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	void *arr;
	int src;

	if (o) {
		*out = o;
		return CT_OK;
	}
	if (!(o = calloc(1, sizeof(*o))))
		return CT_ENOMEM;
	src = sqlite3_prepare_v2(ct_index_db(idx), "SELECT id, path FROM doc ORDER BY path", -1, &st, NULL);
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		arr = o->a;
		if (ct_grow(&arr, &cap, o->n, sizeof(doc_ent)) != CT_OK) {
			src = SQLITE_NOMEM;
			break;
		}
		o->a = arr;
		doc_ent *e = &o->a[o->n];
		e->id = sqlite3_column_int64(st, 0);
		e->rank = o->n;
		e->path = ct_arena_strndup(&o->arena, (const char *)sqlite3_column_text(st, 1),
		                           (size_t)sqlite3_column_bytes(st, 1));
		if (!e->path) {
			src = SQLITE_NOMEM;
			break;
		}
		o->n++;
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		doc_order_free(o);
		return src == SQLITE_NOMEM ? CT_ENOMEM : ct_index_dberr(idx, src, "reading documents");
	}
	qsort(o->a, o->n, sizeof(*o->a), cmp_doc_id);
	ct_index_set_aux(idx, CT_AUX_DOC_ORDER, o, doc_order_free);
	*out = o;
	return CT_OK;
}

static const doc_ent *doc_find(const doc_order *o, sqlite3_int64 id)
{
	doc_ent key = {id, 0, NULL};
	return bsearch(&key, o->a, o->n, sizeof(*o->a), cmp_doc_id);
}

typedef struct arow {
	const doc_ent *doc;
	char lang[8];
	long n;
	size_t lines; /* offset in the row buffer */
} arow;

static int cmp_arow(const void *pa, const void *pb)
{
	const arow *a = pa, *b = pb;
	if (a->doc->rank != b->doc->rank)
		return a->doc->rank < b->doc->rank ? -1 : 1;
	return strcmp(a->lang, b->lang);
}

int ct_attest_read(ct_index *idx, sqlite3_int64 concept, ct_attest_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = NULL;
	doc_order *o = NULL;
	arow *rows = NULL;
	size_t n = 0, cap = 0;
	void *arr;
	ct_buf text = {0};
	int rc = doc_order_get(idx, &o), src;

	if (rc != CT_OK)
		return rc;
	src = ct_index_prepare(idx, "SELECT doc, lang, n, lines FROM attest WHERE concept = ?1", &st);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "reading attestations");
	sqlite3_bind_int64(st, 1, concept);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const doc_ent *d = doc_find(o, sqlite3_column_int64(st, 0));
		if (!d)
			continue; /* (a document removed since: not in this snapshot) */
		arr = rows;
		if (ct_grow(&arr, &cap, n, sizeof(arow)) != CT_OK) {
			rc = CT_ENOMEM;
			break;
		}
		rows = arr;
		arow *r = &rows[n++];
		const char *lang = (const char *)sqlite3_column_text(st, 1);
		r->doc = d;
		snprintf(r->lang, sizeof(r->lang), "%s", lang ? lang : "und");
		r->n = (long)sqlite3_column_int64(st, 2);
		r->lines = text.n;
		ct_buf_put(&text, sqlite3_column_text(st, 3), (size_t)sqlite3_column_bytes(st, 3));
		ct_buf_put(&text, "", 1);
	}
	if (rc == CT_OK && src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "reading attestations");
	ct_index_release(idx, st);
	if (rc == CT_OK && text.oom)
		rc = CT_ENOMEM;
	if (rc == CT_OK)
		qsort(rows, n, sizeof(*rows), cmp_arow);
	for (size_t i = 0; i < n && rc == CT_OK; i++)
		rc = fn(ctx, rows[i].doc->id, rows[i].doc->path, rows[i].lang, rows[i].n, text.p + rows[i].lines);
	free(rows);
	ct_buf_free(&text);
	return rc;
}

int ct_attest_summarize(ct_index *idx)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_stmt *st = NULL, *ins = NULL;
	sqlite3_int64 concept = 0;
	char lang[8] = "";
	long total = 0, kept = 0;
	ct_buf lines = {0};
	int rc = CT_OK, src, have = 0;

	src = sqlite3_exec(db, "DELETE FROM attest_sum", NULL, NULL, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db,
		                         "SELECT a.concept, a.lang, a.n, a.lines, a.doc FROM attest a"
		                         " JOIN doc d ON d.id = a.doc ORDER BY a.concept, a.lang, d.path",
		                         -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db, "INSERT INTO attest_sum(concept, lang, n, lines) VALUES(?,?,?,?)", -1, &ins,
		                         NULL);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "summing attestations");
		goto done;
	}
	for (;;) {
		src = sqlite3_step(st);
		const char *l = src == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 1) : NULL;
		sqlite3_int64 c = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (have && (src != SQLITE_ROW || c != concept || strcmp(l ? l : "", lang) != 0)) {
			/* the previous (concept, lang) is complete */
			if (lines.oom) {
				rc = CT_ENOMEM;
				break;
			}
			sqlite3_reset(ins);
			sqlite3_bind_int64(ins, 1, concept);
			sqlite3_bind_text(ins, 2, lang, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 3, total);
			sqlite3_bind_text(ins, 4, lines.p ? lines.p : "", (int)lines.n, SQLITE_STATIC);
			int irc = sqlite3_step(ins);
			if (irc != SQLITE_DONE) {
				rc = ct_index_dberr(idx, irc, "summing attestations");
				break;
			}
			have = 0;
		}
		if (src != SQLITE_ROW)
			break;
		if (!have) {
			concept = c;
			snprintf(lang, sizeof(lang), "%s", l ? l : "");
			total = kept = 0;
			lines.n = 0;
			have = 1;
		}
		total += (long)sqlite3_column_int64(st, 2);
		/* the document's own first lines, each prefixed with it */
		const char *p = (const char *)sqlite3_column_text(st, 3);
		sqlite3_int64 doc = sqlite3_column_int64(st, 4);
		while (p && *p && kept < CT_ATTEST_KEEP) {
			const char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			ct_buf_printf(&lines, "%s%lld ", kept ? ";" : "", (long long)doc);
			ct_buf_put(&lines, p, len);
			kept++;
			p = e ? e + 1 : p + len;
		}
	}
	if (rc == CT_OK && src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "summing attestations");
done:
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	ct_buf_free(&lines);
	return rc;
}

int ct_attest_read_sum(ct_index *idx, sqlite3_int64 concept, ct_attest_total_fn on_total,
                       ct_attest_line_fn on_line, void *ctx)
{
	sqlite3_stmt *st = NULL;
	doc_order *o = NULL;
	int rc = CT_OK, src, found = 0;

	src = ct_index_prepare(idx, "SELECT lang, n, lines FROM attest_sum WHERE concept = ?1", &st);
	if (src != SQLITE_OK)
		return 0; /* an index made before the table was: the documents' rows */
	sqlite3_bind_int64(st, 1, concept);
	while (rc == CT_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *lang = (const char *)sqlite3_column_text(st, 0);
		const char *p = (const char *)sqlite3_column_text(st, 2);
		found = 1;
		lang = lang ? lang : "und";
		rc = on_total(ctx, lang, (long)sqlite3_column_int64(st, 1));
		while (rc == CT_OK && p && *p) {
			long long doc, pid;
			unsigned long long hs, he;
			long line;
			int used = 0;
			if (sscanf(p, "%lld %lld %llu %llu %ld%n", &doc, &pid, &hs, &he, &line, &used) != 5)
				break;
			p += used;
			if (*p == ';')
				p++;
			if (!o && (rc = doc_order_get(idx, &o)) != CT_OK)
				break;
			const doc_ent *d = doc_find(o, (sqlite3_int64)doc);
			if (d)
				rc = on_line(ctx, d->path, lang, (sqlite3_int64)pid, (size_t)hs, (size_t)he, line);
		}
	}
	if (rc == CT_OK && src != SQLITE_DONE && src != SQLITE_ROW)
		rc = ct_index_dberr(idx, src, "reading attestations");
	ct_index_release(idx, st);
	return rc != CT_OK ? rc : found;
}

int ct_attest_refresh(ct_index *idx)
{
	sqlite3 *db = ct_index_db(idx);
	char fp[CT_FINGERPRINT_LEN];
	sqlite3_stmt *st = NULL;
	ct_matcher *m = NULL;
	int rc, src, same = 0;

	if ((rc = ct_attest_fingerprint(idx, fp)) != CT_OK)
		return rc;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'attest_glossary'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		same = strcmp((const char *)sqlite3_column_text(st, 0), fp) == 0;
	sqlite3_finalize(st);
	if (same)
		return CT_OK;
	ct_index_glossary_changed(idx); /* the matcher of the old glossary */
	src = sqlite3_exec(db,
	                   "DELETE FROM attest;"
	                   "CREATE TEMP TABLE IF NOT EXISTS attested(id INTEGER PRIMARY KEY); DELETE FROM attested;",
	                   NULL, NULL, NULL);
	if (src != SQLITE_OK)
		return ct_index_dberr(idx, src, "finding attestations");
	if ((rc = ct_index_matcher(idx, &m)) != CT_OK)
		return rc;
	if (!ct_matcher_empty(m) && (rc = ct_attest_stored_rest(idx, m)) != CT_OK)
		return rc;
	if ((rc = ct_attest_summarize(idx)) != CT_OK)
		return rc;
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('attest_glossary', ?1)", -1, &st,
	                       NULL) != SQLITE_OK)
		return ct_index_dberr(idx, sqlite3_errcode(db), "recording attestations");
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? CT_OK : ct_index_dberr(idx, src, "recording attestations");
}
