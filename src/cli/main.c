/*
 * main.c -- cyrterm's command-line front end: dispatches to cmd_<verb>.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: cyrterm COMMAND [OPTIONS] ...\n"
	        "\n"
	        "Search Kazakh, Russian and Serbian texts and their terminology.\n"
	        "\n"
	        "commands:\n"
	        "  search [--db PATH] [--lang kk,ru,sr] [--limit N] [--json|--tsv] [--no-expand] QUERY\n"
	        "  term [--db PATH] [--lang L] [--limit N] [--json|--tsv] QUERY\n"
	        "  index [--db PATH] [--repair-utf8] [--encoding NAME] [--keep] [--no-glossary] PATH...\n"
	        "  analyze [--json] [--lang L] TEXT\n"
	        "  glossary import FILE | export --format tbx|tsv|csv|gloss [-o FILE] | check | suggest [--lang L]\n"
	        "  batch [--mode search|term] [--json|--tsv] [--limit N] [FILE]\n"
	        "  info [--db PATH]\n"
	        "\n"
	        "Without --db, the bundled corpus and glossary are used (indexed on first use).\n"
	        "Exit status: 0 found, 1 nothing found, 2 bad usage or input, 3 runtime failure,\n"
	        "4 (batch) some lines had errors.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *verb = argv[1];
	if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0 || strcmp(verb, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(verb, "--version") == 0) {
		printf("cyrterm %s\n", CYRTERM_VERSION);
		return 0;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{"search", cmd_search}, {"index", cmd_index}, {"analyze", cmd_analyze},
		{"term", cmd_term},     {"glossary", cmd_glossary}, {"batch", cmd_batch},
		{"info", cmd_info},
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(verb, cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	cli_error("unknown command '%s' (try 'cyrterm --help')", verb);
	return EXIT_USAGE;
}
