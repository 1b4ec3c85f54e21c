/* test_grid.c - domain/grid: the 141 registry.  Every grading rule at its
 * boundary (a fact at the figure fires, one below or one day outside the
 * window does not); overrides and their history; registering validates
 * and is idempotent; a town reaches only its own entities; the import is
 * all or nothing with FILE:LINE for every bad row, in CSV and JSON; the
 * agencies' visits of a month merge into one joint inspection, with the
 * caps by grade; one re-grading of all agrees with grading each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "domain/grid/grid.h"
#include "domain/org/org.h"
#include "engine/rules/rules.h"

#define D(y, m, d) ((struct fz_date){ (y), (m), (d) })

static char dir[64];
static struct fz_store *db;
static int64_t root, town, town2, dept1, dept2;
static char town_path[256];
static const struct fz_date asof = { 2026, 6, 30 };
static long seq;

static void must(int rc, const struct fz_err *err)
{
	if (rc)
		fail_msg("rc %d: %s (%s)", rc, err->msg, err->field);
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_store_int(db, &n, &err, sql, ""), 1);
	return n;
}

static const struct fz_case_actor sys = { 0, "", 0, "/", 0, "", 1 };
static const struct fz_case_actor officer = { 7, "officer1", FZ_ROLE_OFFICER, "/", 3, "", 0 };
static struct fz_case_actor towner = { 8, "town1", FZ_ROLE_TOWN, NULL, 2, "", 0 };

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_actor a = { NULL, "" };
	char path[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-grid-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/g.db", dir);
	if (fz_app_open(&db, path, 1, &err) ||
	    fz_org_unit_add(db, &a, 0, "柯桥区", "district", "330603", &root, &err) ||
	    fz_org_unit_add(db, &a, root, "柯桥街道", "town", "330603001000", &town, &err) ||
	    fz_org_unit_add(db, &a, root, "华舍街道", "town", "330603003000", &town2, &err) ||
	    fz_org_unit_add(db, &a, root, "绍兴市柯桥区应急管理局", "department", "", &dept1, &err) ||
	    fz_org_unit_add(db, &a, root, "绍兴市柯桥区市场监督管理局", "department", "", &dept2, &err) ||
	    fz_org_unit_path(db, town, town_path, sizeof(town_path), &err) != 1)
		return -1;
	towner.scope = town_path;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	fz_store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A valid 统一社会信用代码 numbered n (GB 32100 and GB 11714 checks). */
static void uscc_of(long n, char out[FZ_USCC_LEN])
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0, c;

	snprintf(out, FZ_USCC_LEN, "91330603%08d", (int)(20000000 + n % 1000000));
	for (int i = 0; i < 8; i++)
		sum += (out[8 + i] - '0') * w[i];
	c = 11 - sum % 11;
	out[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	sum = 0;
	for (int i = 0, k = 1; i < 17; i++, k = k * 3 % 31)
		sum += (int)(strchr(set, out[i]) - set) * k;
	out[17] = set[(31 - sum % 31) % 31];
	out[18] = 0;
}

static int64_t entity(int hazards, int64_t employees)
{
	struct fz_err err = FZ_ERR_INIT;
	char uscc[FZ_USCC_LEN];
	struct fz_grid_entity e = { uscc, "绍兴柯桥测试纺织有限公司", town, "第1网格", "C1752",
				    "小型", employees, hazards, "" };
	int64_t id = 0;
	uscc_of(++seq, uscc);
	must(fz_grid_upsert(db, &sys, &e, 0, &id, NULL, &err), &err);
	return id;
}

static void rec(int64_t id, const char *kind, struct fz_date on, int hazards,
		int major, int open)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_grid_record r = { kind, on, hazards, major, open, NULL };
	must(fz_grid_record_add(db, &sys, id, &r, NULL, &err), &err);
}

/* The computed grade and rules of id as of asof. */
static void graded(int64_t id, const char *grade, const char *rules)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	must(fz_grid_grade_one(db, id, asof, "", &err), &err);
	must(fz_store_query(db, &st, &err, "SELECT computed, rules FROM grid_entities"
			    " WHERE id = ?", "I", id), &err);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	if (strcmp(fz_stmt_text(st, 0), grade) || strcmp(fz_stmt_text(st, 1), rules))
		fail_msg("entity %lld: %s [%s], expected %s [%s]", (long long)id,
			 fz_stmt_text(st, 0), fz_stmt_text(st, 1), grade, rules);
	fz_stmt_finish(st);
}

static struct fz_date ago(int days) { return fz_date_add_days(asof, -days); }

/* ---- every rule at its boundary ---- */

static void test_grid__rules_compile_and_cite(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	const struct fz_rules *set = fz_grid_rules(&err);
	(void)state;
	assert_non_null(set);
	assert_int_equal(fz_rules_count(set), 11);
	for (size_t i = 0; i < fz_rules_count(set); i++) {
		const struct fz_rule_info *r = fz_rules_info(set, i);
		assert_non_null(fz_grid_grade_name(r->id[0]));
		assert_non_null(strstr(r->cite, "《中华人民共和国安全生产法》"));
	}
}

static void test_grid__no_fact_is_low_risk(void **state)
{
	(void)state;
	graded(entity(0, 20), "A", "");
}

static void test_grid__d1_major_penalties_at_the_figures(void **state)
{
	int64_t a = entity(0, 20), b = entity(0, 20), c = entity(0, 20), d = entity(0, 20);
	(void)state;
	/* three within 180 days: Art. 113(1) */
	for (int i = 0; i < 3; i++)
		rec(a, "penalty", ago(10 + 80 * i), 0, 1, 0);
	graded(a, "D", "D1 C3 B3");
	/* the third is 180 days old: outside, two within; three in the year */
	rec(b, "penalty", ago(10), 0, 1, 0);
	rec(b, "penalty", ago(100), 0, 1, 0);
	rec(b, "penalty", ago(180), 0, 1, 0);
	graded(b, "C", "C3 B3");
	/* four within a year, spread */
	for (int i = 0; i < 4; i++)
		rec(c, "penalty", ago(10 + 100 * i), 0, 1, 0);
	graded(c, "D", "D1 C3 B3");
	/* four, one of them exactly a year old: three in the year */
	for (int i = 0; i < 3; i++)
		rec(d, "penalty", ago(200 + 50 * i), 0, 1, 0);
	rec(d, "penalty", fz_date_add_months(asof, -12), 0, 1, 0);
	graded(d, "C", "C3 B3");
}

static void test_grid__d2_open_major_until_rectified(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t a = entity(0, 20);
	(void)state;
	rec(a, "inspection", ago(5), 1, 1, 1);
	graded(a, "D", "D2 C2");
	must(fz_grid_record_rectified(db, &officer, a, 0, D(2026, 7, 1), &err), &err);
	graded(a, "C", "C2");
	/* nothing open any more */
	assert_int_equal(fz_grid_record_rectified(db, &officer, a, 0, D(2026, 7, 1), &err),
			 FZ_ESTATE);
}

static void test_grid__d3_and_c4_accidents_within_three_years(void **state)
{
	int64_t a = entity(FZ_GRID_HAZCHEM, 20), b = entity(FZ_GRID_HAZCHEM, 20);
	int64_t c = entity(0, 20), d = entity(0, 20);
	(void)state;
	rec(a, "accident", fz_date_add_days(fz_date_add_months(asof, -36), 1), 0, 0, 0);
	graded(a, "D", "D3 C1 C4");
	rec(b, "accident", fz_date_add_months(asof, -36), 0, 0, 0);
	graded(b, "C", "C1");
	rec(c, "accident", ago(30), 0, 0, 0);
	graded(c, "C", "C4");
	rec(d, "accident", fz_date_add_months(asof, -36), 0, 0, 0);
	graded(d, "A", "");
}

static void test_grid__c1_hazard_kinds(void **state)
{
	(void)state;
	graded(entity(FZ_GRID_HAZCHEM, 20), "C", "C1");
	graded(entity(FZ_GRID_DUST, 20), "C", "C1");
	graded(entity(FZ_GRID_AMMONIA, 20), "C", "C1");
	graded(entity(FZ_GRID_CONFINED, 20), "B", "B1");
	graded(entity(FZ_GRID_GAS, 20), "B", "B1");
}

static void test_grid__c2_major_hazard_within_a_year(void **state)
{
	int64_t a = entity(0, 20), b = entity(0, 20);
	(void)state;
	rec(a, "inspection", fz_date_add_days(fz_date_add_months(asof, -12), 1), 0, 1, 0);
	graded(a, "C", "C2");
	rec(b, "inspection", fz_date_add_months(asof, -12), 0, 1, 0);
	graded(b, "A", "");
}

static void test_grid__c3_b3_penalty_counts(void **state)
{
	int64_t a = entity(0, 20), b = entity(0, 20);
	(void)state;
	rec(a, "penalty", ago(10), 0, 0, 0);
	rec(a, "penalty", ago(300), 0, 0, 0);
	graded(a, "C", "C3 B3");
	rec(b, "penalty", ago(10), 0, 0, 0);
	graded(b, "B", "B3");
}

static void test_grid__b2_three_hazards_b4_three_hundred_staff(void **state)
{
	int64_t a = entity(0, 20), b = entity(0, 20);
	(void)state;
	rec(a, "inspection", ago(10), 2, 0, 0);
	rec(a, "inspection", ago(200), 1, 0, 0);
	graded(a, "B", "B2");
	rec(b, "inspection", ago(10), 2, 0, 0);
	graded(b, "A", "");
	graded(entity(0, 300), "B", "B4");
	graded(entity(0, 299), "A", "");
	graded(entity(0, -1), "A", ""); /* unknown staff: no rule */
}

/* ---- overrides ---- */

static void test_grid__override_and_clear_keep_history(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t a = entity(FZ_GRID_DUST, 20);
	int64_t h0 = count("SELECT count(*) FROM grid_grades");
	char sql[160];
	(void)state;
	assert_int_equal(fz_grid_override(db, &officer, a, 'B', "短", &err), FZ_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(fz_grid_override(db, &officer, a, 'E', "现场复核已整改到位", &err), FZ_EINVAL);
	assert_int_equal(fz_grid_override(db, &officer, a, 0, "现场复核已整改到位", &err), FZ_ESTATE);
	assert_int_equal(count("SELECT count(*) FROM grid_grades"), h0);
	must(fz_grid_override(db, &officer, a, 'B', "除尘系统已改造并通过验收", &err), &err);
	snprintf(sql, sizeof(sql), "SELECT grade = 'B' AND computed = 'C' AND override = 'B'"
		 " FROM grid_entities WHERE id = %lld", (long long)a);
	assert_int_equal(count(sql), 1);
	/* grading again keeps the override in force */
	rec(a, "inspection", ago(1), 3, 0, 0);
	assert_int_equal(count(sql), 1);
	must(fz_grid_override(db, &officer, a, 0, "改造效果待下次检查确认", &err), &err);
	snprintf(sql, sizeof(sql), "SELECT grade = computed AND override IS NULL FROM"
		 " grid_entities WHERE id = %lld", (long long)a);
	assert_int_equal(count(sql), 1);
	snprintf(sql, sizeof(sql), "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM"
		 " grid_grades WHERE entity_id = %lld ORDER BY id)", (long long)a);
	{
		struct fz_stmt *st;
		must(fz_store_query(db, &st, &err, sql, ""), &err);
		assert_int_equal(fz_stmt_step(st, &err), 1);
		assert_string_equal(fz_stmt_text(st, 0), "rules override rules clear");
		fz_stmt_finish(st);
	}
}

/* ---- registering ---- */

static void test_grid__upsert_validates_and_is_idempotent(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char uscc[FZ_USCC_LEN];
	struct fz_grid_entity e = { uscc, "绍兴柯桥某餐饮店", town, "", "H6210", "微型", 5,
				    FZ_GRID_GAS, "柯桥街道某路1号" };
	int64_t id, id2, n0 = count("SELECT count(*) FROM grid_entities");
	int what;
	(void)state;
	uscc_of(9000, uscc);
	e.uscc = "91330603MA2BADXX";
	assert_int_equal(fz_grid_upsert(db, &sys, &e, 0, &id, &what, &err), FZ_EINVAL);
	assert_string_equal(err.field, "uscc");
	e.uscc = uscc;
	e.industry = "C12"; /* division 12 is 采矿业 (B) */
	assert_int_equal(fz_grid_upsert(db, &sys, &e, 0, &id, &what, &err), FZ_EINVAL);
	assert_string_equal(err.field, "industry");
	e.industry = "H6210";
	e.size = "巨型";
	assert_int_equal(fz_grid_upsert(db, &sys, &e, 0, &id, &what, &err), FZ_EINVAL);
	assert_string_equal(err.field, "size");
	e.size = "micro";
	e.unit_id = root; /* a district, not a town */
	assert_int_equal(fz_grid_upsert(db, &sys, &e, 0, &id, &what, &err), FZ_EINVAL);
	assert_string_equal(err.field, "town");
	e.unit_id = town;
	assert_int_equal(count("SELECT count(*) FROM grid_entities"), n0);

	must(fz_grid_upsert(db, &sys, &e, 0, &id, &what, &err), &err);
	assert_int_equal(what, FZ_GRID_ADDED);
	int64_t h = count("SELECT count(*) FROM grid_grades");
	must(fz_grid_upsert(db, &sys, &e, 0, &id2, &what, &err), &err);
	assert_int_equal(what, FZ_GRID_SAME);
	assert_int_equal(id2, id);
	assert_int_equal(count("SELECT count(*) FROM grid_grades"), h);
	e.hazards = FZ_GRID_GAS | FZ_GRID_HAZCHEM;
	must(fz_grid_upsert(db, &sys, &e, 0, &id2, &what, &err), &err);
	assert_int_equal(what, FZ_GRID_UPDATED);
	assert_int_equal(count("SELECT count(*) FROM grid_grades"), h + 1);
}

static void test_grid__a_town_reaches_its_own_only(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char uscc[FZ_USCC_LEN];
	struct fz_grid_entity e = { uscc, "华舍某纺织厂", town2, "", "C1752", "small", 30, 0, "" };
	struct fz_grid_record r = { "inspection", { 0 }, 1, 0, 0, NULL };
	int64_t id, n0;
	(void)state;
	uscc_of(9100, uscc);
	n0 = count("SELECT count(*) FROM grid_entities");
	assert_int_equal(fz_grid_upsert(db, &towner, &e, 0, &id, NULL, &err), FZ_EFORBID);
	assert_int_equal(count("SELECT count(*) FROM grid_entities"), n0);
	must(fz_grid_upsert(db, &officer, &e, 0, &id, NULL, &err), &err);
	/* the town can neither move it, record on it, override nor rectify it */
	e.unit_id = town;
	assert_int_equal(fz_grid_upsert(db, &towner, &e, 0, NULL, NULL, &err), FZ_EFORBID);
	assert_int_equal(fz_grid_record_add(db, &towner, id, &r, NULL, &err), FZ_ENOTFOUND);
	assert_int_equal(fz_grid_override(db, &towner, id, 'D', "越权调整测试理由", &err), FZ_ENOTFOUND);
	assert_int_equal(fz_grid_record_rectified(db, &towner, id, 0, (struct fz_date){ 0 }, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(count("SELECT count(*) FROM grid_records WHERE entity_id IN"
			       " (SELECT id FROM grid_entities WHERE name = '华舍某纺织厂')"), 0);
	assert_int_equal(count("SELECT count(*) FROM grid_entities WHERE name = '华舍某纺织厂'"
			       " AND unit_id = (SELECT id FROM units WHERE name = '华舍街道')"), 1);
}

/* ---- import ---- */

static void import_fails(const char *text, const char *const want[])
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_grid_import res;
	int64_t n0 = count("SELECT count(*) FROM grid_entities");
	size_t i = 0;

	assert_int_equal(fz_grid_import_text(db, &sys, "f.csv", text, strlen(text), &res, &err),
			 FZ_EINVAL);
	for (; want[i]; i++) {
		const char *got = json_string_value(json_array_get(res.errors, i));
		if (!got || strncmp(got, want[i], strlen(want[i])))
			fail_msg("error %zu: got %s, expected %s…", i, got ? got : "(none)", want[i]);
	}
	assert_int_equal(json_array_size(res.errors), i);
	json_decref(res.errors);
	assert_int_equal(count("SELECT count(*) FROM grid_entities"), n0);
}

static void test_grid__import_csv_all_or_nothing(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_grid_import res;
	char a[FZ_USCC_LEN], b[FZ_USCC_LEN], c[FZ_USCC_LEN], d[FZ_USCC_LEN], text[2048];
	int64_t n0 = count("SELECT count(*) FROM grid_entities");
	(void)state;
	uscc_of(503, d);
	uscc_of(500, a);
	uscc_of(501, b);
	uscc_of(502, c);
	snprintf(text, sizeof(text),
		 "\xEF\xBB\xBF统一社会信用代码,名称,镇街,网格,行业代码,规模,从业人数,风险因素,地址\r\n"
		 "%s,\"绍兴柯桥\"\"恒丰\"\"印染有限公司\",柯桥街道,第3网格,C1713,中型,180,危险化学品、有限空间,\"柯桥街道, 笛扬路1号\"\r\n"
		 "%s,绍兴柯桥某餐饮店,330603003000,,H6210,微型,,使用燃气,\r\n"
		 "\r\n"
		 "%s,\"多行\n名称有限公司\",华舍街道,,F5132,小型,8,,\r\n", a, b, c);
	must(fz_grid_import_text(db, &sys, "f.csv", text, strlen(text), &res, &err), &err);
	assert_int_equal(res.added, 3);
	json_decref(res.errors);
	assert_int_equal(count("SELECT count(*) FROM grid_entities WHERE name ="
			       " '绍兴柯桥\"恒丰\"印染有限公司' AND hazards = 9 AND employees = 180"
			       " AND address = '柯桥街道, 笛扬路1号' AND computed = 'C'"), 1);
	must(fz_grid_import_text(db, &sys, "f.csv", text, strlen(text), &res, &err), &err);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.same, 3);
	json_decref(res.errors);
	assert_int_equal(count("SELECT count(*) FROM grid_entities"), n0 + 3);

	/* every bad row, with its line; nothing stored */
	snprintf(text, sizeof(text),
		 "uscc,name,town,industry,size,hazards\n"
		 "%s,甲公司,柯桥街道,C1713,小型,\n"
		 "91330603MA2BAD,乙公司,柯桥街道,C1713,小型,\n"
		 "%s,丙公司,不存在镇,C1713,小型,\n"
		 "%s,丁公司,柯桥街道,C1713,小型,核电\n"
		 "%s,戊公司,柯桥街道,C99,小型,\n"
		 "%s,己公司,柯桥街道\n"
		 "%s,庚公司,柯桥街道,C1713,小型,\n", b, c, a, d, d, b);
	{
		const char *const want[] = { "f.csv:3: 统一社会信用代码", "f.csv:4: 镇街不存在",
			"f.csv:5: 风险因素", "f.csv:6: 行业代码", "f.csv:7: 应有6列", "f.csv:8: 统一社会信用代码与第2行重复",
			NULL };
		import_fails(text, want);
	}
	{
		const char *const want[] = { "f.csv:1: 未知的列：税号", NULL };
		import_fails("税号,名称\n1,2\n", want);
	}
	{
		const char *const want[] = { "f.csv:1: 缺少列：行业代码", NULL };
		import_fails("统一社会信用代码,名称,镇街,规模\n", want);
	}
	{
		const char *const want[] = { "f.csv:2: 引号没有闭合", NULL };
		import_fails("uscc,name,town,industry,size\nx,\"open,柯桥街道,C1713,小型\n", want);
	}
}

/* More rows than the duplicate check's first table: it grows with the
 * file (bench/grassroots found a fixed table spinning at 262,145 rows). */
static void test_grid__import_many_rows(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_grid_import res;
	size_t cap = 64 + 1500 * 80, len;
	char *text = malloc(cap), code[FZ_USCC_LEN];
	(void)state;
	assert_non_null(text);
	len = (size_t)snprintf(text, cap, "uscc,name,town,industry,size\n");
	for (int i = 0; i < 1500; i++) {
		uscc_of(100000 + i, code);
		len += (size_t)snprintf(text + len, cap - len, "%s,批量%d,柯桥街道,F5132,微型\n", code, i);
	}
	must(fz_grid_import_text(db, &sys, "big.csv", text, len, &res, &err), &err);
	assert_int_equal(res.added, 1500);
	json_decref(res.errors);
	/* the last row again, as a duplicate of its own file */
	len += (size_t)snprintf(text + len, cap - len, "%s,重复,柯桥街道,F5132,微型\n", code);
	{
		const char *const want[] = { "f.csv:1502: 统一社会信用代码与第1501行重复", NULL };
		char *copy = strndup(text, len);
		import_fails(copy, want);
		free(copy);
	}
	free(text);
}

static void test_grid__import_json_lines_are_the_files(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_grid_import res;
	char a[FZ_USCC_LEN], b[FZ_USCC_LEN], text[2048];
	(void)state;
	uscc_of(600, a);
	uscc_of(601, b);
	snprintf(text, sizeof(text),
		 "[\n  {\"uscc\": \"%s\", \"name\": \"甲\", \"town\": \"柯桥街道\",\n"
		 "   \"industry\": \"C1713\", \"size\": \"small\", \"hazards\": [\"hazchem\"]},\n"
		 "  {\"uscc\": \"%s\", \"name\": \"乙\", \"town\": \"柯桥街道\",\n"
		 "   \"industry\": \"C1713\", \"size\": \"small\", \"employees\": \"many\"}\n]\n", a, b);
	{
		const char *const want[] = { "f.csv:4: 从业人数", NULL };
		import_fails(text, want);
	}
	snprintf(text, sizeof(text),
		 "{\"统一社会信用代码\": \"%s\", \"名称\": \"甲\", \"镇街\": \"柯桥街道\", \"行业代码\": \"C1713\", \"规模\": \"小型\", \"风险因素\": \"粉尘涉爆\"}\n"
		 "\n"
		 "{\"uscc\": \"%s\", \"name\": \"乙\", \"town\": \"柯桥街道\", \"industry\": \"C1713\", \"size\": \"small\", \"tax\": 1}\n", a, b);
	{
		const char *const want[] = { "f.csv:3: 未知的字段：tax", NULL };
		import_fails(text, want);
	}
	snprintf(text, sizeof(text),
		 "{\"统一社会信用代码\": \"%s\", \"名称\": \"甲\", \"镇街\": \"柯桥街道\", \"行业代码\": \"C1713\", \"规模\": \"小型\", \"风险因素\": \"粉尘涉爆\"}\n"
		 "{\"uscc\": \"%s\", \"name\": \"乙\", \"town\": \"柯桥街道\", \"industry\": \"C1713\", \"size\": \"small\", \"employees\": 12}\n", a, b);
	must(fz_grid_import_text(db, &sys, "f.jsonl", text, strlen(text), &res, &err), &err);
	assert_int_equal(res.added, 2);
	json_decref(res.errors);
}

static void test_grid__industry_codes(void **state)
{
	const char *s = NULL;
	(void)state;
	assert_true(fz_grid_industry_ok("C1711", &s));
	assert_string_equal(s, "制造业");
	assert_true(fz_grid_industry_ok("T97", &s));
	assert_true(fz_grid_industry_ok("A01", &s));
	assert_false(fz_grid_industry_ok("C12", &s));
	assert_false(fz_grid_industry_ok("Z01", &s));
	assert_false(fz_grid_industry_ok("C171a", &s));
	assert_false(fz_grid_industry_ok("C", &s));
	assert_false(fz_grid_industry_ok("C171122", &s));
	assert_false(fz_grid_industry_ok(NULL, &s));
}

/* ---- 综合查一次 ---- */

static int plan(int64_t unit, int64_t entity, const char *month, const char *reason,
		struct fz_grid_plan_note *note, int64_t *id)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_actor a = { 9, "officer9", FZ_ROLE_OFFICER, "/", unit, "", 0 };
	struct fz_grid_plan p = { entity, month, reason, "安全生产检查" };
	return fz_grid_plan_add(db, &a, &p, id, note, &err);
}

static void test_grid__joint_inspections_and_caps(void **state)
{
	struct fz_grid_plan_note n;
	struct fz_err err = FZ_ERR_INIT;
	int64_t e = entity(0, 20), d = entity(FZ_GRID_DUST, 20), id = 0;
	int64_t n0 = count("SELECT count(*) FROM grid_plans");
	(void)state;
	/* one agency plans: nobody to join; an A entity needs no routine visit */
	assert_int_equal(plan(dept1, e, "2026-09", "routine", &n, &id), 0);
	assert_string_equal(n.joint, "");
	assert_int_equal(n.visits, 1);
	assert_int_equal(n.per_year, 0);
	assert_int_equal(n.cap, 1);
	/* the second agency, same month: one joint inspection, still one visit */
	assert_int_equal(plan(dept2, e, "2026-09", "routine", &n, NULL), 0);
	assert_string_equal(n.joint, "绍兴市柯桥区应急管理局");
	assert_int_equal(n.visits, 1);
	assert_int_equal(plan(dept1, e, "2026-09", "routine", &n, NULL), FZ_ECONFLICT);
	/* the month after: the other agency's month is suggested; over the cap */
	assert_int_equal(plan(dept2, e, "2026-10", "routine", &n, NULL), 0);
	assert_string_equal(n.suggest, "2026-09");
	assert_int_equal(n.visits, 2);
	assert_true(n.routine > n.cap);
	/* a complaint is a targeted check: a visit, not a routine one */
	assert_int_equal(plan(dept1, e, "2026-11", "complaint", &n, NULL), 0);
	assert_int_equal(n.visits, 3);
	assert_int_equal(n.routine, 2);
	/* across the year's end */
	assert_int_equal(plan(dept1, d, "2027-01", "routine", &n, NULL), 0);
	assert_int_equal(plan(dept2, d, "2026-12", "routine", &n, NULL), 0);
	assert_string_equal(n.suggest, "2027-01");
	assert_int_equal(n.per_year, 2);
	assert_int_equal(n.cap, 4);
	/* bad months and reasons change nothing */
	assert_int_equal(plan(dept1, e, "2026-13", "routine", &n, NULL), FZ_EINVAL);
	assert_int_equal(plan(dept1, e, "26-01", "routine", &n, NULL), FZ_EINVAL);
	assert_int_equal(plan(dept1, e, "2026-1", "routine", &n, NULL), FZ_EINVAL);
	assert_int_equal(plan(dept1, e, "2026-12", "whim", &n, NULL), FZ_EINVAL);
	assert_int_equal(count("SELECT count(*) FROM grid_plans"), n0 + 6);
	must(fz_grid_plan_cancel(db, &officer, id, &err), &err);
	assert_int_equal(count("SELECT count(*) FROM grid_plans"), n0 + 5);
	assert_int_equal(fz_grid_plan_cancel(db, &officer, id, &err), FZ_ENOTFOUND);
	assert_int_equal(fz_grid_frequency('D', NULL), 4);
}

static void test_grid__regrade_all_agrees_with_each(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_grid_regrade r;
	(void)state;
	/* every entity above was graded one by one as of asof */
	must(fz_grid_regrade_all(db, &sys, asof, &r, &err), &err);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.entities, count("SELECT count(*) FROM grid_entities"));
	assert_int_equal(r.by[0] + r.by[1] + r.by[2] + r.by[3], r.entities);
	/* a year on, the penalties and inspections have aged out */
	must(fz_grid_regrade_all(db, &sys, D(2027, 12, 31), &r, &err), &err);
	assert_true(r.changed > 0);
	assert_int_equal(r.by[3], count("SELECT count(*) FROM grid_entities WHERE grade = 'D'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grid__rules_compile_and_cite),
		cmocka_unit_test(test_grid__no_fact_is_low_risk),
		cmocka_unit_test(test_grid__d1_major_penalties_at_the_figures),
		cmocka_unit_test(test_grid__d2_open_major_until_rectified),
		cmocka_unit_test(test_grid__d3_and_c4_accidents_within_three_years),
		cmocka_unit_test(test_grid__c1_hazard_kinds),
		cmocka_unit_test(test_grid__c2_major_hazard_within_a_year),
		cmocka_unit_test(test_grid__c3_b3_penalty_counts),
		cmocka_unit_test(test_grid__b2_three_hazards_b4_three_hundred_staff),
		cmocka_unit_test(test_grid__override_and_clear_keep_history),
		cmocka_unit_test(test_grid__upsert_validates_and_is_idempotent),
		cmocka_unit_test(test_grid__a_town_reaches_its_own_only),
		cmocka_unit_test(test_grid__import_csv_all_or_nothing),
		cmocka_unit_test(test_grid__import_many_rows),
		cmocka_unit_test(test_grid__import_json_lines_are_the_files),
		cmocka_unit_test(test_grid__industry_codes),
		cmocka_unit_test(test_grid__joint_inspections_and_caps),
		cmocka_unit_test(test_grid__regrade_all_agrees_with_each),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
