/*
 * cmd_info.c -- cyrterm info [--db PATH]: what an index holds.
 */
#include <string.h>

#include "cli.h"

int cmd_info(int argc, char **argv)
{
	const char *db = NULL;
	ct_index *idx = NULL;
	ct_index_info info;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else {
			cli_error("info: unknown argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (cli_open_index(&idx, db, 0) != CT_OK)
		return EXIT_RUNTIME;
	int rc = ct_index_info_get(idx, &info);
	if (rc == CT_OK)
		printf("index: %s\ndocuments: %ld\npassages: %ld\nconcepts: %ld\nterms: %ld\n"
		       "schema version: %d\nnormalizer version: %d\nunicode version: %s\ndata: %s\n",
		       ct_index_path(idx), info.documents, info.passages, info.concepts, info.terms,
		       info.schema_version, info.normalizer_version, info.unicode_version, ct_data_dir());
	else
		cli_error("%s", ct_index_errmsg(idx));
	ct_index_free(idx);
	return rc == CT_OK ? 0 : EXIT_RUNTIME;
}
