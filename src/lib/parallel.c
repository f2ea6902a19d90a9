/* parallel.c -- placeholder until parallel documents land. */
#include "internal.h"
int ct_parallel_is_name(const char *stored) { CT_UNUSED(stored); return 0; }
int ct_parallel_note_doc(ct_index *idx, sqlite3_int64 doc_id, const char *stored) { CT_UNUSED(idx); CT_UNUSED(doc_id); CT_UNUSED(stored); return CT_OK; }
int ct_parallel_align_all(ct_index *idx) { CT_UNUSED(idx); return CT_OK; }
int ct_parallel_translations(ct_index *idx, ct_results *r, ct_hit *h) { CT_UNUSED(idx); CT_UNUSED(r); CT_UNUSED(h); return CT_OK; }
