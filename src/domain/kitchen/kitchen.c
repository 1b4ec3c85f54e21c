/* kitchen.c - 阳光厨房: sites, camera sources, alerts and their handling
 * (kitchen.h, docs/kitchen.md). */
#include "domain/kitchen/kitchen.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"
#include "engine/audit.h"

const struct fz_migration fz_kitchen_migrations[] = {
	{ "kitchen", 1,
	  "CREATE TABLE kitchen_sites ("
	  " id INTEGER PRIMARY KEY,"
	  " name TEXT NOT NULL,"
	  " kind TEXT NOT NULL,"
	  " unit_id INTEGER NOT NULL,"
	  " unit_path TEXT NOT NULL,"
	  " address TEXT NOT NULL DEFAULT '',"
	  " diners INTEGER,"
	  " cameras INTEGER NOT NULL DEFAULT 0,"
	  " created_at TEXT NOT NULL,"
	  " UNIQUE (unit_id, name));"
	  "CREATE INDEX kitchen_sites_path ON kitchen_sites(unit_path);"
	  /* a camera system reporting for a site; only the token's hash */
	  "CREATE TABLE kitchen_sources ("
	  " id INTEGER PRIMARY KEY,"
	  " site_id INTEGER NOT NULL REFERENCES kitchen_sites(id),"
	  " name TEXT NOT NULL,"
	  " token_hash TEXT NOT NULL UNIQUE,"
	  " created_at TEXT NOT NULL,"
	  " revoked_at TEXT);"
	  "CREATE INDEX kitchen_sources_site ON kitchen_sources(site_id);"
	  /* instants are UTC ISO 8601 ("2026-12-08T02:03:04Z"): they sort as
	   * text, so "late" is due_at < now in SQL */
	  "CREATE TABLE kitchen_alerts ("
	  " id INTEGER PRIMARY KEY,"
	  " site_id INTEGER NOT NULL REFERENCES kitchen_sites(id),"
	  " unit_path TEXT NOT NULL,"
	  " source_id INTEGER NOT NULL REFERENCES kitchen_sources(id),"
	  " event_id TEXT NOT NULL,"
	  " type TEXT NOT NULL,"
	  " camera TEXT NOT NULL DEFAULT '',"
	  " occurred_at TEXT NOT NULL,"
	  " due_at TEXT NOT NULL,"
	  " digest TEXT NOT NULL,"
	  " received_at TEXT NOT NULL,"
	  " state TEXT NOT NULL DEFAULT 'open',"
	  " handled_at TEXT,"
	  " handled_by TEXT,"
	  " note TEXT,"
	  " UNIQUE (source_id, event_id));"
	  /* what waits, whole: a town's open and late alerts are counted and
	   * summed from the index alone (15,000 open alerts read row by row
	   * made a dashboard 190 ms at 5 million, bench/kitchen) */
	  "CREATE INDEX kitchen_alerts_open ON kitchen_alerts(state, unit_path, due_at, occurred_at);"
	  /* a town's lists count by state from the index alone: without
	   * state here, 300,000 rows of a town at 5 million alerts were read
	   * one by one (5 s a count, bench/kitchen) */
	  "CREATE INDEX kitchen_alerts_path ON kitchen_alerts(unit_path, state, occurred_at);"
	  "CREATE INDEX kitchen_alerts_site ON kitchen_alerts(site_id, occurred_at);"
	  "CREATE INDEX kitchen_alerts_time ON kitchen_alerts(occurred_at);"
	  /* the figures of a day (Beijing time) of a town by type, kept with
	   * every write: a year's dashboard over millions of alerts adds a
	   * few thousand rows instead of reading every alert */
	  "CREATE TABLE kitchen_daily ("
	  " unit_path TEXT NOT NULL,"
	  " day TEXT NOT NULL,"
	  " type TEXT NOT NULL,"
	  " alerts INTEGER NOT NULL DEFAULT 0,"
	  " handled INTEGER NOT NULL DEFAULT 0,"
	  " ontime INTEGER NOT NULL DEFAULT 0,"
	  " PRIMARY KEY (unit_path, day, type)) WITHOUT ROWID;"
	  "CREATE TABLE kitchen_photos ("
	  " alert_id INTEGER PRIMARY KEY REFERENCES kitchen_alerts(id),"
	  " mime TEXT NOT NULL,"
	  " size INTEGER NOT NULL,"
	  " sm3 TEXT NOT NULL,"
	  " data BLOB NOT NULL,"
	  " taken_at TEXT NOT NULL)" },
	{ NULL, 0, NULL }
};

/* Handling periods are the district's practice (本区阳光厨房处置规程), in
 * natural hours: a hygiene lapse is corrected on the spot, a rodent needs
 * trapping and sealing.  The basis is the duty each alert enforces. */
#define A33(n) "《中华人民共和国食品安全法》第三十三条第一款第" n "项"
const struct fz_kitchen_type fz_kitchen_types[] = {
	{ "no_mask", "未戴口罩", 2, A33("八") },
	{ "no_hat", "未戴工作帽", 2, A33("八") },
	{ "no_uniform", "未穿工作服", 2, A33("八") },
	{ "smoking", "后厨吸烟", 2, A33("八") },
	{ "phone", "操作时玩手机", 2, A33("八") },
	{ "uncovered_food", "食品未加盖", 2, A33("四") },
	{ "trash_open", "垃圾桶未加盖", 4, A33("二") },
	{ "rodent", "发现老鼠", 24, A33("二") },
	{ "stranger", "非工作人员进入后厨", 4, A33("一") },
	{ NULL, NULL, 0, NULL }
};

const struct fz_kitchen_type *fz_kitchen_type(const char *key)
{
	for (const struct fz_kitchen_type *t = fz_kitchen_types; key && t->key; t++)
		if (!strcmp(t->key, key))
			return t;
	return NULL;
}

static const char *const kinds[][2] = {
	{ "school", "学校食堂" }, { "nursery", "托幼机构食堂" },
	{ "elderly", "养老机构食堂" }, { "worksite", "建筑工地食堂" },
	{ "other", "其他集中用餐单位食堂" },
};

const char *fz_kitchen_kind_name(const char *key)
{
	for (size_t i = 0; key && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i][0], key))
			return kinds[i][1];
	return NULL;
}

/* ---- helpers ---- */

static int audit(struct fz_store *db, const struct fz_case_actor *a,
		 const char *verb, const char *what, int64_t id,
		 const char *detail, struct fz_err *err)
{
	char object[48];
	snprintf(object, sizeof(object), "%s:%" PRId64, what, id);
	return fz_casehttp_audit(db, a, verb, object, detail, err);
}

int fz_kitchen_site_path(struct fz_store *db, int64_t id, char *path, size_t n,
			 struct fz_err *err)
{
	return fz_casehttp_text_by_id(db, "SELECT unit_path FROM kitchen_sites WHERE id = ?", id,
		       path, n, err);
}

int fz_kitchen_alert_path(struct fz_store *db, int64_t id, char *path,
			  size_t n, struct fz_err *err)
{
	return fz_casehttp_text_by_id(db, "SELECT unit_path FROM kitchen_alerts WHERE id = ?", id,
		       path, n, err);
}

/* ---- sites and sources ---- */

static int check_site(struct fz_store *db, const struct fz_case_actor *a,
		      const struct fz_kitchen_site *s, struct fz_unit_info *town,
		      struct fz_err *err)
{
	int rc;

	if ((rc = fz_casehttp_text_ok(s->name, 2, 100, "name", "名称", err)))
		return rc;
	if (!fz_kitchen_kind_name(s->kind))
		return fz_err_set(err, FZ_EINVAL, "kind", "单位类别应为学校、托幼机构、养老机构、"
				  "建筑工地或其他集中用餐单位");
	if (s->address && (rc = fz_casehttp_text_ok(s->address, 0, 200, "address", "地址", err)))
		return rc;
	if (s->diners < -1 || s->diners > 100000)
		return fz_err_set(err, FZ_EINVAL, "diners", "就餐人数应为0至100000");
	if (s->cameras < 0 || s->cameras > 999)
		return fz_err_set(err, FZ_EINVAL, "cameras", "摄像头数应为0至999");
	return fz_casehttp_town(db, a, s->unit_id, town, err);
}

int fz_kitchen_site_add(struct fz_store *db, const struct fz_case_actor *a,
			const struct fz_kitchen_site *s, int64_t *idp,
			struct fz_err *err)
{
	struct fz_unit_info town;
	char now[FZ_ISO_LEN];
	int64_t id = 0, dup = 0;
	int own, rc = check_site(db, a, s, &town, err);

	if (rc || (rc = fz_store_start(db, &own, err)))
		return rc;
	rc = fz_store_int(db, &dup, err, "SELECT count(*) FROM kitchen_sites"
			  " WHERE unit_id = ? AND name = ?", "It", s->unit_id, s->name);
	rc = rc < 0 ? rc : 0;
	if (!rc && dup)
		rc = fz_err_set(err, FZ_ECONFLICT, "name", "本镇街已登记同名单位");
	fz_now_iso(now);
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO kitchen_sites (name, kind, unit_id,"
				  " unit_path, address, diners, cameras, created_at)"
				  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ttIttIIt", s->name,
				  s->kind, s->unit_id, town.path, s->address ? s->address : "",
				  s->diners, s->cameras, now);
	if (!rc) {
		id = fz_store_last_id(db);
		rc = audit(db, a, "kitchen.site_add", "kitchen_site", id, s->name, err);
	}
	if (!rc && idp)
		*idp = id;
	return fz_store_end(db, own, rc, err);
}

static int site_in_scope(struct fz_store *db, const struct fz_case_actor *a,
			 int64_t id, struct fz_err *err)
{
	char path[256];
	int rc = fz_kitchen_site_path(db, id, path, sizeof(path), err);
	if (rc < 0)
		return rc;
	if (rc == 0 || !fz_casehttp_in_scope(a, path))
		return fz_err_set(err, FZ_ENOTFOUND, NULL, "单位不存在");
	return 0;
}

static void token_hash(const char *token, char out[FZ_SM3_HEX_LEN + 1])
{
	fz_sm3_hex(token, strlen(token), out);
}

int fz_kitchen_source_add(struct fz_store *db, const struct fz_case_actor *a,
			  int64_t site, const char *name, int64_t *idp,
			  char token[FZ_KITCHEN_TOKEN_LEN], struct fz_err *err)
{
	unsigned char raw[32];
	char hash[FZ_SM3_HEX_LEN + 1], now[FZ_ISO_LEN];
	int own, rc = fz_casehttp_text_ok(name, 1, 50, "name", "接入名称", err);

	if (rc || (rc = site_in_scope(db, a, site, err)))
		return rc;
	fz_random_bytes(raw, sizeof(raw));
	memcpy(token, "fzk_", 4);
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(token + 4 + 2 * i, 3, "%02x", raw[i]);
	token_hash(token, hash);
	fz_now_iso(now);
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	rc = fz_store_run(db, err, "INSERT INTO kitchen_sources (site_id, name, token_hash,"
			  " created_at) VALUES (?, ?, ?, ?)", "Ittt", site, name, hash, now);
	if (!rc) {
		*idp = fz_store_last_id(db);
		rc = audit(db, a, "kitchen.source_add", "kitchen_site", site, name, err);
	}
	return fz_store_end(db, own, rc, err);
}

int fz_kitchen_source_revoke(struct fz_store *db,
			     const struct fz_case_actor *a, int64_t site,
			     int64_t sid, struct fz_err *err)
{
	struct fz_stmt *st;
	char now[FZ_ISO_LEN], name[160] = "";
	int own, revoked = 0, rc = site_in_scope(db, a, site, err);

	if (rc || (rc = fz_store_query(db, &st, err, "SELECT name, revoked_at IS NOT NULL"
				       " FROM kitchen_sources WHERE id = ? AND site_id = ?",
				       "II", sid, site)))
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		snprintf(name, sizeof(name), "%s", fz_stmt_text(st, 0));
		revoked = (int)fz_stmt_int(st, 1);
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "source", "接入不存在");
	if (rc < 0)
		return rc;
	if (revoked)
		return fz_err_set(err, FZ_ESTATE, "source", "该接入已停用");
	fz_now_iso(now);
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	rc = fz_store_run(db, err, "UPDATE kitchen_sources SET revoked_at = ? WHERE id = ?",
			  "tI", now, sid);
	if (!rc)
		rc = audit(db, a, "kitchen.source_revoke", "kitchen_site", site, name, err);
	return fz_store_end(db, own, rc, err);
}

/* ---- events ---- */

static int event_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return 0;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789._:-") == n;
}

static int check_event(const struct fz_kitchen_event *e, int64_t *t,
		       const struct fz_kitchen_type **type, struct fz_err *err)
{
	if (!event_id_ok(e->event_id))
		return fz_err_set(err, FZ_EINVAL, "event_id", "事件编号应为1至64个字母、数字或 . _ : -");
	if (!(*type = fz_kitchen_type(e->type)))
		return fz_err_set(err, FZ_EINVAL, "type", "预警类型不在目录中");
	if (fz_time_parse(e->time, t))
		return fz_err_set(err, FZ_EINVAL, "time", "事件时间应为带时区的 RFC 3339 时间，"
				  "如 2026-12-08T10:02:03+08:00");
	/* a camera's clock may run a little fast; an event from tomorrow is
	 * a wrong clock, not an alert */
	if (*t > fz_now() + 600)
		return fz_err_set(err, FZ_EINVAL, "time", "事件时间晚于当前时间");
	if (e->camera && fz_utf8_chars(e->camera) > 50)
		return fz_err_set(err, FZ_EINVAL, "camera", "摄像头名称应为0至50个字");
	return 0;
}

/* The active source of token: 1 found (src filled), 0 not. */
static int source_of(struct fz_store *db, const char *token,
		     struct fz_kitchen_source *src, struct fz_err *err)
{
	char hash[FZ_SM3_HEX_LEN + 1];
	struct fz_stmt *st;
	int rc;

	if (!token || strlen(token) != FZ_KITCHEN_TOKEN_LEN - 1 || strncmp(token, "fzk_", 4))
		return 0;
	token_hash(token, hash);
	rc = fz_store_query(db, &st, err, "SELECT o.id, o.site_id, s.unit_path FROM"
			    " kitchen_sources o JOIN kitchen_sites s ON s.id = o.site_id"
			    " WHERE o.token_hash = ? AND o.revoked_at IS NULL", "t", hash);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		src->id = fz_stmt_int(st, 0);
		src->site = fz_stmt_int(st, 1);
		snprintf(src->path, sizeof(src->path), "%s", fz_stmt_text(st, 2));
	}
	fz_stmt_finish(st);
	return rc;
}

int fz_kitchen_source_find(struct fz_store *db, const char *token,
			   const char *ip, struct fz_kitchen_source *src,
			   struct fz_err *err)
{
	struct fz_audit_entry e = {
		.actor = "", .action = "kitchen.event_refused", .object = "kitchen_events",
		.detail = "接入令牌无效或已停用", .ip = ip ? ip : "", .ok = 0,
	};
	struct fz_err e2 = FZ_ERR_INIT;
	int rc = source_of(db, token, src, err);

	if (rc)
		return rc < 0 ? rc : 0;
	if (!fz_store_begin(db, &e2)) {
		if (fz_audit_append(db, &e, &e2) || fz_store_commit(db, &e2))
			fz_store_rollback(db);
	}
	return fz_err_set(err, FZ_EAUTH, "token", "接入令牌无效或已停用");
}

void fz_kitchen_digest(const struct fz_kitchen_event *e, int64_t t, char *out)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "%s\n%" PRId64 "\n%s", e->type, t,
			 e->camera ? e->camera : "");
	fz_sm3_hex(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1, out);
}

int fz_kitchen_event_take(struct fz_store *db, const char *token,
			  const char *ip, const struct fz_kitchen_event *e,
			  int64_t *id, int *what, struct fz_err *err)
{
	struct fz_kitchen_source src;
	int rc = fz_kitchen_source_find(db, token, ip, &src, err);
	return rc ? rc : fz_kitchen_event_add(db, &src, e, id, what, err);
}

int fz_kitchen_event_add(struct fz_store *db, const struct fz_kitchen_source *src,
			 const struct fz_kitchen_event *e, int64_t *id, int *what,
			 struct fz_err *err)
{
	const struct fz_kitchen_type *type = NULL;
	char digest[FZ_SM3_HEX_LEN + 1], occurred[FZ_ISO_LEN], due[FZ_ISO_LEN],
		now[FZ_ISO_LEN];
	struct fz_stmt *st;
	int64_t t;
	int rc;

	if ((rc = check_event(e, &t, &type, err)))
		return rc;
	fz_kitchen_digest(e, t, digest);
	fz_time_iso(t, occurred);
	fz_time_iso(t + (int64_t)type->hours * 3600, due);
	fz_now_iso(now);
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = fz_store_query(db, &st, err, "SELECT id, digest FROM kitchen_alerts"
			    " WHERE source_id = ? AND event_id = ?", "It", src->id, e->event_id);
	if (!rc) {
		rc = fz_stmt_step(st, err);
		if (rc == 1) {
			*id = fz_stmt_int(st, 0);
			*what = FZ_KITCHEN_REPLAY;
			if (strcmp(fz_stmt_text(st, 1), digest))
				rc = fz_err_set(err, FZ_ECONFLICT, "event_id",
						"该事件编号已用于内容不同的另一事件");
		}
		fz_stmt_finish(st);
	}
	if (rc == 0) {
		rc = fz_store_run(db, err, "INSERT INTO kitchen_alerts (site_id, unit_path,"
				  " source_id, event_id, type, camera, occurred_at, due_at,"
				  " digest, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				  "ItIttttttt", src->site, src->path, src->id, e->event_id, type->key,
				  e->camera ? e->camera : "", occurred, due, digest, now);
		*id = fz_store_last_id(db);
		*what = FZ_KITCHEN_NEW;
		if (!rc)
			rc = fz_store_run(db, err, "INSERT INTO kitchen_daily (unit_path, day, type,"
					  " alerts) VALUES (?, date(?, '+8 hours'), ?, 1)"
					  " ON CONFLICT DO UPDATE SET alerts = alerts + 1", "ttt",
					  src->path, occurred, type->key);
	}
	if (rc == 1)
		rc = 0;
	if (rc) {
		fz_store_rollback(db);
		return rc;
	}
	return fz_store_commit(db, err);
}

int fz_kitchen_level(const char *occurred, const char *due, int64_t now)
{
	int64_t t0, t1;
	if (fz_time_parse(occurred, &t0) || fz_time_parse(due, &t1) ||
	    now <= t1)
		return 0;
	return now > t1 + (t1 - t0) ? 2 : 1;
}

/* ---- photos and handling ---- */

static const char *sniff(const void *data, size_t len)
{
	if (len > 3 && !memcmp(data, "\xFF\xD8\xFF", 3))
		return "image/jpeg";
	if (len > 8 && !memcmp(data, "\x89PNG\r\n\x1A\n", 8))
		return "image/png";
	return NULL;
}

/* The state of alert id: 1 with state filled, 0 none. */
static int alert_state(struct fz_store *db, int64_t id, char *state, size_t n,
		       struct fz_err *err)
{
	return fz_casehttp_text_by_id(db, "SELECT state FROM kitchen_alerts WHERE id = ?", id, state,
		       n, err);
}

int fz_kitchen_photo_put(struct fz_store *db, const struct fz_keys *keys,
			 const struct fz_case_actor *a, int64_t id,
			 const void *data, size_t len, struct fz_err *err)
{
	const char *mime = len ? sniff(data, len) : NULL;
	char state[16], sum[FZ_SM3_HEX_LEN + 1], now[FZ_ISO_LEN], detail[64];
	struct fz_buf enc = FZ_BUF_INIT;
	int own, rc;

	if (!len)
		return fz_err_set(err, FZ_EINVAL, "photo", "照片为空");
	if (len > FZ_KITCHEN_PHOTO_MAX)
		return fz_err_set(err, FZ_EINVAL, "photo", "照片不能超过8 MB");
	if (!mime)
		return fz_err_set(err, FZ_EINVAL, "photo", "照片应为JPEG或PNG图片");
	rc = alert_state(db, id, state, sizeof(state), err);
	if (rc <= 0)
		return rc ? rc : fz_err_set(err, FZ_ENOTFOUND, NULL, "预警不存在");
	if (strcmp(state, "open"))
		return fz_err_set(err, FZ_ESTATE, "photo", "预警已处置，照片不能再更换");
	fz_sm3_hex(data, len, sum);
	if ((rc = fz_sm4_seal_raw(keys, data, len, &enc, err)))
		return rc;
	fz_now_iso(now);
	snprintf(detail, sizeof(detail), "%zu 字节", len);
	if (!(rc = fz_store_start(db, &own, err))) {
		rc = fz_store_run(db, err, "INSERT OR REPLACE INTO kitchen_photos (alert_id, mime,"
				  " size, sm3, data, taken_at) VALUES (?, ?, ?, ?, ?, ?)",
				  "ItItbt", id, mime, (int64_t)len, sum, enc.data, enc.len, now);
		if (!rc)
			rc = audit(db, a, "kitchen.photo", "kitchen_alert", id, detail, err);
		rc = fz_store_end(db, own, rc, err);
	}
	fz_buf_release(&enc);
	return rc;
}

int fz_kitchen_photo_get(struct fz_store *db, const struct fz_keys *keys,
			 int64_t id, struct fz_buf *out, const char **mime,
			 struct fz_err *err)
{
	struct fz_stmt *st;
	char sum[FZ_SM3_HEX_LEN + 1], want[FZ_SM3_HEX_LEN + 1] = "";
	int rc = fz_store_query(db, &st, err, "SELECT mime, sm3, data FROM kitchen_photos"
				" WHERE alert_id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		size_t len;
		const void *blob = fz_stmt_blob(st, 2, &len);
		*mime = !strcmp(fz_stmt_text(st, 0), "image/png") ? "image/png" : "image/jpeg";
		snprintf(want, sizeof(want), "%s", fz_stmt_text(st, 1));
		rc = fz_sm4_open_raw(keys, blob, len, out, err);
	} else if (rc == 0) {
		rc = fz_err_set(err, FZ_ENOTFOUND, "photo", "该预警没有处置照片");
	}
	fz_stmt_finish(st);
	if (rc)
		return rc;
	fz_sm3_hex(out->data, out->len, sum);
	if (strcmp(sum, want))
		return fz_err_set(err, FZ_EINTERNAL, "photo", "照片校验不符");
	return 0;
}

int fz_kitchen_handle(struct fz_store *db, const struct fz_case_actor *a,
		      int64_t id, const char *outcome, const char *note,
		      struct fz_err *err)
{
	char state[16], now[FZ_ISO_LEN];
	int64_t photos = 0;
	int own, rc;

	if (!outcome || (strcmp(outcome, "rectified") && strcmp(outcome, "false_alarm")))
		return fz_err_set(err, FZ_EINVAL, "outcome", "处置结果应为已整改或误报");
	if ((rc = fz_casehttp_text_ok(note, 5, 500, "note", "处置说明", err)))
		return rc;
	rc = alert_state(db, id, state, sizeof(state), err);
	if (rc <= 0)
		return rc ? rc : fz_err_set(err, FZ_ENOTFOUND, NULL, "预警不存在");
	if (strcmp(state, "open"))
		return fz_err_set(err, FZ_ESTATE, NULL, "预警已处置");
	if ((rc = fz_store_int(db, &photos, err, "SELECT count(*) FROM kitchen_photos"
			       " WHERE alert_id = ?", "I", id)) < 0)
		return rc;
	if (!photos)
		return fz_err_set(err, FZ_EINVAL, "photo", "请先上传整改后的现场照片");
	fz_now_iso(now);
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	rc = fz_store_run(db, err, "UPDATE kitchen_alerts SET state = ?, handled_at = ?,"
			  " handled_by = ?, note = ? WHERE id = ? AND state = 'open'", "tttt" "I",
			  !strcmp(outcome, "rectified") ? "handled" : "false", now,
			  a->login ? a->login : "", note, id);
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE kitchen_daily SET handled = handled + 1,"
				  " ontime = ontime + (SELECT handled_at <= due_at FROM kitchen_alerts"
				  " WHERE id = ?1) WHERE (unit_path, day, type) = (SELECT unit_path,"
				  " date(occurred_at, '+8 hours'), type FROM kitchen_alerts WHERE id = ?1)",
				  "I", id);
	if (!rc)
		rc = audit(db, a, "kitchen.handle", "kitchen_alert", id,
			   !strcmp(outcome, "rectified") ? "已整改" : "误报", err);
	return fz_store_end(db, own, rc, err);
}

int fz_kitchen_recount(struct fz_store *db, int64_t *alerts, struct fz_err *err)
{
	int own, rc = fz_store_start(db, &own, err);
	if (rc)
		return rc;
	if (alerts && fz_store_int(db, alerts, err, "SELECT count(*) FROM kitchen_alerts", "") < 0)
		return fz_store_end(db, own, err->code, err);
	rc = fz_store_run(db, err, "DELETE FROM kitchen_daily", "");
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO kitchen_daily (unit_path, day, type,"
				  " alerts, handled, ontime) SELECT unit_path, date(occurred_at,"
				  " '+8 hours'), type, count(*), sum(state <> 'open'), sum(state <> 'open'"
				  " AND coalesce(handled_at <= due_at, 0)) FROM kitchen_alerts GROUP BY 1, 2, 3", "");
	return fz_store_end(db, own, rc, err);
}

/* ---- reading ---- */

static const char *state_name(const char *s)
{
	return !strcmp(s, "handled") ? "已整改" : !strcmp(s, "false") ? "误报" : "待处置";
}

int fz_kitchen_alert_json(struct fz_store *db, int64_t id, json_t **out,
			  struct fz_err *err)
{
	struct fz_stmt *st;
	char town[128];
	int rc = fz_store_query(db, &st, err,
		"SELECT a.id, a.type, a.camera, a.occurred_at, a.due_at, a.received_at,"
		" a.state, COALESCE(a.handled_at, ''), COALESCE(a.handled_by, ''),"
		" COALESCE(a.note, ''), s.id, s.name, s.kind, s.unit_id, o.name,"
		" (SELECT count(*) FROM kitchen_photos p WHERE p.alert_id = a.id)"
		" FROM kitchen_alerts a JOIN kitchen_sites s ON s.id = a.site_id"
		" JOIN kitchen_sources o ON o.id = a.source_id WHERE a.id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		const struct fz_kitchen_type *t = fz_kitchen_type(fz_stmt_text(st, 1));
		const char *state = fz_stmt_text(st, 6);
		int open = !strcmp(state, "open");
		const char *handled = fz_stmt_text(st, 7), *due = fz_stmt_text(st, 4);
		int level = open ? fz_kitchen_level(fz_stmt_text(st, 3), due, fz_now()) : 0;
		*out = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,"
				 "s:b,s:{s:I,s:s,s:s,s:s},s:s,s:b,s:i}",
			"id", (json_int_t)fz_stmt_int(st, 0), "type", t ? t->key : "",
			"type_name", t ? t->name : "", "basis", t ? t->basis : "",
			"camera", fz_stmt_text(st, 2), "occurred_at", fz_stmt_text(st, 3),
			"due_at", due, "received_at", fz_stmt_text(st, 5), "state", state,
			"state_name", state_name(state), "handled_at", handled,
			"note", fz_stmt_text(st, 9), "level", level,
			"late", open ? level > 0 : strcmp(handled, due) > 0,
			"site", "id", (json_int_t)fz_stmt_int(st, 10), "name", fz_stmt_text(st, 11),
			"kind_name", fz_kitchen_kind_name(fz_stmt_text(st, 12)) ?
				fz_kitchen_kind_name(fz_stmt_text(st, 12)) : "",
			"town", fz_org_unit_name(db, fz_stmt_int(st, 13), town, sizeof(town)),
			"source", fz_stmt_text(st, 14), "photo", fz_stmt_int(st, 15) > 0,
			"hours", t ? t->hours : 0);
		char who[128] = "";
		if (*fz_stmt_text(st, 8))
			fz_org_actor_name(db, fz_stmt_text(st, 8), who, sizeof(who));
		json_object_set_new(*out, "handled_by", json_string(who));
		rc = 0;
	} else if (rc == 0) {
		rc = fz_err_set(err, FZ_ENOTFOUND, NULL, "预警不存在");
	}
	fz_stmt_finish(st);
	return rc;
}

/* ---- figures ---- */

#define FROM "kitchen_alerts a JOIN kitchen_sites s ON s.id = a.site_id"
#define MARKER "a.type || '|' || a.state || '|' || COALESCE(a.handled_at, '') || '|' || s.unit_id"
#define SOURCE "《中华人民共和国食品安全法》第三十三条、第五十七条；本区阳光厨房处置规程"

static const struct fz_metrics_breakdown by_town[] = {
	{ "unit", "镇街", "s.unit_id", 1, "未填写", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

#define ROW(id, name, kind, unit, def, num, den) \
	{ id, name, kind, unit, def, SOURCE, FROM, "a.occurred_at", num, den, NULL, \
	  "a.id", "s.name", NULL, "s.unit_id", "a.unit_path", MARKER, by_town }

const struct fz_metric fz_kitchen_metric_set[] = {
	ROW("kitchen.alerts", "阳光厨房AI预警数", FZ_METRICS_COUNT, "条",
	    "食堂摄像头智能识别推送的预警条数，按预警发生时间计", "1", NULL),
	ROW("kitchen.handled", "阳光厨房预警处置率", FZ_METRICS_RATE, NULL,
	    "已处置（已整改或核实为误报）的预警 ÷ 全部预警",
	    "a.state <> 'open'", "1"),
	ROW("kitchen.ontime", "阳光厨房预警按时处置率", FZ_METRICS_RATE, NULL,
	    "在处置时限内处置的预警 ÷ 已处置或已超过处置时限的预警",
	    "a.state <> 'open' AND a.handled_at <= a.due_at",
	    "a.state <> 'open' OR a.due_at < replace(datetime('now'), ' ', 'T') || 'Z'"),
	{ NULL }
};

/* ---- audit names ---- */

static int name_of(struct fz_store *db, const char *sql, int64_t id, char *obj,
		   size_t n, const char *fmt)
{
	struct fz_stmt *st;
	struct fz_err err;
	int rc = fz_store_query(db, &st, &err, sql, "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, &err);
	if (rc == 1)
		snprintf(obj, n, fmt, fz_stmt_text(st, 0), fz_stmt_text(st, 1));
	fz_stmt_finish(st);
	return rc == 1 ? 0 : -1;
}

int fz_kitchen_audit_site(struct fz_store *db, int64_t id, const char *action,
			  char *obj, char *act, size_t n)
{
	(void)action;
	(void)act;
	return name_of(db, "SELECT name, '' FROM kitchen_sites WHERE id = ?", id, obj, n,
		       "阳光厨房 %s%s");
}

int fz_kitchen_audit_alert(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n)
{
	const struct fz_kitchen_type *t;
	int rc;
	(void)action;
	(void)act;
	rc = name_of(db, "SELECT s.name, a.type FROM kitchen_alerts a JOIN kitchen_sites s"
		     " ON s.id = a.site_id WHERE a.id = ?", id, obj, n, "%s\n%s");
	if (rc)
		return rc;
	/* the type by its name: a key is no word for people */
	char *nl = strchr(obj, '\n'), site[160];
	*nl = '\0';
	t = fz_kitchen_type(nl + 1);
	snprintf(site, sizeof(site), "%s", obj);
	snprintf(obj, n, "%s 的预警（%s）", site, t ? t->name : "未知类型");
	return 0;
}
