/* test_metrics.c - engine/metrics on a tiny table made for the test, whose
 * figures are counted by hand in the comments; and the app's registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/sm.h"
#include "domain/org/org.h"
#include "engine/audit.h"
#include "engine/case/case.h"
#include "engine/metrics/metrics.h"

static char dir[64];
static struct fz_store *db;

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations, NULL
};

static const struct fz_metrics_breakdown by_rows[] = {
	{ "unit", "单位", "t.unit_id", 1, "未登记单位", NULL },
	{ "kind", "类别", "t.kind", 0, "未分类", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

#define ROW(id, name, kind, num, den, amount, path) \
	{ id, name, kind, NULL, "测试定义", "测试来源", "mt_items t", "t.on_date", \
	  num, den, amount, "t.id", "t.label", "t.case_id", "t.unit_id", path, \
	  "t.ver", by_rows }

static const struct fz_metric rows[] = {
	ROW("t.rate", "结案良好率", FZ_METRICS_RATE, "t.good = 1", "t.closed = 1", NULL, NULL),
	ROW("t.rate_path", "结案良好率（按路径）", FZ_METRICS_RATE, "t.good = 1",
	    "t.closed = 1", NULL, "t.unit_path"),
	ROW("t.count", "良好件数", FZ_METRICS_COUNT, "t.good = 1", NULL, NULL, NULL),
	ROW("t.sum", "良好金额", FZ_METRICS_SUM, "t.good = 1", NULL, "t.amount", NULL),
	{ NULL }
};

static void run(const char *sql)
{
	struct fz_err err = FZ_ERR_INIT;
	if (fz_store_exec(db, sql, &err))
		fail_msg("%s: %s", sql, err.msg);
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[128];
	snprintf(dir, sizeof(dir), "/tmp/fz-test-me-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/m.db", dir);
	if (fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err))
		return -1;
	run("INSERT INTO units (id, parent_id, name, kind, path, created_at) VALUES"
	    " (1, NULL, '柯桥区', 'district', '/1/', 'x'),"
	    " (2, 1, '甲镇', 'town', '/1/2/', 'x'), (3, 2, '甲镇站', 'station', '/1/2/3/', 'x'),"
	    " (4, 1, '乙镇', 'town', '/1/4/', 'x'), (20, 1, '丙镇', 'town', '/1/20/', 'x')");
	run("INSERT INTO cases (id, type, number, state, unit_id, unit_path, title,"
	    " facts, opened_on, last_on, created_at, updated_at, version) VALUES"
	    " (3, 'x', '测〔2025〕3号', 'x', 3, '/1/2/3/', 't', '{}', '2025-01-01',"
	    " '2025-01-01', 'x', 'x', 1)");
	/* the period is 2025-01-01 … 2025-06-30 */
	run("CREATE TABLE mt_items (id INTEGER PRIMARY KEY, unit_id INTEGER,"
	    " unit_path TEXT, on_date TEXT, closed INTEGER, good INTEGER,"
	    " amount INTEGER, kind TEXT, label TEXT, case_id INTEGER, ver TEXT)");
	run("INSERT INTO mt_items VALUES"
	    " (1, 2, '/1/2/', '2024-12-31', 1, 1, 100, 'a', '一号', NULL, 'v1')," /* before */
	    " (2, 2, '/1/2/', '2025-01-01', 1, 1, 200, 'a', '二号', NULL, 'v1'),"  /* first day */
	    " (3, 3, '/1/2/3/', '2025-03-01', 1, 0, 300, 'b', '三号', 3, 'v1'),"
	    " (4, 4, '/1/4/', '2025-06-30', 1, 1, 400, 'b', '四号', NULL, 'v1'),"  /* last day */
	    " (5, 4, '/1/4/', '2025-07-01', 1, 1, 500, 'a', '五号', NULL, 'v1'),"  /* after */
	    " (6, 2, '/1/2/', '2025-02-01', 0, 1, 600, 'a', '六号', NULL, 'v1'),"  /* open */
	    " (7, NULL, NULL, '2025-04-01', 1, 0, 700, NULL, '七号', NULL, 'v1'),"
	    " (8, 4, '/1/4/', '2025-06-30T23:00:00Z', 1, 0, 800, 'b', '八号', NULL, 'v1'),"
	    " (9, 20, '/1/20/', '2025-03-03', 1, 1, 900, 'a', '九号', NULL, 'v1')");
	return 0;
}

static int teardown(void **state)
{
	char cmd[100];
	fz_store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

#define I(o, k) json_integer_value(json_object_get((o), (k)))
#define R(o, k) json_real_value(json_object_get((o), (k)))
#define S(o, k) json_string_value(json_object_get((o), (k)))

static json_t *compute(int i, const char *unit, const char *by)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_metrics_params p = { { 2025, 1, 1 }, { 2025, 6, 30 }, unit, by };
	json_t *o = NULL;
	if (fz_metrics_compute(db, fz_app_metrics.units, &rows[i], &p, &o, &err))
		fail_msg("%s", err.msg);
	return o;
}

static json_t *group(json_t *o, const char *label)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(o, "groups"), i, g)
		if (!strcmp(S(g, "label"), label))
			return g;
	fail_msg("no group %s", label);
	return NULL;
}

static void test_metrics__rate_by_hand(void **state)
{
	json_t *o = compute(0, NULL, "unit");
	/* closed in the period: 2, 3, 4, 7, 8 (an instant on the last day),
	 * 9 = 6; good among them: 2, 4, 9 = 3 (6 is good but not closed) */
	assert_int_equal(I(o, "num"), 3);
	assert_int_equal(I(o, "den"), 6);
	assert_true(R(o, "value") > 0.4999 && R(o, "value") < 0.5001);
	/* 甲镇 {2} 1/1, 甲镇站 {3} 0/1, 乙镇 {4, 8} 1/2, 丙镇 {9} 1/1, none {7} 0/1 */
	assert_int_equal(I(group(o, "甲镇"), "den"), 1);
	assert_int_equal(I(group(o, "甲镇站"), "num"), 0);
	assert_int_equal(I(group(o, "乙镇"), "num"), 1);
	assert_int_equal(I(group(o, "乙镇"), "den"), 2);
	assert_int_equal(I(group(o, "丙镇"), "num"), 1);
	assert_int_equal(I(group(o, "未登记单位"), "den"), 1);
	/* the biggest group first */
	assert_string_equal(S(json_array_get(json_object_get(o, "groups"), 0), "label"), "乙镇");
	assert_string_equal(S(json_object_get(o, "parameters"), "from"), "2025-01-01");
	assert_string_equal(S(json_object_get(o, "parameters"), "to"), "2025-06-30");
	json_decref(o);
}

static void test_metrics__unit_subtree_by_ids_and_by_path(void **state)
{
	/* /1/2/ holds 甲镇 and 甲镇站, not 丙镇 (/1/20/): records 2, 3 → 1/2 */
	for (int i = 0; i < 2; i++) {
		json_t *o = compute(i, "/1/2/", NULL);
		assert_int_equal(I(o, "num"), 1);
		assert_int_equal(I(o, "den"), 2);
		json_decref(o);
		o = compute(i, "/1/4/", NULL);
		assert_int_equal(I(o, "num"), 1);
		assert_int_equal(I(o, "den"), 2);
		json_decref(o);
	}
}

static void test_metrics__count_and_sum(void **state)
{
	/* good in the period: 2, 4, 6, 9; amounts 200 + 400 + 600 + 900 */
	json_t *o = compute(2, NULL, "kind");
	assert_int_equal(I(o, "num"), 4);
	assert_int_equal(I(o, "value"), 4);
	assert_true(json_is_null(json_object_get(o, "den")));
	assert_int_equal(I(group(o, "a"), "num"), 3); /* 2, 6, 9 */
	json_decref(o);
	o = compute(3, NULL, NULL);
	assert_int_equal(I(o, "value"), 2100);
	json_decref(o);
}

/* Lists every record of part page by page; returns how many, and adds up
 * in_numerator into *innum. */
static int64_t list_all(int i, enum fz_metrics_part part, int64_t *innum)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t seen = 0, total = -1;
	*innum = 0;
	for (int page = 1; page < 10; page++) {
		struct fz_metrics_params p = { { 2025, 1, 1 }, { 2025, 6, 30 }, NULL, NULL };
		json_t *o = NULL, *it;
		size_t k;
		if (fz_metrics_records(db, fz_app_metrics.units, &rows[i], &p, part,
				       page, 2, &o, &err))
			fail_msg("%s", err.msg);
		total = I(o, "total");
		json_array_foreach(json_object_get(o, "items"), k, it) {
			seen++;
			*innum += json_is_true(json_object_get(it, "in_numerator"));
			if (I(it, "id") == 3) {
				/* a case's number, through engine/case */
				assert_string_equal(S(it, "number"), "测〔2025〕3号");
				assert_string_equal(S(it, "unit"), "甲镇站");
			}
			if (I(it, "id") == 8)
				assert_string_equal(S(it, "date"), "2025-06-30");
		}
		k = json_array_size(json_object_get(o, "items"));
		json_decref(o);
		if (k < 2)
			break;
	}
	assert_int_equal(seen, total);
	return seen;
}

static void test_metrics__records_add_up_to_the_figure(void **state)
{
	int64_t innum;
	assert_int_equal(list_all(0, FZ_METRICS_DENOMINATOR, &innum), 6);
	assert_int_equal(innum, 3);
	assert_int_equal(list_all(0, FZ_METRICS_NUMERATOR, &innum), 3);
	assert_int_equal(innum, 3);
	assert_int_equal(list_all(2, FZ_METRICS_NUMERATOR, &innum), 4);
}

static void test_metrics__provenance_stable_and_sensitive(void **state)
{
	json_t *a = compute(0, NULL, NULL), *b = compute(0, NULL, "unit"), *c;
	char h[FZ_SM3_HEX_LEN + 1];

	/* the same data and parameters give the same hash; a breakdown is not
	 * a parameter of the figure */
	assert_int_equal(strlen(S(a, "provenance")), 64);
	assert_string_equal(S(a, "provenance"), S(b, "provenance"));
	snprintf(h, sizeof(h), "%s", S(a, "provenance"));
	json_decref(a);
	json_decref(b);
	/* a record outside the period changes nothing */
	run("UPDATE mt_items SET ver = 'v2' WHERE id = 5");
	a = compute(0, NULL, NULL);
	assert_string_equal(S(a, "provenance"), h);
	json_decref(a);
	/* a counted record that changes changes the hash, even though the
	 * figure stays 3/6 */
	run("UPDATE mt_items SET ver = 'v2' WHERE id = 3");
	a = compute(0, NULL, NULL);
	assert_int_equal(I(a, "num"), 3);
	assert_string_not_equal(S(a, "provenance"), h);
	json_decref(a);
	run("UPDATE mt_items SET ver = 'v1' WHERE id = 3");
	/* so does another period or unit */
	c = compute(0, "/1/2/", NULL);
	assert_string_not_equal(S(c, "provenance"), h);
	json_decref(c);
	a = compute(0, NULL, NULL);
	assert_string_equal(S(a, "provenance"), h);
	json_decref(a);
}

static void test_metrics__bad_parameters(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_metrics_params p = { { 2025, 7, 1 }, { 2025, 6, 30 }, NULL, NULL };
	json_t *o = NULL;
	assert_int_equal(fz_metrics_compute(db, fz_app_metrics.units, &rows[0], &p,
					    &o, &err), FZ_EINVAL);
	assert_string_equal(err.field, "from");
	p = (struct fz_metrics_params){ { 2025, 1, 1 }, { 2025, 6, 30 }, "/1/x/", NULL };
	assert_int_equal(fz_metrics_compute(db, fz_app_metrics.units, &rows[0], &p,
					    &o, &err), FZ_EINVAL);
	assert_string_equal(err.field, "unit");
	p = (struct fz_metrics_params){ { 2025, 1, 1 }, { 2025, 6, 30 }, NULL, "colour" };
	assert_int_equal(fz_metrics_compute(db, fz_app_metrics.units, &rows[0], &p,
					    &o, &err), FZ_EINVAL);
	assert_string_equal(err.field, "by");
	p = (struct fz_metrics_params){ { 2025, 1, 1 }, { 2025, 6, 30 }, NULL, NULL };
	assert_int_equal(fz_metrics_records(db, fz_app_metrics.units, &rows[2], &p,
		FZ_METRICS_DENOMINATOR, 1, 20, &o, &err), FZ_EINVAL);
	assert_int_equal(fz_metrics_records(db, fz_app_metrics.units, &rows[0], &p,
		FZ_METRICS_NUMERATOR, 1, 501, &o, &err), FZ_EINVAL);
	assert_null(o);
}

/* Does the FROM clause name table t as a whole word? */
static int names_table(const char *from, const char *t)
{
	size_t n = strlen(t);
	for (const char *p = strstr(from, t); p; p = strstr(p + 1, t))
		if ((p == from || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return 1;
	return 0;
}

static void test_metrics__registry_rows_are_complete(void **state)
{
	int n = 0;
	for (const struct fz_metric *const *s = fz_app_metrics.sets; *s; s++)
		for (const struct fz_metric *m = *s; m->id; m++, n++) {
			assert_ptr_equal(fz_metrics_find(&fz_app_metrics, m->id), m);
			assert_true(m->name && *m->name && m->definition && *m->definition);
			assert_true(m->source && *m->source);
			assert_true(m->from && m->date && m->num && m->record && m->unit);
			assert_true((m->kind == FZ_METRICS_RATE) == (m->den != NULL));
			assert_true((m->kind == FZ_METRICS_SUM) == (m->amount != NULL));
			/* no module reads org's or engine/case's tables */
			assert_false(names_table(m->from, "units"));
			assert_false(names_table(m->from, "cases"));
		}
	assert_true(n >= 14);
	assert_non_null(fz_metrics_find(&fz_app_metrics, "enforce.transfers"));
	assert_null(fz_metrics_find(&fz_app_metrics, "nope"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics__rate_by_hand),
		cmocka_unit_test(test_metrics__unit_subtree_by_ids_and_by_path),
		cmocka_unit_test(test_metrics__count_and_sum),
		cmocka_unit_test(test_metrics__records_add_up_to_the_figure),
		cmocka_unit_test(test_metrics__provenance_stable_and_sensitive),
		cmocka_unit_test(test_metrics__bad_parameters),
		cmocka_unit_test(test_metrics__registry_rows_are_complete),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
