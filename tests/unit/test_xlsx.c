/* test_xlsx.c - engine/docs/xlsx: the workbook of list rows is a zip whose
 * first sheet holds the Chinese headers, the text cells as written, amounts
 * as numbers of 元 (from cents, integer or digits), and nothing for a
 * non-number; more rows than the limit are refused before anything is
 * written.  The sheet is read back here with zlib from the zip's central
 * directory, as Excel would find it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "engine/docs/xlsx.h"

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* The inflated part name of the zip in b (n bytes), NUL-ended; NULL when
 * it is not there.  The caller frees it. */
static char *zip_part(const unsigned char *b, size_t n, const char *name)
{
	size_t e = n - 22, p;

	while (e > 0 && le32(b + e) != 0x06054b50)
		e--;
	p = le32(b + e + 16);
	for (unsigned i = 0; i < le16(b + e + 10); i++) {
		uint16_t method = le16(b + p + 10), nl = le16(b + p + 28);
		uint32_t csize = le32(b + p + 20), usize = le32(b + p + 24);
		uint32_t local = le32(b + p + 42);
		if (nl == strlen(name) && !memcmp(b + p + 46, name, nl)) {
			size_t data = local + 30 + le16(b + local + 26) + le16(b + local + 28);
			char *out = calloc(usize + 1, 1);
			z_stream z = { 0 };
			if (method == 0) {
				memcpy(out, b + data, usize);
				return out;
			}
			inflateInit2(&z, -15);
			z.next_in = (unsigned char *)b + data;
			z.avail_in = csize;
			z.next_out = (unsigned char *)out;
			z.avail_out = usize;
			inflate(&z, Z_FINISH);
			inflateEnd(&z);
			return out;
		}
		p += 46 + nl + le16(b + p + 30) + le16(b + p + 32);
	}
	return NULL;
}

static const struct fz_xlsx_col cols[] = {
	{ "number", "案号", 't' }, { "fine", "罚款（元）", 'm' },
	{ "flags", "待处理提示", 'n' }, { NULL, NULL, 0 }
};

static void test_xlsx__headers_text_and_amounts(void **state)
{
	struct fz_buf out = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	json_t *rows = json_pack("[{s:s,s:I,s:i},{s:s,s:s,s:i},{s:s,s:s,s:n}]",
		"number", "柯综执罚〔2026〕7号", "fine", (json_int_t)1234567, "flags", 2,
		"number", "柯综执罚〔2026〕8号", "fine", "891500", "flags", 0,
		"number", "柯综执罚〔2026〕9号", "fine", "不详", "flags");
	char *sheet;

	(void)state;
	assert_int_equal(fz_xlsx_table(cols, rows, "执法案件", &out, &err), 0);
	assert_true(out.len > 100);
	assert_memory_equal(out.data, "PK", 2);
	sheet = zip_part((const unsigned char *)out.data, out.len,
			 "xl/worksheets/sheet1.xml");
	assert_non_null(sheet);
	assert_non_null(strstr(sheet, "案号"));
	assert_non_null(strstr(sheet, "罚款（元）"));
	assert_non_null(strstr(sheet, "柯综执罚〔2026〕9号"));
	/* cents as 元, numbers Excel can sum; a word where an amount
	 * belongs leaves the cell empty rather than a wrong number */
	assert_non_null(strstr(sheet, "<v>12345.67</v>"));
	assert_non_null(strstr(sheet, "<v>8915</v>"));
	assert_null(strstr(sheet, "不详"));
	/* the header row frozen and filtered */
	assert_non_null(strstr(sheet, "autoFilter"));
	free(sheet);
	json_decref(rows);
	fz_buf_release(&out);
}

static void test_xlsx__too_many_rows_are_refused(void **state)
{
	struct fz_buf out = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	json_t *rows = json_array(), *obj = json_object();

	(void)state;
	for (int i = 0; i <= FZ_XLSX_ROWS_MAX; i++)
		json_array_append_new(rows, json_object());
	assert_int_equal(fz_xlsx_table(cols, rows, "执法案件", &out, &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "缩小"));
	assert_int_equal(out.len, 0);
	assert_int_equal(fz_xlsx_table(cols, obj, "x", &out, &err), FZ_EINVAL);
	json_decref(obj);
	json_decref(rows);
	fz_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx__headers_text_and_amounts),
		cmocka_unit_test(test_xlsx__too_many_rows_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
