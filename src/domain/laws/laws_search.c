/* laws_search.c - 一键找法: the law corpus searched through engine/search,
 * answered as JSON (shapes in docs/lawsearch.md). */
#include "domain/laws/laws_search.h"

#include "core/buf.h"
#include "core/mem.h"
#include "domain/laws/laws_schema.h"
#include "engine/search/query.h"
#include "engine/search/tok.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XSTR(x) #x
#define STR(x) XSTR(x)
#define CLASS "(rowid >> " STR(FZ_LAWS_CLASS_SHIFT) ")"

/* Ranking (issue 6): the law's title weighs most, then the headings and
 * the article label, then the text.  Laws in force come strictly before
 * the rest, national texts strictly before local ones (the tiers); inside
 * a tier, 司法解释/部门规章 and local texts outside 浙江 count a little
 * less.  The weights were tuned on bench/lawsearch/relevance.tsv. */
const struct fz_search_spec fz_laws_search_spec = {
	"law_fts",
	"8.0, 3.0, 1.0",
	"CASE " CLASS " WHEN 2 THEN 0.95 WHEN 4 THEN 0.9 WHEN 6 THEN 0.9"
	" ELSE 1.0 END",
	"CASE WHEN " CLASS " <= 2 THEN 0 WHEN " CLASS " <= 4 THEN 1 ELSE 2 END",
	4000,
};

/* A word or bigram in more rows than this (3% of the corpus) is left out
 * of a relaxed search: it says little and costs much to rank. */
#define RELAXED_MAX_DF 8000
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
	struct fz_search_query q;
	json_t *out, *items;
	int64_t lo, hi;
	char law_id[17];
	int offset, limit;
};

static int run_match(struct fz_store *db, struct search *s,
		     struct fz_err *err)
{
	struct fz_search_page pg;
	const struct fz_search_phrase *ph = s->q.hl;
	int nph = s->q.nhl, relaxed = 0;
	int rc = fz_search_run(db, &fz_laws_search_spec, s->q.match, s->lo,
			       s->hi, s->offset, s->limit, &pg, err);

	if (!rc && pg.total == 0 && s->q.relaxed) {
		fz_search_page_release(&pg);
		struct fz_search_spec rs = fz_laws_search_spec;
		rs.cap = RELAXED_CAP;
		rc = fz_search_prune_relaxed(db, &rs, &s->q, RELAXED_MAX_DF, err);
		if (!rc)
			rc = fz_search_run(db, &rs, s->q.relaxed, s->lo, s->hi,
					   s->offset, s->limit, &pg, err);
		ph = s->q.hl_relaxed;
		nph = s->q.nhl_relaxed;
		relaxed = 1;
	}
	for (int i = 0; !rc && i < pg.nhits; i++)
		rc = hit_item(db, pg.hits[i].rowid, pg.hits[i].score, ph, nph,
			      s->items, err);
	json_object_set_new(s->out, "total", json_integer(pg.total));
	json_object_set_new(s->out, "capped", json_boolean(pg.capped));
	json_object_set_new(s->out, "relaxed", json_boolean(relaxed));
	fz_search_page_release(&pg);
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
	return rc < 0 ? rc : 0;
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
