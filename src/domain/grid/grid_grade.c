/* grid_grade.c - grading entities by the rules of data/grid/risk.rules
 * (grid.h, docs/grid.md "Grading"). */
#include "domain/grid/grid.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/casehttp/casehttp.h"
#include "engine/rules/rules.h"

/* The row's fields, in the order facts are read from the database. */
enum {
	F_HAZCHEM, F_DUST, F_AMMONIA, F_CONFINED, F_GAS, F_EMPLOYEES,
	F_HAZ1Y, F_MAJOR1Y, F_OPENMAJOR, F_PEN1Y, F_PENMAJOR1Y, F_PENMAJOR180,
	F_ACC3Y, NFIELDS
};
static const char *const field_names[NFIELDS] = {
	"危险化学品", "粉尘涉爆", "涉氨制冷", "有限空间", "使用燃气", "从业人数",
	"近一年一般隐患数", "近一年重大事故隐患数", "未整改重大事故隐患数",
	"近一年处罚次数", "近一年重大隐患处罚次数", "近180日重大隐患处罚次数",
	"近三年生产安全事故数",
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct fz_rules *rules;
static size_t field_at[NFIELDS];
static struct fz_err rules_err;

static void compile(void)
{
	if (fz_rules_compile_files(&rules, fz_grid_files, NULL, &rules_err))
		return;
	for (int i = 0; i < NFIELDS; i++) {
		long k = fz_rules_field_index(rules, field_names[i]);
		if (k < 0) {
			fz_err_set(&rules_err, FZ_EINTERNAL, NULL,
				   "分级规则缺少字段：%s", field_names[i]);
			fz_rules_free(rules);
			rules = NULL;
			return;
		}
		field_at[i] = (size_t)k;
	}
	/* every rule's id begins with the grade it gives */
	for (size_t i = 0; i < fz_rules_count(rules); i++)
		if (!fz_grid_grade_name(fz_rules_info(rules, i)->id[0])) {
			fz_err_set(&rules_err, FZ_EINTERNAL, NULL,
				   "分级规则编号应以等级字母开头：%s",
				   fz_rules_info(rules, i)->id);
			fz_rules_free(rules);
			rules = NULL;
			return;
		}
}

const struct fz_rules *fz_grid_rules(struct fz_err *err)
{
	pthread_once(&once, compile);
	if (!rules && err)
		*err = rules_err;
	return rules;
}

/* One entity's facts as of a day. */
struct facts {
	int64_t id;
	int hazards;
	int64_t employees; /* -1 unknown */
	int64_t n[7];      /* F_HAZ1Y .. F_ACC3Y */
	char computed[2];
	char rules[128];
};

/* Grade and the fired rules' ids ("D2 C1") of f. */
static int evaluate(const struct fz_rules *set, struct fz_rules_row *row,
		    const struct facts *f, struct fz_date asof, char *grade,
		    char *ids, size_t n, struct fz_err *err)
{
	size_t fired[32], nf = 0, len = 0;
	int rc;

	fz_rules_row_clear(row);
	for (int i = 0; i < 5; i++)
		fz_rules_row_set_bool(row, field_at[i], (f->hazards >> i) & 1, NULL);
	if (f->employees >= 0)
		fz_rules_row_set_int(row, field_at[F_EMPLOYEES], f->employees, NULL);
	for (int i = 0; i < 7; i++)
		fz_rules_row_set_int(row, field_at[F_HAZ1Y + i], f->n[i], NULL);
	if ((rc = fz_rules_eval(set, row, asof, fired, 32, &nf, err)))
		return rc;
	*grade = 'A';
	ids[0] = 0;
	for (size_t i = 0; i < nf && i < 32; i++) {
		const char *id = fz_rules_info(set, fired[i])->id;
		if (id[0] > *grade)
			*grade = id[0];
		len += (size_t)snprintf(ids + len, len < n ? n - len : 0, "%s%s",
					len ? " " : "", id);
	}
	if (len >= n)
		return fz_err_set(err, FZ_EINTERNAL, NULL, "触发的分级规则过多");
	return 0;
}

/* The window starts ("after" these days) for asof. */
struct window {
	char asof[FZ_DATE_STRLEN], y1[FZ_DATE_STRLEN], d180[FZ_DATE_STRLEN],
	     y3[FZ_DATE_STRLEN];
};

static void window_of(struct fz_date asof, struct window *w)
{
	fz_date_format(asof, w->asof);
	fz_date_format(fz_date_add_months(asof, -12), w->y1);
	fz_date_format(fz_date_add_days(asof, -180), w->d180);
	fz_date_format(fz_date_add_months(asof, -36), w->y3);
}

/* The aggregates over an entity's records, parameters ?1..?4 the window. */
#define AGG \
	"SUM(CASE WHEN kind = 'inspection' AND on_date > ?2 THEN hazards ELSE 0 END) h1," \
	" SUM(CASE WHEN kind = 'inspection' AND on_date > ?2 THEN major ELSE 0 END) m1," \
	" SUM(CASE WHEN kind = 'inspection' THEN open_major ELSE 0 END) om," \
	" SUM(CASE WHEN kind = 'penalty' AND on_date > ?2 THEN 1 ELSE 0 END) p1," \
	" SUM(CASE WHEN kind = 'penalty' AND major > 0 AND on_date > ?2 THEN 1 ELSE 0 END) pm1," \
	" SUM(CASE WHEN kind = 'penalty' AND major > 0 AND on_date > ?3 THEN 1 ELSE 0 END) pm180," \
	" SUM(CASE WHEN kind = 'accident' AND on_date > ?4 THEN 1 ELSE 0 END) a3"

/* An entity's columns and its aggregates (the subquery r of AGG). */
#define FACTS "e.id, e.hazards, e.employees, e.computed, e.rules," \
	" COALESCE(r.h1, 0), COALESCE(r.m1, 0), COALESCE(r.om, 0), COALESCE(r.p1, 0)," \
	" COALESCE(r.pm1, 0), COALESCE(r.pm180, 0), COALESCE(r.a3, 0)"

static void bind_window(struct fz_stmt *st, const struct window *w)
{
	fz_stmt_bind_text(st, 1, w->asof);
	fz_stmt_bind_text(st, 2, w->y1);
	fz_stmt_bind_text(st, 3, w->d180);
	fz_stmt_bind_text(st, 4, w->y3);
}

static void read_entity(struct fz_stmt *st, int col, struct facts *f)
{
	f->id = fz_stmt_int(st, col);
	f->hazards = (int)fz_stmt_int(st, col + 1);
	f->employees = fz_stmt_is_null(st, col + 2) ? -1 : fz_stmt_int(st, col + 2);
	snprintf(f->computed, sizeof(f->computed), "%s", fz_stmt_text(st, col + 3));
	snprintf(f->rules, sizeof(f->rules), "%s", fz_stmt_text(st, col + 4));
}

static int store_grade(struct fz_store *db, int64_t id, char grade,
		       const char *ids, const char *day, const char *actor,
		       struct fz_err *err)
{
	char g[2] = { grade, 0 }, now[FZ_ISO_LEN];
	int rc;

	fz_now_iso(now);
	rc = fz_store_run(db, err, "UPDATE grid_entities SET computed = ?, rules = ?,"
			  " grade = COALESCE(override, ?), graded_on = ? WHERE id = ?",
			  "ttttI", g, ids, g, day, id);
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO grid_grades (entity_id, at, kind,"
				  " grade, computed, rules, actor) SELECT id, ?, 'rules', grade,"
				  " computed, rules, ? FROM grid_entities WHERE id = ?",
				  "ttI", now, actor, id);
	return rc;
}

int fz_grid_grade_one(struct fz_store *db, int64_t id, struct fz_date asof,
		      const char *actor, struct fz_err *err)
{
	const struct fz_rules *set = fz_grid_rules(err);
	struct fz_rules_row *row;
	struct facts f = { 0 };
	struct window w;
	struct fz_stmt *st;
	char grade, ids[128];
	int rc;

	if (!set)
		return err->code;
	window_of(asof.y ? asof : fz_date_today_cn(), &w);
	rc = fz_stmt_prepare(db, &st, "SELECT " FACTS " FROM grid_entities e LEFT JOIN"
			     " (SELECT entity_id, " AGG " FROM grid_records WHERE entity_id = ?5"
			     " AND on_date <= ?1 GROUP BY entity_id) r ON r.entity_id = e.id"
			     " WHERE e.id = ?5", err);
	if (rc)
		return rc;
	bind_window(st, &w);
	fz_stmt_bind_int(st, 5, id);
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		read_entity(st, 0, &f);
		for (int i = 0; i < 7; i++)
			f.n[i] = fz_stmt_int(st, 5 + i);
	}
	fz_stmt_finish(st);
	if (rc <= 0)
		return rc < 0 ? rc : fz_err_set(err, FZ_ENOTFOUND, "id", "市场主体不存在");
	if (!(row = fz_rules_row_new(set)))
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	rc = evaluate(set, row, &f, asof, &grade, ids, sizeof(ids), err);
	fz_rules_row_free(row);
	if (rc || (f.computed[0] == grade && !strcmp(f.rules, ids)))
		return rc;
	return store_grade(db, id, grade, ids, w.asof, actor, err);
}

/* ---- every entity ---- */

struct change {
	int64_t id;
	char grade;
	char ids[128];
};

static int collect(struct fz_store *db, const struct fz_rules *set,
		   struct fz_date asof, const struct window *w,
		   struct change **out, long *nchanges, long *total,
		   struct fz_err *err)
{
	struct fz_rules_row *row = fz_rules_row_new(set);
	struct change *ch = NULL;
	long n = 0, cap = 0;
	struct fz_stmt *st;
	struct facts f;
	int rc;

	if (!row)
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	rc = fz_stmt_prepare(db, &st, "SELECT " FACTS
		" FROM grid_entities e LEFT JOIN (SELECT entity_id, " AGG
		" FROM grid_records WHERE on_date <= ?1 GROUP BY entity_id) r"
		" ON r.entity_id = e.id ORDER BY e.id", err);
	if (rc) {
		fz_rules_row_free(row);
		return rc;
	}
	bind_window(st, w);
	while ((rc = fz_stmt_step(st, err)) == 1) {
		char grade, ids[128];
		read_entity(st, 0, &f);
		for (int i = 0; i < 7; i++)
			f.n[i] = fz_stmt_int(st, 5 + i);
		(*total)++;
		if ((rc = evaluate(set, row, &f, asof, &grade, ids, sizeof(ids), err)))
			break;
		if (f.computed[0] == grade && !strcmp(f.rules, ids))
			continue;
		if (n == cap) {
			struct change *t = realloc(ch, (size_t)(cap = cap ? cap * 2 : 1024) *
						   sizeof(*ch));
			if (!t) {
				rc = fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
				break;
			}
			ch = t;
		}
		ch[n].id = f.id;
		ch[n].grade = grade;
		snprintf(ch[n].ids, sizeof(ch[n].ids), "%s", ids);
		n++;
	}
	fz_stmt_finish(st);
	fz_rules_row_free(row);
	if (rc < 0) {
		free(ch);
		return rc;
	}
	*out = ch;
	*nchanges = n;
	return 0;
}

static int count_grades(struct fz_store *db, long by[4], struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, "SELECT grade, count(*) FROM"
				" grid_entities GROUP BY grade", "");
	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		int g = fz_stmt_text(st, 0)[0];
		if (g >= 'A' && g <= 'D')
			by[g - 'A'] = (long)fz_stmt_int(st, 1);
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

int fz_grid_regrade_all(struct fz_store *db, const struct fz_case_actor *a,
			struct fz_date asof, struct fz_grid_regrade *out,
			struct fz_err *err)
{
	const struct fz_rules *set = fz_grid_rules(err);
	struct change *ch = NULL;
	struct window w;
	char detail[128];
	int own, rc;

	memset(out, 0, sizeof(*out));
	if (!set)
		return err->code;
	if (!asof.y)
		asof = fz_date_today_cn();
	window_of(asof, &w);
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	rc = collect(db, set, asof, &w, &ch, &out->changed, &out->entities, err);
	for (long i = 0; !rc && i < out->changed; i++)
		rc = store_grade(db, ch[i].id, ch[i].grade, ch[i].ids, w.asof,
				 a->login ? a->login : "", err);
	free(ch);
	if (!rc)
		rc = count_grades(db, out->by, err);
	snprintf(detail, sizeof(detail), "按规则重新评定%ld家市场主体，%ld家等级或依据有变化",
		 out->entities, out->changed);
	if (!rc)
		rc = fz_casehttp_audit(db, a, "grid.regrade", "grid_entities", detail, err);
	return fz_store_end(db, own, rc, err);
}
