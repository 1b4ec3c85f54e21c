/* org_api.c - HTTP handlers for login, the caller, units, users, audit
 * and tokens (docs/api.md). */
#include "domain/org/auth.h"
#include "domain/org/mfa.h"
#include "domain/org/org.h"
#include "domain/org/token.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "core/mask.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "engine/audit.h"
#include "http/handler.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COOKIE_ATTRS "; Path=/; HttpOnly; SameSite=Strict"

static json_t *user_json(const struct fz_user *u)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:{s:I,s:s,s:s},s:b,s:b}",
		"id", (json_int_t)u->id, "login", u->login, "name", u->name,
		"role", fz_role_key(u->role), "role_name", fz_role_name(u->role),
		"unit", "id", (json_int_t)u->unit_id, "name", u->unit_name,
		"path", u->unit_path,
		"must_change_password", u->must_change_password,
		"second_factor", u->second_factor);
}

static void set_session_cookie(struct fz_req *req, struct fz_resp *resp,
			       const char *token)
{
	char c[160];
	snprintf(c, sizeof(c), "fz_session=%s" COOKIE_ATTRS "%s", token,
		 req->cookie_secure ? "; Secure" : "");
	fz_resp_header(resp, "Set-Cookie", c);
}

/* ---- public ------------------------------------------------------------ */

static int h_healthz(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	int64_t n = 0;
	int rc = fz_store_int(req->db, &n, err, "SELECT 1", "");
	if (rc < 0)
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
	return 0;
}

/* The error answer of err with a Retry-After header (RFC 9110 10.2.3):
 * the server's own error path sends no headers, so the handler answers. */
static int refuse_with_retry(struct fz_resp *resp, const struct fz_err *err,
			     int seconds)
{
	char v[24];

	snprintf(v, sizeof(v), "%d", seconds > 0 ? seconds : 1);
	fz_resp_header(resp, "Retry-After", v);
	fz_resp_json(resp, fz_err_http_status(err->code),
		     json_pack("{s:{s:s,s:s,s:s}}", "error", "code",
			       fz_err_key(err->code), "field", err->field,
			       "message", err->msg));
	return 0;
}

static int h_login(struct fz_req *req, struct fz_resp *resp,
		   struct fz_err *err)
{
	const char *login = fz_req_str(req, "login");
	const char *pw = fz_req_str(req, "password");
	char token[FZ_TOKEN_HEX_LEN + 1], csrf[FZ_TOKEN_HEX_LEN + 1];
	struct fz_user u;
	int rc, retry = 0;
	FZ_ALLOW("login", "password");

	if (!login || !*login)
		return fz_err_set(err, FZ_EINVAL, "login", "请输入登录名");
	if (!pw || !*pw)
		return fz_err_set(err, FZ_EINVAL, "password", "请输入密码");
	/* A new login replaces the session this browser had (rotation). */
	if (req->session_hash[0])
		fz_store_run(req->db, NULL, "DELETE FROM sessions WHERE id_hash = ?",
			     "t", req->session_hash);
	rc = fz_auth_login(req->db, login, pw, req->ip, &u, token, csrf,
			   &retry, err);
	if (rc == FZ_ERATE)
		return refuse_with_retry(resp, err, retry);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		/* Password right, second step due: no session, a challenge. */
		fz_resp_json(resp, 200, json_pack("{s:s,s:s,s:s}",
			"second_factor", rc == FZ_MFA_ENROL ? "enrol" : "totp",
			"challenge", token, "message", rc == FZ_MFA_ENROL
			? "您的角色须使用动态口令登录，请先绑定动态口令"
			: "请输入手机验证器上的 6 位动态口令"));
		return 0;
	}
	set_session_cookie(req, resp, token);
	fz_resp_json(resp, 200, json_pack("{s:o,s:s}", "user", user_json(&u),
					  "csrf", csrf));
	return 0;
}

/* ---- the caller -------------------------------------------------------- */

static int h_logout(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	int rc = fz_auth_logout(req->db, req->user, req->session_hash, req->ip,
				err);
	if (rc)
		return rc;
	fz_resp_header(resp, "Set-Cookie", "fz_session=" COOKIE_ATTRS
		       "; Max-Age=0");
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

static int h_me(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *nav = json_array();

	for (const struct fz_nav *n = fz_app_nav; n->key; n++)
		if ((n->roles & req->user->role) &&
		    !req->user->must_change_password)
			json_array_append_new(nav, json_pack("{s:s,s:s,s:s}",
				"key", n->key, "title", n->title, "path", n->path));
	/* csrf is "" for bearer callers: they need none. */
	fz_resp_json(resp, 200, json_pack("{s:o,s:s,s:o}", "user",
		user_json(req->user), "csrf", req->csrf, "nav", nav));
	return 0;
}

/* ---- the second factor (mfa.h) ----------------------------------------- */

static json_t *codes_json(char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN])
{
	json_t *a = json_array();
	for (int i = 0; i < FZ_MFA_RECOVERY_CODES; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

static json_t *secret_json(struct fz_mfa_secret *sec)
{
	return json_pack("{s:s,s:s,s:s%}", "secret", sec->base32, "uri", sec->uri,
			 "qr_svg", sec->svg.data, sec->svg.len);
}

static int h_login_totp(struct fz_req *req, struct fz_resp *resp,
			struct fz_err *err)
{
	struct fz_mfa_login in = {
		fz_req_str(req, "challenge"), fz_req_str(req, "code"),
		fz_req_str(req, "recovery_code"), req->ip,
	};
	char token[FZ_TOKEN_HEX_LEN + 1], csrf[FZ_TOKEN_HEX_LEN + 1];
	char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN];
	struct fz_user u;
	int enrolled = 0, retry = 0, rc;
	json_t *o;
	FZ_ALLOW("challenge", "code", "recovery_code");

	if (!in.challenge || !*in.challenge)
		return fz_err_set(err, FZ_EINVAL, "challenge", "请先输入用户名和密码");
	if ((!in.code || !*in.code) && (!in.recovery || !*in.recovery))
		return fz_err_set(err, FZ_EINVAL, "code", "请输入动态口令或恢复码");
	rc = fz_mfa_login(req->db, req->keys, &in, &u, token, csrf, codes,
			  &enrolled, &retry, err);
	if (rc == FZ_ERATE)
		return refuse_with_retry(resp, err, retry);
	if (rc)
		return rc;
	set_session_cookie(req, resp, token);
	o = json_pack("{s:o,s:s}", "user", user_json(&u), "csrf", csrf);
	/* Shown once: only their keyed hashes are kept. */
	if (enrolled)
		json_object_set_new(o, "recovery_codes", codes_json(codes));
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_login_totp_enrol(struct fz_req *req, struct fz_resp *resp,
			      struct fz_err *err)
{
	struct fz_mfa_secret sec = { .svg = FZ_BUF_INIT };
	int rc;
	FZ_ALLOW("challenge");

	rc = fz_mfa_enrol_challenge(req->db, req->keys,
				    fz_req_str(req, "challenge"), req->ip, &sec, err);
	if (!rc)
		fz_resp_json(resp, 200, secret_json(&sec));
	fz_buf_release(&sec.svg);
	return rc;
}

static int h_me_totp(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	int64_t left = 0;
	int enrolled = fz_mfa_enrolled(req->db, req->user->id, err);

	if (enrolled < 0)
		return enrolled;
	if (fz_mfa_recovery_left(req->db, req->user->id, &left, err))
		return err->code;
	fz_resp_json(resp, 200, json_pack("{s:b,s:b,s:b,s:I}", "enrolled",
		enrolled, "required", fz_mfa_required(req->user->role),
		"session_second_factor", req->user->second_factor,
		"recovery_codes_left", (json_int_t)left));
	return 0;
}

static int h_me_totp_begin(struct fz_req *req, struct fz_resp *resp,
			   struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	struct fz_mfa_secret sec = { .svg = FZ_BUF_INIT };
	int rc;
	FZ_ALLOW(NULL);

	if (req->user->via_token)
		return fz_err_set(err, FZ_ETOKEN, NULL, "接口令牌不能绑定动态口令");
	rc = fz_mfa_begin(req->db, req->keys, &a, req->user, &sec, err);
	if (!rc)
		fz_resp_json(resp, 200, secret_json(&sec));
	fz_buf_release(&sec.svg);
	return rc;
}

static int h_me_totp_confirm(struct fz_req *req, struct fz_resp *resp,
			     struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN];
	int rc;
	FZ_ALLOW("code");

	if (req->user->via_token)
		return fz_err_set(err, FZ_ETOKEN, NULL, "接口令牌不能绑定动态口令");
	if ((rc = fz_store_begin(req->db, err)))
		return rc;
	rc = fz_mfa_confirm(req->db, req->keys, &a, req->user->id,
			    fz_req_str(req, "code"), codes, err);
	if (!rc)
		rc = fz_store_commit(req->db, err);
	if (rc) {
		fz_store_rollback(req->db);
		return rc;
	}
	fz_resp_json(resp, 200, json_pack("{s:b,s:o}", "ok", 1,
					  "recovery_codes", codes_json(codes)));
	return 0;
}

static int h_password(struct fz_req *req, struct fz_resp *resp,
		      struct fz_err *err)
{
	const char *oldp = fz_req_str(req, "old_password");
	const char *newp = fz_req_str(req, "new_password");
	char token[FZ_TOKEN_HEX_LEN + 1], csrf[FZ_TOKEN_HEX_LEN + 1];
	int rc;
	FZ_ALLOW("old_password", "new_password");

	if (!oldp || !*oldp)
		return fz_err_set(err, FZ_EINVAL, "old_password", "请输入原密码");
	if (!newp || !*newp)
		return fz_err_set(err, FZ_EINVAL, "new_password", "请输入新密码");
	if (req->user->via_token)
		return fz_err_set(err, FZ_ETOKEN, NULL, "接口令牌不能修改密码");
	rc = fz_auth_change_password(req->db, req->user, oldp, newp, req->ip,
				     token, csrf, err);
	if (rc)
		return rc;
	set_session_cookie(req, resp, token);
	fz_resp_json(resp, 200, json_pack("{s:b,s:s}", "ok", 1, "csrf", csrf));
	return 0;
}

static int h_roles(struct fz_req *req, struct fz_resp *resp,
		   struct fz_err *err)
{
	json_t *items = json_array();
	for (int bit = 1; bit <= FZ_ROLE_LAST; bit <<= 1)
		json_array_append_new(items, json_pack("{s:s,s:s}", "key",
			fz_role_key(bit), "name", fz_role_name(bit)));
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- units --------------------------------------------------------------- */

#define UNIT_COLS "id, parent_id, name, kind, code, path"

static json_t *unit_row(struct fz_stmt *st)
{
	const char *kind = fz_stmt_text(st, 3);
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}",
		"id", (json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 2),
		"kind", kind, "kind_name", fz_unit_kind_name(kind),
		"code", fz_stmt_text(st, 4), "path", fz_stmt_text(st, 5));
	json_object_set_new(o, "parent_id", fz_stmt_is_null(st, 1) ? json_null()
				: json_integer(fz_stmt_int(st, 1)));
	return o;
}

static int unit_get(struct fz_store *db, int64_t id, json_t **out,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT " UNIT_COLS " FROM units WHERE id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		*out = unit_row(st);
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "单位不存在");
	return rc < 0 ? rc : 0;
}

static int h_units(struct fz_req *req, struct fz_resp *resp,
		   struct fz_err *err)
{
	const struct fz_user *u = req->user;
	int all = u->role & (FZ_ROLES_ADMINS | FZ_ROLE_OFFICE);
	json_t *items = json_array();
	struct fz_stmt *st;
	int rc;

	/* Scope: the caller's unit and below, or all for district roles. */
	rc = fz_store_query(req->db, &st, err,
		"SELECT " UNIT_COLS " FROM units WHERE ? OR substr(path, 1, ?) = ?"
		" ORDER BY id", "iit", all ? 1 : 0, (int)strlen(u->unit_path),
		u->unit_path);
	if (rc) {
		json_decref(items);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(items, unit_row(st));
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int h_unit_create(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	int64_t parent = 0, id;
	json_t *o;
	int rc;
	FZ_ALLOW("parent_id", "name", "kind", "code");

	fz_req_int(req, "parent_id", &parent);
	rc = fz_org_unit_add(req->db, &a, parent, fz_req_str(req, "name"),
			     fz_req_str(req, "kind"), fz_req_str(req, "code"),
			     &id, err);
	if (rc || (rc = unit_get(req->db, id, &o, err)))
		return rc;
	fz_resp_json(resp, 201, o);
	return 0;
}

static int h_unit_update(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	const char *name = fz_req_str(req, "name"), *kind = fz_req_str(req, "kind");
	const char *code = fz_req_str(req, "code");
	char obj[48];
	json_t *cur;
	int64_t id;
	int rc;
	FZ_ALLOW("name", "kind", "code");

	if ((rc = fz_req_id(req, 0, &id, err)) || (rc = unit_get(req->db, id, &cur, err)))
		return rc;
	if (!name)
		name = json_string_value(json_object_get(cur, "name"));
	if (!kind)
		kind = json_string_value(json_object_get(cur, "kind"));
	if (!code)
		code = json_string_value(json_object_get(cur, "code"));
	/* Validate through the same rules as creation. */
	if (!name || !*name || strlen(name) > 192)
		rc = fz_err_set(err, FZ_EINVAL, "name", "单位名称应为 1–64 个字");
	else if (!fz_unit_kind_valid(kind))
		rc = fz_err_set(err, FZ_EINVAL, "kind",
				"单位类型应为 区、部门、镇街 或 工作站");
	else if (*code && (strlen(code) > 12 ||
			   strspn(code, "0123456789") != strlen(code)))
		rc = fz_err_set(err, FZ_EINVAL, "code",
				"单位代码应为最多 12 位数字（行政区划代码）");
	if (!rc)
		rc = fz_store_begin(req->db, err);
	if (!rc) {
		rc = fz_store_run(req->db, err,
			"UPDATE units SET name = ?, kind = ?, code = ? WHERE id = ?",
			"tttI", name, kind, code, id);
		if (rc == FZ_ECONFLICT)
			fz_err_set(err, FZ_ECONFLICT, "name", "同一上级下已有同名单位");
		snprintf(obj, sizeof(obj), "unit:%" PRId64, id);
		if (!rc)
			rc = fz_org_audit(req->db, &a, "unit.update", obj, name, 1, err);
		if (!rc)
			rc = fz_store_commit(req->db, err);
		if (rc)
			fz_store_rollback(req->db);
	}
	json_decref(cur);
	if (rc || (rc = unit_get(req->db, id, &cur, err)))
		return rc;
	fz_resp_json(resp, 200, cur);
	return 0;
}

static int h_unit_delete(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	int64_t id, n = 0;
	char obj[48];
	json_t *cur;
	int rc;

	if ((rc = fz_req_id(req, 0, &id, err)) || (rc = unit_get(req->db, id, &cur, err)))
		return rc;
	json_decref(cur);
	if ((rc = fz_store_begin(req->db, err)))
		return rc;
	rc = fz_store_int(req->db, &n, err,
		"SELECT (SELECT count(*) FROM units WHERE parent_id = ?) +"
		" (SELECT count(*) FROM users WHERE unit_id = ?)", "II", id, id);
	if (rc >= 0 && n > 0)
		rc = fz_err_set(err, FZ_ECONFLICT, "id",
				"该单位下还有下级单位或用户，不能删除");
	else if (rc >= 0)
		rc = fz_store_run(req->db, err, "DELETE FROM units WHERE id = ?",
				  "I", id);
	if (rc == FZ_ECONFLICT && !strcmp(err->field, ""))
		fz_err_set(err, FZ_ECONFLICT, "id", "该单位仍被其他记录引用，不能删除");
	snprintf(obj, sizeof(obj), "unit:%" PRId64, id);
	if (!rc)
		rc = fz_org_audit(req->db, &a, "unit.delete", obj, NULL, 1, err);
	if (!rc)
		rc = fz_store_commit(req->db, err);
	if (rc) {
		fz_store_rollback(req->db);
		return rc;
	}
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

/* ---- users --------------------------------------------------------------- */

#define STR_(x) #x
#define STR(x) STR_(x)
/* The last column: the latest failure of a (name, address) pair that is
 * past its free tries, for login_limited (auth.h). */
#define USER_LIST_COLS \
	"u.id, u.login, u.name, u.role, u.unit_id, un.name, un.path," \
	" u.phone_masked, u.admin_locked, u.locked_until, u.must_change," \
	" u.last_login_at, u.created_at, u.phone_enc," \
	" (SELECT max(a.last_at) FROM login_attempts a WHERE a.login = u.login" \
	" AND a.failures >= " STR(FZ_AUTH_PAIR_FREE) ")," \
	" (SELECT count(*) FROM user_totp t WHERE t.user_id = u.id" \
	"  AND t.secret_enc IS NOT NULL)"

static json_t *user_row(struct fz_req *req, struct fz_stmt *st, int reveal)
{
	int role = fz_role_from_key(fz_stmt_text(st, 3));
	int locked = fz_stmt_int(st, 8) != 0;
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:{s:I,s:s,s:s},s:b,s:b,s:s}",
		"id", (json_int_t)fz_stmt_int(st, 0), "login", fz_stmt_text(st, 1),
		"name", fz_stmt_text(st, 2), "role", fz_role_key(role),
		"role_name", fz_role_name(role),
		"unit", "id", (json_int_t)fz_stmt_int(st, 4), "name",
		fz_stmt_text(st, 5), "path", fz_stmt_text(st, 6),
		"locked", locked, "must_change_password", (int)fz_stmt_int(st, 10),
		"created_at", fz_stmt_text(st, 12));
	/* Some address waits to try this name: the administrator may lift it
	 * (unlock) when the owner asks. */
	json_object_set_new(o, "login_limited", json_boolean(
		fz_stmt_int(st, 14) + FZ_AUTH_DELAY_MAX > (int64_t)time(NULL)));
	json_object_set_new(o, "totp_enrolled", json_boolean(fz_stmt_int(st, 15)));
	json_object_set_new(o, "phone", fz_stmt_is_null(st, 7) ? json_null()
				: json_string(fz_stmt_text(st, 7)));
	json_object_set_new(o, "last_login_at", fz_stmt_is_null(st, 11)
				? json_null() : json_string(fz_stmt_text(st, 11)));
	if (reveal && !fz_stmt_is_null(st, 13)) {
		struct fz_buf plain = FZ_BUF_INIT;
		struct fz_err e = FZ_ERR_INIT;
		const char *tok = fz_stmt_text(st, 13);
		if (!fz_sm4_open(req->keys, tok, strlen(tok), &plain, &e))
			json_object_set_new(o, "phone", json_string(plain.data));
		fz_buf_release(&plain);
	}
	return o;
}

static int user_get(struct fz_req *req, int64_t id, int reveal, json_t **out,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(req->db, &st, err,
		"SELECT " USER_LIST_COLS " FROM users u JOIN units un"
		" ON un.id = u.unit_id WHERE u.id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		*out = user_row(req, st, reveal);
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "用户不存在");
	return rc < 0 ? rc : 0;
}

static int h_users(struct fz_req *req, struct fz_resp *resp,
		   struct fz_err *err)
{
	const char *q = fz_req_arg(req, "q"), *unit = fz_req_arg(req, "unit_id");
	int64_t page, per, total = 0, unit_id = unit ? strtoll(unit, NULL, 10) : 0;
	char like[140];
	json_t *items;
	struct fz_stmt *st;
	int rc;

	fz_req_paging(req, &page, &per);
	snprintf(like, sizeof(like), "%%%s%%", q && strlen(q) < 120 ? q : "");
	rc = fz_store_int(req->db, &total, err,
		"SELECT count(*) FROM users u WHERE (u.login LIKE ? OR u.name LIKE ?)"
		" AND (? = 0 OR u.unit_id = ?)", "ttII", like, like, unit_id, unit_id);
	if (rc < 0)
		return rc;
	rc = fz_store_query(req->db, &st, err,
		"SELECT " USER_LIST_COLS " FROM users u JOIN units un ON un.id = u.unit_id"
		" WHERE (u.login LIKE ? OR u.name LIKE ?) AND (? = 0 OR u.unit_id = ?)"
		" ORDER BY u.id LIMIT ? OFFSET ?", "ttIIII", like, like, unit_id,
		unit_id, per, (page - 1) * per);
	if (rc)
		return rc;
	items = json_array();
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(items, user_row(req, st, 0));
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, fz_resp_list(items, total, page, per));
	return 0;
}

static int h_user_get(struct fz_req *req, struct fz_resp *resp,
		      struct fz_err *err)
{
	const char *rv = fz_req_arg(req, "reveal");
	int reveal = rv && !strcmp(rv, "1");
	json_t *o;
	int64_t id;
	int rc;

	/* Personal data is the system administrator's to see, not the
	 * security administrator's (least privilege, 8.1.4.2 d). */
	if (reveal && !(req->user->role & FZ_ROLE_ADMIN))
		return fz_err_set(err, FZ_EFORBID, NULL, "只有系统管理员可以查看完整手机号");
	if ((rc = fz_req_id(req, 0, &id, err)) ||
	    (rc = user_get(req, id, reveal, &o, err)))
		return rc;
	if (reveal) {
		/* An unmasked view is itself an audit event (crypto.md §6). */
		struct fz_actor a = { req->user, req->ip };
		char obj[48];
		snprintf(obj, sizeof(obj), "user:%" PRId64, id);
		if (!(rc = fz_store_begin(req->db, err)) &&
		    !(rc = fz_org_audit(req->db, &a, "user.reveal", obj,
					"查看完整手机号", 1, err)))
			rc = fz_store_commit(req->db, err);
		if (rc) {
			fz_store_rollback(req->db);
			json_decref(o);
			return rc;
		}
	}
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_user_create(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	struct fz_user_new nu = {
		.login = fz_req_str(req, "login"),
		.name = fz_req_str(req, "name"),
		.role = fz_req_str(req, "role"),
		.phone = fz_req_str(req, "phone"),
		.password = fz_req_str(req, "password"),
		.must_change = 1,
	};
	int64_t id;
	json_t *o;
	int rc;
	FZ_ALLOW("login", "name", "role", "unit_id", "phone", "password");

	if (!fz_req_int(req, "unit_id", &nu.unit_id))
		return fz_err_set(err, FZ_EINVAL, "unit_id", "请选择所属单位");
	if (!nu.password)
		return fz_err_set(err, FZ_EINVAL, "password", "请设置初始密码");
	rc = fz_org_user_add(req->db, req->keys, &a, &nu, &id, err);
	if (rc || (rc = user_get(req, id, 0, &o, err)))
		return rc;
	fz_resp_json(resp, 201, o);
	return 0;
}

static int h_user_update(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	const char *name = fz_req_str(req, "name"), *role = fz_req_str(req, "role");
	const char *phone = fz_req_str(req, "phone");
	struct fz_buf enc = FZ_BUF_INIT;
	char masked[32] = "", idx[FZ_SM3_HEX_LEN + 1] = "", obj[48], norm[32];
	int64_t id, unit_id = 0, differs = 0;
	json_t *o;
	int rc;
	FZ_ALLOW("name", "role", "unit_id", "phone");

	if ((rc = fz_req_id(req, 0, &id, err)) || (rc = user_get(req, id, 0, &o, err)))
		return rc;
	/* A role is the security administrator's to change (三员分立,
	 * POST /users/{id}/role); the same role may be sent back as read. */
	differs = role && strcmp(role, json_string_value(json_object_get(o, "role")));
	json_decref(o);
	if (differs)
		return fz_err_set(err, FZ_EFORBID, "role",
				  "角色变更由安全管理员办理（三员分立）");
	fz_req_int(req, "unit_id", &unit_id);
	if (name && (!*name || strlen(name) > 96))
		return fz_err_set(err, FZ_EINVAL, "name", "姓名应为 1–32 个字");
	if (role && !fz_role_from_key(role))
		return fz_err_set(err, FZ_EINVAL, "role", "未知角色：%s", role);
	if (phone && *phone) {
		if ((rc = fz_ident_mobile(phone, norm, err))) {
			snprintf(err->field, sizeof(err->field), "phone");
			return rc;
		}
		if ((rc = fz_sm4_seal(req->keys, norm, strlen(norm), &enc, err)))
			goto out;
		fz_mask_phone(norm, masked, sizeof(masked));
		fz_blind_index(req->keys, norm, idx);
	}
	if ((rc = fz_store_begin(req->db, err)))
		goto out;
	rc = fz_store_run(req->db, err,
		"UPDATE users SET name = coalesce(?, name),"
		" unit_id = CASE WHEN ? > 0 THEN ? ELSE unit_id END WHERE id = ?",
		"tIII", name, unit_id, unit_id, id);
	if (rc == FZ_ECONFLICT)
		fz_err_set(err, FZ_ENOTFOUND, "unit_id", "所属单位不存在");
	if (!rc && phone)
		rc = fz_store_run(req->db, err,
			"UPDATE users SET phone_enc = ?, phone_masked = ?,"
			" phone_idx = ? WHERE id = ?", "tttI",
			*phone ? enc.data : NULL, *phone ? masked : NULL,
			*phone ? idx : NULL, id);
	snprintf(obj, sizeof(obj), "user:%" PRId64, id);
	if (!rc)
		rc = fz_org_audit(req->db, &a, "user.update", obj, NULL, 1, err);
	if (!rc)
		rc = fz_store_commit(req->db, err);
	if (rc)
		fz_store_rollback(req->db);
	if (!rc && !(rc = user_get(req, id, 0, &o, err)))
		fz_resp_json(resp, 200, o);
out:
	fz_buf_release(&enc);
	return rc;
}

/* The security administrator changes a user's business role.  The three
 * administrator roles are neither given nor taken this way (they are made
 * as such by the system administrator), and nobody changes their own, so
 * no administrator can become another (三员分立, GB/T 22239-2019
 * 8.1.4.2 d).  The tokens made under the old role end. */
static int h_user_role(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	const char *role = fz_req_str(req, "role");
	int bit = fz_role_from_key(role), cur;
	char obj[48], detail[96];
	int64_t id;
	json_t *o;
	int rc;
	FZ_ALLOW("role");

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	if (!bit)
		return fz_err_set(err, FZ_EINVAL, "role", "未知角色：%s", role ? role : "");
	if ((rc = user_get(req, id, 0, &o, err)))
		return rc;
	cur = fz_role_from_key(json_string_value(json_object_get(o, "role")));
	json_decref(o);
	if (id == req->user->id)
		return fz_err_set(err, FZ_EFORBID, "id", "不能变更自己的角色");
	if ((cur | bit) & FZ_ROLES_ADMINS)
		return fz_err_set(err, FZ_EFORBID, "role",
			"系统管理员、安全管理员、审计管理员的角色不能变更，请另建账号");
	if ((rc = fz_store_begin(req->db, err)))
		return rc;
	if (cur != bit)
		rc = fz_token_revoke_user(req->db, &a, id, "角色变更", err);
	if (!rc)
		rc = fz_store_run(req->db, err, "UPDATE users SET role = ? WHERE id = ?",
				  "tI", role, id);
	snprintf(obj, sizeof(obj), "user:%" PRId64, id);
	snprintf(detail, sizeof(detail), "%s → %s", fz_role_name(cur),
		 fz_role_name(bit));
	if (!rc)
		rc = fz_org_audit(req->db, &a, "user.role", obj, detail, 1, err);
	if (!rc)
		rc = fz_store_commit(req->db, err);
	if (rc) {
		fz_store_rollback(req->db);
		return rc;
	}
	if ((rc = user_get(req, id, 0, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_user_totp_reset(struct fz_req *req, struct fz_resp *resp,
			     struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	int64_t id;
	json_t *o;
	int rc;

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	if (id == req->user->id)
		return fz_err_set(err, FZ_EFORBID, "id",
			"不能重置自己的动态口令，请由另一名安全管理员办理");
	if ((rc = fz_mfa_reset(req->db, &a, id, err)) ||
	    (rc = user_get(req, id, 0, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

static int lock_common(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err, int locked)
{
	struct fz_actor a = { req->user, req->ip };
	int64_t id;
	json_t *o;
	int rc;

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	if (locked && id == req->user->id)
		return fz_err_set(err, FZ_ESTATE, "id", "不能锁定自己的账号");
	if ((rc = fz_org_user_set_locked(req->db, &a, id, locked, err)) ||
	    (rc = user_get(req, id, 0, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_user_lock(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	return lock_common(req, resp, err, 1);
}

static int h_user_unlock(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	return lock_common(req, resp, err, 0);
}

static int h_user_password(struct fz_req *req, struct fz_resp *resp,
			   struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	const char *pw = fz_req_str(req, "password");
	int64_t id;
	json_t *o;
	int rc;
	FZ_ALLOW("password");

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	if (!pw)
		return fz_err_set(err, FZ_EINVAL, "password", "请输入新密码");
	if ((rc = fz_org_user_set_password(req->db, &a, id, pw, 1, err)) ||
	    (rc = user_get(req, id, 0, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

/* ---- audit and tokens ---------------------------------------------------- */

struct audit_page {
	struct fz_store *db;
	json_t *items;
};

/* One entry, with the words a person reads beside the stored codes:
 * actor_name, object_name and action_name ("" when the page's own list
 * of verbs names the action). */
static int audit_row(const struct fz_audit_row *r, void *arg)
{
	struct audit_page *p = arg;
	char who[160], obj[256], act[256];

	fz_org_actor_name(p->db, r->e.actor, who, sizeof(who));
	fz_audit_words(p->db, fz_app_audit_namers, r->e.object, r->e.action,
		       obj, act, sizeof(obj));
	json_array_append_new(p->items, json_pack(
		"{s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
		"seq", (json_int_t)r->seq, "at", r->at, "actor", r->e.actor,
		"actor_name", who, "unit_id", (json_int_t)r->e.unit_id,
		"action", r->e.action, "action_name", act, "object", r->e.object,
		"object_name", obj, "detail", r->e.detail, "ip", r->e.ip,
		"ok", r->e.ok));
	return 0;
}

/* The ids of the audit administrators' accounts. */
static int auditor_ids(struct fz_store *db, int64_t *ids, size_t *n,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT id FROM users WHERE role = 'auditor' ORDER BY id LIMIT ?", "i",
		FZ_AUDIT_MAX_ACTOR_IDS);

	*n = 0;
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1)
		ids[(*n)++] = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	return rc;
}

static int h_audit(struct fz_req *req, struct fz_resp *resp,
		   struct fz_err *err)
{
	int64_t page, per, total = 0, ids[FZ_AUDIT_MAX_ACTOR_IDS];
	json_t *items = json_array();
	int rc;

	struct fz_audit_filter f = { fz_req_arg(req, "action"),
				     fz_req_arg(req, "actor"), ids, 0, 0 };

	fz_req_paging(req, &page, &per);
	/* The audit administrator reads every entry; the system and security
	 * administrators read the audit administrator's own (三员分立). */
	if (!(req->user->role & FZ_ROLE_AUDITOR)) {
		f.only_ids = 1;
		rc = auditor_ids(req->db, ids, &f.n_actor_ids, err);
		if (rc < 0) {
			json_decref(items);
			return rc;
		}
	}
	struct audit_page ap = { req->db, items };
	rc = fz_audit_page_filtered(req->db, &f, (page - 1) * per, per, &total,
				    audit_row, &ap, err);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, fz_resp_list(items, total, page, per));
	return 0;
}

static int h_audit_verify(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	int64_t count = 0, bad = 0;
	struct fz_err e = FZ_ERR_INIT;
	int rc = fz_audit_verify(req->db, &count, &bad, &e);

	if (rc && rc != FZ_ECONFLICT) {
		*err = e;
		return rc;
	}
	/* The audit administrator's check is itself an entry, which the
	 * system and security administrators can read (三员分立). */
	if (!rc) {
		struct fz_actor a = { req->user, req->ip };
		char detail[64];
		snprintf(detail, sizeof(detail), "校验审计日志 %lld 条：完好",
			 (long long)count);
		if (!(rc = fz_store_begin(req->db, err)) &&
		    !(rc = fz_org_audit(req->db, &a, "audit.verify", "audit_log",
					detail, 1, err)))
			rc = fz_store_commit(req->db, err);
		if (rc) {
			fz_store_rollback(req->db);
			return rc;
		}
		fz_resp_json(resp, 200, json_pack("{s:b,s:I}", "ok", 1, "count",
						  (json_int_t)count));
	}
	else
		fz_resp_json(resp, 200, json_pack("{s:b,s:I,s:I,s:s}", "ok", 0,
			"count", (json_int_t)count, "bad_seq", (json_int_t)bad,
			"message", e.msg));
	return 0;
}

/* "roles": ["officer"] into role bits; absent is 0 (the owner's role). */
static int token_roles(struct fz_req *req, int *roles, struct fz_err *err)
{
	json_t *v = req->json ? json_object_get(req->json, "roles") : NULL;
	size_t i;
	json_t *r;

	*roles = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return fz_err_set(err, FZ_EINVAL, "roles", "角色应为列表");
	json_array_foreach(v, i, r) {
		int bit = json_is_string(r) ? fz_role_from_key(json_string_value(r)) : 0;
		if (!bit)
			return fz_err_set(err, FZ_EINVAL, "roles", "未知角色");
		*roles |= bit;
	}
	return 0;
}

static int h_token_create(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	struct fz_token_new t = { fz_req_str(req, "name"), req->user->id, 0, 0 };
	char token[FZ_TOKEN_HEX_LEN + 1];
	json_t *d;
	int64_t id;
	int rc;
	FZ_ALLOW("name", "user_id", "roles", "expires_days");

	/* First: a token may not mint tokens, whatever else the body says. */
	if (req->user->via_token)
		return fz_err_set(err, FZ_ETOKEN, NULL,
				  "接口令牌不能创建令牌，请登录后创建");
	fz_req_int(req, "user_id", &t.user_id);
	/* At most a year: a token is a password that never gets typed, so its
	 * life is bounded instead (refused, not shortened, so the caller
	 * knows). */
	d = req->json ? json_object_get(req->json, "expires_days") : NULL;
	if (d && (!json_is_integer(d) || json_integer_value(d) < 1 ||
		  json_integer_value(d) > FZ_TOKEN_DAYS_MAX))
		return fz_err_set(err, FZ_EINVAL, "expires_days",
				  "有效期为 1–%d 天", FZ_TOKEN_DAYS_MAX);
	t.days = d ? (int)json_integer_value(d) : 0;
	if ((rc = token_roles(req, &t.roles, err)) ||
	    (rc = fz_token_create(req->db, &a, &t, &id, token, err)))
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I,s:s,s:s,s:I}", "id",
		(json_int_t)id, "name", t.name, "token", token, "expires_days",
		(json_int_t)(t.days ? t.days : FZ_TOKEN_DAYS_DEFAULT)));
	return 0;
}

static json_t *roles_json(int roles)
{
	json_t *a = json_array();
	for (int bit = 1; bit <= FZ_ROLE_LAST; bit <<= 1)
		if (roles & bit)
			json_array_append_new(a, json_pack("{s:s,s:s}", "key",
				fz_role_key(bit), "name", fz_role_name(bit)));
	return a;
}

static int token_row(const struct fz_token_info *t, void *arg)
{
	char exp[FZ_ISO_LEN], used[FZ_ISO_LEN] = "";

	fz_time_iso(t->expires_at, exp);
	if (t->last_used_at)
		fz_time_iso(t->last_used_at, used);
	json_array_append_new(arg, json_pack(
		"{s:I,s:s,s:{s:I,s:s,s:s},s:o,s:s,s:s,s:s*,s:s*,s:b,s:b,s:s*,s:s*}",
		"id", (json_int_t)t->id, "name", t->name,
		"owner", "id", (json_int_t)t->user_id, "login", t->login,
		"name", t->user_name, "roles", roles_json(t->roles),
		"created_at", t->created_at, "expires_at", exp,
		"last_used_at", used[0] ? used : NULL,
		"last_used_ip", t->last_used_at ? t->last_used_ip : NULL,
		"revoked", t->revoked, "expired", !t->revoked && fz_now() >= t->expires_at,
		"revoked_at", t->revoked_at[0] ? t->revoked_at : NULL,
		"revoke_reason", t->revoke_reason[0] ? t->revoke_reason : NULL));
	return 0;
}

/* The security administrator sees every token, anyone else their own. */
static int64_t token_owner_filter(const struct fz_req *req)
{
	return req->user->role & FZ_ROLE_SECADMIN ? 0 : req->user->id;
}

static int h_tokens(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	int64_t page, per, total = 0;
	json_t *items = json_array();
	int rc;

	fz_req_paging(req, &page, &per);
	rc = fz_token_each(req->db, token_owner_filter(req), (page - 1) * per,
			   per, &total, token_row, items, err);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, fz_resp_list(items, total, page, per));
	return 0;
}

static int h_token_revoke(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	struct fz_actor a = { req->user, req->ip };
	int64_t id;
	int rc;

	if ((rc = fz_req_id(req, 0, &id, err)) ||
	    (rc = fz_token_revoke(req->db, &a, id, token_owner_filter(req), err)))
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

/* Units and users for the access policy: a unit lies at its own path, a
 * user at their unit's. */
static int user_path_of(struct fz_store *db, int64_t id, char *path, size_t n,
			struct fz_err *err)
{
	int64_t unit = 0;
	int rc = fz_store_int(db, &unit, err,
		"SELECT unit_id FROM users WHERE id = ?", "I", id);
	return rc <= 0 ? rc : fz_org_unit_path(db, unit, path, n, err);
}

static const struct fz_record_kind unit_kind = {
	"org.unit", "单位不存在", 0, fz_org_unit_path
};
/* The security administrator reaches every account (unlock, role,
 * second factor), as the district roles do. */
static const struct fz_record_kind user_kind = {
	"org.user", "用户不存在", FZ_ROLE_SECADMIN, user_path_of
};
/* A token lies at its owner's unit; the handler then lets a
 * non-administrator reach only their own tokens. */
static const struct fz_record_kind token_kind = {
	"org.token", "令牌不存在", FZ_ROLE_SECADMIN, fz_token_unit_path
};

#define W FZ_ROUTE_WRITE
#define A FZ_ROLE_ADMIN
#define SEC FZ_ROLE_SECADMIN
#define AUD FZ_ROLE_AUDITOR
#define ALL FZ_ROLE_ALL
#define P FZ_ROUTE_PUBLIC
/* 三员分立: A keeps units and accounts, SEC roles, unlocks, second
 * factors and everyone's tokens, AUD the audit log (route.h). */
const struct fz_route fz_org_routes[] = {
	{ "GET", "/healthz", h_healthz, 0, P },
	{ "POST", "/api/v1/login", h_login, 0, P | W },
	{ "POST", "/api/v1/login/totp", h_login_totp, 0, P | W },
	{ "POST", "/api/v1/login/totp/enrol", h_login_totp_enrol, 0, P | W },
	{ "POST", "/api/v1/logout", h_logout, ALL, W | FZ_ROUTE_PWOK },
	{ "GET", "/api/v1/me", h_me, ALL, FZ_ROUTE_PWOK },
	{ "POST", "/api/v1/me/password", h_password, ALL, W | FZ_ROUTE_PWOK },
	{ "GET", "/api/v1/me/totp", h_me_totp, ALL, FZ_ROUTE_PWOK },
	{ "POST", "/api/v1/me/totp", h_me_totp_begin, ALL, W | FZ_ROUTE_PWOK },
	{ "POST", "/api/v1/me/totp/confirm", h_me_totp_confirm, ALL,
	  W | FZ_ROUTE_PWOK },
	{ "GET", "/api/v1/roles", h_roles, ALL, 0 },
	{ "GET", "/api/v1/units", h_units, ALL, 0 },
	{ "POST", "/api/v1/units", h_unit_create, A, W },
	{ "PUT", "/api/v1/units/{id}", h_unit_update, A, W, &unit_kind },
	{ "DELETE", "/api/v1/units/{id}", h_unit_delete, A, W, &unit_kind },
	{ "GET", "/api/v1/users", h_users, A | SEC, 0 },
	{ "POST", "/api/v1/users", h_user_create, A, W },
	{ "GET", "/api/v1/users/{id}", h_user_get, A | SEC, 0, &user_kind },
	{ "PUT", "/api/v1/users/{id}", h_user_update, A, W, &user_kind },
	{ "POST", "/api/v1/users/{id}/lock", h_user_lock, A, W, &user_kind },
	{ "POST", "/api/v1/users/{id}/unlock", h_user_unlock, SEC, W, &user_kind },
	{ "POST", "/api/v1/users/{id}/password", h_user_password, A, W,
	  &user_kind },
	{ "POST", "/api/v1/users/{id}/role", h_user_role, SEC, W, &user_kind },
	{ "POST", "/api/v1/users/{id}/totp/reset", h_user_totp_reset, SEC, W,
	  &user_kind },
	{ "GET", "/api/v1/audit", h_audit, A | SEC | AUD, 0 },
	{ "GET", "/api/v1/audit/verify", h_audit_verify, AUD, 0 },
	{ "GET", "/api/v1/tokens", h_tokens, ALL, 0 },
	{ "POST", "/api/v1/tokens", h_token_create, ALL, W },
	{ "DELETE", "/api/v1/tokens/{id}", h_token_revoke, ALL, W,
	  &token_kind },
	{ NULL, NULL, NULL, 0, 0 }
};
