/*
 * test_term.c -- term lookup, the glossary matcher and term candidates, on
 * a small index of real corpus sentences and a glossary written here.
 */
#include <sqlite3.h>

#include "internal.h"

#include "cyrterm/cyrterm.h"
#include "testutil.h"

static char *tmp;
static ct_index *idx;

/* Kazakh sentences of corpus/000_1988f756f87883aa.txt, one per line as the
 * file has them; the first line is a heading. */
static const char kk_text[] =
	"Инновациялық қызмет\n"
	"\n"
	"Зияткерлік меншікті пайдалану мен құқықтарын қорғау инновациялық қызметті дамытудың маңызды факторы болып табылады.\n"
	"Ғылыми техникалық салада кәсіпкерлік секторды қалыптастырмай инновациялық қызметті дамыту мүмкін емес.\n"
	"Технологиялар трансферті мен инновациялық қызмет бір-бірімен байланысты, технологиялар трансферті кәсіпорындарда жүреді.\n"
	/* corpus/001_ca4ee8680d8a9508.txt: іс "deed", not the abbreviation ИС */
	"Жаңалықтарды іс – жүзіне асыруға бағытталған ұйымдастырушылық шешімдерді әзірлеу және енгізу;\n";

/* A sentence of corpus/003_4bae52936f32cd92.txt. */
static const char sr_text[] =
	"У циљу глатке транзиције ка економији знања, биће реформисана законска регулатива која се односи на "
	"ризични капитал, заштиту интелектуалне својине, подршку истраживању и иновацијама и комерцијализацију "
	"научних резултата.\n";

static sqlite3_int64 add_concept(const char *slug, const char *gloss)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "INSERT INTO concept(slug, gloss_en, domain) VALUES(?, ?, 'innovation')",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, gloss, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db);
}

/* Adds a term with the key columns glossary.c computes. */
static void add_term_typed(ct_analyzer *an, sqlite3_int64 concept, const char *lang, int seq,
                           const char *term, const char *type, const char *status)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_stmt *st = NULL;
	ct_term_keys k;
	ck_assert_int_eq(ct_term_keys_compute(an, term, strlen(term), ct_lang_from_code(lang, 2), &k), CT_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
	                                    "INSERT INTO term(concept, lang, seq, term, type, status, norm, fold, skel, keys, nwords)"
	                                    " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, concept);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, seq);
	sqlite3_bind_text(st, 4, term, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, k.norm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, k.fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, k.skel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, k.keys, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 11, k.nwords);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	ct_term_keys_free(&k);
}

static void add_term(ct_analyzer *an, sqlite3_int64 concept, const char *lang, int seq,
                     const char *term, const char *status)
{
	add_term_typed(an, concept, lang, seq, term, "full", status);
}

static sqlite3_int64 concept_id(const char *slug)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 id = -1;
	ck_assert_int_eq(sqlite3_prepare_v2(ct_index_db(idx), "SELECT id FROM concept WHERE slug = ?", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static void setup(void)
{
	char err[512];
	ct_analyzer *an = NULL;
	tmp = tu_tmpdir();
	char *corpus = tu_path(tmp, "corpus");
	ck_assert_int_eq(mkdir(corpus, 0755), 0);
	char *kk = tu_path(corpus, "kk.txt"), *sr = tu_path(corpus, "sr.txt"), *db = tu_path(tmp, "t.db");
	tu_write(kk, kk_text, strlen(kk_text));
	tu_write(sr, sr_text, strlen(sr_text));
	ck_assert_int_eq(ct_index_open(&idx, db, CT_OPEN_CREATE, err, sizeof(err)), CT_OK);
	ct_update_opts o;
	memset(&o, 0, sizeof(o));
	o.base = tmp;
	const char *paths[1] = {corpus};
	ck_assert_int_eq(ct_index_update(idx, paths, 1, &o, NULL), CT_OK);

	ck_assert_int_eq(ct_analyzer_new(&an), CT_OK);
	sqlite3_exec(ct_index_db(idx), "BEGIN", NULL, NULL, NULL);
	sqlite3_int64 ip = add_concept("intellectual-property", "intellectual property");
	add_term(an, ip, "kk", 1, "зияткерлік меншік", "preferred");
	add_term(an, ip, "kk", 2, "интеллектуалдық меншік", "deprecated");
	add_term(an, ip, "ru", 1, "интеллектуальная собственность", "preferred");
	add_term_typed(an, ip, "ru", 2, "ИС", "abbrev", "admitted");
	add_term(an, ip, "sr", 1, "интелектуална својина", "preferred");
	add_term(an, ip, "en", 1, "intellectual property", "preferred");
	/* a longer term around интелектуалне својине in sr.txt */
	sqlite3_int64 ipp = add_concept("ip-protection", "protection of intellectual property");
	add_term(an, ipp, "sr", 1, "заштита интелектуалне својине", "preferred");
	sqlite3_int64 ia = add_concept("innovation-activity", "innovation activity");
	add_term(an, ia, "kk", 1, "инновациялық қызмет", "preferred");
	add_term(an, ia, "ru", 1, "инновационная деятельность", "preferred");
	add_term(an, ia, "sr", 1, "иновациона делатност", "preferred");
	add_term(an, ia, "en", 1, "innovation activity", "preferred");
	sqlite3_int64 in = add_concept("innovation", "innovation");
	add_term(an, in, "kk", 1, "инновация", "preferred");
	add_term(an, in, "ru", 1, "инновация", "preferred");
	add_term(an, in, "sr", 1, "иновација", "preferred");
	add_term(an, in, "en", 1, "innovation", "preferred");
	sqlite3_int64 act = add_concept("activity", "activity");
	add_term(an, act, "kk", 1, "қызмет", "preferred");
	add_term(an, act, "ru", 1, "деятельность", "preferred");
	sqlite3_int64 lic = add_concept("licence", "licence");
	add_term(an, lic, "kk", 1, "лицензия", "preferred");
	add_term(an, lic, "ru", 1, "лицензия", "preferred");
	sqlite3_int64 lor = add_concept("licensor", "licensor");
	add_term(an, lor, "kk", 1, "лицензиар", "preferred");
	add_term(an, lor, "ru", 1, "лицензиар", "preferred");
	sqlite3_exec(ct_index_db(idx), "COMMIT", NULL, NULL, NULL);
	ct_index_glossary_changed(idx);
	ct_analyzer_free(an);
	free(corpus);
	free(kk);
	free(sr);
	free(db);
}

static void teardown(void)
{
	ct_index_free(idx);
	idx = NULL;
	tu_rmtree(tmp);
	free(tmp);
}

static ct_lookup *lookup(const char *q, int no_fuzzy)
{
	ct_lookup *r = NULL;
	ct_lookup_opts o;
	memset(&o, 0, sizeof(o));
	o.no_fuzzy = no_fuzzy;
	int rc = ct_term_lookup(&r, idx, q, strlen(q), &o);
	ck_assert_msg(rc == CT_OK, "%s: %s", q, ct_index_errmsg(idx));
	return r;
}

/* The first entry of a lookup must be concept, matched as kind. */
static const ct_entry *first_is(ct_lookup *r, const char *q, const char *concept, ct_match_kind kind)
{
	ck_assert_msg(ct_lookup_count(r) > 0, "%s: nothing found", q);
	const ct_entry *e = ct_lookup_get(r, 0);
	ck_assert_msg(strcmp(e->concept, concept) == 0, "%s: found %s, not %s", q, e->concept, concept);
	ck_assert_msg(e->match == kind, "%s: matched %s, not %s", q, ct_match_kind_name(e->match),
	              ct_match_kind_name(kind));
	return e;
}

START_TEST(exact)
{
	ct_lookup *r = lookup("зияткерлік меншік", 0);
	const ct_entry *e = first_is(r, "зияткерлік меншік", "intellectual-property", CT_MATCH_EXACT);
	ck_assert_str_eq(e->matched_term, "зияткерлік меншік");
	ck_assert_str_eq(e->gloss_en, "intellectual property");
	/* all terms, kk first, preferred first within kk */
	ck_assert_uint_eq(e->nterms, 6);
	ck_assert_str_eq(e->terms[0].term, "зияткерлік меншік");
	ck_assert_str_eq(e->terms[1].status, "deprecated");
	ck_assert_str_eq(e->terms[2].lang, "ru");
	ck_assert_str_eq(e->terms[2].status, "preferred");
	ck_assert_str_eq(e->terms[3].type, "abbrev");
	ck_assert_str_eq(e->terms[5].lang, "en");
	/* one entry per concept */
	for (size_t i = 1; i < ct_lookup_count(r); i++)
		ck_assert_str_ne(ct_lookup_get(r, i)->concept, "intellectual-property");
	ct_lookup_free(r);
}
END_TEST

START_TEST(normalized)
{
	ct_lookup *r = lookup("ЗИЯТКЕРЛІК МЕНШІК", 0);
	first_is(r, "ЗИЯТКЕРЛІК МЕНШІК", "intellectual-property", CT_MATCH_NORMALIZED);
	ct_lookup_free(r);
	/* Latin i for і, as corpus 002_ writes it */
	r = lookup("зияткерлiк меншiк", 0);
	first_is(r, "зияткерлiк меншiк", "intellectual-property", CT_MATCH_NORMALIZED);
	ct_lookup_free(r);
	/* typed without Kazakh letters */
	r = lookup("инновациялык кызмет", 0);
	first_is(r, "инновациялык кызмет", "innovation-activity", CT_MATCH_NORMALIZED);
	ct_lookup_free(r);
}
END_TEST

START_TEST(stem)
{
	ct_lookup *r = lookup("инновациялық қызметтің", 0);
	const ct_entry *e = first_is(r, "инновациялық қызметтің", "innovation-activity", CT_MATCH_STEM);
	ck_assert_str_eq(e->matched_term, "инновациялық қызмет");
	ct_lookup_free(r);
	r = lookup("интеллектуальной собственности", 0);
	first_is(r, "интеллектуальной собственности", "intellectual-property", CT_MATCH_STEM);
	ct_lookup_free(r);
}
END_TEST

START_TEST(translit)
{
	ct_lookup *r = lookup("intelektualna svojina", 0);
	const ct_entry *e = first_is(r, "intelektualna svojina", "intellectual-property", CT_MATCH_TRANSLIT);
	ck_assert_str_eq(e->matched_term, "интелектуална својина");
	ct_lookup_free(r);
	/* Serbian Latin, inflected, as 003_ has it in Cyrillic */
	r = lookup("intelektualne svojine", 0);
	first_is(r, "intelektualne svojine", "intellectual-property", CT_MATCH_TRANSLIT);
	ct_lookup_free(r);
	/* BGN-style Russian */
	r = lookup("innovatsionnaya deyatelnost", 0);
	e = first_is(r, "innovatsionnaya deyatelnost", "innovation-activity", CT_MATCH_TRANSLIT);
	ck_assert_str_eq(e->matched_term, "инновационная деятельность");
	ct_lookup_free(r);
	r = lookup("intellektual'naya sobstvennost'", 0);
	first_is(r, "intellektual'naya sobstvennost'", "intellectual-property", CT_MATCH_TRANSLIT);
	ct_lookup_free(r);
	/* ... inflected */
	r = lookup("innovatsionnoy deyatelnosti", 0);
	first_is(r, "innovatsionnoy deyatelnosti", "innovation-activity", CT_MATCH_TRANSLIT);
	ct_lookup_free(r);
	/* Kazakh Latin 2021: и is i, і is ı, я is ia */
	r = lookup("Ziatkerlık menşık", 0);
	e = first_is(r, "Ziatkerlık menşık", "intellectual-property", CT_MATCH_TRANSLIT);
	ck_assert_str_eq(e->matched_term, "зияткерлік меншік");
	ct_lookup_free(r);
	r = lookup("ziatkerlık menşıktı", 0);
	first_is(r, "ziatkerlık menşıktı", "intellectual-property", CT_MATCH_TRANSLIT);
	ct_lookup_free(r);
	r = lookup("innovatsiialyq qyzmet", 0);
	first_is(r, "innovatsiialyq qyzmet", "innovation-activity", CT_MATCH_TRANSLIT);
	ct_lookup_free(r);
}
END_TEST

START_TEST(fuzzy)
{
	/* «иновация» with one н, as corpus 000_ misspells it */
	ct_lookup *r = lookup("иновация", 0);
	const ct_entry *e = first_is(r, "иновация", "innovation", CT_MATCH_FUZZY);
	ck_assert(strcmp(e->matched_term, "инновация") == 0 || strcmp(e->matched_term, "иновација") == 0);
	ct_lookup_free(r);
	r = lookup("иновация", 1);
	ck_assert_uint_eq(ct_lookup_count(r), 0);
	ct_lookup_free(r);
	/* three letters are never fuzzy: «мен» is not «мән» */
	r = lookup("мен", 0);
	ck_assert_uint_eq(ct_lookup_count(r), 0);
	ct_lookup_free(r);
}
END_TEST

START_TEST(lang_mask)
{
	ct_lookup *r = NULL;
	ct_lookup_opts o;
	memset(&o, 0, sizeof(o));
	/* инновация is a Kazakh and a Russian term: with Serbian and Russian
	 * only, the Russian one matches */
	o.lang_mask = CT_LANGBIT(CT_LANG_SR) | CT_LANGBIT(CT_LANG_RU);
	ck_assert_int_eq(ct_term_lookup(&r, idx, "инновация", strlen("инновация"), &o), CT_OK);
	const ct_entry *e = first_is(r, "инновация", "innovation", CT_MATCH_EXACT);
	ck_assert_str_eq(e->matched_term, "инновация");
	/* the entry still has every language */
	ck_assert_uint_eq(e->nterms, 4);
	ct_lookup_free(r);
	/* with English only, nothing is near */
	o.lang_mask = CT_LANGBIT(CT_LANG_EN);
	ck_assert_int_eq(ct_term_lookup(&r, idx, "инновация", strlen("инновация"), &o), CT_OK);
	ck_assert_uint_eq(ct_lookup_count(r), 0);
	ct_lookup_free(r);
}
END_TEST

START_TEST(ranking)
{
	/* лицензия exact, лицензиар two edits away */
	ct_lookup *r = lookup("лицензия", 0);
	ck_assert_uint_eq(ct_lookup_count(r), 2);
	first_is(r, "лицензия", "licence", CT_MATCH_EXACT);
	const ct_entry *e = ct_lookup_get(r, 1);
	ck_assert_str_eq(e->concept, "licensor");
	ck_assert_int_eq(e->match, CT_MATCH_FUZZY);
	ck_assert(ct_lookup_get(r, 0)->score > e->score);
	ck_assert_ptr_null(ct_lookup_get(r, 2));
	ct_lookup_free(r);
}
END_TEST

START_TEST(kwic)
{
	ct_lookup *r = lookup("инновациялық қызмет", 0);
	const ct_entry *e = first_is(r, "инновациялық қызмет", "innovation-activity", CT_MATCH_EXACT);
	/* the heading, lines 3 and 4 (inflected) and line 5 */
	ck_assert_int_eq(e->count_kk, 4);
	ck_assert_int_eq(e->count_sr, 0);
	int seen_inflected = 0;
	for (size_t i = 0; i < e->nkwic; i++) {
		const ct_kwic *k = &e->kwic[i];
		ck_assert_str_eq(k->doc, "corpus/kk.txt");
		ck_assert_str_eq(k->lang, "kk");
		if (k->line == 3) {
			ck_assert_str_eq(k->match, "инновациялық қызметті");
			ck_assert_str_eq(k->left, "пайдалану мен құқықтарын қорғау ");
			ck_assert_str_eq(k->right, " дамытудың маңызды факторы болып");
			seen_inflected = 1;
		}
	}
	ck_assert(seen_inflected);
	ct_lookup_free(r);

	/* Serbian attestation of a concept looked up in Kazakh, inside the
	 * longer term «заштиту интелектуалне својине»; «іс» is not «ИС» */
	r = lookup("зияткерлік меншік", 0);
	e = first_is(r, "зияткерлік меншік", "intellectual-property", CT_MATCH_EXACT);
	ck_assert_int_eq(e->count_kk, 1);
	ck_assert_int_eq(e->count_sr, 1);
	ck_assert_int_eq(e->count_ru, 0);
	int seen_sr = 0, seen_kk = 0;
	for (size_t i = 0; i < e->nkwic; i++) {
		const ct_kwic *k = &e->kwic[i];
		if (strcmp(k->lang, "sr") == 0) {
			ck_assert_str_eq(k->match, "интелектуалне својине");
			ck_assert_str_eq(k->doc, "corpus/sr.txt");
			ck_assert_int_eq(k->line, 1);
			seen_sr = 1;
		} else {
			ck_assert_str_eq(k->match, "Зияткерлік меншікті");
			ck_assert_str_eq(k->left, "");
			seen_kk = 1;
		}
	}
	ck_assert(seen_sr && seen_kk);
	ct_lookup_free(r);
}
END_TEST

/* What a lookup says of a concept's use, as text to compare. */
static char *attest_summary(const char *q, size_t kwic_limit)
{
	ct_lookup *r = NULL;
	ct_lookup_opts o;
	ct_buf b = {0};
	memset(&o, 0, sizeof(o));
	o.kwic_limit = kwic_limit;
	o.no_fuzzy = 1;
	int rc = ct_term_lookup(&r, idx, q, strlen(q), &o);
	ck_assert_msg(rc == CT_OK, "%s: %s", q, ct_index_errmsg(idx));
	for (size_t i = 0; i < ct_lookup_count(r); i++) {
		const ct_entry *e = ct_lookup_get(r, i);
		ct_buf_printf(&b, "%s kk=%ld ru=%ld sr=%ld\n", e->concept, e->count_kk, e->count_ru, e->count_sr);
		for (size_t k = 0; k < e->nkwic; k++)
			ct_buf_printf(&b, "  %s:%ld %s [%s] %s\n", e->kwic[k].doc, e->kwic[k].line, e->kwic[k].left,
			              e->kwic[k].match, e->kwic[k].right);
	}
	ct_lookup_free(r);
	return b.p ? b.p : ct_strndup("", 0);
}

/* Attestations found while indexing (attest.c) say what matching at
 * lookup time says, for any number of KWIC lines, also past the lines
 * kept per document; an update after a glossary change finds them. */
START_TEST(attest_stored)
{
	static const char *const terms[] = {"инновация", "инновациялық қызмет", "зияткерлік меншік", "қызмет",
	                                    "интелектуална својина", "ИС"};
	static const size_t limits[] = {1, 3, 8};
	enum { NT = sizeof(terms) / sizeof(terms[0]), NL = sizeof(limits) / sizeof(limits[0]) };
	char *stored[NT][NL];
	ct_buf more = {0};

	/* more uses of инновация in one document than are kept */
	for (int i = 0; i < 8; i++)
		ct_buf_printf(&more, "Инновация %d-жылы жаңа өнім шығаруға бағытталды.\n\n", 2000 + i);
	char *corpus = tu_path(tmp, "corpus"), *kk2 = tu_path(corpus, "kk2.txt");
	tu_write(kk2, more.p, more.n);
	ct_update_opts o;
	memset(&o, 0, sizeof(o));
	o.base = tmp;
	const char *paths[1] = {corpus};
	ck_assert_int_eq(ct_index_update(idx, paths, 1, &o, NULL), CT_OK);
	ck_assert_int_eq(ct_attest_fresh(idx), 1);

	for (int t = 0; t < NT; t++)
		for (int l = 0; l < NL; l++)
			stored[t][l] = attest_summary(terms[t], limits[l]);
	/* eight lines asked: the Serbian one and seven of kk2.txt, five kept
	 * and two matched again */
	ck_assert_msg(strstr(stored[0][2], "innovation kk=8 ") != NULL, "%s", stored[0][2]);
	ck_assert_msg(strstr(stored[0][2], "corpus/kk2.txt:13 ") != NULL, "%s", stored[0][2]);

	/* the same answers when they are matched at lookup time */
	ck_assert_int_eq(sqlite3_exec(ct_index_db(idx), "UPDATE meta SET value = 'other' WHERE key = 'attest_glossary'",
	                              NULL, NULL, NULL), SQLITE_OK);
	ct_index_glossary_changed(idx);
	ck_assert_int_eq(ct_attest_fresh(idx), 0);
	for (int t = 0; t < NT; t++) {
		for (int l = 0; l < NL; l++) {
			char *found = attest_summary(terms[t], limits[l]);
			ck_assert_msg(strcmp(found, stored[t][l]) == 0, "%s, %zu lines:\nindexed:\n%s\nmatched:\n%s",
			              terms[t], limits[l], stored[t][l], found);
			free(found);
			free(stored[t][l]);
		}
	}

	/* importing a glossary finds the attestations of its concepts */
	static const char gloss[] = "[new_product]\nen = new product\ndomain = innovation\n"
	                            "kk = жаңа өнім ; pos=noun ; type=full ; status=preferred\n";
	char *gp = tu_path(tmp, "new.gloss");
	tu_write(gp, gloss, strlen(gloss));
	ck_assert_msg(ct_glossary_import(idx, gp, CT_GFORMAT_AUTO, NULL) == CT_OK, "%s", ct_index_errmsg(idx));
	ck_assert_int_eq(ct_attest_fresh(idx), 1);
	char *np = attest_summary("жаңа өнім", 8);
	ck_assert_msg(strstr(np, "new_product kk=8 ") != NULL, "%s", np);
	free(np);
	free(gp);
	ct_buf_free(&more);
	free(kk2);
	free(corpus);
}
END_TEST

START_TEST(bad_input)
{
	ct_lookup *r = NULL;
	ck_assert_int_eq(ct_term_lookup(&r, idx, "", 0, NULL), CT_ESYNTAX);
	ck_assert_ptr_null(r);
	ck_assert(tu_contains(ct_index_errmsg(idx), "empty"));
	ck_assert_int_eq(ct_term_lookup(&r, idx, "  \t ", 4, NULL), CT_ESYNTAX);
	ck_assert_int_eq(ct_term_lookup(&r, idx, "« — »", strlen("« — »"), NULL), CT_ESYNTAX);
	ck_assert_int_eq(ct_term_lookup(&r, idx, "қыз\xffмет", strlen("қыз\xffмет"), NULL), CT_EUTF8);
	ck_assert_ptr_null(r);
	ck_assert(tu_contains(ct_index_errmsg(idx), "byte 6"));
}
END_TEST

START_TEST(matcher)
{
	ct_matcher *m = NULL;
	ct_analyzer *an = NULL;
	ct_tspan *s = NULL;
	size_t n = 0;
	const char *text = "Зияткерлік меншікті пайдалану мен құқықтарын қорғау инновациялық қызметті дамытудың "
	                   "маңызды факторы болып табылады, интеллектуалдық меншік те.";
	ck_assert_int_eq(ct_matcher_new(&m, idx), CT_OK);
	ck_assert_int_eq(ct_analyzer_new(&an), CT_OK);
	ck_assert_int_eq(ct_matcher_find(m, an, text, strlen(text), &s, &n), CT_OK);
	ck_assert_uint_eq(n, 3);
	/* inflected two-word term from the first byte */
	ck_assert_uint_eq(s[0].start, 0);
	ck_assert_uint_eq(s[0].end, strlen("Зияткерлік меншікті"));
	/* the two-word term, not the one-word «қызмет» inside it */
	const char *at = strstr(text, "инновациялық қызметті");
	ck_assert_uint_eq(s[1].start, (size_t)(at - text));
	ck_assert_uint_eq(s[1].end, (size_t)(at - text) + strlen("инновациялық қызметті"));
	ck_assert_int_eq(s[0].concept_id, concept_id("intellectual-property"));
	ck_assert_int_eq(s[1].concept_id, concept_id("innovation-activity"));
	ck_assert_int_eq(s[0].deprecated, 0);
	/* the deprecated Kazakh variant is found and flagged */
	ck_assert_int_eq(s[2].concept_id, s[0].concept_id);
	ck_assert_int_eq(s[2].deprecated, 1);
	free(s);

	/* «іс» is not the Russian abbreviation ИС */
	const char *t3 = "Жаңалықтарды іс – жүзіне асыруға бағытталған ұйымдастырушылық шешімдерді";
	ck_assert_int_eq(ct_matcher_find(m, an, t3, strlen(t3), &s, &n), CT_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_ne(s[i].concept_id, concept_id("intellectual-property"));
	free(s);
	const char *t4 = "ИС и инновации";
	ck_assert_int_eq(ct_matcher_find(m, an, t4, strlen(t4), &s, &n), CT_OK);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_eq(s[0].end, strlen("ИС"));
	ck_assert_int_eq(s[0].concept_id, concept_id("intellectual-property"));
	free(s);

	/* «қызмет» alone is the one-word term */
	const char *t2 = "қызметтің нәтижелері";
	ck_assert_int_eq(ct_matcher_find(m, an, t2, strlen(t2), &s, &n), CT_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(s[0].start, 0);
	ck_assert_uint_eq(s[0].end, strlen("қызметтің"));
	ck_assert_int_eq(s[0].concept_id, concept_id("activity"));
	free(s);
	ct_analyzer_free(an);
	ct_matcher_free(m);
}
END_TEST

typedef struct cands {
	char phrases[64][256];
	long freq[64];
	int n;
} cands;

static void on_cand(void *ctx, const ct_candidate *c)
{
	cands *k = ctx;
	if (k->n < 64) {
		snprintf(k->phrases[k->n], sizeof(k->phrases[0]), "%s", c->phrase);
		k->freq[k->n] = c->freq;
		k->n++;
	}
}

START_TEST(suggest)
{
	cands k;
	memset(&k, 0, sizeof(k));
	ck_assert_int_eq(ct_glossary_suggest(idx, 0, 20, on_cand, &k), CT_OK);
	int found = -1;
	for (int i = 0; i < k.n; i++) {
		if (strcmp(k.phrases[i], "технологиялар трансферті") == 0)
			found = i;
		/* a glossary term is no candidate */
		ck_assert_str_ne(k.phrases[i], "инновациялық қызмет");
		ck_assert_str_ne(k.phrases[i], "инновациялық қызметті");
		/* no stopword at the edges */
		ck_assert(strncmp(k.phrases[i], "мен ", strlen("мен ")) != 0);
		size_t n = strlen(k.phrases[i]);
		ck_assert(n < 4 || strcmp(k.phrases[i] + n - 4, " мен") != 0);
	}
	ck_assert_msg(found >= 0, "технологиялар трансферті not suggested");
	ck_assert_int_eq(k.freq[found], 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("term");
	TCase *tc = tcase_create("lookup");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, exact);
	tcase_add_test(tc, normalized);
	tcase_add_test(tc, stem);
	tcase_add_test(tc, translit);
	tcase_add_test(tc, fuzzy);
	tcase_add_test(tc, lang_mask);
	tcase_add_test(tc, ranking);
	tcase_add_test(tc, kwic);
	tcase_add_test(tc, attest_stored);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, matcher);
	tcase_add_test(tc, suggest);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
