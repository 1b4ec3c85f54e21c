/* wage.h - 欠薪线索 (wage-arrears leads) from the national and provincial
 * platforms: import from CSV or JSON files, matched to the employer by
 * 统一社会信用代码 (GB 32100, core/ident.h), tracked to resolution.
 *
 * CSV: UTF-8, a header line naming the columns (Chinese or English):
 *   线索编号|ref, 统一社会信用代码|uscc, 用人单位|employer, 涉及人数|workers,
 *   欠薪金额|amount (元, "12,345.60"), 登记日期|reported_on (YYYY-MM-DD),
 *   来源|source (optional, "national"/"provincial" or 全国/省), 概要|summary
 *   (optional); fields may be "quoted" ("" for a quote), one record a line.
 * JSON: an array of objects with the English keys (or {"leads": [...]}).
 *
 * A malformed row (or JSON element) is reported with its line number and
 * skipped; the rest is imported in one transaction with one audit entry.
 * A lead is known by (source, ref) - or, without ref, by the SM3 of its
 * content - so importing the same file again adds nothing. */
#ifndef FZ_DOMAIN_MEDIATE_WAGE_H
#define FZ_DOMAIN_MEDIATE_WAGE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "engine/case/case.h"
#include "store/store.h"

struct fz_wage_report {
	int64_t rows;       /* records read (good, bad and duplicate) */
	int64_t added;
	int64_t duplicates; /* already known, or twice in the file */
	int64_t bad;
	json_t *errors;     /* new array of {line, message}; the caller's */
};

/* Import the file's text (name is recorded with each lead; default
 * source for rows without one: "national" or "provincial").  FZ_EINVAL
 * for a file that is neither (no header, JSON that does not parse at the
 * top level); a bad row is never an error of the call.  rep is filled on
 * success (errors always set then). */
int fz_wage_import(struct fz_store *db, const struct fz_case_actor *a,
		   const char *name, const char *text, size_t len,
		   const char *default_source, struct fz_wage_report *rep,
		   struct fz_err *err);

/* Move a lead on: open → handling → resolved | transferred (open may go
 * straight to resolved or transferred).  paid_cents: wages recovered
 * (resolved).  One event in the lead's history.  FZ_ESTATE for a move the
 * lead's status does not allow, FZ_ENOTFOUND. */
int fz_wage_update(struct fz_store *db, const struct fz_case_actor *a,
		   int64_t lead_id, const char *status, int64_t paid_cents,
		   const char *note, struct fz_err *err);

#endif
