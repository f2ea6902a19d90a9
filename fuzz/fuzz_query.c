/*
 * fuzz_query.c -- the query language on arbitrary input.
 *
 * ct_query_parse() either refuses a query with one line naming a position,
 * or produces an FTS5 expression that FTS5 accepts: a user's query must
 * never reach SQLite as a syntax error.  Every accepted expression is run
 * against an in-memory FTS5 table with the cyrterm tokenizer holding a few
 * corpus sentences; any SQLite error aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cyrterm/cyrterm.h"
#include "internal.h"

#define CHECK(c)                                                              \
	do {                                                                      \
		if (!(c)) {                                                           \
			fprintf(stderr, "fuzz_query: %s:%d: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                          \
		}                                                                     \
	} while (0)

static sqlite3 *db;
static sqlite3_stmt *match;

/* Sentences of the bundled corpus (Kazakh with and without Kazakh letters,
 * Latin i for і, Serbian Cyrillic) and a Serbian Latin line. */
static const char *const rows[] = {
	"Экономикалық катынастардың жалпы жүйесінде иновациялық қызметтің түпкі нәтижелері өндіріс тиімділігін арттыру",
	"Қазiргi кезеңде ғылыми-техникалық прогресс химия өнеркәсібінің дамуын анықтайды",
	"Технолошки парк у Алматију и научни паркови подржавају трансфер технологије",
	"Инновациялық қызмет және ғылыми-техникалық саясат; лизинг компаниялары, венчурлық қорлар",
	"Tehnološki parkovi i naučna saradnja u Kazahstanu",
	"Самрук-Казына қоры инновациялық жобаларды қаржыландырады. Грант и субсидия.",
};

static void setup(void)
{
	char *err = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || ct_fts5_register(db) != SQLITE_OK)
		abort();
	if (sqlite3_exec(db, "CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='cyrterm')", NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fuzz_query: %s\n", err);
		abort();
	}
	sqlite3_stmt *ins = NULL;
	CHECK(sqlite3_prepare_v2(db, "INSERT INTO fts(text) VALUES(?)", -1, &ins, NULL) == SQLITE_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sqlite3_bind_text(ins, 1, rows[i], -1, SQLITE_STATIC);
		CHECK(sqlite3_step(ins) == SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	CHECK(sqlite3_prepare_v2(db, "SELECT rowid, bm25(fts), ct_offsets(fts) FROM fts WHERE fts MATCH ? ORDER BY rank",
	                         -1, &match, NULL) == SQLITE_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	ct_query *q = NULL;
	if (!db)
		setup();
	memset(err, 'x', sizeof(err));
	int rc = ct_query_parse(&q, (const char *)data, size, err, sizeof(err));
	if (rc != CT_OK) {
		CHECK(q == NULL);
		CHECK(rc == CT_ESYNTAX || rc == CT_EUTF8 || rc == CT_ETOOBIG);
		CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		CHECK(err[0] != '\0');
		CHECK(strchr(err, '\n') == NULL);
		return 0;
	}
	CHECK(q != NULL);
	const char *fts = ct_query_fts(q);
	CHECK(fts != NULL && *fts);
	size_t npos = ct_query_positive_count(q);
	for (size_t i = 0; i < npos; i++) {
		size_t n = 0;
		const char *p = ct_query_positive(q, i, &n);
		CHECK(p != NULL && n > 0 && n <= size);
		CHECK(ct_utf8_validate(p, n, NULL) == CT_OK);
	}
	sqlite3_reset(match);
	sqlite3_bind_text(match, 1, fts, -1, SQLITE_STATIC);
	int src;
	while ((src = sqlite3_step(match)) == SQLITE_ROW)
		;
	if (src != SQLITE_DONE) {
		fprintf(stderr, "fuzz_query: FTS5 refused the expression of query [%.*s]\n  expression: %s\n  error: %s\n",
		        (int)size, (const char *)data, fts, sqlite3_errmsg(db));
		abort();
	}
	sqlite3_reset(match);
	ct_query_free(q);
	return 0;
}
