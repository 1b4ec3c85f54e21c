/* cooc.c - count nearby token pairs and score them by PMI (cooc.h). */
#include "engine/search/cooc.h"

#include "core/mem.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOK_MAX 64

/* The vocabulary: open addressing over token ids. */
struct vocab {
	char **tok;        /* id -> token */
	long *count;       /* id -> occurrences */
	uint32_t n, cap;   /* ids in use, room in tok/count */
	uint32_t *slot;    /* hash slot -> id + 1, 0 empty */
	uint32_t nslot;    /* power of two */
};

struct pair {
	uint64_t key;      /* (a << 32) | b with a < b; 0 empty */
	uint32_t n;
};

struct fz_cooc {
	struct vocab v;
	struct pair *p;
	size_t np, used;   /* slots (power of two), slots in use */
	long total;        /* tokens fed */
	uint32_t win[FZ_COOC_WINDOW + 1]; /* last ids of this sentence */
	int nwin;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

struct fz_cooc *fz_cooc_new(size_t max_pairs)
{
	struct fz_cooc *c = fz_xcalloc(1, sizeof(*c));
	size_t np = 1024;

	while (np < max_pairs)
		np <<= 1;
	c->np = np;
	c->p = fz_xcalloc(np, sizeof(*c->p));
	c->v.nslot = 1 << 16;
	c->v.slot = fz_xcalloc(c->v.nslot, sizeof(*c->v.slot));
	return c;
}

void fz_cooc_free(struct fz_cooc *c)
{
	if (!c)
		return;
	for (uint32_t i = 0; i < c->v.n; i++)
		free(c->v.tok[i]);
	free(c->v.tok);
	free(c->v.count);
	free(c->v.slot);
	free(c->p);
	free(c);
}

static void vocab_grow(struct vocab *v)
{
	uint32_t ns = v->nslot * 2, *slot = fz_xcalloc(ns, sizeof(*slot));

	for (uint32_t id = 0; id < v->n; id++) {
		uint32_t h = (uint32_t)hash_bytes(v->tok[id], strlen(v->tok[id]));
		while (slot[h & (ns - 1)])
			h++;
		slot[h & (ns - 1)] = id + 1;
	}
	free(v->slot);
	v->slot = slot;
	v->nslot = ns;
}

static uint32_t vocab_id(struct vocab *v, const char *tok, size_t len)
{
	uint32_t h = (uint32_t)hash_bytes(tok, len), id;

	for (;; h++) {
		uint32_t s = v->slot[h & (v->nslot - 1)];
		if (!s)
			break;
		if (!strncmp(v->tok[s - 1], tok, len) && !v->tok[s - 1][len])
			return s - 1;
	}
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4096;
		v->tok = fz_xrealloc(v->tok, v->cap * sizeof(*v->tok));
		v->count = fz_xrealloc(v->count, v->cap * sizeof(*v->count));
	}
	id = v->n++;
	v->tok[id] = fz_xstrndup(tok, len);
	v->count[id] = 0;
	v->slot[h & (v->nslot - 1)] = id + 1;
	if ((uint64_t)v->n * 2 > v->nslot)
		vocab_grow(v);
	return id;
}

/* Drop the pairs seen once, to make room (lossy counting). */
static void prune(struct fz_cooc *c)
{
	struct pair *old = c->p;
	size_t np = c->np;

	c->p = fz_xcalloc(np, sizeof(*c->p));
	c->used = 0;
	for (size_t i = 0; i < np; i++) {
		size_t h;
		if (!old[i].key || old[i].n <= 1)
			continue;
		for (h = mix(old[i].key); c->p[h & (np - 1)].key; h++)
			;
		c->p[h & (np - 1)] = old[i];
		c->used++;
	}
	free(old);
}

static void count_pair(struct fz_cooc *c, uint32_t a, uint32_t b)
{
	uint64_t key;
	size_t h;

	if (a == b)
		return;
	key = a < b ? ((uint64_t)(a + 1) << 32) | b : ((uint64_t)(b + 1) << 32) | a;
	for (h = mix(key);; h++) {
		struct pair *p = &c->p[h & (c->np - 1)];
		if (p->key == key) {
			p->n++;
			return;
		}
		if (!p->key)
			break;
	}
	/* a new pair: keep the table at most 3/4 full */
	if (c->used + 1 > c->np / 4 * 3) {
		prune(c);
		if (c->used + 1 > c->np / 4 * 3)
			return; /* still full of repeated pairs: skip this one */
		for (h = mix(key); c->p[h & (c->np - 1)].key; h++)
			;
	}
	c->p[h & (c->np - 1)].key = key;
	c->p[h & (c->np - 1)].n = 1;
	c->used++;
}

void fz_cooc_add(struct fz_cooc *c, const char *tok, size_t len)
{
	uint32_t id;

	if (!len || len > TOK_MAX)
		return;
	id = vocab_id(&c->v, tok, len);
	c->v.count[id]++;
	c->total++;
	/* win[0] is the token right before: overlapping, not counted */
	for (int i = 1; i < c->nwin; i++)
		count_pair(c, c->win[i], id);
	memmove(c->win + 1, c->win, (FZ_COOC_WINDOW) * sizeof(c->win[0]));
	c->win[0] = id;
	if (c->nwin < FZ_COOC_WINDOW + 1)
		c->nwin++;
}

void fz_cooc_stop(struct fz_cooc *c)
{
	c->nwin = 0;
}

struct scored {
	uint32_t tok, rel;
	double pmi;
};

static int cmp_scored(const void *x, const void *y)
{
	const struct scored *a = x, *b = y;

	if (a->tok != b->tok)
		return a->tok < b->tok ? -1 : 1;
	if (a->pmi != b->pmi)
		return a->pmi > b->pmi ? -1 : 1;
	return (a->rel > b->rel) - (a->rel < b->rel);
}

long fz_cooc_each(struct fz_cooc *c, long min_count, double min_pmi,
		  int per_tok,
		  void (*fn)(void *ctx, const char *tok, const char *rel,
			     double pmi),
		  void *ctx)
{
	struct scored *s = NULL;
	size_t ns = 0, cap = 0;
	long calls = 0;

	for (size_t i = 0; i < c->np; i++) {
		const struct pair *p = &c->p[i];
		uint32_t a, b;
		double pmi;
		if (!p->key || p->n < min_count)
			continue;
		a = (uint32_t)(p->key >> 32) - 1;
		b = (uint32_t)p->key;
		pmi = log((double)p->n * (double)c->total /
			  ((double)c->v.count[a] * (double)c->v.count[b]));
		if (pmi < min_pmi)
			continue;
		if (ns + 2 > cap) {
			cap = cap ? cap * 2 : 4096;
			s = fz_xrealloc(s, cap * sizeof(*s));
		}
		s[ns++] = (struct scored){ a, b, pmi };
		s[ns++] = (struct scored){ b, a, pmi };
	}
	if (ns)
		qsort(s, ns, sizeof(*s), cmp_scored);
	for (size_t i = 0, k = 0; i < ns; i++) {
		k = i && s[i].tok == s[i - 1].tok ? k + 1 : 0;
		if ((int)k >= per_tok)
			continue;
		fn(ctx, c->v.tok[s[i].tok], c->v.tok[s[i].rel], s[i].pmi);
		calls++;
	}
	free(s);
	return calls;
}
