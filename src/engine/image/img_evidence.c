/* img_evidence.c - side-by-side and overlay evidence images (see
 * img_evidence.h). */
#include "engine/image/img_evidence.h"
#include "engine/image/img_local.h"

#include <math.h>
#include <string.h>

#define SIDE_H 360
#define GAP 12
#define CELL 6

static void put(struct fz_img *im, int x, int y, const uint8_t c[3])
{
	if (x < 0 || y < 0 || x >= im->w || y >= im->h)
		return;
	memcpy(im->px + ((size_t)y * im->w + x) * 3, c, 3);
}

static void line(struct fz_img *im, double x0, double y0, double x1, double y1,
		 const uint8_t c[3])
{
	int n = (int)(fabs(x1 - x0) + fabs(y1 - y0)) + 1;
	if (n > 100000)
		n = 100000;
	for (int i = 0; i <= n; i++) {
		double t = (double)i / n;
		int x = (int)lrint(x0 + t * (x1 - x0)), y = (int)lrint(y0 + t * (y1 - y0));
		for (int d = -1; d <= 1; d++) {
			put(im, x + d, y, c);
			put(im, x, y + d, c);
		}
	}
}

/* Outline the repeat at o spanned by a, b (source pixels of an image drawn
 * at offset ox scaled by s). */
static void outline(struct fz_img *im, int ox, double s, const float o[2],
		    const float a[2], const float b[2], const uint8_t c[3])
{
	double p[4][2] = { { o[0], o[1] }, { o[0] + a[0], o[1] + a[1] },
			   { o[0] + a[0] + b[0], o[1] + a[1] + b[1] },
			   { o[0] + b[0], o[1] + b[1] } };
	for (int i = 0; i < 4; i++) {
		int j = (i + 1) % 4;
		line(im, ox + p[i][0] * s, p[i][1] * s, ox + p[j][0] * s, p[j][1] * s, c);
	}
}

static void blit(struct fz_img *dst, int ox, const struct fz_img *src, int w, int h)
{
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int sx = (int)((long)x * src->w / w), sy = (int)((long)y * src->h / h);
			memcpy(dst->px + ((size_t)y * dst->w + ox + x) * 3,
			       src->px + ((size_t)sy * src->w + sx) * 3, 3);
		}
}

/* The scale and width of an image drawn at SIDE_H (as evidence_side). */
static void side_geom(const struct fz_img *im, double *s, int *w)
{
	*s = (double)SIDE_H / im->h;
	*w = (int)(im->w * *s) > 0 ? (int)(im->w * *s) : 1;
	if (*w > 4 * SIDE_H) {
		*w = 4 * SIDE_H;
		*s = (double)*w / im->w;
	}
}

void fz_img_evidence_mark(struct fz_img *side, const struct fz_img *a, const struct fz_img *b,
			  const struct fz_img_verdict *v, int q_is_a)
{
	static const uint8_t green[3] = { 20, 170, 60 };
	const struct fz_img *q = q_is_a ? a : b, *r = q_is_a ? b : a;
	double sa, sb;
	int wa, wb;
	if (v->inliers < FZ_IMG_LOCAL_MIN_INLIERS || v->qw < 1 || v->rw < 1)
		return;
	side_geom(a, &sa, &wa);
	side_geom(b, &sb, &wb);
	double qs = q_is_a ? sa : sb, rs = q_is_a ? sb : sa;
	int qo = q_is_a ? 0 : wa + GAP, ro = q_is_a ? wa + GAP : 0;
	/* box corners in the orientation frame the map starts from */
	double cx[4] = { v->qx[0], v->qx[1], v->qx[1], v->qx[0] };
	double cy[4] = { v->qy[0], v->qy[0], v->qy[1], v->qy[1] };
	double px[4], py[4], fq = (double)q->w / v->qw, fr = (double)r->w / v->rw;
	for (int k = 0; k < 4; k++) {
		px[k] = (v->a[0] * cx[k] + v->a[1] * cy[k] + v->a[2]) * fr;
		py[k] = (v->a[3] * cx[k] + v->a[4] * cy[k] + v->a[5]) * fr;
	}
	if (v->wrap) { /* the quadrilateral where its first corner lies in the design */
		double tx = floor(px[0] / r->w) * r->w, ty = floor(py[0] / r->h) * r->h;
		for (int k = 0; k < 4; k++) {
			px[k] -= tx;
			py[k] -= ty;
		}
	}
	for (int k = 0; k < 4; k++) {
		int j = (k + 1) % 4;
		double x0 = v->mirror ? v->qw - 1 - cx[k] : cx[k], x1 = v->mirror ? v->qw - 1 - cx[j] : cx[j];
		line(side, qo + x0 * fq * qs, cy[k] * fq * qs, qo + x1 * fq * qs, cy[j] * fq * qs, green);
		line(side, ro + px[k] * rs, py[k] * rs, ro + px[j] * rs, py[j] * rs, green);
	}
}

int fz_img_evidence_side(const struct fz_img *a, const struct fz_img_desc *da,
			 const struct fz_img *b, const struct fz_img_desc *db,
			 const struct fz_img_align *al, struct fz_img *out,
			 struct fz_err *err)
{
	static const uint8_t red[3] = { 230, 30, 30 }, blue[3] = { 20, 90, 230 };
	double sa = (double)SIDE_H / a->h, sb = (double)SIDE_H / b->h;
	int wa = (int)(a->w * sa) > 0 ? (int)(a->w * sa) : 1;
	int wb = (int)(b->w * sb) > 0 ? (int)(b->w * sb) : 1;
	int rc;
	if (wa > 4 * SIDE_H) { wa = 4 * SIDE_H; sa = (double)wa / a->w; }
	if (wb > 4 * SIDE_H) { wb = 4 * SIDE_H; sb = (double)wb / b->w; }
	if ((rc = fz_img_alloc(out, wa + GAP + wb, SIDE_H, err)))
		return rc;
	memset(out->px, 255, (size_t)out->w * out->h * 3);
	blit(out, 0, a, wa, (int)(a->h * sa));
	blit(out, wa + GAP, b, wb, (int)(b->h * sb));
	outline(out, 0, sa, da->origin, da->a, da->b, red);
	/* the query tile cell (0, 0) lands on cell (di, dj) of b's tile; the
	 * symmetry may also swap or flip the axes, so the outline in b is its
	 * repeat starting at that cell */
	float o[2] = { db->origin[0] + (al->dj + 0.5f) / FZ_IMG_TILE * db->a[0] +
			       (al->di + 0.5f) / FZ_IMG_TILE * db->b[0],
		       db->origin[1] + (al->dj + 0.5f) / FZ_IMG_TILE * db->a[1] +
			       (al->di + 0.5f) / FZ_IMG_TILE * db->b[1] };
	outline(out, wa + GAP, sb, db->origin, db->a, db->b, blue);
	outline(out, wa + GAP, sb, o, db->a, db->b, red);
	return 0;
}

int fz_img_evidence_overlay(const struct fz_img_desc *da,
			    const struct fz_img_desc *db,
			    const struct fz_img_align *al, struct fz_img *out,
			    struct fz_err *err)
{
	float ta[FZ_IMG_TILE_PX], tb[FZ_IMG_TILE_PX], al_a[FZ_IMG_TILE_PX];
	int n = FZ_IMG_TILE, side = 2 * n * CELL, rc;
	if ((rc = fz_img_alloc(out, side, side, err)))
		return rc;
	fz_img_tile_floats(da, ta);
	fz_img_tile_floats(db, tb);
	fz_img_tile_transform(ta, al->sym, al->di, al->dj, al_a);
	float ma = 1e-6f, mb = 1e-6f;
	for (int i = 0; i < n * n; i++) {
		if (al_a[i] > ma) ma = al_a[i];
		if (tb[i] > mb) mb = tb[i];
	}
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			int i = (y / CELL) % n, j = (x / CELL) % n;
			float r = al_a[i * n + j] / ma, g = tb[i * n + j] / mb;
			uint8_t *p = out->px + ((size_t)y * side + x) * 3;
			p[0] = (uint8_t)(r > 0 ? (r > 1 ? 255 : 255 * r) : 0);
			p[1] = (uint8_t)(g > 0 ? (g > 1 ? 255 : 255 * g) : 0);
			p[2] = 0;
		}
	return 0;
}
