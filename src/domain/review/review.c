/* review.c - 行政复议 on the case engine (see review.h): the case type,
 * routing, procedure choice, applications, steps, officers, committee,
 * lawsuits, 负责人出庭应诉 and tracking. */
#include "domain/review/review.h"

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
#include "domain/review/review_files.h"

const struct fz_migration fz_review_migrations[] = {
	{ "review", 1,
	  "CREATE TABLE review_officers ("
	  " id INTEGER PRIMARY KEY,"
	  " name TEXT NOT NULL,"
	  " grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 3),"
	  " unit_id INTEGER NOT NULL REFERENCES units(id),"
	  " cert_no TEXT NOT NULL,"
	  " active INTEGER NOT NULL DEFAULT 1,"
	  " created_at TEXT NOT NULL);"
	  "CREATE TABLE review_cases ("
	  " case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	  " channel TEXT NOT NULL,"
	  " station_id INTEGER REFERENCES units(id),"
	  " organ TEXT NOT NULL,"
	  " organ_name TEXT NOT NULL,"
	  " respondent TEXT NOT NULL,"
	  " respondent_kind TEXT NOT NULL,"
	  " applicant TEXT NOT NULL,"
	  " applicant_id_enc TEXT,"
	  " applicant_id_masked TEXT,"
	  " phone_enc TEXT NOT NULL,"
	  " phone_masked TEXT NOT NULL,"
	  " phone_idx TEXT NOT NULL,"
	  " address TEXT NOT NULL,"
	  " act TEXT NOT NULL,"
	  " request TEXT NOT NULL,"
	  " received_on TEXT NOT NULL,"
	  " officer_id INTEGER REFERENCES review_officers(id),"
	  " outcome TEXT,"
	  " corrects INTEGER NOT NULL DEFAULT 0,"
	  " closed_on TEXT);"
	  "CREATE INDEX review_cases_station ON review_cases(station_id);"
	  "CREATE INDEX review_cases_closed ON review_cases(closed_on);"
	  "CREATE INDEX review_cases_officer ON review_cases(officer_id, closed_on);"
	  "CREATE TABLE review_committee ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " met_on TEXT NOT NULL,"
	  " members TEXT NOT NULL,"
	  " opinion TEXT NOT NULL,"
	  " created_at TEXT NOT NULL);"
	  "CREATE TABLE review_suits ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER REFERENCES cases(id),"
	  " defendant_unit INTEGER NOT NULL REFERENCES units(id),"
	  " court TEXT NOT NULL,"
	  " court_no TEXT NOT NULL UNIQUE,"
	  " filed_on TEXT NOT NULL,"
	  " outcome TEXT NOT NULL DEFAULT 'pending',"
	  " judged_on TEXT);"
	  "CREATE TABLE review_appearances ("
	  " id INTEGER PRIMARY KEY,"
	  " suit_id INTEGER NOT NULL REFERENCES review_suits(id),"
	  " hearing_on TEXT NOT NULL,"
	  " appeared INTEGER NOT NULL,"
	  " head_name TEXT NOT NULL,"
	  " head_title TEXT NOT NULL)" },
	/* an online application's materials (review_files.h) */
	{ "review", 2,
	  "CREATE TABLE review_files ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER REFERENCES cases(id),"
	  " ticket TEXT NOT NULL UNIQUE,"
	  " kind TEXT NOT NULL,"
	  " mime TEXT NOT NULL,"
	  " size INTEGER NOT NULL,"
	  " sm3 TEXT NOT NULL,"
	  " data BLOB NOT NULL,"
	  " created_at TEXT NOT NULL);"
	  "CREATE INDEX review_files_case ON review_files(case_id)" },
	{ NULL, 0, NULL }
};

/* ---- the case type (行政复议法 2023; deadlines.md §1) ---- */

#define JUS FZ_ROLE_JUSTICE
#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define FLAG_HEARING "须听证"
#define FLAG_COMMITTEE "须委员会咨询"
#define FLAG_LATE "超过申请期限"

static const struct fz_case_state states[] = {
	{ "received", "已收到申请", 0 },
	{ "correction", "补正中", 0 },
	{ "accepted", "已受理", 0 },
	{ "replying", "答复期", 0 },
	{ "reviewing", "审理中", 0 },
	{ "hearing", "听证", 0 },
	{ "mediating", "调解中", 0 },
	{ "suspended", "中止审理", 0 },
	{ "decided", "已作出复议决定", FZ_CASE_FINAL },
	{ "mediated", "调解结案", FZ_CASE_FINAL },
	{ "withdrawn", "撤回申请终止", FZ_CASE_FINAL },
	{ "terminated", "终止审理", FZ_CASE_FINAL },
	{ "rejected", "不予受理", FZ_CASE_FINAL },
	{ "abandoned", "视为放弃申请", FZ_CASE_FINAL },
	{ "forwarded", "已转送有管辖权的机关", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

static const struct fz_case_transition transitions[] = {
	/* Art. 31(1): one written 补正 notice listing every missing item */
	{ "request_correction", "通知补正", "received", "correction", JUS,
	  L("补正事项"), NULL, NULL },
	{ "corrected", "补正完毕", "correction", "received", JUS, NULL, NULL, NULL },
	/* Art. 31(2): no 补正 in time without good reason: 视为放弃 */
	{ "abandon", "视为放弃申请", "correction", "abandoned", JUS, NULL, NULL, NULL },
	/* Art. 30(1); the procedure is chosen by Art. 53 (fz_review_act).  An
	 * application filed out of time (Art. 30(1)(四), Art. 20) waits until
	 * the warning is resolved with a reason or the application refused */
	{ "accept", "受理", "received", "accepted", JUS, L("程序"), L(FLAG_LATE),
	  NULL },
	/* Art. 30(3): no refusal within the review period: accepted as from
	 * the day it ends (fz_review_act dates the step so) */
	{ "deemed_accept", "视为受理（审查期限届满）", "received", "accepted", JUS,
	  L("程序"), NULL, NULL },
	/* Art. 30(2): refusal with reasons, naming the competent organ */
	{ "reject", "不予受理", "received", "rejected", JUS, L("不予受理理由"), NULL,
	  L(FLAG_LATE) },
	{ "forward", "转送有管辖权的机关", "received", "forwarded", JUS, L("转送机关"),
	  NULL, NULL },
	/* Art. 48 / Art. 54: copy of the application to the respondent */
	{ "send_copy", "发送申请书副本", "accepted", "replying", JUS, NULL, NULL, NULL },
	/* Art. 48, Art. 70: the reply and evidence, or none in time */
	{ "reply", "收到答复或答复期满", "replying", "reviewing", JUS, L("答复情况"),
	  NULL, NULL },
	/* Art. 50, 51 */
	{ "hearing_notice", "通知听证", "reviewing", "hearing", JUS, L("听证日期"),
	  NULL, NULL },
	{ "hearing_done", "听证结束", "hearing", "reviewing", JUS, NULL, NULL,
	  L(FLAG_HEARING) },
	/* Art. 52: the committee's opinion, recorded */
	{ "committee", "行政复议委员会咨询", "reviewing", "reviewing", JUS,
	  L("委员会意见"), NULL, L(FLAG_COMMITTEE) },
	/* Art. 5, 73 */
	{ "mediate", "开始调解", "reviewing", "mediating", JUS, NULL, NULL, NULL },
	{ "mediated", "调解书生效", "mediating", "mediated", JUS, L("调解书文号"),
	  NULL, NULL },
	{ "mediation_failed", "调解不成", "mediating", "reviewing", JUS, NULL, NULL,
	  NULL },
	/* Art. 39(1): 中止, resumed when the cause ends (Art. 39(2)) */
	{ "suspend", "中止审理", "accepted", "suspended", JUS, L("中止事由"), NULL, NULL },
	{ "suspend", "中止审理", "replying", "suspended", JUS, L("中止事由"), NULL, NULL },
	{ "suspend", "中止审理", "reviewing", "suspended", JUS, L("中止事由"), NULL, NULL },
	{ "resume", "恢复审理", "suspended", "reviewing", JUS, NULL, NULL, NULL },
	/* Art. 55: 简易 → 普通 with the head's approval */
	{ "convert", "转为普通程序", "accepted", "accepted", JUS, L("转换批准人"), NULL, NULL },
	{ "convert", "转为普通程序", "replying", "replying", JUS, L("转换批准人"), NULL, NULL },
	{ "convert", "转为普通程序", "reviewing", "reviewing", JUS, L("转换批准人"), NULL,
	  NULL },
	/* Art. 61-72; a major case waits for its hearing and committee */
	{ "decide", "作出行政复议决定", "reviewing", "decided", JUS, L("决定类型"),
	  L(FLAG_HEARING, FLAG_COMMITTEE), NULL },
	/* Art. 41(1)(一), Art. 74: withdrawal (also after 和解) */
	{ "withdraw", "撤回申请", "*", "withdrawn", JUS, L("撤回理由"), NULL, NULL },
	/* Art. 41 */
	{ "terminate", "终止审理", "*", "terminated", JUS, L("终止事由"), NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static int simple(const json_t *facts)
{
	const char *p = json_string_value(json_object_get(facts, "程序"));
	return p && !strcmp(p, "简易");
}

static int ordinary(const json_t *facts)
{
	return !simple(facts);
}

#define AFTER_ACCEPT L("suspended")
/* Every period the law counts "自受理之日起" (Art. 48, 54, 62) starts on the
 * effective acceptance: the 受理 step, or the end of the review period when
 * the organ let it pass (Art. 30(3), the step deemed_accept) */
#define ACCEPTED L("accept", "deemed_accept")
static const struct fz_case_deadline deadlines[] = {
	/* Art. 30(1): decide on acceptance within 5 days, 工作日 by Art. 88(2);
	 * the clock restarts when the 补正 material arrives */
	{ "accept", "受理审查期限", "《中华人民共和国行政复议法》第三十条、第八十八条第二款",
	  L("create", "corrected"), 5, FZ_CASE_WORKDAYS, L("correction"),
	  L("accept", "deemed_accept", "reject", "forward"), 0, 0, NULL },
	/* Art. 31(1): the 补正 notice within 5 工作日 of receipt */
	{ "correction_notice", "补正通知期限", "《中华人民共和国行政复议法》第三十一条第一款",
	  L("create"), 5, FZ_CASE_WORKDAYS, NULL,
	  L("request_correction", "accept", "deemed_accept", "reject", "forward"),
	  0, 0, NULL },
	/* Art. 31(2): 10 工作日 to correct, extendable for good reason (the
	 * law sets no limit to the extension: 10 here, configurable) */
	{ "correction", "补正期限", "《中华人民共和国行政复议法》第三十一条第二款",
	  L("request_correction"), 10, FZ_CASE_WORKDAYS, NULL,
	  L("corrected", "abandon"), 10, JUS, NULL },
	/* Art. 48: copy to the respondent within 7 工作日 of acceptance */
	{ "send_copy", "发送申请书副本期限（普通程序）", "《中华人民共和国行政复议法》第四十八条",
	  ACCEPTED, 7, FZ_CASE_WORKDAYS, AFTER_ACCEPT, L("send_copy"), 0, 0,
	  ordinary },
	/* Art. 54: 3 工作日 under the simplified procedure */
	{ "send_copy_simple", "发送申请书副本期限（简易程序）", "《中华人民共和国行政复议法》第五十四条",
	  ACCEPTED, 3, FZ_CASE_WORKDAYS, AFTER_ACCEPT, L("send_copy"), 0, 0,
	  simple },
	/* Art. 48: reply and evidence within 10 工作日 of receiving the copy
	 * (counted from the sending: the receipt date is not recorded) */
	{ "reply", "被申请人答复期限（普通程序）", "《中华人民共和国行政复议法》第四十八条",
	  L("send_copy"), 10, FZ_CASE_WORKDAYS, AFTER_ACCEPT, L("reply"), 0, 0,
	  ordinary },
	/* Art. 54: 5 工作日 */
	{ "reply_simple", "被申请人答复期限（简易程序）", "《中华人民共和国行政复议法》第五十四条",
	  L("send_copy"), 5, FZ_CASE_WORKDAYS, AFTER_ACCEPT, L("reply"), 0, 0,
	  simple },
	/* Art. 62(1): 60 natural days from acceptance, ≤ 30 more with the
	 * approval of the head of the 行政复议机构; 中止 time excluded
	 * (Art. 39) */
	{ "decide", "复议决定期限（普通程序）", "《中华人民共和国行政复议法》第六十二条第一款",
	  ACCEPTED, 60, FZ_CASE_DAYS, AFTER_ACCEPT, L("decide"), 30, JUS,
	  ordinary },
	/* Art. 62(2): 30 natural days, no extension */
	{ "decide_simple", "复议决定期限（简易程序）", "《中华人民共和国行政复议法》第六十二条第二款",
	  ACCEPTED, 30, FZ_CASE_DAYS, AFTER_ACCEPT, L("decide"), 0, JUS, simple },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

/* A major, difficult or complex case needs a hearing (Art. 50(1)) and the
 * committee's opinion (Art. 52(1)): both block the decision until done or
 * resolved with a reason (e.g. the applicant waived the hearing, Art. 51). */
static int major_flags(struct fz_store *db, int64_t case_id,
		       const json_t *facts, struct fz_err *err)
{
	int rc = 0;
	if (!json_is_true(json_object_get(facts, "重大疑难复杂")))
		return 0;
	rc = fz_case_flag_raise(db, case_id, FLAG_HEARING, "art50",
				"重大、疑难、复杂案件应当组织听证（《中华人民共和国行政复议法》第五十条第一款）",
				"review:art50", NULL, err);
	if (!rc)
		rc = fz_case_flag_raise(db, case_id, FLAG_COMMITTEE, "art52",
					"重大、疑难、复杂案件应当提请行政复议委员会咨询（《中华人民共和国行政复议法》第五十二条）",
					"review:art52", NULL, err);
	return rc;
}

/* An application received after its period (Art. 20) or after the outer
 * limit (Art. 21) is flagged: acceptance waits until the flag is resolved
 * with a reason (a 正当理由 found) or the application is refused under
 * Art. 30(1)(四).  A 正当理由 recorded at intake (Art. 20(2)) lengthens
 * the period, so no flag is raised then. */
static int late_flags(struct fz_store *db, int64_t case_id,
		      const json_t *facts, struct fz_err *err)
{
	struct fz_case_info ci;
	struct fz_review_period p;
	struct fz_date recv;
	char why[512];
	int rc = fz_case_info_get(db, case_id, &ci, err);

	/* a closed case awaits no decision on acceptance (an imported case
	 * runs this hook once, after its last step) */
	if (rc || ci.closed_on[0] || fz_date_parse(&recv, ci.opened_on, NULL))
		return rc;
	/* bad dates were refused at intake; a later facts edit that breaks
	 * them shows on the case (case_extras), it does not block the edit */
	if (!fz_review_cal() ||
	    fz_review_apply_period(fz_review_cal(), facts, recv, &p, NULL) != 1 ||
	    (!p.late && !p.barred))
		return 0;
	fz_review_period_text(&p, why, sizeof(why));
	return fz_case_flag_raise(db, case_id, FLAG_LATE,
				  p.barred ? "art21" : "art20", why,
				  p.barred ? "review:art21" : "review:art20", NULL,
				  err);
}

static int facts_hook(struct fz_store *db, const struct fz_case_type *type,
		      int64_t case_id, const json_t *facts, struct fz_err *err)
{
	int rc = major_flags(db, case_id, facts, err);
	(void)type;
	return rc ? rc : late_flags(db, case_id, facts, err);
}

/* ---- the steps' hooks (engine/case runs them around each step; nothing
 * here branches on transition names) ---- */

/* accept (prepare): Art. 53: the procedure follows from the facts unless
 * the step sets it. */
static int accept_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char on[FZ_DATE_STRLEN];
	/* the effective acceptance date, which Art. 48, 54 and 62 count from */
	if (json_object_set_new(h->data, "受理日期",
				json_string(fz_date_format(h->on, on))))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	if (json_object_get(h->data, "程序"))
		return 0;
	return json_object_set_new(h->data, "程序",
				   json_string(fz_review_procedure(h->facts, NULL))) ?
	       fz_err_set(err, FZ_ENOMEM, NULL, NULL) : 0;
}

/* The day the review period of Art. 30(1) ends for the case (the "accept"
 * deadline, restarted by 补正 as Art. 31(3) says): {0} in *end when it is
 * not running (paused in 补正, or the calendar does not reach it). */
static int review_end(struct fz_store *db, const struct fz_cal *cal,
		      int64_t case_id, const json_t *facts, struct fz_date *end,
		      struct fz_err *err)
{
	return fz_case_deadline_due(db, cal, &fz_review_case, case_id, "accept",
				    facts, end, err);
}

/* Has the review period of Art. 30(1) ended before the step's day?  1 yes
 * (its last day in e), 0 no, negative on error. */
static int review_over(const struct fz_case_hook_ctx *h,
		       char e[FZ_DATE_STRLEN], struct fz_err *err)
{
	struct fz_date end;
	int rc = review_end(h->db, h->cal, h->case_id, h->facts, &end, err);

	if (rc)
		return rc;
	if (!end.y || fz_date_cmp(h->on, end) <= 0)
		return 0;
	fz_date_format(end, e);
	return 1;
}

/* accept (before): Art. 30(3): once the review period has ended without a
 * refusal the application is accepted by law as from its last day; a 受理
 * recorded later is that deemed acceptance (fz_review_act turns it into
 * deemed_accept; this is for steps that reach the hooks another way, an
 * import). */
static int accept_in_time(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char e[FZ_DATE_STRLEN];
	int over = review_over(h, e, err);

	if (over <= 0)
		return over;
	return fz_err_set(err, FZ_EINVAL, "on",
			  "审查期限已于%s届满，依照《中华人民共和国行政复议法》第三十条第三款，"
			  "申请自该日起视为受理，应办理「视为受理」", e);
}

/* reject, request_correction (before): after the review period the
 * application is accepted by law (Art. 30(3)): a refusal (Art. 30(2)) or a
 * 补正 notice (Art. 31(1)) comes too late; a case that turns out not to
 * qualify is ended by 驳回申请 (Art. 33). */
static int refusal_in_time(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char e[FZ_DATE_STRLEN];
	int over = review_over(h, e, err);

	if (over <= 0)
		return over;
	return fz_err_set(err, FZ_ESTATE, "transition",
			  "审查期限已于%s届满，依照《中华人民共和国行政复议法》第三十条第三款，"
			  "申请自该日起视为受理，不能再决定不予受理或者通知补正；受理后发现"
			  "不符合受理条件的，依照第三十三条决定驳回申请", e);
}

/* deemed_accept (prepare): Art. 30(3) "审查期限届满之日起视为受理". */
static int deemed_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return json_object_set_new(h->data, "视为受理", json_true()) ?
	       fz_err_set(err, FZ_ENOMEM, NULL, NULL) : 0;
}

/* deemed_accept (before): only on the day the review period ends. */
static int deemed_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	struct fz_date end;
	char e[FZ_DATE_STRLEN];
	int rc = review_end(h->db, h->cal, h->case_id, h->facts, &end, err);

	if (rc)
		return rc;
	if (!end.y)
		return fz_err_set(err, FZ_ESTATE, "transition",
				  "审查期限未在计算中，不能视为受理");
	if (fz_date_cmp(h->on, end))
		return fz_err_set(err, FZ_EINVAL, "on",
				  "依照《中华人民共和国行政复议法》第三十条第三款，"
				  "视为受理之日为审查期限届满之日（%s）",
				  fz_date_format(end, e));
	return 0;
}

static int accept_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const char *p = json_string_value(json_object_get(h->facts, "程序"));
	const char *why;
	if (!p || (strcmp(p, "简易") && strcmp(p, "普通")))
		return fz_err_set(err, FZ_EINVAL, "程序", "程序应为「简易」或「普通」");
	if (!strcmp(p, "简易") &&
	    strcmp(fz_review_procedure(h->facts, &why), "简易"))
		return fz_err_set(err, FZ_EINVAL, "程序",
				  "不符合简易程序的条件（《中华人民共和国行政复议法》第五十三条）：%s", why);
	return 0;
}

/* convert (prepare): Art. 55 converts to 普通程序, nothing else. */
static int convert_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return json_object_set_new(h->data, "程序", json_string("普通")) ?
	       fz_err_set(err, FZ_ENOMEM, NULL, NULL) : 0;
}

static int convert_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	if (!ordinary(h->facts))
		return fz_err_set(err, FZ_EINVAL, "程序", "转换后应为普通程序");
	return 0;
}

/* hearing_notice (prepare, so a bad date is said before anything else):
 * Art. 51(1): notice at least 5 工作日 before the hearing. */
static int hearing_notice_prepare(const struct fz_case_hook_ctx *h,
				  struct fz_err *err)
{
	const char *s = json_string_value(json_object_get(h->data, "听证日期"));
	struct fz_date d, earliest;
	if (!s || fz_date_parse(&d, s, NULL))
		return fz_err_set(err, FZ_EINVAL, "听证日期", "听证日期应为 YYYY-MM-DD");
	if (fz_cal_add_workdays(h->cal, h->on, 5, &earliest, err))
		return FZ_EINVAL;
	if (fz_date_cmp(d, earliest) < 0) {
		char e[FZ_DATE_STRLEN];
		return fz_err_set(err, FZ_EINVAL, "听证日期",
				  "听证应在通知后至少五个工作日举行（《中华人民共和国行政复议法》第五十一条），最早为 %s",
				  fz_date_format(earliest, e));
	}
	return 0;
}

static int decide_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	if (!fz_review_decision_find(json_string_value(
		    json_object_get(h->facts, "决定类型"))))
		return fz_err_set(err, FZ_EINVAL, "决定类型",
				  "决定类型应为行政复议法第三十三条、第六十三条至第七十二条规定的类型");
	return 0;
}

/* The outcome the metrics read, stored when a step closes the case. */
static int record_outcome(const struct fz_case_hook_ctx *h, const char *outcome,
			  int corrects, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	return fz_store_run(h->db, err,
		"UPDATE review_cases SET outcome = ?, corrects = ?,"
		" closed_on = ? WHERE case_id = ?", "titI", outcome, corrects,
		fz_date_format(h->on, d), h->case_id);
}

/* decide (after): the outcome is the decision's type, and whether it
 * corrects the act (纠错). */
static int decide_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const struct fz_review_decision *d = fz_review_decision_find(
		json_string_value(json_object_get(h->facts, "决定类型")));
	return d ? record_outcome(h, d->key, d->corrects, err) : 0;
}

/* The other closing steps (after): the outcome is the final state reached
 * (mediated, withdrawn, terminated, rejected, abandoned, forwarded). */
static int closed_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return record_outcome(h, h->to, 0, err);
}

static const struct fz_case_hook hooks[] = {
	/* key, prepare, before, after */
	{ "accept", accept_prepare, accept_before, NULL },
	{ "accept", NULL, accept_in_time, NULL },
	{ "deemed_accept", accept_prepare, accept_before, NULL },
	{ "deemed_accept", deemed_prepare, deemed_before, NULL },
	{ "reject", NULL, refusal_in_time, NULL },
	{ "request_correction", NULL, refusal_in_time, NULL },
	{ "convert", convert_prepare, convert_before, NULL },
	{ "hearing_notice", hearing_notice_prepare, NULL, NULL },
	{ "decide", NULL, decide_before, decide_after },
	{ "mediated", NULL, NULL, closed_after },
	{ "withdraw", NULL, NULL, closed_after },
	{ "terminate", NULL, NULL, closed_after },
	{ "reject", NULL, NULL, closed_after },
	{ "abandon", NULL, NULL, closed_after },
	{ "forward", NULL, NULL, closed_after },
	{ NULL, NULL, NULL, NULL }
};

const struct fz_case_type fz_review_case = {
	"review.case", "行政复议案件", "{prefix}〔{year}〕{seq}号",
	states, transitions, deadlines,
	JUS | FZ_ROLE_TOWN, JUS, JUS, facts_hook, NULL, hooks
};

/* Art. 33, 63-72 (deadlines.md §1, decision types). */
const struct fz_review_decision fz_review_decisions[] = {
	{ "vary", "变更", "《中华人民共和国行政复议法》第六十三条", 1 },
	{ "revoke", "撤销", "《中华人民共和国行政复议法》第六十四条", 1 },
	{ "partial_revoke", "部分撤销", "《中华人民共和国行政复议法》第六十四条", 1 },
	{ "illegal", "确认违法", "《中华人民共和国行政复议法》第六十五条", 1 },
	{ "perform", "责令履行", "《中华人民共和国行政复议法》第六十六条", 1 },
	{ "void", "确认无效", "《中华人民共和国行政复议法》第六十七条", 1 },
	{ "uphold", "维持", "《中华人民共和国行政复议法》第六十八条", 0 },
	{ "reject_claim", "驳回复议请求", "《中华人民共和国行政复议法》第六十九条", 0 },
	{ "dismiss", "驳回申请", "《中华人民共和国行政复议法》第三十三条", 0 },
	{ "agreement", "行政协议责令履行或补偿", "《中华人民共和国行政复议法》第七十一条", 1 },
	{ "compensate", "决定赔偿", "《中华人民共和国行政复议法》第七十二条", 1 },
	{ NULL, NULL, NULL, 0 }
};

const struct fz_review_decision *fz_review_decision_find(const char *name)
{
	for (const struct fz_review_decision *d = fz_review_decisions;
	     name && d->key; d++)
		if (!strcmp(d->name, name) || !strcmp(d->key, name))
			return d;
	return NULL;
}

/* ---- routing ---- */

/* 行政复议法 2023 Art. 24: the county-level government reviews the acts
 * of its departments (and their 派出机构) and of the township governments
 * below it; the next government up reviews the county government's own
 * acts.  Art. 27: 海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全
 * 机关 go to the organ one level up.  Art. 28: an act of the 司法行政部门
 * that does the review work may go to its own government or the next 司法
 * 行政部门 up; we route it to the district government (the applicant may
 * choose the other).  The article numbers are K in deadlines.md terms (the
 * reference does not list the jurisdiction articles): re-check. */
static const struct {
	const char *kind;
	struct fz_review_route r;
} routes[] = {
	{ "department", { "district", "绍兴市柯桥区人民政府", "《中华人民共和国行政复议法》第二十四条", 1 } },
	{ "town", { "district", "绍兴市柯桥区人民政府", "《中华人民共和国行政复议法》第二十四条", 1 } },
	{ "justice", { "district", "绍兴市柯桥区人民政府", "《中华人民共和国行政复议法》第二十八条", 1 } },
	{ "district", { "city", "绍兴市人民政府", "《中华人民共和国行政复议法》第二十四条", 0 } },
	{ "vertical", { "upper", "上一级主管部门", "《中华人民共和国行政复议法》第二十七条", 0 } },
};

int fz_review_route(const char *kind, struct fz_review_route *out,
		    struct fz_err *err)
{
	for (size_t i = 0; kind && i < sizeof(routes) / sizeof(routes[0]); i++)
		if (!strcmp(routes[i].kind, kind)) {
			*out = routes[i].r;
			return 0;
		}
	return fz_err_set(err, FZ_EINVAL, "respondent_kind",
			  "被申请人类别应为 department、town、district、vertical 或 justice");
}

/* ---- procedure (Art. 53) ---- */

static int fact_true(const json_t *f, const char *k)
{
	return json_is_true(json_object_get(f, k));
}

const char *fz_review_procedure(const json_t *facts, const char **reason)
{
	const char *why = "不符合第五十三条第一款所列情形，且各方未同意适用简易程序";
	const char *kind = json_string_value(json_object_get(facts, "行为种类"));
	const json_t *amount = json_object_get(facts, "涉案金额");
	const char *p = "普通";

	if (fact_true(facts, "重大疑难复杂")) {
		why = "重大、疑难、复杂案件适用普通程序";
	} else if (fact_true(facts, "各方同意简易")) {
		/* Art. 53(2): any other case, when every party agrees */
		p = "简易", why = "当事人各方同意适用简易程序（第五十三条第二款）";
	} else if (!fact_true(facts, "事实清楚")) {
		why = "未认定事实清楚、权利义务关系明确、争议不大（第五十三条第一款）";
	} else if (fact_true(facts, "当场作出")) {
		p = "简易", why = "被申请的行政行为是当场作出（第五十三条第一款第一项）";
	} else if (kind && (!strcmp(kind, "警告") || !strcmp(kind, "通报批评"))) {
		p = "简易", why = "被申请的行政行为是警告或者通报批评（第一款第二项）";
	} else if (json_is_integer(amount) && json_integer_value(amount) >= 0 &&
		   json_integer_value(amount) <= 300000) {
		/* Art. 53(1)(三): 三千元以下, in 分 */
		p = "简易", why = "案件涉及款额三千元以下（第一款第三项）";
	} else if (fact_true(facts, "政府信息公开")) {
		p = "简易", why = "属于政府信息公开案件（第一款第四项）";
	}
	if (reason)
		*reason = why;
	return p;
}

/* ---- helpers ---- */

const struct fz_cal *fz_review_cal(void)
{
	return fz_casehttp_cal();
}

/* The 行政复议机构 unit: the district's 司法局 (by name), else the root. */
struct organ_ctx {
	struct fz_unit_info dept, root; /* id 0 until found */
};

/* Keeps the first (lowest id) non-root 司法局 department and the first
 * root; the first of those two wins, as ORDER BY parent_id IS NULL, id. */
static int organ_cb(const struct fz_unit_info *u, void *arg)
{
	struct organ_ctx *c = arg;
	size_t nl = strlen(u->name), sl = strlen("司法局");

	if (!u->parent_id) {
		if (!c->root.id)
			c->root = *u;
		return 0;
	}
	if (!c->dept.id && !strcmp(u->kind, "department") && nl >= sl &&
	    !strcmp(u->name + nl - sl, "司法局"))
		c->dept = *u;
	return 0;
}

static int organ_unit(struct fz_store *db, int64_t *id, char *path,
		      size_t n, struct fz_err *err)
{
	struct organ_ctx c;
	const struct fz_unit_info *u;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = fz_org_units_each(db, NULL, NULL, organ_cb, &c, err)))
		return rc;
	u = c.dept.id ? &c.dept : &c.root;
	if (!u->id)
		return fz_err_set(err, FZ_ESTATE, NULL, "尚未建立单位，不能受理申请");
	*id = u->id;
	snprintf(path, n, "%s", u->path);
	return 0;
}

/* Seal a personal value: SM4 token, blind index, masked copy. */
static int seal(const struct fz_keys *keys, const char *v, struct fz_buf *enc,
		char idx[FZ_SM3_HEX_LEN + 1], struct fz_err *err)
{
	int rc = fz_sm4_seal(keys, v, strlen(v), enc, err);
	if (!rc && idx && fz_blind_index(keys, v, idx))
		rc = fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	return rc;
}

/* ---- applications ---- */

static int check_application(struct fz_store *db,
			     const struct fz_review_application *a,
			     char phone[FZ_MOBILE_LEN], char *idnorm,
			     struct fz_err *err)
{
	int rc;
	if (!a->channel || (strcmp(a->channel, "online") &&
			    strcmp(a->channel, "station")))
		return fz_err_set(err, FZ_EINVAL, "channel", "申请渠道应为网上申请或窗口受理");
	if ((rc = fz_casehttp_text_ok(a->applicant, 1, 64, "applicant", "申请人姓名或名称", err)) ||
	    (rc = fz_casehttp_text_ok(a->respondent, 1, 100, "respondent", "被申请人", err)) ||
	    (rc = fz_casehttp_text_ok(a->act, 1, 500, "act", "被申请的行政行为", err)) ||
	    (rc = fz_casehttp_text_ok(a->request, 1, 2000, "request", "复议请求和理由", err)))
		return rc;
	if (a->address && (rc = fz_casehttp_text_ok(a->address, 0, 200, "address", "地址", err)))
		return rc;
	if (!a->phone || fz_ident_mobile(a->phone, phone, err))
		return fz_err_set(err, FZ_EINVAL, "phone", "请填写正确的手机号码");
	idnorm[0] = '\0';
	if (a->applicant_id && a->applicant_id[0] &&
	    fz_ident_idcard(a->applicant_id, idnorm, NULL) &&
	    fz_ident_uscc(a->applicant_id, idnorm, NULL))
		return fz_err_set(err, FZ_EINVAL, "applicant_id",
				  "证件号码应为有效的身份证号或统一社会信用代码");
	if (a->facts && !json_is_object(a->facts))
		return fz_err_set(err, FZ_EINVAL, "facts", "案件事实应为 JSON 对象");
	if (!strcmp(a->channel, "station")) {
		struct fz_unit_info u;
		rc = fz_org_unit_get(db, a->station_id, &u, err);
		if (rc && rc != FZ_ENOTFOUND)
			return rc;
		if (rc || strcmp(u.kind, "station"))
			return fz_err_set(err, FZ_EINVAL, "station_id",
					  "受理站点应为行政复议基层服务站");
	}
	return 0;
}

/* The parties beside the applicant, as the facts the handler reads:
 * 第三人 (行政复议法 Art. 16) and 委托代理人, one or two of the kinds
 * Art. 17(1) names. */
static const struct {
	const char *code, *name;
} agent_kinds[] = {
	{ "lawyer", "律师" },
	{ "legal_worker", "基层法律服务工作者" },
	{ "other", "其他代理人" },
};

static int join_names(const json_t *arr, size_t max, const char *field,
		      const char *label, struct fz_buf *b, struct fz_err *err)
{
	size_t i;
	json_t *v;

	if (arr && !json_is_array(arr))
		return fz_err_set(err, FZ_EINVAL, field, "「%s」格式有误", label);
	if (json_array_size(arr) > max)
		return fz_err_set(err, FZ_EINVAL, field, "%s最多 %zu 个", label, max);
	json_array_foreach(arr, i, v) {
		int rc = fz_casehttp_text_ok(json_string_value(v), 1, 64, field, label, err);
		if (rc)
			return rc;
		fz_buf_addf(b, "%s%s", i ? "、" : "", json_string_value(v));
	}
	return 0;
}

static int agents_text(const json_t *arr, struct fz_buf *b, struct fz_err *err)
{
	size_t i, k;
	json_t *v;

	if (arr && !json_is_array(arr))
		return fz_err_set(err, FZ_EINVAL, "agents", "委托代理人格式有误");
	if (json_array_size(arr) > 2)
		return fz_err_set(err, FZ_EINVAL, "agents", "可以委托一至二名代理人"
				  "（《中华人民共和国行政复议法》第十七条第一款）");
	json_array_foreach(arr, i, v) {
		const char *name = json_string_value(json_object_get(v, "name"));
		const char *kind = json_string_value(json_object_get(v, "kind"));
		int rc = fz_casehttp_text_ok(name, 1, 64, "agents", "代理人姓名", err);
		if (rc)
			return rc;
		for (k = 0; kind && k < sizeof(agent_kinds) / sizeof(agent_kinds[0]); k++)
			if (!strcmp(kind, agent_kinds[k].code))
				break;
		if (!kind || k == sizeof(agent_kinds) / sizeof(agent_kinds[0]))
			return fz_err_set(err, FZ_EINVAL, "agents",
					  "代理人应为律师、基层法律服务工作者或者其他代理人");
		fz_buf_addf(b, "%s%s（%s）", i ? "、" : "", name, agent_kinds[k].name);
	}
	return 0;
}

static int parties_facts(const struct fz_review_application *a, json_t *facts,
			 struct fz_err *err)
{
	struct fz_buf tp = FZ_BUF_INIT, ag = FZ_BUF_INIT;
	int rc = join_names(a->third_parties, 5, "third_parties", "第三人", &tp, err);

	if (!rc)
		rc = agents_text(a->agents, &ag, err);
	if (!rc && tp.len)
		json_object_set_new(facts, "第三人", json_string(tp.data));
	if (!rc && ag.len)
		json_object_set_new(facts, "委托代理人", json_string(ag.data));
	fz_buf_release(&tp);
	fz_buf_release(&ag);
	return rc;
}

/* A new application as fz_review_apply and fz_review_import write it:
 * checked, routed, sealed, its facts and title, and (created) the
 * review_cases row the steps' hooks record the outcome on - one function
 * for both, so an imported case starts as a live one does. */
struct opening {
	const struct fz_review_application *a;
	struct fz_review_route r;
	struct fz_date recv;
	int64_t unit, officer_id;
	char idn[32], pmask[32], imask[48], pidx[FZ_SM3_HEX_LEN + 1];
	char upath[256], title[256];
	struct fz_buf penc, ienc;
	json_t *facts;          /* ours: opening_release */
};

static int opening_prepare(struct fz_store *db, const struct fz_cal *cal,
			   const struct fz_keys *keys,
			   const struct fz_review_application *a,
			   struct opening *o, struct fz_err *err)
{
	struct fz_review_period per;
	char phone[FZ_MOBILE_LEN];
	int rc;

	memset(o, 0, sizeof(*o));
	o->penc = (struct fz_buf)FZ_BUF_INIT;
	o->ienc = (struct fz_buf)FZ_BUF_INIT;
	o->a = a;
	o->recv = a->received.y ? a->received : fz_date_today_cn();
	rc = check_application(db, a, phone, o->idn, err);
	/* the dates of Art. 20 and 21 are checked here, where the applicant
	 * can still correct them; the period itself is the facts hook's */
	if (!rc && a->facts) {
		int r = fz_review_apply_period(cal, a->facts, o->recv, &per, err);
		rc = r < 0 ? r : 0;
	}
	if (!rc)
		rc = fz_review_route(a->respondent_kind, &o->r, err);
	if (!rc)
		rc = organ_unit(db, &o->unit, o->upath, sizeof(o->upath), err);
	if (!rc)
		rc = seal(keys, phone, &o->penc, o->pidx, err);
	if (!rc && o->idn[0])
		rc = seal(keys, o->idn, &o->ienc, NULL, err);
	if (rc)
		return rc;
	fz_mask_phone(phone, o->pmask, sizeof(o->pmask));
	if (o->idn[0])
		fz_mask_id_staff(o->idn, o->imask, sizeof(o->imask));
	o->facts = a->facts ? json_deep_copy(a->facts) : json_object();
	if (!o->facts)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	if ((rc = parties_facts(a, o->facts, err)))
		return rc;
	json_object_set_new(o->facts, "复议机关", json_string(o->r.organ_name));
	json_object_set_new(o->facts, "管辖依据", json_string(o->r.cite));
	snprintf(o->title, sizeof(o->title), "%.60s不服%.60s", a->applicant,
		 a->respondent);
	return 0;
}

static void opening_release(struct opening *o)
{
	json_decref(o->facts);
	fz_buf_release(&o->penc);
	fz_buf_release(&o->ienc);
}

/* fz_case_new.created: the row, still open; the closing steps' after
 * hooks write outcome, corrects and closed_on. */
static int opening_created(struct fz_store *db, int64_t id, const char *number,
			   void *arg, struct fz_err *err)
{
	const struct opening *o = arg;
	const struct fz_review_application *a = o->a;
	char on[FZ_DATE_STRLEN];

	(void)number;
	return fz_store_run(db, err,
		"INSERT INTO review_cases (case_id, channel, station_id,"
		" organ, organ_name, respondent, respondent_kind,"
		" applicant, applicant_id_enc, applicant_id_masked,"
		" phone_enc, phone_masked, phone_idx, address, act,"
		" request, received_on, officer_id) VALUES (?, ?, nullif(?, 0),"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0))",
		"ItIttttttttttttt" "tI",
		id, a->channel, strcmp(a->channel, "station") ? 0 : a->station_id,
		o->r.organ, o->r.organ_name, a->respondent, a->respondent_kind,
		a->applicant, o->idn[0] ? o->ienc.data : NULL,
		o->idn[0] ? o->imask : NULL, o->penc.data, o->pmask, o->pidx,
		a->address ? a->address : "", a->act, a->request,
		fz_date_format(o->recv, on), o->officer_id);
}

static struct fz_case_new opening_case(struct opening *o)
{
	struct fz_case_new nc = {
		o->unit, o->upath, o->title, FZ_REVIEW_PREFIX, o->recv, o->facts,
		strcmp(o->a->channel, "online") ? "窗口受理" : "网上申请",
		opening_created, o
	};
	return nc;
}

int fz_review_apply(struct fz_store *db, const struct fz_cal *cal,
		    const struct fz_keys *keys, const struct fz_user *user,
		    const char *ip, const struct fz_review_application *a,
		    int64_t *id, char *number, struct fz_err *err)
{
	struct opening o;
	char object[48];
	int rc = opening_prepare(db, cal, keys, a, &o, err);

	if (rc) {
		opening_release(&o);
		return rc;
	}
	{
		struct fz_case_actor ca = {
			user ? user->id : 0, user ? user->login : "public",
			user ? user->role : 0, "/", user ? user->unit_id : 0,
			ip ? ip : "", 1 /* the domain checked the station */
		};
		struct fz_case_new nc = opening_case(&o);
		rc = fz_store_begin(db, err);
		if (!rc)
			rc = fz_case_create(db, cal, &fz_review_case, &ca, &nc, id,
					    number, err);
		if (!rc) {
			snprintf(object, sizeof(object), "case:%" PRId64, *id);
			rc = fz_casehttp_audit(db, &ca, "review.apply", object, number, err);
		}
		if (!rc)
			rc = fz_review_files_claim(db, *id, a->files,
						   json_array_size(a->agents) > 0, err);
		rc = fz_casehttp_end_tx(db, rc, err);
	}
	opening_release(&o);
	return rc;
}

/* ---- steps ---- */

static int load_facts(struct fz_store *db, int64_t id, json_t **facts,
		      struct fz_err *err)
{
	return fz_case_facts_get(db, id, fz_review_case.key, facts, err);
}

/* Art. 30(3): a 受理 recorded after the review period ended is the
 * acceptance the law already deemed made on the last day of that period;
 * the step is taken as deemed_accept dated that day (so the periods of
 * Art. 48, 54 and 62 run from it), the day it was recorded kept as
 * 受理登记日期.  A deemed_accept is always dated so.  *tr, *on and *data
 * (a new reference the caller drops) come back as the step to take. */
static int deemed_step(struct fz_store *db, const struct fz_cal *cal,
		       int64_t case_id, const json_t *facts, const char **tr,
		       struct fz_date *on, json_t **data, struct fz_err *err)
{
	struct fz_case_info ci;
	struct fz_date end, day = on->y ? *on : fz_date_today_cn();
	char d[FZ_DATE_STRLEN];
	int rc = fz_case_info_get(db, case_id, &ci, err);

	if (rc || strcmp(ci.state, "received") ||
	    (strcmp(*tr, "accept") && strcmp(*tr, "deemed_accept")))
		return rc;
	if ((rc = review_end(db, cal, case_id, facts, &end, err)) || !end.y)
		return rc;
	if (!strcmp(*tr, "deemed_accept")) {
		if (fz_date_cmp(end, fz_date_today_cn()) > 0)
			return fz_err_set(err, FZ_ESTATE, "transition",
					  "审查期限至%s届满，届满前不能视为受理（《中华人民共和国行政复议法》第三十条第三款）",
					  fz_date_format(end, d));
		*on = end;
		return 0;
	}
	if (fz_date_cmp(day, end) <= 0)
		return 0;
	if (json_object_set_new(*data, "受理登记日期",
				json_string(fz_date_format(day, d))))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	*tr = "deemed_accept";
	*on = end;
	return 0;
}

int fz_review_act(struct fz_store *db, const struct fz_cal *cal,
		  const struct fz_case_actor *actor, int64_t case_id,
		  const char *transition, struct fz_date on, json_t *data,
		  const char *note, struct fz_err *err)
{
	json_t *facts = NULL, *step = NULL;
	int rc;

	if (!transition)
		return fz_err_set(err, FZ_EINVAL, "transition", "缺少办理环节");
	if (data && !json_is_object(data))
		return fz_err_set(err, FZ_EINVAL, "data", "环节数据应为 JSON 对象");
	rc = fz_store_begin(db, err);
	/* a case of another type is "not found" here, as everywhere in the
	 * review API; the step's own checks and records are the hooks */
	if (!rc)
		rc = load_facts(db, case_id, &facts, err);
	if (!rc) {
		step = data ? json_deep_copy(data) : json_object();
		if (!step)
			rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	if (!rc)
		rc = deemed_step(db, cal, case_id, facts, &transition, &on, &step,
				 err);
	if (!rc) {
		struct fz_case_act ac = { transition, on, step, note, NULL };
		rc = fz_case_apply(db, cal, &fz_review_case, actor, case_id, &ac,
				   err);
	}
	json_decref(step);
	json_decref(facts);
	return fz_casehttp_end_tx(db, rc, err);
}

/* ---- officers ---- */

const char *fz_review_grade_name(int grade)
{
	static const char *const n[] = { "", "初级行政复议员", "中级行政复议员",
					 "高级行政复议员" };
	return grade >= 1 && grade <= 3 ? n[grade] : "";
}

int fz_review_officer_add(struct fz_store *db, const struct fz_case_actor *a,
			  const char *name, int grade, int64_t unit_id,
			  const char *cert_no, int64_t *id, struct fz_err *err)
{
	char at[FZ_ISO_LEN], object[48];
	int rc = fz_casehttp_text_ok(name, 1, 32, "name", "姓名", err);

	if (rc)
		return rc;
	if (grade < 1 || grade > 3)
		return fz_err_set(err, FZ_EINVAL, "grade", "等级应为 1（初级）、2（中级）或 3（高级）");
	if (cert_no && (rc = fz_casehttp_text_ok(cert_no, 0, 32, "cert_no", "证号", err)))
		return rc;
	{
		struct fz_unit_info u;
		rc = fz_org_unit_get(db, unit_id, &u, err);
		if (rc == FZ_ENOTFOUND)
			return fz_err_set(err, FZ_EINVAL, "unit_id", "所属单位不存在");
		if (rc)
			return rc;
	}
	fz_now_iso(at);
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO review_officers (name, grade, unit_id, cert_no,"
			" created_at) VALUES (?, ?, ?, ?, ?)", "tiItt", name, grade,
			unit_id, cert_no ? cert_no : "", at);
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(object, sizeof(object), "review_officer:%" PRId64, *id);
		rc = fz_casehttp_audit(db, a, "review.officer.add", object, name, err);
	}
	return fz_casehttp_end_tx(db, rc, err);
}

int fz_review_grade_needed(const json_t *facts)
{
	if (fact_true(facts, "重大疑难复杂"))
		return 3;
	return simple(facts) ? 1 : 2;
}

/* The officer with the fewest open cases among those qualified. */
#define LOAD_SQL                                                        \
	"SELECT o.id FROM review_officers o WHERE o.active = 1 AND"      \
	" o.grade >= ? ORDER BY (SELECT COUNT(*) FROM review_cases r"     \
	" WHERE r.officer_id = o.id AND r.closed_on IS NULL), o.grade, o.id" \
	" LIMIT 1"

int fz_review_assign(struct fz_store *db, const struct fz_case_actor *a,
		     int64_t case_id, int64_t officer_id, int64_t *chosen,
		     struct fz_err *err)
{
	json_t *facts = NULL;
	char object[48], detail[64];
	int64_t open = 0, grade = 0;
	int rc = fz_store_begin(db, err);

	if (!rc)
		rc = load_facts(db, case_id, &facts, err);
	if (!rc && fz_store_int(db, &open, err,
				"SELECT COUNT(*) FROM review_cases WHERE case_id = ?"
				" AND closed_on IS NULL", "I", case_id) >= 0 && !open)
		rc = fz_err_set(err, FZ_ESTATE, "id", "案件已办结，不能再分配");
	if (!rc && officer_id) {
		int need = fz_review_grade_needed(facts);
		if (fz_store_int(db, &grade, err, "SELECT grade FROM review_officers"
				 " WHERE id = ? AND active = 1", "I", officer_id) != 1)
			rc = fz_err_set(err, FZ_EINVAL, "officer_id", "行政复议员不存在或已停用");
		else if (grade < need)
			rc = fz_err_set(err, FZ_EINVAL, "officer_id",
					"本案须由%s以上承办", fz_review_grade_name(need));
		*chosen = officer_id;
	} else if (!rc) {
		int r = fz_store_int(db, chosen, err, LOAD_SQL, "i",
				     fz_review_grade_needed(facts));
		if (r < 0)
			rc = r;
		else if (r == 0)
			rc = fz_err_set(err, FZ_ESTATE, "officer_id",
					"没有符合等级要求的在岗行政复议员");
	}
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE review_cases SET officer_id = ?"
				  " WHERE case_id = ?", "II", *chosen, case_id);
	if (!rc) {
		snprintf(object, sizeof(object), "case:%" PRId64, case_id);
		snprintf(detail, sizeof(detail), "officer:%" PRId64, *chosen);
		rc = fz_casehttp_audit(db, a, "review.assign", object, detail, err);
	}
	json_decref(facts);
	return fz_casehttp_end_tx(db, rc, err);
}

/* ---- committee ---- */

int fz_review_committee(struct fz_store *db, const struct fz_cal *cal,
			const struct fz_case_actor *a, int64_t case_id,
			struct fz_date met_on, const char *members,
			const char *opinion, struct fz_err *err)
{
	char at[FZ_ISO_LEN], d[FZ_DATE_STRLEN];
	json_t *data;
	int rc;

	if ((rc = fz_casehttp_text_ok(members, 1, 500, "members", "参加委员", err)) ||
	    (rc = fz_casehttp_text_ok(opinion, 1, 4000, "opinion", "咨询意见", err)))
		return rc;
	if (!fz_date_valid(met_on))
		return fz_err_set(err, FZ_EINVAL, "met_on", "会议日期无效");
	data = json_pack("{s:s,s:s}", "委员会意见", opinion, "委员会日期",
			 fz_date_format(met_on, d));
	fz_now_iso(at);
	rc = fz_store_begin(db, err);
	if (!rc) {
		struct fz_case_act ac = { "committee", met_on, data, members };
		rc = fz_case_apply(db, cal, &fz_review_case, a, case_id, &ac, err);
	}
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO review_committee (case_id, met_on, members,"
			" opinion, created_at) VALUES (?, ?, ?, ?, ?)", "Itttt",
			case_id, d, members, opinion, at);
	json_decref(data);
	return fz_casehttp_end_tx(db, rc, err);
}

/* ---- lawsuits ---- */

int fz_review_suit_add(struct fz_store *db, const struct fz_case_actor *a,
		       const struct fz_review_suit *s, int64_t *id,
		       struct fz_err *err)
{
	struct fz_case_no cn;
	char d[FZ_DATE_STRLEN], object[48];
	int64_t n = 0;
	int rc = fz_casehttp_text_ok(s->court, 1, 64, "court", "法院", err);

	if (rc)
		return rc;
	if (!s->court_no || fz_ident_case_no(s->court_no, &cn, NULL))
		return fz_err_set(err, FZ_EINVAL, "court_no", "案号格式不正确，如（2024）浙0603行初12号");
	if (!fz_date_valid(s->filed))
		return fz_err_set(err, FZ_EINVAL, "filed_on", "立案日期无效");
	{
		struct fz_unit_info u;
		rc = fz_org_unit_get(db, s->defendant_unit, &u, err);
		if (rc == FZ_ENOTFOUND)
			return fz_err_set(err, FZ_EINVAL, "defendant_unit", "被告机关不存在");
		if (rc)
			return rc;
	}
	if (s->case_id && (rc = fz_store_int(db, &n, err,
			   "SELECT COUNT(*) FROM review_cases WHERE case_id = ?",
			   "I", s->case_id)) >= 0 && !n)
		return fz_err_set(err, FZ_EINVAL, "case_id", "复议案件不存在");
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO review_suits (case_id, defendant_unit, court,"
			" court_no, filed_on) VALUES (nullif(?, 0), ?, ?, ?, ?)", "IIttt",
			s->case_id, s->defendant_unit, s->court, s->court_no,
			fz_date_format(s->filed, d));
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(object, sizeof(object), "review_suit:%" PRId64, *id);
		rc = fz_casehttp_audit(db, a, "review.suit.add", object, s->court_no, err);
	}
	return fz_casehttp_end_tx(db, rc, err);
}

int fz_review_suit_judge(struct fz_store *db, const struct fz_case_actor *a,
			 int64_t suit_id, const char *outcome,
			 struct fz_date on, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN], object[48];
	int rc;

	if (!outcome || (strcmp(outcome, "won") && strcmp(outcome, "withdrawn") &&
			 strcmp(outcome, "lost")))
		return fz_err_set(err, FZ_EINVAL, "outcome", "诉讼结果应为胜诉、原告撤诉或败诉");
	if (!fz_date_valid(on))
		return fz_err_set(err, FZ_EINVAL, "judged_on", "裁判日期无效");
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE review_suits SET outcome = ?,"
				  " judged_on = ? WHERE id = ? AND outcome = 'pending'",
				  "ttI", outcome, fz_date_format(on, d), suit_id);
	if (!rc && fz_store_changes(db) != 1)
		rc = fz_err_set(err, FZ_ESTATE, "id", "诉讼不存在或已有结果");
	if (!rc) {
		snprintf(object, sizeof(object), "review_suit:%" PRId64, suit_id);
		rc = fz_casehttp_audit(db, a, "review.suit.judge", object, outcome, err);
	}
	return fz_casehttp_end_tx(db, rc, err);
}

int fz_review_appearance_add(struct fz_store *db,
			     const struct fz_case_actor *a, int64_t suit_id,
			     struct fz_date hearing_on, int appeared,
			     const char *head_name, const char *head_title,
			     struct fz_err *err)
{
	char d[FZ_DATE_STRLEN], object[48];
	int64_t n = 0;
	int rc;

	if (!fz_date_valid(hearing_on))
		return fz_err_set(err, FZ_EINVAL, "hearing_on", "开庭日期无效");
	if (appeared &&
	    ((rc = fz_casehttp_text_ok(head_name, 1, 32, "head_name", "出庭负责人",
				       err)) ||
	     (rc = fz_casehttp_text_ok(head_title, 1, 32, "head_title", "职务",
				       err))))
		return rc;
	rc = fz_store_int(db, &n, err, "SELECT COUNT(*) FROM review_suits WHERE id = ?",
			  "I", suit_id);
	if (rc < 0)
		return rc;
	if (!n)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "诉讼不存在");
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO review_appearances (suit_id, hearing_on,"
			" appeared, head_name, head_title) VALUES (?, ?, ?, ?, ?)",
			"Ititt", suit_id, fz_date_format(hearing_on, d),
			appeared ? 1 : 0, appeared ? head_name : "",
			appeared ? head_title : "");
	if (!rc) {
		snprintf(object, sizeof(object), "review_suit:%" PRId64, suit_id);
		rc = fz_casehttp_audit(db, a, "review.appearance", object,
			      appeared ? head_name : "未出庭", err);
	}
	return fz_casehttp_end_tx(db, rc, err);
}

/* ---- tracking ---- */

/* Is case_id one of ours, applied for with the phone whose blind index
 * is phone_idx?  Only our own row is read; the number and the state come
 * from engine/case (fz_casehttp_track_case). */
static int review_tracked(struct fz_store *db, int64_t case_id,
			  const char *phone_idx, char *received_on, size_t n,
			  struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT received_on FROM review_cases"
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

int fz_review_track(struct fz_store *db, const struct fz_keys *keys,
		    const char *number, const char *phone, json_t **out,
		    struct fz_err *err)
{
	static const struct fz_case_type *const types[] = {
		&fz_review_case, NULL
	};
	return fz_casehttp_track_case(db, keys, number, phone, review_tracked,
				      types, "行政复议申请", out, err);
}

/* ---- bulk import (bench/cases, carried-over files) ---- */

int fz_review_import(struct fz_store *db, const struct fz_cal *cal,
		     const struct fz_keys *keys, const struct fz_case_actor *actor,
		     const struct fz_review_application *a, int64_t officer_id,
		     const struct fz_case_step *steps, size_t nsteps,
		     int64_t *id, char *number, struct fz_err *err)
{
	struct opening o;
	int rc;

	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "内部错误：补录案件须在事务内进行");
	rc = opening_prepare(db, cal, keys, a, &o, err);
	/* the officer as fz_review_assign sets it; 程序 at acceptance, the
	 * outcome and its date are the steps' hooks', on the row
	 * opening_created wrote */
	o.officer_id = officer_id;
	if (!rc) {
		struct fz_case_new nc = opening_case(&o);
		rc = fz_case_import(db, cal, &fz_review_case, actor, &nc, steps,
				    nsteps, id, number, err);
	}
	opening_release(&o);
	return rc;
}
