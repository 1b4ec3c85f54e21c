/* report.h - the 法治政府建设年度报告 generated from the records
 * (docs/report.md).
 *
 * The report is a template (data/report/annual.tpl, embedded in the
 * binary): headings, paragraphs, and figures bound to the metrics
 * registry ({review.tiaoche}, {mediate.mediated:wan}).  Building it
 * computes every figure over the year and the unit asked for and returns
 * the report as JSON: its particulars, its blocks (a paragraph is a list
 * of text parts and figure references) and its figures, each with its
 * value, the words printed, the definition, the source, the provenance
 * hash and a breakdown for the reader who clicks it.  The same JSON is
 * rendered to a GB/T 9704 PDF (engine/docs), stored as a published
 * version, and served on the public page.
 *
 * Publishing keeps every version (report_versions): the office publishes a
 * year's district report; the public reads only what was published; a
 * figure whose records changed after publication is flagged when the
 * report is built again. */
#ifndef FZ_REPORT_H
#define FZ_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "engine/metrics/metrics.h"
#include "store/store.h"

extern const struct fz_migration fz_report_migrations[];

/* Check a template's text: FZ_EINVAL with "NAME:LINE: reason" for an
 * unknown directive, an unclosed or unknown {…}, a style the figure
 * cannot take.  (The embedded template is checked by the tests.) */
int fz_report_check(const char *name, const char *text,
		    const struct fz_metrics_registry *r, struct fz_err *err);

/* The embedded template's text. */
const char *fz_report_template(void);

/* Build the report of year (2000-2100) over the unit subtree unit_path
 * ("/" the district; unit_name its name) into a new object.  FZ_EINVAL for
 * a bad year or path; store errors. */
int fz_report_build(struct fz_store *db, const struct fz_metrics_registry *r,
		    int year, const char *unit_path, const char *unit_name,
		    json_t **out, struct fz_err *err);

/* Render a built (or published) report to PDF / to an HTML preview. */
int fz_report_pdf(const json_t *report, struct fz_buf *out, int *pages,
		  struct fz_err *err);
int fz_report_html(const json_t *report, struct fz_buf *out,
		   struct fz_err *err);

/* Publish a built report (own transaction): a new version of (year,
 * unit_path) with its 索引号 (组织机构代码/发布年-序号) and date; *version
 * gets its number.  actor: the login, for the audit log. */
int fz_report_publish(struct fz_store *db, const json_t *report,
		      const char *actor, const char *ip, int *version,
		      struct fz_err *err);

/* The latest published version of (year, unit_path) into a new object (the
 * report as published, with "published": {version, index_no, date}), or
 * FZ_ENOTFOUND. */
int fz_report_published(struct fz_store *db, int year, const char *unit_path,
			json_t **out, struct fz_err *err);

/* The published district reports, newest year first: a new array of
 * {year, title, index_no, date, version}. */
int fz_report_list(struct fz_store *db, const char *unit_path, json_t **out,
		   struct fz_err *err);

/* Mark in built each figure whose provenance differs from the one in
 * published ("changed": true), and set built's "published" to published's
 * particulars.  Figures are matched by metric and style. */
void fz_report_compare(json_t *built, const json_t *published);

#endif
