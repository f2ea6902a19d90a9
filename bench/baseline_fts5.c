/*
 * baseline_fts5.c -- the plain SQLite FTS5 table cyrterm is compared with:
 * tokenize='unicode61 remove_diacritics 2', loaded with the same files.
 *
 *   baseline_fts5 --db PATH DIR...
 *
 * Reads DIR/ *.txt in name order.  Passages are cut the way
 * shared/eval/eval_search.py cuts them (per line; a sentence ends at . ! ?
 * followed by white space) and grouped two sentences to a row, as cyrterm
 * groups them (CT_PASSAGE_SENTENCES), so that both tables hold about as many
 * rows.  Everything goes in one transaction under the settings cyrterm's
 * first build of an index uses: a rollback journal (SQLite's default) and
 * synchronous=NORMAL.  Prints one line of key=value pairs:
 *   bytes rows seconds mb_s db_bytes
 * The database is deleted first if it exists.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define ROW_SENTENCES 2

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_space(const char *z, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)z[i];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
		*len = 1;
		return 1;
	}
	if (c == 0xC2 && i + 1 < n && (unsigned char)z[i + 1] == 0xA0) { /* no-break space */
		*len = 2;
		return 1;
	}
	return 0;
}

typedef struct loader {
	sqlite3_stmt *ins;
	long rows;
	int rc;
} loader;

static void emit(loader *l, const char *z, size_t n)
{
	if (n == 0 || l->rc != SQLITE_OK)
		return;
	sqlite3_reset(l->ins);
	sqlite3_bind_text(l->ins, 1, z, (int)n, SQLITE_STATIC);
	if (sqlite3_step(l->ins) != SQLITE_DONE)
		l->rc = SQLITE_ERROR;
	l->rows++;
}

/* One line: rows of ROW_SENTENCES sentences. */
static void load_line(loader *l, const char *z, size_t n)
{
	size_t a = 0, len;
	while (a < n && is_space(z, n, a, &len))
		a += len;
	while (n > a && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '\r'))
		n--;
	size_t row = a;
	int sents = 0;
	for (size_t i = a; i < n;) {
		if ((z[i] == '.' || z[i] == '!' || z[i] == '?') && i + 1 < n && is_space(z, n, i + 1, &len)) {
			size_t end = i + 1, j = end;
			while (j < n && is_space(z, n, j, &len))
				j += len;
			if (++sents == ROW_SENTENCES) {
				emit(l, z + row, end - row);
				row = j;
				sents = 0;
			}
			i = j;
		} else
			i++;
	}
	if (row < n)
		emit(l, z + row, n - row);
}

static int load_file(loader *l, const char *path, long long *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t k;
	while ((k = getline(&line, &cap, f)) >= 0) {
		*bytes += k;
		size_t n = (size_t)k;
		if (n && line[n - 1] == '\n')
			n--;
		load_line(l, line, n);
	}
	free(line);
	fclose(f);
	return l->rc == SQLITE_OK ? 0 : -1;
}

static int load_dir(loader *l, const char *dir, long long *bytes)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	char **names = NULL;
	size_t nn = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 4 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		if (nn == cap) {
			cap = cap ? cap * 2 : 256;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				return -1;
		}
		names[nn++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof(*names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		size_t plen = strlen(dir) + strlen(names[i]) + 2;
		char *p = malloc(plen);
		snprintf(p, plen, "%s/%s", dir, names[i]);
		if (rc == 0)
			rc = load_file(l, p, bytes);
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	const char *db_path = NULL;
	int first = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db_path = argv[++i];
		else {
			first = i;
			break;
		}
	}
	if (!db_path || !first) {
		fprintf(stderr, "usage: baseline_fts5 --db PATH DIR...\n");
		return 2;
	}
	char wal[4096];
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	unlink(db_path);
	unlink(wal);

	double t0 = now();
	sqlite3 *db = NULL;
	loader l = {NULL, 0, SQLITE_OK};
	long long bytes = 0;
	int rc = sqlite3_open(db_path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
		                  "PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL;"
		                  "CREATE VIRTUAL TABLE p USING fts5(text, tokenize='unicode61 remove_diacritics 2');"
		                  "BEGIN IMMEDIATE;",
		                  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "INSERT INTO p(text) VALUES(?)", -1, &l.ins, NULL);
	for (int i = first; rc == SQLITE_OK && i < argc; i++)
		if (load_dir(&l, argv[i], &bytes) != 0)
			rc = SQLITE_ERROR;
	sqlite3_finalize(l.ins);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "baseline_fts5: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	double secs = now() - t0;
	if (rc != SQLITE_OK)
		return 3;

	struct stat st;
	long long db_bytes = stat(db_path, &st) == 0 ? (long long)st.st_size : -1;
	if (stat(wal, &st) == 0)
		db_bytes += (long long)st.st_size;
	printf("bytes=%lld rows=%ld seconds=%.3f mb_s=%.2f db_bytes=%lld\n", bytes, l.rows, secs,
	       secs > 0 ? (double)bytes / 1048576.0 / secs : 0.0, db_bytes);
	return 0;
}
