/*
 * testutil.h -- helpers shared by the Check suites: temporary folders,
 * files, running the CLI.
 */
#ifndef CT_TESTUTIL_H
#define CT_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CORPUS(name) CT_SOURCE_DIR "/corpus/" name

/* A fresh temporary folder (removed by tu_rmtree). */
static inline char *tu_tmpdir(void)
{
	char *t = strdup("/tmp/cyrterm-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t));
	return t;
}

static inline void tu_rmtree(const char *dir)
{
	char cmd[4096];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static inline void tu_write(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

static inline char *tu_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Runs a shell command, captures stdout (malloc'd), returns exit status. */
static inline int tu_run(const char *cmd, char **out)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0, cap = 4096;
	char *buf = malloc(cap);
	ck_assert_ptr_nonnull(p);
	for (;;) {
		if (n + 4096 > cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t k = fread(buf + n, 1, cap - n - 1, p);
		if (k == 0)
			break;
		n += k;
	}
	buf[n] = '\0';
	int st = pclose(p);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static inline int tu_contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* Runs a suite; the return value is main's. */
static inline int tu_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

#endif
