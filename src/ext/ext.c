/*
 * ext.c -- cyrterm's tokenizer as a loadable SQLite extension, so that the
 * sqlite3 shell, Python's sqlite3 module or any program can create
 *
 *     CREATE VIRTUAL TABLE t USING fts5(text, tokenize='cyrterm');
 *
 * and get the normalisation, folding, script repair and stems of cyrterm
 * itself:
 *
 *     sqlite3> .load ./libcyrterm_fts5
 *     >>> con.enable_load_extension(True); con.load_extension("./libcyrterm_fts5")
 *
 * Also registers ct_offsets(fts), the byte ranges of the matched phrases.
 * fts5tok.c is compiled into this module with CT_SQLITE_EXTENSION, so
 * every SQLite call goes through the host's routine table.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "internal.h"

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_cyrtermfts_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
	SQLITE_EXTENSION_INIT2(pApi);
	int rc = ct_fts5_register(db);
	if (rc != SQLITE_OK && pzErrMsg)
		*pzErrMsg = sqlite3_mprintf("cyrterm: this SQLite has no FTS5");
	return rc;
}

/* The name SQLite looks for when no entry point is given and the file has
 * been renamed. */
int sqlite3_extension_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
	return sqlite3_cyrtermfts_init(db, pzErrMsg, pApi);
}
