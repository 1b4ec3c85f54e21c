/* enforce_demo.c - the enforcement part of `fazhi demo`: a year of
 * inspections and penalty cases for the demo district's agencies and
 * towns, deterministic from the seed (dates count back from today so the
 * lights are live): cases at every stage, some overdue, some over a
 * 两法衔接 threshold (transferred, decided not to transfer, or still open),
 * decisions outside the discretion range, ratings and scans on codes,
 * and 评查 of about one closed file in six with findings, half of them
 * closed by the agency.  FAZHI_DEMO_SMALL=1 makes a tenth of it, for tests. */
#include "domain/enforce/enforce.h"

#include "core/clock.h"
#include "core/money.h"
#include "crypto/key.h"
#include "domain/org/org.h"
#include "engine/actcode/actcode.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const struct dagency {
	const char *unit;       /* the demo unit's full name */
	const char *code, *prefix, *short_name;
	const char *system;     /* 执法系统: procedure rule, 法制审核目录 */
	const char *const *violations;
	int weight;
} agencies[] = {
	{ "绍兴市柯桥区综合行政执法局", "KQZF", "柯综执", "综合行政执法局", "综合执法",
	  (const char *const[]){ "ZF-DL-42", NULL }, 3 },
	{ "绍兴市柯桥区市场监督管理局", "KQSJ", "柯市监", "市场监管局", "市场监管",
	  (const char *const[]){ "SJ-CP-49", "SJ-CP-50", "SJ-SP-124", NULL }, 4 },
	{ "绍兴市生态环境局柯桥分局", "KQHB", "绍柯环", "生态环境分局", "生态环境",
	  (const char *const[]){ "HB-DQ-99", "HB-SS-83", "HB-HP-31", NULL }, 2 },
	{ "绍兴市柯桥区应急管理局", "KQYJ", "柯应急", "应急管理局", "应急管理",
	  (const char *const[]){ "YJ-XF-60", "YJ-AQ-97", NULL }, 2 },
};
#define NAG (sizeof(agencies) / sizeof(agencies[0]))

static const char *surnames[] = { "王", "陈", "张", "李", "金", "沈", "徐", "钱",
				  "孙", "周", "吴", "俞", "冯", "傅", "何", "杨" };
static const char *given[] = { "建华", "丽萍", "国强", "晓东", "伟民", "秀英",
			       "海涛", "雪芳", "志刚", "佳琪", "立军", "红梅" };
static const char *trades[] = { "纺织品", "印染", "服装", "家纺", "化纤",
				"贸易", "食品", "五金", "建材", "物流" };
static const char *places[] = { "柯桥", "华舍", "齐贤", "安昌", "杨汛桥",
				"钱清", "福全", "马鞍", "平水", "兰亭" };

struct demo {
	struct fz_store *db;
	const struct fz_keys *keys;
	uint64_t s;
	struct fz_date today;
	struct fz_case_actor sys;
	int64_t unit[NAG + 16];
	int64_t officers[NAG + 16][6];
	int nofficers[NAG + 16];
	int64_t parties[600];
	int nparties;
	int n_cases, n_flags, n_transfer, n_notransfer, n_outside, n_ratings;
	int n_reviews, n_findings;
};

static void uscc(int n, char out[19])
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8,
				 24, 10, 30, 28 };
	static const int ow[] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	char body[24];
	int sum = 0, c;
	/* GB 32100: 9 (工商) 1 (企业), 区划 330621, GB 11714 organisation code */
	snprintf(body, sizeof(body), "91330621%08d", 20000000 + n % 10000000);
	for (int i = 0; i < 8; i++)
		sum += (body[8 + i] - '0') * ow[i];
	c = 11 - sum % 11;
	body[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(cs, body[i]) - cs) * w[i];
	memcpy(out, body, 17);
	out[17] = cs[(31 - sum % 31) % 31];
	out[18] = 0;
}

static void idcard(uint64_t *s, char out[19])
{
	static const int w[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char cs[] = "10X98765432";
	int sum = 0;
	/* GB 11643: 330621 + birth date + sequence + check */
	snprintf(out, 19, "330621%04d%02d%02d%03d", 1960 + pick(s, 40),
		 1 + pick(s, 12), 1 + pick(s, 28), pick(s, 1000));
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = cs[sum % 11];
	out[18] = 0;
}

static int unit_by_name(struct fz_store *db, const char *name, int64_t *id,
			struct fz_err *err)
{
	struct fz_unit_info u;
	int rc = fz_org_unit_first(db, NULL, NULL, name, &u, err);

	/* a whole-name match, as the name = ? this replaces */
	if (!rc && strcmp(u.name, name))
		rc = FZ_ENOTFOUND;
	if (rc == FZ_ENOTFOUND)
		return fz_err_set(err, FZ_ENOTFOUND, "unit", "演示单位 %s 不存在", name);
	*id = u.id;
	return rc;
}

static int setup(struct demo *d, struct fz_err *err)
{
	int rc = 0, nu = NAG, seq = 0;
	size_t ntown = 0;
	char cert[32], name[64], code[16], prefix[32];

	for (size_t i = 0; !rc && i < NAG; i++) {
		rc = unit_by_name(d->db, agencies[i].unit, &d->unit[i], err);
		if (!rc)
			rc = fz_enforce_agency_set(d->db, d->unit[i], agencies[i].code,
						   agencies[i].prefix,
						   agencies[i].short_name, err);
		if (!rc)
			rc = fz_enforce_agency_system_set(d->db, d->unit[i],
							  agencies[i].system, err);
	}
	/* the towns' 综合行政执法队 (大综合一体化) */
	if (!rc)
		rc = fz_org_unit_ids(d->db, "town", d->unit + NAG, 16, &ntown, err);
	nu += (int)ntown;
	for (int i = (int)NAG; !rc && i < nu; i++) {
		snprintf(code, sizeof(code), "KQT%02d", i - (int)NAG + 1);
		int64_t uid = d->unit[i];
		char tn[64] = "";
		fz_org_unit_name(d->db, uid, tn, sizeof(tn));
		snprintf(prefix, sizeof(prefix), "柯%.6s综执", tn);
		if (!rc)
			rc = fz_enforce_agency_set(d->db, uid, code, prefix, tn, err);
		/* the towns' teams are 综合行政执法 (大综合一体化) */
		if (!rc)
			rc = fz_enforce_agency_system_set(d->db, uid, "综合执法", err);
	}
	for (int i = 0; !rc && i < nu; i++) {
		d->nofficers[i] = i < (int)NAG ? 6 : 2;
		for (int k = 0; !rc && k < d->nofficers[i]; k++) {
			snprintf(cert, sizeof(cert), "浙D%07d", 3306000 + ++seq);
			snprintf(name, sizeof(name), "%s%s",
				 surnames[pick(&d->s, 16)], given[pick(&d->s, 12)]);
			rc = fz_enforce_officer_add(d->db, d->unit[i], 0, name, cert,
						    &d->officers[i][k], err);
		}
	}
	for (int i = 0; !rc && i < 600; i++) {
		struct fz_enforce_party p;
		char id[19], pname[128], addr[160];
		if (i % 6 == 5) {
			idcard(&d->s, id);
			snprintf(pname, sizeof(pname), "%s%s", surnames[pick(&d->s, 16)],
				 given[pick(&d->s, 12)]);
			p.kind = "person";
		} else {
			uscc(i, id);
			snprintf(pname, sizeof(pname), "绍兴%s%s%s有限公司",
				 places[pick(&d->s, 10)], i % 2 ? "兴达" : "恒盛",
				 trades[pick(&d->s, 10)]);
			/* names are unique enough with the number */
			snprintf(pname + strlen(pname) - strlen("有限公司"), 64,
				 "%d号有限公司", i);
			p.kind = "org";
		}
		snprintf(addr, sizeof(addr), "绍兴市柯桥区%s街道%s路%d号",
			 places[pick(&d->s, 10)], trades[pick(&d->s, 10)], 1 + pick(&d->s, 300));
		p.name = pname;
		p.id_number = id;
		p.address = addr;
		/* a company's legal representative by full name, as a 决定书
		 * names them (行政处罚法 Art. 59(1)(一)) */
		char rep[32];
		snprintf(rep, sizeof(rep), "%s%s", surnames[pick(&d->s, 16)],
			 given[pick(&d->s, 12)]);
		p.rep = p.kind[0] == 'o' ? rep : NULL;
		rc = fz_enforce_party_add(d->db, d->keys, &p, &d->parties[d->nparties], err);
		if (!rc)
			d->nparties++;
	}
	return rc;
}

/* Facts a violation's table row needs, drawn at random; some market
 * cases carry sales over the 两法衔接 threshold (T140.a: 5万元). */
static json_t *facts_for(struct demo *d, const char *v, int *crime)
{
	json_t *f = json_object();
	*crime = 0;
	if (!strncmp(v, "SJ-", 3)) {
		int64_t goods = 50000 + (int64_t)pick(&d->s, 6000000);
		json_object_set_new(f, "货值金额", json_integer(goods));
		/* T140.a (追诉标准（一） Art. 16) applies to 伪劣产品 only */
		if (!strncmp(v, "SJ-CP", 5) && pick(&d->s, 100) < 12) {
			json_object_set_new(f, "销售金额", json_integer(5000000 +
				(int64_t)pick(&d->s, 8000000)));
			*crime = 1;
		} else {
			json_object_set_new(f, "销售金额", json_integer(goods / 2));
		}
	} else if (!strncmp(v, "HB-HP", 5)) {
		json_object_set_new(f, "总投资额", json_integer(100000000 +
			(int64_t)pick(&d->s, 900000000)));
		json_object_set_new(f, "及时改正", json_boolean(pick(&d->s, 2)));
	} else if (!strncmp(v, "HB-", 3)) {
		char x[16];
		snprintf(x, sizeof(x), "%d.%d", pick(&d->s, 2), pick(&d->s, 10));
		json_object_set_new(f, "超标倍数", json_string(x));
		if (pick(&d->s, 100) < 5) {
			json_object_set_new(f, "危险废物数量", json_string("3.5"));
			*crime = 1;
		}
	} else {
		json_object_set_new(f, "违法点位数", json_integer(1 + pick(&d->s, 3)));
		json_object_set_new(f, "人员密集场所", json_boolean(pick(&d->s, 4) == 0));
		json_object_set_new(f, "首次违法", json_boolean(pick(&d->s, 2)));
	}
	return f;
}

static int step(struct demo *d, int64_t id, const char *tr, struct fz_date *on,
		int gap, json_t *data, struct fz_err *err)
{
	int rc;
	*on = fz_date_add_days(*on, gap);
	if (fz_date_cmp(*on, d->today) > 0) {
		json_decref(data);
		return 1; /* not yet: the case stays at this stage */
	}
	rc = fz_enforce_case_act(d->db, d->keys, &d->sys, id, tr, *on, data, NULL, err);
	json_decref(data);
	return rc;
}

static int rate_codes(struct demo *d, int64_t id, struct fz_err *err)
{
	static const char *const ratings[] = { "满意", "满意", "满意", "满意", "基本满意",
					       "基本满意", "不满意" };
	static const char *const cols[] = { "satisfied", "satisfied", "satisfied",
		"satisfied", "basic", "basic", "unsatisfied" };
	struct fz_stmt *st;
	int64_t acts[4], units[4];
	char dates[4][FZ_DATE_STRLEN];
	int n = 0, rc;

	rc = fz_store_query(d->db, &st, err,
		"SELECT id, unit_id, act_date FROM enf_acts WHERE case_id = ?", "I", id);
	while (!rc && n < 4 && fz_stmt_step(st, err) == 1) {
		acts[n] = fz_stmt_int(st, 0);
		units[n] = fz_stmt_int(st, 1);
		snprintf(dates[n++], FZ_DATE_STRLEN, "%s", fz_stmt_text(st, 2));
	}
	if (!rc)
		fz_stmt_finish(st);
	for (int i = 0; !rc && i < n; i++) {
		int scans = 1 + pick(&d->s, 4), r = -1;
		char sql[256];
		if (pick(&d->s, 100) < 55) {
			r = pick(&d->s, 7);
			rc = fz_store_run(d->db, err,
				"INSERT INTO enf_ratings (act_id, rating, comment, ip, rated_at)"
				" VALUES (?,?,?,?,?)", "Itttt", acts[i], ratings[r],
				r < 4 ? "执法人员态度好，程序规范" : r < 6 ? "整体可以" :
				"希望说明更清楚", "demo", dates[i]);
			d->n_ratings++;
		}
		snprintf(sql, sizeof(sql),
			 "INSERT INTO enf_code_stats (unit_id, day, scans, ratings, %s)"
			 " VALUES (?,?,?,?,?) ON CONFLICT (unit_id, day) DO UPDATE SET"
			 " scans = scans + excluded.scans, ratings = ratings + excluded.ratings,"
			 " %s = %s + excluded.%s", r >= 0 ? cols[r] : "basic",
			 r >= 0 ? cols[r] : "basic", r >= 0 ? cols[r] : "basic",
			 r >= 0 ? cols[r] : "basic");
		if (!rc)
			rc = fz_store_run(d->db, err, sql, "ItIII", units[i], dates[i],
					  (int64_t)scans, (int64_t)(r >= 0), (int64_t)(r >= 0));
	}
	return rc;
}

/* A step whose data records its own date (a waiver, a statement) gap
 * days on: the key gets that date. */
static int dated_step(struct demo *d, int64_t id, const char *tr,
		      struct fz_date *on, int gap, const char *key, json_t *data,
		      struct fz_err *err)
{
	char s[FZ_DATE_STRLEN];
	json_object_set_new(data, key, json_string(fz_date_format(
		fz_date_add_days(*on, gap), s)));
	return step(d, id, tr, on, gap, data, err);
}

/* A hearing (行政处罚法 Art. 63, 64): asked for 2 days after the 告知,
 * noticed the next day, held after 7 whole 工作日 (Art. 64(2), Art. 85). */
static int hearing(struct demo *d, int64_t id, struct fz_date *on,
		   struct fz_err *err)
{
	char a[FZ_DATE_STRLEN], b[FZ_DATE_STRLEN];
	struct fz_date notice, held;
	int rc = dated_step(d, id, "request_hearing", on, 2, "听证申请日期",
			    json_object(), err);

	notice = fz_date_add_days(*on, 1);
	if (!rc)
		rc = fz_cal_add_workdays(fz_enforce_env()->cal, notice,
					 8 + pick(&d->s, 3), &held, err);
	if (rc)
		return rc;
	return step(d, id, "hearing_done", on,
		    (int)(fz_date_to_days(held) - fz_date_to_days(*on)),
		    json_pack("{s:s,s:s,s:s}", "听证笔录", "听证笔录已经当事人核对签字",
			      "听证通知日期", fz_date_format(notice, a),
			      "听证日期", fz_date_format(held, b)), err);
}

/* What the party does after the 告知 (Art. 44, 45, 62, 64): a third
 * waive their rights in writing, a third state their case, a few ask for
 * a hearing; otherwise the decision waits for the 5 工作日 in which a
 * hearing may be asked for to end (Art. 64(1), Art. 85). */
static int heard(struct demo *d, int64_t id, struct fz_date *on,
		 struct fz_err *err)
{
	struct fz_date due;
	int r = pick(&d->s, 100), rc;

	if (r < 33)
		return dated_step(d, id, "waive", on, 1 + pick(&d->s, 2), "放弃日期",
			json_pack("{s:s,s:s}", "放弃人", "当事人（法定代表人）",
				  "放弃方式", "书面"), err);
	if (r < 66)
		return dated_step(d, id, "statement", on, 1 + pick(&d->s, 3),
			"陈述申辩日期", json_pack("{s:s}", "陈述申辩",
			"当事人称系初次违法，已主动停止违法行为，请求从轻处罚；经复核，"
			"其提出的事实已在裁量中考虑"), err);
	if (r < 70)
		return hearing(d, id, on, err);
	rc = fz_case_deadline_due(d->db, fz_enforce_env()->cal,
				  &fz_enforce_penalty_type, id, "hearing_request",
				  NULL, &due, err);
	if (!rc && due.y && fz_date_cmp(due, *on) > 0)
		*on = due;
	return rc;
}

/* Art. 58: a decision the agency's 法制审核目录 lists (or a heard case
 * with a 较大数额 fine) is reviewed before it is made. */
static int reviewed(struct demo *d, int64_t id, struct fz_date *on,
		    const json_t *decision, struct fz_err *err)
{
	json_t *f = NULL;
	int need, rc = fz_case_facts_get(d->db, id, NULL, &f, err);

	if (rc)
		return rc;
	json_object_update(f, (json_t *)decision);
	need = fz_enforce_art58(f);
	json_decref(f);
	if (!need)
		return 0;
	rc = step(d, id, "submit_review", on, 1, json_pack("{s:s}", "拟处罚内容",
		"罚款"), err);
	if (!rc)
		rc = step(d, id, "review_pass", on, 1 + pick(&d->s, 3), json_pack("{s:s}",
			"法制审核意见", "事实清楚，证据确凿，程序合法，处罚适当，同意"), err);
	return rc;
}

/* What a decision records of the facts and the evidence (Art. 59(1)(二)):
 * the demo's words for a case of title first found on day on. */
static void facts_of(json_t *data, const char *title, struct fz_date on)
{
	char f[512];
	size_t n = strlen(title);

	/* "擅自占用城市道路案" -> the act without 案 */
	if (n > 3 && !strcmp(title + n - 3, "案"))
		n -= 3;
	snprintf(f, sizeof(f), "%d年%d月%d日，本机关执法人员依法检查时发现，当事人存在%.*s"
		 "的行为。经立案调查，上述事实有现场检查和询问所得证据证实，当事人对违法事实无异议",
		 on.y, on.m, on.d, (int)n, title);
	json_object_set_new(data, "违法事实", json_string(f));
	json_object_set_new(data, "证据", json_string(
		"现场检查笔录及现场照片\n询问笔录\n当事人身份证明材料\n涉案物品清单"));
}

/* One penalty case carried as far as its age allows. */
static int penalty(struct demo *d, int ai, const char *v, struct fz_date on,
		   struct fz_err *err)
{
	int crime, rc, simple = !strcmp(v, "ZF-DL-42") && pick(&d->s, 3) == 0;
	json_t *facts = facts_for(d, v, &crime), *rec = NULL;
	int64_t id, fine, lo, hi;
	char number[FZ_CASE_NUMBER_LEN], title[200];
	int party = pick(&d->s, d->nparties);
	struct fz_enforce_case_new nc = { "penalty", d->unit[ai], title,
		d->parties[party], { d->officers[ai][0], d->officers[ai][1] }, v, on,
		fz_date_add_days(on, -pick(&d->s, 60) - 1), 0, simple ? "简易" : "普通",
		facts };
	int k = pick(&d->s, d->nofficers[ai] - 1);

	nc.officers[0] = d->officers[ai][k];
	nc.officers[1] = d->officers[ai][k + 1];
	snprintf(title, sizeof(title), "%s案", v);
	{
		/* the violation's name as the title */
		json_t *all = fz_enforce_discretion_json(fz_enforce_env()->discretion, NULL);
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(all, "items"), i, it)
			if (!strcmp(json_string_value(json_object_get(it, "code")), v))
				snprintf(title, sizeof(title), "%s案",
					 json_string_value(json_object_get(it, "violation")));
		json_decref(all);
	}
	rc = fz_enforce_case_open(d->db, d->keys, &d->sys, &nc, &id, number, err);
	if (rc) {
		json_decref(facts);
		return rc;
	}
	d->n_cases++;
	d->n_flags += crime;
	if (simple) {
		/* 行政处罚法 Art. 51: ≤ 200 元 a person, ≤ 3,000 元 a unit */
		int64_t f = party % 6 == 5 ? 5000 + 1000 * pick(&d->s, 16) :
			20000 + 1000 * pick(&d->s, 180);
		json_t *od = json_pack("{s:s,s:I}", "处罚种类", "罚款", "罚款金额",
				       (json_int_t)f);
		facts_of(od, title, on);
		rc = step(d, id, "decide_onsite", &on, 0, od, err);
		json_decref(facts);
		goto pay;
	}
	rc = step(d, id, "investigate", &on, 1 + pick(&d->s, 3), NULL, err);
	if (!rc && crime) {
		int h = pick(&d->s, 100);
		struct fz_date t = fz_date_add_days(on, 2 + pick(&d->s, 4));
		if (fz_date_cmp(t, d->today) > 0 || h >= 85) {
			json_decref(facts);
			return 0; /* warning still open */
		}
		if (h < 60) {
			char doc[64];
			struct fz_enforce_transfer tr = { doc, "绍兴市公安局柯桥区分局",
							  "局长", t };
			snprintf(doc, sizeof(doc), "%s移〔%d〕%d号", agencies[ai < (int)NAG ? ai : 0].prefix,
				 t.y, ++d->n_transfer);
			json_decref(facts);
			return fz_enforce_transfer_record(d->db, &d->sys, id, &tr, err);
		}
		rc = fz_enforce_no_transfer(d->db, &d->sys, id,
			"经专案组核查，销售金额中含已退回货物，认定不足追诉标准", "局长", err);
		d->n_notransfer++;
	}
	{
		/* the fine: inside the recommended range, or (1 in 20) outside
		 * it with a recorded reason */
		json_t *mf = json_deep_copy(facts);
		struct fz_err e2 = FZ_ERR_INIT;
		if (fz_enforce_discretion_compute(fz_enforce_env()->discretion, v, mf,
						  &rec, &e2)) {
			json_decref(mf);
			json_decref(facts);
			return fz_err_set(err, e2.code, e2.field, "%s", e2.msg);
		}
		json_decref(mf);
		lo = json_integer_value(json_object_get(json_object_get(rec, "recommended"), "min"));
		hi = json_integer_value(json_object_get(json_object_get(rec, "recommended"), "max"));
		json_decref(rec);
		fine = lo + (hi > lo ? (int64_t)(next(&d->s) % (uint64_t)(hi - lo + 1)) : 0);
		fine -= fine % 10000; /* whole hundreds of 元 */
		if (fine < lo)
			fine += 10000;
		if (fine > hi)
			fine = hi;
	}
	json_decref(facts);
	if (!rc)
		rc = step(d, id, "notify", &on, 10 + pick(&d->s, 40), json_pack("{s:s,s:I}",
			"拟处罚内容", "罚款", "拟罚款金额", (json_int_t)fine), err);
	if (!rc)
		rc = heard(d, id, &on, err);
	if (!rc) {
		json_t *dd = json_pack("{s:s,s:I}", "处罚种类", "罚款", "罚款金额",
				       (json_int_t)fine);
		facts_of(dd, title, nc.opened);
		if (pick(&d->s, 20) == 0) {
			json_object_set_new(dd, "罚款金额", json_integer(lo / 2));
			json_object_set_new(dd, "裁量说明", json_string(
				"当事人主动退赔消费者损失，经集体讨论决定减轻处罚（《中华人民共和国行政处罚法》第三十二条）"));
			d->n_outside++;
		}
		rc = reviewed(d, id, &on, dd, err);
		if (!rc)
			rc = step(d, id, "decide", &on, 1 + pick(&d->s, 3), dd, err);
		else
			json_decref(dd);
	}
pay:
	if (!rc)
		rc = step(d, id, "serve", &on, pick(&d->s, 5), json_pack("{s:s}",
			"送达方式", pick(&d->s, 3) ? "直接送达" : "电子送达"), err);
	if (!rc)
		rc = step(d, id, "perform", &on, 3 + pick(&d->s, 20), json_pack("{s:I}",
			"实缴金额", (json_int_t)0), err);
	if (!rc)
		rc = step(d, id, "close", &on, 1 + pick(&d->s, 10), NULL, err);
	if (rc == 1)
		rc = 0;
	if (!rc)
		rc = rate_codes(d, id, err);
	return rc;
}

static int inspection(struct demo *d, int ai, struct fz_date on,
		      struct fz_err *err)
{
	static const char *const items[] = { "消防安全检查", "产品质量抽查",
		"排污许可执行情况检查", "市容环境卫生检查", "食品经营许可检查",
		"安全生产检查" };
	char number[FZ_CASE_NUMBER_LEN], title[120];
	int64_t id;
	int k = pick(&d->s, d->nofficers[ai] - 1), rc;
	const char *item = items[pick(&d->s, 6)];
	json_t *facts = json_pack("{s:s}", "检查事项", item);
	struct fz_enforce_case_new nc = { "inspection", d->unit[ai], title,
		d->parties[pick(&d->s, d->nparties)],
		{ d->officers[ai][k], d->officers[ai][k + 1] }, NULL, on,
		{ 0, 0, 0 }, 0, "普通", facts };

	snprintf(title, sizeof(title), "%s", item);
	rc = fz_enforce_case_open(d->db, d->keys, &d->sys, &nc, &id, number, err);
	json_decref(facts);
	if (rc)
		return rc;
	d->n_cases++;
	if (pick(&d->s, 3))
		rc = step(d, id, "finish", &on, 0, json_pack("{s:s}", "检查结果",
			"未发现违法行为"), err);
	else {
		rc = step(d, id, "order", &on, 0, json_pack("{s:s}", "整改要求",
			"限期十五日内清理占用物品，恢复通道畅通"), err);
		if (!rc && pick(&d->s, 5))
			rc = step(d, id, "recheck", &on, 8 + pick(&d->s, 12),
				  json_pack("{s:s}", "复查结果", "已整改到位"), err);
	}
	if (rc == 1)
		rc = 0;
	if (!rc)
		rc = rate_codes(d, id, err);
	return rc;
}

/* What reviewers write for a deduction, per checklist item key. */
static const char *const review_notes[][2] = {
	{ "subject", "现场检查笔录仅一名执法人员签名" },
	{ "filing", "立案审批表落款日期晚于调查取证日期" },
	{ "facts", "货值金额计算依据未附进货凭证" },
	{ "basis", "决定书未引用违反条款的具体项" },
	{ "discretion", "未说明适用裁量基准的具体情形" },
	{ "procedure", "告知书未载明听证权利" },
	{ "document", "送达回证缺受送达人签收日期" },
	{ "archive", "案卷目录与卷内材料页码不一致" },
};

/* 评查 of about one closed penalty file in six by the 司法局 (the
 * 行政执法监督 organ), scores drawn per item; the agency answers and
 * closes about half the findings. */
static int reviews(struct demo *d, struct fz_err *err)
{
	const struct fz_enforce_checklist *cl = fz_enforce_checklist_default(err);
	struct fz_case_actor rev = { 0, "justice1", FZ_ROLE_JUSTICE, "", 0, "", 1 };
	struct fz_case_actor unit = { 0, "demo", FZ_ROLE_OFFICER, "", 0, "", 1 };
	struct fz_stmt *st;
	int64_t ids[2000], fid;
	size_t n = 0;
	int rc, score;

	if (!cl)
		return err->code ? err->code : FZ_EINTERNAL;
	rc = fz_store_query(d->db, &st, err,
		"SELECT case_id FROM enf_cases WHERE kind = 'penalty'"
		" ORDER BY case_id", "");
	if (rc)
		return rc;
	/* the closed ones, asked of engine/case per case */
	while (n < sizeof(ids) / sizeof(ids[0]) && fz_stmt_step(st, err) == 1) {
		struct fz_case_info c;
		if (!fz_case_info_get(d->db, fz_stmt_int(st, 0), &c, NULL) &&
		    !strcmp(c.state, "closed"))
			ids[n++] = c.id;
	}
	fz_stmt_finish(st);
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *scores, *notes;
		int64_t rid;
		if (pick(&d->s, 6))
			continue;
		scores = json_object();
		notes = json_object();
		for (size_t k = 0; k < cl->n; k++) {
			const struct fz_enforce_check *c = &cl->items[k];
			int lost = pick(&d->s, 5) ? 0 : 1 + pick(&d->s, (c->points + 1) / 2);
			json_object_set_new(scores, c->key, json_integer(c->points - lost));
			for (size_t j = 0; lost && j < sizeof(review_notes) /
			     sizeof(review_notes[0]); j++)
				if (!strcmp(review_notes[j][0], c->key))
					json_object_set_new(notes, c->key,
						json_string(review_notes[j][1]));
		}
		rc = fz_enforce_review_add(d->db, &rev, cl, ids[i], scores, notes, &rid,
					   &score, err);
		json_decref(scores);
		json_decref(notes);
		d->n_reviews += !rc;
		for (size_t k = 0; !rc && k < cl->n; k++) {
			if (fz_store_int(d->db, &fid, err, "SELECT id FROM enf_findings"
					 " WHERE review_id = ? AND item_key = ?", "It", rid,
					 cl->items[k].key) != 1)
				continue;
			d->n_findings++;
			if (pick(&d->s, 2))
				rc = fz_enforce_finding_close(d->db, &unit, fid,
					"已组织案件承办人员整改，相关材料已补正归档", err);
		}
	}
	return rc;
}

int fz_enforce_demo(struct fz_store *db, const struct fz_keys *keys,
		    uint64_t seed, FILE *out, struct fz_err *err)
{
	struct demo *d;
	const char *small = getenv("FAZHI_DEMO_SMALL");
	int n = small && !strcmp(small, "1") ? 240 : 2400, rc;
	int64_t t0 = fz_mono_ms();

	if (!fz_enforce_env_default(err))
		return err->code ? err->code : FZ_EINTERNAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	d->db = db;
	d->keys = keys;
	d->s = seed ^ 0x656e666f726365ULL; /* "enforce" */
	d->today = fz_date_today_cn();
	d->sys = (struct fz_case_actor){ 0, "demo", 0, "", 0, "", 1 };
	/* One transaction: a year of records commits whole or not at all,
	 * and fast (one fsync). */
	rc = fz_store_begin(db, err);
	if (!rc)
		rc = setup(d, err);
	for (int i = 0; !rc && i < n; i++) {
		int w = pick(&d->s, 13), ai;
		struct fz_date on = fz_date_add_days(d->today, -pick(&d->s, 365));
		/* agencies by weight; one case in four goes to a town team */
		for (ai = 0; ai < (int)NAG - 1 && w >= agencies[ai].weight; ai++)
			w -= agencies[ai].weight;
		if (pick(&d->s, 4) == 0) {
			ai = (int)NAG + pick(&d->s, 16);
			if (!d->nofficers[ai])
				ai = 0;
		}
		if (pick(&d->s, 5) < 2)
			rc = inspection(d, ai, on, err);
		else {
			const char *const *v = ai < (int)NAG ? agencies[ai].violations :
				agencies[0].violations;
			int nv = 0;
			while (v[nv])
				nv++;
			rc = penalty(d, ai, v[pick(&d->s, nv)], on, err);
		}
	}
	if (!rc)
		rc = reviews(d, err);
	if (rc) {
		fz_store_rollback(db);
	} else if ((rc = fz_store_commit(db, err))) {
		fz_store_rollback(db);
	}
	if (!rc)
		fprintf(out, "enforce: %d cases (%d over a 两法衔接 threshold: %d transferred,"
			" %d decided not to transfer), %d decisions outside the discretion"
			" range, %d ratings, %d files reviewed with %d findings (%.1f s)\n",
			d->n_cases, d->n_flags, d->n_transfer, d->n_notransfer,
			d->n_outside, d->n_ratings, d->n_reviews, d->n_findings,
			(double)(fz_mono_ms() - t0) / 1000.0);
	free(d);
	return rc;
}
