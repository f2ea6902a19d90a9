/*
 * test_index.c -- building and updating an index: one transaction, only
 * changed files re-read, bad files refused without losing what was there.
 */
#include <sqlite3.h>

#include "internal.h"

#include "cyrterm/cyrterm.h"
#include "testutil.h"

static long count(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	long v = -1;
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(ct_fts5_register(h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* The journal mode the index file is left in. */
static int is_wal(const char *db)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int wal = 0;
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	sqlite3_close(h);
	return wal;
}

typedef struct notes {
	char last[4096];
	int n;
} notes;

static void on_notice(void *ctx, ct_notice_level lv, const char *msg)
{
	notes *n = ctx;
	(void)lv;
	snprintf(n->last, sizeof(n->last), "%s", msg);
	n->n++;
}

/* Updates db from path; base and glossary as in ct_update_opts. */
static int update_with(const char *db, const char *path, const char *base, const char *glossary,
                       ct_update_stats *st, notes *nt)
{
	ct_index *idx = NULL;
	char err[512];
	ct_update_opts o;
	memset(&o, 0, sizeof(o));
	o.notice = nt ? on_notice : NULL;
	o.notice_ctx = nt;
	o.base = base;
	o.glossary_dir = glossary;
	ck_assert_int_eq(ct_index_open(&idx, db, CT_OPEN_CREATE, err, sizeof(err)), CT_OK);
	const char *paths[1] = {path};
	int rc = ct_index_update(idx, paths, 1, &o, st);
	ct_index_free(idx);
	return rc;
}

static int update(const char *db, const char *path, ct_update_stats *st, notes *nt)
{
	return update_with(db, path, NULL, NULL, st, nt);
}

START_TEST(incremental_update)
{
	char *dir = tu_tmpdir();
	char *docs = tu_path(dir, "docs");
	char *db = tu_path(dir, "i.db");
	char *a = tu_path(docs, "a.txt");
	char *b = tu_path(docs, "b.txt");
	ct_update_stats st;
	notes nt = {{0}, 0};
	mkdir(docs, 0755);
	tu_write(a, "Инновациялық қызмет дамиды.\n", strlen("Инновациялық қызмет дамиды.\n"));
	tu_write(b, "Технолошки парк у Алматију.\n", strlen("Технолошки парк у Алматију.\n"));

	ck_assert_int_eq(update(db, docs, &st, &nt), CT_OK);
	ck_assert_uint_eq(st.added, 2);
	ck_assert_uint_eq(st.passages, 2);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM passage"), 2);
	/* a first update builds the passage-hash index at its end */
	ck_assert_int_eq(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'passage_hash'"), 1);
	/* passages counted per document and language */
	ck_assert_int_eq(count(db, "SELECT n FROM doc_lang WHERE lang = 'kk'"), 1);
	ck_assert_int_eq(count(db, "SELECT n FROM doc_lang WHERE lang = 'sr'"), 1);
	/* built with a rollback journal, left in WAL mode */
	ck_assert(is_wal(db));

	/* a second run reads nothing again */
	ck_assert_int_eq(update(db, docs, &st, &nt), CT_OK);
	ck_assert_uint_eq(st.unchanged, 2);
	ck_assert_uint_eq(st.added + st.updated + st.removed, 0);

	/* a changed file is re-indexed, a removed one dropped */
	sleep(1);
	tu_write(a, "Жаңа мәтін.\nЕкінші жол.\n", strlen("Жаңа мәтін.\nЕкінші жол.\n"));
	unlink(b);
	ck_assert_int_eq(update(db, docs, &st, &nt), CT_OK);
	ck_assert_uint_eq(st.updated, 1);
	ck_assert_uint_eq(st.removed, 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM doc"), 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM passage"), 2);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM doc_lang WHERE lang = 'sr'"), 0);
	ck_assert_int_eq(count(db, "SELECT sum(n) FROM doc_lang"), 2);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'passage_hash'"), 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM fts WHERE fts MATCH 'парк'"), 0);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM fts WHERE fts MATCH 'мәтін'"), 1);
	ck_assert_int_eq(count(db, "SELECT line FROM passage WHERE text LIKE 'Екінші%'"), 2);

	/* a reader in the middle of a read does not stop an update, and
	 * goes on seeing the index as it was when it began */
	{
		sqlite3 *r = NULL;
		sqlite3_stmt *rd = NULL;
		ck_assert_int_eq(sqlite3_open_v2(db, &r, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_prepare_v2(r, "SELECT text FROM passage ORDER BY id", -1, &rd, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(rd), SQLITE_ROW);
		tu_write(b, "Технолошки парк у Алматију.\n", strlen("Технолошки парк у Алматију.\n"));
		ck_assert_int_eq(update(db, docs, &st, &nt), CT_OK);
		ck_assert_uint_eq(st.added, 1);
		ck_assert_int_eq(sqlite3_step(rd), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_step(rd), SQLITE_DONE);
		sqlite3_finalize(rd);
		sqlite3_close(r);
		ck_assert_int_eq(count(db, "SELECT count(*) FROM passage"), 3);
		ck_assert(is_wal(db));
	}

	tu_rmtree(dir);
	free(dir); free(docs); free(db); free(a); free(b);
}
END_TEST

START_TEST(bad_files_refused_old_version_kept)
{
	char *dir = tu_tmpdir();
	char *docs = tu_path(dir, "docs");
	char *db = tu_path(dir, "i.db");
	char *a = tu_path(docs, "a.txt");
	char *e = tu_path(docs, "empty.txt");
	ct_update_stats st;
	notes nt = {{0}, 0};
	mkdir(docs, 0755);
	tu_write(a, "Қазақстан ғылымы.\n", strlen("Қазақстан ғылымы.\n"));
	ck_assert_int_eq(update(db, docs, &st, &nt), CT_OK);

	/* now a broken version: refused, naming file and byte; the old one stays */
	sleep(1);
	tu_write(a, "Қазақстан \xC3\x28 ғылымы.\n", strlen("Қазақстан \xC3\x28 ғылымы.\n"));
	tu_write(e, "", 0);
	nt.n = 0;
	ck_assert_int_eq(update(db, docs, &st, &nt), CT_OK);
	ck_assert_uint_eq(st.refused, 1);
	ck_assert_uint_eq(st.skipped, 1);
	ck_assert_int_eq(nt.n, 2);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM fts WHERE fts MATCH 'ғылымы'"), 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM doc"), 1);

	/* the message names the file and the byte offset */
	nt.n = 0;
	ck_assert_int_eq(update(db, a, &st, &nt), CT_OK);
	ck_assert(tu_contains(nt.last, "a.txt: invalid UTF-8 at byte 19"));
	tu_rmtree(dir);
	free(dir); free(docs); free(db); free(a); free(e);
}
END_TEST

START_TEST(bom_binary_and_legacy_encodings)
{
	char *dir = tu_tmpdir();
	char *db = tu_path(dir, "i.db");
	char *bom = tu_path(dir, "bom.txt");
	char *bin = tu_path(dir, "bin.txt");
	char *cp = tu_path(dir, "cp1251.txt");
	ct_update_stats st;
	notes nt = {{0}, 0};
	tu_write(bom, "\xEF\xBB\xBFЛизинг компаниялары.\n", strlen("\xEF\xBB\xBFЛизинг компаниялары.\n"));
	tu_write(bin, "ab\0cd", 5);
	/* "Развитие науки и экономики в Казахстане." in Windows-1251 */
	const char w1251[] = "\xD0\xE0\xE7\xE2\xE8\xF2\xE8\xE5 \xED\xE0\xF3\xEA\xE8 \xE8 \xFD\xEA\xEE\xED\xEE\xEC\xE8\xEA\xE8 "
	                     "\xE2 \xCA\xE0\xE7\xE0\xF5\xF1\xF2\xE0\xED\xE5. \xD0\xE0\xE7\xE2\xE8\xF2\xE8\xE5 "
	                     "\xF2\xE5\xF5\xED\xEE\xEB\xEE\xE3\xE8\xE9 \xE8 \xE8\xED\xED\xEE\xE2\xE0\xF6\xE8\xE9 "
	                     "\xE2 \xEF\xF0\xEE\xEC\xFB\xF8\xEB\xE5\xED\xED\xEE\xF1\xF2\xE8.\n";
	tu_write(cp, w1251, sizeof(w1251) - 1);
	ck_assert_int_eq(update(db, dir, &st, &nt), CT_OK);
	ck_assert_uint_eq(st.added, 2);
	ck_assert_uint_eq(st.refused, 1);
	ck_assert_int_eq(count(db, "SELECT start FROM passage WHERE text LIKE 'Лизинг%'"), 3);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM fts WHERE fts MATCH 'экономики'"), 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM doc WHERE note LIKE '%windows-1251%'"), 1);
	tu_rmtree(dir);
	free(dir); free(db); free(bom); free(bin); free(cp);
}
END_TEST

START_TEST(repeated_block_listed_once)
{
	char *dir = tu_tmpdir();
	char *db = tu_path(dir, "i.db");
	ct_update_stats st;
	notes nt = {{0}, 0};
	ck_assert_int_eq(update(db, CORPUS("001_ca4ee8680d8a9508.txt"), &st, &nt), CT_OK);
	/* 001 repeats a 22-line block verbatim: its passages share hashes */
	ck_assert_int_ge(count(db, "SELECT count(*) FROM (SELECT hash FROM passage GROUP BY hash HAVING count(*) > 1)"), 20);
	tu_rmtree(dir);
	free(dir); free(db);
}
END_TEST

START_TEST(other_normaliser_is_rebuilt_not_mixed)
{
	char *dir = tu_tmpdir();
	char *db = tu_path(dir, "i.db"), *a = tu_path(dir, "a.txt");
	ct_update_stats st;
	notes nt = {{0}, 0};
	tu_write(a, "Лизинг компаниялары.\n", strlen("Лизинг компаниялары.\n"));
	ck_assert_int_eq(update(db, dir, &st, &nt), CT_OK);
	/* as if an older cyrterm had built it */
	sqlite3 *h = NULL;
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "UPDATE meta SET value = '1' WHERE key = 'normalizer_version'", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	ct_index *idx = NULL;
	char err[512];
	ck_assert_int_eq(ct_index_open(&idx, db, 0, err, sizeof(err)), CT_OK);
	ct_results *r = NULL;
	ck_assert_int_eq(ct_search(&r, idx, "лизинг", strlen("лизинг"), NULL), CT_ESCHEMA);
	ck_assert(tu_contains(ct_index_errmsg(idx), "rebuild"));
	ct_index_free(idx);
	/* the next update reads everything again, and the index answers */
	ck_assert_int_eq(update(db, dir, &st, &nt), CT_OK);
	ck_assert_uint_eq(st.added, 1);
	ck_assert_int_eq(ct_index_open(&idx, db, 0, err, sizeof(err)), CT_OK);
	ck_assert_int_eq(ct_search(&r, idx, "лизинг", strlen("лизинг"), NULL), CT_OK);
	ck_assert_uint_eq(ct_results_count(r), 1);
	ct_results_free(r);
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir); free(db); free(a);
}
END_TEST

START_TEST(missing_and_readonly)
{
	ct_index *idx = NULL;
	char err[512];
	ck_assert_int_eq(ct_index_open(&idx, "/nonexistent-dir/x.db", CT_OPEN_CREATE, err, sizeof(err)), CT_EIO);
	ck_assert_ptr_null(idx);
	ck_assert(tu_contains(err, "/nonexistent-dir/x.db"));
	ck_assert_int_eq(ct_index_open(&idx, "/tmp/definitely-not-here.db", 0, err, sizeof(err)), CT_ENOTFOUND);
	ck_assert(tu_contains(err, "no such index"));
}
END_TEST

/* Passages that differ only in their whitespace are the same passage
 * (a block repeated with other line breaks), whatever their length. */
START_TEST(loose_passage_hash)
{
	ct_buf a = {0}, b = {0};
	for (int i = 0; i < 300; i++) {
		ct_buf_printf(&a, "слово%d ", i);
		ct_buf_printf(&b, "слово%d%s", i, i % 7 == 0 ? "\n\t  " : i % 3 == 0 ? "\r\n" : " ");
	}
	ck_assert_uint_gt(a.n, 2048); /* beyond the hash's buffer */
	ck_assert(ct_passage_hash(a.p, a.n) == ct_passage_hash(b.p, b.n));
	ck_assert(ct_passage_hash(a.p, a.n) >= 0);
	/* trailing whitespace does not count, leading counts as one space */
	ck_assert(ct_passage_hash("ab  ", 4) == ct_passage_hash("ab", 2));
	ck_assert(ct_passage_hash("\n\nab", 4) == ct_passage_hash(" ab", 3));
	ck_assert(ct_passage_hash("ab", 2) != ct_passage_hash(" ab", 3));
	/* but a word's letters count */
	b.p[b.n / 2] ^= 1;
	ck_assert(ct_passage_hash(a.p, a.n) != ct_passage_hash(b.p, b.n));
	ct_buf_free(&a);
	ct_buf_free(&b);
}
END_TEST

/* Rows of a query, one per line, tab-separated (malloc'd). */
static char *dump(const char *db, const char *setup, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	ct_buf b = {0};
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(ct_fts5_register(h), SQLITE_OK);
	if (setup)
		ck_assert_int_eq(sqlite3_exec(h, setup, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++)
			ct_buf_printf(&b, "%s%s", i ? "\t" : "", (const char *)sqlite3_column_text(st, i));
		ct_buf_puts(&b, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	ck_assert(!b.oom && b.p);
	return b.p;
}

static void assert_same(const char *what, const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	ck_assert_msg(a[i] == b[i], "%s differ from byte %zu: «%.80s» against «%.80s»", what, i, a + i, b + i);
}

#define INSTANCES                                                                                         \
	"SELECT term, doc, col, offset FROM temp.v ORDER BY term, doc, col, offset"
#define VOCAB "CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, fts, instance);"

/* Workers analyse the files ahead of the writer and hand over each
 * passage's forms (formstream.c); the FTS5 index made from them must be
 * the one the tokenizer makes from the text itself. */
START_TEST(prepared_forms_are_the_tokenizers)
{
	char *dir = tu_tmpdir();
	char *db = tu_path(dir, "i.db");
	ct_update_stats st;
	notes nt = {{0}, 0};

	ck_assert_int_eq(update(db, CT_SOURCE_DIR "/corpus", &st, &nt), CT_OK);
	ck_assert_uint_eq(st.added, 4);
	char *made = dump(db, VOCAB, INSTANCES);
	/* 'rebuild' tokenizes every stored passage again, on this thread */
	char *again = dump(db, VOCAB "INSERT INTO fts(fts) VALUES('rebuild');", INSTANCES);
	ck_assert_uint_gt(strlen(made), 100000);
	assert_same("the forms indexed", made, again);
	free(made);
	free(again);
	tu_rmtree(dir);
	free(dir);
	free(db);
}
END_TEST

/* The glossary is loaded while the workers analyse the first files, and
 * they match its terms in the forms they made: the same attestations as
 * the writer finds when it matches stored passages for a new glossary. */
START_TEST(attestations_found_by_workers_and_by_the_writer_agree)
{
	char *dir = tu_tmpdir();
	char *fresh = tu_path(dir, "fresh.db");
	char *later = tu_path(dir, "later.db");
	const char *sql = "SELECT concept, doc, lang, n, lines FROM attest ORDER BY concept, doc, lang";

	ck_assert_int_eq(update_with(fresh, CT_SOURCE_DIR "/corpus", CT_SOURCE_DIR, CT_SOURCE_DIR "/dict", NULL, NULL), CT_OK);
	/* without a glossary first, then with it: the unchanged documents
	 * are matched again by the writer, from their stored passages */
	ck_assert_int_eq(update_with(later, CT_SOURCE_DIR "/corpus", CT_SOURCE_DIR, NULL, NULL, NULL), CT_OK);
	ck_assert_int_eq(count(later, "SELECT count(*) FROM attest"), 0);
	ck_assert_int_eq(update_with(later, CT_SOURCE_DIR "/corpus", CT_SOURCE_DIR, CT_SOURCE_DIR "/dict", NULL, NULL), CT_OK);

	char *a = dump(fresh, NULL, sql), *b = dump(later, NULL, sql);
	ck_assert_int_gt(count(fresh, "SELECT count(*) FROM attest"), 100);
	assert_same("the attestations", a, b);
	free(a);
	free(b);
	tu_rmtree(dir);
	free(dir);
	free(fresh);
	free(later);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("index");
	TCase *tc = tcase_create("update");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, incremental_update);
	tcase_add_test(tc, bad_files_refused_old_version_kept);
	tcase_add_test(tc, bom_binary_and_legacy_encodings);
	tcase_add_test(tc, repeated_block_listed_once);
	tcase_add_test(tc, other_normaliser_is_rebuilt_not_mixed);
	tcase_add_test(tc, missing_and_readonly);
	tcase_add_test(tc, prepared_forms_are_the_tokenizers);
	tcase_add_test(tc, loose_passage_hash);
	tcase_add_test(tc, attestations_found_by_workers_and_by_the_writer_agree);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
