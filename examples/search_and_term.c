/*
 * search_and_term.c -- cyrterm as a library: open an index, search it and
 * look up a term, through the public API only.
 *
 *   cc search_and_term.c -lcyrterm ... && ./search_and_term [INDEX.db]
 *
 * Without an argument the bundled corpus and glossary are used (indexed on
 * first use, like the cyrterm command).
 */
#include <stdio.h>
#include <string.h>

#include <cyrterm/cyrterm.h>

int main(int argc, char **argv)
{
	ct_index *idx = NULL;
	ct_results *res = NULL;
	ct_lookup *terms = NULL;
	char err[512];
	int rc;

	if (argc > 1)
		rc = ct_index_open(&idx, argv[1], 0, err, sizeof(err));
	else
		rc = ct_index_open_default(&idx, NULL, NULL, err, sizeof(err));
	if (rc != CT_OK) {
		fprintf(stderr, "cannot open the index: %s\n", err);
		return 1;
	}

	/* A Russian query: the corpus has no Russian, the glossary bridges. */
	const char *query = "трансфер технологий";
	ct_search_opts so;
	memset(&so, 0, sizeof(so));
	so.limit = 5;
	rc = ct_search(&res, idx, query, strlen(query), &so);
	if (rc != CT_OK) {
		fprintf(stderr, "search failed: %s\n", ct_index_errmsg(idx));
		goto done;
	}
	printf("search \"%s\": %zu results\n", query, ct_results_count(res));
	for (size_t i = 0; i < ct_results_count(res); i++) {
		const ct_hit *h = ct_results_get(res, i);
		printf("%d. [%s] %s:%ld\n", h->rank, h->lang, h->doc, h->line);
		for (size_t k = 0; k < h->nterms; k++)
			printf("   term %.*s (%s)\n", (int)(h->terms[k].end - h->terms[k].start), h->text + h->terms[k].start,
			       h->terms[k].concept);
	}

	/* A Kazakh term: its Russian and Serbian equivalents. */
	const char *term = "зияткерлік меншік";
	ct_lookup_opts lo;
	memset(&lo, 0, sizeof(lo));
	rc = ct_term_lookup(&terms, idx, term, strlen(term), &lo);
	if (rc != CT_OK) {
		fprintf(stderr, "lookup failed: %s\n", ct_index_errmsg(idx));
		goto done;
	}
	if (ct_lookup_count(terms) > 0) {
		const ct_entry *e = ct_lookup_get(terms, 0);
		printf("term \"%s\" -> %s (%s match)\n", term, e->concept, ct_match_kind_name(e->match));
		for (size_t k = 0; k < e->nterms; k++)
			if (strcmp(e->terms[k].status, "preferred") == 0)
				printf("   %s: %s\n", e->terms[k].lang, e->terms[k].term);
	}
done:
	ct_lookup_free(terms);
	ct_results_free(res);
	ct_index_free(idx);
	return rc == CT_OK ? 0 : 1;
}
