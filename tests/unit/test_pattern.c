/* test_pattern.c - the design registry: manifest import with bad rows,
 * trace ordered by earliest date, comparison evidence and report, the
 * false-litigation flags (src/domain/pattern). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/pattern/pattern.h"
#include "domain/pattern/pattern_lit.h"
#include "engine/audit.h"
#include "engine/image/img_index.h"
#include "engine/image/img_synth.h"

static char dir[64];
static struct fz_store *db;

static const struct fz_migration *const sets[] = { fz_audit_migrations,
						   fz_pattern_migrations, NULL };

static void write_design(const char *name, int family, uint32_t seed, unsigned mask)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_synth s;
	struct fz_img im;
	uint8_t *png;
	size_t n;
	char path[128];
	fz_img_synth_design(&s, family, seed, 3, seed);
	if (mask)
		assert_int_equal(fz_img_synth_copy(&s, 160, mask, seed + 9, &im, &err), 0);
	else
		assert_int_equal(fz_img_synth_reference(&s, 160, &im, &err), 0);
	assert_int_equal(fz_img_encode_png(&im, &png, &n, &err), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(fz_img_write_file(path, png, n, &err), 0);
	free(png);
	fz_img_free(&im);
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[96];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-pattern-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	if (fz_store_open(&db, path, FZ_STORE_CREATE, &err) || fz_store_migrate(db, sets, &err))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	fz_store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int64_t count(const char *sql)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;
	assert_int_equal(fz_store_int(db, &n, &err, sql, ""), 1);
	return n;
}

/* Good rows are registered (and audited), bad rows reported by line and
 * skipped; then a recoloured copy traces to both matching registrations,
 * the earlier one first, and the copier's registration is flagged. */
static void test_pattern__import_trace_flags(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[128], *rep = NULL;
	size_t replen = 0;
	int ok, bad;
	(void)state;
	write_design("a.png", FZ_SYNTH_FLORAL, 3, 0);
	write_design("b.png", FZ_SYNTH_GEOMETRIC, 4, 0);
	write_design("a2.png", FZ_SYNTH_FLORAL, 3, FZ_TF_RECOLOUR);
	write_design("q.png", FZ_SYNTH_FLORAL, 3, FZ_TF_RECOLOUR | FZ_TF_MIRROR);
	snprintf(path, sizeof(path), "%s/bad.png", dir);
	assert_int_equal(fz_img_write_file(path, "not a png", 9, &err), 0);
	snprintf(path, sizeof(path), "%s/m.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("file,reg_no,title,registrant,created_on,published_on,registered_on,source\n"
	      "a2.png,R-2,花二,乙公司,2024-06-01,,2024-06-10,版权登记\n"
	      "a.png,R-1,花一,甲工作室,2023-01-05,2023-02-01,2023-03-01,版权登记\n"
	      "b.png,R-3,几何,丙公司,2023-05-05,,2023-05-10,版权登记\n"
	      "bad.png,R-4,坏图,丁,2023-05-05,,2023-05-10,版权登记\n"
	      "b.png,R-3,重复号,丙公司,2023-05-05,,2023-05-10,版权登记\n"
	      "b.png,R-5,日期错,丙公司,2023-02-30,,2023-05-10,版权登记\n"
	      "b.png,R-6,少一列,丙公司,2023-05-05,2023-05-10\n", f);
	fclose(f);
	FILE *r = open_memstream(&rep, &replen);
	assert_int_equal(fz_pattern_import(db, NULL, path, r, &ok, &bad, &err), 0);
	fclose(r);
	assert_int_equal(ok, 3);
	assert_int_equal(bad, 4);
	assert_non_null(strstr(rep, "第 5 行"));
	assert_non_null(strstr(rep, "第 6 行"));
	assert_non_null(strstr(rep, "第 7 行"));
	assert_non_null(strstr(rep, "第 8 行"));
	assert_null(strstr(rep, "第 2 行"));
	free(rep);
	assert_int_equal(count("SELECT COUNT(*) FROM pattern_regs"), 3);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'pattern.register'"), 3);

	/* trace a photo of the design: R-1 (2023) before R-2 (2024) */
	uint8_t buf[1 << 16];
	snprintf(path, sizeof(path), "%s/q.png", dir);
	f = fopen(path, "rb");
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	int64_t up;
	json_t *t;
	assert_int_equal(fz_pattern_upload(db, NULL, buf, n, &up, &err), 0);
	char ref[32];
	snprintf(ref, sizeof(ref), "u%lld", (long long)up);
	assert_int_equal(fz_pattern_trace(db, ref, 10, &t, &err), 0);
	json_t *m = json_object_get(t, "matches");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_array_get(m, 0), "registration"), "reg_no")), "R-1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_array_get(m, 1), "registration"), "reg_no")), "R-2");
	json_decref(t);

	/* evidence and report */
	struct fz_buf side = FZ_BUF_INIT, ov = FZ_BUF_INIT, pdf = FZ_BUF_INIT;
	assert_int_equal(fz_pattern_compare(db, ref, "r1", &t, &side, &ov, &err), 0);
	assert_true(json_real_value(json_object_get(t, "score")) >= fz_img_similar_threshold);
	assert_memory_equal(side.data, "\x89PNG", 4);
	assert_memory_equal(ov.data, "\x89PNG", 4);
	json_decref(t);
	assert_int_equal(fz_pattern_report(db, ref, "r1", &pdf, &err), 0);
	assert_memory_equal(pdf.data, "%PDF", 4);
	fz_buf_release(&side);
	fz_buf_release(&ov);
	fz_buf_release(&pdf);
	assert_int_equal(fz_pattern_compare(db, ref, "r999", &t, NULL, NULL, &err), FZ_ENOTFOUND);
	assert_int_equal(fz_pattern_compare(db, "x1", "r1", &t, NULL, NULL, &err), FZ_EINVAL);

	/* 乙公司 sues three times on R-2, 20 days after registering it */
	static const char *const nos[] = { "（2024）浙0603民初1号", "（2024）浙0603民初2号",
					   "（2024）浙0603民初3号" };
	for (int i = 0; i < 3; i++) {
		struct fz_patlit_case c = { nos[i], "乙公司", "某商户", "R-2", "2024-06-30" };
		int64_t id;
		assert_int_equal(fz_patlit_case_add(db, NULL, &c, &id, &err), 0);
	}
	struct fz_patlit_case dup = { nos[0], "乙公司", "某商户", "R-2", "2024-06-30" };
	int64_t id;
	assert_int_equal(fz_patlit_case_add(db, NULL, &dup, &id, &err), FZ_ECONFLICT);
	struct fz_patlit_case bd = { "（2024）浙0603民初9号", "乙公司", "某商户", "R-2", "2024-13-01" };
	assert_int_equal(fz_patlit_case_add(db, NULL, &bd, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "filed_on");
	json_t *fl;
	assert_int_equal(fz_patlit_flags(db, &fl, &err), 0);
	int prior = 0, late = 0, serial = 0;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(fl, "flags"), i, x) {
		const char *ty = json_string_value(json_object_get(x, "type"));
		prior += !strcmp(ty, "prior_publication");
		late += !strcmp(ty, "late_registration");
		serial += !strcmp(ty, "serial_plaintiff");
		assert_true(strlen(json_string_value(json_object_get(x, "reason"))) > 0);
	}
	assert_int_equal(prior, 3);
	assert_int_equal(late, 3);
	assert_int_equal(serial, 1);
	json_decref(fl);
}

/* The trace of upload ref finds R-1 first. */
static void trace_finds_r1(const char *ref)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *t;
	assert_int_equal(fz_pattern_trace(db, ref, 10, &t, &err), 0);
	json_t *m = json_object_get(t, "matches");
	assert_true(json_array_size(m) >= 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_array_get(m, 0), "registration"), "reg_no")), "R-1");
	json_decref(t);
}

/* What an upgrade or a restore leaves behind heals by itself: descriptors
 * stored by an older engine are described again from the kept PNG, an
 * index of an older version or a missing one is rebuilt from the
 * registrations; `fazhi pattern reindex` does it on demand (audited) and
 * keeps the new descriptors. */
static void test_pattern__stale_and_missing_index(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[128], ref[32];
	int64_t up;
	size_t n = 0;
	(void)state;
	/* an upload of the copy, from the previous test's files */
	uint8_t buf[1 << 16];
	snprintf(path, sizeof(path), "%s/q.png", dir);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(fz_pattern_upload(db, NULL, buf, len, &up, &err), 0);
	snprintf(ref, sizeof(ref), "u%lld", (long long)up);

	/* every descriptor as an older engine stored it (another size) */
	assert_int_equal(fz_store_run(db, &err, "UPDATE pattern_images SET descr = zeroblob(1328)", ""), 0);
	trace_finds_r1(ref);

	/* an index file of another version */
	snprintf(path, sizeof(path), "%s/t.db.patterns/%s", dir, FZ_IMG_INDEX_FILE);
	f = fopen(path, "r+b");
	assert_non_null(f);
	fputs("FZIMGIX1", f);
	fclose(f);
	trace_finds_r1(ref);

	/* no index at all (a database restored alone) */
	assert_int_equal(unlink(path), 0);
	trace_finds_r1(ref);

	int64_t before = count("SELECT COUNT(*) FROM audit_log WHERE action = 'pattern.reindex'");
	assert_int_equal(fz_pattern_reindex(db, NULL, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'pattern.reindex'"),
			 before + 1);
	/* reindex kept the new descriptors: an upgrade describes once */
	assert_int_equal(count("SELECT COUNT(*) FROM pattern_images WHERE length(descr) = 1328"), 0);
	trace_finds_r1(ref);

	/* the process's shared reader sees a registration made after it
	 * was opened: the next trace finds the new design */
	int64_t img, reg, up2;
	write_design("p.png", FZ_SYNTH_PAISLEY, 21, 0);
	write_design("pq.png", FZ_SYNTH_PAISLEY, 21, FZ_TF_SHIFT);
	snprintf(path, sizeof(path), "%s/p.png", dir);
	f = fopen(path, "rb");
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(fz_pattern_upload(db, NULL, buf, len, &img, &err), 0);
	struct fz_pattern_meta m = { "R-7", "佩斯利", "戊公司", "2024-01-02", NULL, "2024-02-03",
				     "版权登记" };
	assert_int_equal(fz_pattern_register(db, NULL, img, &m, &reg, &err), 0);
	snprintf(path, sizeof(path), "%s/pq.png", dir);
	f = fopen(path, "rb");
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(fz_pattern_upload(db, NULL, buf, len, &up2, &err), 0);
	snprintf(ref, sizeof(ref), "u%lld", (long long)up2);
	json_t *t;
	assert_int_equal(fz_pattern_trace(db, ref, 10, &t, &err), 0);
	json_t *mt = json_object_get(t, "matches");
	assert_true(json_array_size(mt) >= 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_array_get(mt, 0), "registration"), "reg_no")), "R-7");
	json_decref(t);
}

/* A file that is no image is refused with a clear error and no row. */
static void test_pattern__bad_upload_and_meta(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id, before = count("SELECT COUNT(*) FROM pattern_images");
	(void)state;
	assert_int_equal(fz_pattern_upload(db, NULL, "GIF89a", 6, &id, &err), FZ_EINVAL);
	assert_int_equal(count("SELECT COUNT(*) FROM pattern_images"), before);
	struct fz_pattern_meta m = { "R-9", "t", "甲", "2024-05-01", "2024-04-01", "2024-06-01", "x" };
	assert_int_equal(fz_pattern_register(db, NULL, 1, &m, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "published_on");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern__import_trace_flags),
		cmocka_unit_test(test_pattern__stale_and_missing_index),
		cmocka_unit_test(test_pattern__bad_upload_and_meta),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
