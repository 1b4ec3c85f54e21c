/* test_money.c - 分 amounts and 大写金额 (src/core/money.c).  The 大写 vectors
 * are every generator row and every official example in identifiers.md §4
 * (《正确填写票据和结算凭证的基本规定》, 银发〔1997〕393号), canonical form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/money.h"

static void expect_daxie(int64_t cents, const char *want)
{
	char buf[FZ_MONEY_DAXIE_LEN];
	struct fz_err err = FZ_ERR_INIT;
	if (fz_money_daxie(cents, buf, sizeof(buf), &err))
		fail_msg("%lld: %s", (long long)cents, err.msg);
	if (strcmp(buf, want))
		fail_msg("%lld -> %s, want %s", (long long)cents, buf, want);
}

/* identifiers.md §4, "Generator outputs" table, every row. */
static void test_money__daxie_generator_table(void **state)
{
	(void)state;
	expect_daxie(1005030, "人民币壹万零伍拾元叁角");
	expect_daxie(1000, "人民币壹拾元整");
	expect_daxie(1500, "人民币壹拾伍元整");
	expect_daxie(30, "人民币叁角");
	expect_daxie(5, "人民币伍分");
	expect_daxie(0, "人民币零元整");
	expect_daxie(20005, "人民币贰佰元零伍分");
	expect_daxie(101000, "人民币壹仟零壹拾元整");
	expect_daxie(10001000, "人民币壹拾万零壹拾元整");
	expect_daxie(100010000, "人民币壹佰万零壹佰元整");
	expect_daxie(100000001, "人民币壹佰万元零壹分");
	expect_daxie(2000000050, "人民币贰仟万元伍角");
	expect_daxie(10000000100, "人民币壹亿零壹元整");
	expect_daxie(10050000000, "人民币壹亿零伍拾万元整");
	expect_daxie(INT64_C(1234567890123),
		     "人民币壹佰贰拾叁亿肆仟伍佰陆拾柒万捌仟玖佰零壹元贰角叁分");
}

/* The official examples (rules 4a-4d), in the canonical form: rule 4c's
 * second alternative. */
static void test_money__daxie_official_examples(void **state)
{
	(void)state;
	expect_daxie(140950, "人民币壹仟肆佰零玖元伍角");          /* 4a */
	expect_daxie(600714, "人民币陆仟零柒元壹角肆分");          /* 4b */
	expect_daxie(168032, "人民币壹仟陆佰捌拾元叁角贰分");      /* 4c */
	expect_daxie(10700053, "人民币壹拾万零柒仟元伍角叁分");    /* 4c */
	expect_daxie(1640902, "人民币壹万陆仟肆佰零玖元零贰分");   /* 4d */
	expect_daxie(32504, "人民币叁佰贰拾伍元零肆分");          /* 4d */
}

static void test_money__daxie_edges(void **state)
{
	char buf[FZ_MONEY_DAXIE_LEN];
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	expect_daxie(1, "人民币壹分");
	expect_daxie(99, "人民币玖角玖分");
	expect_daxie(100, "人民币壹元整");
	expect_daxie(101, "人民币壹元零壹分");
	expect_daxie(110, "人民币壹元壹角");
	expect_daxie(1000000, "人民币壹万元整");
	expect_daxie(1100000, "人民币壹万壹仟元整");
	expect_daxie(10000000000, "人民币壹亿元整");
	expect_daxie(FZ_MONEY_MAX, "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万"
				   "玖仟玖佰玖拾玖元玖角玖分");
	assert_int_equal(fz_money_daxie(-1, buf, sizeof(buf), &err),
			 FZ_EINVAL);
	assert_string_equal(buf, "");
	assert_int_equal(fz_money_daxie(FZ_MONEY_MAX + 1, buf, sizeof(buf),
					&err), FZ_EINVAL);
	/* too small a buffer: error, empty output, no overflow */
	assert_int_equal(fz_money_daxie(1005030, buf, 12, &err), FZ_EINVAL);
	assert_string_equal(buf, "");
	assert_int_equal(fz_money_daxie(0, buf, 0, &err), FZ_EINVAL);
}

static void expect_fmt(int64_t cents, const char *want)
{
	char buf[FZ_MONEY_STRLEN];
	assert_string_equal(fz_money_format(cents, buf), want);
}

static void test_money__format(void **state)
{
	(void)state;
	expect_fmt(0, "0.00");
	expect_fmt(5, "0.05");
	expect_fmt(-5, "-0.05");
	expect_fmt(123450, "1,234.50");
	expect_fmt(100000, "1,000.00");
	expect_fmt(99999, "999.99");
	expect_fmt(-123456789, "-1,234,567.89");
	expect_fmt(INT64_MAX, "92,233,720,368,547,758.07");
	expect_fmt(INT64_MIN, "-92,233,720,368,547,758.08");
}

static int64_t parse_ok(const char *s, int flags)
{
	int64_t v = -999;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_money_parse(&v, s, flags, &err))
		fail_msg("rejected \"%s\": %s", s, err.msg);
	return v;
}

static void test_money__parse_accepts(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1234.5", 0), 123450);
	assert_int_equal(parse_ok("1234.50", 0), 123450);
	assert_int_equal(parse_ok("1,234.50", 0), 123450);
	assert_int_equal(parse_ok("1234", 0), 123400);
	assert_int_equal(parse_ok("0.05", 0), 5);
	assert_int_equal(parse_ok("0", 0), 0);
	assert_int_equal(parse_ok(" 12.3 ", 0), 1230);
	assert_int_equal(parse_ok("1,000,000", 0), 100000000);
	assert_int_equal(parse_ok("-0.05", FZ_MONEY_NEGATIVE), -5);
	assert_int_equal(parse_ok("-1,234.50", FZ_MONEY_NEGATIVE), -123450);
	assert_int_equal(parse_ok("999,999,999,999.99", 0), FZ_MONEY_MAX);
	/* round trip through the formatter */
	char buf[FZ_MONEY_STRLEN];
	for (int64_t c = -100001; c <= 100001; c += 1237)
		assert_int_equal(parse_ok(fz_money_format(c, buf),
					  FZ_MONEY_NEGATIVE), c);
}

static void test_money__parse_rejects(void **state)
{
	static const char *bad[] = {
		"", "   ", "1.234", "0.001", "1.", ".5", "-", "+5", "1e3",
		"1,23", "12,34.5", ",123", "1234,567", "1,,234", "1,234,",
		"1 234", "0x10", "１２", "12元", "1.2.3", "1.-2", "NaN",
		"1000000000000", "1,000,000,000,000.00", "99999999999999999999999",
		"9223372036854775808", "9223372036854775.807",
		"100000000000000000000000000000000000000000000000000000000000000000000",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 42;
		struct fz_err err = FZ_ERR_INIT;
		if (fz_money_parse(&v, bad[i], FZ_MONEY_NEGATIVE, &err) !=
		    FZ_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(v, 42);
		assert_int_equal(err.code, FZ_EINVAL);
		assert_string_equal(err.field, "amount");
	}
	int64_t v = 42;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_money_parse(&v, "-5", 0, &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "负数"));
	assert_int_equal(fz_money_parse(&v, "1.234", 0, &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "两位小数"));
	assert_int_equal(fz_money_parse(&v, NULL, 0, &err), FZ_EINVAL);
	assert_int_equal(v, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money__daxie_generator_table),
		cmocka_unit_test(test_money__daxie_official_examples),
		cmocka_unit_test(test_money__daxie_edges),
		cmocka_unit_test(test_money__format),
		cmocka_unit_test(test_money__parse_accepts),
		cmocka_unit_test(test_money__parse_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
