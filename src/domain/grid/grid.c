/* grid.c - the 141 entity registry: schema, names, validation, entities,
 * records, overrides and the entity's page (grid.h). */
#include "domain/grid/grid.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "domain/casehttp/casehttp.h"
#include "domain/org/org.h"
#include "engine/rules/rules.h"

const struct fz_migration fz_grid_migrations[] = {
	{ "grid", 1,
	  "CREATE TABLE grid_entities ("
	  " id INTEGER PRIMARY KEY,"
	  " uscc TEXT NOT NULL UNIQUE,"
	  " name TEXT NOT NULL,"
	  " unit_id INTEGER NOT NULL REFERENCES units(id),"
	  " unit_path TEXT NOT NULL,"
	  " grid TEXT NOT NULL DEFAULT '',"
	  " industry TEXT NOT NULL,"
	  " size TEXT NOT NULL CHECK (size IN ('large', 'medium', 'small', 'micro')),"
	  " employees INTEGER,"
	  " hazards INTEGER NOT NULL DEFAULT 0,"
	  " address TEXT NOT NULL DEFAULT '',"
	  " computed TEXT NOT NULL DEFAULT 'A' CHECK (computed IN ('A', 'B', 'C', 'D')),"
	  " rules TEXT NOT NULL DEFAULT '',"
	  " override TEXT CHECK (override IN ('A', 'B', 'C', 'D')),"
	  " override_reason TEXT,"
	  " grade TEXT NOT NULL DEFAULT 'A' CHECK (grade IN ('A', 'B', 'C', 'D')),"
	  " graded_on TEXT,"
	  " created_at TEXT NOT NULL,"
	  " updated_at TEXT NOT NULL);"
	  "CREATE INDEX grid_entities_path ON grid_entities(unit_path, grade);"
	  "CREATE INDEX grid_entities_grade ON grid_entities(grade);"
	  "CREATE TABLE grid_records ("
	  " id INTEGER PRIMARY KEY,"
	  " entity_id INTEGER NOT NULL REFERENCES grid_entities(id),"
	  " kind TEXT NOT NULL CHECK (kind IN ('inspection', 'penalty', 'accident')),"
	  " on_date TEXT NOT NULL,"
	  " hazards INTEGER NOT NULL DEFAULT 0 CHECK (hazards >= 0),"
	  " major INTEGER NOT NULL DEFAULT 0 CHECK (major >= 0),"
	  " open_major INTEGER NOT NULL DEFAULT 0 CHECK (open_major >= 0 AND open_major <= major),"
	  " rectified_on TEXT,"
	  " note TEXT NOT NULL DEFAULT '',"
	  " unit_id INTEGER,"
	  " created_at TEXT NOT NULL);"
	  /* covers grading's aggregates: no table reads for a million records */
	  "CREATE INDEX grid_records_entity ON grid_records(entity_id, on_date, kind,"
	  " hazards, major, open_major);"
	  "CREATE INDEX grid_records_date ON grid_records(on_date);"
	  "CREATE TABLE grid_grades ("
	  " id INTEGER PRIMARY KEY,"
	  " entity_id INTEGER NOT NULL REFERENCES grid_entities(id),"
	  " at TEXT NOT NULL,"
	  " kind TEXT NOT NULL CHECK (kind IN ('rules', 'override', 'clear')),"
	  " grade TEXT NOT NULL,"
	  " computed TEXT NOT NULL,"
	  " rules TEXT NOT NULL DEFAULT '',"
	  " reason TEXT NOT NULL DEFAULT '',"
	  " actor TEXT NOT NULL DEFAULT '');"
	  "CREATE INDEX grid_grades_entity ON grid_grades(entity_id, id);"
	  "CREATE TABLE grid_plans ("
	  " id INTEGER PRIMARY KEY,"
	  " entity_id INTEGER NOT NULL REFERENCES grid_entities(id),"
	  " unit_id INTEGER NOT NULL REFERENCES units(id),"
	  " unit_path TEXT NOT NULL,"
	  " month TEXT NOT NULL,"
	  " reason TEXT NOT NULL CHECK (reason IN ('routine', 'complaint', 'referral', 'accident')),"
	  " items TEXT NOT NULL,"
	  " created_at TEXT NOT NULL,"
	  " created_by TEXT NOT NULL,"
	  " UNIQUE (entity_id, unit_id, month));"
	  "CREATE INDEX grid_plans_month ON grid_plans(month, entity_id)" },
	{ NULL, 0, NULL }
};

/* ---- names ---- */

static const struct {
	const char *key, *name;
} hazards[FZ_GRID_NHAZARDS] = {
	{ "hazchem", "危险化学品" }, { "dust", "粉尘涉爆" }, { "ammonia", "涉氨制冷" },
	{ "confined", "有限空间" }, { "gas", "使用燃气" },
};

const char *fz_grid_hazard_key(int i)
{
	return i >= 0 && i < FZ_GRID_NHAZARDS ? hazards[i].key : NULL;
}

const char *fz_grid_hazard_name(int i)
{
	return i >= 0 && i < FZ_GRID_NHAZARDS ? hazards[i].name : NULL;
}

int fz_grid_hazard_bit(const char *s)
{
	for (int i = 0; s && i < FZ_GRID_NHAZARDS; i++)
		if (!strcmp(s, hazards[i].key) || !strcmp(s, hazards[i].name))
			return 1 << i;
	return 0;
}

static const struct {
	const char *key, *name;
} sizes[] = {
	{ "large", "大型" }, { "medium", "中型" }, { "small", "小型" }, { "micro", "微型" },
};

const char *fz_grid_size_key(const char *s)
{
	for (size_t i = 0; s && i < 4; i++)
		if (!strcmp(s, sizes[i].key) || !strcmp(s, sizes[i].name))
			return sizes[i].key;
	return NULL;
}

const char *fz_grid_size_name(const char *key)
{
	for (size_t i = 0; key && i < 4; i++)
		if (!strcmp(key, sizes[i].key))
			return sizes[i].name;
	return NULL;
}

/* GB/T 4754-2017 sections and the divisions (two-digit codes) each holds. */
static const struct {
	char letter;
	int lo, hi;
	const char *name;
} sections[] = {
	{ 'A', 1, 5, "农、林、牧、渔业" },
	{ 'B', 6, 12, "采矿业" },
	{ 'C', 13, 43, "制造业" },
	{ 'D', 44, 46, "电力、热力、燃气及水生产和供应业" },
	{ 'E', 47, 50, "建筑业" },
	{ 'F', 51, 52, "批发和零售业" },
	{ 'G', 53, 60, "交通运输、仓储和邮政业" },
	{ 'H', 61, 62, "住宿和餐饮业" },
	{ 'I', 63, 65, "信息传输、软件和信息技术服务业" },
	{ 'J', 66, 69, "金融业" },
	{ 'K', 70, 70, "房地产业" },
	{ 'L', 71, 72, "租赁和商务服务业" },
	{ 'M', 73, 75, "科学研究和技术服务业" },
	{ 'N', 76, 79, "水利、环境和公共设施管理业" },
	{ 'O', 80, 82, "居民服务、修理和其他服务业" },
	{ 'P', 83, 83, "教育" },
	{ 'Q', 84, 85, "卫生和社会工作" },
	{ 'R', 86, 90, "文化、体育和娱乐业" },
	{ 'S', 91, 96, "公共管理、社会保障和社会组织" },
	{ 'T', 97, 97, "国际组织" },
};

int fz_grid_industry_ok(const char *code, const char **section)
{
	size_t n = code ? strlen(code) : 0;
	int div;

	if (n < 3 || n > 5)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	div = (code[1] - '0') * 10 + (code[2] - '0');
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (sections[i].letter == code[0] && div >= sections[i].lo &&
		    div <= sections[i].hi) {
			if (section)
				*section = sections[i].name;
			return 1;
		}
	return 0;
}

const char *fz_grid_grade_name(int g)
{
	static const char *const names[] = { "低风险", "一般风险", "较大风险", "重大风险" };
	return g >= 'A' && g <= 'D' ? names[g - 'A'] : NULL;
}

/* ---- helpers ---- */

static int audit(struct fz_store *db, const struct fz_case_actor *a,
		 const char *verb, int64_t id, const char *detail,
		 struct fz_err *err)
{
	char object[48];
	snprintf(object, sizeof(object), "grid_entity:%" PRId64, id);
	return fz_casehttp_audit(db, a, verb, object, detail, err);
}

static int text_len_ok(const char *s, size_t lo, size_t hi, const char *field,
		       const char *label, struct fz_err *err)
{
	if (!s && lo == 0)
		return 0;
	return fz_casehttp_text_ok(s, lo, hi, field, label, err);
}

int fz_grid_entity_path(struct fz_store *db, int64_t id, char *path, size_t n,
			struct fz_err *err)
{
	return fz_casehttp_text_by_id(db, "SELECT unit_path FROM grid_entities WHERE id = ?", id,
		       path, n, err);
}

int fz_grid_plan_path(struct fz_store *db, int64_t id, char *path, size_t n,
		      struct fz_err *err)
{
	return fz_casehttp_text_by_id(db, "SELECT unit_path FROM grid_plans WHERE id = ?", id,
		       path, n, err);
}

/* ---- entities ---- */

static int check_entity(struct fz_store *db, const struct fz_case_actor *a,
			const struct fz_grid_entity *e, char uscc[FZ_USCC_LEN],
			struct fz_unit_info *town, const char **size,
			struct fz_err *err)
{
	int rc;

	if ((rc = fz_ident_uscc(e->uscc ? e->uscc : "", uscc, err)))
		return rc;
	if ((rc = text_len_ok(e->name, 1, 100, "name", "名称", err)) ||
	    (rc = text_len_ok(e->grid, 0, 50, "grid", "网格", err)) ||
	    (rc = text_len_ok(e->address, 0, 200, "address", "地址", err)))
		return rc;
	if (!fz_grid_industry_ok(e->industry, NULL))
		return fz_err_set(err, FZ_EINVAL, "industry",
				  "行业代码应为国民经济行业分类（GB/T 4754-2017）代码，如 C1711");
	if (!(*size = fz_grid_size_key(e->size)))
		return fz_err_set(err, FZ_EINVAL, "size", "规模应为大型、中型、小型或微型");
	if (e->employees < -1 || e->employees > 1000000)
		return fz_err_set(err, FZ_EINVAL, "employees", "从业人数应为0到1000000之间的整数");
	if (e->hazards & ~((1 << FZ_GRID_NHAZARDS) - 1))
		return fz_err_set(err, FZ_EINVAL, "hazards", "风险因素不在目录中");
	return fz_casehttp_town(db, a, e->unit_id, town, err);
}

/* 1 and the row's current values when uscc is registered, 0 when not. */
struct current {
	int64_t id;
	char path[256];
	int same;
};

static int find_current(struct fz_store *db, const char *uscc,
			const struct fz_grid_entity *e, const char *size,
			struct current *c, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT id, unit_path, name = ? AND unit_id = ? AND grid = ? AND"
		" industry = ? AND size = ? AND employees IS ? AND hazards = ? AND"
		" address = ? FROM grid_entities WHERE uscc = ?", "tItttnitt",
		e->name, e->unit_id, e->grid ? e->grid : "", e->industry, size,
		e->hazards, e->address ? e->address : "", uscc);
	if (rc)
		return rc;
	/* employees IS ?: bind the number, or leave NULL for unknown */
	if (e->employees >= 0)
		fz_stmt_bind_int(st, 6, e->employees);
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		c->id = fz_stmt_int(st, 0);
		snprintf(c->path, sizeof(c->path), "%s", fz_stmt_text(st, 1));
		c->same = (int)fz_stmt_int(st, 2);
	}
	fz_stmt_finish(st);
	return rc;
}

static int write_entity(struct fz_store *db, const struct fz_grid_entity *e,
			const char *uscc, const char *size,
			const struct fz_unit_info *town, const struct current *c,
			int64_t *id, struct fz_err *err)
{
	char now[FZ_ISO_LEN];
	struct fz_stmt *st;
	int rc;

	fz_now_iso(now);
	if (c->id)
		rc = fz_store_query(db, &st, err, "UPDATE grid_entities SET name = ?,"
			" unit_id = ?, unit_path = ?, grid = ?, industry = ?, size = ?,"
			" employees = ?, hazards = ?, address = ?, updated_at = ? WHERE id = ?",
			"tIttttnittI", e->name, town->id, town->path, e->grid ? e->grid : "",
			e->industry, size, e->hazards, e->address ? e->address : "", now, c->id);
	else
		rc = fz_store_query(db, &st, err, "INSERT INTO grid_entities (name,"
			" unit_id, unit_path, grid, industry, size, employees, hazards,"
			" address, updated_at, uscc, created_at)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"tIttttnitttt", e->name, town->id, town->path, e->grid ? e->grid : "",
			e->industry, size, e->hazards, e->address ? e->address : "", now,
			uscc, now);
	if (rc)
		return rc;
	if (e->employees >= 0)
		fz_stmt_bind_int(st, 7, e->employees);
	rc = fz_stmt_step(st, err);
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	*id = c->id ? c->id : fz_store_last_id(db);
	return 0;
}

int fz_grid_upsert(struct fz_store *db, const struct fz_case_actor *a,
		   const struct fz_grid_entity *e, int flags, int64_t *idp,
		   int *what, struct fz_err *err)
{
	char uscc[FZ_USCC_LEN], detail[160];
	struct fz_unit_info town;
	struct current c = { 0 };
	const char *size = NULL;
	int64_t id = 0;
	int own, rc = check_entity(db, a, e, uscc, &town, &size, err);

	if (rc || (rc = fz_store_start(db, &own, err)))
		return rc;
	rc = find_current(db, uscc, e, size, &c, err);
	if (rc == 1 && !fz_casehttp_in_scope(a, c.path))
		rc = fz_err_set(err, FZ_EFORBID, "uscc", "该主体属于其他镇街，无权修改");
	if (rc >= 0 && c.id && c.same) {
		id = c.id;
		if (what)
			*what = FZ_GRID_SAME;
		rc = 0;
	} else if (rc >= 0) {
		rc = write_entity(db, e, uscc, size, &town, &c, &id, err);
		snprintf(detail, sizeof(detail), "%s %.80s", c.id ? "修改" : "登记", e->name);
		if (!rc && !(flags & FZ_GRID_BATCH))
			rc = audit(db, a, c.id ? "grid.update" : "grid.add", id, detail, err);
		if (!rc)
			rc = fz_grid_grade_one(db, id, (struct fz_date){ 0 },
					       a->login ? a->login : "", err);
		if (what)
			*what = c.id ? FZ_GRID_UPDATED : FZ_GRID_ADDED;
	}
	if (idp)
		*idp = id;
	return fz_store_end(db, own, rc, err);
}

/* ---- records ---- */

static int check_record(const struct fz_grid_record *r, struct fz_err *err)
{
	int insp = r->kind && !strcmp(r->kind, "inspection");
	int pen = r->kind && !strcmp(r->kind, "penalty");

	if (!insp && !pen && !(r->kind && !strcmp(r->kind, "accident")))
		return fz_err_set(err, FZ_EINVAL, "kind", "记录类别应为检查、行政处罚或生产安全事故");
	if (r->on.y && (!fz_date_valid(r->on) || fz_date_cmp(r->on, fz_date_today_cn()) > 0))
		return fz_err_set(err, FZ_EINVAL, "on", "日期无效或晚于今天");
	if (r->hazards < 0 || r->hazards > 1000 || (!insp && r->hazards))
		return fz_err_set(err, FZ_EINVAL, "hazards", "一般隐患数只用于检查记录，应为0到1000");
	if (r->major < 0 || r->major > 100 || (pen && r->major > 1) ||
	    (!insp && !pen && r->major))
		return fz_err_set(err, FZ_EINVAL, "major", "重大事故隐患数应为0到100（行政处罚为0或1）");
	if (r->open_major < 0 || r->open_major > r->major || (!insp && r->open_major))
		return fz_err_set(err, FZ_EINVAL, "open_major", "未整改的重大事故隐患数不能超过发现的数量");
	return text_len_ok(r->note, 0, 500, "note", "说明", err);
}

static int entity_in_scope(struct fz_store *db, const struct fz_case_actor *a,
			   int64_t id, struct fz_err *err)
{
	char path[256];
	int rc = fz_grid_entity_path(db, id, path, sizeof(path), err);
	if (rc < 0)
		return rc;
	if (rc == 0 || !fz_casehttp_in_scope(a, path))
		return fz_err_set(err, FZ_ENOTFOUND, "id", "市场主体不存在");
	return 0;
}

static const char *record_kind_name(const char *kind)
{
	return !strcmp(kind, "inspection") ? "检查" :
	       !strcmp(kind, "penalty") ? "行政处罚" : "生产安全事故";
}

int fz_grid_record_add(struct fz_store *db, const struct fz_case_actor *a,
		       int64_t id, const struct fz_grid_record *r, int64_t *rid,
		       struct fz_err *err)
{
	struct fz_date on = r->on.y ? r->on : fz_date_today_cn();
	char d[FZ_DATE_STRLEN], now[FZ_ISO_LEN], detail[96];
	int own, rc = check_record(r, err);

	if (rc || (rc = entity_in_scope(db, a, id, err)) ||
	    (rc = fz_store_start(db, &own, err)))
		return rc;
	fz_now_iso(now);
	rc = fz_store_run(db, err, "INSERT INTO grid_records (entity_id, kind, on_date,"
			  " hazards, major, open_major, note, unit_id, created_at)"
			  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "IttIIItIt", id, r->kind,
			  fz_date_format(on, d), r->hazards, r->major, r->open_major,
			  r->note ? r->note : "", a->unit_id, now);
	if (!rc && rid)
		*rid = fz_store_last_id(db);
	snprintf(detail, sizeof(detail), "%s记录 %s", record_kind_name(r->kind), d);
	if (!rc)
		rc = audit(db, a, "grid.record", id, detail, err);
	if (!rc)
		rc = fz_grid_grade_one(db, id, (struct fz_date){ 0 },
				       a->login ? a->login : "", err);
	return fz_store_end(db, own, rc, err);
}

int fz_grid_record_rectified(struct fz_store *db, const struct fz_case_actor *a,
			     int64_t id, int64_t rid, struct fz_date on,
			     struct fz_err *err)
{
	char d[FZ_DATE_STRLEN], detail[96];
	int64_t open = 0;
	int own, rc;

	if (!on.y)
		on = fz_date_today_cn();
	if (!fz_date_valid(on) || fz_date_cmp(on, fz_date_today_cn()) > 0)
		return fz_err_set(err, FZ_EINVAL, "on", "日期无效或晚于今天");
	if ((rc = entity_in_scope(db, a, id, err)))
		return rc;
	rc = fz_store_int(db, &open, err, "SELECT COALESCE(SUM(open_major), -1) FROM"
			  " grid_records WHERE entity_id = ? AND kind = 'inspection'"
			  " AND (? = 0 OR id = ?)", "III", id, rid, rid);
	if (rc < 0)
		return rc;
	if (open < 0)
		return fz_err_set(err, FZ_ENOTFOUND, "record_id", "检查记录不存在");
	if (open == 0)
		return fz_err_set(err, FZ_ESTATE, "record_id", "没有未整改的重大事故隐患");
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	rc = fz_store_run(db, err, "UPDATE grid_records SET open_major = 0,"
			  " rectified_on = ? WHERE entity_id = ? AND kind = 'inspection'"
			  " AND open_major > 0 AND (? = 0 OR id = ?)", "tIII",
			  fz_date_format(on, d), id, rid, rid);
	snprintf(detail, sizeof(detail), "%" PRId64 "项重大事故隐患整改完毕，复查通过", open);
	if (!rc)
		rc = audit(db, a, "grid.rectified", id, detail, err);
	if (!rc)
		rc = fz_grid_grade_one(db, id, (struct fz_date){ 0 },
				       a->login ? a->login : "", err);
	return fz_store_end(db, own, rc, err);
}

/* ---- override ---- */

int fz_grid_override(struct fz_store *db, const struct fz_case_actor *a,
		     int64_t id, int grade, const char *reason,
		     struct fz_err *err)
{
	char now[FZ_ISO_LEN], computed[2] = "", g[2] = { (char)grade, 0 }, detail[640];
	struct fz_stmt *st;
	int own, rc;

	if (grade && !fz_grid_grade_name(grade))
		return fz_err_set(err, FZ_EINVAL, "grade", "风险等级应为A、B、C或D");
	if ((rc = fz_casehttp_text_ok(reason, 5, 500, "reason", "调整理由", err)) ||
	    (rc = entity_in_scope(db, a, id, err)) ||
	    (rc = fz_store_start(db, &own, err)))
		return rc;
	rc = fz_store_query(db, &st, err, "SELECT computed, override IS NULL FROM"
			    " grid_entities WHERE id = ?", "I", id);
	if (!rc) {
		rc = fz_stmt_step(st, err);
		if (rc == 1) {
			snprintf(computed, sizeof(computed), "%s", fz_stmt_text(st, 0));
			if (!grade && fz_stmt_int(st, 1))
				rc = fz_err_set(err, FZ_ESTATE, "grade", "该主体的风险等级未经人工调整");
			else
				rc = 0;
		}
		fz_stmt_finish(st);
	}
	fz_now_iso(now);
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE grid_entities SET override = ?,"
				  " override_reason = ?, grade = COALESCE(?, computed),"
				  " updated_at = ? WHERE id = ?", "tttt" "I",
				  grade ? g : NULL, grade ? reason : NULL, grade ? g : NULL,
				  now, id);
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO grid_grades (entity_id, at, kind,"
				  " grade, computed, reason, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
				  "Ittttt" "t", id, now, grade ? "override" : "clear",
				  grade ? g : computed, computed, reason, a->login ? a->login : "");
	if (grade)
		snprintf(detail, sizeof(detail), "风险等级调整为%s（%s）：%.500s", g,
			 fz_grid_grade_name(grade) ? fz_grid_grade_name(grade) : "", reason);
	else
		snprintf(detail, sizeof(detail), "撤销人工调整，恢复按规则评定：%.500s", reason);
	if (!rc)
		rc = audit(db, a, grade ? "grid.override" : "grid.override_clear", id,
			   detail, err);
	return fz_store_end(db, own, rc, err);
}

/* ---- the entity's page ---- */

static json_t *hazard_names(int bits)
{
	json_t *a = json_array();
	for (int i = 0; i < FZ_GRID_NHAZARDS; i++)
		if (bits & (1 << i))
			json_array_append_new(a, json_string(hazards[i].name));
	return a;
}

/* The fired rules "D2 C1" as objects with their words. */
static json_t *rules_json(const char *ids)
{
	const struct fz_rules *set = fz_grid_rules(NULL);
	json_t *a = json_array();
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", ids);
	for (char *t = strtok_r(buf, " ", &save); t && set; t = strtok_r(NULL, " ", &save)) {
		long i = fz_rules_find(set, t);
		const struct fz_rule_info *r = i < 0 ? NULL : fz_rules_info(set, (size_t)i);
		if (r)
			json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s%}",
				"rule", r->id, "name", r->name, "cite", r->cite,
				"message", r->message, "grade", r->id, (size_t)1));
	}
	return a;
}

static int entity_row(struct fz_store *db, int64_t id, json_t **out,
		      struct fz_err *err)
{
	struct fz_stmt *st;
	const char *section = "";
	char town[128];
	int rc = fz_store_query(db, &st, err, "SELECT uscc, name, unit_id, grid,"
		" industry, size, employees, hazards, address, computed, rules,"
		" override, override_reason, grade, graded_on, created_at, updated_at"
		" FROM grid_entities WHERE id = ?", "I", id);
	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) != 1) {
		fz_stmt_finish(st);
		return rc < 0 ? rc : fz_err_set(err, FZ_ENOTFOUND, "id", "市场主体不存在");
	}
	fz_grid_industry_ok(fz_stmt_text(st, 4), &section);
	*out = json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:s,"
			 "s:o,s:s,s:s,s:s,s:s,s:s}",
		"id", (json_int_t)id, "uscc", fz_stmt_text(st, 0), "name", fz_stmt_text(st, 1),
		"unit_id", (json_int_t)fz_stmt_int(st, 2),
		"town", fz_org_unit_name(db, fz_stmt_int(st, 2), town, sizeof(town)),
		"grid", fz_stmt_text(st, 3), "industry", fz_stmt_text(st, 4),
		"industry_section", section,
		"size_name", fz_grid_size_name(fz_stmt_text(st, 5)) ? fz_grid_size_name(fz_stmt_text(st, 5)) : "",
		"employees", fz_stmt_is_null(st, 6) ? json_null() : json_integer(fz_stmt_int(st, 6)),
		"hazards", hazard_names((int)fz_stmt_int(st, 7)),
		"address", fz_stmt_text(st, 8), "computed", fz_stmt_text(st, 9),
		"grade", fz_stmt_text(st, 13),
		"override", fz_stmt_is_null(st, 11) ? json_null() : json_string(fz_stmt_text(st, 11)),
		"override_reason", fz_stmt_text(st, 12),
		"grade_name", fz_grid_grade_name(fz_stmt_text(st, 13)[0]),
		"graded_on", fz_stmt_text(st, 14), "created_at", fz_stmt_text(st, 15),
		"updated_at", fz_stmt_text(st, 16));
	if (*out) {
		json_object_set_new(*out, "size", json_string(fz_stmt_text(st, 5)));
		json_object_set_new(*out, "rules", rules_json(fz_stmt_text(st, 10)));
	}
	fz_stmt_finish(st);
	return *out ? 0 : fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
}

static int history_json(struct fz_store *db, int64_t id, json_t *into,
			struct fz_err *err)
{
	json_t *a = json_array();
	struct fz_stmt *st;
	char who[128];
	int rc = fz_store_query(db, &st, err, "SELECT at, kind, grade, computed, rules,"
		" reason, actor FROM grid_grades WHERE entity_id = ? ORDER BY id DESC"
		" LIMIT 50", "I", id);

	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		const char *k = fz_stmt_text(st, 1);
		fz_org_actor_name(db, fz_stmt_text(st, 6), who, sizeof(who));
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s}",
			"at", fz_stmt_text(st, 0), "kind", k,
			"kind_name", !strcmp(k, "rules") ? "按规则评定" :
				     !strcmp(k, "override") ? "人工调整" : "撤销人工调整",
			"grade", fz_stmt_text(st, 2), "computed", fz_stmt_text(st, 3),
			"rules", rules_json(fz_stmt_text(st, 4)),
			"reason", fz_stmt_text(st, 5), "actor", who));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	json_object_set_new(into, "history", a);
	return rc < 0 ? rc : 0;
}

static int records_json(struct fz_store *db, int64_t id, json_t *into,
			struct fz_err *err)
{
	json_t *a = json_array();
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, "SELECT id, kind, on_date, hazards, major,"
		" open_major, COALESCE(rectified_on, ''), note FROM grid_records"
		" WHERE entity_id = ? ORDER BY on_date DESC, id DESC LIMIT 50", "I", id);

	while (!rc && (rc = fz_stmt_step(st, err)) == 1) {
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:s}",
			"id", (json_int_t)fz_stmt_int(st, 0), "kind", fz_stmt_text(st, 1),
			"kind_name", record_kind_name(fz_stmt_text(st, 1)),
			"on", fz_stmt_text(st, 2), "hazards", (json_int_t)fz_stmt_int(st, 3),
			"major", (json_int_t)fz_stmt_int(st, 4),
			"open_major", (json_int_t)fz_stmt_int(st, 5),
			"rectified_on", fz_stmt_text(st, 6), "note", fz_stmt_text(st, 7)));
		rc = 0;
	}
	if (st)
		fz_stmt_finish(st);
	json_object_set_new(into, "records", a);
	return rc < 0 ? rc : 0;
}

/* This year's planned visits against the grade's frequency and cap. */
static int plan_json(struct fz_store *db, int64_t id, json_t *into,
		     struct fz_err *err)
{
	struct fz_grid_plan_note n;
	char month[FZ_DATE_STRLEN];
	int rc;

	fz_date_format(fz_date_today_cn(), month);
	month[7] = 0;
	if ((rc = fz_grid_plan_note(db, id, 0, month, &n, err)))
		return rc;
	json_object_set_new(into, "plan", json_pack("{s:i,s:i,s:i,s:i,s:b}",
		"per_year", n.per_year, "cap", n.cap, "visits", n.visits,
		"routine", n.routine, "over_cap", n.routine > n.cap));
	return 0;
}

int fz_grid_entity_json(struct fz_store *db, int64_t id, json_t **out,
			struct fz_err *err)
{
	int rc = entity_row(db, id, out, err);
	if (!rc)
		rc = history_json(db, id, *out, err);
	if (!rc)
		rc = records_json(db, id, *out, err);
	if (!rc)
		rc = plan_json(db, id, *out, err);
	if (rc && *out) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- figures (metrics registry) ---- */

#define FROM "grid_records r JOIN grid_entities e ON e.id = r.entity_id"
#define MARKER "r.kind || '|' || r.on_date || '|' || r.hazards || '|' || r.major ||" \
	       " '|' || r.open_major || '|' || e.unit_id"
#define SOURCE "《中华人民共和国安全生产法》第四十一条、第六十二条；本区141基层综合智治做法"

static const struct fz_metrics_breakdown by_town[] = {
	{ "unit", "镇街", "e.unit_id", 1, "未填写", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

#define ROW(id, name, kind, unit, def, num, den, amount) \
	{ id, name, kind, unit, def, SOURCE, FROM, "r.on_date", num, den, amount, \
	  "r.id", "e.name", NULL, "e.unit_id", "e.unit_path", MARKER, by_town }

const struct fz_metric fz_grid_metric_set[] = {
	ROW("grid.inspections", "安全生产检查次数", FZ_METRICS_COUNT, "次",
	    "对市场主体开展的安全生产检查次数，按检查日期计",
	    "r.kind = 'inspection'", NULL, NULL),
	ROW("grid.hazards", "发现一般事故隐患数", FZ_METRICS_SUM, "项",
	    "检查中发现的一般事故隐患项数合计", "r.kind = 'inspection'", NULL, "r.hazards"),
	ROW("grid.major", "发现重大事故隐患数", FZ_METRICS_SUM, "项",
	    "检查中发现的重大事故隐患项数合计", "r.kind = 'inspection'", NULL, "r.major"),
	ROW("grid.rectified", "重大事故隐患整改率", FZ_METRICS_RATE, NULL,
	    "发现重大事故隐患且已全部整改的检查 ÷ 发现重大事故隐患的检查",
	    "r.kind = 'inspection' AND r.major > 0 AND r.open_major = 0",
	    "r.kind = 'inspection' AND r.major > 0", NULL),
	ROW("grid.penalties", "安全生产行政处罚次数", FZ_METRICS_COUNT, "次",
	    "对市场主体作出的安全生产行政处罚次数，按处罚日期计",
	    "r.kind = 'penalty'", NULL, NULL),
	{ NULL }
};

int fz_grid_audit_name(struct fz_store *db, int64_t id, const char *action,
		       char *obj, char *act, size_t n)
{
	struct fz_stmt *st;
	struct fz_err err;
	int rc = fz_store_query(db, &st, &err, "SELECT name FROM grid_entities"
				" WHERE id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, &err);
	if (rc == 1)
		snprintf(obj, n, "市场主体 %s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc == 1 ? 0 : -1;
}
