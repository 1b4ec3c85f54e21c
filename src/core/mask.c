/* mask.c - display masking of personal data and the free-text scrubber
 * (policy: crypto.md §6 "Recommended masking policy"; see mask.h). */
#include "core/mask.h"

#include <string.h>

#include "core/utf8.h"

/* Characters in s; an invalid byte counts as one (printed as '*'). */
static size_t char_count(const char *s, size_t len)
{
	size_t n = 0;
	uint32_t cp;
	for (size_t i = 0; i < len; n++) {
		size_t k = fz_utf8_next(s + i, len - i, &cp);
		i += k ? k : 1;
	}
	return n;
}

/* Output into a fixed buffer, stopping whole characters at the end. */
struct out {
	char *p;
	size_t sz, len;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (!o->sz || o->len + n + 1 > o->sz) {
		o->sz = o->len + 1; /* full: ignore what follows */
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

/* Append characters [from, to) of s to o. */
static void out_chars(struct out *o, const char *s, size_t len, size_t from,
		      size_t to)
{
	size_t i = 0, k = 0;
	uint32_t cp;
	while (i < len && k < to) {
		size_t n = fz_utf8_next(s + i, len - i, &cp);
		if (k >= from) {
			if (n)
				out_add(o, s + i, n);
			else
				out_add(o, "*", 1);
		}
		i += n ? n : 1;
		k++;
	}
}

static void out_stars(struct out *o, size_t n)
{
	while (n--)
		out_add(o, "*", 1);
}

/* Keep the first head and last tail characters, a star for each other
 * one; all stars when nothing would be hidden. */
static char *keep(const char *in, size_t head, size_t tail, char *out,
		  size_t outsz)
{
	struct out o = { out, outsz, 0 };
	size_t len = in ? strlen(in) : 0, n = char_count(in ? in : "", len);

	if (outsz)
		out[0] = '\0';
	if (n <= head + tail) {
		out_stars(&o, n);
		return out;
	}
	out_chars(&o, in, len, 0, head);
	out_stars(&o, n - head - tail);
	out_chars(&o, in, len, n - tail, n);
	return out;
}

char *fz_mask_id_staff(const char *id, char *out, size_t outsz)
{
	return keep(id, 6, 4, out, outsz);
}

char *fz_mask_id_public(const char *id, char *out, size_t outsz)
{
	return keep(id, 1, 1, out, outsz);
}

char *fz_mask_phone(const char *phone, char *out, size_t outsz)
{
	return keep(phone, 3, 4, out, outsz);
}

/* Common two-character (复姓) surnames. */
static const char *const compound_surnames[] = {
	"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
	"慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "澹台", "端木",
	"轩辕", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "闻人",
	"申屠", "太史", "濮阳", "钟离", "宗政", "赫连", "单于", "司空",
	"公冶", "拓跋", "东郭", "公羊", "第五", "左丘", "谷梁", "仲孙",
};

static size_t surname_chars(const char *name, size_t n)
{
	if (n < 3)
		return 1;
	for (size_t i = 0; i < sizeof(compound_surnames) /
				       sizeof(compound_surnames[0]); i++) {
		size_t l = strlen(compound_surnames[i]);
		if (!strncmp(name, compound_surnames[i], l))
			return 2;
	}
	return 1;
}

char *fz_mask_name(const char *name, char *out, size_t outsz)
{
	struct out o = { out, outsz, 0 };
	size_t len = name ? strlen(name) : 0, n, s;

	if (outsz)
		out[0] = '\0';
	n = char_count(name ? name : "", len);
	if (n == 0)
		return out;
	if (n == 1) {
		out_add(&o, "*", 1);
		return out;
	}
	s = surname_chars(name, n);
	out_chars(&o, name, len, 0, s);
	out_add(&o, "*", 1);
	if (n - s >= 2)
		out_chars(&o, name, len, n - 1, n);
	return out;
}

/* --- free-text scrubber --- */

static int dig(const char *in, size_t len, size_t i)
{
	return i < len && in[i] >= '0' && in[i] <= '9';
}

static int sep(const char *in, size_t len, size_t i)
{
	return i < len && (in[i] == ' ' || in[i] == '-');
}

static int mobile_at(const char *in, size_t i)
{
	return in[i] == '1' && in[i + 1] >= '3' && in[i + 1] <= '9';
}

/* Length of the group pattern (e.g. {3,4,4}) at i, digits separated by
 * single spaces or hyphens and not followed by a digit; the last group may
 * end in X/x when allow_x.  0 when it does not match. */
static size_t groups_at(const char *in, size_t len, size_t i,
			const int *g, int ng, int allow_x)
{
	size_t p = i;
	for (int k = 0; k < ng; k++) {
		if (k > 0) {
			if (!sep(in, len, p))
				return 0;
			p++;
		}
		for (int d = 0; d < g[k]; d++, p++) {
			int last = k == ng - 1 && d == g[k] - 1;
			if (!dig(in, len, p) &&
			    !(last && allow_x && p < len &&
			      (in[p] == 'X' || in[p] == 'x')))
				return 0;
		}
	}
	return dig(in, len, p) ? 0 : p - i;
}

/* Append in[i, i + n) keeping the first `head` and last `tail` digits (or
 * X) and starring the others; separators are copied. */
static void emit_masked(const char *in, size_t i, size_t n, size_t head,
			size_t tail, struct fz_buf *out)
{
	size_t total = 0, k = 0;
	for (size_t p = i; p < i + n; p++)
		total += in[p] != ' ' && in[p] != '-';
	for (size_t p = i; p < i + n; p++) {
		if (in[p] == ' ' || in[p] == '-') {
			fz_buf_addch(out, in[p]);
			continue;
		}
		fz_buf_addch(out, k < head || k >= total - tail ? in[p] : '*');
		k++;
	}
}

/* Mask the digit run starting at i (i is at a run start); returns the
 * number of bytes consumed. */
static size_t mask_run(const char *in, size_t len, size_t i,
		       struct fz_buf *out)
{
	static const int phone_g[3] = { 3, 4, 4 }, id_g[3] = { 6, 8, 4 };
	size_t n, j = i;

	if ((n = groups_at(in, len, i, id_g, 3, 1)) != 0) {
		emit_masked(in, i, n, 6, 4, out);
		return n;
	}
	if ((n = groups_at(in, len, i, phone_g, 3, 0)) != 0 &&
	    mobile_at(in, i)) {
		emit_masked(in, i, n, 3, 4, out);
		return n;
	}
	while (dig(in, len, j))
		j++;
	n = j - i;
	if (n >= 14 && j < len && (in[j] == 'X' || in[j] == 'x'))
		n++;
	if (n >= 15)
		emit_masked(in, i, n, 6, 4, out);
	else if (n == 11 && mobile_at(in, i))
		emit_masked(in, i, n, 3, 4, out);
	else if (n == 12 && in[i] == '0' && mobile_at(in, i + 1))
		emit_masked(in, i, n, 4, 4, out); /* dialled with a trunk 0 */
	else if (n == 13 && in[i] == '8' && in[i + 1] == '6' &&
		 mobile_at(in, i + 2))
		emit_masked(in, i, n, 5, 4, out);
	else
		fz_buf_add(out, in + i, n);
	return n;
}

void fz_mask_text(const char *in, size_t len, struct fz_buf *out)
{
	size_t i = 0, start = 0;

	while (i < len) {
		if (dig(in, len, i) && !(i > 0 && dig(in, len, i - 1))) {
			fz_buf_add(out, in + start, i - start);
			i += mask_run(in, len, i, out);
			start = i;
		} else {
			i++;
		}
	}
	fz_buf_add(out, in + start, i - start);
}
