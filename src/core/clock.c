/* clock.c - UTC instants and a monotonic clock. */
#include "core/clock.h"

#include <stdio.h>
#include <time.h>

int64_t fz_now(void)
{
	return (int64_t)time(NULL);
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
