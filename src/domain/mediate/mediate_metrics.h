/* mediate_metrics.h - the mediation figures, each defined once here
 * (the first five as engine/metrics rows, docs/metrics.md):
 *   调解纠纷数     disputes whose mediation ended (成功 or 不成) in the period
 *                  (by the day it ended);
 *   调解成功率     成功 ÷ 调解纠纷数;
 *   涉及金额       sum of the amounts in dispute of those disputes (分), and
 *                  协议金额, the sum agreed in the successful ones;
 *   平均办理天数   mean of (end of mediation − registration) in days;
 *   3日内办结数    those that ended within 3 days (the fast track's target);
 *   万人成讼率     civil first-instance cases filed in a year ÷ residents ×
 *                  10,000 (mediate_court_stats over fz_mediate_towns).
 * Withdrawn disputes are not counted as mediated. */
#ifndef FZ_DOMAIN_MEDIATE_METRICS_H
#define FZ_DOMAIN_MEDIATE_METRICS_H

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/metrics/metrics.h"
#include "store/store.h"

/* The rows, ended by one with id NULL; src/app.c lists them. */
extern const struct fz_metric fz_mediate_metric_set[];

/* The figures for [from, to] (defaults as fz_metrics_check) grouped by
 * "track", "town", "station", "org" or "all": a new object {from, to, by,
 * total: row, groups: [row]}, row = {name, mediated, success,
 * success_rate, amount_cents, agreed_cents, avg_days, within_3_days};
 * rates and means are null over nothing.  units names stations. */
int fz_mediate_metrics(struct fz_store *db, const struct fz_metrics_units *units,
		       struct fz_date from,
		       struct fz_date to, const char *by, json_t **out,
		       struct fz_err *err);

/* 万人成讼率 of year: a new object {year, total: {...}, towns: [{code,
 * name, residents, confidence, civil_first, rate}]}; rate is cases per
 * 10,000 residents to two decimals, null without court data. */
int fz_mediate_litigation_rate(struct fz_store *db, int year, json_t **out,
			       struct fz_err *err);

#endif
