/*
 * out_text.c -- readable output on a terminal: ranked passages with the
 * matched words highlighted, the glossary terms of each passage coloured by
 * concept, and the aligned passages of the other languages beside (on a
 * wide terminal) or under (on a narrow one) their result.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"
#define HILITE "\033[1;33m"

/* Concept colours: the same concept has the same colour in a result and in
 * its aligned passages. */
static const char *const palette[] = {"\033[36m", "\033[35m", "\033[32m", "\033[34m", "\033[31m", "\033[96m"};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

static int term_width(FILE *f)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	if (c && atoi(c) > 20)
		return atoi(c);
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

/* Number of characters (code points) of s[0..n). */
static size_t nchars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* Writes text with spans in colour (highlights first, then terms).  Lines
 * are not wrapped: the terminal wraps them, copy-paste keeps them whole. */
static void put_marked(FILE *f, const char *text, size_t n, const ct_span *hl, size_t nhl,
                       const ct_span *terms, const int *colors, size_t nterms, int color)
{
	if (!color) {
		fwrite(text, 1, n, f);
		return;
	}
	for (size_t i = 0; i < n;) {
		const char *on = NULL;
		size_t end = 0;
		for (size_t k = 0; k < nhl; k++)
			if (hl[k].start == i && hl[k].end > i) {
				on = HILITE;
				end = hl[k].end;
			}
		for (size_t k = 0; k < nterms && !on; k++)
			if (terms[k].start == i && terms[k].end > i) {
				on = palette[(size_t)colors[k] % NPALETTE];
				end = terms[k].end;
			}
		if (on) {
			fputs(on, f);
			fwrite(text + i, 1, end - i, f);
			fputs(RESET, f);
			i = end;
		} else {
			fputc(text[i], f);
			i++;
		}
	}
}

/* Marks of a column: spans of text with their colour. */
typedef struct marks {
	const ct_span *sp;
	const int *color;
	size_t n;
} marks;

static int mark_at(const marks *m, size_t i, size_t *end)
{
	for (size_t k = 0; m && k < m->n; k++)
		if (m->sp[k].start <= i && i < m->sp[k].end) {
			*end = m->sp[k].end;
			return m->color ? m->color[k] : -1;
		}
	return -2;
}

/* Writes one line of at most `width` characters of s from *pos, padded,
 * with the marked spans in colour (re-opened on each line they cross). */
static void put_wrapped_col(FILE *f, const char *s, size_t width, size_t *pos, size_t n, const marks *m, int color)
{
	size_t i = *pos, w = 0, last_space = 0, last_space_w = 0;
	while (i < n && w < width) {
		if (s[i] == ' ') {
			last_space = i;
			last_space_w = w;
		}
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		w++;
	}
	if (i < n && last_space > *pos) {
		i = last_space + 1;
		w = last_space_w + 1;
	}
	int open = 0;
	for (size_t k = *pos; k < i; k++) {
		size_t end = 0;
		int c = color ? mark_at(m, k, &end) : -2;
		if (c != -2 && !open) {
			fputs(c >= 0 ? palette[(size_t)c % NPALETTE] : HILITE, f);
			open = 1;
		} else if (c == -2 && open) {
			fputs(RESET, f);
			open = 0;
		}
		fputc(s[k] == '\t' ? ' ' : s[k], f);
	}
	if (open)
		fputs(RESET, f);
	for (; w < width; w++)
		fputc(' ', f);
	*pos = i;
}

/* A result and its aligned passages side by side, on a wide terminal. */
static void side_by_side(FILE *f, const ct_hit *h, const ct_span *ts, const int *tc, int width, int color)
{
	size_t col = (size_t)(width - 7) / 2;
	marks left = {ts, tc, ts && tc ? h->nterms : 0};
	for (size_t k = 0; k < h->naligned; k++) {
		const ct_aligned *a = &h->aligned[k];
		marks right = {a->terms, a->colors, a->nterms};
		/* the result's text stands beside its first aligned passage */
		size_t pl = k == 0 ? 0 : h->text_n, pr = 0, nl = h->text_n, nr = strlen(a->text);
		fprintf(f, "   %-*s | ≈ [%s] %s:%ld  %.3f\n", (int)col, "", a->lang, a->doc, a->line, a->score);
		while (pl < nl || pr < nr) {
			fputs("   ", f);
			put_wrapped_col(f, h->text, col, &pl, nl, &left, color);
			fputs(" | ", f);
			put_wrapped_col(f, a->text, col, &pr, nr, &right, color);
			fputc('\n', f);
		}
	}
}

void out_search_text(FILE *f, const ct_results *r, int color)
{
	size_t n = ct_results_count(r);
	int width = term_width(f);
	if (ct_results_expanded_count(r) > 0) {
		fprintf(f, "%sexpanded:%s", color ? DIM : "", color ? RESET : "");
		for (size_t i = 0; i < ct_results_expanded_count(r); i++) {
			const ct_expansion *e = ct_results_expanded(r, i);
			fprintf(f, "%s %s \"%s\"", i ? "," : "", e->lang, e->term);
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < n; i++) {
		const ct_hit *h = ct_results_get(r, i);
		ct_span *ts = calloc(h->nterms + 1, sizeof(*ts));
		int *tc = calloc(h->nterms + 1, sizeof(*tc));
		for (size_t k = 0; ts && tc && k < h->nterms; k++) {
			ts[k].start = h->terms[k].start;
			ts[k].end = h->terms[k].end;
			tc[k] = h->terms[k].color;
		}
		fprintf(f, "%s%d. %s:%ld%s  [%s]  %.3f%s\n", color ? BOLD : "", h->rank, h->doc, h->line,
		        color ? RESET : "", h->lang, h->score, h->toc ? "  (contents)" : "");
		fputs("   ", f);
		put_marked(f, h->text, h->text_n, h->highlights, h->nhighlights, ts, tc, ts && tc ? h->nterms : 0, color);
		fputc('\n', f);
		for (size_t k = 0; k < h->nterms; k++) {
			const ct_hit_term *t = &h->terms[k];
			fprintf(f, "   %s%s%s", color ? palette[(size_t)t->color % NPALETTE] : "", t->form, color ? RESET : "");
			fprintf(f, " (%s%s) →", t->concept, t->deprecated ? ", DEPRECATED term" : "");
			const char *lastlang = "";
			for (size_t j = 0; j < t->ntranslations; j++) {
				const ct_term *x = &t->translations[j];
				if (strcmp(x->lang, lastlang) != 0)
					fprintf(f, " %s%s:", j ? "; " : "", x->lang);
				else
					fputs(",", f);
				fprintf(f, " %s%s", x->term, strcmp(x->status, "deprecated") == 0 ? " (deprecated)" : "");
				lastlang = x->lang;
			}
			fputc('\n', f);
		}
		for (size_t k = 0; k < h->ntranslations; k++)
			fprintf(f, "   ⇄ [%s] %s\n", h->translations[k].lang, h->translations[k].text);
		if (h->naligned && width >= 120) {
			side_by_side(f, h, ts, tc, width, color);
		} else {
			for (size_t k = 0; k < h->naligned; k++) {
				const ct_aligned *a = &h->aligned[k];
				fprintf(f, "   %s≈ [%s] %s:%ld  %.3f%s\n     ", color ? DIM : "", a->lang, a->doc, a->line, a->score,
				        color ? RESET : "");
				put_marked(f, a->text, strlen(a->text), NULL, 0, a->terms, a->colors, a->nterms, color);
				fputc('\n', f);
			}
		}
		if (h->nalso) {
			fputs("   also at:", f);
			for (size_t k = 0; k < h->nalso; k++)
				fprintf(f, " %s:%ld", h->also[k].doc, h->also[k].line);
			fputc('\n', f);
		}
		free(ts);
		free(tc);
	}
	if (n == 0)
		fputs("no passages found\n", f);
	(void)nchars;
}

void out_lookup_text(FILE *f, const ct_lookup *r, int color)
{
	size_t n = ct_lookup_count(r);
	static const char *langs[] = {"kk", "ru", "sr", "en"};
	for (size_t i = 0; i < n; i++) {
		const ct_entry *e = ct_lookup_get(r, i);
		fprintf(f, "%s%s%s  (%s match on \"%s\")\n", color ? BOLD : "", e->gloss_en ? e->gloss_en : e->concept,
		        color ? RESET : "", ct_match_kind_name(e->match), e->matched_term ? e->matched_term : "");
		fprintf(f, "  concept: %s%s%s\n", e->concept, e->domain ? "  domain: " : "", e->domain ? e->domain : "");
		for (size_t l = 0; l < 4; l++) {
			int any = 0;
			for (size_t k = 0; k < e->nterms; k++) {
				const ct_term *t = &e->terms[k];
				if (strcmp(t->lang, langs[l]) != 0)
					continue;
				fprintf(f, "%s%s", any ? "; " : "  ", any ? "" : langs[l]);
				if (!any)
					fputs(": ", f);
				fprintf(f, "%s", t->term);
				if (strcmp(t->status, "preferred") != 0 || strcmp(t->type, "full") != 0)
					fprintf(f, " (%s%s%s)", t->status, strcmp(t->type, "full") ? ", " : "",
					        strcmp(t->type, "full") ? t->type : "");
				any = 1;
			}
			if (any)
				fputc('\n', f);
		}
		if (e->definition)
			fprintf(f, "  definition: %s\n", e->definition);
		if (e->note)
			fprintf(f, "  note: %s\n", e->note);
		fprintf(f, "  in the corpus: kk %ld, ru %ld, sr %ld passages\n", e->count_kk, e->count_ru, e->count_sr);
		for (size_t k = 0; k < e->nkwic; k++) {
			const ct_kwic *w = &e->kwic[k];
			size_t lw = nchars(w->left, strlen(w->left));
			fprintf(f, "  %*s%s %s%s%s %s   %s:%ld\n", lw < 40 ? (int)(40 - lw) : 0, "", w->left,
			        color ? HILITE : "[", w->match, color ? RESET : "]", w->right, w->doc, w->line);
		}
		fputc('\n', f);
	}
	if (n == 0)
		fputs("no terms found\n", f);
}
