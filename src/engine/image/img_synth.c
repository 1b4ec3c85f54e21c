/* img_synth.c - synthetic textile designs and infringing copies (see
 * img_synth.h). */
#include "engine/image/img_synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint32_t fz_img_synth_rand(uint32_t *state)
{
	uint32_t z = (*state += 0x9e3779b9u);
	z = (z ^ (z >> 16)) * 0x85ebca6bu;
	z = (z ^ (z >> 13)) * 0xc2b2ae35u;
	return z ^ (z >> 16);
}

double fz_img_synth_uniform(uint32_t *state)
{
	return fz_img_synth_rand(state) / 4294967296.0;
}

static double unif(uint32_t *st, double lo, double hi)
{
	return lo + (hi - lo) * fz_img_synth_uniform(st);
}

static int irand(uint32_t *st, int lo, int hi) /* inclusive */
{
	return lo + (int)(fz_img_synth_rand(st) % (uint32_t)(hi - lo + 1));
}

static void hsv(double h, double s, double v, uint8_t out[3])
{
	double c = v * s, x = c * (1 - fabs(fmod(h / 60, 2) - 1)), m = v - c;
	double r = 0, g = 0, b = 0;
	if (h < 60) { r = c; g = x; }
	else if (h < 120) { r = x; g = c; }
	else if (h < 180) { g = c; b = x; }
	else if (h < 240) { g = x; b = c; }
	else if (h < 300) { r = x; b = c; }
	else { r = c; b = x; }
	out[0] = (uint8_t)lrint((r + m) * 255);
	out[1] = (uint8_t)lrint((g + m) * 255);
	out[2] = (uint8_t)lrint((b + m) * 255);
}

/* Colours far enough apart that every edge stays visible. */
void fz_img_synth_recolour(struct fz_synth *s, uint32_t palette_seed)
{
	uint32_t st = palette_seed * 2654435761u + 17;
	for (int i = 0; i < s->ncol; i++) {
		for (int tries = 0; tries < 64; tries++) {
			hsv(unif(&st, 0, 360), unif(&st, 0.25, 1), unif(&st, 0.25, 1),
			    s->pal[i]);
			int ok = 1;
			for (int j = 0; j < i && ok; j++) {
				int d = 0;
				for (int c = 0; c < 3; c++)
					d += abs((int)s->pal[i][c] - (int)s->pal[j][c]);
				ok = d >= 90;
			}
			if (ok)
				break;
		}
	}
}

static void add_shape(struct fz_synth *s, int kind, int label, double cx, double cy,
		      double rx, double ry, double ang)
{
	if (s->nshapes >= FZ_SYNTH_MAX_SHAPES)
		return;
	s->shape[s->nshapes++] = (struct fz_synth_shape){ (uint8_t)kind, (uint8_t)label,
		(float)cx, (float)cy, (float)rx, (float)ry, (float)ang };
}

static void make_bands(uint32_t *st, float *edge, uint8_t *lab, int n, int ncol)
{
	double acc = 0, w[FZ_SYNTH_MAX_BANDS];
	for (int i = 0; i < n; i++)
		acc += (w[i] = unif(st, 0.3, 1.5));
	double x = 0;
	for (int i = 0; i < n; i++) {
		x += w[i] / acc;
		edge[i] = (float)x;
		lab[i] = (uint8_t)(i == 0 ? 0 : irand(st, 0, ncol - 1));
		if (i > 0 && lab[i] == lab[i - 1])
			lab[i] = (uint8_t)((lab[i] + 1) % ncol);
	}
	edge[n - 1] = 1.0f;
}

static int lbl(uint32_t *st, int ncol)
{
	return irand(st, 1, ncol - 1);
}

void fz_img_synth_design(struct fz_synth *s, int family, uint32_t seed,
			 int ncol, uint32_t palette_seed)
{
	uint32_t st = seed * 0x27d4eb2du + (uint32_t)family * 7919u + 1;
	memset(s, 0, sizeof(*s));
	if (ncol < 2) ncol = 2;
	if (ncol > 8) ncol = 8;
	s->family = family;
	s->ncol = ncol;
	s->aspect = fz_img_synth_uniform(&st) < 0.5 ? 1.0f : (float)unif(&st, 0.75, 1.33);
	fz_img_synth_recolour(s, palette_seed);
	switch (family) {
	case FZ_SYNTH_FLORAL: {
		int nf = irand(&st, 3, 5);
		for (int f = 0; f < nf; f++) {
			double cx = unif(&st, 0, 1), cy = unif(&st, 0, 1);
			double r = unif(&st, 0.05, 0.11), a0 = unif(&st, 0, M_PI);
			int np = irand(&st, 5, 7), pl = lbl(&st, ncol);
			add_shape(s, 0, lbl(&st, ncol), cx + unif(&st, -0.15, 0.15),
				  cy + unif(&st, -0.15, 0.15), r * 0.5, r * 1.3, unif(&st, 0, M_PI));
			for (int p = 0; p < np; p++) {
				double a = a0 + 2 * M_PI * p / np;
				add_shape(s, 0, pl, cx + r * cos(a), cy + r * sin(a),
					  r * 0.45, r * 0.9, a + M_PI / 2);
			}
			add_shape(s, 0, lbl(&st, ncol), cx, cy, r * 0.4, r * 0.4, 0);
		}
		break;
	}
	case FZ_SYNTH_PAISLEY: {
		int n = irand(&st, 3, 6);
		for (int i = 0; i < n; i++) {
			double cx = unif(&st, 0, 1), cy = unif(&st, 0, 1), a = unif(&st, 0, 2 * M_PI);
			double r = unif(&st, 0.07, 0.14);
			add_shape(s, 3, lbl(&st, ncol), cx, cy, r * 0.6, r * 1.4, a);
			add_shape(s, 3, lbl(&st, ncol), cx, cy, r * 0.35, r * 0.8, a);
			add_shape(s, 0, lbl(&st, ncol), cx, cy, r * 0.15, r * 0.15, 0);
		}
		break;
	}
	case FZ_SYNTH_PLAID:
		s->nbu = irand(&st, 4, 10);
		s->nbv = irand(&st, 4, 10);
		make_bands(&st, s->bu, s->lu, s->nbu, ncol);
		make_bands(&st, s->bv, s->lv, s->nbv, ncol);
		break;
	case FZ_SYNTH_STRIPES:
		s->nbu = irand(&st, 3, 12);
		make_bands(&st, s->bu, s->lu, s->nbu, ncol);
		break;
	case FZ_SYNTH_DOTS: {
		int n = irand(&st, 1, 4);
		for (int i = 0; i < n; i++) {
			double r = unif(&st, 0.06, 0.2);
			add_shape(s, irand(&st, 0, 3) == 0 ? 1 : 0, lbl(&st, ncol),
				  unif(&st, 0, 1), unif(&st, 0, 1), r, r * unif(&st, 0.7, 1.3),
				  unif(&st, 0, M_PI));
		}
		break;
	}
	case FZ_SYNTH_HOUNDSTOOTH: {
		/* a 2/2 twill of dark and light threads (the check), a motif
		 * or two on top so that designs of the family differ */
		s->nbu = irand(&st, 2, 6);
		s->nbv = irand(&st, 2, 6);
		int n = irand(&st, 1, 3);
		for (int i = 0; i < n; i++)
			add_shape(s, irand(&st, 0, 2), lbl(&st, ncol), unif(&st, 0, 1),
				  unif(&st, 0, 1), unif(&st, 0.06, 0.15), unif(&st, 0.06, 0.15),
				  unif(&st, 0, M_PI));
		break;
	}
	case FZ_SYNTH_CHEVRON:
		s->nbv = irand(&st, 3, 8);
		make_bands(&st, s->bv, s->lv, s->nbv, ncol);
		s->amp = (float)unif(&st, 0.1, 0.5);
		s->freq = (float)irand(&st, 1, 3);
		break;
	case FZ_SYNTH_GEOMETRIC: {
		int n = irand(&st, 6, 14);
		for (int i = 0; i < n; i++)
			add_shape(s, irand(&st, 0, 2), lbl(&st, ncol), unif(&st, 0, 1),
				  unif(&st, 0, 1), unif(&st, 0.04, 0.16), unif(&st, 0.04, 0.16),
				  irand(&st, 0, 3) * M_PI / 4);
		break;
	}
	default: { /* damask: a motif mirrored about the repeat's middle */
		int n = irand(&st, 5, 10);
		for (int i = 0; i < n; i++) {
			int k = irand(&st, 0, 3), l = lbl(&st, ncol);
			double cx = unif(&st, 0.05, 0.5), cy = unif(&st, 0, 1);
			double rx = unif(&st, 0.03, 0.12), ry = unif(&st, 0.03, 0.15);
			double a = unif(&st, 0, M_PI);
			add_shape(s, k, l, cx, cy, rx, ry, a);
			add_shape(s, k, l, 1 - cx, cy, rx, ry, M_PI - a);
		}
		s->family = FZ_SYNTH_DAMASK;
		break;
	}
	}
}

void fz_img_synth_edit(struct fz_synth *s, uint32_t seed, float frac)
{
	uint32_t st = seed * 747796405u + 3;
	double r = sqrt(frac / M_PI);
	s->edited = 1;
	s->edit = (struct fz_synth_shape){ 0, (uint8_t)irand(&st, 0, s->ncol - 1),
		(float)unif(&st, 0, 1), (float)unif(&st, 0, 1), (float)r, (float)r, 0 };
}

static double wrap(double x)
{
	return x - floor(x);
}

static int in_shape(const struct fz_synth_shape *sh, double u, double v)
{
	double du = u - sh->cx, dv = v - sh->cy;
	du -= floor(du + 0.5);
	dv -= floor(dv + 0.5);
	double c = cos(sh->ang), sn = sin(sh->ang);
	double x = du * c + dv * sn, y = -du * sn + dv * c;
	switch (sh->kind) {
	case 0:
		return (x / sh->rx) * (x / sh->rx) + (y / sh->ry) * (y / sh->ry) <= 1;
	case 1:
		return fabs(x) <= sh->rx && fabs(y) <= sh->ry;
	case 2:
		return y >= -sh->ry && y <= sh->ry &&
		       fabs(x) <= sh->rx * (sh->ry - y) / (2 * sh->ry);
	default: { /* teardrop: an ellipse that narrows towards +y */
		double t = y / sh->ry;
		if (t < -1 || t > 1)
			return 0;
		double half = sh->rx * sqrt(1 - t * t) * (1.2 - 0.7 * (t + 1) / 2);
		return fabs(x - 0.3 * sh->rx * t * t) <= half;
	}
	}
}

static int band(const float *edge, int n, double x)
{
	for (int i = 0; i < n; i++)
		if (x < edge[i])
			return i;
	return n - 1;
}

int fz_img_synth_label(const struct fz_synth *s, double u, double v)
{
	u = wrap(u);
	v = wrap(v);
	if (s->edited && in_shape(&s->edit, u, v))
		return s->edit.label;
	switch (s->family) {
	case FZ_SYNTH_PLAID: {
		int i = band(s->bu, s->nbu, u), j = band(s->bv, s->nbv, v);
		return (s->lu[i] + s->lv[j]) % s->ncol;
	}
	case FZ_SYNTH_STRIPES:
		return s->lu[band(s->bu, s->nbu, u)];
	case FZ_SYNTH_HOUNDSTOOTH: {
		for (int k = s->nshapes - 1; k >= 0; k--)
			if (in_shape(&s->shape[k], u, v))
				return s->shape[k].label;
		int i = (int)(u * 16), j = (int)(v * 16);
		int warp = (i % 8) < s->nbu, weft = (j % 8) < s->nbv;
		return (((i + j) % 4) < 2 ? warp : weft) ? 1 % s->ncol : 0;
	}
	case FZ_SYNTH_CHEVRON: {
		double t = wrap(u * s->freq);
		double tri = t < 0.5 ? 2 * t : 2 - 2 * t;
		return s->lv[band(s->bv, s->nbv, wrap(v + s->amp * tri))];
	}
	default:
		for (int k = s->nshapes - 1; k >= 0; k--)
			if (in_shape(&s->shape[k], u, v))
				return s->shape[k].label;
		return 0;
	}
}

void fz_img_synth_view(double H[9], double rep_px, double aspect)
{
	double h[9] = { 1 / rep_px, 0, 0, 0, 1 / (rep_px * aspect), 0, 0, 0, 1 };
	memcpy(H, h, sizeof(h));
}

void fz_img_synth_mul(double out[9], const double a[9], const double b[9])
{
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			out[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] +
					 a[i * 3 + 2] * b[6 + j];
}

int fz_img_synth_render(const struct fz_synth *s, int w, int h, const double H[9],
			struct fz_img *out, struct fz_err *err)
{
	int rc = fz_img_alloc(out, w, h, err);
	if (rc)
		return rc;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int acc[3] = { 0, 0, 0 };
			for (int k = 0; k < 4; k++) {
				double px = x + 0.25 + 0.5 * (k & 1), py = y + 0.25 + 0.5 * (k >> 1);
				double z = H[6] * px + H[7] * py + H[8];
				double u = (H[0] * px + H[1] * py + H[2]) / z;
				double v = (H[3] * px + H[4] * py + H[5]) / z;
				const uint8_t *c = s->pal[fz_img_synth_label(s, u, v)];
				acc[0] += c[0];
				acc[1] += c[1];
				acc[2] += c[2];
			}
			uint8_t *p = out->px + ((size_t)y * w + x) * 3;
			p[0] = (uint8_t)((acc[0] + 2) / 4);
			p[1] = (uint8_t)((acc[1] + 2) / 4);
			p[2] = (uint8_t)((acc[2] + 2) / 4);
		}
	return 0;
}

void fz_img_synth_blur(struct fz_img *im, float sigma)
{
	int r = (int)ceilf(sigma * 2.5f);
	float k[64];
	size_t n = (size_t)im->w * im->h * 3;
	float *tmp;
	if (r < 1 || r > 31 || !(tmp = malloc(n * sizeof(float))))
		return;
	float sum = 0;
	for (int i = -r; i <= r; i++)
		sum += (k[i + r] = expf(-(float)(i * i) / (2 * sigma * sigma)));
	for (int i = 0; i <= 2 * r; i++)
		k[i] /= sum;
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++)
			for (int c = 0; c < 3; c++) {
				float a = 0;
				for (int i = -r; i <= r; i++) {
					int xx = x + i < 0 ? 0 : x + i >= im->w ? im->w - 1 : x + i;
					a += k[i + r] * im->px[((size_t)y * im->w + xx) * 3 + c];
				}
				tmp[((size_t)y * im->w + x) * 3 + c] = a;
			}
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++)
			for (int c = 0; c < 3; c++) {
				float a = 0;
				for (int i = -r; i <= r; i++) {
					int yy = y + i < 0 ? 0 : y + i >= im->h ? im->h - 1 : y + i;
					a += k[i + r] * tmp[((size_t)yy * im->w + x) * 3 + c];
				}
				im->px[((size_t)y * im->w + x) * 3 + c] = (uint8_t)lrintf(a);
			}
	free(tmp);
}

static uint8_t clamp8(double v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : lrint(v));
}

void fz_img_synth_noise(struct fz_img *im, float sigma, uint32_t seed)
{
	uint32_t st = seed;
	size_t n = (size_t)im->w * im->h * 3;
	for (size_t i = 0; i < n; i++) {
		double u1 = fz_img_synth_uniform(&st) + 1e-12, u2 = fz_img_synth_uniform(&st);
		double g = sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
		im->px[i] = clamp8(im->px[i] + sigma * g);
	}
}

void fz_img_synth_light(struct fz_img *im, float lo, float hi, uint32_t seed)
{
	uint32_t st = seed;
	double ang = unif(&st, 0, 2 * M_PI), c = cos(ang), s = sin(ang);
	double diag = sqrt((double)im->w * im->w + (double)im->h * im->h);
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++) {
			double t = ((x - im->w / 2.0) * c + (y - im->h / 2.0) * s) / diag + 0.5;
			double f = lo + (hi - lo) * t;
			uint8_t *p = im->px + ((size_t)y * im->w + x) * 3;
			for (int k = 0; k < 3; k++)
				p[k] = clamp8(p[k] * f);
		}
}

int fz_img_synth_jpeg(struct fz_img *im, int quality, struct fz_err *err)
{
	uint8_t *buf;
	size_t n;
	struct fz_img out;
	int rc = fz_img_encode_jpeg(im, quality, &buf, &n, err);
	if (rc)
		return rc;
	rc = fz_img_decode(buf, n, &out, err);
	free(buf);
	if (rc)
		return rc;
	fz_img_free(im);
	*im = out;
	return 0;
}

const char *const fz_img_synth_tf_names[FZ_TF_COUNT] = {
	"recolour", "crop", "scale", "rotate", "mirror", "shift", "repeats",
	"jpeg", "blur", "noise", "photo", "edit"
};

#define REF_REPEATS 2.2

int fz_img_synth_reference(const struct fz_synth *s, int side, struct fz_img *out,
			   struct fz_err *err)
{
	double H[9];
	fz_img_synth_view(H, side / REF_REPEATS, s->aspect);
	return fz_img_synth_render(s, side, side, H, out, err);
}

static void then(double G[9], const double T[9])
{
	double o[9];
	fz_img_synth_mul(o, G, T);
	memcpy(G, o, sizeof(o));
}

static void translate(double G[9], double dx, double dy)
{
	double t[9] = { 1, 0, dx, 0, 1, dy, 0, 0, 1 };
	then(G, t);
}

static void scale(double G[9], double sx, double sy)
{
	double t[9] = { sx, 0, 0, 0, sy, 0, 0, 0, 1 };
	then(G, t);
}

static void rotate(double G[9], double a)
{
	double t[9] = { cos(a), -sin(a), 0, sin(a), cos(a), 0, 0, 0, 1 };
	then(G, t);
}

/* The homography taking the unit square's corners to q[4][2]. */
static void square_to_quad(const double q[4][2], double Hm[9])
{
	double x0 = q[0][0], y0 = q[0][1], x1 = q[1][0], y1 = q[1][1];
	double x2 = q[2][0], y2 = q[2][1], x3 = q[3][0], y3 = q[3][1];
	double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
	double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
	double den = dx1 * dy2 - dx2 * dy1, g = 0, h = 0;
	if (fabs(den) > 1e-12) {
		g = (sx * dy2 - dx2 * sy) / den;
		h = (dx1 * sy - sx * dy1) / den;
	}
	double t[9] = { x1 - x0 + g * x1, x3 - x0 + h * x3, x0,
			y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1 };
	memcpy(Hm, t, sizeof(t));
}

int fz_img_synth_copy(const struct fz_synth *s0, int side, unsigned mask,
		      uint32_t seed, struct fz_img *out, struct fz_err *err)
{
	struct fz_synth s = *s0;
	uint32_t st = seed * 2246822519u + 11;
	double rep = side / REF_REPEATS, G[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, H[9], Hq[9];
	int w = side, h = side, rc;
	double c = side / 2.0;

	if (mask & FZ_TF_RECOLOUR)
		fz_img_synth_recolour(&s, fz_img_synth_rand(&st) | 1u);
	if (mask & FZ_TF_EDIT)
		fz_img_synth_edit(&s, fz_img_synth_rand(&st), 0.05f);
	/* G maps query pixels to reference pixels, built outside in */
	if (mask & FZ_TF_SHIFT)
		translate(G, unif(&st, 0.1, 0.9) * rep, unif(&st, 0.1, 0.9) * rep);
	if (mask & FZ_TF_ROTATE) {
		translate(G, c, c);
		rotate(G, irand(&st, 1, 3) * M_PI / 2 +
			  (irand(&st, 0, 1) ? 1 : -1) * unif(&st, 2, 10) * M_PI / 180);
		translate(G, -c, -c);
	}
	if (mask & FZ_TF_MIRROR) {
		translate(G, c, c);
		scale(G, -1, 1);
		translate(G, -c, -c);
	}
	if (mask & FZ_TF_REPEATS) {
		double z = unif(&st, 4, 6) / REF_REPEATS;
		scale(G, z, z);
	}
	if (mask & FZ_TF_CROP) {
		double cw = rep * unif(&st, 1.3, 1.9), ch = rep * s.aspect * unif(&st, 1.3, 1.9);
		translate(G, unif(&st, 0, 3) * rep, unif(&st, 0, 3) * rep);
		w = (int)cw;
		h = (int)ch;
	}
	if (mask & FZ_TF_SCALE) {
		double z = exp(unif(&st, log(0.5), log(2.0)));
		w = (int)(w * z);
		h = (int)(h * z);
		if (w < 24) w = 24;
		if (h < 24) h = 24;
		scale(G, 1 / z, 1 / z);
	}
	if (mask & FZ_TF_PHOTO) {
		/* a phone held not quite square to the fabric */
		double q[4][2], P[9], j = 0.08;
		double cs[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
		for (int k = 0; k < 4; k++) {
			q[k][0] = (cs[k][0] + unif(&st, -j, j)) * w;
			q[k][1] = (cs[k][1] + unif(&st, -j, j)) * h;
		}
		square_to_quad(q, P);
		then(G, P);
		scale(G, 1.0 / w, 1.0 / h);
	}
	fz_img_synth_view(H, rep, s.aspect);
	fz_img_synth_mul(Hq, H, G);
	if ((rc = fz_img_synth_render(&s, w, h, Hq, out, err)))
		return rc;
	if (mask & FZ_TF_PHOTO) {
		fz_img_synth_light(out, (float)unif(&st, 0.55, 0.8), (float)unif(&st, 1.0, 1.2),
				   fz_img_synth_rand(&st));
		fz_img_synth_blur(out, 0.8f);
		fz_img_synth_noise(out, 4, fz_img_synth_rand(&st));
	}
	if (mask & FZ_TF_BLUR)
		fz_img_synth_blur(out, (float)unif(&st, 1.0, 2.0));
	if (mask & FZ_TF_NOISE)
		fz_img_synth_noise(out, (float)unif(&st, 8, 15), fz_img_synth_rand(&st));
	if ((mask & (FZ_TF_JPEG | FZ_TF_PHOTO)) &&
	    (rc = fz_img_synth_jpeg(out, mask & FZ_TF_JPEG ? irand(&st, 30, 60) : 80, err))) {
		fz_img_free(out);
		return rc;
	}
	return 0;
}
