/*
 * segment.c -- passages from ICU sentence boundaries.
 *
 * ICU runs over the UTF-8 text directly (utext_openUTF8), so the boundaries
 * it reports are byte offsets into the caller's text.
 */
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <utf8proc.h>

#include "cyrterm/segment.h"
#include "internal.h"

typedef struct seg {
	const char *text;
	ct_lang doc_lang;
	ct_passage_fn fn;
	void *ctx;
	/* the passage being filled */
	size_t p_start, p_end;
	long p_line;
	int p_sentences;
	ct_passage_kind p_kind;
	long line;
	int max_sentences;
} seg;

static int is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int flush(seg *s)
{
	int rc = 0;
	if (s->p_sentences > 0 && s->p_end > s->p_start) {
		ct_passage p;
		p.start = s->p_start;
		p.end = s->p_end;
		p.line = s->p_line;
		p.kind = s->p_kind;
		p.detected = ct_detect_lang(s->text + p.start, p.end - p.start);
		p.lang = p.detected == CT_LANG_UND ? s->doc_lang : p.detected;
		rc = s->fn(s->ctx, &p);
	}
	s->p_sentences = 0;
	return rc;
}

/* A run of four or more dots (or ellipses) is a dot leader:
 * «Кiрiспе........2» in the contents of 002_656ab9253b3ca7ff.txt. */
static int has_dot_leader(const char *z, size_t n)
{
	int run = 0;
	for (size_t i = 0; i < n; i++) {
		if (z[i] == '.') {
			if (++run >= 4)
				return 1;
		} else if (i + 2 < n && memcmp(z + i, "\xE2\x80\xA6", 3) == 0) {
			run += 3;
			i += 2;
			if (run >= 4)
				return 1;
		} else {
			run = 0;
		}
	}
	return 0;
}

/* Adds one sentence [a, b) (already trimmed) to the current passage. */
static int add_sentence(seg *s, size_t a, size_t b)
{
	int rc;
	if (b <= a)
		return 0;
	ct_passage_kind kind = has_dot_leader(s->text + a, b - a) ? CT_PASSAGE_TOC : CT_PASSAGE_TEXT;
	if (s->p_sentences > 0 &&
	    (kind != s->p_kind || s->p_sentences >= s->max_sentences ||
	     (s->p_end - s->p_start) >= CT_PASSAGE_TARGET || b - s->p_start > CT_PASSAGE_MAX)) {
		rc = flush(s);
		if (rc)
			return rc;
	}
	/* a sentence longer than the bound is cut at spaces, or at a character
	 * boundary when it has none (a 50 MB line of one "word") */
	while (b - a > CT_PASSAGE_MAX) {
		size_t cut = a + CT_PASSAGE_MAX;
		while (cut > a && ((unsigned char)s->text[cut] & 0xC0) == 0x80)
			cut--;
		size_t sp = cut;
		while (sp > a + CT_PASSAGE_MAX / 2 && !is_space_byte((unsigned char)s->text[sp]))
			sp--;
		if (sp > a + CT_PASSAGE_MAX / 2)
			cut = sp;
		if (s->p_sentences > 0) {
			rc = flush(s);
			if (rc)
				return rc;
		}
		s->p_start = a;
		s->p_end = cut;
		s->p_line = s->line;
		s->p_kind = kind;
		s->p_sentences = 1;
		rc = flush(s);
		if (rc)
			return rc;
		a = cut;
		while (a < b && is_space_byte((unsigned char)s->text[a]))
			a++;
	}
	if (b <= a)
		return 0;
	if (s->p_sentences == 0) {
		s->p_start = a;
		s->p_line = s->line;
		s->p_kind = kind;
	}
	s->p_end = b;
	s->p_sentences++;
	return 0;
}

static int32_t cp_at(const char *z, size_t n, size_t i, size_t *len)
{
	utf8proc_int32_t cp = -1;
	utf8proc_ssize_t k = ct_utf8_next(z + i, n - i, &cp);
	*len = k > 0 ? (size_t)k : 1;
	return k > 0 ? cp : -1;
}

/*
 * Cuts an ICU sentence where the source glued two sentences: a lower-case
 * letter, a full stop and an upper-case letter with no space between them
 * («Үдерістік.Жаңа өнімді»).  Initials such as «Н.Ә.Назарбаев» have an
 * upper-case letter before the stop and are left alone.
 */
static int add_with_glue_repair(seg *s, size_t a, size_t b)
{
	size_t i = a, from = a;
	int rc;
	int32_t prev = -1;
	while (i < b) {
		size_t len;
		int32_t cp = cp_at(s->text, b, i, &len);
		if ((cp == '.' || cp == '!' || cp == '?') && prev >= 0 &&
		    utf8proc_category(prev) == UTF8PROC_CATEGORY_LL && i + len < b) {
			size_t nlen;
			int32_t next = cp_at(s->text, b, i + len, &nlen);
			if (next >= 0 && utf8proc_category(next) == UTF8PROC_CATEGORY_LU) {
				rc = add_sentence(s, from, i + len);
				if (rc)
					return rc;
				from = i + len;
			}
		}
		prev = cp;
		i += len;
	}
	return add_sentence(s, from, b);
}

static void trim(const char *z, size_t *a, size_t *b)
{
	while (*a < *b && is_space_byte((unsigned char)z[*a]))
		(*a)++;
	while (*b > *a && is_space_byte((unsigned char)z[*b - 1]))
		(*b)--;
	/* no-break spaces at the edges */
	while (*b - *a >= 2 && memcmp(z + *a, "\xC2\xA0", 2) == 0)
		*a += 2;
	while (*b - *a >= 2 && memcmp(z + *b - 2, "\xC2\xA0", 2) == 0)
		*b -= 2;
}

int ct_segment(const char *text, size_t n, ct_lang doc_lang, ct_passage_fn fn, void *ctx)
{
	return ct_segment_n(text, n, doc_lang, CT_PASSAGE_SENTENCES, fn, ctx);
}

int ct_segment_n(const char *text, size_t n, ct_lang doc_lang, int max_sentences, ct_passage_fn fn, void *ctx)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = NULL;
	UText *ut = NULL;
	seg s;
	int rc = CT_OK;
	size_t i = 0;

	memset(&s, 0, sizeof(s));
	s.text = text;
	s.doc_lang = doc_lang;
	s.fn = fn;
	s.ctx = ctx;
	s.line = 1;
	s.max_sentences = max_sentences > 0 ? max_sentences : 1;

	bi = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &st);
	if (U_FAILURE(st)) {
		rc = st == U_MEMORY_ALLOCATION_ERROR ? CT_ENOMEM : CT_EINVAL;
		goto done;
	}
	while (i < n) {
		size_t eol = i;
		while (eol < n && text[eol] != '\n')
			eol++;
		size_t a = i, b = eol;
		trim(text, &a, &b);
		if (b > a) {
			st = U_ZERO_ERROR;
			ut = utext_openUTF8(ut, text + a, (int64_t)(b - a), &st);
			if (U_FAILURE(st)) {
				rc = CT_ENOMEM;
				goto done;
			}
			ubrk_setUText(bi, ut, &st);
			if (U_FAILURE(st)) {
				rc = CT_EINVAL;
				goto done;
			}
			int32_t from = ubrk_first(bi);
			for (int32_t to = ubrk_next(bi); to != UBRK_DONE; from = to, to = ubrk_next(bi)) {
				size_t sa = a + (size_t)from, sb = a + (size_t)to;
				trim(text, &sa, &sb);
				rc = add_with_glue_repair(&s, sa, sb);
				if (rc)
					goto done;
			}
			/* a passage never spans two lines */
			rc = flush(&s);
			if (rc)
				goto done;
		}
		s.line++;
		i = eol < n ? eol + 1 : n;
	}
done:
	if (bi)
		ubrk_close(bi);
	if (ut)
		utext_close(ut);
	return rc;
}
