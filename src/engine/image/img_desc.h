/* img_desc.h - colour-blind, repeat-aware descriptors of textile designs
 * and the score that compares two of them.
 *
 * A fabric design is a tile repeated on a lattice.  The descriptor finds
 * that lattice (autocorrelation of an edge map), samples the repeat unit
 * onto a canonical FZ_IMG_TILE x FZ_IMG_TILE grid along the lattice vectors
 * (averaging every whole repeat in view) and keeps:
 *  - tile: the canonical repeat of the edge map.  Sampling along the image's
 *    own lattice vectors makes it independent of scale, rotation, mirroring
 *    and perspective-free crops; only a cyclic shift and one of the 8
 *    symmetries of the square (which basis vector came first, and its sign)
 *    remain, and the exact score maximises over both;
 *  - glob: a short vector of the tile's Fourier magnitudes averaged over the
 *    8 symmetries, invariant to all of the above, for the fast first stage.
 * The edge map is built from gradients of every colour channel combined
 * through the structure tensor (orientation modulo 180 degrees), rescaled
 * by its own high percentile: recolouring a design into another colourway
 * moves no edge, so neither part changes. */
#ifndef FZ_ENGINE_IMAGE_IMG_DESC_H
#define FZ_ENGINE_IMAGE_IMG_DESC_H

#include <stdint.h>

#include "core/err.h"
#include "engine/image/img_decode.h"

#define FZ_IMG_TILE 32
#define FZ_IMG_TILE_PX (FZ_IMG_TILE * FZ_IMG_TILE)
#define FZ_IMG_GDIM 65
#define FZ_IMG_MIN_SIDE 16
/* Bump when descriptors change meaning without changing size (a new
 * reading, another repeat size): stored queries and index files of
 * another version are then described again / rebuilt (docs/pattern.md). */
#define FZ_IMG_DESC_VERSION 2
#define FZ_IMG_BDIM 164

enum {
	FZ_IMG_F_LATTICE = 1, /* a 2-D repeat was found */
	FZ_IMG_F_STRIPE = 2,  /* a 1-D repeat (stripes): b is a's normal */
	FZ_IMG_F_FLAT = 4     /* no structure at all: scores 0 with anything */
};

/* The descriptor of one image; plain data, safe to copy and to store. */
struct fz_img_desc {
	float glob[FZ_IMG_GDIM];    /* unit length */
	float bis[FZ_IMG_BDIM];     /* unit length (img_desc.c, bispectral) */
	int8_t tile[FZ_IMG_TILE_PX]; /* zero-mean canonical repeat, quantised */
	float a[2], b[2];           /* lattice vectors, source image pixels */
	float origin[2];            /* one lattice point, source pixels */
	uint32_t flags;             /* FZ_IMG_F_* */
	int32_t w, h;               /* source image size */
};

/* How two descriptors line up: the symmetry (0..7: bit 0 transpose, bit 1
 * flip rows, bit 2 flip columns, applied to the query tile) and the cyclic
 * shift, in tile cells, that gave the score. */
struct fz_img_align {
	float score;
	int sym, di, dj;
};

enum fz_img_decision { FZ_IMG_DIFFERENT = 0, FZ_IMG_SIMILAR = 1, FZ_IMG_SAME = 2 };

/* Score thresholds: see img_desc.c (calibration on the benchmark's hard
 * negatives, bench/pattern/README.md). */
extern const float fz_img_same_threshold;
extern const float fz_img_similar_threshold;

/* Describe im.  FZ_EINVAL when it is smaller than FZ_IMG_MIN_SIDE. */
int fz_img_describe(const struct fz_img *im, struct fz_img_desc *d,
		    struct fz_err *err);

/* A query image: its descriptor (v[0], the one an index would store) and
 * the same image read with other multiples of its lattice vectors
 * (img_desc.c, variant_scale), so that a query finds a registered design
 * whose repeat was read at a multiple or a fraction of its own. */
#define FZ_IMG_QVARS 10
struct fz_img_query {
	int32_t n, version;           /* version: FZ_IMG_DESC_VERSION */
	struct fz_img_desc v[FZ_IMG_QVARS];
};

int fz_img_describe_query(const struct fz_img *im, struct fz_img_query *q,
			  struct fz_err *err);

/* The stored form of a query: n, then its n readings (host order).
 * fz_img_query_load fails (FZ_EINVAL) on bytes of another length or
 * descriptor version, and the caller describes the image again. */
size_t fz_img_query_size(const struct fz_img_query *q);
int fz_img_query_load(const void *b, size_t len, struct fz_img_query *q);

/* A score reached through another reading than a query's first is
 * multiplied by this (img_desc.c). */
extern const float fz_img_variant_factor;

/* Fast first-stage similarity, in [-1, 1]: (1 - w) glob . glob + w bis . bis
 * with w = fz_img_bis_weight. */
extern const float fz_img_bis_weight;
float fz_img_glob_sim(const struct fz_img_desc *q, const struct fz_img_desc *r);

/* A query prepared for many exact scores (the spectra of its 8 symmetric
 * variants).  Plain data; fz_img_prepare cannot fail. */
struct fz_img_prep {
	float re[8][FZ_IMG_TILE_PX], im[8][FZ_IMG_TILE_PX];
	float elow;
	int flat;
	struct fz_img_desc q;
};

/* A reference's whitened spectrum, computed once and scored against
 * several prepared queries (the readings of one query). */
struct fz_img_spec {
	float re[FZ_IMG_TILE_PX], im[FZ_IMG_TILE_PX];
	float elow;
	int flat;
};
void fz_img_spectrum(const struct fz_img_desc *r, struct fz_img_spec *sp);

/* The exact score of a prepared query against a reference's spectrum
 * (r: the same reference), or with coarse != 0 a cheaper estimate from
 * the low frequencies only, for ranking a long list of candidates. */
float fz_img_score_spec(const struct fz_img_prep *p, const struct fz_img_spec *sp,
			const struct fz_img_desc *r, int coarse, struct fz_img_align *al);
void fz_img_prepare(const struct fz_img_desc *q, struct fz_img_prep *p);

/* Exact score of a prepared query against r: the highest normalised
 * cross-correlation of the canonical tiles over every cyclic shift and
 * symmetry, in [-1, 1], lowered when the two repeat lattices differ in
 * shape (side ratio, angle).  al (may be NULL) receives the alignment. */
float fz_img_score_prep(const struct fz_img_prep *p, const struct fz_img_desc *r,
			struct fz_img_align *al);

/* Same, unprepared (one comparison). */
float fz_img_score(const struct fz_img_desc *q, const struct fz_img_desc *r,
		   struct fz_img_align *al);

/* 图样比对 of two images given with all their readings: the best of a's
 * readings against b's first and of b's readings against a's first
 * (symmetric: compare(a, b) and compare(b, a) score the same).  va, vb:
 * the readings that matched (one of them 0); al aligns a->v[va]'s tile
 * onto b->v[vb]'s. */
struct fz_img_match {
	float score;
	struct fz_img_align al;
	int va, vb;
};
void fz_img_compare(const struct fz_img_query *a, const struct fz_img_query *b,
		    struct fz_img_match *m);

/* The decision a score calls for, and its Chinese name (相同/近似/不同). */
enum fz_img_decision fz_img_decide(float score);
const char *fz_img_decision_name(enum fz_img_decision d);

/* The canonical tile as floats (zero mean, unit norm), for evidence. */
void fz_img_tile_floats(const struct fz_img_desc *d, float *out);

/* Apply symmetry sym and cyclic shift (di, dj) to a tile (see align). */
void fz_img_tile_transform(const float *in, int sym, int di, int dj, float *out);

#endif
