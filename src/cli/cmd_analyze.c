/*
 * cmd_analyze.c -- cyrterm analyze [--json] [--lang L] TEXT: every word
 * with its byte offsets and every form it is indexed under.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct an_ctx {
	FILE *f;
	int json;
	int nwords;
	const char *text;
} an_ctx;

static const char *kind_name(ct_form_kind k)
{
	switch (k) {
	case CT_FORM_EXACT: return "exact";
	case CT_FORM_FOLDED: return "folded";
	case CT_FORM_LATIN: return "latin";
	case CT_FORM_STEM: return "stem";
	}
	return "?";
}

static int on_form(void *vctx, int first, ct_form_kind kind, ct_lang lang, const char *form, size_t n,
                   size_t start, size_t end)
{
	an_ctx *c = vctx;
	if (c->json) {
		if (first) {
			if (c->nwords++)
				fputs("]},", c->f);
			fprintf(c->f, "{\"start\":%zu,\"end\":%zu,\"text\":", start, end);
			json_str(c->f, c->text + start, end - start);
			fputs(",\"normalized\":", c->f);
			json_str(c->f, form, n);
			fputs(",\"forms\":[", c->f);
		} else {
			fputc(',', c->f);
		}
		fprintf(c->f, "{\"kind\":\"%s\",", kind_name(kind));
		if (kind == CT_FORM_STEM)
			fprintf(c->f, "\"lang\":\"%s\",", ct_lang_code(lang));
		fputs("\"form\":", c->f);
		json_str(c->f, form, n);
		fputc('}', c->f);
	} else {
		if (first) {
			c->nwords++;
			fprintf(c->f, "%zu-%zu\t%.*s\t%.*s", start, end, (int)(end - start), c->text + start, (int)n, form);
			fputc('\n', c->f);
		}
		fprintf(c->f, "\t%s%s%s\t%.*s\n", kind_name(kind), kind == CT_FORM_STEM ? ":" : "",
		        kind == CT_FORM_STEM ? ct_lang_code(lang) : "", (int)n, form);
	}
	return 0;
}

int cmd_analyze(int argc, char **argv)
{
	int json = 0, i, status = EXIT_USAGE, qstart = -1;
	unsigned mask = 0;
	char *text = NULL;
	ct_analyzer *an = NULL;
	size_t bad;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			if (cli_parse_langs(argv[++i], &mask))
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--") == 0) {
			qstart = i + 1;
			break;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			cli_error("analyze: unknown option '%s'", argv[i]);
			return EXIT_USAGE;
		} else {
			qstart = i;
			break;
		}
	}
	if (qstart < 0 || qstart >= argc) {
		cli_error("analyze: no text (usage: cyrterm analyze [--json] TEXT)");
		return EXIT_USAGE;
	}
	text = cli_join(argc, argv, qstart);
	if (!text)
		return EXIT_RUNTIME;
	size_t n = strlen(text);
	if (ct_utf8_validate(text, n, &bad) != CT_OK) {
		cli_error("analyze: invalid UTF-8 at byte %zu", bad);
		goto done;
	}
	if (ct_analyzer_new(&an) != CT_OK) {
		status = EXIT_RUNTIME;
		goto done;
	}
	ct_lang lang = ct_detect_lang(text, n);
	an_ctx c = {stdout, json, 0, text};
	if (json) {
		fputs("{\"text\":", stdout);
		json_str(stdout, text, n);
		fprintf(stdout, ",\"lang\":\"%s\",\"tokens\":[", ct_lang_code(mask ? CT_LANG_UND : lang));
	} else {
		printf("# language: %s; columns: bytes, word, normalised form, then its indexed forms\n",
		       ct_lang_code(lang));
	}
	int rc = ct_analyze(an, text, n, CT_TOK_DOCUMENT, mask, on_form, &c);
	if (json)
		fputs(c.nwords ? "]}]}\n" : "]}\n", stdout);
	status = rc == CT_OK ? 0 : EXIT_RUNTIME;
done:
	ct_analyzer_free(an);
	free(text);
	return status;
}
