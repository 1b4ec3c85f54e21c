/* clock.h - wall-clock instants as stored (UTC, ISO 8601). */
#ifndef FZ_CORE_CLOCK_H
#define FZ_CORE_CLOCK_H

#include <stdint.h>

#define FZ_ISO_LEN 80

/* Now as "2026-11-28T03:04:05Z" into out (FZ_ISO_LEN bytes). */
void fz_now_iso(char out[FZ_ISO_LEN]);
/* Unix time t as ISO 8601 UTC into out. */
void fz_time_iso(int64_t t, char out[FZ_ISO_LEN]);
/* An RFC 3339 date-time with its zone ("2026-12-08T10:02:03+08:00",
 * "2026-12-08T02:02:03.25Z"; years 2000-2999) into Unix seconds, the
 * fraction dropped: 0, or -1 for anything else (a time without a zone
 * too: it names no instant).  No time zone of the process is involved. */
int fz_time_parse(const char *s, int64_t *t);
/* Seconds since the epoch; moved by the test clock, if one is set. */
int64_t fz_now(void);

/* The injected clock of the tests: when the environment names a file in
 * FAZHI_TEST_CLOCK, fz_now() adds the whole seconds written in it (read
 * at each call, so a test moves a running server's time forward or back:
 * session expiry, login waits, token expiry).  The monotonic clock is not
 * moved.  The path, or NULL when unset; `fazhi serve` warns when set. */
#define FZ_TEST_CLOCK_ENV "FAZHI_TEST_CLOCK"
const char *fz_clock_test_file(void);
/* Monotonic milliseconds, for timeouts and rate limits. */
int64_t fz_mono_ms(void);

#endif
