/*
 * helper.c -- a second reader of an index, on a thread of its own.
 *
 * A search at 100 MB spends most of its time in FTS5 reading the matches
 * of common words, one row after another («инновация»: 38,703 passages).
 * The machine has two cores and a search used one.  The helper holds a
 * read-only connection of its own to the same file and runs one job at a
 * time: search.c hands it the upper half of a scan's rowids while the
 * caller's connection reads the lower half.  A connection is for one
 * thread at a time; the helper's is used by the helper's thread only.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define HELPER_STMTS 4

struct ct_helper {
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int state; /* 0 idle, 1 a job to run, 2 done, 3 quit */
	ct_helper_fn fn;
	void *arg;
	struct {
		const char *sql; /* compared by address: the callers' SQL is static */
		sqlite3_stmt *st;
	} stmts[HELPER_STMTS];
	int nstmts;
};

static void *helper_main(void *p)
{
	ct_helper *h = p;
	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (h->state != 1 && h->state != 3)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->state == 3)
			break;
		pthread_mutex_unlock(&h->mu);
		h->fn(h, h->arg);
		pthread_mutex_lock(&h->mu);
		h->state = 2;
		pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

int ct_helper_open(ct_helper **out, const char *path)
{
	ct_helper *h;
	int src;

	*out = NULL;
	if (!path || !*path || strcmp(path, ":memory:") == 0)
		return CT_EINVAL; /* another connection would see another database */
	h = calloc(1, sizeof(*h));
	if (!h)
		return CT_ENOMEM;
	src = sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_exec(h->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		/* a WAL index on a read-only disk: as ct_index_open() reads it */
		sqlite3_close_v2(h->db);
		h->db = NULL;
		char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
		src = uri ? sqlite3_open_v2(uri, &h->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL)
		          : SQLITE_NOMEM;
		sqlite3_free(uri);
	}
	if (src != SQLITE_OK || ct_fts5_register(h->db) != SQLITE_OK) {
		sqlite3_close_v2(h->db);
		free(h);
		return CT_EIO;
	}
	sqlite3_busy_timeout(h->db, 10000);
	if (pthread_mutex_init(&h->mu, NULL) != 0) {
		sqlite3_close_v2(h->db);
		free(h);
		return CT_ENOMEM;
	}
	if (pthread_cond_init(&h->cv, NULL) != 0) {
		pthread_mutex_destroy(&h->mu);
		sqlite3_close_v2(h->db);
		free(h);
		return CT_ENOMEM;
	}
	if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
		pthread_cond_destroy(&h->cv);
		pthread_mutex_destroy(&h->mu);
		sqlite3_close_v2(h->db);
		free(h);
		return CT_ENOMEM;
	}
	*out = h;
	return CT_OK;
}

sqlite3 *ct_helper_db(ct_helper *h)
{
	return h->db;
}

sqlite3_stmt *ct_helper_stmt(ct_helper *h, const char *sql)
{
	for (int i = 0; i < h->nstmts; i++)
		if (h->stmts[i].sql == sql) {
			sqlite3_reset(h->stmts[i].st);
			sqlite3_clear_bindings(h->stmts[i].st);
			return h->stmts[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(h->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	if (h->nstmts == HELPER_STMTS) {
		sqlite3_finalize(h->stmts[0].st);
		memmove(&h->stmts[0], &h->stmts[1], (HELPER_STMTS - 1) * sizeof(h->stmts[0]));
		h->nstmts--;
	}
	h->stmts[h->nstmts].sql = sql;
	h->stmts[h->nstmts].st = st;
	h->nstmts++;
	return st;
}

void ct_helper_start(ct_helper *h, ct_helper_fn fn, void *arg)
{
	pthread_mutex_lock(&h->mu);
	h->fn = fn;
	h->arg = arg;
	h->state = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

void ct_helper_wait(ct_helper *h)
{
	pthread_mutex_lock(&h->mu);
	while (h->state == 1)
		pthread_cond_wait(&h->cv, &h->mu);
	h->state = 0;
	pthread_mutex_unlock(&h->mu);
}

void ct_helper_free(ct_helper *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->state = 3;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	for (int i = 0; i < h->nstmts; i++)
		sqlite3_finalize(h->stmts[i].st);
	sqlite3_close_v2(h->db);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

/* The FTS5 index's structure record (segments and write counter): two
 * connections that read the same one read the same FTS5 index. */
int ct_fts_structure(sqlite3_stmt *st, ct_buf *out)
{
	int src;
	out->n = 0;
	if (!st)
		return CT_EDB;
	sqlite3_reset(st);
	if ((src = sqlite3_step(st)) == SQLITE_ROW) {
		ct_buf_put(out, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
		src = SQLITE_OK;
	}
	sqlite3_reset(st);
	return src == SQLITE_OK && !out->oom ? CT_OK : CT_EDB;
}
