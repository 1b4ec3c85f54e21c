/* supervise.c - 法治督察 findings (supervise.h). */
#include "domain/supervise/supervise.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"
#include "engine/audit.h"

const struct fz_migration fz_supervise_migrations[] = {
	{ "supervise", 1,
	  "CREATE TABLE supervise_items ("
	  " case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	  " number TEXT NOT NULL,"
	  " kind TEXT NOT NULL CHECK (kind IN ('notice', 'reminder')),"
	  " unit_id INTEGER NOT NULL REFERENCES units(id),"
	  " issued_on TEXT NOT NULL,"
	  " days INTEGER NOT NULL,"
	  " answered_on TEXT,"
	  " closed_on TEXT,"
	  " returns INTEGER NOT NULL DEFAULT 0);"
	  "CREATE INDEX supervise_items_issued ON supervise_items(issued_on)" },
	{ NULL, 0, NULL }
};

static const struct {
	const char *key, *name, *prefix;
} kinds[] = {
	{ "notice", "通报", "柯法督通" },
	{ "reminder", "整改提醒函", "柯法督函" },
};

static int kind_index(const char *kind)
{
	for (int i = 0; kind && i < 2; i++)
		if (!strcmp(kinds[i].key, kind))
			return i;
	return -1;
}

const char *fz_supervise_kind_name(const char *kind)
{
	int i = kind_index(kind);
	return i < 0 ? NULL : kinds[i].name;
}

/* ---- the case type ---- */

#define OFFICE FZ_ROLE_OFFICE
/* the unit addressed answers: whoever works there */
#define UNIT (FZ_ROLE_TOWN | FZ_ROLE_OFFICER | FZ_ROLE_JUSTICE | FZ_ROLE_COURT | \
	      FZ_ROLE_PROCURATOR)
#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The periods are the district's practice, not a statute: each 通报 and
 * 提醒函 states its own 整改期限 (15, 30 or 60 days); after a return the
 * unit has 15 days; the office answers a report within 10 工作日. */
#define CITE_LOCAL "本区法治督察工作做法（期限以通报、整改提醒函载明的为准）"

static const struct fz_case_state states[] = {
	{ "rectifying", "整改中", 0 },
	{ "submitted", "已报送整改情况", 0 },
	{ "closed", "已验收销号", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

static const struct fz_case_transition transitions[] = {
	{ "submit", "报送整改情况", "rectifying", "submitted", UNIT,
	  L("整改情况"), NULL, NULL },
	{ "accept", "验收销号", "submitted", "closed", OFFICE,
	  L("验收意见"), NULL, NULL },
	{ "return", "退回重新整改", "submitted", "rectifying", OFFICE,
	  L("退回理由"), NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static int days_are(const json_t *facts, int n)
{
	return json_integer_value(json_object_get(facts, "整改期限天数")) == n;
}
static int in15(const json_t *f) { return days_are(f, 15); }
static int in30(const json_t *f) { return days_are(f, 30); }
static int in60(const json_t *f) { return days_are(f, 60); }

static const struct fz_case_deadline deadlines[] = {
	{ "rectify15", "整改期限（十五日）", CITE_LOCAL, L("create"), 15, FZ_CASE_DAYS,
	  NULL, L("submit"), 0, 0, in15 },
	{ "rectify30", "整改期限（三十日）", CITE_LOCAL, L("create"), 30, FZ_CASE_DAYS,
	  NULL, L("submit"), 0, 0, in30 },
	{ "rectify60", "整改期限（六十日）", CITE_LOCAL, L("create"), 60, FZ_CASE_DAYS,
	  NULL, L("submit"), 0, 0, in60 },
	{ "redo", "退回后整改期限", CITE_LOCAL, L("return"), 15, FZ_CASE_DAYS,
	  NULL, L("submit"), 0, 0, NULL },
	{ "verify", "验收期限", CITE_LOCAL, L("submit"), 10, FZ_CASE_WORKDAYS,
	  NULL, L("accept", "return"), 0, 0, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

/* The unit answers for itself: staff who read every unit's findings (the
 * 司法局) report only on their own unit's. */
static int before_submit(const struct fz_case_hook_ctx *s, struct fz_err *err)
{
	char own[256];
	struct fz_case_info ci;
	int rc;

	if (s->actor->system)
		return 0;
	if ((rc = fz_case_info_get(s->db, s->case_id, &ci, err)))
		return rc;
	rc = fz_org_unit_path(s->db, s->actor->unit_id, own, sizeof(own), err);
	if (rc < 0)
		return rc;
	if (rc == 0 || strncmp(ci.unit_path, own, strlen(own)))
		return fz_err_set(err, FZ_EFORBID, NULL, "只能报送本单位的整改情况");
	return 0;
}

/* Each step's mark on the finding's own row, which the figures read. */
static int after_submit(const struct fz_case_hook_ctx *s, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	return fz_store_run(s->db, err, "UPDATE supervise_items SET answered_on = ?"
			    " WHERE case_id = ?", "tI", fz_date_format(s->on, d),
			    s->case_id);
}

static int after_accept(const struct fz_case_hook_ctx *s, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	return fz_store_run(s->db, err, "UPDATE supervise_items SET closed_on = ?"
			    " WHERE case_id = ?", "tI", fz_date_format(s->on, d),
			    s->case_id);
}

static int after_return(const struct fz_case_hook_ctx *s, struct fz_err *err)
{
	return fz_store_run(s->db, err, "UPDATE supervise_items SET returns ="
			    " returns + 1, answered_on = NULL WHERE case_id = ?",
			    "I", s->case_id);
}

static const struct fz_case_hook hooks[] = {
	{ "submit", NULL, before_submit, after_submit },
	{ "accept", NULL, NULL, after_accept },
	{ "return", NULL, NULL, after_return },
	{ NULL, NULL, NULL, NULL }
};

const struct fz_case_type fz_supervise_case = {
	"supervise.item", "法治督察事项", "{prefix}〔{year}〕{seq}号",
	states, transitions, deadlines, OFFICE, 0, 0, NULL, NULL, hooks
};

/* ---- issuing ---- */

struct item_row {
	const struct fz_supervise_new *n;
	struct fz_date issued;
};

static int item_created(struct fz_store *db, int64_t case_id, const char *number,
			void *arg, struct fz_err *err)
{
	const struct item_row *r = arg;
	char d[FZ_DATE_STRLEN];
	return fz_store_run(db, err, "INSERT INTO supervise_items (case_id, number,"
			    " kind, unit_id, issued_on, days) VALUES (?, ?, ?, ?, ?, ?)",
			    "IttIti", case_id, number, r->n->kind, r->n->unit_id,
			    fz_date_format(r->issued, d), r->n->days);
}

static int check_new(struct fz_store *db, const struct fz_supervise_new *n,
		     struct fz_unit_info *u, struct fz_err *err)
{
	int rc;
	if (kind_index(n->kind) < 0)
		return fz_err_set(err, FZ_EINVAL, "kind", "类别应为通报或整改提醒函");
	if (n->days != 15 && n->days != 30 && n->days != 60)
		return fz_err_set(err, FZ_EINVAL, "days", "整改期限应为十五日、三十日或六十日");
	if ((rc = fz_casehttp_text_ok(n->problem, 1, 1000, "problem", "发现的问题", err)) ||
	    (rc = fz_casehttp_text_ok(n->demand, 1, 1000, "demand", "整改要求", err)))
		return rc;
	rc = fz_org_unit_get(db, n->unit_id, u, err);
	if (rc == FZ_ENOTFOUND)
		return fz_err_set(err, FZ_EINVAL, "unit_id", "被督察单位不存在");
	return rc;
}

/* The case, opened in the caller's transaction or its own. */
static int open_case(struct fz_store *db, const struct fz_cal *cal,
		     const struct fz_case_actor *a, const struct fz_supervise_new *n,
		     const struct fz_unit_info *u, const struct fz_case_step *steps,
		     size_t nsteps, int64_t *id, char *number, struct fz_err *err)
{
	struct item_row row = { n, n->issued.y ? n->issued : fz_date_today_cn() };
	int k = kind_index(n->kind);
	char title[256];
	json_t *facts = json_pack("{s:s,s:s,s:s,s:s,s:i}", "督察类别", kinds[k].name,
				  "被督察单位", u->name, "发现的问题", n->problem,
				  "整改要求", n->demand, "整改期限天数", n->days);
	struct fz_case_new nc = { u->id, u->path, title, kinds[k].prefix, row.issued,
				  facts, NULL, item_created, &row };
	int rc;

	snprintf(title, sizeof(title), "%s：%.60s", kinds[k].name, u->name);
	rc = steps ? fz_case_import(db, cal, &fz_supervise_case, a, &nc, steps, nsteps,
				    id, number, err)
		   : fz_case_create(db, cal, &fz_supervise_case, a, &nc, id, number, err);
	json_decref(facts);
	return rc;
}

int fz_supervise_issue(struct fz_store *db, const struct fz_cal *cal,
		       const struct fz_case_actor *a,
		       const struct fz_supervise_new *n, int64_t *id,
		       char *number, struct fz_err *err)
{
	struct fz_unit_info u;
	int rc = check_new(db, n, &u, err);
	return rc ? rc : open_case(db, cal, a, n, &u, NULL, 0, id, number, err);
}

/* ---- figures ---- */

#define FROM "supervise_items s"
#define MARKER "s.kind || '|' || s.unit_id || '|' || COALESCE(s.answered_on, '') ||" \
	       " '|' || COALESCE(s.closed_on, '') || '|' || s.returns"
#define SOURCE "《法治政府建设实施纲要（2021—2025年）》督察要求；本区法治督察工作做法"

static const struct fz_metrics_breakdown by_unit[] = {
	{ "unit", "被督察单位", "s.unit_id", 1, "未填写", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

#define ROW(id, name, kind, unit, def, num, den) \
	{ id, name, kind, unit, def, SOURCE, FROM, "s.issued_on", num, den, NULL, \
	  "s.case_id", "s.number", "s.case_id", "s.unit_id", NULL, MARKER, by_unit }

const struct fz_metric fz_supervise_metric_set[] = {
	ROW("supervise.notices", "法治督察通报数", FZ_METRICS_COUNT, "份",
	    "印发的法治督察通报份数，按印发日期计", "s.kind = 'notice'", NULL),
	ROW("supervise.reminders", "整改提醒函数", FZ_METRICS_COUNT, "份",
	    "发出的整改提醒函份数，按发出日期计", "s.kind = 'reminder'", NULL),
	ROW("supervise.closed", "督察整改销号率", FZ_METRICS_RATE, NULL,
	    "已验收销号的通报和整改提醒函 ÷ 印发的通报和整改提醒函，按印发日期计",
	    "s.closed_on IS NOT NULL", "1"),
	ROW("supervise.ontime", "按期整改率", FZ_METRICS_RATE, NULL,
	    "在整改期限内报送整改情况且未被退回的 ÷ 已报送整改情况的",
	    "s.returns = 0 AND julianday(s.answered_on) - julianday(s.issued_on) <= s.days",
	    "s.answered_on IS NOT NULL"),
	{ NULL }
};

/* ---- the demo ---- */

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

static const char *const problems[] = {
	"行政执法案卷中证据材料不完整，部分询问笔录未经当事人签字确认",
	"行政处罚决定书说理不充分，未说明裁量基准的适用理由",
	"重大执法决定未经法制审核即作出",
	"行政执法公示信息更新不及时，部分执法结果未在规定期限内公开",
	"行政机关负责人出庭应诉率未达到要求",
	"规范性文件未按规定报送备案",
	"合法性审查意见未在规定期限内出具",
	"执法人员未持证上岗，部分检查记录仅有一名执法人员签名",
};

struct demo {
	struct fz_store *db;
	const struct fz_cal *cal;
	uint64_t seed;
	int64_t units[64];
	size_t nunits;
};

/* One finding issued on day: answered in time or late, accepted, or
 * returned once; the newest ones still open. */
static int past_item(struct demo *d, const char *kind, struct fz_date day,
		     struct fz_err *err)
{
	static const struct fz_case_actor sys = { 0, "demo", 0, "/", 0, "", 1 };
	struct fz_date today = fz_date_today_cn();
	struct fz_supervise_new n = { kind, d->units[pick(&d->seed, (int)d->nunits)],
		problems[pick(&d->seed, 8)], "限期整改，举一反三，建立长效机制，并将整改情况书面报送区委依法治区办",
		pick(&d->seed, 3) == 0 ? 15 : pick(&d->seed, 2) ? 30 : 60, day };
	struct fz_date sub = fz_date_add_days(day, n.days - 5 + pick(&d->seed, 12));
	struct fz_date ret = fz_date_add_days(sub, 3), sub2 = fz_date_add_days(ret, 10);
	struct fz_date acc = fz_date_add_days(sub2, 4);
	int returned = pick(&d->seed, 10) == 0;
	json_t *s1 = json_pack("{s:s}", "整改情况", "已逐项整改，补齐相关材料，修订内部工作制度，并组织专题学习");
	json_t *rt = json_pack("{s:s}", "退回理由", "整改材料不完整，未附修订后的制度文本");
	json_t *ok = json_pack("{s:s}", "验收意见", "整改到位，同意销号");
	struct fz_case_step steps[4];
	size_t k = 0;
	struct fz_unit_info u;
	int64_t id;
	char number[FZ_CASE_NUMBER_LEN];
	int rc;

	if (!returned)
		acc = fz_date_add_days(sub, 4);
	if (fz_date_cmp(sub, today) <= 0)
		steps[k++] = (struct fz_case_step){ "submit", sub, s1, NULL, NULL };
	if (returned && k == 1 && fz_date_cmp(ret, today) <= 0) {
		steps[k++] = (struct fz_case_step){ "return", ret, rt, NULL, NULL };
		if (fz_date_cmp(sub2, today) <= 0)
			steps[k++] = (struct fz_case_step){ "submit", sub2, s1, NULL, NULL };
	}
	if (k && !strcmp(steps[k - 1].transition, "submit") && fz_date_cmp(acc, today) <= 0)
		steps[k++] = (struct fz_case_step){ "accept", acc, ok, NULL, NULL };
	rc = fz_org_unit_get(d->db, n.unit_id, &u, err);
	if (!rc)
		rc = open_case(d->db, d->cal, &sys, &n, &u, steps, k, &id, number, err);
	json_decref(s1);
	json_decref(rt);
	json_decref(ok);
	return rc;
}

/* count of kind over the year's first `upto` of 330 days */
static int year_of(struct demo *d, int y, int upto, int notices, int reminders,
		   int *n, struct fz_err *err)
{
	int rc = 0;
	for (int i = 0; !rc && i < notices * upto / 330; i++, (*n)++)
		rc = past_item(d, "notice", fz_date_add_days((struct fz_date){ y, 1, 10 },
							     (long)i * 330 / notices), err);
	for (int i = 0; !rc && i < reminders * upto / 330; i++, (*n)++)
		rc = past_item(d, "reminder", fz_date_add_days((struct fz_date){ y, 1, 6 },
							       (long)i * 330 / reminders), err);
	return rc;
}

int fz_supervise_demo(struct fz_store *db, const struct fz_keys *keys,
		      uint64_t seed, FILE *out, struct fz_err *err)
{
	struct demo d = { db, fz_casehttp_cal(), seed ^ 0x7375706572766973ULL, { 0 }, 0 };
	struct fz_date today = fz_date_today_cn();
	struct fz_audit_entry e = { 0 };
	size_t nt = 0;
	int n = 0, rc;
	char detail[96];
	(void)keys;

	if (!d.cal)
		return fz_err_set(err, FZ_EINTERNAL, NULL, "工作日历未加载");
	/* the towns and the departments are the units inspected */
	rc = fz_org_unit_ids(db, "town", d.units, 32, &nt, err);
	d.nunits = nt;
	if (!rc)
		rc = fz_org_unit_ids(db, "department", d.units + d.nunits, 32, &nt, err);
	d.nunits += nt;
	if (!rc && !d.nunits)
		return 0;
	if (rc || (rc = fz_store_begin(db, err)))
		return rc;
	/* 2023's report: 30 通报 and 62 提醒函 a year */
	rc = year_of(&d, 2025, 330, 30, 62, &n, err);
	if (!rc && today.y > 2025) {
		long upto = fz_date_to_days(fz_date_add_days(today, -30)) -
			    fz_date_to_days((struct fz_date){ today.y, 1, 10 });
		if (upto > 0)
			rc = year_of(&d, today.y, upto < 330 ? (int)upto : 330, 30, 62, &n, err);
	}
	/* and a few issued over the last days, still being rectified */
	for (int i = 0; !rc && i < 4; i++, n++)
		rc = past_item(&d, i % 2 ? "notice" : "reminder",
			       fz_date_add_days(today, -(2 + 3 * i)), err);
	snprintf(detail, sizeof(detail), "演示数据：%d 件法治督察通报和整改提醒函", n);
	e.actor = "demo";
	e.action = "supervise.demo";
	e.object = "supervise_items";
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
	fprintf(out, "supervise: %d 法治督察通报和整改提醒函 (2025 and this year)\n", n);
	return 0;
}
