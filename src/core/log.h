/* log.h - one line per event, key=value, personal numbers masked.
 *
 *   fz_log(FZ_LOG_INFO, "http", "GET %s -> %d", path, status);
 *   ts=2026-11-28T03:04:05.123Z level=info mod=http msg="GET /x -> 200"
 *
 * The macro tests the level before evaluating its arguments or formatting
 * (Redis serverLog), so debug lines cost one load when off.  The message
 * goes through fz_mask_text() (ID and mobile numbers masked: 个人信息保护法
 * Art. 51), then is quoted with ", \, control characters and invalid UTF-8
 * escaped, so one event is always one line.  Messages are cut at
 * FZ_LOG_MSG_MAX bytes.  The module name keeps [A-Za-z0-9_.-] only.
 *
 * Thread-safe: each line is written with one fwrite, then flushed, under
 * one process-wide lock.  The audit trail is data in the database, not this. */
#ifndef FZ_CORE_LOG_H
#define FZ_CORE_LOG_H

#include <stdatomic.h>
#include <stdio.h>

enum fz_log_level {
	FZ_LOG_DEBUG = 0,
	FZ_LOG_INFO = 1,
	FZ_LOG_WARN = 2,
	FZ_LOG_ERROR = 3,
};

#define FZ_LOG_MSG_MAX 4096

/* Semi-private: the current threshold, read by the macro. */
extern atomic_int fz_log__level;

#define fz_log(level, mod, ...)                                            \
	do {                                                               \
		if ((int)(level) >= atomic_load_explicit(                  \
			    &fz_log__level, memory_order_relaxed))         \
			fz_log__write((int)(level), (mod), __VA_ARGS__);   \
	} while (0)

/* Semi-private: format, mask, escape and write one line; use fz_log(). */
void fz_log__write(int level, const char *mod, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Lines below level are dropped (default FZ_LOG_INFO). */
void fz_log_set_level(int level);
int fz_log_get_level(void);

/* Write to f from now on (NULL = stderr, the default).  The caller keeps
 * f open while it is set; once a later call returns, no line is being
 * written to the old stream and it may be closed. */
void fz_log_set_file(FILE *f);

/* "debug", "info", "warn", "error" -> *level; -1 for anything else.
 * fz_log_level_name() is the reverse ("?" for an unknown level). */
int fz_log_level_parse(const char *name, int *level);
const char *fz_log_level_name(int level);

#endif
