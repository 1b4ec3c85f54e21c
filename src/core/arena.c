/* arena.c - per-request arena (see arena.h).  Chunks of ARENA_CHUNK bytes
 * are carved from the front; a request bigger than a quarter chunk gets a
 * chunk of its own so it does not waste the current one. */
#include "core/arena.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

enum { ARENA_CHUNK = 8192, ALIGN = alignof(max_align_t) };

struct fz_arena_chunk {
	struct fz_arena_chunk *next;
	size_t size, off;        /* bytes in data, bytes used */
	alignas(max_align_t) unsigned char data[];
};

void fz_arena_init(struct fz_arena *a, size_t max)
{
	a->head = NULL;
	a->used = 0;
	a->max = max;
	a->err = 0;
}

void fz_arena_release(struct fz_arena *a)
{
	struct fz_arena_chunk *c = a->head;
	while (c) {
		struct fz_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	fz_arena_init(a, a->max);
}

static struct fz_arena_chunk *new_chunk(struct fz_arena *a, size_t size)
{
	struct fz_arena_chunk *c = malloc(sizeof(*c) + size);
	if (!c) {
		a->err = FZ_ENOMEM;
		return NULL;
	}
	c->size = size;
	c->off = 0;
	return c;
}

#ifndef FZ_ARENA_DEBUG
/* Insert c behind the head, so the head keeps serving small requests. */
static void push_behind(struct fz_arena *a, struct fz_arena_chunk *c)
{
	if (a->head) {
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = NULL;
		a->head = c;
	}
}
#endif

void *fz_arena_alloc(struct fz_arena *a, size_t n)
{
	struct fz_arena_chunk *c;
	size_t need;

	if (a->err)
		return NULL;
	if (n > (size_t)-1 / 2 || (a->max && n > a->max - a->used)) {
		a->err = FZ_ETOOBIG;
		return NULL;
	}
	a->used += n;
	need = n ? n : 1;
#ifdef FZ_ARENA_DEBUG
	/* One block per allocation: sanitizers see each one's bounds. */
	if (!(c = new_chunk(a, need)))
		return NULL;
	c->next = a->head;
	a->head = c;
	c->off = need;
	return c->data;
#else
	need = (need + ALIGN - 1) / ALIGN * ALIGN;
	if (need > ARENA_CHUNK / 4) {
		if (!(c = new_chunk(a, need)))
			return NULL;
		c->off = need;
		push_behind(a, c);
		return c->data;
	}
	c = a->head;
	if (!c || c->size - c->off < need) {
		if (!(c = new_chunk(a, ARENA_CHUNK)))
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	c->off += need;
	return c->data + c->off - need;
#endif
}

void *fz_arena_calloc(struct fz_arena *a, size_t nmemb, size_t size)
{
	void *p;
	if (size && nmemb > (size_t)-1 / size) {
		if (!a->err)
			a->err = FZ_ETOOBIG;
		return NULL;
	}
	p = fz_arena_alloc(a, nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

char *fz_arena_strndup(struct fz_arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = fz_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *fz_arena_strdup(struct fz_arena *a, const char *s)
{
	return fz_arena_strndup(a, s, strlen(s));
}

char *fz_arena_printf(struct fz_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (!a->err)
			a->err = FZ_EINTERNAL;
		return NULL;
	}
	if (!(p = fz_arena_alloc(a, (size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
