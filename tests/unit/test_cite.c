/* test_cite.c - machine citations to the form people read (src/core/cite.c).
 * The expected texts follow how the laws cite each other: 第六十四条第一款,
 * 第七十二条第一款第（一）项, 刑法 第二百八十七条之二. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/cite.h"

static void expect(const char *machine, const char *want)
{
	char *got = fz_cite_dup(machine);
	assert_non_null(got);
	if (strcmp(got, want))
		fail_msg("%s\n -> %s\n want %s", machine, got, want);
	free(got);
}

static void test_cite__numbers(void **state)
{
	static const struct { long n; const char *cn; } v[] = {
		{ 1, "一" }, { 10, "十" }, { 11, "十一" }, { 20, "二十" },
		{ 60, "六十" }, { 85, "八十五" }, { 100, "一百" },
		{ 105, "一百零五" }, { 110, "一百一十" }, { 287, "二百八十七" },
		{ 1000, "一千" }, { 1005, "一千零五" }, { 1010, "一千零一十" },
		{ 1260, "一千二百六十" }, { 1200, "一千二百" },
	};
	char out[32];
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_string_equal(fz_cite_number(v[i].n, out), v[i].cn);
	assert_string_equal(fz_cite_number(0, out), "0");
}

static void test_cite__national_laws(void **state)
{
	(void)state;
	expect("行政处罚法 Art. 60", "《中华人民共和国行政处罚法》第六十条");
	expect("行政处罚法 Art. 64(1), Art. 85",
	       "《中华人民共和国行政处罚法》第六十四条第一款、第八十五条");
	expect("行政处罚法 Art. 72(1)(一)",
	       "《中华人民共和国行政处罚法》第七十二条第一款第（一）项");
	expect("行政处罚法 Art. 64(一), Art. 85",
	       "《中华人民共和国行政处罚法》第六十四条第（一）项、第八十五条");
	expect("行政复议法 Art. 30(1)(3)",
	       "《中华人民共和国行政复议法》第三十条第一款第（三）项");
	expect("民法典 Art. 202", "《中华人民共和国民法典》第二百零二条");
	expect("刑法 Art. 287-2", "《中华人民共和国刑法》第二百八十七条之二");
	expect("行政复议法 Art. 61-72",
	       "《中华人民共和国行政复议法》第六十一条至第七十二条");
}

static void test_cite__other_sources(void **state)
{
	(void)state;
	expect("国务院令第310号 Art. 9(1)",
	       "《行政执法机关移送涉嫌犯罪案件的规定》第九条第一款");
	expect("法释〔2013〕3号 Art. 3, 4, 6；刑法 Art. 276-1（浙江省数额标准未查得）",
	       "法释〔2013〕3号第三条、第四条、第六条；"
	       "《中华人民共和国刑法》第二百七十六条之一（浙江省数额标准未查得）");
	expect("追诉标准（一） Art. 16；刑法 Art. 140",
	       "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》"
	       "第十六条；《中华人民共和国刑法》第一百四十条");
	expect("市场监督管理行政处罚程序规定 Art. 64",
	       "《市场监督管理行政处罚程序规定》第六十四条");
	expect("《城市道路管理条例》 Art. 42", "《城市道路管理条例》第四十二条");
}

static void test_cite__already_chinese(void **state)
{
	(void)state;
	expect("劳动争议调解仲裁法第十四条第三款；浙江省劳动人事争议调解仲裁条例第十条",
	       "《中华人民共和国劳动争议调解仲裁法》第十四条第三款；"
	       "《浙江省劳动人事争议调解仲裁条例》第十条");
	expect("《中华人民共和国行政处罚法》第六十条",
	       "《中华人民共和国行政处罚法》第六十条");
	expect("经本机关负责人批准", "经本机关负责人批准");
	expect("", "");
	expect(NULL, "");
}

/* Whatever comes in, no "Art." goes out when a number follows it. */
static void test_cite__no_english_left(void **state)
{
	static const char *const in[] = {
		"行政处罚法 Art. 67(3), Art. 66(2)",
		"行政处罚法 Art. 61, Art. 85",
		"国务院令第310号 Art. 12",
		"法释〔2019〕15号 Art. 12；刑法 Art. 287-2",
		"法释〔2021〕24号 Art. 1, 13(2)；刑法 Art. 143",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *got = fz_cite_dup(in[i]);
		assert_non_null(got);
		if (strstr(got, "Art"))
			fail_msg("%s -> %s", in[i], got);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cite__numbers),
		cmocka_unit_test(test_cite__national_laws),
		cmocka_unit_test(test_cite__other_sources),
		cmocka_unit_test(test_cite__already_chinese),
		cmocka_unit_test(test_cite__no_english_left),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
