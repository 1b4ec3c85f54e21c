/* test_json.c - strict request-body parsing and field getters
 * (src/core/json.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json.h"

static json_t *parse_ok(const char *s)
{
	json_t *v = (json_t *)1;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_json_parse_body(s, strlen(s), &v, &err))
		fail_msg("rejected %s: %s", s, err.msg);
	assert_true(json_is_object(v));
	return v;
}

/* Fails with FZ_EBADJSON, *out NULL, message contains word. */
static void parse_bad(const char *s, size_t len, const char *word)
{
	json_t *v = (json_t *)1;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_json_parse_body(s, len, &v, &err) != FZ_EBADJSON)
		fail_msg("accepted %.*s", (int)len, s);
	assert_null(v);
	assert_int_equal(err.code, FZ_EBADJSON);
	if (word && !strstr(err.msg, word))
		fail_msg("%.*s: message \"%s\" lacks \"%s\"", (int)len, s,
			 err.msg, word);
}

static void test_json__parse_accepts_objects(void **state)
{
	json_t *v;
	(void)state;
	v = parse_ok("{}");
	json_decref(v);
	v = parse_ok(" {\"name\":\"柯桥\",\"n\":1,\"a\":[1,{\"b\":null}]}\n");
	assert_string_equal(json_string_value(json_object_get(v, "name")),
			    "柯桥");
	json_decref(v);
	/* brackets inside strings do not count as nesting */
	v = parse_ok("{\"s\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"{{{\"}");
	json_decref(v);
}

static void test_json__parse_rejects_non_objects(void **state)
{
	(void)state;
	parse_bad("[]", 2, "JSON 对象");
	parse_bad("\"x\"", 3, NULL);
	parse_bad("42", 2, NULL);
	parse_bad("null", 4, NULL);
	parse_bad("", 0, "为空");
	parse_bad(NULL, 0, "为空");
}

static void test_json__parse_reports_position(void **state)
{
	(void)state;
	parse_bad("{\n  \"a\": 1,\n  \"b\": }", 20, "第3行");
	parse_bad("{\"a\":1", 6, "不完整");
	parse_bad("{\"a\":1} x", 9, "多余");
	parse_bad("{\"a\":1}{}", 9, "多余");
	parse_bad("{'a':1}", 7, "语法错误");
	parse_bad("{\"a\":01}", 8, NULL);
	parse_bad("{\"a\":NaN}", 9, NULL);
	parse_bad("{\"a\":99999999999999999999}", 26, "数值超出范围");
}

static void test_json__parse_rejects_duplicates(void **state)
{
	(void)state;
	parse_bad("{\"a\":1,\"a\":2}", 13, "重复");
	parse_bad("{\"x\":{\"k\":1,\"k\":1}}", 19, "重复");
}

static void test_json__parse_rejects_bad_utf8_and_nul(void **state)
{
	(void)state;
	parse_bad("{\"a\":\"\xff\"}", 9, "UTF-8");
	parse_bad("{\"a\":\"\xc0\xaf\"}", 10, "UTF-8"); /* overlong '/' */
	parse_bad("{\"a\":\"\xed\xa0\x80\"}", 11, "UTF-8"); /* surrogate */
	parse_bad("{\"a\":\"\\u0000\"}", 14, "\\u0000");
	parse_bad("{\"a\":\"x\0y\"}", 11, NULL); /* raw NUL byte */
	parse_bad("{\"a\":1}\0", 8, NULL);
}

static char *nested(int depth)
{
	/* {"a":{"a":...{}...}} with depth objects */
	char *s = malloc((size_t)depth * 6 + 1), *p = s;
	for (int i = 0; i < depth - 1; i++) {
		memcpy(p, "{\"a\":", 5);
		p += 5;
	}
	*p++ = '{';
	for (int i = 0; i < depth; i++)
		*p++ = '}';
	*p = '\0';
	return s;
}

static void test_json__parse_limits_depth(void **state)
{
	char *s = nested(FZ_JSON_MAX_DEPTH);
	json_t *v;
	(void)state;
	v = parse_ok(s);
	json_decref(v);
	free(s);
	s = nested(FZ_JSON_MAX_DEPTH + 1);
	parse_bad(s, strlen(s), "32");
	free(s);
	/* arrays count too, and far deeper input fails fast */
	s = malloc(100001);
	memcpy(s, "{\"a\":", 5);
	memset(s + 5, '[', 100000 - 5);
	s[100000] = '\0';
	parse_bad(s, 100000, "嵌套");
	free(s);
}

static void test_json__str(void **state)
{
	json_t *o = parse_ok("{\"name\":\"欧阳晓明\",\"empty\":\"\",\"n\":5,"
			     "\"nul\":null}");
	const char *s = "default";
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	/* 4 characters, 12 bytes: lengths are in characters */
	assert_int_equal(fz_json_str(o, "name", "测试项", 1, 4, 1, &s, &err), 0);
	assert_string_equal(s, "欧阳晓明");
	assert_int_equal(fz_json_str(o, "name", "测试项", 1, 3, 1, &s, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "name");
	assert_string_equal(err.msg, "“测试项”最多 3 个字");
	assert_int_equal(fz_json_str(o, "name", "测试项", 5, 10, 1, &s, &err),
			 FZ_EINVAL);
	assert_string_equal(err.msg, "“测试项”至少需要 5 个字");
	assert_int_equal(fz_json_str(o, "empty", "测试项", 1, 10, 0, &s, &err),
			 FZ_EINVAL);
	assert_non_null(strstr(err.msg, "不能为空"));
	assert_int_equal(fz_json_str(o, "empty", "测试项", 0, 10, 1, &s, &err), 0);
	assert_string_equal(s, "");
	/* wrong type */
	fz_err_clear(&err);
	assert_int_equal(fz_json_str(o, "n", "测试项", 0, 10, 0, &s, &err), FZ_EINVAL);
	assert_string_equal(err.field, "n");
	assert_string_equal(err.msg, "“测试项”应为文字");
	/* absent or null: optional leaves *out, required fails */
	s = "default";
	assert_int_equal(fz_json_str(o, "missing", "测试项", 0, 10, 0, &s, &err), 0);
	assert_string_equal(s, "default");
	assert_int_equal(fz_json_str(o, "nul", "测试项", 0, 10, 0, &s, &err), 0);
	assert_string_equal(s, "default");
	assert_int_equal(fz_json_str(o, "missing", "测试项", 0, 10, 1, &s, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "missing");
	/* the person reads the label, the program the key */
	assert_string_equal(err.msg, "请填写“测试项”");
	assert_int_equal(fz_json_str(o, "nul", "测试项", 0, 10, 1, &s, &err),
			 FZ_EINVAL);
	/* not an object */
	assert_int_equal(fz_json_str(NULL, "x", "测试项", 0, 10, 1, &s, &err),
			 FZ_EINVAL);
	json_decref(o);
}

static void test_json__int(void **state)
{
	json_t *o = parse_ok("{\"page\":3,\"neg\":-7,\"real\":3.0,\"s\":\"3\","
			     "\"big\":9223372036854775807}");
	int64_t n = -1;
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_json_int(o, "page", "测试项", 1, 100, 1, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(fz_json_int(o, "neg", "测试项", -10, 10, 1, &n, &err), 0);
	assert_int_equal(n, -7);
	assert_int_equal(fz_json_int(o, "page", "测试项", 4, 100, 1, &n, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "page");
	assert_non_null(strstr(err.msg, "4 到 100"));
	assert_int_equal(fz_json_int(o, "page", "测试项", 1, 2, 1, &n, &err),
			 FZ_EINVAL);
	assert_int_equal(fz_json_int(o, "real", "测试项", 0, 10, 1, &n, &err),
			 FZ_EINVAL);
	assert_non_null(strstr(err.msg, "整数"));
	assert_int_equal(fz_json_int(o, "s", "测试项", 0, 10, 1, &n, &err), FZ_EINVAL);
	assert_int_equal(fz_json_int(o, "big", "测试项", INT64_MIN, INT64_MAX, 1, &n,
				     &err), 0);
	assert_int_equal(n, INT64_MAX);
	n = 20;
	assert_int_equal(fz_json_int(o, "per_page", "测试项", 1, 100, 0, &n, &err), 0);
	assert_int_equal(n, 20);
	assert_int_equal(fz_json_int(o, "per_page", "测试项", 1, 100, 1, &n, &err),
			 FZ_EINVAL);
	json_decref(o);
}

static void test_json__bool(void **state)
{
	json_t *o = parse_ok("{\"t\":true,\"f\":false,\"n\":1,\"s\":\"true\"}");
	int b = 7;
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_json_bool(o, "t", "测试项", 1, &b, &err), 0);
	assert_int_equal(b, 1);
	assert_int_equal(fz_json_bool(o, "f", "测试项", 1, &b, &err), 0);
	assert_int_equal(b, 0);
	assert_int_equal(fz_json_bool(o, "n", "测试项", 1, &b, &err), FZ_EINVAL);
	assert_string_equal(err.field, "n");
	assert_int_equal(fz_json_bool(o, "s", "测试项", 1, &b, &err), FZ_EINVAL);
	b = 7;
	assert_int_equal(fz_json_bool(o, "x", "测试项", 0, &b, &err), 0);
	assert_int_equal(b, 7);
	assert_int_equal(fz_json_bool(o, "x", "测试项", 1, &b, &err), FZ_EINVAL);
	json_decref(o);
}

static void test_json__check_keys(void **state)
{
	static const char *const allowed[] = { "login", "password", NULL };
	json_t *o = parse_ok("{\"login\":\"a\",\"password\":\"b\"}");
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_json_check_keys(o, allowed, &err), 0);
	json_object_set_new(o, "is_admin", json_true());
	assert_int_equal(fz_json_check_keys(o, allowed, &err), FZ_EINVAL);
	assert_string_equal(err.field, "is_admin");
	json_decref(o);
	/* a long multi-byte key is cut on a character boundary */
	o = parse_ok("{\"键键键键键键键键键键键键键键键键键键键键键键键键键\":1}");
	assert_int_equal(fz_json_check_keys(o, allowed, &err), FZ_EINVAL);
	assert_int_equal(strlen(err.field) % 3, 0);
	assert_true(strlen(err.field) < 48);
	json_decref(o);
}

static void test_json__dumpb(void **state)
{
	struct fz_buf b = FZ_BUF_INIT;
	json_t *v = json_pack("{s:s,s:i}", "name", "柯桥", "n", 1);
	(void)state;
	assert_int_equal(fz_json_dumpb(v, &b, JSON_SORT_KEYS), 0);
	assert_string_equal(b.data, "{\"n\": 1, \"name\": \"柯桥\"}");
	fz_buf_reset(&b);
	assert_int_equal(fz_json_dumpb(v, &b, 0), 0);
	assert_true(strcmp(b.data, "{\"name\":\"柯桥\",\"n\":1}") == 0 ||
		    strcmp(b.data, "{\"n\":1,\"name\":\"柯桥\"}") == 0);
	fz_buf_release(&b);
	/* past the ceiling: the buffer's error */
	fz_buf_init(&b, 5);
	assert_int_equal(fz_json_dumpb(v, &b, 0), FZ_ETOOBIG);
	assert_int_equal(fz_json_dumpb(v, &b, 0), FZ_ETOOBIG); /* sticky */
	fz_buf_release(&b);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json__parse_accepts_objects),
		cmocka_unit_test(test_json__parse_rejects_non_objects),
		cmocka_unit_test(test_json__parse_reports_position),
		cmocka_unit_test(test_json__parse_rejects_duplicates),
		cmocka_unit_test(test_json__parse_rejects_bad_utf8_and_nul),
		cmocka_unit_test(test_json__parse_limits_depth),
		cmocka_unit_test(test_json__str),
		cmocka_unit_test(test_json__int),
		cmocka_unit_test(test_json__bool),
		cmocka_unit_test(test_json__check_keys),
		cmocka_unit_test(test_json__dumpb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
