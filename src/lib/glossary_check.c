/*
 * glossary_check.c -- the problems a terminologist wants to hear about
 * before a glossary ships: a term under two concepts, a letter of the
 * wrong language (Kazakh қ in a Russian term, Russian ы in a Serbian one,
 * a Latin look-alike), a language left out, a language without a
 * preferred term, and a quoted context that is not where it says it is.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "cyrterm/glossary.h"
#include "internal.h"

typedef struct checker {
	ct_index *idx;
	ct_problem_fn fn;
	void *ctx;
	int nproblems;
	ct_buf msg;
	/* the corpus file read last: contexts of a concept cite few files */
	char *doc;
	char *doc_text;
	size_t doc_n;
	int doc_missing;
} checker;

typedef struct concept_ref {
	sqlite3_int64 id;
	const char *slug, *source;
	long line;
} concept_ref;

/* "SOURCE:LINE: concept 'slug': what" */
static int problem(checker *k, const concept_ref *c, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int problem(checker *k, const concept_ref *c, const char *fmt, ...)
{
	va_list ap;
	k->msg.n = 0;
	if (c->source && *c->source) {
		if (c->line > 0)
			ct_buf_printf(&k->msg, "%s:%ld: ", c->source, c->line);
		else
			ct_buf_printf(&k->msg, "%s: ", c->source);
	}
	ct_buf_printf(&k->msg, "concept '%s': ", c->slug);
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || ct_buf_grow(&k->msg, (size_t)n) != CT_OK)
		return ct_index_fail(k->idx, CT_ENOMEM, "out of memory checking the glossary");
	va_start(ap, fmt);
	vsnprintf(k->msg.p + k->msg.n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	k->msg.n += (size_t)n;
	if (k->msg.oom)
		return ct_index_fail(k->idx, CT_ENOMEM, "out of memory checking the glossary");
	k->nproblems++;
	if (k->fn)
		k->fn(k->ctx, k->msg.p);
	return CT_OK;
}

static const char *lang_name(const char *code)
{
	return strcmp(code, "kk") == 0 ? "Kazakh" : strcmp(code, "ru") == 0 ? "Russian"
	       : strcmp(code, "sr") == 0 ? "Serbian" : strcmp(code, "en") == 0 ? "English" : code;
}

static int is_serbian_only(int32_t cp)
{
	switch (cp) {
	case 0x0458: case 0x0459: case 0x045A: case 0x045B: case 0x0452: case 0x045F: /* ј љ њ ћ ђ џ */
		return 1;
	}
	return 0;
}

/* Cyrillic letters Serbian does not have: ы э ё щ ъ й, and я ю ь, which
 * Serbian writes ја ју and with љ њ. */
static int is_not_serbian(int32_t cp)
{
	switch (cp) {
	case 0x044B: case 0x044D: case 0x0451: case 0x0449: case 0x044A: case 0x0439:
	case 0x044F: case 0x044E: case 0x044C:
		return 1;
	}
	return 0;
}

/* The first letter of term that does not belong to its language, and
 * why; 0 when there is none. */
static int32_t foreign_letter(const char *lang, const char *type, const char *s, const char **why)
{
	size_t i = 0, n = strlen(s);
	int is_kk = strcmp(lang, "kk") == 0, is_ru = strcmp(lang, "ru") == 0, is_sr = strcmp(lang, "sr") == 0;
	int32_t latin = 0;
	int latin_in_cyrillic = 0;
	int word_cyr = 0, word_lat = 0;

	*why = NULL;
	if (!is_kk && !is_ru && !is_sr)
		return 0;
	while (i <= n) {
		utf8proc_int32_t cp = 0;
		utf8proc_ssize_t len = 1;
		if (i < n) {
			len = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
			if (len < 0) {
				i++;
				continue;
			}
		}
		int32_t lc = utf8proc_tolower(cp);
		int letter = i < n && (ct_is_latin(lc) || ct_is_cyrillic(lc));
		if (!letter) {
			/* end of a word: Latin inside a Cyrillic word is a look-alike
			 * («Қазiргi»), a Latin word of its own may be an abbreviation */
			if (word_cyr && word_lat)
				latin_in_cyrillic = 1;
			word_cyr = word_lat = 0;
		} else if (ct_is_cyrillic(lc)) {
			word_cyr = 1;
			if (is_ru && ct_is_kazakh_letter(lc)) {
				*why = "a Kazakh letter in a Russian term";
				return cp;
			}
			if ((is_ru || is_kk) && is_serbian_only(lc)) {
				*why = is_ru ? "a Serbian letter in a Russian term" : "a Serbian letter in a Kazakh term";
				return cp;
			}
			if (is_sr && is_not_serbian(lc)) {
				*why = "a letter Serbian does not have";
				return cp;
			}
			if (is_sr && ct_is_kazakh_letter(lc)) {
				*why = "a Kazakh letter in a Serbian term";
				return cp;
			}
		} else {
			word_lat = 1;
			if (!latin)
				latin = cp;
		}
		i += (size_t)len;
	}
	if (latin && (is_kk || is_ru) && (latin_in_cyrillic || strcmp(type ? type : "", "abbrev") != 0)) {
		*why = latin_in_cyrillic ? "a Latin letter inside a Cyrillic word (a look-alike?)"
		                         : (is_kk ? "a Latin letter in a Kazakh term" : "a Latin letter in a Russian term");
		return latin;
	}
	if (latin && is_sr && latin_in_cyrillic) {
		*why = "a word mixing Cyrillic and Latin letters";
		return latin;
	}
	return 0;
}

/* Collapses whitespace runs to one space, in place; returns the length. */
static size_t squeeze(char *s, size_t n)
{
	size_t o = 0;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			space = o > 0;
			continue;
		}
		if (space)
			s[o++] = ' ';
		space = 0;
		s[o++] = ch;
	}
	s[o] = '\0';
	return o;
}

/* Is the quoted sentence on line `line` of the corpus file, or elsewhere
 * in it (*found_at), or nowhere (*found_at = 0)?  A file that is not
 * there is not checked: the corpus may be installed apart. */
static int check_ctx(checker *k, const concept_ref *c, const char *lang, const char *doc, long line,
                     const char *text)
{
	int rc = CT_OK;
	if (!k->doc || strcmp(k->doc, doc) != 0) {
		ct_buf path = {0};
		struct stat sb;
		free(k->doc);
		free(k->doc_text);
		k->doc_text = NULL;
		k->doc_n = 0;
		k->doc = ct_strndup(doc, strlen(doc));
		if (!k->doc || ct_buf_printf(&path, "%s/%s", ct_data_dir(), doc) != CT_OK) {
			ct_buf_free(&path);
			return ct_index_fail(k->idx, CT_ENOMEM, "out of memory checking the glossary");
		}
		k->doc_missing = doc[0] == '/' || stat(path.p, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		                 ct_read_file(path.p, &k->doc_text, &k->doc_n) != CT_OK;
		ct_buf_free(&path);
	}
	if (k->doc_missing)
		return CT_OK;
	char *needle = ct_strndup(text, strlen(text));
	if (!needle)
		return ct_index_fail(k->idx, CT_ENOMEM, "out of memory checking the glossary");
	size_t nn = squeeze(needle, strlen(needle));
	long found_at = 0, at = 1;
	const char *p = k->doc_text, *end = k->doc_text + k->doc_n;
	while (p < end && found_at != line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *hay = ct_strndup(p, len);
		if (!hay) {
			free(needle);
			return ct_index_fail(k->idx, CT_ENOMEM, "out of memory checking the glossary");
		}
		squeeze(hay, len);
		if (nn && strstr(hay, needle) && (found_at == 0 || at == line))
			found_at = at;
		free(hay);
		p += len + 1;
		at++;
	}
	if (found_at == 0)
		rc = problem(k, c, "%s context not found in %s: \"%.60s%s\"", lang_name(lang), doc, needle,
		             nn > 60 ? "..." : "");
	else if (found_at != line)
		rc = problem(k, c, "%s context cited as %s:%ld is on line %ld", lang_name(lang), doc, line, found_at);
	free(needle);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

/* The problems of one concept, in its own terms. */
static int check_concept(checker *k, sqlite3_stmt *terms, sqlite3_stmt *ctxs, const concept_ref *c)
{
	static const char *const need[3] = {"kk", "ru", "sr"};
	int have[3] = {0, 0, 0}, preferred[3] = {0, 0, 0};
	int rc = CT_OK, src;

	sqlite3_bind_int64(terms, 1, c->id);
	while (rc == CT_OK && (src = sqlite3_step(terms)) == SQLITE_ROW) {
		const char *lang = col(terms, 0), *term = col(terms, 1), *type = col(terms, 2);
		const char *status = col(terms, 3);
		int nwords = sqlite3_column_int(terms, 4);
		for (int j = 0; j < 3; j++)
			if (strcmp(lang, need[j]) == 0) {
				have[j] = 1;
				preferred[j] |= strcmp(status, "preferred") == 0;
			}
		const char *why;
		int32_t cp;
		if (!*term || nwords == 0)
			rc = problem(k, c, "empty %s term \"%s\" (no words)", lang_name(lang), term);
		else if ((cp = foreign_letter(lang, type, term, &why)) != 0) {
			char u[8] = {0};
			utf8proc_encode_char(cp, (utf8proc_uint8_t *)u);
			rc = problem(k, c, "%s: '%s' (U+%04X) in \"%s\"", why, u, (unsigned)cp, term);
		}
	}
	sqlite3_reset(terms);
	if (rc != CT_OK)
		return rc;
	if (src != SQLITE_DONE)
		return ct_index_dberr(k->idx, src, "checking the glossary");
	for (int j = 0; j < 3 && rc == CT_OK; j++) {
		if (!have[j])
			rc = problem(k, c, "no %s term", lang_name(need[j]));
		else if (!preferred[j])
			rc = problem(k, c, "no preferred %s term", lang_name(need[j]));
	}
	sqlite3_bind_int64(ctxs, 1, c->id);
	while (rc == CT_OK && (src = sqlite3_step(ctxs)) == SQLITE_ROW) {
		const char *doc = col(ctxs, 1);
		long line = (long)sqlite3_column_int64(ctxs, 2);
		if (*doc && line > 0)
			rc = check_ctx(k, c, col(ctxs, 0), doc, line, col(ctxs, 3));
	}
	sqlite3_reset(ctxs);
	if (rc == CT_OK && src != SQLITE_DONE)
		rc = ct_index_dberr(k->idx, src, "checking the glossary");
	return rc;
}

/* One term written the same way (same norm) under two concepts: a
 * lookup cannot tell which is meant.  Reported on every concept after the
 * first of each group, which is named. */
static int check_duplicates(checker *k)
{
	sqlite3 *db = ct_index_db(k->idx);
	sqlite3_stmt *st = NULL;
	int rc = CT_OK;
	int src = sqlite3_prepare_v2(db,
		"SELECT t.lang, t.norm, t.term, c.id, c.slug, c.source, c.line FROM term t JOIN concept c ON c.id = t.concept"
		" WHERE t.norm <> '' AND (t.lang, t.norm) IN"
		"  (SELECT lang, norm FROM term WHERE norm <> '' GROUP BY lang, norm HAVING count(DISTINCT concept) > 1)"
		" ORDER BY t.lang, t.norm, c.source, c.line, c.slug, t.seq",
		-1, &st, NULL);
	ct_buf key = {0}, first_slug = {0}, first_where = {0};
	sqlite3_int64 first_id = 0, last_id = 0;
	while (rc == CT_OK && src != SQLITE_DONE) {
		if (src != SQLITE_OK || (src = sqlite3_step(st)) != SQLITE_ROW)
			break;
		src = SQLITE_OK;
		const char *lang = col(st, 0), *norm = col(st, 1);
		concept_ref c = {sqlite3_column_int64(st, 3), col(st, 4), col(st, 5), (long)sqlite3_column_int64(st, 6)};
		size_t kl = strlen(lang), nl = strlen(norm);
		if (key.n != kl + 1 + nl || memcmp(key.p, lang, kl) != 0 || memcmp(key.p + kl + 1, norm, nl) != 0) {
			/* a new group: its first concept is the one others are compared to */
			key.n = first_slug.n = first_where.n = 0;
			ct_buf_put(&key, lang, kl);
			ct_buf_put(&key, "", 1);
			ct_buf_put(&key, norm, nl);
			ct_buf_puts(&first_slug, c.slug);
			if (*c.source)
				ct_buf_printf(&first_where, " (%s:%ld)", c.source, c.line);
			else
				ct_buf_put(&first_where, "", 0);
			first_id = last_id = c.id;
			continue;
		}
		if (key.oom || first_slug.oom || first_where.oom) {
			rc = ct_index_fail(k->idx, CT_ENOMEM, "out of memory checking the glossary");
			break;
		}
		if (c.id == first_id || c.id == last_id)
			continue;
		last_id = c.id;
		rc = problem(k, &c, "%s term \"%s\" is also a term of concept '%s'%s", lang_name(lang), col(st, 2),
		             first_slug.p, first_where.p);
	}
	if (rc == CT_OK && src != SQLITE_DONE)
		rc = ct_index_dberr(k->idx, src, "checking the glossary");
	sqlite3_finalize(st);
	ct_buf_free(&key);
	ct_buf_free(&first_slug);
	ct_buf_free(&first_where);
	return rc;
}

int ct_glossary_check(ct_index *idx, ct_problem_fn fn, void *ctx)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_stmt *sc = NULL, *st = NULL, *sx = NULL;
	checker k;
	int rc = CT_OK, src;

	memset(&k, 0, sizeof(k));
	k.idx = idx;
	k.fn = fn;
	k.ctx = ctx;
	/* in file order, as a maintainer reads the glossary */
	src = sqlite3_prepare_v2(db, "SELECT id, slug, source, line FROM concept ORDER BY source, line, slug", -1, &sc,
	                         NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db,
		                         "SELECT lang, term, type, status, nwords FROM term WHERE concept = ?1"
		                         " ORDER BY lang, seq",
		                         -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db, "SELECT lang, doc, line, text FROM ctx WHERE concept = ?1 ORDER BY id", -1, &sx,
		                         NULL);
	while (src == SQLITE_OK && rc == CT_OK) {
		if ((src = sqlite3_step(sc)) != SQLITE_ROW)
			break;
		src = SQLITE_OK;
		concept_ref c = {sqlite3_column_int64(sc, 0), col(sc, 1), col(sc, 2), (long)sqlite3_column_int64(sc, 3)};
		rc = check_concept(&k, st, sx, &c);
	}
	if (rc == CT_OK && src != SQLITE_DONE)
		rc = ct_index_dberr(idx, src, "checking the glossary");
	if (rc == CT_OK)
		rc = check_duplicates(&k);
	sqlite3_finalize(sc);
	sqlite3_finalize(st);
	sqlite3_finalize(sx);
	free(k.doc);
	free(k.doc_text);
	ct_buf_free(&k.msg);
	return rc == CT_OK ? k.nproblems : rc;
}
