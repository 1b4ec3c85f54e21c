/* review.h - 行政复议 (行政复议法, 2023 revision in force 2024-01-01) on the
 * shared case engine: applications online or at any of the district's
 * workstations (全域通办), routing to the competent organ, the case type
 * (补正, 受理, 简易/普通程序, 答复, 听证, 调解/和解, 中止/终止, extension,
 * every decision type), the 行政复议员 registry with assignment by grade
 * and load, 行政复议委员会 opinions, lawsuits after review and the
 * 行政机关负责人出庭应诉 records, and the public tracking check.
 * Periods and their citations: shared/reference/deadlines.md §0, §1. */
#ifndef FZ_DOMAIN_REVIEW_REVIEW_H
#define FZ_DOMAIN_REVIEW_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "http/route.h"
#include "store/store.h"

struct fz_keys;

extern const struct fz_migration fz_review_migrations[];
extern const struct fz_route fz_review_routes[];
/* the domain in the app's list of case domains (待办, audit words) */
struct fz_casehttp_domain;
extern const struct fz_casehttp_domain fz_review_domain;
extern const struct fz_case_type fz_review_case; /* "review.case" */

#define FZ_REVIEW_PREFIX "柯政复"

/* ---- routing (行政复议法 Art. 24, 27, 28) ---- */

/* Where an application goes, given who made the act. */
struct fz_review_route {
	const char *organ;      /* stable key: "district", "city", "upper" */
	const char *organ_name; /* "绍兴市柯桥区人民政府" */
	const char *cite;
	int in_district;        /* 1: reviewed here; 0: forwarded (转送) */
};

/* respondent_kind: "department" (区政府工作部门 or its 派出机构), "town"
 * (镇政府、街道办事处), "district" (区人民政府), "vertical" (海关、金融、
 * 外汇管理、税务、国家安全机关), "justice" (区司法局 itself).  The receiving
 * station plays no part: every station routes the same way (全域通办).
 * FZ_EINVAL for an unknown kind. */
int fz_review_route(const char *respondent_kind, struct fz_review_route *out,
		    struct fz_err *err);

/* ---- 简易 vs 普通程序 (Art. 53) ---- */

/* From the case facts: 事实清楚 (bool: facts clear, rights and duties
 * clear, dispute small), 当场作出 (bool), 行为种类 ("警告", "通报批评", …),
 * 涉案金额 (int, 分), 政府信息公开 (bool), 各方同意简易 (bool), 重大疑难复杂
 * (bool).  Returns "简易" or "普通"; reason (may be NULL) gets why. */
const char *fz_review_procedure(const json_t *facts, const char **reason);

/* ---- decision types (Art. 33, 63-72) ---- */

struct fz_review_decision {
	const char *key;   /* stored outcome: "revoke" */
	const char *name;  /* "撤销": the fact 决定类型 */
	const char *cite;  /* "《中华人民共和国行政复议法》第六十四条" */
	int corrects;      /* 1: counts in 纠错率 (the act is corrected) */
};
extern const struct fz_review_decision fz_review_decisions[]; /* NULL-ended */
const struct fz_review_decision *fz_review_decision_find(const char *name);

/* ---- the application period (Art. 20, 21; review_period.c) ---- */

/* The period computed from the intake facts (review_period.c names them). */
struct fz_review_period {
	struct fz_date known_on;  /* 知道行为日期 */
	struct fz_date start;     /* the day the period runs from */
	struct fz_date due;       /* its last day (民事诉讼法 Art. 85(3) applied) */
	struct fz_date act_on;    /* 行为作出日期, {0} when not given */
	struct fz_date bar;       /* Art. 21 outer limit, {0} without act_on */
	int days;                 /* 60, or a longer period set by law */
	int paused;               /* natural days taken out by Art. 20(2) */
	int excused;              /* 1: a 正当理由 obstacle is recorded */
	int late;                 /* 1: received after due */
	int barred;               /* 1: received after bar (Art. 21) */
	const char *cite;         /* the paragraph that set due, full form */
};

/* Compute the period for an application received on received: 1 done,
 * 0 when the facts lack 知道行为日期 (nothing to compute), FZ_EINVAL with
 * the fact as field for a malformed or impossible date. */
int fz_review_apply_period(const struct fz_cal *cal, const json_t *facts,
			   struct fz_date received,
			   struct fz_review_period *p, struct fz_err *err);

/* What a person reads about p, into buf (n bytes); returns buf. */
const char *fz_review_period_text(const struct fz_review_period *p, char *buf,
				  size_t n);

/* ---- applications ---- */

struct fz_review_application {
	const char *channel;        /* "online" or "station" */
	int64_t station_id;         /* receiving station (channel "station") */
	const char *applicant;      /* name, 1-64 characters */
	const char *applicant_id;   /* 身份证号 or 统一社会信用代码, optional */
	const char *phone;          /* mobile, required (tracking) */
	const char *address;        /* optional */
	const char *respondent;     /* 被申请人, 1-100 characters */
	const char *respondent_kind;/* see fz_review_route */
	const char *act;            /* the act challenged, 1-500 */
	const char *request;        /* 复议请求 and reasons, 1-2000 */
	struct fz_date received;    /* {0} = today */
	const json_t *facts;        /* optional extra facts (Art. 53 inputs) */
	const json_t *third_parties;/* names (Art. 16), an array, optional */
	const json_t *agents;       /* [{name, kind}] (Art. 17): at most two */
	const json_t *files;        /* tickets of uploads (review_files.h) */
};

/* Record an application (own transaction): validated, personal data
 * sealed (SM4) with a blind index and a masked copy, a case of
 * fz_review_case under the district's 行政复议机构 (the 司法局 unit), the
 * receiving station, the route.  The caller has checked that the user may
 * take applications at that station; user may be NULL (online).  *id and
 * number (FZ_CASE_NUMBER_LEN) get the case and the application number.
 * FZ_EINVAL with the field. */
int fz_review_apply(struct fz_store *db, const struct fz_cal *cal,
		    const struct fz_keys *keys, const struct fz_user *user,
		    const char *ip, const struct fz_review_application *a,
		    int64_t *id, char *number, struct fz_err *err);

/* Take a step on a review case (own transaction), the engine's checks
 * plus the domain's: 受理 records the procedure chosen by Art. 53 (a 简易
 * choice the facts do not allow is refused), 转为普通程序 switches it,
 * 听证通知 must come ≥ 5 工作日 before the hearing (Art. 51(1)), the
 * decision type must be one the law provides.  A 受理 recorded after the
 * review period (the "accept" deadline) is taken as deemed_accept dated the
 * period's last day (Art. 30(3)), and after that period 不予受理 and 补正
 * are refused.  A final state writes the outcome used by the metrics. */
int fz_review_act(struct fz_store *db, const struct fz_cal *cal,
		  const struct fz_case_actor *actor, int64_t case_id,
		  const char *transition, struct fz_date on, json_t *data,
		  const char *note, struct fz_err *err);

/* ---- 行政复议员 ---- */

/* Grades: 1 初级, 2 中级, 3 高级. */
const char *fz_review_grade_name(int grade);

int fz_review_officer_add(struct fz_store *db, const struct fz_case_actor *a,
			  const char *name, int grade, int64_t unit_id,
			  const char *cert_no, int64_t *id, struct fz_err *err);

/* The grade a case needs: 3 for 重大疑难复杂, 2 for 普通程序, 1 else. */
int fz_review_grade_needed(const json_t *facts);

/* Assign the case to officer_id, or (officer_id 0) to the active officer
 * of at least the needed grade with the fewest open cases (ties: the
 * lower grade, then the lower id).  *chosen gets the officer.  FZ_ESTATE
 * when nobody qualifies or the case is closed. */
int fz_review_assign(struct fz_store *db, const struct fz_case_actor *a,
		     int64_t case_id, int64_t officer_id, int64_t *chosen,
		     struct fz_err *err);

/* ---- 行政复议委员会 (Art. 52): the opinion recorded with the step ---- */

int fz_review_committee(struct fz_store *db, const struct fz_cal *cal,
			const struct fz_case_actor *a, int64_t case_id,
			struct fz_date met_on, const char *members,
			const char *opinion, struct fz_err *err);

/* ---- lawsuits and 负责人出庭应诉 ---- */

struct fz_review_suit {
	int64_t case_id;          /* the review case, 0 for a direct suit */
	int64_t defendant_unit;   /* the organ sued (a unit) */
	const char *court;        /* 1-64 */
	const char *court_no;     /* 案号, checked by fz_ident_case_no */
	struct fz_date filed;
};
int fz_review_suit_add(struct fz_store *db, const struct fz_case_actor *a,
		       const struct fz_review_suit *s, int64_t *id,
		       struct fz_err *err);
/* outcome: "won" (驳回诉讼请求), "withdrawn" (撤诉), "lost" (败诉:
 * 撤销、确认违法、变更、判决履行). */
int fz_review_suit_judge(struct fz_store *db, const struct fz_case_actor *a,
			 int64_t suit_id, const char *outcome,
			 struct fz_date on, struct fz_err *err);
/* One hearing of a suit: did the organ's head (负责人) appear? */
int fz_review_appearance_add(struct fz_store *db,
			     const struct fz_case_actor *a, int64_t suit_id,
			     struct fz_date hearing_on, int appeared,
			     const char *head_name, const char *head_title,
			     struct fz_err *err);

/* ---- public tracking ---- */

/* The status of application number for its phone: a new object {number,
 * kind, status, received_on, updated_on} and nothing else, or
 * FZ_ENOTFOUND with the same message for an unknown number and for a
 * wrong phone (domain/mediate has its own, same contract). */
int fz_review_track(struct fz_store *db, const struct fz_keys *keys,
		    const char *number, const char *phone, json_t **out,
		    struct fz_err *err);

/* The district's calendar, loaded once (handlers have none). */
const struct fz_cal *fz_review_cal(void);

/* Record an application that has already happened (bench/cases, files
 * carried over) inside the caller's transaction (FZ_ESTATE outside one):
 * validated and sealed as fz_review_apply, the case recorded with
 * fz_case_import (system actor only) through steps (taken as
 * fz_review_act takes them: the review_cases row, with the officer (0:
 * none), is written before the first step, and the type's hooks complete
 * the steps and store the outcome for the metrics on it, as they do
 * live).  No audit entry per case: the
 * caller writes one for the whole import.  On failure the caller must
 * roll back. */
int fz_review_import(struct fz_store *db, const struct fz_cal *cal,
		     const struct fz_keys *keys, const struct fz_case_actor *actor,
		     const struct fz_review_application *a, int64_t officer_id,
		     const struct fz_case_step *steps, size_t nsteps,
		     int64_t *id, char *number, struct fz_err *err);

#endif
