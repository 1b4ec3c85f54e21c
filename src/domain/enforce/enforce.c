/* enforce.c - 行政检查 and 行政处罚 cases on engine/case: the case-type
 * tables with their statutory deadlines (2021 行政处罚法, cited row by
 * row), the 两法衔接 facts hook on engine/rules, parties, officers, and the
 * domain's checks around each step (limitation, 简易程序 limits, 法制审核,
 * discretion range, 加处罚款). */
#include "domain/enforce/enforce.h"

#include "core/buf.h"
#include "core/cite.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/mask.h"
#include "core/money.h"
#include "crypto/sm.h"
#include "domain/org/org.h"
#include "engine/actcode/actcode.h"
#include "engine/audit.h"
#include "engine/rules/rules.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define OFF (FZ_ROLE_OFFICER | FZ_ROLE_TOWN)
#define FLAG FZ_ENFORCE_TRANSFER_FLAG

/* ---- environment ---------------------------------------------------------- */

static struct fz_enforce_env env;

void fz_enforce_set_env(const struct fz_enforce_env *e)
{
	env = *e;
}

const struct fz_enforce_env *fz_enforce_env(void)
{
	return &env;
}

/* ---- money and procedure rules of 行政处罚法 ----------------------------------- */

int64_t fz_enforce_surcharge(int64_t fine, int64_t days)
{
	int64_t s;

	if (fine <= 0 || days <= 0)
		return 0;
	/* Art. 72(1)(一): 每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出
	 * 罚款的数额 (also 行政强制法 Art. 45).  34 days already reach the cap,
	 * so the multiplication below never overflows. */
	if (days >= 34)
		return fine;
	s = fine / 100 * 3 * days + fine % 100 * 3 * days / 100;
	return s > fine ? fine : s;
}

int fz_enforce_simple_allowed(int party_is_org, int64_t fine)
{
	/* Art. 51: 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款 */
	if (fine < 0)
		return 0;
	return fine <= (party_is_org ? 300000 : 20000);
}

int fz_enforce_limitation_ok(struct fz_date act_end, struct fz_date found,
			     int five_years, struct fz_err *err)
{
	struct fz_date last;

	if (!fz_date_valid(act_end))
		return fz_err_set(err, FZ_EINVAL, "act_date", "违法行为日期无效");
	if (!fz_date_valid(found))
		return fz_err_set(err, FZ_EINVAL, "discovered_on", "发现日期无效");
	/* Art. 36(1): 违法行为在二年内未被发现的，不再给予行政处罚；涉及公民
	 * 生命健康安全、金融安全且有危害后果的，上述期限延长至五年.  Art.
	 * 36(2): counted from the act, or from its end for a continuing act -
	 * so an act still going on when discovered is in time.  "Within 2
	 * years" ends on the same date two years on (the start day excluded). */
	if (fz_date_cmp(act_end, found) >= 0)
		return 1;
	last = fz_date_add_months(act_end, five_years ? 60 : 24);
	return fz_date_cmp(found, last) <= 0;
}

static int fact_true(const json_t *facts, const char *key)
{
	return json_is_true(json_object_get(facts, key));
}

int fz_enforce_first_offence(const json_t *facts)
{
	/* Art. 33(1): 违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚
	 * (shall); 初次违法且危害后果轻微并及时改正的，可以不予行政处罚 (may). */
	if (!fact_true(facts, "及时改正"))
		return 0;
	if (fact_true(facts, "无危害后果") && fact_true(facts, "违法行为轻微"))
		return 2;
	if (fact_true(facts, "首次违法") &&
	    (fact_true(facts, "危害后果轻微") || fact_true(facts, "无危害后果")))
		return 1;
	return 0;
}

/* ---- the case types -------------------------------------------------------- */

static const struct fz_case_state penalty_states[] = {
	{ "filed", "已立案", 0 },
	{ "investigating", "调查取证", 0 },
	{ "suspended", "中止调查", 0 },
	{ "reviewing", "法制审核中", 0 },
	{ "reviewed", "法制审核通过", 0 },
	{ "notified", "已告知", 0 },
	{ "hearing", "听证", 0 },
	{ "decided", "已决定", 0 },
	{ "served", "已送达", 0 },
	{ "performed", "已履行", 0 },
	{ "closed", "已结案", FZ_CASE_FINAL },
	{ "no_penalty", "不予处罚", FZ_CASE_FINAL },
	{ "transferred", "已移送", FZ_CASE_FINAL },
	{ "dropped", "撤销立案", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

static const struct fz_case_transition penalty_transitions[] = {
	{ "investigate", "开始调查取证", "filed", "investigating", OFF, NULL, NULL, NULL },
	{ "suspend", "中止调查", "investigating", "suspended", OFF, L("中止理由"), NULL, NULL },
	{ "resume", "恢复调查", "suspended", "investigating", OFF, NULL, NULL, NULL },
	/* Art. 58: 法制审核 before the decision (also after a hearing) */
	{ "submit_review", "提交法制审核", "investigating", "reviewing", OFF,
	  L("拟处罚内容"), NULL, NULL },
	{ "submit_review", "提交法制审核", "notified", "reviewing", OFF,
	  L("拟处罚内容"), NULL, NULL },
	{ "review_pass", "法制审核通过", "reviewing", "reviewed", OFF,
	  L("法制审核意见"), NULL, NULL },
	{ "review_return", "法制审核退回", "reviewing", "investigating", OFF,
	  L("退回理由"), NULL, NULL },
	/* Art. 44, 45: 告知 the intended penalty and the rights to state,
	 * defend and ask for a hearing */
	{ "notify", "告知拟处罚及陈述申辩听证权利", "investigating", "notified", OFF,
	  L("拟处罚内容", "拟罚款金额"), NULL, NULL },
	{ "notify", "告知拟处罚及陈述申辩听证权利", "reviewed", "notified", OFF,
	  L("拟处罚内容", "拟罚款金额"), NULL, NULL },
	/* Art. 45, 62: the party's 陈述、申辩, heard and recorded */
	{ "statement", "记录当事人陈述申辩", "notified", "notified", OFF,
	  L("陈述申辩", "陈述申辩日期"), NULL, NULL },
	/* Art. 62: the party may expressly waive its rights to state, defend
	 * and ask for a hearing: who, when, how */
	{ "waive", "当事人放弃陈述申辩和听证", "notified", "notified", OFF,
	  L("放弃人", "放弃日期", "放弃方式"), NULL, NULL },
	/* Art. 63, 64: a hearing asked for within 5 工作日 and noticed 7 工作日
	 * ahead (Art. 64(1)(2), Art. 85) */
	{ "request_hearing", "当事人申请听证", "notified", "hearing", OFF,
	  L("听证申请日期"), NULL, NULL },
	{ "hearing_done", "听证结束", "hearing", "notified", OFF,
	  L("听证笔录", "听证通知日期", "听证日期"), NULL, NULL },
	/* Art. 57, 59, 62 */
	{ "decide", "作出行政处罚决定", "notified", "decided", OFF,
	  L("处罚种类", "罚款金额"), NULL, NULL },
	{ "decide", "作出行政处罚决定", "reviewed", "decided", OFF,
	  L("处罚种类", "罚款金额"), NULL, NULL },
	/* Art. 51, 52: 简易程序, decided on the spot */
	{ "decide_onsite", "当场作出处罚决定（简易程序）", "filed", "decided", OFF,
	  L("处罚种类", "罚款金额"), NULL, NULL },
	/* Art. 33: 不予行政处罚 (首违不罚, no fault) */
	{ "decide_none", "作出不予行政处罚决定", "investigating", "no_penalty", OFF,
	  L("不予处罚理由"), NULL, NULL },
	{ "decide_none", "作出不予行政处罚决定", "notified", "no_penalty", OFF,
	  L("不予处罚理由"), NULL, NULL },
	{ "decide_none", "作出不予行政处罚决定", "reviewed", "no_penalty", OFF,
	  L("不予处罚理由"), NULL, NULL },
	/* Art. 61 */
	{ "serve", "送达决定书", "decided", "served", OFF, L("送达方式"), NULL, NULL },
	/* Art. 67, 72 */
	{ "perform", "履行（缴纳罚款）", "served", "performed", OFF, L("实缴金额"),
	  NULL, NULL },
	/* 以罚代刑 is barred: 国务院令第310号 Art. 11, 行政处罚法 Art. 27 */
	{ "close", "结案", "performed", "closed", OFF, NULL, L(FLAG), NULL },
	{ "drop", "撤销立案", "filed", "dropped", OFF, L("撤案理由"), L(FLAG), NULL },
	{ "drop", "撤销立案", "investigating", "dropped", OFF, L("撤案理由"), L(FLAG),
	  NULL },
	/* 国务院令第310号 Art. 3, 5: taken by fz_enforce_transfer_record only */
	{ "transfer", "移送公安机关", "*", "transferred", OFF,
	  L("移送文书号", "接收机关"), NULL, L(FLAG) },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static int ordinary(const json_t *facts)
{
	const char *p = json_string_value(json_object_get(facts, "程序"));
	return !p || strcmp(p, "简易");
}

/* Sector procedure rules that Art. 60 defers to ("法律、法规、规章另有规定
 * 的，从其规定"), by the agency's 执法系统: a case opened by such an agency
 * carries the fact 程序规则 = the rule's name, which selects its deadline
 * row below.  An agency with no rule here follows Art. 60 alone. */
#define MARKET_RULE "市场监督管理行政处罚程序规定"
static const struct proc_rule {
	const char *system; /* enf_agencies.system */
	const char *rule;   /* the fact 程序规则 */
} proc_rules[] = {
	{ "市场监管", MARKET_RULE },
};


static const char *proc_rule_of(const char *system)
{
	for (size_t i = 0; i < sizeof(proc_rules) / sizeof(proc_rules[0]); i++)
		if (!strcmp(proc_rules[i].system, system))
			return proc_rules[i].rule;
	return NULL;
}

static int rule_is(const json_t *facts, const char *rule)
{
	const char *r = json_string_value(json_object_get(facts, "程序规则"));
	return r && !strcmp(r, rule);
}

/* Art. 60 alone: an ordinary case that follows none of the sector rules
 * above (so a case always has one decision period). */
static int art60_only(const json_t *facts)
{
	for (size_t i = 0; i < sizeof(proc_rules) / sizeof(proc_rules[0]); i++)
		if (rule_is(facts, proc_rules[i].rule))
			return 0;
	return ordinary(facts);
}

static int market_rule(const json_t *facts)
{
	return ordinary(facts) && rule_is(facts, MARKET_RULE);
}

static const struct fz_case_deadline penalty_deadlines[] = {
	/* Art. 60: 自立案之日起九十日内作出行政处罚决定 (natural days, Art. 85).
	 * The law has no extension and no pause. */
	{ "decide", "作出处罚决定期限", "行政处罚法 Art. 60", L("create"), 90,
	  FZ_CASE_DAYS, NULL,
	  L("decide", "decide_none", "decide_onsite", "drop"), 0,
	  /* the roles only so that a request reads "依法不能延长" */
	  OFF | FZ_ROLE_OFFICE, art60_only },
	/* Art. 60 "规章另有规定的，从其规定": the market-regulation rule allows
	 * 30 more days with the head's approval and excludes hearing and
	 * suspension time (deadlines.md §2: S, the rule's article number is
	 * unverified - "?"). */
	{ "decide_market", "作出处罚决定期限（市场监管）",
	  "市场监督管理行政处罚程序规定 (article ?, S); 行政处罚法 Art. 60",
	  L("create"), 90, FZ_CASE_DAYS, L("hearing", "suspended"),
	  L("decide", "decide_none", "decide_onsite", "drop"), 30,
	  OFF | FZ_ROLE_OFFICE, market_rule },
	/* Art. 64(1): 告知后五日内提出 (工作日, Art. 85).  Met by the party's
	 * request or waiver; a decision or 不予处罚 after it ends it unmet
	 * ("~": the hooks refuse a decision inside the window, so it can only
	 * come once the window is over or waived). */
	{ "hearing_request", "申请听证期限", "行政处罚法 Art. 64(1), Art. 85",
	  L("notify"), 5, FZ_CASE_WORKDAYS, NULL,
	  L("request_hearing", "waive", "~decide", "~decide_none"), 0, 0, NULL },
	/* Art. 61: 当事人不在场的，七日内送达 (工作日, Art. 85) */
	{ "serve", "送达期限", "行政处罚法 Art. 61, Art. 85", L("decide"), 7,
	  FZ_CASE_WORKDAYS, NULL, L("serve"), 0, 0, NULL },
	/* Art. 67(3): 收到决定书之日起十五日内缴纳; Art. 66(2): 延期或者分期
	 * with approval, no maximum in the law (deadlines.md: "?", so the
	 * ceiling here is a generous year) */
	{ "pay", "缴纳罚款期限", "行政处罚法 Art. 67(3), Art. 66(2)", L("serve"),
	  15, FZ_CASE_DAYS, NULL, L("perform"), 365, OFF, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

static const char *crime_for(const char *violation)
{
	static const struct {
		const char *prefix, *crime;
	} map[] = {
		{ "SJ-CP-", "生产、销售伪劣产品罪" },
		{ "SJ-SP-", "生产、销售不符合安全标准的食品罪" },
		{ "HB-DQ-", "污染环境罪" },
		{ "HB-SS-", "污染环境罪" },
		{ "YJ-AQ-", "重大责任事故罪" },
	};
	for (size_t i = 0; violation && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncmp(violation, map[i].prefix, strlen(map[i].prefix)))
			return map[i].crime;
	return NULL;
}

/* The date the transfer rules are read at: the act's (刑法 Art. 12: the
 * law in force when the act was committed), or today when the case has
 * none (an inspection). */
static struct fz_date act_day(const json_t *facts)
{
	struct fz_date d;
	const char *s = json_string_value(json_object_get(facts, "违法行为日期"));
	if (s && !fz_date_parse(&d, s, NULL))
		return d;
	return fz_date_today_cn();
}

/* An offence's rules share the id up to the first dot ("T213" for
 * T213.a and T213.old.a). */
static int same_offence(const char *a, const char *b)
{
	size_t n = strcspn(a, ".");
	return n == strcspn(b, ".") && !strncmp(a, b, n);
}

/* Is some rule of the offence of id in force on day? */
static int offence_in_force(const struct fz_rules *set, const char *id,
			    struct fz_date day)
{
	char d[FZ_DATE_STRLEN];

	fz_date_format(day, d);
	for (size_t i = 0; i < fz_rules_count(set); i++) {
		const struct fz_rule_info *r = fz_rules_info(set, i);
		if (same_offence(r->id, id) && (!r->from[0] || strcmp(r->from, d) <= 0) &&
		    (!r->until[0] || strcmp(r->until, d) >= 0))
			return 1;
	}
	return 0;
}

static int fired_in(const struct fz_rules *set, const char *id,
		    const size_t *fired, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (same_offence(fz_rules_info(set, fired[i])->id, id))
			return 1;
	return 0;
}

/* 从旧兼从轻 (刑法 Art. 12(1); for the 司法解释 that set the thresholds,
 * 《最高人民法院、最高人民检察院关于适用刑事司法解释时间效力问题的规定》
 * (2001) items 2 and 3, checked against the law corpus): the thresholds in
 * force when the act was committed apply, unless today's are lighter for
 * the party; where none was in force then, today's apply.  So a rule that
 * fired at the act date counts unless today's rules of that offence are
 * in force and none of them fires; a rule that fires today counts when
 * its offence had no rule in force at the act date. */
static int counts(const struct fz_rules *set, size_t rule, int fired_at_act,
		  const size_t *now, size_t nnow, struct fz_date at,
		  struct fz_date today)
{
	const char *id = fz_rules_info(set, rule)->id;

	if (fired_at_act)
		return fired_in(set, id, now, nnow) ||
		       !offence_in_force(set, id, today);
	return !offence_in_force(set, id, at);
}

/* One flag per fired rule; the reason says which date's standard it is
 * (at_act: the act's, else today's, the act's having none). */
static int raise_transfer(struct fz_store *db, int64_t case_id,
			  const struct fz_rule_info *r, struct fz_date at,
			  int at_act, struct fz_err *err)
{
	char src[96], why[900], d[FZ_DATE_STRLEN];
	char *cite = fz_cite_dup(r->cite); /* the rule file's machine form */

	if (!cite)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	snprintf(src, sizeof(src), "rules:%s", r->id);
	snprintf(why, sizeof(why), "涉嫌犯罪，应当移送：%s（%s；%s%s的标准）",
		 r->message, cite, at_act ? "按违法行为发生时" : "行为时无相应标准，按现行",
		 at_act ? fz_date_format(at, d) : "");
	free(cite);
	return fz_case_flag_raise(db, case_id, FLAG, r->id, why, src, NULL, err);
}

/* The facts hook: the transfer rules in force at the act (罪名 from the
 * violation code unless the officer set it), one flag per fired rule. */
static int penalty_facts(struct fz_store *db, const struct fz_case_type *type,
			 int64_t case_id, const json_t *facts,
			 struct fz_err *err)
{
	struct fz_rules_row *row;
	size_t fired[32], now[32], n = 0, nn = 0;
	struct fz_date at = act_day(facts), today = fz_date_today_cn();
	const char *crime;
	json_t *f;
	int rc;

	if (!env.transfer)
		return 0;
	f = json_deep_copy(facts);
	crime = crime_for(json_string_value(json_object_get(f, "违法行为编码")));
	if (!json_object_get(f, "罪名") && crime)
		json_object_set_new(f, "罪名", json_string(crime));
	row = fz_rules_row_new(env.transfer);
	if (!row) {
		json_decref(f);
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	rc = fz_rules_row_from_json(row, f, err);
	if (!rc)
		rc = fz_rules_eval(env.transfer, row, at, fired, 32, &n, err);
	if (!rc)
		rc = fz_rules_eval(env.transfer, row, today, now, 32, &nn, err);
	n = n < 32 ? n : 32;
	nn = nn < 32 ? nn : 32;
	for (size_t i = 0; !rc && i < n; i++)
		if (counts(env.transfer, fired[i], 1, now, nn, at, today))
			rc = raise_transfer(db, case_id,
					    fz_rules_info(env.transfer, fired[i]), at, 1, err);
	for (size_t i = 0; !rc && i < nn; i++)
		if (counts(env.transfer, now[i], 0, now, nn, at, today))
			rc = raise_transfer(db, case_id,
					    fz_rules_info(env.transfer, now[i]), at, 0, err);
	fz_rules_row_free(row);
	json_decref(f);
	return rc;
}

/* ---- the penalty type's hooks (engine/case runs them around each step;
 * nothing here branches on transition names) ---- */

/* What fz_enforce_case_act and fz_enforce_transfer_record hand the hooks
 * (fz_case_hook_ctx.arg). */
struct step_arg {
	const struct fz_keys *keys; /* signs the 行政行为码 of a decision */
	int transfer_record;        /* 1: fz_enforce_transfer_record */
};

/* transfer: only with its 移送 record (文书号, 接收机关, 批准人) and the
 * follow-up case, which fz_enforce_transfer_record writes. */
static int transfer_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const struct step_arg *a = h->arg;
	if (h->imported || (a && a->transfer_record))
		return 0;
	return fz_err_set(err, FZ_EINVAL, "transition",
			  "移送须通过移送登记办理（文书号、接收机关、批准人）");
}

static int set_fact(json_t *data, const char *key, json_t *v,
		    struct fz_err *err)
{
	return json_object_set_new(data, key, v) ?
	       fz_err_set(err, FZ_ENOMEM, NULL, NULL) : 0;
}

/* A date fact, "YYYY-MM-DD": 0 and *d, or FZ_EINVAL naming the fact. */
static int fact_date(const json_t *facts, const char *key, struct fz_date *d,
		     struct fz_err *err)
{
	const char *s = json_string_value(json_object_get(facts, key));
	if (!s || fz_date_parse(d, s, NULL))
		return fz_err_set(err, FZ_EINVAL, key, "%s须为日期（YYYY-MM-DD）", key);
	return 0;
}

/* notify: the party has been told, and when (Art. 62 checks it at the
 * decision; a waiver or statement may not come before it). */
static int notify_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	int rc = set_fact(h->data, "已告知", json_true(), err);
	return rc ? rc : set_fact(h->data, "告知日期",
				  json_string(fz_date_format(h->on, d)), err);
}

/* A date given by the party's act (statement, waiver): after the 告知 and
 * not after the step that records it. */
static int party_date_ok(const struct fz_case_hook_ctx *h, const char *key,
			 struct fz_err *err)
{
	struct fz_date d, told;
	int rc = fact_date(h->facts, key, &d, err);

	if (rc)
		return rc;
	if (fz_date_cmp(d, h->on) > 0)
		return fz_err_set(err, FZ_EINVAL, key, "%s不能晚于登记之日", key);
	if (!fact_date(h->facts, "告知日期", &told, NULL) && fz_date_cmp(d, told) < 0)
		return fz_err_set(err, FZ_EINVAL, key,
				  "%s不能早于告知之日（%s）", key,
				  json_string_value(json_object_get(h->facts, "告知日期")));
	return 0;
}

/* statement: Art. 45(1): 当事人有权进行陈述和申辩，行政机关必须充分听取. */
static int statement_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return party_date_ok(h, "陈述申辩日期", err);
}

/* A waiver is the party's own (Art. 62: 当事人明确放弃陈述或者申辩权利的
 * 除外): who waived, on what day, and how - in writing, orally into the
 * record, or electronically. */
static int waiver_ok(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	static const char *const ways[] = { "书面", "口头（记入笔录）", "电子", NULL };
	const char *how = json_string_value(json_object_get(h->facts, "放弃方式"));
	const char *who = json_string_value(json_object_get(h->facts, "放弃人"));
	size_t i = 0;

	if (!who || !*who)
		return fz_err_set(err, FZ_EINVAL, "放弃人", "请填写放弃权利的当事人或其委托代理人");
	while (ways[i] && (!how || strcmp(ways[i], how)))
		i++;
	if (!ways[i])
		return fz_err_set(err, FZ_EINVAL, "放弃方式",
				  "放弃方式须为书面、口头（记入笔录）或电子");
	return party_date_ok(h, "放弃日期", err);
}

static int waive_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return set_fact(h->data, "放弃陈述申辩听证", json_true(), err);
}

/* hearing_done: a hearing was held (Art. 58(1)(二) counts it). */
static int hearing_done_prepare(const struct fz_case_hook_ctx *h,
				struct fz_err *err)
{
	return set_fact(h->data, "已听证", json_true(), err);
}

/* hearing_done: Art. 64(2): 行政机关应当在举行听证的七日前，通知当事人及
 * 有关人员听证的时间、地点 - 7 工作日 (Art. 85).  Neither the notice day
 * (民事诉讼法 Art. 85(2), deadlines.md §0) nor the hearing day counts,
 * so the hearing falls after the 7th working day following the notice:
 * the party has seven whole working days to prepare. */
static int hearing_done_before(const struct fz_case_hook_ctx *h,
			       struct fz_err *err)
{
	struct fz_date notice, held, seventh;
	char a[FZ_DATE_STRLEN], b[FZ_DATE_STRLEN];
	int rc = fact_date(h->facts, "听证通知日期", &notice, err);

	if (!rc)
		rc = fact_date(h->facts, "听证日期", &held, err);
	if (rc)
		return rc;
	if (fz_date_cmp(held, h->on) > 0)
		return fz_err_set(err, FZ_EINVAL, "听证日期", "听证日期不能晚于登记之日");
	if ((rc = fz_cal_add_workdays(h->cal, notice, 7, &seventh, err)))
		return rc;
	if (fz_date_cmp(held, seventh) <= 0)
		return fz_err_set(err, FZ_EINVAL, "听证日期",
			"听证通知（%s）距举行听证不足七个工作日，最早应于%s之后举行（《中华人民共和国行政处罚法》第六十四条第（二）项、第八十五条）",
			fz_date_format(notice, a), fz_date_format(seventh, b));
	return 0;
}

/* submit_review, review_return: a new 法制审核 is due, the old opinion
 * no longer counts. */
static int review_again_prepare(const struct fz_case_hook_ctx *h,
				struct fz_err *err)
{
	int rc = set_fact(h->data, "法制审核意见", json_null(), err);
	if (!rc)
		rc = set_fact(h->data, "法制审核日期", json_null(), err);
	return rc ? rc : set_fact(h->data, "法制审核结论", json_null(), err);
}

/* review_pass: the review passed, and when (Art. 58(2) reads it at the
 * decision). */
static int review_pass_prepare(const struct fz_case_hook_ctx *h,
			       struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	int rc = set_fact(h->data, "法制审核结论", json_string("通过"), err);
	return rc ? rc : set_fact(h->data, "法制审核日期",
				  json_string(fz_date_format(h->on, d)), err);
}

/* Art. 58(1)(二) asks for the review of a case 经过听证程序的: one passed
 * before the hearing did not see it.  Reviews recorded before 法制审核日期
 * was kept count as they are. */
static int reviewed_before_hearing(const json_t *facts)
{
	struct fz_date rev, held;
	return !fact_date(facts, "法制审核日期", &rev, NULL) &&
	       !fact_date(facts, "听证日期", &held, NULL) &&
	       fz_date_cmp(rev, held) < 0;
}

/* notify, decide: Art. 58(2): 未经法制审核或者审核未通过的，不得作出决定. */
static int reviewed_ok(const json_t *facts, struct fz_err *err)
{
	char why[768];
	const char *verdict = json_string_value(json_object_get(facts, "法制审核结论"));
	int rc = fz_enforce_art58_reason(facts, why, sizeof(why), err);

	if (rc <= 0)
		return rc;
	if (rc == FZ_ENFORCE_ART58_HEARD && reviewed_before_hearing(facts))
		return fz_err_set(err, FZ_ESTATE, "法制审核意见",
			"本案经过听证，法制审核须在听证之后进行（《中华人民共和国行政处罚法》第五十八条第一款第（二）项）");
	if (json_object_get(facts, "法制审核意见") && (!verdict || !strcmp(verdict, "通过")))
		return 0;
	return fz_err_set(err, FZ_ESTATE, "法制审核意见",
		"本案%s，须经法制审核通过方可作出决定（《中华人民共和国行政处罚法》第五十八条）",
		why);
}

static int fine_ok(const json_t *facts, struct fz_err *err)
{
	json_t *fine = json_object_get(facts, "罚款金额");
	if (!json_is_integer(fine) || json_integer_value(fine) < 0 ||
	    json_integer_value(fine) > FZ_MONEY_MAX)
		return fz_err_set(err, FZ_EINVAL, "罚款金额",
				  "罚款金额须为以分计的非负整数");
	return 0;
}

/* decide, decide_onsite: Art. 36 again at the decision - the facts may
 * have changed since 立案 (an earlier act found, the five-year condition
 * dropped).  A time-barred act is not punished: 不予处罚 and 撤案 stay
 * open.  A case opened before 发现日期 was kept (no such fact, nor the
 * five-year condition) was checked at its 立案 against the 立案 date, a
 * later day than its discovery: nothing more to check. */
static int limitation_before(const struct fz_case_hook_ctx *h,
			     struct fz_err *err)
{
	struct fz_date act, found;
	char a[FZ_DATE_STRLEN], b[FZ_DATE_STRLEN];
	int five = fact_true(h->facts, "涉及生命健康或金融安全且有危害后果"), rc;

	if (fact_date(h->facts, "违法行为日期", &act, NULL) ||
	    fact_date(h->facts, "发现日期", &found, NULL))
		return 0;
	rc = fz_enforce_limitation_ok(act, found, five, err);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0;
	return fz_err_set(err, FZ_ESTATE, "发现日期",
		"违法行为（%s）至发现之日（%s）已超过%s年，不再给予行政处罚，可以作出不予行政处罚决定或者撤销立案（《中华人民共和国行政处罚法》第三十六条）",
		fz_date_format(act, a), fz_date_format(found, b), five ? "五" : "二");
}

/* decide: Art. 44, 45, 62, 64(1).  The party may ask for a hearing within
 * 5 工作日 of the 告知 (Art. 85); a decision inside that window would cut
 * its rights short, so it needs the party's recorded waiver (who, when,
 * how), its recorded 陈述申辩, or a hearing held.  The window's end is
 * the engine's: the hearing_request deadline, from the timeline. */
static int window_ok(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	struct fz_date due;
	char d[FZ_DATE_STRLEN] = "";
	int rc;

	if (fact_true(h->facts, "已听证"))
		return 0;
	if (fact_true(h->facts, "放弃陈述申辩听证"))
		return waiver_ok(h, err);
	if (json_string_value(json_object_get(h->facts, "陈述申辩")) &&
	    !fact_date(h->facts, "陈述申辩日期", &due, NULL))
		return 0;
	rc = fz_case_deadline_due(h->db, h->cal, h->type, h->case_id,
				  "hearing_request", h->facts, &due, err);
	if (rc)
		return rc;
	if (due.y && fz_date_cmp(h->on, due) > 0)
		return 0;
	if (due.y)
		fz_date_format(due, d);
	/* err.msg holds 255 bytes: the waiver's who, when and how are the
	 * waive step's required fields, the form names them */
	return fz_err_set(err, FZ_ESTATE, "听证申请期限",
		"告知后五个工作日内（%s%s）可要求听证；期满前决定须有当事人放弃权利或陈述申辩的记录（《中华人民共和国行政处罚法》第六十二条、第六十四条第（一）项）",
		d[0] ? "至" : "期满日无法计算", d);
}

static int notify_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return reviewed_ok(h->facts, err);
}

static int waive_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return waiver_ok(h, err);
}

static int decide_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	int rc = limitation_before(h, err);
	if (rc)
		return rc;
	if (!fact_true(h->facts, "已告知"))
		/* Art. 62: 未告知 … 不得作出行政处罚决定 */
		return fz_err_set(err, FZ_ESTATE, "已告知",
				  "未履行告知义务的，不得作出行政处罚决定（《中华人民共和国行政处罚法》第六十二条）");
	if ((rc = window_ok(h, err)) || (rc = reviewed_ok(h->facts, err)))
		return rc;
	return fine_ok(h->facts, err);
}

static int onsite_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const char *kind = json_string_value(json_object_get(h->facts, "当事人类型"));
	json_t *fine = json_object_get(h->facts, "罚款金额");
	int rc;
	if (ordinary(h->facts))
		return fz_err_set(err, FZ_ESTATE, "程序",
				  "只有适用简易程序的案件可以当场作出决定");
	if ((rc = limitation_before(h, err)))
		return rc;
	if (!json_is_integer(fine) ||
	    !fz_enforce_simple_allowed(kind && !strcmp(kind, "org"),
				       json_integer_value(fine)))
		return fz_err_set(err, FZ_EINVAL, "罚款金额",
			"简易程序限于对公民处200元以下、对法人或者其他组织处3000元以下罚款或者警告（《中华人民共和国行政处罚法》第五十一条）");
	return fine_ok(h->facts, err);
}

/* Facts one step records and nothing else may set - no other step's
 * data, no facts edit, no 立案: otherwise "已听证": true in a decision's
 * data would pass the hearing window (Art. 62, 64) and a 法制审核意见 the
 * review (Art. 58).  by: the step, or NULL (set at 立案 by the domain). */
static const struct recorded {
	const char *key, *by;
} recorded[] = {
	{ "已告知", "notify" }, { "告知日期", "notify" },
	{ "陈述申辩", "statement" }, { "陈述申辩日期", "statement" },
	{ "放弃陈述申辩听证", "waive" }, { "放弃人", "waive" },
	{ "放弃日期", "waive" }, { "放弃方式", "waive" },
	{ "已听证", "hearing_done" }, { "听证通知日期", "hearing_done" },
	{ "听证日期", "hearing_done" },
	{ "法制审核意见", "review_pass" }, { "法制审核结论", "review_pass" },
	{ "法制审核日期", "review_pass" },
	{ "程序规则", NULL }, { "执法系统", NULL },
};

int fz_enforce_facts_check(const char *transition, const json_t *data,
			   struct fz_err *err)
{
	for (size_t i = 0; i < sizeof(recorded) / sizeof(recorded[0]); i++) {
		const struct recorded *r = &recorded[i];
		json_t *v = json_object_get(data, r->key);
		const struct fz_case_transition *t;
		if (!v || json_is_null(v) || (transition && r->by && !strcmp(r->by, transition)))
			continue;
		t = r->by ? fz_case_transition_find(&fz_enforce_penalty_type, r->by) : NULL;
		return fz_err_set(err, FZ_EINVAL, r->key, "「%s」只能由“%s”记录", r->key,
				  t ? t->name : "立案时的执法主体");
	}
	return 0;
}

/* every step (before: after the state check, so a step from the wrong
 * state still reads "not allowed here") */
static int recorded_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	return fz_enforce_facts_check(h->transition, h->data, err);
}

/* defined with the cases below: they read and write enf_cases */
static int decide_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int perform_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int decided_after(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int no_penalty_after(const struct fz_case_hook_ctx *h, struct fz_err *err);
static int performed_after(const struct fz_case_hook_ctx *h, struct fz_err *err);

static const struct fz_case_hook penalty_hooks[] = {
	/* key, prepare, before, after */
	{ "*", NULL, recorded_before, NULL },
	{ "transfer", transfer_prepare, NULL, NULL },
	{ "submit_review", review_again_prepare, NULL, NULL },
	{ "review_return", review_again_prepare, NULL, NULL },
	{ "review_pass", review_pass_prepare, NULL, NULL },
	{ "notify", notify_prepare, notify_before, NULL },
	{ "statement", NULL, statement_before, NULL },
	{ "waive", waive_prepare, waive_before, NULL },
	{ "hearing_done", hearing_done_prepare, hearing_done_before, NULL },
	{ "decide", decide_prepare, decide_before, decided_after },
	{ "decide_onsite", NULL, onsite_before, decided_after },
	{ "decide_none", NULL, NULL, no_penalty_after },
	{ "perform", perform_prepare, NULL, performed_after },
	{ NULL, NULL, NULL, NULL }
};

const struct fz_case_type fz_enforce_penalty_type = {
	"enforce.penalty", "行政处罚案件", "{prefix}〔{year}〕{seq}号",
	penalty_states, penalty_transitions, penalty_deadlines,
	OFF, OFF, OFF, penalty_facts, NULL, penalty_hooks
};

static const struct fz_case_state inspection_states[] = {
	{ "inspecting", "检查中", 0 },
	{ "rectifying", "责令整改", 0 },
	{ "passed", "检查完毕", FZ_CASE_FINAL },
	{ "referred", "转立案查处", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

static const struct fz_case_transition inspection_transitions[] = {
	{ "finish", "检查完毕（未发现问题）", "inspecting", "passed", OFF,
	  L("检查结果"), NULL, NULL },
	/* 行政处罚法 Art. 28(1): 责令当事人改正或者限期改正违法行为 */
	{ "order", "责令限期整改", "inspecting", "rectifying", OFF, L("整改要求"),
	  NULL, NULL },
	{ "recheck", "复查合格", "rectifying", "passed", OFF, L("复查结果"), NULL, NULL },
	/* Art. 54(2): 符合立案标准的，应当及时立案 */
	{ "refer", "转立案查处", "inspecting", "referred", OFF, L("转立案理由"),
	  NULL, NULL },
	{ "refer", "转立案查处", "rectifying", "referred", OFF, L("转立案理由"),
	  NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static const struct fz_case_deadline inspection_deadlines[] = {
	/* No statute fixes a 整改 period; the district's inspection practice
	 * re-checks within 15 days of the order (not statutory). */
	{ "recheck", "整改复查期限", "本区行政检查工作规范（非法定期限）", L("order"),
	  15, FZ_CASE_DAYS, NULL, L("recheck", "refer"), 15, OFF, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

const struct fz_case_type fz_enforce_inspection_type = {
	"enforce.inspection", "行政检查", "{prefix}〔{year}〕{seq}号",
	inspection_states, inspection_transitions, inspection_deadlines,
	OFF, OFF, OFF, NULL, NULL
};

/* The transfer follow-up (国务院令第310号, 2020): opened when the case is
 * sent; the police's and the agency's periods run on it. */
static const struct fz_case_state transfer_states[] = {
	{ "sent", "已移送待公安审查", 0 },
	{ "police_filed", "公安机关已立案", 0 },
	{ "police_declined", "公安机关不予立案", 0 },
	{ "handed_over", "已移交涉案物品材料", FZ_CASE_FINAL },
	{ "challenged", "已提请复议或立案监督", FZ_CASE_FINAL },
	{ "taken_back", "依法作行政处理", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

static const struct fz_case_transition transfer_transitions[] = {
	{ "police_file", "公安机关立案", "sent", "police_filed", OFF,
	  L("立案通知书号"), NULL, NULL },
	{ "police_decline", "公安机关不予立案", "sent", "police_declined", OFF,
	  L("不予立案理由"), NULL, NULL },
	{ "handover", "移交涉案物品和材料", "police_filed", "handed_over", OFF, NULL,
	  NULL, NULL },
	{ "challenge", "提请复议或者立案监督", "police_declined", "challenged", OFF,
	  L("复议或监督"), NULL, NULL },
	{ "take_back", "依法作行政处理", "police_declined", "taken_back", OFF, NULL,
	  NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static const struct fz_case_deadline transfer_deadlines[] = {
	/* Art. 8: 公安机关自接受移送之日起3日内审查决定是否立案 (the 规定 does
	 * not say working days: natural days, thresholds.md §1) */
	{ "police", "公安机关审查期限", "国务院令第310号 Art. 8", L("create"), 3,
	  FZ_CASE_DAYS, NULL, L("police_file", "police_decline"), 0, 0, NULL },
	/* Art. 12: 立案通知书送达之日起3日内移交涉案物品和材料 */
	{ "handover", "移交期限", "国务院令第310号 Art. 12", L("police_file"), 3,
	  FZ_CASE_DAYS, NULL, L("handover"), 0, 0, NULL },
	/* Art. 9(1): 不予立案通知书送达之日起3日内提请复议或者立案监督 */
	{ "challenge", "提请复议或立案监督期限", "国务院令第310号 Art. 9(1)",
	  L("police_decline"), 3, FZ_CASE_DAYS, NULL,
	  L("challenge", "take_back"), 0, 0, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

const struct fz_case_type fz_enforce_transfer_type = {
	"enforce.transfer", "涉嫌犯罪案件移送", "{prefix}〔{year}〕{seq}号",
	transfer_states, transfer_transitions, transfer_deadlines,
	OFF, OFF, OFF, NULL, NULL
};

/* ---- schema ---------------------------------------------------------------- */

const struct fz_migration fz_enforce_migrations[] = {
	{ "enforce", 1,
	  "CREATE TABLE enf_agencies ("
	  " unit_id INTEGER PRIMARY KEY,"
	  " code TEXT NOT NULL UNIQUE,"       /* 行政行为码 agency letters */
	  " prefix TEXT NOT NULL,"            /* 柯综执: + 罚/检/移 */
	  " short_name TEXT NOT NULL,"
	  " discretion TEXT NOT NULL DEFAULT '');"
	  "CREATE TABLE enf_parties ("
	  " id INTEGER PRIMARY KEY,"
	  " kind TEXT NOT NULL CHECK (kind IN ('person','org')),"
	  " name TEXT NOT NULL,"
	  " id_sealed TEXT NOT NULL,"         /* SM4 (persons) or the 信用代码 */
	  " id_index TEXT NOT NULL UNIQUE,"   /* blind index / 信用代码 */
	  " id_masked TEXT NOT NULL,"
	  " address TEXT NOT NULL,"
	  " rep TEXT NOT NULL DEFAULT '',"
	  " created_at TEXT NOT NULL);"
	  "CREATE TABLE enf_officers ("
	  " id INTEGER PRIMARY KEY,"
	  " unit_id INTEGER NOT NULL,"
	  " user_id INTEGER,"
	  " name TEXT NOT NULL,"
	  " cert TEXT NOT NULL UNIQUE,"       /* 执法证号 */
	  " active INTEGER NOT NULL DEFAULT 1);"
	  "CREATE TABLE enf_cases ("
	  " case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	  " kind TEXT NOT NULL,"
	  " unit_id INTEGER NOT NULL,"
	  " party_id INTEGER REFERENCES enf_parties(id),"
	  " violation TEXT NOT NULL DEFAULT '',"
	  " procedure TEXT NOT NULL DEFAULT '普通',"
	  " rec_min INTEGER, rec_max INTEGER,"
	  " fine INTEGER,"
	  " outside_range INTEGER NOT NULL DEFAULT 0,"
	  " outside_reason TEXT NOT NULL DEFAULT '',"
	  " decided_on TEXT, paid_on TEXT,"
	  " surcharge INTEGER NOT NULL DEFAULT 0);"
	  "CREATE INDEX enf_cases_unit ON enf_cases(unit_id);"
	  "CREATE TABLE enf_case_officers ("
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " officer_id INTEGER NOT NULL REFERENCES enf_officers(id),"
	  " PRIMARY KEY (case_id, officer_id));"
	  "CREATE TABLE enf_acts ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " type INTEGER NOT NULL,"
	  " unit_id INTEGER NOT NULL,"
	  " agency TEXT NOT NULL,"
	  " act_date TEXT NOT NULL,"
	  " token TEXT NOT NULL UNIQUE,"
	  " issued_at TEXT NOT NULL);"
	  "CREATE INDEX enf_acts_case ON enf_acts(case_id);"
	  "CREATE TABLE enf_revoked_codes ("
	  " act_id INTEGER PRIMARY KEY REFERENCES enf_acts(id),"
	  " token TEXT NOT NULL UNIQUE,"
	  " reason TEXT NOT NULL,"
	  " revoked_by TEXT NOT NULL,"
	  " revoked_at TEXT NOT NULL);"
	  "CREATE TABLE enf_ratings ("
	  " act_id INTEGER PRIMARY KEY REFERENCES enf_acts(id),"
	  " rating TEXT NOT NULL CHECK (rating IN ('满意','基本满意','不满意')),"
	  " comment TEXT NOT NULL,"
	  " ip TEXT NOT NULL,"
	  " rated_at TEXT NOT NULL);"
	  /* scans and ratings per agency and day: the indicators read this */
	  "CREATE TABLE enf_code_stats ("
	  " unit_id INTEGER NOT NULL,"
	  " day TEXT NOT NULL,"
	  " scans INTEGER NOT NULL DEFAULT 0,"
	  " ratings INTEGER NOT NULL DEFAULT 0,"
	  " satisfied INTEGER NOT NULL DEFAULT 0,"
	  " basic INTEGER NOT NULL DEFAULT 0,"
	  " unsatisfied INTEGER NOT NULL DEFAULT 0,"
	  " PRIMARY KEY (unit_id, day));"
	  "CREATE TABLE enf_transfers ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " kind TEXT NOT NULL CHECK (kind IN ('transfer','no_transfer')),"
	  " doc_no TEXT NOT NULL DEFAULT '',"
	  " police TEXT NOT NULL DEFAULT '',"
	  " approver TEXT NOT NULL,"
	  " reason TEXT NOT NULL DEFAULT '',"
	  " on_date TEXT NOT NULL,"
	  " follow_case_id INTEGER,"
	  " actor TEXT NOT NULL,"
	  " created_at TEXT NOT NULL);"
	  "CREATE TABLE enf_reviews ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " unit_id INTEGER NOT NULL,"
	  " reviewer TEXT NOT NULL,"
	  " score INTEGER NOT NULL,"
	  " max_score INTEGER NOT NULL,"
	  " items TEXT NOT NULL,"
	  " reviewed_on TEXT NOT NULL,"
	  " UNIQUE (case_id, reviewer));"
	  "CREATE TABLE enf_findings ("
	  " id INTEGER PRIMARY KEY,"
	  " review_id INTEGER NOT NULL REFERENCES enf_reviews(id),"
	  " unit_id INTEGER NOT NULL,"
	  " case_id INTEGER NOT NULL,"
	  " item TEXT NOT NULL,"
	  " text TEXT NOT NULL,"
	  " status TEXT NOT NULL DEFAULT 'open',"
	  " created_on TEXT NOT NULL)" },
	/* 评查 findings get the item key, the points lost, and their
	 * close-out by the agency (整改情况, who, when). */
	{ "enforce", 2,
	  "ALTER TABLE enf_findings ADD COLUMN item_key TEXT NOT NULL DEFAULT '';"
	  "ALTER TABLE enf_findings ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE enf_findings ADD COLUMN response TEXT NOT NULL DEFAULT '';"
	  "ALTER TABLE enf_findings ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';"
	  "ALTER TABLE enf_findings ADD COLUMN closed_on TEXT;"
	  "CREATE INDEX enf_findings_unit ON enf_findings(unit_id, status);"
	  "CREATE INDEX enf_findings_case ON enf_findings(case_id)" },
	/* The agency's 执法系统: it selects the sector procedure rule of its
	 * new cases (Art. 60) and its 法制审核目录 (Art. 58). */
	{ "enforce", 3,
	  "ALTER TABLE enf_agencies ADD COLUMN system TEXT NOT NULL DEFAULT ''" },
	{ NULL, 0, NULL }
};

/* ---- parties, officers, agencies ------------------------------------------- */

int fz_enforce_party_add(struct fz_store *db, const struct fz_keys *keys,
			 const struct fz_enforce_party *p, int64_t *id,
			 struct fz_err *err)
{
	char norm[FZ_IDCARD_LEN > FZ_USCC_LEN ? FZ_IDCARD_LEN : FZ_USCC_LEN];
	char idx[FZ_SM3_HEX_LEN + 1], masked[64], at[FZ_ISO_LEN];
	struct fz_buf sealed = FZ_BUF_INIT;
	int person, rc;
	int64_t found;

	if (!p->kind || (strcmp(p->kind, "person") && strcmp(p->kind, "org")))
		return fz_err_set(err, FZ_EINVAL, "kind", "当事人类型须为自然人或单位");
	person = !strcmp(p->kind, "person");
	if (!p->name || !*p->name || strlen(p->name) > 200)
		return fz_err_set(err, FZ_EINVAL, "name", "请填写当事人名称");
	if (!p->address || !*p->address || strlen(p->address) > 400)
		/* Art. 59(1): the decision names the party's address */
		return fz_err_set(err, FZ_EINVAL, "address", "请填写当事人住所（地址）");
	if (person) {
		if ((rc = fz_ident_idcard(p->id_number ? p->id_number : "", norm, err)))
			return rc;
		fz_mask_id_staff(norm, masked, sizeof(masked));
		if (fz_blind_index(keys, norm, idx))
			return fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
		if ((rc = fz_sm4_seal(keys, norm, strlen(norm), &sealed, err)))
			return rc;
	} else {
		if ((rc = fz_ident_uscc(p->id_number ? p->id_number : "", norm, err)))
			return rc;
		/* A 信用代码 is public registry data, kept whole. */
		snprintf(masked, sizeof(masked), "%s", norm);
		snprintf(idx, sizeof(idx), "uscc:%s", norm);
		fz_buf_adds(&sealed, norm);
	}
	rc = fz_store_int(db, &found, err, "SELECT id FROM enf_parties WHERE id_index = ?",
			  "t", idx);
	if (rc == 1) {
		*id = found;
		fz_buf_release(&sealed);
		return 0;
	}
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO enf_parties (kind, name, id_sealed, id_index,"
			" id_masked, address, rep, created_at) VALUES (?,?,?,?,?,?,?,?)",
			"tttttttt", p->kind, p->name, sealed.data, idx, masked,
			p->address, p->rep ? p->rep : "", at);
	fz_buf_release(&sealed);
	if (!rc)
		*id = fz_store_last_id(db);
	return rc < 0 ? rc : 0;
}

int fz_enforce_officer_add(struct fz_store *db, int64_t unit_id,
			   int64_t user_id, const char *name, const char *cert,
			   int64_t *id, struct fz_err *err)
{
	size_t n = cert ? strlen(cert) : 0;
	int rc;

	if (!name || !*name || strlen(name) > 64)
		return fz_err_set(err, FZ_EINVAL, "name", "请填写执法人员姓名");
	/* 执法证号: Zhejiang prints e.g. 浙A0012345; we accept 6-24 bytes of
	 * letters, digits and the province character, no spaces. */
	if (n < 6 || n > 24 || strpbrk(cert, " \t\r\n,;\"'"))
		return fz_err_set(err, FZ_EINVAL, "cert", "执法证号格式不正确");
	if (user_id)
		rc = fz_store_run(db, err,
			"INSERT INTO enf_officers (unit_id, user_id, name, cert)"
			" VALUES (?,?,?,?)", "IItt", unit_id, user_id, name, cert);
	else
		rc = fz_store_run(db, err,
			"INSERT INTO enf_officers (unit_id, user_id, name, cert)"
			" VALUES (?,?,?,?)", "Intt", unit_id, name, cert);
	if (rc == FZ_ECONFLICT)
		return fz_err_set(err, FZ_ECONFLICT, "cert", "执法证号 %s 已登记", cert);
	if (!rc)
		*id = fz_store_last_id(db);
	return rc;
}

int fz_enforce_agency_set(struct fz_store *db, int64_t unit_id,
			  const char *code, const char *prefix,
			  const char *short_name, struct fz_err *err)
{
	if (!code || !*code || strlen(code) > FZ_ACTCODE_AGENCY_MAX ||
	    strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(code))
		return fz_err_set(err, FZ_EINVAL, "code",
				  "行政行为码机关代码须为1至12位大写字母或数字");
	if (!prefix || !*prefix || strlen(prefix) > 60)
		return fz_err_set(err, FZ_EINVAL, "prefix", "请填写文号机关代字");
	return fz_store_run(db, err,
		"INSERT INTO enf_agencies (unit_id, code, prefix, short_name, discretion)"
		" VALUES (?,?,?,?,'') ON CONFLICT (unit_id) DO UPDATE SET"
		" code = excluded.code, prefix = excluded.prefix,"
		" short_name = excluded.short_name",
		"Ittt", unit_id, code, prefix, short_name ? short_name : "");
}

int fz_enforce_agency_system_set(struct fz_store *db, int64_t unit_id,
				 const char *system, struct fz_err *err)
{
	size_t i = 0;
	int64_t n = 0;
	int rc;

	while (fz_enforce_systems[i] && (!system || strcmp(fz_enforce_systems[i], system)))
		i++;
	if (!fz_enforce_systems[i] && (!system || *system))
		return fz_err_set(err, FZ_EINVAL, "system",
				  "执法系统须为市场监管、生态环境、应急管理、综合执法之一或空");
	rc = fz_store_run(db, err, "UPDATE enf_agencies SET system = ? WHERE unit_id = ?",
			  "tI", system, unit_id);
	if (!rc && fz_store_int(db, &n, err, "SELECT COUNT(*) FROM enf_agencies"
				" WHERE unit_id = ?", "I", unit_id) == 1 && !n)
		return fz_err_set(err, FZ_ENOTFOUND, "unit_id", "该单位未登记为执法主体");
	return rc;
}

/* ---- cases ----------------------------------------------------------------- */

struct agency {
	char code[FZ_ACTCODE_AGENCY_MAX + 1];
	char prefix[64];
	char name[128];
	char system[32];  /* 执法系统, "" for none */
};

static int agency_get(struct fz_store *db, int64_t unit_id, struct agency *a,
		      struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT code, prefix, short_name, system FROM enf_agencies WHERE unit_id = ?",
		"I", unit_id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		snprintf(a->code, sizeof(a->code), "%s", fz_stmt_text(st, 0));
		snprintf(a->prefix, sizeof(a->prefix), "%s", fz_stmt_text(st, 1));
		snprintf(a->name, sizeof(a->name), "%s", fz_stmt_text(st, 2));
		snprintf(a->system, sizeof(a->system), "%s", fz_stmt_text(st, 3));
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_EINVAL, "unit_id",
				  "该单位未登记为执法主体（行政行为码代码、文号代字）");
	return rc < 0 ? rc : 0;
}

static int unit_path(struct fz_store *db, int64_t unit_id, char *out,
		     size_t n, struct fz_err *err)
{
	struct fz_unit_info u;
	int rc = fz_org_unit_get(db, unit_id, &u, err);

	if (rc == FZ_ENOTFOUND)
		return fz_err_set(err, FZ_ENOTFOUND, "unit_id", "单位不存在");
	if (!rc)
		snprintf(out, n, "%s", u.path);
	return rc;
}

static int officer_ok(struct fz_store *db, int64_t officer, int64_t unit_id,
		      struct fz_err *err)
{
	int64_t u;
	int rc = fz_store_int(db, &u, err,
		"SELECT unit_id FROM enf_officers WHERE id = ? AND active = 1", "I",
		officer);
	if (rc < 0)
		return rc;
	if (rc == 0 || u != unit_id)
		return fz_err_set(err, FZ_EINVAL, "officers",
				  "执法人员须为本机关持有执法证件的在岗人员");
	return 0;
}

static int party_kind(struct fz_store *db, int64_t party, char *kind,
		      char *name, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT kind, name FROM enf_parties WHERE id = ?", "I", party);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		snprintf(kind, 8, "%s", fz_stmt_text(st, 0));
		snprintf(name, 256, "%s", fz_stmt_text(st, 1));
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_EINVAL, "party_id", "当事人不存在");
	return rc < 0 ? rc : 0;
}

static int open_checks(struct fz_store *db,
		       const struct fz_enforce_case_new *nc, int penalty,
		       struct fz_date opened, struct fz_err *err)
{
	int rc;

	/* Art. 42: 执法人员不得少于两人 */
	if (nc->officers[0] <= 0 || nc->officers[1] <= 0 ||
	    nc->officers[0] == nc->officers[1])
		return fz_err_set(err, FZ_EINVAL, "officers",
				  "执法人员不得少于两人（《中华人民共和国行政处罚法》第四十二条）");
	for (int i = 0; i < 2; i++)
		if ((rc = officer_ok(db, nc->officers[i], nc->unit_id, err)))
			return rc;
	if (nc->violation && *nc->violation && env.discretion) {
		json_t *tmp = NULL;
		json_t *none = json_object();
		struct fz_err e2 = FZ_ERR_INIT;
		rc = fz_enforce_discretion_compute(env.discretion, nc->violation,
						   none, &tmp, &e2);
		json_decref(none);
		json_decref(tmp);
		if (rc == FZ_ENOTFOUND)
			return fz_err_set(err, FZ_EINVAL, "violation",
					  "裁量基准中没有违法行为编码 %s", nc->violation);
	}
	if (!penalty)
		return 0;
	if (!fz_date_valid(nc->act_date))
		return fz_err_set(err, FZ_EINVAL, "act_date",
				  "立案须填写违法行为发生（终了）日期，以审查追责时效");
	if (fz_date_cmp(nc->act_date, opened) > 0)
		return fz_err_set(err, FZ_EINVAL, "act_date", "违法行为日期晚于立案日期");
	if (nc->discovered.y && (!fz_date_valid(nc->discovered) ||
				 fz_date_cmp(nc->discovered, opened) > 0))
		return fz_err_set(err, FZ_EINVAL, "discovered_on",
				  "发现日期须为有效日期且不晚于立案日期");
	/* Art. 36 runs from the act to its discovery; 立案 standards ask for
	 * a punishable act, so a time-barred one is not filed.  The decision
	 * checks again (limitation_before) on the facts as they then are. */
	rc = fz_enforce_limitation_ok(nc->act_date,
				      nc->discovered.y ? nc->discovered : opened,
				      nc->five_years, err);
	if (rc < 0)
		return rc;
	if (!rc)
		return fz_err_set(err, FZ_EINVAL, "act_date",
			"违法行为在%s年内未被发现，已超过追责时效，不再给予行政处罚（《中华人民共和国行政处罚法》第三十六条）",
			nc->five_years ? "五" : "二");
	return 0;
}

/* A new case as fz_enforce_case_open and fz_enforce_case_import write it:
 * checked, its facts and number prefix built, and (created) its
 * enf_cases row, officers and, for an inspection, its code - one
 * function for both, so an imported case starts as a live one does. */
struct opening {
	const struct fz_enforce_case_new *nc;
	const struct fz_keys *keys;
	const struct fz_case_type *type;
	int penalty;
	const char *proc;
	struct fz_date opened;
	char path[256], prefix[80];
	json_t *facts;          /* the initial facts (ours: json_decref) */
};

/* The facts a penalty case starts with for the checks of later steps:
 * the act and discovery dates and the five-year condition (Art. 36), and
 * the sector procedure rule its agency follows (Art. 60). */
static void penalty_facts_init(json_t *facts, const struct fz_enforce_case_new *nc,
			       struct fz_date opened, const char *system)
{
	char d[FZ_DATE_STRLEN];
	const char *rule = proc_rule_of(system);

	json_object_set_new(facts, "违法行为日期",
			    json_string(fz_date_format(nc->act_date, d)));
	json_object_set_new(facts, "发现日期", json_string(fz_date_format(
		nc->discovered.y ? nc->discovered : opened, d)));
	json_object_set_new(facts, "涉及生命健康或金融安全且有危害后果",
			    json_boolean(nc->five_years));
	if (rule)
		json_object_set_new(facts, "程序规则", json_string(rule));
}

static int opening_prepare(struct fz_store *db, const struct fz_keys *keys,
			   const struct fz_enforce_case_new *nc,
			   struct opening *o, struct fz_err *err)
{
	char kind[8] = "", pname[256] = "";
	struct agency ag;
	int rc;

	memset(o, 0, sizeof(*o));
	o->nc = nc;
	o->keys = keys;
	o->penalty = nc->kind && !strcmp(nc->kind, "penalty");
	o->type = o->penalty ? &fz_enforce_penalty_type : &fz_enforce_inspection_type;
	o->opened = nc->opened.y ? nc->opened : fz_date_today_cn();
	o->proc = nc->procedure && *nc->procedure ? nc->procedure : "普通";
	if (!o->penalty && (!nc->kind || strcmp(nc->kind, "inspection")))
		return fz_err_set(err, FZ_EINVAL, "kind", "案件类别须为行政处罚或行政检查");
	if (strcmp(o->proc, "普通") && strcmp(o->proc, "简易"))
		return fz_err_set(err, FZ_EINVAL, "procedure", "程序须为普通或简易");
	rc = agency_get(db, nc->unit_id, &ag, err);
	if (!rc)
		rc = unit_path(db, nc->unit_id, o->path, sizeof(o->path), err);
	if (!rc)
		rc = party_kind(db, nc->party_id, kind, pname, err);
	if (!rc)
		rc = open_checks(db, nc, o->penalty, o->opened, err);
	if (rc)
		return rc;
	if (nc->facts && (rc = fz_enforce_facts_check(NULL, nc->facts, err)))
		return rc;
	o->facts = nc->facts && json_is_object(nc->facts) ?
		   json_deep_copy(nc->facts) : json_object();
	if (!o->facts)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	json_object_set_new(o->facts, "当事人", json_string(pname));
	json_object_set_new(o->facts, "当事人类型", json_string(kind));
	json_object_set_new(o->facts, "程序", json_string(o->proc));
	if (nc->violation && *nc->violation)
		json_object_set_new(o->facts, "违法行为编码", json_string(nc->violation));
	if (ag.system[0])
		json_object_set_new(o->facts, "执法系统", json_string(ag.system));
	if (o->penalty)
		penalty_facts_init(o->facts, nc, o->opened, ag.system);
	snprintf(o->prefix, sizeof(o->prefix), "%s%s", ag.prefix,
		 o->penalty ? "罚" : "检");
	return 0;
}

/* fz_case_new.created: the enf_cases row the steps' hooks update. */
static int opening_created(struct fz_store *db, int64_t id, const char *number,
			   void *arg, struct fz_err *err)
{
	const struct opening *o = arg;
	const struct fz_enforce_case_new *nc = o->nc;
	int rc;

	(void)number;
	rc = fz_store_run(db, err,
		"INSERT INTO enf_cases (case_id, kind, unit_id, party_id, violation,"
		" procedure) VALUES (?,?,?,?,?,?)", "ItIItt", id,
		o->penalty ? "penalty" : "inspection", nc->unit_id, nc->party_id,
		nc->violation ? nc->violation : "", o->proc);
	for (int i = 0; !rc && i < 2; i++)
		rc = fz_store_run(db, err,
			"INSERT INTO enf_case_officers (case_id, officer_id) VALUES (?,?)",
			"II", id, nc->officers[i]);
	/* Every inspection carries its code from the start (issue 3). */
	if (!rc && !o->penalty) {
		char token[FZ_ACTCODE_TEXT_MAX + 1];
		int64_t act;
		rc = fz_enforce_code_issue(db, o->keys, id, FZ_ACT_INSPECTION,
					   o->opened, &act, token, err);
	}
	return rc;
}

int fz_enforce_case_open(struct fz_store *db, const struct fz_keys *keys,
			 const struct fz_case_actor *actor,
			 const struct fz_enforce_case_new *nc, int64_t *id,
			 char number[FZ_CASE_NUMBER_LEN], struct fz_err *err)
{
	struct opening o;
	int own = !fz_store_in_tx(db), rc;

	if (own && (rc = fz_store_begin(db, err)))
		return rc;
	rc = opening_prepare(db, keys, nc, &o, err);
	if (!rc) {
		struct fz_case_new cn = { nc->unit_id, o.path, nc->title, o.prefix,
					  o.opened, o.facts, NULL, opening_created,
					  &o };
		rc = fz_case_create(db, env.cal, o.type, actor, &cn, id, number, err);
	}
	json_decref(o.facts);
	return fz_store_end(db, own, rc, err);
}

struct ecase {
	char kind[16];
	int64_t unit_id;
	char violation[32];
};

static int ecase_get(struct fz_store *db, int64_t id, struct ecase *c,
		     struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT kind, unit_id, violation FROM enf_cases WHERE case_id = ?",
		"I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		snprintf(c->kind, sizeof(c->kind), "%s", fz_stmt_text(st, 0));
		c->unit_id = fz_stmt_int(st, 1);
		snprintf(c->violation, sizeof(c->violation), "%s", fz_stmt_text(st, 2));
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	return rc < 0 ? rc : 0;
}

const struct fz_case_type *fz_enforce_type_of(const char *kind);
const struct fz_case_type *fz_enforce_type_of(const char *kind)
{
	if (!strcmp(kind, "penalty"))
		return &fz_enforce_penalty_type;
	if (!strcmp(kind, "inspection"))
		return &fz_enforce_inspection_type;
	return &fz_enforce_transfer_type;
}

/* decide: the discretion range, and the reason a fine outside it needs. */
static int decide_discretion(struct fz_store *db, int64_t id,
			     const struct ecase *ec, const json_t *merged,
			     json_t *data, struct fz_err *err)
{
	json_t *rec = NULL;
	int64_t fine = json_integer_value(json_object_get(merged, "罚款金额"));
	int64_t lo, hi;
	const char *why = json_string_value(json_object_get(merged, "裁量说明"));
	int outside, rc;

	if (!ec->violation[0] || !env.discretion)
		return 0;
	rc = fz_enforce_discretion_compute(env.discretion, ec->violation, merged,
					   &rec, err);
	if (rc)
		return rc;
	lo = json_integer_value(json_object_get(json_object_get(rec, "recommended"), "min"));
	hi = json_integer_value(json_object_get(json_object_get(rec, "recommended"), "max"));
	outside = fine < lo || fine > hi ||
		  !strcmp(json_string_value(json_object_get(json_object_get(rec, "row"),
					    "method")), "none");
	if (outside && (!why || !*why)) {
		char a[FZ_MONEY_STRLEN], b[FZ_MONEY_STRLEN];
		json_decref(rec);
		return fz_err_set(err, FZ_EINVAL, "裁量说明",
			"罚款金额超出裁量基准建议幅度（%s元至%s元），须写明裁量说明",
			fz_money_format(lo, a), fz_money_format(hi, b));
	}
	json_object_set(data, "裁量结果", json_object_get(rec, "explanation"));
	json_object_set(data, "处罚依据", json_object_get(rec, "basis"));
	json_object_set_new(data, "违反条款", json_string(json_string_value(
		json_object_get(json_object_get(rec, "row"), "violated"))));
	rc = fz_store_run(db, err,
		"UPDATE enf_cases SET rec_min = ?, rec_max = ?, outside_range = ?,"
		" outside_reason = ? WHERE case_id = ?", "IIitI", lo, hi, outside,
		outside ? why : "", id);
	json_decref(rec);
	return rc;
}

/* decide (prepare): a fine checked against the discretion range; the
 * recommendation and its basis go into the step's data. */
static int decide_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	struct ecase ec;
	int rc;

	if (!json_is_integer(json_object_get(h->facts, "罚款金额")))
		return 0;
	rc = ecase_get(h->db, h->case_id, &ec, err);
	return rc ? rc : decide_discretion(h->db, h->case_id, &ec, h->facts,
					   h->data, err);
}

/* perform (prepare): Art. 72(1)(一): 到期不缴纳 → 3 % a day, capped at the
 * fine; counted from the day after the (possibly extended) due date.  The
 * due date comes from the timeline, not the stored deadlines: an import
 * stores those only after its last step. */
static int perform_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	struct fz_date due;
	int64_t fine = json_integer_value(json_object_get(h->facts, "罚款金额"));
	int64_t late;
	int rc = fz_case_deadline_due(h->db, h->cal, h->type, h->case_id, "pay",
				      h->facts, &due, err);

	if (rc)
		return rc;
	late = due.y ? fz_date_to_days(h->on) - fz_date_to_days(due) : 0;
	return json_object_set_new(h->data, "加处罚款",
				   json_integer(fz_enforce_surcharge(fine, late))) ?
	       fz_err_set(err, FZ_ENOMEM, NULL, NULL) : 0;
}

/* A decision carries its 行政行为码, signed with the caller's keys. */
static int issue_code(const struct fz_case_hook_ctx *h, int act_type,
		      struct fz_err *err)
{
	const struct step_arg *a = h->arg;
	char token[FZ_ACTCODE_TEXT_MAX + 1];
	int64_t act;

	if (!a || !a->keys)
		return fz_err_set(err, FZ_EINVAL, "transition",
				  "行政处罚决定须通过执法办案办理（签发行政行为码）");
	return fz_enforce_code_issue(h->db, a->keys, h->case_id, act_type, h->on,
				     &act, token, err);
}

/* decide, decide_onsite (after): the fine and the date, and the code. */
static int decided_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	int rc = fz_store_run(h->db, err,
		"UPDATE enf_cases SET fine = ?, decided_on = ? WHERE case_id = ?",
		"ItI", json_integer_value(json_object_get(h->facts, "罚款金额")),
		fz_date_format(h->on, d), h->case_id);
	return rc ? rc : issue_code(h, FZ_ACT_PENALTY, err);
}

/* decide_none (after): Art. 33, no fine; the code says so. */
static int no_penalty_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	int rc = fz_store_run(h->db, err,
		"UPDATE enf_cases SET fine = 0, decided_on = ? WHERE case_id = ?",
		"tI", fz_date_format(h->on, d), h->case_id);
	return rc ? rc : issue_code(h, FZ_ACT_NO_PENALTY, err);
}

/* perform (after): the payment day and the surcharge prepare computed. */
static int performed_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	return fz_store_run(h->db, err,
		"UPDATE enf_cases SET paid_on = ?, surcharge = ? WHERE case_id = ?",
		"tII", fz_date_format(h->on, d),
		json_integer_value(json_object_get(h->facts, "加处罚款")), h->case_id);
}

int fz_enforce_case_act(struct fz_store *db, const struct fz_keys *keys,
			const struct fz_case_actor *actor, int64_t id,
			const char *tr, struct fz_date on, const json_t *data,
			const char *note, struct fz_err *err)
{
	struct step_arg arg = { keys, 0 };
	struct ecase ec;
	int rc, own = !fz_store_in_tx(db);

	if (!tr)
		return fz_err_set(err, FZ_EINVAL, "transition", "缺少办理环节");
	if (data && !json_is_object(data))
		return fz_err_set(err, FZ_EINVAL, "data", "data 须为对象");
	if (own && (rc = fz_store_begin(db, err)))
		return rc;
	/* the step's own checks and records are the type's hooks */
	rc = ecase_get(db, id, &ec, err);
	if (!rc) {
		struct fz_case_act act = { tr, on, data, note, &arg };
		rc = fz_case_apply(db, env.cal, fz_enforce_type_of(ec.kind), actor,
				   id, &act, err);
	}
	return fz_store_end(db, own, rc, err);
}

/* ---- 两法衔接 records ---------------------------------------------------------- */

static int transfer_audit(struct fz_store *db, const struct fz_case_actor *a,
			  const char *verb, int64_t id, const char *detail,
			  struct fz_err *err)
{
	char object[48];
	struct fz_audit_entry e = { a->user_id, a->login ? a->login : "",
				    a->unit_id, verb, object, detail,
				    a->ip ? a->ip : "", 1 };
	snprintf(object, sizeof(object), "case:%" PRId64, id);
	return fz_audit_append(db, &e, err);
}

int fz_enforce_transfer_record(struct fz_store *db,
			       const struct fz_case_actor *actor,
			       int64_t id, const struct fz_enforce_transfer *t,
			       struct fz_err *err)
{
	struct fz_date on = t->on.y ? t->on : fz_date_today_cn();
	char d[FZ_DATE_STRLEN], at[FZ_ISO_LEN], path[256], prefix[80];
	char number[FZ_CASE_NUMBER_LEN], title[300];
	struct ecase ec;
	struct agency ag;
	int64_t follow = 0;
	json_t *data;
	int rc, own;

	if (!t->doc_no || !*t->doc_no)
		return fz_err_set(err, FZ_EINVAL, "doc_no", "请填写涉嫌犯罪案件移送书文号");
	if (!t->police || !*t->police)
		return fz_err_set(err, FZ_EINVAL, "police", "请填写接收移送的公安机关");
	if (!t->approver || !*t->approver)
		/* 国务院令第310号 Art. 5(2): the head approves the transfer */
		return fz_err_set(err, FZ_EINVAL, "approver", "请填写批准移送的负责人");
	own = !fz_store_in_tx(db);
	if (own && (rc = fz_store_begin(db, err)))
		return rc;
	rc = ecase_get(db, id, &ec, err);
	if (!rc && strcmp(ec.kind, "penalty"))
		rc = fz_err_set(err, FZ_EINVAL, "id", "只有行政处罚案件可以移送");
	if (!rc) {
		struct step_arg arg = { NULL, 1 };
		struct fz_case_act act = { "transfer", on, NULL, "移送公安机关", &arg };
		data = json_pack("{s:s,s:s,s:s}", "移送文书号", t->doc_no, "接收机关",
				 t->police, "移送批准人", t->approver);
		act.data = data;
		rc = fz_case_apply(db, env.cal, &fz_enforce_penalty_type, actor, id,
				   &act, err);
		json_decref(data);
	}
	if (!rc)
		rc = agency_get(db, ec.unit_id, &ag, err);
	if (!rc)
		rc = unit_path(db, ec.unit_id, path, sizeof(path), err);
	if (!rc) {
		struct fz_case_new cn = { ec.unit_id, path, title, prefix, on, NULL,
					  "移送公安机关后跟踪" };
		snprintf(prefix, sizeof(prefix), "%s移", ag.prefix);
		snprintf(title, sizeof(title), "移送：%s", t->doc_no);
		data = json_pack("{s:I,s:s,s:s}", "原案件", (json_int_t)id,
				 "移送文书号", t->doc_no, "接收机关", t->police);
		cn.facts = data;
		rc = fz_case_create(db, env.cal, &fz_enforce_transfer_type, actor, &cn,
				    &follow, number, err);
		json_decref(data);
	}
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO enf_cases (case_id, kind, unit_id) VALUES (?,?,?)",
			"ItI", follow, "transfer", ec.unit_id);
	fz_date_format(on, d);
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO enf_transfers (case_id, kind, doc_no, police, approver,"
			" on_date, follow_case_id, actor, created_at)"
			" VALUES (?,'transfer',?,?,?,?,?,?,?)", "IttttItt", id, t->doc_no,
			t->police, t->approver, d, follow, actor->login ? actor->login : "",
			at);
	if (!rc)
		rc = transfer_audit(db, actor, "enforce.transfer", id, t->doc_no, err);
	return fz_store_end(db, own, rc, err);
}

int fz_enforce_no_transfer(struct fz_store *db,
			   const struct fz_case_actor *actor, int64_t id,
			   const char *reason, const char *approver,
			   struct fz_err *err)
{
	char d[FZ_DATE_STRLEN], at[FZ_ISO_LEN], res[1200];
	struct ecase ec;
	int rc, own;

	if (!reason || !*reason)
		return fz_err_set(err, FZ_EINVAL, "reason", "不移送须写明理由");
	if (!approver || !*approver)
		/* Art. 5(2): 决定不批准的，应当将不予批准的理由记录在案 */
		return fz_err_set(err, FZ_EINVAL, "approver", "请填写作出不移送决定的负责人");
	own = !fz_store_in_tx(db);
	if (own && (rc = fz_store_begin(db, err)))
		return rc;
	rc = ecase_get(db, id, &ec, err);
	snprintf(res, sizeof(res), "决定不移送（%s批准）：%s", approver, reason);
	if (!rc)
		rc = fz_case_flag_resolve(db, &fz_enforce_penalty_type, actor, id, FLAG,
					  res, err);
	fz_date_format(fz_date_today_cn(), d);
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO enf_transfers (case_id, kind, approver, reason, on_date,"
			" actor, created_at) VALUES (?,'no_transfer',?,?,?,?,?)", "Ittttt",
			id, approver, reason, d, actor->login ? actor->login : "", at);
	if (!rc)
		rc = transfer_audit(db, actor, "enforce.no_transfer", id, reason, err);
	return fz_store_end(db, own, rc, err);
}

/* ---- bulk import (bench/cases, carried-over files) -------------------------- */

int fz_enforce_case_import(struct fz_store *db, const struct fz_keys *keys,
			   const struct fz_case_actor *actor,
			   const struct fz_enforce_case_new *nc,
			   const struct fz_case_step *steps, size_t nsteps,
			   int64_t *id, char number[FZ_CASE_NUMBER_LEN],
			   struct fz_err *err)
{
	/* the penalty hooks sign the decisions' codes with these keys, as
	 * fz_enforce_case_act hands them */
	struct step_arg arg = { keys, 0 };
	struct fz_case_step st[16];
	struct opening o;
	int rc;

	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "内部错误：补录案件须在事务内进行");
	if (nsteps > 16)
		return fz_err_set(err, FZ_EINVAL, "steps", "补录环节过多");
	for (size_t i = 0; i < nsteps; i++) {
		/* a transfer needs its record and follow-up case, which only
		 * fz_enforce_transfer_record writes */
		if (!steps[i].transition || !strcmp(steps[i].transition, "transfer"))
			return fz_err_set(err, FZ_EINVAL, "transition",
					  "移送须通过移送登记办理（文书号、接收机关、批准人）");
		st[i] = steps[i];
		st[i].arg = &arg;
	}
	/* everything else a step records - 已告知, the discretion range, the
	 * fine, the dates, the surcharge, the codes - is the type's hooks',
	 * run by fz_case_import on the row opening_created wrote */
	rc = opening_prepare(db, keys, nc, &o, err);
	if (!rc) {
		struct fz_case_new cn = { nc->unit_id, o.path, nc->title, o.prefix,
					  o.opened, o.facts, NULL, opening_created,
					  &o };
		rc = fz_case_import(db, env.cal, o.type, actor, &cn, st, nsteps, id,
				    number, err);
	}
	json_decref(o.facts);
	return rc;
}
