/* report_fmt.h - figures written the way a 法治政府建设年度报告 writes
 * them: "350件", "2.37万件", "9.99亿元", "7700余人次", "8万余次",
 * "62.1%", "同比增长26.39%" (the district's 2023 report uses each form).
 * Pure functions over integers: no floating point, so a figure prints the
 * same on every machine. */
#ifndef FZ_REPORT_FMT_H
#define FZ_REPORT_FMT_H

#include <stdint.h>

#include "core/buf.h"

enum fz_report_style {
	FZ_REPORT_EXACT,  /* 350 */
	FZ_REPORT_WAN,    /* under 10,000 exact; 2.37万; 9.99亿 (2 decimals,
			     half up, trailing zeros dropped) */
	FZ_REPORT_YU,     /* rounded down, "余" when anything was dropped:
			     125 → 120余, 7712 → 7700余, 80321 → 8万余,
			     4012345678 → 40亿余; under 100 exact */
	FZ_REPORT_PCT,    /* a rate as a percentage, 1 decimal: 62.1% */
	FZ_REPORT_PCT2,   /* 2 decimals: 26.39% */
};

/* The style called name ("exact", "wan", "yu", "pct", "pct2"), or -1. */
int fz_report_style(const char *name);

/* Append n (>= 0) in style (EXACT, WAN or YU). */
void fz_report_count(int64_t n, enum fz_report_style style, struct fz_buf *out);

/* Append the rate num ÷ den as a percentage in style (PCT: one decimal,
 * PCT2: two; half up, from the integers, not from a rounded value).  A
 * rate over nothing (den 0) is "—". */
void fz_report_rate(int64_t num, int64_t den, enum fz_report_style style,
		    struct fz_buf *out);

/* Append the year-on-year change of cur over prev (both >= 0, same unit):
 * "同比增长26.39%", "同比下降5%", "与上年持平"; "" when prev is 0 (no
 * base to compare with: the caller words it). */
void fz_report_yoy(int64_t cur, int64_t prev, struct fz_buf *out);

#endif
