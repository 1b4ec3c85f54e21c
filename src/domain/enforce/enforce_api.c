/* enforce_api.c - HTTP routes of the enforcement domain (docs/enforce.md):
 * cases, steps, transfers, discretion calculator, officers, documents,
 * 评查, supervision lists, and the public 行政行为码 page /v/<token> with
 * its JSON API and rating. */
#include "domain/enforce/enforce.h"

#include "core/buf.h"
#include "core/json.h"
#include "core/mask.h"
#include "core/money.h"
#include "engine/actcode/actcode.h"
#include "engine/rules/rules.h"
#include "engine/calendar/calendar.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "http/handler.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A buffer for a unit's name from fz_org_unit_name. */
#define UNIT_NAME_LEN sizeof(((struct fz_unit_info *)0)->name)

/* The discretion tables, embedded from data/discretion by the Makefile
 * (scripts/embed.sh), ended by { NULL, NULL }. */
extern const struct fz_embedded fz_discretion_files[];

/* ---- the environment, built once ---------------------------------------- */

static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static struct fz_enforce_env env_default;
static struct fz_err env_err;
static int env_rc;

static void env_build(void)
{
	static struct fz_cal *cal;
	static struct fz_rules *rules;
	static struct fz_enforce_discretion *disc;

	/* the shared calendar: an imported holiday notice takes effect */
	cal = fz_calendar_shared(&env_err);
	env_rc = cal ? 0 : env_err.code;
	if (!env_rc)
		env_rc = fz_rules_compile_files(&rules, fz_rules_files, NULL, &env_err);
	if (!env_rc)
		env_rc = fz_enforce_discretion_load(&disc, fz_discretion_files,
						    &env_err);
	/* the 法制审核目录 (Art. 58): a broken file fails at start-up, not at
	 * the first decision */
	if (!env_rc)
		env_rc = fz_enforce_art58_catalogue_ok(&env_err);
	if (!env_rc) {
		env_default.cal = cal;
		env_default.transfer = rules;
		env_default.discretion = disc;
		fz_enforce_set_env(&env_default);
	}
}

const struct fz_enforce_env *fz_enforce_env_default(struct fz_err *err)
{
	pthread_once(&env_once, env_build);
	if (env_rc) {
		if (err)
			*err = env_err;
		return NULL;
	}
	return &env_default;
}

static int need_env(struct fz_err *err)
{
	return fz_enforce_env_default(err) ? 0 : FZ_EINTERNAL;
}

/* ---- helpers -------------------------------------------------------------- */

/* The 检察院 and the 司法局 supervise every agency's cases (两法衔接,
 * 执法监督): they reach them district-wide. */
#define SUPERVISORS (FZ_ROLE_PROCURATOR | FZ_ROLE_JUSTICE)

static int case_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err)
{
	return fz_case_unit_path(db, id, "enforce.", path, n, err);
}

/* a 行政行为码 lives with its case */
static int act_path(struct fz_store *db, int64_t id, char *path, size_t n,
		    struct fz_err *err)
{
	int64_t case_id = 0;
	int rc = fz_store_int(db, &case_id, err,
		"SELECT case_id FROM enf_acts WHERE id = ?", "I", id);
	return rc <= 0 ? rc : case_path(db, case_id, path, n, err);
}

/* a 评查 finding lives with the case reviewed */
static int finding_path(struct fz_store *db, int64_t id, char *path, size_t n,
			struct fz_err *err)
{
	int64_t case_id = 0;
	int rc = fz_store_int(db, &case_id, err,
		"SELECT case_id FROM enf_findings WHERE id = ?", "I", id);
	return rc <= 0 ? rc : case_path(db, case_id, path, n, err);
}

static const struct fz_record_kind case_kind = {
	"enforce.case", "案件不存在", SUPERVISORS, case_path
};
static const struct fz_record_kind act_kind = {
	"enforce.act", "行政行为码不存在", SUPERVISORS, act_path
};
static const struct fz_record_kind finding_kind = {
	"enforce.finding", "评查问题不存在", SUPERVISORS, finding_path
};

static const struct fz_case_type *const types[] = {
	&fz_enforce_penalty_type, &fz_enforce_inspection_type,
	&fz_enforce_transfer_type, NULL
};

static const struct fz_case_column columns[] = {
	{ "e.kind", "kind", 't' },
	{ "e.violation", "violation", 't' },
	{ "e.procedure", "procedure", 't' },
	{ "e.fine", "fine", 'n' },
	{ "e.outside_range", "outside_range", 'i' },
	{ NULL, NULL, 0 }
};
static const struct fz_case_join join = {
	" JOIN enf_cases e ON e.case_id = c.id", columns
};
static const struct fz_casehttp_filter filters[] = {
	{ "violation", "e.violation = ?" },
	{ "procedure", "e.procedure = ?" },
	{ "outside_range", "e.outside_range = CAST(? AS INTEGER)" },
	{ NULL, NULL }
};

static int case_extras(struct fz_req *req, int64_t id, json_t *o,
		       struct fz_err *err);
static int document(struct fz_req *req, const struct fz_case_actor *a,
		    int64_t id, const char *kind, int *html, struct fz_buf *out,
		    struct fz_err *err);

static int act(struct fz_req *req, const struct fz_cal *cal,
	       const struct fz_case_actor *a, int64_t id, const char *transition,
	       struct fz_date on, json_t *data, const char *note,
	       struct fz_err *err)
{
	return fz_enforce_case_act(req->db, req->keys, a, id, transition, on,
				   data, note, err);
}

static const struct fz_cal *cal(void)
{
	const struct fz_enforce_env *e = fz_enforce_env_default(NULL);
	return e ? e->cal : NULL;
}

static const struct fz_xlsx_col export_cols[] = {
	{ "number", "案号", 't' }, { "title", "案由", 't' },
	{ "unit_name", "执法机关", 't' }, { "state_name", "环节", 't' },
	{ "opened_on", "立案日期", 't' }, { "closed_on", "结案日期", 't' },
	{ "light_name", "信号灯", 't' }, { "next_due", "下一期限", 't' },
	{ "fine", "罚款（元）", 'm' }, { "open_flags", "待处理提示", 'n' },
	{ NULL, NULL, 0 }
};

static const struct fz_casehttp mod = {
	.record = &case_kind, .types = types, .cal = cal, .join = &join,
	.filters = filters, .act = act, .extras = case_extras,
	.document = document, .export_cols = export_cols,
	.export_name = "执法案件",
};

static void actor_of(struct fz_req *req, struct fz_case_actor *a)
{
	fz_casehttp_actor(&mod, req, a);
}

/* the data scope for the module's own lists: "" for the whole district */
static const char *scope_of(struct fz_req *req)
{
	const char *s = fz_policy_scope(req->user, SUPERVISORS);
	return strcmp(s, "/") ? s : "";
}

static int opt_date(const json_t *o, const char *key, struct fz_date *d,
		    struct fz_err *err)
{
	const char *s = fz_req_field(o, key);
	d->y = d->m = d->d = 0;
	if (!s || !*s)
		return 0;
	if (fz_date_parse(d, s, err))
		return fz_err_set(err, FZ_EINVAL, key, "日期格式应为 YYYY-MM-DD");
	return 0;
}

/* ---- cases ---------------------------------------------------------------- */

static int h_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int rc = need_env(err);
	return rc ? rc : fz_casehttp_list(&mod, req, resp, err);
}

static int h_create(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_enforce_case_new nc = { 0 };
	struct fz_case_actor a;
	json_t *party = json_object_get(req->json, "party");
	json_t *off = json_object_get(req->json, "officers");
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id, pid = 0, unit = req->user->unit_id;
	int rc;
	FZ_ALLOW("kind", "unit_id", "title", "party", "party_id", "officers",
	      "violation", "opened", "act_date", "discovered_on", "five_years",
	      "procedure", "facts");

	if ((rc = need_env(err)))
		return rc;
	if (!req->json)
		return fz_err_set(err, FZ_EINVAL, NULL, "请求体为空");
	actor_of(req, &a);
	if (json_is_integer(json_object_get(req->json, "unit_id")))
		unit = json_integer_value(json_object_get(req->json, "unit_id"));
	if (unit != req->user->unit_id)
		return fz_err_set(err, FZ_EFORBID, "unit_id", "只能以本机关名义立案");
	if (json_is_object(party)) {
		struct fz_enforce_party p = { fz_req_field(party, "kind"), fz_req_field(party, "name"),
			fz_req_field(party, "id_number"), fz_req_field(party, "address"), fz_req_field(party, "rep") };
		static const char *const pk[] = { "kind", "name", "id_number", "address",
						  "rep", NULL };
		if ((rc = fz_json_check_keys(party, pk, err)))
			return rc;
		if ((rc = fz_store_begin(req->db, err)))
			return rc;
		rc = fz_enforce_party_add(req->db, req->keys, &p, &pid, err);
		if (rc) {
			fz_store_rollback(req->db);
			return rc;
		}
	} else if (json_is_integer(json_object_get(req->json, "party_id"))) {
		pid = json_integer_value(json_object_get(req->json, "party_id"));
		if ((rc = fz_store_begin(req->db, err)))
			return rc;
	} else {
		return fz_err_set(err, FZ_EINVAL, "party", "请填写当事人");
	}
	nc.kind = fz_req_str(req, "kind");
	nc.unit_id = unit;
	nc.title = fz_req_str(req, "title");
	nc.party_id = pid;
	if (json_is_array(off) && json_array_size(off) == 2) {
		nc.officers[0] = json_integer_value(json_array_get(off, 0));
		nc.officers[1] = json_integer_value(json_array_get(off, 1));
	}
	nc.violation = fz_req_str(req, "violation");
	nc.procedure = fz_req_str(req, "procedure");
	nc.five_years = json_is_true(json_object_get(req->json, "five_years"));
	nc.facts = json_object_get(req->json, "facts");
	if (nc.facts && !json_is_object(nc.facts))
		rc = fz_err_set(err, FZ_EINVAL, "facts", "facts 须为对象");
	if (!rc)
		rc = opt_date(req->json, "opened", &nc.opened, err);
	if (!rc)
		rc = opt_date(req->json, "act_date", &nc.act_date, err);
	if (!rc)
		rc = opt_date(req->json, "discovered_on", &nc.discovered, err);
	if (!rc)
		rc = fz_enforce_case_open(req->db, req->keys, &a, &nc, &id, number, err);
	if (rc) {
		fz_store_rollback(req->db);
		return rc;
	}
	if ((rc = fz_store_commit(req->db, err))) {
		fz_store_rollback(req->db);
		return rc;
	}
	fz_resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id,
					  "number", number));
	return 0;
}

static void base_url(struct fz_req *req, char *out, size_t n)
{
	const char *host = fz_req_header(req, "Host");
	snprintf(out, n, "%s://%s", req->cookie_secure ? "https" : "http",
		 host && *host && !strpbrk(host, "\"<> \\") ? host : "localhost");
}

/* The domain's part of a case: party (masked), officers, codes, transfers,
 * discretion record, documents available. */
static int case_extras(struct fz_req *req, int64_t id, json_t *o,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *arr;
	char url[300];
	int rc;

	base_url(req, url, sizeof(url));
	rc = fz_store_query(req->db, &st, err,
		"SELECT e.kind, e.violation, e.procedure, e.rec_min, e.rec_max, e.fine,"
		" e.outside_range, e.outside_reason, e.surcharge, p.kind, p.name,"
		" p.id_masked, p.address, p.rep, e.unit_id"
		" FROM enf_cases e LEFT JOIN enf_parties p ON p.id = e.party_id"
		" WHERE e.case_id = ?", "I", id);
	if (rc)
		return rc;
	if (fz_stmt_step(st, err) == 1) {
		char agency[UNIT_NAME_LEN];
		json_object_set_new(o, "kind", json_string(fz_stmt_text(st, 0)));
		json_object_set_new(o, "violation", json_string(fz_stmt_text(st, 1)));
		json_object_set_new(o, "procedure", json_string(fz_stmt_text(st, 2)));
		/* units are org's: the agency's name by lookup */
		json_object_set_new(o, "agency", json_string(fz_org_unit_name(req->db,
			fz_stmt_int(st, 14), agency, sizeof(agency))));
		json_object_set_new(o, "discretion", json_pack("{s:o,s:o,s:o,s:b,s:s,s:I}",
			"rec_min", fz_stmt_is_null(st, 3) ? json_null() : json_integer(fz_stmt_int(st, 3)),
			"rec_max", fz_stmt_is_null(st, 4) ? json_null() : json_integer(fz_stmt_int(st, 4)),
			"fine", fz_stmt_is_null(st, 5) ? json_null() : json_integer(fz_stmt_int(st, 5)),
			"outside_range", (int)fz_stmt_int(st, 6),
			"outside_reason", fz_stmt_text(st, 7),
			"surcharge", (json_int_t)fz_stmt_int(st, 8)));
		if (!fz_stmt_is_null(st, 9))
			json_object_set_new(o, "party", json_pack("{s:s,s:s,s:s,s:s,s:s}",
				"kind", fz_stmt_text(st, 9), "name", fz_stmt_text(st, 10),
				"id_masked", fz_stmt_text(st, 11), "address", fz_stmt_text(st, 12),
				"rep", fz_stmt_text(st, 13)));
	}
	fz_stmt_finish(st);
	arr = json_array();
	rc = fz_store_query(req->db, &st, err,
		"SELECT o.id, o.name, o.cert FROM enf_case_officers x JOIN enf_officers o"
		" ON o.id = x.officer_id WHERE x.case_id = ? ORDER BY o.id", "I", id);
	if (!rc) {
		while (fz_stmt_step(st, err) == 1)
			json_array_append_new(arr, json_pack("{s:I,s:s,s:s}", "id",
				(json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 1),
				"cert", fz_stmt_text(st, 2)));
		fz_stmt_finish(st);
	}
	json_object_set_new(o, "officers", arr);
	arr = json_array();
	rc = fz_store_query(req->db, &st, err,
		"SELECT a.id, a.type, a.act_date, a.token, r.reason, g.rating"
		" FROM enf_acts a LEFT JOIN enf_revoked_codes r ON r.act_id = a.id"
		" LEFT JOIN enf_ratings g ON g.act_id = a.id WHERE a.case_id = ?"
		" ORDER BY a.id", "I", id);
	if (!rc) {
		while (fz_stmt_step(st, err) == 1) {
			json_t *c = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id",
				(json_int_t)fz_stmt_int(st, 0),
				"type", fz_actcode_type_name((int)fz_stmt_int(st, 1)),
				"date", fz_stmt_text(st, 2), "token", fz_stmt_text(st, 3),
				"url", "", "rating", fz_stmt_text(st, 5));
			json_object_set_new(c, "url", json_sprintf("%s/v/%s", url,
				fz_stmt_text(st, 3)));
			json_object_set_new(c, "revoked", fz_stmt_is_null(st, 4) ?
				json_null() : json_string(fz_stmt_text(st, 4)));
			json_array_append_new(arr, c);
		}
		fz_stmt_finish(st);
	}
	json_object_set_new(o, "codes", arr);
	arr = json_array();
	rc = fz_store_query(req->db, &st, err,
		"SELECT kind, doc_no, police, approver, reason, on_date, follow_case_id"
		" FROM enf_transfers WHERE case_id = ? ORDER BY id", "I", id);
	if (!rc) {
		while (fz_stmt_step(st, err) == 1)
			json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I}",
				"kind", fz_stmt_text(st, 0), "doc_no", fz_stmt_text(st, 1),
				"police", fz_stmt_text(st, 2), "approver", fz_stmt_text(st, 3),
				"reason", fz_stmt_text(st, 4), "on", fz_stmt_text(st, 5),
				"follow_case_id", (json_int_t)fz_stmt_int(st, 6)));
		fz_stmt_finish(st);
	}
	json_object_set_new(o, "transfers", arr);
	if (!fz_enforce_case_reviews(req->db, id, &arr, err))
		json_object_set_new(o, "reviews", arr);
	return 0;
}

static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int rc = need_env(err);
	return rc ? rc : fz_casehttp_get(&mod, req, resp, err);
}

static int h_act(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int rc = need_env(err);
	return rc ? rc : fz_casehttp_act(&mod, req, resp, err);
}

static int h_facts(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int rc = need_env(err);
	/* the facts a step records (告知, waiver, hearing, 法制审核) are the
	 * step's: an edit may not set them (行政处罚法 Art. 58, 62, 64) */
	if (!rc && req->json)
		rc = fz_enforce_facts_check(NULL, json_object_get(req->json, "facts"), err);
	return rc ? rc : fz_casehttp_facts(&mod, req, resp, err);
}

static int h_extend(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int rc = need_env(err);
	return rc ? rc : fz_casehttp_extend(&mod, req, resp, err);
}

static int h_transfer(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_enforce_transfer t;
	int64_t id;
	int rc;
	FZ_ALLOW("doc_no", "police", "approver", "on");

	if ((rc = need_env(err)) || (rc = fz_req_id(req, 0, &id, err)))
		return rc;
	t.doc_no = fz_req_str(req, "doc_no");
	t.police = fz_req_str(req, "police");
	t.approver = fz_req_str(req, "approver");
	if ((rc = opt_date(req->json, "on", &t.on, err)))
		return rc;
	actor_of(req, &a);
	if ((rc = fz_enforce_transfer_record(req->db, &a, id, &t, err)))
		return rc;
	return h_get(req, resp, err);
}

static int h_no_transfer(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	int rc;
	FZ_ALLOW("reason", "approver");

	if ((rc = need_env(err)) || (rc = fz_req_id(req, 0, &id, err)))
		return rc;
	actor_of(req, &a);
	rc = fz_enforce_no_transfer(req->db, &a, id, fz_req_str(req, "reason"),
				    fz_req_str(req, "approver"), err);
	if (rc)
		return rc;
	return h_get(req, resp, err);
}

/* 延期/分期 (行政处罚法 Art. 66(2)): approved on the party's application;
 * the payment deadline is extended to the new date (or the last
 * instalment) and the plan kept in the facts for the 告知书. */
static int h_defer(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_case_deadline_view v[8];
	struct fz_date until, due = { 0, 0, 0 };
	const struct fz_case_deadline_view *pay = NULL;
	const char *plan = fz_req_str(req, "plan");
	json_t *patch;
	size_t n = 0;
	int64_t id;
	long days;
	int rc;
	FZ_ALLOW("until", "plan", "reason", "approver");

	if ((rc = need_env(err)) || (rc = fz_req_id(req, 0, &id, err)))
		return rc;
	if ((rc = opt_date(req->json, "until", &until, err)))
		return rc;
	if (!until.y)
		return fz_err_set(err, FZ_EINVAL, "until", "请填写延期（或最后一期）缴纳日期");
	actor_of(req, &a);
	if ((rc = fz_store_begin(req->db, err)))
		return rc;
	rc = fz_case_deadlines(req->db, &fz_enforce_penalty_type, id,
			       fz_date_today_cn(), v, 8, &n, err);
	for (size_t i = 0; !rc && i < n; i++)
		if (!strcmp(v[i].key, "pay") && !strcmp(v[i].status, "running"))
			pay = &v[i];
	if (!rc && (!pay || fz_date_parse(&due, pay->due, NULL)))
		rc = fz_err_set(err, FZ_ESTATE, "until", "案件没有正在计算的缴纳罚款期限");
	if (!rc && fz_date_cmp(until, due) <= 0)
		rc = fz_err_set(err, FZ_EINVAL, "until", "延期缴纳日期须晚于原缴纳期限");
	/* The smallest extension whose (rest-day adjusted) end reaches until. */
	days = 0;
	if (!rc) {
		struct fz_date start, end;
		fz_date_parse(&start, pay->start, NULL);
		for (days = 1; days <= 3650; days++) {
			if (fz_case_due(fz_enforce_env()->cal, start, pay->spec->n,
					pay->spec->unit, pay->ext + (int)days, pay->paused,
					&end, NULL))
				break;
			if (fz_date_cmp(end, until) >= 0)
				break;
		}
	}
	if (!rc) {
		char d[FZ_DATE_STRLEN];
		patch = json_pack("{s:s}", "延期至", fz_date_format(until, d));
		if (plan && *plan)
			json_object_set_new(patch, "分期计划", json_string(plan));
		rc = fz_case_set_facts(req->db, fz_enforce_env()->cal,
				       &fz_enforce_penalty_type, &a, id, patch, err);
		json_decref(patch);
	}
	if (!rc)
		rc = fz_case_extend(req->db, fz_enforce_env()->cal,
				    &fz_enforce_penalty_type, &a, id, "pay", (int)days,
				    fz_req_str(req, "reason"), fz_req_str(req, "approver"),
				    fz_date_today_cn(), err);
	if (rc) {
		fz_store_rollback(req->db);
		return rc;
	}
	if ((rc = fz_store_commit(req->db, err)))
		return rc;
	return h_get(req, resp, err);
}

static int document(struct fz_req *req, const struct fz_case_actor *a,
		    int64_t id, const char *kind, int *html, struct fz_buf *out,
		    struct fz_err *err)
{
	char url[300];
	base_url(req, url, sizeof(url));
	return fz_enforce_doc(req->db, req->keys, a, id, kind, *html, url, out,
			      err);
}

static int h_doc(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int rc = need_env(err);
	return rc ? rc : fz_casehttp_document(&mod, req, resp, err);
}

static int h_revoke(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	int rc;
	FZ_ALLOW("reason");

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	actor_of(req, &a);
	if ((rc = fz_enforce_code_revoke(req->db, &a, id, fz_req_str(req, "reason"), err)))
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

/* ---- officers, discretion ------------------------------------------------------ */

static int h_officers(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *items = json_array();
	const char *unit = fz_req_arg(req, "unit_id");
	int64_t uid = unit ? strtoll(unit, NULL, 10) : req->user->unit_id;
	int rc = fz_store_query(req->db, &st, err,
		"SELECT id, name, cert, unit_id FROM enf_officers WHERE unit_id = ?"
		" AND active = 1 ORDER BY id", "I", uid);
	if (rc) {
		json_decref(items);
		return rc;
	}
	while (fz_stmt_step(st, err) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:I}", "id",
			(json_int_t)fz_stmt_int(st, 0), "name", fz_stmt_text(st, 1),
			"cert", fz_stmt_text(st, 2), "unit_id", (json_int_t)fz_stmt_int(st, 3)));
	fz_stmt_finish(st);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int h_officer_add(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	int64_t id, unit = req->user->unit_id;
	int rc;
	FZ_ALLOW("name", "cert", "unit_id");

	if (json_is_integer(json_object_get(req->json, "unit_id")))
		unit = json_integer_value(json_object_get(req->json, "unit_id"));
	if (unit != req->user->unit_id && !(req->user->role & FZ_ROLE_ADMIN))
		return fz_err_set(err, FZ_EFORBID, "unit_id", "只能登记本机关执法人员");
	if ((rc = fz_store_begin(req->db, err)))
		return rc;
	rc = fz_enforce_officer_add(req->db, unit, 0, fz_req_str(req, "name"),
				    fz_req_str(req, "cert"), &id, err);
	if (rc) {
		fz_store_rollback(req->db);
		return rc;
	}
	if ((rc = fz_store_commit(req->db, err)))
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return 0;
}

static int h_discretion(struct fz_req *req, struct fz_resp *resp,
			struct fz_err *err)
{
	int rc = need_env(err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, fz_enforce_discretion_json(
		fz_enforce_env()->discretion, fz_req_arg(req, "agency")));
	return 0;
}

static int h_calc(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *facts = json_object_get(req->json, "facts"), *out;
	const char *code = fz_req_str(req, "violation");
	int rc;
	FZ_ALLOW("violation", "facts");

	if ((rc = need_env(err)))
		return rc;
	if (!code || !*code)
		return fz_err_set(err, FZ_EINVAL, "violation", "请选择违法行为");
	if (facts && !json_is_object(facts))
		return fz_err_set(err, FZ_EINVAL, "facts", "facts 须为对象");
	facts = facts ? json_incref(facts) : json_object();
	rc = fz_enforce_discretion_compute(fz_enforce_env()->discretion, code, facts,
					   &out, err);
	json_decref(facts);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, out);
	return 0;
}

/* ---- 评查 (case-file review): enforce_review.c, checklist in data ------------ */

static int h_checklist(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	const struct fz_enforce_checklist *cl = fz_enforce_checklist_default(err);
	if (!cl)
		return FZ_EINTERNAL;
	fz_resp_json(resp, 200, fz_enforce_checklist_json(cl));
	return 0;
}

static int h_review(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_enforce_checklist *cl;
	struct fz_case_actor a;
	int64_t id, rid;
	int score, rc;
	FZ_ALLOW("scores", "notes");

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	if (!(cl = fz_enforce_checklist_default(err)))
		return FZ_EINTERNAL;
	actor_of(req, &a);
	rc = fz_enforce_review_add(req->db, &a, cl, id,
				   json_object_get(req->json, "scores"),
				   json_object_get(req->json, "notes"), &rid, &score, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I,s:i,s:i}", "id", (json_int_t)rid,
					  "score", score, "max_score", cl->max));
	return 0;
}

static int h_findings(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *items;
	int rc = fz_enforce_findings(req->db, scope_of(req), fz_req_arg(req, "status"),
				     &items, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int h_finding_close(struct fz_req *req, struct fz_resp *resp,
			   struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	int rc;
	FZ_ALLOW("response");

	if ((rc = fz_req_id(req, 0, &id, err)))
		return rc;
	actor_of(req, &a);
	rc = fz_enforce_finding_close(req->db, &a, id, fz_req_str(req, "response"), err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
	return 0;
}

/* ---- supervision ------------------------------------------------------------- */

/* Units are org's and cases engine/case's (docs/architecture.md, "Who
 * reads which table"): the lists below keep a unit or case id from this
 * module's tables and look the rest up per row (≤ 500 rows). */

struct transfer_walk {
	struct fz_store *db;
	json_t *items;
	struct fz_err *err;
};

/* One 两法衔接 warning with the agency and the latest transfer record. */
static int transfer_row(const struct fz_case_flag_view *f, void *arg)
{
	struct transfer_walk *w = arg;
	char agency[UNIT_NAME_LEN];
	struct fz_stmt *st;
	int rc = fz_store_query(w->db, &st, w->err,
		"SELECT e.unit_id, COALESCE(t.kind,''), COALESCE(t.doc_no,''),"
		" COALESCE(t.police,''), COALESCE(t.approver,'')"
		" FROM enf_cases e LEFT JOIN enf_transfers t ON t.id ="
		"  (SELECT MAX(id) FROM enf_transfers WHERE case_id = e.case_id)"
		" WHERE e.case_id = ?", "I", f->case_id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, w->err);
	/* a case without its enf_cases row is not listed, as the join did */
	if (rc == 1)
		json_array_append_new(w->items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
			"case_id", (json_int_t)f->case_id, "number", f->number,
			"title", f->title, "agency", fz_org_unit_name(w->db,
				fz_stmt_int(st, 0), agency, sizeof(agency)),
			"state", f->state, "rule", f->key, "reason", f->reason,
			"raised_at", f->raised_at, "resolved_at", f->resolved_at,
			"resolution", f->resolution, "kind", fz_stmt_text(st, 1),
			"doc_no", fz_stmt_text(st, 2), "police", fz_stmt_text(st, 3),
			"approver", fz_stmt_text(st, 4)));
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* 两法衔接 warnings and how each was handled: the procuratorate's list
 * (国务院令第310号 Art. 14: 检察院依法实施监督).  The head's decision is
 * due 3 days after the warning (Art. 5(2)); an open warning past that is
 * marked overdue. */
static int h_sup_transfers(struct fz_req *req, struct fz_resp *resp,
			   struct fz_err *err)
{
	const char *open = fz_req_arg(req, "open");
	struct transfer_walk w = { req->db, json_array(), err };
	json_t *items = w.items;
	size_t i;
	json_t *it;
	char today[FZ_DATE_STRLEN];
	/* the flags are engine/case's: it walks them, open ones first */
	int rc = fz_case_flags_each(req->db, FZ_ENFORCE_TRANSFER_FLAG, "enforce.",
				    open && !strcmp(open, "1"), 500, transfer_row,
				    &w, err);
	if (rc) {
		json_decref(items);
		return rc;
	}
	fz_date_format(fz_date_today_cn(), today);
	json_array_foreach(items, i, it) {
		struct fz_date raised;
		char due[FZ_DATE_STRLEN];
		const char *r = json_string_value(json_object_get(it, "raised_at"));
		if (r && strlen(r) >= 10) {
			char d10[11];
			memcpy(d10, r, 10);
			d10[10] = 0;
			if (!fz_date_parse(&raised, d10, NULL)) {
				fz_date_format(fz_date_add_days(raised, 3), due);
				json_object_set_new(it, "decision_due", json_string(due));
				json_object_set_new(it, "overdue", json_boolean(
					!*json_string_value(json_object_get(it, "resolved_at")) &&
					strcmp(today, due) > 0));
			}
		}
		json_object_set_new(it, "handling", json_string(
			!strcmp(json_string_value(json_object_get(it, "kind")), "transfer") ?
			"已移送" : *json_string_value(json_object_get(it, "resolved_at")) ?
			"决定不移送" : "未处理"));
	}
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* Decisions outside the discretion range (rule-of-law office). */
static int h_sup_discretion(struct fz_req *req, struct fz_resp *resp,
			    struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *items;
	int rc = fz_store_query(req->db, &st, err,
		"SELECT e.case_id, e.unit_id,"
		" e.violation, COALESCE(e.fine,0), COALESCE(e.rec_min,0),"
		" COALESCE(e.rec_max,0), e.outside_reason, COALESCE(e.decided_on,'')"
		" FROM enf_cases e WHERE e.outside_range = 1"
		" ORDER BY e.decided_on DESC LIMIT 500", "");
	if (rc)
		return rc;
	items = json_array();
	while ((rc = fz_stmt_step(st, NULL)) == 1) {
		struct fz_case_info ci;
		char agency[UNIT_NAME_LEN];
		/* number and title are the case's */
		if (fz_case_info_get(req->db, fz_stmt_int(st, 0), &ci, NULL))
			continue;
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:s}",
			"case_id", (json_int_t)ci.id, "number", ci.number,
			"title", ci.title, "agency", fz_org_unit_name(req->db,
				fz_stmt_int(st, 1), agency, sizeof(agency)),
			"violation", fz_stmt_text(st, 2),
			"fine", (json_int_t)fz_stmt_int(st, 3),
			"rec_min", (json_int_t)fz_stmt_int(st, 4),
			"rec_max", (json_int_t)fz_stmt_int(st, 5),
			"reason", fz_stmt_text(st, 6), "decided_on", fz_stmt_text(st, 7)));
	}
	fz_stmt_finish(st);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* 评查 results per agency and per officer (rule-of-law office, 司法局). */
static int h_sup_reviews(struct fz_req *req, struct fz_resp *resp,
			 struct fz_err *err)
{
	json_t *o;
	int rc = fz_enforce_review_results(req->db, &o, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

/* One agency's code figures, sorted by its name in C: the name is org's
 * and no longer in the query. */
struct code_stat {
	int64_t unit_id;
	char agency[UNIT_NAME_LEN];
	int64_t v[5];   /* scans, ratings, satisfied, basic, unsatisfied */
};

/* By name in byte order (SQLite's BINARY, as ORDER BY did), then by id
 * so equal names keep one order. */
static int code_stat_cmp(const void *a, const void *b)
{
	const struct code_stat *x = a, *y = b;
	int c = strcmp(x->agency, y->agency);
	return c ? c : (x->unit_id > y->unit_id) - (x->unit_id < y->unit_id);
}

/* Scans and satisfaction per agency: what later indicators read. */
static int h_code_stats(struct fz_req *req, struct fz_resp *resp,
			struct fz_err *err)
{
	struct code_stat *rows = NULL;
	size_t n = 0, cap = 0;
	struct fz_stmt *st;
	json_t *items;
	int rc = fz_store_query(req->db, &st, err,
		"SELECT s.unit_id, SUM(s.scans), SUM(s.ratings), SUM(s.satisfied),"
		" SUM(s.basic), SUM(s.unsatisfied) FROM enf_code_stats s"
		" GROUP BY s.unit_id", "");
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, NULL)) == 1) {
		if (n == cap) {
			struct code_stat *g;
			cap = cap ? 2 * cap : 32;
			if (!(g = realloc(rows, cap * sizeof(*rows)))) {
				fz_stmt_finish(st);
				free(rows);
				return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
			}
			rows = g;
		}
		rows[n].unit_id = fz_stmt_int(st, 0);
		fz_org_unit_name(req->db, rows[n].unit_id, rows[n].agency,
				 sizeof(rows[n].agency));
		for (int i = 0; i < 5; i++)
			rows[n].v[i] = fz_stmt_int(st, i + 1);
		n++;
	}
	fz_stmt_finish(st);
	if (n)
		qsort(rows, n, sizeof(*rows), code_stat_cmp);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}",
			"agency", rows[i].agency, "scans", (json_int_t)rows[i].v[0],
			"ratings", (json_int_t)rows[i].v[1],
			"satisfied", (json_int_t)rows[i].v[2],
			"basic", (json_int_t)rows[i].v[3],
			"unsatisfied", (json_int_t)rows[i].v[4]));
	free(rows);
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* ---- the public code page ------------------------------------------------------ */

/* /v/<token> answers this page; its script (web/v/assets/) reads the token
 * from the address and calls /api/v1/v/<token>.  Assets live one level
 * down so that /v/{token} never shadows them. */
static const char code_page[] =
	"<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<meta name=\"color-scheme\" content=\"light\">\n"
	"<title>行政行为码核验 · 柯桥区</title>\n"
	"<link rel=\"icon\" href=\"/img/logo.svg\" type=\"image/svg+xml\">\n"
	"<link rel=\"stylesheet\" href=\"/vendor/element-plus/index.css\">\n"
	"<link rel=\"stylesheet\" href=\"/v/assets/v.css\">\n"
	"<script src=\"/vendor/vue.runtime.global.prod.js\" defer></script>\n"
	"<script src=\"/vendor/element-plus/index.full.min.js\" defer></script>\n"
	"<script type=\"module\" src=\"/v/assets/v.js\"></script>\n"
	"</head>\n<body>\n<div id=\"app\"><div class=\"v-boot\">正在核验行政行为码…</div>\n"
	"<noscript>本页面需要启用浏览器的 JavaScript 功能。</noscript></div>\n"
	"</body>\n</html>\n";

static int h_code_page(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	fz_buf_reset(&resp->body);
	fz_buf_adds(&resp->body, code_page);
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	fz_resp_header(resp, "Cache-Control", "no-store");
	return 0;
}

static int h_code_json(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	json_t *o;
	int rc = fz_enforce_code_lookup(req->db, req->keys, req->params[0], 1, &o, err);
	if (rc)
		return rc;
	fz_resp_header(resp, "Cache-Control", "no-store");
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_code_rate(struct fz_req *req, struct fz_resp *resp,
		       struct fz_err *err)
{
	int rc;
	FZ_ALLOW("rating", "comment");

	rc = fz_enforce_code_rate(req->db, req->keys, req->params[0],
				  fz_req_str(req, "rating"), fz_req_str(req, "comment"),
				  req->ip, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:b}", "ok", 1));
	return 0;
}

#define OFF (FZ_ROLE_OFFICER | FZ_ROLE_TOWN)
#define SEE (OFF | FZ_ROLE_OFFICE | FZ_ROLE_PROCURATOR | FZ_ROLE_JUSTICE | FZ_ROLE_ADMIN)
#define W FZ_ROUTE_WRITE
#define PUB (FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE)

const struct fz_casehttp_domain fz_enforce_domain = {
	"enforce", "执法办案", "/enforce", "id", SEE, &mod
};

const struct fz_route fz_enforce_routes[] = {
	{ "GET", "/api/v1/enforce/cases", h_list, SEE, 0 },
	{ "POST", "/api/v1/enforce/cases", h_create, OFF, W },
	{ "GET", "/api/v1/enforce/cases/{id}", h_get, SEE, 0, &case_kind },
	{ "POST", "/api/v1/enforce/cases/{id}/actions", h_act, OFF, W, &case_kind },
	{ "POST", "/api/v1/enforce/cases/{id}/facts", h_facts, OFF, W, &case_kind },
	{ "POST", "/api/v1/enforce/cases/{id}/extend", h_extend, OFF | FZ_ROLE_OFFICE, W, &case_kind },
	{ "POST", "/api/v1/enforce/cases/{id}/transfer", h_transfer, OFF, W, &case_kind },
	{ "POST", "/api/v1/enforce/cases/{id}/defer", h_defer, OFF, W, &case_kind },
	{ "POST", "/api/v1/enforce/cases/{id}/no-transfer", h_no_transfer, OFF, W, &case_kind },
	{ "POST", "/api/v1/enforce/cases/{id}/review", h_review, FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE, W, &case_kind },
	{ "GET", "/api/v1/enforce/cases/{id}/documents/{kind}", h_doc, SEE, 0, &case_kind },
	{ "POST", "/api/v1/enforce/acts/{id}/revoke", h_revoke, OFF | FZ_ROLE_OFFICE, W, &act_kind },
	{ "GET", "/api/v1/enforce/officers", h_officers, SEE, 0 },
	{ "POST", "/api/v1/enforce/officers", h_officer_add, OFF | FZ_ROLE_ADMIN, W },
	{ "GET", "/api/v1/enforce/discretion", h_discretion, SEE, 0 },
	{ "POST", "/api/v1/enforce/discretion/calc", h_calc, SEE, 0 },
	{ "GET", "/api/v1/enforce/checklist", h_checklist, SEE, 0 },
	{ "GET", "/api/v1/enforce/findings", h_findings, OFF | FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE, 0 },
	{ "POST", "/api/v1/enforce/findings/{id}/close", h_finding_close, OFF, W, &finding_kind },
	{ "GET", "/api/v1/enforce/supervision/transfers", h_sup_transfers, FZ_ROLE_PROCURATOR | FZ_ROLE_OFFICE, 0 },
	{ "GET", "/api/v1/enforce/supervision/discretion", h_sup_discretion, FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE, 0 },
	{ "GET", "/api/v1/enforce/supervision/reviews", h_sup_reviews, FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE, 0 },
	{ "GET", "/api/v1/enforce/stats/codes", h_code_stats, FZ_ROLE_OFFICE | FZ_ROLE_ADMIN | OFF, 0 },
	{ "GET", "/v/{token}", h_code_page, 0, PUB },
	{ "GET", "/api/v1/v/{token}", h_code_json, 0, PUB },
	{ "POST", "/api/v1/v/{token}/rating", h_code_rate, 0, PUB | W },	{ NULL, NULL, NULL, 0, 0 }
};
