/* cite.c - machine citations to the form people read (cite.h). */
#include "core/cite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sources whose short form is not a title.  The titles are those the
 * documents themselves carry (国务院令第310号, 2001; 公通字〔2008〕36号 and
 * 公通字〔2022〕12号 for the two 追诉标准). */
static const struct {
	const char *short_form;
	const char *title;
} known[] = {
	{ "国务院令第310号", "《行政执法机关移送涉嫌犯罪案件的规定》" },
	{ "追诉标准（一）", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》" },
	{ "追诉标准（二）", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》" },
	{ NULL, NULL },
};

static const char *const digit[] = { "零", "一", "二", "三", "四",
				     "五", "六", "七", "八", "九" };

char *fz_cite_number(long n, char out[32])
{
	long a = n / 1000, b = n / 100 % 10, c = n / 10 % 10, d = n % 10;
	struct fz_buf s = FZ_BUF_INIT;

	if (n < 1 || n > 9999) {
		snprintf(out, 32, "%ld", n);
		return out;
	}
	if (a)
		fz_buf_addf(&s, "%s千", digit[a]);
	if (b)
		fz_buf_addf(&s, "%s百", digit[b]);
	else if (a && (c || d))
		fz_buf_adds(&s, "零");
	if (c)
		fz_buf_addf(&s, "%s十", c == 1 && !a && !b ? "" : digit[c]);
	else if (b && d)
		fz_buf_adds(&s, "零");
	if (d)
		fz_buf_adds(&s, digit[d]);
	snprintf(out, 32, "%s", s.err ? "" : s.data);
	fz_buf_release(&s);
	return out;
}

static int has_prefix(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(e - p) >= n && !memcmp(p, s, n);
}

static int has_suffix(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(e - p) >= n && !memcmp(e - n, s, n);
}

static const char *find(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);
	for (; p + n <= e; p++)
		if (!memcmp(p, s, n))
			return p;
	return NULL;
}

static void trim(const char **p, const char **e)
{
	while (*p < *e && (**p == ' ' || **p == '\t'))
		(*p)++;
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

/* A national law's short title ends in 法 (行政处罚法, 民法典 ends in 典 and
 * is listed by suffix too); 办法 are rules, not laws. */
static int national_law(const char *p, const char *e)
{
	if (has_prefix(p, e, "中华人民共和国"))
		return 0;
	if (has_suffix(p, e, "民法典"))
		return 1;
	return has_suffix(p, e, "法") && !has_suffix(p, e, "办法");
}

static void add_source(struct fz_buf *out, const char *p, const char *e)
{
	trim(&p, &e);
	if (p == e)
		return;
	if (has_prefix(p, e, "《") || find(p, e, "〔")) {
		fz_buf_add(out, p, (size_t)(e - p));
		return;
	}
	for (int i = 0; known[i].short_form; i++)
		if ((size_t)(e - p) == strlen(known[i].short_form) &&
		    !memcmp(p, known[i].short_form, (size_t)(e - p))) {
			fz_buf_adds(out, known[i].title);
			return;
		}
	fz_buf_adds(out, national_law(p, e) ? "《中华人民共和国" : "《");
	fz_buf_add(out, p, (size_t)(e - p));
	fz_buf_adds(out, "》");
}

static long number(const char **pp, const char *e)
{
	const char *p = *pp;
	long n = 0;

	while (p < e && *p >= '0' && *p <= '9' && n < 100000)
		n = n * 10 + (*p++ - '0');
	if (p == *pp)
		return -1;
	*pp = p;
	return n;
}

/* "(1)" or "(一)": a paragraph or item number; txt and len get a Chinese
 * numeral item as written. */
static int paren(const char **pp, const char *e, long *n, const char **txt,
		 size_t *len)
{
	const char *p = *pp, *q;

	if (p >= e || *p != '(')
		return 0;
	q = memchr(p, ')', (size_t)(e - p));
	if (!q || q == p + 1 || q - p > 16)
		return 0;
	*txt = p + 1;
	*len = (size_t)(q - p - 1);
	p++;
	*n = number(&p, q);
	if (*n >= 0 && p != q)
		return 0;
	*pp = q + 1;
	return 1;
}

/* One REF at *pp: 第N条[之M|至第M条][第m款][第（k）项]. */
static int add_ref(struct fz_buf *out, const char **pp, const char *e)
{
	const char *p = *pp, *txt;
	char num[32];
	long n, m = -1, k;
	size_t len;

	n = number(&p, e);
	if (n < 1)
		return 0;
	if (p + 1 < e && *p == '-' && p[1] >= '0' && p[1] <= '9') {
		p++;
		m = number(&p, e);
	}
	fz_buf_addf(out, "第%s条", fz_cite_number(n, num));
	if (m > 0 && m < n)
		fz_buf_addf(out, "之%s", fz_cite_number(m, num));
	else if (m > n)
		fz_buf_addf(out, "至第%s条", fz_cite_number(m, num));
	/* "(1)" is a paragraph; "(一)" straight after the article is an item
	 * of an article without paragraphs (行政处罚法 Art. 64(一)). */
	if (paren(&p, e, &k, &txt, &len)) {
		if (k > 0)
			fz_buf_addf(out, "第%s款", fz_cite_number(k, num));
		else
			fz_buf_addf(out, "第（%.*s）项", (int)len, txt);
		if (k > 0 && paren(&p, e, &k, &txt, &len)) {
			if (k > 0)
				fz_buf_addf(out, "第（%s）项",
					    fz_cite_number(k, num));
			else
				fz_buf_addf(out, "第（%.*s）项", (int)len, txt);
		}
	}
	*pp = p;
	return 1;
}

/* After a REF: ", 85", ", Art. 85", "，Art. 85"?  *pp moves past the
 * separator when another REF follows. */
static int more_refs(const char **pp, const char *e)
{
	const char *p = *pp;

	if (has_prefix(p, e, ","))
		p++;
	else if (has_prefix(p, e, "，"))
		p += strlen("，");
	else
		return 0;
	while (p < e && *p == ' ')
		p++;
	if (has_prefix(p, e, "Art."))
		p += 4;
	while (p < e && *p == ' ')
		p++;
	if (p >= e || *p < '0' || *p > '9')
		return 0;
	*pp = p;
	return 1;
}

static void add_item(struct fz_buf *out, const char *p, const char *e);

/* SOURCE Art. REF, REF ... REST */
static void add_machine_item(struct fz_buf *out, const char *p,
			     const char *art, const char *e)
{
	const char *q = art + 4;

	add_source(out, p, art);
	while (q < e && *q == ' ')
		q++;
	if (!add_ref(out, &q, e)) {
		fz_buf_add(out, art, (size_t)(e - art));
		return;
	}
	while (more_refs(&q, e)) {
		fz_buf_adds(out, "、");
		add_ref(out, &q, e);
	}
	if (q < e)
		add_item(out, q, e);
}

/* "劳动争议调解仲裁法第十四条第三款": the title before 第…条 gets 《》. */
static int add_chinese_item(struct fz_buf *out, const char *p, const char *e)
{
	static const char *const cn[] = { "零", "〇", "一", "二", "三", "四",
		"五", "六", "七", "八", "九", "十", "百", "千", NULL };
	const char *di = find(p, e, "第"), *q, *s = p, *t;
	int any = 0;

	if (!di || di == p || find(p, di, "《") || find(p, di, "，"))
		return 0;
	q = di + strlen("第");
	for (int i = 0; cn[i];) {
		if (has_prefix(q, e, cn[i])) {
			q += strlen(cn[i]);
			any = 1;
			i = 0;
		} else {
			i++;
		}
	}
	if (!any || !has_prefix(q, e, "条"))
		return 0;
	t = di;
	trim(&s, &t);
	if (!national_law(s, t) && !has_suffix(s, t, "条例") &&
	    !has_suffix(s, t, "规定") && !has_suffix(s, t, "办法") &&
	    !has_suffix(s, t, "解释"))
		return 0;
	add_source(out, s, t);
	fz_buf_add(out, di, (size_t)(e - di));
	return 1;
}

static void add_item(struct fz_buf *out, const char *p, const char *e)
{
	const char *art = find(p, e, "Art.");

	if (art) {
		add_machine_item(out, p, art, e);
		return;
	}
	if (!add_chinese_item(out, p, e))
		fz_buf_add(out, p, (size_t)(e - p));
}

/* The next top-level "；" or ";" (not inside brackets), or e. */
static const char *item_end(const char *p, const char *e, size_t *sep)
{
	int depth = 0;

	for (; p < e; p++) {
		if (*p == '(' || has_prefix(p, e, "（"))
			depth++;
		else if ((*p == ')' || has_prefix(p, e, "）")) && depth > 0)
			depth--;
		else if (!depth && *p == ';') {
			*sep = 1;
			return p;
		} else if (!depth && has_prefix(p, e, "；")) {
			*sep = strlen("；");
			return p;
		}
	}
	*sep = 0;
	return e;
}

void fz_cite_text(struct fz_buf *out, const char *machine)
{
	const char *p = machine, *e, *q;
	size_t sep;

	if (!machine)
		return;
	e = p + strlen(p);
	while (p < e) {
		const char *s = p, *t;
		q = item_end(p, e, &sep);
		t = q;
		trim(&s, &t);
		add_item(out, s, t);
		if (!sep)
			break;
		fz_buf_adds(out, "；");
		p = q + sep;
	}
}

char *fz_cite_dup(const char *machine)
{
	struct fz_buf b = FZ_BUF_INIT;

	fz_cite_text(&b, machine);
	if (b.err) {
		fz_buf_release(&b);
		return NULL;
	}
	if (!b.alloc)
		return strdup("");
	return fz_buf_detach(&b, NULL);
}
