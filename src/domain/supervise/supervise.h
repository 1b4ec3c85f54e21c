/* supervise.h - 法治督察 findings (docs/supervise.md): the 依法治区办's
 * 通报 and 整改提醒函 to a unit, each a case with a deadline; the unit's
 * rectification with its evidence; the office's acceptance (验收销号) or
 * return; and the figures the annual report counts (the district issued
 * 30 通报 and 62 提醒函 in 2023).
 *
 * A finding is a case of fz_supervise_case (engine/case) that belongs to
 * the unit it is addressed to, so that unit, and only it, sees and answers
 * it; the office and the 司法局 see every unit's.  Its own row
 * (supervise_items) keeps what the figures read: kind, unit, the day
 * issued, when it was answered and closed, how often returned. */
#ifndef FZ_SUPERVISE_H
#define FZ_SUPERVISE_H

#include <stdint.h>
#include <stdio.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "engine/metrics/metrics.h"
#include "store/store.h"

struct fz_keys;

extern const struct fz_migration fz_supervise_migrations[];
extern const struct fz_case_type fz_supervise_case;
extern const struct fz_metric fz_supervise_metric_set[];

/* A new finding. */
struct fz_supervise_new {
	const char *kind;     /* "notice" 通报 or "reminder" 整改提醒函 */
	int64_t unit_id;      /* the unit addressed (its subtree's cases) */
	const char *problem;  /* 发现的问题, 1-1000 characters */
	const char *demand;   /* 整改要求, 1-1000 */
	int days;             /* 整改期限: 15, 30 or 60 days */
	struct fz_date issued;/* {0} today */
};

/* The Chinese name of a kind ("通报", "整改提醒函"), or NULL. */
const char *fz_supervise_kind_name(const char *kind);

/* Issue a finding (own transaction): numbered 柯法督通〔YYYY〕N号 or
 * 柯法督函〔YYYY〕N号, under the unit addressed.  FZ_EINVAL with the field;
 * FZ_EFORBID outside the actor's scope or role. */
int fz_supervise_issue(struct fz_store *db, const struct fz_cal *cal,
		       const struct fz_case_actor *a,
		       const struct fz_supervise_new *n, int64_t *id,
		       char *number, struct fz_err *err);

/* The demo years (`fazhi demo`): 30 通报 and 62 提醒函 in 2025, and the
 * current year at that pace until a month ago, and a few of the last
 * days still open. */
int fz_supervise_demo(struct fz_store *db, const struct fz_keys *keys,
		      uint64_t seed, FILE *out, struct fz_err *err);

#endif
