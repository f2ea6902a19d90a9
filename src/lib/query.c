/*
 * query.c -- the query language, parsed by recursive descent into an FTS5
 * expression.
 *
 * The user's text never reaches FTS5 as written: every word and phrase is
 * quoted again here, so no input can produce an FTS5 syntax error or an
 * SQLite message.  Errors name the character position a user can count to.
 *
 *   query   := or
 *   or      := and ( "OR" and )*
 *   and     := unary ( ["AND"] unary )*
 *   unary   := "-" primary | primary
 *   primary := "(" or ")" | '"' phrase '"' ["*"] | word ["*"]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cyrterm/query.h"
#include "internal.h"

typedef struct span {
	size_t off, n;
	unsigned flags; /* CT_QUERY_PREFIX, CT_QUERY_EXACT */
} span;

struct ct_query {
	char *fts;
	char *text;   /* copy of the query, positives point into it */
	span *pos;    /* positive words and phrases */
	size_t npos;
};

typedef struct parser {
	const char *q;
	size_t n, i;
	int depth;
	int negated; /* inside an excluded group */
	size_t nterms;
	ct_buf out;
	struct ct_query *res;
	char *err;
	size_t errcap;
	int rc;
} parser;

/* 1-based character position of byte offset off. */
static size_t char_pos(const char *q, size_t off)
{
	size_t p = 1;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)q[i] & 0xC0) != 0x80)
			p++;
	return p;
}

static int fail(parser *p, size_t off, int rc, const char *msg)
{
	if (p->rc == CT_OK) {
		if (p->err && p->errcap)
			snprintf(p->err, p->errcap, "position %zu: %s", char_pos(p->q, off), msg);
		p->rc = rc;
	}
	return rc;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void skip_space(parser *p)
{
	for (;;) {
		if (p->i < p->n && is_space(p->q[p->i])) {
			p->i++;
		} else if (p->i + 1 < p->n && (unsigned char)p->q[p->i] == 0xC2 &&
		           (unsigned char)p->q[p->i + 1] == 0xA0) {
			p->i += 2; /* no-break space */
		} else {
			return;
		}
	}
}

/* Does the text have a character that makes a word? */
static int has_word(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		int32_t cp = 0;
		size_t k = 1;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			cp = c;
		} else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
			cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
			k = 2;
		} else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
			cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
			k = 3;
		} else if ((c & 0xF8) == 0xF0 && i + 3 < n) {
			cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
			k = 4;
		}
		if (ct_is_word_cp(cp) && cp != 0xAD && !(cp >= 0x200B && cp <= 0x200D) && cp != 0x2060)
			return 1;
		i += k;
	}
	return 0;
}

/* Appends s as the body of an FTS5 string (quotes doubled). */
static void put_quoted_body(ct_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			ct_buf_put(b, "\"\"", 2);
		else
			ct_buf_put(b, s + i, 1);
	}
}

/* "w" matches every form of the word; "=w" its exact form only.  (That
 * exact spellings rank first is the search's doing: it looks at the words
 * matched in the passages it shows.) */
static void put_term(parser *p, const char *s, size_t n, int prefix, int exact_only)
{
	ct_buf *b = &p->out;
	ct_buf_puts(b, exact_only ? "\"=" : "\"");
	put_quoted_body(b, s, n);
	ct_buf_printf(b, "\"%s", prefix ? "*" : "");
}

static int add_positive(parser *p, size_t off, size_t n, unsigned flags)
{
	span *a = realloc(p->res->pos, (p->res->npos + 1) * sizeof(*a));
	if (!a)
		return fail(p, off, CT_ENOMEM, "out of memory");
	p->res->pos = a;
	a[p->res->npos].off = off;
	a[p->res->npos].n = n;
	a[p->res->npos].flags = flags;
	p->res->npos++;
	return CT_OK;
}

/* One node's FTS5 text goes into a buffer of its own so that AND/NOT can
 * be arranged once the node's kind (positive, excluded, empty) is known. */
typedef struct node {
	ct_buf fts;
	int empty; /* nothing searchable (punctuation only) */
} node;

static int parse_or(parser *p, node *out);

static int parse_primary(parser *p, node *out, int negated)
{
	size_t start = p->i;
	char c = p->q[p->i];
	memset(out, 0, sizeof(*out));
	if (c == '(') {
		if (++p->depth > CT_QUERY_MAX_DEPTH)
			return fail(p, start, CT_ETOOBIG, "parentheses nested too deeply");
		p->i++;
		int rc = parse_or(p, out);
		if (rc)
			return rc;
		skip_space(p);
		if (p->i >= p->n || p->q[p->i] != ')')
			return fail(p, start, CT_ESYNTAX, "unclosed parenthesis");
		p->i++;
		p->depth--;
		if (!out->empty) {
			/* a group stays one operand: FTS5's AND binds before OR */
			ct_buf g = {0};
			ct_buf_printf(&g, "(%s)", out->fts.p);
			ct_buf_free(&out->fts);
			out->fts = g;
			if (g.oom)
				return fail(p, start, CT_ENOMEM, "out of memory");
		}
		return CT_OK;
	}
	if (c == ')')
		return fail(p, start, CT_ESYNTAX, "unexpected ')'");
	if (++p->nterms > CT_QUERY_MAX_TERMS)
		return fail(p, start, CT_ETOOBIG, "too many words (at most 64)");
	ct_buf saved = p->out;
	memset(&p->out, 0, sizeof(p->out));
	if (c == '"') {
		size_t a = ++p->i;
		while (p->i < p->n && p->q[p->i] != '"')
			p->i++;
		if (p->i >= p->n) {
			p->out = saved;
			return fail(p, start, CT_ESYNTAX, "unterminated phrase (a \" is missing)");
		}
		size_t b = p->i++;
		int prefix = 0;
		if (p->i < p->n && p->q[p->i] == '*') {
			prefix = 1;
			p->i++;
		}
		if (!has_word(p->q + a, b - a)) {
			out->empty = 1;
		} else {
			put_term(p, p->q + a, b - a, prefix, 0);
			if (!(negated || p->negated) && add_positive(p, a, b - a, prefix ? CT_QUERY_PREFIX : 0))
				return p->rc;
		}
	} else {
		size_t a = p->i;
		while (p->i < p->n && !is_space(p->q[p->i]) && p->q[p->i] != '"' && p->q[p->i] != '(' &&
		       p->q[p->i] != ')')
			p->i++;
		size_t b = p->i;
		int prefix = 0, exact = 0;
		if (b > a && p->q[b - 1] == '*') {
			prefix = 1;
			b--;
		}
		if (b > a && p->q[a] == CT_EXACT_MARK) {
			exact = 1;
			a++;
		}
		while (b > a && p->q[a] == CT_STEM_MARK)
			a++;
		if (!has_word(p->q + a, b - a)) {
			out->empty = 1;
		} else {
			put_term(p, p->q + a, b - a, prefix, exact);
			if (!(negated || p->negated) &&
			    add_positive(p, a, b - a, (prefix ? CT_QUERY_PREFIX : 0) | (exact ? CT_QUERY_EXACT : 0)))
				return p->rc;
		}
	}
	out->fts = p->out;
	p->out = saved;
	if (out->fts.oom)
		return fail(p, start, CT_ENOMEM, "out of memory");
	return CT_OK;
}

static int at_keyword(parser *p, const char *kw)
{
	size_t k = strlen(kw);
	return p->i + k <= p->n && memcmp(p->q + p->i, kw, k) == 0 &&
	       (p->i + k == p->n || is_space(p->q[p->i + k]) || p->q[p->i + k] == '(' || p->q[p->i + k] == '"');
}

static int at_end_of_and(parser *p)
{
	return p->i >= p->n || p->q[p->i] == ')' || at_keyword(p, "OR");
}

/* A conjunction: positives ANDed, then each excluded part NOT-ed. */
static int parse_and(parser *p, node *out)
{
	ct_buf pos = {0}, neg = {0};
	size_t npos = 0, nneg = 0, start;
	int rc = CT_OK;
	memset(out, 0, sizeof(*out));
	skip_space(p);
	start = p->i;
	while (!at_end_of_and(p)) {
		node child;
		int negated = 0;
		if (at_keyword(p, "AND")) {
			p->i += 3;
			skip_space(p);
			if (at_end_of_and(p)) {
				rc = fail(p, p->i, CT_ESYNTAX, "AND needs a word after it");
				goto done;
			}
			continue;
		}
		size_t at = p->i;
		if (p->q[p->i] == '-' && p->i + 1 < p->n && !is_space(p->q[p->i + 1])) {
			negated = 1;
			p->i++;
		}
		p->negated += negated;
		rc = parse_primary(p, &child, negated);
		p->negated -= negated;
		if (rc) {
			ct_buf_free(&child.fts);
			goto done;
		}
		if (!child.empty) {
			ct_buf *b = negated ? &neg : &pos;
			size_t *cnt = negated ? &nneg : &npos;
			if (*cnt)
				ct_buf_puts(b, negated ? " OR " : " AND ");
			ct_buf_put(b, child.fts.p, child.fts.n);
			(*cnt)++;
		} else if (p->q[at] == '(' || negated) {
			/* an empty group or an excluded punctuation mark: nothing */
		}
		ct_buf_free(&child.fts);
		skip_space(p);
	}
	if (npos == 0 && nneg > 0) {
		rc = fail(p, start, CT_ESYNTAX, "a query needs a word to find, not only words to exclude");
		goto done;
	}
	if (npos == 0) {
		out->empty = 1;
		goto done;
	}
	if (nneg) {
		ct_buf_printf(&out->fts, "(%s) NOT (%s)", pos.p, neg.p);
	} else {
		ct_buf_printf(&out->fts, "%s%s%s", npos > 1 ? "(" : "", pos.p, npos > 1 ? ")" : "");
	}
	if (out->fts.oom || pos.oom || neg.oom)
		rc = fail(p, start, CT_ENOMEM, "out of memory");
done:
	ct_buf_free(&pos);
	ct_buf_free(&neg);
	return rc;
}

static int parse_or(parser *p, node *out)
{
	size_t n = 0;
	int rc = CT_OK;
	memset(out, 0, sizeof(*out));
	for (;;) {
		node child;
		skip_space(p);
		size_t at = p->i;
		rc = parse_and(p, &child);
		if (rc) {
			ct_buf_free(&child.fts);
			return rc;
		}
		if (child.empty) {
			if (at_keyword(p, "OR") || n > 0)
				return fail(p, at, CT_ESYNTAX, "OR needs a word on both sides");
		} else {
			if (n++)
				ct_buf_puts(&out->fts, " OR ");
			ct_buf_printf(&out->fts, "(%s)", child.fts.p);
		}
		ct_buf_free(&child.fts);
		skip_space(p);
		if (!at_keyword(p, "OR"))
			break;
		p->i += 2;
	}
	if (n == 0)
		out->empty = 1;
	return out->fts.oom ? fail(p, p->i, CT_ENOMEM, "out of memory") : CT_OK;
}

int ct_query_parse(ct_query **out, const char *q, size_t n, char *err, size_t errcap)
{
	parser p;
	node root;
	size_t bad = 0;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	memset(&root, 0, sizeof(root));
	if (err && errcap)
		err[0] = '\0';
	p.err = err;
	p.errcap = errcap;
	p.q = q;
	p.n = n;
	if (n > CT_QUERY_MAX_BYTES) {
		if (err)
			snprintf(err, errcap, "query too long (%zu bytes, at most %d)", n, CT_QUERY_MAX_BYTES);
		return CT_ETOOBIG;
	}
	if (ct_utf8_validate(q, n, &bad) != CT_OK) {
		if (err)
			snprintf(err, errcap, "position %zu (byte %zu): invalid UTF-8", char_pos(q, bad), bad);
		return CT_EUTF8;
	}
	if (memchr(q, '\0', n)) {
		if (err)
			snprintf(err, errcap, "position %zu: NUL character in query", char_pos(q, (size_t)((const char *)memchr(q, '\0', n) - q)));
		return CT_ESYNTAX;
	}
	p.res = calloc(1, sizeof(*p.res));
	if (!p.res)
		return CT_ENOMEM;
	rc = parse_or(&p, &root);
	if (rc == CT_OK) {
		skip_space(&p);
		if (p.i < p.n)
			rc = fail(&p, p.i, CT_ESYNTAX, p.q[p.i] == ')' ? "unexpected ')'" : "unexpected text");
	}
	if (rc == CT_OK && root.empty)
		rc = fail(&p, 0, CT_ESYNTAX, "the query has no words to search for");
	if (rc == CT_OK) {
		p.res->fts = root.fts.p;
		root.fts.p = NULL;
		p.res->text = ct_strndup(q, n);
		if (!p.res->fts || !p.res->text)
			rc = CT_ENOMEM;
	}
	ct_buf_free(&root.fts);
	ct_buf_free(&p.out);
	if (rc != CT_OK) {
		ct_query_free(p.res);
		return rc;
	}
	*out = p.res;
	return CT_OK;
}

void ct_query_free(ct_query *q)
{
	if (!q)
		return;
	free(q->fts);
	free(q->text);
	free(q->pos);
	free(q);
}

const char *ct_query_fts(const ct_query *q)
{
	return q->fts;
}

size_t ct_query_positive_count(const ct_query *q)
{
	return q->npos;
}

const char *ct_query_positive(const ct_query *q, size_t i, size_t *n)
{
	if (i >= q->npos)
		return NULL;
	*n = q->pos[i].n;
	return q->text + q->pos[i].off;
}

unsigned ct_query_positive_flags(const ct_query *q, size_t i)
{
	return i < q->npos ? q->pos[i].flags : 0;
}
