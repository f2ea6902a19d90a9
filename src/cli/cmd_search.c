/*
 * cmd_search.c -- cyrterm search [--db PATH] [--lang kk,sr] [--limit N]
 *                 [--json|--tsv] [--no-expand] [--no-align] QUERY
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int search_option(void *ctx, int argc, char **argv, int *i)
{
	ct_search_opts *o = ctx;
	(void)argc;
	if (strcmp(argv[*i], "--no-expand") == 0)
		o->no_expand = 1;
	else if (strcmp(argv[*i], "--no-align") == 0)
		o->no_align = 1;
	else
		return 0;
	return 1;
}

int cmd_search(int argc, char **argv)
{
	cli_query_args qa;
	ct_search_opts o;
	ct_index *idx = NULL;
	ct_results *r = NULL;
	int rc, status;

	memset(&o, 0, sizeof(o));
	status = cli_parse_query_args(argc, argv, "search", &qa, search_option, &o);
	if (status != 0)
		goto done;
	o.lang_mask = qa.lang_mask;
	o.limit = qa.limit;
	if ((status = cli_open_for_query(&idx, qa.db)) != 0)
		goto done;
	rc = ct_search(&r, idx, qa.query, strlen(qa.query), &o);
	if (rc != CT_OK) {
		cli_error("%s", ct_index_errmsg(idx));
		status = cli_exit_for(rc);
		goto done;
	}
	if (qa.json)
		out_search_json(stdout, qa.query, r);
	else if (qa.tsv)
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
	free(qa.query);
	return status;
}
