/* enforce_code.c - the 行政行为码 of inspections and penalty decisions:
 * issuing (engine/actcode signs), the public view a scan shows, the
 * revoked-codes table behind fz_actcode_verify_ex's hook, ratings once
 * per code, and the scan and satisfaction counts per agency and day
 * (enf_code_stats, read by the later indicators). */
#include "domain/enforce/enforce.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/mask.h"
#include "crypto/key.h"
#include "engine/actcode/actcode.h"
#include "engine/audit.h"
#include "domain/org/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int fz_enforce_code_issue(struct fz_store *db, const struct fz_keys *keys,
			  int64_t case_id, int type, struct fz_date date,
			  int64_t *act_id, char *token, struct fz_err *err)
{
	struct fz_actcode c = { 0 };
	struct fz_buf tok = FZ_BUF_INIT;
	char d[FZ_DATE_STRLEN], at[FZ_ISO_LEN], pending[48];
	int64_t unit = 0;
	int rc;

	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "签发行政行为码须在事务内");
	rc = fz_store_int(db, &unit, err,
		"SELECT unit_id FROM enf_cases WHERE case_id = ?", "I", case_id);
	if (rc == 0)
		rc = fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	if (rc < 0)
		return rc;
	{
		struct fz_stmt *st;
		rc = fz_store_query(db, &st, err,
			"SELECT code FROM enf_agencies WHERE unit_id = ?", "I", unit);
		if (rc)
			return rc;
		rc = fz_stmt_step(st, err);
		if (rc == 1)
			snprintf(c.agency, sizeof(c.agency), "%s", fz_stmt_text(st, 0));
		fz_stmt_finish(st);
		if (rc == 0)
			return fz_err_set(err, FZ_EINVAL, "unit_id", "执法主体未登记机关代码");
		if (rc < 0)
			return rc;
	}
	/* The act id is the row id: insert, sign, then store the token. */
	fz_date_format(date, d);
	fz_now_iso(at);
	snprintf(pending, sizeof(pending), "pending:%" PRId64, case_id);
	rc = fz_store_run(db, err,
		"INSERT INTO enf_acts (case_id, type, unit_id, agency, act_date, token,"
		" issued_at) VALUES (?,?,?,?,?,?,?)", "IiIttt" "t", case_id, type,
		unit, c.agency, d, pending, at);
	if (rc)
		return rc;
	c.act_id = fz_store_last_id(db);
	c.type = type;
	c.date = date;
	if (!keys)
		return fz_err_set(err, FZ_EINTERNAL, NULL, "未加载区密钥，无法签发行政行为码");
	rc = fz_actcode_sign(fz_keys_sm2(keys), &c, &tok, err);
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE enf_acts SET token = ? WHERE id = ?",
				  "tI", tok.data, c.act_id);
	if (!rc) {
		snprintf(token, FZ_ACTCODE_TEXT_MAX + 1, "%s", tok.data);
		*act_id = c.act_id;
	}
	fz_buf_release(&tok);
	return rc;
}

/* fz_actcode_verify_ex's hook: the revoked-codes table. */
static int revoked(void *ctx, const char *text, const struct fz_actcode *c,
		   struct fz_err *err)
{
	struct fz_store *db = ctx;
	int64_t n = 0;
	int rc = fz_store_int(db, &n, err,
		"SELECT COUNT(*) FROM enf_revoked_codes WHERE token = ? OR act_id = ?",
		"tI", text, c->act_id);
	return rc < 0 ? rc : n > 0;
}

static int stats_bump(struct fz_store *db, int64_t unit, const char *col,
		      struct fz_err *err)
{
	char d[FZ_DATE_STRLEN], sql[256];
	fz_date_format(fz_date_today_cn(), d);
	/* col is one of our literals, never input. */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO enf_code_stats (unit_id, day, %s) VALUES (?,?,1)"
		 " ON CONFLICT (unit_id, day) DO UPDATE SET %s = %s + 1", col, col,
		 col);
	return fz_store_run(db, err, sql, "It", unit, d);
}

struct act {
	int64_t id, case_id, unit;
	int type;
	char date[FZ_DATE_STRLEN];
};

static int act_by_token(struct fz_store *db, const char *token,
			struct act *a, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT id, case_id, unit_id, type, act_date FROM enf_acts WHERE token = ?",
		"t", token);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		a->id = fz_stmt_int(st, 0);
		a->case_id = fz_stmt_int(st, 1);
		a->unit = fz_stmt_int(st, 2);
		a->type = (int)fz_stmt_int(st, 3);
		snprintf(a->date, sizeof(a->date), "%s", fz_stmt_text(st, 4));
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "token",
				  "行政行为码签名有效，但本系统没有该行为的记录");
	return rc < 0 ? rc : 0;
}

static int verify(struct fz_store *db, const struct fz_keys *keys,
		  const char *token, struct fz_actcode *c, struct act *a,
		  struct fz_err *err)
{
	size_t len = token ? strlen(token) : 0;
	int rc;

	if (!keys)
		return fz_err_set(err, FZ_EINTERNAL, NULL, "服务器未加载密钥文件");
	if (!len || len > FZ_ACTCODE_TEXT_MAX)
		return fz_err_set(err, FZ_EINVAL, "token", "行政行为码格式不正确");
	rc = fz_actcode_verify_ex(fz_keys_sm2(keys), token, len, revoked, db, c,
				  err);
	if (rc)
		return rc;
	rc = act_by_token(db, token, a, err);
	if (!rc && (a->id != c->act_id || a->type != c->type))
		rc = fz_err_set(err, FZ_EINVAL, "token", "行政行为码与记录不符");
	return rc;
}

/* What the public sees of the act: no personal number, a person's name
 * masked; officers are public servants acting in office and are shown
 * with their 执法证号 (行政处罚法 Art. 55: 出示执法证件). */
static int public_view(struct fz_store *db, const struct act *a,
		       const struct fz_actcode *c, json_t **out,
		       struct fz_err *err)
{
	struct fz_case_info ci;
	struct fz_stmt *st;
	json_t *o, *officers = json_array(), *facts = NULL;
	char masked[256];
	int rc;

	/* the case (number, state, facts) is engine/case's and the agency's
	 * name org's: read through their lookups */
	rc = fz_case_info_get(db, a->case_id, &ci, err);
	if (rc == FZ_ENOTFOUND)
		rc = fz_err_set(err, FZ_ENOTFOUND, "token", "行为记录不存在");
	if (!rc)
		rc = fz_store_query(db, &st, err,
			"SELECT e.unit_id, p.kind, p.name, e.violation,"
			" COALESCE(r.rating, '')"
			" FROM enf_cases e"
			" LEFT JOIN enf_parties p ON p.id = e.party_id"
			" LEFT JOIN enf_ratings r ON r.act_id = ?"
			" WHERE e.case_id = ?", "II", a->id, a->case_id);
	if (rc) {
		json_decref(officers);
		return rc;
	}
	rc = fz_stmt_step(st, err);
	if (rc != 1) {
		fz_stmt_finish(st);
		json_decref(officers);
		return rc < 0 ? rc : fz_err_set(err, FZ_ENOTFOUND, "token", "行为记录不存在");
	}
	{
		const struct fz_case_type *t = !strcmp(ci.type,
			"enforce.penalty") ? &fz_enforce_penalty_type :
			&fz_enforce_inspection_type;
		const struct fz_case_state *s = fz_case_state_find(t, ci.state);
		const char *pk = fz_stmt_text(st, 1);
		char agency[sizeof(((struct fz_unit_info *)0)->name)];
		/* as before, facts that do not parse show no basis and no fine */
		if (fz_case_facts_get(db, a->case_id, NULL, &facts, NULL))
			facts = NULL;
		if (!strcmp(pk, "person"))
			fz_mask_name(fz_stmt_text(st, 2), masked, sizeof(masked));
		else
			snprintf(masked, sizeof(masked), "%s", fz_stmt_text(st, 2));
		o = json_pack("{s:b,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s}",
			"valid", 1, "type", fz_actcode_type_key(c->type),
			"type_name", fz_actcode_type_name(c->type),
			"agency", fz_org_unit_name(db, fz_stmt_int(st, 0), agency,
						   sizeof(agency)),
			"agency_code", c->agency,
			"act_id", (json_int_t)c->act_id, "date", a->date,
			"number", ci.number,
			"status", s ? s->name : ci.state,
			"party", masked, "rating", fz_stmt_text(st, 4));
		json_object_set_new(o, "violation", json_string(fz_stmt_text(st, 3)));
	}
	fz_stmt_finish(st);
	{
		const char *keys[] = { "违反条款", "处罚依据", "处罚种类", "检查事项", NULL };
		json_t *basis = json_object();
		for (int i = 0; keys[i]; i++) {
			json_t *v = json_object_get(facts, keys[i]);
			if (json_is_string(v))
				json_object_set(basis, keys[i], v);
		}
		json_object_set_new(o, "basis", basis);
		json_t *fine = json_object_get(facts, "罚款金额");
		json_object_set_new(o, "fine", fine ? json_incref(fine) : json_null());
	}
	json_decref(facts);
	rc = fz_store_query(db, &st, err,
		"SELECT o.name, o.cert FROM enf_case_officers x"
		" JOIN enf_officers o ON o.id = x.officer_id WHERE x.case_id = ?"
		" ORDER BY o.id", "I", a->case_id);
	if (!rc) {
		while ((rc = fz_stmt_step(st, err)) == 1)
			json_array_append_new(officers, json_pack("{s:s,s:s}", "name",
				fz_stmt_text(st, 0), "cert", fz_stmt_text(st, 1)));
		fz_stmt_finish(st);
	}
	json_object_set_new(o, "officers", officers);
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

int fz_enforce_code_lookup(struct fz_store *db, const struct fz_keys *keys,
			   const char *token, int count_scan, json_t **out,
			   struct fz_err *err)
{
	struct fz_actcode c;
	struct act a;
	int rc;

	*out = NULL;
	rc = verify(db, keys, token, &c, &a, err);
	if (rc)
		return rc;
	rc = public_view(db, &a, &c, out, err);
	if (!rc && count_scan) {
		/* A failed count must not hide a valid act: best effort. */
		struct fz_err e2 = FZ_ERR_INIT;
		if (!fz_store_begin(db, &e2)) {
			if (stats_bump(db, a.unit, "scans", &e2) ||
			    fz_store_commit(db, &e2))
				fz_store_rollback(db);
		}
	}
	return rc;
}

int fz_enforce_code_rate(struct fz_store *db, const struct fz_keys *keys,
			 const char *token, const char *rating,
			 const char *comment, const char *ip,
			 struct fz_err *err)
{
	struct fz_actcode c;
	struct act a;
	char at[FZ_ISO_LEN], obj[48];
	const char *col;
	struct fz_buf clean = FZ_BUF_INIT;
	int rc;

	if (!rating)
		rating = "";
	col = !strcmp(rating, "满意") ? "satisfied" :
	      !strcmp(rating, "基本满意") ? "basic" :
	      !strcmp(rating, "不满意") ? "unsatisfied" : NULL;
	if (!col)
		return fz_err_set(err, FZ_EINVAL, "rating", "请选择满意、基本满意或不满意");
	if (comment && strlen(comment) > 600)
		return fz_err_set(err, FZ_EINVAL, "comment", "评价内容不超过200字");
	rc = verify(db, keys, token, &c, &a, err);
	if (rc)
		return rc;
	/* A comment is free text from the public: mask any ID or phone number
	 * a person typed before it is stored. */
	fz_mask_text(comment ? comment : "", comment ? strlen(comment) : 0, &clean);
	fz_now_iso(at);
	if ((rc = fz_store_begin(db, err))) {
		fz_buf_release(&clean);
		return rc;
	}
	rc = fz_store_run(db, err,
		"INSERT INTO enf_ratings (act_id, rating, comment, ip, rated_at)"
		" VALUES (?,?,?,?,?)", "Itttt", a.id, rating, clean.data,
		ip ? ip : "", at);
	if (rc == FZ_ECONFLICT)
		rc = fz_err_set(err, FZ_ECONFLICT, "token", "该行政行为已评价，每个行政行为码只能评价一次");
	if (!rc)
		rc = stats_bump(db, a.unit, "ratings", err);
	if (!rc)
		rc = stats_bump(db, a.unit, col, err);
	if (!rc) {
		struct fz_audit_entry e = { 0, "", 0, "enforce.code.rate", obj,
					    rating, ip ? ip : "", 1 };
		snprintf(obj, sizeof(obj), "act:%" PRId64, a.id);
		rc = fz_audit_append(db, &e, err);
	}
	fz_buf_release(&clean);
	if (rc) {
		fz_store_rollback(db);
		return rc;
	}
	if ((rc = fz_store_commit(db, err)))
		fz_store_rollback(db);
	return rc;
}

int fz_enforce_code_revoke(struct fz_store *db,
			   const struct fz_case_actor *actor, int64_t act_id,
			   const char *reason, struct fz_err *err)
{
	struct fz_stmt *st;
	char token[FZ_ACTCODE_TEXT_MAX + 1] = "", path[256] = "", at[FZ_ISO_LEN];
	char obj[48];
	int rc;

	if (!reason || !*reason)
		return fz_err_set(err, FZ_EINVAL, "reason", "撤销行政行为码须写明理由");
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = fz_store_query(db, &st, err,
		"SELECT token, case_id FROM enf_acts WHERE id = ?", "I", act_id);
	if (!rc) {
		struct fz_case_info ci;
		rc = fz_stmt_step(st, err);
		if (rc == 1) {
			snprintf(token, sizeof(token), "%s", fz_stmt_text(st, 0));
			ci.id = fz_stmt_int(st, 1);
		}
		fz_stmt_finish(st);
		/* the inner join to cases this replaces: no case, no act */
		if (rc == 1) {
			int r = fz_case_info_get(db, ci.id, &ci, err);
			if (!r)
				snprintf(path, sizeof(path), "%s", ci.unit_path);
			else
				rc = r == FZ_ENOTFOUND ? 0 : r;
		}
		if (rc == 1)
			rc = 0;
		else if (rc == 0)
			rc = fz_err_set(err, FZ_ENOTFOUND, "act_id", "行政行为不存在");
	}
	if (!rc && !actor->system && actor->scope && *actor->scope &&
	    strncmp(path, actor->scope, strlen(actor->scope)))
		rc = fz_err_set(err, FZ_ENOTFOUND, "act_id", "行政行为不存在");
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO enf_revoked_codes (act_id, token, reason, revoked_by,"
			" revoked_at) VALUES (?,?,?,?,?)", "Itttt", act_id, token, reason,
			actor->login ? actor->login : "", at);
	if (rc == FZ_ECONFLICT)
		rc = fz_err_set(err, FZ_ECONFLICT, "act_id", "该行政行为码已撤销");
	if (!rc) {
		struct fz_audit_entry e = { actor->user_id,
			actor->login ? actor->login : "", actor->unit_id,
			"enforce.code.revoke", obj, reason, actor->ip ? actor->ip : "", 1 };
		snprintf(obj, sizeof(obj), "act:%" PRId64, act_id);
		rc = fz_audit_append(db, &e, err);
	}
	if (rc) {
		fz_store_rollback(db);
		return rc;
	}
	if ((rc = fz_store_commit(db, err)))
		fz_store_rollback(db);
	return rc;
}
