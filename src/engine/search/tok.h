/* tok.h - the fazhi full-text tokenizer for Chinese legal text.
 *
 * Plain C, no SQLite: src/store/ registers it as the FTS5 tokenizer
 * "fazhi" (fz_store_register_tokenizer).  The rules (docs/lawsearch.md):
 *  - Han characters give overlapping bigrams: 行政复议 -> 行政 政复 复议.
 *    A document also gives the last character of each Han run on its own
 *    (议), so every character of the text starts some token and a
 *    one-character query works as a prefix query ("议"*).
 *  - Latin letters and digits give lower-cased words; full-width forms
 *    (ＡＢＣ１２３) are folded to half-width first.
 *  - Punctuation and spaces are dropped.
 *  - Article references 第二十条 and 第20条 both give the one token
 *    "第20条" (also 款 项 章 节 编 and 之X: 第一百二十条之一 -> 第120条之1).
 *  - A query (for_query) gives the same tokens, except that the trailing
 *    character of a Han run is left out when nothing follows it, so a query
 *    run matches inside longer document runs. */
#ifndef FZ_ENGINE_SEARCH_TOK_H
#define FZ_ENGINE_SEARCH_TOK_H

#include <stddef.h>

#include "store/store.h"

/* Longest token in bytes; longer Latin words are cut to this length. */
#define FZ_SEARCH_TOK_MAX 64

/* The tokenizer as store.h wants it, named "fazhi". */
extern const struct fz_tokenizer fz_search_tokenizer;

/* Split text[0..len) into tokens and call emit(ctx, tok, toklen, start,
 * end) for each, start/end being byte offsets into text.  Invalid UTF-8
 * bytes are skipped as separators.  Returns 0, or the first non-zero value
 * emit returned (tokenizing stops there).  Never reads past len. */
int fz_search_tokenize(const char *text, int len, int for_query,
		       fz_tok_emit emit, void *ctx);

/* Parse a number written in Chinese numerals (一百二十, 两千零五, 〇) or in
 * ASCII or full-width digits, s[0..len) exactly.  Returns 0 and sets *out,
 * or -1 when s is not such a number or is above 99999999. */
int fz_search_parse_number(const char *s, size_t len, long *out);

/* Decode the UTF-8 character at s[i] (i < len): returns its length (>= 1)
 * and sets *cp, or sets *cp to 0xFFFFFFFF for an invalid byte (length 1).
 * Overlong forms and surrogates are invalid. */
int fz_search_utf8_next(const char *s, int len, int i, unsigned *cp);

/* Is cp a Han character (CJK ideographs, extensions, 〇)? */
int fz_search_is_han(unsigned cp);

/* Number of tokens a query-mode tokenization of s[0..len) gives; *one_han
 * (may be NULL) is set to 1 when that is exactly one lone Han character,
 * which the query parser turns into a prefix query. */
int fz_search_count_tokens(const char *s, int len, int *one_han);

#endif
