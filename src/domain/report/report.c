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
#include "domain/report/report_tpl.h"
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

/* ---- the template (report_tpl.c) over the registry ---- */

/* 1 for a rate, 0 for a count or a sum, -1 for no such metric. */
static int kind_in(void *arg, const char *metric)
{
	const struct fz_metric *m = fz_metrics_find(arg, metric);
	return !m ? -1 : m->kind == FZ_METRICS_RATE;
}

int fz_report_check(const char *name, const char *text,
		    const struct fz_metrics_registry *r, struct fz_err *err)
{
	return fz_report_tpl_lines(name, text, kind_in, (void *)r, NULL, NULL, err);
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

static int figure(struct build *b, const struct fz_report_slot *sl, struct fz_buf *text)
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
static int build_part(void *arg, const char *t, size_t n,
		      const struct fz_report_slot *sl)
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
	rc = fz_report_tpl_parts(text, n, kind_in, (void *)b->r, build_part, b, &why);
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
		rc = fz_report_tpl_lines("annual.tpl", fz_report_template(), kind_in,
					 (void *)r, build_line, &b, err);
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
