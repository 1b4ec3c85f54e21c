/* auth.c - logins, login limits, sessions and bearer tokens (see auth.h). */
#include "domain/org/auth.h"

#include "core/clock.h"
#include "core/log.h"
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

/* ---- login limits (auth.h) -------------------------------------------- */

/* FZ_AUTH_DELAY_BASE doubled for every failure past the free ones, at
 * most FZ_AUTH_DELAY_MAX; 0 while n is below free_n. */
static int64_t backoff(int64_t n, int64_t free_n)
{
	int64_t d = FZ_AUTH_DELAY_BASE;

	if (n < free_n)
		return 0;
	for (int64_t i = free_n; i < n && d < FZ_AUTH_DELAY_MAX; i++)
		d *= 2;
	return d < FZ_AUTH_DELAY_MAX ? d : FZ_AUTH_DELAY_MAX;
}

#define SUM_FAILURES \
	"SELECT coalesce(sum(failures), 0), coalesce(max(last_at), 0)" \
	" FROM login_attempts WHERE "

/* Failures since `since` of login from ip, of login from anywhere (ip
 * NULL) or from ip under any name (login NULL): *n in all, *last the
 * latest. */
static int failures(struct fz_store *db, const char *login, const char *ip,
		    int64_t since, int64_t *n, int64_t *last,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	int rc;

	if (login && ip)
		rc = fz_store_query(db, &st, err, SUM_FAILURES
			"login = ? AND ip = ? AND last_at > ?", "ttI", login, ip,
			since);
	else if (login)
		rc = fz_store_query(db, &st, err, SUM_FAILURES
			"login = ? AND last_at > ?", "tI", login, since);
	else
		rc = fz_store_query(db, &st, err, SUM_FAILURES
			"ip = ? AND last_at > ?", "tI", ip, since);
	if (rc)
		return rc;
	*n = *last = 0;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		*n = fz_stmt_int(st, 0);
		*last = fz_stmt_int(st, 1);
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* Seconds this attempt must still wait (0: none) and, for the audit, the
 * limit that holds. */
static int login_wait(struct fz_store *db, const char *login, const char *ip,
		      int64_t now, int64_t *wait, const char **why,
		      struct fz_err *err)
{
	int64_t n, last, w;
	int rc;

	*wait = 0;
	if ((rc = failures(db, login, ip, now - FZ_AUTH_FORGET_SECONDS, &n,
			   &last, err)))
		return rc;
	if ((w = last + backoff(n, FZ_AUTH_PAIR_FREE) - now) > *wait && n) {
		*wait = w;
		*why = "同一账号自同一地址连续登录失败，等待后再试";
	}
	if ((rc = failures(db, login, NULL, now - FZ_AUTH_NAME_WINDOW, &n,
			   &last, err)))
		return rc;
	if ((w = last + backoff(n, FZ_AUTH_NAME_FREE) - now) > *wait && n) {
		*wait = w;
		*why = "同一账号一小时内登录失败次数过多，等待后再试";
	}
	if ((rc = failures(db, NULL, ip, now - FZ_AUTH_ADDR_WINDOW, &n, &last,
			   err)))
		return rc;
	if (n >= FZ_AUTH_ADDR_MAX && (w = last + FZ_AUTH_ADDR_WINDOW - now) > *wait) {
		*wait = w;
		*why = "同一地址十分钟内登录失败次数过多，等待后再试";
	}
	return 0;
}

/* What the caller hears when an attempt cannot be recorded: the login is
 * refused whole, fail closed (8.1.4.3 d: no unaudited login). */
static int unavailable(struct fz_err *err)
{
	/* The cause goes to the log; the caller hears what it can act on. */
	fz_log(FZ_LOG_ERROR, "auth", "event=login-not-recorded cause=%s",
	       err->msg[0] ? err->msg : "unknown");
	return fz_err_set(err, FZ_EUNAVAIL, NULL,
		"服务器暂时无法记录登录（存储空间不足或故障），本次登录未进行，"
		"请稍后再试或联系系统管理员");
}

/* Audit entry ok = 0 for a refused attempt, in its own transaction. */
static int audit_refusal(struct fz_store *db, int64_t uid, const char *login,
			 int64_t unit, const char *action, const char *why,
			 const char *ip, struct fz_err *err)
{
	int rc = fz_store_begin(db, err);

	if (!rc)
		rc = audit_login(db, uid, login, unit, action, why, ip, 0, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

/* Count a failure of login from ip and audit it (detail why), in one
 * transaction: either both are kept or neither. */
static int record_failure(struct fz_store *db, int64_t uid, const char *login,
			  int64_t unit, const char *ip, const char *why,
			  int64_t now, struct fz_err *err)
{
	int rc = fz_store_begin(db, err);

	/* Failures a day old are forgotten, rows with them too. */
	if (!rc)
		rc = fz_store_run(db, err,
			"DELETE FROM login_attempts WHERE last_at < ?", "I",
			now - FZ_AUTH_FORGET_SECONDS);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO login_attempts (login, ip, failures, last_at)"
			" VALUES (?, ?, 1, ?) ON CONFLICT (login, ip) DO UPDATE"
			" SET failures = login_attempts.failures + 1,"
			" last_at = excluded.last_at", "ttI", login, ip, now);
	if (!rc)
		rc = audit_login(db, uid, login, unit, "login_failed", why, ip, 0,
				 err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_auth_wait(struct fz_store *db, int64_t uid, const char *login,
		 int64_t unit, const char *ip, int *retry_after,
		 struct fz_err *err)
{
	const char *why = "";
	int64_t wait;

	*retry_after = 0;
	if (login_wait(db, login, ip, fz_now(), &wait, &why, err))
		return unavailable(err);
	if (wait <= 0)
		return 0;
	if (audit_refusal(db, uid, login, unit, "login.throttled", why, ip, err))
		return unavailable(err);
	*retry_after = (int)wait;
	return fz_err_set(err, FZ_ERATE, NULL, "登录失败次数过多，请 %d 分钟后再试",
			  (int)((wait + 59) / 60));
}

int fz_auth_failed(struct fz_store *db, const struct fz_user *u,
		   const char *ip, const char *why, struct fz_err *err)
{
	if (record_failure(db, u->id, u->login, u->unit_id, ip, why, fz_now(),
			   err))
		return unavailable(err);
	return 0;
}

/* ---- login ------------------------------------------------------------- */

static int pw_max_age_days = FZ_AUTH_PW_MAX_AGE_DAYS;

void fz_auth_set_password_max_age(int days)
{
	pw_max_age_days = days > 0 ? days : 0;
}

/* 1 when a password changed at changed_at (ISO 8601 UTC) is past the
 * maximum age: 8.1.4.1 a) asks for periodic change. */
static int password_expired(const char *changed_at, int64_t now)
{
	char cutoff[FZ_ISO_LEN];

	if (!pw_max_age_days || !changed_at[0])
		return 0;
	fz_time_iso(now - (int64_t)pw_max_age_days * 86400, cutoff);
	return strcmp(changed_at, cutoff) < 0;
}

int fz_auth_open_session(struct fz_store *db, struct fz_user *u,
			 const char *ip, const char *factor, char *token,
			 char *csrf, struct fz_err *err)
{
	char at[FZ_ISO_LEN], changed[FZ_ISO_LEN] = "", why[128] = "";
	struct fz_stmt *st;
	int expired = 0, rc;

	/* The password's age, for expiry: read here, so that a second step
	 * minutes after the password step sees the same rule. */
	rc = fz_store_query(db, &st, err,
		"SELECT pw_changed_at FROM users WHERE id = ?", "I", u->id);
	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1)
		snprintf(changed, sizeof(changed), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	fz_now_iso(at);
	expired = password_expired(changed, fz_now());
	/* This login from this address succeeded: its failures are forgiven
	 * (those from other addresses and the address's own count stay). */
	rc = fz_store_run(db, err,
		"DELETE FROM login_attempts WHERE login = ? AND ip = ?", "tt",
		u->login, ip);
	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE users SET last_login_at = ?, must_change ="
			" CASE WHEN ? = 1 THEN 1 ELSE must_change END WHERE id = ?",
			"tiI", at, expired, u->id);
	if (!rc)
		rc = new_session(db, u->id, ip, factor, token, csrf, err);
	if (expired)
		snprintf(why, sizeof(why), "%s密码已超过 %d 天未修改，须先修改密码",
			 factor && *factor ? "动态口令；" : "", pw_max_age_days);
	else if (factor && *factor)
		snprintf(why, sizeof(why), "动态口令");
	if (!rc)
		rc = audit_login(db, u->id, u->login, u->unit_id, "login",
				 why[0] ? why : NULL, ip, 1, err);
	if (!rc) {
		u->second_factor = factor && *factor;
		if (expired)
			u->must_change_password = 1;
	}
	return rc;
}

/* The right password and no second step due: open the session; one
 * transaction. */
static int login_ok(struct fz_store *db, struct fz_user *u, const char *ip,
		    char *token, char *csrf, struct fz_err *err)
{
	int rc = fz_store_begin(db, err);

	if (rc)
		return rc;
	rc = fz_auth_open_session(db, u, ip, "", token, csrf, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

/* The account behind login: 1 and *u, hash and *admin_locked filled; 0
 * when there is none; negative on error. */
static int find_login(struct fz_store *db, const char *login, struct fz_user *u,
		      char hash[FZ_PW_HASH_MAX], int64_t *admin_locked,
		      struct fz_err *err)
{
	struct fz_stmt *st;
	int found = fz_store_query(db, &st, err,
		"SELECT " USER_COLS ", u.pw_hash, u.admin_locked"
		" FROM users u JOIN units un ON un.id = u.unit_id"
		" WHERE u.login = ?", "t", login);

	if (found)
		return found;
	found = fz_stmt_step(st, err);
	if (found == 1) {
		fill_user(st, 0, u);
		snprintf(hash, FZ_PW_HASH_MAX, "%s", fz_stmt_text(st, 8));
		*admin_locked = fz_stmt_int(st, 9);
	}
	fz_stmt_finish(st);
	return found;
}

int fz_auth_login(struct fz_store *db, const char *login, const char *password,
		  const char *ip, struct fz_user *u, char *token, char *csrf,
		  int *retry_after, struct fz_err *err)
{
	char hash[FZ_PW_HASH_MAX] = "", safe_login[64];
	int64_t admin_locked = 0;
	int found, right, rc;

	pthread_once(&dummy_once, make_dummy_hash);
	*retry_after = 0;
	csrf[0] = '\0';
	/* Only a well-formed login name reaches the audit log and the
	 * counts as typed; every other one is counted as one name. */
	snprintf(safe_login, sizeof(safe_login), "%s",
		 strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789_.-") ==
			 strlen(login) ? login : "(invalid)");
	if ((rc = fz_auth_wait(db, 0, safe_login, 0, ip, retry_after, err)))
		return rc;
	found = find_login(db, login, u, hash, &admin_locked, err);
	if (found < 0)
		return unavailable(err);
	/* An unknown login costs one argon2id too: the same time. */
	right = fz_pw_verify(found ? hash : dummy_hash, password) == 0 && found;
	if (!right) {
		if (record_failure(db, found ? u->id : 0, safe_login,
				   found ? u->unit_id : 0, ip,
				   "密码错误或用户不存在", fz_now(), err))
			return unavailable(err);
		return fz_err_set(err, FZ_EAUTH, "password", "用户名或密码错误");
	}
	/* Said only to whoever knows the password: a guesser learns nothing. */
	if (admin_locked) {
		if (audit_refusal(db, u->id, safe_login, u->unit_id,
				  "login_refused", "账号已被管理员锁定", ip, err))
			return unavailable(err);
		return fz_err_set(err, FZ_ELOCKED, NULL,
				  "账号已被管理员锁定，请联系系统管理员");
	}
	/* The password was right; a second factor may still be due (mfa.h):
	 * then no session yet, and this pair's failures stay counted until
	 * the second step succeeds (fz_auth_open_session). */
	if ((rc = fz_mfa_gate(db, u, ip, token, err)) != 0) {
		if (rc < 0)
			return unavailable(err);
		return rc;
	}
	if (login_ok(db, u, ip, token, csrf, err))
		return unavailable(err);
	return 0;
}

int fz_auth_locked(struct fz_store *db, int64_t user_id, struct fz_err *err)
{
	int64_t n = 0;
	int rc = fz_store_int(db, &n, err,
		"SELECT 1 FROM users WHERE id = ? AND admin_locked <> 0", "I",
		user_id);
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
	if ((rc = fz_org_pw_reused(db, u->id, new_pw, err)) != 0)
		return rc < 0 ? rc : fz_err_set(err, FZ_EINVAL, "new_password",
			"新密码不能与最近 %d 次使用过的密码相同",
			FZ_ORG_PW_HISTORY);
	if ((rc = fz_pw_hash(new_pw, newhash, err)))
		return rc;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	fz_now_iso(at);
	rc = fz_org_pw_remember(db, u->id, err);
	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE users SET pw_hash = ?, must_change = 0,"
			" pw_changed_at = ? WHERE id = ?", "ttI", newhash, at, u->id);
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
