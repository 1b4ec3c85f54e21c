/* test_tok.c - the CJK tokenizer (src/engine/search/tok.c): Han bigrams,
 * folded Latin words and digits, punctuation, article references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine/search/tok.h"

/* Tokens joined by '|', each as text@start-end when offsets is set. */
struct out {
	char s[2048];
	int n;
	int offsets;
	const char *text;
	int len;
};

static int collect(void *ctx, const char *tok, int len, int start, int end)
{
	struct out *o = ctx;
	size_t l = strlen(o->s);

	assert_true(len > 0 && len <= FZ_SEARCH_TOK_MAX);
	assert_true(start >= 0 && start < end && end <= o->len);
	if (o->n++)
		l += (size_t)snprintf(o->s + l, sizeof(o->s) - l, "|");
	if (o->offsets)
		snprintf(o->s + l, sizeof(o->s) - l, "%.*s@%d-%d", len, tok,
			 start, end);
	else
		snprintf(o->s + l, sizeof(o->s) - l, "%.*s", len, tok);
	return 0;
}

static const char *toks(const char *text, int for_query)
{
	static struct out o;

	memset(&o, 0, sizeof(o));
	o.text = text;
	o.len = (int)strlen(text);
	assert_int_equal(fz_search_tokenize(text, o.len, for_query, collect, &o),
			 0);
	return o.s;
}

static const char *toks_at(const char *text, int for_query)
{
	static struct out o;

	memset(&o, 0, sizeof(o));
	o.offsets = 1;
	o.len = (int)strlen(text);
	fz_search_tokenize(text, o.len, for_query, collect, &o);
	return o.s;
}

static void test_tok__han_bigrams_in_documents(void **state)
{
	(void)state;
	/* overlapping bigrams, then the run's last character alone */
	assert_string_equal(toks("行政复议", 0), "行政|政复|复议|议");
	assert_string_equal(toks_at("行政复议", 0),
			    "行政@0-6|政复@3-9|复议@6-12|议@9-12");
	/* each run ends with its own last character */
	assert_string_equal(toks("行政，复议", 0), "行政|政|复议|议");
}

static void test_tok__query_leaves_out_trailing_character(void **state)
{
	(void)state;
	/* so 行政复 still matches inside 行政复议 (复议 follows 政复) */
	assert_string_equal(toks("行政复议", 1), "行政|政复|复议");
	assert_string_equal(toks("行政复", 1), "行政|政复");
	/* but not when something follows the run */
	assert_string_equal(toks("中国abc", 1), "中国|国|abc");
	assert_string_equal(toks("中国abc", 0), "中国|国|abc");
}

static void test_tok__one_and_two_character_queries(void **state)
{
	int one = -1;

	(void)state;
	assert_string_equal(toks("法", 1), "法");
	assert_string_equal(toks("法", 0), "法");
	assert_string_equal(toks("罚款", 1), "罚款");
	assert_string_equal(toks("罚款", 0), "罚款|款");
	assert_int_equal(fz_search_count_tokens("法", 3, &one), 1);
	assert_int_equal(one, 1);
	assert_int_equal(fz_search_count_tokens("罚款", 6, &one), 1);
	assert_int_equal(one, 0);
	assert_int_equal(fz_search_count_tokens("a", 1, &one), 1);
	assert_int_equal(one, 0);
	assert_int_equal(fz_search_count_tokens("，。", 6, &one), 0);
}

static void test_tok__mixed_chinese_english_digits(void **state)
{
	(void)state;
	assert_string_equal(toks("SM4算法 Hello,World 2023年", 0),
			    "sm4|算法|法|hello|world|2023|年");
	assert_string_equal(toks("ISO9001认证", 1), "iso9001|认证");
	/* a decimal point separates */
	assert_string_equal(toks("103.5米", 0), "103|5|米");
}

static void test_tok__full_width_is_folded(void **state)
{
	(void)state;
	assert_string_equal(toks("ＡＢＣ１２３", 0), "abc123");
	assert_string_equal(toks("Ｈｅｌｌｏ　Ｗｏｒｌｄ", 0), "hello|world");
	assert_string_equal(toks("ＳＭ４算法", 1), toks("sm4算法", 1));
}

static void test_tok__punctuation_is_dropped(void **state)
{
	(void)state;
	assert_string_equal(toks("，。！？、；：“”（）《》【】…—", 0), "");
	assert_string_equal(toks("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", 0), "");
	assert_string_equal(toks("《民法典》", 0), "民法|法典|典");
}

static void test_tok__article_refs_chinese_and_arabic_agree(void **state)
{
	(void)state;
	assert_string_equal(toks("第二十条", 0), "第20条");
	assert_string_equal(toks("第20条", 0), "第20条");
	assert_string_equal(toks("第２０条", 0), "第20条");
	assert_string_equal(toks("第二十条", 1), "第20条");
	assert_string_equal(toks("第十条", 0), "第10条");
	assert_string_equal(toks("第一千二百六十条", 0), "第1260条");
	assert_string_equal(toks("第一百零五条", 0), "第105条");
	assert_string_equal(toks("第一百二十条之一", 0), "第120条之1");
	assert_string_equal(toks("第120条之1", 1), "第120条之1");
	assert_string_equal(toks("第三款", 0), "第3款");
	assert_string_equal(toks("第五章", 0), "第5章");
	assert_string_equal(toks_at("第二十条", 0), "第20条@0-12");
}

static void test_tok__article_ref_inside_text(void **state)
{
	(void)state;
	assert_string_equal(toks("依照本法第二十条规定", 0),
			    "依照|照本|本法|法|第20条|规定|定");
	assert_string_equal(toks("本法第二十条", 1), "本法|法|第20条");
	assert_string_equal(toks("第二十条第二款", 0), "第20条|第2款");
	/* 之 not followed by a number stays text */
	assert_string_equal(toks("第二十条之规定", 0), "第20条|之规|规定|定");
}

static void test_tok__not_an_article_ref(void **state)
{
	(void)state;
	assert_string_equal(toks("第二", 0), "第二|二");
	assert_string_equal(toks("第十百条", 0), "第十|十百|百条|条");
	assert_string_equal(toks("第条", 0), "第条|条");
	assert_string_equal(toks("次第", 0), "次第|第");
}

static void test_tok__invalid_utf8_is_skipped(void **state)
{
	static const char bad[] = "\xff\xfe\xe8\xa1\x8c\xe6\x94\xbf\xc0\xaf"
				  "\xe8\xa1";
	struct out o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.len = (int)sizeof(bad) - 1;
	assert_int_equal(fz_search_tokenize(bad, o.len, 0, collect, &o), 0);
	assert_string_equal(o.s, "行政|政");
	/* NULL text or a negative length gives nothing */
	assert_int_equal(fz_search_tokenize(NULL, 5, 0, collect, &o), 0);
	assert_int_equal(fz_search_tokenize("abc", -1, 0, collect, &o), 0);
}

static void test_tok__long_words_are_cut(void **state)
{
	char w[201];

	(void)state;
	memset(w, 'a', 200);
	w[200] = '\0';
	assert_int_equal((int)strlen(toks(w, 0)), FZ_SEARCH_TOK_MAX);
}

static int stop_at_second(void *ctx, const char *tok, int len, int s, int e)
{
	int *n = ctx;

	(void)tok;
	(void)len;
	(void)s;
	(void)e;
	return ++*n == 2 ? 7 : 0;
}

static void test_tok__emit_result_stops_tokenizing(void **state)
{
	int n = 0;

	(void)state;
	assert_int_equal(fz_search_tokenize("行政复议法", 15, 0, stop_at_second,
					    &n), 7);
	assert_int_equal(n, 2);
}

static void test_tok__parse_number(void **state)
{
	static const struct {
		const char *s;
		long v;
	} ok[] = {
		{ "20", 20 }, { "２０", 20 }, { "十", 10 }, { "十五", 15 },
		{ "二十", 20 }, { "一百零五", 105 }, { "一千二百六十", 1260 },
		{ "两千", 2000 }, { "一万零一", 10001 }, { "二〇二三", 2023 },
		{ "零", 0 }, { "九十九", 99 }, { "三百", 300 },
	};
	static const char *const bad[] = {
		"", "二三十", "十百", "2十", "abc", "一亿", "万", "123456789",
	};
	long v;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = -1;
		if (fz_search_parse_number(ok[i].s, strlen(ok[i].s), &v))
			fail_msg("%s does not parse", ok[i].s);
		assert_int_equal(v, ok[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!fz_search_parse_number(bad[i], strlen(bad[i]), &v))
			fail_msg("%s parses as %ld", bad[i], v);
}

static void test_tok__registered_under_fazhi(void **state)
{
	struct out o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.len = 6;
	assert_string_equal(fz_search_tokenizer.name, "fazhi");
	assert_int_equal(fz_search_tokenizer.tokenize("罚款", 6, 1, collect,
						      &o), 0);
	assert_string_equal(o.s, "罚款");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tok__han_bigrams_in_documents),
		cmocka_unit_test(test_tok__query_leaves_out_trailing_character),
		cmocka_unit_test(test_tok__one_and_two_character_queries),
		cmocka_unit_test(test_tok__mixed_chinese_english_digits),
		cmocka_unit_test(test_tok__full_width_is_folded),
		cmocka_unit_test(test_tok__punctuation_is_dropped),
		cmocka_unit_test(test_tok__article_refs_chinese_and_arabic_agree),
		cmocka_unit_test(test_tok__article_ref_inside_text),
		cmocka_unit_test(test_tok__not_an_article_ref),
		cmocka_unit_test(test_tok__invalid_utf8_is_skipped),
		cmocka_unit_test(test_tok__long_words_are_cut),
		cmocka_unit_test(test_tok__emit_result_stops_tokenizing),
		cmocka_unit_test(test_tok__parse_number),
		cmocka_unit_test(test_tok__registered_under_fazhi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
