/* tok.c - the fazhi CJK tokenizer: Han bigrams, folded Latin words,
 * normalised article references (rules in tok.h and docs/lawsearch.md). */
#include "engine/search/tok.h"

#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

/* One decoded character: code point after folding, bytes [s, e) in text. */
struct ch {
	uint32_t cp;
	int s, e;
};

/* Tokenizer state.  A Han run keeps its previous character so each new
 * character closes a bigram; the run's last character waits in `tail`
 * until we know whether anything follows it (see tok.h, for_query). */
struct tk {
	const unsigned char *t;
	int len;
	int for_query;
	fz_tok_emit emit;
	void *ctx;
	int rc;             /* first non-zero emit() result */
	struct ch prev;     /* previous Han character of the current run */
	int run;            /* Han characters in the current run */
	struct ch tail;     /* pending trailing character of the last run */
	int tail_run;       /* length of that run, 0 when nothing pending */
};

/* Full-width ASCII forms U+FF01..U+FF5E sit 0xFEE0 above their ASCII
 * twins; U+3000 is the ideographic space. */
static uint32_t fold(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	if (cp == 0x3000)
		return ' ';
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	return cp;
}

static int is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK Unified Ideographs */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Extension A */
	       (cp >= 0x20000 && cp <= 0x323AF) || /* Extensions B..H */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* Compatibility Ideographs */
	       cp == 0x3007;                       /* 〇, as in 二〇二三年 */
}

/* Characters that separate tokens: ASCII punctuation and controls, Latin-1
 * symbols, the general punctuation, symbol, arrow, box and enclosed-number
 * blocks, CJK punctuation, CJK compatibility and small forms, the rest of
 * the half/full-width block, private use, specials and emoji.  Everything
 * else that is not Han (Latin, Greek, Cyrillic, kana, hangul...) is part of
 * a word. */
static int is_sep(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			 (cp >= '0' && cp <= '9'));
	return cp == FZ_UTF8_BAD || cp <= 0xBF || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x2000 && cp <= 0x2BFF) ||
	       (cp >= 0x2E00 && cp <= 0x2E7F) ||
	       (cp >= 0x3000 && cp <= 0x303F && cp != 0x3007) ||
	       cp == 0x30FB ||
	       (cp >= 0xFE10 && cp <= 0xFE1F) ||
	       (cp >= 0xFE30 && cp <= 0xFE6F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0xE000 && cp <= 0xF8FF) ||
	       (cp >= 0xFFF0 && cp <= 0xFFFF) ||
	       (cp >= 0x1F000 && cp <= 0x1FAFF);
}

static void next_ch(const struct tk *k, int i, struct ch *c)
{
	uint32_t cp;
	int n = (int)fz_utf8_step(k->t + i, (size_t)(k->len - i), &cp);

	c->cp = cp == FZ_UTF8_BAD ? cp : fold(cp);
	c->s = i;
	c->e = i + n;
}

static void out(struct tk *k, const unsigned char *tok, int n, int s, int e)
{
	if (!k->rc)
		k->rc = k->emit(k->ctx, (const char *)tok, n, s, e);
}

/* Emit the pending trailing character of the previous Han run: something
 * follows it, so a query must ask for it too. */
static void flush_tail(struct tk *k)
{
	unsigned char b[4];

	if (!k->tail_run)
		return;
	k->tail_run = 0;
	out(k, b, (int)fz_utf8_put(b, k->tail.cp), k->tail.s, k->tail.e);
}

static void emit_token(struct tk *k, const unsigned char *tok, int n, int s,
		       int e)
{
	flush_tail(k);
	out(k, tok, n, s, e);
}

static void han(struct tk *k, const struct ch *c)
{
	unsigned char b[8];
	int n;

	if (k->run) {
		n = (int)fz_utf8_put(b, k->prev.cp);
		n += (int)fz_utf8_put(b + n, c->cp);
		emit_token(k, b, n, k->prev.s, c->e);
	} else {
		flush_tail(k);
	}
	k->prev = *c;
	k->run++;
}

static void end_run(struct tk *k)
{
	if (!k->run)
		return;
	k->tail = k->prev;
	k->tail_run = k->run;
	k->run = 0;
}

/* Chinese numeral characters and digits that may stand in 第X条. */
static int is_numeral(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return 1;
	switch (cp) {
	case 0x3007: /* 〇 */
	case 0x96F6: /* 零 */
	case 0x4E00: /* 一 */
	case 0x4E8C: /* 二 */
	case 0x4E24: /* 两 */
	case 0x4E09: /* 三 */
	case 0x56DB: /* 四 */
	case 0x4E94: /* 五 */
	case 0x516D: /* 六 */
	case 0x4E03: /* 七 */
	case 0x516B: /* 八 */
	case 0x4E5D: /* 九 */
	case 0x5341: /* 十 */
	case 0x767E: /* 百 */
	case 0x5343: /* 千 */
	case 0x4E07: /* 万 */
		return 1;
	}
	return 0;
}

/* Units that follow 第X in a citation: 条 款 项 章 节 编. */
static int is_unit(uint32_t cp)
{
	return cp == 0x6761 || cp == 0x6B3E || cp == 0x9879 ||
	       cp == 0x7AE0 || cp == 0x8282 || cp == 0x7F16;
}

#define CP_DI 0x7B2C  /* 第 */
#define CP_TIAO 0x6761 /* 条 */
#define CP_ZHI 0x4E4B /* 之 */

/* Write v (0 <= v <= 99999999) in ASCII digits; returns the length. */
static int put_num(unsigned char *o, long v)
{
	char d[12];
	int n = 0, m = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < (int)sizeof(d));
	while (n)
		o[m++] = (unsigned char)d[--n];
	return m;
}

/* Read a numeral at t[i] into digits (folded ASCII or Chinese, as UTF-8)
 * and parse it.  Returns the end offset, or -1 if none. */
static int numeral_at(const struct tk *k, int i, long *val)
{
	unsigned char b[48];
	int n = 0, j = i;
	struct ch c;

	while (j < k->len) {
		next_ch(k, j, &c);
		if (!is_numeral(c.cp) || n + 4 > (int)sizeof(b))
			break;
		n += (int)fz_utf8_put(b + n, c.cp);
		j = c.e;
	}
	if (j == i || fz_search_parse_number((const char *)b, (size_t)n, val))
		return -1;
	return j;
}

/* Try 第<numeral><unit>[之<numeral>] at t[i] (which holds 第).  On a match
 * emit the normalised token and return the end offset; else return -1. */
static int article_ref(struct tk *k, int i, int after_di)
{
	unsigned char b[FZ_SEARCH_TOK_MAX];
	long num, sub = -1;
	int j, n;
	struct ch unit, c;

	j = numeral_at(k, after_di, &num);
	if (j < 0 || j >= k->len)
		return -1;
	next_ch(k, j, &unit);
	if (!is_unit(unit.cp))
		return -1;
	j = unit.e;
	if (unit.cp == CP_TIAO && j < k->len) {
		next_ch(k, j, &c);
		if (c.cp == CP_ZHI) {
			int e = numeral_at(k, c.e, &sub);
			if (e >= 0)
				j = e;
			else
				sub = -1;
		}
	}
	n = (int)fz_utf8_put(b, CP_DI);
	n += put_num(b + n, num);
	n += (int)fz_utf8_put(b + n, unit.cp);
	if (sub >= 0) {
		n += (int)fz_utf8_put(b + n, CP_ZHI);
		n += put_num(b + n, sub);
	}
	end_run(k);
	emit_token(k, b, n, i, j);
	return j;
}

/* A word: letters, digits and other non-Han, non-separator characters,
 * folded and lower-cased; cut at FZ_SEARCH_TOK_MAX bytes (whole
 * characters only).  Returns the offset after it. */
static int word(struct tk *k, int i)
{
	unsigned char b[FZ_SEARCH_TOK_MAX], u[4];
	int n = 0, s = i, l, full = 0;
	struct ch c;

	while (i < k->len) {
		next_ch(k, i, &c);
		if (is_sep(c.cp) || is_han(c.cp))
			break;
		l = (int)fz_utf8_put(u, c.cp);
		full = full || n + l > (int)sizeof(b);
		if (!full) {
			memcpy(b + n, u, (size_t)l);
			n += l;
		}
		i = c.e;
	}
	emit_token(k, b, n, s, i);
	return i;
}

int fz_search_tokenize(const char *text, int len, int for_query,
		       fz_tok_emit emit, void *ctx)
{
	struct tk k;
	struct ch c;
	int i = 0, j;

	memset(&k, 0, sizeof(k));
	k.t = (const unsigned char *)text;
	k.len = text && len > 0 ? len : 0;
	k.for_query = for_query;
	k.emit = emit;
	k.ctx = ctx;
	while (i < k.len && !k.rc) {
		next_ch(&k, i, &c);
		if (c.cp == CP_DI && (j = article_ref(&k, i, c.e)) >= 0) {
			i = j;
			continue;
		}
		if (is_han(c.cp)) {
			han(&k, &c);
			i = c.e;
			continue;
		}
		end_run(&k);
		if (is_sep(c.cp))
			i = c.e;
		else
			i = word(&k, i);
	}
	end_run(&k);
	/* A document keeps every run's last character.  A query keeps it
	 * only for a one-character run: "行政复" must match inside
	 * 行政复议, where the document has 复议, not 复, after 政复. */
	if (k.tail_run && (!for_query || k.tail_run == 1))
		flush_tail(&k);
	return k.rc;
}

int fz_search_utf8_next(const char *s, int len, int i, unsigned *cp)
{
	uint32_t v;
	int n = (int)fz_utf8_step(s + i, (size_t)(len - i), &v);

	*cp = v;
	return n;
}

int fz_search_is_han(unsigned cp)
{
	return is_han(cp);
}

static int tokenize_cb(const char *text, int len, int for_query,
		       fz_tok_emit emit, void *ctx)
{
	return fz_search_tokenize(text, len, for_query, emit, ctx);
}

const struct fz_tokenizer fz_search_tokenizer = { "fazhi", tokenize_cb };

/* Value of a Chinese digit, -1 if cp is none. */
static int cn_digit(uint32_t cp)
{
	switch (cp) {
	case 0x3007: case 0x96F6: return 0;           /* 〇 零 */
	case 0x4E00: return 1;                        /* 一 */
	case 0x4E8C: case 0x4E24: return 2;           /* 二 两 */
	case 0x4E09: return 3;
	case 0x56DB: return 4;
	case 0x4E94: return 5;
	case 0x516D: return 6;
	case 0x4E03: return 7;
	case 0x516B: return 8;
	case 0x4E5D: return 9;
	}
	return -1;
}

static int cn_unit(uint32_t cp)
{
	switch (cp) {
	case 0x5341: return 10;    /* 十 */
	case 0x767E: return 100;   /* 百 */
	case 0x5343: return 1000;  /* 千 */
	case 0x4E07: return 10000; /* 万 */
	}
	return 0;
}

#define NUM_MAX 99999999L

/* 一千二百六十 -> 1260: digits multiply the unit after them (a unit with
 * no digit counts once: 十五 = 15), 零 only marks a gap (一百零五), units
 * inside a 万 section must fall (十百 is no number). */
static int parse_cn(const uint32_t *c, int n, long *out)
{
	long total = 0, section = 0;
	int digit = -1, last = 0, d, u;

	for (int i = 0; i < n; i++) {
		d = cn_digit(c[i]);
		if (d == 0) {
			digit = -1;
			continue;
		}
		if (d > 0) {
			if (digit >= 0)
				return -1;
			digit = d;
			continue;
		}
		u = cn_unit(c[i]);
		if (u == 10000) {
			section += digit > 0 ? digit : 0;
			if (total || !section)
				return -1;
			total = section * 10000;
			section = 0;
		} else {
			if (last && u >= last)
				return -1;
			section += (digit > 0 ? digit : 1) * u;
		}
		last = u == 10000 ? 0 : u;
		digit = -1;
	}
	total += section + (digit > 0 ? digit : 0);
	*out = total;
	return 0;
}

int fz_search_parse_number(const char *s, size_t len, long *out)
{
	const unsigned char *t = (const unsigned char *)s;
	uint32_t c[24];
	int n = 0, i = 0, ascii = 0, units = 0;
	long v = 0;

	if (!s || len == 0)
		return -1;
	while (i < (int)len) {
		if (n == (int)(sizeof(c) / sizeof(c[0])))
			return -1;
		i += (int)fz_utf8_step(t + i, len - (size_t)i, &c[n]);
		c[n] = fold(c[n]);
		if (c[n] >= '0' && c[n] <= '9')
			ascii++;
		else if (cn_unit(c[n]))
			units++;
		else if (cn_digit(c[n]) < 0)
			return -1;
		n++;
	}
	if (ascii && ascii != n)
		return -1;
	if (units)
		return parse_cn(c, n, out) || *out > NUM_MAX ? -1 : 0;
	/* 20, or 二〇二三 read digit by digit */
	for (i = 0; i < n; i++) {
		v = v * 10 + (ascii ? (long)(c[i] - '0') : cn_digit(c[i]));
		if (v > NUM_MAX)
			return -1;
	}
	*out = v;
	return 0;
}

struct count_ctx {
	int n;
	int one_han;
};

static int count_cb(void *ctx, const char *tok, int len, int start, int end)
{
	struct count_ctx *c = ctx;
	uint32_t cp;

	(void)start;
	(void)end;
	c->n++;
	c->one_han = c->n == 1 &&
		     (int)fz_utf8_step(tok, (size_t)len, &cp) == len &&
		     is_han(cp);
	return 0;
}

int fz_search_count_tokens(const char *s, int len, int *one_han)
{
	struct count_ctx c = { 0, 0 };

	fz_search_tokenize(s, len, 1, count_cb, &c);
	if (one_han)
		*one_han = c.n == 1 && c.one_han;
	return c.n;
}
