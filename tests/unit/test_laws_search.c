/* test_laws_search.c - 一键找法 over the sample corpus
 * (src/domain/laws/laws_search.c): ranking rules, direct articles, the 法:
 * filter, relaxed questions, suggestions, a law, an article, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/laws/laws_import.h"
#include "domain/laws/laws_schema.h"
#include "domain/laws/laws_search.h"
#include "engine/search/tok.h"
#include "store/store.h"

#define FUXIYI_2023 "35564a0c7a87bdf0" /* 行政复议法 (2023), 有效 */
#define FUXIYI_2017 "77ea6bf29bf99edd" /* 行政复议法 (2017), 已被修订 */
#define CHUFA "4361fba6fc9c1eb5"       /* 行政处罚法 */
#define YINGSHANG "14ebc9a43b6cdff8"   /* 优化营商环境条例 */
#define YINGSHANG_BJ "b7607bee8c15c838" /* 北京市优化营商环境条例 */

static char dir[256];
static struct fz_store *db;

static int setup(void **state)
{
	static const struct fz_migration *const sets[] = {
		fz_laws_migrations, NULL
	};
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	const char *tmp = getenv("TMPDIR");
	char path[300];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/fz-test-laws-search-XXXXXX",
		 tmp ? tmp : "build");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/s.db", dir);
	fz_store_register_tokenizer(&fz_search_tokenizer);
	if (fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err) ||
	    fz_laws_import_file(db, "data/laws/sample.jsonl", &st, NULL, &err) ||
	    fz_laws_import_thesaurus(db, "tests/fixtures/thesaurus.tsv", NULL,
				     NULL, &err) ||
	    fz_laws_derive(db, &err))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	fz_store_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static json_t *search(const char *q, int page)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL;

	if (fz_laws_search(db, q, page, 10, &o, &err))
		fail_msg("「%s」: %s", q, err.msg);
	return o;
}

static const char *s_at(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);
	if (b)
		v = json_object_get(v, b);
	return json_string_value(v);
}

static json_t *item(json_t *o, size_t i)
{
	return json_array_get(json_object_get(o, "items"), i);
}

static void test_laws_search__keyword(void **state)
{
	json_t *o = search("听证", 1);

	(void)state;
	assert_true(json_integer_value(json_object_get(o, "total")) >= 5);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 10);
	assert_false(json_is_true(json_object_get(o, "relaxed")));
	/* a snippet with the word marked, the law's summary beside it */
	assert_non_null(strstr(s_at(item(o, 0), "snippet", NULL),
			       "<mark>听证</mark>"));
	assert_string_equal(s_at(item(o, 0), "law", "status"), "有效");
	assert_non_null(s_at(item(o, 0), "law", "title"));
	assert_non_null(s_at(item(o, 0), "key", NULL));
	json_decref(o);
}

static void test_laws_search__in_force_before_revised(void **state)
{
	json_t *o = search("行政复议 申请", 1), *it;
	int seen_old = 0, pages = 0;
	size_t i;

	(void)state;
	/* walk every page: no 有效 article after the first 已被修订 one */
	for (int page = 1; page < 40; page++, pages++) {
		if (page > 1) {
			json_decref(o);
			o = search("行政复议 申请", page);
		}
		if (!json_array_size(json_object_get(o, "items")))
			break;
		json_array_foreach(json_object_get(o, "items"), i, it) {
			int in_force = !strcmp(s_at(it, "law", "status"), "有效");
			if (!in_force)
				seen_old = 1;
			else if (seen_old)
				fail_msg("有效 article after a revised one");
		}
	}
	assert_true(seen_old);
	assert_true(pages > 2);
	json_decref(o);
}

static void test_laws_search__national_before_local(void **state)
{
	json_t *o = search("优化营商环境", 1);

	(void)state;
	/* the national 条例 has the phrase in its title, as Beijing's does */
	assert_string_equal(s_at(item(o, 0), "law", "id"), YINGSHANG);
	assert_true(json_is_null(json_object_get(json_object_get(item(o, 0),
					"law"), "region")));
	json_decref(o);
	o = search("法:北京市优化营商环境条例 营商环境", 1);
	assert_string_equal(s_at(item(o, 0), "law", "id"), YINGSHANG_BJ);
	json_decref(o);
}

static void test_laws_search__title_weighs_more_than_text(void **state)
{
	json_t *o = search("社区矫正", 1);

	(void)state;
	assert_string_equal(s_at(item(o, 0), "law", "short_title"), "社区矫正法");
	assert_non_null(strstr(s_at(item(o, 0), "title_html", NULL),
			       "<mark>社区矫正</mark>"));
	json_decref(o);
}

static void test_laws_search__article_reference_opens_it(void **state)
{
	static const char *const qs[] = {
		"行政复议法 第二十条", "行政复议法第20条", "《行政复议法》第二十条",
		"中华人民共和国行政复议法 第二十条", "法:行政复议法 第20条",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		json_t *o = search(qs[i], 1), *d = json_object_get(o, "direct");
		if (!json_is_object(d))
			fail_msg("「%s」 opens no article", qs[i]);
		/* the version in force, not the 2017 text */
		assert_string_equal(s_at(d, "law", "id"), FUXIYI_2023);
		assert_string_equal(s_at(d, "article", "no"), "第二十条");
		assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(d, "article"), "n")), 20);
		assert_non_null(strstr(s_at(d, "article", "text"), "六十日"));
		json_decref(o);
	}
}

static void test_laws_search__law_filter(void **state)
{
	json_t *o = search("法:行政处罚法 听证", 1), *it;
	size_t i;

	(void)state;
	assert_string_equal(s_at(o, "law", "id"), CHUFA);
	assert_true(json_array_size(json_object_get(o, "items")) > 3);
	json_array_foreach(json_object_get(o, "items"), i, it)
		assert_string_equal(s_at(it, "law", "id"), CHUFA);
	json_decref(o);
	/* the filter alone lists the law in order */
	o = search("法:行政处罚法", 1);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 86);
	assert_string_equal(s_at(item(o, 0), "no", NULL), "第一条");
	json_decref(o);
}

static void test_laws_search__question_falls_back_to_relaxed(void **state)
{
	json_t *o = search("行政复议的申请期限是多久", 1), *it;
	int found = 0;
	size_t i;

	(void)state;
	assert_true(json_is_true(json_object_get(o, "relaxed")));
	json_array_foreach(json_object_get(o, "items"), i, it)
		if (i < 5 && !strcmp(s_at(it, "law", "id"), FUXIYI_2023) &&
		    json_integer_value(json_object_get(it, "n")) == 20)
			found = 1;
	assert_true(found);
	json_decref(o);
}

static void test_laws_search__one_and_two_characters(void **state)
{
	json_t *o = search("罚", 1);

	(void)state;
	assert_true(json_integer_value(json_object_get(o, "total")) > 10);
	assert_non_null(strstr(s_at(item(o, 0), "snippet", NULL),
			       "<mark>罚</mark>"));
	json_decref(o);
	o = search("国旗", 1);
	assert_string_equal(s_at(item(o, 0), "law", "short_title"), "国旗法");
	json_decref(o);
}

static void test_laws_search__errors(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL;

	(void)state;
	assert_int_equal(fz_laws_search(db, "(罚款", 1, 10, &o, &err),
			 FZ_EQUERY);
	assert_non_null(strstr(err.msg, "括号"));
	assert_int_equal(fz_laws_search(db, "", 1, 10, &o, &err), FZ_EQUERY);
	assert_int_equal(fz_laws_search(db, "法:没有这部法 听证", 1, 10, &o,
					&err), FZ_EQUERY);
	assert_non_null(strstr(err.msg, "没有这部法"));
	assert_int_equal(fz_laws_search(db, "罚款", 0, 10, &o, &err),
			 FZ_EINVAL);
	assert_string_equal(err.field, "page");
	assert_null(o);
}

static void test_laws_search__suggest(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL, *items;

	(void)state;
	assert_int_equal(fz_laws_suggest(db, "行政复议", 10, &o, &err), 0);
	items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 2);
	/* the version in force first */
	assert_string_equal(s_at(json_array_get(items, 0), "id", NULL),
			    FUXIYI_2023);
	json_decref(o);
	assert_int_equal(fz_laws_suggest(db, "营商", 10, &o, &err), 0);
	assert_string_equal(s_at(json_array_get(json_object_get(o, "items"), 0),
				 "id", NULL), YINGSHANG);
	json_decref(o);
	/* LIKE wildcards are text */
	assert_int_equal(fz_laws_suggest(db, "%", 10, &o, &err), 0);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
	json_decref(o);
	assert_int_equal(fz_laws_suggest(db, "", 10, &o, &err), 0);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
	json_decref(o);
}

static void test_laws_search__whole_law(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL, *arts, *v;

	(void)state;
	assert_int_equal(fz_laws_get(db, FUXIYI_2023, &o, &err), 0);
	arts = json_object_get(o, "articles");
	assert_int_equal(json_array_size(arts), 90);
	assert_string_equal(s_at(json_array_get(arts, 0), "chapter", NULL),
			    "第一章 总则");
	assert_true(json_array_size(json_object_get(json_object_get(o, "law"),
						    "history")) >= 4);
	v = json_object_get(o, "versions");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(s_at(json_array_get(v, 1), "id", NULL), FUXIYI_2017);
	json_decref(o);
	/* the old version names its successor */
	assert_int_equal(fz_laws_get(db, FUXIYI_2017, &o, &err), 0);
	assert_string_equal(s_at(o, "law", "superseded_by"), FUXIYI_2023);
	assert_string_equal(s_at(o, "law", "superseded_by_title"),
			    "中华人民共和国行政复议法");
	json_decref(o);
	assert_int_equal(fz_laws_get(db, "0000000000000000", &o, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(fz_laws_get(db, "../../etc", &o, &err), FZ_ENOTFOUND);
}

static void test_laws_search__one_article(void **state)
{
	static const char *const forms[] = { "20", "第二十条", "20-0" };
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (fz_laws_get_article(db, FUXIYI_2023, forms[i], &o, &err))
			fail_msg("%s: %s", forms[i], err.msg);
		assert_string_equal(s_at(o, "article", "no"), "第二十条");
		assert_string_equal(s_at(o, "prev", "no"), "第十九条");
		assert_string_equal(s_at(o, "next", "key"), "21");
		json_decref(o);
	}
	assert_int_equal(fz_laws_get_article(db, FUXIYI_2023, "1", &o, &err), 0);
	assert_true(json_is_null(json_object_get(o, "prev")));
	json_decref(o);
	assert_int_equal(fz_laws_get_article(db, FUXIYI_2023, "91", &o, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(fz_laws_get_article(db, FUXIYI_2023, "x1", &o, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(fz_laws_get_article(db, FUXIYI_2023, "20-", &o, &err),
			 FZ_ENOTFOUND);
	assert_int_equal(fz_laws_get_article(db, "ffffffffffffffff", "1", &o,
					     &err), FZ_ENOTFOUND);
}

/* ---- thesaurus, places, versions, the answer card ----------------------- */

static const char *law_of(json_t *it)
{
	return s_at(it, "law", "id");
}

static void test_laws_search__expansion_keeps_the_users_words(void **state)
{
	json_t *o = search("罚单 银行", 1), *it;
	size_t i;
	int both = 0;

	(void)state;
	/* 罚单 is nowhere in the statute: the relaxed search runs, with
	 * 行政处罚决定书 (the fixture's 俗称) blended in at lower weight */
	assert_true(json_is_true(json_object_get(o, "relaxed")));
	assert_true(json_is_true(json_object_get(o, "expanded")));
	/* the article with the user's 银行 and the expansion comes first */
	assert_string_equal(law_of(item(o, 0)), CHUFA);
	assert_int_equal(json_integer_value(json_object_get(item(o, 0), "n")), 67);
	/* and the user's own word is still what is marked and found */
	json_array_foreach(json_object_get(o, "items"), i, it)
		both += strstr(s_at(it, "snippet", NULL), "<mark>银行</mark>") != NULL;
	assert_true(both >= 1);
	json_decref(o);

	/* a query whose words match exactly keeps exactly those matches
	 * first: expansions only add below them */
	o = search("听证 罚单", 1);
	assert_non_null(strstr(s_at(item(o, 0), "snippet", NULL), "听证"));
	json_decref(o);

	/* a two-character term across a word boundary is no mention: the
	 * fixture's 政复 inside 行政复议 (行政 + 复议) adds nothing, alone
	 * it does */
	o = search("行政复议 调解员", 1);
	assert_false(json_is_true(json_object_get(o, "expanded")));
	json_decref(o);
	o = search("政复 调解员", 1);
	assert_true(json_is_true(json_object_get(o, "expanded")));
	json_decref(o);

	/* with the thesaurus switched off nothing is blended */
	setenv("FZ_LAWS_NO_THESAURUS", "1", 1);
	o = search("罚单 银行", 1);
	unsetenv("FZ_LAWS_NO_THESAURUS");
	assert_false(json_is_true(json_object_get(o, "expanded")));
	json_decref(o);
}

static void test_laws_search__nickname_opens_its_article(void **state)
{
	json_t *o = search("复议申请期限是多久", 1), *card;

	(void)state;
	assert_string_equal(law_of(item(o, 0)), FUXIYI_2023);
	assert_int_equal(json_integer_value(json_object_get(item(o, 0), "n")), 20);
	card = json_object_get(o, "answer");
	assert_true(json_is_object(card));
	assert_string_equal(s_at(card, "law", "id"), FUXIYI_2023);
	assert_string_equal(s_at(card, "article", "no"), "第二十条");
	assert_true(json_is_true(json_object_get(card, "time_question")));
	/* the article quoted whole, its period marked */
	assert_non_null(strstr(s_at(card, "text_html", NULL),
			       "<mark>六十日内</mark>"));
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(card, "periods"), 0)), "六十日内");
	assert_int_equal(json_array_size(json_object_get(card, "alternatives")), 2);
	json_decref(o);
}

static void test_laws_search__short_name_boosts_its_law(void **state)
{
	/* 处罚法 (the fixture's 简称) names 行政处罚法 */
	json_t *o = search("处罚法 期限 多久", 1);

	(void)state;
	assert_string_equal(law_of(item(o, 0)), CHUFA);
	json_decref(o);
}

static void test_laws_search__a_named_place_comes_first(void **state)
{
	json_t *o = search("上海的营商环境怎么优化", 1);

	(void)state;
	assert_true(json_is_true(json_object_get(o, "relaxed")));
	assert_string_equal(s_at(item(o, 0), "law", "region"), "上海");
	json_decref(o);
	/* the same question without a place: national law first, and no
	 * other province's regulation before the national one */
	o = search("营商环境怎么优化", 1);
	assert_string_equal(law_of(item(o, 0)), YINGSHANG);
	json_decref(o);
	/* 北京 names Beijing's */
	o = search("北京的营商环境怎么优化", 1);
	assert_string_equal(law_of(item(o, 0)), YINGSHANG_BJ);
	json_decref(o);
}

static void test_laws_search__old_version_links_the_text_in_force(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL, *law;

	(void)state;
	assert_int_equal(fz_laws_get(db, FUXIYI_2017, &o, &err), 0);
	law = json_object_get(o, "law");
	assert_string_equal(s_at(law, "revised_on", NULL), "2023-09-01");
	assert_string_equal(s_at(law, "current", "id"), FUXIYI_2023);
	json_decref(o);
	assert_int_equal(fz_laws_get(db, FUXIYI_2023, &o, &err), 0);
	law = json_object_get(o, "law");
	assert_true(json_is_null(json_object_get(law, "revised_on")));
	assert_true(json_is_null(json_object_get(law, "current")));
	json_decref(o);
	/* the corpus date comes with every search */
	o = search("听证", 1);
	assert_string_equal(s_at(o, "corpus_date", NULL), "2024-11-29");
	json_decref(o);
}

static void test_laws_search__periods_are_marked(void **state)
{
	json_t *p = json_array();
	char *h = fz_laws_mark_periods("自收到之日起十五日内；第十日<b>；六个月；"
				       "2年以内；三十个工作日", p);

	(void)state;
	assert_string_equal(h, "自收到之日起<mark>十五日内</mark>；第十日"
			    "&lt;b&gt;；<mark>六个月</mark>；<mark>2年以内</mark>；"
			    "<mark>三十个工作日</mark>");
	assert_int_equal(json_array_size(p), 4);
	free(h);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_laws_search__keyword),
		cmocka_unit_test(test_laws_search__expansion_keeps_the_users_words),
		cmocka_unit_test(test_laws_search__nickname_opens_its_article),
		cmocka_unit_test(test_laws_search__short_name_boosts_its_law),
		cmocka_unit_test(test_laws_search__a_named_place_comes_first),
		cmocka_unit_test(test_laws_search__old_version_links_the_text_in_force),
		cmocka_unit_test(test_laws_search__periods_are_marked),
		cmocka_unit_test(test_laws_search__in_force_before_revised),
		cmocka_unit_test(test_laws_search__national_before_local),
		cmocka_unit_test(test_laws_search__title_weighs_more_than_text),
		cmocka_unit_test(test_laws_search__article_reference_opens_it),
		cmocka_unit_test(test_laws_search__law_filter),
		cmocka_unit_test(test_laws_search__question_falls_back_to_relaxed),
		cmocka_unit_test(test_laws_search__one_and_two_characters),
		cmocka_unit_test(test_laws_search__errors),
		cmocka_unit_test(test_laws_search__suggest),
		cmocka_unit_test(test_laws_search__whole_law),
		cmocka_unit_test(test_laws_search__one_article),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
