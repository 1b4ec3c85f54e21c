/* test_ident.c - identifier validators (src/core/ident.c), with every
 * vector of identifiers.md §1-§3, §5 and §6. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/ident.h"

typedef int (*validator)(const char *, char *, struct fz_err *);

static void expect_ok(validator v, const char *in, const char *norm)
{
	char out[32];
	struct fz_err err = FZ_ERR_INIT;
	memset(out, 'z', sizeof(out));
	if (v(in, out, &err))
		fail_msg("rejected \"%s\": %s", in, err.msg);
	assert_string_equal(out, norm);
	assert_int_equal(err.code, 0);
}

/* Fails, clears out, and the message contains `word` when given. */
static void expect_bad(validator v, const char *in, const char *field,
		       const char *word)
{
	char out[32] = "junk";
	struct fz_err err = FZ_ERR_INIT;
	if (v(in, out, &err) != FZ_EINVAL)
		fail_msg("accepted \"%s\" as %s", in, out);
	assert_int_equal(err.code, FZ_EINVAL);
	assert_string_equal(err.field, field);
	assert_string_equal(out, "");
	if (word && !strstr(err.msg, word))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", in, err.msg,
			 word);
	/* also safe with out == NULL */
	assert_int_equal(v(in, NULL, NULL), FZ_EINVAL);
}

/* identifiers.md §1 test vectors, GB 32100-2015. */
static void test_ident__uscc_vectors(void **state)
{
	(void)state;
	expect_ok(fz_ident_uscc, "91350100M000100Y43", "91350100M000100Y43");
	expect_ok(fz_ident_uscc, "91330603MA2D7Q8K6N", "91330603MA2D7Q8K6N");
	expect_ok(fz_ident_uscc, "91330603MA20002460", "91330603MA20002460");
	expect_ok(fz_ident_uscc, "91330603MA200006XX", "91330603MA200006XX");
	expect_ok(fz_ident_uscc, "12330603470000005Y", "12330603470000005Y");
	expect_bad(fz_ident_uscc, "91350100M000100Y44", "uscc", "第18位");
	expect_bad(fz_ident_uscc, "91350100M000100Y53", "uscc", "组织机构代码");
	expect_bad(fz_ident_uscc, "91350100M000100I43", "uscc", "第16位");
	expect_bad(fz_ident_uscc, "9135010OM000100Y43", "uscc", "第8位");
}

static void test_ident__uscc_normalises_and_rejects(void **state)
{
	(void)state;
	expect_ok(fz_ident_uscc, "91330603ma2d7q8k6n", "91330603MA2D7Q8K6N");
	expect_ok(fz_ident_uscc, " 9133 0603 MA2D 7Q8K 6N ",
		  "91330603MA2D7Q8K6N");
	expect_bad(fz_ident_uscc, "", "uscc", "18位");
	expect_bad(fz_ident_uscc, NULL, "uscc", "18位");
	expect_bad(fz_ident_uscc, "91330603MA2D7Q8K6", "uscc", "18位");
	expect_bad(fz_ident_uscc, "91330603MA2D7Q8K6NN", "uscc", "18位");
	/* letters in positions 3-8 although in the charset */
	expect_bad(fz_ident_uscc, "9133A603MA2D7Q8K6N", "uscc", "第3至8位");
	expect_bad(fz_ident_uscc, "91330603MA2D7Q8K6\xe4", "uscc", NULL);
	expect_bad(fz_ident_uscc, "91330603MA2D7Q8K6-", "uscc", "第18位");
	/* S and Z are outside the GB 32100 set */
	expect_bad(fz_ident_uscc, "91330603SA2D7Q8K6N", "uscc", "“S”");
}

static void test_ident__uscc_category(void **state)
{
	(void)state;
	assert_string_equal(fz_ident_uscc_category("91330603MA2D7Q8K6N"),
			    "工商：企业");
	assert_string_equal(fz_ident_uscc_category("12330603470000005Y"),
			    "机构编制：事业单位");
	assert_string_equal(fz_ident_uscc_category("Y1"), "其他");
	assert_string_equal(fz_ident_uscc_category("N3"),
			    "农业：乡镇级农村集体经济组织");
	assert_null(fz_ident_uscc_category("95330603MA2D7Q8K6N"));
	assert_null(fz_ident_uscc_category("B1"));
	assert_null(fz_ident_uscc_category(""));
	assert_null(fz_ident_uscc_category(NULL));
}

/* An independent ISO 7064 MOD 11-2 for building test numbers, from the
 * formula rather than the lookup table: W_i = 2^(18-i) mod 11, check =
 * (12 - S mod 11) mod 11, 10 written X (GB 11643-1999). */
static void with_check(char id[19], const char *first17)
{
	int s = 0, c;
	memcpy(id, first17, 17);
	for (int i = 0; i < 17; i++) {
		int w = 1;
		for (int k = 0; k < 17 - i; k++)
			w = w * 2 % 11;
		s += (id[i] - '0') * w;
	}
	c = (12 - s % 11) % 11;
	id[17] = c == 10 ? 'X' : (char)('0' + c);
	id[18] = '\0';
}

/* identifiers.md §2 test vectors, GB 11643-1999. */
static void test_ident__idcard_vectors(void **state)
{
	(void)state;
	expect_ok(fz_ident_idcard, "11010519491231002X", "11010519491231002X");
	expect_ok(fz_ident_idcard, "440524188001010014", "440524188001010014");
	expect_ok(fz_ident_idcard, "33060319900101018X", "33060319900101018X");
	expect_ok(fz_ident_idcard, "330603199001010040", "330603199001010040");
	expect_ok(fz_ident_idcard, "330603199001010091", "330603199001010091");
	expect_bad(fz_ident_idcard, "330603199001010092", "id_number",
		   "校验码");
	expect_bad(fz_ident_idcard, "330603199002300011", "id_number",
		   "1990-02-30");
}

static void test_ident__idcard_rules(void **state)
{
	char id[19];
	(void)state;
	/* lowercase x accepted, stored as X; spaces removed */
	expect_ok(fz_ident_idcard, "11010519491231002x", "11010519491231002X");
	expect_ok(fz_ident_idcard, " 330603 19900101 018x ",
		  "33060319900101018X");
	/* abolished address code 330621 (绍兴县) is still valid */
	with_check(id, "33062119800101001");
	expect_ok(fz_ident_idcard, id, id);
	/* birth date in the future, with a correct check digit */
	with_check(id, "33060329990101001");
	expect_bad(fz_ident_idcard, id, "id_number", "晚于今天");
	/* before 1800 */
	with_check(id, "33060317990101001");
	expect_bad(fz_ident_idcard, id, "id_number", "不存在");
	/* 2023-02-29 does not exist; 2024-02-29 does */
	with_check(id, "33060320230229001");
	expect_bad(fz_ident_idcard, id, "id_number", "不存在");
	with_check(id, "33060320200229001");
	expect_ok(fz_ident_idcard, id, id);
	/* month 13, day 00 */
	with_check(id, "33060319901301001");
	expect_bad(fz_ident_idcard, id, "id_number", "不存在");
	with_check(id, "33060319900100001");
	expect_bad(fz_ident_idcard, id, "id_number", "不存在");
	/* foreigners' permanent residence card starts with 9 */
	with_check(id, "93060319900101001");
	expect_bad(fz_ident_idcard, id, "id_number", "外国人");
	with_check(id, "03060319900101001");
	expect_bad(fz_ident_idcard, id, "id_number", "地址码");
	expect_bad(fz_ident_idcard, "33060319900101018", "id_number", "18位");
	expect_bad(fz_ident_idcard, "33060319900101018X1", "id_number", "18位");
	expect_bad(fz_ident_idcard, "33060319900101018Y", "id_number",
		   "最后一位");
	expect_bad(fz_ident_idcard, "3306031990010101X8", "id_number",
		   "前17位");
	expect_bad(fz_ident_idcard, "330603900101018", "id_number", "15位");
	expect_bad(fz_ident_idcard, "", "id_number", NULL);
	expect_bad(fz_ident_idcard, "３３０６０３１９９００１０１０１８Ｘ",
		   "id_number", NULL);
}

/* Every residue of S mod 11 (so every check character), and every wrong
 * check character refused: sequence codes 000-999 of one birth date. */
static void test_ident__idcard_every_check_digit(void **state)
{
	static const char checks[] = "0123456789X";
	char first17[18], id[19];
	int seen[11] = { 0 };
	(void)state;
	for (int seq = 0; seq < 1000; seq++) {
		memcpy(first17, "33060319900101", 14);
		first17[14] = (char)('0' + seq / 100);
		first17[15] = (char)('0' + seq / 10 % 10);
		first17[16] = (char)('0' + seq % 10);
		first17[17] = '\0';
		with_check(id, first17);
		expect_ok(fz_ident_idcard, id, id);
		seen[strchr(checks, id[17]) - checks]++;
		for (int k = 0; k < 11; k++) {
			if (checks[k] == id[17])
				continue;
			id[17] = checks[k];
			expect_bad(fz_ident_idcard, id, "id_number", "校验码");
			with_check(id, first17);
		}
	}
	for (int k = 0; k < 11; k++)
		assert_true(seen[k] > 0);
}

static void test_ident__idcard_fields(void **state)
{
	struct fz_date d = fz_ident_idcard_birth("33060319900101018X");
	(void)state;
	assert_int_equal(d.y, 1990);
	assert_int_equal(d.m, 1);
	assert_int_equal(d.d, 1);
	assert_int_equal(fz_ident_idcard_sex("33060319900101018X"), 2);
	assert_int_equal(fz_ident_idcard_sex("330603199001010091"), 1);
	assert_int_equal(fz_ident_idcard_sex("11010519491231002X"), 2);
	assert_int_equal(fz_ident_idcard_sex("440524188001010014"), 1);
}

/* identifiers.md §2: insert 19 before YY and compute the check digit. */
static void test_ident__idcard15_to18(void **state)
{
	(void)state;
	expect_ok(fz_ident_idcard15_to18, "330603900101018",
		  "33060319900101018X");
	expect_ok(fz_ident_idcard15_to18, "330603900101009",
		  "330603199001010091");
	expect_ok(fz_ident_idcard15_to18, "330603 900101 004",
		  "330603199001010040");
	expect_bad(fz_ident_idcard15_to18, "330603900230001", "id_number",
		   "不存在");
	expect_bad(fz_ident_idcard15_to18, "33060390010101", "id_number",
		   "15位");
	expect_bad(fz_ident_idcard15_to18, "33060390010101X", "id_number",
		   "15位");
	expect_bad(fz_ident_idcard15_to18, "33060319900101018X", "id_number",
		   "15位");
}

static void test_ident__region(void **state)
{
	(void)state;
	expect_ok(fz_ident_region, "330603", "330603");
	expect_ok(fz_ident_region, " 330621 ", "330621");
	expect_ok(fz_ident_region, "110105", "110105");
	expect_bad(fz_ident_region, "33060", "region_code", "6位");
	expect_bad(fz_ident_region, "3306031", "region_code", "6位");
	expect_bad(fz_ident_region, "33060a", "region_code", "6位");
	expect_bad(fz_ident_region, "930603", "region_code", "省级");
	expect_bad(fz_ident_region, "030603", "region_code", "省级");
	expect_bad(fz_ident_region, "000000", "region_code", "省级");
	assert_string_equal(fz_ident_region_name("330603"), "柯桥区");
	assert_string_equal(fz_ident_region_name("330600"), "绍兴市");
	assert_string_equal(fz_ident_region_name("330000"), "浙江省");
	assert_string_equal(fz_ident_region_name("330683"), "嵊州市");
	assert_non_null(strstr(fz_ident_region_name("330621"), "绍兴县"));
	assert_null(fz_ident_region_name("110105"));
	assert_null(fz_ident_region_name(NULL));
}

/* identifiers.md §3: 16 units, 11 街道 + 5 镇. */
static void test_ident__keqiao_towns(void **state)
{
	int n = 0, jd = 0, zhen = 0;
	const struct fz_ident_town *t;
	(void)state;
	for (t = fz_ident_keqiao_towns; t->code; t++, n++) {
		assert_int_equal(strlen(t->code), 12);
		assert_memory_equal(t->code, "330603", 6);
		assert_string_equal(t->code + 9, "000");
		if (!strcmp(t->type, "街道")) {
			jd++;
			assert_true(t->code[6] == '0'); /* 001-099 */
		} else {
			assert_string_equal(t->type, "镇");
			zhen++;
			assert_true(t->code[6] == '1'); /* 100-199 */
		}
		assert_ptr_equal(fz_ident_keqiao_town(t->code), t);
	}
	assert_int_equal(n, FZ_IDENT_KEQIAO_NTOWNS);
	assert_int_equal(jd, 11);
	assert_int_equal(zhen, 5);
	assert_string_equal(fz_ident_keqiao_towns[0].name, "柯桥街道");
	assert_string_equal(fz_ident_keqiao_town("330603114000")->name,
			    "夏履镇");
	/* retired 镇 codes map to today's 街道 */
	assert_string_equal(fz_ident_keqiao_town("330603101000")->name,
			    "钱清街道");
	assert_string_equal(fz_ident_keqiao_town("330603110000")->name,
			    "杨汛桥街道");
	assert_string_equal(fz_ident_keqiao_town("330603104000")->name,
			    "马鞍街道");
	assert_null(fz_ident_keqiao_town("330603999000"));
	assert_null(fz_ident_keqiao_town(NULL));
}

/* identifiers.md §5. */
static void test_ident__mobile(void **state)
{
	(void)state;
	expect_ok(fz_ident_mobile, "13812345678", "13812345678");
	expect_ok(fz_ident_mobile, "+86 138 1234 5678", "13812345678");
	expect_ok(fz_ident_mobile, "+86-138-1234-5678", "13812345678");
	expect_ok(fz_ident_mobile, "0086 13812345678", "13812345678");
	expect_ok(fz_ident_mobile, "8613812345678", "13812345678");
	expect_ok(fz_ident_mobile, "86 138-1234-5678", "13812345678");
	expect_ok(fz_ident_mobile, "19212345678", "19212345678");
	expect_ok(fz_ident_mobile, "16212345678", "16212345678");
	expect_ok(fz_ident_mobile, "14712345678", "14712345678");
	expect_bad(fz_ident_mobile, "12812345678", "phone", "13至19");
	expect_bad(fz_ident_mobile, "10812345678", "phone", "13至19");
	expect_bad(fz_ident_mobile, "23812345678", "phone", "13至19");
	expect_bad(fz_ident_mobile, "1381234567", "phone", "11位");
	expect_bad(fz_ident_mobile, "138123456789", "phone", "11位");
	expect_bad(fz_ident_mobile, "1381234567a", "phone", "11位");
	expect_bad(fz_ident_mobile, "+852 13812345678", "phone", NULL);
	expect_bad(fz_ident_mobile, "86 1381234567", "phone", NULL);
	expect_bad(fz_ident_mobile, "+86", "phone", NULL);
	expect_bad(fz_ident_mobile, "", "phone", NULL);
	expect_bad(fz_ident_mobile, "0575-12345678", "phone", NULL);
	expect_bad(fz_ident_mobile, "1381234567812345678901234567890",
		   "phone", NULL);
	/* 13-digit IoT numbers are not personal mobiles */
	expect_bad(fz_ident_mobile, "1441234567890", "phone", NULL);
}

static void expect_case(const char *in, int year, const char *court,
			int level, const char *type, long number,
			const char *norm)
{
	struct fz_case_no c;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_ident_case_no(in, &c, &err))
		fail_msg("rejected %s: %s", in, err.msg);
	assert_int_equal(c.year, year);
	assert_string_equal(c.court, court);
	assert_int_equal(c.level, level);
	assert_string_equal(c.type, type);
	assert_int_equal(c.number, number);
	assert_string_equal(c.norm, norm);
}

static void expect_case_bad(const char *in)
{
	struct fz_case_no c;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_ident_case_no(in, &c, &err) != FZ_EINVAL)
		fail_msg("accepted case number %s", in);
	assert_string_equal(err.field, "case_no");
	assert_string_equal(c.norm, "");
	assert_true(strstr(err.msg, "案号") != NULL);
}

/* identifiers.md §6 (法〔2015〕137号, amended by 法〔2018〕335号). */
static void test_ident__case_no(void **state)
{
	(void)state;
	expect_case("（2024）浙0603民初611号", 2024, "浙0603", FZ_COURT_BASIC,
		    "民初", 611, "（2024）浙0603民初611号");
	expect_case("(2024)浙0603民初611号", 2024, "浙0603", FZ_COURT_BASIC,
		    "民初", 611, "（2024）浙0603民初611号");
	expect_case(" （2024） 浙0603 民初 611 号 ", 2024, "浙0603",
		    FZ_COURT_BASIC, "民初", 611, "（2024）浙0603民初611号");
	expect_case("（2019）最高法知民终1号", 2019, "最高法",
		    FZ_COURT_SUPREME, "知民终", 1, "（2019）最高法知民终1号");
	expect_case("（2023）浙06民终100号", 2023, "浙06",
		    FZ_COURT_INTERMEDIATE, "民终", 100,
		    "（2023）浙06民终100号");
	expect_case("（2023）浙行终5号", 2023, "浙", FZ_COURT_HIGH, "行终", 5,
		    "（2023）浙行终5号");
	expect_case("（2023）浙0603民诉前调12345号", 2023, "浙0603",
		    FZ_COURT_BASIC, "民诉前调", 12345,
		    "（2023）浙0603民诉前调12345号");
	expect_case("（2023）浙0603执恢7号", 2023, "浙0603", FZ_COURT_BASIC,
		    "执恢", 7, "（2023）浙0603执恢7号");

	expect_case_bad("（2024）浙060民初611号");   /* 3 digits */
	expect_case_bad("（2024）浙06031民初611号"); /* 5 digits */
	expect_case_bad("（2024）浙0603民初号");
	expect_case_bad("（2024）浙0603民初611");
	expect_case_bad("（2024）浙0603民初611号x");
	expect_case_bad("2024浙0603民初611号");
	expect_case_bad("（24）浙0603民初611号");
	expect_case_bad("（2024浙0603民初611号");
	expect_case_bad("（2024）浙0603611号");
	expect_case_bad("（2024）浙0603民初0号");
	expect_case_bad("（2024）浙0603民初1234567890号");
	expect_case_bad("（2024）浙0603民初一二三四五六七611号");
	expect_case_bad("（1900）浙0603民初611号");
	expect_case_bad("（2024）a0603民初611号");
	expect_case_bad("（2024）0603民初611号");
	expect_case_bad("调确字第12号");
	expect_case_bad("（2024）浙0603民初\xff" "611号");
	/* overlong UTF-8 for 民 must not pass as a Han character */
	expect_case_bad("（2024）浙0603\xf0\x85\xb0\x91初611号");
	expect_case_bad("");
	expect_case_bad(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident__uscc_vectors),
		cmocka_unit_test(test_ident__uscc_normalises_and_rejects),
		cmocka_unit_test(test_ident__uscc_category),
		cmocka_unit_test(test_ident__idcard_vectors),
		cmocka_unit_test(test_ident__idcard_rules),
		cmocka_unit_test(test_ident__idcard_every_check_digit),
		cmocka_unit_test(test_ident__idcard_fields),
		cmocka_unit_test(test_ident__idcard15_to18),
		cmocka_unit_test(test_ident__region),
		cmocka_unit_test(test_ident__keqiao_towns),
		cmocka_unit_test(test_ident__mobile),
		cmocka_unit_test(test_ident__case_no),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
