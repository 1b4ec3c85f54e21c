/* test_utf8.c - decoding, encoding, counting, validation and trimming
 * (src/core/utf8.c): the edge cases every former private copy relied on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"

/* Decode s (n bytes) and check length and code point. */
static void dec(const char *s, size_t n, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0;
	size_t l = fz_utf8_next(s, n, &cp);

	if (l != want_len || cp != want_cp)
		fail_msg("decode %02x..(%zu): len %zu cp %lx, want %zu %lx",
			 (unsigned char)s[0], n, l, (unsigned long)cp, want_len,
			 (unsigned long)want_cp);
}

static void test_utf8__decodes_each_length(void **state)
{
	(void)state;
	dec("A", 1, 1, 'A');
	dec("\x7f", 1, 1, 0x7f);
	dec("\xc2\x80", 2, 2, 0x80);
	dec("\xc3\xa9", 2, 2, 0xe9);              /* é */
	dec("\xdf\xbf", 2, 2, 0x7ff);
	dec("\xe0\xa0\x80", 3, 3, 0x800);
	dec("法", 3, 3, 0x6cd5);                   /* CJK */
	dec("\xef\xbf\xbd", 3, 3, 0xfffd);
	dec("\xf0\x90\x80\x80", 4, 4, 0x10000);
	dec("😀", 4, 4, 0x1f600);                  /* 4-byte emoji */
	dec("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
	/* only the first character is decoded */
	dec("法治", 6, 3, 0x6cd5);
	/* NUL is a one-byte character */
	dec("", 1, 1, 0);
}

static void test_utf8__rejects_invalid(void **state)
{
	(void)state;
	dec("x", 0, 0, FZ_UTF8_BAD);                      /* nothing left */
	dec("\x80", 1, 0, FZ_UTF8_BAD);                   /* lone continuation */
	dec("\xbf", 1, 0, FZ_UTF8_BAD);
	/* overlong forms */
	dec("\xc0\x80", 2, 0, FZ_UTF8_BAD);
	dec("\xc1\xbf", 2, 0, FZ_UTF8_BAD);
	dec("\xe0\x80\x80", 3, 0, FZ_UTF8_BAD);
	dec("\xe0\x9f\xbf", 3, 0, FZ_UTF8_BAD);
	dec("\xf0\x80\x80\x80", 4, 0, FZ_UTF8_BAD);
	dec("\xf0\x8f\xbf\xbf", 4, 0, FZ_UTF8_BAD);
	/* surrogates */
	dec("\xed\xa0\x80", 3, 0, FZ_UTF8_BAD);           /* U+D800 */
	dec("\xed\xbf\xbf", 3, 0, FZ_UTF8_BAD);           /* U+DFFF */
	dec("\xed\x9f\xbf", 3, 3, 0xd7ff);                /* just below */
	/* above U+10FFFF, and lead bytes that can only start such */
	dec("\xf4\x90\x80\x80", 4, 0, FZ_UTF8_BAD);
	dec("\xf5\x80\x80\x80", 4, 0, FZ_UTF8_BAD);
	dec("\xf8\x88\x80\x80\x80", 5, 0, FZ_UTF8_BAD);
	dec("\xff", 1, 0, FZ_UTF8_BAD);
	/* truncated: by the length, and by a NUL or ASCII byte */
	dec("法", 2, 0, FZ_UTF8_BAD);
	dec("😀", 3, 0, FZ_UTF8_BAD);
	dec("\xc3", 1, 0, FZ_UTF8_BAD);
	dec("\xe6\xb3", FZ_UTF8_MAX, 0, FZ_UTF8_BAD);     /* stops at the NUL */
	dec("\xe6" "A" "\x95", 3, 0, FZ_UTF8_BAD);
}

static void test_utf8__step_moves_over_bad_bytes(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(fz_utf8_step("\xff" "A", 2, &cp), 1);
	assert_true(cp == FZ_UTF8_BAD);
	assert_int_equal(fz_utf8_step("法", 3, &cp), 3);
	assert_true(cp == 0x6cd5);
	assert_int_equal(fz_utf8_step("法", 2, &cp), 1);
	assert_true(cp == FZ_UTF8_BAD);
	assert_int_equal(fz_utf8_step("", 0, &cp), 0);
}

static void test_utf8__encode_round_trips(void **state)
{
	static const uint32_t cps[] = { 0, 'a', 0x7f, 0x80, 0x7ff, 0x800,
					0x6cd5, 0xd7ff, 0xe000, 0xfffd,
					0xffff, 0x10000, 0x1f600, 0x10ffff };
	unsigned char b[FZ_UTF8_MAX];
	uint32_t cp;

	(void)state;
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		size_t l = fz_utf8_put(b, cps[i]);
		assert_true(l >= 1 && l <= FZ_UTF8_MAX);
		assert_int_equal(fz_utf8_next(b, l, &cp), l);
		assert_true(cp == cps[i]);
	}
	assert_int_equal(fz_utf8_put(b, 0x6cd5), 3);
	assert_memory_equal(b, "法", 3);
	/* not characters: nothing written */
	assert_int_equal(fz_utf8_put(b, 0xd800), 0);
	assert_int_equal(fz_utf8_put(b, 0xdfff), 0);
	assert_int_equal(fz_utf8_put(b, 0x110000), 0);
	assert_int_equal(fz_utf8_put(b, FZ_UTF8_BAD), 0);
}

static void test_utf8__counts_characters(void **state)
{
	(void)state;
	assert_int_equal(fz_utf8_chars(""), 0);
	assert_int_equal(fz_utf8_chars("abc"), 3);
	assert_int_equal(fz_utf8_chars("柯桥区法治"), 5);
	assert_int_equal(fz_utf8_chars("a法😀é"), 4);
	assert_int_equal(fz_utf8_count("法治", 3), 1);
	assert_int_equal(fz_utf8_count("法治", 4), 2);   /* lenient */
	assert_int_equal(fz_utf8_count("a\0b", 3), 3);   /* NUL counts */
}

static void test_utf8__validates(void **state)
{
	static const char bad[] = "ok法\xed\xa0\x80z";

	(void)state;
	assert_true(fz_utf8_valid("", 0));
	assert_true(fz_utf8_valid("柯桥 abc 😀", strlen("柯桥 abc 😀")));
	assert_false(fz_utf8_valid("法", 2));
	assert_false(fz_utf8_valid("\xc0\xaf", 2));
	assert_int_equal(fz_utf8_check("柯桥", 6), -1);
	assert_int_equal(fz_utf8_check(bad, sizeof(bad) - 1), 5);
	assert_int_equal(fz_utf8_check("ab\xf4\x90\x80\x80", 6), 2);
	assert_int_equal(fz_utf8_check("ab😀", 5), 2);    /* truncated emoji */
}

static void test_utf8__trim_cuts_half_characters(void **state)
{
	char s[16];

	(void)state;
	strcpy(s, "ab法");
	fz_utf8_trim(s);
	assert_string_equal(s, "ab法");
	memcpy(s, "ab\xe6\xb3", 5);                        /* 法 cut after 2 */
	fz_utf8_trim(s);
	assert_string_equal(s, "ab");
	memcpy(s, "a\xf0\x9f\x98", 5);                     /* 😀 cut after 3 */
	fz_utf8_trim(s);
	assert_string_equal(s, "a");
	memcpy(s, "a\xe6", 3);                             /* lead byte alone */
	fz_utf8_trim(s);
	assert_string_equal(s, "a");
	strcpy(s, "😀");
	fz_utf8_trim(s);
	assert_string_equal(s, "😀");
	s[0] = '\0';
	fz_utf8_trim(s);
	assert_string_equal(s, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8__decodes_each_length),
		cmocka_unit_test(test_utf8__rejects_invalid),
		cmocka_unit_test(test_utf8__step_moves_over_bad_bytes),
		cmocka_unit_test(test_utf8__encode_round_trips),
		cmocka_unit_test(test_utf8__counts_characters),
		cmocka_unit_test(test_utf8__validates),
		cmocka_unit_test(test_utf8__trim_cuts_half_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
