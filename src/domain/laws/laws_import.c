/* laws_import.c - read the law corpus line by line, check each record,
 * and write new or changed laws in batched transactions. */
#include "domain/laws/laws_import.h"

#include "domain/laws/laws_schema.h"
#include "engine/search/cooc.h"
#include "engine/search/thesaurus.h"
#include "engine/search/tok.h"

#include "core/mem.h"

#include <errno.h>
#include <libgen.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define BATCH_LAWS 200           /* records per transaction */
#define LINE_MAX_BYTES (16 << 20) /* longest corpus line is 0.2 MB */
#define TEXT_MAX_BYTES (4 << 20)

/* ---- reading plain or gzip input ------------------------------------- */

/* zlib reads gzip data and passes plain files through unchanged, so one
 * reader serves .jsonl and .jsonl.gz. */
static int input_open(gzFile *in, const char *path, struct fz_err *err)
{
	*in = gzopen(path, "rb");
	if (!*in)
		return fz_err_set(err, FZ_EIO, "file", "无法打开文件 %s：%s",
				  path, errno ? strerror(errno) : "内存不足");
	gzbuffer(*in, 1 << 17);
	return 0;
}

/* Next line into *line (growing it).  A line longer than LINE_MAX_BYTES
 * is skipped to its end and reported by a length above LINE_MAX_BYTES.
 * Returns the length, 0 at the end, -1 when the data is corrupt (a
 * truncated or damaged gzip file). */
static long input_line(gzFile in, char **line, size_t *cap)
{
	size_t n = 0;
	int zerr;

	for (;;) {
		if (*cap - n < 65536) {
			*cap = *cap ? *cap * 2 : 1 << 17;
			*line = fz_xrealloc(*line, *cap);
		}
		if (!gzgets(in, *line + n, (int)(*cap - n)))
			break;
		n += strlen(*line + n);
		if (n && (*line)[n - 1] == '\n')
			return (long)n;
		if (n > LINE_MAX_BYTES) {
			/* skip the rest; the caller reports it as too long */
			size_t m = 0;
			while (gzgets(in, *line, (int)*cap) &&
			       (m = strlen(*line)) && (*line)[m - 1] != '\n')
				;
			return (long)n;
		}
	}
	gzerror(in, &zerr);
	if (zerr != Z_OK && zerr != Z_STREAM_END)
		return -1;
	return (long)n;
}

/* ---- checking a record ----------------------------------------------- */

/* One checked article, pointing into the record's JSON. */
struct art {
	const char *no, *part, *chapter, *section, *text;
	long n, sub;
};

/* One checked record.  Strings point into the JSON object `j`. */
struct rec {
	json_t *j;
	const char *id, *title, *short_title, *subtitle, *category, *level,
		*region, *issuer, *promulgated, *effective, *status,
		*superseded_by, *structure, *source, *preamble, *appendix;
	char *history;  /* compact JSON text, owned */
	char digest[17];
	size_t nart;
	struct art *arts; /* owned */
};

static void rec_release(struct rec *r)
{
	free(r->history);
	free(r->arts);
	json_decref(r->j);
	memset(r, 0, sizeof(*r));
}

/* Reasons are Chinese, for the person reading the report. */
struct why {
	char msg[320];
};

static int bad(struct why *w, const char *fmt, const char *key)
{
	snprintf(w->msg, sizeof(w->msg), fmt, key);
	return -1;
}

/* A required string (non-empty, at most max bytes). */
static int need_str(json_t *o, const char *key, size_t max, const char **out,
		    struct why *w)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return bad(w, "缺少字符串字段 %s", key);
	if (json_string_length(v) == 0 || json_string_length(v) > max)
		return bad(w, "字段 %s 为空或过长", key);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return bad(w, "字段 %s 含有 NUL 字符", key);
	*out = json_string_value(v);
	return 0;
}

/* A key that must be present, holding a string or null. */
static int opt_str(json_t *o, const char *key, size_t max, const char **out,
		   struct why *w)
{
	json_t *v = json_object_get(o, key);

	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!v)
		return bad(w, "缺少字段 %s", key);
	return need_str(o, key, max, out, w);
}

static int is_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";

	if (!s)
		return 1;
	if (strlen(s) != 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return 0;
	return 1;
}

static int is_id(const char *s)
{
	if (strlen(s) != 16)
		return 0;
	for (int i = 0; i < 16; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int check_article(json_t *a, size_t i, struct art *out, struct why *w)
{
	json_t *n = json_object_get(a, "n"), *sub = json_object_get(a, "sub");
	char key[48];

	snprintf(key, sizeof(key), "articles[%zu]", i);
	if (!json_is_object(a))
		return bad(w, "%s 不是对象", key);
	if (need_str(a, "no", 64, &out->no, w) ||
	    need_str(a, "text", TEXT_MAX_BYTES, &out->text, w) ||
	    opt_str(a, "part", 512, &out->part, w) ||
	    opt_str(a, "chapter", 512, &out->chapter, w) ||
	    opt_str(a, "section", 512, &out->section, w)) {
		char m[sizeof(w->msg)];
		memcpy(m, w->msg, sizeof(m));
		snprintf(w->msg, sizeof(w->msg), "%.40s：%.200s", key, m);
		return -1;
	}
	if (!json_is_integer(n) || json_integer_value(n) < 0 ||
	    json_integer_value(n) > 99999)
		return bad(w, "%s 的 n 不是合理的条号", key);
	if (sub && !(json_is_integer(sub) && json_integer_value(sub) > 0 &&
		     json_integer_value(sub) < 1000))
		return bad(w, "%s 的 sub 不是正整数", key);
	out->n = (long)json_integer_value(n);
	out->sub = sub ? (long)json_integer_value(sub) : 0;
	return 0;
}

/* FNV-1a, 64 bits, over the record's canonical JSON: a change detector,
 * not a security check. */
static void digest_of(json_t *j, char out[17])
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	free(s);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int check_record(json_t *j, struct rec *r, struct why *w)
{
	json_t *arts = json_object_get(j, "articles");
	json_t *hist = json_object_get(j, "history");
	long prev_n = -1, prev_sub = 0;

	r->j = j;
	if (!json_is_object(j))
		return bad(w, "%s", "不是 JSON 对象");
	if (need_str(j, "id", 16, &r->id, w) ||
	    need_str(j, "title", 512, &r->title, w) ||
	    need_str(j, "short_title", 512, &r->short_title, w) ||
	    opt_str(j, "subtitle", 512, &r->subtitle, w) ||
	    need_str(j, "category", 64, &r->category, w) ||
	    need_str(j, "level", 64, &r->level, w) ||
	    opt_str(j, "region", 64, &r->region, w) ||
	    opt_str(j, "issuer", 512, &r->issuer, w) ||
	    opt_str(j, "promulgated", 10, &r->promulgated, w) ||
	    opt_str(j, "effective", 10, &r->effective, w) ||
	    need_str(j, "status", 32, &r->status, w) ||
	    opt_str(j, "superseded_by", 16, &r->superseded_by, w) ||
	    need_str(j, "structure", 16, &r->structure, w) ||
	    need_str(j, "source", 1024, &r->source, w) ||
	    opt_str(j, "preamble", TEXT_MAX_BYTES, &r->preamble, w) ||
	    opt_str(j, "appendix", TEXT_MAX_BYTES, &r->appendix, w))
		return -1;
	if (!is_id(r->id))
		return bad(w, "id「%s」不是 16 位十六进制数", r->id);
	if (r->superseded_by && !is_id(r->superseded_by))
		return bad(w, "%s", "superseded_by 不是 16 位十六进制数");
	if (!is_date(r->promulgated) || !is_date(r->effective))
		return bad(w, "%s", "日期不是 YYYY-MM-DD 格式");
	if (strcmp(r->status, "有效") && strcmp(r->status, "已被修订") &&
	    strcmp(r->status, "失效"))
		return bad(w, "status「%s」不是 有效/已被修订/失效", r->status);
	if (!json_is_array(hist))
		return bad(w, "%s", "缺少数组字段 history");
	if (!json_is_array(arts) || json_array_size(arts) == 0)
		return bad(w, "%s", "articles 不是非空数组");
	if (json_array_size(arts) > 20000)
		return bad(w, "%s", "articles 条数过多");
	r->nart = json_array_size(arts);
	r->arts = calloc(r->nart, sizeof(*r->arts));
	if (!r->arts)
		return bad(w, "%s", "内存不足");
	for (size_t i = 0; i < r->nart; i++) {
		struct art *a = &r->arts[i];
		if (check_article(json_array_get(arts, i), i, a, w))
			return -1;
		/* (n, sub) rises strictly through a law (corpus README) */
		if (a->n < prev_n || (a->n == prev_n && a->sub <= prev_sub))
			return bad(w, "条文「%s」的条号没有递增", a->no);
		prev_n = a->n;
		prev_sub = a->sub;
	}
	r->history = json_dumps(hist, JSON_COMPACT);
	if (!r->history)
		return bad(w, "%s", "history 无法编码");
	digest_of(j, r->digest);
	return 0;
}

/* ---- writing ---------------------------------------------------------- */

#define LAW_COLS \
	"title, short_title, subtitle, category, level, region, issuer," \
	" promulgated, effective, status, superseded_by, structure, source," \
	" history, preamble, appendix, articles, in_force, national, rank_class," \
	" digest"
#define LAW_FMT "tttttttttttttttt" "iiii" "t"

static int law_args(struct fz_store *db, const char *sql, const struct rec *r,
		    struct fz_err *err)
{
	int national = !r->region && strcmp(r->level, "地方性法规");
	int cls = fz_laws_class_of(r->level, r->region, r->status);

	return fz_store_run(db, err, sql, LAW_FMT "t", r->title,
		r->short_title, r->subtitle, r->category, r->level, r->region,
		r->issuer, r->promulgated, r->effective, r->status,
		r->superseded_by, r->structure, r->source, r->history,
		r->preamble, r->appendix, (int)r->nart,
		!strcmp(r->status, "有效"), national, cls, r->digest,
		r->id);
}

static const char insert_article_sql[] =
	"INSERT INTO law_articles (law_id, seq, no, n, sub, part, chapter,"
	" section, text, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* First rowid for n new articles of class cls: after the highest in use
 * in that class, so a law's articles are consecutive (laws_schema.h). */
static int next_rowid(struct fz_store *db, int cls, size_t n, int64_t *out,
		      struct fz_err *err)
{
	int64_t base = (int64_t)cls << FZ_LAWS_CLASS_SHIFT, top = base;
	int rc = fz_store_int(db, &top, err,
			      "SELECT max(id) FROM law_articles"
			      " WHERE id > ? AND id < ?", "II", base,
			      base + ((int64_t)1 << FZ_LAWS_CLASS_SHIFT));

	if (rc < 0)
		return rc;
	if (top < base)  /* max() of nothing is NULL, read as 0 */
		top = base;
	if (top + (int64_t)n >= base + ((int64_t)1 << FZ_LAWS_CLASS_SHIFT))
		return fz_err_set(err, FZ_EIO, NULL, "条文编号已用尽，请重建法规库");
	*out = top + 1;
	return 0;
}

static int insert_articles(struct fz_store *db, const struct rec *r,
			   struct fz_err *err)
{
	struct fz_stmt *st;
	int64_t id = 0;
	int rc = next_rowid(db, fz_laws_class_of(r->level, r->region,
						 r->status), r->nart, &id, err);

	for (size_t i = 0; i < r->nart && !rc; i++) {
		const struct art *a = &r->arts[i];
		if ((rc = fz_stmt_prepare(db, &st, insert_article_sql, err)))
			break;
		fz_stmt_bind_text(st, 1, r->id);
		fz_stmt_bind_int(st, 2, (int64_t)i + 1);
		fz_stmt_bind_text(st, 3, a->no);
		fz_stmt_bind_int(st, 4, a->n);
		fz_stmt_bind_int(st, 5, a->sub);
		fz_stmt_bind_text(st, 6, a->part);
		fz_stmt_bind_text(st, 7, a->chapter);
		fz_stmt_bind_text(st, 8, a->section);
		fz_stmt_bind_text(st, 9, a->text);
		fz_stmt_bind_int(st, 10, id + (int64_t)i);
		rc = fz_stmt_step(st, err);
		rc = rc > 0 ? 0 : rc;
		fz_stmt_finish(st);
	}
	return rc;
}

/* Known digest of law id into out (17 bytes); 1 found, 0 not, < 0 error. */
static int known_digest(struct fz_store *db, const char *id, char out[17],
			struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
				"SELECT digest FROM laws WHERE id = ?", "t", id);

	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		snprintf(out, 17, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc;
}

/* Write one record: 1 inserted, 2 updated, 0 unchanged, < 0 error.
 * For an update the old articles go first, while the law row still holds
 * the old title, so the index triggers delete exactly what they indexed. */
static int write_record(struct fz_store *db, const struct rec *r,
			struct fz_err *err)
{
	char old[17] = "";
	int rc = known_digest(db, r->id, old, err);

	if (rc < 0)
		return rc;
	if (rc == 1 && !strcmp(old, r->digest))
		return 0;
	if (!fz_store_in_tx(db) && (rc = fz_store_begin(db, err)))
		return rc;
	if (old[0]) {
		rc = fz_store_run(db, err,
				  "DELETE FROM law_articles WHERE law_id = ?",
				  "t", r->id);
		if (!rc)
			rc = law_args(db, "UPDATE laws SET title = ?,"
				" short_title = ?, subtitle = ?, category = ?,"
				" level = ?, region = ?, issuer = ?,"
				" promulgated = ?, effective = ?, status = ?,"
				" superseded_by = ?, structure = ?, source = ?,"
				" history = ?, preamble = ?, appendix = ?,"
				" articles = ?, in_force = ?, national = ?,"
				" rank_class = ?, digest = ? WHERE id = ?", r, err);
	} else {
		rc = law_args(db, "INSERT INTO laws (" LAW_COLS ", id) VALUES"
			" (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			" ?, ?, ?, ?)", r, err);
	}
	if (!rc)
		rc = insert_articles(db, r, err);
	return rc ? rc : old[0] ? 2 : 1;
}

/* ---- the import loop -------------------------------------------------- */

static void note_bad(struct fz_laws_import_stats *st, FILE *report, long line,
		     const char *why)
{
	st->malformed++;
	if (st->nbad < FZ_LAWS_BAD_MAX)
		st->bad_lines[st->nbad++] = line;
	if (report)
		fprintf(report, "第 %ld 行：%s，已跳过\n", line, why);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Handle one line: check, then write.  Returns 0 or a store error. */
static int import_line(struct fz_store *db, const char *line, size_t n,
		       struct fz_laws_import_stats *st, FILE *report,
		       struct fz_err *err)
{
	struct rec r;
	struct why w;
	json_error_t je;
	int rc;

	memset(&r, 0, sizeof(r));
	if (n > LINE_MAX_BYTES) {
		note_bad(st, report, st->lines, "行过长");
		return 0;
	}
	r.j = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je);
	if (!r.j) {
		snprintf(w.msg, sizeof(w.msg), "不是有效的 JSON（第 %d 列：%.160s）",
			 je.column, je.text);
		note_bad(st, report, st->lines, w.msg);
		return 0;
	}
	if (check_record(r.j, &r, &w)) {
		note_bad(st, report, st->lines, w.msg);
		rec_release(&r);
		return 0;
	}
	rc = write_record(db, &r, err);
	if (rc == 0)
		st->unchanged++;
	else if (rc == 1)
		st->inserted++;
	else if (rc == 2)
		st->updated++;
	if (rc > 0)
		st->articles += (long)r.nart;
	rec_release(&r);
	return rc < 0 ? rc : 0;
}

int fz_laws_import_file(struct fz_store *db, const char *path,
			struct fz_laws_import_stats *st, FILE *report,
			struct fz_err *err)
{
	gzFile in;
	char *line = NULL;
	size_t cap = 0;
	long n, batch = 0;
	int rc;

	memset(st, 0, sizeof(*st));
	if (fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "导入须在事务之外进行");
	if ((rc = input_open(&in, path, err)))
		return rc;
	while ((n = input_line(in, &line, &cap)) > 0) {
		st->lines++;
		if (blank(line, (size_t)n))
			continue;
		if ((rc = import_line(db, line, (size_t)n, st, report, err)))
			break;
		if (fz_store_in_tx(db) && ++batch >= BATCH_LAWS) {
			if ((rc = fz_store_commit(db, err)))
				break;
			batch = 0;
		}
	}
	free(line);
	if (!rc && fz_store_in_tx(db))
		rc = fz_store_commit(db, err);
	if (!rc && n < 0)
		rc = fz_err_set(err, FZ_EIO, "file",
				"读取 %s 失败：压缩文件不完整或已损坏（已导入前 %ld 行）",
				path, st->lines);
	if (rc)
		fz_store_rollback(db);
	gzclose(in);
	return rc;
}


/* ---- the thesaurus ---------------------------------------------------- */

/* 1 when the corpus holds what entry e points to (a 条文 article, a 简称
 * title), 0 when not, < 0 on error.  俗称 targets are words: always 1. */
static int target_known(struct fz_store *db, const struct fz_thesaurus_entry *e,
			struct fz_err *err)
{
	int64_t n = 0;
	int rc = 0;

	if (e->kind == FZ_THES_ARTICLE)
		rc = fz_store_int(db, &n, err, "SELECT count(*) FROM law_articles"
				  " WHERE law_id = ? AND n = ? AND sub = ?", "tII",
				  e->law_id, (int64_t)e->n, (int64_t)e->sub);
	else if (e->kind == FZ_THES_SHORT)
		rc = fz_store_int(db, &n, err, "SELECT count(*) FROM laws"
				  " WHERE title = ?", "t", e->target);
	else
		return 1;
	return rc < 0 ? rc : n > 0;
}

int fz_laws_import_thesaurus(struct fz_store *db, const char *path,
			     FILE *report, long *n_out, struct fz_err *err)
{
	struct fz_thesaurus t = FZ_THESAURUS_INIT;
	long unknown = 0;
	int rc, own = 0;

	if (n_out)
		*n_out = 0;
	if ((rc = fz_thesaurus_load(&t, path, report, err))) {
		fz_thesaurus_release(&t);
		return rc;
	}
	rc = fz_store_start(db, &own, err);
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM law_thesaurus", "");
	for (size_t i = 0; i < t.n && !rc; i++) {
		const struct fz_thesaurus_entry *e = &t.v[i];
		int known = target_known(db, e, err);
		if (known < 0) {
			rc = known;
			break;
		}
		if (!known && report && unknown++ < 5)
			fprintf(report, "%s:%ld: 法规库中没有「%s」指向的%s，"
				"已保留\n", path, e->line, e->term,
				e->kind == FZ_THES_ARTICLE ? "条文" : "法规");
		rc = fz_store_run(db, err, "INSERT INTO law_thesaurus (term, kind,"
			" target, source, law_id, n, sub) VALUES (?, ?, ?, ?, ?,"
			" ?, ?)", "tttttII", e->term,
			fz_thesaurus_kind_name(e->kind), e->target, e->source,
			e->kind == FZ_THES_ARTICLE ? e->law_id : NULL,
			(int64_t)e->n, (int64_t)e->sub);
	}
	if (!rc && unknown > 5 && report)
		fprintf(report, "%s: 另有 %ld 个词条的目标不在法规库中，已保留\n",
			path, unknown - 5);
	rc = fz_store_end(db, own, rc, err);
	if (!rc && n_out)
		*n_out = (long)t.n;
	fz_thesaurus_release(&t);
	return rc;
}

/* ---- derived tables --------------------------------------------------- */

/* A region's local texts: the article rowid ranges of its laws, merged
 * where one law's articles follow another's (import gives a class's laws
 * consecutive rowids in file order, and the corpus lists a region's laws
 * together, so each region is a handful of ranges). */
static int derive_places(struct fz_store *db, struct fz_err *err)
{
	struct fz_stmt *st;
	char region[64] = "";
	int64_t lo = -1, hi = -1;
	int rc = fz_store_run(db, err, "DELETE FROM law_places", "");

	if (!rc)
		rc = fz_store_query(db, &st, err,
			"SELECT l.region, min(a.id), max(a.id) FROM laws l"
			" JOIN law_articles a ON a.law_id = l.id"
			" WHERE l.region IS NOT NULL GROUP BY l.id ORDER BY 2", "");
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		const char *r = fz_stmt_text(st, 0);
		int64_t a = fz_stmt_int(st, 1), b = fz_stmt_int(st, 2);
		if (lo >= 0 && !strcmp(r, region) && a == hi + 1) {
			hi = b;
			continue;
		}
		if (lo >= 0 && (rc = fz_store_run(db, err, "INSERT INTO law_places"
				" (region, lo, hi) VALUES (?, ?, ?)", "tII",
				region, lo, hi)))
			break;
		snprintf(region, sizeof(region), "%s", r);
		lo = a;
		hi = b;
	}
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	if (lo >= 0)
		rc = fz_store_run(db, err, "INSERT INTO law_places (region, lo,"
				  " hi) VALUES (?, ?, ?)", "tII", region, lo, hi);
	return rc;
}

int fz_laws_derive(struct fz_store *db, struct fz_err *err)
{
	int own = 0;
	int rc = fz_store_start(db, &own, err);

	if (!rc)
		rc = derive_places(db, err);
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM law_meta WHERE key ="
				  " 'corpus_date'", "");
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO law_meta (key, value)"
			" SELECT 'corpus_date', max(promulgated) FROM laws"
			" WHERE promulgated IS NOT NULL HAVING count(*) > 0", "");
	/* the common tokens, from the index's own document counts
	 * (fts5vocab: SQLite, like the index itself) */
	if (!rc)
		rc = fz_store_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS"
				   " temp.law_fts_vocab USING fts5vocab(main,"
				   " 'law_fts', 'row')", err);
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM law_meta WHERE key IN"
				  " ('common_tokens', 'generation')", "");
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO law_meta (key, value)"
			" SELECT 'common_tokens', coalesce(group_concat(term, ' '),"
			" '') FROM temp.law_fts_vocab WHERE doc > ?", "i",
			FZ_LAWS_COMMON_DF);
	/* a new value at every derive: searches reload what they cache */
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO law_meta (key, value)"
			" VALUES ('generation', strftime('%Y%m%d%H%M%f', 'now')"
			" || '-' || abs(random()))", "");
	return fz_store_end(db, own, rc, err);
}

/* ---- learned word pairs ----------------------------------------------- */

/* Pair table slots: 1 << 22 is 64 MB while an import learns, enough that
 * on the full corpus (about 20 million bigrams) pruning drops only pairs
 * far below the minimum count. */
#define LEARN_SLOTS ((size_t)1 << 22)

struct learn_feed {
	struct fz_cooc *c;
	int prev_end;
};

/* Han bigrams only (two 3-byte characters): article references, Latin
 * words and the lone last character carry no pairing worth learning.  A
 * gap between tokens (punctuation, a number) ends the clause. */
static int learn_emit(void *ctx, const char *tok, int len, int start, int end)
{
	struct learn_feed *f = ctx;
	unsigned a, b;

	if (start > f->prev_end)
		fz_cooc_stop(f->c);
	f->prev_end = end;
	if (len != 6 || fz_search_utf8_next(tok, 6, 0, &a) != 3 ||
	    fz_search_utf8_next(tok, 6, 3, &b) != 3 || !fz_search_is_han(a) ||
	    !fz_search_is_han(b)) {
		fz_cooc_stop(f->c);
		return 0;
	}
	fz_cooc_add(f->c, tok, 6);
	return 0;
}

struct learn_store {
	struct fz_store *db;
	struct fz_err *err;
	int rc;
	long n;
};

static void learn_keep(void *ctx, const char *tok, const char *rel, double pmi)
{
	struct learn_store *ls = ctx;

	if (ls->rc)
		return;
	ls->rc = fz_store_run(ls->db, ls->err, "INSERT INTO law_related (tok,"
			      " rel, weight) VALUES (?, ?, ?)", "ttd", tok, rel,
			      pmi);
	ls->n += !ls->rc;
}

int fz_laws_learn(struct fz_store *db, long *n_out, struct fz_err *err)
{
	struct learn_feed f = { fz_cooc_new(LEARN_SLOTS), 0 };
	struct learn_store ls = { db, err, 0, 0 };
	struct fz_stmt *st;
	int own = 0;
	int rc = fz_store_query(db, &st, err, "SELECT a.text FROM law_articles a"
				" JOIN laws l ON l.id = a.law_id"
				" WHERE l.in_force = 1", "");

	if (n_out)
		*n_out = 0;
	if (rc) {
		fz_cooc_free(f.c);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1) {
		const char *text = fz_stmt_text(st, 0);
		f.prev_end = 0;
		fz_search_tokenize(text, (int)strlen(text), 0, learn_emit, &f);
		fz_cooc_stop(f.c);
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		fz_cooc_free(f.c);
		return rc;
	}
	rc = fz_store_start(db, &own, err);
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM law_related", "");
	if (!rc) {
		fz_cooc_each(f.c, FZ_LAWS_LEARN_MIN_COUNT, FZ_LAWS_LEARN_MIN_PMI,
			     FZ_LAWS_LEARN_PER_TOK, learn_keep, &ls);
		rc = ls.rc;
	}
	rc = fz_store_end(db, own, rc, err);
	fz_cooc_free(f.c);
	if (!rc && n_out)
		*n_out = ls.n;
	return rc;
}

/* ---- what changed since a date ---------------------------------------- */

static int list_changes(struct fz_store *db, const char *date, const char *head,
			const char *sql, FILE *out, long *n, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, sql, "t", date);

	*n = 0;
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		if (!(*n)++)
			fprintf(out, "%s：\n", head);
		fprintf(out, "  %s（%s）\n", fz_stmt_text(st, 0),
			fz_stmt_text(st, 1));
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

int fz_laws_changes_since(struct fz_store *db, const char *date, FILE *out,
			  struct fz_err *err)
{
	long nn = 0, nr = 0, nx = 0;
	int rc;

	if (!date || !is_date(date))
		return fz_err_set(err, FZ_EINVAL, "since",
				  "日期应写作 YYYY-MM-DD，例如 2024-01-01");
	fprintf(out, "自 %s 以来：\n", date);
	rc = list_changes(db, date, "新制定", "SELECT title, promulgated FROM"
		" laws l WHERE promulgated >= ? AND NOT EXISTS (SELECT 1 FROM"
		" laws o WHERE o.superseded_by = l.id) ORDER BY promulgated, title",
		out, &nn, err);
	if (!rc)
		rc = list_changes(db, date, "修订", "SELECT title, promulgated"
			" FROM laws l WHERE promulgated >= ? AND EXISTS (SELECT 1"
			" FROM laws o WHERE o.superseded_by = l.id)"
			" ORDER BY promulgated, title", out, &nr, err);
	/* json_each() reads history, which laws keeps as JSON text: SQLite,
	 * like the FTS index; a PostgreSQL store needs jsonb here */
	if (!rc)
		rc = list_changes(db, date, "废止或失效", "SELECT l.title,"
			" max(json_extract(h.value, '$.date')) AS d FROM laws l,"
			" json_each(l.history) h WHERE l.status = '失效'"
			" GROUP BY l.id HAVING d >= ?1 ORDER BY d, l.title",
			out, &nx, err);
	if (!rc)
		fprintf(out, "共新制定 %ld 部，修订 %ld 部，废止或失效 %ld 部\n",
			nn, nr, nx);
	return rc;
}

/* ---- the CLI ---------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("用法：fazhi import laws FILE [--db PATH] [--thesaurus TSV]"
	      " [--since YYYY-MM-DD]\n"
	      "  导入法律法规语料（JSON Lines，可为 gzip 压缩），格式见\n"
	      "  data/laws/README.md。重复导入不改变已有数据；格式有误的行\n"
	      "  报告行号后跳过。\n"
	      "  --db PATH        数据库文件（默认 fazhi.db，须已由 fazhi init 创建）\n"
	      "  --thesaurus TSV  检索词表（默认为语料旁的 thesaurus.tsv，没有则跳过）\n"
	      "  --since DATE     导入后列出该日期以来新制定、修订、废止的法规\n"
	      "  --no-learn       不从条文中学习相关词（默认在语料变化时学习）\n",
	      f);
}

/* thesaurus.tsv in the corpus file's folder, or NULL when there is none. */
static char *default_thesaurus(const char *corpus)
{
	char *copy = fz_xstrdup(corpus), *path;
	size_t n;
	FILE *f;

	n = strlen(dirname(copy)) + sizeof("/thesaurus.tsv");
	path = fz_xmalloc(n);
	snprintf(path, n, "%s/thesaurus.tsv", dirname(copy));
	free(copy);
	if (!(f = fopen(path, "rb"))) {
		free(path);
		return NULL;
	}
	fclose(f);
	return path;
}

int fz_laws_cmd_import(int argc, char **argv)
{
	static const struct fz_migration *const sets[] = {
		fz_laws_migrations, NULL
	};
	const char *file = NULL, *dbpath = "fazhi.db", *thes = NULL;
	const char *since = NULL;
	char *thes_default = NULL;
	int learn = 1;
	long npairs = -1;
	struct fz_laws_import_stats st;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *db = NULL;
	long nthes = 0;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			dbpath = argv[++i];
		} else if (!strcmp(argv[i], "--thesaurus") && i + 1 < argc) {
			thes = argv[++i];
		} else if (!strcmp(argv[i], "--since") && i + 1 < argc) {
			since = argv[++i];
		} else if (!strcmp(argv[i], "--no-learn")) {
			learn = 0;
		} else if (argv[i][0] == '-' || file) {
			usage(stderr);
			return 2;
		} else {
			file = argv[i];
		}
	}
	if (!file) {
		usage(stderr);
		return 2;
	}
	if (since && !is_date(since)) {
		fprintf(stderr, "fazhi import laws: --since 的日期应写作"
			" YYYY-MM-DD\n");
		return 2;
	}
	if (!thes)
		thes = thes_default = default_thesaurus(file);
	fz_store_register_tokenizer(&fz_search_tokenizer);
	rc = fz_store_open(&db, dbpath, 0, &err);
	if (!rc)
		rc = fz_store_migrate(db, sets, &err);
	if (!rc)
		rc = fz_laws_import_file(db, file, &st, stderr, &err);
	if (!rc && thes)
		rc = fz_laws_import_thesaurus(db, thes, stderr, &nthes, &err);
	if (!rc)
		rc = fz_laws_derive(db, &err);
	if (!rc && learn) {
		/* learning reads the whole corpus (seconds on the full one):
		 * only when it changed or nothing was learned yet */
		int64_t have = 0;
		rc = fz_store_int(db, &have, &err, "SELECT count(*) FROM"
				  " law_related", "");
		if (rc >= 0 && (st.inserted || st.updated || !have))
			rc = fz_laws_learn(db, &npairs, &err);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc) {
		printf("导入完成：共 %ld 行，新增 %ld 部，未变 %ld 部，更新 %ld 部，"
		       "格式有误 %ld 行，写入条文 %ld 条\n", st.lines,
		       st.inserted, st.unchanged, st.updated, st.malformed,
		       st.articles);
		if (thes)
			printf("检索词表：%ld 条\n", nthes);
		if (npairs >= 0)
			printf("从条文中学习的相关词：%ld 对\n", npairs);
	}
	if (!rc && since)
		rc = fz_laws_changes_since(db, since, stdout, &err);
	if (db)
		fz_store_close(db);
	free(thes_default);
	if (rc) {
		fprintf(stderr, "fazhi import laws: %s\n", err.msg);
		return 1;
	}
	return 0;
}
