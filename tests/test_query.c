/*
 * test_query.c -- the query language and its errors.
 */
#include "cyrterm/cyrterm.h"
#include "testutil.h"

static const char *fts(const char *q)
{
	static char buf[8192];
	ct_query *pq = NULL;
	char err[256];
	ck_assert_int_eq(ct_query_parse(&pq, q, strlen(q), err, sizeof(err)), CT_OK);
	snprintf(buf, sizeof(buf), "%s", ct_query_fts(pq));
	ct_query_free(pq);
	return buf;
}

static int parse_err(const char *q, char *err, size_t cap)
{
	ct_query *pq = NULL;
	int rc = ct_query_parse(&pq, q, strlen(q), err, cap);
	ck_assert_ptr_null(pq);
	return rc;
}

START_TEST(words_are_anded)
{
	ck_assert_str_eq(fts("инновациялық қызмет"), "((\"инновациялық\" AND \"қызмет\"))");
}
END_TEST

START_TEST(operators)
{
	ck_assert_str_eq(fts("\"технолошки парк\""), "(\"технолошки парк\")");
	ck_assert_str_eq(fts("грант OR лизинг"), "(\"грант\") OR (\"лизинг\")");
	ck_assert_str_eq(fts("лизинг -қаржы"), "((\"лизинг\") NOT (\"қаржы\"))");
	ck_assert_str_eq(fts("иннов*"), "(\"иннов\"*)");
	ck_assert_str_eq(fts("=қызмет"), "(\"=қызмет\")");
	/* a group is one operand: AND binds before OR in FTS5 */
	ck_assert_str_eq(fts("(грант OR лизинг) қаржы"), "((((\"грант\") OR (\"лизинг\")) AND \"қаржы\"))");
	/* a hyphenated word stays one phrase */
	ck_assert_str_eq(fts("Самрук-Казина"), "(\"Самрук-Казина\")");
}
END_TEST

START_TEST(user_quotes_cannot_escape)
{
	/* a stray quote inside a word is doubled, never an FTS5 operator */
	ck_assert_str_eq(fts("a\"\"b"), "((\"a\" AND \"b\"))");
	const char *q = fts("NEAR(x y)");
	ck_assert(strstr(q, "\"NEAR\"") != NULL);
}
END_TEST

START_TEST(errors_name_positions)
{
	char err[256];
	ck_assert_int_eq(parse_err("инновация \"broken", err, sizeof(err)), CT_ESYNTAX);
	ck_assert_str_eq(err, "position 11: unterminated phrase (a \" is missing)");
	ck_assert_int_eq(parse_err("(грант", err, sizeof(err)), CT_ESYNTAX);
	ck_assert(strstr(err, "position 1: unclosed parenthesis") != NULL);
	ck_assert_int_eq(parse_err("грант)", err, sizeof(err)), CT_ESYNTAX);
	ck_assert(strstr(err, "position 6") != NULL);
	ck_assert_int_eq(parse_err("-грант", err, sizeof(err)), CT_ESYNTAX);
	ck_assert_int_eq(parse_err("OR грант", err, sizeof(err)), CT_ESYNTAX);
	ck_assert_int_eq(parse_err("грант OR", err, sizeof(err)), CT_ESYNTAX);
	ck_assert_int_eq(parse_err("   ", err, sizeof(err)), CT_ESYNTAX);
	ck_assert_int_eq(parse_err("!!! ...", err, sizeof(err)), CT_ESYNTAX);
	ck_assert_int_eq(parse_err("ab\xFF", err, sizeof(err)), CT_EUTF8);
	ck_assert_str_eq(err, "position 3 (byte 2): invalid UTF-8");
}
END_TEST

START_TEST(bounds)
{
	char err[256];
	char q[200];
	memset(q, '(', 100);
	memcpy(q + 100, "x", 2);
	ck_assert_int_eq(parse_err(q, err, sizeof(err)), CT_ETOOBIG);
	char *big = malloc(CT_QUERY_MAX_BYTES + 10);
	memset(big, 'a', CT_QUERY_MAX_BYTES + 9);
	big[CT_QUERY_MAX_BYTES + 9] = '\0';
	ck_assert_int_eq(parse_err(big, err, sizeof(err)), CT_ETOOBIG);
	free(big);
	char many[1000] = "";
	for (int i = 0; i < 70; i++)
		strcat(many, "w ");
	ck_assert_int_eq(parse_err(many, err, sizeof(err)), CT_ETOOBIG);
}
END_TEST

START_TEST(positives_exclude_negated)
{
	ct_query *q = NULL;
	char err[128];
	const char *s = "лизинг -қаржы \"технолошки парк\"";
	ck_assert_int_eq(ct_query_parse(&q, s, strlen(s), err, sizeof(err)), CT_OK);
	ck_assert_uint_eq(ct_query_positive_count(q), 2);
	size_t n;
	const char *p = ct_query_positive(q, 1, &n);
	ck_assert_int_eq(memcmp(p, "технолошки парк", n), 0);
	ct_query_free(q);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, words_are_anded);
	tcase_add_test(tc, operators);
	tcase_add_test(tc, user_quotes_cannot_escape);
	tcase_add_test(tc, errors_name_positions);
	tcase_add_test(tc, bounds);
	tcase_add_test(tc, positives_exclude_negated);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
