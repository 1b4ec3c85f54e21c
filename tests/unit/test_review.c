/* test_review.c - domain/review: the 行政复议 case type, routing from every
 * station, each deadline across holidays and 调休 days (hand-counted from
 * data/calendar/2024.txt), the 简易/普通 choice of Art. 53, every forbidden
 * transition, extension, blockers for major cases, officers by grade and
 * load, lawsuits and tracking with a wrong phone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/cal.h"
#include "crypto/key.h"
#include "domain/org/org.h"
#include "domain/review/review.h"
#include "engine/audit.h"
#include "engine/case/case.h"

#define D(y, m, d) ((struct fz_date){ (y), (m), (d) })

static char dir[64];
static struct fz_cal *cal;
static struct fz_keys *keys;
static struct fz_store *db;
static int64_t root, justice_unit, stations[18], town0;

static const struct fz_case_actor jus = {
	21, "justice1", FZ_ROLE_JUSTICE, "/", 2, "127.0.0.1", 0
};
static const struct fz_case_actor officer = {
	22, "officer1", FZ_ROLE_OFFICER, "/", 3, "127.0.0.1", 0
};

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations,
	fz_review_migrations, NULL
};

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

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_actor sys = { NULL, "" };
	char path[128], name[64];
	int64_t town;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-review-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	if (fz_cal_load(&cal, &err) || fz_keys_new_ephemeral(&keys, &err) ||
	    fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err) ||
	    fz_org_unit_add(db, &sys, 0, "柯桥区", "district", "330603", &root, &err) ||
	    fz_org_unit_add(db, &sys, root, "绍兴市柯桥区司法局", "department", "",
			    &justice_unit, &err))
		goto fail;
	/* 16 town stations and two under the 司法局, as the demo has them */
	for (int i = 0; i < 16; i++) {
		snprintf(name, sizeof(name), "镇街%d", i);
		if (fz_org_unit_add(db, &sys, root, name, "town", "", &town, &err))
			goto fail;
		if (!i)
			town0 = town;
		snprintf(name, sizeof(name), "镇街%d行政复议基层服务站", i);
		if (fz_org_unit_add(db, &sys, town, name, "station", "", &stations[i],
				    &err))
			goto fail;
	}
	if (fz_org_unit_add(db, &sys, justice_unit, "中国轻纺城行政复议服务站",
			    "station", "", &stations[16], &err) ||
	    fz_org_unit_add(db, &sys, justice_unit, "公共法律服务中心服务站",
			    "station", "", &stations[17], &err))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "setup: %s\n", err.msg);
	return -1;
}

static int teardown(void **state)
{
	char cmd[100];
	fz_store_close(db);
	fz_cal_free(cal);
	fz_keys_free(keys);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static int64_t apply_at(int64_t station, const char *kind, struct fz_date on,
			const char *facts_json, char *number)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *facts = facts_json ? json_loads(facts_json, 0, NULL) : NULL;
	struct fz_review_application a = {
		station ? "station" : "online", station, "张三", "33060319900101018X",
		"13812345678", "柯桥街道某路1号", "绍兴市柯桥区综合行政执法局", kind,
		"柯综执罚〔2024〕12号行政处罚决定", "请求撤销该处罚决定", on, facts
	};
	int64_t id = 0;
	char num[FZ_CASE_NUMBER_LEN];
	must(fz_review_apply(db, cal, keys, NULL, "127.0.0.1", &a, &id,
			     number ? number : num, &err), &err);
	json_decref(facts);
	return id;
}

static int act(int64_t id, const char *tr, struct fz_date on,
	       const char *data_json, struct fz_err *err)
{
	json_t *data = data_json ? json_loads(data_json, 0, NULL) : NULL;
	int rc = fz_review_act(db, cal, &jus, id, tr, on, data, NULL, err);
	json_decref(data);
	return rc;
}

static const char *due(int64_t id, const char *key)
{
	static char s[16];
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	s[0] = '\0';
	assert_int_equal(fz_store_query(db, &st, &err,
		"SELECT COALESCE(due, status) FROM case_deadlines WHERE case_id = ?"
		" AND key = ?", "It", id, key), 0);
	if (fz_stmt_step(st, &err) == 1)
		snprintf(s, sizeof(s), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return s;
}

static const char *status_of(int64_t id, const char *key)
{
	static char s[16];
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	s[0] = '\0';
	assert_int_equal(fz_store_query(db, &st, &err,
		"SELECT status FROM case_deadlines WHERE case_id = ? AND key = ?",
		"It", id, key), 0);
	if (fz_stmt_step(st, &err) == 1)
		snprintf(s, sizeof(s), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return s;
}

static const char *state_of(int64_t id)
{
	static char s[32];
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_store_query(db, &st, &err,
		"SELECT state FROM cases WHERE id = ?", "I", id), 0);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	snprintf(s, sizeof(s), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return s;
}

/* ---------- tests ---------- */

static void test_review__case_type_is_well_formed(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	must(fz_case_type_check(&fz_review_case, &err), &err);
	/* every decision type of Art. 33, 63-72 is known by its name */
	assert_non_null(fz_review_decision_find("撤销"));
	assert_non_null(fz_review_decision_find("确认无效"));
	assert_non_null(fz_review_decision_find("驳回申请"));
	assert_null(fz_review_decision_find("不予理睬"));
}

static void test_review__routing_from_every_station(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_review_route r;
	char path[64];
	struct fz_stmt *st;

	snprintf(path, sizeof(path), "/%lld/%lld/", (long long)root,
		 (long long)justice_unit);
	for (int i = 0; i < 18; i++) {
		int64_t id = apply_at(stations[i], i % 2 ? "town" : "department",
				      D(2024, 9, 2), NULL, NULL);
		assert_int_equal(fz_store_query(db, &st, &err,
			"SELECT r.station_id, r.organ, c.unit_path FROM review_cases r"
			" JOIN cases c ON c.id = r.case_id WHERE r.case_id = ?",
			"I", id), 0);
		assert_int_equal(fz_stmt_step(st, &err), 1);
		/* recorded at the station that took it, reviewed by the district */
		assert_int_equal(fz_stmt_int(st, 0), stations[i]);
		assert_string_equal(fz_stmt_text(st, 1), "district");
		assert_string_equal(fz_stmt_text(st, 2), path);
		fz_stmt_finish(st);
	}
	/* the district government's own act goes up; vertical organs too */
	must(fz_review_route("district", &r, &err), &err);
	assert_string_equal(r.organ_name, "绍兴市人民政府");
	assert_int_equal(r.in_district, 0);
	must(fz_review_route("vertical", &r, &err), &err);
	assert_string_equal(r.organ, "upper");
	assert_int_equal(fz_review_route("court", &r, &err), FZ_EINVAL);
	/* a unit that is not a station cannot take applications */
	{
		struct fz_review_application a = {
			"station", town0, "李四", NULL, "13912345678", NULL, "某局",
			"department", "某行为", "撤销", { 0, 0, 0 }, NULL
		};
		int64_t id;
		char num[FZ_CASE_NUMBER_LEN];
		assert_int_equal(fz_review_apply(db, cal, keys, NULL, "", &a, &id,
						 num, &err), FZ_EINVAL);
		assert_string_equal(err.field, "station_id");
		a.channel = "online";
		a.phone = "12345";
		assert_int_equal(fz_review_apply(db, cal, keys, NULL, "", &a, &id,
						 num, &err), FZ_EINVAL);
		assert_string_equal(err.field, "phone");
	}
	/* the phone is not stored in clear */
	assert_int_equal(count("SELECT COUNT(*) FROM review_cases WHERE"
			       " phone_enc LIKE '%13812345678%' OR"
			       " phone_masked <> '138****5678'"), 0);
}

static void test_review__procedure_choice_by_article_53(void **state)
{
	static const struct {
		const char *facts, *want;
	} cases[] = {
		{ "{}", "普通" },
		{ "{\"当场作出\": true}", "普通" }, /* facts not found clear */
		{ "{\"事实清楚\": true}", "普通" },
		{ "{\"事实清楚\": true, \"当场作出\": true}", "简易" },
		{ "{\"事实清楚\": true, \"行为种类\": \"警告\"}", "简易" },
		{ "{\"事实清楚\": true, \"行为种类\": \"通报批评\"}", "简易" },
		{ "{\"事实清楚\": true, \"行为种类\": \"罚款\", \"涉案金额\": 300000}", "简易" },
		{ "{\"事实清楚\": true, \"行为种类\": \"罚款\", \"涉案金额\": 300001}", "普通" },
		{ "{\"事实清楚\": true, \"政府信息公开\": true}", "简易" },
		{ "{\"各方同意简易\": true}", "简易" },
		{ "{\"事实清楚\": true, \"当场作出\": true, \"重大疑难复杂\": true}", "普通" },
	};
	struct fz_err err = FZ_ERR_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *f = json_loads(cases[i].facts, 0, NULL);
		const char *why = NULL;
		if (strcmp(fz_review_procedure(f, &why), cases[i].want))
			fail_msg("%s: want %s", cases[i].facts, cases[i].want);
		assert_non_null(why);
		json_decref(f);
	}
	/* 受理 picks it from the facts; a 简易 claim the facts deny is refused */
	{
		int64_t a = apply_at(0, "department", D(2024, 9, 2),
				     "{\"事实清楚\": true, \"涉案金额\": 200000}", NULL);
		int64_t b = apply_at(0, "department", D(2024, 9, 2), NULL, NULL);
		must(act(a, "accept", D(2024, 9, 3), NULL, &err), &err);
		assert_string_equal(due(a, "decide_simple"), "2024-10-08");
		assert_string_equal(due(a, "decide"), "");
		assert_int_equal(act(b, "accept", D(2024, 9, 3), "{\"程序\": \"简易\"}",
				     &err), FZ_EINVAL);
		assert_string_equal(err.field, "程序");
		assert_string_equal(state_of(b), "received");
	}
}

static void test_review__deadlines_across_holidays_and_makeup_days(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id;

	/* accept: 5 工作日 from Thu 2024-09-26: 9/27, Sun 9/29 (调休), 9/30,
	 * then 国庆 10/1-7, 10/8, 10/9 */
	id = apply_at(stations[3], "town", D(2024, 9, 26), NULL, NULL);
	assert_string_equal(due(id, "accept"), "2024-10-09");
	assert_string_equal(due(id, "correction_notice"), "2024-10-09");
	/* 补正: 10 工作日 from Mon 9/30: 10/8-11 (4), Sat 10/12 调休 (5),
	 * 10/14-18 (10) */
	must(act(id, "request_correction", D(2024, 9, 30), "{\"补正事项\": \"身份证明\"}",
		 &err), &err);
	assert_string_equal(due(id, "correction"), "2024-10-18");
	assert_string_equal(status_of(id, "correction_notice"), "met");

	/* ordinary decision: 60 days from Fri 8/2 is Tue 10/1, a holiday:
	 * moved to the first working day after 国庆, 10/8 */
	id = apply_at(0, "department", D(2024, 8, 1), NULL, NULL);
	must(act(id, "accept", D(2024, 8, 2), NULL, &err), &err);
	assert_string_equal(due(id, "decide"), "2024-10-08");
	/* send the copy: 7 工作日 from 8/2: 8/5-9 (5), 8/12, 8/13 */
	assert_string_equal(due(id, "send_copy"), "2024-08-13");
	/* 中止 8/12 to 8/22 adds 10 days: 10/11 (Fri) */
	must(act(id, "suspend", D(2024, 8, 12), "{\"中止事由\": \"第三十九条第一款第八项\"}",
		 &err), &err);
	assert_string_equal(status_of(id, "decide"), "paused");
	must(act(id, "resume", D(2024, 8, 22), NULL, &err), &err);
	assert_string_equal(due(id, "decide"), "2024-10-11");
	/* extension ≤ 30 with approval (Art. 62(1)): 10/11 + 30 = 11/10, a
	 * Sunday: Mon 11/11; a second 1 day would pass the limit */
	must(fz_case_extend(db, cal, &fz_review_case, &jus, id, "decide", 30,
			    "案情复杂", "司法局负责人", D(2024, 8, 22), &err), &err);
	assert_string_equal(due(id, "decide"), "2024-11-11");
	assert_int_equal(fz_case_extend(db, cal, &fz_review_case, &jus, id,
					"decide", 1, "再延", "负责人", D(2024, 8, 22),
					&err), FZ_EINVAL);

	/* simple: send the copy in 3 工作日 from Thu 9/12: 9/13, Sat 9/14
	 * (调休), then 中秋 9/15-17, 9/18; reply in 5 工作日 from Fri 9/27:
	 * 9/29 (调休), 9/30, 10/8, 10/9, 10/10; no extension (Art. 62(2)) */
	id = apply_at(0, "department", D(2024, 9, 11), "{\"当场作出\": true,"
		      " \"事实清楚\": true}", NULL);
	must(act(id, "accept", D(2024, 9, 12), NULL, &err), &err);
	assert_string_equal(due(id, "send_copy_simple"), "2024-09-18");
	/* 30 days from 9/12 is Sat 10/12, a 调休 workday: not moved */
	assert_string_equal(due(id, "decide_simple"), "2024-10-12");
	must(act(id, "send_copy", D(2024, 9, 27), NULL, &err), &err);
	assert_string_equal(due(id, "reply_simple"), "2024-10-10");
	assert_int_equal(fz_case_extend(db, cal, &fz_review_case, &jus, id,
					"decide_simple", 5, "复杂", "负责人",
					D(2024, 9, 27), &err), FZ_EINVAL);

	/* ordinary send-copy across 春节: from Thu 2/8: Fri 2/9, then
	 * 2/10-17 off, Sun 2/18 (调休), 2/19-23 */
	id = apply_at(0, "department", D(2024, 2, 7), NULL, NULL);
	must(act(id, "accept", D(2024, 2, 8), NULL, &err), &err);
	assert_string_equal(due(id, "send_copy"), "2024-02-23");
	/* reply: 10 工作日 from Fri 2/23: 2/26-3/1, 3/4-8 */
	must(act(id, "send_copy", D(2024, 2, 23), NULL, &err), &err);
	assert_string_equal(due(id, "reply"), "2024-03-08");
	/* a 简易 case converted to 普通 gets the 60-day period */
	id = apply_at(0, "department", D(2024, 9, 11), "{\"当场作出\": true,"
		      " \"事实清楚\": true}", NULL);
	must(act(id, "accept", D(2024, 9, 12), NULL, &err), &err);
	must(act(id, "convert", D(2024, 9, 13), "{\"转换批准人\": \"王科长\"}", &err), &err);
	assert_string_equal(due(id, "decide"), "2024-11-11");
}

/* A case driven to state s (all required facts supplied). */
static const char *const GENERIC =
	"{\"补正事项\":\"x\",\"程序\":\"普通\",\"不予受理理由\":\"x\","
	"\"转送机关\":\"x\",\"答复情况\":\"已答复\",\"听证日期\":\"2025-12-31\","
	"\"委员会意见\":\"x\",\"调解书文号\":\"x\",\"中止事由\":\"x\","
	"\"转换批准人\":\"x\",\"决定类型\":\"维持\",\"撤回理由\":\"x\",\"终止事由\":\"x\"}";

static const struct {
	const char *state;
	const char *path[6];
} paths[] = {
	{ "received", { NULL } },
	{ "correction", { "request_correction", NULL } },
	{ "accepted", { "accept", NULL } },
	{ "replying", { "accept", "send_copy", NULL } },
	{ "reviewing", { "accept", "send_copy", "reply", NULL } },
	{ "hearing", { "accept", "send_copy", "reply", "hearing_notice", NULL } },
	{ "mediating", { "accept", "send_copy", "reply", "mediate", NULL } },
	{ "suspended", { "accept", "suspend", NULL } },
	{ "decided", { "accept", "send_copy", "reply", "decide", NULL } },
	{ "mediated", { "accept", "send_copy", "reply", "mediate", "mediated", NULL } },
	{ "withdrawn", { "withdraw", NULL } },
	{ "terminated", { "accept", "terminate", NULL } },
	{ "rejected", { "reject", NULL } },
	{ "abandoned", { "request_correction", "abandon", NULL } },
	{ "forwarded", { "forward", NULL } },
};

static int allowed_from(const char *tr, const char *state)
{
	const struct fz_case_state *s = fz_case_state_find(&fz_review_case, state);
	for (const struct fz_case_transition *t = fz_review_case.transitions;
	     t->key; t++)
		if (!strcmp(t->key, tr) && (!strcmp(t->from, state) ||
		    (!strcmp(t->from, "*") && !(s->flags & FZ_CASE_FINAL))))
			return 1;
	return 0;
}

/* 行政复议法 2023 Art. 30(3): "行政复议申请的审查期限届满，行政复议机关未作出
 * 不予受理决定的，审查期限届满之日起视为受理。"  Art. 88(2): the 五日 of
 * Art. 30(1) are 工作日.  Art. 62(1): 60 days "自受理申请之日起".
 * Filed Mon 2025-03-03; review period 5 工作日: 3/4, 3/5, 3/6, 3/7, 3/10 ->
 * ends Mon 3/10.  受理 recorded 3/20: deemed accepted on 3/10, so the
 * decision is due 60 days after 3/10: 3/31 is day 21, 4/30 day 51, 5/9
 * day 60 (Fri, a working day) - not 5/19 (60 days after 3/20).  Art. 48:
 * the copy 7 工作日 from 3/10: 3/11-14, 3/17-19 -> 3/19. */
static void test_review__late_acceptance_is_deemed_at_the_end_of_review(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = apply_at(0, "department", D(2025, 3, 3), NULL, NULL);
	json_t *f = NULL;
	char sql[200];

	assert_string_equal(due(id, "accept"), "2025-03-10");
	/* a refusal after the period comes too late and changes nothing */
	assert_int_equal(act(id, "reject", D(2025, 3, 20),
			     "{\"不予受理理由\": \"不属于复议范围\"}", &err), FZ_ESTATE);
	assert_non_null(strstr(err.msg, "第三十条第三款"));
	assert_string_equal(state_of(id), "received");
	must(act(id, "accept", D(2025, 3, 20), NULL, &err), &err);
	assert_string_equal(state_of(id), "accepted");
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_events WHERE case_id = %lld"
		 " AND name = 'deemed_accept' AND on_date = '2025-03-10'", (long long)id);
	assert_int_equal(count(sql), 1);
	assert_string_equal(due(id, "decide"), "2025-05-09");
	assert_string_equal(due(id, "send_copy"), "2025-03-19");
	assert_string_equal(status_of(id, "accept"), "met");
	must(fz_case_facts_get(db, id, NULL, &f, &err), &err);
	assert_true(json_is_true(json_object_get(f, "视为受理")));
	assert_string_equal(json_string_value(json_object_get(f, "受理日期")), "2025-03-10");
	assert_string_equal(json_string_value(json_object_get(f, "受理登记日期")), "2025-03-20");
	json_decref(f);

	/* 受理 on the last day of the period is on time: no deemed step */
	id = apply_at(0, "department", D(2025, 3, 3), NULL, NULL);
	must(act(id, "accept", D(2025, 3, 10), NULL, &err), &err);
	assert_string_equal(due(id, "decide"), "2025-05-09");
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_events WHERE case_id = %lld"
		 " AND name = 'deemed_accept'", (long long)id);
	assert_int_equal(count(sql), 0);

	/* Art. 31(3): 补正 restarts the review from the corrected material:
	 * corrected Wed 3/12, review ends 3/13, 3/14, 3/17, 3/18, 3/19; 受理
	 * recorded 3/25 counts from 3/19: 60 days is 5/18, a Sunday: Mon 5/19 */
	id = apply_at(0, "department", D(2025, 3, 3), NULL, NULL);
	must(act(id, "request_correction", D(2025, 3, 5), "{\"补正事项\": \"身份证明\"}",
		 &err), &err);
	must(act(id, "corrected", D(2025, 3, 12), NULL, &err), &err);
	assert_string_equal(due(id, "accept"), "2025-03-19");
	must(act(id, "accept", D(2025, 3, 25), NULL, &err), &err);
	assert_string_equal(due(id, "decide"), "2025-05-19");
}

/* 行政复议法 2023 Art. 20(1): "可以自知道或者应当知道该行政行为之日起六十日内
 * 提出行政复议申请"; Art. 20(2): "因不可抗力或者其他正当理由耽误法定申请期限
 * 的，申请期限自障碍消除之日起继续计算"; Art. 20(3) (not told of the right):
 * "自知道或者应当知道行政行为内容之日起最长不得超过一年"; Art. 21: 5 years
 * from the act (20 for 不动产); Art. 30(1)(四): accepted only when "在法定申请
 * 期限内提出".
 * Knew Thu 2025-01-02: 60 days: 1/31 is day 29, 2/28 day 57, 3/3 day 60
 * (Mon).  Received 3/10: late.  An obstacle 2/1-2/15 takes 14 days out:
 * 3/17 (Mon), on time.  Not told, knew Fri 2024-03-01: one year ends Sat
 * 2025-03-01, moved to Mon 3/3.  Act of 2019-03-01: 5 years end
 * 2024-03-01, so an application of 2025-03-10 is barred. */
static void test_review__application_period_of_article_20(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_review_period p;
	json_t *f = json_pack("{s:s}", "知道行为日期", "2025-01-02");
	int64_t id;

	assert_int_equal(fz_review_apply_period(cal, f, D(2025, 3, 10), &p, &err), 1);
	assert_int_equal(fz_date_cmp(p.due, D(2025, 3, 3)), 0);
	assert_true(p.late);
	json_object_set_new(f, "障碍发生日期", json_string("2025-02-01"));
	json_object_set_new(f, "障碍消除日期", json_string("2025-02-15"));
	assert_int_equal(fz_review_apply_period(cal, f, D(2025, 3, 10), &p, &err), 1);
	assert_int_equal(fz_date_cmp(p.due, D(2025, 3, 17)), 0);
	assert_false(p.late);
	/* an obstacle that arose after the period had ended excuses nothing */
	json_object_set_new(f, "障碍发生日期", json_string("2025-03-05"));
	json_object_set_new(f, "障碍消除日期", json_string("2025-03-09"));
	assert_int_equal(fz_review_apply_period(cal, f, D(2025, 3, 10), &p, &err), 1);
	assert_int_equal(fz_date_cmp(p.due, D(2025, 3, 3)), 0);
	assert_true(p.late);
	json_decref(f);

	f = json_pack("{s:s,s:b}", "知道行为日期", "2024-03-01", "已告知复议权利", 0);
	assert_int_equal(fz_review_apply_period(cal, f, D(2025, 2, 20), &p, &err), 1);
	assert_int_equal(fz_date_cmp(p.due, D(2025, 3, 3)), 0);
	assert_non_null(strstr(p.cite, "第二十条第三款"));
	/* learnt of the right 1/10: 60 days is 3/11, but the year caps it */
	json_object_set_new(f, "知道复议权利日期", json_string("2025-01-10"));
	assert_int_equal(fz_review_apply_period(cal, f, D(2025, 2, 20), &p, &err), 1);
	assert_int_equal(fz_date_cmp(p.due, D(2025, 3, 3)), 0);
	json_decref(f);

	f = json_pack("{s:s,s:s}", "知道行为日期", "2025-03-01", "行为作出日期",
		      "2019-03-01");
	assert_int_equal(fz_review_apply_period(cal, f, D(2025, 3, 10), &p, &err), 1);
	assert_true(p.barred);
	json_decref(f);

	/* a date after receipt is refused at intake, nothing written */
	{
		json_t *bad = json_pack("{s:s}", "知道行为日期", "2025-04-01");
		struct fz_review_application a = {
			"online", 0, "张三", NULL, "13812345678", NULL, "区某局",
			"department", "某决定", "撤销", D(2025, 3, 10), bad
		};
		int64_t before = count("SELECT COUNT(*) FROM cases"), nid = 0;
		char num[FZ_CASE_NUMBER_LEN];
		assert_int_equal(fz_review_apply(db, cal, keys, NULL, "", &a, &nid,
						 num, &err), FZ_EINVAL);
		assert_string_equal(err.field, "知道行为日期");
		assert_int_equal(count("SELECT COUNT(*) FROM cases"), before);
		json_decref(bad);
	}

	/* the late application: flagged, 受理 waits, 不予受理 resolves it */
	id = apply_at(0, "department", D(2025, 3, 10),
		      "{\"知道行为日期\": \"2025-01-02\"}", NULL);
	assert_int_equal(fz_case_flag_open(db, id, "超过申请期限", &err), 1);
	assert_int_equal(act(id, "accept", D(2025, 3, 11), NULL, &err), FZ_ESTATE);
	assert_string_equal(state_of(id), "received");
	must(act(id, "reject", D(2025, 3, 11), "{\"不予受理理由\":"
		 " \"超过法定申请期限（《中华人民共和国行政复议法》第三十条第一款第四项）\"}",
		 &err), &err);
	assert_int_equal(fz_case_flag_open(db, id, "超过申请期限", &err), 0);
	/* with the obstacle recorded at intake it is on time: no flag */
	id = apply_at(0, "department", D(2025, 3, 10),
		      "{\"知道行为日期\": \"2025-01-02\", \"耽误事由\": \"住院治疗\","
		      " \"障碍发生日期\": \"2025-02-01\", \"障碍消除日期\": \"2025-02-15\"}",
		      NULL);
	assert_int_equal(fz_case_flag_open(db, id, "超过申请期限", &err), 0);
	must(act(id, "accept", D(2025, 3, 11), NULL, &err), &err);
}

static void test_review__every_forbidden_transition_changes_nothing(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int tried = 0;

	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
		int64_t id = apply_at(0, "department", D(2025, 1, 2), NULL, NULL);
		int64_t ev;
		char sql[128];
		for (int i = 0; paths[p].path[i]; i++)
			must(act(id, paths[p].path[i], D(2025, 1, 3), GENERIC, &err), &err);
		assert_string_equal(state_of(id), paths[p].state);
		snprintf(sql, sizeof(sql),
			 "SELECT COUNT(*) FROM case_events WHERE case_id = %lld",
			 (long long)id);
		ev = count(sql);
		for (const struct fz_case_transition *t = fz_review_case.transitions;
		     t->key; t++) {
			int rc;
			if (allowed_from(t->key, paths[p].state))
				continue;
			rc = act(id, t->key, D(2025, 1, 3), GENERIC, &err);
			if (rc != FZ_ESTATE)
				fail_msg("%s from %s: %d %s", t->key, paths[p].state,
					 rc, err.msg);
			tried++;
		}
		assert_string_equal(state_of(id), paths[p].state);
		assert_int_equal(count(sql), ev);
	}
	assert_true(tried > 200);
	/* a wrong role is refused too */
	{
		int64_t id = apply_at(0, "department", D(2025, 1, 2), NULL, NULL);
		json_t *d = json_loads(GENERIC, 0, NULL);
		assert_int_equal(fz_review_act(db, cal, &officer, id, "accept",
					       D(2025, 1, 3), d, NULL, &err), FZ_EFORBID);
		json_decref(d);
		assert_string_equal(state_of(id), "received");
	}
}

static void test_review__major_case_needs_hearing_and_committee(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = apply_at(0, "department", D(2025, 3, 3),
			      "{\"重大疑难复杂\": true}", NULL);
	must(act(id, "accept", D(2025, 3, 4), NULL, &err), &err);
	must(act(id, "send_copy", D(2025, 3, 5), NULL, &err), &err);
	must(act(id, "reply", D(2025, 3, 10), "{\"答复情况\": \"已答复\"}", &err), &err);
	assert_int_equal(act(id, "decide", D(2025, 3, 20), "{\"决定类型\": \"撤销\"}", &err),
			 FZ_ESTATE);
	assert_non_null(strstr(err.msg, "须听证"));
	/* the hearing notice must come 5 工作日 ahead (Art. 51(1)) */
	assert_int_equal(act(id, "hearing_notice", D(2025, 3, 11),
			     "{\"听证日期\": \"2025-03-17\"}", &err), FZ_EINVAL);
	must(act(id, "hearing_notice", D(2025, 3, 11), "{\"听证日期\": \"2025-03-18\"}",
		 &err), &err);
	must(act(id, "hearing_done", D(2025, 3, 18), NULL, &err), &err);
	assert_int_equal(act(id, "decide", D(2025, 3, 20), "{\"决定类型\": \"撤销\"}", &err),
			 FZ_ESTATE);
	assert_non_null(strstr(err.msg, "委员会"));
	must(fz_review_committee(db, cal, &jus, id, D(2025, 3, 19), "委员甲、委员乙",
				 "建议撤销", &err), &err);
	assert_int_equal(act(id, "decide", D(2025, 3, 20), "{\"决定类型\": \"不存在\"}",
			     &err), FZ_EINVAL);
	must(act(id, "decide", D(2025, 3, 20), "{\"决定类型\": \"撤销\"}", &err), &err);
	assert_int_equal(count("SELECT COUNT(*) FROM review_committee"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM review_cases WHERE"
			       " outcome = 'revoke' AND corrects = 1"
			       " AND closed_on = '2025-03-20'"), 1);
}

static void test_review__officers_by_grade_and_load(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t o1, o2, o3, got, a, b, c, d;

	must(fz_review_officer_add(db, &jus, "初级甲", 1, justice_unit, "R1", &o1, &err), &err);
	must(fz_review_officer_add(db, &jus, "中级乙", 2, justice_unit, "R2", &o2, &err), &err);
	must(fz_review_officer_add(db, &jus, "高级丙", 3, justice_unit, "R3", &o3, &err), &err);
	assert_int_equal(fz_review_officer_add(db, &jus, "四级", 4, justice_unit, "",
					       &got, &err), FZ_EINVAL);
	a = apply_at(0, "department", D(2025, 4, 1), "{\"当场作出\": true,"
		     " \"事实清楚\": true}", NULL);
	must(act(a, "accept", D(2025, 4, 2), NULL, &err), &err);
	b = apply_at(0, "department", D(2025, 4, 1), NULL, NULL);
	c = apply_at(0, "department", D(2025, 4, 1), "{\"重大疑难复杂\": true}", NULL);
	d = apply_at(0, "department", D(2025, 4, 1), NULL, NULL);
	must(fz_review_assign(db, &jus, a, 0, &got, &err), &err);
	assert_int_equal(got, o1); /* simple: everyone qualifies, least load */
	must(fz_review_assign(db, &jus, b, 0, &got, &err), &err);
	assert_int_equal(got, o2); /* ordinary: 中级 or above */
	must(fz_review_assign(db, &jus, c, 0, &got, &err), &err);
	assert_int_equal(got, o3); /* major: 高级 only */
	must(fz_review_assign(db, &jus, d, 0, &got, &err), &err);
	assert_int_equal(got, o2); /* o2 and o3 carry one each: the lower grade */
	assert_int_equal(fz_review_assign(db, &jus, d, o1, &got, &err), FZ_EINVAL);
}

static void test_review__suits_and_appearances(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = apply_at(0, "department", D(2025, 5, 6), NULL, NULL), sid;
	struct fz_review_suit s = { id, justice_unit, "绍兴市柯桥区人民法院",
				    "（2025）浙0603行初12号", D(2025, 7, 1) };
	must(fz_review_suit_add(db, &jus, &s, &sid, &err), &err);
	s.court_no = "12号";
	assert_int_equal(fz_review_suit_add(db, &jus, &s, &sid, &err), FZ_EINVAL);
	must(fz_review_appearance_add(db, &jus, sid, D(2025, 8, 1), 1, "王局长", "局长",
				      &err), &err);
	assert_int_equal(fz_review_appearance_add(db, &jus, sid, D(2025, 8, 2), 1, "",
						  "", &err), FZ_EINVAL);
	must(fz_review_suit_judge(db, &jus, sid, "won", D(2025, 9, 1), &err), &err);
	assert_int_equal(fz_review_suit_judge(db, &jus, sid, "lost", D(2025, 9, 2),
					      &err), FZ_ESTATE);
}

static void test_review__tracking_needs_the_right_phone(void **state)
{
	struct fz_err err = FZ_ERR_INIT, err2 = FZ_ERR_INIT;
	char num[FZ_CASE_NUMBER_LEN];
	json_t *o = NULL;
	apply_at(stations[5], "department", D(2025, 6, 2), NULL, num);
	must(fz_review_track(db, keys, num, "138 1234 5678", &o, &err), &err);
	assert_string_equal(json_string_value(json_object_get(o, "status")),
			    "已收到申请");
	/* nothing but number, kind, status and dates */
	assert_int_equal(json_object_size(o), 5);
	assert_null(json_object_get(o, "applicant"));
	json_decref(o);
	assert_int_equal(fz_review_track(db, keys, num, "13812345679", &o, &err),
			 FZ_ENOTFOUND);
	assert_null(o);
	assert_int_equal(fz_review_track(db, keys, "柯政复〔2099〕1号", "13812345678",
					 &o, &err2), FZ_ENOTFOUND);
	assert_string_equal(err.msg, err2.msg);
	assert_int_equal(fz_review_track(db, keys, num, "abc", &o, &err2),
			 FZ_ENOTFOUND);
	assert_string_equal(err.msg, err2.msg);
}

/* The rows one case left (sql: one text per row for case ?), every
 * column but ids, numbers, timestamps and the sealed values (SM4 with a
 * fresh nonce each time). */
static char *rows_of(const char *sql, int64_t id)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	char *out = NULL;
	size_t n = 0;
	must(fz_store_query(db, &st, &err, sql, "I", id), &err);
	while (fz_stmt_step(st, &err) == 1) {
		const char *t = fz_stmt_text(st, 0);
		char *o = realloc(out, n + strlen(t) + 2);
		assert_non_null(o);
		out = o;
		n += (size_t)sprintf(out + n, "%s\n", t);
	}
	fz_stmt_finish(st);
	return out ? out : calloc(1, 1);
}

static const char *const review_rows[] = {
	"SELECT channel || '|' || quote(station_id) || '|' || organ || '|' ||"
	" organ_name || '|' || respondent || '|' || respondent_kind || '|' ||"
	" applicant || '|' || quote(applicant_id_masked) || '|' ||"
	" phone_masked || '|' || phone_idx || '|' || address || '|' || act ||"
	" '|' || request || '|' || received_on || '|' || quote(officer_id) ||"
	" '|' || quote(outcome) || '|' || corrects || '|' || quote(closed_on)"
	" FROM review_cases WHERE case_id = ?",
	"SELECT type || '|' || state || '|' || facts || '|' || unit_path || '|' ||"
	" opened_on || '|' || quote(closed_on) || '|' || last_on FROM cases"
	" WHERE id = ?",
	"SELECT key || '|' || status || '|' || start_on || '|' || quote(due) ||"
	" '|' || ext || '|' || paused FROM case_deadlines WHERE case_id = ?"
	" ORDER BY key",
	NULL
};

/* The importer relies on the type's hooks: an imported case leaves the
 * rows of the same case applied for and stepped live (程序 chosen at
 * acceptance, the outcome, 纠错, the closing date, the officer). */
static void test_review__import_equals_live(void **state)
{
	static const struct fz_case_actor sys = { 0, "import", 0, "", 0, "", 1 };
	struct fz_err err = FZ_ERR_INIT;
	json_t *facts = json_pack("{s:b,s:b}", "当场作出", 1, "事实清楚", 1);
	json_t *rep = json_pack("{s:s}", "答复情况", "已答复");
	json_t *dec = json_pack("{s:s}", "决定类型", "撤销");
	json_t *wd = json_pack("{s:s}", "撤回理由", "双方和解");
	struct fz_case_step decided[] = {
		{ "accept", D(2025, 5, 6), NULL, NULL, NULL },
		{ "send_copy", D(2025, 5, 7), NULL, NULL, NULL },
		{ "reply", D(2025, 5, 12), rep, NULL, NULL },
		{ "decide", D(2025, 5, 30), dec, NULL, NULL },
	};
	struct fz_case_step withdrawn[] = {
		{ "accept", D(2025, 5, 6), NULL, NULL, NULL },
		{ "withdraw", D(2025, 5, 9), wd, NULL, NULL },
	};
	const struct { const struct fz_case_step *s; size_t n; int64_t station; }
	cases[] = { { decided, 4, 0 }, { withdrawn, 2, 1 } };
	int64_t officer_id, chosen;
	char number[FZ_CASE_NUMBER_LEN];

	must(fz_review_officer_add(db, &jus, "比对丁", 3, justice_unit, "R9",
				   &officer_id, &err), &err);
	for (size_t c = 0; c < 2; c++) {
		struct fz_review_application a = {
			cases[c].station ? "station" : "online",
			cases[c].station ? stations[3] : 0, "李四",
			"33060319900101018X", "13812345679", "柯桥街道某路2号",
			"绍兴市柯桥区综合行政执法局", "department",
			"柯综执罚〔2025〕7号行政处罚决定", "请求撤销该处罚决定",
			D(2025, 5, 5), facts
		};
		int64_t live = 0, imp = 0;
		must(fz_review_apply(db, cal, keys, NULL, "127.0.0.1", &a, &live,
				     number, &err), &err);
		must(fz_review_assign(db, &jus, live, officer_id, &chosen, &err), &err);
		for (size_t i = 0; i < cases[c].n; i++)
			must(fz_review_act(db, cal, &jus, live, cases[c].s[i].transition,
					   cases[c].s[i].on,
					   (json_t *)cases[c].s[i].data, NULL, &err), &err);
		must(fz_store_begin(db, &err), &err);
		must(fz_review_import(db, cal, keys, &sys, &a, officer_id, cases[c].s,
				      cases[c].n, &imp, number, &err), &err);
		must(fz_store_commit(db, &err), &err);
		for (int q = 0; review_rows[q]; q++) {
			char *x = rows_of(review_rows[q], live);
			char *y = rows_of(review_rows[q], imp);
			assert_string_not_equal(x, "");
			assert_string_equal(x, y);
			free(x);
			free(y);
		}
	}
	assert_int_equal(count("SELECT COUNT(*) FROM review_cases WHERE"
			       " outcome = 'revoke' AND corrects = 1 AND"
			       " closed_on = '2025-05-30'"), 2);
	assert_int_equal(count("SELECT COUNT(*) FROM review_cases WHERE"
			       " outcome = 'withdrawn' AND closed_on = '2025-05-09'"), 2);
	json_decref(facts);
	json_decref(rep);
	json_decref(dec);
	json_decref(wd);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review__case_type_is_well_formed),
		cmocka_unit_test(test_review__routing_from_every_station),
		cmocka_unit_test(test_review__procedure_choice_by_article_53),
		cmocka_unit_test(test_review__deadlines_across_holidays_and_makeup_days),
		cmocka_unit_test(test_review__every_forbidden_transition_changes_nothing),
		cmocka_unit_test(test_review__major_case_needs_hearing_and_committee),
		cmocka_unit_test(test_review__officers_by_grade_and_load),
		cmocka_unit_test(test_review__suits_and_appearances),
		cmocka_unit_test(test_review__tracking_needs_the_right_phone),
		cmocka_unit_test(test_review__import_equals_live),
		cmocka_unit_test(test_review__late_acceptance_is_deemed_at_the_end_of_review),
		cmocka_unit_test(test_review__application_period_of_article_20),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
