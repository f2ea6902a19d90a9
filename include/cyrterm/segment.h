/*
 * cyrterm/segment.h -- cutting a document into passages a reader can use.
 *
 * Sentences come from ICU's sentence break iterator, with two repairs real
 * text needs: sentences glued without a space («Үдерістік.Жаңа өнімді») are
 * cut, and table-of-contents lines with dot leaders are marked so that search
 * keeps them out of the way.  A passage is a few sentences of one line
 * (paragraph), never more than CT_PASSAGE_MAX bytes.
 */
#ifndef CYRTERM_SEGMENT_H
#define CYRTERM_SEGMENT_H

#include <stddef.h>
#include "cyrterm/stem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A passage closes after this many sentences or bytes ... */
#define CT_PASSAGE_SENTENCES 2
#define CT_PASSAGE_TARGET 600
/* ... and is never longer than this (a longer sentence is cut at a space). */
#define CT_PASSAGE_MAX 2000

typedef enum ct_passage_kind {
	CT_PASSAGE_TEXT = 0,
	CT_PASSAGE_TOC = 1 /* table of contents, dot leaders */
} ct_passage_kind;

typedef struct ct_passage {
	size_t start, end; /* byte range in the document, whitespace trimmed */
	long line;         /* 1-based line of `start` */
	ct_lang lang;      /* from the passage's letters, else the document's */
	ct_lang detected;  /* from the passage's letters only (CT_LANG_UND when they do not tell) */
	ct_passage_kind kind;
} ct_passage;

/*
 * Receives each passage in document order; a non-zero return stops the
 * segmentation and is returned by ct_segment().
 */
typedef int (*ct_passage_fn)(void *ctx, const ct_passage *p);

/*
 * Segments text[0..n) (valid UTF-8).  doc_lang is used for passages whose
 * letters do not tell their language.  Returns CT_OK, CT_ENOMEM, CT_EINVAL
 * (ICU failure) or fn's non-zero return.
 */
int ct_segment(const char *text, size_t n, ct_lang doc_lang, ct_passage_fn fn, void *ctx);

/* The same with at most max_sentences sentences a passage (1: one
 * passage per sentence, as parallel documents are cut). */
int ct_segment_n(const char *text, size_t n, ct_lang doc_lang, int max_sentences, ct_passage_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
