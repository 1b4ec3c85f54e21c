/* auth.c - logins, sessions, lockout and bearer tokens (see auth.h). */
#include "domain/org/auth.h"

#include "core/clock.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "domain/org/mfa.h"
#include "domain/org/org.h"
#include "domain/org/token.h"
#include "store/store.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* A valid argon2id string that matches no password anyone types: verified
 * against when the login is unknown, so timing does not reveal which
 * logins exist. */
static char dummy_hash[FZ_PW_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	fz_pw_hash("fazhi-timing-equaliser-Aa1!", dummy_hash, NULL);
}

#define USER_COLS \
	"u.id, u.login, u.name, u.role, u.unit_id, un.path, un.name," \
	" u.must_change"

static void fill_user(struct fz_stmt *st, int c, struct fz_user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = fz_stmt_int(st, c);
	snprintf(u->login, sizeof(u->login), "%s", fz_stmt_text(st, c + 1));
	snprintf(u->name, sizeof(u->name), "%s", fz_stmt_text(st, c + 2));
	u->role = fz_role_from_key(fz_stmt_text(st, c + 3));
	u->unit_id = fz_stmt_int(st, c + 4);
	snprintf(u->unit_path, sizeof(u->unit_path), "%s", fz_stmt_text(st, c + 5));
	snprintf(u->unit_name, sizeof(u->unit_name), "%s", fz_stmt_text(st, c + 6));
	u->must_change_password = (int)fz_stmt_int(st, c + 7);
}

int fz_auth_load_user(struct fz_store *db, int64_t id, struct fz_user *u,
		      struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT " USER_COLS " FROM users u JOIN units un ON un.id = u.unit_id"
		" WHERE u.id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		fill_user(st, 0, u);
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "用户不存在");
	return rc < 0 ? rc : 0;
}

int fz_auth_from_session(struct fz_store *db, const char *token,
			 struct fz_user *u, char *csrf, char *sess_hash,
			 struct fz_err *err)
{
	char h[FZ_SM3_HEX_LEN + 1];
	struct fz_stmt *st;
	int64_t now = fz_now(), last = 0, created = 0;
	int rc;

	if (strlen(token) != FZ_TOKEN_HEX_LEN)
		return fz_err_set(err, FZ_EAUTH, NULL, NULL);
	fz_sm3_hex(token, strlen(token), h);
	rc = fz_store_query(db, &st, err,
		"SELECT " USER_COLS ", s.csrf, s.last_seen, s.created_at,"
		" s.second_factor FROM sessions s JOIN users u ON u.id = s.user_id"
		" JOIN units un ON un.id = u.unit_id"
		" WHERE s.id_hash = ? AND u.admin_locked = 0", "t", h);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		fill_user(st, 0, u);
		snprintf(csrf, 65, "%s", fz_stmt_text(st, 8));
		last = fz_stmt_int(st, 9);
		created = fz_stmt_int(st, 10);
		u->second_factor = fz_stmt_text(st, 11)[0] != '\0';
	}
	fz_stmt_finish(st);
	if (rc != 1)
		return rc < 0 ? rc : fz_err_set(err, FZ_EAUTH, NULL, NULL);
	/* A role that needs a second factor has no session without one
	 * (a session of an older version, or of a role changed since). */
	if (fz_mfa_required(u->role) && !u->second_factor)
		return fz_err_set(err, FZ_EAUTH, NULL, "请重新登录并输入动态口令");
	if (now - last > FZ_AUTH_IDLE_SECONDS ||
	    now - created > FZ_AUTH_MAX_AGE_SECONDS) {
		fz_store_run(db, err, "DELETE FROM sessions WHERE id_hash = ?",
			     "t", h);
		return fz_err_set(err, FZ_EAUTH, NULL, "会话已超时，请重新登录");
	}
	/* Touch at most once a minute: reads stay reads under load. */
	if (now - last >= 60)
		fz_store_run(db, NULL,
			     "UPDATE sessions SET last_seen = ? WHERE id_hash = ?",
			     "It", now, h);
	snprintf(sess_hash, 65, "%s", h);
	return 0;
}

int fz_auth_from_bearer(struct fz_store *db, const char *token,
			const char *ip, struct fz_user *u, struct fz_err *err)
{
	char h[FZ_SM3_HEX_LEN + 1];
	struct fz_stmt *st;
	int64_t now = fz_now(), id = 0, expires = 0, used = 0;
	int roles = 0, rc;

	if (strlen(token) != FZ_TOKEN_HEX_LEN)
		return fz_err_set(err, FZ_EAUTH, NULL, NULL);
	fz_sm3_hex(token, strlen(token), h);
	rc = fz_store_query(db, &st, err,
		"SELECT " USER_COLS ", t.id, t.roles, t.expires_at, t.last_used_at"
		" FROM api_tokens t JOIN users u ON u.id = t.user_id"
		" JOIN units un ON un.id = u.unit_id"
		" WHERE t.token_hash = ? AND t.revoked = 0 AND u.admin_locked = 0",
		"t", h);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		fill_user(st, 0, u);
		id = fz_stmt_int(st, 8);
		roles = (int)fz_stmt_int(st, 9);
		expires = fz_stmt_int(st, 10);
		used = fz_stmt_int(st, 11);
	}
	fz_stmt_finish(st);
	if (rc != 1)
		return rc < 0 ? rc : fz_err_set(err, FZ_EAUTH, NULL, NULL);
	/* Expired, or no role left in common with the owner's current one:
	 * the same answer as an unknown token. */
	if (now >= expires || !(roles & u->role))
		return fz_err_set(err, FZ_EAUTH, NULL, NULL);
	u->role &= roles;
	u->via_token = 1;
	u->must_change_password = 0; /* tokens are not interactive */
	if (now - used >= FZ_TOKEN_TOUCH_SECONDS)
		fz_store_run(db, NULL,
			"UPDATE api_tokens SET last_used_at = ?, last_used_ip = ?"
			" WHERE id = ?", "ItI", now, ip ? ip : "", id);
	return 0;
}

static int new_session(struct fz_store *db, int64_t user_id, const char *ip,
		       const char *factor, char *token, char *csrf,
		       struct fz_err *err)
{
	char h[FZ_SM3_HEX_LEN + 1];
	int64_t now = fz_now();

	fz_token_new(token);
	fz_token_new(csrf);
	fz_sm3_hex(token, strlen(token), h);
	/* Old sessions of anyone, long idle, go on the way. */
	fz_store_run(db, NULL, "DELETE FROM sessions WHERE last_seen < ?", "I",
		     now - FZ_AUTH_MAX_AGE_SECONDS);
	return fz_store_run(db, err,
		"INSERT INTO sessions (id_hash, user_id, csrf, created_at,"
		" last_seen, ip, second_factor) VALUES (?, ?, ?, ?, ?, ?, ?)",
		"tItIItt", h, user_id, csrf, now, now, ip, factor ? factor : "");
}

static int audit_login(struct fz_store *db, int64_t uid, const char *login,
		       int64_t unit, const char *action, const char *detail,
		       const char *ip, int ok, struct fz_err *err)
{
	struct fz_user who;
	struct fz_actor a = { &who, ip };
	char obj[48];

	memset(&who, 0, sizeof(who));
	who.id = uid;
	who.unit_id = unit;
	snprintf(who.login, sizeof(who.login), "%s", login);
	snprintf(obj, sizeof(obj), "user:%" PRId64, uid);
	return fz_org_audit(db, &a, action, uid ? obj : "", detail, ok, err);
}

/* Record a failed attempt; lock at the fifth in a row. */
static void login_failed(struct fz_store *db, int64_t uid, const char *login,
			 int64_t unit, int failed, const char *ip,
			 const char *why)
{
	struct fz_err e = FZ_ERR_INIT;
	int lock = uid && failed + 1 >= FZ_AUTH_MAX_FAILURES;

	if (fz_store_begin(db, &e))
		return;
	if (uid)
		fz_store_run(db, &e,
			"UPDATE users SET failed = ?, locked_until = ? WHERE id = ?",
			"iII", lock ? 0 : failed + 1,
			lock ? fz_now() + FZ_AUTH_LOCK_SECONDS : (int64_t)0, uid);
	audit_login(db, uid, login, unit, lock ? "user.locked" : "login_failed",
		    lock ? "连续 5 次登录失败，锁定 15 分钟" : why, ip, 0, &e);
	if (fz_store_commit(db, &e))
		fz_store_rollback(db);
}

int fz_auth_login(struct fz_store *db, const char *login, const char *password,
		  const char *ip, struct fz_user *u, char *token, char *csrf,
		  struct fz_err *err)
{
	struct fz_stmt *st;
	char hash[FZ_PW_HASH_MAX] = "", safe_login[64];
	int64_t locked_until = 0, admin_locked = 0, failed = 0;
	int rc, found;

	pthread_once(&dummy_once, make_dummy_hash);
	/* Only a well-formed login name reaches the audit log as typed. */
	snprintf(safe_login, sizeof(safe_login), "%s",
		 strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789_.-") ==
			 strlen(login) ? login : "(invalid)");
	rc = fz_store_query(db, &st, err,
		"SELECT " USER_COLS ", u.pw_hash, u.locked_until, u.admin_locked,"
		" u.failed FROM users u JOIN units un ON un.id = u.unit_id"
		" WHERE u.login = ?", "t", login);
	if (rc)
		return rc;
	found = fz_stmt_step(st, err);
	if (found == 1) {
		fill_user(st, 0, u);
		snprintf(hash, sizeof(hash), "%s", fz_stmt_text(st, 8));
		locked_until = fz_stmt_int(st, 9);
		admin_locked = fz_stmt_int(st, 10);
		failed = fz_stmt_int(st, 11);
	}
	fz_stmt_finish(st);
	if (found < 0)
		return found;
	if (found == 1 && (admin_locked || locked_until > fz_now())) {
		login_failed(db, 0, safe_login, u->unit_id, 0, ip,
			     "账号已锁定，拒绝登录");
		return fz_err_set(err, FZ_ELOCKED, NULL, admin_locked
			? "账号已被管理员锁定，请联系系统管理员"
			: "连续登录失败次数过多，账号已锁定 15 分钟，请稍后再试");
	}
	if (fz_pw_verify(found == 1 ? hash : dummy_hash, password) ||
	    found != 1) {
		login_failed(db, found == 1 ? u->id : 0, safe_login,
			     found == 1 ? u->unit_id : 0, (int)failed, ip,
			     "密码错误或用户不存在");
		if (found == 1 && failed + 1 >= FZ_AUTH_MAX_FAILURES)
			return fz_err_set(err, FZ_ELOCKED, NULL,
				"连续 5 次登录失败，账号已锁定 15 分钟");
		return fz_err_set(err, FZ_EAUTH, "password", "用户名或密码错误");
	}
	/* The password was right; a second factor may still be due (mfa.h):
	 * then no session yet, and the failure count stays as it is. */
	if ((rc = fz_mfa_gate(db, u, ip, token, err)) != 0) {
		csrf[0] = '\0';
		return rc;
	}
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = fz_auth_open_session(db, u, ip, "", token, csrf, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_auth_open_session(struct fz_store *db, struct fz_user *u,
			 const char *ip, const char *factor, char *token,
			 char *csrf, struct fz_err *err)
{
	char at[FZ_ISO_LEN];
	int rc;

	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"UPDATE users SET failed = 0, locked_until = 0, last_login_at = ?"
		" WHERE id = ?", "tI", at, u->id);
	if (!rc)
		rc = new_session(db, u->id, ip, factor, token, csrf, err);
	if (!rc)
		rc = audit_login(db, u->id, u->login, u->unit_id, "login",
				 factor && *factor ? "动态口令" : NULL, ip, 1, err);
	u->second_factor = factor && *factor;
	return rc;
}

int fz_auth_failed(struct fz_store *db, const struct fz_user *u,
		   const char *ip, const char *why)
{
	int64_t failed = 0;

	fz_store_int(db, &failed, NULL, "SELECT failed FROM users WHERE id = ?",
		     "I", u->id);
	login_failed(db, u->id, u->login, u->unit_id, (int)failed, ip, why);
	return failed + 1 >= FZ_AUTH_MAX_FAILURES;
}

int fz_auth_locked(struct fz_store *db, int64_t user_id, struct fz_err *err)
{
	int64_t n = 0;
	int rc = fz_store_int(db, &n, err,
		"SELECT 1 FROM users WHERE id = ? AND (admin_locked <> 0"
		" OR locked_until > ?)", "II", user_id, fz_now());
	return rc < 0 ? rc : rc == 1;
}

int fz_auth_logout(struct fz_store *db, const struct fz_user *u,
		   const char *sess_hash, const char *ip, struct fz_err *err)
{
	int rc = fz_store_begin(db, err);
	if (rc)
		return rc;
	rc = fz_store_run(db, err, "DELETE FROM sessions WHERE id_hash = ?", "t",
			  sess_hash);
	if (!rc)
		rc = audit_login(db, u->id, u->login, u->unit_id, "logout", NULL,
				 ip, 1, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_auth_change_password(struct fz_store *db, const struct fz_user *u,
			    const char *old_pw, const char *new_pw,
			    const char *ip, char *token, char *csrf,
			    struct fz_err *err)
{
	char hash[FZ_PW_HASH_MAX] = "", newhash[FZ_PW_HASH_MAX], at[FZ_ISO_LEN];
	struct fz_stmt *st;
	int rc;

	rc = fz_store_query(db, &st, err, "SELECT pw_hash FROM users WHERE id = ?",
			    "I", u->id);
	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1)
		snprintf(hash, sizeof(hash), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	if (rc != 1)
		return rc < 0 ? rc : fz_err_set(err, FZ_ENOTFOUND, NULL, NULL);
	if (fz_pw_verify(hash, old_pw))
		return fz_err_set(err, FZ_EINVAL, "old_password", "原密码不正确");
	if (!strcmp(old_pw, new_pw))
		return fz_err_set(err, FZ_EINVAL, "new_password",
				  "新密码不能与原密码相同");
	if ((rc = fz_pw_policy(new_pw, u->login, err))) {
		snprintf(err->field, sizeof(err->field), "new_password");
		return rc;
	}
	if ((rc = fz_pw_hash(new_pw, newhash, err)))
		return rc;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"UPDATE users SET pw_hash = ?, must_change = 0, pw_changed_at = ?"
		" WHERE id = ?", "ttI", newhash, at, u->id);
	/* Rotate: every old session and token of this user ends with the old
	 * password. */
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM sessions WHERE user_id = ?",
				  "I", u->id);
	if (!rc) {
		struct fz_actor a = { u, ip };
		rc = fz_token_revoke_user(db, &a, u->id, "本人修改密码", err);
	}
	/* The fresh session keeps the second factor this one was opened with. */
	if (!rc)
		rc = new_session(db, u->id, ip, u->second_factor ? "totp" : "",
				 token, csrf, err);
	if (!rc)
		rc = audit_login(db, u->id, u->login, u->unit_id,
				 "password.change", NULL, ip, 1, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}
