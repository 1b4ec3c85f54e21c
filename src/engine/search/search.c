/* search.c - rank FTS5 matches through the store API and highlight them
 * (see search.h for why the rowid carries the tier). */
#include "engine/search/search.h"

#include "core/buf.h"
#include "core/mem.h"
#include "engine/search/tok.h"

#include <stdlib.h>
#include <string.h>

/* ---- running ---------------------------------------------------------- */

/* Top-N only: SQLite keeps the best LIMIT+OFFSET rows while scanning.
 * (A count(*) OVER () here would make it keep every row; the count is a
 * separate, cheaper scan without BM25.) */
static void rank_sql(struct fz_buf *b, const struct fz_search_spec *sp)
{
	fz_buf_addf(b, "SELECT rowid, bm25(%s, %s) * (%s) AS s FROM %s"
		    " WHERE %s MATCH ? AND rowid BETWEEN ? AND ?"
		    " ORDER BY (%s), s, rowid LIMIT ? OFFSET ?",
		    sp->table, sp->weights, sp->factor, sp->table, sp->table,
		    sp->tier);
}

/* Matches of match in [lo, hi], counted up to cap + 1 (a count that
 * stops early is what makes a broad query affordable). */
static int count(struct fz_store *db, const struct fz_search_spec *sp,
		 const char *match, int64_t lo, int64_t hi, long *out,
		 struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT;
	int64_t n = 0;
	int rc;

	fz_buf_addf(&sql, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s"
		    " MATCH ? AND rowid BETWEEN ? AND ? LIMIT %d)", sp->table,
		    sp->table, sp->cap + 1);
	rc = fz_store_int(db, &n, err, sql.data, "tII", match, lo, hi);
	fz_buf_release(&sql);
	*out = (long)n;
	return rc < 0 ? rc : 0;
}

/* The rowid of the match after the first cap ones, so ranking can stop
 * there.  0 and *cut set, or < 0 on error. */
static int cut_after_cap(struct fz_store *db, const struct fz_search_spec *sp,
			 const char *match, int64_t lo, int64_t hi,
			 int64_t *cut, struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT;
	int rc;

	fz_buf_addf(&sql, "SELECT rowid FROM %s WHERE %s MATCH ?"
		    " AND rowid BETWEEN ? AND ? LIMIT 1 OFFSET %d",
		    sp->table, sp->table, sp->cap);
	rc = fz_store_int(db, cut, err, sql.data, "tII", match, lo, hi);
	fz_buf_release(&sql);
	return rc < 0 ? rc : 0;
}

int fz_search_run(struct fz_store *db, const struct fz_search_spec *spec,
		  const char *match, int64_t lo, int64_t hi, int offset,
		  int limit, struct fz_search_page *out, struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT;
	struct fz_stmt *st;
	int64_t cut = hi;
	int rc;

	memset(out, 0, sizeof(*out));
	if (offset < 0)
		offset = 0;
	if ((rc = count(db, spec, match, lo, hi, &out->total, err)))
		return rc;
	if (out->total > spec->cap) {
		if ((rc = cut_after_cap(db, spec, match, lo, hi, &cut, err)))
			return rc;
		out->capped = 1;
		out->total = spec->cap;
		hi = cut - 1;
	}
	if (limit <= 0 || offset >= out->total)
		return 0;
	out->hits = fz_xcalloc((size_t)limit, sizeof(*out->hits));
	rank_sql(&sql, spec);
	rc = fz_store_query(db, &st, err, sql.data, "tIIii", match, lo, hi,
			    limit, offset);
	fz_buf_release(&sql);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1 && out->nhits < limit) {
		struct fz_search_hit *h = &out->hits[out->nhits++];
		h->rowid = fz_stmt_int(st, 0);
		h->score = fz_stmt_double(st, 1);
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

void fz_search_page_release(struct fz_search_page *pg)
{
	free(pg->hits);
	memset(pg, 0, sizeof(*pg));
}

/* ---- pruning the relaxed query --------------------------------------- */

/* 1 when the token (an FTS5 string) is in more than max_df rows. */
static int common(struct fz_store *db, const struct fz_search_spec *sp,
		  const char *tok, int max_df, struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT, m = FZ_BUF_INIT;
	struct fz_stmt *st;
	int rc;

	fz_buf_addf(&sql, "SELECT rowid FROM %s WHERE %s MATCH ?"
		    " LIMIT 1 OFFSET %d", sp->table, sp->table, max_df);
	fz_buf_addch(&m, '"');
	for (; *tok; tok++) {
		if (*tok == '"')
			fz_buf_addch(&m, '"');
		fz_buf_addch(&m, *tok);
	}
	fz_buf_addch(&m, '"');
	rc = fz_store_query(db, &st, err, sql.data, "t", m.data);
	fz_buf_release(&sql);
	fz_buf_release(&m);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	fz_stmt_finish(st);
	return rc;
}

struct probe {
	struct fz_store *db;
	const struct fz_search_spec *spec;
	int max_df;
	struct fz_err *err;
};

static int probe_common(void *ctx, const char *tok)
{
	struct probe *p = ctx;

	return common(p->db, p->spec, tok, p->max_df, p->err);
}

int fz_search_prune_relaxed(struct fz_store *db, const struct fz_search_spec *spec,
			    struct fz_search_query *q, int max_df,
			    struct fz_err *err)
{
	struct probe p = { db, spec, max_df, err };

	return fz_search_prune_relaxed_by(q, probe_common, &p);
}

int fz_search_prune_relaxed_by(struct fz_search_query *q,
			       int (*is_common)(void *ctx, const char *tok),
			       void *ctx)
{
	struct fz_buf b = FZ_BUF_INIT;
	int keep = 0, rc = 0, n = q->nhl_relaxed;
	char *drop;

	if (!q->relaxed || n < 2)
		return 0;
	drop = fz_xcalloc((size_t)n, 1);
	for (int i = 0; i < n && rc >= 0; i++) {
		rc = is_common(ctx, q->hl_relaxed[i].tok[0]);
		drop[i] = rc == 1;
		keep += rc == 0;
	}
	if (rc < 0 || keep == n || keep == 0) {
		free(drop);
		return rc < 0 ? rc : 0;
	}
	for (int i = 0, k = 0; i < n; i++) {
		struct fz_search_phrase *ph = &q->hl_relaxed[i];
		if (drop[i]) {
			free(ph->tok[0]);
			free(ph->tok);
			continue;
		}
		if (k)
			fz_buf_adds(&b, " OR ");
		fz_buf_addch(&b, '"');
		for (const char *t = ph->tok[0]; *t; t++) {
			if (*t == '"')
				fz_buf_addch(&b, '"');
			fz_buf_addch(&b, *t);
		}
		fz_buf_addch(&b, '"');
		q->hl_relaxed[k++] = *ph;
	}
	q->nhl_relaxed = keep;
	free(q->relaxed);
	q->relaxed = fz_buf_detach(&b, NULL);
	free(drop);
	return 0;
}

/* ---- highlighting ----------------------------------------------------- */

struct dtok {
	char t[FZ_SEARCH_TOK_MAX + 1];
	int s, e;
};

struct dtoks {
	struct dtok *v;
	int n, cap;
};

static int keep_tok(void *ctx, const char *tok, int len, int s, int e)
{
	struct dtoks *d = ctx;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = fz_xrealloc(d->v, sizeof(*d->v) * (size_t)d->cap);
	}
	memcpy(d->v[d->n].t, tok, (size_t)len);
	d->v[d->n].t[len] = '\0';
	d->v[d->n].s = s;
	d->v[d->n].e = e;
	d->n++;
	return 0;
}

struct range {
	int s, e;
};

static int by_start(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->s != y->s ? (x->s > y->s) - (x->s < y->s)
			    : (x->e > y->e) - (x->e < y->e);
}

/* Byte ranges of text where a phrase matches, sorted and merged. */
static struct range *find_ranges(const char *text, int len,
				 const struct fz_search_phrase *ph, int nph,
				 int *nout)
{
	struct dtoks d = { NULL, 0, 0 };
	struct range *r = NULL;
	int n = 0, cap = 0, m;

	fz_search_tokenize(text, len, 0, keep_tok, &d);
	for (int p = 0; p < nph; p++) {
		for (int i = 0; i + ph[p].ntok <= d.n; i++) {
			int k = 0, s, e;
			for (; k < ph[p].ntok; k++) {
				const char *want = ph[p].tok[k];
				if (ph[p].prefix ? strncmp(d.v[i + k].t, want,
							   strlen(want))
						 : strcmp(d.v[i + k].t, want))
					break;
			}
			if (k < ph[p].ntok)
				continue;
			s = d.v[i].s;
			e = ph[p].prefix ? s + (int)strlen(ph[p].tok[0])
					 : d.v[i + ph[p].ntok - 1].e;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				r = fz_xrealloc(r, sizeof(*r) * (size_t)cap);
			}
			r[n].s = s;
			r[n].e = e;
			n++;
		}
	}
	free(d.v);
	if (n)
		qsort(r, (size_t)n, sizeof(*r), by_start);
	m = 0;
	for (int i = 0; i < n; i++) {
		if (m && r[i].s <= r[m - 1].e) {
			if (r[i].e > r[m - 1].e)
				r[m - 1].e = r[i].e;
		} else {
			r[m++] = r[i];
		}
	}
	*nout = n ? m : 0;
	return r;
}

static void add_escaped(struct fz_buf *b, const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': fz_buf_adds(b, "&amp;"); break;
		case '<': fz_buf_adds(b, "&lt;"); break;
		case '>': fz_buf_adds(b, "&gt;"); break;
		case '"': fz_buf_adds(b, "&quot;"); break;
		case '\'': fz_buf_adds(b, "&#39;"); break;
		default: fz_buf_addch(b, s[i]);
		}
	}
}

/* Byte offset of each character start, plus len at the end. */
static int *char_offsets(const char *text, int len, int *nchars)
{
	int *off = fz_xmalloc(sizeof(int) * ((size_t)len + 1));
	int n = 0;
	unsigned cp;

	for (int i = 0; i < len; i += fz_search_utf8_next(text, len, i, &cp))
		off[n++] = i;
	off[n] = len;
	*nchars = n;
	return off;
}

/* Characters shown before the first match of a window. */
#define LEAD_CHARS 12

/* Window [*ws, *we) in characters holding the most ranges. */
static void best_window(const struct range *r, int nr, const int *off,
			int nchars, int max, int *ws, int *we)
{
	int best = -1, ci = 0;

	*ws = 0;
	for (int i = 0; i < nr; i++) {
		int s, cnt = 0;
		while (ci < nchars && off[ci] < r[i].s)
			ci++;
		s = ci > LEAD_CHARS ? ci - LEAD_CHARS : 0;
		if (s + max > nchars)
			s = nchars - max > 0 ? nchars - max : 0;
		for (int k = i; k < nr && r[k].e <= off[s + max < nchars ? s + max
								     : nchars];
		     k++)
			cnt++;
		if (cnt > best) {
			best = cnt;
			*ws = s;
		}
	}
	*we = *ws + max < nchars ? *ws + max : nchars;
}

char *fz_search_highlight(const char *text, const struct fz_search_phrase *ph,
			  int nph, int max_chars)
{
	struct fz_buf b = FZ_BUF_INIT;
	struct range *r;
	int len = text ? (int)strlen(text) : 0, nr, nchars, ws = 0, we, *off;
	int from, to, pos;

	if (!len)
		return fz_xstrdup("");
	r = find_ranges(text, len, ph, nph, &nr);
	off = char_offsets(text, len, &nchars);
	we = nchars;
	if (max_chars > 0 && nchars > max_chars) {
		if (nr)
			best_window(r, nr, off, nchars, max_chars, &ws, &we);
		else
			we = max_chars;
	}
	from = off[ws];
	to = off[we];
	/* a cut window ends at text, not at a paragraph break */
	while (we < nchars && to > from && (text[to - 1] == '\n' || text[to - 1] == ' '))
		to--;
	if (ws > 0)
		fz_buf_adds(&b, "…");
	pos = from;
	for (int i = 0; i < nr; i++) {
		int s = r[i].s < from ? from : r[i].s;
		int e = r[i].e > to ? to : r[i].e;
		if (e <= s)
			continue;
		add_escaped(&b, text + pos, s - pos);
		fz_buf_adds(&b, "<mark>");
		add_escaped(&b, text + s, e - s);
		fz_buf_adds(&b, "</mark>");
		pos = e;
	}
	add_escaped(&b, text + pos, to - pos);
	if (we < nchars)
		fz_buf_adds(&b, "…");
	free(r);
	free(off);
	if (b.err) {
		fz_buf_release(&b);
		return fz_xstrdup("");
	}
	return fz_buf_detach(&b, NULL);
}
