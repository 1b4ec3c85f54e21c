/* img_local.h - local evidence: keypoints of a design, the registered
 * designs that share many of them, and the geometric verification that
 * says whether a query shows (part of) a registered design.
 *
 * The global descriptor (img_desc.h) reads a design's repeat as a whole;
 * it cannot see a crop, a photo of a fold or a tilted fabric, and it
 * cannot tell two designs apart that share one lattice.  Here a design is
 * a set of ORB keypoints (position, size, orientation, 256-bit
 * descriptor; detected by OpenCV in img_orb.cpp, everything else in C).
 * Two images match when many keypoint pairs agree on ONE transform
 * (scale, rotation, optional mirror, translation; refined to an affine
 * map), found by a Hough vote over the keypoints' own pose and a
 * deterministic RANSAC on the winning bins: the same input always gives
 * the same answer.  A registered design that is a seamless repeat tile is
 * described on its wrapped-around extension and matched on the torus
 * (positions modulo the tile), so a query showing another offset or
 * several repeats of the tile lines up with one transform. */
#ifndef FZ_ENGINE_IMAGE_IMG_LOCAL_H
#define FZ_ENGINE_IMAGE_IMG_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "engine/image/img_decode.h"
#include "engine/image/img_desc.h"

#define FZ_IMG_LOCAL_REF 256    /* keypoints kept for a registered design */
#define FZ_IMG_LOCAL_QUERY 600  /* for a query, per orientation */
#define FZ_IMG_LOCAL_SIDE 512   /* longest side the detector works on */

/* One keypoint: position in the detector's frame (the image brought to
 * FZ_IMG_LOCAL_SIDE), diameter in pixels, orientation in degrees
 * [0, 360), the ORB descriptor. */
struct fz_img_kp {
	float x, y, size, angle;
	uint64_t d[4];
};

/* The design's grey levels kept beside its keypoints, one pixel for
 * THUMB_STEP of the detector's frame: after the keypoints have found the
 * transform, the whole overlap is compared pixel by pixel (dense check),
 * which is what tells a copy from another design on the same lattice. */
#define FZ_IMG_THUMB_STEP 8
#define FZ_IMG_THUMB (FZ_IMG_LOCAL_SIDE / FZ_IMG_THUMB_STEP)

/* A registered design's keypoints: plain data, stored in the index. */
struct fz_img_local {
	int32_t n, w, h;  /* keypoints; the detector frame's size */
	int32_t wrap;     /* 1: a seamless tile, matched modulo (w, h) */
	int32_t tw, th;   /* thumbnail size: w, h / FZ_IMG_THUMB_STEP */
	uint8_t thumb[FZ_IMG_THUMB * FZ_IMG_THUMB];
	struct fz_img_kp kp[FZ_IMG_LOCAL_REF];
};

/* A query's keypoints, as it is ([0]) and mirrored left to right ([1],
 * positions in the mirrored frame): ORB is not mirror-invariant; and the
 * integral image of its grey frame for the dense check. */
struct fz_img_lquery {
	int32_t n[2], w, h;
	struct fz_img_kp kp[2][FZ_IMG_LOCAL_QUERY];
	uint32_t *sum;    /* (w + 1) x (h + 1) integral image; owned */
};
void fz_img_lquery_free(struct fz_img_lquery *q);

/* Describe a design to register: when it is a seamless tile (its edges
 * continue across the border) it is described wrapped around and
 * matched modulo its size. */
int fz_img_local_describe(const struct fz_img *im, struct fz_img_local *out,
			  struct fz_err *err);
/* Describe a query (both orientations). */
int fz_img_local_query(const struct fz_img *im, struct fz_img_lquery *out,
		       struct fz_err *err);

/* The verified match of a query with one design.  The map a takes a
 * query point (in the query's detector frame, mirrored first when
 * mirror) to the design's frame: x' = a0 x + a1 y + a2,
 * y' = a3 x + a4 y + a5 (modulo the tile when the design wraps). */
struct fz_img_verdict {
	int inliers;        /* keypoint pairs agreeing on the transform */
	int regions;        /* separate places (grid cells of the query) they lie in */
	float cover;        /* share of the query's area those cells cover */
	float scale, angle; /* of the transform; angle in degrees */
	int mirror;
	float a[6];
	float qx[2], qy[2]; /* the inliers' bounding box in the query's frame */
	float dense;        /* correlation ratio of the aligned overlap, [0, 1] */
	int samples;        /* overlap points it was computed on */
	int qw, qh, rw, rh; /* the two detector frames' sizes */
	int wrap;           /* the design is matched modulo its size */
};

/* Verify query q against design r; orient: 0 or 1 test that orientation
 * only, -1 both (the better is kept). */
void fz_img_local_verify(const struct fz_img_lquery *q, const struct fz_img_local *r,
			 int orient, struct fz_img_verdict *v);

/* 图样比对 of two images: a as the query and b as the design, then the
 * reverse; the way with the stronger evidence is kept in v, and *q_is_a
 * says which (so compare(a, b) and compare(b, a) agree). */
int fz_img_local_compare(const struct fz_img *a, const struct fz_img *b,
			 struct fz_img_verdict *v, int *q_is_a, struct fz_err *err);

/* The fewest inliers that count as local evidence at all. */
#define FZ_IMG_LOCAL_MIN_INLIERS 8

/* The score of a query against a design from both kinds of evidence, in
 * [0, 1): the local score dense * (1 - e^(-inliers/20)) when at least
 * FZ_IMG_LOCAL_MIN_INLIERS pairs agree, else 0; the global score (the
 * repeat's correlation, img_desc.h) counts at half weight, so that
 * without local evidence no design reaches 近似.  The thresholds on it
 * come from the calibration in bench/pattern (docs/pattern.md) and are
 * stated with the false-positive rate they were set for. */
float fz_img_fuse(float global, const struct fz_img_verdict *v);
extern const float fz_img_match_same;
extern const float fz_img_match_similar;
enum fz_img_decision fz_img_match_decide(float fused);

/* A vote index over the keypoints of many designs (locality-sensitive
 * hashing of the descriptors): which designs share the most keypoints
 * with a query, without comparing it with each.  get(ctx, slot) returns
 * design slot's keypoints.  Read-only after build: threads may query it
 * at once. */
struct fz_img_lvote;
typedef const struct fz_img_local *(*fz_img_local_get)(const void *ctx, size_t slot);
int fz_img_lvote_build(const void *ctx, fz_img_local_get get, size_t n,
		       struct fz_img_lvote **out, struct fz_err *err);
void fz_img_lvote_free(struct fz_img_lvote *v);
size_t fz_img_lvote_bytes(const struct fz_img_lvote *v);

/* The k designs with the most votes, best first: slots[i], votes[i] and
 * orient[i] (the query orientation that gave them); *n receives how many
 * (designs with at least two votes). */
int fz_img_lvote_query(const struct fz_img_lvote *v, const struct fz_img_lquery *q,
		       int k, size_t *slots, int *votes, int *orient, int *n,
		       struct fz_err *err);

/* For img_orb.cpp: detect at most maxkp ORB keypoints in the 8-bit grey
 * image g (w x h, row stride w); with wrap, the image is a seamless tile
 * and is detected on its wrapped extension (keypoints lie inside it).
 * Returns how many, or -1 when the detector failed. */
#ifdef __cplusplus
extern "C" {
#endif
int fz_img_orb_detect(const uint8_t *g, int w, int h, int wrap, int maxkp,
		      struct fz_img_kp *out);
#ifdef __cplusplus
}
#endif

#endif
