/*
 * out_json.c -- JSON output for programs.  Strings are the library's UTF-8,
 * written with only the escapes JSON requires.
 */
#include <string.h>

#include "cli.h"

void json_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

void json_cstr(FILE *f, const char *s)
{
	if (!s)
		fputs("null", f);
	else
		json_str(f, s, strlen(s));
}

static void json_terms_by_lang(FILE *f, const ct_term *t, size_t n, int detailed)
{
	static const char *langs[] = {"kk", "ru", "sr", "en"};
	fputc('{', f);
	int firstlang = 1;
	for (size_t l = 0; l < 4; l++) {
		int any = 0;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(t[i].lang, langs[l]) != 0)
				continue;
			if (!any) {
				fprintf(f, "%s\"%s\":[", firstlang ? "" : ",", langs[l]);
				firstlang = 0;
			} else {
				fputc(',', f);
			}
			any = 1;
			if (detailed) {
				fputs("{\"term\":", f);
				json_cstr(f, t[i].term);
				fputs(",\"status\":", f);
				json_cstr(f, t[i].status);
				fputs(",\"type\":", f);
				json_cstr(f, t[i].type);
				fputs(",\"pos\":", f);
				json_cstr(f, t[i].pos);
				if (t[i].note) {
					fputs(",\"note\":", f);
					json_cstr(f, t[i].note);
				}
				fputc('}', f);
			} else {
				fputs("{\"term\":", f);
				json_cstr(f, t[i].term);
				fputs(",\"status\":", f);
				json_cstr(f, t[i].status);
				fputc('}', f);
			}
		}
		if (any)
			fputc(']', f);
	}
	fputc('}', f);
}

void out_search_json(FILE *f, const char *query, const ct_results *r)
{
	fputs("{\"query\":", f);
	json_cstr(f, query);
	fputc(',', f);
	out_search_json_body(f, r);
	fputs("}\n", f);
}

void out_search_json_body(FILE *f, const ct_results *r)
{
	fprintf(f, "\"total\":%zu,\"expanded\":[", ct_results_total(r));
	for (size_t i = 0; i < ct_results_expanded_count(r); i++) {
		const ct_expansion *e = ct_results_expanded(r, i);
		fprintf(f, "%s{\"concept\":", i ? "," : "");
		json_cstr(f, e->concept);
		fputs(",\"lang\":", f);
		json_cstr(f, e->lang);
		fputs(",\"term\":", f);
		json_cstr(f, e->term);
		fputc('}', f);
	}
	fputs("],\"results\":[", f);
	for (size_t i = 0; i < ct_results_count(r); i++) {
		const ct_hit *h = ct_results_get(r, i);
		fprintf(f, "%s{\"rank\":%d,\"score\":%.4f,\"doc\":", i ? "," : "", h->rank, h->score);
		json_cstr(f, h->doc);
		fprintf(f, ",\"line\":%ld,\"start\":%zu,\"end\":%zu,\"lang\":", h->line, h->start, h->end);
		json_cstr(f, h->lang);
		fputs(",\"text\":", f);
		json_str(f, h->text, h->text_n);
		fputs(",\"highlights\":[", f);
		for (size_t k = 0; k < h->nhighlights; k++)
			fprintf(f, "%s[%zu,%zu]", k ? "," : "", h->highlights[k].start, h->highlights[k].end);
		fputs("],\"also\":[", f);
		for (size_t k = 0; k < h->nalso; k++) {
			fprintf(f, "%s{\"doc\":", k ? "," : "");
			json_cstr(f, h->also[k].doc);
			fprintf(f, ",\"line\":%ld}", h->also[k].line);
		}
		fputs("],\"terms\":[", f);
		for (size_t k = 0; k < h->nterms; k++) {
			const ct_hit_term *t = &h->terms[k];
			fprintf(f, "%s{\"start\":%zu,\"end\":%zu,\"concept\":", k ? "," : "", t->start, t->end);
			json_cstr(f, t->concept);
			fputs(",\"form\":", f);
			json_cstr(f, t->form);
			fputs(",\"lang\":", f);
			json_cstr(f, t->lang);
			fprintf(f, ",\"deprecated\":%s,\"translations\":", t->deprecated ? "true" : "false");
			json_terms_by_lang(f, t->translations, t->ntranslations, 0);
			fputc('}', f);
		}
		fputs("],\"aligned\":[", f);
		for (size_t k = 0; k < h->naligned; k++) {
			const ct_aligned *a = &h->aligned[k];
			fprintf(f, "%s{\"lang\":", k ? "," : "");
			json_cstr(f, a->lang);
			fputs(",\"doc\":", f);
			json_cstr(f, a->doc);
			fprintf(f, ",\"line\":%ld,\"score\":%.4f,\"text\":", a->line, a->score);
			json_cstr(f, a->text);
			fputc('}', f);
		}
		fputs("],\"translations\":[", f);
		for (size_t k = 0; k < h->ntranslations; k++) {
			const ct_translation *t = &h->translations[k];
			fprintf(f, "%s{\"lang\":", k ? "," : "");
			json_cstr(f, t->lang);
			fputs(",\"text\":", f);
			json_cstr(f, t->text);
			fprintf(f, ",\"score\":%.4f}", t->score);
		}
		fputs("]}", f);
	}
	fputs("]", f);
}

void out_lookup_json(FILE *f, const char *query, const ct_lookup *r)
{
	fputs("{\"query\":", f);
	json_cstr(f, query);
	fputc(',', f);
	out_lookup_json_body(f, r);
	fputs("}\n", f);
}

void out_lookup_json_body(FILE *f, const ct_lookup *r)
{
	fputs("\"entries\":[", f);
	for (size_t i = 0; i < ct_lookup_count(r); i++) {
		const ct_entry *e = ct_lookup_get(r, i);
		fprintf(f, "%s{\"concept\":", i ? "," : "");
		json_cstr(f, e->concept);
		fputs(",\"match\":", f);
		json_cstr(f, ct_match_kind_name(e->match));
		fprintf(f, ",\"score\":%.4f,\"matched_term\":", e->score);
		json_cstr(f, e->matched_term);
		fputs(",\"gloss\":{\"en\":", f);
		json_cstr(f, e->gloss_en);
		fputs("},\"definition\":", f);
		json_cstr(f, e->definition);
		fputs(",\"domain\":", f);
		json_cstr(f, e->domain);
		fputs(",\"note\":", f);
		json_cstr(f, e->note);
		fputs(",\"terms\":", f);
		json_terms_by_lang(f, e->terms, e->nterms, 1);
		fprintf(f, ",\"attestations\":{\"count\":{\"kk\":%ld,\"sr\":%ld,\"ru\":%ld},\"kwic\":[",
		        e->count_kk, e->count_sr, e->count_ru);
		for (size_t k = 0; k < e->nkwic; k++) {
			const ct_kwic *w = &e->kwic[k];
			fprintf(f, "%s{\"doc\":", k ? "," : "");
			json_cstr(f, w->doc);
			fprintf(f, ",\"line\":%ld,\"lang\":", w->line);
			json_cstr(f, w->lang);
			fputs(",\"left\":", f);
			json_cstr(f, w->left);
			fputs(",\"match\":", f);
			json_cstr(f, w->match);
			fputs(",\"right\":", f);
			json_cstr(f, w->right);
			fputc('}', f);
		}
		fputs("]}}", f);
	}
	fputc(']', f);
}
