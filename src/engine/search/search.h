/* search.h - run a parsed query against an FTS5 table through the store,
 * rank it, and highlight what matched.
 *
 * Ranking is FTS5's BM25 with per-column weights, times a factor and
 * inside strict tiers that both derive from the rowid, so the top of a
 * large result never needs a join: the owner of a table gives better rows
 * lower tiers and encodes that in the rowids it assigns (laws_import.c
 * does this for the law corpus).  The same rowid order lets a broad query
 * rank only its first `cap` matches: those are the best-placed rows, and
 * BM25 over tens of thousands of rows would cost tens of milliseconds.
 *
 * Highlighting is done here rather than with FTS5's highlight() and
 * snippet(): overlapping bigrams give token offsets that overlap, which
 * those functions do not expect (docs/lawsearch.md). */
#ifndef FZ_ENGINE_SEARCH_SEARCH_H
#define FZ_ENGINE_SEARCH_SEARCH_H

#include <stdint.h>

#include "core/err.h"
#include "engine/search/query.h"
#include "store/store.h"

/* What to search and how to rank it.  All strings are program constants
 * pasted into SQL, never user text. */
struct fz_search_spec {
	const char *table;   /* the FTS5 table */
	const char *weights; /* bm25() column weights, e.g. "8.0, 2.0, 1.0" */
	const char *factor;  /* SQL over rowid: score multiplier ("1" = none) */
	const char *tier;    /* SQL over rowid: lower tiers first ("0" = none) */
	int cap;             /* rank at most this many matches, in rowid order */
};

struct fz_search_hit {
	int64_t rowid;
	double score;        /* lower is better (BM25 in SQLite is negative) */
};

struct fz_search_page {
	struct fz_search_hit *hits; /* owned, nhits of them */
	int nhits;
	long total;          /* matching rows, counted up to cap */
	int capped;          /* 1 when more than cap rows matched */
};

/* Run the FTS5 expression match (from fz_search_query_parse) over rows
 * with lo <= rowid <= hi, and fill *out with the hits from offset, at most
 * limit of them.  *out is zeroed first; release it with
 * fz_search_page_release().  Fails with the store's error (FZ_EIO). */
int fz_search_run(struct fz_store *db, const struct fz_search_spec *spec,
		  const char *match, int64_t lo, int64_t hi, int offset,
		  int limit, struct fz_search_page *out, struct fz_err *err);
void fz_search_page_release(struct fz_search_page *pg);

/* Make q->relaxed (a bag of words and bigrams, query.h) cheaper and no
 * worse: drop the tokens found in more than max_df rows, which carry
 * almost no weight in BM25 but cost the most to rank (行政, 人民, 规定).
 * One is kept when all are that common.  Each check reads at most max_df
 * index entries.  Fails only with the store's error. */
int fz_search_prune_relaxed(struct fz_store *db, const struct fz_search_spec *spec,
			    struct fz_search_query *q, int max_df,
			    struct fz_err *err);

/* The same with the owner's own knowledge of which tokens are common:
 * is_common(ctx, tok) answers 1 (drop it), 0 (keep it) or < 0 (an error,
 * returned).  For an owner that computed document frequencies once, at
 * import, instead of probing the index per query. */
int fz_search_prune_relaxed_by(struct fz_search_query *q,
			       int (*is_common)(void *ctx, const char *tok),
			       void *ctx);

/* Mark the places in text where any of the phrases occurs, the way the
 * tokenizer sees them.  Returns a new NUL-terminated string (free() it):
 * the text HTML-escaped, each match in <mark>…</mark>.  With max_chars > 0
 * and a longer text, only a window of about max_chars characters around
 * the most matches is kept, with "…" where it was cut.  NULL text gives
 * "". */
char *fz_search_highlight(const char *text, const struct fz_search_phrase *ph,
			  int nph, int max_chars);

#endif
