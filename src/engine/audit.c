/* audit.c - append-only audit log with a keyed hash chain (see audit.h).
 *
 * Chain rule: mac(n) = HMAC-SM3(K, mac(n-1) ‖ fields of n), hex-encoded,
 * where each field is written as "<byte length>:<bytes>;" so no two
 * different entries serialise alike, and mac(0) is 64 zeros.  K is derived
 * from the district key file (fz_audit_use_keys), never stored in the
 * database: someone who can write the database file but not read the key
 * file cannot recompute the chain after deleting or editing rows.
 * GB/T 22239-2019 8.1.4.3 c asks that audit records be protected against
 * modification and deletion; GB/T 39786-2021 8.4 g) suggests HMAC-SM3 for
 * the integrity of important stored data (shared/reference/crypto.md).
 *
 * Databases written before the key existed carry a plain chain,
 * hash(n) = SM3(hash(n-1) ‖ fields of n), marked alg = 'sm3' in the head
 * row.  fz_audit_upgrade verifies such a chain once and re-keys it. */
#include "engine/audit.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "crypto/key.h"
#include "crypto/sm.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
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
	/* alg: 'sm3' (a plain chain of an older version, until
	 * fz_audit_upgrade re-keys it) or 'hmac-sm3'; key_id: the public
	 * fingerprint of the key file that keyed it, so a wrong key file is
	 * named as such instead of as tampering. */
	{ "audit", 2,
	  "ALTER TABLE audit_head ADD COLUMN alg TEXT NOT NULL DEFAULT 'sm3';"
	  "ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT ''" },
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

/* The process's chain key.  One fazhi process serves one district with one
 * key file, and every module appends through fz_audit_append(db, e, err),
 * so the key is set once, before any thread starts (fz_audit_use_keys),
 * and only read afterwards. */
static unsigned char chain_key[FZ_SM3_LEN];
static char chain_key_id[FZ_KEYS_ID_HEX_LEN + 1];
static int have_key;

#define ALG_PLAIN "sm3"
#define ALG_KEYED "hmac-sm3"
#define LABEL_CHAIN "audit-chain/hmac-sm3/v1"

int fz_audit_use_keys(const struct fz_keys *k, struct fz_err *err)
{
	fz_memzero(chain_key, sizeof(chain_key));
	chain_key_id[0] = '\0';
	have_key = 0;
	if (!k)
		return 0;
	if (fz_keys_derive(k, LABEL_CHAIN, chain_key) ||
	    fz_keys_id(k, chain_key_id))
		return fz_err_set(err, FZ_EINTERNAL, NULL, "无法派生审计密钥");
	have_key = 1;
	return 0;
}

/* The head row: next sequence number comes after *seq; alg and key_id. */
struct head {
	int64_t seq;
	char hash[65];
	char alg[16];
	char key_id[FZ_KEYS_ID_HEX_LEN + 1];
};

static int head_read(struct fz_store *db, struct head *h, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT seq, hash, alg, key_id FROM audit_head WHERE id = 1", "");

	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		h->seq = fz_stmt_int(st, 0);
		snprintf(h->hash, sizeof(h->hash), "%s", fz_stmt_text(st, 1));
		snprintf(h->alg, sizeof(h->alg), "%s", fz_stmt_text(st, 2));
		snprintf(h->key_id, sizeof(h->key_id), "%s", fz_stmt_text(st, 3));
	}
	fz_stmt_finish(st);
	if (rc != 1)
		return rc < 0 ? rc : fz_err_set(err, FZ_EIO, NULL, "审计链头缺失");
	return 0;
}

static int is_keyed(const struct head *h)
{
	return !strcmp(h->alg, ALG_KEYED);
}

/* A keyed chain needs this process's key, and the key file it was keyed
 * with: a different key file is named as such, not as tampering. */
static int key_fits(const struct head *h, struct fz_err *err)
{
	if (!have_key)
		return fz_err_set(err, FZ_ESTATE, "key_file",
			"未载入密钥文件：审计日志以 HMAC-SM3 密钥链保护，没有密钥文件无法写入或校验");
	if (h->key_id[0] && strcmp(h->key_id, chain_key_id))
		return fz_err_set(err, FZ_EINVAL, "key_file",
			"密钥文件与数据库不符（数据库的审计链由指纹为 %s 的密钥文件保护，当前密钥文件指纹为 %s）",
			h->key_id, chain_key_id);
	return 0;
}

static int chain_hash(int keyed, const char *prev, const struct row *r,
		      char out[65])
{
	struct fz_buf b = FZ_BUF_INIT;
	unsigned char mac[FZ_SM3_LEN];
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
	if (!rc && !keyed)
		rc = fz_sm3_hex(b.data, b.len, out);
	if (!rc && keyed) {
		rc = fz_hmac_sm3(chain_key, sizeof(chain_key), b.data, b.len, mac);
		for (int i = 0; !rc && i < FZ_SM3_LEN; i++)
			snprintf(out + 2 * i, 3, "%02x", mac[i]);
	}
	fz_buf_release(&b);
	return rc;
}

int fz_audit_append(struct fz_store *db, const struct fz_audit_entry *e,
		    struct fz_err *err)
{
	char hash[65], at[FZ_ISO_LEN];
	struct head h;
	struct row r;
	int rc;

	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "审计记录必须在事务中写入");
	if ((rc = head_read(db, &h, err)))
		return rc;
	if (is_keyed(&h) && (rc = key_fits(&h, err)))
		return rc;
	/* With a key loaded the chain was keyed when the database was
	 * opened (fz_audit_upgrade); a plain head now means someone
	 * downgraded it under us.  Extending it would bless the change. */
	if (!is_keyed(&h) && have_key)
		return fz_err_set(err, FZ_ECONFLICT, NULL,
			"审计链头被改为未加密钥的旧格式（数据库在运行中被改动），拒绝写入");
	fz_now_iso(at);
	r.seq = h.seq + 1;
	r.at = at;
	r.actor_id = e->actor_id;
	r.actor = e->actor ? e->actor : "";
	r.unit_id = e->unit_id;
	r.action = e->action;
	r.object = e->object ? e->object : "";
	r.detail = e->detail ? e->detail : "";
	r.ip = e->ip ? e->ip : "";
	r.ok = e->ok ? 1 : 0;
	if (chain_hash(is_keyed(&h), h.hash, &r, hash))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = fz_store_run(db, err,
		"INSERT INTO audit_log (seq, at, actor_id, actor, unit_id, action,"
		" object, detail, ip, ok, prev_hash, hash)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
		"ItItIttttItt", r.seq, r.at, r.actor_id, r.actor, r.unit_id,
		r.action, r.object, r.detail, r.ip, r.ok, h.hash, hash);
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

#define ROW_COLS "seq, at, actor_id, actor, unit_id, action, object, detail," \
		 " ip, ok, prev_hash, hash"

static void row_of(struct fz_stmt *st, struct row *r)
{
	r->seq = fz_stmt_int(st, 0);
	r->at = fz_stmt_text(st, 1);
	r->actor_id = fz_stmt_int(st, 2);
	r->actor = fz_stmt_text(st, 3);
	r->unit_id = fz_stmt_int(st, 4);
	r->action = fz_stmt_text(st, 5);
	r->object = fz_stmt_text(st, 6);
	r->detail = fz_stmt_text(st, 7);
	r->ip = fz_stmt_text(st, 8);
	r->ok = fz_stmt_int(st, 9);
}

/* Walk the chain as alg keyed says; the head must close it. */
static int walk(struct fz_store *db, int keyed, const struct head *h,
		int64_t *count, int64_t *bad_seq, struct fz_err *err)
{
	struct fz_stmt *st;
	char prev[65] = ZERO_HASH, hash[65];
	int64_t expect = 1;
	int rc;

	*count = 0;
	*bad_seq = 0;
	rc = fz_store_query(db, &st, err,
		"SELECT " ROW_COLS " FROM audit_log ORDER BY seq", "");
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		struct row r;
		const char *why = NULL;

		row_of(st, &r);
		if (r.seq != expect)
			why = "记录缺失（被删除）";
		else if (strcmp(fz_stmt_text(st, 10), prev))
			why = "与前一条记录的链接不符（前一条被修改或删除）";
		else if (chain_hash(keyed, prev, &r, hash)) {
			fz_stmt_finish(st);
			return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		} else if (strcmp(fz_stmt_text(st, 11), hash))
			why = keyed ? "内容与校验码不符（被修改，或在没有密钥的情况下重算）"
				    : "内容与哈希不符（被修改）";
		if (why) {
			fz_stmt_finish(st);
			return broken(err, bad_seq, expect, why);
		}
		memcpy(prev, hash, sizeof(prev));
		expect++;
		(*count)++;
	}
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	if (h->seq != *count || strcmp(h->hash, prev))
		return broken(err, bad_seq, *count + 1,
			      "链尾记录缺失或链头被改动");
	return 0;
}

int fz_audit_verify(struct fz_store *db, int64_t *count, int64_t *bad_seq,
		    struct fz_err *err)
{
	struct head h;
	int rc;

	*count = 0;
	*bad_seq = 0;
	if ((rc = head_read(db, &h, err)))
		return rc;
	if (is_keyed(&h) && (rc = key_fits(&h, err)))
		return rc;
	rc = walk(db, is_keyed(&h), &h, count, bad_seq, err);
	/* Whoever checks with the key wants proof, and a plain chain is none:
	 * anyone who can write the file could have recomputed it. */
	if (!rc && !is_keyed(&h) && have_key)
		rc = fz_err_set(err, FZ_ECONFLICT, NULL,
			"审计日志仍是旧版 SM3 哈希链（%" PRId64 " 条，未加密钥），"
			"无法证明未被删改重算；用本版本打开原数据库即迁移", *count);
	return rc;
}

int fz_audit_keyed(struct fz_store *db, struct fz_err *err)
{
	struct head h;
	int rc = head_read(db, &h, err);

	return rc ? rc : is_keyed(&h);
}

/* Recompute every entry's MAC in order, under the process key. */
static int rekey_rows(struct fz_store *db, int64_t n, char last[65],
		      struct fz_err *err)
{
	char prev[65] = ZERO_HASH, mac[65];
	int rc = 0;

	for (int64_t seq = 1; !rc && seq <= n; seq++) {
		struct fz_stmt *st;
		struct row r;

		rc = fz_store_query(db, &st, err,
			"SELECT " ROW_COLS " FROM audit_log WHERE seq = ?", "I", seq);
		if (rc)
			break;
		rc = fz_stmt_step(st, err);
		if (rc == 1) {
			row_of(st, &r);
			rc = chain_hash(1, prev, &r, mac) ? FZ_ENOMEM : 0;
		} else if (rc == 0) {
			rc = fz_err_set(err, FZ_EIO, NULL, "审计记录缺失");
		}
		fz_stmt_finish(st);
		if (!rc)
			rc = fz_store_run(db, err,
				"UPDATE audit_log SET prev_hash = ?, hash = ?"
				" WHERE seq = ?", "ttI", prev, mac, seq);
		memcpy(prev, mac, sizeof(prev));
	}
	memcpy(last, prev, 65);
	return rc;
}

/* The plain chain verified; key it and say so in the log itself. */
static int rekey(struct fz_store *db, int64_t n, struct fz_err *err)
{
	char last[65], detail[160];
	struct fz_audit_entry e = {
		.actor = "system", .action = "audit.rekey", .object = "",
		.detail = detail, .ip = "", .ok = 1,
	};
	int rc = rekey_rows(db, n, last, err);

	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE audit_head SET hash = ?, alg = '" ALG_KEYED "',"
			" key_id = ? WHERE id = 1", "tt", last, chain_key_id);
	snprintf(detail, sizeof(detail),
		 "旧版 SM3 哈希链 %" PRId64 " 条校验无误，已改为 HMAC-SM3 密钥链", n);
	if (!rc && n > 0)
		rc = fz_audit_append(db, &e, err);
	return rc;
}

int fz_audit_upgrade(struct fz_store *db, int *rekeyed, struct fz_err *err)
{
	struct fz_err why = FZ_ERR_INIT;
	int64_t n = 0, bad = 0;
	struct head h;
	int rc;

	*rekeyed = 0;
	memset(&h, 0, sizeof(h));
	if (!have_key)
		return key_fits(&h, err);
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = head_read(db, &h, err);
	if (!rc && is_keyed(&h)) {
		fz_store_rollback(db);
		return key_fits(&h, err);
	}
	if (!rc) {
		rc = walk(db, 0, &h, &n, &bad, &why);
		if (rc == FZ_ECONFLICT)
			rc = fz_err_set(err, FZ_ECONFLICT, NULL,
				"旧版审计链校验失败，拒绝改为密钥链（以免掩盖篡改）：%s", why.msg);
		else if (rc)
			*err = why;
	}
	if (!rc)
		rc = rekey(db, n, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc) {
		fz_store_rollback(db);
		return rc;
	}
	*rekeyed = n > 0 ? 1 : 0;
	return 0;
}

/* ---- anchors ------------------------------------------------------------ */

#define ANCHOR_WORD "fazhi-audit-anchor 1"

static void hex_of(const unsigned char *p, size_t n, struct fz_buf *out)
{
	for (size_t i = 0; i < n; i++)
		fz_buf_addf(out, "%02x", p[i]);
}

static int unhex(const char *hex, unsigned char *out, size_t max, size_t *n)
{
	size_t len = strlen(hex);

	if (len % 2 || len / 2 > max)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		unsigned v;
		if (!strchr("0123456789abcdef", hex[2 * i]) || !hex[2 * i] ||
		    !strchr("0123456789abcdef", hex[2 * i + 1]) || !hex[2 * i + 1] ||
		    sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	*n = len / 2;
	return 0;
}

/* The last entry's time, for the anchor line. */
static int last_at(struct fz_store *db, int64_t seq, char *at, size_t n,
		   struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT at FROM audit_log WHERE seq = ?", "I", seq);

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1)
		snprintf(at, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* Verify, record the anchoring, and read the head it leaves: one
 * transaction, so no other writer slips in between. */
static int anchor_head(struct fz_store *db, struct head *h, char *at,
		       size_t atn, struct fz_err *err)
{
	struct fz_audit_entry e = {
		.actor = "system", .action = "audit.anchor", .object = "",
		.detail = "审计链头已签名导出，供离线保存", .ip = "", .ok = 1,
	};
	int64_t n = 0, bad = 0;
	int rc = fz_store_begin(db, err);

	if (rc)
		return rc;
	rc = head_read(db, h, err);
	if (!rc && !is_keyed(h))
		rc = fz_err_set(err, FZ_ESTATE, NULL,
				"审计日志尚未改为密钥链，不能锚定");
	if (!rc)
		rc = fz_audit_verify(db, &n, &bad, err);
	if (!rc)
		rc = fz_audit_append(db, &e, err);
	if (!rc)
		rc = head_read(db, h, err);
	if (!rc)
		rc = last_at(db, h->seq, at, atn, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_audit_anchor(struct fz_store *db, const struct fz_keys *k,
		    struct fz_buf *line, struct fz_err *err)
{
	struct fz_buf sig = FZ_BUF_INIT;
	char at[FZ_ISO_LEN + 8] = "";
	size_t start = line->len;
	struct head h;
	int rc = anchor_head(db, &h, at, sizeof(at), err);

	if (rc)
		return rc;
	fz_buf_addf(line, ANCHOR_WORD " seq=%" PRId64 " at=%s head=%s key=%s",
		    h.seq, at, h.hash, h.key_id);
	rc = line->err ? FZ_ENOMEM : fz_sm2_sign(fz_keys_sm2(k), NULL,
		line->data + start, line->len - start, &sig, err);
	if (!rc) {
		fz_buf_adds(line, " sig=");
		hex_of((const unsigned char *)sig.data, sig.len, line);
		rc = line->err ? FZ_ENOMEM : 0;
	}
	fz_buf_release(&sig);
	return rc;
}

/* The fields of an anchor line; msg_len is the signed part's length. */
struct anchor {
	long long seq;
	char at[40], head[72], key[24], sig[300];
	size_t msg_len;
};

static int anchor_parse(const char *line, struct anchor *a)
{
	const char *cut = strstr(line, " sig=");
	char tail;

	if (strncmp(line, ANCHOR_WORD " ", strlen(ANCHOR_WORD) + 1) || !cut ||
	    sscanf(line, ANCHOR_WORD " seq=%lld at=%39s head=%71s key=%23s"
		   " sig=%299s%c", &a->seq, a->at, a->head, a->key, a->sig,
		   &tail) != 5)
		return -1;
	a->msg_len = (size_t)(cut - line);
	return a->seq > 0 && strlen(a->head) == 64 ? 0 : -1;
}

int fz_audit_anchor_check(struct fz_store *db, const struct fz_keys *k,
			  const char *line, int64_t *seq, struct fz_err *err)
{
	unsigned char der[150];
	struct fz_stmt *st;
	struct anchor a;
	size_t dl = 0;
	int rc;

	*seq = 0;
	if (anchor_parse(line, &a) || unhex(a.sig, der, sizeof(der), &dl))
		return fz_err_set(err, FZ_EINVAL, "anchor", "锚点格式不正确");
	*seq = a.seq;
	if (fz_sm2_verify(fz_keys_sm2(k), NULL, line, a.msg_len, der, dl, NULL))
		return fz_err_set(err, FZ_EINVAL, "anchor",
			"第 %lld 条的锚点签名无效（锚点被改动，或不是本区密钥签发的）",
			a.seq);
	rc = fz_store_query(db, &st, err,
		"SELECT hash, at FROM audit_log WHERE seq = ?", "I", (int64_t)a.seq);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1 && (strcmp(fz_stmt_text(st, 0), a.head) ||
			strcmp(fz_stmt_text(st, 1), a.at)))
		rc = 2;
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return fz_err_set(err, FZ_ECONFLICT, NULL,
			"锚定的第 %lld 条审计记录已不存在（%s 锚定之后，末尾的记录被删除）",
			a.seq, a.at);
	if (rc == 2)
		return fz_err_set(err, FZ_ECONFLICT, NULL,
			"审计日志第 %lld 条与 %s 的离线锚点不符：此前的记录被删除或改写",
			a.seq, a.at);
	return 0;
}

int fz_audit_page(struct fz_store *db, const char *action, const char *actor,
		  int64_t offset, int64_t limit, int64_t *total,
		  int (*fn)(const struct fz_audit_row *r, void *arg), void *arg,
		  struct fz_err *err)
{
	struct fz_audit_filter f = { action, actor, NULL, 0, 0 };
	return fz_audit_page_filtered(db, &f, offset, limit, total, fn, arg, err);
}

/* " AND actor_id IN (1,2,3)" for a filter that names actors (ids are
 * numbers, written as digits: nothing of the caller's text reaches the
 * SQL), "" for one that does not. */
static void actor_clause(const struct fz_audit_filter *f, char *out, size_t n)
{
	size_t o;

	out[0] = '\0';
	if (!f->only_ids)
		return;
	if (!f->n_actor_ids) {
		snprintf(out, n, " AND 0");
		return;
	}
	o = (size_t)snprintf(out, n, " AND actor_id IN (");
	for (size_t i = 0; i < f->n_actor_ids && o + 24 < n; i++)
		o += (size_t)snprintf(out + o, n - o, "%s%lld", i ? "," : "",
				      (long long)f->actor_ids[i]);
	snprintf(out + o, n - o, ")");
}

int fz_audit_page_filtered(struct fz_store *db, const struct fz_audit_filter *f,
			   int64_t offset, int64_t limit, int64_t *total,
			   int (*fn)(const struct fz_audit_row *r, void *arg),
			   void *arg, struct fz_err *err)
{
	struct fz_audit_row r;
	struct fz_stmt *st;
	char ids[FZ_AUDIT_MAX_ACTOR_IDS * 24 + 32], sql[FZ_AUDIT_MAX_ACTOR_IDS * 24 + 400];
	const char *action = f->action, *actor = f->actor;
	int stop = 0, rc;

	/* "" is "any", as NULL: a blank filter in a form filters nothing */
	action = action && *action ? action : NULL;
	actor = actor && *actor ? actor : NULL;
	actor_clause(f, ids, sizeof(ids));
	*total = 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE"
		 " (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?)%s", ids);
	rc = fz_store_int(db, total, err, sql, "tttt", action, action, actor,
			  actor);
	if (rc < 0)
		return rc;
	snprintf(sql, sizeof(sql),
		"SELECT seq, at, actor_id, actor, unit_id, action, object, detail,"
		" ip, ok FROM audit_log WHERE (? IS NULL OR action = ?)"
		" AND (? IS NULL OR actor = ?)%s ORDER BY seq DESC LIMIT ? OFFSET ?",
		ids);
	rc = fz_store_query(db, &st, err, sql,
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

/* ---- words for people ---- */

void fz_audit_words(struct fz_store *db, const struct fz_audit_namer *namers,
		    const char *object, const char *action, char *obj,
		    char *act, size_t n)
{
	const char *colon = strchr(object, ':');
	size_t klen = colon ? (size_t)(colon - object) : strlen(object);
	int64_t id = colon ? strtoll(colon + 1, NULL, 10) : 0;

	obj[0] = act[0] = '\0';
	for (const struct fz_audit_namer *m = namers; m && m->kind; m++) {
		if (strlen(m->kind) != klen || strncmp(m->kind, object, klen))
			continue;
		if (!m->name || m->name(db, id, action, obj, act, n) || !obj[0])
			snprintf(obj, n, "%s", m->label);
		return;
	}
}
