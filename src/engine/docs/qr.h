/* qr.h - QR codes (ISO/IEC 18004) for 行政行为码 and document links, with
 * libqrencode: the module matrix, and PNG and SVG images of it. */
#ifndef FZ_ENGINE_QR_H
#define FZ_ENGINE_QR_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* Error-correction levels (ISO/IEC 18004: about 7, 15, 25, 30 % of the
 * codewords may be restored). */
enum fz_qr_ecc { FZ_QR_L, FZ_QR_M, FZ_QR_Q, FZ_QR_H };

#define FZ_QR_TEXT_MAX 1024   /* we encode URLs and tokens, never documents */
#define FZ_QR_QUIET 4         /* quiet zone, modules (ISO/IEC 18004 7.3.7) */

/* A QR symbol: width x width modules, row-major, 1 = dark. */
struct fz_qr {
	int version;              /* 1..40; width = 17 + 4 * version */
	int width;
	unsigned char *modules;   /* width * width bytes, 0 or 1 */
};

/* Encode UTF-8 text (1..FZ_QR_TEXT_MAX bytes) in the smallest version that
 * holds it at level ecc, as byte/alphanumeric/numeric segments as
 * libqrencode chooses (case kept).  *out is the caller's (fz_qr_free).
 * FZ_EINVAL for empty or too-long text or a bad level; FZ_ENOMEM. */
int fz_qr_encode(struct fz_qr **out, const char *text, enum fz_qr_ecc ecc,
		 struct fz_err *err);

void fz_qr_free(struct fz_qr *q);

/* 1 when module (x, y) is dark; 0 when light or outside the symbol. */
int fz_qr_dark(const struct fz_qr *q, int x, int y);

/* Append a PNG (8-bit greyscale, black on white) of q with scale pixels
 * per module (1..64) and FZ_QR_QUIET modules of white around it.  0,
 * FZ_EINVAL for a bad scale, FZ_ENOMEM/FZ_ETOOBIG from out, FZ_EINTERNAL
 * when libpng fails. */
int fz_qr_png(const struct fz_qr *q, int scale, struct fz_buf *out,
	      struct fz_err *err);

/* Append a standalone SVG of q: viewBox in modules with the quiet zone, a
 * white background rect and one black <path> of horizontal runs
 * ("M x y h n v 1 h -n z" per run); size_mm sets width and height
 * (0 = no size: the SVG scales to its box).  0 or out's error. */
int fz_qr_svg(const struct fz_qr *q, int size_mm, struct fz_buf *out,
	      struct fz_err *err);

#endif
