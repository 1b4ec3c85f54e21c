/* img_desc.c - edge map, repeat lattice, canonical tile, scores (see
 * img_desc.h for the idea). */
#include "engine/image/img_desc.h"

#include "engine/image/img_fft.h"

#include <math.h>
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
#ifndef EDGE_KNEE
#define EDGE_KNEE 0.5f /* clip edges above this share of the 98th percentile */
#endif

/* Decision thresholds on the exact score, calibrated to the rule
 * ("different designs of the same family and palette are called 相同 or
 * 近似 at most 1 % of the time") by `pattern_bench calibrate 100`
 * (bench/pattern, docs/pattern.md): 900 pairs of two different designs of
 * one family in one palette, 100 per family.  Their scores: p50 0.23,
 * p90 0.42, p99 0.58, max 0.73 (a three-band stripe design).  近似 sits
 * just above the 99th percentile (0.78 % of the pairs reach it), 相同 above
 * the highest hard negative (none reach it).  Rerun the calibration after
 * any change to the descriptor or the score. */
const float fz_img_same_threshold = 0.70f;
const float fz_img_similar_threshold = 0.60f;

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

/* Area-average the RGB image down to at most side pixels on its long edge
 * (never up), one plane per channel, as log intensity so that uneven light
 * (a multiplicative field) becomes an additive one that gradients mostly
 * ignore. */
static int downscale_rgb(const struct fz_img *im, int side, struct plane ch[3])
{
	int w = im->w, h = im->h;
	float *row;
	if (w > side || h > side) {
		double s = (double)side / (w > h ? w : h);
		w = (int)(im->w * s + 0.5);
		h = (int)(im->h * s + 0.5);
		if (w < 1) w = 1;
		if (h < 1) h = 1;
	}
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

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
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
	qsort(tmp, (size_t)w * h, sizeof(float), cmp_float);
	float t = EDGE_KNEE * tmp[(size_t)((double)w * h * 0.98)];
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

/* Fourier magnitudes of the tile, averaged over each orbit of the 8
 * symmetries of the square ({(±u, ±v), (±v, ±u)}, 0 <= v <= u <= 10). */
static void glob_from_tile(const float *t, float *g)
{
	float re[N * N], im[N * N], tmp[2 * N];
	int k = 0;
	memcpy(re, t, sizeof(re));
	memset(im, 0, sizeof(im));
	fz_img_fft2(re, im, N, 0, tmp);
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

static void free_planes(struct plane *p, int n)
{
	for (int i = 0; i < n; i++) {
		free(p[i].v);
		p[i].v = NULL;
	}
}

int fz_img_describe(const struct fz_img *im, struct fz_img_desc *d,
		    struct fz_err *err)
{
	struct plane ch[3] = { { 0, 0, NULL } }, e = { 0, 0, NULL }, l = { 0, 0, NULL };
	float a[2] = { 0, 0 }, b[2] = { 0, 0 }, t[N * N], o[2];
	int flags, lw, lh;
	memset(d, 0, sizeof(*d));
	if (!im || !im->px || im->w < FZ_IMG_MIN_SIDE || im->h < FZ_IMG_MIN_SIDE)
		return fz_err_set(err, FZ_EINVAL, "image", "图像太小：边长至少 %d 像素",
				  FZ_IMG_MIN_SIDE);
	if (downscale_rgb(im, WORK_SIDE, ch) || edge_map(ch, &e))
		goto oom;
	free_planes(ch, 3);
	lw = e.w;
	lh = e.h;
	if (lw > LAT_SIDE || lh > LAT_SIDE) {
		double s = (double)LAT_SIDE / (lw > lh ? lw : lh);
		lw = (int)(lw * s + 0.5);
		lh = (int)(lh * s + 0.5);
	}
	if (shrink(&e, lw, lh, &l))
		goto oom;
	flags = find_lattice(&l, a, b);
	free(l.v);
	l.v = NULL;
	float sx = (float)e.w / lw, sy = (float)e.h / lh;
	if (flags) {
		a[0] *= sx; a[1] *= sy;
		b[0] *= sx; b[1] *= sy;
	} else {
		a[0] = (float)(e.w - 1); a[1] = 0;
		b[0] = 0; b[1] = (float)(e.h - 1);
	}
	float la = sqrtf(dot2(a, a)), lb = sqrtf(dot2(b, b));
	if (box(&e, (int)((la > lb ? la : lb) / N / 2)))
		goto oom;
	sample_tile(&e, a, b, o, t);
	free(e.v);
	double norm = normalise(t, N * N);
	if (norm < 1e-3)
		flags = FZ_IMG_F_FLAT;
	float mx = 1e-9f;
	for (int i = 0; i < N * N; i++)
		if (fabsf(t[i]) > mx)
			mx = fabsf(t[i]);
	for (int i = 0; i < N * N; i++)
		d->tile[i] = (int8_t)lrintf(t[i] / mx * 127);
	if (!(flags & FZ_IMG_F_FLAT))
		glob_from_tile(t, d->glob);
	/* back to source pixels */
	float fx = (float)im->w / sx / lw, fy = (float)im->h / sy / lh;
	d->a[0] = a[0] * fx; d->a[1] = a[1] * fy;
	d->b[0] = b[0] * fx; d->b[1] = b[1] * fy;
	d->origin[0] = o[0] * fx; d->origin[1] = o[1] * fy;
	d->flags = (uint32_t)flags;
	d->w = im->w;
	d->h = im->h;
	return 0;
oom:
	free_planes(ch, 3);
	free(e.v);
	free(l.v);
	return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
}

float fz_img_glob_sim(const struct fz_img_desc *q, const struct fz_img_desc *r)
{
	float s = 0;
	for (int i = 0; i < FZ_IMG_GDIM; i++)
		s += q->glob[i] * r->glob[i];
	return s;
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
				   m < 1e-6f) ? 0 : powf(m, -WHITEN);
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
}

float fz_img_score_prep(const struct fz_img_prep *p, const struct fz_img_desc *r,
			struct fz_img_align *al)
{
	float rr[N * N], ri[N * N], cr[N * N], ci[N * N], tmp[2 * N];
	struct fz_img_align best = { -1, 0, 0, 0 };
	if (p->flat || (r->flags & FZ_IMG_F_FLAT)) {
		best.score = 0;
		if (al)
			*al = best;
		return 0;
	}
	fz_img_tile_floats(r, rr);
	memset(ri, 0, sizeof(ri));
	fz_img_fft2(rr, ri, N, 0, tmp);
	whiten(rr, ri);
	for (int s = 0; s < 8; s++) {
		/* C(d) = sum_x Q(x) R(x + d) = IFFT(conj(FQ) * FR) */
		for (int i = 0; i < N * N; i++) {
			float qr = p->re[s][i], qi = -p->im[s][i];
			cr[i] = qr * rr[i] - qi * ri[i];
			ci[i] = qr * ri[i] + qi * rr[i];
		}
		fz_img_fft2(cr, ci, N, 1, tmp);
		for (int i = 0; i < N * N; i++)
			if (cr[i] > best.score) {
				best.score = cr[i];
				best.sym = s;
				best.di = i / N;
				best.dj = i % N;
			}
	}
	if (best.score > 1)
		best.score = 1;
	best.score *= shape_agreement(&p->q, r);
	if (al)
		*al = best;
	return best.score;
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
