/* test_csv.c - core/csv: RFC 4180 records - quoted commas, doubled quotes
 * and line breaks inside quotes, CRLF and CR endings, empty fields and
 * lines, the lines a record spans; an unterminated quote, too many fields
 * and a record longer than the buffer are errors, never overflows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/csv.h"

struct reader {
	const char *p, *end;
	char buf[256];
	const char *f[8];
	size_t nf;
	int lines;
	struct fz_err err;
};

static int next(struct reader *r)
{
	return fz_csv_next(&r->p, r->end, r->buf, sizeof(r->buf), r->f, 8, &r->nf,
			   &r->lines, &r->err);
}

static void open_text(struct reader *r, const char *text)
{
	memset(r, 0, sizeof(*r));
	r->p = text;
	r->end = text + strlen(text);
}

static void test_csv__quotes_commas_and_breaks(void **state)
{
	struct reader r;
	(void)state;
	open_text(&r, "a,\"b,\"\"c\"\"\",\n\"x\ny\",z");
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.nf, 3);
	assert_string_equal(r.f[0], "a");
	assert_string_equal(r.f[1], "b,\"c\"");
	assert_string_equal(r.f[2], "");
	assert_int_equal(r.lines, 1);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.nf, 2);
	assert_string_equal(r.f[0], "x\ny");
	assert_string_equal(r.f[1], "z");
	assert_int_equal(r.lines, 2);
	assert_int_equal(next(&r), 0);
}

static void test_csv__line_endings_and_empty_lines(void **state)
{
	struct reader r;
	(void)state;
	open_text(&r, "甲,乙\r\n\r\n丙\r丁,\n");
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.nf, 2);
	assert_string_equal(r.f[1], "乙");
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.nf, 1);
	assert_string_equal(r.f[0], "");
	assert_int_equal(next(&r), 1);
	assert_string_equal(r.f[0], "丙");
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.nf, 2);
	assert_string_equal(r.f[0], "丁");
	assert_string_equal(r.f[1], "");
	assert_int_equal(next(&r), 0);
}

static void test_csv__errors_not_overflows(void **state)
{
	struct reader r;
	const char *f[2];
	char small[16];
	(void)state;
	open_text(&r, "a,\"open\nb,c");
	assert_int_equal(next(&r), FZ_EINVAL);
	assert_string_equal(r.err.msg, "引号没有闭合");
	open_text(&r, "1,2,3,4,5,6,7,8,9");
	assert_int_equal(next(&r), FZ_EINVAL);
	open_text(&r, "0123456789012345678901234567890123456789");
	assert_int_equal(fz_csv_next(&r.p, r.end, small, sizeof(small), f, 2, &r.nf,
				     &r.lines, &r.err), FZ_EINVAL);
	/* the exact fit: 15 bytes and the NUL */
	open_text(&r, "012345678901234");
	assert_int_equal(fz_csv_next(&r.p, r.end, small, sizeof(small), f, 2, &r.nf,
				     &r.lines, &r.err), 1);
	assert_string_equal(f[0], "012345678901234");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv__quotes_commas_and_breaks),
		cmocka_unit_test(test_csv__line_endings_and_empty_lines),
		cmocka_unit_test(test_csv__errors_not_overflows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
