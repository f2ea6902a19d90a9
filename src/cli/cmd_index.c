/*
 * cmd_index.c -- cyrterm index [--db PATH] [--repair-utf8] [--encoding NAME]
 *                [--keep] [--no-glossary] [--quiet] PATH...
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_index(int argc, char **argv)
{
	const char *db = NULL;
	ct_update_opts o;
	ct_update_stats st;
	ct_index *idx = NULL;
	int i, rc, quiet = 0, no_glossary = 0, status = EXIT_USAGE;
	char *dict = NULL;
	const char **paths = NULL;
	size_t npaths = 0;

	memset(&o, 0, sizeof(o));
	o.notice = cli_notice;
	paths = calloc((size_t)argc, sizeof(*paths));
	if (!paths)
		return EXIT_RUNTIME;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(a, "--repair-utf8") == 0)
			o.repair_utf8 = 1;
		else if (strcmp(a, "--encoding") == 0 && i + 1 < argc)
			o.encoding = argv[++i];
		else if (strcmp(a, "--keep") == 0)
			o.keep_others = 1;
		else if (strcmp(a, "--no-glossary") == 0)
			no_glossary = 1;
		else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
			quiet = 1;
		else if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++)
				paths[npaths++] = argv[i];
		} else if (a[0] == '-' && a[1] == '-') {
			cli_error("index: unknown option '%s'", a);
			goto done;
		} else
			paths[npaths++] = a;
	}
	if (npaths == 0) {
		cli_error("index: no files or folders given (usage: cyrterm index [--db PATH] PATH...)");
		goto done;
	}
	if (!db) {
		db = ct_default_db_path();
		o.keep_others = 1; /* the default index also holds the bundled corpus */
	}
	/* the bundled glossary comes with every index: it is what carries a
	 * query into the other languages */
	if (!no_glossary) {
		size_t n = strlen(ct_data_dir()) + sizeof("/dict");
		dict = malloc(n);
		if (!dict) {
			status = EXIT_RUNTIME;
			goto done;
		}
		snprintf(dict, n, "%s/dict", ct_data_dir());
		o.glossary_dir = dict;
	}
	rc = cli_open_index(&idx, db, 1);
	if (rc != CT_OK) {
		status = EXIT_RUNTIME;
		goto done;
	}
	rc = ct_index_update(idx, paths, npaths, &o, &st);
	if (rc != CT_OK) {
		cli_error("%s", ct_index_errmsg(idx));
		status = rc == CT_ENOTFOUND ? EXIT_USAGE : EXIT_RUNTIME;
		goto done;
	}
	if (!quiet)
		fprintf(stderr, "cyrterm: %s: %zu added, %zu updated, %zu removed, %zu unchanged, %zu refused, %zu skipped; %zu passages written\n",
		        db, st.added, st.updated, st.removed, st.unchanged, st.refused, st.skipped, st.passages);
	status = st.refused ? EXIT_USAGE : 0;
done:
	free(dict);
	free(paths);
	ct_index_free(idx);
	return status;
}
