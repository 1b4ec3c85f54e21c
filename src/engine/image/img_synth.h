/* img_synth.h - synthetic textile designs and the copies infringers make
 * of them, for the unit tests, the benchmark (bench/pattern) and demos.
 *
 * A design is a label function on the unit torus (one seamless repeat):
 * families florals, paisley, plaid/tartan, stripes, dots, houndstooth,
 * chevrons, geometric and damask-like, 2-8 colours.  A view maps image
 * pixels to design coordinates through a homography, so crops, scales,
 * rotations, mirroring, shifts and perspective are exact; blur, noise,
 * uneven light and JPEG are applied to the pixels afterwards.  Everything
 * is deterministic in the seed. */
#ifndef FZ_ENGINE_IMAGE_IMG_SYNTH_H
#define FZ_ENGINE_IMAGE_IMG_SYNTH_H

#include <stdint.h>

#include "core/err.h"
#include "engine/image/img_decode.h"

enum fz_synth_family {
	FZ_SYNTH_FLORAL, FZ_SYNTH_PAISLEY, FZ_SYNTH_PLAID, FZ_SYNTH_STRIPES,
	FZ_SYNTH_DOTS, FZ_SYNTH_HOUNDSTOOTH, FZ_SYNTH_CHEVRON,
	FZ_SYNTH_GEOMETRIC, FZ_SYNTH_DAMASK, FZ_SYNTH_NFAMILIES
};

#define FZ_SYNTH_MAX_SHAPES 40
#define FZ_SYNTH_MAX_BANDS 12

struct fz_synth_shape {
	uint8_t kind, label; /* kind: 0 ellipse, 1 rectangle, 2 triangle, 3 petal */
	float cx, cy, rx, ry, ang;
};

/* A design: plain data. */
struct fz_synth {
	int family, ncol;
	uint8_t pal[8][3];
	float aspect;  /* repeat height / width */
	int nshapes, nbu, nbv;
	struct fz_synth_shape shape[FZ_SYNTH_MAX_SHAPES];
	float bu[FZ_SYNTH_MAX_BANDS], bv[FZ_SYNTH_MAX_BANDS]; /* band edges */
	uint8_t lu[FZ_SYNTH_MAX_BANDS], lv[FZ_SYNTH_MAX_BANDS];
	float amp, freq;
	/* a local edit: an ellipse of one colour over the design */
	int edited;
	struct fz_synth_shape edit;
};

/* Make design number seed of a family with ncol colours (2..8).  A palette
 * of its own comes from palette_seed, so two designs with the same
 * palette_seed share their colours (hard negatives). */
void fz_img_synth_design(struct fz_synth *s, int family, uint32_t seed,
			 int ncol, uint32_t palette_seed);

/* Replace the palette (recolouring into another colourway). */
void fz_img_synth_recolour(struct fz_synth *s, uint32_t palette_seed);

/* Paint a blob of one colour over part of the design (a motif removed or
 * replaced), about frac of the repeat's area. */
void fz_img_synth_edit(struct fz_synth *s, uint32_t seed, float frac);

/* Label (0..ncol-1) at design coordinates (u, v), in repeats. */
int fz_img_synth_label(const struct fz_synth *s, double u, double v);

/* Render a w x h view: pixel (x, y) shows design point H * (x, y, 1)
 * (homogeneous, row-major 3x3), with 2x2 supersampling. */
int fz_img_synth_render(const struct fz_synth *s, int w, int h, const double H[9],
			struct fz_img *out, struct fz_err *err);

/* The view of a reference: repeat width rep_px pixels, origin at (0, 0). */
void fz_img_synth_view(double H[9], double rep_px, double aspect);

/* Pixel effects, each deterministic in seed. */
void fz_img_synth_blur(struct fz_img *im, float sigma);
void fz_img_synth_noise(struct fz_img *im, float sigma, uint32_t seed);
void fz_img_synth_light(struct fz_img *im, float lo, float hi, uint32_t seed);
int fz_img_synth_jpeg(struct fz_img *im, int quality, struct fz_err *err);

/* The transformations a copier applies (bench/pattern measures recall per
 * each and on combinations; bits of a mask). */
enum fz_synth_tf {
	FZ_TF_RECOLOUR = 1 << 0, FZ_TF_CROP = 1 << 1, FZ_TF_SCALE = 1 << 2,
	FZ_TF_ROTATE = 1 << 3, FZ_TF_MIRROR = 1 << 4, FZ_TF_SHIFT = 1 << 5,
	FZ_TF_REPEATS = 1 << 6, FZ_TF_JPEG = 1 << 7, FZ_TF_BLUR = 1 << 8,
	FZ_TF_NOISE = 1 << 9, FZ_TF_PHOTO = 1 << 10, FZ_TF_EDIT = 1 << 11,
	FZ_TF_COUNT = 12
};

/* English names of the single transformations, indexed by bit number. */
extern const char *const fz_img_synth_tf_names[FZ_TF_COUNT];

/* The registered image of design s: side x side pixels, about 2.2 repeats
 * across. */
int fz_img_synth_reference(const struct fz_synth *s, int side, struct fz_img *out,
			   struct fz_err *err);

/* A copy of s's reference (same side) with the transformations in mask,
 * parameters drawn from seed. */
int fz_img_synth_copy(const struct fz_synth *s, int side, unsigned mask,
		      uint32_t seed, struct fz_img *out, struct fz_err *err);

/* out = a * b (3x3 row-major); out may not alias a or b. */
void fz_img_synth_mul(double out[9], const double a[9], const double b[9]);

/* A small PRNG (splitmix32-style) the generator and benchmark share. */
uint32_t fz_img_synth_rand(uint32_t *state);
double fz_img_synth_uniform(uint32_t *state); /* [0, 1) */

#endif
