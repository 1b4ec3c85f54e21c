/* review_demo.c - the demo district's year of 行政复议 (`fazhi demo`): the
 * officer registry, about 420 cases of 2025 taken at the 18 stations and
 * online whose figures come out near the district's report (调撤率 about
 * 62%, no case lost in court after review), lawsuits with their
 * 负责人出庭应诉 records, and a few open cases of the last weeks so the
 * lists show every light.  Past cases are recorded with fz_case_import in
 * one transaction with one summary audit entry. */
#include "domain/review/review.h"
#include "domain/review/review_demo.h"
#include "domain/org/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/mask.h"
#include "crypto/sm.h"
#include "engine/audit.h"

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int pick(uint64_t *s, int n)
{
	return (int)(next(s) % (uint64_t)n);
}

static const char *const surnames[] = { "王", "陈", "张", "李", "金", "沈", "徐",
					"钱", "孙", "周", "吴", "俞", "冯", "傅" };
static const char *const given[] = { "建国", "丽华", "志强", "晓燕", "伟", "敏",
				     "海峰", "雪梅", "国平", "佳怡", "立新", "静" };
static const struct {
	const char *name, *kind, *act;
} respondents[] = {
	{ "绍兴市柯桥区综合行政执法局", "department", "行政处罚决定" },
	{ "绍兴市柯桥区市场监督管理局", "department", "行政处罚决定" },
	{ "绍兴市生态环境局柯桥分局", "department", "行政处罚决定" },
	{ "绍兴市公安局柯桥区分局", "department", "治安管理处罚决定" },
	{ "绍兴市柯桥区人力资源和社会保障局", "department", "工伤认定决定" },
	{ "绍兴市柯桥区住房和城乡建设局", "department", "政府信息公开答复" },
	{ "绍兴市柯桥区自然资源和规划分局", "department", "不动产登记行为" },
	{ "柯桥街道办事处", "town", "限期拆除决定" },
	{ "钱清街道办事处", "town", "征收补偿行为" },
	{ "平水镇人民政府", "town", "责令停止违法行为通知" },
};
#define NRESP (sizeof(respondents) / sizeof(respondents[0]))

struct demo {
	struct fz_store *db;
	const struct fz_keys *keys;
	const struct fz_cal *cal;
	uint64_t seed;
	int64_t unit, stations[32], officers[16];
	int nstations, nofficers, grades[16];
	char path[256];
};

/* The officers: 3 高级, 5 中级, 4 初级. */
static int officers(struct demo *d, struct fz_err *err)
{
	static const int grades[] = { 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1 };
	char at[FZ_ISO_LEN], name[32], cert[32];
	int rc = 0;
	fz_now_iso(at);
	for (int i = 0; !rc && i < 12; i++) {
		snprintf(name, sizeof(name), "%s%s", surnames[pick(&d->seed, 14)],
			 given[pick(&d->seed, 12)]);
		snprintf(cert, sizeof(cert), "浙复员%04d", 101 + i);
		rc = fz_store_run(d->db, err,
			"INSERT INTO review_officers (name, grade, unit_id, cert_no,"
			" created_at) VALUES (?, ?, ?, ?, ?)", "tiItt", name,
			grades[i], d->unit, cert, at);
		d->officers[i] = fz_store_last_id(d->db);
		d->grades[i] = grades[i];
	}
	d->nofficers = 12;
	return rc;
}

/* A phone the applicant can track with: 1390000xxxx, deterministic. */
static int row(struct demo *d, int64_t case_id, int64_t station,
	       int resp, const char *applicant, struct fz_date recv,
	       const char *outcome, int corrects, struct fz_date closed,
	       int64_t officer, struct fz_err *err)
{
	char phone[16], mask[32], idx[FZ_SM3_HEX_LEN + 1], on[FZ_DATE_STRLEN];
	char cd[FZ_DATE_STRLEN];
	struct fz_buf enc = FZ_BUF_INIT;
	int rc;

	snprintf(phone, sizeof(phone), "1390000%04d", (int)(case_id % 10000));
	rc = fz_sm4_seal(d->keys, phone, strlen(phone), &enc, err);
	if (!rc && fz_blind_index(d->keys, phone, idx))
		rc = fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	fz_mask_phone(phone, mask, sizeof(mask));
	if (!rc)
		rc = fz_store_run(d->db, err,
			"INSERT INTO review_cases (case_id, channel, station_id, organ,"
			" organ_name, respondent, respondent_kind, applicant,"
			" phone_enc, phone_masked, phone_idx, address, act, request,"
			" received_on, officer_id, outcome, corrects, closed_on)"
			" VALUES (?, ?, nullif(?, 0), 'district', '绍兴市柯桥区人民政府',"
			" ?, ?, ?, ?, ?, ?, '', ?, '请求撤销', ?, nullif(?, 0), ?, ?, ?)",
			"ItIttttttttItit", case_id, station ? "station" : "online",
			station, respondents[resp].name, respondents[resp].kind,
			applicant, enc.data, mask, idx, respondents[resp].act,
			fz_date_format(recv, on), officer, outcome, corrects,
			outcome ? fz_date_format(closed, cd) : NULL);
	fz_buf_release(&enc);
	return rc;
}

#define STEP(t, day, js) { t, day, js, NULL }

/* fz_case_new.created for a past case: its review_cases row, open; the
 * closing step's after hook writes the outcome, 纠错 and the date on it. */
struct past_row {
	struct demo *d;
	int64_t station, officer;
	int resp;
	const char *applicant;
	struct fz_date recv;
};

static int past_created(struct fz_store *db, int64_t case_id,
			const char *number, void *arg, struct fz_err *err)
{
	const struct past_row *r = arg;
	(void)db;
	(void)number;
	return row(r->d, case_id, r->station, r->resp, r->applicant, r->recv,
		   NULL, 0, r->recv, r->officer, err);
}

/* One past case: applied on recv, accepted, copy sent, replied, and
 * ended by outcome (NULL: still open, reviewing). */
static int past_case(struct demo *d, struct fz_date recv, int ending,
		     int64_t *done, struct fz_err *err)
{
	static const struct fz_case_actor sys = { 0, "demo", 0, "/", 0, "", 1 };
	/* ending: 0 mediated, 1 withdrawn, 2 uphold, 3 revoke, 4 illegal,
	 * 5 vary, 6 dismiss, 7 terminated, 8 rejected, 9 perform */
	static const struct {
		const char *tr, *outcome, *decision;
		int corrects;
	} ends[] = {
		{ "mediated", "mediated", NULL, 0 }, { "withdraw", "withdrawn", NULL, 0 },
		{ "decide", "uphold", "维持", 0 }, { "decide", "revoke", "撤销", 1 },
		{ "decide", "illegal", "确认违法", 1 }, { "decide", "vary", "变更", 1 },
		{ "decide", "dismiss", "驳回申请", 0 }, { "terminate", "terminated", NULL, 0 },
		{ "reject", "rejected", NULL, 0 }, { "decide", "perform", "责令履行", 1 },
	};
	int resp = pick(&d->seed, (int)NRESP), simple = pick(&d->seed, 100) < 35;
	int64_t station = pick(&d->seed, 100) < 62 ?
			  d->stations[pick(&d->seed, d->nstations)] : 0;
	struct fz_date acc = fz_date_add_days(recv, 1 + pick(&d->seed, 4));
	struct fz_date sent = fz_date_add_days(acc, 1 + pick(&d->seed, 3));
	struct fz_date rep = fz_date_add_days(sent, 3 + pick(&d->seed, 8));
	struct fz_date end = fz_date_add_days(rep, 2 + pick(&d->seed, simple ? 12 : 35));
	char applicant[32], title[256], number[FZ_CASE_NUMBER_LEN];
	json_t *facts = json_pack("{s:s,s:s}", "复议机关", "绍兴市柯桥区人民政府",
				  "管辖依据", "《中华人民共和国行政复议法》第二十四条");
	json_t *da = json_pack("{s:s}", "程序", simple ? "简易" : "普通");
	/* the reply is quoted in the decision (行政复议法 Art. 75, 决定书 载明
	 * 被申请人的答复): a decided demo case prints its 决定书 */
	json_t *dr = json_pack("{s:s,s:s}", "答复情况", "已答复", "被申请人答复",
			       "被申请人认为其作出的行政行为认定事实清楚，证据确凿，"
			       "适用依据正确，程序合法，请求予以维持。");
	json_t *de = NULL;
	struct fz_case_step steps[8];
	size_t n = 0;
	int64_t id = 0, officer;
	int rc;

	if (simple)
		json_object_set_new(facts, "当场作出", json_true()),
		json_object_set_new(facts, "事实清楚", json_true());
	snprintf(applicant, sizeof(applicant), "%s%s", surnames[pick(&d->seed, 14)],
		 given[pick(&d->seed, 12)]);
	snprintf(title, sizeof(title), "%s不服%s", applicant, respondents[resp].name);
	if (ending == 8) {
		/* filed 75 days after the applicant knew of the act: the period
		 * of Art. 20(1) had run, so the case is flagged at intake and
		 * refused under Art. 30(1)(四), which resolves the flag */
		char known[FZ_DATE_STRLEN];
		json_object_set_new(facts, "知道行为日期", json_string(
			fz_date_format(fz_date_add_days(recv, -75), known)));
		de = json_pack("{s:s}", "不予受理理由", "超过法定申请期限（《中华人民共和国"
			       "行政复议法》第二十条第一款、第三十条第一款第四项）");
		steps[n++] = (struct fz_case_step)STEP("reject", acc, de);
		end = acc;
	} else {
		struct fz_date today = fz_date_today_cn();
		/* an open case has taken only the steps already due */
		if (fz_date_cmp(acc, today) <= 0)
			steps[n++] = (struct fz_case_step)STEP("accept", acc, da);
		if (n == 1 && fz_date_cmp(sent, today) <= 0)
			steps[n++] = (struct fz_case_step)STEP("send_copy", sent, NULL);
		if (n == 2 && fz_date_cmp(rep, today) <= 0)
			steps[n++] = (struct fz_case_step)STEP("reply", rep, dr);
		if (ending == 0) {
			char no[48];
			snprintf(no, sizeof(no), "柯政复调〔%d〕号", end.y);
			de = json_pack("{s:s}", "调解书文号", no);
			steps[n++] = (struct fz_case_step)STEP("mediate", rep, NULL);
			steps[n++] = (struct fz_case_step)STEP("mediated", end, de);
		} else if (ending == 1) {
			de = json_pack("{s:s}", "撤回理由", "双方和解，申请人自愿撤回");
			steps[n++] = (struct fz_case_step)STEP("withdraw", end, de);
		} else if (ending == 7) {
			de = json_pack("{s:s}", "终止事由", "第四十一条第一款第二项");
			steps[n++] = (struct fz_case_step)STEP("terminate", end, de);
		} else if (ending >= 0) {
			de = json_pack("{s:s,s:s,s:s,s:s}", "决定类型", ends[ending].decision,
				       "查明事实", "被申请人认定的事实有相应证据证明。",
				       "本机关认为", "被申请人作出的行政行为认定事实清楚。",
				       "决定内容", ends[ending].decision);
			steps[n++] = (struct fz_case_step)STEP("decide", end, de);
		}
	}
	officer = d->officers[simple ? pick(&d->seed, 12) : pick(&d->seed, 8)];
	{
		struct past_row pr = { d, station, ending == 8 ? 0 : officer, resp,
				       applicant, recv };
		struct fz_case_new nc = { d->unit, d->path, title, FZ_REVIEW_PREFIX,
					  recv, facts, station ? "窗口受理" : "网上申请",
					  past_created, &pr };
		rc = fz_case_import(d->db, d->cal, &fz_review_case, &sys, &nc, steps,
				    n, &id, number, err);
	}
	json_decref(facts);
	json_decref(da);
	json_decref(dr);
	json_decref(de);
	*done = id;
	return rc;
}

/* About 62% of 审结 cases end by 调解 or 撤回 (the district's 62.1%). */
static int ending_for(uint64_t *s)
{
	int r = pick(s, 1000);
	if (r < 295)
		return 0;       /* mediated 29.5% */
	if (r < 612)
		return 1;       /* withdrawn 31.7% */
	if (r < 881)
		return 2;       /* uphold */
	if (r < 921)
		return 3;       /* revoke */
	if (r < 946)
		return 4;       /* illegal */
	if (r < 956)
		return 5;       /* vary */
	if (r < 966)
		return 9;       /* perform */
	if (r < 981)
		return 6;       /* dismiss */
	return 7;               /* terminated */
}

static int suits(struct demo *d, struct fz_err *err)
{
	struct fz_stmt *st;
	int64_t ids[64], dunit = 0;
	int n = 0, rc;
	/* about one decided case in nine goes to court; the district lost none */
	rc = fz_store_query(d->db, &st, err,
		"SELECT case_id FROM review_cases WHERE outcome IN ('uphold',"
		" 'dismiss') ORDER BY case_id", "");
	if (rc)
		return rc;
	while (fz_stmt_step(st, err) == 1 && n < 64)
		if (pick(&d->seed, 9) == 0 || n == 0)
			ids[n++] = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	{
		struct fz_unit_info u;
		rc = fz_org_unit_first(d->db, NULL, NULL, "绍兴市柯桥区综合行政执法局",
				       &u, NULL);
		if (rc && rc != FZ_ENOTFOUND)
			return rc;
		/* a whole-name match, as the name = '…' this replaces */
		dunit = !rc && !strcmp(u.name, "绍兴市柯桥区综合行政执法局") ?
			u.id : d->unit;
	}
	for (int i = 0; i < n; i++) {
		char no[64], fd[FZ_DATE_STRLEN], hd[FZ_DATE_STRLEN], jd[FZ_DATE_STRLEN];
		struct fz_date f = { 2025, 3 + i % 8, 1 + pick(&d->seed, 27) };
		int64_t sid;
		snprintf(no, sizeof(no), "（2025）浙0603行初%d号", 11 + i * 7);
		rc = fz_store_run(d->db, err,
			"INSERT INTO review_suits (case_id, defendant_unit, court,"
			" court_no, filed_on, outcome, judged_on) VALUES (?, ?,"
			" '绍兴市柯桥区人民法院', ?, ?, ?, ?)", "IItttt", ids[i], dunit,
			no, fz_date_format(f, fd), i % 5 == 4 ? "withdrawn" : "won",
			fz_date_format(fz_date_add_days(f, 60), jd));
		if (rc)
			return rc;
		sid = fz_store_last_id(d->db);
		rc = fz_store_run(d->db, err,
			"INSERT INTO review_appearances (suit_id, hearing_on, appeared,"
			" head_name, head_title) VALUES (?, ?, ?, ?, ?)", "Ititt",
			sid, fz_date_format(fz_date_add_days(f, 40), hd),
			i % 7 != 6, i % 7 != 6 ? "沈国平" : "", i % 7 != 6 ? "副局长" : "");
		if (rc)
			return rc;
	}
	return 0;
}

int fz_review_demo(struct fz_store *db, const struct fz_keys *keys,
		   uint64_t seed, FILE *out, struct fz_err *err)
{
	struct demo d = { db, keys, fz_review_cal(), seed ^ 0x7265766965770000ULL,
			  0, { 0 }, { 0 }, 0, 0, { 0 }, "" };
	struct fz_date today = fz_date_today_cn(), day;
	struct fz_audit_entry e = { 0 };
	int64_t id, n = 0;
	char detail[128];
	size_t nst = 0;
	int rc;

	if (!d.cal)
		return fz_err_set(err, FZ_EINTERNAL, NULL, "工作日历未加载");
	{
		struct fz_unit_info u;
		rc = fz_org_unit_first(db, "department", NULL, "司法局", &u, err);
		if (rc && rc != FZ_ENOTFOUND)
			return rc;
		if (!rc) {
			d.unit = u.id;
			snprintf(d.path, sizeof(d.path), "%s", u.path);
		}
	}
	if (!d.unit)
		return fz_err_set(err, FZ_ESTATE, NULL, "演示数据缺少司法局");
	rc = fz_org_unit_ids(db, "station", d.stations, 32, &nst, err);
	d.nstations = (int)nst;
	if (!rc && !d.nstations)
		rc = fz_err_set(err, FZ_ESTATE, NULL, "演示数据缺少行政复议基层服务站");
	if (rc || (rc = fz_store_begin(db, err)))
		return rc;
	rc = officers(&d, err);
	/* 2025: about 420 applications, spread over the year */
	for (int i = 0; !rc && i < 420; i++) {
		day = fz_date_add_days((struct fz_date){ 2025, 1, 3 }, i * 300 / 420);
		rc = past_case(&d, day, pick(&d.seed, 100) < 3 ? 8 : ending_for(&d.seed),
			       &id, err);
		n++;
	}
	/* this year until ten weeks ago (so every step of a case, at most 57
	 * days after its receipt, lies in the past), at last year's pace: the
	 * figures page opens on the year being reported, and has one to show */
	if (!rc && today.y > 2025) {
		/* on a seed of its own: the rest of the demo comes out as before */
		uint64_t kept = d.seed;
		struct fz_date jan = { today.y, 1, 3 }, end = fz_date_add_days(today, -70);
		int span = (int)(fz_date_to_days(end) - fz_date_to_days(jan));
		d.seed ^= 0x7468697379656172ULL;
		for (int i = 0; !rc && span > 0 && i < 420 * span / 300; i++) {
			day = fz_date_add_days(jan, i * 300 / 420);
			rc = past_case(&d, day, ending_for(&d.seed), &id, err);
			n++;
		}
		d.seed = kept;
	}
	/* a few cases still open, received over the last weeks */
	for (int i = 0; !rc && i < 16 && fz_date_cmp((struct fz_date){ 2025, 12, 31 },
						     today) < 0; i++) {
		day = fz_date_add_days(today, -(3 + i * 4));
		rc = past_case(&d, day, -1, &id, err);
		n++;
	}
	if (!rc)
		rc = suits(&d, err);
	snprintf(detail, sizeof(detail), "演示数据：%" PRId64 " 件行政复议案件，12 名行政复议员", n);
	e.actor = "demo";
	e.action = "review.demo";
	e.object = "review_cases";
	e.detail = detail;
	e.ip = "";
	e.ok = 1;
	if (!rc)
		rc = fz_audit_append(db, &e, err);
	if (rc) {
		fz_store_rollback(db);
		return rc;
	}
	if ((rc = fz_store_commit(db, err))) {
		fz_store_rollback(db);
		return rc;
	}
	fprintf(out, "review: %" PRId64 " 行政复议 cases of 2025, this year and recent weeks,"
		" 12 行政复议员\n", n);
	return 0;
}
