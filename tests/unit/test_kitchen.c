/* test_kitchen.c - domain/kitchen: 阳光厨房.  Times in RFC 3339 with a
 * zone, at and around their edges; escalation levels at the due instant
 * and at twice the period; a site validates and stays in its town; a
 * source's token is the only way in, and stops at revocation; an event
 * is taken once, a replay answers the same alert, the same id with other
 * content is refused; handling needs a photo of the right kind, once. */
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
#include "core/clock.h"
#include "crypto/key.h"
#include "domain/kitchen/kitchen.h"
#include "domain/org/org.h"

static char dir[64];
static struct fz_store *db;
static struct fz_keys *keys;
static int64_t root, town, town2;
static char town_path[256];

static const struct fz_case_actor officer = { 7, "officer2", FZ_ROLE_OFFICER, "/", 3, "", 0 };
static struct fz_case_actor towner = { 8, "town1", FZ_ROLE_TOWN, NULL, 2, "", 0 };

static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1";

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
	struct fz_actor a = { NULL, "" };
	char path[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-kitchen-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/k.db", dir);
	if (fz_app_open(&db, path, 1, &err) || fz_keys_new_ephemeral(&keys, &err) ||
	    fz_org_unit_add(db, &a, 0, "柯桥区", "district", "330603", &root, &err) ||
	    fz_org_unit_add(db, &a, root, "柯桥街道", "town", "330603001000", &town, &err) ||
	    fz_org_unit_add(db, &a, root, "华舍街道", "town", "330603003000", &town2, &err) ||
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
	fz_keys_free(keys);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_kitchen__rfc3339_times(void **state)
{
	int64_t t = 0;
	(void)state;
	assert_int_equal(fz_time_parse("2026-12-08T10:02:03+08:00", &t), 0);
	assert_int_equal(t, 1796695323);
	assert_int_equal(fz_time_parse("2026-12-08T02:02:03Z", &t), 0);
	assert_int_equal(t, 1796695323);
	assert_int_equal(fz_time_parse("2026-12-08T02:02:03.250z", &t), 0);
	assert_int_equal(fz_time_parse("2026-12-07T21:32:03-04:30", &t), 0);
	assert_int_equal(t, 1796695323);
	assert_int_equal(fz_time_parse("2028-02-29T00:00:00Z", &t), 0);
	assert_int_equal(t, 1835395200);
	/* a zone is required: a camera's local time means nothing here */
	assert_int_equal(fz_time_parse("2026-12-08T10:02:03", &t), -1);
	assert_int_equal(fz_time_parse("2027-02-29T00:00:00Z", &t), -1);
	assert_int_equal(fz_time_parse("2026-13-01T00:00:00Z", &t), -1);
	assert_int_equal(fz_time_parse("2026-12-08T24:00:00Z", &t), -1);
	assert_int_equal(fz_time_parse("2026-12-08T10:02:03+8:00", &t), -1);
	assert_int_equal(fz_time_parse("2026-12-08T10:02:03+08:00 ", &t), -1);
	assert_int_equal(fz_time_parse("2026-12-08T10:02:03.Z", &t), -1);
	assert_int_equal(fz_time_parse("", &t), -1);
	assert_int_equal(fz_time_parse(NULL, &t), -1);
}

static void test_kitchen__levels_at_the_edges(void **state)
{
	const char *at = "2026-12-08T02:00:00Z", *due = "2026-12-08T04:00:00Z";
	int64_t t0;
	(void)state;
	assert_int_equal(fz_time_parse(at, &t0), 0);
	assert_int_equal(fz_kitchen_level(at, due, t0), 0);
	assert_int_equal(fz_kitchen_level(at, due, t0 + 7200), 0);
	assert_int_equal(fz_kitchen_level(at, due, t0 + 7201), 1);
	assert_int_equal(fz_kitchen_level(at, due, t0 + 14400), 1);
	assert_int_equal(fz_kitchen_level(at, due, t0 + 14401), 2);
}

static void test_kitchen__types_are_cited(void **state)
{
	(void)state;
	for (const struct fz_kitchen_type *t = fz_kitchen_types; t->key; t++) {
		assert_non_null(strstr(t->basis, "食品安全法》第三十三条"));
		assert_true(t->hours >= 1 && t->hours <= 72);
		assert_ptr_equal(fz_kitchen_type(t->key), t);
	}
	assert_null(fz_kitchen_type("no_gloves"));
}

static int64_t site_in(int64_t unit, const char *name)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_kitchen_site s = { name, "school", unit, "", 800, 4 };
	int64_t id = 0;
	must(fz_kitchen_site_add(db, &officer, &s, &id, &err), &err);
	return id;
}

static void test_kitchen__sites_validate_and_keep_their_town(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_kitchen_site s = { "柯桥实验小学食堂", "school", town, "", -1, 3 };
	int64_t id = 0, before = count("SELECT count(*) FROM kitchen_sites");
	(void)state;
	s.kind = "canteen";
	assert_int_equal(fz_kitchen_site_add(db, &officer, &s, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "kind");
	s.kind = "school";
	s.unit_id = root;
	fz_err_clear(&err);
	assert_int_equal(fz_kitchen_site_add(db, &officer, &s, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "town");
	s.unit_id = town2;
	fz_err_clear(&err);
	assert_int_equal(fz_kitchen_site_add(db, &towner, &s, &id, &err), FZ_EFORBID);
	s.unit_id = town;
	s.cameras = 1000;
	fz_err_clear(&err);
	assert_int_equal(fz_kitchen_site_add(db, &towner, &s, &id, &err), FZ_EINVAL);
	assert_string_equal(err.field, "cameras");
	assert_int_equal(count("SELECT count(*) FROM kitchen_sites"), before);
	s.cameras = 3;
	must(fz_kitchen_site_add(db, &towner, &s, &id, &err), &err);
	assert_int_equal(fz_kitchen_site_add(db, &towner, &s, &id, &err), FZ_ECONFLICT);
	assert_int_equal(count("SELECT count(*) FROM kitchen_sites"), before + 1);
}

static void test_kitchen__a_token_opens_one_source_until_revoked(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char token[FZ_KITCHEN_TOKEN_LEN], bad[FZ_KITCHEN_TOKEN_LEN];
	int64_t site = site_in(town, "华舍中心小学食堂"), sid = 0, id = 0;
	struct fz_kitchen_event e = { "cam-1:0001", "no_mask", "2026-01-05T09:00:00+08:00", "后厨" };
	int what = 0;
	(void)state;
	must(fz_kitchen_source_add(db, &officer, site, "后厨智能摄像系统", &sid, token, &err), &err);
	assert_int_equal(strlen(token), FZ_KITCHEN_TOKEN_LEN - 1);
	assert_int_equal(count("SELECT count(*) FROM kitchen_sources WHERE token_hash LIKE 'fzk_%'"), 0);
	/* one changed digit is a stranger, refused and audited */
	memcpy(bad, token, sizeof(bad));
	bad[10] = bad[10] == 'a' ? 'b' : 'a';
	int64_t audits = count("SELECT count(*) FROM audit_log WHERE action = 'kitchen.event_refused'");
	assert_int_equal(fz_kitchen_event_take(db, bad, "10.0.0.9", &e, &id, &what, &err), FZ_EAUTH);
	assert_int_equal(fz_kitchen_event_take(db, NULL, "10.0.0.9", &e, &id, &what, &err), FZ_EAUTH);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'kitchen.event_refused'"),
			 audits + 2);
	assert_int_equal(count("SELECT count(*) FROM kitchen_alerts"), 0);
	fz_err_clear(&err);
	must(fz_kitchen_event_take(db, token, "10.0.0.9", &e, &id, &what, &err), &err);
	assert_int_equal(what, FZ_KITCHEN_NEW);
	/* the due instant is the occurrence plus the type's hours */
	assert_int_equal(count("SELECT count(*) FROM kitchen_alerts WHERE occurred_at ="
			       " '2026-01-05T01:00:00Z' AND due_at = '2026-01-05T03:00:00Z'"), 1);
	must(fz_kitchen_source_revoke(db, &officer, site, sid, &err), &err);
	assert_int_equal(fz_kitchen_source_revoke(db, &officer, site, sid, &err), FZ_ESTATE);
	e.event_id = "cam-1:0002";
	assert_int_equal(fz_kitchen_event_take(db, token, "", &e, &id, &what, &err), FZ_EAUTH);
	assert_int_equal(count("SELECT count(*) FROM kitchen_alerts"), 1);
	/* a town reaches only its own sites' sources */
	int64_t other = site_in(town2, "钱清小学食堂");
	assert_int_equal(fz_kitchen_source_add(db, &towner, other, "接入", &sid, token, &err),
			 FZ_ENOTFOUND);
}

static void test_kitchen__events_are_idempotent_by_id(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char token[FZ_KITCHEN_TOKEN_LEN], token2[FZ_KITCHEN_TOKEN_LEN];
	int64_t site = site_in(town, "柯桥第二幼儿园食堂"), sid, id = 0, id2 = 0, n;
	struct fz_kitchen_event e = { "E-42", "rodent", "2026-03-01T07:30:00+08:00", "仓库" };
	int what = 0;
	(void)state;
	must(fz_kitchen_source_add(db, &officer, site, "甲", &sid, token, &err), &err);
	must(fz_kitchen_source_add(db, &officer, site, "乙", &sid, token2, &err), &err);
	must(fz_kitchen_event_take(db, token, "", &e, &id, &what, &err), &err);
	n = count("SELECT count(*) FROM kitchen_alerts");
	/* the same event again, even written in another zone, is the same alert */
	e.time = "2026-02-28T23:30:00Z";
	must(fz_kitchen_event_take(db, token, "", &e, &id2, &what, &err), &err);
	assert_int_equal(what, FZ_KITCHEN_REPLAY);
	assert_int_equal(id2, id);
	assert_int_equal(count("SELECT count(*) FROM kitchen_alerts"), n);
	/* the same id with another content is refused */
	e.type = "smoking";
	assert_int_equal(fz_kitchen_event_take(db, token, "", &e, &id2, &what, &err), FZ_ECONFLICT);
	assert_string_equal(err.field, "event_id");
	/* another source may use the same id */
	e.type = "rodent";
	fz_err_clear(&err);
	must(fz_kitchen_event_take(db, token2, "", &e, &id2, &what, &err), &err);
	assert_int_equal(what, FZ_KITCHEN_NEW);
	assert_true(id2 != id);
	/* bad fields, named */
	static const struct { const char *id, *type, *time, *field; } bad[] = {
		{ "", "rodent", "2026-03-01T07:30:00Z", "event_id" },
		{ "有空 格", "rodent", "2026-03-01T07:30:00Z", "event_id" },
		{ "E-43", "gloves", "2026-03-01T07:30:00Z", "type" },
		{ "E-44", "rodent", "2026-03-01 07:30", "time" },
		{ "E-45", "rodent", "2099-03-01T07:30:00Z", "time" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fz_kitchen_event b = { bad[i].id, bad[i].type, bad[i].time, NULL };
		fz_err_clear(&err);
		assert_int_equal(fz_kitchen_event_take(db, token, "", &b, &id2, &what, &err), FZ_EINVAL);
		assert_string_equal(err.field, bad[i].field);
	}
	assert_int_equal(count("SELECT count(*) FROM kitchen_alerts"), n + 1);
}

static void test_kitchen__handling_needs_a_photo_once(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char token[FZ_KITCHEN_TOKEN_LEN];
	int64_t site = site_in(town, "柯桥颐养院食堂"), sid, id = 0;
	struct fz_kitchen_event e = { "H-1", "trash_open", "2026-04-01T11:00:00+08:00", NULL };
	struct fz_buf got = FZ_BUF_INIT;
	const char *mime = NULL;
	json_t *o;
	int what;
	(void)state;
	must(fz_kitchen_source_add(db, &officer, site, "后厨", &sid, token, &err), &err);
	must(fz_kitchen_event_take(db, token, "", &e, &id, &what, &err), &err);
	assert_int_equal(fz_kitchen_handle(db, &officer, id, "rectified", "已加盖并清理", &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "photo");
	assert_int_equal(fz_kitchen_photo_put(db, keys, &officer, id, "GIF89a....", 10, &err),
			 FZ_EINVAL);
	assert_int_equal(fz_kitchen_photo_put(db, keys, &officer, id, png, 0, &err), FZ_EINVAL);
	must(fz_kitchen_photo_put(db, keys, &officer, id, png, sizeof(png) - 1, &err), &err);
	/* sealed at rest, opened whole */
	assert_int_equal(count("SELECT count(*) FROM kitchen_photos WHERE instr(data, X'89504E47') > 0"), 0);
	must(fz_kitchen_photo_get(db, keys, id, &got, &mime, &err), &err);
	assert_int_equal(got.len, sizeof(png) - 1);
	assert_memory_equal(got.data, png, got.len);
	assert_string_equal(mime, "image/png");
	fz_buf_release(&got);
	assert_int_equal(fz_kitchen_handle(db, &officer, id, "done", "已加盖并清理", &err), FZ_EINVAL);
	assert_int_equal(fz_kitchen_handle(db, &officer, id, "rectified", "好", &err), FZ_EINVAL);
	must(fz_kitchen_handle(db, &officer, id, "rectified", "已加盖并清理", &err), &err);
	assert_int_equal(fz_kitchen_handle(db, &officer, id, "false_alarm", "再处置一次", &err),
			 FZ_ESTATE);
	assert_int_equal(fz_kitchen_photo_put(db, keys, &officer, id, png, sizeof(png) - 1, &err),
			 FZ_ESTATE);
	must(fz_kitchen_alert_json(db, id, &o, &err), &err);
	assert_string_equal(json_string_value(json_object_get(o, "state_name")), "已整改");
	assert_string_equal(json_string_value(json_object_get(o, "type_name")), "垃圾桶未加盖");
	/* handled long after its 4 hours: late */
	assert_true(json_is_true(json_object_get(o, "late")));
	json_decref(o);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'kitchen.handle'"), 1);
}

/* The daily figures kept with each write are the ones counted afresh. */
static void test_kitchen__daily_figures_agree_with_a_recount(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	const char *q = "SELECT count(*) || '|' || sum(alerts) || '|' || sum(handled) || '|' ||"
			" sum(ontime) || '|' || group_concat(day || type, ',') FROM (SELECT * FROM"
			" kitchen_daily ORDER BY unit_path, day, type)";
	struct fz_stmt *st;
	char kept[4096] = "", again[4096] = "";
	(void)state;
	must(fz_store_query(db, &st, &err, q, ""), &err);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	snprintf(kept, sizeof(kept), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	assert_true(count("SELECT sum(alerts) FROM kitchen_daily") ==
		    count("SELECT count(*) FROM kitchen_alerts"));
	assert_int_equal(count("SELECT sum(handled) FROM kitchen_daily"), 1);
	int64_t n = 0;
	must(fz_kitchen_recount(db, &n, &err), &err);
	assert_int_equal(n, count("SELECT count(*) FROM kitchen_alerts"));
	must(fz_store_query(db, &st, &err, q, ""), &err);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	snprintf(again, sizeof(again), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	assert_string_equal(kept, again);
	/* 2026-01-05T01:00:00Z is the 5th in Beijing; 2026-02-28T23:30:00Z the 1st of March */
	assert_int_equal(count("SELECT count(*) FROM kitchen_daily WHERE day = '2026-03-01'"
			       " AND type = 'rodent' AND alerts = 2"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kitchen__rfc3339_times),
		cmocka_unit_test(test_kitchen__levels_at_the_edges),
		cmocka_unit_test(test_kitchen__types_are_cited),
		cmocka_unit_test(test_kitchen__sites_validate_and_keep_their_town),
		cmocka_unit_test(test_kitchen__a_token_opens_one_source_until_revoked),
		cmocka_unit_test(test_kitchen__events_are_idempotent_by_id),
		cmocka_unit_test(test_kitchen__handling_needs_a_photo_once),
		cmocka_unit_test(test_kitchen__daily_figures_agree_with_a_recount),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
