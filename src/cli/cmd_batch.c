/*
 * cmd_batch.c -- cyrterm batch [--mode search|term] [--json|--tsv]
 *                [--limit N] [--db PATH] [FILE]
 *
 * One query per input line, one record per query line, in input order:
 * a line that cannot be answered gets a record with its error and the
 * batch goes on.  Blank lines and # comments are skipped and counted.
 * Exit status 0 when every line was answered, 4 when some were errors.
 * The index is opened once for the whole batch.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef enum out_kind { OUT_TEXT, OUT_JSON, OUT_TSV } out_kind;

typedef struct progress {
	int on;
	long total; /* -1 when unknown (stdin) */
	struct timespec t0;
	double last;
} progress;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void progress_show(progress *p, long done, int final)
{
	if (!p->on)
		return;
	double t = now_s(), el = t - ((double)p->t0.tv_sec + (double)p->t0.tv_nsec / 1e9);
	if (!final && t - p->last < 0.1)
		return;
	p->last = t;
	double rate = el > 0 ? (double)done / el : 0;
	if (p->total > 0) {
		int width = 30, fill = (int)((double)width * (double)done / (double)p->total);
		double left = rate > 0 ? (double)(p->total - done) / rate : 0;
		fprintf(stderr, "\r[%.*s%*s] %ld/%ld lines  %.0f/s  %d:%02d left ", fill,
		        "==============================", width - fill, "", done, p->total, rate, (int)left / 60,
		        (int)left % 60);
	} else {
		fprintf(stderr, "\r%ld lines  %.0f/s ", done, rate);
	}
	if (final)
		fputc('\n', stderr);
}

/* Reads one line of any length; NULL at end of input.  *n excludes the
 * newline; a NUL byte inside the line is kept and reported as an error. */
static char *read_line(FILE *f, char **buf, size_t *cap, size_t *n)
{
	ssize_t k = getline(buf, cap, f);
	if (k < 0)
		return NULL;
	*n = (size_t)k;
	while (*n > 0 && ((*buf)[*n - 1] == '\n' || (*buf)[*n - 1] == '\r'))
		(*buf)[--*n] = '\0';
	return *buf;
}

static void echo_input(FILE *f, const char *s, size_t n)
{
	/* the input is echoed even when broken: bad bytes become U+FFFD */
	size_t need = ct_utf8_repair(s, n, NULL, 0, NULL);
	char *r = malloc(need + 1);
	if (!r) {
		json_str(f, "", 0);
		return;
	}
	ct_utf8_repair(s, n, r, need + 1, NULL);
	for (size_t i = 0; i < need; i++)
		if (r[i] == '\0')
			r[i] = ' ';
	json_str(f, r, need);
	free(r);
}

static void record_error(out_kind k, long line, const char *in, size_t n, const char *msg)
{
	if (k == OUT_JSON) {
		fprintf(stdout, "{\"line\":%ld,\"input\":", line);
		echo_input(stdout, in, n);
		fputs(",\"error\":", stdout);
		json_cstr(stdout, msg);
		fputs("}\n", stdout);
	} else if (k == OUT_TSV) {
		fprintf(stdout, "%ld\t", line);
		tsv_field(stdout, in, n);
		fputs("\terror\t", stdout);
		tsv_field(stdout, msg, strlen(msg));
		fputc('\n', stdout);
	} else {
		fprintf(stdout, "== line %ld: %.*s\nerror: %s\n\n", line, (int)n, in, msg);
	}
}

/* The start of a JSON record: {"line":N,"input":"…", */
static void json_record_start(long line, const char *in, size_t n)
{
	fprintf(stdout, "{\"line\":%ld,\"input\":", line);
	json_str(stdout, in, n);
	fputc(',', stdout);
}

/* A line the library could not answer: an error record, and for a
 * failure of the index itself (not of the line) exit status 3. */
static void line_failed(out_kind k, long line, const char *in, size_t n, ct_index *idx, int rc, int *status)
{
	record_error(k, line, in, n, ct_index_errmsg(idx));
	if (rc != CT_ESYNTAX && rc != CT_ETOOBIG && rc != CT_EUTF8)
		*status = EXIT_RUNTIME;
}

int cmd_batch(int argc, char **argv)
{
	const char *db = NULL, *file = NULL;
	int term_mode = 0, rc, status = EXIT_USAGE;
	out_kind kind = OUT_TEXT;
	size_t limit = 10;
	ct_index *idx = NULL;
	FILE *in = stdin;
	char *buf = NULL;
	size_t cap = 0, n;
	long line = 0, answered = 0, errors = 0, skipped = 0;
	progress pr;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--mode") == 0 && i + 1 < argc) {
			const char *m = argv[++i];
			if (strcmp(m, "term") == 0)
				term_mode = 1;
			else if (strcmp(m, "search") != 0) {
				cli_error("batch: --mode is search or term, not '%s'", m);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--json") == 0) {
			kind = OUT_JSON;
		} else if (strcmp(a, "--tsv") == 0) {
			kind = OUT_TSV;
		} else if (strcmp(a, "--limit") == 0 && i + 1 < argc) {
			if (cli_parse_count(argv[++i], "--limit", &limit))
				return EXIT_USAGE;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			cli_error("batch: unknown option '%s'", a);
			return EXIT_USAGE;
		} else if (!file) {
			file = a;
		} else {
			cli_error("batch: one input file at most");
			return EXIT_USAGE;
		}
	}
	memset(&pr, 0, sizeof(pr));
	pr.on = isatty(fileno(stderr));
	pr.total = -1;
	if (file && strcmp(file, "-") != 0) {
		in = fopen(file, "rb");
		if (!in) {
			cli_error("batch: %s: cannot open the file", file);
			return EXIT_USAGE;
		}
		if (pr.on) {
			long lines = 0;
			int c;
			while ((c = getc(in)) != EOF)
				lines += c == '\n';
			pr.total = lines;
			rewind(in);
		}
	}
	if ((rc = cli_open_index(&idx, db, 0)) != CT_OK) {
		status = EXIT_RUNTIME;
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &pr.t0);
	if (kind == OUT_TSV)
		fputs(term_mode ? "line\tinput\tstatus\tconcept\tmatch\tkk\tru\tsr\ten\n"
		                : "line\tinput\tstatus\tresults\ttop\n",
		      stdout);

	ct_search_opts so;
	memset(&so, 0, sizeof(so));
	so.limit = limit;
	ct_lookup_opts lo;
	memset(&lo, 0, sizeof(lo));
	lo.limit = limit;

	while (read_line(in, &buf, &cap, &n)) {
		line++;
		size_t b = 0;
		while (b < n && (buf[b] == ' ' || buf[b] == '\t'))
			b++;
		if (b == n || buf[b] == '#') {
			skipped++;
			continue;
		}
		size_t bad = 0;
		char msg[320];
		if (memchr(buf, '\0', n)) {
			record_error(kind, line, buf, n, "NUL byte in the line");
			errors++;
		} else if (ct_utf8_validate(buf, n, &bad) != CT_OK) {
			snprintf(msg, sizeof(msg), "invalid UTF-8 at byte %zu of the line", bad);
			record_error(kind, line, buf, n, msg);
			errors++;
		} else if (!term_mode) {
			ct_results *r = NULL;
			rc = ct_search(&r, idx, buf, n, &so);
			if (rc != CT_OK) {
				line_failed(kind, line, buf, n, idx, rc, &status);
				errors++;
			} else {
				if (kind == OUT_JSON) {
					json_record_start(line, buf, n);
					out_search_json_body(stdout, r);
					fputs("}\n", stdout);
				} else if (kind == OUT_TSV) {
					fprintf(stdout, "%ld\t", line);
					tsv_field(stdout, buf, n);
					fprintf(stdout, "\tok\t%zu\t", ct_results_count(r));
					for (size_t k = 0; k < ct_results_count(r); k++) {
						const ct_hit *h = ct_results_get(r, k);
						fprintf(stdout, "%s%s:%ld", k ? " " : "", h->doc, h->line);
					}
					fputc('\n', stdout);
				} else {
					fprintf(stdout, "== line %ld: %s\n", line, buf);
					out_search_text(stdout, r, 0);
					fputc('\n', stdout);
				}
				answered++;
			}
			ct_results_free(r);
		} else {
			ct_lookup *r = NULL;
			rc = ct_term_lookup(&r, idx, buf, n, &lo);
			if (rc != CT_OK) {
				line_failed(kind, line, buf, n, idx, rc, &status);
				errors++;
			} else {
				if (kind == OUT_JSON) {
					json_record_start(line, buf, n);
					out_lookup_json_body(stdout, r);
					fputs("}\n", stdout);
				} else if (kind == OUT_TSV) {
					static const char *langs[] = {"kk", "ru", "sr", "en"};
					fprintf(stdout, "%ld\t", line);
					tsv_field(stdout, buf, n);
					const ct_entry *e = ct_lookup_count(r) ? ct_lookup_get(r, 0) : NULL;
					fprintf(stdout, "\t%s\t%s\t%s", e ? "ok" : "none", e ? e->concept : "",
					        e ? ct_match_kind_name(e->match) : "");
					for (size_t l = 0; l < 4; l++) {
						fputc('\t', stdout);
						for (size_t k = 0, any = 0; e && k < e->nterms; k++)
							if (strcmp(e->terms[k].lang, langs[l]) == 0) {
								if (any++)
									fputs("; ", stdout);
								tsv_field(stdout, e->terms[k].term, strlen(e->terms[k].term));
							}
					}
					fputc('\n', stdout);
				} else {
					fprintf(stdout, "== line %ld: %s\n", line, buf);
					out_lookup_text(stdout, r, 0);
				}
				answered++;
			}
			ct_lookup_free(r);
		}
		progress_show(&pr, answered + errors + skipped, 0);
	}
	progress_show(&pr, answered + errors + skipped, 1);
	if (ferror(in)) {
		cli_error("batch: error reading %s", file ? file : "standard input");
		status = EXIT_RUNTIME;
		goto done;
	}
	if (fflush(stdout) != 0) {
		cli_error("batch: cannot write the output");
		status = EXIT_RUNTIME;
		goto done;
	}
	fprintf(stderr, "cyrterm: batch: %ld lines: %ld answered, %ld errors, %ld skipped (blank or #)\n", line,
	        answered, errors, skipped);
	if (status != EXIT_RUNTIME)
		status = errors ? EXIT_PARTIAL : 0;
done:
	free(buf);
	if (in != stdin)
		fclose(in);
	ct_index_free(idx);
	return status;
}
