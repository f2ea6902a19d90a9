/*
 * cmd_glossary.c -- cyrterm glossary import FILE [--format F] [--db PATH]
 *                   cyrterm glossary export --format tbx|tsv|csv|gloss [-o FILE] [--db PATH]
 *                   cyrterm glossary check [--db PATH]
 *                   cyrterm glossary suggest [--lang L] [--limit N] [--db PATH]
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(void)
{
	cli_error("usage: cyrterm glossary import FILE [--format tbx|tsv|csv|gloss] [--db PATH]\n"
	          "       cyrterm glossary export --format tbx|tsv|csv|gloss [-o FILE] [--db PATH]\n"
	          "       cyrterm glossary check [--db PATH]\n"
	          "       cyrterm glossary suggest [--lang kk] [--limit N] [--db PATH]");
}

static void on_problem(void *ctx, const char *msg)
{
	(void)ctx;
	printf("%s\n", msg);
}

static void on_candidate(void *ctx, const ct_candidate *c)
{
	int *n = ctx;
	printf("%.2f\t%ld\t%s\t%s\n", c->cvalue, c->freq, c->lang, c->phrase);
	(*n)++;
}

int cmd_glossary(int argc, char **argv)
{
	const char *db = NULL, *file = NULL, *out = NULL, *fmt_name = NULL;
	unsigned mask = 0;
	size_t limit = 50;
	ct_index *idx = NULL;
	int rc, status = EXIT_USAGE;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		usage();
		return argc < 2 ? EXIT_USAGE : 0;
	}
	const char *sub = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(a, "--format") == 0 && i + 1 < argc)
			fmt_name = argv[++i];
		else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
			if (cli_parse_langs(argv[++i], &mask))
				return EXIT_USAGE;
		} else if (strcmp(a, "--limit") == 0 && i + 1 < argc) {
			if (cli_parse_count(argv[++i], "--limit", &limit))
				return EXIT_USAGE;
		} else if (a[0] == '-' && a[1]) {
			cli_error("glossary %s: unknown option '%s'", sub, a);
			return EXIT_USAGE;
		} else if (!file)
			file = a;
		else {
			cli_error("glossary %s: unexpected argument '%s'", sub, a);
			return EXIT_USAGE;
		}
	}
	ct_gformat fmt = fmt_name ? ct_gformat_from_name(fmt_name) : CT_GFORMAT_AUTO;
	if (fmt_name && fmt == CT_GFORMAT_AUTO) {
		cli_error("glossary: unknown format '%s' (tbx, tsv, csv, gloss)", fmt_name);
		return EXIT_USAGE;
	}

	if (strcmp(sub, "import") == 0) {
		ct_import_stats st;
		if (!file) {
			cli_error("glossary import: no file given");
			return EXIT_USAGE;
		}
		if (access(file, R_OK) != 0) {
			cli_error("glossary import: %s: cannot read the file", file);
			return EXIT_USAGE;
		}
		if ((rc = cli_open_index(&idx, db, db != NULL)) != CT_OK)
			return EXIT_RUNTIME;
		rc = ct_glossary_import(idx, file, fmt, &st);
		if (rc != CT_OK) {
			cli_error("%s", ct_index_errmsg(idx));
			status = cli_exit_for(rc);
		} else {
			fprintf(stderr, "cyrterm: %s: %zu concepts (%zu replaced), %zu terms imported\n", file, st.concepts,
			        st.replaced, st.terms);
			status = 0;
		}
	} else if (strcmp(sub, "export") == 0) {
		if (fmt == CT_GFORMAT_AUTO) {
			cli_error("glossary export: --format tbx|tsv|csv|gloss is required");
			return EXIT_USAGE;
		}
		if (file) {
			cli_error("glossary export: unexpected argument '%s' (use -o FILE)", file);
			return EXIT_USAGE;
		}
		if ((rc = cli_open_index(&idx, db, 0)) != CT_OK)
			return EXIT_RUNTIME;
		FILE *f = out ? fopen(out, "wb") : stdout;
		if (!f) {
			cli_error("glossary export: %s: cannot create the file", out);
			status = EXIT_RUNTIME;
			goto done;
		}
		rc = ct_glossary_export(idx, fmt, f);
		int wrc = out ? fclose(f) : fflush(f);
		if (rc != CT_OK) {
			cli_error("%s", ct_index_errmsg(idx));
			status = EXIT_RUNTIME;
		} else if (wrc != 0) {
			cli_error("glossary export: cannot write %s", out ? out : "the output");
			status = EXIT_RUNTIME;
		} else {
			status = 0;
		}
	} else if (strcmp(sub, "check") == 0) {
		if ((rc = cli_open_index(&idx, db, 0)) != CT_OK)
			return EXIT_RUNTIME;
		int n = ct_glossary_check(idx, on_problem, NULL);
		if (n < 0) {
			cli_error("%s", ct_index_errmsg(idx));
			status = EXIT_RUNTIME;
		} else {
			ct_index_info info;
			ct_index_info_get(idx, &info);
			fprintf(stderr, "cyrterm: %ld concepts, %ld terms checked: %d problem%s\n", info.concepts, info.terms, n,
			        n == 1 ? "" : "s");
			status = n == 0 ? 0 : EXIT_NONE;
		}
	} else if (strcmp(sub, "suggest") == 0) {
		int n = 0;
		if ((rc = cli_open_index(&idx, db, 0)) != CT_OK)
			return EXIT_RUNTIME;
		printf("cvalue\tfreq\tlang\tcandidate\n");
		rc = ct_glossary_suggest(idx, mask, limit, on_candidate, &n);
		if (rc != CT_OK) {
			cli_error("%s", ct_index_errmsg(idx));
			status = EXIT_RUNTIME;
		} else {
			status = n ? 0 : EXIT_NONE;
		}
	} else {
		cli_error("glossary: unknown subcommand '%s'", sub);
		usage();
	}
done:
	ct_index_free(idx);
	return status;
}
