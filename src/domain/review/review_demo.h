/* review_demo.h - the 行政复议 part of `fazhi demo` (src/app.c). */
#ifndef FZ_DOMAIN_REVIEW_DEMO_H
#define FZ_DOMAIN_REVIEW_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

struct fz_keys;

/* A year of 行政复议 for the demo district already in db (its units):
 * officers, cases, lawsuits; deterministic from seed; one line to out. */
int fz_review_demo(struct fz_store *db, const struct fz_keys *keys,
		   uint64_t seed, FILE *out, struct fz_err *err);

#endif
