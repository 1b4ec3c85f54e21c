/* test_img_evidence.c - the court's pictures (src/engine/image/
 * img_evidence.c) and the generator they are tested on
 * (src/engine/image/img_synth.c): the side-by-side holds both images and
 * the outlined repeats, the overlay of a copy agrees (yellow) far more
 * than that of another design, and a rendered design repeats exactly and
 * is the same for the same seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/image/img_evidence.h"
#include "engine/image/img_synth.h"

#define SIDE 160

static struct fz_img_query qa, qb;

static void view(int family, uint32_t seed, unsigned mask, struct fz_img *im)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	fz_img_synth_design(&s, family, seed, 4, seed + 1);
	if (mask)
		assert_int_equal(fz_img_synth_copy(&s, SIDE, mask, seed, im, &err), 0);
	else
		assert_int_equal(fz_img_synth_reference(&s, SIDE, im, &err), 0);
}

static int count_px(const struct fz_img *im, int x0, int x1, const uint8_t c[3])
{
	int n = 0;
	for (int y = 0; y < im->h; y++)
		for (int x = x0; x < x1; x++)
			n += !memcmp(im->px + ((size_t)y * im->w + x) * 3, c, 3);
	return n;
}

/* Share of overlay pixels where both edge maps are strong (yellow). */
static double agree(const struct fz_img *a, const struct fz_img *b)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_match m;
	struct fz_img ov;
	int both = 0, any = 0;
	assert_int_equal(fz_img_describe_query(a, &qa, &err), 0);
	assert_int_equal(fz_img_describe_query(b, &qb, &err), 0);
	fz_img_compare(&qa, &qb, &m);
	assert_int_equal(fz_img_evidence_overlay(&qa.v[m.va], &qb.v[m.vb], &m.al, &ov, &err), 0);
	assert_int_equal(ov.w, 2 * FZ_IMG_TILE * 6);
	for (size_t i = 0; i < (size_t)ov.w * ov.h; i++) {
		const uint8_t *p = ov.px + i * 3;
		both += p[0] > 100 && p[1] > 100;
		any += p[0] > 100 || p[1] > 100;
	}
	fz_img_free(&ov);
	return any ? (double)both / any : 0;
}

static void test_img_evidence__side_by_side(void **state)
{
	static const uint8_t red[3] = { 230, 30, 30 }, blue[3] = { 20, 90, 230 };
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img a, b, side;
	struct fz_img_match m;
	(void)state;
	view(FZ_SYNTH_FLORAL, 3, 0, &a);
	view(FZ_SYNTH_FLORAL, 3, FZ_TF_RECOLOUR | FZ_TF_CROP, &b);
	assert_int_equal(fz_img_describe_query(&a, &qa, &err), 0);
	assert_int_equal(fz_img_describe_query(&b, &qb, &err), 0);
	fz_img_compare(&qa, &qb, &m);
	assert_int_equal(fz_img_evidence_side(&a, &qa.v[m.va], &b, &qb.v[m.vb], &m.al, &side,
					      &err), 0);
	/* both scaled to one height, a gap between */
	int wa = (int)(a.w * (360.0 / a.h)), wb = (int)(b.w * (360.0 / b.h));
	assert_int_equal(side.h, 360);
	assert_int_equal(side.w, wa + 12 + wb);
	/* the first image's repeat in red; in the second, its own repeat in
	 * blue and the aligned one in red */
	assert_true(count_px(&side, 0, wa, red) > 100);
	assert_true(count_px(&side, wa + 12, side.w, blue) > 100);
	assert_true(count_px(&side, wa + 12, side.w, red) > 100);
	fz_img_free(&side);
	fz_img_free(&a);
	fz_img_free(&b);
}

static void test_img_evidence__overlay_agrees_for_a_copy(void **state)
{
	struct fz_img a, c, o;
	(void)state;
	view(FZ_SYNTH_GEOMETRIC, 7, 0, &a);
	view(FZ_SYNTH_GEOMETRIC, 7, FZ_TF_RECOLOUR | FZ_TF_MIRROR, &c);
	view(FZ_SYNTH_GEOMETRIC, 8, 0, &o);
	double copy = agree(&c, &a), other = agree(&o, &a);
	if (!(copy > 0.5 && copy > other + 0.15))
		fail_msg("agreement: copy %.2f, other design %.2f", copy, other);
	fz_img_free(&a);
	fz_img_free(&c);
	fz_img_free(&o);
}

/* A design rendered with a repeat of exactly 64 px shows the same pixel
 * 64 px on (seamless), and the same seed renders the same pixels. */
static void test_img_synth__seamless_and_deterministic(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s, t;
	struct fz_img a, b;
	double H[9];
	(void)state;
	for (int f = 0; f < FZ_SYNTH_NFAMILIES; f++) {
		fz_img_synth_design(&s, f, 40u + (uint32_t)f, 5, 9);
		fz_img_synth_design(&t, f, 40u + (uint32_t)f, 5, 9);
		assert_memory_equal(&s, &t, sizeof(s));
		s.aspect = 1.0f;
		fz_img_synth_view(H, 64, 1.0);
		assert_int_equal(fz_img_synth_render(&s, 128, 128, H, &a, &err), 0);
		assert_int_equal(fz_img_synth_render(&s, 128, 128, H, &b, &err), 0);
		assert_memory_equal(a.px, b.px, (size_t)128 * 128 * 3);
		int differ = 0;
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++)
				differ += memcmp(a.px + ((size_t)y * 128 + x) * 3,
						 a.px + ((size_t)(y + 64) * 128 + x + 64) * 3, 3) != 0;
		if (differ > 64 * 64 / 100)
			fail_msg("family %d: %d of 4096 pixels differ one repeat on", f, differ);
		fz_img_free(&a);
		fz_img_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_img_evidence__side_by_side),
		cmocka_unit_test(test_img_evidence__overlay_agrees_for_a_copy),
		cmocka_unit_test(test_img_synth__seamless_and_deterministic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
