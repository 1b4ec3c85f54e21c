/* img_local.c - local keypoint evidence: describing, voting, verifying
 * (img_local.h).  Only the detector is OpenCV's (img_orb.cpp). */
#include "engine/image/img_local.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the detector's frame ---------------------------------------------- */

/* Images smaller than this are enlarged to it: ORB's pyramid and patch
 * need room, and a 200-px scan holds a design as well as a 512-px one. */
#define MIN_SIDE 384

/* The detector's frame of im: shrunk to FZ_IMG_LOCAL_SIDE, or enlarged
 * to MIN_SIDE. */
static void frame_size(const struct fz_img *im, int *w, int *h, double *scale)
{
	int side = im->w > im->h ? im->w : im->h;
	double s = side > FZ_IMG_LOCAL_SIDE ? (double)FZ_IMG_LOCAL_SIDE / side
		 : side < MIN_SIDE ? (double)MIN_SIDE / side : 1.0;
	*w = (int)(im->w * s + 0.5);
	*h = (int)(im->h * s + 0.5);
	if (*w < 1) *w = 1;
	if (*h < 1) *h = 1;
	*scale = s;
}

/* One channel of im in the detector's frame: off + gain * (wt . rgb),
 * clamped to 0..255; shrunk by area average or enlarged bilinearly. */
static uint8_t *frame_channel(const struct fz_img *im, const double wt[3], double off,
			      double gain, int *ow, int *oh)
{
	int w, h;
	double s;
	frame_size(im, &w, &h, &s);
	uint8_t *g = malloc((size_t)w * h);
	if (!g)
		return NULL;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			double acc = 0;
			if (s < 1) {
				int x0 = (int)((long)x * im->w / w), x1 = (int)((long)(x + 1) * im->w / w);
				int y0 = (int)((long)y * im->h / h), y1 = (int)((long)(y + 1) * im->h / h);
				if (x1 <= x0) x1 = x0 + 1;
				if (y1 <= y0) y1 = y0 + 1;
				for (int sy = y0; sy < y1; sy++)
					for (int sx = x0; sx < x1; sx++) {
						const uint8_t *p = im->px + ((size_t)sy * im->w + sx) * 3;
						acc += wt[0] * p[0] + wt[1] * p[1] + wt[2] * p[2];
					}
				acc /= (double)(x1 - x0) * (y1 - y0);
			} else {
				double fx = (x + 0.5) / s - 0.5, fy = (y + 0.5) / s - 0.5;
				int x0 = (int)floor(fx), y0 = (int)floor(fy);
				double ax = fx - x0, ay = fy - y0;
				for (int j = 0; j < 4; j++) {
					int sx = x0 + (j & 1), sy = y0 + (j >> 1);
					sx = sx < 0 ? 0 : sx >= im->w ? im->w - 1 : sx;
					sy = sy < 0 ? 0 : sy >= im->h ? im->h - 1 : sy;
					const uint8_t *p = im->px + ((size_t)sy * im->w + sx) * 3;
					double wgt = ((j & 1) ? ax : 1 - ax) * ((j >> 1) ? ay : 1 - ay);
					acc += wgt * (wt[0] * p[0] + wt[1] * p[1] + wt[2] * p[2]);
				}
			}
			double v = off + gain * acc;
			g[(size_t)y * w + x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
		}
	*ow = w;
	*oh = h;
	return g;
}

static uint8_t *grey_frame(const struct fz_img *im, int *ow, int *oh)
{
	static const double lum[3] = { 0.299, 0.587, 0.114 };
	return frame_channel(im, lum, 0, 1, ow, oh);
}

/* The colours of im along their first principal axis, stretched to
 * 0..255 between the 1st and 99th percentile: the one channel that tells
 * the design's colours apart best, whatever their brightness (two
 * colours of one grey level are one level in grey, not here).  The dense
 * check compares these. */
static uint8_t *colour_frame(const struct fz_img *im, int *ow, int *oh)
{
	size_t n = (size_t)im->w * im->h, step = n / 20000 + 1, k = 0;
	double mean[3] = { 0 }, cov[3][3] = { { 0 } }, v[3] = { 0.577, 0.577, 0.577 };
	for (size_t i = 0; i < n; i += step, k++)
		for (int c = 0; c < 3; c++)
			mean[c] += im->px[i * 3 + c];
	for (int c = 0; c < 3; c++)
		mean[c] /= (double)k;
	for (size_t i = 0; i < n; i += step)
		for (int c = 0; c < 3; c++)
			for (int d = 0; d < 3; d++)
				cov[c][d] += (im->px[i * 3 + c] - mean[c]) * (im->px[i * 3 + d] - mean[d]);
	for (int it = 0; it < 30; it++) { /* power iteration */
		double u[3] = { 0 }, norm = 0;
		for (int c = 0; c < 3; c++)
			for (int d = 0; d < 3; d++)
				u[c] += cov[c][d] * v[d];
		for (int c = 0; c < 3; c++)
			norm += u[c] * u[c];
		if (norm < 1e-12)
			break;
		for (int c = 0; c < 3; c++)
			v[c] = u[c] / sqrt(norm);
	}
	unsigned hist[1024] = { 0 };
	double lo = -442, span = 884; /* |v| = 1: projections within +-255 * sqrt(3) */
	for (size_t i = 0; i < n; i += step) {
		double p = v[0] * im->px[i * 3] + v[1] * im->px[i * 3 + 1] + v[2] * im->px[i * 3 + 2];
		int b = (int)((p - lo) / span * 1023);
		hist[b < 0 ? 0 : b > 1023 ? 1023 : b]++;
	}
	size_t seen = 0, cut = k / 100;
	int b0 = 0, b1 = 1023;
	while (b0 < 1023 && seen + hist[b0] <= cut)
		seen += hist[b0++];
	seen = 0;
	while (b1 > 0 && seen + hist[b1] <= cut)
		seen += hist[b1--];
	double p0 = lo + b0 * span / 1023, p1 = lo + (b1 + 1) * span / 1023;
	double gain = p1 - p0 > 1 ? 255 / (p1 - p0) : 1;
	return frame_channel(im, v, -p0 * gain, gain, ow, oh);
}

/* Colour edges of im in the detector's frame, for the keypoints: the
 * gradient magnitude summed over the three channels, scaled by its own
 * 99th percentile.  A recoloured copy (each colour of the design swapped
 * for another) moves no edge, where its grey levels may change order and
 * every descriptor with them. */
static uint8_t *edge_frame(const struct fz_img *im, int w, int h)
{
	struct fz_img fit = { 0, 0, NULL };
	struct fz_err err = FZ_ERR_INIT;
	uint8_t *e = malloc((size_t)w * h);
	float *m = malloc(sizeof(float) * (size_t)w * h);
	const struct fz_img *src = im;
	if (!e || !m)
		goto fail;
	if (im->w != w || im->h != h) {
		/* the same frame as grey_frame: fit shrinks; enlarge by sampling */
		if (fz_img_alloc(&fit, w, h, &err))
			goto fail;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int sx = (int)((x + 0.5) * im->w / w), sy = (int)((y + 0.5) * im->h / h);
				memcpy(fit.px + ((size_t)y * w + x) * 3,
				       im->px + ((size_t)sy * im->w + sx) * 3, 3);
			}
		src = &fit;
	}
	unsigned hist[1024] = { 0 };
	float mx = 1e-6f;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int x0 = x > 0 ? x - 1 : x, x1 = x < w - 1 ? x + 1 : x;
			int y0 = y > 0 ? y - 1 : y, y1 = y < h - 1 ? y + 1 : y;
			float acc = 0;
			for (int c = 0; c < 3; c++) {
				float gx = (float)src->px[((size_t)y * w + x1) * 3 + c] -
					   src->px[((size_t)y * w + x0) * 3 + c];
				float gy = (float)src->px[((size_t)y1 * w + x) * 3 + c] -
					   src->px[((size_t)y0 * w + x) * 3 + c];
				acc += gx * gx + gy * gy;
			}
			m[(size_t)y * w + x] = sqrtf(acc);
			if (m[(size_t)y * w + x] > mx)
				mx = m[(size_t)y * w + x];
		}
	for (size_t i = 0; i < (size_t)w * h; i++)
		hist[(int)(m[i] / mx * 1023)]++;
	size_t want = (size_t)w * h / 100, seen = 0;
	int b = 1023;
	for (; b > 0 && seen + hist[b] < want; b--)
		seen += hist[b];
	float top = (b + 1) * mx / 1023;
	for (size_t i = 0; i < (size_t)w * h; i++) {
		float v = m[i] / top * 255;
		e[i] = (uint8_t)(v > 255 ? 255 : v);
	}
	free(m);
	fz_img_free(&fit);
	return e;
fail:
	free(e);
	free(m);
	fz_img_free(&fit);
	return NULL;
}

/* A seamless tile: across its left/right and top/bottom edges the grey
 * levels change no more than between neighbouring columns/rows inside
 * it.  A photo or a scan of a piece of fabric fails this. */
static int seamless(const uint8_t *g, int w, int h)
{
	double edge = 0, inner = 0;
	if (w < 16 || h < 16)
		return 0;
	for (int y = 0; y < h; y++) {
		const uint8_t *r = g + (size_t)y * w;
		edge += abs(r[0] - r[w - 1]);
		inner += abs(r[w / 2] - r[w / 2 - 1]) + abs(r[w / 4] - r[w / 4 - 1]);
	}
	for (int x = 0; x < w; x++) {
		edge += abs(g[x] - g[(size_t)(h - 1) * w + x]);
		inner += abs(g[(size_t)(h / 2) * w + x] - g[(size_t)(h / 2 - 1) * w + x]) +
			 abs(g[(size_t)(h / 4) * w + x] - g[(size_t)(h / 4 - 1) * w + x]);
	}
	edge /= w + h;
	inner /= 2.0 * (w + h);
	return edge <= 1.5 * inner + 2.0;
}

static void mirror_rows(uint8_t *g, int w, int h)
{
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w / 2; x++) {
			uint8_t *r = g + (size_t)y * w, t = r[x];
			r[x] = r[w - 1 - x];
			r[w - 1 - x] = t;
		}
}

/* Keypoints of the grey levels (three quarters of max) and of the colour
 * edges (the rest; e may be NULL, then grey only): the grey ones are the
 * more telling, the edge ones survive recolouring. */
static int detect_both(const uint8_t *g, const uint8_t *e, int w, int h, int wrap, int max,
		       struct fz_img_kp *out)
{
	int ne = e ? max / 2 : 0;
	int n = fz_img_orb_detect(g, w, h, wrap, max - ne, out);
	if (n >= 0 && e) {
		int k = fz_img_orb_detect(e, w, h, wrap, ne, out + n);
		n = k < 0 ? -1 : n + k;
	}
	return n;
}

static void make_thumb(const uint8_t *g, int w, int h, struct fz_img_local *out)
{
	int tw = w / FZ_IMG_THUMB_STEP, th = h / FZ_IMG_THUMB_STEP;
	tw = tw < 1 ? 1 : tw > FZ_IMG_THUMB ? FZ_IMG_THUMB : tw;
	th = th < 1 ? 1 : th > FZ_IMG_THUMB ? FZ_IMG_THUMB : th;
	out->tw = tw;
	out->th = th;
	for (int ty = 0; ty < th; ty++)
		for (int tx = 0; tx < tw; tx++) {
			int x0 = tx * w / tw, x1 = (tx + 1) * w / tw, y0 = ty * h / th,
			    y1 = (ty + 1) * h / th;
			unsigned long acc = 0;
			for (int y = y0; y < y1; y++)
				for (int x = x0; x < x1; x++)
					acc += g[(size_t)y * w + x];
			out->thumb[ty * tw + tx] =
				(uint8_t)(acc / (unsigned long)((x1 - x0) * (y1 - y0)));
		}
}

int fz_img_local_describe(const struct fz_img *im, struct fz_img_local *out,
			  struct fz_err *err)
{
	int w, h, n;
	uint8_t *g;
	memset(out, 0, sizeof(*out));
	if (!(g = grey_frame(im, &w, &h)))
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	out->w = w;
	out->h = h;
	out->wrap = seamless(g, w, h);
	uint8_t *cf = colour_frame(im, &w, &h);
	if (cf)
		make_thumb(cf, w, h, out);
	free(cf);
	uint8_t *e = edge_frame(im, w, h);
	n = detect_both(g, e, w, h, out->wrap, FZ_IMG_LOCAL_REF, out->kp);
	free(e);
	free(g);
	if (n < 0)
		return fz_err_set(err, FZ_EINVAL, "image", "无法提取图样的局部特征");
	out->n = n;
	return 0;
}

int fz_img_local_query(const struct fz_img *im, struct fz_img_lquery *out,
		       struct fz_err *err)
{
	int w, h, n;
	uint8_t *g;
	out->n[0] = out->n[1] = 0;
	out->sum = NULL;
	if (!(g = grey_frame(im, &w, &h)))
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	out->w = w;
	out->h = h;
	/* the integral image of the colours' principal axis (dense check) */
	uint8_t *cf = colour_frame(im, &w, &h);
	out->sum = cf ? calloc((size_t)(w + 1) * (h + 1), sizeof(uint32_t)) : NULL;
	if (!out->sum) {
		free(g);
		free(cf);
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	}
	for (int y = 0; y < h; y++) {
		uint32_t row = 0;
		for (int x = 0; x < w; x++) {
			row += cf[(size_t)y * w + x];
			out->sum[(size_t)(y + 1) * (w + 1) + x + 1] =
				out->sum[(size_t)y * (w + 1) + x + 1] + row;
		}
	}
	free(cf);
	uint8_t *e = edge_frame(im, w, h);
	for (int m = 0; m < 2; m++) {
		if (m) { /* mirror left to right in place */
			mirror_rows(g, w, h);
			if (e)
				mirror_rows(e, w, h);
		}
		n = detect_both(g, e, w, h, 0, FZ_IMG_LOCAL_QUERY, out->kp[m]);
		if (n < 0) {
			free(g);
			free(e);
			return fz_err_set(err, FZ_EINVAL, "image", "无法提取图样的局部特征");
		}
		out->n[m] = n;
	}
	free(g);
	free(e);
	return 0;
}

void fz_img_lquery_free(struct fz_img_lquery *q)
{
	if (q) {
		free(q->sum);
		q->sum = NULL;
	}
}

/* Descriptor distances are most of a verification and of a vote: where
 * the compiler can, those loops get a version with the CPU's popcount
 * instruction, picked at load time (otherwise each is a library call). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(FZ_FUZZING)
#define POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define POPCNT_CLONES
#endif

static inline int hamming(const uint64_t *a, const uint64_t *b)
{
	return __builtin_popcountll(a[0] ^ b[0]) + __builtin_popcountll(a[1] ^ b[1]) +
	       __builtin_popcountll(a[2] ^ b[2]) + __builtin_popcountll(a[3] ^ b[3]);
}

/* ---- verification ------------------------------------------------------- */

/* Descriptor distance (of 256 bits) a pair may have at most: ORB pairs
 * of the same spot after blur, JPEG and a phone's noise lie well below,
 * unrelated pairs around 128. */
#define MATCH_D 64
/* Each query keypoint keeps its two nearest design keypoints: a repeat
 * holds the same motif several times, so the nearest need not be the
 * one the geometry wants. */
#define PER_Q 2
#define MAX_CORR (FZ_IMG_LOCAL_QUERY * PER_Q)

struct corr {
	float qx, qy, rx, ry;
	float s, th;      /* scale ratio, rotation (radians) the pair proposes */
	int qi, ri;
	uint32_t bin;
};

struct model {
	double a[6];
	int inl;
};

struct vctx {
	const struct fz_img_local *r;
	struct corr *c;
	int n;
	float tol2;
	unsigned char *in;    /* inlier flags of the best model */
};

static double wrapd(double d, double period)
{
	return d - period * floor(d / period + 0.5);
}

/* residual of pair c under model a (torus-wrapped when the design is a
 * seamless tile) */
static void residual(const struct vctx *v, const double *a, const struct corr *c,
		     double *dx, double *dy)
{
	double px = a[0] * c->qx + a[1] * c->qy + a[2];
	double py = a[3] * c->qx + a[4] * c->qy + a[5];
	*dx = c->rx - px;
	*dy = c->ry - py;
	if (v->r->wrap) {
		*dx = wrapd(*dx, v->r->w);
		*dy = wrapd(*dy, v->r->h);
	}
}

static int count_inliers(const struct vctx *v, const double *a, unsigned char *flag)
{
	int k = 0;
	for (int i = 0; i < v->n; i++) {
		double dx, dy;
		residual(v, a, &v->c[i], &dx, &dy);
		int in = dx * dx + dy * dy < v->tol2;
		if (flag)
			flag[i] = (unsigned char)in;
		k += in;
	}
	return k;
}

/* Least squares over the inliers: similarity (6 == 0) or affine. */
static int refit(const struct vctx *v, const unsigned char *flag, int affine, double *a)
{
	double ata[3][3] = { { 0 } }, bx[3] = { 0 }, by[3] = { 0 };
	double s[4][4] = { { 0 } }, sb[4] = { 0 };
	int m = 0;
	for (int i = 0; i < v->n; i++) {
		double dx, dy, tx, ty;
		const struct corr *c = &v->c[i];
		if (!flag[i])
			continue;
		residual(v, a, c, &dx, &dy);
		/* the design point nearest the prediction (unwrapped) */
		tx = a[0] * c->qx + a[1] * c->qy + a[2] + dx;
		ty = a[3] * c->qx + a[4] * c->qy + a[5] + dy;
		double row[3] = { c->qx, c->qy, 1 };
		for (int p = 0; p < 3; p++) {
			for (int q = 0; q < 3; q++)
				ata[p][q] += row[p] * row[q];
			bx[p] += row[p] * tx;
			by[p] += row[p] * ty;
		}
		/* similarity: x' = A x - B y + tx, y' = B x + A y + ty */
		double r1[4] = { c->qx, -c->qy, 1, 0 }, r2[4] = { c->qy, c->qx, 0, 1 };
		for (int p = 0; p < 4; p++) {
			for (int q = 0; q < 4; q++)
				s[p][q] += r1[p] * r1[q] + r2[p] * r2[q];
			sb[p] += r1[p] * tx + r2[p] * ty;
		}
		m++;
	}
	if (m < (affine ? 6 : 3))
		return -1;
	int dim = affine ? 3 : 4;
	for (int pass = 0; pass < (affine ? 2 : 1); pass++) {
		double M[4][5];
		for (int p = 0; p < dim; p++) {
			for (int q = 0; q < dim; q++)
				M[p][q] = affine ? ata[p][q] : s[p][q];
			M[p][dim] = affine ? (pass ? by[p] : bx[p]) : sb[p];
		}
		for (int col = 0; col < dim; col++) { /* Gauss-Jordan, partial pivot */
			int piv = col;
			for (int r = col + 1; r < dim; r++)
				if (fabs(M[r][col]) > fabs(M[piv][col]))
					piv = r;
			if (fabs(M[piv][col]) < 1e-9)
				return -1;
			for (int q = 0; q <= dim; q++) {
				double t = M[col][q];
				M[col][q] = M[piv][q];
				M[piv][q] = t;
			}
			for (int r = 0; r < dim; r++) {
				if (r == col)
					continue;
				double f = M[r][col] / M[col][col];
				for (int q = col; q <= dim; q++)
					M[r][q] -= f * M[col][q];
			}
		}
		double x[4];
		for (int p = 0; p < dim; p++)
			x[p] = M[p][dim] / M[p][p];
		if (!affine) {
			a[0] = x[0]; a[1] = -x[1]; a[2] = x[2];
			a[3] = x[1]; a[4] = x[0]; a[5] = x[3];
		} else if (!pass) {
			a[0] = x[0]; a[1] = x[1]; a[2] = x[2];
		} else {
			a[3] = x[0]; a[4] = x[1]; a[5] = x[2];
		}
	}
	return 0;
}

/* The similarity two pairs define; -1 when degenerate or implausible. */
static int from_two(const struct vctx *v, const struct corr *p, const struct corr *q, double *a)
{
	double dqx = q->qx - p->qx, dqy = q->qy - p->qy;
	double drx = q->rx - p->rx, dry = q->ry - p->ry;
	double n = dqx * dqx + dqy * dqy;
	if (v->r->wrap) {
		drx = wrapd(drx, v->r->w);
		dry = wrapd(dry, v->r->h);
	}
	if (n < 100)
		return -1;
	double A = (drx * dqx + dry * dqy) / n, B = (dry * dqx - drx * dqy) / n;
	double sc = sqrt(A * A + B * B);
	if (sc < 0.2 || sc > 5)
		return -1;
	a[0] = A; a[1] = -B; a[2] = p->rx - (A * p->qx - B * p->qy);
	a[3] = B; a[4] = A;  a[5] = p->ry - (B * p->qx + A * p->qy);
	return 0;
}

/* Hough bins of a pair's pose: rotation in 30-degree steps, scale in
 * steps of 1.44 (two of ORB's pyramid levels), translation of the query's
 * origin in quarters of the design (modulo the tile when it wraps). */
static uint32_t pose_bin(const struct fz_img_local *r, const struct corr *c)
{
	double cs = c->s * cos(c->th), sn = c->s * sin(c->th);
	double tx = c->rx - (cs * c->qx - sn * c->qy), ty = c->ry - (sn * c->qx + cs * c->qy);
	int ab = (int)floor((c->th + M_PI) / (M_PI / 6)) % 12;
	int sb = (int)floorf(logf(c->s) * 2.7424f + 0.5f) + 8; /* 1 / ln 1.44 */
	int xb, yb;
	if (r->wrap) {
		xb = (int)floor(fmod(fmod(tx, r->w) + r->w, r->w) / (r->w / 4.0)) & 3;
		yb = (int)floor(fmod(fmod(ty, r->h) + r->h, r->h) / (r->h / 4.0)) & 3;
	} else {
		xb = (int)floor(tx / (r->w / 4.0)) + 16;
		yb = (int)floor(ty / (r->h / 4.0)) + 16;
	}
	sb = sb < 0 ? 0 : sb > 15 ? 15 : sb;
	xb = xb < 0 ? 0 : xb > 63 ? 63 : xb;
	yb = yb < 0 ? 0 : yb > 63 ? 63 : yb;
	return (uint32_t)ab << 16 | (uint32_t)sb << 12 | (uint32_t)xb << 6 | (uint32_t)yb;
}

static int cmp_bin(const void *a, const void *b)
{
	uint32_t x = ((const struct corr *)a)->bin, y = ((const struct corr *)b)->bin;
	return (x > y) - (x < y);
}

/* Distinct query and design keypoints among the inliers: the smaller
 * (a query showing four repeats pairs each design keypoint four times). */
static int distinct(const struct vctx *v, const unsigned char *flag, int nq)
{
	unsigned char *sq = calloc((size_t)nq + FZ_IMG_LOCAL_REF, 1);
	int a = 0, b = 0;
	if (!sq)
		return 0;
	for (int i = 0; i < v->n; i++) {
		if (!flag[i])
			continue;
		if (!sq[v->c[i].qi]++)
			a++;
		if (!sq[nq + v->c[i].ri]++)
			b++;
	}
	free(sq);
	return a < b ? a : b;
}

#define TOP_BINS 4
#define BIN_TRIES 40

/* The best model among the pairs c[0..n): RANSAC seeded from the
 * fullest Hough bins, the pairs tried in a fixed order. */
static void best_model(struct vctx *v, int nq, struct model *best, unsigned char *flag)
{
	struct { int lo, len; } top[TOP_BINS] = { { 0, 0 } };
	best->inl = 0;
	qsort(v->c, (size_t)v->n, sizeof(*v->c), cmp_bin);
	for (int i = 0; i < v->n;) {
		int j = i;
		while (j < v->n && v->c[j].bin == v->c[i].bin)
			j++;
		for (int t = 0; t < TOP_BINS; t++)
			if (j - i > top[t].len) {
				memmove(&top[t + 1], &top[t], sizeof(top[0]) * (TOP_BINS - 1 - t));
				top[t].lo = i;
				top[t].len = j - i;
				break;
			}
		i = j;
	}
	for (int t = 0; t < TOP_BINS && top[t].len >= 2; t++) {
		int len = top[t].len, tries = 0;
		for (int i = 0; i < len && tries < BIN_TRIES; i++)
			for (int j = i + 1; j < len && tries < BIN_TRIES; j += 1 + len / 8) {
				double a[6];
				const struct corr *p = &v->c[top[t].lo + i], *q = &v->c[top[t].lo + j];
				if (p->qi == q->qi || from_two(v, p, q, a))
					continue;
				tries++;
				int k = count_inliers(v, a, NULL);
				if (k > best->inl) {
					best->inl = k;
					memcpy(best->a, a, sizeof(a));
				}
			}
	}
	if (best->inl < 3)
		return;
	/* refine: similarity, then affine (a photo's perspective, a fold) */
	for (int it = 0; it < 3; it++) {
		double a[6];
		memcpy(a, best->a, sizeof(a));
		count_inliers(v, a, flag);
		if (refit(v, flag, it == 2 && best->inl >= 12, a))
			break;
		int k = count_inliers(v, a, NULL);
		if (k < best->inl)
			break;
		best->inl = k;
		memcpy(best->a, a, sizeof(a));
	}
	count_inliers(v, best->a, flag);
	best->inl = distinct(v, flag, nq);
}

POPCNT_CLONES
static int collect(const struct fz_img_kp *kq, int nq, const struct fz_img_local *r,
		   struct corr *c)
{
	int n = 0;
	for (int i = 0; i < nq; i++) {
		int bd[PER_Q], bi[PER_Q];
		for (int k = 0; k < PER_Q; k++) {
			bd[k] = MATCH_D + 1;
			bi[k] = -1;
		}
		for (int j = 0; j < r->n; j++) {
			int d = hamming(kq[i].d, r->kp[j].d);
			if (d >= bd[PER_Q - 1])
				continue;
			int k = PER_Q - 1;
			while (k > 0 && bd[k - 1] > d) {
				bd[k] = bd[k - 1];
				bi[k] = bi[k - 1];
				k--;
			}
			bd[k] = d;
			bi[k] = j;
		}
		for (int k = 0; k < PER_Q && bi[k] >= 0; k++) {
			const struct fz_img_kp *a = &kq[i], *b = &r->kp[bi[k]];
			struct corr *o = &c[n++];
			o->qx = a->x; o->qy = a->y; o->rx = b->x; o->ry = b->y;
			o->s = b->size / (a->size > 0 ? a->size : 1);
			o->th = (float)((b->angle - a->angle) * M_PI / 180.0);
			o->qi = i;
			o->ri = bi[k];
		}
	}
	return n;
}

/* regions: 4-connected groups of the 8 x 8 query cells holding inliers */
#define GRID 8
static void describe_support(const struct vctx *v, const unsigned char *flag, int qw, int qh,
			     struct fz_img_verdict *out)
{
	unsigned char cell[GRID * GRID] = { 0 };
	int stack[GRID * GRID], cells = 0, regions = 0;
	out->qx[0] = out->qy[0] = 1e9f;
	out->qx[1] = out->qy[1] = -1e9f;
	for (int i = 0; i < v->n; i++) {
		const struct corr *c = &v->c[i];
		if (!flag[i])
			continue;
		int cx = (int)(c->qx * GRID / qw), cy = (int)(c->qy * GRID / qh);
		cx = cx < 0 ? 0 : cx >= GRID ? GRID - 1 : cx;
		cy = cy < 0 ? 0 : cy >= GRID ? GRID - 1 : cy;
		if (!cell[cy * GRID + cx]++)
			cells++;
		if (c->qx < out->qx[0]) out->qx[0] = c->qx;
		if (c->qx > out->qx[1]) out->qx[1] = c->qx;
		if (c->qy < out->qy[0]) out->qy[0] = c->qy;
		if (c->qy > out->qy[1]) out->qy[1] = c->qy;
	}
	for (int s = 0; s < GRID * GRID; s++) {
		if (!cell[s])
			continue;
		int sp = 0;
		regions++;
		stack[sp++] = s;
		cell[s] = 0;
		while (sp) {
			int u = stack[--sp], x = u % GRID, y = u / GRID;
			int nb[4] = { x > 0 ? u - 1 : -1, x < GRID - 1 ? u + 1 : -1,
				      y > 0 ? u - GRID : -1, y < GRID - 1 ? u + GRID : -1 };
			for (int k = 0; k < 4; k++)
				if (nb[k] >= 0 && cell[nb[k]]) {
					cell[nb[k]] = 0;
					stack[sp++] = nb[k];
				}
		}
	}
	out->cover = (float)cells / (GRID * GRID);
	out->regions = regions;
}

/* ---- the dense check ----------------------------------------------------- */

#define DENSE_GRID 48
#define DENSE_BINS 16
#define DENSE_MIN 200

/* mean grey of the query in the box of half-side rad around (x, y) */
static double box_mean(const struct fz_img_lquery *q, double x, double y, double rad)
{
	int x0 = (int)floor(x - rad), x1 = (int)ceil(x + rad), y0 = (int)floor(y - rad),
	    y1 = (int)ceil(y + rad);
	x0 = x0 < 0 ? 0 : x0;
	y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > q->w ? q->w : x1;
	y1 = y1 > q->h ? q->h : y1;
	if (x1 <= x0 || y1 <= y0)
		return -1;
	size_t W = (size_t)q->w + 1;
	double s = (double)q->sum[(size_t)y1 * W + x1] - q->sum[(size_t)y0 * W + x1] -
		   q->sum[(size_t)y1 * W + x0] + q->sum[(size_t)y0 * W + x0];
	return s / ((double)(x1 - x0) * (y1 - y0));
}

/* the design's thumbnail at frame point (x, y), bilinear; -1 outside */
static double thumb_at(const struct fz_img_local *r, double x, double y)
{
	double fx = x / FZ_IMG_THUMB_STEP - 0.5, fy = y / FZ_IMG_THUMB_STEP - 0.5;
	int x0 = (int)floor(fx), y0 = (int)floor(fy);
	double ax = fx - x0, ay = fy - y0, acc = 0;
	if (!r->wrap && (fx < -0.5 || fy < -0.5 || fx > r->tw - 0.5 || fy > r->th - 0.5))
		return -1;
	for (int j = 0; j < 4; j++) {
		int sx = x0 + (j & 1), sy = y0 + (j >> 1);
		if (r->wrap) {
			sx = ((sx % r->tw) + r->tw) % r->tw;
			sy = ((sy % r->th) + r->th) % r->th;
		} else {
			sx = sx < 0 ? 0 : sx >= r->tw ? r->tw - 1 : sx;
			sy = sy < 0 ? 0 : sy >= r->th ? r->th - 1 : sy;
		}
		acc += ((j & 1) ? ax : 1 - ax) * ((j >> 1) ? ay : 1 - ay) *
		       r->thumb[sy * r->tw + sx];
	}
	return acc;
}

/* A map from the query's frame to the design's frame (-1: no point). */
struct qmap {
	int (*fn)(const struct qmap *m, double x, double y, double *px, double *py);
	double a[6];                /* the affine of a keypoint verdict */
};

static int map_affine(const struct qmap *m, double x, double y, double *px, double *py)
{
	*px = m->a[0] * x + m->a[1] * y + m->a[2];
	*py = m->a[3] * x + m->a[4] * y + m->a[5];
	return 0;
}

/* How much of the query's grey levels the aligned design explains: the
 * correlation ratio eta^2 of the query's value given the design's value
 * (binned), over a grid of the query's frame.  Any recolouring that maps
 * each colour of the design to one colour of the copy keeps it high; a
 * different design, even on the same lattice and in the same palette,
 * explains little.  mirror: the map starts from the mirrored query. */
static void dense_check(const struct fz_img_lquery *q, const struct fz_img_local *r,
			const struct qmap *map, int mirror, double scale, float *dense,
			int *samples)
{
	double qs[DENSE_GRID * DENSE_GRID], rs[DENSE_GRID * DENSE_GRID];
	double cnt[DENSE_BINS] = { 0 }, sum[DENSE_BINS] = { 0 };
	double rmin = 1e9, rmax = -1e9, mean = 0, tot = 0, expl = 0;
	double rad = 0.5 * FZ_IMG_THUMB_STEP / (scale > 0.05 ? scale : 0.05);
	int n = 0;
	*dense = 0;
	*samples = 0;
	if (!q->sum || r->tw < 2 || r->th < 2)
		return;
	for (int gy = 0; gy < DENSE_GRID; gy++)
		for (int gx = 0; gx < DENSE_GRID; gx++) {
			double x = (gx + 0.5) * q->w / DENSE_GRID, y = (gy + 0.5) * q->h / DENSE_GRID;
			double px, py;
			if (map->fn(map, x, y, &px, &py))
				continue;
			double rv = thumb_at(r, px, py);
			double qv = box_mean(q, mirror ? q->w - 1 - x : x, y, rad);
			if (rv < 0 || qv < 0)
				continue;
			qs[n] = qv;
			rs[n] = rv;
			if (rv < rmin) rmin = rv;
			if (rv > rmax) rmax = rv;
			mean += qv;
			n++;
		}
	if (n < DENSE_MIN || rmax - rmin < 8)
		return;
	mean /= n;
	for (int i = 0; i < n; i++) {
		int b = (int)((rs[i] - rmin) / (rmax - rmin + 1e-9) * DENSE_BINS);
		b = b >= DENSE_BINS ? DENSE_BINS - 1 : b;
		cnt[b]++;
		sum[b] += qs[i];
		tot += (qs[i] - mean) * (qs[i] - mean);
	}
	if (tot < n * 4.0) /* a flat query: no evidence either way */
		return;
	for (int b = 0; b < DENSE_BINS; b++)
		if (cnt[b])
			expl += cnt[b] * (sum[b] / cnt[b] - mean) * (sum[b] / cnt[b] - mean);
	*dense = (float)(expl / tot);
	*samples = n;
}

#define STRONG_INLIERS 60

void fz_img_local_verify(const struct fz_img_lquery *q, const struct fz_img_local *r,
			 int orient, struct fz_img_verdict *out)
{
	struct corr *c = malloc(sizeof(*c) * MAX_CORR);
	unsigned char *flag = malloc(MAX_CORR), *bflag = malloc(MAX_CORR);
	struct corr *keep = malloc(sizeof(*c) * MAX_CORR);
	int keep_n = 0;
	memset(out, 0, sizeof(*out));
	if (!c || !flag || !bflag || !keep || r->n < 2)
		goto done;
	/* tolerance: 1.5 % of the design's side (7.7 px at 512) */
	float side = (float)(r->w > r->h ? r->w : r->h);
	for (int m = 0; m < 2; m++) {
		struct vctx v = { r, c, 0, 0, flag };
		struct model best;
		if (orient >= 0 && orient != m)
			continue;
		v.n = collect(q->kp[m], q->n[m], r, c);
		v.tol2 = (0.015f * side) * (0.015f * side);
		for (int i = 0; i < v.n; i++)
			c[i].bin = pose_bin(r, &c[i]);
		best_model(&v, q->n[m], &best, flag);
		if (best.inl > out->inliers) {
			out->inliers = best.inl;
			out->mirror = m;
			for (int k = 0; k < 6; k++)
				out->a[k] = (float)best.a[k];
			memcpy(keep, c, sizeof(*c) * (size_t)v.n);
			memcpy(bflag, flag, (size_t)v.n);
			keep_n = v.n;
		}
		/* a copy this plain needs no look at the mirrored query */
		if (orient < 0 && out->inliers >= STRONG_INLIERS)
			break;
	}
	out->qw = q->w;
	out->qh = q->h;
	out->rw = r->w;
	out->rh = r->h;
	out->wrap = r->wrap;
	if (out->inliers) {
		struct vctx v = { r, keep, keep_n, 0, bflag };
		double det = (double)out->a[0] * out->a[4] - (double)out->a[1] * out->a[3];
		out->scale = (float)sqrt(fabs(det));
		out->angle = (float)(atan2(out->a[3], out->a[0]) * 180.0 / M_PI);
		struct qmap m = { .fn = map_affine };
		for (int k = 0; k < 6; k++)
			m.a[k] = out->a[k];
		describe_support(&v, bflag, q->w, q->h, out);
		dense_check(q, r, &m, out->mirror, out->scale, &out->dense, &out->samples);
	}
done:
	free(c);
	free(flag);
	free(bflag);
	free(keep);
}

int fz_img_local_compare(const struct fz_img *a, const struct fz_img *b,
			 struct fz_img_verdict *v, int *q_is_a, struct fz_err *err)
{
	struct fz_img_local *loc = malloc(sizeof(*loc));
	struct fz_img_lquery *lq = calloc(1, sizeof(*lq));
	int rc = loc && lq ? 0 : fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	memset(v, 0, sizeof(*v));
	*q_is_a = 1;
	for (int way = 0; !rc && way < 2; way++) {
		struct fz_img_verdict w;
		if ((rc = fz_img_local_describe(way ? a : b, loc, err)) ||
		    (rc = fz_img_local_query(way ? b : a, lq, err)))
			break;
		fz_img_local_verify(lq, loc, -1, &w);
		fz_img_lquery_free(lq);
		if (!way || fz_img_fuse(0, &w) > fz_img_fuse(0, v)) {
			*v = w;
			*q_is_a = !way;
		}
	}
	if (lq)
		fz_img_lquery_free(lq);
	free(lq);
	free(loc);
	return rc;
}

/* ---- the fused score ------------------------------------------------------ */

/* Set on the development set of an independent generator and this
 * project's own (bench/pattern/devset.sh, run.sh): at 近似 about 1 % of
 * designs that are not copies reach it; 相同 is reached by none of them
 * (docs/pattern.md, 判定阈值). */
const float fz_img_match_same = 0.90f;
const float fz_img_match_similar = 0.65f;

float fz_img_fuse(float global, const struct fz_img_verdict *v)
{
	float local = 0, g = 0.5f * (global > 0 ? global : 0);
	if (v->inliers >= FZ_IMG_LOCAL_MIN_INLIERS)
		local = v->dense * (1 - expf(-(float)v->inliers / 20.0f));
	return local > g ? local : g;
}

enum fz_img_decision fz_img_match_decide(float fused)
{
	return fused >= fz_img_match_same ? FZ_IMG_SAME
	     : fused >= fz_img_match_similar ? FZ_IMG_SIMILAR : FZ_IMG_DIFFERENT;
}

/* ---- the vote index ------------------------------------------------------ */

/* LSH over the 256-bit descriptors: TABLES tables, each keyed by KEYBITS
 * fixed bit positions.  A pair of the same spot (distance ~30) shares all
 * of a table's bits with probability (1 - 30/256)^18 ~ 0.11, so a copy
 * with a hundred such pairs collects dozens of votes, an unrelated design
 * a handful. */
#define TABLES 4
#define KEYBITS 18
#define VOTE_D 56
#define BUCKET_CAP 256

struct fz_img_lvote {
	const void *ctx;
	fz_img_local_get get;
	size_t n;
	uint16_t pos[TABLES][KEYBITS];
	uint32_t *off[TABLES];   /* 2^KEYBITS + 1 offsets into ent */
	uint32_t *ent[TABLES];   /* slot * FZ_IMG_LOCAL_REF + keypoint */
	size_t nent;
};

static uint32_t key_of(const uint16_t *pos, const uint64_t *d)
{
	uint32_t k = 0;
	for (int i = 0; i < KEYBITS; i++)
		k = k << 1 | (uint32_t)(d[pos[i] >> 6] >> (pos[i] & 63) & 1);
	return k;
}

static void choose_bits(struct fz_img_lvote *v)
{
	uint32_t st = 2463534242u;
	unsigned char used[256] = { 0 };
	for (int t = 0; t < TABLES; t++)
		for (int i = 0; i < KEYBITS; i++) {
			uint16_t b;
			do {
				st ^= st << 13;
				st ^= st >> 17;
				st ^= st << 5;
				b = (uint16_t)(st & 255);
			} while (used[b]);
			used[b] = 1;
			v->pos[t][i] = b;
		}
}

void fz_img_lvote_free(struct fz_img_lvote *v)
{
	if (!v)
		return;
	for (int t = 0; t < TABLES; t++) {
		free(v->off[t]);
		free(v->ent[t]);
	}
	free(v);
}

size_t fz_img_lvote_bytes(const struct fz_img_lvote *v)
{
	return v ? TABLES * (((size_t)1 << KEYBITS) + 1 + v->nent) * sizeof(uint32_t) : 0;
}

int fz_img_lvote_build(const void *ctx, fz_img_local_get get, size_t n,
		       struct fz_img_lvote **out, struct fz_err *err)
{
	struct fz_img_lvote *v = calloc(1, sizeof(*v));
	size_t nb = (size_t)1 << KEYBITS;
	*out = NULL;
	if (!v)
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	if (n > UINT32_MAX / FZ_IMG_LOCAL_REF) {
		free(v);
		return fz_err_set(err, FZ_EINVAL, "index", "图样过多");
	}
	v->ctx = ctx;
	v->get = get;
	v->n = n;
	choose_bits(v);
	for (size_t s = 0; s < n; s++)
		v->nent += (size_t)get(ctx, s)->n;
	for (int t = 0; t < TABLES; t++) {
		v->off[t] = calloc(nb + 1, sizeof(uint32_t));
		v->ent[t] = malloc((v->nent ? v->nent : 1) * sizeof(uint32_t));
		if (!v->off[t] || !v->ent[t]) {
			fz_img_lvote_free(v);
			return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
		}
		for (size_t s = 0; s < n; s++) {
			const struct fz_img_local *l = get(ctx, s);
			for (int k = 0; k < l->n; k++)
				v->off[t][key_of(v->pos[t], l->kp[k].d) + 1]++;
		}
		for (size_t b = 0; b < nb; b++)
			v->off[t][b + 1] += v->off[t][b];
		uint32_t *fill = malloc(nb * sizeof(uint32_t));
		if (!fill) {
			fz_img_lvote_free(v);
			return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
		}
		memcpy(fill, v->off[t], nb * sizeof(uint32_t));
		for (size_t s = 0; s < n; s++) {
			const struct fz_img_local *l = get(ctx, s);
			for (int k = 0; k < l->n; k++)
				v->ent[t][fill[key_of(v->pos[t], l->kp[k].d)]++] =
					(uint32_t)(s * FZ_IMG_LOCAL_REF + (size_t)k);
		}
		free(fill);
	}
	*out = v;
	return 0;
}

POPCNT_CLONES
int fz_img_lvote_query(const struct fz_img_lvote *v, const struct fz_img_lquery *q,
		       int k, size_t *slots, int *votes, int *orient, int *n,
		       struct fz_err *err)
{
	uint16_t *cnt = calloc(v->n * 2 + 1, sizeof(uint16_t));
	uint32_t *stamp = calloc(v->n + 1, sizeof(uint32_t));
	*n = 0;
	if (!cnt || !stamp) {
		free(cnt);
		free(stamp);
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	}
	uint32_t now = 0;
	for (int m = 0; m < 2; m++)
		for (int i = 0; i < q->n[m]; i++) {
			const uint64_t *d = q->kp[m][i].d;
			now++;
			for (int t = 0; t < TABLES; t++) {
				uint32_t key = key_of(v->pos[t], d);
				/* a descriptor this common (a flat ground, a plain
				 * edge) tells no design from another: skipped, as a
				 * search engine skips its stop words */
				if (v->off[t][key + 1] - v->off[t][key] > BUCKET_CAP)
					continue;
				for (uint32_t e = v->off[t][key]; e < v->off[t][key + 1]; e++) {
					uint32_t id = v->ent[t][e];
					size_t s = id / FZ_IMG_LOCAL_REF;
					if (stamp[s] == now)
						continue;
					const struct fz_img_local *l = v->get(v->ctx, s);
					if (hamming(d, l->kp[id % FZ_IMG_LOCAL_REF].d) > VOTE_D)
						continue;
					stamp[s] = now;
					if (cnt[s * 2 + (size_t)m] < UINT16_MAX)
						cnt[s * 2 + (size_t)m]++;
				}
			}
		}
	/* the k best by votes (either orientation): insertion into a short list */
	for (size_t s = 0; s < v->n; s++) {
		int m = cnt[s * 2 + 1] > cnt[s * 2], c = cnt[s * 2 + (size_t)m];
		if (c < 2 || (*n == k && c <= votes[k - 1]))
			continue;
		int i = *n < k ? (*n)++ : k - 1;
		while (i > 0 && votes[i - 1] < c) {
			slots[i] = slots[i - 1];
			votes[i] = votes[i - 1];
			orient[i] = orient[i - 1];
			i--;
		}
		slots[i] = s;
		votes[i] = c;
		orient[i] = m;
	}
	free(cnt);
	free(stamp);
	return 0;
}
