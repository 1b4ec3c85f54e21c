/* query.c - parse the search box language (query.h) into an FTS5
 * expression, the phrases to highlight, a looser fallback and a direct
 * article reference. */
#include "engine/search/query.h"

#include "core/buf.h"
#include "core/mem.h"
#include "engine/search/tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LEX 64
#define MAX_NODES (3 * MAX_LEX)

enum lex_kind {
	L_WORD, L_PHRASE, L_LP, L_RP, L_AND, L_OR, L_NOT,
	L_CAND, L_COR, L_CNOT, /* 和 或 非: operators only between terms */
	L_END
};

struct lex {
	enum lex_kind k;
	const char *s; /* text of a word or phrase */
	int n;
};

enum node_kind { N_LEAF, N_AND, N_OR, N_NOT };

struct node {
	enum node_kind k;
	const char *s; /* leaf text */
	int n;
	int a, b;      /* children (node indexes), -1 for none */
};

struct parser {
	const char *q;
	int qlen;
	struct lex lx[MAX_LEX + 1];
	int nlx, pos;
	struct node nd[MAX_NODES];
	int nnd;
	int terms;
	char gen[MAX_LEX][40]; /* normalised article references (第20条) */
	int ngen;
	const char *law; /* text of 法:…, not NUL-terminated */
	int law_n;
	struct fz_err *err;
};

static int fail(struct parser *p, const char *msg)
{
	return fz_err_set(p->err, FZ_EQUERY, "q", "%s", msg);
}

/* ---- lexing ----------------------------------------------------------- */

static unsigned cp_at(const struct parser *p, int i, int *len)
{
	unsigned cp;
	*len = fz_search_utf8_next(p->q, p->qlen, i, &cp);
	return cp;
}

static int is_space(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == '\v' || cp == '\f' || cp == 0x3000;
}

/* " “ ” ＂ all open and close a phrase: input methods disagree on which
 * of the curly pair they type first. */
static int is_quote(unsigned cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0xFF02;
}

static int word_is(const struct lex *l, const char *w)
{
	return l->n == (int)strlen(w) && !memcmp(l->s, w, (size_t)l->n);
}

static int add_lex(struct parser *p, enum lex_kind k, const char *s, int n)
{
	if (p->nlx >= MAX_LEX)
		return fail(p, "检索词过多，请精简后再试");
	p->lx[p->nlx].k = k;
	p->lx[p->nlx].s = s;
	p->lx[p->nlx].n = n;
	p->nlx++;
	return 0;
}

/* 法:名称 or 法：名称, the name possibly after a space or in quotes. */
static int law_prefix(const char *s, int n)
{
	if (n >= 4 && !memcmp(s, "\xe6\xb3\x95:", 4))           /* 法: */
		return 4;
	if (n >= 6 && !memcmp(s, "\xe6\xb3\x95\xef\xbc\x9a", 6)) /* 法： */
		return 6;
	return 0;
}

static int classify_word(struct parser *p, const char *s, int n)
{
	struct lex l = { L_WORD, s, n };

	if (word_is(&l, "AND"))
		l.k = L_AND;
	else if (word_is(&l, "OR"))
		l.k = L_OR;
	else if (word_is(&l, "NOT"))
		l.k = L_NOT;
	else if (word_is(&l, "\xe5\x92\x8c"))      /* 和 */
		l.k = L_CAND;
	else if (word_is(&l, "\xe6\x88\x96"))      /* 或 */
		l.k = L_COR;
	else if (word_is(&l, "\xe9\x9d\x9e"))      /* 非 */
		l.k = L_CNOT;
	return add_lex(p, l.k, l.s, l.n);
}

static int lex(struct parser *p)
{
	int i = 0, len, want_law = 0, rc;
	unsigned cp;

	while (i < p->qlen) {
		cp = cp_at(p, i, &len);
		if (cp == 0xFFFFFFFF || cp == 0)
			return fail(p, "检索词含有无效字符");
		if (is_space(cp)) {
			i += len;
			continue;
		}
		if (cp == '(' || cp == ')') {
			if (want_law)
				return fail(p, "「法:」后面需要法律名称，例如：法:行政处罚法 听证");
			if ((rc = add_lex(p, cp == '(' ? L_LP : L_RP, p->q + i, 1)))
				return rc;
			i++;
			continue;
		}
		if (is_quote(cp)) {
			int s = i + len, e = s, l2 = 0;
			while (e < p->qlen) {
				unsigned c2 = cp_at(p, e, &l2);
				if (c2 == 0xFFFFFFFF || c2 == 0)
					return fail(p, "检索词含有无效字符");
				if (is_quote(c2))
					break;
				e += l2;
			}
			if (e >= p->qlen)
				return fail(p, "引号不成对，请检查引号");
			i = e + l2;
			if (want_law) {
				p->law = p->q + s;
				p->law_n = e - s;
				want_law = 0;
				continue;
			}
			if ((rc = add_lex(p, L_PHRASE, p->q + s, e - s)))
				return rc;
			continue;
		}
		{
			int s = i, lp;
			while (i < p->qlen) {
				cp = cp_at(p, i, &len);
				if (cp == 0xFFFFFFFF || cp == 0)
					return fail(p, "检索词含有无效字符");
				if (is_space(cp) || is_quote(cp) || cp == '(' ||
				    cp == ')')
					break;
				i += len;
			}
			if (want_law) {
				p->law = p->q + s;
				p->law_n = i - s;
				want_law = 0;
				continue;
			}
			if ((lp = law_prefix(p->q + s, i - s))) {
				if (p->law)
					return fail(p, "一次只能限定一部法律（只能有一个「法:」）");
				p->law = p->q + s + lp;
				p->law_n = i - s - lp;
				if (!p->law_n)
					want_law = 1;
				continue;
			}
			if ((rc = classify_word(p, p->q + s, i - s)))
				return rc;
		}
	}
	if (want_law)
		return fail(p, "「法:」后面需要法律名称，例如：法:行政处罚法 听证");
	if (p->law && !fz_search_count_tokens(p->law, p->law_n, NULL))
		return fail(p, "「法:」后面需要法律名称，例如：法:行政处罚法 听证");
	p->lx[p->nlx].k = L_END;
	return 0;
}

static int ends_operand(enum lex_kind k)
{
	return k == L_WORD || k == L_PHRASE || k == L_RP;
}

static int starts_operand(enum lex_kind k)
{
	return k == L_WORD || k == L_PHRASE || k == L_LP;
}

/* 和 或 非 are operators only with a term on each side; elsewhere they
 * are words (非 alone, 和 at the start...). */
static void resolve_cn_ops(struct parser *p)
{
	for (int i = 0; i < p->nlx; i++) {
		struct lex *l = &p->lx[i];
		if (l->k != L_CAND && l->k != L_COR && l->k != L_CNOT)
			continue;
		if (i > 0 && ends_operand(p->lx[i - 1].k) &&
		    starts_operand(p->lx[i + 1].k))
			l->k = l->k == L_CAND ? L_AND : l->k == L_COR ? L_OR
							   : L_NOT;
		else
			l->k = L_WORD;
	}
}

/* ---- parsing ---------------------------------------------------------- */

static int new_node(struct parser *p, enum node_kind k, const char *s, int n,
		    int a, int b)
{
	struct node *x;

	if (p->nnd >= MAX_NODES)
		return -1;
	x = &p->nd[p->nnd];
	x->k = k;
	x->s = s;
	x->n = n;
	x->a = a;
	x->b = b;
	return p->nnd++;
}

static int parse_or(struct parser *p, int depth, int *out);

static const char *op_name(enum lex_kind k)
{
	return k == L_AND ? "AND（和）" : k == L_OR ? "OR（或）" : "NOT（非）";
}

static int op_error(struct parser *p, enum lex_kind k)
{
	char m[160];

	if (k == L_NOT)
		snprintf(m, sizeof(m), "%s 的前后都需要检索词，例如：行政处罚 NOT 罚款",
			 op_name(k));
	else
		snprintf(m, sizeof(m), "%s 的两边都需要检索词，例如：罚款 %s 拘留",
			 op_name(k), k == L_AND ? "AND" : "OR");
	return fail(p, m);
}

/* A leaf for 第n条之sub written the way documents index it, so 1165条
 * (without 第) still meets the article label 第一千一百六十五条. */
static int ref_leaf(struct parser *p, long n, long sub)
{
	char *g;
	int len;

	if (p->ngen >= MAX_LEX)
		return -1;
	g = p->gen[p->ngen++];
	if (sub)
		len = snprintf(g, sizeof(p->gen[0]), "第%ld条之%ld", n, sub);
	else
		len = snprintf(g, sizeof(p->gen[0]), "第%ld条", n);
	return new_node(p, N_LEAF, g, len, -1, -1);
}

/* A word that holds an article reference with other text around it
 * (行政复议法第二十条) becomes those parts ANDed, so each part may match
 * in a different column (the title, the article label). */
static int leaf(struct parser *p, const char *s, int n, int split)
{
	int st, en, x = -1, y;
	long an, asub;

	if (++p->terms > FZ_SEARCH_QUERY_MAX_TERMS)
		return -2;
	if (split && (st = fz_search_find_article_ref(s, n, &en, &an, &asub)) >= 0 &&
	    (st > 0 || en < n)) {
		if (st > 0 && (x = new_node(p, N_LEAF, s, st, -1, -1)) < 0)
			return -1;
		if ((y = ref_leaf(p, an, asub)) < 0)
			return -1;
		x = x < 0 ? y : new_node(p, N_AND, NULL, 0, x, y);
		if (x >= 0 && en < n) {
			if ((y = new_node(p, N_LEAF, s + en, n - en, -1, -1)) < 0)
				return -1;
			x = new_node(p, N_AND, NULL, 0, x, y);
		}
		return x;
	}
	return new_node(p, N_LEAF, s, n, -1, -1);
}

static int parse_primary(struct parser *p, int depth, int *out)
{
	struct lex *l = &p->lx[p->pos];
	int rc;

	if (depth > FZ_SEARCH_QUERY_MAX_DEPTH)
		return fail(p, "括号嵌套过深");
	switch (l->k) {
	case L_WORD:
	case L_PHRASE:
		p->pos++;
		*out = leaf(p, l->s, l->n, l->k == L_WORD);
		if (*out == -2)
			return fail(p, "检索词过多，请精简后再试");
		return *out < 0 ? fail(p, "检索式过于复杂") : 0;
	case L_LP:
		p->pos++;
		if (p->lx[p->pos].k == L_RP)
			return fail(p, "括号中没有检索词");
		if ((rc = parse_or(p, depth + 1, out)))
			return rc;
		if (p->lx[p->pos].k != L_RP)
			return fail(p, "括号不成对，请检查括号");
		p->pos++;
		return 0;
	case L_RP:
		return fail(p, "括号不成对，请检查括号");
	case L_END:
		return fail(p, "请输入检索词");
	default:
		return op_error(p, l->k);
	}
}

static int parse_not(struct parser *p, int depth, int *out)
{
	int rc, b;

	if ((rc = parse_primary(p, depth, out)))
		return rc;
	while (p->lx[p->pos].k == L_NOT) {
		p->pos++;
		if (!starts_operand(p->lx[p->pos].k))
			return op_error(p, L_NOT);
		if ((rc = parse_primary(p, depth, &b)))
			return rc;
		if ((*out = new_node(p, N_NOT, NULL, 0, *out, b)) < 0)
			return fail(p, "检索式过于复杂");
	}
	return 0;
}

static int parse_and(struct parser *p, int depth, int *out)
{
	int rc, b;

	if (p->lx[p->pos].k == L_NOT)
		return op_error(p, L_NOT);
	if ((rc = parse_not(p, depth, out)))
		return rc;
	for (;;) {
		enum lex_kind k = p->lx[p->pos].k;
		if (k == L_AND) {
			p->pos++;
			if (!starts_operand(p->lx[p->pos].k))
				return op_error(p, L_AND);
		} else if (!starts_operand(k)) {
			return 0;
		}
		if ((rc = parse_not(p, depth, &b)))
			return rc;
		if ((*out = new_node(p, N_AND, NULL, 0, *out, b)) < 0)
			return fail(p, "检索式过于复杂");
	}
}

static int parse_or(struct parser *p, int depth, int *out)
{
	int rc, b;

	if (p->lx[p->pos].k == L_OR || p->lx[p->pos].k == L_AND)
		return op_error(p, p->lx[p->pos].k);
	if ((rc = parse_and(p, depth, out)))
		return rc;
	while (p->lx[p->pos].k == L_OR) {
		p->pos++;
		if (!starts_operand(p->lx[p->pos].k))
			return op_error(p, L_OR);
		if ((rc = parse_and(p, depth, &b)))
			return rc;
		if ((*out = new_node(p, N_OR, NULL, 0, *out, b)) < 0)
			return fail(p, "检索式过于复杂");
	}
	return 0;
}

/* ---- compiling -------------------------------------------------------- */

struct phrases {
	struct fz_search_phrase *v;
	int n;
};

static int collect_tok(void *ctx, const char *tok, int len, int s, int e)
{
	struct fz_search_phrase *ph = ctx;

	(void)s;
	(void)e;
	ph->tok = fz_xrealloc(ph->tok, sizeof(char *) * (size_t)(ph->ntok + 1));
	ph->tok[ph->ntok++] = fz_xstrndup(tok, (size_t)len);
	return 0;
}

static void add_phrase(struct phrases *ps, const char *s, int n, int prefix)
{
	struct fz_search_phrase ph = { NULL, 0, prefix };

	fz_search_tokenize(s, n, 1, collect_tok, &ph);
	if (!ph.ntok)
		return;
	ps->v = fz_xrealloc(ps->v, sizeof(*ps->v) * (size_t)(ps->n + 1));
	ps->v[ps->n++] = ph;
}

/* FTS5 string: the text in double quotes, quotes inside doubled. */
static void fts_string(struct fz_buf *b, const char *s, int n)
{
	fz_buf_addch(b, '"');
	for (int i = 0; i < n; i++) {
		if (s[i] == '"')
			fz_buf_addch(b, '"');
		fz_buf_addch(b, s[i]);
	}
	fz_buf_addch(b, '"');
}

/* Write node x into b.  Returns 1 if something was written, 0 if the node
 * had nothing searchable (punctuation only) and dropped out, < 0 on error.
 * Positive leaves go to ps for highlighting. */
static int compile(struct parser *p, int x, struct fz_buf *b,
		   struct phrases *ps, int positive)
{
	struct node *nd = &p->nd[x];
	struct fz_buf l = FZ_BUF_INIT, r = FZ_BUF_INIT;
	int one_han, hl, hr;

	if (nd->k == N_LEAF) {
		if (!fz_search_count_tokens(nd->s, nd->n, &one_han))
			return 0;
		fts_string(b, nd->s, nd->n);
		if (one_han)
			fz_buf_addch(b, '*');
		if (positive)
			add_phrase(ps, nd->s, nd->n, one_han);
		return 1;
	}
	hl = compile(p, nd->a, &l, ps, positive);
	hr = compile(p, nd->b, &r, ps, nd->k == N_NOT ? 0 : positive);
	if (hl < 0 || hr < 0) {
		hl = hl < 0 ? hl : hr;  /* the child's FZ_EQUERY */
	} else if (hl && hr) {
		fz_buf_addf(b, "(%s %s %s)", l.data,
			    nd->k == N_AND ? "AND" : nd->k == N_OR ? "OR" : "NOT",
			    r.data);
		hl = 1;
	} else if (hl) {
		fz_buf_add(b, l.data, l.len);
	} else if (hr && nd->k == N_NOT) {
		hl = fail(p, "NOT（非）前面的检索词中没有可检索的文字");
	} else if (hr) {
		fz_buf_add(b, r.data, r.len);
		hl = 1;
	}
	fz_buf_release(&l);
	fz_buf_release(&r);
	return hl;
}

/* ---- the plain-query extras ------------------------------------------ */

/* Words that make a question a question but never an answer.  A plain
 * query is cut at them before its bigrams are taken for the looser
 * search, so 是多 and 多久 do not count against an article. */
static const char *const question_words[] = {
	"是不是", "能不能", "可不可以", "有没有", "怎么办", "多长时间",
	"什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "多少", "多久",
	"多长", "是否", "能否", "可以", "需要", "应该", "请问", "我们", "他们",
	"一下", "的", "了", "吗", "呢", "吧", "啊", "么", "我", "你", "？", "?",
	NULL
};

static int question_word_at(const char *s, int n)
{
	for (int i = 0; question_words[i]; i++) {
		int l = (int)strlen(question_words[i]);
		if (l <= n && !memcmp(s, question_words[i], (size_t)l))
			return l;
	}
	return 0;
}

struct relax {
	struct fz_buf expr;
	struct phrases ps;
	int ntok;
};

static int relax_tok(void *ctx, const char *tok, int len, int s, int e)
{
	struct relax *r = ctx;
	unsigned cp;

	(void)s;
	(void)e;
	/* a lone Han character says too little to rank by */
	if (fz_search_utf8_next(tok, len, 0, &cp) == len && fz_search_is_han(cp))
		return 0;
	for (int i = 0; i < r->ps.n; i++)
		if (!strncmp(r->ps.v[i].tok[0], tok, (size_t)len) &&
		    r->ps.v[i].tok[0][len] == '\0')
			return 0;
	if (r->ntok++)
		fz_buf_adds(&r->expr, " OR ");
	fts_string(&r->expr, tok, len);
	add_phrase(&r->ps, tok, len, 0);
	return 0;
}

static void relax_text(struct relax *r, const char *s, int n)
{
	int i = 0, start = 0, l, len;
	unsigned cp;

	while (i < n) {
		if ((l = question_word_at(s + i, n - i))) {
			fz_search_tokenize(s + start, i - start, 1, relax_tok, r);
			i += l;
			start = i;
			continue;
		}
		len = fz_search_utf8_next(s, n, i, &cp);
		i += len;
	}
	fz_search_tokenize(s + start, n - start, 1, relax_tok, r);
}

/* A plain query is words only (and perhaps 法:…): no phrase, operator or
 * parenthesis. */
static int plain(const struct parser *p)
{
	for (int i = 0; i < p->nlx; i++)
		if (p->lx[i].k != L_WORD)
			return 0;
	return 1;
}

static void plain_extras(struct parser *p, struct fz_search_query *out,
			 int strict_tokens)
{
	struct relax r;
	int st, en, refs = 0, refword = -1;
	long n, sub;

	/* direct article: [name+ref] or [name] [ref] or 法:name [ref] */
	for (int i = 0; i < p->nlx; i++) {
		struct lex *l = &p->lx[i];
		st = fz_search_find_article_ref(l->s, l->n, &en, &n, &sub);
		if (st < 0)
			continue;
		if (refs++)
			break;
		out->art_n = n;
		out->art_sub = sub;
		if (en == l->n && st > 0 && p->nlx == 1 && !p->law)
			out->art_law = fz_xstrndup(l->s, (size_t)st);
		if (st == 0 && en == l->n)
			refword = i;
	}
	if (refs != 1) {
		out->art_n = -1;
		out->art_sub = 0;
		free(out->art_law);
		out->art_law = NULL;
	} else if (refword >= 0 && p->nlx == 2 && !p->law) {
		struct lex *l = &p->lx[1 - refword];
		out->art_law = fz_xstrndup(l->s, (size_t)l->n);
	}

	memset(&r, 0, sizeof(r));
	fz_buf_init(&r.expr, 0);
	for (int i = 0; i < p->nlx; i++) {
		const char *w = p->lx[i].s;
		int wn = p->lx[i].n;
		char g[40];
		st = fz_search_find_article_ref(w, wn, &en, &n, &sub);
		if (st < 0) {
			relax_text(&r, w, wn);
			continue;
		}
		relax_text(&r, w, st);
		if (sub)
			snprintf(g, sizeof(g), "第%ld条之%ld", n, sub);
		else
			snprintf(g, sizeof(g), "第%ld条", n);
		relax_tok(&r, g, (int)strlen(g), 0, 0);
		relax_text(&r, w + en, wn - en);
	}
	/* only worth a second search if it differs from the first */
	if (r.ntok > 1 || (r.ntok == 1 && strict_tokens > 1)) {
		out->relaxed = fz_buf_detach(&r.expr, NULL);
		out->hl_relaxed = r.ps.v;
		out->nhl_relaxed = r.ps.n;
	} else {
		fz_buf_release(&r.expr);
		for (int i = 0; i < r.ps.n; i++) {
			for (int k = 0; k < r.ps.v[i].ntok; k++)
				free(r.ps.v[i].tok[k]);
			free(r.ps.v[i].tok);
		}
		free(r.ps.v);
	}
}

/* ---- public ----------------------------------------------------------- */

int fz_search_query_parse(const char *q, struct fz_search_query *out,
			  struct fz_err *err)
{
	struct parser *p;
	struct fz_buf b = FZ_BUF_INIT;
	struct phrases ps = { NULL, 0 };
	int rc, root = -1, strict_tokens = 0;
	size_t qlen = q ? strlen(q) : 0;

	memset(out, 0, sizeof(*out));
	out->art_n = -1;
	if (qlen > FZ_SEARCH_QUERY_MAX_BYTES)
		return fz_err_set(err, FZ_EQUERY, "q",
				  "检索词过长，请控制在 100 字以内");
	p = fz_xcalloc(1, sizeof(*p));
	p->q = q ? q : "";
	p->qlen = (int)qlen;
	p->err = err;
	rc = lex(p);
	if (!rc && !p->nlx && !p->law)
		rc = fail(p, "请输入检索词");
	if (!rc && p->law)
		out->law = fz_xstrndup(p->law, (size_t)p->law_n);
	if (!rc && p->nlx) {
		resolve_cn_ops(p);
		rc = parse_or(p, 0, &root);
		if (!rc && p->lx[p->pos].k != L_END)
			rc = p->lx[p->pos].k == L_RP
				? fail(p, "括号不成对，请检查括号")
				: op_error(p, p->lx[p->pos].k);
	}
	if (!rc && root >= 0) {
		int w = compile(p, root, &b, &ps, 1);
		if (w < 0)
			rc = w;
		else if (w == 0)
			rc = fail(p, "检索词中没有可检索的文字（标点符号不参与检索）");
		else if (b.err)
			rc = fail(p, "检索式过于复杂");
		else
			out->match = fz_buf_detach(&b, NULL);
	}
	out->hl = ps.v;
	out->nhl = ps.n;
	for (int i = 0; i < ps.n; i++)
		strict_tokens += ps.v[i].ntok;
	if (!rc && plain(p))
		plain_extras(p, out, strict_tokens);
	fz_buf_release(&b);
	free(p);
	return rc;
}

static void free_phrases(struct fz_search_phrase *v, int n)
{
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < v[i].ntok; k++)
			free(v[i].tok[k]);
		free(v[i].tok);
	}
	free(v);
}

void fz_search_query_release(struct fz_search_query *q)
{
	free(q->match);
	free(q->relaxed);
	free(q->law);
	free(q->art_law);
	free_phrases(q->hl, q->nhl);
	free_phrases(q->hl_relaxed, q->nhl_relaxed);
	memset(q, 0, sizeof(*q));
	q->art_n = -1;
}

/* Numeral characters (Chinese or digits) starting at s[i]; returns the
 * end offset. */
static int numeral_end(const char *s, int len, int i)
{
	/* 〇 零 一 二 两 三 四 五 六 七 八 九 十 百 千 万 */
	static const unsigned cn[] = {
		0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E24, 0x4E09, 0x56DB, 0x4E94,
		0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07,
	};
	unsigned cp;
	int l, ok;

	while (i < len) {
		l = fz_search_utf8_next(s, len, i, &cp);
		ok = (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
		for (size_t k = 0; !ok && k < sizeof(cn) / sizeof(cn[0]); k++)
			ok = cp == cn[k];
		if (!ok)
			break;
		i += l;
	}
	return i;
}

static int at(const char *s, int len, int i, const char *w)
{
	int n = (int)strlen(w);
	return i + n <= len && !memcmp(s + i, w, (size_t)n);
}

int fz_search_find_article_ref(const char *s, int len, int *end, long *n,
			       long *sub)
{
	int i = 0, l, ne, se;
	unsigned cp;

	while (i < len) {
		int di = at(s, len, i, "第");
		int ns = di ? i + 3 : i;
		ne = numeral_end(s, len, ns);
		if (ne > ns && at(s, len, ne, "条") &&
		    !fz_search_parse_number(s + ns, (size_t)(ne - ns), n)) {
			int ascii = 1;
			for (int k = ns; k < ne; k++)
				if (s[k] < '0' || s[k] > '9')
					ascii = 0;
			/* 第X条 anywhere; X条 only with Arabic digits at the
			 * end of a word (民法典1165条), as 一条 is a word */
			if (di || (ascii && ne + 3 == len && ns > 0 &&
				   (s[ns - 1] < '0' || s[ns - 1] > '9'))) {
				*end = ne + 3;
				*sub = 0;
				if (at(s, len, *end, "之")) {
					se = numeral_end(s, len, *end + 3);
					if (se > *end + 3 &&
					    !fz_search_parse_number(s + *end + 3,
						(size_t)(se - *end - 3), sub))
						*end = se;
					else
						*sub = 0;
				}
				return i;
			}
		}
		l = fz_search_utf8_next(s, len, i, &cp);
		i += l;
	}
	return -1;
}
