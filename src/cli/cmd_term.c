/*
 * cmd_term.c -- cyrterm term [--db PATH] [--lang L] [--limit N]
 *               [--json|--tsv] [--no-fuzzy] QUERY
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_term(int argc, char **argv)
{
	const char *db = NULL;
	ct_lookup_opts o;
	int json = 0, tsv = 0, i, rc, qstart = -1, status = EXIT_USAGE;
	char *query = NULL;
	ct_index *idx = NULL;
	ct_lookup *r = NULL;

	memset(&o, 0, sizeof(o));
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
		} else if (strcmp(a, "--kwic") == 0 && i + 1 < argc) {
			if (cli_parse_count(argv[++i], "--kwic", &o.kwic_limit))
				goto done;
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--tsv") == 0) {
			tsv = 1;
		} else if (strcmp(a, "--no-fuzzy") == 0) {
			o.no_fuzzy = 1;
		} else if (strncmp(a, "--", 2) == 0) {
			cli_error("term: unknown option '%s'", a);
			goto done;
		} else {
			qstart = i;
			break;
		}
	}
	if (qstart < 0 || qstart >= argc) {
		cli_error("term: no term given (usage: cyrterm term [OPTIONS] TERM)");
		goto done;
	}
	if (json && tsv) {
		cli_error("term: choose one of --json and --tsv");
		goto done;
	}
	query = cli_join(argc, argv, qstart);
	if (!query) {
		status = EXIT_RUNTIME;
		goto done;
	}
	rc = cli_open_index(&idx, db, 0);
	if (rc != CT_OK) {
		status = rc == CT_ENOTFOUND ? EXIT_USAGE : EXIT_RUNTIME;
		goto done;
	}
	rc = ct_term_lookup(&r, idx, query, strlen(query), &o);
	if (rc != CT_OK) {
		cli_error("%s", ct_index_errmsg(idx));
		status = cli_exit_for(rc);
		goto done;
	}
	if (json)
		out_lookup_json(stdout, query, r);
	else if (tsv)
		out_lookup_tsv(stdout, r);
	else
		out_lookup_text(stdout, r, cli_color(stdout));
	status = ct_lookup_count(r) > 0 ? EXIT_FOUND : EXIT_NONE;
	if (fflush(stdout) != 0) {
		cli_error("cannot write the results");
		status = EXIT_RUNTIME;
	}
done:
	ct_lookup_free(r);
	ct_index_free(idx);
	free(query);
	return status;
}
