/* cooc.h - word pairs learned from a corpus: which tokens stand near
 * which, scored by pointwise mutual information (PMI).
 *
 * The laws import feeds it every article's bigrams; the pairs it keeps
 * become weak query expansions (law_related, docs/lawsearch.md).  Pairs
 * are counted inside a window of nearby tokens that does not cross a
 * sentence end, skipping the token right beside (an overlapping bigram:
 * 劳动 and 动合 say nothing about each other).  Plain C, no database.
 *
 *   PMI(a, b) = log( n(a,b) * N / (n(a) * n(b)) )
 *
 * N the number of tokens, n(a) a token's count, n(a,b) the pair's count.
 * Memory is bounded: the pair table has a fixed number of slots, and when
 * it fills up the pairs seen once are dropped (lossy counting), so a
 * rare pair may be undercounted; frequent ones, which are all that the
 * minimum count keeps, are not. */
#ifndef FZ_ENGINE_SEARCH_COOC_H
#define FZ_ENGINE_SEARCH_COOC_H

#include <stddef.h>

#define FZ_COOC_WINDOW 4 /* tokens after a token that pair with it */

struct fz_cooc;

/* A new counter with room for max_pairs pairs (rounded up to a power of
 * two; 1 << 22 is about 64 MB).  Aborts when out of memory (fz_xmalloc):
 * the size is the program's, not a user's.  Free with fz_cooc_free(). */
struct fz_cooc *fz_cooc_new(size_t max_pairs);
void fz_cooc_free(struct fz_cooc *c);

/* Feed the next token of the text (tok[0..len), at most 64 bytes; longer
 * ones are ignored), or a sentence end (fz_cooc_stop), which also ends a
 * document. */
void fz_cooc_add(struct fz_cooc *c, const char *tok, size_t len);
void fz_cooc_stop(struct fz_cooc *c);

/* For each token, up to per_tok partners that occur together at least
 * min_count times with PMI at least min_pmi, best first: calls
 * fn(ctx, tok, rel, pmi) for each (tokens NUL-terminated, borrowed for
 * the call).  Pairs count in both directions.  Returns the number of
 * calls. */
long fz_cooc_each(struct fz_cooc *c, long min_count, double min_pmi,
		  int per_tok,
		  void (*fn)(void *ctx, const char *tok, const char *rel,
			     double pmi),
		  void *ctx);

#endif
