/* test_buf.c - the growable string with a ceiling and a sticky error
 * (src/core/buf.c), invariant by invariant as listed in buf.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"

static void test_buf__init_is_empty_string(void **state)
{
	struct fz_buf a = FZ_BUF_INIT, b;
	(void)state;
	assert_non_null(a.data);
	assert_string_equal(a.data, "");
	assert_int_equal(a.len, 0);
	assert_int_equal(a.alloc, 0);
	fz_buf_init(&b, 10);
	assert_string_equal(b.data, "");
	assert_int_equal(b.max, 10);
	assert_int_equal(b.err, 0);
	/* releasing a never-grown buffer is fine */
	fz_buf_release(&a);
	fz_buf_release(&b);
	assert_int_equal(b.max, 10);
}

static void test_buf__appends_and_terminates(void **state)
{
	struct fz_buf b = FZ_BUF_INIT;
	(void)state;
	fz_buf_add(&b, "abc\0def", 7); /* embedded NUL kept, counted */
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.data, "abc\0def", 8);
	fz_buf_reset(&b);
	fz_buf_adds(&b, "柯桥");
	fz_buf_addch(&b, '-');
	fz_buf_addf(&b, "%d/%s", 42, "x");
	assert_string_equal(b.data, "柯桥-42/x");
	assert_int_equal(b.len, strlen("柯桥-42/x"));
	assert_int_equal(b.data[b.len], '\0');
	fz_buf_release(&b);
}

static void test_buf__grows_past_many_doublings(void **state)
{
	struct fz_buf b = FZ_BUF_INIT;
	(void)state;
	for (int i = 0; i < 100000; i++)
		fz_buf_addch(&b, (char)('a' + i % 26));
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, 100000);
	assert_true(b.alloc > b.len);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	assert_int_equal(b.data[100000], '\0');
	fz_buf_release(&b);
}

static void test_buf__ceiling_error_is_sticky(void **state)
{
	struct fz_buf b;
	(void)state;
	fz_buf_init(&b, 5);
	fz_buf_adds(&b, "abcd");
	fz_buf_adds(&b, "ef"); /* would be 6 > 5: refused whole */
	assert_int_equal(b.err, FZ_ETOOBIG);
	assert_string_equal(b.data, "abcd");
	fz_buf_addch(&b, 'x'); /* would fit, but the error sticks */
	fz_buf_addf(&b, "%d", 1);
	assert_string_equal(b.data, "abcd");
	assert_int_equal(b.len, 4);
	/* reset keeps the error; release clears it */
	fz_buf_reset(&b);
	assert_int_equal(b.err, FZ_ETOOBIG);
	fz_buf_release(&b);
	assert_int_equal(b.err, 0);
	fz_buf_adds(&b, "12345");
	assert_int_equal(b.err, 0);
	assert_string_equal(b.data, "12345");
	fz_buf_release(&b);
	/* printf past the ceiling */
	fz_buf_init(&b, 3);
	fz_buf_addf(&b, "%s", "long text");
	assert_int_equal(b.err, FZ_ETOOBIG);
	assert_string_equal(b.data, "");
	fz_buf_release(&b);
	/* a length that would overflow size_t */
	fz_buf_init(&b, 0);
	fz_buf_add(&b, "x", (size_t)-1);
	assert_int_equal(b.err, FZ_ETOOBIG);
	fz_buf_release(&b);
}

static void test_buf__detach_hands_over(void **state)
{
	struct fz_buf b = FZ_BUF_INIT;
	size_t len = 99;
	char *s;
	(void)state;
	fz_buf_adds(&b, "hello");
	s = fz_buf_detach(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	free(s);
	/* an empty buffer still hands over a freeable string */
	s = fz_buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
}

static void test_buf__json_escaping(void **state)
{
	struct fz_buf b = FZ_BUF_INIT;
	(void)state;
	fz_buf_add_json_escaped(&b, "a\"b\\c\nd\re\tf\x01g\x1fh 柯桥/");
	assert_string_equal(b.data, "a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh "
			    "柯桥/");
	fz_buf_release(&b);
}

static void vadd(struct fz_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fz_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

static void test_buf__vaddf(void **state)
{
	struct fz_buf b = FZ_BUF_INIT;
	(void)state;
	vadd(&b, "%s=%d;", "a", 1);
	vadd(&b, "%05.1f", 2.5);
	assert_string_equal(b.data, "a=1;002.5");
	fz_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__init_is_empty_string),
		cmocka_unit_test(test_buf__appends_and_terminates),
		cmocka_unit_test(test_buf__grows_past_many_doublings),
		cmocka_unit_test(test_buf__ceiling_error_is_sticky),
		cmocka_unit_test(test_buf__detach_hands_over),
		cmocka_unit_test(test_buf__json_escaping),
		cmocka_unit_test(test_buf__vaddf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
