/*
 * query_latency.c -- query latency and throughput of an index built by
 * `cyrterm index`, next to a plain FTS5 unicode61 table (baseline_fts5) over
 * the same text.
 *
 *   query_latency --db PATH [--baseline PATH] [--data DIR] [--iters N]
 *                 [--warmup N] [--budget SECONDS] [--seconds SECONDS]
 *                 [--term-budget SECONDS]
 *   query_latency --print-mix search|term
 *
 * --data: the folder holding dict/; its glossary is loaded into the index
 * first (cross-lingual queries need it), and the time that takes is
 * reported.  Every query of a fixed mix (single word, phrase, inflected,
 * cross-lingual, prefix, folded, Serbian Latin) runs --warmup times, then
 * --iters times (fewer when one query has used --budget seconds, but at
 * least 5), with and without alignment, through the public API
 * (ct_search); the same mix runs through the baseline table as
 * "MATCH ... ORDER BY rank LIMIT 10".  Throughput: the mix, and a mix of
 * term lookups (ct_term_lookup), repeated until --seconds have passed; and
 * one term of every glossary concept looked up once (until --term-budget
 * seconds, default 20).  Each measurement runs on a fresh index handle: the
 * first run of each query is reported as "cold" (the library keeps
 * per-handle caches -- glossary, attestations, concept passages -- so the
 * repeated runs measure a warm handle, as in a long `cyrterm batch`).
 *
 * --print-mix prints the search (or term) mix, one query a line, for
 * `cyrterm batch`.
 *
 * Output: key=value lines (bench/report.py turns them into tables):
 *   lat engine=cyrterm|cyrterm_noalign|fts5 kind=K n= p50_ms= p99_ms= mean_ms= max_ms=
 *       cpu_p50_ms= cpu_p99_ms= hits= total=
 *   cold engine=E kind=all n= p50_ms= ...   (first run of each query on a fresh handle)
 *   thr what=search|search_noalign|term|term_distinct|fts5 n= seconds= per_s= cpu_seconds= per_cpu_s= p50_ms= p99_ms=
 *   termq ms= entries= attestations= q=   (first round of the term lookups)
 *   info key=value ...
 * Wall-clock figures are what a user waits; CPU figures (this thread's
 * CPU time) do not depend on what else the machine runs.
 * Benchmarks only: nothing is judged against a threshold.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "cyrterm/cyrterm.h"
#include "internal.h"

typedef struct mixq {
	const char *kind;
	const char *query;    /* cyrterm query language */
	const char *baseline; /* FTS5 expression for the unicode61 table */
} mixq;

/* What a researcher types: see shared/eval/dev_queries.tsv for the kinds. */
static const mixq MIX[] = {
	{"single", "инновация", "\"инновация\""},
	{"single", "технологија", "\"технологија\""},
	{"phrase", "\"технолошки парк\"", "\"технолошки парк\""},
	{"inflected", "кәсіпорындарының", "\"кәсіпорындарының\""},
	{"cross", "трансфер технологий", "\"трансфер\" \"технологий\""},
	{"prefix", "иннов*", "\"иннов\"*"},
	{"folded", "кызмет", "\"кызмет\""},
	{"latin", "tehnološki park", "\"tehnološki\" \"park\""},
};
#define NMIX (sizeof(MIX) / sizeof(MIX[0]))
static const char *const KINDS[] = {"single", "phrase", "inflected", "cross", "prefix", "folded", "latin"};
#define NKINDS (sizeof(KINDS) / sizeof(KINDS[0]))

/* Term lookups: glossary terms in the three languages, inflected, folded
 * and in Latin script. */
static const char *const TERMS[] = {
	"инновация", "технологиялар трансферті", "трансфер технологий", "ризични капитал",
	"кызмет", "венчурное финансирование", "intelektualne svojine", "лизинг",
	"кәсіпорындарының", "технолошки парк",
};
#define NTERMS (sizeof(TERMS) / sizeof(TERMS[0]))

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: what a query costs, whatever else the machine
 * is running (wall-clock latency is reported too). */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct samples {
	double *a;
	size_t n, cap;
} samples;

static void push(samples *s, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		double *a = realloc(s->a, cap * sizeof(*a));
		if (!a) {
			fprintf(stderr, "query_latency: out of memory\n");
			exit(3);
		}
		s->a = a;
		s->cap = cap;
	}
	s->a[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted samples. */
static double pct(const samples *s, double p)
{
	if (s->n == 0)
		return 0;
	size_t k = (size_t)ceil(p / 100.0 * (double)s->n);
	if (k < 1)
		k = 1;
	return s->a[k - 1];
}

static void print_stats(const char *head, samples *s, samples *cpu, long hits, long total)
{
	double sum = 0;
	qsort(s->a, s->n, sizeof(double), cmp_double);
	qsort(cpu->a, cpu->n, sizeof(double), cmp_double);
	for (size_t i = 0; i < s->n; i++)
		sum += s->a[i];
	printf("%s n=%zu p50_ms=%.3f p99_ms=%.3f mean_ms=%.3f max_ms=%.3f cpu_p50_ms=%.3f cpu_p99_ms=%.3f hits=%ld total=%ld\n",
	       head, s->n, pct(s, 50) * 1e3, pct(s, 99) * 1e3, s->n ? sum / (double)s->n * 1e3 : 0.0,
	       s->n ? s->a[s->n - 1] * 1e3 : 0.0, pct(cpu, 50) * 1e3, pct(cpu, 99) * 1e3, hits, total);
}

/* ------------------------------------------------------------ engines */

typedef struct engine {
	const char *name;
	ct_index *idx;        /* cyrterm */
	int no_align;
	sqlite3 *db;          /* baseline */
	sqlite3_stmt *st;
} engine;

/* One query; *hits and *total receive what it found.  Returns 0 or -1. */
static int run_one(engine *e, const mixq *q, long *hits, long *total)
{
	if (e->idx) {
		ct_search_opts o;
		ct_results *r = NULL;
		memset(&o, 0, sizeof(o));
		o.limit = 10;
		o.no_align = e->no_align;
		int rc = ct_search(&r, e->idx, q->query, strlen(q->query), &o);
		if (rc != CT_OK) {
			fprintf(stderr, "query_latency: %s: %s\n", q->query, ct_index_errmsg(e->idx));
			return -1;
		}
		*hits = (long)ct_results_count(r);
		*total = (long)ct_results_total(r);
		/* touch what a front end prints */
		for (size_t i = 0; i < ct_results_count(r); i++) {
			const ct_hit *h = ct_results_get(r, i);
			if (!h->text)
				*hits = -1;
		}
		ct_results_free(r);
		return 0;
	}
	sqlite3_reset(e->st);
	sqlite3_bind_text(e->st, 1, q->baseline, -1, SQLITE_STATIC);
	long n = 0;
	size_t bytes = 0;
	int rc;
	while ((rc = sqlite3_step(e->st)) == SQLITE_ROW) {
		bytes += (size_t)sqlite3_column_bytes(e->st, 1);
		n++;
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "query_latency: baseline %s: %s\n", q->baseline, sqlite3_errmsg(e->db));
		return -1;
	}
	*hits = n;
	*total = -1;
	return bytes == (size_t)-1 ? -1 : 0;
}

static int latency(engine *e, int iters, int warmup, double budget)
{
	samples by_kind[NKINDS], all = {0}, cpu_kind[NKINDS], cpu_all = {0}, cold = {0}, cold_cpu = {0};
	long k_hits[NKINDS], k_total[NKINDS];
	memset(by_kind, 0, sizeof(by_kind));
	memset(cpu_kind, 0, sizeof(cpu_kind));
	for (size_t k = 0; k < NKINDS; k++)
		k_hits[k] = k_total[k] = 0;
	for (size_t i = 0; i < NMIX; i++) {
		const mixq *q = &MIX[i];
		size_t k = 0;
		while (k < NKINDS && strcmp(KINDS[k], q->kind) != 0)
			k++;
		long hits = 0, total = 0;
		/* the first run of a query on this handle: cold caches (the
		 * handle's, not the OS page cache); it counts as a warm-up */
		double cold_t0 = now(), cold_c0 = cpu_now();
		if (run_one(e, q, &hits, &total) != 0)
			return -1;
		double cold_s = now() - cold_t0;
		push(&cold, cold_s);
		push(&cold_cpu, cpu_now() - cold_c0);
		for (int w = 1; w < warmup; w++)
			if (run_one(e, q, &hits, &total) != 0)
				return -1;
		double spent = 0;
		for (int it = 0; it < iters && (it < 5 || spent < budget); it++) {
			double t0 = now(), c0 = cpu_now();
			if (run_one(e, q, &hits, &total) != 0)
				return -1;
			double dt = now() - t0, dc = cpu_now() - c0;
			spent += dt;
			push(&by_kind[k], dt);
			push(&all, dt);
			push(&cpu_kind[k], dc);
			push(&cpu_all, dc);
		}
		k_hits[k] += hits;
		k_total[k] += total;
		printf("query engine=%s kind=%s hits=%ld total=%ld cold_ms=%.3f q=%s\n", e->name, q->kind, hits, total,
		       cold_s * 1e3, e->idx ? q->query : q->baseline);
	}
	char head[128];
	for (size_t k = 0; k < NKINDS; k++) {
		snprintf(head, sizeof(head), "lat engine=%s kind=%s", e->name, KINDS[k]);
		print_stats(head, &by_kind[k], &cpu_kind[k], k_hits[k], k_total[k]);
		free(by_kind[k].a);
		free(cpu_kind[k].a);
	}
	snprintf(head, sizeof(head), "lat engine=%s kind=all", e->name);
	print_stats(head, &all, &cpu_all, -1, -1);
	snprintf(head, sizeof(head), "cold engine=%s kind=all", e->name);
	print_stats(head, &cold, &cold_cpu, -1, -1);
	free(all.a);
	free(cpu_all.a);
	free(cold.a);
	free(cold_cpu.a);
	return 0;
}

/* The mix over and over for `seconds` (at least one round). */
static int throughput(engine *e, const char *what, double seconds)
{
	samples s = {0};
	double t0 = now(), t = t0, c0 = cpu_now();
	long hits, total;
	do {
		for (size_t i = 0; i < NMIX; i++) {
			double a = now();
			if (run_one(e, &MIX[i], &hits, &total) != 0)
				return -1;
			push(&s, now() - a);
		}
		t = now();
	} while (t - t0 < seconds);
	double c = cpu_now() - c0;
	printf("thr what=%s n=%zu seconds=%.3f per_s=%.3f cpu_seconds=%.3f per_cpu_s=%.3f", what, s.n, t - t0,
	       (double)s.n / (t - t0), c, c > 0 ? (double)s.n / c : 0.0);
	qsort(s.a, s.n, sizeof(double), cmp_double);
	printf(" p50_ms=%.3f p99_ms=%.3f\n", pct(&s, 50) * 1e3, pct(&s, 99) * 1e3);
	free(s.a);
	return 0;
}

static int term_throughput(ct_index *idx, double seconds)
{
	samples s = {0};
	double t0 = now(), t = t0, c0 = cpu_now();
	long entries = 0;
	int round = 0;
	do {
		for (size_t i = 0; i < NTERMS; i++) {
			ct_lookup *r = NULL;
			ct_lookup_opts o;
			memset(&o, 0, sizeof(o));
			double a = now();
			int rc = ct_term_lookup(&r, idx, TERMS[i], strlen(TERMS[i]), &o);
			if (rc != CT_OK) {
				fprintf(stderr, "query_latency: term %s: %s\n", TERMS[i], ct_index_errmsg(idx));
				return -1;
			}
			entries += (long)ct_lookup_count(r);
			if (round == 0) {
				const ct_entry *en = ct_lookup_count(r) ? ct_lookup_get(r, 0) : NULL;
				printf("termq ms=%.3f entries=%zu attestations=%ld q=%s\n", (now() - a) * 1e3, ct_lookup_count(r),
				       en ? en->count_kk + en->count_ru + en->count_sr : 0L, TERMS[i]);
			}
			ct_lookup_free(r);
			push(&s, now() - a);
		}
		round++;
		t = now();
	} while (t - t0 < seconds);
	double c = cpu_now() - c0;
	printf("thr what=term n=%zu seconds=%.3f per_s=%.3f cpu_seconds=%.3f per_cpu_s=%.3f", s.n, t - t0,
	       (double)s.n / (t - t0), c, c > 0 ? (double)s.n / c : 0.0);
	qsort(s.a, s.n, sizeof(double), cmp_double);
	printf(" p50_ms=%.3f p99_ms=%.3f entries_per_round=%.1f\n", pct(&s, 50) * 1e3, pct(&s, 99) * 1e3,
	       (double)entries / ((double)s.n / NTERMS));
	free(s.a);
	return 0;
}

/* One term of every glossary concept (its first), in id order, on a fresh
 * handle, until `budget` seconds have passed: what a batch of distinct
 * terms costs.  One per concept, because the attestations a lookup
 * gathers are kept per concept on the handle: the repeated mix above, or
 * a concept's other terms, are served from that cache. */
static int term_distinct(ct_index *idx, double budget)
{
	sqlite3_stmt *st = NULL;
	char **terms = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	if (sqlite3_prepare_v2(ct_index_db(idx), "SELECT term FROM term WHERE id IN (SELECT min(id) FROM term GROUP BY concept) ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			char **a = realloc(terms, cap * sizeof(*a));
			if (!a) {
				rc = -1;
				break;
			}
			terms = a;
		}
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (!(terms[n] = strdup(t ? t : "")))
			rc = -1;
		else
			n++;
	}
	sqlite3_finalize(st);
	samples s = {0};
	double t0 = now(), c0 = cpu_now();
	size_t done = 0;
	for (; rc == 0 && done < n && now() - t0 < budget; done++) {
		ct_lookup *r = NULL;
		ct_lookup_opts o;
		memset(&o, 0, sizeof(o));
		double a = now();
		if (ct_term_lookup(&r, idx, terms[done], strlen(terms[done]), &o) != CT_OK) {
			fprintf(stderr, "query_latency: term %s: %s\n", terms[done], ct_index_errmsg(idx));
			rc = -1;
		}
		ct_lookup_free(r);
		push(&s, now() - a);
	}
	double t = now() - t0, c = cpu_now() - c0;
	if (rc == 0) {
		qsort(s.a, s.n, sizeof(double), cmp_double);
		printf("thr what=term_distinct n=%zu of=%zu seconds=%.3f per_s=%.3f cpu_seconds=%.3f per_cpu_s=%.3f"
		       " p50_ms=%.3f p99_ms=%.3f\n",
		       s.n, n, t, t > 0 ? (double)s.n / t : 0.0, c, c > 0 ? (double)s.n / c : 0.0, pct(&s, 50) * 1e3,
		       pct(&s, 99) * 1e3);
	}
	for (size_t i = 0; i < n; i++)
		free(terms[i]);
	free(terms);
	free(s.a);
	return rc;
}

int main(int argc, char **argv)
{
	const char *db_path = NULL, *base_path = NULL, *data = NULL;
	int iters = 30, warmup = 2;
	double budget = 10, seconds = 3, term_budget = 20;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 && i + 1 < argc)
			db_path = argv[++i];
		else if (strcmp(a, "--baseline") == 0 && i + 1 < argc)
			base_path = argv[++i];
		else if (strcmp(a, "--data") == 0 && i + 1 < argc)
			data = argv[++i];
		else if (strcmp(a, "--iters") == 0 && i + 1 < argc)
			iters = atoi(argv[++i]);
		else if (strcmp(a, "--warmup") == 0 && i + 1 < argc)
			warmup = atoi(argv[++i]);
		else if (strcmp(a, "--budget") == 0 && i + 1 < argc)
			budget = atof(argv[++i]);
		else if (strcmp(a, "--seconds") == 0 && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (strcmp(a, "--term-budget") == 0 && i + 1 < argc)
			term_budget = atof(argv[++i]);
		else if (strcmp(a, "--print-mix") == 0 && i + 1 < argc) {
			/* the mix as lines for `cyrterm batch` */
			const char *m = argv[++i];
			if (strcmp(m, "term") == 0)
				for (size_t k = 0; k < NTERMS; k++)
					printf("%s\n", TERMS[k]);
			else
				for (size_t k = 0; k < NMIX; k++)
					printf("%s\n", MIX[k].query);
			return 0;
		}
		else {
			fprintf(stderr, "usage: query_latency --db PATH [--baseline PATH] [--data DIR] [--iters N] "
			                "[--warmup N] [--budget S] [--seconds S] [--term-budget S]\n");
			return 2;
		}
	}
	if (!db_path || iters < 1)
		return 2;

	char err[1024];
	ct_index *idx = NULL;
	int rc = ct_index_open(&idx, db_path, 0, err, sizeof(err));
	if (rc != CT_OK) {
		fprintf(stderr, "query_latency: %s\n", err);
		return 3;
	}
	if (data) {
		char dict[4096];
		snprintf(dict, sizeof(dict), "%s/dict", data);
		double t0 = now();
		rc = ct_glossary_sync_dir(idx, dict, data);
		if (rc != CT_OK) {
			fprintf(stderr, "query_latency: glossary: %s\n", ct_index_errmsg(idx));
			ct_index_free(idx);
			return 3;
		}
		printf("info glossary_load_s=%.3f\n", now() - t0);
	}
	ct_index_info info;
	if (ct_index_info_get(idx, &info) == CT_OK)
		printf("info documents=%ld passages=%ld concepts=%ld terms=%ld\n", info.documents, info.passages,
		       info.concepts, info.terms);

	/* one fresh handle per measurement, so that each starts with the
	 * handle's caches empty (its first runs are the "cold" figures) */
	ct_index *h[4] = {idx, NULL, NULL, NULL};
	int status = 0;
	for (int k = 1; k < 4 && status == 0; k++)
		if (ct_index_open(&h[k], db_path, 0, err, sizeof(err)) != CT_OK) {
			fprintf(stderr, "query_latency: %s\n", err);
			status = 3;
		}
	engine cn = {"cyrterm_noalign", h[0], 1, NULL, NULL};
	engine ca = {"cyrterm", h[1], 0, NULL, NULL};
	fflush(stdout);
	if (status == 0 && (latency(&cn, iters, warmup, budget) != 0 || latency(&ca, iters, warmup, budget) != 0))
		status = 3;
	fflush(stdout);
	if (status == 0 && (throughput(&cn, "search_noalign", seconds) != 0 || throughput(&ca, "search", seconds) != 0 ||
	                    term_throughput(h[2], seconds) != 0 || term_distinct(h[3], term_budget) != 0))
		status = 3;
	fflush(stdout);
	for (int k = 0; k < 4; k++)
		ct_index_free(h[k]);

	if (base_path && status == 0) {
		engine b = {"fts5", NULL, 0, NULL, NULL};
		if (sqlite3_open_v2(base_path, &b.db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(b.db, "SELECT rowid, text FROM p WHERE p MATCH ?1 ORDER BY rank LIMIT 10", -1,
		                       &b.st, NULL) != SQLITE_OK) {
			fprintf(stderr, "query_latency: %s: %s\n", base_path, b.db ? sqlite3_errmsg(b.db) : "cannot open");
			status = 3;
		} else if (latency(&b, iters, warmup, budget) != 0 || throughput(&b, "fts5", seconds) != 0)
			status = 3;
		sqlite3_finalize(b.st);
		sqlite3_close(b.db);
	}
	return status;
}
