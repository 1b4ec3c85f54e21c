/* audit.c - append-only audit log with an SM3 hash chain (see audit.h).
 *
 * Chain rule: hash(n) = SM3(hash(n-1) ‖ fields of n), hex-encoded, where
 * each field is written as "<byte length>:<bytes>;" so no two different
 * entries serialise alike.  hash(0) is 64 zeros.  GB/T 22239-2019
 * 8.1.4.3 c asks that audit records be protected against modification and
 * deletion (shared/reference/crypto.md §5). */
#include "engine/audit.h"

#include "core/buf.h"
#include "core/clock.h"
#include "crypto/sm.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

const struct fz_migration fz_audit_migrations[] = {
	{ "audit", 1,
	  "CREATE TABLE audit_log ("
	  " seq INTEGER PRIMARY KEY,"
	  " at TEXT NOT NULL,"
	  " actor_id INTEGER NOT NULL,"
	  " actor TEXT NOT NULL,"
	  " unit_id INTEGER NOT NULL,"
	  " action TEXT NOT NULL,"
	  " object TEXT NOT NULL,"
	  " detail TEXT NOT NULL,"
	  " ip TEXT NOT NULL,"
	  " ok INTEGER NOT NULL,"
	  " prev_hash TEXT NOT NULL,"
	  " hash TEXT NOT NULL);"
	  "CREATE INDEX audit_log_action ON audit_log(action);"
	  "CREATE TABLE audit_head ("
	  " id INTEGER PRIMARY KEY CHECK (id = 1),"
	  " seq INTEGER NOT NULL,"
	  " hash TEXT NOT NULL);"
	  "INSERT INTO audit_head VALUES (1, 0, '" ZERO_HASH "')" },
	{ NULL, 0, NULL }
};

struct row {
	int64_t seq;
	const char *at;
	int64_t actor_id;
	const char *actor;
	int64_t unit_id;
	const char *action, *object, *detail, *ip;
	int64_t ok;
};

static void field(struct fz_buf *b, const char *s)
{
	fz_buf_addf(b, "%zu:", strlen(s));
	fz_buf_adds(b, s);
	fz_buf_addch(b, ';');
}

static void field_int(struct fz_buf *b, int64_t v)
{
	char t[32];
	snprintf(t, sizeof(t), "%" PRId64, v);
	field(b, t);
}

static int chain_hash(const char *prev, const struct row *r, char out[65])
{
	struct fz_buf b = FZ_BUF_INIT;
	int rc;

	fz_buf_adds(&b, prev);
	field_int(&b, r->seq);
	field(&b, r->at);
	field_int(&b, r->actor_id);
	field(&b, r->actor);
	field_int(&b, r->unit_id);
	field(&b, r->action);
	field(&b, r->object);
	field(&b, r->detail);
	field(&b, r->ip);
	field_int(&b, r->ok);
	rc = b.err;
	if (!rc)
		fz_sm3_hex(b.data, b.len, out);
	fz_buf_release(&b);
	return rc;
}

int fz_audit_append(struct fz_store *db, const struct fz_audit_entry *e,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	char prev[65], hash[65], at[FZ_ISO_LEN];
	struct row r;
	int rc;

	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "审计记录必须在事务中写入");
	rc = fz_store_query(db, &st, err,
			    "SELECT seq, hash FROM audit_head WHERE id = 1", "");
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		r.seq = fz_stmt_int(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", fz_stmt_text(st, 1));
	}
	fz_stmt_finish(st);
	if (rc != 1)
		return rc < 0 ? rc : fz_err_set(err, FZ_EIO, NULL, "审计链头缺失");

	fz_now_iso(at);
	r.at = at;
	r.actor_id = e->actor_id;
	r.actor = e->actor ? e->actor : "";
	r.unit_id = e->unit_id;
	r.action = e->action;
	r.object = e->object ? e->object : "";
	r.detail = e->detail ? e->detail : "";
	r.ip = e->ip ? e->ip : "";
	r.ok = e->ok ? 1 : 0;
	if (chain_hash(prev, &r, hash))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = fz_store_run(db, err,
		"INSERT INTO audit_log (seq, at, actor_id, actor, unit_id, action,"
		" object, detail, ip, ok, prev_hash, hash)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
		"ItItIttttItt", r.seq, r.at, r.actor_id, r.actor, r.unit_id,
		r.action, r.object, r.detail, r.ip, r.ok, prev, hash);
	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
			"It", r.seq, hash);
	return rc;
}

static int broken(struct fz_err *err, int64_t *bad_seq, int64_t seq,
		  const char *why)
{
	*bad_seq = seq;
	return fz_err_set(err, FZ_ECONFLICT, NULL, "审计日志第 %" PRId64
			  " 条校验失败：%s", seq, why);
}

int fz_audit_verify(struct fz_store *db, int64_t *count, int64_t *bad_seq,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	char prev[65] = ZERO_HASH, hash[65];
	int64_t expect = 1, head_seq = -1;
	char head_hash[65] = "";
	int rc;

	*count = 0;
	*bad_seq = 0;
	rc = fz_store_query(db, &st, err,
		"SELECT seq, at, actor_id, actor, unit_id, action, object, detail,"
		" ip, ok, prev_hash, hash FROM audit_log ORDER BY seq", "");
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		struct row r = {
			fz_stmt_int(st, 0), fz_stmt_text(st, 1),
			fz_stmt_int(st, 2), fz_stmt_text(st, 3),
			fz_stmt_int(st, 4), fz_stmt_text(st, 5),
			fz_stmt_text(st, 6), fz_stmt_text(st, 7),
			fz_stmt_text(st, 8), fz_stmt_int(st, 9)
		};
		if (r.seq != expect) {
			fz_stmt_finish(st);
			return broken(err, bad_seq, expect,
				      "记录缺失（被删除）");
		}
		if (strcmp(fz_stmt_text(st, 10), prev)) {
			fz_stmt_finish(st);
			return broken(err, bad_seq, r.seq,
				      "与前一条记录的链接不符（前一条被修改或删除）");
		}
		if (chain_hash(prev, &r, hash)) {
			fz_stmt_finish(st);
			return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		}
		if (strcmp(fz_stmt_text(st, 11), hash)) {
			fz_stmt_finish(st);
			return broken(err, bad_seq, r.seq, "内容与哈希不符（被修改）");
		}
		memcpy(prev, hash, sizeof(prev));
		expect++;
		(*count)++;
	}
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	rc = fz_store_query(db, &st, err,
			    "SELECT seq, hash FROM audit_head WHERE id = 1", "");
	if (rc)
		return rc;
	if (fz_stmt_step(st, err) == 1) {
		head_seq = fz_stmt_int(st, 0);
		snprintf(head_hash, sizeof(head_hash), "%s", fz_stmt_text(st, 1));
	}
	fz_stmt_finish(st);
	if (head_seq != *count || strcmp(head_hash, prev))
		return broken(err, bad_seq, *count + 1,
			      "链尾记录缺失或链头被改动");
	return 0;
}

int fz_audit_page(struct fz_store *db, const char *action, const char *actor,
		  int64_t offset, int64_t limit, int64_t *total,
		  int (*fn)(const struct fz_audit_row *r, void *arg), void *arg,
		  struct fz_err *err)
{
	struct fz_audit_row r;
	struct fz_stmt *st;
	int stop = 0, rc;

	/* "" is "any", as NULL: a blank filter in a form filters nothing */
	action = action && *action ? action : NULL;
	actor = actor && *actor ? actor : NULL;
	*total = 0;
	rc = fz_store_int(db, total, err,
		"SELECT count(*) FROM audit_log WHERE (? IS NULL OR action = ?)"
		" AND (? IS NULL OR actor = ?)", "tttt", action, action, actor, actor);
	if (rc < 0)
		return rc;
	rc = fz_store_query(db, &st, err,
		"SELECT seq, at, actor_id, actor, unit_id, action, object, detail,"
		" ip, ok FROM audit_log WHERE (? IS NULL OR action = ?)"
		" AND (? IS NULL OR actor = ?) ORDER BY seq DESC LIMIT ? OFFSET ?",
		"ttttII", action, action, actor, actor, limit, offset);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		r.seq = fz_stmt_int(st, 0);
		r.at = fz_stmt_text(st, 1);
		r.e.actor_id = fz_stmt_int(st, 2);
		r.e.actor = fz_stmt_text(st, 3);
		r.e.unit_id = fz_stmt_int(st, 4);
		r.e.action = fz_stmt_text(st, 5);
		r.e.object = fz_stmt_text(st, 6);
		r.e.detail = fz_stmt_text(st, 7);
		r.e.ip = fz_stmt_text(st, 8);
		r.e.ok = (int)fz_stmt_int(st, 9);
		if ((stop = fn(&r, arg)))
			break;
	}
	fz_stmt_finish(st);
	return stop ? stop : rc < 0 ? rc : 0;
}
