/* token.c - bearer tokens: create, list, revoke (see token.h). */
#include "domain/org/token.h"

#include "core/clock.h"
#include "core/utf8.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The owner's role, login and lock state. */
struct owner {
	int role;
	int locked;
	char login[64];
};

static int owner_get(struct fz_store *db, int64_t id, struct owner *o,
		     struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT role, admin_locked, login FROM users WHERE id = ?", "I", id);

	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		o->role = fz_role_from_key(fz_stmt_text(st, 0));
		o->locked = (int)fz_stmt_int(st, 1);
		snprintf(o->login, sizeof(o->login), "%s", fz_stmt_text(st, 2));
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "user_id", "令牌所属用户不存在");
	return rc < 0 ? rc : 0;
}

/* Everything a creation is checked for, before anything is written. */
static int check_new(const struct fz_actor *a, const struct fz_token_new *t,
		     const struct owner *o, struct fz_err *err)
{
	const struct fz_user *by = a ? a->user : NULL;
	size_t chars = t->name ? fz_utf8_chars(t->name) : 0;

	if (by && by->via_token)
		return fz_err_set(err, FZ_ETOKEN, NULL,
				  "接口令牌不能创建令牌，请登录后创建");
	if (by && !(by->role & FZ_ROLE_SECADMIN) && by->id != t->user_id)
		return fz_err_set(err, FZ_EFORBID, "user_id",
				  "只能为自己创建令牌");
	/* A token for another administrator would let the security
	 * administrator act as that one (三员分立). */
	if (by && by->id != t->user_id && (o->role & FZ_ROLES_ADMINS))
		return fz_err_set(err, FZ_EFORBID, "user_id",
				  "不能为系统管理员、安全管理员或审计管理员创建令牌");
	if (!t->name || chars < 1 || chars > 32)
		return fz_err_set(err, FZ_EINVAL, "name", "请填写令牌用途（1–32 个字）");
	if (t->days < 0 || t->days > FZ_TOKEN_DAYS_MAX)
		return fz_err_set(err, FZ_EINVAL, "expires_days",
				  "有效期为 1–%d 天", FZ_TOKEN_DAYS_MAX);
	if (t->roles & ~o->role)
		return fz_err_set(err, FZ_EINVAL, "roles",
				  "令牌的角色不能超出所属用户的角色（%s）",
				  fz_role_name(o->role));
	if (o->locked)
		return fz_err_set(err, FZ_ESTATE, "user_id",
				  "该用户已被锁定，不能为其创建令牌");
	return 0;
}

int fz_token_create(struct fz_store *db, const struct fz_actor *a,
		    const struct fz_token_new *t, int64_t *id, char *token,
		    struct fz_err *err)
{
	char h[FZ_SM3_HEX_LEN + 1], at[FZ_ISO_LEN], obj[48], detail[200];
	int days = t->days ? t->days : FZ_TOKEN_DAYS_DEFAULT;
	struct owner o;
	int rc;

	if ((rc = owner_get(db, t->user_id, &o, err)) ||
	    (rc = check_new(a, t, &o, err)))
		return rc;
	fz_token_new(token);
	fz_sm3_hex(token, strlen(token), h);
	fz_now_iso(at);
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = fz_store_run(db, err,
		"INSERT INTO api_tokens (name, token_hash, user_id, created_by,"
		" created_at, roles, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		"ttIItiI", t->name, h, t->user_id,
		a && a->user ? a->user->id : (int64_t)0, at,
		t->roles ? t->roles : o.role, fz_now() + (int64_t)days * 86400);
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(obj, sizeof(obj), "token:%" PRId64, *id);
		snprintf(detail, sizeof(detail), "%s；所属用户 %s；有效期 %d 天",
			 t->name, o.login, days);
		rc = fz_org_audit(db, a, "token.create", obj, detail, 1, err);
	}
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

#define INFO_COLS \
	"t.id, t.name, t.user_id, u.login, u.name, t.roles, t.created_at," \
	" t.expires_at, t.last_used_at, t.last_used_ip, t.revoked," \
	" t.revoked_at, t.revoke_reason"

static void info_of(struct fz_stmt *st, struct fz_token_info *t)
{
	t->id = fz_stmt_int(st, 0);
	t->name = fz_stmt_text(st, 1);
	t->user_id = fz_stmt_int(st, 2);
	t->login = fz_stmt_text(st, 3);
	t->user_name = fz_stmt_text(st, 4);
	t->roles = (int)fz_stmt_int(st, 5);
	t->created_at = fz_stmt_text(st, 6);
	t->expires_at = fz_stmt_int(st, 7);
	t->last_used_at = fz_stmt_int(st, 8);
	t->last_used_ip = fz_stmt_text(st, 9);
	t->revoked = (int)fz_stmt_int(st, 10);
	t->revoked_at = fz_stmt_text(st, 11);
	t->revoke_reason = fz_stmt_text(st, 12);
}

int fz_token_each(struct fz_store *db, int64_t owner, int64_t offset,
		  int64_t limit, int64_t *total,
		  int (*fn)(const struct fz_token_info *t, void *arg), void *arg,
		  struct fz_err *err)
{
	struct fz_token_info t;
	struct fz_stmt *st;
	int stop = 0, rc;

	*total = 0;
	rc = fz_store_int(db, total, err,
		"SELECT count(*) FROM api_tokens WHERE ? = 0 OR user_id = ?",
		"II", owner, owner);
	if (rc < 0)
		return rc;
	rc = fz_store_query(db, &st, err,
		"SELECT " INFO_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE ? = 0 OR t.user_id = ? ORDER BY t.id DESC LIMIT ? OFFSET ?",
		"IIII", owner, owner, limit, offset);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		info_of(st, &t);
		if ((stop = fn(&t, arg)))
			break;
	}
	fz_stmt_finish(st);
	return stop ? stop : rc < 0 ? rc : 0;
}

/* Mark revoked the tokens the WHERE clause picks (one id, or one owner's
 * live ones); *n gets how many. */
static int mark_revoked(struct fz_store *db, const char *where, int64_t arg,
			const char *why, int *n, struct fz_err *err)
{
	char at[FZ_ISO_LEN], sql[256];
	int rc;

	fz_now_iso(at);
	snprintf(sql, sizeof(sql),
		 "UPDATE api_tokens SET revoked = 1, revoked_at = ?,"
		 " revoke_reason = ? WHERE revoked = 0 AND %s", where);
	rc = fz_store_run(db, err, sql, "ttI", at, why, arg);
	*n = rc ? 0 : fz_store_changes(db);
	return rc;
}

int fz_token_revoke(struct fz_store *db, const struct fz_actor *a,
		    int64_t id, int64_t owner, struct fz_err *err)
{
	int64_t who = 0;
	char obj[48];
	int n = 0, rc = fz_token_owner(db, id, &who, err);

	if (rc < 0)
		return rc;
	if (rc == 0 || (owner && who != owner))
		return fz_err_set(err, FZ_ENOTFOUND, "id", "令牌不存在");
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = mark_revoked(db, "id = ?", id, "手动撤销", &n, err);
	if (!rc && n == 0)
		rc = fz_err_set(err, FZ_ESTATE, "id", "该令牌已撤销");
	snprintf(obj, sizeof(obj), "token:%" PRId64, id);
	if (!rc)
		rc = fz_org_audit(db, a, "token.revoke", obj, "手动撤销", 1, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_token_revoke_user(struct fz_store *db, const struct fz_actor *a,
			 int64_t user_id, const char *why, struct fz_err *err)
{
	char obj[48], detail[160];
	int n = 0;
	int rc = mark_revoked(db, "user_id = ?", user_id, why, &n, err);

	if (rc || n == 0)
		return rc;
	snprintf(obj, sizeof(obj), "user:%" PRId64, user_id);
	snprintf(detail, sizeof(detail), "%s，撤销其 %d 个接口令牌", why, n);
	return fz_org_audit(db, a, "token.revoke_all", obj, detail, 1, err);
}

int fz_token_owner(struct fz_store *db, int64_t id, int64_t *owner,
		   struct fz_err *err)
{
	return fz_store_int(db, owner, err,
		"SELECT user_id FROM api_tokens WHERE id = ?", "I", id);
}

int fz_token_unit_path(struct fz_store *db, int64_t id, char *path, size_t n,
		       struct fz_err *err)
{
	int64_t unit = 0;
	int rc = fz_store_int(db, &unit, err,
		"SELECT u.unit_id FROM api_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.id = ?", "I", id);

	return rc <= 0 ? rc : fz_org_unit_path(db, unit, path, n, err);
}
