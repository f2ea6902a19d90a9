/*
 * cmd_search.c -- cyrterm search [--db PATH] [--lang kk,sr] [--limit N]
 *                 [--json|--tsv] [--no-expand] [--no-align] QUERY
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_search(int argc, char **argv)
{
	const char *db = NULL;
	ct_search_opts o;
	int json = 0, tsv = 0, i, rc, qstart = -1;
	char *query = NULL;
	ct_index *idx = NULL;
	ct_results *r = NULL;
	int status = EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	o.limit = 10;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			qstart = i + 1;
			break;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
			if (cli_parse_langs(argv[++i], &o.lang_mask))
				goto done;
		} else if ((strcmp(a, "--limit") == 0 || strcmp(a, "-n") == 0) && i + 1 < argc) {
			if (cli_parse_count(argv[++i], "--limit", &o.limit))
				goto done;
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--tsv") == 0) {
			tsv = 1;
		} else if (strcmp(a, "--no-expand") == 0) {
			o.no_expand = 1;
		} else if (strcmp(a, "--no-align") == 0) {
			o.no_align = 1;
		} else if (strncmp(a, "--", 2) == 0) {
			cli_error("search: unknown option '%s'", a);
			goto done;
		} else {
			qstart = i;
			break;
		}
	}
	if (qstart < 0 || qstart >= argc) {
		cli_error("search: no query (usage: cyrterm search [OPTIONS] QUERY)");
		goto done;
	}
	if (json && tsv) {
		cli_error("search: choose one of --json and --tsv");
		goto done;
	}
	query = cli_join(argc, argv, qstart);
	if (!query) {
		status = EXIT_RUNTIME;
		goto done;
	}
	rc = cli_open_index(&idx, db, 0);
	if (rc != CT_OK) {
		status = cli_exit_for(rc) == EXIT_USAGE && rc != CT_ENOTFOUND ? EXIT_USAGE : EXIT_RUNTIME;
		if (rc == CT_ENOTFOUND)
			status = EXIT_USAGE;
		goto done;
	}
	rc = ct_search(&r, idx, query, strlen(query), &o);
	if (rc != CT_OK) {
		cli_error("%s", ct_index_errmsg(idx));
		status = cli_exit_for(rc);
		goto done;
	}
	if (json)
		out_search_json(stdout, query, r);
	else if (tsv)
		out_search_tsv(stdout, r);
	else
		out_search_text(stdout, r, cli_color(stdout));
	status = ct_results_count(r) > 0 ? EXIT_FOUND : EXIT_NONE;
	if (fflush(stdout) != 0) {
		cli_error("cannot write the results");
		status = EXIT_RUNTIME;
	}
done:
	ct_results_free(r);
	ct_index_free(idx);
	free(query);
	return status;
}
