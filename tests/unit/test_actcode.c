/* test_actcode.c - 行政行为码 tokens (src/engine/actcode/actcode.c):
 * round trip, tampering (one changed byte), forgery (another key),
 * revocation hook, strict parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/key.h"
#include "crypto/sm.h"
#include "engine/actcode/actcode.h"

struct keys2 {
	struct fz_keys *a, *b;
};

static int setup(void **state)
{
	static struct keys2 k;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_keys_new_ephemeral(&k.a, &err) || fz_keys_new_ephemeral(&k.b, &err))
		return -1;
	*state = &k;
	return 0;
}

static int teardown(void **state)
{
	struct keys2 *k = *state;
	fz_keys_free(k->a);
	fz_keys_free(k->b);
	return 0;
}

static struct fz_actcode sample(void)
{
	struct fz_actcode c;
	memset(&c, 0, sizeof(c));
	c.type = FZ_ACT_PENALTY;
	c.date = (struct fz_date){ 2024, 5, 6 };
	strcpy(c.agency, "KQZF");
	c.act_id = 123456;
	return c;
}

static void sign(const struct fz_keys *k, const struct fz_actcode *c,
		 struct fz_buf *out)
{
	struct fz_err err = FZ_ERR_INIT;
	if (fz_actcode_sign(fz_keys_sm2(k), c, out, &err))
		fail_msg("sign: %s", err.msg);
}

static void test_actcode__round_trip(void **state)
{
	struct keys2 *k = *state;
	struct fz_actcode c = sample(), got;
	struct fz_buf t = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	unsigned char id[FZ_ACTCODE_KEYID_LEN];

	sign(k->a, &c, &t);
	/* 80 bytes -> 107 base64url characters (actcode.h) */
	assert_int_equal(t.len, 107);
	assert_null(strpbrk(t.data, "+/="));
	assert_int_equal(fz_actcode_verify(fz_keys_sm2(k->a), t.data, t.len,
					   &got, &err), 0);
	assert_int_equal(got.version, 1);
	assert_int_equal(got.type, FZ_ACT_PENALTY);
	assert_int_equal(got.date.y, 2024);
	assert_int_equal(got.date.m, 5);
	assert_int_equal(got.date.d, 6);
	assert_string_equal(got.agency, "KQZF");
	assert_int_equal(got.act_id, 123456);
	assert_int_equal(fz_actcode_key_id(fz_keys_sm2(k->a), id, NULL), 0);
	assert_memory_equal(got.key_id, id, sizeof(id));
	fz_buf_release(&t);
}

static void test_actcode__extremes_round_trip(void **state)
{
	struct keys2 *k = *state;
	struct fz_actcode c = sample(), got;
	struct fz_err err = FZ_ERR_INIT;
	const int64_t ids[] = { 1, 127, 128, 16383, 16384, INT64_MAX };

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct fz_buf t = FZ_BUF_INIT;
		c.act_id = ids[i];
		c.date = i % 2 ? (struct fz_date){ 2000, 1, 1 }
			       : (struct fz_date){ 2179, 6, 6 };
		strcpy(c.agency, i % 2 ? "A" : "ABCDEFGHIJ12");
		c.type = 1 + (int)i % FZ_ACT_TYPE_MAX;
		sign(k->a, &c, &t);
		assert_true(t.len <= FZ_ACTCODE_TEXT_MAX);
		if (fz_actcode_verify(fz_keys_sm2(k->a), t.data, t.len, &got,
				      &err))
			fail_msg("id %lld: %s", (long long)ids[i], err.msg);
		assert_int_equal(got.act_id, ids[i]);
		assert_int_equal(fz_date_cmp(got.date, c.date), 0);
		assert_string_equal(got.agency, c.agency);
		assert_int_equal(got.type, c.type);
		fz_buf_release(&t);
	}
}

static void test_actcode__sign_rejects_bad_content(void **state)
{
	struct keys2 *k = *state;
	struct fz_actcode c;
	struct fz_buf t = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	const struct fz_sm2_key *key = fz_keys_sm2(k->a);

	c = sample(); c.type = 0;
	assert_int_equal(fz_actcode_sign(key, &c, &t, &err), FZ_EINVAL);
	assert_string_equal(err.field, "type");
	c = sample(); c.date = (struct fz_date){ 1999, 12, 31 };
	assert_int_equal(fz_actcode_sign(key, &c, &t, &err), FZ_EINVAL);
	assert_string_equal(err.field, "date");
	c = sample(); c.date = (struct fz_date){ 2179, 6, 7 };
	assert_int_equal(fz_actcode_sign(key, &c, &t, &err), FZ_EINVAL);
	c = sample(); strcpy(c.agency, "kqzf");
	assert_int_equal(fz_actcode_sign(key, &c, &t, &err), FZ_EINVAL);
	assert_string_equal(err.field, "agency");
	c = sample(); strcpy(c.agency, "");
	assert_int_equal(fz_actcode_sign(key, &c, &t, &err), FZ_EINVAL);
	c = sample(); c.act_id = 0;
	assert_int_equal(fz_actcode_sign(key, &c, &t, &err), FZ_EINVAL);
	assert_string_equal(err.field, "act_id");
	assert_int_equal(t.len, 0);
}

/* Every single-byte change of the text is refused, never accepted with
 * other content (the "one changed byte"). */
static void test_actcode__any_changed_character_fails(void **state)
{
	struct keys2 *k = *state;
	struct fz_actcode c = sample();
	struct fz_buf t = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	static const char alt[] = "AQg_-z9";

	sign(k->a, &c, &t);
	for (size_t i = 0; i < t.len; i++) {
		char keep = t.data[i];
		for (const char *a = alt; *a; a++) {
			if (*a == keep)
				continue;
			t.data[i] = *a;
			if (!fz_actcode_verify(fz_keys_sm2(k->a), t.data,
					       t.len, NULL, &err))
				fail_msg("accepted change at %zu to %c", i, *a);
			assert_int_equal(err.code, FZ_EINVAL);
		}
		t.data[i] = keep;
	}
	assert_int_equal(fz_actcode_verify(fz_keys_sm2(k->a), t.data, t.len,
					   NULL, &err), 0);
	fz_buf_release(&t);
}

/* A token signed with another key (a forger's) names another key id; with
 * the key id patched to ours, the signature fails. */
static void test_actcode__other_key_fails(void **state)
{
	struct keys2 *k = *state;
	struct fz_actcode c = sample(), parsed;
	struct fz_buf t = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;

	sign(k->b, &c, &t);
	assert_int_equal(fz_actcode_parse(t.data, t.len, &parsed, &err), 0);
	assert_int_equal(fz_actcode_verify(fz_keys_sm2(k->a), t.data, t.len,
					   NULL, &err), FZ_EINVAL);
	assert_string_equal(err.field, "key_id");

	/* Patch the key id: bytes 1..4 are text characters 1..6 (bits 8..39).
	 * Re-encode from our own token's first 8 characters, which cover
	 * bytes 0..5: version, key id, and the type (same in both). */
	{
		struct fz_buf ours = FZ_BUF_INIT;
		sign(k->a, &c, &ours);
		memcpy(t.data, ours.data, 8);
		fz_buf_release(&ours);
	}
	assert_int_equal(fz_actcode_verify(fz_keys_sm2(k->a), t.data, t.len,
					   NULL, &err), FZ_EINVAL);
	assert_string_equal(err.field, "signature");
	fz_buf_release(&t);
}

static int revoked_123456(void *ctx, const char *text,
			  const struct fz_actcode *c, struct fz_err *err)
{
	int *calls = ctx;
	(*calls)++;
	return c->act_id == 123456;
}

static void test_actcode__revocation_hook(void **state)
{
	struct keys2 *k = *state;
	struct fz_actcode c = sample(), got;
	struct fz_buf t = FZ_BUF_INIT, t2 = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	int calls = 0;

	sign(k->a, &c, &t);
	c.act_id = 7;
	sign(k->a, &c, &t2);
	assert_int_equal(fz_actcode_verify_ex(fz_keys_sm2(k->a), t.data, t.len,
					      revoked_123456, &calls, &got,
					      &err), FZ_ESTATE);
	assert_string_equal(err.field, "revoked");
	assert_int_equal(got.act_id, 123456);
	assert_int_equal(fz_actcode_verify_ex(fz_keys_sm2(k->a), t2.data,
					      t2.len, revoked_123456, &calls,
					      &got, &err), 0);
	assert_int_equal(calls, 2);
	fz_buf_release(&t);
	fz_buf_release(&t2);
}

static void test_actcode__parse_is_strict(void **state)
{
	struct keys2 *k = *state;
	struct fz_actcode c = sample(), got;
	struct fz_buf t = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	char s[256];

	sign(k->a, &c, &t);
	assert_int_equal(fz_actcode_parse(t.data, t.len, &got, &err), 0);
	/* trailing character, padding, whitespace, truncation, empty */
	snprintf(s, sizeof(s), "%sA", t.data);
	assert_int_equal(fz_actcode_parse(s, strlen(s), &got, &err), FZ_EINVAL);
	snprintf(s, sizeof(s), "%s=", t.data);
	assert_int_equal(fz_actcode_parse(s, strlen(s), &got, &err), FZ_EINVAL);
	snprintf(s, sizeof(s), " %s", t.data);
	assert_int_equal(fz_actcode_parse(s, strlen(s), &got, &err), FZ_EINVAL);
	assert_int_equal(fz_actcode_parse(t.data, t.len - 4, &got, &err),
			 FZ_EINVAL);
	assert_int_equal(fz_actcode_parse("", 0, &got, &err), FZ_EINVAL);
	assert_string_equal(err.field, "token");
	/* standard base64 characters are not base64url */
	strcpy(s, t.data);
	s[10] = '+';
	assert_int_equal(fz_actcode_parse(s, strlen(s), &got, &err), FZ_EINVAL);
	/* A 6-letter agency gives 82 bytes = 110 characters, whose last one
	 * carries 4 unused bits.  Setting one decodes to the same bytes, so
	 * accepting it would give one act two texts: refused. */
	fz_buf_release(&t);
	strcpy(c.agency, "KQZFAB");
	sign(k->a, &c, &t);
	assert_int_equal(t.len, 110);
	{
		static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"abcdefghijklmnopqrstuvwxyz0123456789-_";
		int v = (int)(strchr(al, t.data[109]) - al);
		assert_int_equal(v & 3, 0);
		strcpy(s, t.data);
		s[109] = al[v | 1];
		assert_int_equal(fz_actcode_parse(s, strlen(s), &got, &err),
				 FZ_EINVAL);
		assert_non_null(strstr(err.msg, "编码不规范"));
	}
	fz_buf_release(&t);
}

static void test_actcode__type_names(void **state)
{
	(void)state;
	assert_string_equal(fz_actcode_type_name(FZ_ACT_INSPECTION), "行政检查");
	assert_string_equal(fz_actcode_type_key(FZ_ACT_PENALTY), "penalty");
	assert_string_equal(fz_actcode_type_name(0), "未知");
	assert_string_equal(fz_actcode_type_key(99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_actcode__round_trip),
		cmocka_unit_test(test_actcode__extremes_round_trip),
		cmocka_unit_test(test_actcode__sign_rejects_bad_content),
		cmocka_unit_test(test_actcode__any_changed_character_fails),
		cmocka_unit_test(test_actcode__other_key_fails),
		cmocka_unit_test(test_actcode__revocation_hook),
		cmocka_unit_test(test_actcode__parse_is_strict),
		cmocka_unit_test(test_actcode__type_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
