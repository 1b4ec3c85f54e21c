/* test_rules.c - engine/rules: the language (syntax errors with line and
 * column, units, types, three-valued logic, all-or-nothing loading) and
 * data/rules/transfer.rules, every threshold at, just below and just above
 * its boundary (thresholds.md: "以上" includes the figure, 刑法 Art. 99). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/rules/rules.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;
	char *s;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		fclose(f);
		return NULL;
	}
	s[n] = '\0';
	fclose(f);
	return s;
}

static struct fz_rules *transfer;

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char *text = slurp("data/rules/transfer.rules");
	int rc;
	if (!text) {
		fprintf(stderr, "run from the repository root\n");
		return -1;
	}
	rc = fz_rules_compile(&transfer, "transfer.rules", text, NULL, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	/* the set keeps its own copies: the text may go */
	free(text);
	return rc;
}

static int teardown(void **state)
{
	fz_rules_free(transfer);
	return 0;
}

/* Compile src as "t.rules"; return the code, fill loc and err. */
static int compile(const char *src, struct fz_rules **out,
		   struct fz_rules_loc *loc, struct fz_err *err)
{
	return fz_rules_compile(out, "t.rules", src, loc, err);
}

/* Evaluate rule id of set over facts (JSON text): 1, 0 or -1. */
static int judge(struct fz_rules *set, const char *id, const char *facts)
{
	struct fz_err err = FZ_ERR_INIT;
	json_error_t je;
	json_t *obj = json_loads(facts, 0, &je);
	struct fz_rules_row *row = fz_rules_row_new(set);
	long i = fz_rules_find(set, id);
	int res = 99;

	assert_non_null(obj);
	assert_true(i >= 0);
	if (fz_rules_row_from_json(row, obj, &err))
		fail_msg("row %s: %s", facts, err.msg);
	assert_int_equal(fz_rules_eval_one(set, (size_t)i, row, &res, &err), 0);
	fz_rules_row_free(row);
	json_decref(obj);
	return res;
}

/* --- the language --- */

static const char *const small =
	"field 金额 分;\n"
	"field 重量 吨;\n"
	"field 面积 亩;\n"
	"field 类型 text;\n"
	"field 首次 bool default false;\n"
	"rule A { name \"金额\"; cite \"c\"; message \"m\"; when 金额 >= 5万元; }\n"
	"rule B { name \"重量\"; cite \"c\"; message \"m\"; when 重量 >= 1500千克; }\n"
	"rule C { name \"面积\"; cite \"c\"; message \"m\"; when 面积 >= 1公顷; }\n"
	"rule D { name \"成员\"; cite \"c\"; message \"m\";\n"
	"         when 类型 in [\"甲\", \"乙\"] and not 首次; }\n"
	"rule E { name \"或\"; cite \"c\"; message \"m\"; when 金额 >= 1元 or 重量 >= 1吨; }\n"
	"rule F { name \"比例\"; cite \"c\"; message \"m\"; when (金额 * 10% >= 1元) ≠ false; }\n";

static void test_rules__units_convert_within_a_dimension(void **state)
{
	struct fz_rules *set;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(compile(small, &set, NULL, &err), 0);
	/* 5万元 = 5,000,000 分 */
	assert_int_equal(judge(set, "A", "{\"金额\": 5000000}"), 1);
	assert_int_equal(judge(set, "A", "{\"金额\": 4999999}"), 0);
	/* 1500 千克 = 1.5 吨, decimals exact */
	assert_int_equal(judge(set, "B", "{\"重量\": \"1.5\"}"), 1);
	assert_int_equal(judge(set, "B", "{\"重量\": \"1.4999\"}"), 0);
	assert_int_equal(judge(set, "B", "{\"重量\": 1.5}"), 1);
	/* 1 公顷 = 15 亩 */
	assert_int_equal(judge(set, "C", "{\"面积\": 15}"), 1);
	assert_int_equal(judge(set, "C", "{\"面积\": \"14.9999\"}"), 0);
	/* 10% of 10.00 元 = 1 元 */
	assert_int_equal(judge(set, "F", "{\"金额\": 1000}"), 1);
	assert_int_equal(judge(set, "F", "{\"金额\": 999}"), 0);
	fz_rules_free(set);
}

static void test_rules__membership_text_and_default(void **state)
{
	struct fz_rules *set;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(compile(small, &set, NULL, &err), 0);
	assert_int_equal(judge(set, "D", "{\"类型\": \"乙\"}"), 1);
	assert_int_equal(judge(set, "D", "{\"类型\": \"丙\"}"), 0);
	assert_int_equal(judge(set, "D", "{\"类型\": \"乙\", \"首次\": true}"), 0);
	fz_rules_free(set);
}

static void test_rules__missing_field_is_unknown_kleene(void **state)
{
	struct fz_rules *set;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(compile(small, &set, NULL, &err), 0);
	assert_int_equal(judge(set, "A", "{}"), -1);
	assert_int_equal(judge(set, "A", "{\"金额\": null}"), -1);
	/* unknown or true = true; unknown or false = unknown */
	assert_int_equal(judge(set, "E", "{\"重量\": 2}"), 1);
	assert_int_equal(judge(set, "E", "{\"重量\": 0}"), -1);
	/* unknown in a list is unknown, so D is unknown, not true */
	assert_int_equal(judge(set, "D", "{}"), -1);
	fz_rules_free(set);
}

static void test_rules__money_refuses_reals_and_wrong_types(void **state)
{
	struct fz_rules *set;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_rules_row *row;
	json_t *o;
	assert_int_equal(compile(small, &set, NULL, &err), 0);
	row = fz_rules_row_new(set);
	o = json_pack("{s:f}", "金额", 12.5);
	assert_int_equal(fz_rules_row_from_json(row, o, &err), FZ_EINVAL);
	assert_string_equal(err.field, "金额");
	json_decref(o);
	o = json_pack("{s:i}", "类型", 3);
	assert_int_equal(fz_rules_row_from_json(row, o, &err), FZ_EINVAL);
	assert_string_equal(err.field, "类型");
	json_decref(o);
	/* more precise than 1/10000 of a 克 */
	assert_int_equal(fz_rules_row_set_dec(row, (size_t)fz_rules_field_index(set, "重量"),
					      "1.00000000001", &err), FZ_EINVAL);
	assert_int_equal(fz_rules_row_set_text(row, 0, "x", &err), FZ_EINVAL);
	fz_rules_row_free(row);
	fz_rules_free(set);
}

struct bad {
	const char *src;
	int line, col;
	const char *words; /* expected in the message */
};

static const struct bad bads[] = {
	{ "field 金额 分;\nrule A { name \"a\"; cite \"c\"; message \"m\";\n  when 金额 >= 5万块; }\n",
	  3, 15, "未知单位「万块」" },
	{ "field 金额 分;\nfield 重量 吨;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when 金额 >= 3吨; }\n",
	  3, 51, "金额 与 质量 不能比较" },
	{ "field 金额 分;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when 金额 + 1 > 2元; }\n",
	  2, 51, "金额 与 无单位数 不能相加减" },
	{ "field t text;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when t > \"x\"; }\n",
	  2, 50, "只能用 == 或 != 比较" },
	{ "field t text;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when t == 3; }\n",
	  2, 50, "文本 与 无单位数 不能比较" },
	{ "field n number;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when n and n; }\n",
	  2, 50, "应为条件" },
	{ "rule A { name \"a\"; cite \"c\"; message \"m\"; when 销售额 > 1; }\n",
	  1, 48, "未知字段「销售额」" },
	{ "field n number;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when n > 1 }\n",
	  2, 54, "此处应为「;」" },
	{ "field n number;\nrule A { name \"a\"; message \"m\"; when n > 1; }\n",
	  2, 1, "缺少 cite" },
	{ "field n number;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when n > 1; }\n"
	  "rule A { name \"a\"; cite \"c\"; message \"m\"; when n > 1; }\n",
	  3, 6, "重复" },
	{ "field n number;\nrule A { name \"a\n\"; }\n", 2, 15, "字符串没有结束" },
	{ "field n number;\nrule A { name \"a\"，}\n", 2, 18, "意外的字符「，」" },
	{ "field n 分;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when n >= 0.00001分; }\n",
	  2, 53, "小数位过多" },
	{ "field n number;\nrule A { name \"a\"; cite \"c\"; message \"m\"; from \"2025-02-30\"; when n > 1; }\n",
	  2, 43, "日期" },
	{ "field 金额 分;\nfield 重量 吨;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when 金额 * 重量 > 1元; }\n",
	  3, 51, "不能相乘" },
};

static void test_rules__syntax_and_type_errors_name_line_and_column(void **state)
{
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct fz_rules *set = (struct fz_rules *)1;
		struct fz_rules_loc loc = { "", 0, 0 };
		struct fz_err err = FZ_ERR_INIT;
		char prefix[64];
		int rc = compile(bads[i].src, &set, &loc, &err);
		if (rc != FZ_EINVAL || loc.line != bads[i].line ||
		    loc.col != bads[i].col || !strstr(err.msg, bads[i].words))
			fail_msg("case %zu: rc %d at %d:%d: %s", i, rc,
				 loc.line, loc.col, err.msg);
		assert_null(set);
		assert_string_equal(loc.file, "t.rules");
		snprintf(prefix, sizeof(prefix), "t.rules:%d:%d: ",
			 bads[i].line, bads[i].col);
		assert_memory_equal(err.msg, prefix, strlen(prefix));
	}
}

static void test_rules__bad_second_file_loads_nothing(void **state)
{
	struct fz_embedded files[] = {
		{ "a.rules", "field n number;\nrule A { name \"a\"; cite \"c\"; message \"m\"; when n > 1; }\n" },
		{ "b.rules", "rule B { name \"b\"; cite \"c\"; message \"m\"; when n > ; }\n" },
		{ NULL, NULL }
	};
	struct fz_rules *set = (struct fz_rules *)1;
	struct fz_rules_loc loc;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_rules_compile_files(&set, files, &loc, &err),
			 FZ_EINVAL);
	assert_null(set);
	assert_string_equal(loc.file, "b.rules");
	assert_int_equal(loc.line, 1);
	assert_int_equal(loc.col, 52);
	/* the good file alone loads, and b.rules sees a.rules' field */
	files[1].name = NULL;
	assert_int_equal(fz_rules_compile_files(&set, files, &loc, &err), 0);
	assert_int_equal(fz_rules_count(set), 1);
	fz_rules_free(set);
}

static void test_rules__invalid_utf8_is_refused(void **state)
{
	struct fz_rules *set;
	struct fz_rules_loc loc;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(compile("field n number;\n# \xff\n", &set, &loc, &err),
			 FZ_EINVAL);
	assert_int_equal(loc.line, 2);
	assert_int_equal(loc.col, 3);
}

static void test_rules__division_by_zero_is_an_error_not_a_crash(void **state)
{
	struct fz_rules *set;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_rules_row *row;
	size_t fired[4], n;
	struct fz_date none = { 0, 0, 0 };
	assert_int_equal(compile("field a 分;\nfield b 分;\n"
				 "rule R { name \"r\"; cite \"c\"; message \"m\"; when a / b > 2; }\n",
				 &set, NULL, &err), 0);
	row = fz_rules_row_new(set);
	assert_int_equal(fz_rules_row_set_int(row, 0, 10, &err), 0);
	assert_int_equal(fz_rules_row_set_int(row, 1, 0, &err), 0);
	assert_int_equal(fz_rules_eval(set, row, none, fired, 4, &n, &err),
			 FZ_EINVAL);
	assert_non_null(strstr(err.msg, "除数为零"));
	assert_int_equal(fz_rules_row_set_int(row, 1, 4, &err), 0);
	assert_int_equal(fz_rules_eval(set, row, none, fired, 4, &n, &err), 0);
	assert_int_equal(n, 1); /* 10 / 4 = 2.5 > 2 */
	fz_rules_row_free(row);
	fz_rules_free(set);
}

/* --- transfer.rules, every boundary --- */

struct edge {
	const char *rule;
	const char *base;  /* JSON object text without braces */
	const char *field;
	const char *at;    /* JSON value that fires exactly at the threshold */
	const char *below; /* just on the other side: does not fire */
	const char *above; /* further in: fires (NULL for booleans) */
};

#define O140 "\"罪名\": \"生产、销售伪劣产品罪\""
#define O213 "\"罪名\": \"假冒注册商标罪\""
#define O214 "\"罪名\": \"销售假冒注册商标的商品罪\""
#define O225 "\"罪名\": \"非法经营罪\""
#define O338 "\"罪名\": \"污染环境罪\""
#define O342 "\"罪名\": \"非法占用农用地罪\""
#define O201 "\"罪名\": \"逃税罪\""
#define O276 "\"罪名\": \"拒不支付劳动报酬罪\""
#define O176 "\"罪名\": \"非法吸收公众存款罪\""
#define O287 "\"罪名\": \"帮助信息网络犯罪活动罪\", \"明知他人利用信息网络实施犯罪\": true"
#define O312 "\"罪名\": \"掩饰、隐瞒犯罪所得、犯罪所得收益罪\""

static const struct edge edges[] = {
	/* 追诉标准（一） Art. 16 */
	{ "T140.a", O140, "销售金额", "5000000", "4999999", "5000001" },
	{ "T140.b", O140, "未销售货值金额", "15000000", "14999999", "15000001" },
	{ "T140.c", O140 ", \"销售金额\": 4000000", "未销售货值金额", "3000000", "2999999", "3000001" },
	{ "T140.c", O140 ", \"未销售货值金额\": 150000", "销售金额", "4950000", "4949999", "4999999" },
	/* 法释〔2021〕24号 */
	{ "T143", "\"罪名\": \"生产、销售不符合安全标准的食品罪\"", "病死或死因不明或未经检验检疫的畜禽肉类", "true", "false", NULL },
	{ "T143", "\"罪名\": \"生产、销售不符合安全标准的食品罪\"", "足以造成严重食物中毒事故或严重食源性疾病", "true", "false", NULL },
	{ "T144", "\"罪名\": \"生产、销售有毒、有害食品罪\"", "掺入有毒有害的非食品原料", "true", "false", NULL },
	{ "T144", "\"罪名\": \"生产、销售有毒、有害食品罪\"", "保健食品非法添加禁用药物", "true", "false", NULL },
	/* 法释〔2025〕5号 and 法释〔2004〕19号 */
	{ "T213.a", O213, "违法所得", "3000000", "2999999", "3000001" },
	{ "T213.a", O213, "非法经营数额", "5000000", "4999999", "5000001" },
	{ "T213.b", O213 ", \"假冒注册商标种数\": 2", "违法所得", "2000000", "1999999", "2000001" },
	{ "T213.b", O213 ", \"假冒注册商标种数\": 2", "非法经营数额", "3000000", "2999999", "3000001" },
	{ "T213.b", O213 ", \"违法所得\": 2000000", "假冒注册商标种数", "2", "1", "3" },
	{ "T213.c", O213 ", \"两年内因同类行为受过行政处罚\": true", "非法经营数额", "3000000", "2999999", "3000001" },
	{ "T213.c", O213 ", \"两年内因同类行为受过行政处罚\": true", "违法所得", "2000000", "1999999", "2000001" },
	{ "T213.d", O213 ", \"服务商标\": true", "违法所得", "5000000", "4999999", "5000001" },
	{ "T213.old.a", O213, "非法经营数额", "5000000", "4999999", "5000001" },
	{ "T213.old.a", O213, "违法所得", "3000000", "2999999", "3000001" },
	{ "T213.old.b", O213 ", \"假冒注册商标种数\": 2", "非法经营数额", "3000000", "2999999", "3000001" },
	{ "T213.old.b", O213 ", \"假冒注册商标种数\": 2", "违法所得", "2000000", "1999999", "2000001" },
	{ "T214.a", O214, "违法所得", "3000000", "2999999", "3000001" },
	{ "T214.a", O214, "销售金额", "5000000", "4999999", "5000001" },
	{ "T214.b", O214, "未销售货值金额", "15000000", "14999999", "15000001" },
	{ "T214.b", O214 ", \"未销售货值金额\": 10000000", "销售金额", "5000000", "4999999", "5000001" },
	{ "T214.old", O214, "销售金额", "5000000", "4999999", "5000001" },
	/* 法释〔2004〕19号 Art. 5; 法释〔2007〕6号 Art. 1 */
	{ "T217", "\"罪名\": \"侵犯著作权罪\"", "违法所得", "3000000", "2999999", "3000001" },
	{ "T217", "\"罪名\": \"侵犯著作权罪\"", "非法经营数额", "5000000", "4999999", "5000001" },
	{ "T217", "\"罪名\": \"侵犯著作权罪\"", "复制品数量", "500", "499", "501" },
	/* 追诉标准（二） */
	{ "T225.a", O225, "非法经营数额", "5000000", "4999999", "5000001" },
	{ "T225.a", O225, "违法所得", "1000000", "999999", "1000001" },
	{ "T225.b", O225 ", \"单位犯罪\": true", "非法经营数额", "50000000", "49999999", "50000001" },
	{ "T225.b", O225 ", \"单位犯罪\": true", "违法所得", "10000000", "9999999", "10000001" },
	{ "T225.c", O225 ", \"经营类别\": \"烟草专卖品\"", "非法经营数额", "5000000", "4999999", "5000001" },
	{ "T225.c", O225 ", \"经营类别\": \"烟草专卖品\"", "违法所得", "2000000", "1999999", "2000001" },
	{ "T225.c", O225 ", \"经营类别\": \"烟草专卖品\"", "卷烟数量", "200000", "199999", "200001" },
	{ "T225.c", O225 ", \"经营类别\": \"烟草专卖品\", \"三年内因同类行为受过行政处罚次数\": 2", "非法经营数额", "3000000", "2999999", "3000001" },
	{ "T225.c", O225 ", \"经营类别\": \"烟草专卖品\", \"非法经营数额\": 3000000", "三年内因同类行为受过行政处罚次数", "2", "1", "3" },
	{ "T225.d", O225 ", \"经营类别\": \"资金支付结算\"", "非法经营数额", "500000000", "499999999", "500000001" },
	/* 法释〔2023〕7号 Art. 1 */
	{ "T338", O338, "危险废物数量", "\"3\"", "\"2.9999\"", "\"3.0001\"" },
	{ "T338", O338, "第一类重金属超标倍数", "3", "\"2.9999\"", "\"3.5\"" },
	{ "T338", O338, "第二类重金属超标倍数", "10", "\"9.9999\"", "11" },
	{ "T338", O338, "二年内因同类行为受过行政处罚次数", "2", "1", "3" },
	{ "T338", O338, "违法所得", "30000000", "29999999", "30000001" },
	{ "T338", O338, "公私财产损失", "30000000", "29999999", "30000001" },
	{ "T338", O338, "乡镇以上集中式饮用水水源取水中断时长", "12", "\"11.9999\"", "\"12.5\"" },
	{ "T338", O338, "在饮用水水源保护区或核心保护区排放放射性传染病病原体有毒物质", "true", "false", NULL },
	{ "T338", O338, "通过暗管渗井渗坑裂隙溶洞灌注等逃避监管方式排放", "true", "false", NULL },
	{ "T338", O338, "重点排污单位篡改伪造自动监测数据", "true", "false", NULL },
	/* 追诉标准（一） Art. 67 */
	{ "T342.a", O342, "占用永久基本农田面积", "5", "\"4.9999\"", "\"5.0001\"" },
	{ "T342.a", O342, "占用其他耕地面积", "10", "\"9.9999\"", "\"10.0001\"" },
	{ "T342.b", O342, "占用防护林地或特种用途林地面积", "5", "\"4.9999\"", "6" },
	{ "T342.b", O342, "占用其他林地面积", "10", "\"9.9999\"", "11" },
	{ "T342.b", O342 ", \"占用防护林地或特种用途林地面积\": \"2.5\"", "占用其他林地面积", "\"2.5\"", "\"2.4999\"", "3" },
	{ "T342.b", O342 ", \"占用其他林地面积\": 4", "占用防护林地或特种用途林地面积", "\"2.5\"", "\"2.4999\"", "\"2.6\"" },
	/* 追诉标准（二） (2022) Art. 52: ≥ 10万元 AND ≥ 10% */
	{ "T201.a", O201 ", \"应纳税总额\": 50000000, \"经税务机关追缴通知后仍未补缴或未接受处罚\": true", "逃避缴纳税款数额", "10000000", "9999999", "10000001" },
	{ "T201.a", O201 ", \"逃避缴纳税款数额\": 10000000, \"经税务机关追缴通知后仍未补缴或未接受处罚\": true", "应纳税总额", "100000000", "100000001", "99999999" },
	{ "T201.a", O201 ", \"逃避缴纳税款数额\": 10000000, \"应纳税总额\": 10000000", "五年内因逃税受过行政处罚次数", "2", "1", "3" },
	{ "T201.a", O201 ", \"逃避缴纳税款数额\": 10000000, \"应纳税总额\": 10000000", "五年内因逃税受过刑事处罚", "true", "false", NULL },
	{ "T201.b", O201, "扣缴义务人已扣未缴税款数额", "10000000", "9999999", "10000001" },
	{ "T205", "\"罪名\": \"虚开增值税专用发票罪\"", "虚开税款数额", "10000000", "9999999", "10000001" },
	{ "T205", "\"罪名\": \"虚开增值税专用发票罪\"", "国家税款损失", "5000000", "4999999", "5000001" },
	/* 法释〔2013〕3号 Art. 3 (national range, lower end) */
	{ "T276.a", O276 ", \"经政府责令支付逾期仍不支付\": true, \"拖欠单个劳动者劳动报酬数额\": 500000", "拖欠单个劳动者劳动报酬月数", "3", "2", "4" },
	{ "T276.a", O276 ", \"经政府责令支付逾期仍不支付\": true, \"拖欠单个劳动者劳动报酬月数\": 3", "拖欠单个劳动者劳动报酬数额", "500000", "499999", "500001" },
	{ "T276.a", O276 ", \"拖欠单个劳动者劳动报酬月数\": 3, \"拖欠单个劳动者劳动报酬数额\": 500000", "经政府责令支付逾期仍不支付", "true", "false", NULL },
	{ "T276.b", O276 ", \"经政府责令支付逾期仍不支付\": true, \"拖欠劳动报酬总额\": 3000000", "拖欠劳动报酬人数", "10", "9", "11" },
	{ "T276.b", O276 ", \"经政府责令支付逾期仍不支付\": true, \"拖欠劳动报酬人数\": 10", "拖欠劳动报酬总额", "3000000", "2999999", "3000001" },
	/* 法释〔2015〕22号 Art. 6 */
	{ "T134", "\"罪名\": \"重大责任事故罪\"", "死亡人数", "1", "0", "2" },
	{ "T134", "\"罪名\": \"重大责任事故罪\"", "重伤人数", "3", "2", "4" },
	{ "T134", "\"罪名\": \"重大责任事故罪\"", "直接经济损失", "100000000", "99999999", "100000001" },
	/* 法释〔2022〕5号 Art. 3, 8 */
	{ "T176.a", O176, "非法吸收存款数额", "100000000", "99999999", "100000001" },
	{ "T176.a", O176, "存款人数", "150", "149", "151" },
	{ "T176.a", O176, "存款人直接经济损失", "50000000", "49999999", "50000001" },
	{ "T176.b", O176 ", \"二年内因非法集资受过行政处罚\": true", "非法吸收存款数额", "50000000", "49999999", "50000001" },
	{ "T176.b", O176 ", \"曾因非法集资受过刑事追究\": true", "存款人直接经济损失", "25000000", "24999999", "25000001" },
	{ "T176.b", O176 ", \"非法吸收存款数额\": 50000000", "造成恶劣社会影响或其他严重后果", "true", "false", NULL },
	{ "T192", "\"罪名\": \"集资诈骗罪\"", "集资诈骗数额", "10000000", "9999999", "10000001" },
	/* 法释〔2011〕7号 Art. 1, Zhejiang; telecom fraud */
	{ "T266.a", "\"罪名\": \"诈骗罪\"", "诈骗数额", "600000", "599999", "600001" },
	{ "T266.b", "\"罪名\": \"诈骗罪\", \"电信网络诈骗\": true", "诈骗数额", "300000", "299999", "300001" },
	/* 法释〔2019〕15号 Art. 12 */
	{ "T287.a", O287, "被帮助对象数", "3", "2", "4" },
	{ "T287.a", O287, "支付结算金额", "20000000", "19999999", "20000001" },
	{ "T287.a", O287, "以投放广告等方式提供资金数额", "5000000", "4999999", "5000001" },
	{ "T287.a", O287, "违法所得", "1000000", "999999", "1000001" },
	{ "T287.a", O287, "两年内因同类行为受过行政处罚", "true", "false", NULL },
	{ "T287.b", O287 ", \"被帮助对象实施的犯罪无法查证\": true", "支付结算金额", "100000000", "99999999", "100000001" },
	{ "T287.b", O287 ", \"被帮助对象实施的犯罪无法查证\": true", "以投放广告等方式提供资金数额", "25000000", "24999999", "25000001" },
	{ "T287.b", O287 ", \"被帮助对象实施的犯罪无法查证\": true", "违法所得", "5000000", "4999999", "5000001" },
	/* 法释〔2019〕15号 Art. 12(2): 或者造成特别严重后果的 */
	{ "T287.b", O287 ", \"被帮助对象实施的犯罪无法查证\": true", "造成特别严重后果", "true", "false", NULL },
	{ "T287.c", O287, "出售出租银行卡或账户数", "5", "4", "6" },
	{ "T287.c", O287, "出售出租电话卡数", "20", "19", "21" },
	/* 法释〔2015〕11号 as amended by 法释〔2021〕8号 */
	{ "T312.a", O312, "一年内因同类行为受过行政处罚", "true", "false", NULL },
	{ "T312.a", O312, "致使上游犯罪无法追究且损失无法挽回", "true", "false", NULL },
	{ "T312.b", O312, "掩饰隐瞒犯罪所得价值总额", "10000000", "9999999", "10000001" },
	{ "T312.b", O312, "掩饰隐瞒次数", "10", "9", "11" },
	{ "T312.b", O312 ", \"掩饰隐瞒次数\": 3", "掩饰隐瞒犯罪所得价值总额", "5000000", "4999999", "5000001" },
	{ "T312.b", O312 ", \"掩饰隐瞒犯罪所得价值总额\": 5000000", "掩饰隐瞒次数", "3", "2", "4" },
	{ "T312.b", O312 ", \"对象为公用设施或救灾扶贫款物\": true", "掩饰隐瞒犯罪所得价值总额", "5000000", "4999999", "5000001" },
};

static int judge_edge(const struct edge *e, const char *value)
{
	char facts[1024];
	snprintf(facts, sizeof(facts), "{%s, \"%s\": %s}", e->base, e->field,
		 value);
	return judge(transfer, e->rule, facts);
}

static void test_rules__transfer_every_threshold_at_below_above(void **state)
{
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		const struct edge *e = &edges[i];
		if (judge_edge(e, e->at) != 1)
			fail_msg("%s %s = %s should fire", e->rule, e->field, e->at);
		if (judge_edge(e, e->below) == 1)
			fail_msg("%s %s = %s should not fire", e->rule, e->field,
				 e->below);
		if (e->above && judge_edge(e, e->above) != 1)
			fail_msg("%s %s = %s should fire", e->rule, e->field,
				 e->above);
	}
}

static void test_rules__transfer_every_rule_is_tested_and_cited(void **state)
{
	size_t n = fz_rules_count(transfer);
	assert_true(n >= 38);
	for (size_t i = 0; i < n; i++) {
		const struct fz_rule_info *r = fz_rules_info(transfer, i);
		int seen = 0;
		for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++)
			seen |= !strcmp(edges[k].rule, r->id);
		if (!seen)
			fail_msg("rule %s has no boundary test", r->id);
		assert_true(strlen(r->cite) > 5);
		assert_non_null(strstr(r->message, "移送"));
	}
}

static void test_rules__transfer_other_offence_never_fires(void **state)
{
	/* 销售金额 far above 5万元 but another offence: T140 stays quiet */
	assert_int_equal(judge(transfer, "T140.a",
			       "{\"罪名\": \"非法经营罪\", \"销售金额\": 900000000}"), 0);
}

static void test_rules__transfer_dates_pick_the_interpretation(void **state)
{
	/* 法释〔2025〕5号 from 2025-04-26; 法释〔2004〕19号 before. */
	struct fz_err err = FZ_ERR_INIT;
	struct fz_rules_row *row = fz_rules_row_new(transfer);
	json_t *o = json_pack("{s:s,s:i}", "罪名", "假冒注册商标罪", "违法所得",
			      3000000);
	size_t fired[8], n;
	struct fz_date before = { 2025, 4, 25 }, after = { 2025, 4, 26 };

	assert_int_equal(fz_rules_row_from_json(row, o, &err), 0);
	assert_int_equal(fz_rules_eval(transfer, row, before, fired, 8, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(fz_rules_info(transfer, fired[0])->id, "T213.old.a");
	assert_int_equal(fz_rules_eval(transfer, row, after, fired, 8, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(fz_rules_info(transfer, fired[0])->id, "T213.a");
	fz_rules_row_free(row);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules__units_convert_within_a_dimension),
		cmocka_unit_test(test_rules__membership_text_and_default),
		cmocka_unit_test(test_rules__missing_field_is_unknown_kleene),
		cmocka_unit_test(test_rules__money_refuses_reals_and_wrong_types),
		cmocka_unit_test(test_rules__syntax_and_type_errors_name_line_and_column),
		cmocka_unit_test(test_rules__bad_second_file_loads_nothing),
		cmocka_unit_test(test_rules__invalid_utf8_is_refused),
		cmocka_unit_test(test_rules__division_by_zero_is_an_error_not_a_crash),
		cmocka_unit_test(test_rules__transfer_every_threshold_at_below_above),
		cmocka_unit_test(test_rules__transfer_every_rule_is_tested_and_cited),
		cmocka_unit_test(test_rules__transfer_other_offence_never_fires),
		cmocka_unit_test(test_rules__transfer_dates_pick_the_interpretation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
