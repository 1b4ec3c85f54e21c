/* pattern_lit.c - the false-litigation flags over pattern-copyright cases
 * (see pattern_lit.h). */
#include "domain/pattern/pattern_lit.h"

#include "core/cal.h"
#include "engine/audit.h"
#include "engine/image/img_index.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int check(const char *v, const char *field, const char *label, struct fz_err *err)
{
	size_t n = 0;
	if (v)
		for (const char *p = v; *p; p++)
			n += ((unsigned char)*p & 0xc0) != 0x80;
	if (!v || n < 1 || n > 100)
		return fz_err_set(err, FZ_EINVAL, field, "%s应为 1–100 个字", label);
	return 0;
}

int fz_patlit_case_add(struct fz_store *db, const struct fz_pattern_actor *a,
		       const struct fz_patlit_case *c, int64_t *id,
		       struct fz_err *err)
{
	struct fz_date d;
	struct fz_err e2 = FZ_ERR_INIT;
	char at[32], obj[40];
	time_t t = time(NULL);
	struct tm tm;
	int64_t dup;
	int rc;
	if ((rc = check(c->case_no, "case_no", "案号", err)) ||
	    (rc = check(c->plaintiff, "plaintiff", "原告", err)) ||
	    (rc = check(c->defendant, "defendant", "被告", err)) ||
	    (rc = check(c->reg_no, "reg_no", "作品登记号", err)))
		return rc;
	if (!c->filed_on || fz_date_parse(&d, c->filed_on, &e2))
		return fz_err_set(err, FZ_EINVAL, "filed_on", "立案日期应为 YYYY-MM-DD 格式的真实日期");
	gmtime_r(&t, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((rc = fz_store_begin(db, err)))
		return rc;
	if (fz_store_int(db, &dup, err, "SELECT id FROM pattern_cases WHERE case_no = ?", "t",
			 c->case_no) == 1) {
		fz_store_rollback(db);
		return fz_err_set(err, FZ_ECONFLICT, "case_no", "案号 %s 已录入", c->case_no);
	}
	rc = fz_store_run(db, err,
		"INSERT INTO pattern_cases (case_no, plaintiff, defendant, reg_no, filed_on,"
		" added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "tttttIt", c->case_no,
		c->plaintiff, c->defendant, c->reg_no, c->filed_on,
		a && a->user ? a->user->id : (int64_t)0, at);
	if (!rc) {
		struct fz_audit_entry e = {
			.actor_id = a && a->user ? a->user->id : 0,
			.actor = a && a->user ? a->user->login : "system",
			.unit_id = a && a->user ? a->user->unit_id : 0,
			.action = "pattern.case", .object = obj, .detail = c->case_no,
			.ip = a && a->ip ? a->ip : "", .ok = 1,
		};
		*id = fz_store_last_id(db);
		snprintf(obj, sizeof(obj), "pattern_case:%" PRId64, *id);
		rc = fz_audit_append(db, &e, err);
	}
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

static const char *js(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Registered designs that match registration reg_id (itself left out). */
static json_t *matches_of(struct fz_store *db, struct fz_img_index *ix, int64_t reg_id)
{
	struct fz_img_query *q;
	struct fz_img_hit hits[20];
	struct fz_err err = FZ_ERR_INIT;
	json_t *out = json_array();
	int n = 0, rc;
	if (!ix || !(q = malloc(sizeof(*q))))
		return out;
	rc = fz_pattern_reg_query(db, reg_id, q, &err) ||
	     fz_img_index_search_query(ix, q, 20, 0, hits, &n, &err);
	free(q);
	if (rc)
		return out;
	for (int i = 0; i < n; i++) {
		if (hits[i].id == reg_id || hits[i].decision == FZ_IMG_DIFFERENT)
			continue;
		json_t *r = fz_pattern_reg_json(db, hits[i].id);
		if (!r)
			continue;
		json_object_set_new(r, "score", json_real(hits[i].score));
		json_object_set_new(r, "decision",
				    json_string(fz_img_decision_name(hits[i].decision)));
		json_array_append_new(out, r);
	}
	return out;
}

static json_t *flag(const char *type, json_t *cs, const char *reason, json_t *evidence)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "type", type,
			 "case_no", js(cs, "case_no"), "plaintiff", js(cs, "plaintiff"),
			 "defendant", js(cs, "defendant"), "reg_no", js(cs, "reg_no"),
			 "filed_on", js(cs, "filed_on"), "reason", reason,
			 "evidence", evidence ? evidence : json_array());
}

static long days(const char *iso)
{
	struct fz_date d;
	struct fz_err e = FZ_ERR_INIT;
	return fz_date_parse(&d, iso, &e) ? 0 : fz_date_to_days(d);
}

/* Flags of one case; *suspect set when its registration looks taken
 * from someone else (for the serial-plaintiff count). */
static void case_flags(struct fz_store *db, struct fz_img_index *ix, json_t *cs,
		       json_t *flags, int *suspect)
{
	int64_t reg_id = 0;
	struct fz_err err = FZ_ERR_INIT;
	char why[512];
	*suspect = 0;
	if (fz_store_int(db, &reg_id, &err, "SELECT id FROM pattern_regs WHERE reg_no = ?",
			 "t", js(cs, "reg_no")) != 1)
		return;
	json_t *reg = fz_pattern_reg_json(db, reg_id);
	if (!reg)
		return;
	json_t *m = matches_of(db, ix, reg_id), *prior = json_array(), *multi = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(m, i, x) {
		if (!strcmp(js(x, "registrant"), js(reg, "registrant")))
			continue;
		if (strcmp(js(x, "earliest"), js(reg, "earliest")) < 0)
			json_array_append(prior, x);
		if (!strcmp(js(x, "decision"), "相同"))
			json_array_append(multi, x);
	}
	if (json_array_size(prior)) {
		json_t *p0 = json_array_get(prior, 0);
		snprintf(why, sizeof(why), "登记图样与%s在先（%s）的图样 %s %s（得分 %.2f），"
			 "而原告登记的创作/发表日期为 %s", js(p0, "registrant"), js(p0, "earliest"),
			 js(p0, "reg_no"), js(p0, "decision"),
			 json_real_value(json_object_get(p0, "score")), js(reg, "earliest"));
		json_array_append_new(flags, flag("prior_publication", cs, why, json_incref(prior)));
		*suspect = 1;
	}
	if (json_array_size(multi)) {
		snprintf(why, sizeof(why), "同一图样另有 %zu 个其他主体登记", json_array_size(multi));
		json_array_append_new(flags, flag("multi_registration", cs, why, json_incref(multi)));
		*suspect = 1;
	}
	long gap = days(js(cs, "filed_on")) - days(js(reg, "registered_on"));
	if (gap >= 0 && gap <= FZ_PATLIT_LATE_DAYS) {
		snprintf(why, sizeof(why), "作品于 %s 登记，%ld 天后（%s）即起诉", js(reg, "registered_on"),
			 gap, js(cs, "filed_on"));
		json_array_append_new(flags, flag("late_registration", cs, why,
						  json_pack("[O]", reg)));
	}
	json_decref(prior);
	json_decref(multi);
	json_decref(m);
	json_decref(reg);
}

int fz_patlit_flags(struct fz_store *db, json_t **out, struct fz_err *err)
{
	struct fz_stmt *st;
	struct fz_img_index *ix = NULL;
	struct fz_err e2 = FZ_ERR_INIT;
	json_t *cases = json_array(), *flags = json_array(), *per = json_object();
	int rc;
	*out = NULL;
	if ((rc = fz_store_query(db, &st, err, "SELECT case_no, plaintiff, defendant, reg_no,"
				 " filed_on FROM pattern_cases ORDER BY filed_on, id", "")))
		goto fail;
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(cases, json_pack("{s:s,s:s,s:s,s:s,s:s}",
			"case_no", fz_stmt_text(st, 0), "plaintiff", fz_stmt_text(st, 1),
			"defendant", fz_stmt_text(st, 2), "reg_no", fz_stmt_text(st, 3),
			"filed_on", fz_stmt_text(st, 4)));
	fz_stmt_finish(st);
	if (rc < 0)
		goto fail;
	void *token = NULL;
	if (fz_pattern_reader(db, &ix, &token, &e2))
		ix = NULL; /* nothing registered: only the date flags apply */
	size_t i;
	json_t *cs;
	json_array_foreach(cases, i, cs) {
		int suspect;
		case_flags(db, ix, cs, flags, &suspect);
		if (suspect) {
			json_t *l = json_object_get(per, js(cs, "plaintiff"));
			if (!l)
				json_object_set_new(per, js(cs, "plaintiff"), l = json_array());
			json_array_append_new(l, json_string(js(cs, "case_no")));
		}
	}
	if (token)
		fz_pattern_reader_done(token);
	const char *who;
	json_t *list;
	json_object_foreach(per, who, list) {
		char why[256];
		if (json_array_size(list) < FZ_PATLIT_SERIAL_SUITS)
			continue;
		snprintf(why, sizeof(why), "%s 以存疑登记作品提起 %zu 起诉讼", who,
			 json_array_size(list));
		json_array_append_new(flags, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:O}",
			"type", "serial_plaintiff", "case_no", "", "plaintiff", who,
			"defendant", "", "reg_no", "", "filed_on", "", "reason", why,
			"evidence", list));
	}
	*out = json_pack("{s:o,s:I}", "flags", flags, "cases",
			 (json_int_t)json_array_size(cases));
	json_decref(cases);
	json_decref(per);
	return 0;
fail:
	json_decref(cases);
	json_decref(flags);
	json_decref(per);
	return rc;
}
