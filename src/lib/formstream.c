/*
 * formstream.c -- a passage's forms, serialised.
 *
 * Worker threads analyse passages ahead of the writer (prepare.c).  What
 * they hand over is the exact sequence of forms ct_analyze() gave, which
 * the writer's FTS5 tokenizer replays (ct_fts5_replay()) and the glossary
 * matcher reads once the glossary is loaded.
 *
 * At 4.5 bytes of fixed-width records per byte of text, the streams of
 * the files in flight were most of the indexer's memory and page faults.
 * Here a form costs its bytes plus one or two:
 *
 *   flags      1 byte: FS_FIRST (first form of its word), the kind, the
 *              language, FS_OFFS (offsets follow), FS_TEXT (the form is
 *              the passage's own bytes at those offsets: no bytes follow)
 *   offsets    when they differ from the previous form's (a new word):
 *              zigzag varints, start minus the previous start, end minus
 *              start
 *   bytes      unless FS_TEXT: a varint length, then the form
 *
 * The forms of one word share its offsets, and most words are indexed as
 * they are written.
 */
#include <string.h>

#include "internal.h"

#define FS_FIRST 0x01u
#define FS_KIND_SHIFT 1 /* 2 bits */
#define FS_LANG_SHIFT 3 /* 3 bits */
#define FS_OFFS 0x40u
#define FS_TEXT 0x80u

static size_t put_varint(unsigned char *out, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		out[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (unsigned char)v;
	return n;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

void ct_forms_out_begin(ct_forms_out *w, ct_buf *buf, const char *text, size_t n)
{
	w->buf = buf;
	w->text = text;
	w->n = n;
	w->start = w->end = 0;
}

int ct_forms_put(ct_forms_out *w, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                 size_t start, size_t end)
{
	unsigned char h[1 + 3 * 10];
	size_t k = 1;
	unsigned flags = (first ? FS_FIRST : 0) | ((unsigned)kind & 3u) << FS_KIND_SHIFT |
	                 ((unsigned)lang & 7u) << FS_LANG_SHIFT;

	if (start != w->start || end != w->end) {
		flags |= FS_OFFS;
		k += put_varint(h + k, zigzag((int64_t)start - (int64_t)w->start));
		k += put_varint(h + k, zigzag((int64_t)end - (int64_t)start));
		w->start = start;
		w->end = end;
	}
	if (start <= end && end <= w->n && end - start == n && memcmp(w->text + start, form, n) == 0)
		flags |= FS_TEXT;
	else
		k += put_varint(h + k, n);
	h[0] = (unsigned char)flags;
	if (ct_buf_put(w->buf, h, k) != CT_OK)
		return CT_ENOMEM;
	if (!(flags & FS_TEXT) && ct_buf_put(w->buf, form, n) != CT_OK)
		return CT_ENOMEM;
	return CT_OK;
}

void ct_forms_in_begin(ct_forms_in *r, const char *stream, size_t nstream, const char *text, size_t n)
{
	r->p = (const unsigned char *)stream;
	r->end = r->p + nstream;
	r->text = text;
	r->n = n;
	r->start = r->stop = 0;
}

static inline int get_varint(ct_forms_in *r, uint64_t *v)
{
	if (r->p < r->end && *r->p < 0x80) { /* most are one byte */
		*v = *r->p++;
		return 0;
	}
	*v = 0;
	for (unsigned shift = 0; r->p < r->end && shift < 64; shift += 7) {
		unsigned char b = *r->p++;
		*v |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

int ct_forms_next(ct_forms_in *r, ct_form_rec *f)
{
	if (r->p >= r->end)
		return 0;
	unsigned flags = *r->p++;
	if (flags & FS_OFFS) {
		uint64_t ds, len;
		if (get_varint(r, &ds) || get_varint(r, &len))
			return -1;
		int64_t s = (int64_t)r->start + unzigzag(ds), e = s + unzigzag(len);
		if (s < 0 || e < s || (uint64_t)e > (uint64_t)r->n)
			return -1;
		r->start = (size_t)s;
		r->stop = (size_t)e;
	}
	f->first = (flags & FS_FIRST) != 0;
	f->kind = (ct_form_kind)((flags >> FS_KIND_SHIFT) & 3u);
	f->lang = (ct_lang)((flags >> FS_LANG_SHIFT) & 7u);
	f->start = r->start;
	f->end = r->stop;
	if (flags & FS_TEXT) {
		f->form = r->text + r->start;
		f->n = r->stop - r->start;
		return 1;
	}
	uint64_t n;
	if (get_varint(r, &n) || n > (uint64_t)(r->end - r->p))
		return -1;
	f->form = (const char *)r->p;
	f->n = (size_t)n;
	r->p += n;
	return 1;
}
