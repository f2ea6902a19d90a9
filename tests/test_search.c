/*
 * test_search.c -- ranking, merging and cross-lingual search on the
 * bundled corpus and glossary.
 */
#include "cyrterm/cyrterm.h"
#include "internal.h"
#include "testutil.h"

static char *dir;
static ct_index *idx;

static void setup(void)
{
	char err[512];
	dir = tu_tmpdir();
	char *db = tu_path(dir, "s.db");
	ck_assert_int_eq(ct_index_open(&idx, db, CT_OPEN_CREATE, err, sizeof(err)), CT_OK);
	const char *paths[1] = {CT_SOURCE_DIR "/corpus"};
	ct_update_opts o;
	memset(&o, 0, sizeof(o));
	o.base = CT_SOURCE_DIR;
	ck_assert_int_eq(ct_index_update(idx, paths, 1, &o, NULL), CT_OK);
	ck_assert_int_eq(ct_glossary_sync_dir(idx, CT_SOURCE_DIR "/dict", CT_SOURCE_DIR), CT_OK);
	free(db);
}

static void teardown(void)
{
	ct_index_free(idx);
	tu_rmtree(dir);
	free(dir);
}

static ct_results *search(const char *q, const ct_search_opts *o)
{
	ct_results *r = NULL;
	ck_assert_int_eq(ct_search(&r, idx, q, strlen(q), o), CT_OK);
	return r;
}

/* Does the passage contain s as written? */
static int has(const ct_hit *h, const char *s)
{
	return strstr(h->text, s) != NULL;
}

START_TEST(exact_form_ranks_above_folded)
{
	/* 000_ writes «кызмет» without Kazakh letters; a user who types
	 * «қызмет» finds both, the exact spelling first */
	ct_search_opts o;
	memset(&o, 0, sizeof(o));
	o.limit = 100;
	o.no_expand = 1;
	ct_results *r = search("қызметтер", &o);
	int first_folded = -1, last_exact = -1;
	for (size_t i = 0; i < ct_results_count(r); i++) {
		const ct_hit *h = ct_results_get(r, i);
		if (has(h, "қызметтер") || has(h, "Қызметтер"))
			last_exact = (int)i;
		else if (has(h, "кызметтер") && first_folded < 0)
			first_folded = (int)i;
	}
	ck_assert_int_ge(first_folded, 0);
	ck_assert_int_ge(last_exact, 0);
	ck_assert_int_lt(last_exact, first_folded);
	ct_results_free(r);
}
END_TEST

/* Two passages of the same length, one written with Kazakh letters and
 * one without: each spelling of the query puts its own passage first. */
START_TEST(exact_spelling_wins_a_tie)
{
	char err[512];
	char *d = tu_tmpdir();
	char *db = tu_path(d, "t.db"), *a = tu_path(d, "a.txt"), *b = tu_path(d, "b.txt");
	const char *ta = "Қызмет көрсету саласы жылдам дамыды.\n";
	const char *tb = "Кызмет көрсету саласы жылдам дамыды.\n";
	tu_write(a, ta, strlen(ta));
	tu_write(b, tb, strlen(tb));
	ct_index *ix = NULL;
	ck_assert_int_eq(ct_index_open(&ix, db, CT_OPEN_CREATE, err, sizeof(err)), CT_OK);
	const char *paths[1] = {d};
	ck_assert_int_eq(ct_index_update(ix, paths, 1, NULL, NULL), CT_OK);
	const char *qs[2] = {"қызмет", "кызмет"};
	const char *want[2] = {"a.txt", "b.txt"};
	for (int i = 0; i < 2; i++) {
		ct_results *r = NULL;
		ck_assert_int_eq(ct_search(&r, ix, qs[i], strlen(qs[i]), NULL), CT_OK);
		ck_assert_uint_eq(ct_results_count(r), 2);
		ck_assert(strstr(ct_results_get(r, 0)->doc, want[i]) != NULL);
		ck_assert(ct_results_get(r, 0)->score > ct_results_get(r, 1)->score);
		ct_results_free(r);
	}
	ct_index_free(ix);
	tu_rmtree(d);
	free(d); free(db); free(a); free(b);
}
END_TEST

START_TEST(highlights_land_on_the_words)
{
	ct_results *r = search("Қазiргi", NULL);
	ck_assert_uint_ge(ct_results_count(r), 1);
	for (size_t i = 0; i < ct_results_count(r); i++) {
		const ct_hit *h = ct_results_get(r, i);
		ck_assert_uint_ge(h->nhighlights, 1);
		for (size_t k = 0; k < h->nhighlights; k++) {
			char w[64];
			size_t n = h->highlights[k].end - h->highlights[k].start;
			ck_assert_uint_lt(n, sizeof(w));
			memcpy(w, h->text + h->highlights[k].start, n);
			w[n] = '\0';
			char norm[64];
			ct_normalize_word(w, n, norm, sizeof(norm));
			ck_assert_str_eq(norm, "қазіргі");
		}
	}
	ct_results_free(r);
}
END_TEST

START_TEST(repeated_block_shown_once)
{
	/* 001_ repeats a 22-line block: a passage of it comes once, with its
	 * other place listed */
	ct_search_opts o;
	memset(&o, 0, sizeof(o));
	o.limit = 50;
	ct_results *r = search("\"Біріншіден, өзіміздің бәскелестік\"", &o);
	ck_assert_uint_eq(ct_results_count(r), 1);
	const ct_hit *h = ct_results_get(r, 0);
	ck_assert_uint_eq(h->nalso, 1);
	ck_assert_str_eq(h->also[0].doc, "corpus/001_ca4ee8680d8a9508.txt");
	ck_assert_int_ne(h->also[0].line, h->line);
	ct_results_free(r);
}
END_TEST

START_TEST(russian_query_reaches_kazakh_and_serbian)
{
	ct_search_opts o;
	memset(&o, 0, sizeof(o));
	ct_results *r = search("трансфер технологий", &o);
	int kk = 0, sr = 0;
	for (size_t i = 0; i < ct_results_count(r); i++) {
		const ct_hit *h = ct_results_get(r, i);
		int has_term = 0;
		for (size_t k = 0; k < h->nterms; k++)
			has_term |= strcmp(h->terms[k].concept, "technology_transfer") == 0;
		if (!has_term)
			continue;
		if (strcmp(h->lang, "kk") == 0)
			kk++;
		if (strcmp(h->lang, "sr") == 0)
			sr++;
		ck_assert_uint_ge(h->naligned, 1);
		ck_assert_str_ne(h->aligned[0].lang, h->lang);
	}
	ck_assert_int_ge(kk, 1);
	ck_assert_int_ge(sr, 1);
	int saw_ru = 0;
	for (size_t i = 0; i < ct_results_expanded_count(r); i++)
		saw_ru |= strcmp(ct_results_expanded(r, i)->term, "трансфер технологий") == 0;
	ck_assert(saw_ru);
	ct_results_free(r);

	/* without expansion the Kazakh passages are out of reach */
	o.no_expand = 1;
	r = search("трансфер технологий", &o);
	for (size_t i = 0; i < ct_results_count(r); i++)
		ck_assert_str_ne(ct_results_get(r, i)->lang, "kk");
	ck_assert_uint_eq(ct_results_expanded_count(r), 0);
	ct_results_free(r);
}
END_TEST

START_TEST(terms_carry_form_and_translations)
{
	ct_results *r = search("\"зияткерлік меншікті\"", NULL);
	ck_assert_uint_ge(ct_results_count(r), 1);
	const ct_hit *h = ct_results_get(r, 0);
	int found = 0;
	for (size_t k = 0; k < h->nterms; k++) {
		const ct_hit_term *t = &h->terms[k];
		ck_assert_int_eq(memcmp(h->text + t->start, t->form, t->end - t->start), 0);
		if (strcmp(t->concept, "intellectual_property") == 0) {
			found = 1;
			ck_assert_str_eq(t->form, "Зияткерлік меншікті");
			ck_assert_str_eq(t->translations[0].lang, "ru");
			ck_assert_str_eq(t->translations[0].term, "интеллектуальная собственность");
		}
	}
	ck_assert(found);
	ct_results_free(r);
}
END_TEST

START_TEST(language_filter)
{
	ct_search_opts o;
	memset(&o, 0, sizeof(o));
	o.lang_mask = CT_LANGBIT(CT_LANG_SR);
	o.limit = 30;
	ct_results *r = search("инновациялық қызмет", &o);
	ck_assert_uint_ge(ct_results_count(r), 1);
	for (size_t i = 0; i < ct_results_count(r); i++)
		ck_assert_str_eq(ct_results_get(r, i)->lang, "sr");
	ct_results_free(r);
}
END_TEST

START_TEST(inflected_forms_meet)
{
	/* «инновациялар» finds «инновациялық», «инновацияның», «инновацияларды» */
	ct_search_opts o;
	memset(&o, 0, sizeof(o));
	o.limit = 200;
	o.no_expand = 1;
	ct_results *r = search("инновациялар", &o);
	int lyk = 0, nyn = 0, lardy = 0;
	for (size_t i = 0; i < ct_results_count(r); i++) {
		const ct_hit *h = ct_results_get(r, i);
		lyk |= has(h, "инновациялық");
		nyn |= has(h, "инновацияның");
		lardy |= has(h, "инновацияларды");
	}
	ck_assert(lyk && nyn && lardy);
	ct_results_free(r);
	/* Russian and Serbian through Snowball */
	r = search("иновацијама", &o);
	ck_assert_uint_ge(ct_results_count(r), 1);
	ct_results_free(r);
}
END_TEST

/*
 * An equivalent that no passage holds as a phrase, nor with its words
 * near each other, backs off to its rarest word: «парк» (two passages)
 * rather than «технологиялық» (three).
 */
START_TEST(equivalent_backs_off_to_its_rarest_word)
{
	char err[512];
	char *d = tu_tmpdir();
	char *docs = tu_path(d, "docs"), *dict = tu_path(d, "dict");
	char *db = tu_path(d, "t.db");
	char *a = tu_path(docs, "a.txt"), *b = tu_path(docs, "b.txt"), *c = tu_path(docs, "c.txt");
	char *g = tu_path(dict, "t.gloss");
	const char *ta = "Технологиялық даму жалғасуда.\n\nТехнологиялық жаңарту қажет.\n\n"
	                 "Технологиялық өзгерістер көп.\n";
	const char *tb = "Алматыда жаңа парк ашылды.\n";
	const char *tc = "Технолошки парк у Алматију ради.\n";
	const char *tg = "[technology_park]\nen = technology park\ndomain = innovation policy\n"
	                 "kk = технологиялық парк ; pos=noun\nsr = технолошки парк ; pos=noun\n";
	mkdir(docs, 0755);
	mkdir(dict, 0755);
	tu_write(a, ta, strlen(ta));
	tu_write(b, tb, strlen(tb));
	tu_write(c, tc, strlen(tc));
	tu_write(g, tg, strlen(tg));
	ct_index *ix = NULL;
	ck_assert_int_eq(ct_index_open(&ix, db, CT_OPEN_CREATE, err, sizeof(err)), CT_OK);
	const char *paths[1] = {docs};
	ct_update_opts o;
	memset(&o, 0, sizeof(o));
	o.base = d;
	o.glossary_dir = dict;
	ck_assert_int_eq(ct_index_update(ix, paths, 1, &o, NULL), CT_OK);

	ct_results *r = NULL;
	const char *q = "\"технолошки парк\"";
	ck_assert_int_eq(ct_search(&r, ix, q, strlen(q), NULL), CT_OK);
	int found_park = 0, found_tech = 0;
	for (size_t i = 0; i < ct_results_count(r); i++) {
		const ct_hit *h = ct_results_get(r, i);
		found_park |= strstr(h->doc, "b.txt") != NULL;
		found_tech |= strstr(h->doc, "a.txt") != NULL;
	}
	ck_assert_msg(found_park, "the Kazakh passage with «парк» was not found");
	ck_assert_msg(!found_tech, "a passage with only «технологиялық» was found");
	ct_results_free(r);
	ct_index_free(ix);
	tu_rmtree(d);
	free(d); free(docs); free(dict); free(db); free(a); free(b); free(c); free(g);
}
END_TEST

/*
 * An OR of phrases is scored in one pass (CT_POOL_OR: the idfs counted from
 * the rows' tfs); ct_rank() (CT_POOL_RANK) counts each phrase's passages in
 * a pass of its own.  Both must give every passage the same score.
 */
START_TEST(or_of_phrases_scored_in_one_pass_as_by_ct_rank)
{
	static const char *const exprs[] = {
		"(\"инновация\" OR \"технология\")",
		"(\"инновациялық қызмет\" OR \"кәсіпорын\" OR \"иновација\")",
		"\"ғылым\" OR \"наука\" OR \"трансфер\" OR \"технологиялар трансферті\"",
		"(\"инновация\" OR \"инновация\")",
	};
	/* every row, and the best 7: of rows that score alike, only the
	 * first 7 are kept in one pass */
	for (size_t k = 0; k < 2 * sizeof(exprs) / sizeof(exprs[0]); k++) {
		size_t e = k / 2, cap = k % 2 ? 7 : 100000;
		ct_pool a = {0}, b = {0};
		size_t ta = 0, tb = 0;
		ck_assert_int_eq(ct_pool_run(idx, &a, exprs[e], 1.0, cap, CT_POOL_USER | CT_POOL_RANK, &ta), CT_OK);
		ck_assert_int_eq(ct_pool_run(idx, &b, exprs[e], 1.0, cap, CT_POOL_USER | CT_POOL_OR, &tb), CT_OK);
		ck_assert_uint_eq(a.n, ta < cap ? ta : cap);
		ck_assert_msg(ta > 1, "%s: too few matches to compare (%zu)", exprs[e], ta);
		ck_assert_uint_eq(ta, tb);
		ck_assert_uint_eq(a.n, b.n);
		int differ = 0;
		for (size_t i = 0; i < a.n; i++) {
			ck_assert_int_eq(a.a[i].id, b.a[i].id);
			differ |= a.a[i].score != a.a[0].score;
			ck_assert_msg(a.a[i].score == b.a[i].score, "%s: passage %lld: %.17g by ct_rank, %.17g in one pass",
			              exprs[e], (long long)a.a[i].id, a.a[i].score, b.a[i].score);
		}
		ck_assert_msg(differ, "%s: every passage scored alike, nothing compared", exprs[e]);
		ct_pool_free(&a);
		ct_pool_free(&b);
	}
}
END_TEST

/*
 * Under an AND or a NOT each phrase's passages are counted by a query of
 * its own (a one-word phrase as the OR of its forms), where ct_rank()
 * counts them with xQueryPhrase(); a query of one word is read as the OR
 * of its forms and scored by ct_rank_word().  Each gives the passages,
 * scores and totals ct_rank() gives, for every kind of expression the
 * search makes.
 */
START_TEST(each_pass_scores_as_ct_rank)
{
	static const struct {
		const char *expr;
		unsigned flags;
	} exprs[] = {
		{"(\"инновациялық\" OR \"научно\") AND (\"қызмет\" OR \"истраживање\")", 0},
		{"(\"технологиялық\" OR \"технолошки\") NOT (\"парк\")", 0},
		{"(\"инновациялық\" AND \"қызмет\")", 0},
		{"\"инновациялық қызмет\" OR \"трансфер технологије\"", 0},
		{"\"инновациялық қызмет\" OR \"трансфер технологије\"", CT_POOL_OR},
		{"\"техно\"* AND \"=кызмет\"", 0},
		{"\"ғылыми\" OR (\"научно\" AND (\"истраживање\" OR \"технологија\"))", 0},
		{"NEAR(\"технологиялар\" \"трансферті\", 5) OR NEAR(\"трансфер\" \"технологије\", 5)", 0},
		{"\"кызмет\"", 0},
		{"(\"инновация\")", 0},
		{"\"иннов\"*", 0},
		{"\"=кызмет\"", 0},
		{"\"технологија\"", 0},
	};
	int differ = 0;
	for (size_t k = 0; k < 2 * sizeof(exprs) / sizeof(exprs[0]); k++) {
		size_t e = k / 2, cap = k % 2 ? 7 : 100000;
		const char *x = exprs[e].expr;
		ct_pool a = {0}, b = {0};
		size_t ta = 0, tb = 0;
		ck_assert_int_eq(ct_pool_run(idx, &a, x, 1.0, cap, CT_POOL_USER | CT_POOL_RANK, &ta), CT_OK);
		ck_assert_msg(ta > 1, "%s: too few matches to compare (%zu)", x, ta);
		ck_assert_int_eq(ct_pool_run(idx, &b, x, 1.0, cap, CT_POOL_USER | exprs[e].flags, &tb), CT_OK);
		ck_assert_msg(ta == tb, "%s: %zu matches against %zu", x, ta, tb);
		ck_assert_msg(a.n == b.n, "%s: %zu kept against %zu", x, a.n, b.n);
		for (size_t i = 0; i < a.n; i++) {
			ck_assert_msg(a.a[i].id == b.a[i].id, "%s: row %zu: passage %lld against %lld", x, i,
			              (long long)a.a[i].id, (long long)b.a[i].id);
			ck_assert_msg(a.a[i].score == b.a[i].score, "%s: passage %lld: %.17g by ct_rank, %.17g counted", x,
			              (long long)a.a[i].id, a.a[i].score, b.a[i].score);
			differ |= a.a[i].score != a.a[0].score;
		}
		ct_pool_free(&a);
		ct_pool_free(&b);
	}
	ck_assert_msg(differ, "every passage scored alike, nothing compared");
}
END_TEST

/* The rowids an FTS5 expression matches, in order, into a (malloc'd). */
static size_t match_rowids(const char *expr, sqlite3_int64 **a)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0, cap = 0;
	*a = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(ct_index_db(idx), "SELECT rowid FROM fts WHERE fts MATCH ?1", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			*a = realloc(*a, cap * sizeof(**a));
			ck_assert_ptr_nonnull(*a);
		}
		(*a)[n++] = sqlite3_column_int64(st, 0);
	}
	ck_assert_int_eq(src, SQLITE_DONE);
	sqlite3_finalize(st);
	return n;
}

/*
 * A word spelt out as the OR of its forms, each verbatim, matches the
 * passages its synonym set matches: inflected, folded, with Latin i, a
 * prefix, exact forms only.  A phrase and a stem are left as they are.
 */
START_TEST(spelt_word_matches_its_synonym_set)
{
	static const char *const words[] = {
		"\"кызмет\"", "\"қызметі\"", "\"инновация\"", "\"Қазiргi\"", "\"иннов\"*", "\"=кызмет\"",
		"\"технологија\"", "\"tehnološki\"", "\"кәсіпорындарының\"",
	};
	ct_analyzer *an = NULL;
	ck_assert_int_eq(ct_index_analyzer(idx, &an), CT_OK);
	int spelt_any = 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		ct_buf b = {0};
		int rc = ct_fts5_spell(an, words[i], strlen(words[i]), &b);
		ck_assert_int_ge(rc, 0);
		if (rc == 0)
			continue;
		spelt_any++;
		ck_assert_ptr_nonnull(strstr(b.p, " OR "));
		sqlite3_int64 *x = NULL, *y = NULL;
		size_t nx = match_rowids(words[i], &x), ny = match_rowids(b.p, &y);
		ck_assert_msg(nx > 0, "%s: no passage to compare", words[i]);
		ck_assert_msg(nx == ny, "%s: %zu passages, spelt %s: %zu", words[i], nx, b.p, ny);
		for (size_t k = 0; k < nx; k++)
			ck_assert_int_eq(x[k], y[k]);
		free(x);
		free(y);
		ct_buf_free(&b);
	}
	ck_assert_int_ge(spelt_any, 6);
	static const char *const kept[] = {"\"технолошки парк\"", "\"#кызмет\"", "\"\"", "кызмет"};
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		ct_buf b = {0};
		ck_assert_int_eq(ct_fts5_spell(an, kept[i], strlen(kept[i]), &b), 0);
		ck_assert_uint_eq(b.n, 0);
	}
}
END_TEST

/*
 * passage_kind_lang, the index of the passages' kinds and languages, is
 * missing from an index made before it: read-only, the search reads the
 * passage table and finds the same; opened for writing, the index gets it.
 */
START_TEST(index_without_passage_kind_lang_searched_alike_and_given_it)
{
	static const char *const qs[] = {"инновация", "трансфер технологий", "\"технолошки парк\"", "кызмет"};
	char err[512];
	ct_results *before[4];
	ck_assert(ct_index_passage_kind_lang(idx));
	for (size_t i = 0; i < 4; i++)
		before[i] = search(qs[i], NULL);
	ck_assert_int_eq(sqlite3_exec(ct_index_db(idx), "DROP INDEX passage_kind_lang; DELETE FROM meta WHERE key = 'passage_kind_lang'",
	                              NULL, NULL, NULL), SQLITE_OK);
	char *db = tu_path(dir, "s.db");
	ct_index *ro = NULL;
	ck_assert_int_eq(ct_index_open(&ro, db, CT_OPEN_READONLY, err, sizeof(err)), CT_OK);
	ck_assert(!ct_index_passage_kind_lang(ro));
	for (size_t i = 0; i < 4; i++) {
		ct_results *r = NULL;
		ck_assert_int_eq(ct_search(&r, ro, qs[i], strlen(qs[i]), NULL), CT_OK);
		ck_assert_uint_gt(ct_results_count(r), 0);
		ck_assert_uint_eq(ct_results_count(r), ct_results_count(before[i]));
		ck_assert_uint_eq(ct_results_total(r), ct_results_total(before[i]));
		for (size_t k = 0; k < ct_results_count(r); k++) {
			const ct_hit *a = ct_results_get(before[i], k), *b = ct_results_get(r, k);
			ck_assert_int_eq(a->passage_id, b->passage_id);
			ck_assert(a->score == b->score);
			ck_assert_str_eq(a->lang, b->lang);
			ck_assert_uint_eq(a->naligned, b->naligned);
			ck_assert_uint_eq(a->nalso, b->nalso);
		}
		ct_results_free(r);
		ct_results_free(before[i]);
	}
	ct_index_free(ro);
	ct_index *rw = NULL;
	ck_assert_int_eq(ct_index_open(&rw, db, 0, err, sizeof(err)), CT_OK);
	ck_assert(ct_index_passage_kind_lang(rw));
	ct_index_free(rw);
	free(db);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("ranking");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, exact_form_ranks_above_folded);
	tcase_add_test(tc, exact_spelling_wins_a_tie);
	tcase_add_test(tc, highlights_land_on_the_words);
	tcase_add_test(tc, repeated_block_shown_once);
	tcase_add_test(tc, russian_query_reaches_kazakh_and_serbian);
	tcase_add_test(tc, terms_carry_form_and_translations);
	tcase_add_test(tc, language_filter);
	tcase_add_test(tc, inflected_forms_meet);
	tcase_add_test(tc, equivalent_backs_off_to_its_rarest_word);
	tcase_add_test(tc, or_of_phrases_scored_in_one_pass_as_by_ct_rank);
	tcase_add_test(tc, each_pass_scores_as_ct_rank);
	tcase_add_test(tc, spelt_word_matches_its_synonym_set);
	tcase_add_test(tc, index_without_passage_kind_lang_searched_alike_and_given_it);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
