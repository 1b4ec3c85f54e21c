/* enforce_metrics.h - the enforcement figures as engine/metrics rows
 * (docs/metrics.md), computed from enforcement's own records:
 *   enforce.transfers     两法衔接移送件数: cases transferred to the police;
 *   enforce.transfer_rate 两法衔接移送率: transferred ÷ transfer decisions
 *                         (移送 or 不移送);
 *   enforce.satisfaction  行政行为码评价满意率: 满意 ÷ ratings;
 *   enforce.outside_range 裁量越档率: penalty decisions outside the
 *                         discretion benchmark's range ÷ penalty decisions. */
#ifndef FZ_DOMAIN_ENFORCE_METRICS_H
#define FZ_DOMAIN_ENFORCE_METRICS_H

#include "engine/metrics/metrics.h"

/* The rows, ended by one with id NULL; src/app.c lists them. */
extern const struct fz_metric fz_enforce_metric_set[];

#endif
