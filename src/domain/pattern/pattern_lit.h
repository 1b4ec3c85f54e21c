/* pattern_lit.h - 花样著作权虚假诉讼监督: the procuratorate's model over
 * pattern-copyright case records.
 *
 * A case record names the plaintiff, the registration (作品登记号) the
 * suit is built on, the defendant and the filing date.  The model flags:
 *  - prior_publication  the registered design matches (近似 or 相同) a
 *                       design in the registry that someone else created
 *                       or published earlier;
 *  - multi_registration the same design (相同) registered by several parties;
 *  - serial_plaintiff   a plaintiff with FZ_PATLIT_SERIAL_SUITS or more suits
 *                       built on registrations flagged above;
 *  - late_registration  the registration made FZ_PATLIT_LATE_DAYS days or
 *                       fewer before the suit was filed.
 * Each flag carries its reason (Chinese) and its evidence (the other
 * registration, its dates, the score, links to the comparison). */
#ifndef FZ_DOMAIN_PATTERN_PATTERN_LIT_H
#define FZ_DOMAIN_PATTERN_PATTERN_LIT_H

#include <jansson.h>

#include "core/err.h"
#include "domain/pattern/pattern.h"
#include "store/store.h"

#define FZ_PATLIT_SERIAL_SUITS 3
#define FZ_PATLIT_LATE_DAYS 90

struct fz_patlit_case {
	const char *case_no;   /* 案号 */
	const char *plaintiff;
	const char *defendant;
	const char *reg_no;    /* the registration the suit is built on */
	const char *filed_on;  /* 立案日期 YYYY-MM-DD */
};

/* Record a case (validated: FZ_EINVAL naming the field; FZ_ECONFLICT for
 * a case number already recorded).  Audited ("pattern.case"). */
int fz_patlit_case_add(struct fz_store *db, const struct fz_pattern_actor *a,
		       const struct fz_patlit_case *c, int64_t *id,
		       struct fz_err *err);

/* Run the model over every recorded case: *out = {"flags":[{type, case_no,
 * plaintiff, defendant, reg_no, filed_on, reason, evidence:[…]}…],
 * "cases":N}.  Read-only. */
int fz_patlit_flags(struct fz_store *db, json_t **out, struct fz_err *err);

#endif
