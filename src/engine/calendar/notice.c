/* notice.c - read a State Council holiday notice into days (see notice.h).
 *
 * The text is first normalised (full-width digits and punctuation to ASCII,
 * spaces dropped), then read line by line: the title gives the year, each
 * numbered item ("一、元旦：") its festival name, and the item's clauses -
 * split at "，" "。" "；" outside brackets - give the days. */
#include "engine/calendar/notice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

enum { MAX_RANGE = 31 }; /* no break the notices set is longer */

struct pdate {
	int y, m, d;              /* 0 = not written */
	const char *note;         /* the bracketed note after it, or NULL */
	size_t note_len;
};

struct nday {
	struct fz_notice_day day;
	int line;
};

struct ctx {
	int year, line;
	char name[FZ_NOTICE_LABEL - 8]; /* the item's festival ("调休" fits) */
	int range_len;            /* days of the item's last 放假 range, 0 none */
	struct nday *days;
	size_t n, alloc;
	struct fz_err *err;
};

static int fail(struct ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct ctx *x, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fz_utf8_trim(msg);
	return fz_err_set(x->err, FZ_EINVAL, "text", "第%d行：%s", x->line, msg);
}

/* --- normalising --- */

/* Full-width forms as the notices print them, and their ASCII twins. */
static int ascii_of(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return '0' + (int)(cp - 0xFF10);
	switch (cp) {
	case 0xFF08: return '(';
	case 0xFF09: return ')';
	case 0xFF1A: return ':';
	case 0xFF0C: return ',';
	case 0x3002: case 0xFF0E: return '.';
	case 0xFF1B: return ';';
	case 0x3000: case ' ': case '\t': case '\r': return 0; /* dropped */
	}
	return -1;
}

/* A normalised copy of text (never longer), or NULL when out of memory. */
static char *normalise(const char *text, size_t n)
{
	char *out = malloc(n + 1), *w = out;
	size_t i = 0;

	if (!out)
		return NULL;
	while (i < n) {
		uint32_t cp;
		size_t k = fz_utf8_next(text + i, n - i, &cp);
		int a = ascii_of(cp);
		if (a > 0)
			*w++ = (char)a;
		else if (a < 0) {
			memcpy(w, text + i, k);
			w += k;
		}
		i += k;
	}
	*w = '\0';
	return out;
}

/* --- a cursor over one clause --- */

struct cur {
	const char *p, *e;
};

static int lit(struct cur *c, const char *s)
{
	size_t n = strlen(s);
	if ((size_t)(c->e - c->p) < n || memcmp(c->p, s, n))
		return 0;
	c->p += n;
	return 1;
}

/* Up to max decimal digits into *v; returns how many were read. */
static int num(struct cur *c, int max, int *v)
{
	int k = 0;
	*v = 0;
	while (c->p < c->e && k < max && *c->p >= '0' && *c->p <= '9') {
		*v = *v * 10 + (*c->p++ - '0');
		k++;
	}
	return k;
}

static const char *find(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);
	for (; p + n <= e; p++)
		if (!memcmp(p, s, n))
			return p;
	return NULL;
}

/* "[YYYY年][M月]D日" and an optional "(note)"; 0 when none is there. */
static int read_date(struct cur *c, struct pdate *out)
{
	const char *save = c->p;
	int v;

	memset(out, 0, sizeof(*out));
	if (!num(c, 4, &v))
		goto none;
	if (lit(c, "年")) {
		out->y = v;
		if (!num(c, 2, &v))
			goto none;
	}
	if (lit(c, "月")) {
		out->m = v;
		if (!num(c, 2, &v))
			goto none;
	}
	if (!lit(c, "日"))
		goto none;
	out->d = v;
	if (lit(c, "(")) {
		const char *close = find(c->p, c->e, ")");
		if (!close)
			goto none;
		out->note = c->p;
		out->note_len = (size_t)(close - c->p);
		c->p = close + 1;
	}
	return 1;
none:
	c->p = save;
	return 0;
}

static const char *const wd_names[] = { "一", "二", "三", "四", "五", "六",
					"日" };

/* The weekday a note names ("周日", "星期六", "农历正月初七、周一"), 1-7, or
 * 0 when it names none. */
static int note_weekday(const struct pdate *pd)
{
	const char *e;

	if (!pd->note)
		return 0;
	e = pd->note + pd->note_len;
	for (const char *p = pd->note; p < e; p++) {
		struct cur c = { p, e };
		if (!lit(&c, "周") && !lit(&c, "星期"))
			continue;
		for (int i = 0; i < 7; i++)
			if (lit(&c, wd_names[i]))
				return i + 1;
		if (lit(&c, "天"))
			return 7;
	}
	return 0;
}

/* Complete pd with the defaults (the notice's year, the range start's
 * month), check it exists and agrees with its weekday note. */
static int resolve(struct ctx *x, const struct pdate *pd, int y, int m,
		   struct fz_date *out)
{
	char buf[FZ_DATE_STRLEN];
	int wd;

	out->y = pd->y ? pd->y : y;
	out->m = pd->m ? pd->m : m;
	out->d = pd->d;
	if (!out->m)
		return fail(x, "日期缺少月份");
	if (!fz_date_valid(*out) || out->y < x->year - 1 ||
	    out->y > x->year + 1)
		return fail(x, "日期 %d年%d月%d日 无效或不在%d年前后", out->y,
			    out->m, out->d, x->year);
	wd = note_weekday(pd);
	if (wd && wd != fz_date_weekday(*out))
		return fail(x, "%s 是星期%s，与括注“%.*s”不符",
			    fz_date_format(*out, buf),
			    wd_names[fz_date_weekday(*out) - 1],
			    (int)pd->note_len, pd->note);
	return 0;
}

static int add(struct ctx *x, struct fz_date d, int holiday)
{
	struct nday *nd;

	if (x->n == x->alloc) {
		size_t n = x->alloc ? x->alloc * 2 : 64;
		struct nday *p = realloc(x->days, n * sizeof(*p));
		if (!p)
			return fz_err_set(x->err, FZ_ENOMEM, NULL, NULL);
		x->days = p;
		x->alloc = n;
	}
	nd = &x->days[x->n++];
	nd->day.date = d;
	nd->day.holiday = holiday;
	snprintf(nd->day.label, sizeof(nd->day.label), "%s%s", x->name,
		 holiday ? "" : "调休");
	nd->line = x->line;
	return 0;
}

/* --- clauses --- */

/* "D1[(note)][至D2[(note)]]放假[调休][N天]" */
static int holiday_clause(struct ctx *x, struct cur c, const char *at)
{
	struct cur d = { c.p, at }, r = { at + strlen("放假"), c.e };
	struct pdate a, b;
	struct fz_date from, to;
	int rc, n, stated = 0;
	long len;

	if (!read_date(&d, &a))
		return fail(x, "无法识别“%s”的放假日期", x->name);
	b = a;
	if (lit(&d, "至") && !read_date(&d, &b))
		return fail(x, "无法识别“%s”放假的结束日期", x->name);
	if (d.p != d.e)
		return fail(x, "无法识别“%s”的放假日期", x->name);
	if ((rc = resolve(x, &a, x->year, 0, &from)) ||
	    (rc = resolve(x, &b, b.y ? b.y : from.y, from.m, &to)))
		return rc;
	len = fz_date_to_days(to) - fz_date_to_days(from) + 1;
	if (len < 1 || len > MAX_RANGE)
		return fail(x, "“%s”的放假结束日期早于开始日期或跨度过长", x->name);
	lit(&r, "调休");
	if (num(&r, 3, &n) && lit(&r, "天"))
		stated = n;
	if (stated && stated != len)
		return fail(x, "“%s”放假日期共%ld天，与通知所写“%d天”不符",
			    x->name, len, stated);
	for (long k = 0; k < len; k++)
		if ((rc = add(x, fz_date_add_days(from, k), 1)))
			return rc;
	x->range_len = (int)len;
	return 0;
}

/* "共N天" after a range: the stated length must match it. */
static int count_clause(struct ctx *x, int stated)
{
	if (!x->range_len)
		return fail(x, "“共%d天”前没有放假日期", stated);
	if (stated != x->range_len)
		return fail(x, "“%s”放假日期共%d天，与通知所写“共%d天”不符",
			    x->name, x->range_len, stated);
	return 0;
}

/* "D1[(note)]、D2[(note)]…上班": make-up workdays, each a weekend day. */
static int workday_clause(struct ctx *x, struct cur c, const char *at)
{
	struct cur d = { c.p, at };
	char buf[FZ_DATE_STRLEN];

	do {
		struct pdate pd;
		struct fz_date day;
		int rc;
		if (!read_date(&d, &pd))
			return fail(x, "无法识别“%s”的调休上班日期", x->name);
		if ((rc = resolve(x, &pd, x->year, 0, &day)))
			return rc;
		if (fz_date_weekday(day) < 6)
			return fail(x, "调休上班日 %s 不是周六或周日",
				    fz_date_format(day, buf));
		if ((rc = add(x, day, 0)))
			return rc;
	} while (lit(&d, "、") || lit(&d, "和"));
	if (d.p != d.e)
		return fail(x, "无法识别“%s”的调休上班日期", x->name);
	return 0;
}

static int clause(struct ctx *x, struct cur c)
{
	const char *at;
	struct cur k = c;
	int n;

	if ((at = find(c.p, c.e, "放假")))
		return holiday_clause(x, c, at);
	if ((at = find(c.p, c.e, "上班")))
		return workday_clause(x, c, at);
	if (lit(&k, "共") && num(&k, 3, &n) && lit(&k, "天") && k.p == k.e)
		return count_clause(x, n);
	return 0; /* "与周末连休", "不调休", advice: nothing to count */
}

/* The item body after "名称：", split into clauses outside brackets. */
static int body(struct ctx *x, const char *p, const char *e)
{
	const char *start = p;
	int depth = 0;

	for (; p <= e; p++) {
		int rc;
		if (p < e && *p == '(')
			depth++;
		else if (p < e && *p == ')' && depth)
			depth--;
		if (p < e && (depth || (*p != ',' && *p != '.' && *p != ';')))
			continue;
		if (p > start &&
		    (rc = clause(x, (struct cur){ start, p })))
			return rc;
		start = p + 1;
	}
	return 0;
}

static const char *const numerals[] = { "一", "二", "三", "四", "五", "六",
					"七", "八", "九", "十" };

/* "一、" … "十二、" at the start of a line: returns the position after it. */
static const char *item_start(const char *p, const char *e)
{
	struct cur c = { p, e };
	int k = 0;

	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < 10; i++)
			if (lit(&c, numerals[i])) {
				again = 1;
				k++;
				break;
			}
	}
	return k && lit(&c, "、") ? c.p : NULL;
}

static int item(struct ctx *x, const char *p, const char *e)
{
	const char *colon = find(p, e, ":");
	size_t n;

	if (!colon)
		return fail(x, "条目未写明节日名称（应为“一、元旦：…”）");
	n = (size_t)(colon - p);
	if (n == 0 || n >= sizeof(x->name) || memchr(p, '(', n))
		return fail(x, "节日名称无效");
	memcpy(x->name, p, n);
	x->name[n] = '\0';
	x->range_len = 0;
	return body(x, colon + 1, e);
}

/* --- the title --- */

/* The year of "关于YYYY年部分节假日安排的通知" and the title line into out. */
static int title(struct fz_notice *out, const char *t, struct fz_err *err)
{
	static const char tail[] = "年部分节假日安排的通知";
	const char *hit = strstr(t, tail), *start, *end;
	struct cur c;

	if (!hit || hit - t < 4 + 6 ||
	    memcmp(hit - 4 - strlen("关于"), "关于", strlen("关于")))
		goto bad;
	c = (struct cur){ hit - 4, hit };
	if (num(&c, 4, &out->year) != 4 || out->year < 2000 ||
	    out->year > 2999)
		goto bad;
	end = hit + strlen(tail);
	for (start = hit; start > t && start[-1] != '\n'; start--)
		;
	if ((size_t)(end - start) >= sizeof(out->title))
		start = hit - 4 - strlen("关于");
	snprintf(out->title, sizeof(out->title), "%.*s", (int)(end - start),
		 start);
	return 0;
bad:
	return fz_err_set(err, FZ_EINVAL, "text",
			  "未找到通知标题（应含“关于YYYY年部分节假日安排的通知”）");
}

/* --- the whole notice --- */

static int cmp_nday(const void *a, const void *b)
{
	const struct nday *x = a, *y = b;
	int c = fz_date_cmp(x->day.date, y->day.date);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int lines(struct ctx *x, const char *t)
{
	for (const char *p = t; *p; x->line++) {
		const char *e = strchr(p, '\n'), *body_at;
		int rc;
		if (!e)
			e = p + strlen(p);
		if ((body_at = item_start(p, e)) && (rc = item(x, body_at, e)))
			return rc;
		p = *e ? e + 1 : e;
	}
	return 0;
}

static int finish(struct ctx *x, struct fz_notice *out)
{
	char buf[FZ_DATE_STRLEN];

	if (!x->n)
		return fz_err_set(x->err, FZ_EINVAL, "text",
				  "未找到放假安排（应为“一、元旦：1月1日放假，共1天。”"
				  "这样的条目）");
	qsort(x->days, x->n, sizeof(*x->days), cmp_nday);
	for (size_t i = 1; i < x->n; i++)
		if (!fz_date_cmp(x->days[i].day.date, x->days[i - 1].day.date)) {
			x->line = x->days[i].line;
			return fail(x, "日期 %s 重复出现",
				    fz_date_format(x->days[i].day.date, buf));
		}
	out->days = malloc(x->n * sizeof(*out->days));
	if (!out->days)
		return fz_err_set(x->err, FZ_ENOMEM, NULL, NULL);
	for (size_t i = 0; i < x->n; i++)
		out->days[i] = x->days[i].day;
	out->n = x->n;
	return 0;
}

int fz_notice_parse(struct fz_notice *out, const char *text,
		    struct fz_err *err)
{
	struct ctx x = { .line = 1, .err = err };
	size_t n = text ? strlen(text) : 0;
	char *t = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!n)
		return fz_err_set(err, FZ_EINVAL, "text", "通知文本为空");
	if (n > FZ_NOTICE_MAX)
		return fz_err_set(err, FZ_EINVAL, "text", "通知文本过长（最多 %d 字节）",
				  FZ_NOTICE_MAX);
	if (!fz_utf8_valid(text, n))
		return fz_err_set(err, FZ_EINVAL, "text", "通知文本不是有效的 UTF-8");
	if (!(t = normalise(text, n)))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = title(out, t, err);
	x.year = out->year;
	if (!rc)
		rc = lines(&x, t);
	if (!rc)
		rc = finish(&x, out);
	free(x.days);
	free(t);
	if (rc)
		fz_notice_release(out);
	return rc;
}

void fz_notice_release(struct fz_notice *n)
{
	free(n->days);
	memset(n, 0, sizeof(*n));
}

void fz_notice_format(const struct fz_notice *n, struct fz_buf *out)
{
	char buf[FZ_DATE_STRLEN];

	for (size_t i = 0; i < n->n; i++)
		fz_buf_addf(out, "%s %s %s\n",
			    fz_date_format(n->days[i].date, buf),
			    n->days[i].holiday ? "holiday" : "workday",
			    n->days[i].label);
}
