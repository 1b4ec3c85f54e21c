/* app.h - the one place that knows every module: the lists of schema
 * migrations and route tables, and opening a migrated database. */
#ifndef FZ_APP_H
#define FZ_APP_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "http/route.h"
#include "store/store.h"

extern const struct fz_migration *const fz_app_migrations[];
extern const struct fz_route *const fz_app_routes[];
/* The access policy the server asks before every handler (domain/policy). */
extern const struct fz_policy *const fz_app_policy;

struct fz_keys;

/* A module's part of `fazhi demo`: add a year of its records to the demo
 * district already in db (units, users), deterministically from seed, and
 * print one summary line to out.  Runs after the base district exists. */
struct fz_demo_step {
	const char *module;
	int (*fn)(struct fz_store *db, const struct fz_keys *keys,
		  uint64_t seed, FILE *out, struct fz_err *err);
};
extern const struct fz_demo_step fz_app_demo[]; /* ended by module == NULL */

/* Register the modules' tokenizers, open path (creating it when create is
 * set) and apply pending migrations.  *out is the caller's to close. */
int fz_app_open(struct fz_store **out, const char *path, int create,
		struct fz_err *err);

/* fz_app_open, then key the audit chain with the district keys: set the
 * process's chain key and, on the first open by this version, verify and
 * re-key a plain chain (fz_audit_upgrade).  Every command that writes
 * opens the database this way.  FZ_ECONFLICT when an old chain does not
 * verify, FZ_EINVAL when keys is another district's key file. */
int fz_app_open_keyed(struct fz_store **out, const char *path, int create,
		      const struct fz_keys *keys, struct fz_err *err);

/* Count again every running deadline stored without a due date that the
 * current calendar can count (fz_case_recompute_unknown), audited as
 * case.recompute when any was; *count is how many cases.  fazhi serve runs
 * it at start-up. */
int fz_app_catch_up(struct fz_store *db, long *count, struct fz_err *err);

#endif
