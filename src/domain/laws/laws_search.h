/* laws_search.h - 一键找法 over the law corpus: search, title
 * suggestions, a whole law, one article.  Each call answers a JSON object
 * (the API shapes in docs/lawsearch.md); the HTTP handlers and the
 * benchmark both call these. */
#ifndef FZ_DOMAIN_LAWS_SEARCH_H
#define FZ_DOMAIN_LAWS_SEARCH_H

#include <jansson.h>

#include "core/err.h"
#include "engine/search/search.h"
#include "store/store.h"

#define FZ_LAWS_PER_PAGE 10
#define FZ_LAWS_PER_PAGE_MAX 50
#define FZ_LAWS_SNIPPET_CHARS 120

/* How law articles are ranked: BM25 weights for (title, heading, body),
 * tiers and factors from the rowid class (laws_schema.h). */
extern const struct fz_search_spec fz_laws_search_spec;

/* Search for q (the query language of engine/search/query.h), page from
 * 1.  *out is a new object {query, items, total, capped, page, per_page,
 * relaxed, expanded, law, direct, answer, corpus_date}: `direct` is the
 * article when q names one (行政复议法 第二十条), `law` the law of a 法:
 * filter, `answer` the answer card of a question (the best article whole
 * with up to two alternatives; periods marked when it asks for a time
 * limit), `expanded` whether thesaurus or learned words were blended in.
 * The stored thesaurus (俗称 words added at lower weight, a 条文
 * nickname's article first, a 简称's law boosted), the laws whose short
 * title q holds, and the places q names (their regulations lifted to the
 * first tier) shape the ranking; the user's own words always count.  Fails with
 * FZ_EQUERY (400) for a malformed query or an unknown 法: law, FZ_EINVAL
 * for a bad page, or the store's error. */
int fz_laws_search(struct fz_store *db, const char *q, int page, int per_page,
		   json_t **out, struct fz_err *err);

/* The article text HTML-escaped with each period of time in it (六十日,
 * 十五日内, 六个月, 二年) in <mark>…</mark>; each period's text is appended
 * to the array periods (may be NULL; at most 8).  A new string: free()
 * it.  The answer card of a time question shows this. */
char *fz_laws_mark_periods(const char *text, json_t *periods);

/* Up to limit law titles containing q, best first (exact short title, in
 * force, national, shorter): {items:[{id,title,short_title,status,level,
 * region,promulgated}], corpus_date}.  An empty q gives no items (and the
 * page reads the corpus date that way); never FZ_EQUERY. */
int fz_laws_suggest(struct fz_store *db, const char *q, int limit,
		    json_t **out, struct fz_err *err);

/* The law with this id and all its articles: {law:{...}, articles:[...],
 * versions:[...]}.  FZ_ENOTFOUND when there is none. */
int fz_laws_get(struct fz_store *db, const char *id, json_t **out,
		struct fz_err *err);

/* One article of law id: which is "20", "20-1" (第二十条之一), "20之1" or
 * "第二十条".  {law:{...}, article:{...}, prev, next}.  FZ_ENOTFOUND when
 * the law or the article does not exist. */
int fz_laws_get_article(struct fz_store *db, const char *id, const char *which,
			json_t **out, struct fz_err *err);

#endif
