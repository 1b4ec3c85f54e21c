/* clock.c - UTC instants and a monotonic clock. */
#include "core/clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* ---- RFC 3339 ---- */

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), so no time zone of the process is involved. */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int fz_time_parse(const char *s, int64_t *t)
{
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t i = 19;

	if (!s || strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
		return -1;
	if (s[i] == '.') {
		size_t k = ++i;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == k || i - k > 9)
			return -1;
	}
	if ((s[i] == 'Z' || s[i] == 'z') && !s[i + 1]) {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && strlen(s + i) == 6 &&
		   !digits(s + i + 1, 2, &oh) && s[i + 3] == ':' && !digits(s + i + 4, 2, &om)) {
		sign = s[i] == '+' ? 1 : -1;
	} else {
		return -1;
	}
	if (y < 2000 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 || y % 400 == 0))) ||
	    h > 23 || mi > 59 || se > 59 || oh > 14 || om > 59)
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	     sign * (oh * 3600 + om * 60);
	return 0;
}
