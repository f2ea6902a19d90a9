/*
 * common.c -- what every command shares: messages, exit statuses, opening
 * the index, option values.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("cyrterm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit_for(int status)
{
	switch (status) {
	case CT_OK:
		return EXIT_FOUND;
	case CT_EINVAL:
	case CT_EUTF8:
	case CT_ESYNTAX:
	case CT_ETOOBIG:
	case CT_EFORMAT:
	case CT_ENOTFOUND:
		return EXIT_USAGE;
	default:
		return EXIT_RUNTIME;
	}
}

void cli_notice(void *ctx, ct_notice_level lv, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "cyrterm: %s%s\n", lv == CT_NOTICE_ERROR ? "error: " : lv == CT_NOTICE_WARNING ? "warning: " : "",
	        msg);
}

int cli_open_index(ct_index **out, const char *db, int create)
{
	char err[1024];
	int rc;
	/* commands that only read open the index read-only: they never wait
	 * for a writer and work on a read-only disk */
	if (db)
		rc = ct_index_open(out, db, create ? CT_OPEN_CREATE : CT_OPEN_READONLY, err, sizeof(err));
	else
		rc = ct_index_open_default(out, cli_notice, NULL, err, sizeof(err));
	if (rc != CT_OK)
		cli_error("%s", err[0] ? err : ct_strerror(rc));
	return rc;
}

int cli_parse_langs(const char *s, unsigned *mask)
{
	*mask = 0;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		ct_lang l = ct_lang_from_code(s, n);
		if (l == CT_LANG_UND) {
			cli_error("--lang: unknown language '%.*s' (use kk, ru, sr)", (int)n, s);
			return -1;
		}
		*mask |= CT_LANGBIT(l);
		s += n;
		if (*s == ',')
			s++;
	}
	if (!*mask) {
		cli_error("--lang needs at least one language (kk, ru, sr)");
		return -1;
	}
	return 0;
}

int cli_parse_count(const char *s, const char *opt, size_t *out)
{
	char *e;
	long v = strtol(s ? s : "", &e, 10);
	if (!s || !*s || *e || v <= 0 || v > 100000) {
		cli_error("%s needs a number from 1 to 100000, not '%s'", opt, s ? s : "");
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

char *cli_join(int argc, char **argv, int from)
{
	size_t n = 0;
	for (int i = from; i < argc; i++)
		n += strlen(argv[i]) + 1;
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	s[0] = '\0';
	size_t k = 0;
	for (int i = from; i < argc; i++) {
		size_t l = strlen(argv[i]);
		if (i > from)
			s[k++] = ' ';
		memcpy(s + k, argv[i], l);
		k += l;
	}
	s[k] = '\0';
	return s;
}

int cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
}

int cli_parse_query_args(int argc, char **argv, const char *cmd, cli_query_args *out, cli_option_fn extra,
                         void *ctx)
{
	int i, qstart = -1;
	memset(out, 0, sizeof(*out));
	out->limit = 10;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			qstart = i + 1;
			break;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			out->db = argv[++i];
		} else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
			if (cli_parse_langs(argv[++i], &out->lang_mask))
				return EXIT_USAGE;
		} else if ((strcmp(a, "--limit") == 0 || strcmp(a, "-n") == 0) && i + 1 < argc) {
			if (cli_parse_count(argv[++i], "--limit", &out->limit))
				return EXIT_USAGE;
		} else if (strcmp(a, "--json") == 0) {
			out->json = 1;
		} else if (strcmp(a, "--tsv") == 0) {
			out->tsv = 1;
		} else if (strncmp(a, "--", 2) == 0) {
			int r = extra ? extra(ctx, argc, argv, &i) : 0;
			if (r < 0)
				return EXIT_USAGE;
			if (r == 0) {
				cli_error("%s: unknown option '%s'", cmd, a);
				return EXIT_USAGE;
			}
		} else {
			qstart = i;
			break;
		}
	}
	if (qstart < 0 || qstart >= argc) {
		cli_error("%s: nothing to look for (usage: cyrterm %s [OPTIONS] QUERY)", cmd, cmd);
		return EXIT_USAGE;
	}
	if (out->json && out->tsv) {
		cli_error("%s: choose one of --json and --tsv", cmd);
		return EXIT_USAGE;
	}
	out->query = cli_join(argc, argv, qstart);
	return out->query ? 0 : EXIT_RUNTIME;
}

int cli_open_for_query(ct_index **idx, const char *db)
{
	int rc = cli_open_index(idx, db, 0);
	if (rc == CT_OK)
		return 0;
	return rc == CT_ENOTFOUND ? EXIT_USAGE : EXIT_RUNTIME;
}
