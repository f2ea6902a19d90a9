/*
 * internal.h -- what the library's files offer one another.  Nothing here is
 * public; the public API is include/cyrterm/.
 */
#ifndef CT_INTERNAL_H
#define CT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "cyrterm/error.h"
#include "cyrterm/normalize.h"
#include "cyrterm/stem.h"
#include "cyrterm/tokenize.h"
#include "cyrterm/index.h"
#include "cyrterm/query.h"
#include "cyrterm/search.h"
#include "cyrterm/segment.h"

#define CT_UNUSED(x) ((void)(x))

/* A growable byte buffer (util.c). */
typedef struct ct_buf {
	char *p;
	size_t n, cap;
	int oom;
} ct_buf;

/** Interface to code in normalize.c */
int ct_is_cyrillic(int32_t cp);
int ct_is_latin(int32_t cp);
int ct_is_kazakh_letter(int32_t cp);
int32_t ct_fold_kazakh_cp(int32_t cp);
/* Normalises a word into code points; returns how many (<= CT_MAX_WORD). */
size_t ct_normalize_cp(const char *s, size_t n, int32_t *out, size_t cap);
/* UTF-8 encodes code points; returns bytes needed, NUL-terminates. */
size_t ct_encode_cp(const int32_t *cp, size_t ncp, char *out, size_t cap);

/** Interface to code in tokenize.c */
/* Is cp part of a word (letters, marks, digits, and the invisible
 * characters that sit inside words: soft hyphen, zero-width joiners)? */
int ct_is_word_cp(int32_t cp);

/** Interface to code in fts5tok.c */
/* Registers the "cyrterm" FTS5 tokenizer and the ct_offsets(), ct_rank()
 * and ct_rank_tf() auxiliary functions on db. */
int ct_fts5_register(sqlite3 *db);
/* ct_rank()'s idf of a phrase and its score of a row (see fts5tok.c). */
double ct_rank_idf(sqlite3_int64 rows, sqlite3_int64 hits);
double ct_rank_score(const double *idf, const int *tf, int nphrase, int pairs);
/* The next document text equal to text[0..n) that this thread's tokenizer
 * sees is given the forms already made for it (prepare.c's serialised
 * stream) instead of being analysed again.  NULL clears. */
void ct_fts5_replay(const char *text, size_t n, const char *forms, size_t nforms);
/* A query token that starts with this byte is that form, verbatim (a stem
 * form, which starts with CT_STEM_MARK, is verbatim already). */
#define CT_VERBATIM_MARK '\x01'
#define CT_VERBATIM_STR "\x01"
/* The FTS5 string s[0..n) ("кызмет", "=кызмет", "иннов"*), when it is one
 * word with several forms, as the OR of its forms, each verbatim, appended
 * to out: the same passages, read faster, without the words' positions.
 * Returns the number of forms appended (2 or more), 0 when s is not such
 * a word, CT_ENOMEM. */
int ct_fts5_spell(ct_analyzer *an, const char *s, size_t n, ct_buf *out);

/** Interface to code in formstream.c */
/* Writes the forms of one passage (text[0..n)) as ct_analyze() gives them. */
typedef struct ct_forms_out {
	ct_buf *buf;
	const char *text;
	size_t n, start, end;
} ct_forms_out;
void ct_forms_out_begin(ct_forms_out *w, ct_buf *buf, const char *text, size_t n);
int ct_forms_put(ct_forms_out *w, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                 size_t start, size_t end);
/* Reads them back: the arguments ct_forms_put() was given. */
typedef struct ct_form_rec {
	int first;
	ct_form_kind kind;
	ct_lang lang;
	const char *form; /* into the stream or into the passage's text */
	size_t n, start, end;
} ct_form_rec;
typedef struct ct_forms_in {
	const unsigned char *p, *end;
	const char *text;
	size_t n, start, stop;
} ct_forms_in;
void ct_forms_in_begin(ct_forms_in *r, const char *stream, size_t nstream, const char *text, size_t n);
/* 1 with *f filled, 0 at the end, -1 when the stream is damaged. */
int ct_forms_next(ct_forms_in *r, ct_form_rec *f);

/** Interface to code in decode.c */
typedef struct ct_decode_opts {
	int repair_utf8;
	const char *encoding;
} ct_decode_opts;
typedef struct ct_decoded {
	const char *text; /* UTF-8, into the input or into `owned` */
	size_t n;
	size_t base;      /* offset of text in the file (3 after a UTF-8 BOM) */
	char *owned;
	int converted;    /* text is not the file's bytes: offsets are into it */
	char why[4400];   /* the notice: why refused, or what was converted */
} ct_decoded;
/* CT_OK (why[] non-empty when converted), or CT_EFORMAT / CT_EUTF8 with
 * the reason in why[] naming the path and byte offset. */
int ct_decode(const char *path, const char *in, size_t n, const ct_decode_opts *o, ct_decoded *out);
void ct_decoded_free(ct_decoded *d);

/** Interface to code in prepare.c */
#define CT_PREPARE_MAX_FILE (4u << 20) /* larger files are analysed by the writer */
#define CT_PREPARE_THREADS 2
/* One file prepared for the writer. */
typedef struct ct_prepared {
	/* set by the writer */
	const char *path;
	const char *lang_hint;  /* from a manifest, or NULL */
	const char *old_hash;   /* hash of the indexed version, or NULL */
	char *old_hash_copy;
	int tmx;                /* read and hashed only */
	int sentences;          /* sentences a passage (1 for parallel texts) */
	int have;               /* the index has a version of it */
	sqlite3_int64 id, size, mtime;
	const void *file;       /* the writer's own record of the file */
	/* set by ct_prepare_file() */
	int read_rc;
	ct_buf bytes;           /* the file's bytes */
	char *buf;              /* bytes.p */
	size_t n;               /* bytes.n */
	char hash[32];
	int unchanged;          /* same bytes as the indexed version */
	int decode_rc;
	ct_decoded dec;
	ct_lang lang;
	int analysed;           /* pass[] and their forms are ready */
	ct_passage *pass;
	size_t npass, cappass;
	ct_buf tokens;          /* forms of all passages, serialised */
	size_t *tok_off;        /* passage k's forms: tokens[tok_off[k] .. tok_off[k+1]) */
	sqlite3_int64 *phash;   /* passage k's ct_passage_hash() */
	struct ct_pspan *att;   /* glossary concepts found, by passage (attest.c) */
	size_t natt, capatt;
	int att_rc;             /* CT_OK, or why att[] is incomplete */
} ct_prepared;
/* A concept found in passage `pass` of a prepared file. */
typedef struct ct_pspan {
	size_t pass, start, end;
	sqlite3_int64 concept;
} ct_pspan;
/* The glossary matcher, handed to the workers once it is loaded (the
 * writer loads it while they analyse the first files).  Opened once, with
 * a matcher or with NULL (no glossary, or it failed to load). */
typedef struct ct_prep_gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int open;
	struct ct_matcher *m;
} ct_prep_gate;
void ct_prep_gate_init(ct_prep_gate *g);
void ct_prep_gate_open(ct_prep_gate *g, struct ct_matcher *m);
void ct_prep_gate_destroy(ct_prep_gate *g);
/* Buffers of files already stored, for the next files: a file's forms
 * take twice its size, and fresh memory costs a page fault per 4 KB. */
#define CT_POOL_BUFS 8
#define CT_POOL_MAX_BUF (8u << 20) /* larger buffers are freed */
typedef struct ct_prep_pool {
	pthread_mutex_t mu;
	ct_buf spare[CT_POOL_BUFS];
	size_t n;
} ct_prep_pool;
void ct_prep_pool_init(ct_prep_pool *pl);
void ct_prep_pool_destroy(ct_prep_pool *pl);
struct ct_prep_batch;
typedef struct ct_prep_thread_arg {
	struct ct_prep_batch *b;
	ct_analyzer *an;
} ct_prep_thread_arg;
typedef struct ct_prep_batch {
	ct_prepared *items;
	size_t n;
	const ct_decode_opts *dopts;
	ct_prep_gate *gate;         /* the glossary matcher, or NULL: none */
	ct_prep_pool *pool;         /* buffers to reuse, or NULL */
	atomic_size_t next;
	pthread_t threads[CT_PREPARE_THREADS];
	ct_prep_thread_arg args[CT_PREPARE_THREADS];
	int nthreads;
} ct_prep_batch;
/* Reads, decodes, segments and (with an analyzer) analyses one file,
 * then waits at the gate for the glossary's matcher and, when the gate
 * opens with one, finds the glossary's concepts in its passages. */
void ct_prepare_file(ct_prepared *p, ct_analyzer *an, const ct_decode_opts *dopts, ct_prep_gate *gate,
                     ct_prep_pool *pool);
void ct_prepared_free(ct_prepared *p);
/* ct_prepared_free(), its buffers kept in pl for the next files. */
void ct_prepared_recycle(ct_prepared *p, ct_prep_pool *pl);
/* Prepares b->items in worker threads (one analyzer each); wait before
 * reading them. */
int ct_prep_batch_start(ct_prep_batch *b, ct_analyzer **an, int nthreads);
void ct_prep_batch_wait(ct_prep_batch *b);

/** Interface to code in index.c */
sqlite3 *ct_index_db(ct_index *idx);
typedef struct ct_matcher ct_matcher;
/* The index's analyzer and glossary matcher, made on first use and owned
 * by idx.  Call ct_index_glossary_changed() after writing the glossary. */
int ct_index_analyzer(ct_index *idx, ct_analyzer **out);
int ct_index_matcher(ct_index *idx, ct_matcher **out);
void ct_index_glossary_changed(ct_index *idx);
/* Whether the index has passage_kind_lang, the index of the passages' ids,
 * kinds and languages (statements name it with INDEXED BY: SQLite would
 * look each passage up in its table). */
int ct_index_passage_kind_lang(const ct_index *idx);
/* CT_OK, or CT_ESCHEMA with a message when the index was made with other
 * normalisation rules and must be rebuilt before it can be searched. */
int ct_index_check_fresh(ct_index *idx);
/* A read transaction around many small statements (1 when one began, to
 * pass to ct_index_read_end; 0 inside the caller's own transaction). */
int ct_index_read_begin(ct_index *idx);
void ct_index_read_end(ct_index *idx, int began);
/* Slots of data derived from the index, kept on the handle and freed
 * with aux_free when the index or its glossary changes or the handle
 * closes. */
typedef enum ct_aux_slot {
	CT_AUX_CONCEPT_PASSAGES = 0, /* crossling.c */
	CT_AUX_TERM_TABLE = 1,       /* term.c: terms and their lookup keys */
	CT_AUX_ATTESTATIONS = 2,     /* term.c: attestations per concept */
	CT_AUX_ATTEST_FRESH = 3,     /* attest.c: whether the stored ones hold */
	CT_AUX_DOC_ORDER = 4,        /* attest.c: documents in path order */
	CT_AUX_COUNT = 5
} ct_aux_slot;
void *ct_index_aux(ct_index *idx, ct_aux_slot slot);
void ct_index_set_aux(ct_index *idx, ct_aux_slot slot, void *aux, void (*aux_free)(void *));
/* A prepared statement kept on the handle (prepared once per handle):
 * give it back with ct_index_release(), which resets it.  A statement
 * already handed out is prepared again, uncached.  Returns an SQLite code. */
int ct_index_prepare(ct_index *idx, const char *sql, sqlite3_stmt **out);
void ct_index_release(ct_index *idx, sqlite3_stmt *st);
/* Sets idx's message; returns status. */
int ct_index_fail(ct_index *idx, int status, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Maps an SQLite result code to a status and sets the message. */
int ct_index_dberr(ct_index *idx, int sqlite_rc, const char *what);

/** Interface to code in glossary.c
 *
 * Glossary tables (created by ct_glossary_schema(), inside the caller's
 * transaction):
 *   concept(id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, gloss_en TEXT,
 *           def TEXT, domain TEXT, note TEXT, source TEXT, line INTEGER)
 *       source/line: file and line the concept was read from
 *   ctx(id INTEGER PRIMARY KEY, concept INTEGER NOT NULL, lang TEXT,
 *       doc TEXT, line INTEGER, text TEXT)      -- quoted corpus contexts
 *   term(id INTEGER PRIMARY KEY, concept INTEGER NOT NULL, lang TEXT NOT NULL,
 *        seq INTEGER NOT NULL, term TEXT NOT NULL, pos TEXT, type TEXT,
 *        status TEXT, note TEXT,
 *        norm TEXT,   -- exact forms of its words (ct_analyze), space-joined
 *        fold TEXT,   -- folded forms (exact where none), space-joined
 *        skel TEXT,   -- Latin skeletons, space-joined ('' if a word has none)
 *        keys TEXT,   -- per word: the stem form of the term's language
 *                     --   ("#..."), else its exact form; space-joined
 *        nwords INTEGER)
 *   with indexes on term(norm), term(fold), term(skel), term(concept).
 */
int ct_glossary_schema(sqlite3 *db);
/* Loads dict_dir/ *.gloss into the index when they changed since the last
 * load (their hash is kept in meta); paths in messages are relative to base. */
int ct_glossary_sync_dir(ct_index *idx, const char *dict_dir, const char *base);
/* Computes norm, fold, skel, keys and nwords of a term (malloc'd strings). */
typedef struct ct_term_keys {
	char *norm, *fold, *skel, *keys;
	int nwords;
} ct_term_keys;
int ct_term_keys_compute(ct_analyzer *a, const char *term, size_t n, ct_lang lang, ct_term_keys *out);
void ct_term_keys_free(ct_term_keys *k);

/** Interface to code in termmatch.c */
/* A glossary term found in a text. */
typedef struct ct_tspan {
	size_t start, end;          /* bytes in the text */
	sqlite3_int64 term_id, concept_id;
	int deprecated;
} ct_tspan;
/* Loads every term's keys from the index into memory. */
int ct_matcher_new(ct_matcher **out, ct_index *idx);
void ct_matcher_free(ct_matcher *m);
/* 1 when the glossary has no terms to find. */
int ct_matcher_empty(const ct_matcher *m);
/* Finds glossary terms in text: longest match first, no overlaps, in text
 * order.  *out is malloc'd (free()), *nout its length. */
int ct_matcher_find(ct_matcher *m, ct_analyzer *a, const char *text, size_t n,
                    ct_tspan **out, size_t *nout);
/* Every concept whose term stands in text, once each, at its leftmost
 * (then longest) occurrence; terms may overlap: «заштиту интелектуалне
 * својине» gives both the longer term and интелектуална својина. */
int ct_matcher_find_each(ct_matcher *m, ct_analyzer *a, const char *text, size_t n,
                         ct_tspan **out, size_t *nout);

/* Matching on an analysis made for another purpose (the indexer's): the
 * forms of a text go to ct_match_run_form() as ct_analyze() gives them,
 * between ct_match_run_start() (with the text's ct_detect_lang()) and
 * ct_match_run_each(), which answers as ct_matcher_find_each() would. */
typedef struct ct_match_run ct_match_run;
int ct_match_run_new(ct_match_run **out, const ct_matcher *m);
void ct_match_run_free(ct_match_run *r);
void ct_match_run_start(ct_match_run *r, ct_lang detected);
int ct_match_run_form(ct_match_run *r, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                      size_t start, size_t end);
int ct_match_run_each(ct_match_run *r, const char *text, ct_tspan **out, size_t *nout);

/** Interface to code in attest.c */
#define CT_ATTEST_KEEP 5 /* quoted passages kept per concept, document and language */
#define CT_FINGERPRINT_LEN 17
extern const char *const ct_attest_schema_sql;
/* Fingerprint of the glossary's terms, as attestations depend on them. */
int ct_attest_fingerprint(ct_index *idx, char out[CT_FINGERPRINT_LEN]);
/* 1 when the stored attestations were found with today's glossary, 0 when
 * not, or a negative status; kept on the handle. */
int ct_attest_fresh(ct_index *idx);
/* One document's attestations, gathered passage by passage. */
typedef struct ct_attest_acc {
	sqlite3_int64 concept;
	ct_lang lang;
	long count;
	ct_buf lines;
} ct_attest_acc;
typedef struct ct_attest_doc {
	sqlite3_int64 doc;
	ct_attest_acc *a;
	size_t n, cap;
	size_t *slot, slot_mask; /* a[] by (concept, lang) */
} ct_attest_doc;
void ct_attest_doc_reset(ct_attest_doc *d, sqlite3_int64 doc);
void ct_attest_doc_free(ct_attest_doc *d);
int ct_attest_doc_add(ct_attest_doc *d, sqlite3_int64 concept, ct_lang lang, sqlite3_int64 passage,
                      size_t start, size_t end, long line);
/* Writes the document's rows and empties d. */
int ct_attest_doc_store(ct_index *idx, ct_attest_doc *d);
/* The line of byte `start` of a passage that begins on first_line. */
long ct_attest_line(const char *text, size_t start, long first_line);
int ct_attest_passage(ct_attest_doc *d, ct_matcher *m, ct_analyzer *a, sqlite3_int64 passage, ct_lang lang,
                      const char *text, size_t n, long line);
/* Attestations from stored passages: of one document, or of every
 * document not listed in temp.attested. */
int ct_attest_stored_doc(ct_index *idx, ct_matcher *m, sqlite3_int64 doc);
int ct_attest_stored_rest(ct_index *idx, ct_matcher *m);
/* Finds every document's attestations again when the glossary changed
 * since they were found; inside the caller's transaction. */
int ct_attest_refresh(ct_index *idx);
/* Sums the documents' rows per concept and language (attest_sum). */
int ct_attest_summarize(ct_index *idx);
/* The sums of a concept: on_total per language, then on_line for each kept
 * passage, in corpus order.  1 when the concept has sums, 0 when not (no
 * attestation, or an index without the table), or a negative status. */
typedef int (*ct_attest_total_fn)(void *ctx, const char *lang, long n);
typedef int (*ct_attest_line_fn)(void *ctx, const char *path, const char *lang, sqlite3_int64 passage,
                                 size_t start, size_t end, long line);
int ct_attest_read_sum(ct_index *idx, sqlite3_int64 concept, ct_attest_total_fn on_total,
                       ct_attest_line_fn on_line, void *ctx);
/* Calls fn for each document using the concept, in path order. */
typedef int (*ct_attest_row_fn)(void *ctx, sqlite3_int64 doc, const char *path, const char *lang, long n,
                                const char *lines);
int ct_attest_read(ct_index *idx, sqlite3_int64 concept, ct_attest_row_fn fn, void *ctx);

/** Interface to code in xml.c */
/* Parses XML safely (no network, no entities, no DTD, libxml2's size
 * limits): on failure idx's message names source, the line and what is
 * wrong; `what` names the kind of file ("a glossary", "a TMX file"). */
struct _xmlDoc;
int ct_xml_parse(ct_index *idx, const char *source, const char *what, const char *buf, size_t n,
                 struct _xmlDoc **out);

/** Interface to code in tmx.c and parallel.c */
#define CT_TMX_MAX_BYTES (256u << 20) /* larger TMX files are refused unread */
/* Indexes a TMX file as a document whose passages are its translation
 * units' segments (passage.seg = unit number).  old_id: the document's id
 * if it is already indexed (its passages are replaced), else 0. */
int ct_tmx_index_file(ct_index *idx, const char *path, const char *stored, const char *buf, size_t n,
                      sqlite3_int64 old_id, sqlite3_int64 *out_id, ct_notice_fn notice, void *notice_ctx,
                      size_t *npassages);
/* NAME.kk.txt, NAME.ru.txt, NAME.sr.txt are parallel documents. */
int ct_parallel_is_name(const char *stored);
int ct_parallel_note_doc(ct_index *idx, sqlite3_int64 doc_id, const char *stored);
/* Aligns the sentences of every group of parallel documents (sets
 * passage.seg) after an update. */
int ct_parallel_align_all(ct_index *idx);
/* Fills a hit's translations from its parallel document or TMX unit. */
int ct_parallel_translations(ct_index *idx, ct_results *r, ct_hit *h);

/* (the arena of util.c, used by results) */
typedef struct ct_arena_block ct_arena_block;
typedef struct ct_arena {
	ct_arena_block *head;
} ct_arena;

/** Interface to code in search.c */
/* A candidate passage and its summed, normalised score. */
typedef struct ct_cand {
	sqlite3_int64 id;
	double score;     /* the user's queries, summed */
	double expanded;  /* the best of the glossary expansions */
	char *offsets;  /* "s e s e" from ct_offsets() of the user's query, when asked */
	int from_user;  /* found by the user's own words */
} ct_cand;
typedef struct ct_pool {
	ct_cand *a;
	size_t n, cap;
	size_t last_rows; /* rows the last ct_pool_run() found */
} ct_pool;
struct ct_results {
	ct_arena arena;
	ct_hit *hits;
	size_t nhits, total;
	ct_expansion *exp;
	size_t nexp;
};
int ct_pool_add(ct_pool *pool, sqlite3_int64 id, double score, int from_user);
void ct_pool_free(ct_pool *pool);
/* Runs one FTS5 expression; adds weight * ct_rank / best ct_rank per
 * passage.  CT_POOL_USER: found by the user's own words.  CT_POOL_OR: expr
 * is an OR of plain phrases (no NEAR, AND, NOT or column filter), whose
 * idfs one pass can count. */
#define CT_POOL_USER 1u
#define CT_POOL_OR 2u
/* Scored by ct_rank(), as every pass once was: the tests hold the
 * counted idfs to it. */
#define CT_POOL_RANK 4u
int ct_pool_run(ct_index *idx, ct_pool *pool, const char *expr, double weight, size_t cap,
                unsigned flags, size_t *total);

/** Interface to code in crossling.c */
/* Adds the glossary equivalents of the query's terms to the pool. */
int ct_crossling_expand(ct_index *idx, ct_results *r, ct_pool *pool, const ct_query *q,
                        const ct_search_opts *o, size_t cap);
/* Fills each hit's terms, aligned passages and translations. */
int ct_crossling_align(ct_index *idx, ct_results *r, const ct_search_opts *o);

/** Interface to code in util.c */
/* (ct_buf: declared at the top) */
int ct_buf_grow(ct_buf *b, size_t extra);
int ct_buf_put(ct_buf *b, const void *p, size_t n);
int ct_buf_puts(ct_buf *b, const char *s);
int ct_buf_printf(ct_buf *b, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;
void ct_buf_free(ct_buf *b);
/* Reads a whole file; *out is malloc'd and NUL-terminated. */
int ct_read_file(const char *path, char **out, size_t *n);
/* The same into b, whose memory is reused (b->n is the file's size). */
int ct_read_file_buf(const char *path, ct_buf *b);
/* 64-bit FNV-1a: the glossary's fingerprint, and names. */
uint64_t ct_hash64(const void *p, size_t n);
/* Loose hash of a passage, stored (FNV-1a, non-negative): whitespace runs
 * count as one space, so that a block repeated with other line breaks is
 * still recognised as the same; trailing whitespace does not count.
 * (Squeezing the text for XXH3 was slower than FNV-1a here: 13.3 against
 * 11.7 ms for 10 MB of 300-byte passages.) */
sqlite3_int64 ct_passage_hash(const char *z, size_t n);
/* XXH3, many times faster: for hash tables in memory, and a document's
 * hash (its output is fixed since xxHash 0.8). */
uint64_t ct_hash_mem(const void *p, size_t n);

#define CT_LANG_COUNT 5 /* values of ct_lang */

/*
 * Decodes one code point of strict UTF-8 (no overlong forms, surrogates or
 * values past U+10FFFF), as utf8proc_iterate() does: its length in bytes,
 * or -1.  Inline, because the analysis of every word of the corpus runs
 * through it: a call per character into utf8proc was a tenth of indexing.
 */
static inline int ct_utf8_next(const char *z, size_t n, int32_t *cp)
{
	const unsigned char *s = (const unsigned char *)z;
	unsigned c = n > 0 ? s[0] : 0x80;
	int32_t v;
	*cp = -1;
	if (c < 0x80) {
		*cp = (int32_t)c;
		return n > 0 ? 1 : -1;
	}
	if (c < 0xC2)
		return -1;
	if (c < 0xE0) {
		if (n < 2 || (s[1] & 0xC0) != 0x80)
			return -1;
		*cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return -1;
		v = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu));
		if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
			return -1;
		*cp = v;
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return -1;
		v = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu));
		if (v < 0x10000 || v > 0x10FFFF)
			return -1;
		*cp = v;
		return 4;
	}
	return -1;
}
char *ct_strndup(const char *s, size_t n);
/* Grows *arr (elements of sz bytes, *cap of them) to hold element n. */
int ct_grow(void **arr, size_t *cap, size_t n, size_t sz);
/* An arena (declared above): many small allocations freed at once. */
void *ct_arena_alloc(ct_arena *a, size_t n);
char *ct_arena_strndup(ct_arena *a, const char *s, size_t n);
void ct_arena_free(ct_arena *a);

#endif
