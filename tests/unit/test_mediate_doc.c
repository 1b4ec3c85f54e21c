/* test_mediate_doc.c - the 人民调解协议书: the elements of 人民调解法
 * Art. 29 are required, and a complete one renders to PDF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/mediate/mediate_doc.h"

/* LeakSanitizer: fontconfig's caches and cairo's PDF font subsetter keep
 * memory inside the libraries (as test_doc_penalty.c explains); our own
 * objects are still checked. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

static struct fz_mediate_agreement full(void)
{
	struct fz_mediate_agreement p = {
		"柯桥街道人民调解委员会", "柯调〔2025〕8号", "王五", "绍兴某纺织有限公司",
		"双方因加工费结算发生争议。", "乙方支付甲方加工费人民币四万元。",
		"2025年5月31日前一次性支付", 4000000, "李调解", { 2025, 5, 6 }
	};
	return p;
}

static void test_mediate_doc__elements_of_article_29(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_doc *d = NULL;
	struct fz_mediate_agreement p = full();
	p.facts = NULL;
	assert_int_equal(fz_mediate_agreement_doc(&d, &p, &err), FZ_EINVAL);
	assert_string_equal(err.field, "facts");
	p = full();
	p.performance = "";
	assert_int_equal(fz_mediate_agreement_doc(&d, &p, &err), FZ_EINVAL);
	assert_string_equal(err.field, "performance");
	p = full();
	p.party_b = NULL;
	assert_int_equal(fz_mediate_agreement_doc(&d, &p, &err), FZ_EINVAL);
	assert_null(d);
}

static void test_mediate_doc__renders(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_mediate_agreement p = full();
	struct fz_doc *d = NULL;
	struct fz_buf pdf = FZ_BUF_INIT, html = FZ_BUF_INIT;
	assert_int_equal(fz_mediate_agreement_doc(&d, &p, &err), 0);
	assert_int_equal(fz_doc_html(d, &html, &err), 0);
	assert_non_null(strstr(html.data, "人民调解协议书"));
	assert_non_null(strstr(html.data, "肆万元整"));
	assert_non_null(strstr(html.data, "三十日内"));
	assert_int_equal(fz_doc_pdf(d, &pdf, NULL, &err), 0);
	assert_memory_equal(pdf.data, "%PDF", 4);
	fz_buf_release(&pdf);
	fz_buf_release(&html);
	fz_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mediate_doc__elements_of_article_29),
		cmocka_unit_test(test_mediate_doc__renders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
