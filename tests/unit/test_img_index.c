/* test_img_index.c - the on-disk pattern index: persistence across a
 * restart, incremental adds, a torn tail, top-K order
 * (src/engine/image/img_index.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/image/img_index.h"
#include "engine/image/img_desc.h"
#include "engine/image/img_synth.h"

static char dir[96];

static void desc_of(int family, uint32_t seed, unsigned mask, struct fz_img_desc *d)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	struct fz_img im;
	fz_img_synth_design(&s, family, seed, 3, seed);
	if (mask)
		assert_int_equal(fz_img_synth_copy(&s, 128, mask, seed, &im, &err), 0);
	else
		assert_int_equal(fz_img_synth_reference(&s, 128, &im, &err), 0);
	assert_int_equal(fz_img_describe(&im, d, &err), 0);
	fz_img_free(&im);
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	char base[64];
	snprintf(base, sizeof(base), "%s/fz-test-imgix-XXXXXX", tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(base))
		return -1;
	/* the index is made inside the fresh directory */
	snprintf(dir, sizeof(dir), "%.48s/ix", base);
	return 0;
}

static int teardown(void **state)
{
	char p[128];
	(void)state;
	snprintf(p, sizeof(p), "%s/%s", dir, FZ_IMG_INDEX_FILE);
	unlink(p);
	rmdir(dir);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
	return 0;
}

static void test_img_index__survives_restart_and_finds_copy(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_index *ix;
	struct fz_img_desc d, q;
	struct fz_img_hit hits[5];
	int n;
	(void)state;
	assert_int_equal(fz_img_index_open(dir, 1, &ix, &err), 0);
	for (int i = 0; i < 6; i++) {
		desc_of(i % 3 == 0 ? FZ_SYNTH_FLORAL : FZ_SYNTH_GEOMETRIC, (uint32_t)i + 1, 0, &d);
		assert_int_equal(fz_img_index_add(ix, 100 + i, &d, NULL, &err), 0);
	}
	assert_int_equal(fz_img_index_count(ix), 6);
	fz_img_index_close(ix);

	/* a restart: a new reader sees every record */
	assert_int_equal(fz_img_index_open(dir, 0, &ix, &err), 0);
	assert_int_equal(fz_img_index_count(ix), 6);
	desc_of(FZ_SYNTH_GEOMETRIC, 5, FZ_TF_RECOLOUR | FZ_TF_ROTATE, &q);
	assert_int_equal(fz_img_index_search(ix, &q, 5, 0, hits, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(hits[0].id, 104);
	for (int i = 1; i < n; i++)
		assert_true(hits[i - 1].score >= hits[i].score);
	assert_int_equal(fz_img_index_add(ix, 1, &q, NULL, &err), FZ_ESTATE);
	assert_int_equal(fz_img_index_search(ix, &q, 0, 0, hits, &n, &err), FZ_EINVAL);
	fz_img_index_close(ix);
}

static void test_img_index__torn_tail_and_bad_file(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_index *ix;
	struct fz_img_desc d;
	char p[128];
	FILE *f;
	(void)state;
	snprintf(p, sizeof(p), "%s/%s", dir, FZ_IMG_INDEX_FILE);
	f = fopen(p, "ab");
	assert_non_null(f);
	fputs("half a record", f); /* a crash in the middle of an append */
	fclose(f);
	assert_int_equal(fz_img_index_open(dir, 0, &ix, &err), 0);
	assert_int_equal(fz_img_index_count(ix), 6);
	fz_img_index_close(ix);
	assert_int_equal(fz_img_index_open(dir, 1, &ix, &err), 0);
	desc_of(FZ_SYNTH_DOTS, 9, 0, &d);
	assert_int_equal(fz_img_index_add(ix, 7, &d, NULL, &err), 0);
	assert_int_equal(fz_img_index_count(ix), 7);
	int64_t id = 0;
	assert_non_null(fz_img_index_get(ix, 6, &id));
	assert_int_equal(id, 7);
	assert_null(fz_img_index_get(ix, 7, &id));
	fz_img_index_close(ix);

	/* a file of the same layout written by another descriptor version */
	f = fopen(p, "r+b");
	assert_non_null(f);
	uint32_t old = FZ_IMG_DESC_VERSION - 1;
	assert_int_equal(fseek(f, 8 + 4 * 4, SEEK_SET), 0);
	assert_int_equal(fwrite(&old, sizeof(old), 1, f), 1);
	fclose(f);
	assert_int_equal(fz_img_index_open(dir, 0, &ix, &err), FZ_EINVAL);
	assert_null(ix);

	f = fopen(p, "r+b");
	assert_non_null(f);
	fputs("NOTANIDX", f);
	fclose(f);
	assert_int_equal(fz_img_index_open(dir, 0, &ix, &err), FZ_EINVAL);
	assert_null(ix);
	assert_int_equal(fz_img_index_open("/nonexistent/dir", 0, &ix, &err), FZ_ENOTFOUND);
}

/* Many records added in one call, then the index rebuilt from a subset
 * (what a descriptor upgrade or `fazhi pattern reindex` does): the new
 * file holds exactly the subset; a threaded search answers exactly as a
 * single-threaded one. */
static void test_img_index__add_many_rebuild_threads(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_index *ix;
	static struct fz_img_desc d[24];
	static struct fz_img_query q;
	int64_t ids[24];
	struct fz_img_hit h1[8], h2[8];
	int n1, n2;
	(void)state;
	char p[128];
	for (int i = 0; i < 24; i++) {
		desc_of(i % FZ_SYNTH_NFAMILIES, 40u + (uint32_t)i, 0, &d[i]);
		ids[i] = 1000 + i;
	}
	/* the previous test left a broken file: a writer refuses it */
	assert_int_equal(fz_img_index_open(dir, 1, &ix, &err), FZ_EINVAL);
	snprintf(p, sizeof(p), "%s/%s", dir, FZ_IMG_INDEX_FILE);
	unlink(p);
	assert_int_equal(fz_img_index_open(dir, 1, &ix, &err), 0);
	size_t before = fz_img_index_count(ix);
	assert_int_equal(fz_img_index_add_many(ix, ids, d, NULL, 24, &err), 0);
	assert_int_equal(fz_img_index_count(ix), before + 24);
	fz_img_index_close(ix);

	assert_int_equal(fz_img_index_rebuild(dir, ids + 4, d + 4, NULL, 20, &err), 0);
	assert_int_equal(fz_img_index_open(dir, 0, &ix, &err), 0);
	assert_int_equal(fz_img_index_count(ix), 20);
	int64_t id = 0;
	assert_non_null(fz_img_index_get(ix, 0, &id));
	assert_int_equal(id, 1004);

	/* the query: a recoloured, rotated copy of record 1009's design */
	struct fz_synth s;
	struct fz_img im;
	fz_img_synth_design(&s, 9 % FZ_SYNTH_NFAMILIES, 49, 3, 49);
	assert_int_equal(fz_img_synth_copy(&s, 128, FZ_TF_RECOLOUR | FZ_TF_ROTATE, 3, &im, &err), 0);
	assert_int_equal(fz_img_describe_query(&im, &q, &err), 0);
	fz_img_free(&im);
	fz_img_index_set_threads(1);
	assert_int_equal(fz_img_index_search_query(ix, &q, 8, 12, h1, &n1, &err), 0);
	fz_img_index_set_threads(3);
	assert_int_equal(fz_img_index_search_query(ix, &q, 8, 12, h2, &n2, &err), 0);
	fz_img_index_set_threads(0);
	assert_int_equal(n1, 8);
	assert_int_equal(n2, 8);
	assert_int_equal(h1[0].id, 1009);
	for (int i = 0; i < n1; i++) {
		assert_int_equal(h1[i].id, h2[i].id);
		assert_true(h1[i].score == h2[i].score);
	}
	fz_img_index_close(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_img_index__survives_restart_and_finds_copy),
		cmocka_unit_test(test_img_index__torn_tail_and_bad_file),
		cmocka_unit_test(test_img_index__add_many_rebuild_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
