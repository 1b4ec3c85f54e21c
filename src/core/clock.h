/* clock.h - wall-clock instants as stored (UTC, ISO 8601). */
#ifndef FZ_CORE_CLOCK_H
#define FZ_CORE_CLOCK_H

#include <stdint.h>

#define FZ_ISO_LEN 80

/* Now as "2026-11-28T03:04:05Z" into out (FZ_ISO_LEN bytes). */
void fz_now_iso(char out[FZ_ISO_LEN]);
/* Unix time t as ISO 8601 UTC into out. */
void fz_time_iso(int64_t t, char out[FZ_ISO_LEN]);
/* Seconds since the epoch. */
int64_t fz_now(void);
/* Monotonic milliseconds, for timeouts and rate limits. */
int64_t fz_mono_ms(void);

#endif
