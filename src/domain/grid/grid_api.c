/* grid_api.c - the 141 registry over HTTP (docs/grid.md, "API"): lists
 * and the summary in the caller's scope, an entity's page, registering
 * and importing, records, overrides and the district's re-grading. */
#include "domain/grid/grid_api.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/json.h"
#include "domain/casehttp/casehttp.h"
#include "domain/grid/grid.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "engine/docs/xlsx.h"
#include "engine/rules/rules.h"
#include "http/handler.h"

/* the departments with safety duties inspect in every town; a 镇街 keeps
 * its own entities */
#define WIDE (FZ_ROLE_OFFICE | FZ_ROLE_OFFICER)
#define READERS (FZ_ROLE_OFFICE | FZ_ROLE_OFFICER | FZ_ROLE_TOWN)
#define W FZ_ROUTE_WRITE

static const struct fz_record_kind entity_kind = {
	"grid.entity", "市场主体不存在", WIDE, fz_grid_entity_path
};

static void actor(struct fz_req *req, struct fz_case_actor *a)
{
	fz_policy_actor(req, WIDE, a);
}

/* ---- the list ---- */

struct filter {
	struct fz_buf where;
	const char *args[12];
	int nargs;
	char lo[256], hi[256], tlo[256], thi[256];
};

static void add(struct filter *f, const char *sql, const char *arg)
{
	fz_buf_adds(&f->where, sql);
	if (arg && f->nargs < 12)
		f->args[f->nargs++] = arg;
}

static int build_filter(struct fz_req *req, struct filter *f, struct fz_err *err)
{
	const char *scope = fz_policy_scope(req->user, WIDE);
	const char *v;
	static const char *const hz[FZ_GRID_NHAZARDS] = {
		" AND (hazards & 1) <> 0", " AND (hazards & 2) <> 0",
		" AND (hazards & 4) <> 0", " AND (hazards & 8) <> 0",
		" AND (hazards & 16) <> 0",
	};

	fz_buf_init(&f->where, 0);
	fz_buf_adds(&f->where, " WHERE 1");
	if (scope[0] && strcmp(scope, "/")) {
		size_t n = strlen(scope);
		snprintf(f->lo, sizeof(f->lo), "%s", scope);
		snprintf(f->hi, sizeof(f->hi), "%s", scope);
		f->hi[n - 1]++;
		add(f, " AND unit_path >= ?", f->lo);
		add(f, " AND unit_path < ?", f->hi);
	}
	if ((v = fz_req_arg(req, "grade")) && *v) {
		if (!fz_grid_grade_name(v[0]) || v[1])
			return fz_err_set(err, FZ_EINVAL, "grade", "风险等级应为A、B、C或D");
		add(f, " AND grade = ?", v);
	}
	if ((v = fz_req_arg(req, "town")) && *v) {
		/* the town's path range, which the (unit_path, grade) index serves */
		char *end;
		long long t = strtoll(v, &end, 10);
		struct fz_err e2 = FZ_ERR_INIT;
		if (*end || t <= 0 || fz_org_unit_path(req->db, t, f->tlo, sizeof(f->tlo), &e2) != 1) {
			add(f, " AND 0", NULL);
		} else {
			snprintf(f->thi, sizeof(f->thi), "%s", f->tlo);
			f->thi[strlen(f->thi) - 1]++;
			add(f, " AND unit_path >= ?", f->tlo);
			add(f, " AND unit_path < ?", f->thi);
		}
	}
	if ((v = fz_req_arg(req, "hazard")) && *v) {
		int b = fz_grid_hazard_bit(v), i = 0;
		if (!b)
			return fz_err_set(err, FZ_EINVAL, "hazard", "风险因素不在目录中");
		while (!(b & (1 << i)))
			i++;
		add(f, hz[i], NULL);
	}
	if ((v = fz_req_arg(req, "industry")) && *v) {
		add(f, " AND substr(industry, 1, length(?))", v);
		add(f, " = ?", v);
	}
	if ((v = fz_req_arg(req, "overridden")) && !strcmp(v, "1"))
		add(f, " AND override IS NOT NULL", NULL);
	if ((v = fz_req_arg(req, "q")) && *v) {
		add(f, " AND (instr(name, ?) > 0", v);
		add(f, " OR uscc = upper(?))", v);
	}
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

/* Town names met in one answer, looked up once each. */
struct names {
	int64_t id[64];
	char name[64][128];
	int n;
};

static const char *town_name(struct fz_store *db, struct names *nm, int64_t id)
{
	for (int i = 0; i < nm->n; i++)
		if (nm->id[i] == id)
			return nm->name[i];
	if (nm->n == 64)
		nm->n = 0;
	nm->id[nm->n] = id;
	return fz_org_unit_name(db, id, nm->name[nm->n++], sizeof(nm->name[0]));
}

static json_t *list_item(struct fz_store *db, struct names *nm, struct fz_stmt *st)
{
	int bits = (int)fz_stmt_int(st, 8);
	json_t *hz = json_array();
	const char *g = fz_stmt_text(st, 7), *size = fz_grid_size_name(fz_stmt_text(st, 6));

	for (int i = 0; i < FZ_GRID_NHAZARDS; i++)
		if (bits & (1 << i))
			json_array_append_new(hz, json_string(fz_grid_hazard_name(i)));
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:s}",
		"id", (json_int_t)fz_stmt_int(st, 0), "uscc", fz_stmt_text(st, 1),
		"name", fz_stmt_text(st, 2), "town", town_name(db, nm, fz_stmt_int(st, 3)),
		"grid", fz_stmt_text(st, 4), "industry", fz_stmt_text(st, 5),
		"size_name", size ? size : "", "grade", g,
		"grade_name", fz_grid_grade_name(g[0]) ? fz_grid_grade_name(g[0]) : "",
		"hazards", hz, "overridden", !fz_stmt_is_null(st, 9),
		"graded_on", fz_stmt_text(st, 10));
}

#define LIST_COLS "id, uscc, name, unit_id, grid, industry, size, grade, hazards," \
		  " override, COALESCE(graded_on, '')"

static int list_rows(struct fz_req *req, const struct filter *f, int64_t off,
		     int64_t per, json_t *items, struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st;
	int rc;

	fz_buf_adds(&sql, "SELECT " LIST_COLS " FROM grid_entities");
	fz_buf_adds(&sql, f->where.data);
	fz_buf_addf(&sql, " ORDER BY grade DESC, id LIMIT %lld OFFSET %lld",
		    (long long)per, (long long)off);
	rc = bind_filter(req->db, &st, sql.data, f, err);
	if (!rc) {
		struct names nm = { .n = 0 };
		while ((rc = fz_stmt_step(st, err)) == 1)
			json_array_append_new(items, list_item(req->db, &nm, st));
		fz_stmt_finish(st);
	}
	fz_buf_release(&sql);
	return rc < 0 ? rc : 0;
}

static int count_rows(struct fz_req *req, const struct filter *f, int64_t *total,
		      struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st;
	int rc;

	fz_buf_adds(&sql, "SELECT count(*) FROM grid_entities");
	fz_buf_adds(&sql, f->where.data);
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
	{ "name", "名称", 't' }, { "uscc", "统一社会信用代码", 't' },
	{ "town", "镇街", 't' }, { "grid", "网格", 't' }, { "industry", "行业代码", 't' },
	{ "size_name", "规模", 't' }, { "grade", "风险等级", 't' },
	{ "grade_name", "风险等级名称", 't' }, { "hazards_text", "风险因素", 't' },
	{ "graded_on", "评定日期", 't' },
	{ NULL, NULL, 0 }
};

static int export_list(struct fz_req *req, struct fz_resp *resp,
		       const struct filter *f, int64_t total, struct fz_err *err)
{
	json_t *items = json_array(), *it;
	size_t i;
	int rc;

	if (total > FZ_XLSX_ROWS_MAX)
		return fz_err_set(err, FZ_EINVAL, "format",
				  "导出的主体超过10万家，请先按镇街或等级筛选");
	rc = list_rows(req, f, 0, total ? total : 1, items, err);
	json_array_foreach(items, i, it) {
		struct fz_buf b = FZ_BUF_INIT;
		size_t k;
		json_t *h;
		json_array_foreach(json_object_get(it, "hazards"), k, h)
			fz_buf_addf(&b, "%s%s", k ? "、" : "", json_string_value(h));
		json_object_set_new(it, "hazards_text", json_string(b.data));
		fz_buf_release(&b);
	}
	if (!rc)
		rc = fz_xlsx_table(export_cols, items, "市场主体风险分级", &resp->body, err);
	json_decref(items);
	if (!rc) {
		char day[FZ_DATE_STRLEN], name[96], ascii[48];
		fz_date_format(fz_date_today_cn(), day);
		snprintf(name, sizeof(name), "市场主体风险分级_%s.xlsx", day);
		snprintf(ascii, sizeof(ascii), "entities_%s.xlsx", day);
		fz_casehttp_download(resp, "application/vnd.openxmlformats-officedocument."
				     "spreadsheetml.sheet", name, ascii, 0);
	}
	return rc;
}

/* GET /api/v1/grid/entities?q=&town=&grade=&hazard=&industry=&overridden=1
 * &page=&per_page=&format=xlsx */
static int h_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct filter f = { 0 };
	int64_t page, per, total = 0;
	json_t *items;
	const char *fmt = fz_req_arg(req, "format");
	int rc = build_filter(req, &f, err);

	fz_req_paging(req, &page, &per);
	if (!rc)
		rc = count_rows(req, &f, &total, err);
	if (!rc && fmt && !strcmp(fmt, "xlsx")) {
		rc = export_list(req, resp, &f, total, err);
		fz_buf_release(&f.where);
		return rc;
	}
	items = json_array();
	if (!rc)
		rc = list_rows(req, &f, (page - 1) * per, per, items, err);
	fz_buf_release(&f.where);
	if (rc) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, fz_resp_list(items, total, page, per));
	return 0;
}

/* GET /api/v1/grid/summary: counts by grade, and by town and grade, in
 * the caller's scope */
static int h_summary(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct filter f = { 0 };
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st = NULL;
	json_t *by = json_object(), *towns = json_array(), *cur = NULL;
	int64_t last = -1, total = 0;
	char name[128];
	int rc = build_filter(req, &f, err);

	/* by path, not unit id: the (unit_path, grade) index answers it; a
	 * town's path is its own, and ends in its id ("/1/16/") */
	fz_buf_adds(&sql, "SELECT unit_path, grade, count(*) FROM grid_entities");
	fz_buf_adds(&sql, f.where.data);
	fz_buf_adds(&sql, " GROUP BY unit_path, grade ORDER BY length(unit_path), unit_path, grade");
	for (int g = 'A'; g <= 'D'; g++)
		json_object_set_new(by, (char[]){ (char)g, 0 }, json_integer(0));
	if (!rc)
		rc = bind_filter(req->db, &st, sql.data, &f, err);
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		int64_t unit = fz_casehttp_path_unit(fz_stmt_text(st, 0)), n = fz_stmt_int(st, 2);
		const char *g = fz_stmt_text(st, 1);
		if (unit != last) {
			cur = json_pack("{s:I,s:s,s:I,s:I,s:I,s:I,s:I}", "unit_id",
					(json_int_t)unit, "town",
					fz_org_unit_name(req->db, unit, name, sizeof(name)),
					"A", (json_int_t)0, "B", (json_int_t)0, "C", (json_int_t)0,
					"D", (json_int_t)0, "total", (json_int_t)0);
			json_array_append_new(towns, cur);
			last = unit;
		}
		json_object_set_new(cur, g, json_integer(n));
		json_object_set_new(cur, "total", json_integer(
			json_integer_value(json_object_get(cur, "total")) + n));
		json_object_set_new(by, g, json_integer(
			json_integer_value(json_object_get(by, g)) + n));
		total += n;
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	fz_buf_release(&sql);
	fz_buf_release(&f.where);
	if (rc < 0) {
		json_decref(by);
		json_decref(towns);
		return rc;
	}
	fz_resp_json(resp, 200, json_pack("{s:I,s:o,s:o}", "total", (json_int_t)total,
					  "by_grade", by, "towns", towns));
	return 0;
}

/* GET /api/v1/grid/rules: the grading rules, for the page's legend */
static int h_rules(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_rules *set = fz_grid_rules(err);
	json_t *a;

	if (!set)
		return err->code;
	a = json_array();
	for (size_t i = 0; i < fz_rules_count(set); i++) {
		const struct fz_rule_info *r = fz_rules_info(set, i);
		json_array_append_new(a, json_pack("{s:s,s:s%,s:s,s:s,s:s}", "rule", r->id,
			"grade", r->id, (size_t)1, "name", r->name, "cite", r->cite,
			"message", r->message));
	}
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", a));
	return 0;
}

static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *o = NULL;
	int64_t id;
	int rc = fz_req_id(req, 0, &id, err);

	if (!rc)
		rc = fz_grid_entity_json(req->db, id, &o, err);
	if (!rc)
		fz_resp_json(resp, 200, o);
	return rc;
}

/* ---- writes ---- */

static int read_hazards(struct fz_req *req, int *bits, struct fz_err *err)
{
	json_t *v = json_object_get(req->json, "hazards"), *x;
	size_t i;

	*bits = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return fz_err_set(err, FZ_EINVAL, "hazards", "风险因素应为列表");
	json_array_foreach(v, i, x) {
		int b = fz_grid_hazard_bit(json_string_value(x));
		if (!b)
			return fz_err_set(err, FZ_EINVAL, "hazards", "风险因素不在目录中");
		*bits |= b;
	}
	return 0;
}

/* POST /api/v1/grid/entities {uscc, name, unit_id, grid?, industry, size,
 * employees?, hazards?, address?}: registers, or updates the entity with
 * that code */
static int h_upsert(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_grid_entity e = { 0 };
	struct fz_case_actor a;
	int64_t id = 0, emp = -1;
	int what = 0, rc;
	json_t *o = NULL;
	FZ_ALLOW("uscc", "name", "unit_id", "grid", "industry", "size", "employees",
		 "hazards", "address");

	if ((rc = fz_json_int(req->json, "unit_id", "所属镇街", 1, INT64_MAX, 1,
			      &e.unit_id, err)) ||
	    (rc = fz_json_int(req->json, "employees", "从业人数", 0, 1000000, 0, &emp, err)) ||
	    (rc = read_hazards(req, &e.hazards, err)))
		return rc;
	e.employees = emp;
	e.uscc = fz_req_str(req, "uscc");
	e.name = fz_req_str(req, "name");
	e.grid = fz_req_str(req, "grid");
	e.industry = fz_req_str(req, "industry");
	e.size = fz_req_str(req, "size");
	e.address = fz_req_str(req, "address");
	actor(req, &a);
	if ((rc = fz_grid_upsert(req->db, &a, &e, 0, &id, &what, err)) ||
	    (rc = fz_grid_entity_json(req->db, id, &o, err)))
		return rc;
	json_object_set_new(o, "outcome", json_string(what == FZ_GRID_ADDED ? "added" :
				what == FZ_GRID_UPDATED ? "updated" : "same"));
	fz_resp_json(resp, what == FZ_GRID_ADDED ? 201 : 200, o);
	return 0;
}

/* POST /api/v1/grid/import {file, text}: CSV or JSON, all or nothing */
static int h_import(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_grid_import res;
	struct fz_case_actor a;
	const char *text = fz_req_str(req, "text");
	int rc;
	FZ_ALLOW("file", "text");

	if (!text || !*text)
		return fz_err_set(err, FZ_EINVAL, "text", "请选择要导入的文件");
	actor(req, &a);
	rc = fz_grid_import_text(req->db, &a, fz_req_str(req, "file"), text,
				 strlen(text), &res, err);
	if (rc == FZ_EINVAL && json_array_size(res.errors)) {
		fz_resp_json(resp, 400, json_pack("{s:{s:s,s:s,s:s,s:O}}", "error",
			"code", "invalid", "field", "file", "message", err->msg,
			"rows", res.errors));
		json_decref(res.errors);
		return 0;
	}
	json_decref(res.errors);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:I,s:I,s:I}", "added", (json_int_t)res.added,
					  "updated", (json_int_t)res.updated,
					  "same", (json_int_t)res.same));
	return 0;
}

/* POST /api/v1/grid/entities/{id}/records {kind, on?, hazards?, major?,
 * open_major?, note?} */
static int h_record(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_grid_record r = { 0 };
	struct fz_case_actor a;
	int64_t id, rid = 0;
	json_t *o = NULL;
	int rc;
	FZ_ALLOW("kind", "on", "hazards", "major", "open_major", "note");

	if ((rc = fz_req_id(req, 0, &id, err)) ||
	    (rc = fz_req_date(req, "on", &r.on, err)) ||
	    (rc = fz_json_int(req->json, "hazards", "一般隐患数", 0, 1000, 0, &r.hazards, err)) ||
	    (rc = fz_json_int(req->json, "major", "重大事故隐患数", 0, 100, 0, &r.major, err)) ||
	    (rc = fz_json_int(req->json, "open_major", "未整改的重大事故隐患数", 0, 100, 0,
			      &r.open_major, err)))
		return rc;
	r.kind = fz_req_str(req, "kind");
	r.note = fz_req_str(req, "note");
	actor(req, &a);
	if ((rc = fz_grid_record_add(req->db, &a, id, &r, &rid, err)) ||
	    (rc = fz_grid_entity_json(req->db, id, &o, err)))
		return rc;
	json_object_set_new(o, "record_id", json_integer(rid));
	fz_resp_json(resp, 201, o);
	return 0;
}

/* POST /api/v1/grid/entities/{id}/rectified {record_id?, on?}: 复查通过,
 * the 重大事故隐患 of one inspection, or of all, are removed */
static int h_rectified(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id, rid = 0;
	json_t *o = NULL;
	int rc;
	FZ_ALLOW("record_id", "on");

	if ((rc = fz_req_id(req, 0, &id, err)) ||
	    (rc = fz_json_int(req->json, "record_id", "检查记录", 1, INT64_MAX, 0, &rid, err)) ||
	    (rc = fz_req_date(req, "on", &on, err)))
		return rc;
	actor(req, &a);
	if ((rc = fz_grid_record_rectified(req->db, &a, id, rid, on, err)) ||
	    (rc = fz_grid_entity_json(req->db, id, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

/* POST /api/v1/grid/entities/{id}/override {grade: "A".."D" or null, reason} */
static int h_override(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	json_t *g = json_object_get(req->json, "grade"), *o = NULL;
	const char *gs = json_string_value(g);
	int64_t id;
	int rc;
	FZ_ALLOW("grade", "reason");

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	if (!json_is_null(g) && (!gs || strlen(gs) != 1 || !fz_grid_grade_name(gs[0])))
		return fz_err_set(err, FZ_EINVAL, "grade", "风险等级应为A、B、C或D");
	actor(req, &a);
	if ((rc = fz_grid_override(req->db, &a, id, gs ? gs[0] : 0,
				   fz_req_str(req, "reason"), err)) ||
	    (rc = fz_grid_entity_json(req->db, id, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

/* POST /api/v1/grid/regrade {}: the whole district, by the rules */
static int h_regrade(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_grid_regrade r;
	struct fz_case_actor a;
	struct timespec t0, t1;
	int rc;
	FZ_ALLOW("_");

	actor(req, &a);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = fz_grid_regrade_all(req->db, &a, (struct fz_date){ 0 }, &r, err)))
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fz_resp_json(resp, 200, json_pack("{s:I,s:I,s:{s:I,s:I,s:I,s:I},s:I}",
		"entities", (json_int_t)r.entities, "changed", (json_int_t)r.changed,
		"by_grade", "A", (json_int_t)r.by[0], "B", (json_int_t)r.by[1],
		"C", (json_int_t)r.by[2], "D", (json_int_t)r.by[3],
		"ms", (json_int_t)((t1.tv_sec - t0.tv_sec) * 1000 +
				   (t1.tv_nsec - t0.tv_nsec) / 1000000)));
	return 0;
}

/* ---- 综合查一次 ---- */

static const struct fz_record_kind plan_kind = {
	"grid.plan", "检查计划不存在", 0, fz_grid_plan_path
};

static json_t *note_json(const struct fz_grid_plan_note *n)
{
	return json_pack("{s:s,s:s,s:i,s:i,s:i,s:i,s:b}", "joint_with", n->joint,
			 "suggest_month", n->suggest, "visits", n->visits,
			 "routine", n->routine, "per_year", n->per_year, "cap", n->cap,
			 "over_cap", n->routine > n->cap);
}

/* POST /api/v1/grid/plans {entity_id, month, reason, items}: the caller's
 * unit plans a visit; the answer says whom it joins and the year's count */
static int h_plan(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_grid_plan p = { 0 };
	struct fz_grid_plan_note note;
	struct fz_case_actor a;
	int64_t id = 0;
	json_t *o;
	int rc;
	FZ_ALLOW("entity_id", "month", "reason", "items");

	if ((rc = fz_json_int(req->json, "entity_id", "市场主体", 1, INT64_MAX, 1,
			      &p.entity_id, err)))
		return rc;
	p.month = fz_req_str(req, "month");
	p.reason = fz_req_str(req, "reason");
	p.items = fz_req_str(req, "items");
	actor(req, &a);
	if ((rc = fz_grid_plan_add(req->db, &a, &p, &id, &note, err)))
		return rc;
	o = note_json(&note);
	json_object_set_new(o, "id", json_integer(id));
	fz_resp_json(resp, 201, o);
	return 0;
}

static int h_plan_cancel(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	int rc = fz_req_id(req, 0, &id, err);

	if (rc)
		return rc;
	fz_policy_actor(req, 0, &a);
	if ((rc = fz_grid_plan_cancel(req->db, &a, id, err)))
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

/* One entity's plans of the month, with the agencies' words. */
static json_t *plan_group(struct fz_store *db, struct names *nm, int64_t entity,
			  const char *month, struct fz_err *err)
{
	struct fz_grid_plan_note note;
	json_t *g = NULL, *agencies = json_array();
	struct fz_stmt *st;
	char name[128];
	int rc = fz_store_query(db, &st, err, "SELECT p.id, p.unit_id, p.reason, p.items,"
		" e.name, e.uscc, e.unit_id, e.grade FROM grid_plans p JOIN grid_entities e"
		" ON e.id = p.entity_id WHERE p.entity_id = ? AND p.month = ? ORDER BY p.id",
		"It", entity, month);

	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		const char *grade = fz_stmt_text(st, 7);
		if (!g)
			g = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "entity_id", (json_int_t)entity,
				      "name", fz_stmt_text(st, 4), "uscc", fz_stmt_text(st, 5),
				      "town", town_name(db, nm, fz_stmt_int(st, 6)), "grade", grade,
				      "grade_name", fz_grid_grade_name(grade[0]) ? fz_grid_grade_name(grade[0]) : "");
		json_array_append_new(agencies, json_pack("{s:I,s:s,s:s,s:s}",
			"plan_id", (json_int_t)fz_stmt_int(st, 0),
			"unit", fz_org_unit_name(db, fz_stmt_int(st, 1), name, sizeof(name)),
			"reason_name", fz_grid_reason_name(fz_stmt_text(st, 2)),
			"items", fz_stmt_text(st, 3)));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	if (rc < 0 || !g || (rc = fz_grid_plan_note(db, entity, 0, month, &note, err))) {
		json_decref(g);
		json_decref(agencies);
		return NULL;
	}
	json_object_set_new(g, "joint", json_boolean(json_array_size(agencies) > 1));
	json_object_set_new(g, "agencies", agencies);
	json_object_update_new(g, note_json(&note));
	json_object_del(g, "joint_with");
	json_object_del(g, "suggest_month");
	return g;
}

/* GET /api/v1/grid/plans?month=YYYY-MM&joint=1&(entity filters)&page&per_page:
 * the month's visits per entity in the caller's scope, merged */
static int h_plans(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const char *month = fz_req_arg(req, "month"), *joint = fz_req_arg(req, "joint");
	struct fz_buf sql = FZ_BUF_INIT, where = FZ_BUF_INIT;
	struct filter f = { 0 };
	struct names nm = { .n = 0 };
	int64_t page, per, plans = 0, groups = 0, shown = 0;
	json_t *items = json_array();
	struct fz_stmt *st = NULL;
	int rc;

	fz_req_paging(req, &page, &per);
	if (!month || strlen(month) != 7 || month[4] != '-' || strspn(month, "0123456789-") != 7) {
		json_decref(items);
		return fz_err_set(err, FZ_EINVAL, "month", "月份应为 YYYY-MM");
	}
	rc = build_filter(req, &f, err);
	/* the filter's anonymous parameters first: they number 1..nargs */
	fz_buf_addf(&where, " FROM grid_plans WHERE entity_id IN (SELECT id FROM"
		    " grid_entities%s) AND month = ?%d", f.where.data, f.nargs + 1);
	if (!rc) {
		fz_buf_addf(&sql, "SELECT count(*), count(DISTINCT entity_id)%s", where.data);
		if (!(rc = bind_filter(req->db, &st, sql.data, &f, err))) {
			fz_stmt_bind_text(st, f.nargs + 1, month);
			if ((rc = fz_stmt_step(st, err)) == 1) {
				plans = fz_stmt_int(st, 0);
				groups = fz_stmt_int(st, 1);
				rc = 0;
			}
			fz_stmt_finish(st);
		}
	}
	if (!rc && joint && !strcmp(joint, "1")) {
		fz_buf_reset(&sql);
		fz_buf_addf(&sql, "SELECT count(*) FROM (SELECT entity_id%s GROUP BY entity_id"
			    " HAVING count(*) > 1)", where.data);
		if (!(rc = bind_filter(req->db, &st, sql.data, &f, err))) {
			fz_stmt_bind_text(st, f.nargs + 1, month);
			if ((rc = fz_stmt_step(st, err)) == 1) {
				shown = fz_stmt_int(st, 0);
				rc = 0;
			}
			fz_stmt_finish(st);
		}
	} else
		shown = groups;
	if (!rc) {
		fz_buf_reset(&sql);
		fz_buf_addf(&sql, "SELECT entity_id%s GROUP BY entity_id%s ORDER BY count(*) DESC,"
			    " entity_id LIMIT %lld OFFSET %lld", where.data,
			    joint && !strcmp(joint, "1") ? " HAVING count(*) > 1" : "",
			    (long long)per, (long long)((page - 1) * per));
		rc = bind_filter(req->db, &st, sql.data, &f, err);
	}
	if (!rc) {
		int64_t ids[100];
		int n = 0;
		fz_stmt_bind_text(st, f.nargs + 1, month);
		while (n < 100 && (rc = fz_stmt_step(st, err)) == 1)
			ids[n++] = fz_stmt_int(st, 0);
		fz_stmt_finish(st);
		rc = rc < 0 ? rc : 0;
		for (int i = 0; !rc && i < n; i++) {
			json_t *g = plan_group(req->db, &nm, ids[i], month, err);
			if (!g)
				rc = err->code ? err->code : FZ_EINTERNAL;
			else
				json_array_append_new(items, g);
		}
	}
	fz_buf_release(&sql);
	fz_buf_release(&where);
	fz_buf_release(&f.where);
	if (rc) {
		json_decref(items);
		return rc;
	}
	json_t *o = fz_resp_list(items, shown, page, per);
	json_object_set_new(o, "month", json_string(month));
	json_object_set_new(o, "plans", json_integer(plans));
	json_object_set_new(o, "visits", json_integer(groups));
	json_object_set_new(o, "saved", json_integer(plans - groups));
	fz_resp_json(resp, 200, o);
	return 0;
}

#define KEEPERS (FZ_ROLE_OFFICE | FZ_ROLE_OFFICER | FZ_ROLE_TOWN)

const struct fz_route fz_grid_routes[] = {
	{ "GET", "/api/v1/grid/entities", h_list, READERS, 0 },
	{ "POST", "/api/v1/grid/entities", h_upsert, KEEPERS, W },
	{ "POST", "/api/v1/grid/import", h_import, KEEPERS, W },
	{ "GET", "/api/v1/grid/summary", h_summary, READERS, 0 },
	{ "GET", "/api/v1/grid/rules", h_rules, READERS, 0 },
	{ "POST", "/api/v1/grid/regrade", h_regrade, FZ_ROLE_OFFICE, W },
	{ "GET", "/api/v1/grid/entities/{id}", h_get, READERS, 0, &entity_kind },
	{ "POST", "/api/v1/grid/entities/{id}/records", h_record, KEEPERS, W, &entity_kind },
	{ "POST", "/api/v1/grid/entities/{id}/rectified", h_rectified, KEEPERS, W,
	  &entity_kind },
	{ "POST", "/api/v1/grid/entities/{id}/override", h_override, KEEPERS, W, &entity_kind },
	{ "GET", "/api/v1/grid/plans", h_plans, READERS, 0 },
	{ "POST", "/api/v1/grid/plans", h_plan, KEEPERS, W },
	{ "DELETE", "/api/v1/grid/plans/{id}", h_plan_cancel, KEEPERS, W, &plan_kind },
	{ NULL, NULL, NULL, 0, 0 }
};
