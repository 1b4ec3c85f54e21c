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
#include "http/handler.h"

#define MED (FZ_ROLE_JUSTICE | FZ_ROLE_TOWN | FZ_ROLE_COURT)
#define VIEW (MED | FZ_ROLE_OFFICE | FZ_ROLE_ADMIN)

static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err);

/* the 司法局 guides every organisation: it acts district-wide on cases */
static const struct fz_casehttp mod = {
	.type_of = fz_mediate_type_of, .cal = fz_mediate_cal,
	.not_found = "调解案件不存在", .justice_wide = 1, .act = fz_mediate_act,
	.page = h_get,
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

static int h_open(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_mediate_new n = { 0 };
	struct fz_case_actor a;
	char number[FZ_CASE_NUMBER_LEN], path[256] = "";
	struct fz_stmt *st;
	int64_t id;
	int rc;
	FZ_ALLOW("track", "channel", "station_id", "town", "org_id", "applicant",
	      "respondent", "phone", "summary", "amount", "court_ref", "received_on");

	if ((rc = fz_casehttp_need_cal(&mod, err)) ||
	    (rc = fz_json_int(req->json, "org_id", 1, INT64_MAX, 1, &n.org_id, err)) ||
	    (rc = fz_json_int(req->json, "station_id", 0, INT64_MAX, 0,
			      &n.station_id, err)) ||
	    (rc = fz_req_money(req, "amount", &n.amount_cents, err)) ||
	    (rc = fz_req_date(req, "received_on", &n.received, err)))
		return rc;
	/* the organisation must lie in the caller's scope */
	rc = fz_store_query(req->db, &st, err, "SELECT u.path FROM mediate_orgs o"
			    " JOIN units u ON u.id = o.unit_id WHERE o.id = ?", "I",
			    n.org_id);
	if (rc)
		return rc;
	if (fz_stmt_step(st, err) == 1)
		snprintf(path, sizeof(path), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	if (!path[0])
		return fz_err_set(err, FZ_EINVAL, "org_id", "调解组织不存在");
	if (req->user->role != FZ_ROLE_JUSTICE && !fz_user_in_scope(req->user, path))
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
	fz_casehttp_case_actor(&mod, req, &a);
	rc = fz_mediate_open(req->db, fz_mediate_cal(), req->keys, &a, &n, &id,
			     number, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id,
					  "number", number));
	return 0;
}

/* The list reads the domain's table (the engine's list has no filter on
 * the track); the light and next due date come from the engine. */
static int h_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	const char *track = fz_req_arg(req, "track"), *state = fz_req_arg(req, "state");
	const char *p = fz_req_arg(req, "page"), *open = fz_req_arg(req, "open");
	int64_t page = p ? strtoll(p, NULL, 10) : 1, total = 0;
	struct fz_stmt *st;
	json_t *items;
	int rc;

	if (page < 1)
		page = 1;
	fz_casehttp_case_actor(&mod, req, &a);
	if (!strcmp(a.scope, "/"))
		a.scope = "";
#define WHERE " FROM cases c JOIN mediate_disputes d ON d.case_id = c.id" \
	" JOIN mediate_orgs o ON o.id = d.org_id LEFT JOIN mediate_mediators m" \
	" ON m.id = d.mediator_id WHERE substr(c.unit_path, 1, length(?)) = ?" \
	" AND (? = '' OR d.track = ?) AND (? = '' OR c.state = ?)" \
	" AND (? = '' OR c.closed_on IS NULL)"
#define ARGS "ttttttt", a.scope, a.scope, track ? track : "", track ? track : "", \
	state ? state : "", state ? state : "", open ? "1" : ""
	rc = fz_store_int(req->db, &total, err, "SELECT COUNT(*)" WHERE, ARGS);
	if (rc < 0)
		return rc;
	rc = fz_store_query(req->db, &st, err,
		"SELECT c.id, c.type, COALESCE(c.number, ''), c.state, c.title,"
		" c.opened_on, COALESCE(c.closed_on, ''), d.track, o.name,"
		" COALESCE(m.name, ''), d.town_code" WHERE
		" ORDER BY c.id DESC LIMIT 20 OFFSET ?", "tttttttI",
		a.scope, a.scope, track ? track : "", track ? track : "",
		state ? state : "", state ? state : "", open ? "1" : "",
		(page - 1) * 20);
#undef WHERE
#undef ARGS
	if (rc)
		return rc;
	items = json_array();
	while ((rc = fz_stmt_step(st, err)) == 1) {
		const struct fz_case_type *t = strcmp(fz_stmt_text(st, 1),
			fz_mediate_labor.key) ? &fz_mediate_dispute : &fz_mediate_labor;
		const struct fz_case_state *s = fz_case_state_find(t, fz_stmt_text(st, 3));
		const struct fz_mediate_town *tw = fz_mediate_town_find(fz_stmt_text(st, 10));
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
			"id", (json_int_t)fz_stmt_int(st, 0), "type", fz_stmt_text(st, 1),
			"number", fz_stmt_text(st, 2), "state", fz_stmt_text(st, 3),
			"state_name", s ? s->name : "", "title", fz_stmt_text(st, 4),
			"opened_on", fz_stmt_text(st, 5), "closed_on", fz_stmt_text(st, 6),
			"track", fz_stmt_text(st, 7),
			"track_name", fz_mediate_track_name(fz_stmt_text(st, 7)) ?
			fz_mediate_track_name(fz_stmt_text(st, 7)) : "",
			"org", fz_stmt_text(st, 8), "mediator", fz_stmt_text(st, 9),
			"town", tw ? tw->name : ""));
	}
	fz_stmt_finish(st);
	for (size_t i = 0; rc >= 0 && i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		int64_t id = json_integer_value(json_object_get(it, "id"));
		enum fz_case_light l = FZ_CASE_LIGHT_NONE;
		struct fz_stmt *q;
		fz_case_light(req->db, id, (struct fz_date){ 0, 0, 0 }, &l, NULL);
		json_object_set_new(it, "light", json_string(fz_case_light_key(l)));
		if (!fz_store_query(req->db, &q, NULL, "SELECT COALESCE(MIN(due), '')"
				    " FROM case_deadlines WHERE case_id = ? AND"
				    " status = 'running'", "I", id)) {
			if (fz_stmt_step(q, NULL) == 1)
				json_object_set_new(it, "next_due",
						    json_string(fz_stmt_text(q, 0)));
			fz_stmt_finish(q);
		}
	}
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, json_pack("{s:o,s:I,s:I}", "items", items,
		"total", (json_int_t)total, "page", (json_int_t)page));
	return 0;
}

static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *o;
	int64_t id;
	int rc = fz_casehttp_case_json(&mod, req, &id, &o, err);

	if (rc)
		return rc;
	rc = fz_store_query(req->db, &st, err,
		"SELECT d.track, d.channel, COALESCE(s.name, ''), d.town_code, o.name,"
		" o.kind, COALESCE(m.name, ''), d.applicant, d.respondent,"
		" d.phone_masked, d.summary, d.amount_cents, d.court_ref,"
		" d.received_on, d.outcome, d.agreed_cents, COALESCE(d.mediated_on, ''),"
		" d.org_id FROM mediate_disputes d JOIN mediate_orgs o ON o.id = d.org_id"
		" LEFT JOIN units s ON s.id = d.station_id LEFT JOIN mediate_mediators m"
		" ON m.id = d.mediator_id WHERE d.case_id = ?", "I", id);
	if (!rc) {
		if (fz_stmt_step(st, err) == 1) {
			const struct fz_mediate_town *tw =
				fz_mediate_town_find(fz_stmt_text(st, 3));
			json_object_set_new(o, "dispute", json_pack(
				"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:I,s:s,s:I}",
				"track", fz_stmt_text(st, 0),
				"track_name", fz_mediate_track_name(fz_stmt_text(st, 0)),
				"channel", fz_stmt_text(st, 1), "station", fz_stmt_text(st, 2),
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
	if (rc) {
		json_decref(o);
		return rc;
	}
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_act(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return fz_casehttp_act(&mod, req, resp, err);
}

static int h_assign(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id, m = 0, chosen;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("mediator_id", "on");
	if (rc || (rc = fz_req_date(req, "on", &on, err)) ||
	    (rc = fz_casehttp_need_cal(&mod, err)) ||
	    (rc = fz_json_int(req->json, "mediator_id", 0, INT64_MAX, 0, &m, err)))
		return rc;
	fz_casehttp_case_actor(&mod, req, &a);
	rc = fz_mediate_assign(req->db, fz_mediate_cal(), &a, id, m, on, &chosen, err);
	return rc ? rc : h_get(req, resp, err);
}

static int h_extend(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	return fz_casehttp_extend(&mod, req, resp, err);
}

static int h_agreement_pdf(struct fz_req *req, struct fz_resp *resp,
			   struct fz_err *err)
{
	return fz_casehttp_pdf(&mod, req, resp, fz_mediate_agreement_pdf, err);
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
	if ((rc = fz_json_int(req->json, "unit_id", 1, INT64_MAX, 1, &unit, err)))
		return rc;
	fz_casehttp_actor(req, &a);
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
	if ((rc = fz_json_int(req->json, "org_id", 1, INT64_MAX, 1, &org, err)))
		return rc;
	fz_casehttp_actor(req, &a);
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

	fz_casehttp_actor(req, &a);
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
	fz_casehttp_actor(req, &a);
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
	if ((rc = fz_json_int(req->json, "year", 2000, 2100, 1, &year, err)) ||
	    (rc = fz_json_int(req->json, "civil_first", 0, 10000000, 1, &n, err)))
		return rc;
	fz_casehttp_actor(req, &a);
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

const struct fz_route fz_mediate_routes[] = {
	{ "POST", "/api/v1/public/mediate/apply", h_public_apply, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "POST", "/api/v1/public/mediate/track", h_public_track, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "GET", "/api/v1/public/towns", h_public_towns, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "POST", "/api/v1/mediate/disputes", h_open, MED, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/mediate/disputes", h_list, VIEW, 0 },
	{ "GET", "/api/v1/mediate/disputes/{id}", h_get, VIEW, 0 },
	{ "POST", "/api/v1/mediate/disputes/{id}/actions", h_act, MED, FZ_ROUTE_WRITE },
	{ "POST", "/api/v1/mediate/disputes/{id}/assign", h_assign, MED, FZ_ROUTE_WRITE },
	{ "POST", "/api/v1/mediate/disputes/{id}/extend", h_extend, MED, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/mediate/disputes/{id}/agreement.pdf", h_agreement_pdf, VIEW, 0 },
	{ "GET", "/api/v1/mediate/orgs", h_orgs, VIEW, 0 },
	{ "POST", "/api/v1/mediate/orgs", h_org_add, FZ_ROLE_JUSTICE, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/mediate/mediators", h_mediators, VIEW, 0 },
	{ "POST", "/api/v1/mediate/mediators", h_mediator_add, MED, FZ_ROUTE_WRITE },
	{ "POST", "/api/v1/mediate/wage-leads/import", h_wage_import,
	  FZ_ROLE_JUSTICE, FZ_ROUTE_WRITE | FZ_ROUTE_RAW },
	{ "GET", "/api/v1/mediate/wage-leads", h_wage_list, VIEW, 0 },
	{ "POST", "/api/v1/mediate/wage-leads/{id}/status", h_wage_status,
	  FZ_ROLE_JUSTICE, FZ_ROUTE_WRITE },
	{ "PUT", "/api/v1/mediate/court-stats", h_court_stat, FZ_ROLE_COURT,
	  FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/mediate/metrics", h_metrics, VIEW, 0 },
	{ NULL, NULL, NULL, 0, 0 }
};
