/* cal.c - dates and the working-day calendar built from the State Council
 * holiday notices (embedded at build time or imported into the database,
 * see cal.h for the counting rules), and the provisional count of the years
 * after the last notice. */
#include "core/cal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- dates --- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };
	if (m == 2 && is_leap(y))
		return 29;
	return mdays[m - 1];
}

int fz_date_valid(struct fz_date d)
{
	return d.y >= 1000 && d.y <= 9999 && d.m >= 1 && d.m <= 12 &&
	       d.d >= 1 && d.d <= days_in_month(d.y, d.m);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int fz_date_parse(struct fz_date *out, const char *s, struct fz_err *err)
{
	struct fz_date d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &d.y) || digits(s + 5, 2, &d.m) ||
	    digits(s + 8, 2, &d.d))
		return fz_err_set(err, FZ_EINVAL, "date",
				  "日期格式应为 YYYY-MM-DD");
	if (!fz_date_valid(d))
		return fz_err_set(err, FZ_EINVAL, "date",
				  "日期 %s 不存在", s);
	*out = d;
	return 0;
}

char *fz_date_format(struct fz_date d, char out[FZ_DATE_STRLEN])
{
	if (!fz_date_valid(d)) {
		memcpy(out, "0000-00-00", FZ_DATE_STRLEN);
		return out;
	}
	/* By hand: the ranges are known, and snprintf's truncation
	 * warning cannot see that fz_date_valid() bounds them. */
	out[0] = (char)('0' + d.y / 1000);
	out[1] = (char)('0' + d.y / 100 % 10);
	out[2] = (char)('0' + d.y / 10 % 10);
	out[3] = (char)('0' + d.y % 10);
	out[4] = '-';
	out[5] = (char)('0' + d.m / 10);
	out[6] = (char)('0' + d.m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d.d / 10);
	out[9] = (char)('0' + d.d % 10);
	out[10] = '\0';
	return out;
}

/* days_from_civil / civil_from_days after Howard Hinnant's public-domain
 * algorithms: exact for the proleptic Gregorian calendar, no tables. */
long fz_date_to_days(struct fz_date d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct fz_date fz_date_from_days(long z)
{
	struct fz_date r;
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

struct fz_date fz_date_add_days(struct fz_date d, long n)
{
	return fz_date_from_days(fz_date_to_days(d) + n);
}

struct fz_date fz_date_add_months(struct fz_date d, int n)
{
	long mi = (long)d.y * 12 + (d.m - 1) + n;
	struct fz_date r;
	r.y = (int)(mi >= 0 ? mi / 12 : (mi - 11) / 12);
	r.m = (int)(mi - (long)r.y * 12) + 1;
	r.d = d.d;
	if (r.m >= 1 && r.m <= 12 && r.d > days_in_month(r.y, r.m))
		r.d = days_in_month(r.y, r.m);
	return r;
}

int fz_date_weekday(struct fz_date d)
{
	long z = fz_date_to_days(d); /* 1970-01-01 was a Thursday (4) */
	long r = ((z % 7) + 7) % 7;
	return (int)((r + 3) % 7) + 1;
}

int fz_date_cmp(struct fz_date a, struct fz_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

struct fz_date fz_date_today_cn(void)
{
	time_t now = time(NULL);
	/* Shift the instant by +8 h, then read its UTC date. */
	return fz_date_from_days((long)((now + 8 * 3600) / 86400));
}

/* --- the calendar --- */

enum { DAY_HOLIDAY = 1, DAY_WORKDAY = 2 };
enum { CAL_MAX_YEARS = 64, CAL_LABEL = 64 };

struct cal_day {
	long day;               /* fz_date_to_days() */
	int kind;               /* DAY_HOLIDAY or DAY_WORKDAY */
	int year;               /* the notice (file) year that lists it */
	char label[CAL_LABEL];  /* the notice's festival name */
};

/* One immutable state of a calendar.  fz_cal_replace() swaps it whole, so
 * a reader that loaded the pointer keeps a consistent view. */
struct cal_data {
	struct cal_day *days;   /* sorted by day, no duplicates */
	size_t ndays, alloc;
	int years[CAL_MAX_YEARS]; /* years with a notice, sorted */
	int nyears;
	int prov_first, prov_last; /* provisional years, 0 when none */
};

struct fz_cal {
	_Atomic(struct cal_data *) cur;
	pthread_mutex_t lock;    /* guards retired */
	struct cal_data **retired; /* replaced states, freed with the handle */
	size_t nretired;
};

static const struct cal_data *snap(const struct fz_cal *cal)
{
	return atomic_load_explicit(&((struct fz_cal *)cal)->cur,
				    memory_order_acquire);
}

static void data_free(struct cal_data *c)
{
	if (!c)
		return;
	free(c->days);
	free(c);
}

void fz_cal_free(struct fz_cal *cal)
{
	if (!cal)
		return;
	data_free(atomic_load(&cal->cur));
	for (size_t i = 0; i < cal->nretired; i++)
		data_free(cal->retired[i]);
	free(cal->retired);
	pthread_mutex_destroy(&cal->lock);
	free(cal);
}

int fz_cal_replace(struct fz_cal *live, struct fz_cal *fresh)
{
	struct cal_data **r, *old;

	pthread_mutex_lock(&live->lock);
	r = realloc(live->retired, (live->nretired + 1) * sizeof(*r));
	if (!r) {
		pthread_mutex_unlock(&live->lock);
		return FZ_ENOMEM;
	}
	live->retired = r;
	old = atomic_exchange_explicit(&live->cur, atomic_load(&fresh->cur),
				       memory_order_acq_rel);
	live->retired[live->nretired++] = old;
	pthread_mutex_unlock(&live->lock);
	atomic_store(&fresh->cur, NULL);
	fz_cal_free(fresh);
	return 0;
}

static int cmp_day(const void *a, const void *b)
{
	const struct cal_day *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* By day, then by notice year: the later notice's entry comes last. */
static int cmp_day_year(const void *a, const void *b)
{
	const struct cal_day *x = a, *y = b;
	int c = cmp_day(a, b);
	return c ? c : (x->year > y->year) - (x->year < y->year);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int add_day(struct cal_data *cal, const struct cal_day *day)
{
	if (cal->ndays == cal->alloc) {
		size_t n = cal->alloc ? cal->alloc * 2 : 128;
		struct cal_day *p = realloc(cal->days, n * sizeof(*p));
		if (!p)
			return -1;
		cal->days = p;
		cal->alloc = n;
	}
	cal->days[cal->ndays++] = *day;
	return 0;
}

/* Parse one data line "YYYY-MM-DD holiday|workday label" (holidays.md §9
 * describes the format) into *day; file_year bounds the dates allowed (a
 * notice may reach one year either side, e.g. 2022-12-31 in 2023.txt). */
static int parse_line(const char *line, size_t len, int file_year,
		      struct cal_day *day, const char *fname, int lineno,
		      struct fz_err *err)
{
	char date[FZ_DATE_STRLEN], kind[16];
	struct fz_date d;
	size_t i = 0, k;

	if (len < 10)
		goto bad;
	memcpy(date, line, 10);
	date[10] = '\0';
	if (fz_date_parse(&d, date, NULL) || d.y < file_year - 1 ||
	    d.y > file_year + 1)
		goto bad;
	i = 10;
	if (i >= len || line[i] != ' ')
		goto bad;
	i++;
	for (k = 0; i < len && line[i] != ' ' && k < sizeof(kind) - 1; k++)
		kind[k] = line[i++];
	kind[k] = '\0';
	if (!strcmp(kind, "holiday"))
		day->kind = DAY_HOLIDAY;
	else if (!strcmp(kind, "workday"))
		day->kind = DAY_WORKDAY;
	else
		goto bad;
	if (i >= len || line[i] != ' ' || len - i - 1 >= CAL_LABEL ||
	    len - i - 1 == 0)
		goto bad;
	memcpy(day->label, line + i + 1, len - i - 1);
	day->label[len - i - 1] = '\0';
	/* A make-up workday is by definition a weekend day worked (§9). */
	if (day->kind == DAY_WORKDAY && fz_date_weekday(d) < 6)
		goto bad;
	day->day = fz_date_to_days(d);
	day->year = file_year;
	return 0;
bad:
	return fz_err_set(err, FZ_EINVAL, NULL,
			  "节假日数据 %s 第 %d 行格式错误", fname, lineno);
}

static int file_year(const char *name)
{
	int y;
	if (!name || strlen(name) != 8 || strcmp(name + 4, ".txt") ||
	    digits(name, 4, &y) || y < 1000)
		return -1;
	return y;
}

static int load_file(struct cal_data *cal, const struct fz_embedded *f,
		     struct fz_err *err)
{
	int year = file_year(f->name), lineno = 0;
	const char *p = f->data;

	if (year < 0)
		return fz_err_set(err, FZ_EINVAL, NULL,
				  "节假日数据文件名 %s 应为 YYYY.txt",
				  f->name ? f->name : "(null)");
	if (cal->nyears == CAL_MAX_YEARS)
		return fz_err_set(err, FZ_EINVAL, NULL, "节假日数据年份过多");
	cal->years[cal->nyears++] = year;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct cal_day day;

		lineno++;
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' ||
			       p[len - 1] == '\t'))
			len--;
		if (len && p[0] != '#') {
			int rc = parse_line(p, len, year, &day, f->name,
					    lineno, err);
			if (rc)
				return rc;
			if (add_day(cal, &day))
				return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		}
		p += nl ? (size_t)(nl - p) + 1 : len;
		if (!nl)
			break;
	}
	return 0;
}

/* --- provisional years: the statutory days the law fixes --- */

/* The lunar festivals and 清明 for the years after the last notice, as
 * Gregorian dates: 正月初一 (除夕 is the day before), 端午 (五月初五), 中秋
 * (八月十五) and the day of the 清明 solar term (always in April).
 *
 * Source and check (2026-12): the lunar dates were computed with
 * 6tail/lunar-javascript (commit 4c45a59, Lunar.fromYmd(y, m, d).getSolar()
 * and getJieQiTable()), data only; the 清明 days agree with the 寿星 formula
 * of LKI/chinese-calendar (commit e678429, solar_terms.py, C = 4.81).  The
 * same computation reproduces the statutory days of 2023-2026 listed in
 * holidays.md §2 (e.g. 2026: 除夕 02-16, 清明 04-05, 端午 06-19, 中秋
 * 09-25), which the notices' annotations confirm. */
static const struct lunar_year {
	short y;
	signed char ny_m, ny_d, dw_m, dw_d, zq_m, zq_d, qm_d;
} lunar_years[] = {
	{ 2027, 2, 6, 6, 9, 9, 15, 5 },
	{ 2028, 1, 26, 5, 28, 10, 3, 4 },
	{ 2029, 2, 13, 6, 16, 9, 22, 4 },
	{ 2030, 2, 3, 6, 5, 9, 12, 5 },
	{ 2031, 1, 23, 6, 24, 10, 1, 5 },
	{ 2032, 2, 11, 6, 12, 9, 19, 4 },
	{ 2033, 1, 31, 6, 1, 9, 8, 4 },
	{ 2034, 2, 19, 6, 20, 9, 27, 5 },
	{ 2035, 2, 8, 6, 10, 9, 16, 5 },
	{ 2036, 1, 28, 5, 30, 10, 4, 4 },
};
#define LUNAR_FIRST 2027
#define LUNAR_LAST 2036

static const struct lunar_year *lunar_of(int y)
{
	if (y < LUNAR_FIRST || y > LUNAR_LAST)
		return NULL;
	return &lunar_years[y - LUNAR_FIRST];
}

struct stat_day {
	long day;
	char label[CAL_LABEL];
};

/* Add day d with festival name to list (n entries); a day that two
 * festivals share (中秋 on 10月1日-3日) gets both names. */
static void stat_add(struct stat_day *list, size_t *n, struct fz_date d,
		     const char *name)
{
	long z = fz_date_to_days(d);
	for (size_t i = 0; i < *n; i++)
		if (list[i].day == z) {
			size_t l = strlen(list[i].label);
			snprintf(list[i].label + l, CAL_LABEL - l, "、%s", name);
			return;
		}
	list[*n].day = z;
	snprintf(list[*n].label, CAL_LABEL, "%s", name);
	(*n)++;
}

/* The statutory days of year y (《全国年节及纪念日放假办法》 Art. 2 as
 * amended by 国务院令第795号, in force 2025-01-01): 元旦 1月1日; 春节 除夕
 * and 正月初一至初三; 清明 the solar-term day; 劳动节 5月1日、2日; 端午; 中秋;
 * 国庆 10月1日至3日.  Returns the count, 0 when y is outside the table. */
static size_t statutory(int y, struct stat_day out[16])
{
	const struct lunar_year *l = lunar_of(y);
	struct fz_date ny;
	size_t n = 0;

	if (!l)
		return 0;
	ny = (struct fz_date){ y, l->ny_m, l->ny_d };
	stat_add(out, &n, (struct fz_date){ y, 1, 1 }, "元旦");
	for (int k = -1; k <= 2; k++)
		stat_add(out, &n, fz_date_add_days(ny, k), "春节");
	stat_add(out, &n, (struct fz_date){ y, 4, l->qm_d }, "清明节");
	stat_add(out, &n, (struct fz_date){ y, 5, 1 }, "劳动节");
	stat_add(out, &n, (struct fz_date){ y, 5, 2 }, "劳动节");
	stat_add(out, &n, (struct fz_date){ y, l->dw_m, l->dw_d }, "端午节");
	for (int k = 1; k <= 3; k++)
		stat_add(out, &n, (struct fz_date){ y, 10, k }, "国庆节");
	stat_add(out, &n, (struct fz_date){ y, l->zq_m, l->zq_d }, "中秋节");
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(out[i].label);
		snprintf(out[i].label + len, CAL_LABEL - len, "%s", "（法定）");
	}
	return n;
}

/* Years after the last notice, up to the table's end, count provisionally
 * with weekends and the statutory days (no 调休: only a notice sets those). */
static int add_provisional(struct cal_data *cal)
{
	int last = cal->years[cal->nyears - 1];

	cal->prov_first = cal->prov_last = 0;
	for (int y = last + 1; y <= LUNAR_LAST; y++) {
		struct stat_day sd[16];
		size_t n = statutory(y, sd);
		if (!n)
			continue;
		if (!cal->prov_first)
			cal->prov_first = y;
		cal->prov_last = y;
		for (size_t i = 0; i < n; i++) {
			struct cal_day d = { sd[i].day, DAY_HOLIDAY, y, "" };
			memcpy(d.label, sd[i].label, CAL_LABEL);
			if (add_day(cal, &d))
				return -1;
		}
	}
	return 0;
}

/* Sort days and years; refuse a date a notice lists twice or a year loaded
 * twice.  A date that two notices list (a later notice's 元旦 reaching back
 * into December) keeps the later notice's entry. */
static int finish(struct cal_data *cal, struct fz_err *err)
{
	char buf[FZ_DATE_STRLEN];
	size_t w = 0;

	if (cal->ndays) /* days is NULL when no file lists a date */
		qsort(cal->days, cal->ndays, sizeof(*cal->days), cmp_day_year);
	for (size_t i = 0; i < cal->ndays; i++) {
		if (w && cal->days[i].day == cal->days[w - 1].day) {
			if (cal->days[i].year == cal->days[w - 1].year)
				return fz_err_set(err, FZ_EINVAL, NULL,
						  "节假日数据中日期 %s 重复",
						  fz_date_format(fz_date_from_days(
							  cal->days[i].day), buf));
			cal->days[w - 1] = cal->days[i];
			continue;
		}
		cal->days[w++] = cal->days[i];
	}
	cal->ndays = w;
	qsort(cal->years, (size_t)cal->nyears, sizeof(int), cmp_int);
	for (int i = 1; i < cal->nyears; i++)
		if (cal->years[i] == cal->years[i - 1])
			return fz_err_set(err, FZ_EINVAL, NULL,
					  "节假日数据中 %d 年重复",
					  cal->years[i]);
	if (add_provisional(cal))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	if (cal->ndays)
		qsort(cal->days, cal->ndays, sizeof(*cal->days), cmp_day);
	return 0;
}

static struct fz_cal *cal_new(struct cal_data *c)
{
	struct fz_cal *cal = calloc(1, sizeof(*cal));
	if (!cal)
		return NULL;
	atomic_init(&cal->cur, c);
	pthread_mutex_init(&cal->lock, NULL);
	return cal;
}

int fz_cal_load_files(struct fz_cal **out, const struct fz_embedded *files,
		      struct fz_err *err)
{
	struct cal_data *c = calloc(1, sizeof(*c));
	int rc = 0;

	*out = NULL;
	if (!c)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	for (const struct fz_embedded *f = files; f->name || f->data; f++) {
		if (!f->name || !f->data) {
			rc = fz_err_set(err, FZ_EINVAL, NULL, "节假日数据表损坏");
			goto fail;
		}
		if ((rc = load_file(c, f, err)))
			goto fail;
	}
	if (c->nyears == 0) {
		rc = fz_err_set(err, FZ_EINVAL, NULL, "没有节假日数据");
		goto fail;
	}
	if ((rc = finish(c, err)))
		goto fail;
	if (!(*out = cal_new(c))) {
		rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		goto fail;
	}
	return 0;
fail:
	data_free(c);
	return rc;
}

int fz_cal_load(struct fz_cal **out, struct fz_err *err)
{
	return fz_cal_load_files(out, fz_calendar_files, err);
}

static int has_notice(const struct cal_data *c, int y)
{
	return bsearch(&y, c->years, (size_t)c->nyears, sizeof(int),
		       cmp_int) != NULL;
}

static int is_prov(const struct cal_data *c, int y)
{
	return c->prov_first && y >= c->prov_first && y <= c->prov_last;
}

int fz_cal_covers(const struct fz_cal *cal, struct fz_date d)
{
	if (!fz_date_valid(d))
		return 0;
	return has_notice(snap(cal), d.y);
}

int fz_cal_provisional(const struct fz_cal *cal, struct fz_date d)
{
	return fz_date_valid(d) && is_prov(snap(cal), d.y);
}

void fz_cal_years(const struct fz_cal *cal, int *first, int *last)
{
	const struct cal_data *c = snap(cal);
	*first = c->years[0];
	*last = c->years[c->nyears - 1];
}

int fz_cal_provisional_years(const struct fz_cal *cal, int *first, int *last)
{
	const struct cal_data *c = snap(cal);
	*first = c->prov_first;
	*last = c->prov_last;
	return c->prov_first ? c->prov_last - c->prov_first + 1 : 0;
}

size_t fz_cal_notice_years(const struct fz_cal *cal, int *out, size_t max)
{
	const struct cal_data *c = snap(cal);
	for (int i = 0; i < c->nyears && (size_t)i < max; i++)
		out[i] = c->years[i];
	return (size_t)c->nyears;
}

static const struct cal_day *find_day(const struct cal_data *c, long day)
{
	struct cal_day key;
	if (!c->ndays)
		return NULL;
	key.day = day;
	return bsearch(&key, c->days, c->ndays, sizeof(key), cmp_day);
}

const char *fz_cal_label(const struct fz_cal *cal, struct fz_date d)
{
	const struct cal_day *cd;
	if (!fz_date_valid(d))
		return NULL;
	cd = find_day(snap(cal), fz_date_to_days(d));
	return cd ? cd->label : NULL;
}

int fz_cal_each_day(const struct fz_cal *cal, int year, fz_cal_day_fn fn,
		    void *arg)
{
	const struct cal_data *c = snap(cal);
	long lo = fz_date_to_days((struct fz_date){ year, 1, 1 });
	long hi = fz_date_to_days((struct fz_date){ year, 12, 31 });

	for (size_t i = 0; i < c->ndays; i++) {
		int rc;
		if (c->days[i].day < lo || c->days[i].day > hi)
			continue;
		rc = fn(fz_date_from_days(c->days[i].day),
			c->days[i].kind == DAY_HOLIDAY, c->days[i].label, arg);
		if (rc)
			return rc;
	}
	return 0;
}

static int not_covered(const struct cal_data *c, struct fz_date d,
		       struct fz_err *err)
{
	char buf[FZ_DATE_STRLEN];

	if (!fz_date_valid(d))
		return fz_err_set(err, FZ_EINVAL, "date", "日期无效");
	return fz_err_set(err, FZ_EINVAL, "date",
			  "尚未收录 %d 年的国务院节假日安排（已收录 %d–%d 年），"
			  "无法判断 %s 是否为工作日，请更新节假日数据",
			  d.y, c->years[0], c->years[c->nyears - 1],
			  fz_date_format(d, buf));
}

/* 1 working day, 0 rest day, or a negative FZ_E code when d's year has
 * neither a notice nor a provisional count. */
static int day_is_work(const struct cal_data *c, struct fz_date d,
		       struct fz_err *err)
{
	const struct cal_day *cd;

	if (!fz_date_valid(d) || (!has_notice(c, d.y) && !is_prov(c, d.y)))
		return not_covered(c, d, err);
	cd = find_day(c, fz_date_to_days(d));
	if (cd)
		return cd->kind == DAY_WORKDAY;
	return fz_date_weekday(d) <= 5;
}

int fz_cal_is_workday(const struct fz_cal *cal, struct fz_date d,
		      int *workday, struct fz_err *err)
{
	int w = day_is_work(snap(cal), d, err);
	if (w < 0)
		return w;
	*workday = w;
	return 0;
}

int fz_cal_add_workdays(const struct fz_cal *cal, struct fz_date start, int n,
			struct fz_date *out, struct fz_err *err)
{
	const struct cal_data *c = snap(cal);
	struct fz_date d = start;

	if (!fz_date_valid(start))
		return fz_err_set(err, FZ_EINVAL, "date", "起算日期无效");
	if (n < 0)
		return fz_err_set(err, FZ_EINVAL, "days", "期间天数不能为负数");
	/* The trigger day itself is not counted (民事诉讼法 Art. 85(2)). */
	for (int counted = 0; counted < n;) {
		int w;
		d = fz_date_add_days(d, 1);
		w = day_is_work(c, d, err);
		if (w < 0)
			return w;
		counted += w;
	}
	*out = d;
	return 0;
}

int fz_cal_count_workdays(const struct fz_cal *cal, struct fz_date from,
			  struct fz_date to, long *out, struct fz_err *err)
{
	const struct cal_data *c = snap(cal);
	long a, b, n = 0;
	int sign = 1;

	if (!fz_date_valid(from) || !fz_date_valid(to))
		return fz_err_set(err, FZ_EINVAL, "date", "日期无效");
	a = fz_date_to_days(from);
	b = fz_date_to_days(to);
	if (b < a) {
		long t = a;
		a = b;
		b = t;
		sign = -1;
	}
	for (long z = a + 1; z <= b; z++) {
		int w = day_is_work(c, fz_date_from_days(z), err);
		if (w < 0)
			return w;
		n += w;
	}
	*out = sign * n;
	return 0;
}

int fz_cal_next_workday(const struct fz_cal *cal, struct fz_date d,
			struct fz_date *out, struct fz_err *err)
{
	const struct cal_data *c = snap(cal);
	int w;

	if (!fz_date_valid(d))
		return fz_err_set(err, FZ_EINVAL, "date", "日期无效");
	/* Ends: a covered year has at least one working day after any rest
	 * run, or the walk leaves coverage and fails. */
	while ((w = day_is_work(c, d, err)) == 0)
		d = fz_date_add_days(d, 1);
	if (w < 0)
		return w;
	*out = d;
	return 0;
}

int fz_cal_add_natural_days_extended(const struct fz_cal *cal,
				     struct fz_date start, int n,
				     struct fz_date *out, struct fz_err *err)
{
	if (!fz_date_valid(start))
		return fz_err_set(err, FZ_EINVAL, "date", "起算日期无效");
	if (n < 0 || n > 366 * 100)
		return fz_err_set(err, FZ_EINVAL, "days", "期间天数超出范围");
	/* Raw last day = trigger + n (start day excluded, Art. 85(2)); a last
	 * day on a rest day moves to the first working day after (Art. 85(3)). */
	return fz_cal_next_workday(cal, fz_date_add_days(start, n), out, err);
}

int fz_cal_add_months_extended(const struct fz_cal *cal, struct fz_date start,
			       int n, struct fz_date *out, struct fz_err *err)
{
	if (!fz_date_valid(start))
		return fz_err_set(err, FZ_EINVAL, "date", "起算日期无效");
	if (n < 0 || n > 12 * 100)
		return fz_err_set(err, FZ_EINVAL, "months", "期间月数超出范围");
	return fz_cal_next_workday(cal, fz_date_add_months(start, n), out, err);
}
