/* test_case.c - engine/case with two realistic case types written here as
 * the domains would write them: a simplified 行政处罚 flow (行政处罚法 2021)
 * wired to engine/rules for the 两法衔接 warning, and a 行政复议 flow
 * (行政复议法 2023) with 简易/普通 procedures, 中止 and extension.  Proves the
 * engine serves both without change: numbers, forbidden transitions that
 * change nothing, deadlines across holidays and 调休, pauses, extensions,
 * lights, blockers, lists, and the audit chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/embed.h"
#include "engine/audit.h"
#include "engine/case/case.h"
#include "engine/rules/rules.h"
#include "http/route.h"
#include "store/store.h"

static char dir[64];
static struct fz_cal *cal;
static struct fz_rules *rules;

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define D(y, m, d) ((struct fz_date){ (y), (m), (d) })

/* ---------- example 1: 行政处罚 (simplified) ---------- */

static const struct fz_case_state penalty_states[] = {
	{ "filed", "已立案", 0 },
	{ "investigating", "调查取证", 0 },
	{ "notified", "已告知", 0 },
	{ "hearing", "听证", 0 },
	{ "suspended", "中止", 0 },
	{ "decided", "已决定", 0 },
	{ "served", "已送达", 0 },
	{ "closed", "已结案", FZ_CASE_FINAL },
	{ "transferred", "已移送", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

#define OFF FZ_ROLE_OFFICER
#define TRANSFER_FLAG "两法衔接预警"

static const struct fz_case_transition penalty_transitions[] = {
	{ "investigate", "调查取证", "filed", "investigating", OFF, NULL, NULL, NULL },
	{ "notify", "告知陈述申辩听证权利", "investigating", "notified", OFF,
	  L("拟处罚内容"), NULL, NULL },
	{ "request_hearing", "申请听证", "notified", "hearing", OFF, NULL, NULL, NULL },
	{ "hearing_done", "听证结束", "hearing", "notified", OFF, NULL, NULL, NULL },
	{ "suspend", "中止调查", "investigating", "suspended", OFF, L("中止理由"), NULL, NULL },
	{ "resume", "恢复调查", "suspended", "investigating", OFF, NULL, NULL, NULL },
	{ "decide", "作出处罚决定", "notified", "decided", OFF, L("罚款金额"), NULL, NULL },
	{ "serve", "送达决定书", "decided", "served", OFF, NULL, NULL, NULL },
	/* 以罚代刑 is barred: 行政执法机关移送涉嫌犯罪案件的规定 Art. 11 */
	{ "close", "结案", "served", "closed", OFF, NULL, L(TRANSFER_FLAG), NULL },
	{ "transfer", "移送公安机关", "*", "transferred", OFF, L("移送文书号"), NULL,
	  L(TRANSFER_FLAG) },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static const struct fz_case_deadline penalty_deadlines[] = {
	/* 行政处罚法 2021 Art. 60: 90 days from 立案 (natural days, Art. 85);
	 * sector rule: +30 with the head's approval; hearing and suspension
	 * time excluded (deadlines.md §2, S) */
	{ "decide", "作出处罚决定期限", "行政处罚法 Art. 60", L("create"), 90,
	  FZ_CASE_DAYS, L("hearing", "suspended"), L("decide"), 30,
	  FZ_ROLE_OFFICE | OFF, NULL },
	/* Art. 64(1), Art. 85: request a hearing within 5 工作日 of the notice */
	{ "hearing_request", "申请听证期限", "行政处罚法 Art. 64(1), Art. 85",
	  L("notify"), 5, FZ_CASE_WORKDAYS, NULL, L("request_hearing", "decide"),
	  0, 0, NULL },
	/* Art. 67(3): pay within 15 days of receiving the decision */
	{ "pay", "缴纳罚款期限", "行政处罚法 Art. 67(3)", L("serve"), 15,
	  FZ_CASE_DAYS, NULL, L("close"), 0, 0, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

/* The facts hook: engine/rules over the facts, a flag per fired rule. */
static int penalty_facts(struct fz_store *db, const struct fz_case_type *type,
			 int64_t case_id, const json_t *facts,
			 struct fz_err *err)
{
	struct fz_rules_row *row;
	size_t fired[16], n;
	struct fz_date none = { 0, 0, 0 };
	int rc;

	if (json_is_true(json_object_get(facts, "test_fail")))
		return fz_err_set(err, FZ_EINVAL, "test_fail", "测试：拒绝");
	row = fz_rules_row_new(rules);
	rc = fz_rules_row_from_json(row, facts, err);
	if (!rc)
		rc = fz_rules_eval(rules, row, none, fired, 16, &n, err);
	for (size_t i = 0; !rc && i < n && i < 16; i++) {
		const struct fz_rule_info *r = fz_rules_info(rules, fired[i]);
		char src[96];
		snprintf(src, sizeof(src), "rules:%s", r->id);
		rc = fz_case_flag_raise(db, case_id, TRANSFER_FLAG, r->id,
					r->message, src, NULL, err);
	}
	fz_rules_row_free(row);
	return rc;
}

static const struct fz_case_type penalty = {
	"test.penalty", "行政处罚案件", "{prefix}〔{year}〕{seq}号",
	penalty_states, penalty_transitions, penalty_deadlines,
	OFF, OFF, FZ_ROLE_OFFICE | OFF, penalty_facts, NULL
};

/* ---------- example 2: 行政复议 ---------- */

static const struct fz_case_state review_states[] = {
	{ "received", "已收到申请", 0 },
	{ "accepted", "已受理", 0 },
	{ "suspended", "中止", 0 },
	{ "decided", "已决定", FZ_CASE_FINAL },
	{ "rejected", "不予受理", FZ_CASE_FINAL },
	{ "withdrawn", "已撤回", FZ_CASE_FINAL },
	{ NULL, NULL, 0 }
};

#define JUS FZ_ROLE_JUSTICE

static const struct fz_case_transition review_transitions[] = {
	{ "accept", "受理", "received", "accepted", JUS, L("程序"), NULL, NULL },
	{ "reject", "不予受理", "received", "rejected", JUS, L("不予受理理由"), NULL, NULL },
	/* 行政复议法 Art. 39(1) */
	{ "suspend", "中止审理", "accepted", "suspended", JUS, L("中止理由"), NULL, NULL },
	{ "resume", "恢复审理", "suspended", "accepted", JUS, NULL, NULL, NULL },
	/* Art. 55: 简易程序 converted to 普通程序 with approval */
	{ "convert", "转为普通程序", "accepted", "accepted", JUS, L("转换批准人"), NULL, NULL },
	{ "decide", "作出复议决定", "accepted", "decided", JUS, L("决定类型"), NULL, NULL },
	/* Art. 41(1), Art. 74 */
	{ "withdraw", "撤回申请", "*", "withdrawn", JUS, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static int simple(const json_t *facts)
{
	const char *p = json_string_value(json_object_get(facts, "程序"));
	return p && !strcmp(p, "简易");
}

static int ordinary(const json_t *facts)
{
	return !simple(facts);
}

static const struct fz_case_deadline review_deadlines[] = {
	/* Art. 30: 受理审查 5 工作日 (Art. 88(2)) */
	{ "accept", "受理审查期限", "行政复议法 Art. 30, Art. 88(2)", L("create"), 5,
	  FZ_CASE_WORKDAYS, NULL, L("accept", "reject"), 0, 0, NULL },
	/* Art. 62(1): 60 days, extension ≤ 30 with the head's approval */
	{ "decide", "复议决定期限（普通程序）", "行政复议法 Art. 62(1)", L("accept"), 60,
	  FZ_CASE_DAYS, L("suspended"), L("decide"), 30, JUS, ordinary },
	/* Art. 62(2): 30 days, no extension */
	{ "decide_simple", "复议决定期限（简易程序）", "行政复议法 Art. 62(2)", L("accept"),
	  30, FZ_CASE_DAYS, L("suspended"), L("decide"), 0, JUS, simple },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, NULL }
};

static const struct fz_case_type review = {
	"test.review", "行政复议案件", "{prefix}〔{year}〕{seq}号",
	review_states, review_transitions, review_deadlines,
	JUS, JUS, JUS, NULL, NULL
};

/* ---------- example 3: 行政复议 again, with per-transition hooks ----------
 *
 * The hooks log what they see into hook_log (a table of "the domain"),
 * and do what the step's arg (struct hook_ctl) tells them: refuse, fail,
 * write before refusing - so the tests can prove what is rolled back. */

struct hook_ctl {
	int refuse_before;    /* every before hook refuses */
	int fail_after;       /* every after hook fails after its write */
	int write_in_prepare; /* prepare writes a row (a refusal must undo it) */
};

static int hook_log(const struct fz_case_hook_ctx *h, const char *phase,
		    struct fz_err *err)
{
	char on[FZ_DATE_STRLEN];
	return fz_store_run(h->db, err,
		"INSERT INTO hook_log (case_id, phase, tr, from_state, to_state,"
		" on_date, number, imported) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		"Itttttti", h->case_id, phase, h->transition, h->from,
		h->to ? h->to : "", fz_date_format(h->on, on), h->number,
		h->imported);
}

static int any_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const struct hook_ctl *c = h->arg;
	return c && c->write_in_prepare ? hook_log(h, "prepare", err) : 0;
}

static int any_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const struct hook_ctl *c = h->arg;
	if (c && c->refuse_before)
		return fz_err_set(err, FZ_EINVAL, "决定类型", "测试：钩子拒绝「%s」",
				  h->transition);
	return 0;
}

static int any_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	const struct hook_ctl *c = h->arg;
	int rc = hook_log(h, "after", err);
	if (!rc && c && c->fail_after)
		return fz_err_set(err, FZ_EIO, NULL, "测试：记录失败");
	return rc;
}

/* accept: the procedure defaults to 普通 (the required-facts check and
 * the timeline must see it); 简易 needs the facts to say so. */
static int accept_prepare(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	if (!json_object_get(h->data, "程序"))
		json_object_set_new(h->data, "程序", json_string("普通"));
	return 0;
}

static int accept_before(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	if (simple(h->facts) && !json_is_true(json_object_get(h->facts, "事实清楚")))
		return fz_err_set(err, FZ_EINVAL, "程序", "不符合简易程序的条件");
	return 0;
}

static const struct fz_case_hook review_hooks[] = {
	{ "*", any_prepare, any_before, any_after },
	{ "accept", accept_prepare, accept_before, NULL },
	{ NULL, NULL, NULL, NULL }
};

static const struct fz_case_type hooked = {
	"test.hooked", "行政复议案件（钩子）", "{prefix}〔{year}〕{seq}号",
	review_states, review_transitions, review_deadlines,
	JUS, JUS, JUS, NULL, NULL, review_hooks
};

/* ---------- fixtures ---------- */

static const struct fz_case_actor officer = {
	11, "officer1", FZ_ROLE_OFFICER, "/1/4/", 4, "127.0.0.1", 0
};
static const struct fz_case_actor other_unit = {
	12, "officer2", FZ_ROLE_OFFICER, "/1/5/", 5, "127.0.0.1", 0
};
static const struct fz_case_actor procurator = {
	13, "jcy", FZ_ROLE_PROCURATOR, "/", 6, "127.0.0.1", 0
};
static const struct fz_case_actor office = {
	14, "fzb", FZ_ROLE_OFFICE, "/", 1, "127.0.0.1", 0
};
static const struct fz_case_actor justice = {
	15, "fuyi", FZ_ROLE_JUSTICE, "/1/", 2, "127.0.0.1", 0
};

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_case_migrations, NULL
};

static struct fz_store *fresh(void)
{
	struct fz_store *s;
	struct fz_err err = FZ_ERR_INIT;
	char path[128];
	static int n;
	snprintf(path, sizeof(path), "%s/c%d.db", dir, n++);
	assert_int_equal(fz_store_open(&s, path, FZ_STORE_CREATE, &err), 0);
	assert_int_equal(fz_store_migrate(s, sets, &err), 0);
	return s;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
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

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char *text = slurp("data/rules/transfer.rules");
	snprintf(dir, sizeof(dir), "/tmp/fz-test-case-XXXXXX");
	if (!mkdtemp(dir) || !text)
		return -1;
	if (fz_cal_load(&cal, &err) ||
	    fz_rules_compile(&rules, "transfer.rules", text, NULL, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

static int teardown(void **state)
{
	char cmd[100];
	fz_cal_free(cal);
	fz_rules_free(rules);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static int64_t open_penalty(struct fz_store *db, struct fz_date on,
			    const char *facts_json, char *number)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *facts = facts_json ? json_loads(facts_json, 0, NULL) : NULL;
	struct fz_case_new nc = { 4, "/1/4/", "某商行销售伪劣产品案", "柯综执罚",
				  on, facts, NULL };
	int64_t id = 0;
	if (fz_case_create(db, cal, &penalty, &officer, &nc, &id, number, &err))
		fail_msg("create: %s", err.msg);
	json_decref(facts);
	return id;
}

static int act(struct fz_store *db, const struct fz_case_type *type,
	       const struct fz_case_actor *a, int64_t id, const char *tr,
	       struct fz_date on, const char *data_json, struct fz_err *err)
{
	json_t *data = data_json ? json_loads(data_json, 0, NULL) : NULL;
	struct fz_case_act ac = { tr, on, data, NULL };
	int rc = fz_case_apply(db, cal, type, a, id, &ac, err);
	json_decref(data);
	return rc;
}

static void must(int rc, const struct fz_err *err)
{
	if (rc)
		fail_msg("rc %d: %s", rc, err->msg);
}

static int64_t count(struct fz_store *db, const char *sql)
{
	int64_t n = -1;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_store_int(db, &n, &err, sql, ""), 1);
	return n;
}

static const char *state_of(struct fz_store *db, int64_t id)
{
	static char s[64];
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_store_query(db, &st, &err,
			 "SELECT state FROM cases WHERE id = ?", "I", id), 0);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	snprintf(s, sizeof(s), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return s;
}

static const char *due_of(struct fz_store *db, int64_t id, const char *key)
{
	static char s[16];
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	s[0] = '\0';
	assert_int_equal(fz_store_query(db, &st, &err,
			 "SELECT COALESCE(due, status) FROM case_deadlines"
			 " WHERE case_id = ? AND key = ?", "It", id, key), 0);
	if (fz_stmt_step(st, &err) == 1)
		snprintf(s, sizeof(s), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return s;
}

/* ---------- tests ---------- */

static void test_case__example_types_are_well_formed(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	static const struct fz_case_transition bad_tr[] = {
		{ "go", "去", "filed", "nowhere", OFF, NULL, NULL, NULL },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }
	};
	struct fz_case_type bad = penalty;
	must(fz_case_type_check(&penalty, &err), &err);
	must(fz_case_type_check(&review, &err), &err);
	bad.transitions = bad_tr;
	assert_int_equal(fz_case_type_check(&bad, &err), FZ_EINTERNAL);
	assert_non_null(strstr(err.msg, "nowhere"));
}

static void test_case__numbers_per_prefix_and_year_never_reused(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	char n1[FZ_CASE_NUMBER_LEN], n2[FZ_CASE_NUMBER_LEN], n3[FZ_CASE_NUMBER_LEN];
	json_t *bad = json_pack("{s:b}", "test_fail", 1);
	struct fz_case_new nc = { 4, "/1/4/", "失败的立案", "柯综执罚", D(2024, 3, 1),
				  bad, NULL };
	int64_t id;

	open_penalty(db, D(2024, 3, 1), NULL, n1);
	assert_string_equal(n1, "柯综执罚〔2024〕1号");
	open_penalty(db, D(2024, 3, 2), NULL, n2);
	assert_string_equal(n2, "柯综执罚〔2024〕2号");
	/* a creation refused by the facts hook rolls back with its number */
	assert_int_equal(fz_case_create(db, cal, &penalty, &officer, &nc, &id,
					n3, &err), FZ_EINVAL);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases"), 2);
	open_penalty(db, D(2024, 3, 3), NULL, n3);
	assert_string_equal(n3, "柯综执罚〔2024〕3号");
	/* another year starts again; numbers stay unique in the table */
	open_penalty(db, D(2025, 1, 2), NULL, n3);
	assert_string_equal(n3, "柯综执罚〔2025〕1号");
	assert_int_equal(fz_store_run(db, &err,
		"UPDATE cases SET number = '柯综执罚〔2024〕1号' WHERE number = ?",
		"t", "柯综执罚〔2024〕2号"), FZ_ECONFLICT);
	json_decref(bad);
	fz_store_close(db);
}

static void test_case__forbidden_transitions_change_nothing(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_penalty(db, D(2024, 3, 1), NULL, NULL);
	int64_t ev = count(db, "SELECT COUNT(*) FROM case_events");
	int64_t au = count(db, "SELECT COUNT(*) FROM audit_log");

	/* every transition that does not leave "filed" is refused there */
	for (const struct fz_case_transition *t = penalty_transitions; t->key; t++) {
		int rc;
		if (!strcmp(t->from, "filed") || !strcmp(t->from, "*"))
			continue;
		rc = act(db, &penalty, &officer, id, t->key, D(2024, 3, 2),
			 "{\"拟处罚内容\": \"x\", \"罚款金额\": 1}", &err);
		if (rc != FZ_ESTATE)
			fail_msg("%s from filed: %d %s", t->key, rc, err.msg);
		assert_non_null(strstr(err.msg, "已立案"));
	}
	/* wrong role */
	assert_int_equal(act(db, &penalty, &procurator, id, "investigate",
			     D(2024, 3, 2), NULL, &err), FZ_EFORBID);
	/* outside the actor's unit: as if it did not exist */
	assert_int_equal(act(db, &penalty, &other_unit, id, "investigate",
			     D(2024, 3, 2), NULL, &err), FZ_ENOTFOUND);
	/* unknown transition; a date before the last step; a future date */
	assert_int_equal(act(db, &penalty, &officer, id, "fly", D(2024, 3, 2),
			     NULL, &err), FZ_EINVAL);
	assert_int_equal(act(db, &penalty, &officer, id, "investigate",
			     D(2024, 2, 28), NULL, &err), FZ_EINVAL);
	assert_int_equal(act(db, &penalty, &officer, id, "investigate",
			     D(2099, 1, 1), NULL, &err), FZ_EINVAL);
	/* missing required fact */
	must(act(db, &penalty, &officer, id, "investigate", D(2024, 3, 2), NULL, &err), &err);
	assert_int_equal(act(db, &penalty, &officer, id, "notify", D(2024, 3, 5),
			     "{\"拟处罚内容\": \"\"}", &err), FZ_EINVAL);
	assert_string_equal(err.field, "拟处罚内容");
	assert_non_null(strstr(err.msg, "须先填写「拟处罚内容」"));
	assert_string_equal(state_of(db, id), "investigating");
	/* only the one good step was written */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM case_events"), ev + 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log"), au + 1);
	/* a final state lets nothing out */
	must(act(db, &penalty, &officer, id, "transfer", D(2024, 3, 6),
		 "{\"移送文书号\": \"柯综执移〔2024〕1号\"}", &err), &err);
	assert_int_equal(act(db, &penalty, &officer, id, "notify", D(2024, 3, 6),
			     "{\"拟处罚内容\": \"x\"}", &err), FZ_ESTATE);
	assert_non_null(strstr(err.msg, "已办结"));
	fz_store_close(db);
}

static void test_case__due_dates_across_holidays_and_make_up_days(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_date d;
	char s[FZ_DATE_STRLEN];
	/* 5 工作日 after Fri 2024-09-27: Sun 09-29 is a 国庆节调休 workday, 10-01..07
	 * holidays: 09-29, 09-30, 10-08, 10-09, 10-10 */
	must(fz_case_due(cal, D(2024, 9, 27), 5, FZ_CASE_WORKDAYS, 0, 0, &d, &err), &err);
	assert_string_equal(fz_date_format(d, s), "2024-10-10");
	/* 15 days after 2024-09-16 is 10-01 (国庆节): moved to 10-08
	 * (民事诉讼法 Art. 85(3)) */
	must(fz_case_due(cal, D(2024, 9, 16), 15, FZ_CASE_DAYS, 0, 0, &d, &err), &err);
	assert_string_equal(fz_date_format(d, s), "2024-10-08");
	must(fz_case_due(cal, D(2024, 9, 16), 15, FZ_CASE_DAYS_STRICT, 0, 0, &d, &err), &err);
	assert_string_equal(fz_date_format(d, s), "2024-10-01");
	/* 6 months from 2024-08-31: 2025-02-28 (民法典 Art. 202), a Friday */
	must(fz_case_due(cal, D(2024, 8, 31), 6, FZ_CASE_MONTHS, 0, 0, &d, &err), &err);
	assert_string_equal(fz_date_format(d, s), "2025-02-28");
	/* 2027 has no notice yet: counted provisionally (core/cal.h),
	 * 2026-12-20 + 30 = Tue 2027-01-19 */
	must(fz_case_due(cal, D(2026, 12, 20), 30, FZ_CASE_DAYS, 0, 0, &d, &err), &err);
	assert_string_equal(fz_date_format(d, s), "2027-01-19");
	assert_true(fz_cal_provisional(cal, d));
	/* past the provisional table: an error, never a guess */
	assert_int_equal(fz_case_due(cal, D(2036, 12, 20), 30, FZ_CASE_DAYS, 0, 0,
				     &d, &err), FZ_EINVAL);
}

/* A due date in a year with no notice is stored, marked provisional and
 * explained in the case JSON; once the year's notice is in the calendar,
 * fz_case_recompute gives the notice's date and clears the mark, and
 * leaves cases due before the year alone. */
static void test_case__provisional_due_recomputed_after_notice(void **state)
{
	static const struct fz_case_type *const types[] = { &penalty, NULL };
	struct fz_embedded files[16];
	struct fz_case_deadline_view v[8];
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	struct fz_cal *with2027;
	json_t *o, *dl;
	size_t n = 0, k;
	long recomputed = -1;
	int64_t old, id;

	for (const struct fz_embedded *f = fz_calendar_files; f->name; f++)
		files[n++] = *f;
	files[n++] = (struct fz_embedded){ "2027.txt",
		"2027-01-18 holiday 测试假日\n2027-01-19 holiday 测试假日\n" };
	files[n] = (struct fz_embedded){ NULL, NULL };
	old = open_penalty(db, D(2024, 9, 2), NULL, NULL);
	/* 90 days from 2026-10-21: Tue 2027-01-19 */
	id = open_penalty(db, D(2026, 10, 21), NULL, NULL);
	assert_string_equal(due_of(db, id, "decide"), "2027-01-19");
	/* what 加处罚款 reads (enforce perform hook): the provisional date */
	{
		struct fz_date due;
		json_t *facts = json_object();
		must(fz_case_deadline_due(db, cal, &penalty, id, "decide", facts,
					  &due, &err), &err);
		assert_int_equal(fz_date_cmp(due, D(2027, 1, 19)), 0);
		json_decref(facts);
	}
	must(fz_case_deadlines(db, &penalty, id, D(2026, 12, 7), v, 8, &k, &err), &err);
	assert_int_equal(k, 1);
	assert_int_equal(v[0].provisional, 1);
	assert_int_equal(v[0].light, FZ_CASE_LIGHT_GREEN);
	must(fz_case_get_json(db, &penalty, &officer, id, D(2026, 12, 7), &o, &err), &err);
	dl = json_array_get(json_object_get(o, "deadlines"), 0);
	assert_true(json_is_true(json_object_get(dl, "provisional")));
	assert_non_null(strstr(json_string_value(json_object_get(dl,
		"provisional_reason")), "2027年放假调休安排公布前"));
	json_decref(o);

	must(fz_cal_load_files(&with2027, files, &err), &err);
	must(fz_case_recompute(db, with2027, types, D(2027, 1, 1), &recomputed, &err), &err);
	assert_int_equal(recomputed, 1);
	/* 01-18 and 01-19 are the notice's holidays: Wed 2027-01-20 */
	assert_string_equal(due_of(db, id, "decide"), "2027-01-20");
	assert_string_equal(due_of(db, old, "decide"), "2024-12-02");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM case_deadlines"
			       " WHERE provisional = 1"), 0);
	fz_cal_free(with2027);
	fz_store_close(db);
}

static void test_case__penalty_deadlines_follow_the_timeline(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_penalty(db, D(2024, 9, 2), NULL, NULL);

	/* 90 days from 2024-09-02: 12-01 is a Sunday -> Mon 12-02 */
	assert_string_equal(due_of(db, id, "decide"), "2024-12-02");
	must(act(db, &penalty, &officer, id, "investigate", D(2024, 9, 3), NULL, &err), &err);
	must(act(db, &penalty, &officer, id, "notify", D(2024, 9, 27),
		 "{\"拟处罚内容\": \"罚款五千元\"}", &err), &err);
	assert_string_equal(due_of(db, id, "hearing_request"), "2024-10-10");
	/* 听证 from 10-10 to 10-20 pauses the decision clock 10 days */
	must(act(db, &penalty, &officer, id, "request_hearing", D(2024, 10, 10), NULL, &err), &err);
	assert_string_equal(due_of(db, id, "decide"), "paused");
	assert_string_equal(due_of(db, id, "hearing_request"), "2024-10-10");
	must(act(db, &penalty, &officer, id, "hearing_done", D(2024, 10, 20), NULL, &err), &err);
	/* 12-01 + 10 = Wed 12-11 */
	assert_string_equal(due_of(db, id, "decide"), "2024-12-11");
	must(act(db, &penalty, &officer, id, "decide", D(2024, 11, 1),
		 "{\"罚款金额\": 500000}", &err), &err);
	must(act(db, &penalty, &officer, id, "serve", D(2024, 11, 16), NULL, &err), &err);
	/* 15 days after 11-16 = 12-01, a Sunday -> 12-02 */
	assert_string_equal(due_of(db, id, "pay"), "2024-12-02");
	must(act(db, &penalty, &officer, id, "close", D(2024, 12, 2), NULL, &err), &err);
	{
		enum fz_case_light l;
		must(fz_case_light(db, id, D(2025, 6, 1), &l, &err), &err);
		assert_int_equal(l, FZ_CASE_LIGHT_NONE);
	}
	fz_store_close(db);
}

static int64_t open_review(struct fz_store *db, struct fz_date on)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_new nc = { 2, "/1/2/", "张某不服某局行政处罚申请复议", "柯复",
				  on, NULL, "在柯桥街道工作站收件" };
	int64_t id = 0;
	if (fz_case_create(db, cal, &review, &justice, &nc, &id, NULL, &err))
		fail_msg("create: %s", err.msg);
	return id;
}

static void test_case__review_pause_extension_and_procedures(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_review(db, D(2024, 2, 26));
	int64_t sid = open_review(db, D(2024, 2, 26));
	enum fz_case_light l;

	/* 受理审查: 5 工作日 after Mon 02-26 = Mon 03-04 */
	assert_string_equal(due_of(db, id, "accept"), "2024-03-04");
	must(act(db, &review, &justice, id, "accept", D(2024, 3, 1),
		 "{\"程序\": \"普通\"}", &err), &err);
	assert_string_equal(due_of(db, id, "accept"), "2024-03-04"); /* met */
	/* 60 days from 03-01 = 04-30 (Tue) */
	assert_string_equal(due_of(db, id, "decide"), "2024-04-30");
	assert_string_equal(due_of(db, id, "decide_simple"), "");
	/* 中止 03-11 .. 03-21: 10 days excluded (Art. 39) */
	assert_int_equal(act(db, &review, &justice, id, "suspend", D(2024, 3, 11),
			     NULL, &err), FZ_EINVAL);
	must(act(db, &review, &justice, id, "suspend", D(2024, 3, 11),
		 "{\"中止理由\": \"申请人因不可抗力不能参加\"}", &err), &err);
	must(fz_case_light(db, id, D(2024, 3, 15), &l, &err), &err);
	assert_int_equal(l, FZ_CASE_LIGHT_PAUSED);
	must(act(db, &review, &justice, id, "resume", D(2024, 3, 21), NULL, &err), &err);
	/* 04-30 + 10 = 05-10 (Fri) */
	assert_string_equal(due_of(db, id, "decide"), "2024-05-10");
	/* extension ≤ 30 days with reason and approver (Art. 62(1)) */
	assert_int_equal(fz_case_extend(db, cal, &review, &justice, id, "decide",
					31, "案情复杂", "复议机构负责人 王某",
					D(2024, 4, 1), &err), FZ_EINVAL);
	assert_int_equal(fz_case_extend(db, cal, &review, &justice, id, "decide",
					10, "", "王某", D(2024, 4, 1), &err), FZ_EINVAL);
	assert_int_equal(fz_case_extend(db, cal, &review, &justice, id, "decide",
					10, "案情复杂", "", D(2024, 4, 1), &err), FZ_EINVAL);
	assert_int_equal(fz_case_extend(db, cal, &review, &officer, id, "decide",
					10, "案情复杂", "王某", D(2024, 4, 1), &err),
			 FZ_EFORBID);
	must(fz_case_extend(db, cal, &review, &justice, id, "decide", 20,
			    "案情复杂", "复议机构负责人 王某", D(2024, 4, 1), &err), &err);
	/* 05-10 + 20 = 05-30 (Thu) */
	assert_string_equal(due_of(db, id, "decide"), "2024-05-30");
	assert_int_equal(fz_case_extend(db, cal, &review, &justice, id, "decide",
					11, "再延", "王某", D(2024, 4, 2), &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "最多延长 30"));
	/* 简易程序: 30 days, no extension (Art. 62(2)); converting switches */
	must(act(db, &review, &justice, sid, "accept", D(2024, 3, 1),
		 "{\"程序\": \"简易\"}", &err), &err);
	/* 30 days from 03-01 = Sun 03-31 -> Mon 04-01 */
	assert_string_equal(due_of(db, sid, "decide_simple"), "2024-04-01");
	assert_int_equal(fz_case_extend(db, cal, &review, &justice, sid,
					"decide_simple", 5, "复杂", "王某",
					D(2024, 3, 5), &err), FZ_EINVAL);
	must(act(db, &review, &justice, sid, "convert", D(2024, 3, 6),
		 "{\"程序\": \"普通\", \"转换批准人\": \"王某\"}", &err), &err);
	assert_string_equal(due_of(db, sid, "decide_simple"), "");
	assert_string_equal(due_of(db, sid, "decide"), "2024-04-30");
	fz_store_close(db);
}

static void test_case__lights_green_yellow_red_overdue(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_review(db, D(2024, 2, 26));
	enum fz_case_light l;
	struct fz_date y, r;
	static const struct {
		struct fz_date today;
		enum fz_case_light light;
	} want[] = {
		/* due 04-30, period 60: 20% = 12 days -> yellow from 04-18;
		 * 3 工作日 back from 04-30 (04-28 is a 调休 workday) -> 04-26;
		 * the larger threshold wins */
		{ { 2024, 4, 17 }, FZ_CASE_LIGHT_GREEN },
		{ { 2024, 4, 18 }, FZ_CASE_LIGHT_YELLOW },
		{ { 2024, 4, 28 }, FZ_CASE_LIGHT_YELLOW },
		{ { 2024, 4, 29 }, FZ_CASE_LIGHT_RED },
		{ { 2024, 4, 30 }, FZ_CASE_LIGHT_RED },
		{ { 2024, 5, 1 }, FZ_CASE_LIGHT_OVERDUE },
	};
	must(act(db, &review, &justice, id, "accept", D(2024, 3, 1),
		 "{\"程序\": \"普通\"}", &err), &err);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		must(fz_case_light(db, id, want[i].today, &l, &err), &err);
		if (l != want[i].light)
			fail_msg("%d-%d: %s", want[i].today.m, want[i].today.d,
				 fz_case_light_key(l));
	}
	/* a short 工作日 period: 3 工作日 beats 20% of 5 */
	must(fz_case_thresholds(cal, D(2024, 9, 27), D(2024, 10, 10), 5,
				FZ_CASE_WORKDAYS, &y, &r, &err), &err);
	assert_int_equal(fz_date_cmp(y, D(2024, 9, 30)), 0);
	assert_int_equal(fz_date_cmp(r, D(2024, 10, 9)), 0);
	fz_store_close(db);
}

/* 待办 of scope on day today: the counts as "overdue red yellow today week
 * flagged total", and the first item's id in *first (0 when none). */
static void todo_of(struct fz_store *db, const char *scope, struct fz_date today,
		    char *out, size_t n, int64_t *first)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_query q = { .scope = scope, .light = -1, .today = today };
	struct fz_case_todo t;

	must(fz_case_todo(db, &q, 5, &t, &err), &err);
	snprintf(out, n, "%lld %lld %lld %lld %lld %lld %lld",
		 (long long)t.overdue, (long long)t.red, (long long)t.yellow,
		 (long long)t.due_today, (long long)t.due_week,
		 (long long)t.flagged, (long long)t.total);
	assert_int_equal((int64_t)json_array_size(t.items), t.total < 5 ? t.total : 5);
	*first = json_array_size(t.items) ? json_integer_value(json_object_get(
		json_array_get(t.items, 0), "id")) : 0;
	json_decref(t.items);
}

static void test_case__todo_counts_what_needs_someone(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_query q = { .light = -1 };
	struct fz_case_todo t;
	int64_t id = open_review(db, D(2024, 2, 26)), first, pid;
	char got[96];
	static const struct {
		struct fz_date today;
		const char *want; /* overdue red yellow today week flagged total */
	} days[] = {
		/* due 04-30 (test above): green and more than 7 days off */
		{ { 2024, 4, 10 }, "0 0 0 0 0 0 0" },
		{ { 2024, 4, 18 }, "0 0 1 0 0 0 1" },  /* yellow */
		{ { 2024, 4, 23 }, "0 0 1 0 1 0 1" },  /* due 04-30 <= 04-30 */
		{ { 2024, 4, 30 }, "0 1 0 1 1 0 1" },  /* red, due today */
		{ { 2024, 5, 1 }, "1 0 0 0 0 0 1" },   /* overdue, not "this week" */
	};

	must(act(db, &review, &justice, id, "accept", D(2024, 3, 1),
		 "{\"程序\": \"普通\"}", &err), &err);
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		todo_of(db, "/1/2/", days[i].today, got, sizeof(got), &first);
		if (strcmp(got, days[i].want))
			fail_msg("%d-%d: %s, want %s", days[i].today.m, days[i].today.d,
				 got, days[i].want);
		assert_true(first == (days[i].want[12] == '1' ? id : 0));
	}
	/* an open flag makes a case 待办 whatever its light; another unit's
	 * scope does not see it */
	pid = open_penalty(db, D(2024, 3, 1),
		"{\"罪名\": \"生产、销售伪劣产品罪\", \"销售金额\": 9000000}", NULL);
	todo_of(db, "/1/4/", D(2024, 3, 1), got, sizeof(got), &first);
	assert_string_equal(got + strlen(got) - 3, "1 1");
	assert_true(first == pid);
	todo_of(db, "/1/2/", D(2024, 4, 10), got, sizeof(got), &first);
	assert_string_equal(got, "0 0 0 0 0 0 0");
	/* closed cases are nobody's 待办 */
	must(act(db, &penalty, &officer, pid, "transfer", D(2024, 3, 4),
		 "{\"移送文书号\": \"柯综执移〔2024〕2号\"}", &err), &err);
	todo_of(db, "/1/4/", D(2024, 3, 4), got, sizeof(got), &first);
	assert_string_equal(got, "0 0 0 0 0 0 0");
	assert_int_equal(fz_case_todo(db, &q, 0, &t, &err), FZ_EINVAL);
	assert_int_equal(fz_case_todo(db, &q, FZ_CASE_LIST_MAX + 1, &t, &err),
			 FZ_EINVAL);
	assert_null(t.items);
	fz_store_close(db);
}

static void test_case__transfer_warning_blocks_closing_until_handled(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_penalty(db, D(2024, 3, 1),
		"{\"罪名\": \"生产、销售伪劣产品罪\", \"销售金额\": 4000000}", NULL);
	json_t *patch = json_pack("{s:i}", "销售金额", 6000000);
	const char *steps[] = { "investigate", "notify", "decide", "serve" };

	assert_int_equal(fz_case_flag_open(db, id, TRANSFER_FLAG, &err), 0);
	for (size_t i = 0; i < 4; i++)
		must(act(db, &penalty, &officer, id, steps[i], D(2024, 3, 2 + (int)i),
			 "{\"拟处罚内容\": \"罚款\", \"罚款金额\": 100000}", &err), &err);
	/* facts change: 销售金额 ≥ 5万元 (追诉标准（一） Art. 16) */
	must(fz_case_set_facts(db, cal, &penalty, &officer, id, patch, &err), &err);
	assert_int_equal(fz_case_flag_open(db, id, TRANSFER_FLAG, &err), 1);
	/* raising again for the same rule adds nothing */
	must(fz_case_set_facts(db, cal, &penalty, &officer, id, patch, &err), &err);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM case_flags"), 1);
	assert_int_equal(act(db, &penalty, &officer, id, "close", D(2024, 3, 10),
			     NULL, &err), FZ_ESTATE);
	assert_non_null(strstr(err.msg, "涉嫌生产、销售伪劣产品罪"));
	assert_string_equal(state_of(db, id), "served");
	/* a reasoned decision not to transfer, by a role allowed to make it */
	assert_int_equal(fz_case_flag_resolve(db, &penalty, &procurator, id,
					      TRANSFER_FLAG, "理由", &err), FZ_EFORBID);
	assert_int_equal(fz_case_flag_resolve(db, &penalty, &office, id,
					      TRANSFER_FLAG, "", &err), FZ_EINVAL);
	must(fz_case_flag_resolve(db, &penalty, &office, id, TRANSFER_FLAG,
				  "经集体讨论，销售金额含退货部分，不予移送", &err), &err);
	must(act(db, &penalty, &officer, id, "close", D(2024, 3, 10), NULL, &err), &err);
	assert_string_equal(state_of(db, id), "closed");
	/* the other way out: a transfer resolves the warning */
	id = open_penalty(db, D(2024, 3, 1),
		"{\"罪名\": \"生产、销售伪劣产品罪\", \"销售金额\": 9000000}", NULL);
	assert_int_equal(fz_case_flag_open(db, id, TRANSFER_FLAG, &err), 1);
	must(act(db, &penalty, &officer, id, "transfer", D(2024, 3, 4),
		 "{\"移送文书号\": \"柯综执移〔2024〕2号\"}", &err), &err);
	assert_int_equal(fz_case_flag_open(db, id, TRANSFER_FLAG, &err), 0);
	json_decref(patch);
	{
		int64_t n, bad;
		must(fz_audit_verify(db, &n, &bad, &err), &err);
		assert_true(n >= 10);
	}
	fz_store_close(db);
}

static int64_t list_total(struct fz_store *db, const struct fz_case_query *q,
			  json_t **items)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_page pg;
	must(fz_case_list(db, q, &pg, &err), &err);
	assert_true(pg.exact);
	if (items)
		*items = pg.items;
	else
		json_decref(pg.items);
	return pg.total;
}

static void test_case__list_filters_and_pages(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	json_t *items;
	struct fz_case_query q = { .light = -1, .today = { 2024, 4, 20 } };
	int64_t r1 = open_review(db, D(2024, 2, 26));
	for (int i = 0; i < 5; i++)
		open_penalty(db, D(2024, 3, 1 + i), NULL, NULL);
	must(act(db, &review, &justice, r1, "accept", D(2024, 3, 1),
		 "{\"程序\": \"普通\"}", &err), &err);

	assert_int_equal(list_total(db, &q, NULL), 6);
	q.types[0] = "test.penalty";
	q.per_page = 2;
	q.page = 3;
	assert_int_equal(list_total(db, &q, &items), 5);
	assert_int_equal(json_array_size(items), 1);
	/* newest first: page 3 holds the oldest */
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0),
			    "number")), "柯综执罚〔2024〕1号");
	json_decref(items);
	/* light on 04-20: the review is yellow, penalties (due 05-30..06-03) green */
	q.types[0] = NULL;
	q.page = 0;
	q.per_page = 0;
	q.light = FZ_CASE_LIGHT_YELLOW;
	assert_int_equal(list_total(db, &q, &items), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), r1);
	json_decref(items);
	q.light = -1;
	q.scope = "/1/4/";
	q.from = D(2024, 3, 2);
	q.to = D(2024, 3, 3);
	assert_int_equal(list_total(db, &q, NULL), 2);
	q.scope = "/1/2/";
	q.from = q.to = D(0, 0, 0);
	q.state = "accepted";
	assert_int_equal(list_total(db, &q, NULL), 1);
	/* a sibling path that shares the prefix's characters is not inside:
	 * "/1/4/" must not match "/1/40/" nor "/1/4x" */
	q.state = NULL;
	q.scope = "/1/";
	assert_int_equal(list_total(db, &q, NULL), 6);
	q.scope = "/1/40/";
	assert_int_equal(list_total(db, &q, NULL), 0);
	fz_store_close(db);
}

static void test_case__list_pages_at_the_boundaries(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	struct fz_case_query q = { .light = -1, .per_page = 3 };
	struct fz_case_page pg;
	int64_t ids[7], seen = 0, after = 0;

	for (int i = 0; i < 7; i++)
		ids[i] = open_penalty(db, D(2024, 3, 1 + i), NULL, NULL);
	/* first page */
	q.page = 1;
	must(fz_case_list(db, &q, &pg, &err), &err);
	assert_int_equal(pg.total, 7);
	assert_int_equal(json_array_size(pg.items), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pg.items, 0), "id")), ids[6]);
	assert_int_equal(pg.next, ids[4]);
	json_decref(pg.items);
	/* last page, short */
	q.page = 3;
	must(fz_case_list(db, &q, &pg, &err), &err);
	assert_int_equal(json_array_size(pg.items), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pg.items, 0), "id")), ids[0]);
	assert_int_equal(pg.next, 0);
	json_decref(pg.items);
	/* beyond the last: empty, the total still told */
	q.page = 4;
	must(fz_case_list(db, &q, &pg, &err), &err);
	assert_int_equal(json_array_size(pg.items), 0);
	assert_int_equal(pg.total, 7);
	json_decref(pg.items);
	/* keyset: follow next to the end, every case once, in order */
	q.page = 0;
	do {
		q.after = after;
		must(fz_case_list(db, &q, &pg, &err), &err);
		for (size_t i = 0; i < json_array_size(pg.items); i++, seen++)
			assert_int_equal(json_integer_value(json_object_get(
				json_array_get(pg.items, i), "id")), ids[6 - seen]);
		after = pg.next;
		json_decref(pg.items);
	} while (after);
	assert_int_equal(seen, 7);
	/* an empty list */
	q.after = 0;
	q.types[0] = "test.none";
	must(fz_case_list(db, &q, &pg, &err), &err);
	assert_int_equal(pg.total, 0);
	assert_int_equal(json_array_size(pg.items), 0);
	json_decref(pg.items);
	/* limits */
	q.per_page = FZ_CASE_LIST_MAX + 1;
	assert_int_equal(fz_case_list(db, &q, &pg, &err), FZ_EINVAL);
	assert_string_equal(err.field, "per_page");
	q.per_page = 3;
	q.light = 9;
	assert_int_equal(fz_case_list(db, &q, &pg, &err), FZ_EINVAL);
	q.light = -1;
	q.types[0] = NULL;
	q.from = D(2024, 3, 1);
	q.after = ids[3];
	assert_int_equal(fz_case_list(db, &q, &pg, &err), FZ_EINVAL);
	fz_store_close(db);
}

/* A naive reference: every case, its light from fz_case_light (the
 * per-case computation over case_deadlines), the filter applied in C. */
struct ref_case {
	int64_t id;
	char type[32], state[32], path[32], opened[11];
	int closed, light;
};

static size_t ref_load(struct fz_store *db, struct fz_date today,
		       struct ref_case *out, size_t max)
{
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	size_t n = 0;
	must(fz_store_query(db, &st, &err, "SELECT id, type, state, unit_path,"
		" opened_on, closed_on IS NOT NULL FROM cases ORDER BY id", ""), &err);
	while (n < max && fz_stmt_step(st, &err) == 1) {
		struct ref_case *r = &out[n++];
		enum fz_case_light l;
		r->id = fz_stmt_int(st, 0);
		snprintf(r->type, sizeof(r->type), "%s", fz_stmt_text(st, 1));
		snprintf(r->state, sizeof(r->state), "%s", fz_stmt_text(st, 2));
		snprintf(r->path, sizeof(r->path), "%s", fz_stmt_text(st, 3));
		snprintf(r->opened, sizeof(r->opened), "%s", fz_stmt_text(st, 4));
		r->closed = (int)fz_stmt_int(st, 5);
		r->light = 0;
		if (!fz_case_light(db, r->id, today, &l, NULL))
			r->light = l;
	}
	fz_stmt_finish(st);
	return n;
}

static int ref_match(const struct ref_case *r, const struct fz_case_query *q)
{
	char f[11], t[11];
	if (q->types[0] && strcmp(r->type, q->types[0]))
		return 0;
	if (q->state && strcmp(r->state, q->state))
		return 0;
	if (q->scope && strncmp(r->path, q->scope, strlen(q->scope)))
		return 0;
	if (q->light >= 0 && r->light != q->light)
		return 0;
	if (q->open_only && r->closed)
		return 0;
	if (q->from.y && strcmp(r->opened, fz_date_format(q->from, f)) < 0)
		return 0;
	if (q->to.y && strcmp(r->opened, fz_date_format(q->to, t)) > 0)
		return 0;
	return 1;
}

static int ref_cmp_date(const void *a, const void *b)
{
	const struct ref_case *x = a, *y = b;
	int c = strcmp(y->opened, x->opened);
	return c ? c : (y->id > x->id) - (y->id < x->id);
}

static int ref_cmp_id(const void *a, const void *b)
{
	const struct ref_case *x = a, *y = b;
	return (y->id > x->id) - (y->id < x->id);
}

static void ref_check_plan(struct fz_store *db, const struct ref_case *all,
			   size_t n, struct fz_case_query q);

/* fz_case_list against the reference for one query, every page, by both
 * plans: walking the cases in order and sorting the filter's matches. */
static void ref_check(struct fz_store *db, const struct ref_case *all, size_t n,
		      struct fz_case_query q)
{
	q.walk_min = 1;
	ref_check_plan(db, all, n, q);
	q.walk_min = -1;
	ref_check_plan(db, all, n, q);
}

static void ref_check_plan(struct fz_store *db, const struct ref_case *all,
			   size_t n, struct fz_case_query q)
{
	static struct ref_case m[400];
	struct fz_err err = FZ_ERR_INIT;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (ref_match(&all[i], &q))
			m[k++] = all[i];
	qsort(m, k, sizeof(*m), q.from.y || q.to.y ? ref_cmp_date : ref_cmp_id);
	q.per_page = 7;
	for (q.page = 1; q.page <= (int)(k / 7) + 2; q.page++) {
		struct fz_case_page pg;
		size_t at = (size_t)(q.page - 1) * 7;
		must(fz_case_list(db, &q, &pg, &err), &err);
		assert_int_equal(pg.total, (int64_t)k);
		for (size_t i = 0; i < json_array_size(pg.items); i++) {
			json_t *it = json_array_get(pg.items, i);
			assert_true(at + i < k);
			assert_int_equal(json_integer_value(json_object_get(it, "id")),
					 m[at + i].id);
			assert_string_equal(json_string_value(json_object_get(it, "light")),
					    fz_case_light_key((enum fz_case_light)m[at + i].light));
		}
		assert_int_equal(json_array_size(pg.items),
				 at >= k ? 0 : k - at < 7 ? k - at : 7);
		json_decref(pg.items);
	}
}

static void test_case__list_matches_a_naive_query(void **state)
{
	static struct ref_case all[400];
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	struct fz_date today = fz_date_today_cn(), days[2];
	uint64_t seed = 42;
	size_t n;

	/* 160 cases over the last 150 days, in two units, at every stage */
	for (int i = 0; i < 160; i++) {
		struct fz_date on;
		int64_t id;
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		on = fz_date_add_days(today, -(long)((seed >> 33) % 150));
		if (i % 3 == 0) {
			id = open_review(db, on);
			if ((seed >> 20) % 2 && fz_date_cmp(on, today) < 0)
				act(db, &review, &justice, id, "accept", on,
				    "{\"程序\": \"普通\"}", &err);
		} else {
			id = open_penalty(db, on, NULL, NULL);
			if ((seed >> 24) % 3 == 0)
				act(db, &penalty, &officer, id, "investigate", on, NULL, &err);
			if ((seed >> 24) % 3 == 1)
				act(db, &penalty, &officer, id, "transfer", on,
				    "{\"移送文书号\": \"柯综执移〔2024〕9号\"}", &err);
		}
	}
	/* today (stored lights) and another day (computed from thresholds);
	 * a past day, because a day beyond the calendar's last published
	 * year leaves dues unknown */
	days[0] = today;
	days[1] = fz_date_add_days(today, -20);
	for (int d = 0; d < 2; d++) {
		n = ref_load(db, days[d], all, 400);
		assert_int_equal(n, 160);
		{
			/* the fixture must exercise the filter: several lights */
			int seen[8] = { 0 }, kinds = 0;
			for (size_t i = 0; i < n; i++)
				kinds += !seen[all[i].light]++;
			assert_true(kinds >= 4);
		}
		for (int light = -1; light <= FZ_CASE_LIGHT_OVERDUE; light++) {
			const char *scopes[] = { NULL, "/1/4/", "/1/2/" };
			for (int sc = 0; sc < 3; sc++) {
				struct fz_case_query q = { .light = light, .today = days[d],
							   .scope = scopes[sc] };
				ref_check(db, all, n, q);
				q.open_only = 1;
				ref_check(db, all, n, q);
				q.open_only = 0;
				q.types[0] = "test.penalty";
				q.from = fz_date_add_days(today, -60);
				q.to = fz_date_add_days(today, -20);
				ref_check(db, all, n, q);
				q.state = "filed";
				ref_check(db, all, n, q);
			}
		}
	}
	/* the daily refresh: lights stored as of 40 days ago are brought up
	 * to today by the first list, for exactly the cases that changed */
	{
		struct fz_date past = fz_date_add_days(today, -40);
		char pd[FZ_DATE_STRLEN];
		n = ref_load(db, past, all, 400);
		for (size_t i = 0; i < n; i++)
			must(fz_store_run(db, &err, "UPDATE cases SET light = ? WHERE id = ?",
					  "iI", all[i].light, all[i].id), &err);
		must(fz_store_run(db, &err, "UPDATE case_light_day SET day = ?", "t",
				  fz_date_format(past, pd)), &err);
		n = ref_load(db, today, all, 400);
		for (int light = -1; light <= FZ_CASE_LIGHT_OVERDUE; light++) {
			struct fz_case_query q = { .light = light };
			ref_check(db, all, n, q);
		}
	}
	fz_store_close(db);
}

static void test_case__list_plans_use_the_indexes(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_case_query q = { .types = { "test.penalty" }, .light = -1 };

	open_penalty(db, D(2024, 3, 1), NULL, NULL);
	/* the plain list walks the cases of its type newest first on the
	 * (type) index: no sort, no subquery per case */
	must(fz_case_list_explain(db, &q, &b, &err), &err);
	assert_null(strstr(b.data, "CORRELATED"));
	assert_non_null(strstr(b.data, "-- walk\nSEARCH c USING INDEX cases_type (type=?)\n"));
	assert_null(strstr(strstr(b.data, "-- walk"), "TEMP B-TREE"));
	/* several types: the table itself, in id order */
	fz_buf_reset(&b);
	q.types[1] = "test.review";
	must(fz_case_list_explain(db, &q, &b, &err), &err);
	assert_non_null(strstr(b.data, "-- walk\nSCAN c\n"));
	assert_null(strstr(strstr(b.data, "-- walk"), "TEMP B-TREE"));
	q.types[1] = NULL;
	fz_buf_reset(&b);
	q.light = FZ_CASE_LIGHT_OVERDUE;
	must(fz_case_list_explain(db, &q, &b, &err), &err);
	assert_non_null(strstr(b.data, "cases_type_light"));
	fz_buf_reset(&b);
	q.light = -1;
	q.scope = "/1/4/";
	must(fz_case_list_explain(db, &q, &b, &err), &err);
	assert_non_null(strstr(b.data, "cases_type_unit"));
	fz_buf_reset(&b);
	q.scope = NULL;
	q.from = D(2024, 1, 1);
	q.to = D(2024, 3, 31);
	must(fz_case_list_explain(db, &q, &b, &err), &err);
	/* date order rides the (type, opened_on) index both ways */
	assert_non_null(strstr(b.data, "cases_type_opened"));
	assert_null(strstr(b.data, "TEMP B-TREE"));
	fz_buf_release(&b);
	fz_store_close(db);
}

static void test_case__json_view_has_timeline_and_actions(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	int64_t id = open_penalty(db, D(2024, 3, 1), "{\"当事人\": \"某商行\"}", NULL);
	json_t *o, *acts;
	must(act(db, &penalty, &officer, id, "investigate", D(2024, 3, 2), NULL, &err), &err);
	must(fz_case_get_json(db, &penalty, &officer, id, D(2024, 3, 3), &o, &err), &err);
	assert_string_equal(json_string_value(json_object_get(o, "state_name")), "调查取证");
	assert_int_equal(json_array_size(json_object_get(o, "events")), 2);
	assert_string_equal(json_string_value(json_object_get(o, "light")), "green");
	acts = json_object_get(o, "actions");
	/* notify, suspend, and the "*" transfer */
	assert_int_equal(json_array_size(acts), 3);
	json_decref(o);
	assert_int_equal(fz_case_get_json(db, &penalty, &other_unit, id,
					  D(2024, 3, 3), &o, &err), FZ_ENOTFOUND);
	assert_int_equal(fz_case_get_json(db, &review, &officer, id,
					  D(2024, 3, 3), &o, &err), FZ_EINVAL);
	fz_store_close(db);
}

static void test_case__import_records_a_past_case_without_audit(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	static const struct fz_case_actor sys = { 0, "demo", 0, "", 0, "", 1 };
	json_t *d1 = json_pack("{s:s}", "程序", "简易");
	json_t *d2 = json_pack("{s:s}", "决定类型", "维持");
	struct fz_case_step steps[] = {
		{ "accept", D(2024, 3, 4), d1, NULL },
		{ "decide", D(2024, 3, 20), d2, NULL },
	};
	struct fz_case_step bad[] = { { "decide", D(2024, 3, 4), d2, NULL } };
	struct fz_case_new nc = { 2, "/1/2/", "补录复议案", "柯政复", D(2024, 3, 1),
				  NULL, NULL };
	char num[FZ_CASE_NUMBER_LEN];
	int64_t id = 0, id2 = 0, au = count(db, "SELECT COUNT(*) FROM audit_log");

	/* outside a transaction, or for a person, it is refused */
	assert_int_equal(fz_case_import(db, cal, &review, &sys, &nc, steps, 2,
					&id, num, &err), FZ_ESTATE);
	assert_int_equal(fz_case_import(db, cal, &review, &justice, &nc, steps,
					2, &id, num, &err), FZ_EFORBID);
	must(fz_store_begin(db, &err), &err);
	must(fz_case_import(db, cal, &review, &sys, &nc, steps, 2, &id, num,
			    &err), &err);
	/* a step not allowed from the state it reaches is refused */
	assert_int_equal(fz_case_import(db, cal, &review, &sys, &nc, bad, 1,
					&id2, NULL, &err), FZ_ESTATE);
	fz_store_rollback(db);
	must(fz_store_begin(db, &err), &err);
	must(fz_case_import(db, cal, &review, &sys, &nc, steps, 2, &id, num,
			    &err), &err);
	must(fz_store_commit(db, &err), &err);
	assert_string_equal(num, "柯政复〔2024〕1号");
	assert_string_equal(state_of(db, id), "decided");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases WHERE"
			       " closed_on = '2024-03-20'"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM case_events"), 3);
	/* 2024-03-04 + 30 natural days = 2024-04-03, a Wednesday before 清明 */
	assert_string_equal(due_of(db, id, "decide_simple"), "2024-04-03");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM case_deadlines WHERE"
			       " key = 'decide_simple' AND status = 'met'"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log"), au);
	json_decref(d1);
	json_decref(d2);
	fz_store_close(db);
}

/* ---------- per-transition hooks ---------- */

static struct fz_store *fresh_hooked(void)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	must(fz_store_exec(db,
		"CREATE TABLE hook_log (id INTEGER PRIMARY KEY, case_id INTEGER,"
		" phase TEXT, tr TEXT, from_state TEXT, to_state TEXT,"
		" on_date TEXT, number TEXT, imported INTEGER)", &err), &err);
	return db;
}

static int64_t open_hooked(struct fz_store *db, const char *facts_json)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *facts = facts_json ? json_loads(facts_json, 0, NULL) : NULL;
	struct fz_case_new nc = { 2, "/1/2/", "某某不服行政处罚决定", "柯政复",
				  D(2024, 3, 1), facts, NULL };
	int64_t id = 0;
	must(fz_case_create(db, cal, &hooked, &justice, &nc, &id, NULL, &err), &err);
	json_decref(facts);
	return id;
}

static int hooked_act(struct fz_store *db, int64_t id, const char *tr,
		      struct fz_date on, const char *data_json,
		      struct hook_ctl *ctl, struct fz_err *err)
{
	json_t *data = data_json ? json_loads(data_json, 0, NULL) : NULL;
	struct fz_case_act ac = { tr, on, data, NULL, ctl };
	int rc = fz_case_apply(db, cal, &hooked, &justice, id, &ac, err);
	json_decref(data);
	return rc;
}

/* Every row of every table the engine (and the test's domain) writes, in
 * order, every column: equal snapshots mean nothing changed. */
static char *snapshot(struct fz_store *db)
{
	static const char *const tables[] = {
		"cases", "case_events", "case_deadlines", "case_flags",
		"case_numbers", "audit_log", "hook_log", NULL
	};
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	char sql[96];
	char *out;

	for (const char *const *t = tables; *t; t++) {
		struct fz_stmt *st;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY rowid", *t);
		must(fz_store_query(db, &st, &err, sql, ""), &err);
		fz_buf_addf(&b, "[%s]\n", *t);
		while (fz_stmt_step(st, &err) == 1) {
			for (int c = 0; c < fz_stmt_columns(st); c++)
				fz_buf_addf(&b, "%s%s", c ? "|" : "",
					    fz_stmt_is_null(st, c) ? "NULL" :
					    fz_stmt_text(st, c));
			fz_buf_adds(&b, "\n");
		}
		fz_stmt_finish(st);
	}
	out = strdup(b.data);
	fz_buf_release(&b);
	return out;
}

static void test_case__hooks_must_name_a_transition(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	static const struct fz_case_hook unknown[] = {
		{ "accept", NULL, NULL, any_after },
		{ "approve", NULL, any_before, NULL },
		{ NULL, NULL, NULL, NULL }
	};
	static const struct fz_case_hook empty[] = {
		{ "accept", NULL, NULL, NULL },
		{ NULL, NULL, NULL, NULL }
	};
	static const struct fz_case_hook reserved[] = {
		{ "create", NULL, NULL, any_after },
		{ NULL, NULL, NULL, NULL }
	};
	struct fz_case_type bad = hooked;

	must(fz_case_type_check(&hooked, &err), &err);
	bad.hooks = unknown;
	assert_int_equal(fz_case_type_check(&bad, &err), FZ_EINTERNAL);
	assert_non_null(strstr(err.msg, "approve"));
	bad.hooks = empty;
	assert_int_equal(fz_case_type_check(&bad, &err), FZ_EINTERNAL);
	/* "create" is an event, not a transition: a hook on it never runs */
	bad.hooks = reserved;
	assert_int_equal(fz_case_type_check(&bad, &err), FZ_EINTERNAL);
	assert_non_null(strstr(err.msg, "create"));
}

static void test_case__before_hook_refusal_changes_nothing(void **state)
{
	struct fz_store *db = fresh_hooked();
	struct fz_err err = FZ_ERR_INIT;
	struct hook_ctl refuse = { 1, 0, 1 };
	int64_t id = open_hooked(db, NULL);
	char *before, *after;

	must(hooked_act(db, id, "accept", D(2024, 3, 4), NULL, NULL, &err), &err);
	before = snapshot(db);
	/* prepare writes a row first: the refusal must take it back too */
	assert_int_equal(hooked_act(db, id, "decide", D(2024, 3, 20),
				    "{\"决定类型\": \"维持\"}", &refuse, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "决定类型");
	assert_non_null(strstr(err.msg, "钩子拒绝「decide」"));
	after = snapshot(db);
	assert_string_equal(before, after);
	assert_string_equal(state_of(db, id), "accepted");
	/* a step the engine refuses (wrong state here) never reaches the
	 * before hooks; what its prepare wrote goes with it */
	assert_int_equal(hooked_act(db, id, "accept", D(2024, 3, 20), NULL,
				    &refuse, &err), FZ_ESTATE);
	free(after);
	after = snapshot(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	fz_store_close(db);
}

static void test_case__after_hook_failure_rolls_the_step_back(void **state)
{
	struct fz_store *db = fresh_hooked();
	struct fz_err err = FZ_ERR_INIT;
	struct hook_ctl fail = { 0, 1, 0 };
	int64_t id = open_hooked(db, NULL);
	char *before, *after;

	must(hooked_act(db, id, "accept", D(2024, 3, 4), NULL, NULL, &err), &err);
	before = snapshot(db);
	/* the after hook writes its row, then fails: the event, the state,
	 * the deadlines, the audit entry and that row all go */
	assert_int_equal(hooked_act(db, id, "decide", D(2024, 3, 20),
				    "{\"决定类型\": \"维持\"}", &fail, &err),
			 FZ_EIO);
	after = snapshot(db);
	assert_string_equal(before, after);
	assert_string_equal(state_of(db, id), "accepted");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM case_events WHERE"
			       " name = 'decide'"), 0);
	/* the same step without the failure goes through */
	must(hooked_act(db, id, "decide", D(2024, 3, 20),
			"{\"决定类型\": \"维持\"}", NULL, &err), &err);
	assert_string_equal(state_of(db, id), "decided");
	free(before);
	free(after);
	fz_store_close(db);
}

static void test_case__after_hook_write_is_part_of_the_step(void **state)
{
	struct fz_store *db = fresh_hooked();
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	char number[FZ_CASE_NUMBER_LEN];
	int64_t id;
	json_t *o;

	id = open_hooked(db, NULL);
	fz_case_number(db, id, number, sizeof(number));
	/* no 程序 given: accept's prepare fills it in before the required
	 * facts are checked, and the timeline and the facts record it */
	must(hooked_act(db, id, "accept", D(2024, 3, 4), NULL, NULL, &err), &err);
	must(fz_store_query(db, &st, &err, "SELECT phase, tr, from_state, to_state,"
			    " on_date, number, imported FROM hook_log", ""), &err);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	assert_string_equal(fz_stmt_text(st, 0), "after");
	assert_string_equal(fz_stmt_text(st, 1), "accept");
	assert_string_equal(fz_stmt_text(st, 2), "received");
	assert_string_equal(fz_stmt_text(st, 3), "accepted");
	assert_string_equal(fz_stmt_text(st, 4), "2024-03-04");
	assert_string_equal(fz_stmt_text(st, 5), number);
	assert_int_equal(fz_stmt_int(st, 6), 0);
	assert_int_equal(fz_stmt_step(st, &err), 0);
	fz_stmt_finish(st);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM case_events WHERE"
			       " name = 'accept' AND data = '{\"程序\":\"普通\"}'"), 1);
	must(fz_case_facts_get(db, id, NULL, &o, &err), &err);
	assert_string_equal(json_string_value(json_object_get(o, "程序")), "普通");
	json_decref(o);
	/* the caller's data is its own: the engine completes a copy */
	{
		json_t *data = json_object();
		struct fz_case_act ac = { "accept", D(2024, 3, 4), data, NULL, NULL };
		int64_t id2 = open_hooked(db, NULL);
		must(fz_case_apply(db, cal, &hooked, &justice, id2, &ac, &err), &err);
		assert_int_equal(json_object_size(data), 0);
		json_decref(data);
	}
	/* a before hook on the key refuses with the domain's reason */
	id = open_hooked(db, NULL);
	assert_int_equal(hooked_act(db, id, "accept", D(2024, 3, 4),
				    "{\"程序\": \"简易\"}", NULL, &err), FZ_EINVAL);
	assert_string_equal(err.field, "程序");
	fz_store_close(db);
}

static void test_case__star_hooks_run_for_every_transition(void **state)
{
	struct fz_store *db = fresh_hooked();
	struct fz_err err = FZ_ERR_INIT;
	struct hook_ctl log_prepare = { 0, 0, 1 };
	int64_t id = open_hooked(db, NULL), id2 = open_hooked(db, NULL);
	char sql[200];

	must(hooked_act(db, id, "accept", D(2024, 3, 4), NULL, &log_prepare, &err), &err);
	must(hooked_act(db, id, "suspend", D(2024, 3, 5), "{\"中止理由\": \"x\"}",
			&log_prepare, &err), &err);
	must(hooked_act(db, id, "resume", D(2024, 3, 8), NULL, &log_prepare, &err), &err);
	must(hooked_act(db, id, "convert", D(2024, 3, 8), "{\"转换批准人\": \"王科长\"}",
			&log_prepare, &err), &err);
	must(hooked_act(db, id, "decide", D(2024, 3, 20), "{\"决定类型\": \"维持\"}",
			&log_prepare, &err), &err);
	must(hooked_act(db, id2, "withdraw", D(2024, 3, 2), "{}", &log_prepare, &err),
	     &err);
	/* one prepare and one after per step, for every key, in order */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM hook_log WHERE case_id = %lld"
		 " AND phase = 'after'", (long long)id);
	assert_int_equal(count(db, sql), 5);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM hook_log WHERE"
			       " phase = 'prepare'"), 6);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM (SELECT group_concat(tr, ',')"
			       " AS s FROM (SELECT tr FROM hook_log WHERE phase = 'after'"
			       " ORDER BY id)) WHERE s = 'accept,suspend,resume,convert,"
			       "decide,withdraw'"), 1);
	/* the "*" before hook refuses every transition, the "*" one too */
	{
		struct hook_ctl refuse = { 1, 0, 0 };
		int64_t id3 = open_hooked(db, NULL);
		assert_int_equal(hooked_act(db, id3, "reject", D(2024, 3, 2),
					    "{\"不予受理理由\": \"x\"}", &refuse, &err),
				 FZ_EINVAL);
		assert_int_equal(hooked_act(db, id3, "withdraw", D(2024, 3, 2),
					    NULL, &refuse, &err), FZ_EINVAL);
		assert_string_equal(state_of(db, id3), "received");
	}
	fz_store_close(db);
}

static void test_case__import_runs_the_hooks_like_a_live_step(void **state)
{
	struct fz_store *db = fresh_hooked();
	struct fz_err err = FZ_ERR_INIT;
	static const struct fz_case_actor sys = { 0, "demo", 0, "", 0, "", 1 };
	struct hook_ctl refuse = { 1, 0, 0 };
	json_t *d2 = json_pack("{s:s}", "决定类型", "维持");
	struct fz_case_step steps[] = {
		{ "accept", D(2024, 3, 4), NULL, NULL, NULL },
		{ "decide", D(2024, 3, 20), d2, NULL, NULL },
	};
	struct fz_case_step refused[] = {
		{ "accept", D(2024, 3, 4), NULL, NULL, &refuse },
	};
	struct fz_case_new nc = { 2, "/1/2/", "补录复议案", "柯政复", D(2024, 3, 1),
				  NULL, NULL };
	int64_t live = open_hooked(db, NULL), imported = 0, other = 0;
	char sql[240], a[400], b[400];
	json_t *o;

	must(hooked_act(db, live, "accept", D(2024, 3, 4), NULL, NULL, &err), &err);
	must(hooked_act(db, live, "decide", D(2024, 3, 20), "{\"决定类型\": \"维持\"}",
			NULL, &err), &err);
	must(fz_store_begin(db, &err), &err);
	must(fz_case_import(db, cal, &hooked, &sys, &nc, steps, 2, &imported, NULL,
			    &err), &err);
	/* a before hook refuses an imported step as it refuses a live one */
	assert_int_equal(fz_case_import(db, cal, &hooked, &sys, &nc, refused, 1,
					&other, NULL, &err), FZ_EINVAL);
	fz_store_rollback(db);
	must(fz_store_begin(db, &err), &err);
	must(fz_case_import(db, cal, &hooked, &sys, &nc, steps, 2, &imported, NULL,
			    &err), &err);
	must(fz_store_commit(db, &err), &err);
	/* the same records as the live case, marked imported */
	for (int i = 0; i < 2; i++) {
		int64_t id = i ? imported : live;
		struct fz_stmt *st;
		snprintf(sql, sizeof(sql), "SELECT group_concat(phase || tr || from_state"
			 " || to_state || on_date, ';') FROM (SELECT * FROM hook_log"
			 " WHERE case_id = %lld ORDER BY id)", (long long)id);
		must(fz_store_query(db, &st, &err, sql, ""), &err);
		assert_int_equal(fz_stmt_step(st, &err), 1);
		snprintf(i ? b : a, 400, "%s", fz_stmt_text(st, 0));
		fz_stmt_finish(st);
	}
	assert_string_equal(a, "afteracceptreceivedaccepted2024-03-04;"
			    "afterdecideaccepteddecided2024-03-20");
	assert_string_equal(a, b);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM hook_log WHERE case_id = %lld"
		 " AND imported = 1 AND number = '柯政复〔2024〕2号'", (long long)imported);
	assert_int_equal(count(db, sql), 2);
	/* accept's prepare completed the imported step's data too */
	must(fz_case_facts_get(db, imported, NULL, &o, &err), &err);
	assert_string_equal(json_string_value(json_object_get(o, "程序")), "普通");
	json_decref(o);
	assert_string_equal(state_of(db, imported), "decided");
	json_decref(d2);
	fz_store_close(db);
}

/* fz_case_new.created: the domain's row is written before the first step,
 * so an after hook that records the step on that row finds it during an
 * import as it does live; a failing callback fails the call. */
struct created_ctl {
	int fail;   /* the callback refuses */
	int calls;
};

static int dom_created(struct fz_store *db, int64_t case_id, const char *number,
		       void *arg, struct fz_err *err)
{
	struct created_ctl *c = arg;
	c->calls++;
	if (c->fail)
		return fz_err_set(err, FZ_EIO, NULL, "测试：领域记录写入失败");
	return fz_store_run(db, err, "INSERT INTO dom_rows (case_id, number, steps)"
			    " VALUES (?, ?, '')", "It", case_id, number);
}

/* after: the step on the domain's row, which must exist already */
static int dom_after(const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	int rc = fz_store_run(h->db, err, "UPDATE dom_rows SET steps = steps || ?"
			      " || ';' WHERE case_id = ?", "tI", h->transition,
			      h->case_id);
	if (!rc && fz_store_changes(h->db) != 1)
		return fz_err_set(err, FZ_ENOTFOUND, NULL, "测试：领域记录不存在");
	return rc;
}

static const struct fz_case_hook dom_hooks[] = {
	{ "*", NULL, NULL, dom_after },
	{ NULL, NULL, NULL, NULL }
};

static const struct fz_case_type dom_type = {
	"test.dom", "行政复议案件（领域记录）", "{prefix}〔{year}〕{seq}号",
	review_states, review_transitions, review_deadlines,
	JUS, JUS, JUS, NULL, NULL, dom_hooks
};

static void test_case__created_runs_before_the_steps(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	static const struct fz_case_actor sys = { 0, "demo", 0, "", 0, "", 1 };
	struct created_ctl ok = { 0, 0 }, bad = { 1, 0 };
	json_t *d2 = json_pack("{s:s,s:s}", "程序", "普通", "决定类型", "维持");
	struct fz_case_step steps[] = {
		{ "accept", D(2024, 3, 4), d2, NULL, NULL },
		{ "decide", D(2024, 3, 20), d2, NULL, NULL },
	};
	struct fz_case_new nc = { 2, "/1/2/", "补录复议案", "柯政复", D(2024, 3, 1),
				  NULL, NULL, dom_created, &ok };
	int64_t id = 0, live = 0;
	char num[FZ_CASE_NUMBER_LEN], sql[400];

	must(fz_store_exec(db, "CREATE TABLE dom_rows (case_id INTEGER PRIMARY KEY,"
			   " number TEXT, steps TEXT)", &err), &err);
	/* without the row the after hook refuses: the import needs created */
	must(fz_store_begin(db, &err), &err);
	nc.created = NULL;
	assert_int_equal(fz_case_import(db, cal, &dom_type, &sys, &nc, steps, 2,
					&id, num, &err), FZ_ENOTFOUND);
	fz_store_rollback(db);
	/* with it, each step's after hook found the row */
	nc.created = dom_created;
	must(fz_store_begin(db, &err), &err);
	must(fz_case_import(db, cal, &dom_type, &sys, &nc, steps, 2, &id, num,
			    &err), &err);
	must(fz_store_commit(db, &err), &err);
	assert_int_equal(ok.calls, 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM dom_rows WHERE case_id = %lld"
		 " AND number = '%s' AND steps = 'accept;decide;'", (long long)id, num);
	assert_int_equal(count(db, sql), 1);
	assert_string_equal(state_of(db, id), "decided");
	/* a failing callback fails the import, before any step */
	nc.arg = &bad;
	must(fz_store_begin(db, &err), &err);
	assert_int_equal(fz_case_import(db, cal, &dom_type, &sys, &nc, steps, 2,
					&id, num, &err), FZ_EIO);
	fz_store_rollback(db);
	assert_int_equal(bad.calls, 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM dom_rows"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases"), 1);
	/* fz_case_create calls it too, and a failure writes nothing */
	assert_int_equal(fz_case_create(db, cal, &dom_type, &justice, &nc, &live,
					num, &err), FZ_EIO);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases"), 1);
	nc.arg = &ok;
	must(fz_case_create(db, cal, &dom_type, &justice, &nc, &live, num, &err), &err);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM dom_rows WHERE case_id = %lld"
		 " AND number = '%s' AND steps = ''", (long long)live, num);
	assert_int_equal(count(db, sql), 1);
	must(fz_case_apply(db, cal, &dom_type, &justice, live,
			   &(struct fz_case_act){ "accept", D(2024, 3, 4), d2, NULL,
						  NULL }, &err), &err);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM dom_rows WHERE case_id = %lld"
		 " AND steps = 'accept;'", (long long)live);
	assert_int_equal(count(db, sql), 1);
	json_decref(d2);
	fz_store_close(db);
}

/* The lookups for domains added for supervision lists and tracking:
 * fz_case_flags_each (flags of a name across cases, open first, newest
 * raised first, by type prefix) and fz_case_find_number. */
struct flag_rows {
	int64_t ids[8];
	char resolved[8][32];
	char number[8][FZ_CASE_NUMBER_LEN];
	int n;
	int stop_at;
};

static int flag_row(const struct fz_case_flag_view *f, void *arg)
{
	struct flag_rows *r = arg;
	assert_true(r->n < 8);
	r->ids[r->n] = f->case_id;
	snprintf(r->resolved[r->n], sizeof(r->resolved[0]), "%s", f->resolved_at);
	snprintf(r->number[r->n], sizeof(r->number[0]), "%s", f->number);
	assert_string_not_equal(f->title, "");
	assert_string_not_equal(f->state, "");
	assert_string_not_equal(f->reason, "");
	r->n++;
	return r->stop_at && r->n == r->stop_at ? 7 : 0;
}

static void test_case__flags_of_a_name_across_cases_and_find_by_number(void **state)
{
	struct fz_store *db = fresh();
	struct fz_err err = FZ_ERR_INIT;
	const char *crime = "{\"罪名\": \"生产、销售伪劣产品罪\", \"销售金额\": 9000000}";
	char n1[FZ_CASE_NUMBER_LEN];
	int64_t p1 = open_penalty(db, D(2024, 3, 1), crime, n1);
	int64_t p2 = open_penalty(db, D(2024, 3, 1), crime, NULL);
	int64_t plain = open_penalty(db, D(2024, 3, 1), NULL, NULL);
	int64_t r1 = open_review(db, D(2024, 3, 1));
	int64_t found = -1;
	struct flag_rows rows = { 0 };

	/* the same flag name on a case of another type, and another name */
	must(fz_store_begin(db, &err), &err);
	must(fz_case_flag_raise(db, r1, TRANSFER_FLAG, "k", "理由", "test", NULL,
				&err), &err);
	must(fz_case_flag_raise(db, p2, "其他预警", "k", "理由", "test", NULL,
				&err), &err);
	must(fz_store_commit(db, &err), &err);
	/* raised in one second: give them distinct times to order by */
	must(fz_store_run(db, &err, "UPDATE case_flags SET raised_at ="
		" '2024-03-0' || case_id || 'T00:00:00Z'", ""), &err);
	must(fz_case_flag_resolve(db, &penalty, &office, p1, TRANSFER_FLAG,
				  "经集体讨论不予移送", &err), &err);

	/* of penalty types: the open one first, then the resolved one */
	must(fz_case_flags_each(db, TRANSFER_FLAG, "test.pen", 0, 10, flag_row,
				&rows, &err), &err);
	assert_int_equal(rows.n, 2);
	assert_int_equal(rows.ids[0], p2);
	assert_string_equal(rows.resolved[0], "");
	assert_int_equal(rows.ids[1], p1);
	assert_string_not_equal(rows.resolved[1], "");
	assert_string_equal(rows.number[1], n1);
	/* open ones only */
	memset(&rows, 0, sizeof(rows));
	must(fz_case_flags_each(db, TRANSFER_FLAG, "test.penalty", 1, 10,
				flag_row, &rows, &err), &err);
	assert_int_equal(rows.n, 1);
	assert_int_equal(rows.ids[0], p2);
	/* any type: the review case's flag, raised last, leads the open ones */
	memset(&rows, 0, sizeof(rows));
	must(fz_case_flags_each(db, TRANSFER_FLAG, NULL, 0, 10, flag_row, &rows,
				&err), &err);
	assert_int_equal(rows.n, 3);
	assert_int_equal(rows.ids[0], r1);
	assert_int_equal(rows.ids[1], p2);
	assert_int_equal(rows.ids[2], p1);
	/* max, and a callback that stops */
	memset(&rows, 0, sizeof(rows));
	must(fz_case_flags_each(db, TRANSFER_FLAG, "", 0, 1, flag_row, &rows,
				&err), &err);
	assert_int_equal(rows.n, 1);
	memset(&rows, 0, sizeof(rows));
	rows.stop_at = 2;
	assert_int_equal(fz_case_flags_each(db, TRANSFER_FLAG, NULL, 0, 10,
					    flag_row, &rows, &err), 7);
	assert_int_equal(rows.n, 2);
	/* a name nobody has */
	memset(&rows, 0, sizeof(rows));
	must(fz_case_flags_each(db, "无此预警", NULL, 0, 10, flag_row, &rows,
				&err), &err);
	assert_int_equal(rows.n, 0);
	(void)plain;

	assert_int_equal(fz_case_find_number(db, n1, &found, &err), 1);
	assert_int_equal(found, p1);
	assert_int_equal(fz_case_find_number(db, "柯综执罚〔1999〕1号", &found,
					     &err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(fz_case_find_number(db, "", &found, &err), 0);
	fz_store_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case__example_types_are_well_formed),
		cmocka_unit_test(test_case__numbers_per_prefix_and_year_never_reused),
		cmocka_unit_test(test_case__forbidden_transitions_change_nothing),
		cmocka_unit_test(test_case__due_dates_across_holidays_and_make_up_days),
		cmocka_unit_test(test_case__provisional_due_recomputed_after_notice),
		cmocka_unit_test(test_case__penalty_deadlines_follow_the_timeline),
		cmocka_unit_test(test_case__review_pause_extension_and_procedures),
		cmocka_unit_test(test_case__lights_green_yellow_red_overdue),
		cmocka_unit_test(test_case__todo_counts_what_needs_someone),
		cmocka_unit_test(test_case__transfer_warning_blocks_closing_until_handled),
		cmocka_unit_test(test_case__list_filters_and_pages),
		cmocka_unit_test(test_case__list_pages_at_the_boundaries),
		cmocka_unit_test(test_case__list_matches_a_naive_query),
		cmocka_unit_test(test_case__list_plans_use_the_indexes),
		cmocka_unit_test(test_case__json_view_has_timeline_and_actions),
		cmocka_unit_test(test_case__import_records_a_past_case_without_audit),
		cmocka_unit_test(test_case__hooks_must_name_a_transition),
		cmocka_unit_test(test_case__before_hook_refusal_changes_nothing),
		cmocka_unit_test(test_case__after_hook_failure_rolls_the_step_back),
		cmocka_unit_test(test_case__after_hook_write_is_part_of_the_step),
		cmocka_unit_test(test_case__star_hooks_run_for_every_transition),
		cmocka_unit_test(test_case__import_runs_the_hooks_like_a_live_step),
		cmocka_unit_test(test_case__created_runs_before_the_steps),
		cmocka_unit_test(test_case__flags_of_a_name_across_cases_and_find_by_number),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
