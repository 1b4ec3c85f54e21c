/* test_notice.c - the holiday-notice parser (src/engine/calendar/notice.c).
 * The 2026 notice as published (holidays.md §7, shared reference
 * notices/2026.txt) must give exactly the day lines of data/calendar/
 * 2026.txt; the variants cover the wordings of the 2023-2025 notices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/embed.h"
#include "engine/calendar/notice.h"

/* 国办发明电〔2025〕7号 as the Xinhua release prints it. */
static const char notice_2026[] =
	"国务院办公厅关于2026年部分节假日安排的通知\n"
	"（国务院办公厅 2025年11月4日发布；新华社 2025-11-04 播发全文）\n"
	"\n"
	"各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
	"经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。\n"
	"一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n"
	"二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。\n"
	"三、清明节：4月4日（周六）至6日（周一）放假，共3天。\n"
	"四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。\n"
	"五、端午节：6月19日（周五）至21日（周日）放假，共3天。\n"
	"六、中秋节：9月25日（周五）至27日（周日）放假，共3天。\n"
	"七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。\n"
	"鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期，推动错峰出行。节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。\n"
	"国务院办公厅\n"
	"2025年11月4日\n";

/* The day lines (no comments) of an embedded data/calendar file. */
static void data_lines(const char *name, struct fz_buf *out)
{
	for (const struct fz_embedded *f = fz_calendar_files; f->name; f++) {
		const char *p = f->data;
		if (strcmp(f->name, name))
			continue;
		while (*p) {
			size_t n = strcspn(p, "\n");
			if (n && p[0] != '#') {
				fz_buf_add(out, p, n);
				fz_buf_addch(out, '\n');
			}
			p += n + (p[n] == '\n');
		}
	}
}

static void parse_ok(const char *text, struct fz_notice *n)
{
	struct fz_err err = FZ_ERR_INIT;
	if (fz_notice_parse(n, text, &err))
		fail_msg("notice refused: %s", err.msg);
}

static void expect_lines(const char *text, const char *want)
{
	struct fz_notice n;
	struct fz_buf got = FZ_BUF_INIT;
	parse_ok(text, &n);
	fz_notice_format(&n, &got);
	assert_string_equal(got.data, want);
	fz_buf_release(&got);
	fz_notice_release(&n);
}

static void expect_refused(const char *text, const char *fragment)
{
	struct fz_notice n;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_notice_parse(&n, text, &err), FZ_EINVAL);
	if (!strstr(err.msg, fragment))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, fragment);
	assert_int_equal(n.n, 0);
	assert_null(n.days);
}

static void test_notice__2026_gives_the_data_file(void **state)
{
	struct fz_notice n;
	struct fz_buf want = FZ_BUF_INIT, got = FZ_BUF_INIT;
	(void)state;
	parse_ok(notice_2026, &n);
	assert_int_equal(n.year, 2026);
	assert_string_equal(n.title, "国务院办公厅关于2026年部分节假日安排的通知");
	data_lines("2026.txt", &want);
	assert_true(want.len > 0);
	fz_notice_format(&n, &got);
	assert_string_equal(got.data, want.data);
	fz_buf_release(&want);
	fz_buf_release(&got);
	fz_notice_release(&n);
}

#define TITLE(y) "国务院办公厅关于" y "年部分节假日安排的通知\n"

/* Half-width digits and brackets, 星期 instead of 周, several 上班 dates
 * (the 2023 notice's wording). */
static void test_notice__half_width_and_xingqi(void **state)
{
	(void)state;
	expect_lines(TITLE("2023")
		"四、劳动节:4月29日至5月3日放假调休,共5天。"
		"4月23日(星期日)、5月6日(星期六)上班。\n",
		"2023-04-23 workday 劳动节调休\n"
		"2023-04-29 holiday 劳动节\n2023-04-30 holiday 劳动节\n"
		"2023-05-01 holiday 劳动节\n2023-05-02 holiday 劳动节\n"
		"2023-05-03 holiday 劳动节\n"
		"2023-05-06 workday 劳动节调休\n");
	/* full-width digits (ｘ月ｙ日) read the same */
	expect_lines(TITLE("２０２３")
		"三、清明节：４月５日放假，共１天。\n",
		"2023-04-05 holiday 清明节\n");
}

/* 元旦 reaching back into December (国办发明电〔2022〕16号). */
static void test_notice__cross_year_new_year(void **state)
{
	(void)state;
	expect_lines(TITLE("2023")
		"一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。\n"
		"六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。"
		"10月7日（星期六）、10月8日（星期日）上班。\n",
		"2022-12-31 holiday 元旦\n2023-01-01 holiday 元旦\n"
		"2023-01-02 holiday 元旦\n"
		"2023-09-29 holiday 中秋节、国庆节\n2023-09-30 holiday 中秋节、国庆节\n"
		"2023-10-01 holiday 中秋节、国庆节\n2023-10-02 holiday 中秋节、国庆节\n"
		"2023-10-03 holiday 中秋节、国庆节\n2023-10-04 holiday 中秋节、国庆节\n"
		"2023-10-05 holiday 中秋节、国庆节\n2023-10-06 holiday 中秋节、国庆节\n"
		"2023-10-07 workday 中秋节、国庆节调休\n"
		"2023-10-08 workday 中秋节、国庆节调休\n");
}

/* One date joined with the weekend (2024), one day with no swap (2025). */
static void test_notice__single_days(void **state)
{
	(void)state;
	expect_lines(TITLE("2024")
		"一、元旦：1月1日放假，与周末连休。\n"
		"二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、"
		"2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，"
		"安排职工在除夕（2月9日）休息。\n",
		"2024-01-01 holiday 元旦\n2024-02-04 workday 春节调休\n"
		"2024-02-10 holiday 春节\n2024-02-11 holiday 春节\n"
		"2024-02-12 holiday 春节\n2024-02-13 holiday 春节\n"
		"2024-02-14 holiday 春节\n2024-02-15 holiday 春节\n"
		"2024-02-16 holiday 春节\n2024-02-17 holiday 春节\n"
		"2024-02-18 workday 春节调休\n");
	expect_lines(TITLE("2025")
		"一、元旦：1月1日（周三）放假1天，不调休。\n",
		"2025-01-01 holiday 元旦\n");
}

static void test_notice__wrong_count_is_refused(void **state)
{
	(void)state;
	expect_refused(TITLE("2026")
		"三、清明节：4月4日（周六）至6日（周一）放假，共4天。\n",
		"第2行：“清明节”放假日期共3天，与通知所写“共4天”不符");
	expect_refused(TITLE("2025")
		"一、元旦：1月1日（周三）放假2天，不调休。\n", "第2行");
}

static void test_notice__bad_text_is_refused(void **state)
{
	(void)state;
	expect_refused("", "为空");
	expect_refused("一、元旦：1月1日放假，共1天。\n", "未找到通知标题");
	expect_refused(TITLE("2026") "各地区要妥善安排。\n", "未找到放假安排");
	/* the weekday note disagrees with the date */
	expect_refused(TITLE("2026") "一、元旦：1月1日（周五）放假，共1天。\n",
		       "星期四");
	/* a make-up workday on a weekday */
	expect_refused(TITLE("2026") "一、元旦：1月1日放假，共1天。1月5日上班。\n",
		       "不是周六或周日");
	expect_refused(TITLE("2026") "一、元旦：2月30日放假。\n", "无效");
	expect_refused(TITLE("2026") "一、1月1日放假，共1天。\n", "节日名称");
	expect_refused(TITLE("2026") "一、元旦：1月1日放假。\n"
		       "二、春节：1月1日放假。\n", "重复");
	expect_refused(TITLE("2026") "一、元旦：1月3日至1日放假。\n", "早于");
	expect_refused(TITLE("2026") "一、元旦：前后几天放假。\n", "无法识别");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notice__2026_gives_the_data_file),
		cmocka_unit_test(test_notice__half_width_and_xingqi),
		cmocka_unit_test(test_notice__cross_year_new_year),
		cmocka_unit_test(test_notice__single_days),
		cmocka_unit_test(test_notice__wrong_count_is_refused),
		cmocka_unit_test(test_notice__bad_text_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
