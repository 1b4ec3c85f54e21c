/* test_review_files.c - domain/review/review_files: an online application's
 * materials.  The type comes from the file's bytes; sizes and kinds are
 * checked; a ticket claims once, inside the caller's transaction, and not
 * after a day; an agent needs a 授权委托书 (行政复议法 Art. 17(2)); the
 * content comes back as uploaded and a changed hash is caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "crypto/key.h"
#include "domain/review/review.h"
#include "domain/review/review_files.h"
#include "engine/audit.h"
#include "engine/case/case.h"
#include "domain/org/org.h"
#include "store/store.h"

static char dir[64], clockfile[96];
static struct fz_keys *keys;
static struct fz_store *db;

static const struct fz_migration *const sets[] = {
	fz_audit_migrations, fz_org_migrations, fz_case_migrations,
	fz_review_migrations, NULL
};

static const char PDF[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
static const unsigned char PNG[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13 };

static void must(int rc, const struct fz_err *err)
{
	if (rc)
		fail_msg("rc %d: %s (%s)", rc, err->msg, err->field);
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	struct fz_err err = FZ_ERR_INIT;
	assert_int_equal(fz_store_int(db, &n, &err, sql, ""), 1);
	return n;
}

static void set_clock(long offset)
{
	FILE *f = fopen(clockfile, "w");
	assert_non_null(f);
	fprintf(f, "%ld\n", offset);
	fclose(f);
}

static int setup(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char path[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fz-test-rfiles-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	snprintf(clockfile, sizeof(clockfile), "%s/clock", dir);
	setenv(FZ_TEST_CLOCK_ENV, clockfile, 1);
	set_clock(0);
	if (fz_keys_new_ephemeral(&keys, &err) ||
	    fz_store_open(&db, path, FZ_STORE_CREATE, &err) ||
	    fz_store_migrate(db, sets, &err))
		return -1;
	/* two cases to attach to; their other columns play no part here */
	return fz_store_exec(db, "INSERT INTO cases (id, type, number, state, unit_id,"
		" unit_path, title, facts, opened_on, last_on, created_at, updated_at,"
		" version) VALUES (1, 'review', 'A', 'received', 1, '/1/', 't', '{}',"
		" '2026-12-01', '2026-12-01', 'x', 'x', 1), (2, 'review', 'B', 'received',"
		" 1, '/1/', 't', '{}', '2026-12-01', '2026-12-01', 'x', 'x', 1)", &err)
		? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[160];
	(void)state;
	fz_store_close(db);
	fz_keys_free(keys);
	unsetenv(FZ_TEST_CLOCK_ENV);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void stage(const char *kind, const void *p, size_t n, char ticket[FZ_REVIEW_TICKET_LEN])
{
	struct fz_err err = FZ_ERR_INIT;
	must(fz_review_file_stage(db, keys, kind, p, n, ticket, &err), &err);
}

static int claim(int64_t case_id, const char *const *tickets, int agents, struct fz_err *err)
{
	json_t *arr = json_array();
	int rc;
	for (; *tickets; tickets++)
		json_array_append_new(arr, json_string(*tickets));
	must(fz_store_begin(db, err), err);
	rc = fz_review_files_claim(db, case_id, arr, agents, err);
	if (rc)
		fz_store_rollback(db);
	else
		must(fz_store_commit(db, err), err);
	json_decref(arr);
	return rc;
}

static void test_review_files__type_from_bytes_size_and_kind(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char t[FZ_REVIEW_TICKET_LEN];
	size_t big = FZ_REVIEW_FILE_MAX + 1;
	char *huge = calloc(1, big);
	int64_t before = count("SELECT COUNT(*) FROM review_files");
	(void)state;

	/* a name or a header would say PDF; the bytes say HTML */
	assert_int_equal(fz_review_file_stage(db, keys, "evidence", "<html>", 6, t, &err), FZ_EINVAL);
	assert_string_equal(err.field, "file");
	assert_int_equal(fz_review_file_stage(db, keys, "evidence", "", 0, t, &err), FZ_EINVAL);
	memcpy(huge, PDF, sizeof(PDF) - 1);
	assert_int_equal(fz_review_file_stage(db, keys, "evidence", huge, big, t, &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "5 MB"));
	/* exactly the ceiling passes */
	stage("evidence", huge, FZ_REVIEW_FILE_MAX, t);
	free(huge);
	assert_int_equal(fz_review_file_stage(db, keys, "passport", PDF, sizeof(PDF) - 1, t, &err), FZ_EINVAL);
	assert_string_equal(err.field, "kind");
	/* the JPEG signature alone, with nothing after it, is not a file */
	assert_int_equal(fz_review_file_stage(db, keys, "evidence", "\xFF\xD8\xFF", 3, t, &err), FZ_EINVAL);
	assert_int_equal(count("SELECT COUNT(*) FROM review_files"), before + 1);
	assert_string_equal(fz_review_file_kind_name("power"), "授权委托书");
	assert_null(fz_review_file_kind_name("power "));
}

static void test_review_files__claimed_once_and_read_back(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char p[FZ_REVIEW_TICKET_LEN], g[FZ_REVIEW_TICKET_LEN];
	struct fz_buf out = FZ_BUF_INIT;
	const char *mime, *ext;
	char kind[64];
	json_t *list;
	int64_t id;
	(void)state;

	stage("power", PDF, sizeof(PDF) - 1, p);
	stage("decision", PNG, sizeof(PNG), g);
	/* the agent's application without the 授权委托书 is refused: nothing claimed */
	assert_int_equal(claim(1, (const char *[]){ g, NULL }, 1, &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "第十七条第二款"));
	assert_int_equal(count("SELECT COUNT(*) FROM review_files WHERE case_id IS NOT NULL"), 0);
	must(claim(1, (const char *[]){ p, g, NULL }, 1, &err), &err);
	/* a second application cannot take them */
	assert_int_equal(claim(2, (const char *[]){ p, NULL }, 0, &err), FZ_EINVAL);
	assert_string_equal(err.field, "files");

	must(fz_review_files_list(db, 1, &list, &err), &err);
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "kind_name")), "授权委托书");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "type")), "PNG");
	id = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
	json_decref(list);

	must(fz_review_file_get(db, keys, 1, id, &out, &mime, &ext, kind, sizeof(kind), &err), &err);
	assert_int_equal(out.len, sizeof(PDF) - 1);
	assert_memory_equal(out.data, PDF, out.len);
	assert_string_equal(mime, "application/pdf");
	assert_string_equal(ext, "pdf");
	assert_string_equal(kind, "授权委托书");
	/* not through the other case */
	fz_buf_reset(&out);
	assert_int_equal(fz_review_file_get(db, keys, 2, id, &out, &mime, &ext, kind, sizeof(kind), &err),
			 FZ_ENOTFOUND);
	/* a stored hash that no longer matches the content is caught */
	must(fz_store_run(db, &err, "UPDATE review_files SET sm3 = ? WHERE id = ?", "tI",
			  "0000000000000000000000000000000000000000000000000000000000000000", id), &err);
	fz_buf_reset(&out);
	assert_int_equal(fz_review_file_get(db, keys, 1, id, &out, &mime, &ext, kind, sizeof(kind), &err),
			 FZ_EINTERNAL);
	fz_buf_release(&out);
}

static void test_review_files__a_day_old_upload_is_gone(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	char old[FZ_REVIEW_TICKET_LEN], fresh[FZ_REVIEW_TICKET_LEN];
	(void)state;

	stage("evidence", PDF, sizeof(PDF) - 1, old);
	set_clock(86400 + 60);
	assert_int_equal(claim(2, (const char *[]){ old, NULL }, 0, &err), FZ_EINVAL);
	assert_non_null(strstr(err.msg, "失效"));
	/* the next upload deletes it */
	stage("evidence", PDF, sizeof(PDF) - 1, fresh);
	assert_int_equal(count("SELECT COUNT(*) FROM review_files WHERE case_id IS NULL"), 1);
	must(claim(2, (const char *[]){ fresh, NULL }, 0, &err), &err);
	/* more than ten, or not a list of tickets */
	{
		json_t *many = json_array(), *bad = json_pack("[i]", 1);
		for (int i = 0; i < FZ_REVIEW_FILES_MAX + 1; i++)
			json_array_append_new(many, json_string(fresh));
		assert_int_equal(fz_review_files_claim(db, 2, many, 0, &err), FZ_EINVAL);
		assert_int_equal(fz_review_files_claim(db, 2, bad, 0, &err), FZ_EINVAL);
		json_decref(many);
		json_decref(bad);
	}
	set_clock(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review_files__type_from_bytes_size_and_kind),
		cmocka_unit_test(test_review_files__claimed_once_and_read_back),
		cmocka_unit_test(test_review_files__a_day_old_upload_is_gone),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
