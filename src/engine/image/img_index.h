/* img_index.h - the on-disk index of registered pattern descriptors.
 *
 * One file, DIR/patterns.fzix: a 64-byte header then fixed-size records
 * (id, descriptor), append-only.  Adding a pattern appends one record and
 * fsyncs, so the index survives a restart and a crash loses at most the
 * record being written (a torn tail is ignored on open and cut off by the
 * next writer).  Opening maps the file (mmap): loading costs no parsing;
 * a reader also copies every record's int8 first-stage vector into one
 * array.  Search has three stages: every record's first-stage vector,
 * a coarse low-band score of the best candidates, the full tile score of
 * the best of those.
 * Records use the host's byte order; the header records it and a file
 * from another byte order is refused. */
#ifndef FZ_ENGINE_IMAGE_IMG_INDEX_H
#define FZ_ENGINE_IMAGE_IMG_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "engine/image/img_desc.h"
#include "engine/image/img_local.h"

#define FZ_IMG_INDEX_FILE "patterns.fzix"
#define FZ_IMG_INDEX_MAX_K 1000
#define FZ_IMG_INDEX_THREADS 4   /* most threads one search uses */

struct fz_img_index;

struct fz_img_hit {
	int64_t id;
	float score;                 /* exact score, [-1, 1] */
	enum fz_img_decision decision;
	struct fz_img_align align;
	size_t slot;                 /* record number in the index */
	int variant;                 /* the query's reading that scored (q->v[variant]) */
	/* fz_img_index_search_local only: score and decision are then the
	 * fused ones (img_local.h); global is the repeat's score, votes the
	 * keypoints the vote index found shared, verdict the verification */
	float global;
	int votes;
	struct fz_img_verdict verdict;
};

/* Open (creating dir and file when writable) the index in dir.  Caller
 * closes with fz_img_index_close.  FZ_EIO when the file cannot be made or
 * mapped, FZ_EINVAL when it is not an index of this version. */
int fz_img_index_open(const char *dir, int writable, struct fz_img_index **out,
		      struct fz_err *err);
void fz_img_index_close(struct fz_img_index *ix);

/* Append (id, d, loc) durably; FZ_ESTATE when opened read-only.  loc
 * (the keypoints, img_local.h) may be NULL: the record then has none and
 * is found by its repeat only. */
int fz_img_index_add(struct fz_img_index *ix, int64_t id, const struct fz_img_desc *d,
		     const struct fz_img_local *loc, struct fz_err *err);

/* Append n records (ids[i], d[i], loc[i]) with one fsync: bulk imports. */
int fz_img_index_add_many(struct fz_img_index *ix, const int64_t *ids,
			  const struct fz_img_desc *d, const struct fz_img_local *loc,
			  size_t n, struct fz_err *err);

/* Replace dir's index with one holding exactly (ids[i], d[i], loc[i]),
 * built beside it and renamed over it (a version change, a repair). */
int fz_img_index_rebuild(const char *dir, const int64_t *ids,
			 const struct fz_img_desc *d, const struct fz_img_local *loc,
			 size_t n, struct fz_err *err);

size_t fz_img_index_count(const struct fz_img_index *ix);

/* Record slot's descriptor (valid until the next add or close) and id. */
const struct fz_img_desc *fz_img_index_get(const struct fz_img_index *ix,
					   size_t slot, int64_t *id);

/* The k (1..FZ_IMG_INDEX_MAX_K) best records for q, best first, into hits
 * (room for k); *n receives how many (fewer when the index is smaller).
 * cand is how many first-stage candidates get the coarse score (0: a
 * default of max(256, 4k)); the best max(32, 2k) of those get the full
 * score and are the answer. */
int fz_img_index_search(const struct fz_img_index *ix, const struct fz_img_desc *q,
			int k, int cand, struct fz_img_hit *hits, int *n,
			struct fz_err *err);

/* The same for a query with its variant readings (fz_img_describe_query):
 * each record's score is the best over the variants. */
int fz_img_index_search_query(const struct fz_img_index *ix,
			      const struct fz_img_query *q, int k, int cand,
			      struct fz_img_hit *hits, int *n, struct fz_err *err);

/* The search with local evidence: the best FZ_IMG_INDEX_GLOBAL records
 * of the repeat search and the FZ_IMG_INDEX_VOTED designs sharing the
 * most keypoints with lq (the vote index a reader builds on open), each
 * verified (img_local.h) and ranked by the fused score; a hit's decision
 * is fz_img_match_decide's.  The k best (k <= FZ_IMG_INDEX_MAX_K). */
#define FZ_IMG_INDEX_GLOBAL 16
#define FZ_IMG_INDEX_VOTED 16
int fz_img_index_search_local(const struct fz_img_index *ix, const struct fz_img_query *q,
			      const struct fz_img_lquery *lq, int k,
			      struct fz_img_hit *hits, int *n, struct fz_err *err);

/* The keypoints of record slot. */
const struct fz_img_local *fz_img_index_local(const struct fz_img_index *ix, size_t slot);

/* Threads a search uses: 0 (the default) picks by itself (one below
 * 1,000 records, else the online CPUs up to FZ_IMG_INDEX_THREADS); n
 * forces n (tests). */
void fz_img_index_set_threads(int n);

#endif
