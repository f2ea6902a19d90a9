/*
 * test_normalize.c -- each normalisation rule, with words from the corpus.
 */
#include <utf8proc.h>

#include "internal.h"

#include "cyrterm/cyrterm.h"
#include "testutil.h"

static char *norm(const char *s)
{
	static char buf[1024];
	ct_normalize_word(s, strlen(s), buf, sizeof(buf));
	return buf;
}

START_TEST(latin_i_in_kazakh_word)
{
	/* 002_656ab9253b3ca7ff.txt writes «Қазiргi» with Latin i */
	ck_assert_str_eq(norm("Қазiргi"), "қазіргі");
	ck_assert_str_eq(norm("негiздерi"), "негіздері");
	ck_assert_str_eq(norm("қазіргі"), "қазіргі");
}
END_TEST

START_TEST(latin_lookalikes_repaired)
{
	/* Latin capitals A, K, E, O, T, H, C, P, M, B, X, Y typed into Cyrillic */
	ck_assert_str_eq(norm("Kазахстан"), "казахстан");
	ck_assert_str_eq(norm("тexнология"), "технология");
	ck_assert_str_eq(norm("HАУКА"), "наука");
	ck_assert_str_eq(norm("TMB"), "tmb"); /* pure Latin stays Latin */
	ck_assert_str_eq(norm("Google"), "google");
	ck_assert_str_eq(norm("ISTC"), "istc");
}
END_TEST

START_TEST(case_nfkc_and_invisible)
{
	ck_assert_str_eq(norm("ИННОВАЦИЯ"), "инновация");
	ck_assert_str_eq(norm("инно\xC2\xADвация"), "инновация");       /* soft hyphen */
	ck_assert_str_eq(norm("инно\xE2\x80\x8Bвация"), "инновация");   /* zero-width space */
	ck_assert_str_eq(norm("техноло\xCC\x81гия"), "технология");     /* stress mark */
	ck_assert_str_eq(norm("ﬁnance"), "finance");                     /* NFKC ligature */
	ck_assert_str_eq(norm("ёлка"), "елка");
	ck_assert_str_eq(norm("й"), "й"); /* й keeps its breve */
}
END_TEST

START_TEST(legacy_font_letters)
{
	/* 002_656ab9253b3ca7ff.txt: «жѕргiзiледi», «єорғауды», «сёйкестiгiн» */
	ck_assert_str_eq(norm("жѕргiзiледi"), "жүргізіледі");
	ck_assert_str_eq(norm("єорғауды"), "қорғауды");
	ck_assert_str_eq(norm("сёйкестiгiн"), "сәйкестігін");
}
END_TEST

START_TEST(kazakh_folding)
{
	char buf[256];
	const char *w = "қызметтің";
	size_t n = ct_fold_kazakh(w, strlen(w), buf, sizeof(buf));
	ck_assert_str_eq(buf, "кызметтин");
	ck_assert_uint_eq(n, strlen(w)); /* same length: offsets never move */
	ct_fold_kazakh("әғқңөұүһі", strlen("әғқңөұүһі"), buf, sizeof(buf));
	ck_assert_str_eq(buf, "агкноуухи");
}
END_TEST

START_TEST(serbian_skeleton)
{
	char a[256], b[256], c[256];
	ct_latin_skeleton("научни", strlen("научни"), a, sizeof(a));
	ct_latin_skeleton("naučni", strlen("naučni"), b, sizeof(b));
	ct_latin_skeleton("naucni", strlen("naucni"), c, sizeof(c));
	ck_assert_str_eq(a, "naucni");
	ck_assert_str_eq(b, "naucni");
	ck_assert_str_eq(c, "naucni");
	ct_latin_skeleton("технологије", strlen("технологије"), a, sizeof(a));
	ck_assert_str_eq(a, "tehnologije");
	ct_latin_skeleton("љубав", strlen("љубав"), a, sizeof(a));
	ck_assert_str_eq(a, "ljubav");
	ct_latin_skeleton("ђак", strlen("ђак"), a, sizeof(a));
	ct_latin_skeleton("đak", strlen("đak"), b, sizeof(b));
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(ct_latin_skeleton("漢字", strlen("漢字"), a, sizeof(a)), 0);
}
END_TEST

/* The inline decoder accepts and decodes exactly what utf8proc does: every
 * lead byte, with continuation bytes at the edges of their ranges, cut
 * short at every length. */
START_TEST(utf8_next_agrees_with_utf8proc)
{
	static const unsigned char follow[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
	enum { NF = sizeof(follow) };
	unsigned char b[4];
	for (unsigned lead = 0; lead < 256; lead++) {
		b[0] = (unsigned char)lead;
		for (unsigned i = 0; i < NF * NF * NF; i++) {
			b[1] = follow[i % NF];
			b[2] = follow[(i / NF) % NF];
			b[3] = follow[i / (NF * NF)];
			for (size_t n = 1; n <= 4; n++) {
				utf8proc_int32_t want = -1;
				int32_t got = -1;
				utf8proc_ssize_t wl = utf8proc_iterate(b, (utf8proc_ssize_t)n, &want);
				int gl = ct_utf8_next((const char *)b, n, &got);
				ck_assert_msg((wl < 0 && gl < 0) || (wl == gl && want == got),
				              "%02x %02x %02x %02x (n=%zu): utf8proc %ld U+%04X, ours %d U+%04X", b[0], b[1], b[2],
				              b[3], n, (long)wl, (unsigned)want, gl, (unsigned)got);
			}
		}
	}
}
END_TEST

START_TEST(utf8_validation)
{
	size_t bad = 0;
	ck_assert_int_eq(ct_utf8_validate("қызмет", strlen("қызмет"), &bad), CT_OK);
	ck_assert_int_eq(ct_utf8_validate("ab\xC0\xAF", 4, &bad), CT_EUTF8); /* overlong */
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(ct_utf8_validate("\xED\xA0\x80", 3, &bad), CT_EUTF8); /* surrogate */
	ck_assert_uint_eq(bad, 0);
	ck_assert_int_eq(ct_utf8_validate("қ\xD2", 3, &bad), CT_EUTF8); /* truncated */
	ck_assert_uint_eq(bad, 2);
	char out[64];
	size_t nrepl = 0;
	size_t n = ct_utf8_repair("a\xFF" "b", 3, out, sizeof(out), &nrepl);
	ck_assert_uint_eq(nrepl, 1);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(out, "a\xEF\xBF\xBD" "b");
}
END_TEST

START_TEST(long_word_is_cut_not_overflowed)
{
	char big[4000];
	for (size_t i = 0; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "ы", 2);
	big[sizeof(big) - 2] = '\0';
	char out[2048];
	size_t n = ct_normalize_word(big, strlen(big), out, sizeof(out));
	ck_assert_uint_eq(n, CT_MAX_WORD * 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("normalize");
	TCase *tc = tcase_create("rules");
	tcase_add_test(tc, latin_i_in_kazakh_word);
	tcase_add_test(tc, latin_lookalikes_repaired);
	tcase_add_test(tc, case_nfkc_and_invisible);
	tcase_add_test(tc, legacy_font_letters);
	tcase_add_test(tc, kazakh_folding);
	tcase_add_test(tc, serbian_skeleton);
	tcase_add_test(tc, utf8_validation);
	tcase_add_test(tc, utf8_next_agrees_with_utf8proc);
	tcase_add_test(tc, long_word_is_cut_not_overflowed);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
