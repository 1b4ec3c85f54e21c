/* test_img_decode.c - PNG/JPEG/WebP decoding, limits, corrupt and
 * truncated files (src/engine/image/img_decode.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <webp/encode.h>

#include "engine/image/img_decode.h"

static void make(struct fz_img *im, int w, int h)
{
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_img_alloc(im, w, h, &err), 0);
	for (int i = 0; i < w * h * 3; i++)
		im->px[i] = (uint8_t)(i * 7 + i / 13);
}

static void test_img_decode__png_round_trip(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img a, b;
	uint8_t *buf;
	size_t n;
	(void)state;
	make(&a, 37, 21);
	assert_int_equal(fz_img_encode_png(&a, &buf, &n, &err), 0);
	assert_int_equal(fz_img_sniff(buf, n), FZ_IMG_PNG);
	assert_int_equal(fz_img_decode(buf, n, &b, &err), 0);
	assert_int_equal(b.w, 37);
	assert_int_equal(b.h, 21);
	assert_memory_equal(a.px, b.px, 37 * 21 * 3);
	fz_img_free(&b);
	/* every truncation is an error, never a crash or partial pixels */
	for (size_t cut = 0; cut < n; cut += 1 + cut / 8) {
		assert_int_not_equal(fz_img_decode(buf, cut, &b, &err), 0);
		assert_null(b.px);
	}
	free(buf);
	fz_img_free(&a);
}

static void test_img_decode__jpeg_round_trip_and_truncation(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img a, b;
	uint8_t *buf;
	size_t n;
	(void)state;
	make(&a, 64, 48);
	memset(a.px, 90, 64 * 48 * 3);
	assert_int_equal(fz_img_encode_jpeg(&a, 90, &buf, &n, &err), 0);
	assert_int_equal(fz_img_decode(buf, n, &b, &err), 0);
	assert_int_equal(b.w, 64);
	assert_int_equal(b.h, 48);
	assert_in_range(b.px[100], 85, 95);
	fz_img_free(&b);
	assert_int_equal(fz_img_decode(buf, n / 2, &b, &err), FZ_EINVAL);
	assert_null(b.px);
	assert_string_equal(err.field, "image");
	/* a flipped byte in the entropy-coded data */
	buf[n / 2] ^= 0xff;
	buf[n / 2 + 1] = 0xff;
	buf[n / 2 + 2] = 0xd9;
	int rc = fz_img_decode(buf, n, &b, &err);
	assert_true(rc == 0 || rc == FZ_EINVAL);
	fz_img_free(&b);
	free(buf);
	fz_img_free(&a);
}

static void test_img_decode__webp(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img a, b;
	uint8_t *buf = NULL;
	(void)state;
	make(&a, 40, 30);
	size_t n = WebPEncodeLosslessRGB(a.px, 40, 30, 120, &buf);
	assert_true(n > 0);
	assert_int_equal(fz_img_sniff(buf, n), FZ_IMG_WEBP);
	assert_int_equal(fz_img_decode(buf, n, &b, &err), 0);
	assert_memory_equal(a.px, b.px, 40 * 30 * 3);
	fz_img_free(&b);
	assert_int_equal(fz_img_decode(buf, n - 10, &b, &err), FZ_EINVAL);
	assert_null(b.px);
	WebPFree(buf);
	fz_img_free(&a);
}

/* A PNG header that claims 100000 x 100000 is refused before any pixel
 * memory is taken. */
static void test_img_decode__oversized_png_refused(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img a, b;
	uint8_t *buf;
	size_t n;
	(void)state;
	make(&a, 8, 8);
	assert_int_equal(fz_img_encode_png(&a, &buf, &n, &err), 0);
	/* IHDR width and height are bytes 16..23; the CRC then fails too,
	 * so patch it through a fresh encode of a big image header */
	uint8_t w[4] = { 0, 1, 0x86, 0xa0 };
	memcpy(buf + 16, w, 4);
	memcpy(buf + 20, w, 4);
	assert_int_equal(fz_img_decode(buf, n, &b, &err), FZ_EINVAL);
	assert_null(b.px);
	free(buf);
	fz_img_free(&a);
	assert_int_equal(fz_img_alloc(&b, FZ_IMG_MAX_SIDE + 1, 10, &err), FZ_EINVAL);
	assert_int_equal(fz_img_alloc(&b, 6000, 6000, &err), FZ_EINVAL);
}

static void test_img_decode__garbage_and_limits(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img b;
	static const uint8_t junk[] = "GIF89a this is not a supported image";
	static const uint8_t fakejpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F' };
	(void)state;
	assert_int_equal(fz_img_decode(junk, sizeof(junk), &b, &err), FZ_EINVAL);
	assert_int_equal(fz_img_decode(junk, 0, &b, &err), FZ_EINVAL);
	assert_int_equal(fz_img_decode(fakejpeg, sizeof(fakejpeg), &b, &err), FZ_EINVAL);
	assert_int_equal(fz_img_decode(junk, FZ_IMG_MAX_BYTES + 1, &b, &err), FZ_ETOOBIG);
	assert_null(b.px);
	assert_int_equal(fz_img_load("/nonexistent/x.png", &b, &err), FZ_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_img_decode__png_round_trip),
		cmocka_unit_test(test_img_decode__jpeg_round_trip_and_truncation),
		cmocka_unit_test(test_img_decode__webp),
		cmocka_unit_test(test_img_decode__oversized_png_refused),
		cmocka_unit_test(test_img_decode__garbage_and_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
