/* report_tpl.c - a report template's grammar (report_tpl.h). */
#include "domain/report/report_tpl.h"

#include <stdio.h>
#include <string.h>

#include "domain/report/report_fmt.h"

static int parse_slot(const char *s, size_t n, fz_report_kind_fn kind, void *karg,
		      struct fz_report_slot *sl, const char **why)
{
	const char *colon = memchr(s, ':', n);
	size_t mlen = colon ? (size_t)(colon - s) : n;
	int k;

	memset(sl, 0, sizeof(*sl));
	if (mlen == 0 || mlen >= sizeof(sl->metric) ||
	    (colon && (size_t)(s + n - colon - 1) >= sizeof(sl->style)))
		return (*why = "占位符过长或为空"), -1;
	memcpy(sl->metric, s, mlen);
	if (colon)
		memcpy(sl->style, colon + 1, (size_t)(s + n - colon - 1));
	if (memchr(sl->metric, '\0', mlen) || (colon && memchr(sl->style, '\0',
		   (size_t)(s + n - colon - 1))))
		return (*why = "占位符含有不可见字符"), -1;
	if (!colon && (!strcmp(sl->metric, "year") || !strcmp(sl->metric, "prev") ||
		       !strcmp(sl->metric, "next"))) {
		sl->word = sl->metric[0] == 'y' ? 1 : sl->metric[0] == 'p' ? 2 : 3;
		return 0;
	}
	if ((k = kind(karg, sl->metric)) < 0)
		return (*why = "指标不存在"), -1;
	if (!sl->style[0])
		snprintf(sl->style, sizeof(sl->style), "%s", k ? "pct" : "exact");
	if (!strcmp(sl->style, "yoy"))
		return 0;
	{
		int st = fz_report_style(sl->style);
		int rate = st == FZ_REPORT_PCT || st == FZ_REPORT_PCT2;
		if (st < 0)
			return (*why = "格式应为 exact、wan、yu、pct、pct2 或 yoy"), -1;
		if (rate != k)
			return (*why = "比率只能用 pct 或 pct2，件数和金额不能用"), -1;
	}
	return 0;
}

int fz_report_tpl_parts(const char *line, size_t len, fz_report_kind_fn kind,
			void *karg, fz_report_part_fn fn, void *arg,
			const char **why)
{
	size_t i = 0, start = 0;
	int rc;

	while (i < len) {
		const char *close;
		struct fz_report_slot sl;

		if (line[i] == '}')
			return (*why = "多余的 }"), -1;
		if (line[i] != '{') {
			i++;
			continue;
		}
		if (!(close = memchr(line + i, '}', len - i)))
			return (*why = "{ 没有对应的 }"), -1;
		if (parse_slot(line + i + 1, (size_t)(close - line - i - 1), kind, karg,
			       &sl, why))
			return -1;
		if (fn && i > start && (rc = fn(arg, line + start, i - start, NULL)))
			return rc;
		if (fn && (rc = fn(arg, NULL, 0, &sl)))
			return rc;
		i = start = (size_t)(close - line) + 1;
	}
	return fn && i > start ? fn(arg, line + start, i - start, NULL) : 0;
}

static const char *const directives[] = { "title", "organ", "publisher", "index",
					  "category" };
#define NDIRECTIVES (sizeof(directives) / sizeof(directives[0]))

/* The directive at body (after '@') of k bytes, or NULL. */
static const char *directive(const char *body, size_t k)
{
	for (size_t d = 0; d < NDIRECTIVES; d++)
		if (strlen(directives[d]) == k && !memcmp(body, directives[d], k))
			return directives[d];
	return NULL;
}

int fz_report_tpl_lines(const char *name, const char *text,
			fz_report_kind_fn kind, void *karg,
			fz_report_line_fn fn, void *arg, struct fz_err *err)
{
	int lineno = 0, rc;

	for (const char *p = text; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *why = NULL, *body = p, *key = NULL;
		char kindc = 'p';
		int level = 0;

		lineno++;
		while (len && (body[len - 1] == '\r' || body[len - 1] == ' '))
			len--;
		if (!len || body[0] == '#')
			goto next;
		if (body[0] == '@') {
			const char *sp = memchr(body, ' ', len);
			if (!sp || !(key = directive(body + 1, (size_t)(sp - body - 1)))) {
				why = "未知的 @ 项";
			} else {
				kindc = '@';
				len -= (size_t)(sp + 1 - body);
				body = sp + 1;
			}
		} else if (body[0] == '=') {
			level = len > 1 && body[1] == '=' ? 2 : 1;
			kindc = 'h';
			body += level;
			len -= (size_t)level;
			while (len && *body == ' ')
				body++, len--;
			if (!len)
				why = "标题为空";
		}
		if (!why && fz_report_tpl_parts(body, len, kind, karg, NULL, NULL, &why) == 0 &&
		    fn && (rc = fn(arg, kindc, level, key, body, len)))
			return rc;
		if (why)
			return fz_err_set(err, FZ_EINVAL, "template", "%s:%d: %s", name,
					  lineno, why);
next:
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}
