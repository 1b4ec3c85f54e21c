/* mediate_demo.c - the demo district's year of mediation (`fazhi demo`):
 * the 16 town committees, the court's 天平调解团队, the labour-dispute
 * centre and the injury fast-track desk with their mediators; 2025's
 * disputes in the district report's proportions (about 23,700 mediated,
 * about 5,200 settled before filing by the court's team, the injury fast
 * track mostly within 3 days); the court's civil first-instance figures
 * per town; a platform file of 欠薪线索; and open disputes of the last
 * days so the lists show every light.  Past disputes are recorded with
 * fz_case_import in one transaction with one summary audit entry. */
#include "domain/mediate/mediate.h"
#include "domain/mediate/mediate_demo.h"
#include "domain/mediate/wage.h"
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
static const char *const firms[] = { "绍兴某纺织有限公司", "某印染有限公司",
				     "某化纤有限公司", "某建筑劳务有限公司",
				     "某物业服务有限公司", "某家纺有限公司" };

#define MAXM 32

struct org {
	int64_t id, unit;
	char path[256], town[16];
	int64_t mediators[MAXM];
	char names[MAXM][32];
	int n;
};

struct demo {
	struct fz_store *db;
	const struct fz_keys *keys;
	const struct fz_cal *cal;
	uint64_t seed;
	struct org towns[16], court, labor, injury;
	int64_t stations[32];
	int nstations;
	char at[FZ_ISO_LEN];
	/* one sealed phone for all demo disputes: sealing 23,700 values would
	 * only slow the demo down; tracking uses the recent ones below */
	char enc[256], mask[32], idx[FZ_SM3_HEX_LEN + 1];
};

/* The demo's unit: the town with code, or (code NULL) the unit whose name
 * ends with suffix. */
static int unit_of(struct fz_store *db, const char *code, const char *suffix,
		   int64_t *id, char *path, struct fz_err *err)
{
	struct fz_unit_info u;
	int rc = fz_org_unit_first(db, code ? "town" : NULL, code, suffix, &u, err);
	*id = 0;
	if (rc == FZ_ENOTFOUND)
		return fz_err_set(err, FZ_ESTATE, NULL, "演示数据缺少单位 %s",
				  code ? code : suffix);
	if (rc)
		return rc;
	*id = u.id;
	snprintf(path, 256, "%s", u.path);
	return 0;
}

static int add_org(struct demo *d, struct org *o, const char *name,
		   const char *kind, const char *town, int nmed,
		   struct fz_err *err)
{
	int rc = fz_store_run(d->db, err,
		"INSERT INTO mediate_orgs (name, kind, unit_id, town_code, created_at)"
		" VALUES (?, ?, ?, ?, ?)", "ttItt", name, kind, o->unit, town, d->at);
	o->id = fz_store_last_id(d->db);
	snprintf(o->town, sizeof(o->town), "%s", town);
	o->n = 0;
	for (int i = 0; !rc && i < nmed && i < MAXM; i++) {
		snprintf(o->names[i], 32, "%s%s", surnames[pick(&d->seed, 14)],
			 given[pick(&d->seed, 12)]);
		rc = fz_store_run(d->db, err, "INSERT INTO mediate_mediators (org_id,"
				  " name, created_at) VALUES (?, ?, ?)", "Itt",
				  o->id, o->names[i], d->at);
		o->mediators[o->n++] = fz_store_last_id(d->db);
	}
	return rc;
}

static int orgs(struct demo *d, struct fz_err *err)
{
	char name[128];
	int rc = 0;
	for (int i = 0; !rc && i < 16; i++) {
		const struct fz_mediate_town *t = &fz_mediate_towns[i];
		rc = unit_of(d->db, t->code, NULL, &d->towns[i].unit,
			     d->towns[i].path, err);
		snprintf(name, sizeof(name), "%s人民调解委员会", t->name);
		if (!rc)
			rc = add_org(d, &d->towns[i], name, "people", t->code, 6, err);
	}
	if (!rc)
		rc = unit_of(d->db, NULL, "人民法院", &d->court.unit, d->court.path,
			     err);
	if (!rc)
		rc = add_org(d, &d->court, "柯桥区人民法院天平调解团队", "court_team",
			     "330603001000", 24, err);
	if (!rc)
		rc = unit_of(d->db, NULL, "人力资源和社会保障局", &d->labor.unit,
			     d->labor.path, err);
	if (!rc) {
		d->injury.unit = d->labor.unit;
		memcpy(d->injury.path, d->labor.path, sizeof(d->injury.path));
		rc = add_org(d, &d->labor, "柯桥区劳动人事争议调解中心", "labor",
			     "330603001000", 10, err);
	}
	if (!rc)
		rc = add_org(d, &d->injury, "柯桥区企业工伤纠纷快处中心", "industry",
			     "330603001000", 5, err);
	return rc;
}

/* fz_case_new.created for a past dispute: its row, still pending; the
 * step that ends the mediation writes the outcome, the date, the agreed
 * amount and the days on it (the types' after hooks). */
struct past_row {
	struct demo *d;
	const char *track, *title;
	int64_t station, mediator, amount;
	int town;
	struct org *o;
	struct fz_date recv;
	const char *applicant;
};

static int past_created(struct fz_store *db, int64_t id, const char *number,
			void *arg, struct fz_err *err)
{
	const struct past_row *r = arg;
	struct demo *d = r->d;
	char rd[FZ_DATE_STRLEN];
	(void)number;
	return fz_store_run(db, err,
		"INSERT INTO mediate_disputes (case_id, track, channel, station_id,"
		" town_code, org_id, mediator_id, applicant, respondent, phone_enc,"
		" phone_masked, phone_idx, summary, amount_cents, court_ref,"
		" received_on) VALUES"
		" (?, ?, ?, nullif(?, 0), ?, ?, nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"IttItIItttttt" "Itt",
		id, r->track, r->station ? "station" :
		!strcmp(r->track, "court") ? "court" : "online",
		r->station, fz_mediate_towns[r->town].code, r->o->id, r->mediator,
		r->applicant, firms[pick(&d->seed, 6)], d->enc, d->mask, d->idx,
		r->title, r->amount,
		!strcmp(r->track, "court") ? "（2025）浙0603民诉前调" : "",
		fz_date_format(r->recv, rd));
}

/* The award of a demo labour case: the wages claimed (within twelve
 * months' minimum wage: final under 劳动争议调解仲裁法 Art. 47(1)), and in
 * one case of three also the existence of the employment relation, which
 * makes the whole award non-final (浙江省劳动人事争议调解仲裁条例 Art.
 * 37(4)).  Drawn from the amount, not from the seed, so the rest of the
 * demo year comes out as before. */
static json_t *award_data(int64_t amount)
{
	json_t *items = json_pack("[{s:s,s:I}]", "类别", "劳动报酬", "金额",
				  (json_int_t)amount);
	if ((amount / 10000) % 3 == 0)
		json_array_append_new(items, json_pack("{s:s}", "类别", "确认劳动关系"));
	return json_pack("{s:s,s:o}", "裁决结果", "支付拖欠工资", "裁决事项", items);
}

/* After an award made on made: each side receives it (two and three days
 * later) and, once both periods of Art. 48-50 are over (30 days for the
 * employer's set-aside, 15 to sue on a non-final award; ten days more for
 * a last day moved off a holiday), the award is recorded in force.  Only
 * the steps already due today; returns how many it wrote. */
static size_t after_award(struct fz_date made, int final,
			  struct fz_case_step *out)
{
	struct fz_date today = fz_date_today_cn();
	struct fz_date w = fz_date_add_days(made, 2), e = fz_date_add_days(made, 3);
	struct fz_date in_force = fz_date_add_days(e, (final ? 30 : 15) + 10);
	size_t n = 0;

	if (fz_date_cmp(e, today) > 0)
		return 0;
	out[n++] = (struct fz_case_step){ "served_worker", w, NULL, NULL };
	out[n++] = (struct fz_case_step){ "served_employer", e, NULL, NULL };
	if (fz_date_cmp(in_force, today) <= 0)
		out[n++] = (struct fz_case_step){ "effective", in_force, NULL, NULL };
	return n;
}

/* One past dispute of 2025 with its whole history. */
static int past(struct demo *d, const char *track, struct org *o,
		struct fz_date recv, int success, int days, int town,
		int64_t station, int open_only, struct fz_err *err)
{
	static const struct fz_case_actor sys = { 0, "demo", 0, "/", 0, "", 1 };
	const struct fz_case_type *t = strcmp(track, "labor") ? &fz_mediate_dispute
							     : &fz_mediate_labor;
	int m = pick(&d->seed, o->n);
	int64_t amount = (int64_t)(2 + pick(&d->seed, 400)) * 10000 *
			 (strcmp(track, "court") ? 1 : 5);
	struct fz_date start = fz_date_add_days(recv, strcmp(track, "injury") ? 1 : 0);
	struct fz_date end = fz_date_add_days(recv, days);
	char applicant[32], title[200], number[FZ_CASE_NUMBER_LEN];
	json_t *facts = json_pack("{s:s,s:s}", "调解类型", track, "调解类型名称",
				  fz_mediate_track_name(track));
	json_t *a1 = json_pack("{s:s}", "调解员", o->names[m]);
	json_t *a2 = success ? json_pack("{s:s,s:I}", "协议内容", "双方自愿达成协议，分期履行",
					 "协议金额", (json_int_t)(amount * 8 / 10))
			     : json_pack("{s:s}", "后续途径", "告知依法提起诉讼");
	json_t *l1 = json_pack("{s:s}", "仲裁请求", "支付拖欠工资"), *l2, *l3;
	struct fz_case_step steps[6];
	size_t n = 0;
	int64_t id = 0;
	int rc;

	l2 = json_pack("{s:s}", "仲裁程序", "普通");
	l3 = award_data(amount);
	snprintf(applicant, sizeof(applicant), "%s%s", surnames[pick(&d->seed, 14)],
		 given[pick(&d->seed, 12)]);
	snprintf(title, sizeof(title), "%s与%s%s纠纷", applicant,
		 firms[pick(&d->seed, 6)], fz_mediate_track_name(track));
	if (open_only) {
		if (t == &fz_mediate_dispute && fz_date_cmp(start, fz_date_today_cn()) <= 0)
			steps[n++] = (struct fz_case_step){ "assign", start, a1, NULL };
	} else if (t == &fz_mediate_dispute) {
		steps[n++] = (struct fz_case_step){ "assign", start, a1, NULL };
		steps[n++] = (struct fz_case_step){ success ? "agree" : "fail", end, a2, NULL };
		if (success)
			steps[n++] = (struct fz_case_step){ "close", end, NULL, NULL };
	} else if (success) {
		steps[n++] = (struct fz_case_step){ "settle", end, a2, NULL };
	} else {
		steps[n++] = (struct fz_case_step){ "to_arbitration", end, l1, NULL };
		steps[n++] = (struct fz_case_step){ "accept_arb", fz_date_add_days(end, 4), l2, NULL };
		steps[n++] = (struct fz_case_step){ "award", fz_date_add_days(end, 40), l3, NULL };
		n += after_award(fz_date_add_days(end, 40), json_is_array(
			json_object_get(l3, "裁决事项")) && json_array_size(
			json_object_get(l3, "裁决事项")) == 1, steps + n);
	}
	{
		struct past_row pr = { d, track, title, station,
				       open_only && t == &fz_mediate_labor ? 0 :
				       o->mediators[m], amount, town, o, recv,
				       applicant };
		struct fz_case_new nc = { o->unit, o->path, title,
					  t == &fz_mediate_labor ? FZ_MEDIATE_LABOR_PREFIX
								 : FZ_MEDIATE_PREFIX,
					  recv, facts, NULL, past_created, &pr };
		rc = fz_case_import(d->db, d->cal, t, &sys, &nc, steps, n, &id,
				    number, err);
	}
	json_decref(facts);
	json_decref(a1);
	json_decref(a2);
	json_decref(l1);
	json_decref(l2);
	json_decref(l3);
	return rc;
}

/* Towns weighted by residents. */
static int town_for(uint64_t *s)
{
	int64_t r = (int64_t)(next(s) % 1097000);
	for (int i = 0; i < 16; i++) {
		if (r < fz_mediate_towns[i].residents)
			return i;
		r -= fz_mediate_towns[i].residents;
	}
	return 0;
}

/* The year: tracks, counts and success shares chosen so the totals come
 * out near the report: 23,700 mediated; 5,200 court settlements. */
static int year(struct demo *d, int y, int upto, int64_t *total,
		struct fz_err *err)
{
	static const struct {
		const char *track;
		int count, success_pm, days_lo, days_hi;
	} plan[] = {
		{ "people", 14150, 965, 2, 28 },
		{ "court", 6500, 800, 5, 29 },
		{ "injury", 560, 930, 0, 4 },
		{ "labor", 2490, 720, 3, 14 },
	};
	int rc = 0;
	for (size_t p = 0; !rc && p < sizeof(plan) / sizeof(plan[0]); p++) {
		/* upto: the days of the year to fill (330 a whole year) */
		for (int i = 0; !rc && i < plan[p].count * upto / 330; i++) {
			int town = town_for(&d->seed);
			struct fz_date recv = fz_date_add_days((struct fz_date){ y, 1, 2 },
				(long)i * 330 / plan[p].count);
			int days = plan[p].days_lo +
				   pick(&d->seed, plan[p].days_hi - plan[p].days_lo + 1);
			struct org *o = !strcmp(plan[p].track, "court") ? &d->court :
					!strcmp(plan[p].track, "labor") ? &d->labor :
					!strcmp(plan[p].track, "injury") ? &d->injury :
					&d->towns[town];
			int64_t station = !strcmp(plan[p].track, "people") &&
					  pick(&d->seed, 100) < 30 ?
					  d->stations[pick(&d->seed, d->nstations)] : 0;
			/* the fast track: most within 3 days, a few late */
			if (!strcmp(plan[p].track, "injury"))
				days = pick(&d->seed, 100) < 91 ? pick(&d->seed, 4) :
				       4 + pick(&d->seed, 4);
			rc = past(d, plan[p].track, o, recv,
				  pick(&d->seed, 1000) < plan[p].success_pm, days,
				  town, station, 0, err);
			(*total)++;
		}
	}
	return rc;
}

static int recent(struct demo *d, int64_t *total, struct fz_err *err)
{
	static const char *const tr[] = { "people", "court", "injury", "labor",
					  "people", "injury" };
	struct fz_date today = fz_date_today_cn();
	int rc = 0;
	if (fz_date_cmp(today, (struct fz_date){ 2026, 1, 31 }) < 0)
		return 0;
	for (int i = 0; !rc && i < 36; i++) {
		const char *t = tr[i % 6];
		int town = town_for(&d->seed);
		struct org *o = !strcmp(t, "court") ? &d->court : !strcmp(t, "labor") ?
				&d->labor : !strcmp(t, "injury") ? &d->injury : &d->towns[town];
		rc = past(d, t, o, fz_date_add_days(today, -(i % 12)), 0, 0, town, 0,
			  1, err);
		(*total)++;
	}
	return rc;
}

static int court_stats(struct demo *d, int y, struct fz_err *err)
{
	int rc = 0;
	/* civil first-instance filings, about 128 per 10,000 residents */
	for (int i = 0; !rc && i < 16; i++) {
		int64_t n = fz_mediate_towns[i].residents * (100 + pick(&d->seed, 56)) / 10000;
		rc = fz_store_run(d->db, err, "INSERT INTO mediate_court_stats (year,"
				  " town_code, civil_first) VALUES (?, ?, ?)", "itI",
				  y, fz_mediate_towns[i].code, n);
	}
	return rc;
}

/* This year until two months ago (a labour case reaches its award 54
 * days after receipt: every step lies in the past), at
 * last year's pace, so the figures page, which opens on the year being
 * reported, has one to show.  On a seed of its own: the 2025 year and
 * the rest of the demo come out as they always have. */
static int this_year(struct demo *d, int64_t *total, struct fz_err *err)
{
	struct fz_date today = fz_date_today_cn();
	struct fz_date jan = { today.y, 1, 2 }, end = fz_date_add_days(today, -60);
	long upto = fz_date_to_days(end) - fz_date_to_days(jan);
	uint64_t kept = d->seed;
	int rc = 0;

	if (today.y <= 2025 || upto <= 0)
		return 0;
	d->seed ^= 0x7468697379656172ULL;
	rc = year(d, today.y, (int)(upto < 330 ? upto : 330), total, err);
	if (!rc)
		rc = court_stats(d, today.y, err);
	d->seed = kept;
	return rc;
}

static int wage_leads(struct demo *d, struct fz_err *err)
{
	static const char *const usccs[] = { "91330603MA2D7Q8K6N", "91330603MA20002460",
					     "91330603MA200006XX" };
	static const struct fz_case_actor sys = { 0, "demo", 0, "/", 0, "", 1 };
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_wage_report r;
	int rc;
	fz_buf_adds(&b, "线索编号,统一社会信用代码,用人单位,涉及人数,欠薪金额,登记日期,概要\n");
	for (int i = 0; i < 30; i++)
		fz_buf_addf(&b, "ZJ2025%04d,%s,%s,%d,%d.00,2025-%02d-%02d,工资拖欠%d个月\n",
			    i + 1, usccs[i % 3], firms[i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 3],
			    2 + pick(&d->seed, 40), 5000 + pick(&d->seed, 200000),
			    1 + i % 12, 1 + pick(&d->seed, 27), 1 + pick(&d->seed, 3));
	rc = b.err ? fz_err_set(err, b.err, NULL, NULL) : 0;
	/* the import runs its own transaction: call it after ours */
	if (!rc)
		rc = fz_wage_import(d->db, &sys, "demo-provincial-2025.csv", b.data,
				    b.len, "provincial", &r, err);
	if (!rc)
		json_decref(r.errors);
	fz_buf_release(&b);
	if (!rc)
		rc = fz_store_run(d->db, err, "UPDATE mediate_wage_leads SET status ="
				  " 'resolved', paid_cents = amount_cents, resolved_on ="
				  " '2025-12-20' WHERE id % 3 <> 0", "");
	return rc;
}

int fz_mediate_demo(struct fz_store *db, const struct fz_keys *keys,
		    uint64_t seed, FILE *out, struct fz_err *err)
{
	struct demo d;
	struct fz_audit_entry e = { 0 };
	struct fz_buf enc = FZ_BUF_INIT;
	int64_t total = 0;
	char detail[128];
	size_t nst = 0;
	int rc;

	memset(&d, 0, sizeof(d));
	d.db = db;
	d.keys = keys;
	d.cal = fz_mediate_cal();
	d.seed = seed ^ 0x6d65646961746500ULL;
	fz_now_iso(d.at);
	if (!d.cal)
		return fz_err_set(err, FZ_EINTERNAL, NULL, "工作日历未加载");
	if ((rc = fz_sm4_seal(keys, "13900001234", 11, &enc, err)))
		return rc;
	snprintf(d.enc, sizeof(d.enc), "%s", enc.data);
	fz_buf_release(&enc);
	fz_blind_index(keys, "13900001234", d.idx);
	fz_mask_phone("13900001234", d.mask, sizeof(d.mask));
	rc = fz_org_unit_ids(db, "station", d.stations, 32, &nst, err);
	if (rc)
		return rc;
	d.nstations = (int)nst;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = orgs(&d, err);
	if (!rc)
		rc = year(&d, 2025, 330, &total, err);
	/* before the open ones, which stay the newest in a list */
	if (!rc)
		rc = this_year(&d, &total, err);
	if (!rc)
		rc = recent(&d, &total, err);
	if (!rc)
		rc = court_stats(&d, 2025, err);
	snprintf(detail, sizeof(detail), "演示数据：%" PRId64 " 件调解纠纷", total);
	e.actor = "demo";
	e.action = "mediate.demo";
	e.object = "mediate_disputes";
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
	if ((rc = wage_leads(&d, err)))
		return rc;
	fprintf(out, "mediate: %" PRId64 " disputes (2025, this year and recent days), 19"
		" mediation organisations, 30 欠薪线索\n", total);
	return 0;
}
