/* metrics.h - named figures (调撤率, 纠错率, 两法衔接移送数 …), each defined
 * once as a static table row, computed for a period and a unit subtree, with
 * the records behind it and a provenance hash that lets anyone re-check a
 * published figure later (ARCHITECTURE.md, engine/metrics; docs/metrics.md).
 *
 * A domain describes a metric with SQL fragments over its own tables only;
 * the engine puts them together, reads nothing else, and includes no domain
 * header.  Units are named, and unit subtrees expanded, through callbacks
 * the app supplies (struct fz_metrics_units), because only org reads the
 * units table.  There is no mutable global: the list of metric tables is a
 * const registry that src/app.c defines, the way it lists routes. */
#ifndef FZ_ENGINE_METRICS_H
#define FZ_ENGINE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "store/store.h"

/* What a figure is. */
enum fz_metrics_kind {
	FZ_METRICS_RATE,  /* 比率: numerator ÷ denominator, 4 decimals, null over 0;
			     the engine counts a record in the numerator only when
			     it is also in the denominator */
	FZ_METRICS_COUNT, /* 件数: records that satisfy the numerator */
	FZ_METRICS_SUM,   /* 合计: `amount` added over the numerator's records */
};

/* One way to split a figure.  expr yields a group key: when unit is 1 a
 * text or integer of digits is a unit id and is named through the app's
 * callback; anything else is shown as is, or through label() when given.
 * NULL from expr is the group called `none`. */
struct fz_metrics_breakdown {
	const char *key;   /* stable: "organ", "station", "agency", "town" */
	const char *name;  /* for people: 被申请人 */
	const char *expr;  /* SQL over the metric's FROM */
	int unit;          /* 1: digits are a unit id */
	const char *none;  /* label of the NULL group */
	const char *(*label)(const char *key); /* key → Chinese, or NULL */
};

/* One figure.  Every SQL fragment is over `from`, which names the domain's
 * own tables only (never units, never cases). */
struct fz_metric {
	const char *id;         /* stable: "review.tiaoche" */
	const char *name;       /* 调撤率 */
	enum fz_metrics_kind kind;
	const char *unit_name;  /* 件, 元 (stored as 分), 天; NULL for rates */
	const char *definition; /* in words: 调撤率 = (调解结案 + 撤回申请) ÷ 审结 */
	const char *source;     /* the law, standard or indicator it comes from */
	const char *from;       /* FROM clause, with JOINs among own tables */
	const char *date;       /* ISO date or instant placing a record in a period */
	const char *num;        /* numerator predicate */
	const char *den;        /* denominator predicate (rates only, else NULL) */
	const char *amount;     /* integer expression added up (sums only) */
	const char *record;     /* the record's integer id */
	const char *label;      /* the record's label for people */
	const char *case_id;    /* when records are engine/case cases: their id,
				   so the label becomes the case number; or NULL */
	const char *unit;       /* the record's unit id (scope, filter, names), or NULL */
	const char *unit_path;  /* the record's unit path, when the table keeps one:
				   the subtree filter is then the indexable range
				   unit_path >= ? AND unit_path < ?; else the
				   subtree's unit ids are listed for `unit` */
	const char *marker;     /* text that changes whenever the record changes in
				   a way the figure could see (provenance) */
	const struct fz_metrics_breakdown *by; /* ended by key NULL, or NULL */
};

/* Unit lookups the app provides (org's functions, wrapped in src/app.c). */
struct fz_metrics_units {
	/* The unit's name into buf ("" when unknown); returns buf. */
	const char *(*name)(struct fz_store *db, int64_t id, char *buf, size_t n);
	/* The unit's materialised path "/1/4/" into buf; FZ_ENOTFOUND. */
	int (*path)(struct fz_store *db, int64_t id, char *buf, size_t n,
		    struct fz_err *err);
	/* Call fn for every unit whose path starts with prefix; fn returns 0
	 * to go on, anything else stops the walk and is returned. */
	int (*each_under)(struct fz_store *db, const char *prefix,
			  int (*fn)(int64_t id, void *arg), void *arg,
			  struct fz_err *err);
};

/* Every metric table (each ended by a row with id NULL; the list by NULL)
 * and the unit lookups.  src/app.c defines fz_app_metrics. */
struct fz_user;
struct fz_metrics_registry {
	const struct fz_metric *const *sets;
	const struct fz_metrics_units *units;
	/* the access policy's data scope of a user: "/" for the district
	 * (fz_policy_scope in src/domain/policy) */
	const char *(*scope)(const struct fz_user *u, int wide_roles);
};
extern const struct fz_metrics_registry fz_app_metrics;

/* What a figure is asked for. */
struct fz_metrics_params {
	struct fz_date from, to; /* inclusive; to.y == 0: today in China,
				    from.y == 0: 1 January of to's year */
	const char *unit;        /* unit path prefix "/1/4/": only records whose
				    unit lies in that subtree; NULL: every record */
	const char *by;          /* breakdown key, or NULL for none */
};

/* Which records to list. */
enum fz_metrics_part { FZ_METRICS_NUMERATOR, FZ_METRICS_DENOMINATOR };

/* The metric called id, or NULL (borrowed from the registry's tables). */
const struct fz_metric *fz_metrics_find(const struct fz_metrics_registry *r,
					const char *id);

/* A new object describing m: {id, name, unit, unit_name, definition,
 * source, breakdowns: [{key, name}]}. */
json_t *fz_metrics_describe(const struct fz_metric *m);

/* Fill in p's default dates and check p: FZ_EINVAL (field "from", "unit"
 * or "by") for from after to, a malformed unit path or a breakdown m does
 * not have. */
int fz_metrics_check(const struct fz_metric *m, struct fz_metrics_params *p,
		     struct fz_err *err);

/* Compute m under p (checked as fz_metrics_check does) into a new object
 * {id, name, unit, definition, source, parameters: {from, to, unit, by},
 * num, den, value, groups: [{key, label, num, den, value}], provenance}.
 * num counts the numerator's records, den the denominator's (null for
 * counts and sums); value is null for a rate over 0.
 * provenance is the SM3 hex described in docs/metrics.md.  FZ_EINVAL,
 * or a store error. */
int fz_metrics_compute(struct fz_store *db, const struct fz_metrics_units *u,
		       const struct fz_metric *m, struct fz_metrics_params *p,
		       json_t **out, struct fz_err *err);

/* The records behind m's numerator or denominator under p, page (from 1)
 * of per_page (1–500), as a new object {parameters, part, total, page,
 * per_page, items: [{id, number, date, unit_id, unit, in_numerator,
 * in_denominator}]} in record id order.  FZ_EINVAL for a bad page or for
 * the denominator of a figure that has none. */
int fz_metrics_records(struct fz_store *db, const struct fz_metrics_units *u,
		       const struct fz_metric *m, struct fz_metrics_params *p,
		       enum fz_metrics_part part, int page, int per_page,
		       json_t **out, struct fz_err *err);

/* The figure's value the way answers carry it: for a rate num ÷ den to
 * four decimals computed in integers (null when den is 0), for a count
 * num, for a sum the sum. */
json_t *fz_metrics_value(enum fz_metrics_kind kind, int64_t num, int64_t den,
			 int64_t sum);

#endif
