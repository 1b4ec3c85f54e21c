/* report.c - the annual report from the records (report.h). */
#include "domain/report/report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "core/embed.h"
#include "domain/report/report_fmt.h"
#include "engine/audit.h"
#include "engine/docs/doc.h"

extern const struct fz_embedded fz_report_files[];

const struct fz_migration fz_report_migrations[] = {
	{ "report", 1,
	  "CREATE TABLE report_versions ("
	  " id INTEGER PRIMARY KEY,"
	  " year INTEGER NOT NULL,"
	  " unit_path TEXT NOT NULL,"
	  " version INTEGER NOT NULL,"
	  " index_no TEXT NOT NULL UNIQUE,"
	  " published_on TEXT NOT NULL,"
	  " published_by TEXT NOT NULL,"
	  " body TEXT NOT NULL,"
	  " created_at TEXT NOT NULL,"
	  " UNIQUE (year, unit_path, version))" },
	{ NULL, 0, NULL }
};

const char *fz_report_template(void)
{
	for (int i = 0; fz_report_files[i].name; i++)
		if (!strcmp(fz_report_files[i].name, "annual.tpl"))
			return fz_report_files[i].data;
	return "";
}

/* ---- the template ---- */

/* One {…}: a word of the report's own ({year}, {prev}, {next}) or a
 * figure with its style ("yoy" for the change against the year before). */
struct slot {
	char metric[64], style[16];
	int word;               /* 1 year, 2 prev, 3 next; 0 a figure */
};

static int parse_slot(const char *s, size_t n, const struct fz_metrics_registry *r,
		      struct slot *sl, const char **why)
{
	const char *colon = memchr(s, ':', n);
	size_t mlen = colon ? (size_t)(colon - s) : n;
	const struct fz_metric *m;

	memset(sl, 0, sizeof(*sl));
	if (mlen == 0 || mlen >= sizeof(sl->metric) ||
	    (colon && (size_t)(s + n - colon - 1) >= sizeof(sl->style)))
		return (*why = "占位符过长或为空"), -1;
	memcpy(sl->metric, s, mlen);
	if (colon)
		memcpy(sl->style, colon + 1, (size_t)(s + n - colon - 1));
	if (!colon && (!strcmp(sl->metric, "year") || !strcmp(sl->metric, "prev") ||
		       !strcmp(sl->metric, "next"))) {
		sl->word = sl->metric[0] == 'y' ? 1 : sl->metric[0] == 'p' ? 2 : 3;
		return 0;
	}
	if (!(m = fz_metrics_find(r, sl->metric)))
		return (*why = "指标不存在"), -1;
	if (!sl->style[0])
		snprintf(sl->style, sizeof(sl->style), "%s",
			 m->kind == FZ_METRICS_RATE ? "pct" : "exact");
	if (!strcmp(sl->style, "yoy"))
		return 0;
	{
		int st = fz_report_style(sl->style);
		int rate = st == FZ_REPORT_PCT || st == FZ_REPORT_PCT2;
		if (st < 0)
			return (*why = "格式应为 exact、wan、yu、pct、pct2 或 yoy"), -1;
		if (rate != (m->kind == FZ_METRICS_RATE))
			return (*why = "比率只能用 pct 或 pct2，件数和金额不能用"), -1;
	}
	return 0;
}

/* Call fn for each text run and each slot of line. */
typedef int (*part_fn)(void *arg, const char *text, size_t n, const struct slot *sl);

static int each_part(const char *line, size_t len, const struct fz_metrics_registry *r,
		     part_fn fn, void *arg, const char **why)
{
	size_t i = 0, start = 0;
	int rc;

	while (i < len) {
		if (line[i] == '}')
			return (*why = "多余的 }"), -1;
		if (line[i] != '{') {
			i++;
			continue;
		}
		const char *close = memchr(line + i, '}', len - i);
		struct slot sl;
		if (!close)
			return (*why = "{ 没有对应的 }"), -1;
		if (parse_slot(line + i + 1, (size_t)(close - line - i - 1), r, &sl, why))
			return -1;
		if (i > start && (rc = fn(arg, line + start, i - start, NULL)))
			return rc;
		if ((rc = fn(arg, NULL, 0, &sl)))
			return rc;
		i = start = (size_t)(close - line) + 1;
	}
	return i > start ? fn(arg, line + start, i - start, NULL) : 0;
}

static int ignore_part(void *arg, const char *t, size_t n, const struct slot *sl)
{
	(void)arg, (void)t, (void)n, (void)sl;
	return 0;
}

static const char *const directives[] = { "title", "organ", "publisher", "index",
					  "category" };

/* Walk the template: fn_line gets each meaningful line with its kind ('@'
 * a directive, 'h' heading with level, 'p' paragraph). */
typedef int (*line_fn)(void *arg, char kind, int level, const char *key,
		       const char *text, size_t n);

static int each_line(const char *name, const char *text,
		     const struct fz_metrics_registry *r, line_fn fn, void *arg,
		     struct fz_err *err)
{
	int lineno = 0, rc;

	for (const char *p = text; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *why = NULL, *body = p, *key = NULL;
		char kind = 'p', keybuf[16] = "";
		int level = 0;

		lineno++;
		while (len && (body[len - 1] == '\r' || body[len - 1] == ' '))
			len--;
		if (!len || body[0] == '#')
			goto next;
		if (body[0] == '@') {
			const char *sp = memchr(body, ' ', len);
			size_t k = sp ? (size_t)(sp - body - 1) : len - 1, d;
			for (d = 0; d < sizeof(directives) / sizeof(directives[0]); d++)
				if (strlen(directives[d]) == k && !memcmp(body + 1, directives[d], k))
					break;
			if (!sp || d == sizeof(directives) / sizeof(directives[0]))
				why = "未知的 @ 项";
			else {
				snprintf(keybuf, sizeof(keybuf), "%s", directives[d]);
				key = keybuf;
				kind = '@';
				len -= (size_t)(sp + 1 - body);
				body = sp + 1;
			}
		} else if (body[0] == '=') {
			level = len > 1 && body[1] == '=' ? 2 : 1;
			kind = 'h';
			body += level;
			len -= (size_t)level;
			while (len && *body == ' ')
				body++, len--;
			if (!len)
				why = "标题为空";
		}
		if (!why && each_part(body, len, r, ignore_part, NULL, &why) == 0 &&
		    (rc = fn(arg, kind, level, key, body, len)))
			return rc;
		if (why)
			return fz_err_set(err, FZ_EINVAL, "template", "%s:%d: %s", name,
					  lineno, why);
next:
		p = nl ? nl + 1 : p + len;
		if (!nl)
			break;
	}
	return 0;
}

static int no_line(void *arg, char kind, int level, const char *key,
		   const char *text, size_t n)
{
	(void)arg, (void)kind, (void)level, (void)key, (void)text, (void)n;
	return 0;
}

int fz_report_check(const char *name, const char *text,
		    const struct fz_metrics_registry *r, struct fz_err *err)
{
	return each_line(name, text, r, no_line, NULL, err);
}

/* ---- building ---- */

struct build {
	struct fz_store *db;
	const struct fz_metrics_registry *r;
	int year;
	const char *unit;
	json_t *report, *blocks, *figures;
	json_t *computed;       /* "metric@year" -> the metric's answer */
	json_t *parts;          /* the paragraph being built */
	struct fz_buf plain;    /* its text as printed */
	struct fz_err *err;
};

static int compute(struct build *b, const char *metric, int year, json_t **out)
{
	char key[96];
	const struct fz_metric *m = fz_metrics_find(b->r, metric);
	json_t *v;
	int rc;

	snprintf(key, sizeof(key), "%s@%d", metric, year);
	if ((v = json_object_get(b->computed, key))) {
		*out = v;
		return 0;
	}
	{
		struct fz_metrics_params p = { { year, 1, 1 }, { year, 12, 31 },
			strcmp(b->unit, "/") ? b->unit : NULL,
			m->by ? m->by[0].key : NULL };
		if ((rc = fz_metrics_compute(b->db, b->r->units, m, &p, &v, b->err)))
			return rc;
	}
	json_object_set_new(b->computed, key, v);
	*out = v;
	return 0;
}

static int64_t jint(const json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

/* The figure's amount as printed: money (kept in 分, whether the metric
 * names its unit 分 or 元) in whole 元. */
static int64_t amount_of(const struct fz_metric *m, const json_t *v)
{
	int money = m->unit_name && (!strcmp(m->unit_name, "元") ||
				     !strcmp(m->unit_name, "分"));
	if (m->kind == FZ_METRICS_COUNT)
		return jint(v, "num");
	return (int64_t)json_integer_value(json_object_get(v, "value")) / (money ? 100 : 1);
}

static void words(const struct fz_metric *m, const json_t *v, const char *style,
		  struct fz_buf *out)
{
	if (m->kind == FZ_METRICS_RATE)
		fz_report_rate(jint(v, "num"), jint(v, "den"),
			       (enum fz_report_style)fz_report_style(style), out);
	else
		fz_report_count(amount_of(m, v),
				(enum fz_report_style)fz_report_style(style), out);
}

/* A breakdown a reader can open: each group's label and its figure in
 * the same words, no record behind it (no personal data). */
static json_t *groups_of(const struct fz_metric *m, const json_t *v, const char *style)
{
	json_t *out = json_array(), *g;
	size_t i;
	const char *st = !strcmp(style, "yoy") ?
			 (m->kind == FZ_METRICS_RATE ? "pct" : "exact") : style;

	json_array_foreach(json_object_get(v, "groups"), i, g) {
		struct fz_buf t = FZ_BUF_INIT;
		words(m, g, st, &t);
		json_array_append_new(out, json_pack("{s:s,s:s,s:O,s:O}", "label",
			json_string_value(json_object_get(g, "label")) ?
			json_string_value(json_object_get(g, "label")) : "",
			"text", t.data ? t.data : "", "num", json_object_get(g, "num"),
			"den", json_object_get(g, "den") ? json_object_get(g, "den") : json_null()));
		fz_buf_release(&t);
	}
	return out;
}

static int figure(struct build *b, const struct slot *sl, struct fz_buf *text)
{
	const struct fz_metric *m = fz_metrics_find(b->r, sl->metric);
	json_t *v, *pv = NULL, *f;
	int yoy = !strcmp(sl->style, "yoy"), rc;

	if ((rc = compute(b, sl->metric, b->year, &v)))
		return rc;
	if (yoy && (rc = compute(b, sl->metric, b->year - 1, &pv)))
		return rc;
	if (yoy) {
		int64_t cur = m->kind == FZ_METRICS_RATE ? jint(v, "num") : amount_of(m, v);
		int64_t prev = m->kind == FZ_METRICS_RATE ? jint(pv, "num") : amount_of(m, pv);
		fz_report_yoy(cur, prev, text);
		if (!text->len)
			fz_buf_adds(text, "上年无可比数据");
	} else {
		words(m, v, sl->style, text);
	}
	f = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:O,s:O,s:O,s:s,s:o,s:b}",
		"metric", m->id, "name", m->name, "style", sl->style,
		"text", text->data ? text->data : "", "definition", m->definition,
		"source", m->source ? m->source : "",
		"num", json_object_get(v, "num"), "den", json_object_get(v, "den"),
		"value", json_object_get(v, "value"),
		"provenance", json_string_value(json_object_get(v, "provenance")),
		"groups", groups_of(m, v, sl->style), "computed", 1);
	if (yoy)
		json_object_set(f, "previous", json_object_get(pv, "num"));
	json_array_append_new(b->figures, f);
	return 0;
}

/* One run of a line: text as is, a word of the report's, or a figure. */
static int build_part(void *arg, const char *t, size_t n, const struct slot *sl)
{
	struct build *b = arg;
	struct fz_buf w = FZ_BUF_INIT;
	int rc = 0;

	if (!sl) {
		fz_buf_add(&w, t, n);
		json_array_append_new(b->parts, json_stringn(w.data ? w.data : "", w.len));
	} else if (sl->word) {
		fz_buf_addf(&w, "%d", b->year + (sl->word == 2 ? -1 : sl->word == 3 ? 1 : 0));
		json_array_append_new(b->parts, json_string(w.data));
	} else if (!(rc = figure(b, sl, &w))) {
		json_array_append_new(b->parts, json_pack("{s:I}", "f",
			(json_int_t)json_array_size(b->figures) - 1));
	}
	if (!rc)
		fz_buf_add(&b->plain, w.data ? w.data : "", w.len);
	fz_buf_release(&w);
	return rc;
}

static int build_line(void *arg, char kind, int level, const char *key,
		      const char *text, size_t n)
{
	struct build *b = arg;
	const char *why = NULL;
	int rc;

	b->parts = json_array();
	fz_buf_reset(&b->plain);
	rc = each_part(text, n, b->r, build_part, b, &why);
	if (rc < 0 && why)
		rc = fz_err_set(b->err, FZ_EINVAL, "template", "%s", why);
	if (!rc) {
		const char *plain = b->plain.data ? b->plain.data : "";
		if (kind == '@')
			json_object_set_new(b->report, key, json_string(plain));
		else if (kind == 'h')
			json_array_append_new(b->blocks, json_pack("{s:s,s:i,s:s}",
				"kind", "heading", "level", level, "text", plain));
		else
			json_array_append_new(b->blocks, json_pack("{s:s,s:O,s:s}",
				"kind", "para", "parts", b->parts, "text", plain));
	}
	json_decref(b->parts);
	b->parts = NULL;
	return rc;
}

int fz_report_build(struct fz_store *db, const struct fz_metrics_registry *r,
		    int year, const char *unit_path, const char *unit_name,
		    json_t **out, struct fz_err *err)
{
	struct build b = { db, r, year, unit_path, NULL, json_array(), json_array(),
			   json_object(), NULL, FZ_BUF_INIT, err };
	char now[FZ_ISO_LEN];
	int rc;

	*out = NULL;
	if (year < 2000 || year > 2100)
		rc = fz_err_set(err, FZ_EINVAL, "year", "年度应为 2000–2100 年");
	else if (!unit_path || unit_path[0] != '/' ||
		 unit_path[strlen(unit_path) - 1] != '/')
		rc = fz_err_set(err, FZ_EINVAL, "unit", "单位无效");
	else {
		fz_now_iso(now);
		b.report = json_pack("{s:i,s:s,s:s,s:s}", "year", year, "unit", unit_path,
				     "unit_name", unit_name ? unit_name : "",
				     "generated_at", now);
		rc = each_line("annual.tpl", fz_report_template(), r, build_line, &b, err);
	}
	if (!rc) {
		json_object_set(b.report, "blocks", b.blocks);
		json_object_set(b.report, "figures", b.figures);
		*out = b.report;
	} else {
		json_decref(b.report);
	}
	json_decref(b.blocks);
	json_decref(b.figures);
	json_decref(b.computed);
	fz_buf_release(&b.plain);
	return rc;
}

/* ---- rendering ---- */

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void to_doc(const json_t *rep, struct fz_doc *d)
{
	const json_t *blk;
	const json_t *pub = json_object_get(rep, "published");
	size_t i;
	struct fz_date on = fz_date_today_cn();

	fz_doc_title(d, jstr(rep, "title"));
	json_array_foreach(json_object_get(rep, "blocks"), i, blk) {
		if (!strcmp(jstr(blk, "kind"), "heading"))
			fz_doc_heading(d, (int)json_integer_value(json_object_get(blk, "level")),
				       jstr(blk, "text"));
		else
			fz_doc_para(d, jstr(blk, "text"));
	}
	if (pub)
		fz_date_parse(&on, jstr(pub, "date"), NULL);
	fz_doc_sign(d, jstr(rep, "organ"), on, 0);
}

int fz_report_pdf(const json_t *report, struct fz_buf *out, int *pages,
		  struct fz_err *err)
{
	struct fz_doc *d;
	int rc;

	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	to_doc(report, d);
	rc = fz_doc_pdf(d, out, pages, err);
	fz_doc_free(d);
	return rc;
}

int fz_report_html(const json_t *report, struct fz_buf *out, struct fz_err *err)
{
	struct fz_doc *d;
	int rc;

	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	to_doc(report, d);
	rc = fz_doc_html(d, out, err);
	fz_doc_free(d);
	return rc;
}

/* ---- versions ---- */

int fz_report_publish(struct fz_store *db, const json_t *report,
		      const char *actor, const char *ip, int *version,
		      struct fz_err *err)
{
	int year = (int)json_integer_value(json_object_get(report, "year"));
	const char *unit = jstr(report, "unit");
	struct fz_date today = fz_date_today_cn();
	char now[FZ_ISO_LEN], date[FZ_DATE_STRLEN], index_no[96], detail[128];
	int64_t v = 0, seq = 0;
	json_t *body = json_deep_copy(report);
	char *text = NULL;
	int rc;

	fz_now_iso(now);
	fz_date_format(today, date);
	if ((rc = fz_store_begin(db, err))) {
		json_decref(body);
		return rc;
	}
	rc = fz_store_int(db, &v, err, "SELECT COALESCE(MAX(version), 0) FROM"
			  " report_versions WHERE year = ? AND unit_path = ?", "it",
			  year, unit);
	if (rc >= 0)
		rc = fz_store_int(db, &seq, err, "SELECT COUNT(*) FROM report_versions"
				  " WHERE substr(published_on, 1, 4) = ?", "t",
				  (char[5]){ date[0], date[1], date[2], date[3], 0 });
	if (rc >= 0) {
		/* 索引号: 组织机构代码/发布年-序号 (the 2023 report: 00258207-5/2024-71720) */
		snprintf(index_no, sizeof(index_no), "%s/%.4s-%05" PRId64,
			 jstr(report, "index"), date, seq + 1);
		json_object_set_new(body, "published", json_pack("{s:i,s:s,s:s}",
			"version", (int)v + 1, "index_no", index_no, "date", date));
		json_object_del(body, "changed");
		text = json_dumps(body, JSON_COMPACT);
		rc = text ? fz_store_run(db, err, "INSERT INTO report_versions (year,"
			" unit_path, version, index_no, published_on, published_by, body,"
			" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "itittttt",
			year, unit, (int)v + 1, index_no, date, actor, text, now) :
			fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	if (!rc) {
		struct fz_audit_entry e = { 0 };
		snprintf(detail, sizeof(detail), "%d年 第%d版 %s", year, (int)v + 1, index_no);
		e.actor = actor;
		e.action = "report.publish";
		e.object = jstr(report, "title");
		e.detail = detail;
		e.ip = ip ? ip : "";
		e.ok = 1;
		rc = fz_audit_append(db, &e, err);
	}
	free(text);
	json_decref(body);
	if (rc) {
		fz_store_rollback(db);
		return rc < 0 ? rc : FZ_EINTERNAL;
	}
	if ((rc = fz_store_commit(db, err)))
		return rc;
	*version = (int)v + 1;
	return 0;
}

int fz_report_published(struct fz_store *db, int year, const char *unit_path,
			json_t **out, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, "SELECT body FROM report_versions WHERE"
				" year = ? AND unit_path = ? ORDER BY version DESC LIMIT 1",
				"it", year, unit_path);

	*out = NULL;
	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		*out = json_loads(fz_stmt_text(st, 0), 0, NULL);
		rc = *out ? 0 : fz_err_set(err, FZ_EINTERNAL, NULL, "报告版本无法读取");
	} else if (rc == 0) {
		rc = fz_err_set(err, FZ_ENOTFOUND, NULL, "该年度报告尚未发布");
	}
	fz_stmt_finish(st);
	return rc;
}

int fz_report_list(struct fz_store *db, const char *unit_path, json_t **out,
		   struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *arr = json_array();
	int rc = fz_store_query(db, &st, err, "SELECT v.year, v.index_no,"
		" v.published_on, v.version, json_extract(v.body, '$.title')"
		" FROM report_versions v WHERE v.unit_path = ? AND v.version ="
		" (SELECT MAX(version) FROM report_versions w WHERE w.year = v.year"
		" AND w.unit_path = v.unit_path) ORDER BY v.year DESC", "t", unit_path);

	if (rc) {
		json_decref(arr);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:I}",
			"year", (json_int_t)fz_stmt_int(st, 0), "title", fz_stmt_text(st, 4),
			"index_no", fz_stmt_text(st, 1), "date", fz_stmt_text(st, 2),
			"version", (json_int_t)fz_stmt_int(st, 3)));
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

void fz_report_compare(json_t *built, const json_t *published)
{
	const json_t *pf = json_object_get(published, "figures"), *g;
	json_t *f;
	size_t i, k;

	json_object_set(built, "published", json_object_get(published, "published"));
	json_array_foreach(json_object_get(built, "figures"), i, f) {
		int changed = 0;
		json_array_foreach(pf, k, g)
			if (!strcmp(jstr(f, "metric"), jstr(g, "metric")) &&
			    !strcmp(jstr(f, "style"), jstr(g, "style"))) {
				changed = strcmp(jstr(f, "provenance"), jstr(g, "provenance")) != 0;
				break;
			}
		json_object_set_new(f, "changed", json_boolean(changed));
	}
}
