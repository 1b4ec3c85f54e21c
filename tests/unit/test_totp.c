/* test_totp.c - RFC 6238 TOTP against the RFC's own test vectors
 * (Appendix B, SHA1 column), replay refusal (§5.2) and RFC 4648 base32. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "crypto/totp.h"

/* RFC 6238 Appendix B: the SHA1 seed is the ASCII "12345678901234567890". */
static const unsigned char seed[] = "12345678901234567890";

static void test_totp__rfc6238_appendix_b_sha1(void **state)
{
	static const struct { int64_t t; int32_t code; } v[] = {
		{ 59, 94287082 },
		{ 1111111109, 7081804 },
		{ 1111111111, 14050471 },
		{ 1234567890, 89005924 },
		{ 2000000000, 69279037 },
		{ 20000000000LL, 65353130 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(fz_hotp(seed, 20, fz_totp_step(v[i].t), 8),
				 v[i].code);
}

static void test_totp__six_digits_are_the_low_digits(void **state)
{
	(void)state;
	/* At T = 59 the 8-digit value is 94287082, so 6 digits give 287082. */
	assert_int_equal(fz_hotp(seed, 20, fz_totp_step(59), 6), 287082);
	assert_int_equal(fz_hotp(seed, 20, 1, 5), -1);
	assert_int_equal(fz_hotp(seed, 20, 1, 9), -1);
}

static void test_totp__check_window_and_replay(void **state)
{
	uint64_t step = 0;
	int64_t now = 1111111111; /* step 37037037 */
	(void)state;
	assert_int_equal(fz_totp_check(seed, 20, "050471", now, 0, &step), 1);
	assert_int_equal(step, 37037037);
	/* the same code again: refused once its step is spent */
	assert_int_equal(fz_totp_check(seed, 20, "050471", now, step, &step), 0);
	/* one step of drift either way is accepted, two are not */
	char c[8];
	snprintf(c, sizeof(c), "%06d", fz_hotp(seed, 20, 37037036, 6));
	assert_int_equal(fz_totp_check(seed, 20, c, now, 0, &step), 1);
	assert_int_equal(step, 37037036);
	snprintf(c, sizeof(c), "%06d", fz_hotp(seed, 20, 37037039, 6));
	assert_int_equal(fz_totp_check(seed, 20, c, now, 0, &step), 0);
	/* anything but six digits */
	assert_int_equal(fz_totp_check(seed, 20, "50471", now, 0, &step), 0);
	assert_int_equal(fz_totp_check(seed, 20, "05047a", now, 0, &step), 0);
	assert_int_equal(fz_totp_check(seed, 20, "", now, 0, &step), 0);
	assert_int_equal(fz_totp_check(seed, 20, NULL, now, 0, &step), 0);
}

static void test_totp__base32_rfc4648_vectors(void **state)
{
	char out[64];
	unsigned char back[64];
	size_t n;
	(void)state;
	/* RFC 4648 §10, without padding */
	assert_int_equal(fz_base32_encode((const unsigned char *)"foobar", 6, out,
					  sizeof(out)), 0);
	assert_string_equal(out, "MZXW6YTBOI");
	assert_int_equal(fz_base32_encode((const unsigned char *)"f", 1, out,
					  sizeof(out)), 0);
	assert_string_equal(out, "MY");
	assert_int_equal(fz_base32_encode(seed, 20, out, sizeof(out)), 0);
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	assert_int_equal(fz_base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
					  back, sizeof(back), &n), 0);
	assert_int_equal(n, 20);
	assert_memory_equal(back, seed, 20);
	assert_int_equal(fz_base32_decode("MZXW6YTBOI======", back, sizeof(back),
					  &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(back, "foobar", 6);
	assert_int_equal(fz_base32_decode("MZ1W", back, sizeof(back), &n), -1);
	assert_int_equal(fz_base32_encode(seed, 20, out, 10), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totp__rfc6238_appendix_b_sha1),
		cmocka_unit_test(test_totp__six_digits_are_the_low_digits),
		cmocka_unit_test(test_totp__check_window_and_replay),
		cmocka_unit_test(test_totp__base32_rfc4648_vectors),
	};
	return cmocka_run_group_tests_name("totp", tests, NULL, NULL);
}
