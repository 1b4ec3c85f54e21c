/* img_decode.h - decode PNG, JPEG and WebP into 8-bit RGB, with limits,
 * and encode RGB back to PNG or JPEG (evidence images, the benchmark).
 *
 * Every decoder refuses input over FZ_IMG_MAX_BYTES, images wider or taller
 * than FZ_IMG_MAX_SIDE or holding more than FZ_IMG_MAX_PIXELS, and any
 * corrupt or truncated stream, with FZ_EINVAL (FZ_ETOOBIG for the byte
 * ceiling) and a Chinese message; never a crash, never partial pixels. */
#ifndef FZ_ENGINE_IMAGE_IMG_DECODE_H
#define FZ_ENGINE_IMAGE_IMG_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define FZ_IMG_MAX_BYTES ((size_t)32 << 20)
#define FZ_IMG_MAX_SIDE 8192
#define FZ_IMG_MAX_PIXELS ((size_t)24 << 20)

/* An RGB image: px holds w * h * 3 bytes, rows top to bottom. */
struct fz_img {
	int w, h;
	uint8_t *px;
};

enum fz_img_format { FZ_IMG_UNKNOWN = 0, FZ_IMG_PNG, FZ_IMG_JPEG, FZ_IMG_WEBP };

/* Sniff the format from the first bytes (magic numbers). */
enum fz_img_format fz_img_sniff(const void *data, size_t n);

/* Decode data (n bytes) into out (caller frees with fz_img_free).  On
 * failure out is left empty ({0, 0, NULL}) and err says why. */
int fz_img_decode(const void *data, size_t n, struct fz_img *out,
		  struct fz_err *err);

/* Read a whole file (at most FZ_IMG_MAX_BYTES) and decode it. */
int fz_img_load(const char *path, struct fz_img *out, struct fz_err *err);

/* Allocate a w x h image filled with zeros; FZ_EINVAL over the limits. */
int fz_img_alloc(struct fz_img *im, int w, int h, struct fz_err *err);

/* Free the pixels and leave im empty; im may already be empty. */
void fz_img_free(struct fz_img *im);

/* Copy im into out shrunk (area average, never enlarged) so that its
 * longer side is at most side pixels.  out is the caller's to free. */
int fz_img_fit(const struct fz_img *im, int side, struct fz_img *out,
	       struct fz_err *err);

/* Encode im as PNG (or JPEG at quality 1..100) into a malloc'd buffer
 * *out of *n bytes (caller frees).  FZ_EINVAL for an empty image. */
int fz_img_encode_png(const struct fz_img *im, uint8_t **out, size_t *n,
		      struct fz_err *err);
int fz_img_encode_jpeg(const struct fz_img *im, int quality, uint8_t **out,
		       size_t *n, struct fz_err *err);

/* Write bytes to path (create or truncate); FZ_EIO on failure. */
int fz_img_write_file(const char *path, const void *data, size_t n,
		      struct fz_err *err);

#endif
