/* grid_plan.c - 综合查一次: the agencies' planned visits to market
 * entities, merged into one joint inspection per entity and month, with
 * the yearly frequency by grade and the cap on visits (grid.h,
 * docs/grid.md "Inspection planning"). */
#include "domain/grid/grid.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"

/* Routine visits a year by grade, and the cap on all visits (a joint
 * inspection is one visit).  The district's practice, after 安全生产法
 * Art. 62 ¶2 (年度监督检查计划 by 分类分级) and 优化营商环境条例 Art. 54
 * (merge the checks of one entity, 跨部门联合抽查); visits upon a
 * complaint, a referral or an accident are targeted checks (Art. 54 ¶2)
 * and are not capped. */
static const int per_year[4] = { 0, 1, 2, 4 };
static const int caps[4] = { 1, 2, 4, 6 };

int fz_grid_frequency(int grade, int *cap)
{
	int g = grade >= 'A' && grade <= 'D' ? grade - 'A' : 0;
	if (cap)
		*cap = caps[g];
	return per_year[g];
}

static const struct {
	const char *key, *name;
} reasons[] = {
	{ "routine", "计划检查" }, { "complaint", "投诉举报" },
	{ "referral", "转办交办" }, { "accident", "事故调查" },
};

const char *fz_grid_reason_name(const char *key)
{
	for (size_t i = 0; key && i < 4; i++)
		if (!strcmp(key, reasons[i].key))
			return reasons[i].name;
	return NULL;
}

/* "YYYY-MM" with a real month. */
static int month_ok(const char *m)
{
	return m && strlen(m) == 7 && m[4] == '-' &&
	       strspn(m, "0123456789-") == 7 && m[0] >= '2' &&
	       ((m[5] == '0' && m[6] >= '1' && m[6] <= '9') ||
		(m[5] == '1' && m[6] >= '0' && m[6] <= '2'));
}

static void month_shift(const char *m, int by, char out[16])
{
	int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
	int mo = (m[5] - '0') * 10 + (m[6] - '0') - 1 + by;
	y += mo < 0 ? -1 : mo / 12;
	mo = (mo % 12 + 12) % 12;
	snprintf(out, 16, "%04d-%02d", y % 10000, mo + 1);
}

/* The other agencies' plans for the entity in month (names joined by 、)
 * and the nearest month within one of another agency's plan. */
static int neighbours(struct fz_store *db, int64_t entity, int64_t unit,
		      const char *month, struct fz_grid_plan_note *note,
		      struct fz_err *err)
{
	char before[16], after[16], name[128];
	struct fz_stmt *st;
	size_t len = 0;
	int rc;

	month_shift(month, -1, before);
	month_shift(month, 1, after);
	rc = fz_store_query(db, &st, err, "SELECT unit_id, month FROM grid_plans"
			    " WHERE entity_id = ? AND unit_id <> ? AND month BETWEEN ? AND ?"
			    " ORDER BY month = ? DESC, month, id", "IItt" "t", entity, unit,
			    before, after, month);
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		const char *m = fz_stmt_text(st, 1);
		if (!strcmp(m, month)) {
			fz_org_unit_name(db, fz_stmt_int(st, 0), name, sizeof(name));
			if (!strstr(note->joint, name))
				len += (size_t)snprintf(note->joint + len, len < sizeof(note->joint) ?
							sizeof(note->joint) - len : 0, "%s%s",
							len ? "、" : "", name);
		} else if (!note->suggest[0] && !note->joint[0])
			snprintf(note->suggest, sizeof(note->suggest), "%s", m);
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	if (len >= sizeof(note->joint))
		note->joint[sizeof(note->joint) - 1] = 0;
	return rc < 0 ? rc : 0;
}

/* Visits of the entity in month's year: distinct months with a plan
 * (a joint inspection is one visit); routine ones apart. */
static int visits(struct fz_store *db, int64_t entity, const char *month,
		  int *all, int *routine, struct fz_err *err)
{
	char year[8];
	int64_t a = 0, r = 0;
	int rc;

	snprintf(year, sizeof(year), "%.4s-%%", month);
	rc = fz_store_int(db, &a, err, "SELECT count(DISTINCT month) FROM grid_plans"
			  " WHERE entity_id = ? AND month LIKE ?", "It", entity, year);
	if (rc >= 0)
		rc = fz_store_int(db, &r, err, "SELECT count(DISTINCT month) FROM grid_plans"
				  " WHERE entity_id = ? AND month LIKE ? AND reason = 'routine'",
				  "It", entity, year);
	*all = (int)a;
	*routine = (int)r;
	return rc < 0 ? rc : 0;
}

int fz_grid_plan_note(struct fz_store *db, int64_t entity, int64_t unit,
		      const char *month, struct fz_grid_plan_note *note,
		      struct fz_err *err)
{
	char grade[2] = "A";
	int64_t g = 'A';
	int rc;

	memset(note, 0, sizeof(*note));
	rc = fz_store_int(db, &g, err, "SELECT unicode(grade) FROM grid_entities"
			  " WHERE id = ?", "I", entity);
	if (rc < 0)
		return rc;
	grade[0] = (char)g;
	note->per_year = fz_grid_frequency(grade[0], &note->cap);
	if ((rc = neighbours(db, entity, unit, month, note, err)))
		return rc;
	return visits(db, entity, month, &note->visits, &note->routine, err);
}

int fz_grid_plan_add(struct fz_store *db, const struct fz_case_actor *a,
		     const struct fz_grid_plan *p, int64_t *idp,
		     struct fz_grid_plan_note *note, struct fz_err *err)
{
	char now[FZ_ISO_LEN], path[256], unit_path[256], detail[200], ent[256];
	int64_t dup = 0;
	int own, rc;

	if (!month_ok(p->month))
		return fz_err_set(err, FZ_EINVAL, "month", "计划月份应为 YYYY-MM");
	if (!fz_grid_reason_name(p->reason))
		return fz_err_set(err, FZ_EINVAL, "reason", "检查缘由应为计划检查、投诉举报、转办交办或事故调查");
	if ((rc = fz_casehttp_text_ok(p->items, 2, 500, "items", "检查事项", err)))
		return rc;
	rc = fz_grid_entity_path(db, p->entity_id, ent, sizeof(ent), err);
	if (rc < 0)
		return rc;
	if (rc == 0 || (!a->system && a->scope && a->scope[0] &&
			strncmp(ent, a->scope, strlen(a->scope))))
		return fz_err_set(err, FZ_EINVAL, "entity_id", "市场主体不存在");
	if (a->unit_id <= 0 || fz_org_unit_path(db, a->unit_id, unit_path,
						sizeof(unit_path), err) != 1)
		return fz_err_set(err, FZ_EFORBID, NULL, "检查计划应由检查单位的工作人员制定");
	rc = fz_store_int(db, &dup, err, "SELECT count(*) FROM grid_plans WHERE"
			  " entity_id = ? AND unit_id = ? AND month = ?", "IIt",
			  p->entity_id, a->unit_id, p->month);
	if (rc < 0)
		return rc;
	if (dup)
		return fz_err_set(err, FZ_ECONFLICT, "month", "本单位当月已安排对该主体的检查");
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	fz_now_iso(now);
	rc = fz_store_run(db, err, "INSERT INTO grid_plans (entity_id, unit_id, unit_path,"
			  " month, reason, items, created_at, created_by)"
			  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "IIttttt" "t", p->entity_id,
			  a->unit_id, unit_path, p->month, p->reason, p->items, now,
			  a->login ? a->login : "");
	if (!rc && idp)
		*idp = fz_store_last_id(db);
	snprintf(detail, sizeof(detail), "%s %s：%.120s", p->month,
		 fz_grid_reason_name(p->reason) ? fz_grid_reason_name(p->reason) : "", p->items);
	snprintf(path, sizeof(path), "grid_entity:%" PRId64, p->entity_id);
	if (!rc)
		rc = fz_casehttp_audit(db, a, "grid.plan", path, detail, err);
	if (!rc && note)
		rc = fz_grid_plan_note(db, p->entity_id, a->unit_id, p->month, note, err);
	return fz_store_end(db, own, rc, err);
}

int fz_grid_plan_cancel(struct fz_store *db, const struct fz_case_actor *a,
			int64_t id, struct fz_err *err)
{
	char object[48], detail[64], month[8] = "";
	struct fz_stmt *st;
	int64_t entity = 0;
	int own, rc = fz_store_query(db, &st, err, "SELECT entity_id, month FROM"
				     " grid_plans WHERE id = ?", "I", id);
	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		entity = fz_stmt_int(st, 0);
		snprintf(month, sizeof(month), "%s", fz_stmt_text(st, 1));
	}
	fz_stmt_finish(st);
	if (rc <= 0)
		return rc < 0 ? rc : fz_err_set(err, FZ_ENOTFOUND, "id", "检查计划不存在");
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	rc = fz_store_run(db, err, "DELETE FROM grid_plans WHERE id = ?", "I", id);
	snprintf(object, sizeof(object), "grid_entity:%" PRId64, entity);
	snprintf(detail, sizeof(detail), "撤销%s的检查计划", month);
	if (!rc)
		rc = fz_casehttp_audit(db, a, "grid.plan_cancel", object, detail, err);
	return fz_store_end(db, own, rc, err);
}
