/*
 * test_segment.c -- passages from the corpus's real defects.
 */
#include "cyrterm/cyrterm.h"
#include "testutil.h"

typedef struct got {
	ct_passage p[512];
	int n;
	const char *text;
} got;

static int on_p(void *ctx, const ct_passage *p)
{
	got *g = ctx;
	if (g->n < 512)
		g->p[g->n++] = *p;
	return 0;
}

static got *seg(const char *text, ct_lang lang)
{
	static got g;
	memset(&g, 0, sizeof(g));
	g.text = text;
	ck_assert_int_eq(ct_segment(text, strlen(text), lang, on_p, &g), CT_OK);
	return &g;
}

START_TEST(glued_sentences_are_cut)
{
	/* 001_ca4ee8680d8a9508.txt: «...Үдерістік.Жаңа өнімді...» */
	const char *t = "Бірінші сөйлем өте ұзақ емес. Екінші сөйлем Үдерістік.Жаңа өнімді шығару. Үшінші сөйлем.";
	got *g = seg(t, CT_LANG_KK);
	int cut = 0;
	for (int i = 0; i < g->n; i++) {
		if (strncmp(t + g->p[i].start, "Жаңа", strlen("Жаңа")) == 0)
			cut = 1;
		ck_assert_uint_le(g->p[i].end, strlen(t));
	}
	ck_assert(cut);
}
END_TEST

START_TEST(toc_lines_marked)
{
	const char *t = "Мазмұны  Кiрiспе........................2\nҒылыми-техникалық прогресс дамиды.\n";
	got *g = seg(t, CT_LANG_KK);
	ck_assert_int_eq(g->n, 2);
	ck_assert_int_eq(g->p[0].kind, CT_PASSAGE_TOC);
	ck_assert_int_eq(g->p[1].kind, CT_PASSAGE_TEXT);
	ck_assert_int_eq(g->p[1].line, 2);
	ck_assert_int_eq(g->p[1].lang, CT_LANG_KK);
}
END_TEST

START_TEST(passages_are_bounded_and_trimmed)
{
	size_t n = 20000;
	char *t = malloc(n + 1);
	for (size_t i = 0; i < n; i += 2)
		memcpy(t + i, "ы", 2); /* one 10,000-letter "word", no space, no stop */
	t[n] = '\0';
	got *g = seg(t, CT_LANG_UND);
	ck_assert_int_ge(g->n, 10);
	size_t covered = 0;
	for (int i = 0; i < g->n; i++) {
		ck_assert_uint_le(g->p[i].end - g->p[i].start, CT_PASSAGE_MAX);
		/* cut on character boundaries */
		ck_assert_int_ne((unsigned char)t[g->p[i].start] & 0xC0, 0x80);
		covered += g->p[i].end - g->p[i].start;
	}
	ck_assert_uint_eq(covered, n); /* nothing lost */
	free(t);
}
END_TEST

START_TEST(passage_language_from_letters)
{
	const char *t = "Наука и технологија у Казахстану.\nҚазақстанның ғылымы дамиды.\n";
	got *g = seg(t, CT_LANG_UND);
	ck_assert_int_eq(g->n, 2);
	ck_assert_int_eq(g->p[0].lang, CT_LANG_SR);
	ck_assert_int_eq(g->p[1].lang, CT_LANG_KK);
	ck_assert_int_eq(g->p[1].line, 2);
	ck_assert_uint_eq(g->p[0].start, 0);
	ck_assert_int_eq(t[g->p[0].end - 1], '.');
}
END_TEST

static got *seg1(const char *text)
{
	static got g;
	memset(&g, 0, sizeof(g));
	g.text = text;
	ck_assert_int_eq(ct_segment_n(text, strlen(text), CT_LANG_KK, 1, on_p, &g), CT_OK);
	return &g;
}

static void assert_passage(const got *g, int i, const char *want)
{
	ck_assert_int_lt(i, g->n);
	size_t n = g->p[i].end - g->p[i].start;
	ck_assert_msg(n == strlen(want) && memcmp(g->text + g->p[i].start, want, n) == 0,
	              "passage %d is «%.*s», not «%s»", i, (int)n, g->text + g->p[i].start, want);
}

/* ICU reports boundaries in UTF-16 units: characters beyond the BMP take
 * two of them and four UTF-8 bytes, and the passages must still be cut at
 * the right bytes.  A line that is not valid UTF-8 goes another way. */
START_TEST(boundaries_are_byte_offsets)
{
	got *g = seg1("Ғылым \xF0\x9D\x94\xB8 дамиды. Екінші \xF0\x9F\x98\x80\xF0\x9F\x98\x80 сөйлем! "
	              "Үшінші сөйлем?\nТөртінші жол.");
	ck_assert_int_eq(g->n, 4);
	assert_passage(g, 0, "Ғылым \xF0\x9D\x94\xB8 дамиды.");
	assert_passage(g, 1, "Екінші \xF0\x9F\x98\x80\xF0\x9F\x98\x80 сөйлем!");
	assert_passage(g, 2, "Үшінші сөйлем?");
	assert_passage(g, 3, "Төртінші жол.");
	ck_assert_int_eq(g->p[3].line, 2);

	g = seg1("Бірі\xFFнші \xF0\x9F\x98\x80 сөйлем. Екінші сөйлем.");
	ck_assert_int_eq(g->n, 2);
	assert_passage(g, 0, "Бірі\xFFнші \xF0\x9F\x98\x80 сөйлем.");
	assert_passage(g, 1, "Екінші сөйлем.");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("segment");
	TCase *tc = tcase_create("passages");
	tcase_add_test(tc, glued_sentences_are_cut);
	tcase_add_test(tc, toc_lines_marked);
	tcase_add_test(tc, passages_are_bounded_and_trimmed);
	tcase_add_test(tc, passage_language_from_letters);
	tcase_add_test(tc, boundaries_are_byte_offsets);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
