/* test_thesaurus.c - loading the search thesaurus
 * (src/engine/search/thesaurus.c): the fixture, each kind of bad line
 * reported as FILE:LINE: reason, good lines kept beside bad ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/search/thesaurus.h"

static void loads_the_fixture(void **state)
{
	struct fz_thesaurus t = FZ_THESAURUS_INIT;
	struct fz_err err = FZ_ERR_INIT;
	int found = 0;

	(void)state;
	assert_int_equal(fz_thesaurus_load(&t, "tests/fixtures/thesaurus.tsv",
					   stderr, &err), 0);
	assert_int_equal(t.n, 8);
	assert_string_equal(t.v[0].term, "告政府");
	assert_int_equal(t.v[0].kind, FZ_THES_COLLOQ);
	assert_string_equal(t.v[0].target, "行政复议|行政诉讼");
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].kind != FZ_THES_ARTICLE ||
		    strcmp(t.v[i].term, "罚款缴纳期限"))
			continue;
		assert_string_equal(t.v[i].law_id, "4361fba6fc9c1eb5");
		assert_int_equal(t.v[i].n, 67);
		assert_int_equal(t.v[i].sub, 0);
		assert_int_equal(t.v[i].line, 9);
		found = 1;
	}
	assert_true(found);
	fz_thesaurus_release(&t);
	assert_int_equal(t.n, 0);
}

/* Parse one line; the report must be exactly want (or empty). */
static int parse_one(const char *line, const char *want, size_t *n_out)
{
	struct fz_thesaurus t = FZ_THESAURUS_INIT;
	struct fz_err err = FZ_ERR_INIT;
	char buf[1024] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	int rc;

	assert_non_null(f);
	rc = fz_thesaurus_parse(&t, "t.tsv", line, strlen(line), f, &err);
	fclose(f);
	if (want) {
		assert_int_equal(rc, FZ_EINVAL);
		assert_string_equal(buf, want);
		/* the error carries the first message, without the newline */
		assert_int_equal(strncmp(err.msg, want, strlen(err.msg)), 0);
	} else {
		assert_int_equal(rc, 0);
		assert_string_equal(buf, "");
	}
	*n_out = t.n;
	fz_thesaurus_release(&t);
	return rc;
}

static void bad_lines_say_file_line_and_reason(void **state)
{
	size_t n;

	(void)state;
	parse_one("# c\n醉驾\t俗称\n", "t.tsv:2: 列数不足：应为 词条、类别、"
		  "目标、出处 四列，以制表符分隔\n", &n);
	parse_one("醉驾\t别名\t醉酒驾驶\t刑法\n",
		  "t.tsv:1: 类别不是 俗称/简称/条文\n", &n);
	parse_one("\t俗称\t醉酒驾驶\t刑法\n", "t.tsv:1: 词条为空\n", &n);
	parse_one("醉驾\t俗称\t\t刑法\n", "t.tsv:1: 目标为空\n", &n);
	parse_one("醉驾\t俗称\t醉酒驾驶||饮酒\t刑法\n",
		  "t.tsv:1: 目标中有空词（俗称的目标写作 词一|词二）\n", &n);
	parse_one("醉驾入刑\t条文\t99b7f4d444750ba5-133\t刑法\n",
		  "t.tsv:1: 条文的目标应写作 法规编号#条号 或 法规编号#条号-之几"
		  "（法规编号为 16 位十六进制数）\n", &n);
	parse_one("醉驾入刑\t条文\t99b7f4d444750BA5#133\t刑法\n",
		  "t.tsv:1: 条文的目标应写作 法规编号#条号 或 法规编号#条号-之几"
		  "（法规编号为 16 位十六进制数）\n", &n);
	parse_one("醉驾入刑\t条文\t99b7f4d444750ba5#133-\t刑法\n",
		  "t.tsv:1: 条文的目标应写作 法规编号#条号 或 法规编号#条号-之几"
		  "（法规编号为 16 位十六进制数）\n", &n);
	parse_one("醉\xff驾\t俗称\t醉酒驾驶\t刑法\n",
		  "t.tsv:1: 含有无效的 UTF-8 字符\n", &n);
	assert_int_equal(n, 0);
}

static void good_lines_are_kept_beside_bad_ones(void **state)
{
	size_t n;

	(void)state;
	/* a BOM, CRLF line ends, spaces around cells, a 之X article */
	parse_one("\xef\xbb\xbf醉驾 \t俗称\t醉酒驾驶|饮酒后驾驶\t刑法\r\n"
		  "\n   \n# note\n"
		  "醉驾入刑\t条文\t99b7f4d444750ba5#133-1\t刑法\t第一百三十三条之一\n",
		  NULL, &n);
	assert_int_equal(n, 2);
	parse_one("醉驾\t俗称\t醉酒驾驶\t刑法\nx\ty\n劳动法\t简称\t中华人民共和国劳动法\t\n",
		  "t.tsv:2: 列数不足：应为 词条、类别、目标、出处 四列，以制表符分隔\n",
		  &n);
	assert_int_equal(n, 2);
}

static void missing_file_is_an_io_error(void **state)
{
	struct fz_thesaurus t = FZ_THESAURUS_INIT;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	assert_int_equal(fz_thesaurus_load(&t, "tests/fixtures/nonexistent.tsv",
					   NULL, &err), FZ_EIO);
	assert_int_equal(t.n, 0);
	assert_string_equal(fz_thesaurus_kind_name(FZ_THES_SHORT), "简称");
	assert_null(fz_thesaurus_kind_name(9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_the_fixture),
		cmocka_unit_test(bad_lines_say_file_line_and_reason),
		cmocka_unit_test(good_lines_are_kept_beside_bad_ones),
		cmocka_unit_test(missing_file_is_an_io_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
