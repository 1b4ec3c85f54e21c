/* report_fmt.c - figures as a report writes them (report_fmt.h). */
#include "domain/report/report_fmt.h"

#include <inttypes.h>
#include <string.h>

int fz_report_style(const char *name)
{
	static const char *const names[] = { "exact", "wan", "yu", "pct", "pct2" };
	for (int i = 0; name && i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* whole.frac with frac of digits decimals, trailing zeros dropped */
static void decimal(int64_t hundredths, int digits, struct fz_buf *out)
{
	int64_t scale = digits == 2 ? 100 : 10, whole = hundredths / scale;
	int64_t frac = hundredths % scale;

	fz_buf_addf(out, "%" PRId64, whole);
	if (!frac)
		return;
	if (digits == 2 && frac % 10 == 0)
		fz_buf_addf(out, ".%" PRId64, frac / 10);
	else if (digits == 2)
		fz_buf_addf(out, ".%02" PRId64, frac);
	else
		fz_buf_addf(out, ".%" PRId64, frac);
}

void fz_report_count(int64_t n, enum fz_report_style style, struct fz_buf *out)
{
	if (n < 0)
		n = 0;
	if (style == FZ_REPORT_WAN && n >= 100000000) {
		decimal((n + 500000) / 1000000, 2, out);
		fz_buf_adds(out, "亿");
	} else if (style == FZ_REPORT_WAN && n >= 10000) {
		int64_t h = (n + 50) / 100;     /* hundredths of 万 */
		if (h >= 1000000) {             /* 9999.995万 rounds to 1亿 */
			decimal((n + 500000) / 1000000, 2, out);
			fz_buf_adds(out, "亿");
		} else {
			decimal(h, 2, out);
			fz_buf_adds(out, "万");
		}
	} else if (style == FZ_REPORT_YU && n >= 100) {
		int64_t unit = n >= 100000000 ? 100000000 : n >= 10000 ? 10000 :
			       n >= 1000 ? 100 : 10;
		int64_t kept = n / unit * unit;
		if (unit >= 10000)
			fz_buf_addf(out, "%" PRId64 "%s", kept / unit,
				    unit == 10000 ? "万" : "亿");
		else
			fz_buf_addf(out, "%" PRId64, kept);
		if (kept != n)
			fz_buf_adds(out, "余");
	} else {
		fz_buf_addf(out, "%" PRId64, n);
	}
}

void fz_report_rate(int64_t num, int64_t den, enum fz_report_style style,
		    struct fz_buf *out)
{
	int two = style == FZ_REPORT_PCT2;

	if (den <= 0 || num < 0) {
		fz_buf_adds(out, "—");
		return;
	}
	/* hundredths (or tenths) of a per cent, half up */
	decimal((num * (two ? 20000 : 2000) / den + 1) / 2, two ? 2 : 1, out);
	fz_buf_adds(out, "%");
}

void fz_report_yoy(int64_t cur, int64_t prev, struct fz_buf *out)
{
	int64_t diff;

	if (prev <= 0)
		return;
	if (cur == prev) {
		fz_buf_adds(out, "与上年持平");
		return;
	}
	diff = cur > prev ? cur - prev : prev - cur;
	fz_buf_adds(out, cur > prev ? "同比增长" : "同比下降");
	fz_report_rate(diff, prev, FZ_REPORT_PCT2, out);
}
