/* test_mediate_metrics.c - each mediation figure on a small fixed fixture
 * whose answers are counted by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/mediate/mediate.h"
#include "domain/mediate/mediate_metrics.h"
#include "domain/org/org.h"
#include "engine/audit.h"

static char dir[64];
static struct fz_store *db;

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations,
	fz_mediate_migrations, NULL
};

static void run(const char *sql)
{
	struct fz_err err = FZ_ERR_INIT;
	if (fz_store_exec(db, sql, &err))
		fail_msg("%s: %s", sql, err.msg);
}

/* id, track, town, amount, outcome, agreed, mediated_on, days */
#define D(id, tr, town, amt, out, agr, on, days) \
	"INSERT INTO mediate_disputes (case_id, track, channel, town_code, org_id," \
	" applicant, respondent, phone_enc, phone_masked, phone_idx, summary," \
	" amount_cents, court_ref, received_on, outcome, agreed_cents, mediated_on," \
	" days) VALUES (" #id ", '" tr "', 'online', '" town "', 1, 'a', 'b', 'e'," \
	" 'm', 'i', 's', " #amt ", '', '2025-01-01', '" out "', " #agr ", " on ", " \
	#days ")"
#define KQ "330603001000"
#define KY "330603002000"

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[128], sql[512];
	snprintf(dir, sizeof(dir), "/tmp/fz-test-mm-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/m.db", dir);
	if (fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err))
		return -1;
	run("INSERT INTO units (id, parent_id, name, kind, path, created_at) VALUES"
	    " (1, NULL, '柯桥区', 'district', '/1/', 'x')");
	run("INSERT INTO mediate_orgs (id, name, kind, unit_id, town_code, created_at)"
	    " VALUES (1, '调委会', 'people', 1, '" KQ "', 'x')");
	for (int i = 1; i <= 8; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO cases (id, type, number, state,"
			 " unit_id, unit_path, title, facts, opened_on, last_on, created_at,"
			 " updated_at, version) VALUES (%d, 'mediate.dispute', 'N%d', 'x', 1,"
			 " '/1/', 't', '{}', '2025-01-01', '2025-01-01', 'x', 'x', 1)", i, i);
		run(sql);
	}
	run(D(1, "people", KQ, 10000, "success", 8000, "'2025-02-01'", 2));
	run(D(2, "people", KQ, 5000, "failed", 0, "'2025-03-01'", 10));
	run(D(3, "court", KY, 100000, "success", 90000, "'2025-04-01'", 20));
	run(D(4, "injury", KY, 20000, "success", 20000, "'2025-05-01'", 3));
	run(D(5, "injury", KQ, 30000, "success", 25000, "'2025-06-01'", 5));
	run(D(6, "labor", KQ, 7000, "withdrawn", 0, "'2025-06-02'", 1));
	run(D(7, "people", KQ, 7000, "pending", 0, "NULL", "NULL"));
	run(D(8, "people", KQ, 7000, "success", 7000, "'2024-12-30'", 1));
	run("INSERT INTO mediate_court_stats (year, town_code, civil_first) VALUES"
	    " (2025, '" KQ "', 2000), (2025, '" KY "', 1050), (2024, '" KQ "', 9)");
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

static json_t *get(const char *by)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL;
	if (fz_mediate_metrics(db, fz_app_metrics.units, (struct fz_date){ 2025, 1, 1 },
			       (struct fz_date){ 2025, 12, 31 }, by, &o, &err))
		fail_msg("%s", err.msg);
	return o;
}

static json_t *group(json_t *o, const char *name)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(o, "groups"), i, g)
		if (!strcmp(json_string_value(json_object_get(g, "name")), name))
			return g;
	fail_msg("no group %s", name);
	return NULL;
}

static void test_mediate_metrics__mediated_success_and_amounts(void **state)
{
	json_t *o = get("all"), *t = json_object_get(o, "total");
	/* mediated in 2025: 1-5 (6 withdrawn, 7 pending, 8 in 2024) */
	assert_int_equal(I(t, "mediated"), 5);
	/* success: 1, 3, 4, 5 → 4/5 */
	assert_int_equal(I(t, "success"), 4);
	assert_true(R(t, "success_rate") > 0.7999 && R(t, "success_rate") < 0.8001);
	/* amounts: 10000 + 5000 + 100000 + 20000 + 30000; agreed: 8000 +
	 * 90000 + 20000 + 25000 */
	assert_int_equal(I(t, "amount_cents"), 165000);
	assert_int_equal(I(t, "agreed_cents"), 143000);
	json_decref(o);
}

static void test_mediate_metrics__average_days_by_track(void **state)
{
	json_t *o = get("track"), *t = json_object_get(o, "total");
	/* (2 + 10 + 20 + 3 + 5) / 5 = 8; within 3 days: 1 (2), 4 (3) */
	assert_true(R(t, "avg_days") > 7.99 && R(t, "avg_days") < 8.01);
	assert_int_equal(I(t, "within_3_days"), 2);
	/* 人民调解: 1, 2 → (2 + 10) / 2 = 6; 工伤快处: 4, 5 → 4, one within 3 */
	assert_true(R(group(o, "人民调解"), "avg_days") > 5.99 &&
		    R(group(o, "人民调解"), "avg_days") < 6.01);
	assert_int_equal(I(group(o, "企业工伤快处"), "within_3_days"), 1);
	assert_true(R(group(o, "企业工伤快处"), "avg_days") > 3.99 &&
		    R(group(o, "企业工伤快处"), "avg_days") < 4.01);
	assert_int_equal(I(group(o, "诉前调解"), "success"), 1);
	json_decref(o);
	/* per town: 柯桥街道 1, 2, 5 → 3 mediated */
	o = get("town");
	assert_int_equal(I(group(o, "柯桥街道"), "mediated"), 3);
	assert_int_equal(I(group(o, "柯岩街道"), "mediated"), 2);
	json_decref(o);
}

static void test_mediate_metrics__litigation_rate_per_10000(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL, *t, *tw;
	assert_int_equal(fz_mediate_litigation_rate(db, 2025, &o, &err), 0);
	tw = json_object_get(o, "towns");
	/* 柯桥街道: 2000 cases / 160,000 residents × 10,000 = 125.00 */
	assert_true(R(json_array_get(tw, 0), "rate") > 124.99 &&
		    R(json_array_get(tw, 0), "rate") < 125.01);
	/* 柯岩街道: 1050 / 105,000 × 10,000 = 100.00 */
	assert_true(R(json_array_get(tw, 1), "rate") > 99.99 &&
		    R(json_array_get(tw, 1), "rate") < 100.01);
	/* a town without court data has no rate */
	assert_true(json_is_null(json_object_get(json_array_get(tw, 2), "rate")));
	/* district over the reported towns: 3050 / 265,000 × 10,000 = 115.09 */
	t = json_object_get(o, "total");
	assert_int_equal(I(t, "civil_first"), 3050);
	assert_int_equal(I(t, "residents"), 265000);
	assert_true(R(t, "rate") > 115.08 && R(t, "rate") < 115.10);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mediate_metrics__mediated_success_and_amounts),
		cmocka_unit_test(test_mediate_metrics__average_days_by_track),
		cmocka_unit_test(test_mediate_metrics__litigation_rate_per_10000),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
