/* test_query.c - the search box language (src/engine/search/query.c):
 * what becomes of words, phrases, operators, 法: filters and article
 * references, and which queries are errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine/search/query.h"

static struct fz_search_query q;

static const char *match(const char *text)
{
	struct fz_err err = FZ_ERR_INIT;

	fz_search_query_release(&q);
	if (fz_search_query_parse(text, &q, &err))
		fail_msg("「%s」 fails: %s", text, err.msg);
	return q.match ? q.match : "(null)";
}

/* The message of a query that must fail with FZ_EQUERY on field q. */
static const char *error(const char *text)
{
	static struct fz_err err;

	fz_err_clear(&err);
	fz_search_query_release(&q);
	if (fz_search_query_parse(text, &q, &err) != FZ_EQUERY)
		fail_msg("「%s」 should fail, gives %s", text,
			 q.match ? q.match : "(null)");
	assert_int_equal(err.code, FZ_EQUERY);
	assert_string_equal(err.field, "q");
	assert_null(q.match);
	return err.msg;
}

static int teardown(void **state)
{
	(void)state;
	fz_search_query_release(&q);
	return 0;
}

static void test_query__words_are_anded(void **state)
{
	(void)state;
	assert_string_equal(match("劳动 合同"), "(\"劳动\" AND \"合同\")");
	assert_string_equal(match("劳动　合同"), "(\"劳动\" AND \"合同\")");
	assert_string_equal(match("罚款 AND 听证"), "(\"罚款\" AND \"听证\")");
	assert_string_equal(match("行政复议"), "\"行政复议\"");
}

static void test_query__phrases(void **state)
{
	(void)state;
	assert_string_equal(match("\"行政 复议\""), "\"行政 复议\"");
	assert_string_equal(match("“行政复议” 期限"),
			    "(\"行政复议\" AND \"期限\")");
	assert_string_equal(match("＂醉酒驾驶＂"), "\"醉酒驾驶\"");
}

static void test_query__or_not_and_grouping(void **state)
{
	(void)state;
	assert_string_equal(match("罚款 OR 拘留"), "(\"罚款\" OR \"拘留\")");
	assert_string_equal(match("处罚 NOT 罚款"), "(\"处罚\" NOT \"罚款\")");
	assert_string_equal(match("(工伤 OR 职业病) 认定"),
			    "((\"工伤\" OR \"职业病\") AND \"认定\")");
	/* NOT binds tighter than AND, AND tighter than OR (as FTS5) */
	assert_string_equal(match("a b NOT c OR d"),
		"((\"a\" AND (\"b\" NOT \"c\")) OR \"d\")");
}

static void test_query__chinese_operators_between_terms(void **state)
{
	(void)state;
	assert_string_equal(match("罚款 或 拘留"), "(\"罚款\" OR \"拘留\")");
	assert_string_equal(match("处罚 非 罚款"), "(\"处罚\" NOT \"罚款\")");
	assert_string_equal(match("劳动 和 工资"), "(\"劳动\" AND \"工资\")");
	/* elsewhere they are words: 非 法 is two words, 和 alone a word */
	assert_string_equal(match("非 法"), "(\"非\"* AND \"法\"*)");
	assert_string_equal(match("和"), "\"和\"*");
	assert_string_equal(match("或 罚款"), "(\"或\"* AND \"罚款\")");
	/* inside a word they are plain characters */
	assert_string_equal(match("劳动和工资"), "\"劳动和工资\"");
}

static void test_query__one_character_is_a_prefix_query(void **state)
{
	(void)state;
	assert_string_equal(match("法"), "\"法\"*");
	assert_string_equal(match("税 罚款"), "(\"税\"* AND \"罚款\")");
	assert_string_equal(match("a"), "\"a\"");
	assert_int_equal(q.nhl, 1);
	assert_int_equal(q.hl[0].prefix, 0);
	match("法");
	assert_int_equal(q.hl[0].prefix, 1);
}

static void test_query__fts5_syntax_cannot_be_injected(void **state)
{
	(void)state;
	assert_string_equal(match("title:abc"), "\"title:abc\"");
	assert_string_equal(match("a*"), "\"a*\"");
	assert_string_equal(match("^罚款"), "\"^罚款\"");
	assert_string_equal(match("{title}:x"), "\"{title}:x\"");
	assert_string_equal(match("and or not"),
			    "((\"and\" AND \"or\") AND \"not\")");
}

static void test_query__law_filter(void **state)
{
	(void)state;
	assert_string_equal(match("法:行政处罚法 听证"), "\"听证\"");
	assert_string_equal(q.law, "行政处罚法");
	match("法：行政处罚法 听证");
	assert_string_equal(q.law, "行政处罚法");
	match("听证 法: 行政处罚法");
	assert_string_equal(q.law, "行政处罚法");
	assert_string_equal(match("法:\"行政 处罚法\" 听证"), "\"听证\"");
	assert_string_equal(q.law, "行政 处罚法");
	/* the filter alone lists the law */
	assert_string_equal(match("法:民法典"), "(null)");
	assert_string_equal(q.law, "民法典");
}

static void test_query__article_reference_opens_article(void **state)
{
	(void)state;
	assert_string_equal(match("行政复议法 第二十条"),
			    "(\"行政复议法\" AND \"第二十条\")");
	assert_int_equal(q.art_n, 20);
	assert_int_equal(q.art_sub, 0);
	assert_string_equal(q.art_law, "行政复议法");

	/* one word: split so each part can match its own column */
	assert_string_equal(match("行政复议法第20条"),
			    "(\"行政复议法\" AND \"第20条\")");
	assert_int_equal(q.art_n, 20);
	assert_string_equal(q.art_law, "行政复议法");

	assert_string_equal(match("刑法第一百三十三条之一"),
			    "(\"刑法\" AND \"第133条之1\")");
	assert_int_equal(q.art_n, 133);
	assert_int_equal(q.art_sub, 1);

	/* Arabic digits without 第 at the end of a word */
	assert_string_equal(match("民法典1165条"),
			    "(\"民法典\" AND \"第1165条\")");
	assert_int_equal(q.art_n, 1165);

	match("法:行政处罚法 第三十六条");
	assert_int_equal(q.art_n, 36);
	assert_null(q.art_law);
	assert_string_equal(q.law, "行政处罚法");
}

static void test_query__article_reference_alone_or_ambiguous(void **state)
{
	(void)state;
	/* no law named: an ordinary search for the article label */
	assert_string_equal(match("第二十条"), "\"第二十条\"");
	assert_int_equal(q.art_n, 20);
	assert_null(q.art_law);
	/* two references: no direct article */
	match("第二十条 第三十条");
	assert_int_equal(q.art_n, -1);
	/* 一条 is a word, not article 1 */
	match("这一条");
	assert_int_equal(q.art_n, -1);
	/* more words than a law name: no direct article */
	match("行政复议法 第二十条 期限");
	assert_null(q.art_law);
}

static void test_query__questions_get_a_relaxed_form(void **state)
{
	(void)state;
	assert_string_equal(match("行政复议的申请期限是多久"),
			    "\"行政复议的申请期限是多久\"");
	assert_non_null(q.relaxed);
	assert_non_null(strstr(q.relaxed, "\"复议\""));
	assert_non_null(strstr(q.relaxed, "\"期限\""));
	/* question words never count against an article */
	assert_null(strstr(q.relaxed, "多久"));
	assert_null(strstr(q.relaxed, "是多"));
	assert_null(strstr(q.relaxed, "议的"));
	assert_true(q.nhl_relaxed >= 5);
	/* operators make the query exact: no relaxed form */
	match("罚款 OR 拘留");
	assert_null(q.relaxed);
	/* nothing looser than one bigram */
	match("罚款");
	assert_null(q.relaxed);
}

static void test_query__malformed_queries_are_errors(void **state)
{
	char big[600];

	(void)state;
	assert_non_null(strstr(error(""), "请输入检索词"));
	assert_non_null(strstr(error("   "), "请输入检索词"));
	assert_non_null(strstr(error("\"行政 复议"), "引号"));
	assert_non_null(strstr(error("(罚款"), "括号"));
	assert_non_null(strstr(error("罚款)"), "括号"));
	assert_non_null(strstr(error("() 罚款"), "括号中没有检索词"));
	assert_non_null(strstr(error("AND 罚款"), "AND"));
	assert_non_null(strstr(error("罚款 OR"), "OR"));
	assert_non_null(strstr(error("罚款 AND OR 拘留"), "AND"));
	assert_non_null(strstr(error("NOT 罚款"), "NOT"));
	assert_non_null(strstr(error("罚款 NOT"), "NOT"));
	assert_non_null(strstr(error("，。！"), "没有可检索的文字"));
	assert_non_null(strstr(error("， NOT 罚款"), "NOT"));
	/* found by fuzz_query: the error of a nested NOT kept its code */
	assert_non_null(strstr(error("a (， NOT b)"), "NOT"));
	assert_non_null(strstr(error("31 + 非 t&l 1"), "NOT"));
	assert_non_null(strstr(error("法:"), "法律名称"));
	assert_non_null(strstr(error("法:， 听证"), "法律名称"));
	assert_non_null(strstr(error("法:刑法 法:民法典"), "一部法律"));
	assert_non_null(strstr(error("\xff\xfe"), "无效字符"));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_non_null(strstr(error(big), "过长"));
	assert_non_null(strstr(error("a b c d e f g h i j k l m n o p q r s t u v w "
				     "x y z"), "过多"));
	assert_non_null(strstr(error("((((((((((a))))))))))"), "嵌套"));
}

static void test_query__highlight_phrases(void **state)
{
	(void)state;
	match("行政复议 NOT 期限");
	/* only the positive side is highlighted */
	assert_int_equal(q.nhl, 1);
	assert_int_equal(q.hl[0].ntok, 3);
	assert_string_equal(q.hl[0].tok[0], "行政");
	assert_string_equal(q.hl[0].tok[2], "复议");
}

static void test_query__find_article_ref(void **state)
{
	const char *s = "见民法典第一千一百六十五条之规定";
	int end = 0;
	long n = 0, sub = 0;
	int at;

	(void)state;
	at = fz_search_find_article_ref(s, (int)strlen(s), &end, &n, &sub);
	assert_int_equal(at, (int)strlen("见民法典"));
	assert_int_equal(end, (int)strlen("见民法典第一千一百六十五条"));
	assert_int_equal(n, 1165);
	assert_int_equal(sub, 0);
	assert_int_equal(fz_search_find_article_ref("第x条", 7, &end, &n, &sub),
			 -1);
	assert_int_equal(fz_search_find_article_ref("123条", 6, &end, &n, &sub),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query__words_are_anded),
		cmocka_unit_test(test_query__phrases),
		cmocka_unit_test(test_query__or_not_and_grouping),
		cmocka_unit_test(test_query__chinese_operators_between_terms),
		cmocka_unit_test(test_query__one_character_is_a_prefix_query),
		cmocka_unit_test(test_query__fts5_syntax_cannot_be_injected),
		cmocka_unit_test(test_query__law_filter),
		cmocka_unit_test(test_query__article_reference_opens_article),
		cmocka_unit_test(test_query__article_reference_alone_or_ambiguous),
		cmocka_unit_test(test_query__questions_get_a_relaxed_form),
		cmocka_unit_test(test_query__malformed_queries_are_errors),
		cmocka_unit_test(test_query__highlight_phrases),
		cmocka_unit_test(test_query__find_article_ref),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
