/*
 * glossary_io.c -- glossaries in and out of the index: TBX (v2 martif and
 * v3 TBX-Basic from other tools; TBX-Basic v3 out), TSV and CSV (one row
 * per concept, as translators keep them in spreadsheets) and .gloss.
 *
 * Export, import into an empty index and export again give the same bytes
 * in every format: the writers are deterministic (concepts by slug, terms
 * by language kk, ru, sr, en and then preference) and every field they
 * write is read back into the same field.
 *
 * TBX files come from outside: they are refused above
 * CT_GLOSSARY_MAX_BYTES before a byte is read, and parsed by xml.c's
 * hardened set-up (no network, no DTD, no entities); an entity reference
 * left in the tree is refused rather than silently dropped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>

#include "glossary_int.h"

ct_gformat ct_gformat_from_name(const char *name)
{
	static const struct {
		const char *name;
		ct_gformat fmt;
	} names[] = {{"tbx", CT_GFORMAT_TBX}, {"tsv", CT_GFORMAT_TSV}, {"csv", CT_GFORMAT_CSV},
	             {"gloss", CT_GFORMAT_GLOSS}};
	if (!name)
		return CT_GFORMAT_AUTO;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *a = names[i].name, *b = name;
		while (*a && (*b | 0x20) == *a)
			a++, b++;
		if (!*a && !*b)
			return names[i].fmt;
	}
	return CT_GFORMAT_AUTO;
}

/* The four languages a glossary row can hold, in export order. */
static const ct_lang glangs[4] = {CT_LANG_KK, CT_LANG_RU, CT_LANG_SR, CT_LANG_EN};

/* kk, kk-KZ, kaz, ru_RU, sr-Cyrl-RS, sr-Latn, EN-gb ... -> the language;
 * CT_LANG_UND for the languages cyrterm does not keep. */
static ct_lang lang_of_tag(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && s[k] != '-' && s[k] != '_')
		k++;
	if (k == 3) {
		static const char *const alpha3[4] = {"kaz", "rus", "srp", "eng"};
		for (int i = 0; i < 4; i++)
			if (((s[0] | 0x20) == alpha3[i][0]) && ((s[1] | 0x20) == alpha3[i][1]) &&
			    ((s[2] | 0x20) == alpha3[i][2]))
				return glangs[i];
		return CT_LANG_UND;
	}
	if (k != 2)
		return CT_LANG_UND;
	ct_lang l = ct_lang_from_code(s, 2);
	return l == CT_LANG_KK || l == CT_LANG_RU || l == CT_LANG_SR || l == CT_LANG_EN ? l : CT_LANG_UND;
}


static int oom(ct_index *idx, const char *source)
{
	return ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", source);
}

/* ================================================================== TBX in */

typedef struct tbx_def {
	ct_lang lang; /* CT_LANG_UND: concept level */
	const char *text;
} tbx_def;

typedef struct tbx_reader {
	ct_index *idx;
	ct_gloss *g;
	const char *source;
	size_t ci;            /* the concept being read */
	tbx_def *defs;        /* its definitions, one of which becomes def */
	size_t ndefs, capdefs;
} tbx_reader;

static long line_of(xmlNodePtr n)
{
	long l = xmlGetLineNo(n);
	return l > 0 ? l : 0;
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text of an element and its inline markup, cleaned.  An entity
 * reference left in the tree (one the parser could not resolve because
 * the DTD is not loaded) is refused rather than silently dropped. */
static int collect_text(tbx_reader *r, xmlNodePtr n, ct_buf *b)
{
	for (xmlNodePtr k = n->children; k; k = k->next) {
		int rc = CT_OK;
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
			rc = ct_buf_puts(b, k->content ? (const char *)k->content : "");
		else if (k->type == XML_ELEMENT_NODE)
			rc = collect_text(r, k, b);
		else if (k->type == XML_ENTITY_REF_NODE)
			return ct_gloss_fail(r->idx, CT_EFORMAT, r->source, line_of(n),
			                     "entity reference &%s; is not allowed in a glossary (write the character itself)",
			                     (const char *)k->name);
		if (rc != CT_OK)
			return oom(r->idx, r->source);
	}
	return CT_OK;
}

static int node_text(tbx_reader *r, xmlNodePtr n, int multiline, const char **out)
{
	ct_buf b = {0};
	int bad = 0, rc;
	*out = NULL;
	if ((rc = collect_text(r, n, &b)) == CT_OK) {
		rc = ct_gloss_clean(r->g, b.p ? b.p : "", b.n, multiline, out, &bad);
		if (rc == CT_ESYNTAX)
			rc = ct_gloss_fail(r->idx, rc, r->source, line_of(n), "control character U+%04X in <%s>", bad,
			                   (const char *)n->name);
		else if (rc != CT_OK)
			rc = oom(r->idx, r->source);
	}
	ct_buf_free(&b);
	return rc;
}

/* An attribute's value in the arena ("" when absent). */
static const char *attr(tbx_reader *r, xmlNodePtr n, const char *name, int xml_ns)
{
	xmlChar *v = xml_ns ? xmlGetNsProp(n, (const xmlChar *)name, XML_XML_NAMESPACE)
	                    : xmlGetNoNsProp(n, (const xmlChar *)name);
	const char *s = NULL;
	if (!v)
		return "";
	ct_gloss_clean(r->g, (const char *)v, strlen((const char *)v), 0, &s, NULL);
	xmlFree(v);
	return s ? s : "";
}

/* What kind of data category an element carries, in the DCA style
 * (<termNote type="partOfSpeech">) and in the DCT style of TBX v3
 * (<min:partOfSpeech>), so that both read the same. */
typedef enum dc_kind { DC_OTHER, DC_TERMNOTE, DC_DESCRIP, DC_ADMIN, DC_NOTE } dc_kind;

static dc_kind dc_of(tbx_reader *r, xmlNodePtr n, const char **type)
{
	static const char *const dct_termnotes[] = {"partOfSpeech", "termType", "administrativeStatus",
	                                            "normativeAuthorization", "grammaticalGender", NULL};
	static const char *const dct_descrips[] = {"definition", "subjectField", "context", NULL};
	const char *name = (const char *)n->name;
	*type = "";
	if (strcmp(name, "termNote") == 0) {
		*type = attr(r, n, "type", 0);
		return DC_TERMNOTE;
	}
	if (strcmp(name, "descrip") == 0) {
		*type = attr(r, n, "type", 0);
		return DC_DESCRIP;
	}
	if (strcmp(name, "admin") == 0) {
		*type = attr(r, n, "type", 0);
		return DC_ADMIN;
	}
	if (strcmp(name, "note") == 0)
		return DC_NOTE;
	for (int i = 0; dct_termnotes[i]; i++)
		if (strcmp(name, dct_termnotes[i]) == 0) {
			*type = dct_termnotes[i];
			return DC_TERMNOTE;
		}
	for (int i = 0; dct_descrips[i]; i++)
		if (strcmp(name, dct_descrips[i]) == 0) {
			*type = dct_descrips[i];
			return DC_DESCRIP;
		}
	if (strcmp(name, "source") == 0) {
		*type = "source";
		return DC_ADMIN;
	}
	return DC_OTHER;
}

static ct_gconcept *cur(tbx_reader *r)
{
	return &r->g->concepts[r->ci];
}

/* "TYPE: text", for data categories cyrterm has no field for: kept as a
 * note rather than lost. */
static int note_typed(tbx_reader *r, const char **list, const char *type, const char *lang, const char *text)
{
	ct_buf b = {0};
	int rc = lang ? ct_buf_printf(&b, "%s (%s): %s", type, lang, text) : ct_buf_printf(&b, "%s: %s", type, text);
	const char *s = rc == CT_OK ? ct_gloss_strdup(r->g, b.p, b.n) : NULL;
	ct_buf_free(&b);
	if (!s || ct_gloss_append(r->g, list, s) != CT_OK)
		return oom(r->idx, r->source);
	return CT_OK;
}

static int add_def(tbx_reader *r, ct_lang lang, const char *text)
{
	void *arr = r->defs;
	if (!*text)
		return CT_OK;
	if (r->ndefs == r->capdefs) {
		size_t ncap = r->capdefs ? r->capdefs * 2 : 4;
		if (!(arr = realloc(r->defs, ncap * sizeof(tbx_def))))
			return oom(r->idx, r->source);
		r->defs = arr;
		r->capdefs = ncap;
	}
	r->defs[r->ndefs].lang = lang;
	r->defs[r->ndefs].text = text;
	r->ndefs++;
	return CT_OK;
}

/* "corpus/x.txt:12" -> doc and line; anything else is the doc alone. */
static int set_ctx_source(tbx_reader *r, ct_gctx *x, const char *src)
{
	const char *colon = strrchr(src, ':');
	long line = 0;
	int digits = colon && colon > src && colon[1] && strlen(colon + 1) <= 9;
	for (const char *p = colon ? colon + 1 : ""; digits && *p; p++) {
		if (*p < '0' || *p > '9')
			digits = 0;
		else
			line = line * 10 + (*p - '0');
	}
	if (digits && line > 0) {
		x->doc = ct_gloss_strdup(r->g, src, (size_t)(colon - src));
		x->doc_line = line;
	} else {
		x->doc = *src ? src : NULL;
	}
	return *src && !x->doc ? oom(r->idx, r->source) : CT_OK;
}

static int add_ctx(tbx_reader *r, ct_lang lang, xmlNodePtr n, const char *text, const char *src)
{
	if (!*text)
		return CT_OK;
	ct_gctx *x = ct_gloss_add_ctx(r->g, cur(r), lang, line_of(n));
	if (!x)
		return oom(r->idx, r->source);
	x->text = text;
	return src ? set_ctx_source(r, x, src) : CT_OK;
}

/* The source of a descripGrp's descrip: <admin type="source">. */
static int group_source(tbx_reader *r, xmlNodePtr grp, const char **src)
{
	*src = NULL;
	for (xmlNodePtr k = grp->children; k; k = k->next) {
		const char *type;
		if (k->type == XML_ELEMENT_NODE && dc_of(r, k, &type) == DC_ADMIN && strcmp(type, "source") == 0)
			return node_text(r, k, 0, src);
	}
	return CT_OK;
}

/* administrativeStatus (TBX-Basic) or normativeAuthorization (older TBX). */
static const char *map_status(const char *v)
{
	static const struct {
		const char *tbx, *ct;
	} map[] = {
		{"preferredTerm", "preferred"},   {"admittedTerm", "admitted"},   {"deprecatedTerm", "deprecated"},
		{"supersededTerm", "deprecated"}, {"standardizedTerm", "preferred"}, {"legalTerm", "preferred"},
		{"regulatedTerm", "preferred"},   {"preferred", "preferred"},     {"admitted", "admitted"},
		{"deprecated", "deprecated"},     {"forbidden", "deprecated"},    {"obsolete", "deprecated"},
	};
	size_t n = strlen(v);
	if (n > 9 && strcmp(v + n - 9, "-admn-sts") == 0)
		n -= 9;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].tbx) == n && memcmp(map[i].tbx, v, n) == 0)
			return map[i].ct;
	return NULL;
}

/* TBX has many term types; cyrterm keeps the distinction a translator
 * acts on: a full form, a short form, or a variant of either. */
static const char *map_type(const char *v)
{
	static const char *const abbrev[] = {"abbreviation", "acronym", "shortForm", "initialism", "shortcut",
	                                     "clippedTerm", "abbreviatedFormFor", "abbrev", NULL};
	static const char *const variant[] = {"variant", "orthographicVariant", "transliteratedForm",
	                                      "transcribedForm", "romanizedForm", NULL};
	for (int i = 0; abbrev[i]; i++)
		if (strcmp(v, abbrev[i]) == 0)
			return "abbrev";
	for (int i = 0; variant[i]; i++)
		if (strcmp(v, variant[i]) == 0)
			return "variant";
	return "full";
}

/* TBX partOfSpeech -> the short names of the .gloss format. */
/* TBX parts of speech in cyrterm's names; another tool's own value is
 * kept as one word («noun phrase» -> noun_phrase), as every other format
 * wants it, so that it survives a round trip through TSV or .gloss. */
static const char *map_pos(tbx_reader *r, const char *v)
{
	static const struct {
		const char *tbx, *ct;
	} map[] = {{"noun", "noun"}, {"verb", "verb"}, {"adjective", "adj"}, {"adverb", "adv"},
	           {"properNoun", "propn"}, {"other", "other"}};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(v, map[i].tbx) == 0)
			return map[i].ct;
	if (!*v)
		return NULL;
	char *w = ct_gloss_strdup(r->g, v, strlen(v));
	if (!w)
		return NULL;
	for (char *p = w; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			*p = '_';
	return w;
}

typedef struct term_fields {
	const char *term, *pos, *type, *status, *note;
	xmlNodePtr term_node;
} term_fields;

/* One element inside a tig / ntig / termSec (and their termGrp,
 * termNoteGrp and descripGrp). */
static int tbx_term_child(tbx_reader *r, ct_lang lang, xmlNodePtr k, term_fields *t, const char *grp_src)
{
	const char *type, *text;
	int rc;
	if (is_el(k, "term")) {
		if (t->term_node)
			return ct_gloss_fail(r->idx, CT_ESYNTAX, r->source, line_of(k),
			                     "two <term> elements for one term (first at line %ld)", line_of(t->term_node));
		t->term_node = k;
		return node_text(r, k, 0, &t->term);
	}
	if (is_el(k, "termGrp") || is_el(k, "termNoteGrp") || is_el(k, "descripGrp")) {
		const char *src = grp_src;
		if (is_el(k, "descripGrp") && (rc = group_source(r, k, &src)) != CT_OK)
			return rc;
		for (xmlNodePtr c = k->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && (rc = tbx_term_child(r, lang, c, t, src)) != CT_OK)
				return rc;
		return CT_OK;
	}
	dc_kind kind = dc_of(r, k, &type);
	if (kind == DC_OTHER || kind == DC_ADMIN)
		return CT_OK; /* transactions, cross-references, sources: not glossary content */
	if ((rc = node_text(r, k, kind == DC_NOTE, &text)) != CT_OK)
		return rc;
	if (!*text)
		return CT_OK;
	if (kind == DC_NOTE)
		return ct_gloss_append(r->g, &t->note, text) == CT_OK ? CT_OK : oom(r->idx, r->source);
	if (kind == DC_TERMNOTE) {
		if (strcmp(type, "partOfSpeech") == 0) {
			t->pos = map_pos(r, text);
			return CT_OK;
		}
		if (strcmp(type, "termType") == 0) {
			t->type = map_type(text);
			return CT_OK;
		}
		if (strcmp(type, "administrativeStatus") == 0 || strcmp(type, "normativeAuthorization") == 0) {
			if (!(t->status = map_status(text)))
				return ct_gloss_fail(r->idx, CT_ESYNTAX, r->source, line_of(k),
				                     "unknown %s '%s' (preferredTerm-admn-sts, admittedTerm-admn-sts, "
				                     "deprecatedTerm-admn-sts, supersededTerm-admn-sts)", type, text);
			return CT_OK;
		}
		return note_typed(r, &t->note, *type ? type : "termNote", NULL, text);
	}
	/* a descrip */
	if (strcmp(type, "context") == 0)
		return add_ctx(r, lang, k, text, grp_src);
	if (strcmp(type, "definition") == 0)
		return add_def(r, lang, text);
	return note_typed(r, &t->note, *type ? type : "descrip", NULL, text);
}

static int tbx_term(tbx_reader *r, ct_lang lang, xmlNodePtr n)
{
	term_fields t;
	int rc;
	memset(&t, 0, sizeof(t));
	for (xmlNodePtr k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && (rc = tbx_term_child(r, lang, k, &t, NULL)) != CT_OK)
			return rc;
	if (!t.term_node)
		return ct_gloss_fail(r->idx, CT_ESYNTAX, r->source, line_of(n), "<%s> without <term>", (const char *)n->name);
	if (!*t.term)
		return ct_gloss_fail(r->idx, CT_ESYNTAX, r->source, line_of(t.term_node), "empty <term>");
	ct_gterm *gt = ct_gloss_add_term(r->g, cur(r), lang, t.term, line_of(t.term_node));
	if (!gt)
		return oom(r->idx, r->source);
	gt->pos = t.pos;
	gt->type = t.type;
	gt->status = t.status;
	gt->note = t.note && *t.note ? t.note : NULL;
	return CT_OK;
}

/* Language-level data: definitions and notes in one language. */
static int tbx_lang_child(tbx_reader *r, ct_lang lang, const char *code, xmlNodePtr k, const char *grp_src)
{
	const char *type, *text;
	int rc;
	if (is_el(k, "tig") || is_el(k, "ntig") || is_el(k, "termSec"))
		return tbx_term(r, lang, k);
	if (is_el(k, "descripGrp")) {
		const char *src;
		if ((rc = group_source(r, k, &src)) != CT_OK)
			return rc;
		for (xmlNodePtr c = k->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && (rc = tbx_lang_child(r, lang, code, c, src)) != CT_OK)
				return rc;
		return CT_OK;
	}
	dc_kind kind = dc_of(r, k, &type);
	if (kind != DC_DESCRIP && kind != DC_NOTE)
		return CT_OK;
	if ((rc = node_text(r, k, kind == DC_NOTE, &text)) != CT_OK || !*text)
		return rc;
	if (kind == DC_NOTE)
		return note_typed(r, &cur(r)->note, "note", code, text);
	if (strcmp(type, "definition") == 0)
		return add_def(r, lang, text);
	if (strcmp(type, "context") == 0)
		return add_ctx(r, lang, k, text, grp_src);
	return note_typed(r, &cur(r)->note, *type ? type : "descrip", code, text);
}

/* Concept-level data: subject field, definition, notes. */
static int tbx_concept_child(tbx_reader *r, xmlNodePtr k)
{
	const char *type, *text;
	int rc;
	if (is_el(k, "langSet") || is_el(k, "langSec")) {
		const char *code = attr(r, k, "lang", 1);
		if (!*code)
			code = attr(r, k, "lang", 0);
		if (!*code)
			return ct_gloss_fail(r->idx, CT_ESYNTAX, r->source, line_of(k), "<%s> without xml:lang",
			                     (const char *)k->name);
		ct_lang lang = lang_of_tag(code, strlen(code));
		if (lang == CT_LANG_UND)
			return CT_OK; /* a language cyrterm does not keep */
		for (xmlNodePtr c = k->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && (rc = tbx_lang_child(r, lang, ct_lang_code(lang), c, NULL)) != CT_OK)
				return rc;
		return CT_OK;
	}
	if (is_el(k, "descripGrp")) {
		for (xmlNodePtr c = k->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && !is_el(c, "descripGrp") && (rc = tbx_concept_child(r, c)) != CT_OK)
				return rc;
		return CT_OK;
	}
	dc_kind kind = dc_of(r, k, &type);
	if (kind != DC_DESCRIP && kind != DC_NOTE)
		return CT_OK;
	if ((rc = node_text(r, k, kind == DC_NOTE, &text)) != CT_OK || !*text)
		return rc;
	ct_gconcept *c = cur(r);
	if (kind == DC_NOTE)
		return ct_gloss_append(r->g, &c->note, text) == CT_OK ? CT_OK : oom(r->idx, r->source);
	if (strcmp(type, "definition") == 0)
		return add_def(r, CT_LANG_UND, text);
	if (strcmp(type, "subjectField") == 0 && !c->domain) {
		c->domain = text;
		return CT_OK;
	}
	return note_typed(r, &c->note, *type ? type : "descrip", NULL, text);
}

/* One termEntry (v2) or conceptEntry (v3).  A concept has one definition
 * field: the concept-level one, else the English one, else the first;
 * the others are kept as notes "definition (ru): ...". */
static int tbx_entry(tbx_reader *r, xmlNodePtr e)
{
	int rc = CT_OK;
	ct_gconcept *c = ct_gloss_add_concept(r->g, r->source, line_of(e));
	if (!c)
		return oom(r->idx, r->source);
	r->ci = r->g->nconcepts - 1;
	r->ndefs = 0;
	for (xmlNodePtr k = e->children; k && rc == CT_OK; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			rc = tbx_concept_child(r, k);
	if (rc != CT_OK)
		return rc;
	c = cur(r);
	if (c->nterms == 0) {
		/* only languages cyrterm does not keep */
		free(c->terms);
		free(c->ctxs);
		r->g->nconcepts--;
		return CT_OK;
	}
	size_t best = r->ndefs;
	for (size_t i = 0; i < r->ndefs && best == r->ndefs; i++)
		if (r->defs[i].lang == CT_LANG_UND)
			best = i;
	for (size_t i = 0; i < r->ndefs && best == r->ndefs; i++)
		if (r->defs[i].lang == CT_LANG_EN)
			best = i;
	if (best == r->ndefs && r->ndefs > 0)
		best = 0;
	for (size_t i = 0; i < r->ndefs && rc == CT_OK; i++) {
		if (i == best)
			c->def = r->defs[i].text;
		else
			rc = note_typed(r, &c->note, "definition",
			                r->defs[i].lang == CT_LANG_UND ? NULL : ct_lang_code(r->defs[i].lang), r->defs[i].text);
	}
	const char *id = attr(r, e, "id", 0);
	if (!*id)
		id = attr(r, e, "id", 1); /* xml:id */
	if (rc == CT_OK && *id) {
		if (!ct_gloss_slug_ok(id))
			return ct_gloss_fail(r->idx, CT_ESYNTAX, r->source, c->line, "unusable concept id '%s'", id);
		rc = ct_gloss_set_slug(r->idx, r->g, c, id, strlen(id));
	}
	return rc;
}

static int tbx_walk(tbx_reader *r, xmlNodePtr n)
{
	for (xmlNodePtr k = n; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		int rc = is_el(k, "termEntry") || is_el(k, "conceptEntry") ? tbx_entry(r, k) : tbx_walk(r, k->children);
		if (rc != CT_OK)
			return rc;
	}
	return CT_OK;
}

static int read_tbx(ct_index *idx, ct_gloss *g, const char *source, const char *buf, size_t n)
{
	xmlDocPtr doc = NULL;
	tbx_reader r;
	int rc = ct_xml_parse(idx, source, "a glossary", buf, n, &doc);
	if (rc != CT_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.idx = idx;
	r.g = g;
	r.source = source;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root || !(is_el(root, "martif") || is_el(root, "tbx")))
		rc = ct_gloss_fail(idx, CT_EFORMAT, source, root ? line_of(root) : 0,
		                   "not a TBX file (the root element is <%s>, not <martif> or <tbx>)",
		                   root ? (const char *)root->name : "");
	else
		rc = tbx_walk(&r, root->children);
	free(r.defs);
	xmlFreeDoc(doc);
	return rc;
}

/* ============================================================ TSV/CSV in */

/*
 * One concept per row.  Columns, in any order, named by a header row:
 *   id  kk  ru  sr  en  definition  domain  note
 *   kk_pos kk_type kk_status kk_note  (and ru_, sr_, en_)
 * A language cell holds the terms in order of preference separated by
 * ';' (a ';' or '\' inside a term is written '\;' or '\\'); the per-term
 * columns hold as many ';'-separated values, or are empty for defaults.
 * Spreadsheets with just kk, ru, sr, en columns import as they are.
 */

enum { COL_ID, COL_TERMS, COL_DEF, COL_DOMAIN, COL_NOTE, COL_POS, COL_TYPE, COL_STATUS, COL_TNOTE, COL_NONE };

typedef struct column {
	int kind;
	int lang; /* index into glangs for COL_TERMS and the per-term columns */
} column;

typedef struct table_reader {
	ct_index *idx;
	ct_gloss *g;
	const char *source;
	const char *p, *end;
	int csv;
	char delim;
	long line;     /* of the next record */
	ct_buf field;
	const char **fields;
	size_t nfields, capfields;
	column *cols;
	size_t ncols;
} table_reader;

static int push_field(table_reader *t)
{
	if (t->nfields == t->capfields) {
		size_t ncap = t->capfields ? t->capfields * 2 : 16;
		void *arr = realloc(t->fields, ncap * sizeof(*t->fields));
		if (!arr)
			return CT_ENOMEM;
		t->fields = arr;
		t->capfields = ncap;
	}
	const char *s = ct_gloss_strdup(t->g, t->field.p ? t->field.p : "", t->field.n);
	if (!s)
		return CT_ENOMEM;
	t->fields[t->nfields++] = s;
	t->field.n = 0;
	return CT_OK;
}

/* Reads one record into t->fields; *eof when there is none.  CSV per
 * RFC 4180 (quotes doubled, quoted fields may hold the delimiter and line
 * breaks); TSV with \t \n \r \\ escapes. */
static int next_record(table_reader *t, int *eof, long *line)
{
	int rc = CT_OK;
	t->nfields = 0;
	t->field.n = 0;
	*eof = t->p >= t->end;
	*line = t->line;
	if (*eof)
		return CT_OK;
	for (;;) {
		if (t->p >= t->end || *t->p == '\n' || (*t->p == '\r' && t->p + 1 < t->end && t->p[1] == '\n')) {
			if ((rc = push_field(t)) != CT_OK)
				return oom(t->idx, t->source);
			if (t->p < t->end)
				t->p += *t->p == '\r' ? 2 : 1;
			t->line++;
			return CT_OK;
		}
		char ch = *t->p;
		if (ch == t->delim) {
			if ((rc = push_field(t)) != CT_OK)
				return oom(t->idx, t->source);
			t->p++;
			continue;
		}
		if (t->csv && ch == '"' && t->field.n == 0) {
			long open_line = t->line;
			t->p++;
			for (;;) {
				if (t->p >= t->end)
					return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, open_line,
					                     "quoted field is not closed (a '\"' is missing)");
				if (*t->p == '"') {
					if (t->p + 1 < t->end && t->p[1] == '"') {
						rc = ct_buf_put(&t->field, "\"", 1);
						t->p += 2;
					} else {
						t->p++;
						break;
					}
				} else {
					if (*t->p == '\n')
						t->line++;
					rc = ct_buf_put(&t->field, t->p, 1);
					t->p++;
				}
				if (rc != CT_OK)
					return oom(t->idx, t->source);
			}
			if (t->p < t->end && *t->p != t->delim && *t->p != '\n' && *t->p != '\r')
				return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, t->line,
				                     "text after a closing quote (write a quote inside a quoted field as \"\")");
			continue;
		}
		if (!t->csv && ch == '\\' && t->p + 1 < t->end) {
			char e = t->p[1];
			const char *rep = e == 't' ? "\t" : e == 'n' ? "\n" : e == 'r' ? "\r" : e == '\\' ? "\\" : NULL;
			if (rep) {
				rc = ct_buf_put(&t->field, rep, 1);
				t->p += 2;
				if (rc != CT_OK)
					return oom(t->idx, t->source);
				continue;
			}
		}
		rc = ct_buf_put(&t->field, t->p, 1);
		t->p++;
		if (rc != CT_OK)
			return oom(t->idx, t->source);
	}
}

/* kk, rus, ru-RU, ru_RU, sr-Latn, sr-Cyrl-RS: a language, a script, a
 * region -- and not "kk_comment". */
static int is_lang_tag(const char *s, size_t n)
{
	size_t i = 0, k = 0;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return 0;
	while (i < n) {
		if (s[i] != '-' && s[i] != '_')
			return 0;
		for (k = ++i; i < n && s[i] != '-' && s[i] != '_'; i++)
			if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
				return 0;
		if (i - k != 2 && i - k != 3 && i - k != 4)
			return 0;
	}
	return 1;
}

static int header(table_reader *t)
{
	static const struct {
		const char *name;
		int kind;
	} names[] = {
		{"id", COL_ID},           {"slug", COL_ID},         {"concept", COL_ID},      {"definition", COL_DEF},
		{"def", COL_DEF},         {"domain", COL_DOMAIN},   {"subject", COL_DOMAIN},  {"subjectfield", COL_DOMAIN},
		{"note", COL_NOTE},       {"notes", COL_NOTE},      {"comment", COL_NOTE},    {"comments", COL_NOTE},
	};
	static const struct {
		const char *suffix;
		int kind;
	} per_term[] = {{"_pos", COL_POS}, {"_type", COL_TYPE}, {"_status", COL_STATUS}, {"_note", COL_TNOTE}};
	int have_lang = 0;

	if (!(t->cols = calloc(t->nfields ? t->nfields : 1, sizeof(column))))
		return oom(t->idx, t->source);
	t->ncols = t->nfields;
	for (size_t i = 0; i < t->nfields; i++) {
		const char *f;
		char *name;
		size_t n;
		if (ct_gloss_clean(t->g, t->fields[i], strlen(t->fields[i]), 0, &f, NULL) != CT_OK)
			return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, 1, "control character in the name of column %zu", i + 1);
		if (!*f) {
			/* spreadsheets save a trailing empty column; its cells must be
			 * empty too (table_row) */
			t->cols[i].kind = COL_NONE;
			t->cols[i].lang = -1;
			continue;
		}
		n = strlen(f);
		if (!(name = ct_gloss_strdup(t->g, f, n)))
			return oom(t->idx, t->source);
		for (size_t k = 0; k < n; k++)
			if (name[k] >= 'A' && name[k] <= 'Z')
				name[k] = (char)(name[k] - 'A' + 'a');
		int kind = -1, lang = -1;
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]) && kind < 0; k++)
			if (strcmp(name, names[k].name) == 0)
				kind = names[k].kind;
		for (size_t k = 0; k < sizeof(per_term) / sizeof(per_term[0]) && kind < 0; k++) {
			size_t sl = strlen(per_term[k].suffix);
			if (n > sl && strcmp(name + n - sl, per_term[k].suffix) == 0) {
				ct_lang l = lang_of_tag(name, n - sl);
				for (int j = 0; j < 4; j++)
					if (glangs[j] == l) {
						kind = per_term[k].kind;
						lang = j;
					}
			}
		}
		if (kind < 0 && is_lang_tag(name, n)) {
			ct_lang l = lang_of_tag(name, n);
			for (int j = 0; j < 4; j++)
				if (glangs[j] == l) {
					kind = COL_TERMS;
					lang = j;
				}
		}
		if (kind < 0)
			return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, 1,
			                     "unknown column '%s' (known: id, kk, ru, sr, en, definition, domain, note, "
			                     "and kk_pos, kk_type, kk_status, kk_note for each language)", f);
		for (size_t j = 0; j < i; j++)
			if (t->cols[j].kind == kind && t->cols[j].lang == lang)
				return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, 1, "column '%s' appears twice", f);
		t->cols[i].kind = kind;
		t->cols[i].lang = lang;
		have_lang |= kind == COL_TERMS;
	}
	if (!have_lang)
		return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, 1,
		                     "the first row must name the columns, with at least one of kk, ru, sr, en");
	return CT_OK;
}

/* Splits a multi-valued cell at ';' ("\;" and "\\" stand for themselves)
 * into cleaned items in the arena. */
static int split_items(table_reader *t, long line, const char *cell, int multiline, const char ***out,
                       size_t *nout)
{
	void *items = NULL;
	size_t n = 0, cap = 0;
	ct_buf b = {0};
	int rc = CT_OK;
	*out = NULL;
	*nout = 0;
	for (const char *p = cell;; p++) {
		if (*p == '\\' && (p[1] == ';' || p[1] == '\\')) {
			rc = ct_buf_put(&b, ++p, 1);
		} else if (*p == ';' || *p == '\0') {
			const char *item;
			int bad = 0;
			rc = ct_gloss_clean(t->g, b.p ? b.p : "", b.n, multiline, &item, &bad);
			if (rc == CT_ESYNTAX) {
				rc = ct_gloss_fail(t->idx, rc, t->source, line, "control character U+%04X in a cell", bad);
				goto done;
			}
			if (rc == CT_OK && ct_grow(&items, &cap, n, sizeof(const char *)) == CT_OK)
				((const char **)items)[n++] = item;
			else
				rc = CT_ENOMEM;
			b.n = 0;
			if (*p == '\0')
				break;
		} else {
			rc = ct_buf_put(&b, p, 1);
		}
		if (rc != CT_OK) {
			rc = oom(t->idx, t->source);
			goto done;
		}
	}
	*out = items;
	*nout = n;
	items = NULL;
done:
	free(items);
	ct_buf_free(&b);
	return rc;
}

static int table_row(table_reader *t, long line)
{
	enum { A_TERMS, A_POS, A_TYPE, A_STATUS, A_NOTE, A_COUNT };
	const char *cells[4][A_COUNT];
	const char *id = "", *def = "", *domain = "", *note = "";
	int any = 0, rc = CT_OK, bad = 0;

	for (size_t i = 0; i < t->nfields; i++) {
		int full = 0;
		for (const char *p = t->fields[i]; *p && !full; p++)
			full = *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n';
		if (full && i >= t->ncols)
			return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line,
			                     "row has %zu cells, the header names %zu columns", t->nfields, t->ncols);
		if (full && t->cols[i].kind == COL_NONE)
			return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line,
			                     "a value in column %zu, which the header does not name", i + 1);
		any |= full;
	}
	if (!any)
		return CT_OK; /* a blank row */
	memset(cells, 0, sizeof(cells));
	for (size_t i = 0; i < t->nfields && i < t->ncols; i++) {
		const char *f = t->fields[i];
		const column *col = &t->cols[i];
		switch (col->kind) {
		case COL_ID: id = f; break;
		case COL_DEF: def = f; break;
		case COL_DOMAIN: domain = f; break;
		case COL_NOTE: note = f; break;
		case COL_TERMS: cells[col->lang][A_TERMS] = f; break;
		case COL_POS: cells[col->lang][A_POS] = f; break;
		case COL_TYPE: cells[col->lang][A_TYPE] = f; break;
		case COL_STATUS: cells[col->lang][A_STATUS] = f; break;
		case COL_TNOTE: cells[col->lang][A_NOTE] = f; break;
		case COL_NONE: break;
		}
	}
	ct_gconcept *c = ct_gloss_add_concept(t->g, t->source, line);
	if (!c)
		return oom(t->idx, t->source);
	if ((rc = ct_gloss_clean(t->g, def, strlen(def), 0, &c->def, &bad)) == CT_OK &&
	    (rc = ct_gloss_clean(t->g, domain, strlen(domain), 0, &c->domain, &bad)) == CT_OK)
		rc = ct_gloss_clean(t->g, note, strlen(note), 1, &c->note, &bad);
	if (rc == CT_ESYNTAX)
		return ct_gloss_fail(t->idx, rc, t->source, line, "control character U+%04X in a cell", bad);
	if (rc != CT_OK)
		return oom(t->idx, t->source);
	if (!*c->def)
		c->def = NULL;
	if (!*c->domain)
		c->domain = NULL;
	if (!*c->note)
		c->note = NULL;

	for (int j = 0; j < 4 && rc == CT_OK; j++) {
		const char **items[A_COUNT] = {0};
		size_t nitems[A_COUNT] = {0}, nterms = 0;
		const char *lang = ct_lang_code(glangs[j]);
		for (int a = 0; a < A_COUNT && rc == CT_OK; a++)
			if (cells[j][a] && *cells[j][a])
				rc = split_items(t, line, cells[j][a], a == A_NOTE, &items[a], &nitems[a]);
		/* empty items in the term cell ("a; ; b", a trailing ';') are not terms */
		for (size_t k = 0; k < nitems[A_TERMS]; k++)
			if (*items[A_TERMS][k])
				items[A_TERMS][nterms++] = items[A_TERMS][k];
		for (int a = A_POS; a < A_COUNT && rc == CT_OK; a++)
			if (nitems[a] && nitems[a] != nterms) {
				static const char *const names[A_COUNT] = {"", "pos", "type", "status", "note"};
				rc = ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line,
				                   "column %s_%s has %zu values for %zu %s terms (separate them with ';')", lang,
				                   names[a], nitems[a], nterms, lang);
			}
		for (size_t k = 0; k < nterms && rc == CT_OK; k++) {
			ct_gterm *gt = ct_gloss_add_term(t->g, c, glangs[j], items[A_TERMS][k], line);
			if (!gt) {
				rc = oom(t->idx, t->source);
				break;
			}
			const char *v;
			if (nitems[A_POS] && *(v = items[A_POS][k])) {
				for (const char *p = v; *p && rc == CT_OK; p++)
					if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
						rc = ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line,
						                   "%s_pos must be a word such as noun, adj, verb, not '%s'", lang, v);
				gt->pos = v;
			}
			if (rc == CT_OK && nitems[A_TYPE] && *(v = items[A_TYPE][k]) &&
			    !(gt->type = ct_gloss_type_name(v, strlen(v))))
				rc = ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line,
				                   "%s_type must be full, abbrev or variant, not '%s'", lang, v);
			if (rc == CT_OK && nitems[A_STATUS] && *(v = items[A_STATUS][k]) &&
			    !(gt->status = ct_gloss_status_name(v, strlen(v))))
				rc = ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line,
				                   "%s_status must be preferred, admitted or deprecated, not '%s'", lang, v);
			if (nitems[A_NOTE] && *items[A_NOTE][k])
				gt->note = items[A_NOTE][k];
		}
		for (int a = 0; a < A_COUNT; a++)
			free(items[a]);
	}
	if (rc != CT_OK)
		return rc;
	if (c->nterms == 0)
		return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line, "row has no terms in kk, ru, sr or en");
	const char *slug;
	if ((rc = ct_gloss_clean(t->g, id, strlen(id), 0, &slug, NULL)) != CT_OK)
		return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line, "unusable id");
	if (*slug) {
		if (!ct_gloss_slug_ok(slug))
			return ct_gloss_fail(t->idx, CT_ESYNTAX, t->source, line, "unusable id '%s' (no spaces, at most 200 bytes)",
			                     slug);
		rc = ct_gloss_set_slug(t->idx, t->g, c, slug, strlen(slug));
	}
	return rc;
}

/* The delimiter of a CSV file: ',' as RFC 4180 says, or ';' as
 * spreadsheets save CSV in locales whose decimal mark is ',' (Russian,
 * Kazakh, Serbian): told apart by the header row, whose names contain
 * neither. */
static char csv_delimiter(const char *p, const char *end)
{
	size_t commas = 0, semis = 0;
	for (; p < end && *p != '\n'; p++) {
		commas += *p == ',';
		semis += *p == ';';
	}
	return semis > commas ? ';' : ',';
}

static int read_table(ct_index *idx, ct_gloss *g, const char *source, const char *buf, size_t n, int csv)
{
	table_reader t;
	size_t bad = 0;
	int rc, eof = 0;
	long line = 0;

	if (ct_utf8_validate(buf, n, &bad) != CT_OK) {
		long l = 1;
		for (size_t k = 0; k < bad; k++)
			l += buf[k] == '\n';
		return ct_gloss_fail(idx, CT_EUTF8, source, l, "invalid UTF-8 (byte %zu); save the file as UTF-8", bad);
	}
	memset(&t, 0, sizeof(t));
	t.idx = idx;
	t.g = g;
	t.source = source;
	t.p = buf;
	t.end = buf + n;
	t.csv = csv;
	t.line = 1;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		t.p += 3; /* the BOM spreadsheets put before UTF-8 */
	t.delim = csv ? csv_delimiter(t.p, t.end) : '\t';
	rc = next_record(&t, &eof, &line);
	if (rc == CT_OK && eof)
		rc = ct_gloss_fail(idx, CT_ESYNTAX, source, 0, "empty file");
	if (rc == CT_OK)
		rc = header(&t);
	while (rc == CT_OK) {
		if ((rc = next_record(&t, &eof, &line)) != CT_OK || eof)
			break;
		rc = table_row(&t, line);
	}
	ct_buf_free(&t.field);
	free(t.fields);
	free(t.cols);
	return rc;
}

/* ================================================================ import */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if ((s[n - k + i] | 0x20) != suffix[i])
			return 0;
	return 1;
}

/* From the name, else from the first bytes. */
static ct_gformat detect(const char *path, const char *buf, size_t n)
{
	if (has_suffix(path, ".tbx") || has_suffix(path, ".xml"))
		return CT_GFORMAT_TBX;
	if (has_suffix(path, ".tsv") || has_suffix(path, ".tab"))
		return CT_GFORMAT_TSV;
	if (has_suffix(path, ".csv"))
		return CT_GFORMAT_CSV;
	if (has_suffix(path, ".gloss"))
		return CT_GFORMAT_GLOSS;
	size_t i = 0;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (n >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE))
		return CT_GFORMAT_TBX; /* UTF-16: only XML declares its encoding */
	while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i < n && buf[i] == '<')
		return CT_GFORMAT_TBX;
	if (i < n && (buf[i] == '[' || buf[i] == '#'))
		return CT_GFORMAT_GLOSS;
	const char *nl = memchr(buf + i, '\n', n - i);
	size_t len = nl ? (size_t)(nl - (buf + i)) : n - i;
	if (memchr(buf + i, '\t', len))
		return CT_GFORMAT_TSV;
	if (memchr(buf + i, ',', len) || memchr(buf + i, ';', len))
		return CT_GFORMAT_CSV;
	return CT_GFORMAT_AUTO;
}

int ct_glossary_import(ct_index *idx, const char *path, ct_gformat fmt, ct_import_stats *stats)
{
	ct_gloss g = {0};
	ct_import_stats dummy;
	struct stat sb;
	char *buf = NULL;
	size_t n = 0;
	int rc, nested = 0;

	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	if (!path || !*path)
		return ct_index_fail(idx, CT_EINVAL, "no glossary file given");
	/* the size limit holds before a byte is read */
	if (stat(path, &sb) != 0)
		return ct_index_fail(idx, errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return ct_index_fail(idx, CT_EINVAL, "%s: is a folder, not a glossary file", path);
	if ((unsigned long long)sb.st_size > CT_GLOSSARY_MAX_BYTES)
		return ct_index_fail(idx, CT_ETOOBIG, "%s: %lld bytes, more than the %u MiB a glossary may have", path,
		                     (long long)sb.st_size, CT_GLOSSARY_MAX_BYTES >> 20);
	if ((rc = ct_read_file(path, &buf, &n)) != CT_OK)
		return ct_index_fail(idx, rc, "%s: cannot read: %s", path, ct_strerror(rc));
	if (n > CT_GLOSSARY_MAX_BYTES) {
		rc = ct_index_fail(idx, CT_ETOOBIG, "%s: more than the %u MiB a glossary may have", path,
		                   CT_GLOSSARY_MAX_BYTES >> 20);
		goto done;
	}
	if (fmt == CT_GFORMAT_AUTO && (fmt = detect(path, buf, n)) == CT_GFORMAT_AUTO) {
		rc = ct_index_fail(idx, CT_EFORMAT,
		                   "%s: cannot tell the glossary format; name the file .tbx, .tsv, .csv or .gloss", path);
		goto done;
	}
	const char *source = ct_gloss_strdup(&g, path, strlen(path));
	if (!source) {
		rc = oom(idx, path);
		goto done;
	}
	switch (fmt) {
	case CT_GFORMAT_TBX: rc = read_tbx(idx, &g, source, buf, n); break;
	case CT_GFORMAT_TSV: rc = read_table(idx, &g, source, buf, n, 0); break;
	case CT_GFORMAT_CSV: rc = read_table(idx, &g, source, buf, n, 1); break;
	case CT_GFORMAT_GLOSS: rc = ct_gloss_parse(idx, &g, source, buf, n); break;
	default: rc = ct_index_fail(idx, CT_EINVAL, "%s: unknown glossary format %d", path, (int)fmt); break;
	}
	if (rc == CT_OK)
		rc = ct_gloss_finish(idx, &g);
	if (rc != CT_OK)
		goto done;
	if ((rc = ct_gloss_tx_begin(idx, &nested)) != CT_OK)
		goto done;
	rc = ct_gloss_store(idx, &g, CT_GSTORE_REPLACE, stats);
	int end = ct_gloss_tx_end(idx, nested, rc == CT_OK);
	if (rc == CT_OK)
		rc = end;
	if (rc != CT_OK)
		memset(stats, 0, sizeof(*stats));
done:
	free(buf);
	ct_gloss_free(&g);
	return rc;
}

/* ================================================================ export */

/* Reads the index's glossary in export order: concepts by slug, terms by
 * language (kk, ru, sr, en) and preference, quotes as they were added. */
static int load(ct_index *idx, ct_gloss *g)
{
	sqlite3 *db = ct_index_db(idx);
	sqlite3_stmt *sc = NULL, *st = NULL, *sx = NULL;
	int rc = CT_OK, src;
	const char *what = "reading the glossary";

	src = sqlite3_prepare_v2(db, "SELECT id, slug, gloss_en, def, domain, note, source, line FROM concept ORDER BY slug",
	                         -1, &sc, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db,
		                         "SELECT lang, term, pos, type, status, note FROM term WHERE concept = ?1"
		                         " ORDER BY CASE lang WHEN 'kk' THEN 0 WHEN 'ru' THEN 1 WHEN 'sr' THEN 2"
		                         " WHEN 'en' THEN 3 ELSE 4 END, seq, id",
		                         -1, &st, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db, "SELECT lang, doc, line, text FROM ctx WHERE concept = ?1 ORDER BY id", -1, &sx,
		                         NULL);
	while (src == SQLITE_OK && (src = sqlite3_step(sc)) == SQLITE_ROW) {
		const char *f[7];
		for (int k = 0; k < 6; k++) {
			const char *v = (const char *)sqlite3_column_text(sc, k + 1);
			f[k] = v ? ct_gloss_strdup(g, v, strlen(v)) : NULL;
			if (v && !f[k])
				goto nomem;
		}
		ct_gconcept *c = ct_gloss_add_concept(g, f[5], sqlite3_column_int64(sc, 7));
		if (!c)
			goto nomem;
		c->slug = f[0];
		c->gloss_en = f[1];
		c->def = f[2] && *f[2] ? f[2] : NULL;
		c->domain = f[3] && *f[3] ? f[3] : NULL;
		c->note = f[4] && *f[4] ? f[4] : NULL;
		sqlite3_bind_int64(st, 1, sqlite3_column_int64(sc, 0));
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			const char *lang = (const char *)sqlite3_column_text(st, 0);
			ct_lang l = lang ? lang_of_tag(lang, strlen(lang)) : CT_LANG_UND;
			if (l == CT_LANG_UND)
				continue;
			const char *v[5];
			for (int k = 0; k < 5; k++) {
				const char *s = (const char *)sqlite3_column_text(st, k + 1);
				v[k] = s && *s ? ct_gloss_strdup(g, s, strlen(s)) : NULL;
				if (s && *s && !v[k])
					goto nomem;
			}
			if (!v[0])
				continue;
			ct_gterm *t = ct_gloss_add_term(g, c, l, v[0], 0);
			if (!t)
				goto nomem;
			t->pos = v[1];
			t->type = v[2] ? v[2] : "full";
			t->status = v[3] ? v[3] : "preferred";
			t->note = v[4];
		}
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			break;
		/* a concept written by other means may have its gloss only */
		int have_en = 0;
		for (size_t i = 0; i < c->nterms; i++)
			have_en |= c->terms[i].lang == CT_LANG_EN;
		if (!have_en && c->gloss_en && *c->gloss_en) {
			ct_gterm *t = ct_gloss_add_term(g, c, CT_LANG_EN, c->gloss_en, 0);
			if (!t)
				goto nomem;
			t->type = "full";
			t->status = "preferred";
		}
		sqlite3_bind_int64(sx, 1, sqlite3_column_int64(sc, 0));
		while ((src = sqlite3_step(sx)) == SQLITE_ROW) {
			const char *lang = (const char *)sqlite3_column_text(sx, 0);
			const char *doc = (const char *)sqlite3_column_text(sx, 1);
			const char *text = (const char *)sqlite3_column_text(sx, 3);
			ct_lang l = lang ? lang_of_tag(lang, strlen(lang)) : CT_LANG_UND;
			if (l == CT_LANG_UND || !text || !*text)
				continue;
			ct_gctx *x = ct_gloss_add_ctx(g, c, l, 0);
			if (!x || !(x->text = ct_gloss_strdup(g, text, strlen(text))) ||
			    (doc && *doc && !(x->doc = ct_gloss_strdup(g, doc, strlen(doc)))))
				goto nomem;
			x->doc_line = sqlite3_column_int64(sx, 2);
		}
		sqlite3_reset(sx);
		if (src != SQLITE_DONE)
			break;
		src = SQLITE_OK;
	}
	if (src != SQLITE_DONE && src != SQLITE_OK)
		rc = ct_index_dberr(idx, src, what);
	goto done;
nomem:
	rc = ct_index_fail(idx, CT_ENOMEM, "out of memory %s", what);
done:
	sqlite3_finalize(sc);
	sqlite3_finalize(st);
	sqlite3_finalize(sx);
	return rc;
}

/* ---------------------------------------------------------------- TBX out */

static void xml_escape(ct_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': ct_buf_puts(b, "&amp;"); break;
		case '<': ct_buf_puts(b, "&lt;"); break;
		case '>': ct_buf_puts(b, "&gt;"); break;
		case '"': ct_buf_puts(b, "&quot;"); break;
		default: ct_buf_put(b, s, 1); break;
		}
	}
}

/* <tag attrs>text</tag> on a line of its own. */
static void xml_el(ct_buf *b, int depth, const char *open, const char *close, const char *text)
{
	for (int i = 0; i < depth; i++)
		ct_buf_puts(b, "  ");
	ct_buf_puts(b, open);
	xml_escape(b, text);
	ct_buf_puts(b, close);
	ct_buf_puts(b, "\n");
}

/* One <note> per line of a '\n'-separated note list. */
static void xml_notes(ct_buf *b, int depth, const char *notes)
{
	while (notes && *notes) {
		const char *nl = strchr(notes, '\n');
		size_t n = nl ? (size_t)(nl - notes) : strlen(notes);
		for (int i = 0; i < depth; i++)
			ct_buf_puts(b, "  ");
		ct_buf_puts(b, "<note>");
		char *one = ct_strndup(notes, n);
		if (one)
			xml_escape(b, one);
		else
			b->oom = 1;
		free(one);
		ct_buf_puts(b, "</note>\n");
		notes = nl ? nl + 1 : NULL;
	}
}

/* cyrterm's part-of-speech names -> the TBX-Basic picklist (noun, verb,
 * adjective, adverb, other); a proper noun is a noun there. */
static const char *tbx_pos(const char *pos)
{
	static const struct {
		const char *ct, *tbx;
	} map[] = {{"noun", "noun"}, {"verb", "verb"}, {"adj", "adjective"}, {"adv", "adverb"}, {"propn", "noun"},
	           {"adjective", "adjective"}, {"adverb", "adverb"}};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(pos, map[i].ct) == 0)
			return map[i].tbx;
	return "other";
}

static const char *tbx_type(const char *type)
{
	return strcmp(type, "abbrev") == 0 ? "abbreviation" : strcmp(type, "variant") == 0 ? "variant" : "fullForm";
}

static const char *tbx_status(const char *status)
{
	return strcmp(status, "admitted") == 0     ? "admittedTerm-admn-sts"
	       : strcmp(status, "deprecated") == 0 ? "deprecatedTerm-admn-sts"
	                                           : "preferredTerm-admn-sts";
}

static void tbx_concept(ct_buf *b, const ct_gconcept *c)
{
	ct_buf_puts(b, "      <conceptEntry id=\"");
	xml_escape(b, c->slug);
	ct_buf_puts(b, "\">\n");
	if (c->domain)
		xml_el(b, 4, "<descrip type=\"subjectField\">", "</descrip>", c->domain);
	if (c->def)
		xml_el(b, 4, "<descrip type=\"definition\">", "</descrip>", c->def);
	xml_notes(b, 4, c->note);
	for (int j = 0; j < 4; j++) {
		int first = 1;
		for (size_t i = 0; i < c->nterms; i++) {
			const ct_gterm *t = &c->terms[i];
			if (t->lang != glangs[j])
				continue;
			if (first)
				ct_buf_printf(b, "        <langSec xml:lang=\"%s\">\n", ct_lang_code(glangs[j]));
			ct_buf_puts(b, "          <termSec>\n");
			xml_el(b, 6, "<term>", "</term>", t->term);
			if (t->pos)
				xml_el(b, 6, "<termNote type=\"partOfSpeech\">", "</termNote>", tbx_pos(t->pos));
			xml_el(b, 6, "<termNote type=\"termType\">", "</termNote>", tbx_type(t->type));
			xml_el(b, 6, "<termNote type=\"administrativeStatus\">", "</termNote>", tbx_status(t->status));
			/* TBX-Basic puts contexts on a term: the quotes of a
			 * language go with its preferred term */
			for (size_t k = 0; first && k < c->nctxs; k++) {
				const ct_gctx *x = &c->ctxs[k];
				if (x->lang != glangs[j])
					continue;
				ct_buf_puts(b, "            <descripGrp>\n");
				xml_el(b, 7, "<descrip type=\"context\">", "</descrip>", x->text);
				if (x->doc) {
					ct_buf src = {0};
					if (x->doc_line > 0)
						ct_buf_printf(&src, "%s:%ld", x->doc, x->doc_line);
					else
						ct_buf_puts(&src, x->doc);
					if (src.oom)
						b->oom = 1;
					else
						xml_el(b, 7, "<admin type=\"source\">", "</admin>", src.p);
					ct_buf_free(&src);
				}
				ct_buf_puts(b, "            </descripGrp>\n");
			}
			xml_notes(b, 6, t->note);
			ct_buf_puts(b, "          </termSec>\n");
			first = 0;
		}
		if (!first)
			ct_buf_puts(b, "        </langSec>\n");
	}
	ct_buf_puts(b, "      </conceptEntry>\n");
}

/* -------------------------------------------------------------- TSV/CSV out */

/* An item of a multi-valued cell: ';' and '\' escaped. */
static void put_item(ct_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == ';' || *s == '\\')
			ct_buf_put(b, "\\", 1);
		ct_buf_put(b, s, 1);
	}
}

/* A cell in the file: TSV escapes \t \n \r \\; CSV quotes a field that
 * holds the delimiter, a quote or a line break, doubling its quotes. */
static void put_cell(ct_buf *b, const char *s, size_t n, int csv)
{
	if (csv) {
		int quote = 0;
		for (size_t i = 0; i < n && !quote; i++)
			quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
		if (!quote) {
			ct_buf_put(b, s, n);
			return;
		}
		ct_buf_put(b, "\"", 1);
		for (size_t i = 0; i < n; i++)
			ct_buf_put(b, s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
		ct_buf_put(b, "\"", 1);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': ct_buf_puts(b, "\\t"); break;
		case '\n': ct_buf_puts(b, "\\n"); break;
		case '\r': ct_buf_puts(b, "\\r"); break;
		case '\\': ct_buf_puts(b, "\\\\"); break;
		default: ct_buf_put(b, s + i, 1); break;
		}
	}
}

enum { F_TERM, F_POS, F_TYPE, F_STATUS, F_NOTE };

/* The cell of one field of the terms of a language: "a; b; c", or empty
 * when no term has a value. */
static void lang_cell(ct_buf *cell, const ct_gconcept *c, ct_lang lang, int field)
{
	int any = 0, n = 0;
	cell->n = 0;
	ct_buf_put(cell, "", 0);
	for (size_t i = 0; i < c->nterms; i++) {
		const ct_gterm *t = &c->terms[i];
		if (t->lang != lang)
			continue;
		const char *v = field == F_TERM ? t->term : field == F_POS ? t->pos : field == F_TYPE ? t->type
		                : field == F_STATUS ? t->status : t->note;
		if (n++)
			ct_buf_puts(cell, "; ");
		any |= v && *v;
		put_item(cell, v);
	}
	if (!any)
		cell->n = 0;
}

static void table_header(ct_buf *b, int csv)
{
	static const char *const fields[4] = {"pos", "type", "status", "note"};
	char sep = csv ? ',' : '\t';
	ct_buf_puts(b, "id");
	for (int j = 0; j < 4; j++)
		ct_buf_printf(b, "%c%s", sep, ct_lang_code(glangs[j]));
	ct_buf_printf(b, "%cdefinition%cdomain%cnote", sep, sep, sep);
	for (int j = 0; j < 4; j++)
		for (int k = 0; k < 4; k++)
			ct_buf_printf(b, "%c%s_%s", sep, ct_lang_code(glangs[j]), fields[k]);
	ct_buf_puts(b, csv ? "\r\n" : "\n");
}

static void table_row_out(ct_buf *b, ct_buf *cell, const ct_gconcept *c, int csv)
{
	char sep = csv ? ',' : '\t';
	put_cell(b, c->slug, strlen(c->slug), csv);
	for (int j = 0; j < 4; j++) {
		ct_buf_put(b, &sep, 1);
		lang_cell(cell, c, glangs[j], F_TERM);
		put_cell(b, cell->p, cell->n, csv);
	}
	const char *plain[3] = {c->def, c->domain, c->note};
	for (int k = 0; k < 3; k++) {
		ct_buf_put(b, &sep, 1);
		put_cell(b, plain[k] ? plain[k] : "", plain[k] ? strlen(plain[k]) : 0, csv);
	}
	for (int j = 0; j < 4; j++)
		for (int f = F_POS; f <= F_NOTE; f++) {
			ct_buf_put(b, &sep, 1);
			lang_cell(cell, c, glangs[j], f);
			put_cell(b, cell->p, cell->n, csv);
		}
	ct_buf_puts(b, csv ? "\r\n" : "\n");
}

/* ------------------------------------------------------------- .gloss out */

/*
 * The bundled format, so that terms from another tool can be moved into
 * dict/.  It holds less than TBX: one English gloss (further English terms
 * are dropped), one note per term (several are joined with "; "), quotes
 * only with a corpus FILE:LINE, ids of a-z 0-9 _ only.  What it cannot hold
 * at all -- a ';' inside a term, a concept without English -- is refused
 * with the concept named, rather than written into a file that would not
 * read back.
 */

/* A .gloss id: a-z 0-9 _, from any slug ("Tech-Transfer" -> "tech_transfer"). */
static void gloss_id(ct_buf *b, const char *slug)
{
	b->n = 0;
	ct_buf_put(b, "", 0);
	for (const char *p = slug; *p; p++) {
		char ch = *p;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
			ch = '_';
		ct_buf_put(b, &ch, 1);
	}
	if (b->n == 0)
		ct_buf_puts(b, "concept");
}

static int gloss_concepts(ct_index *idx, const ct_gloss *g, ct_buf *out)
{
	ct_buf id = {0}, other = {0};
	int rc = CT_OK;
	for (size_t i = 0; i < g->nconcepts && rc == CT_OK; i++) {
		const ct_gconcept *c = &g->concepts[i];
		gloss_id(&id, c->slug);
		if (strcmp(id.p, c->slug) != 0) {
			/* a renamed id must not meet another concept's */
			size_t base = id.n;
			for (unsigned k = 2;; k++) {
				int taken = 0;
				for (size_t j = 0; j < g->nconcepts && !taken; j++) {
					gloss_id(&other, g->concepts[j].slug);
					taken = j != i && strcmp(other.p, id.p) == 0;
				}
				if (!taken)
					break;
				id.n = base;
				ct_buf_printf(&id, "_%u", k);
			}
		}
		const char *en = c->gloss_en;
		for (size_t k = 0; k < c->nterms && !en; k++)
			if (c->terms[k].lang == CT_LANG_EN)
				en = c->terms[k].term;
		if (!en) {
			rc = ct_index_fail(idx, CT_EINVAL,
			                   "concept '%s' has no English term, which the .gloss format requires; export as tbx",
			                   c->slug);
			break;
		}
		ct_buf_printf(out, "\n[%s]\nen = %s\n", id.p, en);
		if (c->def)
			ct_buf_printf(out, "def = %s\n", c->def);
		if (c->domain)
			ct_buf_printf(out, "domain = %s\n", c->domain);
		for (size_t k = 0; k < c->nterms && rc == CT_OK; k++) {
			const ct_gterm *t = &c->terms[k];
			if (t->lang == CT_LANG_EN)
				continue;
			if (strchr(t->term, ';')) {
				rc = ct_index_fail(idx, CT_EINVAL,
				                   "concept '%s': %s term '%s' contains ';', which the .gloss format cannot hold; "
				                   "export as tbx", c->slug, ct_lang_code(t->lang), t->term);
				break;
			}
			ct_buf_printf(out, "%s = %s ; pos=%s ; type=%s ; status=%s", ct_lang_code(t->lang), t->term,
			              t->pos ? t->pos : "noun", t->type, t->status);
			if (t->note) {
				ct_buf_puts(out, " ; note=");
				for (const char *p = t->note; *p; p++) {
					if (*p == '\n')
						ct_buf_puts(out, "; ");
					else
						ct_buf_put(out, p, 1);
				}
			}
			ct_buf_puts(out, "\n");
		}
		for (size_t k = 0; k < c->nctxs && rc == CT_OK; k++) {
			const ct_gctx *x = &c->ctxs[k];
			if (x->lang != CT_LANG_EN && x->doc && x->doc_line > 0 && !strchr(x->doc, '|'))
				ct_buf_printf(out, "ctx.%s = %s:%ld | %s\n", ct_lang_code(x->lang), x->doc, x->doc_line, x->text);
		}
		for (const char *p = c->note; p && *p && rc == CT_OK;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			ct_buf_puts(out, "note = ");
			ct_buf_put(out, p, n);
			ct_buf_puts(out, "\n");
			p = nl ? nl + 1 : NULL;
		}
	}
	if (rc == CT_OK && (id.oom || other.oom))
		rc = ct_index_fail(idx, CT_ENOMEM, "out of memory writing the glossary");
	ct_buf_free(&id);
	ct_buf_free(&other);
	return rc;
}

/* Writes and empties b. */
static int flush(ct_index *idx, ct_buf *b, FILE *f)
{
	if (b->oom)
		return ct_index_fail(idx, CT_ENOMEM, "out of memory writing the glossary");
	if (b->n && fwrite(b->p, 1, b->n, f) != b->n)
		return ct_index_fail(idx, CT_EIO, "cannot write the glossary: %s", strerror(errno));
	b->n = 0;
	return CT_OK;
}

int ct_glossary_export(ct_index *idx, ct_gformat fmt, FILE *f)
{
	ct_gloss g = {0};
	ct_buf b = {0}, cell = {0};
	int rc;

	if (fmt != CT_GFORMAT_TBX && fmt != CT_GFORMAT_TSV && fmt != CT_GFORMAT_CSV && fmt != CT_GFORMAT_GLOSS)
		return ct_index_fail(idx, CT_EINVAL, "glossaries are exported as tbx, tsv, csv or gloss");
	if ((rc = load(idx, &g)) != CT_OK)
		goto done;
	if (fmt == CT_GFORMAT_GLOSS) {
		/* nothing is written unless all of it can be */
		ct_buf_puts(&b, "# cyrterm glossary (.gloss format, see dict/README.md)\n");
		if ((rc = gloss_concepts(idx, &g, &b)) == CT_OK)
			rc = flush(idx, &b, f);
		goto written;
	}
	if (fmt == CT_GFORMAT_TBX)
		ct_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		                "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
		                "  <tbxHeader>\n"
		                "    <fileDesc>\n"
		                "      <sourceDesc>\n"
		                "        <p>cyrterm glossary: Kazakh, Russian, Serbian, English</p>\n"
		                "      </sourceDesc>\n"
		                "    </fileDesc>\n"
		                "  </tbxHeader>\n"
		                "  <text>\n"
		                "    <body>\n");
	else
		table_header(&b, fmt == CT_GFORMAT_CSV);
	for (size_t i = 0; i < g.nconcepts && rc == CT_OK; i++) {
		if (fmt == CT_GFORMAT_TBX)
			tbx_concept(&b, &g.concepts[i]);
		else
			table_row_out(&b, &cell, &g.concepts[i], fmt == CT_GFORMAT_CSV);
		if (b.n > 65536 || cell.oom)
			rc = cell.oom ? ct_index_fail(idx, CT_ENOMEM, "out of memory writing the glossary") : flush(idx, &b, f);
	}
	if (rc == CT_OK && fmt == CT_GFORMAT_TBX)
		ct_buf_puts(&b, "    </body>\n  </text>\n</tbx>\n");
	if (rc == CT_OK)
		rc = flush(idx, &b, f);
written:
	if (rc == CT_OK && (fflush(f) != 0 || ferror(f)))
		rc = ct_index_fail(idx, CT_EIO, "cannot write the glossary: %s", strerror(errno));
done:
	ct_buf_free(&b);
	ct_buf_free(&cell);
	ct_gloss_free(&g);
	return rc;
}
