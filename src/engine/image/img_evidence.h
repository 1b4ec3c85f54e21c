/* img_evidence.h - the pictures a court reads next to a comparison score.
 *
 *  - side by side: both images, scaled to one height, the repeat unit
 *    found in each outlined, and in the second image the repeat that lines
 *    up with the first one's outlined in the same colour;
 *  - overlay: the two canonical repeats after alignment, 2 x 2 repeats,
 *    the first image's edges in red, the second's in green: where the
 *    designs agree the picture is yellow. */
#ifndef FZ_ENGINE_IMAGE_IMG_EVIDENCE_H
#define FZ_ENGINE_IMAGE_IMG_EVIDENCE_H

#include "core/err.h"
#include "engine/image/img_decode.h"
#include "engine/image/img_desc.h"

/* Build the side-by-side image of a (described by da) and b (db) aligned
 * by al (from fz_img_score(da, db, al)).  out is the caller's to free. */
int fz_img_evidence_side(const struct fz_img *a, const struct fz_img_desc *da,
			 const struct fz_img *b, const struct fz_img_desc *db,
			 const struct fz_img_align *al, struct fz_img *out,
			 struct fz_err *err);

/* Draw on side (built by fz_img_evidence_side from a and b) what local
 * verification found (img_local.h): the box holding the agreeing
 * keypoints in the query and, in the design, the quadrilateral it maps
 * to, both in green.  q_is_a: the query is a (else b).  Nothing is drawn
 * without verified evidence. */
struct fz_img_verdict;
void fz_img_evidence_mark(struct fz_img *side, const struct fz_img *a, const struct fz_img *b,
			  const struct fz_img_verdict *v, int q_is_a);

/* Build the aligned overlay of the two canonical repeats. */
int fz_img_evidence_overlay(const struct fz_img_desc *da,
			    const struct fz_img_desc *db,
			    const struct fz_img_align *al, struct fz_img *out,
			    struct fz_err *err);

#endif
