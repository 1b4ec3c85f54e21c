/* fuzz_query.c - the search box parser and the highlighter
 * (src/engine/search/query.c, search.c).  Invariants: no crash or leak; a
 * failure is FZ_EQUERY on field "q" with a UTF-8 message and no output;
 * every success gives FTS5 expressions that SQLite's FTS5 accepts (run
 * against a small in-memory table with the fazhi tokenizer); highlighting
 * the input gives UTF-8 whose only tags are <mark> and </mark>. */
// fuzz-sources: src/engine/search/query.c src/engine/search/tok.c
// fuzz-sources: src/engine/search/search.c src/store/store_sqlite.c
// fuzz-sources: src/core/buf.c src/core/err.c src/core/mem.c
// fuzz-sources: src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/search/query.h"
#include "engine/search/search.h"
#include "engine/search/tok.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fz_store *db;

static void open_db(void)
{
	struct fz_err err = FZ_ERR_INIT;

	fz_store_register_tokenizer(&fz_search_tokenizer);
	FUZZ_ASSERT(!fz_store_open(&db, ":memory:", FZ_STORE_CREATE, &err));
	FUZZ_ASSERT(!fz_store_exec(db, "CREATE VIRTUAL TABLE t USING fts5(a, b,"
		" tokenize='fazhi', prefix='1');"
		"INSERT INTO t VALUES ('中华人民共和国行政复议法',"
		" '依照本法第二十条的规定申请行政复议，罚款 SM4 abc');", &err));
}

/* The expression runs: FTS5 raises no syntax error. */
static void accepted(const char *match)
{
	struct fz_err err = FZ_ERR_INIT;
	int64_t n = -1;

	if (!match)
		return;
	FUZZ_ASSERT(fz_store_int(db, &n, &err,
		"SELECT count(*) FROM t WHERE t MATCH ?", "t", match) == 1);
	FUZZ_ASSERT(n >= 0);
}

/* Highlighted text: UTF-8, and '<' only in <mark> or </mark>. */
static void check_hl(char *h)
{
	FUZZ_ASSERT(fuzz_utf8_ok(h));
	for (char *p = strchr(h, '<'); p; p = strchr(p + 1, '<'))
		FUZZ_ASSERT(!strncmp(p, "<mark>", 6) || !strncmp(p, "</mark>", 7));
	free(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_search_query q;
	struct fz_err err = FZ_ERR_INIT;
	char *s = fuzz_cstr(data, size);
	int rc, end;
	long n, sub;

	if (!db)
		open_db();
	rc = fz_search_query_parse(s, &q, &err);
	if (rc) {
		FUZZ_ASSERT(rc == FZ_EQUERY && err.code == FZ_EQUERY);
		FUZZ_ASSERT(!strcmp(err.field, "q"));
		FUZZ_ASSERT(fuzz_utf8_ok(err.msg) && err.msg[0]);
		FUZZ_ASSERT(!q.match && !q.relaxed);
	} else {
		FUZZ_ASSERT(q.match || q.law);
		FUZZ_ASSERT(fuzz_utf8_ok(s));
		accepted(q.match);
		accepted(q.relaxed);
		FUZZ_ASSERT(q.art_n >= -1 && q.art_sub >= 0);
		if (fuzz_utf8_ok(s)) {
			check_hl(fz_search_highlight(s, q.hl, q.nhl, 0));
			check_hl(fz_search_highlight(s, q.hl_relaxed,
						     q.nhl_relaxed, 20));
		}
	}
	fz_search_query_release(&q);
	if (strlen(s) == size && size < 4096 &&
	    (rc = fz_search_find_article_ref(s, (int)size, &end, &n, &sub)) >= 0)
		FUZZ_ASSERT(rc < end && end <= (int)size && n >= 0 && sub >= 0);
	free(s);
	return 0;
}
