/* casehttp.c - helpers and generic case handlers shared by the domain
 * modules that wrap engine/case (review, mediate); see casehttp.h. */
#include "domain/casehttp/casehttp.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/utf8.h"
#include "core/json.h"
#include "crypto/sm.h"
#include "engine/audit.h"
#include "engine/calendar/calendar.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "http/handler.h"

/* ---- domain helpers ---- */

/* The process's calendar, compiled plus imported notices: an import swaps
 * the new days into this same handle (engine/calendar). */
const struct fz_cal *fz_casehttp_cal(void)
{
	return fz_calendar_shared(NULL);
}

int fz_casehttp_text_ok(const char *s, size_t lo, size_t hi, const char *field,
			const char *label, struct fz_err *err)
{
	size_t n = s ? fz_utf8_chars(s) : 0;
	if (n < lo || n > hi)
		return fz_err_set(err, FZ_EINVAL, field, "%s应为 %zu–%zu 个字", label,
				  lo, hi);
	return 0;
}

int fz_casehttp_end_tx(struct fz_store *db, int rc, struct fz_err *err)
{
	return fz_store_end(db, 1, rc, err);
}

int fz_casehttp_audit(struct fz_store *db, const struct fz_case_actor *a,
		      const char *action, const char *object,
		      const char *detail, struct fz_err *err)
{
	struct fz_audit_entry e = {
		.actor_id = a->user_id, .actor = a->login ? a->login : "",
		.unit_id = a->unit_id, .action = action, .object = object,
		.detail = detail ? detail : "", .ip = a->ip ? a->ip : "", .ok = 1,
	};
	return fz_audit_append(db, &e, err);
}

int fz_casehttp_in_scope(const struct fz_case_actor *a, const char *path)
{
	return a->system || !a->scope || !a->scope[0] ||
	       !strncmp(path, a->scope, strlen(a->scope));
}

int fz_casehttp_text_by_id(struct fz_store *db, const char *sql, int64_t id,
			   char *out, size_t n, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, sql, "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		snprintf(out, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc;
}

int64_t fz_casehttp_path_unit(const char *path)
{
	size_t n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	return strtoll(path + n, NULL, 10);
}

int fz_casehttp_town(struct fz_store *db, const struct fz_case_actor *a,
		     int64_t id, struct fz_unit_info *town, struct fz_err *err)
{
	int rc = fz_org_unit_get(db, id, town, err);
	if (rc == FZ_ENOTFOUND || (!rc && strcmp(town->kind, "town")))
		return fz_err_set(err, FZ_EINVAL, "town", "所属镇街不存在");
	if (rc)
		return rc;
	if (!fz_casehttp_in_scope(a, town->path))
		return fz_err_set(err, FZ_EFORBID, "town", "所属镇街不在本单位管辖范围内");
	return 0;
}

static const struct fz_case_state *
state_of(const struct fz_case_type *const *types, const char *type,
	 const char *state)
{
	for (; *types; types++)
		if (!strcmp((*types)->key, type))
			return fz_case_state_find(*types, state);
	return NULL;
}

int fz_casehttp_track_case(struct fz_store *db, const struct fz_keys *keys,
			   const char *number, const char *phone,
			   fz_casehttp_tracked_fn tracked,
			   const struct fz_case_type *const *types,
			   const char *kind, json_t **out, struct fz_err *err)
{
	char norm[FZ_MOBILE_LEN], idx[FZ_SM3_HEX_LEN + 1], received[64];
	struct fz_case_info ci;
	const struct fz_case_state *s;
	int64_t id;
	int rc;

	*out = NULL;
	/* one answer for a bad phone, an unknown number and a wrong pair */
#define NOTFOUND fz_err_set(err, FZ_ENOTFOUND, "number", \
			    "未查询到与该编号和手机号码相符的申请")
	if (!number || !phone || strlen(number) > 128 ||
	    fz_ident_mobile(phone, norm, NULL) || fz_blind_index(keys, norm, idx))
		return NOTFOUND;
	/* the number finds the case; the module's own row holds the phone */
	rc = fz_case_find_number(db, number, &id, err);
	if (rc == 1)
		rc = tracked(db, id, idx, received, sizeof(received), err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return NOTFOUND;
	rc = fz_case_info_get(db, id, &ci, err);
	if (rc == FZ_ENOTFOUND)
		return NOTFOUND;
	if (rc)
		return rc;
	s = state_of(types, ci.type, ci.state);
	*out = json_pack("{s:s,s:s,s:s,s:s,s:s}", "number", ci.number,
			 "kind", kind, "status", s ? s->name : "",
			 "received_on", received, "updated_on", ci.last_on);
	return *out ? 0 : NOTFOUND;
#undef NOTFOUND
}

/* ---- the acting user ---- */

void fz_casehttp_actor(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_case_actor *a)
{
	fz_policy_actor(req, m->record->wide_roles, a);
}

int fz_casehttp_need_cal(const struct fz_casehttp *m, struct fz_err *err)
{
	return m->cal() ? 0 : fz_err_set(err, FZ_EINTERNAL, NULL, "工作日历未加载");
}

const struct fz_case_type *fz_casehttp_type_of(const struct fz_casehttp *m,
					       struct fz_store *db, int64_t id)
{
	char key[64];

	if (fz_case_type_key(db, id, key, sizeof(key), NULL) != 1)
		return NULL;
	for (const struct fz_case_type *const *t = m->types; *t; t++)
		if (!strcmp((*t)->key, key))
			return *t;
	return NULL;
}

static int not_found(const struct fz_casehttp *m, struct fz_err *err)
{
	return fz_err_set(err, FZ_ENOTFOUND, "id", "%s", m->record->not_found);
}

/* The case of the path's {id} among the module's: *id and *t set. */
static int case_of(const struct fz_casehttp *m, struct fz_req *req,
		   int64_t *id, const struct fz_case_type **t,
		   struct fz_err *err)
{
	int rc = fz_req_id(req, 0, id, err);
	if (rc)
		return rc;
	if (!(*t = fz_casehttp_type_of(m, req->db, *id)))
		return not_found(m, err);
	return 0;
}

/* ---- list ---- */

/* ?type= is a type key or its part after the module's prefix. */
static int list_types(const struct fz_casehttp *m, const char *arg,
		      struct fz_case_query *q, struct fz_err *err)
{
	size_t n = 0;
	for (const struct fz_case_type *const *t = m->types; *t; t++) {
		const char *dot = strchr((*t)->key, '.');
		if (arg && *arg && strcmp(arg, (*t)->key) &&
		    (!dot || strcmp(arg, dot + 1)))
			continue;
		if (n < FZ_CASE_LIST_TYPES)
			q->types[n++] = (*t)->key;
	}
	if (!n)
		return fz_err_set(err, FZ_EINVAL, "type", "案件类型无效");
	return 0;
}

/* A positive integer argument within [lo, hi], or def when absent. */
static int arg_int(struct fz_req *req, const char *name, const char *label,
		   int64_t lo, int64_t hi, int64_t def, int64_t *out,
		   struct fz_err *err)
{
	const char *s = fz_req_arg(req, name);
	char *end;
	long long v;

	*out = def;
	if (!s || !*s)
		return 0;
	v = strtoll(s, &end, 10);
	if (*end || v < lo || v > hi)
		return hi == INT64_MAX ?
			fz_err_set(err, FZ_EINVAL, name, "%s无效", label) :
			fz_err_set(err, FZ_EINVAL, name, "%s应为 %lld–%lld 的整数",
				   label, (long long)lo, (long long)hi);
	*out = v;
	return 0;
}

/* ?unit=<id>: that unit's subtree, which must lie in the caller's scope. */
static int list_unit(struct fz_req *req, const char *scope, char *path,
		     size_t n, struct fz_err *err)
{
	struct fz_unit_info u;
	int64_t id;
	int rc = arg_int(req, "unit", "单位编号", 1, INT64_MAX, 0, &id, err);

	snprintf(path, n, "%s", scope);
	if (rc || !id)
		return rc;
	if (fz_org_unit_get(req->db, id, &u, NULL) ||
	    strncmp(u.path, scope, strlen(scope)))
		return fz_err_set(err, FZ_EINVAL, "unit", "单位不存在或超出数据范围");
	snprintf(path, n, "%s", u.path);
	return 0;
}

static int list_query(const struct fz_casehttp *m, struct fz_req *req,
		      const struct fz_case_actor *a, struct fz_case_query *q,
		      char *path, size_t pn, struct fz_err *err)
{
	const char *light = fz_req_arg(req, "light"), *open = fz_req_arg(req, "open");
	const char *from = fz_req_arg(req, "from"), *to = fz_req_arg(req, "to");
	int64_t page, per, after;
	size_t nw = 0;
	int rc;

	if ((rc = list_types(m, fz_req_arg(req, "type"), q, err)) ||
	    (rc = list_unit(req, a->scope, path, pn, err)) ||
	    (rc = arg_int(req, "page", "页码", 1, 1000000, 1, &page, err)) ||
	    (rc = arg_int(req, "per_page", "每页条数", 1, FZ_CASE_LIST_MAX, 20,
			    &per, err)) ||
	    (rc = arg_int(req, "after", "翻页位置", 1, INT64_MAX, 0, &after,
			    err)))
		return rc;
	q->scope = path;
	q->state = fz_req_arg(req, "state");
	q->q = fz_req_arg(req, "q");
	if (q->q && (rc = fz_casehttp_text_ok(q->q, 0, 50, "q", "关键词", err)))
		return rc;
	q->light = -1;
	if (light && *light && (q->light = fz_case_light_from_key(light)) < 0)
		return fz_err_set(err, FZ_EINVAL, "light", "信号灯取值无效");
	if ((from && *from && fz_date_parse(&q->from, from, NULL)) ||
	    (to && *to && fz_date_parse(&q->to, to, NULL)))
		return fz_err_set(err, FZ_EINVAL, from && *from ? "from" : "to",
				  "日期应为 YYYY-MM-DD");
	if (open && *open && strcmp(open, "1") && strcmp(open, "0"))
		return fz_err_set(err, FZ_EINVAL, "open", "“只看未结”应为 1 或 0");
	q->open_only = open && !strcmp(open, "1");
	q->page = (int)page;
	q->per_page = (int)per;
	q->after = after;
	q->join = m->join;
	for (const struct fz_casehttp_filter *f = m->filters; f && f->arg; f++) {
		const char *v = fz_req_arg(req, f->arg);
		if (!v || !*v || nw >= FZ_CASE_LIST_WHERE)
			continue;
		q->where[nw] = f->sql;
		q->args[nw++] = v;
	}
	return 0;
}

/* Names for what people read: the state's name and the 'u' columns'
 * unit names, through org's lookups (a page at most). */
static void list_names(const struct fz_casehttp *m, struct fz_req *req,
		       json_t *items)
{
	char unit[128] = "";
	int64_t last_unit = -1;
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it) {
		const struct fz_case_state *s = NULL;
		const char *type = json_string_value(json_object_get(it, "type"));
		for (const struct fz_case_type *const *t = m->types; *t && !s; t++)
			if (type && !strcmp((*t)->key, type))
				s = fz_case_state_find(*t, json_string_value(
					json_object_get(it, "state")));
		json_object_set_new(it, "state_name", json_string(s ? s->name : ""));
		{
			const char *lk = json_string_value(json_object_get(it, "light"));
			int l = fz_case_light_from_key(lk ? lk : "");
			json_object_set_new(it, "light_name", json_string(l < 0 ? ""
				: fz_case_light_name((enum fz_case_light)l)));
		}
		{
			/* rows of a list come in runs of one unit: read each
			 * unit's name once per run, not once per row */
			int64_t uid = json_integer_value(json_object_get(it, "unit_id"));
			if (uid != last_unit) {
				fz_org_unit_name(req->db, uid, unit, sizeof(unit));
				last_unit = uid;
			}
			json_object_set_new(it, "unit_name", json_string(unit));
		}
		if (m->row)
			m->row(it);
		for (const struct fz_case_column *c = m->join ? m->join->columns : NULL;
		     c && c->expr; c++) {
			char name[128];
			if (c->kind != 'u')
				continue;
			fz_org_unit_name(req->db, json_integer_value(
				json_object_get(it, c->name)), name, sizeof(name));
			json_object_set_new(it, c->name, json_string(
				name[0] || !c->none ? name : c->none));
		}
	}
}

/* Append s to out (n bytes) percent-encoded as RFC 5987 asks of a
 * filename* value: every byte but the unreserved ones. */
static void pct_append(char *out, size_t n, const char *s)
{
	size_t len = strlen(out);

	for (const unsigned char *p = (const unsigned char *)s;
	     *p && len + 4 < n; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			out[len++] = (char)*p;
		else
			len += (size_t)snprintf(out + len, n - len, "%%%02X", *p);
	}
	out[len] = '\0';
}

/* Every row of q (pages of FZ_CASE_LIST_MAX), as a spreadsheet. */
static int list_xlsx(const struct fz_casehttp *m, struct fz_req *req,
		     struct fz_case_query *q, struct fz_resp *resp,
		     struct fz_err *err)
{
	char today[FZ_DATE_STRLEN], name[160];
	json_t *rows = json_array();
	struct fz_case_page pg;
	int rc = 0;

	if (!m->export_cols)
		return fz_err_set(err, FZ_EINVAL, "format", "此列表不能导出");
	q->per_page = FZ_CASE_LIST_MAX;
	q->after = 0;
	for (q->page = 1; !rc; q->page++) {
		if ((rc = fz_case_list(req->db, q, &pg, err)))
			break;
		size_t got = json_array_size(pg.items);
		list_names(m, req, pg.items);
		json_array_extend(rows, pg.items);
		json_decref(pg.items);
		if (json_array_size(rows) > FZ_XLSX_ROWS_MAX)
			rc = fz_err_set(err, FZ_EINVAL, "format",
					"超过 %d 行，请用条件缩小范围后再导出",
					FZ_XLSX_ROWS_MAX);
		else if (got < FZ_CASE_LIST_MAX)
			break;
	}
	fz_buf_reset(&resp->body);
	if (!rc)
		rc = fz_xlsx_table(m->export_cols, rows, m->export_name, &resp->body,
				   err);
	json_decref(rows);
	if (rc)
		return rc;
	fz_date_format(fz_date_today_cn(), today);
	snprintf(name, sizeof(name), "%s_%s.xlsx", m->export_name, today);
	fz_casehttp_download(resp,
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		name, "list", 0);
	return 0;
}

void fz_casehttp_download(struct fz_resp *resp, const char *type,
			  const char *name, const char *ascii, int show)
{
	char disp[512];
	const char *ext = strrchr(name, '.');

	snprintf(disp, sizeof(disp), "%s; filename=\"%s%s\"; filename*=UTF-8''",
		 show ? "inline" : "attachment", ascii, ext ? ext : "");
	pct_append(disp, sizeof(disp), name);
	resp->status = 200;
	resp->content_type = type;
	fz_resp_header(resp, "Content-Disposition", disp);
	fz_resp_header(resp, "Cache-Control", "private, no-store");
}

int fz_casehttp_list(const struct fz_casehttp *m, struct fz_req *req,
		     struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_query q = { 0 };
	struct fz_case_page pg;
	struct fz_case_actor a;
	const char *fmt = fz_req_arg(req, "format");
	char path[256];
	int rc;

	fz_casehttp_actor(m, req, &a);
	if ((rc = list_query(m, req, &a, &q, path, sizeof(path), err)))
		return rc;
	if (fmt && !strcmp(fmt, "xlsx"))
		return list_xlsx(m, req, &q, resp, err);
	if (fmt && *fmt && strcmp(fmt, "json"))
		return fz_err_set(err, FZ_EINVAL, "format", "格式应为 JSON 或 Excel 表格");
	if ((rc = fz_case_list(req->db, &q, &pg, err)))
		return rc;
	list_names(m, req, pg.items);
	fz_resp_json(resp, 200, json_pack("{s:o,s:I,s:b,s:i,s:i,s:o}",
		"items", pg.items, "total", (json_int_t)pg.total,
		"total_exact", pg.exact, "page", q.page, "per_page", q.per_page,
		"next", pg.next ? json_integer(pg.next) : json_null()));
	return 0;
}

/* ---- one case ---- */

/* Each timeline event's actor_name: who in words (the user's name; 系统,
 * 演示数据, 公众), beside the stored login. */
static void actor_names(struct fz_store *db, json_t *o)
{
	json_t *events = json_object_get(o, "events"), *e;
	size_t i;

	json_array_foreach(events, i, e) {
		char who[160];
		const char *login = json_string_value(json_object_get(e, "actor"));
		fz_org_actor_name(db, login ? login : "", who, sizeof(who));
		json_object_set_new(e, "actor_name", json_string(who));
	}
}

int fz_casehttp_get(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	json_t *o;
	int64_t id;
	int rc = case_of(m, req, &id, &t, err);

	if (rc)
		return rc;
	fz_casehttp_actor(m, req, &a);
	rc = fz_case_get_json(req->db, t, &a, id, (struct fz_date){ 0, 0, 0 },
			      &o, err);
	if (rc == FZ_EINVAL)
		return not_found(m, err);
	if (rc)
		return rc;
	if (m->extras && (rc = m->extras(req, id, o, err))) {
		json_decref(o);
		return rc;
	}
	actor_names(req->db, o);
	fz_resp_json(resp, 200, o);
	return 0;
}

int fz_casehttp_act(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	struct fz_date on;
	json_t *data = req->json ? json_object_get(req->json, "data") : NULL;
	int64_t id;
	int rc = case_of(m, req, &id, &t, err);
	FZ_ALLOW("transition", "on", "data", "note");

	if (rc || (rc = fz_req_date(req, "on", &on, err)) ||
	    (rc = fz_casehttp_need_cal(m, err)))
		return rc;
	if (data && !json_is_object(data))
		return fz_err_set(err, FZ_EINVAL, "data", "环节数据应为对象");
	fz_casehttp_actor(m, req, &a);
	rc = m->act(req, m->cal(), &a, id, fz_req_str(req, "transition"), on,
		    data, fz_req_str(req, "note"), err);
	return rc ? rc : fz_casehttp_get(m, req, resp, err);
}

int fz_casehttp_facts(const struct fz_casehttp *m, struct fz_req *req,
		      struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	json_t *facts = req->json ? json_object_get(req->json, "facts") : NULL;
	int64_t id;
	int rc = case_of(m, req, &id, &t, err);
	FZ_ALLOW("facts");

	if (rc || (rc = fz_casehttp_need_cal(m, err)))
		return rc;
	if (!json_is_object(facts))
		return fz_err_set(err, FZ_EINVAL, "facts", "案件事实应为对象");
	fz_casehttp_actor(m, req, &a);
	rc = fz_case_set_facts(req->db, m->cal(), t, &a, id, facts, err);
	return rc ? rc : fz_casehttp_get(m, req, resp, err);
}

int fz_casehttp_extend(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id, n = 0;
	int rc = case_of(m, req, &id, &t, err);
	FZ_ALLOW("deadline", "n", "reason", "approver", "approved_on");

	/* n counts in the deadline's own unit (days, 工作日 or months); the
	 * engine holds it to the type's max_ext */
	if (rc || (rc = fz_req_date(req, "approved_on", &on, err)) ||
	    (rc = fz_casehttp_need_cal(m, err)) ||
	    (rc = fz_json_int(req->json, "n", "延长的期间", 1, 3650, 1, &n, err)))
		return rc;
	fz_casehttp_actor(m, req, &a);
	rc = fz_case_extend(req->db, m->cal(), t, &a, id,
			    fz_req_str(req, "deadline") ? fz_req_str(req, "deadline") : "",
			    (int)n, fz_req_str(req, "reason"), fz_req_str(req, "approver"),
			    on.y ? on : fz_date_today_cn(), err);
	return rc ? rc : fz_casehttp_get(m, req, resp, err);
}

int fz_casehttp_assign(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id, who = 0;
	int rc = case_of(m, req, &id, &t, err);
	FZ_ALLOW("assignee_id", "on");

	if (rc || (rc = fz_req_date(req, "on", &on, err)) ||
	    (rc = fz_casehttp_need_cal(m, err)) ||
	    (rc = fz_json_int(req->json, "assignee_id", "承办人", 0, INT64_MAX, 0, &who, err)))
		return rc;
	if (!m->assign)
		return not_found(m, err);
	fz_casehttp_actor(m, req, &a);
	rc = m->assign(req->db, m->cal(), &a, id, who, on, err);
	return rc ? rc : fz_casehttp_get(m, req, resp, err);
}

int fz_casehttp_document(const struct fz_casehttp *m, struct fz_req *req,
			 struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	const char *fmt = fz_req_arg(req, "format");
	int html = fmt && !strcmp(fmt, "html");
	int64_t id;
	int rc = case_of(m, req, &id, &t, err);

	if (rc)
		return rc;
	if (fmt && *fmt && !html && strcmp(fmt, "pdf"))
		return fz_err_set(err, FZ_EINVAL, "format", "文书格式应为 PDF 或网页");
	if (req->nparams < 2 || !m->document)
		return fz_err_set(err, FZ_ENOTFOUND, "kind", "文书不存在");
	fz_casehttp_actor(m, req, &a);
	fz_buf_reset(&resp->body);
	rc = m->document(req, &a, id, req->params[1], &html, &resp->body, err);
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = html ? "text/html; charset=utf-8" : "application/pdf";
	return 0;
}

/* ---- public ---- */

int fz_casehttp_track(struct fz_req *req, struct fz_resp *resp,
		      int (*track)(struct fz_store *db, const struct fz_keys *keys,
				   const char *number, const char *phone,
				   json_t **out, struct fz_err *err),
		      struct fz_err *err)
{
	json_t *o;
	int rc;
	FZ_ALLOW("number", "phone");
	rc = track(req->db, req->keys, fz_req_str(req, "number"),
		   fz_req_str(req, "phone"), &o, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

int fz_casehttp_range(struct fz_req *req, struct fz_date *from,
		      struct fz_date *to, struct fz_err *err)
{
	const char *f = fz_req_arg(req, "from"), *t = fz_req_arg(req, "to");
	*from = (struct fz_date){ 0, 0, 0 };
	*to = (struct fz_date){ 0, 0, 0 };
	if ((f && fz_date_parse(from, f, NULL)) || (t && fz_date_parse(to, t, NULL)))
		return fz_err_set(err, FZ_EINVAL, "from", "日期应为 YYYY-MM-DD");
	return 0;
}

/* ---- 待办 ---- */

#define TODO_ITEMS 10   /* rows per domain by default */

/* One domain's part: {key, name, page, param, counts..., items}. */
static int todo_part(const struct fz_casehttp_domain *t, struct fz_req *req,
		     int limit, json_t **out, struct fz_err *err)
{
	struct fz_case_query q = { 0 };
	struct fz_case_todo td;
	struct fz_case_actor a;
	int n = 0, rc;

	fz_casehttp_actor(t->mod, req, &a);
	for (const struct fz_case_type *const *ty = t->mod->types;
	     *ty && n < FZ_CASE_LIST_TYPES; ty++)
		q.types[n++] = (*ty)->key;
	q.scope = a.scope;
	if ((rc = fz_case_todo(req->db, &q, limit, &td, err)))
		return rc;
	list_names(t->mod, req, td.items);
	*out = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o}",
		"key", t->key, "name", t->name, "page", t->page, "param", t->param,
		"overdue", (json_int_t)td.overdue, "red", (json_int_t)td.red,
		"yellow", (json_int_t)td.yellow,
		"due_today", (json_int_t)td.due_today,
		"due_week", (json_int_t)td.due_week,
		"flagged", (json_int_t)td.flagged, "total", (json_int_t)td.total,
		"items", td.items);
	return *out ? 0 : fz_err_set(err, FZ_ENOMEM, NULL, NULL);
}

static int h_todo(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	char today[FZ_DATE_STRLEN];
	json_t *parts = json_array();
	int64_t limit;
	int rc = arg_int(req, "limit", "每类条数", 1, 100, TODO_ITEMS, &limit, err);

	for (const struct fz_casehttp_domain *const *t = fz_app_case_domains;
	     !rc && *t; t++) {
		json_t *part = NULL;
		if (!(req->user->role & (*t)->roles))
			continue;
		if (!(rc = todo_part(*t, req, (int)limit, &part, err)))
			json_array_append_new(parts, part);
	}
	if (rc) {
		json_decref(parts);
		return rc;
	}
	fz_date_format(fz_date_today_cn(), today);
	fz_resp_json(resp, 200, json_pack("{s:s,s:i,s:o}", "today", today,
		"days", FZ_CASE_TODO_DAYS, "domains", parts));
	return 0;
}

const struct fz_route fz_casehttp_routes[] = {
	{ "GET", "/api/v1/todo", h_todo, FZ_ROLE_ALL, 0, NULL },
	{ NULL, NULL, NULL, 0, 0, NULL }
};

/* ---- audit words ---- */

static const struct fz_case_type *any_type(const char *key)
{
	for (const struct fz_casehttp_domain *const *d = fz_app_case_domains;
	     *d; d++)
		for (const struct fz_case_type *const *t = (*d)->mod->types; *t; t++)
			if (!strcmp((*t)->key, key))
				return *t;
	return NULL;
}

int fz_casehttp_audit_name(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n)
{
	const struct fz_case_transition *tr = NULL;
	const struct fz_case_type *t;
	struct fz_case_info ci;

	if (fz_case_info_get(db, id, &ci, NULL))
		return -1;
	snprintf(obj, n, "%s", ci.number[0] ? ci.number : ci.title);
	static const struct { const char *verb, *name; } engine[] = {
		{ "create", "新建" }, { "facts", "更新案件事实" },
		{ "extend", "延长期限" }, { "flag.resolve", "处理案件提示" },
	};
	const char *step = NULL;

	t = any_type(ci.type);
	if (!t || strncmp(action, "case.", 5))
		return 0;
	if ((tr = fz_case_transition_find(t, action + 5)))
		step = tr->name;
	for (size_t i = 0; !step && i < sizeof(engine) / sizeof(engine[0]); i++)
		if (!strcmp(action + 5, engine[i].verb))
			step = engine[i].name;
	if (step)
		snprintf(act, n, "%s：%s", t->name, step);
	return 0;
}
