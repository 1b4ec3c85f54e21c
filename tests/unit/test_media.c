/* test_media.c - the exact JSON media type of src/http/media.c (issue 13:
 * application/jsonx passed a prefix test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/media.h"

static void test_media__json_type_takes_json_with_utf8(void **state)
{
	static const char *const ok[] = {
		"application/json",
		"Application/JSON",
		"application/json; charset=utf-8",
		"application/json;charset=UTF-8",
		"application/json ; charset=\"utf-8\"",
		"  application/json",
		"application/json; charset=utf-8; v=1",
		"application/json;",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!fz_media_is_json(ok[i]))
			fail_msg("refused %s", ok[i]);
}

static void test_media__json_type_refuses_look_alikes(void **state)
{
	static const char *const bad[] = {
		"application/jsonx",
		"application/json-patch+json",
		"application/json-patch",
		"application/json5",
		"application/jsonp; charset=utf-8",
		"application/json; charset=gbk",
		"application/json; charset=utf-16",
		"application/json; charset",
		"application/json; charset=",
		"application/json; charset=\"utf-8",
		"application/json x",
		"application/json, text/plain",
		"text/json",
		"application/x-www-form-urlencoded",
		"multipart/form-data; boundary=x",
		"text/plain",
		"",
	};
	(void)state;
	assert_int_equal(fz_media_is_json(NULL), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (fz_media_is_json(bad[i]))
			fail_msg("took %s", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_media__json_type_takes_json_with_utf8),
		cmocka_unit_test(test_media__json_type_refuses_look_alikes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
