/* test_img_desc.c - descriptor invariances and the hard negative
 * (src/engine/image/img_desc.c), on small designs from img_synth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "engine/image/img_desc.h"
#include "engine/image/img_synth.h"

#define SIDE 160

static void describe(const struct fz_img *im, struct fz_img_desc *d)
{
	struct fz_err err = FZ_ERR_INIT;
	if (fz_img_describe(im, d, &err))
		fail_msg("describe: %s", err.msg);
}

static struct fz_img_query qa, qb; /* large: not on the stack */

static void readings(const struct fz_img *im, struct fz_img_query *q)
{
	struct fz_err err = FZ_ERR_INIT;
	if (fz_img_describe_query(im, q, &err))
		fail_msg("describe: %s", err.msg);
}

/* 图样比对 as the API scores it: every reading of both sides. */
static float compare(const struct fz_img *a, const struct fz_img *b, struct fz_img_match *m)
{
	struct fz_img_match mm;
	readings(a, &qa);
	readings(b, &qb);
	fz_img_compare(&qa, &qb, m ? m : &mm);
	return m ? m->score : mm.score;
}

static float copy_score(int family, uint32_t seed, unsigned mask)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	struct fz_img ref, q;
	fz_img_synth_design(&s, family, seed, 4, seed + 1);
	assert_int_equal(fz_img_synth_reference(&s, SIDE, &ref, &err), 0);
	assert_int_equal(fz_img_synth_copy(&s, SIDE, mask, seed * 31 + mask, &q, &err), 0);
	float sc = compare(&q, &ref, NULL);
	fz_img_free(&ref);
	fz_img_free(&q);
	return sc;
}

/* Every single transformation of the issue keeps a floral design 相同. */
static void test_img_desc__each_transformation_stays_same(void **state)
{
	(void)state;
	for (int t = 0; t < FZ_TF_COUNT; t++) {
		float s = copy_score(FZ_SYNTH_FLORAL, 3, 1u << t);
		if (s < fz_img_same_threshold)
			fail_msg("%s: score %.3f below 相同 %.2f", fz_img_synth_tf_names[t],
				 s, fz_img_same_threshold);
	}
}

/* Recolouring, the most common copy, in every family, several designs
 * each (houndstooth included: the readings at other lattice multiples
 * cover the half-repeat its twill check sometimes shows). */
static void test_img_desc__recolour_across_families(void **state)
{
	(void)state;
	for (int f = 0; f < FZ_SYNTH_NFAMILIES; f++)
		for (uint32_t seed = 5; seed < 8; seed++) {
			float s = copy_score(f, seed, FZ_TF_RECOLOUR);
			if (s < fz_img_similar_threshold)
				fail_msg("family %d seed %u: recolour score %.3f", f, seed, s);
		}
}

/* A copy showing many more, smaller repeats (a bolt of fabric photographed
 * from afar) scores as high as one at the registered scale: the tile is
 * sampled where one repeat has the same size in pixels.  Three designs in
 * this set of 27 are still missed (a dot grid whose vertical period is
 * read as four repeats, a stripe design read as an oblique lattice at
 * this small size; docs/pattern.md, known gaps): more is a regression. */
static void test_img_desc__many_repeats(void **state)
{
	(void)state;
	int bad = 0;
	for (int f = 0; f < FZ_SYNTH_NFAMILIES; f++)
		for (uint32_t seed = 9; seed < 12; seed++) {
			float s = copy_score(f, seed, FZ_TF_REPEATS);
			bad += s < fz_img_similar_threshold;
		}
	if (bad > 3)
		fail_msg("%d of 27 repeat views below 近似", bad);
}

/* 图样比对 is symmetric, and its alignment maps the first side's matched
 * tile onto the second's (the overlay and the side-by-side rely on it),
 * also when the match came through a reading of the second side. */
static void test_img_desc__compare_symmetric_and_aligned(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	struct fz_img ref, q;
	struct fz_img_match m1, m2;
	float ta[FZ_IMG_TILE_PX], tb[FZ_IMG_TILE_PX], tt[FZ_IMG_TILE_PX];
	(void)state;
	fz_img_synth_design(&s, FZ_SYNTH_PAISLEY, 4, 5, 6);
	assert_int_equal(fz_img_synth_reference(&s, SIDE, &ref, &err), 0);
	assert_int_equal(fz_img_synth_copy(&s, SIDE, FZ_TF_ROTATE | FZ_TF_MIRROR, 77, &q, &err), 0);
	float s1 = compare(&q, &ref, &m1);
	float s2 = compare(&ref, &q, &m2);
	fz_img_free(&ref);
	fz_img_free(&q);
	assert_true(fabsf(s1 - s2) < 1e-4f);
	assert_true(s1 >= fz_img_same_threshold);
	/* m2 is for (ref, q): qa holds ref's readings, qb q's */
	fz_img_tile_floats(&qa.v[m2.va], ta);
	fz_img_tile_floats(&qb.v[m2.vb], tb);
	fz_img_tile_transform(ta, m2.al.sym, m2.al.di, m2.al.dj, tt);
	double dot = 0;
	for (int i = 0; i < FZ_IMG_TILE_PX; i++)
		dot += (double)tt[i] * tb[i];
	if (dot < 0.5)
		fail_msg("aligned tiles correlate %.3f (score %.3f)", dot, s2);
}

/* The stored form of a query round-trips, and bytes of another length or
 * count are refused (the caller then describes the image again). */
static void test_img_desc__query_bytes(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	struct fz_img im;
	static struct fz_img_query back;
	(void)state;
	fz_img_synth_design(&s, FZ_SYNTH_DOTS, 2, 3, 5);
	assert_int_equal(fz_img_synth_reference(&s, SIDE, &im, &err), 0);
	readings(&im, &qa);
	fz_img_free(&im);
	assert_true(qa.n >= 1 && qa.n <= FZ_IMG_QVARS);
	size_t n = fz_img_query_size(&qa);
	assert_int_equal(fz_img_query_load(&qa, n, &back), 0);
	assert_int_equal(back.n, qa.n);
	assert_memory_equal(&back.v[0], &qa.v[0], sizeof(qa.v[0]));
	assert_int_equal(fz_img_query_load(&qa, n - 1, &back), FZ_EINVAL);
	assert_int_equal(fz_img_query_load(&qa, 2, &back), FZ_EINVAL);
	struct fz_img_query bad = qa;
	bad.n = FZ_IMG_QVARS + 1;
	assert_int_equal(fz_img_query_load(&bad, n, &back), FZ_EINVAL);
	bad = qa;
	bad.version = FZ_IMG_DESC_VERSION - 1; /* same size, older meaning */
	assert_int_equal(fz_img_query_load(&bad, n, &back), FZ_EINVAL);
}

/* A photo far larger than the work size: the lattice still comes back in
 * the photo's own pixels, and it matches the registered image. */
static void test_img_desc__large_image(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	struct fz_img big, ref;
	double H[9];
	(void)state;
	fz_img_synth_design(&s, FZ_SYNTH_DOTS, 2, 3, 5);
	s.aspect = 1.0f;
	fz_img_synth_view(H, 2000 / 2.2, 1.0);
	assert_int_equal(fz_img_synth_render(&s, 2000, 1500, H, &big, &err), 0);
	assert_int_equal(fz_img_synth_reference(&s, SIDE, &ref, &err), 0);
	readings(&big, &qa);
	float la = sqrtf(qa.v[0].a[0] * qa.v[0].a[0] + qa.v[0].a[1] * qa.v[0].a[1]);
	if (fabsf(la - 2000 / 2.2f) > 20)
		fail_msg("lattice %.1f px, want %.1f", la, 2000 / 2.2f);
	assert_int_equal(qa.v[0].w, 2000);
	float sc = compare(&big, &ref, NULL);
	fz_img_free(&big);
	fz_img_free(&ref);
	if (sc < fz_img_same_threshold)
		fail_msg("large photo scores %.3f", sc);
}

/* Combinations of two and three transformations stay at least 近似. */
static void test_img_desc__combinations_stay_similar(void **state)
{
	static const unsigned combo[] = {
		FZ_TF_RECOLOUR | FZ_TF_CROP, FZ_TF_RECOLOUR | FZ_TF_ROTATE,
		FZ_TF_SCALE | FZ_TF_MIRROR | FZ_TF_JPEG, FZ_TF_SHIFT | FZ_TF_NOISE,
	};
	(void)state;
	for (size_t i = 0; i < sizeof(combo) / sizeof(combo[0]); i++) {
		float s = copy_score(FZ_SYNTH_GEOMETRIC, 7, combo[i]);
		if (s < fz_img_similar_threshold)
			fail_msg("combo %#x: score %.3f", combo[i], s);
	}
}

/* Other designs of the same family in the same palette (the hard
 * negatives), houndstooth included: none reaches 相同, and at most one
 * pair in the 54 reaches 近似 (the calibration allows 1 %; a pair of
 * houndstooth designs with the same check and similar small motifs is
 * the one that comes closest here). */
static void test_img_desc__hard_negatives_stay_different(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int similar = 0;
	(void)state;
	for (int f = 0; f < FZ_SYNTH_NFAMILIES; f++)
		for (uint32_t k = 0; k < 6; k++) {
			struct fz_synth s1, s2;
			struct fz_img a, b;
			fz_img_synth_design(&s1, f, 11 + 2 * k, 3, 99 + k);
			fz_img_synth_design(&s2, f, 12 + 2 * k, 3, 99 + k);
			assert_memory_equal(s1.pal, s2.pal, sizeof(s1.pal));
			assert_int_equal(fz_img_synth_reference(&s1, SIDE, &a, &err), 0);
			assert_int_equal(fz_img_synth_reference(&s2, SIDE, &b, &err), 0);
			float s = compare(&a, &b, NULL);
			fz_img_free(&a);
			fz_img_free(&b);
			if (fz_img_decide(s) == FZ_IMG_SAME)
				fail_msg("family %d pair %u: hard negative scored %.3f (相同)", f,
					 k, s);
			similar += fz_img_decide(s) == FZ_IMG_SIMILAR;
		}
	if (similar > 1)
		fail_msg("%d of 54 hard negatives scored 近似", similar);
}

/* The decision names and thresholds are ordered. */
static void test_img_desc__decisions(void **state)
{
	(void)state;
	assert_true(fz_img_same_threshold > fz_img_similar_threshold);
	assert_int_equal(fz_img_decide(fz_img_same_threshold), FZ_IMG_SAME);
	assert_int_equal(fz_img_decide(fz_img_similar_threshold), FZ_IMG_SIMILAR);
	assert_int_equal(fz_img_decide(0.1f), FZ_IMG_DIFFERENT);
	assert_string_equal(fz_img_decision_name(FZ_IMG_SAME), "相同");
	assert_string_equal(fz_img_decision_name(FZ_IMG_SIMILAR), "近似");
	assert_string_equal(fz_img_decision_name(FZ_IMG_DIFFERENT), "不同");
}

/* A flat image has no structure: it matches nothing, not even itself. */
static void test_img_desc__flat_and_tiny(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img im;
	struct fz_img_desc d;
	(void)state;
	assert_int_equal(fz_img_alloc(&im, 64, 64, &err), 0);
	memset(im.px, 128, 64 * 64 * 3);
	describe(&im, &d);
	assert_true(d.flags & FZ_IMG_F_FLAT);
	assert_true(fz_img_score(&d, &d, NULL) == 0.0f);
	fz_img_free(&im);
	assert_int_equal(fz_img_alloc(&im, 8, 8, &err), 0);
	assert_int_equal(fz_img_describe(&im, &d, &err), FZ_EINVAL);
	assert_string_equal(err.field, "image");
	fz_img_free(&im);
}

/* The lattice found is the repeat the generator drew (side / 2.2 px). */
static void test_img_desc__finds_the_repeat(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	struct fz_img im;
	struct fz_img_desc d;
	(void)state;
	fz_img_synth_design(&s, FZ_SYNTH_DOTS, 2, 3, 5);
	s.aspect = 1.0f;
	assert_int_equal(fz_img_synth_reference(&s, SIDE, &im, &err), 0);
	describe(&im, &d);
	fz_img_free(&im);
	assert_true(d.flags & FZ_IMG_F_LATTICE);
	float la = sqrtf(d.a[0] * d.a[0] + d.a[1] * d.a[1]);
	float lb = sqrtf(d.b[0] * d.b[0] + d.b[1] * d.b[1]);
	if (fabsf(la - SIDE / 2.2f) > 2.0f || fabsf(lb - SIDE / 2.2f) > 2.0f)
		fail_msg("lattice %.2f x %.2f, want %.2f", la, lb, SIDE / 2.2f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_img_desc__each_transformation_stays_same),
		cmocka_unit_test(test_img_desc__recolour_across_families),
		cmocka_unit_test(test_img_desc__combinations_stay_similar),
		cmocka_unit_test(test_img_desc__many_repeats),
		cmocka_unit_test(test_img_desc__compare_symmetric_and_aligned),
		cmocka_unit_test(test_img_desc__query_bytes),
		cmocka_unit_test(test_img_desc__large_image),
		cmocka_unit_test(test_img_desc__hard_negatives_stay_different),
		cmocka_unit_test(test_img_desc__decisions),
		cmocka_unit_test(test_img_desc__flat_and_tiny),
		cmocka_unit_test(test_img_desc__finds_the_repeat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
