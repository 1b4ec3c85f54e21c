/* money.c - integer 分 amounts: parse, format, 大写金额 (see money.h). */
#include "core/money.h"

#include <string.h>

static int bad(struct fz_err *err, const char *msg)
{
	return fz_err_set(err, FZ_EINVAL, "amount", "%s", msg);
}

/* Integer part: digits, optionally grouped "1,234,567". Returns the
 * number of characters used, or -1. */
static int parse_int_part(const char *s, size_t len, int64_t *yuan)
{
	int64_t v = 0;
	size_t i = 0, group = 0;
	int commas = 0;

	for (; i < len; i++) {
		if (s[i] == ',') {
			/* first group 1-3 digits, later groups exactly 3 */
			if ((commas == 0 && (group == 0 || group > 3)) ||
			    (commas > 0 && group != 3))
				return -1;
			commas++;
			group = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			break;
		if (v > FZ_MONEY_MAX / 100) /* stops growth long before overflow */
			return -1;
		v = v * 10 + (s[i] - '0');
		group++;
	}
	if (group == 0 || (commas > 0 && group != 3))
		return -1;
	*yuan = v;
	return (int)i;
}

int fz_money_parse(int64_t *out, const char *s, int flags,
		   struct fz_err *err)
{
	size_t len;
	int neg = 0, n;
	int64_t yuan, frac = 0, v;

	if (!s)
		return bad(err, "金额不能为空");
	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	if (len == 0)
		return bad(err, "金额不能为空");
	if (*s == '-') {
		if (!(flags & FZ_MONEY_NEGATIVE))
			return bad(err, "金额不能为负数");
		neg = 1;
		s++;
		len--;
	}
	if (len > 64)
		return bad(err, "金额超出上限");
	n = parse_int_part(s, len, &yuan);
	if (n < 0)
		return bad(err, "金额格式不正确，应如 1234.50");
	s += n;
	len -= (size_t)n;
	if (len > 0) {
		if (*s != '.' || len < 2)
			return bad(err, "金额格式不正确，应如 1234.50");
		if (len > 3)
			return bad(err, "金额最多保留两位小数（到分）");
		for (size_t i = 1; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return bad(err, "金额格式不正确，应如 1234.50");
			frac = frac * 10 + (s[i] - '0');
		}
		if (len == 2)
			frac *= 10; /* "0.5" is 5 角 */
	}
	if (yuan > FZ_MONEY_MAX / 100)
		return bad(err, "金额超出上限");
	v = yuan * 100 + frac;
	if (v > FZ_MONEY_MAX)
		return bad(err, "金额超出上限");
	*out = neg ? -v : v;
	return 0;
}

char *fz_money_format(int64_t cents, char out[FZ_MONEY_STRLEN])
{
	/* Work in unsigned so INT64_MIN has a magnitude. */
	uint64_t u = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	char tmp[FZ_MONEY_STRLEN];
	size_t i = sizeof(tmp), o = 0;
	int nd = 0;

	tmp[--i] = '\0';
	tmp[--i] = (char)('0' + u % 10);
	u /= 10;
	tmp[--i] = (char)('0' + u % 10);
	u /= 10;
	tmp[--i] = '.';
	do {
		if (nd && nd % 3 == 0)
			tmp[--i] = ',';
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
		nd++;
	} while (u);
	if (cents < 0)
		out[o++] = '-';
	memcpy(out + o, tmp + i, sizeof(tmp) - i);
	return out;
}

/* 大写 digits and units, 《正确填写票据和结算凭证的基本规定》 rule 1 (annex to
 * 支付结算办法, 银发〔1997〕393号). */
static const char *const cn_digit[10] = {
	"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};
static const char *const cn_unit[4] = { "", "拾", "佰", "仟" };
static const char *const cn_group[3] = { "", "万", "亿" };

struct out {
	char *p;
	size_t sz, len;
	int overflow;
};

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->overflow || o->len + n + 1 > o->sz) {
		o->overflow = 1;
		return;
	}
	memcpy(o->p + o->len, s, n + 1);
	o->len += n;
}

/* The yuan part, yuan > 0 and < 10^12 (three 4-digit groups). */
static void put_yuan(struct out *o, int64_t yuan)
{
	int dig[12], n = 0, zero_pending = 0, written = 0, group_nz = 0;

	for (int64_t v = yuan; v; v /= 10)
		dig[n++] = (int)(v % 10);
	for (int pos = n - 1; pos >= 0; pos--) {
		if (dig[pos]) {
			/* Rule 4a/4b: one 零 for a run of zeros between digits;
			 * canonical policy: also across the 万/亿 boundary. */
			if (zero_pending)
				put(o, cn_digit[0]);
			put(o, cn_digit[dig[pos]]);
			put(o, cn_unit[pos % 4]);
			zero_pending = 0;
			written = group_nz = 1;
		} else if (written) {
			zero_pending = 1;
		}
		if (pos % 4 == 0) {
			if (group_nz)
				put(o, cn_group[pos / 4]);
			group_nz = 0;
		}
	}
}

int fz_money_daxie(int64_t cents, char *out, size_t outsz,
		   struct fz_err *err)
{
	struct out o = { out, outsz, 0, 0 };
	int64_t yuan = cents / 100;
	int jiao = (int)(cents / 10 % 10), fen = (int)(cents % 10);

	if (outsz)
		out[0] = '\0';
	if (cents < 0)
		return bad(err, "大写金额不能为负数");
	if (cents > FZ_MONEY_MAX)
		return bad(err, "金额超出上限");
	put(&o, "人民币"); /* rule 3: directly before the amount */
	if (cents == 0) {
		put(&o, "零元整");
	} else {
		if (yuan) {
			put_yuan(&o, yuan);
			put(&o, "元");
		}
		if (jiao) {
			/* Rule 4c allows 元零角; canonically we omit it. */
			put(&o, cn_digit[jiao]);
			put(&o, "角");
		} else if (fen && yuan) {
			put(&o, "零"); /* rule 4d: mandatory */
		}
		if (fen) {
			put(&o, cn_digit[fen]);
			put(&o, "分");
		}
		if (!jiao && !fen)
			put(&o, "整"); /* rule 2 */
	}
	if (o.overflow) {
		if (outsz)
			out[0] = '\0';
		return fz_err_set(err, FZ_EINVAL, NULL, "大写金额缓冲区不足");
	}
	return 0;
}
