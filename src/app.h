/* app.h - the one place that knows every module: the lists of schema
 * migrations and route tables, and opening a migrated database. */
#ifndef FZ_APP_H
#define FZ_APP_H

#include "core/err.h"
#include "http/route.h"
#include "store/store.h"

extern const struct fz_migration *const fz_app_migrations[];
extern const struct fz_route *const fz_app_routes[];

/* Register the modules' tokenizers, open path (creating it when create is
 * set) and apply pending migrations.  *out is the caller's to close. */
int fz_app_open(struct fz_store **out, const char *path, int create,
		struct fz_err *err);

#endif
