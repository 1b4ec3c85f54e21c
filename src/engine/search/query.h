/* query.h - the search box language, parsed into an FTS5 expression.
 *
 *   劳动 合同            both words (AND is implied)
 *   "行政 复议"          a phrase, as written (also “…” and ＂…＂)
 *   罚款 OR 拘留         either; also 罚款 或 拘留
 *   处罚 NOT 罚款        the first without the second; also 处罚 非 罚款
 *   罚款 AND 听证        both; also 罚款 和 听证
 *   (a OR b) c           grouping with ASCII parentheses
 *   法:行政处罚法 听证   search inside one law (also 法：)
 *   行政复议法 第二十条  names one article: the caller opens it directly
 *
 * The Chinese operators 和 或 非 count only standing alone between two
 * search terms; anywhere else they are ordinary words, because they are
 * also ordinary characters.  The English ones must be upper case and
 * always need terms on both sides (NOT needs one before it: FTS5 has no
 * "everything but").  User text never reaches FTS5 unquoted, so FTS5's own
 * syntax (column filters, NEAR, ^, *) cannot be injected.  A query that
 * cannot be understood fails with FZ_EQUERY and a Chinese message; it never
 * turns into an empty result. */
#ifndef FZ_ENGINE_SEARCH_QUERY_H
#define FZ_ENGINE_SEARCH_QUERY_H

#include "core/err.h"

#define FZ_SEARCH_QUERY_MAX_BYTES 400 /* about 130 Chinese characters */
#define FZ_SEARCH_QUERY_MAX_TERMS 24
#define FZ_SEARCH_QUERY_MAX_DEPTH 8

/* A sequence of query tokens to highlight where it occurs in a row.
 * prefix: the one token is a lone Han character matched as a prefix. */
struct fz_search_phrase {
	char **tok;
	int ntok;
	int prefix;
};

struct fz_search_query {
	char *match;    /* FTS5 MATCH expression, or NULL (a bare law filter) */
	char *relaxed;  /* looser expression for when match finds nothing: the
			   words and bigrams of a plain query, ORed, without
			   question words; NULL when no looser form exists */
	char *law;      /* text of 法:…, or NULL */
	long art_n;     /* article named by 第X条 (or X条), -1 when none */
	long art_sub;   /* X of 之X, 0 when none */
	char *art_law;  /* the law name written beside the article, or NULL;
			   art_n >= 0 with art_law or law set means "open it" */
	struct fz_search_phrase *hl;        /* phrases of match, to highlight */
	int nhl;
	struct fz_search_phrase *hl_relaxed; /* same for relaxed */
	int nhl_relaxed;
};

/* Parse the text q (UTF-8, NUL-terminated) into *out, which the caller
 * releases with fz_search_query_release() whether or not parsing worked.
 * Fails with FZ_EQUERY, field "q" and a Chinese message saying what is
 * wrong (empty, too long, unbalanced quotes or parentheses, an operator
 * without terms, nothing searchable). */
int fz_search_query_parse(const char *q, struct fz_search_query *out,
			  struct fz_err *err);
void fz_search_query_release(struct fz_search_query *q);

/* Find an article reference 第X条 / 第X条之Y / X条 in s[0..len): returns
 * its byte offset and sets *end, *n, *sub, or returns -1. */
int fz_search_find_article_ref(const char *s, int len, int *end, long *n,
			       long *sub);

#endif
