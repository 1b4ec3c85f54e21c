/* test_supervise.c - domain/supervise: the 法治督察 case type is sound; a
 * finding is issued under the unit addressed with its 整改期限; the unit
 * reports, the office returns it once and accepts it; a step by the wrong
 * role or out of order changes nothing; the finding's row records what the
 * figures count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "core/cal.h"
#include "domain/org/org.h"
#include "domain/supervise/supervise.h"

#define D(y, m, d) ((struct fz_date){ (y), (m), (d) })

static char dir[64];
static struct fz_store *db;
static struct fz_cal *cal;
static int64_t root, town, jus_unit;
static char town_path[256];

static void must(int rc, const struct fz_err *err)
{
	if (rc)
		fail_msg("rc %d: %s (%s)", rc, err->msg, err->field);
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_store_int(db, &n, &err, sql, ""), 1);
	return n;
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_actor sys = { NULL, "" };
	char path[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-sup-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/s.db", dir);
	if (fz_app_open(&db, path, 1, &err) || fz_cal_load(&cal, &err))
		return -1;
	if (fz_org_unit_add(db, &sys, 0, "柯桥区", "district", "330603", &root, &err) ||
	    fz_org_unit_add(db, &sys, root, "柯桥街道", "town", "", &town, &err) ||
	    fz_org_unit_add(db, &sys, root, "绍兴市柯桥区司法局", "department", "", &jus_unit, &err) ||
	    fz_org_unit_path(db, town, town_path, sizeof(town_path), &err) != 1)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	fz_store_close(db);
	fz_cal_free(cal);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const struct fz_case_actor office = { 5, "office1", FZ_ROLE_OFFICE, "/", 1, "", 0 };

static void test_supervise__type_is_sound(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	must(fz_case_type_check(&fz_supervise_case, &err), &err);
	assert_string_equal(fz_supervise_kind_name("notice"), "通报");
	assert_null(fz_supervise_kind_name("letter"));
}

static int step(const struct fz_case_actor *a, int64_t id, const char *tr,
		struct fz_date on, const char *fact, const char *value, struct fz_err *err)
{
	json_t *data = fact ? json_pack("{s:s}", fact, value) : NULL;
	struct fz_case_act act = { tr, on, data, NULL, NULL };
	int rc = fz_case_apply(db, cal, &fz_supervise_case, a, id, &act, err);
	json_decref(data);
	return rc;
}

static void test_supervise__issue_answer_return_accept(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	const struct fz_case_actor unit = { 7, "town1", FZ_ROLE_TOWN, town_path, town, "", 0 };
	const struct fz_case_actor other = { 8, "town2", FZ_ROLE_TOWN, "/9/", 9, "", 0 };
	struct fz_supervise_new n = { "reminder", town, "询问笔录未经当事人签字确认",
				      "限期整改", 30, D(2025, 3, 3) };
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id, events;
	(void)state;

	/* a period the district does not use, a kind it does not issue */
	n.days = 20;
	assert_int_equal(fz_supervise_issue(db, cal, &office, &n, &id, number, &err), FZ_EINVAL);
	assert_string_equal(err.field, "days");
	n.days = 30;
	n.kind = "letter";
	assert_int_equal(fz_supervise_issue(db, cal, &office, &n, &id, number, &err), FZ_EINVAL);
	n.kind = "reminder";
	/* only the office issues */
	assert_int_equal(fz_supervise_issue(db, cal, &unit, &n, &id, number, &err), FZ_EFORBID);
	assert_int_equal(count("SELECT COUNT(*) FROM supervise_items"), 0);
	must(fz_supervise_issue(db, cal, &office, &n, &id, number, &err), &err);
	assert_string_equal(number, "柯法督函〔2025〕1号");
	/* 30 days from Mon 2025-03-03: Wed 04-02 */
	assert_int_equal(count("SELECT COUNT(*) FROM case_deadlines WHERE key = 'rectify30'"
			       " AND due = '2025-04-02'"), 1);

	events = count("SELECT COUNT(*) FROM case_events");
	/* the office cannot answer for the unit; the unit cannot accept; a
	 * unit elsewhere does not reach it; none of it changes anything */
	assert_int_equal(step(&office, id, "submit", D(2025, 3, 20), "整改情况", "x", &err), FZ_EFORBID);
	assert_int_equal(step(&unit, id, "accept", D(2025, 3, 20), "验收意见", "x", &err), FZ_ESTATE);
	assert_int_equal(step(&other, id, "submit", D(2025, 3, 20), "整改情况", "x", &err), FZ_ENOTFOUND);
	assert_int_equal(step(&unit, id, "submit", D(2025, 3, 20), NULL, NULL, &err), FZ_EINVAL);
	/* the 司法局 reads every unit's findings but answers only its own */
	{
		const struct fz_case_actor jus = { 9, "justice1", FZ_ROLE_JUSTICE, "/", jus_unit, "", 0 };
		assert_int_equal(step(&jus, id, "submit", D(2025, 3, 20), "整改情况", "x", &err), FZ_EFORBID);
	}
	assert_int_equal(count("SELECT COUNT(*) FROM case_events"), events);

	must(step(&unit, id, "submit", D(2025, 3, 28), "整改情况", "已整改", &err), &err);
	assert_int_equal(count("SELECT COUNT(*) FROM supervise_items WHERE answered_on = '2025-03-28'"), 1);
	assert_int_equal(step(&unit, id, "accept", D(2025, 3, 31), "验收意见", "x", &err), FZ_EFORBID);
	must(step(&office, id, "return", D(2025, 3, 31), "退回理由", "材料不全", &err), &err);
	assert_int_equal(count("SELECT returns FROM supervise_items"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM supervise_items WHERE answered_on IS NULL"), 1);
	must(step(&unit, id, "submit", D(2025, 4, 8), "整改情况", "已补齐", &err), &err);
	must(step(&office, id, "accept", D(2025, 4, 10), "验收意见", "同意销号", &err), &err);
	assert_int_equal(count("SELECT COUNT(*) FROM supervise_items WHERE closed_on = '2025-04-10'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM cases WHERE state = 'closed'"), 1);
	/* closed: nothing more */
	assert_int_equal(step(&office, id, "return", D(2025, 4, 11), "退回理由", "x", &err), FZ_ESTATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_supervise__type_is_sound),
		cmocka_unit_test(test_supervise__issue_answer_return_accept),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
