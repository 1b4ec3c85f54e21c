/* review_metrics.h - the 行政复议 figures, each defined once (ARCHITECTURE.md,
 * engine/metrics: dashboards, assessment and the report read the same
 * definitions):
 *   调撤率        cases ended by 调解 or 撤回 over cases closed (审结: every
 *                 ending except 不予受理, 转送 and 视为放弃), by closing date;
 *   纠错率        decisions that correct the act (变更, 撤销, 部分撤销, 确认违法,
 *                 责令履行, 确认无效, 行政协议, 赔偿) over decisions, by closing date;
 *   复议后败诉     lawsuits after review lost by the organ over those judged,
 *                 by judgment date;
 *   负责人出庭应诉率 hearings where the organ's head (负责人) appeared over
 *                 hearings held, by hearing date.
 * Each is a numerator and a denominator over one table, grouped per organ
 * (the respondent or defendant) or per station (where the application was
 * taken; 网上申请 for online ones). */
#ifndef FZ_DOMAIN_REVIEW_METRICS_H
#define FZ_DOMAIN_REVIEW_METRICS_H

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "store/store.h"

/* Every figure for [from, to] (y == 0: from 1 January of to's year; to
 * y == 0: today) grouped by ("organ", "station" or "all"), as a new object
 * {from, to, by, metrics: [{key, name, definition, num, den, rate,
 * groups: [{name, num, den, rate}]}]}; rate is null when den is 0.
 * FZ_EINVAL for an unknown grouping or from after to. */
int fz_review_metrics(struct fz_store *db, struct fz_date from,
		      struct fz_date to, const char *by, json_t **out,
		      struct fz_err *err);

#endif
