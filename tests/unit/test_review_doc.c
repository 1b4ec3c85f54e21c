/* test_review_doc.c - the 行政复议决定书: every part documents.md §4 lists
 * is required, and a complete one renders to PDF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/review/review_doc.h"

/* LeakSanitizer: fontconfig's caches and cairo's PDF font subsetter keep
 * memory inside the libraries (as test_doc_penalty.c explains); our own
 * objects are still checked. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

static struct fz_review_doc full(void)
{
	struct fz_review_doc p = {
		"绍兴市柯桥区人民政府", "柯政复〔2025〕12号", "张三", "330603********018X",
		"柯桥街道某路1号", "绍兴市柯桥区综合行政执法局", "柯综执罚〔2024〕12号行政处罚决定",
		{ 2025, 3, 3 }, { 2025, 3, 6 }, "普通", "经行政复议委员会咨询",
		"撤销该处罚决定", "事实清楚，程序合法", "申请人销售的产品不存在所称缺陷。",
		"被申请人认定事实的主要证据不足。", "撤销", "撤销被申请人作出的柯综执罚〔2024〕12号行政处罚决定。",
		"绍兴市柯桥区人民法院", { 2025, 4, 20 }
	};
	return p;
}

static void test_review_doc__every_part_is_required(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_doc *d = NULL;
	static const size_t offs[] = {
		offsetof(struct fz_review_doc, organ), offsetof(struct fz_review_doc, number),
		offsetof(struct fz_review_doc, applicant),
		offsetof(struct fz_review_doc, respondent), offsetof(struct fz_review_doc, act),
		offsetof(struct fz_review_doc, request), offsetof(struct fz_review_doc, reply),
		offsetof(struct fz_review_doc, findings),
		offsetof(struct fz_review_doc, reasoning),
		offsetof(struct fz_review_doc, ruling), offsetof(struct fz_review_doc, court),
	};
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		struct fz_review_doc p = full();
		*(const char **)((char *)&p + offs[i]) = "";
		assert_int_equal(fz_review_doc(&d, &p, &err), FZ_EINVAL);
		assert_null(d);
		assert_non_null(strstr(err.msg, "行政复议决定书缺少"));
	}
	{
		struct fz_review_doc p = full();
		p.decision = "不予理睬";
		assert_int_equal(fz_review_doc(&d, &p, &err), FZ_EINVAL);
		p = full();
		p.date = (struct fz_date){ 0, 0, 0 };
		assert_int_equal(fz_review_doc(&d, &p, &err), FZ_EINVAL);
	}
}

static void test_review_doc__renders_with_the_article(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_review_doc p = full();
	struct fz_doc *d = NULL;
	struct fz_buf pdf = FZ_BUF_INIT, html = FZ_BUF_INIT;
	int pages = 0;
	assert_int_equal(fz_review_doc(&d, &p, &err), 0);
	assert_int_equal(fz_doc_html(d, &html, &err), 0);
	/* the decision cites its article; the remedy is 15 days (行政诉讼法 Art. 45) */
	assert_non_null(strstr(html.data, "《中华人民共和国行政复议法》第六十四条"));
	assert_non_null(strstr(html.data, "十五日内"));
	assert_non_null(strstr(html.data, "自送达之日起发生法律效力"));
	assert_int_equal(fz_doc_pdf(d, &pdf, &pages, &err), 0);
	assert_true(pdf.len > 1000);
	assert_memory_equal(pdf.data, "%PDF", 4);
	assert_true(pages >= 1);
	fz_buf_release(&pdf);
	fz_buf_release(&html);
	fz_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review_doc__every_part_is_required),
		cmocka_unit_test(test_review_doc__renders_with_the_article),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
