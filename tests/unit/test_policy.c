/* test_policy.c - the one access policy (src/domain/policy): who reaches
 * the whole district, a record kind's widening, prefix tests that do not
 * confuse /1/4/ with /1/40/, and the record check: out of scope is
 * answered as "not found", a refused write leaves only its audit entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/policy/policy.h"
#include "engine/audit.h"
#include "store/store.h"

static struct fz_user user_of(int role, const char *path)
{
	struct fz_user u = { 0 };
	u.id = 9;
	strcpy(u.login, "li");
	u.role = role;
	u.unit_id = 40;
	snprintf(u.unit_path, sizeof(u.unit_path), "%s", path);
	return u;
}

static void test_policy__district_roles_and_widening(void **state)
{
	struct fz_user office = user_of(FZ_ROLE_OFFICE, "/1/2/");
	struct fz_user admin = user_of(FZ_ROLE_ADMIN, "/1/");
	struct fz_user jus = user_of(FZ_ROLE_JUSTICE, "/1/3/");
	struct fz_user town = user_of(FZ_ROLE_TOWN, "/1/40/");
	(void)state;
	assert_string_equal(fz_policy_scope(&office, 0), "/");
	assert_string_equal(fz_policy_scope(&admin, 0), "/");
	assert_string_equal(fz_policy_scope(&jus, 0), "/1/3/");
	assert_string_equal(fz_policy_scope(&jus, FZ_ROLE_JUSTICE), "/");
	assert_string_equal(fz_policy_scope(&town, FZ_ROLE_JUSTICE), "/1/40/");
	assert_true(fz_policy_reaches(&town, 0, "/1/40/"));
	assert_true(fz_policy_reaches(&town, 0, "/1/40/41/"));
	assert_false(fz_policy_reaches(&town, 0, "/1/4/"));
	assert_false(fz_policy_reaches(&town, 0, "/1/400/"));
	assert_false(fz_policy_reaches(&town, 0, "/1/"));
	assert_false(fz_policy_reaches(&town, 0, ""));
	assert_false(fz_policy_reaches(NULL, 0, "/1/40/"));
	assert_true(fz_policy_reaches(&office, 0, "/1/40/41/"));
}

/* records 1 in /1/4/, 2 in /1/40/; 3 does not exist */
static int fake_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	if (id == 1 || id == 2)
		snprintf(path, n, id == 1 ? "/1/4/" : "/1/40/");
	return id == 1 || id == 2;
}

static const struct fz_record_kind kind = { "test.thing", "事项不存在", 0,
					    fake_path };

static int64_t audit_rows(struct fz_store *db)
{
	int64_t n = 0;
	struct fz_err e = FZ_ERR_INIT;
	assert_true(fz_store_int(db, &n, &e, "SELECT COUNT(*) FROM audit_log", "") >= 0);
	return n;
}

static void test_policy__record_out_of_scope_is_not_found(void **state)
{
	static const struct fz_migration *const sets[] = { fz_audit_migrations, NULL };
	char path[] = "/tmp/fz-test-policy-XXXXXX", dbp[64];
	struct fz_user town = user_of(FZ_ROLE_TOWN, "/1/40/");
	struct fz_route get = { "GET", "/x/{id}", NULL, FZ_ROLE_ANY, 0, &kind };
	struct fz_route post = { "POST", "/x/{id}", NULL, FZ_ROLE_ANY,
				 FZ_ROUTE_WRITE, &kind };
	struct fz_err e = FZ_ERR_INIT;
	struct fz_store *db;
	struct fz_req req = { 0 };
	const char *p[3] = { "1", "2", "3" };
	(void)state;

	assert_non_null(mkdtemp(path));
	snprintf(dbp, sizeof(dbp), "%s/p.db", path);
	assert_int_equal(fz_store_open(&db, dbp, FZ_STORE_CREATE, &e), 0);
	assert_int_equal(fz_store_migrate(db, sets, &e), 0);
	req.db = db;
	req.user = &town;
	req.nparams = 1;
	/* its own record */
	req.params[0] = p[1];
	assert_int_equal(fz_policy_record(&req, &post, &e), 0);
	/* another unit's record reads exactly like a missing one */
	req.params[0] = p[0];
	assert_int_equal(fz_policy_record(&req, &get, &e), FZ_ENOTFOUND);
	assert_string_equal(e.msg, "事项不存在");
	req.params[0] = p[2];
	assert_int_equal(fz_policy_record(&req, &get, &e), FZ_ENOTFOUND);
	assert_string_equal(e.msg, "事项不存在");
	/* a refused read leaves nothing; a refused write its audit entry */
	assert_int_equal(audit_rows(db), 0);
	req.params[0] = p[0];
	assert_int_equal(fz_policy_record(&req, &post, &e), FZ_ENOTFOUND);
	assert_int_equal(audit_rows(db), 1);
	/* a malformed id is not found, before any lookup */
	req.params[0] = "1;DROP";
	assert_int_equal(fz_policy_record(&req, &post, &e), FZ_ENOTFOUND);
	assert_int_equal(audit_rows(db), 1);
	fz_store_close(db);
	snprintf(dbp, sizeof(dbp), "rm -rf %s", path);
	assert_int_equal(system(dbp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy__district_roles_and_widening),
		cmocka_unit_test(test_policy__record_out_of_scope_is_not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
