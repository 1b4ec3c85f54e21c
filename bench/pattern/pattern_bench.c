/* pattern_bench.c - the data set and fazhi's own measurements for the
 * textile-pattern benchmark (README.md).
 *
 *   pattern_bench gen DIR NREF NQUERY [SEED]   write refs/, queries/, truth.csv
 *   pattern_bench engine DIR                   index refs, run the queries,
 *                                              write pred_engine.csv, print
 *                                              build rate, size, latency, FPR
 * Two workers (fork) share the generation; the engine measures on one. */
#include "engine/image/img_desc.h"
#include "engine/image/img_index.h"
#include "engine/image/img_local.h"
#include "engine/image/img_synth.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SIDE 192

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void ref_design(int i, struct fz_synth *s)
{
	int fam = i % FZ_SYNTH_NFAMILIES, ncol = 2 + (i / FZ_SYNTH_NFAMILIES) % 7;
	/* pairs of references share family and palette: hard negatives
	 * inside the library too */
	fz_img_synth_design(s, fam, (uint32_t)i + 1, ncol, (uint32_t)(i / (2 * FZ_SYNTH_NFAMILIES)) * 97 + (uint32_t)fam);
}

static void save(const struct fz_img *im, const char *path)
{
	uint8_t *buf;
	size_t n;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_img_encode_png(im, &buf, &n, &err) ||
	    fz_img_write_file(path, buf, n, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		exit(1);
	}
	free(buf);
}

/* Query j: 75 % copies of a random reference (single transformations in
 * turn, then pairs and triples), 25 % hard negatives: a new design of a
 * reference's family and palette, with one transformation. */
struct qspec {
	int ref, neg;
	unsigned mask;
};

static struct qspec query_spec(int j, int nref, uint32_t seed)
{
	uint32_t st = seed * 7919u + (uint32_t)j * 104729u + 5;
	struct qspec q;
	q.ref = (int)(fz_img_synth_rand(&st) % (uint32_t)nref);
	q.neg = j % 4 == 3;
	if (j % 8 < 5 || q.neg) {
		q.mask = 1u << (fz_img_synth_rand(&st) % FZ_TF_COUNT);
	} else {
		int n = 2 + (int)(fz_img_synth_rand(&st) % 2);
		q.mask = 0;
		while (__builtin_popcount(q.mask) < n)
			q.mask |= 1u << (fz_img_synth_rand(&st) % FZ_TF_COUNT);
	}
	return q;
}

static void mask_name(unsigned m, char *out, size_t n)
{
	out[0] = '\0';
	for (int t = 0; t < FZ_TF_COUNT; t++)
		if (m & (1u << t)) {
			if (out[0])
				strncat(out, "+", n - strlen(out) - 1);
			strncat(out, fz_img_synth_tf_names[t], n - strlen(out) - 1);
		}
}

static void gen_part(const char *dir, int nref, int nq, uint32_t seed, int part, int parts)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[4096];
	for (int i = part; i < nref; i += parts) {
		struct fz_synth s;
		struct fz_img im;
		ref_design(i, &s);
		if (fz_img_synth_reference(&s, SIDE, &im, &err))
			exit(1);
		snprintf(path, sizeof(path), "%s/refs/r%06d.png", dir, i);
		save(&im, path);
		fz_img_free(&im);
	}
	for (int j = part; j < nq; j += parts) {
		struct qspec q = query_spec(j, nref, seed);
		struct fz_synth s;
		struct fz_img im;
		ref_design(q.ref, &s);
		if (q.neg) {
			struct fz_synth n;
			fz_img_synth_design(&n, s.family, 5000000u + (uint32_t)j, s.ncol, 1);
			memcpy(n.pal, s.pal, sizeof(n.pal));
			s = n;
		}
		if (fz_img_synth_copy(&s, SIDE, q.mask, seed + (uint32_t)j, &im, &err))
			exit(1);
		snprintf(path, sizeof(path), "%s/queries/q%06d.png", dir, j);
		save(&im, path);
		fz_img_free(&im);
	}
}

static int gen(const char *dir, int nref, int nq, uint32_t seed)
{
	char path[4096], name[256];
	FILE *f;
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/refs", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/queries", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/truth.csv", dir);
	f = fopen(path, "w");
	if (!f)
		return 1;
	fprintf(f, "query,ref,transform,family\n");
	for (int j = 0; j < nq; j++) {
		struct qspec q = query_spec(j, nref, seed);
		mask_name(q.mask, name, sizeof(name));
		if (q.neg)
			fprintf(f, "q%06d,,negative,%d\n", j, q.ref % FZ_SYNTH_NFAMILIES);
		else
			fprintf(f, "q%06d,r%06d,%s,%d\n", j, q.ref, name, q.ref % FZ_SYNTH_NFAMILIES);
	}
	fclose(f);
	pid_t kid = fork();
	if (kid == 0) {
		gen_part(dir, nref, nq, seed, 1, 2);
		_exit(0);
	}
	gen_part(dir, nref, nq, seed, 0, 2);
	int st = 0;
	waitpid(kid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".png"))
			n++;
	closedir(d);
	return n;
}

static int engine(const char *dir)
{
	/* GLOBAL=1: the repeat search alone (the engine before local
	 * evidence), for comparison */
	int global_only = getenv("GLOBAL") != NULL;
	static struct fz_img_lquery lq;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_index *ix;
	char path[4200], ixdir[4000];
	int nref, nq;
	snprintf(path, sizeof(path), "%s/refs", dir);
	nref = count_files(path);
	snprintf(path, sizeof(path), "%s/queries", dir);
	nq = count_files(path);
	snprintf(ixdir, sizeof(ixdir), "%s/index", dir);
	snprintf(path, sizeof(path), "%s/%s", ixdir, FZ_IMG_INDEX_FILE);
	/* REUSE=1: the index of the last run, queries only (profiling) */
	int reuse = getenv("REUSE") != NULL;
	if (!reuse)
		unlink(path);
	if (fz_img_index_open(ixdir, 1, &ix, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	double t0 = now();
	for (int i = 0; i < (reuse ? 0 : nref); i++) {
		struct fz_img im;
		struct fz_img_desc d;
		static struct fz_img_local loc;
		snprintf(path, sizeof(path), "%s/refs/r%06d.png", dir, i);
		if (fz_img_load(path, &im, &err) || fz_img_describe(&im, &d, &err) ||
		    (!global_only && fz_img_local_describe(&im, &loc, &err)) ||
		    fz_img_index_add(ix, i, &d, global_only ? NULL : &loc, &err)) {
			fprintf(stderr, "%s: %s\n", path, err.msg);
			return 1;
		}
		fz_img_free(&im);
	}
	double build = now() - t0;
	fz_img_index_close(ix);
	t0 = now();
	if (fz_img_index_open(ixdir, 0, &ix, &err))
		return 1;
	double load = now() - t0;
	snprintf(path, sizeof(path), "%s/pred_engine.csv", dir);
	FILE *f = fopen(path, "w");
	double *lat = malloc(sizeof(double) * (size_t)nq), *ext = malloc(sizeof(double) * (size_t)nq);
	fprintf(f, "query,ref,score\n");
	for (int j = 0; j < nq; j++) {
		struct fz_img im;
		static struct fz_img_query d;
		static struct fz_img_hit hits[FZ_IMG_INDEX_MAX_K];
		int n, topk = getenv("TOPK") ? atoi(getenv("TOPK")) : 10;
		snprintf(path, sizeof(path), "%s/queries/q%06d.png", dir, j);
		if (fz_img_load(path, &im, &err))
			return 1;
		double a = now();
		if (getenv("NOVAR")) {
			fz_img_describe(&im, &d.v[0], &err);
			d.n = 1;
		} else
			fz_img_describe_query(&im, &d, &err);
		if (!global_only)
			fz_img_local_query(&im, &lq, &err);
		double b = now();
		if (global_only)
			fz_img_index_search_query(ix, &d, topk, getenv("CAND") ? atoi(getenv("CAND")) : 0, hits, &n, &err);
		else
			fz_img_index_search_local(ix, &d, &lq, topk, hits, &n, &err);
		double c = now();
		fz_img_lquery_free(&lq);
		ext[j] = (b - a) * 1e3;
		lat[j] = (c - b) * 1e3;
		for (int k = 0; k < n; k++)
			fprintf(f, "q%06d,r%06lld,%.5f\n", j, (long long)hits[k].id, hits[k].score);
		fz_img_free(&im);
	}
	fclose(f);
	qsort(lat, (size_t)nq, sizeof(double), cmp_double);
	qsort(ext, (size_t)nq, sizeof(double), cmp_double);
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", ixdir, FZ_IMG_INDEX_FILE);
	stat(path, &st);
	printf("engine refs %d queries %d\n", nref, nq);
	printf("build_rate_per_s %.1f\n", nref / build);
	printf("index_bytes %lld (%.0f per ref)\n", (long long)st.st_size,
	       (double)st.st_size / (nref ? nref : 1));
	printf("index_open_ms %.3f\n", load * 1e3);
	printf("search_ms p50 %.2f p99 %.2f\n", lat[nq / 2], lat[nq * 99 / 100]);
	printf("describe_ms p50 %.2f p99 %.2f\n", ext[nq / 2], ext[nq * 99 / 100]);
	if (global_only)
		printf("threshold_similar %.2f threshold_same %.2f\n", fz_img_similar_threshold,
		       fz_img_same_threshold);
	else
		printf("threshold_similar %.2f threshold_same %.2f\n", fz_img_match_similar,
		       fz_img_match_same);
	fz_img_index_close(ix);
	free(lat);
	free(ext);
	return 0;
}

/* Descriptors and keypoints of synthetic references lo..hi-1 (192-px
 * renders, as the references of `gen`) into file path. */
static void grow_part(const char *path, int lo, int hi, int part, int parts)
{
	struct fz_err err = FZ_ERR_INIT;
	FILE *f = fopen(path, "wb");
	if (!f)
		exit(1);
	for (int i = lo + part; i < hi; i += parts) {
		struct fz_synth s;
		struct fz_img im;
		struct fz_img_desc d;
		static struct fz_img_local loc;
		ref_design(i, &s);
		if (fz_img_synth_reference(&s, SIDE, &im, &err) || fz_img_describe(&im, &d, &err) ||
		    fz_img_local_describe(&im, &loc, &err))
			exit(1);
		fz_img_free(&im);
		int64_t id = i;
		fwrite(&id, sizeof(id), 1, f);
		fwrite(&d, sizeof(d), 1, f);
		fwrite(&loc, sizeof(loc), 1, f);
	}
	fclose(f);
}

/* Grow the index to n references (the first ones are DIR's refs, the
 * rest synthetic designs of every family, described by two workers and
 * added in batches), then run DIR's queries against it: pred_scale.csv
 * (recall at that size, metrics.py DIR scale) and the search latency. */
static int scale(const char *dir, int n, int nq)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_index *ix;
	char ixdir[4096], path[4200];
	snprintf(ixdir, sizeof(ixdir), "%s/index", dir);
	if (fz_img_index_open(ixdir, 1, &ix, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	int have = (int)fz_img_index_count(ix);
	double t0 = now();
	if (have < n) {
		pid_t kid = fork();
		char p0[4200], p1[4200];
		snprintf(p0, sizeof(p0), "%s/grow0.bin", dir);
		snprintf(p1, sizeof(p1), "%s/grow1.bin", dir);
		if (kid == 0) {
			grow_part(p1, have, n, 1, 2);
			_exit(0);
		}
		grow_part(p0, have, n, 0, 2);
		int st = 0;
		waitpid(kid, &st, 0);
		for (int w = 0; w < 2; w++) {
			FILE *f = fopen(w ? p1 : p0, "rb");
			enum { BATCH = 500 };
			static int64_t ids[BATCH];
			static struct fz_img_desc ds[BATCH];
			static struct fz_img_local ls[BATCH];
			size_t k = 0;
			while (f && fread(&ids[k], sizeof(ids[k]), 1, f) == 1 &&
			       fread(&ds[k], sizeof(ds[k]), 1, f) == 1 &&
			       fread(&ls[k], sizeof(ls[k]), 1, f) == 1)
				if (++k == BATCH) {
					fz_img_index_add_many(ix, ids, ds, ls, k, &err);
					k = 0;
				}
			if (k)
				fz_img_index_add_many(ix, ids, ds, ls, k, &err);
			if (f)
				fclose(f);
			unlink(w ? p1 : p0);
		}
	}
	printf("scale refs %zu grown in %.0f s\n", fz_img_index_count(ix), now() - t0);
	/* searched as the server does: a reader's handle */
	fz_img_index_close(ix);
	t0 = now();
	if (fz_img_index_open(ixdir, 0, &ix, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	printf("scale index_open_ms %.1f\n", (now() - t0) * 1e3);
	snprintf(path, sizeof(path), "%s/queries", dir);
	int avail = count_files(path);
	if (nq > avail)
		nq = avail;
	snprintf(path, sizeof(path), "%s/pred_scale.csv", dir);
	FILE *f = fopen(path, "w");
	double *lat = malloc(sizeof(double) * (size_t)nq);
	static struct fz_img_query q;
	static struct fz_img_lquery lq;
	int global_only = getenv("GLOBAL") != NULL;
	fprintf(f, "query,ref,score\n");
	for (int j = 0; j < nq; j++) {
		struct fz_img_hit hits[10];
		struct fz_img im;
		int k;
		snprintf(path, sizeof(path), "%s/queries/q%06d.png", dir, j);
		if (fz_img_load(path, &im, &err) || fz_img_describe_query(&im, &q, &err) ||
		    (!global_only && fz_img_local_query(&im, &lq, &err)))
			return 1;
		fz_img_free(&im);
		double a = now();
		if (global_only)
			fz_img_index_search_query(ix, &q, 10, getenv("CAND") ? atoi(getenv("CAND")) : 0, hits, &k, &err);
		else
			fz_img_index_search_local(ix, &q, &lq, 10, hits, &k, &err);
		lat[j] = (now() - a) * 1e3;
		fz_img_lquery_free(&lq);
		for (int i = 0; i < k; i++)
			fprintf(f, "q%06d,r%06lld,%.5f\n", j, (long long)hits[i].id, hits[i].score);
	}
	fclose(f);
	qsort(lat, (size_t)nq, sizeof(double), cmp_double);
	printf("scale refs %zu queries %d search_ms p50 %.2f p99 %.2f\n",
	       fz_img_index_count(ix), nq, lat[nq / 2], lat[nq * 99 / 100]);
	fz_img_index_close(ix);
	free(lat);
	return 0;
}

/* The threshold calibration (docs/pattern.md): n pairs per family of two
 * different designs in one palette (the hard negatives) and, for
 * each pair, one copy of the first design under one transformation in
 * turn.  Prints the hard negatives' score percentiles and the share of
 * copies above them; the 近似 threshold is the 99th percentile, the 相同
 * threshold the maximum. */
static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

static void describe_view(const struct fz_synth *s, unsigned mask, uint32_t seed,
			  struct fz_img_query *q)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img im;
	int rc = mask ? fz_img_synth_copy(s, SIDE, mask, seed, &im, &err)
		      : fz_img_synth_reference(s, SIDE, &im, &err);
	if (rc || fz_img_describe_query(&im, q, &err)) {
		fprintf(stderr, "calibrate: %s\n", err.msg);
		exit(1);
	}
	fz_img_free(&im);
}

/* 图样比对 of two views, as the API scores them (fz_img_compare). */
static float compare(const struct fz_img_query *a, const struct fz_img_query *b)
{
	struct fz_img_match m;
	fz_img_compare(a, b, &m);
	return m.score;
}

static int calibrate(int n)
{
	int total = n * FZ_SYNTH_NFAMILIES, k = 0;
	float *neg = malloc(sizeof(float) * (size_t)total);
	float *pos = malloc(sizeof(float) * (size_t)total);
	float fammax[FZ_SYNTH_NFAMILIES] = { 0 };
	static struct fz_img_query da, db, dq;
	for (int f = 0; f < FZ_SYNTH_NFAMILIES; f++)
		for (int i = 0; i < n; i++, k++) {
			struct fz_synth a, b;
			/* seeds apart from gen's so calibration and test data differ */
			fz_img_synth_design(&a, f, 700000u + (uint32_t)i, 2 + i % 7, 31u + (uint32_t)i);
			fz_img_synth_design(&b, f, 800000u + (uint32_t)i, 2 + i % 7, 31u + (uint32_t)i);
			describe_view(&a, 0, 0, &da);
			describe_view(&b, 0, 0, &db);
			describe_view(&a, 1u << (i % FZ_TF_COUNT), (uint32_t)(i + 5), &dq);
			neg[k] = compare(&da, &db);
			pos[k] = compare(&dq, &da);
			if (neg[k] > fammax[f])
				fammax[f] = neg[k];
		}
	float *sn = malloc(sizeof(float) * (size_t)total);
	memcpy(sn, neg, sizeof(float) * (size_t)total);
	qsort(sn, (size_t)total, sizeof(float), cmp_float);
	float p99 = sn[(int)(total * 0.99)], mx = sn[total - 1];
	int r99 = 0, rmx = 0, fp_sim = 0, fp_same = 0;
	for (int i = 0; i < total; i++) {
		r99 += pos[i] >= p99;
		rmx += pos[i] >= mx;
		fp_sim += neg[i] >= fz_img_similar_threshold;
		fp_same += neg[i] >= fz_img_same_threshold;
	}
	printf("calibrate pairs %d\n", total);
	printf("hard_negative p50 %.3f p90 %.3f p99 %.3f max %.3f\n", sn[total / 2],
	       sn[total * 9 / 10], p99, mx);
	for (int f = 0; f < FZ_SYNTH_NFAMILIES; f++)
		printf("  family %d max %.3f\n", f, fammax[f]);
	printf("copies_at_p99 %.3f copies_at_max %.3f\n", (double)r99 / total,
	       (double)rmx / total);
	printf("current thresholds 近似 %.2f (hard negatives above: %.2f%%) 相同 %.2f (%.2f%%)\n",
	       fz_img_similar_threshold, 100.0 * fp_sim / total, fz_img_same_threshold,
	       100.0 * fp_same / total);
	free(neg);
	free(pos);
	free(sn);
	return 0;
}

/* probe DIR: global top 16 and local-vote top 16 of every query, each
 * verified; one line per (query, candidate) with every signal, for
 * designing the fused score (probe.csv). */
static const struct fz_img_local *probe_get(const void *ctx, size_t slot)
{
	return &((const struct fz_img_local *)ctx)[slot];
}

static int probe(const char *dir)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_index *ix;
	char path[4200], ixdir[4000];
	int nref, nq;
	snprintf(path, sizeof(path), "%s/refs", dir);
	nref = count_files(path);
	snprintf(path, sizeof(path), "%s/queries", dir);
	nq = count_files(path);
	snprintf(ixdir, sizeof(ixdir), "%s/index", dir);
	if (fz_img_index_open(ixdir, 0, &ix, &err)) {
		fprintf(stderr, "run engine first: %s\n", err.msg);
		return 1;
	}
	struct fz_img_local *loc = calloc((size_t)nref, sizeof(*loc));
	double t0 = now();
	for (int i = 0; i < nref; i++) {
		struct fz_img im;
		snprintf(path, sizeof(path), "%s/refs/r%06d.png", dir, i);
		if (fz_img_load(path, &im, &err) || fz_img_local_describe(&im, &loc[i], &err))
			return 1;
		fz_img_free(&im);
	}
	double tl = now() - t0;
	struct fz_img_lvote *lv;
	t0 = now();
	if (fz_img_lvote_build(loc, probe_get, (size_t)nref, &lv, &err))
		return 1;
	fprintf(stderr, "local describe %.1f/s, votes built in %.3f s, %zu bytes\n",
		nref / tl, now() - t0, fz_img_lvote_bytes(lv));
	snprintf(path, sizeof(path), "%s/probe.csv", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "query,ref,g,grank,votes,vrank,inl,regions,cover,scale,angle,mirror,dense\n");
	static struct fz_img_lquery lq;
	static struct fz_img_query d;
	double tq = 0, tv = 0, tver = 0;
	for (int j = 0; j < nq; j++) {
		struct fz_img im;
		struct fz_img_hit hits[16];
		size_t slots[16];
		int votes[16], orient[16], n, nv;
		snprintf(path, sizeof(path), "%s/queries/q%06d.png", dir, j);
		if (fz_img_load(path, &im, &err))
			return 1;
		fz_img_describe_query(&im, &d, &err);
		fz_img_index_search_query(ix, &d, 16, 0, hits, &n, &err);
		double a = now();
		fz_img_local_query(&im, &lq, &err);
		double b = now();
		fz_img_lvote_query(lv, &lq, 16, slots, votes, orient, &nv, &err);
		double c = now();
		tq += b - a;
		tv += c - b;
		/* the union, global first */
		int64_t seen[32];
		int ns = 0;
		for (int k = 0; k < n + nv; k++) {
			size_t s = k < n ? hits[k].slot : slots[k - n];
			int64_t id;
			fz_img_index_get(ix, s, &id);
			int dup = 0;
			for (int u = 0; u < ns; u++)
				dup |= seen[u] == id;
			if (dup)
				continue;
			seen[ns++] = id;
			float g = -2;
			int grank = -1, vr = -1, vv = 0;
			struct fz_img_align al;
			for (int u = 0; u < d.n; u++) {
				float sc = fz_img_score(&d.v[u], fz_img_index_get(ix, s, NULL), &al);
				if (u)
					sc *= fz_img_variant_factor;
				if (sc > g)
					g = sc;
			}
			for (int u = 0; u < n; u++)
				if (hits[u].slot == s)
					grank = u;
			for (int u = 0; u < nv; u++)
				if (slots[u] == s) {
					vr = u;
					vv = votes[u];
				}
			struct fz_img_verdict vd;
			double e = now();
			fz_img_local_verify(&lq, &loc[id], -1, &vd);
			tver += now() - e;
			fprintf(f, "q%06d,r%06lld,%.4f,%d,%d,%d,%d,%d,%.3f,%.3f,%.1f,%d,%.3f\n", j, (long long)id,
				g, grank, vv, vr, vd.inliers, vd.regions, vd.cover, vd.scale, vd.angle, vd.mirror, vd.dense);
		}
		fz_img_free(&im);
		fz_img_lquery_free(&lq);
	}
	fclose(f);
	fprintf(stderr, "per query: local describe %.1f ms, vote %.2f ms, verify all %.1f ms\n",
		tq / nq * 1e3, tv / nq * 1e3, tver / nq * 1e3);
	fz_img_lvote_free(lv);
	fz_img_index_close(ix);
	free(loc);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "probe"))
		return probe(argv[2]);
	if (argc >= 5 && !strcmp(argv[1], "gen"))
		return gen(argv[2], atoi(argv[3]), atoi(argv[4]),
			   argc > 5 ? (uint32_t)atoi(argv[5]) : 1u);
	if (argc == 3 && !strcmp(argv[1], "engine"))
		return engine(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "calibrate"))
		return calibrate(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "scale"))
		return scale(argv[2], atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: pattern_bench gen DIR NREF NQUERY [SEED] | engine DIR | scale DIR NREF NQUERY | calibrate NPAIRS\n");
	return 2;
}
