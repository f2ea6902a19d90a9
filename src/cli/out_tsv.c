/*
 * out_tsv.c -- tab-separated output for spreadsheets and shell pipelines:
 * one record per line, tabs, newlines and backslashes escaped as \t \n \\.
 */
#include <string.h>

#include "cli.h"

void tsv_field(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: fputc(s[i], f);
		}
	}
}

void out_search_tsv(FILE *f, const ct_results *r)
{
	fputs("rank\tscore\tdoc\tline\tstart\tend\tlang\ttext\n", f);
	for (size_t i = 0; i < ct_results_count(r); i++) {
		const ct_hit *h = ct_results_get(r, i);
		fprintf(f, "%d\t%.4f\t", h->rank, h->score);
		tsv_field(f, h->doc, strlen(h->doc));
		fprintf(f, "\t%ld\t%zu\t%zu\t%s\t", h->line, h->start, h->end, h->lang);
		tsv_field(f, h->text, h->text_n);
		fputc('\n', f);
	}
}

void out_lookup_tsv(FILE *f, const ct_lookup *r)
{
	static const char *langs[] = {"kk", "ru", "sr", "en"};
	fputs("concept\tmatch\tkk\tru\tsr\ten\n", f);
	for (size_t i = 0; i < ct_lookup_count(r); i++) {
		const ct_entry *e = ct_lookup_get(r, i);
		tsv_field(f, e->concept, strlen(e->concept));
		fprintf(f, "\t%s", ct_match_kind_name(e->match));
		for (size_t l = 0; l < 4; l++) {
			fputc('\t', f);
			int any = 0;
			for (size_t k = 0; k < e->nterms; k++) {
				if (strcmp(e->terms[k].lang, langs[l]) != 0)
					continue;
				if (any)
					fputs("; ", f);
				tsv_field(f, e->terms[k].term, strlen(e->terms[k].term));
				any = 1;
			}
		}
		fputc('\n', f);
	}
}
