/* casehttp.c - helpers and generic case handlers shared by the domain
 * modules that wrap engine/case (review, mediate); see casehttp.h. */
#include "domain/casehttp/casehttp.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/json.h"
#include "crypto/sm.h"
#include "engine/audit.h"
#include "http/handler.h"

/* ---- domain helpers ---- */

static pthread_once_t cal_once = PTHREAD_ONCE_INIT;
static struct fz_cal *the_cal;

static void load_cal(void)
{
	struct fz_err e = FZ_ERR_INIT;
	if (fz_cal_load(&the_cal, &e))
		the_cal = NULL;
}

const struct fz_cal *fz_casehttp_cal(void)
{
	pthread_once(&cal_once, load_cal);
	return the_cal;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int fz_casehttp_text_ok(const char *s, size_t lo, size_t hi, const char *field,
			const char *label, struct fz_err *err)
{
	size_t n = s ? utf8_chars(s) : 0;
	if (n < lo || n > hi)
		return fz_err_set(err, FZ_EINVAL, field, "%s应为 %zu–%zu 个字", label,
				  lo, hi);
	return 0;
}

int fz_casehttp_end_tx(struct fz_store *db, int rc, struct fz_err *err)
{
	if (rc) {
		fz_store_rollback(db);
		return rc;
	}
	rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
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
			   const char *sql,
			   const struct fz_case_type *const *types,
			   const char *kind, json_t **out, struct fz_err *err)
{
	char norm[FZ_MOBILE_LEN], idx[FZ_SM3_HEX_LEN + 1];
	struct fz_stmt *st;
	int rc;

	*out = NULL;
	/* one answer for a bad phone, an unknown number and a wrong pair */
#define NOTFOUND fz_err_set(err, FZ_ENOTFOUND, "number", \
			    "未查询到与该编号和手机号码相符的申请")
	if (!number || !phone || strlen(number) > 128 ||
	    fz_ident_mobile(phone, norm, NULL) || fz_blind_index(keys, norm, idx))
		return NOTFOUND;
	rc = fz_store_query(db, &st, err, sql, "tt", number, idx);
	if (rc)
		return rc;
	if (fz_stmt_step(st, err) == 1) {
		const struct fz_case_state *s = state_of(types, fz_stmt_text(st, 1),
							 fz_stmt_text(st, 2));
		*out = json_pack("{s:s,s:s,s:s,s:s,s:s}",
			"number", fz_stmt_text(st, 0), "kind", kind,
			"status", s ? s->name : "", "received_on", fz_stmt_text(st, 3),
			"updated_on", fz_stmt_text(st, 4));
	}
	fz_stmt_finish(st);
	return *out ? 0 : NOTFOUND;
#undef NOTFOUND
}

/* ---- the acting user ---- */

void fz_casehttp_actor(struct fz_req *req, struct fz_case_actor *a)
{
	const struct fz_user *u = req->user;
	a->user_id = u->id;
	a->login = u->login;
	a->role = u->role;
	/* district-wide oversight sees every case */
	a->scope = u->role & (FZ_ROLE_OFFICE | FZ_ROLE_ADMIN) ? "/" : u->unit_path;
	a->unit_id = u->unit_id;
	a->ip = req->ip;
	a->system = 0;
}

void fz_casehttp_case_actor(const struct fz_casehttp *m, struct fz_req *req,
			    struct fz_case_actor *a)
{
	fz_casehttp_actor(req, a);
	/* the 司法局 guides every mediation organisation */
	if (m->justice_wide && req->user->role == FZ_ROLE_JUSTICE)
		a->scope = "/";
}

int fz_casehttp_need_cal(const struct fz_casehttp *m, struct fz_err *err)
{
	return m->cal() ? 0 : fz_err_set(err, FZ_EINTERNAL, NULL, "工作日历未加载");
}

/* The case type of case id for the module, NULL when it has none. */
static const struct fz_case_type *type_of(const struct fz_casehttp *m,
					  struct fz_req *req, int64_t id)
{
	return m->type ? m->type : m->type_of(req->db, id);
}

/* ---- generic handlers ---- */

int fz_casehttp_case_json(const struct fz_casehttp *m, struct fz_req *req,
			  int64_t *id, json_t **out, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	int rc = fz_req_id(req, 0, id, err);

	if (rc)
		return rc;
	if (!(t = type_of(m, req, *id)))
		return fz_err_set(err, FZ_ENOTFOUND, "id", "%s", m->not_found);
	fz_casehttp_case_actor(m, req, &a);
	rc = fz_case_get_json(req->db, t, &a, *id, (struct fz_date){ 0, 0, 0 },
			      out, err);
	/* FZ_EINVAL: the case is of another type, so none of this module */
	if (rc == FZ_EINVAL)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "%s", m->not_found);
	return rc;
}

int fz_casehttp_act(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp, struct fz_err *err)
{
	struct fz_case_actor a;
	struct fz_date on;
	json_t *data = req->json ? json_object_get(req->json, "data") : NULL;
	int64_t id;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("transition", "on", "data", "note");

	if (rc || (rc = fz_req_date(req, "on", &on, err)) ||
	    (rc = fz_casehttp_need_cal(m, err)))
		return rc;
	if (data && !json_is_object(data))
		return fz_err_set(err, FZ_EINVAL, "data", "环节数据应为对象");
	fz_casehttp_case_actor(m, req, &a);
	rc = m->act(req->db, m->cal(), &a, id, fz_req_str(req, "transition"), on,
		    data, fz_req_str(req, "note"), err);
	return rc ? rc : m->page(req, resp, err);
}

int fz_casehttp_extend(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_case_type *t;
	struct fz_case_actor a;
	struct fz_date on;
	int64_t id, days = 0;
	int rc = fz_req_id(req, 0, &id, err);
	FZ_ALLOW("deadline", "days", "reason", "approver", "approved_on");

	if (rc || (rc = fz_req_date(req, "approved_on", &on, err)) ||
	    (rc = fz_casehttp_need_cal(m, err)) ||
	    (rc = fz_json_int(req->json, "days", 1, 365, 1, &days, err)))
		return rc;
	if (!(t = type_of(m, req, id)))
		return fz_err_set(err, FZ_ENOTFOUND, "id", "%s", m->not_found);
	fz_casehttp_case_actor(m, req, &a);
	rc = fz_case_extend(req->db, m->cal(), t, &a, id,
			    fz_req_str(req, "deadline") ? fz_req_str(req, "deadline") : "",
			    (int)days, fz_req_str(req, "reason"), fz_req_str(req, "approver"),
			    on.y ? on : fz_date_today_cn(), err);
	return rc ? rc : m->page(req, resp, err);
}

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

int fz_casehttp_pdf(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp,
		    int (*pdf)(struct fz_store *db, const struct fz_case_actor *a,
			       int64_t case_id, struct fz_buf *out,
			       struct fz_err *err),
		    struct fz_err *err)
{
	struct fz_case_actor a;
	int64_t id;
	int rc = fz_req_id(req, 0, &id, err);
	if (rc)
		return rc;
	fz_casehttp_case_actor(m, req, &a);
	fz_buf_reset(&resp->body);
	rc = pdf(req->db, &a, id, &resp->body, err);
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = "application/pdf";
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
