/* enforce.h - the enforcement domain (大综合一体化 行政执法): inspections
 * (行政检查) and penalty cases (行政处罚, 2021 行政处罚法) on engine/case,
 * parties and officers, the discretion benchmarks (行政裁量权基准), the
 * 行政行为码 of every act with its public page and ratings, the 两法衔接
 * warning on engine/rules, the 评查 checklist, and the supervision lists
 * of the procuratorate and the rule-of-law office.  docs/enforce.md. */
#ifndef FZ_DOMAIN_ENFORCE_ENFORCE_H
#define FZ_DOMAIN_ENFORCE_ENFORCE_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/embed.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "http/route.h"
#include "store/store.h"

struct fz_keys;
struct fz_rules;
struct fz_enforce_discretion;

extern const struct fz_migration fz_enforce_migrations[];
extern const struct fz_route fz_enforce_routes[];
/* The audit namer (engine/audit.h) of "finding:<id>": the case's 案号
 * with 的评查问题. */
int fz_enforce_audit_name_finding(struct fz_store *db, int64_t id,
				  const char *action, char *obj, char *act,
				  size_t n);
/* the domain in the app's list of case domains (待办, audit words) */
struct fz_casehttp_domain;
extern const struct fz_casehttp_domain fz_enforce_domain;

/* The two case types (static tables in enforce.c, checked by the unit
 * test with fz_case_type_check) and the transfer follow-up. */
extern const struct fz_case_type fz_enforce_penalty_type;
extern const struct fz_case_type fz_enforce_inspection_type;
extern const struct fz_case_type fz_enforce_transfer_type;

/* The flag that blocks closing with a penalty only (以罚代刑, 国务院令
 * 第310号 Art. 11; 行政处罚法 Art. 27, 82). */
#define FZ_ENFORCE_TRANSFER_FLAG "两法衔接预警"

/* What the domain needs at run time: the working-day calendar, the
 * compiled transfer rules and the discretion tables.  Borrowed: they must
 * outlive every call.  Set once before use (tests build their own; the
 * server and the demo use fz_enforce_env_default()). */
struct fz_enforce_env {
	const struct fz_cal *cal;
	const struct fz_rules *transfer;
	const struct fz_enforce_discretion *discretion;
};
void fz_enforce_set_env(const struct fz_enforce_env *env);
const struct fz_enforce_env *fz_enforce_env(void);
/* The environment built once from the embedded data (calendar, rules,
 * discretion tables); NULL with err filled when the data is broken. */
const struct fz_enforce_env *fz_enforce_env_default(struct fz_err *err);

/* ---- discretion (行政处罚法 Art. 34: 裁量基准 published as data) ---- */

/* Load the discretion tables from files (data/discretion: fields.rules
 * declaring the facts the conditions use, and one NAME.csv per agency),
 * ended by { NULL, NULL }.  *out is the caller's (fz_enforce_discretion_
 * free).  FZ_EINVAL with "file:line: 说明" for a bad row; all or nothing. */
int fz_enforce_discretion_load(struct fz_enforce_discretion **out,
			       const struct fz_embedded *files,
			       struct fz_err *err);
void fz_enforce_discretion_free(struct fz_enforce_discretion *d);

/* The tables as JSON (caller decrefs): [{agency, code, violation, rows:[…]}] */
json_t *fz_enforce_discretion_json(const struct fz_enforce_discretion *d,
				   const char *agency);

/* Recommend a fine for violation code given the facts (the case's facts
 * object: 货值金额 in 分, 超标倍数, the bool circumstances, and the arrays
 * "从轻情节" / "从重情节" of factor keys; "情节" forces a grade).  *out is
 * a new object (caller decrefs): row (the table row applied), grade,
 * range {min, max} in 分, recommended {min, max}, factors [{key, name,
 * effect, cite}], no_penalty (首违不罚 offered, Art. 33), explanation.
 * FZ_ENOTFOUND for an unknown code, FZ_EINVAL for a fact the row needs
 * that is missing (field = the fact). */
int fz_enforce_discretion_compute(const struct fz_enforce_discretion *d,
				  const char *code, const json_t *facts,
				  json_t **out, struct fz_err *err);

/* ---- money rules of 行政处罚法 ---- */

/* 加处罚款 (Art. 72(1)(一)): 3 % of the fine for each day late, never
 * above the fine itself (also 行政强制法 Art. 45).  days_late <= 0 gives
 * 0. */
int64_t fz_enforce_surcharge(int64_t fine_cents, int64_t days_late);

/* 简易程序 (Art. 51): a fine of at most 200 元 for a citizen or 3,000 元
 * for a legal person or other organisation (or a 警告).  1 allowed, 0 not. */
int fz_enforce_simple_allowed(int party_is_org, int64_t fine_cents);

/* Limitation (Art. 36): an act not 发现 (discovered) within 2 years of
 * the act (or of its end, for a continuing act) is no longer punished; 5
 * years when citizens' life, health, safety or financial security are
 * involved and there are harmful consequences.  The period runs to the
 * discovery, not to 立案.  1 within the period (also when the act was
 * still going on when discovered), 0 time-barred, FZ_EINVAL for bad dates
 * (field "act_date" or "discovered_on"). */
int fz_enforce_limitation_ok(struct fz_date act_end, struct fz_date discovered,
			     int five_years, struct fz_err *err);

/* 首违不罚 (Art. 33(1)): 2 "shall not punish" (minor, promptly corrected,
 * no harm), 1 "may not punish" (first violation, minor harm, promptly
 * corrected), 0 neither.  From the facts' bools 首次违法, 及时改正,
 * 危害后果轻微, 无危害后果. */
int fz_enforce_first_offence(const json_t *facts);

/* Does Art. 58 require 法制审核 before the decision?  From the facts (the
 * case's, merged with the decision's data): the officer's bools for
 * Art. 58(1)(一)-(四) - 重大公共利益, 重大权益 (or a 较大数额 fine) with
 * 已听证, 疑难复杂, 法律法规规定审核 - and the agency system's
 * 重大执法决定法制审核目录 (data/enforce/art58_catalogue.csv) over 执法系统,
 * 处罚种类, 当事人类型 and 罚款金额 + 没收金额.  1 yes (why gets the
 * Chinese reason, n bytes), FZ_ENFORCE_ART58_HEARD yes under Art.
 * 58(1)(二) - the review must then follow the hearing - 0 no (why ""),
 * negative when the embedded catalogue is broken (err filled). */
#define FZ_ENFORCE_ART58_HEARD 2
int fz_enforce_art58_reason(const json_t *facts, char *why, size_t n,
			    struct fz_err *err);
/* The same, 1 yes or 0 no (a broken catalogue counts as no: start-up
 * checks it with fz_enforce_art58_catalogue_ok). */
int fz_enforce_art58(const json_t *facts);
/* 0 when the embedded catalogue parsed, else its error ("file:line: 说明"). */
int fz_enforce_art58_catalogue_ok(struct fz_err *err);

/* ---- parties and officers ---- */

struct fz_enforce_party {
	const char *kind;      /* "person" or "org" */
	const char *name;
	const char *id_number; /* 身份证号 (sealed, masked) or 统一社会信用代码 */
	const char *address;
	const char *rep;       /* 法定代表人, organisations; may be NULL */
};

/* Add (or find by blind index / 信用代码) a party; own transaction or the
 * caller's.  FZ_EINVAL naming the field. */
int fz_enforce_party_add(struct fz_store *db, const struct fz_keys *keys,
			 const struct fz_enforce_party *p, int64_t *id,
			 struct fz_err *err);

/* Add an officer of unit_id with 执法证号 cert (unique).  FZ_EINVAL,
 * FZ_ECONFLICT (certificate taken). */
int fz_enforce_officer_add(struct fz_store *db, int64_t unit_id,
			   int64_t user_id, const char *name, const char *cert,
			   int64_t *id, struct fz_err *err);

/* An agency's act-code letters and case-number prefix (enf_agencies). */
int fz_enforce_agency_set(struct fz_store *db, int64_t unit_id,
			  const char *code, const char *prefix,
			  const char *short_name, struct fz_err *err);

/* The agency's 执法系统 (enf_agencies.system): 市场监管, 生态环境,
 * 应急管理, 综合执法, or "" for none.  It selects the sector procedure rule
 * a new case follows (the decision period: 行政处罚法 Art. 60 "法律、法规、
 * 规章另有规定的，从其规定") and the agency's 法制审核目录 (Art. 58).
 * Cases opened before a change keep the rule they were opened under.
 * FZ_EINVAL (unknown system), FZ_ENOTFOUND (no enf_agencies row). */
int fz_enforce_agency_system_set(struct fz_store *db, int64_t unit_id,
				 const char *system, struct fz_err *err);
/* The 执法系统 an agency may have, NULL-ended (enforce_art58.c: its
 * catalogue rows name them too). */
extern const char *const fz_enforce_systems[];

/* ---- cases ---- */

struct fz_enforce_case_new {
	const char *kind;         /* "penalty" or "inspection" */
	int64_t unit_id;          /* the agency (must have an enf_agencies row) */
	const char *title;
	int64_t party_id;
	int64_t officers[2];      /* two officers (行政处罚法 Art. 42) */
	const char *violation;    /* discretion code; may be NULL */
	struct fz_date opened;    /* 立案 or inspection date; {0} = today */
	struct fz_date act_date;  /* penalty: when the violation ended (Art. 36) */
	int five_years;           /* Art. 36: life/health/safety/financial */
	const char *procedure;    /* "普通" or "简易" (Art. 51) */
	const json_t *facts;      /* more facts; may be NULL */
	struct fz_date discovered; /* penalty: when the act was 发现 (Art. 36);
				      {0} = the 立案 date */
};

/* Open a case (own transaction or the caller's): the engine case, its
 * enf_cases row and officers; an inspection gets its 行政行为码 at once.
 * FZ_EINVAL (limitation passed: field "act_date"; officers), FZ_EFORBID,
 * FZ_ENOTFOUND. */
int fz_enforce_case_open(struct fz_store *db, const struct fz_keys *keys,
			 const struct fz_case_actor *actor,
			 const struct fz_enforce_case_new *nc, int64_t *id,
			 char number[FZ_CASE_NUMBER_LEN], struct fz_err *err);

/* Refuse data (a step's, a facts edit's when transition is NULL, or the
 * facts given at 立案) that sets a fact only its own step records: 已告知,
 * 告知日期 (notify), 陈述申辩 (statement), the waiver (waive), 已听证 and
 * the hearing dates (hearing_done), 法制审核意见 and 法制审核结论
 * (review_pass), 程序规则 and 执法系统 (立案).  A null value, which
 * removes a fact, passes.  FZ_EINVAL naming the fact. */
int fz_enforce_facts_check(const char *transition, const json_t *data,
			   struct fz_err *err);

/* Take a transition with the domain's rules around the engine's: decide
 * checks the discretion range (outside → needs "裁量说明") and issues the
 * decision's code, close computes the 加处罚款, and so on. */
int fz_enforce_case_act(struct fz_store *db, const struct fz_keys *keys,
			const struct fz_case_actor *actor, int64_t case_id,
			const char *transition, struct fz_date on,
			const json_t *data, const char *note,
			struct fz_err *err);

/* Record a 移送 (transfer to the police): the record, the penalty case's
 * "transfer" step and a follow-up transfer case with its own deadlines,
 * in one transaction. */
struct fz_enforce_transfer {
	const char *doc_no;       /* 涉嫌犯罪案件移送书 number */
	const char *police;       /* receiving 公安机关 */
	const char *approver;     /* head who approved (Art. 5(2)) */
	struct fz_date on;        /* transfer date; {0} = today */
};
int fz_enforce_transfer_record(struct fz_store *db,
			       const struct fz_case_actor *actor,
			       int64_t case_id,
			       const struct fz_enforce_transfer *t,
			       struct fz_err *err);

/* A reasoned decision not to transfer (own transaction): resolves the
 * warning and keeps the record for the procuratorate. */
int fz_enforce_no_transfer(struct fz_store *db,
			   const struct fz_case_actor *actor, int64_t case_id,
			   const char *reason, const char *approver,
			   struct fz_err *err);

/* ---- 行政行为码 ---- */

/* Issue the code of an act (inside the caller's transaction): a row in
 * enf_acts and the signed token (out, FZ_ACTCODE_TEXT_MAX + 1 bytes). */
int fz_enforce_code_issue(struct fz_store *db, const struct fz_keys *keys,
			  int64_t case_id, int type, struct fz_date date,
			  int64_t *act_id, char *token, struct fz_err *err);

/* Verify a token for the public page: signature, key, then the
 * revoked-codes table (fz_actcode_verify_ex's hook); on success *out is
 * the act as the public may see it (agency, officers and 执法证号, legal
 * basis, status, party masked) and the scan is counted.  FZ_EINVAL
 * (forged, altered: field "token"/"key_id"/"signature"), FZ_ESTATE
 * (field "revoked"), FZ_ENOTFOUND (valid but unknown here). */
int fz_enforce_code_lookup(struct fz_store *db, const struct fz_keys *keys,
			   const char *token, int count_scan, json_t **out,
			   struct fz_err *err);

/* Rate the act once per code: rating "满意" / "基本满意" / "不满意", a
 * comment of at most 200 characters.  FZ_ECONFLICT when already rated. */
int fz_enforce_code_rate(struct fz_store *db, const struct fz_keys *keys,
			 const char *token, const char *rating,
			 const char *comment, const char *ip,
			 struct fz_err *err);

/* Revoke the code of an act (own transaction, audited). */
int fz_enforce_code_revoke(struct fz_store *db,
			   const struct fz_case_actor *actor, int64_t act_id,
			   const char *reason, struct fz_err *err);

/* ---- documents ---- */

/* Render a case's document (kind: "decision" 行政处罚决定书, "advice"
 * 守法建议书, "study" 学法积分建议书, "credit" 信用修复告知书, "deferral"
 * 延期（分期）缴纳罚款告知书) as PDF (html = 0) or HTML preview into out.
 * base_url prefixes the QR's /v/<token> link.  FZ_ENOTFOUND, FZ_ESTATE
 * (no decision yet, no deferral granted). */
int fz_enforce_doc(struct fz_store *db, const struct fz_keys *keys,
		   const struct fz_case_actor *actor, int64_t case_id,
		   const char *kind, int html, const char *base_url,
		   struct fz_buf *out, struct fz_err *err);

/* ---- 执法监督: case-file review (评查) ---- */

/* One item of a scoring checklist (a CSV in data/checklists). */
struct fz_enforce_check {
	const char *key;   /* stable, stored with each score: "facts" */
	const char *item;  /* 评查项目 */
	int points;        /* 分值 */
	const char *basis; /* 依据: 《法律》第N条、第M条 */
};

struct fz_enforce_checklist {
	struct fz_enforce_check *items;
	size_t n;
	int max;           /* sum of the points: 100 */
	char *text;        /* the file, cut in place; items point into it */
};

/* Parse a checklist CSV (header 编号,评查项目,分值,依据; README in
 * data/checklists).  *out is the caller's (fz_enforce_checklist_free).
 * FZ_EINVAL with "file:line: 说明" (field "checklist"); all or nothing. */
int fz_enforce_checklist_parse(struct fz_enforce_checklist **out,
			       const char *file, const char *text,
			       struct fz_err *err);
void fz_enforce_checklist_free(struct fz_enforce_checklist *c);

/* The 行政处罚案卷评查 checklist embedded from data/checklists, parsed once;
 * NULL with err filled when the embedded file is broken. */
const struct fz_enforce_checklist *fz_enforce_checklist_default(struct fz_err *err);

/* {items: [{key, item, points, basis}], max_score} (caller decrefs). */
json_t *fz_enforce_checklist_json(const struct fz_enforce_checklist *c);

/* Score a closed penalty case file (own transaction or the caller's,
 * audited "enforce.review"): scores {key: 0..points} for every item, notes {key:
 * text} optional; each item below full marks becomes a finding for the
 * agency.  Office and justice roles only (FZ_EFORBID); FZ_EINVAL (field =
 * the item key), FZ_ENOTFOUND, FZ_ESTATE (not finished), FZ_ECONFLICT
 * (this reviewer already scored it). */
int fz_enforce_review_add(struct fz_store *db, const struct fz_case_actor *actor,
			  const struct fz_enforce_checklist *cl, int64_t case_id,
			  const json_t *scores, const json_t *notes,
			  int64_t *review_id, int *score, struct fz_err *err);

/* The agency answers a finding with its 整改情况 and closes it (own
 * transaction or the caller's, audited "enforce.finding.close").
 * Officer and town roles of the finding's unit (FZ_EFORBID; another
 * unit's: FZ_ENOTFOUND); FZ_EINVAL (no response), FZ_ESTATE (closed). */
int fz_enforce_finding_close(struct fz_store *db,
			     const struct fz_case_actor *actor, int64_t id,
			     const char *response, struct fz_err *err);

/* Results per agency and per officer: *out = {agencies: [{unit_id,
 * agency, reviews, score, max_score, rate, findings, open_findings}],
 * officers: [{officer_id, officer, cert, agency, reviews, score,
 * max_score, rate, findings}]}, weakest first (caller decrefs). */
int fz_enforce_review_results(struct fz_store *db, json_t **out,
			      struct fz_err *err);

/* Findings of the units under scope ("" = all), status "open", "closed"
 * or NULL/"" for both; *out an array (caller decrefs). */
int fz_enforce_findings(struct fz_store *db, const char *scope,
			const char *status, json_t **out, struct fz_err *err);

/* The reviews of one case, each with its scores and findings. */
int fz_enforce_case_reviews(struct fz_store *db, int64_t case_id, json_t **out,
			    struct fz_err *err);

/* ---- demo ---- */

/* fz_app_demo step: a year of enforcement for the demo district. */
int fz_enforce_demo(struct fz_store *db, const struct fz_keys *keys,
		    uint64_t seed, FILE *out, struct fz_err *err);

/* ---- bulk import ---- */

/* Record a case that has already happened (bench/cases, files carried
 * over) inside the caller's transaction (FZ_ESTATE outside one): checked
 * as fz_enforce_case_open, the engine case recorded with fz_case_import
 * (system actor only) through steps (at most 16; no "transfer"; their
 * arg is replaced by what the type's hooks expect, the keys).  The
 * enf_cases row is written before the first step, and the type's hooks
 * complete each step and write its columns and 行政行为码 as they do for
 * fz_enforce_case_act, so the rows equal those of the case taken live.
 * No audit entry per case: the caller writes one for the whole import.
 * On failure the caller must roll back. */
int fz_enforce_case_import(struct fz_store *db, const struct fz_keys *keys,
			   const struct fz_case_actor *actor,
			   const struct fz_enforce_case_new *nc,
			   const struct fz_case_step *steps, size_t nsteps,
			   int64_t *id, char number[FZ_CASE_NUMBER_LEN],
			   struct fz_err *err);

#endif
