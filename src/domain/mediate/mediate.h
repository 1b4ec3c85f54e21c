/* mediate.h - dispute mediation on the shared case engine: 人民调解 of
 * citizens' disputes (online or at a station), court referrals before
 * filing (诉前调解, the court's 天平 team), the enterprise injury fast track
 * (3-day target), labour disputes through 调解 → 劳动监察 → 仲裁 as one case
 * with one history; mediation organisations and mediators, assignment,
 * outcomes, 司法确认, and the public tracking check.  Periods and their
 * citations: shared/reference/deadlines.md §3. */
#ifndef FZ_DOMAIN_MEDIATE_MEDIATE_H
#define FZ_DOMAIN_MEDIATE_MEDIATE_H

#include <stdint.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "http/route.h"
#include "store/store.h"

struct fz_keys;

extern const struct fz_migration fz_mediate_migrations[];
extern const struct fz_route fz_mediate_routes[];
/* the domain in the app's list of case domains (待办, audit words) */
struct fz_casehttp_domain;
extern const struct fz_casehttp_domain fz_mediate_domain;
extern const struct fz_case_type fz_mediate_dispute; /* "mediate.dispute" */
extern const struct fz_case_type fz_mediate_labor;   /* "mediate.labor" */

#define FZ_MEDIATE_PREFIX "柯调"
#define FZ_MEDIATE_LABOR_PREFIX "柯劳调"

/* Tracks: "people" (人民调解), "court" (诉前调解), "injury" (企业工伤快处),
 * "labor" (劳动争议).  NULL for an unknown key. */
const char *fz_mediate_track_name(const char *track);

/* Residents per town (data/population/keqiao_towns.csv, its README names
 * the source and the confidence).  Ended by a NULL code. */
struct fz_mediate_town {
	const char *code;   /* 12-digit 统计用区划代码 */
	const char *name;
	int64_t residents;
	const char *confidence; /* "K", "S", "?" as in shared/reference */
};
extern const struct fz_mediate_town fz_mediate_towns[];
const struct fz_mediate_town *fz_mediate_town_find(const char *code_or_name);

/* ---- organisations and mediators ---- */

/* kind: "people" (人民调解委员会), "court_team" (法院特邀调解/天平调解团队),
 * "labor" (劳动争议调解组织), "industry" (行业性专业性调解组织). */
int fz_mediate_org_add(struct fz_store *db, const struct fz_case_actor *a,
		       const char *name, const char *kind, int64_t unit_id,
		       const char *town_code, int64_t *id, struct fz_err *err);
int fz_mediate_mediator_add(struct fz_store *db, const struct fz_case_actor *a,
			    int64_t org_id, const char *name, int64_t *id,
			    struct fz_err *err);

/* ---- disputes ---- */

struct fz_mediate_new {
	const char *track;       /* see above */
	const char *channel;     /* "online", "station", "court" (referral),
				    "platform", "window" (the organisation's desk) */
	int64_t station_id;      /* channel "station" */
	const char *town;        /* town code or name, required */
	int64_t org_id;          /* the organisation that takes it, required */
	const char *applicant;   /* 1-64 */
	const char *respondent;  /* other party, 1-100 */
	const char *phone;       /* applicant's mobile (tracking) */
	const char *summary;     /* 1-2000 */
	int64_t amount_cents;    /* 涉及金额, >= 0 */
	const char *court_ref;   /* court's reference for a referral, optional */
	struct fz_date received; /* {0} = today */
};

/* Register a dispute (own transaction): a case of fz_mediate_labor for
 * track "labor", else of fz_mediate_dispute, under the organisation's
 * unit.  The caller has checked the user may register at that station /
 * organisation.  FZ_EINVAL with the field. */
int fz_mediate_open(struct fz_store *db, const struct fz_cal *cal,
		    const struct fz_keys *keys, const struct fz_case_actor *a,
		    const struct fz_mediate_new *n, int64_t *id, char *number,
		    struct fz_err *err);

/* Assign a mediator of the case's organisation: mediator_id, or (0) the
 * active one with the fewest open cases.  For 人民调解, 诉前调解 and the
 * fast track this is the step "assign" (starts the mediation period).
 * *chosen gets the mediator. */
int fz_mediate_assign(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_case_actor *a, int64_t case_id,
		      int64_t mediator_id, struct fz_date on, int64_t *chosen,
		      struct fz_err *err);

/* Take a step (own transaction); the outcome columns the metrics read
 * (outcome, mediated_on, agreed amount from the fact 协议金额 in 分) are
 * written with it. */
int fz_mediate_act(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_actor *a, int64_t case_id,
		   const char *transition, struct fz_date on, json_t *data,
		   const char *note, struct fz_err *err);

/* ---- labour arbitration awards (mediate_award.c) ---- */

/* The local monthly minimum wage from a day on (分), with its source. */
struct fz_mediate_min_wage {
	struct fz_date from;
	int64_t cents;
	const char *source;
};
extern const struct fz_mediate_min_wage fz_mediate_min_wages[]; /* ended by
								   source NULL */
/* The figure in force on day on, or NULL before the first. */
const struct fz_mediate_min_wage *fz_mediate_min_wage_on(struct fz_date on);

struct fz_mediate_award {
	int final;          /* 1: 终局裁决 (劳动争议调解仲裁法 Art. 47) */
	int64_t min_wage;   /* the monthly figure compared with (分) */
	char reason[640];   /* why, in Chinese, with the articles */
};

/* Final or not, from the award's items (an array of {类别, 金额 in 分}):
 * Art. 47, 最高人民法院劳动争议解释（一） Art. 19-20, 浙江条例 Art. 37.
 * min_wage > 0 overrides the table for the award's day on.  FZ_EINVAL
 * (field 裁决事项 or 当地月最低工资标准) for a malformed list. */
int fz_mediate_award_kind(const json_t *items, struct fz_date on,
			  int64_t min_wage, struct fz_mediate_award *out,
			  struct fz_err *err);

/* Which case type a case is (NULL if not a mediation case). */
const struct fz_case_type *fz_mediate_type_of(struct fz_store *db,
					      int64_t case_id);

/* As fz_review_track: {number, kind, status, received_on, updated_on} or
 * FZ_ENOTFOUND with one message for every miss. */
int fz_mediate_track(struct fz_store *db, const struct fz_keys *keys,
		     const char *number, const char *phone, json_t **out,
		     struct fz_err *err);

/* Civil first-instance cases filed in a town in a year (court data, for
 * 万人成讼率).  Replaces the figure. */
int fz_mediate_court_stat_set(struct fz_store *db,
			      const struct fz_case_actor *a, int year,
			      const char *town, int64_t civil_first,
			      struct fz_err *err);

/* Shared small helpers of the module (mediate*.c). */
int fz_mediate_end_tx(struct fz_store *db, int rc, struct fz_err *err);
int fz_mediate_audit(struct fz_store *db, const struct fz_case_actor *a,
		     const char *action, const char *object,
		     const char *detail, struct fz_err *err);
const struct fz_cal *fz_mediate_cal(void);

/* Record a dispute that has already happened (bench/cases, files carried
 * over) inside the caller's transaction (FZ_ESTATE outside one): checked
 * and sealed as fz_mediate_open, the case recorded with fz_case_import
 * (system actor only) through steps (for the dispute type the first is
 * "assign" with the fact 调解员).  The mediate_disputes row, with the
 * mediator (0: none), is written before the first step, and the type's
 * hooks write the outcome columns on it as they do for fz_mediate_act.
 * No audit entry per case: the caller writes one for the
 * whole import.  On failure the caller must roll back. */
int fz_mediate_import(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_keys *keys, const struct fz_case_actor *a,
		      const struct fz_mediate_new *n, int64_t mediator_id,
		      const struct fz_case_step *steps, size_t nsteps,
		      int64_t *id, char *number, struct fz_err *err);

#endif
