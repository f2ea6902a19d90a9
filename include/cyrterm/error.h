/*
 * cyrterm/error.h -- status codes shared by every module.
 *
 * Every function that can fail returns one of these codes.  CT_OK is zero,
 * errors are negative and their numbers never change, so scripts and bindings
 * can rely on them.  A detailed, human-readable message lives on the handle
 * that failed (ct_index_errmsg() and friends), never in a global.
 */
#ifndef CYRTERM_ERROR_H
#define CYRTERM_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ct_status {
	CT_OK = 0,
	CT_ENOMEM = -1,     /* an allocation failed */
	CT_EINVAL = -2,     /* an argument was out of its domain */
	CT_EUTF8 = -3,      /* input is not valid UTF-8 */
	CT_EIO = -4,        /* a file could not be read or written */
	CT_EDB = -5,        /* the SQLite database failed or is corrupt */
	CT_ESYNTAX = -6,    /* a query or input file is malformed */
	CT_ENOTFOUND = -7,  /* the named thing does not exist */
	CT_ETOOBIG = -8,    /* input exceeds a documented limit */
	CT_EBUSY = -9,      /* the index is locked by another writer */
	CT_EFORMAT = -10,   /* the file is of a kind cyrterm refuses (binary, unknown encoding) */
	CT_ESCHEMA = -11,   /* the index was written by an incompatible version */
	CT_EREADONLY = -12, /* the index cannot be written */
	CT_EFULL = -13      /* the disk or the database size limit is full */
} ct_status;

/* A short, static, English description of a status code.  Never NULL. */
const char *ct_strerror(int status);

#ifdef __cplusplus
}
#endif
#endif
