/* mediate.c - mediation case types, organisations, mediators, disputes,
 * outcomes and tracking (see mediate.h). */
#include "domain/mediate/mediate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/mask.h"
#include "crypto/sm.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"

const struct fz_migration fz_mediate_migrations[] = {
	{ "mediate", 1,
	  "CREATE TABLE mediate_orgs ("
	  " id INTEGER PRIMARY KEY,"
	  " name TEXT NOT NULL UNIQUE,"
	  " kind TEXT NOT NULL,"
	  " unit_id INTEGER NOT NULL REFERENCES units(id),"
	  " town_code TEXT NOT NULL,"
	  " created_at TEXT NOT NULL);"
	  "CREATE TABLE mediate_mediators ("
	  " id INTEGER PRIMARY KEY,"
	  " org_id INTEGER NOT NULL REFERENCES mediate_orgs(id),"
	  " name TEXT NOT NULL,"
	  " active INTEGER NOT NULL DEFAULT 1,"
	  " created_at TEXT NOT NULL);"
	  "CREATE TABLE mediate_disputes ("
	  " case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	  " track TEXT NOT NULL,"
	  " channel TEXT NOT NULL,"
	  " station_id INTEGER REFERENCES units(id),"
	  " town_code TEXT NOT NULL,"
	  " org_id INTEGER NOT NULL REFERENCES mediate_orgs(id),"
	  " mediator_id INTEGER REFERENCES mediate_mediators(id),"
	  " applicant TEXT NOT NULL,"
	  " respondent TEXT NOT NULL,"
	  " phone_enc TEXT NOT NULL,"
	  " phone_masked TEXT NOT NULL,"
	  " phone_idx TEXT NOT NULL,"
	  " summary TEXT NOT NULL,"
	  " amount_cents INTEGER NOT NULL,"
	  " court_ref TEXT NOT NULL,"
	  " received_on TEXT NOT NULL,"
	  " outcome TEXT NOT NULL DEFAULT 'pending',"
	  " agreed_cents INTEGER NOT NULL DEFAULT 0,"
	  " mediated_on TEXT,"
	  " days INTEGER);"
	  "CREATE INDEX mediate_disputes_track ON mediate_disputes(track, mediated_on);"
	  "CREATE INDEX mediate_disputes_mediator ON mediate_disputes(mediator_id, outcome);"
	  "CREATE TABLE mediate_court_stats ("
	  " year INTEGER NOT NULL,"
	  " town_code TEXT NOT NULL,"
	  " civil_first INTEGER NOT NULL,"
	  " PRIMARY KEY (year, town_code));"
	  "CREATE TABLE mediate_employers ("
	  " id INTEGER PRIMARY KEY,"
	  " uscc TEXT NOT NULL UNIQUE,"
	  " name TEXT NOT NULL,"
	  " created_at TEXT NOT NULL);"
	  "CREATE TABLE mediate_wage_leads ("
	  " id INTEGER PRIMARY KEY,"
	  " dedup TEXT NOT NULL UNIQUE,"
	  " source TEXT NOT NULL,"
	  " ref TEXT NOT NULL,"
	  " employer_id INTEGER NOT NULL REFERENCES mediate_employers(id),"
	  " workers INTEGER NOT NULL,"
	  " amount_cents INTEGER NOT NULL,"
	  " reported_on TEXT NOT NULL,"
	  " summary TEXT NOT NULL,"
	  " status TEXT NOT NULL DEFAULT 'open',"
	  " paid_cents INTEGER NOT NULL DEFAULT 0,"
	  " resolved_on TEXT,"
	  " file_name TEXT NOT NULL,"
	  " imported_at TEXT NOT NULL);"
	  "CREATE INDEX mediate_wage_leads_employer ON mediate_wage_leads(employer_id);"
	  "CREATE TABLE mediate_lead_events ("
	  " id INTEGER PRIMARY KEY,"
	  " lead_id INTEGER NOT NULL REFERENCES mediate_wage_leads(id),"
	  " at TEXT NOT NULL,"
	  " actor TEXT NOT NULL,"
	  " status TEXT NOT NULL,"
	  " note TEXT NOT NULL)" },
	{ NULL, 0, NULL }
};

/* data/population/keqiao_towns.csv (see its README: per-town figures are
 * "?", an apportionment of the district total); test_mediate checks that
 * this table and the file agree. */
const struct fz_mediate_town fz_mediate_towns[] = {
	{ "330603001000", "柯桥街道", 160000, "?" },
	{ "330603002000", "柯岩街道", 105000, "?" },
	{ "330603003000", "华舍街道", 80000, "?" },
	{ "330603004000", "湖塘街道", 50000, "?" },
	{ "330603005000", "齐贤街道", 75000, "?" },
	{ "330603006000", "福全街道", 55000, "?" },
	{ "330603007000", "安昌街道", 70000, "?" },
	{ "330603008000", "兰亭街道", 45000, "?" },
	{ "330603009000", "钱清街道", 95000, "?" },
	{ "330603010000", "杨汛桥街道", 90000, "?" },
	{ "330603011000", "马鞍街道", 85000, "?" },
	{ "330603105000", "平水镇", 60000, "?" },
	{ "330603107000", "王坛镇", 25000, "?" },
	{ "330603109000", "稽东镇", 22000, "?" },
	{ "330603111000", "漓渚镇", 40000, "?" },
	{ "330603114000", "夏履镇", 40000, "?" },
	{ NULL, NULL, 0, NULL }
};

const struct fz_mediate_town *fz_mediate_town_find(const char *s)
{
	for (const struct fz_mediate_town *t = fz_mediate_towns; s && t->code; t++)
		if (!strcmp(t->code, s) || !strcmp(t->name, s))
			return t;
	return NULL;
}

static const char *const tracks[][2] = {
	{ "people", "人民调解" }, { "court", "诉前调解" },
	{ "injury", "企业工伤快处" }, { "labor", "劳动争议" },
};

const char *fz_mediate_track_name(const char *track)
{
	for (size_t i = 0; track && i < sizeof(tracks) / sizeof(tracks[0]); i++)
		if (!strcmp(tracks[i][0], track))
			return tracks[i][1];
	return NULL;
}

/* ---- the dispute type: 人民调解, 诉前调解, fast track ---- */

#define MED (FZ_ROLE_JUSTICE | FZ_ROLE_TOWN | FZ_ROLE_COURT)
#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct fz_case_state d_states[] = {
	{ "received", "已登记", 0 },
	{ "mediating", "调解中", 0 },
	{ "agreed", "已达成调解协议", 0 },
	{ "confirming", "已申请司法确认", 0 },
	{ "closed", "已结案", FZ_CASE_FINAL },
	{ "failed", "调解不成", FZ_CASE_FINAL },
	{ "withdrawn", "已撤回", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

static const struct fz_case_transition d_transitions[] = {
	{ "assign", "指派调解员", "received", "mediating", MED, L("调解员"), NULL, NULL },
	/* 人民调解法 Art. 28-31: the agreement, written or oral */
	{ "agree", "达成调解协议", "mediating", "agreed", MED, L("协议内容"), NULL, NULL },
	/* 人民调解法 Art. 26: tell the parties their other routes */
	{ "fail", "调解不成", "mediating", "failed", MED, L("后续途径"), NULL, NULL },
	/* 人民调解法 Art. 33; 民事诉讼法 Art. 205 */
	{ "apply_confirm", "申请司法确认", "agreed", "confirming", MED, L("确认法院"),
	  NULL, NULL },
	{ "confirmed", "法院作出确认裁定", "confirming", "closed", MED, L("确认结果"),
	  NULL, NULL },
	{ "close", "结案", "agreed", "closed", MED, NULL, NULL, NULL },
	{ "withdraw", "撤回申请", "*", "withdrawn", MED, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static int track_is(const json_t *f, const char *t)
{
	const char *v = json_string_value(json_object_get(f, "调解类型"));
	return v && !strcmp(v, t);
}
static int is_people(const json_t *f) { return track_is(f, "people"); }
static int is_court(const json_t *f) { return track_is(f, "court"); }
static int is_injury(const json_t *f) { return track_is(f, "injury"); }

static const struct fz_case_deadline d_deadlines[] = {
	/* 《人民调解工作若干规定》(司法部令第75号) Art. 33: generally within one
	 * month (S); extended when both parties ask (length not set: one
	 * month here, configurable) */
	{ "mediate", "人民调解期限", "人民调解工作若干规定第三十三条", L("assign"), 1,
	  FZ_CASE_MONTHS, NULL, L("agree", "fail"), 1, MED, is_people },
	/* 最高人民法院关于人民法院特邀调解的规定 (2016) Art. 27: 30 days from the
	 * mediator's signing for the materials (the assignment); longer when
	 * both parties agree (15 more here, configurable) */
	{ "mediate_court", "诉前调解期限", "最高人民法院关于人民法院特邀调解的规定第二十七条",
	  L("assign"), 30, FZ_CASE_DAYS, NULL, L("agree", "fail"), 15, MED,
	  is_court },
	/* the district's fast track for enterprise injury disputes: a 3-day
	 * service target from registration (not a statutory period, so
	 * natural days, never moved) */
	{ "fast_track", "工伤纠纷快处目标", "柯桥区企业工伤纠纷快处机制（3日办结目标）",
	  L("create"), 3, FZ_CASE_DAYS_STRICT, NULL, L("agree", "fail"), 0, 0,
	  is_injury },
	/* 人民调解法 Art. 33: both parties apply within 30 days of the
	 * agreement taking effect */
	{ "confirm_apply", "申请司法确认期限", "《中华人民共和国人民调解法》第三十三条", L("agree"), 30,
	  FZ_CASE_DAYS, NULL, L("apply_confirm"), 0, 0, NULL },
	/* 关于人民调解协议司法确认程序的若干规定 (2011) Art. 5: decide within 15
	 * days, 10 more with the president's approval */
	{ "confirm_decide", "司法确认审查期限", "关于人民调解协议司法确认程序的若干规定第五条",
	  L("apply_confirm"), 15, FZ_CASE_DAYS, NULL, L("confirmed"), 10,
	  FZ_ROLE_COURT, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

/* the hooks, defined with the steps below (they write mediate_disputes) */
static int assign_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int success_after(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int failure_after(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int withdrawn_after(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int labor_success_after(const struct fz_case_hook_ctx *h,
			       struct fz_err *err);
static int labor_failure_after(const struct fz_case_hook_ctx *h,
			       struct fz_err *err);
static int labor_withdrawn_after(const struct fz_case_hook_ctx *h,
				 struct fz_err *err);
static int award_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int award_before(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int served_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int served_before(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int challenge_prepare(const struct fz_case_hook_ctx *h,
			     struct fz_err *err);
static int challenge_before(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int effective_before(const struct fz_case_hook_ctx *h, struct fz_err *err);

static const struct fz_case_hook d_hooks[] = {
	/* key, prepare, before, after */
	{ "assign", assign_prepare, NULL, NULL },
	{ "agree", NULL, NULL, success_after },
	{ "fail", NULL, NULL, failure_after },
	{ "withdraw", NULL, NULL, withdrawn_after },
	{ NULL, NULL, NULL, NULL }
};

const struct fz_case_type fz_mediate_dispute = {
	"mediate.dispute", "矛盾纠纷调解案件", "{prefix}〔{year}〕{seq}号",
	d_states, d_transitions, d_deadlines, MED, MED, MED, NULL, NULL, d_hooks
};

/* ---- the labour type: 调解 → 劳动监察 → 仲裁, one history ---- */

static const struct fz_case_state l_states[] = {
	{ "mediation", "劳动争议调解", 0 },
	{ "inspection", "劳动保障监察", 0 },
	{ "arbitration", "仲裁申请审查", 0 },
	{ "arbitrating", "仲裁审理", 0 },
	{ "settled", "调解结案", FZ_CASE_FINAL },
	{ "resolved", "监察处理完毕", FZ_CASE_FINAL },
	/* not final: the parties' periods to challenge the award run here
	 * (劳动争议调解仲裁法 Art. 48-50) */
	{ "awarded", "已作出仲裁裁决", 0 },
	{ "effective", "裁决书已生效（期满未起诉）", FZ_CASE_FINAL },
	{ "challenged", "已起诉或申请撤销裁决", FZ_CASE_FINAL },
	{ "refused", "仲裁不予受理", FZ_CASE_FINAL },
	{ "withdrawn", "已撤回", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

static const struct fz_case_transition l_transitions[] = {
	/* 劳动争议调解仲裁法 Art. 14(1) */
	{ "settle", "达成调解协议", "mediation", "settled", MED, L("协议内容"), NULL, NULL },
	/* Art. 42: 仲裁调解书 */
	{ "settle", "仲裁调解结案", "arbitrating", "settled", MED, L("协议内容"), NULL, NULL },
	/* 劳动保障监察条例 Art. 14 ff.: wage arrears to the 监察 */
	{ "to_inspection", "转劳动保障监察", "mediation", "inspection", MED, L("转办理由"),
	  NULL, NULL },
	/* Art. 14(3): no agreement in time, apply for arbitration */
	{ "to_arbitration", "申请仲裁", "mediation", "arbitration", MED, L("仲裁请求"),
	  NULL, NULL },
	{ "to_arbitration", "申请仲裁", "inspection", "arbitration", MED, L("仲裁请求"),
	  NULL, NULL },
	{ "resolve", "监察处理完毕", "inspection", "resolved", MED, L("处理结果"), NULL, NULL },
	/* Art. 29 */
	{ "accept_arb", "仲裁受理", "arbitration", "arbitrating", MED, L("仲裁程序"),
	  NULL, NULL },
	{ "refuse_arb", "仲裁不予受理", "arbitration", "refused", MED, L("不予受理理由"),
	  NULL, NULL },
	/* Art. 43; whether it is final (Art. 47) is the award's hooks' */
	{ "award", "作出仲裁裁决", "arbitrating", "awarded", MED, L("裁决结果"), NULL, NULL },
	/* Art. 48-50 count from "收到仲裁裁决书之日", one day for each side */
	{ "served_worker", "劳动者收到裁决书", "awarded", "awarded", MED, NULL, NULL,
	  NULL },
	{ "served_employer", "用人单位收到裁决书", "awarded", "awarded", MED, NULL, NULL,
	  NULL },
	/* Art. 48 (worker, final), Art. 49 (employer, final: set aside at
	 * the intermediate court), Art. 50 (either, non-final) */
	{ "challenge", "起诉或申请撤销裁决", "awarded", "challenged", MED,
	  L("提起方", "受理法院"), NULL, NULL },
	/* Art. 50: "期满不起诉的，裁决书发生法律效力"; a final award is in force
	 * from the day it is made (Art. 47) and now no longer open to attack */
	{ "effective", "期满未起诉，裁决生效", "awarded", "effective", MED, NULL, NULL,
	  NULL },
	{ "withdraw", "撤回申请", "*", "withdrawn", MED, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static int arb_simple(const json_t *f)
{
	const char *p = json_string_value(json_object_get(f, "仲裁程序"));
	return p && !strcmp(p, "简易");
}
static int arb_ordinary(const json_t *f) { return !arb_simple(f); }
static int award_final(const json_t *f)
{
	return json_is_true(json_object_get(f, "终局裁决"));
}
static int award_nonfinal(const json_t *f)
{
	return json_is_false(json_object_get(f, "终局裁决"));
}

/* The challenge periods after an award, natural days moved off a rest day
 * (民事诉讼法 Art. 85(3)), from each side's receipt of the award. */
#define CHALLENGED L("challenge", "effective")

static const struct fz_case_deadline l_deadlines[] = {
	/* 劳动争议调解仲裁法 Art. 14(3): 15 days from receipt; 浙江省劳动人事争议
	 * 调解仲裁条例 (2020) Art. 10: longer only when both parties agree
	 * (15 more here, configurable) */
	{ "mediation", "劳动争议调解期限", "《中华人民共和国劳动争议调解仲裁法》第十四条第三款；浙江省劳动人事争议调解仲裁条例第十条",
	  L("create"), 15, FZ_CASE_DAYS, NULL,
	  L("settle", "to_inspection", "to_arbitration"), 15, MED, NULL },
	/* 劳动保障监察条例 Art. 17: investigation within 60 工作日 of 立案,
	 * 30 more with the head's approval (K: not in deadlines.md) */
	{ "inspection", "劳动保障监察办理期限", "劳动保障监察条例第十七条",
	  L("to_inspection"), 60, FZ_CASE_WORKDAYS, NULL,
	  L("resolve", "to_arbitration"), 30, MED, NULL },
	/* Art. 29: decide on acceptance within 5 days (natural days: the
	 * counting is "?" in deadlines.md §3, configurable) */
	{ "arb_accept", "仲裁受理审查期限", "《中华人民共和国劳动争议调解仲裁法》第二十九条",
	  L("to_arbitration"), 5, FZ_CASE_DAYS, NULL,
	  L("accept_arb", "refuse_arb"), 0, 0, NULL },
	/* Art. 43: award within 45 days of acceptance, ≤ 15 more with the
	 * chair's approval */
	{ "award", "仲裁裁决期限", "《中华人民共和国劳动争议调解仲裁法》第四十三条", L("accept_arb"), 45,
	  FZ_CASE_DAYS, NULL, L("award", "settle"), 15, MED, arb_ordinary },
	/* 浙江省劳动人事争议调解仲裁条例 Art. 39: 30 days, simplified */
	{ "award_simple", "仲裁裁决期限（简易处理）", "浙江省劳动人事争议调解仲裁条例第三十九条",
	  L("accept_arb"), 30, FZ_CASE_DAYS, NULL, L("award", "settle"), 0, MED,
	  arb_simple },
	/* Art. 48: the worker may sue on a final award within 15 days */
	{ "sue_final", "劳动者起诉期限（终局裁决）", "《中华人民共和国劳动争议调解仲裁法》第四十八条",
	  L("served_worker"), 15, FZ_CASE_DAYS, NULL, CHALLENGED, 0, 0,
	  award_final },
	/* Art. 49: the employer may apply to set it aside within 30 days */
	{ "set_aside", "用人单位申请撤销裁决期限（终局裁决）", "《中华人民共和国劳动争议调解仲裁法》第四十九条",
	  L("served_employer"), 30, FZ_CASE_DAYS, NULL, CHALLENGED, 0, 0,
	  award_final },
	/* Art. 50: either side may sue on a non-final award within 15 days */
	{ "sue_worker", "劳动者起诉期限（非终局裁决）", "《中华人民共和国劳动争议调解仲裁法》第五十条",
	  L("served_worker"), 15, FZ_CASE_DAYS, NULL, CHALLENGED, 0, 0,
	  award_nonfinal },
	{ "sue_employer", "用人单位起诉期限（非终局裁决）", "《中华人民共和国劳动争议调解仲裁法》第五十条",
	  L("served_employer"), 15, FZ_CASE_DAYS, NULL, CHALLENGED, 0, 0,
	  award_nonfinal },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

/* For labour the mediation ends when the case leaves the 调解 stage: by
 * agreement, or (failed) on to 监察 or 仲裁; later steps are not the
 * mediation's outcome. */
static const struct fz_case_hook l_hooks[] = {
	/* key, prepare, before, after */
	{ "settle", NULL, NULL, labor_success_after },
	{ "to_inspection", NULL, NULL, labor_failure_after },
	{ "to_arbitration", NULL, NULL, labor_failure_after },
	{ "withdraw", NULL, NULL, labor_withdrawn_after },
	{ "award", award_prepare, award_before, NULL },
	{ "served_worker", served_prepare, served_before, NULL },
	{ "served_employer", served_prepare, served_before, NULL },
	{ "challenge", challenge_prepare, challenge_before, NULL },
	{ "effective", NULL, effective_before, NULL },
	{ NULL, NULL, NULL, NULL }
};

const struct fz_case_type fz_mediate_labor = {
	"mediate.labor", "劳动争议案件", "{prefix}〔{year}〕{seq}号",
	l_states, l_transitions, l_deadlines, MED, MED, MED, NULL, NULL, l_hooks
};

/* ---- helpers ---- */

const struct fz_cal *fz_mediate_cal(void)
{
	return fz_casehttp_cal();
}

int fz_mediate_audit(struct fz_store *db, const struct fz_case_actor *a,
		     const char *action, const char *object,
		     const char *detail, struct fz_err *err)
{
	return fz_casehttp_audit(db, a, action, object, detail, err);
}

int fz_mediate_end_tx(struct fz_store *db, int rc, struct fz_err *err)
{
	return fz_casehttp_end_tx(db, rc, err);
}

static int unit_path(struct fz_store *db, int64_t id, char *out, size_t n,
		     struct fz_err *err)
{
	struct fz_unit_info u;
	int rc = fz_org_unit_get(db, id, &u, err);

	if (rc == FZ_ENOTFOUND)
		return fz_err_set(err, FZ_EINVAL, "unit_id", "单位不存在");
	if (!rc)
		snprintf(out, n, "%s", u.path);
	return rc;
}

/* ---- organisations and mediators ---- */

int fz_mediate_org_add(struct fz_store *db, const struct fz_case_actor *a,
		       const char *name, const char *kind, int64_t unit_id,
		       const char *town, int64_t *id, struct fz_err *err)
{
	static const char *const kinds[] = { "people", "court_team", "labor",
					     "industry" };
	const struct fz_mediate_town *t = fz_mediate_town_find(town);
	char at[FZ_ISO_LEN], object[48], path[256];
	int ok = 0, rc = fz_casehttp_text_ok(name, 1, 64, "name", "调解组织名称", err);

	if (rc)
		return rc;
	for (size_t i = 0; kind && i < 4; i++)
		ok |= !strcmp(kinds[i], kind);
	if (!ok)
		return fz_err_set(err, FZ_EINVAL, "kind",
				  "组织类别应为 people、court_team、labor 或 industry");
	if (!t)
		return fz_err_set(err, FZ_EINVAL, "town", "镇街代码或名称不正确");
	if ((rc = unit_path(db, unit_id, path, sizeof(path), err)))
		return rc;
	fz_now_iso(at);
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO mediate_orgs (name, kind, unit_id, town_code,"
			" created_at) VALUES (?, ?, ?, ?, ?)", "ttItt", name, kind,
			unit_id, t->code, at);
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(object, sizeof(object), "mediate_org:%" PRId64, *id);
		rc = fz_mediate_audit(db, a, "mediate.org.add", object, name, err);
	}
	return fz_mediate_end_tx(db, rc, err);
}

int fz_mediate_mediator_add(struct fz_store *db, const struct fz_case_actor *a,
			    int64_t org_id, const char *name, int64_t *id,
			    struct fz_err *err)
{
	char at[FZ_ISO_LEN], object[48];
	int64_t n = 0;
	int rc = fz_casehttp_text_ok(name, 1, 32, "name", "调解员姓名", err);

	if (rc)
		return rc;
	if ((rc = fz_store_int(db, &n, err, "SELECT COUNT(*) FROM mediate_orgs"
			       " WHERE id = ?", "I", org_id)) < 0)
		return rc;
	if (!n)
		return fz_err_set(err, FZ_EINVAL, "org_id", "调解组织不存在");
	fz_now_iso(at);
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO mediate_mediators (org_id, name, created_at)"
			" VALUES (?, ?, ?)", "Itt", org_id, name, at);
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(object, sizeof(object), "mediator:%" PRId64, *id);
		rc = fz_mediate_audit(db, a, "mediate.mediator.add", object, name,
				      err);
	}
	return fz_mediate_end_tx(db, rc, err);
}

/* ---- disputes ---- */

static int check_new(struct fz_store *db, const struct fz_mediate_new *n,
		     char phone[FZ_MOBILE_LEN], struct fz_err *err)
{
	static const char *const channels[] = { "online", "station", "court",
						"platform", "window" };
	int ok = 0, rc;

	if (!fz_mediate_track_name(n->track))
		return fz_err_set(err, FZ_EINVAL, "track",
				  "调解类型应为 people、court、injury 或 labor");
	for (size_t i = 0; n->channel && i < 5; i++)
		ok |= !strcmp(channels[i], n->channel);
	if (!ok)
		return fz_err_set(err, FZ_EINVAL, "channel",
				  "来源应为 online、station、court、platform 或 window");
	if (!fz_mediate_town_find(n->town))
		return fz_err_set(err, FZ_EINVAL, "town", "镇街代码或名称不正确");
	if ((rc = fz_casehttp_text_ok(n->applicant, 1, 64, "applicant", "申请人", err)) ||
	    (rc = fz_casehttp_text_ok(n->respondent, 1, 100, "respondent", "对方当事人", err)) ||
	    (rc = fz_casehttp_text_ok(n->summary, 1, 2000, "summary", "纠纷概要", err)))
		return rc;
	if (n->court_ref && (rc = fz_casehttp_text_ok(n->court_ref, 0, 64,
						      "court_ref", "法院委派编号",
						      err)))
		return rc;
	if (n->amount_cents < 0 || n->amount_cents > INT64_C(99999999999999))
		return fz_err_set(err, FZ_EINVAL, "amount", "涉及金额无效");
	if (!n->phone || fz_ident_mobile(n->phone, phone, NULL))
		return fz_err_set(err, FZ_EINVAL, "phone", "请填写正确的手机号码");
	if (!strcmp(n->channel, "station")) {
		struct fz_unit_info u;
		rc = fz_org_unit_get(db, n->station_id, &u, err);
		if (rc && rc != FZ_ENOTFOUND)
			return rc;
		if (rc || strcmp(u.kind, "station"))
			return fz_err_set(err, FZ_EINVAL, "station_id", "登记站点应为基层服务站");
	}
	return 0;
}

/* A new dispute as fz_mediate_open and fz_mediate_import write it: the
 * organisation's unit, the sealed phone, the facts and (created) the
 * mediate_disputes row the steps' hooks record the outcome on - one
 * function for both, so an imported dispute starts as a live one does. */
struct opening {
	const struct fz_mediate_new *n;
	const struct fz_case_type *type;
	int64_t unit, mediator_id;
	struct fz_date recv;
	struct fz_buf enc;
	char mask[32], idx[FZ_SM3_HEX_LEN + 1], path[256], title[256];
	json_t *facts;          /* ours: json_decref */
};

static int opening_prepare(struct fz_store *db, const struct fz_keys *keys,
			   const struct fz_mediate_new *n, struct opening *o,
			   struct fz_err *err)
{
	char phone[FZ_MOBILE_LEN];
	struct fz_stmt *st;
	int rc;

	memset(o, 0, sizeof(*o));
	o->enc = (struct fz_buf)FZ_BUF_INIT;
	o->n = n;
	o->recv = n->received.y ? n->received : fz_date_today_cn();
	if ((rc = check_new(db, n, phone, err)))
		return rc;
	rc = fz_store_query(db, &st, err, "SELECT unit_id FROM mediate_orgs"
			    " WHERE id = ?", "I", n->org_id);
	if (rc)
		return rc;
	if (fz_stmt_step(st, err) == 1)
		o->unit = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	/* the inner join to units this replaces: an org whose unit is gone
	 * does not exist either */
	if (o->unit) {
		struct fz_unit_info u;
		rc = fz_org_unit_get(db, o->unit, &u, err);
		if (rc && rc != FZ_ENOTFOUND)
			return rc;
		o->unit = rc ? 0 : o->unit;
		snprintf(o->path, sizeof(o->path), "%s", rc ? "" : u.path);
		rc = 0;
	}
	if (!o->unit)
		return fz_err_set(err, FZ_EINVAL, "org_id", "调解组织不存在");
	if ((rc = fz_sm4_seal(keys, phone, strlen(phone), &o->enc, err)))
		return rc;
	if (fz_blind_index(keys, phone, o->idx))
		return fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	fz_mask_phone(phone, o->mask, sizeof(o->mask));
	o->type = strcmp(n->track, "labor") ? &fz_mediate_dispute : &fz_mediate_labor;
	o->facts = json_pack("{s:s,s:s}", "调解类型", n->track, "调解类型名称",
			     fz_mediate_track_name(n->track));
	if (!o->facts)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	snprintf(o->title, sizeof(o->title), "%.40s与%.60s%s纠纷", n->applicant,
		 n->respondent, fz_mediate_track_name(n->track));
	return 0;
}

static void opening_release(struct opening *o)
{
	json_decref(o->facts);
	fz_buf_release(&o->enc);
}

/* fz_case_new.created: the row, still "pending"; the steps' after hooks
 * write the outcome, the date, the agreed amount and the days. */
static int opening_created(struct fz_store *db, int64_t id, const char *number,
			   void *arg, struct fz_err *err)
{
	const struct opening *o = arg;
	const struct fz_mediate_new *n = o->n;
	char on[FZ_DATE_STRLEN];

	(void)number;
	return fz_store_run(db, err,
		"INSERT INTO mediate_disputes (case_id, track, channel,"
		" station_id, town_code, org_id, mediator_id, applicant,"
		" respondent, phone_enc, phone_masked, phone_idx, summary,"
		" amount_cents, court_ref, received_on) VALUES (?, ?, ?,"
		" nullif(?, 0), ?, ?, nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"IttItIItttttt" "Itt",
		id, n->track, n->channel,
		strcmp(n->channel, "station") ? 0 : n->station_id,
		fz_mediate_town_find(n->town)->code, n->org_id, o->mediator_id,
		n->applicant, n->respondent, o->enc.data, o->mask, o->idx,
		n->summary, n->amount_cents, n->court_ref ? n->court_ref : "",
		fz_date_format(o->recv, on));
}

static struct fz_case_new opening_case(struct opening *o)
{
	struct fz_case_new nc = {
		o->unit, o->path, o->title, o->type == &fz_mediate_labor ?
		FZ_MEDIATE_LABOR_PREFIX : FZ_MEDIATE_PREFIX, o->recv, o->facts,
		NULL, opening_created, o
	};
	return nc;
}

int fz_mediate_open(struct fz_store *db, const struct fz_cal *cal,
		    const struct fz_keys *keys, const struct fz_case_actor *a,
		    const struct fz_mediate_new *n, int64_t *id, char *number,
		    struct fz_err *err)
{
	struct opening o;
	char object[48];
	int rc = opening_prepare(db, keys, n, &o, err);

	if (rc) {
		opening_release(&o);
		return rc;
	}
	rc = fz_store_begin(db, err);
	if (!rc) {
		struct fz_case_new nc = opening_case(&o);
		rc = fz_case_create(db, cal, o.type, a, &nc, id, number, err);
	}
	if (!rc) {
		snprintf(object, sizeof(object), "case:%" PRId64, *id);
		rc = fz_mediate_audit(db, a, "mediate.open", object, number, err);
	}
	opening_release(&o);
	return fz_mediate_end_tx(db, rc, err);
}

const struct fz_case_type *fz_mediate_type_of(struct fz_store *db,
					      int64_t case_id)
{
	struct fz_case_info c;

	if (fz_case_info_get(db, case_id, &c, NULL))
		return NULL;
	if (!strcmp(c.type, fz_mediate_dispute.key))
		return &fz_mediate_dispute;
	if (!strcmp(c.type, fz_mediate_labor.key))
		return &fz_mediate_labor;
	return NULL;
}

/* fz_mediate_assign's mark on its "assign" step (fz_case_act.arg). */
static int by_assign;

/* assign: only with the mediator's row, which fz_mediate_assign writes. */
static int assign_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	if (h->imported || h->arg == &by_assign)
		return 0;
	return fz_err_set(err, FZ_EINVAL, "transition", "请通过「指派调解员」办理");
}

/* The mediator with the fewest open cases in the case's organisation. */
int fz_mediate_assign(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_case_actor *a, int64_t case_id,
		      int64_t mediator_id, struct fz_date on, int64_t *chosen,
		      struct fz_err *err)
{
	const struct fz_case_type *type = fz_mediate_type_of(db, case_id);
	char name[64] = "", object[48], detail[64];
	struct fz_stmt *st;
	int rc;

	if (!type)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_query(db, &st, err,
			"SELECT m.id, m.name FROM mediate_mediators m JOIN"
			" mediate_disputes d ON d.org_id = m.org_id WHERE"
			" d.case_id = ? AND m.active = 1 AND (? = 0 OR m.id = ?)"
			" ORDER BY (SELECT COUNT(*) FROM mediate_disputes x WHERE"
			" x.mediator_id = m.id AND x.outcome = 'pending'), m.id"
			" LIMIT 1", "III", case_id, mediator_id, mediator_id);
	if (!rc) {
		if (fz_stmt_step(st, err) == 1) {
			*chosen = fz_stmt_int(st, 0);
			snprintf(name, sizeof(name), "%s", fz_stmt_text(st, 1));
		}
		fz_stmt_finish(st);
		if (!name[0])
			rc = fz_err_set(err, FZ_EINVAL, "mediator_id",
					"该调解组织没有这名在岗调解员");
	}
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE mediate_disputes SET"
				  " mediator_id = ? WHERE case_id = ?", "II",
				  *chosen, case_id);
	if (!rc && type == &fz_mediate_dispute) {
		json_t *d = json_pack("{s:s}", "调解员", name);
		struct fz_case_act ac = { "assign", on, d, NULL, &by_assign };
		rc = fz_case_apply(db, cal, type, a, case_id, &ac, err);
		json_decref(d);
	}
	if (!rc) {
		snprintf(object, sizeof(object), "case:%" PRId64, case_id);
		snprintf(detail, sizeof(detail), "mediator:%" PRId64, *chosen);
		rc = fz_mediate_audit(db, a, "mediate.assign", object, detail, err);
	}
	return fz_mediate_end_tx(db, rc, err);
}

static long received_days(struct fz_store *db, int64_t case_id)
{
	struct fz_stmt *st;
	struct fz_date d = { 0, 0, 0 };
	if (fz_store_query(db, &st, NULL, "SELECT received_on FROM"
			   " mediate_disputes WHERE case_id = ?", "I", case_id))
		return 0;
	if (fz_stmt_step(st, NULL) == 1)
		fz_date_parse(&d, fz_stmt_text(st, 0), NULL);
	fz_stmt_finish(st);
	return d.y ? fz_date_to_days(d) : 0;
}

/* How the step ended the mediation (the metrics' outcome), the agreed
 * amount and the handling days: received to the end of the mediation,
 * counted in C so the SQL stays portable. */
static int record_outcome(const struct fz_case_hook_ctx *h, const char *outcome,
			  struct fz_err *err)
{
	const json_t *amt = json_object_get(h->data, "协议金额");
	char d[FZ_DATE_STRLEN];
	return fz_store_run(h->db, err,
		"UPDATE mediate_disputes SET outcome = ?, mediated_on = ?,"
		" agreed_cents = ?, days = ? WHERE case_id = ?",
		"ttIII", outcome, fz_date_format(h->on, d),
		amt ? (int64_t)json_integer_value(amt) : 0,
		(int64_t)(fz_date_to_days(h->on) - received_days(h->db, h->case_id)),
		h->case_id);
}

static int success_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return record_outcome(h, "success", err);
}

static int failure_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return record_outcome(h, "failed", err);
}

static int withdrawn_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return record_outcome(h, "withdrawn", err);
}

/* labour: only a step taken from the 调解 stage ends the mediation */
static int in_mediation(const struct fz_case_hook_ctx *h)
{
	return !strcmp(h->from, "mediation");
}

static int labor_success_after(const struct fz_case_hook_ctx *h,
			       struct fz_err *err)
{
	return in_mediation(h) ? record_outcome(h, "success", err) : 0;
}

static int labor_failure_after(const struct fz_case_hook_ctx *h,
			       struct fz_err *err)
{
	return in_mediation(h) ? record_outcome(h, "failed", err) : 0;
}

static int labor_withdrawn_after(const struct fz_case_hook_ctx *h,
				 struct fz_err *err)
{
	return in_mediation(h) ? record_outcome(h, "withdrawn", err) : 0;
}

/* ---- labour awards: final or not, receipt, challenge, effect ---- */

#define ART47 "《中华人民共和国劳动争议调解仲裁法》第四十七条"

static int set_str(json_t *o, const char *k, const char *v, struct fz_err *err)
{
	return json_object_set_new(o, k, json_string(v)) ?
	       fz_err_set(err, FZ_ENOMEM, NULL, NULL) : 0;
}

/* award (prepare): the award's day, and - when its items are given - final
 * or not by Art. 47 (mediate_award.c); a 终局裁决 given that the items
 * contradict is refused. */
static int award_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const json_t *items = json_object_get(h->data, "裁决事项");
	const json_t *mw = json_object_get(h->data, "当地月最低工资标准");
	const json_t *given = json_object_get(h->data, "终局裁决");
	struct fz_mediate_award a;
	char d[FZ_DATE_STRLEN];
	int rc = set_str(h->data, "裁决日期", fz_date_format(h->on, d), err);

	if (rc)
		return rc;
	if (!items || json_is_null(items))
		return json_is_boolean(given) &&
		       !json_object_get(h->data, "终局裁决依据") ?
		       set_str(h->data, "终局裁决依据", "依裁决书载明（《最高人民法院关于审理"
			       "劳动争议案件适用法律问题的解释（一）》第十八条）", err) : 0;
	if (mw && (!json_is_integer(mw) || json_integer_value(mw) <= 0))
		return fz_err_set(err, FZ_EINVAL, "当地月最低工资标准",
				  "当地月最低工资标准应为正整数（分）");
	rc = fz_mediate_award_kind(items, h->on, mw ? json_integer_value(mw) : 0,
				   &a, err);
	if (rc)
		return rc;
	if (json_is_boolean(given) && json_is_true(given) != a.final)
		return fz_err_set(err, FZ_EINVAL, "终局裁决", "与裁决事项不符：%s",
				  a.reason);
	if (json_object_set_new(h->data, "终局裁决", json_boolean(a.final)) ||
	    json_object_set_new(h->data, "当地月最低工资标准",
				json_integer(a.min_wage)))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	return set_str(h->data, "终局裁决依据", a.reason, err);
}

static int award_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	if (!json_is_boolean(json_object_get(h->facts, "终局裁决")))
		return fz_err_set(err, FZ_EINVAL, "终局裁决",
				  "请填写裁决事项（类别、金额）或注明是否为终局裁决（%s）", ART47);
	return 0;
}

/* The challenge deadlines of the award as it is: [0] the worker's, [1]
 * the employer's. */
static void challenge_keys(const json_t *facts, const char *keys[2])
{
	int final = award_final(facts);
	keys[0] = final ? "sue_final" : "sue_worker";
	keys[1] = final ? "set_aside" : "sue_employer";
}

static int challenge_due(const struct fz_case_hook_ctx *h, int side,
			 struct fz_date *due, struct fz_err *err)
{
	const char *keys[2];
	challenge_keys(h->facts, keys);
	return fz_case_deadline_due(h->db, h->cal, &fz_mediate_labor, h->case_id,
				    keys[side], h->facts, due, err);
}

static int served_side(const struct fz_case_hook_ctx *h)
{
	return strcmp(h->transition, "served_worker") ? 1 : 0;
}

static const char *const served_fact[2] = { "劳动者收到裁决书日期",
					     "用人单位收到裁决书日期" };

/* served_* (prepare): the day that side received the award, which Art.
 * 48-50 count from. */
static int served_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	return set_str(h->data, served_fact[served_side(h)],
		       fz_date_format(h->on, d), err);
}

/* served_* (before): once per side - a second receipt would restart the
 * period (the running deadline tells: it started on the first). */
static int served_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	struct fz_date due;
	int rc = challenge_due(h, served_side(h), &due, err);
	if (!rc && due.y)
		rc = fz_err_set(err, FZ_ESTATE, "transition", "已记录%s，不能重复记录",
				served_fact[served_side(h)]);
	return rc;
}

static const char *remedy(const json_t *facts, const char *side)
{
	if (!award_final(facts))
		return "向人民法院提起诉讼（《中华人民共和国劳动争议调解仲裁法》第五十条）";
	if (!strcmp(side, "用人单位"))
		return "向劳动争议仲裁委员会所在地的中级人民法院申请撤销裁决（《中华人民"
		       "共和国劳动争议调解仲裁法》第四十九条）";
	return "向人民法院提起诉讼（《中华人民共和国劳动争议调解仲裁法》第四十八条）";
}

/* challenge (prepare): what the side may do against this award. */
static int challenge_prepare(const struct fz_case_hook_ctx *h,
			     struct fz_err *err)
{
	const char *side = json_string_value(json_object_get(h->facts, "提起方"));
	if (!side || (strcmp(side, "劳动者") && strcmp(side, "用人单位")))
		return 0;
	return set_str(h->data, "救济方式", remedy(h->facts, side), err);
}

static int challenge_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const char *side = json_string_value(json_object_get(h->facts, "提起方"));
	if (!side || (strcmp(side, "劳动者") && strcmp(side, "用人单位")))
		return fz_err_set(err, FZ_EINVAL, "提起方", "提起方应为「劳动者」或「用人单位」");
	return 0;
}

/* effective (before): both sides have received the award and both their
 * periods have passed (Art. 48-50); a final award has been in force since
 * it was made (Art. 47), this records that it can no longer be attacked. */
static int effective_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	for (int side = 0; side < 2; side++) {
		struct fz_date due;
		char d[FZ_DATE_STRLEN];
		int rc = challenge_due(h, side, &due, err);
		if (rc)
			return rc;
		if (!due.y)
			return fz_err_set(err, FZ_ESTATE, "transition",
					  "须先记录%s", served_fact[side]);
		if (fz_date_cmp(h->on, due) <= 0)
			return fz_err_set(err, FZ_ESTATE, "on",
					  "%s起诉（申请撤销）期限至%s届满，期满后方可记录裁决生效",
					  side ? "用人单位" : "劳动者", fz_date_format(due, d));
	}
	return 0;
}

int fz_mediate_act(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_actor *a, int64_t case_id,
		   const char *transition, struct fz_date on, json_t *data,
		   const char *note, struct fz_err *err)
{
	const struct fz_case_type *type = fz_mediate_type_of(db, case_id);
	const json_t *amt = data ? json_object_get(data, "协议金额") : NULL;
	int rc;

	if (!type)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	if (!transition)
		return fz_err_set(err, FZ_EINVAL, "transition", "缺少办理环节");
	if (amt && (!json_is_integer(amt) || json_integer_value(amt) < 0))
		return fz_err_set(err, FZ_EINVAL, "协议金额", "协议金额应为非负整数（分）");
	/* the step's own checks and records are the type's hooks */
	rc = fz_store_begin(db, err);
	if (!rc) {
		struct fz_case_act ac = { transition, on, data, note, NULL };
		rc = fz_case_apply(db, cal, type, a, case_id, &ac, err);
	}
	return fz_mediate_end_tx(db, rc, err);
}

/* ---- tracking ---- */

/* Is case_id one of ours, applied for with the phone whose blind index
 * is phone_idx?  Only our own row is read; the number and the state come
 * from engine/case (fz_casehttp_track_case). */
static int mediate_tracked(struct fz_store *db, int64_t case_id,
			   const char *phone_idx, char *received_on, size_t n,
			   struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT received_on FROM mediate_disputes"
		" WHERE case_id = ? AND phone_idx = ?",
		"It", case_id, phone_idx);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		snprintf(received_on, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc;
}

int fz_mediate_track(struct fz_store *db, const struct fz_keys *keys,
		     const char *number, const char *phone, json_t **out,
		     struct fz_err *err)
{
	static const struct fz_case_type *const types[] = {
		&fz_mediate_labor, &fz_mediate_dispute, NULL
	};
	return fz_casehttp_track_case(db, keys, number, phone, mediate_tracked,
				      types, "调解申请", out, err);
}

int fz_mediate_court_stat_set(struct fz_store *db,
			      const struct fz_case_actor *a, int year,
			      const char *town, int64_t civil_first,
			      struct fz_err *err)
{
	const struct fz_mediate_town *t = fz_mediate_town_find(town);
	char detail[64];
	int rc;

	if (!t)
		return fz_err_set(err, FZ_EINVAL, "town", "镇街代码或名称不正确");
	if (year < 2000 || year > 2100)
		return fz_err_set(err, FZ_EINVAL, "year", "年份无效");
	if (civil_first < 0)
		return fz_err_set(err, FZ_EINVAL, "civil_first", "案件数应为非负整数");
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM mediate_court_stats WHERE"
				  " year = ? AND town_code = ?", "it", year, t->code);
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO mediate_court_stats (year,"
				  " town_code, civil_first) VALUES (?, ?, ?)", "itI",
				  year, t->code, civil_first);
	snprintf(detail, sizeof(detail), "%d %s %" PRId64, year, t->code, civil_first);
	if (!rc)
		rc = fz_mediate_audit(db, a, "mediate.court_stat", "mediate_court_stats",
				      detail, err);
	return fz_mediate_end_tx(db, rc, err);
}

/* ---- bulk import (bench/cases, carried-over files) ---- */

int fz_mediate_import(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_keys *keys, const struct fz_case_actor *a,
		      const struct fz_mediate_new *n, int64_t mediator_id,
		      const struct fz_case_step *steps, size_t nsteps,
		      int64_t *id, char *number, struct fz_err *err)
{
	struct opening o;
	int rc;

	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "内部错误：补录案件须在事务内进行");
	for (size_t i = 0; i < nsteps; i++) {
		const json_t *amt = steps[i].data ?
			json_object_get(steps[i].data, "协议金额") : NULL;
		/* fz_mediate_act's check: the hooks store the amount as given */
		if (amt && (!json_is_integer(amt) || json_integer_value(amt) < 0))
			return fz_err_set(err, FZ_EINVAL, "协议金额",
					  "协议金额应为非负整数（分）");
	}
	rc = opening_prepare(db, keys, n, &o, err);
	/* the mediator as fz_mediate_assign sets it; the outcome columns
	 * are the steps' after hooks', on the row opening_created wrote */
	o.mediator_id = mediator_id;
	if (!rc) {
		struct fz_case_new nc = opening_case(&o);
		rc = fz_case_import(db, cal, o.type, a, &nc, steps, nsteps, id,
				    number, err);
	}
	opening_release(&o);
	return rc;
}
