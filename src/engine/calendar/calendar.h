/* calendar.h - the holiday calendar the running system counts with: the
 * notices compiled into the binary (data/calendar) plus the notices an
 * administrator imported into the database, without a new binary.
 *
 * The effective calendar = compiled years + imported years; an imported
 * year replaces a compiled one whole.  The years after the last notice
 * count provisionally (core/cal.h).
 *
 * One calendar handle is shared by the whole process
 * (fz_calendar_shared): the case engine's callers (domain/casehttp, the
 * enforce environment) hold it for the life of the process.  An import
 * builds a new state and swaps it into that handle (fz_cal_replace), so a
 * running server counts with the new notice at once and a request midway
 * keeps a consistent view.  A second `fazhi serve` process on the same
 * database picks the import up at its next start (fz_calendar_refresh).
 *
 * After an import every open case whose stored deadlines are provisional,
 * unknown, or reach the imported year is recomputed in the import's
 * transaction (fz_case_recompute), and the import is audited with the
 * count. */
#ifndef FZ_ENGINE_CALENDAR_CALENDAR_H
#define FZ_ENGINE_CALENDAR_CALENDAR_H

#include <stdint.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/calendar/notice.h"
#include "store/store.h"

struct fz_case_type;

extern const struct fz_migration fz_calendar_migrations[];

/* Every case type of every module, NULL-ended: the cases an import
 * recomputes.  Defined in src/app.c, which knows the modules. */
extern const struct fz_case_type *const fz_app_case_types[];

/* The process's calendar: the compiled notices at first use, then what
 * fz_calendar_refresh() or an import put in.  Borrowed for the life of the
 * process.  NULL, with err filled, only when the compiled data is broken. */
struct fz_cal *fz_calendar_shared(struct fz_err *err);

/* A new calendar (the caller's, fz_cal_free) from the compiled notices and
 * those imported into db.  FZ_EINVAL when stored days do not load. */
int fz_calendar_load(struct fz_store *db, struct fz_cal **out,
		     struct fz_err *err);

/* Load db's effective calendar into the shared handle (at start-up: every
 * command opens its database with fz_app_open, which calls this). */
int fz_calendar_refresh(struct fz_store *db, struct fz_err *err);

/* Who imports (for the record and the audit log). */
struct fz_calendar_by {
	int64_t user_id;      /* 0 for the CLI */
	const char *login;    /* "" for the CLI */
	int64_t unit_id;
	const char *ip;       /* "" for the CLI */
};

struct fz_calendar_result {
	int year;
	size_t holidays, workdays;
	int replaced;         /* 1: the year had a notice before (compiled or
				 imported), 0: it was provisional or absent */
	long recomputed;      /* cases whose deadlines were recomputed */
};

/* Store notice n (parsed from text, kept for the record) as its year's
 * days (replacing an earlier import of that year), recompute the affected cases' deadlines with the new calendar
 * (types: NULL-ended, normally fz_app_case_types), audit it with the
 * count, all in one transaction; then swap the new calendar into the
 * shared handle.  On error nothing is stored and the shared calendar is
 * unchanged. */
int fz_calendar_import(struct fz_store *db, const struct fz_notice *n,
		       const char *text, const struct fz_calendar_by *by,
		       const struct fz_case_type *const *types,
		       struct fz_calendar_result *res, struct fz_err *err);

/* What fills a year in db's effective calendar. */
enum fz_calendar_source {
	FZ_CALENDAR_NONE = 0,     /* not counted: deadlines there fail */
	FZ_CALENDAR_COMPILED,     /* a notice compiled into the binary */
	FZ_CALENDAR_IMPORTED,     /* a notice imported into the database */
	FZ_CALENDAR_PROVISIONAL,  /* no notice: statutory days and weekends */
};

/* "compiled", "imported", "provisional", "none". */
const char *fz_calendar_source_key(enum fz_calendar_source s);
/* "内置", "已导入", "暂定", "未收录" */
const char *fz_calendar_source_name(enum fz_calendar_source s);

/* The years of cal as JSON (the caller decrefs):
 * [{year, source, source_name, provisional, title, imported_by,
 *   imported_at}], ascending, with the imported notices' details from db. */
int fz_calendar_years_json(struct fz_store *db, const struct fz_cal *cal,
			   json_t **out, struct fz_err *err);

/* The listed days of year in cal as JSON: [{date, kind, label}]. */
json_t *fz_calendar_days_json(const struct fz_cal *cal, int year);

#endif
