/* tmx.c -- placeholder until TMX import lands. */
#include "internal.h"
int ct_tmx_index_file(ct_index *idx, const char *path, const char *stored, const char *buf, size_t n,
                      sqlite3_int64 old_id, sqlite3_int64 *out_id, ct_notice_fn notice, void *notice_ctx,
                      size_t *npassages)
{
	CT_UNUSED(stored); CT_UNUSED(buf); CT_UNUSED(n); CT_UNUSED(old_id); CT_UNUSED(out_id);
	CT_UNUSED(notice); CT_UNUSED(notice_ctx); CT_UNUSED(npassages);
	return ct_index_fail(idx, CT_EFORMAT, "%s: TMX is not supported yet", path);
}
