/* org.c - units, users and roles: storage, validation, audit. */
#include "domain/org/org.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/mask.h"
#include "core/utf8.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "domain/org/mfa.h"
#include "domain/org/token.h"
#include "engine/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const struct fz_migration fz_org_migrations[] = {
	{ "org", 1,
	  "CREATE TABLE units ("
	  " id INTEGER PRIMARY KEY,"
	  " parent_id INTEGER REFERENCES units(id),"
	  " name TEXT NOT NULL,"
	  " kind TEXT NOT NULL,"
	  " code TEXT NOT NULL DEFAULT '',"
	  " path TEXT NOT NULL,"
	  " created_at TEXT NOT NULL);"
	  "CREATE UNIQUE INDEX units_parent_name ON units(coalesce(parent_id, 0), name);"
	  "CREATE INDEX units_path ON units(path);"
	  "CREATE TABLE users ("
	  " id INTEGER PRIMARY KEY,"
	  " login TEXT NOT NULL UNIQUE,"
	  " name TEXT NOT NULL,"
	  " role TEXT NOT NULL,"
	  " unit_id INTEGER NOT NULL REFERENCES units(id),"
	  " phone_enc TEXT,"
	  " phone_masked TEXT,"
	  " phone_idx TEXT,"
	  " pw_hash TEXT NOT NULL,"
	  " must_change INTEGER NOT NULL DEFAULT 0,"
	  " failed INTEGER NOT NULL DEFAULT 0,"
	  " locked_until INTEGER NOT NULL DEFAULT 0,"
	  " admin_locked INTEGER NOT NULL DEFAULT 0,"
	  " last_login_at TEXT,"
	  " pw_changed_at TEXT,"
	  " created_at TEXT NOT NULL);"
	  "CREATE INDEX users_unit ON users(unit_id);"
	  "CREATE TABLE sessions ("
	  " id_hash TEXT PRIMARY KEY,"
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " csrf TEXT NOT NULL,"
	  " created_at INTEGER NOT NULL,"
	  " last_seen INTEGER NOT NULL,"
	  " ip TEXT NOT NULL);"
	  "CREATE INDEX sessions_user ON sessions(user_id);"
	  "CREATE TABLE api_tokens ("
	  " id INTEGER PRIMARY KEY,"
	  " name TEXT NOT NULL,"
	  " token_hash TEXT NOT NULL UNIQUE,"
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " created_by INTEGER NOT NULL,"
	  " created_at TEXT NOT NULL,"
	  " revoked INTEGER NOT NULL DEFAULT 0)" },
	{ "org", 2, FZ_TOKEN_MIGRATION_2 },
	/* Login limits per login name and address (auth.h), kept for names
	 * that do not exist too; the five-failure lock they replace is
	 * lifted.  The last passwords of each user, as argon2id hashes. */
	{ "org", 3,
	  "CREATE TABLE login_attempts ("
	  " login TEXT NOT NULL,"
	  " ip TEXT NOT NULL,"
	  " failures INTEGER NOT NULL,"
	  " last_at INTEGER NOT NULL,"
	  " PRIMARY KEY (login, ip));"
	  "CREATE INDEX login_attempts_ip ON login_attempts(ip, last_at);"
	  "CREATE INDEX login_attempts_at ON login_attempts(last_at);"
	  "CREATE TABLE password_history ("
	  " id INTEGER PRIMARY KEY,"
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " pw_hash TEXT NOT NULL,"
	  " replaced_at TEXT NOT NULL);"
	  "CREATE INDEX password_history_user ON password_history(user_id, id);"
	  "UPDATE users SET failed = 0, locked_until = 0" },
	{ "org", 4, FZ_MFA_MIGRATION_4 },
	{ NULL, 0, NULL }
};

static const struct {
	int bit;
	const char *key;
	const char *name;
} roles[] = {
	{ FZ_ROLE_ADMIN, "admin", "系统管理员" },
	{ FZ_ROLE_OFFICE, "office", "依法治区办" },
	{ FZ_ROLE_JUSTICE, "justice", "司法局" },
	{ FZ_ROLE_OFFICER, "officer", "执法人员" },
	{ FZ_ROLE_TOWN, "town", "镇街" },
	{ FZ_ROLE_COURT, "court", "法院" },
	{ FZ_ROLE_PROCURATOR, "procurator", "检察院" },
	{ FZ_ROLE_SECADMIN, "secadmin", "安全管理员" },
	{ FZ_ROLE_AUDITOR, "auditor", "审计管理员" },
};
#define NROLES (sizeof(roles) / sizeof(roles[0]))

int fz_role_from_key(const char *key)
{
	for (size_t i = 0; key && i < NROLES; i++)
		if (!strcmp(roles[i].key, key))
			return roles[i].bit;
	return 0;
}

const char *fz_role_key(int role)
{
	for (size_t i = 0; i < NROLES; i++)
		if (roles[i].bit == role)
			return roles[i].key;
	return "";
}

const char *fz_role_name(int role)
{
	for (size_t i = 0; i < NROLES; i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return "";
}

static const struct { const char *key, *name; } kinds[] = {
	{ "district", "区" },
	{ "department", "部门" },
	{ "town", "镇街" },
	{ "station", "工作站" },
};

int fz_unit_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].key, kind))
			return 1;
	return 0;
}

const char *fz_unit_kind_name(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].key, kind))
			return kinds[i].name;
	return "";
}

int fz_org_audit(struct fz_store *db, const struct fz_actor *a,
		 const char *action, const char *object, const char *detail,
		 int ok, struct fz_err *err)
{
	struct fz_audit_entry e = {
		.actor_id = a && a->user ? a->user->id : 0,
		.actor = a && a->user ? a->user->login : "system",
		.unit_id = a && a->user ? a->user->unit_id : 0,
		.action = action,
		.object = object,
		.detail = detail,
		.ip = a && a->ip ? a->ip : "",
		.ok = ok,
	};
	return fz_audit_append(db, &e, err);
}

/* ---- units ------------------------------------------------------------ */

static int check_unit_fields(const char *name, const char *kind,
			     const char *code, struct fz_err *err)
{
	size_t n = name ? fz_utf8_chars(name) : 0;
	if (n < 1 || n > 64)
		return fz_err_set(err, FZ_EINVAL, "name", "单位名称应为 1–64 个字");
	if (!fz_unit_kind_valid(kind))
		return fz_err_set(err, FZ_EINVAL, "kind",
				  "单位类型应为 区、部门、镇街 或 工作站");
	if (code && *code) {
		size_t len = strlen(code);
		if (len > 12 || strspn(code, "0123456789") != len)
			return fz_err_set(err, FZ_EINVAL, "code",
					  "单位代码应为最多 12 位数字（行政区划代码）");
	}
	return 0;
}

static int unit_path(struct fz_store *db, int64_t id, char *out, size_t n,
		     struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
				"SELECT path FROM units WHERE id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		snprintf(out, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "parent_id", "上级单位不存在");
	return rc < 0 ? rc : 0;
}

int fz_org_unit_add(struct fz_store *db, const struct fz_actor *a,
		    int64_t parent_id, const char *name, const char *kind,
		    const char *code, int64_t *id, struct fz_err *err)
{
	char ppath[256] = "/", path[300], at[FZ_ISO_LEN], obj[48];
	int rc = check_unit_fields(name, kind, code, err);

	if (rc)
		return rc;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	if (parent_id)
		rc = unit_path(db, parent_id, ppath, sizeof(ppath), err);
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO units (parent_id, name, kind, code, path, created_at)"
			" VALUES (NULLIF(?, 0), ?, ?, ?, '', ?)", "Itttt",
			parent_id, name, kind, code ? code : "", at);
	if (rc == FZ_ECONFLICT)
		fz_err_set(err, FZ_ECONFLICT, "name", "同一上级下已有同名单位");
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(path, sizeof(path), "%s%" PRId64 "/", ppath, *id);
		if (strlen(path) >= 256)
			rc = fz_err_set(err, FZ_EINVAL, "parent_id", "单位层级过深");
	}
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE units SET path = ? WHERE id = ?",
				  "tI", path, *id);
	snprintf(obj, sizeof(obj), "unit:%" PRId64, rc ? 0 : *id);
	if (!rc)
		rc = fz_org_audit(db, a, "unit.create", obj, name, 1, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_org_unit_find(struct fz_store *db, const char *ref, int64_t *id,
		     struct fz_err *err)
{
	int rc = fz_store_int(db, id, err,
		"SELECT id FROM units WHERE CAST(id AS TEXT) = ? OR (code <> '' AND code = ?)"
		" OR name = ? ORDER BY id LIMIT 1", "ttt", ref, ref, ref);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "unit", "找不到单位：%s", ref);
	return rc < 0 ? rc : 0;
}

#define UNIT_COLS "id, COALESCE(parent_id, 0), name, kind, code, path"

static void unit_row(struct fz_stmt *st, struct fz_unit_info *u)
{
	u->id = fz_stmt_int(st, 0);
	u->parent_id = fz_stmt_int(st, 1);
	snprintf(u->name, sizeof(u->name), "%s", fz_stmt_text(st, 2));
	snprintf(u->kind, sizeof(u->kind), "%s", fz_stmt_text(st, 3));
	snprintf(u->code, sizeof(u->code), "%s", fz_stmt_text(st, 4));
	snprintf(u->path, sizeof(u->path), "%s", fz_stmt_text(st, 5));
}

int fz_org_unit_get(struct fz_store *db, int64_t id, struct fz_unit_info *out,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT " UNIT_COLS " FROM units WHERE id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		unit_row(st, out);
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "unit", "单位不存在");
	return rc < 0 ? rc : 0;
}

int fz_org_unit_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	struct fz_unit_info u;
	int rc = fz_org_unit_get(db, id, &u, err);

	if (rc == FZ_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	snprintf(path, n, "%s", u.path);
	return 1;
}

const char *fz_org_unit_name(struct fz_store *db, int64_t id, char *buf,
			     size_t n)
{
	struct fz_unit_info u;
	buf[0] = '\0';
	if (id > 0 && !fz_org_unit_get(db, id, &u, NULL))
		snprintf(buf, n, "%s", u.name);
	return buf;
}

int fz_org_units_each(struct fz_store *db, const char *kind, const char *like,
		      int (*fn)(const struct fz_unit_info *u, void *arg),
		      void *arg, struct fz_err *err)
{
	struct fz_stmt *st;
	struct fz_unit_info u;
	int rc = fz_store_query(db, &st, err,
		"SELECT " UNIT_COLS " FROM units WHERE (? = '' OR kind = ?)"
		" AND (? = '' OR instr(name, ?) > 0) ORDER BY id", "tttt",
		kind ? kind : "", kind ? kind : "", like ? like : "",
		like ? like : "");
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		unit_row(st, &u);
		if ((rc = fn(&u, arg)))
			break;
	}
	fz_stmt_finish(st);
	return rc;
}

/* ---- users ------------------------------------------------------------ */

static int check_login(const char *login, struct fz_err *err)
{
	size_t n = login ? strlen(login) : 0;
	if (n < 3 || n > 32 ||
	    strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != n)
		return fz_err_set(err, FZ_EINVAL, "login",
				  "登录名应为 3–32 位小写字母、数字、下划线、点或连字符");
	return 0;
}

/* Seal a phone number for storage: ciphertext, masked form, blind index. */
static int seal_phone(const struct fz_keys *keys, const char *phone,
		      struct fz_buf *enc, char *masked, size_t mlen,
		      char idx[FZ_SM3_HEX_LEN + 1], struct fz_err *err)
{
	char norm[32];
	int rc = fz_ident_mobile(phone, norm, err);
	if (rc) {
		snprintf(err->field, sizeof(err->field), "phone");
		return rc;
	}
	if ((rc = fz_sm4_seal(keys, norm, strlen(norm), enc, err)))
		return rc;
	fz_mask_phone(norm, masked, mlen);
	return fz_blind_index(keys, norm, idx);
}

int fz_org_user_add(struct fz_store *db, const struct fz_keys *keys,
		    const struct fz_actor *a, const struct fz_user_new *nu,
		    int64_t *id, struct fz_err *err)
{
	struct fz_buf enc = FZ_BUF_INIT;
	char hash[FZ_PW_HASH_MAX], masked[32] = "", idx[FZ_SM3_HEX_LEN + 1] = "";
	char at[FZ_ISO_LEN], obj[48];
	int has_phone = nu->phone && *nu->phone;
	size_t nlen = nu->name ? fz_utf8_chars(nu->name) : 0;
	int rc;

	if ((rc = check_login(nu->login, err)))
		return rc;
	if (nlen < 1 || nlen > 32)
		return fz_err_set(err, FZ_EINVAL, "name", "姓名应为 1–32 个字");
	if (!fz_role_from_key(nu->role))
		return fz_err_set(err, FZ_EINVAL, "role", "未知角色：%s",
				  nu->role ? nu->role : "");
	if ((rc = fz_pw_policy(nu->password, nu->login, err))) {
		snprintf(err->field, sizeof(err->field), "password");
		return rc;
	}
	if (has_phone && (rc = seal_phone(keys, nu->phone, &enc, masked,
					  sizeof(masked), idx, err)))
		goto out;
	if ((rc = fz_pw_hash(nu->password, hash, err)))
		goto out;
	if ((rc = fz_store_begin(db, err)))
		goto out;
	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"INSERT INTO users (login, name, role, unit_id, phone_enc,"
		" phone_masked, phone_idx, pw_hash, must_change, created_at,"
		" pw_changed_at) SELECT ?, ?, ?, id, ?, ?, ?, ?, ?, ?, ?"
		" FROM units WHERE id = ?",
		"tttttttittI", nu->login, nu->name, nu->role,
		has_phone ? enc.data : NULL, has_phone ? masked : NULL,
		has_phone ? idx : NULL, hash, nu->must_change ? 1 : 0, at, at,
		nu->unit_id);
	if (rc == FZ_ECONFLICT)
		fz_err_set(err, FZ_ECONFLICT, "login", "登录名已被使用：%s",
			   nu->login);
	else if (!rc && fz_store_changes(db) == 0)
		rc = fz_err_set(err, FZ_ENOTFOUND, "unit_id", "所属单位不存在");
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(obj, sizeof(obj), "user:%" PRId64, *id);
		rc = fz_org_audit(db, a, "user.create", obj, nu->login, 1, err);
	}
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
out:
	fz_buf_release(&enc);
	return rc;
}

int fz_org_user_find(struct fz_store *db, const char *login, int64_t *id,
		     struct fz_err *err)
{
	int rc = fz_store_int(db, id, err, "SELECT id FROM users WHERE login = ?",
			      "t", login);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "login", "找不到用户：%s",
				  login);
	return rc < 0 ? rc : 0;
}

int fz_org_pw_reused(struct fz_store *db, int64_t user_id,
		     const char *password, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc, reused = 0;

	rc = fz_store_query(db, &st, err,
		"SELECT pw_hash FROM users WHERE id = ? UNION ALL"
		" SELECT pw_hash FROM (SELECT pw_hash FROM password_history"
		" WHERE user_id = ? ORDER BY id DESC LIMIT ?) h",
		"IIi", user_id, user_id, FZ_ORG_PW_HISTORY - 1);
	if (rc)
		return rc;
	while (!reused && (rc = fz_stmt_step(st, err)) == 1)
		reused = fz_pw_verify(fz_stmt_text(st, 0), password) == 0;
	fz_stmt_finish(st);
	return rc < 0 ? rc : reused;
}

int fz_org_pw_remember(struct fz_store *db, int64_t user_id,
		       struct fz_err *err)
{
	char at[FZ_ISO_LEN];
	int rc;

	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"INSERT INTO password_history (user_id, pw_hash, replaced_at)"
		" SELECT id, pw_hash, ? FROM users WHERE id = ?", "tI", at, user_id);
	if (!rc)
		rc = fz_store_run(db, err,
			"DELETE FROM password_history WHERE user_id = ? AND id NOT IN"
			" (SELECT id FROM password_history WHERE user_id = ?"
			" ORDER BY id DESC LIMIT ?)",
			"IIi", user_id, user_id, FZ_ORG_PW_HISTORY - 1);
	return rc;
}

int fz_org_user_set_password(struct fz_store *db, const struct fz_actor *a,
			     int64_t user_id, const char *password,
			     int must_change, struct fz_err *err)
{
	char hash[FZ_PW_HASH_MAX], login[64] = "", at[FZ_ISO_LEN], obj[48];
	struct fz_stmt *st;
	int rc;

	rc = fz_store_query(db, &st, err, "SELECT login FROM users WHERE id = ?",
			    "I", user_id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		snprintf(login, sizeof(login), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "用户不存在");
	if (rc < 0)
		return rc;
	if ((rc = fz_pw_policy(password, login, err))) {
		snprintf(err->field, sizeof(err->field), "password");
		return rc;
	}
	if ((rc = fz_org_pw_reused(db, user_id, password, err)) != 0)
		return rc < 0 ? rc : fz_err_set(err, FZ_EINVAL, "password",
			"新密码不能与最近 %d 次使用过的密码相同",
			FZ_ORG_PW_HISTORY);
	if ((rc = fz_pw_hash(password, hash, err)))
		return rc;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	fz_now_iso(at);
	rc = fz_org_pw_remember(db, user_id, err);
	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE users SET pw_hash = ?, must_change = ?, failed = 0,"
			" locked_until = 0, pw_changed_at = ? WHERE id = ?",
			"titI", hash, must_change ? 1 : 0, at, user_id);
	if (!rc)
		rc = fz_store_run(db, err,
			"DELETE FROM login_attempts WHERE login = ?", "t", login);
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM sessions WHERE user_id = ?",
				  "I", user_id);
	if (!rc)
		rc = fz_token_revoke_user(db, a, user_id, "管理员重置密码", err);
	snprintf(obj, sizeof(obj), "user:%" PRId64, user_id);
	if (!rc)
		rc = fz_org_audit(db, a, "user.password_reset", obj, login, 1, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_org_user_set_locked(struct fz_store *db, const struct fz_actor *a,
			   int64_t user_id, int locked, struct fz_err *err)
{
	char obj[48];
	int rc = fz_store_begin(db, err);

	if (rc)
		return rc;
	rc = fz_store_run(db, err,
		locked ? "UPDATE users SET admin_locked = 1 WHERE id = ?"
		       : "UPDATE users SET admin_locked = 0, failed = 0,"
			 " locked_until = 0 WHERE id = ?", "I", user_id);
	if (!rc && fz_store_changes(db) == 0)
		rc = fz_err_set(err, FZ_ENOTFOUND, "id", "用户不存在");
	/* Unlocking also lifts the login limits on the name (auth.h). */
	if (!rc && !locked)
		rc = fz_store_run(db, err,
			"DELETE FROM login_attempts WHERE login ="
			" (SELECT login FROM users WHERE id = ?)", "I", user_id);
	if (!rc && locked)
		rc = fz_store_run(db, err, "DELETE FROM sessions WHERE user_id = ?",
				  "I", user_id);
	if (!rc && locked)
		rc = fz_token_revoke_user(db, a, user_id, "账号被锁定", err);
	snprintf(obj, sizeof(obj), "user:%" PRId64, user_id);
	if (!rc)
		rc = fz_org_audit(db, a, locked ? "user.lock" : "user.unlock", obj,
				  NULL, 1, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

/* --- lookups built on fz_org_units_each --- */

struct first_ctx {
	const char *code, *suffix;
	struct fz_unit_info *out;
};

static int first_cb(const struct fz_unit_info *u, void *arg)
{
	struct first_ctx *c = arg;
	size_t nl = strlen(u->name), sl = c->suffix ? strlen(c->suffix) : 0;

	if (c->code && strcmp(u->code, c->code))
		return 0;
	if (sl > nl || (sl && strcmp(u->name + nl - sl, c->suffix)))
		return 0;
	*c->out = *u;
	return 1;
}

int fz_org_unit_first(struct fz_store *db, const char *kind, const char *code,
		      const char *suffix, struct fz_unit_info *out,
		      struct fz_err *err)
{
	struct first_ctx c = { code, suffix, out };
	int rc = fz_org_units_each(db, kind, suffix, first_cb, &c, err);

	if (rc == 1)
		return 0;
	memset(out, 0, sizeof(*out));
	return rc ? rc : fz_err_set(err, FZ_ENOTFOUND, "unit", "找不到单位：%s",
				    suffix ? suffix : code ? code : kind ? kind : "");
}

struct ids_ctx {
	int64_t *ids;
	size_t max, *n;
};

static int ids_cb(const struct fz_unit_info *u, void *arg)
{
	struct ids_ctx *c = arg;

	if (*c->n >= c->max)
		return 1;
	c->ids[(*c->n)++] = u->id;
	return 0;
}

int fz_org_unit_ids(struct fz_store *db, const char *kind, int64_t *ids,
		    size_t max, size_t *n, struct fz_err *err)
{
	struct ids_ctx c = { ids, max, n };
	int rc;

	*n = 0;
	rc = fz_org_units_each(db, kind, NULL, ids_cb, &c, err);
	return rc == 1 ? 0 : rc;
}

/* ---- audit words (engine/audit.h) ---- */

/* The text column of the one row sql (one "?" for id or text arg) into
 * out: 0, or -1 when there is none. */
static int one_text(struct fz_store *db, const char *sql, const char *types,
		    int64_t id, const char *arg, char *out, size_t n)
{
	struct fz_stmt *st;
	int rc = types[0] == 'I' ? fz_store_query(db, &st, NULL, sql, types, id)
				 : fz_store_query(db, &st, NULL, sql, types, arg);

	if (rc)
		return -1;
	rc = fz_stmt_step(st, NULL);
	if (rc == 1)
		snprintf(out, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc == 1 ? 0 : -1;
}

int fz_org_audit_name_user(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n)
{
	return one_text(db, "SELECT name FROM users WHERE id = ?", "I", id, NULL,
			obj, n);
}

int fz_org_audit_name_unit(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n)
{
	return fz_org_unit_name(db, id, obj, n)[0] ? 0 : -1;
}

int fz_org_audit_name_token(struct fz_store *db, int64_t id, const char *action,
			    char *obj, char *act, size_t n)
{
	char name[160];

	if (one_text(db, "SELECT name FROM api_tokens WHERE id = ?", "I", id,
		     NULL, name, sizeof(name)))
		return -1;
	snprintf(obj, n, "接口令牌“%s”", name);
	return 0;
}

void fz_org_actor_name(struct fz_store *db, const char *login, char *out,
		       size_t n)
{
	static const struct { const char *login, *name; } fixed[] = {
		{ "system", "系统" }, { "demo", "演示数据" }, { "public", "公众" },
		{ "", "匿名" },
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(login, fixed[i].login)) {
			snprintf(out, n, "%s", fixed[i].name);
			return;
		}
	if (one_text(db, "SELECT name FROM users WHERE login = ?", "t", 0, login,
		     out, n))
		snprintf(out, n, "登录名“%s”（无此账号）", login);
}
