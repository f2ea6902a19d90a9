/*
 * standalone.c -- replays inputs through a fuzz target without libFuzzer,
 * so that the seed corpora and the regressions run under ctest with any
 * compiler: `fuzz_x_replay DIR_OR_FILE...`.  Every regular file of every
 * folder given (not recursively) is passed to LLVMFuzzerTestOneInput once.
 * A broken contract aborts inside the target; the exit status is 0 when
 * every input went through.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fclose(f);
			return -1;
		}
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		unsigned char *b = realloc(buf, cap);
		if (!b)
			free(buf);
		buf = b;
	}
	fclose(f);
	/* an exact-size copy, so that ASan sees reads past the input's end */
	unsigned char *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **a = realloc(names, cap * sizeof(*a));
			if (!a)
				abort();
			names = a;
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *p = malloc(len);
		struct stat st;
		snprintf(p, len, "%s/%s", dir, names[i]);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(p) != 0)
				rc = -1;
			else
				(*count)++;
		}
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			/* a target without regressions yet has no folder: not an error */
			fprintf(stderr, "replay: %s: not there, skipped\n", argv[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode))
			rc |= replay_dir(argv[i], &count);
		else if (replay_file(argv[i]) == 0)
			count++;
		else
			rc = -1;
	}
	fprintf(stderr, "replay: %zu inputs%s\n", count, rc ? ", some could not be read" : ", all passed");
	return rc ? 1 : 0;
}
