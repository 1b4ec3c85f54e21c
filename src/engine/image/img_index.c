/* img_index.c - append-only, memory-mapped descriptor index (see
 * img_index.h). */
#include "engine/image/img_index.h"
#include "engine/image/img_local.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "FZIMGIX3"
#define HEADER 64
#define BOM 0x01020304u

/* The first stage reads only the start of each record: the descriptor's
 * two first-stage vectors (glob, bis) weighted and joined into one unit
 * vector, quantised to int8 with a per-record scale (QDIM bytes, glob in
 * the first GPAD, bis after it).  100,000 records are then 26 MB to scan,
 * not the 170 MB of the float descriptors. */
#define GPAD 80
#define QDIM (GPAD + 176)
_Static_assert(FZ_IMG_GDIM <= GPAD && GPAD + FZ_IMG_BDIM <= QDIM,
	       "first-stage vectors must fit the record's int8 block");

struct record {
	int64_t id;
	float qs;
	uint32_t pad;
	int8_t q[QDIM];
	struct fz_img_desc d;
	struct fz_img_local loc;  /* keypoints and thumbnail (img_local.h) */
};

struct header {
	char magic[8];
	uint32_t bom, recsize, tile, gdim, desc_version;
};

struct fz_img_index {
	int fd, writable;
	char path[PATH_MAX];
	const uint8_t *map;
	size_t maplen, count;
	/* a reader's copy of every record's first-stage vector and scale,
	 * contiguous: the scan then reads 26 MB in order at 100,000 records
	 * instead of touching 220 MB of mapped records (page faults, TLB
	 * misses); the handle is not changed after open, so threads may
	 * search it at once */
	int8_t *fq;
	float *fs;
	struct fz_img_lvote *lv;  /* a reader's vote index over the keypoints */
};

static int remap(struct fz_img_index *ix, struct fz_err *err)
{
	struct stat st;
	if (ix->map)
		munmap((void *)ix->map, ix->maplen);
	ix->map = NULL;
	ix->maplen = 0;
	ix->count = 0;
	if (fstat(ix->fd, &st))
		return fz_err_set(err, FZ_EIO, "index", "无法读取图样索引 %s", ix->path);
	if ((size_t)st.st_size < HEADER)
		return fz_err_set(err, FZ_EINVAL, "index", "图样索引文件不完整 %s", ix->path);
	ix->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, ix->fd, 0);
	if (ix->map == MAP_FAILED) {
		ix->map = NULL;
		return fz_err_set(err, FZ_EIO, "index", "无法映射图样索引 %s", ix->path);
	}
	ix->maplen = (size_t)st.st_size;
	ix->count = (ix->maplen - HEADER) / sizeof(struct record);
	return 0;
}

static int check_header(const uint8_t *p)
{
	struct header h;
	memcpy(&h, p, sizeof(h));
	return !memcmp(h.magic, MAGIC, 8) && h.bom == BOM &&
	       h.recsize == sizeof(struct record) && h.tile == FZ_IMG_TILE &&
	       h.gdim == FZ_IMG_GDIM && h.desc_version == FZ_IMG_DESC_VERSION;
}

static const struct record *rec(const struct fz_img_index *ix, size_t i);

static const struct fz_img_local *rec_local(const void *ctx, size_t slot)
{
	return &rec(ctx, slot)->loc;
}

static int copy_first_stage(struct fz_img_index *ix, struct fz_err *err)
{
	int rc;
	if (!ix->count)
		return 0;
	if ((rc = fz_img_lvote_build(ix, rec_local, ix->count, &ix->lv, err)))
		return rc;
	ix->fq = malloc(ix->count * QDIM);
	ix->fs = malloc(ix->count * sizeof(float));
	if (!ix->fq || !ix->fs)
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	for (size_t i = 0; i < ix->count; i++) {
		memcpy(ix->fq + i * QDIM, rec(ix, i)->q, QDIM);
		ix->fs[i] = rec(ix, i)->qs;
	}
	return 0;
}

int fz_img_index_open(const char *dir, int writable, struct fz_img_index **out,
		      struct fz_err *err)
{
	struct fz_img_index *ix;
	struct stat st;
	int rc;
	*out = NULL;
	ix = calloc(1, sizeof(*ix));
	if (!ix)
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	ix->fd = -1;
	ix->writable = writable;
	if (snprintf(ix->path, sizeof(ix->path), "%s/%s", dir, FZ_IMG_INDEX_FILE) >=
	    (int)sizeof(ix->path)) {
		free(ix);
		return fz_err_set(err, FZ_EINVAL, "index", "索引路径过长");
	}
	if (writable && mkdir(dir, 0755) && errno != EEXIST) {
		rc = fz_err_set(err, FZ_EIO, "index", "无法创建索引目录 %s", dir);
		goto fail;
	}
	ix->fd = open(ix->path, writable ? O_RDWR | O_CREAT : O_RDONLY, 0644);
	if (ix->fd < 0) {
		rc = fz_err_set(err, writable ? FZ_EIO : FZ_ENOTFOUND, "index",
				"无法打开图样索引 %s", ix->path);
		goto fail;
	}
	if (writable && flock(ix->fd, LOCK_EX | LOCK_NB)) {
		rc = fz_err_set(err, FZ_ECONFLICT, "index", "图样索引正被另一进程写入");
		goto fail;
	}
	if (fstat(ix->fd, &st)) {
		rc = fz_err_set(err, FZ_EIO, "index", "无法读取图样索引 %s", ix->path);
		goto fail;
	}
	if (st.st_size == 0 && writable) {
		uint8_t hb[HEADER];
		struct header h = { MAGIC, BOM, sizeof(struct record), FZ_IMG_TILE,
				    FZ_IMG_GDIM, FZ_IMG_DESC_VERSION };
		memset(hb, 0, sizeof(hb));
		memcpy(hb, &h, sizeof(h));
		if (pwrite(ix->fd, hb, HEADER, 0) != HEADER || fsync(ix->fd)) {
			rc = fz_err_set(err, FZ_EIO, "index", "无法写入图样索引 %s", ix->path);
			goto fail;
		}
	}
	if ((rc = remap(ix, err)))
		goto fail;
	if (!check_header(ix->map)) {
		rc = fz_err_set(err, FZ_EINVAL, "index",
				"%s 不是本版本的图样索引", ix->path);
		goto fail;
	}
	/* cut a torn tail left by a crash in the middle of an append */
	if (writable && ix->maplen != HEADER + ix->count * sizeof(struct record)) {
		if (ftruncate(ix->fd, (off_t)(HEADER + ix->count * sizeof(struct record))) ||
		    (rc = remap(ix, err))) {
			rc = fz_err_set(err, FZ_EIO, "index", "无法修复图样索引 %s", ix->path);
			goto fail;
		}
	}
	if (!writable && (rc = copy_first_stage(ix, err)))
		goto fail;
	*out = ix;
	return 0;
fail:
	fz_img_index_close(ix);
	return rc;
}

void fz_img_index_close(struct fz_img_index *ix)
{
	if (!ix)
		return;
	if (ix->map)
		munmap((void *)ix->map, ix->maplen);
	if (ix->fd >= 0)
		close(ix->fd);
	free(ix->fq);
	free(ix->fs);
	fz_img_lvote_free(ix->lv);
	free(ix);
}

/* The joined first-stage vector of d as floats (unit length). */
static void joined(const struct fz_img_desc *d, float out[QDIM])
{
	float wg = sqrtf(1 - fz_img_bis_weight), wb = sqrtf(fz_img_bis_weight);
	memset(out, 0, sizeof(float) * QDIM);
	for (int i = 0; i < FZ_IMG_GDIM; i++)
		out[i] = wg * d->glob[i];
	for (int i = 0; i < FZ_IMG_BDIM; i++)
		out[GPAD + i] = wb * d->bis[i];
}

static float quantise(const float v[QDIM], int8_t q[QDIM])
{
	float mx = 1e-12f;
	for (int i = 0; i < QDIM; i++)
		if (fabsf(v[i]) > mx)
			mx = fabsf(v[i]);
	for (int i = 0; i < QDIM; i++)
		q[i] = (int8_t)lrintf(v[i] / mx * 127);
	return mx / 127;
}

int fz_img_index_add_many(struct fz_img_index *ix, const int64_t *ids,
			  const struct fz_img_desc *d, const struct fz_img_local *loc,
			  size_t n, struct fz_err *err)
{
	struct record *r;
	off_t at;
	size_t bytes = sizeof(*r) * n;
	if (!ix->writable)
		return fz_err_set(err, FZ_ESTATE, "index", "图样索引以只读方式打开");
	if (!n)
		return 0;
	r = calloc(n, sizeof(*r));
	if (!r)
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	for (size_t i = 0; i < n; i++) {
		float v[QDIM];
		r[i].id = ids[i];
		r[i].d = d[i];
		if (loc)
			r[i].loc = loc[i];
		joined(&d[i], v);
		r[i].qs = quantise(v, r[i].q);
	}
	at = (off_t)(HEADER + ix->count * sizeof(*r));
	ssize_t wrote = pwrite(ix->fd, r, bytes, at);
	free(r);
	if (wrote != (ssize_t)bytes || fsync(ix->fd)) {
		if (ftruncate(ix->fd, at)) {
			/* the torn tail is ignored on the next open */
		}
		return fz_err_set(err, FZ_EIO, "index", "写入图样索引失败");
	}
	return remap(ix, err);
}

int fz_img_index_rebuild(const char *dir, const int64_t *ids,
			 const struct fz_img_desc *d, const struct fz_img_local *loc,
			 size_t n, struct fz_err *err)
{
	char path[PATH_MAX], sub[PATH_MAX], subfile[PATH_MAX];
	struct fz_img_index *ix;
	int rc, dfd;
	if (snprintf(path, sizeof(path), "%s/%s", dir, FZ_IMG_INDEX_FILE) >= (int)sizeof(path) ||
	    snprintf(sub, sizeof(sub), "%s/.rebuild", dir) >= (int)sizeof(sub) ||
	    snprintf(subfile, sizeof(subfile), "%s/%s", sub, FZ_IMG_INDEX_FILE) >=
		    (int)sizeof(subfile))
		return fz_err_set(err, FZ_EINVAL, "index", "索引路径过长");
	if (mkdir(dir, 0755) && errno != EEXIST)
		return fz_err_set(err, FZ_EIO, "index", "无法创建索引目录 %s", dir);
	/* build beside the old file, then rename over it: a crash leaves one
	 * whole index or the other, never half of one */
	unlink(subfile);
	if ((rc = fz_img_index_open(sub, 1, &ix, err)))
		return rc;
	rc = fz_img_index_add_many(ix, ids, d, loc, n, err);
	fz_img_index_close(ix);
	if (!rc && rename(subfile, path))
		rc = fz_err_set(err, FZ_EIO, "index", "无法替换图样索引 %s", path);
	unlink(subfile);
	rmdir(sub);
	if (rc)
		return rc;
	if ((dfd = open(dir, O_RDONLY)) >= 0) {
		if (fsync(dfd)) {
			/* the rename is done; a lost directory sync can only bring
			 * back the old file, which is rebuilt again on next open */
		}
		close(dfd);
	}
	return 0;
}

int fz_img_index_add(struct fz_img_index *ix, int64_t id, const struct fz_img_desc *d,
		     const struct fz_img_local *loc, struct fz_err *err)
{
	return fz_img_index_add_many(ix, &id, d, loc, 1, err);
}

size_t fz_img_index_count(const struct fz_img_index *ix)
{
	return ix ? ix->count : 0;
}

static const struct record *rec(const struct fz_img_index *ix, size_t i)
{
	return (const struct record *)(ix->map + HEADER + i * sizeof(struct record));
}

const struct fz_img_desc *fz_img_index_get(const struct fz_img_index *ix,
					   size_t slot, int64_t *id)
{
	const struct record *r;
	if (!ix || slot >= ix->count)
		return NULL;
	r = rec(ix, slot);
	if (id)
		*id = r->id;
	return &r->d;
}

/* Candidates the first stage passes to the coarse score, and how many of
 * the coarse score's best get the full one (bench/pattern). */
#ifndef FIRST_CAND
#define FIRST_CAND 256
#endif
#ifndef EXACT_KEEP
#define EXACT_KEEP 32
#endif
#ifndef VAR_SLACK
#define VAR_SLACK 0.02f
#endif

struct cand {
	float g;
	size_t slot;
};

/* min-heap on g of the best first-stage candidates */
static void heap_push(struct cand *h, int *n, int cap, struct cand c)
{
	int i;
	if (*n == cap) {
		if (c.g <= h[0].g)
			return;
		i = 0;
		for (;;) { /* sift c down from the root */
			int l = 2 * i + 1, r = l + 1, m = i;
			float mg = c.g;
			if (l < cap && h[l].g < mg) { m = l; mg = h[l].g; }
			if (r < cap && h[r].g < mg) m = r;
			if (m == i)
				break;
			h[i] = h[m];
			i = m;
		}
		h[i] = c;
		return;
	}
	i = (*n)++;
	while (i > 0 && h[(i - 1) / 2].g > c.g) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = c;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct fz_img_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->slot > y->slot) - (x->slot < y->slot);
}

int fz_img_index_search(const struct fz_img_index *ix, const struct fz_img_desc *q,
			int k, int cand, struct fz_img_hit *hits, int *n,
			struct fz_err *err)
{
	struct fz_img_query *one = malloc(sizeof(*one));
	int rc;
	if (!one)
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	one->n = 1;
	one->v[0] = *q;
	rc = fz_img_index_search_query(ix, one, k, cand, hits, n, err);
	free(one);
	return rc;
}

/* One search's shared state; threads take disjoint record ranges in the
 * first stage and disjoint candidates in the second. */
struct job {
	const struct fz_img_index *ix;
	const struct fz_img_query *q;
	const struct fz_img_prep *prep;
	int nv, cand;
	int16_t (*qv)[QDIM];      /* the query variants' quantised vectors */
	float qs[FZ_IMG_QVARS];
	struct cand *heap[FZ_IMG_INDEX_THREADS];
	int nheap[FZ_IMG_INDEX_THREADS];
	struct cand *merged;
	int nmerged;
	struct fz_img_hit *all;
	int nexact;
	int nthreads;
};

struct part {
	struct job *j;
	int t;
};

/* The scan over every record is most of a search of a large library:
 * where the compiler can, it also builds an AVX2 version and picks one at
 * load time (the int16 dot products vectorise either way). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(FZ_FUZZING)
#define SCAN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SCAN_CLONES
#endif

/* max over the query variants of the first-stage similarity to record r;
 * the record's int8 vector is widened once, then dotted with each */
SCAN_CLONES
static float first_sim(const struct job *j, const int8_t *rq, float rs)
{
	int16_t r16[QDIM];
	float best = -2;
	for (int i = 0; i < QDIM; i++)
		r16[i] = rq[i];
	for (int v = 0; v < j->nv; v++) {
		const int16_t *qv = j->qv[v];
		int32_t acc = 0;
		for (int i = 0; i < QDIM; i++)
			acc += qv[i] * r16[i];
		float s = (float)acc * j->qs[v] * rs;
		if (s > best)
			best = s;
	}
	return best;
}

static void *stage_one(void *arg)
{
	struct part *p = arg;
	struct job *j = p->j;
	size_t n = j->ix->count, lo = n * (size_t)p->t / (size_t)j->nthreads,
	       hi = n * (size_t)(p->t + 1) / (size_t)j->nthreads;
	for (size_t i = lo; i < hi; i++) {
		const struct fz_img_index *ix = j->ix;
		struct cand c = { ix->fq ? first_sim(j, ix->fq + i * QDIM, ix->fs[i])
					 : first_sim(j, rec(ix, i)->q, rec(ix, i)->qs), i };
		heap_push(j->heap[p->t], &j->nheap[p->t], j->cand, c);
	}
	return NULL;
}

/* Score record c against the query's readings: coarse (the low band,
 * for the long list) or full.  Only readings close to the best in the
 * first stage are scored: one far behind is not the reading that matches
 * (bench: no recall lost, a third of the time saved). */
static void score_one(const struct job *j, const struct cand *c, int coarse,
		      struct fz_img_hit *out)
{
	const struct record *r = rec(j->ix, c->slot);
	float gv[FZ_IMG_QVARS], gmax = -2;
	struct fz_img_spec sp;
	out->id = r->id;
	out->slot = c->slot;
	out->score = -2;
	out->variant = 0;
	for (int v = 0; v < j->nv; v++) {
		gv[v] = fz_img_glob_sim(&j->q->v[v], &r->d);
		if (gv[v] > gmax)
			gmax = gv[v];
	}
	fz_img_spectrum(&r->d, &sp);
	for (int v = 0; v < j->nv; v++) {
		struct fz_img_align al;
		if (v && gv[v] < gmax - VAR_SLACK)
			continue;
		float sc = fz_img_score_spec(&j->prep[v], &sp, &r->d, coarse, &al);
		if (v)
			sc *= fz_img_variant_factor;
		if (sc > out->score) {
			out->score = sc;
			out->align = al;
			out->variant = v;
		}
	}
	out->decision = fz_img_decide(out->score);
}

static void *stage_two(void *arg)
{
	struct part *p = arg;
	struct job *j = p->j;
	for (int i = p->t; i < j->nmerged; i += j->nthreads)
		score_one(j, &j->merged[i], 1, &j->all[i]);
	return NULL;
}

static void *stage_three(void *arg)
{
	struct part *p = arg;
	struct job *j = p->j;
	for (int i = p->t; i < j->nexact; i += j->nthreads) {
		struct cand c = { 0, j->all[i].slot };
		score_one(j, &c, 0, &j->all[i]);
	}
	return NULL;
}

/* Run fn on every part, the first in this thread. */
static void run_parts(struct job *j, void *(*fn)(void *))
{
	struct part parts[FZ_IMG_INDEX_THREADS];
	pthread_t th[FZ_IMG_INDEX_THREADS];
	int started[FZ_IMG_INDEX_THREADS] = { 0 };
	for (int t = 0; t < j->nthreads; t++)
		parts[t] = (struct part){ j, t };
	for (int t = 1; t < j->nthreads; t++)
		started[t] = !pthread_create(&th[t], NULL, fn, &parts[t]);
	fn(&parts[0]);
	for (int t = 1; t < j->nthreads; t++) {
		if (started[t])
			pthread_join(th[t], NULL);
		else
			fn(&parts[t]); /* no thread to be had: do it here */
	}
}

/* Threads for a search of n records: one below THREAD_MIN (starting
 * threads costs more than it saves on a small library), else the online
 * CPUs up to the cap (the coarse and full scores of a full candidate list
 * take milliseconds whatever the library's size). */
#define THREAD_MIN 1000
static _Atomic int forced_threads;

void fz_img_index_set_threads(int n)
{
	forced_threads = n < 0 ? 0 : n > FZ_IMG_INDEX_THREADS ? FZ_IMG_INDEX_THREADS : n;
}

static int threads_for(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (forced_threads)
		return forced_threads;
	if (n < THREAD_MIN || cpus < 2)
		return 1;
	return cpus > FZ_IMG_INDEX_THREADS ? FZ_IMG_INDEX_THREADS : (int)cpus;
}

int fz_img_index_search_query(const struct fz_img_index *ix, const struct fz_img_query *q,
			      int k, int cand, struct fz_img_hit *hits, int *n,
			      struct fz_err *err)
{
	struct job j;
	struct fz_img_prep *prep = NULL;
	int rc = 0;
	*n = 0;
	memset(&j, 0, sizeof(j));
	if (k < 1 || k > FZ_IMG_INDEX_MAX_K)
		return fz_err_set(err, FZ_EINVAL, "top", "返回条数须在 1 到 %d 之间",
				  FZ_IMG_INDEX_MAX_K);
	if (cand <= 0)
		cand = k * 4 > FIRST_CAND ? k * 4 : FIRST_CAND;
	if (cand < k)
		cand = k;
	int exact = k * 2 > EXACT_KEEP ? k * 2 : EXACT_KEEP;
	j.ix = ix;
	j.q = q;
	j.nv = q->n < 1 ? 1 : q->n > FZ_IMG_QVARS ? FZ_IMG_QVARS : q->n;
	j.cand = cand;
	j.nthreads = threads_for(ix->count);
	j.qv = malloc(sizeof(*j.qv) * (size_t)j.nv);
	prep = malloc(sizeof(*prep) * (size_t)j.nv);
	j.merged = malloc(sizeof(*j.merged) * (size_t)cand * (size_t)j.nthreads);
	j.all = malloc(sizeof(*j.all) * (size_t)cand * (size_t)j.nthreads);
	for (int t = 0; t < j.nthreads; t++)
		j.heap[t] = malloc(sizeof(struct cand) * (size_t)cand);
	for (int t = 0; t < j.nthreads; t++)
		if (!j.heap[t])
			rc = -1;
	if (rc || !j.qv || !prep || !j.merged || !j.all) {
		rc = fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
		goto out;
	}
	for (int v = 0; v < j.nv; v++) {
		float f[QDIM];
		int8_t q8[QDIM];
		joined(&q->v[v], f);
		j.qs[v] = quantise(f, q8);
		for (int i = 0; i < QDIM; i++)
			j.qv[v][i] = q8[i];
	}
	run_parts(&j, stage_one);
	/* the best cand of all parts */
	for (int t = 0; t < j.nthreads; t++)
		for (int i = 0; i < j.nheap[t]; i++)
			heap_push(j.merged, &j.nmerged, cand, j.heap[t][i]);
	for (int v = 0; v < j.nv; v++)
		fz_img_prepare(&q->v[v], &prep[v]);
	j.prep = prep;
	/* the long list ranked by the coarse score, the head of it by the
	 * full one */
	run_parts(&j, stage_two);
	qsort(j.all, (size_t)j.nmerged, sizeof(*j.all), cmp_hit);
	j.nexact = exact < j.nmerged ? exact : j.nmerged;
	run_parts(&j, stage_three);
	qsort(j.all, (size_t)j.nexact, sizeof(*j.all), cmp_hit);
	if (j.nmerged > j.nexact) /* what only the coarse score saw: below */
		j.nmerged = j.nexact;
	*n = j.nmerged < k ? j.nmerged : k;
	memcpy(hits, j.all, sizeof(*j.all) * (size_t)*n);
out:
	for (int t = 0; t < j.nthreads; t++)
		free(j.heap[t]);
	free(j.qv); free(prep); free(j.merged); free(j.all);
	return rc;
}

const struct fz_img_local *fz_img_index_local(const struct fz_img_index *ix, size_t slot)
{
	return ix && slot < ix->count ? &rec(ix, slot)->loc : NULL;
}

/* ---- search with local evidence ------------------------------------------ */

#define LOCAL_CAND (FZ_IMG_INDEX_GLOBAL + FZ_IMG_INDEX_VOTED)

struct ljob {
	struct job g;               /* for the repeat score of voted candidates */
	const struct fz_img_lquery *lq;
	struct fz_img_hit *c;
	int *orient;                /* -1 both, else the orientation voted */
	int *need_global;
	int n;
};

static void *verify_part(void *arg)
{
	struct part *p = arg;
	struct ljob *lj = (struct ljob *)p->j;
	for (int i = p->t; i < lj->n; i += lj->g.nthreads) {
		struct fz_img_hit *h = &lj->c[i];
		if (lj->need_global[i]) {
			struct cand c = { 0, h->slot };
			int votes = h->votes;
			score_one(&lj->g, &c, 0, h);
			h->votes = votes;
		}
		h->global = h->score;
		fz_img_local_verify(lj->lq, &rec(lj->g.ix, h->slot)->loc, lj->orient[i], &h->verdict);
		h->score = fz_img_fuse(h->global, &h->verdict);
		h->decision = fz_img_match_decide(h->score);
	}
	return NULL;
}

int fz_img_index_search_local(const struct fz_img_index *ix, const struct fz_img_query *q,
			      const struct fz_img_lquery *lq, int k,
			      struct fz_img_hit *hits, int *n, struct fz_err *err)
{
	struct fz_img_hit *c = calloc(LOCAL_CAND + (size_t)k, sizeof(*c));
	struct fz_img_prep *prep = NULL;
	size_t slots[FZ_IMG_INDEX_VOTED];
	int votes[FZ_IMG_INDEX_VOTED], vor[FZ_IMG_INDEX_VOTED], nv = 0, ng = 0, rc;
	int orient[LOCAL_CAND + FZ_IMG_INDEX_MAX_K], need[LOCAL_CAND + FZ_IMG_INDEX_MAX_K];
	struct ljob lj;
	*n = 0;
	if (k < 1 || k > FZ_IMG_INDEX_MAX_K) {
		free(c);
		return fz_err_set(err, FZ_EINVAL, "top", "返回条数须在 1 到 %d 之间",
				  FZ_IMG_INDEX_MAX_K);
	}
	if (!c)
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	int g = k > FZ_IMG_INDEX_GLOBAL ? k : FZ_IMG_INDEX_GLOBAL;
	if ((rc = fz_img_index_search_query(ix, q, g, 0, c, &ng, err)))
		goto out;
	for (int i = 0; i < ng; i++) {
		orient[i] = -1;
		need[i] = 0;
		c[i].votes = 0;
		memset(&c[i].verdict, 0, sizeof(c[i].verdict));
	}
	if (ix->lv && (rc = fz_img_lvote_query(ix->lv, lq, FZ_IMG_INDEX_VOTED, slots, votes,
					       vor, &nv, err)))
		goto out;
	int nc = ng;
	for (int i = 0; i < nv; i++) {
		int dup = -1;
		for (int j = 0; j < ng; j++)
			if (c[j].slot == slots[i])
				dup = j;
		if (dup >= 0) {
			c[dup].votes = votes[i];
			continue;
		}
		c[nc] = (struct fz_img_hit){ .slot = slots[i], .votes = votes[i] };
		orient[nc] = vor[i];
		need[nc++] = 1;
	}
	memset(&lj, 0, sizeof(lj));
	lj.g.ix = ix;
	lj.g.q = q;
	lj.g.nv = q->n < 1 ? 1 : q->n > FZ_IMG_QVARS ? FZ_IMG_QVARS : q->n;
	lj.g.nthreads = threads_for(ix->count) > 1 && nc > 4 ? threads_for(ix->count) : 1;
	if (nc > ng) {
		prep = malloc(sizeof(*prep) * (size_t)lj.g.nv);
		if (!prep) {
			rc = fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
			goto out;
		}
		for (int v = 0; v < lj.g.nv; v++)
			fz_img_prepare(&q->v[v], &prep[v]);
	}
	lj.g.prep = prep;
	lj.lq = lq;
	lj.c = c;
	lj.orient = orient;
	lj.need_global = need;
	lj.n = nc;
	run_parts(&lj.g, verify_part);
	qsort(c, (size_t)nc, sizeof(*c), cmp_hit);
	*n = nc < k ? nc : k;
	memcpy(hits, c, sizeof(*c) * (size_t)*n);
out:
	free(prep);
	free(c);
	return rc;
}
