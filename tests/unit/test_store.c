/* test_store.c - the SQLite backend behind store.h: binds, the statement
 * cache, transactions, constraint errors, migrations, backup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/store.h"

static char dir[] = "/tmp/fz-test-store-XXXXXX";
static char path[256];

static const struct fz_migration m1[] = {
	{ "t", 1, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
		  " n INTEGER, b BLOB)" },
	{ "t", 2, "ALTER TABLE t ADD COLUMN x TEXT" },
	{ NULL, 0, NULL }
};
static const struct fz_migration *const sets[] = { m1, NULL };

static int setup(void **state)
{
	struct fz_store *s;
	struct fz_err err = FZ_ERR_INIT;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	if (fz_store_open(&s, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(s, sets, &err))
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];
	fz_store_close(*state);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void test_store__binds_and_reads_each_type(void **state)
{
	struct fz_store *s = *state;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	size_t len;
	const unsigned char blob[] = { 0, 1, 2, 255 };

	assert_int_equal(fz_store_run(s, &err,
		"INSERT INTO t (name, n, b, x) VALUES (?, ?, ?, ?)", "tIbn",
		"甲", (int64_t)1 << 40, blob, sizeof(blob)), 0);
	assert_int_equal(fz_store_query(s, &st, &err,
		"SELECT name, n, b, x FROM t WHERE name = ?", "t", "甲"), 0);
	assert_int_equal(fz_stmt_step(st, &err), 1);
	assert_string_equal(fz_stmt_text(st, 0), "甲");
	assert_int_equal(fz_stmt_int(st, 1), (int64_t)1 << 40);
	assert_memory_equal(fz_stmt_blob(st, 2, &len), blob, sizeof(blob));
	assert_int_equal(len, sizeof(blob));
	assert_true(fz_stmt_is_null(st, 3));
	assert_string_equal(fz_stmt_text(st, 3), "");
	assert_int_equal(fz_stmt_step(st, &err), 0);
	fz_stmt_finish(st);
}

static void test_store__unique_violation_is_conflict(void **state)
{
	struct fz_store *s = *state;
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;

	assert_int_equal(fz_store_run(s, &err, "INSERT INTO t (name) VALUES (?)",
				      "t", "dup"), 0);
	assert_int_equal(fz_store_run(s, &err, "INSERT INTO t (name) VALUES (?)",
				      "t", "dup"), FZ_ECONFLICT);
	assert_int_equal(err.code, FZ_ECONFLICT);
	assert_int_equal(fz_store_int(s, &n, &err,
		"SELECT count(*) FROM t WHERE name = 'dup'", ""), 1);
	assert_int_equal(n, 1);
}

static void test_store__rollback_discards_everything(void **state)
{
	struct fz_store *s = *state;
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;

	assert_int_equal(fz_store_begin(s, &err), 0);
	assert_int_equal(fz_store_begin(s, &err), FZ_ESTATE);
	assert_int_equal(fz_store_run(s, &err, "INSERT INTO t (name) VALUES ('r1')",
				      ""), 0);
	fz_store_rollback(s);
	assert_false(fz_store_in_tx(s));
	assert_int_equal(fz_store_int(s, &n, &err,
		"SELECT count(*) FROM t WHERE name = 'r1'", ""), 1);
	assert_int_equal(n, 0);
}

static int64_t count_name(struct fz_store *s, const char *name)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;

	assert_int_equal(fz_store_int(s, &n, &err,
		"SELECT count(*) FROM t WHERE name = ?", "t", name), 1);
	return n;
}

/* fz_store_start/fz_store_end: a writer that owns its transaction commits
 * or rolls back; one that joined the caller's leaves it open. */
static void test_store__end_commits_or_rolls_back_what_it_began(void **state)
{
	struct fz_store *s = *state;
	struct fz_err err = FZ_ERR_INIT;
	int own = -1;

	/* own, success: committed */
	assert_int_equal(fz_store_start(s, &own, &err), 0);
	assert_int_equal(own, 1);
	assert_int_equal(fz_store_run(s, &err, "INSERT INTO t (name) VALUES ('e1')",
				      ""), 0);
	assert_int_equal(fz_store_end(s, own, 0, &err), 0);
	assert_false(fz_store_in_tx(s));
	assert_int_equal(count_name(s, "e1"), 1);

	/* own, the writer failed: rolled back, its error returned */
	assert_int_equal(fz_store_start(s, &own, &err), 0);
	assert_int_equal(fz_store_run(s, &err, "INSERT INTO t (name) VALUES ('e2')",
				      ""), 0);
	assert_int_equal(fz_store_end(s, own, FZ_EINVAL, &err), FZ_EINVAL);
	assert_false(fz_store_in_tx(s));
	assert_int_equal(count_name(s, "e2"), 0);

	/* joined: neither commits nor rolls back, even on an error */
	assert_int_equal(fz_store_begin(s, &err), 0);
	assert_int_equal(fz_store_start(s, &own, &err), 0);
	assert_int_equal(own, 0);
	assert_int_equal(fz_store_run(s, &err, "INSERT INTO t (name) VALUES ('e3')",
				      ""), 0);
	assert_int_equal(fz_store_end(s, own, FZ_ENOTFOUND, &err), FZ_ENOTFOUND);
	assert_true(fz_store_in_tx(s));
	assert_int_equal(fz_store_end(s, own, 0, &err), 0);
	assert_true(fz_store_in_tx(s));
	assert_int_equal(fz_store_commit(s, &err), 0);
	assert_int_equal(count_name(s, "e3"), 1);

	/* own, the COMMIT fails (a deferred foreign key): rolled back */
	assert_int_equal(fz_store_exec(s,
		"CREATE TABLE IF NOT EXISTS tref (id INTEGER PRIMARY KEY,"
		" t_id INTEGER REFERENCES t(id) DEFERRABLE INITIALLY DEFERRED)",
		&err), 0);
	assert_int_equal(fz_store_start(s, &own, &err), 0);
	assert_int_equal(fz_store_run(s, &err, "INSERT INTO t (name) VALUES ('e4')",
				      ""), 0);
	assert_int_equal(fz_store_run(s, &err,
		"INSERT INTO tref (t_id) VALUES (999999)", ""), 0);
	assert_int_not_equal(fz_store_end(s, own, 0, &err), 0);
	assert_false(fz_store_in_tx(s));
	assert_int_equal(count_name(s, "e4"), 0);
}

static void test_store__statement_cache_reuses_and_nests(void **state)
{
	struct fz_store *s = *state;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *a, *b;
	const char *sql = "SELECT ?";

	/* The same SQL while the first is still borrowed gets its own stmt. */
	assert_int_equal(fz_store_query(s, &a, &err, sql, "i", 1), 0);
	assert_int_equal(fz_store_query(s, &b, &err, sql, "i", 2), 0);
	assert_ptr_not_equal(a, b);
	assert_int_equal(fz_stmt_step(a, &err), 1);
	assert_int_equal(fz_stmt_step(b, &err), 1);
	assert_int_equal(fz_stmt_int(a, 0), 1);
	assert_int_equal(fz_stmt_int(b, 0), 2);
	fz_stmt_finish(a);
	fz_stmt_finish(b);
	/* Returned statements are reused, with their binds cleared. */
	for (int i = 0; i < 500; i++) {
		assert_int_equal(fz_store_query(s, &a, &err, sql, "i", i), 0);
		assert_int_equal(fz_stmt_step(a, &err), 1);
		assert_int_equal(fz_stmt_int(a, 0), i);
		fz_stmt_finish(a);
	}
}

static void test_store__syntax_error_is_internal(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_stmt *st;
	assert_int_equal(fz_stmt_prepare(*state, &st, "SELEC nonsense", &err),
			 FZ_EINTERNAL);
}

static void test_store__migrations_run_once(void **state)
{
	struct fz_store *s = *state;
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = 0;

	assert_int_equal(fz_store_migrate(s, sets, &err), 0);
	assert_int_equal(fz_store_int(s, &n, &err,
		"SELECT count(*) FROM schema_migrations WHERE module = 't'", ""), 1);
	assert_int_equal(n, 2);
}

static void test_store__failed_migration_leaves_no_trace(void **state)
{
	static const struct fz_migration bad[] = {
		{ "bad", 1, "CREATE TABLE ok1 (a INTEGER); CREATE TABLE t (dup)" },
		{ NULL, 0, NULL }
	};
	static const struct fz_migration *const bsets[] = { bad, NULL };
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;

	assert_int_not_equal(fz_store_migrate(*state, bsets, &err), 0);
	assert_non_null(strstr(err.msg, "bad#1"));
	assert_int_equal(fz_store_int(*state, &n, &err,
		"SELECT count(*) FROM sqlite_master WHERE name = 'ok1'", ""), 1);
	assert_int_equal(n, 0);
}

static void test_store__backup_is_a_sound_copy(void **state)
{
	struct fz_store *s = *state, *c;
	struct fz_err err = FZ_ERR_INIT;
	char to[300];
	int64_t a = 0, b = -1;

	snprintf(to, sizeof(to), "%s/copy.db", dir);
	assert_int_equal(fz_store_backup(s, to, &err), 0);
	assert_int_equal(fz_store_check_file(to, &err), 0);
	assert_int_equal(fz_store_open(&c, to, FZ_STORE_READONLY, &err), 0);
	fz_store_int(s, &a, &err, "SELECT count(*) FROM t", "");
	fz_store_int(c, &b, &err, "SELECT count(*) FROM t", "");
	assert_int_equal(a, b);
	fz_store_close(c);
}

static void test_store__not_a_database_is_an_error(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s = NULL;
	char p[300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/garbage.db", dir);
	f = fopen(p, "w");
	fputs("this is not a database, just some text long enough to matter\n", f);
	fclose(f);
	assert_int_equal(fz_store_open(&s, p, 0, &err), FZ_EIO);
	assert_null(s);
	assert_int_not_equal(fz_store_check_file(p, &err), 0);
	snprintf(p, sizeof(p), "%s/missing.db", dir);
	assert_int_equal(fz_store_open(&s, p, 0, &err), FZ_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store__binds_and_reads_each_type),
		cmocka_unit_test(test_store__unique_violation_is_conflict),
		cmocka_unit_test(test_store__rollback_discards_everything),
		cmocka_unit_test(test_store__end_commits_or_rolls_back_what_it_began),
		cmocka_unit_test(test_store__statement_cache_reuses_and_nests),
		cmocka_unit_test(test_store__syntax_error_is_internal),
		cmocka_unit_test(test_store__migrations_run_once),
		cmocka_unit_test(test_store__failed_migration_leaves_no_trace),
		cmocka_unit_test(test_store__backup_is_a_sound_copy),
		cmocka_unit_test(test_store__not_a_database_is_an_error),
	};
	return cmocka_run_group_tests_name("store", tests, setup, teardown);
}
