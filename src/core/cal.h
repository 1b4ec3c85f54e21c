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
 * Coverage: a date is covered when a data file for its year is loaded
 * (2023-2026 today).  Every function that needs the kind of a day outside
 * coverage fails with FZ_EINVAL and a message naming the missing year; none
 * falls back to a weekends-only guess (holidays.md §1: "must raise an error";
 * §3: refuse to count through 2027 until its notice is out).
 *
 * Thread-safety: a loaded struct fz_cal is never modified, so any number of
 * threads may read it at once.  Load it once at start-up and share it. */
#ifndef FZ_CORE_CAL_H
#define FZ_CORE_CAL_H

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
 * caller (free it with fz_cal_free).  Fails with FZ_EINVAL naming the file
 * and line when the data is malformed (a build defect: the unit tests load
 * it), FZ_ENOMEM when memory runs out. */
int fz_cal_load(struct fz_cal **out, struct fz_err *err);

/* As fz_cal_load(), from an explicit table ended by a { NULL, NULL } row.
 * Each file must be named "YYYY.txt"; that year becomes covered. */
int fz_cal_load_files(struct fz_cal **out, const struct fz_embedded *files,
		      struct fz_err *err);

void fz_cal_free(struct fz_cal *cal);

/* 1 when a data file for d's year is loaded, else 0. */
int fz_cal_covers(const struct fz_cal *cal, struct fz_date d);

/* First and last covered year (the covered years need not be contiguous;
 * fz_cal_covers() is the test). */
void fz_cal_years(const struct fz_cal *cal, int *first, int *last);

/* *workday = 1 for a working day (incl. a make-up 调休 Saturday or Sunday),
 * 0 for a rest day (a listed holiday, or an unlisted weekend day).
 * FZ_EINVAL when d is invalid or not covered. */
int fz_cal_is_workday(const struct fz_cal *cal, struct fz_date d,
		      int *workday, struct fz_err *err);

/* The notice's label for d ("国庆节", "春节调休"), or NULL when d is not
 * listed.  The string lives as long as cal. */
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
