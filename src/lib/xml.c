/*
 * xml.c -- the one way cyrterm parses XML (TBX glossaries, TMX memories).
 *
 * These files come from outside, so libxml2 is driven defensively: no
 * network, no DTD loading, no entity substitution, libxml2's own size
 * limits kept, and any entity declaration stops the parser at once (a
 * "billion laughs" file is refused before its first expansion, an XXE file
 * before it reads anything).  Callers check the file size before parsing.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "internal.h"

typedef struct xml_guard {
	int entity;       /* an entity was declared or an external one resolved */
	long entity_line;
	int have_error;
	long error_line;
	int error_code;
	char *error_msg;  /* malloc'd */
} xml_guard;

/* Keeps the first error of the parse for the message, and prints
 * nothing: a library does not write to stderr. */
static void xml_on_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	xml_guard *gd = ctxt ? ctxt->_private : NULL;
	if (!gd || !e || e->level < XML_ERR_ERROR || gd->have_error)
		return;
	gd->have_error = 1;
	gd->error_line = e->line;
	gd->error_code = e->code;
	if (e->message) {
		size_t n = strlen(e->message);
		while (n > 0 && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
			n--;
		gd->error_msg = ct_strndup(e->message, n);
		/* libxml2 spreads some messages over lines («...encoding !\nBytes:
		 * 0xD0 0x01»); ours are one line */
		for (char *p = gd->error_msg; p && *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
}

static void xml_silent(void *ctx, const char *msg, ...)
{
	CT_UNUSED(ctx);
	CT_UNUSED(msg);
}

/* Any entity declaration ends the parse before the entity can be used:
 * internal ones are how "billion laughs" files explode, external ones how
 * XXE files read /etc/passwd, and a glossary needs neither. */
static void xml_on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                               const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	xml_guard *gd = ctxt->_private;
	CT_UNUSED(name);
	CT_UNUSED(type);
	CT_UNUSED(public_id);
	CT_UNUSED(system_id);
	CT_UNUSED(content);
	if (!gd->entity) {
		gd->entity = 1;
		gd->entity_line = ctxt->input ? ctxt->input->line : 0;
	}
	xmlStopParser(ctxt);
}

static xmlParserInputPtr xml_on_resolve(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	xml_guard *gd = ctxt->_private;
	CT_UNUSED(public_id);
	CT_UNUSED(system_id);
	if (!gd->entity) {
		gd->entity = 1;
		gd->entity_line = ctxt->input ? ctxt->input->line : 0;
	}
	xmlStopParser(ctxt);
	return NULL;
}

/* Parses buf into a tree, or says in idx why not (see internal.h). */
int ct_xml_parse(ct_index *idx, const char *source, const char *what, const char *buf, size_t n, xmlDocPtr *out)
{
	xml_guard gd;
	xmlParserCtxtPtr ctxt = NULL;
	int rc = CT_OK;
	/* libxml2's error hooks are per thread: set ours for this parse and
	 * put the caller's back afterwards */
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;

	*out = NULL;
	memset(&gd, 0, sizeof(gd));
	if (n == 0)
		return ct_index_fail(idx, CT_ESYNTAX, "%s: empty file, not %s", source, what);
	if (n > INT_MAX)
		return ct_index_fail(idx, CT_ETOOBIG, "%s: file too large for %s", source, what);
	xmlInitParser();
	ctxt = xmlCreateMemoryParserCtxt(buf, (int)n);
	if (!ctxt)
		return ct_index_fail(idx, CT_ENOMEM, "out of memory reading %s", source);
	ctxt->_private = &gd;
	ctxt->sax->serror = xml_on_error;
	ctxt->sax->entityDecl = xml_on_entity_decl;
	ctxt->sax->resolveEntity = xml_on_resolve;
	/* deliberately absent: XML_PARSE_NOENT (substitute entities),
	 * XML_PARSE_DTDLOAD / DTDATTR / DTDVALID (fetch the DTD),
	 * XML_PARSE_HUGE (lift the parser's size limits) */
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	xmlSetGenericErrorFunc(NULL, xml_silent);
	xmlSetStructuredErrorFunc(ctxt, xml_on_error);
	xmlParseDocument(ctxt);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);

	if (gd.entity) {
		rc = ct_index_fail(idx, CT_EFORMAT, "%s:%ld: external entities / entity declarations are not allowed in %s",
		                   source, gd.entity_line, what);
	} else if (!ctxt->wellFormed || !ctxt->myDoc) {
		int st = gd.error_code == XML_ERR_INVALID_ENCODING || gd.error_code == XML_ERR_INVALID_CHAR
		         ? CT_EUTF8 : CT_ESYNTAX;
		if (gd.error_code == XML_ERR_UNSUPPORTED_ENCODING)
			st = CT_EFORMAT;
		rc = ct_index_fail(idx, st, "%s:%ld: XML error: %s", source, gd.have_error ? gd.error_line : 0L,
		                   gd.error_msg ? gd.error_msg : "not well-formed");
	} else {
		*out = ctxt->myDoc;
		ctxt->myDoc = NULL;
	}
	if (ctxt->myDoc)
		xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	free(gd.error_msg);
	return rc;
}

