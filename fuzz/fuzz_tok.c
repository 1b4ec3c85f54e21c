/* fuzz_tok.c - the CJK tokenizer and the numeral parser
 * (src/engine/search/tok.c).  Invariants: no crash or leak; every token
 * is 1..FZ_SEARCH_TOK_MAX bytes of valid UTF-8 with offsets inside the
 * input; query mode gives the document tokens less at most the last one;
 * fz_search_count_tokens agrees; a parsed number is within its range. */
// fuzz-sources: src/engine/search/tok.c
// fuzz-sources: src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "engine/search/tok.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXT 4096

struct toks {
	char t[MAXT][FZ_SEARCH_TOK_MAX + 1];
	int n;
	int len;
};

static struct toks doc, qry;

static int keep(void *ctx, const char *tok, int len, int start, int end)
{
	struct toks *k = ctx;
	char *s;

	FUZZ_ASSERT(len >= 1 && len <= FZ_SEARCH_TOK_MAX);
	FUZZ_ASSERT(start >= 0 && start < end && end <= k->len);
	if (k->n == MAXT)
		return 1; /* stop: also exercises the early return */
	s = k->t[k->n++];
	memcpy(s, tok, (size_t)len);
	s[len] = '\0';
	FUZZ_ASSERT(strlen(s) == (size_t)len);
	FUZZ_ASSERT(fuzz_utf8_ok(s));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int len = size > 1 << 16 ? 1 << 16 : (int)size, rd, rq, one;
	long v;

	doc.n = qry.n = 0;
	doc.len = qry.len = len;
	rd = fz_search_tokenize(s, len, 0, keep, &doc);
	rq = fz_search_tokenize(s, len, 1, keep, &qry);
	FUZZ_ASSERT(rd == 0 || rd == 1);
	if (rd == 0 && rq == 0) {
		FUZZ_ASSERT(qry.n == doc.n || qry.n == doc.n - 1);
		for (int i = 0; i < qry.n; i++)
			FUZZ_ASSERT(!strcmp(qry.t[i], doc.t[i]));
		FUZZ_ASSERT(fz_search_count_tokens(s, len, &one) == qry.n);
		FUZZ_ASSERT(!one || qry.n == 1);
	}
	if (size <= 64 && !fz_search_parse_number(s, size, &v))
		FUZZ_ASSERT(v >= 0 && v <= 99999999);
	return 0;
}
