/*
 * test_parallel.c -- parallel documents and translation memories: a hit
 * returns its translations, and the sentence aligner gets the hand-made
 * parallel texts of tests/data/parallel right.
 */
#include <sqlite3.h>

#include "cyrterm/cyrterm.h"
#include "internal.h"
#include "testutil.h"

#define PAR CT_SOURCE_DIR "/tests/data/parallel"

static ct_index *index_of(const char *dir, const char *path)
{
	ct_index *idx = NULL;
	char err[512];
	char *db = tu_path(dir, "p.db");
	ck_assert_int_eq(ct_index_open(&idx, db, CT_OPEN_CREATE, err, sizeof(err)), CT_OK);
	const char *paths[1] = {path};
	ck_assert_int_eq(ct_index_update(idx, paths, 1, NULL, NULL), CT_OK);
	free(db);
	return idx;
}

/* 1-based sentence numbers of a document's passages, by passage id. */
static int sentence_no(sqlite3 *db, sqlite3_int64 id)
{
	sqlite3_stmt *st = NULL;
	int n = -1;
	sqlite3_prepare_v2(db,
	                   "SELECT count(*) FROM passage q, passage p WHERE p.id = ?1 AND q.doc = p.doc AND q.start <= p.start",
	                   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Fraction of Kazakh sentences whose aligned sentences in `lang` are
 * exactly the gold ones. */
static double accuracy(ct_index *idx, const char *lang)
{
	sqlite3 *db = ct_index_db(idx);
	char *gold = NULL;
	size_t n = 0;
	int col = strcmp(lang, "ru") == 0 ? 1 : 2, total = 0, right = 0;
	ck_assert_int_eq(ct_read_file(PAR "/policy.gold.tsv", &gold, &n), CT_OK);
	for (char *line = strtok(gold, "\n"); line; line = strtok(NULL, "\n")) {
		int g[3];
		if (line[0] == '#' || sscanf(line, "%d %d %d", &g[0], &g[1], &g[2]) != 3)
			continue;
		total++;
		/* the aligned sentences of kk sentence g[0] in lang */
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(db,
		                   "SELECT o.id FROM passage k JOIN doc dk ON dk.id = k.doc, palign a, passage o JOIN doc d ON d.id = o.doc "
		                   "WHERE dk.path LIKE '%policy.kk.txt' AND a.a = k.id AND a.b = o.id AND d.path LIKE ?1 "
		                   "ORDER BY k.start",
		                   -1, &st, NULL);
		char like[32];
		snprintf(like, sizeof(like), "%%policy.%s.txt", lang);
		sqlite3_bind_text(st, 1, like, -1, SQLITE_TRANSIENT);
		sqlite3_finalize(st);
		sqlite3_stmt *q = NULL;
		sqlite3_prepare_v2(db,
		                   "SELECT a.b FROM palign a JOIN passage k ON k.id = a.a JOIN doc dk ON dk.id = k.doc "
		                   "JOIN passage o ON o.id = a.b JOIN doc d ON d.id = o.doc "
		                   "WHERE dk.path LIKE '%policy.kk.txt' AND d.path LIKE ?1 "
		                   "AND (SELECT count(*) FROM passage x WHERE x.doc = k.doc AND x.start <= k.start) = ?2",
		                   -1, &q, NULL);
		sqlite3_bind_text(q, 1, like, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(q, 2, g[0]);
		int got = 0, ok = 1;
		while (sqlite3_step(q) == SQLITE_ROW) {
			got++;
			ok &= sentence_no(db, sqlite3_column_int64(q, 0)) == g[col];
		}
		sqlite3_finalize(q);
		right += ok && got == 1;
	}
	free(gold);
	return total ? (double)right / total : 0;
}

START_TEST(parallel_texts_align)
{
	char *dir = tu_tmpdir();
	ct_index *idx = index_of(dir, PAR);
	double ru = accuracy(idx, "ru"), sr = accuracy(idx, "sr");
	printf("parallel alignment accuracy on tests/data/parallel: kk-ru %.3f, kk-sr %.3f\n", ru, sr);
	ck_assert(ru >= 0.9);
	ck_assert(sr >= 0.9);
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(hit_in_parallel_document_returns_translations)
{
	char *dir = tu_tmpdir();
	ct_index *idx = index_of(dir, PAR);
	ct_results *r = NULL;
	ct_search_opts o;
	memset(&o, 0, sizeof(o));
	o.lang_mask = CT_LANGBIT(CT_LANG_RU);
	const char *q = "Алатау";
	ck_assert_int_eq(ct_search(&r, idx, q, strlen(q), &o), CT_OK);
	ck_assert_uint_ge(ct_results_count(r), 1);
	const ct_hit *h = ct_results_get(r, 0);
	ck_assert_str_eq(h->lang, "ru");
	ck_assert_uint_eq(h->ntranslations, 2);
	ck_assert_str_eq(h->translations[0].lang, "kk");
	ck_assert(strstr(h->translations[0].text, "Алатау технологиялық паркі") != NULL);
	ck_assert_str_eq(h->translations[1].lang, "sr");
	ck_assert(strstr(h->translations[1].text, "Технолошки парк Алатау") != NULL);
	ct_results_free(r);
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(tmx_units_are_translations)
{
	char *dir = tu_tmpdir();
	ct_index *idx = index_of(dir, CT_SOURCE_DIR "/tests/data/sample.tmx");
	ct_results *r = NULL;
	const char *q = "лизинг";
	ck_assert_int_eq(ct_search(&r, idx, q, strlen(q), NULL), CT_OK);
	ck_assert_uint_ge(ct_results_count(r), 1);
	const ct_hit *h = ct_results_get(r, 0);
	ck_assert_str_eq(h->lang, "ru");
	/* <ph> holds a native code, not text */
	ck_assert_str_eq(h->text, "Лизинг оборудования доступен малым предприятиям.");
	ck_assert_uint_eq(h->ntranslations, 1);
	ck_assert_str_eq(h->translations[0].lang, "sr");
	ck_assert_str_eq(h->translations[0].text, "Lizing opreme je dostupan malim preduzećima.");
	ct_results_free(r);
	/* inline <hi> keeps its text; three languages in one unit */
	q = "венчурные";
	ck_assert_int_eq(ct_search(&r, idx, q, strlen(q), NULL), CT_OK);
	ck_assert_uint_ge(ct_results_count(r), 1);
	h = ct_results_get(r, 0);
	ck_assert_uint_eq(h->ntranslations, 2);
	ct_results_free(r);
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(hostile_tmx_refused)
{
	char *dir = tu_tmpdir();
	char *f = tu_path(dir, "evil.tmx");
	const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
	                  "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"ru\"><seg>&xxe;</seg></tuv></tu></body></tmx>\n";
	tu_write(f, xxe, strlen(xxe));
	ct_index *idx = NULL;
	char err[512];
	char *db = tu_path(dir, "p.db");
	ck_assert_int_eq(ct_index_open(&idx, db, CT_OPEN_CREATE, err, sizeof(err)), CT_OK);
	const char *paths[1] = {f};
	ct_update_stats st;
	ck_assert_int_eq(ct_index_update(idx, paths, 1, NULL, &st), CT_OK);
	ck_assert_uint_eq(st.refused, 1);
	ck_assert(strstr(ct_index_errmsg(idx), "entit") != NULL);
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir); free(f); free(db);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parallel");
	TCase *tc = tcase_create("align");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, parallel_texts_align);
	tcase_add_test(tc, hit_in_parallel_document_returns_translations);
	tcase_add_test(tc, tmx_units_are_translations);
	tcase_add_test(tc, hostile_tmx_refused);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
