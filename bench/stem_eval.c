/*
 * stem_eval.c -- conflation precision and recall of the Kazakh stemmer
 * against a hand-made gold file (tests/data/kk_stem_gold.tsv).
 *
 * Usage: stem_eval [-v] [gold.tsv]
 *
 * Every form is stemmed with ct_stem_kk(derivational = 0) and folded (ә ғ қ
 * ң ө ұ ү һ і -> а г к н о у у х и, as a search would compare them).  Over
 * all pairs of distinct forms, a pair is "predicted same" when the folded
 * stems are equal and "gold same" when the lemmas are equal:
 * precision = TP / (TP + FP), recall = TP / (TP + FN).
 * With -v the false merges and the misses are listed.
 *
 * Not a test: it measures, it does not pass or fail (exit status 0 unless
 * the file cannot be read).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* getline() */
#endif

#include "cyrterm/stem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef struct eval_form {
	char *zForm;
	char *zLemma;
	char *zStem; /* folded */
} eval_form;

typedef struct eval_set {
	eval_form *a;
	size_t n;
	size_t cap;
} eval_set;

/* The bench sees only stem_kk.c, so it folds by itself (same mapping as
 * ct_fold_kazakh()).  Folding never makes a UTF-8 string longer. */
static void eval_fold(char *z)
{
	static const struct {
		const char *from, *to;
	} map[] = {
		{"ә", "а"}, {"ғ", "г"}, {"қ", "к"}, {"ң", "н"}, {"ө", "о"},
		{"ұ", "у"}, {"ү", "у"}, {"һ", "х"}, {"і", "и"}
	};
	char *r = z, *w = z;
	size_t i;

	while (*r) {
		for (i = 0; i < sizeof map / sizeof map[0]; i++) {
			size_t lf = strlen(map[i].from);
			if (strncmp(r, map[i].from, lf) == 0) {
				size_t lt = strlen(map[i].to);
				memmove(w, map[i].to, lt);
				w += lt;
				r += lf;
				break;
			}
		}
		if (i == sizeof map / sizeof map[0])
			*w++ = *r++;
	}
	*w = '\0';
}

static char *eval_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static int eval_has_form(const eval_set *set, const char *form)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->a[i].zForm, form) == 0)
			return 1;
	return 0;
}

/* Adds one form: stems it, folds the stem.  Returns 0, or -1 on ENOMEM. */
static int eval_add(eval_set *set, const char *form, size_t nForm, const char *lemma, size_t nLemma)
{
	eval_form f = {NULL, NULL, NULL};
	size_t need;
	int rc = -1;

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 256;
		eval_form *a = realloc(set->a, cap * sizeof *a);
		if (a == NULL)
			goto done;
		set->a = a;
		set->cap = cap;
	}
	f.zForm = eval_strndup(form, nForm);
	f.zLemma = eval_strndup(lemma, nLemma);
	if (f.zForm == NULL || f.zLemma == NULL)
		goto done;
	need = ct_stem_kk(form, nForm, 0, NULL, 0);
	f.zStem = malloc(need + 1);
	if (f.zStem == NULL)
		goto done;
	ct_stem_kk(form, nForm, 0, f.zStem, need + 1);
	eval_fold(f.zStem);
	set->a[set->n++] = f;
	f.zForm = f.zLemma = f.zStem = NULL;
	rc = 0;
done:
	free(f.zForm);
	free(f.zLemma);
	free(f.zStem);
	return rc;
}

/* Reads form<TAB>lemma lines; '#' starts a comment line.  A form listed
 * twice is counted once (warned about).  Returns 0 or -1. */
static int eval_read(eval_set *set, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	int rc = -1;

	if (fp == NULL) {
		perror(path);
		goto done;
	}
	for (;;) {
		ssize_t len;
		char *tab, *form, *lemma, *end;

		len = getline(&line, &cap, fp);
		if (len < 0)
			break;
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		tab = strchr(line, '\t');
		if (tab == NULL) {
			fprintf(stderr, "%s:%zu: no TAB, line skipped\n", path, lineno);
			continue;
		}
		*tab = '\0';
		form = line;
		lemma = tab + 1;
		end = strchr(lemma, '\t');
		if (end != NULL)
			*end = '\0';
		if (*form == '\0' || *lemma == '\0') {
			fprintf(stderr, "%s:%zu: empty field, line skipped\n", path, lineno);
			continue;
		}
		if (eval_has_form(set, form)) {
			fprintf(stderr, "%s:%zu: duplicate form %s skipped\n", path, lineno, form);
			continue;
		}
		if (eval_add(set, form, strlen(form), lemma, strlen(lemma)) != 0) {
			fprintf(stderr, "out of memory\n");
			goto done;
		}
	}
	if (ferror(fp)) {
		perror(path);
		goto done;
	}
	rc = 0;
done:
	free(line);
	if (fp != NULL)
		fclose(fp);
	return rc;
}

static size_t eval_count_lemmas(const eval_set *set)
{
	size_t i, j, m = 0;

	for (i = 0; i < set->n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(set->a[i].zLemma, set->a[j].zLemma) == 0)
				break;
		if (j == i)
			m++;
	}
	return m;
}

int main(int argc, char **argv)
{
	const char *path = "tests/data/kk_stem_gold.tsv";
	eval_set set = {NULL, 0, 0};
	unsigned long long tp = 0, fp = 0, fn = 0;
	int verbose = 0, rc = 1, i;
	size_t a, b;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			printf("usage: %s [-v] [gold.tsv]\n", argv[0]);
			rc = 0;
			goto done;
		} else
			path = argv[i];
	}
	if (eval_read(&set, path) != 0)
		goto done;

	for (a = 0; a < set.n; a++) {
		for (b = a + 1; b < set.n; b++) {
			int same_stem = strcmp(set.a[a].zStem, set.a[b].zStem) == 0;
			int same_lemma = strcmp(set.a[a].zLemma, set.a[b].zLemma) == 0;

			if (same_stem && same_lemma)
				tp++;
			else if (same_stem)
				fp++;
			else if (same_lemma)
				fn++;
			if (verbose && same_stem && !same_lemma)
				printf("false merge  %-12s %s (%s) ~ %s (%s)\n", set.a[a].zStem,
				       set.a[a].zForm, set.a[a].zLemma, set.a[b].zForm, set.a[b].zLemma);
			if (verbose && same_lemma && !same_stem)
				printf("miss         %-12s %s -> %s ~ %s -> %s\n", set.a[a].zLemma,
				       set.a[a].zForm, set.a[a].zStem, set.a[b].zForm, set.a[b].zStem);
		}
	}
	printf("kk-stem: forms=%zu lemmas=%zu pairs_gold=%llu pairs_predicted=%llu "
	       "precision=%.3f recall=%.3f\n",
	       set.n, eval_count_lemmas(&set), tp + fn, tp + fp,
	       tp + fp ? (double)tp / (double)(tp + fp) : 1.0,
	       tp + fn ? (double)tp / (double)(tp + fn) : 1.0);
	rc = 0;
done:
	for (a = 0; a < set.n; a++) {
		free(set.a[a].zForm);
		free(set.a[a].zLemma);
		free(set.a[a].zStem);
	}
	free(set.a);
	return rc;
}
