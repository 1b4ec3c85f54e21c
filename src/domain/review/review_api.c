/* review_api.c - HTTP handlers of 行政复议 (docs/review.md): the public
 * application and tracking, station intake, case pages and steps,
 * officers, lawsuits, the figures and the decision PDF. */
#include "domain/review/review.h"
#include "domain/review/review_files.h"
#include "domain/review/review_doc.h"
#include "domain/review/review_metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "http/handler.h"

#define JUS FZ_ROLE_JUSTICE
#define STAFF (FZ_ROLE_JUSTICE | FZ_ROLE_OFFICE | FZ_ROLE_ADMIN)
#define INTAKE (FZ_ROLE_JUSTICE | FZ_ROLE_TOWN)
#define W FZ_ROUTE_WRITE

static int case_extras(struct fz_req *req, int64_t id, json_t *o,
		       struct fz_err *err);
static void acceptance_extras(json_t *o);
static void period_extras(json_t *o);

static int case_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	return fz_case_unit_path(db, id, "review.", path, n, err);
}

/* A lawsuit belongs to the unit sued; the 司法局 handles 应诉 for all. */
static int suit_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	int64_t unit = 0;
	int rc = fz_store_int(db, &unit, err,
		"SELECT defendant_unit FROM review_suits WHERE id = ?", "I", id);
	return rc <= 0 ? rc : fz_org_unit_path(db, unit, path, n, err);
}

static const struct fz_record_kind case_kind = {
	"review.case", "复议案件不存在", 0, case_path
};
static const struct fz_record_kind suit_kind = {
	"review.suit", "应诉案件不存在", FZ_ROLE_JUSTICE, suit_path
};

static const struct fz_case_type *const types[] = { &fz_review_case, NULL };

static const struct fz_case_column columns[] = {
	{ "r.organ_name", "organ", 't' },
	{ "r.station_id", "station", 'u', "网上申请" },
	{ "COALESCE(o.name, '')", "officer", 't' },
	{ NULL, NULL, 0 }
};
static const struct fz_case_join join = {
	" JOIN review_cases r ON r.case_id = c.id"
	" LEFT JOIN review_officers o ON o.id = r.officer_id", columns
};
static const struct fz_casehttp_filter filters[] = {
	{ "channel", "r.channel = ?" },
	{ "officer", "r.officer_id = CAST(? AS INTEGER)" },
	{ NULL, NULL }
};

static int act(struct fz_req *req, const struct fz_cal *cal,
	       const struct fz_case_actor *a, int64_t id, const char *transition,
	       struct fz_date on, json_t *data, const char *note,
	       struct fz_err *err)
{
	return fz_review_act(req->db, cal, a, id, transition, on, data, note, err);
}

static int assign(struct fz_store *db, const struct fz_cal *cal,
		  const struct fz_case_actor *a, int64_t id, int64_t who,
		  struct fz_date on, struct fz_err *err)
{
	int64_t chosen = 0;
	return fz_review_assign(db, a, id, who, &chosen, err);
}

static int document(struct fz_req *req, const struct fz_case_actor *a,
		    int64_t id, const char *kind, int *html, struct fz_buf *out,
		    struct fz_err *err)
{
	if (strcmp(kind, "decision"))
		return fz_err_set(err, FZ_ENOTFOUND, "kind", "文书不存在");
	*html = 0;
	return fz_review_decision_pdf(req->db, a, id, out, err);
}

static const struct fz_xlsx_col export_cols[] = {
	{ "number", "编号", 't' }, { "title", "案件", 't' },
	{ "organ", "被申请人", 't' }, { "station", "受理站点", 't' },
	{ "officer", "承办人", 't' }, { "state_name", "环节", 't' },
	{ "opened_on", "收到日期", 't' }, { "closed_on", "办结日期", 't' },
	{ "light_name", "信号灯", 't' }, { "next_due", "最近届满", 't' },
	{ NULL, NULL, 0 }
};

static const struct fz_casehttp mod = {
	.record = &case_kind, .types = types, .cal = fz_review_cal,
	.join = &join, .filters = filters, .act = act,
	.extras = case_extras, .assign = assign, .document = document,
	.export_cols = export_cols, .export_name = "行政复议案件",
};

/* ---- public ---- */

/* The intake fields of 行政复议法 Art. 20, 21 (review_period.c), as the
 * facts they become: API name, fact, kind ('d' date, 'b' bool, 't' text). */
static const struct {
	const char *field, *fact;
	char kind;
} period_fields[] = {
	{ "known_on", "知道行为日期", 'd' },
	{ "act_on", "行为作出日期", 'd' },
	{ "informed", "已告知复议权利", 'b' },
	{ "informed_on", "知道复议权利日期", 'd' },
	{ "real_property", "涉及不动产", 'b' },
	{ "delay_reason", "耽误事由", 't' },
	{ "obstacle_from", "障碍发生日期", 'd' },
	{ "obstacle_to", "障碍消除日期", 'd' },
};
#define PERIOD_FIELDS "known_on", "act_on", "informed", "informed_on", \
	"real_property", "delay_reason", "obstacle_from", "obstacle_to"

/* The application's facts: the staff's facts object (if any) with the
 * period fields on top, as a new object in *out (caller decrefs). */
static int period_facts(struct fz_req *req, json_t **out, struct fz_err *err)
{
	const json_t *given = req->json ? json_object_get(req->json, "facts") : NULL;
	json_t *f = json_is_object(given) ? json_deep_copy(given) : json_object();

	if (!f)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	for (size_t i = 0; i < sizeof(period_fields) / sizeof(period_fields[0]); i++) {
		json_t *v = req->json ? json_object_get(req->json, period_fields[i].field) : NULL;
		int ok = period_fields[i].kind == 'b' ? json_is_boolean(v) :
			 json_is_string(v);
		if (!v || json_is_null(v) || (json_is_string(v) && !json_string_value(v)[0]))
			continue;
		if (!ok) {
			json_decref(f);
			return fz_err_set(err, FZ_EINVAL, period_fields[i].field,
					  period_fields[i].kind == 'b' ? "「%s」应为是或否" :
					  "「%s」应为文字", period_fields[i].fact);
		}
		json_object_set(f, period_fields[i].fact, v);
	}
	if (json_is_string(json_object_get(f, "耽误事由")) &&
	    (fz_casehttp_text_ok(json_string_value(json_object_get(f, "耽误事由")),
				 1, 500, "delay_reason", "耽误事由", err))) {
		json_decref(f);
		return FZ_EINVAL;
	}
	*out = f;
	return 0;
}

/* An error the domain reports on a period fact names the API field the
 * caller sent (known_on, not 知道行为日期). */
static int period_field(int rc, struct fz_err *err)
{
	for (size_t i = 0; rc && i < sizeof(period_fields) / sizeof(period_fields[0]); i++)
		if (!strcmp(err->field, period_fields[i].fact))
			snprintf(err->field, sizeof(err->field), "%s",
				 period_fields[i].field);
	return rc;
}

static int application_from(struct fz_req *req, struct fz_review_application *a,
			    struct fz_err *err)
{
	int rc = fz_req_date(req, "received_on", &a->received, err);
	a->applicant = fz_req_str(req, "applicant");
	a->applicant_id = fz_req_str(req, "applicant_id");
	a->phone = fz_req_str(req, "phone");
	a->address = fz_req_str(req, "address");
	a->respondent = fz_req_str(req, "respondent");
	a->respondent_kind = fz_req_str(req, "respondent_kind");
	a->act = fz_req_str(req, "act");
	a->request = fz_req_str(req, "request");
	a->facts = NULL;
	if (req->json) {
		a->third_parties = json_object_get(req->json, "third_parties");
		a->agents = json_object_get(req->json, "agents");
	}
	if (req->json && json_object_get(req->json, "facts") &&
	    !json_is_object(json_object_get(req->json, "facts")))
		return fz_err_set(err, FZ_EINVAL, "facts", "案件事实应为 JSON 对象");
	if (!rc) {
		json_t *f = NULL;
		rc = period_facts(req, &f, err);
		a->facts = f;   /* ours now: the handler drops it */
	}
	return rc;
}

static int answer_created(struct fz_req *req, struct fz_resp *resp,
			  int64_t id, const char *number)
{
	struct fz_review_route r;
	json_t *o;
	fz_review_route(fz_req_str(req, "respondent_kind"), &r, NULL);
	o = json_pack("{s:s,s:s,s:b,s:s}", "number", number,
		"organ", r.organ_name, "forward", !r.in_district,
		"message", r.in_district ? "申请已收到，将在五个工作日内审查是否受理"
		: "申请已收到，本案应由其他机关管辖，将依法转送");
	if (id)
		json_object_set_new(o, "id", json_integer(id));
	fz_resp_json(resp, 201, o);
	return 0;
}

static int h_public_apply(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	struct fz_review_application a = { 0 };
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id;
	int rc;
	FZ_ALLOW("applicant", "applicant_id", "phone", "address", "respondent",
	      "respondent_kind", "act", "request", "third_parties", "agents",
	      "files", PERIOD_FIELDS);

	if ((rc = fz_casehttp_need_cal(&mod, err)))
		return rc;
	rc = application_from(req, &a, err);
	a.channel = "online";
	a.received = (struct fz_date){ 0, 0, 0 };
	a.files = json_object_get(req->json, "files");
	if (!rc)
		rc = period_field(fz_review_apply(req->db, fz_review_cal(),
						  req->keys, NULL, req->ip, &a,
						  &id, number, err), err);
	json_decref((json_t *)a.facts);
	return rc ? rc : answer_created(req, resp, 0, number);
}

static int h_public_track(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	return fz_casehttp_track(req, resp, fz_review_track, err);
}

/* POST /api/v1/public/review/files?kind=  (the file as the body) ->
 * {ticket, kind, kind_name, size}: one material of an application to come
 * (review_files.h). */
static int h_public_file(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	char ticket[FZ_REVIEW_TICKET_LEN];
	const char *kind = fz_req_arg(req, "kind");
	int rc = fz_review_file_stage(req->db, req->keys, kind, req->body,
				      req->body_len, ticket, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:s,s:s,s:s,s:I}", "ticket", ticket,
		"kind", kind, "kind_name", fz_review_file_kind_name(kind),
		"size", (json_int_t)req->body_len));
	return 0;
}

/* GET /api/v1/review/cases/{id}/files/{file}: the material as uploaded,
 * named after the case number and its kind. */
static int h_file(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int64_t id = strtoll(req->params[0], NULL, 10);
	int64_t fid = strtoll(req->params[1], NULL, 10);
	struct fz_case_info ci;
	const char *mime, *ext;
	char kind[64], name[256];
	int rc = fz_case_info_get(req->db, id, &ci, err);

	if (!rc)
		rc = fz_review_file_get(req->db, req->keys, id, fid, &resp->body,
					&mime, &ext, kind, sizeof(kind), err);
	if (rc)
		return rc;
	snprintf(name, sizeof(name), "%s%s.%s", ci.number, kind, ext);
	fz_casehttp_download(resp, mime, name, "file", 1);
	return 0;
}

static int add_station(const struct fz_unit_info *u, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I,s:s}", "id", (json_int_t)u->id,
					     "name", u->name));
	return 0;
}

static int h_public_stations(struct fz_req *req, struct fz_resp *resp,
			     struct fz_err *err)
{
	json_t *items = json_array();
	int rc = fz_org_units_each(req->db, "station", NULL, add_station, items, err);
	if (rc) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- station intake ---- */

static int station_ok(struct fz_req *req, int64_t station, struct fz_err *err)
{
	struct fz_unit_info u;

	if (fz_org_unit_get(req->db, station, &u, NULL) || strcmp(u.kind, "station"))
		return fz_err_set(err, FZ_EINVAL, "station_id", "受理站点应为行政复议基层服务站");
	/* the 司法局 runs every station; a 镇街 user only its own */
	if (!fz_policy_reaches(req->user, FZ_ROLE_JUSTICE, u.path))
		return fz_err_set(err, FZ_EFORBID, "station_id", "该站点不在您的管辖范围内");
	return 0;
}

static int h_intake(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	struct fz_review_application a = { 0 };
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id, station = 0;
	int rc;
	FZ_ALLOW("station_id", "applicant", "applicant_id", "phone", "address",
	      "respondent", "respondent_kind", "act", "request", "received_on",
	      "facts", "third_parties", "agents", PERIOD_FIELDS);

	if ((rc = fz_casehttp_need_cal(&mod, err)))
		return rc;
	if ((rc = fz_json_int(req->json, "station_id", "受理站点", 1, INT64_MAX, 1, &station,
			      err)) || (rc = station_ok(req, station, err)))
		return rc;
	rc = application_from(req, &a, err);
	a.channel = "station";
	a.station_id = station;
	if (!rc)
		rc = period_field(fz_review_apply(req->db, fz_review_cal(),
						  req->keys, req->user, req->ip,
						  &a, &id, number, err), err);
	json_decref((json_t *)a.facts);
	if (rc)
		return rc;
	return answer_created(req, resp, id, number);
}

/* ---- cases ---- */

static int h_cases(struct fz_req *req, struct fz_resp *resp,
		   struct fz_err *err)
{
	return fz_casehttp_list(&mod, req, resp, err);
}

static int case_extras(struct fz_req *req, int64_t id, json_t *o,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *arr;
	int rc = fz_store_query(req->db, &st, err,
		"SELECT r.channel, COALESCE(r.station_id, 0), r.organ_name,"
		" r.respondent, r.respondent_kind, r.applicant,"
		" COALESCE(r.applicant_id_masked, ''), r.phone_masked, r.address,"
		" r.act, r.request, r.received_on, COALESCE(r.outcome, ''),"
		" COALESCE(o.name, ''), COALESCE(o.grade, 0)"
		" FROM review_cases r"
		" LEFT JOIN review_officers o ON o.id = r.officer_id"
		" WHERE r.case_id = ?", "I", id);
	if (!rc && fz_stmt_step(st, err) == 1) {
		char station[128];
		if (!fz_org_unit_name(req->db, fz_stmt_int(st, 1), station,
				      sizeof(station))[0])
			snprintf(station, sizeof(station), "网上申请");
		json_object_set_new(o, "review", json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
			"channel", fz_stmt_text(st, 0), "station", station,
			"organ", fz_stmt_text(st, 2), "respondent", fz_stmt_text(st, 3),
			"respondent_kind", fz_stmt_text(st, 4),
			"applicant", fz_stmt_text(st, 5),
			"applicant_id", fz_stmt_text(st, 6), "phone", fz_stmt_text(st, 7),
			"address", fz_stmt_text(st, 8), "act", fz_stmt_text(st, 9),
			"request", fz_stmt_text(st, 10), "received_on", fz_stmt_text(st, 11),
			"outcome", fz_stmt_text(st, 12), "officer", fz_stmt_text(st, 13),
			"officer_grade", fz_review_grade_name((int)fz_stmt_int(st, 14))));
	}
	if (!rc)
		fz_stmt_finish(st);
	arr = json_array();
	if (!rc && !(rc = fz_store_query(req->db, &st, err,
		"SELECT met_on, members, opinion FROM review_committee WHERE"
		" case_id = ? ORDER BY id", "I", id))) {
		while (fz_stmt_step(st, err) == 1)
			json_array_append_new(arr, json_pack("{s:s,s:s,s:s}",
				"met_on", fz_stmt_text(st, 0), "members",
				fz_stmt_text(st, 1), "opinion", fz_stmt_text(st, 2)));
		fz_stmt_finish(st);
	}
	json_object_set_new(o, "committee", arr);
	if (!rc && !(rc = fz_review_files_list(req->db, id, &arr, err)))
		json_object_set_new(o, "files", arr);
	arr = json_array();
	if (!rc && !(rc = fz_store_query(req->db, &st, err,
		"SELECT id, court, court_no, filed_on, outcome FROM review_suits"
		" WHERE case_id = ? ORDER BY id", "I", id))) {
		while (fz_stmt_step(st, err) == 1)
			json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:s}",
				"id", (json_int_t)fz_stmt_int(st, 0),
				"court", fz_stmt_text(st, 1), "court_no", fz_stmt_text(st, 2),
				"filed_on", fz_stmt_text(st, 3), "outcome", fz_stmt_text(st, 4)));
		fz_stmt_finish(st);
	}
	json_object_set_new(o, "suits", arr);
	{
		const char *why = "";
		const char *p = fz_review_procedure(json_object_get(o, "facts"), &why);
		json_object_set_new(o, "procedure_suggested", json_pack("{s:s,s:s}",
			"procedure", p, "reason", why));
	}
	acceptance_extras(o);
	period_extras(o);
	return rc;
}

/* Art. 30(3): a deemed acceptance means the review period was missed:
 * the "accept" deadline says so (missed) and the case carries when and
 * why it counts as accepted. */
static void acceptance_extras(json_t *o)
{
	const json_t *f = json_object_get(o, "facts");
	const char *on = json_string_value(json_object_get(f, "受理日期"));
	const char *rec = json_string_value(json_object_get(f, "受理登记日期"));
	int deemed = json_is_true(json_object_get(f, "视为受理"));
	json_t *dl;
	size_t i;

	if (!on)
		return;
	json_object_set_new(o, "acceptance", json_pack("{s:s,s:b,s:s?,s:s}",
		"accepted_on", on, "deemed", deemed, "recorded_on", rec,
		"note", deemed ? "审查期限届满未作出不予受理决定，依照《中华人民共和国"
		"行政复议法》第三十条第三款，自审查期限届满之日起视为受理；"
		"复议决定等期限自该日起计算" : "在审查期限内决定受理（《中华人民共和国"
		"行政复议法》第三十条第一款）"));
	json_array_foreach(json_object_get(o, "deadlines"), i, dl)
		if (deemed && !strcmp(json_string_value(json_object_get(dl, "key")),
				      "accept"))
			json_object_set_new(dl, "missed", json_true());
}

/* Art. 20, 21: the application period as the intake facts give it; a
 * malformed date (edited in after intake) is said, not hidden. */
static void period_extras(json_t *o)
{
	struct fz_review_period p;
	struct fz_err e = FZ_ERR_INIT;
	struct fz_date recv;
	char text[512], known[FZ_DATE_STRLEN], due[FZ_DATE_STRLEN],
		bar[FZ_DATE_STRLEN];
	const char *opened = json_string_value(json_object_get(o, "opened_on"));
	int rc;

	if (!opened || fz_date_parse(&recv, opened, NULL))
		return;
	rc = fz_review_apply_period(fz_review_cal(), json_object_get(o, "facts"),
				    recv, &p, &e);
	if (rc < 0) {
		json_object_set_new(o, "apply_period", json_pack("{s:s}",
			"message", e.msg));
		return;
	}
	if (rc == 0)
		return;
	json_object_set_new(o, "apply_period", json_pack(
		"{s:s,s:s,s:i,s:s,s:b,s:b,s:b,s:i,s:s?,s:s}",
		"known_on", fz_date_format(p.known_on, known),
		"due", fz_date_format(p.due, due), "days", p.days, "cite", p.cite,
		"late", p.late, "barred", p.barred, "excused", p.excused,
		"paused", p.paused,
		"bar", p.bar.y ? fz_date_format(p.bar, bar) : NULL,
		"message", fz_review_period_text(&p, text, sizeof(text))));
}

static int h_case(struct fz_req *req, struct fz_resp *resp,
		  struct fz_err *err)
{
	return fz_casehttp_get(&mod, req, resp, err);
}

static int h_act(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_act(&mod, req, resp, err);
}

static int h_extend(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	return fz_casehttp_extend(&mod, req, resp, err);
}

static int h_flag(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("name", "resolution");
	if (rc)
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_case_flag_resolve(req->db, &fz_review_case, &a, id,
				  fz_req_str(req, "name") ? fz_req_str(req, "name") : "",
				  fz_req_str(req, "resolution"), err);
	return rc ? rc : h_case(req, resp, err);
}

static int h_assign(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	return fz_casehttp_assign(&mod, req, resp, err);
}

static int h_committee(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("met_on", "members", "opinion");
	if (rc || (rc = fz_req_date(req, "met_on", &on, err)))
		return rc;
	if ((rc = fz_casehttp_need_cal(&mod, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_review_committee(req->db, fz_review_cal(), &a, id,
				 on.y ? on : fz_date_today_cn(), fz_req_str(req, "members"),
				 fz_req_str(req, "opinion"), err);
	return rc ? rc : h_case(req, resp, err);
}

static int h_document(struct fz_req *req, struct fz_resp *resp,
		      struct fz_err *err)
{
	return fz_casehttp_document(&mod, req, resp, err);
}

/* ---- officers ---- */

static int h_officers(struct fz_req *req, struct fz_resp *resp,
		      struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *items = json_array();
	int rc = fz_store_query(req->db, &st, err,
		"SELECT o.id, o.name, o.grade, o.cert_no, o.active,"
		" (SELECT COUNT(*) FROM review_cases r WHERE r.officer_id = o.id"
		" AND r.closed_on IS NULL),"
		" (SELECT COUNT(*) FROM review_cases r WHERE r.officer_id = o.id"
		" AND r.closed_on IS NOT NULL)"
		" FROM review_officers o ORDER BY o.grade DESC, o.id", "");
	if (rc) {
		json_decref(items);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:i,s:s,s:s,s:b,s:I,s:I}",
			"id", (json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 1),
			"grade", (int)fz_stmt_int(st, 2),
			"grade_name", fz_review_grade_name((int)fz_stmt_int(st, 2)),
			"cert_no", fz_stmt_text(st, 3), "active", (int)fz_stmt_int(st, 4),
			"open", (json_int_t)fz_stmt_int(st, 5),
			"closed", (json_int_t)fz_stmt_int(st, 6)));
	fz_stmt_finish(st);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return rc < 0 ? rc : 0;
}

static int h_officer_add(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t grade = 0, unit = 0, id;
	int rc;
	FZ_ALLOW("name", "grade", "unit_id", "cert_no");
	if ((rc = fz_json_int(req->json, "grade", "复议员等级", 1, 3, 1, &grade, err)))
		return rc;
	if ((rc = fz_json_int(req->json, "unit_id", "单位", 1, INT64_MAX, 0, &unit, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_review_officer_add(req->db, &a, fz_req_str(req, "name"), (int)grade,
				   unit ? unit : req->user->unit_id,
				   fz_req_str(req, "cert_no"), &id, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return 0;
}

/* ---- lawsuits ---- */

static int h_suits(struct fz_req *req, struct fz_resp *resp,
		   struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *items = json_array();
	/* the defendant's name and the case number are looked up per row
	 * (≤ 200): units and cases are not this module's tables */
	int rc = fz_store_query(req->db, &st, err,
		"SELECT s.id, s.case_id, s.defendant_unit, s.court, s.court_no,"
		" s.filed_on, s.outcome, COALESCE(s.judged_on, ''),"
		" (SELECT COUNT(*) FROM review_appearances p WHERE p.suit_id = s.id),"
		" (SELECT COUNT(*) FROM review_appearances p WHERE p.suit_id = s.id"
		" AND p.appeared = 1)"
		" FROM review_suits s ORDER BY s.id DESC LIMIT 200", "");
	if (rc) {
		json_decref(items);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1) {
		struct fz_unit_info u;
		char number[FZ_CASE_NUMBER_LEN];
		/* a suit whose defendant unit is gone is not listed, as the
		 * inner join on units did */
		if (fz_org_unit_get(req->db, fz_stmt_int(st, 2), &u, NULL))
			continue;
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I}",
			"id", (json_int_t)fz_stmt_int(st, 0),
			"case", fz_case_number(req->db, fz_stmt_int(st, 1), number,
					       sizeof(number)),
			"defendant", u.name, "court", fz_stmt_text(st, 3),
			"court_no", fz_stmt_text(st, 4), "filed_on", fz_stmt_text(st, 5),
			"outcome", fz_stmt_text(st, 6), "judged_on", fz_stmt_text(st, 7),
			"hearings", (json_int_t)fz_stmt_int(st, 8),
			"head_appeared", (json_int_t)fz_stmt_int(st, 9)));
	}
	fz_stmt_finish(st);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return rc < 0 ? rc : 0;
}

static int h_suit_add(struct fz_req *req, struct fz_resp *resp,
		      struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_review_suit s = { 0 };
	int64_t id;
	int rc;
	FZ_ALLOW("case_id", "defendant_unit", "court", "court_no", "filed_on");
	if ((rc = fz_json_int(req->json, "case_id", "复议案件", 0, INT64_MAX, 0, &s.case_id, err)) ||
	    (rc = fz_json_int(req->json, "defendant_unit", "被诉单位", 1, INT64_MAX, 1,
			      &s.defendant_unit, err)) ||
	    (rc = fz_req_date(req, "filed_on", &s.filed, err)))
		return rc;
	s.court = fz_req_str(req, "court");
	s.court_no = fz_req_str(req, "court_no");
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_review_suit_add(req->db, &a, &s, &id, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return 0;
}

static int h_suit_judge(struct fz_req *req, struct fz_resp *resp,
			struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("outcome", "judged_on");
	if (rc || (rc = fz_req_date(req, "judged_on", &on, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_review_suit_judge(req->db, &a, id, fz_req_str(req, "outcome"), on, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

static int h_appearance(struct fz_req *req, struct fz_resp *resp,
			struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id;
	int appeared = 0;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("hearing_on", "appeared", "head_name", "head_title");
	if (rc || (rc = fz_req_date(req, "hearing_on", &on, err)) ||
	    (rc = fz_json_bool(req->json, "appeared", "负责人是否出庭", 1, &appeared, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_review_appearance_add(req->db, &a, id, on, appeared,
				      fz_req_str(req, "head_name"), fz_req_str(req, "head_title"),
				      err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:b}", "ok", 1));
	return 0;
}

/* ---- figures ---- */

static int h_metrics(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	struct fz_date from, to;
	const char *by = fz_req_arg(req, "by");
	json_t *o;
	int rc = fz_casehttp_range(req, &from, &to, err);

	if (rc)
		return rc;
	rc = fz_review_metrics(req->db, fz_app_metrics.units, from, to,
			       by ? by : "organ", &o, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

const struct fz_casehttp_domain fz_review_domain = {
	"review", "行政复议", "/review", "case", STAFF, &mod
};

const struct fz_route fz_review_routes[] = {
	{ "POST", "/api/v1/public/review/apply", h_public_apply, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "POST", "/api/v1/public/review/track", h_public_track, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "GET", "/api/v1/public/review/stations", h_public_stations, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "POST", "/api/v1/public/review/files", h_public_file, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE | FZ_ROUTE_RAW },
	{ "POST", "/api/v1/review/applications", h_intake, INTAKE, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/review/cases", h_cases, STAFF, 0 },
	{ "GET", "/api/v1/review/cases/{id}", h_case, STAFF, 0, &case_kind },
	{ "POST", "/api/v1/review/cases/{id}/actions", h_act, JUS, W, &case_kind },
	{ "POST", "/api/v1/review/cases/{id}/extend", h_extend, JUS, W, &case_kind },
	{ "POST", "/api/v1/review/cases/{id}/flags", h_flag, JUS, W, &case_kind },
	{ "POST", "/api/v1/review/cases/{id}/assign", h_assign, JUS, W, &case_kind },
	{ "POST", "/api/v1/review/cases/{id}/committee", h_committee, JUS, W,
	  &case_kind },
	{ "GET", "/api/v1/review/cases/{id}/documents/{kind}", h_document, STAFF, 0,
	  &case_kind },
	{ "GET", "/api/v1/review/cases/{id}/files/{file}", h_file, STAFF, 0,
	  &case_kind },
	{ "GET", "/api/v1/review/officers", h_officers, STAFF, 0 },
	{ "POST", "/api/v1/review/officers", h_officer_add, JUS, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/review/suits", h_suits, STAFF, 0 },
	{ "POST", "/api/v1/review/suits", h_suit_add, JUS, FZ_ROUTE_WRITE },
	{ "POST", "/api/v1/review/suits/{id}/judgment", h_suit_judge, JUS, W,
	  &suit_kind },
	{ "POST", "/api/v1/review/suits/{id}/appearances", h_appearance, JUS, W,
	  &suit_kind },
	{ "GET", "/api/v1/review/metrics", h_metrics, STAFF, 0 },
	{ NULL, NULL, NULL, 0, 0 }
};
