/* review_period.c - the 行政复议 application period (行政复议法 2023
 * Art. 20, 21), computed from the facts recorded at intake, so a late
 * application is seen before anyone decides to accept it (Art. 30(1)(四):
 * an application is accepted only when 在法定申请期限内提出).
 *
 * Facts read (all optional but the first; dates YYYY-MM-DD):
 *   知道行为日期       the day the applicant knew or should have known of
 *                      the act (Art. 20(1)); without it nothing is computed
 *   法律规定的申请期限 days, when another law sets more than 60 (Art. 20(1))
 *   已告知复议权利     false: the organ did not tell the applicant of the
 *                      right, the organ and the period (Art. 20(3))
 *   知道复议权利日期   then, the day the applicant learnt of them
 *   耽误事由, 障碍发生日期, 障碍消除日期
 *                      不可抗力 or another 正当理由 (Art. 20(2)): the period
 *                      stops while the obstacle lasts and goes on after it
 *   行为作出日期       the act's date, for the outer limit of Art. 21
 *   涉及不动产         true: 20 years instead of 5 (Art. 21) */
#include "domain/review/review.h"

#include <stdio.h>
#include <string.h>

#define ART20_1 "《中华人民共和国行政复议法》第二十条第一款"
#define ART20_2 "《中华人民共和国行政复议法》第二十条第二款"
#define ART20_3 "《中华人民共和国行政复议法》第二十条第三款"
#define ART21 "《中华人民共和国行政复议法》第二十一条"

/* A date fact: 0 absent (*d {0}), 1 present, FZ_EINVAL when malformed. */
static int date_fact(const json_t *f, const char *key, struct fz_date *d,
		     struct fz_err *err)
{
	const json_t *v = json_object_get(f, key);
	*d = (struct fz_date){ 0, 0, 0 };
	if (!v || json_is_null(v) ||
	    (json_is_string(v) && !json_string_value(v)[0]))
		return 0;
	if (!json_is_string(v) || fz_date_parse(d, json_string_value(v), NULL))
		return fz_err_set(err, FZ_EINVAL, key, "「%s」应为 YYYY-MM-DD 格式的日期",
				  key);
	return 1;
}

/* Natural days of the obstacle [from, to] that fall after start: the time
 * Art. 20(2) takes out of the period ("继续计算" from the day it ends).  The
 * caller counts only an obstacle that arose before the period ended. */
static int obstacle_days(struct fz_date start, struct fz_date from,
			 struct fz_date to)
{
	long a = fz_date_to_days(from), b = fz_date_to_days(to);
	long s = fz_date_to_days(start);
	if (a < s)
		a = s;
	return b > a ? (int)(b - a) : 0;
}

static int read_inputs(const json_t *f, struct fz_review_period *p,
		       struct fz_date *obst_from, struct fz_date *obst_to,
		       struct fz_date *told, struct fz_err *err)
{
	int rc;
	if ((rc = date_fact(f, "知道复议权利日期", told, err)) < 0 ||
	    (rc = date_fact(f, "障碍发生日期", obst_from, err)) < 0 ||
	    (rc = date_fact(f, "障碍消除日期", obst_to, err)) < 0 ||
	    (rc = date_fact(f, "行为作出日期", &p->act_on, err)) < 0)
		return rc;
	if (obst_from->y != 0 && obst_to->y != 0 &&
	    fz_date_cmp(*obst_to, *obst_from) < 0)
		return fz_err_set(err, FZ_EINVAL, "障碍消除日期",
				  "障碍消除日期不能早于障碍发生日期");
	if ((obst_from->y != 0) != (obst_to->y != 0))
		return fz_err_set(err, FZ_EINVAL, obst_from->y ? "障碍消除日期" : "障碍发生日期",
				  "正当理由须同时填写障碍发生日期和障碍消除日期（%s）", ART20_2);
	if (p->act_on.y && fz_date_cmp(p->act_on, p->known_on) > 0)
		return fz_err_set(err, FZ_EINVAL, "行为作出日期",
				  "行政行为作出日期不能晚于知道该行为之日");
	return 0;
}

/* The last day of n units (FZ_CASE_DAYS or FZ_CASE_MONTHS) after start,
 * moved off a rest day (民事诉讼法 Art. 85(3)); where the calendar does not
 * reach (an act known years ago) the day is left unmoved rather than the
 * application refused. */
static struct fz_date last_day(const struct fz_cal *cal, struct fz_date start,
			       int n, enum fz_case_unit unit, int paused)
{
	struct fz_date d;
	if (cal && !fz_case_due(cal, start, n, unit, 0, paused, &d, NULL))
		return d;
	if (unit == FZ_CASE_MONTHS)
		return fz_date_add_days(fz_date_add_months(start, n), paused);
	return fz_date_add_days(start, (long)n + paused);
}

/* Art. 20(1) and (3): where the period starts, how long it is, its cap. */
static int base_period(const struct fz_cal *cal, const json_t *f,
		       struct fz_date told, struct fz_review_period *p,
		       struct fz_err *err)
{
	const json_t *days = json_object_get(f, "法律规定的申请期限");
	int n = 60;

	if (days && (!json_is_integer(days) || json_integer_value(days) <= 60 ||
		     json_integer_value(days) > 3650))
		return fz_err_set(err, FZ_EINVAL, "法律规定的申请期限",
				  "法律规定的申请期限应为超过六十日的天数（%s）", ART20_1);
	if (days)
		n = (int)json_integer_value(days);
	p->days = n;
	p->start = p->known_on;
	p->cite = ART20_1;
	if (!json_is_false(json_object_get(f, "已告知复议权利"))) {
		p->due = last_day(cal, p->start, n, FZ_CASE_DAYS, p->paused);
		return 0;
	}
	/* not told: from learning of the right, at most 1 year from knowing
	 * the act's content */
	p->cite = ART20_3;
	if (told.y && fz_date_cmp(told, p->known_on) < 0)
		return fz_err_set(err, FZ_EINVAL, "知道复议权利日期",
				  "知道复议权利之日不能早于知道行政行为之日");
	p->due = last_day(cal, p->known_on, 12, FZ_CASE_MONTHS, p->paused);
	if (told.y) {
		struct fz_date d = last_day(cal, told, n, FZ_CASE_DAYS, p->paused);
		p->start = told;
		if (fz_date_cmp(d, p->due) < 0)
			p->due = d;
	}
	return 0;
}

int fz_review_apply_period(const struct fz_cal *cal, const json_t *facts,
			   struct fz_date received,
			   struct fz_review_period *p, struct fz_err *err)
{
	struct fz_date from, to, told;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = date_fact(facts, "知道行为日期", &p->known_on, err);
	if (rc <= 0)
		return rc;
	if (fz_date_cmp(p->known_on, received) > 0)
		return fz_err_set(err, FZ_EINVAL, "知道行为日期",
				  "知道行政行为之日不能晚于收到申请之日");
	if ((rc = read_inputs(facts, p, &from, &to, &told, err)))
		return rc;
	if ((rc = base_period(cal, facts, told, p, err)))
		return rc;
	/* only an obstacle that arose while the period ran delays it */
	if (from.y && fz_date_cmp(from, p->due) <= 0) {
		p->excused = 1;
		p->paused = obstacle_days(p->start, from, to);
		if ((rc = base_period(cal, facts, told, p, err)))
			return rc;
	}
	p->late = fz_date_cmp(received, p->due) > 0;
	/* Art. 21: the outer limit runs from the act itself and no 正当理由
	 * lengthens it; 民法典 Art. 202 for the month arithmetic, never moved
	 * (the calendar does not reach 20 years ahead) */
	if (p->act_on.y) {
		int years = json_is_true(json_object_get(facts, "涉及不动产")) ? 20 : 5;
		p->bar = fz_date_add_months(p->act_on, 12 * years);
		p->barred = fz_date_cmp(received, p->bar) > 0;
	}
	return 1;
}

/* The message a person reads about the period (buf, n bytes). */
const char *fz_review_period_text(const struct fz_review_period *p, char *buf,
				  size_t n)
{
	char due[FZ_DATE_STRLEN], bar[FZ_DATE_STRLEN];
	fz_date_format(p->due, due);
	if (p->barred)
		snprintf(buf, n, "申请超过最长申请期限（行政行为作出之日起至%s），"
			 "依照%s不予受理", fz_date_format(p->bar, bar), ART21);
	else if (p->late)
		snprintf(buf, n, "申请期限于%s届满（%s），收到申请时已超过法定申请期限；"
			 "有正当理由的请记录障碍发生和消除日期（%s），否则依照"
			 "《中华人民共和国行政复议法》第三十条第一款第四项不予受理",
			 due, p->cite, ART20_2);
	else
		snprintf(buf, n, "申请期限于%s届满（%s%s），申请在期限内提出", due,
			 p->cite, p->excused ? "；因正当理由耽误的期间已扣除，"
			 "见第二十条第二款" : "");
	return buf;
}
