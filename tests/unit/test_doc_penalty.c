/* test_doc_penalty.c - the 行政处罚决定书 skeleton
 * (src/engine/docs/doc_penalty.c): every element of 行政处罚法 Art. 59 is
 * required and printed; the PDF renders.  With FZ_DOC_SAMPLE_DIR set, the
 * sample is also written there as penalty.pdf and penalty.html for people
 * to look at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/docs/doc_penalty.h"

/* LeakSanitizer (make unit-asan): fontconfig keeps its pattern caches for
 * the life of the process, and cairo 1.16 loses 768 bytes in its PDF font
 * subsetter at cairo_surface_finish (per document, inside the library;
 * stacks through these uninstrumented libraries are truncated, so the
 * suppression names the libraries).  Our own objects (pango layouts,
 * buffers, QR matrices) are still checked. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

static const char *const evidence[] = {
	"现场检查笔录及现场照片12张",
	"对当事人法定代表人的询问笔录1份",
	"产品质量检验报告（编号ZJ2024-0418）1份",
	"销售记录及进货凭证复印件8页",
};

static struct fz_doc_penalty sample(void)
{
	struct fz_doc_penalty p;
	memset(&p, 0, sizeof(p));
	p.organ = "绍兴市柯桥区综合行政执法局";
	p.number = "柯综执罚决〔2024〕123号";
	p.party_name = "绍兴柯桥某某纺织品有限公司";
	p.party_id_label = "统一社会信用代码";
	p.party_id = "91330621MA2BXXXX1X";
	p.party_rep = "张某";
	p.party_address = "浙江省绍兴市柯桥区柯桥街道某某路88号";
	p.procedure = "本机关于2024年3月12日对当事人涉嫌销售不合格产品一案立案调查，"
		      "于2024年4月20日向当事人送达《行政处罚事先告知书》，"
		      "告知其拟作出行政处罚的内容及事实、理由、依据，"
		      "以及依法享有的陈述、申辩和要求听证的权利。"
		      "当事人在法定期限内未提出陈述、申辩，也未要求听证。";
	p.facts = "当事人于2024年1月至3月期间，在其经营场所销售经检验"
		  "不合格的涤纶面料共计1,260米，货值金额人民币25,200元，"
		  "违法所得人民币3,150元。";
	p.evidence = evidence;
	p.nevidence = 4;
	p.violated = "《中华人民共和国产品质量法》第三十九条";
	p.basis = "《中华人民共和国产品质量法》第五十条";
	p.discretion = "参照《绍兴市市场监督管理行政处罚裁量基准》一般情形，";
	p.fine_cents = 5040000;
	p.confiscate_cents = 315000;
	p.payment = "绍兴市柯桥区财政局非税收入汇缴专户（开户行：中国工商银行"
		    "绍兴柯桥支行），或通过“浙里办”APP在线缴纳";
	p.review_organ = "绍兴市柯桥区人民政府";
	p.court = "绍兴市柯桥区人民法院";
	p.date = (struct fz_date){ 2024, 5, 6 };
	p.qr_url = "https://fazhi.example/v/AUu7Pz0CGPAES1FaRsCJB7A4"
		   "p5XQ8ZbZlt2Q0kWmLvB1nTQk9Q5yhGd3tVJ0aW8l3sRkMZQ1dZ3vZr6Y"
		   "0bXqJ6vC4xW8mZ2lQyE5rK9p";
	return p;
}

static void test_doc_penalty__art59_elements_printed(void **state)
{
	struct fz_doc_penalty p = sample();
	struct fz_doc *d;
	struct fz_buf h = FZ_BUF_INIT, pdf = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	const char *sample_dir = getenv("FZ_DOC_SAMPLE_DIR");
	int pages = 0;
	/* one fragment per Art. 59 element, in order */
	const char *want[] = {
		"行政处罚决定书",
		"柯综执罚决〔2024〕123号",
		"当事人：绍兴柯桥某某纺织品有限公司",                 /* (1) */
		"地址：浙江省绍兴市柯桥区柯桥街道某某路88号",         /* (1) */
		"经查，当事人于2024年1月",                            /* (2) */
		"4．销售记录及进货凭证复印件8页。",                   /* (2) */
		"违反了《中华人民共和国产品质量法》第三十九条的规定",  /* (3) */
		"依据《中华人民共和国产品质量法》第五十条的规定",      /* (3) */
		"1．罚款人民币50,400.00元（大写：人民币伍万零肆佰元整）；",
		"2．没收违法所得人民币3,150.00元（大写：人民币叁仟壹佰伍拾元整）。",
		"自收到本决定书之日起十五日内",                        /* (4) */
		"百分之三加处罚款",                                     /* (4) */
		"六十日内向绍兴市柯桥区人民政府申请行政复议",          /* (5) */
		"六个月内依法向绍兴市柯桥区人民法院提起行政诉讼",      /* (5) */
		"印章位置",                                             /* seal */
		"绍兴市柯桥区综合行政执法局<br>2024年5月6日",          /* (6) */
		"扫码核验行政行为码",
	};
	const char *at;

	(void)state;
	assert_int_equal(fz_doc_penalty(&d, &p, &err), 0);
	assert_int_equal(fz_doc_html(d, &h, &err), 0);
	at = h.data;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!(at = strstr(at, want[i])))
			fail_msg("missing or out of order: %s", want[i]);
	assert_int_equal(fz_doc_pdf(d, &pdf, &pages, &err), 0);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	assert_in_range(pages, 1, 3);
	if (sample_dir) {
		char path[512];
		FILE *f;
		snprintf(path, sizeof(path), "%s/penalty.pdf", sample_dir);
		assert_int_equal(fz_doc_pdf_file(d, path, NULL, &err), 0);
		snprintf(path, sizeof(path), "%s/penalty.html", sample_dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fwrite(h.data, 1, h.len, f);
		fclose(f);
	}
	fz_buf_release(&h);
	fz_buf_release(&pdf);
	fz_doc_free(d);
}

static void expect_missing(struct fz_doc_penalty p, const char *field)
{
	struct fz_doc *d = (struct fz_doc *)1;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_doc_penalty(&d, &p, &err), FZ_EINVAL);
	assert_null(d);
	assert_string_equal(err.field, field);
	assert_non_null(strstr(err.msg, "第五十九条"));
}

static void test_doc_penalty__each_element_required(void **state)
{
	struct fz_doc_penalty p;

	(void)state;
	p = sample(); p.party_name = "";
	expect_missing(p, "party_name");
	p = sample(); p.party_address = NULL;
	expect_missing(p, "party_address");
	p = sample(); p.facts = NULL;
	expect_missing(p, "facts");
	p = sample(); p.nevidence = 0;
	expect_missing(p, "evidence");
	p = sample(); p.basis = NULL;
	expect_missing(p, "basis");
	p = sample(); p.fine_cents = 0; p.confiscate_cents = 0;
	expect_missing(p, "penalty");
	p = sample(); p.payment = NULL;
	expect_missing(p, "payment");
	p = sample(); p.review_organ = NULL;
	expect_missing(p, "remedy");
	p = sample(); p.court = "";
	expect_missing(p, "remedy");
	p = sample(); p.organ = NULL;
	expect_missing(p, "organ");
	p = sample(); p.date = (struct fz_date){ 2024, 13, 1 };
	expect_missing(p, "date");
}

/* A warning alone needs no payment; a bad amount is a money error. */
static void test_doc_penalty__warning_only_and_bad_amount(void **state)
{
	struct fz_doc_penalty p = sample();
	struct fz_doc *d;
	struct fz_buf h = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	p.fine_cents = p.confiscate_cents = 0;
	p.payment = NULL;
	p.penalty_other = "警告";
	assert_int_equal(fz_doc_penalty(&d, &p, &err), 0);
	assert_int_equal(fz_doc_html(d, &h, &err), 0);
	assert_non_null(strstr(h.data, "1．警告。"));
	assert_null(strstr(h.data, "十五日内"));
	fz_buf_release(&h);
	fz_doc_free(d);

	p = sample();
	p.fine_cents = -100;
	assert_int_equal(fz_doc_penalty(&d, &p, &err), FZ_EINVAL);
	assert_null(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_penalty__art59_elements_printed),
		cmocka_unit_test(test_doc_penalty__each_element_required),
		cmocka_unit_test(test_doc_penalty__warning_only_and_bad_amount),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
