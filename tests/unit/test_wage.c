/* test_wage.c - 欠薪线索 import: a CSV and a JSON file with good, bad and
 * duplicate rows (bad ones reported with their line and skipped, the rest
 * imported), re-importing adds nothing, employers matched by 统一社会信用代码
 * (identifiers.md §1 vectors), and tracking a lead to resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/mediate/mediate.h"
#include "domain/mediate/wage.h"
#include "domain/org/org.h"
#include "engine/audit.h"

static char dir[64];
static struct fz_store *db;
static const struct fz_case_actor sys = { 0, "import", 0, "", 0, "", 1 };

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations,
	fz_mediate_migrations, NULL
};

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
	char path[128];
	snprintf(dir, sizeof(dir), "/tmp/fz-test-wage-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/w.db", dir);
	if (fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[100];
	fz_store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static const char CSV[] =
	"线索编号,统一社会信用代码,用人单位,涉及人数,欠薪金额,登记日期,概要\n"   /* 1 */
	"N001,91330603MA2D7Q8K6N,绍兴某纺织有限公司,12,\"86,400.00\",2025-03-02,春节前工资\n" /* 2 */
	"N002,91350100M000100Y44,错误代码公司,3,1000,2025-03-02,\n"            /* 3 bad uscc */
	"N003,91330603MA20002460,绍兴某印染有限公司,5,abc,2025-03-03,\n"       /* 4 bad amount */
	"N004,91330603MA20002460,绍兴某印染有限公司,5\n"                        /* 5 columns */
	"\n"                                                                    /* 6 blank */
	"N005,91330603MA20002460,\"绍兴某印染\"\"二厂\"\"\",7,12000.5,2025-03-04,x\n" /* 7 */
	"N001,91330603MA2D7Q8K6N,绍兴某纺织有限公司,12,86400,2025-03-02,重复\n"  /* 8 dup */
	"N006,91330603MA2D7Q8K6N,绍兴某纺织有限公司,2,3000,2025-13-01,\n";      /* 9 bad date */

static void test_wage__csv_good_bad_and_duplicate_rows(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_wage_report r;
	json_t *e;

	assert_int_equal(fz_wage_import(db, &sys, "leads.csv", CSV, strlen(CSV),
					"national", &r, &err), 0);
	assert_int_equal(r.rows, 7);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.duplicates, 1);
	assert_int_equal(r.bad, 4);
	/* each bad row with its line, in file order */
	assert_int_equal(json_array_size(r.errors), 4);
	{
		static const int lines[] = { 3, 4, 5, 9 };
		int k = 0;
		for (size_t i = 0; i < json_array_size(r.errors) && k < 4; i++) {
			e = json_array_get(r.errors, i);
			if (json_integer_value(json_object_get(e, "line")) == lines[k])
				k++;
		}
		assert_int_equal(k, 4);
	}
	e = json_array_get(r.errors, 0);
	assert_non_null(strstr(json_string_value(json_object_get(e, "message")),
			       "统一社会信用代码"));
	json_decref(r.errors);
	/* the amount with a thousands separator and the quoted name */
	assert_int_equal(count("SELECT amount_cents FROM mediate_wage_leads WHERE ref = 'N001'"),
			 8640000);
	assert_int_equal(count("SELECT COUNT(*) FROM mediate_employers WHERE"
			       " name = '绍兴某印染\"二厂\"'"), 1);
	/* the same file again adds nothing */
	assert_int_equal(fz_wage_import(db, &sys, "leads.csv", CSV, strlen(CSV),
					"national", &r, &err), 0);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.duplicates, 3);
	json_decref(r.errors);
	assert_int_equal(count("SELECT COUNT(*) FROM mediate_wage_leads"), 2);
	/* one audit entry per import, not per row */
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE"
			       " action = 'mediate.wage.import'"), 2);
}

static const char JSON[] =
	"[\n"
	"  {\"ref\": \"P1\", \"uscc\": \"91330603MA200006XX\", \"employer\": \"某建筑劳务公司\",\n"
	"   \"workers\": 30, \"amount\": \"450000\", \"reported_on\": \"2025-05-01\"},\n" /* 2 */
	"  {\"ref\": \"P2\", \"uscc\": \"91330603MA200006XX\", \"employer\": \"某建筑劳务公司\",\n"
	"   \"workers\": 0, \"amount\": \"1\", \"reported_on\": \"2025-05-01\"},\n"       /* 4 */
	"  {\"ref\": \"P3\", \"uscc\": oops},\n"                                           /* 6 */
	"  {\"uscc\": \"91330603MA2D7Q8K6N\", \"employer\": \"绍兴某纺织有限公司\",\n"
	"   \"workers\": 4, \"amount\": 9000, \"reported_on\": \"2025-05-02\"}\n"          /* 7 */
	"]\n";

static void test_wage__json_with_lines_and_matching(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_wage_report r;

	assert_int_equal(fz_wage_import(db, &sys, "leads.json", JSON, strlen(JSON),
					"provincial", &r, &err), 0);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.bad, 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(r.errors, 0),
							    "line")), 4);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(r.errors, 1),
							    "line")), 6);
	json_decref(r.errors);
	/* matched to the employer the CSV created, by its code */
	assert_int_equal(count("SELECT COUNT(*) FROM mediate_wage_leads l JOIN"
			       " mediate_employers e ON e.id = l.employer_id WHERE"
			       " e.uscc = '91330603MA2D7Q8K6N'"), 2);
	/* a lead without ref is known by its content */
	assert_int_equal(fz_wage_import(db, &sys, "again.json", JSON, strlen(JSON),
					"provincial", &r, &err), 0);
	assert_int_equal(r.added, 0);
	json_decref(r.errors);
	/* not a lead file at all */
	assert_int_equal(fz_wage_import(db, &sys, "x.csv", "a,b\n1,2\n", 8,
					"national", &r, &err), FZ_EINVAL);
	json_decref(r.errors);
}

static void test_wage__tracked_to_resolution(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = count("SELECT id FROM mediate_wage_leads WHERE ref = 'N001'");
	assert_int_equal(fz_wage_update(db, &sys, id, "resolved", 100, "x", &err), 0);
	assert_int_equal(fz_wage_update(db, &sys, id, "handling", 0, "x", &err),
			 FZ_ESTATE);
	id = count("SELECT id FROM mediate_wage_leads WHERE ref = 'N005'");
	assert_int_equal(fz_wage_update(db, &sys, id, "handling", 0, "约谈", &err), 0);
	assert_int_equal(fz_wage_update(db, &sys, id, "resolved", 1200050, "已支付",
					&err), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM mediate_lead_events"), 3);
	assert_int_equal(fz_wage_update(db, &sys, 9999, "resolved", 0, "", &err),
			 FZ_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wage__csv_good_bad_and_duplicate_rows),
		cmocka_unit_test(test_wage__json_with_lines_and_matching),
		cmocka_unit_test(test_wage__tracked_to_resolution),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
