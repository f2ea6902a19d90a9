/*
 * fuzz_tbx.c -- TBX glossary import (ct_glossary_import) on arbitrary input:
 * a refusal leaves one line on the index; an accepted glossary survives
 * export, import, export unchanged in every format (fuzz_glossary.h).
 */
#define FUZZ_NAME "fuzz_tbx"
#define FUZZ_EXT ".tbx"
#include "fuzz_glossary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const ct_gformat fmts[] = {CT_GFORMAT_TBX};
	fuzz_glossary(data, size, fmts, 1);
	return 0;
}
