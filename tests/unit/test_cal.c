/* test_cal.c - dates and the working-day calendar (src/core/cal.c).
 * Expected values come from holidays.md §1 (worked examples) and §4-§7
 * (the notices, day by day). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/cal.h"

static struct fz_cal *cal;

static struct fz_date D(const char *s)
{
	struct fz_date d = { 0, 0, 0 };
	if (fz_date_parse(&d, s, NULL))
		fail_msg("test date %s does not parse", s);
	return d;
}

static void assert_date(struct fz_date d, const char *want)
{
	char buf[FZ_DATE_STRLEN];
	assert_string_equal(fz_date_format(d, buf), want);
}

static int work(const char *s)
{
	int w = -1;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_cal_is_workday(cal, D(s), &w, &err), 0);
	return w;
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	if (fz_cal_load(&cal, &err)) {
		print_error("fz_cal_load: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fz_cal_free(cal);
	return 0;
}

static void test_cal__date_parse_accepts_real_dates(void **state)
{
	struct fz_date d;
	(void)state;
	assert_int_equal(fz_date_parse(&d, "2024-02-29", NULL), 0);
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	assert_int_equal(fz_date_parse(&d, "2000-02-29", NULL), 0);
	assert_int_equal(fz_date_parse(&d, "1999-12-31", NULL), 0);
	assert_date(d, "1999-12-31");
}

static void test_cal__date_parse_rejects_invalid(void **state)
{
	static const char *bad[] = {
		"2023-02-29", "2024-02-30", "1900-02-29", "2023-04-31",
		"2023-13-01", "2023-00-10", "2023-01-00", "2023-01-32",
		"", "garbage", "2023-1-01", "2023/01/01", "20230101",
		" 2023-01-01", "2023-01-01 ", "2023-01-011", "2O23-01-01",
		"0999-01-01", "-023-01-01", "2023-+1-01",
	};
	struct fz_date d = { 7, 7, 7 };
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fz_err err = FZ_ERR_INIT;
		if (fz_date_parse(&d, bad[i], &err) != FZ_EINVAL)
			fail_msg("accepted bad date \"%s\"", bad[i]);
		assert_int_equal(err.code, FZ_EINVAL);
		assert_true(err.msg[0] != '\0');
	}
	assert_int_equal(fz_date_parse(&d, NULL, NULL), FZ_EINVAL);
	/* *out untouched on failure */
	assert_int_equal(d.y, 7);
}

static void test_cal__date_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(fz_date_to_days(D("1970-01-01")), 0);
	assert_int_equal(fz_date_to_days(D("2000-03-01")), 11017);
	assert_date(fz_date_from_days(-1), "1969-12-31");
	assert_date(fz_date_add_days(D("2023-12-31"), 1), "2024-01-01");
	assert_date(fz_date_add_days(D("2024-02-28"), 1), "2024-02-29");
	assert_date(fz_date_add_days(D("2024-03-01"), -1), "2024-02-29");
	assert_date(fz_date_add_days(D("2023-03-01"), -1), "2023-02-28");
	assert_date(fz_date_add_days(D("2023-01-10"), 15), "2023-01-25");
	/* round trip over four centuries */
	for (long z = fz_date_to_days(D("1900-01-01"));
	     z < fz_date_to_days(D("2300-01-01")); z += 37) {
		struct fz_date d = fz_date_from_days(z);
		assert_true(fz_date_valid(d));
		assert_int_equal(fz_date_to_days(d), z);
	}
	assert_true(fz_date_cmp(D("2023-10-07"), D("2023-10-08")) < 0);
	assert_true(fz_date_cmp(D("2024-01-01"), D("2023-12-31")) > 0);
	assert_int_equal(fz_date_cmp(D("2024-01-01"), D("2024-01-01")), 0);
}

static void test_cal__weekday(void **state)
{
	(void)state;
	assert_int_equal(fz_date_weekday(D("1970-01-01")), 4);
	assert_int_equal(fz_date_weekday(D("2000-01-01")), 6);
	assert_int_equal(fz_date_weekday(D("2023-10-07")), 6);
	assert_int_equal(fz_date_weekday(D("2023-10-08")), 7);
	assert_int_equal(fz_date_weekday(D("2026-02-12")), 4);
	assert_int_equal(fz_date_weekday(D("2025-09-26")), 5);
	assert_int_equal(fz_date_weekday(D("1969-12-29")), 1);
}

/* 民法典 Art. 202: no corresponding day -> last day of the month. */
static void test_cal__add_months_clamps_to_month_end(void **state)
{
	(void)state;
	assert_date(fz_date_add_months(D("2024-01-31"), 1), "2024-02-29");
	assert_date(fz_date_add_months(D("2023-01-31"), 1), "2023-02-28");
	assert_date(fz_date_add_months(D("2024-08-31"), 6), "2025-02-28");
	assert_date(fz_date_add_months(D("2024-03-15"), -3), "2023-12-15");
	assert_date(fz_date_add_months(D("2024-02-29"), 12), "2025-02-28");
	assert_date(fz_date_add_months(D("2023-05-10"), 6), "2023-11-10");
}

static void test_cal__covers_2023_to_2026(void **state)
{
	int first, last;
	(void)state;
	fz_cal_years(cal, &first, &last);
	assert_int_equal(first, 2023);
	assert_int_equal(last, 2026);
	assert_true(fz_cal_covers(cal, D("2023-01-01")));
	assert_true(fz_cal_covers(cal, D("2026-12-31")));
	assert_false(fz_cal_covers(cal, D("2022-12-31")));
	assert_false(fz_cal_covers(cal, D("2027-01-01")));
}

/* 国办发明电〔2022〕16号 item 六: 9月29日至10月6日放假调休，共8天；
 * 10月7日（星期六）、10月8日（星期日）上班. */
static void test_cal__national_day_2023(void **state)
{
	static const char *rest[] = {
		"2023-09-29", "2023-09-30", "2023-10-01", "2023-10-02",
		"2023-10-03", "2023-10-04", "2023-10-05", "2023-10-06",
	};
	(void)state;
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(work(rest[i]), 0);
	assert_int_equal(work("2023-09-28"), 1);
	assert_int_equal(work("2023-10-07"), 1); /* make-up Saturday */
	assert_int_equal(work("2023-10-08"), 1); /* make-up Sunday */
	assert_int_equal(work("2023-10-09"), 1);
	assert_int_equal(work("2023-10-14"), 0); /* ordinary Saturday */
	assert_string_equal(fz_cal_label(cal, D("2023-10-07")),
			    "中秋节、国庆节调休");
	assert_string_equal(fz_cal_label(cal, D("2023-10-01")),
			    "中秋节、国庆节");
	assert_null(fz_cal_label(cal, D("2023-10-09")));
}

static void expect_range(const char *from, const char *to, int want)
{
	struct fz_date d = D(from), end = D(to);
	char buf[FZ_DATE_STRLEN];
	for (; fz_date_cmp(d, end) <= 0; d = fz_date_add_days(d, 1))
		if (work(fz_date_format(d, buf)) != want)
			fail_msg("%s: want workday=%d", buf, want);
}

static void test_cal__spring_festival_2024(void **state)
{
	(void)state;
	assert_int_equal(work("2024-02-04"), 1); /* 周日 上班 */
	assert_int_equal(work("2024-02-09"), 1); /* 除夕: recommended leave only */
	expect_range("2024-02-10", "2024-02-17", 0);
	assert_int_equal(work("2024-02-18"), 1); /* 周日 上班 */
	assert_int_equal(work("2024-02-19"), 1);
}

static void test_cal__spring_festival_2025(void **state)
{
	(void)state;
	assert_int_equal(work("2025-01-26"), 1); /* 周日 上班 */
	assert_int_equal(work("2025-01-27"), 1);
	expect_range("2025-01-28", "2025-02-04", 0);
	assert_int_equal(work("2025-02-05"), 1);
	assert_int_equal(work("2025-02-08"), 1); /* 周六 上班 */
	assert_int_equal(work("2025-02-09"), 0);
}

static void test_cal__spring_festival_2026(void **state)
{
	(void)state;
	assert_int_equal(work("2026-02-13"), 1);
	assert_int_equal(work("2026-02-14"), 1); /* 周六 上班 */
	expect_range("2026-02-15", "2026-02-23", 0);
	assert_int_equal(work("2026-02-24"), 1);
	assert_int_equal(work("2026-02-28"), 1); /* 周六 上班 */
	assert_int_equal(work("2026-03-01"), 0);
}

static void expect_wd(const char *start, int n, const char *want)
{
	struct fz_date out;
	struct fz_err err = FZ_ERR_INIT;
	char buf[FZ_DATE_STRLEN];
	if (fz_cal_add_workdays(cal, D(start), n, &out, &err))
		fail_msg("%s + %d WD: %s", start, n, err.msg);
	if (strcmp(fz_date_format(out, buf), want))
		fail_msg("%s + %d WD = %s, want %s", start, n, buf, want);
}

static void expect_nd(const char *start, int n, const char *want)
{
	struct fz_date out;
	struct fz_err err = FZ_ERR_INIT;
	char buf[FZ_DATE_STRLEN];
	if (fz_cal_add_natural_days_extended(cal, D(start), n, &out, &err))
		fail_msg("%s + %d ND: %s", start, n, err.msg);
	if (strcmp(fz_date_format(out, buf), want))
		fail_msg("%s + %d ND = %s, want %s", start, n, buf, want);
}

/* holidays.md §1 worked examples; 行政复议法 Art. 30/88(2), 行政处罚法 Art.
 * 64/85: the trigger day is not counted, make-up workdays are counted. */
static void test_cal__add_workdays_across_tiaoxiu(void **state)
{
	(void)state;
	expect_wd("2026-02-12", 5, "2026-02-26");
	expect_wd("2025-09-26", 5, "2025-10-10");
	expect_wd("2023-01-19", 3, "2023-01-29"); /* ends on a make-up Sunday */
	expect_wd("2023-09-28", 1, "2023-10-07");
	expect_wd("2023-09-28", 2, "2023-10-08");
	expect_wd("2023-09-28", 3, "2023-10-09");
	expect_wd("2024-04-03", 1, "2024-04-07"); /* 清明 make-up Sunday */
	expect_wd("2024-06-07", 1, "2024-06-11"); /* weekend + 端午 Monday */
	expect_wd("2024-06-07", 0, "2024-06-07");
	expect_wd("2024-06-08", 0, "2024-06-08"); /* n = 0 is the trigger */
}

static void test_cal__add_workdays_cross_year(void **state)
{
	(void)state;
	/* 12-30/31 weekend, 2024-01-01 元旦 */
	expect_wd("2023-12-29", 3, "2024-01-04");
	/* 2026-01-01..03 元旦, 01-04 (Sunday) 上班 */
	expect_wd("2025-12-31", 1, "2026-01-04");
	expect_wd("2025-12-31", 2, "2026-01-05");
	/* from the 2022-12-31 holiday (listed in 2023.txt): not examined */
	expect_wd("2022-12-31", 1, "2023-01-03");
}

/* 民事诉讼法 Art. 85(3) / 民法典 Art. 203: last day on a rest day moves on. */
static void test_cal__natural_days_extended(void **state)
{
	(void)state;
	expect_nd("2025-09-20", 15, "2025-10-09");
	expect_nd("2023-01-10", 15, "2023-01-28"); /* make-up Saturday */
	expect_nd("2024-04-19", 15, "2024-05-06");
	expect_nd("2024-06-01", 7, "2024-06-11"); /* Sat -> Sun -> 端午 -> Tue */
	expect_nd("2024-03-01", 14, "2024-03-15"); /* plain Friday, no move */
	expect_nd("2023-09-28", 9, "2023-10-07");
}

static void test_cal__months_extended(void **state)
{
	struct fz_date out;
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_cal_add_months_extended(cal, D("2024-01-31"), 1,
						    &out, &err), 0);
	assert_date(out, "2024-02-29");
	assert_int_equal(fz_cal_add_months_extended(cal, D("2023-09-03"), 1,
						    &out, &err), 0);
	assert_date(out, "2023-10-07");
	assert_int_equal(fz_cal_add_months_extended(cal, D("2023-04-10"), 6,
						    &out, &err), 0);
	assert_date(out, "2023-10-10");
}

static void test_cal__count_workdays(void **state)
{
	long n = 0;
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_cal_count_workdays(cal, D("2023-09-28"),
					       D("2023-10-08"), &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(fz_cal_count_workdays(cal, D("2023-10-08"),
					       D("2023-09-28"), &n, &err), 0);
	assert_int_equal(n, -2);
	assert_int_equal(fz_cal_count_workdays(cal, D("2023-10-08"),
					       D("2023-10-08"), &n, &err), 0);
	assert_int_equal(n, 0);
	/* Working days per year, holidays.md §4-§7: 249, 251, 248, 248. */
	assert_int_equal(fz_cal_count_workdays(cal, D("2022-12-31"),
					       D("2023-12-31"), &n, &err), 0);
	assert_int_equal(n, 249);
	assert_int_equal(fz_cal_count_workdays(cal, D("2023-12-31"),
					       D("2024-12-31"), &n, &err), 0);
	assert_int_equal(n, 251);
	assert_int_equal(fz_cal_count_workdays(cal, D("2024-12-31"),
					       D("2025-12-31"), &n, &err), 0);
	assert_int_equal(n, 248);
	assert_int_equal(fz_cal_count_workdays(cal, D("2025-12-31"),
					       D("2026-12-31"), &n, &err), 0);
	assert_int_equal(n, 248);
}

/* add_workdays and count_workdays agree everywhere in 2024. */
static void test_cal__add_and_count_agree(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	for (struct fz_date d = D("2024-01-01"); d.y == 2024;
	     d = fz_date_add_days(d, 1)) {
		for (int n = 0; n <= 25; n++) {
			struct fz_date e;
			long c = -1;
			assert_int_equal(fz_cal_add_workdays(cal, d, n, &e,
							     &err), 0);
			assert_int_equal(fz_cal_count_workdays(cal, d, e, &c,
							       &err), 0);
			assert_int_equal(c, n);
			if (n > 0)
				assert_int_equal(work(fz_date_format(e,
					(char[FZ_DATE_STRLEN]){ 0 })), 1);
		}
	}
}

/* holidays.md §1/§3: no silent weekends-only guess outside the data: before
 * the first notice, and past the provisional table (2036), counting fails
 * naming the year. */
static void test_cal__out_of_range_year_is_an_error(void **state)
{
	static const struct fz_embedded files[] = {
		{ "2035.txt", "" }, { NULL, NULL },
	};
	struct fz_date out = { 1, 1, 1 };
	struct fz_err err = FZ_ERR_INIT;
	struct fz_cal *c;
	long n;
	int w = 9;
	(void)state;
	assert_int_equal(fz_cal_is_workday(cal, D("2037-01-05"), &w, &err),
			 FZ_EINVAL);
	assert_int_equal(w, 9);
	assert_non_null(strstr(err.msg, "2037"));
	fz_err_clear(&err);
	assert_int_equal(fz_cal_is_workday(cal, D("2022-06-01"), &w, &err),
			 FZ_EINVAL);
	assert_non_null(strstr(err.msg, "2022"));
	/* a calendar whose last notice is 2035: 2036 provisional, 2037 not */
	assert_int_equal(fz_cal_load_files(&c, files, &err), 0);
	assert_true(fz_cal_provisional(c, D("2036-12-31")));
	assert_int_equal(fz_cal_add_workdays(c, D("2036-12-28"), 5, &out,
					     &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "2037"));
	assert_int_equal(out.y, 1);
	assert_int_equal(fz_cal_add_natural_days_extended(
				 c, D("2036-12-25"), 10, &out, &err),
			 FZ_EINVAL);
	assert_int_equal(fz_cal_count_workdays(c, D("2036-12-01"),
					       D("2037-01-10"), &n, &err),
			 FZ_EINVAL);
	/* ends in 2036, stays inside: fine */
	assert_int_equal(fz_cal_add_workdays(c, D("2036-12-28"), 3, &out,
					     &err), 0);
	assert_date(out, "2036-12-31");
	fz_cal_free(c);
}

/* 2027 has no notice yet (holidays.md §3): it counts provisionally with
 * weekends and the statutory days of 《全国年节及纪念日放假办法》 Art. 2 as
 * amended by 国务院令第795号.  Lunar dates: 除夕 2027-02-05, 正月初一
 * 2027-02-06, 清明 04-05, 端午 06-09, 中秋 09-15 (checked against
 * 6tail/lunar-javascript, see cal.c). */
static void test_cal__provisional_2027_statutory_days(void **state)
{
	static const char *const rest[] = {
		"2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07",
		"2027-02-08", "2027-04-05", "2027-05-01", "2027-05-02",
		"2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02",
		"2027-10-03", NULL,
	};
	int first, last;
	(void)state;
	assert_false(fz_cal_covers(cal, D("2027-02-05")));
	assert_true(fz_cal_provisional(cal, D("2027-02-05")));
	assert_false(fz_cal_provisional(cal, D("2026-12-31")));
	assert_false(fz_cal_provisional(cal, D("2022-12-31")));
	assert_int_equal(fz_cal_provisional_years(cal, &first, &last),
			 2036 - 2027 + 1);
	assert_int_equal(first, 2027);
	for (size_t i = 0; rest[i]; i++)
		assert_int_equal(work(rest[i]), 0);
	/* 2027-05-03 is a Monday: only 5月1日、2日 are statutory, and no
	 * notice has joined them into a longer break yet */
	assert_int_equal(work("2027-05-03"), 1);
	assert_int_equal(work("2027-02-04"), 1);  /* Thursday before 除夕 */
	assert_int_equal(work("2027-02-09"), 1);  /* Tuesday after 初三 */
	assert_int_equal(work("2027-01-02"), 0);  /* a plain Saturday */
	assert_string_equal(fz_cal_label(cal, D("2027-02-05")), "春节（法定）");
	assert_string_equal(fz_cal_label(cal, D("2027-04-05")), "清明节（法定）");
	assert_null(fz_cal_label(cal, D("2027-02-09")));
	/* 2028: 中秋 falls on 10月3日, inside 国庆 */
	assert_string_equal(fz_cal_label(cal, D("2028-10-03")),
			    "国庆节、中秋节（法定）");
	assert_string_equal(fz_cal_label(cal, D("2028-01-25")), "春节（法定）");
}

/* A 60-day period (民事诉讼法 Art. 85) started today, 2026-12-07: the raw
 * last day 2027-02-05 is 除夕; 02-06 to 02-08 are 春节 and the weekend, so
 * it ends on Tuesday 2027-02-09 (Art. 85(3)), provisionally. */
static void test_cal__period_into_2027_is_provisional(void **state)
{
	struct fz_date out;
	struct fz_err err = FZ_ERR_INIT;
	long n;
	(void)state;
	assert_int_equal(fz_cal_add_natural_days_extended(
				 cal, D("2026-12-07"), 60, &out, &err), 0);
	assert_date(out, "2027-02-09");
	assert_true(fz_cal_provisional(cal, out));
	/* 工作日 through the year end: 12-28..31 are days 1-4, 2027-01-01 is
	 * 元旦, 01-04 is day 5 */
	assert_int_equal(fz_cal_add_workdays(cal, D("2026-12-25"), 5, &out,
					     &err), 0);
	assert_date(out, "2027-01-04");
	assert_int_equal(fz_cal_count_workdays(cal, D("2026-12-01"),
					       D("2027-01-10"), &n, &err), 0);
	assert_int_equal(n, 22 + 5);
}

/* A notice for 2027 (compiled or imported) replaces the provisional count:
 * its 调休 workdays count, 2028 becomes the first provisional year, and a
 * date it lists in December 2026 wins over 2026's entry. */
static void test_cal__notice_replaces_provisional_year(void **state)
{
	static const struct fz_embedded files[] = {
		{ "2026.txt", "2026-12-31 holiday 旧标签\n" },
		{ "2027.txt", "2026-12-31 holiday 元旦\n"
			      "2027-02-04 holiday 春节\n"
			      "2027-02-20 workday 春节调休\n" },
		{ NULL, NULL },
	};
	struct fz_cal *c;
	struct fz_err err = FZ_ERR_INIT;
	int w, first, last;
	(void)state;
	assert_int_equal(fz_cal_load_files(&c, files, &err), 0);
	assert_true(fz_cal_covers(c, D("2027-06-01")));
	assert_false(fz_cal_provisional(c, D("2027-06-01")));
	assert_true(fz_cal_provisional(c, D("2028-06-01")));
	fz_cal_provisional_years(c, &first, &last);
	assert_int_equal(first, 2028);
	assert_string_equal(fz_cal_label(c, D("2026-12-31")), "元旦");
	assert_int_equal(fz_cal_is_workday(c, D("2027-02-20"), &w, &err), 0);
	assert_int_equal(w, 1);
	assert_int_equal(fz_cal_is_workday(c, D("2027-02-04"), &w, &err), 0);
	assert_int_equal(w, 0);
	/* the notice, not the statutory table, decides 2027 */
	assert_int_equal(fz_cal_is_workday(c, D("2027-02-09"), &w, &err), 0);
	assert_int_equal(w, 1);
	assert_null(fz_cal_label(c, D("2027-02-05")));
	fz_cal_free(c);
}

/* fz_cal_replace: the live handle answers with the new days; a label read
 * before stays valid until the handle is freed (ASan checks). */
static void test_cal__replace_swaps_and_keeps_old(void **state)
{
	static const struct fz_embedded files[] = {
		{ "2027.txt", "2027-02-13 workday 测试调休\n" }, { NULL, NULL },
	};
	struct fz_cal *live, *fresh;
	struct fz_err err = FZ_ERR_INIT;
	const char *old;
	(void)state;
	assert_int_equal(fz_cal_load(&live, &err), 0);
	old = fz_cal_label(live, D("2027-02-06"));
	assert_string_equal(old, "春节（法定）");
	assert_int_equal(fz_cal_load_files(&fresh, files, &err), 0);
	assert_int_equal(fz_cal_replace(live, fresh), 0);
	assert_false(fz_cal_provisional(live, D("2027-02-06")));
	assert_string_equal(fz_cal_label(live, D("2027-02-13")), "测试调休");
	assert_string_equal(old, "春节（法定）");
	fz_cal_free(live);
}

static void test_cal__bad_arguments(void **state)
{
	struct fz_date out, bad = { 2023, 2, 29 };
	struct fz_err err = FZ_ERR_INIT;
	int w;
	(void)state;
	assert_int_equal(fz_cal_add_workdays(cal, D("2024-01-02"), -1, &out,
					     &err), FZ_EINVAL);
	assert_int_equal(fz_cal_add_workdays(cal, bad, 1, &out, &err),
			 FZ_EINVAL);
	assert_int_equal(fz_cal_is_workday(cal, bad, &w, &err), FZ_EINVAL);
	assert_int_equal(fz_cal_add_natural_days_extended(cal, D("2024-01-02"),
							  -3, &out, &err),
			 FZ_EINVAL);
	assert_int_equal(fz_cal_add_months_extended(cal, D("2024-01-02"), -1,
						    &out, &err), FZ_EINVAL);
	assert_false(fz_cal_covers(cal, bad));
	assert_null(fz_cal_label(cal, bad));
}

static void expect_load_fails(const char *name, const char *data)
{
	struct fz_embedded files[] = { { name, data }, { NULL, NULL } };
	static char sentinel;
	struct fz_cal *c = (struct fz_cal *)(void *)&sentinel; /* reset? */
	struct fz_err err = FZ_ERR_INIT;
	if (fz_cal_load_files(&c, files, &err) != FZ_EINVAL)
		fail_msg("loaded bad calendar %s: %s", name, data);
	assert_null(c);
	assert_true(err.msg[0] != '\0');
}

static void test_cal__load_rejects_bad_data(void **state)
{
	(void)state;
	expect_load_fails("2024.dat", "2024-01-01 holiday 元旦\n");
	expect_load_fails("2024.txt", "2024-01-01 holyday 元旦\n");
	expect_load_fails("2024.txt", "2024-02-30 holiday 元旦\n");
	expect_load_fails("2024.txt", "2024-01-01 holiday\n");
	expect_load_fails("2024.txt", "2024-01-01 holiday \n");
	expect_load_fails("2024.txt", "2024-01-01holiday 元旦\n");
	/* 2024-01-02 is a Tuesday: it cannot be a make-up workday */
	expect_load_fails("2024.txt", "2024-01-02 workday 元旦调休\n");
	expect_load_fails("2024.txt",
			  "2024-01-01 holiday 元旦\n2024-01-01 holiday 元旦\n");
	/* more than a year away from the file's year */
	expect_load_fails("2024.txt", "2030-01-01 holiday 元旦\n");
	expect_load_fails("2024.txt", "2024-01-01 holiday "
			  "一个非常非常非常非常非常非常非常非常非常非常长的标签\n");

	struct fz_embedded none[] = { { NULL, NULL } };
	struct fz_cal *c;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_cal_load_files(&c, none, &err), FZ_EINVAL);
}

static void test_cal__load_custom_files(void **state)
{
	static const struct fz_embedded files[] = {
		{ "2031.txt", "# comment\r\n\n2031-01-01 holiday 元旦\r\n"
			      "2031-01-04 workday 元旦调休" },
		{ "2030.txt", "" },
		{ NULL, NULL },
	};
	struct fz_cal *c;
	struct fz_err err = FZ_ERR_INIT;
	int w, first, last;
	(void)state;
	assert_int_equal(fz_cal_load_files(&c, files, &err), 0);
	fz_cal_years(c, &first, &last);
	assert_int_equal(first, 2030);
	assert_int_equal(last, 2031);
	assert_int_equal(fz_cal_is_workday(c, D("2031-01-01"), &w, &err), 0);
	assert_int_equal(w, 0);
	assert_int_equal(fz_cal_is_workday(c, D("2031-01-04"), &w, &err), 0);
	assert_int_equal(w, 1);
	assert_string_equal(fz_cal_label(c, D("2031-01-04")), "元旦调休");
	assert_int_equal(fz_cal_is_workday(c, D("2030-01-01"), &w, &err), 0);
	assert_int_equal(w, 1); /* no data listed: a plain Tuesday */
	fz_cal_free(c);
}

/* Regression (found by fuzz_cal): a calendar whose files list no date
 * passed a NULL array to qsort/bsearch. */
static void test_cal__load_file_without_dates(void **state)
{
	static const struct fz_embedded files[] = {
		{ "2030.txt", "# nothing announced\n" },
		{ NULL, NULL },
	};
	struct fz_cal *c;
	struct fz_err err = FZ_ERR_INIT;
	int w = -1;
	(void)state;
	assert_int_equal(fz_cal_load_files(&c, files, &err), 0);
	assert_int_equal(fz_cal_is_workday(c, D("2030-01-05"), &w, &err), 0);
	assert_int_equal(w, 0); /* a plain Saturday */
	assert_null(fz_cal_label(c, D("2030-01-05")));
	fz_cal_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cal__date_parse_accepts_real_dates),
		cmocka_unit_test(test_cal__date_parse_rejects_invalid),
		cmocka_unit_test(test_cal__date_arithmetic),
		cmocka_unit_test(test_cal__weekday),
		cmocka_unit_test(test_cal__add_months_clamps_to_month_end),
		cmocka_unit_test(test_cal__covers_2023_to_2026),
		cmocka_unit_test(test_cal__national_day_2023),
		cmocka_unit_test(test_cal__spring_festival_2024),
		cmocka_unit_test(test_cal__spring_festival_2025),
		cmocka_unit_test(test_cal__spring_festival_2026),
		cmocka_unit_test(test_cal__add_workdays_across_tiaoxiu),
		cmocka_unit_test(test_cal__add_workdays_cross_year),
		cmocka_unit_test(test_cal__natural_days_extended),
		cmocka_unit_test(test_cal__months_extended),
		cmocka_unit_test(test_cal__count_workdays),
		cmocka_unit_test(test_cal__add_and_count_agree),
		cmocka_unit_test(test_cal__out_of_range_year_is_an_error),
		cmocka_unit_test(test_cal__provisional_2027_statutory_days),
		cmocka_unit_test(test_cal__period_into_2027_is_provisional),
		cmocka_unit_test(test_cal__notice_replaces_provisional_year),
		cmocka_unit_test(test_cal__replace_swaps_and_keeps_old),
		cmocka_unit_test(test_cal__bad_arguments),
		cmocka_unit_test(test_cal__load_rejects_bad_data),
		cmocka_unit_test(test_cal__load_custom_files),
		cmocka_unit_test(test_cal__load_file_without_dates),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
