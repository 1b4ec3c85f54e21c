/* mediate_demo.h - the mediation part of `fazhi demo` (src/app.c). */
#ifndef FZ_DOMAIN_MEDIATE_DEMO_H
#define FZ_DOMAIN_MEDIATE_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

struct fz_keys;

/* A year of mediation for the demo district already in db (its units):
 * organisations, mediators, disputes, court figures, wage leads;
 * deterministic from seed; one line to out. */
int fz_mediate_demo(struct fz_store *db, const struct fz_keys *keys,
		    uint64_t seed, FILE *out, struct fz_err *err);

#endif
