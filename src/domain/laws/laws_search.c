/* laws_search.c - 一键找法: the law corpus searched through engine/search,
 * answered as JSON (shapes in docs/lawsearch.md). */
#include "domain/laws/laws_search.h"

#include "core/buf.h"
#include "core/mem.h"
#include "domain/laws/laws_schema.h"
#include "engine/search/query.h"
#include "engine/search/thesaurus.h"
#include "engine/search/tok.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XSTR(x) #x
#define STR(x) XSTR(x)
#define CLASS "(rowid >> " STR(FZ_LAWS_CLASS_SHIFT) ")"

/* Ranking (issue 6): the law's title weighs most, then the headings and
 * the article label, then the text.  Laws in force come strictly before
 * the rest; national texts, then the deployment's own province's
 * regulations (浙江, FZ_LAWS_HOME_REGION), then other provinces' (the
 * tiers); inside a tier, 司法解释/部门规章 count a little less.  A query
 * naming a place lifts that place's texts into the first tier (see
 * struct expand).  The weights were tuned on bench/lawsearch/relevance.tsv. */
const struct fz_search_spec fz_laws_search_spec = {
	"law_fts",
	"8.0, 3.0, 1.0",
	"CASE " CLASS " WHEN 2 THEN 0.95 WHEN 4 THEN 0.9 WHEN 6 THEN 0.9"
	" ELSE 1.0 END",
	"CASE WHEN " CLASS " <= 2 THEN 0 WHEN " CLASS " = 3 THEN 1"
	" WHEN " CLASS " = 4 THEN 2 ELSE 3 END",
	4000,
};

/* ... and ranks at most this many candidates: fewer lose answers (hit@5
 * on bench/lawsearch/relevance.tsv: 34 at 1000, 37 at 2000, 40 at 4000). */
#define RELAXED_CAP 4000

#define LAW_SUMMARY_COLS \
	"l.id, l.title, l.short_title, l.category, l.level, l.region," \
	" l.issuer, l.promulgated, l.effective, l.status, l.superseded_by"
#define LAW_SUMMARY_N 11

#define ARTICLE_COLS \
	"a.id, a.seq, a.no, a.n, a.sub, a.part, a.chapter, a.section, a.text"
#define ARTICLE_N 9

/* ---- JSON from rows --------------------------------------------------- */

static json_t *col_str(struct fz_stmt *st, int c)
{
	return fz_stmt_is_null(st, c) ? json_null()
				      : json_string(fz_stmt_text(st, c));
}

/* The law summary from LAW_SUMMARY_COLS starting at column c. */
static json_t *law_summary(struct fz_stmt *st, int c)
{
	static const char *const keys[LAW_SUMMARY_N] = {
		"id", "title", "short_title", "category", "level", "region",
		"issuer", "promulgated", "effective", "status", "superseded_by"
	};
	json_t *o = json_object();

	for (int i = 0; i < LAW_SUMMARY_N; i++)
		json_object_set_new(o, keys[i], col_str(st, c + i));
	return o;
}

/* "20" or "120-1": the article's key in permalinks (#/law/ID/art/KEY). */
static json_t *article_key(long n, long sub)
{
	char k[32];

	if (sub)
		snprintf(k, sizeof(k), "%ld-%ld", n, sub);
	else
		snprintf(k, sizeof(k), "%ld", n);
	return json_string(k);
}

/* The article from ARTICLE_COLS starting at column c. */
static json_t *article_obj(struct fz_stmt *st, int c)
{
	json_t *o = json_object();
	long n = (long)fz_stmt_int(st, c + 3), sub = (long)fz_stmt_int(st, c + 4);

	json_object_set_new(o, "id", json_integer(fz_stmt_int(st, c)));
	json_object_set_new(o, "seq", json_integer(fz_stmt_int(st, c + 1)));
	json_object_set_new(o, "no", json_string(fz_stmt_text(st, c + 2)));
	json_object_set_new(o, "n", json_integer(n));
	json_object_set_new(o, "sub", json_integer(sub));
	json_object_set_new(o, "key", article_key(n, sub));
	json_object_set_new(o, "part", col_str(st, c + 5));
	json_object_set_new(o, "chapter", col_str(st, c + 6));
	json_object_set_new(o, "section", col_str(st, c + 7));
	json_object_set_new(o, "text", json_string(fz_stmt_text(st, c + 8)));
	return o;
}

/* ---- finding a law by name -------------------------------------------- */

/* A name as people write it: without 《》, quotes and spaces. */
static char *clean_name(const char *s)
{
	static const char *const drop[] = {
		"《", "》", "〈", "〉", "<", ">", "\"", "“", "”", "'", " ",
		"\t", "\xe3\x80\x80", NULL
	};
	struct fz_buf b = FZ_BUF_INIT;

	while (*s) {
		int skip = 0;
		for (int i = 0; drop[i] && !skip; i++)
			if (!strncmp(s, drop[i], strlen(drop[i])))
				skip = (int)strlen(drop[i]);
		if (skip) {
			s += skip;
			continue;
		}
		fz_buf_addch(&b, *s++);
	}
	return fz_buf_detach(&b, NULL);
}

/* LIKE pattern %s% with % _ \ escaped (ESCAPE '\'). */
static char *like_pattern(const char *s, int lead, int trail)
{
	struct fz_buf b = FZ_BUF_INIT;

	if (lead)
		fz_buf_addch(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			fz_buf_addch(&b, '\\');
		fz_buf_addch(&b, *s);
	}
	if (trail)
		fz_buf_addch(&b, '%');
	return fz_buf_detach(&b, NULL);
}

/* The law best answering to name: its exact short or full title first,
 * else the shortest title containing it; in force and national first.
 * 1 and id set when found, 0 when not, < 0 on error. */
static int resolve_law(struct fz_store *db, const char *name, char id[17],
		       struct fz_err *err)
{
	char *clean = clean_name(name), *pat;
	struct fz_stmt *st;
	int rc;

	if (!clean[0] || strlen(clean) > 200) {
		free(clean);
		return 0;
	}
	/* the exact name first (an index lookup), then any title holding it */
	rc = fz_store_query(db, &st, err,
		"SELECT id FROM laws WHERE short_title = ?1 OR title = ?1"
		" ORDER BY in_force DESC, national DESC, promulgated DESC LIMIT 1",
		"t", clean);
	if (rc) {
		free(clean);
		return rc;
	}
	if ((rc = fz_stmt_step(st, err)) == 1)
		snprintf(id, 17, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	if (rc) {		/* 1 found, or an error */
		free(clean);
		return rc;
	}
	pat = like_pattern(clean, 1, 1);
	rc = fz_store_query(db, &st, err,
		"SELECT id FROM laws WHERE title LIKE ? ESCAPE '\\'"
		" ORDER BY in_force DESC, national DESC, length(short_title),"
		" promulgated DESC LIMIT 1", "t", pat);
	free(clean);
	free(pat);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		snprintf(id, 17, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc;
}

static int law_by_id(struct fz_store *db, const char *id, json_t **law,
		     struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT " LAW_SUMMARY_COLS " FROM laws l WHERE l.id = ?", "t", id);

	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		*law = law_summary(st, 0);
	fz_stmt_finish(st);
	return rc;
}

/* ---- one article ------------------------------------------------------ */

/* Article n/sub of law id with its law, and its neighbours by position:
 * 1 and *out set, 0 when missing, < 0 on error. */
static int article_with_law(struct fz_store *db, const char *id, long n,
			    long sub, json_t **out, struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *o, *art;
	int64_t seq;
	int rc = fz_store_query(db, &st, err,
		"SELECT " ARTICLE_COLS ", " LAW_SUMMARY_COLS
		" FROM law_articles a JOIN laws l ON l.id = a.law_id"
		" WHERE a.law_id = ? AND a.n = ? AND a.sub = ?", "tII", id,
		(int64_t)n, (int64_t)sub);

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) != 1) {
		fz_stmt_finish(st);
		return rc;
	}
	art = article_obj(st, 0);
	o = json_object();
	json_object_set_new(o, "law", law_summary(st, ARTICLE_N));
	json_object_set_new(o, "article", art);
	seq = fz_stmt_int(st, 1);
	fz_stmt_finish(st);
	for (int d = -1; d <= 1; d += 2) {
		json_t *nb = json_null();
		rc = fz_store_query(db, &st, err,
			"SELECT no, n, sub FROM law_articles"
			" WHERE law_id = ? AND seq = ?", "tI", id, seq + d);
		if (rc) {
			json_decref(o);
			return rc;
		}
		if ((rc = fz_stmt_step(st, err)) == 1) {
			long nn = (long)fz_stmt_int(st, 1);
			long ns = (long)fz_stmt_int(st, 2);
			nb = json_object();
			json_object_set_new(nb, "no",
					    json_string(fz_stmt_text(st, 0)));
			json_object_set_new(nb, "n", json_integer(nn));
			json_object_set_new(nb, "sub", json_integer(ns));
			json_object_set_new(nb, "key", article_key(nn, ns));
		}
		fz_stmt_finish(st);
		json_object_set_new(o, d < 0 ? "prev" : "next", nb);
		if (rc < 0) {
			json_decref(o);
			return rc;
		}
	}
	*out = o;
	return 1;
}

/* ---- search ----------------------------------------------------------- */


/* One result row: the article, its law, highlighted title and snippet. */
static int hit_item(struct fz_store *db, int64_t rowid, double score,
		    const struct fz_search_phrase *ph, int nph, json_t *items,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *o;
	char *s;
	int rc = fz_store_query(db, &st, err,
		"SELECT " ARTICLE_COLS ", " LAW_SUMMARY_COLS
		" FROM law_articles a JOIN laws l ON l.id = a.law_id"
		" WHERE a.id = ?", "I", rowid);

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		o = article_obj(st, 0);
		json_object_del(o, "text");
		s = fz_search_highlight(fz_stmt_text(st, 8), ph, nph,
					FZ_LAWS_SNIPPET_CHARS);
		json_object_set_new(o, "snippet", json_string(s));
		free(s);
		s = fz_search_highlight(fz_stmt_text(st, ARTICLE_N + 1), ph,
					nph, 0);
		json_object_set_new(o, "title_html", json_string(s));
		free(s);
		json_object_set_new(o, "law", law_summary(st, ARTICLE_N));
		json_object_set_new(o, "score", json_real(score));
		json_array_append_new(items, o);
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* The first and last article rowid of a law (consecutive, laws_schema.h). */
static int law_range(struct fz_store *db, const char *id, int64_t *lo,
		     int64_t *hi, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT min(id), max(id) FROM law_articles WHERE law_id = ?",
		"t", id);

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		*lo = fz_stmt_int(st, 0);
		*hi = fz_stmt_int(st, 1);
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* A 法: filter with no words lists the law's articles in order. */
static int list_law(struct fz_store *db, const char *id, int offset, int limit,
		    json_t *items, long *total, struct fz_err *err)
{
	struct fz_stmt *st;
	int64_t n = 0;
	int rc = fz_store_int(db, &n, err,
		"SELECT count(*) FROM law_articles WHERE law_id = ?", "t", id);

	if (rc < 0)
		return rc;
	*total = (long)n;
	rc = fz_store_query(db, &st, err,
		"SELECT a.id FROM law_articles a WHERE a.law_id = ?"
		" ORDER BY a.seq LIMIT ? OFFSET ?", "tii", id, limit, offset);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		int64_t rowid = fz_stmt_int(st, 0);
		/* hit_item prepares another statement: no conflict, the
		 * store caches statements per SQL text */
		if ((rc = hit_item(db, rowid, 0, NULL, 0, items, err)))
			break;
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

struct search {
	const char *text;         /* the query as typed */
	struct fz_search_query q;
	json_t *out, *items;
	int64_t lo, hi;
	char law_id[17];
	int offset, limit;
};

/* ---- what a query calls up beyond its words ----------------------------- */

/* Weight of the thesaurus's and the corpus's expansions beside the
 * user's own words: their BM25 counts this much, the user's fully.  A
 * row matching only expansions can still rank, below rows that match the
 * user's words about as well. */
#define EXPAND_WEIGHT 0.5
/* Learned pairs (law_related) count less again: they are statistics,
 * not a person's judgement. */
#define LEARNED_WEIGHT 0.25
/* Blending ranks this many rows of each pass beyond the page asked for;
 * pages past BLEND_MAX rows show the user's words alone. */
#define BLEND_EXTRA 30
#define BLEND_MAX 100
/* Factors on BM25 (scores are negative: above 1 is better). */
#define LAW_BOOST 2.0      /* the law the query names (简称, short title) */
#define PLACE_BOOST 1.3    /* the place the query names */
#define MAX_RANGES 16
#define MAX_EXPAND 12

/* Place names in a query and the corpus region they name.  Cities count
 * for their province (the corpus's regions are provinces).  The home
 * province's district and city are here too, so 柯桥 and 绍兴 name 浙江. */
static const struct { const char *name, *region; } places[] = {
	{ "上海", "上海" }, { "北京", "北京" }, { "重庆", "重庆" },
	{ "浙江", "浙江" }, { "杭州", "浙江" }, { "宁波", "浙江" },
	{ "温州", "浙江" }, { "绍兴", "浙江" }, { "柯桥", "浙江" },
	{ "嘉兴", "浙江" }, { "湖州", "浙江" }, { "金华", "浙江" },
	{ "台州", "浙江" }, { "衢州", "浙江" }, { "丽水", "浙江" },
	{ "舟山", "浙江" }, { "山东", "山东" }, { "济南", "山东" },
	{ "青岛", "山东" }, { "烟台", "山东" }, { "潍坊", "山东" },
	{ "广东", "广东" }, { "广州", "广东" }, { "深圳", "广东" },
	{ "珠海", "广东" }, { "佛山", "广东" }, { "东莞", "广东" },
	{ "河南", "河南" }, { "郑州", "河南" }, { "洛阳", "河南" },
	{ "开封", "河南" },
};

struct range {
	int64_t lo, hi;
};

struct expand {
	struct fz_buf terms;      /* FTS5: thesaurus expansion phrases ORed */
	int nterms;
	struct fz_buf learned;    /* FTS5: learned related words ORed */
	int nlearned;
	struct range law[MAX_RANGES];   /* named laws (and their 司法解释) */
	int nlaw;
	struct range place[MAX_RANGES]; /* local texts of named places */
	int nplace;
	int64_t art[4];           /* 条文 named by a nickname */
	int nart;
	char *factor, *tier;      /* SQL of the spec, NULL when the default */
};

static void expand_release(struct expand *x)
{
	fz_buf_release(&x->terms);
	fz_buf_release(&x->learned);
	free(x->factor);
	free(x->tier);
}

/* Add the phrase s[0..n) to an ORed FTS5 expression, quoted. */
static void add_phrase(struct fz_buf *b, int *count, const char *s, size_t n)
{
	if (*count >= MAX_EXPAND)
		return;
	if ((*count)++)
		fz_buf_adds(b, " OR ");
	fz_buf_addch(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fz_buf_addch(b, '"');
		fz_buf_addch(b, s[i]);
	}
	fz_buf_addch(b, '"');
}

struct add_ctx {
	struct expand *x;
	const char *q;
};

/* A 俗称 target part: a phrase to add, unless the user wrote it. */
static void add_target(void *ctx, const char *s, size_t n)
{
	struct add_ctx *c = ctx;
	char *w = fz_xstrndup(s, n);

	if (!strstr(c->q, w))
		add_phrase(&c->x->terms, &c->x->nterms, s, n);
	free(w);
}

static void add_range(struct range *r, int *n, int64_t lo, int64_t hi)
{
	if (*n < MAX_RANGES && lo <= hi) {
		r[*n].lo = lo;
		r[*n].hi = hi;
		(*n)++;
	}
}

static int in_ranges(const struct range *r, int n, int64_t rowid)
{
	for (int i = 0; i < n; i++)
		if (rowid >= r[i].lo && rowid <= r[i].hi)
			return 1;
	return 0;
}

/* ---- the lexicon: what a query's substrings may name ------------------ */

/* Every search needs the thesaurus, the short titles of the laws in
 * force, the places' rowid ranges and the common tokens.  Scanning them
 * in SQL per query cost about 2 ms (instr() over 3,400 titles, a probe
 * of the index per bigram); they change only at an import, so they are
 * read once into this process-wide lexicon and read again when import
 * has written a new law_meta generation.  Lookups are binary searches
 * of each substring of the query (at most LX_KEY_CHARS characters). */
#define LX_KEY_CHARS 64
#define LX_LAW_RANGES 6  /* a law's own articles and its 司法解释 */

enum { LX_TITLE, LX_COLLOQ, LX_SHORT, LX_ARTICLE };

struct lx_entry {
	char *key;      /* owned */
	int kind;
	int law;        /* LX_TITLE, LX_SHORT: index into laws; -1 none */
	char *target;   /* LX_COLLOQ: the 俗称 target, owned */
	int64_t rowid;  /* LX_ARTICLE */
};

struct lx_law {
	char *title;    /* owned */
	struct range r[LX_LAW_RANGES];
	int nr;
};

struct lx_place {
	char *region;   /* owned */
	struct range r[MAX_RANGES];
	int nr;
};

struct lexicon {
	char gen[64];
	int refs;
	struct lx_entry *e;
	size_t ne, cap;
	struct lx_law *law;
	size_t nlaw;
	struct lx_place *place;
	size_t nplace;
	char **common;  /* sorted */
	size_t ncommon;
};

static pthread_mutex_t lx_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lexicon *lx_current;

static void lx_free(struct lexicon *lx)
{
	if (!lx)
		return;
	for (size_t i = 0; i < lx->ne; i++) {
		free(lx->e[i].key);
		free(lx->e[i].target);
	}
	for (size_t i = 0; i < lx->nlaw; i++)
		free(lx->law[i].title);
	for (size_t i = 0; i < lx->nplace; i++)
		free(lx->place[i].region);
	for (size_t i = 0; i < lx->ncommon; i++)
		free(lx->common[i]);
	free(lx->e);
	free(lx->law);
	free(lx->place);
	free(lx->common);
	free(lx);
}

static struct lx_entry *lx_add(struct lexicon *lx, const char *key, int kind)
{
	struct lx_entry *e;

	if (lx->ne == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 1024;
		lx->e = fz_xrealloc(lx->e, lx->cap * sizeof(*lx->e));
	}
	e = &lx->e[lx->ne++];
	memset(e, 0, sizeof(*e));
	e->key = fz_xstrdup(key);
	e->kind = kind;
	e->law = -1;
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct lx_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->kind - y->kind;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Index of the law whose full title is t (laws are sorted by title), or -1. */
static int lx_law_by_title(const struct lexicon *lx, const char *t, size_t n)
{
	size_t lo = 0, hi = lx->nlaw;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(lx->law[mid].title, t, n);
		if (!c && lx->law[mid].title[n])
			c = 1;
		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int cmp_law(const void *a, const void *b)
{
	return strcmp(((const struct lx_law *)a)->title,
		      ((const struct lx_law *)b)->title);
}

/* The laws in force with their rowid ranges, sorted by title; their short
 * titles as LX_TITLE entries; each 司法解释's range added to the laws its
 * title cites in 《》 (it sits beside the law it interprets). */
static int lx_load_laws(struct fz_store *db, struct lexicon *lx,
			struct fz_err *err)
{
	struct fz_stmt *st;
	size_t cap = 0;
	int rc = fz_store_query(db, &st, err,
		"SELECT l.title, l.short_title, l.level, min(a.id), max(a.id)"
		" FROM laws l JOIN law_articles a ON a.law_id = l.id"
		" WHERE l.in_force = 1 GROUP BY l.id", "");
	char **shorts = NULL, **levels = NULL;

	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		struct lx_law *l;
		if (lx->nlaw == cap) {
			cap = cap ? cap * 2 : 1024;
			lx->law = fz_xrealloc(lx->law, cap * sizeof(*lx->law));
			shorts = fz_xrealloc(shorts, cap * sizeof(*shorts));
			levels = fz_xrealloc(levels, cap * sizeof(*levels));
		}
		l = &lx->law[lx->nlaw];
		memset(l, 0, sizeof(*l));
		l->title = fz_xstrdup(fz_stmt_text(st, 0));
		shorts[lx->nlaw] = fz_xstrdup(fz_stmt_text(st, 1));
		levels[lx->nlaw] = fz_xstrdup(fz_stmt_text(st, 2));
		l->r[0].lo = fz_stmt_int(st, 3);
		l->r[0].hi = fz_stmt_int(st, 4);
		l->nr = 1;
		lx->nlaw++;
	}
	fz_stmt_finish(st);
	if (rc >= 0) {
		/* sort an index so the short titles and levels follow */
		struct lx_law *sorted;
		char **s2 = fz_xcalloc(lx->nlaw ? lx->nlaw : 1, sizeof(*s2));
		char **l2 = fz_xcalloc(lx->nlaw ? lx->nlaw : 1, sizeof(*l2));
		/* sort by title; nr carries each law's old index meanwhile,
		 * so its short title and level follow it */
		sorted = fz_xcalloc(lx->nlaw ? lx->nlaw : 1, sizeof(*sorted));
		for (size_t i = 0; i < lx->nlaw; i++) {
			sorted[i] = lx->law[i];
			sorted[i].nr = (int)i; /* carries the old index */
		}
		qsort(sorted, lx->nlaw, sizeof(*sorted), cmp_law);
		for (size_t i = 0; i < lx->nlaw; i++) {
			size_t old = (size_t)sorted[i].nr;
			s2[i] = shorts[old];
			l2[i] = levels[old];
			sorted[i].nr = 1;
		}
		free(lx->law);
		lx->law = sorted;
		free(shorts);
		free(levels);
		shorts = s2;
		levels = l2;
		for (size_t i = 0; i < lx->nlaw; i++) {
			const char *t = lx->law[i].title, *p = t;
			if (strlen(shorts[i]) >= 6)
				lx_add(lx, shorts[i], LX_TITLE)->law = (int)i;
			if (strcmp(levels[i], "司法解释"))
				continue;
			while ((p = strstr(p, "《"))) {
				const char *e = strstr(p + 3, "》");
				int li;
				if (!e)
					break;
				li = lx_law_by_title(lx, p + 3, (size_t)(e - p - 3));
				if (li >= 0 && li != (int)i &&
				    lx->law[li].nr < LX_LAW_RANGES)
					lx->law[li].r[lx->law[li].nr++] =
						lx->law[i].r[0];
				p = e;
			}
		}
	}
	for (size_t i = 0; i < lx->nlaw; i++) {
		free(shorts ? shorts[i] : NULL);
		free(levels ? levels[i] : NULL);
	}
	free(shorts);
	free(levels);
	return rc < 0 ? rc : 0;
}

static int lx_load_thesaurus(struct fz_store *db, struct lexicon *lx,
			     struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT t.term, t.kind, t.target, a.id FROM law_thesaurus t"
		" LEFT JOIN law_articles a ON t.kind = '条文' AND"
		" a.law_id = t.law_id AND a.n = t.n AND a.sub = t.sub", "");

	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		int kind = fz_thesaurus_kind_of(fz_stmt_text(st, 1));
		const char *term = fz_stmt_text(st, 0);
		if (kind == FZ_THES_COLLOQ) {
			lx_add(lx, term, LX_COLLOQ)->target =
				fz_xstrdup(fz_stmt_text(st, 2));
		} else if (kind == FZ_THES_ARTICLE && !fz_stmt_is_null(st, 3)) {
			lx_add(lx, term, LX_ARTICLE)->rowid = fz_stmt_int(st, 3);
		} else if (kind == FZ_THES_SHORT) {
			const char *t = fz_stmt_text(st, 2);
			int li = lx_law_by_title(lx, t, strlen(t));
			if (li >= 0)
				lx_add(lx, term, LX_SHORT)->law = li;
		}
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

static int lx_load_places(struct fz_store *db, struct lexicon *lx,
			  struct fz_err *err)
{
	struct fz_stmt *st;
	size_t cap = 0;
	int rc = fz_store_query(db, &st, err, "SELECT region, lo, hi FROM"
				" law_places ORDER BY region, lo", "");

	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		const char *r = fz_stmt_text(st, 0);
		struct lx_place *p = lx->nplace ? &lx->place[lx->nplace - 1] : NULL;
		if (!p || strcmp(p->region, r)) {
			if (lx->nplace == cap) {
				cap = cap ? cap * 2 : 16;
				lx->place = fz_xrealloc(lx->place,
							cap * sizeof(*lx->place));
			}
			p = &lx->place[lx->nplace++];
			memset(p, 0, sizeof(*p));
			p->region = fz_xstrdup(r);
		}
		add_range(p->r, &p->nr, fz_stmt_int(st, 1), fz_stmt_int(st, 2));
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

static int lx_load_common(struct fz_store *db, struct lexicon *lx,
			  struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, "SELECT value FROM law_meta"
				" WHERE key = 'common_tokens'", "");

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		char *all = fz_xstrdup(fz_stmt_text(st, 0)), *save = NULL;
		size_t cap = 0;
		for (char *t = strtok_r(all, " ", &save); t;
		     t = strtok_r(NULL, " ", &save)) {
			if (lx->ncommon == cap) {
				cap = cap ? cap * 2 : 256;
				lx->common = fz_xrealloc(lx->common,
							 cap * sizeof(char *));
			}
			lx->common[lx->ncommon++] = fz_xstrdup(t);
		}
		free(all);
		if (lx->ncommon) /* qsort() of NULL is undefined, even empty */
			qsort(lx->common, lx->ncommon, sizeof(char *), cmp_str);
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* The lexicon for db's current generation, with a reference the caller
 * gives back with lx_put(); built when the generation changed.  A
 * database no import has derived (no generation) gets an empty one. */
static int lx_get(struct fz_store *db, struct lexicon **out, struct fz_err *err)
{
	char gen[64] = "";
	struct fz_stmt *st;
	struct lexicon *lx;
	int rc = fz_store_query(db, &st, err, "SELECT value FROM law_meta"
				" WHERE key = 'generation'", "");

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1)
		snprintf(gen, sizeof(gen), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	pthread_mutex_lock(&lx_lock);
	if (lx_current && !strcmp(lx_current->gen, gen) && gen[0]) {
		lx_current->refs++;
		*out = lx_current;
		pthread_mutex_unlock(&lx_lock);
		return 0;
	}
	pthread_mutex_unlock(&lx_lock);
	/* build outside the lock: the reads take tens of milliseconds on
	 * the full corpus, and two threads building at once is harmless */
	lx = fz_xcalloc(1, sizeof(*lx));
	snprintf(lx->gen, sizeof(lx->gen), "%s", gen);
	lx->refs = 1;
	rc = lx_load_laws(db, lx, err);
	if (!rc)
		rc = lx_load_thesaurus(db, lx, err);
	if (!rc)
		rc = lx_load_places(db, lx, err);
	if (!rc)
		rc = lx_load_common(db, lx, err);
	if (rc) {
		lx_free(lx);
		return rc;
	}
	if (lx->ne)
		qsort(lx->e, lx->ne, sizeof(*lx->e), cmp_entry);
	pthread_mutex_lock(&lx_lock);
	if (gen[0]) {
		if (lx_current && --lx_current->refs == 0)
			lx_free(lx_current);
		lx_current = lx;
		lx->refs++;
	}
	pthread_mutex_unlock(&lx_lock);
	*out = lx;
	return 0;
}

static void lx_put(struct lexicon *lx)
{
	int last;

	if (!lx)
		return;
	pthread_mutex_lock(&lx_lock);
	last = --lx->refs == 0;
	pthread_mutex_unlock(&lx_lock);
	if (last)
		lx_free(lx);
}

static int lx_is_common(void *ctx, const char *tok)
{
	const struct lexicon *lx = ctx;

	return lx->ncommon && bsearch(&tok, lx->common, lx->ncommon,
				      sizeof(char *), cmp_str) != NULL;
}

/* First entry whose key is s[0..n), or NULL. */
static const struct lx_entry *lx_find(const struct lexicon *lx, const char *s,
				      size_t n)
{
	size_t lo = 0, hi = lx->ne;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(lx->e[mid].key, s, n);
		if (!c && lx->e[mid].key[n])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < lx->ne && !strncmp(lx->e[lo].key, s, n) && !lx->e[lo].key[n])
		return &lx->e[lo];
	return NULL;
}

static void add_law(struct expand *x, const struct lx_law *l)
{
	for (int i = 0; i < l->nr; i++)
		add_range(x->law, &x->nlaw, l->r[i].lo, l->r[i].hi);
}

/* Match every substring of q against the lexicon.  Short titles: the
 * longest first, none that is part of a longer one found (合同法 inside
 * 劳动合同法), at most three, and none when a 法: filter names the law. */
/* 1 when the text s[0..n) is in at least STRADDLE_DF articles. */
#define STRADDLE_DF 5
static int frequent(struct fz_store *db, const char *s, size_t n)
{
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf m = FZ_BUF_INIT;
	int rc;

	fz_buf_addch(&m, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fz_buf_addch(&m, '"');
		fz_buf_addch(&m, s[i]);
	}
	fz_buf_addch(&m, '"');
	rc = fz_store_query(db, &st, &err, "SELECT rowid FROM law_fts WHERE"
			    " law_fts MATCH ? LIMIT 1 OFFSET " STR(STRADDLE_DF),
			    "t", m.data);
	fz_buf_release(&m);
	if (rc)
		return 0;
	rc = fz_stmt_step(st, &err);
	fz_stmt_finish(st);
	return rc == 1;
}

/* A two-character term found across a word boundary is no mention of it:
 * 酒驾 inside 醉酒驾驶 is 醉酒 + 驾驶.  It straddles when the bigrams on
 * both sides of it (醉酒, 驾驶) are words of the statute.  Two probes of
 * the index, only for such short matches inside a run of Han. */
static int straddles(struct fz_store *db, const char *q, size_t i, size_t j)
{
	/* the term is two 3-byte characters with one more on each side */
	if (j - i != 6 || i < 3 || j + 3 > strlen(q) ||
	    (q[i - 3] & 0xF0) != 0xE0 || (q[j] & 0xF0) != 0xE0)
		return 0;
	return frequent(db, q + i - 3, 6) && frequent(db, q + j - 3, 6);
}

static void expand_lexicon(struct fz_store *db, const struct lexicon *lx,
			   const char *q, int thesaurus, int titles,
			   struct expand *x)
{
	struct add_ctx c = { x, q };
	const struct lx_entry *hit[16], *found[3];
	int nhit = 0, nfound = 0;
	size_t qn = strlen(q);

	for (size_t i = 0; i < qn; i++) {
		size_t j = i;
		if ((q[i] & 0xC0) == 0x80)
			continue;
		for (int chars = 0; j < qn && chars < LX_KEY_CHARS; chars++) {
			const struct lx_entry *e;
			j++;
			while (j < qn && (q[j] & 0xC0) == 0x80)
				j++;
			if (chars < 1)
				continue;
			e = lx_find(lx, q + i, j - i);
			for (; e && e < lx->e + lx->ne && !strncmp(e->key, q + i,
				j - i) && !e->key[j - i]; e++) {
				if (e->kind == LX_TITLE && titles) {
					if (nhit < 16)
						hit[nhit++] = e;
				} else if (!thesaurus || straddles(db, q, i, j)) {
					continue;
				} else if (e->kind == LX_COLLOQ) {
					fz_thesaurus_each_target(e->target, add_target, &c);
				} else if (e->kind == LX_SHORT) {
					add_law(x, &lx->law[e->law]);
				} else if (e->kind == LX_ARTICLE && x->nart < 4) {
					x->art[x->nart++] = e->rowid;
				}
			}
		}
	}
	/* the longest names first; one inside another found is the same
	 * mention (合同法 inside 劳动合同法) */
	for (int k = 1; k < nhit; k++)
		for (int m = k; m > 0 && strlen(hit[m]->key) >
		     strlen(hit[m - 1]->key); m--) {
			const struct lx_entry *t = hit[m];
			hit[m] = hit[m - 1];
			hit[m - 1] = t;
		}
	for (int k = 0; k < nhit && nfound < 3; k++) {
		int inside = 0;
		for (int m = 0; m < nfound && !inside; m++)
			inside = strstr(found[m]->key, hit[k]->key) != NULL;
		if (!inside)
			found[nfound++] = hit[k];
	}
	for (int k = 0; k < nfound; k++)
		add_law(x, &lx->law[found[k]->law]);
}

static void expand_places(const struct lexicon *lx, const char *q,
			  struct expand *x)
{
	const char *seen[8];
	int nseen = 0;

	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		int dup = 0;
		if (!strstr(q, places[i].name))
			continue;
		for (int k = 0; k < nseen; k++)
			dup |= !strcmp(seen[k], places[i].region);
		if (dup || nseen == 8)
			continue;
		seen[nseen++] = places[i].region;
		for (size_t p = 0; p < lx->nplace; p++) {
			if (strcmp(lx->place[p].region, places[i].region))
				continue;
			for (int r = 0; r < lx->place[p].nr; r++)
				add_range(x->place, &x->nplace,
					  lx->place[p].r[r].lo,
					  lx->place[p].r[r].hi);
		}
	}
}

/* Learned pairs: for each bigram of the user's words, the related words
 * the corpus import found (law_related), best first. */
static int expand_learned(struct fz_store *db, const struct fz_search_query *q,
			  struct expand *x, struct fz_err *err)
{
	const struct fz_search_phrase *ph = q->relaxed ? q->hl_relaxed : q->hl;
	int nph = q->relaxed ? q->nhl_relaxed : q->nhl;
	int rc = 0;

	for (int i = 0; i < nph && !rc && x->nlearned < MAX_EXPAND; i++) {
		struct fz_stmt *st;
		if (ph[i].ntok != 1)
			continue;
		if ((rc = fz_store_query(db, &st, err, "SELECT rel FROM"
				" law_related WHERE tok = ? ORDER BY weight DESC"
				" LIMIT 2", "t", ph[i].tok[0])))
			return rc;
		while ((rc = fz_stmt_step(st, err)) == 1)
			add_phrase(&x->learned, &x->nlearned, fz_stmt_text(st, 0),
				   strlen(fz_stmt_text(st, 0)));
		fz_stmt_finish(st);
		rc = rc < 0 ? rc : 0;
	}
	return rc;
}

/* Switches for measuring (bench/lawsearch): FZ_LAWS_NO_THESAURUS=1 turns
 * the thesaurus off, FZ_LAWS_LEARNED=1 the learned pairs on. */
static int env_on(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0");
}

static void ranges_sql(struct fz_buf *b, const struct range *r, int n)
{
	fz_buf_addch(b, '(');
	for (int i = 0; i < n; i++)
		fz_buf_addf(b, "%srowid BETWEEN %lld AND %lld", i ? " OR " : "",
			    (long long)r[i].lo, (long long)r[i].hi);
	fz_buf_addch(b, ')');
}

/* The spec's factor and tier with the named laws and places in them. */
static void expand_spec(struct expand *x, struct fz_search_spec *sp)
{
	struct fz_buf f = FZ_BUF_INIT, t = FZ_BUF_INIT;

	*sp = fz_laws_search_spec;
	if (!x->nlaw && !x->nplace)
		return;
	fz_buf_addf(&f, "(%s)", fz_laws_search_spec.factor);
	if (x->nlaw) {
		fz_buf_adds(&f, " * CASE WHEN ");
		ranges_sql(&f, x->law, x->nlaw);
		fz_buf_addf(&f, " THEN %.2f ELSE 1.0 END", LAW_BOOST);
	}
	if (x->nplace) {
		fz_buf_adds(&f, " * CASE WHEN ");
		ranges_sql(&f, x->place, x->nplace);
		fz_buf_addf(&f, " THEN %.2f ELSE 1.0 END", PLACE_BOOST);
		/* in force (classes below 5) and named: the first tier */
		fz_buf_adds(&t, "CASE WHEN ");
		ranges_sql(&t, x->place, x->nplace);
		fz_buf_addf(&t, " AND " CLASS " < 5 THEN 0 ELSE (%s) END",
			    fz_laws_search_spec.tier);
		x->tier = fz_buf_detach(&t, NULL);
		sp->tier = x->tier;
	}
	x->factor = fz_buf_detach(&f, NULL);
	sp->factor = x->factor;
	fz_buf_release(&t);
}

/* The tier of a row as sp->tier computes it, for blending in C. */
static int tier_of(const struct expand *x, int64_t rowid)
{
	int64_t cls = rowid >> FZ_LAWS_CLASS_SHIFT;

	if (x->nplace && cls < 5 && in_ranges(x->place, x->nplace, rowid))
		return 0;
	return cls <= 2 ? 0 : cls == 3 ? 1 : cls == 4 ? 2 : 3;
}

static int gather_expansions(struct fz_store *db, const struct search *s,
			     const struct lexicon *lx, struct expand *x,
			     struct fz_err *err)
{
	expand_lexicon(db, lx, s->text, !env_on("FZ_LAWS_NO_THESAURUS"),
		       !s->law_id[0], x);
	expand_places(lx, s->text, x);
	/* learned pairs lowered hit@1 and MRR on the benchmark (docs/
	 * lawsearch.md): measured, and off unless asked for */
	if (env_on("FZ_LAWS_LEARNED"))
		return expand_learned(db, &s->q, x, err);
	return 0;
}

/* ---- the answer card -------------------------------------------------- */

/* A ranked row; tier as in the spec, -1 for a 条文 nickname's article. */
struct ranked {
	int64_t rowid;
	double score;
	int tier;
};


/* Words that make a query a question (besides needing the relaxed
 * search): the card answers those. */
static const char *const question_marks[] = {
	"？", "?", "吗", "什么", "怎么", "如何", "哪些", "是否", "能否", "可以",
	"多久", "多少", "几", "谁", "期限", "多长", NULL
};
/* ... and those that ask for a time limit: the card marks periods. */
static const char *const time_marks[] = {
	"多久", "几天", "几日", "几个月", "几年", "多少天", "多少日", "多长",
	"期限", "时效", "时限", "多少年", "多少个月", "几个工作日", NULL
};

static int holds_any(const char *q, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strstr(q, words[i]))
			return 1;
	return 0;
}

/* Length of a run of numerals (Chinese or ASCII digits) at s, in bytes. */
static size_t numeral_run(const char *s)
{
	static const char *const num[] = {
		"〇", "零", "一", "二", "两", "三", "四", "五", "六", "七", "八",
		"九", "十", "百", "千", "半", NULL
	};
	size_t n = 0;

	for (;;) {
		int hit = 0;
		if (s[n] >= '0' && s[n] <= '9') {
			n++;
			continue;
		}
		for (int i = 0; num[i] && !hit; i++)
			if (!strncmp(s + n, num[i], strlen(num[i]))) {
				n += strlen(num[i]);
				hit = 1;
			}
		if (!hit)
			return n;
	}
}

/* A period at s (六十日, 十五日内, 六个月, 二年): its length, else 0.  A
 * numeral after 第 is an ordinal (第十日), not a period. */
static size_t period_at(const char *text, const char *s)
{
	static const char *const unit[] = {
		"个工作日", "工作日", "个月", "小时", "日", "天", "周", "年", NULL
	};
	static const char *const tail[] = { "以内", "内", NULL };
	size_t n = numeral_run(s);

	if (!n || (s - text >= 3 && !strncmp(s - 3, "第", 3)))
		return 0;
	for (int i = 0; unit[i]; i++) {
		size_t u = strlen(unit[i]);
		if (strncmp(s + n, unit[i], u))
			continue;
		n += u;
		for (int k = 0; tail[k]; k++)
			if (!strncmp(s + n, tail[k], strlen(tail[k]))) {
				n += strlen(tail[k]);
				break;
			}
		return n;
	}
	return 0;
}

static void add_escaped(struct fz_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': fz_buf_adds(b, "&amp;"); break;
		case '<': fz_buf_adds(b, "&lt;"); break;
		case '>': fz_buf_adds(b, "&gt;"); break;
		case '"': fz_buf_adds(b, "&quot;"); break;
		default: fz_buf_addch(b, s[i]);
		}
	}
}

char *fz_laws_mark_periods(const char *text, json_t *periods)
{
	struct fz_buf b = FZ_BUF_INIT;
	const char *p = text, *run = text;

	while (*p) {
		size_t n = period_at(text, p);
		if (!n) {
			/* step one character, never into its middle */
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
			continue;
		}
		add_escaped(&b, run, (size_t)(p - run));
		fz_buf_adds(&b, "<mark>");
		add_escaped(&b, p, n);
		fz_buf_adds(&b, "</mark>");
		if (periods && json_array_size(periods) < 8)
			json_array_append_new(periods, json_stringn(p, n));
		p += n;
		run = p;
	}
	add_escaped(&b, run, (size_t)(p - run));
	return fz_buf_detach(&b, NULL);
}

/* The card: the best article quoted whole, the next two as alternatives.
 * rk are the ranked rows of page one, n of them. */
static int answer_card(struct fz_store *db, const char *q, const struct ranked *rk,
		       int n, json_t *out, struct fz_err *err)
{
	json_t *card = NULL, *alts = json_array();
	int rc = 0, timeq = holds_any(q, time_marks);

	for (int i = 0; i < n && i < 3 && !rc; i++) {
		struct fz_stmt *st;
		if ((rc = fz_store_query(db, &st, err, "SELECT " ARTICLE_COLS ", "
				LAW_SUMMARY_COLS " FROM law_articles a JOIN laws l"
				" ON l.id = a.law_id WHERE a.id = ?", "I", rk[i].rowid)))
			break;
		if ((rc = fz_stmt_step(st, err)) == 1) {
			json_t *art = article_obj(st, 0), *law = law_summary(st, ARTICLE_N);
			if (!card) {
				json_t *periods = json_array();
				const char *text = fz_stmt_text(st, 8);
				char *html;
				if (timeq) {
					html = fz_laws_mark_periods(text, periods);
				} else {
					struct fz_buf e = FZ_BUF_INIT;
					add_escaped(&e, text, strlen(text));
					html = fz_buf_detach(&e, NULL);
				}
				card = json_object();
				json_object_set_new(card, "law", law);
				json_object_set_new(card, "article", art);
				json_object_set_new(card, "time_question",
						    json_boolean(timeq));
				json_object_set_new(card, "text_html", json_string(html));
				json_object_set_new(card, "periods", periods);
				free(html);
			} else {
				json_t *a = json_object();
				json_object_set_new(a, "law", law);
				json_object_set_new(a, "article", art);
				json_array_append_new(alts, a);
			}
		}
		fz_stmt_finish(st);
		rc = rc < 0 ? rc : 0;
	}
	if (card && !rc) {
		json_object_set_new(card, "alternatives", alts);
		json_object_set_new(out, "answer", card);
	} else {
		json_decref(alts);
		json_decref(card);
	}
	return rc;
}

/* ---- running the search ------------------------------------------------ */

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* Add w times the scores of expr's top k rows to the list; rows new to it
 * are appended.  Returns how many were new, or < 0. */
static int blend_in(struct fz_store *db, const struct fz_search_spec *sp,
		    const struct search *s, const struct expand *x,
		    const char *expr, int k, double w, struct ranked **v, int *n,
		    int *cap, struct fz_err *err)
{
	struct fz_search_page pg;
	int added = 0;
	int rc = fz_search_run(db, sp, expr, s->lo, s->hi, 0, k, &pg, err);

	for (int i = 0; !rc && i < pg.nhits; i++) {
		int j = 0;
		while (j < *n && (*v)[j].rowid != pg.hits[i].rowid)
			j++;
		if (j == *n) {
			if (*n == *cap) {
				*cap *= 2;
				*v = fz_xrealloc(*v, (size_t)*cap * sizeof(**v));
			}
			(*v)[j].rowid = pg.hits[i].rowid;
			(*v)[j].score = 0;
			(*v)[j].tier = tier_of(x, pg.hits[i].rowid);
			(*n)++;
			added++;
		}
		(*v)[j].score += w * pg.hits[i].score;
	}
	fz_search_page_release(&pg);
	return rc < 0 ? rc : added;
}

static int run_match(struct fz_store *db, struct search *s,
		     struct fz_err *err)
{
	struct fz_search_page pg;
	struct fz_search_spec sp, rs;
	struct lexicon *lx = NULL;
	struct expand x;
	struct ranked *v = NULL;
	const struct fz_search_phrase *ph = s->q.hl;
	int nph = s->q.nhl, relaxed = 0, blend, k, off, n = 0, cap;
	long total;
	int rc;

	memset(&x, 0, sizeof(x));
	memset(&pg, 0, sizeof(pg));
	rc = lx_get(db, &lx, err);
	if (!rc)
		rc = gather_expansions(db, s, lx, &x, err);
	expand_spec(&x, &sp);
	rs = sp;
	rs.cap = RELAXED_CAP;
	blend = (x.nterms || x.nlearned || x.nart) &&
		s->offset + s->limit <= BLEND_MAX;
	k = blend ? s->offset + s->limit + BLEND_EXTRA : s->limit;
	off = blend ? 0 : s->offset;
	if (!rc)
		rc = fz_search_run(db, &sp, s->q.match, s->lo, s->hi, off, k,
				   &pg, err);
	if (!rc && pg.total == 0 && s->q.relaxed) {
		fz_search_page_release(&pg);
		rc = fz_search_prune_relaxed_by(&s->q, lx_is_common, lx);
		if (!rc)
			rc = fz_search_run(db, &rs, s->q.relaxed, s->lo, s->hi,
					   off, k, &pg, err);
		ph = s->q.hl_relaxed;
		nph = s->q.nhl_relaxed;
		relaxed = 1;
	}
	total = pg.total;
	cap = pg.nhits + 64;
	v = fz_xcalloc((size_t)cap, sizeof(*v));
	for (int i = 0; i < pg.nhits; i++, n++) {
		v[n].rowid = pg.hits[i].rowid;
		v[n].score = pg.hits[i].score;
		v[n].tier = tier_of(&x, pg.hits[i].rowid);
	}
	if (!rc && blend) {
		int a = 0;
		/* the user's words weigh fully, expansions less: rows found
		 * by both add up and come first */
		if (x.nterms)
			a = blend_in(db, &rs, s, &x, x.terms.data, k,
				     EXPAND_WEIGHT, &v, &n, &cap, err);
		if (a >= 0 && x.nlearned) {
			int b = blend_in(db, &rs, s, &x, x.learned.data, k,
					 LEARNED_WEIGHT, &v, &n, &cap, err);
			a = b < 0 ? b : a + b;
		}
		rc = a < 0 ? a : 0;
		total += a > 0 ? a : 0;
		/* a rule's nickname names its article: that one first */
		for (int i = 0; !rc && i < x.nart; i++) {
			int j = 0;
			if (x.art[i] < s->lo || x.art[i] > s->hi)
				continue;
			while (j < n && v[j].rowid != x.art[i])
				j++;
			if (j == n) {
				if (n == cap) {
					cap *= 2;
					v = fz_xrealloc(v, (size_t)cap * sizeof(*v));
				}
				v[n++].rowid = x.art[i];
				total++;
			}
			v[j].tier = -1;
		}
		qsort(v, (size_t)n, sizeof(*v), cmp_ranked);
		if (total < n)
			total = n;
	}
	{
		int first = blend ? s->offset : 0;
		int last = blend ? s->offset + s->limit : n;
		if (last > n)
			last = n;
		for (int i = first; !rc && i < last; i++)
			rc = hit_item(db, v[i].rowid, v[i].score, ph, nph,
				      s->items, err);
		if (!rc && s->offset == 0 && n > 0 &&
		    (relaxed || holds_any(s->text, question_marks)))
			rc = answer_card(db, s->text, v + first, last - first,
					 s->out, err);
	}
	json_object_set_new(s->out, "total", json_integer(total));
	json_object_set_new(s->out, "capped", json_boolean(pg.capped));
	json_object_set_new(s->out, "relaxed", json_boolean(relaxed));
	json_object_set_new(s->out, "expanded", json_boolean(blend));
	fz_search_page_release(&pg);
	free(v);
	expand_release(&x);
	lx_put(lx);
	return rc;
}

/* The article q names (行政复议法 第二十条), or null. */
static int direct_article(struct fz_store *db, struct search *s,
			  struct fz_err *err)
{
	char id[17] = "";
	json_t *art = NULL;
	int rc = 0;

	if (s->q.art_n < 0)
		return 0;
	if (s->law_id[0])
		snprintf(id, sizeof(id), "%s", s->law_id);
	else if (s->q.art_law && (rc = resolve_law(db, s->q.art_law, id, err)) < 0)
		return rc;
	if (!id[0])
		return 0;
	rc = article_with_law(db, id, s->q.art_n, s->q.art_sub, &art, err);
	if (rc == 1)
		json_object_set_new(s->out, "direct", art);
	return rc < 0 ? rc : 0;
}

/* law_meta's corpus_date (the latest promulgation) as "corpus_date", or
 * null before an import derived it: the page says 法规库更新至…. */
static int corpus_date(struct fz_store *db, json_t *out, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, "SELECT value FROM law_meta"
				" WHERE key = 'corpus_date'", "");

	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	json_object_set_new(out, "corpus_date", rc == 1
			    ? json_string(fz_stmt_text(st, 0)) : json_null());
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

int fz_laws_search(struct fz_store *db, const char *q, int page, int per_page,
		   json_t **out, struct fz_err *err)
{
	struct search s;
	long total = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	if (page < 1 || page > 1000)
		return fz_err_set(err, FZ_EINVAL, "page", "页码应在 1 到 1000 之间");
	if (per_page <= 0)
		per_page = FZ_LAWS_PER_PAGE;
	if (per_page > FZ_LAWS_PER_PAGE_MAX)
		per_page = FZ_LAWS_PER_PAGE_MAX;
	if ((rc = fz_search_query_parse(q, &s.q, err))) {
		fz_search_query_release(&s.q);
		return rc;
	}
	s.text = q;
	s.offset = (page - 1) * per_page;
	s.limit = per_page;
	s.lo = 0;
	s.hi = INT64_MAX;
	s.out = json_object();
	s.items = json_array();
	json_object_set_new(s.out, "query", json_string(q));
	json_object_set_new(s.out, "page", json_integer(page));
	json_object_set_new(s.out, "per_page", json_integer(per_page));
	json_object_set_new(s.out, "law", json_null());
	json_object_set_new(s.out, "direct", json_null());
	json_object_set_new(s.out, "answer", json_null());
	if (!rc)
		rc = corpus_date(db, s.out, err);
	json_object_set(s.out, "items", s.items);
	if (s.q.law) {
		json_t *law = NULL;
		rc = resolve_law(db, s.q.law, s.law_id, err);
		if (rc == 0)
			rc = fz_err_set(err, FZ_EQUERY, "q",
					"没有找到名称含「%.100s」的法律法规", s.q.law);
		if (rc == 1)
			rc = law_range(db, s.law_id, &s.lo, &s.hi, err);
		if (!rc && law_by_id(db, s.law_id, &law, err) == 1)
			json_object_set_new(s.out, "law", law);
	}
	if (!rc)
		rc = direct_article(db, &s, err);
	if (!rc && s.q.match) {
		rc = run_match(db, &s, err);
	} else if (!rc) {
		rc = list_law(db, s.law_id, s.offset, s.limit, s.items, &total,
			      err);
		json_object_set_new(s.out, "total", json_integer(total));
		json_object_set_new(s.out, "capped", json_false());
		json_object_set_new(s.out, "relaxed", json_false());
	}
	json_decref(s.items);
	fz_search_query_release(&s.q);
	if (rc) {
		json_decref(s.out);
		return rc;
	}
	*out = s.out;
	return 0;
}

/* ---- suggestions ------------------------------------------------------ */

int fz_laws_suggest(struct fz_store *db, const char *q, int limit,
		    json_t **out, struct fz_err *err)
{
	char *clean = clean_name(q ? q : ""), *any, *pre;
	json_t *o = json_object(), *items = json_array();
	struct fz_stmt *st;
	int rc = 0;

	json_object_set_new(o, "items", items);
	if ((rc = corpus_date(db, o, err))) {
		json_decref(o);
		return rc;
	}
	if (limit <= 0 || limit > 20)
		limit = 10;
	if (!clean[0] || strlen(clean) > 200) {
		free(clean);
		*out = o;
		return 0;
	}
	any = like_pattern(clean, 1, 1);
	pre = like_pattern(clean, 0, 1);
	rc = fz_store_query(db, &st, err,
		"SELECT id, title, short_title, status, level, region, promulgated"
		" FROM laws"
		" WHERE title LIKE ?1 ESCAPE '\\'"
		" ORDER BY (short_title = ?3 OR title = ?3) DESC,"
		" (short_title LIKE ?2 ESCAPE '\\') DESC, in_force DESC,"
		" national DESC, length(short_title), promulgated DESC LIMIT ?4",
		"ttti", any, pre, clean, limit);
	free(any);
	free(pre);
	free(clean);
	if (rc) {
		json_decref(o);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1) {
		json_t *it = json_object();
		json_object_set_new(it, "id", json_string(fz_stmt_text(st, 0)));
		json_object_set_new(it, "title", json_string(fz_stmt_text(st, 1)));
		json_object_set_new(it, "short_title",
				    json_string(fz_stmt_text(st, 2)));
		json_object_set_new(it, "status", json_string(fz_stmt_text(st, 3)));
		json_object_set_new(it, "level", json_string(fz_stmt_text(st, 4)));
		json_object_set_new(it, "region", col_str(st, 5));
		json_object_set_new(it, "promulgated", col_str(st, 6));
		json_array_append_new(items, it);
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* ---- a whole law ------------------------------------------------------ */

static int valid_id(const char *id)
{
	if (!id || strlen(id) != 16)
		return 0;
	for (int i = 0; i < 16; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
			return 0;
	return 1;
}

static int not_found_law(struct fz_err *err)
{
	return fz_err_set(err, FZ_ENOTFOUND, "id", "没有找到这部法律法规");
}

/* For a text no longer in force: when it was revised (the next version's
 * promulgation) and the version in force now, following superseded_by
 * through later revisions (at most 16 hops: the chain is data).  Sets
 * law.revised_on and law.current {id, title}; both null otherwise. */
static int law_current(struct fz_store *db, const char *id, json_t *law,
		       struct fz_err *err)
{
	char cur[17];
	json_t *when = json_null(), *now = json_null();
	int rc = 0;

	snprintf(cur, sizeof(cur), "%s", id);
	for (int hop = 0; hop < 16; hop++) {
		struct fz_stmt *st;
		char next[17] = "";
		if ((rc = fz_store_query(db, &st, err, "SELECT n.id, n.title,"
				" n.promulgated, n.in_force FROM laws l JOIN laws n"
				" ON n.id = l.superseded_by WHERE l.id = ?", "t",
				cur)))
			break;
		if ((rc = fz_stmt_step(st, err)) == 1) {
			snprintf(next, sizeof(next), "%s", fz_stmt_text(st, 0));
			if (!hop) {
				json_decref(when);
				when = col_str(st, 2);
			}
			json_decref(now);
			now = json_object();
			json_object_set_new(now, "id", json_string(next));
			json_object_set_new(now, "title",
					    json_string(fz_stmt_text(st, 1)));
		}
		fz_stmt_finish(st);
		if (rc <= 0 || !strcmp(next, id))
			break;
		snprintf(cur, sizeof(cur), "%s", next);
	}
	json_object_set_new(law, "revised_on", when);
	json_object_set_new(law, "current", now);
	return rc < 0 ? rc : 0;
}

/* Details beyond the summary: history, preamble, appendix, the newer
 * version's title. */
static int law_details(struct fz_store *db, const char *id, json_t *law,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT l.subtitle, l.history, l.preamble, l.appendix,"
		" l.structure, l.articles, n.title FROM laws l"
		" LEFT JOIN laws n ON n.id = l.superseded_by WHERE l.id = ?",
		"t", id);

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		json_t *h = json_loads(fz_stmt_text(st, 1), 0, NULL);
		json_object_set_new(law, "subtitle", col_str(st, 0));
		json_object_set_new(law, "history", h ? h : json_array());
		json_object_set_new(law, "preamble", col_str(st, 2));
		json_object_set_new(law, "appendix", col_str(st, 3));
		json_object_set_new(law, "structure", col_str(st, 4));
		json_object_set_new(law, "article_count",
				    json_integer(fz_stmt_int(st, 5)));
		json_object_set_new(law, "superseded_by_title", col_str(st, 6));
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : law_current(db, id, law, err);
}

/* Other versions of the same law: same short title and region. */
static int law_versions(struct fz_store *db, const char *id, json_t *o,
			struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *v = json_array();
	int rc = fz_store_query(db, &st, err,
		"SELECT o.id, o.title, o.status, o.promulgated FROM laws l"
		" JOIN laws o ON o.short_title = l.short_title"
		" AND coalesce(o.region, '') = coalesce(l.region, '')"
		" WHERE l.id = ? ORDER BY o.promulgated DESC, o.id", "t", id);

	json_object_set_new(o, "versions", v);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		json_t *it = json_object();
		json_object_set_new(it, "id", json_string(fz_stmt_text(st, 0)));
		json_object_set_new(it, "title", json_string(fz_stmt_text(st, 1)));
		json_object_set_new(it, "status", json_string(fz_stmt_text(st, 2)));
		json_object_set_new(it, "promulgated", col_str(st, 3));
		json_array_append_new(v, it);
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

int fz_laws_get(struct fz_store *db, const char *id, json_t **out,
		struct fz_err *err)
{
	json_t *o, *law = NULL, *arts;
	struct fz_stmt *st;
	int rc;

	if (!valid_id(id))
		return not_found_law(err);
	if ((rc = law_by_id(db, id, &law, err)) <= 0)
		return rc < 0 ? rc : not_found_law(err);
	o = json_object();
	json_object_set_new(o, "law", law);
	arts = json_array();
	json_object_set_new(o, "articles", arts);
	rc = law_details(db, id, law, err);
	if (!rc)
		rc = law_versions(db, id, o, err);
	if (!rc)
		rc = fz_store_query(db, &st, err,
			"SELECT " ARTICLE_COLS " FROM law_articles a"
			" WHERE a.law_id = ? ORDER BY a.seq", "t", id);
	if (!rc) {
		while ((rc = fz_stmt_step(st, err)) == 1)
			json_array_append_new(arts, article_obj(st, 0));
		fz_stmt_finish(st);
	}
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* "20", "20-1", "20之1", "第二十条", "第二十条之一" -> n, sub. */
static int parse_which(const char *w, long *n, long *sub)
{
	char *end;
	int e;

	if (!w || !*w || strlen(w) > 64)
		return -1;
	if (w[0] >= '0' && w[0] <= '9') {
		*n = strtol(w, &end, 10);
		*sub = 0;
		if (*end == '-' || !strncmp(end, "之", 3)) {
			end += *end == '-' ? 1 : 3;
			if (*end < '0' || *end > '9')
				return -1;
			*sub = strtol(end, &end, 10);
		}
		return *end || *n < 0 || *n > 99999 || *sub < 0 || *sub > 999
			? -1 : 0;
	}
	if (fz_search_find_article_ref(w, (int)strlen(w), &e, n, sub) != 0 ||
	    w[e])
		return -1;
	return 0;
}

int fz_laws_get_article(struct fz_store *db, const char *id, const char *which,
			json_t **out, struct fz_err *err)
{
	json_t *law = NULL;
	long n, sub;
	int rc;

	if (!valid_id(id))
		return not_found_law(err);
	if ((rc = law_by_id(db, id, &law, err)) <= 0)
		return rc < 0 ? rc : not_found_law(err);
	json_decref(law);
	if (parse_which(which, &n, &sub))
		return fz_err_set(err, FZ_ENOTFOUND, "n",
				  "条文编号不正确，应为 20 或 20-1 这样的数字");
	rc = article_with_law(db, id, n, sub, out, err);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "n", "没有找到这一条");
	return rc < 0 ? rc : 0;
}
