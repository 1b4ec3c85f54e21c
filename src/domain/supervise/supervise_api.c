/* supervise_api.c - 法治督察 over HTTP: the office issues a 通报 or an 整改
 * 提醒函 to a unit; the unit sees its own and reports its rectification;
 * the office accepts or returns it.  Lists, pages, steps and the export
 * are the shared case layer's (domain/casehttp). */
#include "domain/supervise/supervise_api.h"

#include <string.h>

#include "core/json.h"
#include "domain/policy/policy.h"
#include "domain/supervise/supervise.h"
#include "engine/case/case.h"
#include "http/handler.h"

/* the office and the 司法局 see every unit's findings; a unit its own */
#define WIDE (FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE)
#define READERS (WIDE | FZ_ROLE_TOWN | FZ_ROLE_OFFICER | FZ_ROLE_COURT | \
		 FZ_ROLE_PROCURATOR)
#define W FZ_ROUTE_WRITE

static int case_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	return fz_case_unit_path(db, id, "supervise.", path, n, err);
}

static const struct fz_record_kind case_kind = {
	"supervise.item", "督察事项不存在", WIDE, case_path
};

static const struct fz_case_type *const types[] = { &fz_supervise_case, NULL };

static const struct fz_case_column columns[] = {
	{ "s.kind", "kind", 't' },
	{ "s.unit_id", "unit", 'u', "" },
	{ "s.days", "days", 'i' },
	{ "COALESCE(s.answered_on, '')", "answered_on", 't' },
	{ NULL, NULL, 0 }
};
static const struct fz_case_join join = {
	" JOIN supervise_items s ON s.case_id = c.id", columns
};
static const struct fz_casehttp_filter filters[] = {
	{ "kind", "s.kind = ?" },
	{ NULL, NULL }
};

static void row(json_t *item)
{
	const char *k = fz_supervise_kind_name(json_string_value(json_object_get(item, "kind")));
	json_object_set_new(item, "kind_name", json_string(k ? k : ""));
}

static int act(struct fz_req *req, const struct fz_cal *cal,
	       const struct fz_case_actor *a, int64_t id, const char *transition,
	       struct fz_date on, json_t *data, const char *note,
	       struct fz_err *err)
{
	struct fz_case_act ca = { transition, on, data, note, NULL };
	return fz_case_apply(req->db, cal, &fz_supervise_case, a, id, &ca, err);
}

static const struct fz_xlsx_col export_cols[] = {
	{ "number", "文号", 't' }, { "kind_name", "类别", 't' },
	{ "unit", "被督察单位", 't' }, { "state_name", "状态", 't' },
	{ "opened_on", "印发日期", 't' }, { "answered_on", "报送整改日期", 't' },
	{ "closed_on", "销号日期", 't' }, { "light_name", "信号灯", 't' },
	{ "next_due", "最近届满", 't' },
	{ NULL, NULL, 0 }
};

static const struct fz_casehttp mod = {
	.record = &case_kind, .types = types, .cal = fz_casehttp_cal,
	.join = &join, .filters = filters, .row = row, .act = act,
	.export_cols = export_cols, .export_name = "法治督察事项",
};

/* POST /api/v1/supervise/items {kind, unit_id, problem, demand, days,
 * issued_on?}: the unit must lie in the office's scope (it is the
 * district's). */
static int h_issue(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_supervise_new n = { 0 };
	struct fz_case_actor a;
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id, days = 0;
	int rc;
	FZ_ALLOW("kind", "unit_id", "problem", "demand", "days", "issued_on");

	if ((rc = fz_casehttp_need_cal(&mod, err)) ||
	    (rc = fz_json_int(req->json, "unit_id", "被督察单位", 1, INT64_MAX, 1,
			      &n.unit_id, err)) ||
	    (rc = fz_json_int(req->json, "days", "整改期限", 1, 366, 1, &days, err)) ||
	    (rc = fz_req_date(req, "issued_on", &n.issued, err)))
		return rc;
	n.kind = fz_req_str(req, "kind");
	n.problem = fz_req_str(req, "problem");
	n.demand = fz_req_str(req, "demand");
	n.days = (int)days;
	fz_casehttp_actor(&mod, req, &a);
	if ((rc = fz_supervise_issue(req->db, fz_casehttp_cal(), &a, &n, &id, number, err)))
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "number", number));
	return 0;
}

static int h_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_list(&mod, req, resp, err);
}

static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_get(&mod, req, resp, err);
}

static int h_act(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_act(&mod, req, resp, err);
}

const struct fz_casehttp_domain fz_supervise_domain = {
	"supervise", "法治督察", "/supervise", "case", READERS, &mod
};

const struct fz_route fz_supervise_routes[] = {
	{ "POST", "/api/v1/supervise/items", h_issue, FZ_ROLE_OFFICE, W },
	{ "GET", "/api/v1/supervise/items", h_list, READERS, 0 },
	{ "GET", "/api/v1/supervise/items/{id}", h_get, READERS, 0, &case_kind },
	{ "POST", "/api/v1/supervise/items/{id}/actions", h_act, READERS, W, &case_kind },
	{ NULL, NULL, NULL, 0, 0 }
};
