/*
 * decode.c -- turning the bytes of a file into UTF-8 text, or refusing them
 * with a reason.
 *
 * Corpora arrive scraped and unclean: UTF-8 with and without BOM, UTF-16,
 * Windows-1251 and KOI8-R from old Cyrillic sites, and binary files in the
 * same folder.  Nothing is guessed silently: every conversion is a notice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "internal.h"

/* Converts n bytes in `charset` to UTF-8 with ICU; *out is malloc'd. */
static int convert(const char *charset, const char *in, size_t n, char **out, size_t *outn)
{
	UErrorCode st = U_ZERO_ERROR;
	if (n > (size_t)INT32_MAX / 4)
		return CT_ETOOBIG;
	int32_t cap = (int32_t)(n * 3 + 16);
	char *buf = malloc((size_t)cap);
	if (!buf)
		return CT_ENOMEM;
	int32_t k = ucnv_convert("UTF-8", charset, buf, cap, in, (int32_t)n, &st);
	if (U_FAILURE(st)) {
		free(buf);
		return st == U_MEMORY_ALLOCATION_ERROR ? CT_ENOMEM : CT_EFORMAT;
	}
	*out = buf;
	*outn = (size_t)k;
	return CT_OK;
}

/* Detects a legacy charset with ICU; only Cyrillic single-byte charsets
 * are believed, and only with reasonable confidence. */
static const char *detect_charset(const char *in, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	const char *name = NULL;
	UCharsetDetector *d = ucsdet_open(&st);
	if (U_FAILURE(st))
		return NULL;
	ucsdet_setText(d, in, (int32_t)(n > 1 << 20 ? 1 << 20 : n), &st);
	const UCharsetMatch *m = ucsdet_detect(d, &st);
	if (U_SUCCESS(st) && m) {
		const char *cs = ucsdet_getName(m, &st);
		int32_t conf = ucsdet_getConfidence(m, &st);
		if (U_SUCCESS(st) && cs && conf >= 10) {
			if (strcmp(cs, "windows-1251") == 0)
				name = "windows-1251";
			else if (strcmp(cs, "KOI8-R") == 0)
				name = "KOI8-R";
			else if (strcmp(cs, "ISO-8859-5") == 0)
				name = "ISO-8859-5";
		}
	}
	ucsdet_close(d);
	return name;
}

int ct_decode(const char *path, const char *in, size_t n, const ct_decode_opts *o, ct_decoded *out)
{
	size_t bad = 0;
	memset(out, 0, sizeof(*out));
	out->text = in;
	out->n = n;

	if (n == 0) {
		snprintf(out->why, sizeof(out->why), "%s: empty file, skipped", path);
		return CT_EFORMAT;
	}
	/* UTF-16 with a BOM */
	if (n >= 2 && (((unsigned char)in[0] == 0xFF && (unsigned char)in[1] == 0xFE) ||
	               ((unsigned char)in[0] == 0xFE && (unsigned char)in[1] == 0xFF))) {
		int rc = convert((unsigned char)in[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", in + 2, n - 2,
		                 &out->owned, &out->n);
		if (rc != CT_OK) {
			snprintf(out->why, sizeof(out->why), "%s: broken UTF-16, skipped", path);
			return rc == CT_ENOMEM ? rc : CT_EFORMAT;
		}
		out->text = out->owned;
		snprintf(out->why, sizeof(out->why), "%s: converted from UTF-16 (offsets refer to the UTF-8 text)", path);
		out->converted = 1;
		return CT_OK;
	}
	if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
		out->text = in + 3;
		out->n = n - 3;
		out->base = 3;
	}
	if (memchr(out->text, '\0', out->n)) {
		size_t at = (size_t)((const char *)memchr(out->text, '\0', out->n) - in);
		snprintf(out->why, sizeof(out->why), "%s: binary file (NUL byte at offset %zu), skipped", path, at);
		return CT_EFORMAT;
	}
	/* valid UTF-8 is taken as UTF-8 even when an encoding is named: the
	 * name is for the files of the folder that are not */
	if (ct_utf8_validate(out->text, out->n, &bad) == CT_OK)
		return CT_OK;
	if (o && o->encoding) {
		int rc = convert(o->encoding, out->text, out->n, &out->owned, &out->n);
		if (rc != CT_OK) {
			snprintf(out->why, sizeof(out->why), "%s: cannot convert from %s, skipped", path, o->encoding);
			return rc == CT_ENOMEM ? rc : CT_EFORMAT;
		}
		out->text = out->owned;
		out->base = 0;
		out->converted = 1;
		snprintf(out->why, sizeof(out->why), "%s: converted from %s", path, o->encoding);
		return CT_OK;
	}
	bad += out->base;
	if (o && o->repair_utf8) {
		size_t need = ct_utf8_repair(out->text, out->n, NULL, 0, NULL);
		out->owned = malloc(need + 1);
		if (!out->owned)
			return CT_ENOMEM;
		size_t nrepl = 0;
		out->n = ct_utf8_repair(out->text, out->n, out->owned, need + 1, &nrepl);
		out->text = out->owned;
		out->converted = 1;
		snprintf(out->why, sizeof(out->why),
		         "%s: invalid UTF-8 at byte %zu; %zu invalid sequence(s) replaced by U+FFFD", path, bad, nrepl);
		return CT_OK;
	}
	const char *cs = detect_charset(out->text, out->n);
	if (cs) {
		int rc = convert(cs, out->text, out->n, &out->owned, &out->n);
		if (rc == CT_OK) {
			out->text = out->owned;
			out->base = 0;
			out->converted = 1;
			snprintf(out->why, sizeof(out->why),
			         "%s: not UTF-8; detected %s and converted (use --encoding to name it)", path, cs);
			return CT_OK;
		}
	}
	snprintf(out->why, sizeof(out->why),
	         "%s: invalid UTF-8 at byte %zu, file refused (--repair-utf8 replaces bad bytes, --encoding names a charset)",
	         path, bad);
	return CT_EUTF8;
}

void ct_decoded_free(ct_decoded *d)
{
	free(d->owned);
	d->owned = NULL;
}
