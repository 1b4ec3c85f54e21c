/* mediate_api.c - HTTP handlers of mediation (docs/mediate.md): the public
 * request and tracking, registration, case pages and steps, organisations
 * and mediators, 欠薪线索, court figures, the figures and the agreement PDF. */
#include "domain/mediate/mediate.h"
#include "domain/mediate/mediate_doc.h"
#include "domain/mediate/mediate_metrics.h"
#include "domain/mediate/wage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/money.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "http/handler.h"

#define MED (FZ_ROLE_JUSTICE | FZ_ROLE_TOWN | FZ_ROLE_COURT)
#define VIEW (MED | FZ_ROLE_OFFICE | FZ_ROLE_ADMIN)
#define W FZ_ROUTE_WRITE

static int dispute_extras(struct fz_req *req, int64_t id, json_t *o,
			  struct fz_err *err);
static void award_extras(json_t *o);

static int case_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	return fz_case_unit_path(db, id, "mediate.", path, n, err);
}

/* 欠薪线索 come from the national platform for the whole district */
static int lead_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	int64_t one = 0;
	int rc = fz_store_int(db, &one, err,
		"SELECT 1 FROM mediate_wage_leads WHERE id = ?", "I", id);
	if (rc == 1)
		snprintf(path, n, "/");
	return rc;
}

/* the 司法局 guides every organisation: it acts district-wide on cases */
static const struct fz_record_kind case_kind = {
	"mediate.case", "调解案件不存在", FZ_ROLE_JUSTICE, case_path
};
static const struct fz_record_kind lead_kind = {
	"mediate.wage_lead", "欠薪线索不存在", FZ_ROLE_JUSTICE, lead_path
};

static const struct fz_case_type *const types[] = {
	&fz_mediate_dispute, &fz_mediate_labor, NULL
};

static const struct fz_case_column columns[] = {
	{ "d.track", "track", 't' },
	{ "o.name", "org", 't' },
	{ "COALESCE(m.name, '')", "mediator", 't' },
	{ "d.town_code", "town_code", 't' },
	{ NULL, NULL, 0 }
};
static const struct fz_case_join join = {
	" JOIN mediate_disputes d ON d.case_id = c.id"
	" JOIN mediate_orgs o ON o.id = d.org_id"
	" LEFT JOIN mediate_mediators m ON m.id = d.mediator_id", columns
};
static const struct fz_casehttp_filter filters[] = {
	{ "track", "d.track = ?" },
	{ "town", "d.town_code = ?" },
	{ "org", "d.org_id = CAST(? AS INTEGER)" },
	{ NULL, NULL }
};

static void list_row(json_t *it)
{
	const char *track = json_string_value(json_object_get(it, "track"));
	const struct fz_mediate_town *tw = fz_mediate_town_find(
		json_string_value(json_object_get(it, "town_code")));
	const char *tn = track ? fz_mediate_track_name(track) : NULL;

	json_object_set_new(it, "track_name", json_string(tn ? tn : ""));
	json_object_set_new(it, "town", json_string(tw ? tw->name : ""));
}

static int act(struct fz_req *req, const struct fz_cal *cal,
	       const struct fz_case_actor *a, int64_t id, const char *transition,
	       struct fz_date on, json_t *data, const char *note,
	       struct fz_err *err)
{
	return fz_mediate_act(req->db, cal, a, id, transition, on, data, note, err);
}

static int assign(struct fz_store *db, const struct fz_cal *cal,
		  const struct fz_case_actor *a, int64_t id, int64_t who,
		  struct fz_date on, struct fz_err *err)
{
	int64_t chosen = 0;
	return fz_mediate_assign(db, cal, a, id, who, on, &chosen, err);
}

static int document(struct fz_req *req, const struct fz_case_actor *a,
		    int64_t id, const char *kind, int *html, struct fz_buf *out,
		    struct fz_err *err)
{
	if (strcmp(kind, "agreement"))
		return fz_err_set(err, FZ_ENOTFOUND, "kind", "文书不存在");
	*html = 0;
	return fz_mediate_agreement_pdf(req->db, a, id, out, err);
}

static const struct fz_xlsx_col export_cols[] = {
	{ "number", "编号", 't' }, { "track_name", "类型", 't' },
	{ "title", "纠纷", 't' }, { "org", "调解组织", 't' },
	{ "mediator", "调解员", 't' }, { "town", "镇街", 't' },
	{ "state_name", "状态", 't' }, { "opened_on", "登记日期", 't' },
	{ "closed_on", "办结日期", 't' }, { "light_name", "信号灯", 't' },
	{ "next_due", "最近届满", 't' },
	{ NULL, NULL, 0 }
};

static const struct fz_casehttp mod = {
	.record = &case_kind, .types = types, .cal = fz_mediate_cal,
	.join = &join, .filters = filters, .row = list_row,
	.act = act, .extras = dispute_extras, .assign = assign,
	.document = document, .export_cols = export_cols,
	.export_name = "调解纠纷",
};

/* ---- public ---- */

static int h_public_apply(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	const struct fz_mediate_town *t;
	struct fz_mediate_new n = { 0 };
	struct fz_case_actor sys = { 0, "public", 0, "/", 0, req->ip, 1 };
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id;
	int rc;
	FZ_ALLOW("applicant", "respondent", "phone", "town", "summary", "amount");

	if ((rc = fz_casehttp_need_cal(&mod, err)) ||
	    (rc = fz_req_money(req, "amount", &n.amount_cents, err)))
		return rc;
	t = fz_mediate_town_find(fz_req_str(req, "town"));
	if (!t)
		return fz_err_set(err, FZ_EINVAL, "town", "请选择纠纷发生地所在镇街");
	/* the town's own 人民调解委员会, else any */
	rc = fz_store_int(req->db, &n.org_id, err,
		"SELECT id FROM mediate_orgs WHERE kind = 'people'"
		" ORDER BY town_code <> ?, id LIMIT 1", "t", t->code);
	if (rc < 0)
		return rc;
	if (!rc)
		return fz_err_set(err, FZ_ESTATE, NULL, "暂无可受理的人民调解委员会");
	n.track = "people";
	n.channel = "online";
	n.town = t->code;
	n.applicant = fz_req_str(req, "applicant");
	n.respondent = fz_req_str(req, "respondent");
	n.phone = fz_req_str(req, "phone");
	n.summary = fz_req_str(req, "summary");
	rc = fz_mediate_open(req->db, fz_mediate_cal(), req->keys, &sys, &n, &id,
			     number, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:s,s:s}", "number", number,
		"message", "调解申请已收到，调解组织将尽快与您联系"));
	return 0;
}

static int h_public_track(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	return fz_casehttp_track(req, resp, fz_mediate_track, err);
}

static int h_public_towns(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	json_t *items = json_array();
	for (const struct fz_mediate_town *t = fz_mediate_towns; t->code; t++)
		json_array_append_new(items, json_pack("{s:s,s:s}", "code", t->code,
						       "name", t->name));
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- disputes ---- */

/* The unit path of organisation id: 1, 0 when there is none. */
static int org_path(struct fz_store *db, int64_t id, char *path, size_t n,
		    struct fz_err *err)
{
	int64_t unit = 0;
	int rc = fz_store_int(db, &unit, err,
		"SELECT unit_id FROM mediate_orgs WHERE id = ?", "I", id);
	return rc <= 0 ? rc : fz_org_unit_path(db, unit, path, n, err);
}

static int h_open(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_mediate_new n = { 0 };
	struct fz_case_actor a;
	char number[FZ_CASE_NUMBER_LEN], path[256] = "";
	int64_t id;
	int rc;
	FZ_ALLOW("track", "channel", "station_id", "town", "org_id", "applicant",
	      "respondent", "phone", "summary", "amount", "court_ref", "received_on");

	if ((rc = fz_casehttp_need_cal(&mod, err)) ||
	    (rc = fz_json_int(req->json, "org_id", "调解组织", 1, INT64_MAX, 1, &n.org_id, err)) ||
	    (rc = fz_json_int(req->json, "station_id", "受理站点", 0, INT64_MAX, 0,
			      &n.station_id, err)) ||
	    (rc = fz_req_money(req, "amount", &n.amount_cents, err)) ||
	    (rc = fz_req_date(req, "received_on", &n.received, err)))
		return rc;
	/* the organisation must lie in the caller's scope */
	rc = org_path(req->db, n.org_id, path, sizeof(path), err);
	if (rc < 0)
		return rc;
	if (!rc)
		return fz_err_set(err, FZ_EINVAL, "org_id", "调解组织不存在");
	if (!fz_policy_reaches(req->user, FZ_ROLE_JUSTICE, path))
		return fz_err_set(err, FZ_EFORBID, "org_id", "该调解组织不在您的管辖范围内");
	n.track = fz_req_str(req, "track");
	n.channel = fz_req_str(req, "channel") ? fz_req_str(req, "channel") :
		    n.station_id ? "station" : "window";
	n.town = fz_req_str(req, "town");
	n.applicant = fz_req_str(req, "applicant");
	n.respondent = fz_req_str(req, "respondent");
	n.phone = fz_req_str(req, "phone");
	n.summary = fz_req_str(req, "summary");
	n.court_ref = fz_req_str(req, "court_ref");
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_mediate_open(req->db, fz_mediate_cal(), req->keys, &a, &n, &id,
			     number, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id,
					  "number", number));
	return 0;
}

static int h_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_list(&mod, req, resp, err);
}

static int dispute_extras(struct fz_req *req, int64_t id, json_t *o,
			  struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(req->db, &st, err,
		"SELECT d.track, d.channel, COALESCE(d.station_id, 0), d.town_code, o.name,"
		" o.kind, COALESCE(m.name, ''), d.applicant, d.respondent,"
		" d.phone_masked, d.summary, d.amount_cents, d.court_ref,"
		" d.received_on, d.outcome, d.agreed_cents, COALESCE(d.mediated_on, ''),"
		" d.org_id FROM mediate_disputes d JOIN mediate_orgs o ON o.id = d.org_id"
		" LEFT JOIN mediate_mediators m"
		" ON m.id = d.mediator_id WHERE d.case_id = ?", "I", id);
	if (!rc) {
		if (fz_stmt_step(st, err) == 1) {
			const struct fz_mediate_town *tw =
				fz_mediate_town_find(fz_stmt_text(st, 3));
			char station[128];
			fz_org_unit_name(req->db, fz_stmt_int(st, 2), station,
					 sizeof(station));
			json_object_set_new(o, "dispute", json_pack(
				"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:I,s:s,s:I}",
				"track", fz_stmt_text(st, 0),
				"track_name", fz_mediate_track_name(fz_stmt_text(st, 0)),
				"channel", fz_stmt_text(st, 1), "station", station,
				"town", tw ? tw->name : "", "org", fz_stmt_text(st, 4),
				"org_kind", fz_stmt_text(st, 5), "mediator", fz_stmt_text(st, 6),
				"applicant", fz_stmt_text(st, 7), "respondent", fz_stmt_text(st, 8),
				"phone", fz_stmt_text(st, 9), "summary", fz_stmt_text(st, 10),
				"amount_cents", (json_int_t)fz_stmt_int(st, 11),
				"court_ref", fz_stmt_text(st, 12),
				"received_on", fz_stmt_text(st, 13), "outcome", fz_stmt_text(st, 14),
				"agreed_cents", (json_int_t)fz_stmt_int(st, 15),
				"mediated_on", fz_stmt_text(st, 16),
				"org_id", (json_int_t)fz_stmt_int(st, 17)));
		}
		fz_stmt_finish(st);
	}
	award_extras(o);
	return rc;
}

/* The latest due date among the award's challenge deadlines ("" none). */
static void last_challenge_due(const json_t *o, char out[FZ_DATE_STRLEN])
{
	static const char *const keys[] = { "sue_final", "set_aside", "sue_worker",
					    "sue_employer" };
	const json_t *dl;
	size_t i;

	out[0] = '\0';
	json_array_foreach(json_object_get(o, "deadlines"), i, dl)
		for (size_t k = 0; k < 4; k++) {
			const char *due = json_string_value(json_object_get(dl, "due"));
			if (due && !strcmp(json_string_value(json_object_get(dl, "key")),
					   keys[k]) && strcmp(due, out) > 0)
				snprintf(out, FZ_DATE_STRLEN, "%s", due);
		}
}

/* 劳动争议调解仲裁法 Art. 47-50: is the award final, is it in force, and
 * since when - what a person reads on the case once it is made. */
static void award_extras(json_t *o)
{
	const json_t *f = json_object_get(o, "facts");
	const char *state = json_string_value(json_object_get(o, "state"));
	const char *made = json_string_value(json_object_get(f, "裁决日期"));
	int final = json_is_true(json_object_get(f, "终局裁决"));
	char last[FZ_DATE_STRLEN], after[FZ_DATE_STRLEN] = "";
	const char *effect, *on = NULL;
	struct fz_date d;

	if (!made || !json_is_boolean(json_object_get(f, "终局裁决")))
		return;
	last_challenge_due(o, last);
	if (last[0] && !fz_date_parse(&d, last, NULL))
		fz_date_format(fz_date_add_days(d, 1), after);
	if (!strcmp(state, "challenged"))
		effect = final ? "终局裁决自作出之日起发生法律效力，当事人已依法起诉或申请撤销，"
				 "以人民法院的裁判为准" :
				 "当事人已在期限内起诉，裁决书不发生法律效力（《中华人民共和国"
				 "劳动争议调解仲裁法》第五十条）";
	else if (final)
		effect = !strcmp(state, "effective") ?
			 "终局裁决自作出之日起发生法律效力（《中华人民共和国劳动争议调解"
			 "仲裁法》第四十七条），起诉和申请撤销的期限均已届满" :
			 "终局裁决自作出之日起发生法律效力（《中华人民共和国劳动争议调解"
			 "仲裁法》第四十七条）；劳动者可自收到裁决书之日起十五日内起诉"
			 "（第四十八条），用人单位可自收到之日起三十日内申请撤销（第四十九条）";
	else
		effect = !strcmp(state, "effective") ?
			 "期满未起诉，裁决书发生法律效力（《中华人民共和国劳动争议调解"
			 "仲裁法》第五十条）" :
			 "非终局裁决：双方自收到裁决书之日起十五日内均可起诉，期满不起诉的，"
			 "裁决书发生法律效力（《中华人民共和国劳动争议调解仲裁法》第五十条）";
	if (final && strcmp(state, "challenged"))
		on = made;
	else if (!strcmp(state, "effective") && after[0])
		on = after;
	json_object_set_new(o, "award", json_pack("{s:b,s:s?,s:O?,s:s,s:b,s:s?,s:s?,s:s}",
		"final", final,
		"basis", json_string_value(json_object_get(f, "终局裁决依据")),
		"min_wage_cents", json_object_get(f, "当地月最低工资标准"),
		"made_on", made, "in_force", on != NULL, "in_force_on", on,
		"challenge_until", last[0] ? last : NULL, "effect", effect));
}

static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_get(&mod, req, resp, err);
}

static int h_act(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_act(&mod, req, resp, err);
}

static int h_assign(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	return fz_casehttp_assign(&mod, req, resp, err);
}

static int h_extend(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	return fz_casehttp_extend(&mod, req, resp, err);
}

static int h_document(struct fz_req *req, struct fz_resp *resp,
		      struct fz_err *err)
{
	return fz_casehttp_document(&mod, req, resp, err);
}

/* ---- organisations and mediators ---- */

static int h_orgs(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *items = json_array();
	int rc = fz_store_query(req->db, &st, err,
		"SELECT o.id, o.name, o.kind, o.town_code, o.unit_id,"
		" (SELECT COUNT(*) FROM mediate_mediators m WHERE m.org_id = o.id)"
		" FROM mediate_orgs o ORDER BY o.id", "");
	if (rc) {
		json_decref(items);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1) {
		const struct fz_mediate_town *t = fz_mediate_town_find(fz_stmt_text(st, 3));
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}",
			"id", (json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 1),
			"kind", fz_stmt_text(st, 2), "town", t ? t->name : "",
			"unit_id", (json_int_t)fz_stmt_int(st, 4),
			"mediators", (json_int_t)fz_stmt_int(st, 5)));
	}
	fz_stmt_finish(st);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return rc < 0 ? rc : 0;
}

static int h_org_add(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t unit = 0, id;
	int rc;
	FZ_ALLOW("name", "kind", "unit_id", "town");
	if ((rc = fz_json_int(req->json, "unit_id", "单位", 1, INT64_MAX, 1, &unit, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_mediate_org_add(req->db, &a, fz_req_str(req, "name"), fz_req_str(req, "kind"),
				unit, fz_req_str(req, "town"), &id, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return 0;
}

static int h_mediators(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *items = json_array();
	int rc = fz_store_query(req->db, &st, err,
		"SELECT m.id, m.name, o.name, o.kind, m.active,"
		" (SELECT COUNT(*) FROM mediate_disputes d WHERE d.mediator_id = m.id"
		" AND d.outcome = 'pending'),"
		" (SELECT COUNT(*) FROM mediate_disputes d WHERE d.mediator_id = m.id"
		" AND d.outcome = 'success'),"
		" (SELECT COUNT(*) FROM mediate_disputes d WHERE d.mediator_id = m.id"
		" AND d.outcome = 'failed')"
		" FROM mediate_mediators m JOIN mediate_orgs o ON o.id = m.org_id"
		" ORDER BY o.id, m.id", "");
	if (rc) {
		json_decref(items);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:b,s:I,s:I,s:I}",
			"id", (json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 1),
			"org", fz_stmt_text(st, 2), "org_kind", fz_stmt_text(st, 3),
			"active", (int)fz_stmt_int(st, 4),
			"open", (json_int_t)fz_stmt_int(st, 5),
			"success", (json_int_t)fz_stmt_int(st, 6),
			"failed", (json_int_t)fz_stmt_int(st, 7)));
	fz_stmt_finish(st);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return rc < 0 ? rc : 0;
}

static int h_mediator_add(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t org = 0, id;
	int rc;
	FZ_ALLOW("org_id", "name");
	if ((rc = fz_json_int(req->json, "org_id", "调解组织", 1, INT64_MAX, 1, &org, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_mediate_mediator_add(req->db, &a, org, fz_req_str(req, "name"), &id, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return 0;
}

/* ---- 欠薪线索 ---- */

static int h_wage_import(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_wage_report r;
	const char *name = fz_req_arg(req, "name"), *src = fz_req_arg(req, "source");
	int rc;

	fz_casehttp_actor(&mod, req, &a);
	rc = fz_wage_import(req->db, &a, name ? name : "upload", req->body ? req->body : "",
			    req->body_len, src ? src : "national", &r, err);
	if (rc) {
		json_decref(r.errors);
		return rc;
	}
	fz_resp_json(resp, 200, json_pack("{s:I,s:I,s:I,s:I,s:o}", "rows",
		(json_int_t)r.rows, "added", (json_int_t)r.added, "duplicates",
		(json_int_t)r.duplicates, "bad", (json_int_t)r.bad, "errors", r.errors));
	return 0;
}

static int h_wage_list(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	const char *status = fz_req_arg(req, "status");
	struct fz_stmt *st;
	json_t *items = json_array();
	int rc = fz_store_query(req->db, &st, err,
		"SELECT l.id, l.source, l.ref, e.uscc, e.name, l.workers,"
		" l.amount_cents, l.reported_on, l.status, l.paid_cents,"
		" COALESCE(l.resolved_on, ''), l.summary FROM mediate_wage_leads l"
		" JOIN mediate_employers e ON e.id = l.employer_id"
		" WHERE ? = '' OR l.status = ? ORDER BY l.id DESC LIMIT 200", "tt",
		status ? status : "", status ? status : "");
	if (rc) {
		json_decref(items);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:I,s:s,s:s}",
			"id", (json_int_t)fz_stmt_int(st, 0), "source", fz_stmt_text(st, 1),
			"ref", fz_stmt_text(st, 2), "uscc", fz_stmt_text(st, 3),
			"employer", fz_stmt_text(st, 4),
			"workers", (json_int_t)fz_stmt_int(st, 5),
			"amount_cents", (json_int_t)fz_stmt_int(st, 6),
			"reported_on", fz_stmt_text(st, 7), "status", fz_stmt_text(st, 8),
			"paid_cents", (json_int_t)fz_stmt_int(st, 9),
			"resolved_on", fz_stmt_text(st, 10), "summary", fz_stmt_text(st, 11)));
	fz_stmt_finish(st);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return rc < 0 ? rc : 0;
}

static int h_wage_status(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id, paid = 0;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("status", "paid", "note");
	if (rc || (rc = fz_req_money(req, "paid", &paid, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_wage_update(req->db, &a, id, fz_req_str(req, "status"), paid,
			    fz_req_str(req, "note"), err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

/* ---- figures ---- */

static int h_court_stat(struct fz_req *req, struct fz_resp *resp,
			struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t year = 0, n = 0;
	int rc;
	FZ_ALLOW("year", "town", "civil_first");
	if ((rc = fz_json_int(req->json, "year", "年份", 2000, 2100, 1, &year, err)) ||
	    (rc = fz_json_int(req->json, "civil_first", "一审民商事案件数", 0, 10000000, 1, &n, err)))
		return rc;
	fz_casehttp_actor(&mod, req, &a);
	rc = fz_mediate_court_stat_set(req->db, &a, (int)year, fz_req_str(req, "town"), n, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

static int h_metrics(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	struct fz_date from, to;
	const char *by = fz_req_arg(req, "by");
	json_t *o, *lit;
	int rc = fz_casehttp_range(req, &from, &to, err);

	if (rc)
		return rc;
	rc = fz_mediate_metrics(req->db, fz_app_metrics.units, from, to,
				by ? by : "track", &o, err);
	if (rc)
		return rc;
	rc = fz_mediate_litigation_rate(req->db, to.y ? to.y :
					fz_date_today_cn().y, &lit, err);
	if (rc) {
		json_decref(o);
		return rc;
	}
	json_object_set_new(o, "litigation", lit);
	fz_resp_json(resp, 200, o);
	return 0;
}

const struct fz_casehttp_domain fz_mediate_domain = {
	"mediate", "矛盾纠纷调解", "/mediate", "case", VIEW, &mod
};

const struct fz_route fz_mediate_routes[] = {
	{ "POST", "/api/v1/public/mediate/apply", h_public_apply, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "POST", "/api/v1/public/mediate/track", h_public_track, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "GET", "/api/v1/public/towns", h_public_towns, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "POST", "/api/v1/mediate/disputes", h_open, MED, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/mediate/disputes", h_list, VIEW, 0 },
	{ "GET", "/api/v1/mediate/disputes/{id}", h_get, VIEW, 0, &case_kind },
	{ "POST", "/api/v1/mediate/disputes/{id}/actions", h_act, MED, W, &case_kind },
	{ "POST", "/api/v1/mediate/disputes/{id}/assign", h_assign, MED, W, &case_kind },
	{ "POST", "/api/v1/mediate/disputes/{id}/extend", h_extend, MED, W, &case_kind },
	{ "GET", "/api/v1/mediate/disputes/{id}/documents/{kind}", h_document, VIEW, 0,
	  &case_kind },
	{ "GET", "/api/v1/mediate/orgs", h_orgs, VIEW, 0 },
	{ "POST", "/api/v1/mediate/orgs", h_org_add, FZ_ROLE_JUSTICE, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/mediate/mediators", h_mediators, VIEW, 0 },
	{ "POST", "/api/v1/mediate/mediators", h_mediator_add, MED, FZ_ROUTE_WRITE },
	{ "POST", "/api/v1/mediate/wage-leads/import", h_wage_import,
	  FZ_ROLE_JUSTICE, FZ_ROUTE_WRITE | FZ_ROUTE_RAW },
	{ "GET", "/api/v1/mediate/wage-leads", h_wage_list, VIEW, 0 },
	{ "POST", "/api/v1/mediate/wage-leads/{id}/status", h_wage_status,
	  FZ_ROLE_JUSTICE, W, &lead_kind },
	{ "PUT", "/api/v1/mediate/court-stats", h_court_stat, FZ_ROLE_COURT,
	  FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/mediate/metrics", h_metrics, VIEW, 0 },
	{ NULL, NULL, NULL, 0, 0 }
};
