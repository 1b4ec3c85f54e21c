/* test_enforce.c - domain/enforce: the case types under the 2021 行政处罚法
 * (every forbidden transition, deadlines across holidays and 调休,
 * extensions, 简易程序 limits, limitation, 法制审核, 加处罚款 cap), the
 * discretion tables against their rows, the 两法衔接 hook at, below and
 * above a threshold, and the 行政行为码 (tampering, forgery, revocation,
 * rating once).  Issue 12: the hearing window and waiver (Art. 62, 64(1)),
 * the hearing notice (Art. 64(2)), the decision period per agency rule
 * (Art. 60), 法制审核 (Art. 58 and the catalogue), limitation to the
 * discovery (Art. 36) and the thresholds at the act date (刑法 Art. 12). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/cal.h"
#include "crypto/key.h"
#include "crypto/sm.h"
#include "domain/enforce/enforce.h"
#include "domain/org/org.h"
#include "engine/actcode/actcode.h"
#include "engine/audit.h"
#include "engine/rules/rules.h"

#define D(y, m, d) ((struct fz_date){ (y), (m), (d) })

static char dir[64];
static struct fz_cal *cal;
static struct fz_rules *rules;
static struct fz_enforce_discretion *disc;
static struct fz_keys *keys;
static struct fz_store *db;
static int64_t unit, off1, off2;
static char path[64];
static struct fz_case_actor officer;

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations,
	fz_enforce_migrations, NULL
};

/* The discretion tables straight from data/discretion (the binary embeds
 * the same files). */
static char *slurp(const char *p)
{
	FILE *f = fopen(p, "rb");
	char *s;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = calloc(1, (size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	return s;
}

static const char *const dfiles[] = { "fields.rules", "market.csv",
				      "ecology.csv", "safety.csv", "urban.csv" };
#define NDF (sizeof(dfiles) / sizeof(dfiles[0]))
static struct fz_embedded demb[NDF + 1];

static void load_discretion(void)
{
	struct fz_err err = FZ_ERR_INIT;
	char p[128];
	for (size_t i = 0; i < NDF; i++) {
		snprintf(p, sizeof(p), "data/discretion/%s", dfiles[i]);
		demb[i].name = dfiles[i];
		demb[i].data = slurp(p);
		assert_non_null(demb[i].data);
	}
	if (fz_enforce_discretion_load(&disc, demb, &err))
		fail_msg("%s", err.msg);
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_actor sys = { NULL, "" };
	char p[128];
	int64_t root;

	assert_int_equal(fz_cal_load(&cal, &err), 0);
	assert_int_equal(fz_rules_compile_files(&rules, fz_rules_files, NULL, &err), 0);
	load_discretion();
	assert_int_equal(fz_keys_new_ephemeral(&keys, &err), 0);
	{
		struct fz_enforce_env e = { cal, rules, disc };
		fz_enforce_set_env(&e);
	}
	snprintf(dir, sizeof(dir), "/tmp/fz_enforce_XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/t.db", dir);
	assert_int_equal(fz_store_open(&db, p, FZ_STORE_CREATE, &err), 0);
	assert_int_equal(fz_store_migrate(db, sets, &err), 0);
	assert_int_equal(fz_org_unit_add(db, &sys, 0, "柯桥区", "district", "330603",
					 &root, &err), 0);
	assert_int_equal(fz_org_unit_add(db, &sys, root, "绍兴市柯桥区市场监督管理局",
					 "department", "", &unit, &err), 0);
	snprintf(path, sizeof(path), "/%lld/%lld/", (long long)root, (long long)unit);
	assert_int_equal(fz_enforce_agency_set(db, unit, "KQSJ", "柯市监", "市场监管局",
					       &err), 0);
	/* a market agency: its cases follow the market procedure rule */
	assert_int_equal(fz_enforce_agency_system_set(db, unit, "市场监管", &err), 0);
	assert_int_equal(fz_enforce_officer_add(db, unit, 0, "王建国", "浙A0010001",
						&off1, &err), 0);
	assert_int_equal(fz_enforce_officer_add(db, unit, 0, "陈丽华", "浙A0010002",
						&off2, &err), 0);
	officer = (struct fz_case_actor){ 7, "officer2", FZ_ROLE_OFFICER, path, unit,
					  "127.0.0.1", 0 };
	(void)state;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	fz_store_close(db);
	fz_rules_free(rules);
	fz_cal_free(cal);
	fz_enforce_discretion_free(disc);
	fz_keys_free(keys);
	for (size_t i = 0; i < NDF; i++)
		free((char *)demb[i].data);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 0;
	(void)state;
	return 0;
}

/* A valid 统一社会信用代码: 登记管理部门 9, 类别 1, 区划 330621, a GB 11714
 * organisation code with its check character, then the GB 32100 check. */
static void uscc(int n, char out[19])
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8,
				 24, 10, 30, 28 };
	static const int ow[] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	char body[18];
	int sum = 0, c;
	snprintf(body, sizeof(body), "91330621%08d", 10000000 + n % 10000000);
	for (int i = 0; i < 8; i++)
		sum += (body[8 + i] - '0') * ow[i];
	c = 11 - sum % 11;
	body[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	body[17] = 0;
	sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(cs, body[i]) - cs) * w[i];
	memcpy(out, body, 17);
	out[17] = cs[(31 - sum % 31) % 31];
	out[18] = 0;
}

static int64_t party_org(const char *name)
{
	struct fz_err err = FZ_ERR_INIT;
	static int n;
	char code[19];
	int64_t id;
	uscc(++n, code);
	struct fz_enforce_party o = { "org", name, code, "柯桥区某路1号", "张三" };
	if (fz_enforce_party_add(db, keys, &o, &id, &err))
		fail_msg("%s", err.msg);
	return id;
}

static int64_t open_penalty(const char *violation, struct fz_date opened,
			    json_t *facts, const char *proc)
{
	struct fz_err err = FZ_ERR_INIT;
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id;
	struct fz_enforce_case_new nc = { "penalty", unit, "销售不合格产品案",
		party_org("绍兴某贸易有限公司"), { off1, off2 }, violation, opened,
		fz_date_add_days(opened, -30), 0, proc, facts };
	if (fz_enforce_case_open(db, keys, &officer, &nc, &id, number, &err))
		fail_msg("open: %s", err.msg);
	json_decref(facts);
	assert_non_null(strstr(number, "柯市监罚〔"));
	return id;
}

static int act(int64_t id, const char *tr, struct fz_date on, json_t *data,
	       struct fz_err *err)
{
	int rc = fz_enforce_case_act(db, keys, &officer, id, tr, on, data, NULL, err);
	json_decref(data);
	return rc;
}

static void must(int64_t id, const char *tr, struct fz_date on, json_t *data)
{
	struct fz_err err = FZ_ERR_INIT;
	if (act(id, tr, on, data, &err))
		fail_msg("%s: %s (%s)", tr, err.msg, err.field);
}

static void state_is(int64_t id, const char *want)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *cj;
	assert_int_equal(fz_case_get_json(db, &fz_enforce_penalty_type, &officer, id,
					  D(2024, 12, 31),
					  &cj, &err), 0);
	assert_string_equal(json_string_value(json_object_get(cj, "state")), want);
	json_decref(cj);
}

static const char *due(int64_t id, const char *key, char out[FZ_DATE_STRLEN])
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_deadline_view v[8];
	size_t n;
	out[0] = 0;
	assert_int_equal(fz_case_deadlines(db, strcmp(key, "police") ?
		&fz_enforce_penalty_type : &fz_enforce_transfer_type, id,
		D(2024, 12, 31), v, 8, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].key, key))
			snprintf(out, FZ_DATE_STRLEN, "%s", v[i].due);
	return out;
}

/* Every transition not allowed from the current state is refused with
 * FZ_ESTATE and changes nothing. */
static void forbidden_here(int64_t id, const char *state)
{
	for (const struct fz_case_transition *t = fz_enforce_penalty_type.transitions;
	     t->key; t++) {
		struct fz_err err = FZ_ERR_INIT;
		int allowed = 0;
		for (const struct fz_case_transition *u =
			fz_enforce_penalty_type.transitions; u->key; u++)
			if (!strcmp(u->key, t->key) &&
			    (!strcmp(u->from, state) || !strcmp(u->from, "*")))
				allowed = 1;
		if (allowed || !strcmp(t->key, "transfer"))
			continue;
		int64_t before = 0, after = 0;
		fz_store_int(db, &before, &err, "SELECT COUNT(*) FROM case_events WHERE case_id = ?", "I", id);
		int rc = act(id, t->key, D(0, 0, 0), json_pack("{s:s,s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
			"中止理由", "x", "拟处罚内容", "x", "法制审核意见", "x", "拟罚款金额", (json_int_t)100,
			"退回理由", "x", "罚款金额", (json_int_t)100, "处罚种类", "罚款",
			"听证申请日期", "x", "听证笔录", "x", "不予处罚理由", "x", "送达方式", "x",
			"撤案理由", "x", "实缴金额", "x", "裁量说明", "x"), &err);
		if (rc != FZ_ESTATE)
			fail_msg("%s from %s: rc %d (%s)", t->key, state, rc, err.msg);
		fz_store_int(db, &after, &err, "SELECT COUNT(*) FROM case_events WHERE case_id = ?", "I", id);
		assert_int_equal(before, after);
		state_is(id, state);
	}
}

static void test_enforce__types_are_sound(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_case_type_check(&fz_enforce_penalty_type, &err), 0);
	assert_int_equal(fz_case_type_check(&fz_enforce_inspection_type, &err), 0);
	assert_int_equal(fz_case_type_check(&fz_enforce_transfer_type, &err), 0);
	(void)state;
}

static void test_enforce__every_forbidden_transition_refused(void **state)
{
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
				  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	/* the hearing is noticed on Fri 3-8 and held on Wed 3-20, after the
	 * seven 工作日 3-11..3-19 (Art. 64(2), Art. 85) */
	const struct { const char *tr, *state; struct fz_date on; const char *data; } walk[] = {
		{ NULL, "filed", { 0 }, NULL },
		{ "investigate", "investigating", D(2024, 3, 2), NULL },
		{ "suspend", "suspended", D(2024, 3, 3), "{\"中止理由\": \"等待检测\"}" },
		{ "resume", "investigating", D(2024, 3, 4), NULL },
		{ "submit_review", "reviewing", D(2024, 3, 5), "{\"拟处罚内容\": \"罚款\"}" },
		{ "review_pass", "reviewed", D(2024, 3, 6), "{\"法制审核意见\": \"同意\"}" },
		{ "notify", "notified", D(2024, 3, 7),
		  "{\"拟处罚内容\": \"罚款\", \"拟罚款金额\": 600000}" },
		{ "request_hearing", "hearing", D(2024, 3, 8), "{\"听证申请日期\": \"2024-03-08\"}" },
		{ "hearing_done", "notified", D(2024, 3, 20), "{\"听证笔录\": \"已记录\","
		  " \"听证通知日期\": \"2024-03-08\", \"听证日期\": \"2024-03-20\"}" },
		{ "decide", "decided", D(2024, 3, 21),
		  "{\"处罚种类\": \"罚款\", \"罚款金额\": 600000}" },
		{ "serve", "served", D(2024, 3, 22), "{\"送达方式\": \"直接送达\"}" },
		{ "perform", "performed", D(2024, 3, 23), "{\"实缴金额\": 600000}" },
		{ "close", "closed", D(2024, 3, 24), NULL },
	};
	for (size_t i = 0; i < sizeof(walk) / sizeof(walk[0]); i++) {
		if (walk[i].tr)
			must(id, walk[i].tr, walk[i].on,
			     walk[i].data ? json_loads(walk[i].data, 0, NULL) : NULL);
		state_is(id, walk[i].state);
		forbidden_here(id, walk[i].state);
	}
	(void)state;
}

static void test_enforce__deadlines_across_holidays_and_tiaoxiu(void **state)
{
	char d[FZ_DATE_STRLEN];
	int64_t id = open_penalty("SJ-CP-49", D(2024, 9, 2),
				  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	/* Art. 60: 90 days from 2024-09-02 → 2024-12-01, a Sunday → Monday */
	assert_string_equal(due(id, "decide_market", d), "2024-12-02");
	must(id, "investigate", D(2024, 9, 3), NULL);
	must(id, "notify", D(2024, 9, 27), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	/* Art. 64(1), 85: 5 工作日 from Fri 2024-09-27: Sun 9-29 is a 调休
	 * workday, 10-1..10-7 are the holiday → 9-29, 9-30, 10-8, 10-9, 10-10 */
	assert_string_equal(due(id, "hearing_request", d), "2024-10-10");
	must(id, "decide", D(2024, 10, 11), json_pack("{s:s,s:I}", "处罚种类", "罚款",
		"罚款金额", (json_int_t)600000));
	/* Art. 61: 7 工作日 from Fri 10-11; Sat 10-12 is 调休: 10-12, 14..18, 21 */
	assert_string_equal(due(id, "serve", d), "2024-10-21");
	must(id, "serve", D(2024, 9 + 1, 14), json_pack("{s:s}", "送达方式", "直接送达"));
	/* Art. 67(3): 15 days from 10-14 → 10-29 */
	assert_string_equal(due(id, "pay", d), "2024-10-29");
	(void)state;
}

static void test_enforce__extensions(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char d[FZ_DATE_STRLEN];
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
				  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	assert_string_equal(due(id, "decide_market", d), "2024-05-30");
	assert_int_equal(fz_case_extend(db, cal, &fz_enforce_penalty_type, &officer, id,
		"decide_market", 30, "案情复杂需检验", "局长", D(2024, 5, 20), &err), 0);
	/* 120 days from 3-1 end on Sat 6-29, moved to Mon 7-1 (民诉法 Art. 85(3)) */
	assert_string_equal(due(id, "decide_market", d), "2024-07-01");
	assert_int_equal(fz_case_extend(db, cal, &fz_enforce_penalty_type, &officer, id,
		"decide_market", 1, "再延", "局长", D(2024, 5, 21), &err), FZ_EINVAL);
	(void)state;
}

static void test_enforce__surcharge_capped_at_fine(void **state)
{
	/* Art. 72(1)(一): 3 % a day, never above the fine */
	assert_int_equal(fz_enforce_surcharge(100000, 0), 0);
	assert_int_equal(fz_enforce_surcharge(100000, 1), 3000);
	assert_int_equal(fz_enforce_surcharge(100000, 10), 30000);
	assert_int_equal(fz_enforce_surcharge(100000, 33), 99000);
	assert_int_equal(fz_enforce_surcharge(100000, 34), 100000);
	assert_int_equal(fz_enforce_surcharge(100000, 400), 100000);
	assert_int_equal(fz_enforce_surcharge(99, 1), 2);
	assert_int_equal(fz_enforce_surcharge(INT64_C(99999999999999), 100000),
			 INT64_C(99999999999999));
	(void)state;
}

static void test_enforce__surcharge_on_late_payment(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t sur = -1;
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
				  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	must(id, "investigate", D(2024, 3, 2), NULL);
	must(id, "notify", D(2024, 3, 4), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	must(id, "decide", D(2024, 3, 15), json_pack("{s:s,s:I}", "处罚种类", "罚款",
		"罚款金额", (json_int_t)600000));
	must(id, "serve", D(2024, 3, 15), json_pack("{s:s}", "送达方式", "直接送达"));
	/* due 3-30 (Sat) → 4-1 (Mon); paid 4-11: 10 days late → 30 % */
	must(id, "perform", D(2024, 4, 11), json_pack("{s:I}", "实缴金额", (json_int_t)780000));
	assert_int_equal(fz_store_int(db, &sur, &err,
		"SELECT surcharge FROM enf_cases WHERE case_id = ?", "I", id), 1);
	assert_int_equal(sur, 180000);
	(void)state;
}

static void test_enforce__simple_procedure_limits(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	/* Art. 51: citizen ≤ 200 元, organisation ≤ 3,000 元 */
	assert_true(fz_enforce_simple_allowed(0, 20000));
	assert_false(fz_enforce_simple_allowed(0, 20001));
	assert_true(fz_enforce_simple_allowed(1, 300000));
	assert_false(fz_enforce_simple_allowed(1, 300001));
	int64_t id = open_penalty("ZF-DL-42", D(2024, 5, 6), NULL, "简易");
	assert_int_equal(act(id, "decide_onsite", D(2024, 5, 6), json_pack("{s:s,s:I}",
		"处罚种类", "罚款", "罚款金额", (json_int_t)300001), &err), FZ_EINVAL);
	assert_string_equal(err.field, "罚款金额");
	state_is(id, "filed");
	must(id, "decide_onsite", D(2024, 5, 6), json_pack("{s:s,s:I}", "处罚种类", "罚款",
		"罚款金额", (json_int_t)300000));
	state_is(id, "decided");
	/* an ordinary case may not be decided on the spot */
	id = open_penalty("ZF-DL-42", D(2024, 5, 6), NULL, "普通");
	assert_int_equal(act(id, "decide_onsite", D(2024, 5, 6), json_pack("{s:s,s:I}",
		"处罚种类", "罚款", "罚款金额", (json_int_t)100), &err), FZ_ESTATE);
	(void)state;
}

static void test_enforce__limitation_checked_at_filing(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id;
	/* Art. 36: two years, five with life/health/safety and harm */
	assert_int_equal(fz_enforce_limitation_ok(D(2022, 1, 1), D(2024, 1, 1), 0, &err), 1);
	assert_int_equal(fz_enforce_limitation_ok(D(2022, 1, 1), D(2024, 1, 2), 0, &err), 0);
	assert_int_equal(fz_enforce_limitation_ok(D(2019, 6, 1), D(2024, 6, 1), 1, &err), 1);
	assert_int_equal(fz_enforce_limitation_ok(D(2019, 6, 1), D(2024, 6, 2), 1, &err), 0);
	struct fz_enforce_case_new nc = { "penalty", unit, "过期案", party_org("过期公司"),
		{ off1, off2 }, "ZF-DL-42", D(2024, 1, 2), D(2022, 1, 1), 0, "普通", NULL };
	assert_int_equal(fz_enforce_case_open(db, keys, &officer, &nc, &id, number, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "act_date");
	/* one officer is not enough (Art. 42) */
	nc.act_date = D(2023, 12, 1);
	nc.officers[1] = off1;
	assert_int_equal(fz_enforce_case_open(db, keys, &officer, &nc, &id, number, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "officers");
	(void)state;
}

static void test_enforce__art58_review_required(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
		json_pack("{s:I,s:b}", "货值金额", (json_int_t)500000, "重大公共利益", 1), "普通");
	must(id, "investigate", D(2024, 3, 2), NULL);
	assert_int_equal(act(id, "notify", D(2024, 3, 3), json_pack("{s:s,s:I}", "拟处罚内容",
		"罚款", "拟罚款金额", (json_int_t)600000), &err), FZ_ESTATE);
	assert_string_equal(err.field, "法制审核意见");
	must(id, "submit_review", D(2024, 3, 3), json_pack("{s:s}", "拟处罚内容", "罚款"));
	must(id, "review_pass", D(2024, 3, 4), json_pack("{s:s}", "法制审核意见", "同意"));
	must(id, "notify", D(2024, 3, 5), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	state_is(id, "notified");
	(void)state;
}

static json_t *calc(const char *code, json_t *facts)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *out;
	if (fz_enforce_discretion_compute(disc, code, facts, &out, &err))
		fail_msg("%s", err.msg);
	json_decref(facts);
	return out;
}

static int64_t jget(json_t *o, const char *a, const char *b)
{
	return json_integer_value(json_object_get(json_object_get(o, a), b));
}

static void test_enforce__discretion_matches_table_rows(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *r;
	/* market.csv line 3: 货值 < 1万元 → 一般, 1–1.6 倍 */
	r = calc("SJ-CP-49", json_pack("{s:I}", "货值金额", (json_int_t)500000));
	assert_string_equal(json_string_value(json_object_get(r, "grade")), "一般");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "row"), "line")), 3);
	assert_int_equal(jget(r, "range", "min"), 500000);
	assert_int_equal(jget(r, "range", "max"), 800000);
	assert_int_equal(jget(r, "recommended", "max"), 800000);
	json_decref(r);
	/* a mitigating factor (Art. 32(1)) → lower half */
	r = calc("SJ-CP-49", json_pack("{s:I,s:[s]}", "货值金额", (json_int_t)500000,
		"从轻情节", "主动消除或者减轻违法行为危害后果"));
	assert_int_equal(jget(r, "recommended", "min"), 500000);
	assert_int_equal(jget(r, "recommended", "max"), 650000);
	assert_int_equal(json_array_size(json_object_get(r, "factors")), 1);
	json_decref(r);
	/* line 4: 1万 ≤ 货值 < 5万 → 较重, 1.6–2.3 倍; aggravating → upper half */
	r = calc("SJ-CP-49", json_pack("{s:I,s:[s]}", "货值金额", (json_int_t)3000000,
		"从重情节", "拒不配合调查或者隐匿证据"));
	assert_string_equal(json_string_value(json_object_get(r, "grade")), "较重");
	assert_int_equal(jget(r, "range", "min"), 4800000);
	assert_int_equal(jget(r, "range", "max"), 6900000);
	assert_int_equal(jget(r, "recommended", "min"), 5850000);
	json_decref(r);
	/* 造成人身伤害 → 严重 (line 5) whatever the amount */
	r = calc("SJ-CP-49", json_pack("{s:I,s:b}", "货值金额", (json_int_t)100000,
		"造成人身伤害", 1));
	assert_string_equal(json_string_value(json_object_get(r, "grade")), "严重");
	json_decref(r);
	/* 首违不罚 offered: market.csv line 2 */
	r = calc("SJ-CP-49", json_pack("{s:I,s:b,s:b,s:b}", "货值金额", (json_int_t)50000,
		"首次违法", 1, "及时改正", 1, "无危害后果", 1));
	assert_string_equal(json_string_value(json_object_get(r, "grade")), "一般");
	assert_true(json_is_true(json_object_get(r, "no_penalty")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r,
		"no_penalty_row"), "line")), 2);
	json_decref(r);
	/* safety.csv: 人员密集场所 → 较重 1.5万–3.5万 fixed */
	r = calc("YJ-XF-60", json_pack("{s:b}", "人员密集场所", 1));
	assert_string_equal(json_string_value(json_object_get(r, "grade")), "较重");
	assert_int_equal(jget(r, "range", "min"), 1500000);
	assert_int_equal(jget(r, "range", "max"), 3500000);
	json_decref(r);
	/* ecology.csv: 超标 0.8 倍 → 较重 30万–60万 */
	r = calc("HB-DQ-99", json_pack("{s:s}", "超标倍数", "0.8"));
	assert_int_equal(jget(r, "range", "min"), 30000000);
	assert_int_equal(jget(r, "range", "max"), 60000000);
	json_decref(r);
	/* a multiple without its base fact is refused, naming the fact */
	json_t *f = json_pack("{s:s}", "情节", "一般");
	assert_int_equal(fz_enforce_discretion_compute(disc, "SJ-CP-49", f, &r, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "货值金额");
	json_decref(f);
	f = json_object();
	assert_int_equal(fz_enforce_discretion_compute(disc, "NO-SUCH", f, &r, &err),
			 FZ_ENOTFOUND);
	json_decref(f);
	(void)state;
}

static void test_enforce__discretion_bad_table_refused(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_enforce_discretion *d = NULL;
	struct fz_embedded bad[] = {
		{ "fields.rules", demb[0].data },
		{ "bad.csv", "编码,违法行为,违反条款,处罚依据,情节,适用条件,计算方式,下限,上限,说明\n"
			     "X-1,v,a,b,一般,货值金额 < 1万元,固定金额,100,200,n\n"
			     "X-1,v,a,b,一般,货值金额 <<< 1,固定金额,100,200,n\n" },
		{ NULL, NULL }
	};
	assert_int_equal(fz_enforce_discretion_load(&d, bad, &err), FZ_EINVAL);
	assert_null(d);
	assert_non_null(strstr(err.msg, "bad.csv:3:"));
	bad[1].data = "编码,违法行为,违反条款,处罚依据,情节,适用条件,计算方式,下限,上限,说明\n"
		      "X-1,v,a,b,中等,true,固定金额,100,200,n\n";
	assert_int_equal(fz_enforce_discretion_load(&d, bad, &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "bad.csv:2:"));
	(void)state;
}

static void test_enforce__decision_outside_range_needs_reason(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t out = -1;
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
				  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	must(id, "investigate", D(2024, 3, 2), NULL);
	must(id, "notify", D(2024, 3, 4), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)900000));
	assert_int_equal(act(id, "decide", D(2024, 3, 15), json_pack("{s:s,s:I}", "处罚种类",
		"罚款", "罚款金额", (json_int_t)900000), &err), FZ_EINVAL);
	assert_string_equal(err.field, "裁量说明");
	state_is(id, "notified");
	must(id, "decide", D(2024, 3, 15), json_pack("{s:s,s:I,s:s}", "处罚种类", "罚款",
		"罚款金额", (json_int_t)900000, "裁量说明", "拒不停止销售，经集体讨论从重"));
	assert_int_equal(fz_store_int(db, &out, &err,
		"SELECT outside_range FROM enf_cases WHERE case_id = ?", "I", id), 1);
	assert_int_equal(out, 1);
	(void)state;
}

/* 两法衔接: T140.a 销售金额 ≥ 5万元 (追诉标准（一） Art. 16). */
static int64_t transfer_case(int64_t sales, int64_t *flags)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
		json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	json_t *p = json_pack("{s:I}", "销售金额", (json_int_t)sales);
	assert_int_equal(fz_case_set_facts(db, cal, &fz_enforce_penalty_type, &officer,
					   id, p, &err), 0);
	json_decref(p);
	fz_store_int(db, flags, &err,
		"SELECT COUNT(*) FROM case_flags WHERE case_id = ? AND resolved_at IS NULL",
		"I", id);
	return id;
}

static void walk_to_performed(int64_t id)
{
	must(id, "investigate", D(2024, 3, 2), NULL);
	must(id, "notify", D(2024, 3, 4), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	must(id, "decide", D(2024, 3, 15), json_pack("{s:s,s:I}", "处罚种类", "罚款",
		"罚款金额", (json_int_t)600000));
	must(id, "serve", D(2024, 3, 15), json_pack("{s:s}", "送达方式", "直接送达"));
	must(id, "perform", D(2024, 3, 20), json_pack("{s:I}", "实缴金额", (json_int_t)600000));
}

static void test_enforce__transfer_hook_at_below_above(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t n, id;

	id = transfer_case(4999999, &n);
	assert_int_equal(n, 0);
	walk_to_performed(id);
	must(id, "close", D(2024, 3, 21), NULL);
	state_is(id, "closed");

	id = transfer_case(5000000, &n);
	assert_int_equal(n, 1);
	walk_to_performed(id);
	assert_int_equal(act(id, "close", D(2024, 3, 21), NULL, &err), FZ_ESTATE);
	state_is(id, "performed");
	/* a reasoned decision not to transfer lifts the block */
	assert_int_equal(fz_enforce_no_transfer(db, &officer, id, "", "局长", &err), FZ_EINVAL);
	assert_int_equal(fz_enforce_no_transfer(db, &officer, id,
		"经专案组核实，销售金额含已退货部分，实际不足5万元", "局长", &err), 0);
	must(id, "close", D(2024, 3, 21), NULL);
	state_is(id, "closed");

	id = transfer_case(5000001, &n);
	assert_int_equal(n, 1);
	struct fz_enforce_transfer t = { "柯市监移〔2024〕1号", "绍兴市公安局柯桥区分局",
					 "局长", D(2024, 3, 5) };
	assert_int_equal(fz_enforce_transfer_record(db, &officer, id, &t, &err), 0);
	state_is(id, "transferred");
	{
		int64_t follow = 0;
		char d[FZ_DATE_STRLEN];
		assert_int_equal(fz_store_int(db, &follow, &err,
			"SELECT follow_case_id FROM enf_transfers WHERE case_id = ?", "I", id), 1);
		/* 国务院令第310号 Art. 8: police decide within 3 days */
		assert_string_equal(due(follow, "police", d), "2024-03-08");
	}
	(void)state;
}

static void test_enforce__codes_tamper_forge_revoke_rate(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char token[FZ_ACTCODE_TEXT_MAX + 1];
	struct fz_stmt *st;
	json_t *v;
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
				  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	int64_t act_id = 0, n = 0;

	walk_to_performed(id);
	assert_int_equal(fz_store_query(db, &st, &err,
		"SELECT id, token FROM enf_acts WHERE case_id = ? AND type = 2", "I", id), 0);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	act_id = fz_stmt_int(st, 0);
	snprintf(token, sizeof(token), "%s", fz_stmt_text(st, 1));
	fz_stmt_finish(st);

	assert_int_equal(fz_enforce_code_lookup(db, keys, token, 1, &v, &err), 0);
	assert_string_equal(json_string_value(json_object_get(v, "agency")),
			    "绍兴市柯桥区市场监督管理局");
	assert_int_equal(json_array_size(json_object_get(v, "officers")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(v, "officers"), 0), "cert")), "浙A0010001");
	json_decref(v);
	/* one changed character */
	{
		char bad[sizeof(token)];
		snprintf(bad, sizeof(bad), "%s", token);
		bad[20] = bad[20] == 'A' ? 'B' : 'A';
		assert_int_equal(fz_enforce_code_lookup(db, keys, bad, 1, &v, &err), FZ_EINVAL);
		assert_null(v);
	}
	/* forged with another key */
	{
		struct fz_keys *other;
		struct fz_actcode c = { 0 };
		struct fz_buf b = FZ_BUF_INIT;
		assert_int_equal(fz_keys_new_ephemeral(&other, &err), 0);
		c.type = FZ_ACT_PENALTY;
		c.date = D(2024, 3, 15);
		snprintf(c.agency, sizeof(c.agency), "KQSJ");
		c.act_id = act_id;
		assert_int_equal(fz_actcode_sign(fz_keys_sm2(other), &c, &b, &err), 0);
		assert_int_equal(fz_enforce_code_lookup(db, keys, b.data, 1, &v, &err), FZ_EINVAL);
		assert_string_equal(err.field, "key_id");
		fz_buf_release(&b);
		fz_keys_free(other);
	}
	/* rating once */
	assert_int_equal(fz_enforce_code_rate(db, keys, token, "很好", "", "1.2.3.4", &err),
			 FZ_EINVAL);
	assert_int_equal(fz_enforce_code_rate(db, keys, token, "满意", "执法规范",
					      "1.2.3.4", &err), 0);
	assert_int_equal(fz_enforce_code_rate(db, keys, token, "不满意", "再评",
					      "1.2.3.4", &err), FZ_ECONFLICT);
	assert_int_equal(fz_store_int(db, &n, &err,
		"SELECT SUM(satisfied) FROM enf_code_stats WHERE unit_id = ?", "I", unit), 1);
	assert_int_equal(n, 1);
	assert_int_equal(fz_store_int(db, &n, &err,
		"SELECT SUM(scans) FROM enf_code_stats WHERE unit_id = ?", "I", unit), 1);
	assert_true(n >= 1);
	/* revocation */
	assert_int_equal(fz_enforce_code_revoke(db, &officer, act_id, "决定已被复议撤销", &err), 0);
	assert_int_equal(fz_enforce_code_lookup(db, keys, token, 1, &v, &err), FZ_ESTATE);
	assert_string_equal(err.field, "revoked");
	assert_null(v);
	(void)state;
}

static void test_enforce__party_id_sealed_and_masked(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_enforce_party p = { "person", "李四", "11010519491231002X",
				      "柯桥区某街2号", NULL };
	int64_t id, n = 0;
	struct fz_stmt *st;

	assert_int_equal(fz_enforce_party_add(db, keys, &p, &id, &err), 0);
	assert_int_equal(fz_store_query(db, &st, &err,
		"SELECT id_sealed, id_masked FROM enf_parties WHERE id = ?", "I", id), 0);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	assert_null(strstr(fz_stmt_text(st, 0), "11010519491231002X"));
	assert_string_equal(fz_stmt_text(st, 1), "110105********002X");
	fz_stmt_finish(st);
	assert_int_equal(fz_store_int(db, &n, &err,
		"SELECT COUNT(*) FROM enf_parties WHERE id_sealed LIKE '%1949%'", ""), 1);
	assert_int_equal(n, 0);
	p.id_number = "110105194912310021";
	assert_int_equal(fz_enforce_party_add(db, keys, &p, &id, &err), FZ_EINVAL);
	(void)state;
}

/* ---- 评查: the checklist as data, reviews, findings and their close-out ---- */

static void test_enforce__checklist_from_data(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	const struct fz_enforce_checklist *cl = fz_enforce_checklist_default(&err);
	struct fz_enforce_checklist *f = NULL;
	char *text = slurp("data/checklists/enforce_review.csv");
	static const struct { const char *csv, *msg; } bad[] = {
		{ "编号,评查项目,分值,依据\na,甲,60,《x》第一条\nb,乙,30,《x》第二条\n", "合计须为100分" },
		{ "编号,评查项目,分值,依据\na,甲,60,《x》第一条\na,乙,40,《x》第二条\n", "t.csv:3: 编号重复" },
		{ "编号,评查项目,分值,依据\na,甲,100\n", "t.csv:2: 每行须有4列" },
		{ "编号,评查项目,分值,依据\na,甲,10分,《x》第一条\n", "t.csv:2: 分值须为" },
		{ "a,甲,100,《x》第一条\n", "t.csv:1: 首行须为表头" },
		{ "编号,评查项目,分值,依据\na,\"甲\",100,《x》第一条\n", "t.csv:2: 单元格中不能有双引号" },
		{ "编号,评查项目,分值,依据\na b,甲,100,《x》第一条\n", "t.csv:2: 编号须为" },
		{ "编号,评查项目,分值,依据\na,甲,100,\n", "t.csv:2: 评查项目和依据不能为空" },
	};

	/* the embedded checklist is the file in data/checklists */
	assert_non_null(cl);
	assert_non_null(text);
	assert_int_equal(fz_enforce_checklist_parse(&f, "enforce_review.csv", text, &err), 0);
	assert_int_equal(cl->n, f->n);
	assert_int_equal(cl->max, 100);
	for (size_t i = 0; i < cl->n; i++) {
		assert_string_equal(cl->items[i].key, f->items[i].key);
		assert_int_equal(cl->items[i].points, f->items[i].points);
		assert_non_null(strstr(cl->items[i].basis, "《中华人民共和国行政处罚法》第"));
	}
	assert_string_equal(cl->items[2].key, "facts");
	assert_int_equal(cl->items[2].points, 20);
	fz_enforce_checklist_free(f);
	free(text);
	/* a broken checklist is refused whole, with file and line */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = (struct fz_enforce_checklist *)1;
		err = (struct fz_err)FZ_ERR_INIT;
		assert_int_equal(fz_enforce_checklist_parse(&f, "t.csv", bad[i].csv, &err),
				 FZ_EINVAL);
		assert_null(f);
		if (!strstr(err.msg, bad[i].msg))
			fail_msg("case %zu: %s", i, err.msg);
	}
	(void)state;
}

static json_t *full_marks(const struct fz_enforce_checklist *cl)
{
	json_t *o = json_object();
	for (size_t i = 0; i < cl->n; i++)
		json_object_set_new(o, cl->items[i].key, json_integer(cl->items[i].points));
	return o;
}

static int64_t count_of(const char *sql, int64_t id)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;
	assert_true(fz_store_int(db, &n, &err, sql, "I", id) >= 0);
	return n;
}

static void test_enforce__review_findings_and_closeout(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	const struct fz_enforce_checklist *cl = fz_enforce_checklist_default(&err);
	struct fz_case_actor office = { 8, "office1", FZ_ROLE_OFFICE, "", 0,
					"127.0.0.1", 0 };
	struct fz_case_actor other = officer;
	json_t *scores, *notes, *o, *it;
	int64_t id, open_id, rid = 0, fid;
	int score = -1;

	id = open_penalty("SJ-CP-49", D(2024, 3, 1),
			  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	walk_to_performed(id);
	must(id, "close", D(2024, 3, 21), NULL);
	open_id = open_penalty("SJ-CP-49", D(2024, 3, 1),
			       json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");

	scores = full_marks(cl);
	/* only the reviewing roles, only a finished file */
	assert_int_equal(fz_enforce_review_add(db, &officer, cl, id, scores, NULL,
					       &rid, &score, &err), FZ_EFORBID);
	assert_int_equal(fz_enforce_review_add(db, &office, cl, open_id, scores, NULL,
					       &rid, &score, &err), FZ_ESTATE);
	/* every item scored within its points, nothing unknown */
	json_object_set_new(scores, "facts", json_integer(21));
	assert_int_equal(fz_enforce_review_add(db, &office, cl, id, scores, NULL,
					       &rid, &score, &err), FZ_EINVAL);
	assert_string_equal(err.field, "facts");
	json_object_del(scores, "facts");
	assert_int_equal(fz_enforce_review_add(db, &office, cl, id, scores, NULL,
					       &rid, &score, &err), FZ_EINVAL);
	assert_string_equal(err.field, "facts");
	json_object_set_new(scores, "facts", json_integer(15));
	json_object_set_new(scores, "colour", json_integer(1));
	assert_int_equal(fz_enforce_review_add(db, &office, cl, id, scores, NULL,
					       &rid, &score, &err), FZ_EINVAL);
	json_object_del(scores, "colour");
	assert_int_equal(count_of("SELECT COUNT(*) FROM enf_reviews WHERE case_id = ?", id), 0);

	json_object_set_new(scores, "discretion", json_integer(10));
	notes = json_pack("{s:s}", "facts", "现场检查笔录未由当事人签字");
	assert_int_equal(fz_enforce_review_add(db, &office, cl, id, scores, notes,
					       &rid, &score, &err), 0);
	assert_int_equal(score, 90);
	assert_true(rid > 0);
	assert_int_equal(count_of("SELECT COUNT(*) FROM enf_findings WHERE case_id = ?"
				  " AND status = 'open'", id), 2);
	assert_int_equal(count_of("SELECT lost FROM enf_findings WHERE case_id = ?"
				  " AND item_key = 'discretion'", id), 5);
	assert_int_equal(count_of("SELECT COUNT(*) FROM audit_log WHERE action ="
				  " 'enforce.review' AND object = 'case:' || ?", id), 1);
	/* once per reviewer; the refusal changes nothing */
	assert_int_equal(fz_enforce_review_add(db, &office, cl, id, scores, notes,
					       &rid, &score, &err), FZ_ECONFLICT);
	assert_int_equal(count_of("SELECT COUNT(*) FROM enf_findings WHERE case_id = ?", id), 2);
	json_decref(scores);
	json_decref(notes);

	/* results per agency and per officer */
	assert_int_equal(fz_enforce_review_results(db, &o, &err), 0);
	it = json_array_get(json_object_get(o, "agencies"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "agency")),
			    "绍兴市柯桥区市场监督管理局");
	assert_int_equal(json_integer_value(json_object_get(it, "score")), 90);
	assert_int_equal(json_integer_value(json_object_get(it, "open_findings")), 2);
	assert_true(json_real_value(json_object_get(it, "rate")) == 90.0);
	assert_int_equal(json_array_size(json_object_get(o, "officers")), 2);
	it = json_array_get(json_object_get(o, "officers"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "cert")), "浙A0010001");
	assert_int_equal(json_integer_value(json_object_get(it, "findings")), 2);
	json_decref(o);

	/* the unit's findings, by scope */
	assert_int_equal(fz_enforce_findings(db, path, "open", &o, &err), 0);
	assert_int_equal(json_array_size(o), 2);
	it = json_array_get(o, 1);	/* newest first: [1] is the 'facts' item */
	fid = json_integer_value(json_object_get(it, "id"));
	assert_string_equal(json_string_value(json_object_get(it, "text")),
			    "现场检查笔录未由当事人签字");
	json_decref(o);
	assert_int_equal(fz_enforce_findings(db, "/999/", "", &o, &err), 0);
	assert_int_equal(json_array_size(o), 0);
	json_decref(o);
	assert_int_equal(fz_enforce_findings(db, "", "maybe", &o, &err), FZ_EINVAL);

	/* close-out: the unit answers; not the reviewer, not another unit */
	assert_int_equal(fz_enforce_finding_close(db, &office, fid, "已整改", &err),
			 FZ_EFORBID);
	other.scope = "/999/";
	assert_int_equal(fz_enforce_finding_close(db, &other, fid, "已整改", &err),
			 FZ_ENOTFOUND);
	assert_int_equal(fz_enforce_finding_close(db, &officer, fid, "", &err), FZ_EINVAL);
	assert_string_equal(err.field, "response");
	assert_int_equal(fz_enforce_finding_close(db, &officer, fid,
		"已组织全体执法人员学习证据规则，笔录补签", &err), 0);
	assert_int_equal(fz_enforce_finding_close(db, &officer, fid, "再次", &err),
			 FZ_ESTATE);
	assert_int_equal(count_of("SELECT COUNT(*) FROM audit_log WHERE action ="
				  " 'enforce.finding.close' AND object = 'finding:' || ?", fid), 1);
	assert_int_equal(fz_enforce_case_reviews(db, id, &o, &err), 0);
	assert_int_equal(json_array_size(o), 1);
	it = json_object_get(json_array_get(o, 0), "findings");
	assert_int_equal(json_array_size(it), 2);
	/* oldest first here: the 'facts' finding, closed above */
	assert_string_equal(json_string_value(json_object_get(json_array_get(it, 1),
		"status")), "open");
	assert_string_equal(json_string_value(json_object_get(json_array_get(it, 0),
		"status")), "closed");
	assert_string_equal(json_string_value(json_object_get(json_array_get(it, 0),
		"response")), "已组织全体执法人员学习证据规则，笔录补签");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		json_array_get(o, 0), "items"), "facts")), 15);
	json_decref(o);
	(void)state;
}

/* A warning raised by the facts given at a past-dated 立案 carries the
 * date of the event that raised it, not the day it was typed in. */
static void test_enforce__warning_dated_like_its_event(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	int64_t id = open_penalty("SJ-CP-49", D(2024, 3, 1),
		json_pack("{s:I,s:I}", "货值金额", (json_int_t)500000, "销售金额",
			  (json_int_t)6000000), "普通");

	assert_int_equal(fz_store_query(db, &st, &err,
		"SELECT on_date FROM case_events WHERE case_id = ? AND kind = 'flag.raise'",
		"I", id), 0);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	assert_string_equal(fz_stmt_text(st, 0), "2024-03-01");
	fz_stmt_finish(st);
	(void)state;
}

/* The rows one case left, every column but ids, numbers, timestamps and
 * tokens, as one text (sql selects one text per row for case ?). */
static char *rows_of(const char *sql, int64_t id)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_stmt *st;
	assert_int_equal(fz_store_query(db, &st, &err, sql, "I", id), 0);
	while (fz_stmt_step(st, &err) == 1)
		fz_buf_addf(&b, "%s\n", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	fz_buf_addch(&b, '\0');
	return b.data;
}

static const char *const case_rows[] = {
	"SELECT kind || '|' || unit_id || '|' || quote(party_id) || '|' ||"
	" violation || '|' || procedure || '|' || quote(rec_min) || '|' ||"
	" quote(rec_max) || '|' || quote(fine) || '|' || outside_range || '|' ||"
	" outside_reason || '|' || quote(decided_on) || '|' || quote(paid_on) ||"
	" '|' || surcharge FROM enf_cases WHERE case_id = ?",
	"SELECT officer_id FROM enf_case_officers WHERE case_id = ?"
	" ORDER BY officer_id",
	"SELECT type || '|' || unit_id || '|' || agency || '|' || act_date ||"
	" '|' || (token LIKE 'pending:%') FROM enf_acts WHERE case_id = ? ORDER BY id",
	"SELECT type || '|' || state || '|' || facts || '|' || unit_path || '|' ||"
	" opened_on || '|' || quote(closed_on) || '|' || last_on FROM cases"
	" WHERE id = ?",
	"SELECT key || '|' || status || '|' || start_on || '|' || quote(due) ||"
	" '|' || ext || '|' || paused FROM case_deadlines WHERE case_id = ?"
	" ORDER BY key",
	NULL
};

/* The importer relies on the type's hooks: an imported case leaves the
 * rows of the same case opened and stepped live - the discretion range
 * and the reason outside it, the fine and dates, the surcharge of a late
 * payment, one code per decision, the inspection's code. */
/* ---- issue 12: the procedure of 行政处罚法 around the decision ---------- */

static const char *dl_status(int64_t id, const char *key)
{
	static char out[16];
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_deadline_view v[8];
	size_t n;
	out[0] = 0;
	assert_int_equal(fz_case_deadlines(db, &fz_enforce_penalty_type, id,
		D(2024, 12, 31), v, 8, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].key, key))
			snprintf(out, sizeof(out), "%s", v[i].status);
	return out;
}

static json_t *decision(int64_t fine)
{
	return json_pack("{s:s,s:I}", "处罚种类", "罚款", "罚款金额", (json_int_t)fine);
}

/* A market case told of a 6,000 元 fine on on. */
static int64_t notified_case(struct fz_date opened, struct fz_date on)
{
	int64_t id = open_penalty("SJ-CP-49", opened,
				  json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	must(id, "investigate", opened, NULL);
	must(id, "notify", on, json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	return id;
}

/* 行政处罚法 Art. 64(1): 当事人要求听证的，应当在行政机关告知后五日内提出;
 * Art. 85: "五日" are 工作日; Art. 62: no decision without hearing the
 * party, "当事人明确放弃陈述或者申辩权利的除外".
 * Worked example: 告知 on Fri 2024-09-27.  Sun 9-29 is a 调休 workday and
 * 10-1..10-7 the National Day holiday, so the five 工作日 are 9-29, 9-30,
 * 10-8, 10-9 and 10-10: without a waiver or a statement the decision may
 * come on Fri 10-11 at the earliest, and the window then ends unmet. */
static void test_enforce__decide_waits_for_hearing_window(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = notified_case(D(2024, 9, 2), D(2024, 9, 27));

	assert_int_equal(act(id, "decide", D(2024, 9, 27), decision(600000), &err),
			 FZ_ESTATE);
	assert_string_equal(err.field, "听证申请期限");
	assert_non_null(strstr(err.msg, "《中华人民共和国行政处罚法》第六十二条、第六十四条第（一）项"));
	assert_non_null(strstr(err.msg, "2024-10-10"));
	assert_int_equal(act(id, "decide", D(2024, 10, 10), decision(600000), &err),
			 FZ_ESTATE);
	state_is(id, "notified");
	/* a fact a step records may not ride in on another step's data or a
	 * facts edit: the hearing, the waiver, the 法制审核 are their steps' */
	{
		json_t *cheat = decision(600000);
		json_object_set_new(cheat, "已听证", json_true());
		assert_int_equal(act(id, "decide", D(2024, 10, 10), cheat, &err), FZ_EINVAL);
		assert_string_equal(err.field, "已听证");
		cheat = json_pack("{s:s}", "法制审核意见", "同意");
		assert_int_equal(fz_enforce_facts_check(NULL, cheat, &err), FZ_EINVAL);
		assert_string_equal(err.field, "法制审核意见");
		assert_int_equal(fz_enforce_facts_check("review_pass", cheat, &err), 0);
		json_decref(cheat);
	}
	must(id, "decide", D(2024, 10, 11), decision(600000));
	/* the decision did not meet the party's window: it had run out */
	assert_string_equal(dl_status(id, "hearing_request"), "stopped");

	/* a waiver: who, when, how - on or after the 告知 */
	id = notified_case(D(2024, 9, 2), D(2024, 9, 27));
	assert_int_equal(act(id, "waive", D(2024, 9, 28), json_pack("{s:s,s:s,s:s}",
		"放弃人", "张三（法定代表人）", "放弃日期", "2024-09-28", "放弃方式", "微信"),
		&err), FZ_EINVAL);
	assert_string_equal(err.field, "放弃方式");
	assert_int_equal(act(id, "waive", D(2024, 9, 28), json_pack("{s:s,s:s,s:s}",
		"放弃人", "张三（法定代表人）", "放弃日期", "2024-09-26", "放弃方式", "书面"),
		&err), FZ_EINVAL);
	assert_string_equal(err.field, "放弃日期");
	must(id, "waive", D(2024, 9, 28), json_pack("{s:s,s:s,s:s}", "放弃人",
		"张三（法定代表人）", "放弃日期", "2024-09-28", "放弃方式", "书面"));
	must(id, "decide", D(2024, 9, 29), decision(600000));
	assert_string_equal(dl_status(id, "hearing_request"), "met");

	/* the party's statement heard and recorded (Art. 45) */
	id = notified_case(D(2024, 9, 2), D(2024, 9, 27));
	must(id, "statement", D(2024, 9, 30), json_pack("{s:s,s:s}", "陈述申辩",
		"当事人称系初次违法", "陈述申辩日期", "2024-09-30"));
	must(id, "decide", D(2024, 9, 30), decision(600000));
	(void)state;
}

/* Art. 64(2): 行政机关应当在举行听证的七日前，通知当事人及有关人员听证的
 * 时间、地点; Art. 85: "七日" are 工作日.
 * Worked example: notice on Fri 2024-09-27; the seven 工作日 after it are
 * 9-29 (Sun, 调休), 9-30, 10-8, 10-9, 10-10, 10-11 and 10-12 (Sat, 调休):
 * a hearing held on 10-12 had too little notice, one on Mon 10-14 is
 * lawful. */
static void test_enforce__hearing_needs_seven_workdays_notice(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = notified_case(D(2024, 9, 2), D(2024, 9, 27));

	must(id, "request_hearing", D(2024, 9, 27), json_pack("{s:s}", "听证申请日期",
		"2024-09-27"));
	assert_int_equal(act(id, "hearing_done", D(2024, 10, 12), json_pack("{s:s,s:s,s:s}",
		"听证笔录", "已核对签字", "听证通知日期", "2024-09-27", "听证日期",
		"2024-10-12"), &err), FZ_EINVAL);
	assert_string_equal(err.field, "听证日期");
	assert_non_null(strstr(err.msg, "第六十四条第（二）项"));
	assert_non_null(strstr(err.msg, "2024-10-12之后"));
	state_is(id, "hearing");
	must(id, "hearing_done", D(2024, 10, 14), json_pack("{s:s,s:s,s:s}", "听证笔录",
		"已核对签字", "听证通知日期", "2024-09-27", "听证日期", "2024-10-14"));
	/* heard: the decision may follow at once */
	must(id, "decide", D(2024, 10, 15), decision(600000));
	(void)state;
}

/* Art. 60: 行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。
 * 法律、法规、规章另有规定的，从其规定.
 * Worked example: 立案 Fri 2024-03-01; 90 natural days end Thu 5-30.  A
 * hearing runs from 3-5 (asked) to 3-15 (held).  An agency without a
 * sector rule (综合执法) keeps 5-30, with no extension.  The market agency
 * (市场监督管理行政处罚程序规定) excludes the 10 hearing days: 6-9, a
 * Sunday; Mon 6-10 is 端午节, so Tue 6-11. */
static void hearing_in_march(int64_t id)
{
	must(id, "investigate", D(2024, 3, 2), NULL);
	must(id, "notify", D(2024, 3, 4), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	must(id, "request_hearing", D(2024, 3, 5), json_pack("{s:s}", "听证申请日期",
		"2024-03-05"));
	must(id, "hearing_done", D(2024, 3, 15), json_pack("{s:s,s:s,s:s}", "听证笔录",
		"已核对签字", "听证通知日期", "2024-03-05", "听证日期", "2024-03-15"));
}

static void test_enforce__decision_period_by_agency_rule(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char d[FZ_DATE_STRLEN];
	json_t *f = NULL;
	int64_t plain, market;

	assert_int_equal(fz_enforce_agency_system_set(db, unit, "综合执法", &err), 0);
	plain = open_penalty("SJ-CP-49", D(2024, 3, 1),
			     json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	assert_int_equal(fz_enforce_agency_system_set(db, unit, "市场监管", &err), 0);
	market = open_penalty("SJ-CP-49", D(2024, 3, 1),
			      json_pack("{s:I}", "货值金额", (json_int_t)500000), "普通");
	assert_int_equal(fz_case_facts_get(db, market, NULL, &f, &err), 0);
	assert_string_equal(json_string_value(json_object_get(f, "程序规则")),
			    "市场监督管理行政处罚程序规定");
	json_decref(f);
	hearing_in_march(plain);
	hearing_in_march(market);
	assert_string_equal(due(plain, "decide", d), "2024-05-30");
	assert_string_equal(due(plain, "decide_market", d), "");
	assert_int_equal(fz_case_extend(db, cal, &fz_enforce_penalty_type, &officer,
		plain, "decide", 10, "案情复杂", "局长", D(2024, 3, 16), &err), FZ_EINVAL);
	assert_string_equal(due(market, "decide_market", d), "2024-06-11");
	assert_string_equal(due(market, "decide", d), "");
	assert_int_equal(fz_enforce_agency_system_set(db, unit, "海关", &err), FZ_EINVAL);
	(void)state;
}

static int art58(const char *json)
{
	struct fz_err err = FZ_ERR_INIT;
	char why[768];
	json_t *f = json_loads(json, 0, NULL);
	int rc;
	assert_non_null(f);
	rc = fz_enforce_art58_reason(f, why, sizeof(why), &err);
	json_decref(f);
	assert_true(rc >= 0);
	return rc;
}

/* Art. 58(1): (一)涉及重大公共利益的；(二)直接关系当事人或者第三人重大权益，
 * 经过听证程序的；(三)案件情况疑难复杂、涉及多个法律关系的；(四)法律、法规
 * 规定应当进行法制审核的其他情形.  Art. 58(2): 未经法制审核或者审核未通过
 * 的，不得作出决定.  The catalogue (data/enforce/art58_catalogue.csv):
 * 吊销 for every agency; 较大数额罚没 from 10万元 (单位) for 市场监管 and
 * the default, from 5万元 for 生态环境.
 * Worked example: a market company fined 12万元 (货值 5万元 × 2.4, inside
 * the 严重 range 2.3–3 倍) is in the catalogue: the decision is refused
 * until a review passes. */
static void test_enforce__art58_cases_and_catalogue(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id;

	assert_int_equal(art58("{}"), 0);
	assert_int_equal(art58("{\"重大公共利益\": true}"), 1);
	assert_int_equal(art58("{\"重大权益\": true}"), 0);
	assert_int_equal(art58("{\"重大权益\": true, \"已听证\": true}"),
			 FZ_ENFORCE_ART58_HEARD);
	assert_int_equal(art58("{\"疑难复杂\": true}"), 1);
	assert_int_equal(art58("{\"法律法规规定审核\": true}"), 1);
	assert_int_equal(art58("{\"执法系统\": \"综合执法\", \"当事人类型\": \"person\","
			       " \"处罚种类\": \"吊销许可证\"}"), 1);
	assert_int_equal(art58("{\"执法系统\": \"综合执法\", \"当事人类型\": \"org\","
			       " \"处罚种类\": \"罚款\", \"罚款金额\": 6000000}"), 0);
	assert_int_equal(art58("{\"执法系统\": \"生态环境\", \"当事人类型\": \"org\","
			       " \"处罚种类\": \"罚款\", \"罚款金额\": 6000000}"), 1);
	/* 罚没: fine and confiscation together; "以上" includes the figure */
	assert_int_equal(art58("{\"执法系统\": \"市场监管\", \"当事人类型\": \"org\","
			       " \"处罚种类\": \"罚款、没收违法所得\", \"罚款金额\": 9000000,"
			       " \"没收金额\": 1000000}"), 1);
	assert_int_equal(art58("{\"执法系统\": \"市场监管\", \"当事人类型\": \"org\","
			       " \"处罚种类\": \"罚款\", \"罚款金额\": 9999999}"), 0);
	assert_int_equal(art58("{\"执法系统\": \"市场监管\", \"当事人类型\": \"person\","
			       " \"处罚种类\": \"罚款\", \"罚款金额\": 1000000}"), 1);

	id = open_penalty("SJ-CP-49", D(2024, 3, 1),
			  json_pack("{s:I}", "货值金额", (json_int_t)5000000), "普通");
	must(id, "investigate", D(2024, 3, 2), NULL);
	must(id, "notify", D(2024, 3, 4), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)12000000));
	must(id, "waive", D(2024, 3, 5), json_pack("{s:s,s:s,s:s}", "放弃人", "张三",
		"放弃日期", "2024-03-05", "放弃方式", "书面"));
	assert_int_equal(act(id, "decide", D(2024, 3, 6), decision(12000000), &err),
			 FZ_ESTATE);
	assert_string_equal(err.field, "法制审核意见");
	assert_non_null(strstr(err.msg, "较大数额罚没款（单位）"));
	assert_non_null(strstr(err.msg, "《中华人民共和国行政处罚法》第五十八条"));
	must(id, "submit_review", D(2024, 3, 6), json_pack("{s:s}", "拟处罚内容", "罚款12万元"));
	must(id, "review_pass", D(2024, 3, 7), json_pack("{s:s}", "法制审核意见", "同意"));
	must(id, "decide", D(2024, 3, 8), decision(12000000));

	/* (二): a review passed before the hearing did not see it */
	id = open_penalty("SJ-CP-49", D(2024, 3, 1), json_pack("{s:I,s:b}", "货值金额",
		(json_int_t)500000, "重大权益", 1), "普通");
	must(id, "investigate", D(2024, 3, 1), NULL);
	must(id, "submit_review", D(2024, 3, 1), json_pack("{s:s}", "拟处罚内容", "罚款"));
	must(id, "review_pass", D(2024, 3, 1), json_pack("{s:s}", "法制审核意见", "同意"));
	must(id, "notify", D(2024, 3, 4), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	must(id, "request_hearing", D(2024, 3, 5), json_pack("{s:s}", "听证申请日期",
		"2024-03-05"));
	must(id, "hearing_done", D(2024, 3, 15), json_pack("{s:s,s:s,s:s}", "听证笔录",
		"已核对签字", "听证通知日期", "2024-03-05", "听证日期", "2024-03-15"));
	assert_int_equal(act(id, "decide", D(2024, 3, 16), decision(600000), &err), FZ_ESTATE);
	assert_string_equal(err.field, "法制审核意见");
	assert_non_null(strstr(err.msg, "听证之后"));
	must(id, "submit_review", D(2024, 3, 16), json_pack("{s:s}", "拟处罚内容", "罚款"));
	must(id, "review_pass", D(2024, 3, 17), json_pack("{s:s}", "法制审核意见", "同意"));
	must(id, "decide", D(2024, 3, 18), decision(600000));
	(void)state;
}

/* Art. 36: 违法行为在二年内未被发现的，不再给予行政处罚…前款规定的期限，从
 * 违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起
 * 计算.  The period runs to the discovery, not to 立案.
 * Worked example: an act ended 2022-01-01; the two years end 2024-01-01.
 * Discovered 2023-12-20 and filed 2024-03-01: punishable (the old check
 * against 立案 refused it).  Discovered 2024-01-02: barred.  When the
 * investigation finds the act ended 2021-12-15, the discovery on
 * 2023-12-20 came after 2023-12-15: the penalty is refused and 不予处罚
 * stays open. */
static void test_enforce__limitation_runs_to_discovery(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char number[FZ_CASE_NUMBER_LEN];
	json_t *f = NULL, *patch;
	int64_t id;

	assert_int_equal(fz_enforce_limitation_ok(D(2022, 1, 1), D(2024, 1, 1), 0, &err), 1);
	assert_int_equal(fz_enforce_limitation_ok(D(2022, 1, 1), D(2024, 1, 2), 0, &err), 0);
	/* a continuing act still going on when discovered */
	assert_int_equal(fz_enforce_limitation_ok(D(2024, 2, 1), D(2023, 6, 1), 0, &err), 1);
	struct fz_enforce_case_new nc = { "penalty", unit, "发现后立案", party_org("发现公司"),
		{ off1, off2 }, "SJ-CP-49", D(2024, 3, 1), D(2022, 1, 1), 0, "普通",
		NULL, D(2024, 1, 2) };
	assert_int_equal(fz_enforce_case_open(db, keys, &officer, &nc, &id, number, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "act_date");
	assert_non_null(strstr(err.msg, "《中华人民共和国行政处罚法》第三十六条"));
	nc.discovered = D(2024, 3, 2);
	assert_int_equal(fz_enforce_case_open(db, keys, &officer, &nc, &id, number, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "discovered_on");
	nc.discovered = D(2023, 12, 20);
	nc.facts = f = json_pack("{s:I}", "货值金额", (json_int_t)500000);
	assert_int_equal(fz_enforce_case_open(db, keys, &officer, &nc, &id, number, &err), 0);
	json_decref(f);
	assert_int_equal(fz_case_facts_get(db, id, NULL, &f, &err), 0);
	assert_string_equal(json_string_value(json_object_get(f, "发现日期")), "2023-12-20");
	json_decref(f);
	must(id, "investigate", D(2024, 3, 2), NULL);
	patch = json_pack("{s:s}", "违法行为日期", "2021-12-15");
	assert_int_equal(fz_case_set_facts(db, cal, &fz_enforce_penalty_type, &officer, id,
					   patch, &err), 0);
	json_decref(patch);
	must(id, "notify", D(2024, 3, 4), json_pack("{s:s,s:I}", "拟处罚内容", "罚款",
		"拟罚款金额", (json_int_t)600000));
	must(id, "waive", D(2024, 3, 4), json_pack("{s:s,s:s,s:s}", "放弃人", "张三",
		"放弃日期", "2024-03-04", "放弃方式", "书面"));
	assert_int_equal(act(id, "decide", D(2024, 3, 5), decision(600000), &err), FZ_ESTATE);
	assert_string_equal(err.field, "发现日期");
	assert_non_null(strstr(err.msg, "第三十六条"));
	must(id, "decide_none", D(2024, 3, 5), json_pack("{s:s}", "不予处罚理由",
		"违法行为在二年内未被发现（《中华人民共和国行政处罚法》第三十六条）"));
	state_is(id, "no_penalty");
	(void)state;
}

static int64_t flags_with_key(int64_t id, const char *key)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;
	assert_int_equal(fz_store_int(db, &n, &err, "SELECT COUNT(*) FROM case_flags"
		" WHERE case_id = ? AND (? = '' OR key = ?)", "Itt", id, key, key), 1);
	return n;
}

/* 刑法 Art. 12(1), and for the interpretations that set the thresholds
 * 《最高人民法院、最高人民检察院关于适用刑事司法解释时间效力问题的规定》
 * 三: 对于新的司法解释实施前发生的行为，行为时已有相关司法解释，依照行为
 * 时的司法解释办理，但适用新的司法解释对犯罪嫌疑人、被告人有利的，适用新
 * 的司法解释.
 * Worked example: goods bearing a counterfeit mark sold with 违法所得 4万元
 * and 销售金额 4万元.  Sold on 2024-06-01: 法释〔2004〕19号 (in force until
 * 2025-04-25) asks 销售金额 ≥ 5万元 - no prompt, though 法释〔2025〕5号's
 * 违法所得 ≥ 3万元 fires today.  Sold on 2025-05-01: T214.a prompts.
 * Counterfeiting with 非法经营数额 6万元 on 2024-06-01 prompts under
 * T213.old.a, the rule of that day.  A service mark with 违法所得 4万元 on
 * 2024-06-01 fired then (T213.old.a: ≥ 3万元) but not today (T213.d: ≥
 * 5万元): the lighter new standard applies, no prompt. */
static void test_enforce__transfer_rules_read_at_act_date(void **state)
{
	int64_t id;

	id = open_penalty(NULL, D(2024, 7, 1), json_pack("{s:s,s:I,s:I}", "罪名",
		"销售假冒注册商标的商品罪", "违法所得", (json_int_t)4000000, "销售金额",
		(json_int_t)4000000), "普通");
	assert_int_equal(flags_with_key(id, ""), 0);
	id = open_penalty(NULL, D(2025, 5, 31), json_pack("{s:s,s:I,s:I}", "罪名",
		"销售假冒注册商标的商品罪", "违法所得", (json_int_t)4000000, "销售金额",
		(json_int_t)4000000), "普通");
	assert_int_equal(flags_with_key(id, "T214.a"), 1);
	id = open_penalty(NULL, D(2024, 7, 1), json_pack("{s:s,s:I}", "罪名",
		"假冒注册商标罪", "非法经营数额", (json_int_t)6000000), "普通");
	assert_int_equal(flags_with_key(id, "T213.old.a"), 1);
	assert_int_equal(flags_with_key(id, ""), 1);
	id = open_penalty(NULL, D(2024, 7, 1), json_pack("{s:s,s:I,s:b}", "罪名",
		"假冒注册商标罪", "违法所得", (json_int_t)4000000, "服务商标", 1), "普通");
	assert_int_equal(flags_with_key(id, ""), 0);
	(void)state;
}

static void test_enforce__import_equals_live(void **state)
{
	static const struct fz_case_actor sys = { 0, "import", 0, "", 0, "", 1 };
	struct fz_err err = FZ_ERR_INIT;
	int64_t party = party_org("绍兴某导入比对有限公司");
	json_t *pf = json_pack("{s:I}", "货值金额", (json_int_t)500000);
	json_t *d[6] = {
		NULL,
		json_pack("{s:s,s:I}", "拟处罚内容", "罚款", "拟罚款金额",
			  (json_int_t)900000),
		json_pack("{s:s,s:I,s:s}", "处罚种类", "罚款", "罚款金额",
			  (json_int_t)900000, "裁量说明", "拒不停止销售，经集体讨论从重"),
		json_pack("{s:s}", "送达方式", "直接送达"),
		json_pack("{s:I}", "实缴金额", (json_int_t)1170000),
		NULL,
	};
	/* served 3-15, due 4-1, paid 4-11: a surcharge */
	struct fz_case_step pst[] = {
		{ "investigate", D(2024, 3, 2), d[0], NULL, NULL },
		{ "notify", D(2024, 3, 4), d[1], NULL, NULL },
		{ "decide", D(2024, 3, 15), d[2], NULL, NULL },
		{ "serve", D(2024, 3, 15), d[3], NULL, NULL },
		{ "perform", D(2024, 4, 11), d[4], NULL, NULL },
		{ "close", D(2024, 4, 12), d[5], NULL, NULL },
	};
	json_t *o1 = json_pack("{s:s}", "整改要求", "十五日内整改");
	json_t *o2 = json_pack("{s:s}", "复查结果", "已整改");
	struct fz_case_step ist[] = {
		{ "order", D(2024, 3, 5), o1, NULL, NULL },
		{ "recheck", D(2024, 3, 20), o2, NULL, NULL },
	};
	struct fz_enforce_case_new pn = { "penalty", unit, "导入比对处罚案", party,
		{ off1, off2 }, "SJ-CP-49", D(2024, 3, 1), D(2024, 2, 1), 0, "普通",
		pf };
	struct fz_enforce_case_new in = { "inspection", unit, "导入比对检查", party,
		{ off1, off2 }, "SJ-CP-49", D(2024, 3, 1), { 0, 0, 0 }, 0, NULL, NULL };
	char number[FZ_CASE_NUMBER_LEN];
	int64_t live[2], imp[2], sur = 0;

	assert_int_equal(fz_enforce_case_open(db, keys, &officer, &pn, &live[0],
					      number, &err), 0);
	for (size_t i = 0; i < 6; i++)
		if (fz_enforce_case_act(db, keys, &officer, live[0], pst[i].transition,
					pst[i].on, pst[i].data, NULL, &err))
			fail_msg("%s: %s", pst[i].transition, err.msg);
	assert_int_equal(fz_enforce_case_open(db, keys, &officer, &in, &live[1],
					      number, &err), 0);
	for (size_t i = 0; i < 2; i++)
		if (fz_enforce_case_act(db, keys, &officer, live[1], ist[i].transition,
					ist[i].on, ist[i].data, NULL, &err))
			fail_msg("%s: %s", ist[i].transition, err.msg);
	assert_int_equal(fz_store_begin(db, &err), 0);
	if (fz_enforce_case_import(db, keys, &sys, &pn, pst, 6, &imp[0], number, &err) ||
	    fz_enforce_case_import(db, keys, &sys, &in, ist, 2, &imp[1], number, &err))
		fail_msg("import: %s (%s)", err.msg, err.field);
	assert_int_equal(fz_store_commit(db, &err), 0);
	for (int c = 0; c < 2; c++)
		for (int q = 0; case_rows[q]; q++) {
			char *a = rows_of(case_rows[q], live[c]);
			char *b = rows_of(case_rows[q], imp[c]);
			assert_string_not_equal(a, "");
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	/* the case is the one meant: outside the range, late, one code */
	assert_int_equal(fz_store_int(db, &sur, &err, "SELECT surcharge FROM"
				      " enf_cases WHERE case_id = ? AND outside_range = 1"
				      " AND rec_min IS NOT NULL AND decided_on = '2024-03-15'"
				      " AND paid_on = '2024-04-11'", "I", imp[0]), 1);
	assert_true(sur > 0);
	assert_int_equal(fz_store_int(db, &sur, &err, "SELECT COUNT(*) FROM enf_acts"
				      " WHERE case_id = ?", "I", imp[0]), 1);
	assert_int_equal(sur, 1);
	for (size_t i = 0; i < 6; i++)
		json_decref(d[i]);
	json_decref(o1);
	json_decref(o2);
	json_decref(pf);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enforce__types_are_sound),
		cmocka_unit_test(test_enforce__every_forbidden_transition_refused),
		cmocka_unit_test(test_enforce__deadlines_across_holidays_and_tiaoxiu),
		cmocka_unit_test(test_enforce__extensions),
		cmocka_unit_test(test_enforce__surcharge_capped_at_fine),
		cmocka_unit_test(test_enforce__surcharge_on_late_payment),
		cmocka_unit_test(test_enforce__simple_procedure_limits),
		cmocka_unit_test(test_enforce__limitation_checked_at_filing),
		cmocka_unit_test(test_enforce__art58_review_required),
		cmocka_unit_test(test_enforce__discretion_matches_table_rows),
		cmocka_unit_test(test_enforce__discretion_bad_table_refused),
		cmocka_unit_test(test_enforce__decision_outside_range_needs_reason),
		cmocka_unit_test(test_enforce__transfer_hook_at_below_above),
		cmocka_unit_test(test_enforce__codes_tamper_forge_revoke_rate),
		cmocka_unit_test(test_enforce__party_id_sealed_and_masked),
		cmocka_unit_test(test_enforce__checklist_from_data),
		cmocka_unit_test(test_enforce__review_findings_and_closeout),
		cmocka_unit_test(test_enforce__warning_dated_like_its_event),
		cmocka_unit_test(test_enforce__import_equals_live),
		cmocka_unit_test(test_enforce__decide_waits_for_hearing_window),
		cmocka_unit_test(test_enforce__hearing_needs_seven_workdays_notice),
		cmocka_unit_test(test_enforce__decision_period_by_agency_rule),
		cmocka_unit_test(test_enforce__art58_cases_and_catalogue),
		cmocka_unit_test(test_enforce__limitation_runs_to_discovery),
		cmocka_unit_test(test_enforce__transfer_rules_read_at_act_date),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
