/*
 * fuzz_tokenize.c -- ct_analyze in document and query modes, and
 * ct_segment, on arbitrary text.
 *
 * Contracts checked: every form is non-empty valid UTF-8 whose span lies
 * inside the text and does not go backwards; passages come in order, do not
 * overlap, stay inside the text, never exceed CT_PASSAGE_MAX bytes, and
 * their lines never decrease.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cyrterm/cyrterm.h"

#define CHECK(c)                                                              \
	do {                                                                      \
		if (!(c)) {                                                           \
			fprintf(stderr, "fuzz_tokenize: %s:%d: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                          \
		}                                                                     \
	} while (0)

static ct_analyzer *an;

typedef struct form_ctx {
	size_t n;          /* text length */
	size_t last_start; /* start of the previous word */
	size_t forms;
	unsigned flags;
} form_ctx;

static int on_form(void *vctx, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                   size_t start, size_t end)
{
	form_ctx *c = vctx;
	CHECK(n > 0);
	CHECK(form != NULL);
	CHECK(ct_utf8_validate(form, n, NULL) == CT_OK);
	CHECK(memchr(form, '\0', n) == NULL);
	CHECK(start < end && end <= c->n);
	CHECK(kind >= CT_FORM_EXACT && kind <= CT_FORM_STEM);
	CHECK(lang >= CT_LANG_UND && lang <= CT_LANG_EN);
	if (first) {
		CHECK(kind == CT_FORM_EXACT);
		CHECK(c->forms == 0 || start >= c->last_start);
		c->last_start = start;
	}
	if (kind == CT_FORM_STEM)
		CHECK(form[0] == CT_STEM_MARK && !(c->flags & (CT_TOK_EXACT_ONLY | CT_TOK_NO_STEMS | CT_TOK_PREFIX)));
	if (c->flags & CT_TOK_EXACT_ONLY)
		CHECK(kind == CT_FORM_EXACT);
	c->forms++;
	return 0;
}

typedef struct seg_ctx {
	const char *text;
	size_t n, last_end;
	long last_line;
	size_t count;
} seg_ctx;

static int on_passage(void *vctx, const ct_passage *p)
{
	seg_ctx *c = vctx;
	CHECK(p->start < p->end && p->end <= c->n);
	CHECK(p->start >= c->last_end);
	CHECK(p->end - p->start <= CT_PASSAGE_MAX);
	CHECK(p->line >= 1 && p->line >= c->last_line);
	CHECK(p->kind == CT_PASSAGE_TEXT || p->kind == CT_PASSAGE_TOC);
	/* cut on character boundaries */
	CHECK(ct_utf8_validate(c->text + p->start, p->end - p->start, NULL) == CT_OK);
	c->last_end = p->end;
	c->last_line = p->line;
	c->count++;
	return 0;
}

static int stop_after_one(void *vctx, const ct_passage *p)
{
	(void)vctx;
	(void)p;
	return 7;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned modes[] = {
		CT_TOK_DOCUMENT, CT_TOK_QUERY, CT_TOK_QUERY | CT_TOK_PREFIX, CT_TOK_QUERY | CT_TOK_EXACT_ONLY,
		CT_TOK_DOCUMENT | CT_TOK_NO_STEMS,
	};
	static const unsigned masks[] = {0, CT_LANGBIT(CT_LANG_KK), CT_LANGBIT(CT_LANG_RU) | CT_LANGBIT(CT_LANG_SR),
	                                 CT_LANGS_ALL};
	const char *text = (const char *)data;
	if (!an && ct_analyzer_new(&an) != CT_OK)
		abort();

	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		form_ctx c = {size, 0, 0, modes[m]};
		unsigned mask = masks[(size + m) % (sizeof(masks) / sizeof(masks[0]))];
		int rc = ct_analyze(an, text, size, modes[m], mask, on_form, &c);
		CHECK(rc == CT_OK);
	}
	(void)ct_detect_lang(text, size);
	if (size < 256)
		(void)ct_word_langs(text, size);

	/* ct_segment wants valid UTF-8: repair first, as the index does */
	size_t need = ct_utf8_repair(text, size, NULL, 0, NULL);
	char *fixed = malloc(need + 1);
	CHECK(fixed != NULL);
	size_t n = ct_utf8_repair(text, size, fixed, need + 1, NULL);
	ct_lang dl = (ct_lang)(size % 4);
	seg_ctx sc = {fixed, n, 0, 0, 0};
	CHECK(ct_segment(fixed, n, dl, on_passage, &sc) == CT_OK);
	int rc = ct_segment(fixed, n, dl, stop_after_one, NULL);
	CHECK(rc == (sc.count ? 7 : CT_OK));
	free(fixed);
	return 0;
}
