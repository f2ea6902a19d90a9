/*
 * cmd_term.c -- cyrterm term [--db PATH] [--lang L] [--limit N] [--kwic N]
 *               [--json|--tsv] [--no-fuzzy] QUERY
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int term_option(void *ctx, int argc, char **argv, int *i)
{
	ct_lookup_opts *o = ctx;
	if (strcmp(argv[*i], "--no-fuzzy") == 0) {
		o->no_fuzzy = 1;
		return 1;
	}
	if (strcmp(argv[*i], "--kwic") == 0 && *i + 1 < argc) {
		++*i;
		return cli_parse_count(argv[*i], "--kwic", &o->kwic_limit) ? -1 : 1;
	}
	return 0;
}

int cmd_term(int argc, char **argv)
{
	cli_query_args qa;
	ct_lookup_opts o;
	ct_index *idx = NULL;
	ct_lookup *r = NULL;
	int rc, status;

	memset(&o, 0, sizeof(o));
	status = cli_parse_query_args(argc, argv, "term", &qa, term_option, &o);
	if (status != 0)
		goto done;
	o.lang_mask = qa.lang_mask;
	o.limit = qa.limit;
	if ((status = cli_open_for_query(&idx, qa.db)) != 0)
		goto done;
	rc = ct_term_lookup(&r, idx, qa.query, strlen(qa.query), &o);
	if (rc != CT_OK) {
		cli_error("%s", ct_index_errmsg(idx));
		status = cli_exit_for(rc);
		goto done;
	}
	if (qa.json)
		out_lookup_json(stdout, qa.query, r);
	else if (qa.tsv)
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
	free(qa.query);
	return status;
}
