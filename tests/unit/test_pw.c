/* test_pw.c - argon2id hashes, the password policy (GB/T 22239-2019
 * 8.1.4.1 a), assessment practice values), random bytes and tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "crypto/pw.h"

/* Cheap hashes for the suite; one test unsets it to see the real cost. */
static int setup_fast(void **state)
{
	(void)state;
	return setenv("FAZHI_PW_FAST", "1", 1);
}

static void test_pw__hash_and_verify(void **state)
{
	char h[FZ_PW_HASH_MAX];
	(void)state;
	assert_int_equal(fz_pw_hash("Correct-Horse-9", h, NULL), 0);
	assert_int_equal(strncmp(h, "$argon2id$v=19$", 15), 0);
	assert_true(strlen(h) < FZ_PW_HASH_MAX);
	assert_null(strstr(h, "Correct"));
	assert_int_equal(fz_pw_verify(h, "Correct-Horse-9"), 0);
	assert_int_equal(fz_pw_verify(h, "Correct-Horse-8"), FZ_EAUTH);
	assert_int_equal(fz_pw_verify(h, "correct-Horse-9"), FZ_EAUTH);
	assert_int_equal(fz_pw_verify(h, ""), FZ_EAUTH);
	assert_int_equal(fz_pw_verify(h, "Correct-Horse-9 "), FZ_EAUTH);
}

static void test_pw__hash_is_salted(void **state)
{
	char a[FZ_PW_HASH_MAX], b[FZ_PW_HASH_MAX];
	(void)state;
	assert_int_equal(fz_pw_hash("Same-Pass-1", a, NULL), 0);
	assert_int_equal(fz_pw_hash("Same-Pass-1", b, NULL), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(fz_pw_verify(a, "Same-Pass-1"), 0);
	assert_int_equal(fz_pw_verify(b, "Same-Pass-1"), 0);
}

static void test_pw__chinese_password(void **state)
{
	char h[FZ_PW_HASH_MAX];
	(void)state;
	assert_int_equal(fz_pw_hash("柯桥区依法治区2024!", h, NULL), 0);
	assert_int_equal(fz_pw_verify(h, "柯桥区依法治区2024!"), 0);
	assert_int_equal(fz_pw_verify(h, "柯桥区依法治区2024?"), FZ_EAUTH);
}

static void test_pw__verify_rejects_malformed_stored(void **state)
{
	char longstr[300];
	(void)state;
	memset(longstr, 'a', sizeof(longstr) - 1);
	longstr[sizeof(longstr) - 1] = '\0';
	assert_int_equal(fz_pw_verify("", "x"), FZ_EAUTH);
	assert_int_equal(fz_pw_verify("$argon2id$garbage", "x"), FZ_EAUTH);
	assert_int_equal(fz_pw_verify(longstr, "x"), FZ_EAUTH);
	assert_int_equal(fz_pw_verify(NULL, "x"), FZ_EAUTH);
	assert_int_equal(fz_pw_needs_rehash("not a hash"), 1);
	assert_int_equal(fz_pw_needs_rehash(longstr), 1);
}

static void test_pw__too_long_password(void **state)
{
	char pw[FZ_PW_MAX_BYTES + 2], h[FZ_PW_HASH_MAX];
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	memset(pw, 'a', FZ_PW_MAX_BYTES);
	pw[FZ_PW_MAX_BYTES] = '\0';
	assert_int_equal(fz_pw_hash(pw, h, NULL), 0);     /* 128: fine */
	assert_int_equal(fz_pw_verify(h, pw), 0);
	pw[FZ_PW_MAX_BYTES] = 'a';
	pw[FZ_PW_MAX_BYTES + 1] = '\0';
	assert_int_equal(fz_pw_hash(pw, h, &err), FZ_EINVAL);  /* 129 */
	assert_string_equal(err.field, "password");
	assert_int_equal(fz_pw_verify(h, pw), FZ_EAUTH);
}

/* The stored string carries its parameters: a hash made in fast mode
 * verifies in normal mode, and normal mode asks for a re-hash. */
static void test_pw__parameters_travel_with_the_hash(void **state)
{
	char fast[FZ_PW_HASH_MAX], slow[FZ_PW_HASH_MAX];
	(void)state;
	assert_int_equal(fz_pw_hash("Travel-Pass-7", fast, NULL), 0);
	assert_non_null(strstr(fast, "m=8,t=1,"));
	assert_int_equal(fz_pw_needs_rehash(fast), 0);

	assert_int_equal(unsetenv("FAZHI_PW_FAST"), 0);
	assert_int_equal(fz_pw_verify(fast, "Travel-Pass-7"), 0);
	assert_int_equal(fz_pw_needs_rehash(fast), 1);
	assert_int_equal(fz_pw_hash("Travel-Pass-7", slow, NULL), 0);
	/* OPSLIMIT_INTERACTIVE = 2, MEMLIMIT_INTERACTIVE = 64 MiB */
	assert_non_null(strstr(slow, "m=65536,t=2,"));
	assert_int_equal(fz_pw_needs_rehash(slow), 0);
	assert_int_equal(fz_pw_verify(slow, "Travel-Pass-7"), 0);
	assert_int_equal(setenv("FAZHI_PW_FAST", "1", 1), 0);

	assert_int_equal(fz_pw_verify(slow, "Travel-Pass-7"), 0);
	assert_int_equal(fz_pw_needs_rehash(slow), 1);
	/* any other value than "1" is not fast mode */
	assert_int_equal(setenv("FAZHI_PW_FAST", "yes", 1), 0);
	assert_int_equal(fz_pw_needs_rehash(slow), 0);
	assert_int_equal(setenv("FAZHI_PW_FAST", "1", 1), 0);
}

/* ---- policy ------------------------------------------------------------- */

static void expect_refused(const char *pw, const char *login,
			   const char *msg_part)
{
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_pw_policy(pw, login, &err), FZ_EINVAL);
	assert_int_equal(err.code, FZ_EINVAL);
	assert_string_equal(err.field, "password");
	if (!strstr(err.msg, msg_part))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", pw, err.msg,
			 msg_part);
}

static void test_pw__policy_accepts_good_passwords(void **state)
{
	(void)state;
	assert_int_equal(fz_pw_policy("Kqfzb7!x", "zhangsan", NULL), 0);
	assert_int_equal(fz_pw_policy("kqfzb7!x", "zhangsan", NULL), 0);
	assert_int_equal(fz_pw_policy("KQFZB7!X", NULL, NULL), 0);
	assert_int_equal(fz_pw_policy("Kqfzbxr7", "", NULL), 0);
	assert_int_equal(fz_pw_policy("Kqfzbxr ", "", NULL), 0);
	/* Chinese counts as the fourth class, and per character */
	assert_int_equal(fz_pw_policy("法治柯桥ab12", "li", NULL), 0);
}

static void test_pw__policy_counts_characters_not_bytes(void **state)
{
	(void)state;
	/* 7 characters, 13 bytes */
	expect_refused("法治Ab1法治", NULL, "至少需要 8 个字符");
	/* 8 characters */
	assert_int_equal(fz_pw_policy("法治Ab1法治!", NULL, NULL), 0);
	expect_refused("Abc1!xy", NULL, "8 个字符");
	expect_refused("", NULL, "请输入密码");
	expect_refused(NULL, NULL, "请输入密码");
}

static void test_pw__policy_needs_three_classes(void **state)
{
	(void)state;
	expect_refused("abcdefgh", NULL, "至少三类");
	expect_refused("abcdefg1", NULL, "至少三类");
	expect_refused("ABCDEFG!", NULL, "至少三类");
	expect_refused("12345678!", NULL, "至少三类");
	expect_refused("法治柯桥法治柯桥", NULL, "至少三类");
}

static void test_pw__policy_byte_ceiling(void **state)
{
	char pw[FZ_PW_MAX_BYTES + 2];
	(void)state;
	/* a varied filler: runs of one character are refused on their own */
	for (size_t i = 0; i < sizeof(pw); i++)
		pw[i] = "kqfzbxrtnm"[i % 10];
	memcpy(pw, "A1", 2);
	pw[FZ_PW_MAX_BYTES] = '\0';
	assert_int_equal(fz_pw_policy(pw, NULL, NULL), 0);
	pw[FZ_PW_MAX_BYTES] = 'a';
	pw[FZ_PW_MAX_BYTES + 1] = '\0';
	expect_refused(pw, NULL, "128");
}

static void test_pw__policy_refuses_login_name(void **state)
{
	(void)state;
	expect_refused("Zhangsan1!", "zhangsan", "登录名");
	expect_refused("x!ZHANGSAN9", "ZhangSan", "登录名");
	expect_refused("管理员Admin1", "管理员", "登录名");
	assert_int_equal(fz_pw_policy("Zhangsq1!", "zhangsan", NULL), 0);
}

static void test_pw__policy_refuses_bad_bytes(void **state)
{
	(void)state;
	expect_refused("Abcdef1\xff", NULL, "无效字符");       /* not UTF-8 */
	expect_refused("Abcdef1\xe6\xb3", NULL, "无效字符");   /* cut short */
	expect_refused("Abcdef1\xc0\xaf", NULL, "无效字符");   /* overlong */
	expect_refused("Abcdef1\xed\xa0\x80", NULL, "无效字符"); /* surrogate */
	expect_refused("Abcdef1\t!", NULL, "控制字符");
	expect_refused("Abcdef1\x7f!", NULL, "控制字符");
	expect_refused("Abcdef1\xc2\x85!", NULL, "控制字符");   /* U+0085 */
}

/* Issue 13, finding 6: Password1 and Aaaaaaa1 met length and classes. */
static void test_pw__policy_refuses_common_passwords(void **state)
{
	(void)state;
	expect_refused("Password1", NULL, "常见弱密码");
	expect_refused("P@ssw0rd!", NULL, "常见弱密码");
	expect_refused("Iloveyou2024", NULL, "常见弱密码");
	expect_refused("Sunshine#88", NULL, "常见弱密码");
	expect_refused("Qazwsx!2024", NULL, "常见弱密码");
	expect_refused("Zhangwei@1987", NULL, "常见弱密码");
	/* a common word inside a longer password is not the whole base word */
	assert_int_equal(fz_pw_policy("Password-Kq#Fz7x", NULL, NULL), 0);
}

static void test_pw__policy_refuses_pinyin(void **state)
{
	(void)state;
	expect_refused("Woaini1314!", NULL, "常见");
	expect_refused("Kq#woaini77", NULL, "拼音短语");
	expect_refused("Xx5201314!a", NULL, "拼音短语");
	expect_refused("Zhangsan2024!", NULL, "姓名拼音");
	expect_refused("Wangxiaoming#1", NULL, "姓名拼音");
	expect_refused("Liuyang@88", NULL, "常见");
	/* English words that only start like a surname pass */
	assert_int_equal(fz_pw_policy("Lucky-Star-97", NULL, NULL), 0);
	assert_int_equal(fz_pw_policy("Hello-Kq#97x", NULL, NULL), 0);
}

static void test_pw__policy_refuses_patterns(void **state)
{
	(void)state;
	expect_refused("Aaaaaaa1", NULL, "");   /* common and repeated */
	expect_refused("Qwer1234!", NULL, "");  /* common and a walk */
	expect_refused("Kkkk-Mmmm-9", NULL, "重复字符");
	expect_refused("Abcd1234!", NULL, "");   /* common and a sequence */
	expect_refused("Hijk5678#", NULL, "连续字母数字");
	expect_refused("Xcvbnm#17", NULL, "键盘序列");
	expect_refused("Edc4rfv5!", NULL, "键盘序列");   /* a column walk */
	expect_refused("1qaz@WSX", NULL, "键盘序列");    /* shifted, too */
	expect_refused("Aa123456!", NULL, "连续字母数字");
	expect_refused("Zz987654!", NULL, "连续字母数字");
	expect_refused("Kq1!Kq1!Kq1!", NULL, "不同的字符");
	/* a short sequence among other characters is fine */
	assert_int_equal(fz_pw_policy("Kq-Xu#1234-fz", NULL, NULL), 0);
	assert_int_equal(fz_pw_policy("Zf-Ceshi#2026a", NULL, NULL), 0);
}

/* ---- random and tokens -------------------------------------------------- */

static void test_pw__random_bytes(void **state)
{
	unsigned char a[64] = { 0 }, b[64] = { 0 }, zero[64] = { 0 };
	(void)state;
	fz_random_bytes(a, sizeof(a));
	fz_random_bytes(b, sizeof(b));
	assert_memory_not_equal(a, zero, sizeof(a));
	assert_memory_not_equal(a, b, sizeof(a));
}

static void test_pw__token(void **state)
{
	char a[FZ_TOKEN_HEX_LEN + 1], b[FZ_TOKEN_HEX_LEN + 1];
	(void)state;
	fz_token_new(a);
	fz_token_new(b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
	assert_string_not_equal(a, b);
	assert_true(fz_token_equal(a, a));
	assert_false(fz_token_equal(a, b));
	b[0] = '\0';
	assert_false(fz_token_equal(a, b));
	assert_false(fz_token_equal(a, NULL));
	assert_false(fz_token_equal("abc", "abd"));
	assert_false(fz_token_equal("abc", "ab"));
	assert_true(fz_token_equal("", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pw__hash_and_verify),
		cmocka_unit_test(test_pw__hash_is_salted),
		cmocka_unit_test(test_pw__chinese_password),
		cmocka_unit_test(test_pw__verify_rejects_malformed_stored),
		cmocka_unit_test(test_pw__too_long_password),
		cmocka_unit_test(test_pw__parameters_travel_with_the_hash),
		cmocka_unit_test(test_pw__policy_accepts_good_passwords),
		cmocka_unit_test(test_pw__policy_counts_characters_not_bytes),
		cmocka_unit_test(test_pw__policy_needs_three_classes),
		cmocka_unit_test(test_pw__policy_byte_ceiling),
		cmocka_unit_test(test_pw__policy_refuses_login_name),
		cmocka_unit_test(test_pw__policy_refuses_bad_bytes),
		cmocka_unit_test(test_pw__policy_refuses_common_passwords),
		cmocka_unit_test(test_pw__policy_refuses_pinyin),
		cmocka_unit_test(test_pw__policy_refuses_patterns),
		cmocka_unit_test(test_pw__random_bytes),
		cmocka_unit_test(test_pw__token),
	};
	return cmocka_run_group_tests_name("pw", tests, setup_fast, NULL);
}
