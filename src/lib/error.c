/*
 * error.c -- the messages behind the status codes.
 */
#include "cyrterm/error.h"

/* Written as a switch without default so that the compiler reports a code
 * that has no message. */
const char *ct_strerror(int status)
{
	switch ((ct_status)status) {
	case CT_OK: return "success";
	case CT_ENOMEM: return "out of memory";
	case CT_EINVAL: return "invalid argument";
	case CT_EUTF8: return "invalid UTF-8";
	case CT_EIO: return "input/output error";
	case CT_EDB: return "database error";
	case CT_ESYNTAX: return "syntax error";
	case CT_ENOTFOUND: return "not found";
	case CT_ETOOBIG: return "input too large";
	case CT_EBUSY: return "index is locked by another process";
	case CT_EFORMAT: return "unsupported file format";
	case CT_ESCHEMA: return "index written by an incompatible version";
	case CT_EREADONLY: return "index is read-only";
	case CT_EFULL: return "disk or database full";
	}
	return "unknown error";
}
