/* log.c - key=value log lines with masking and escaping (see log.h). */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/mask.h"
#include "core/utf8.h"

atomic_int fz_log__level = FZ_LOG_INFO;
static _Atomic(FILE *) log_file;
/* Serialises write + flush, so lines never interleave whatever the stream
 * (stdio's own lock is invisible to ThreadSanitizer). */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void fz_log_set_level(int level)
{
	if (level < FZ_LOG_DEBUG)
		level = FZ_LOG_DEBUG;
	if (level > FZ_LOG_ERROR)
		level = FZ_LOG_ERROR;
	atomic_store(&fz_log__level, level);
}

int fz_log_get_level(void)
{
	return atomic_load(&fz_log__level);
}

void fz_log_set_file(FILE *f)
{
	/* Under the lock: once this returns no writer still uses the old
	 * stream, so the caller may close it. */
	pthread_mutex_lock(&log_lock);
	atomic_store(&log_file, f);
	pthread_mutex_unlock(&log_lock);
}

int fz_log_level_parse(const char *name, int *level)
{
	for (int i = 0; name && i < 4; i++)
		if (!strcmp(name, level_names[i])) {
			*level = i;
			return 0;
		}
	return -1;
}

const char *fz_log_level_name(int level)
{
	return level >= 0 && level <= 3 ? level_names[level] : "?";
}

/* Quote s for the msg="..." value: one line whatever s holds. */
static void add_escaped(struct fz_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n;
		uint32_t cp;
		if (c == '"' || c == '\\') {
			fz_buf_addch(b, '\\');
			fz_buf_addch(b, (char)c);
		} else if (c == '\n') {
			fz_buf_add(b, "\\n", 2);
		} else if (c == '\r') {
			fz_buf_add(b, "\\r", 2);
		} else if (c == '\t') {
			fz_buf_add(b, "\\t", 2);
		} else if (c >= 0x20 && c < 0x7f) {
			fz_buf_addch(b, (char)c);
		} else if (c >= 0x80 && (n = fz_utf8_next(p + i, len - i, &cp))) {
			fz_buf_add(b, p + i, n);
			i += n;
			continue;
		} else {
			fz_buf_addf(b, "\\x%02x", c);
		}
		i++;
	}
}

static void add_module(struct fz_buf *b, const char *mod)
{
	if (!mod || !*mod) {
		fz_buf_addch(b, '-');
		return;
	}
	for (size_t i = 0; mod[i] && i < 32; i++) {
		char c = mod[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			 c == '-';
		fz_buf_addch(b, ok ? c : '_');
	}
}

static void add_timestamp(struct fz_buf *b)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (!gmtime_r(&ts.tv_sec, &tm)) {
		fz_buf_adds(b, "ts=?");
		return;
	}
	fz_buf_addf(b, "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

void fz_log__write(int level, const char *mod, const char *fmt, ...)
{
	char msg[FZ_LOG_MSG_MAX];
	struct fz_buf masked = FZ_BUF_INIT, line = FZ_BUF_INIT;
	FILE *f;
	size_t len;
	int n, cut;
	va_list ap;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	len = n < 0 ? 0 : (size_t)n;
	cut = len >= sizeof(msg);
	if (cut) {
		len = sizeof(msg) - 1;
		/* A number cut in half (or a grouped one, "330603 1990")
		 * would escape the masker: drop the tail of digits and
		 * separators. */
		while (len && ((msg[len - 1] >= '0' && msg[len - 1] <= '9') ||
			       msg[len - 1] == ' ' || msg[len - 1] == '-'))
			len--;
	}
	fz_mask_text(msg, len, &masked);

	add_timestamp(&line);
	fz_buf_addf(&line, " level=%s mod=", fz_log_level_name(level));
	add_module(&line, mod);
	fz_buf_adds(&line, " msg=\"");
	add_escaped(&line, masked.data, masked.len);
	fz_buf_adds(&line, cut ? "…\"\n" : "\"\n");

	pthread_mutex_lock(&log_lock);
	f = atomic_load(&log_file);
	if (!f)
		f = stderr;
	if (line.err || masked.err)
		fputs("ts=? level=error mod=log msg=\"log line lost: "
		      "out of memory\"\n", f);
	else
		fwrite(line.data, 1, line.len, f);
	fflush(f);
	pthread_mutex_unlock(&log_lock);
	fz_buf_release(&masked);
	fz_buf_release(&line);
}
