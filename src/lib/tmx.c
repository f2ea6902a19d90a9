/*
 * tmx.c -- translation memories (TMX 1.4b) as documents of the index.
 *
 * Each <tuv> of a <tu> becomes a passage of its language; the passages of
 * one unit are aligned to each other (table palign), so that a hit in one
 * returns the others as its translations.  Parsed with the same hardened
 * libxml2 set-up as glossaries (xml.c): no network, no entities, no DTD,
 * a size limit.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "internal.h"


typedef struct tmx_ctx {
	ct_index *idx;
	sqlite3_stmt *ins_pass, *ins_fts, *ins_align;
	sqlite3_int64 doc;
	size_t npassages;
	long units;
} tmx_ctx;

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text of a <seg>, with inline markup's text kept (<hi>, <sub>) and
 * native codes dropped (<bpt>, <ept>, <ph>, <it> hold tags, not words). */
static void seg_text(xmlNodePtr n, ct_buf *b)
{
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			ct_buf_puts(b, (const char *)k->content);
		} else if (k->type == XML_ELEMENT_NODE && !is_el(k, "bpt") && !is_el(k, "ept") && !is_el(k, "ph") &&
		           !is_el(k, "it")) {
			seg_text(k, b);
		}
	}
}

static ct_lang tuv_lang(xmlNodePtr tuv)
{
	xmlChar *l = xmlGetNsProp(tuv, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	if (!l)
		l = xmlGetProp(tuv, (const xmlChar *)"lang"); /* TMX 1.1 */
	ct_lang lang = CT_LANG_UND;
	if (l) {
		/* "kk", "kk-KZ", "sr-Latn-RS", "ru_RU" */
		size_t n = 0;
		while (l[n] && l[n] != '-' && l[n] != '_')
			n++;
		lang = ct_lang_from_code((const char *)l, n);
		xmlFree(l);
	}
	return lang;
}

/* Collapses whitespace runs (a TMX segment is one line of text). */
static size_t squeeze(char *s, size_t n)
{
	size_t o = 0;
	int sp = 1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!sp)
				s[o++] = ' ';
			sp = 1;
		} else {
			s[o++] = c;
			sp = 0;
		}
	}
	while (o > 0 && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	return o;
}

static int add_unit(tmx_ctx *t, xmlNodePtr tu)
{
	sqlite3_int64 ids[16];
	size_t nids = 0;
	int rc = CT_OK;
	t->units++;
	for (xmlNodePtr v = tu->children; v; v = v->next) {
		if (!is_el(v, "tuv"))
			continue;
		ct_lang lang = tuv_lang(v);
		for (xmlNodePtr s = v->children; s; s = s->next) {
			if (!is_el(s, "seg"))
				continue;
			ct_buf b = {0};
			seg_text(s, &b);
			if (b.oom)
				return CT_ENOMEM;
			size_t n = b.p ? squeeze(b.p, b.n) : 0;
			if (n > 0) {
				if (lang == CT_LANG_UND)
					lang = ct_detect_lang(b.p, n);
				long line = xmlGetLineNo(s);
				sqlite3_stmt *st = t->ins_pass;
				sqlite3_reset(st);
				sqlite3_bind_int64(st, 1, t->doc);
				sqlite3_bind_int64(st, 2, line > 0 ? line : 0);
				sqlite3_bind_text(st, 3, ct_lang_code(lang), -1, SQLITE_STATIC);
				sqlite3_bind_int64(st, 4, ct_passage_hash(b.p, n));
				sqlite3_bind_text(st, 5, b.p, (int)n, SQLITE_STATIC);
				sqlite3_bind_int64(st, 6, t->units);
				int src = sqlite3_step(st);
				if (src != SQLITE_DONE) {
					ct_buf_free(&b);
					return ct_index_dberr(t->idx, src, "writing a translation unit");
				}
				sqlite3_int64 id = sqlite3_last_insert_rowid(ct_index_db(t->idx));
				sqlite3_reset(t->ins_fts);
				sqlite3_bind_int64(t->ins_fts, 1, id);
				sqlite3_bind_text(t->ins_fts, 2, b.p, (int)n, SQLITE_STATIC);
				src = sqlite3_step(t->ins_fts);
				if (src != SQLITE_DONE) {
					ct_buf_free(&b);
					return ct_index_dberr(t->idx, src, "indexing a translation unit");
				}
				if (nids < sizeof(ids) / sizeof(ids[0]))
					ids[nids++] = id;
				t->npassages++;
			}
			ct_buf_free(&b);
		}
	}
	/* every variant of a unit is the translation of every other */
	for (size_t i = 0; i < nids && rc == CT_OK; i++)
		for (size_t j = i + 1; j < nids && rc == CT_OK; j++) {
			sqlite3_reset(t->ins_align);
			sqlite3_bind_int64(t->ins_align, 1, ids[i]);
			sqlite3_bind_int64(t->ins_align, 2, ids[j]);
			sqlite3_bind_double(t->ins_align, 3, 1.0);
			int src = sqlite3_step(t->ins_align);
			if (src != SQLITE_DONE)
				rc = ct_index_dberr(t->idx, src, "aligning a translation unit");
		}
	return rc;
}

static int walk(tmx_ctx *t, xmlNodePtr n)
{
	int rc = CT_OK;
	for (xmlNodePtr k = n; k && rc == CT_OK; k = k->next) {
		if (is_el(k, "tu"))
			rc = add_unit(t, k);
		else if (k->type == XML_ELEMENT_NODE)
			rc = walk(t, k->children);
	}
	return rc;
}

int ct_tmx_index_file(ct_index *idx, const char *path, const char *stored, const char *buf, size_t n,
                      sqlite3_int64 old_id, sqlite3_int64 *out_id, ct_notice_fn notice, void *notice_ctx,
                      size_t *npassages)
{
	xmlDocPtr doc = NULL;
	tmx_ctx t;
	sqlite3 *db = ct_index_db(idx);
	int rc, src;
	sqlite3_stmt *st = NULL;

	memset(&t, 0, sizeof(t));
	t.idx = idx;
	if (n > CT_TMX_MAX_BYTES) {
		rc = ct_index_fail(idx, CT_ETOOBIG, "%s: TMX file larger than %u MB, refused", path, CT_TMX_MAX_BYTES >> 20);
		goto notice;
	}
	rc = ct_xml_parse(idx, path, "a TMX file", buf, n, &doc);
	if (rc != CT_OK)
		goto notice;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!is_el(root, "tmx")) {
		rc = ct_index_fail(idx, CT_EFORMAT, "%s: not a TMX file (the root element is not <tmx>)", path);
		goto notice;
	}
	if (old_id) {
		src = sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS tmx_old(id INTEGER PRIMARY KEY); DELETE FROM tmx_old;",
		                   NULL, NULL, NULL);
		if (src == SQLITE_OK)
			src = sqlite3_prepare_v2(db, "INSERT INTO temp.tmx_old SELECT id FROM passage WHERE doc = ?1", -1, &st, NULL);
		if (src == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, old_id);
			src = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
		}
		sqlite3_finalize(st);
		st = NULL;
		if (src == SQLITE_OK)
			src = sqlite3_exec(db,
			                   "DELETE FROM palign WHERE a IN (SELECT id FROM temp.tmx_old) OR b IN (SELECT id FROM temp.tmx_old);"
			                   "INSERT INTO fts(fts, rowid, text) SELECT 'delete', id, text FROM passage WHERE id IN (SELECT id FROM temp.tmx_old);"
			                   "DELETE FROM passage WHERE id IN (SELECT id FROM temp.tmx_old);",
			                   NULL, NULL, NULL);
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "replacing a TMX file");
			goto done;
		}
		t.doc = old_id;
	} else {
		src = sqlite3_prepare_v2(db, "INSERT INTO doc(path, hash, lang, title, kind) VALUES(?1, '', 'und', ?2, 'tmx')",
		                         -1, &st, NULL);
		if (src == SQLITE_OK) {
			const char *slash = strrchr(stored, '/');
			sqlite3_bind_text(st, 1, stored, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, slash ? slash + 1 : stored, -1, SQLITE_STATIC);
			src = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
		}
		sqlite3_finalize(st);
		st = NULL;
		if (src != SQLITE_OK) {
			rc = ct_index_dberr(idx, src, "adding a TMX file");
			goto done;
		}
		t.doc = sqlite3_last_insert_rowid(db);
	}
	if ((src = sqlite3_prepare_v2(db, "INSERT INTO passage(doc, line, start, end, lang, kind, hash, text, seg) "
	                                  "VALUES(?1, ?2, 0, 0, ?3, 0, ?4, ?5, ?6)", -1, &t.ins_pass, NULL)) != SQLITE_OK ||
	    (src = sqlite3_prepare_v2(db, "INSERT INTO fts(rowid, text) VALUES(?1, ?2)", -1, &t.ins_fts, NULL)) != SQLITE_OK ||
	    (src = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO palign(a, b, score) VALUES(?1, ?2, ?3)", -1, &t.ins_align,
	                              NULL)) != SQLITE_OK) {
		rc = ct_index_dberr(idx, src, "indexing a TMX file");
		goto done;
	}
	rc = walk(&t, root);
	if (rc == CT_OK && t.units == 0 && notice) {
		ct_buf m = {0};
		ct_buf_printf(&m, "%s: TMX file has no translation units", path);
		notice(notice_ctx, CT_NOTICE_WARNING, m.p ? m.p : path);
		ct_buf_free(&m);
	}
	if (rc == CT_OK) {
		*out_id = t.doc;
		if (npassages)
			*npassages += t.npassages;
	}
	goto done;
notice:
	if (notice && (rc == CT_EFORMAT || rc == CT_ESYNTAX || rc == CT_ETOOBIG || rc == CT_EUTF8))
		notice(notice_ctx, CT_NOTICE_ERROR, ct_index_errmsg(idx));
	if (rc == CT_ETOOBIG || rc == CT_EUTF8)
		rc = CT_EFORMAT;
done:
	sqlite3_finalize(t.ins_pass);
	sqlite3_finalize(t.ins_fts);
	sqlite3_finalize(t.ins_align);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}
