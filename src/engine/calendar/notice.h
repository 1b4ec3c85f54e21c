/* notice.h - the State Council holiday notice (国务院办公厅关于YYYY年部分节假日
 * 安排的通知) read as published, turned into the days of data/calendar.
 *
 * What is read: the year from the title ("关于2026年部分节假日安排的通知");
 * then every numbered item ("一、元旦：…") and in it every clause that
 *  - gives days off: "1月1日（周四）至3日（周六）放假调休，共3天",
 *    "4月5日放假，共1天", "1月1日（周三）放假1天，不调休",
 *    "2022年12月31日至2023年1月2日放假调休，共3天", "1月1日放假，与周末连休";
 *  - gives make-up workdays: "2月14日（周六）、2月28日（周六）上班".
 * Full-width and half-width digits, brackets and punctuation are equal;
 * "周X" and "星期X" notes are checked against the real weekday; a stated
 * length ("共N天", "放假N天") must match the range.  Other text (the
 * greeting, 带薪年休假 advice, the signature) is ignored.
 *
 * Labels follow data/calendar: the item's festival name ("春节", "中秋节、
 * 国庆节") for days off, that name + "调休" for make-up workdays.
 *
 * A notice that does not read cleanly is refused whole, with a Chinese
 * message naming the line: nothing is guessed. */
#ifndef FZ_ENGINE_CALENDAR_NOTICE_H
#define FZ_ENGINE_CALENDAR_NOTICE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/err.h"

#define FZ_NOTICE_MAX (64 * 1024) /* bytes of notice text accepted */
#define FZ_NOTICE_LABEL 64

struct fz_notice_day {
	struct fz_date date;
	int holiday;                  /* 1 放假 (day off), 0 调休上班 (workday) */
	char label[FZ_NOTICE_LABEL];  /* "春节", "春节调休" */
};

struct fz_notice {
	int year;                     /* the year the title names */
	char title[256];              /* "国务院办公厅关于2026年部分节假日安排的通知" */
	struct fz_notice_day *days;   /* sorted by date, no duplicates */
	size_t n;
};

/* Parse text (NUL-terminated UTF-8, at most FZ_NOTICE_MAX bytes) into *out,
 * which the caller releases with fz_notice_release() on success.  FZ_EINVAL
 * with a Chinese message ("第3行：…") for text that is not a notice or does
 * not add up; FZ_ENOMEM.  *out is empty on failure. */
int fz_notice_parse(struct fz_notice *out, const char *text,
		    struct fz_err *err);

void fz_notice_release(struct fz_notice *n);

/* Append the days as data/calendar lines, "YYYY-MM-DD holiday|workday
 * label\n", in date order. */
void fz_notice_format(const struct fz_notice *n, struct fz_buf *out);

#endif
