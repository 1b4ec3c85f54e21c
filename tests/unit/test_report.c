/* test_report.c - domain/report and its template grammar (report_tpl.c,
 * through fz_report_check; fuzzed by fuzz/fuzz_report_tpl.c): the template
 * checked line by line (the embedded one is clean), a year's report
 * built over an empty district, versions published with their 索引号,
 * and a figure whose records moved after publication flagged. */
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
#include "domain/report/report.h"

static char dir[64];
static struct fz_store *db;

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-report-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	return fz_app_open(&db, path, 1, &err) ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	fz_store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void bad(const char *text, const char *want)
{
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_report_check("t.tpl", text, &fz_app_metrics, &err), FZ_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("\"%s\" does not say \"%s\"", err.msg, want);
}

static void test_report__template_checked_by_line(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	if (fz_report_check("annual.tpl", fz_report_template(), &fz_app_metrics, &err))
		fail_msg("the embedded template: %s", err.msg);
	bad("# c\n@titel x\n", "t.tpl:2: 未知的 @ 项");
	bad("ok\n\n全年{review.tiaoche\n", "t.tpl:3: { 没有对应的 }");
	bad("{review.nothing}\n", "t.tpl:1: 指标不存在");
	bad("{review.tiaoche:wan}\n", "t.tpl:1: 比率只能用 pct");
	bad("{mediate.mediated:pct}\n", "t.tpl:1: 比率只能用 pct");
	bad("{mediate.mediated:万}\n", "t.tpl:1: 格式应为");
	bad("a}b\n", "t.tpl:1: 多余的 }");
	bad("==\n", "t.tpl:1: 标题为空");
}

static const json_t *figure(const json_t *r, const char *metric, const char *style)
{
	const json_t *f;
	size_t i;
	json_array_foreach(json_object_get(r, "figures"), i, f)
		if (!strcmp(json_string_value(json_object_get(f, "metric")), metric) &&
		    !strcmp(json_string_value(json_object_get(f, "style")), style))
			return f;
	fail_msg("no figure %s:%s", metric, style);
	return NULL;
}

static void test_report__built_over_an_empty_year(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *r;
	const json_t *b;
	size_t i;
	int h1 = 0;
	(void)state;

	assert_int_equal(fz_report_build(db, &fz_app_metrics, 1999, "/", "", &r, &err), FZ_EINVAL);
	assert_int_equal(fz_report_build(db, &fz_app_metrics, 2025, "1/", "", &r, &err), FZ_EINVAL);
	assert_int_equal(fz_report_build(db, &fz_app_metrics, 2025, "/", "柯桥区", &r, &err), 0);
	assert_string_equal(json_string_value(json_object_get(r, "title")),
			    "柯桥区2025年法治政府建设年度报告");
	json_array_foreach(json_object_get(r, "blocks"), i, b)
		h1 += !strcmp(json_string_value(json_object_get(b, "kind")), "heading") &&
		      json_integer_value(json_object_get(b, "level")) == 1;
	assert_int_equal(h1, 3);        /* 总结, 存在问题, 工作计划 */
	/* nothing recorded: a rate over nothing prints "—", a count 0, the
	 * change against a year without records is said in words */
	assert_string_equal(json_string_value(json_object_get(figure(r, "review.tiaoche", "pct"), "text")), "—");
	assert_string_equal(json_string_value(json_object_get(figure(r, "mediate.mediated", "wan"), "text")), "0");
	assert_string_equal(json_string_value(json_object_get(figure(r, "mediate.mediated", "yoy"), "text")),
			    "上年无可比数据");
	/* a paragraph's parts are its text and the figures in order */
	{
		const json_t *p = json_array_get(json_object_get(r, "blocks"), 3), *part;
		struct fz_buf t = FZ_BUF_INIT;
		json_array_foreach(json_object_get(p, "parts"), i, part)
			fz_buf_adds(&t, json_is_string(part) ? json_string_value(part) :
				json_string_value(json_object_get(json_array_get(
					json_object_get(r, "figures"),
					json_integer_value(json_object_get(part, "f"))), "text")));
		assert_string_equal(t.data, json_string_value(json_object_get(p, "text")));
		fz_buf_release(&t);
	}
	json_decref(r);
}

static void test_report__versions_and_changed_figures(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *r, *pub, *list;
	int v;
	(void)state;

	assert_int_equal(fz_report_published(db, 2025, "/", &pub, &err), FZ_ENOTFOUND);
	assert_int_equal(fz_report_build(db, &fz_app_metrics, 2025, "/", "柯桥区", &r, &err), 0);
	assert_int_equal(fz_report_publish(db, r, "office1", "", &v, &err), 0);
	assert_int_equal(v, 1);
	assert_int_equal(fz_report_publish(db, r, "office1", "", &v, &err), 0);
	assert_int_equal(v, 2);
	assert_int_equal(fz_report_published(db, 2025, "/", &pub, &err), 0);
	{
		const json_t *p = json_object_get(pub, "published");
		char want[32];
		assert_int_equal(json_integer_value(json_object_get(p, "version")), 2);
		/* 组织机构代码/发布年-序号: the second report published this year */
		snprintf(want, sizeof(want), "00258207-5/%.4s-00002",
			 json_string_value(json_object_get(p, "date")));
		assert_string_equal(json_string_value(json_object_get(p, "index_no")), want);
	}
	assert_int_equal(fz_report_list(db, "/", &list, &err), 0);
	assert_int_equal(json_array_size(list), 1);   /* the latest version of each year */
	json_decref(list);

	/* the records behind one figure moved after publication */
	json_object_set_new((json_t *)figure(pub, "review.jiucuo", "pct"), "provenance",
			    json_string("0"));
	fz_report_compare(r, pub);
	assert_true(json_is_true(json_object_get(figure(r, "review.jiucuo", "pct"), "changed")));
	assert_true(json_is_false(json_object_get(figure(r, "review.tiaoche", "pct"), "changed")));
	json_decref(pub);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report__template_checked_by_line),
		cmocka_unit_test(test_report__built_over_an_empty_year),
		cmocka_unit_test(test_report__versions_and_changed_figures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
