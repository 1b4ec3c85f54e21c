/* review_metrics.h - the 行政复议 figures, each defined once as an
 * engine/metrics row (ARCHITECTURE.md: dashboards, assessment and the
 * report read the same definitions; docs/metrics.md lists them):
 *   review.tiaoche    调撤率: cases ended by 调解 or 撤回 over cases closed
 *                     (审结: every ending except 不予受理, 转送 and 视为放弃),
 *                     by closing date;
 *   review.jiucuo     纠错率: decisions that correct the act (变更, 撤销, 部分
 *                     撤销, 确认违法, 责令履行, 确认无效, 行政协议, 赔偿) over
 *                     decisions, by closing date;
 *   review.lost       复议后败诉率: lawsuits after review lost by the organ over
 *                     those judged, by judgment date;
 *   review.appearance 负责人出庭应诉率: hearings where the organ's head (负责人)
 *                     appeared over hearings held, by hearing date.
 * Each is grouped per organ (the respondent or defendant) or per station
 * (where the application was taken; 网上申请 for online ones). */
#ifndef FZ_DOMAIN_REVIEW_METRICS_H
#define FZ_DOMAIN_REVIEW_METRICS_H

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/metrics/metrics.h"
#include "store/store.h"

/* The rows, ended by one with id NULL; src/app.c lists them. */
extern const struct fz_metric fz_review_metric_set[];

/* Every figure for [from, to] (defaults as fz_metrics_check) over the
 * district, grouped by ("organ", "station" or "all"), as a new object
 * {from, to, by, metrics: [{key, name, definition, num, den, rate,
 * provenance, groups: [{name, num, den, rate}]}]}; rate is null when den is
 * 0.  units names the stations and organs.  FZ_EINVAL for an unknown
 * grouping or from after to. */
int fz_review_metrics(struct fz_store *db, const struct fz_metrics_units *units,
		      struct fz_date from, struct fz_date to, const char *by,
		      json_t **out, struct fz_err *err);

#endif
