/*
 * glossary.c -- the glossary store: its tables, cyrterm's own .gloss
 * format, the keys a term is looked up and matched by, and the loading of
 * the bundled glossary (dict/ *.gloss) into the index.
 *
 * Every input format (.gloss here, TBX/TSV/CSV in glossary_io.c) is first
 * read whole into an in-memory ct_gloss; only a glossary that parsed
 * without error is written, in one transaction, so a bad file never leaves
 * half a glossary behind.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "glossary_int.h"

/* Bumped when what ct_gloss_store() writes changes, so that the bundled
 * glossary is written again by the next ct_glossary_sync_dir(). */
#define GLOSS_STORE_VERSION 1

/* ---------------------------------------------------------------- schema */

int ct_glossary_schema(sqlite3 *db)
{
	return sqlite3_exec(db,
		"CREATE TABLE IF NOT EXISTS concept("
		"  id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, gloss_en TEXT,"
		"  def TEXT, domain TEXT, note TEXT, source TEXT, line INTEGER);"
		"CREATE TABLE IF NOT EXISTS ctx("
		"  id INTEGER PRIMARY KEY, concept INTEGER NOT NULL, lang TEXT,"
		"  doc TEXT, line INTEGER, text TEXT);"
		"CREATE TABLE IF NOT EXISTS term("
		"  id INTEGER PRIMARY KEY, concept INTEGER NOT NULL, lang TEXT NOT NULL,"
		"  seq INTEGER NOT NULL, term TEXT NOT NULL, pos TEXT, type TEXT,"
		"  status TEXT, note TEXT, norm TEXT, fold TEXT, skel TEXT, keys TEXT,"
		"  nwords INTEGER);"
		"CREATE INDEX IF NOT EXISTS term_norm ON term(norm);"
		"CREATE INDEX IF NOT EXISTS term_fold ON term(fold);"
		"CREATE INDEX IF NOT EXISTS term_skel ON term(skel);"
		"CREATE INDEX IF NOT EXISTS term_concept ON term(concept);"
		"CREATE INDEX IF NOT EXISTS ctx_concept ON ctx(concept);"
		"CREATE INDEX IF NOT EXISTS concept_source ON concept(source);",
		NULL, NULL, NULL);
}

/* ----------------------------------------------------- in-memory glossary */

/* Strings of a glossary live in a few big blocks freed at once: a TBX file
 * has tens of thousands of small strings and every error path would
 * otherwise have to free each of them. */
struct ct_gblock {
	ct_gblock *next;
	size_t used, cap;
	char data[];
};

/* slug -> concept index, to find a concept defined twice and to keep
 * generated slugs unique without a quadratic scan. */
struct ct_slug_map {
	const char **keys; /* in the arena; NULL: free slot */
	size_t *vals;
	size_t n, cap;
};

/* n + 1 bytes in the arena. */
static char *arena_alloc(ct_gloss *g, size_t n)
{
	ct_gblock *b = g->arena;
	if (g->oom || n > SIZE_MAX / 2)
		goto oom;
	if (!b || b->cap - b->used < n + 1) {
		/* a big string gets a block of its own behind the current one,
		 * which keeps its free space for the small strings to come */
		int big = n + 1 > 16384;
		size_t cap = big ? n + 1 : 65536;
		ct_gblock *nb = malloc(sizeof(*nb) + cap);
		if (!nb)
			goto oom;
		nb->used = 0;
		nb->cap = cap;
		if (big && b) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			g->arena = nb;
		}
		b = nb;
	}
	char *p = b->data + b->used;
	b->used += n + 1;
	return p;
oom:
	g->oom = 1;
	return NULL;
}

char *ct_gloss_strdup(ct_gloss *g, const char *s, size_t n)
{
	char *p = arena_alloc(g, n);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void ct_gloss_free(ct_gloss *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->nconcepts; i++) {
		free(g->concepts[i].terms);
		free(g->concepts[i].ctxs);
	}
	free(g->concepts);
	while (g->arena) {
		ct_gblock *next = g->arena->next;
		free(g->arena);
		g->arena = next;
	}
	if (g->slugs) {
		free(g->slugs->keys);
		free(g->slugs->vals);
		free(g->slugs);
	}
	memset(g, 0, sizeof(*g));
}


ct_gconcept *ct_gloss_add_concept(ct_gloss *g, const char *source, long line)
{
	void *arr = g->concepts;
	if (ct_grow(&arr, &g->capconcepts, g->nconcepts, sizeof(ct_gconcept)) != CT_OK) {
		g->oom = 1;
		return NULL;
	}
	g->concepts = arr;
	ct_gconcept *c = &g->concepts[g->nconcepts];
	memset(c, 0, sizeof(*c));
	c->source = source;
	c->line = line;
	g->nconcepts++;
	return c;
}

ct_gterm *ct_gloss_add_term(ct_gloss *g, ct_gconcept *c, ct_lang lang, const char *term, long line)
{
	void *arr = c->terms;
	if (ct_grow(&arr, &c->capterms, c->nterms, sizeof(ct_gterm)) != CT_OK) {
		g->oom = 1;
		return NULL;
	}
	c->terms = arr;
	ct_gterm *t = &c->terms[c->nterms++];
	memset(t, 0, sizeof(*t));
	t->lang = lang;
	t->term = term;
	t->line = line;
	return t;
}

ct_gctx *ct_gloss_add_ctx(ct_gloss *g, ct_gconcept *c, ct_lang lang, long line)
{
	void *arr = c->ctxs;
	if (ct_grow(&arr, &c->capctxs, c->nctxs, sizeof(ct_gctx)) != CT_OK) {
		g->oom = 1;
		return NULL;
	}
	c->ctxs = arr;
	ct_gctx *x = &c->ctxs[c->nctxs++];
	memset(x, 0, sizeof(*x));
	x->lang = lang;
	x->line = line;
	return x;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

int ct_gloss_clean(ct_gloss *g, const char *s, size_t n, int multiline, const char **out, int *bad)
{
	char *buf = arena_alloc(g, n); /* big enough: cleaning never grows */
	size_t o = 0;
	int pending_space = 0, pending_nl = 0;
	*out = NULL;
	if (!buf)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (multiline && ch == '\n') {
			pending_space = 0;
			pending_nl = o > 0;
			continue;
		}
		if (is_space((char)ch)) {
			pending_space = o > 0;
			continue;
		}
		if (ch < 0x20 || ch == 0x7f) {
			if (bad)
				*bad = ch;
			return CT_ESYNTAX;
		}
		if (pending_nl)
			buf[o++] = '\n';
		else if (pending_space)
			buf[o++] = ' ';
		pending_nl = pending_space = 0;
		buf[o++] = (char)ch;
	}
	buf[o] = '\0';
	*out = buf;
	return CT_OK;
}

int ct_gloss_append(ct_gloss *g, const char **list, const char *item)
{
	if (!item || !*item)
		return CT_OK;
	if (!*list || !**list) {
		*list = item;
		return CT_OK;
	}
	size_t a = strlen(*list), b = strlen(item);
	char *p = arena_alloc(g, a + 1 + b);
	if (!p)
		return CT_ENOMEM;
	memcpy(p, *list, a);
	p[a] = '\n';
	memcpy(p + a + 1, item, b);
	p[a + 1 + b] = '\0';
	*list = p;
	return CT_OK;
}

static const char *pick(const char *s, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == n && memcmp(*names, s, n) == 0)
			return *names;
	return NULL;
}

static const char *const type_names[] = {"full", "abbrev", "variant", NULL};
static const char *const status_names[] = {"preferred", "admitted", "deprecated", NULL};

const char *ct_gloss_type_name(const char *s, size_t n)
{
	return pick(s, n, type_names);
}

const char *ct_gloss_status_name(const char *s, size_t n)
{
	return pick(s, n, status_names);
}

int ct_gloss_slug_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 200)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch <= 0x20 || ch == 0x7f)
			return 0;
	}
	return 1;
}

int ct_gloss_fail(ct_index *idx, int status, const char *source, long line, const char *fmt, ...)
{
	ct_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0 || ct_buf_grow(&b, (size_t)k) != CT_OK) {
		ct_buf_free(&b);
		return ct_index_fail(idx, status, "%s:%ld: %s", source, line, ct_strerror(status));
	}
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)k + 1, fmt, ap);
	va_end(ap);
	if (line > 0)
		ct_index_fail(idx, status, "%s:%ld: %s", source, line, b.p);
	else
		ct_index_fail(idx, status, "%s: %s", source, b.p);
	ct_buf_free(&b);
	return status;
}

/* ------------------------------------------------------------------ slugs */

#define NO_CONCEPT SIZE_MAX

static size_t map_find(const ct_gloss *g, const char *slug)
{
	const ct_slug_map *m = g->slugs;
	if (!m || m->cap == 0)
		return NO_CONCEPT;
	size_t i = (size_t)ct_hash_mem(slug, strlen(slug)) & (m->cap - 1);
	while (m->keys[i]) {
		if (strcmp(m->keys[i], slug) == 0)
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NO_CONCEPT;
}

static int map_put(ct_gloss *g, const char *slug, size_t val)
{
	ct_slug_map *m = g->slugs;
	if (!m) {
		m = g->slugs = calloc(1, sizeof(*m));
		if (!m)
			return CT_ENOMEM;
	}
	if (2 * (m->n + 1) > m->cap) {
		/* rehash into twice the room, keeping the load under one half */
		size_t ncap = m->cap ? m->cap * 2 : 64;
		const char **keys = calloc(ncap, sizeof(*keys));
		size_t *vals = calloc(ncap, sizeof(*vals));
		if (!keys || !vals) {
			free(keys);
			free(vals);
			return CT_ENOMEM;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t j = (size_t)ct_hash_mem(m->keys[i], strlen(m->keys[i])) & (ncap - 1);
			while (keys[j])
				j = (j + 1) & (ncap - 1);
			keys[j] = m->keys[i];
			vals[j] = m->vals[i];
		}
		free(m->keys);
		free(m->vals);
		m->keys = keys;
		m->vals = vals;
		m->cap = ncap;
	}
	size_t i = (size_t)ct_hash_mem(slug, strlen(slug)) & (m->cap - 1);
	while (m->keys[i])
		i = (i + 1) & (m->cap - 1);
	m->keys[i] = slug;
	m->vals[i] = val;
	m->n++;
	return CT_OK;
}

int ct_gloss_set_slug(ct_index *idx, ct_gloss *g, ct_gconcept *c, const char *slug, size_t n)
{
	char *s = ct_gloss_strdup(g, slug, n);
	if (!s)
		return ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", c->source);
	size_t prev = map_find(g, s);
	if (prev != NO_CONCEPT) {
		const ct_gconcept *p = &g->concepts[prev];
		return ct_gloss_fail(idx, CT_ESYNTAX, c->source, c->line,
		                     "concept '%s' is defined twice (first at %s:%ld)", s, p->source, p->line);
	}
	if (map_put(g, s, (size_t)(c - g->concepts)) != CT_OK)
		return ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", c->source);
	c->slug = s;
	return CT_OK;
}

/* A slug for a concept that came without an id (a spreadsheet row, a TBX
 * entry without id): from its English gloss so that the same row imported
 * twice replaces itself instead of piling up, else from its position. */
static int make_slug(ct_gloss *g, ct_gconcept *c, size_t ordinal)
{
	ct_buf b = {0};
	int rc = CT_OK;
	const char *en = c->gloss_en ? c->gloss_en : "";
	size_t base_n;

	for (const char *p = en; *p && b.n < 60; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			rc = ct_buf_put(&b, p, 1);
		else if (ch >= 'A' && ch <= 'Z') {
			char lc = (char)(ch - 'A' + 'a');
			rc = ct_buf_put(&b, &lc, 1);
		} else if (b.n > 0 && b.p[b.n - 1] != '_')
			rc = ct_buf_put(&b, "_", 1);
		if (rc != CT_OK)
			goto done;
	}
	while (b.n > 0 && b.p[b.n - 1] == '_')
		b.p[--b.n] = '\0';
	if (b.n == 0 && (rc = ct_buf_printf(&b, "concept_%zu", ordinal)) != CT_OK)
		goto done;
	base_n = b.n;
	for (unsigned k = 2; map_find(g, b.p) != NO_CONCEPT; k++) {
		b.n = base_n;
		if ((rc = ct_buf_printf(&b, "_%u", k)) != CT_OK)
			goto done;
	}
	c->slug = ct_gloss_strdup(g, b.p, b.n);
	if (!c->slug || map_put(g, c->slug, (size_t)(c - g->concepts)) != CT_OK)
		rc = CT_ENOMEM;
done:
	ct_buf_free(&b);
	return rc;
}

int ct_gloss_finish(ct_index *idx, ct_gloss *g)
{
	if (g->oom)
		return ct_index_fail(idx, CT_ENOMEM, "out of memory reading the glossary");
	for (size_t i = 0; i < g->nconcepts; i++) {
		ct_gconcept *c = &g->concepts[i];
		if (c->nterms == 0)
			return ct_gloss_fail(idx, CT_ESYNTAX, c->source, c->line, "concept '%s' has no terms",
			                     c->slug ? c->slug : "(without id)");
		for (size_t j = 0; j < c->nterms; j++) {
			ct_gterm *t = &c->terms[j];
			if (!t->type)
				t->type = "full";
			if (!t->status)
				t->status = "preferred";
			if (!c->gloss_en && t->lang == CT_LANG_EN)
				c->gloss_en = t->term;
		}
	}
	/* generated slugs last, so that they yield to every explicit id */
	for (size_t i = 0; i < g->nconcepts; i++)
		if (!g->concepts[i].slug && make_slug(g, &g->concepts[i], i + 1) != CT_OK)
			return ct_index_fail(idx, CT_ENOMEM, "out of memory reading the glossary");
	return CT_OK;
}

/* ------------------------------------------------------------ .gloss text */

/*
 * The .gloss format (dict/README.md):
 *
 *   # comment
 *   [innovation]
 *   en = innovation
 *   def = A new or significantly improved product ...
 *   domain = innovation policy
 *   kk = инновация ; pos=noun ; type=full ; status=preferred
 *   kk = жаңа енгізу ; type=variant ; status=admitted ; note=calque of ru нововведение
 *   ctx.kk = corpus/001_ca4ee8680d8a9508.txt:1 | КіріспеИнновация – жаңа ...
 *   note = free text
 *
 * A blank line ends a concept.  The parser is strict: the bundled glossary
 * is written by hand, and a typo ("staus=") that silently became a default
 * would put a wrong status in every lookup.
 */

typedef struct gparser {
	ct_index *idx;
	ct_gloss *g;
	const char *source;
	long line;
	size_t ci;        /* index of the open concept */
	int open;
	long en_line, def_line, domain_line;
} gparser;

typedef struct span {
	const char *p;
	size_t n;
} span;

static span trim(const char *p, size_t n)
{
	while (n > 0 && is_space(*p))
		p++, n--;
	while (n > 0 && is_space(p[n - 1]))
		n--;
	span s = {p, n};
	return s;
}

static int span_is(span s, const char *lit)
{
	return strlen(lit) == s.n && memcmp(s.p, lit, s.n) == 0;
}

static ct_gconcept *open_concept(gparser *p)
{
	return &p->g->concepts[p->ci];
}

/* Cleans a value; an error names the line and what was being read. */
static int gp_value(gparser *p, span v, int multiline, const char *what, const char **out)
{
	int bad = 0;
	int rc = ct_gloss_clean(p->g, v.p, v.n, multiline, out, &bad);
	if (rc == CT_ESYNTAX)
		return ct_gloss_fail(p->idx, rc, p->source, p->line, "control character U+%04X in %s", bad, what);
	if (rc != CT_OK)
		return ct_index_fail(p->idx, rc, "out of memory reading %s", p->source);
	if (!**out)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line, "empty %s", what);
	return CT_OK;
}

/* Closes the open concept: checks that it has its English gloss and adds
 * the gloss as the concept's English term, so that lookup works in
 * English too. */
static int gp_close(gparser *p)
{
	if (!p->open)
		return CT_OK;
	p->open = 0;
	ct_gconcept *c = open_concept(p);
	if (!c->gloss_en)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, c->line,
		                     "concept [%s] has no English gloss (add 'en = ...')", c->slug);
	const char *pos = "noun";
	for (size_t i = 0; i < c->nterms; i++)
		if (c->terms[i].pos) {
			pos = c->terms[i].pos; /* the gloss names the same thing as the terms */
			break;
		}
	ct_gterm *t = ct_gloss_add_term(p->g, c, CT_LANG_EN, c->gloss_en, p->en_line);
	if (!t)
		return ct_index_fail(p->idx, CT_ENOMEM, "out of memory reading %s", p->source);
	t->pos = pos;
	t->type = "full";
	t->status = "preferred";
	return CT_OK;
}

static int gp_open(gparser *p, span l)
{
	int rc;
	if (l.n < 2 || l.p[l.n - 1] != ']')
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
		                     "a concept starts with '[id]' on a line of its own");
	span id = trim(l.p + 1, l.n - 2);
	if (id.n == 0)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line, "empty concept id '[]'");
	for (size_t i = 0; i < id.n; i++) {
		char ch = id.p[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
			return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
			                     "concept id '[%.*s]' may contain only a-z, 0-9 and _", (int)id.n, id.p);
	}
	if ((rc = gp_close(p)) != CT_OK)
		return rc;
	ct_gconcept *c = ct_gloss_add_concept(p->g, p->source, p->line);
	if (!c)
		return ct_index_fail(p->idx, CT_ENOMEM, "out of memory reading %s", p->source);
	p->ci = p->g->nconcepts - 1;
	p->open = 1;
	p->en_line = p->def_line = p->domain_line = 0;
	return ct_gloss_set_slug(p->idx, p->g, c, id.p, id.n);
}

/* "TERM ; pos=noun ; type=full ; status=preferred ; note=free text".
 * note= takes the rest of the line, so that a note may contain ';'. */
static int gp_term(gparser *p, ct_lang lang, span key, span v)
{
	ct_gconcept *c = open_concept(p);
	const char *semi = memchr(v.p, ';', v.n);
	span t = trim(v.p, semi ? (size_t)(semi - v.p) : v.n);
	const char *text;
	int rc;

	if (t.n == 0)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line, "empty %.*s term", (int)key.n, key.p);
	if ((rc = gp_value(p, t, 0, "term", &text)) != CT_OK)
		return rc;
	for (size_t i = 0; i < c->nterms; i++)
		if (c->terms[i].lang == lang && strcmp(c->terms[i].term, text) == 0)
			return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
			                     "%.*s term '%s' is listed twice in [%s] (first at line %ld)",
			                     (int)key.n, key.p, text, c->slug, c->terms[i].line);
	ct_gterm *term = ct_gloss_add_term(p->g, c, lang, text, p->line);
	if (!term)
		return ct_index_fail(p->idx, CT_ENOMEM, "out of memory reading %s", p->source);

	const char *rest = semi ? semi + 1 : NULL;
	const char *end = v.p + v.n;
	while (rest) {
		const char *next = memchr(rest, ';', (size_t)(end - rest));
		span a = trim(rest, (size_t)((next ? next : end) - rest));
		const char *eq = memchr(a.p, '=', a.n);
		if (a.n == 0)
			return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line, "empty attribute between ';'");
		if (!eq)
			return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
			                     "attribute '%.*s' needs a value (name=value)", (int)a.n, a.p);
		span name = trim(a.p, (size_t)(eq - a.p));
		span val = trim(eq + 1, (size_t)(a.p + a.n - eq - 1));
		const char **slot = NULL;
		if (span_is(name, "note")) {
			/* the rest of the line */
			val = trim(eq + 1, (size_t)(end - eq - 1));
			next = NULL;
			slot = &term->note;
		} else if (span_is(name, "pos"))
			slot = &term->pos;
		else if (span_is(name, "type"))
			slot = &term->type;
		else if (span_is(name, "status"))
			slot = &term->status;
		else
			return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
			                     "unknown attribute '%.*s' (pos, type, status, note)", (int)name.n, name.p);
		if (*slot)
			return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
			                     "attribute '%.*s' given twice", (int)name.n, name.p);
		if (val.n == 0)
			return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
			                     "attribute '%.*s' has an empty value", (int)name.n, name.p);
		if (slot == &term->type) {
			if (!(term->type = ct_gloss_type_name(val.p, val.n)))
				return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
				                     "type must be full, abbrev or variant, not '%.*s'", (int)val.n, val.p);
		} else if (slot == &term->status) {
			if (!(term->status = ct_gloss_status_name(val.p, val.n)))
				return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
				                     "status must be preferred, admitted or deprecated, not '%.*s'",
				                     (int)val.n, val.p);
		} else if (slot == &term->pos) {
			for (size_t i = 0; i < val.n; i++) {
				char ch = val.p[i];
				if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'))
					return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
					                     "pos must be a word such as noun, adj, verb, not '%.*s'",
					                     (int)val.n, val.p);
			}
			if (!(term->pos = ct_gloss_strdup(p->g, val.p, val.n)))
				return ct_index_fail(p->idx, CT_ENOMEM, "out of memory reading %s", p->source);
		} else if ((rc = gp_value(p, val, 0, "note", slot)) != CT_OK) {
			return rc;
		}
		rest = next ? next + 1 : NULL;
	}
	if (!term->pos)
		term->pos = "noun";
	if (!term->type)
		term->type = "full";
	if (!term->status)
		term->status = "preferred";
	return CT_OK;
}

/* "corpus/FILE.txt:LINE | the sentence as it stands on that line" */
static int gp_ctx(gparser *p, ct_lang lang, span v)
{
	ct_gconcept *c = open_concept(p);
	const char *bar = memchr(v.p, '|', v.n);
	if (!bar)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
		                     "a context is 'FILE:LINE | sentence'");
	span ref = trim(v.p, (size_t)(bar - v.p));
	span sent = trim(bar + 1, (size_t)(v.p + v.n - bar - 1));
	size_t colon = ref.n;
	while (colon > 0 && ref.p[colon - 1] != ':')
		colon--;
	long dl = 0;
	int ok = colon > 1 && colon < ref.n && ref.n - colon <= 9;
	for (size_t i = colon; ok && i < ref.n; i++) {
		if (ref.p[i] < '0' || ref.p[i] > '9')
			ok = 0;
		else
			dl = dl * 10 + (ref.p[i] - '0');
	}
	if (!ok || dl < 1)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
		                     "context source '%.*s' is not FILE:LINE", (int)ref.n, ref.p);
	ct_gctx *x = ct_gloss_add_ctx(p->g, c, lang, p->line);
	if (!x || !(x->doc = ct_gloss_strdup(p->g, ref.p, colon - 1)))
		return ct_index_fail(p->idx, CT_ENOMEM, "out of memory reading %s", p->source);
	x->doc_line = dl;
	return gp_value(p, sent, 0, "context sentence", &x->text);
}

/* A single-valued key (en, def, domain) given twice is an error, not a
 * silent overwrite. */
static int gp_once(gparser *p, span key, long *seen)
{
	if (*seen)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line, "'%.*s' given twice in [%s] (first at line %ld)",
		                     (int)key.n, key.p, open_concept(p)->slug, *seen);
	*seen = p->line;
	return CT_OK;
}

static int gp_line(gparser *p, span l)
{
	const char *eq = memchr(l.p, '=', l.n);
	int rc;
	if (!eq)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
		                     "expected 'key = value', '[id]' or a '#' comment");
	span key = trim(l.p, (size_t)(eq - l.p));
	span v = trim(eq + 1, (size_t)(l.p + l.n - eq - 1));
	if (!p->open)
		return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
		                     "'%.*s =' outside a concept: start one with [id] (a blank line ends a concept)",
		                     (int)key.n, key.p);
	ct_gconcept *c = open_concept(p);
	if (span_is(key, "kk") || span_is(key, "ru") || span_is(key, "sr"))
		return gp_term(p, ct_lang_from_code(key.p, key.n), key, v);
	if (span_is(key, "ctx.kk") || span_is(key, "ctx.ru") || span_is(key, "ctx.sr"))
		return gp_ctx(p, ct_lang_from_code(key.p + 4, 2), v);
	if (span_is(key, "en")) {
		if ((rc = gp_once(p, key, &p->en_line)) != CT_OK)
			return rc;
		return gp_value(p, v, 0, "English gloss", &c->gloss_en);
	}
	if (span_is(key, "def")) {
		if ((rc = gp_once(p, key, &p->def_line)) != CT_OK)
			return rc;
		return gp_value(p, v, 0, "definition", &c->def);
	}
	if (span_is(key, "domain")) {
		if ((rc = gp_once(p, key, &p->domain_line)) != CT_OK)
			return rc;
		return gp_value(p, v, 0, "domain", &c->domain);
	}
	if (span_is(key, "note")) {
		const char *note;
		if ((rc = gp_value(p, v, 0, "note", &note)) != CT_OK)
			return rc;
		if (ct_gloss_append(p->g, &c->note, note) != CT_OK)
			return ct_index_fail(p->idx, CT_ENOMEM, "out of memory reading %s", p->source);
		return CT_OK;
	}
	return ct_gloss_fail(p->idx, CT_ESYNTAX, p->source, p->line,
	                     "unknown key '%.*s' (en, def, domain, note, kk, ru, sr, ctx.kk, ctx.ru, ctx.sr)",
	                     (int)key.n, key.p);
}

int ct_gloss_parse(ct_index *idx, ct_gloss *g, const char *source, const char *text, size_t n)
{
	gparser p;
	size_t bad = 0, i = 0;
	int rc = CT_OK;

	memset(&p, 0, sizeof(p));
	p.idx = idx;
	p.g = g;
	if (!(p.source = ct_gloss_strdup(g, source, strlen(source))))
		return ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", source);
	if (ct_utf8_validate(text, n, &bad) != CT_OK) {
		long line = 1;
		for (size_t k = 0; k < bad; k++)
			line += text[k] == '\n';
		return ct_gloss_fail(idx, CT_EUTF8, source, line, "invalid UTF-8 (byte %zu); save the file as UTF-8", bad);
	}
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && rc == CT_OK) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
		span l = trim(text + i, len);
		p.line++;
		i += len + 1;
		if (l.n == 0)
			rc = gp_close(&p);
		else if (l.p[0] == '#')
			continue;
		else if (l.p[0] == '[')
			rc = gp_open(&p, l);
		else
			rc = gp_line(&p, l);
	}
	if (rc == CT_OK)
		rc = gp_close(&p);
	return rc;
}

/* -------------------------------------------------------------- term keys */

/* Collects, word by word, the forms ct_analyze() gives a term, so that a
 * term is stored under exactly the forms the tokenizer gives the corpus
 * and queries: both sides of a match are then cut by one piece of code. */
typedef struct keys_state {
	ct_lang lang;
	ct_buf norm, fold, skel, keys;
	ct_buf exact, wfold, wskel, wstem; /* the current word */
	int in_word, no_skel, nwords;
} keys_state;

static int put_sep(ct_buf *b)
{
	return b->n ? ct_buf_put(b, " ", 1) : CT_OK;
}

/* Ends the current word: a form the analysis did not give falls back to
 * the exact form, except the skeleton, which is computed (Kazakh and
 * Russian words get no Latin form from the tokenizer) or, for a word of
 * another script, missing -- and then the whole term has none. */
static int keys_word_end(keys_state *k)
{
	int rc = CT_OK;
	if (!k->in_word)
		return CT_OK;
	k->in_word = 0;
	k->nwords++;
	if ((rc = put_sep(&k->norm)) || (rc = ct_buf_put(&k->norm, k->exact.p, k->exact.n)))
		return rc;
	const ct_buf *f = k->wfold.n ? &k->wfold : &k->exact;
	if ((rc = put_sep(&k->fold)) || (rc = ct_buf_put(&k->fold, f->p, f->n)))
		return rc;
	const ct_buf *s = k->wstem.n ? &k->wstem : &k->exact;
	if ((rc = put_sep(&k->keys)) || (rc = ct_buf_put(&k->keys, s->p, s->n)))
		return rc;
	if (!k->wskel.n) {
		size_t need = ct_latin_skeleton(k->exact.p, k->exact.n, NULL, 0);
		if (need == 0) {
			k->no_skel = 1;
		} else {
			if ((rc = ct_buf_grow(&k->wskel, need)) != CT_OK)
				return rc;
			ct_latin_skeleton(k->exact.p, k->exact.n, k->wskel.p, need + 1);
			k->wskel.n = need;
		}
	}
	if ((rc = put_sep(&k->skel)) || (rc = ct_buf_put(&k->skel, k->wskel.p, k->wskel.n)))
		return rc;
	return CT_OK;
}

static int keys_form(void *ctx, int first, ct_form_kind kind, ct_lang lang,
                     const char *form, size_t n, size_t start, size_t end)
{
	keys_state *k = ctx;
	CT_UNUSED(start);
	CT_UNUSED(end);
	if (first) {
		int rc = keys_word_end(k);
		if (rc != CT_OK)
			return rc;
		k->in_word = 1;
		k->exact.n = k->wfold.n = k->wskel.n = k->wstem.n = 0;
	}
	switch (kind) {
	case CT_FORM_EXACT:
		return ct_buf_put(&k->exact, form, n);
	case CT_FORM_FOLDED:
		return k->wfold.n ? CT_OK : ct_buf_put(&k->wfold, form, n);
	case CT_FORM_LATIN:
		return k->wskel.n ? CT_OK : ct_buf_put(&k->wskel, form, n);
	case CT_FORM_STEM:
		return lang == k->lang && !k->wstem.n ? ct_buf_put(&k->wstem, form, n) : CT_OK;
	}
	return CT_OK;
}

int ct_term_keys_compute(ct_analyzer *a, const char *term, size_t n, ct_lang lang, ct_term_keys *out)
{
	keys_state k;
	int rc;
	memset(&k, 0, sizeof(k));
	memset(out, 0, sizeof(*out));
	k.lang = lang;
	rc = ct_analyze(a, term, n, CT_TOK_DOCUMENT | (lang == CT_LANG_EN ? CT_TOK_NO_STEMS : 0),
	                CT_LANGBIT(lang), keys_form, &k);
	if (rc == CT_OK)
		rc = keys_word_end(&k);
	if (rc == CT_OK && k.no_skel)
		k.skel.n = 0;
	/* an empty buffer still needs its "" */
	if (rc == CT_OK && ((rc = ct_buf_put(&k.norm, "", 0)) || (rc = ct_buf_put(&k.fold, "", 0)) ||
	                    (rc = ct_buf_put(&k.skel, "", 0)) || (rc = ct_buf_put(&k.keys, "", 0))))
		goto done;
	if (rc != CT_OK)
		goto done;
	out->norm = k.norm.p;
	out->fold = k.fold.p;
	out->skel = k.skel.p;
	out->keys = k.keys.p;
	out->nwords = k.nwords;
	k.norm.p = k.fold.p = k.skel.p = k.keys.p = NULL;
done:
	ct_buf_free(&k.norm);
	ct_buf_free(&k.fold);
	ct_buf_free(&k.skel);
	ct_buf_free(&k.keys);
	ct_buf_free(&k.exact);
	ct_buf_free(&k.wfold);
	ct_buf_free(&k.wskel);
	ct_buf_free(&k.wstem);
	return rc;
}

void ct_term_keys_free(ct_term_keys *k)
{
	if (!k)
		return;
	free(k->norm);
	free(k->fold);
	free(k->skel);
	free(k->keys);
	memset(k, 0, sizeof(*k));
}

/* ------------------------------------------------------------------ store */

int ct_gloss_tx_begin(ct_index *idx, int *nested)
{
	sqlite3 *db = ct_index_db(idx);
	*nested = !sqlite3_get_autocommit(db);
	int rc = sqlite3_exec(db, *nested ? "SAVEPOINT ct_glossary" : "BEGIN IMMEDIATE", NULL, NULL, NULL);
	return rc == SQLITE_OK ? CT_OK : ct_index_dberr(idx, rc, "starting to write the glossary");
}

int ct_gloss_tx_end(ct_index *idx, int nested, int ok)
{
	sqlite3 *db = ct_index_db(idx);
	int rc;
	if (ok && !nested) {
		/* the corpus's attestations follow the glossary; an update
		 * (nested) finds them itself */
		rc = ct_attest_refresh(idx);
		if (rc != CT_OK) {
			ct_gloss_tx_end(idx, nested, 0);
			return rc;
		}
	}
	if (ok) {
		rc = sqlite3_exec(db, nested ? "RELEASE ct_glossary" : "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			/* the matcher and alignment caches hold the old glossary */
			ct_index_glossary_changed(idx);
			return CT_OK;
		}
		int st = ct_index_dberr(idx, rc, "writing the glossary");
		ct_gloss_tx_end(idx, nested, 0);
		return st;
	}
	if (nested) {
		sqlite3_exec(db, "ROLLBACK TO ct_glossary", NULL, NULL, NULL);
		sqlite3_exec(db, "RELEASE ct_glossary", NULL, NULL, NULL);
	} else if (!sqlite3_get_autocommit(db)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	return CT_OK;
}

enum { ST_FIND, ST_DEL_TERM, ST_DEL_CTX, ST_DEL_CONCEPT, ST_INS_CONCEPT, ST_INS_TERM, ST_INS_CTX, ST_COUNT };

static const char *const store_sql[ST_COUNT] = {
	"SELECT id FROM concept WHERE slug = ?1",
	"DELETE FROM term WHERE concept = ?1",
	"DELETE FROM ctx WHERE concept = ?1",
	"DELETE FROM concept WHERE id = ?1",
	"INSERT INTO concept(slug, gloss_en, def, domain, note, source, line) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"INSERT INTO term(concept, lang, seq, term, pos, type, status, note, norm, fold, skel, keys, nwords)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	"INSERT INTO ctx(concept, lang, doc, line, text) VALUES(?1, ?2, ?3, ?4, ?5)",
};

/* Runs a statement to its end; SQLITE_DONE becomes SQLITE_OK. */
static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Deletes a concept and what hangs off it. */
static int delete_concept(sqlite3_stmt **st, sqlite3_int64 id)
{
	int rc = SQLITE_OK;
	for (int k = ST_DEL_TERM; k <= ST_DEL_CONCEPT && rc == SQLITE_OK; k++) {
		sqlite3_bind_int64(st[k], 1, id);
		rc = run(st[k]);
	}
	return rc;
}

static int store_concept(ct_index *idx, sqlite3_stmt **st, ct_analyzer *a, const ct_gconcept *c,
                         ct_gstore_mode mode, ct_import_stats *stats)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_int64 old = 0, id;
	long seq[CT_LANG_EN + 1] = {0};
	int rc;

	sqlite3_bind_text(st[ST_FIND], 1, c->slug, -1, SQLITE_STATIC);
	rc = sqlite3_step(st[ST_FIND]);
	if (rc == SQLITE_ROW)
		old = sqlite3_column_int64(st[ST_FIND], 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	sqlite3_reset(st[ST_FIND]);
	if (rc != SQLITE_OK)
		return ct_index_dberr(idx, rc, "looking up a concept");
	if (old && mode == CT_GSTORE_KEEP)
		return CT_OK;
	if (old) {
		if ((rc = delete_concept(st, old)) != SQLITE_OK)
			return ct_index_dberr(idx, rc, "replacing a concept");
		stats->replaced++;
	}

	sqlite3_stmt *s = st[ST_INS_CONCEPT];
	bind_text(s, 1, c->slug);
	bind_text(s, 2, c->gloss_en);
	bind_text(s, 3, c->def);
	bind_text(s, 4, c->domain);
	bind_text(s, 5, c->note);
	bind_text(s, 6, c->source);
	sqlite3_bind_int64(s, 7, c->line);
	if ((rc = run(s)) != SQLITE_OK)
		return ct_index_dberr(idx, rc, "writing a concept");
	id = sqlite3_last_insert_rowid(db);
	stats->concepts++;

	for (size_t i = 0; i < c->nterms; i++) {
		const ct_gterm *t = &c->terms[i];
		ct_term_keys k;
		int krc = ct_term_keys_compute(a, t->term, strlen(t->term), t->lang, &k);
		if (krc != CT_OK)
			return ct_index_fail(idx, krc, "%s:%ld: cannot analyse term '%s': %s", c->source, t->line,
			                     t->term, ct_strerror(krc));
		s = st[ST_INS_TERM];
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, ct_lang_code(t->lang));
		sqlite3_bind_int64(s, 3, seq[t->lang]++);
		bind_text(s, 4, t->term);
		bind_text(s, 5, t->pos);
		bind_text(s, 6, t->type);
		bind_text(s, 7, t->status);
		bind_text(s, 8, t->note);
		bind_text(s, 9, k.norm);
		bind_text(s, 10, k.fold);
		bind_text(s, 11, k.skel);
		bind_text(s, 12, k.keys);
		sqlite3_bind_int(s, 13, k.nwords);
		rc = run(s);
		sqlite3_clear_bindings(s);
		ct_term_keys_free(&k);
		if (rc != SQLITE_OK)
			return ct_index_dberr(idx, rc, "writing a term");
		stats->terms++;
	}
	for (size_t i = 0; i < c->nctxs; i++) {
		const ct_gctx *x = &c->ctxs[i];
		s = st[ST_INS_CTX];
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, ct_lang_code(x->lang));
		bind_text(s, 3, x->doc);
		sqlite3_bind_int64(s, 4, x->doc_line);
		bind_text(s, 5, x->text);
		if ((rc = run(s)) != SQLITE_OK)
			return ct_index_dberr(idx, rc, "writing a context");
	}
	return CT_OK;
}

int ct_gloss_store(ct_index *idx, const ct_gloss *g, ct_gstore_mode mode, ct_import_stats *stats)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_stmt *st[ST_COUNT] = {0};
	ct_analyzer *a = NULL;
	ct_import_stats dummy;
	int rc = CT_OK;

	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	for (int k = 0; k < ST_COUNT; k++) {
		int src = sqlite3_prepare_v2(db, store_sql[k], -1, &st[k], NULL);
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "preparing to write the glossary");
			goto done;
		}
	}
	if ((rc = ct_analyzer_new(&a)) != CT_OK) {
		rc = ct_index_fail(idx, rc, "cannot create the analyzer: %s", ct_strerror(rc));
		goto done;
	}
	for (size_t i = 0; i < g->nconcepts && rc == CT_OK; i++)
		rc = store_concept(idx, st, a, &g->concepts[i], mode, stats);
done:
	ct_analyzer_free(a);
	for (int k = 0; k < ST_COUNT; k++)
		sqlite3_finalize(st[k]);
	return rc;
}

/* ----------------------------------------------------------- bundled dict */

/* path relative to base when under it ("dict/innovation.gloss"), so that
 * concept.source and messages do not depend on where the data folder is. */
static const char *relative_to(const char *path, const char *base)
{
	size_t n = base ? strlen(base) : 0;
	while (n > 1 && base[n - 1] == '/')
		n--;
	if (n == 0 || strncmp(path, base, n) != 0 || path[n] != '/')
		return path;
	path += n;
	while (*path == '/')
		path++;
	return path;
}

typedef struct gfile {
	char *path;
	char *text;
	size_t n;
} gfile;

static int cmp_gfile(const void *a, const void *b)
{
	return strcmp(((const gfile *)a)->path, ((const gfile *)b)->path);
}

static int meta_get(sqlite3 *db, const char *key, char **out)
{
	sqlite3_stmt *st = NULL;
	*out = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (v && !(*out = ct_strndup(v, strlen(v))))
			rc = SQLITE_NOMEM;
		else
			rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int meta_put(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		rc = run(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Reads dict_dir/ *.gloss, sorted by name; *exists is 0 when there is no
 * such folder. */
static int read_dict(ct_index *idx, const char *dict_dir, const char *base, gfile **out, size_t *nout,
                     int *exists)
{
	gfile *files = NULL;
	size_t n = 0, cap = 0;
	int rc = CT_OK;
	DIR *d = opendir(dict_dir);
	struct dirent *e;

	*out = NULL;
	*nout = 0;
	*exists = d != NULL;
	if (!d)
		return errno == ENOENT || errno == ENOTDIR
		       ? CT_OK
		       : ct_index_fail(idx, CT_EIO, "%s: cannot read folder: %s", relative_to(dict_dir, base), strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 6 || strcmp(e->d_name + len - 6, ".gloss") != 0)
			continue;
		void *arr = files;
		if (ct_grow(&arr, &cap, n, sizeof(gfile)) != CT_OK) {
			rc = ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", dict_dir);
			goto done;
		}
		files = arr;
		ct_buf p = {0};
		if (ct_buf_printf(&p, "%s/%s", dict_dir, e->d_name) != CT_OK) {
			ct_buf_free(&p);
			rc = ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", dict_dir);
			goto done;
		}
		files[n].path = p.p;
		files[n].text = NULL;
		files[n].n = 0;
		n++;
	}
	qsort(files, n, sizeof(gfile), cmp_gfile);
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		const char *rel = relative_to(files[i].path, base);
		if (stat(files[i].path, &sb) == 0 && (unsigned long long)sb.st_size > CT_GLOSSARY_MAX_BYTES) {
			rc = ct_index_fail(idx, CT_ETOOBIG, "%s: larger than %u MiB", rel, CT_GLOSSARY_MAX_BYTES >> 20);
			goto done;
		}
		rc = ct_read_file(files[i].path, &files[i].text, &files[i].n);
		if (rc != CT_OK) {
			rc = ct_index_fail(idx, rc, "%s: cannot read: %s", rel, ct_strerror(rc));
			goto done;
		}
	}
done:
	closedir(d);
	*out = files;
	*nout = n;
	return rc;
}

int ct_glossary_sync_dir(ct_index *idx, const char *dict_dir, const char *base)
{
	sqlite3 *db = ct_index_db(idx);
	gfile *files = NULL;
	size_t nfiles = 0;
	ct_buf h = {0};
	ct_gloss g = {0};
	char *stored = NULL;
	char hash[32];
	const char *prefix;
	int rc, src, nested = 0, in_tx = 0, exists = 0;

	rc = read_dict(idx, dict_dir, base, &files, &nfiles, &exists);
	if (rc != CT_OK || !exists)
		goto done;

	/* what the index holds depends on the files and on the code that
	 * turned them into rows and keys */
	if (ct_buf_printf(&h, "store %d normalizer %d\n", GLOSS_STORE_VERSION, CT_NORMALIZER_VERSION) != CT_OK) {
		rc = ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", dict_dir);
		goto done;
	}
	for (size_t i = 0; i < nfiles; i++)
		ct_buf_printf(&h, "%s %016llx\n", relative_to(files[i].path, base),
		              (unsigned long long)ct_hash64(files[i].text, files[i].n));
	if (h.oom) {
		rc = ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", dict_dir);
		goto done;
	}
	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)ct_hash64(h.p, h.n));
	if ((src = meta_get(db, "glossary_hash", &stored)) != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "reading the glossary state");
		goto done;
	}
	if (stored && strcmp(stored, hash) == 0)
		goto done;

	for (size_t i = 0; i < nfiles && rc == CT_OK; i++)
		rc = ct_gloss_parse(idx, &g, relative_to(files[i].path, base), files[i].text, files[i].n);
	if (rc == CT_OK)
		rc = ct_gloss_finish(idx, &g);
	if (rc != CT_OK)
		goto done;

	if ((rc = ct_gloss_tx_begin(idx, &nested)) != CT_OK)
		goto done;
	in_tx = 1;
	/* the bundled concepts are those read from dict/ *.gloss; a concept
	 * the user imported from elsewhere keeps its slug (CT_GSTORE_KEEP):
	 * an imported correction outlives the next release of the dict */
	prefix = relative_to(dict_dir, base);
	{
		sqlite3_stmt *st[4] = {0};
		static const char *const sql[4] = {
			"DELETE FROM term WHERE concept IN (SELECT id FROM concept WHERE substr(source, 1, length(?1) + 1) = ?1 || '/' AND source LIKE '%.gloss')",
			"DELETE FROM ctx WHERE concept IN (SELECT id FROM concept WHERE substr(source, 1, length(?1) + 1) = ?1 || '/' AND source LIKE '%.gloss')",
			"DELETE FROM concept WHERE substr(source, 1, length(?1) + 1) = ?1 || '/' AND source LIKE '%.gloss'",
			NULL,
		};
		src = SQLITE_OK;
		for (int k = 0; sql[k] && src == SQLITE_OK; k++) {
			src = sqlite3_prepare_v2(db, sql[k], -1, &st[k], NULL);
			if (src == SQLITE_OK) {
				sqlite3_bind_text(st[k], 1, prefix, -1, SQLITE_STATIC);
				src = run(st[k]);
			}
			sqlite3_finalize(st[k]);
		}
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "removing the old bundled glossary");
			goto done;
		}
	}
	if ((rc = ct_gloss_store(idx, &g, CT_GSTORE_KEEP, NULL)) != CT_OK)
		goto done;
	if ((src = meta_put(db, "glossary_hash", hash)) != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "writing the glossary state");
		goto done;
	}
	in_tx = 0;
	rc = ct_gloss_tx_end(idx, nested, 1);
done:
	if (in_tx)
		ct_gloss_tx_end(idx, nested, 0);
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].path);
		free(files[i].text);
	}
	free(files);
	free(stored);
	ct_buf_free(&h);
	ct_gloss_free(&g);
	return rc;
}
