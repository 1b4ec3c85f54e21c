/* cmd_calendar.c - `fazhi calendar import|list`: the State Council holiday
 * notices in a database (engine/calendar); and `fazhi deadline`: one
 * period counted step by step with the working-day calendar (core/cal),
 * each step with the article it applies. */
#include "cli/cli.h"

#include "app.h"
#include "core/buf.h"
#include "engine/calendar/calendar.h"
#include "engine/calendar/notice.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char calendar_help[] =
	"usage: fazhi calendar import FILE [--db PATH] [--dry-run]\n"
	"       fazhi calendar list --db PATH\n"
	"  import reads a State Council notice (国务院办公厅关于YYYY年部分节假日\n"
	"  安排的通知) as published, full text, UTF-8.  --dry-run prints the days\n"
	"  it reads in data/calendar form and stores nothing (no --db needed);\n"
	"  otherwise the year's days are stored in one audited transaction, the\n"
	"  deadlines of open cases that the year affects are recomputed, and a\n"
	"  summary is printed.  An imported year replaces the compiled one.\n"
	"  list prints each year: compiled, imported, or provisional (no notice\n"
	"  yet: counted with weekends and the statutory days).\n"
	"  Exit 0 done, 1 failed (the notice's problem is printed), 2 usage.\n";

static int calendar_usage(int rc)
{
	fputs(calendar_help, rc == -1 ? stdout : stderr);
	return rc == -1 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

/* The notice file, at most FZ_NOTICE_MAX bytes, NUL-terminated. */
static char *read_notice(const char *path, struct fz_err *err)
{
	FILE *f = fopen(path, "rb");
	char *s;
	size_t n;

	if (!f) {
		fz_err_set(err, FZ_ENOTFOUND, "file", "无法打开文件 %s", path);
		return NULL;
	}
	s = malloc(FZ_NOTICE_MAX + 2);
	n = s ? fread(s, 1, FZ_NOTICE_MAX + 1, f) : 0;
	fclose(f);
	if (!s) {
		fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

static int dry_run(const struct fz_notice *n)
{
	struct fz_buf b = FZ_BUF_INIT;

	fz_buf_addf(&b, "# %s\n", n->title);
	fz_notice_format(n, &b);
	fputs(b.data, stdout);
	fz_buf_release(&b);
	return FZ_EXIT_OK;
}

static int store(const char *db, const struct fz_notice *n, const char *text)
{
	static const struct fz_calendar_by cli = { 0, "cli", 0, "" };
	struct fz_err err = FZ_ERR_INIT;
	struct fz_calendar_result r;
	struct fz_store *s;
	int rc;

	/* the import is audited, and the audit chain is keyed from the key
	 * file (engine/audit) */
	if ((rc = fz_cli_open_keyed(db, NULL, &s, &err)))
		return fz_cli_fail(&err);
	rc = fz_calendar_import(s, n, text, &cli, fz_app_case_types, &r, &err);
	fz_store_close(s);
	if (rc)
		return fz_cli_fail(&err);
	printf("已导入《%s》：放假%zu天，调休上班%zu天%s；重新计算了%ld件案件的期限。\n",
	       n->title, r.holidays, r.workdays,
	       r.replaced ? "（替换了原有的该年安排）" : "", r.recomputed);
	return FZ_EXIT_OK;
}

static int calendar_import(int argc, char **argv)
{
	const char *db = NULL, *dry = NULL, *file = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--dry-run", 1, &dry }, { NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_notice n;
	char *text;
	int got, rc = fz_cli_parse(argc, argv, 3, opts, &file, 1, &got);

	if (rc || got != 1 || (!db && !dry))
		return calendar_usage(rc);
	if (!(text = read_notice(file, &err)))
		return fz_cli_fail(&err);
	if (fz_notice_parse(&n, text, &err)) {
		free(text);
		fprintf(stderr, "%s: ", file);
		return fz_cli_fail(&err);
	}
	rc = dry ? dry_run(&n) : store(db, &n, text);
	fz_notice_release(&n);
	free(text);
	return rc;
}

static int calendar_list(int argc, char **argv)
{
	const char *db = NULL;
	const struct fz_opt opts[] = { { "--db", 0, &db }, { NULL, 0, NULL } };
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s;
	json_t *years, *y;
	size_t i;
	int got, rc = fz_cli_parse(argc, argv, 3, opts, NULL, 0, &got);

	if (rc || !db)
		return calendar_usage(rc);
	if ((rc = fz_app_open(&s, db, 0, &err)))
		return fz_cli_fail(&err);
	rc = fz_calendar_years_json(s, fz_calendar_shared(NULL), &years, &err);
	fz_store_close(s);
	if (rc)
		return fz_cli_fail(&err);
	json_array_foreach(years, i, y) {
		const char *title = json_string_value(json_object_get(y, "title"));
		const char *at = json_string_value(json_object_get(y, "imported_at"));
		printf("%d %-11s %s%s%s\n",
		       (int)json_integer_value(json_object_get(y, "year")),
		       json_string_value(json_object_get(y, "source")),
		       json_string_value(json_object_get(y, "source_name")),
		       title && *title ? " " : "", title ? title : "");
		if (at)
			printf("     imported %s by %s\n", at, json_string_value(
				json_object_get(y, "imported_by")));
	}
	json_decref(years);
	return FZ_EXIT_OK;
}

int fz_cmd_calendar(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[2], "import"))
		return calendar_import(argc, argv);
	if (argc >= 3 && !strcmp(argv[2], "list"))
		return calendar_list(argc, argv);
	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return calendar_usage(-1);
	return calendar_usage(FZ_EXIT_USAGE);
}

/* ---- fazhi deadline: one period, step by step ---- */

static const char deadline_help[] =
	"usage: fazhi deadline --from YYYY-MM-DD --add N(d|wd|m) [--db PATH] [--json]\n"
	"  counts a period the way the case engine does and prints the due date\n"
	"  with each step and its legal basis:  d  natural days (自然日), a last\n"
	"  day on a rest day moves to the next working day;  wd  working days\n"
	"  (工作日);  m  months (the corresponding day, or the month's end).\n"
	"  The day of the event is not counted.  Without --db the calendar\n"
	"  compiled into the binary is used; with --db, that database's (with\n"
	"  its imported notices).  A due date in a year without a notice is\n"
	"  provisional (暂定).  --json prints {\"due\",\"provisional\",\"steps\"}.\n";

enum unit { U_DAYS, U_WORKDAYS, U_MONTHS };

struct steps {
	json_t *arr;
	int provisional;
};

static const char *const weekday_names[] = { "一", "二", "三", "四", "五",
					     "六", "日" };

static void step(struct steps *s, struct fz_date d, const char *cite,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void step(struct steps *s, struct fz_date d, const char *cite,
		 const char *fmt, ...)
{
	char text[512], buf[FZ_DATE_STRLEN];
	va_list ap;
	json_t *o;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	o = json_pack("{s:s}", "text", text);
	if (d.y)
		json_object_set_new(o, "date", json_string(fz_date_format(d, buf)));
	if (cite)
		json_object_set_new(o, "cite", json_string(cite));
	json_array_append_new(s->arr, o);
}

/* "2027-02-05（星期五，春节（法定））" */
static const char *day_text(const struct fz_cal *cal, struct fz_date d,
			    char *out, size_t n)
{
	char buf[FZ_DATE_STRLEN];
	const char *label = fz_cal_label(cal, d);

	snprintf(out, n, "%s（星期%s%s%s）", fz_date_format(d, buf),
		 weekday_names[fz_date_weekday(d) - 1], label ? "，" : "",
		 label ? label : "");
	return out;
}

static void note_day(struct steps *s, const struct fz_cal *cal,
		     struct fz_date d)
{
	if (fz_cal_provisional(cal, d))
		s->provisional = 1;
}

/* Art. 85(3): while the last day is a rest day, the next day. */
static int move_off_rest(struct steps *s, const struct fz_cal *cal,
			 struct fz_date *d, struct fz_err *err)
{
	char t[160];
	int w, moved = 0, rc;

	while (!(rc = fz_cal_is_workday(cal, *d, &w, err)) && !w) {
		note_day(s, cal, *d);
		step(s, *d, NULL, "%s是休息日", day_text(cal, *d, t, sizeof(t)));
		*d = fz_date_add_days(*d, 1);
		moved = 1;
	}
	if (rc)
		return rc;
	note_day(s, cal, *d);
	if (moved)
		step(s, *d, "《中华人民共和国民事诉讼法》第八十五条第三款",
		     "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为"
		     "期间届满的日期：%s", day_text(cal, *d, t, sizeof(t)));
	return 0;
}

static int count_workdays(struct steps *s, const struct fz_cal *cal,
			  struct fz_date *d, int n, struct fz_err *err)
{
	char t[160];

	for (int counted = 0; counted < n;) {
		int w, rc;
		*d = fz_date_add_days(*d, 1);
		if ((rc = fz_cal_is_workday(cal, *d, &w, err)))
			return rc;
		note_day(s, cal, *d);
		counted += w;
		if (w)
			step(s, *d, NULL, "第%d个工作日：%s", counted,
			     day_text(cal, *d, t, sizeof(t)));
		else
			step(s, *d, NULL, "%s是休息日，不计入",
			     day_text(cal, *d, t, sizeof(t)));
	}
	step(s, *d, "《中华人民共和国行政处罚法》第八十五条；《中华人民共和国行政复议法》第八十八条第二款",
	     "工作日期间不含法定节假日，第%d个工作日为期间届满日", n);
	return 0;
}

static int count_months(struct steps *s, const struct fz_cal *cal,
			struct fz_date start, int n, struct fz_date *d,
			struct fz_err *err)
{
	char t[160];

	*d = fz_date_add_months(start, n);
	if (d->d != start.d)
		step(s, *d, "《中华人民共和国民法典》第二百零二条",
		     "按照月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，"
		     "月末日为期间的最后一日：%s", day_text(cal, *d, t, sizeof(t)));
	else
		step(s, *d, "《中华人民共和国民法典》第二百零二条",
		     "按照月计算期间的，到期月的对应日为期间的最后一日：%s",
		     day_text(cal, *d, t, sizeof(t)));
	return move_off_rest(s, cal, d, err);
}

static int count(struct steps *s, const struct fz_cal *cal,
		 struct fz_date start, int n, enum unit u, struct fz_date *due,
		 struct fz_err *err)
{
	char t[160];

	step(s, start, "《中华人民共和国民事诉讼法》第八十五条第二款",
	     "期间开始的日不计算在期间内：起算日 %s不计入，从次日起算",
	     day_text(cal, start, t, sizeof(t)));
	*due = start;
	if (u == U_WORKDAYS)
		return count_workdays(s, cal, due, n, err);
	if (u == U_MONTHS)
		return count_months(s, cal, start, n, due, err);
	*due = fz_date_add_days(start, n);
	step(s, *due, NULL, "期间%d日，最后一日为 %s", n,
	     day_text(cal, *due, t, sizeof(t)));
	return move_off_rest(s, cal, due, err);
}

/* "60d", "5wd", "2m" */
static int parse_add(const char *s, int *n, enum unit *u)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || v < 0 || v > 36500 || *s == '+' || *s == '-')
		return -1;
	if (!strcmp(end, "d"))
		*u = U_DAYS;
	else if (!strcmp(end, "wd"))
		*u = U_WORKDAYS;
	else if (!strcmp(end, "m") && v <= 1200)
		*u = U_MONTHS;
	else
		return -1;
	*n = (int)v;
	return 0;
}

/* The library's answer, to check the walk above against. */
static int library_due(const struct fz_cal *cal, struct fz_date start, int n,
		       enum unit u, struct fz_date *out, struct fz_err *err)
{
	if (u == U_WORKDAYS)
		return fz_cal_add_workdays(cal, start, n, out, err);
	if (u == U_MONTHS)
		return fz_cal_add_months_extended(cal, start, n, out, err);
	return fz_cal_add_natural_days_extended(cal, start, n, out, err);
}

static void print_steps(const struct steps *s, struct fz_date due, int json)
{
	char buf[FZ_DATE_STRLEN];
	size_t i;
	json_t *o;

	if (json) {
		o = json_pack("{s:s,s:b,s:O}", "due", fz_date_format(due, buf),
			      "provisional", s->provisional, "steps", s->arr);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
		return;
	}
	printf("期间届满日：%s%s\n", fz_date_format(due, buf),
	       s->provisional ? "（暂定）" : "");
	json_array_foreach(s->arr, i, o) {
		const char *cite = json_string_value(json_object_get(o, "cite"));
		printf("  %zu. %s%s%s%s\n", i + 1,
		       json_string_value(json_object_get(o, "text")),
		       cite ? "（" : "", cite ? cite : "", cite ? "）" : "");
	}
}

static int deadline_run(const struct fz_cal *cal, struct fz_date start,
			int n, enum unit u, int json)
{
	struct steps s = { json_array(), 0 };
	struct fz_err err = FZ_ERR_INIT;
	struct fz_date due, check;
	int rc = count(&s, cal, start, n, u, &due, &err);

	if (!rc)
		rc = library_due(cal, start, n, u, &check, &err);
	if (!rc && fz_date_cmp(due, check))
		rc = fz_err_set(&err, FZ_EINTERNAL, NULL, "逐日计算与期限计算结果不一致");
	if (!rc && s.provisional) {
		char note[256];
		snprintf(note, sizeof(note), "%d年的放假调休安排尚未公布，按法定节假日"
			 "和周末暂定计算，通知公布并导入后以通知为准", due.y);
		step(&s, (struct fz_date){ 0, 0, 0 },
		     "《全国年节及纪念日放假办法》第二条", "%s", note);
	}
	if (!rc)
		print_steps(&s, due, json);
	json_decref(s.arr);
	return rc ? fz_cli_fail(&err) : FZ_EXIT_OK;
}

int fz_cmd_deadline(int argc, char **argv)
{
	const char *db = NULL, *from = NULL, *add = NULL, *json = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--from", 0, &from }, { "--add", 0, &add },
		{ "--json", 1, &json }, { NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s = NULL;
	struct fz_cal *cal;
	struct fz_date start;
	enum unit u;
	int n, got, rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);

	if (rc || !from || !add) {
		fputs(deadline_help, rc < 0 ? stdout : stderr);
		return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
	}
	if (fz_date_parse(&start, from, &err))
		return fz_cli_fail(&err);
	if (parse_add(add, &n, &u)) {
		fprintf(stderr, "error: --add 应为天数加单位，如 60d、5wd、2m\n");
		return FZ_EXIT_USAGE;
	}
	/* fz_app_open loads the database's notices into the shared calendar */
	if (db && (rc = fz_app_open(&s, db, 0, &err)))
		return fz_cli_fail(&err);
	fz_store_close(s);
	if (!(cal = fz_calendar_shared(&err)))
		return fz_cli_fail(&err);
	return deadline_run(cal, start, n, u, json != NULL);
}
