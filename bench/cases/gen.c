/* gen.c - a province-sized district for bench/cases: gen DB SEED FACTOR
 *
 * DB must already hold the demo district (`fazhi demo --db DB --seed 1`,
 * run.sh does it) and its key file DB.key.  Adds, times FACTOR (1.0 = the
 * full size):
 *   1,000,000 enforcement cases (行政处罚 and 行政检查),
 *     200,000 mediation disputes (人民调解, 诉前调解, 工伤快处, 劳动争议),
 *      50,000 行政复议 cases,
 * opened from 2023-01-01 to today over the demo's agencies, towns and
 * organisations, in every state: old cases mostly closed, a few stalled
 * (overdue), recent ones part-way (green, yellow, red lights), all through
 * the domains' import functions (fz_enforce_case_import, fz_mediate_import,
 * fz_review_import) so the rows are the product's own.  Batches of 10,000
 * cases a transaction, each with one summary audit entry.  Deterministic
 * from SEED and the day it runs (dates near today are relative to today).
 *
 * Also creates a bearer token for the demo admin and writes it to
 * DB.token (the benchmark's requests authenticate with it).  Prints the
 * rate of each part and lines "key<TAB>value" at the end. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "core/cal.h"
#include "core/clock.h"
#include "crypto/key.h"
#include "domain/casehttp/casehttp.h"
#include "domain/enforce/enforce.h"
#include "domain/mediate/mediate.h"
#include "domain/org/auth.h"
#include "domain/org/token.h"
#include "domain/review/review.h"
#include "engine/audit.h"

#define BATCH 10000

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int pick(int n)
{
	return (int)(next() % (uint64_t)n);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct fz_store *db;
static struct fz_keys *keys;
static const struct fz_cal *cal;
static struct fz_date today, first = { 2023, 1, 1 };
static long span; /* days from first to today */
static const struct fz_case_actor sys = { 0, "bench", 0, "/", 0, "", 1 };

static void die(const char *what, const struct fz_err *err)
{
	fprintf(stderr, "gen: %s: %s%s%s\n", what, err->msg,
		err->field[0] ? " — " : "", err->field);
	exit(1);
}

/* A date drawn over 2023-01-01 .. today, a little denser towards today
 * (case numbers grow year on year). */
static struct fz_date opened_on(void)
{
	long a = pick((int)span + 1), b = pick((int)span + 1);
	long d = pick(3) ? (a > b ? a : b) : a;
	return fz_date_add_days(first, d);
}

/* ---- batches ---- */

static long in_batch;

static void batch_begin(void)
{
	struct fz_err err = FZ_ERR_INIT;
	if (fz_store_begin(db, &err))
		die("begin", &err);
	in_batch = 0;
}

static void batch_end(const char *what)
{
	struct fz_err err = FZ_ERR_INIT;
	char detail[64];
	struct fz_audit_entry e = { 0, "bench", 0, "bench.import", what, detail, "", 1 };
	snprintf(detail, sizeof(detail), "%ld cases", in_batch);
	if (fz_audit_append(db, &e, &err) || fz_store_commit(db, &err))
		die("commit", &err);
}

static void batch_tick(const char *what)
{
	if (++in_batch == BATCH) {
		batch_end(what);
		batch_begin();
	}
}

/* ---- enforcement ---- */

static const struct gagency {
	const char *unit;
	const char *const *violations;
	int weight;
} gagencies[] = {
	{ "绍兴市柯桥区综合行政执法局", (const char *const[]){ "ZF-DL-42", NULL }, 3 },
	{ "绍兴市柯桥区市场监督管理局",
	  (const char *const[]){ "SJ-CP-49", "SJ-CP-50", "SJ-SP-124", NULL }, 4 },
	{ "绍兴市生态环境局柯桥分局",
	  (const char *const[]){ "HB-DQ-99", "HB-SS-83", "HB-HP-31", NULL }, 2 },
	{ "绍兴市柯桥区应急管理局", (const char *const[]){ "YJ-XF-60", "YJ-AQ-97", NULL }, 2 },
};
#define NAG 4
#define MAXU 32

static struct eunit {
	int64_t id;
	const char *const *violations;
	int64_t officers[8];
	int nofficers;
} eunits[MAXU];
static int neunits;
static int64_t *parties;
static char (*pkinds)[8];
static int nparties;

struct vtitle {
	char code[16], title[200];
};
static struct vtitle vtitles[32];
static int nvtitles;

static const char *title_of(const char *v)
{
	for (int i = 0; i < nvtitles; i++)
		if (!strcmp(vtitles[i].code, v))
			return vtitles[i].title;
	return "违法行为案";
}

static void enforce_setup(void)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	int cap = 1024;

	for (int i = 0; i < NAG; i++) {
		if (fz_store_int(db, &eunits[i].id, &err,
				 "SELECT id FROM units WHERE name = ?", "t",
				 gagencies[i].unit) != 1)
			die(gagencies[i].unit, &err);
		eunits[i].violations = gagencies[i].violations;
	}
	neunits = NAG;
	/* the towns' 综合行政执法队: agencies of kind town */
	if (fz_store_query(db, &st, &err, "SELECT a.unit_id FROM enf_agencies a"
			   " JOIN units u ON u.id = a.unit_id WHERE u.kind = 'town'"
			   " ORDER BY a.unit_id", ""))
		die("towns", &err);
	while (neunits < MAXU && fz_stmt_step(st, &err) == 1) {
		eunits[neunits].id = fz_stmt_int(st, 0);
		eunits[neunits++].violations = gagencies[0].violations;
	}
	fz_stmt_finish(st);
	for (int i = 0; i < neunits; i++) {
		if (fz_store_query(db, &st, &err, "SELECT id FROM enf_officers WHERE"
				   " unit_id = ? AND active = 1 ORDER BY id", "I",
				   eunits[i].id))
			die("officers", &err);
		while (eunits[i].nofficers < 8 && fz_stmt_step(st, &err) == 1)
			eunits[i].officers[eunits[i].nofficers++] = fz_stmt_int(st, 0);
		fz_stmt_finish(st);
		if (eunits[i].nofficers < 2) {
			fprintf(stderr, "gen: unit %" PRId64 " has fewer than two officers\n",
				eunits[i].id);
			exit(1);
		}
	}
	parties = malloc(sizeof(*parties) * (size_t)cap);
	pkinds = malloc(sizeof(*pkinds) * (size_t)cap);
	if (fz_store_query(db, &st, &err, "SELECT id, kind FROM enf_parties ORDER BY id", ""))
		die("parties", &err);
	while (nparties < cap && fz_stmt_step(st, &err) == 1) {
		parties[nparties] = fz_stmt_int(st, 0);
		snprintf(pkinds[nparties++], 8, "%s", fz_stmt_text(st, 1));
	}
	fz_stmt_finish(st);
	if (!nparties) {
		fprintf(stderr, "gen: the demo district has no parties\n");
		exit(1);
	}
	{
		json_t *all = fz_enforce_discretion_json(fz_enforce_env()->discretion, NULL), *it;
		size_t i;
		json_array_foreach(json_object_get(all, "items"), i, it) {
			if (nvtitles == 32)
				break;
			snprintf(vtitles[nvtitles].code, 16, "%s",
				 json_string_value(json_object_get(it, "code")));
			snprintf(vtitles[nvtitles++].title, 200, "%s案",
				 json_string_value(json_object_get(it, "violation")));
		}
		json_decref(all);
	}
}

/* The facts a violation's row needs (as the demo draws them); crime: the
 * 两法衔接 warning fires (about 1 case in 100 of the goods and waste ones). */
static json_t *facts_for(const char *v, int *crime)
{
	json_t *f = json_object();
	*crime = 0;
	if (!strncmp(v, "SJ-", 3)) {
		int64_t goods = 50000 + (int64_t)pick(6000000);
		json_object_set_new(f, "货值金额", json_integer(goods));
		if (!strncmp(v, "SJ-CP", 5) && pick(100) == 0) {
			json_object_set_new(f, "销售金额", json_integer(5000000 + pick(8000000)));
			*crime = 1;
		} else {
			json_object_set_new(f, "销售金额", json_integer(goods / 2));
		}
	} else if (!strncmp(v, "HB-HP", 5)) {
		json_object_set_new(f, "总投资额", json_integer(100000000 + pick(900000000)));
		json_object_set_new(f, "及时改正", json_boolean(pick(2)));
	} else if (!strncmp(v, "HB-", 3)) {
		char x[16];
		snprintf(x, sizeof(x), "%d.%d", pick(2), pick(10));
		json_object_set_new(f, "超标倍数", json_string(x));
		if (pick(100) == 0) {
			json_object_set_new(f, "危险废物数量", json_string("3.5"));
			*crime = 1;
		}
	} else {
		json_object_set_new(f, "违法点位数", json_integer(1 + pick(3)));
		json_object_set_new(f, "人员密集场所", json_boolean(pick(4) == 0));
		json_object_set_new(f, "首次违法", json_boolean(pick(2)));
	}
	return f;
}

/* Steps under construction: each dated gap days after the previous one;
 * a step that would fall after today is not taken (the case waits there),
 * and a stalled case stops after `stop` steps whatever its age. */
struct steps {
	struct fz_case_step s[16];
	json_t *data[16];
	size_t n;
	struct fz_date on;
	int stop, done;
};

static int add(struct steps *p, const char *tr, int gap, json_t *data)
{
	struct fz_date d = fz_date_add_days(p->on, gap);
	if (p->done || (int)p->n >= p->stop || fz_date_cmp(d, today) > 0) {
		p->done = 1;
		json_decref(data);
		return 0;
	}
	p->on = d;
	p->data[p->n] = data;
	p->s[p->n++] = (struct fz_case_step){ tr, d, data, NULL, NULL };
	return 1;
}

static void steps_free(struct steps *p)
{
	for (size_t i = 0; i < p->n; i++)
		json_decref(p->data[i]);
}

static long n_pen, n_insp, n_stalled, n_crime;

/* After the 告知: one case in 50 holds a hearing (行政处罚法 Art. 63, 64:
 * noticed the day it is asked for, held after seven whole 工作日), the
 * others are decided once the 5 工作日 in which a hearing may be asked for
 * are over (Art. 62, 64(1), 85).  Every decision goes through 法制审核
 * first: more than Art. 58 and the agencies' catalogues ask, never less. */
static void decide_after_party(struct steps *p, int64_t fine, int64_t lo)
{
	const struct fz_cal *cal = fz_enforce_env()->cal;
	struct fz_date told = p->on, after;
	char a[FZ_DATE_STRLEN], b[FZ_DATE_STRLEN];
	struct fz_err err = FZ_ERR_INIT;
	json_t *dd;

	if (pick(50) == 0 && add(p, "request_hearing", 2, json_pack("{s:s}",
				"听证申请日期", fz_date_format(fz_date_add_days(told, 2), a)))) {
		if (fz_cal_add_workdays(cal, p->on, 8, &after, &err))
			die("hearing", &err);
		add(p, "hearing_done", (int)(fz_date_to_days(after) - fz_date_to_days(p->on)),
		    json_pack("{s:s,s:s,s:s}", "听证笔录", "听证笔录已归档", "听证通知日期",
			      fz_date_format(p->on, a), "听证日期", fz_date_format(after, b)));
	}
	add(p, "submit_review", 1, json_pack("{s:s}", "拟处罚内容", "罚款"));
	add(p, "review_pass", 1 + pick(3), json_pack("{s:s}", "法制审核意见",
		"事实清楚，证据确凿，同意"));
	if (fz_cal_add_workdays(cal, told, 5, &after, &err))
		die("hearing window", &err);
	dd = json_pack("{s:s,s:I}", "处罚种类", "罚款", "罚款金额", (json_int_t)fine);
	if (pick(20) == 0) {
		json_object_set_new(dd, "罚款金额", json_integer(lo / 2));
		json_object_set_new(dd, "裁量说明", json_string(
			"当事人主动退赔消费者损失，经集体讨论决定减轻处罚（行政处罚法第三十二条）"));
	}
	after = fz_date_add_days(after, 1 + pick(12));
	add(p, "decide", fz_date_cmp(after, p->on) > 0 ?
	    (int)(fz_date_to_days(after) - fz_date_to_days(p->on)) : 1 + pick(3), dd);
}

static void enforce_case(void)
{
	struct fz_err err = FZ_ERR_INIT;
	int w = pick(11), ai, penalty = pick(5) >= 2, crime = 0, rc;
	struct fz_date on = opened_on();
	struct steps p = { .on = on, .stop = 16 };
	int64_t id;
	char number[FZ_CASE_NUMBER_LEN];
	struct eunit *u;
	int party = pick(nparties), k;
	json_t *facts;
	const char *v = NULL;
	struct fz_enforce_case_new nc;

	for (ai = 0; ai < NAG - 1 && w >= gagencies[ai].weight; ai++)
		w -= gagencies[ai].weight;
	if (pick(4) == 0)
		ai = NAG + pick(neunits - NAG);
	u = &eunits[ai];
	k = pick(u->nofficers - 1);
	/* about 3 in 100 stall part-way, whatever their age: the overdue ones */
	if (pick(100) < 3) {
		p.stop = pick(4);
		n_stalled++;
	}
	if (!penalty) {
		static const char *const items[] = { "消防安全检查", "产品质量抽查",
			"排污许可执行情况检查", "市容环境卫生检查", "食品经营许可检查",
			"安全生产检查" };
		const char *item = items[pick(6)];
		facts = json_pack("{s:s}", "检查事项", item);
		nc = (struct fz_enforce_case_new){ "inspection", u->id, item,
			parties[party], { u->officers[k], u->officers[k + 1] }, NULL, on,
			{ 0, 0, 0 }, 0, "普通", facts, { 0, 0, 0 } };
		if (pick(3))
			add(&p, "finish", 0, json_pack("{s:s}", "检查结果", "未发现违法行为"));
		else if (add(&p, "order", 0, json_pack("{s:s}", "整改要求",
				"限期十五日内清理占用物品，恢复通道畅通")))
			add(&p, "recheck", 8 + pick(12), json_pack("{s:s}", "复查结果", "已整改到位"));
		n_insp++;
	} else {
		int nv = 0, simple, org = !strcmp(pkinds[party], "org");
		while (u->violations[nv])
			nv++;
		v = u->violations[pick(nv)];
		simple = !strcmp(v, "ZF-DL-42") && pick(3) == 0;
		facts = facts_for(v, &crime);
		nc = (struct fz_enforce_case_new){ "penalty", u->id, title_of(v),
			parties[party], { u->officers[k], u->officers[k + 1] }, v, on,
			fz_date_add_days(on, -pick(60) - 1), 0, simple ? "简易" : "普通",
			facts, { 0, 0, 0 } };
		if (simple) {
			/* 行政处罚法 Art. 51 */
			int64_t f = !org ? 5000 + 1000 * pick(16) : 20000 + 1000 * pick(180);
			add(&p, "decide_onsite", 0, json_pack("{s:s,s:I}", "处罚种类", "罚款",
				"罚款金额", (json_int_t)f));
		} else if (crime) {
			/* the 两法衔接 warning stays open */
			add(&p, "investigate", 1 + pick(3), NULL);
			p.done = 1;
			n_crime++;
		} else if (pick(100) < 4) {
			add(&p, "investigate", 1 + pick(3), NULL);
			add(&p, "decide_none", 10 + pick(30), json_pack("{s:s}", "不予处罚理由",
				"首次违法且危害后果轻微并及时改正（行政处罚法第三十三条）"));
			p.done = 1;
		} else if (pick(100) < 2) {
			add(&p, "investigate", 1 + pick(3), NULL);
			add(&p, "drop", 5 + pick(20), json_pack("{s:s}", "撤案理由",
				"违法事实不能成立"));
			p.done = 1;
		} else {
			json_t *rec = NULL, *mf = json_deep_copy(facts);
			int64_t lo, hi, fine;
			struct fz_err e2 = FZ_ERR_INIT;
			if (fz_enforce_discretion_compute(fz_enforce_env()->discretion, v,
							  mf, &rec, &e2))
				die(v, &e2);
			json_decref(mf);
			lo = json_integer_value(json_object_get(json_object_get(rec, "recommended"), "min"));
			hi = json_integer_value(json_object_get(json_object_get(rec, "recommended"), "max"));
			json_decref(rec);
			fine = lo + (hi > lo ? (int64_t)(next() % (uint64_t)(hi - lo + 1)) : 0);
			fine -= fine % 10000;
			if (fine < lo)
				fine += 10000;
			if (fine > hi)
				fine = hi;
			add(&p, "investigate", 1 + pick(3), NULL);
			if (pick(100) < 2) {
				/* 中止: the deadline pauses */
				add(&p, "suspend", 5 + pick(20), json_pack("{s:s}", "中止理由",
					"当事人下落不明"));
				p.done = 1;
			}
			add(&p, "notify", 10 + pick(40), json_pack("{s:s,s:I}", "拟处罚内容",
				"罚款", "拟罚款金额", (json_int_t)fine));
			decide_after_party(&p, fine, lo);
		}
		if (!p.done) {
			add(&p, "serve", pick(5), json_pack("{s:s}", "送达方式",
				pick(3) ? "直接送达" : "电子送达"));
			add(&p, "perform", 3 + pick(20), json_pack("{s:I}", "实缴金额",
				(json_int_t)0));
			add(&p, "close", 1 + pick(10), NULL);
		}
		n_pen++;
	}
	rc = fz_enforce_case_import(db, keys, &sys, &nc, p.s, p.n, &id, number, &err);
	if (rc)
		die(v ? v : "inspection", &err);
	json_decref(facts);
	steps_free(&p);
}

/* ---- mediation ---- */

struct morg {
	int64_t id;
	char kind[16], town[16];
	int64_t mediators[32];
	char names[32][32];
	int n;
};
static struct morg morgs[32];
static int nmorgs;
static int64_t stations[64];
static int nstations;

static void mediate_setup(void)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;

	if (fz_store_query(db, &st, &err, "SELECT id, kind, town_code FROM mediate_orgs"
			   " ORDER BY id", ""))
		die("orgs", &err);
	while (nmorgs < 32 && fz_stmt_step(st, &err) == 1) {
		morgs[nmorgs].id = fz_stmt_int(st, 0);
		snprintf(morgs[nmorgs].kind, 16, "%s", fz_stmt_text(st, 1));
		snprintf(morgs[nmorgs++].town, 16, "%s", fz_stmt_text(st, 2));
	}
	fz_stmt_finish(st);
	for (int i = 0; i < nmorgs; i++) {
		if (fz_store_query(db, &st, &err, "SELECT id, name FROM mediate_mediators"
				   " WHERE org_id = ? AND active = 1 ORDER BY id", "I",
				   morgs[i].id))
			die("mediators", &err);
		while (morgs[i].n < 32 && fz_stmt_step(st, &err) == 1) {
			morgs[i].mediators[morgs[i].n] = fz_stmt_int(st, 0);
			snprintf(morgs[i].names[morgs[i].n++], 32, "%s", fz_stmt_text(st, 1));
		}
		fz_stmt_finish(st);
	}
	if (fz_store_query(db, &st, &err, "SELECT id FROM units WHERE kind = 'station'"
			   " ORDER BY id", ""))
		die("stations", &err);
	while (nstations < 64 && fz_stmt_step(st, &err) == 1)
		stations[nstations++] = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	if (!nmorgs || !nstations) {
		fprintf(stderr, "gen: the demo district has no mediation organisations\n");
		exit(1);
	}
}

static struct morg *org_of(const char *kind, int nth)
{
	int seen = 0;
	for (int i = 0; i < nmorgs; i++)
		if (!strcmp(morgs[i].kind, kind) && seen++ == nth)
			return &morgs[i];
	return &morgs[0];
}

static int count_kind(const char *kind)
{
	int n = 0;
	for (int i = 0; i < nmorgs; i++)
		n += !strcmp(morgs[i].kind, kind);
	return n;
}

static const char *const surnames[] = { "王", "陈", "张", "李", "金", "沈", "徐",
					"钱", "孙", "周", "吴", "俞", "冯", "傅" };
static const char *const given[] = { "建国", "丽华", "志强", "晓燕", "伟", "敏",
				     "海峰", "雪梅", "国平", "佳怡", "立新", "静" };
static const char *const firms[] = { "绍兴某纺织有限公司", "某印染有限公司",
				     "某化纤有限公司", "某建筑劳务有限公司",
				     "某物业服务有限公司", "某家纺有限公司" };

static void mediate_case(void)
{
	struct fz_err err = FZ_ERR_INIT;
	int r = pick(1000), npeople = count_kind("people");
	const char *track = r < 597 ? "people" : r < 871 ? "court" : r < 895 ? "injury" : "labor";
	struct morg *o = !strcmp(track, "people") ? org_of("people", pick(npeople)) :
			 !strcmp(track, "court") ? org_of("court_team", 0) :
			 !strcmp(track, "labor") ? org_of("labor", 0) : org_of("industry", 0);
	int m = pick(o->n), success = pick(100) < 85, days;
	struct fz_date recv = opened_on();
	struct steps p = { .on = recv, .stop = 16 };
	int64_t amount = (int64_t)(2 + pick(400)) * 10000 * (strcmp(track, "court") ? 1 : 5);
	int64_t station = !strcmp(track, "people") && pick(100) < 30 ?
			  stations[pick(nstations)] : 0;
	char applicant[32], phone[16], number[FZ_CASE_NUMBER_LEN], summary[200];
	const char *resp = firms[pick(6)];
	int64_t id;

	days = !strcmp(track, "injury") ? (pick(100) < 91 ? pick(4) : 4 + pick(4)) :
	       !strcmp(track, "labor") ? 3 + pick(12) : 2 + pick(27);
	snprintf(applicant, sizeof(applicant), "%s%s", surnames[pick(14)], given[pick(12)]);
	snprintf(phone, sizeof(phone), "1390000%04d", pick(10000));
	snprintf(summary, sizeof(summary), "%s与%s%s纠纷", applicant, resp,
		 fz_mediate_track_name(track));
	if (pick(100) < 2) {
		p.stop = 1; /* stalled: assigned, never ended */
		n_stalled++;
	}
	if (strcmp(track, "labor")) {
		add(&p, "assign", strcmp(track, "injury") ? 1 : 0,
		    json_pack("{s:s}", "调解员", o->names[m]));
		if (pick(100) < 3)
			add(&p, "withdraw", days, NULL);
		else if (success) {
			add(&p, "agree", days, json_pack("{s:s,s:I}", "协议内容",
				"双方自愿达成协议，分期履行", "协议金额",
				(json_int_t)(amount * 8 / 10)));
			if (pick(10) == 0) {
				add(&p, "apply_confirm", 3 + pick(20), json_pack("{s:s}",
					"确认法院", "绍兴市柯桥区人民法院"));
				add(&p, "confirmed", 3 + pick(12), json_pack("{s:s}",
					"确认结果", "确认调解协议有效"));
			} else {
				add(&p, "close", 0, NULL);
			}
		} else {
			add(&p, "fail", days, json_pack("{s:s}", "后续途径", "告知依法提起诉讼"));
		}
	} else if (success) {
		add(&p, "settle", days, json_pack("{s:s,s:I}", "协议内容",
			"双方自愿达成协议，分期履行", "协议金额", (json_int_t)(amount * 8 / 10)));
	} else if (pick(3) == 0) {
		add(&p, "to_inspection", days, json_pack("{s:s}", "转办理由", "涉嫌拖欠工资"));
		add(&p, "resolve", 20 + pick(40), json_pack("{s:s}", "处理结果",
			"责令支付拖欠工资"));
	} else {
		add(&p, "to_arbitration", days, json_pack("{s:s}", "仲裁请求", "支付拖欠工资"));
		add(&p, "accept_arb", 4, json_pack("{s:s}", "仲裁程序", pick(3) ? "普通" : "简易"));
		add(&p, "award", 25 + pick(20), json_pack("{s:s}", "裁决结果", "支付工资"));
	}
	{
		struct fz_mediate_new n = { track, station ? "station" :
			!strcmp(track, "court") ? "court" : "online", station, o->town,
			o->id, applicant, resp, phone, summary, amount,
			!strcmp(track, "court") ? "浙0603民诉前调" : NULL, recv };
		int64_t med = p.n && strcmp(track, "labor") ? o->mediators[m] :
			      !strcmp(track, "labor") ? o->mediators[m] : 0;
		if (fz_mediate_import(db, cal, keys, &sys, &n, med, p.s, p.n, &id,
				      number, &err))
			die(track, &err);
	}
	steps_free(&p);
}

/* ---- 行政复议 ---- */

static const struct {
	const char *name, *kind, *act;
} respondents[] = {
	{ "绍兴市柯桥区综合行政执法局", "department", "行政处罚决定" },
	{ "绍兴市柯桥区市场监督管理局", "department", "行政处罚决定" },
	{ "绍兴市生态环境局柯桥分局", "department", "行政处罚决定" },
	{ "绍兴市公安局柯桥区分局", "department", "治安管理处罚决定" },
	{ "绍兴市柯桥区人力资源和社会保障局", "department", "工伤认定决定" },
	{ "绍兴市柯桥区住房和城乡建设局", "department", "政府信息公开答复" },
	{ "柯桥街道办事处", "town", "限期拆除决定" },
	{ "钱清街道办事处", "town", "征收补偿行为" },
	{ "平水镇人民政府", "town", "责令停止违法行为通知" },
};
#define NRESP (sizeof(respondents) / sizeof(respondents[0]))
static int64_t rofficers[32];
static int nrofficers;

static void review_setup(void)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	if (fz_store_query(db, &st, &err, "SELECT id FROM review_officers WHERE"
			   " active = 1 ORDER BY id", ""))
		die("review officers", &err);
	while (nrofficers < 32 && fz_stmt_step(st, &err) == 1)
		rofficers[nrofficers++] = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	if (!nrofficers) {
		fprintf(stderr, "gen: the demo district has no 复议 officers\n");
		exit(1);
	}
}

static void review_case(void)
{
	static const struct {
		const char *tr, *decision;
	} ends[] = {
		{ "mediated", NULL }, { "withdraw", NULL }, { "decide", "维持" },
		{ "decide", "撤销" }, { "decide", "确认违法" }, { "decide", "变更" },
		{ "decide", "驳回申请" }, { "terminate", NULL }, { "reject", NULL },
		{ "decide", "责令履行" },
	};
	static const int weights[] = { 30, 25, 20, 6, 3, 2, 6, 3, 4, 1 };
	struct fz_err err = FZ_ERR_INIT;
	struct fz_date recv = opened_on();
	struct steps p = { .on = recv, .stop = 16 };
	int resp = pick((int)NRESP), simple = pick(100) < 35, w = pick(100), ending;
	int64_t station = pick(100) < 62 ? stations[pick(nstations)] : 0, id;
	char applicant[32], phone[16], number[FZ_CASE_NUMBER_LEN];
	json_t *facts = json_object();

	for (ending = 0; w >= weights[ending]; ending++)
		w -= weights[ending];
	if (simple) {
		json_object_set_new(facts, "当场作出", json_true());
		json_object_set_new(facts, "事实清楚", json_true());
	}
	snprintf(applicant, sizeof(applicant), "%s%s", surnames[pick(14)], given[pick(12)]);
	snprintf(phone, sizeof(phone), "1390000%04d", pick(10000));
	if (pick(100) < 3) {
		p.stop = 1 + pick(3);
		n_stalled++;
	}
	if (!strcmp(ends[ending].tr, "reject")) {
		add(&p, "reject", 1 + pick(4), json_pack("{s:s}", "不予受理理由",
			"超过法定申请期限（行政复议法第二十条）"));
	} else {
		int end = 2 + pick(simple ? 12 : 35);
		add(&p, "accept", 1 + pick(4), NULL);
		add(&p, "send_copy", 1 + pick(3), NULL);
		add(&p, "reply", 3 + pick(8), json_pack("{s:s}", "答复情况", "已答复"));
		if (!strcmp(ends[ending].tr, "mediated")) {
			add(&p, "mediate", 0, NULL);
			add(&p, "mediated", end, json_pack("{s:s}", "调解书文号",
				"柯政复调〔2025〕号"));
		} else if (!strcmp(ends[ending].tr, "withdraw")) {
			add(&p, "withdraw", end, json_pack("{s:s}", "撤回理由",
				"双方和解，申请人自愿撤回"));
		} else if (!strcmp(ends[ending].tr, "terminate")) {
			add(&p, "terminate", end, json_pack("{s:s}", "终止事由",
				"第四十一条第一款第二项"));
		} else {
			add(&p, "decide", end, json_pack("{s:s,s:s,s:s,s:s}", "决定类型",
				ends[ending].decision, "查明事实", "被申请人认定的事实有相应证据证明。",
				"本机关认为", "被申请人作出的行政行为认定事实清楚。",
				"决定内容", ends[ending].decision));
		}
	}
	{
		struct fz_review_application a = { station ? "station" : "online", station,
			applicant, NULL, phone, NULL, respondents[resp].name,
			respondents[resp].kind, respondents[resp].act, "请求撤销", recv, facts };
		int64_t officer = p.n >= 1 && strcmp(ends[ending].tr, "reject") ?
				  rofficers[pick(nrofficers)] : 0;
		if (fz_review_import(db, cal, keys, &sys, &a, officer, p.s, p.n, &id,
				     number, &err))
			die("review", &err);
	}
	json_decref(facts);
	steps_free(&p);
}

/* ---- main ---- */

static void part(const char *what, long n, void (*one)(void))
{
	double t0 = now_s(), t;
	batch_begin();
	for (long i = 0; i < n; i++) {
		one();
		batch_tick(what);
		if ((i + 1) % 100000 == 0)
			fprintf(stderr, "gen: %s %ld/%ld (%.0f/s)\n", what, i + 1, n,
				(double)(i + 1) / (now_s() - t0));
	}
	batch_end(what);
	t = now_s() - t0;
	printf("gen: %-8s %9ld cases in %7.1f s  (%.0f cases/s)\n", what, n, t,
	       t > 0 ? (double)n / t : 0.0);
	printf("rate_%s\t%.0f\n", what, t > 0 ? (double)n / t : 0.0);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct fz_err err = FZ_ERR_INIT;
	char keypath[4096], tokpath[4096], token[80];
	double factor, t0 = now_s();
	int64_t admin = 0, tid;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: gen DB SEED FACTOR   (FACTOR 1.0 = 1,000,000"
			" enforcement, 200,000 mediation, 50,000 复议 cases)\n");
		return 2;
	}
	rng = strtoull(argv[2], NULL, 10) ^ 0x62656e6368ULL; /* "bench" */
	factor = strtod(argv[3], NULL);
	if (!(factor > 0) || factor > 100) {
		fprintf(stderr, "gen: FACTOR must be in (0, 100]\n");
		return 2;
	}
	snprintf(keypath, sizeof(keypath), "%s.key", argv[1]);
	snprintf(tokpath, sizeof(tokpath), "%s.token", argv[1]);
	if (fz_keys_load(&keys, keypath, &err))
		die(keypath, &err);
	if (fz_app_open_keyed(&db, argv[1], 0, keys, &err))
		die(argv[1], &err);
	/* a bigger page cache for the bulk load; commits stay durable */
	if (fz_store_exec(db, "PRAGMA cache_size = -262144", &err))
		die("pragma", &err);
	if (!fz_enforce_env_default(&err))
		die("enforce data", &err);
	cal = fz_casehttp_cal();
	if (!cal) {
		fprintf(stderr, "gen: no calendar\n");
		return 1;
	}
	today = fz_date_today_cn();
	span = fz_date_to_days(today) - fz_date_to_days(first);
	enforce_setup();
	mediate_setup();
	review_setup();

	part("enforce", (long)(1000000 * factor + 0.5), enforce_case);
	part("mediate", (long)(200000 * factor + 0.5), mediate_case);
	part("review", (long)(50000 * factor + 0.5), review_case);

	if (fz_store_int(db, &admin, &err, "SELECT id FROM users WHERE login = 'admin'", "") != 1)
		die("admin", &err);
	{
		struct fz_token_new t = { "bench/cases", admin, 0, 0 };
		if (fz_token_create(db, NULL, &t, &tid, token, &err))
			die("token", &err);
	}
	f = fopen(tokpath, "w");
	if (!f || fprintf(f, "%s\n", token) < 0 || fclose(f)) {
		perror(tokpath);
		return 1;
	}
	fz_store_close(db);
	fz_keys_free(keys);
	printf("gen: %ld stalled (overdue) cases, %ld penalty, %ld inspection,"
	       " %ld with an open 两法衔接 warning; %.1f s in all\n", n_stalled, n_pen,
	       n_insp, n_crime, now_s() - t0);
	printf("today\t%04d-%02d-%02d\n", today.y, today.m, today.d);
	printf("total_s\t%.1f\n", now_s() - t0);
	return 0;
}
