/* test_calendar.c - imported holiday notices (src/engine/calendar/
 * calendar.c): the effective calendar is the compiled years plus the
 * imported ones; an import is one audited transaction that swaps the
 * shared calendar; importing a year again replaces it; a compiled year can
 * be overridden.  The 2027 notice here is a TEST FIXTURE, not the State
 * Council's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/audit.h"
#include "engine/calendar/calendar.h"
#include "engine/case/case.h"

static char dir[64];
static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_case_migrations, fz_calendar_migrations, NULL
};
static const struct fz_case_type *const no_types[] = { NULL };
static const struct fz_calendar_by by = { 7, "admin", 1, "127.0.0.1" };

static const char fixture_2027[] =
	"国务院办公厅关于2027年部分节假日安排的通知（测试用样例）\n"
	"一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
	"二、春节：2月5日（周五）至12日（周五）放假调休，共8天。2月20日（周六）上班。\n";

#define D(y, m, d) ((struct fz_date){ (y), (m), (d) })

static struct fz_store *fresh(void)
{
	struct fz_store *s;
	struct fz_err err = FZ_ERR_INIT;
	char path[128];
	static int n;

	snprintf(path, sizeof(path), "%s/k%d.db", dir, n++);
	assert_int_equal(fz_store_open(&s, path, FZ_STORE_CREATE, &err), 0);
	assert_int_equal(fz_store_migrate(s, sets, &err), 0);
	/* every test starts from the compiled calendar */
	assert_int_equal(fz_calendar_refresh(s, &err), 0);
	return s;
}

static void import(struct fz_store *s, const char *text,
		   struct fz_calendar_result *r)
{
	struct fz_notice n;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_notice_parse(&n, text, &err))
		fail_msg("parse: %s", err.msg);
	if (fz_calendar_import(s, &n, text, &by, no_types, r, &err))
		fail_msg("import: %s", err.msg);
	fz_notice_release(&n);
}

static int64_t count(struct fz_store *s, const char *sql)
{
	int64_t v = -1;
	struct fz_err err = FZ_ERR_INIT;
	assert_true(fz_store_int(s, &v, &err, sql, "") >= 0);
	return v;
}

static int work(const struct fz_cal *cal, struct fz_date d)
{
	int w = -1;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_cal_is_workday(cal, d, &w, &err), 0);
	return w;
}

static void test_calendar__import_makes_the_year_final(void **state)
{
	struct fz_store *s = fresh();
	struct fz_cal *shared = fz_calendar_shared(NULL), *loaded;
	struct fz_calendar_result r;
	struct fz_err err = FZ_ERR_INIT;
	int64_t n, bad;
	(void)state;
	assert_true(fz_cal_provisional(shared, D(2027, 2, 9)));
	assert_int_equal(work(shared, D(2027, 2, 9)), 1);
	import(s, fixture_2027, &r);
	assert_int_equal(r.year, 2027);
	assert_int_equal(r.holidays, 11);
	assert_int_equal(r.workdays, 1);
	assert_int_equal(r.replaced, 0);
	/* the shared handle counts with the notice at once */
	assert_false(fz_cal_provisional(shared, D(2027, 2, 9)));
	assert_int_equal(work(shared, D(2027, 2, 9)), 0);
	assert_int_equal(work(shared, D(2027, 2, 20)), 1);
	assert_true(fz_cal_provisional(shared, D(2028, 1, 1)));
	/* and so does a calendar loaded from the database */
	assert_int_equal(fz_calendar_load(s, &loaded, &err), 0);
	assert_string_equal(fz_cal_label(loaded, D(2027, 2, 20)), "春节调休");
	fz_cal_free(loaded);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM calendar_days"), 12);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM audit_log WHERE action ="
			       " 'calendar.import' AND object = 'calendar:2027'"
			       " AND detail LIKE '%重新计算0件%'"), 1);
	assert_int_equal(fz_audit_verify(s, &n, &bad, &err), 0);
	fz_store_close(s);
}

/* A corrected notice replaces the year's days; a compiled year can be
 * replaced too (its days are gone, the notice's count). */
static void test_calendar__import_again_replaces(void **state)
{
	static const char fixed[] =
		"国务院办公厅关于2027年部分节假日安排的通知\n"
		"一、元旦：1月1日（周五）放假，共1天。\n";
	static const char y2026[] =
		"国务院办公厅关于2026年部分节假日安排的通知\n"
		"一、元旦：1月1日（周四）放假，共1天。\n";
	struct fz_store *s = fresh();
	struct fz_cal *shared = fz_calendar_shared(NULL);
	struct fz_calendar_result r;
	(void)state;
	import(s, fixture_2027, &r);
	import(s, fixed, &r);
	assert_int_equal(r.replaced, 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM calendar_days"), 1);
	assert_int_equal(work(shared, D(2027, 2, 9)), 1);
	assert_int_equal(work(shared, D(2026, 2, 16)), 0); /* compiled 春节 */
	import(s, y2026, &r);
	assert_int_equal(r.replaced, 1);
	assert_int_equal(work(shared, D(2026, 2, 16)), 1);
	assert_null(fz_cal_label(shared, D(2026, 2, 16)));
	fz_store_close(s);
}

/* A failed import (here: no transaction possible, one is already open)
 * stores nothing and leaves the shared calendar as it was. */
static void test_calendar__failed_import_changes_nothing(void **state)
{
	struct fz_store *s = fresh();
	struct fz_cal *shared = fz_calendar_shared(NULL);
	struct fz_calendar_result r;
	struct fz_notice n;
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_notice_parse(&n, fixture_2027, &err), 0);
	assert_int_equal(fz_store_begin(s, &err), 0);
	assert_true(fz_calendar_import(s, &n, fixture_2027, &by, no_types, &r,
				       &err) < 0);
	fz_store_rollback(s);
	fz_notice_release(&n);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM calendar_notices"), 0);
	assert_true(fz_cal_provisional(shared, D(2027, 2, 9)));
	fz_store_close(s);
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/fz-test-calendar-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[100];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar__import_makes_the_year_final),
		cmocka_unit_test(test_calendar__import_again_replaces),
		cmocka_unit_test(test_calendar__failed_import_changes_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
