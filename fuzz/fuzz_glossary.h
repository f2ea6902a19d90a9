/*
 * fuzz_glossary.h -- the body shared by the glossary import fuzz targets
 * (the TBX one and the TSV/CSV/.gloss one).  A target defines FUZZ_NAME and
 * FUZZ_EXT, includes this and calls fuzz_glossary(data, size, formats, n).
 *
 * The input is written to a file on tmpfs and imported into an index that
 * lives for the whole run; each import runs inside a transaction that is
 * rolled back afterwards (ct_glossary_import then uses a savepoint), so
 * every input meets the same empty glossary.  A refusal must leave one line
 * on the index; an accepted one must survive export, import, export
 * unchanged in every format (glossary.h).
 */
#ifndef CT_FUZZ_GLOSSARY_H
#define CT_FUZZ_GLOSSARY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cyrterm/cyrterm.h"
#include "internal.h"

#define CHECK(c)                                                              \
	do {                                                                      \
		if (!(c)) {                                                           \
			fprintf(stderr, FUZZ_NAME ": %s:%d: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                          \
		}                                                                     \
	} while (0)

static ct_index *idx;
static char dbpath[256], inpath[256], rtpath[256];

static void cleanup(void)
{
	ct_index_free(idx);
	unlink(dbpath);
	unlink(inpath);
	unlink(rtpath);
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
	snprintf(dbpath, sizeof(dbpath), "%s/" FUZZ_NAME "-%ld.db", dir, (long)getpid());
	snprintf(inpath, sizeof(inpath), "%s/" FUZZ_NAME "-%ld" FUZZ_EXT, dir, (long)getpid());
	snprintf(rtpath, sizeof(rtpath), "%s/" FUZZ_NAME "-%ld.rt", dir, (long)getpid());
	unlink(dbpath);
	if (ct_index_open(&idx, dbpath, CT_OPEN_CREATE, err, sizeof(err)) != CT_OK) {
		fprintf(stderr, FUZZ_NAME ": %s\n", err);
		abort();
	}
	atexit(cleanup);
}

/* index.h: the message of a failure is "one line".  (-DCT_FUZZ_SKIP_REPORTED
 * lets libxml2's two-line messages through -- reported -- so that a
 * campaign can go on.) */
static void one_line(const char *msg)
{
	CHECK(msg && *msg);
#ifdef CT_FUZZ_SKIP_REPORTED
	if (strstr(msg, "XML error:"))
		return;
#endif
	CHECK(strchr(msg, '\n') == NULL);
}

/* Writes the glossary of idx in fmt to a malloc'd buffer. */
static char *export_to(ct_gformat fmt, size_t *n)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, n);
	CHECK(m != NULL);
	int rc = ct_glossary_export(idx, fmt, m);
	CHECK(fclose(m) == 0);
	if (rc != CT_OK) {
		fprintf(stderr, FUZZ_NAME ": exporting an imported glossary (format %d) failed: %s\n", (int)fmt,
		        ct_index_errmsg(idx));
		abort();
	}
	return buf;
}

static void write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(data, 1, size, f) == size);
	CHECK(fclose(f) == 0);
}

/* glossary.h: "Export, import into an empty index and export again give
 * the same bytes." */
static void round_trip(ct_gformat fmt, const char *first, size_t nfirst)
{
	ct_import_stats st;
	size_t nsecond = 0;
	sqlite3 *db = ct_index_db(idx);
	write_file(rtpath, first, nfirst);
	CHECK(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK);
	int rc = ct_glossary_import(idx, rtpath, fmt, &st);
#ifdef CT_FUZZ_SKIP_REPORTED
	/* reported: TBX takes any part of speech ("noun phrase"), TSV and CSV
	 * only one word */
	if (rc != CT_OK && strstr(ct_index_errmsg(idx), "_pos must be a word")) {
		CHECK(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
		ct_index_glossary_changed(idx);
		return;
	}
#endif
	if (rc != CT_OK) {
		fprintf(stderr, FUZZ_NAME ": re-importing an exported glossary (format %d) failed: %s\n", (int)fmt,
		        ct_index_errmsg(idx));
		abort();
	}
	char *second = export_to(fmt, &nsecond);
	if (nsecond != nfirst || memcmp(first, second, nfirst) != 0) {
		fprintf(stderr, FUZZ_NAME ": export (format %d) differs after import and export:\n--- first\n%.*s\n--- second\n%.*s\n",
		        (int)fmt, (int)nfirst, first, (int)nsecond, second);
		abort();
	}
	free(second);
	CHECK(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
	ct_index_glossary_changed(idx);
}

/* Imports the input file as fmt inside a transaction that is rolled back;
 * an accepted glossary must survive an export-import-export round trip in
 * every format. */
static void import_once(ct_gformat fmt)
{
	/* the formats ct_glossary_export() writes */
	static const ct_gformat fmts[] = {CT_GFORMAT_TBX, CT_GFORMAT_TSV, CT_GFORMAT_CSV};
	char *out[3] = {NULL, NULL, NULL};
	size_t nout[3] = {0, 0, 0};
	ct_import_stats st;
	sqlite3 *db = ct_index_db(idx);
	CHECK(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK);
	int rc = ct_glossary_import(idx, inpath, fmt, &st);
	if (rc == CT_OK) {
		for (size_t i = 0; i < 3; i++)
			out[i] = export_to(fmts[i], &nout[i]);
	} else {
		CHECK(rc == CT_ESYNTAX || rc == CT_EFORMAT || rc == CT_EUTF8 || rc == CT_ETOOBIG || rc == CT_ENOMEM);
		one_line(ct_index_errmsg(idx));
	}
	CHECK(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
	ct_index_glossary_changed(idx);
	if (rc == CT_OK && st.concepts > 0)
		for (size_t i = 0; i < 3; i++)
			round_trip(fmts[i], out[i], nout[i]);
	for (size_t i = 0; i < 3; i++)
		free(out[i]);
}

static void fuzz_glossary(const uint8_t *data, size_t size, const ct_gformat *fmts, size_t n)
{
	if (!idx)
		setup();
	write_file(inpath, data, size);
	for (size_t i = 0; i < n; i++)
		import_once(fmts[i]);
}

#endif
