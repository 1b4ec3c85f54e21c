/* test_mediate.c - domain/mediate: the two case types, the towns table
 * against data/population, each track's period across holidays and 调休
 * (hand-counted from data/calendar/2024.txt and 2025.txt), the labour case
 * through 调解 → 监察 → 仲裁 with one history, assignment by load, every
 * forbidden transition, outcomes, and tracking with a wrong phone. */
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
#include "domain/mediate/mediate.h"
#include "domain/org/org.h"
#include "engine/audit.h"

#define D(y, m, d) ((struct fz_date){ (y), (m), (d) })

static char dir[64];
static struct fz_cal *cal;
static struct fz_keys *keys;
static struct fz_store *db;
static int64_t root, court_unit, org_people, org_court, org_labor, station;
static int64_t m1, m2;

static const struct fz_case_actor staff = {
	31, "justice1", FZ_ROLE_JUSTICE, "/", 2, "127.0.0.1", 0
};

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations,
	fz_mediate_migrations, NULL
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
	char path[128];
	int64_t town, id;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-mediate-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/m.db", dir);
	if (fz_cal_load(&cal, &err) || fz_keys_new_ephemeral(&keys, &err) ||
	    fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err) ||
	    fz_org_unit_add(db, &sys, 0, "柯桥区", "district", "330603", &root, &err) ||
	    fz_org_unit_add(db, &sys, root, "区法院", "department", "", &court_unit, &err) ||
	    fz_org_unit_add(db, &sys, root, "柯桥街道", "town", "330603001000", &town, &err) ||
	    fz_org_unit_add(db, &sys, town, "柯桥街道服务站", "station", "", &station, &err) ||
	    fz_mediate_org_add(db, &staff, "柯桥街道人民调解委员会", "people", town,
			       "柯桥街道", &org_people, &err) ||
	    fz_mediate_org_add(db, &staff, "天平调解团队", "court_team", court_unit,
			       "330603001000", &org_court, &err) ||
	    fz_mediate_org_add(db, &staff, "区劳动争议调解中心", "labor", root,
			       "330603001000", &org_labor, &err) ||
	    fz_mediate_mediator_add(db, &staff, org_people, "调解员甲", &m1, &err) ||
	    fz_mediate_mediator_add(db, &staff, org_people, "调解员乙", &m2, &err) ||
	    fz_mediate_mediator_add(db, &staff, org_court, "法官助理丙", &id, &err) ||
	    fz_mediate_mediator_add(db, &staff, org_labor, "劳动调解员丁", &id, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	return 0;
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

static int64_t open_on(const char *track, int64_t org, struct fz_date on,
		       char *number)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_mediate_new n = {
		track, "station", station, "柯桥街道", org, "王五", "某纺织公司",
		"13700001111", "拖欠加工费", 500000, NULL, on
	};
	char num[FZ_CASE_NUMBER_LEN];
	int64_t id = 0;
	must(fz_mediate_open(db, cal, keys, &staff, &n, &id, number ? number : num,
			     &err), &err);
	return id;
}

static int act(int64_t id, const char *tr, struct fz_date on, const char *js,
	       struct fz_err *err)
{
	json_t *d = js ? json_loads(js, 0, NULL) : NULL;
	int rc = fz_mediate_act(db, cal, &staff, id, tr, on, d, NULL, err);
	json_decref(d);
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

static void test_mediate__types_and_towns(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	FILE *f = fopen("data/population/keqiao_towns.csv", "r");
	char line[256];
	int n = 0;
	must(fz_case_type_check(&fz_mediate_dispute, &err), &err);
	must(fz_case_type_check(&fz_mediate_labor, &err), &err);
	/* the compiled table is the data file, row for row */
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f)); /* header */
	while (fgets(line, sizeof(line), f)) {
		char want[256];
		const struct fz_mediate_town *t = &fz_mediate_towns[n++];
		assert_non_null(t->code);
		snprintf(want, sizeof(want), "%s,%s,%lld,%s\n", t->code, t->name,
			 (long long)t->residents, t->confidence);
		assert_string_equal(line, want);
	}
	fclose(f);
	assert_int_equal(n, 16);
	assert_null(fz_mediate_towns[16].code);
}

static void test_mediate__periods_per_track(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t got, id;

	/* 人民调解: one month from the assignment on 2024-01-10 is 2/10, in
	 * 春节 (2/10-17): moved to Sun 2/18, a 调休 workday */
	id = open_on("people", org_people, D(2024, 1, 9), NULL);
	must(fz_mediate_assign(db, cal, &staff, id, 0, D(2024, 1, 10), &got, &err), &err);
	assert_int_equal(got, m1);
	assert_string_equal(due(id, "mediate"), "2024-02-18");
	/* the next one goes to the mediator with fewer open cases */
	id = open_on("people", org_people, D(2024, 1, 9), NULL);
	must(fz_mediate_assign(db, cal, &staff, id, 0, D(2024, 1, 10), &got, &err), &err);
	assert_int_equal(got, m2);
	/* a mediator of another organisation is refused */
	assert_int_equal(fz_mediate_assign(db, cal, &staff, id, 3, D(2024, 1, 10),
					   &got, &err), FZ_EINVAL);

	/* 诉前调解: 30 days from Fri 2024-09-06 is Sun 10/6, in 国庆: 10/8 */
	id = open_on("court", org_court, D(2024, 9, 5), NULL);
	must(fz_mediate_assign(db, cal, &staff, id, 0, D(2024, 9, 6), &got, &err), &err);
	assert_string_equal(due(id, "mediate_court"), "2024-10-08");
	/* agreement; 司法确认 within 30 days: 10/1 + 30 = 10/31 */
	must(act(id, "agree", D(2024, 10, 1), "{\"协议内容\": \"分期付款\","
		 " \"协议金额\": 450000}", &err), &err);
	assert_string_equal(due(id, "confirm_apply"), "2024-10-31");
	assert_int_equal(count("SELECT agreed_cents FROM mediate_disputes WHERE"
			       " outcome = 'success' AND mediated_on = '2024-10-01'"),
			 450000);

	/* fast track: 3 days from 2024-09-13, never moved: 9/16 (中秋) */
	id = open_on("injury", org_people, D(2024, 9, 13), NULL);
	assert_string_equal(due(id, "fast_track"), "2024-09-16");
	{
		enum fz_case_light l;
		must(fz_case_light(db, id, D(2024, 9, 17), &l, &err), &err);
		assert_int_equal(l, FZ_CASE_LIGHT_OVERDUE);
		must(fz_case_light(db, id, D(2024, 9, 15), &l, &err), &err);
		assert_int_equal(l, FZ_CASE_LIGHT_RED);
	}
}

static void test_mediate__labor_one_history_through_three_stages(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char sql[160];
	int64_t id = open_on("labor", org_labor, D(2024, 9, 20), NULL);

	/* 调解 15 days from 9/20 is Sat 10/5 in 国庆: 10/8 */
	assert_string_equal(due(id, "mediation"), "2024-10-08");
	must(act(id, "to_inspection", D(2024, 9, 30), "{\"转办理由\": \"拖欠工资\"}",
		 &err), &err);
	/* mediation failed as far as the figures go */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM mediate_disputes WHERE"
		 " case_id = %lld AND outcome = 'failed'", (long long)id);
	assert_int_equal(count(sql), 1);
	/* 监察 60 工作日 from Mon 9/30: 10/8-11, Sat 10/12 (调休), ... 12/27 */
	assert_string_equal(due(id, "inspection"), "2024-12-27");
	must(act(id, "to_arbitration", D(2024, 12, 30), "{\"仲裁请求\": \"支付工资\"}",
		 &err), &err);
	/* 受理 5 days from 12/30 is Sat 2025-01-04: Mon 1/6 */
	assert_string_equal(due(id, "arb_accept"), "2025-01-06");
	must(act(id, "accept_arb", D(2025, 1, 6), "{\"仲裁程序\": \"普通\"}", &err), &err);
	/* 裁决 45 days: 2/20 */
	assert_string_equal(due(id, "award"), "2025-02-20");
	must(act(id, "award", D(2025, 2, 10), "{\"裁决结果\": \"支付工资\","
		 " \"终局裁决\": false}", &err), &err);
	/* one case, one timeline across the three stages */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_events WHERE"
		 " case_id = %lld", (long long)id);
	assert_int_equal(count(sql), 5);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM cases WHERE id = %lld"
		 " AND state = 'awarded' AND closed_on IS NULL", (long long)id);
	assert_int_equal(count(sql), 1);
}

/* 劳动争议调解仲裁法 Art. 47: "追索劳动报酬、工伤医疗费、经济补偿或者赔偿金，
 * 不超过当地月最低工资标准十二个月金额的争议" - 终局裁决; Art. 48: the worker
 * "可以自收到仲裁裁决书之日起十五日内向人民法院提起诉讼"; Art. 49: the
 * employer "可以自收到仲裁裁决书之日起三十日内…申请撤销裁决"; Art. 50: on a
 * non-final award either side sues within 15 days, "期满不起诉的，裁决书发生
 * 法律效力"; 浙江条例 Art. 37(4): mixed items make the award non-final.
 * 2025 minimum wage (first tier) 2490 元: twelve months are 29880 元.
 * Final: 劳动报酬 20000 元 and 经济补偿 25000 元, each under 29880.  The worker
 * receives it Mon 4/14: 15 days end Tue 4/29; the employer Tue 4/15: 30
 * days end Thu 5/15; in force may be recorded from 5/16, not on 5/15.
 * Non-final: 劳动报酬 30000 元 > 29880.  Received Tue 9/16: 15 days end
 * 10/1, 国庆 (10/1-8): moved to Thu 10/9 (民事诉讼法 Art. 85(3)); the
 * employer's (received 9/17, 10/2) too. */
static void test_mediate__final_award_and_challenge_periods(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_mediate_award a;
	json_t *items = json_pack("[{s:s,s:I},{s:s,s:I}]", "类别", "劳动报酬", "金额",
				  (json_int_t)2000000, "类别", "经济补偿", "金额",
				  (json_int_t)2500000);
	int64_t id;
	char sql[200];

	must(fz_mediate_award_kind(items, D(2025, 4, 10), 0, &a, &err), &err);
	assert_true(a.final);
	assert_int_equal(a.min_wage, 249000);
	json_array_append_new(items, json_pack("{s:s}", "类别", "确认劳动关系"));
	must(fz_mediate_award_kind(items, D(2025, 4, 10), 0, &a, &err), &err);
	assert_false(a.final);
	assert_non_null(strstr(a.reason, "第三十七条第四款"));
	json_decref(items);

	id = open_on("labor", org_labor, D(2025, 2, 3), NULL);
	must(act(id, "to_arbitration", D(2025, 2, 18), "{\"仲裁请求\": \"支付工资\"}", &err), &err);
	must(act(id, "accept_arb", D(2025, 2, 20), "{\"仲裁程序\": \"普通\"}", &err), &err);
	/* a 终局裁决 the items contradict is refused */
	assert_int_equal(act(id, "award", D(2025, 4, 10), "{\"裁决结果\": \"支付\","
			     " \"终局裁决\": false, \"裁决事项\": [{\"类别\": \"劳动报酬\","
			     " \"金额\": 2000000}]}", &err), FZ_EINVAL);
	must(act(id, "award", D(2025, 4, 10), "{\"裁决结果\": \"支付\", \"裁决事项\":"
		 " [{\"类别\": \"劳动报酬\", \"金额\": 2000000}, {\"类别\": \"经济补偿\","
		 " \"金额\": 2500000}]}", &err), &err);
	must(act(id, "served_worker", D(2025, 4, 14), NULL, &err), &err);
	assert_int_equal(act(id, "served_worker", D(2025, 4, 14), NULL, &err), FZ_ESTATE);
	must(act(id, "served_employer", D(2025, 4, 15), NULL, &err), &err);
	assert_string_equal(due(id, "sue_final"), "2025-04-29");
	assert_string_equal(due(id, "set_aside"), "2025-05-15");
	assert_string_equal(due(id, "sue_worker"), "");
	assert_int_equal(act(id, "effective", D(2025, 5, 15), NULL, &err), FZ_ESTATE);
	must(act(id, "effective", D(2025, 5, 16), NULL, &err), &err);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM cases WHERE id = %lld"
		 " AND state = 'effective' AND closed_on = '2025-05-16'", (long long)id);
	assert_int_equal(count(sql), 1);

	id = open_on("labor", org_labor, D(2025, 7, 1), NULL);
	must(act(id, "to_arbitration", D(2025, 7, 16), "{\"仲裁请求\": \"支付工资\"}", &err), &err);
	must(act(id, "accept_arb", D(2025, 7, 18), "{\"仲裁程序\": \"普通\"}", &err), &err);
	must(act(id, "award", D(2025, 9, 1), "{\"裁决结果\": \"支付\", \"裁决事项\":"
		 " [{\"类别\": \"劳动报酬\", \"金额\": 3000000}]}", &err), &err);
	must(act(id, "served_worker", D(2025, 9, 16), NULL, &err), &err);
	must(act(id, "served_employer", D(2025, 9, 17), NULL, &err), &err);
	assert_string_equal(due(id, "sue_worker"), "2025-10-09");
	assert_string_equal(due(id, "sue_employer"), "2025-10-09");
	/* the employer sues in time: the award does not take effect */
	must(act(id, "challenge", D(2025, 9, 30), "{\"提起方\": \"用人单位\","
		 " \"受理法院\": \"绍兴市柯桥区人民法院\"}", &err), &err);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_deadlines WHERE"
		 " case_id = %lld AND status = 'met'", (long long)id);
	assert_int_equal(count(sql), 5 /* mediation, arb_accept, award and
					     the two challenge periods */);
}

static const char *const GENERIC =
	"{\"协议内容\":\"x\",\"后续途径\":\"诉讼\",\"确认法院\":\"区法院\","
	"\"确认结果\":\"有效\",\"转办理由\":\"x\",\"仲裁请求\":\"x\","
	"\"处理结果\":\"x\",\"仲裁程序\":\"普通\",\"不予受理理由\":\"x\","
	"\"裁决结果\":\"x\",\"终局裁决\":false,\"提起方\":\"劳动者\","
	"\"受理法院\":\"x\"}";

static void forbidden(const struct fz_case_type *t, const char *track,
		      int64_t org, const char *const *path, const char *state_key,
		      int *tried)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_on(track, org, D(2025, 3, 3), NULL), got;
	char sql[128];
	int64_t ev;
	const struct fz_case_state *s;

	for (int i = 0; path[i]; i++) {
		if (!strcmp(path[i], "assign"))
			must(fz_mediate_assign(db, cal, &staff, id, 0, D(2025, 3, 4),
					       &got, &err), &err);
		else
			must(act(id, path[i], D(2025, 3, 4), GENERIC, &err), &err);
	}
	s = fz_case_state_find(t, state_key);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_events WHERE"
		 " case_id = %lld", (long long)id);
	ev = count(sql);
	for (const struct fz_case_transition *tr = t->transitions; tr->key; tr++) {
		int ok = 0, rc;
		for (const struct fz_case_transition *o = t->transitions; o->key; o++)
			ok |= !strcmp(o->key, tr->key) && (!strcmp(o->from, state_key) ||
			      (!strcmp(o->from, "*") && !(s->flags & FZ_CASE_FINAL)));
		if (ok || !strcmp(tr->key, "assign"))
			continue;
		rc = act(id, tr->key, D(2025, 3, 4), GENERIC, &err);
		if (rc != FZ_ESTATE)
			fail_msg("%s from %s: %d %s", tr->key, state_key, rc, err.msg);
		(*tried)++;
	}
	assert_int_equal(count(sql), ev);
}

static void test_mediate__every_forbidden_transition_changes_nothing(void **state)
{
#define P(...) ((const char *const[]){ __VA_ARGS__ })
	int tried = 0;
	forbidden(&fz_mediate_dispute, "people", org_people, P(NULL), "received", &tried);
	forbidden(&fz_mediate_dispute, "people", org_people, P("assign", NULL), "mediating", &tried);
	forbidden(&fz_mediate_dispute, "people", org_people, P("assign", "agree", NULL), "agreed", &tried);
	forbidden(&fz_mediate_dispute, "people", org_people,
		  P("assign", "agree", "apply_confirm", NULL), "confirming", &tried);
	forbidden(&fz_mediate_dispute, "people", org_people,
		  P("assign", "agree", "close", NULL), "closed", &tried);
	forbidden(&fz_mediate_dispute, "people", org_people, P("assign", "fail", NULL), "failed", &tried);
	forbidden(&fz_mediate_dispute, "people", org_people, P("withdraw", NULL), "withdrawn", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor, P(NULL), "mediation", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor, P("to_inspection", NULL), "inspection", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor, P("to_arbitration", NULL), "arbitration", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor,
		  P("to_arbitration", "accept_arb", NULL), "arbitrating", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor, P("settle", NULL), "settled", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor,
		  P("to_inspection", "resolve", NULL), "resolved", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor,
		  P("to_arbitration", "accept_arb", "award", NULL), "awarded", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor,
		  P("to_arbitration", "refuse_arb", NULL), "refused", &tried);
	forbidden(&fz_mediate_labor, "labor", org_labor, P("withdraw", NULL), "withdrawn", &tried);
	assert_true(tried > 80);
#undef P
}

static void test_mediate__tracking_with_a_wrong_phone(void **state)
{
	struct fz_err err = FZ_ERR_INIT, err2 = FZ_ERR_INIT;
	char num[FZ_CASE_NUMBER_LEN];
	json_t *o = NULL;
	open_on("people", org_people, D(2025, 6, 3), num);
	must(fz_mediate_track(db, keys, num, "13700001111", &o, &err), &err);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "已登记");
	assert_int_equal(json_object_size(o), 5);
	json_decref(o);
	assert_int_equal(fz_mediate_track(db, keys, num, "13700001112", &o, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(fz_mediate_track(db, keys, "柯调〔2099〕9号", "13700001111",
					  &o, &err2), FZ_ENOTFOUND);
	assert_string_equal(err.msg, err2.msg);
	/* bad input is refused before anything is stored */
	{
		struct fz_mediate_new n = {
			"people", "online", 0, "不存在镇", org_people, "王五", "某公司",
			"13700001111", "x", 0, NULL, { 0, 0, 0 }
		};
		int64_t id;
		int64_t before = count("SELECT COUNT(*) FROM cases");
		assert_int_equal(fz_mediate_open(db, cal, keys, &staff, &n, &id, num,
						 &err), FZ_EINVAL);
		assert_string_equal(err.field, "town");
		n.town = "柯桥街道";
		n.track = "boxing";
		assert_int_equal(fz_mediate_open(db, cal, keys, &staff, &n, &id, num,
						 &err), FZ_EINVAL);
		assert_int_equal(count("SELECT COUNT(*) FROM cases"), before);
	}
}

/* The rows one case left (sql: one text per row for case ?), every
 * column but ids, numbers, timestamps and the sealed phone (SM4 with a
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

static const char *const dispute_rows[] = {
	"SELECT track || '|' || channel || '|' || quote(station_id) || '|' ||"
	" town_code || '|' || org_id || '|' || quote(mediator_id) || '|' ||"
	" applicant || '|' || respondent || '|' || phone_masked || '|' ||"
	" phone_idx || '|' || summary || '|' || amount_cents || '|' ||"
	" court_ref || '|' || received_on || '|' || outcome || '|' ||"
	" agreed_cents || '|' || quote(mediated_on) || '|' || quote(days)"
	" FROM mediate_disputes WHERE case_id = ?",
	"SELECT type || '|' || state || '|' || facts || '|' || unit_path || '|' ||"
	" opened_on || '|' || quote(closed_on) || '|' || last_on FROM cases"
	" WHERE id = ?",
	"SELECT key || '|' || status || '|' || start_on || '|' || quote(due) ||"
	" '|' || ext || '|' || paused FROM case_deadlines WHERE case_id = ?"
	" ORDER BY key",
	NULL
};

/* The importer relies on the types' hooks: an imported dispute leaves the
 * rows of the same dispute registered and stepped live (the mediator, the
 * outcome, its date, the agreed amount, the days; for labour only the
 * step that leaves 调解 counts). */
static void test_mediate__import_equals_live(void **state)
{
	static const struct fz_case_actor sys = { 0, "import", 0, "", 0, "", 1 };
	struct fz_err err = FZ_ERR_INIT;
	json_t *as = json_pack("{s:s}", "调解员", "调解员甲");
	json_t *ag = json_pack("{s:s,s:I}", "协议内容", "分期支付",
			       "协议金额", (json_int_t)400000);
	json_t *l1 = json_pack("{s:s}", "仲裁请求", "支付工资");
	json_t *l2 = json_pack("{s:s}", "仲裁程序", "普通");
	json_t *l3 = json_pack("{s:s,s:b}", "裁决结果", "支付工资", "终局裁决", 0);
	struct fz_case_step people[] = {
		{ "assign", D(2025, 3, 4), as, NULL, NULL },
		{ "agree", D(2025, 3, 20), ag, NULL, NULL },
		{ "close", D(2025, 3, 21), NULL, NULL, NULL },
	};
	struct fz_case_step labor[] = {
		{ "to_arbitration", D(2025, 3, 10), l1, NULL, NULL },
		{ "accept_arb", D(2025, 3, 14), l2, NULL, NULL },
		{ "award", D(2025, 4, 20), l3, NULL, NULL },
	};
	const struct {
		const char *track;
		int64_t org, mediator;
		const struct fz_case_step *s;
		size_t n;
	} cases[] = {
		{ "people", org_people, m1, people, 3 },
		{ "labor", org_labor, 0, labor, 3 },
	};
	char number[FZ_CASE_NUMBER_LEN];

	for (size_t c = 0; c < 2; c++) {
		struct fz_mediate_new n = {
			cases[c].track, "station", station, "柯桥街道", cases[c].org,
			"赵六", "某印染公司", "13700002222", "拖欠货款", 500000,
			NULL, D(2025, 3, 3)
		};
		int64_t live = 0, imp = 0, got = 0;
		must(fz_mediate_open(db, cal, keys, &staff, &n, &live, number, &err),
		     &err);
		for (size_t i = 0; i < cases[c].n; i++) {
			const struct fz_case_step *s = &cases[c].s[i];
			if (!strcmp(s->transition, "assign"))
				must(fz_mediate_assign(db, cal, &staff, live,
						       cases[c].mediator, s->on, &got,
						       &err), &err);
			else
				must(fz_mediate_act(db, cal, &staff, live, s->transition,
						    s->on, (json_t *)s->data, NULL,
						    &err), &err);
		}
		must(fz_store_begin(db, &err), &err);
		must(fz_mediate_import(db, cal, keys, &sys, &n, cases[c].mediator,
				       cases[c].s, cases[c].n, &imp, number, &err),
		     &err);
		must(fz_store_commit(db, &err), &err);
		for (int q = 0; dispute_rows[q]; q++) {
			char *x = rows_of(dispute_rows[q], live);
			char *y = rows_of(dispute_rows[q], imp);
			assert_string_not_equal(x, "");
			assert_string_equal(x, y);
			free(x);
			free(y);
		}
	}
	assert_int_equal(count("SELECT COUNT(*) FROM mediate_disputes WHERE"
			       " outcome = 'success' AND agreed_cents = 400000 AND"
			       " mediated_on = '2025-03-20' AND days = 17"), 2);
	assert_int_equal(count("SELECT COUNT(*) FROM mediate_disputes WHERE"
			       " track = 'labor' AND outcome = 'failed' AND"
			       " mediated_on = '2025-03-10' AND days = 7"), 2);
	json_decref(as);
	json_decref(ag);
	json_decref(l1);
	json_decref(l2);
	json_decref(l3);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mediate__types_and_towns),
		cmocka_unit_test(test_mediate__periods_per_track),
		cmocka_unit_test(test_mediate__labor_one_history_through_three_stages),
		cmocka_unit_test(test_mediate__every_forbidden_transition_changes_nothing),
		cmocka_unit_test(test_mediate__tracking_with_a_wrong_phone),
		cmocka_unit_test(test_mediate__import_equals_live),
		cmocka_unit_test(test_mediate__final_award_and_challenge_periods),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
