/* test_handler.c - the handler helpers of src/http/handler.c that need no
 * live connection: body fields, the {id} capture, dates, amounts, paging
 * bounds, the list answer and the allow-list.  fz_req_paging itself reads
 * the query string through libmicrohttpd and is covered by the API tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/handler.h"

/* A request whose body is the JSON text body (NULL for none). */
static struct fz_req req_of(const char *body)
{
	struct fz_req r;
	memset(&r, 0, sizeof(r));
	if (body) {
		r.json = json_loads(body, 0, NULL);
		if (!r.json)
			fail_msg("bad test JSON %s", body);
	}
	return r;
}

static void test_handler__str_reads_strings_only(void **state)
{
	struct fz_req r = req_of("{\"a\":\"x\",\"n\":5,\"z\":null}");
	json_t *sub = json_pack("{s:s}", "k", "v");
	(void)state;
	assert_string_equal(fz_req_str(&r, "a"), "x");
	assert_null(fz_req_str(&r, "n"));
	assert_null(fz_req_str(&r, "z"));
	assert_null(fz_req_str(&r, "missing"));
	assert_string_equal(fz_req_field(sub, "k"), "v");
	assert_null(fz_req_field(NULL, "k"));
	json_decref(sub);
	json_decref(r.json);
	r = req_of(NULL);
	assert_null(fz_req_str(&r, "a"));
}

static void test_handler__int_reads_integers_only(void **state)
{
	struct fz_req r = req_of("{\"n\":-42,\"s\":\"7\",\"f\":1.5}");
	int64_t v = 99;
	(void)state;
	assert_int_equal(fz_req_int(&r, "n", &v), 1);
	assert_int_equal(v, -42);
	v = 99;
	assert_int_equal(fz_req_int(&r, "s", &v), 0);
	assert_int_equal(fz_req_int(&r, "f", &v), 0);
	assert_int_equal(fz_req_int(&r, "missing", &v), 0);
	assert_int_equal(v, 99);
	json_decref(r.json);
	r = req_of(NULL);
	assert_int_equal(fz_req_int(&r, "n", &v), 0);
	assert_int_equal(v, 99);
}

static void test_handler__id_takes_positive_decimals(void **state)
{
	struct fz_req r = req_of(NULL);
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = 7;
	static const char *const bad[] = { "0", "-3", "12x", "", "abc" };
	(void)state;
	r.params[0] = "123";
	r.params[1] = "9";
	r.nparams = 2;
	assert_int_equal(fz_req_id(&r, 0, &id, &err), 0);
	assert_int_equal(id, 123);
	assert_int_equal(fz_req_id(&r, 1, &id, &err), 0);
	assert_int_equal(id, 9);
	assert_int_equal(fz_req_id(&r, 2, &id, &err), FZ_ENOTFOUND);
	assert_string_equal(err.field, "id");
	assert_string_equal(err.msg, "对象不存在");
	assert_int_equal(id, 9);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fz_err e = FZ_ERR_INIT;
		r.params[0] = bad[i];
		if (fz_req_id(&r, 0, &id, &e) != FZ_ENOTFOUND)
			fail_msg("accepted id \"%s\"", bad[i]);
		assert_int_equal(id, 9);
	}
	r.nparams = 0;
	assert_int_equal(fz_req_id(&r, 0, &id, &err), FZ_ENOTFOUND);
}

static void test_handler__date_optional_and_checked(void **state)
{
	struct fz_req r = req_of("{\"on\":\"2024-02-29\",\"bad\":\"2023-02-29\","
				 "\"num\":20240101}");
	struct fz_err err = FZ_ERR_INIT;
	struct fz_date d = { 1, 1, 1 };
	(void)state;
	assert_int_equal(fz_req_date(&r, "on", &d, &err), 0);
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	assert_int_equal(fz_req_date(&r, "missing", &d, &err), 0);
	assert_int_equal(d.y, 0);
	assert_int_equal(d.m, 0);
	assert_int_equal(d.d, 0);
	assert_int_equal(fz_req_date(&r, "bad", &d, &err), FZ_EINVAL);
	assert_string_equal(err.field, "bad");
	assert_string_equal(err.msg, "日期应为 YYYY-MM-DD");
	err = (struct fz_err)FZ_ERR_INIT;
	assert_int_equal(fz_req_date(&r, "num", &d, &err), FZ_EINVAL);
	assert_string_equal(err.field, "num");
	json_decref(r.json);
}

static void test_handler__money_in_yuan_strings(void **state)
{
	struct fz_req r = req_of("{\"a\":\"1,234.50\",\"neg\":\"-1\","
				 "\"num\":12,\"junk\":\"1.234\"}");
	struct fz_err err = FZ_ERR_INIT;
	int64_t c = 5;
	(void)state;
	assert_int_equal(fz_req_money(&r, "a", &c, &err), 0);
	assert_int_equal(c, 123450);
	assert_int_equal(fz_req_money(&r, "missing", &c, &err), 0);
	assert_int_equal(c, 0);
	assert_int_equal(fz_req_money(&r, "neg", &c, &err), FZ_EINVAL);
	assert_string_equal(err.field, "neg");
	assert_string_equal(err.msg, "金额应为以元为单位的数字，如 1234.50");
	assert_int_equal(fz_req_money(&r, "num", &c, &err), FZ_EINVAL);
	assert_int_equal(fz_req_money(&r, "junk", &c, &err), FZ_EINVAL);
	json_decref(r.json);
	r = req_of(NULL);
	c = 5;
	assert_int_equal(fz_req_money(&r, "a", &c, &err), 0);
	assert_int_equal(c, 0);
}

static void test_handler__paging_defaults_and_bounds(void **state)
{
	/* raw page, raw per_page -> page, per_page */
	static const struct {
		const char *p, *pp;
		int64_t page, per;
	} cases[] = {
		{ NULL, NULL, 1, 20 }, { "3", "50", 3, 50 }, { "0", "0", 1, 20 },
		{ "-5", "-1", 1, 20 }, { "2", "101", 2, 100 },
		{ "x", "100", 1, 100 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t page = -9, per = -9;
		fz_req_paging_of(cases[i].p, cases[i].pp, &page, &per);
		if (page != cases[i].page || per != cases[i].per)
			fail_msg("case %zu: page %lld per %lld", i,
				 (long long)page, (long long)per);
	}
}

static void test_handler__list_answer_fields(void **state)
{
	json_t *items = json_pack("[i,i]", 1, 2);
	json_t *o = fz_resp_list(items, 42, 3, 20);
	(void)state;
	assert_non_null(o);
	assert_ptr_equal(json_object_get(o, "items"), items);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 42);
	assert_int_equal(json_integer_value(json_object_get(o, "page")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "per_page")), 20);
	assert_int_equal(json_object_size(o), 4);
	json_decref(o);
}

/* A handler the way routes use FZ_ALLOW: 1 when it got past the check. */
static int allow_handler(struct fz_req *req, struct fz_err *err)
{
	FZ_ALLOW("name", "phone");
	return 1;
}

static void test_handler__allow_rejects_undeclared_fields(void **state)
{
	struct fz_req r = req_of("{\"name\":\"a\",\"phone\":\"1\"}");
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(allow_handler(&r, &err), 1);
	assert_int_equal(err.code, 0);
	json_decref(r.json);
	r = req_of("{\"name\":\"a\",\"nmae\":\"b\"}");
	assert_int_equal(allow_handler(&r, &err), FZ_EINVAL);
	assert_string_equal(err.field, "nmae");
	json_decref(r.json);
	r = req_of(NULL);
	err = (struct fz_err)FZ_ERR_INIT;
	assert_int_equal(allow_handler(&r, &err), 1);
	assert_int_equal(fz_req_allow(&r, (const char *const[]){ NULL }, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handler__str_reads_strings_only),
		cmocka_unit_test(test_handler__int_reads_integers_only),
		cmocka_unit_test(test_handler__id_takes_positive_decimals),
		cmocka_unit_test(test_handler__date_optional_and_checked),
		cmocka_unit_test(test_handler__money_in_yuan_strings),
		cmocka_unit_test(test_handler__paging_defaults_and_bounds),
		cmocka_unit_test(test_handler__list_answer_fields),
		cmocka_unit_test(test_handler__allow_rejects_undeclared_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
