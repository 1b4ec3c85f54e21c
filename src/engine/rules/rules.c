/* rules.c - the rule language of engine/rules: lexer, recursive-descent
 * parser with type and unit checking, and a tree-walking evaluator over
 * rows (see rules.h and docs/engines.md for the grammar).
 *
 * Values are exact fixed-point integers: SCALE units make one base unit of
 * the value's dimension (分, 克, 1/10000 亩, 分钟, ...).  A set owns all its
 * memory (nodes, strings, fields, rules); a failed compile frees the set,
 * so a file is never loaded half-way. */
#include "engine/rules/rules.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/utf8.h"

#define SCALE 10000 /* fixed-point: 1/10000 of a base unit */
#define MAX_DEPTH 64 /* expression nesting, so hostile input cannot blow the stack */

typedef __int128 wide; /* intermediate products only (GCC and clang) */

/* Dimensions.  Units convert only within one. */
enum dim {
	D_NONE, D_MONEY, D_MASS, D_AREA, D_TIME, D_MONTH, D_PERSON, D_TIMES,
	D_COPY, D_ITEM, D_STICK, D_COUNT_
};

static const char *const dim_names[D_COUNT_] = {
	"无单位数", "金额", "质量", "面积", "时长", "月数", "人数", "次数",
	"份数", "件数", "支数"
};

/* A unit is num/den base units of its dimension.  Base units are chosen so
 * every unit is exact: 1 亩 = 10000/15 平方米 (市制: 15 亩 = 1 公顷), so the
 * area base is 1/10000 亩 and 1 平方米 = 15 of it. */
struct unit {
	const char *name;
	enum dim dim;
	int64_t num, den;
};

static const struct unit units[] = {
	{ "分", D_MONEY, 1, 1 },
	{ "角", D_MONEY, 10, 1 },
	{ "元", D_MONEY, 100, 1 },
	{ "千元", D_MONEY, 100000, 1 },
	{ "万元", D_MONEY, 1000000, 1 },
	{ "亿元", D_MONEY, INT64_C(10000000000), 1 },
	{ "克", D_MASS, 1, 1 },
	{ "千克", D_MASS, 1000, 1 },
	{ "公斤", D_MASS, 1000, 1 },
	{ "吨", D_MASS, 1000000, 1 },
	{ "平方米", D_AREA, 15, 1 },
	{ "亩", D_AREA, 10000, 1 },
	{ "公顷", D_AREA, 150000, 1 },
	{ "分钟", D_TIME, 1, 1 },
	{ "小时", D_TIME, 60, 1 },
	{ "天", D_TIME, 1440, 1 },
	{ "日", D_TIME, 1440, 1 },
	{ "月", D_MONTH, 1, 1 },
	{ "个月", D_MONTH, 1, 1 },
	{ "年", D_MONTH, 12, 1 },
	{ "人", D_PERSON, 1, 1 },
	{ "名", D_PERSON, 1, 1 },
	{ "次", D_TIMES, 1, 1 },
	{ "张", D_COPY, 1, 1 },
	{ "份", D_COPY, 1, 1 },
	{ "件", D_ITEM, 1, 1 },
	{ "个", D_ITEM, 1, 1 },
	{ "种", D_ITEM, 1, 1 },
	{ "支", D_STICK, 1, 1 },
	{ "倍", D_NONE, 1, 1 },
	{ "%", D_NONE, 1, 100 },
};

static const struct unit unit_one = { "", D_NONE, 1, 1 };

static const struct unit *unit_find(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n && !memcmp(units[i].name, s, n))
			return &units[i];
	return NULL;
}

/* --- compiled form --- */

enum vkind { V_UNKNOWN, V_NUM, V_TEXT, V_BOOL };

struct val {
	unsigned char kind;
	int64_t n;          /* V_NUM: fixed-point; V_BOOL: 0 or 1 */
	const char *s;      /* V_TEXT */
	size_t len;
};

enum op {
	N_CONST, N_FIELD, N_NEG, N_ADD, N_SUB, N_MUL, N_DIV,
	N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE, N_AND, N_OR, N_NOT, N_IN, N_NOTIN
};

struct node {
	unsigned char op;
	unsigned char type;  /* enum fz_rules_type */
	unsigned char dim;   /* enum dim, for numbers */
	int32_t a, b;        /* children; N_FIELD: a = field; N_IN: b = first item */
	int32_t next;        /* next item of an in-list, -1 at the end */
	struct val k;        /* N_CONST */
};

struct field {
	char *name;
	enum fz_rules_type type;
	const struct unit *unit; /* numbers: the declared unit (unit_one if none) */
	struct val dflt;         /* used when a row leaves the field unknown */
};

struct rule {
	struct fz_rule_info info;
	int32_t root;
};

struct fz_rules {
	struct node *nodes;
	size_t nnodes, anodes;
	struct field *fields;
	size_t nfields, afields;
	struct rule *rules;
	size_t nrules, arules;
	char **strs;         /* every string the set owns */
	size_t nstrs, astrs;
};

struct fz_rules_row {
	const struct fz_rules *set;
	struct val *v;
};

#define GROW(arr, n, a)                                                     \
	do {                                                                \
		if ((n) == (a)) {                                           \
			(a) = (a) ? 2 * (a) : 16;                           \
			(arr) = fz_xrealloc((arr), (a) * sizeof(*(arr)));   \
		}                                                           \
	} while (0)

static char *own(struct fz_rules *set, const char *s, size_t n)
{
	char *p = fz_xstrndup(s, n);
	GROW(set->strs, set->nstrs, set->astrs);
	set->strs[set->nstrs++] = p;
	return p;
}

void fz_rules_free(struct fz_rules *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->nstrs; i++)
		free(set->strs[i]);
	free(set->strs);
	free(set->nodes);
	free(set->fields);
	free(set->rules);
	free(set);
}

/* --- lexer --- */

enum tok {
	T_EOF, T_IDENT, T_NUM, T_STR, T_LP, T_RP, T_LB, T_RB, T_LC, T_RC,
	T_COMMA, T_SEMI, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_BANG, T_ANDAND, T_OROR
};

struct parser {
	struct fz_rules *set;
	const char *file;
	const char *src;
	const char *p;       /* next byte */
	int line, col;       /* of *p */
	/* current token */
	enum tok t;
	const char *ts;      /* its text */
	size_t tn;
	int tline, tcol;
	char *str;           /* T_STR: decoded, owned by the set */
	size_t strn;
	int depth;
	jmp_buf fail;
	struct fz_rules_loc *loc;
	struct fz_err *err;
};

static void fail_at(struct parser *ps, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));

static void fail_at(struct parser *ps, int line, int col, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ps->loc) {
		snprintf(ps->loc->file, sizeof(ps->loc->file), "%s", ps->file);
		ps->loc->line = line;
		ps->loc->col = col;
	}
	fz_err_set(ps->err, FZ_EINVAL, "rules", "%s:%d:%d: %s", ps->file, line,
		   col, msg);
	longjmp(ps->fail, 1);
}

#define FAIL(ps, ...) fail_at((ps), (ps)->tline, (ps)->tcol, __VA_ARGS__)

/* Decode one UTF-8 character at s (already validated by parse_file, and
 * NUL-terminated): its code point and byte length. */
static int next_char(const char *s, unsigned long *cp)
{
	uint32_t c;
	int n = (int)fz_utf8_next(s, FZ_UTF8_MAX, &c);

	*cp = c;
	return n;
}

/* Characters that may appear in a name: ASCII letters, digits, '_' and
 * '.', and any other character except the operators ≥ ≤ ≠ × and CJK or
 * full-width punctuation (U+3000-303F, U+FF00-FFEF), so that a stray
 * "，" or "（" is reported instead of swallowed into a name. */
static int name_char(unsigned long c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9') || c == '_' || c == '.';
	if (c == 0x2265 || c == 0x2264 || c == 0x2260 || c == 0xd7)
		return 0;
	if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef))
		return 0;
	return 1;
}

static void advance_char(struct parser *ps)
{
	unsigned long c;
	int n = next_char(ps->p, &c);
	if (c == '\n') {
		ps->line++;
		ps->col = 1;
	} else {
		ps->col++;
	}
	ps->p += n;
}

/* A short, whole-character copy of the current token for messages. */
static const char *tok_text(struct parser *ps, char out[48])
{
	size_t n = ps->tn, i = 0;
	if (ps->t == T_EOF)
		return "文件结尾";
	while (i < n && i < 40) {
		unsigned long c;
		int k = next_char(ps->ts + i, &c);
		if (i + (size_t)k > 40)
			break;
		i += (size_t)k;
	}
	memcpy(out, ps->ts, i);
	out[i] = '\0';
	return out;
}

static void lex_string(struct parser *ps)
{
	struct fz_rules *set = ps->set;
	char *buf = fz_xmalloc(strlen(ps->p) + 1);
	size_t n = 0;

	advance_char(ps); /* the opening quote */
	for (;;) {
		char c = *ps->p;
		if (c == '\0' || c == '\n') {
			free(buf);
			FAIL(ps, "字符串没有结束（缺少右引号）");
		}
		if (c == '"') {
			advance_char(ps);
			break;
		}
		if (c == '\\') {
			char e = ps->p[1];
			if (e != '"' && e != '\\') {
				free(buf);
				fail_at(ps, ps->line, ps->col,
					"字符串中只允许 \\\" 和 \\\\ 两种转义");
			}
			buf[n++] = e;
			advance_char(ps);
			advance_char(ps);
			continue;
		}
		{
			unsigned long cp;
			int k = next_char(ps->p, &cp);
			memcpy(buf + n, ps->p, (size_t)k);
			n += (size_t)k;
			advance_char(ps);
		}
	}
	ps->str = own(set, buf, n);
	ps->strn = n;
	free(buf);
}

static void next(struct parser *ps)
{
	unsigned long c;

	for (;;) { /* skip blanks and comments */
		char ch = *ps->p;
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			advance_char(ps);
		} else if (ch == '#') {
			while (*ps->p && *ps->p != '\n')
				advance_char(ps);
		} else {
			break;
		}
	}
	ps->ts = ps->p;
	ps->tline = ps->line;
	ps->tcol = ps->col;
	if (*ps->p == '\0') {
		ps->t = T_EOF;
		ps->tn = 0;
		return;
	}
	next_char(ps->p, &c);
	if (c == '"') {
		ps->t = T_STR;
		lex_string(ps);
		ps->tn = (size_t)(ps->p - ps->ts);
		return;
	}
	if (c >= '0' && c <= '9') {
		while (*ps->p >= '0' && *ps->p <= '9')
			advance_char(ps);
		if (*ps->p == '.' && ps->p[1] >= '0' && ps->p[1] <= '9') {
			advance_char(ps);
			while (*ps->p >= '0' && *ps->p <= '9')
				advance_char(ps);
		}
		ps->t = T_NUM;
		ps->tn = (size_t)(ps->p - ps->ts);
		return;
	}
	if (name_char(c) && c != '.') {
		while (*ps->p) {
			unsigned long d;
			next_char(ps->p, &d);
			if (!name_char(d))
				break;
			advance_char(ps);
		}
		ps->t = T_IDENT;
		ps->tn = (size_t)(ps->p - ps->ts);
		return;
	}
	{
		static const struct {
			const char *s;
			enum tok t;
		} ops[] = {
			{ "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE },
			{ ">=", T_GE }, { "&&", T_ANDAND }, { "||", T_OROR },
			{ "≥", T_GE }, { "≤", T_LE }, { "≠", T_NE },
			{ "×", T_STAR }, { "(", T_LP }, { ")", T_RP },
			{ "[", T_LB }, { "]", T_RB }, { "{", T_LC },
			{ "}", T_RC }, { ",", T_COMMA }, { ";", T_SEMI },
			{ "+", T_PLUS }, { "-", T_MINUS }, { "*", T_STAR },
			{ "/", T_SLASH }, { "%", T_PERCENT }, { "<", T_LT },
			{ ">", T_GT }, { "!", T_BANG },
		};
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t n = strlen(ops[i].s);
			if (!strncmp(ps->p, ops[i].s, n)) {
				while (ps->p < ps->ts + n)
					advance_char(ps);
				ps->t = ops[i].t;
				ps->tn = n;
				return;
			}
		}
	}
	{
		char t[8] = "";
		int k = next_char(ps->p, &c);
		memcpy(t, ps->p, (size_t)k);
		t[k] = '\0';
		FAIL(ps, "意外的字符「%s」", t);
	}
}

static int is_kw(struct parser *ps, const char *kw)
{
	return ps->t == T_IDENT && ps->tn == strlen(kw) &&
	       !memcmp(ps->ts, kw, ps->tn);
}

static void expect(struct parser *ps, enum tok t, const char *what)
{
	char b[48];
	if (ps->t != t)
		FAIL(ps, "此处应为「%s」，实际为「%s」", what, tok_text(ps, b));
	next(ps);
}

static void expect_kw(struct parser *ps, const char *kw)
{
	char b[48];
	if (!is_kw(ps, kw))
		FAIL(ps, "此处应为「%s」，实际为「%s」", kw, tok_text(ps, b));
	next(ps);
}

static const char *const keywords[] = {
	"field", "rule", "name", "cite", "message", "from", "until", "when",
	"and", "or", "not", "in", "true", "false", "text", "bool", "number",
	"default", NULL
};

static int is_keyword(const char *s, size_t n)
{
	for (int i = 0; keywords[i]; i++)
		if (strlen(keywords[i]) == n && !memcmp(keywords[i], s, n))
			return 1;
	return 0;
}

/* --- numbers --- */

static const wide WIDE_MAX = (((wide)1) << 126);

/* Exact fixed-point value of the decimal text s[0..n) in unit u, or fail
 * with a message in *why.  Returns 0 on success. */
static int decimal_value(const char *s, size_t n, const struct unit *u,
			 int64_t *out, const char **why)
{
	wide mant = 0, den = 1, v;
	size_t i = 0;
	int neg = 0, digits = 0, frac = -1;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (s[i] == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9') {
			*why = "不是十进制数";
			return -1;
		}
		if (mant > WIDE_MAX / 100 || digits > 30) {
			*why = "数值超出范围";
			return -1;
		}
		mant = mant * 10 + (s[i] - '0');
		digits++;
		if (frac >= 0) {
			frac++;
			den *= 10;
		}
	}
	if (digits == 0 || frac == 0) {
		*why = "不是十进制数";
		return -1;
	}
	if (mant > WIDE_MAX / ((wide)SCALE * u->num)) {
		*why = "数值超出范围";
		return -1;
	}
	v = mant * SCALE * u->num;
	den *= u->den;
	if (v % den != 0) {
		*why = "小数位过多（最小精度为基本单位的万分之一）";
		return -1;
	}
	v /= den;
	if (v > INT64_MAX) {
		*why = "数值超出范围";
		return -1;
	}
	*out = (int64_t)(neg ? -v : v);
	return 0;
}

/* --- parser: expressions --- */

static int32_t add_node(struct parser *ps, struct node nd)
{
	struct fz_rules *set = ps->set;
	if (set->nnodes >= INT32_MAX / 2)
		FAIL(ps, "规则过大");
	GROW(set->nodes, set->nnodes, set->anodes);
	set->nodes[set->nnodes] = nd;
	return (int32_t)set->nnodes++;
}

static struct node *N(struct parser *ps, int32_t i)
{
	return &ps->set->nodes[i];
}

static int32_t mk(struct parser *ps, enum op op, enum fz_rules_type type,
		  enum dim dim, int32_t a, int32_t b)
{
	struct node nd = { 0 };
	nd.op = (unsigned char)op;
	nd.type = (unsigned char)type;
	nd.dim = (unsigned char)dim;
	nd.a = a;
	nd.b = b;
	nd.next = -1;
	return add_node(ps, nd);
}

static const char *type_name(const struct node *nd)
{
	if (nd->type == FZ_RULES_TEXT)
		return "文本";
	if (nd->type == FZ_RULES_BOOL)
		return "真假值";
	return dim_names[nd->dim];
}

static long field_find(const struct fz_rules *set, const char *s, size_t n)
{
	for (size_t i = 0; i < set->nfields; i++)
		if (strlen(set->fields[i].name) == n &&
		    !memcmp(set->fields[i].name, s, n))
			return (long)i;
	return -1;
}

static int32_t parse_expr(struct parser *ps);

/* number [unit] : the number token is current */
static int32_t parse_number(struct parser *ps, int negate)
{
	const char *s = ps->ts, *why;
	size_t n = ps->tn;
	int line = ps->tline, col = ps->tcol;
	const struct unit *u = &unit_one;
	int64_t v;
	struct node nd = { 0 };
	char b[48];

	next(ps);
	if (ps->t == T_PERCENT) {
		u = unit_find("%", 1);
		next(ps);
	} else if (ps->t == T_IDENT && !is_keyword(ps->ts, ps->tn)) {
		u = unit_find(ps->ts, ps->tn);
		if (!u)
			FAIL(ps, "未知单位「%s」", tok_text(ps, b));
		next(ps);
	}
	if (decimal_value(s, n, u, &v, &why))
		fail_at(ps, line, col, "数值 %.*s%s：%s", (int)(n > 40 ? 40 : n),
			s, u->name, why);
	nd.op = N_CONST;
	nd.type = FZ_RULES_NUMBER;
	nd.dim = (unsigned char)u->dim;
	nd.next = -1;
	nd.k.kind = V_NUM;
	nd.k.n = negate ? -v : v;
	return add_node(ps, nd);
}

static int32_t parse_primary(struct parser *ps)
{
	char b[48];
	struct node nd = { 0 };

	nd.next = -1;
	if (ps->t == T_NUM)
		return parse_number(ps, 0);
	if (ps->t == T_STR) {
		nd.op = N_CONST;
		nd.type = FZ_RULES_TEXT;
		nd.k.kind = V_TEXT;
		nd.k.s = ps->str;
		nd.k.len = ps->strn;
		next(ps);
		return add_node(ps, nd);
	}
	if (is_kw(ps, "true") || is_kw(ps, "false")) {
		nd.op = N_CONST;
		nd.type = FZ_RULES_BOOL;
		nd.k.kind = V_BOOL;
		nd.k.n = is_kw(ps, "true");
		next(ps);
		return add_node(ps, nd);
	}
	if (ps->t == T_LP) {
		int32_t e;
		next(ps);
		e = parse_expr(ps);
		expect(ps, T_RP, ")");
		return e;
	}
	if (ps->t == T_IDENT && !is_keyword(ps->ts, ps->tn)) {
		long f = field_find(ps->set, ps->ts, ps->tn);
		const struct field *fd;
		if (f < 0) {
			if (unit_find(ps->ts, ps->tn))
				FAIL(ps, "单位「%s」前缺少数值",
				     tok_text(ps, b));
			FAIL(ps, "未知字段「%s」（请先用 field 声明）",
			     tok_text(ps, b));
		}
		fd = &ps->set->fields[f];
		next(ps);
		return mk(ps, N_FIELD, fd->type,
			  fd->type == FZ_RULES_NUMBER ? fd->unit->dim : D_NONE,
			  (int32_t)f, -1);
	}
	FAIL(ps, "此处应为数值、字符串、字段或「(」，实际为「%s」",
	     tok_text(ps, b));
}

static void need_num(struct parser *ps, int32_t i, int line, int col,
		     const char *op)
{
	if (N(ps, i)->type != FZ_RULES_NUMBER)
		fail_at(ps, line, col, "类型错误：「%s」的运算对象应为数值，而不是%s",
			op, type_name(N(ps, i)));
}

static void need_bool(struct parser *ps, int32_t i, int line, int col,
		      const char *op)
{
	if (N(ps, i)->type != FZ_RULES_BOOL)
		fail_at(ps, line, col,
			"类型错误：「%s」的运算对象应为条件（真假值），而不是%s", op,
			type_name(N(ps, i)));
}

static int32_t parse_unary(struct parser *ps)
{
	if (ps->t == T_MINUS) {
		int line = ps->tline, col = ps->tcol;
		int32_t e;
		next(ps);
		if (ps->t == T_NUM) /* a negative literal, exact */
			return parse_number(ps, 1);
		e = parse_unary(ps);
		need_num(ps, e, line, col, "-");
		return mk(ps, N_NEG, FZ_RULES_NUMBER, N(ps, e)->dim, e, -1);
	}
	return parse_primary(ps);
}

static int32_t parse_product(struct parser *ps)
{
	int32_t l = parse_unary(ps);
	while (ps->t == T_STAR || ps->t == T_SLASH) {
		int mul = ps->t == T_STAR, line = ps->tline, col = ps->tcol;
		const char *op = mul ? "*" : "/";
		enum dim da, db, d;
		int32_t r;
		next(ps);
		r = parse_unary(ps);
		need_num(ps, l, line, col, op);
		need_num(ps, r, line, col, op);
		da = N(ps, l)->dim;
		db = N(ps, r)->dim;
		if (mul) {
			if (da != D_NONE && db != D_NONE)
				fail_at(ps, line, col,
					"类型错误：%s 与 %s 不能相乘（至少一方应为无单位数）",
					dim_names[da], dim_names[db]);
			d = da != D_NONE ? da : db;
		} else {
			if (db == D_NONE)
				d = da;
			else if (da == db)
				d = D_NONE;
			else
				fail_at(ps, line, col, "类型错误：%s 不能除以 %s",
					dim_names[da], dim_names[db]);
		}
		l = mk(ps, mul ? N_MUL : N_DIV, FZ_RULES_NUMBER, d, l, r);
	}
	return l;
}

static int32_t parse_sum(struct parser *ps)
{
	int32_t l = parse_product(ps);
	while (ps->t == T_PLUS || ps->t == T_MINUS) {
		int add = ps->t == T_PLUS, line = ps->tline, col = ps->tcol;
		const char *op = add ? "+" : "-";
		int32_t r;
		next(ps);
		r = parse_product(ps);
		need_num(ps, l, line, col, op);
		need_num(ps, r, line, col, op);
		if (N(ps, l)->dim != N(ps, r)->dim)
			fail_at(ps, line, col, "类型错误：%s 与 %s 不能相加减",
				dim_names[N(ps, l)->dim],
				dim_names[N(ps, r)->dim]);
		l = mk(ps, add ? N_ADD : N_SUB, FZ_RULES_NUMBER,
		       N(ps, l)->dim, l, r);
	}
	return l;
}

static void same_type(struct parser *ps, int32_t l, int32_t r, int line,
		      int col)
{
	const struct node *a = N(ps, l), *b = N(ps, r);
	if (a->type != b->type ||
	    (a->type == FZ_RULES_NUMBER && a->dim != b->dim))
		fail_at(ps, line, col, "类型错误：%s 与 %s 不能比较",
			type_name(a), type_name(b));
}

static int32_t parse_in_list(struct parser *ps, int32_t lhs, int negate,
			     int line, int col)
{
	int32_t first = -1, last = -1;

	expect(ps, T_LB, "[");
	while (ps->t != T_RB) {
		int iline = ps->tline, icol = ps->tcol;
		int32_t it = parse_unary(ps);
		if (N(ps, it)->op != N_CONST)
			fail_at(ps, iline, icol, "in 列表中只能写常量");
		same_type(ps, lhs, it, iline, icol);
		if (last < 0)
			first = it;
		else
			N(ps, last)->next = it;
		last = it;
		if (ps->t != T_COMMA)
			break;
		next(ps);
	}
	expect(ps, T_RB, "]");
	if (first < 0)
		fail_at(ps, line, col, "in 列表不能为空");
	return mk(ps, negate ? N_NOTIN : N_IN, FZ_RULES_BOOL, D_NONE, lhs,
		  first);
}

static int32_t parse_cmp(struct parser *ps)
{
	int32_t l = parse_sum(ps), r;
	int line = ps->tline, col = ps->tcol;
	enum op op;

	if (is_kw(ps, "in")) {
		next(ps);
		return parse_in_list(ps, l, 0, line, col);
	}
	if (is_kw(ps, "not")) {
		next(ps);
		expect_kw(ps, "in");
		return parse_in_list(ps, l, 1, line, col);
	}
	switch (ps->t) {
	case T_EQ: op = N_EQ; break;
	case T_NE: op = N_NE; break;
	case T_LT: op = N_LT; break;
	case T_LE: op = N_LE; break;
	case T_GT: op = N_GT; break;
	case T_GE: op = N_GE; break;
	default: return l;
	}
	next(ps);
	r = parse_sum(ps);
	same_type(ps, l, r, line, col);
	if (op != N_EQ && op != N_NE && N(ps, l)->type != FZ_RULES_NUMBER)
		fail_at(ps, line, col, "类型错误：%s 只能用 == 或 != 比较",
			type_name(N(ps, l)));
	return mk(ps, op, FZ_RULES_BOOL, D_NONE, l, r);
}

static int32_t parse_not(struct parser *ps)
{
	if (is_kw(ps, "not") || ps->t == T_BANG) {
		int line = ps->tline, col = ps->tcol;
		int32_t e;
		next(ps);
		e = parse_not(ps);
		need_bool(ps, e, line, col, "not");
		return mk(ps, N_NOT, FZ_RULES_BOOL, D_NONE, e, -1);
	}
	return parse_cmp(ps);
}

static int32_t parse_and(struct parser *ps)
{
	int32_t l = parse_not(ps);
	while (is_kw(ps, "and") || ps->t == T_ANDAND) {
		int line = ps->tline, col = ps->tcol;
		int32_t r;
		next(ps);
		r = parse_not(ps);
		need_bool(ps, l, line, col, "and");
		need_bool(ps, r, line, col, "and");
		l = mk(ps, N_AND, FZ_RULES_BOOL, D_NONE, l, r);
	}
	return l;
}

static int32_t parse_expr(struct parser *ps)
{
	int32_t l;
	if (++ps->depth > MAX_DEPTH)
		FAIL(ps, "表达式嵌套过深（最多 %d 层）", MAX_DEPTH);
	l = parse_and(ps);
	while (is_kw(ps, "or") || ps->t == T_OROR) {
		int line = ps->tline, col = ps->tcol;
		int32_t r;
		next(ps);
		r = parse_and(ps);
		need_bool(ps, l, line, col, "or");
		need_bool(ps, r, line, col, "or");
		l = mk(ps, N_OR, FZ_RULES_BOOL, D_NONE, l, r);
	}
	ps->depth--;
	return l;
}

/* --- parser: declarations --- */

static void parse_field(struct parser *ps)
{
	struct fz_rules *set = ps->set;
	struct field fd = { 0 };
	const char *name;
	size_t namen;
	int line, col;
	long old;
	char b[48];

	next(ps); /* field */
	if (ps->t != T_IDENT || is_keyword(ps->ts, ps->tn))
		FAIL(ps, "此处应为字段名，实际为「%s」", tok_text(ps, b));
	name = ps->ts;
	namen = ps->tn;
	line = ps->tline;
	col = ps->tcol;
	if (unit_find(name, namen))
		FAIL(ps, "「%s」是单位名，不能作字段名", tok_text(ps, b));
	next(ps);
	if (is_kw(ps, "text")) {
		fd.type = FZ_RULES_TEXT;
	} else if (is_kw(ps, "bool")) {
		fd.type = FZ_RULES_BOOL;
	} else if (is_kw(ps, "number")) {
		fd.type = FZ_RULES_NUMBER;
		fd.unit = &unit_one;
	} else if (ps->t == T_PERCENT ||
		   (ps->t == T_IDENT && unit_find(ps->ts, ps->tn))) {
		fd.type = FZ_RULES_NUMBER;
		fd.unit = ps->t == T_PERCENT ? unit_find("%", 1)
					     : unit_find(ps->ts, ps->tn);
	} else {
		FAIL(ps, "此处应为字段类型（单位、text、bool 或 number），实际为「%s」",
		     tok_text(ps, b));
	}
	next(ps);
	if (is_kw(ps, "default")) {
		int dl, dc;
		int32_t k;
		struct node tmp = { 0 };
		next(ps);
		dl = ps->tline;
		dc = ps->tcol;
		k = parse_unary(ps);
		if (N(ps, k)->op != N_CONST)
			fail_at(ps, dl, dc, "default 后只能写常量");
		tmp.type = (unsigned char)fd.type;
		tmp.dim = fd.type == FZ_RULES_NUMBER ? (unsigned char)fd.unit->dim : 0;
		if (N(ps, k)->type != tmp.type ||
		    (tmp.type == FZ_RULES_NUMBER && N(ps, k)->dim != tmp.dim))
			fail_at(ps, dl, dc, "类型错误：default 的值应为%s",
				type_name(&tmp));
		fd.dflt = N(ps, k)->k;
	}
	expect(ps, T_SEMI, ";");
	old = field_find(set, name, namen);
	if (old >= 0) {
		const struct field *o = &set->fields[old];
		if (o->type != fd.type || o->unit != fd.unit ||
		    o->dflt.kind != fd.dflt.kind || o->dflt.n != fd.dflt.n)
			fail_at(ps, line, col, "字段「%.*s」已按不同类型声明过",
				(int)(namen > 60 ? 60 : namen), name);
		return;
	}
	fd.name = own(set, name, namen);
	GROW(set->fields, set->nfields, set->afields);
	set->fields[set->nfields++] = fd;
}

static const char *parse_prop_string(struct parser *ps)
{
	const char *s;
	char b[48];
	next(ps); /* the property keyword */
	if (ps->t != T_STR)
		FAIL(ps, "此处应为字符串，实际为「%s」", tok_text(ps, b));
	s = ps->str;
	next(ps);
	expect(ps, T_SEMI, ";");
	return s;
}

static void check_date(struct parser *ps, const char *s, int line, int col)
{
	struct fz_date d;
	if (fz_date_parse(&d, s, NULL))
		fail_at(ps, line, col, "日期应为 YYYY-MM-DD 格式的有效日期");
}

static void parse_rule(struct parser *ps)
{
	struct fz_rules *set = ps->set;
	struct rule r;
	int line = ps->tline, col = ps->tcol, k;
	char b[48];

	memset(&r, 0, sizeof(r));
	r.root = -1;
	r.info.from = r.info.until = "";
	next(ps); /* rule */
	if (ps->t != T_IDENT || is_keyword(ps->ts, ps->tn) ||
	    !((ps->ts[0] >= 'A' && ps->ts[0] <= 'Z') ||
	      (ps->ts[0] >= 'a' && ps->ts[0] <= 'z')))
		FAIL(ps, "此处应为规则编号（以字母开头），实际为「%s」",
		     tok_text(ps, b));
	for (size_t i = 0; i < ps->tn; i++)
		if ((unsigned char)ps->ts[i] >= 0x80)
			FAIL(ps, "规则编号只能用字母、数字、「_」和「.」");
	r.info.id = own(set, ps->ts, ps->tn);
	if (fz_rules_find(set, r.info.id) >= 0)
		FAIL(ps, "规则编号「%s」重复", r.info.id);
	next(ps);
	expect(ps, T_LC, "{");
	while (ps->t != T_RC) {
		int pl = ps->tline, pc = ps->tcol;
		if (is_kw(ps, "name")) {
			r.info.name = parse_prop_string(ps);
		} else if (is_kw(ps, "cite")) {
			r.info.cite = parse_prop_string(ps);
		} else if (is_kw(ps, "message")) {
			r.info.message = parse_prop_string(ps);
		} else if (is_kw(ps, "from")) {
			r.info.from = parse_prop_string(ps);
			check_date(ps, r.info.from, pl, pc);
		} else if (is_kw(ps, "until")) {
			r.info.until = parse_prop_string(ps);
			check_date(ps, r.info.until, pl, pc);
		} else if (is_kw(ps, "when")) {
			if (r.root >= 0)
				FAIL(ps, "一条规则只能有一个 when");
			next(ps);
			r.root = parse_expr(ps);
			need_bool(ps, r.root, pl, pc, "when");
			expect(ps, T_SEMI, ";");
		} else {
			FAIL(ps, "此处应为 name、cite、message、from、until、when 或「}」，实际为「%s」",
			     tok_text(ps, b));
		}
	}
	k = !r.info.name ? 1 : !r.info.cite ? 2 : !r.info.message ? 3
		: r.root < 0 ? 4 : 0;
	if (k)
		fail_at(ps, line, col, "规则「%s」缺少 %s", r.info.id,
			k == 1 ? "name" : k == 2 ? "cite" : k == 3 ? "message"
							     : "when");
	next(ps); /* } */
	GROW(set->rules, set->nrules, set->arules);
	set->rules[set->nrules++] = r;
}

static int parse_file(struct parser *ps)
{
	long bad;
	char b[48];

	if (setjmp(ps->fail))
		return FZ_EINVAL;
	bad = fz_utf8_check(ps->src, strlen(ps->src));
	if (bad >= 0) {
		int line = 1, col = 1;
		for (long i = 0; i < bad; i++) {
			if (ps->src[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)ps->src[i] & 0xc0) != 0x80) {
				col++;
			}
		}
		fail_at(ps, line, col, "文件不是有效的 UTF-8 文本");
	}
	next(ps);
	while (ps->t != T_EOF) {
		if (is_kw(ps, "field"))
			parse_field(ps);
		else if (is_kw(ps, "rule"))
			parse_rule(ps);
		else
			FAIL(ps, "此处应为 field 或 rule，实际为「%s」",
			     tok_text(ps, b));
	}
	return 0;
}

int fz_rules_compile_files(struct fz_rules **out,
			   const struct fz_embedded *files,
			   struct fz_rules_loc *loc, struct fz_err *err)
{
	struct fz_rules *set = fz_xcalloc(1, sizeof(*set));

	*out = NULL;
	for (size_t i = 0; files[i].name; i++) {
		struct parser *ps = fz_xcalloc(1, sizeof(*ps));
		int rc;
		ps->set = set;
		ps->file = files[i].name;
		ps->src = ps->p = files[i].data;
		ps->line = ps->col = 1;
		ps->loc = loc;
		ps->err = err;
		rc = parse_file(ps);
		free(ps);
		if (rc) {
			fz_rules_free(set);
			return rc;
		}
	}
	*out = set;
	return 0;
}

int fz_rules_compile(struct fz_rules **out, const char *name,
		     const char *text, struct fz_rules_loc *loc,
		     struct fz_err *err)
{
	struct fz_embedded files[2] = { { name, text }, { NULL, NULL } };
	return fz_rules_compile_files(out, files, loc, err);
}

/* --- introspection --- */

size_t fz_rules_count(const struct fz_rules *set)
{
	return set->nrules;
}

const struct fz_rule_info *fz_rules_info(const struct fz_rules *set,
					 size_t i)
{
	return i < set->nrules ? &set->rules[i].info : NULL;
}

long fz_rules_find(const struct fz_rules *set, const char *id)
{
	for (size_t i = 0; i < set->nrules; i++)
		if (!strcmp(set->rules[i].info.id, id))
			return (long)i;
	return -1;
}

size_t fz_rules_field_count(const struct fz_rules *set)
{
	return set->nfields;
}

long fz_rules_field_index(const struct fz_rules *set, const char *name)
{
	return field_find(set, name, strlen(name));
}

const char *fz_rules_field_name(const struct fz_rules *set, size_t i)
{
	return i < set->nfields ? set->fields[i].name : "";
}

enum fz_rules_type fz_rules_field_type(const struct fz_rules *set, size_t i)
{
	return i < set->nfields ? set->fields[i].type : 0;
}

const char *fz_rules_field_unit(const struct fz_rules *set, size_t i)
{
	if (i >= set->nfields || set->fields[i].type != FZ_RULES_NUMBER)
		return "";
	return set->fields[i].unit->name;
}

/* --- rows --- */

struct fz_rules_row *fz_rules_row_new(const struct fz_rules *set)
{
	struct fz_rules_row *row = calloc(1, sizeof(*row));
	if (!row)
		return NULL;
	row->set = set;
	row->v = calloc(set->nfields ? set->nfields : 1, sizeof(*row->v));
	if (!row->v) {
		free(row);
		return NULL;
	}
	return row;
}

void fz_rules_row_free(struct fz_rules_row *row)
{
	if (!row)
		return;
	free(row->v);
	free(row);
}

void fz_rules_row_clear(struct fz_rules_row *row)
{
	memset(row->v, 0, row->set->nfields * sizeof(*row->v));
}

void fz_rules_row_unset(struct fz_rules_row *row, size_t field)
{
	if (field < row->set->nfields)
		row->v[field].kind = V_UNKNOWN;
}

static int check_field(struct fz_rules_row *row, size_t field,
		       enum fz_rules_type type, struct fz_err *err)
{
	const struct field *fd;
	static const char *const tn[] = { "", "数值", "文本", "真假值" };
	if (field >= row->set->nfields)
		return fz_err_set(err, FZ_EINVAL, NULL, "没有第 %zu 个字段",
				  field);
	fd = &row->set->fields[field];
	row->v[field].kind = V_UNKNOWN;
	if (fd->type != type)
		return fz_err_set(err, FZ_EINVAL, fd->name,
				  "字段「%s」应为%s", fd->name, tn[fd->type]);
	return 0;
}

int fz_rules_row_set_int(struct fz_rules_row *row, size_t field, int64_t v,
			 struct fz_err *err)
{
	const struct unit *u;
	wide x;
	int rc = check_field(row, field, FZ_RULES_NUMBER, err);
	if (rc)
		return rc;
	u = row->set->fields[field].unit;
	x = (wide)v * SCALE * u->num;
	if (x % u->den != 0 || x / u->den > INT64_MAX ||
	    x / u->den < -INT64_MAX)
		return fz_err_set(err, FZ_EINVAL, row->set->fields[field].name,
				  "字段「%s」的数值超出范围",
				  row->set->fields[field].name);
	row->v[field].kind = V_NUM;
	row->v[field].n = (int64_t)(x / u->den);
	return 0;
}

int fz_rules_row_set_dec(struct fz_rules_row *row, size_t field,
			 const char *dec, struct fz_err *err)
{
	const char *why;
	int64_t v;
	int rc = check_field(row, field, FZ_RULES_NUMBER, err);
	if (rc)
		return rc;
	if (decimal_value(dec, strlen(dec), row->set->fields[field].unit, &v,
			  &why))
		return fz_err_set(err, FZ_EINVAL, row->set->fields[field].name,
				  "字段「%s」：%s", row->set->fields[field].name,
				  why);
	row->v[field].kind = V_NUM;
	row->v[field].n = v;
	return 0;
}

int fz_rules_row_set_text(struct fz_rules_row *row, size_t field,
			  const char *s, struct fz_err *err)
{
	int rc = check_field(row, field, FZ_RULES_TEXT, err);
	if (rc)
		return rc;
	row->v[field].kind = V_TEXT;
	row->v[field].s = s;
	row->v[field].len = strlen(s);
	return 0;
}

int fz_rules_row_set_bool(struct fz_rules_row *row, size_t field, int v,
			  struct fz_err *err)
{
	int rc = check_field(row, field, FZ_RULES_BOOL, err);
	if (rc)
		return rc;
	row->v[field].kind = V_BOOL;
	row->v[field].n = v != 0;
	return 0;
}

int fz_rules_row_from_json(struct fz_rules_row *row, const json_t *obj,
			   struct fz_err *err)
{
	const struct fz_rules *set = row->set;

	if (!json_is_object(obj))
		return fz_err_set(err, FZ_EINVAL, NULL, "事实数据应为 JSON 对象");
	for (size_t i = 0; i < set->nfields; i++) {
		const struct field *fd = &set->fields[i];
		json_t *v = json_object_get(obj, fd->name);
		int rc = 0;

		row->v[i].kind = V_UNKNOWN;
		if (!v || json_is_null(v))
			continue;
		if (fd->type == FZ_RULES_TEXT && json_is_string(v)) {
			row->v[i].kind = V_TEXT;
			row->v[i].s = json_string_value(v);
			row->v[i].len = json_string_length(v);
		} else if (fd->type == FZ_RULES_BOOL && json_is_boolean(v)) {
			rc = fz_rules_row_set_bool(row, i, json_is_true(v), err);
		} else if (fd->type == FZ_RULES_NUMBER && json_is_integer(v)) {
			rc = fz_rules_row_set_int(row, i, json_integer_value(v),
						  err);
		} else if (fd->type == FZ_RULES_NUMBER && json_is_string(v)) {
			rc = fz_rules_row_set_dec(row, i, json_string_value(v),
						  err);
		} else if (fd->type == FZ_RULES_NUMBER && json_is_real(v) &&
			   fd->unit->dim != D_MONEY) {
			char t[64];
			snprintf(t, sizeof(t), "%.4f", json_real_value(v));
			rc = fz_rules_row_set_dec(row, i, t, err);
		} else {
			static const char *const tn[] = { "", "数值", "文本",
							  "真假值" };
			return fz_err_set(err, FZ_EINVAL, fd->name,
					  "字段「%s」应为%s%s", fd->name,
					  tn[fd->type],
					  fd->type == FZ_RULES_NUMBER &&
							  fd->unit->dim == D_MONEY
						  ? "（整数，单位见规则文件声明）"
						  : "");
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* --- evaluation --- */

struct ectx {
	const struct fz_rules *set;
	const struct fz_rules_row *row;
	const struct rule *rule;
	struct fz_err *err;
};

static int eval(struct ectx *c, int32_t i, struct val *out);

static int runtime(struct ectx *c, const char *what)
{
	return fz_err_set(c->err, FZ_EINVAL, c->rule->info.id,
			  "规则「%s」计算出错：%s", c->rule->info.id, what);
}

static int num_result(struct ectx *c, wide x, struct val *out)
{
	if (x > INT64_MAX || x < -INT64_MAX)
		return runtime(c, "数值溢出");
	out->kind = V_NUM;
	out->n = (int64_t)x;
	return 0;
}

static int eq(const struct val *a, const struct val *b)
{
	if (a->kind == V_TEXT)
		return a->len == b->len && !memcmp(a->s, b->s, a->len);
	return a->n == b->n;
}

static int eval_logic(struct ectx *c, const struct node *nd, struct val *out)
{
	struct val a, b;
	int rc = eval(c, nd->a, &a);
	if (rc)
		return rc;
	out->kind = V_BOOL;
	if (nd->op == N_NOT) {
		out->kind = a.kind;
		out->n = !a.n;
		return 0;
	}
	/* Kleene logic: a decided left side may settle the answer alone. */
	if (a.kind == V_BOOL && a.n == (nd->op == N_OR)) {
		out->n = a.n;
		return 0;
	}
	rc = eval(c, nd->b, &b);
	if (rc)
		return rc;
	if (b.kind == V_BOOL && b.n == (nd->op == N_OR)) {
		out->n = b.n;
		return 0;
	}
	if (a.kind == V_UNKNOWN || b.kind == V_UNKNOWN) {
		out->kind = V_UNKNOWN;
		return 0;
	}
	out->n = nd->op == N_AND;
	return 0;
}

static int eval(struct ectx *c, int32_t i, struct val *out)
{
	const struct node *nd = &c->set->nodes[i];
	struct val a, b;
	int rc;

	switch (nd->op) {
	case N_CONST:
		*out = nd->k;
		return 0;
	case N_FIELD:
		*out = c->row->v[nd->a];
		if (out->kind == V_UNKNOWN)
			*out = c->set->fields[nd->a].dflt;
		return 0;
	case N_AND:
	case N_OR:
	case N_NOT:
		return eval_logic(c, nd, out);
	case N_IN:
	case N_NOTIN:
		if ((rc = eval(c, nd->a, &a)))
			return rc;
		out->kind = a.kind == V_UNKNOWN ? V_UNKNOWN : V_BOOL;
		out->n = nd->op == N_NOTIN;
		for (int32_t k = nd->b; k >= 0 && a.kind != V_UNKNOWN;
		     k = c->set->nodes[k].next)
			if (eq(&a, &c->set->nodes[k].k)) {
				out->n = nd->op == N_IN;
				break;
			}
		return 0;
	default:
		break;
	}
	if ((rc = eval(c, nd->a, &a)))
		return rc;
	if (nd->op == N_NEG) {
		*out = a;
		out->n = -a.n;
		return 0;
	}
	if ((rc = eval(c, nd->b, &b)))
		return rc;
	if (a.kind == V_UNKNOWN || b.kind == V_UNKNOWN) {
		out->kind = V_UNKNOWN;
		return 0;
	}
	out->kind = V_BOOL;
	switch (nd->op) {
	case N_ADD: return num_result(c, (wide)a.n + b.n, out);
	case N_SUB: return num_result(c, (wide)a.n - b.n, out);
	case N_MUL: return num_result(c, (wide)a.n * b.n / SCALE, out);
	case N_DIV:
		if (b.n == 0)
			return runtime(c, "除数为零");
		return num_result(c, (wide)a.n * SCALE / b.n, out);
	case N_EQ: out->n = eq(&a, &b); return 0;
	case N_NE: out->n = !eq(&a, &b); return 0;
	case N_LT: out->n = a.n < b.n; return 0;
	case N_LE: out->n = a.n <= b.n; return 0;
	case N_GT: out->n = a.n > b.n; return 0;
	case N_GE: out->n = a.n >= b.n; return 0;
	default: return runtime(c, "内部错误：未知运算");
	}
}

int fz_rules_eval_one(const struct fz_rules *set, size_t i,
		      const struct fz_rules_row *row, int *result,
		      struct fz_err *err)
{
	struct ectx c = { set, row, NULL, err };
	struct val v;
	int rc;

	if (i >= set->nrules || row->set != set)
		return fz_err_set(err, FZ_EINVAL, NULL, "规则或数据行不匹配");
	c.rule = &set->rules[i];
	rc = eval(&c, c.rule->root, &v);
	if (rc)
		return rc;
	*result = v.kind == V_UNKNOWN ? -1 : (int)v.n;
	return 0;
}

/* Is r in force on the day d ("YYYY-MM-DD", or "" for any day)?  ISO
 * dates compare as strings. */
static int in_force(const struct rule *r, const char *d)
{
	if (!d[0])
		return 1;
	if (r->info.from[0] && strcmp(d, r->info.from) < 0)
		return 0;
	if (r->info.until[0] && strcmp(d, r->info.until) > 0)
		return 0;
	return 1;
}

int fz_rules_eval(const struct fz_rules *set, const struct fz_rules_row *row,
		  struct fz_date asof, size_t *fired, size_t max,
		  size_t *nfired, struct fz_err *err)
{
	struct ectx c = { set, row, NULL, err };
	char d[FZ_DATE_STRLEN] = "";
	size_t n = 0;

	*nfired = 0;
	if (row->set != set)
		return fz_err_set(err, FZ_EINVAL, NULL, "规则或数据行不匹配");
	if (asof.y)
		fz_date_format(asof, d);
	for (size_t i = 0; i < set->nrules; i++) {
		struct val v;
		int rc;
		if (!in_force(&set->rules[i], d))
			continue;
		c.rule = &set->rules[i];
		rc = eval(&c, c.rule->root, &v);
		if (rc)
			return rc;
		if (v.kind == V_BOOL && v.n) {
			if (n < max)
				fired[n] = i;
			n++;
		}
	}
	*nfired = n;
	return 0;
}
