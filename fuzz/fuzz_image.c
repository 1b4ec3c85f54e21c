/* fuzz_image.c - the image decoders' entry point (engine/image/img_decode.c)
 * and the descriptor behind it.
 * Invariants: fz_img_decode never crashes on any bytes; on failure the
 * image is left empty; on success the size is within the limits and,
 * when the image is big enough, it can be described and scores 1 or 0
 * (flat) against itself within float error.  The same bytes as a stored
 * query (fz_img_query_load) are refused unless their length fits the
 * count they give. */
// fuzz-sources: src/engine/image/img_decode.c src/engine/image/img_desc.c
// fuzz-sources: src/engine/image/img_fft.c src/core/err.c
// fuzz-sources: src/core/utf8.c
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/image/img_decode.h"
#include "engine/image/img_desc.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img im;
	struct fz_img_desc d;
	static struct fz_img_query q;
	if (fz_img_query_load(data, size, &q) == 0)
		FUZZ_ASSERT(q.n >= 1 && q.n <= FZ_IMG_QVARS && fz_img_query_size(&q) == size);
	if (fz_img_decode(data, size, &im, &err)) {
		FUZZ_ASSERT(im.px == NULL && im.w == 0 && im.h == 0);
		return 0;
	}
	FUZZ_ASSERT(im.w > 0 && im.h > 0 && im.w <= FZ_IMG_MAX_SIDE && im.h <= FZ_IMG_MAX_SIDE);
	FUZZ_ASSERT((size_t)im.w * im.h <= FZ_IMG_MAX_PIXELS);
	/* describing is slow on big images; the decoder is what is fuzzed */
	if ((size_t)im.w * im.h <= 512 * 512 && fz_img_describe(&im, &d, &err) == 0) {
		float s = fz_img_score(&d, &d, NULL);
		FUZZ_ASSERT(s == 0.0f || fabsf(s - 1.0f) < 0.02f);
	}
	fz_img_free(&im);
	return 0;
}
