/*
 * index.c -- the SQLite file: schema, opening, and incremental updates.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cyrterm/glossary.h"
#include "cyrterm/index.h"
#include "cyrterm/segment.h"
#include "internal.h"

#ifndef CT_DATADIR
#define CT_DATADIR "."
#endif

struct ct_index {
	sqlite3 *db;
	char *path;
	char *errmsg;
	int readonly;
	long stale_version; /* normaliser version of an index made by another cyrterm, else 0 */
	int passage_kind_lang; /* the index has the passage_kind_lang index */
	/* made on first use, kept for the life of the handle (batch) */
	ct_analyzer *analyzer;
	ct_matcher *matcher;
	void *aux[CT_AUX_COUNT]; /* data derived from the index, dropped when it changes */
	void (*aux_free[CT_AUX_COUNT])(void *);
	struct cached_stmt {
		char *sql;
		sqlite3_stmt *st;
		int busy;
	} stmts[48];
};

/* Prepared statements are kept on the handle, so that a batch of a
 * thousand searches prepares each statement once. */
int ct_index_prepare(ct_index *idx, const char *sql, sqlite3_stmt **out)
{
	size_t free_slot = sizeof(idx->stmts) / sizeof(idx->stmts[0]);
	*out = NULL;
	for (size_t i = 0; i < sizeof(idx->stmts) / sizeof(idx->stmts[0]); i++) {
		struct cached_stmt *c = &idx->stmts[i];
		if (!c->sql) {
			if (free_slot == sizeof(idx->stmts) / sizeof(idx->stmts[0]))
				free_slot = i;
			continue;
		}
		if (!c->busy && strcmp(c->sql, sql) == 0) {
			c->busy = 1;
			*out = c->st;
			return SQLITE_OK;
		}
	}
	int rc = sqlite3_prepare_v3(idx->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
	if (rc != SQLITE_OK || free_slot == sizeof(idx->stmts) / sizeof(idx->stmts[0]))
		return rc; /* not cached: ct_index_release() finalizes it */
	struct cached_stmt *c = &idx->stmts[free_slot];
	c->sql = ct_strndup(sql, strlen(sql));
	if (!c->sql)
		return rc;
	c->st = *out;
	c->busy = 1;
	return SQLITE_OK;
}

void ct_index_release(ct_index *idx, sqlite3_stmt *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < sizeof(idx->stmts) / sizeof(idx->stmts[0]); i++)
		if (idx->stmts[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			idx->stmts[i].busy = 0;
			return;
		}
	sqlite3_finalize(st);
}

int ct_index_analyzer(ct_index *idx, ct_analyzer **out)
{
	if (!idx->analyzer) {
		int rc = ct_analyzer_new(&idx->analyzer);
		if (rc != CT_OK)
			return rc;
	}
	*out = idx->analyzer;
	return CT_OK;
}

int ct_index_matcher(ct_index *idx, ct_matcher **out)
{
	if (!idx->matcher) {
		int rc = ct_matcher_new(&idx->matcher, idx);
		if (rc != CT_OK)
			return rc;
	}
	*out = idx->matcher;
	return CT_OK;
}

int ct_index_check_fresh(ct_index *idx)
{
	if (!idx->stale_version)
		return CT_OK;
	return ct_index_fail(idx, CT_ESCHEMA,
	                     "%s: built with normalisation rules version %ld, this cyrterm uses version %d: "
	                     "run 'cyrterm index --db %s' with your paths again to rebuild it",
	                     idx->path, idx->stale_version, CT_NORMALIZER_VERSION, idx->path);
}

/*
 * One read transaction around a search or a lookup.  A statement run on
 * its own takes and drops the WAL read lock (file locks, a look at the
 * shared-memory index): ~5 us at 100 MB, ten times the cost of reading a
 * passage by id.  A search runs hundreds of them; inside one transaction
 * they share one lock, and all see the index in one state even when an
 * update commits meanwhile.
 */
int ct_index_read_begin(ct_index *idx)
{
	if (!sqlite3_get_autocommit(idx->db))
		return 0; /* inside the caller's transaction */
	return sqlite3_exec(idx->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void ct_index_read_end(ct_index *idx, int began)
{
	if (began && !sqlite3_get_autocommit(idx->db) &&
	    sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
}

void *ct_index_aux(ct_index *idx, ct_aux_slot slot)
{
	return idx->aux[slot];
}

void ct_index_set_aux(ct_index *idx, ct_aux_slot slot, void *aux, void (*aux_free)(void *))
{
	if (idx->aux[slot] && idx->aux_free[slot])
		idx->aux_free[slot](idx->aux[slot]);
	idx->aux[slot] = aux;
	idx->aux_free[slot] = aux_free;
}

static void drop_aux(ct_index *idx)
{
	for (int i = 0; i < CT_AUX_COUNT; i++)
		ct_index_set_aux(idx, (ct_aux_slot)i, NULL, NULL);
}

void ct_index_glossary_changed(ct_index *idx)
{
	ct_matcher_free(idx->matcher);
	idx->matcher = NULL;
	drop_aux(idx);
}

static const char *const schema_sql =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS doc("
	"  id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, hash TEXT NOT NULL,"
	"  size INTEGER, mtime INTEGER, lang TEXT, title TEXT, kind TEXT DEFAULT 'text',"
	"  note TEXT);"
	"CREATE TABLE IF NOT EXISTS passage("
	"  id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, line INTEGER NOT NULL,"
	"  start INTEGER NOT NULL, end INTEGER NOT NULL, lang TEXT NOT NULL,"
	"  kind INTEGER NOT NULL DEFAULT 0, hash INTEGER NOT NULL, text TEXT NOT NULL,"
	"  seg INTEGER);" /* seg: aligned segment in a parallel document */
	"CREATE INDEX IF NOT EXISTS passage_doc ON passage(doc);"
	"CREATE INDEX IF NOT EXISTS passage_hash ON passage(hash);"
	"DROP INDEX IF EXISTS passage_lang;"
	/* a passage's kind and language without its text: the alignment
	 * reads them for some 13,000 passages on a fresh handle at 100 MB, and
	 * a page of this index holds some 200 passages where the table's holds 7
	 * (with the passages' places and hashes too, it cost 5% of the
	 * indexing time at 10 MB; without, 2%) */
	"DROP INDEX IF EXISTS passage_meta;"
	"CREATE INDEX IF NOT EXISTS passage_kind_lang ON passage(id, kind, lang);"
	/* the passages of each language in each document: whether the corpus
	 * has a language at all, without an index on every passage */
	"CREATE TABLE IF NOT EXISTS doc_lang(doc INTEGER NOT NULL, lang TEXT NOT NULL, n INTEGER NOT NULL,"
	"  PRIMARY KEY(doc, lang)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS parallel(doc INTEGER PRIMARY KEY, grp TEXT NOT NULL, lang TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS palign(a INTEGER NOT NULL, b INTEGER NOT NULL, score REAL,"
	"  PRIMARY KEY(a, b)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS palign_b ON palign(b);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5("
	"  text, content='passage', content_rowid='id', tokenize='cyrterm');";

/* ------------------------------------------------------------ messages */

int ct_index_fail(ct_index *idx, int status, const char *fmt, ...)
{
	ct_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k >= 0 && ct_buf_grow(&b, (size_t)k) == CT_OK) {
		va_start(ap, fmt);
		vsnprintf(b.p, (size_t)k + 1, fmt, ap);
		va_end(ap);
		free(idx->errmsg);
		idx->errmsg = b.p;
	}
	return status;
}

int ct_index_dberr(ct_index *idx, int rc, const char *what)
{
	const char *m = sqlite3_errmsg(idx->db);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ct_index_fail(idx, CT_EBUSY, "%s: the index is being written by another process; try again when it finishes", idx->path);
	case SQLITE_FULL:
		return ct_index_fail(idx, CT_EFULL, "%s: disk or database full while %s; the index is unchanged", idx->path, what);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return ct_index_fail(idx, CT_EREADONLY, "%s: cannot write the index (read-only or no permission) while %s", idx->path, what);
	case SQLITE_NOMEM:
		return ct_index_fail(idx, CT_ENOMEM, "out of memory while %s", what);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return ct_index_fail(idx, CT_EDB, "%s: not a cyrterm index, or corrupt (%s)", idx->path, what);
	case SQLITE_IOERR:
		return ct_index_fail(idx, CT_EIO, "%s: I/O error while %s", idx->path, what);
	default:
		return ct_index_fail(idx, CT_EDB, "%s: database error while %s (%s)", idx->path, what, m);
	}
}

const char *ct_index_errmsg(const ct_index *idx)
{
	return idx && idx->errmsg ? idx->errmsg : "no error";
}

const char *ct_index_path(const ct_index *idx)
{
	return idx->path;
}

sqlite3 *ct_index_db(ct_index *idx)
{
	return idx->db;
}

/* --------------------------------------------------------------- open */

static int meta_get_int(sqlite3 *db, const char *key, long *out)
{
	sqlite3_stmt *st = NULL;
	int found = 0;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key=?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

static int meta_set(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Creates the tables of a new index, or checks an existing one.  An index
 * whose normaliser differs is emptied, so that its next update rebuilds it
 * with today's rules instead of mixing two. */
/* Whether the database has the index `name` (an index made by an older
 * cyrterm and opened read-only may lack one). */
static int has_index(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

int ct_index_passage_kind_lang(const ct_index *idx)
{
	return idx->passage_kind_lang;
}

static int init_schema(ct_index *idx)
{
	char *err = NULL;
	long v = 0;
	int rc;
	sqlite3 *db = idx->db;

	rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return ct_index_dberr(idx, rc, "reading the schema");
	if (meta_get_int(db, "schema_version", &v) && v != CT_SCHEMA_VERSION)
		return ct_index_fail(idx, CT_ESCHEMA, "%s: index has schema version %ld, this cyrterm writes %d; remove the file and index again",
		                     idx->path, v, CT_SCHEMA_VERSION);
	if (idx->readonly) {
		if (!meta_get_int(db, "schema_version", &v))
			return ct_index_fail(idx, CT_EDB, "%s: not a cyrterm index", idx->path);
		if (meta_get_int(db, "normalizer_version", &v) && v != CT_NORMALIZER_VERSION)
			idx->stale_version = v;
		return CT_OK;
	}
	/* an index that is up to date is opened without a write lock, so that
	 * opening it never waits for another process's update */
	long nv = 0;
	if (meta_get_int(db, "schema_version", &v) && v == CT_SCHEMA_VERSION &&
	    meta_get_int(db, "normalizer_version", &nv) && nv == CT_NORMALIZER_VERSION &&
	    meta_get_int(db, "glossary_schema", &v) && v == 1 && meta_get_int(db, "attest_schema", &v) && v == 4 &&
	    meta_get_int(db, "passage_kind_lang", &v) && v == 1)
		return CT_OK;
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return ct_index_dberr(idx, rc, "opening the index");
	rc = sqlite3_exec(db, schema_sql, NULL, NULL, &err);
	sqlite3_free(err);
	if (rc == SQLITE_OK)
		rc = ct_glossary_schema(db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, ct_attest_schema_sql, NULL, NULL, NULL);
	/* an index made before doc_lang: counted once from its passages */
	if (rc == SQLITE_OK && !meta_get_int(db, "doc_lang", &v))
		rc = sqlite3_exec(db,
		                  "DELETE FROM doc_lang;"
		                  "INSERT INTO doc_lang(doc, lang, n) SELECT doc, lang, count(*) FROM passage GROUP BY doc, lang;"
		                  "INSERT OR REPLACE INTO meta(key, value) VALUES('doc_lang', '1');",
		                  NULL, NULL, NULL);
	/* FTS5 merges a level's segments when 16 are there, not 4: a bulk
	 * load rewrites each doclist half as often (10% less indexing time at
	 * 100 MB over three runs each), and queries read a few more segments */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "INSERT INTO fts(fts, rank) VALUES('automerge', 16)", NULL, NULL, NULL);
	/* an index made with other normalisation rules is not mixed with
	 * today's: searches refuse it until the next update rebuilds it */
	idx->stale_version = 0;
	if (rc == SQLITE_OK && meta_get_int(db, "normalizer_version", &v) && v != CT_NORMALIZER_VERSION)
		idx->stale_version = v;
	if (rc == SQLITE_OK) {
		char num[32];
		snprintf(num, sizeof(num), "%d", CT_SCHEMA_VERSION);
		rc = meta_set(db, "schema_version", num);
		snprintf(num, sizeof(num), "%d", CT_NORMALIZER_VERSION);
		if (rc == SQLITE_OK && !idx->stale_version)
			rc = meta_set(db, "normalizer_version", num);
		if (rc == SQLITE_OK)
			rc = meta_set(db, "unicode_version", ct_unicode_version());
		if (rc == SQLITE_OK)
			rc = meta_set(db, "glossary_schema", "1");
		if (rc == SQLITE_OK)
			rc = meta_set(db, "attest_schema", "4");
		if (rc == SQLITE_OK)
			rc = meta_set(db, "passage_kind_lang", "1");
	}
	if (rc != SQLITE_OK) {
		int st = ct_index_dberr(idx, rc, "creating the index tables");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int st = ct_index_dberr(idx, rc, "creating the index tables");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	return CT_OK;
}

int ct_index_open(ct_index **out, const char *path, unsigned flags, char *errmsg, size_t errcap)
{
	ct_index *idx = NULL;
	int rc = CT_OK;
	struct stat st;

	*out = NULL;
	if (errmsg && errcap)
		errmsg[0] = '\0';
	if (!path || !*path) {
		if (errmsg)
			snprintf(errmsg, errcap, "no index path given");
		return CT_EINVAL;
	}
	if (stat(path, &st) != 0 && !(flags & CT_OPEN_CREATE)) {
		if (errmsg)
			snprintf(errmsg, errcap, "%s: no such index (run 'cyrterm index --db %s PATH...' first)", path, path);
		return CT_ENOTFOUND;
	}
	idx = calloc(1, sizeof(*idx));
	if (!idx || !(idx->path = ct_strndup(path, strlen(path)))) {
		rc = CT_ENOMEM;
		goto done;
	}
	idx->readonly = (flags & CT_OPEN_READONLY) != 0;
	/* a handle is used by one thread at a time: no locking per SQLite call */
	int oflags = (idx->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
	int src = sqlite3_open_v2(path, &idx->db, oflags, NULL);
	if (src != SQLITE_OK) {
		if (errmsg) {
			if (errno == ENOENT || src == SQLITE_CANTOPEN)
				snprintf(errmsg, errcap, "%s: cannot open the index (missing directory or no permission)", path);
			else
				snprintf(errmsg, errcap, "%s: cannot open the index", path);
		}
		rc = src == SQLITE_NOMEM ? CT_ENOMEM : CT_EIO;
		goto done;
	}
	sqlite3_busy_timeout(idx->db, 10000);
	if (idx->readonly && (src = sqlite3_exec(idx->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL),
	                      (src & 0xff) == SQLITE_CANTOPEN || (src & 0xff) == SQLITE_READONLY)) {
		/* a WAL index on a read-only disk cannot make its -shm file: read
		 * it as an immutable file instead */
		sqlite3_close_v2(idx->db);
		idx->db = NULL;
		char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
		src = uri ? sqlite3_open_v2(uri, &idx->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL)
		          : SQLITE_NOMEM;
		sqlite3_free(uri);
		if (src != SQLITE_OK) {
			if (errmsg)
				snprintf(errmsg, errcap, "%s: cannot open the index", path);
			rc = src == SQLITE_NOMEM ? CT_ENOMEM : CT_EIO;
			goto done;
		}
	}
	sqlite3_extended_result_codes(idx->db, 0);
	sqlite3_busy_timeout(idx->db, 10000);
	if (ct_fts5_register(idx->db) != SQLITE_OK) {
		if (errmsg)
			snprintf(errmsg, errcap, "%s: this SQLite has no FTS5", path);
		rc = CT_EDB;
		goto done;
	}
	if (!idx->readonly) {
		/* WAL: readers keep answering while a writer updates the index */
		src = sqlite3_exec(idx->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if (src == SQLITE_READONLY || src == SQLITE_CANTOPEN) {
			if (errmsg)
				snprintf(errmsg, errcap, "%s: the index is read-only", path);
			rc = CT_EREADONLY;
			goto done;
		}
		if (src != SQLITE_OK && src != SQLITE_BUSY) {
			rc = ct_index_dberr(idx, src, "opening the index");
			goto msg;
		}
	}
	sqlite3_exec(idx->db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	rc = init_schema(idx);
	if (rc == CT_OK)
		idx->passage_kind_lang = has_index(idx->db, "passage_kind_lang");
msg:
	if (rc != CT_OK && errmsg)
		snprintf(errmsg, errcap, "%s", ct_index_errmsg(idx));
done:
	if (rc != CT_OK) {
		ct_index_free(idx);
		return rc;
	}
	*out = idx;
	return CT_OK;
}

void ct_index_free(ct_index *idx)
{
	if (!idx)
		return;
	drop_aux(idx);
	ct_matcher_free(idx->matcher);
	ct_analyzer_free(idx->analyzer);
	for (size_t i = 0; i < sizeof(idx->stmts) / sizeof(idx->stmts[0]); i++) {
		sqlite3_finalize(idx->stmts[i].st);
		free(idx->stmts[i].sql);
	}
	if (idx->db)
		sqlite3_close_v2(idx->db);
	free(idx->path);
	free(idx->errmsg);
	free(idx);
}

/* ---------------------------------------------------------- file walk */

typedef struct file_ent {
	char *path;   /* as opened */
	char *stored; /* as stored in doc.path */
	char *title;  /* from a manifest, or NULL */
	char *lang;   /* from a manifest, or NULL */
} file_ent;

typedef struct file_list {
	file_ent *a;
	size_t n, cap;
} file_list;

static void file_list_free(file_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->a[i].path);
		free(l->a[i].stored);
		free(l->a[i].title);
		free(l->a[i].lang);
	}
	free(l->a);
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* "./a//b/" -> "a/b": paths are stored in one spelling so that a rerun
 * recognises its documents. */
static char *clean_path(const char *p)
{
	size_t n = strlen(p);
	char *o = malloc(n + 1);
	size_t k = 0;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '/' && k > 0 && o[k - 1] == '/')
			continue;
		if (p[i] == '.' && (i == 0 || p[i - 1] == '/') && (i + 1 == n || p[i + 1] == '/') && n > 1) {
			if (i + 1 < n)
				i++;
			continue;
		}
		o[k++] = p[i];
	}
	while (k > 1 && o[k - 1] == '/')
		k--;
	o[k] = '\0';
	return o;
}

static char *stored_path(const char *path, const char *base)
{
	char *c = clean_path(path);
	if (!c || !base)
		return c;
	char *b = clean_path(base);
	if (!b)
		return c;
	size_t bn = strlen(b);
	if (strncmp(c, b, bn) == 0 && c[bn] == '/') {
		char *r = ct_strndup(c + bn + 1, strlen(c + bn + 1));
		free(c);
		c = r;
	}
	free(b);
	return c;
}

static int add_file(file_list *l, const char *path, const char *base)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		file_ent *a = realloc(l->a, cap * sizeof(*a));
		if (!a)
			return CT_ENOMEM;
		l->a = a;
		l->cap = cap;
	}
	file_ent *e = &l->a[l->n];
	memset(e, 0, sizeof(*e));
	e->path = ct_strndup(path, strlen(path));
	e->stored = stored_path(path, base);
	if (!e->path || !e->stored) {
		free(e->path);
		free(e->stored);
		return CT_ENOMEM;
	}
	l->n++;
	return CT_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* MANIFEST.tsv: file, language, title (tab-separated, # comments). */
static void apply_manifest(file_list *l, size_t from, const char *dir)
{
	char *mpath = NULL, *buf = NULL;
	size_t n = 0;
	ct_buf b = {0};
	if (ct_buf_printf(&b, "%s/MANIFEST.tsv", dir) != CT_OK)
		goto done;
	mpath = b.p;
	if (ct_read_file(mpath, &buf, &n) != CT_OK)
		goto done;
	for (char *line = buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line != '#') {
			char *t1 = strchr(line, '\t');
			char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			if (t1 && t2) {
				*t1 = *t2 = '\0';
				char *title = t2 + 1;
				size_t tl = strlen(title);
				if (tl && title[tl - 1] == '\r')
					title[--tl] = '\0';
				for (size_t i = from; i < l->n; i++) {
					const char *slash = strrchr(l->a[i].path, '/');
					const char *name = slash ? slash + 1 : l->a[i].path;
					if (strcmp(name, line) == 0 && !l->a[i].title) {
						l->a[i].lang = ct_strndup(t1 + 1, strlen(t1 + 1));
						l->a[i].title = ct_strndup(title, tl);
					}
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
done:
	free(buf);
	ct_buf_free(&b);
}

static int indexable_name(const char *name)
{
	return name[0] != '.' && (ends_with(name, ".txt") || ends_with(name, ".tmx"));
}

static int walk(ct_index *idx, file_list *l, const char *path, const char *base, int depth)
{
	struct stat st;
	if (depth > 64)
		return CT_OK;
	if (stat(path, &st) != 0)
		return ct_index_fail(idx, CT_ENOTFOUND, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return add_file(l, path, base);
	DIR *d = opendir(path);
	if (!d)
		return ct_index_fail(idx, CT_EIO, "%s: cannot read folder: %s", path, strerror(errno));
	char **names = NULL;
	size_t nn = 0, cap = 0;
	int rc = CT_OK;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || de->d_name[0] == '.')
			continue;
		if (nn == cap) {
			cap = cap ? cap * 2 : 32;
			char **a = realloc(names, cap * sizeof(*a));
			if (!a) {
				rc = CT_ENOMEM;
				goto done;
			}
			names = a;
		}
		if (!(names[nn] = ct_strndup(de->d_name, strlen(de->d_name)))) {
			rc = CT_ENOMEM;
			goto done;
		}
		nn++;
	}
	qsort(names, nn, sizeof(*names), cmp_str);
	size_t from = l->n;
	for (size_t i = 0; i < nn && rc == CT_OK; i++) {
		ct_buf p = {0};
		if (ct_buf_printf(&p, "%s/%s", path, names[i]) != CT_OK) {
			rc = CT_ENOMEM;
			break;
		}
		struct stat cs;
		if (stat(p.p, &cs) == 0) {
			if (S_ISDIR(cs.st_mode))
				rc = walk(idx, l, p.p, base, depth + 1);
			else if (S_ISREG(cs.st_mode) && indexable_name(names[i]))
				rc = add_file(l, p.p, base);
		}
		ct_buf_free(&p);
	}
	if (rc == CT_OK)
		apply_manifest(l, from, path);
done:
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* ------------------------------------------------------------- update */

typedef struct updater {
	ct_index *idx;
	const ct_update_opts *opts;
	ct_update_stats *stats;
	sqlite3_stmt *find_doc, *ins_doc, *upd_doc, *touch_doc, *del_align, *del_fts, *del_pass, *ins_pass, *ins_fts, *seen;
	sqlite3_stmt *del_attest, *attested, *del_lang, *ins_lang;
	long lang_n[CT_LANG_COUNT]; /* passages of the document by language */
	const char *text; /* document being segmented */
	size_t base;
	sqlite3_int64 doc_id;
	int rc;
	/* attestations (attest.c): the glossary matcher, or NULL when the
	 * glossary is empty; the concepts the workers found in the current
	 * file, when they did; the document's tally */
	ct_matcher *m;
	const ct_prepared *prep;
	const sqlite3_int64 *phash; /* the passages' hashes, made by a worker */
	size_t pass_k, att_k;
	ct_attest_doc att;
} updater;

static void notice(updater *u, ct_notice_level lv, const char *msg)
{
	if (u->opts && u->opts->notice)
		u->opts->notice(u->opts->notice_ctx, lv, msg);
}

static int on_passage(void *ctx, const ct_passage *p)
{
	updater *u = ctx;
	sqlite3_stmt *st = u->ins_pass;
	const char *z = u->text + p->start;
	size_t n = p->end - p->start;
	int rc;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, u->doc_id);
	sqlite3_bind_int64(st, 2, p->line);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)(p->start + u->base));
	sqlite3_bind_int64(st, 4, (sqlite3_int64)(p->end + u->base));
	sqlite3_bind_text(st, 5, ct_lang_code(p->lang), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, (int)p->kind);
	sqlite3_bind_int64(st, 7, u->phash ? u->phash[u->pass_k] : ct_passage_hash(z, n));
	sqlite3_bind_text(st, 8, z, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return u->rc = ct_index_dberr(u->idx, rc, "writing a passage");
	sqlite3_int64 id = sqlite3_last_insert_rowid(u->idx->db);
	st = u->ins_fts;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, z, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return u->rc = ct_index_dberr(u->idx, rc, "indexing a passage");
	u->stats->passages++;
	if ((unsigned)p->lang < CT_LANG_COUNT)
		u->lang_n[p->lang]++;
	if (u->m) {
		rc = CT_OK;
		if (u->prep) {
			/* found by a worker: concepts of passage pass_k */
			const ct_prepared *pp = u->prep;
			for (; u->att_k < pp->natt && pp->att[u->att_k].pass == u->pass_k && rc == CT_OK; u->att_k++) {
				const ct_pspan *s = &pp->att[u->att_k];
				rc = ct_attest_doc_add(&u->att, s->concept, p->lang, id, s->start, s->end,
				                       ct_attest_line(z, s->start, p->line));
			}
		} else {
			/* (the handle's analyzer, made only when a file needs it:
			 * its cache is 4.5 MB) */
			ct_analyzer *an = NULL;
			rc = ct_index_analyzer(u->idx, &an);
			if (rc == CT_OK)
				rc = ct_attest_passage(&u->att, u->m, an, id, p->lang, z, n, p->line);
		}
		if (rc != CT_OK)
			return u->rc = ct_index_fail(u->idx, rc, "finding glossary terms: %s", ct_strerror(rc));
	}
	return 0;
}

static int step_done(updater *u, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return ct_index_dberr(u->idx, rc, what);
	return CT_OK;
}

static int mark_seen(updater *u, sqlite3_int64 id)
{
	sqlite3_bind_int64(u->seen, 1, id);
	return step_done(u, u->seen, "recording a document");
}

static int drop_passages(updater *u, sqlite3_int64 id)
{
	const struct {
		sqlite3_stmt *st;
		const char *what;
	} steps[] = {
		{u->del_attest, "removing old attestations"},
		{u->del_lang, "removing old passages"},
		{u->del_align, "removing old alignments"},
		{u->del_fts, "removing old passages"},
		{u->del_pass, "removing old passages"},
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sqlite3_bind_int64(steps[i].st, 1, id);
		int rc = step_done(u, steps[i].st, steps[i].what);
		if (rc != CT_OK)
			return rc;
	}
	return CT_OK;
}

/*
 * Decides whether a file must be read: it must unless the index has it
 * with the same size and modification time.  Returns 1 with p filled when
 * it must, 0 when it is done (unchanged, or gone since the walk), or a
 * negative status.
 */
static int check_file(updater *u, const file_ent *f, ct_prepared *p)
{
	struct stat st;
	int have = 0;
	sqlite3_int64 id = 0, old_size = -1, old_mtime = -1;
	const char *old_hash = NULL;

	if (stat(f->path, &st) != 0) {
		ct_buf m = {0};
		ct_buf_printf(&m, "%s: %s, skipped", f->path, strerror(errno));
		notice(u, CT_NOTICE_ERROR, m.p ? m.p : f->path);
		ct_buf_free(&m);
		u->stats->refused++;
		return 0;
	}
	sqlite3_reset(u->find_doc);
	sqlite3_bind_text(u->find_doc, 1, f->stored, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(u->find_doc) == SQLITE_ROW) {
		have = 1;
		id = sqlite3_column_int64(u->find_doc, 0);
		old_hash = (const char *)sqlite3_column_text(u->find_doc, 1);
		old_size = sqlite3_column_int64(u->find_doc, 2);
		old_mtime = sqlite3_column_int64(u->find_doc, 3);
	}
	if (have && old_size == (sqlite3_int64)st.st_size && old_mtime == (sqlite3_int64)st.st_mtime) {
		sqlite3_reset(u->find_doc);
		u->stats->unchanged++;
		int rc = mark_seen(u, id);
		return rc == CT_OK ? 0 : rc;
	}
	memset(p, 0, sizeof(*p));
	p->file = f;
	p->path = f->path;
	p->lang_hint = f->lang;
	p->have = have;
	p->id = id;
	p->size = (sqlite3_int64)st.st_size;
	p->mtime = (sqlite3_int64)st.st_mtime;
	p->tmx = ends_with(f->path, ".tmx");
	p->sentences = ct_parallel_is_name(f->stored) ? 1 : CT_PASSAGE_SENTENCES;
	if (old_hash) {
		p->old_hash_copy = ct_strndup(old_hash, strlen(old_hash));
		p->old_hash = p->old_hash_copy;
	}
	sqlite3_reset(u->find_doc);
	return old_hash && !p->old_hash_copy ? CT_ENOMEM : 1;
}

/* Inserts the passages a worker prepared, each with its forms. */
static int store_prepared_passages(updater *u, ct_prepared *p)
{
	int rc = CT_OK;
	u->prep = p->att_rc == CT_OK ? p : NULL;
	u->phash = p->phash;
	u->att_k = 0;
	for (size_t k = 0; k < p->npass && rc == CT_OK; k++) {
		const ct_passage *ps = &p->pass[k];
		u->pass_k = k;
		ct_fts5_replay(p->dec.text + ps->start, ps->end - ps->start, p->tokens.p + p->tok_off[k],
		               p->tok_off[k + 1] - p->tok_off[k]);
		rc = on_passage(u, ps) ? u->rc : CT_OK;
	}
	ct_fts5_replay(NULL, 0, NULL, 0);
	u->prep = NULL;
	u->phash = NULL;
	return rc;
}

/* Records the attestations gathered for the document just stored. */
static int attest_done(updater *u, sqlite3_int64 id)
{
	int rc = CT_OK;
	for (int l = 0; l < CT_LANG_COUNT && rc == CT_OK; l++) {
		if (!u->lang_n[l])
			continue;
		sqlite3_bind_int64(u->ins_lang, 1, id);
		sqlite3_bind_text(u->ins_lang, 2, ct_lang_code((ct_lang)l), -1, SQLITE_STATIC);
		sqlite3_bind_int64(u->ins_lang, 3, u->lang_n[l]);
		rc = step_done(u, u->ins_lang, "counting passages");
		u->lang_n[l] = 0;
	}
	if (rc != CT_OK || !u->m)
		return rc;
	u->att.doc = id;
	rc = ct_attest_doc_store(u->idx, &u->att);
	if (rc == CT_OK) {
		sqlite3_bind_int64(u->attested, 1, id);
		rc = step_done(u, u->attested, "recording attestations");
	}
	return rc;
}

/* Writes a prepared file into the index (the writer's half of an update). */
static int store_file(updater *u, ct_prepared *p)
{
	const file_ent *f = p->file;
	int rc = CT_OK;
	sqlite3_int64 id = p->id;
	int have = p->have;

	if (p->read_rc == CT_ETOOBIG) {
		ct_buf m = {0};
		ct_buf_printf(&m, "%s: TMX file larger than %u MB, refused", f->path, CT_TMX_MAX_BYTES >> 20);
		notice(u, CT_NOTICE_ERROR, m.p ? m.p : f->path);
		ct_buf_free(&m);
		u->stats->refused++;
		return have ? mark_seen(u, id) : CT_OK;
	}
	if (p->read_rc != CT_OK) {
		ct_buf m = {0};
		ct_buf_printf(&m, "%s: cannot read: %s", f->path, ct_strerror(p->read_rc));
		notice(u, CT_NOTICE_ERROR, m.p ? m.p : f->path);
		ct_buf_free(&m);
		u->stats->refused++;
		if (p->read_rc == CT_ENOMEM)
			return p->read_rc;
		return have ? mark_seen(u, id) : CT_OK;
	}
	u->stats->bytes += p->n;
	if (p->unchanged) {
		sqlite3_bind_int64(u->touch_doc, 1, p->size);
		sqlite3_bind_int64(u->touch_doc, 2, p->mtime);
		sqlite3_bind_int64(u->touch_doc, 3, id);
		rc = step_done(u, u->touch_doc, "updating a document");
		if (rc == CT_OK)
			rc = mark_seen(u, id);
		u->stats->unchanged++;
		return rc;
	}

	if (p->tmx) {
		rc = ct_tmx_index_file(u->idx, f->path, f->stored, p->buf, p->n, have ? id : 0, &id,
		                       u->opts ? u->opts->notice : NULL, u->opts ? u->opts->notice_ctx : NULL,
		                       &u->stats->passages);
		if (rc == CT_EFORMAT || rc == CT_ESYNTAX) {
			u->stats->refused++;
			return have ? mark_seen(u, id) : CT_OK;
		}
		if (rc != CT_OK)
			return rc;
		sqlite3_stmt *h = NULL;
		int src = sqlite3_prepare_v2(u->idx->db, "UPDATE doc SET hash = ?1, size = ?2, mtime = ?3 WHERE id = ?4", -1,
		                             &h, NULL);
		if (src != SQLITE_OK)
			return ct_index_dberr(u->idx, src, "updating a document");
		sqlite3_bind_text(h, 1, p->hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(h, 2, p->size);
		sqlite3_bind_int64(h, 3, p->mtime);
		sqlite3_bind_int64(h, 4, id);
		rc = step_done(u, h, "updating a document");
		sqlite3_finalize(h);
		if (rc == CT_OK)
			rc = mark_seen(u, id);
		if (rc == CT_OK) {
			sqlite3_stmt *c = NULL;
			sqlite3_bind_int64(u->del_lang, 1, id);
			rc = step_done(u, u->del_lang, "counting passages");
			src = rc == CT_OK ? sqlite3_prepare_v2(u->idx->db,
			                                       "INSERT INTO doc_lang(doc, lang, n) SELECT doc, lang, count(*)"
			                                       " FROM passage WHERE doc = ?1 GROUP BY lang",
			                                       -1, &c, NULL)
			                  : SQLITE_OK;
			if (rc == CT_OK && src != SQLITE_OK)
				rc = ct_index_dberr(u->idx, src, "counting passages");
			if (rc == CT_OK) {
				sqlite3_bind_int64(c, 1, id);
				rc = step_done(u, c, "counting passages");
			}
			sqlite3_finalize(c);
		}
		if (rc == CT_OK && u->m) {
			sqlite3_bind_int64(u->del_attest, 1, id);
			rc = step_done(u, u->del_attest, "removing old attestations");
			if (rc == CT_OK)
				rc = ct_attest_stored_doc(u->idx, u->m, id);
			if (rc == CT_OK)
				rc = attest_done(u, id);
		}
		if (rc == CT_OK)
			have ? u->stats->updated++ : u->stats->added++;
		return rc;
	}

	if (p->decode_rc == CT_ENOMEM)
		return CT_ENOMEM;
	if (p->decode_rc != CT_OK) {
		notice(u, p->n == 0 ? CT_NOTICE_WARNING : CT_NOTICE_ERROR, p->dec.why);
		if (p->n == 0)
			u->stats->skipped++;
		else
			u->stats->refused++;
		return have ? mark_seen(u, id) : CT_OK;
	}
	if (p->dec.why[0])
		notice(u, CT_NOTICE_WARNING, p->dec.why);

	const char *title = f->title;
	const char *slash = strrchr(f->stored, '/');
	if (!title)
		title = slash ? slash + 1 : f->stored;
	const char *note = p->dec.converted ? p->dec.why : NULL;
	if (have) {
		rc = drop_passages(u, id);
		if (rc != CT_OK)
			return rc;
		sqlite3_stmt *s = u->upd_doc;
		sqlite3_bind_text(s, 1, p->hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, p->size);
		sqlite3_bind_int64(s, 3, p->mtime);
		sqlite3_bind_text(s, 4, ct_lang_code(p->lang), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, title, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 6, note, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 7, id);
		rc = step_done(u, s, "updating a document");
		u->stats->updated++;
	} else {
		sqlite3_stmt *s = u->ins_doc;
		sqlite3_bind_text(s, 1, f->stored, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, p->hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 3, p->size);
		sqlite3_bind_int64(s, 4, p->mtime);
		sqlite3_bind_text(s, 5, ct_lang_code(p->lang), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, title, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 7, note, -1, SQLITE_TRANSIENT);
		rc = step_done(u, s, "adding a document");
		id = sqlite3_last_insert_rowid(u->idx->db);
		u->stats->added++;
	}
	if (rc == CT_OK)
		rc = mark_seen(u, id);
	if (rc != CT_OK)
		return rc;
	u->text = p->dec.text;
	u->base = p->dec.base;
	u->doc_id = id;
	u->rc = CT_OK;
	ct_attest_doc_reset(&u->att, id);
	memset(u->lang_n, 0, sizeof(u->lang_n));
	if (p->analysed) {
		rc = store_prepared_passages(u, p);
	} else {
		rc = ct_segment_n(p->dec.text, p->dec.n, p->lang, p->sentences, on_passage, u);
		if (rc != CT_OK && u->rc != CT_OK)
			rc = u->rc;
		else if (rc != CT_OK)
			rc = ct_index_fail(u->idx, rc, "%s: cannot segment: %s", f->path, ct_strerror(rc));
	}
	if (rc == CT_OK)
		rc = attest_done(u, id);
	if (rc == CT_OK && p->sentences == 1)
		rc = ct_parallel_note_doc(u->idx, id, f->stored);
	return rc;
}

/*
 * Fills a batch with the next files that must be read, from *cursor on:
 * at most CT_BATCH_FILES files or CT_BATCH_BYTES bytes, so that the
 * memory of an update does not grow with the corpus.
 */
#define CT_BATCH_FILES 16
#define CT_BATCH_BYTES (2u << 20)

static int fill_batch(updater *u, const file_list *files, size_t *cursor, ct_prepared *items, size_t *n)
{
	size_t bytes = 0;
	*n = 0;
	while (*cursor < files->n && *n < CT_BATCH_FILES && bytes < CT_BATCH_BYTES) {
		int rc = check_file(u, &files->a[*cursor], &items[*n]);
		(*cursor)++;
		if (rc < 0)
			return rc;
		if (rc == 1) {
			bytes += (size_t)items[*n].size;
			(*n)++;
		}
	}
	return CT_OK;
}

/*
 * Makes ready to find attestations: the glossary's matcher (none when it
 * has no terms), and *all set when the stored attestations were found
 * with another glossary: they are dropped, and every document is matched
 * again by the end of the update.
 */
static int attest_begin(ct_index *idx, updater *u, char fingerprint[CT_FINGERPRINT_LEN], int *all)
{
	char *stored = NULL;
	sqlite3_stmt *st = NULL;
	int rc = ct_attest_fingerprint(idx, fingerprint), src;

	if (rc != CT_OK)
		return rc;
	src = sqlite3_prepare_v2(idx->db, "SELECT value FROM meta WHERE key = 'attest_glossary'", -1, &st, NULL);
	if (src == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		stored = ct_strndup((const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	*all = !stored || strcmp(stored, fingerprint) != 0;
	free(stored);
	if (*all) {
		src = sqlite3_exec(idx->db, "DELETE FROM attest", NULL, NULL, NULL);
		if (src != SQLITE_OK)
			return ct_index_dberr(idx, src, "removing old attestations");
	}
	if ((rc = ct_index_matcher(idx, &u->m)) != CT_OK)
		return rc;
	if (ct_matcher_empty(u->m))
		u->m = NULL;
	return CT_OK;
}

/*
 * An index filled from empty is written with a rollback journal.  In WAL
 * mode every page of it would go to the -wal file first and be copied
 * into the database at the checkpoint: the index written twice (at 10 MB,
 * the commit took 0.12 s of a 0.77 s build, 0.04 s with a rollback
 * journal).  There is nothing yet for a reader to miss; one that comes
 * during the build waits, then is told the index is being written.  WAL
 * comes back when the update ends, so that readers keep answering while
 * later updates run.  Returns 1 when the journal now is `mode`.
 */
static int set_journal(sqlite3 *db, const char *mode)
{
	sqlite3_stmt *st = NULL;
	char sql[64];
	int ok = 0;
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode=%s", mode);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		ok = m && sqlite3_stricmp(m, mode) == 0;
	}
	sqlite3_finalize(st);
	return ok;
}

/* Whether the update starts from an empty index: a new one, or one made
 * with other rules (emptied first). */
static int starts_empty(ct_index *idx)
{
	sqlite3_stmt *st = NULL;
	int empty = 0;
	if (idx->stale_version)
		return 1;
	if (sqlite3_prepare_v2(idx->db, "SELECT NOT EXISTS(SELECT 1 FROM passage)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

static int prepare(ct_index *idx, sqlite3_stmt **st, const char *sql)
{
	int rc = sqlite3_prepare_v2(idx->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? CT_OK : ct_index_dberr(idx, rc, "preparing the update");
}

int ct_index_update(ct_index *idx, const char *const *paths, size_t npaths,
                    const ct_update_opts *opts, ct_update_stats *stats)
{
	file_list files = {0};
	updater u;
	ct_update_stats dummy;
	int rc = CT_OK, in_tx = 0;
	ct_analyzer *analyzers[CT_PREPARE_THREADS] = {NULL};
	static ct_prep_batch batch_init;
	ct_prep_batch batch[2] = {batch_init, batch_init};
	ct_prepared (*items)[CT_BATCH_FILES] = calloc(2, sizeof(*items));
	int running[2] = {0, 0};
	char fingerprint[CT_FINGERPRINT_LEN];
	int attest_all = 0, bulk = 0, rollback_journal = 0;
	ct_prep_gate gate;
	ct_prep_pool pool;

	if (!items)
		return CT_ENOMEM;

	memset(&u, 0, sizeof(u));
	ct_prep_gate_init(&gate);
	ct_prep_pool_init(&pool);
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	u.idx = idx;
	u.opts = opts;
	u.stats = stats;
	if (idx->readonly) {
		free(items);
		ct_prep_gate_destroy(&gate);
		ct_prep_pool_destroy(&pool);
		return ct_index_fail(idx, CT_EREADONLY, "%s: opened read-only", idx->path);
	}
	drop_aux(idx);
	free(idx->errmsg); /* a failure below always leaves its own message */
	idx->errmsg = NULL;

	for (size_t i = 0; i < npaths; i++) {
		rc = walk(idx, &files, paths[i], opts ? opts->base : NULL, 0);
		if (rc != CT_OK)
			goto done;
	}
	if (starts_empty(idx))
		rollback_journal = set_journal(idx->db, "delete");
	int src = sqlite3_exec(idx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "starting the update");
		goto done;
	}
	in_tx = 1;
	if (idx->stale_version) {
		/* made with other rules: every document is read again */
		char num[32];
		snprintf(num, sizeof(num), "%d", CT_NORMALIZER_VERSION);
		src = sqlite3_exec(idx->db,
		                   "INSERT INTO fts(fts) VALUES('delete-all');"
		                   "DELETE FROM palign; DELETE FROM parallel; DELETE FROM passage; DELETE FROM doc;"
		                   "DELETE FROM attest; DELETE FROM attest_sum; DELETE FROM doc_lang;",
		                   NULL, NULL, NULL);
		if (src == SQLITE_OK)
			src = meta_set(idx->db, "normalizer_version", num);
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "rebuilding the index");
			goto done;
		}
	}
	src = sqlite3_exec(idx->db,
	                   "CREATE TEMP TABLE IF NOT EXISTS seen(id INTEGER PRIMARY KEY); DELETE FROM seen;"
	                   "CREATE TEMP TABLE IF NOT EXISTS attested(id INTEGER PRIMARY KEY); DELETE FROM attested;",
	                   NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "starting the update");
		goto done;
	}
	/* an index filled from empty gets its index of passage hashes at the
	 * end, built from sorted keys: inserted one by one in hash order,
	 * every passage would touch a random page of it, and at 1 GB those
	 * pages no longer fit SQLite's cache */
	{
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(idx->db, "SELECT EXISTS(SELECT 1 FROM passage)", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0)
			bulk = 1;
		sqlite3_finalize(st);
		if (bulk && (src = sqlite3_exec(idx->db, "DROP INDEX IF EXISTS passage_hash", NULL, NULL, NULL)) != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "starting the update");
			goto done;
		}
	}
	if ((rc = prepare(idx, &u.find_doc, "SELECT id, hash, size, mtime FROM doc WHERE path=?")) ||
	    (rc = prepare(idx, &u.ins_doc, "INSERT INTO doc(path, hash, size, mtime, lang, title, note) VALUES(?,?,?,?,?,?,?)")) ||
	    (rc = prepare(idx, &u.upd_doc, "UPDATE doc SET hash=?, size=?, mtime=?, lang=?, title=?, note=? WHERE id=?")) ||
	    (rc = prepare(idx, &u.touch_doc, "UPDATE doc SET size=?, mtime=? WHERE id=?")) ||
	    (rc = prepare(idx, &u.del_align, "DELETE FROM palign WHERE a IN (SELECT id FROM passage WHERE doc = ?1) OR b IN (SELECT id FROM passage WHERE doc = ?1)")) ||
	    (rc = prepare(idx, &u.del_fts, "INSERT INTO fts(fts, rowid, text) SELECT 'delete', id, text FROM passage WHERE doc=?")) ||
	    (rc = prepare(idx, &u.del_pass, "DELETE FROM passage WHERE doc=?")) ||
	    (rc = prepare(idx, &u.ins_pass, "INSERT INTO passage(doc, line, start, end, lang, kind, hash, text) VALUES(?,?,?,?,?,?,?,?)")) ||
	    (rc = prepare(idx, &u.ins_fts, "INSERT INTO fts(rowid, text) VALUES(?, ?)")) ||
	    (rc = prepare(idx, &u.seen, "INSERT OR IGNORE INTO temp.seen(id) VALUES(?)")) ||
	    (rc = prepare(idx, &u.del_attest, "DELETE FROM attest WHERE doc = ?")) ||
	    (rc = prepare(idx, &u.attested, "INSERT OR IGNORE INTO temp.attested(id) VALUES(?)")) ||
	    (rc = prepare(idx, &u.del_lang, "DELETE FROM doc_lang WHERE doc = ?")) ||
	    (rc = prepare(idx, &u.ins_lang, "INSERT OR REPLACE INTO doc_lang(doc, lang, n) VALUES(?, ?, ?)")))
		goto done;

	/* the writer stores one batch while the workers prepare the next */
	ct_decode_opts dopts = {opts ? opts->repair_utf8 : 0, opts ? opts->encoding : NULL};
	for (int t = 0; t < CT_PREPARE_THREADS; t++)
		if (ct_analyzer_new(&analyzers[t]) != CT_OK) {
			rc = CT_ENOMEM;
			goto done;
		}
	size_t cursor = 0;
	for (int k = 0; k < 2; k++) {
		batch[k].items = items[k];
		batch[k].dopts = &dopts;
		batch[k].gate = &gate;
		batch[k].pool = &pool;
	}
	rc = fill_batch(&u, &files, &cursor, items[0], &batch[0].n);
	if (rc != CT_OK)
		goto done;
	ct_prep_batch_start(&batch[0], analyzers, CT_PREPARE_THREADS);
	running[0] = 1;
	/* the glossary, while the workers analyse the first files: their
	 * passages are matched with it once it is loaded */
	if (opts && opts->glossary_dir) {
		rc = ct_glossary_sync_dir(idx, opts->glossary_dir, opts->base ? opts->base : ct_data_dir());
		if (rc != CT_OK)
			goto done;
	}
	rc = attest_begin(idx, &u, fingerprint, &attest_all);
	if (rc != CT_OK)
		goto done;
	ct_prep_gate_open(&gate, u.m);
	for (int cur = 0; batch[cur].n > 0; cur ^= 1) {
		int nxt = cur ^ 1;
		rc = fill_batch(&u, &files, &cursor, items[nxt], &batch[nxt].n);
		ct_prep_batch_wait(&batch[cur]);
		running[cur] = 0;
		if (rc == CT_OK && batch[nxt].n > 0) {
			ct_prep_batch_start(&batch[nxt], analyzers, CT_PREPARE_THREADS);
			running[nxt] = 1;
		}
		for (size_t i = 0; i < batch[cur].n; i++) {
			if (rc == CT_OK)
				rc = store_file(&u, &items[cur][i]);
			ct_prepared_recycle(&items[cur][i], &pool);
		}
		batch[cur].n = 0;
		if (rc != CT_OK)
			goto done;
	}
	if (!(opts && opts->keep_others)) {
		sqlite3_stmt *st = NULL;
		rc = prepare(idx, &st, "SELECT id FROM doc WHERE id NOT IN (SELECT id FROM temp.seen)");
		/* (parallel rows of removed documents go in ct_parallel_align_all) */
		if (rc != CT_OK)
			goto done;
		while (sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(st, 0);
			rc = drop_passages(&u, id);
			if (rc != CT_OK)
				break;
			stats->removed++;
		}
		sqlite3_finalize(st);
		if (rc != CT_OK)
			goto done;
		src = sqlite3_exec(idx->db, "DELETE FROM doc WHERE id NOT IN (SELECT id FROM temp.seen)", NULL, NULL, NULL);
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "removing documents");
			goto done;
		}
	}
	/* a glossary that changed since the unchanged documents were
	 * matched: they are matched again from their stored passages */
	if (attest_all && u.m)
		rc = ct_attest_stored_rest(idx, u.m);
	if (rc == CT_OK && (attest_all || stats->added || stats->updated || stats->removed))
		rc = ct_attest_summarize(idx);
	if (rc == CT_OK && attest_all) {
		src = meta_set(idx->db, "attest_glossary", fingerprint);
		if (src != SQLITE_OK)
			rc = ct_index_dberr(idx, src, "recording attestations");
	}
	if (rc == CT_OK && bulk) {
		src = sqlite3_exec(idx->db, "CREATE INDEX IF NOT EXISTS passage_hash ON passage(hash)", NULL, NULL, NULL);
		if (src != SQLITE_OK)
			rc = ct_index_dberr(idx, src, "indexing passage hashes");
	}
	if (rc == CT_OK && (stats->added || stats->updated || stats->removed))
		rc = ct_parallel_align_all(idx);
	if (rc != CT_OK)
		goto done;
	src = sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "committing the update");
		goto done;
	}
	in_tx = 0;
	idx->stale_version = 0;
done:
	sqlite3_finalize(u.find_doc);
	sqlite3_finalize(u.ins_doc);
	sqlite3_finalize(u.upd_doc);
	sqlite3_finalize(u.touch_doc);
	sqlite3_finalize(u.del_align);
	sqlite3_finalize(u.del_fts);
	sqlite3_finalize(u.del_pass);
	sqlite3_finalize(u.ins_pass);
	sqlite3_finalize(u.ins_fts);
	sqlite3_finalize(u.seen);
	sqlite3_finalize(u.del_attest);
	sqlite3_finalize(u.attested);
	sqlite3_finalize(u.del_lang);
	sqlite3_finalize(u.ins_lang);
	ct_attest_doc_free(&u.att);
	ct_prep_gate_open(&gate, NULL); /* (after a failure, workers may wait) */
	for (int k = 0; k < 2; k++) {
		if (running[k])
			ct_prep_batch_wait(&batch[k]);
		for (size_t i = 0; i < batch[k].n; i++)
			ct_prepared_free(&items[k][i]);
	}
	free(items);
	ct_prep_gate_destroy(&gate);
	ct_prep_pool_destroy(&pool);
	for (int t = 0; t < CT_PREPARE_THREADS; t++)
		ct_analyzer_free(analyzers[t]);
	if (rc != CT_OK && !idx->errmsg)
		ct_index_fail(idx, rc, "%s: update failed: %s; the index is unchanged", idx->path, ct_strerror(rc));
	if (in_tx)
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
	if (rollback_journal)
		set_journal(idx->db, "wal");
	file_list_free(&files);
	return rc;
}

int ct_index_info_get(ct_index *idx, ct_index_info *info)
{
	sqlite3_stmt *st = NULL;
	long v = 0;
	memset(info, 0, sizeof(*info));
	int rc = sqlite3_prepare_v2(idx->db,
	                            "SELECT (SELECT count(*) FROM doc), (SELECT count(*) FROM passage),"
	                            " (SELECT count(*) FROM concept), (SELECT count(*) FROM term),"
	                            " (SELECT value FROM meta WHERE key='unicode_version')",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ct_index_dberr(idx, rc, "reading the index");
	if (sqlite3_step(st) == SQLITE_ROW) {
		info->documents = (long)sqlite3_column_int64(st, 0);
		info->passages = (long)sqlite3_column_int64(st, 1);
		info->concepts = (long)sqlite3_column_int64(st, 2);
		info->terms = (long)sqlite3_column_int64(st, 3);
		const char *u = (const char *)sqlite3_column_text(st, 4);
		snprintf(info->unicode_version, sizeof(info->unicode_version), "%s", u ? u : "");
	}
	sqlite3_finalize(st);
	if (meta_get_int(idx->db, "schema_version", &v))
		info->schema_version = (int)v;
	if (meta_get_int(idx->db, "normalizer_version", &v))
		info->normalizer_version = (int)v;
	return CT_OK;
}

/* ------------------------------------------------------------ defaults */

const char *ct_data_dir(void)
{
	const char *e = getenv("CYRTERM_DATA");
	return e && *e ? e : CT_DATADIR;
}

const char *ct_default_db_path(void)
{
	static char path[PATH_MAX + 64];
	const char *e = getenv("CYRTERM_DB");
	if (e && *e)
		return e;
	if (path[0])
		return path;
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char dir[PATH_MAX];
	if (xdg && *xdg)
		snprintf(dir, sizeof(dir), "%s/cyrterm", xdg);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.cache/cyrterm", home);
	else
		snprintf(dir, sizeof(dir), "/tmp/cyrterm-%ld", (long)getuid());
	/* mkdir -p of the last two levels */
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", dir);
	char *slash = strrchr(parent, '/');
	if (slash) {
		*slash = '\0';
		mkdir(parent, 0755);
	}
	mkdir(dir, 0755);
	/* one default index per data folder, so two checkouts do not share */
	const char *data = ct_data_dir();
	snprintf(path, sizeof(path), "%s/default-%08llx.db", dir,
	         (unsigned long long)(ct_hash64(data, strlen(data)) & 0xffffffffULL));
	return path;
}

static void drop_notice(void *ctx, ct_notice_level lv, const char *msg)
{
	CT_UNUSED(ctx);
	CT_UNUSED(lv);
	CT_UNUSED(msg);
}

int ct_index_open_default(ct_index **out, ct_notice_fn notice_fn, void *notice_ctx,
                          char *errmsg, size_t errcap)
{
	ct_index *idx = NULL;
	int rc;
	const char *data = ct_data_dir();
	ct_buf corpus = {0}, dict = {0};
	*out = NULL;
	rc = ct_index_open(&idx, ct_default_db_path(), CT_OPEN_CREATE, errmsg, errcap);
	if (rc != CT_OK)
		return rc;
	if (ct_buf_printf(&corpus, "%s/corpus", data) != CT_OK || ct_buf_printf(&dict, "%s/dict", data) != CT_OK) {
		rc = CT_ENOMEM;
		goto done;
	}
	const char *paths[1] = {corpus.p};
	ct_update_opts o;
	memset(&o, 0, sizeof(o));
	o.base = data;
	o.notice = notice_fn ? notice_fn : drop_notice;
	o.notice_ctx = notice_ctx;
	o.glossary_dir = dict.p;
	rc = ct_index_update(idx, paths, 1, &o, NULL);
	if (rc == CT_EBUSY) {
		/* another process is updating it: answer from what it holds */
		if (o.notice)
			o.notice(o.notice_ctx, CT_NOTICE_INFO, "the default index is being updated by another process; searching it as it is");
		rc = ct_index_check_fresh(idx);
	}
	if (rc != CT_OK && errmsg)
		snprintf(errmsg, errcap, "%s", ct_index_errmsg(idx));
done:
	ct_buf_free(&corpus);
	ct_buf_free(&dict);
	if (rc != CT_OK) {
		ct_index_free(idx);
		return rc;
	}
	*out = idx;
	return CT_OK;
}
