/*
 * test_cli.c -- the command-line tool end to end, on the bundled corpus,
 * as a user types it.  With CT_VALGRIND=1 every command runs under
 * valgrind, and a memory error fails the test.
 */
#include "testutil.h"

static char *tmp;
static char cmdbuf[16384];

static const char *cli(void)
{
	static char buf[4096];
	const char *vg = getenv("CT_VALGRIND");
	snprintf(buf, sizeof(buf), "CYRTERM_DB='%s/default.db' %s'%s'", tmp,
	         vg && *vg == '1' ? "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite " : "",
	         CT_CLI);
	return buf;
}

/* Runs `cyrterm ARGS`, stdout to *out, stderr to tmp/err; returns status. */
static int run(const char *args, char **out)
{
	snprintf(cmdbuf, sizeof(cmdbuf), "%s %s 2>'%s/err'", cli(), args, tmp);
	return tu_run(cmdbuf, out);
}

static char *err_text(void)
{
	char *p = tu_path(tmp, "err"), *s = NULL;
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "cat '%s'", p);
	tu_run(cmd, &s);
	free(p);
	return s;
}

static int valid_json(const char *json)
{
	char *p = tu_path(tmp, "out.json");
	tu_write(p, json, strlen(json));
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '%s'", p);
	free(p);
	return tu_run(cmd, NULL) == 0;
}

/* The "doc:line" pairs of a JSON result, one per line, sorted. */
static char *locations(const char *query)
{
	char *p = tu_path(tmp, "q.json"), *out = NULL;
	char args[2048];
	snprintf(args, sizeof(args), "search --json --limit 50 --no-expand -- '%s' > '%s'", query, p);
	run(args, NULL);
	char cmd[4200];
	snprintf(cmd, sizeof(cmd),
	         "python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))[\"results\"]; "
	         "print(\"\\n\".join(sorted(\"%%s:%%d\" %% (x[\"doc\"], x[\"line\"]) for x in r)))' '%s'", p);
	tu_run(cmd, &out);
	free(p);
	return out;
}

static void setup(void)
{
	tmp = tu_tmpdir();
}

static void teardown(void)
{
	tu_rmtree(tmp);
	free(tmp);
}

START_TEST(quick_start_search)
{
	char *out = NULL;
	ck_assert_int_eq(run("search \"инновациялық қызмет\"", &out), 0);
	ck_assert(tu_contains(out, "1. corpus/"));
	ck_assert(tu_contains(out, "нновациялық қызмет"));
	free(out);
}
END_TEST

START_TEST(json_contract)
{
	char *out = NULL;
	ck_assert_int_eq(run("search --json \"технолошки парк\"", &out), 0);
	ck_assert(valid_json(out));
	ck_assert(tu_contains(out, "\"query\":\"технолошки парк\""));
	ck_assert(tu_contains(out, "\"rank\":1,"));
	ck_assert(tu_contains(out, "\"doc\":\"corpus/003_4bae52936f32cd92.txt\""));
	ck_assert(tu_contains(out, "\"highlights\":[["));
	ck_assert(tu_contains(out, "\"lang\":\"sr\""));
	free(out);
}
END_TEST

START_TEST(latin_i_and_cyrillic_i_find_the_same)
{
	char *a = locations("Қазiргi");
	char *b = locations("қазіргі");
	ck_assert(strlen(a) > 10);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(serbian_scripts_find_the_same)
{
	char *a = locations("tehnologije");
	char *b = locations("технологије");
	ck_assert(tu_contains(a, "003_4bae52936f32cd92.txt"));
	ck_assert_str_eq(a, b);
	char *c = locations("naucni");
	ck_assert(tu_contains(c, "003_4bae52936f32cd92.txt"));
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(missing_kazakh_letters)
{
	char *out = NULL;
	ck_assert_int_eq(run("search --json --limit 50 кызмет", &out), 0);
	ck_assert(tu_contains(out, "қызмет"));
	free(out);
	ck_assert_int_eq(run("search --json \"Самрук Казина\"", &out), 0);
	ck_assert(tu_contains(out, "Самрук-Казина"));
	free(out);
}
END_TEST

START_TEST(bad_queries_exit_2_with_one_line)
{
	char *out = NULL, *err;
	ck_assert_int_eq(run("search '\"broken'", &out), 2);
	err = err_text();
	ck_assert(tu_contains(err, "position 1: unterminated phrase"));
	ck_assert(strchr(err, '\n') == err + strlen(err) - 1); /* one line */
	ck_assert(!tu_contains(err, "fts5"));
	free(err);
	free(out);
	ck_assert_int_eq(run("search \"$(printf 'ab\\377')\"", &out), 2);
	err = err_text();
	ck_assert(tu_contains(err, "invalid UTF-8"));
	free(err);
	free(out);
	ck_assert_int_eq(run("search --limit x грант", NULL), 2);
	ck_assert_int_eq(run("search", NULL), 2);
	ck_assert_int_eq(run("frobnicate", NULL), 2);
}
END_TEST

START_TEST(nothing_found_exits_1)
{
	char *out = NULL;
	ck_assert_int_eq(run("search --json zzzqqqxxx", &out), 1);
	ck_assert(valid_json(out));
	ck_assert(tu_contains(out, "\"total\":0"));
	free(out);
}
END_TEST

START_TEST(index_bad_files_clear_messages)
{
	char *docs = tu_path(tmp, "docs"), *db = tu_path(tmp, "mine.db");
	mkdir(docs, 0755);
	char *good = tu_path(docs, "good.txt"), *bad = tu_path(docs, "bad.txt"), *empty = tu_path(docs, "empty.txt");
	tu_write(good, "Лизинг компаниялары.\n", strlen("Лизинг компаниялары.\n"));
	tu_write(bad, "ok \xC3\x28 no\n", 9);
	tu_write(empty, "", 0);
	char args[4096];
	snprintf(args, sizeof(args), "index --db '%s' '%s'", db, docs);
	ck_assert_int_eq(run(args, NULL), 2);
	char *err = err_text();
	ck_assert(tu_contains(err, "bad.txt: invalid UTF-8 at byte 3"));
	ck_assert(tu_contains(err, "empty.txt: empty file"));
	free(err);
	char *out = NULL;
	snprintf(args, sizeof(args), "search --db '%s' лизинг", db);
	ck_assert_int_eq(run(args, &out), 0);
	ck_assert(tu_contains(out, "good.txt"));
	free(out);
	free(docs); free(db); free(good); free(bad); free(empty);
}
END_TEST

START_TEST(analyze_shows_forms)
{
	char *out = NULL;
	ck_assert_int_eq(run("analyze --json 'Қазiргi кызметтің'", &out), 0);
	ck_assert(valid_json(out));
	ck_assert(tu_contains(out, "\"normalized\":\"қазіргі\""));
	ck_assert(tu_contains(out, "\"kind\":\"folded\",\"form\":\"кызметтин\""));
	ck_assert(tu_contains(out, "\"start\":13,\"end\":31"));
	free(out);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("end-to-end");
	tcase_set_timeout(tc, 600);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, quick_start_search);
	tcase_add_test(tc, json_contract);
	tcase_add_test(tc, latin_i_and_cyrillic_i_find_the_same);
	tcase_add_test(tc, serbian_scripts_find_the_same);
	tcase_add_test(tc, missing_kazakh_letters);
	tcase_add_test(tc, bad_queries_exit_2_with_one_line);
	tcase_add_test(tc, nothing_found_exits_1);
	tcase_add_test(tc, index_bad_files_clear_messages);
	tcase_add_test(tc, analyze_shows_forms);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
