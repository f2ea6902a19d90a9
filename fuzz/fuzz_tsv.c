/*
 * fuzz_tsv.c -- the text glossary formats through ct_glossary_import() on
 * arbitrary input: each input is read as TSV, as CSV and as .gloss, with
 * the checks of fuzz_glossary.h.
 */
#define FUZZ_NAME "fuzz_tsv"
#define FUZZ_EXT ".txt"
#include "fuzz_glossary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const ct_gformat fmts[] = {CT_GFORMAT_TSV, CT_GFORMAT_CSV, CT_GFORMAT_GLOSS};
	fuzz_glossary(data, size, fmts, 3);
	return 0;
}
