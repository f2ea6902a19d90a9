/*
 * segment.c -- passages from ICU sentence boundaries.
 *
 * Each line is given to ICU in UTF-16, and the boundaries it reports are
 * turned back into byte offsets into the caller's UTF-8 text.  ICU can run
 * over UTF-8 directly (utext_openUTF8), but that costs it a conversion per
 * 32 characters: 14% of all the instructions of indexing went to it.  A
 * line that is not valid UTF-8 still goes that way.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
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
		} else if (z[i] == '\xE2' && i + 2 < n && memcmp(z + i, "\xE2\x80\xA6", 3) == 0) {
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
/* The code point that ends just before byte i (not before a), or -1. */
static int32_t cp_before(const char *z, size_t a, size_t i)
{
	size_t j = i - 1;
	while (j > a && i - j < 4 && ((unsigned char)z[j] & 0xC0) == 0x80)
		j--;
	utf8proc_int32_t cp = -1;
	return ct_utf8_next(z + j, i - j, &cp) == (utf8proc_ssize_t)(i - j) ? cp : -1;
}

static int add_with_glue_repair(seg *s, size_t a, size_t b)
{
	const char *z = s->text;
	size_t from = a;
	int rc;
	/* only the stops are looked at: decoding every letter of every
	 * sentence here was 4% of indexing */
	for (size_t i = a + 1; i + 1 < b; i++) {
		if (z[i] != '.' && z[i] != '!' && z[i] != '?')
			continue;
		int32_t prev = cp_before(z, a, i);
		if (prev < 0 || utf8proc_category(prev) != UTF8PROC_CATEGORY_LL)
			continue;
		size_t nlen;
		int32_t next = cp_at(z, b, i + 1, &nlen);
		if (next >= 0 && utf8proc_category(next) == UTF8PROC_CATEGORY_LU) {
			rc = add_sentence(s, from, i + 1);
			if (rc)
				return rc;
			from = i + 1;
		}
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

/* A line in UTF-16, and where its UTF-16 units are in the UTF-8 line. */
typedef struct u16line {
	UChar *u;
	int32_t cap;
	const char *text; /* the UTF-8 line */
	size_t n;
	int32_t at16;     /* a boundary already turned into bytes */
	size_t at8;
} u16line;

/* Byte offset of UTF-16 index k (k >= the last one asked for). */
static size_t byte_at(u16line *l, int32_t k)
{
	while (l->at16 < k && l->at8 < l->n) {
		unsigned char c = (unsigned char)l->text[l->at8];
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		l->at16 += len == 4 ? 2 : 1;
		l->at8 += len;
	}
	return l->at8 < l->n ? l->at8 : l->n;
}

/* Sets the break iterator on text[a..b) in UTF-16: 1, or 0 when the line
 * is not valid UTF-8 (or too long for ICU's lengths), or a CT_ error. */
static int set_utf16(UBreakIterator *bi, u16line *l, const char *text, size_t a, size_t b)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0;
	if (b - a > (size_t)INT32_MAX / 2)
		return 0;
	if ((int32_t)(b - a) + 1 > l->cap) {
		int32_t cap = (int32_t)(b - a) + 1;
		UChar *u = realloc(l->u, (size_t)cap * sizeof(*u));
		if (!u)
			return CT_ENOMEM;
		l->u = u;
		l->cap = cap;
	}
	/* UTF-8 never takes fewer UTF-16 units than bytes */
	u_strFromUTF8(l->u, l->cap, &len, text + a, (int32_t)(b - a), &st);
	if (U_FAILURE(st))
		return 0;
	ubrk_setText(bi, l->u, len, &st);
	if (U_FAILURE(st))
		return CT_EINVAL;
	l->text = text + a;
	l->n = b - a;
	l->at16 = 0;
	l->at8 = 0;
	return 1;
}

int ct_segment_n(const char *text, size_t n, ct_lang doc_lang, int max_sentences, ct_passage_fn fn, void *ctx)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = NULL;
	UText *ut = NULL;
	u16line l;
	seg s;
	int rc = CT_OK;
	size_t i = 0;

	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
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
		const char *nl = memchr(text + i, '\n', n - i);
		size_t eol = nl ? (size_t)(nl - text) : n;
		size_t a = i, b = eol;
		trim(text, &a, &b);
		if (b > a) {
			int utf16 = set_utf16(bi, &l, text, a, b);
			if (utf16 < 0) {
				rc = utf16;
				goto done;
			}
			if (!utf16) {
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
			}
			ubrk_first(bi);
			size_t from8 = 0;
			for (int32_t to = ubrk_next(bi); to != UBRK_DONE; to = ubrk_next(bi)) {
				size_t to8 = utf16 ? byte_at(&l, to) : (size_t)to;
				size_t sa = a + from8, sb = a + to8;
				from8 = to8;
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
	free(l.u);
	return rc;
}
