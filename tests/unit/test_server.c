/* test_server.c - the parts of src/http/server.c that need no live
 * connection: the exact JSON media type (issue 13: application/jsonx
 * passed a prefix test) and route patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/server.h"

static void test_server__json_type_takes_json_with_utf8(void **state)
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
		if (!fz_server_is_json_type(ok[i]))
			fail_msg("refused %s", ok[i]);
}

static void test_server__json_type_refuses_look_alikes(void **state)
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
	assert_int_equal(fz_server_is_json_type(NULL), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (fz_server_is_json_type(bad[i]))
			fail_msg("took %s", bad[i]);
}

static void test_server__route_match_captures(void **state)
{
	char scratch[64];
	const char *params[FZ_MAX_PARAMS];
	int n;
	(void)state;
	assert_int_equal(fz_route_match("/api/v1/cases/{id}", "/api/v1/cases/42",
					scratch, sizeof(scratch), params, &n), 1);
	assert_int_equal(n, 1);
	assert_string_equal(params[0], "42");
	assert_int_equal(fz_route_match("/api/v1/cases/{id}", "/api/v1/cases/",
					scratch, sizeof(scratch), params, &n), 0);
	assert_int_equal(fz_route_match("/api/v1/cases/{id}", "/api/v1/cases/4/x",
					scratch, sizeof(scratch), params, &n), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server__json_type_takes_json_with_utf8),
		cmocka_unit_test(test_server__json_type_refuses_look_alikes),
		cmocka_unit_test(test_server__route_match_captures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
