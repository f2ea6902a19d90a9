/*
 * fuzz_normalize.c -- the normaliser on arbitrary bytes.
 *
 * Every function of normalize.h must accept any bytes (the tokenizer hands
 * it words cut from unvalidated text) and keep its own contract: repair
 * yields valid UTF-8 no longer than 3*n, the "bytes needed" results agree
 * whatever the buffer, outputs are valid UTF-8, folding and skeletons are
 * idempotent.  A broken contract aborts, so libFuzzer reports it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cyrterm/cyrterm.h"

#define CHECK(c)                                                              \
	do {                                                                      \
		if (!(c)) {                                                           \
			fprintf(stderr, "fuzz_normalize: %s:%d: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                          \
		}                                                                     \
	} while (0)

typedef size_t (*word_fn)(const char *s, size_t n, char *out, size_t cap);

/*
 * Runs fn with no buffer, a tiny one and an exact one; returns the result
 * (malloc'd, NUL-terminated) and checks that the three agree.
 *
 * normalize.h: "The result is NUL-terminated whenever cap > 0" -- also
 * when there is no result (a word without a Latin skeleton).  Buffers are
 * filled with 'x' first so that a missing NUL is seen.  Compiled with
 * -DCT_FUZZ_SKIP_REPORTED they are zero-filled instead, which hides that
 * reported defect so that a fuzzing campaign can go past it.
 */
#ifdef CT_FUZZ_SKIP_REPORTED
#define FILL 0
#else
#define FILL 'x'
#endif
static char *run(word_fn fn, const char *s, size_t n, size_t *out_n)
{
	char tiny[4];
	memset(tiny, FILL, sizeof(tiny));
	size_t need = fn(s, n, NULL, 0);
	size_t need2 = fn(s, n, tiny, sizeof(tiny));
	CHECK(need == need2);
	CHECK(memchr(tiny, '\0', sizeof(tiny)) != NULL);
	char *buf = malloc(need + 1);
	CHECK(buf != NULL);
	memset(buf, FILL, need + 1);
	size_t got = fn(s, n, buf, need + 1);
	CHECK(got == need);
	CHECK(buf[need] == '\0');
	*out_n = need;
	return buf;
}

static void words(const char *s, size_t n)
{
	size_t nn, nf, nk, nf2, nk2;
	char *norm = run(ct_normalize_word, s, n, &nn);
	CHECK(ct_utf8_validate(norm, nn, NULL) == CT_OK);
	(void)ct_word_script(norm, nn);

	char *fold = run(ct_fold_kazakh, norm, nn, &nf);
	CHECK(nf <= nn);
	CHECK(ct_utf8_validate(fold, nf, NULL) == CT_OK);
	char *fold2 = run(ct_fold_kazakh, fold, nf, &nf2);
	CHECK(nf2 == nf && memcmp(fold, fold2, nf) == 0);

	char *skel = run(ct_latin_skeleton, norm, nn, &nk);
	for (size_t i = 0; i < nk; i++)
		CHECK((unsigned char)skel[i] < 0x80);
	if (nk > 0) {
		char *skel2 = run(ct_latin_skeleton, skel, nk, &nk2);
		CHECK(nk2 == nk && memcmp(skel, skel2, nk) == 0);
		free(skel2);
	}
	free(norm);
	free(fold);
	free(fold2);
	free(skel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t bad = (size_t)-1, nrepl = 0, nrepl2 = 0;
	int valid = ct_utf8_validate(s, size, &bad);
	CHECK(valid == CT_OK || valid == CT_EUTF8);
	if (valid == CT_EUTF8)
		CHECK(bad < size);

	size_t need = ct_utf8_repair(s, size, NULL, 0, &nrepl);
	CHECK(need <= 3 * size);
	char *fixed = malloc(need + 1);
	CHECK(fixed != NULL);
	size_t got = ct_utf8_repair(s, size, fixed, need + 1, &nrepl2);
	CHECK(got == need && nrepl == nrepl2);
	CHECK(ct_utf8_validate(fixed, got, NULL) == CT_OK);
	if (valid == CT_OK)
		CHECK(nrepl == 0 && got == size && memcmp(fixed, s, size) == 0);
	else
		CHECK(nrepl > 0 && memcmp(fixed, s, bad) == 0);
	/* a prefix of the valid part is unchanged too */
	if (valid == CT_EUTF8) {
		size_t b2 = 0;
		CHECK(ct_utf8_validate(s, bad, &b2) == CT_OK);
	}

	/* the word functions take raw bytes too (the tokenizer trusts its input,
	 * but ct_normalize_word is public) */
	words(s, size);
	words(fixed, got);
	free(fixed);
	return 0;
}
