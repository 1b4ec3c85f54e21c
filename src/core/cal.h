/* cal.h - calendar dates and the working-day calendar (工作日) used for
 * statutory deadlines.
 *
 * Two parts:
 *  - struct fz_date: a proleptic Gregorian date with parse/format/arithmetic.
 *  - struct fz_cal: the State Council holiday schedule (国务院办公厅 节假日安排)
 *    compiled into the binary from data/calendar/YYYY.txt (core/embed.h).
 *
 * Day kinds (holidays.md §1 "Counting recipe"): a day is a rest day if the
 * notice lists it as `holiday`, or if it is a Saturday or Sunday that the
 * notice does not list as `workday` (调休上班日); every other day is a
 * working day.  Weekly rest on Saturday and Sunday: 国务院关于职工工作时间的
 * 规定 Art. 7.
 *
 * Coverage: a date is covered when a notice for its year is loaded (a
 * data file compiled in, 2023-2026, or a year imported into the database,
 * engine/calendar).  The years after the last notice, up to the end of the
 * lunar table in cal.c (2036), count *provisionally*: weekends plus the
 * statutory days that 《全国年节及纪念日放假办法》 Art. 2 (as amended by
 * 国务院令第795号, from 2025-01-01) fixes by date - 元旦, 除夕 and 正月初一至
 * 初三, 清明, 5月1日、2日, 端午, 中秋, 10月1日至3日 - and no 调休, which only
 * a notice sets.  fz_cal_provisional() tells such a day, so a deadline
 * counted through it is shown as 暂定 until the notice is imported.  Years
 * before the first notice, in a gap between notices, or past the table
 * fail with FZ_EINVAL and a message naming the year; none falls back to a
 * weekends-only guess (holidays.md §1: "must raise an error").
 *
 * Thread-safety: the days are never modified in place.  fz_cal_replace()
 * swaps in a new state atomically and keeps the old one until the handle
 * is freed, so readers on other threads may use the handle (and the labels
 * it returned) throughout. */
#ifndef FZ_CORE_CAL_H
#define FZ_CORE_CAL_H

#include <stddef.h>

#include "core/embed.h"
#include "core/err.h"

/* A calendar date.  Valid dates have 1000 <= y <= 9999, 1 <= m <= 12 and
 * d within the month; fz_date_valid() tells. */
struct fz_date {
	int y, m, d;
};

#define FZ_DATE_STRLEN 11 /* "YYYY-MM-DD" plus the NUL */

/* 1 if d is a real calendar date in years 1000-9999, else 0. */
int fz_date_valid(struct fz_date d);

/* Parse exactly "YYYY-MM-DD" (ISO 8601 calendar date, 10 characters, no
 * spaces) into *out.  FZ_EINVAL with a Chinese message for anything else,
 * including dates that do not exist such as 2023-02-29.  *out is written
 * only on success. */
int fz_date_parse(struct fz_date *out, const char *s, struct fz_err *err);

/* Write d as "YYYY-MM-DD" into out (FZ_DATE_STRLEN bytes); returns out. */
char *fz_date_format(struct fz_date d, char out[FZ_DATE_STRLEN]);

/* Days since 1970-01-01 (negative before), and back.  Defined for every
 * valid date; fz_date_from_days() of a number that came from a valid date
 * plus a small offset gives the expected date. */
long fz_date_to_days(struct fz_date d);
struct fz_date fz_date_from_days(long days);

/* d plus n days (n may be negative).  The caller keeps n reasonable: the
 * result is only meaningful while it stays within years 1000-9999. */
struct fz_date fz_date_add_days(struct fz_date d, long n);

/* d plus n months; a day that does not exist in the target month becomes
 * that month's last day (民法典 Art. 202: 没有对应日的，月末日为期间的最后一日). */
struct fz_date fz_date_add_months(struct fz_date d, int n);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int fz_date_weekday(struct fz_date d);

/* <0, 0, >0 as a is before, equal to, after b. */
int fz_date_cmp(struct fz_date a, struct fz_date b);

/* Today's date in China (UTC+8; China has kept no daylight saving since
 * 1991), from the system clock. */
struct fz_date fz_date_today_cn(void);

/* --- the working-day calendar --- */

struct fz_cal;

/* Parse the embedded data/calendar files into a new calendar owned by the
 * caller (free it with fz_cal_free); the years after the last file count
 * provisionally.  Fails with FZ_EINVAL naming the file
 * and line when the data is malformed (a build defect: the unit tests load
 * it), FZ_ENOMEM when memory runs out. */
int fz_cal_load(struct fz_cal **out, struct fz_err *err);

/* As fz_cal_load(), from an explicit table ended by a { NULL, NULL } row.
 * Each file must be named "YYYY.txt"; that year becomes covered.  A date
 * listed by two files (a notice's 元旦 reaching into the previous December)
 * takes the later year's entry; twice in one file is an error. */
int fz_cal_load_files(struct fz_cal **out, const struct fz_embedded *files,
		      struct fz_err *err);

/* Free cal and every state it held (see fz_cal_replace). */
void fz_cal_free(struct fz_cal *cal);

/* Make live answer with fresh's days from now on; fresh is consumed (freed)
 * on success.  The state live held before stays allocated until
 * fz_cal_free(live), so a reader that is midway keeps a valid view.
 * FZ_ENOMEM leaves both unchanged (the caller still owns fresh). */
int fz_cal_replace(struct fz_cal *live, struct fz_cal *fresh);

/* 1 when a notice for d's year is loaded, else 0 (a provisional year is
 * not covered: see fz_cal_provisional). */
int fz_cal_covers(const struct fz_cal *cal, struct fz_date d);

/* 1 when d's year has no notice and is counted provisionally (weekends and
 * statutory days only), else 0. */
int fz_cal_provisional(const struct fz_cal *cal, struct fz_date d);

/* First and last year with a notice (the years need not be contiguous;
 * fz_cal_covers() is the test). */
void fz_cal_years(const struct fz_cal *cal, int *first, int *last);

/* The provisional years as a range; returns how many (0: none, and
 * *first = *last = 0). */
int fz_cal_provisional_years(const struct fz_cal *cal, int *first,
			     int *last);

/* The years with a notice, ascending, into out (at most max); returns how
 * many there are (may exceed max). */
size_t fz_cal_notice_years(const struct fz_cal *cal, int *out, size_t max);

/* Call fn for each listed day whose date lies in year, in date order: a
 * notice's holidays and make-up workdays, or a provisional year's
 * statutory days (labelled "春节（法定）").  Stops at and returns fn's first
 * non-zero result.  label lives as long as cal. */
typedef int (*fz_cal_day_fn)(struct fz_date d, int holiday,
			     const char *label, void *arg);
int fz_cal_each_day(const struct fz_cal *cal, int year, fz_cal_day_fn fn,
		    void *arg);

/* *workday = 1 for a working day (incl. a make-up 调休 Saturday or Sunday),
 * 0 for a rest day (a listed holiday, or an unlisted weekend day).
 * FZ_EINVAL when d is invalid or not covered. */
int fz_cal_is_workday(const struct fz_cal *cal, struct fz_date d,
		      int *workday, struct fz_err *err);

/* The notice's label for d ("国庆节", "春节调休"), a provisional year's
 * statutory day ("春节（法定）"), or NULL when d is not listed.  The string
 * lives as long as cal. */
const char *fz_cal_label(const struct fz_cal *cal, struct fz_date d);

/* Last day of a period of n working days triggered on start.  The day of
 * the event is not counted: counting starts on the next day (民事诉讼法 2023
 * Art. 85(2), applied by 行政复议法 Art. 88(1)); only working days count, make-up
 * workdays included, holidays and weekends skipped (行政复议法 2023 Art. 88(2),
 * 行政处罚法 2021 Art. 85, 行政强制法 Art. 69, 行政许可法 2019 Art. 82).  n = 0
 * gives start.  FZ_EINVAL for n < 0, an invalid start, or when a day that must
 * be examined is not covered. */
int fz_cal_add_workdays(const struct fz_cal *cal, struct fz_date start, int n,
			struct fz_date *out, struct fz_err *err);

/* Number of working days d with from < d <= to (the same counting as
 * fz_cal_add_workdays, so add_workdays(from, n) == to implies a count of n
 * when to is a working day).  When to is before from the result is the
 * negated count over (to, from].  FZ_EINVAL when a day in the range is not
 * covered. */
int fz_cal_count_workdays(const struct fz_cal *cal, struct fz_date from,
			  struct fz_date to, long *out, struct fz_err *err);

/* First working day on or after d. */
int fz_cal_next_workday(const struct fz_cal *cal, struct fz_date d,
			struct fz_date *out, struct fz_err *err);

/* Last day of a period of n natural days (自然日) triggered on start: start + n,
 * then, while that day is a rest day, the next day (民事诉讼法 2023 Art. 85(3):
 * 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期; also
 * 民法典 Art. 203(1)).  Weekends count as rest days here (holidays.md §1, S),
 * and the moved day may be a make-up workday.  Criminal custody periods are
 * never extended (刑事诉讼法 Art. 105) and tax periods have their own rule
 * (税收征收管理法实施细则 Art. 109): do not use this for those.  FZ_EINVAL for
 * n < 0 or when the last day is not covered. */
int fz_cal_add_natural_days_extended(const struct fz_cal *cal,
				     struct fz_date start, int n,
				     struct fz_date *out, struct fz_err *err);

/* As above for a period of n months: the corresponding day of the month n
 * months later, or that month's last day (民法典 Art. 202), then moved off
 * rest days (民事诉讼法 Art. 85(3)).  For years pass 12 * years. */
int fz_cal_add_months_extended(const struct fz_cal *cal, struct fz_date start,
			       int n, struct fz_date *out, struct fz_err *err);

#endif
