/* test_doc.c - documents (src/engine/docs/doc.c, pdf.c, html.c): the
 * GB/T 9704-2012 grid (28 characters x 22 lines, 5.2.3), multi-page PDF,
 * page 1 as PNG through pdftoppm, HTML escaping, builder errors and the
 * text helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/docs/doc.h"

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

/* n copies of the character 法 (3 bytes each) */
static char *han(int n)
{
	char *s = malloc((size_t)n * 3 + 1);
	for (int i = 0; i < n; i++)
		memcpy(s + 3 * i, "法", 3);
	s[3 * n] = '\0';
	return s;
}

static struct fz_doc *doc_of_lines(int first_len, int nparas)
{
	struct fz_doc *d;
	char *one = han(26), *first = han(first_len);

	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_title(d, "测试文书");
	fz_doc_para(d, first);
	for (int i = 1; i < nparas; i++)
		fz_doc_para(d, one);
	free(one);
	free(first);
	return d;
}

static int pages_of(struct fz_doc *d)
{
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	int pages = 0;
	if (fz_doc_pdf(d, &b, &pages, &err))
		fail_msg("pdf: %s", err.msg);
	assert_memory_equal(b.data, "%PDF-", 5);
	fz_buf_release(&b);
	fz_doc_free(d);
	return pages;
}

/* A 26-character paragraph plus its 2-character indent is one full line
 * of 28 (5.2.3); 27 characters take two lines; a page holds 22 lines. */
static void test_doc__grid_is_28_by_22(void **state)
{
	int cap = 0;

	(void)state;
	for (int k = 1; k < 30 && !cap; k++)
		if (pages_of(doc_of_lines(26, k + 1)) == 2)
			cap = k;  /* k lines fit on page 1 with the header */
	assert_in_range(cap, 12, 21);
	assert_int_equal(pages_of(doc_of_lines(26, cap)), 1);
	assert_int_equal(pages_of(doc_of_lines(26, cap + 22)), 2);
	assert_int_equal(pages_of(doc_of_lines(26, cap + 23)), 3);
	/* 27 characters: the first paragraph takes two lines */
	assert_int_equal(pages_of(doc_of_lines(27, cap - 1)), 1);
	assert_int_equal(pages_of(doc_of_lines(27, cap)), 2);
	/* 54 = 2 * 28 - 2: exactly two lines */
	assert_int_equal(pages_of(doc_of_lines(54, cap - 1)), 1);
	assert_int_equal(pages_of(doc_of_lines(55, cap - 2)), 1);
	assert_int_equal(pages_of(doc_of_lines(55, cap - 1)), 2);
}

static struct fz_doc *long_doc(void)
{
	struct fz_doc *d;
	const char *cells[] = { "证据名称", "来源", "页数",
				"现场检查笔录", "执法人员制作", "3",
				"询问笔录<1>", "当事人", "5" };
	const int widths[] = { 3, 2, 1 };

	fz_doc_new(&d, FZ_DOC_HEAD_RED);
	fz_doc_organ(d, "绍兴市柯桥区人民政府文件");
	fz_doc_number(d, "柯政发〔2024〕1号");
	fz_doc_title(d, "关于推进法治政府建设的实施意见");
	fz_doc_recipient(d, "各镇人民政府、街道办事处，区政府各部门");
	for (int i = 0; i < 12; i++) {
		fz_doc_heading(d, 1, "总体要求");
		fz_doc_para(d, "坚持以习近平新时代中国特色社会主义思想为指导，"
			    "全面贯彻党的二十大精神，深入学习贯彻习近平法治思想，"
			    "加快建设职能科学、权责法定、执法严明、公开公正、"
			    "智能高效、廉洁诚信、人民满意的法治政府。");
		fz_doc_heading(d, 2, "主要目标");
		fz_doc_para(d, "到2025年，行政执法质效大幅提升，"
			    "行政复议化解行政争议主渠道作用充分发挥。");
	}
	fz_doc_table(d, 3, 3, cells, widths);
	fz_doc_sign(d, "绍兴市柯桥区人民政府", (struct fz_date){ 2024, 5, 6 },
		    1);
	fz_doc_note(d, "此件公开发布");
	fz_doc_qr(d, "https://fazhi.example/v/AQIDBA", "扫码核验");
	return d;
}

/* occurrences of pat in b (PDF bodies hold NULs: no strstr) */
static int count(const struct fz_buf *b, const char *pat)
{
	size_t m = strlen(pat);
	int n = 0;
	for (size_t i = 0; i + m <= b->len; i++)
		if (!memcmp(b->data + i, pat, m))
			n++;
	return n;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | p[2] << 8 | p[3];
}

static void test_doc__multipage_pdf_and_png(void **state)
{
	struct fz_doc *d = long_doc();
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[512], cmd[1200];
	unsigned char head[32];
	int pages = 0, pages2 = 0, n = 0;
	FILE *f;
	struct stat st;

	(void)state;
	assert_int_equal(fz_doc_pdf(d, &b, &pages, &err), 0);
	assert_memory_equal(b.data, "%PDF-", 5);
	assert_in_range(pages, 3, 12);
	/* the PDF's own page objects agree with the count */
	n = count(&b, "/Type /Page\n") + count(&b, "/Type /Page ") +
	    count(&b, "/Type /Page>") + count(&b, "/Type /Page/");
	assert_int_equal(n, pages);

	/* a scratch directory under $TMPDIR, or under build/ (make runs the
	 * tests from the repository root) */
	snprintf(dir, sizeof(dir), "%s/fz_doc_XXXXXX", tmp && *tmp ? tmp : "build");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/doc.pdf", dir);
	assert_int_equal(fz_doc_pdf_file(d, path, &pages2, &err), 0);
	assert_int_equal(pages2, pages);
	if (system("command -v pdftoppm >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd), "pdftoppm -r 50 -f 1 -l 1 -png "
			 "-singlefile %s %s/p1", path, dir);
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof(path), "%s/p1.png", dir);
		assert_int_equal(stat(path, &st), 0);
		/* text makes the image far larger than a blank page's */
		assert_true(st.st_size > 8000);
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fread(head, 1, sizeof(head), f), sizeof(head));
		fclose(f);
		assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
		/* A4 at 50 dpi: 210 mm -> 413 px, 297 mm -> 585 px */
		assert_in_range(be32(head + 16), 412, 414);
		assert_in_range(be32(head + 20), 584, 586);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/doc.pdf", dir);
	unlink(path);
	rmdir(dir);
	/* an unwritable path is an I/O error */
	assert_int_equal(fz_doc_pdf_file(d, "/nonexistent-dir/x.pdf", NULL,
					 &err), FZ_EIO);
	fz_buf_release(&b);
	fz_doc_free(d);
}

static void test_doc__html_escapes_everything(void **state)
{
	struct fz_doc *d;
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	const char *cells[] = { "<th>", "a&b" };

	(void)state;
	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_organ(d, "柯桥区<b>局</b>");
	fz_doc_title(d, "标题\"'");
	fz_doc_para(d, "<script>alert('x')</script>&");
	fz_doc_table(d, 2, 1, cells, NULL);
	fz_doc_sign(d, "机关&", (struct fz_date){ 2024, 1, 5 }, 0);
	fz_doc_qr(d, "https://fazhi.example/v/x", "扫码<核验>");
	assert_int_equal(fz_doc_html(d, &b, &err), 0);
	assert_null(strstr(b.data, "<script>"));
	assert_null(strstr(b.data, "<b>"));
	assert_non_null(strstr(b.data,
		"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"));
	assert_non_null(strstr(b.data, "柯桥区&lt;b&gt;局&lt;/b&gt;"));
	assert_non_null(strstr(b.data, "<title>标题&quot;&#39;</title>"));
	assert_non_null(strstr(b.data, "<th>&lt;th&gt;</th><th>a&amp;b</th>"));
	assert_non_null(strstr(b.data, "机关&amp;<br>2024年1月5日"));
	assert_non_null(strstr(b.data, "扫码&lt;核验&gt;"));
	assert_non_null(strstr(b.data, "<svg xmlns="));
	fz_buf_release(&b);
	fz_doc_free(d);
}

static void test_doc__headings_number_themselves(void **state)
{
	struct fz_doc *d;
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	const char *want[] = { "一、A", "（一）B", "1．C", "（1）D", "（2）E",
			       "2．F", "（二）G", "二、H", "（一）I" };
	const char *p;

	(void)state;
	fz_doc_new(&d, FZ_DOC_HEAD_RED);
	fz_doc_title(d, "T");
	fz_doc_heading(d, 1, "A");
	fz_doc_heading(d, 2, "B");
	fz_doc_heading(d, 3, "C");
	fz_doc_heading(d, 4, "D");
	fz_doc_heading(d, 4, "E");
	fz_doc_heading(d, 3, "F");
	fz_doc_heading(d, 2, "G");
	fz_doc_heading(d, 1, "H");
	fz_doc_heading(d, 2, "I");
	assert_int_equal(fz_doc_html(d, &b, &err), 0);
	p = b.data;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char tagged[64];
		snprintf(tagged, sizeof(tagged), "\">%s</p>", want[i]);
		p = strstr(p, tagged);
		if (!p)
			fail_msg("missing or out of order: %s", want[i]);
	}
	fz_buf_release(&b);
	fz_doc_free(d);
}

static void test_doc__builder_errors_are_sticky(void **state)
{
	struct fz_doc *d;
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	const char *cells[] = { "x" };

	(void)state;
	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_title(d, "T");
	fz_doc_para(d, "ok");
	fz_doc_para(d, "\xff\xfe bad");
	fz_doc_heading(d, 5, "x");  /* later errors do not replace it */
	assert_int_equal(fz_doc_error(d, &err), FZ_EINVAL);
	assert_string_equal(err.field, "para");
	assert_int_equal(fz_doc_pdf(d, &b, NULL, &err), FZ_EINVAL);
	assert_int_equal(fz_doc_html(d, &b, &err), FZ_EINVAL);
	assert_int_equal(b.len, 0);
	fz_doc_free(d);

	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	assert_int_equal(fz_doc_pdf(d, &b, NULL, &err), FZ_EINVAL);
	assert_string_equal(err.field, "title");
	fz_doc_title(d, "T");
	fz_doc_table(d, 0, 1, cells, NULL);
	assert_int_equal(fz_doc_error(d, &err), FZ_EINVAL);
	assert_string_equal(err.field, "table");
	fz_doc_free(d);

	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_title(d, "T");
	fz_doc_sign(d, "机关", (struct fz_date){ 2024, 2, 30 }, 1);
	assert_int_equal(fz_doc_error(d, &err), FZ_EINVAL);
	assert_string_equal(err.field, "date");
	fz_doc_free(d);
}

static void test_doc__text_helpers(void **state)
{
	char s[FZ_DOC_DATE_LEN], n[16];
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	/* GB/T 9704-2012 7.3.5.4: Arabic, no leading zeros */
	assert_string_equal(fz_doc_date_text((struct fz_date){ 2024, 1, 5 },
					     FZ_DOC_DATE_ARABIC, s),
			    "2024年1月5日");
	assert_string_equal(fz_doc_date_text((struct fz_date){ 2024, 5, 6 },
					     FZ_DOC_DATE_HANZI, s),
			    "二〇二四年五月六日");
	assert_string_equal(fz_doc_date_text((struct fz_date){ 2020, 10, 30 },
					     FZ_DOC_DATE_HANZI, s),
			    "二〇二〇年十月三十日");
	assert_string_equal(fz_doc_date_text((struct fz_date){ 2023, 12, 21 },
					     FZ_DOC_DATE_HANZI, s),
			    "二〇二三年十二月二十一日");
	assert_string_equal(fz_doc_date_text((struct fz_date){ 2023, 2, 29 },
					     FZ_DOC_DATE_ARABIC, s), "");
	assert_string_equal(fz_doc_cn_number(1, n), "一");
	assert_string_equal(fz_doc_cn_number(10, n), "十");
	assert_string_equal(fz_doc_cn_number(11, n), "十一");
	assert_string_equal(fz_doc_cn_number(20, n), "二十");
	assert_string_equal(fz_doc_cn_number(99, n), "九十九");
	assert_string_equal(fz_doc_cn_number(100, n), "");
	assert_int_equal(fz_doc_money_text(500000, &b, &err), 0);
	assert_string_equal(b.data, "人民币5,000.00元（大写：人民币伍仟元整）");
	assert_int_equal(fz_doc_money_text(-1, &b, &err), FZ_EINVAL);
	fz_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc__grid_is_28_by_22),
		cmocka_unit_test(test_doc__multipage_pdf_and_png),
		cmocka_unit_test(test_doc__html_escapes_everything),
		cmocka_unit_test(test_doc__headings_number_themselves),
		cmocka_unit_test(test_doc__builder_errors_are_sticky),
		cmocka_unit_test(test_doc__text_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
