/*
 * search_instr.c -- the searches whose instructions bench/instr.sh counts.
 *
 *   search_instr --db PATH [--warm N] [--runs N] [--no-align] QUERY
 *
 * Opens the index read-only, searches QUERY --warm times (default 2: the
 * per-handle caches -- glossary, matcher, concept passages -- are filled as
 * in a long `cyrterm batch`), then --runs times (default 3) through
 * measured_search(), the function that `valgrind --tool=callgrind
 * --toggle-collect=measured_search` counts.  Prints the number of results
 * and the total of the last run.  Instructions do not depend on what else
 * the machine runs, as wall time does; they are not time either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cyrterm/cyrterm.h"

/* Not inlined: callgrind counts what runs inside this function. */
__attribute__((noinline)) int measured_search(ct_index *idx, const char *q, const ct_search_opts *o, ct_results **r)
{
	return ct_search(r, idx, q, strlen(q), o);
}

static void usage(void)
{
	fprintf(stderr, "usage: search_instr --db PATH [--warm N] [--runs N] [--no-align] QUERY\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *db = NULL, *q = NULL;
	int warm = 2, runs = 3;
	ct_search_opts o;
	char err[512];
	ct_index *idx = NULL;

	memset(&o, 0, sizeof(o));
	o.limit = 10;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--warm") == 0 && i + 1 < argc)
			warm = atoi(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--no-align") == 0)
			o.no_align = 1;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			usage();
		else
			q = argv[i];
	}
	if (!db || !q || warm < 0 || runs < 1)
		usage();
	if (ct_index_open(&idx, db, CT_OPEN_READONLY, err, sizeof(err)) != CT_OK) {
		fprintf(stderr, "search_instr: %s\n", err);
		return 3;
	}
	size_t hits = 0, total = 0;
	for (int i = 0; i < warm + runs; i++) {
		ct_results *r = NULL;
		int rc = i < warm ? ct_search(&r, idx, q, strlen(q), &o) : measured_search(idx, q, &o, &r);
		if (rc != CT_OK) {
			fprintf(stderr, "search_instr: %s: %s\n", q, ct_index_errmsg(idx));
			ct_index_free(idx);
			return 3;
		}
		hits = ct_results_count(r);
		total = ct_results_total(r);
		ct_results_free(r);
	}
	printf("hits=%zu total=%zu runs=%d\n", hits, total, runs);
	ct_index_free(idx);
	return 0;
}
