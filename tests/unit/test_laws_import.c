/* test_laws_import.c - `fazhi import laws` (src/domain/laws/laws_import.c):
 * counts, idempotence, malformed lines with their numbers, gzip input,
 * changed records, and that the full-text index follows every change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "domain/laws/laws_import.h"
#include "domain/laws/laws_schema.h"
#include "engine/search/tok.h"
#include "store/store.h"

#define SAMPLE "data/laws/sample.jsonl"

static char dir[256];
static struct fz_store *db;

static const struct fz_migration *const sets[] = { fz_laws_migrations, NULL };

static void tmp_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static struct fz_store *fresh_db(const char *name)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s;
	char path[300];

	tmp_path(path, sizeof(path), name);
	unlink(path);
	if (fz_store_open(&s, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(s, sets, &err))
		fail_msg("open %s: %s", path, err.msg);
	return s;
}

static int64_t count(struct fz_store *s, const char *sql, const char *arg)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;

	if (fz_store_int(s, &n, &err, sql, arg ? "t" : "", arg) < 0)
		fail_msg("%s: %s", sql, err.msg);
	return n;
}

static int64_t fts(struct fz_store *s, const char *match)
{
	return count(s, "SELECT count(*) FROM law_fts WHERE law_fts MATCH ?",
		     match);
}

/* Line n (from 1) of the sample, without its newline. */
static char *sample_line(int n)
{
	FILE *f = fopen(SAMPLE, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = 0;

	assert_non_null(f);
	for (int i = 0; i < n; i++)
		len = getline(&line, &cap, f);
	fclose(f);
	assert_true(len > 0);
	line[strcspn(line, "\n")] = '\0';
	return line;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/fz-test-laws-import-XXXXXX",
		 tmp ? tmp : "build");
	if (!mkdtemp(dir))
		return -1;
	fz_store_register_tokenizer(&fz_search_tokenizer);
	db = fresh_db("a.db");
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

static void test_laws_import__sample_counts(void **state)
{
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;

	(void)state;
	assert_int_equal(fz_laws_import_file(db, SAMPLE, &st, NULL, &err), 0);
	assert_int_equal(st.lines, 25);
	assert_int_equal(st.inserted, 25);
	assert_int_equal(st.unchanged, 0);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(st.articles, 1419);
	assert_int_equal(count(db, "SELECT count(*) FROM laws", NULL), 25);
	assert_int_equal(count(db, "SELECT count(*) FROM law_articles", NULL),
			 1419);
	/* status and level come through; the old version is not in force */
	assert_int_equal(count(db, "SELECT in_force FROM laws WHERE id = ?",
			       "77ea6bf29bf99edd"), 0);
	assert_int_equal(count(db, "SELECT national FROM laws WHERE id = ?",
			       "b7607bee8c15c838"), 0);
	/* 行政复议法 (2023) has 90 articles, in one rowid block of class 0 */
	assert_int_equal(count(db, "SELECT max(id) - min(id) + 1 FROM"
			       " law_articles WHERE law_id = ?",
			       "35564a0c7a87bdf0"), 90);
	assert_int_equal(count(db, "SELECT min(id) >> 24 FROM law_articles"
			       " WHERE law_id = ?", "35564a0c7a87bdf0"), 0);
	assert_int_equal(count(db, "SELECT min(id) >> 24 FROM law_articles"
			       " WHERE law_id = ?", "b7607bee8c15c838"), 4);
	assert_int_equal(count(db, "SELECT min(id) >> 24 FROM law_articles"
			       " WHERE law_id = ?", "77ea6bf29bf99edd"), 5);
	/* the index holds every article */
	assert_true(fts(db, "\"行政复议\"") > 90);
}

static void test_laws_import__second_run_changes_nothing(void **state)
{
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	int64_t ids = count(db, "SELECT sum(id) FROM law_articles", NULL);
	int64_t hits = fts(db, "\"听证\"");

	(void)state;
	assert_int_equal(fz_laws_import_file(db, SAMPLE, &st, NULL, &err), 0);
	assert_int_equal(st.inserted, 0);
	assert_int_equal(st.updated, 0);
	assert_int_equal(st.unchanged, 25);
	assert_int_equal(st.articles, 0);
	assert_int_equal(count(db, "SELECT sum(id) FROM law_articles", NULL),
			 ids);
	assert_int_equal(fts(db, "\"听证\""), hits);
}

static void test_laws_import__gzip_input(void **state)
{
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	char path[300], buf[8192];
	FILE *in = fopen(SAMPLE, "rb");
	gzFile out;
	size_t n;

	(void)state;
	tmp_path(path, sizeof(path), "sample.jsonl.gz");
	out = gzopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(gzwrite(out, buf, (unsigned)n), (int)n);
	fclose(in);
	gzclose(out);
	assert_int_equal(fz_laws_import_file(db, path, &st, NULL, &err), 0);
	assert_int_equal(st.lines, 25);
	assert_int_equal(st.unchanged, 25);
	assert_int_equal(st.malformed, 0);
}

static void test_laws_import__malformed_lines_reported_and_skipped(void **state)
{
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s = fresh_db("m.db");
	char path[300], rpath[300], report[4096] = "";
	char *l1 = sample_line(3), *l2 = sample_line(4), *text;
	char *bad_status, *p;
	size_t size;
	FILE *r;

	(void)state;
	/* line 5: a good record with its status changed to a bad one */
	bad_status = strdup(l2);
	p = strstr(bad_status, "\"有效\"");
	assert_non_null(p);
	memcpy(p, "\"废止\"", strlen("\"废止\""));
	size = strlen(l1) + strlen(l2) + strlen(bad_status) + 512;
	text = malloc(size);
	snprintf(text, size,
		 "%s\n"                                /* 1 good */
		 "not json at all\n"                   /* 2 */
		 "{\"id\":\"x\"}\n"                    /* 3 */
		 "\n"                                  /* 4 blank: skipped */
		 "%s\n"                                /* 5 bad status */
		 "[1,2,3]\n"                           /* 6 not an object */
		 "%s",                                 /* 7 good, no newline */
		 l1, bad_status, l2);
	tmp_path(path, sizeof(path), "bad.jsonl");
	write_file(path, text);
	tmp_path(rpath, sizeof(rpath), "report.txt");
	r = fopen(rpath, "w+");
	assert_int_equal(fz_laws_import_file(s, path, &st, r, &err), 0);
	rewind(r);
	report[fread(report, 1, sizeof(report) - 1, r)] = '\0';
	fclose(r);
	assert_int_equal(st.lines, 7);
	assert_int_equal(st.inserted, 2);
	assert_int_equal(st.malformed, 4);
	assert_int_equal(st.nbad, 4);
	assert_int_equal(st.bad_lines[0], 2);
	assert_int_equal(st.bad_lines[1], 3);
	assert_int_equal(st.bad_lines[2], 5);
	assert_int_equal(st.bad_lines[3], 6);
	assert_non_null(strstr(report, "第 2 行"));
	assert_non_null(strstr(report, "第 3 行"));
	assert_non_null(strstr(report, "第 5 行"));
	assert_non_null(strstr(report, "废止"));
	assert_null(strstr(report, "第 4 行"));
	assert_null(strstr(report, "第 7 行"));
	/* nothing of the bad lines reached the database */
	assert_int_equal(count(s, "SELECT count(*) FROM laws", NULL), 2);
	fz_store_close(s);
	free(text);
	free(bad_status);
	free(l1);
	free(l2);
}

static void test_laws_import__changed_record_is_replaced(void **state)
{
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s = fresh_db("u.db");
	char path[300];
	char *l = sample_line(3), *p;

	(void)state;
	/* 人民调解法 第四条: 不收取任何费用 */
	tmp_path(path, sizeof(path), "one.jsonl");
	write_file(path, l);
	assert_int_equal(fz_laws_import_file(s, path, &st, NULL, &err), 0);
	assert_int_equal(st.inserted, 1);
	assert_int_equal(fts(s, "\"不收取任何费用\""), 1);
	assert_int_equal(fts(s, "\"收取合理费用\""), 0);
	p = strstr(l, "不收取任何费用");
	assert_non_null(p);
	memcpy(p, "收取合理费用啊", strlen("收取合理费用啊"));
	write_file(path, l);
	assert_int_equal(fz_laws_import_file(s, path, &st, NULL, &err), 0);
	assert_int_equal(st.updated, 1);
	assert_int_equal(st.inserted, 0);
	assert_int_equal(st.articles, 35);
	/* the index forgot the old text and knows the new */
	assert_int_equal(fts(s, "\"不收取任何费用\""), 0);
	assert_int_equal(fts(s, "\"收取合理费用\""), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM law_articles", NULL),
			 35);
	fz_store_close(s);
	free(l);
}

static void test_laws_import__unreadable_input_is_an_error(void **state)
{
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	char path[300];
	gzFile out;
	char *l = sample_line(1);

	(void)state;
	tmp_path(path, sizeof(path), "missing.jsonl");
	assert_int_equal(fz_laws_import_file(db, path, &st, NULL, &err),
			 FZ_EIO);
	assert_non_null(strstr(err.msg, "无法打开"));
	/* a gzip file cut short */
	tmp_path(path, sizeof(path), "cut.jsonl.gz");
	out = gzopen(path, "wb");
	for (int i = 0; i < 50; i++)
		gzputs(out, l);
	gzclose(out);
	assert_int_equal(truncate(path, 2000), 0);
	fz_err_clear(&err);
	assert_int_equal(fz_laws_import_file(db, path, &st, NULL, &err),
			 FZ_EIO);
	assert_non_null(strstr(err.msg, "损坏"));
	free(l);
}

/* The thesaurus, the derived tables, learned pairs and --since, on the
 * sample in the shared database (imported by sample_counts). */
static void test_laws_import__thesaurus_derive_learn_since(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char bad[300], buf[4096] = "";
	long n = -1;
	FILE *f;

	(void)state;
	assert_int_equal(fz_laws_import_thesaurus(db, "tests/fixtures/thesaurus.tsv",
						  NULL, &n, &err), 0);
	assert_int_equal(n, 8);
	assert_int_equal(count(db, "SELECT count(*) FROM law_thesaurus"
			       " WHERE kind = '条文' AND law_id = ?",
			       "4361fba6fc9c1eb5"), 1);
	/* a bad line: nothing replaced, the message says FILE:LINE */
	tmp_path(bad, sizeof(bad), "bad.tsv");
	write_file(bad, "醉驾\t俗称\t醉酒驾驶\t刑法\n醉驾\t俗\t醉酒\t刑法\n");
	assert_int_equal(fz_laws_import_thesaurus(db, bad, NULL, &n, &err),
			 FZ_EINVAL);
	assert_non_null(strstr(err.msg, "bad.tsv:2: "));
	assert_int_equal(count(db, "SELECT count(*) FROM law_thesaurus", NULL), 8);

	/* places: one range for each region's laws, the corpus date */
	assert_int_equal(fz_laws_derive(db, &err), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM law_places"
			       " WHERE region = ?", "上海"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM law_articles a"
			       " JOIN laws l ON l.id = a.law_id, law_places p"
			       " WHERE p.region = ? AND a.id BETWEEN p.lo AND p.hi"
			       " AND coalesce(l.region, '') != p.region",
			       "北京"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM law_meta"
			       " WHERE key = 'corpus_date' AND value = ?",
			       "2024-11-29"), 1);

	/* learning stores what it found, and only pairs above the minimum */
	assert_int_equal(fz_laws_learn(db, &n, &err), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM law_related", NULL), n);
	assert_int_equal(count(db, "SELECT count(*) FROM law_related WHERE"
			       " weight < 3.0", NULL), 0);

	/* what changed since a date */
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(fz_laws_changes_since(db, "2023-01-01", f, &err), 0);
	fclose(f);
	assert_non_null(strstr(buf, "新制定：\n"));
	assert_non_null(strstr(buf, "  上海市优化营商环境条例（2024-09-27）\n"));
	assert_non_null(strstr(buf, "修订：\n  中华人民共和国行政复议法（2023-09-01）\n"));
	assert_non_null(strstr(buf, "共新制定 4 部，修订 1 部，废止或失效 0 部"));
	assert_int_equal(fz_laws_changes_since(db, "2023-1-1", stdout, &err),
			 FZ_EINVAL);
}

static void test_laws_import__command_usage(void **state)
{
	char *help[] = { "laws", "--help", NULL };
	char *none[] = { "laws", NULL };
	char *extra[] = { "laws", "a", "b", NULL };

	(void)state;
	assert_int_equal(fz_laws_cmd_import(2, help), 0);
	assert_int_equal(fz_laws_cmd_import(1, none), 2);
	assert_int_equal(fz_laws_cmd_import(3, extra), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_laws_import__sample_counts),
		cmocka_unit_test(test_laws_import__second_run_changes_nothing),
		cmocka_unit_test(test_laws_import__gzip_input),
		cmocka_unit_test(test_laws_import__malformed_lines_reported_and_skipped),
		cmocka_unit_test(test_laws_import__changed_record_is_replaced),
		cmocka_unit_test(test_laws_import__unreadable_input_is_an_error),
		cmocka_unit_test(test_laws_import__thesaurus_derive_learn_since),
		cmocka_unit_test(test_laws_import__command_usage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
