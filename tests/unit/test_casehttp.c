/* test_casehttp.c - the pure parts of the case helpers shared by review
 * and mediate (src/domain/casehttp/casehttp.c); the handlers are covered
 * by tests/api/review.test.mjs and mediate.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/casehttp/casehttp.h"

static void test_casehttp__text_ok_counts_characters(void **state)
{
	struct fz_err e = FZ_ERR_INIT;
	(void)state;
	/* 6 Chinese characters are 18 bytes but 6 characters */
	assert_int_equal(fz_casehttp_text_ok("调解组织名称", 1, 6, "name", "名称", &e), 0);
	assert_int_equal(e.code, 0);
	assert_int_equal(fz_casehttp_text_ok("ab", 2, 2, "name", "名称", &e), 0);
	assert_int_equal(fz_casehttp_text_ok("调解组织名称", 1, 5, "name", "名称", &e),
			 FZ_EINVAL);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.msg, "名称应为 1–5 个字");
}

static void test_casehttp__text_ok_null_is_empty(void **state)
{
	struct fz_err e = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_casehttp_text_ok(NULL, 0, 10, "address", "地址", &e), 0);
	assert_int_equal(fz_casehttp_text_ok(NULL, 1, 10, "court", "法院", &e),
			 FZ_EINVAL);
	assert_string_equal(e.field, "court");
	assert_int_equal(fz_casehttp_text_ok("", 1, 10, "court", "法院", &e),
			 FZ_EINVAL);
}

static struct fz_user user_of(int role)
{
	struct fz_user u = { 0 };
	u.id = 7;
	strcpy(u.login, "zhang");
	u.role = role;
	u.unit_id = 17;
	strcpy(u.unit_path, "/1/4/17/");
	return u;
}

static int no_path(struct fz_store *db, int64_t id, char *path, size_t n,
		   struct fz_err *err)
{
	return 0;
}

static void test_casehttp__actor_scope_by_role(void **state)
{
	struct fz_user town = user_of(FZ_ROLE_TOWN), office = user_of(FZ_ROLE_OFFICE);
	struct fz_record_kind k = { "x", "不存在", 0, no_path };
	struct fz_casehttp m = { .record = &k };
	struct fz_req req = { 0 };
	struct fz_case_actor a;
	(void)state;
	strcpy(req.ip, "10.0.0.9");
	req.user = &town;
	fz_casehttp_actor(&m, &req, &a);
	assert_int_equal(a.user_id, 7);
	assert_string_equal(a.login, "zhang");
	assert_int_equal(a.role, FZ_ROLE_TOWN);
	assert_int_equal(a.unit_id, 17);
	assert_string_equal(a.scope, "/1/4/17/");
	assert_string_equal(a.ip, "10.0.0.9");
	assert_int_equal(a.system, 0);
	req.user = &office;
	fz_casehttp_actor(&m, &req, &a);
	assert_string_equal(a.scope, "/");
}

static void test_casehttp__actor_widened_by_the_record_kind(void **state)
{
	struct fz_user jus = user_of(FZ_ROLE_JUSTICE), town = user_of(FZ_ROLE_TOWN);
	struct fz_record_kind wide_k = { "x", "不存在", FZ_ROLE_JUSTICE, no_path };
	struct fz_record_kind narrow_k = { "y", "不存在", 0, no_path };
	struct fz_casehttp wide = { .record = &wide_k }, narrow = { .record = &narrow_k };
	struct fz_req req = { 0 };
	struct fz_case_actor a;
	(void)state;
	req.user = &jus;
	fz_casehttp_actor(&narrow, &req, &a);
	assert_string_equal(a.scope, "/1/4/17/");
	fz_casehttp_actor(&wide, &req, &a);
	assert_string_equal(a.scope, "/");
	/* only the roles the kind names are widened */
	req.user = &town;
	fz_casehttp_actor(&wide, &req, &a);
	assert_string_equal(a.scope, "/1/4/17/");
}

static const struct fz_cal *no_cal(void)
{
	return NULL;
}

static void test_casehttp__need_cal(void **state)
{
	struct fz_casehttp without = { .cal = no_cal };
	struct fz_casehttp with = { .cal = fz_casehttp_cal };
	struct fz_err e = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_casehttp_need_cal(&without, &e), FZ_EINTERNAL);
	assert_string_equal(e.msg, "工作日历未加载");
	/* the embedded calendar loads, once for every module */
	assert_non_null(fz_casehttp_cal());
	assert_ptr_equal(fz_casehttp_cal(), fz_casehttp_cal());
	assert_int_equal(fz_casehttp_need_cal(&with, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_casehttp__text_ok_counts_characters),
		cmocka_unit_test(test_casehttp__text_ok_null_is_empty),
		cmocka_unit_test(test_casehttp__actor_scope_by_role),
		cmocka_unit_test(test_casehttp__actor_widened_by_the_record_kind),
		cmocka_unit_test(test_casehttp__need_cal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
