/* test_report_fmt.c - domain/report/report_fmt: figures as the 2023
 * report writes them ("2.37万件", "7700余人次", "8万余次", "40亿余元",
 * "62.1%", "同比提升26.39%"), worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/report/report_fmt.h"

static void count_is(int64_t n, enum fz_report_style st, const char *want)
{
	struct fz_buf b = FZ_BUF_INIT;
	fz_report_count(n, st, &b);
	assert_string_equal(b.data, want);
	fz_buf_release(&b);
}

static void rate_is(int64_t num, int64_t den, enum fz_report_style st, const char *want)
{
	struct fz_buf b = FZ_BUF_INIT;
	fz_report_rate(num, den, st, &b);
	assert_string_equal(b.data, want);
	fz_buf_release(&b);
}

static void yoy_is(int64_t cur, int64_t prev, const char *want)
{
	struct fz_buf b = FZ_BUF_INIT;
	fz_report_yoy(cur, prev, &b);
	assert_string_equal(b.len ? b.data : "", want);
	fz_buf_release(&b);
}

static void test_report_fmt__wan_and_yi(void **state)
{
	(void)state;
	count_is(350, FZ_REPORT_WAN, "350");
	count_is(9999, FZ_REPORT_WAN, "9999");
	count_is(23736, FZ_REPORT_WAN, "2.37万");        /* 2.3736 → 2.37 */
	count_is(23750, FZ_REPORT_WAN, "2.38万");        /* half up */
	count_is(20000, FZ_REPORT_WAN, "2万");
	count_is(23000, FZ_REPORT_WAN, "2.3万");
	count_is(99999999, FZ_REPORT_WAN, "1亿");        /* 9999.9999万 rounds up */
	count_is(999092100, FZ_REPORT_WAN, "9.99亿");
	count_is(350, FZ_REPORT_EXACT, "350");
	count_is(-5, FZ_REPORT_EXACT, "0");
}

static void test_report_fmt__yu_rounds_down(void **state)
{
	(void)state;
	count_is(75, FZ_REPORT_YU, "75");
	count_is(125, FZ_REPORT_YU, "120余");
	count_is(120, FZ_REPORT_YU, "120");
	count_is(7712, FZ_REPORT_YU, "7700余");
	count_is(80321, FZ_REPORT_YU, "8万余");
	count_is(80000, FZ_REPORT_YU, "8万");
	count_is(4012345678, FZ_REPORT_YU, "40亿余");
}

static void test_report_fmt__rates_from_integers(void **state)
{
	(void)state;
	rate_is(621, 1000, FZ_REPORT_PCT, "62.1%");
	rate_is(2, 3, FZ_REPORT_PCT, "66.7%");          /* 66.666… half up */
	rate_is(2, 3, FZ_REPORT_PCT2, "66.67%");
	rate_is(1, 1, FZ_REPORT_PCT, "100%");
	rate_is(0, 7, FZ_REPORT_PCT, "0%");
	rate_is(1, 0, FZ_REPORT_PCT, "—");
	rate_is(1, 8, FZ_REPORT_PCT2, "12.5%");         /* 12.50: the zero dropped */
}

static void test_report_fmt__year_on_year(void **state)
{
	(void)state;
	/* 2023: 80,000+ documents served online, +26.39 % on 2022 */
	yoy_is(12639, 10000, "同比增长26.39%");
	yoy_is(9000, 10000, "同比下降10%");
	yoy_is(10, 10, "与上年持平");
	yoy_is(10, 0, "");
	assert_int_equal(fz_report_style("wan"), FZ_REPORT_WAN);
	assert_int_equal(fz_report_style("pct2"), FZ_REPORT_PCT2);
	assert_int_equal(fz_report_style("万"), -1);
	assert_int_equal(fz_report_style(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_fmt__wan_and_yi),
		cmocka_unit_test(test_report_fmt__yu_rounds_down),
		cmocka_unit_test(test_report_fmt__rates_from_integers),
		cmocka_unit_test(test_report_fmt__year_on_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
