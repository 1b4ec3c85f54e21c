/* img_desc.c - edge map, repeat lattice, canonical tile, scores (see
 * img_desc.h for the idea). */
#include "engine/image/img_desc.h"

#include "engine/image/img_fft.h"

#include <math.h>
#include <stddef.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define N FZ_IMG_TILE
#define WORK_SIDE 256   /* edge map the tile is sampled from */
#define LAT_SIDE 128    /* edge map the lattice is searched in */
#define MAX_PEAKS 256
#ifndef REACH
#define REACH 0.8  /* longest lag searched, share of the side */
#endif
#ifndef OVERLAP
#define OVERLAP 0.12 /* least overlap a lag must keep, share of the area */
#endif
#ifndef SHAPE_TOL
#define SHAPE_TOL 0.25f /* lattice shape tolerance (log ratio, cosine) */
#endif
#ifndef PEAK_SHARE
#define PEAK_SHARE 0.8f /* a lattice peak reaches this share of the best */
#endif
#ifndef PEAK_SHARE_LOW
#define PEAK_SHARE_LOW 0.55f /* the same, second try */
#endif
#ifndef COARSEN_GAIN
#define COARSEN_GAIN 0.08f /* a multiple of a period wins by this much */
#endif
#ifndef WHITEN
#define WHITEN 0.5f /* spectral whitening exponent of the exact score */
#endif
#ifndef LOWPASS
#define LOWPASS 0.8f /* share of Nyquist the exact score keeps */
#endif
#ifndef CELL_PX
#define CELL_PX 48 /* one repeat's side in the edge map the tile comes from */
#endif
#define NORM_MAX 512 /* longest side of that edge map */
#ifndef EDGE_KNEE
#define EDGE_KNEE 0.5f /* clip edges above this share of the 98th percentile */
#endif

/* Decision thresholds on the score of 图样比对 (fz_img_compare: every
 * reading of each side), calibrated to the rule ("different
 * designs of the same family and palette are called 相同 or 近似 at most
 * 1 % of the time") by `pattern_bench calibrate 100` (bench/pattern,
 * docs/pattern.md): 900 pairs of two different designs of one family in
 * one palette, 100 per family.  Their scores: p50 0.27, p90 0.46, p99
 * 0.61, max 0.74 (two stripe designs).  近似 sits just above the 99th
 * percentile (0.8 % of the pairs reach it), 相同 above the highest hard
 * negative (none reach it); 94 % of single-transformation copies reach
 * 近似.  Rerun the calibration after any change to the descriptor or the
 * score. */
const float fz_img_same_threshold = 0.75f;
const float fz_img_similar_threshold = 0.62f;

struct plane {
	int w, h;
	float *v;
};

static int plane_new(struct plane *p, int w, int h)
{
	p->w = w;
	p->h = h;
	p->v = calloc((size_t)w * h, sizeof(float));
	return p->v ? 0 : -1;
}

/* Weights of an area-averaging resample from n source samples to m: each
 * output sample covers [i * n / m, (i + 1) * n / m) with fractional ends,
 * so no integer rounding beats against the pattern (a moire of its own). */
static void area_span(int i, int n, int m, int *lo, int *hi, double *w0, double *w1)
{
	double a = (double)i * n / m, b = (double)(i + 1) * n / m;
	*lo = (int)a;
	*hi = (int)ceil(b) - 1;
	if (*hi >= n)
		*hi = n - 1;
	*w0 = (*lo + 1) - a;
	*w1 = b - *hi;
	if (*lo == *hi)
		*w0 = *w1 = b - a;
}

/* Area-average the RGB image to w x h (never up: w <= im->w, h <= im->h),
 * one plane per channel, as log intensity so that uneven light (a
 * multiplicative field) becomes an additive one that gradients mostly
 * ignore. */
static int area_rgb(const struct fz_img *im, int w, int h, struct plane ch[3])
{
	float *row;
	for (int c = 0; c < 3; c++)
		if (plane_new(&ch[c], w, h))
			return -1;
	/* horizontal pass into row (w x im->h x 3), vertical into the planes */
	row = calloc((size_t)w * im->h * 3, sizeof(float));
	if (!row)
		return -1;
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < w; x++) {
			int lo, hi;
			double w0, w1, acc[3] = { 0, 0, 0 }, tw = 0;
			area_span(x, im->w, w, &lo, &hi, &w0, &w1);
			for (int sx = lo; sx <= hi; sx++) {
				double wt = sx == lo ? w0 : sx == hi ? w1 : 1;
				const uint8_t *p = im->px + ((size_t)y * im->w + sx) * 3;
				acc[0] += wt * p[0];
				acc[1] += wt * p[1];
				acc[2] += wt * p[2];
				tw += wt;
			}
			for (int c = 0; c < 3; c++)
				row[((size_t)y * w + x) * 3 + c] = (float)(acc[c] / tw);
		}
	for (int y = 0; y < h; y++) {
		int lo, hi;
		double w0, w1;
		area_span(y, im->h, h, &lo, &hi, &w0, &w1);
		for (int x = 0; x < w; x++) {
			double acc[3] = { 0, 0, 0 }, tw = 0;
			for (int sy = lo; sy <= hi; sy++) {
				double wt = sy == lo ? w0 : sy == hi ? w1 : 1;
				const float *p = row + ((size_t)sy * w + x) * 3;
				acc[0] += wt * p[0];
				acc[1] += wt * p[1];
				acc[2] += wt * p[2];
				tw += wt;
			}
			for (int c = 0; c < 3; c++)
				ch[c].v[(size_t)y * w + x] = (float)(32.0 * log(8.0 + acc[c] / tw));
		}
	}
	free(row);
	return 0;
}

static float bilinear(const struct plane *p, float x, float y);

/* Enlarge plane p to w x h (>= its size) by bilinear interpolation, pixel
 * centres aligned. */
static int upscale(struct plane *p, int w, int h)
{
	struct plane q;
	if (w == p->w && h == p->h)
		return 0;
	if (plane_new(&q, w, h))
		return -1;
	float fx = (float)p->w / w, fy = (float)p->h / h;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			q.v[(size_t)y * w + x] = bilinear(p, (x + 0.5f) * fx - 0.5f,
							  (y + 0.5f) * fy - 0.5f);
	free(p->v);
	*p = q;
	return 0;
}

/* The RGB image resized to w x h as log-intensity planes: area-averaged
 * where it shrinks, bilinear where it grows. */
static int resize_rgb(const struct fz_img *im, int w, int h, struct plane ch[3])
{
	int aw = w < im->w ? w : im->w, ah = h < im->h ? h : im->h;
	if (w < 1) w = 1;
	if (h < 1) h = 1;
	if (aw < 1) aw = 1;
	if (ah < 1) ah = 1;
	if (area_rgb(im, aw, ah, ch))
		return -1;
	for (int c = 0; c < 3; c++)
		if (upscale(&ch[c], w, h))
			return -1;
	return 0;
}

/* At most side pixels on the long edge, never enlarged. */
static int downscale_rgb(const struct fz_img *im, int side, struct plane ch[3])
{
	int w = im->w, h = im->h;
	if (w > side || h > side) {
		double s = (double)side / (w > h ? w : h);
		w = (int)(im->w * s + 0.5);
		h = (int)(im->h * s + 0.5);
	}
	return resize_rgb(im, w, h, ch);
}

static void blur121(struct plane *p, float *tmp)
{
	int w = p->w, h = p->h;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int xl = x > 0 ? x - 1 : x, xr = x < w - 1 ? x + 1 : x;
			const float *r = p->v + (size_t)y * w;
			tmp[(size_t)y * w + x] = 0.25f * r[xl] + 0.5f * r[x] + 0.25f * r[xr];
		}
	for (int y = 0; y < h; y++) {
		int yu = y > 0 ? y - 1 : y, yd = y < h - 1 ? y + 1 : y;
		for (int x = 0; x < w; x++)
			p->v[(size_t)y * w + x] = 0.25f * tmp[(size_t)yu * w + x] +
				0.5f * tmp[(size_t)y * w + x] + 0.25f * tmp[(size_t)yd * w + x];
	}
}

/* The k-th smallest of v[0..n) (Hoare's selection; v is reordered). */
static float select_k(float *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	if (k >= n)
		k = n - 1;
	while (lo < hi) {
		float piv = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < piv) i++;
			while (v[j] > piv) j--;
			if (i <= j) {
				float t = v[i]; v[i] = v[j]; v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

/* Edge strength: sqrt of the trace of the structure tensor summed over the
 * three channels (polarity-free, so a swap of two colours changes
 * nothing), divided by half its 98th percentile and clipped to 1, which
 * makes every clear edge about equally strong whatever its two colours. */
static int edge_map(struct plane ch[3], struct plane *e)
{
	int w = ch[0].w, h = ch[0].h;
	float *tmp;
	if (plane_new(e, w, h))
		return -1;
	tmp = malloc(sizeof(float) * (size_t)w * h);
	if (!tmp)
		return -1;
	for (int c = 0; c < 3; c++) {
		blur121(&ch[c], tmp);
		blur121(&ch[c], tmp);
	}
	for (int y = 0; y < h; y++) {
		int yu = y > 0 ? y - 1 : y, yd = y < h - 1 ? y + 1 : y;
		for (int x = 0; x < w; x++) {
			int xl = x > 0 ? x - 1 : x, xr = x < w - 1 ? x + 1 : x;
			float s = 0;
			for (int c = 0; c < 3; c++) {
				const float *v = ch[c].v;
				float gx = v[(size_t)yu * w + xr] + 2 * v[(size_t)y * w + xr] +
					v[(size_t)yd * w + xr] - v[(size_t)yu * w + xl] -
					2 * v[(size_t)y * w + xl] - v[(size_t)yd * w + xl];
				float gy = v[(size_t)yd * w + xl] + 2 * v[(size_t)yd * w + x] +
					v[(size_t)yd * w + xr] - v[(size_t)yu * w + xl] -
					2 * v[(size_t)yu * w + x] - v[(size_t)yu * w + xr];
				s += gx * gx + gy * gy;
			}
			e->v[(size_t)y * w + x] = sqrtf(s);
		}
	}
	memcpy(tmp, e->v, sizeof(float) * (size_t)w * h);
	float t = EDGE_KNEE * select_k(tmp, (size_t)w * h, (size_t)((double)w * h * 0.98));
	free(tmp);
	if (t < 1.0f) /* flat image: keep it flat rather than amplify noise */
		t = 1.0f;
	for (size_t i = 0; i < (size_t)w * h; i++)
		e->v[i] = e->v[i] > t ? 1.0f : e->v[i] / t;
	return 0;
}

/* Box-average plane src down by an integer-free factor to dst (w x h). */
static int shrink(const struct plane *src, int w, int h, struct plane *dst)
{
	if (plane_new(dst, w, h))
		return -1;
	for (int y = 0; y < h; y++) {
		int y0 = (int)((long)y * src->h / h), y1 = (int)((long)(y + 1) * src->h / h);
		if (y1 <= y0) y1 = y0 + 1;
		for (int x = 0; x < w; x++) {
			int x0 = (int)((long)x * src->w / w), x1 = (int)((long)(x + 1) * src->w / w);
			double acc = 0;
			if (x1 <= x0) x1 = x0 + 1;
			for (int sy = y0; sy < y1; sy++)
				for (int sx = x0; sx < x1; sx++)
					acc += src->v[(size_t)sy * src->w + sx];
			dst->v[(size_t)y * w + x] = (float)(acc / ((double)(x1 - x0) * (y1 - y0)));
		}
	}
	return 0;
}

/* ---- lattice search ---- */

/* Normalised autocorrelation A(dx, dy) of the lattice-size edge map, for
 * |dx| < w, |dy| < h; -2 where the overlap is too small to trust. */
struct acorr {
	int w, h;
	float *a; /* (2w-1) x (2h-1), centre at (w-1, h-1) */
};

static float ac_at(const struct acorr *ac, int dx, int dy)
{
	if (dx <= -ac->w || dx >= ac->w || dy <= -ac->h || dy >= ac->h)
		return -2;
	return ac->a[(size_t)(dy + ac->h - 1) * (2 * ac->w - 1) + dx + ac->w - 1];
}

static int autocorr(const struct plane *l, struct acorr *ac)
{
	int w = l->w, h = l->h, p = 1;
	float *re, *im, *tmp;
	double mean = 0;
	while (p < 2 * (w > h ? w : h))
		p <<= 1;
	re = calloc((size_t)p * p, sizeof(float));
	im = calloc((size_t)p * p, sizeof(float));
	tmp = malloc(sizeof(float) * 2 * p);
	ac->w = w;
	ac->h = h;
	ac->a = malloc(sizeof(float) * (size_t)(2 * w - 1) * (2 * h - 1));
	if (!re || !im || !tmp || !ac->a) {
		free(re); free(im); free(tmp);
		return -1;
	}
	for (size_t i = 0; i < (size_t)w * h; i++)
		mean += l->v[i];
	mean /= (double)w * h;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			re[(size_t)y * p + x] = (float)(l->v[(size_t)y * w + x] - mean);
	fz_img_fft2(re, im, p, 0, tmp);
	for (size_t i = 0; i < (size_t)p * p; i++) {
		re[i] = re[i] * re[i] + im[i] * im[i];
		im[i] = 0;
	}
	fz_img_fft2(re, im, p, 1, tmp);
	double r0 = re[0] / ((double)w * h);
	for (int dy = -h + 1; dy < h; dy++)
		for (int dx = -w + 1; dx < w; dx++) {
			double ov = (double)(w - abs(dx)) * (h - abs(dy));
			float v = -2;
			if (ov >= OVERLAP * w * h && abs(dx) <= REACH * w &&
			    abs(dy) <= REACH * h && r0 > 1e-12)
				v = (float)(re[(size_t)((dy + p) % p) * p + (dx + p) % p] / ov / r0);
			ac->a[(size_t)(dy + h - 1) * (2 * w - 1) + dx + w - 1] = v;
		}
	free(re); free(im); free(tmp);
	return 0;
}

struct peak {
	int dx, dy;
	float v, len2;
};

static int cmp_peak(const void *a, const void *b)
{
	const struct peak *x = a, *y = b;
	return (x->len2 > y->len2) - (x->len2 < y->len2);
}

/* A real repeat has a dip between the origin and itself; a ridge (the
 * direction along stripes, or plain blur) does not. */
static int has_valley(const struct acorr *ac, int dx, int dy, float v)
{
	float lo = 2;
	for (int k = 1; k < 8; k++) {
		float t = k / 8.0f;
		float s = ac_at(ac, (int)lrintf(t * dx), (int)lrintf(t * dy));
		if (s > -2 && s < lo)
			lo = s;
	}
	return lo < v - 0.2f;
}

static int is_local_max(const struct acorr *ac, int dx, int dy, float v)
{
	for (int j = -1; j <= 1; j++)
		for (int i = -1; i <= 1; i++)
			if ((i || j) && ac_at(ac, dx + i, dy + j) > v)
				return 0;
	return 1;
}

/* Sub-pixel position of the peak at (dx, dy) by parabola fits. */
static void subpixel(const struct acorr *ac, int dx, int dy, float out[2])
{
	float c = ac_at(ac, dx, dy);
	float l = ac_at(ac, dx - 1, dy), r = ac_at(ac, dx + 1, dy);
	float u = ac_at(ac, dx, dy - 1), d = ac_at(ac, dx, dy + 1);
	float ox = 0, oy = 0, den;
	den = l - 2 * c + r;
	if (l > -2 && r > -2 && den < -1e-6f)
		ox = 0.5f * (l - r) / den;
	den = u - 2 * c + d;
	if (u > -2 && d > -2 && den < -1e-6f)
		oy = 0.5f * (u - d) / den;
	if (ox > 0.5f) ox = 0.5f;
	if (ox < -0.5f) ox = -0.5f;
	if (oy > 0.5f) oy = 0.5f;
	if (oy < -0.5f) oy = -0.5f;
	out[0] = dx + ox;
	out[1] = dy + oy;
}

/* Sharpen a lattice vector with the farthest clear multiple of it. */
static void refine(const struct acorr *ac, float v[2], float strength)
{
	float base[2] = { v[0], v[1] };
	for (int k = 2; k <= 12; k++) {
		int px = (int)lrintf(base[0] * k), py = (int)lrintf(base[1] * k);
		int bx = 0, by = 0;
		float best = -2;
		for (int j = -1; j <= 1; j++)
			for (int i = -1; i <= 1; i++) {
				float s = ac_at(ac, px + i, py + j);
				if (s > best) {
					best = s;
					bx = px + i;
					by = py + j;
				}
			}
		if (best < 0.5f * strength || !is_local_max(ac, bx, by, best))
			break;
		float sp[2];
		subpixel(ac, bx, by, sp);
		v[0] = sp[0] / k;
		v[1] = sp[1] / k;
	}
}

static float dot2(const float *a, const float *b) { return a[0] * b[0] + a[1] * b[1]; }

/* Best autocorrelation within one pixel of (x, y). */
static float ac_near(const struct acorr *ac, float x, float y, int *bx, int *by)
{
	int px = (int)lrintf(x), py = (int)lrintf(y);
	float best = -2;
	for (int j = -1; j <= 1; j++)
		for (int i = -1; i <= 1; i++) {
			float s = ac_at(ac, px + i, py + j);
			if (s > best) {
				best = s;
				*bx = px + i;
				*by = py + j;
			}
		}
	return best;
}

/* A design whose repeat holds a regular ground (the twill check of a
 * houndstooth, evenly spaced stripes) with a motif on top repeats only
 * approximately at the ground's period and exactly at a multiple of it:
 * take the multiple k * v (k = 2..4) when it correlates clearly better
 * than v, so that the canonical tile holds the motif and not only the
 * ground that every design of the family shares. */
static void coarsen(const struct acorr *ac, float v[2])
{
	int bx, by;
	float base = ac_near(ac, v[0], v[1], &bx, &by), best = base;
	int bk = 1;
	for (int k = 2; k <= 4; k++) {
		float s = ac_near(ac, v[0] * k, v[1] * k, &bx, &by);
		if (s > best + COARSEN_GAIN && is_local_max(ac, bx, by, s)) {
			best = s;
			bk = k;
		}
	}
	if (bk > 1) {
		float sp[2];
		ac_near(ac, v[0] * bk, v[1] * bk, &bx, &by);
		subpixel(ac, bx, by, sp);
		v[0] = sp[0];
		v[1] = sp[1];
	}
}

/* Gauss reduction: the shortest basis of the lattice a, b span. */
static void reduce(float a[2], float b[2])
{
	for (int it = 0; it < 16; it++) {
		if (dot2(b, b) < dot2(a, a)) {
			float t0 = a[0], t1 = a[1];
			a[0] = b[0]; a[1] = b[1];
			b[0] = t0; b[1] = t1;
		}
		float m = roundf(dot2(a, b) / dot2(a, a));
		if (m == 0)
			break;
		b[0] -= m * a[0];
		b[1] -= m * a[1];
	}
}

/* Find the lattice in l; a, b in l's pixels.  Returns FZ_IMG_F_LATTICE,
 * FZ_IMG_F_STRIPE or 0 (none: the caller treats the whole image as one
 * repeat). */
static int find_lattice_share(const struct acorr *acp, float share, float a[2], float b[2]);

static int find_lattice(const struct plane *l, float a[2], float b[2])
{
	struct acorr ac;
	int flags;
	if (autocorr(l, &ac))
		return 0;
	/* the strictest share first (it skips the approximate sub-periods of
	 * plaids and striped grounds); a crop of little more than one repeat
	 * keeps its true peaks lower, so try again more leniently */
	flags = find_lattice_share(&ac, PEAK_SHARE, a, b);
	if (!flags)
		flags = find_lattice_share(&ac, PEAK_SHARE_LOW, a, b);
	free(ac.a);
	return flags;
}

static int find_lattice_share(const struct acorr *acp, float share, float a[2], float b[2])
{
	struct acorr ac = *acp;
	struct peak pk[MAX_PEAKS];
	int np = 0, flags = 0;
	float amax = -2;
	for (int dy = 0; dy < ac.h; dy++)
		for (int dx = -ac.w + 1; dx < ac.w; dx++) {
			float v = ac_at(&ac, dx, dy);
			if (dy == 0 && dx <= 0)
				continue;
			if (v < 0.25f || dx * dx + dy * dy < 9)
				continue;
			if (!is_local_max(&ac, dx, dy, v) || !has_valley(&ac, dx, dy, v))
				continue;
			if (np < MAX_PEAKS)
				pk[np++] = (struct peak){ dx, dy, v, (float)(dx * dx + dy * dy) };
			if (v > amax)
				amax = v;
		}
	qsort(pk, (size_t)np, sizeof(pk[0]), cmp_peak);
	int ia = -1, ib = -1;
	for (int i = 0; i < np && ia < 0; i++)
		if (pk[i].v >= share * amax)
			ia = i;
	if (ia < 0)
		goto out;
	subpixel(&ac, pk[ia].dx, pk[ia].dy, a);
	refine(&ac, a, pk[ia].v);
	coarsen(&ac, a);
	/* Stripes: the pattern stays the same along a's normal, and every
	 * point of that ridge would pass for a second vector. */
	float n0 = -a[1], n1 = a[0];
	/* true stripes correlate all along the normal, not only at the
	 * multiples of a sub-period as a square lattice would */
	float s1 = 2;
	for (int k = 2; k <= 8; k++) {
		float t = k * 0.125f;
		float sv = ac_at(&ac, (int)lrintf(n0 * t), (int)lrintf(n1 * t));
		if (sv < s1)
			s1 = sv;
	}
	if (s1 >= 0.6f) {
		b[0] = n0;
		b[1] = n1;
		flags = FZ_IMG_F_STRIPE;
		goto out;
	}
	for (int i = ia + 1; i < np; i++) {
		if (pk[i].v < share * amax)
			continue;
		float cr = fabsf((float)(pk[ia].dx * pk[i].dy - pk[ia].dy * pk[i].dx));
		if (cr >= 0.5f * sqrtf(pk[ia].len2 * pk[i].len2)) {
			ib = i;
			break;
		}
	}
	if (ib >= 0) {
		subpixel(&ac, pk[ib].dx, pk[ib].dy, b);
		refine(&ac, b, pk[ib].v);
		coarsen(&ac, b);
		reduce(a, b);
		flags = FZ_IMG_F_LATTICE;
	}
out:
	return flags;
}

/* ---- canonical tile ---- */

static float bilinear(const struct plane *p, float x, float y)
{
	if (x < 0) x = 0;
	if (y < 0) y = 0;
	if (x > p->w - 1) x = (float)(p->w - 1);
	if (y > p->h - 1) y = (float)(p->h - 1);
	int x0 = (int)x, y0 = (int)y;
	int x1 = x0 + 1 < p->w ? x0 + 1 : x0, y1 = y0 + 1 < p->h ? y0 + 1 : y0;
	float fx = x - x0, fy = y - y0;
	const float *v = p->v;
	float top = v[(size_t)y0 * p->w + x0] * (1 - fx) + v[(size_t)y0 * p->w + x1] * fx;
	float bot = v[(size_t)y1 * p->w + x0] * (1 - fx) + v[(size_t)y1 * p->w + x1] * fx;
	return top * (1 - fy) + bot * fy;
}

/* Box-filter p in place with an r-pixel radius (anti-aliasing before
 * sampling a big repeat onto the small grid). */
static int box(struct plane *p, int r)
{
	int w = p->w, h = p->h;
	double *s;
	if (r < 1)
		return 0;
	s = calloc((size_t)(w + 1) * (h + 1), sizeof(double));
	if (!s)
		return -1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			s[(size_t)(y + 1) * (w + 1) + x + 1] = p->v[(size_t)y * w + x] +
				s[(size_t)y * (w + 1) + x + 1] + s[(size_t)(y + 1) * (w + 1) + x] -
				s[(size_t)y * (w + 1) + x];
	for (int y = 0; y < h; y++) {
		int y0 = y - r < 0 ? 0 : y - r, y1 = y + r + 1 > h ? h : y + r + 1;
		for (int x = 0; x < w; x++) {
			int x0 = x - r < 0 ? 0 : x - r, x1 = x + r + 1 > w ? w : x + r + 1;
			double t = s[(size_t)y1 * (w + 1) + x1] - s[(size_t)y0 * (w + 1) + x1] -
				s[(size_t)y1 * (w + 1) + x0] + s[(size_t)y0 * (w + 1) + x0];
			p->v[(size_t)y * w + x] = (float)(t / ((double)(x1 - x0) * (y1 - y0)));
		}
	}
	free(s);
	return 0;
}

static int inside(const struct plane *p, float x, float y)
{
	return x >= 0 && y >= 0 && x <= p->w - 1 && y <= p->h - 1;
}

/* Average every whole repeat in view onto the N x N grid. */
static void sample_tile(const struct plane *e, const float a[2], const float b[2],
			float o[2], float *t)
{
	float c0[2] = { 0.5f * (e->w - 1) - 0.5f * (a[0] + b[0]),
			0.5f * (e->h - 1) - 0.5f * (a[1] + b[1]) };
	int count = 0;
	memset(t, 0, sizeof(float) * N * N);
	o[0] = c0[0];
	o[1] = c0[1];
	for (int m = -12; m <= 12; m++)
		for (int n = -12; n <= 12; n++) {
			float ox = c0[0] + m * a[0] + n * b[0];
			float oy = c0[1] + m * a[1] + n * b[1];
			if (!inside(e, ox, oy) || !inside(e, ox + a[0], oy + a[1]) ||
			    !inside(e, ox + b[0], oy + b[1]) ||
			    !inside(e, ox + a[0] + b[0], oy + a[1] + b[1]))
				continue;
			for (int i = 0; i < N; i++)
				for (int j = 0; j < N; j++) {
					float u = (i + 0.5f) / N, v = (j + 0.5f) / N;
					t[i * N + j] += bilinear(e, ox + v * a[0] + u * b[0],
								 oy + v * a[1] + u * b[1]);
				}
			count++;
		}
	if (!count) /* no whole repeat in view: the one around the centre */
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				float u = (i + 0.5f) / N, v = (j + 0.5f) / N;
				t[i * N + j] = bilinear(e, c0[0] + v * a[0] + u * b[0],
							c0[1] + v * a[1] + u * b[1]);
			}
}

/* Zero mean, unit norm; returns the norm before (0: flat). */
static double normalise(float *t, int n)
{
	double mean = 0, ss = 0;
	for (int i = 0; i < n; i++)
		mean += t[i];
	mean /= n;
	for (int i = 0; i < n; i++) {
		t[i] -= (float)mean;
		ss += (double)t[i] * t[i];
	}
	if (ss < 1e-8)
		return 0;
	for (int i = 0; i < n; i++)
		t[i] = (float)(t[i] / sqrt(ss));
	return sqrt(ss);
}

static void whiten(float *re, float *im);

/* Fourier magnitudes of the tile, averaged over each orbit of the 8
 * symmetries of the square ({(±u, ±v), (±v, ±u)}, 0 <= v <= u <= 10). */
static void glob_from_tile(const float *t, float *g)
{
	float re[N * N], im[N * N], tmp[2 * N];
	int k = 0;
	memcpy(re, t, sizeof(re));
	memset(im, 0, sizeof(im));
	fz_img_fft2(re, im, N, 0, tmp);
#ifdef GLOB_WHITEN
	whiten(re, im);
#endif
	for (int u = 0; u <= 10; u++)
		for (int v = 0; v <= u; v++) {
			if (!u && !v)
				continue;
			int pts[8][2] = { { u, v }, { -u, v }, { u, -v }, { -u, -v },
					  { v, u }, { -v, u }, { v, -u }, { -v, -u } };
			float s = 0;
			for (int q = 0; q < 8; q++) {
				int x = (pts[q][0] + N) % N, y = (pts[q][1] + N) % N;
				s += sqrtf(re[y * N + x] * re[y * N + x] + im[y * N + x] * im[y * N + x]);
			}
			g[k++] = s / 8;
		}
	double ss = 0;
	for (int i = 0; i < FZ_IMG_GDIM; i++)
		ss += (double)g[i] * g[i];
	if (ss > 1e-12)
		for (int i = 0; i < FZ_IMG_GDIM; i++)
			g[i] = (float)(g[i] / sqrt(ss));
}

/* ---- bispectral first-stage features ----
 * The Fourier magnitudes forget where the motifs sit relative to each
 * other (the phases), which is most of what tells two designs of one
 * family apart.  The bispectrum B(f, g) = F(f) F(g) conj(F(f + g)) keeps
 * phase relations yet does not change when the tile is shifted; summed
 * over the orbit of (f, g) under the 8 symmetries of the square (which
 * holds (-f, -g), so the sum is real) it does not change under them
 * either.  Low frequencies only (max(|u|, |v|) <= BIS_R). */
#ifndef BIS_R
#define BIS_R 3
#endif
#define BIS_MAXORB 16

struct bis_feat {
	int n;
	int8_t f[BIS_MAXORB][2][2]; /* orbit members (f, g) */
};

static struct bis_feat bis_tab[FZ_IMG_BDIM];
static int bis_n;
static pthread_once_t bis_once = PTHREAD_ONCE_INIT;

static void sym_freq(int sym, const int in[2], int out[2])
{
	int u = in[0], v = in[1];
	if (sym & 1) { int t = u; u = v; v = t; }
	if (sym & 2) v = -v;
	if (sym & 4) u = -u;
	out[0] = u;
	out[1] = v;
}

static int pair_less(const int a[4], const int b[4])
{
	for (int i = 0; i < 4; i++)
		if (a[i] != b[i])
			return a[i] < b[i];
	return 0;
}

static void bis_init(void)
{
	for (int u1 = -BIS_R; u1 <= BIS_R; u1++)
	for (int v1 = -BIS_R; v1 <= BIS_R; v1++)
	for (int u2 = -BIS_R; u2 <= BIS_R; u2++)
	for (int v2 = -BIS_R; v2 <= BIS_R; v2++) {
		if ((!u1 && !v1) || (!u2 && !v2) || (u1 + u2 == 0 && v1 + v2 == 0))
			continue;
		int me[4] = { u1, v1, u2, v2 }, orb[16][4], no = 0, rep = 1;
		for (int sw = 0; sw < 2; sw++)
			for (int sy = 0; sy < 8; sy++) {
				int f[2] = { sw ? u2 : u1, sw ? v2 : v1 }, g[2] = { sw ? u1 : u2, sw ? v1 : v2 };
				int o[4], dup = 0;
				sym_freq(sy, f, o);
				sym_freq(sy, g, o + 2);
				if (pair_less(o, me))
					rep = 0;
				for (int k = 0; k < no; k++)
					if (!memcmp(orb[k], o, sizeof(o)))
						dup = 1;
				if (!dup)
					memcpy(orb[no++], o, sizeof(o));
			}
		if (!rep || bis_n >= FZ_IMG_BDIM)
			continue;
		bis_tab[bis_n].n = no;
		for (int k = 0; k < no; k++)
			for (int c = 0; c < 4; c++)
				bis_tab[bis_n].f[k][c / 2][c % 2] = (int8_t)orb[k][c];
		bis_n++;
	}
}

/* re, im: the tile's whitened spectrum. */
static void bis_from_spectrum(const float *re, const float *im, float *out)
{
	pthread_once(&bis_once, bis_init);
	double ss = 0;
	memset(out, 0, sizeof(float) * FZ_IMG_BDIM);
	for (int i = 0; i < bis_n; i++) {
		double acc = 0;
		for (int k = 0; k < bis_tab[i].n; k++) {
			int u1 = bis_tab[i].f[k][0][0], v1 = bis_tab[i].f[k][0][1];
			int u2 = bis_tab[i].f[k][1][0], v2 = bis_tab[i].f[k][1][1];
			/* tile index: row = v (i), column = u (j) */
			int a = ((v1 + N) % N) * N + (u1 + N) % N;
			int b = ((v2 + N) % N) * N + (u2 + N) % N;
			int c = ((v1 + v2 + N) % N) * N + (u1 + u2 + N) % N;
			/* Re(F(f) F(g) conj(F(f+g))) */
			double pr = (double)re[a] * re[b] - (double)im[a] * im[b];
			double pi = (double)re[a] * im[b] + (double)im[a] * re[b];
			acc += pr * re[c] + pi * im[c];
		}
		out[i] = (float)(acc / bis_tab[i].n);
		ss += (double)out[i] * out[i];
	}
	if (ss > 1e-20)
		for (int i = 0; i < bis_n; i++)
			out[i] = (float)(out[i] / sqrt(ss));
}

static void free_planes(struct plane *p, int n)
{
	for (int i = 0; i < n; i++) {
		free(p[i].v);
		p[i].v = NULL;
	}
}

/* Pass one: the lattice (a, b in source pixels) and its flags, found on
 * an edge map of at most WORK_SIDE pixels. */
static int source_lattice(const struct fz_img *im, float a[2], float b[2], int *flags)
{
	struct plane ch[3] = { { 0, 0, NULL } }, e = { 0, 0, NULL }, l = { 0, 0, NULL };
	int lw, lh, rc = -1;
	if (downscale_rgb(im, WORK_SIDE, ch) || edge_map(ch, &e))
		goto out;
	lw = e.w;
	lh = e.h;
	if (lw > LAT_SIDE || lh > LAT_SIDE) {
		double s = (double)LAT_SIDE / (lw > lh ? lw : lh);
		lw = (int)(lw * s + 0.5);
		lh = (int)(lh * s + 0.5);
	}
	if (shrink(&e, lw, lh, &l))
		goto out;
	*flags = find_lattice(&l, a, b);
	float sx = (float)im->w / lw, sy = (float)im->h / lh;
	if (*flags) {
		a[0] *= sx; a[1] *= sy;
		b[0] *= sx; b[1] *= sy;
	} else { /* no repeat found: the whole image is one */
		a[0] = (float)(im->w - 1) * (e.w - 1) / e.w; a[1] = 0;
		b[0] = 0; b[1] = (float)(im->h - 1) * (e.h - 1) / e.h;
	}
	rc = 0;
out:
	free_planes(ch, 3);
	free(e.v);
	free(l.v);
	return rc;
}

/* Pass two: resample the image so that one repeat is about CELL_PX
 * pixels across (edges then have the same width relative to the design
 * whatever the scale of the photo: a design shown at six repeats and one
 * shown at two give the same tile), build the edge map there and average
 * every repeat in view onto the tile.  o receives a lattice point in
 * source pixels. */
static int sample_source(const struct fz_img *im, const float a[2], const float b[2],
			 float *t, float o[2])
{
	struct plane ch[3] = { { 0, 0, NULL } }, e = { 0, 0, NULL };
	double area = fabs((double)a[0] * b[1] - (double)a[1] * b[0]);
	double f = CELL_PX / sqrt(area > 1 ? area : 1);
	int w, h, rc = -1;
	if (im->w * f > NORM_MAX || im->h * f > NORM_MAX)
		f = (double)NORM_MAX / (im->w > im->h ? im->w : im->h);
	w = (int)(im->w * f + 0.5);
	h = (int)(im->h * f + 0.5);
	if (w < 4) w = 4;
	if (h < 4) h = 4;
	if (resize_rgb(im, w, h, ch) || edge_map(ch, &e))
		goto out;
	float fx = (float)w / im->w, fy = (float)h / im->h;
	float a2[2] = { a[0] * fx, a[1] * fy }, b2[2] = { b[0] * fx, b[1] * fy };
	float la = sqrtf(dot2(a2, a2)), lb = sqrtf(dot2(b2, b2));
	if (box(&e, (int)((la > lb ? la : lb) / N / 2)))
		goto out;
	sample_tile(&e, a2, b2, o, t);
	o[0] /= fx;
	o[1] /= fy;
	rc = 0;
out:
	free_planes(ch, 3);
	free(e.v);
	return rc;
}

/* The descriptor of the repeat a, b (source pixels) of im. */
static int describe_lattice(const struct fz_img *im, const float a[2], const float b[2],
			    int flags, struct fz_img_desc *d)
{
	float t[N * N], o[2];
	memset(d, 0, sizeof(*d));
	if (sample_source(im, a, b, t, o))
		return -1;
	double norm = normalise(t, N * N);
	if (norm < 1e-3)
		flags = FZ_IMG_F_FLAT;
	float mx = 1e-9f;
	for (int i = 0; i < N * N; i++)
		if (fabsf(t[i]) > mx)
			mx = fabsf(t[i]);
	for (int i = 0; i < N * N; i++)
		d->tile[i] = (int8_t)lrintf(t[i] / mx * 127);
	if (!(flags & FZ_IMG_F_FLAT)) {
		float fr[N * N], fi[N * N], tmp[2 * N];
		glob_from_tile(t, d->glob);
		memcpy(fr, t, sizeof(fr));
		memset(fi, 0, sizeof(fi));
		fz_img_fft2(fr, fi, N, 0, tmp);
		whiten(fr, fi);
		bis_from_spectrum(fr, fi, d->bis);
	}
	memcpy(d->a, a, sizeof(d->a));
	memcpy(d->b, b, sizeof(d->b));
	memcpy(d->origin, o, sizeof(d->origin));
	d->flags = (uint32_t)flags;
	d->w = im->w;
	d->h = im->h;
	return 0;
}

static int too_small(const struct fz_img *im, struct fz_err *err)
{
	if (!im || !im->px || im->w < FZ_IMG_MIN_SIDE || im->h < FZ_IMG_MIN_SIDE)
		return fz_err_set(err, FZ_EINVAL, "image", "图像太小：边长至少 %d 像素",
				  FZ_IMG_MIN_SIDE);
	return 0;
}

static int readings(const struct fz_img *src, struct fz_img_query *q, int max,
		    struct fz_err *err);

int fz_img_describe(const struct fz_img *im, struct fz_img_desc *d,
		    struct fz_err *err)
{
	struct fz_img_query *q = malloc(sizeof(*q));
	int rc;
	memset(d, 0, sizeof(*d));
	if (!q)
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	rc = readings(im, q, 1, err);
	if (!rc)
		*d = q->v[0];
	free(q);
	return rc;
}

/* The other readings of a lattice a query may need: the registered image
 * may have been read at a multiple or a fraction of the query's repeat
 * along either vector (a design with a near-symmetry, a motif that
 * recurs at half the period, a phone's perspective that blurs the far
 * peaks), so a query also tries those.  Scale factors of a and b. */
static const float variant_scale[][2] = {
	{ 2, 1 }, { 1, 2 }, { 2, 2 }, { 0.5f, 1 }, { 1, 0.5f }, { 0.5f, 0.5f },
	{ 3, 1 }, { 1, 3 },
};

/* Whether at least one whole repeat spanned by a, b fits in w x h. */
static int repeat_fits(const float a[2], const float b[2], int w, int h)
{
	return fabsf(a[0]) + fabsf(b[0]) <= w && fabsf(a[1]) + fabsf(b[1]) <= h &&
	       dot2(a, a) >= 36 && dot2(b, b) >= 36;
}

/* A match found through another reading of the query's lattice is less
 * certain than one through its own: its score is multiplied by this
 * (bench: same recall, fewer hard negatives above the thresholds). */
#ifndef VAR_PEN
#define VAR_PEN 0.85f
#endif
const float fz_img_variant_factor = VAR_PEN;

/* Descriptors are computed from a copy of at most BASE_SIDE pixels a side
 * (the tile never needs more: NORM_MAX), so that a 20-megapixel photo is
 * averaged down once, not once per reading. */
#define BASE_SIDE 1024

static void to_source(struct fz_img_desc *d, const struct fz_img *src,
		      const struct fz_img *base)
{
	float fx = (float)src->w / base->w, fy = (float)src->h / base->h;
	d->a[0] *= fx; d->a[1] *= fy;
	d->b[0] *= fx; d->b[1] *= fy;
	d->origin[0] *= fx; d->origin[1] *= fy;
	d->w = src->w;
	d->h = src->h;
}

static int query_on(const struct fz_img *im, struct fz_img_query *q, int max,
		    struct fz_err *err);

/* The first max readings of src into q. */
static int readings(const struct fz_img *src, struct fz_img_query *q, int max,
		    struct fz_err *err)
{
	struct fz_img small = { 0, 0, NULL };
	int rc;
	memset(q, 0, sizeof(*q));
	q->version = FZ_IMG_DESC_VERSION;
	if ((rc = too_small(src, err)))
		return rc;
	if (src->w <= BASE_SIDE && src->h <= BASE_SIDE)
		return query_on(src, q, max, err);
	if ((rc = fz_img_fit(src, BASE_SIDE, &small, err)))
		return rc;
	rc = query_on(&small, q, max, err);
	for (int v = 0; !rc && v < q->n; v++)
		to_source(&q->v[v], src, &small);
	fz_img_free(&small);
	return rc;
}

int fz_img_describe_query(const struct fz_img *src, struct fz_img_query *q,
			  struct fz_err *err)
{
	return readings(src, q, FZ_IMG_QVARS, err);
}

size_t fz_img_query_size(const struct fz_img_query *q)
{
	return offsetof(struct fz_img_query, v) + (size_t)q->n * sizeof(q->v[0]);
}

int fz_img_query_load(const void *b, size_t len, struct fz_img_query *q)
{
	int32_t n, ver;
	if (len < offsetof(struct fz_img_query, v))
		return FZ_EINVAL;
	memcpy(&n, b, sizeof(n));
	memcpy(&ver, (const char *)b + offsetof(struct fz_img_query, version), sizeof(ver));
	if (n < 1 || n > FZ_IMG_QVARS || ver != FZ_IMG_DESC_VERSION ||
	    len != offsetof(struct fz_img_query, v) + (size_t)n * sizeof(q->v[0]))
		return FZ_EINVAL;
	memcpy(q, b, len);
	return 0;
}

#define CENTRE_SHARE 0.6f /* side of the centre reading, share of the image's */

/* One more reading from the central part of the image alone: a phone
 * held at an angle bends the lattice across the whole photo (perspective)
 * far more than across its middle, where the repeat is then found. */
static void centre_reading(const struct fz_img *im, struct fz_img_query *q)
{
	struct fz_img c;
	struct fz_err e = FZ_ERR_INIT;
	float a[2], b[2];
	int flags = 0, w = (int)(im->w * CENTRE_SHARE), h = (int)(im->h * CENTRE_SHARE);
	int x0 = (im->w - w) / 2, y0 = (im->h - h) / 2;
	if (w < 64 || h < 64 || fz_img_alloc(&c, w, h, &e))
		return;
	for (int y = 0; y < h; y++)
		memcpy(c.px + (size_t)y * w * 3, im->px + ((size_t)(y + y0) * im->w + x0) * 3,
		       (size_t)w * 3);
	struct fz_img_desc *d = &q->v[q->n];
	if (!source_lattice(&c, a, b, &flags) && (flags & FZ_IMG_F_LATTICE) &&
	    !describe_lattice(&c, a, b, flags, d) && !(d->flags & FZ_IMG_F_FLAT)) {
		d->origin[0] += x0;
		d->origin[1] += y0;
		d->w = im->w;
		d->h = im->h;
		q->n++;
	}
	fz_img_free(&c);
}

static int query_on(const struct fz_img *im, struct fz_img_query *q, int max,
		    struct fz_err *err)
{
	float a[2] = { 0, 0 }, b[2] = { 0, 0 };
	int flags = 0;
	if (source_lattice(im, a, b, &flags) || describe_lattice(im, a, b, flags, &q->v[0]))
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	q->n = 1;
	if (max < 2 || !(flags & (FZ_IMG_F_LATTICE | FZ_IMG_F_STRIPE)))
		return 0;
	for (size_t i = 0; i < sizeof(variant_scale) / sizeof(variant_scale[0]); i++) {
		float ka = variant_scale[i][0], kb = variant_scale[i][1];
		if ((flags & FZ_IMG_F_STRIPE) && kb != 1)
			continue; /* along the stripes nothing repeats */
		float va[2] = { a[0] * ka, a[1] * ka }, vb[2] = { b[0] * kb, b[1] * kb };
		if (flags & FZ_IMG_F_STRIPE) {
			vb[0] *= ka;
			vb[1] *= ka;
		}
		if (!repeat_fits(va, vb, im->w, im->h) || q->n >= max)
			continue;
		if (describe_lattice(im, va, vb, flags, &q->v[q->n]))
			return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
		if (!(q->v[q->n].flags & FZ_IMG_F_FLAT))
			q->n++;
	}
	if (q->n < max)
		centre_reading(im, q);
	return 0;
}

#ifndef BIS_W
#define BIS_W 0.5f
#endif
const float fz_img_bis_weight = BIS_W;

float fz_img_glob_sim(const struct fz_img_desc *q, const struct fz_img_desc *r)
{
	float s = 0, b = 0;
	for (int i = 0; i < FZ_IMG_GDIM; i++)
		s += q->glob[i] * r->glob[i];
	for (int i = 0; i < FZ_IMG_BDIM; i++)
		b += q->bis[i] * r->bis[i];
	return (1 - BIS_W) * s + BIS_W * b;
}

void fz_img_tile_floats(const struct fz_img_desc *d, float *out)
{
	for (int i = 0; i < N * N; i++)
		out[i] = d->tile[i];
	if (normalise(out, N * N) == 0)
		memset(out, 0, sizeof(float) * N * N);
}

static void apply_sym(const float *in, int sym, float *out)
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			int si = i, sj = j;
			if (sym & 1) { si = j; sj = i; }
			if (sym & 2) si = (N - si) % N;
			if (sym & 4) sj = (N - sj) % N;
			out[i * N + j] = in[si * N + sj];
		}
}

void fz_img_tile_transform(const float *in, int sym, int di, int dj, float *out)
{
	float s[N * N];
	apply_sym(in, sym, s);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			out[((i + di) % N + N) % N * N + ((j + dj) % N + N) % N] = s[i * N + j];
}

/* Side ratio and angle of a lattice: unchanged by scale, rotation and
 * mirroring, but the canonical tile forgets them (it is square). */
static void lattice_shape(const struct fz_img_desc *d, float *ratio, float *cosang)
{
	float la = sqrtf(d->a[0] * d->a[0] + d->a[1] * d->a[1]);
	float lb = sqrtf(d->b[0] * d->b[0] + d->b[1] * d->b[1]);
	if (la < 1e-3f || lb < 1e-3f) {
		*ratio = 1;
		*cosang = 0;
		return;
	}
	*ratio = la > lb ? la / lb : lb / la;
	*cosang = fabsf(dot2(d->a, d->b)) / (la * lb);
}

/* 1 when two 2-D lattices have the same shape, falling off with the
 * difference (a phone's perspective bends a lattice by a few per cent,
 * hence the width); 1 when either has no 2-D lattice. */
static float shape_agreement(const struct fz_img_desc *q, const struct fz_img_desc *r)
{
	float rq, cq, rr, cr;
	if (!(q->flags & FZ_IMG_F_LATTICE) || !(r->flags & FZ_IMG_F_LATTICE))
		return 1;
	lattice_shape(q, &rq, &cq);
	lattice_shape(r, &rr, &cr);
	float dr = logf(rq / rr) / SHAPE_TOL, dc = (cq - cr) / SHAPE_TOL;
	return expf(-(dr * dr + dc * dc));
}

/* Partial spectral whitening of a tile's spectrum: each coefficient
 * divided by its magnitude to the power WHITEN, then the whole scaled back
 * to the energy of a unit-norm tile (Parseval: N * N), so that the
 * correlation of two whitened spectra is still 1 for identical tiles.
 * Why: designs of one family share a regular ground (a twill check, even
 * stripes, a dot grid) that puts its energy into a few strong harmonics and
 * would dominate a plain correlation; whitening lets the many weak
 * harmonics of the motifs, where the designs differ, count as much.  The
 * highest frequencies (above LOWPASS of Nyquist, where JPEG, blur and
 * noise live) are dropped. */
static void whiten(float *re, float *im)
{
	double e = 0;
	for (int y = 0; y < N; y++)
		for (int x = 0; x < N; x++) {
			int i = y * N + x, fy = y <= N / 2 ? y : N - y, fx = x <= N / 2 ? x : N - x;
			float m = sqrtf(re[i] * re[i] + im[i] * im[i]);
			float g = (fx * fx + fy * fy > LOWPASS * LOWPASS * (N / 2) * (N / 2) ||
				   m < 1e-6f) ? 0 : WHITEN == 0.5f ? 1 / sqrtf(m) : powf(m, -WHITEN);
			re[i] *= g;
			im[i] *= g;
			e += (double)re[i] * re[i] + (double)im[i] * im[i];
		}
	if (e < 1e-12)
		return;
	float k = (float)(N / sqrt(e));
	for (int i = 0; i < N * N; i++) {
		re[i] *= k;
		im[i] *= k;
	}
}

static float low_energy(const float *re, const float *im);

void fz_img_prepare(const struct fz_img_desc *q, struct fz_img_prep *p)
{
	float t[N * N], tmp[2 * N];
	fz_img_tile_floats(q, t);
	p->flat = (q->flags & FZ_IMG_F_FLAT) != 0;
	p->q = *q;
	for (int s = 0; s < 8; s++) {
		apply_sym(t, s, p->re[s]);
		memset(p->im[s], 0, sizeof(p->im[s]));
		fz_img_fft2(p->re[s], p->im[s], N, 0, tmp);
		whiten(p->re[s], p->im[s]);
	}
	p->elow = low_energy(p->re[0], p->im[0]);
}

/* The band the coarse score keeps: |u|, |v| <= CB (a band closed under
 * the 8 symmetries and under negation, so the correlations stay real). */
#define CB 7
#define CN 16

static float low_energy(const float *re, const float *im)
{
	double e = 0;
	for (int v = -CB; v <= CB; v++)
		for (int u = -CB; u <= CB; u++) {
			int i = ((v + N) % N) * N + (u + N) % N;
			e += (double)re[i] * re[i] + (double)im[i] * im[i];
		}
	return (float)e;
}

void fz_img_spectrum(const struct fz_img_desc *r, struct fz_img_spec *sp)
{
	float tmp[2 * N];
	sp->flat = (r->flags & FZ_IMG_F_FLAT) != 0;
	fz_img_tile_floats(r, sp->re);
	memset(sp->im, 0, sizeof(sp->im));
	fz_img_fft2(sp->re, sp->im, N, 0, tmp);
	whiten(sp->re, sp->im);
	sp->elow = low_energy(sp->re, sp->im);
}

static void keep_best(struct fz_img_align *best, float v, int sym, int i, int n)
{
	if (v > best->score) {
		best->score = v;
		best->sym = sym;
		best->di = i / n;
		best->dj = i % n;
	}
}

/* Full: every frequency, shifts in tile cells.  Coarse: the band |u|,
 * |v| <= CB through a CN x CN inverse transform (a fifth of the work),
 * shifts in pairs of cells, normalised by the band's energies; ranks
 * candidates nearly as the full score does (bench: same recall with the
 * full score kept for the best quarter). */
float fz_img_score_spec(const struct fz_img_prep *p, const struct fz_img_spec *sp,
			const struct fz_img_desc *r, int coarse, struct fz_img_align *al)
{
	float cr[N * N], ci[N * N], tmp[2 * N];
	struct fz_img_align best = { -1, 0, 0, 0 };
	const float *rr = sp->re, *ri = sp->im;
	if (p->flat || sp->flat) {
		best.score = 0;
		if (al)
			*al = best;
		return 0;
	}
	/* C_s(d) = sum_x Q_s(x) R(x + d) = IFFT(conj(FQ_s) * FR), real; two
	 * symmetries share one inverse transform as its real and imaginary
	 * parts: IFFT(X_s + i X_t) = C_s + i C_t */
	for (int s = 0; s < 8; s += 2) {
		const float *ar = p->re[s], *ai = p->im[s], *br = p->re[s + 1], *bi = p->im[s + 1];
		if (coarse) {
			for (int i = 0; i < CN * CN; i++)
				cr[i] = ci[i] = 0;
			for (int v = -CB; v <= CB; v++)
				for (int u = -CB; u <= CB; u++) {
					int i = ((v + N) % N) * N + (u + N) % N;
					int o = ((v + CN) % CN) * CN + (u + CN) % CN;
					float xr = ar[i] * rr[i] + ai[i] * ri[i], xi = ar[i] * ri[i] - ai[i] * rr[i];
					float yr = br[i] * rr[i] + bi[i] * ri[i], yi = br[i] * ri[i] - bi[i] * rr[i];
					cr[o] = xr - yi;
					ci[o] = xi + yr;
				}
			fz_img_fft2(cr, ci, CN, 1, tmp);
			float k = CN * CN / sqrtf(p->elow * sp->elow + 1e-12f);
			for (int i = 0; i < CN * CN; i++) {
				keep_best(&best, cr[i] * k, s, i, CN);
				keep_best(&best, ci[i] * k, s + 1, i, CN);
			}
			continue;
		}
		for (int i = 0; i < N * N; i++) {
			float xr = ar[i] * rr[i] + ai[i] * ri[i], xi = ar[i] * ri[i] - ai[i] * rr[i];
			float yr = br[i] * rr[i] + bi[i] * ri[i], yi = br[i] * ri[i] - bi[i] * rr[i];
			cr[i] = xr - yi;
			ci[i] = xi + yr;
		}
		fz_img_fft2(cr, ci, N, 1, tmp);
		for (int i = 0; i < N * N; i++) {
			keep_best(&best, cr[i], s, i, N);
			keep_best(&best, ci[i], s + 1, i, N);
		}
	}
	if (coarse) { /* back to tile cells */
		best.di *= N / CN;
		best.dj *= N / CN;
	}
	if (best.score > 1)
		best.score = 1;
	best.score *= shape_agreement(&p->q, r);
	if (al)
		*al = best;
	return best.score;
}

float fz_img_score_prep(const struct fz_img_prep *p, const struct fz_img_desc *r,
			struct fz_img_align *al)
{
	struct fz_img_spec *sp = malloc(sizeof(*sp));
	float s;
	if (!sp)
		return 0; /* scoring never fails: no memory scores as no match */
	fz_img_spectrum(r, sp);
	s = fz_img_score_spec(p, sp, r, 0, al);
	free(sp);
	return s;
}

float fz_img_score(const struct fz_img_desc *q, const struct fz_img_desc *r,
		   struct fz_img_align *al)
{
	struct fz_img_prep *p = malloc(sizeof(*p));
	float s;
	if (!p)
		return 0; /* scoring never fails: no memory scores as no match */
	fz_img_prepare(q, p);
	s = fz_img_score_prep(p, r, al);
	free(p);
	return s;
}

/* The alignment that undoes al (tile transforms form a group: find the
 * symmetry whose inverse maps the transformed index tile back, then the
 * shift). */
static struct fz_img_align invert(struct fz_img_align al)
{
	float idx[N * N]; /* local: compares run in several threads at once */
	float fwd[N * N], s[N * N], back[N * N];
	struct fz_img_align inv = al;
	for (int i = 0; i < N * N; i++)
		idx[i] = (float)i;
	fz_img_tile_transform(idx, al.sym, al.di, al.dj, fwd);
	for (int sym = 0; sym < 8; sym++) {
		apply_sym(fwd, sym, s);
		int p = 0;
		while (p < N * N && s[p] != 0)
			p++;
		if (p == N * N)
			continue;
		int di = (N - p / N) % N, dj = (N - p % N) % N;
		fz_img_tile_transform(fwd, sym, di, dj, back);
		if (!memcmp(back, idx, sizeof(back))) {
			inv.sym = sym;
			inv.di = di;
			inv.dj = dj;
			return inv;
		}
	}
	return inv; /* not reached: every transform has an inverse */
}

void fz_img_compare(const struct fz_img_query *a, const struct fz_img_query *b,
		    struct fz_img_match *m)
{
	struct fz_img_prep *p = malloc(sizeof(*p));
	memset(m, 0, sizeof(*m));
	m->score = -2;
	if (!p || a->n < 1 || b->n < 1) {
		free(p);
		m->score = 0; /* scoring never fails: no memory scores as no match */
		return;
	}
	for (int side = 0; side < 2; side++) {
		const struct fz_img_query *q = side ? b : a, *r = side ? a : b;
		for (int v = side; v < q->n; v++) { /* (0, 0) once */
			struct fz_img_align al;
			fz_img_prepare(&q->v[v], p);
			float s = fz_img_score_prep(p, &r->v[0], &al);
			if (v)
				s *= fz_img_variant_factor;
			if (s <= m->score)
				continue;
			m->score = s;
			m->al = side ? invert(al) : al;
			m->al.score = s;
			m->va = side ? 0 : v;
			m->vb = side ? v : 0;
		}
	}
	free(p);
}

enum fz_img_decision fz_img_decide(float score)
{
	if (score >= fz_img_same_threshold)
		return FZ_IMG_SAME;
	if (score >= fz_img_similar_threshold)
		return FZ_IMG_SIMILAR;
	return FZ_IMG_DIFFERENT;
}

const char *fz_img_decision_name(enum fz_img_decision d)
{
	switch (d) {
	case FZ_IMG_SAME:
		return "相同";
	case FZ_IMG_SIMILAR:
		return "近似";
	default:
		return "不同";
	}
}
