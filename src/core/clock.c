/* clock.c - UTC instants and a monotonic clock. */
#include "core/clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static pthread_once_t test_once = PTHREAD_ONCE_INIT;
static const char *test_file;

static void test_init(void)
{
	const char *f = getenv(FZ_TEST_CLOCK_ENV);
	test_file = f && *f ? f : NULL;
}

const char *fz_clock_test_file(void)
{
	pthread_once(&test_once, test_init);
	return test_file;
}

/* The offset in the test clock's file, read at every call so a test moves
 * the time of a running server; 0 when it cannot be read. */
static int64_t test_offset(void)
{
	char line[32] = "";
	FILE *f = fopen(test_file, "r");

	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return strtoll(line, NULL, 10);
}

int64_t fz_now(void)
{
	int64_t t = (int64_t)time(NULL);

	if (fz_clock_test_file())
		t += test_offset();
	return t;
}

void fz_time_iso(int64_t t, char out[FZ_ISO_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	snprintf(out, FZ_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
}

void fz_now_iso(char out[FZ_ISO_LEN])
{
	fz_time_iso(fz_now(), out);
}

int64_t fz_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
