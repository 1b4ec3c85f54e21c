/* mfa.c - the second factor: enrolment, login step, recovery codes and
 * reset (see mfa.h). */
#include "domain/org/mfa.h"

#include "core/clock.h"
#include "core/mem.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "crypto/totp.h"
#include "domain/org/auth.h"
#include "domain/org/org.h"
#include "engine/docs/qr.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int fz_mfa_required(int role)
{
	return (role & FZ_MFA_ROLES) != 0;
}

int fz_mfa_enrolled(struct fz_store *db, int64_t user_id, struct fz_err *err)
{
	int64_t n = 0;
	int rc = fz_store_int(db, &n, err,
		"SELECT 1 FROM user_totp WHERE user_id = ? AND secret_enc IS NOT NULL",
		"I", user_id);
	return rc < 0 ? rc : rc == 1;
}

int fz_mfa_recovery_left(struct fz_store *db, int64_t user_id, int64_t *n,
			 struct fz_err *err)
{
	*n = 0;
	int rc = fz_store_int(db, n, err,
		"SELECT count(*) FROM user_recovery_codes WHERE user_id = ?"
		" AND used_at IS NULL", "I", user_id);
	return rc < 0 ? rc : 0;
}

static void user_obj(int64_t id, char *obj, size_t n)
{
	snprintf(obj, n, "user:%" PRId64, id);
}

/* ---- challenges ---------------------------------------------------------- */

static int challenge_new(struct fz_store *db, int64_t user_id, const char *kind,
			 const char *ip, char *token, struct fz_err *err)
{
	char h[FZ_SM3_HEX_LEN + 1];
	int64_t now = fz_now();

	fz_token_new(token);
	fz_sm3_hex(token, strlen(token), h);
	/* Stale challenges of anyone go on the way, as old sessions do. */
	fz_store_run(db, NULL, "DELETE FROM login_challenges WHERE created_at < ?",
		     "I", now - FZ_MFA_CHALLENGE_SECONDS);
	return fz_store_run(db, err,
		"INSERT INTO login_challenges (id_hash, user_id, kind, created_at, ip)"
		" VALUES (?, ?, ?, ?, ?)", "tItIt", h, user_id, kind, now,
		ip ? ip : "");
}

/* The user and kind of a live challenge: 1 found, 0 none (unknown or
 * expired), negative on error.  hash gets its key (65 bytes). */
static int challenge_find(struct fz_store *db, const char *token,
			  int64_t *user_id, char *kind, size_t n, char *hash,
			  struct fz_err *err)
{
	struct fz_stmt *st;
	int rc;

	if (!token || strlen(token) != FZ_TOKEN_HEX_LEN)
		return 0;
	fz_sm3_hex(token, strlen(token), hash);
	rc = fz_store_query(db, &st, err,
		"SELECT user_id, kind FROM login_challenges WHERE id_hash = ?"
		" AND created_at >= ?", "tI", hash,
		fz_now() - FZ_MFA_CHALLENGE_SECONDS);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		*user_id = fz_stmt_int(st, 0);
		snprintf(kind, n, "%s", fz_stmt_text(st, 1));
	}
	fz_stmt_finish(st);
	return rc;
}

int fz_mfa_gate(struct fz_store *db, const struct fz_user *u, const char *ip,
		char *challenge, struct fz_err *err)
{
	int enrolled = fz_mfa_enrolled(db, u->id, err);

	if (enrolled < 0)
		return enrolled;
	if (!enrolled && !fz_mfa_required(u->role))
		return 0;
	int rc = challenge_new(db, u->id, enrolled ? "totp" : "enrol", ip,
			       challenge, err);
	if (rc)
		return rc;
	return enrolled ? FZ_MFA_TOTP : FZ_MFA_ENROL;
}

/* ---- secrets ------------------------------------------------------------- */

/* The secret in column col ("secret_enc" or "pending_enc") of user_id into
 * key (FZ_TOTP_SECRET_LEN bytes), *last the last accepted step.  1 found,
 * 0 none, negative on error. */
static int load_secret(struct fz_store *db, const struct fz_keys *keys,
		       int64_t user_id, int pending, unsigned char *key,
		       uint64_t *last, struct fz_err *err)
{
	struct fz_buf plain = FZ_BUF_INIT;
	struct fz_stmt *st;
	size_t len = 0;
	int rc;

	rc = fz_store_query(db, &st, err, pending
		? "SELECT pending_enc, last_step FROM user_totp WHERE user_id = ?"
		  " AND pending_enc IS NOT NULL"
		: "SELECT secret_enc, last_step FROM user_totp WHERE user_id = ?"
		  " AND secret_enc IS NOT NULL", "I", user_id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		const char *tok = fz_stmt_text(st, 0);
		*last = (uint64_t)fz_stmt_int(st, 1);
		if (fz_sm4_open(keys, tok, strlen(tok), &plain, err) ||
		    fz_base32_decode(plain.data, key, FZ_TOTP_SECRET_LEN, &len) ||
		    len != FZ_TOTP_SECRET_LEN)
			rc = fz_err_set(err, FZ_EINTERNAL, NULL,
					"动态口令密钥无法解密，请联系安全管理员重置");
	}
	fz_stmt_finish(st);
	fz_memzero(plain.data, plain.len);
	fz_buf_release(&plain);
	return rc;
}

/* A fresh random secret: base32 into b32 (64 bytes), sealed into sealed. */
static int new_secret(const struct fz_keys *keys, char *b32,
		      struct fz_buf *sealed, struct fz_err *err)
{
	unsigned char raw[FZ_TOTP_SECRET_LEN];
	int rc;

	fz_random_bytes(raw, sizeof(raw));
	fz_base32_encode(raw, sizeof(raw), b32, 64);
	fz_memzero(raw, sizeof(raw));
	rc = fz_sm4_seal(keys, b32, strlen(b32), sealed, err);
	return rc;
}

/* otpauth://totp/fazhi:LOGIN?secret=...; logins are [a-z0-9_.-], which
 * need no escaping. */
static void make_uri(const char *login, const char *b32, char *out, size_t n)
{
	snprintf(out, n, "otpauth://totp/fazhi:%s?secret=%s&issuer=fazhi"
		 "&algorithm=SHA1&digits=%d&period=%d", login, b32,
		 FZ_TOTP_DIGITS, FZ_TOTP_STEP);
}

static int make_qr(const char *uri, struct fz_buf *svg, struct fz_err *err)
{
	struct fz_qr *q = NULL;
	int rc = fz_qr_encode(&q, uri, FZ_QR_M, err);
	if (!rc)
		rc = fz_qr_svg(q, 0, svg, err);
	fz_qr_free(q);
	return rc;
}

static int begin_in_tx(struct fz_store *db, const struct fz_keys *keys,
		       const struct fz_actor *a, const struct fz_user *u,
		       struct fz_mfa_secret *out, struct fz_err *err)
{
	struct fz_buf sealed = FZ_BUF_INIT;
	char obj[48];
	int rc = new_secret(keys, out->base32, &sealed, err);

	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO user_totp (user_id, pending_enc) VALUES (?, ?)"
			" ON CONFLICT(user_id) DO UPDATE SET pending_enc = excluded.pending_enc",
			"It", u->id, sealed.data);
	fz_buf_release(&sealed);
	user_obj(u->id, obj, sizeof(obj));
	if (!rc)
		rc = fz_org_audit(db, a, "totp.begin", obj, "生成动态口令密钥，待确认",
				  1, err);
	if (!rc) {
		make_uri(u->login, out->base32, out->uri, sizeof(out->uri));
		rc = make_qr(out->uri, &out->svg, err);
	}
	return rc;
}

int fz_mfa_begin(struct fz_store *db, const struct fz_keys *keys,
		 const struct fz_actor *a, const struct fz_user *u,
		 struct fz_mfa_secret *out, struct fz_err *err)
{
	int rc = fz_store_begin(db, err);

	if (rc)
		return rc;
	rc = begin_in_tx(db, keys, a, u, out, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

/* ---- recovery codes ------------------------------------------------------ */

/* The keyed index of a recovery code of user_id: upper case, without
 * separators, bound to the user so one user's code is nobody else's. */
static int recovery_index(const struct fz_keys *keys, int64_t user_id,
			  const char *code, char idx[FZ_SM3_HEX_LEN + 1])
{
	char norm[64];
	size_t n = (size_t)snprintf(norm, sizeof(norm), "totp-recovery:%" PRId64 ":",
				    user_id);
	for (; *code && n + 1 < sizeof(norm); code++)
		if (isalnum((unsigned char)*code))
			norm[n++] = (char)toupper((unsigned char)*code);
	norm[n] = '\0';
	return fz_blind_index(keys, norm, idx);
}

static int make_codes(struct fz_store *db, const struct fz_keys *keys,
		      int64_t user_id,
		      char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN],
		      struct fz_err *err)
{
	int rc = fz_store_run(db, err,
		"DELETE FROM user_recovery_codes WHERE user_id = ?", "I", user_id);

	for (int i = 0; !rc && i < FZ_MFA_RECOVERY_CODES; i++) {
		unsigned char raw[7];
		char b32[16], idx[FZ_SM3_HEX_LEN + 1];

		/* 50 random bits as ten base32 letters, "ABCDE-FGHIJ". */
		fz_random_bytes(raw, sizeof(raw));
		fz_base32_encode(raw, sizeof(raw), b32, sizeof(b32));
		snprintf(codes[i], FZ_MFA_RECOVERY_LEN, "%.5s-%.5s", b32, b32 + 5);
		if ((rc = recovery_index(keys, user_id, codes[i], idx)))
			break;
		rc = fz_store_run(db, err,
			"INSERT INTO user_recovery_codes (user_id, code_idx)"
			" VALUES (?, ?)", "It", user_id, idx);
	}
	return rc;
}

/* Spend a recovery code: 1 when it was unused and is now spent, 0 when it
 * matches none, negative on error. */
static int spend_recovery(struct fz_store *db, const struct fz_keys *keys,
			  int64_t user_id, const char *code, struct fz_err *err)
{
	char idx[FZ_SM3_HEX_LEN + 1], at[FZ_ISO_LEN];
	int rc;

	if ((rc = recovery_index(keys, user_id, code, idx)))
		return rc;
	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"UPDATE user_recovery_codes SET used_at = ? WHERE user_id = ?"
		" AND code_idx = ? AND used_at IS NULL", "tIt", at, user_id, idx);
	return rc ? rc : fz_store_changes(db) == 1;
}

/* ---- codes --------------------------------------------------------------- */

/* Check a code against user_id's secret (or the pending one) and spend its
 * step: 1 accepted, 0 wrong or replayed, negative on error. */
static int check_code(struct fz_store *db, const struct fz_keys *keys,
		      int64_t user_id, int pending, const char *code,
		      struct fz_err *err)
{
	unsigned char key[FZ_TOTP_SECRET_LEN];
	uint64_t last = 0, step = 0;
	int rc = load_secret(db, keys, user_id, pending, key, &last, err);

	if (rc <= 0)
		return rc;
	rc = fz_totp_check(key, sizeof(key), code, fz_now(), last, &step);
	fz_memzero(key, sizeof(key));
	if (rc == 1 && fz_store_run(db, err,
			"UPDATE user_totp SET last_step = ? WHERE user_id = ?",
			"II", (int64_t)step, user_id))
		return err->code;
	return rc;
}

/* The pending secret, its code just accepted, becomes the enrolled one,
 * with fresh recovery codes.  Inside the caller's transaction, audited. */
static int promote(struct fz_store *db, const struct fz_keys *keys,
		   const struct fz_actor *a, int64_t user_id,
		   char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN],
		   const char *detail, struct fz_err *err)
{
	char at[FZ_ISO_LEN], obj[48];
	int rc;

	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"UPDATE user_totp SET secret_enc = pending_enc, pending_enc = NULL,"
		" enrolled_at = ? WHERE user_id = ?", "tI", at, user_id);
	if (!rc)
		rc = make_codes(db, keys, user_id, codes, err);
	user_obj(user_id, obj, sizeof(obj));
	if (!rc)
		rc = fz_org_audit(db, a, "totp.enrol", obj, detail, 1, err);
	return rc;
}

int fz_mfa_confirm(struct fz_store *db, const struct fz_keys *keys,
		   const struct fz_actor *a, int64_t user_id, const char *code,
		   char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN],
		   struct fz_err *err)
{
	int64_t pending = 0;
	int rc = fz_store_int(db, &pending, err,
		"SELECT 1 FROM user_totp WHERE user_id = ? AND pending_enc IS NOT NULL",
		"I", user_id);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return fz_err_set(err, FZ_ESTATE, NULL,
				  "没有待确认的动态口令，请重新开始绑定");
	rc = check_code(db, keys, user_id, 1, code, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return fz_err_set(err, FZ_EINVAL, "code",
				  "动态口令不正确，请核对手机上的 6 位数字");
	return promote(db, keys, a, user_id, codes, "绑定动态口令，生成 10 个恢复码",
		       err);
}

/* ---- login --------------------------------------------------------------- */

/* The second step's factor: 1 and *how set when accepted, 0 when wrong,
 * negative on error. */
static int second_step(struct fz_store *db, const struct fz_keys *keys,
		       const struct fz_mfa_login *in, int64_t user_id,
		       const char *kind, const char **how, struct fz_err *err)
{
	if (!strcmp(kind, "enrol")) {
		*how = "totp";
		return check_code(db, keys, user_id, 1, in->code, err);
	}
	if (in->recovery && *in->recovery) {
		*how = "recovery";
		return spend_recovery(db, keys, user_id, in->recovery, err);
	}
	*how = "totp";
	return check_code(db, keys, user_id, 0, in->code, err);
}

static int login_in_tx(struct fz_store *db, const struct fz_keys *keys,
		       const struct fz_mfa_login *in, const char *kind,
		       const char *hash, struct fz_user *u, char *token,
		       char *csrf,
		       char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN],
		       int *enrolled, struct fz_err *err)
{
	struct fz_actor a = { u, in->ip };
	const char *how = "totp";
	int rc = second_step(db, keys, in, u->id, kind, &how, err);

	if (rc <= 0)
		return rc < 0 ? rc : FZ_EAUTH;
	/* An enrolment challenge: the code just checked was the pending
	 * secret's, which now becomes the enrolled one. */
	if (!strcmp(kind, "enrol")) {
		rc = promote(db, keys, &a, u->id, codes,
			     "登录时绑定动态口令，生成 10 个恢复码", err);
		*enrolled = 1;
	} else {
		rc = 0;
	}
	if (!rc)
		rc = fz_store_run(db, err,
			"DELETE FROM login_challenges WHERE id_hash = ?", "t", hash);
	if (!rc)
		rc = fz_auth_open_session(db, u, in->ip, how, token, csrf, err);
	return rc;
}

int fz_mfa_login(struct fz_store *db, const struct fz_keys *keys,
		 const struct fz_mfa_login *in, struct fz_user *u, char *token,
		 char *csrf, char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN],
		 int *enrolled, int *retry_after, struct fz_err *err)
{
	char kind[16] = "", hash[FZ_SM3_HEX_LEN + 1];
	int64_t user_id = 0;
	int rc;

	*enrolled = 0;
	*retry_after = 0;
	rc = challenge_find(db, in->challenge, &user_id, kind, sizeof(kind), hash,
			    err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return fz_err_set(err, FZ_EAUTH, "challenge",
				  "登录已过期，请重新输入用户名和密码");
	if ((rc = fz_auth_load_user(db, user_id, u, err)))
		return rc;
	/* The same login limits as the password step (auth.h): a guesser
	 * with the password waits as long for each code as for a password. */
	if ((rc = fz_auth_wait(db, u->id, u->login, u->unit_id, in->ip,
			       retry_after, err)))
		return rc;
	if ((rc = fz_auth_locked(db, user_id, err)) != 0) {
		if (rc < 0)
			return rc;
		fz_store_run(db, NULL, "DELETE FROM login_challenges WHERE id_hash = ?",
			     "t", hash);
		return fz_err_set(err, FZ_ELOCKED, NULL,
				  "账号已被管理员锁定，请联系系统管理员");
	}
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = login_in_tx(db, keys, in, kind, hash, u, token, csrf, codes,
			 enrolled, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (!rc)
		return 0;
	fz_store_rollback(db);
	if (rc != FZ_EAUTH)
		return rc;
	/* A wrong code counts like a wrong password (GB/T 22239-2019
	 * 8.1.4.1 b): toward the same delays, never a lock; not recorded,
	 * not let through (fail closed). */
	if ((rc = fz_auth_failed(db, u, in->ip, "动态口令或恢复码错误", err)))
		return rc;
	return fz_err_set(err, FZ_EAUTH, in->recovery && *in->recovery
			  ? "recovery_code" : "code",
			  in->recovery && *in->recovery ? "恢复码不正确或已使用"
			  : "动态口令不正确或已使用，请等待下一个口令");
}

int fz_mfa_enrol_challenge(struct fz_store *db, const struct fz_keys *keys,
			   const char *challenge, const char *ip,
			   struct fz_mfa_secret *out, struct fz_err *err)
{
	char kind[16] = "", hash[FZ_SM3_HEX_LEN + 1];
	int64_t user_id = 0;
	struct fz_user u;
	int rc = challenge_find(db, challenge, &user_id, kind, sizeof(kind), hash,
				err);

	if (rc < 0)
		return rc;
	if (rc == 0 || strcmp(kind, "enrol"))
		return fz_err_set(err, FZ_EAUTH, "challenge",
				  "登录已过期，请重新输入用户名和密码");
	if ((rc = fz_auth_load_user(db, user_id, &u, err)))
		return rc;
	struct fz_actor a = { &u, ip };
	return fz_mfa_begin(db, keys, &a, &u, out, err);
}

/* ---- reset and demo ------------------------------------------------------ */

int fz_mfa_reset(struct fz_store *db, const struct fz_actor *a,
		 int64_t user_id, struct fz_err *err)
{
	char obj[48];
	int64_t n = 0;
	int rc = fz_store_begin(db, err);

	if (rc)
		return rc;
	rc = fz_store_int(db, &n, err, "SELECT count(*) FROM users WHERE id = ?",
			  "I", user_id);
	if (rc >= 0 && !n)
		rc = fz_err_set(err, FZ_ENOTFOUND, "id", "用户不存在");
	else if (rc >= 0)
		rc = fz_store_run(db, err, "DELETE FROM user_totp WHERE user_id = ?",
				  "I", user_id);
	if (!rc)
		rc = fz_store_run(db, err,
			"DELETE FROM user_recovery_codes WHERE user_id = ?", "I", user_id);
	/* Sessions opened with the old factor end with it. */
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM sessions WHERE user_id = ?",
				  "I", user_id);
	user_obj(user_id, obj, sizeof(obj));
	if (!rc)
		rc = fz_org_audit(db, a, "totp.reset", obj,
				  "重置动态口令：下次登录须重新绑定", 1, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_mfa_enrol_direct(struct fz_store *db, const struct fz_keys *keys,
			int64_t user_id, char *b32, struct fz_err *err)
{
	struct fz_buf sealed = FZ_BUF_INIT;
	char at[FZ_ISO_LEN];
	int rc = new_secret(keys, b32, &sealed, err);

	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO user_totp (user_id, secret_enc, enrolled_at)"
			" VALUES (?, ?, ?)", "Itt", user_id, sealed.data, at);
	fz_buf_release(&sealed);
	return rc;
}
