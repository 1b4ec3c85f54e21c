/* test_img_local.c - local evidence (engine/image/img_local.h): a copy
 * is verified with its transform, a different design of the same family
 * and palette is not (its lattice is shared, its motifs are not) in any
 * family, the answer is the same every time, and the vote index finds the
 * copy's design among others. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/image/img_local.h"
#include "engine/image/img_synth.h"

static void render(int family, uint32_t seed, uint32_t palette, unsigned mask,
		   struct fz_img *im)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	fz_img_synth_design(&s, family, seed, 4, palette);
	if (mask)
		assert_int_equal(fz_img_synth_copy(&s, 256, mask, seed + 7, im, &err), 0);
	else
		assert_int_equal(fz_img_synth_reference(&s, 256, im, &err), 0);
}

static float verified(const struct fz_img *design, const struct fz_img *query,
		      struct fz_img_verdict *v)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_local *loc = malloc(sizeof(*loc));
	struct fz_img_lquery *lq = calloc(1, sizeof(*lq));
	assert_non_null(loc);
	assert_non_null(lq);
	assert_int_equal(fz_img_local_describe(design, loc, &err), 0);
	assert_int_equal(fz_img_local_query(query, lq, &err), 0);
	fz_img_local_verify(lq, loc, -1, v);
	fz_img_lquery_free(lq);
	free(lq);
	free(loc);
	return fz_img_fuse(0, v);
}

static void test_img_local__copy_verified_other_design_not(void **state)
{
	struct fz_img ref, copy, mirrored, other;
	struct fz_img_verdict v, w;
	(void)state;
	render(FZ_SYNTH_FLORAL, 11, 5, 0, &ref);
	render(FZ_SYNTH_FLORAL, 11, 5, FZ_TF_SCALE | FZ_TF_JPEG, &copy);
	render(FZ_SYNTH_FLORAL, 11, 5, FZ_TF_MIRROR, &mirrored);
	/* another design: same family, same palette */
	render(FZ_SYNTH_FLORAL, 12, 5, 0, &other);

	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_local *loc = malloc(sizeof(*loc));
	assert_non_null(loc);
	assert_int_equal(fz_img_local_describe(&ref, loc, &err), 0);
	assert_true(loc->n > 50);
	free(loc);
	assert_true(verified(&ref, &copy, &v) >= fz_img_match_similar);
	assert_true(v.inliers >= FZ_IMG_LOCAL_MIN_INLIERS);
	assert_true(v.regions >= 1 && v.cover > 0);
	assert_true(v.dense > 0.5f);
	/* the answer does not vary from one run to the next */
	verified(&ref, &copy, &w);
	assert_int_equal(w.inliers, v.inliers);
	assert_true(w.dense == v.dense);

	assert_true(verified(&ref, &mirrored, &v) >= fz_img_match_similar);
	assert_int_equal(v.mirror, 1);

	assert_true(verified(&ref, &other, &v) < fz_img_match_similar);
	/* the repeat alone (global score) never reaches 近似 */
	memset(&v, 0, sizeof(v));
	assert_true(fz_img_fuse(1.0f, &v) < fz_img_match_similar);
	fz_img_free(&ref);
	fz_img_free(&copy);
	fz_img_free(&mirrored);
	fz_img_free(&other);
}

/* A near-miss of every family (another design in the same palette,
 * seeds apart from the benchmark's) stays 不同 on local evidence, even
 * with the best repeat score beside it. */
static void test_img_local__near_miss_of_every_family_stays_different(void **state)
{
	(void)state;
	for (int fam = 0; fam < FZ_SYNTH_NFAMILIES; fam++)
		for (uint32_t k = 0; k < 2; k++) {
			struct fz_img a, b;
			struct fz_img_verdict v;
			uint32_t seed = 930000u + (uint32_t)fam * 100 + k;
			render(fam, seed, seed, 0, &a);
			render(fam, seed + 50, seed, 0, &b);
			float f = verified(&a, &b, &v);
			if (fz_img_fuse(1.0f, &v) >= fz_img_match_similar)
				fail_msg("family %d seed %u: %.2f (%d points)", fam, (unsigned)seed, f,
					 v.inliers);
			fz_img_free(&a);
			fz_img_free(&b);
		}
}

static const struct fz_img_local *get(const void *ctx, size_t slot)
{
	return &((const struct fz_img_local *)ctx)[slot];
}

static void test_img_local__votes_find_the_design(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_local *loc = calloc(6, sizeof(*loc));
	struct fz_img_lquery *lq = calloc(1, sizeof(*lq));
	struct fz_img_lvote *v;
	struct fz_img im;
	size_t slots[4];
	int votes[4], orient[4], n;
	(void)state;
	for (int i = 0; i < 6; i++) {
		render(i % 3 == 0 ? FZ_SYNTH_PAISLEY : i % 3 == 1 ? FZ_SYNTH_DAMASK : FZ_SYNTH_GEOMETRIC,
		       100 + (uint32_t)i, 3, 0, &im);
		assert_int_equal(fz_img_local_describe(&im, &loc[i], &err), 0);
		fz_img_free(&im);
	}
	assert_int_equal(fz_img_lvote_build(loc, get, 6, &v, &err), 0);
	assert_true(fz_img_lvote_bytes(v) > 0);
	render(FZ_SYNTH_DAMASK, 104, 3, FZ_TF_CROP, &im);
	assert_int_equal(fz_img_local_query(&im, lq, &err), 0);
	assert_int_equal(fz_img_lvote_query(v, lq, 4, slots, votes, orient, &n, &err), 0);
	assert_true(n >= 1);
	assert_int_equal(slots[0], 4);
	fz_img_free(&im);
	fz_img_lquery_free(lq);
	free(lq);
	fz_img_lvote_free(v);
	free(loc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_img_local__copy_verified_other_design_not),
		cmocka_unit_test(test_img_local__votes_find_the_design),
		cmocka_unit_test(test_img_local__near_miss_of_every_family_stays_different),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
