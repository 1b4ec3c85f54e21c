/* lawbench.c - the law-search benchmark for the two SQLite engines:
 * fazhi's own tokenizer (engine/search) and FTS5's built-in trigram
 * tokenizer, on the same tables, rowids, ranking tiers and queries.
 * bench/lawsearch/run.sh drives it beside xapbench (Xapian).
 *
 *   lawbench build CORPUS DB [THESAURUS]
 *        import the corpus (and the thesaurus), derive the search tables
 *        as `fazhi import laws` does, time the fazhi index
 *   lawbench build-trigram DB     add and time the trigram index
 *   lawbench query ENGINE DB QUERIES RELEVANCE
 *        ENGINE is fazhi or trigram; prints one line per query:
 *        kind<TAB>index<TAB>ms<TAB>rank<TAB>results[<TAB>qkind]
 *        kind q: the query set (rank 0); kind r: the relevance set, rank
 *        = place of the expected article in the first 10 (0 = absent),
 *        qkind the question's kind (question, keyword, article, short).
 *        The relevance file has 5 columns (question law_id n sub
 *        citation: all questions) or 7 (… kind source).
 *        FZ_LAWS_NO_THESAURUS=1 in the environment switches fazhi's
 *        thesaurus off, FZ_LAWS_LEARNED=1 its learned pairs on
 *        (laws_search.c).
 *
 * Everything goes through store.h, as in the product. */
#include "core/buf.h"
#include "domain/laws/laws_import.h"
#include "domain/laws/laws_schema.h"
#include "domain/laws/laws_search.h"
#include "engine/search/query.h"
#include "engine/search/search.h"
#include "engine/search/tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TOPK 10
#define ROUNDS 3
#define MAXQ 512

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what, const struct fz_err *err)
{
	fprintf(stderr, "lawbench: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static struct fz_store *open_db(const char *path, int create)
{
	static const struct fz_migration *const sets[] = {
		fz_laws_migrations, NULL
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *db;

	fz_store_register_tokenizer(&fz_search_tokenizer);
	if (fz_store_open(&db, path, create ? FZ_STORE_CREATE : 0, &err))
		die("open", &err);
	if (create && fz_store_migrate(db, sets, &err))
		die("migrate", &err);
	/* connection settings to try (both SQLite engines get them) */
	if (getenv("LAWBENCH_PRAGMA") &&
	    fz_store_exec(db, getenv("LAWBENCH_PRAGMA"), &err))
		die("pragma", &err);
	return db;
}

static long long index_bytes(struct fz_store *db, const char *table)
{
	struct fz_err err = FZ_ERR_INIT;
	char pat[64];
	int64_t n = 0;

	snprintf(pat, sizeof(pat), "%s_%%", table);
	if (fz_store_int(db, &n, &err,
			 "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?",
			 "t", pat) < 0)
		die("dbstat", &err);
	return (long long)n;
}

/* Time a full rebuild of an FTS5 table from its content, then merge its
 * segments into one b-tree as a deployment would. */
static double rebuild(struct fz_store *db, const char *table)
{
	struct fz_err err = FZ_ERR_INIT;
	char sql[256];
	double t0 = now_ms();

	snprintf(sql, sizeof(sql),
		 "INSERT INTO %s(%s) VALUES('rebuild');"
		 "INSERT INTO %s(%s) VALUES('optimize')",
		 table, table, table, table);
	if (fz_store_exec(db, sql, &err))
		die(table, &err);
	return (now_ms() - t0) / 1e3;
}

static int cmd_build(const char *corpus, const char *path,
		     const char *thesaurus)
{
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *db;
	double t0, t1, import_s, index_s, learn_s;

	unlink(path);
	db = open_db(path, 1);
	t0 = now_ms();
	if (fz_laws_import_file(db, corpus, &st, stderr, &err))
		die("import", &err);
	if (thesaurus &&
	    fz_laws_import_thesaurus(db, thesaurus, stderr, NULL, &err))
		die("thesaurus", &err);
	if (fz_laws_derive(db, &err))
		die("derive", &err);
	t1 = now_ms();
	if (fz_laws_learn(db, NULL, &err))
		die("learn", &err);
	learn_s = (now_ms() - t1) / 1e3;
	import_s = (now_ms() - t0) / 1e3;
	index_s = rebuild(db, "law_fts");
	printf("fazhi\timport_s=%.2f\tlaws=%ld\tarticles=%ld\tbuild_s=%.2f"
	       "\tindex_bytes=%lld\tlearn_s=%.2f\n", import_s, st.inserted,
	       st.articles, index_s, index_bytes(db, "law_fts"), learn_s);
	fz_store_close(db);
	return 0;
}

static int cmd_build_trigram(const char *path)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *db = open_db(path, 0);
	double s;

	if (fz_store_exec(db, "DROP TABLE IF EXISTS law_tri;"
		"CREATE VIRTUAL TABLE law_tri USING fts5(title, heading, body,"
		" content='law_fts_src', content_rowid='id', tokenize='trigram')",
		&err))
		die("trigram", &err);
	s = rebuild(db, "law_tri");
	printf("trigram\tbuild_s=%.2f\tindex_bytes=%lld\n", s,
	       index_bytes(db, "law_tri"));
	fz_store_close(db);
	return 0;
}

/* ---- the two engines' searches --------------------------------------- */

struct hit {
	char law[17];
	long n, sub;
};

struct hits {
	struct hit v[TOPK];
	int n;
};

static void add_hit(struct hits *h, const char *law, long n, long sub)
{
	for (int i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].law, law) && h->v[i].n == n &&
		    h->v[i].sub == sub)
			return;
	if (h->n == TOPK)
		return;
	snprintf(h->v[h->n].law, sizeof(h->v[0].law), "%s", law);
	h->v[h->n].n = n;
	h->v[h->n].sub = sub;
	h->n++;
}

static void add_json_hit(struct hits *h, json_t *art, json_t *law)
{
	add_hit(h, json_string_value(json_object_get(law, "id")),
		(long)json_integer_value(json_object_get(art, "n")),
		(long)json_integer_value(json_object_get(art, "sub")));
}

/* fazhi: exactly what GET /api/v1/laws/search does, the article a query
 * names (direct) first. */
static int search_fazhi(struct fz_store *db, const char *q, struct hits *h)
{
	struct fz_err err = FZ_ERR_INIT;
	json_t *o, *d, *it;
	size_t i;

	h->n = 0;
	if (fz_laws_search(db, q, 1, TOPK, &o, &err))
		return err.code == FZ_EQUERY ? 0 : -1;
	d = json_object_get(o, "direct");
	if (json_is_object(d))
		add_json_hit(h, json_object_get(d, "article"),
			     json_object_get(d, "law"));
	json_array_foreach(json_object_get(o, "items"), i, it)
		add_json_hit(h, it, json_object_get(it, "law"));
	json_decref(o);
	return 0;
}

static const struct fz_search_spec *tri_spec(void)
{
	static struct fz_search_spec sp;

	sp = fz_laws_search_spec;
	sp.table = "law_tri";
	return &sp;
}

/* The same question words fazhi's parser cuts at (query.c), so both
 * engines get the same help with questions. */
static const char *const question_words[] = {
	"是不是", "能不能", "可不可以", "有没有", "怎么办", "多长时间",
	"什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "多少", "多久",
	"多长", "是否", "能否", "可以", "需要", "应该", "请问", "我们", "他们",
	"一下", "的", "了", "吗", "呢", "吧", "啊", "么", "我", "你", NULL
};

/* Number of UTF-8 characters in s[0..n). */
static int nchars(const char *s, int n)
{
	int c = 0;

	for (int i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Byte length of the first k characters of s. */
static int char_bytes(const char *s, int n, int k)
{
	int i = 0;

	while (i < n && k > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

struct words {
	char w[32][128];
	int n;
};

/* Split on spaces; drop quotes, parentheses, 法: and the operators (the
 * trigram peer gets plain words ANDed). */
static void split_words(const char *q, struct words *ws)
{
	char buf[512], *save = NULL, *t;

	snprintf(buf, sizeof(buf), "%s", q);
	for (char *p = buf; *p; p++)
		if (*p == '"' || *p == '(' || *p == ')')
			*p = ' ';
	ws->n = 0;
	for (t = strtok_r(buf, " \t", &save); t && ws->n < 32;
	     t = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(t, "AND") || !strcmp(t, "OR") || !strcmp(t, "NOT") ||
		    !strcmp(t, "和") || !strcmp(t, "或") || !strcmp(t, "非"))
			continue;
		if (!strncmp(t, "法:", 4))
			t += 4;
		else if (!strncmp(t, "法：", 6))
			t += 6;
		if (*t)
			snprintf(ws->w[ws->n++], sizeof(ws->w[0]), "%s", t);
	}
}

static void fts_quote(struct fz_buf *b, const char *s, int n)
{
	fz_buf_addch(b, '"');
	for (int i = 0; i < n; i++) {
		if (s[i] == '"')
			fz_buf_addch(b, '"');
		fz_buf_addch(b, s[i]);
	}
	fz_buf_addch(b, '"');
}

static int run_spec(struct fz_store *db, const char *match, struct hits *h)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_search_page pg;
	struct fz_stmt *st;
	int rc = fz_search_run(db, tri_spec(), match, 0, INT64_MAX, 0, TOPK,
			       &pg, &err);

	if (rc)
		return -1;
	for (int i = 0; i < pg.nhits; i++) {
		if (fz_store_query(db, &st, &err,
				   "SELECT law_id, n, sub FROM law_articles"
				   " WHERE id = ?", "I", pg.hits[i].rowid))
			break;
		if (fz_stmt_step(st, &err) == 1)
			add_hit(h, fz_stmt_text(st, 0), (long)fz_stmt_int(st, 1),
				(long)fz_stmt_int(st, 2));
		fz_stmt_finish(st);
	}
	rc = (int)pg.total;
	fz_search_page_release(&pg);
	return rc;
}

/* Words under three characters cannot use a trigram index: the peer
 * falls back to LIKE over the text, as its documentation prescribes. */
static int run_like(struct fz_store *db, const char *match, const char *w,
		    struct hits *h)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf sql = FZ_BUF_INIT, pat = FZ_BUF_INIT;
	struct fz_stmt *st;
	int rc, n = 0;

	fz_buf_addf(&pat, "%%%s%%", w);
	fz_buf_adds(&sql, "SELECT a.law_id, a.n, a.sub FROM law_tri t"
		    " JOIN law_articles a ON a.id = t.rowid WHERE");
	if (match)
		fz_buf_adds(&sql, " law_tri MATCH ?1 AND");
	fz_buf_adds(&sql, " (t.body LIKE ?2 OR t.title LIKE ?2)"
		    " ORDER BY (t.rowid >> 24) >= 5, (t.rowid >> 24) >= 3,");
	fz_buf_adds(&sql, match ? " bm25(law_tri, 8.0, 3.0, 1.0)" : " t.rowid");
	fz_buf_adds(&sql, " LIMIT 10");
	rc = fz_store_query(db, &st, &err, sql.data, "tt", match ? match : "",
			    pat.data);
	fz_buf_release(&sql);
	fz_buf_release(&pat);
	if (rc)
		return -1;
	while ((rc = fz_stmt_step(st, &err)) == 1 && n++ < TOPK)
		add_hit(h, fz_stmt_text(st, 0), (long)fz_stmt_int(st, 1),
			(long)fz_stmt_int(st, 2));
	fz_stmt_finish(st);
	return rc < 0 ? -1 : h->n;
}

/* The relaxed pass for the peer: all trigrams of the words, cut at the
 * same question words, ORed and pruned like fazhi's bigrams. */
static int tri_relaxed(struct fz_store *db, const struct words *ws,
		       struct hits *h)
{
	struct fz_search_query q;
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	int rc;

	memset(&q, 0, sizeof(q));
	for (int i = 0; i < ws->n; i++) {
		const char *s = ws->w[i];
		int n = (int)strlen(s), start = 0, k = 0;
		while (k <= n) {
			int l = 0;
			for (int j = 0; k < n && question_words[j] && !l; j++)
				if (!strncmp(s + k, question_words[j],
					     strlen(question_words[j])))
					l = (int)strlen(question_words[j]);
			if (l || k == n) {
				const char *c = s + start;
				int cn = k - start;
				for (int t = 0; nchars(c + t, cn - t) >= 3;
				     t += char_bytes(c + t, cn - t, 1)) {
					int tl = char_bytes(c + t, cn - t, 3);
					struct fz_search_phrase ph = { NULL, 1, 0 };
					if (q.nhl_relaxed)
						fz_buf_adds(&b, " OR ");
					fts_quote(&b, c + t, tl);
					ph.tok = malloc(sizeof(char *));
					ph.tok[0] = strndup(c + t, (size_t)tl);
					q.hl_relaxed = realloc(q.hl_relaxed,
						sizeof(ph) * (size_t)(q.nhl_relaxed + 1));
					q.hl_relaxed[q.nhl_relaxed++] = ph;
				}
				k += l ? l : 1;
				start = k;
				continue;
			}
			k += char_bytes(s + k, n - k, 1);
		}
	}
	if (!q.nhl_relaxed) {
		fz_buf_release(&b);
		return 0;
	}
	q.relaxed = fz_buf_detach(&b, NULL);
	q.art_n = -1;
	if (fz_search_prune_relaxed(db, tri_spec(), &q, 4000, &err))
		rc = -1;
	else
		rc = run_spec(db, q.relaxed, h);
	fz_search_query_release(&q);
	return rc;
}

static int search_trigram(struct fz_store *db, const char *q, struct hits *h)
{
	struct words ws;
	struct fz_buf b = FZ_BUF_INIT;
	const char *shortw = NULL;
	int terms = 0, rc;

	h->n = 0;
	split_words(q, &ws);
	for (int i = 0; i < ws.n; i++) {
		int n = (int)strlen(ws.w[i]);
		if (nchars(ws.w[i], n) < 3) {
			if (!shortw)
				shortw = ws.w[i];
			continue;
		}
		if (terms++)
			fz_buf_adds(&b, " AND ");
		fts_quote(&b, ws.w[i], n);
	}
	if (shortw)
		rc = run_like(db, terms ? b.data : NULL, shortw, h);
	else if (terms)
		rc = run_spec(db, b.data, h);
	else
		rc = 0;
	fz_buf_release(&b);
	if (rc == 0 && ws.n)
		rc = tri_relaxed(db, &ws, h);
	return rc < 0 ? -1 : 0;
}

/* ---- the query command ------------------------------------------------ */

struct rel {
	char q[512];
	char law[17];
	long n, sub;
};

static int read_lines(const char *path, char lines[][512], int max)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	int n = 0;

	if (!f) {
		perror(path);
		exit(1);
	}
	while (n < max && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (!buf[0] || buf[0] == '#')
			continue;
		snprintf(lines[n++], 512, "%.500s", buf);
	}
	fclose(f);
	return n;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

typedef int (*search_fn)(struct fz_store *, const char *, struct hits *);

/* Best of ROUNDS timed runs (after one untimed warm-up run): the build
 * machine is shared, and the minimum measures the engine rather than its
 * neighbours. */
static double timed(search_fn fn, struct fz_store *db, const char *q,
		    struct hits *h)
{
	double t[ROUNDS];

	if (fn(db, q, h))
		fprintf(stderr, "lawbench: query failed: %s\n", q);
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_ms();
		fn(db, q, h);
		t[r] = now_ms() - t0;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp_d);
	return t[0];
}

static char qlines[MAXQ][512];
static char rlines[MAXQ][512];

static int cmd_query(const char *engine, const char *path, const char *qfile,
		     const char *rfile)
{
	struct fz_store *db = open_db(path, 0);
	search_fn fn = !strcmp(engine, "fazhi") ? search_fazhi : search_trigram;
	struct hits h;
	int nq = read_lines(qfile, qlines, MAXQ);
	int nr = read_lines(rfile, rlines, MAXQ);

	for (int i = 0; i < nq; i++) {
		double ms = timed(fn, db, qlines[i], &h);
		printf("q\t%d\t%.3f\t0\t%d\n", i, ms, h.n);
	}
	for (int i = 0; i < nr; i++) {
		struct rel r;
		char *save = NULL, *f[7];
		int k = 0, rank = 0;
		for (char *t = strtok_r(rlines[i], "\t", &save); t && k < 7;
		     t = strtok_r(NULL, "\t", &save))
			f[k++] = t;
		if (k < 4)
			continue;
		snprintf(r.q, sizeof(r.q), "%s", f[0]);
		snprintf(r.law, sizeof(r.law), "%s", f[1]);
		r.n = atol(f[2]);
		r.sub = atol(f[3]);
		double ms = timed(fn, db, r.q, &h);
		for (int j = 0; j < h.n && !rank; j++)
			if (!strcmp(h.v[j].law, r.law) && h.v[j].n == r.n &&
			    h.v[j].sub == r.sub)
				rank = j + 1;
		printf("r\t%d\t%.3f\t%d\t%d\t%s\n", i, ms, rank, h.n,
		       k >= 6 ? f[5] : "question");
	}
	fz_store_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "build"))
		return cmd_build(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (argc == 3 && !strcmp(argv[1], "build-trigram"))
		return cmd_build_trigram(argv[2]);
	if (argc == 6 && !strcmp(argv[1], "query"))
		return cmd_query(argv[2], argv[3], argv[4], argv[5]);
	fprintf(stderr, "usage: lawbench build CORPUS DB [THESAURUS] | build-trigram DB |"
		" query fazhi|trigram DB QUERIES RELEVANCE\n");
	return 2;
}
