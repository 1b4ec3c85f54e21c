/* kitchen_api.c - 阳光厨房 over HTTP (docs/kitchen.md, "API"): the
 * cameras' webhook, the alert lists and their handling, the sites and
 * their sources, the summary by town. */
#include "domain/kitchen/kitchen_api.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/json.h"
#include "domain/casehttp/casehttp.h"
#include "domain/kitchen/kitchen.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "engine/docs/xlsx.h"
#include "http/handler.h"

/* the market regulator's officers and the office see every town's
 * canteens; a 镇街 keeps its own */
#define WIDE (FZ_ROLE_OFFICE | FZ_ROLE_OFFICER)
#define KEEPERS (FZ_ROLE_OFFICE | FZ_ROLE_OFFICER | FZ_ROLE_TOWN)
#define W FZ_ROUTE_WRITE

static const struct fz_record_kind site_kind = {
	"kitchen.site", "单位不存在", WIDE, fz_kitchen_site_path
};
static const struct fz_record_kind alert_kind = {
	"kitchen.alert", "预警不存在", WIDE, fz_kitchen_alert_path
};

static void actor(struct fz_req *req, struct fz_case_actor *a)
{
	fz_policy_actor(req, WIDE, a);
}

/* ---- the webhook ---- */

/* POST /api/v1/kitchen/events  (X-Source-Token: fzk_...)
 * {"event_id","type","time","camera"} */
static int h_event(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_kitchen_event e = { 0 };
	struct fz_kitchen_source src;
	int64_t id = 0;
	int what = 0, rc;

	/* the token before anything else: a stranger learns nothing of what
	 * a good body would be */
	if ((rc = fz_kitchen_source_find(req->db, fz_req_header(req, "X-Source-Token"),
					 req->ip, &src, err)))
		return rc;
	FZ_ALLOW("event_id", "type", "time", "camera");
	if (!req->json)
		return fz_err_set(err, FZ_EINVAL, "event_id", "请求体应为一个JSON对象");
	e.event_id = fz_req_str(req, "event_id");
	e.type = fz_req_str(req, "type");
	e.time = fz_req_str(req, "time");
	e.camera = fz_req_str(req, "camera");
	rc = fz_kitchen_event_add(req->db, &src, &e, &id, &what, err);
	if (rc)
		return rc;
	fz_resp_json(resp, what == FZ_KITCHEN_NEW ? 201 : 200,
		     json_pack("{s:I,s:b}", "id", (json_int_t)id, "duplicate",
			       what == FZ_KITCHEN_REPLAY));
	return 0;
}

/* ---- alerts ---- */

struct filter {
	struct fz_buf where;
	const char *args[10];
	int nargs;
	char lo[256], hi[256], tlo[256], thi[256], now[FZ_ISO_LEN];
	int open; /* only open alerts */
};

static void add(struct filter *f, const char *sql, const char *arg)
{
	fz_buf_adds(&f->where, sql);
	if (arg && f->nargs < 10)
		f->args[f->nargs++] = arg;
}

static void path_range(struct filter *f, const char *col, const char *path,
		       char *lo, char *hi)
{
	size_t n = strlen(path);
	snprintf(lo, 256, "%s", path);
	snprintf(hi, 256, "%s", path);
	hi[n - 1]++;
	fz_buf_addf(&f->where, " AND %s >= ?", col);
	add(f, "", lo);
	fz_buf_addf(&f->where, " AND %s < ?", col);
	add(f, "", hi);
}

static int build_filter(struct fz_req *req, struct filter *f, const char *col,
			int alerts, struct fz_err *err)
{
	const char *scope = fz_policy_scope(req->user, WIDE), *v;

	fz_buf_init(&f->where, 0);
	fz_buf_adds(&f->where, " WHERE 1");
	if (scope[0] && strcmp(scope, "/"))
		path_range(f, col, scope, f->lo, f->hi);
	if ((v = fz_req_arg(req, "town")) && *v) {
		char *end;
		long long t = strtoll(v, &end, 10);
		struct fz_err e2 = FZ_ERR_INIT;
		if (*end || t <= 0 || fz_org_unit_path(req->db, t, f->tlo, sizeof(f->tlo), &e2) != 1)
			add(f, " AND 0", NULL);
		else
			path_range(f, col, f->tlo, f->tlo, f->thi);
	}
	if (!alerts)
		return 0;
	fz_now_iso(f->now);
	if ((v = fz_req_arg(req, "state")) && *v) {
		f->open = !strcmp(v, "open") || !strcmp(v, "late");
		if (!strcmp(v, "open"))
			add(f, " AND a.state = 'open'", NULL);
		else if (!strcmp(v, "late"))
			add(f, " AND a.state = 'open' AND a.due_at < ?", f->now);
		else if (!strcmp(v, "done"))
			add(f, " AND a.state <> 'open'", NULL);
		else
			return fz_err_set(err, FZ_EINVAL, "state", "状态应为待处置、已超时或已处置");
	}
	if ((v = fz_req_arg(req, "type")) && *v) {
		if (!fz_kitchen_type(v))
			return fz_err_set(err, FZ_EINVAL, "type", "预警类型不在目录中");
		add(f, " AND a.type = ?", v);
	}
	if ((v = fz_req_arg(req, "site")) && *v)
		add(f, " AND a.site_id = CAST(? AS INTEGER)", v);
	if ((v = fz_req_arg(req, "q")) && *v)
		add(f, " AND a.site_id IN (SELECT id FROM kitchen_sites WHERE instr(name, ?) > 0)", v);
	return 0;
}

static int bind_filter(struct fz_store *db, struct fz_stmt **st, const char *sql,
		       const struct filter *f, struct fz_err *err)
{
	int rc = fz_stmt_prepare(db, st, sql, err);
	for (int i = 0; !rc && i < f->nargs; i++)
		fz_stmt_bind_text(*st, i + 1, f->args[i]);
	return rc;
}

static int count_of(struct fz_req *req, const char *from, const struct filter *f,
		    int64_t *total, struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st;
	int rc;

	fz_buf_addf(&sql, "SELECT count(*) FROM %s%s", from, f->where.data);
	rc = bind_filter(req->db, &st, sql.data, f, err);
	if (!rc) {
		if ((rc = fz_stmt_step(st, err)) == 1)
			*total = fz_stmt_int(st, 0);
		fz_stmt_finish(st);
	}
	fz_buf_release(&sql);
	return rc < 0 ? rc : 0;
}

static const struct fz_xlsx_col export_cols[] = {
	{ "site", "单位", 't' }, { "town", "镇街", 't' }, { "type", "预警类型", 't' },
	{ "camera", "摄像头", 't' }, { "occurred", "发生时间", 't' },
	{ "hours", "处置时限（小时）", 'n' }, { "state", "状态", 't' }, { "late", "是否超时", 't' },
	{ "handled", "处置时间", 't' }, { "by", "处置人", 't' }, { "note", "处置说明", 't' },
	{ NULL, NULL, 0 }
};

/* The filtered alerts as a sheet, in the list's order, Beijing time. */
static int export_alerts(struct fz_req *req, struct fz_resp *resp,
			 const struct filter *f, int64_t total, struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st = NULL;
	json_t *rows = json_array();
	char town[128], who[128], now[FZ_ISO_LEN];
	int rc;

	if (total > FZ_XLSX_ROWS_MAX) {
		json_decref(rows);
		return fz_err_set(err, FZ_EINVAL, "format", "导出的预警超过10万条，请先按镇街、状态或类型筛选");
	}
	fz_now_iso(now);
	fz_buf_addf(&sql, "SELECT s.name, s.unit_id, a.type, a.camera,"
		    " strftime('%%Y-%%m-%%d %%H:%%M', a.occurred_at, '+8 hours'), a.state,"
		    " CASE WHEN a.state = 'open' THEN a.due_at < '%s' ELSE a.handled_at > a.due_at END,"
		    " COALESCE(strftime('%%Y-%%m-%%d %%H:%%M', a.handled_at, '+8 hours'), ''),"
		    " COALESCE(a.handled_by, ''), COALESCE(a.note, '') FROM kitchen_alerts a"
		    " JOIN kitchen_sites s ON s.id = a.site_id%s ORDER BY %s", now, f->where.data,
		    f->open ? "a.due_at, a.id" : "a.occurred_at DESC, a.id DESC");
	rc = bind_filter(req->db, &st, sql.data, f, err);
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		const struct fz_kitchen_type *t = fz_kitchen_type(fz_stmt_text(st, 2));
		const char *state = fz_stmt_text(st, 5);
		who[0] = '\0';
		if (*fz_stmt_text(st, 8))
			fz_org_actor_name(req->db, fz_stmt_text(st, 8), who, sizeof(who));
		json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s}",
			"site", fz_stmt_text(st, 0),
			"town", fz_org_unit_name(req->db, fz_stmt_int(st, 1), town, sizeof(town)),
			"type", t ? t->name : "", "camera", fz_stmt_text(st, 3),
			"occurred", fz_stmt_text(st, 4), "hours", t ? t->hours : 0,
			"state", !strcmp(state, "handled") ? "已整改" : !strcmp(state, "false") ?
				"误报" : "待处置",
			"late", fz_stmt_int(st, 6) ? "是" : "否", "handled", fz_stmt_text(st, 7),
			"by", who, "note", fz_stmt_text(st, 9)));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	fz_buf_release(&sql);
	if (!rc)
		rc = fz_xlsx_table(export_cols, rows, "阳光厨房预警", &resp->body, err);
	json_decref(rows);
	if (!rc) {
		char day[FZ_DATE_STRLEN], name[96], ascii[48];
		fz_date_format(fz_date_today_cn(), day);
		snprintf(name, sizeof(name), "阳光厨房预警_%s.xlsx", day);
		snprintf(ascii, sizeof(ascii), "kitchen_alerts_%s.xlsx", day);
		fz_casehttp_download(resp, "application/vnd.openxmlformats-officedocument."
				     "spreadsheetml.sheet", name, ascii, 0);
	}
	return rc < 0 ? rc : 0;
}

/* GET /api/v1/kitchen/alerts?state=open|late|done&type=&town=&site=&q=
 * &page=&per_page=&format=xlsx */
static int h_alerts(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct filter f = { 0 };
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st = NULL;
	int64_t page, per, total = 0, ids[100];
	int n = 0, rc = build_filter(req, &f, "a.unit_path", 1, err);
	json_t *items = json_array();

	fz_req_paging(req, &page, &per);
	if (!rc)
		rc = count_of(req, f.open ? "kitchen_alerts a INDEXED BY kitchen_alerts_open" :
			      "kitchen_alerts a", &f, &total, err);
	if (!rc && fz_req_arg(req, "format") && !strcmp(fz_req_arg(req, "format"), "xlsx")) {
		rc = export_alerts(req, resp, &f, total, err);
		fz_buf_release(&f.where);
		json_decref(items);
		return rc;
	}
	if (!rc) {
		/* what waits: the longest late on top, from the open index, which
		 * holds few rows; anything else newest first, from the time index,
		 * which stops at the page (the planner, left alone, took a town's
		 * path range and sorted all of it: a second at 5 million alerts) */
		fz_buf_addf(&sql, "SELECT a.id FROM kitchen_alerts a INDEXED BY %s%s ORDER BY %s"
			    " LIMIT %lld OFFSET %lld", f.open ? "kitchen_alerts_open" :
			    "kitchen_alerts_time", f.where.data, f.open ?
			    "a.due_at, a.id" : "a.occurred_at DESC, a.id DESC",
			    (long long)per, (long long)((page - 1) * per));
		rc = bind_filter(req->db, &st, sql.data, &f, err);
	}
	while (!rc && n < 100 && (rc = fz_stmt_step(st, err)) == 1) {
		ids[n++] = fz_stmt_int(st, 0);
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	rc = rc < 0 ? rc : 0;
	for (int i = 0; !rc && i < n; i++) {
		json_t *o;
		if (!(rc = fz_kitchen_alert_json(req->db, ids[i], &o, err)))
			json_array_append_new(items, o);
	}
	fz_buf_release(&sql);
	fz_buf_release(&f.where);
	if (rc) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, fz_resp_list(items, total, page, per));
	return 0;
}

static int alert_id(struct fz_req *req, int64_t *id, struct fz_err *err)
{
	return fz_req_id(req, 0, id, err);
}

/* GET /api/v1/kitchen/alerts/{id} */
static int h_alert(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int64_t id;
	json_t *o;
	int rc = alert_id(req, &id, err);

	if (rc || (rc = fz_kitchen_alert_json(req->db, id, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

/* PUT /api/v1/kitchen/alerts/{id}/photo  (the image's bytes) */
static int h_photo_put(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	int rc = alert_id(req, &id, err);

	actor(req, &a);
	if (rc || (rc = fz_kitchen_photo_put(req->db, req->keys, &a, id, req->body,
					     req->body_len, err)))
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "photo", 1));
	return 0;
}

/* GET /api/v1/kitchen/alerts/{id}/photo */
static int h_photo_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const char *mime = NULL;
	int64_t id;
	int rc = alert_id(req, &id, err);

	if (rc || (rc = fz_kitchen_photo_get(req->db, req->keys, id, &resp->body, &mime, err)))
		return rc;
	fz_casehttp_download(resp, mime, !strcmp(mime, "image/png") ? "处置照片.png" :
			     "处置照片.jpg", !strcmp(mime, "image/png") ? "photo.png" :
			     "photo.jpg", 1);
	return 0;
}

/* POST /api/v1/kitchen/alerts/{id}/handle {outcome, note} */
static int h_handle(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	json_t *o;
	int rc;

	FZ_ALLOW("outcome", "note");
	actor(req, &a);
	if ((rc = alert_id(req, &id, err)) ||
	    (rc = fz_kitchen_handle(req->db, &a, id, fz_req_str(req, "outcome"),
				    fz_req_str(req, "note"), err)) ||
	    (rc = fz_kitchen_alert_json(req->db, id, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

/* GET /api/v1/kitchen/types */
static int h_types(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *items = json_array();
	(void)req;
	(void)err;
	for (const struct fz_kitchen_type *t = fz_kitchen_types; t->key; t++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:i,s:s}", "type", t->key,
						       "name", t->name, "hours", t->hours,
						       "basis", t->basis));
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- sites ---- */

static json_t *site_item(struct fz_store *db, struct fz_stmt *st)
{
	char town[128];
	const char *kind = fz_kitchen_kind_name(fz_stmt_text(st, 2));
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:I}",
		"id", (json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 1),
		"kind", fz_stmt_text(st, 2), "kind_name", kind ? kind : "",
		"town", fz_org_unit_name(db, fz_stmt_int(st, 3), town, sizeof(town)),
		"diners", fz_stmt_is_null(st, 5) ? json_null() : json_integer(fz_stmt_int(st, 5)),
		"cameras", (json_int_t)fz_stmt_int(st, 6),
		"sources", (json_int_t)fz_stmt_int(st, 7),
		"open", (json_int_t)fz_stmt_int(st, 8), "late", (json_int_t)fz_stmt_int(st, 9));
}

#define SITE_COLS "s.id, s.name, s.kind, s.unit_id, s.address, s.diners, s.cameras," \
	" (SELECT count(*) FROM kitchen_sources o WHERE o.site_id = s.id AND o.revoked_at IS NULL)," \
	" (SELECT count(*) FROM kitchen_alerts a WHERE a.state = 'open' AND a.site_id = s.id)," \
	" (SELECT count(*) FROM kitchen_alerts a WHERE a.state = 'open' AND a.site_id = s.id" \
	" AND a.due_at < replace(datetime('now'), ' ', 'T') || 'Z')"

/* GET /api/v1/kitchen/sites?town=&q=&page= */
static int h_sites(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct filter f = { 0 };
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st = NULL;
	const char *q = fz_req_arg(req, "q");
	int64_t page, per, total = 0;
	int rc = build_filter(req, &f, "s.unit_path", 0, err);
	json_t *items = json_array();

	if (q && *q)
		add(&f, " AND instr(s.name, ?) > 0", q);
	fz_req_paging(req, &page, &per);
	if (!rc)
		rc = count_of(req, "kitchen_sites s", &f, &total, err);
	if (!rc) {
		fz_buf_addf(&sql, "SELECT " SITE_COLS " FROM kitchen_sites s%s ORDER BY"
			    " s.unit_path, s.name LIMIT %lld OFFSET %lld", f.where.data,
			    (long long)per, (long long)((page - 1) * per));
		rc = bind_filter(req->db, &st, sql.data, &f, err);
	}
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		json_array_append_new(items, site_item(req->db, st));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	fz_buf_release(&sql);
	fz_buf_release(&f.where);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, fz_resp_list(items, total, page, per));
	return 0;
}

/* POST /api/v1/kitchen/sites {name, kind, town, address, diners, cameras} */
static int h_site_add(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_kitchen_site s = { 0 };
	struct fz_case_actor a;
	int64_t id = 0, town = 0;
	int rc;

	FZ_ALLOW("name", "kind", "town", "address", "diners", "cameras");
	if (!req->json)
		return fz_err_set(err, FZ_EINVAL, "name", "请填写单位信息");
	s.name = fz_req_str(req, "name");
	s.kind = fz_req_str(req, "kind");
	s.address = fz_req_str(req, "address");
	if ((rc = fz_json_int(req->json, "town", "所属镇街", 1, INT64_MAX, 1, &town, err)))
		return rc;
	s.unit_id = town;
	s.diners = -1;
	if (json_object_get(req->json, "diners") && !json_is_null(json_object_get(req->json, "diners")) &&
	    (rc = fz_json_int(req->json, "diners", "就餐人数", 0, 100000, 1, &s.diners, err)))
		return rc;
	if ((rc = fz_json_int(req->json, "cameras", "摄像头数", 0, 999, 0, &s.cameras, err)))
		return rc;
	actor(req, &a);
	if ((rc = fz_kitchen_site_add(req->db, &a, &s, &id, err)))
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return 0;
}

/* GET /api/v1/kitchen/sites/{id}: the site and its sources */
static int h_site(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_stmt *st;
	int64_t id;
	json_t *o = NULL, *src;
	int rc = fz_req_id(req, 0, &id, err);

	if (rc || (rc = fz_store_query(req->db, &st, err, "SELECT " SITE_COLS
				       " FROM kitchen_sites s WHERE s.id = ?", "I", id)))
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		o = site_item(req->db, st);
		json_object_set_new(o, "address", json_string(fz_stmt_text(st, 4)));
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, NULL, "单位不存在");
	if (rc < 0)
		return rc;
	src = json_array();
	rc = fz_store_query(req->db, &st, err, "SELECT id, name, created_at,"
			    " COALESCE(revoked_at, ''), (SELECT max(received_at) FROM kitchen_alerts a"
			    " WHERE a.source_id = o.id) FROM kitchen_sources o WHERE site_id = ?"
			    " ORDER BY id", "I", id);
	if (!rc) {
		while ((rc = fz_stmt_step(st, err)) == 1)
			json_array_append_new(src, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id",
				(json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 1),
				"created_at", fz_stmt_text(st, 2), "revoked_at",
				fz_stmt_text(st, 3), "last_event", fz_stmt_text(st, 4)));
		fz_stmt_finish(st);
	}
	json_object_set_new(o, "source_list", src);
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	fz_resp_json(resp, 200, o);
	return 0;
}

/* POST /api/v1/kitchen/sites/{id}/sources {name}: the token, once */
static int h_source_add(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	char token[FZ_KITCHEN_TOKEN_LEN];
	int64_t site, sid = 0;
	int rc;

	FZ_ALLOW("name");
	actor(req, &a);
	if ((rc = fz_req_id(req, 0, &site, err)) ||
	    (rc = fz_kitchen_source_add(req->db, &a, site, fz_req_str(req, "name"), &sid,
					token, err)))
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)sid, "token", token));
	return 0;
}

/* DELETE /api/v1/kitchen/sites/{id}/sources/{sid} */
static int h_source_revoke(struct fz_req *req, struct fz_resp *resp,
			   struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t site, sid;
	int rc;

	actor(req, &a);
	if ((rc = fz_req_id(req, 0, &site, err)) || (rc = fz_req_id(req, 1, &sid, err)) ||
	    (rc = fz_kitchen_source_revoke(req->db, &a, site, sid, err)))
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "revoked", 1));
	return 0;
}

/* ---- the summary ---- */

static json_t *town_row(json_t *towns, struct fz_store *db, const char *path)
{
	int64_t unit = fz_casehttp_path_unit(path);
	char name[128];
	size_t i;
	json_t *t;

	json_array_foreach(towns, i, t)
		if (json_integer_value(json_object_get(t, "unit_id")) == unit)
			return t;
	t = json_pack("{s:I,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "unit_id", (json_int_t)unit,
		      "town", fz_org_unit_name(db, unit, name, sizeof(name)),
		      "sites", (json_int_t)0, "covered", (json_int_t)0, "alerts", (json_int_t)0,
		      "handled", (json_int_t)0, "ontime", (json_int_t)0, "open", (json_int_t)0,
		      "late", (json_int_t)0);
	json_array_append_new(towns, t);
	return t;
}

static void bump(json_t *o, const char *k, int64_t n)
{
	json_object_set_new(o, k, json_integer(json_integer_value(json_object_get(o, k)) + n));
}

/* GET /api/v1/kitchen/summary?from=&to=&town=: per town, sites and
 * covered sites, and the period's alerts: handled, on time, open, late;
 * by type over the whole scope */
static int h_summary(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct filter fs = { 0 }, fa = { 0 }, fd = { 0 };
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st = NULL;
	struct fz_date from, to;
	char lo[FZ_ISO_LEN], hi[FZ_ISO_LEN], now[FZ_ISO_LEN], d1[FZ_DATE_STRLEN],
		d2[FZ_DATE_STRLEN];
	json_t *towns = json_array(), *types = json_object(), *total;
	int rc = fz_casehttp_range(req, &from, &to, err);

	if (!rc)
		rc = build_filter(req, &fs, "s.unit_path", 0, err);
	if (!rc)
		rc = build_filter(req, &fa, "a.unit_path", 0, err);
	if (!rc)
		rc = build_filter(req, &fd, "d.unit_path", 0, err);
	if (rc)
		goto done;
	if (!from.y)
		from = (struct fz_date){ fz_date_today_cn().y, 1, 1 };
	if (!to.y)
		to = fz_date_today_cn();
	/* a day of Beijing time is 16:00 UTC the day before to 16:00 UTC */
	fz_date_format(fz_date_add_days(from, -1), d1);
	fz_date_format(to, d2);
	snprintf(lo, sizeof(lo), "%sT16:00:00Z", d1);
	snprintf(hi, sizeof(hi), "%sT16:00:00Z", d2);
	fz_date_format(from, d1);
	fz_buf_addf(&sql, "SELECT s.unit_path, count(*), sum(EXISTS (SELECT 1 FROM"
		    " kitchen_sources o WHERE o.site_id = s.id AND o.revoked_at IS NULL))"
		    " FROM kitchen_sites s%s GROUP BY s.unit_path", fs.where.data);
	rc = bind_filter(req->db, &st, sql.data, &fs, err);
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		json_t *t = town_row(towns, req->db, fz_stmt_text(st, 0));
		bump(t, "sites", fz_stmt_int(st, 1));
		bump(t, "covered", fz_stmt_int(st, 2));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	st = NULL;
	/* the period's alerts from the daily figures, by town and type */
	fz_buf_reset(&sql);
	fz_buf_addf(&sql, "SELECT d.unit_path, d.type, sum(d.alerts), sum(d.handled), sum(d.ontime)"
		    " FROM kitchen_daily d%s AND d.day >= ? AND d.day <= ?"
		    " GROUP BY d.unit_path, d.type", fd.where.data);
	if (rc >= 0)
		rc = bind_filter(req->db, &st, sql.data, &fd, err);
	if (!rc) {
		fz_stmt_bind_text(st, fd.nargs + 1, d1);
		fz_stmt_bind_text(st, fd.nargs + 2, d2);
	}
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		json_t *t = town_row(towns, req->db, fz_stmt_text(st, 0));
		const struct fz_kitchen_type *ty = fz_kitchen_type(fz_stmt_text(st, 1));
		bump(t, "alerts", fz_stmt_int(st, 2));
		bump(t, "handled", fz_stmt_int(st, 3));
		bump(t, "ontime", fz_stmt_int(st, 4));
		if (ty)
			bump(types, ty->name, fz_stmt_int(st, 2));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	st = NULL;
	/* what is still open, and late now: few rows, by the open index */
	fz_buf_reset(&sql);
	/* now is our own ISO text (digits, '-', ':', 'T', 'Z'): written in,
	 * since a ? before the filter's would take their numbers */
	fz_now_iso(now);
	fz_buf_addf(&sql, "SELECT a.unit_path, count(*), sum(a.due_at < '%s') FROM kitchen_alerts a"
		    " INDEXED BY kitchen_alerts_open%s AND a.state = 'open' AND a.occurred_at >= ? AND a.occurred_at < ?"
		    " GROUP BY a.unit_path", now, fa.where.data);
	if (rc >= 0)
		rc = bind_filter(req->db, &st, sql.data, &fa, err);
	if (!rc) {
		fz_stmt_bind_text(st, fa.nargs + 1, lo);
		fz_stmt_bind_text(st, fa.nargs + 2, hi);
	}
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		json_t *t = town_row(towns, req->db, fz_stmt_text(st, 0));
		bump(t, "open", fz_stmt_int(st, 1));
		bump(t, "late", fz_stmt_int(st, 2));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
done:
	fz_buf_release(&sql);
	fz_buf_release(&fs.where);
	fz_buf_release(&fa.where);
	fz_buf_release(&fd.where);
	if (rc < 0) {
		json_decref(towns);
		json_decref(types);
		return rc;
	}
	total = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "sites", (json_int_t)0,
			  "covered", (json_int_t)0, "alerts", (json_int_t)0, "handled",
			  (json_int_t)0, "ontime", (json_int_t)0, "open", (json_int_t)0,
			  "late", (json_int_t)0);
	{
		size_t i;
		json_t *t;
		const char *key;
		json_t *v;
		json_array_foreach(towns, i, t)
			json_object_foreach(total, key, v)
				bump(total, key, json_integer_value(json_object_get(t, key)));
	}
	fz_date_format(from, d1);
	fz_date_format(to, d2);
	fz_resp_json(resp, 200, json_pack("{s:s,s:s,s:o,s:o,s:o}", "from", d1, "to", d2,
					  "total", total, "towns", towns, "types", types));
	return 0;
}

const struct fz_route fz_kitchen_routes[] = {
	/* the cameras: no login, the source's own token (kitchen.h) */
	{ "POST", "/api/v1/kitchen/events", h_event, 0, FZ_ROUTE_PUBLIC | W },
	{ "GET", "/api/v1/kitchen/types", h_types, KEEPERS, 0 },
	{ "GET", "/api/v1/kitchen/alerts", h_alerts, KEEPERS, 0 },
	{ "GET", "/api/v1/kitchen/alerts/{id}", h_alert, KEEPERS, 0, &alert_kind },
	{ "PUT", "/api/v1/kitchen/alerts/{id}/photo", h_photo_put, KEEPERS,
	  W | FZ_ROUTE_RAW, &alert_kind },
	{ "GET", "/api/v1/kitchen/alerts/{id}/photo", h_photo_get, KEEPERS, 0, &alert_kind },
	{ "POST", "/api/v1/kitchen/alerts/{id}/handle", h_handle, KEEPERS, W, &alert_kind },
	{ "GET", "/api/v1/kitchen/summary", h_summary, KEEPERS, 0 },
	{ "GET", "/api/v1/kitchen/sites", h_sites, KEEPERS, 0 },
	{ "POST", "/api/v1/kitchen/sites", h_site_add, KEEPERS, W },
	{ "GET", "/api/v1/kitchen/sites/{id}", h_site, KEEPERS, 0, &site_kind },
	{ "POST", "/api/v1/kitchen/sites/{id}/sources", h_source_add, KEEPERS, W, &site_kind },
	{ "DELETE", "/api/v1/kitchen/sites/{id}/sources/{sid}", h_source_revoke, KEEPERS, W,
	  &site_kind },
	{ NULL, NULL, NULL, 0, 0 }
};
