/* test_review_metrics.c - each 行政复议 figure on a small fixed fixture
 * whose answers are counted by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/org/org.h"
#include "domain/review/review.h"
#include "domain/review/review_metrics.h"
#include "engine/audit.h"

static char dir[64];
static struct fz_store *db;

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations,
	fz_review_migrations, NULL
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
	char path[128], sql[512];
	snprintf(dir, sizeof(dir), "/tmp/fz-test-rm-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/m.db", dir);
	if (fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err))
		return -1;
	run("INSERT INTO units (id, parent_id, name, kind, path, created_at) VALUES"
	    " (1, NULL, '柯桥区', 'district', '/1/', 'x'),"
	    " (2, 1, 'A站', 'station', '/1/2/', 'x'), (3, 1, 'B站', 'station', '/1/3/', 'x'),"
	    " (4, 1, '执法局', 'department', '/1/4/', 'x'),"
	    " (5, 1, '市场局', 'department', '/1/5/', 'x')");
	for (int i = 1; i <= 10; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO cases (id, type, number, state,"
			 " unit_id, unit_path, title, facts, opened_on, last_on, created_at,"
			 " updated_at, version) VALUES (%d, 'review.case', 'N%d', 'x', 1,"
			 " '/1/', 't', '{}', '2025-01-01', '2025-01-01', 'x', 'x', 1)", i, i);
		run(sql);
	}
#define RC(id, st, resp, out, cor, closed) \
	"INSERT INTO review_cases (case_id, channel, station_id, organ, organ_name," \
	" respondent, respondent_kind, applicant, phone_enc, phone_masked, phone_idx," \
	" address, act, request, received_on, outcome, corrects, closed_on) VALUES (" \
	#id ", 'x', " st ", 'district', '区政府', '" resp "', 'department', 'a', 'e', 'm'," \
	" 'i', '', 'x', 'x', '2025-01-01', " out ", " #cor ", " closed ")"
	run(RC(1, "2", "执法局", "'mediated'", 0, "'2025-03-01'"));
	run(RC(2, "2", "执法局", "'withdrawn'", 0, "'2025-04-01'"));
	run(RC(3, "3", "执法局", "'uphold'", 0, "'2025-05-01'"));
	run(RC(4, "NULL", "市场局", "'revoke'", 1, "'2025-06-01'"));
	run(RC(5, "3", "市场局", "'rejected'", 0, "'2025-06-02'"));
	run(RC(6, "NULL", "市场局", "'withdrawn'", 0, "'2024-12-31'"));
	run(RC(7, "2", "市场局", "NULL", 0, "NULL"));
	run(RC(8, "2", "执法局", "'illegal'", 1, "'2025-07-01'"));
	run(RC(9, "3", "市场局", "'terminated'", 0, "'2025-08-01'"));
	run(RC(10, "2", "市场局", "'dismiss'", 0, "'2025-09-01'"));
	run("INSERT INTO review_suits (id, case_id, defendant_unit, court, court_no,"
	    " filed_on, outcome, judged_on) VALUES"
	    " (1, 3, 4, '法院', 'n1', '2025-06-01', 'lost', '2025-10-01'),"
	    " (2, 4, 5, '法院', 'n2', '2025-06-01', 'won', '2025-10-02'),"
	    " (3, NULL, 4, '法院', 'n3', '2025-06-01', 'lost', '2025-10-03'),"
	    " (4, 8, 4, '法院', 'n4', '2025-06-01', 'pending', NULL)");
	run("INSERT INTO review_appearances (suit_id, hearing_on, appeared, head_name,"
	    " head_title) VALUES (1, '2025-09-01', 1, '甲', '局长'),"
	    " (1, '2025-09-15', 0, '', ''), (3, '2025-09-20', 1, '乙', '副局长'),"
	    " (2, '2024-12-01', 1, '丙', '局长')");
	return 0;
}

static int teardown(void **state)
{
	char cmd[100];
	fz_store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static json_t *metric(json_t *all, const char *key)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(all, "metrics"), i, m)
		if (!strcmp(json_string_value(json_object_get(m, "key")), key))
			return m;
	fail_msg("no metric %s", key);
	return NULL;
}

static json_t *group(json_t *m, const char *name)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(m, "groups"), i, g)
		if (!strcmp(json_string_value(json_object_get(g, "name")), name))
			return g;
	fail_msg("no group %s", name);
	return NULL;
}

#define NUM(o) json_integer_value(json_object_get((o), "num"))
#define DEN(o) json_integer_value(json_object_get((o), "den"))
#define RATE(o) json_real_value(json_object_get((o), "rate"))

static json_t *get(const char *by)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL;
	if (fz_review_metrics(db, fz_app_metrics.units, (struct fz_date){ 2025, 1, 1 },
			      (struct fz_date){ 2025, 12, 31 }, by, &o, &err))
		fail_msg("%s", err.msg);
	return o;
}

static void test_review_metrics__tiaoche_rate(void **state)
{
	json_t *o = get("station"), *m = metric(o, "tiaoche");
	/* 审结 in 2025: 1,2,3,4,8,9,10 (5 refused, 6 in 2024, 7 open) = 7;
	 * ended by 调解 or 撤回: 1, 2 */
	assert_int_equal(NUM(m), 2);
	assert_int_equal(DEN(m), 7);
	assert_true(RATE(m) > 0.2856 && RATE(m) < 0.2858);
	/* station A: 1, 2, 8, 10 → 2/4; B: 3, 9 → 0/2; online: 4 → 0/1 */
	assert_int_equal(NUM(group(m, "A站")), 2);
	assert_int_equal(DEN(group(m, "A站")), 4);
	assert_int_equal(DEN(group(m, "B站")), 2);
	assert_int_equal(DEN(group(m, "网上申请")), 1);
	json_decref(o);
}

static void test_review_metrics__jiucuo_rate(void **state)
{
	json_t *o = get("organ"), *m = metric(o, "jiucuo");
	/* decisions: 3, 4, 8, 10; corrected: 4 (撤销), 8 (确认违法) */
	assert_int_equal(NUM(m), 2);
	assert_int_equal(DEN(m), 4);
	/* per respondent: 执法局 3, 8 → 1/2; 市场局 4, 10 → 1/2 */
	assert_int_equal(NUM(group(m, "执法局")), 1);
	assert_int_equal(DEN(group(m, "执法局")), 2);
	assert_int_equal(DEN(group(m, "市场局")), 2);
	json_decref(o);
}

static void test_review_metrics__lost_after_review(void **state)
{
	json_t *o = get("organ"), *m = metric(o, "lost");
	/* judged suits after review: 1 (lost), 2 (won); 3 is a direct suit,
	 * 4 pending */
	assert_int_equal(NUM(m), 1);
	assert_int_equal(DEN(m), 2);
	assert_int_equal(NUM(group(m, "执法局")), 1);
	assert_int_equal(NUM(group(m, "市场局")), 0);
	json_decref(o);
}

static void test_review_metrics__head_appearance_rate(void **state)
{
	json_t *o = get("station"), *m = metric(o, "appearance");
	/* 2025 hearings: suit 1 twice (appeared once), suit 3 once (appeared) */
	assert_int_equal(NUM(m), 2);
	assert_int_equal(DEN(m), 3);
	/* suit 1 came from case 3 taken at B站; suit 3 had no review */
	assert_int_equal(NUM(group(m, "B站")), 1);
	assert_int_equal(DEN(group(m, "B站")), 2);
	assert_int_equal(DEN(group(m, "未经复议")), 1);
	json_decref(o);
	/* a bad grouping is refused */
	{
		struct fz_err err = FZ_ERR_INIT;
		json_t *x;
		assert_int_equal(fz_review_metrics(db, fz_app_metrics.units, (struct fz_date){ 0, 0, 0 },
			(struct fz_date){ 0, 0, 0 }, "colour", &x, &err), FZ_EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review_metrics__tiaoche_rate),
		cmocka_unit_test(test_review_metrics__jiucuo_rate),
		cmocka_unit_test(test_review_metrics__lost_after_review),
		cmocka_unit_test(test_review_metrics__head_appearance_rate),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
