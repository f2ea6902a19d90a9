/*
 * test_tokenize.c -- words, their forms and their offsets in the original.
 */
#include "cyrterm/cyrterm.h"
#include "testutil.h"

typedef struct form {
	int first;
	ct_form_kind kind;
	char text[256];
	size_t start, end;
} form;

typedef struct collected {
	form f[256];
	int n;
} collected;

static int collect(void *ctx, int first, ct_form_kind kind, ct_lang lang, const char *s, size_t n,
                   size_t start, size_t end)
{
	collected *c = ctx;
	(void)lang;
	if (c->n < 256 && n < 255) {
		form *f = &c->f[c->n++];
		f->first = first;
		f->kind = kind;
		memcpy(f->text, s, n);
		f->text[n] = '\0';
		f->start = start;
		f->end = end;
	}
	return 0;
}

static collected *analyze(const char *text, unsigned flags)
{
	static collected c;
	ct_analyzer *a = NULL;
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(ct_analyzer_new(&a), CT_OK);
	ck_assert_int_eq(ct_analyze(a, text, strlen(text), flags, 0, collect, &c), CT_OK);
	ct_analyzer_free(a);
	return &c;
}

static int has_form(collected *c, ct_form_kind kind, const char *text)
{
	for (int i = 0; i < c->n; i++)
		if (c->f[i].kind == kind && strcmp(c->f[i].text, text) == 0)
			return 1;
	return 0;
}

START_TEST(offsets_point_into_original)
{
	/* Latin i, a soft hyphen and a stress mark change the bytes, never the
	 * offsets */
	const char *t = "  Қазiргi инно\xC2\xADвация техноло\xCC\x81гия";
	collected *c = analyze(t, CT_TOK_DOCUMENT);
	int words = 0;
	for (int i = 0; i < c->n; i++) {
		if (!c->f[i].first)
			continue;
		words++;
		if (strcmp(c->f[i].text, "қазіргі") == 0) {
			ck_assert_uint_eq(c->f[i].start, 2);
			ck_assert_int_eq(memcmp(t + c->f[i].start, "Қазiргi", c->f[i].end - c->f[i].start), 0);
		}
		if (strcmp(c->f[i].text, "инновация") == 0)
			ck_assert_int_eq(memcmp(t + c->f[i].start, "инно\xC2\xADвация", c->f[i].end - c->f[i].start), 0);
		if (strcmp(c->f[i].text, "технология") == 0)
			ck_assert_uint_eq(c->f[i].end, strlen(t));
	}
	ck_assert_int_eq(words, 3);
}
END_TEST

START_TEST(kazakh_word_has_folded_and_stem_forms)
{
	collected *c = analyze("қызметтің", CT_TOK_DOCUMENT);
	ck_assert(c->f[0].first && c->f[0].kind == CT_FORM_EXACT);
	ck_assert_str_eq(c->f[0].text, "қызметтің");
	ck_assert(has_form(c, CT_FORM_FOLDED, "кызметтин"));
	ck_assert(has_form(c, CT_FORM_STEM, "#кызмет"));
	/* the same word typed without Kazakh letters reaches the same stem */
	c = analyze("кызметтин қазақ", CT_TOK_DOCUMENT);
	ck_assert(has_form(c, CT_FORM_STEM, "#кызмет"));
}
END_TEST

START_TEST(serbian_scripts_meet)
{
	collected *c = analyze("технологије у Казахстану", CT_TOK_DOCUMENT);
	ck_assert(has_form(c, CT_FORM_LATIN, "tehnologije"));
	c = analyze("tehnologije", CT_TOK_QUERY);
	ck_assert(has_form(c, CT_FORM_EXACT, "tehnologije"));
	c = analyze("naučni", CT_TOK_QUERY);
	ck_assert(has_form(c, CT_FORM_LATIN, "naucni"));
}
END_TEST

START_TEST(hyphen_and_punctuation_split_words)
{
	collected *c = analyze("Самрук-Казина, ISTC-а", CT_TOK_DOCUMENT);
	int words = 0;
	for (int i = 0; i < c->n; i++)
		words += c->f[i].first;
	ck_assert_int_eq(words, 4);
	ck_assert(has_form(c, CT_FORM_EXACT, "самрук"));
	ck_assert(has_form(c, CT_FORM_EXACT, "istc"));
}
END_TEST

START_TEST(exact_only_and_prefix)
{
	collected *c = analyze("қызметтің", CT_TOK_QUERY | CT_TOK_EXACT_ONLY);
	ck_assert_int_eq(c->n, 1);
	c = analyze("қызмет", CT_TOK_QUERY | CT_TOK_PREFIX);
	for (int i = 0; i < c->n; i++)
		ck_assert_int_ne(c->f[i].kind, CT_FORM_STEM);
}
END_TEST

START_TEST(language_detection)
{
	ck_assert_int_eq(ct_detect_lang("Қазақстанның ғылыми-техникалық саясаты", strlen("Қазақстанның ғылыми-техникалық саясаты")), CT_LANG_KK);
	ck_assert_int_eq(ct_detect_lang("ғылымның негiздерi", strlen("ғылымның негiздерi")), CT_LANG_KK);
	const char *sr = "Наука и технологија у Казахстану односи се на владине политике";
	ck_assert_int_eq(ct_detect_lang(sr, strlen(sr)), CT_LANG_SR);
	const char *ru = "Инновационная деятельность в Казахстане";
	ck_assert_int_eq(ct_detect_lang(ru, strlen(ru)), CT_LANG_UND); /* no letter tells */
	const char *ru2 = "Развитие науки и экономики";
	ck_assert_int_eq(ct_detect_lang(ru2, strlen(ru2)), CT_LANG_RU);
	ck_assert_int_eq(ct_detect_lang("naučni rad", strlen("naučni rad")), CT_LANG_SR);
}
END_TEST

START_TEST(invalid_bytes_separate_words)
{
	collected *c = analyze("ab\xFF" "cd", CT_TOK_DOCUMENT);
	ck_assert(has_form(c, CT_FORM_EXACT, "ab"));
	ck_assert(has_form(c, CT_FORM_EXACT, "cd"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tokenize");
	TCase *tc = tcase_create("forms");
	tcase_add_test(tc, offsets_point_into_original);
	tcase_add_test(tc, kazakh_word_has_folded_and_stem_forms);
	tcase_add_test(tc, serbian_scripts_meet);
	tcase_add_test(tc, hyphen_and_punctuation_split_words);
	tcase_add_test(tc, exact_only_and_prefix);
	tcase_add_test(tc, language_detection);
	tcase_add_test(tc, invalid_bytes_separate_words);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
