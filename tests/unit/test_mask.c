/* test_mask.c - display masking and the free-text scrubber
 * (src/core/mask.c; policy from crypto.md §6). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mask.h"

typedef char *(*masker)(const char *, char *, size_t);

static void expect(masker m, const char *in, const char *want)
{
	char out[128];
	memset(out, 'q', sizeof(out));
	assert_ptr_equal(m(in, out, sizeof(out)), out);
	if (strcmp(out, want))
		fail_msg("\"%s\" -> \"%s\", want \"%s\"", in ? in : "(null)",
			 out, want);
}

static void test_mask__id_staff(void **state)
{
	(void)state;
	expect(fz_mask_id_staff, "330603199001011234", "330603********1234");
	expect(fz_mask_id_staff, "11010519491231002X", "110105********002X");
	expect(fz_mask_id_staff, "330603900101018", "330603*****1018");
	/* nothing to hide: everything hidden */
	expect(fz_mask_id_staff, "1234567890", "**********");
	expect(fz_mask_id_staff, "", "");
	expect(fz_mask_id_staff, NULL, "");
}

static void test_mask__id_public(void **state)
{
	(void)state;
	expect(fz_mask_id_public, "330603199001011234", "3****************4");
	expect(fz_mask_id_public, "11010519491231002X", "1****************X");
	expect(fz_mask_id_public, "12", "**");
	expect(fz_mask_id_public, "123", "1*3");
}

static void test_mask__phone(void **state)
{
	(void)state;
	expect(fz_mask_phone, "13812341234", "138****1234");
	expect(fz_mask_phone, "19200001111", "192****1111");
	expect(fz_mask_phone, "1381234", "*******");
	expect(fz_mask_phone, "05751234567", "057****4567");
}

/* crypto.md §6: surname + * (two characters) or surname + * + last char. */
static void test_mask__name(void **state)
{
	(void)state;
	expect(fz_mask_name, "张三", "张*");
	expect(fz_mask_name, "张三丰", "张*丰");
	expect(fz_mask_name, "欧阳晓明", "欧阳*明");
	expect(fz_mask_name, "欧阳明", "欧阳*");
	expect(fz_mask_name, "诸葛孔明", "诸葛*明");
	expect(fz_mask_name, "王小二明", "王*明");
	expect(fz_mask_name, "欧阳", "欧*");
	expect(fz_mask_name, "张", "*");
	expect(fz_mask_name, "", "");
	expect(fz_mask_name, NULL, "");
	expect(fz_mask_name, "Li", "L*");
	/* an invalid byte never passes through */
	expect(fz_mask_name, "\xff\xfe\xfd", "***");
}

static void test_mask__output_is_bounded(void **state)
{
	char out[8];
	(void)state;
	memset(out, 'q', sizeof(out));
	fz_mask_id_staff("330603199001011234", out, sizeof(out));
	assert_string_equal(out, "330603*");
	/* a 3-byte character that does not fit is dropped whole */
	fz_mask_name("欧阳晓明", out, 7);
	assert_string_equal(out, "欧阳");
	fz_mask_name("欧阳晓明", out, 0);
	fz_mask_phone("13812341234", out, 1);
	assert_string_equal(out, "");
}

static void expect_text(const char *in, const char *want)
{
	struct fz_buf b = FZ_BUF_INIT;
	fz_mask_text(in, strlen(in), &b);
	assert_int_equal(b.err, 0);
	if (strcmp(b.data, want))
		fail_msg("\"%s\" -> \"%s\", want \"%s\"", in, b.data, want);
	fz_buf_release(&b);
}

static void test_mask__text_finds_ids_and_phones(void **state)
{
	(void)state;
	expect_text("申请人身份证330603199001011234，电话13812341234。",
		    "申请人身份证330603********1234，电话138****1234。");
	expect_text("id=11010519491231002X&x=1", "id=110105********002X&x=1");
	expect_text("id=11010519491231002x", "id=110105********002x");
	expect_text("13812341234", "138****1234");
	expect_text("tel:+8613812341234", "tel:+86138****1234");
	expect_text("tel 0086 13812341234", "tel 0086 138****1234");
	expect_text("tel 013812341234", "tel 0138****1234");
	expect_text("tel 012812341234", "tel 012812341234"); /* not a mobile */
	expect_text("call 138-1234-1234 now", "call 138-****-1234 now");
	expect_text("call 138 1234 1234", "call 138 **** 1234");
	expect_text("id 330603 19900101 1234", "id 330603 ******** 1234");
	expect_text("old 330603900101018.", "old 330603*****1018.");
	expect_text("card 6222021234567890123", "card 622202*********0123");
	/* glued into letters: still masked */
	expect_text("abc13812341234def", "abc138****1234def");
	/* two in a row, separated by a comma */
	expect_text("13812341234,13912345678", "138****1234,139****5678");
}

static void test_mask__text_leaves_other_numbers(void **state)
{
	(void)state;
	expect_text("", "");
	expect_text("no digits here", "no digits here");
	expect_text("2023-10-07 amount 1234.50", "2023-10-07 amount 1234.50");
	expect_text("12812341234", "12812341234");      /* not a mobile */
	expect_text("1381234123", "1381234123");        /* 10 digits */
	expect_text("138123412345", "138123412345");    /* 12 digits */
	expect_text("330603001000", "330603001000");    /* 12-digit town code */
	expect_text("（2024）浙0603民初611号", "（2024）浙0603民初611号");
	expect_text("ts=1700000000 id=42", "ts=1700000000 id=42");
}

static void test_mask__text_respects_len(void **state)
{
	struct fz_buf b = FZ_BUF_INIT;
	const char *s = "13812341234 and more";
	(void)state;
	/* only the first 10 bytes: a 10-digit run, not a phone */
	fz_mask_text(s, 10, &b);
	assert_string_equal(b.data, "1381234123");
	fz_buf_reset(&b);
	fz_mask_text(s, 11, &b);
	assert_string_equal(b.data, "138****1234");
	fz_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask__id_staff),
		cmocka_unit_test(test_mask__id_public),
		cmocka_unit_test(test_mask__phone),
		cmocka_unit_test(test_mask__name),
		cmocka_unit_test(test_mask__output_is_bounded),
		cmocka_unit_test(test_mask__text_finds_ids_and_phones),
		cmocka_unit_test(test_mask__text_leaves_other_numbers),
		cmocka_unit_test(test_mask__text_respects_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
