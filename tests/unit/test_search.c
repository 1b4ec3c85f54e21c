/* test_search.c - ranking through the store and highlighting
 * (src/engine/search/search.c), on a small FTS5 table of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/search/query.h"
#include "engine/search/search.h"
#include "engine/search/tok.h"
#include "store/store.h"

static char dir[256];
static struct fz_store *db;

#define T1 ((int64_t)3 << 24) /* rowids of tier 1 */
#define T2 ((int64_t)5 << 24) /* rowids of tier 2 */

static const struct fz_search_spec spec = {
	"t", "5.0, 1.0", "1",
	"CASE WHEN (rowid >> 24) <= 2 THEN 0 WHEN (rowid >> 24) <= 4 THEN 1"
	" ELSE 2 END",
	10,
};

static void add(int64_t rowid, const char *title, const char *body)
{
	struct fz_err err = FZ_ERR_INIT;

	if (fz_store_run(db, &err, "INSERT INTO t(rowid, title, body)"
			 " VALUES (?, ?, ?)", "Itt", rowid, title, body))
		fail_msg("insert: %s", err.msg);
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[300];
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/fz-test-search-XXXXXX", tmp ? tmp : "build");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/s.db", dir);
	fz_store_register_tokenizer(&fz_search_tokenizer);
	if (fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, body,"
			  " tokenize='fazhi', prefix='1')", &err))
		return -1;
	add(1, "行政复议法", "公民可以申请行政复议。");
	add(2, "行政处罚法", "行政处罚的种类和设定。");
	add(3, "某条例", "对行政复议决定不服的，可以提起诉讼。");
	add(T1 + 1, "某省行政复议条例", "申请行政复议的期限为六十日。");
	add(T2 + 1, "行政复议法", "旧法：申请行政复议。");
	for (int i = 0; i < 30; i++)
		add(100 + i, "罚款办法", "罚款应当缴纳。");
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

static void test_search__tiers_then_bm25_with_title_weight(void **state)
{
	struct fz_search_page pg;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	assert_int_equal(fz_search_run(db, &spec, "\"行政复议\"", 0, INT64_MAX,
				       0, 10, &pg, &err), 0);
	assert_int_equal(pg.total, 4);
	assert_int_equal(pg.nhits, 4);
	assert_int_equal(pg.capped, 0);
	/* tier 0: the title match above the text-only match */
	assert_int_equal(pg.hits[0].rowid, 1);
	assert_int_equal(pg.hits[1].rowid, 3);
	assert_true(pg.hits[0].score < pg.hits[1].score);
	/* then tier 1, then the law no longer in force, whatever its score */
	assert_int_equal(pg.hits[2].rowid, T1 + 1);
	assert_int_equal(pg.hits[3].rowid, T2 + 1);
	fz_search_page_release(&pg);
}

static void test_search__rowid_range_and_pages(void **state)
{
	struct fz_search_page pg;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	assert_int_equal(fz_search_run(db, &spec, "\"行政复议\"", T1, T1 + 100,
				       0, 10, &pg, &err), 0);
	assert_int_equal(pg.total, 1);
	assert_int_equal(pg.hits[0].rowid, T1 + 1);
	fz_search_page_release(&pg);

	assert_int_equal(fz_search_run(db, &spec, "\"行政复议\"", 0, INT64_MAX,
				       2, 1, &pg, &err), 0);
	assert_int_equal(pg.nhits, 1);
	assert_int_equal(pg.hits[0].rowid, T1 + 1);
	fz_search_page_release(&pg);

	assert_int_equal(fz_search_run(db, &spec, "\"行政复议\"", 0, INT64_MAX,
				       40, 10, &pg, &err), 0);
	assert_int_equal(pg.nhits, 0);
	assert_int_equal(pg.total, 4);
	fz_search_page_release(&pg);
}

static void test_search__broad_query_ranks_only_first_cap(void **state)
{
	struct fz_search_page pg;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	assert_int_equal(fz_search_run(db, &spec, "\"罚款\"", 0, INT64_MAX, 0,
				       50, &pg, &err), 0);
	assert_int_equal(pg.capped, 1);
	assert_int_equal(pg.total, spec.cap);
	assert_int_equal(pg.nhits, spec.cap);
	for (int i = 0; i < pg.nhits; i++)
		assert_true(pg.hits[i].rowid >= 100 && pg.hits[i].rowid < 110);
	fz_search_page_release(&pg);
}

static void test_search__one_character_prefix(void **state)
{
	struct fz_search_page pg;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	/* 种 only starts the bigram 种类 in row 2 */
	assert_int_equal(fz_search_run(db, &spec, "\"种\"*", 0, INT64_MAX, 0,
				       10, &pg, &err), 0);
	assert_int_equal(pg.total, 1);
	assert_int_equal(pg.hits[0].rowid, 2);
	fz_search_page_release(&pg);
	/* 定 ends a run (设定。) and is found through its own token */
	assert_int_equal(fz_search_run(db, &spec, "\"定\"*", 0, INT64_MAX, 0,
				       10, &pg, &err), 0);
	assert_int_equal(pg.total, 2);
	fz_search_page_release(&pg);
}

static void test_search__prune_drops_common_tokens(void **state)
{
	struct fz_search_query q;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	assert_int_equal(fz_search_query_parse("罚款怎么申请复议", &q, &err), 0);
	assert_non_null(q.relaxed);
	assert_non_null(strstr(q.relaxed, "\"罚款\""));
	/* 罚款 is in 30 rows, more than 20 */
	assert_int_equal(fz_search_prune_relaxed(db, &spec, &q, 20, &err), 0);
	assert_null(strstr(q.relaxed, "\"罚款\""));
	assert_non_null(strstr(q.relaxed, "\"复议\""));
	for (int i = 0; i < q.nhl_relaxed; i++)
		assert_string_not_equal(q.hl_relaxed[i].tok[0], "罚款");
	fz_search_query_release(&q);
}

static char *hl(const char *query, const char *text, int max)
{
	struct fz_search_query q;
	struct fz_err err = FZ_ERR_INIT;
	char *s;

	if (fz_search_query_parse(query, &q, &err))
		fail_msg("%s: %s", query, err.msg);
	s = fz_search_highlight(text, q.hl, q.nhl, max);
	fz_search_query_release(&q);
	return s;
}

static void check_hl(const char *query, const char *text, int max,
		     const char *want)
{
	char *s = hl(query, text, max);
	assert_string_equal(s, want);
	free(s);
}

static void test_search__highlight_marks_phrases(void **state)
{
	(void)state;
	check_hl("行政复议", "依法申请行政复议。", 0,
		 "依法申请<mark>行政复议</mark>。");
	/* article references match in either numeral form */
	check_hl("第20条", "依照本法第二十条的规定", 0,
		 "依照本法<mark>第二十条</mark>的规定");
	/* overlapping and adjacent matches merge */
	check_hl("行政 政复 复议", "行政复议", 0, "<mark>行政复议</mark>");
	/* a phrase matches only where its bigrams are consecutive */
	check_hl("行政复议", "行政机关复议", 0, "行政机关复议");
	/* one character: only that character is marked */
	check_hl("法", "依法办事的方法", 0, "依<mark>法</mark>办事的方<mark>法</mark>");
	check_hl("SM4", "采用ＳＭ４算法", 0, "采用<mark>ＳＭ４</mark>算法");
}

static void test_search__highlight_escapes_html(void **state)
{
	(void)state;
	check_hl("罚款", "<b>罚款</b> & \"x\" 'y'", 0,
		 "&lt;b&gt;<mark>罚款</mark>&lt;/b&gt; &amp; &quot;x&quot; &#39;y&#39;");
	check_hl("罚款", NULL, 0, "");
}

static void test_search__highlight_window(void **state)
{
	char text[1024] = "";
	char *s;

	(void)state;
	for (int i = 0; i < 40; i++)
		strcat(text, "一二三四五");
	strcat(text, "申请行政复议的期限");
	s = hl("行政复议", text, 30);
	/* cut before, with a little context, and the match kept whole */
	assert_true(!strncmp(s, "…", strlen("…")));
	assert_non_null(strstr(s, "申请<mark>行政复议</mark>的期限"));
	free(s);
	/* no match: the first max characters */
	s = hl("罚款", "一二三四五六七八九十", 4);
	assert_string_equal(s, "一二三四…");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search__tiers_then_bm25_with_title_weight),
		cmocka_unit_test(test_search__rowid_range_and_pages),
		cmocka_unit_test(test_search__broad_query_ranks_only_first_cap),
		cmocka_unit_test(test_search__one_character_prefix),
		cmocka_unit_test(test_search__prune_drops_common_tokens),
		cmocka_unit_test(test_search__highlight_marks_phrases),
		cmocka_unit_test(test_search__highlight_escapes_html),
		cmocka_unit_test(test_search__highlight_window),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
