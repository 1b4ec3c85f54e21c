/* test_audit.c - the HMAC-SM3 chained audit log: appends, verification,
 * detection of an edited, a deleted and a truncated entry, the re-keying
 * of a plain SM3 chain of an older version, and signed anchors
 * (GB/T 22239-2019 8.1.4.3 c, shared/reference/crypto.md §5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "crypto/key.h"
#include "engine/audit.h"
#include "store/store.h"

static char dir[64];
static struct fz_keys *keys;   /* the district's */
static struct fz_keys *other;  /* another district's */

static const struct fz_migration *const sets[] = { fz_audit_migrations, NULL };

static void add(struct fz_store *s, int entries)
{
	struct fz_err err = FZ_ERR_INIT;

	for (int i = 0; i < entries; i++) {
		char obj[32];
		struct fz_audit_entry e = { 7, "admin", 1, "unit.create", obj,
					    "细节", "127.0.0.1", 1 };
		snprintf(obj, sizeof(obj), "unit:%d", i);
		assert_int_equal(fz_store_begin(s, &err), 0);
		assert_int_equal(fz_audit_append(s, &e, &err), 0);
		assert_int_equal(fz_store_commit(s, &err), 0);
	}
}

/* A new log of entries entries; keyed with the district key unless k is
 * NULL (a plain SM3 chain, as older versions wrote). */
static struct fz_store *fresh_with(const struct fz_keys *k, int entries)
{
	struct fz_store *s;
	struct fz_err err = FZ_ERR_INIT;
	char path[128];
	static int n;
	int rekeyed;

	snprintf(path, sizeof(path), "%s/a%d.db", dir, n++);
	assert_int_equal(fz_store_open(&s, path, FZ_STORE_CREATE, &err), 0);
	assert_int_equal(fz_store_migrate(s, sets, &err), 0);
	assert_int_equal(fz_audit_use_keys(k, &err), 0);
	if (k) {
		assert_int_equal(fz_audit_upgrade(s, &rekeyed, &err), 0);
		assert_int_equal(rekeyed, 0); /* an empty chain: nothing to say */
		assert_int_equal(fz_audit_keyed(s, &err), 1);
	}
	add(s, entries);
	return s;
}

static struct fz_store *fresh(int entries)
{
	return fresh_with(keys, entries);
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/fz-test-audit-XXXXXX");
	if (fz_keys_new_ephemeral(&keys, NULL) ||
	    fz_keys_new_ephemeral(&other, NULL))
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[100];
	fz_audit_use_keys(NULL, NULL);
	fz_keys_free(keys);
	fz_keys_free(other);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static int verify(struct fz_store *s, int64_t *count, int64_t *bad)
{
	struct fz_err err = FZ_ERR_INIT;
	return fz_audit_verify(s, count, bad, &err);
}

static void test_audit__sound_chain_verifies(void **state)
{
	struct fz_store *s = fresh(5);
	int64_t count, bad;
	assert_int_equal(verify(s, &count, &bad), 0);
	assert_int_equal(count, 5);
	fz_store_close(s);
}

static void test_audit__empty_log_verifies(void **state)
{
	struct fz_store *s = fresh(0);
	int64_t count, bad;
	assert_int_equal(verify(s, &count, &bad), 0);
	assert_int_equal(count, 0);
	fz_store_close(s);
}

static void test_audit__append_outside_tx_is_refused(void **state)
{
	struct fz_store *s = fresh(0);
	struct fz_err err = FZ_ERR_INIT;
	struct fz_audit_entry e = { 0, "", 0, "x", "", NULL, "", 1 };
	assert_int_equal(fz_audit_append(s, &e, &err), FZ_ESTATE);
	fz_store_close(s);
}

static void test_audit__edited_entry_is_named(void **state)
{
	struct fz_store *s = fresh(5);
	struct fz_err err = FZ_ERR_INIT;
	int64_t count, bad;
	assert_int_equal(fz_store_exec(s,
		"UPDATE audit_log SET detail = 'changed' WHERE seq = 3", &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_ECONFLICT);
	assert_int_equal(bad, 3);
	fz_store_close(s);
}

static void test_audit__edited_and_rehashed_entry_breaks_the_next(void **state)
{
	/* Someone who edits a row and recomputes only its hash is caught by
	 * the next entry's link. */
	struct fz_store *s = fresh(5);
	struct fz_err err = FZ_ERR_INIT;
	int64_t count, bad;
	assert_int_equal(fz_store_exec(s,
		"UPDATE audit_log SET hash = '" "ab" "' WHERE seq = 2", &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_ECONFLICT);
	assert_int_equal(bad, 2);
	fz_store_close(s);
}

static void test_audit__deleted_middle_entry_is_named(void **state)
{
	struct fz_store *s = fresh(5);
	struct fz_err err = FZ_ERR_INIT;
	int64_t count, bad;
	assert_int_equal(fz_store_exec(s, "DELETE FROM audit_log WHERE seq = 2",
				       &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_ECONFLICT);
	assert_int_equal(bad, 2);
	fz_store_close(s);
}

static void test_audit__deleted_last_entry_is_caught_by_head(void **state)
{
	struct fz_store *s = fresh(5);
	struct fz_err err = FZ_ERR_INIT;
	int64_t count, bad;
	assert_int_equal(fz_store_exec(s, "DELETE FROM audit_log WHERE seq = 5",
				       &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_ECONFLICT);
	assert_int_equal(bad, 5);
	fz_store_close(s);
}

static void test_audit__rolled_back_append_leaves_chain_sound(void **state)
{
	struct fz_store *s = fresh(2);
	struct fz_err err = FZ_ERR_INIT;
	struct fz_audit_entry e = { 1, "a", 1, "x", "", NULL, "", 1 };
	int64_t count, bad;
	assert_int_equal(fz_store_begin(s, &err), 0);
	assert_int_equal(fz_audit_append(s, &e, &err), 0);
	fz_store_rollback(s);
	assert_int_equal(verify(s, &count, &bad), 0);
	assert_int_equal(count, 2);
	fz_store_close(s);
}

/* fz_audit_page: what the admin's audit page lists. */
struct seen {
	int64_t seq[8];
	char actor[8][16];
	int n;
	int stop_at;   /* stop after this many rows (0: never) */
};

static int collect(const struct fz_audit_row *r, void *arg)
{
	struct seen *s = arg;
	assert_true(s->n < 8);
	s->seq[s->n] = r->seq;
	snprintf(s->actor[s->n], sizeof(s->actor[0]), "%s", r->e.actor);
	assert_non_null(r->at);
	assert_true(strlen(r->at) >= 20);
	s->n++;
	return s->stop_at && s->n == s->stop_at ? 42 : 0;
}

static void append(struct fz_store *s, const char *actor, const char *action)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_audit_entry e = { 3, actor, 2, action, "user:3", "改密码",
				    "10.0.0.1", 0 };
	assert_int_equal(fz_store_begin(s, &err), 0);
	assert_int_equal(fz_audit_append(s, &e, &err), 0);
	assert_int_equal(fz_store_commit(s, &err), 0);
}

static void test_audit__page_filters_counts_and_pages_newest_first(void **state)
{
	struct fz_store *s = fresh(3);   /* seq 1..3: admin, unit.create */
	struct fz_err err = FZ_ERR_INIT;
	struct seen v = { 0 };
	int64_t total = -1;

	append(s, "zhang", "user.password");   /* 4 */
	append(s, "admin", "user.password");   /* 5 */
	/* no filter ("" is none): every entry, newest first, two per page */
	assert_int_equal(fz_audit_page(s, "", NULL, 0, 2, &total, collect, &v,
				       &err), 0);
	assert_int_equal(total, 5);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.seq[0], 5);
	assert_int_equal(v.seq[1], 4);
	/* the last page holds what is left */
	memset(&v, 0, sizeof(v));
	assert_int_equal(fz_audit_page(s, NULL, NULL, 4, 2, &total, collect, &v,
				       &err), 0);
	assert_int_equal(total, 5);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.seq[0], 1);
	/* by action, by actor, by both */
	memset(&v, 0, sizeof(v));
	assert_int_equal(fz_audit_page(s, "user.password", NULL, 0, 20, &total,
				       collect, &v, &err), 0);
	assert_int_equal(total, 2);
	assert_int_equal(v.n, 2);
	memset(&v, 0, sizeof(v));
	assert_int_equal(fz_audit_page(s, NULL, "admin", 0, 20, &total, collect,
				       &v, &err), 0);
	assert_int_equal(total, 4);
	assert_int_equal(v.n, 4);
	memset(&v, 0, sizeof(v));
	assert_int_equal(fz_audit_page(s, "user.password", "zhang", 0, 20, &total,
				       collect, &v, &err), 0);
	assert_int_equal(total, 1);
	assert_int_equal(v.seq[0], 4);
	assert_string_equal(v.actor[0], "zhang");
	/* nothing matches: total 0, no call */
	memset(&v, 0, sizeof(v));
	assert_int_equal(fz_audit_page(s, "login", NULL, 0, 20, &total, collect,
				       &v, &err), 0);
	assert_int_equal(total, 0);
	assert_int_equal(v.n, 0);
	/* the callback's non-zero answer stops the walk and is returned */
	memset(&v, 0, sizeof(v));
	v.stop_at = 1;
	assert_int_equal(fz_audit_page(s, NULL, NULL, 0, 20, &total, collect, &v,
				       &err), 42);
	assert_int_equal(v.n, 1);
	fz_store_close(s);
}

/* ---- the key -------------------------------------------------------------- */

static void test_audit__chain_needs_the_district_key(void **state)
{
	struct fz_store *s = fresh(4);
	struct fz_err err = FZ_ERR_INIT;
	int64_t count, bad;

	/* another district's key file is named as such, not as tampering */
	assert_int_equal(fz_audit_use_keys(other, &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_EINVAL);
	/* ... and with the fingerprint blanked, every MAC is wrong */
	assert_int_equal(fz_store_exec(s, "UPDATE audit_head SET key_id = ''",
				       &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_ECONFLICT);
	assert_int_equal(bad, 1);
	/* no key at all: a keyed chain can be neither checked nor extended */
	assert_int_equal(fz_audit_use_keys(NULL, &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_ESTATE);
	assert_int_equal(fz_audit_use_keys(keys, &err), 0);
	assert_int_equal(verify(s, &count, &bad), 0);
	assert_int_equal(count, 4);
	fz_store_close(s);
}

static void test_audit__plain_chain_is_rekeyed_once_with_an_entry(void **state)
{
	struct fz_store *s = fresh_with(NULL, 5);
	struct fz_err err = FZ_ERR_INIT;
	int64_t count, bad, n = 0;
	int rekeyed = -1;

	assert_int_equal(fz_audit_keyed(s, &err), 0);
	assert_int_equal(fz_audit_use_keys(keys, &err), 0);
	assert_int_equal(fz_audit_upgrade(s, &rekeyed, &err), 0);
	assert_int_equal(rekeyed, 1);
	assert_int_equal(fz_audit_keyed(s, &err), 1);
	assert_int_equal(verify(s, &count, &bad), 0);
	assert_int_equal(count, 6);
	assert_int_equal(fz_store_int(s, &n, &err, "SELECT count(*) FROM audit_log"
		" WHERE seq = 6 AND action = 'audit.rekey'", ""), 1);
	assert_int_equal(n, 1);
	/* a second open changes nothing */
	assert_int_equal(fz_audit_upgrade(s, &rekeyed, &err), 0);
	assert_int_equal(rekeyed, 0);
	assert_int_equal(verify(s, &count, &bad), 0);
	assert_int_equal(count, 6);
	fz_store_close(s);
}

static void test_audit__broken_plain_chain_is_not_rekeyed(void **state)
{
	struct fz_store *s = fresh_with(NULL, 5);
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = 0;
	int rekeyed = -1;

	assert_int_equal(fz_store_exec(s, "DELETE FROM audit_log WHERE seq = 3",
				       &err), 0);
	assert_int_equal(fz_audit_use_keys(keys, &err), 0);
	assert_int_equal(fz_audit_upgrade(s, &rekeyed, &err), FZ_ECONFLICT);
	assert_non_null(strstr(err.msg, "第 3 条"));
	assert_int_equal(rekeyed, 0);
	/* left exactly as found: still plain, four rows, no new entry */
	assert_int_equal(fz_audit_keyed(s, &err), 0);
	assert_int_equal(fz_store_int(s, &n, &err, "SELECT count(*) FROM audit_log", ""), 1);
	assert_int_equal(n, 4);
	fz_store_close(s);
}

static void test_audit__downgraded_head_is_refused_with_the_key(void **state)
{
	/* Someone marks a keyed chain as plain while the program runs with
	 * its key: neither verify nor append accepts it. */
	struct fz_store *s = fresh(3);
	struct fz_err err = FZ_ERR_INIT;
	struct fz_audit_entry e = { 1, "a", 1, "x", "", NULL, "", 1 };
	int64_t count, bad;

	assert_int_equal(fz_store_exec(s, "UPDATE audit_head SET alg = 'sm3'",
				       &err), 0);
	assert_int_equal(verify(s, &count, &bad), FZ_ECONFLICT);
	assert_int_equal(fz_store_begin(s, &err), 0);
	assert_int_equal(fz_audit_append(s, &e, &err), FZ_ECONFLICT);
	fz_store_rollback(s);
	fz_store_close(s);
}

/* ---- anchors ----------------------------------------------------------- */

static void test_audit__anchor_signs_the_head_and_checks(void **state)
{
	struct fz_store *s = fresh(6);
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf line = FZ_BUF_INIT;
	int64_t seq = 0, count, bad;
	char *p;

	assert_int_equal(fz_audit_anchor(s, keys, &line, &err), 0);
	assert_non_null(strstr(line.data, "fazhi-audit-anchor 1 seq=7 at="));
	assert_int_equal(fz_audit_anchor_check(s, keys, line.data, &seq, &err), 0);
	assert_int_equal(seq, 7);
	/* another district's key does not vouch for it */
	assert_int_equal(fz_audit_anchor_check(s, other, line.data, &seq, &err),
			 FZ_EINVAL);
	/* a changed sequence number breaks the signature */
	p = strstr(line.data, "seq=7");
	p[4] = '6';
	assert_int_equal(fz_audit_anchor_check(s, keys, line.data, &seq, &err),
			 FZ_EINVAL);
	p[4] = '7';
	assert_int_equal(fz_audit_anchor_check(s, keys, "fazhi-audit-anchor 1 x",
					       &seq, &err), FZ_EINVAL);
	/* Later entries do not disturb it. */
	add(s, 2);
	assert_int_equal(fz_audit_anchor_check(s, keys, line.data, &seq, &err), 0);
	/* Cutting the tail and pointing the head at an earlier entry needs no
	 * key and passes verify; the anchor catches it. */
	assert_int_equal(fz_store_exec(s, "DELETE FROM audit_log WHERE seq >= 5;"
		"UPDATE audit_head SET seq = 4,"
		" hash = (SELECT hash FROM audit_log WHERE seq = 4)", &err), 0);
	assert_int_equal(verify(s, &count, &bad), 0);
	assert_int_equal(count, 4);
	assert_int_equal(fz_audit_anchor_check(s, keys, line.data, &seq, &err),
			 FZ_ECONFLICT);
	assert_non_null(strstr(err.msg, "第 7 条"));
	fz_buf_release(&line);
	fz_store_close(s);
}

static void test_audit__anchor_refuses_a_broken_chain(void **state)
{
	struct fz_store *s = fresh(3);
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf line = FZ_BUF_INIT;
	int64_t n = 0;

	assert_int_equal(fz_store_exec(s,
		"UPDATE audit_log SET detail = 'x' WHERE seq = 2", &err), 0);
	assert_int_equal(fz_audit_anchor(s, keys, &line, &err), FZ_ECONFLICT);
	assert_int_equal(line.len, 0);
	assert_int_equal(fz_store_int(s, &n, &err, "SELECT count(*) FROM audit_log", ""), 1);
	assert_int_equal(n, 3);
	fz_buf_release(&line);
	fz_store_close(s);
}

/* ---- words for people ---- */

static int name_case(struct fz_store *db, int64_t id, const char *action,
		     char *obj, char *act, size_t n)
{
	if (id != 7)
		return -1;               /* a record that is gone */
	snprintf(obj, n, "柯综执罚〔2026〕7号");
	if (!strcmp(action, "case.decide"))
		snprintf(act, n, "作出处罚决定");
	return 0;
}

static const struct fz_audit_namer namers[] = {
	{ "case", name_case, "案件" },
	{ "audit_log", NULL, "审计日志" },
	{ NULL, NULL, NULL }
};

static void test_audit__words_name_objects_and_fall_back_to_the_label(void **state)
{
	char obj[64], act[64];

	fz_audit_words(NULL, namers, "case:7", "case.decide", obj, act, sizeof(obj));
	assert_string_equal(obj, "柯综执罚〔2026〕7号");
	assert_string_equal(act, "作出处罚决定");
	fz_audit_words(NULL, namers, "case:7", "case.close", obj, act, sizeof(obj));
	assert_string_equal(act, "");
	/* gone: the kind's label, no number */
	fz_audit_words(NULL, namers, "case:8", "case.decide", obj, act, sizeof(obj));
	assert_string_equal(obj, "案件");
	assert_string_equal(act, "");
	fz_audit_words(NULL, namers, "audit_log", "audit.verify", obj, act, sizeof(obj));
	assert_string_equal(obj, "审计日志");
	/* a kind is matched whole: "cases:7" is not "case" */
	fz_audit_words(NULL, namers, "cases:7", "x", obj, act, sizeof(obj));
	assert_string_equal(obj, "");
	fz_audit_words(NULL, namers, "", "login", obj, act, sizeof(obj));
	assert_string_equal(obj, "");
	fz_audit_words(NULL, NULL, "case:7", "x", obj, act, sizeof(obj));
	assert_string_equal(obj, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit__sound_chain_verifies),
		cmocka_unit_test(test_audit__empty_log_verifies),
		cmocka_unit_test(test_audit__append_outside_tx_is_refused),
		cmocka_unit_test(test_audit__edited_entry_is_named),
		cmocka_unit_test(test_audit__edited_and_rehashed_entry_breaks_the_next),
		cmocka_unit_test(test_audit__deleted_middle_entry_is_named),
		cmocka_unit_test(test_audit__deleted_last_entry_is_caught_by_head),
		cmocka_unit_test(test_audit__rolled_back_append_leaves_chain_sound),
		cmocka_unit_test(test_audit__page_filters_counts_and_pages_newest_first),
		cmocka_unit_test(test_audit__chain_needs_the_district_key),
		cmocka_unit_test(test_audit__plain_chain_is_rekeyed_once_with_an_entry),
		cmocka_unit_test(test_audit__broken_plain_chain_is_not_rekeyed),
		cmocka_unit_test(test_audit__downgraded_head_is_refused_with_the_key),
		cmocka_unit_test(test_audit__anchor_signs_the_head_and_checks),
		cmocka_unit_test(test_audit__anchor_refuses_a_broken_chain),
		cmocka_unit_test(test_audit__words_name_objects_and_fall_back_to_the_label),
	};
	return cmocka_run_group_tests_name("audit", tests, setup, teardown);
}
