/*
 * cyrterm/index.h -- the index: one SQLite file with the documents, their
 * passages, the FTS5 table and the glossary.
 *
 * An update runs in one transaction: either every change of a run is in the
 * index, or none is, whatever happens to the process.  Files that cannot be
 * read (invalid UTF-8, binary, unknown encoding) are refused with a notice
 * and keep whatever version of them the index had.
 */
#ifndef CYRTERM_INDEX_H
#define CYRTERM_INDEX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the database layout written by this library. */
#define CT_SCHEMA_VERSION 1

typedef struct ct_index ct_index;

/* Flags of ct_index_open(). */
#define CT_OPEN_READONLY 1u /* never write; fail if the file does not exist */
#define CT_OPEN_CREATE   2u /* create the file and its tables when missing */

/*
 * Opens (or creates) an index.  On failure *out is NULL, and when errmsg is
 * not NULL a message of at most errcap bytes naming the path is written.
 * A handle is for one thread at a time; threads open handles of their own
 * (any number may read while one updates).
 * Returns CT_OK, CT_ENOTFOUND, CT_EDB, CT_ESCHEMA, CT_EREADONLY, CT_ENOMEM.
 */
int ct_index_open(ct_index **out, const char *path, unsigned flags, char *errmsg, size_t errcap);

/* Closes the index.  Accepts NULL. */
void ct_index_free(ct_index *idx);

/* The message of the last failure on idx: one line, owned by idx, valid
 * until the next call on it.  Never NULL. */
const char *ct_index_errmsg(const ct_index *idx);

/* The path idx was opened with, owned by idx. */
const char *ct_index_path(const ct_index *idx);

/* What an update says about one file it refused or skipped. */
typedef enum ct_notice_level { CT_NOTICE_INFO = 0, CT_NOTICE_WARNING = 1, CT_NOTICE_ERROR = 2 } ct_notice_level;
typedef void (*ct_notice_fn)(void *ctx, ct_notice_level level, const char *msg);

typedef struct ct_update_opts {
	/* Paths are stored relative to this folder when under it (NULL: as
	 * given).  The bundled corpus is stored as "corpus/NAME.txt". */
	const char *base;
	/* Replace invalid UTF-8 by U+FFFD instead of refusing the file. */
	int repair_utf8;
	/* The encoding of files that are not UTF-8 (NULL: detect). */
	const char *encoding;
	/* Keep documents that are not under the given paths (default: an
	 * update makes the index mirror the given paths). */
	int keep_others;
	/* A folder of glossaries (*.gloss) to load with the corpus when they
	 * changed, as the bundled dict/ (NULL: the glossary is left as is). */
	const char *glossary_dir;
	/* Called for every notice; NULL: notices are dropped. */
	ct_notice_fn notice;
	void *notice_ctx;
} ct_update_opts;

typedef struct ct_update_stats {
	size_t added, updated, removed, unchanged, refused, skipped;
	size_t passages;  /* passages written by this update */
	size_t bytes;     /* bytes of text read */
} ct_update_stats;

/*
 * Indexes files and folders (recursively: *.txt and *.tmx, with titles and
 * languages from a MANIFEST.tsv beside them).  Unchanged files are not read
 * again; documents no longer under the paths are dropped unless
 * opts->keep_others.  One transaction: on failure the index is as before.
 * Returns CT_OK (refused files are notices, counted in stats->refused),
 * CT_EBUSY, CT_EIO, CT_EDB, CT_EFULL, CT_EREADONLY, CT_ENOMEM.
 */
int ct_index_update(ct_index *idx, const char *const *paths, size_t npaths,
                    const ct_update_opts *opts, ct_update_stats *stats);

/* Counts of what the index holds. */
typedef struct ct_index_info {
	long documents, passages, concepts, terms;
	int schema_version, normalizer_version;
	char unicode_version[16];
} ct_index_info;

int ct_index_info_get(ct_index *idx, ct_index_info *info);

/*
 * The bundled data: the folder holding corpus/ and dict/ (environment
 * CYRTERM_DATA, else the folder cyrterm was built from), and the default
 * index built from it on first use (environment CYRTERM_DB, else
 * $XDG_CACHE_HOME/cyrterm/default.db or ~/.cache/cyrterm/default.db).
 * Owned by the library; valid for the life of the process.
 */
const char *ct_data_dir(void);
const char *ct_default_db_path(void);

/*
 * Opens the default index, bringing it up to date with the bundled corpus
 * and glossary first (a no-op when nothing changed).
 */
int ct_index_open_default(ct_index **out, ct_notice_fn notice, void *notice_ctx,
                          char *errmsg, size_t errcap);

#ifdef __cplusplus
}
#endif
#endif
