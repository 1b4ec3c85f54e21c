/* test_log.c - log lines: level early-out, format, escaping, masking,
 * one line per event under threads (src/core/log.c). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"

static char *mem;
static size_t memlen;
static FILE *memf;

static int setup(void **state)
{
	(void)state;
	memf = open_memstream(&mem, &memlen);
	if (!memf)
		return -1;
	fz_log_set_file(memf);
	fz_log_set_level(FZ_LOG_INFO);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fz_log_set_file(NULL);
	fclose(memf);
	free(mem);
	mem = NULL;
	return 0;
}

/* The part of the last line after " mod=", without the newline. */
static const char *after_ts(void)
{
	const char *p = strstr(mem, " level=");
	assert_non_null(p);
	return p + 1;
}

static int calls;
static int count_call(void)
{
	return ++calls;
}

static void test_log__level_early_out(void **state)
{
	(void)state;
	calls = 0;
	fz_log(FZ_LOG_DEBUG, "t", "n=%d", count_call());
	assert_int_equal(calls, 0); /* arguments not even evaluated */
	assert_int_equal(memlen, 0);
	fz_log(FZ_LOG_INFO, "t", "n=%d", count_call());
	assert_int_equal(calls, 1);
	assert_true(memlen > 0);
	fz_log_set_level(FZ_LOG_ERROR);
	assert_int_equal(fz_log_get_level(), FZ_LOG_ERROR);
	size_t before = memlen;
	fz_log(FZ_LOG_WARN, "t", "n=%d", count_call());
	assert_int_equal(memlen, before);
	fz_log(FZ_LOG_ERROR, "t", "n=%d", count_call());
	assert_true(memlen > before);
	assert_int_equal(calls, 2);
	fz_log_set_level(99);
	assert_int_equal(fz_log_get_level(), FZ_LOG_ERROR);
	fz_log_set_level(-5);
	assert_int_equal(fz_log_get_level(), FZ_LOG_DEBUG);
}

static void test_log__line_format(void **state)
{
	(void)state;
	fz_log(FZ_LOG_WARN, "http", "GET %s -> %d", "/api/v1/me", 200);
	assert_int_equal(strncmp(mem, "ts=", 3), 0);
	/* ts=YYYY-MM-DDTHH:MM:SS.mmmZ */
	assert_int_equal(strlen("ts=2026-11-28T03:04:05.123Z"),
			 (size_t)(strchr(mem, ' ') - mem));
	assert_int_equal(mem[13], 'T');
	assert_int_equal(mem[26], 'Z');
	assert_string_equal(after_ts(),
			    "level=warn mod=http msg=\"GET /api/v1/me -> 200\"\n");
}

static void test_log__escapes_to_one_line(void **state)
{
	(void)state;
	fz_log(FZ_LOG_ERROR, "a b\nc", "x\"y\\z\nfake=1\r\tq\x01\x7f\xff end");
	assert_string_equal(after_ts(),
			    "level=error mod=a_b_c msg=\"x\\\"y\\\\z\\nfake=1"
			    "\\r\\tq\\x01\\x7f\\xff end\"\n");
	assert_int_equal(strchr(mem, '\n') - mem + 1, (long)memlen);
}

static void test_log__keeps_utf8(void **state)
{
	(void)state;
	fz_log(FZ_LOG_INFO, NULL, "复议申请已受理");
	assert_string_equal(after_ts(),
			    "level=info mod=- msg=\"复议申请已受理\"\n");
}

static void test_log__masks_personal_numbers(void **state)
{
	(void)state;
	fz_log(FZ_LOG_INFO, "case", "applicant id=%s phone=%s",
	       "33060319900101018X", "13812341234");
	assert_string_equal(after_ts(), "level=info mod=case msg=\"applicant "
			    "id=330603********018X phone=138****1234\"\n");
	assert_null(strstr(mem, "19900101"));
}

static void test_log__long_message_is_cut_safely(void **state)
{
	char *big = malloc(FZ_LOG_MSG_MAX + 100);
	(void)state;
	/* an ID number straddles the cut: none of it may leak */
	memset(big, 'a', FZ_LOG_MSG_MAX + 99);
	memcpy(big + FZ_LOG_MSG_MAX - 10, "330603199001011234", 18);
	big[FZ_LOG_MSG_MAX + 99] = '\0';
	fz_log(FZ_LOG_INFO, "t", "%s", big);
	free(big);
	assert_null(strstr(mem, "3306031"));
	assert_non_null(strstr(mem, "aaaa…\"\n"));
	assert_true(memlen < FZ_LOG_MSG_MAX + 100);
}

static void test_log__level_names(void **state)
{
	int l = -1;
	(void)state;
	assert_int_equal(fz_log_level_parse("debug", &l), 0);
	assert_int_equal(l, FZ_LOG_DEBUG);
	assert_int_equal(fz_log_level_parse("error", &l), 0);
	assert_int_equal(l, FZ_LOG_ERROR);
	assert_int_equal(fz_log_level_parse("verbose", &l), -1);
	assert_int_equal(fz_log_level_parse(NULL, &l), -1);
	assert_string_equal(fz_log_level_name(FZ_LOG_WARN), "warn");
	assert_string_equal(fz_log_level_name(7), "?");
}

enum { THREADS = 8, LINES = 200 };

static void *writer(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int i = 0; i < LINES; i++)
		fz_log(FZ_LOG_INFO, "thr", "thread %d line %d %s", id, i,
		       "padding padding padding padding padding padding");
	return NULL;
}

/* Lines from many threads never interleave. */
static void test_log__threads_write_whole_lines(void **state)
{
	pthread_t t[THREADS];
	int n = 0;
	(void)state;
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, writer,
						(void *)(intptr_t)i), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	fflush(memf);
	for (char *p = mem, *nl; (nl = strchr(p, '\n')); p = nl + 1, n++) {
		*nl = '\0';
		assert_int_equal(strncmp(p, "ts=", 3), 0);
		assert_non_null(strstr(p, " level=info mod=thr msg=\"thread "));
		assert_non_null(strstr(p, "padding\""));
		*nl = '\n';
	}
	assert_int_equal(n, THREADS * LINES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_log__level_early_out,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_log__line_format, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_log__escapes_to_one_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_log__keeps_utf8, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_log__masks_personal_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_log__long_message_is_cut_safely, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log__level_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_log__threads_write_whole_lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
