/*
 * util.c -- small helpers: growable buffers, whole-file reads, hashing.
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

int ct_buf_grow(ct_buf *b, size_t extra)
{
	if (b->oom)
		return CT_ENOMEM;
	if (extra > SIZE_MAX - b->n - 1) {
		b->oom = 1;
		return CT_ENOMEM;
	}
	size_t need = b->n + extra + 1;
	if (need <= b->cap)
		return CT_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return CT_ENOMEM;
	}
	b->p = p;
	b->cap = cap;
	return CT_OK;
}

int ct_buf_put(ct_buf *b, const void *p, size_t n)
{
	int rc = ct_buf_grow(b, n);
	if (rc != CT_OK)
		return rc;
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return CT_OK;
}

int ct_buf_puts(ct_buf *b, const char *s)
{
	return ct_buf_put(b, s, strlen(s));
}

int ct_buf_printf(ct_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0)
		return CT_EINVAL;
	int rc = ct_buf_grow(b, (size_t)k);
	if (rc != CT_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)k;
	return CT_OK;
}

void ct_buf_free(ct_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
	b->oom = 0;
}

int ct_read_file_buf(const char *path, ct_buf *b)
{
	int rc = CT_OK;
	size_t want;
	FILE *f = fopen(path, "rb");
	b->n = 0;
	if (!f)
		return errno == ENOENT ? CT_ENOTFOUND : CT_EIO;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		want = (size_t)st.st_size;
	else
		want = 65536;
	rc = ct_buf_grow(b, want);
	while (rc == CT_OK) {
		/* a file larger than it said (or of unknown size): double */
		if (b->cap - b->n <= 1 && (rc = ct_buf_grow(b, b->n)) != CT_OK)
			break;
		size_t k = fread(b->p + b->n, 1, b->cap - b->n - 1, f);
		b->n += k;
		if (k == 0) {
			if (ferror(f))
				rc = CT_EIO;
			break;
		}
	}
	fclose(f);
	if (rc == CT_OK)
		b->p[b->n] = '\0';
	return rc;
}

int ct_read_file(const char *path, char **out, size_t *n)
{
	ct_buf b = {0};
	int rc = ct_read_file_buf(path, &b);
	*out = NULL;
	*n = 0;
	if (rc != CT_OK) {
		ct_buf_free(&b);
		return rc;
	}
	*out = b.p;
	*n = b.n;
	return CT_OK;
}

uint64_t ct_hash_mem(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

sqlite3_int64 ct_passage_hash(const char *z, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	int sp = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)z[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			sp = 1;
			continue;
		}
		if (sp) {
			h ^= ' ';
			h *= 1099511628211ULL;
			sp = 0;
		}
		h ^= c;
		h *= 1099511628211ULL;
	}
	return (sqlite3_int64)(h >> 1);
}

uint64_t ct_hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

char *ct_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

struct ct_arena_block {
	ct_arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

void *ct_arena_alloc(ct_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	ct_arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 16384 ? n : 16384;
		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *ct_arena_strndup(ct_arena *a, const char *s, size_t n)
{
	char *p = ct_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void ct_arena_free(ct_arena *a)
{
	ct_arena_block *b = a->head;
	while (b) {
		ct_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

int ct_grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return CT_OK;
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / sz)
		return CT_ENOMEM;
	void *p = realloc(*arr, ncap * sz);
	if (!p)
		return CT_ENOMEM;
	*arr = p;
	*cap = ncap;
	return CT_OK;
}
