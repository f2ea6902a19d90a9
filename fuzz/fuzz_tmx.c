/*
 * fuzz_tmx.c -- TMX translation memories through the index
 * (ct_index_update on a .tmx file), on arbitrary input.
 *
 * One index on tmpfs for the whole run; each input replaces the one TMX
 * document in it (its mtime is set to a new value every time, so that the
 * update never mistakes it for unchanged).  An input is either indexed or
 * refused with a notice; the update itself must succeed, the index must
 * stay consistent with its FTS table, and a search over it must not fail.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cyrterm/cyrterm.h"
#include "internal.h"

#define CHECK(c)                                                              \
	do {                                                                      \
		if (!(c)) {                                                           \
			fprintf(stderr, "fuzz_tmx: %s:%d: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                          \
		}                                                                     \
	} while (0)

static ct_index *idx;
static char dbpath[256], inpath[256];
static long runs;

static void cleanup(void)
{
	ct_index_free(idx);
	unlink(dbpath);
	unlink(inpath);
	char p[300];
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
}

static void setup(void)
{
	char err[512];
	const char *dir = getenv("CT_FUZZ_TMPDIR"); /* the replay script's, removed after */
	if (!dir || !*dir)
		dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dbpath, sizeof(dbpath), "%s/fuzz_tmx-%ld.db", dir, (long)getpid());
	snprintf(inpath, sizeof(inpath), "%s/fuzz_tmx-%ld.tmx", dir, (long)getpid());
	unlink(dbpath);
	if (ct_index_open(&idx, dbpath, CT_OPEN_CREATE, err, sizeof(err)) != CT_OK) {
		fprintf(stderr, "fuzz_tmx: %s\n", err);
		abort();
	}
	atexit(cleanup);
}

typedef struct notes {
	int n;
} notes;

static void on_notice(void *ctx, ct_notice_level lv, const char *msg)
{
	notes *nt = ctx;
	(void)lv;
	CHECK(msg && *msg);
	nt->n++;
#ifdef CT_FUZZ_SKIP_REPORTED
	if (strstr(msg, "XML error:")) /* reported: libxml2's messages span lines */
		return;
#endif
	CHECK(strchr(msg, '\n') == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_update_opts o;
	ct_update_stats st;
	notes nt = {0};
	if (!idx)
		setup();
#ifdef CT_FUZZ_SKIP_REPORTED
	if (size == 0) /* reported: an empty .tmx fails the whole update as "out of memory" */
		return 0;
#endif
	FILE *f = fopen(inpath, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(data, 1, size, f) == size);
	CHECK(fclose(f) == 0);
	struct timespec ts[2];
	ts[0].tv_sec = ts[1].tv_sec = 1000000000 + ++runs;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	CHECK(utimensat(AT_FDCWD, inpath, ts, 0) == 0);

	memset(&o, 0, sizeof(o));
	o.notice = on_notice;
	o.notice_ctx = &nt;
	const char *paths[1] = {inpath};
	int rc = ct_index_update(idx, paths, 1, &o, &st);
	if (rc != CT_OK) {
		fprintf(stderr, "fuzz_tmx: the update failed (%s): %s\n", ct_strerror(rc), ct_index_errmsg(idx));
		abort();
	}
	CHECK(st.added + st.updated + st.refused + st.skipped + st.unchanged == 1);
	/* index.h: files that cannot be read are "refused with a notice".
	 * (-DCT_FUZZ_SKIP_REPORTED: the TMX placeholder refuses silently --
	 * reported; skipped so that a campaign can go on.) */
#ifndef CT_FUZZ_SKIP_REPORTED
	if (st.refused || st.skipped)
		CHECK(nt.n > 0);
#endif

	sqlite3 *db = ct_index_db(idx);
	char *err = NULL;
	/* passages and the FTS index agree, and every passage is inside its
	 * document */
	if (sqlite3_exec(db, "INSERT INTO fts(fts) VALUES('integrity-check')", NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fuzz_tmx: FTS integrity-check failed: %s\n", err ? err : "?");
		abort();
	}
	sqlite3_stmt *q = NULL;
	CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM passage WHERE start > end OR length(CAST(text AS BLOB)) = 0",
	                         -1, &q, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(q) == SQLITE_ROW);
	CHECK(sqlite3_column_int64(q, 0) == 0);
	sqlite3_finalize(q);

	/* a search over whatever was indexed */
	ct_results *r = NULL;
	ct_search_opts so;
	memset(&so, 0, sizeof(so));
	so.limit = 5;
	rc = ct_search(&r, idx, "инновация OR технологије OR технологий", strlen("инновация OR технологије OR технологий"), &so);
	if (rc != CT_OK) {
		fprintf(stderr, "fuzz_tmx: search failed: %s\n", ct_index_errmsg(idx));
		abort();
	}
	ct_results_free(r);
	return 0;
}
