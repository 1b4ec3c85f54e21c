/* test_org.c - units, users, logins and sessions over a real database:
 * validation errors change nothing, lockout after 5 failures
 * (GB/T 22239-2019 8.1.4.1 b, practice value), session rotation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "crypto/key.h"
#include "domain/org/auth.h"
#include "domain/org/org.h"

static char dir[64];
static struct fz_store *db;
static struct fz_keys *keys;
static int64_t root, alice;
static const struct fz_actor sys = { NULL, "" };

static int64_t count(const char *table)
{
	char sql[128];
	int64_t n = -1;
	struct fz_err err = FZ_ERR_INIT;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	fz_store_int(db, &n, &err, sql, "");
	return n;
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[128];
	struct fz_user_new nu = { "alice", "张三", "officer", 0, "13800001234",
				  "Kq-Bmx#2026a", 0 };

	setenv("FAZHI_PW_FAST", "1", 1);
	snprintf(dir, sizeof(dir), "/tmp/fz-test-org-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/o.db", dir);
	if (fz_app_open(&db, path, 1, &err) || fz_keys_new_ephemeral(&keys, &err))
		return -1;
	if (fz_org_unit_add(db, &sys, 0, "柯桥区", "district", "330603", &root,
			    &err))
		return -1;
	nu.unit_id = root;
	return fz_org_user_add(db, keys, &sys, &nu, &alice, &err);
}

static int teardown(void **state)
{
	char cmd[100];
	fz_store_close(db);
	fz_keys_free(keys);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void test_org__unit_validation_changes_nothing(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id, before = count("units"), audits = count("audit_log");

	assert_int_equal(fz_org_unit_add(db, &sys, root, "", "town", "", &id, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "name");
	assert_int_equal(fz_org_unit_add(db, &sys, root, "X", "city", "", &id, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "kind");
	assert_int_equal(fz_org_unit_add(db, &sys, root, "X", "town", "33a", &id,
					 &err), FZ_EINVAL);
	assert_int_equal(fz_org_unit_add(db, &sys, 9999, "X", "town", "", &id, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(count("units"), before);
	assert_int_equal(count("audit_log"), audits);
}

static void test_org__duplicate_unit_name_is_conflict(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id, id2;
	assert_int_equal(fz_org_unit_add(db, &sys, root, "柯岩街道", "town",
					 "330603002000", &id, &err), 0);
	assert_int_equal(fz_org_unit_add(db, &sys, root, "柯岩街道", "town", "",
					 &id2, &err), FZ_ECONFLICT);
	assert_string_equal(err.field, "name");
}

static void test_org__user_validation(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id, before = count("users");
	struct fz_user_new nu = { "bob", "李四", "town", root, NULL, "Kq-Bmx#2026a", 0 };

	nu.login = "B";
	assert_int_equal(fz_org_user_add(db, keys, &sys, &nu, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "login");
	nu.login = "bob";
	nu.role = "king";
	assert_int_equal(fz_org_user_add(db, keys, &sys, &nu, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "role");
	nu.role = "town";
	nu.password = "password";
	assert_int_equal(fz_org_user_add(db, keys, &sys, &nu, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "password");
	nu.password = "Kq-Bmx#2026a";
	nu.phone = "12345";
	assert_int_equal(fz_org_user_add(db, keys, &sys, &nu, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "phone");
	nu.phone = NULL;
	nu.login = "alice";
	assert_int_equal(fz_org_user_add(db, keys, &sys, &nu, &id, &err),
			 FZ_ECONFLICT);
	nu.login = "bob";
	nu.unit_id = 424242;
	assert_int_equal(fz_org_user_add(db, keys, &sys, &nu, &id, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(count("users"), before);
}

static void test_org__phone_is_sealed_and_masked(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	assert_int_equal(fz_store_query(db, &st, &err,
		"SELECT phone_enc, phone_masked FROM users WHERE id = ?", "I",
		alice), 0);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	assert_null(strstr(fz_stmt_text(st, 0), "13800001234"));
	assert_string_equal(fz_stmt_text(st, 1), "138****1234");
	fz_stmt_finish(st);
}

/* seconds to wait that fz_auth_login reports with FZ_ERATE */
static int retry;

static void test_org__login_then_session_resolves(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_user u, v;
	char tok[65], csrf[65], csrf2[65], sh[65];

	assert_int_equal(fz_auth_login(db, "alice", "Kq-Bmx#2026a", "1.2.3.4", &u,
				       tok, csrf, &retry, &err), 0);
	assert_int_equal(u.role, FZ_ROLE_OFFICER);
	assert_int_equal(strlen(tok), 64);
	assert_int_equal(fz_auth_from_session(db, tok, &v, csrf2, sh, &err), 0);
	assert_string_equal(csrf, csrf2);
	assert_string_equal(v.login, "alice");
	/* a token that is one character off is nobody */
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	assert_int_equal(fz_auth_from_session(db, tok, &v, csrf2, sh, &err),
			 FZ_EAUTH);
}

/* Issue 13, finding 3: failures slow the guesser's address down; they
 * lock nobody out. */
static void test_org__failures_delay_the_address_not_the_owner(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_user u;
	char tok[65], csrf[65];
	int64_t fails0 = 0, fails1 = 0;

	fz_store_int(db, &fails0, &err,
		     "SELECT count(*) FROM audit_log WHERE ok = 0", "");
	for (int i = 0; i < FZ_AUTH_PAIR_FREE; i++)
		assert_int_equal(fz_auth_login(db, "alice", "wrong", "10.0.0.1", &u,
					       tok, csrf, &retry, &err), FZ_EAUTH);
	/* the guesser's address waits, even with the right password */
	assert_int_equal(fz_auth_login(db, "alice", "Kq-Bmx#2026a", "10.0.0.1",
				       &u, tok, csrf, &retry, &err), FZ_ERATE);
	assert_int_equal(retry, FZ_AUTH_DELAY_BASE);
	/* the owner elsewhere logs in */
	assert_int_equal(fz_auth_login(db, "alice", "Kq-Bmx#2026a", "10.0.0.2",
				       &u, tok, csrf, &retry, &err), 0);
	fz_store_int(db, &fails1, &err,
		     "SELECT count(*) FROM audit_log WHERE ok = 0", "");
	assert_int_equal(fails1 - fails0, FZ_AUTH_PAIR_FREE + 1);
	/* an administrator's unlock lifts the delay */
	assert_int_equal(fz_org_user_set_locked(db, &sys, alice, 0, &err), 0);
	assert_int_equal(fz_auth_login(db, "alice", "Kq-Bmx#2026a", "10.0.0.1",
				       &u, tok, csrf, &retry, &err), 0);
}

static void test_org__password_history_refuses_the_last_five(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_user u;
	char tok[65], csrf[65];
	const char *pw[] = { "Kq-Bmx#2026a", "Hist-Kq#1a", "Hist-Kq#2b",
			     "Hist-Kq#3c", "Hist-Kq#4d", "Hist-Kq#5e" };

	assert_int_equal(fz_auth_login(db, "alice", pw[0], "", &u, tok, csrf,
				       &retry, &err), 0);
	/* A -> B -> A is refused */
	assert_int_equal(fz_auth_change_password(db, &u, pw[0], pw[1], "", tok,
						 csrf, &err), 0);
	assert_int_equal(fz_auth_change_password(db, &u, pw[1], pw[0], "", tok,
						 csrf, &err), FZ_EINVAL);
	assert_string_equal(err.field, "new_password");
	assert_non_null(strstr(err.msg, "最近 5 次"));
	for (int i = 2; i <= 5; i++)
		assert_int_equal(fz_auth_change_password(db, &u, pw[i - 1], pw[i],
							 "", tok, csrf, &err), 0);
	/* five changes later the first one may come back */
	assert_int_equal(fz_auth_change_password(db, &u, pw[5], pw[1], "", tok,
						 csrf, &err), FZ_EINVAL);
	assert_int_equal(fz_auth_change_password(db, &u, pw[5], pw[0], "", tok,
						 csrf, &err), 0);
}

static void test_org__unknown_login_gets_the_same_answer(void **state)
{
	struct fz_err err = FZ_ERR_INIT, err2 = FZ_ERR_INIT;
	struct fz_user u;
	char tok[65], csrf[65];
	assert_int_equal(fz_auth_login(db, "nobody", "x", "", &u, tok, csrf, &retry, &err),
			 FZ_EAUTH);
	assert_int_equal(fz_auth_login(db, "alice", "x", "", &u, tok, csrf, &retry, &err2),
			 FZ_EAUTH);
	assert_string_equal(err.msg, err2.msg);
	fz_org_user_set_locked(db, &sys, alice, 0, &err);
}

static void test_org__password_change_rotates_sessions(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_user u, v;
	char tok[65], csrf[65], tok2[65], csrf2[65], sh[65];

	assert_int_equal(fz_auth_login(db, "alice", "Kq-Bmx#2026a", "", &u, tok, csrf,
				       &retry, &err), 0);
	assert_int_equal(fz_auth_change_password(db, &u, "Kq-Bmx#2026a", "short", "",
						 tok2, csrf2, &err), FZ_EINVAL);
	assert_int_equal(fz_auth_change_password(db, &u, "bad-old", "N3w-Passw0rd",
						 "", tok2, csrf2, &err), FZ_EINVAL);
	assert_string_equal(err.field, "old_password");
	assert_int_equal(fz_auth_change_password(db, &u, "Kq-Bmx#2026a", "N3w-Passw0rd",
						 "", tok2, csrf2, &err), 0);
	assert_int_equal(fz_auth_from_session(db, tok, &v, csrf, sh, &err), FZ_EAUTH);
	assert_int_equal(fz_auth_from_session(db, tok2, &v, csrf, sh, &err), 0);
	assert_int_equal(fz_auth_login(db, "alice", "N3w-Passw0rd", "", &u, tok,
				       csrf, &retry, &err), 0);
}

static void test_org__admin_lock_ends_sessions(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_user u, v;
	char tok[65], csrf[65], sh[65];
	int64_t id;

	assert_int_equal(fz_org_user_find(db, "alice", &id, &err), 0);
	assert_int_equal(fz_org_user_set_password(db, &sys, id, "Reset-Passw0rd", 1,
						  &err), 0);
	assert_int_equal(fz_auth_login(db, "alice", "Reset-Passw0rd", "", &u, tok,
				       csrf, &retry, &err), 0);
	assert_true(u.must_change_password);
	assert_int_equal(fz_org_user_set_locked(db, &sys, id, 1, &err), 0);
	assert_int_equal(fz_auth_from_session(db, tok, &v, csrf, sh, &err), FZ_EAUTH);
	assert_int_equal(fz_auth_login(db, "alice", "Reset-Passw0rd", "", &u, tok,
				       csrf, &retry, &err), FZ_ELOCKED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org__unit_validation_changes_nothing),
		cmocka_unit_test(test_org__duplicate_unit_name_is_conflict),
		cmocka_unit_test(test_org__user_validation),
		cmocka_unit_test(test_org__phone_is_sealed_and_masked),
		cmocka_unit_test(test_org__login_then_session_resolves),
		cmocka_unit_test(test_org__failures_delay_the_address_not_the_owner),
		cmocka_unit_test(test_org__password_history_refuses_the_last_five),
		cmocka_unit_test(test_org__unknown_login_gets_the_same_answer),
		cmocka_unit_test(test_org__password_change_rotates_sessions),
		cmocka_unit_test(test_org__admin_lock_ends_sessions),
	};
	return cmocka_run_group_tests_name("org", tests, setup, teardown);
}
